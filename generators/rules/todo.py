"""The to-do of the archive: every open deadline the rules set, within the to-do window, and
whose it is. ONE computation (`agenda`) feeds the dashboards, the personal pages, the team view,
the record pages and the calendar feeds, so every count agrees.

The deadlines themselves are not computed here: each rule registers the open deadlines it sets
(`rules.registry.deadlines_of`), with the same code its check uses to report them once overdue,
so a threshold changed in a rule changes the to-do lists and the calendar with it.

The window is what is overdue plus what falls due in the next `[todo] days` (archive.toml,
default 14). An item goes to the staff the record names (a job's AE and AM, an issue's handler,
an action's owner); what the client must do (sign an estimate, return a meeting report, an
action owned by a client contact) goes to the AEs and AM of the client, as something to chase.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from datetime import date

from generators.rules import registry as _rules  # noqa: F401  (the package import registers every rule)
from generators.rules.common import KINDS, Deadline, horizon
from generators.rules.registry import ordered

__all__ = ["Agenda", "Deadline", "KINDS", "agenda", "client_people", "deadlines", "for_person", "public", "team"]


def public() -> bool:
    """A public build (ARCHIVE_PUBLIC=1) leaves confidential records out."""
    return os.environ.get("ARCHIVE_PUBLIC", "").strip() in ("1", "true", "yes")


def team(client) -> tuple[list[str], str | None, str | None]:
    """(AEs, AM, AD) of a client record."""
    t = (client.data.get("team") if client else None) or {}
    return [str(p) for p in t.get("ae") or [] if p], t.get("am"), t.get("ad")


def client_people(client) -> tuple[str, ...]:
    """Everyone on the client's team (AEs, AM, AD)."""
    aes, am, ad = team(client)
    return tuple(p for p in (*aes, am, ad) if p)


def chasers(ctx, client_id: str | None) -> tuple[str, ...]:
    """Who chases what a client owes: the client's AEs and AM."""
    aes, am, _ad = team(ctx.archive.get("client", client_id) if client_id else None)
    return tuple(dict.fromkeys(p for p in (*aes, am) if p))


@dataclass
class Agenda:
    """The to-do window of one day: `items` (overdue first, then by day), each with its people."""

    as_of: date
    until: date
    items: list[Deadline]
    later: list[Deadline] = field(default_factory=list)  # open, due after the window (the team view's load)

    def overdue(self, items: list[Deadline] | None = None) -> list[Deadline]:
        """Items whose day is before as_of."""
        return [d for d in (self.items if items is None else items) if d.day < self.as_of]

    def mine(self, name: str) -> list[Deadline]:
        """The items a member of staff is named on (their own and those they chase)."""
        return [d for d in self.items if name in d.people]

    def unassigned(self) -> list[Deadline]:
        """Items nobody on the roster is named on (a client without a team)."""
        return [d for d in self.items if not d.people]

    def count(self, name: str | None = None) -> tuple[int, int]:
        """(open, overdue): of the whole department, or of one person."""
        items = self.items if name is None else self.mine(name)
        return len(items), len(self.overdue(items))


def agenda(ctx) -> Agenda:
    """The to-do window of the archive at ctx.as_of: the one computation every count comes from. Made once
    per check run (the dashboards, the archive home and the record pages' deadlines all read it); callers
    read it and never change it."""
    memo = ctx.__dict__.setdefault("_agenda", {})
    key = public()
    if key not in memo:
        memo[key] = _agenda(ctx)
    return memo[key]


def _agenda(ctx) -> Agenda:
    until = horizon(ctx)
    hidden = {r.path for r in ctx.archive.records if r.confidential} if public() else set()
    items, later = [], []
    for rule in ordered():
        if rule.deadlines is None:
            continue
        try:
            for d in rule.deadlines(ctx):
                if d.day is None or d.path in hidden:
                    continue
                (items if d.day <= until else later).append(_assign(ctx, d))
        except Exception:  # noqa: BLE001  the rule's own check crashes the same way and is reported by check
            continue
    for group in (items, later):
        group.sort(key=lambda d: (d.day, d.client or "", d.summary, d.key))
    return Agenda(ctx.as_of, until, items, later)


def _assign(ctx, d: Deadline) -> Deadline:
    if d.people:
        return replace(d, people=tuple(dict.fromkeys(p for p in d.people if p)))
    staff = tuple(p.name for p in ctx.settings.staff if p.name and p.name in d.owner)
    if staff:
        return replace(d, people=staff)
    # no one on the roster named: the client's AE and AM see it, and chase it when someone else owns it
    return replace(d, people=chasers(ctx, d.client), chase=d.chase or bool(d.owner))


def deadlines(ctx) -> list[Deadline]:
    """Every item of the to-do window (`agenda(ctx).items`), sorted by day."""
    return agenda(ctx).items


def for_person(items: list[Deadline], name: str) -> list[Deadline]:
    """The deadlines a member of staff is named on."""
    return [d for d in items if name in d.people]
