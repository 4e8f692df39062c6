"""Reading the archive: bytes → YAML nodes → typed records, with every problem a finding (no rules, no pages)."""
