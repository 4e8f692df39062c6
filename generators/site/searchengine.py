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

import bisect
import json
from dataclasses import dataclass
from pathlib import Path

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
    terms = [t["term"] for t in searchtext.query_terms(query)]
    allowed = None  # candidate doc numbers, or None for all
    for ft in filter_terms(filters):
        p = index.lookup(ft)
        docs = set(p[1]) if p else set()
        allowed = docs if allowed is None else allowed & docs
    if not terms:
        return Result(terms, [(d, 0) for d in sorted(allowed)] if allowed is not None else [])
    found = [(t, index.lookup(t)) for t in terms]
    present = [p for _, p in found if p is not None]
    if len(present) == len(terms):
        hits = _all_terms(present, allowed)
        if hits:
            return Result(terms, hits)
    score: dict[int, int] = {}
    count: dict[int, int] = {}
    for w, docs, impacts in present:
        for d, imp in zip(docs, impacts):
            if allowed is None or d in allowed:
                score[d] = score.get(d, 0) + w * imp
                count[d] = count.get(d, 0) + 1
    order = sorted(score, key=lambda d: (-count[d], -score[d], d))
    return Result(terms, [(d, score[d]) for d in order], relaxed=True)


def _all_terms(present, allowed) -> list[tuple[int, int]]:
    """Documents having every term (rarest term first, the others by binary search), scored."""
    ranked = sorted(present, key=lambda p: len(p[1]))
    w0, docs0, imps0 = ranked[0]
    out = []
    for d, imp in zip(docs0, imps0):
        if allowed is not None and d not in allowed:
            continue
        s = w0 * imp
        for w, docs, impacts in ranked[1:]:
            i = bisect.bisect_left(docs, d)
            if i == len(docs) or docs[i] != d:
                break
            s += w * impacts[i]
        else:
            out.append((d, s))
    out.sort(key=lambda x: (-x[1], x[0]))
    return out


def ranked_urls(index, query: str, filters: dict[str, str] | None = None, limit: int = 10) -> list[str]:
    """The first `limit` results' URLs."""
    return [index.url(d) for d, _ in search(index, query, filters).hits[:limit]]


@dataclass
class Rank:
    rank: int | None  # 1-based place of the page, None when not found
    ahead: list[str]  # the URLs ranked before it (at most `limit`)


def rank_of(index, query: str, url: str, limit: int = 10) -> Rank:
    """Where the page `url` comes for `query`, and which pages come before it."""
    hits = search(index, query).hits
    for i, (d, _) in enumerate(hits):
        if index.url(d) == url:
            return Rank(i + 1, [index.url(x) for x, _ in hits[:min(i, limit)]])
    return Rank(None, [index.url(x) for x, _ in hits[:limit]])
