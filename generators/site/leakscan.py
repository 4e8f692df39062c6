"""SEC-CONFIDENTIAL's scan of the finished public handbook: does any file carry a secret value, in any spelling?

Both sides are normalised before matching (`normal`): NFKC (full-width ＸＨ－２０２６ is XH-2026), format and
other invisible characters removed (soft hyphen, ZWNJ, zero-width space: 华\u00ad信食品 is 华信食品), case folded
(an e-mail in capitals). Values with digits (phones, contract and job numbers) are also matched with the
separators between letters and digits removed on both sides (`joined`: 139 5555 0101, 13955550101 and
139-5555-0101 are one number). Amounts come with their other spellings from `generators.site.public`.

A file is read as every text it can hide a value in: raw, gunzipped, JSON-decoded, entity- and %-decoded,
tags removed; an image also as UTF-16 (EXIF comments) and with its PNG text chunks decompressed.
"""
from __future__ import annotations

import gzip
import json
import re
import struct
import unicodedata
import zlib
from html import unescape
from pathlib import Path
from urllib.parse import unquote

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Unicode category Cf (format characters: U+00AD soft hyphen, U+200B-U+200F, U+2060-U+2064, U+FEFF...),
# plus the other characters that show as nothing (combining grapheme joiner, variation selectors, Hangul
# fillers). tests/test_leakscan.py checks that every Cf character is listed. (str.translate: a regex with
# astral ranges is ten times slower on a large page.)
_INVISIBLE_RANGES = ((0x00AD, 0x00AD), (0x0600, 0x0605), (0x061C, 0x061C), (0x06DD, 0x06DD), (0x070F, 0x070F),
                     (0x0890, 0x0891), (0x08E2, 0x08E2), (0x180E, 0x180E), (0x200B, 0x200F), (0x202A, 0x202E),
                     (0x2060, 0x2064), (0x2066, 0x206F), (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB), (0x110BD, 0x110BD),
                     (0x110CD, 0x110CD), (0x13430, 0x1343F), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0001, 0xE0001),
                     (0xE0020, 0xE007F), (0x034F, 0x034F), (0xFE00, 0xFE0F), (0xE0100, 0xE01EF), (0x115F, 0x1160),
                     (0x3164, 0x3164), (0xFFA0, 0xFFA0))
INVISIBLE = {c: None for lo, hi in _INVISIBLE_RANGES for c in range(lo, hi + 1)}
# Dashes NFKC leaves as they are (a non-breaking hyphen in HT‑7788): one hyphen-minus.
_DASHES = (0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0x2E3A, 0x2E3B, 0x2043, 0xFE58, 0xFE63)
_TABLE = {**INVISIBLE, **{c: "-" for c in _DASHES}}
# The invisible characters of the Basic Multilingual Plane, to see quickly that a text has none.
_ANY_INVISIBLE = re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _INVISIBLE_RANGES if hi < 0x10000)
                            + "".join(map(chr, _DASHES)) + "]")
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212_/.·,，、:]+")
_NUMBER = re.compile(r"[0-9][0-9,.]*[万亿]?")  # an amount has its own spellings (3,860,000 / 386万)
IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".webp")
_MAX_CHUNK_TEXT = 4 * 1024 * 1024  # a decompressed PNG text chunk: enough for any caption, not a zip bomb


def normal(text: str) -> str:
    """The form both a secret and a page are compared in: NFKC, no invisible characters, every dash a
    hyphen-minus, case folded."""
    if _ANY_INVISIBLE.search(text) or not text.isascii() and max(text) > "\uffff":
        text = text.translate(_TABLE)
    return unicodedata.normalize("NFKC", text).casefold()


def joined(text: str) -> str:
    """A normal text without spaces, dashes, dots, commas and slashes (phones, contract numbers)."""
    return _SEPARATORS.sub("", text)


# A code of letters and digits in parts (HT-SECRET-7788): the site's search index holds it joined
# (htsecret7788, generators/site/searchtext.py), so it is looked for joined too.
_IDENTIFIER = re.compile(r"[a-z0-9]+(?:[-_./ ][a-z0-9]+)+")


def _has_digit_form(value: str) -> bool:
    j = joined(value)
    return j != value and sum(c.isdigit() for c in j) >= 6 and not _NUMBER.fullmatch(value)


