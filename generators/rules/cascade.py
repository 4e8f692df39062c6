"""One problem, one message: drop a rule's finding that only repeats what reading the file said.

A field whose value could not be read (a date that does not exist, a value in the wrong
shape) is absent from the typed data, so a later rule would see it as missing and say so
again ("没有期限 due") beside the reader's own, precise message. Rules should skip such
fields themselves (`Record.unread`); this is the net for the ones that do not.
"""
from __future__ import annotations

import re

from generators.archive.findings import Finding
from generators.archive.read_rules import READ_RULES
from generators.archive.records import Archive


def _leaf(path: str) -> str:
    return re.sub(r"\[\d+\]", "", path).rsplit(".", 1)[-1]


def _within(path: str, parent: str) -> bool:
    return not parent or path == parent or path.startswith((parent + ".", parent + "["))


def repeats(f: Finding, unread: frozenset) -> bool:
    """Whether finding `f` is about a field already reported unreadable: at that field, or at
    one of its parents with a message naming the field (`actions[0]`: “没有期限 due”)."""
    if f.rule in READ_RULES:
        return False
    for path in unread:
        if f.field == path:
            return True
        if _within(path, f.field) and re.search(rf"(?<![A-Za-z0-9_]){re.escape(_leaf(path))}(?![A-Za-z0-9_])", f.message):
            return True
    return False


def drop_repeats(archive: Archive, findings: list[Finding]) -> list[Finding]:
    """The findings without those that repeat a reading finding of the same record."""
    unread = {r.path: r.unread for r in archive.records if r.unread}
    if not unread:
        return findings
    return [f for f in findings if not (f.path in unread and repeats(f, unread[f.path]))]
