"""The incremental search index (generators/site/searchfiles.py, searchcache.py): after every kind of
one-record change its files are byte for byte those of a build from scratch, it re-encodes only what
changed, and a confidential flag reaches the kept documents."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generators.archive.config import load_settings
from generators.archive.records import load_archive
from generators.archive.uris import record_uri
from generators.site import searchcache, searchdocs, searchengine, searchfiles
from generators.site.render import url_of
from sitebuild import REPO

JOB = "clients/huaxin-foods/jobs/HXF-2025-0021/job.md"
CLIENT = "clients/huaxin-foods/client.md"


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _add(root: Path) -> None:
    src = root / "clients/huaxin-foods/jobs/HXF-2025-0021"
    dest = root / "clients/huaxin-foods/jobs/HXF-2026-0999"
    shutil.copytree(src, dest)
    _edit(root, "clients/huaxin-foods/jobs/HXF-2026-0999/job.md", 'job_no: "HXF-2025-0021"', 'job_no: "HXF-2026-0999"')
    _edit(root, "clients/huaxin-foods/jobs/HXF-2026-0999/job.md", "opened: 2025-07-03", "opened: 2026-11-30")


EDITS = [
    ("body", lambda root: (root / JOB).write_text((root / JOB).read_text(encoding="utf-8") + "\n补充说明：门店陈列照片已归档。\n",
                                                  encoding="utf-8")),
    ("title", lambda root: _edit(root, JOB, "title: 脆谷开学季店头物料", "title: 脆谷秋季开学店头物料")),
    ("add", _add),
    ("client name", lambda root: _edit(root, CLIENT, "short_name: 华信食品", "short_name: 华信")),
    ("delete", lambda root: shutil.rmtree(root / "clients/huaxin-foods/jobs/HXF-2025-0021")),
    ("confidential", lambda root: _edit(root, CLIENT, "id: huaxin-foods\n", "id: huaxin-foods\nconfidential: true\n")),
]


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _index(root: Path, site: Path, cache: Path | None, archive=None):
    archive = archive or load_archive(load_settings(root))
    urls = {url_of(record_uri(r.path), True): r.path for r in archive.records}
    return searchdocs.write_site_index(archive, urls, [], site, cache)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(REPO / "clients", root / "clients")
    shutil.copy(REPO / "archive.toml", root / "archive.toml")
    return root


@pytest.mark.parametrize("process", ["same", "new"])
def test_every_kind_of_change_gives_the_files_of_a_build_from_scratch(project: Path, tmp_path: Path, process):
    cache = tmp_path / "build" / "search-cache"
    _index(project, tmp_path / "site0", cache)
    for n, (what, change) in enumerate(EDITS, 1):
        change(project)
        if process == "new":  # a new process: nothing kept in memory, only build/
            searchfiles._MEMORY.clear()
            searchcache._MEMORY.clear()
        archive = load_archive(load_settings(project))
        kept = _index(project, tmp_path / f"site{n}", cache, archive)
        assert searchfiles.LAST["mode"] == "update", what
        cold = _index(project, tmp_path / f"cold{n}", None, archive)
        assert _files(tmp_path / f"site{n}" / "search") == _files(tmp_path / f"cold{n}" / "search"), what
        assert _files(tmp_path / "build" / "search-site") == _files(tmp_path / f"cold{n}" / "search"), what
        assert [d.url for d in kept.docs] == [d.url for d in cold.docs]
        assert {t: (list(p[0]), list(p[1])) for t, p in kept.postings.items()} == \
            {t: (list(p[0]), list(p[1])) for t, p in cold.postings.items()}, what


def test_a_body_edit_rewrites_only_the_shards_of_its_terms(project: Path, tmp_path: Path):
    cache = tmp_path / "build" / "search-cache"
    _index(project, tmp_path / "site0", cache)
    before = {p.name: p.stat().st_ino for p in (tmp_path / "build" / "search-site" / "t").iterdir()}
    EDITS[0][1](project)
    _index(project, tmp_path / "site1", cache)
    after = {p.name: p.stat().st_ino for p in (tmp_path / "build" / "search-site" / "t").iterdir()}
    rewritten = [k for k in after if after[k] != before.get(k)]
    assert rewritten and len(rewritten) < len(after) / 2
    # the site's files are the kept ones, linked (or copied) into site/search
    assert _files(tmp_path / "site1" / "search") == _files(tmp_path / "build" / "search-site")
    assert searchengine.ranked_urls(searchengine.load(tmp_path / "site1"), "门店陈列照片", limit=1) == \
        [url_of(record_uri(JOB), True)]


def test_a_client_marked_confidential_takes_its_records_text_out_of_the_kept_index(project: Path, tmp_path: Path):
    cache = tmp_path / "build" / "search-cache"
    _index(project, tmp_path / "site0", cache)
    found = searchengine.load(tmp_path / "site0")
    assert searchengine.ranked_urls(found, "开学季店头物料")  # its title still finds it, later too
    body = "一把就饱去上学"  # a line of its body
    url = url_of(record_uri(JOB), True)
    assert url in searchengine.ranked_urls(found, body, limit=3)
    EDITS[-1][1](project)
    index = _index(project, tmp_path / "site1", cache)
    doc = next(d for d in index.docs if d.url == url)
    assert doc.excerpt == "" and doc.fields["body"] == ""
    files = searchengine.load(tmp_path / "site1")
    assert url not in searchengine.ranked_urls(files, body, limit=100)


def test_format_characters_lie_only_in_the_planes_the_tokeniser_scans():
    import sys
    import unicodedata

    from generators.site import searchtext
    outside = [c for c in range(sys.maxunicode + 1)
               if c >> 16 not in searchtext.CF_PLANES and unicodedata.category(chr(c)) == "Cf"]
    assert outside == []
    assert searchtext.normalise("a\u200bb\U000e0041c\u00ad") == "abc"


def test_files_another_build_wrote_are_not_updated_from_this_state(project: Path, tmp_path: Path):
    cache = tmp_path / "build" / "search-cache"
    _index(project, tmp_path / "site0", cache)
    EDITS[0][1](project)
    _index(project, tmp_path / "other", tmp_path / "build" / "other-cache")  # writes into the same search-site
    _index(project, tmp_path / "site1", cache)
    assert searchfiles.LAST["mode"] == "cold"
    cold = _index(project, tmp_path / "cold", None)
    assert _files(tmp_path / "site1" / "search") == _files(tmp_path / "cold" / "search") and cold.docs


def test_a_kept_document_round_trips_and_pickling_leaves_its_text_as_small_as_it_was():
    """build/search-cache keeps documents by pickling them; a pickled str would carry a cached UTF-8 copy
    for the rest of the build (2.5 times the memory of Chinese text), so documents pickle their text as bytes."""
    import pickle
    import sys

    from generators.site.searchindex import SearchDoc

    body = "华信鲜酪冬季新品电视广告的拍摄排期与预算" * 50
    doc = SearchDoc(url="archive/huaxin-foods/jobs/HXF-2026-0042/", title="华信鲜酪冬季新品电视广告", kind="工作单",
                    client="华信食品", date="2026-11-02", type_key="job", client_id="huaxin-foods", year="2026",
                    fields={"id": "HXF-2026-0042", "title": "华信鲜酪冬季新品电视广告", "names": "林晓岚", "body": body},
                    excerpt=body[:60], boost=1.0)
    before = sys.getsizeof(doc.fields["body"]), sys.getsizeof(doc.title)
    copy = pickle.loads(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL))
    assert copy == doc and copy.content_hash() == doc.content_hash()
    assert (sys.getsizeof(doc.fields["body"]), sys.getsizeof(doc.title)) == before


def test_kept_documents_are_read_back_by_a_new_process_and_an_edit_makes_only_its_own_again(project: Path, tmp_path,
                                                                                             monkeypatch):
    monkeypatch.setattr(searchcache, "_CHUNK", 7)  # the file holds them in many pickles
    cache = tmp_path / "build" / "search-cache"
    archive = load_archive(load_settings(project))
    urls = {url_of(record_uri(r.path), True): r.path for r in archive.records}
    first = searchcache.DocCache(cache, archive, searchdocs.record_doc)
    docs = searchdocs.record_docs(archive, urls, first)
    first.save()
    assert first.misses == len(docs) > 10 * searchcache._CHUNK and (cache / searchcache.FILE).is_file()
    searchcache._MEMORY.clear()  # a new process: only build/ is left
    again = searchcache.DocCache(cache, archive, searchdocs.record_doc)
    assert searchdocs.record_docs(archive, urls, again) == docs and again.misses == 0 and again.hits == len(docs)
    _edit(project, JOB, "title: 脆谷开学季店头物料", "title: 脆谷秋季开学店头物料")
    searchcache._MEMORY.clear()
    archive = load_archive(load_settings(project))
    edited = searchcache.DocCache(cache, archive, searchdocs.record_doc)
    fresh = searchdocs.record_docs(archive, urls, edited)
    assert edited.misses == 1 and fresh == searchdocs.record_docs(archive, urls)
