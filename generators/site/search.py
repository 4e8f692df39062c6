"""A replay of the site's search box, which knows nothing of records (RET-FIND, in ret_find.py, uses it).

The search box is Material's lunr search. This module replays, in Python, what the browser does
with `search/search_index.json` and a typed query, closely enough to rank pages the same way:

* indexing (Material's tokenizer): HTML tags are boundaries, text is split by the index's configured
  `separator` and lowercased; fields `title`/`text`/`tags` with the configured boosts; BM25 with
  k1 = 1.2 and b = 0 (Material turns length normalisation off); scores rounded to 3 decimals;
* the query (Material's `search()`): runs of Chinese characters are cut greedily into words of the
  index, each followed by `*`; every part gets a trailing `*`; then lunr's own query lexer splits
  terms at whitespace AND `-` (lunr's default separator, whatever the index uses), so
  `HXF-2026-0042` is searched as `hxf`, `2026`, `0042*`;
* scoring: lunr's per-field query vectors (repeated terms add up), dot product over the query
  vector's length; Material's boost `score * (1 + b^2)` with b = 1 for a page's main entry plus the
  share of query terms the entry matched; entries grouped by page, pages ranked by their best entry.

Left out, on purpose: the English stemmer (applied alike to the index and to exact query terms, it
only matters for prefix terms of English words), fuzzy `~` and leading wildcards, which the checked
queries never contain. Pages that tie with the record's page count as ahead of it: the user cannot
rely on seeing it.
"""
from __future__ import annotations

import bisect
import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

AHEAD_LIMIT = 10  # past this many pages ahead the exact rank tells nobody anything, and costs time

# lunr.QueryLexer.termSeparator is bound to lunr's default tokenizer separator when lunr loads;
# Material later replaces lunr.tokenizer.separator for indexing, not for the query lexer.
_LEXER_SEPARATOR = re.compile(r"[\s\-]")
_TAG = re.compile(r"<[^>]*>")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]+")
_STOP_WORDS = frozenset(
    "a able about across after all almost also am among an and any are as at be because been but by can cannot "
    "could dear did do does either else ever every for from get got had has have he her hers him his how however "
    "i if in into is it its just least let like likely may me might most must my neither no nor not of off often "
    "on only or other our own rather said say says she should since so some than that the their them then there "
    "these they this tis to too twas us wants was we were what when where which while who whom why will with "
    "would yet you your".split())
_K1 = 1.2
OPTIONAL, REQUIRED, PROHIBITED = 1, 2, 3


class QueryError(ValueError):
    """lunr could not parse the query; Material then shows no results."""


# --- the index ------------------------------------------------------------------------------------

