"""A record's body as page Markdown: its title line dropped, raw HTML shown as text, links retargeted
to the pages and files of the site (the sanitizer still cleans the rendered HTML)."""
from __future__ import annotations

from generators.archive.records import Record
from generators.site.model import Site
from generators.site.render import safe_body, strip_title


def body(site: Site, record: Record, uri: str, text: str | None = None) -> str:
    """A record body (or part of it) as Markdown: title line dropped, raw HTML neutralised, links retargeted."""
    text = strip_title(record.body) if text is None else text
    return site.rewrite_body_links(record, uri, safe_body(text))
