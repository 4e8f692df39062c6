"""Finished record pages kept in build/pages/ by a hash of everything they are made of, so that a build
writes an unchanged page from the cache instead of rendering it again. The key covers the page's own
content (its record, the linked records and findings it shows, the templates' output), its page shell
(theme, mkdocs.yml, nav, package versions) and the code that renders it; `pages-last-build.json` says
which pages the last build rendered and which it reused."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from pathlib import Path

import markdown
import nh3

from generators.archive import buildcache
from generators.site import record_html, sanitize, site_keep

_CODE = (Path(record_html.__file__), Path(sanitize.__file__), Path(__file__))


def code_version(*extra: str) -> str:
    """A hash of what renders the pages besides their inputs: our rendering code, Markdown and nh3 versions,
    and `extra` (the theme adapter's own version, the Markdown configuration)."""
    h = hashlib.sha256()
    for p in _CODE:
        h.update(p.read_bytes())
    h.update(f"{markdown.__version__}|{getattr(nh3, '__version__', '')}".encode())
    for e in extra:
        h.update(e.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def page_key(*parts: str) -> str:
    """The cache key of one page from the texts it is made of."""
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


class PageCache:
    """build/pages/: one finished page per key."""

    def __init__(self, root: Path):
        self.dir = root / "build" / "pages"
        self.used: set[str] = set()
        self.rendered: list[str] = []
        self.reused: list[str] = []
        self.started = time.time()
        self._made: set[Path] = set()  # site folders already made this build
        self._listed = None  # the cache's file names by folder, read at the first look-up
        self._readable = False

    def _path(self, key: str, suffix: str = ".html") -> Path:
        return self.dir / key[:2] / (key + suffix)

    def get(self, key: str) -> Path | None:
        """The cached page of `key`, if there is one."""
        path = self._path(key)
        if self._listed is None:
            self._listed = self._list()
            self._readable = buildcache.readable(self.dir / "x")  # one answer for the whole folder
        if self._listed is not False:  # listed as a regular file: no stat per page
            return path if self._readable and key + ".html" in self._listed.get(key[:2], ()) else None
        return path if self._readable and path.is_file() else None

    def _list(self):
        """The regular files in each folder of the cache, read once per build (one listing, whose entries say
        their type, instead of a stat for every page), or False when it cannot be read (then each page is
        looked up)."""
        try:
            return {d.name: {f.name for f in os.scandir(d.path) if f.is_file(follow_symlinks=False)}
                    for d in os.scandir(self.dir) if d.is_dir(follow_symlinks=False)}
        except FileNotFoundError:
            return {}
        except OSError:
            return False

    def put(self, key: str, page: str) -> Path:
        """Keep a finished page under `key`."""
        path = self._path(key)
        if path.parent not in self._made:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(path.parent)
        buildcache.write(path, page.encode("utf-8", "surrogatepass"), folder_made=True)
        return path

    def keep(self, key: str, uri: str) -> None:
        """Note that the cached page of `key` is in the site already (kept from the last build)."""
        self.used.add(key)
        self.reused.append(uri)

    def place(self, key: str, uri: str, cached: Path, dest: Path, rendered: bool) -> None:
        """Write a cached page to `dest` in the site (a hard link when the file system allows)."""
        self.used.add(key)
        (self.rendered if rendered else self.reused).append(uri)
        if dest.parent not in self._made:
            dest.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(dest.parent)
        try:
            os.link(cached, dest)  # MkDocs cleaned the site directory: usually nothing is in the way
            return
        except FileExistsError:
            if site_keep.same_file(dest, cached):  # kept from the last build (site_keep): already this page
                return
        except OSError:
            pass
        try:
            dest.unlink()
        except FileNotFoundError:
            pass
        try:
            os.link(cached, dest)
        except OSError:
            shutil.copyfile(cached, dest)

    def finish(self) -> None:
        """Record what this build rendered and reused, and drop pages no build uses any more."""
        self.dir.mkdir(parents=True, exist_ok=True)
        report = {"rendered": sorted(self.rendered), "reused": sorted(self.reused)}
        buildcache.write(self.dir.parent / "pages-last-build.json", json.dumps(report, ensure_ascii=False, indent=0).encode())
        for sub in self.dir.iterdir():
            if sub.is_dir():
                for f in sub.iterdir():
                    if f.name.split(".")[0] not in self.used and _older(f, self.started):
                        f.unlink(missing_ok=True)  # a page written since this build began is another build's


def last_build(root: Path) -> dict:
    """What the last build did: {"rendered": [...], "reused": [...]} (page URIs)."""
    return json.loads((root / "build" / "pages-last-build.json").read_text(encoding="utf-8"))


def _older(path: Path, than: float) -> bool:
    try:
        return path.stat().st_mtime < than
    except OSError:
        return False
