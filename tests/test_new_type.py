"""A record type added with two files only: a schema and its template in the project's `schemas/`
folder (no Python file touched). The type is then read and checked, scaffolded by `new`, given pages,
listed on its register and its client's page, reachable from home, found by search, and shown on the
template and rule pages (content/filing/file-plan.md#new-type tells archive keepers how)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from generators.cli import main
from sitebuild import FILES, RECORDS, article, build, make_project, other_warnings, page, text

SCHEMA = """\
# 店访报告 Store visit: one file per visit to a client's stores.
type: store-visit
label: 店访报告
label_en: Store visit report
order: 95
path: clients/{client}/store-visits/{visited_on|date}-{slug}.md
key: "{client}/{visited_on|date}-{slug}"
title: "{client.short_name} {store} {label}"
name: store
date: visited_on
search: {queries: [{store: "{client.short_name} {store}"}]}
register:
  page: store-visits.md
  title: 店访报告登记表
  short: 店访报告
  intro: 全部店访，按月份排列。
  group: {field: visited_on, chars: 7}
  sort: [visited_on, path]
  columns: [visited_on, {field: store, link: true}, client, visitor]
client_page:
  - {section: 店访, order: 55, columns: [visited_on, {field: store, link: true}, visitor]}
new: {slug: visit, defaults: {visited_on: "{today}", visitor: "{ae}"}}
fields:
  client:     {type: ref, to: client, required: true, label: 客户, hint: 客户编号}
  store:      {type: text, required: true, label: 门店, hint: 门店名称，如 华联超市人民路店}
  visited_on: {type: date, required: true, label: 店访日期, hint: 去门店的日期}
  visitor:    {type: staff, required: true, label: 店访人, hint: 去门店的同事，写名册上的姓名}
sections:
  - {title: 发现, hint: 每家门店看到的陈列、价格和店头物料。}
"""

TEMPLATE = """\
---
type: store-visit
client: {{ f.client }}
store: {{ f.store|q }}
visited_on: {{ f.visited_on }}
visitor: {{ f.visitor|q }}
---
{% include "_sections.md.j2" %}
"""

C = "clients/huaxin-foods"
MISSING_STORE = """---
type: store-visit
client: huaxin-foods
visited_on: 2026-11-10
visitor: 王芳
---
## 发现

货架陈列整齐。
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    root = make_project(tmp_path / "project", RECORDS, {**FILES, "schemas/store-visit.yml": SCHEMA,
                                                        "schemas/store-visit.md.j2": TEMPLATE}, git=False)
    monkeypatch.chdir(root)
    return root


def _check(capsys) -> tuple[int, list[dict]]:
    code = main(["check", "--format", "json", "--no-git", "--as-of", "2026-11-20"])
    return code, json.loads(capsys.readouterr().out)


def test_a_new_type_is_checked_and_scaffolded_from_its_two_files(project: Path, capsys):
    (project / C / "store-visits").mkdir(parents=True)
    (project / C / "store-visits" / "2026-11-10-visit.md").write_text(MISSING_STORE, encoding="utf-8")
    code, found = _check(capsys)
    assert code == 1  # the sample records hold errors on purpose; the new type's own findings:
    assert [(f["rule"], f["path"], f["field"]) for f in found if "/store-visits/" in f["path"]] == [
        ("REQ-FIELDS", f"{C}/store-visits/2026-11-10-visit.md", "store")]
    assert "门店" in next(f["message"] for f in found if "/store-visits/" in f["path"])

    assert main(["new", "store-visit", "--client", "huaxin-foods", "--date", "2026-11-18",
                 "--set", "store=华联超市人民路店"]) == 0
    made = project / C / "store-visits" / "2026-11-18-visit.md"
    assert made.is_file() and "store-visits/2026-11-18-visit.md" in capsys.readouterr().out
    written = made.read_text(encoding="utf-8")
    assert "visited_on: 2026-11-18" in written and 'visitor: "王芳"' in written and "## 发现" in written
    (project / C / "store-visits" / "2026-11-10-visit.md").unlink()
    code, found = _check(capsys)
    assert not [f for f in found if "/store-visits/" in f["path"]], found