@dataclass
class SearchIndex:
    """The search index as lunr builds it in the browser, with enough kept to score any query."""

    separator: re.Pattern
    fields: dict[str, float]  # field name -> boost
    locations: list[str]  # doc number -> location ("archive/x/" or "archive/x/#section")
    pages: list[str]  # doc number -> the page it belongs to (its article's location)
    is_article: list[bool]  # doc number -> the page's main entry (no parent)
    doc_boost: list[float]
    postings: dict[str, dict[str, dict[int, int]]]  # term -> field -> doc -> term frequency
    # (its keys in first-seen order: lunr's term index, the order its dot products add up in)
    terms: list[str] = field(default_factory=list)  # sorted, for prefix expansion
    entries: dict[str, list[int]] = field(default_factory=dict)  # page -> its doc numbers
    _idf: dict[str, float] = field(default_factory=dict)
    _max: dict[tuple[str, str], float] = field(default_factory=dict)
    _weights: dict[tuple[str, str], dict[int, float]] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: dict) -> "SearchIndex":
        config = data.get("config", {})
        separator = re.compile(config.get("separator") or r"[\s\-]+")
        fields = {name: float((spec or {}).get("boost", 1) or 1)
                  for name, spec in (config.get("fields") or {"title": {"boost": 1000}, "text": {}, "tags": {}}).items()}
        locations, pages, is_article, boosts = [], [], [], []
        postings: dict[str, dict[str, dict[int, int]]] = {}
        articles: set[str] = set()
        for n, doc in enumerate(data.get("docs", [])):
            location = doc.get("location", "")
            page = location.split("#")[0]
            locations.append(location)
            pages.append(page)
            is_article.append(page not in articles)  # Material: the first entry of a path is the article
            articles.add(page)
            boosts.append(float(doc.get("boost") or 1))
            for name in fields:
                value = doc.get(name)
                if value is None:
                    continue
                values = value if isinstance(value, list) else [value]
                counts = Counter(t for v in values for t in tokens(str(v), separator))
                for term, tf in counts.items():
                    postings.setdefault(term, {}).setdefault(name, {})[n] = tf
        entries: dict[str, list[int]] = {}
        for n, page in enumerate(pages):
            entries.setdefault(page, []).append(n)
        return cls(separator, fields, locations, pages, is_article, boosts, postings, sorted(postings), entries)

    @cached_property
    def order(self) -> dict[str, int]:
        """lunr's term index: terms numbered as first seen, over docs, fields and tokens."""
        return {term: i for i, term in enumerate(self.postings)}

    @property
    def count(self) -> int:
        return len(self.locations)

    def idf(self, term: str) -> float:
        """lunr.idf: over (document, field) pairs holding the term."""
        if term not in self._idf:
            n = sum(len(docs) for docs in self.postings.get(term, {}).values())
            self._idf[term] = math.log(1 + abs((self.count - n + 0.5) / (n + 0.5)))
        return self._idf[term]

    def weight(self, term: str, name: str, doc: int) -> float:
        """The document's field-vector entry for the term (0 when absent)."""
        tf = self.postings.get(term, {}).get(name, {}).get(doc)
        if not tf:
            return 0.0
        score = self.idf(term) * ((_K1 + 1) * tf) / (_K1 + tf) * self.fields[name] * self.doc_boost[doc]
        return math.floor(score * 1000 + 0.5) / 1000

    def weights(self, term: str, name: str) -> dict[int, float]:
        """doc -> field-vector entry, for every document holding the term in the field (cached)."""
        key = (term, name)
        if key not in self._weights:
            self._weights[key] = {d: self.weight(term, name, d) for d in self.postings.get(term, {}).get(name, {})}
        return self._weights[key]

    def max_weight(self, term: str, name: str) -> float:
        key = (term, name)
        if key not in self._max:
            self._max[key] = max(self.weights(term, name).values(), default=0.0)
        return self._max[key]

    def expand(self, pattern: str) -> list[str]:
        """lunr's TokenSet intersection: the index terms a query term (with `*` wildcards) stands for."""
        if "*" not in pattern:
            return [pattern] if pattern in self.postings else []
        stem = pattern.rstrip("*")
        if "*" not in stem:
            i = bisect.bisect_left(self.terms, stem)
            out = []
            while i < len(self.terms) and self.terms[i].startswith(stem):
                out.append(self.terms[i])
                i += 1
            return out
        rx = re.compile("".join(".*" if c == "*" else re.escape(c) for c in pattern) + r"\Z", re.S)
        return [t for t in self.terms if rx.match(t)]


def tokens(text: str, separator: re.Pattern) -> list[str]:
    """Material's tokenizer: tags are boundaries, the rest split by the separator, lowercased."""
    out = []
    for section in _TAG.split(text):
        out.extend(t.lower() for t in separator.split(section) if t)
    return out


def load(site_dir: Path) -> SearchIndex | None:
    path = Path(site_dir) / "search" / "search_index.json"
    if not path.is_file():
        return None
    return SearchIndex.from_json(json.loads(path.read_text(encoding="utf-8")))


# --- the query, as Material and lunr read it -----------------------------------------------------

def segment(query: str, vocabulary) -> list[str]:
    """Material's `segment`: cut a run of Chinese characters greedily into words of the index."""
    n = len(query)
    cuts = [0] * (n + 1)
    for i in range(n):
        for j in range(i + 1, n):  # as in Material: j < length, the last character is never part of a word
            if query[i:j] in vocabulary:
                cuts[i] = j - i
    segments: dict[str, None] = {}
    stack = [0]
    while stack:
        p = stack.pop()
        for q in range(1, cuts[p]):
            if cuts[p + q] > cuts[p] - q:
                segments[query[p:p + q]] = None
                stack.append(p + q)
        q = p + cuts[p]
        if cuts[q] and q < n - 1:
            stack.append(q)
        segments[query[p:q]] = None
    if "" in segments:
        return [query]
    return list(segments)


