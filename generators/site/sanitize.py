"""The one gate every page's HTML passes before it is written or indexed: nh3 (ammonia) with an
allowlist of the tags and attributes the site uses, and a scheme check on every URL.

Handbook pages and record pages alike go through `clean_html` (called from the MkDocs hook on each
page's rendered content, before the site's search reads it), so nothing a person writes can
reach a browser as script, whatever Markdown or HTML trick carried it through the Markdown renderer.
"""
from __future__ import annotations

import html
import re
from functools import cache, lru_cache

import nh3

from generators.archive.safeurl import SAFE_SCHEMES, safe_url

# Everything Material and our templates put into page content; nothing else survives.
TAGS = frozenset("""
a abbr b blockquote br caption cite code col colgroup dd del details dfn div dl dt em figcaption figure
h1 h2 h3 h4 h5 h6 hr i img input ins kbd label li mark nav ol p pre q s samp small span strong sub summary sup
table tbody td tfoot th thead tr u ul var wbr
""".split()) | frozenset({"svg", "g", "rect", "circle", "line", "path", "text", "tspan", "title"})
# The SVG elements above are the ones generators/charts.py draws; nothing that links, animates,
# embeds or references (a, animate, set, use, foreignObject, image) is among them.

# Removed together with their content: what is inside them is code or style, never text to show.
DROP_WITH_CONTENT = frozenset({"script", "style", "template", "noscript", "iframe", "noembed", "noframes",
                               "object", "embed", "applet", "math", "xmp", "plaintext", "textarea",
                               "select", "option"})

ATTRIBUTES = {
    # data-search-exclude keeps generated tables out of the site's search (generators/site/searchdocs.py).
    "*": {"class", "id", "title", "lang", "dir", "data-search-exclude"},
    "a": {"href"},
    "nav": {"aria-label"},  # the breadcrumbs (generators/site/crumbs.py)
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "style", "scope"},
    "details": {"open"},
    "input": {"checked"},  # task-list checkboxes; type and disabled are forced below
    "blockquote": {"cite"},
    "q": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    # generators/charts.py: geometry, colours (CSS custom properties) and text layout only
    "svg": {"xmlns", "role", "aria-label", "viewBox", "width", "height", "style"},
    "rect": {"x", "y", "width", "height", "rx", "fill"},
    "circle": {"cx", "cy", "r", "fill"},
    "line": {"x1", "y1", "x2", "y2", "stroke", "stroke-width", "stroke-dasharray"},
    "path": {"d", "fill"},
    "text": {"x", "y", "fill", "font-size", "font-family", "text-anchor"},
    "tspan": {"font-weight"},
}
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
# Paint and layout values of the charts: numbers, names, colours, `var(--name, #fff)`; never url().
_PLAIN_VALUE = re.compile(r"[\w\s#.,%()\-]*")
_SVG_VALUES = frozenset({"fill", "stroke", "stroke-width", "stroke-dasharray", "font-size", "font-family",
                         "font-weight", "text-anchor", "d", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx",
                         "width", "height", "viewBox"})

# The only styles kept: Python-Markdown's table alignment (`style="text-align: right;"`) and the
# charts' `max-width:100%;height:auto`.
_STYLE = re.compile(r"\s*(text-align\s*:\s*(left|right|center|justify)|max-width\s*:\s*100%|height\s*:\s*auto)\s*",
                    re.I)


_SVG_TAGS = frozenset({"svg", "g", "rect", "circle", "line", "path", "text", "tspan"})


def _attribute(tag: str, attr: str, value: str) -> str | None:
    if attr in URL_ATTRIBUTES:
        return value if safe_url(value) else None
    if attr == "style":
        parts = [p for p in value.split(";") if p.strip()]
        return value if parts and all(_STYLE.fullmatch(p) for p in parts) else None
    if attr in _SVG_VALUES and tag in _SVG_TAGS:
        return value if _PLAIN_VALUE.fullmatch(value) and "url" not in value.lower() else None
    if attr == "id" and value.lstrip().startswith("__"):
        return None  # `__config`, `__search`...: Material's own element ids; a page must not shadow them
    return value


@cache
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(TAGS), clean_content_tags=set(DROP_WITH_CONTENT),
        attributes={k: set(v) for k, v in ATTRIBUTES.items()}, attribute_filter=_attribute,
        strip_comments=True, link_rel=None, url_schemes=set(SAFE_SCHEMES),
        tag_attribute_values={"input": {"type": {"checkbox"}}},
        set_tag_attribute_values={"input": {"disabled": ""}})


