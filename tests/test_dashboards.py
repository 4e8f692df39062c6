"""Dashboards: to-do pages per person, the compliance page, the index; links and escaping."""
from __future__ import annotations

import re

from rules_helpers import BRIEF, activate, job, meeting, run, weekly

from generators.site import dashboards

AS_OF = "2026-11-20"  # Friday of 2026-W47


def _archive(project):
    activate(project, since="2026-10-26")  # weeks W44..W46 are complete
    weekly(project, "2026-W44")
    weekly(project, "2026-W46")  # 2026-W45 missing
    meeting(project, "2026-11-10 10:00", slug="poster", title="海报 <script>alert(1)</script> | 讨论",
            sent_at="2026-11-10 18:00",
            actions=[{"what": "改海报 *价格*", "owner": "王芳", "due": "2026-11-18"},
                     {"what": "确认排期", "owner": "林晓岚", "due": "2026-11-30"}])
    job(project, status="estimate", brief=BRIEF,
        schedule=[{"step": "草图提案", "due": "2026-11-03", "done": "2026-11-03", "audience": "client"},
                  {"step": "完稿提案", "due": "2026-11-19", "audience": "client"},
                  {"step": "交付印厂", "due": "2026-12-10", "audience": "internal"}],
        estimate={"amount": 86000, "submitted": "2026-11-10", "am_approved": "2026-11-09", "ad_signed": "2026-11-10"})


def _pages(project, as_of=AS_OF):
    found, ctx = run(project, as_of)
    return {p.uri: p for p in dashboards.pages(ctx, found)}, found


def test_pages_listed(project):
    _archive(project)
    pages, _ = _pages(project)
    for uri in ("dashboards/index.md", "dashboards/compliance.md", "dashboards/todo/index.md",
                "dashboards/todo/wang-fang.md", "dashboards/todo/lin-xiaolan.md", "calendar/all.ics", "calendar/wang-fang.ics"):
        assert uri in pages


def test_todo_page_of_an_ae(project):
    _archive(project)
    page = _pages(project)[0]["dashboards/todo/wang-fang.md"].content
    sections = dict(re.findall(r"^## (.+?)（(\d+)）$", page, re.M))
    # overdue: the action, the step, the missing W45 and October reports; due by 12-04: W47-W49
    # (November's report is due 12-07, the 5th working day of December); to chase: the unreturned report and the unsigned estimate
    assert sections == {"已过期": "4", "今后 14 天内到期": "3", "待催办（客户方负责）": "2"}
    assert "未完成的待办 **9** 项（已过期的，及 2026-12-04 前到期的），其中已过期 **6** 项" in page
    assert "没有。" not in page
    assert "(../../archive/huaxin-foods/meetings/2026-11-10-poster.md)" in page
    assert "(../../archive/huaxin-foods/jobs/HXF-2026-0001/index.md)" in page
    assert "2026-W45 周报" in page and "2026-10 预算报告" in page
    assert "交付印厂" not in page  # due next month
    assert "(../../calendar/wang-fang.ics)" in page and "http://127.0.0.1:8000/calendar/wang-fang.ics" in page


def test_todo_action_owner_only(project):
    _archive(project)
    pages, _ = _pages(project)
    assert "确认排期" not in pages["dashboards/todo/wang-fang.md"].content
    index = pages["dashboards/todo/index.md"].content
    assert "[王芳](wang-fang.md)" in index and "[林晓岚](lin-xiaolan.md)" in index


def test_values_from_records_are_escaped(project):
    _archive(project)
    pages, _ = _pages(project)
    for uri, page in pages.items():
        if uri.endswith(".md"):  # .ics is plain text, escaped by icalendar
            assert "<script>" not in page.content, uri
    page = pages["dashboards/todo/wang-fang.md"].content
    assert "&lt;script&gt;" in page and "&#124; 讨论" in page and "&#42;价格&#42;" in page
    for line in page.splitlines():  # every table row keeps its column count
        if line.startswith("| 20"):
            assert line.count(" | ") == 4, line


def test_compliance_by_client_rule_and_week(project):
    _archive(project)
    pages, found = _pages(project)
    page = pages["dashboards/compliance.md"].content
    warnings = [f for f in found if f.level == "warning"]
    assert f"警告 **{len(warnings)}** 个" in page
    header = next(line for line in page.splitlines() if line.startswith("| 客户 | 错误"))
    row = next(line for line in page.splitlines() if line.startswith("| [华信食品]"))
    cols = dict(zip([c.strip() for c in header.split("|")], [c.strip() for c in row.split("|")]))
    assert cols["W44"] == "1"  # no visit that week
    assert cols["W45"] == "3"  # no visit, the missing weekly report of 2026-W45, no October budget report (due 11-06)
    assert cols["W47"] != ""  # overdue action, overdue step, waiting estimate: this week
    assert "[WSR-WEEKLY](../rules/wsr-weekly.md)" in page
    assert "(../archive/huaxin-foods/index.md)" in page


def test_index_headlines_and_feeds(project):
    _archive(project)
    pages, found = _pages(project)
    page = pages["dashboards/index.md"].content
    assert f"警告 **{sum(f.level == 'warning' for f in found)}** 个" in page
    assert "[合规看板](compliance.md)" in page and "[每个人的待办](todo/index.md)" in page
    assert "(../calendar/all.ics)" in page and "从网址订阅" in page


def test_clean_archive(project):
    pages, found = _pages(project)
    assert found == []
    assert "档案检查没有发现问题" in pages["dashboards/compliance.md"].content


def test_week_counts_survive_a_second_context(project):
    """The site passes the dashboards a public-view Context; findings keep their weeks."""
    from generators.rules.context import Context
    _archive(project)
    found, ctx = run(project, AS_OF)
    other = Context(ctx.archive, ctx.as_of, use_git=False)
    page = next(p for p in dashboards.pages(other, found) if p.uri == "dashboards/compliance.md").content
    assert "| 2026-W45 | 警告 | [WSR-WEEKLY]" in page