@dataclass
class _Lexeme:
    type: str
    str: str
    start: int
    end: int


def lex(text: str) -> list[_Lexeme]:
    """lunr.QueryLexer, with its default term separator (whitespace and `-`)."""
    lexemes: list[_Lexeme] = []
    pos = start = 0
    escapes: list[int] = []

    def emit(kind: str):
        nonlocal start
        parts, s = [], start
        for e in escapes:
            parts.append(text[s:e])
            s = e + 1
        parts.append(text[s:pos])
        escapes.clear()
        lexemes.append(_Lexeme(kind, "".join(parts), start, pos))
        start = pos

    def ignore():
        nonlocal pos, start
        if start == pos:
            pos += 1
        start = pos

    state = "text"
    while state:
        if state == "text":
            state = None
            while True:
                if pos >= len(text):
                    if pos - start > 0:
                        emit("TERM")
                    break
                char = text[pos]
                pos += 1
                if char == "\\":
                    escapes.append(pos - 1)
                    pos += 1
                    continue
                if char == ":":
                    pos -= 1
                    emit("FIELD")
                    ignore()
                    state = "text"
                    break
                if char in "~^":
                    pos -= 1
                    if pos - start > 0:
                        emit("TERM")
                    ignore()
                    while pos < len(text) and text[pos].isascii() and text[pos].isdigit():
                        pos += 1
                    emit("EDIT_DISTANCE" if char == "~" else "BOOST")
                    state = "text"
                    break
                if char in "+-" and pos - start == 1:
                    emit("PRESENCE")
                    continue
                if _LEXER_SEPARATOR.match(char):
                    if pos - start > 1:
                        pos -= 1
                        emit("TERM")
                    ignore()
                    state = "text" if pos < len(text) else None
                    break
    return lexemes


def transform(query: str, vocabulary, separator: re.Pattern) -> str:
    """The query string Material hands to lunr for what the user typed (`Search.search` up to `index.search`)."""
    query = _HAN.sub(lambda m: "* ".join(segment(m.group(0), vocabulary)), query)
    query = query.strip()
    parts = re.split(r'"([^"]+)"', query)
    query = "".join(re.sub(r"^\b|^(?![^\x00-\x7F]|$)|\s+", " +", p, flags=re.ASCII) if i & 1 else p
                    for i, p in enumerate(parts))
    query = re.sub(r'"|(?:^|\s+)[*+\-:^~]+(?=\s+|$)', "", query)
    terms: list[str] = []
    for part in re.split(r"\s+", query):
        terms.extend(_transform_part(part, separator))
    terms = [t + "1" if re.search(r"[~^]$", t) else t for t in terms]
    return " ".join(t if re.search(r"^[+-]|[~^]\d+$", t) else t + "*" for t in terms)


def _transform_part(part: str, separator: re.Pattern) -> list[str]:
    """transformSearchQuery's visitor: each lexed term of the part, split by the index separator."""
    out = []
    for lexeme in lex(part):
        if lexeme.type == "FIELD":
            if lexeme.str not in ("title", "text", "tags"):
                part = part[:lexeme.end] + " " + part[lexeme.end + 1:]
        elif lexeme.type == "TERM":
            for piece in (p for p in separator.split(lexeme.str) if p):
                out.append(part[:lexeme.start] + piece + part[lexeme.end:])
    return out


@dataclass
class Clause:
    term: str
    fields: tuple[str, ...]
    presence: int = OPTIONAL
    boost: float = 1.0


