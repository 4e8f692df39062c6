"""The site's search engine without a browser: the one tokeniser (searchtext), the index and its files
(searchindex), the ranking over the written files and over the in-memory index (searchengine), the
per-document term cache, and the shared vectors the browser test checks the JS against."""
from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from generators.archive.config import load_settings
from generators.archive.records import load_archive
from generators.archive import naming
from generators.site import searchdocs, searchengine, searchindex, searchtext
from generators.site.searchindex import SearchDoc
from sitebuild import REPO
from search_vectors import GOLDEN, QUERIES

from generators.archive.uris import record_uri
from generators.site.render import url_of


def terms(q: str) -> list[str]:
    return [t["term"] for t in searchtext.query_terms(q)]


@pytest.mark.parametrize("query", ["HXF-2026-0042", "hxf20260042", "HXF－2026－0042", "ＨＸＦ－２０２６－００４２",
                                   "hxf\u200b-2026-0042", "HXF\u20112026\u20140042", "HXF_2026_0042"])
def test_a_job_number_is_one_term_in_every_spelling(query):
    assert terms(query) == ["hxf20260042"]


def test_index_tokens_of_a_job_number_are_joined_parts_and_prefixes_in_id_and_title():
    counts = searchtext.field_counts({"id": "HXF-2026-0042", "body": "HXF-2026-0042"})
    assert set(counts["id"]) == {"hxf20260042", "hxf", "2026", "0042"} == set(counts["body"])
    assert {"hx", "hxf2", "hxf202600", "20", "00"} <= set(counts["id_prefix"])
    assert "hxf20260042" not in counts["id_prefix"] and "title_prefix" in counts and "body_prefix" not in counts


def test_han_runs_are_bigrams_and_titles_also_single_characters():
    assert searchtext.tokens("冬日暖酪", "body") == ["冬日", "日暖", "暖酪"]
    assert set(searchtext.tokens("冬日暖酪", "title")) == {"冬日", "日暖", "暖酪", "冬", "日", "暖", "酪"}
    assert terms("冬日暖酪 广告") == ["冬日", "日暖", "暖酪", "广告"] and terms("冬") == ["冬"]
    assert terms("青山E行") == ["青山", "e", "行"]


def test_invisible_characters_are_removed_and_the_last_ascii_term_is_a_prefix():
    assert searchtext.normalise("冬\u200b日\u00ad暖\ufeff酪") == "冬日暖酪"
    q = searchtext.query_terms("冬日 HXF-20")
    assert q[-1] == {"term": "hxf20", "prefix": True} and not q[0]["prefix"]
    assert not searchtext.query_terms("HXF-20 ")[-1]["prefix"]


def test_postings_round_trip_and_integer_log():
    docs, imps = [0, 1, 2, 40, 1000, 70000], [0, 10, 31, 32, 300, 1]
    assert searchindex.decode(searchindex.encode(docs, imps)) == (docs, imps)
    assert len(searchindex.encode([0, 1, 2, 3], [10, 10, 10, 10])) == 8  # dense postings: 2 characters each
    logs = [searchindex.ilog16(n) for n in range(1, 70000)]
    assert logs == sorted(logs)
    assert all(0 <= 16 * math.log2(n) - logs[n - 1] < 2.5 for n in range(1, 70000))
    assert searchindex.idf(1) > searchindex.idf(100) > searchindex.idf(30000) >= 1


@pytest.fixture(scope="module")
def sample():
    """The repository's sample archive as search documents (records only)."""
    settings = load_settings(REPO)
    archive = load_archive(settings, use_cache=False)
    urls = {url_of(record_uri(r.path), True): r.path for r in archive.records}
    return archive, searchdocs.record_docs(archive, urls)


def test_written_files_rank_exactly_as_the_in_memory_index(sample, tmp_path: Path):
    archive, docs = sample
    memory = searchindex.build_index(searchindex.order_docs([], docs))
    searchindex.write(memory, tmp_path / "search", searchdocs.type_labels(archive), searchdocs.client_labels(archive))
    files = searchengine.load(tmp_path)
    asks = list(QUERIES) + [q for r in archive.records for _, q in naming.queries(r, archive)]
    for q in asks:
        for filters in ({}, {"type": "job"}, {"client": "huaxin-foods", "year": "2026"}):
            a, b = searchengine.search(memory, q, filters), searchengine.search(files, q, filters)
            assert a.hits == b.hits and a.relaxed == b.relaxed, (q, filters)
    assert files.row(0)[:3] == [memory.docs[0].url, memory.docs[0].title, memory.docs[0].kind]


def test_shards_are_small_and_documents_numbered_newest_first(sample, tmp_path: Path):
    archive, docs = sample
    index = searchindex.build_index(searchindex.order_docs([], docs))
    manifest = searchindex.write(index, tmp_path / "search", {}, {})
    sizes = [p.stat().st_size for p in (tmp_path / "search" / "t").glob("*.json")]
    assert manifest["shards"] == len(sizes) and sum(sizes) / len(sizes) < 2 * searchindex.SHARD_BYTES
    dates = [d.date for d in index.docs if d.date]
    assert dates == sorted(dates, reverse=True)


