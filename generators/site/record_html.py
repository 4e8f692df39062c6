"""A record page's content as HTML, without MkDocs: the generated blocks (crumbs, panel, tables, charts)
are already HTML (render.stash); only the headings and the record's own text go through Python-Markdown,
configured like the site's (mkdocs.yml markdown_extensions). The result passes the one sanitizer."""
from __future__ import annotations

import html as html_lib

import markdown

from generators.site import sanitize
from generators.site.render import unstash


class Renderer:
    """Python-Markdown with the site's extensions, twice: as configured, and without the raw-HTML block
    preprocessor (`html_block`, md_in_html's or the core one). That preprocessor runs Python's HTML parser
    over the whole page, and a page with no `<` and no `&` gives it nothing to do: its parser then hands
    back the text exactly as it came (tests/test_record_html.py renders pages both ways). Most record
    pages are such pages: `safe_body` writes a body's `<` as `&lt;` only where it has one."""

    def __init__(self, extensions: list, configs: dict):
        self.full = markdown.Markdown(extensions=list(extensions), extension_configs=dict(configs or {}))
        self.plain = markdown.Markdown(extensions=list(extensions), extension_configs=dict(configs or {}))
        if "html_block" in self.plain.preprocessors:
            self.plain.preprocessors.deregister("html_block")

    def convert(self, text: str) -> tuple[str, list[dict]]:
        """The HTML of `text` and its table-of-contents tokens."""
        md = self.full if "<" in text or "&" in text else self.plain
        md.reset()
        return md.convert(text), getattr(md, "toc_tokens", [])


def renderer(extensions: list, configs: dict) -> Renderer:
    """The converter of record pages, with the site's extensions (reset before every page)."""
    return Renderer(extensions, configs)


def content(skeleton: str, blocks: list[str], md: Renderer) -> tuple[str, list[dict], str | None]:
    """The page's sanitized content HTML, its table-of-contents tokens (titles reduced to inert text) and
    what is wrong with the page when it could not be shown (else None)."""
    converted, tokens = md.convert(skeleton)
    out = unstash(converted, blocks)
    toc = _clean_toc(tokens)
    if sanitize.too_deep(out):
        notice = sanitize.TOO_DEEP.format(depth=sanitize.MAX_DEPTH)
        return f"<p>{html_lib.escape(notice)}</p>", [], notice
    return sanitize.clean_html(out), toc, None


def _clean_toc(tokens: list[dict]) -> list[dict]:
    return [dict(level=t["level"], id=t["id"], name=sanitize.clean_text(t["name"]),
                 children=_clean_toc(t.get("children", []))) for t in tokens]
