"""Record pages written straight into the site (not through MkDocs' per-page pipeline): content from
record_html, page shell from theme_shell, unchanged pages from page_cache. Called by the hook after
MkDocs has built the handbook (hooks/site.py on_post_build)."""
from __future__ import annotations

import json
from pathlib import Path

from generators.site import page_cache, record_html, site_keep
from generators.site.page_cache import PageCache
from generators.site.printing import with_head
from generators.site.record_pages import RecordEntry, RecordPage, finish
from generators.site.render import safe_title
from generators.site.sanitize import clean_title
from generators.site.theme_shell import Shells


def record_pages(pages) -> list[RecordEntry]:
    """The pages of `pages` that the build writes itself (records, client and brand pages)."""
    return [p for p in pages if isinstance(p, RecordEntry)]


def write(root: Path, site_dir: Path, pages: list[RecordEntry], shells: Shells, edit_url, warn=print,
          kept: bool = False) -> PageCache:
    """Write every record page into `site_dir`, one at a time, rendering only those whose key is not in the
    cache. `kept`: `site_dir`/archive is the last build's (`site_keep.restore`): what is not a page of this
    build that is already the cached file is deleted first, and those pages are not linked again.
    `edit_url(source)` is a record file's edit link (or None)."""
    config = shells.config
    md = None
    cache = PageCache(root)
    version = page_cache.code_version(shells.engine, json.dumps(config.mdx_configs, sort_keys=True, default=str),
                                      json.dumps([str(e) for e in config.markdown_extensions]))

    def lookup(page) -> tuple[str, str | None, Path | None]:
        """The page's cache key, its edit link, and its finished file when the cache has it."""
        edit = edit_url(page.source) if page.source else None
        key = page_cache.page_key(version, page.uri, page.digest, edit or "",
                                  shells.fingerprint(page.uri, bool(edit), True))
        return key, edit, cache.get(key)

    # first the pages the last build left unchanged (nothing generated: only summaries are held)
    plans = [(s, *lookup(s)) if (s := entry.kept()) is not None else None for entry in pages]
    in_place: set[str] = set()
    if kept:  # the last build's archive folder: only this build's cached pages stay in it
        in_place = site_keep.prune(site_dir, {shells.dest_uri(p[0].uri): p[3] for p in plans if p and p[3] is not None})
    for entry, plan in zip(pages, plans):
        page, key, edit, cached = plan or (entry.resolve(), None, None, None)  # else generated now
        if key is None:
            key, edit, cached = lookup(page)
        if cached is not None:
            dest = shells.dest_uri(page.uri)
            if dest in in_place:  # the kept folder's file is this page's cached file already
                cache.keep(key, page.uri)
            else:
                cache.place(key, page.uri, cached, site_dir / dest, rendered=False)
            continue
        if not isinstance(page, RecordPage):  # kept, but its finished page is not: the content is made again
            page = entry.full()
        title = _title(page.title)
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