def test_one_changed_document_is_tokenised_again_and_only_its_terms_shards_change(sample, tmp_path: Path):
    _, docs = sample
    cache = searchindex.TermCache(tmp_path / "cache")
    first = searchindex.build_index(docs, cache)
    searchindex.write(first, tmp_path / "a", {}, {})
    assert cache.misses == len(docs) and cache.hits == 0
    changed = list(docs)
    d = changed[5]
    changed[5] = SearchDoc(**{**d.__dict__, "fields": {**d.fields, "body": d.fields["body"] + " 新增的唯一词语"}})
    cache = searchindex.TermCache(tmp_path / "cache")
    second = searchindex.build_index(changed, cache)
    searchindex.write(second, tmp_path / "b", {}, {})
    assert (cache.hits, cache.misses) == (len(docs) - 1, 1)
    differ = [p.name for p in (tmp_path / "a" / "t").glob("*.json")
              if p.read_bytes() != (tmp_path / "b" / "t" / p.name).read_bytes()]
    new_terms = set(searchindex.doc_terms(changed[5])) ^ set(searchindex.doc_terms(d))
    new_terms |= {t for t in searchindex.doc_terms(changed[5]) if searchindex.doc_terms(changed[5])[t] != searchindex.doc_terms(d).get(t)}
    shards = len(list((tmp_path / "a" / "t").glob("*.json")))
    touched = {f"{searchindex.fnv1a(t) % shards}.json" for t in new_terms}
    assert differ and set(differ) <= touched


def test_confidential_record_is_found_by_id_and_title_only(sample):
    archive, _ = sample
    r = next(r for r in archive.records if r.type == "job")
    r.data["confidential"] = True
    try:
        doc = searchdocs.record_doc(r, archive, "archive/x/")
    finally:
        del r.data["confidential"]
    assert doc.fields["id"] and doc.fields["title"] and doc.excerpt == ""
    assert doc.fields["body"] == ""


def test_unsafe_urls_are_refused():
    for url in ("javascript:alert(1)", "/etc/passwd", "//evil.example/", "../x/", "a\\b", "x/?q=1", "https://x/"):
        assert not searchindex.safe_url(url), url
        assert searchdocs.page_doc(url, "t", "<p>x</p>") is None
    assert searchindex.safe_url("") and searchindex.safe_url("archive/x/jobs/HXF-2026-0042/")


def test_page_text_comes_from_the_html_without_generated_tables_or_permalinks():
    html = ('<h1 id="t">标题<a class="headerlink" href="#t">¶</a></h1><p>正文<b>一</b></p>'
            '<table data-search-exclude><tr><td>登记表行</td></tr></table><script>x()</script><p>尾&amp;</p>')
    doc = searchdocs.page_doc("a/", "标题", html)
    assert doc.fields["body"] == "正文一\n尾&" and doc.excerpt == "正文一 尾&"


def test_golden_vectors_have_the_terms_of_the_tokeniser():
    data = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert {v["query"] for v in data["vectors"]} >= set(QUERIES)
    for v in data["vectors"]:
        assert v["terms"] == searchtext.query_terms(v["query"]), v["query"]


def test_the_regular_expression_runs_equal_the_character_by_character_rules():
    """searchtext.runs (regular expressions, for speed) cuts text exactly as the per-character rules the
    JS follows: on the sample archive and on mixed strings of every character class."""
    import random
    rnd = random.Random(13)
    alphabet = "aZ0_-./ 冬日\u200b－ＨＸé𠀀ー。,，Ⅻ²\u00ad\u3000"
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "clients").rglob("*.md"))[:200]]
    texts += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 14))) for _ in range(5000)]
    for t in texts:
        n = searchtext.normalise(t)
        assert searchtext.runs(n) == searchtext.runs_by_character(n), t


def _spec_search(index, query: str, filters: dict) -> tuple[list[tuple[int, int]], bool]:
    """Steps 1-5 of generators/site/searchengine.py's docstring, one document at a time (how the browser's
    script does it): the engine's whole-array version must give exactly these hits."""
    qterms = terms(query)
    allowed = None
    for ft in searchengine.filter_terms(filters):
        p = index.lookup(ft)
        docs = set(p[1]) if p else set()
        allowed = docs if allowed is None else allowed & docs
    if not qterms:
        return ([(d, 0) for d in sorted(allowed)] if allowed is not None else []), False
    score, count = {}, {}
    for p in (index.lookup(t) for t in qterms):
        if p is None:
            continue
        w, docs, impacts = p
        for d, imp in zip(docs, impacts):
            if allowed is None or d in allowed:
                score[d] = score.get(d, 0) + w * imp
                count[d] = count.get(d, 0) + 1
    every = [d for d in score if count[d] == len(qterms)]
    if every:
        return sorted(((d, score[d]) for d in every), key=lambda x: (-x[1], x[0])), False
    return [(d, score[d]) for d in sorted(score, key=lambda d: (-count[d], -score[d], d))], True


def test_the_engine_ranks_exactly_as_its_specification_and_rank_of_agrees(sample):
    archive, docs = sample
    index = searchindex.build_index(searchindex.order_docs([], docs))
    asks = list(QUERIES) + [q for r in archive.records for _, q in naming.queries(r, archive)]
    asks += ["华信 周报 不存在的词", "冬季 zzzz", "报告 2026"]  # partial matches: the relaxed order
    relaxed = 0
    for q in asks:
        for filters in ({}, {"type": "job"}, {"client": "huaxin-foods", "year": "2026"}, {"year": "1999"}):
            got = searchengine.search(index, q, filters)
            want, was_relaxed = _spec_search(index, q, filters)
            assert got.hits == want and (got.relaxed == was_relaxed or not want), (q, filters)
            relaxed += got.relaxed and bool(want)
        hits = searchengine.search(index, q).hits
        for place, (d, _) in enumerate(hits[:4], 1):
            r = searchengine.rank_of(index, q, index.url(d), limit=3)
            assert r.rank == place and r.ahead == [index.url(x) for x, _ in hits[:min(place - 1, 3)]], q
    assert relaxed > 0  # the partial-match path was exercised
    assert searchengine.rank_of(index, "华信食品", "no/such/page/").rank is None
