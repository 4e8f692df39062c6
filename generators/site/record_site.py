"""Record pages written straight into the site (not through MkDocs' per-page pipeline): content from
record_html, page shell from theme_shell, unchanged pages from page_cache. Called by the hook after
MkDocs has built the handbook (hooks/site.py on_post_build)."""
from __future__ import annotations

import json
from pathlib import Path

from generators.site import page_cache, record_html, site_keep
from generators.site.page_cache import PageCache
from generators.site.printing import with_head
from generators.site.record_pages import RecordPage
from generators.site.render import safe_title
from generators.site.sanitize import clean_title
from generators.site.theme_shell import Shells


def record_pages(pages) -> list[RecordPage]:
    """The pages of `pages` that the build writes itself (records, client and brand pages)."""
    return [p for p in pages if isinstance(p, RecordPage)]


def write(root: Path, site_dir: Path, pages: list[RecordPage], shells: Shells, edit_url, search=None,
          warn=print, kept: bool = False) -> PageCache:
    """Write every record page into `site_dir`, rendering only those whose key is not in the cache.
    `kept`: `site_dir`/archive is the last build's (`site_keep.restore`): what is not a page of this
    build that is already the cached file is deleted first, and those pages are not linked again.
    `edit_url(source)` is a record file's edit link (or None); `search(page)`, when given, indexes an
    engine page and returns its content as the site shows it (Material's search plugin)."""
    config = shells.config
    md = None
    cache = PageCache(root)
    version = page_cache.code_version(shells.engine, json.dumps(config.mdx_configs, sort_keys=True, default=str),
                                      json.dumps([str(e) for e in config.markdown_extensions]), str(bool(search)))
    planned = []
    for page in pages:
        title = _title(page.title)
        edit = edit_url(page.source) if page.source else None
        meta = {"title": title, **page.meta}
        if isinstance(meta.get("tags"), list):
            meta["tags"] = [_title(t) for t in meta["tags"]]
        key = page_cache.page_key(version, page.uri, title, json.dumps(meta, ensure_ascii=False, sort_keys=True),
                                  page.skeleton, "\x00".join(page.blocks), page.head, edit or "",
                                  shells.fingerprint(page.uri, bool(edit), True))
        cached = cache.get(key)
        extra = cache.extra(key) if cached is not None and search else None
        if cached is not None and search and extra is None:
            cached = None
        planned.append((page, title, edit, meta, key, cached, extra))
    if kept:  # the last build's archive folder: only this build's cached pages stay in it
        site_keep.prune(site_dir, {shells.dest_uri(p.uri): c for p, _, _, _, _, c, _ in planned if c is not None})
    for page, title, edit, meta, key, cached, extra in planned:
        if cached is not None:
            if search:
                search(shells.mkdocs_page(page.uri, title, extra["content"], extra["toc"], meta))
            cache.place(key, page.uri, cached, _dest(shells, site_dir, page.uri), rendered=False)
            continue
        if md is None:
            md = record_html.renderer(config.markdown_extensions, config.mdx_configs)
        content, toc, problem = record_html.content(page.skeleton, page.blocks, md)
        if problem:
            warn(f"{page.source or page.uri}: {problem}")
        shown = search(shells.mkdocs_page(page.uri, title, content, toc, meta)) if search else content
        html = with_head(shells.page(page.uri, title, shown, toc, edit), page.head)
        path = cache.put(key, html, {"content": content, "toc": toc} if search else None)
        cache.place(key, page.uri, path, _dest(shells, site_dir, page.uri), rendered=True)
    cache.finish()
    return cache


# Titles as the sanitizer cleans them, kept across `mkdocs serve` rebuilds (the same text always cleans
# the same way; 10,000 titles through nh3 are a tenth of a second at every save). Bounded.
_TITLES: dict = {}
_TITLES_LIMIT = 200_000


def _title(raw) -> str:
    """`clean_title(safe_title(raw))`, remembered."""
    key = (type(raw), raw) if isinstance(raw, (str, int, float)) else None
    if key is None:
        return clean_title(safe_title(raw))
    out = _TITLES.get(key)
    if out is None:
        if len(_TITLES) >= _TITLES_LIMIT:
            _TITLES.clear()
        out = _TITLES[key] = clean_title(safe_title(raw))
    return out


def _dest(shells: Shells, site_dir: Path, uri: str) -> Path:
    return site_dir / shells.dest_uri(uri)
