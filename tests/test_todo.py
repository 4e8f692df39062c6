"""The to-do: deadlines computed by the rules, one count everywhere, client-contact items chased
by the AE and AM, the window setting, and golden counts of the sample archive."""
from __future__ import annotations

import pytest

import json
import re
from collections import Counter
from datetime import date

from icalendar import Calendar
from rules_helpers import BRIEF, activate, job, meeting, run, weekly

from conftest import REPO
from generators.site import dashboards
from generators.rules import todo
from generators.rules.check import check_archive
from generators.archive.findings import format_json
from generators.rules import jobs

AS_OF = "2026-11-20"  # Friday of 2026-W47; the window runs to 2026-12-04


# ---- the sample archive (as_of pinned in archive.toml) ----

def _sample():
    _archive, found, ctx = check_archive(REPO, use_git=False)
    return found, ctx


def test_sample_archive_golden_counts():
    """The sample archive's to-do at its pinned date; a change here must be a change in the
    archive or in a rule, never in how the to-do counts."""
    found, ctx = _sample()
    assert ctx.as_of == date(2026, 11, 20)
    agenda = todo.agenda(ctx)
    assert agenda.until == date(2026, 12, 4)
    assert agenda.count() == (35, 3)
    assert Counter(d.kind for d in agenda.items) == {"step": 14, "action": 10, "weekly": 6, "delivery": 3, "estimate": 1,
                                                     "reply": 1}  # the TVC final-review memo, reply by 11-27
    people = {p.name: (*agenda.count(p.name), sum(d.chase for d in agenda.mine(p.name))) for p in ctx.settings.staff}
    assert people == {"周志远": (0, 0, 0), "林晓岚": (14, 1, 5), "陈默": (17, 2, 3), "王芳": (13, 0, 4),
                      "李想": (8, 1, 5), "赵一鸣": (11, 2, 2), "孙悦": (9, 0, 1), "吴迪": (0, 0, 0)}
    assert agenda.unassigned() == []


def test_sample_overdue_items_are_the_open_findings():
    """Every overdue to-do item is a finding of the rule that set it, with the same deadline."""
    found, ctx = _sample()
    agenda = todo.agenda(ctx)
    due = {(f.path, f.rule, f.due) for f in found if f.due is not None and f.due < ctx.as_of}
    for d in agenda.overdue():
        assert (d.path, d.rule, d.day) in due, d


def test_sample_client_contact_action_reaches_ae_and_am():
    """陆佳 (a client contact) owns an overdue action: 赵一鸣 (AE) and 陈默 (AM) chase it."""
    _found, ctx = _sample()
    agenda = todo.agenda(ctx)
    item = next(d for d in agenda.items if d.owner == "陆佳")
    assert item.chase and item.day < ctx.as_of and set(item.people) == {"赵一鸣", "陈默"}
    pages = {p.uri: p.content for p in dashboards.pages(ctx, _found)}
    for slug in ("zhao-yiming", "chen-mo"):
        page = pages[f"dashboards/todo/{slug}.md"]
        chase = page.split("## 待催办（客户方负责）", 1)[1].split("\n## ", 1)[0]
        assert "取得客户法务对广播脚本的书面确认" in chase and "陆佳" in chase
        events = [str(e["summary"]) for e in Calendar.from_ical(pages[f"calendar/{slug}.ics"]).walk("VEVENT")]
        assert "【行动事项】待催办：取得客户法务对广播脚本的书面确认" in events
    assert "取得客户法务" not in pages["dashboards/todo/wang-fang.md"]


def _count(text: str, pattern: str = r"未完成的待办 \*\*(\d+)\*\* 项.*?其中已过期 \*\*(\d+)\*\* 项") -> tuple[int, int]:
    m = re.search(pattern, text)
    assert m, text[:400]
    return int(m.group(1)), int(m.group(2))


