"""The pages MkDocs converts get their HTML blocks kept out of Markdown (`generate(stashed=True)`):
put back, every page is the page `generate()` makes whole, and no marker reaches a file MkDocs copies."""
from __future__ import annotations

import pytest

from sitebuild import REPO

from generators.site.build import generate
from generators.site.record_pages import RecordEntry
from generators.site.render import MARK_CLOSE, MARK_OPEN, stashed_blocks, unstash


@pytest.fixture(scope="module")
def both():
    kw = dict(use_git=False, docs_uris={"index.md", "documents/index.md"}, keep=False)
    return generate(REPO, **kw), generate(REPO, stashed=True, **kw)


def _fixed(gen):
    return {p.uri: p.content for p in gen.pages if not isinstance(p, RecordEntry)}


def test_put_back_every_page_is_the_whole_page(both):
    whole, stashed = both
    a, b = _fixed(whole), _fixed(stashed)
    assert a.keys() == b.keys()
    assert {u for u in a if unstash(b[u], stashed.blocks) != a[u]} == set()
    # the registers and dashboards are what it is for: their tables are not in their Markdown any more
    assert {"archive/jobs.md", "archive/meetings.md", "dashboards/todo/index.md"} <= stashed.stashed
    assert len(b["archive/jobs.md"]) < len(a["archive/jobs.md"]) / 3
    assert whole.blocks == [] and whole.stashed == set()


def test_only_markdown_pages_keep_markers(both):
    _, stashed = both
    for uri, text in _fixed(stashed).items():
        if not uri.endswith(".md"):
            assert MARK_OPEN not in text and MARK_CLOSE not in text, uri
        elif MARK_OPEN in text:
            assert uri in stashed.stashed


def test_the_blocks_a_page_names_are_part_of_its_key(both):
    _, stashed = both
    text = _fixed(stashed)["archive/jobs.md"]
    named = stashed_blocks(text, stashed.blocks)
    assert "HXF-2026-0042" in named and "HXF-2026-0042" not in text
    assert stashed_blocks("没有标记的页面", stashed.blocks) == ""
    # what the hooks ask: the same answers, and nothing for a page that was never stashed (the handbook)
    assert stashed.blocks_named("archive/jobs.md", text) == named
    assert stashed.blocks_named("guide/x.md", text) == "" and stashed.put_back("guide/x.md", text) == text
    assert stashed.put_back("archive/jobs.md", text) == unstash(text, stashed.blocks)


def test_a_marker_naming_no_block_stays_text():
    assert unstash(f"x {MARK_OPEN}99{MARK_CLOSE} y", ["<b>0</b>"]) == f"x {MARK_OPEN}99{MARK_CLOSE} y"


def test_the_public_handbook_is_never_stashed():
    # its Markdown is rewritten whole before MkDocs converts it (sample names and ids made neutral): a
    # block kept aside would keep them
    gen = generate(REPO, public=True, stashed=True, use_git=False)
    assert gen.blocks == [] and gen.stashed == set()
    assert not any(MARK_OPEN in p.content for p in gen.pages)
