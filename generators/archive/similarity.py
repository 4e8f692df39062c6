"""Chinese-aware text similarity, for spotting a weekly report copied from last week's.

Chinese has no spaces between words, so whitespace "words" would make a whole paragraph one
token. We compare character bigrams instead (runs of Latin letters and digits count as one
token each): no dictionary to load, deterministic, and a light edit (a date, a number, one
sentence) changes only a few bigrams. Similarity is the cosine of the two bigram-count vectors.

`bigrams` is that definition, one Python object per bigram. `similarity` computes exactly the
same number (integer counts, the same float operations at the end) over arrays of token codes,
because a year of weekly reports is two million bigrams and `check` runs on every commit.
"""
from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from functools import lru_cache

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s.*$", re.M)
_TOKEN = re.compile(r"[A-Za-z0-9]+|[\u3400-\u9fff\uf900-\ufaff]")


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


# Token codes, all below 2**31: a Chinese character is its code point (all below 0x10000), a Latin/digit
# run is its number in _RUNS plus 0x10000. A bigram is (first << 32) | second and a lone token
# _SINGLE | token, so two texts share a code exactly when they share the bigram (or the lone token).
_RUN = re.compile(r"[A-Za-z0-9]+")
_RUN_BASE = 1 << 16
_SINGLE = 1 << 63
_RUNS: dict[str, int] = {}
_RUNS_MAX = 1 << 20  # then _RUNS starts again (a new _era); a body's size limit keeps two texts' runs far below it
_era = 0
_OTHER, _HAN, _ALNUM = 0, 1, 2


@lru_cache(maxsize=1)
def _tables():
    import numpy as np  # only `check` needs it here: imported when a report is first compared
    kind = np.zeros(0x10000, dtype=np.uint8)  # by code point; everything above the BMP is _OTHER
    kind[0x3400:0xA000] = kind[0xF900:0xFB00] = _HAN
    for ch in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz":
        kind[ord(ch)] = _ALNUM
    return np, kind


def _codes(text: str):
    """The text's token codes in order (a numpy uint64 array), the tokens of `tokens(text)`."""
    global _era
    np, kind = _tables()
    a = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    k = kind[np.minimum(a, 0xFFFF)]  # U+FFFF is a noncharacter: _OTHER, like everything it stands for
    alnum = k == _ALNUM
    starts = k != _OTHER
    starts[1:] &= ~(alnum[1:] & alnum[:-1])  # a run is one token, at its first character
    at = np.flatnonzero(starts)
    out = a[at].astype(np.uint64)
    runs = alnum[at]
    if runs.any():
        words = _RUN.findall(text)  # the same runs, in the same order
        if len(_RUNS) + len(words) > _RUNS_MAX:
            _RUNS.clear()
            _era += 1
        out[runs] = [_RUNS.setdefault(w, len(_RUNS)) + _RUN_BASE for w in words]
    return out


@lru_cache(maxsize=4)  # each report is compared with the week before, then the week after: a few suffice
def _vector(text: str) -> tuple:
    """(sorted bigram codes, their counts, the counts' Euclidean norm, the _RUNS era they were made in)."""
    np, _ = _tables()
    t = _codes(text)  # may start _RUNS again: the era is the one after it
    if t.size >= 2:
        t = (t[:-1] << np.uint64(32)) | t[1:]
    elif t.size == 1:
        t = t | np.uint64(_SINGLE)
    keys, counts = np.unique(t, return_counts=True)
    counts = counts.astype(np.int64)
    return keys, counts, math.sqrt(int(counts @ counts)), _era


# `mkdocs serve` re-checks on every save: unchanged pairs are not compared again. Keyed on digests, not
# the texts, so that a year of reports' bodies is not kept alive by the cache.
_SCORES: dict[tuple[bytes, bytes], float] = {}
_SCORES_MAX = 16384


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def similarity(a: str, b: str) -> float:
    """Cosine similarity (0-1) of two texts' character-bigram counts (`bigrams`); 0 when either is empty."""
    key = (_digest(a), _digest(b))
    score = _SCORES.get(key)
    if score is None:
        score = _cosine(a, b)
        if len(_SCORES) >= _SCORES_MAX:
            del _SCORES[next(iter(_SCORES))]  # the oldest pair
        _SCORES[key] = score
    return score


def _cosine(a: str, b: str) -> float:
    x, y = _vector(a), _vector(b)
    if x[3] != y[3]:  # _RUNS started again between the two: number both anew (both fit in an empty one)
        _vector.cache_clear()
        x, y = _vector(a), _vector(b)
    (kx, cx, nx, _), (ky, cy, ny, _) = x, y
    if not kx.size or not ky.size:
        return 0.0
    np, _ = _tables()
    at = np.searchsorted(ky, kx)
    at[at == ky.size] = 0
    shared = ky[at] == kx
    dot = int(cx[shared] @ cy[at[shared]])
    return dot / (nx * ny)
