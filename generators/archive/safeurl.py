"""Which link and image addresses are safe: the scheme as a browser reads it, after decoding.

Shared by the site's sanitizer (generators.site.sanitize) and by `check` (SEC-HTML), so what the
check reports and what the site removes are the same addresses.
"""
from __future__ import annotations

import html
import re

# Where a link or an image may point: web pages, mail, phone, or a relative address in the site.
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

# What a browser ignores while reading a scheme: whitespace, controls, invisible format characters.
_INVISIBLE = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]+")
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")


def decoded(value: str) -> str:
    """An address as a browser reads its scheme: character references decoded (repeatedly, so
    `&amp;#58;` counts too), whitespace and control characters removed, lower case."""
    text = value
    for _ in range(5):
        again = html.unescape(text)
        if again == text:
            break
        text = again
    return _INVISIBLE.sub("", text).lower()


def scheme(value: str) -> str | None:
    """The scheme a browser would use for `value` (after decoding), or None for a relative address."""
    m = _SCHEME.match(decoded(value))
    return m.group(1) if m else None


def safe_url(value: str) -> bool:
    """Whether a link or image address is a web page, mail, phone, or relative address."""
    s = scheme(value)
    return s is None or s in SAFE_SCHEMES


_TEXT_SCHEME = re.compile(r"(?i)\b(javascript|vbscript|livescript|data|file)(\s*):")


def inert_text(text: str) -> str:
    """Plain text for places that are not HTML but may be shown as HTML or linkified (calendar
    feeds): `<`/`>` become full-width, and a script scheme loses its colon (`javascript：`), so
    no calendar program can turn the text into a tag or a live link. People read it the same."""
    text = str(text).replace("<", "＜").replace(">", "＞")
    return _TEXT_SCHEME.sub(lambda m: m.group(1) + m.group(2) + "：", text)
