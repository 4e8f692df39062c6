"""The store check as its own record: stores visited, findings per store, photos; the old
competitive-report kind is refused with the way to move it."""
from __future__ import annotations

from rules_helpers import findings, front

AS_OF = "2026-11-20"
REL = "clients/huaxin-foods/reports/store-checks/2026-11-06-hangzhou.md"
BODY = "## 总体发现\n\n有货。\n\n## 竞品活动\n\n降价。\n\n## 对我方的启示\n\n补货。\n"


def store_check(project, stores, **fields):
    data = {"type": "store-check", "client": "huaxin-foods", "date": "2026-11-06", "title": "杭州门店店访报告",
            "checked_by": ["李想"], "stores": stores, **fields}
    project.write(REL, front(data, BODY))


def test_store_check_with_findings_and_photo_passes(project):
    (project.root / "clients/huaxin-foods/reports/store-checks").mkdir(parents=True)
    (project.root / "clients/huaxin-foods/reports/store-checks/wensan.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"0" * 64)
    store_check(project, [{"store": "全家 文三路店", "city": "杭州", "channel": "convenience",
                           "findings": ["脆谷有货，排面 2 格"], "photos": ["wensan.jpg"]}])
    found = [f for f in findings(project, AS_OF) if f.path == REL]
    assert found == []


def test_each_store_needs_its_findings(project):
    store_check(project, [{"store": "全家 文三路店"}])
    assert [f.field for f in findings(project, AS_OF, "REQ-FIELDS") if f.path == REL] == ["stores[0].findings"]


def test_a_photo_that_is_not_there_is_ret_attach(project):
    store_check(project, [{"store": "全家 文三路店", "findings": ["有货"], "photos": ["missing.jpg"]}])
    assert [f.field for f in findings(project, AS_OF, "RET-ATTACH")] == ["stores[0].photos[0]"]


def test_old_store_check_kind_says_where_it_went(project):
    data = {"type": "competitive-report", "client": "huaxin-foods", "period": "2026-11-06", "kind": "store-check",
            "title": "店访"}
    project.write("clients/huaxin-foods/reports/competitive/2026-11-06.md", front(data, BODY))
    found = [f for f in findings(project, AS_OF, "REQ-FIELDS") if f.field == "kind"]
    assert len(found) == 1 and "store-check" in found[0].message and "reports/store-checks/" in found[0].message
