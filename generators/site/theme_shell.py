"""The one adapter between record pages built outside MkDocs and the MkDocs theme (Material): a page
shell rendered ONCE per shape (URL depth, edit link or not) by the theme's own `main.html` through the
engine's template context, with tokens where the page's title, content, table of contents, edit link
and canonical address go; each page is the shell with its own values put in. Works with MkDocs and with
ProperDocs (the engine is the package the running configuration comes from)."""
from __future__ import annotations

import hashlib
import importlib
import re
from urllib.parse import urljoin

_TITLE, _EDIT, _CANON, _TOC_ID = "zqxTITLEzqx", "zqxEDITURLzqx", "zqxCANONzqx", "zqxtocidzqx"
_CONTENT = '<h1>zqxCONTENTzqx</h1>'  # with "<h1": Material adds no title heading of its own
_TOC_ITEMS = '{% for toc_item in toc %}{% include "partials/toc-item.html" %}{% endfor %}'


class Shells:
    """Page shells of one build: `page(...)` makes a finished record page."""

    def __init__(self, config, nav, files, env):
        engine = type(config).__module__.split(".")[0]  # "mkdocs" or "properdocs"
        self._pages = importlib.import_module(f"{engine}.structure.pages")
        self._files = importlib.import_module(f"{engine}.structure.files")
        self._toc = importlib.import_module(f"{engine}.structure.toc")
        self._build = importlib.import_module(f"{engine}.commands.build")
        self.config, self.nav, self.files, self.env = config, nav, files, env
        self._shells: dict[tuple, str] = {}
        self._hashes: dict[tuple, str] = {}
        self._where: dict[str, tuple[str, str]] = {}  # uri -> (url, dest_uri): one engine File per page, not three
        self._toc_items = env.from_string(_TOC_ITEMS)
        self.engine = f"{engine} {importlib.import_module(engine).__version__}"

    def mkdocs_page(self, uri: str, title: str, content: str = "", toc: list[dict] = (), meta: dict | None = None):
        """An engine Page object for `uri` (what the theme and the search plugin read)."""
        file = self._files.File.generated(self.config, uri, content="")
        page = self._pages.Page(title, file, self.config)
        page.content, page.toc, page.meta = content, self._toc.get_toc(list(toc)), dict(meta or {})
        return page

    def url(self, uri: str) -> str:
        """The site URL of the page at `uri`, as the engine makes it."""
        return self._located(uri)[0]

    def dest_uri(self, uri: str) -> str:
        """The file the page at `uri` is written to, relative to the site directory."""
        return self._located(uri)[1]

    def _located(self, uri: str) -> tuple[str, str]:
        if uri not in self._where:
            f = self.files.src_uris.get(uri) if self.files is not None else None  # uri is posix already
            if f is None or f.is_documentation_page() or f.generated_by is None:
                f = self._files.File.generated(self.config, uri, content="")
            # else: the page's link target in the engine's file list (hooks' _record_target), placed
            # where the engine would have written the page: the same address, without making it again
            self._where[uri] = (f.url, f.dest_uri)
        return self._where[uri]

    def _shape(self, uri: str, edit: bool, has_toc: bool) -> tuple:
        url = self.url(uri)
        return (url.count("/") - (1 if url.endswith("/") else 0), edit, has_toc)

    def shell(self, uri: str, edit: bool, has_toc: bool) -> str:
        """The finished page of `uri`'s shape, with tokens for its own values."""
        shape = self._shape(uri, edit, has_toc)
        if shape not in self._shells:
            toc = [dict(level=2, id=_TOC_ID, name=_TOC_ID, children=[])] if has_toc else []
            page = self.mkdocs_page(uri, _TITLE, _CONTENT, toc)
            page.edit_url = _EDIT if edit else None
            page.canonical_url = _CANON if self.config.site_url else None
            context = self._build.get_context(self.nav, self.files, self.config, page)
            out = self.env.get_template("main.html").render(context)
            self._shells[shape] = _TOC_LI.sub(_TOC_ID, out, count=1) if has_toc else out
        return self._shells[shape]

    def fingerprint(self, uri: str, edit: bool, has_toc: bool) -> str:
        """A hash of the shell `uri` is put into (its part of a page's cache key)."""
        shape = self._shape(uri, edit, has_toc)
        if shape not in self._hashes:
            self._hashes[shape] = hashlib.sha256(self.shell(uri, edit, has_toc).encode("utf-8")).hexdigest()
        return self._hashes[shape]

    def page(self, uri: str, title: str, content: str, toc: list[dict], edit_url: str | None) -> str:
        """The finished page: the shell of its shape with its title, content, TOC, edit link, address."""
        out = self.shell(uri, bool(edit_url), bool(toc))
        url = self.url(uri)
        values = {_TITLE: title, _CONTENT: content, _EDIT: edit_url or ""}
        if self.config.site_url:
            base = self.config.site_url
            values[_CANON] = urljoin(base if base.endswith("/") else base + "/", url)
        if toc:
            items = self._toc_items.render(toc=self._toc.get_toc(toc))
            first = self._toc.get_toc(toc[:1]).items[0].url
            values[_TOC_ID] = items
            values[f"#{_TOC_ID}"] = first  # the theme's "skip to content" link
        return _fill(out, values)


# The token entry of the table of contents, as the theme renders it, becomes one token for the entries.
_TOC_LI = re.compile(r'<li class="md-nav__item">\s*<a href="#' + _TOC_ID + r'".*?</li>', re.S)


def _fill(text: str, values: dict[str, str]) -> str:
    """Every token replaced in one pass (a value can never be taken for another token)."""
    pattern = re.compile("|".join(re.escape(k) for k in sorted(values, key=len, reverse=True)))
    return pattern.sub(lambda m: values[m.group(0)], text)