def parse(query: str, fields: tuple[str, ...]) -> list[Clause]:
    """lunr.QueryParser: the clauses of a query string (lowercased terms, `*` kept in the term)."""
    lexemes = lex(query)
    clauses: list[Clause] = []
    current: dict = {}
    i = 0

    def finish():
        nonlocal current
        clauses.append(Clause(current["term"], current.get("fields", fields), current.get("presence", OPTIONAL),
                              current.get("boost", 1.0)))
        current = {}

    while i < len(lexemes):
        lexeme = lexemes[i]
        if lexeme.type == "PRESENCE":
            current["presence"] = PROHIBITED if lexeme.str == "-" else REQUIRED
            i += 1
            if i >= len(lexemes) or lexemes[i].type not in ("FIELD", "TERM"):
                raise QueryError(f"expecting term or field after {lexeme.str!r}")
            continue
        if lexeme.type == "FIELD":
            if lexeme.str not in fields:
                raise QueryError(f"unrecognised field {lexeme.str!r}")
            current["fields"] = (lexeme.str,)
            i += 1
            if i >= len(lexemes) or lexemes[i].type != "TERM":
                raise QueryError("expecting term")
            continue
        if lexeme.type != "TERM":
            raise QueryError(f"expected either a field or a term, found {lexeme.type}")
        current["term"] = lexeme.str.lower()
        i += 1
        while i < len(lexemes) and lexemes[i].type in ("EDIT_DISTANCE", "BOOST"):
            if lexemes[i].type == "BOOST":
                if not lexemes[i].str.isdigit():
                    raise QueryError("boost must be numeric")
                current["boost"] = float(lexemes[i].str)
            elif not lexemes[i].str.isdigit():
                raise QueryError("edit distance must be numeric")
            i += 1
        finish()
    return clauses


def _analysed(term: str) -> str:
    """Material's parseSearchQuery: one leading and one trailing `*` taken off (a Chinese word cut by
    `segment` ends up as `word**`, so it keeps one `*` and never counts as matched)."""
    if term.startswith("*"):
        term = term[1:]
    if term.endswith("*"):
        term = term[:-1]
    return term


# --- ranking --------------------------------------------------------------------------------------

@dataclass
class Ranked:
    """Where a page comes in the results of a query."""

    query: str
    rank: int | None  # 1 = first; None = not among the results
    ahead: list[str]  # pages shown before it (or tied with it), best first
    score: float = 0.0
    capped: bool = False  # counting stopped at AHEAD_LIMIT pages: the page comes later still


@dataclass
class _Query:
    """A query as lunr runs it: per-field query vectors and the documents each term matched."""

    index: SearchIndex
    qv: dict[str, dict[str, float]]
    norms: dict[str, float]
    matched: dict[str, set[int]]  # expanded term -> docs holding it in one of its clause's fields
    required: list[set[int]]
    prohibited: set[int]
    analysis: list[str]  # Material's reading of the clause terms (for its boost)

    def allowed(self, doc: int) -> bool:
        return doc not in self.prohibited and all(doc in r for r in self.required)

    def hits(self) -> set[int]:
        out: set[int] = set()
        for docs in self.matched.values():
            out |= docs
        return {d for d in out if self.allowed(d)}

    def score(self, doc: int) -> float:
        """lunr's score of the entry, times Material's boost."""
        index, total, hit = self.index, 0.0, set()
        for name, vec in self.qv.items():
            if not self.norms[name]:
                continue
            common = sorted((t for t in vec if doc in index.postings[t].get(name, ())), key=index.order.__getitem__)
            total += sum(vec[t] * index.weight(t, name, doc) for t in common) / self.norms[name]
            hit.update(common)
        found: dict[str, bool] = {}
        remaining = list(self.analysis)
        for t in (t for t in self.matched if t in hit):  # lunr's metadata keys, in match order
            for c in list(remaining):
                if t.startswith(c):
                    found[c] = True
                    remaining.remove(c)
        for c in remaining:
            if c not in _STOP_WORDS:
                found[c] = False
        share = sum(found.values()) / len(found) if found else 0.0
        boost = (1 if index.is_article[doc] else 0) + share
        return total * (1 + boost ** 2)


