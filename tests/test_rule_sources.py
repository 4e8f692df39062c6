"""Every rule names the handbook chapter that states it, and its rule page links there
(issue 11: no "seed 000 §2" or "design" on the rule pages)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from generators.rules.registry import REGISTRY
from generators.site.rule_pages import chapters, rule_page

CONTENT = Path(__file__).resolve().parent.parent / "content"


@pytest.mark.parametrize("rule_id", sorted(REGISTRY))
def test_source_is_a_handbook_chapter_that_exists(rule_id):
    r = REGISTRY[rule_id]
    found = chapters(r.source)
    assert found, f"{rule_id}: source={r.source!r} 应写手册章节的路径，如 meetings/report.md#deadline"
    for page, anchor in found:
        path = CONTENT / page
        assert path.is_file(), f"{rule_id}: 手册里没有 {page}"
        if anchor:
            assert "{#" + anchor + "}" in path.read_text(encoding="utf-8"), f"{rule_id}: {page} 里没有锚点 #{anchor}"


def test_rule_page_links_the_chapter_by_its_title():
    text = rule_page(REGISTRY["MTG-24H"]).content
    assert 'href="../../meetings/report/#deadline"' in text
    assert "手册：会议报告 Contact Report" in text
    assert "seed" not in text


def test_chapters_ignores_what_is_not_a_path():
    assert chapters("seed 000 §2, design") == []
    assert chapters("workflow/estimate.md#follow-up 、 meetings/report.md") == [
        ("workflow/estimate.md", "follow-up"), ("meetings/report.md", "")]
