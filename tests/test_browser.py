"""The built site in a real browser: Debian's headless Chromium, driven by Playwright.

The repository's own site (handbook + sample archive) is built into a temporary folder, served on
127.0.0.1 and used the way an AE uses it: type into the site's search box, click from a client page
to a job and on to its attachment. Every step leaves a screenshot in test-artifacts/browser/.

No /usr/bin/chromium: the tests are skipped (`make browser` installs it), unless REQUIRE_BROWSER=1
(.ci/run sets it), where they fail instead.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from browser_support import chromium, path_of, search
from sitebuild import REPO

pytestmark = pytest.mark.slow

ARTIFACTS = REPO / "test-artifacts" / "browser"
CLIENT = "archive/huaxin-foods/"
JOB_NO = "HXF-2026-0042"
JOB = f"{CLIENT}jobs/{JOB_NO}/"
ATTACHMENT = "brief.txt"  # clients/huaxin-foods/jobs/HXF-2026-0042/brief.txt
# A word from the middle of a record's Chinese title: 冬日暖酪电视广告演员【肖像权】期限咨询
WORD = "肖像权"
WORD_RECORD = f"{CLIENT}issues/2026-10-29-tvc-usage-rights-inquiry/"


@pytest.fixture(scope="module")
def site(repo_site):
    """The repository's site, built once per test session (conftest.repo_site)."""
    return repo_site


@pytest.fixture(scope="module")
def base_url(repo_url):
    return repo_url


@pytest.fixture(scope="module")
def page(base_url, tmp_path_factory):
    """One headless Chromium page (fresh profile) for the module; artefacts start empty."""
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    with chromium(tmp_path_factory.mktemp("chromium-profile")) as p:
        p.goto(base_url)
        yield p


def shot(page, name: str) -> Path:
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


def test_chinese_word_from_the_middle_of_a_title_finds_the_record_first(page, base_url):
    page.goto(base_url)
    results = search(page, WORD)
    shot(page, "1-search-chinese-word")
    assert results, f"搜索“{WORD}”没有结果"
    assert results[0] == WORD_RECORD, f"搜索“{WORD}”第一个结果是 {results[0]}，不是 {WORD_RECORD}；前五：{results[:5]}"


def test_job_number_finds_the_job_first(page, base_url):
    page.goto(base_url)
    results = search(page, JOB_NO)
    shot(page, "2-search-job-number")
    assert results and results[0] == JOB, f"搜索工作号 {JOB_NO}：第一个结果应是 {JOB}，实际前五个是 {results[:5]}"


@pytest.mark.parametrize("query, expected", [
    ("青山E行", "archive/qingshan-auto/brands/qingshan-ev/"),  # Han and Latin in one name
    ("华信食品", CLIENT),  # the client page outranks the meetings that mention the client
])
def test_a_name_finds_its_client_or_brand_page_first(page, base_url, query, expected):
    page.goto(base_url)
    results = search(page, query)
    assert results and results[0] == expected, f"搜索“{query}”：第一个结果应是 {expected}，实际前五个是 {results[:5]}"


def test_client_page_to_job_to_attachment_by_clicking(page, base_url):
    page.goto(base_url + CLIENT)
    shot(page, "3-client-page")
    page.locator(f"article a[href$='jobs/{JOB_NO}/']").first.click()
    page.wait_for_url(f"**/{JOB}")
    page.wait_for_load_state()
    assert page.locator("article h1").first.inner_text().startswith(JOB_NO)
    shot(page, "4-job-page")
    link = page.locator(f"article a[href$='/{ATTACHMENT}'], article a[href='{ATTACHMENT}']").first  # instant loading makes hrefs absolute
    with page.expect_response(lambda r: path_of(r.url) == JOB + ATTACHMENT) as response_info:
        link.click()
    response = response_info.value
    page.wait_for_load_state()
    shot(page, "5-attachment")
    expected = (REPO / "clients" / "huaxin-foods" / "jobs" / JOB_NO / ATTACHMENT).read_bytes()
    assert response.status == 200, f"{response.url}: HTTP {response.status}"
    assert response.body() == expected
    assert path_of(page.url) == JOB + ATTACHMENT
    assert expected.decode("utf-8").strip().splitlines()[0] in page.locator("body").inner_text()


