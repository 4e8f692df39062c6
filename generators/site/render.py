"""HTML rendering helpers: the Jinja2 environment (autoescape ON), page URLs, safe Markdown text.

Every value taken from a record reaches HTML through one of these functions: Jinja2 templates
escape it, `md_text` escapes it for Markdown, and `safe_body` neutralises raw HTML in bodies.
"""
from __future__ import annotations

import json
import posixpath
import re
from contextvars import ContextVar
from functools import cache, lru_cache
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import escape

from generators.archive.naming import show
from generators.archive.uris import relative

TEMPLATES = Path(__file__).parent / "templates"


@cache
def environment() -> Environment:
    """Templates of the generated pages. Autoescape is on for every template. They are part of the code,
    read once per process (`auto_reload` off: Jinja would otherwise stat the file at every one of the
    hundreds of thousands of renders of a build)."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, auto_reload=False)
    env.filters["show"] = show
    return env


def html(template: str, **values) -> str:
    """Render a template to an HTML block that Markdown passes through: no blank lines, no indent.
    While `stash` collects blocks (record pages built outside MkDocs), the block is kept aside and a
    marker stands in the Markdown for it: Markdown never parses the generated HTML."""
    return block(environment().get_template(template).render(**values))


def block(out: str) -> str:
    """HTML made into a block as `html` makes a rendered template (for HTML written in Python)."""
    out = "\n".join(line.strip() for line in out.splitlines() if line.strip())
    blocks = _STASH.get()
    if blocks is None:
        return out
    blocks.append(unmark(out))
    return f"{MARK_OPEN}{len(blocks) - 1}{MARK_CLOSE}"


# Block markers: private-use characters, taken out of every text that could carry them (`unmark`), so
# no record text can name a block.
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"
_STASH: ContextVar[list[str] | None] = ContextVar("stash", default=None)
_MARKED = re.compile(f"<p>{MARK_OPEN}(\\d+){MARK_CLOSE}</p>|{MARK_OPEN}(\\d+){MARK_CLOSE}")


def unmark(text: str) -> str:
    """`text` without block markers."""
    return text.replace(MARK_OPEN, "").replace(MARK_CLOSE, "") if MARK_OPEN in text or MARK_CLOSE in text else text


def stash(make, blocks: list[str] | None = None):
    """`make()` with every `html()` block kept aside (appended to `blocks`, a new list by default):
    returns its result and the blocks."""
    blocks = [] if blocks is None else blocks
    token = _STASH.set(blocks)
    try:
        return make(), blocks
    finally:
        _STASH.reset(token)


def unstash(text: str, blocks: list[str]) -> str:
    """Markdown (or the HTML made from it) with each block marker replaced by its block (a marker with
    no block stays as it is: every text that could carry one had it taken out, see `unmark`)."""
    if MARK_OPEN not in text:
        return text
    return _MARKED.sub(lambda m: _block_of(m, blocks), text)


def _block_of(m: re.Match, blocks: list[str]) -> str:
    n = int(m.group(1) or m.group(2))
    return blocks[n] if n < len(blocks) else m.group(0)


def stashed_blocks(text: str, blocks: list[str]) -> str:
    """The blocks `text` names, in order, as one text: with the text, what its HTML is made of (a cache key)."""
    if MARK_OPEN not in text:
        return ""
    return "\x00".join(_block_of(m, blocks) for m in _MARKED.finditer(text))


# --- URLs ------------------------------------------------------------------------------------

@lru_cache(maxsize=1 << 16)  # a register asks for the same pages' URLs row after row
def url_of(uri: str, directory_urls: bool = True) -> str:
    """The site URL (relative to the site root) of a docs-relative URI, as MkDocs writes it."""
    if not uri.endswith(".md"):
        return uri
    stem = uri[:-3]
    if not directory_urls:
        return stem + ".html"
    if posixpath.basename(stem) == "index":
        folder = posixpath.dirname(stem)
        return folder + "/" if folder else ""
    return stem + "/"


def dest_of(uri: str, directory_urls: bool = True) -> str:
    """The file MkDocs writes a Markdown page at docs-relative `uri` to (its `File.dest_uri`), worked out
    without making a File (the record pages' link targets are ten thousand of them)."""
    if not uri.endswith(".md"):
        return uri
    parent, filename = posixpath.split(uri)
    stem = filename[:-3]
    if stem == "README":
        stem = "index"
    if not directory_urls or stem == "index":
        return posixpath.join(parent, stem + ".html")
    return posixpath.join(parent, stem, "index.html")


def href(from_uri: str, to_uri: str, directory_urls: bool = True, anchor: str = "") -> str:
    """A relative href from the page at `from_uri` to the page or file at `to_uri`."""
    here = url_of(from_uri, directory_urls)
    base = here.rstrip("/") if here.endswith("/") else posixpath.dirname(here)
    return _relative(base, url_of(to_uri, directory_urls)) + (f"#{anchor}" if anchor else "")


def forget() -> None:
    """Empty the link caches (the build is done with the pages that used them)."""
    _relative.cache_clear()
    url_of.cache_clear()


@lru_cache(maxsize=1 << 16)  # the pages of one folder link the same pages (archive, client, brand, rules)
def _relative(base: str, target: str) -> str:
    rel = relative(target.rstrip("/") or ".", base or ".")
    if target.endswith("/") or not target:
        rel = "./" if rel == "." else rel + "/"
    return quote(rel)  # a file may be named `brief#2.txt` or `简报 终版.txt`


class Links:
    """Links between the pages of one build: a link is made only when its target exists."""

    def __init__(self, targets: set[str], directory_urls: bool = True):
        self.targets = targets
        self.directory_urls = directory_urls

    def __call__(self, from_uri: str, to_uri: str | None, anchor: str = "") -> str | None:
        if not to_uri or to_uri not in self.targets:
            return None
        return href(from_uri, to_uri, self.directory_urls, anchor)


# --- Markdown text ---------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")


def md_text(value) -> str:
    """A value as inert Markdown text: HTML escaped, Markdown punctuation backslash-escaped."""
    text = " ".join(unmark(show(value)).split())
    return _MD_SPECIAL.sub(r"\\\1", str(escape(text)))


def safe_title(value) -> str:
    """A page title for front matter: themes print it unescaped, so markup characters are replaced."""
    text = " ".join(show(value).split())
    return text.translate(str.maketrans({"<": "＜", ">": "＞", "&": "＆", '"': "＂", "'": "＇", "`": "｀"}))


def front_matter(title: str, **meta) -> str:
    """YAML front matter for a generated page (JSON strings are valid YAML)."""
    lines = [f"title: {json.dumps(safe_title(title), ensure_ascii=False)}"]
    for key, value in meta.items():
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    return "---\n" + "\n".join(lines) + "\n---\n\n"


_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
# Code spans as Python-Markdown reads them (an escaped back-tick opens nothing), line by line: a span
# that seems to cross lines may cross a paragraph, list item or quote, where it is no code at all.
_CODE_SPAN = re.compile(r"(?<!\\)(?:\\\\)*(`+)(.+?)(?<!`)\1(?!`)")


def safe_body(body: str) -> str:
    """A record body as Markdown whose raw HTML shows as text instead of taking part in the page.

    Outside fenced code and code spans: HTML comments (template hints) are dropped, `<` and `&`
    become entities and `{` cannot start an attribute list. This keeps a stray or unclosed tag from
    swallowing the rest of the page; it is not what keeps script out: every page's HTML goes
    through `sanitize.clean_html` after Markdown, and that is the one gate.
    """
    out, prose, fence = [], [], None

    def flush():
        if prose:
            out.append(_prose("\n".join(prose)))
            prose.clear()

    for line in unmark(body.replace("\x00", "")).splitlines():
        m = _FENCE.match(line)
        if fence:
            out.append(line)
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not line.strip()[len(m.group(1)):].strip():
                fence = None
        elif m:
            flush()
            fence = m.group(1)
            out.append(line[:m.end()] + re.match(r"\s*([\w+-]*)", line[m.end():]).group(1))  # info string: a language only
        else:
            prose.append(line)
    flush()
    return "\n".join(out)


def _prose(text: str) -> str:
    spans: list[str] = []

    def keep(m):
        spans.append(m.group(0))
        return f"\x00{len(spans) - 1}\x00"
    text = _COMMENT.sub("", "\n".join(_CODE_SPAN.sub(keep, line) for line in text.split("\n")))
    text = re.sub(r"&(?!#?\w+;)", "&amp;", text).replace("<", "&lt;").replace("{", "&#123;")
    return re.sub("\x00(\\d+)\x00", lambda m: spans[int(m.group(1))], text)


def strip_title(body: str) -> str:
    """The body without its leading `# title` line (the page prints the title itself)."""
    lines = body.lstrip("\n").splitlines()
    if lines and re.match(r"#\s", lines[0]):
        lines = lines[1:]
    return "\n".join(lines).strip("\n")


def split_sections(body: str) -> tuple[str, list[tuple[str, str]]]:
    """A body's text before its first `## ` heading, and its (heading, text) sections."""
    head: list[str] = []
    sections: list[tuple[str, list[str]]] = []
    fence = None
    for line in body.splitlines():
        m = _FENCE.match(line)
        if m:
            fence = None if fence and m.group(1)[0] == fence[0] else (fence or m.group(1))
        if not fence and re.match(r"##\s", line):
            sections.append((line[2:].strip().strip("#").strip(), []))
            continue
        (sections[-1][1] if sections else head).append(line)
    return "\n".join(head).strip("\n"), [(t, "\n".join(b).strip("\n")) for t, b in sections]