def texts(path: Path) -> list[str]:
    """The forms a file's text can hide a value in (not yet normalised)."""
    data = path.read_bytes()
    if path.suffix == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error):
            pass
    raw = data.decode("utf-8", errors="replace")
    forms = [raw]
    if path.suffix in (".json", ".gz") or path.name.endswith(".json.gz"):
        try:
            forms = [json.dumps(json.loads(raw), ensure_ascii=False)]  # the same text, its \uXXXX escapes decoded
        except ValueError:
            pass
    decoded = unquote(unescape(forms[-1]))
    forms += [decoded, re.sub(r"<[^>]+>", "", decoded)]
    if path.suffix.lower() in IMAGES:
        forms += [data.decode("utf-16-le", errors="replace"), data[1:].decode("utf-16-le", errors="replace"),
                  data.decode("latin-1")] + png_text(data)
    return forms


def png_text(data: bytes) -> list[str]:
    """The text of a PNG's tEXt, zTXt and iTXt chunks, decompressed (a compressed caption hides a name)."""
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return []
    out, at = [], 8
    while at + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + size]
        at += 12 + size
        if kind not in (b"tEXt", b"zTXt", b"iTXt"):
            continue
        key, _, rest = body.partition(b"\0")
        if kind == b"zTXt":
            rest = _inflate(rest[1:])
        elif kind == b"iTXt" and len(rest) >= 2:
            compressed, text = rest[0], rest[2:].split(b"\0", 2)[-1]
            rest = _inflate(text) if compressed else text
        out.append(key.decode("latin-1") + " " + rest.decode("utf-8" if kind == b"iTXt" else "latin-1", errors="replace"))
    return out


def _inflate(data: bytes) -> bytes:
    try:
        return zlib.decompressobj().decompress(data, _MAX_CHUNK_TEXT)
    except zlib.error:
        return b""


class Matcher:
    """Finds secret values in texts, in every spelling; `values` maps each value as given to what it is."""

    def __init__(self, values):
        self.plain: dict[str, str] = {}  # normal form -> the value as given
        self.digits: dict[str, str] = {}  # joined form -> the value as given
        for v in sorted(values, key=str):
            n = normal(str(v)).strip()
            if not n:
                continue
            self.plain.setdefault(n, v)
            if _has_digit_form(n) or _IDENTIFIER.fullmatch(n) and len(joined(n)) >= 8 and not n.replace(".", "").isdigit() and any(c.isalpha() for c in n):
                self.digits.setdefault(joined(n), v)

    def found(self, forms: list[str]) -> set:
        """The values (as given) in any of the texts."""
        text = "\0".join({normal(f) for f in set(forms)})
        hits = _hits(self.plain, text, _whole_word)
        if self.digits:
            hits |= _hits(self.digits, joined(text), _whole_number)
        return hits


def _hits(table: dict[str, str], text: str, whole) -> set:
    # A value can only be in the text if its rarest character is: most values fail this set test,
    # which is much cheaper than the substring search over every form of a large page.
    chars = set(text)
    return {value for form, value in table.items()
            if form[-1] in chars and form[0] in chars and form in text and whole(form, text)}


def _whole_word(form: str, text: str) -> bool:
    """An ASCII value only as a whole word (HXF, not in HXFOO); Chinese anywhere."""
    if _CJK.search(form) or not form[:1].isalnum():
        return True
    return re.search(rf"(?<![a-z0-9]){re.escape(form)}(?![a-z0-9])", text) is not None


def _whole_number(form: str, text: str) -> bool:
    """A number without its separators: not inside a longer number."""
    return re.search(rf"(?<![0-9]){re.escape(form)}(?![0-9])", text) is not None


def leaks(site_dir, values) -> dict[str, list]:
    """Every file of a built site that carries one of `values`, with the values found in it."""
    matcher = Matcher(v for v in values if v)
    if not matcher.plain:
        return {}
    site_dir = Path(site_dir)
    out: dict[str, list] = {}
    for p in sorted(site_dir.rglob("*")):
        if not p.is_file():  # a symlink is read through: what it points at would be published
            continue
        found = matcher.found(texts(p))
        if found:
            out[p.relative_to(site_dir).as_posix()] = sorted(found, key=str)
    return out
