"""The record template pages: every field described in Chinese with a Chinese type name, 必填 as the
checks enforce it, a blank that is plain YAML and Markdown (never template source) and a filled
example from the sample archive (none that would show confidential fields in a public build)."""
from __future__ import annotations

import re

import pytest
import yaml

from generators.site.public import handbook_markdown
from rules_helpers import findings, meeting

from generators.archive.schema import schemas
from generators.site.build import generate
from generators.site.template_pages import TYPE_NAMES, blank, template_pages
from conftest import REPO

ENGLISH_TYPES = {"text", "slug", "code", "job_no", "week", "month", "period", "date", "moment", "amount", "bool",
                 "enum", "ref", "staff", "attachment", "list", "object"}
CJK = re.compile(r"[\u4e00-\u9fff]")


def all_fields(fields, prefix=""):
    for name, f in fields.items():
        yield prefix + name, f
        if f.fields:
            yield from all_fields(f.fields, prefix + name + ".")
        elif f.item is not None and f.item.fields:
            yield from all_fields(f.item.fields, prefix + name + "[].")


def field_rows(content: str) -> dict[str, list[str]]:
    """The field table of a template page: field path -> its cells as text."""
    part = content.split("## 字段", 1)[1].split("## 正文章节", 1)[0]
    rows = {}
    for tr in re.findall(r"<tr>(.*?)</tr>", part, re.S):
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td>(.*?)</td>", tr, re.S)]
        if cells:
            rows[cells[0]] = cells
    return rows


@pytest.fixture(scope="module")
def pages():
    """The template pages of the repository's own sample archive (no git, no MkDocs)."""
    gen = generate(REPO, use_git=False)
    return {p.uri: p.content for p in gen.pages if p.uri.startswith("documents/templates/")}


def test_every_field_has_a_chinese_description():
    missing = [f"{s.type}: {where}" for s in schemas().values() for where, f in all_fields(s.fields)
               if not f.hint.strip() or not CJK.search(f.hint)]
    assert not missing, "这些字段没有中文说明（在 generators/schemas/*.yml 里加 hint）：" + "、".join(missing)


def test_pages_show_every_field_with_description_and_chinese_type(pages):
    for type_, s in schemas().items():
        rows = field_rows(pages[f"documents/templates/{type_}.md"])
        for where, f in all_fields(s.fields):
            assert where in rows, f"{type_}: 字段表缺 {where}"
            _, label, kind, _req, _conf, hint = rows[where]
            assert label == f.label and hint, f"{type_} {where}: 中文名或说明为空"
            assert CJK.search(kind) and kind.split("（")[0] not in ENGLISH_TYPES, f"{type_} {where}: 类型“{kind}”不是中文"


def test_type_names_cover_every_field_type():
    used = {f.type.name for s in schemas().values() for _, f in all_fields(s.fields)}
    assert used <= set(TYPE_NAMES), used - set(TYPE_NAMES)


def test_required_follows_the_rules(pages):
    rows = field_rows(pages["documents/templates/meeting.md"])
    for name in ("actions[].owner", "actions[].due"):
        assert rows[name][3] == "必填（MTG-ACTIONS）", rows[name]
    assert rows["actions[].done"][3] == ""
    assert rows["title"][3] == "必填"
    job = field_rows(pages["documents/templates/job.md"])
    assert job["closed_on"][3].startswith("状态为结束卡号") and "JOB-CLOSE" in job["closed_on"][3]


def test_required_by_names_a_rule_that_really_requires_the_field(project):
    """`required_by: MTG-ACTIONS` in the schema is what the check does: an action without that
    field is an error of that rule."""
    for where, f in all_fields(schemas()["meeting"].fields):
        by = f.type.spec.get("required_by")
        if not by:
            continue
        assert isinstance(by, str) and where.startswith("actions[]."), where
        name = where.split(".")[-1]
        action = {"what": "修改海报", "owner": "王芳", "due": "2026-11-25"}
        del action[name]
        meeting(project, "2026-11-16 10:00", sent_at="2026-11-16 18:00", actions=[action])
        found = findings(project, "2026-11-20", by)
        assert [x.field for x in found] == ["actions[0]"], (where, found)


def test_blank_is_plain_yaml_and_markdown_never_template_source(pages):
    for type_, s in schemas().items():
        text = blank(s)
        assert "{{" not in text and "{%" not in text and "{#" not in text, type_
        front = text.split("---", 2)[1]
        data = yaml.safe_load(front)
        assert data["type"] == type_
        content = pages[f"documents/templates/{type_}.md"]
        assert "{{" not in content and "{%" not in content, f"{type_}: 模板页里有模板源码"
        assert text.strip().splitlines()[1] in content


def test_each_template_has_a_filled_example_from_the_archive(pages):
    for type_ in schemas():
        content = pages[f"documents/templates/{type_}.md"]
        m = re.search(r"（`(clients/[^`]+\.md)`）", content)
        assert m, f"{type_}: 没有实例"
        source = (REPO / m.group(1)).read_text(encoding="utf-8")
        assert source.strip().splitlines()[1] in content and f"type: {type_}" in source


def test_public_build_shows_no_example_from_the_archive():
    """The public handbook carries no client record, so no template page shows a filled example."""
    gen = generate(REPO, public=True, use_git=False)
    content = {p.uri: p.content for p in gen.pages}
    for type_ in schemas():
        page = content[f"documents/templates/{type_}.md"]
        assert "### 实例\n\n档案里还没有可以公开展示的这类记录" in page
        assert not re.search(r"（`clients/[^`]+`）", page), type_
    # as the public build shows them: sample clients in the schemas' hints get their neutral names
    shown = "".join(handbook_markdown(c, uri, gen.aliases) for uri, c in content.items()
                    if uri.startswith("documents/templates/"))
    assert gen.secrets and not [s for s in gen.secrets if s in shown]


def test_templates_without_a_site_still_render():
    out = template_pages(True)
    assert len(out) == len(schemas()) + 1 and all("{{" not in p.content for p in out)


def test_a_hostile_example_file_stays_inert_text(project):
    """The example is the record's file as written; whatever it holds is shown as code, never markup."""
    import markdown

    hostile = "</div></div><script>alert(1)</script>\n<img src=x onerror=alert(1)>\n````\n~~~\n"
    rel = meeting(project, "2026-11-16 10:00", sent_at="2026-11-16 18:00", location=hostile)
    path = project.root / rel
    path.write_text(path.read_text(encoding="utf-8") + "\n" + hostile, encoding="utf-8")
    page = {p.uri: p for p in generate(project.root, use_git=False).pages}["documents/templates/meeting.md"]
    assert rel in page.content
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    names = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    body = page.content.split("---\n", 2)[2]
    out = markdown.markdown(body, extensions=names)
    assert "<script>alert" not in out and not re.search(r"<img[^>]*onerror", out), out[-2000:]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
