"""FBK-PARTS: an ad execution feedback report has its placements, problems, client's view and four parts."""
from __future__ import annotations

from rules_helpers import findings, front

AS_OF = "2026-11-20"
REL = "clients/huaxin-foods/reports/feedback/2026-11-10-winter.md"
PARTS = ["销售与咨询反馈", "竞品情况", "地面促销", "下一步建议"]


def report(project, body=None, **fields):
    data = {"type": "feedback-report", "client": "huaxin-foods", "brand": "huaxin-yogurt", "date": "2026-11-10",
            "title": "冬季投放执行反馈", "author": "王芳", "flight": {"start": "2026-10-01", "end": "2026-10-31"},
            "placements": [{"media": "tv", "where": "华东卫视 早间档", "start": "2026-10-01", "end": "2026-10-31"}],
            "problems": [{"what": "10 月 8 日漏播一次", "resolution": "10 月 9 日补播"}],
            "client_view": "何丽认为到达率达标", **fields}
    data = {k: v for k, v in data.items() if v is not None}
    if body is None:
        body = "".join(f"## {p}\n\n{p}：本期情况。\n\n" for p in PARTS)
    project.write(REL, front(data, body))


def test_complete_report_passes(project):
    report(project)
    assert [f for f in findings(project, AS_OF) if f.path == REL] == []


def test_missing_and_empty_parts(project):
    report(project, body="## 销售与咨询反馈\n\n<!-- 提示 -->\n\n## 竞品情况\n\n降价。\n\n## 地面促销\n\n无促销。\n")
    messages = [f.message for f in findings(project, AS_OF, "FBK-PARTS")]
    assert len(messages) == 2 and any("缺少“下一步建议”" in m for m in messages) and any("“销售与咨询反馈”一节是空的" in m for m in messages)


def test_client_view_and_placements_are_required(project):
    report(project, client_view=None, placements=None)
    assert sorted(f.field for f in findings(project, AS_OF, "REQ-FIELDS")) == ["client_view", "placements"]


def test_placement_outside_the_flight(project):
    report(project, placements=[{"media": "tv", "where": "华东卫视", "start": "2026-09-25"}])
    found = findings(project, AS_OF, "FBK-PARTS")
    assert [f.field for f in found] == ["placements[0].start"] and "不在投放期" in found[0].message


def test_flight_that_ends_before_it_starts(project):
    report(project, flight={"start": "2026-10-31", "end": "2026-10-01"}, placements=[{"media": "tv", "where": "卫视"}])
    assert [f.field for f in findings(project, AS_OF, "FBK-PARTS")] == ["flight.end"]
