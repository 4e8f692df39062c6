"""Generators for the account-service handbook and archive: load records, check them, scaffold
new ones, and turn them into pages. Plain functions over records; the MkDocs hooks only adapt."""
