"""The content cache of the pages MkDocs still renders (build/mdcache/): a build converts again exactly the
handbook and generated pages whose content changes, gives a site byte-identical to one built without the
cache, keeps MkDocs' link warnings, and never stores or shows anything the sanitizer would not let through."""
from __future__ import annotations

import json

import pytest

from sitebuild import C, FILES, JOB, RECORDS, article, build, make_project

pytestmark = pytest.mark.slow

GUIDE = """# 报价指南

报价前先看[工作档案](../archive/jobs.md)和[流程](flow.md#第二步)。

## 第一步

核对预算。
"""
FLOW = """# 流程

## 第二步

<img src="x" onerror="alert(1)"><script>alert('mdcache')</script>[点我](javascript:alert(2))
"""
HANDBOOK = {"content/guide/quote.md": GUIDE, "content/guide/flow.md": FLOW}


def _build(project, site, strict=False):
    result = build(project, site, strict=strict)
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    report = json.loads((project / "build" / "mdcache" / "last-build.json").read_text(encoding="utf-8"))
    html = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    return result, set(report["rendered"]), set(report["reused"]), html


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _page(uri: str) -> str:
    """The built file of a page: `guide/quote.md` -> `guide/quote/index.html`, `archive/index.md` -> `archive/index.html`."""
    stem = uri.removesuffix(".md")
    return f"{stem}.html" if stem == "index" or stem.endswith("/index") else f"{stem}/index.html"


def _changed_articles(before, after, uris):
    return {u for u in uris if article(before[_page(u)].decode()) != article(after[_page(u)].decode())}


def test_a_warm_build_is_byte_identical_and_each_change_renders_only_its_pages(tmp_path):
    project = make_project(tmp_path / "p", RECORDS, {**FILES, **HANDBOOK})
    cold_site, warm_site = tmp_path / "cold", tmp_path / "warm"
    result, rendered, reused, cold = _build(project, cold_site)
    assert result.returncode == 0, result.stderr[-3000:]
    assert reused == set() and {"guide/quote.md", "guide/flow.md", "archive/jobs.md"} <= rendered
    result, again, reused, warm = _build(project, warm_site)
    assert again == set() and reused == rendered
    assert warm == cold  # every file of the site, search files included, byte for byte
    pages = reused

    # one handbook page edited: that page only
    _edit(project / "content/guide/quote.md", "核对预算。", "核对预算和排期。")
    _, rendered, reused, after = _build(project, warm_site)
    assert rendered == {"guide/quote.md"} and reused == pages - rendered
    assert "核对预算和排期" in after[_page("guide/quote.md")].decode()
    assert _changed_articles(warm, after, pages) == {"guide/quote.md"}

    # one record's title: the MkDocs pages that show it (its register), not the handbook
    warm = after
    _edit(project / f"{C}/jobs/{JOB}/job.md", "title: 冬日暖酪冬季新品电视广告", "title: 冬日暖酪冬季新品电视广告片")
    _, rendered, reused, after = _build(project, warm_site)
    assert "archive/jobs.md" in rendered and not {"guide/quote.md", "guide/flow.md", "index.md"} & rendered
    assert rendered == _changed_articles(warm, after, pages)
    assert "冬日暖酪冬季新品电视广告片" in after[_page("archive/jobs.md")].decode()


def test_link_warnings_survive_a_cache_hit_and_a_moved_target_renders_the_linking_page(tmp_path):
    project = make_project(tmp_path / "p", RECORDS, {**FILES, **HANDBOOK,
                                                    "content/guide/broken.md": "# 坏链接\n\n[没有这页](nowhere.md)\n"})
    site = tmp_path / "site"
    for _ in range(2):  # cold, then from the cache: the same warnings, and --strict fails both times
        result = build(project, site, strict=True)
        log = result.stdout + result.stderr
        assert result.returncode != 0 and "contains a link 'nowhere.md'" in log, log[-3000:]
        assert "does not contain an anchor '#第三步'" not in log
    _edit(project / "content/guide/quote.md", "flow.md#第二步", "flow.md#第三步")
    _, rendered, _, _ = _build(project, site)
    assert rendered == {"guide/quote.md"}
    for _ in range(2):  # the link to a missing anchor (checked after all pages are rendered) is still named
        result = build(project, site, strict=False)
        assert "does not contain an anchor '#第三步'" in result.stdout + result.stderr
    # the linked page moves: the page that links to it is converted again and says so
    (project / "content/guide/flow.md").rename(project / "content/guide/steps.md")
    result, rendered, _, _ = _build(project, site)
    assert "guide/quote.md" in rendered and "contains a link 'flow.md#第三步'" in result.stdout + result.stderr
    assert "guide/broken.md" not in rendered


def test_hostile_markdown_is_stored_and_served_sanitized(tmp_path):
    project = make_project(tmp_path / "p", RECORDS, {**FILES, **HANDBOOK})
    site = tmp_path / "site"
    for _ in range(2):  # cold and warm
        _, _, _, html = _build(project, site)
        page = html[_page("guide/flow.md")].decode()
        assert "第二步" in page
        assert "onerror" not in page and "alert('mdcache')" not in page and "javascript:" not in page
    entries = [json.loads(p.read_text(encoding="utf-8")) for p in (project / "build" / "mdcache").glob("*.json")]
    stored = [json.dumps(e, ensure_ascii=False) for e in entries if (e.get("doc") or {}).get("title") == "流程"]
    assert len(stored) == 1  # the entry is the sanitized page, never its Markdown or the raw HTML
    assert "onerror" not in stored[0] and "<script" not in stored[0] and "javascript:" not in stored[0]


def test_a_damaged_cache_entry_is_rendered_again_not_a_traceback(tmp_path):
    project = make_project(tmp_path / "p", RECORDS, {**FILES, **HANDBOOK})
    site = tmp_path / "site"
    _, rendered, _, before = _build(project, site)
    paths = sorted((project / "build" / "mdcache").glob("*.json"))
    entries = [p for p in paths if p.name != "last-build.json"]
    for i, path in enumerate(entries):  # the key still matches: only the stored parts are wrong
        entry = json.loads(path.read_text(encoding="utf-8"))
        if i % 3 == 0:
            entry["toc"] = [{"oops": 1}]
        elif i % 3 == 1:
            entry["doc"] = {"no such field": 1}
        else:
            entry["warnings"] = [["mkdocs", "WARNING", 3]]
        path.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
    entries[0].write_text("{", encoding="utf-8")  # a crash cut it short
    result, again, reused, after = _build(project, site)
    assert result.returncode == 0 and reused == set() and again == rendered
    assert after == before
