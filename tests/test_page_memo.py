"""Kept record-page content (generators/site/page_memo.py): after every kind of edit an AE makes to the
archive, the record pages of an incremental build are, page by page, those a from-scratch generation
makes; and a build after a small edit generates again only a few pages."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from generators.archive.schema import schemas
from generators.site import build, fragment_memo, page_memo, record_site, render
from generators.site.record_pages import PageSummary, RecordPage, finish

REPO = Path(__file__).resolve().parents[1]
HXF = "clients/huaxin-foods"
JOB = f"{HXF}/jobs/HXF-2026-0031/job.md"
MEETING = f"{HXF}/meetings/2026-09-08-winter-product-preview.md"
ROWS: dict[str, int] = {}  # the register rows the last incremental build made and reused


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=王芳", "-c", "user.email=wf@example.com", *args], cwd=root,
                   check=True, capture_output=True)


@pytest.fixture
def sample(tmp_path):
    """A copy of the sample archive in its own git repository (history lines on the pages)."""
    root = tmp_path / "p"
    root.mkdir()
    for name in ("clients", "content"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "archive.toml", root / "archive.toml")
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "sample")
    page_memo._MEMORY.clear()
    fragment_memo.forget()
    yield root
    page_memo._MEMORY.clear()
    fragment_memo.forget()


def _pages(root: Path, keep: bool) -> dict[str, dict]:
    """Every record page of a build as the build writes it: kept (a summary with its content's digest) or
    generated; `finish` keeps them for the next build, as writing the site does. And the registers, whose
    rows are kept the same way (generators/site/fragment_memo.py)."""
    gen = build.generate(root, keep=keep)
    entries = record_site.record_pages(gen.pages)
    pages = {e.uri: vars(e.resolve().summary()) for e in entries}
    finish(entries)
    pages.update({uri: {"content": render.unstash(p.content, gen.blocks)} for uri, p in _registers(gen).items()})
    return pages


def _registers(gen) -> dict:
    uris = {f"archive/{s.register['page']}" for s in schemas(gen.settings.root).values() if s.register}
    found = {p.uri: p for p in gen.pages if p.uri in uris}
    assert found.keys() == uris
    return found


def _edit(root: Path, rel: str, old: str, new: str, count: int = 1) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _same_as_scratch(root: Path, from_disk: bool = False) -> set[str]:
    """Incremental pages == from-scratch pages, each one; returns the record paths generated again."""
    if from_disk:  # a new `make build`: nothing in memory, the kept content read from build/
        page_memo._MEMORY.clear()
        fragment_memo.forget()
    incremental = _pages(root, keep=True)
    generated = set(page_memo.LAST["generated"])
    ROWS.update(fragment_memo.LAST["register-rows"])
    assert not page_memo.LAST["untraced"]  # every page's reads are traced: every page can be kept
    scratch = _pages(root, keep=False)
    assert incremental.keys() == scratch.keys()
    for uri in scratch:
        assert incremental[uri] == scratch[uri], uri
    return generated


@pytest.mark.slow
def test_incremental_record_pages_equal_a_fresh_generation_after_each_edit(sample, tmp_path, monkeypatch):
    root = sample
    everything = _same_as_scratch(root)
    assert len(everything) > 100  # the first build generates every page
    rows = ROWS["made"]
    assert rows > 100 and ROWS["reused"] == 0  # and every register row
    assert _same_as_scratch(root) == set()  # nothing changed: nothing generated
    assert ROWS == {"made": 0, "reused": rows}
    assert _same_as_scratch(root, from_disk=True) == set()  # the same from build/ in a new process
    assert ROWS == {"made": 0, "reused": rows}

    def step(name, edit, commit=True, from_disk=False):
        edit()
        if commit:
            _git(root, "add", "-A")
            _git(root, "commit", "-qm", name)
        return _same_as_scratch(root, from_disk)

    # a body (committed: the page's history lines change too): that page, and the pages that list the
    # record (its client, brand and job pages: a record another page reads is compared whole)
    body = step("body", lambda: _edit(root, MEETING, "# ", "# 补充 ", 1))
    assert body == {MEETING, JOB, f"{HXF}/client.md", f"{HXF}/brands/huaxin-yogurt/brand.md",
                    f"{HXF}/brands/huaxin-crisps/brand.md"}
    assert ROWS["made"] == 1  # the meeting's row on the meeting register; no row links a meeting
    # a job's title: its page and the pages that name or list it
    title = step("title", lambda: _edit(root, JOB, "title: 华信鲜酪消费者使用习惯调研", "title: 华信鲜酪使用习惯研究"))
    assert JOB in title and MEETING in title and f"{HXF}/client.md" in title and len(title) < len(everything)
    assert 1 <= ROWS["made"] < 10  # the job's row, and the rows that link the job by its title
    # a client's short name: its records' crumbs and print headers
    short = step("short name", lambda: _edit(root, f"{HXF}/client.md", "short_name: 华信食品", "short_name: 华信"),
                 from_disk=True)
    assert f"{HXF}/client.md" in short and JOB in short and not any(p.startswith("clients/boya-edu/") for p in short)
    step("brand name", lambda: _edit(root, f"{HXF}/brands/huaxin-yogurt/brand.md", "name: 华信鲜酪", "name: 华信鲜酪乳"))
    # a reference removed, then added back (the job's backlinks, the meeting's panel)
    removed = step("reference removed", lambda: _edit(root, MEETING, 'jobs:\n- "HXF-2026-0031"\n', "jobs: []\n"))
    assert {MEETING, JOB} <= removed
    step("reference added", lambda: _edit(root, MEETING, "jobs: []\n", 'jobs:\n- "HXF-2026-0031"\n'), commit=False)
    # a record deleted, and one added
    gone = root / f"{HXF}/meetings/2026-11-02-weekly-sync.md"
    saved = gone.read_text(encoding="utf-8")
    step("record deleted", lambda: gone.unlink())
    step("record added", lambda: (root / f"{HXF}/meetings/2026-11-03-weekly-sync.md").write_text(
        saved.replace("2026-11-02", "2026-11-03"), encoding="utf-8"), from_disk=True)
    # a finding appears (a date that is not one), then disappears
    found = step("finding appears", lambda: _edit(root, JOB, "due: 2026-09-20", "due: 2026-09-31"))
    assert JOB in found
    step("finding disappears", lambda: _edit(root, JOB, "due: 2026-09-31", "due: 2026-09-20"))
    # as_of moves: every page shows it (the print header)
    step("as_of", lambda: _edit(root, "archive.toml", 'as_of = "2026-11-20"', 'as_of = "2026-11-27"'))
    assert not page_memo.LAST["reused"]
    # archive.toml (the archive's name, in every print header)
    step("archive.toml", lambda: _edit(root, "archive.toml", "name = \"", "name = \"新", 1), from_disk=True)
    # a template of the page blocks (a copy, so the package is not touched)
    templates = tmp_path / "templates"
    shutil.copytree(render.TEMPLATES, templates)
    monkeypatch.setattr(render, "TEMPLATES", templates)
    render.environment.cache_clear()
    try:
        step("template", lambda: _edit(root.parent / "templates", "links.html.j2", "{", "<!-- v2 -->{", 1),
             commit=False)
        assert not page_memo.LAST["reused"]
    finally:
        render.environment.cache_clear()


def test_a_page_that_reads_the_site_around_the_tracer_is_not_kept(sample):
    """A lookup the tracer does not know (here Site.by_type) cannot be asked again next build: the page
    is generated every build instead of being kept with an incomplete trace."""
    from generators.rules.check import check_archive
    from generators.site.crumbs import record_crumbs
    from generators.site.model import Site

    archive, findings, ctx = check_archive(sample, None, False)
    site = Site(archive, findings, ctx)
    memo = page_memo.Memo(site, PageSummary)
    client, job = site.by_path[f"{HXF}/client.md"], site.by_path[JOB]
    memo.page(client, lambda traced, r: RecordPage("a.md", str(len(traced.by_type["job"])), [], "t", {}))
    memo.page(job, lambda traced, r: RecordPage("b.md", record_crumbs(traced, r, "b.md"), [], "t", {}))
    assert memo.untraced == [f"{HXF}/client.md"] and set(memo.now) == {JOB}
    trace = memo.now[JOB][0]
    assert ("path", JOB) in trace and ("get", "client", "huaxin-foods") in trace  # the crumbs' client, traced


class _Planted:
    def __reduce__(self):  # what a hostile pickle does when loaded
        return (print, ("planted code ran",))


@pytest.mark.parametrize("kept", [b"not a pickle", b"\x80\x05K\x01", "short", "shapes", "class"])
def test_a_damaged_kept_file_only_means_every_page_is_generated(sample, kept, capsys):
    """build/record-content.pickle is a cache: unreadable, truncated, foreign, of the wrong shape or naming a
    class (the way a pickle runs code), it is ignored: no traceback, nothing run."""
    import pickle

    from generators.rules.check import check_archive
    from generators.site.model import Site
    from generators.site.record_pages import record_pages

    archive, findings, ctx = check_archive(sample, None, False)
    site = Site(archive, findings, ctx)
    key = page_memo.build_key(site)
    data = kept if isinstance(kept, bytes) else pickle.dumps({
        "short": (page_memo._FORMAT, key),
        "shapes": (page_memo._FORMAT, key, {JOB: ([["path"]], {"uri": 1})}),
        "class": (page_memo._FORMAT, key, {JOB: ({("path", JOB): "x"}, {"uri": _Planted()})}),
    }[kept])
    (sample / "build").mkdir(exist_ok=True)
    (sample / "build" / page_memo._FILE).write_bytes(data)
    pages = record_pages(site)
    for p in pages:
        p.resolve()
    finish(pages)
    assert len(pages) == len(archive.records) and not page_memo.LAST["reused"]
    assert len(page_memo.LAST["generated"]) == len(archive.records)
    assert "planted code ran" not in capsys.readouterr().out
