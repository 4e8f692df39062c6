"""The search algorithm of the site's search box, over the written files or the in-memory index.

`assets/archive-search.js` does exactly this (tests/golden/search_vectors.json holds the shared answers):
1. the query's terms (`searchtext.query_terms`), and the chosen filters as pseudo-terms
   (`type:job`, `client:huaxin-foods`, `year:2026`);
2. the candidates: documents having every filter term (all documents when no filter is chosen);
3. every query term adds idf * impact to the score of each candidate that has it, and one to its count
   of matched terms;
4. when some candidate matched every query term, only those are results (AND); otherwise every
   candidate that matched any term is, the ones matching more terms first (the best partial match);
5. order: more matched terms, then the higher score, then the lower document number (handbook pages
   first, then records newest first). A query with no terms lists the filtered documents in number order.
Scores are integers, so Python and JS order documents identically.
"""
from __future__ import annotations

import json
from array import array
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from generators.site import searchindex, searchtext


@dataclass
class Result:
    terms: list[str]
    hits: list[tuple[int, int]]  # (doc number, score), best first
    relaxed: bool = False  # no document had every term


class FileIndex:
    """The written index (site/search/), read lazily shard by shard like the browser does."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.manifest = json.loads((self.folder / "manifest.json").read_text(encoding="utf-8"))
        self._shards: dict[int, dict] = {}
        self._docs: dict[int, list] = {}
        self._decoded: dict[str, tuple] = {}

    def lookup(self, term: str):
        if term in self._decoded:
            return self._decoded[term]
        k = searchindex.fnv1a(term) % self.manifest["shards"]
        if k not in self._shards:
            self._shards[k] = json.loads((self.folder / "t" / f"{k}.json").read_text(encoding="utf-8"))
        entry = self._shards[k].get(term)
        out = None
        if entry is not None:
            docs, impacts = searchindex.decode(entry[2])
            out = (entry[0], docs, impacts)
        self._decoded[term] = out
        return out

    def row(self, n: int) -> list:
        k = n // self.manifest["docs_per_shard"]
        if k not in self._docs:
            self._docs[k] = json.loads((self.folder / "d" / f"{k}.json").read_text(encoding="utf-8"))
        return self._docs[k][n % self.manifest["docs_per_shard"]]

    def url(self, n: int) -> str:
        return self.row(n)[0]


def load(site_dir: Path) -> FileIndex | None:
    """The index written into a built site, or None when there is none."""
    folder = Path(site_dir) / "search"
    return FileIndex(folder) if (folder / "manifest.json").is_file() else None


def filter_terms(filters: dict[str, str] | None) -> list[str]:
    return [f"{k}:{v}" for k, v in sorted((filters or {}).items()) if k in ("type", "client", "year") and v]


def search(index, query: str, filters: dict[str, str] | None = None) -> Result:
    """Every matching document, best first (steps 1-5 of the module docstring)."""
    terms, docs, scores, relaxed = _ranked(index, query, filters)
    return Result(terms, list(zip(docs.tolist(), scores.tolist())), relaxed=relaxed)


def _postings(p):
    """A looked-up term as (idf, doc numbers, impacts) arrays (the in-memory index's arrays without a copy)."""
    w, docs, impacts = p
    if isinstance(docs, array) and docs.itemsize == 4:
        return w, np.frombuffer(docs, dtype=np.int32), np.frombuffer(impacts, dtype=np.int32)
    return w, np.asarray(docs, dtype=np.int64), np.asarray(impacts, dtype=np.int64)


def _ranked(index, query: str, filters: dict[str, str] | None):
    """(terms, doc numbers best first, their scores, relaxed). Integer arithmetic throughout (numpy's int64
    arrays): the same order as the browser's, computed over whole posting lists at a time."""
    terms = [t["term"] for t in searchtext.query_terms(query)]
    allowed = None  # candidate doc numbers (sorted), or None for all
    for ft in filter_terms(filters):
        p = index.lookup(ft)
        docs = _postings(p)[1] if p else np.empty(0, dtype=np.int64)
        allowed = docs if allowed is None else np.intersect1d(allowed, docs, assume_unique=True)
    empty = np.empty(0, dtype=np.int64)
    if not terms:
        return (terms, empty, empty, False) if allowed is None else \
            (terms, np.sort(allowed).astype(np.int64), np.zeros(len(allowed), dtype=np.int64), False)
    present = [_postings(p) for p in (index.lookup(t) for t in terms) if p is not None]
    if len(present) == len(terms):
        docs, scores = _all_terms(present, allowed)
        if len(docs):
            return terms, docs, scores, False
    if not present:
        return terms, empty, empty, True
    every = np.concatenate([d for _, d, _ in present]).astype(np.int64)
    weight = np.concatenate([imp.astype(np.int64) * w for w, _, imp in present])
    docs, at = np.unique(every, return_inverse=True)
    count = np.bincount(at, minlength=len(docs)).astype(np.int64)
    score = np.zeros(len(docs), dtype=np.int64)
    np.add.at(score, at, weight)
    if allowed is not None:
        keep = np.isin(docs, allowed)
        docs, count, score = docs[keep], count[keep], score[keep]
    order = np.lexsort((docs, -score, -count))
    return terms, docs[order], score[order], True


def _all_terms(present, allowed):
    """Documents having every term (rarest term first, the others looked up in it by binary search), scored
    and ordered by score, then doc number."""
    ranked = sorted(present, key=lambda p: len(p[1]))
    w0, docs, imps = ranked[0]
    docs, scores = docs.astype(np.int64), imps.astype(np.int64) * w0
    if allowed is not None:
        keep = np.isin(docs, allowed)
        docs, scores = docs[keep], scores[keep]
    for w, other, impacts in ranked[1:]:
        if not len(docs):
            break
        at = np.minimum(np.searchsorted(other, docs), len(other) - 1)
        found = other[at] == docs
        docs, scores = docs[found], scores[found] + impacts[at[found]].astype(np.int64) * w
    order = np.lexsort((docs, -scores))
    return docs[order], scores[order]


def ranked_urls(index, query: str, filters: dict[str, str] | None = None, limit: int = 10) -> list[str]:
    """The first `limit` results' URLs."""
    return [index.url(d) for d, _ in search(index, query, filters).hits[:limit]]


@dataclass
class Rank:
    rank: int | None  # 1-based place of the page, None when not found
    ahead: list[str]  # the URLs ranked before it (at most `limit`)


def rank_of(index, query: str, url: str, limit: int = 10) -> Rank:
    """Where the page `url` comes for `query`, and which pages come before it."""
    docs = _ranked(index, query, None)[1]
    number = index.number(url) if hasattr(index, "number") else None
    if number is not None:
        places = np.flatnonzero(docs == number)
        at = int(places[0]) if len(places) else None
    else:
        at = next((i for i, d in enumerate(docs.tolist()) if index.url(d) == url), None)
    ahead = docs[:limit if at is None else min(at, limit)].tolist()
    return Rank(None if at is None else at + 1, [index.url(x) for x in ahead])
