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

from generators.archive.config import Settings

_HERE = Path(__file__).resolve().parent.parent  # generators/
# The code and data whose change makes every cached parse stale.
_INPUTS = [*(f"archive/{m}.py" for m in ("yamlio", "fields", "keynames", "listing", "bodylimits", "schema", "records", "cache",
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


class RecordCache:
    """Parsed records keyed by path, valid while the content digest matches."""

    def __init__(self, settings: Settings):
        self.path = settings.root / "build" / "cache" / "records.pickle"
        self.version = _version(settings)
        self.entries: dict[str, tuple] = {}
        self.dirty = False
        try:
            with open(self.path, "rb") as fh:
                version, entries = pickle.load(fh)
            if version == self.version:
                self.entries = entries
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

    def save(self, keep: set[str]) -> None:
        """Write the cache (only the files still present), atomically; a failure only costs speed."""
        stale = set(self.entries) - keep
        if not self.dirty and not stale:
            return
        for rel in stale:
            del self.entries[rel]
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
            with open(tmp, "wb") as fh:
                pickle.dump((self.version, self.entries), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path)
        except OSError:
            pass
