"""The site's search index: documents, their integer term impacts, and the static files the browser reads.

Scoring is corpus-independent per document and per term, so a changed record touches only the shards of
its own terms:
* impact(term, doc) = sum over fields of int(WEIGHTS[field] * boost) * sat(tf), sat(tf) = 20*tf // (tf + 1)
  (1 -> 10, 2 -> 13, 3 -> 15, ... never above 20); boost is the record type's `search: boost:` (client 3,
  brand 2, else 1) for the fields that name the document (id, title, names), 1 for its body, so a hub
  page comes first for its name but not for every word its page mentions;
* idf(term) = max(1, IDF_BASE - ilog16(df)), ilog16 a piecewise-linear 16 * log2 in integers (stored in
  the shards: the browser never computes it);
* a filter is a pseudo-term with impact 0: `type:job`, `client:huaxin-foods`, `year:2026`.

Files under `site/search/` (all JSON, read by `assets/archive-search.js` and by `searchengine.FileIndex`):
* `manifest.json`: format, version, doc count, shard count, docs per doc shard, filter labels;
* `t/<k>.json`: the terms whose FNV-1a hash (32 bits, UTF-8) modulo the shard count is k:
  `{term: [idf, df, postings]}`, postings the (doc gap, impact) pairs as varints (see `encode`);
* `d/<k>.json`: documents 16k .. 16k+15 as `[url, title, kind, client, date, excerpt]`.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from array import array
from dataclasses import dataclass, field
from pathlib import Path

from generators.site import searchtext

FORMAT = 1
# A prefix of an id weighs less than a whole id: `2026-01-05` is first the report OF that day, then
# the records whose ids merely start with it (2026-01-05-r0).
WEIGHTS = {"id": 8, "title": 4, "names": 2, "body": 1, "id_prefix": 2, "title_prefix": 1}
NAMING_FIELDS = ("id", "title", "names", "id_prefix", "title_prefix")
IDF_BASE = 260
DOCS_PER_SHARD = 16
SHARD_BYTES = 16 * 1024  # aimed size of a term shard
EXCERPT = 120
# varint digits: all but the last from _MORE, the last from _LAST (base 32, most significant first)
_MORE = "ghijklmnopqrstuvwxyz0123456789-_"
_LAST = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef"
_DIGIT = {c: (i, True) for i, c in enumerate(_MORE)} | {c: (i, False) for i, c in enumerate(_LAST)}
_SAFE_URL = re.compile(r"[^\s:\\?]*")


@dataclass
class SearchDoc:
    """One search result: where it is, how it is shown, what filters it and what it is found by."""

    url: str  # relative to the site root, "" for the home page ("archive/x/jobs/J/", "department/ae/")
    title: str
    kind: str  # the record type's Chinese label, or 手册 / 登记表 / 看板 ...
    client: str = ""  # the client's display name
    date: str = ""  # YYYY-MM-DD or ""
    type_key: str = ""  # filter keys
    client_id: str = ""
    year: str = ""
    fields: dict[str, str] = field(default_factory=dict)  # id, title, names, body
    excerpt: str = ""
    boost: float = 1.0

    def filters(self) -> list[str]:
        """The filter pseudo-terms of this document."""
        out = [f"type:{self.type_key}"] if self.type_key else []
        out += [f"client:{self.client_id}"] if self.client_id else []
        out += [f"year:{self.year}"] if self.year else []
        return out

    def content_hash(self) -> str:
        """A digest of what the document's terms are made of (remembered: a document is not changed once made)."""
        known = _HASHES.get(id(self))
        if known is not None and known[0] is self:
            return known[1]
        spec = [searchtext.VERSION, FORMAT, WEIGHTS, self.fields, self.filters(), self.boost]
        h = hashlib.sha256(json.dumps(spec, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
        _HASHES[id(self)] = (self, h)
        return h


    def __getstate__(self) -> dict:
        # Text goes into a pickle as UTF-8 bytes made here: pickling a str itself leaves a UTF-8 copy of it
        # attached to the string for as long as it lives (CPython caches it), half again a document's memory.
        return {k: _pack(v) for k, v in self.__dict__.items()}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update({k: _unpack(v) for k, v in state.items()})


def _pack(value):
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    if isinstance(value, dict):
        return {k: _pack(v) for k, v in value.items()}
    return value


def _unpack(value):
    if isinstance(value, bytes):
        return value.decode("utf-8", "surrogatepass")
    if isinstance(value, dict):
        return {k: _unpack(v) for k, v in value.items()}
    return value


# id(doc) -> (doc, its content hash): the documents of the current build (`forget_hashes` keeps only those)
_HASHES: dict[int, tuple[SearchDoc, str]] = {}


def remember_hash(doc: SearchDoc, h: str) -> None:
    """A document's content hash known from a cache (so it is not computed again)."""
    _HASHES[id(doc)] = (doc, h)


def forget_hashes(keep: list[SearchDoc]) -> None:
    """Forget the hashes of every document but `keep`."""
    kept = {id(d): _HASHES[id(d)] for d in keep if id(d) in _HASHES and _HASHES[id(d)][0] is d}
    _HASHES.clear()
    _HASHES.update(kept)


def safe_url(url: str) -> bool:
    """A relative site path: no scheme, no leading slash, no `..`, no backslash, query or spaces."""
    return (isinstance(url, str) and _SAFE_URL.fullmatch(url) is not None and not url.startswith("/")
            and ".." not in url.split("/"))


def sat(tf: int) -> int:
    return 20 * tf // (tf + 1)


def ilog16(n: int) -> int:
    """16 * log2(n) for n >= 1, in integers: 16 per power of two plus the 4 bits after the leading one
    (exact at powers of two, less than 2.5 below in between)."""
    b = n.bit_length() - 1
    return 16 * b + ((n << 4) >> b) - 16


def idf(df: int) -> int:
    return max(1, IDF_BASE - ilog16(max(1, df)))


def doc_terms(doc: SearchDoc) -> dict[str, int]:
    """term -> impact of one document (filters with impact 0)."""
    counts = searchtext.field_counts(doc.fields)
    out: dict[str, int] = {}
    for f, c in counts.items():
        w = int(WEIGHTS[f] * (doc.boost if f in NAMING_FIELDS else 1))
        for term, tf in c.items():
            out[term] = out.get(term, 0) + w * sat(tf)
    for t in doc.filters():
        out[t] = 0
    return out


class TermCache:
    """Per-document term lists in build/search-cache/, keyed on the document's content hash: a rebuild
    after one change tokenises that one document again."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.used: set[str] = set()
        self.hits = self.misses = 0

    def terms(self, doc: SearchDoc) -> dict[str, int]:
        if self.folder is None:
            return doc_terms(doc)
        key = doc.content_hash()
        self.used.add(key)
        path = self.folder / key[:2] / f"{key}.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, dict):
                self.hits += 1
                return data
        except (OSError, ValueError):
            pass
        self.misses += 1
        data = doc_terms(doc)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            pass  # a read-only build/ only costs time
        return data

    def prune(self) -> None:
        """Remove the cached term lists no document of this build used."""
        if self.folder is None or not self.folder.is_dir():
            return
        for p in self.folder.glob("*/*.json"):
            if p.stem not in self.used:
                try:
                    p.unlink()
                except OSError:
                    pass


@dataclass
class Index:
    """The whole index in memory: documents in doc-number order and every term's postings."""

    docs: list[SearchDoc]
    postings: dict[str, tuple[array, array]]  # term -> (ascending doc numbers, impacts)

    def lookup(self, term: str):
        """(idf, doc numbers, impacts) of a term, or None."""
        p = self.postings.get(term)
        return None if p is None else (idf(len(p[0])), p[0], p[1])

    def doc(self, n: int) -> SearchDoc:
        return self.docs[n]

    def url(self, n: int) -> str:
        return self.docs[n].url

    def number(self, url: str) -> int | None:
        """The number of the only document at `url`, or None (none, or several)."""
        numbers = self.__dict__.get("_numbers")
        if numbers is None:
            numbers = self.__dict__["_numbers"] = {}
            for n, d in enumerate(self.docs):
                numbers[d.url] = None if d.url in numbers else n
        return numbers.get(url)


def build_index(docs: list[SearchDoc], cache: TermCache | None = None) -> Index:
    """The index of `docs`, numbered in the order given (handbook first, then records newest first)."""
    cache = cache or TermCache(None)
    postings: dict[str, tuple[array, array]] = {}
    for n, d in enumerate(docs):
        for term, impact in cache.terms(d).items():
            p = postings.get(term)
            if p is None:
                p = postings[term] = (array("i"), array("i"))
            p[0].append(n)
            p[1].append(impact)
    return Index(docs, postings)


def order_docs(pages: list[SearchDoc], records: list[SearchDoc]) -> list[SearchDoc]:
    """Handbook and other pages first (by URL), then records newest first (by date, then URL)."""
    pages = sorted(pages, key=lambda d: d.url)
    records = sorted(records, key=lambda d: d.url)
    records.sort(key=lambda d: d.date, reverse=True)
    return pages + records


# --- files ------------------------------------------------------------------------------------

def fnv1a(term: str) -> int:
    h = 0x811C9DC5
    for b in term.encode("utf-8"):
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return h


def encode_number(n: int, out: list[str]) -> None:
    digits = []
    while True:
        digits.append(n & 31)
        n >>= 5
        if not n:
            break
    for d in reversed(digits[1:]):
        out.append(_MORE[d])
    out.append(_LAST[digits[0]])


def _number(n: int) -> str:
    out: list[str] = []
    encode_number(n, out)
    return "".join(out)


_TABLE = [_number(n) for n in range(1 << 15)]  # the varints of small numbers (most gaps and impacts)


def encode(docs, impacts) -> str:
    """Postings as text: for each posting, the gap to the previous doc number (the first from -1) and
    the impact, each a base-32 varint."""
    table, size = _TABLE, len(_TABLE)
    prev, out = -1, []
    for d, imp in zip(docs, impacts):
        gap, prev = d - prev, d
        out.append(table[gap] if gap < size else _number(gap))
        out.append(table[imp] if imp < size else _number(imp))
    return "".join(out)


def decode(text: str) -> tuple[list[int], list[int]]:
    """The inverse of `encode`."""
    nums, n = [], 0
    for c in text:
        v, more = _DIGIT[c]
        n = (n << 5) | v
        if not more:
            nums.append(n)
            n = 0
    docs, prev = [], -1
    for gap in nums[0::2]:
        prev += gap
        docs.append(prev)
    return docs, nums[1::2]


def shard_count(total_bytes: int) -> int:
    """A power of two giving shards of about SHARD_BYTES (it only changes when the index doubles)."""
    n = 1
    while n * SHARD_BYTES < total_bytes:
        n *= 2
    return n


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """A clean excerpt: no invisible characters, whitespace collapsed, at most `limit` characters."""
    text = "".join(c for c in text if not (0x200B <= ord(c) <= 0x200F or c in "\u00ad\ufeff\u2060"))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def write(index: Index, folder: Path, types: dict[str, str], clients: dict[str, str]) -> dict:
    """The index as static files in `folder` (site/search/); returns the manifest."""
    folder.mkdir(parents=True, exist_ok=True)
    encoded = {t: [idf(len(p[0])), len(p[0]), encode(p[0], p[1])] for t, p in index.postings.items()}
    total = sum(len(t.encode()) + len(v[2]) + 16 for t, v in encoded.items())
    shards = shard_count(total)
    buckets: list[dict] = [{} for _ in range(shards)]
    for t in sorted(encoded):
        buckets[fnv1a(t) % shards][t] = encoded[t]
    digest = hashlib.sha256()
    _clear(folder)
    (folder / "t").mkdir(exist_ok=True)
    (folder / "d").mkdir(exist_ok=True)
    for k, b in enumerate(buckets):
        data = _dumps(b)
        digest.update(data)
        (folder / "t" / f"{k}.json").write_bytes(data)
    for k in range(0, len(index.docs), DOCS_PER_SHARD):
        rows = [[d.url, d.title, d.kind, d.client, d.date, d.excerpt] for d in index.docs[k:k + DOCS_PER_SHARD]]
        data = _dumps(rows)
        digest.update(data)
        (folder / "d" / f"{k // DOCS_PER_SHARD}.json").write_bytes(data)
    years = sorted({d.year for d in index.docs if d.year}, reverse=True)
    used_types = {d.type_key for d in index.docs}
    used_clients = {d.client_id for d in index.docs}
    manifest = {"format": FORMAT, "version": digest.hexdigest()[:16], "docs": len(index.docs), "shards": shards,
                "docs_per_shard": DOCS_PER_SHARD,
                "types": [[k, v] for k, v in types.items() if k in used_types],
                "clients": [[k, v] for k, v in sorted(clients.items(), key=lambda kv: kv[1]) if k in used_clients],
                "years": years}
    (folder / "manifest.json").write_bytes(_dumps(manifest))
    return manifest


def _dumps(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _clear(folder: Path) -> None:
    """Old shards go: a smaller index has fewer of them."""
    for sub in ("t", "d"):
        for p in (folder / sub).glob("*.json") if (folder / sub).is_dir() else []:
            p.unlink()