def test_one_count_everywhere():
    """Archive home, 看板, the to-do index, the team view, personal pages and the .ics feeds all
    give the same numbers, and a personal page's sections add up to its count."""
    from generators.site.build import generate
    gen = generate(REPO, use_git=False)
    pages = {p.uri: p.content for p in gen.pages}
    found, ctx = _sample()
    agenda = todo.agenda(ctx)
    total = agenda.count()
    for uri in ("archive/index.md", "dashboards/index.md", "dashboards/todo/index.md", "dashboards/team.md"):
        assert _count(pages[uri]) == total, uri
    everyone = Calendar.from_ical(pages["calendar/all.ics"])
    events = everyone.walk("VEVENT")
    assert len(events) == total[0]
    assert sum(e.decoded("dtstart") < ctx.as_of for e in events) == total[1]
    index = pages["dashboards/todo/index.md"]
    for p in ctx.settings.staff:
        page = pages[f"dashboards/todo/{p.slug}.md"]
        n, late = _count(page)
        sections = [int(k) for k in re.findall(r"^## .+?（(\d+)）$", page, re.M)]
        assert sum(sections) == n and page.count("**已过期**") == late, p.name
        row = next(line for line in index.splitlines() if line.startswith(f"| [{p.name}]"))
        assert [c.strip() for c in row.split("|")][3:5] == [str(n), str(late)], p.name
        feed = Calendar.from_ical(pages[f"calendar/{p.slug}.ics"])
        assert len(feed.walk("VEVENT")) == n, p.name
        assert f"待办 {n} 项，其中已过期 {late} 项" in str(feed["x-wr-caldesc"])
        assert "没有。" not in page


# ---- a small project ----

def _archive(project):
    activate(project, since="2026-10-26")
    for week in ("2026-W44", "2026-W45", "2026-W46", "2026-W47"):
        weekly(project, week)
    meeting(project, "2026-11-16 10:00", sent_at="2026-11-16 18:00", acknowledged_at="2026-11-17 09:00",
            actions=[{"what": "客户提供价格表", "owner": "何丽", "due": "2026-11-18"},
                     {"what": "改海报", "owner": "王芳", "due": "2026-11-25"},
                     {"what": "下月排期", "owner": "王芳", "due": "2026-12-15"}])
    job(project, status="estimate", brief=BRIEF, due="2026-12-01",
        schedule=[{"step": "完稿提案", "due": "2026-11-26", "audience": "client"}],
        estimate={"amount": 86000, "submitted": "2026-11-16", "am_approved": "2026-11-15"})


def _pages(project, as_of=AS_OF):
    found, ctx = run(project, as_of)
    return {p.uri: p.content for p in dashboards.pages(ctx, found)}, found, ctx


def test_client_contact_action_is_chased_by_ae_and_am_only(project):
    _archive(project)
    pages, _found, ctx = _pages(project)
    for slug in ("wang-fang", "lin-xiaolan"):  # AE and AM of the client
        page = pages[f"dashboards/todo/{slug}.md"]
        assert "## 待催办（客户方负责）" in page
        chase = page.split("## 待催办（客户方负责）", 1)[1]
        assert "客户提供价格表" in chase and "负责人 何丽" in chase and "**已过期**" in chase
    assert "客户提供价格表" not in pages["dashboards/todo/zhou-zhiyuan.md"]  # the AD sees the team view
    mine = pages["dashboards/todo/wang-fang.md"].split("## 待催办", 1)[0]
    assert "改海报" in mine and "客户提供价格表" not in mine
    assert "改海报" not in pages["dashboards/todo/lin-xiaolan.md"]  # 王芳's own action


def test_window_follows_the_setting(project):
    _archive(project)
    pages, _f, _c = _pages(project)
    page = pages["dashboards/todo/wang-fang.md"]
    assert "下月排期" not in page  # 12-15: beyond 14 days
    assert "HXF-2026-0001 交付" in page and "工作交付" in page  # the job's delivery date, 12-01
    toml = (project.root / "archive.toml").read_text(encoding="utf-8")
    project.write("archive.toml", toml.replace("[[staff]]", "[todo]\ndays = 30\n\n[[staff]]", 1))
    pages, _f, ctx = _pages(project)
    assert ctx.settings.todo_days == 30
    assert "下月排期" in pages["dashboards/todo/wang-fang.md"]
    assert "今后 30 天内到期" in pages["dashboards/todo/wang-fang.md"]


@pytest.mark.parametrize("bad", ['"14"', "0", "-3", "true", "100000", "1.5", "400", "100000000000000000000"])
def test_bad_window_setting_is_a_settings_error(project, bad):
    toml = (project.root / "archive.toml").read_text(encoding="utf-8")
    project.write("archive.toml", toml.replace("[[staff]]", f"[todo]\ndays = {bad}\n\n[[staff]]", 1))
    line = toml.split("[[staff]]", 1)[0].count("\n") + 2
    done = project.run("check")
    assert done.returncode == 1 and "Traceback" not in done.stdout + done.stderr
    assert f"archive.toml:{line}: CFG-SETTINGS todo.days" in done.stdout and "days = 14" in done.stdout


