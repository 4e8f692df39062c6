"""Chinese-aware text similarity, for spotting a weekly report copied from last week's.

Chinese has no spaces between words, so whitespace "words" would make a whole paragraph one
token. We compare character bigrams instead (runs of Latin letters and digits count as one
token each): no dictionary to load, deterministic, and a light edit (a date, a number, one
sentence) changes only a few bigrams. Similarity is the cosine of the two bigram-count vectors.
"""
from __future__ import annotations

import hashlib
import math
import operator
from functools import lru_cache
import re
from collections import Counter

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s.*$", re.M)
_TOKEN = re.compile(r"[A-Za-z0-9]+|[\u3400-\u9fff\uf900-\ufaff]")


def body_text(markdown: str) -> str:
    """The prose of a Markdown body: comments and headings removed (they are the template)."""
    return _HEADING.sub("", _COMMENT.sub("", markdown or ""))


def tokens(text: str) -> list[str]:
    """Chinese characters one by one, Latin/digit runs whole; punctuation and spaces dropped."""
    return _TOKEN.findall(text)


@lru_cache(maxsize=4)  # each report is compared with the week before, then the week after: a few suffice
def _vector(text: str) -> tuple[Counter, float]:
    """A text's bigram counts and their Euclidean norm."""
    counts = bigrams(text)
    return counts, math.sqrt(sum(map(operator.mul, counts.values(), counts.values())))


def bigrams(text: str) -> Counter:
    """Counts of adjacent token pairs, `(a, b)` (a single token counts as itself)."""
    toks = tokens(text)
    if len(toks) < 2:
        return Counter(toks)
    return Counter(zip(toks, toks[1:]))  # pairs as tuples: counted in C, no string built per pair


# `mkdocs serve` re-checks on every save: unchanged pairs are not compared again. Keyed on digests, not
# the texts, so that a year of reports' bodies is not kept alive by the cache.
_SCORES: dict[tuple[bytes, bytes], float] = {}
_SCORES_MAX = 16384


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def similarity(a: str, b: str) -> float:
    """Cosine similarity (0-1) of two texts' character-bigram counts; 0 when either is empty."""
    key = (_digest(a), _digest(b))
    score = _SCORES.get(key)
    if score is None:
        score = _cosine(a, b)
        if len(_SCORES) >= _SCORES_MAX:
            del _SCORES[next(iter(_SCORES))]  # the oldest pair
        _SCORES[key] = score
    return score


def _cosine(a: str, b: str) -> float:
    (x, nx), (y, ny) = _vector(a), _vector(b)
    if not x or not y:
        return 0.0
    shared = x.keys() & y.keys()
    dot = sum(map(operator.mul, map(x.__getitem__, shared), map(y.__getitem__, shared)))
    return dot / (nx * ny)
