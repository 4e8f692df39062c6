"""Calendar feeds: valid iCalendar with stable UIDs, DTSTAMP and all-day events, parsed back."""
from __future__ import annotations

from datetime import date, datetime

from icalendar import Calendar
from rules_helpers import activate, job, meeting, run, weekly

from generators.site import dashboards


def _archive(project, due="2026-11-25"):
    activate(project, since="2026-10-26")
    for week in ("2026-W44", "2026-W45", "2026-W46"):
        weekly(project, week)
    meeting(project, "2026-11-16 10:00", sent_at="2026-11-16 18:00", acknowledged_at="2026-11-17 09:00",
            actions=[{"what": "改海报", "owner": "王芳", "due": due}, {"what": "排期", "owner": "林晓岚", "due": "2026-11-27"}])
    job(project, status="brief", schedule=[{"step": "草图提案", "due": "2026-11-26", "audience": "client"}])


def _feeds(project, as_of="2026-11-20"):
    found, ctx = run(project, as_of)
    return {p.uri: Calendar.from_ical(p.content) for p in dashboards.pages(ctx, found) if p.uri.endswith(".ics")}


def _events(cal):
    return {str(e["summary"]): e for e in cal.walk("VEVENT")}


def test_feeds_parse_and_are_all_day(project):
    _archive(project)
    feeds = _feeds(project)
    assert set(feeds) >= {"calendar/all.ics", "calendar/wang-fang.ics", "calendar/lin-xiaolan.ics"}
    for uri, cal in feeds.items():
        assert cal["version"] == "2.0" and cal["prodid"]
        for ev in cal.walk("VEVENT"):
            start, end = ev.decoded("dtstart"), ev.decoded("dtend")
            assert type(start) is date and type(end) is date and (end - start).days == 1, uri
            assert isinstance(ev.decoded("dtstamp"), datetime) and ev["uid"]
        uids = [str(e["uid"]) for e in cal.walk("VEVENT")]
        assert len(uids) == len(set(uids)), uri


def test_person_feed_has_their_deadlines(project):
    _archive(project)
    feeds = _feeds(project)
    mine = _events(feeds["calendar/wang-fang.ics"])
    assert mine["【行动事项】改海报"].decoded("dtstart") == date(2026, 11, 25)
    assert "【行动事项】排期" not in mine  # 林晓岚's
    assert mine["【进度步骤】HXF-2026-0001 草图提案"].decoded("dtstart") == date(2026, 11, 26)
    assert mine["【周报】华信食品 2026-W47 周报"].decoded("dtstart") == date(2026, 11, 20)  # Friday
    assert "【月度预算报告】华信食品 2026-11 预算报告" not in mine  # due 12-07 (5th working day), after the 14-day window
    assert "archive/huaxin-foods/meetings/2026-11-16-review/" in str(mine["【行动事项】改海报"]["url"])
    everyone = _events(feeds["calendar/all.ics"])
    assert "【行动事项】排期" in everyone and "【行动事项】改海报" in everyone


def test_report_due_dates_follow_holidays(project):
    activate(project, since="2026-09-01")
    feeds = _feeds(project, as_of="2026-09-21")
    events = _events(feeds["calendar/all.ics"])
    assert events["【周报】华信食品 2026-W39 周报"].decoded("dtstart") == date(2026, 9, 24)  # Fri 09-25 is a holiday
    later = _events(_feeds(project, as_of="2026-10-28")["calendar/all.ics"])  # within the 14-day window
    assert later["【月度预算报告】华信食品 2026-10 预算报告"].decoded("dtstart") == date(2026, 11, 6)  # 5th working day of November


def test_uids_stable_when_a_date_moves(project):
    _archive(project)
    first = {str(e["summary"]): str(e["uid"]) for e in _feeds(project)["calendar/all.ics"].walk("VEVENT")}
    again = {str(e["summary"]): str(e["uid"]) for e in _feeds(project)["calendar/all.ics"].walk("VEVENT")}
    assert first == again
    _archive(project, due="2026-12-02")
    moved = _events(_feeds(project)["calendar/all.ics"])["【行动事项】改海报"]
    assert str(moved["uid"]) == first["【行动事项】改海报"] and moved.decoded("dtstart") == date(2026, 12, 2)
