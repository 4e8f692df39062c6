"""The calendar feeds' own VEVENT writer (generators/site/calendar_feed.py `_event_ical`) writes what
icalendar writes for the same deadline: awkward text, long lines, escapes at the folding point."""
from __future__ import annotations

import random
from datetime import date, timedelta

from rules_helpers import run

from generators.rules.common import KINDS, Deadline
from generators.site import calendar_feed
from generators.site.calendar_feed import _event, _event_ical, _host, _stamp, calendar, calendar_text

AWKWARD = ["逗号,分号;反斜杠\\ 换行\n回车\r\nCR\r结束", "\\N 与 \\n 与 ^ 与 ^^ 与 \\\\", "a" * 73 + "\\;,",
           "客户" * 40, "😀" * 30 + "\\" + "é" * 50, "", " 前后空格 ", "<b>&amp;</b> \"引号\" '单引号'",
           "x" * 74 + "^n" + "y" * 80, "混合 mixed ASCII 和中文，" * 9]


def _deadlines(n: int) -> list[Deadline]:
    rnd = random.Random(7)
    out = []
    for i in range(n):
        text = lambda: "".join(rnd.choice(AWKWARD) for _ in range(rnd.randint(1, 3)))  # noqa: E731
        out.append(Deadline(rule="MTG-ACTION", kind=rnd.choice(list(KINDS) + ["unknown-kind"]),
                            day=date(2026, 1, 1) + timedelta(days=rnd.randint(-400, 400)), summary=text(),
                            client="huaxin-foods", path=rnd.choice([None, "", "clients/huaxin-foods/client.md",
                                                                     "clients/huaxin-foods/meetings/2026-11-16 周会,复盘;#1.md"]),
                            chase=rnd.random() < .3, detail=text(), key=text() + str(i)))
    return out


def test_own_writer_equals_icalendar(project):
    _found, ctx = run(project, "2026-11-20")
    stamp, host = _stamp(ctx), _host(ctx)
    for d in _deadlines(400):
        mine = _event_ical(ctx, d, stamp, host)
        assert mine is not None
        assert mine == _event(ctx, d, stamp, host).to_ical(), d


def test_whole_feed_equals_icalendar(project):
    _found, ctx = run(project, "2026-11-20")
    items = _deadlines(60)
    events: dict = {}
    assert calendar_text(ctx, "全部, 截止;日期", items, "说明，两行;", events) == \
        calendar(ctx, "全部, 截止;日期", items, "说明，两行;").to_ical().decode("utf-8")
    again = calendar_text(ctx, "一个人", items[::3], "", events)  # the shared events, serialised once
    assert again == calendar(ctx, "一个人", items[::3]).to_ical().decode("utf-8")
    assert len(events) == 60


def test_unusual_values_go_through_icalendar(project):
    _found, ctx = run(project, "2026-11-20")
    moment = Deadline(rule="X", kind="action", day=calendar_feed.datetime(2026, 11, 20, 9, 30), summary="s",
                      client=None, key="k")
    assert _event_ical(ctx, moment, _stamp(ctx), _host(ctx)) is None
    assert "DTSTART" in calendar_text(ctx, "n", [moment])
