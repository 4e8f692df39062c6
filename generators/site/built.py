"""What the build-stage checks (RET-INDEX, RET-FIND, SEC-CONFIDENTIAL) are given: one finished build."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generators.archive.config import Settings
from generators.archive.records import Archive

MAX_CLICKS = 3


@dataclass
class Built:
    """A finished build: where it is, which page shows which record, and what it was built from."""

    settings: Settings
    site_dir: Path
    records: dict[str, str]  # site URL of the record page (e.g. "archive/x/jobs/J/") -> record path
    max_clicks: int = MAX_CLICKS
    public: bool = False
    archive: Archive | None = None  # the records shown
    secrets: set[str] = field(default_factory=set)  # public build: values that must not appear
    find: bool = True  # RET-FIND runs (not under `mkdocs serve`)
    search: object = None  # the build's in-memory search index (searchindex.Index), or None
