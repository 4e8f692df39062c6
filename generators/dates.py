"""Date arithmetic that stays inside Python's calendar (years 1 to 9999).

A record may say `due: 9999-12-31` ("no deadline") or `0001-01-01`; adding a day or 24 hours to
such a date must give the calendar's last (first) moment instead of an OverflowError that would
stop the to-do list, the calendar feeds or a rule.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta


def shift(value: date | datetime, delta: timedelta) -> date | datetime:
    """`value + delta`, held at the calendar's edge (date.max, datetime.max...) when it would leave it."""
    try:
        return value + delta
    except OverflowError:
        forward = delta >= timedelta(0)
        if isinstance(value, datetime):
            edge = datetime.max if forward else datetime.min
            return edge.replace(tzinfo=value.tzinfo)
        return date.max if forward else date.min


def years(numbers: list[int]) -> str:
    """Years as short ranges for a message: [2001, 2002, 2003, 2030] -> "2001–2003、2030"."""
    out, run = [], []
    for y in sorted(set(numbers)):
        if run and y == run[-1] + 1:
            run.append(y)
            continue
        if run:
            out.append(f"{run[0]}–{run[-1]}" if len(run) > 2 else "、".join(map(str, run)))
        run = [y]
    if run:
        out.append(f"{run[0]}–{run[-1]}" if len(run) > 2 else "、".join(map(str, run)))
    return "、".join(out)
