"""The pages MkDocs still renders (handbook, registers, dashboards, rule and template pages) kept in
build/mdcache/ as their *sanitized* HTML, so that a build converts only the pages whose Markdown changed.

A page's key is a hash of everything its HTML is made of: its Markdown (after our on_page_markdown) and
front matter, its address, the Markdown extensions and their settings, link validation settings, the
versions of the engine, Markdown, pymdownx, Pygments and nh3, and the code that sanitizes and indexes it.
Links to other files are rewritten by MkDocs from the file list, so an entry also keeps every file
the page's links looked up and what it found (address, excluded or not): a hit needs the same answers
from this build's file list. A hit restores what MkDocs' `Page.render` sets (content, table of
contents, title, anchors, links to anchors) and logs again the link warnings the render logged.

What is stored is the output of `sanitize.clean_page`, never raw Markdown output; the page's
front matter is still cleaned on every build (`sanitize.clean_meta`). Entries are kept in memory too:
`mkdocs serve` reloads hooks/site.py on each rebuild but not this module.
"""
from __future__ import annotations

import dataclasses
import hashlib
import importlib
import json
import logging
import os
from importlib import metadata
from pathlib import Path

from generators.archive import buildcache
from generators.archive import safeurl
from generators.site import render, sanitize, searchdocs, searchindex
from generators.site.searchindex import SearchDoc

FORMAT = 1
_DISTRIBUTIONS = ("mkdocs", "properdocs", "Markdown", "pymdown-extensions", "Pygments", "nh3", "mkdocs-material")


def _code_version() -> str:
    # Hashed once, at import: in `mkdocs serve` the running code is the code imported first, whatever
    # the files say later, and an entry must be keyed by the code that made it.
    h = hashlib.sha256(str(FORMAT).encode())
    for module in (sanitize, safeurl, render, searchdocs, searchindex):
        h.update(Path(module.__file__).read_bytes())
    h.update(Path(__file__).read_bytes())
    for dist in _DISTRIBUTIONS:
        try:
            h.update(f"{dist}={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{dist}=-".encode())
    return h.hexdigest()


CODE = _code_version()
_MEMORY: dict[str, dict] = {}  # file name -> entry, across the rebuilds of one `mkdocs serve`


def forget() -> None:
    """Let go of the entries kept in memory (a `mkdocs build` is done with them once its pages are rendered)."""
    _MEMORY.clear()


@dataclasses.dataclass
class Rendered:
    """A page's sanitized content, what is wrong with it (None if nothing), and its search document."""

    content: str
    problem: str | None
    doc: SearchDoc | None


class RenderCache:
    """One build's use of build/mdcache/: `prepare` before MkDocs renders a page, `rendered` after."""

    def __init__(self, root: Path, variant: str, salt: str = ""):
        self.dir = root / "build" / "mdcache"
        self.variant, self.salt = variant, salt
        self.rendered_uris: list[str] = []
        self.reused_uris: list[str] = []
        self._pending: dict[str, dict] = {}  # src_uri -> what the render of a missed page set
        self._hits: dict[str, dict] = {}

    def prepare(self, page, markdown: str, config, files, blocks: str = "") -> None:
        """Before MkDocs renders `page` (from on_page_markdown, `markdown` being what that event returns):
        on a hit its render restores the cached result instead of converting Markdown; on a miss the
        render records what the cache needs. `blocks`: the HTML blocks the Markdown names by marker
        (`render.stashed_blocks`), put back after the render: part of the page as much as its Markdown."""
        uri = page.file.src_uri
        key = self._key(page, markdown + "\x00" + blocks if blocks else markdown, config)
        entry = self._load(uri)
        hit = None
        if entry is not None and entry.get("key") == key and _same_lookups(entry.get("lookups", {}), files):
            hit = _decode(page, entry, files)
        if hit is not None:
            self._hits[uri] = hit
            page.render = lambda config, files: _restore(page, hit)
        else:
            page.render = lambda config, files: self._record(page, key, config, files)

    def rendered(self, page, html: str) -> Rendered:
        """After MkDocs rendered `page` (from on_page_content): the sanitized content and search document,
        from the cache on a hit, else made now and stored."""
        uri = page.file.src_uri
        hit = self._hits.pop(uri, None)
        if hit is not None:
            sanitize.clean_meta(page)
            self.reused_uris.append(uri)
            return Rendered(hit["content"], hit["problem"], hit["doc"])
        content, problem = sanitize.clean_page(html, page)
        doc = searchdocs.page_doc(page.url, page.title or "", content)
        pending = self._pending.pop(uri, None)
        self.rendered_uris.append(uri)
        if pending is not None:  # None: the page was rendered without `prepare` (another plugin's render)
            pending.update(content=content, problem=problem, doc=dataclasses.asdict(doc) if doc else None)
            self._store(uri, pending)
        return Rendered(content, problem, doc)

    def finish(self) -> None:
        """Record which pages this build converted and which it took from the cache."""
        report = {"rendered": sorted(self.rendered_uris), "reused": sorted(self.reused_uris)}
        buildcache.write(self.dir / "last-build.json", json.dumps(report, ensure_ascii=False, indent=0).encode("utf-8"))

    def _key(self, page, markdown: str, config) -> str:
        f = page.file
        validation = config.get("validation")
        parts = [CODE, self.salt, self.variant, type(page).__module__, markdown, page.meta, f.src_uri, f.url,
                 f.dest_uri, f.inclusion.is_excluded(), config.get("markdown_extensions"), config.get("mdx_configs"),
                 config.get("use_directory_urls"), validation,
                 # MkDocs keeps a page's links to anchors only when the log shows more than debug messages
                 _engine_log(page).getEffectiveLevel() > logging.DEBUG]
        text = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=_plain)
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    def _record(self, page, key: str, config, files) -> None:
        lookups = _Lookups(files)
        capture = _Capture()
        log = _engine_log(page)
        log.addHandler(capture)
        try:
            type(page).render(page, config, lookups)
        finally:
            log.removeHandler(capture)
        links = page.links_to_anchors
        self._pending[page.file.src_uri] = {
            "key": key, "lookups": lookups.seen, "warnings": capture.records,
            "toc": [_token(item) for item in page.toc or []], "title": page._title_from_render,
            "anchors": sorted(page.present_anchor_ids or ()),
            "links": None if links is None else {target.src_uri: dict(v) for target, v in links.items()}}

    def _path(self, uri: str) -> Path:
        name = hashlib.sha256(f"{self.variant}\x00{uri}".encode("utf-8", "surrogatepass")).hexdigest()[:32]
        return self.dir / f"{name}.json"

    def _load(self, uri: str) -> dict | None:
        path = self._path(uri)
        if str(path) in _MEMORY:
            return _MEMORY[str(path)]
        if not buildcache.readable(path):
            return None
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None  # no entry, or one a crash cut short: the page is rendered
        if not isinstance(entry, dict) or not _well_formed(entry):
            return None
        _MEMORY[str(path)] = entry
        return entry

    def _store(self, uri: str, entry: dict) -> None:
        path = self._path(uri)
        _MEMORY[str(path)] = entry
        try:
            buildcache.write(path, json.dumps(entry, ensure_ascii=False).encode("utf-8"))
        except OSError:
            pass  # a cache that cannot be written costs time next build, nothing else


