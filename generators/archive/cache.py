"""A cache of parsed records (build/cache/, git-ignored), so that checking a large archive
re-parses only the files that changed since the last run.

An entry is reused only when the file's bytes hash to the same digest (BLAKE2b: size and
modification time are not enough, an edit of the same size with its time restored must be
seen) and the cache was written by the same reader code, schemas and settings; anything else
is a miss. Hashing every file costs about a millisecond per hundred records.
"""
from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

from generators.archive import buildcache
from generators.archive.config import Settings

_HERE = Path(__file__).resolve().parent.parent  # generators/
# The code and data whose change makes every cached parse stale.
_INPUTS = [*(f"archive/{m}.py" for m in ("yamlio", "fastread", "fields", "keynames", "listing", "bodylimits", "schema", "records", "cache",
                                          "read_rules")),
           "rules/catalogue.py", "rules/registry.py", *sorted(
    p.relative_to(_HERE).as_posix() for p in (_HERE / "schemas").glob("*.yml"))]


def _version(settings: Settings) -> str:
    h = hashlib.sha256()
    for name in _INPUTS:
        h.update(name.encode() + b"\0" + (_HERE / name).read_bytes())
    config = settings.root / "archive.toml"
    h.update(config.read_bytes() if config.is_file() else b"")
    for own in sorted((settings.root / "schemas").glob("*.yml")):  # the project's own record types
        h.update(own.name.encode() + b"\0" + own.read_bytes())
    return h.hexdigest()


# `mkdocs serve` checks the archive again on every save, in the same process: unpickling tens of
# megabytes each time would cost more than the check. So the entries last read or written are kept
# here, with the cache file's identity, and reused while the file on disk is still that one (a
# pre-commit hook or a second `check` rewriting it makes this process read it again). Entries are
# never modified in place (a change replaces the entry), so sharing them between loads is safe.
_KEPT: dict[Path, tuple[str, tuple, dict]] = {}
LAZY_WRITE = 32  # changed or removed entries that are not worth rewriting the file for


def _signature(path: Path) -> tuple | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns


class RecordCache:
    """Parsed records keyed by path, valid while the content digest matches."""

    def __init__(self, settings: Settings):
        self.path = settings.root / "build" / "cache" / "records.pickle"
        self.version = _version(settings)
        self.entries: dict[str, tuple] = {}
        self.dirty = False
        self.changed = 0  # entries put since loading
        self.on_disk = False  # the file holds this version's entries (perhaps a few fewer than self.entries)
        kept = _KEPT.get(self.path)
        if kept is not None and kept[0] == self.version and kept[1] == _signature(self.path):
            self.entries = dict(kept[2])  # the file is the one this process last read or wrote
            self.on_disk = True
            return
        try:
            with open(self.path, "rb") as fh:  # opened first: with no cache file, git is not asked
                if not buildcache.trusted(settings.root):
                    raise OSError("build/ came with the repository")
                version, entries = pickle.load(fh)
            if version == self.version:
                self.entries = entries
                self.on_disk = True
                _KEPT[self.path] = (self.version, _signature(self.path), dict(entries))
        except Exception:  # missing, truncated or from another Python: start afresh
            self.entries = {}

    @staticmethod
    def digest(data: bytes) -> bytes:
        """The key of a file's content."""
        return hashlib.blake2b(data, digest_size=16).digest()

    def get(self, rel: str, digest: bytes):
        """The cached (record state, findings) of a file with this content, or None."""
        entry = self.entries.get(rel)
        if entry is not None and entry[0] == digest:
            return entry[1]
        return None

    def put(self, rel: str, digest: bytes, value) -> None:
        self.entries[rel] = (digest, value)
        self.dirty = True
        self.changed += 1

    def save(self, keep: set[str]) -> None:
        """Write the cache (only the files still present), atomically; a failure only costs speed.

        A few changed files do not rewrite it: writing tens of megabytes on every save under
        `mkdocs serve` would cost more than the next run re-reading those few files (at most
        LAZY_WRITE of them, about a millisecond each). This process keeps the new entries."""
        stale = set(self.entries) - keep
        if not self.dirty and not stale:
            return
        for rel in stale:
            del self.entries[rel]
        if self.on_disk and self.changed + len(stale) <= LAZY_WRITE:
            _KEPT[self.path] = (self.version, _signature(self.path), dict(self.entries))
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
            with open(tmp, "wb") as fh:
                pickle.dump((self.version, self.entries), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path)
            _KEPT[self.path] = (self.version, _signature(self.path), dict(self.entries))
        except OSError:
            pass