def _query(index: SearchIndex, query: str) -> _Query | None:
    """What lunr makes of the typed query; None when the search box would show nothing."""
    fields = tuple(index.fields)
    try:
        clauses = parse(transform(query, index.postings, index.separator), fields)
    except QueryError:
        return None
    if not clauses:
        return None
    qv: dict[str, dict[str, float]] = {f: {} for f in fields}
    matched: dict[str, set[int]] = {}
    required: list[set[int]] = []
    prohibited: set[int] = set()
    for clause in clauses:
        expanded = index.expand(clause.term)
        if not expanded and clause.presence == REQUIRED:
            return None
        docs_of_clause: set[int] = set()
        for term in expanded:
            for name in clause.fields:
                docs = index.postings[term].get(name, {})
                docs_of_clause.update(docs)
                if clause.presence == PROHIBITED:
                    continue
                qv[name][term] = qv[name].get(term, 0.0) + clause.boost
                matched.setdefault(term, set()).update(docs)
        if clause.presence == REQUIRED:
            required.append(docs_of_clause)
        elif clause.presence == PROHIBITED:
            prohibited |= docs_of_clause
    norms = {f: math.sqrt(sum(v * v for v in vec.values())) for f, vec in qv.items()}
    analysis = [_analysed(c.term) for c in clauses if c.presence != PROHIBITED]
    return _Query(index, qv, norms, matched, required, prohibited, analysis)


def results(index: SearchIndex, query: str) -> list[str]:
    """Every page the search box lists for `query`, in its order (all entries scored)."""
    q = _query(index, query)
    if q is None:
        return []
    scored = sorted(((q.score(d), d) for d in sorted(q.hits())), key=lambda x: -x[0])  # stable, like lunr
    pages: dict[str, None] = {}
    for _, doc in scored:
        pages.setdefault(index.pages[doc], None)
    return list(pages)


def rank(index: SearchIndex, query: str, page: str, top: int = 3, limit: int = AHEAD_LIMIT) -> Ranked:
    """The rank of `page` among the pages the search box lists for `query` (ties count as ahead);
    once `limit` pages are ahead, counting stops and the result is `capped`."""
    q = _query(index, query)
    if q is None:
        return Ranked(query, None, [])
    own = [d for d in index.entries.get(page, []) if q.allowed(d) and any(d in m for m in q.matched.values())]
    best = max((q.score(d) for d in own), default=0.0)
    if best <= 0:
        return Ranked(query, None, [])

    # Competitors. An entry's score is lunr's dot product times Material's boost, at most 5 for an
    # article and 2 for a section, so an entry whose dot stays below best / 5 cannot catch up.
    # MaxScore pruning: the query terms whose largest contributions together stay below that bound
    # cannot lift an entry alone, so only entries holding one of the other terms are candidates
    # (a job number's "2026" is in every page and never decides the rank on its own).
    floor = best * (1 - 1e-9) / 5  # float sums differ in order
    terms = []
    for name, vec in q.qv.items():
        if q.norms[name]:
            terms += [(w / q.norms[name] * index.max_weight(t, name), w / q.norms[name], t, name) for t, w in vec.items()]
    terms.sort()
    bound, k = 0.0, 0
    while k < len(terms) and bound + terms[k][0] < floor:
        bound += terms[k][0]
        k += 1
    dots: dict[int, float] = {}
    for _, f, t, name in terms[k:]:
        for d, weight in index.weights(t, name).items():
            dots[d] = dots.get(d, 0.0) + f * weight
    for _, f, t, name in terms[:k]:
        weights = index.weights(t, name)
        for d in dots:
            if d in weights:
                dots[d] += f * weights[d]
    pages: dict[str, float] = {}
    for doc, dot in dots.items():
        if dot * (5 if index.is_article[doc] else 2) < best * (1 - 1e-9):
            continue
        other = index.pages[doc]
        if other == page or not q.allowed(doc) or pages.get(other, 0.0) >= best:
            continue
        s = q.score(doc)
        if s >= best and s > pages.get(other, 0.0):
            pages[other] = s
            if len(pages) >= limit:
                break
    ahead = sorted(pages, key=lambda p: (-pages[p], p))
    return Ranked(query, len(ahead) + 1, ahead, best, capped=len(pages) >= limit)