def test_no_window_setting_is_14_days(project):
    _found, ctx = run(project, AS_OF)
    assert ctx.settings.todo_days == 14


def test_empty_sections_are_folded(project):
    _archive(project)
    pages, _f, _c = _pages(project)
    page = pages["dashboards/todo/wu-di.md"]  # the CD: nothing of his
    assert "目前没有待办。" in page and not re.search(r"^## .+（0）$", page, re.M)
    for uri, text in pages.items():
        if uri.endswith(".md"):
            assert "没有。\n" not in text.replace("目前没有待办。", ""), uri


def test_deadline_comes_from_the_rule(project, monkeypatch):
    """Change the rule's threshold and the finding, the to-do and the calendar follow it."""
    _archive(project)
    _pages_, found, ctx = _pages(project, "2026-11-24")
    est = next(d for d in todo.agenda(ctx).items if d.kind == "estimate")
    assert est.day == date(2026, 11, 23) and est.rule == "JOB-ESTIMATE-WAIT"
    assert [f.due for f in found if f.rule == "JOB-ESTIMATE-WAIT"] == [date(2026, 11, 23)]
    monkeypatch.setattr(jobs, "ESTIMATE_WAIT_DAYS", 3)
    pages, found, ctx = _pages(project, "2026-11-24")
    est = next(d for d in todo.agenda(ctx).items if d.kind == "estimate")
    assert est.day == date(2026, 11, 19)
    assert [f.due for f in found if f.rule == "JOB-ESTIMATE-WAIT"] == [date(2026, 11, 19)]
    events = {str(e["summary"]): e for e in Calendar.from_ical(pages["calendar/wang-fang.ics"]).walk("VEVENT")}
    assert events["【预估签字】待催办：HXF-2026-0001 预估待客户签字"].decoded("dtstart") == date(2026, 11, 19)


def test_findings_carry_day_and_due_in_json(project):
    _archive(project)
    _p, found, _c = _pages(project)
    overdue = next(f for f in found if f.rule == "MTG-ACTION-OVERDUE")
    assert overdue.day == overdue.due == date(2026, 11, 18)
    data = {(d["rule"], d.get("due")) for d in json.loads(format_json(found))}
    assert ("MTG-ACTION-OVERDUE", "2026-11-18") in data
    assert all("due" not in d for d in json.loads(format_json(found)) if d["rule"] == "CLT-CONTRACT")


def test_team_view(project):
    _archive(project)
    pages, _f, _c = _pages(project)
    page = pages["dashboards/team.md"]
    header = next(line for line in page.splitlines() if line.startswith("| AE |"))
    assert "预估" in header and "| [王芳](todo/wang-fang.md) | 1 | 1 |" in page  # one job, at 预估
    assert "HXF-2026-0001 冬季新品海报" in page  # delivery due 12-01, within 14 days
    row = next(line for line in page.splitlines() if line.startswith("| [王芳](todo/wang-fang.md) | AE"))
    assert [c.strip() for c in row.split("|")][3:5] == ["1", "2"]  # one open job; two open actions of hers
    assert "本周还没有拜访或周报的客户" in page and "**没有**" not in page  # W47 report written
    assert '<figure class="archive-chart archive-chart-trend">' in page
    assert "[团队视图](team.md)" in pages["dashboards/index.md"]


def test_extreme_dates_give_no_traceback(project):
    """Dates at the calendar's ends: deadlines are computed and the pages and feeds are made."""
    activate(project, since="2026-10-26")
    job(project, status="estimate", brief=BRIEF, due="9999-12-31",
        schedule=[{"step": "完稿提案", "due": "0001-01-01", "audience": "client"}],
        estimate={"amount": 1, "submitted": "9999-12-30", "am_approved": "9999-12-30"})
    pages, found, _ctx = _pages(project)
    assert "dashboards/team.md" in pages and "calendar/all.ics" in pages
    assert "0001-01-01 **已过期**" in pages["dashboards/todo/wang-fang.md"]
    assert not [f for f in found if "运行出错" in f.message]