def test_the_browser_gives_the_shared_vectors_answers(page, base_url, site):
    """assets/archive-search.js gives every query of tests/golden/search_vectors.json the same terms
    and the same ranked URLs as generators/site/searchengine.py, which computes them on this build."""
    import json
    from search_vectors import GOLDEN, vectors
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert vectors(site) == golden, "样例网站变了：按 tests/search_vectors.py 开头的说明重新生成 search_vectors.json"
    page.goto(base_url)
    for v in golden["vectors"]:
        terms = page.evaluate("q => archiveSearch.queryTerms(q)", v["query"])
        assert terms == v["terms"], (v["query"], terms)
        urls = page.evaluate("([q, f, n]) => archiveSearch.rankedUrls(q, f, n)", [v["query"], v["filters"], golden["limit"]])
        assert urls == v["urls"], (v["query"], v["filters"], urls)


def test_typing_a_job_number_key_by_key_answers_every_keystroke(page, base_url):
    page.goto(base_url + JOB)
    for n in (4, 8, len(JOB_NO)):
        results = search(page, JOB_NO[:n])
        assert JOB in results[:5], (JOB_NO[:n], results[:5])
    shot(page, "6-search-typed")
    text = page.locator("#archive-results > li").first.inner_text()
    assert "工作档案" in text and "华信食品" in text and "\u200b" not in text


def test_a_sample_of_ret_finds_answers_in_the_browser(page, base_url, site):
    """RET-FIND's queries for a sample of records: the box shows the record first for an id, in the top
    three otherwise, exactly where RET-FIND (searchengine over the built index) puts it."""
    from generators.archive.config import load_settings
    from generators.archive.records import load_archive
    from generators.site import ret_find, searchengine
    from generators.site.render import url_of
    from generators.archive.uris import record_uri
    archive = load_archive(load_settings(REPO))
    index = searchengine.load(site)
    sample = [r for r in archive.records if r.type in ("job", "client", "brand", "weekly-status", "meeting")][::4][:12]
    page.goto(base_url)
    for r in sample:
        url = url_of(record_uri(r.path), True)
        for kind, query in ret_find.queries(r, archive):
            shown = search(page, query)
            need = ret_find.ID_KINDS.get(kind, ret_find.TOP)
            expected = searchengine.rank_of(index, query, url).rank
            assert expected is not None and shown.index(url) + 1 == expected <= need, (query, url, shown[:5])
    shot(page, "7-search-ret-find")


def test_search_page_filters_by_type_client_and_year(page, base_url):
    page.goto(base_url + "search/?q=" + "冬季&type=job")
    page.wait_for_function("""() => { const l = document.getElementById("archive-page-results");
                                      return l && l.getAttribute("data-query") === "冬季"; }""")
    assert page.locator("#archive-filter-type").input_value() == "job"
    links = page.locator("#archive-page-results > li > a")
    assert links.count() >= 1
    assert all("/jobs/" in path_of(links.nth(i).get_attribute("href")) for i in range(links.count()))
    page.select_option("#archive-filter-year", "2024")
    page.wait_for_timeout(600)
    shot(page, "8-search-page")
    assert "q=%E5%86%AC%E5%AD%A3" in page.url and "year=2024" in page.url


def test_nothing_comes_from_another_host(page, base_url):
    hosts = set()
    page.on("request", lambda req: hosts.add(req.url.split("/")[2]))
    page.goto(base_url + JOB)
    search(page, "冬日暖酪")
    assert hosts == {base_url.split("/")[2]}, hosts
