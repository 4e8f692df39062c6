"""Active content in a record body, found the way the site would see it: the body is rendered by
Python-Markdown with the site's extensions (raw HTML passed through, as Markdown does), the HTML
is read by an HTML parser, and every script-carrying element, event handler and unsafe address in
it is reported with the body line it came from (SEC-HTML)."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser


from generators.archive.safeurl import SAFE_SCHEMES, decoded, safe_url, scheme

# The Markdown extensions of mkdocs.yml (tests/test_active_html.py keeps the two lists equal).
EXTENSIONS = ["admonition", "attr_list", "md_in_html", "def_list", "footnotes", "tables", "toc",
              "pymdownx.details", "pymdownx.superfences", "pymdownx.tasklist", "pymdownx.highlight",
              "pymdownx.inlinehilite"]

# Elements that run script, load other documents, or rewrite the page (whatever their attributes).
ACTIVE_TAGS = frozenset({"script", "iframe", "frame", "frameset", "object", "embed", "applet", "meta", "base",
                         "link", "style", "svg", "math", "form", "template", "noscript", "portal", "xml",
                         "import", "xmp", "plaintext", "noembed", "noframes"})
# Attributes whose value is an address the browser will load or navigate to.
URL_ATTRS = frozenset({"href", "src", "action", "formaction", "data", "xlink:href", "poster", "background",
                       "cite", "longdesc", "lowsrc", "dynsrc", "ping", "codebase", "srcset", "manifest", "icon"})
_CSS_ACTIVE = re.compile(r"url\s*\(|expression\s*\(|javascript:|vbscript:|behavior\s*:|-moz-binding|@import", re.I)
_RUN = re.compile(r"(?<![a-z0-9+.\-])([a-z][a-z0-9+.\-]*):")
_WHITESPACE = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u200b-\u200f\ufeff]+")
_EMPTY_COMMENT = re.compile(r"<!---?>")
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)")


@dataclass(frozen=True)
class Active:
    """One piece of active content: the body line (1-based) it starts on, what it is, and how to fix it."""

    line: int
    what: str
    fix: str


FIX_URL = ("链接和图片地址只能是网页（http:// 或 https:// 开头）、邮箱（mailto:）、电话（tel:）"
           "或档案里的文件（相对路径，如 brief.txt）。把地址改成其中一种；如果只是想把这段文字给人看，"
           "用反引号把它写成代码，如 `javascript:...`（反引号之间的内容只显示、不运行）。")
FIX_TAG = ("删掉这段 HTML，用 Markdown 写：链接写 [文字](https://...)，图片写 ![说明](文件名.png)，"
           "表格用 | 分隔；如果是要展示一段代码，放进代码块（上下各一行 ```）。")
FIX_ATTR = "删掉这个属性（连同等号后面的值）；需要加粗、链接、列表时用 Markdown 写。"


@cache
def _markdown():
    import markdown  # only a body that might be active is rendered: most checks never need it
    return markdown.Markdown(extensions=EXTENSIONS)


def render(body: str) -> str:
    """A body as HTML, rendered as the site's Markdown would render it if raw HTML were let through."""
    md = _markdown()
    md.reset()
    return md.convert(body)


def might_be_active(body: str) -> bool:
    """A quick test that rules out most bodies without rendering them. Active content needs a tag
    (`<`), an attribute list (`{`), a character reference (`&`), or a link whose scheme is not a
    safe one; a browser ignores whitespace inside a scheme, so the test reads the body without it."""
    if "<" in body or "{" in body or "&" in body:
        return True
    if "]" not in body:
        return False
    return any(m.group(1) not in SAFE_SCHEMES for m in _RUN.finditer(_WHITESPACE.sub("", body).lower()))


# Python-Markdown looks for the `]` of every `[` to the end of its paragraph: 10,000 unclosed
# brackets take 20 s. Past this much bracket work a body is not rendered (and is an error).
MAX_BRACKET_WORK = 1_000_000
FIX_BRACKETS = ("检查方括号是否成对：链接写成 [文字](地址)；要显示方括号本身，在它前面加反斜杠，写成 \\[。"
                "也可以把大段的符号放进代码块（上下各一行 ```）。")
FIX_DEEP = "减少列表和引用的嵌套层数（一般不超过 5 层），或把这段内容放进代码块（上下各一行 ```）。"


def bracket_work(body: str) -> tuple[int, int]:
    """How much bracket matching Python-Markdown would do on `body` (each open `[` is followed to
    its `]` or to the end of its paragraph), and the body line (1-based) of the costliest paragraph."""
    total, worst, worst_line, open_, start, cost = 0, 0, 1, 0, 1, 0
    for n, line in enumerate(body.split("\n"), start=1):
        if not line.strip():
            open_, start, cost = 0, n + 1, 0
            continue
        before = cost
        for ch in line:
            if ch == "[":
                open_ += 1
            elif ch == "]" and open_:
                open_ -= 1
            cost += open_
        total += cost - before
        if cost > worst:
            worst, worst_line = cost, start
    return total, worst_line