@pytest.mark.parametrize("files, says", [
    ({"schemas/store-visit.yml": SCHEMA}, "没有模板"),
    ({"schemas/store-visit.yml": SCHEMA.replace("path: ", "where: "), "schemas/store-visit.md.j2": TEMPLATE}, "缺少 path"),
    ({"schemas/store-visit.yml": SCHEMA.replace("type: store-visit", "type: store-check"),
      "schemas/store-visit.md.j2": TEMPLATE}, "文件名要与 type 相同"),
    ({"schemas/store-visit.yml": SCHEMA.replace("type: text", "type: txt"), "schemas/store-visit.md.j2": TEMPLATE}, "字段表有误"),
    ({"schemas/store-visit.yml": "type: [", "schemas/store-visit.md.j2": TEMPLATE}, "读不出来"),
    ({"schemas/store-visit.yml": SCHEMA + "colour: red\n", "schemas/store-visit.md.j2": TEMPLATE}, "不认识的键 colour"),
])
def test_a_broken_type_definition_stops_check_with_the_file_named(tmp_path: Path, monkeypatch, capsys, files, says):
    root = make_project(tmp_path / "project", {}, files, git=False)
    monkeypatch.chdir(root)
    assert main(["check", "--no-git"]) == 2
    err = capsys.readouterr().err
    assert "记录类型定义有错" in err and "store-visit.yml" in err and says in err and "Traceback" not in err, err


@pytest.mark.slow
def test_a_new_type_gets_pages_registers_search_and_rule_pages(project: Path, tmp_path: Path, capsys):
    assert main(["new", "store-visit", "--client", "huaxin-foods", "--date", "2026-11-18",
                 "--set", "store=华联超市人民路店"]) == 0
    site = tmp_path / "site"
    result = build(project, site, strict=False)  # the sample records hold errors on purpose (see conftest)
    log = result.stdout + result.stderr
    assert result.returncode == 0 and other_warnings(result) == [], log
    assert "store-visits" not in log, log  # no finding of the new type: RET-INDEX and RET-FIND pass
    url = "archive/huaxin-foods/store-visits/2026-11-18-visit/"
    assert "华信食品 华联超市人民路店 店访报告" in text(article(page(site, url)))
    register = article(page(site, "archive/store-visits"))
    assert "店访报告登记表" in text(register) and "2026-11" in text(register) and "2026-11-18-visit/" in register
    assert "店访报告（1 份）" in text(article(page(site, "archive")))
    client = article(page(site, "archive/huaxin-foods"))
    assert "店访" in text(client) and "store-visits/2026-11-18-visit/" in client

    from generators.site.reach import clicks
    from generators.archive.config import Settings
    from generators.site.ret_find import check_index
    from generators.site.searchengine import load, rank_of
    assert clicks(site)[url] <= 3
    index = load(site)
    assert rank_of(index, "华信食品 华联超市人民路店", url).rank <= 3
    assert check_index(Settings(root=project), index, {url: (f"{C}/store-visits/2026-11-18-visit.md",
                                                             [("store", "华信食品 华联超市人民路店")])}) == []

    assert "店访报告" in text(article(page(site, "documents/templates")))
    template = text(article(page(site, "documents/templates/store-visit")))
    assert "python -m generators new store-visit --client <客户编号>" in template and "店访日期" in template
    for rule in ("req-fields", "ret-path", "ret-index", "ret-find"):
        assert "店访报告" in text(article(page(site, f"rules/{rule}"))), rule


def test_every_package_type_is_listed_somewhere_and_has_its_template():
    """A type without a register or a client-page section would have pages nobody reaches (RET-INDEX)."""
    from generators.archive.schema import schemas
    for s in schemas().values():
        assert s.template.is_file(), s.type
        assert s.register or s.client_page or s.type == "client", f"{s.type}：schema 里没有 register 或 client_page"
