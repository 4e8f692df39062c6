"""Where generated pages live: the docs-relative URI of every record, attachment and person.

Shared by the site, the dashboards and the calendar feeds so that links agree everywhere.
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import cache, lru_cache

from generators.archive.schema import schemas

ARCHIVE = "archive"


def generated_archive_pages(root=None) -> tuple[str, ...]:
    """The archive's own generated pages (its home and every register a schema declares): a record or
    file taking one of these addresses is RET-ADDRESS."""
    return (f"{ARCHIVE}/index.md",) + tuple(f"{ARCHIVE}/{s.register['page']}" for s in schemas(root).values() if s.register)




@dataclass
class Page:
    """A generated file of the site: Markdown for `.md` URIs, the file's text otherwise."""

    uri: str  # docs-relative, e.g. "archive/huaxin-foods/index.md", "calendar/all.ics"
    content: str
    source: str | None = None  # project-relative path of the record shown (edit link, history)
    head: str = ""  # page-specific CSS for <head> (the print header), kept out of the sanitized content


@cache
def _index_files() -> frozenset[str]:
    """Record files whose folder is the record (`client.md`, `brand.md`, `job.md`): their page is the folder's."""
    return frozenset(posixpath.basename(s.path) for s in schemas().values() if "{" not in posixpath.basename(s.path))


def record_uri(path: str) -> str:
    """`clients/x/jobs/HXF-2026-0042/job.md` → `archive/x/jobs/HXF-2026-0042/index.md`;
    `clients/x/meetings/2026-11-16-review.md` → `archive/x/meetings/2026-11-16-review.md`."""
    rest = path.split("/", 1)[1]
    folder, name = posixpath.split(rest)
    if name in _index_files():
        return f"{ARCHIVE}/{folder}/index.md"
    return f"{ARCHIVE}/{rest}"


def attachment_uri(path: str) -> str:
    """An attachment's place in the site: beside its record's page."""
    return f"{ARCHIVE}/{path.split('/', 1)[1]}"


def person_uri(slug: str) -> str:
    """A member of staff's to-do dashboard."""
    return f"dashboards/todo/{slug}.md"


def link(from_uri: str, to_uri: str) -> str:
    """A relative Markdown link from one docs-relative page to another."""
    return relative(to_uri, posixpath.dirname(from_uri) or ".")


def relative(path: str, start: str) -> str:
    """`posixpath.relpath(path, start)`, its folder part computed once per pair of folders: a dashboard or
    a register links thousands of pages that lie in a few folders."""
    p, s = posixpath.normpath(path), posixpath.normpath(start)
    folder, name = posixpath.split(p)
    if (not folder or name in ("", ".", "..") or p.startswith(("/", "..")) or s.startswith(("/", ".."))
            or s == p or s.startswith(p + "/")):  # where the folder's relpath is no prefix of the answer
        return posixpath.relpath(path, start)
    up = _folder_relpath(folder, s)
    return name if up == "." else f"{up}/{name}"


@lru_cache(maxsize=1 << 16)
def _folder_relpath(folder: str, start: str) -> str:
    # posixpath.relpath of two normalised relative paths with no leading "..", without its two calls to
    # abspath (two getcwd system calls for every link of a build)
    a = [] if folder == "." else folder.split("/")
    b = [] if start == "." else start.split("/")
    i = 0
    while i < len(a) and i < len(b) and a[i] == b[i]:
        i += 1
    return "/".join([".."] * (len(b) - i) + a[i:]) or "."
