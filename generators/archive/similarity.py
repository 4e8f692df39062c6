"""Chinese-aware text similarity, for spotting a weekly report copied from last week's.

Chinese has no spaces between words, so whitespace "words" would make a whole paragraph one
token. We compare character bigrams instead (runs of Latin letters and digits count as one
token each): no dictionary to load, deterministic, and a light edit (a date, a number, one
sentence) changes only a few bigrams. Similarity is the cosine of the two bigram-count vectors.

`bigrams` is that definition, one Python object per bigram. `similarities` computes exactly the
same numbers (integer counts, the same float operations at the end) for many pairs at once, over
arrays of token codes, because a year of weekly reports is two million bigrams and `check` runs
on every commit.
"""
from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from pathlib import Path

from generators.archive import buildcache

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s.*$", re.M)
# Chinese characters, one token each: CJK Extension A and Unified Ideographs, Compatibility Ideographs
_HAN = ((0x3400, 0x9FFF), (0xF900, 0xFAFF))
_TOKEN = re.compile("[A-Za-z0-9]+|[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _HAN) + "]")


def body_text(markdown: str) -> str:
    """The prose of a Markdown body: comments and headings removed (they are the template)."""
    return _HEADING.sub("", _COMMENT.sub("", markdown or ""))


def tokens(text: str) -> list[str]:
    """Chinese characters one by one, Latin/digit runs whole; punctuation and spaces dropped."""
    return _TOKEN.findall(text)


def bigrams(text: str) -> Counter:
    """Counts of adjacent token pairs, `(a, b)` (a single token counts as itself): the definition."""
    toks = tokens(text)
    if len(toks) < 2:
        return Counter(toks)
    return Counter(zip(toks, toks[1:]))


# Every text of a batch is numbered in one pass over their concatenation: a token's code is its code
# point for a Chinese character (all below 0x10000) and 0x10000 plus the run's number in this batch for
# a Latin/digit run. A bigram's code is (first << bits) | second, a lone token's (1 << 2 * bits) | token,
# and an entry's key is (text number << that width) | its code: one sort groups every text's bigrams,
# and two texts share a key's low part exactly when they share the bigram (or the lone token).
_RUN_BASE = 1 << 16
# 64 pairs at a time: each chunk's arrays stay small enough for the allocator to reuse the memory of the
# chunk before, where one batch of a year's reports would fault in 70 MB of fresh pages (0.15 s)
_CHUNK = 64
_KEY_BITS = 64  # a batch whose keys would not fit is compared in halves
_SEPARATOR = "\n"  # between two texts: never part of a token, so no token spans two texts


def _numpy():
    import numpy as np  # only `check` needs it here: imported when reports are first compared
    return np


# `mkdocs serve` re-checks on every save: unchanged pairs are not compared again. Keyed on digests, not
# the texts, so that a year of reports' bodies is not kept alive by the cache.
_SCORES: dict[tuple[bytes, bytes], float] = {}
_SCORES_MAX = 16384


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def similarity(a: str, b: str) -> float:
    """Cosine similarity (0-1) of two texts' character-bigram counts (`bigrams`); 0 when either is empty."""
    return similarities([(a, b)])[0]


def similarities(pairs: list[tuple[str, str]], store: Path | None = None) -> list[float]:
    """`similarity` of every pair, computed together (a year of weekly reports in a few array passes).
    Scores are kept by the pair's texts' digests: in memory for the life of the process, and at `store`
    (a file under build/) for the next process, so a one-report change compares one or two pairs."""
    if store is not None and store not in _LOADED:
        _load(store)
    digests = {t: _digest(t) for t in dict.fromkeys(t for pair in pairs for t in pair)}
    keys = [(digests[a], digests[b]) for a, b in pairs]
    todo = [i for i, k in enumerate(keys) if k not in _SCORES]
    if todo:
        scores = []
        for start in range(0, len(todo), _CHUNK):
            scores += _batch([pairs[i] for i in todo[start:start + _CHUNK]])
        for i, score in zip(todo, scores):
            if len(_SCORES) >= _SCORES_MAX:
                del _SCORES[next(iter(_SCORES))]  # the oldest pair
            _SCORES[keys[i]] = score
    out = [_SCORES[k] for k in keys]
    if store is not None and todo:
        try:
            buildcache.write_plain(store, (_VERSION, {k: _SCORES[k] for k in keys}))  # this run's pairs only
        except OSError:
            pass  # only speed is lost
    return out


_VERSION = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()  # the scores of this very code
_LOADED: set[Path] = set()


def _load(store: Path) -> None:
    _LOADED.add(store)
    data = buildcache.read_plain(store)
    if not (isinstance(data, tuple) and len(data) == 2 and data[0] == _VERSION and isinstance(data[1], dict)):
        return
    for k, v in data[1].items():
        if len(_SCORES) >= _SCORES_MAX:
            break
        if type(k) is tuple and len(k) == 2 and type(k[0]) is bytes and type(k[1]) is bytes and type(v) is float:
            _SCORES.setdefault(k, v)


