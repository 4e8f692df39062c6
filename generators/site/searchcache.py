"""Records' search documents kept between builds: in memory across `mkdocs serve` rebuilds (this module stays
imported) and in build/search-cache/docs.pickle for a new process, so a rebuild after one change builds that
one record's SearchDoc again.

An entry is reused only when everything its document was made from is unchanged: the record itself (its
data, body, place and confidentiality), every record it read while being made (its client, the records its
references name, and theirs: read through `_Watch`, which records them), and, for all entries at once, the
schemas and the code that makes documents. A document whose making touched the archive in any other way is
not cached (fail closed: it is made again on every build).
"""
from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

from generators.archive import buildcache
from generators.archive import fields as _fields, naming, records as _records, schema as _schema
from generators.site import public, render, searchindex, searchtext

FILE = "docs.pickle"
_FORMAT = 3
_CHUNK = 1000  # entries per pickle in the file
_CODE = [Path(m.__file__) for m in (_fields, naming, _records, _schema, public, render, searchindex, searchtext)]
_MEMORY: dict[str, tuple[str, dict]] = {}  # cache folder -> (global key, {record path: entry})


def fingerprint(record) -> bytes:
    """A digest of everything a record is: its place, typed data, body, and confidentiality."""
    spec = (record.path, record.type, record.data, record.body, record.slug, record.sealed, record.inherited,
            sorted(record.unread))
    return hashlib.sha256(repr(spec).encode("utf-8", "surrogatepass")).digest()


class _Watch:
    """The archive as `record_doc` sees it, noting every record it looks up; anything else it asks for
    (other than the schemas and settings) makes the document uncacheable."""

    def __init__(self, archive):
        self._archive = archive
        self.seen: dict[tuple[str, str], object] = {}
        self.untracked = False

    def get(self, type_: str, key: str):
        r = self._archive.get(type_, key)
        self.seen[(type_, key)] = r
        return r

    def __getattr__(self, name):
        if name not in ("types", "settings"):
            self.untracked = True
        return getattr(self._archive, name)


def _global_key(archive, make_doc) -> str:
    h = hashlib.sha256(f"{_FORMAT}|{make_doc.__module__}.{make_doc.__qualname__}".encode())
    for p in _CODE + [Path(__import__(make_doc.__module__, fromlist=["_"]).__file__)]:
        h.update(p.read_bytes())
    h.update(repr(sorted(archive.types.items())).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


class DocCache:
    """Record documents by record path, reused when their inputs are unchanged (see the module docstring)."""

    def __init__(self, folder: Path | None, archive, make_doc):
        self.folder = Path(folder) if folder else None
        self.archive = archive
        self.make_doc = make_doc  # (record, archive, url) -> SearchDoc | None
        self.key = _global_key(archive, make_doc)
        self.hits = self.misses = 0
        self._fps: dict[int, bytes] = {}
        self._new: dict[str, tuple] = {}
        self._old = self._load()
        self._changed = False

    def _fp(self, record) -> bytes:
        fp = self._fps.get(id(record))
        if fp is None:
            fp = self._fps[id(record)] = fingerprint(record)
        return fp

    def _load(self) -> dict:
        name = str(self.folder)
        mem = _MEMORY.get(name)
        if mem is not None and mem[0] == self.key:
            return mem[1]
        if self.folder is None:
            return {}
        try:
            if not buildcache.readable(self.folder / FILE):
                return {}
            with open(self.folder / FILE, "rb") as fh:
                key, chunks = pickle.load(fh)  # build/ is this project's own cache, written below
                if key != self.key:
                    return {}
                entries: dict = {}
                for _ in range(chunks):
                    entries.update(pickle.load(fh))
            return entries
        except Exception:  # a missing, partial or old cache only costs time
            return {}

    def _valid(self, entry, record, url) -> bool:
        fp, old_url, deps, _, _ = entry
        if fp != self._fp(record) or old_url != url:
            return False
        for type_, key, dep_fp in deps:
            r = self.archive.get(type_, key)
            if (None if r is None else self._fp(r)) != dep_fp:
                return False
        return True

    def doc(self, record, url: str):
        """The record's search document, from the cache when its inputs are unchanged."""
        entry = self._old.get(record.path)
        if entry is not None and self._valid(entry, record, url):
            self.hits += 1
            self._new[record.path] = entry
            if entry[3] is not None:
                searchindex.remember_hash(entry[3], entry[4])
            return entry[3]
        self.misses += 1
        self._changed = True
        watch = _Watch(self.archive)
        d = self.make_doc(record, watch, url)
        if not watch.untracked:
            deps = tuple((t, k, None if r is None else self._fp(r)) for (t, k), r in sorted(watch.seen.items()))
            self._new[record.path] = (self._fp(record), url, deps, d, d.content_hash() if d is not None else "")
        return d

    def save(self) -> None:
        """Keep this build's entries (those of records no longer shown go) in memory and in build/."""
        self._changed = self._changed or len(self._new) != len(self._old)
        _MEMORY.clear()  # one project per process: keep memory to the last build's entries
        _MEMORY[str(self.folder)] = (self.key, self._new)
        if self.folder is None or not self._changed:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = self.folder / f"{FILE}.{os.getpid()}.tmp"
            items = list(self._new.items())
            with open(tmp, "wb") as fh:
                # in chunks: one pickle of every document would hold a copy of them all until it is done
                chunks = range(0, len(items), _CHUNK)
                pickle.dump((self.key, len(chunks)), fh, protocol=pickle.HIGHEST_PROTOCOL)
                for k in chunks:
                    pickle.dump(dict(items[k:k + _CHUNK]), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.folder / FILE)
        except OSError:
            pass  # a read-only build/ only costs time
