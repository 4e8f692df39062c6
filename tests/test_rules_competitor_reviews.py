"""CMP-REVIEW: a competitor review answers the seven questions, about a competitor the brand file lists."""
from __future__ import annotations

from rules_helpers import findings, front

AS_OF = "2026-11-20"
REL = "clients/huaxin-foods/reports/competitor-reviews/2026-10-15-chenlu.md"
PARTS = ["定位与目标对象", "传播信息", "创意执行", "媒介", "促销与渠道", "变化", "对我方的影响"]


def review(project, parts=PARTS, **fields):
    data = {"type": "competitor-review", "client": "huaxin-foods", "brand": "huaxin-yogurt", "competitor": "晨露优酪",
            "date": "2026-10-15", "title": "晨露优酪 下半年策略回顾", "author": "王芳", **fields}
    project.write(REL, front(data, "".join(f"## {p}\n\n{p}：分析。\n\n" for p in parts)))


def _competitors(project, names):
    rel = "clients/huaxin-foods/brands/huaxin-yogurt/brand.md"
    text = project.read(rel)
    project.write(rel, text.replace("---\n", "---\ncompetitors:\n" + "".join(f"- {n}\n" for n in names), 1)
                  if "competitors:" not in text else text)


def test_complete_review_passes(project):
    review(project)
    assert [f for f in findings(project, AS_OF) if f.path == REL] == []


def test_missing_part_is_an_error(project):
    review(project, parts=PARTS[:-1])
    found = findings(project, AS_OF, "CMP-REVIEW")
    assert [(f.level, f.path) for f in found] == [("error", REL)] and "对我方的影响" in found[0].message


def test_competitor_must_be_on_the_brand_file(project):
    _competitors(project, ["晨露优酪"])
    review(project)
    assert findings(project, AS_OF, "CMP-REVIEW") == []
    review(project, competitor="麦田小脆")
    found = findings(project, AS_OF, "CMP-REVIEW")
    assert [f.field for f in found] == ["competitor"] and "晨露优酪" in found[0].message
