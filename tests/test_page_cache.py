"""The page cache (build/pages/): a build renders again exactly the record pages whose output changes, for
every kind of input a page shows (its record, a record it links to, a template, mkdocs.yml, as_of, a
finding), and writes the others from the cache, unchanged."""
from __future__ import annotations

import json
import re

import pytest

from sitebuild import C, FILES, RECORDS, build, make_project

from generators.site.render import url_of

pytestmark = pytest.mark.slow
MEETING = f"{C}/meetings/2026-11-18-merger.md"
BRAND = f"{C}/brands/huaxin-yogurt/brand.md"


def _build(project, site):
    result = build(project, site, strict=False)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-3000:]
    report = json.loads((project / "build" / "pages-last-build.json").read_text(encoding="utf-8"))
    pages = {uri: (site / url_of(uri) / "index.html").read_bytes() for uri in report["rendered"] + report["reused"]}
    return set(report["rendered"]), pages


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _showing(pages, text):
    return {uri for uri, html in pages.items() if text.encode() in html}


def test_each_kind_of_input_renders_again_exactly_the_pages_that_show_it(tmp_path):
    project = make_project(tmp_path / "p", RECORDS, FILES)
    site = tmp_path / "site"
    rendered, before = _build(project, site)
    assert rendered == set(before) and len(before) >= 10  # a cold build renders every record page
    rendered, again = _build(project, site)
    assert rendered == set() and again == before  # nothing changed: every page from the cache, byte for byte

    def change(edit):
        nonlocal before
        edit()
        rendered, after = _build(project, site)
        assert set(after) == set(before)
        changed = {uri for uri in after if after[uri] != before[uri]}
        assert rendered == changed, (sorted(rendered - changed), sorted(changed - rendered))
        before = after
        return rendered, after

    # the record's own text: its page only
    rendered, pages = change(lambda: _edit(project / MEETING, "机密内容甲乙丙。", "机密内容甲乙丙。缓存测试段落。"))
    assert rendered == _showing(pages, "缓存测试段落") == {MEETING.replace("clients/", "archive/")}
    # a record other pages link to by its name: every page that shows the name
    rendered, pages = change(lambda: _edit(project / BRAND, "name: ", "name: 新名"))
    name = re.search(r"^name: (.+)$", (project / BRAND).read_text(encoding="utf-8"), re.M).group(1)
    assert len(rendered) > 1 and rendered == _showing(pages, name)
    # a finding: the meeting report sent two days late (MTG-24H) shows on the meeting's page
    rendered, pages = change(lambda: _edit(project / MEETING, 'sent_at: "2026-11-18 12:00"', 'sent_at: "2026-11-20 12:00"'))
    assert MEETING.replace("clients/", "archive/") in rendered & _showing(pages, "MTG-24H")
    # a template of the generated blocks: the pages that use it
    rendered, pages = change(lambda: _edit(project / "generators/site/templates/history.html.j2",
                                           'class="archive-history', 'class="archive-history archive-cached'))
    assert rendered and rendered == _showing(pages, "archive-cached")
    # as_of (every printed page's header) and mkdocs.yml (every page's shell): every page
    rendered, _ = change(lambda: _edit(project / "archive.toml", 'as_of = "2026-11-20"', 'as_of = "2026-11-21"'))
    assert rendered == set(before)
    rendered, _ = change(lambda: _edit(project / "mkdocs.yml", "site_name: ", "site_name: 新"))
    assert rendered == set(before)
