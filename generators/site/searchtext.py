"""The one text normalisation and tokenisation of the site's search, for the index and for queries.

`assets/archive-search.js` implements exactly the same steps; tests/test_searchengine.py and the
browser test compare both on the checked-in vectors (tests/golden/search_vectors.json).

Normalisation (`normalise`), in this order:
1. every character of Unicode category Cf (U+200B zero-width space, U+00AD soft hyphen, U+FEFF...) is removed;
2. NFKC (full-width ＨＸＦ－２０２６ becomes HXF-2026, the ideographic space a space);
3. lowercase (`str.lower`, JS `toLowerCase`);
4. the dashes NFKC leaves alone (U+2010-U+2015, U+2212, U+FE58, U+FE63) become `-`.

Characters then fall into three classes:
* Han: U+3400-U+4DBF, U+4E00-U+9FFF, U+F900-U+FAFF, U+20000-U+2FFFF;
* word: `a-z`, `0-9`, and any other character of category L* or N* that is not Han;
* everything else is a separator. A connector (`-`, `_`, `.`, `/`) between two word characters
  joins them into one identifier run: `hxf-2026-0042`, `2026-11-24`, `e-mail`.

Tokens of a field (`tokens(text, field)`):
* a Han run of one character gives that character; a longer run gives its overlapping bigrams
  (冬日暖酪 -> 冬日 日暖 暖酪); in the `title` field every character of a longer run is also a token,
  so a one-character query finds titles;
* an identifier run gives its parts (`hxf`, `2026`, `0042`) and, when it has more than one part,
  the parts joined (`hxf20260042`);
* in the `id` and `title` fields every ASCII word token (`[a-z0-9]+`, at most MAX_PREFIX_SOURCE long)
  also gives its prefixes of length 2 or more (`prefixes`, counted as the fields `id_prefix` and
  `title_prefix`), so a job number typed key by key matches at every keystroke (`hx`, `hxf`, `hxf2`, ...);
* tokens longer than MAX_TOKEN characters are dropped (no one types them).

A query (`query_terms`) is tokenised with the same rules, except that an identifier run gives only
its joined form (`HXF-2026-0042`, `hxf20260042` and `HXF－2026－0042` all give `hxf20260042`), no
prefixes are added, and repeated terms count once. The last term, when it is ASCII and the query does
not end in a separator, is marked as a prefix: it finds titles and ids that start with it (those
prefixes are index terms, so it is looked up like any other term).
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter

VERSION = 1  # change when the rules above change: the per-document cache is keyed on it
MAX_TOKEN = 40
MAX_PREFIX_SOURCE = 24
FIELDS = ("id", "title", "names", "body")
PREFIX_FIELDS = ("id", "title")
_DASHES = {c: "-" for c in (0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE58, 0xFE63)}
_CONNECTORS = "-_./"
HAN, WORD, OTHER = 1, 2, 0


# The planes holding format characters (tests/test_searchfiles.py checks every other plane has none):
# scanning only these is a fifth of the time, paid by every build process.
CF_PLANES = (0, 1, 14)


@functools.cache
def _format_characters() -> re.Pattern:
    """Every character of category Cf, as one character class (built once: a per-character
    category lookup is most of the time of tokenising a large archive)."""
    ranges, start, prev = [], None, None
    for c in (c for plane in CF_PLANES for c in range(plane << 16, (plane + 1) << 16)):
        if unicodedata.category(chr(c)) == "Cf":
            if start is None or c != prev + 1:
                if start is not None:
                    ranges.append((start, prev))
                start = c
            prev = c
    ranges.append((start, prev))
    return re.compile("[" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges) + "]")


def normalise(text: str) -> str:
    """Steps 1-4 of the module docstring."""
    if not text.isascii():
        text = _format_characters().sub("", text)
    return unicodedata.normalize("NFKC", text).lower().translate(_DASHES)


def _kind(c: str) -> int:
    o = ord(c)
    if 0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x2FFFF:
        return HAN
    if "a" <= c <= "z" or "0" <= c <= "9":
        return WORD
    if o > 0x7F and unicodedata.category(c)[0] in "LN":
        return WORD
    return OTHER


_HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_W = f"[^\\W_{_HAN_CLASS}]"  # a word character: str.isalnum (L* and N*), not Han
_RUN = re.compile(f"([{_HAN_CLASS}]+)|({_W}+(?:[-_./]{_W}+)*)")
_PART = re.compile(f"{_W}+")


def runs(text: str) -> list[tuple[int, list[str]]]:
    """A normalised text cut into Han runs (HAN, [the run]) and identifier runs (WORD, [its parts])."""
    return [(HAN, [m.group(1)]) if m.group(1) else (WORD, _PART.findall(m.group(2))) for m in _RUN.finditer(text)]


def runs_by_character(text: str) -> list[tuple[int, list[str]]]:
    """`runs`, character by character as the JS does it (tests/test_searchengine.py compares the two)."""
    out: list[tuple[int, list[str]]] = []
    i, n = 0, len(text)
    while i < n:
        k = _kind(text[i])
        if k == OTHER:
            i += 1
            continue
        j = i
        while j < n and _kind(text[j]) == k:
            j += 1
        if k == HAN:
            out.append((HAN, [text[i:j]]))
            i = j
            continue
        parts = [text[i:j]]
        # a connector followed by another word part continues the identifier
        while j + 1 < n and text[j] in _CONNECTORS and _kind(text[j + 1]) == WORD:
            s = j + 1
            j = s
            while j < n and _kind(text[j]) == WORD:
                j += 1
            parts.append(text[s:j])
        out.append((WORD, parts))
        i = j
    return out


def _ascii_word(t: str) -> bool:
    return t.isascii() and t.isalnum()


def tokens(text: str, field: str) -> list[str]:
    """Every token of one field's text (repeats kept: they are its term frequencies), prefixes not included."""
    out: list[str] = []
    for kind, parts in runs(normalise(text)):
        if kind == HAN:
            run = parts[0]
            if len(run) == 1:
                out.append(run)
                continue
            out.extend(run[k:k + 2] for k in range(len(run) - 1))
            if field == "title":
                out.extend(run)
            continue
        words = list(parts)
        if len(parts) > 1:
            words.append("".join(parts))
        out.extend(w for w in words if len(w) <= MAX_TOKEN)
    return out


