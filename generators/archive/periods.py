"""Reporting periods: ISO weeks (`2026-W47`), months (`2026-11`) and quarters (`2026-Q4`),
which of them are complete before a given day, and when each period's report is due."""
from __future__ import annotations

from datetime import date, timedelta

from generators.archive.workdays import add_workdays, last_workday


def week_key(day: date) -> str:
    """The ISO week of a day: 2027-01-01 → `2026-W53`."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_start(key: str) -> date:
    """Monday of an ISO week `2026-W53`."""
    return date.fromisocalendar(int(key[:4]), int(key[6:8]), 1)


def month_key(day: date) -> str:
    return f"{day.year}-{day.month:02d}"


def month_start(key: str) -> date:
    return date(int(key[:4]), int(key[5:7]), 1)


def month_end(key: str) -> date:
    start = month_start(key)
    return (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def quarter_key(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarter_start(key: str) -> date:
    return date(int(key[:4]), (int(key[6]) - 1) * 3 + 1, 1)


def quarter_end(key: str) -> date:
    start = quarter_start(key)
    return month_end(month_key(date(start.year, start.month + 2, 1)))


def period_range(key: str) -> tuple[date, date]:
    """First and last day of a week, month, quarter or single date (`2026-11-20`)."""
    if "-W" in key:
        start = week_start(key)
        return start, start + timedelta(days=6)
    if "-Q" in key:
        return quarter_start(key), quarter_end(key)
    if len(key) == 7:
        return month_start(key), month_end(key)
    day = date.fromisoformat(key)
    return day, day


def complete_weeks(as_of: date, count: int, since: date | None = None) -> list[str]:
    """The last `count` complete ISO weeks before as_of's week, oldest first, none before since's week."""
    monday = as_of - timedelta(days=as_of.weekday())
    out = []
    for i in range(count, 0, -1):
        start = monday - timedelta(weeks=i)
        if since is None or start + timedelta(days=6) >= since:
            out.append(week_key(start))
    return out


def complete_months(as_of: date, count: int, since: date | None = None) -> list[str]:
    """The last `count` complete months before as_of's month, oldest first, none before since's month."""
    out, year, month = [], as_of.year, as_of.month
    for _ in range(count):
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        key = f"{year}-{month:02d}"
        if since is None or month_end(key) >= since:
            out.append(key)
    return out[::-1]


def complete_quarters(as_of: date, count: int, since: date | None = None) -> list[str]:
    """The last `count` complete quarters before as_of's quarter, oldest first, none before since's quarter."""
    out, start = [], quarter_start(quarter_key(as_of))
    for _ in range(count):
        start = quarter_start(quarter_key(start - timedelta(days=1)))
        key = quarter_key(start)
        if since is None or quarter_end(key) >= since:
            out.append(key)
    return out[::-1]


def weekly_due(key: str) -> date | None:
    """A weekly report is due on the week's Friday, or the last working day before it when
    Friday is a holiday; None for a week without working days (Spring Festival, National Day)."""
    start = week_start(key)
    return last_workday(start, start + timedelta(days=4))


MONTHLY_DUE_WORKDAYS = 5


def monthly_due(key: str) -> date:
    """A monthly budget report is due within the first 5 working days of the following month:
    the 5th working day after the month's last day."""
    return add_workdays(month_end(key), MONTHLY_DUE_WORKDAYS)
