"""The site's own search on a built test site: the static files under site/search/, what they hold
(and what they never hold: confidential fields and confidential records' text), and the ranking the
search box gives (generators/site/searchengine.py, the same as assets/archive-search.js)."""
from __future__ import annotations

import json

import pytest

from sitebuild import C, JOB
from generators.site import searchengine

pytestmark = pytest.mark.slow
JOB_URL = f"archive/huaxin-foods/jobs/{JOB}/"


@pytest.fixture(scope="module")
def index(built_site):
    return searchengine.load(built_site)


def search_text(site) -> str:
    """Every search file, JSON-decoded (as leakscan reads them)."""
    return "\n".join(json.dumps(json.loads(p.read_text(encoding="utf-8")), ensure_ascii=False)
                     for p in sorted((site / "search").rglob("*.json")))


def test_the_index_is_small_files_and_no_whole_index(built_site, index):
    files = sorted((built_site / "search").rglob("*.json"))
    assert not (built_site / "search" / "search_index.json").exists()  # Material's search plugin is off
    assert index.manifest["docs"] > 50 and len(files) > 3
    assert max(p.stat().st_size for p in files) < 200_000


@pytest.mark.parametrize("query", [JOB, JOB.replace("-", ""), JOB.replace("-", "－"), JOB.lower(), JOB[:-1]])
def test_a_job_number_in_any_spelling_or_typed_part_way_finds_the_job(index, query):
    urls = searchengine.ranked_urls(index, query)
    assert JOB_URL in urls[:1 if query != JOB[:-1] else 5], urls


def test_chinese_words_from_the_middle_of_a_title_and_short_words(index):
    assert JOB_URL in searchengine.ranked_urls(index, "冬季", limit=5)
    assert "archive/huaxin-foods/" == searchengine.ranked_urls(index, "华信食品")[0]
    assert searchengine.ranked_urls(index, "华信鲜酪")[0] == "archive/huaxin-foods/brands/huaxin-yogurt/"
    assert searchengine.ranked_urls(index, "华信食品 2026-W47")[0] == "archive/huaxin-foods/reports/weekly/2026-W47/"


def test_filters_keep_only_their_type_client_and_year(index):
    hits = searchengine.search(index, "", {"type": "job", "client": "huaxin-foods"}).hits
    assert hits and all(index.row(d)[2] == "工作档案" and "/huaxin-foods/" in index.url(d) for d, _ in hits)
    assert searchengine.search(index, "冬季", {"year": "1999"}).hits == []


def test_results_show_kind_client_date_and_a_clean_excerpt(index):
    d = searchengine.search(index, JOB).hits[0][0]
    url, title, kind, client, day, excerpt = index.row(d)
    assert (url, kind, client) == (JOB_URL, "工作档案", "华信食品") and title.startswith(JOB)
    assert len(day) == 10 and day[4] == "-"
    assert excerpt and len(excerpt) <= 120 and "\u200b" not in excerpt and "\n" not in excerpt


def test_confidential_fields_and_records_text_never_reach_the_search_files(built_site, index):
    text = search_text(built_site)
    for secret in ("139-5555-0101", "13955550101", "zheng.secret", "HT-SECRET-7788", "htsecret7788",
                   "3860000", "3,860,000", "机密内容", "\"乙丙\""):
        assert secret.lower() not in text.lower(), secret
    # the confidential meeting is still found by its title, as its internal page shows it
    assert searchengine.ranked_urls(index, "绝密并购洽谈纪要")[0] == "archive/huaxin-foods/meetings/2026-11-18-merger/"


def test_the_public_handbook_indexes_only_its_own_pages(public_site):
    index = searchengine.load(public_site)
    urls = [index.url(n) for n in range(index.manifest["docs"])]
    assert urls and not [u for u in urls if u.startswith(("archive/", "dashboards/"))]
    assert index.manifest["clients"] == []
    assert "华信" not in search_text(public_site)
