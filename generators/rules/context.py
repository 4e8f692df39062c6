"""What a check needs besides the records: today, the finding factory, git history, working days."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from generators.archive.findings import Finding
from generators.archive.records import Archive, Record
from generators.rules.registry import finding


@dataclass
class Context:
    """Passed to every rule's check function."""

    archive: Archive
    as_of: date
    use_git: bool = True
    _history: object = field(default=None, repr=False)
    # Paths the caller will report on (None: all). Costly per-record rules may skip the others,
    # since their findings would be filtered out anyway; archive-wide rules ignore it.
    focus: set[str] | None = None

    def wanted(self, record: Record) -> bool:
        """Whether findings about this record will be reported."""
        return self.focus is None or record.path in self.focus

    @property
    def settings(self):
        return self.archive.settings

    def finding(self, rule: str, record: Record | str, field_: str, message: str, fix: str = "",
                evidence: str = "", line: int | None = None) -> Finding:
        """A finding about a record (or a path), at the line of `field_` unless `line` is given."""
        if isinstance(record, Record):
            path, at = record.path, line or (record.line(field_) if field_ else 1)
        else:
            path, at = record, line or 1
        return finding(self.settings, rule, path, at, field_, message, fix, evidence)

    @cached_property
    def history(self):
        """Git history of the archive, read in one pass (None outside a git checkout)."""
        if self._history is not None:
            return self._history
        if not self.use_git:
            return None
        from generators.archive.history import read_history
        return read_history(self.settings.root)