def find_active(body: str) -> list[Active]:
    """Every piece of active content in a record body, in line order. A body too costly or too
    deeply nested to render is one error of its own (it could hide anything)."""
    if not body or not might_be_active(body):
        return []
    work, line = bracket_work(body)
    if work > MAX_BRACKET_WORK:
        return [Active(line, "的段落里有大量没有配对的方括号“[”，无法检查其中的链接", FIX_BRACKETS)]
    try:
        rendered = render(body)
    except RecursionError:
        return [Active(1, "起的内容嵌套太深，无法检查其中有没有会运行的 HTML", FIX_DEEP)]
    reader = _Reader()
    # `<!-->` and `<!--->` end a comment at once in HTML5 (and in a browser); html.parser would read on.
    reader.feed(_EMPTY_COMMENT.sub("<!---->", rendered))
    for token in _toc_tokens(_markdown().toc_tokens):  # heading labels the theme prints as HTML
        reader.feed(token.get("data-toc-label", "") + " " + token.get("name", ""))
    reader.close()
    locate = _Locator(body)
    out = [Active(locate(needles), what, fix) for needles, what, fix in reader.found]
    return sorted(out, key=lambda a: a.line)


def _toc_tokens(tokens):
    for token in tokens:
        yield token
        yield from _toc_tokens(token.get("children", []))


def _css(value: str) -> str:
    """A style value with CSS escapes (`\\6a`, `\\j`) decoded, as the browser's CSS parser reads it."""
    def one(m):
        if m.group(1):
            try:
                return chr(int(m.group(1), 16))
            except (ValueError, OverflowError):
                return ""
        return m.group(2)
    return _CSS_ESCAPE.sub(one, value)


class _Reader(HTMLParser):
    """Collects (needles to find it in the source, what it is, the fix) for each active piece."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[list[str], str, str]] = []

    def handle_starttag(self, tag, attrs):
        raw = self.get_starttag_text() or f"<{tag}"
        if tag in ACTIVE_TAGS:
            self.found.append(([raw, f"<{tag}"], f"写了会运行或加载外部内容的 HTML 标签 <{tag}>", FIX_TAG))
        for name, value in attrs:
            value = value or ""
            here = [f'{name}="{value}"', f"{name}='{value}'", f"{name}={value}", raw, f"{name}="]
            if name.startswith("on"):
                self.found.append((here, f"HTML 标签 <{tag}> 带有事件属性 {name}（浏览器会把它当脚本运行）", FIX_ATTR))
            elif name in ("srcdoc", "formaction"):
                self.found.append((here, f"HTML 标签 <{tag}> 带有属性 {name}（可以嵌入或提交到一个脚本页面）", FIX_ATTR))
            elif name == "style" and _CSS_ACTIVE.search(_css(html.unescape(value))):
                self.found.append((here, f"HTML 标签 <{tag}> 的 style 里有 url(...)、expression 或脚本地址", FIX_ATTR))
            elif name in URL_ATTRS and not all(safe_url(u) for u in _urls(name, value)):
                bad = next(scheme(u) for u in _urls(name, value) if not safe_url(u))
                what = "图片" if name == "src" and tag == "img" else "链接" if tag == "a" else f"<{tag}> 的 {name}"
                self.found.append(([value, f"{bad}:", raw], f"{what}地址用了不安全的协议“{bad}:”", FIX_URL))

    handle_startendtag = handle_starttag


def _urls(name: str, value: str) -> list[str]:
    """The addresses in an attribute: one, or each candidate of a srcset (`url 2x, url 3x`)."""
    if name != "srcset":
        return [value]
    return [p.split()[0] for p in value.split(",") if p.split()] or [""]


class _Locator:
    """Finds where a piece of rendered HTML came from in the Markdown source: both are compared
    with character references decoded, whitespace and control characters removed, lower case
    (the form in which a split or entity-encoded `java&#115;cript:` still reads as one word)."""

    def __init__(self, body: str):
        chars, lines = [], []
        for n, line in enumerate(body.splitlines()):
            text = decoded(line)
            chars.append(text)
            lines.extend([n + 1] * len(text))
        self.text, self.lines = "".join(chars), lines
        self.used: dict[str, int] = {}

    def __call__(self, needles: list[str]) -> int:
        """The body line of the first needle found (after the last place this needle was found)."""
        for needle in needles:
            key = decoded(needle)
            if not key:
                continue
            at = self.text.find(key, self.used.get(key, 0))
            if at < 0:
                at = self.text.find(key)
            if at >= 0:
                self.used[key] = at + 1
                return self.lines[at]
        return 1