def _decode(page, entry: dict, files) -> dict | None:
    """A stored entry as the objects a render sets, or None when it is damaged (the page is rendered)."""
    try:
        engine = type(page).__module__.split(".")[0]
        toc = importlib.import_module(f"{engine}.structure.toc").get_toc(entry["toc"])
        links = None
        if entry["links"] is not None:
            links = {}
            for uri, anchors in entry["links"].items():
                target = page.file if uri == page.file.src_uri else files.get_file_from_path(uri)
                if target is not None:
                    links[target] = {str(k): str(v) for k, v in anchors.items()}
        warnings = [(name, level, message) for name, level, message in entry["warnings"]]
        if not all(isinstance(n, str) and isinstance(lv, int) and isinstance(m, str) for n, lv, m in warnings):
            return None
        doc = entry["doc"]
        return {"content": entry["content"], "problem": entry["problem"], "toc": toc, "title": entry["title"],
                "anchors": {str(a) for a in entry["anchors"]}, "links": links, "warnings": warnings,
                "doc": SearchDoc(**doc) if doc is not None else None}
    except (KeyError, TypeError, ValueError, AttributeError, ImportError):
        return None


def _restore(page, hit: dict) -> None:
    """What MkDocs' `Page.render` sets, from the cache; the warnings the render logged, logged again."""
    page.content = hit["content"]
    page.toc = hit["toc"]
    page._title_from_render = hit["title"]
    page.present_anchor_ids = hit["anchors"]
    if hit["links"] is not None:
        page.links_to_anchors = hit["links"]
    for name, level, message in hit["warnings"]:
        logging.getLogger(name).log(level, message)


_FIELDS = {"key": str, "lookups": dict, "warnings": list, "toc": list, "anchors": list, "content": str}


def _well_formed(entry: dict) -> bool:
    return (all(isinstance(entry.get(k), t) for k, t in _FIELDS.items())
            and (entry.get("problem") is None or isinstance(entry["problem"], str))
            and (entry.get("doc") is None or isinstance(entry["doc"], dict))
            and (entry.get("title") is None or isinstance(entry["title"], str))
            and (entry.get("links") is None or isinstance(entry["links"], dict)))


class _Lookups:
    """The build's file list as the renderer sees it, noting every path it looks up and what it found."""

    def __init__(self, files):
        self._files = files
        self.seen: dict[str, list | None] = {}

    def get_file_from_path(self, path: str):
        found = self._files.get_file_from_path(path)
        self.seen[path] = _answer(found)
        return found

    def __getattr__(self, name):
        return getattr(self._files, name)


def _answer(found) -> list | None:
    return None if found is None else [found.url, found.inclusion.is_excluded()]


def _same_lookups(seen: dict, files) -> bool:
    return all(_answer(files.get_file_from_path(path)) == answer for path, answer in seen.items())


class _Capture(logging.Handler):
    """What the render logs (link warnings), to log again when the page comes from the cache."""

    def __init__(self):
        super().__init__()
        self.records: list[list] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append([record.name, record.levelno, record.getMessage()])


def _engine_log(page) -> logging.Logger:
    return logging.getLogger(type(page).__module__.split(".")[0])  # "mkdocs" or "properdocs"


def _token(item) -> dict:
    return {"name": item.title, "id": item.id, "level": item.level, "children": [_token(c) for c in item.children]}


def _plain(value):
    if isinstance(value, dict):
        return {str(k): v for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted(map(repr, value))
    if hasattr(value, "items"):  # MkDocs' config sections
        return {str(k): v for k, v in value.items()}
    return repr(value)
