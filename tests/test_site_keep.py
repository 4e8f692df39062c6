"""The site's archive folder kept between builds (generators/site/site_keep.py): after a build the folder
holds exactly this build's record pages, byte for byte what a build into an empty site writes; a page that
is already the cached file is not written again; anything else in the folder (a stray file, a link, the
page of a deleted record, the last build's copy of a changed page) is gone; the public handbook keeps
nothing of it."""
from __future__ import annotations

import os

import pytest

from sitebuild import C, FILES, RECORDS, build, make_project

from generators.site import site_keep

MEETING = f"{C}/meetings/2026-11-18-merger.md"


def _tree(site):
    """Every file and link under `site` (relative path -> bytes, or the link's target)."""
    out = {}
    for folder, dirs, files in os.walk(site):
        for name in files + [d for d in dirs if os.path.islink(os.path.join(folder, d))]:
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, site)
            out[rel] = ("link", os.readlink(path)) if os.path.islink(path) else open(path, "rb").read()
    return out


def _dirs(site):
    return {os.path.relpath(folder, site) for folder, _, _ in os.walk(site)}


def test_prune_keeps_only_the_wanted_cached_files(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "build" / "pages"
    cache.mkdir(parents=True)
    good, old = cache / "good.html", cache / "old.html"
    good.write_text("好页面", encoding="utf-8")
    old.write_text("旧页面", encoding="utf-8")
    (site / "archive" / "c" / "kept").mkdir(parents=True)
    (site / "archive" / "c" / "changed").mkdir(parents=True)
    (site / "archive" / "gone" / "deep").mkdir(parents=True)
    os.link(good, site / "archive" / "c" / "kept" / "index.html")
    os.link(old, site / "archive" / "c" / "changed" / "index.html")  # the last build's page, not this one's
    (site / "archive" / "c" / "copy.html").write_text("好页面", encoding="utf-8")  # same bytes, another file
    (site / "archive" / "gone" / "deep" / "index.html").write_text("删掉的记录", encoding="utf-8")
    os.symlink(good, site / "archive" / "c" / "link.html")
    os.symlink(tmp_path, site / "archive" / "c" / "outside")
    wanted = {"archive/c/kept/index.html": good, "archive/c/changed/index.html": good,
              "archive/c/copy.html": good, "archive/c/link.html": good}
    assert site_keep.stash(site) and not (site / "archive").exists()
    assert site_keep.restore(site)
    assert site_keep.prune(site, wanted) == {"archive/c/kept/index.html"}  # in place: not placed again
    assert _tree(site) == {"archive/c/kept/index.html": "好页面".encode()}
    assert _dirs(site) == {".", "archive", "archive/c", "archive/c/kept"}  # emptied folders go too
    assert tmp_path.exists() and good.exists()  # a link is removed, never followed
    assert site_keep.same_file(site / "archive" / "c" / "kept" / "index.html", good)
    assert not site_keep.same_file(site / "archive" / "c" / "changed" / "index.html", good)


def test_a_linked_archive_folder_is_not_kept(tmp_path):
    site, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    (elsewhere / "x").mkdir(parents=True)
    site.mkdir()
    os.symlink(elsewhere, site / "archive")
    assert not site_keep.stash(site)
    (site / site_keep.KEPT).mkdir()
    (site / site_keep.KEPT / "stale.html").write_text("旧", encoding="utf-8")
    site_keep.discard(site)
    assert not (site / site_keep.KEPT).exists() and (elsewhere / "x").is_dir()


@pytest.mark.slow
def test_a_kept_site_is_the_same_as_one_built_into_an_empty_folder(tmp_path):
    project = make_project(tmp_path / "p", RECORDS, FILES)
    site, fresh = tmp_path / "site", tmp_path / "fresh"
    assert build(project, site, strict=False).returncode == 0
    page = site / "archive" / C.split("/", 1)[1] / "meetings" / "2026-11-18-merger" / "index.html"
    before = os.stat(page).st_ino
    stray = site / "archive" / "stray.html"
    stray.write_text("<script>留下来的文件</script>", encoding="utf-8")
    os.symlink(project / "archive.toml", site / "archive" / "link.html")
    # an unchanged page stays the very file; a stray file and a link are gone
    assert build(project, site, strict=False).returncode == 0
    assert os.stat(page).st_ino == before and not stray.exists() and not os.path.lexists(site / "archive" / "link.html")
    # an edited record: its page is the new one; a deleted record: its page is gone, as in a build from empty
    text = (project / MEETING).read_text(encoding="utf-8")
    (project / MEETING).write_text(text.replace("机密内容甲乙丙。", "机密内容甲乙丙。保留测试段落。", 1), encoding="utf-8")
    deleted = next(p for p in sorted((project / C).rglob("*.md")) if "/meetings/" in p.as_posix() and p.name != "2026-11-18-merger.md")
    deleted.unlink()
    assert build(project, site, strict=False).returncode == 0
    assert "保留测试段落".encode() in page.read_bytes()
    assert build(project, fresh, strict=False).returncode == 0
    assert _tree(site) == _tree(fresh) and _dirs(site) == _dirs(fresh)
    assert not (site / site_keep.KEPT).exists()
    # the public handbook built into the same folder keeps nothing of the archive
    assert build(project, site, public=True, strict=False).returncode == 0
    assert not (site / "archive").exists() and not (site / site_keep.KEPT).exists()
