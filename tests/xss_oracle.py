"""An independent judge of built HTML for the XSS tests: which elements, attributes and addresses
in it could run script. Deliberately simple and separate from generators/ (it must not share the
code it judges)."""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser

BAD_SCHEME = re.compile(r"^(javascript|vbscript|data|livescript|mocha|file):")
# <svg> itself is drawn by the site's charts; what inside SVG could link, animate or embed is listed.
ACTIVE = {"script", "iframe", "frame", "object", "embed", "applet", "meta", "base", "link", "style", "math",
          "form", "template", "noscript", "portal", "frameset", "animate", "set", "animatetransform",
          "animatemotion", "foreignobject", "use", "image", "feimage", "handler", "listener"}
URLISH = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "background", "srcdoc", "srcset",
          "cite", "ping"}


def reads_as(url: str) -> str:
    """An address as a browser reads its scheme: references decoded, spaces and controls gone, lower case."""
    for _ in range(5):
        url = html.unescape(url)
    return "".join(ch for ch in url if ord(ch) > 0x20 and not ch.isspace() and ch not in "\u200b\ufeff").lower()


class Judge(HTMLParser):
    """Collects (what, detail) for every live piece of script-carrying markup."""

    def __init__(self, allow_tags=frozenset()):
        super().__init__(convert_charrefs=True)
        self.allow_tags = allow_tags
        self.bad: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag in ACTIVE and tag not in self.allow_tags:
            self.bad.append(("tag", tag))
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.bad.append(("handler", f"<{tag} {name}={value}>"))
            elif name in URLISH and BAD_SCHEME.match(reads_as(value)):
                self.bad.append(("url", f"<{tag} {name}={value}>"))
            elif tag == "meta" and name == "content" and "url=" in reads_as(value) and \
                    BAD_SCHEME.match(reads_as(value).split("url=", 1)[1].strip("'\"")):
                self.bad.append(("refresh", f"<meta content={value}>"))
            elif name == "style" and re.search(r"url\(|expression|javascript", reads_as(value)):
                self.bad.append(("style", f"<{tag} style={value}>"))

    handle_startendtag = handle_starttag


def live(markup: str, allow_tags=frozenset()) -> list[tuple[str, str]]:
    """Every live script-carrying piece of `markup` (an empty list for inert HTML)."""
    judge = Judge(allow_tags)
    judge.feed(re.sub(r"<!---?>", "<!---->", markup))
    judge.close()
    return judge.bad