def _batch(pairs: list[tuple[str, str]]) -> list[float]:
    np = _numpy()
    number: dict[str, int] = {}
    ends = [(number.setdefault(a, len(number)), number.setdefault(b, len(number))) for a, b in pairs]
    texts = list(number)
    tok, owner = _tokens(np, texts)
    bits = int(tok.max()).bit_length() if tok.size else 1
    width = 2 * bits + 1
    if (len(texts) - 1).bit_length() + width > _KEY_BITS:
        if len(pairs) == 1:
            raise ValueError("text too large to compare")  # a body's size limit keeps every record far below
        half = len(pairs) // 2
        return _batch(pairs[:half]) + _batch(pairs[half:])
    key, n, lo, hi = _entries(np, tok, owner, len(texts), bits, width)
    square = np.concatenate(([0], np.cumsum(n * n)))
    norms = [math.sqrt(int(square[h] - square[lo_])) for lo_, h in zip(lo.tolist(), hi.tolist())]
    dots = _dots(np, key, n, lo, hi, ends, width) if key.size else [0] * len(ends)
    out = []
    for (i, j), dot in zip(ends, dots):
        nx, ny = norms[i], norms[j]
        out.append(dot / (nx * ny) if nx and ny else 0.0)
    return out


def _tokens(np, texts: list[str]):
    """Every text's token codes, in order, and the number of the text each token is in."""
    joined = _SEPARATOR.join(texts)
    cp = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    # classified by unsigned comparisons (a code point below a range's start wraps round to a large number)
    scratch = np.empty_like(cp)
    alnum = np.less(np.subtract(cp, 48, out=scratch), 10)  # 0-9
    alnum |= np.less(np.subtract(np.bitwise_or(cp, 32, out=scratch), 97, out=scratch), 26)  # A-Z, a-z
    starts = alnum.copy()
    for lo, hi in _HAN:
        starts |= np.less_equal(np.subtract(cp, lo, out=scratch), hi - lo)
    starts[1:] &= ~(alnum[1:] & alnum[:-1])  # a run is one token, at its first character
    at = np.flatnonzero(starts)
    tok = cp[at].astype(np.uint64)
    runs = alnum[at]
    if runs.any():
        edge = np.flatnonzero(np.diff(alnum, prepend=False, append=False)).tolist()  # each run's start and end
        words = list(map(joined.__getitem__, map(slice, edge[::2], edge[1::2])))  # in order, as tok[runs] are
        table = dict(zip(dict.fromkeys(words), range(_RUN_BASE, _RUN_BASE + len(words))))
        tok[runs] = np.fromiter(map(table.__getitem__, words), dtype=np.uint64, count=len(words))
    span = np.fromiter((len(t) + 1 for t in texts), dtype=np.int64, count=len(texts))  # a text and its separator
    return tok, np.searchsorted(np.cumsum(span), at, side="right").astype(np.uint64)


def _entries(np, tok, owner, texts: int, bits: int, width: int):
    """Every distinct key, sorted (so text by text), its count, and where each text's keys start and end."""
    u = np.uint64
    inside = owner[:-1] == owner[1:]
    codes = [(owner[:-1][inside] << u(width)) | (tok[:-1][inside] << u(bits)) | tok[1:][inside]]
    count = np.bincount(owner.astype(np.intp), minlength=texts)  # tokens per text
    lone = np.flatnonzero(count == 1)  # a text of one token: its bigram is that token
    codes.append((lone.astype(np.uint64) << u(width)) | u(1 << 2 * bits) | tok[np.cumsum(count)[lone] - 1])
    key = np.sort(np.concatenate(codes))
    new = np.empty(key.size, dtype=bool)
    new[:1] = True
    np.not_equal(key[1:], key[:-1], out=new[1:])
    at = np.flatnonzero(new)
    n = np.diff(np.append(at, new.size)).astype(np.int64)  # each distinct key's count
    key = key[at]
    lo = np.searchsorted((key >> u(width)).astype(np.int64), np.arange(texts))
    return key, n, lo, np.append(lo[1:], key.size)


def _dots(np, key, n, lo, hi, ends, width: int) -> list[int]:
    """Each pair's dot product: every key of its first text looked up among its second text's."""
    x = np.array([e[0] for e in ends], dtype=np.int64)
    y = np.array([e[1] for e in ends], dtype=np.uint64)
    size = hi[x] - lo[x]
    before = np.cumsum(size) - size
    entry = np.repeat(lo[x] - before, size) + np.arange(int(size.sum()))  # text x's entries, pair by pair
    query = (np.repeat(y, size) << np.uint64(width)) | (key[entry] & np.uint64((1 << width) - 1))
    found = np.searchsorted(key, query)
    found[found == key.size] = 0
    product = np.concatenate(([0], np.cumsum(np.where(key[found] == query, n[entry] * n[found], 0))))
    end = np.cumsum(size)
    return (product[end] - product[end - size]).tolist()
