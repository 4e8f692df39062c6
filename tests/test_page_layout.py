"""The generated pages' reading aids, without a browser: breadcrumbs, what is due next (the same
items as the to-do computation), the print header's escaping, records named by title, job numbers
kept whole."""
from __future__ import annotations

import re
from html import unescape
import pytest

from conftest import REPO
from generators.rules import todo
from generators.rules.check import check_archive
from generators.site.build import generate
from generators.site.panel import Item
from generators.site.printing import css_string, with_head

JOB = "archive/huaxin-foods/jobs/HXF-2026-0042/index.md"
CLIENT = "archive/huaxin-foods/index.md"


@pytest.fixture(scope="module")
def gen():
    return generate(REPO, use_git=False, docs_uris={"index.md", "documents/index.md"})


@pytest.fixture(scope="module")
def pages(gen):
    return {p.uri: p.content for p in gen.pages}


def due_box(content: str) -> str:
    m = re.search(r'<div class="archive-due".*?</div>', content, re.S)
    assert m, "页面没有“接下来要做”"
    return m.group(0)


def test_record_page_has_breadcrumbs_from_the_archive_down(pages):
    crumbs = re.search(r'<nav class="archive-crumbs".*?</nav>', pages[JOB], re.S).group(0)
    texts = [re.sub(r"<[^>]+>", "", li) for li in re.findall(r"<li>(.*?)</li>", crumbs)]
    assert texts == ["档案", "华信食品", "华信鲜酪", "HXF-2026-0042 冬日暖酪冬季新品电视广告"]
    assert 'aria-current="page"' in crumbs and crumbs.count("<a ") == 3


def test_generated_pages_outside_the_nav_have_breadcrumbs(pages):
    for uri, first in (("dashboards/compliance.md", "看板"), ("documents/templates/meeting.md", "业务文件与模板"),
                       ("rules/mtg-actions.md", "规则目录"), ("archive/jobs.md", "档案")):
        assert f">{first}</a>" in pages[uri].split("</nav>")[0], uri
    assert "archive-crumbs" not in pages["dashboards/index.md"]  # in the nav: its tab says where


def test_due_next_lists_what_the_todo_computation_has(pages):
    ctx = check_archive(REPO, None, False)[2]
    expected = [d for d in todo.agenda(ctx).items if d.client == "huaxin-foods"]
    box = due_box(pages[CLIENT])
    assert expected and f"接下来要做（{len(expected)} 项）" in box
    plain = unescape(re.sub(r"<[^>]+>", "", box))
    assert [d.summary for d in expected if d.summary not in plain] == []
    job = due_box(pages[JOB])
    assert "终版确认" in job and "完成精剪与调色" in job  # its own step and an action of a meeting about it
    assert pages[JOB].index("archive-due") < pages[JOB].index("archive-panel")


def test_print_header_names_client_and_date(gen, pages):
    """The print header is CSS for the page's <head> (the sanitizer strips every <style> from content)."""
    style = {p.uri: p for p in gen.pages}[JOB].head
    assert "@top-left" in style and "华信食品" in style and "档案截至" in style
    assert "<style" not in pages[JOB]
    built = with_head("<html><head><title>x</title></head><body></body></html>", style)
    assert built.count("<style>") == 1 and built.index("<style>") < built.index("</head>")


@pytest.mark.parametrize("hostile", ['华信"; } body { display: none } /*', "</style><script>alert(1)</script>", "a\\\nb"])
def test_print_header_string_cannot_be_ended_by_a_name(hostile):
    out = css_string(hostile)
    inner = out[1:-1]
    assert out[0] == out[-1] == '"' and '"' not in inner and "<" not in inner and "\n" not in inner
    assert not re.search(r"(?<!\\)\\(?![0-9a-f]+ )", inner), out  # every backslash starts a hex escape


def test_compliance_names_records_by_title(pages):
    text = pages["dashboards/compliance.md"]
    names = re.findall(r"\| \[([^\]]+)\]\([^)]*\) \|", text)
    assert names and not [n for n in names if n.endswith(".md")], names


def test_job_numbers_and_dates_are_kept_whole():
    parts = Item("HXF-2026-0042 终版确认，2026-11-24 到期").parts
    assert [(p.text, p.id) for p in parts] == [("HXF-2026-0042", True), (" 终版确认，", False), ("2026-11-24", True),
                                              (" 到期", False)]
    assert [p.text for p in Item("没有编号").parts] == ["没有编号"]
