"""Working days on the Chinese calendar, with the Monday-Friday fallback, and reporting periods."""
from __future__ import annotations

from datetime import date, datetime

from generators.archive import periods, workdays


def test_weekend_holiday_and_make_up_day():
    assert workdays.is_workday(date(2026, 11, 20))       # Friday
    assert not workdays.is_workday(date(2026, 11, 21))   # Saturday
    assert not workdays.is_workday(date(2026, 10, 1))    # National Day
    assert workdays.is_workday(date(2026, 10, 10))       # Saturday made a working day (调休)


def test_add_workdays():
    assert workdays.add_workdays(date(2026, 11, 20), 1) == date(2026, 11, 23)
    assert workdays.add_workdays(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert workdays.add_workdays(date(2026, 10, 9), 1) == date(2026, 10, 10)
    assert workdays.deadline(datetime(2026, 9, 17, 16, 0), 3) == datetime(2026, 9, 21, 23, 59, 59)


def test_fallback_outside_the_calendar_years():
    assert not workdays.covered(date(2027, 1, 1))
    assert workdays.is_workday(date(2027, 1, 1))         # Friday, Monday-Friday fallback
    assert workdays.add_workdays(date(2027, 1, 1), 1) == date(2027, 1, 4)
    assert "周一至周五" in workdays.evidence(date(2026, 12, 31), date(2027, 1, 4))
    assert "chinesecalendar" in workdays.evidence(date(2026, 1, 5))


def test_iso_weeks_across_new_year():
    assert periods.week_key(date(2027, 1, 1)) == "2026-W53"
    assert periods.week_key(date(2027, 1, 4)) == "2027-W01"
    assert periods.complete_weeks(date(2027, 1, 13), 3) == ["2026-W52", "2026-W53", "2027-W01"]


def test_due_dates():
    assert periods.weekly_due("2026-W47") == date(2026, 11, 20)
    assert periods.weekly_due("2026-W39") == date(2026, 9, 24)   # Friday 09-25 is Mid-Autumn
    assert periods.weekly_due("2026-W08") is None                 # Spring Festival week
    assert periods.monthly_due("2026-10") == date(2026, 11, 6)    # first 5 working days of November
    assert periods.monthly_due("2026-09") == date(2026, 10, 13)   # National Day week, 10-10 (Sat) a working day
    assert periods.complete_months(date(2026, 1, 15), 2) == ["2025-11", "2025-12"]
    assert periods.complete_quarters(date(2026, 11, 20), 2) == ["2026-Q2", "2026-Q3"]