def prefixes(words: list[str]) -> list[str]:
    """The prefixes (2 characters or more, shorter than the word) of the ASCII word tokens."""
    out: list[str] = []
    for w in words:
        if len(w) <= MAX_PREFIX_SOURCE and _ascii_word(w):
            out.extend(w[:k] for k in range(2, len(w)))
    return out


def field_counts(fields: dict[str, str]) -> dict[str, Counter]:
    """Term frequencies per field: {"title": Counter({...}), ...}; the prefixes of the id and title
    fields count as the fields `id_prefix` and `title_prefix` (weighted below whole tokens)."""
    out = {}
    for f in FIELDS:
        words = tokens(fields.get(f) or "", f)
        out[f] = Counter(words)
        if f in PREFIX_FIELDS:
            out[f + "_prefix"] = Counter(prefixes(words))
    return out


def query_terms(query: str) -> list[dict]:
    """A typed query's terms, in order, each once: [{"term": "hxf20260042", "prefix": True}, ...]."""
    text = normalise(query)
    out: list[str] = []
    for kind, parts in runs(text):
        if kind == HAN:
            run = parts[0]
            out.extend([run] if len(run) == 1 else [run[k:k + 2] for k in range(len(run) - 1)])
        else:
            w = "".join(parts)
            if len(w) <= MAX_TOKEN:
                out.append(w)
    seen = list(dict.fromkeys(out))
    terms = [{"term": t, "prefix": False} for t in seen]
    if terms and out and _ascii_word(out[-1]) and text and _kind(text[-1]) == WORD:
        for t in terms:
            if t["term"] == out[-1]:
                t["prefix"] = True
    return terms
