"""A record page's content as HTML, without MkDocs: the generated blocks (crumbs, panel, tables, charts)
are already HTML (render.stash); only the headings and the record's own text go through Python-Markdown,
configured like the site's (mkdocs.yml markdown_extensions). The result passes the one sanitizer."""
from __future__ import annotations

import html as html_lib

import markdown

from generators.site import sanitize
from generators.site.render import unstash


def renderer(extensions: list, configs: dict) -> markdown.Markdown:
    """One Python-Markdown converter with the site's extensions (reset before every page)."""
    return markdown.Markdown(extensions=list(extensions), extension_configs=dict(configs or {}))


def content(skeleton: str, blocks: list[str], md: markdown.Markdown) -> tuple[str, list[dict], str | None]:
    """The page's sanitized content HTML, its table-of-contents tokens (titles reduced to inert text) and
    what is wrong with the page when it could not be shown (else None)."""
    md.reset()
    out = unstash(md.convert(skeleton), blocks)
    toc = _clean_toc(getattr(md, "toc_tokens", []))
    if sanitize.too_deep(out):
        notice = sanitize.TOO_DEEP.format(depth=sanitize.MAX_DEPTH)
        return f"<p>{html_lib.escape(notice)}</p>", [], notice
    return sanitize.clean_html(out), toc, None


def _clean_toc(tokens: list[dict]) -> list[dict]:
    return [dict(level=t["level"], id=t["id"], name=sanitize.clean_text(t["name"]),
                 children=_clean_toc(t.get("children", []))) for t in tokens]