# Deeper than this, the HTML parser's work grows with the square of the depth (100,000 nested
# <div> take a minute); real pages nest a few dozen levels.
MAX_DEPTH = 2000
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
TOO_DEEP = "这一页的 HTML 嵌套超过 {depth} 层，无法安全显示；请检查页面的源文件里是否有大量没有闭合的标签或层层嵌套的列表、引用。"


def depth(fragment: str) -> int:
    """How deeply the tags of `fragment` nest (a cost estimate before parsing, not a parse)."""
    level = deepest = 0
    for m in _TAG.finditer(fragment):
        if m.group(1):
            level = max(0, level - 1)
        elif m.group(2).lower() not in _VOID:
            level += 1
            deepest = max(deepest, level)
    return deepest


def too_deep(fragment: str) -> bool:
    """Whether `fragment` nests deeper than MAX_DEPTH (a fragment with no more tags than that cannot, and
    is not scanned: most pages)."""
    return fragment.count("<") > MAX_DEPTH and depth(fragment) > MAX_DEPTH


def clean_html(fragment: str) -> str:
    """Page content as HTML that cannot run script: only allowlisted tags and attributes, only
    safe URL schemes, no comments. The site's own markup (Material's admonitions, tables, code
    highlighting, permalinks, task lists; our panels and tables) passes unchanged. Content nested
    deeper than MAX_DEPTH is replaced by a notice (see `clean_page`)."""
    if too_deep(fragment):
        return f"<p>{html.escape(TOO_DEEP.format(depth=MAX_DEPTH))}</p>"
    return _cleaner().clean(fragment)


def clean_text(fragment: str) -> str:
    """HTML reduced to its text, escaped for HTML (for titles and table-of-contents entries)."""
    if len(fragment) > 200:
        return _clean_text(fragment)
    return _clean_short(fragment)


def _clean_text(fragment: str) -> str:
    return nh3.clean(fragment, tags=set(), clean_content_tags=set(DROP_WITH_CONTENT))


# the same few headings ("检查结果", "修改历史"...) on every record page: each short text cleaned once
_clean_short = lru_cache(maxsize=8192)(_clean_text)


def clean_title(title: str) -> str:
    """A page title as plain text that stays inert wherever the theme prints it: raw in the
    navigation, and through `striptags` (which decodes entities) in `<title>`."""
    from generators.site.render import safe_title
    return safe_title(html.unescape(clean_text(str(title))))


# Front-matter keys the theme prints into the page as they are (no escaping), and keys that change
# how the page is made: a handbook page cannot pick Material's redirect template or its target.
_PRINTED_META = ("title", "description", "author", "revision_date", "git_revision_date_localized",
                 "git_creation_date_localized")
_DROPPED_META = ("template", "location")


def clean_page(content: str, page) -> tuple[str, str | None]:
    """A rendered MkDocs page made safe before the theme or the search index reads it: its
    content through `clean_html`; its title, table-of-contents entries, the front-matter values
    the theme prints and the search tags reduced to inert text. Returns the content, and what
    is wrong with the page when its content could not be shown (else None)."""
    clean_meta(page)
    if too_deep(content):
        notice = TOO_DEEP.format(depth=MAX_DEPTH)
        return f"<p>{html.escape(notice)}</p>", notice
    return _cleaner().clean(content), None


def clean_meta(page) -> None:
    """What of a rendered page the theme prints besides its content, reduced to inert text: its title,
    table-of-contents entries, the printed front-matter values and the search tags (the part of
    `clean_page` a page whose content comes cleaned from generators/site/md_cache.py still needs)."""
    if page.title:
        page.title = clean_title(page.title)
    meta = page.meta if isinstance(page.meta, dict) else {}
    for key in _DROPPED_META:
        meta.pop(key, None)
    for key in _PRINTED_META:
        if key in meta and meta[key] is not None:
            meta[key] = clean_title(meta[key])
    if isinstance(meta.get("tags"), list):
        meta["tags"] = [clean_title(t) for t in meta["tags"]]
    stack = list(page.toc or [])
    while stack:
        item = stack.pop()
        item.title = clean_text(item.title)
        stack.extend(item.children)
