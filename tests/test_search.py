"""Chinese search: jieba segments the index (Material's search plugin); job numbers split at '-'
the same way lunr's query parser splits what the user types.

Tested on the built search_index.json the way lunr reads it: the index's own separator splits
text into words (lowercased, trimmed); a record is found by a word when its page has that word."""
from __future__ import annotations

import json
import re

import pytest

from sitebuild import C, JOB


def words(entry_text: str, separator: re.Pattern) -> set[str]:
    plain = re.sub(r"<[^>]+>", " ", entry_text)
    return {w.strip(".,;:!?()[]'\"").lower() for w in separator.split(plain) if w.strip()}


@pytest.fixture(scope="module")
def index(built_site):
    data = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    separator = re.compile(data["config"]["separator"])
    pages: dict[str, set[str]] = {}
    titles: dict[str, set[str]] = {}
    for doc in data["docs"]:
        page = doc["location"].split("#")[0]
        pages.setdefault(page, set()).update(words(doc["title"], separator) | words(doc["text"], separator))
        titles.setdefault(page, set()).update(words(doc["title"], separator))
    return data, pages, titles


def found(pages: dict[str, set[str]], word: str) -> set[str]:
    return {page for page, ws in pages.items() if word.lower() in ws}


@pytest.mark.slow
def test_search_config_is_chinese_with_jieba(index):
    data, _, _ = index
    assert "zh" in data["config"]["lang"]
    assert "\u200b" in json.dumps(data["docs"], ensure_ascii=False)  # jieba's word boundaries
    # lunr's query lexer always cuts a typed HXF-2026-0042 at '-': the index must hold the same parts
    assert re.compile(data["config"]["separator"]).split("HXF-2026-0042") == ["HXF", "2026", "0042"]


@pytest.mark.slow
def test_job_number_parts_are_in_the_job_title_and_only_there(index):
    _, pages, titles = index
    job_page = f"archive/huaxin-foods/jobs/{JOB}/"
    prefix, year, serial = JOB.lower().split("-")
    assert {prefix, year, serial} <= titles[job_page]
    # the serial number is what makes the query specific: no other title has all three parts
    assert [p for p, ws in titles.items() if {prefix, year, serial} <= ws] == [job_page]


@pytest.mark.slow
def test_word_from_the_middle_of_a_chinese_title(index):
    _, pages, titles = index
    title = "冬日暖酪冬季新品电视广告"
    assert "冬季" in title and not title.startswith("冬季")
    assert f"archive/huaxin-foods/jobs/{JOB}/" in found(titles, "冬季")
    assert "archive/research/" in found(pages, "饮用") or any("research" in p for p in found(pages, "饮用"))
    assert any(p.startswith(f"archive/huaxin-foods/research/") for p in found(titles, "饮用"))


@pytest.mark.slow
def test_client_short_name_and_brand_name(index):
    _, pages, titles = index
    assert "archive/huaxin-foods/" in found(titles, "华信")
    brand = "archive/huaxin-foods/brands/huaxin-yogurt/"
    # Material splits a Chinese query by the words of the index: 华信鲜酪 -> 华信 + 鲜酪
    assert brand in found(titles, "华信") & found(titles, "鲜酪")


@pytest.mark.slow
def test_report_period_finds_the_report(index):
    _, _, titles = index
    # a period is typed as 2026-W47 and searched as 2026 + w47, like a job number
    assert "archive/huaxin-foods/reports/weekly/2026-W47/" in found(titles, "2026") & found(titles, "w47")
    assert "archive/huaxin-foods/reports/competitive/2026-Q3/" in found(titles, "低温")
