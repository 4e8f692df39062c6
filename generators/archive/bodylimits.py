"""Limits on a record body's nesting, checked before any Markdown parser sees the body.

Python-Markdown recurses once per level of nested lists, indented blocks, admonitions and
`<div markdown>` tags (a RecursionError, and a failed build, at a few hundred levels) and
takes quadratic time on nested `[` brackets (4,000 of them: 12 seconds). No record body
needs more than a few levels; far deeper text is reported and never handed on to render."""
from __future__ import annotations

import re

MAX_BLOCK = 64  # nested quotes, list items and indentation steps on one line
MAX_TAGS = 64  # open HTML tags
MAX_BRACKETS = 32  # open [ in one paragraph

_PREFIX = re.compile(r"^([ \t]*)((?:>[ \t]*|(?:[-*+]|[0-9]{1,9}[.)])(?:[ \t]+|$))*)", re.M)
_MARKER = re.compile(r">|[-*+]|[0-9]{1,9}[.)]")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^<>]*?(/?)>")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


# A line's prefix nests at most twice its length deep (a tab is four columns, two per level), so
# only a body with a line starting with this many prefix characters can nest too deeply.
_LONG_PREFIX = re.compile(r"^[ \t>*+\-0-9.)]{%d}" % (MAX_BLOCK // 2 + 1), re.M)


def too_deep(body: str) -> tuple[int, str] | None:
    """(line within the body, from 1; what nests) where the body first nests too deeply, or None."""
    for m in (_PREFIX.finditer(body) if _LONG_PREFIX.search(body) else ()):
        indent = m.group(1).expandtabs(4)
        if len(indent) // 2 + len(_MARKER.findall(m.group(2))) > MAX_BLOCK:
            return body.count("\n", 0, m.start()) + 1, f"引用（>）、列表（- 或 1.）和缩进套了超过 {MAX_BLOCK} 层"
    if body.count("<") > MAX_TAGS:
        depth = 0
        for m in _TAG.finditer(body):
            if m.group(2).lower() in _VOID or m.group(3):
                continue
            depth = max(depth - 1, 0) if m.group(1) else depth + 1
            if depth > MAX_TAGS:
                return body.count("\n", 0, m.start()) + 1, f"HTML 标签套了超过 {MAX_TAGS} 层"
    if body.count("[") > MAX_BRACKETS:
        depth, line = 0, 1
        for m in re.finditer(r"\\.|\[|\]|\n[ \t]*\n|\n", body):
            s = m.group()
            if s[0] == "\n":
                line += s.count("\n")
                if s.count("\n") > 1:
                    depth = 0  # a blank line ends the paragraph, and the brackets with it
            elif s == "[":
                depth += 1
                if depth > MAX_BRACKETS:
                    return line, f"方括号 [ 套了超过 {MAX_BRACKETS} 层"
            elif s == "]":
                depth = max(depth - 1, 0)
    return None
