"""Record pages written straight into the site (not through MkDocs' per-page pipeline): content from
record_html, page shell from theme_shell, unchanged pages from page_cache. Called by the hook after
MkDocs has built the handbook (hooks/site.py on_post_build)."""
from __future__ import annotations

import json
from pathlib import Path

from generators.site import page_cache, record_html
from generators.site.page_cache import PageCache
from generators.site.printing import with_head
from generators.site.record_pages import RecordEntry, RecordPage, finish
from generators.site.render import safe_title
from generators.site.sanitize import clean_title
from generators.site.theme_shell import Shells


def record_pages(pages) -> list[RecordEntry]:
    """The pages of `pages` that the build writes itself (records, client and brand pages)."""
    return [p for p in pages if isinstance(p, RecordEntry)]


def write(root: Path, site_dir: Path, pages: list[RecordEntry], shells: Shells, edit_url, warn=print) -> PageCache:
    """Write every record page into `site_dir`, one at a time, rendering only those whose key is not in the
    cache. `edit_url(source)` is a record file's edit link (or None)."""
    config = shells.config
    md = None
    cache = PageCache(root)
    version = page_cache.code_version(shells.engine, json.dumps(config.mdx_configs, sort_keys=True, default=str),
                                      json.dumps([str(e) for e in config.markdown_extensions]))
    for entry in pages:
        page = entry.resolve()  # a kept summary, or the page generated now
        edit = edit_url(page.source) if page.source else None
        key = page_cache.page_key(version, page.uri, page.digest, edit or "",
                                  shells.fingerprint(page.uri, bool(edit), True))
        cached = cache.get(key)
        if cached is not None:
            cache.place(key, page.uri, cached, _dest(shells, site_dir, page.uri), rendered=False)
            continue
        if not isinstance(page, RecordPage):  # kept, but its finished page is not: the content is made again
            page = entry.full()
        title = clean_title(safe_title(page.title))
        if md is None:
            md = record_html.renderer(config.markdown_extensions, config.mdx_configs)
        content, toc, problem = record_html.content(page.skeleton, page.blocks, md)
        if problem:
            warn(f"{page.source or page.uri}: {problem}")
        html = with_head(shells.page(page.uri, title, content, toc, edit), page.head)
        path = cache.put(key, html)
        cache.place(key, page.uri, path, _dest(shells, site_dir, page.uri), rendered=True)
    finish(pages)
    cache.finish()
    return cache


def _dest(shells: Shells, site_dir: Path, uri: str) -> Path:
    return site_dir / shells.dest_uri(uri)
