"""`make bench`: time the archive tools on a synthetic archive of N records."""
