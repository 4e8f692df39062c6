"""Working days on the Chinese calendar: statutory holidays and make-up working days (调休).

The holiday data comes from the `chinesecalendar` package, which only knows the years the
State Council has announced. For any other year we fall back to Monday-Friday and say so, so
that a time rule's evidence always tells which calendar it used.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache

import chinese_calendar

SOURCE = "中国法定节假日与调休安排（chinesecalendar）"


@lru_cache(maxsize=None)
def covered(day: date) -> bool:
    """Whether the holiday data covers this day's year."""
    try:
        chinese_calendar.is_workday(day)
        return True
    except NotImplementedError:
        return False


@lru_cache(maxsize=None)  # rules ask about the same few hundred days thousands of times
def is_workday(day: date) -> bool:
    """A working day: on the Chinese calendar where known (调休 Saturdays count), else Monday-Friday."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def add_workdays(day: date, n: int) -> date:
    """The n-th working day strictly after `day` (n >= 1); `day` itself never counts."""
    current, left = day, n
    while left > 0:
        if current == date.max:  # `9999-12-31`: the calendar ends here
            return current
        current += timedelta(days=1)
        if is_workday(current):
            left -= 1
    return current


def deadline(moment: datetime | date, n: int) -> datetime:
    """End (23:59:59) of the n-th working day after the day of `moment`: "within n working days"."""
    day = moment.date() if isinstance(moment, datetime) else moment
    return datetime.combine(add_workdays(day, n), time(23, 59, 59))


def workdays_in(start: date, end: date) -> list[date]:
    """Working days from start to end, both included."""
    out, current = [], start
    while current <= end:
        if is_workday(current):
            out.append(current)
        if current == date.max:
            break
        current += timedelta(days=1)
    return out


def last_workday(start: date, end: date) -> date | None:
    """The last working day between start and end (both included), None when there is none."""
    current = end
    while current >= start:
        if is_workday(current):
            return current
        if current == date.min:
            break
        current -= timedelta(days=1)
    return None


def years(numbers: list[int]) -> str:
    """Years as short ranges for a message: [2001, 2002, 2003, 2030] -> "2001–2003、2030"."""
    out, run = [], []
    for y in [*sorted(set(numbers)), None]:
        if y is not None and run and y == run[-1] + 1:
            run.append(y)
            continue
        if run:
            out.append(f"{run[0]}–{run[-1]}" if len(run) > 2 else "、".join(map(str, run)))
        run = [y]
    return "、".join(out)


def evidence(*days: date) -> str:
    """Which calendar decided the working days between the given days, for a finding's evidence."""
    if not days:
        return f"工作日按{SOURCE}计算。"
    lo, hi = min(days), max(days)
    missing = [y for y in range(lo.year, hi.year + 1) if not covered(date(y, 1, 1))]
    if not missing:
        return f"工作日按{SOURCE}计算。"
    return f"chinesecalendar 没有 {years(missing)} 年的放假安排，这些年份的工作日按周一至周五计算（未计入法定节假日和调休）。"
