"""BUD-BODY (the budget report's table against its front matter) and WSR-JOBS (the latest weekly
report names every open job of the client)."""
from __future__ import annotations

from rules_helpers import BRIEF, SCHEDULE, budget, findings, job, weekly

AS_OF = "2026-11-20"
TABLE = ("## 预算执行表（元）\n\n| 项目 | 年度预算 | 已执行 | 执行中 | 未执行余额 |\n| --- | ---: | ---: | ---: | ---: |\n"
         "| 媒介 | {media} |\n| 制作 | 300,000.00 | 100,000.00 | 50,000.00 | 150,000.00 |\n{total}\n## 说明\n\n本月正常。\n")
MEDIA = "1,000,000.00 | 400,000.00 | 100,000.00 | 500,000.00"


def _budget(project, media=MEDIA, total=""):
    rel = budget(project, "2026-10")
    text = project.read(rel)
    head, _, _body = text.partition("\n---\n")
    project.write(rel, head + "\n---\n\n" + TABLE.format(media=media, total=total))
    return rel


def test_table_matching_front_matter_passes(project):
    _budget(project, total="| 合计 | 1,300,000 | 500,000 | 150,000 | 650,000 |\n")
    assert findings(project, AS_OF, "BUD-BODY") == []
    assert findings(project, AS_OF, "BUD-RECONCILE") == []


def test_mistyped_figure_in_the_table_is_an_error(project):
    rel = _budget(project, media="1,000,000.00 | 400,000.00 | 100,000.00 | 500,000.00".replace("400,000", "440,000"))
    found = findings(project, AS_OF, "BUD-BODY")
    assert [(f.path, f.level, f.field) for f in found] == [(rel, "error", "lines.media.executed")]
    assert "440,000.00" in found[0].message and "400,000.00" in found[0].message
    assert project.read(rel).splitlines()[found[0].line - 1].startswith("| 媒介")


def test_total_row_is_the_sum_of_both_lines(project):
    _budget(project, total="| 合计 | 1,300,000 | 500,000 | 150,000 | 660,000 |\n")
    found = findings(project, AS_OF, "BUD-BODY")
    assert len(found) == 1 and "合计" in found[0].message and "两行之和" in found[0].message


def test_a_cell_that_is_not_an_amount(project):
    _budget(project, media="1,000,000.00 | 约四十万 | 100,000.00 | 500,000.00")
    found = findings(project, AS_OF, "BUD-BODY")
    assert len(found) == 1 and "约四十万" in found[0].message and "不是金额" in found[0].message


def test_no_table_is_not_checked(project):
    budget(project, "2026-10")
    assert findings(project, AS_OF, "BUD-BODY") == []


def _open_jobs(project):
    job(project, status="production", brief=BRIEF, schedule=SCHEDULE, opened="2026-10-05")
    job(project, "HXF-2026-0002", status="brief", brief=BRIEF, opened="2026-11-10")
    job(project, "HXF-2026-0003", status="delivered", brief=BRIEF, schedule=SCHEDULE)
    job(project, "HXF-2026-0004", status="brief", brief={**BRIEF, "date": "2026-11-19"}, opened="2026-11-19")


def test_latest_weekly_names_every_open_job(project):
    _open_jobs(project)
    weekly(project, "2026-W45")
    rel = weekly(project, "2026-W46")
    found = findings(project, AS_OF, "WSR-JOBS")
    assert sorted(f.message.split()[1][:13] for f in found) == ["HXF-2026-0001", "HXF-2026-0002"]  # 0004 opened after W46
    assert {(f.path, f.level) for f in found} == {(rel, "warning")}


def test_weekly_naming_them_passes(project):
    _open_jobs(project)
    body = project.read(weekly(project, "2026-W46"))
    project.write("clients/huaxin-foods/reports/weekly/2026-W46.md",
                  body.replace("## 下一步", "- HXF-2026-0001 印刷中。\n- HXF-2026-0002 写简报。\n\n## 下一步", 1))
    assert findings(project, AS_OF, "WSR-JOBS") == []


def test_a_future_week_is_not_the_latest(project):
    _open_jobs(project)
    body = project.read(weekly(project, "2026-W46"))
    project.write("clients/huaxin-foods/reports/weekly/2026-W46.md",
                  body.replace("## 下一步", "- HXF-2026-0001、HXF-2026-0002。\n\n## 下一步", 1))
    weekly(project, "2026-W49")  # a draft for a week that has not begun
    assert findings(project, AS_OF, "WSR-JOBS") == []
