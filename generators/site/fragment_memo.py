"""Pieces of generated pages kept between builds, as record pages are (`page_memo`): a register's row is
made against a traced Site, kept with the questions it asked, and reused while every answer is the same.

A one-record change rebuilds each register around ten thousand rows; without this, every row of every
register was made again (about a second at 10,000 records), though only the edited record's rows, and the
rows that link it, can differ. Kept in memory between `mkdocs serve` rebuilds and in
build/fragments-<name>.pickle (plain data only: `buildcache.read_plain`) for the next `make build`; the build-wide key is the record pages' own
(code, templates, schemas, settings, as_of, audience).
"""
from __future__ import annotations

from pathlib import Path

from generators.archive import buildcache
from generators.archive.records import Record
from generators.site import page_memo
from generators.site.model import Site

_FORMAT = 1
_MEMORY: dict[tuple[str, str], tuple[str, dict]] = {}  # (project root, name) -> (build key, {key: (trace, text)})
LAST: dict[str, dict[str, int]] = {}  # name -> what the last build did: {"made": n, "reused": n}


class Fragments:
    """One kind of piece (`name`) of one build: `get` reuses what still holds, `finish` keeps the build's."""

    def __init__(self, site: Site, name: str):
        if not name.replace("-", "").isalnum():
            raise ValueError(f"fragment name {name!r}: letters, digits and hyphens only (it names a file)")
        self.site, self.name = site, name
        self.root = str(Path(site.settings.root).resolve())
        self.key = page_memo.shared_key(site)
        self.answers = page_memo.shared_answers(site)
        key, kept = _MEMORY.get((self.root, name), (None, {}))
        if key != self.key:
            key, kept = self._load()
        self.kept: dict = kept if key == self.key else {}
        self.now: dict = {}
        self.made = self.reused = 0

    def get(self, key: str, record: Record, make) -> str:
        """The piece `key` made from `record`: the kept text when every question it asked gets the same
        answer, else `make(traced_site)` (a text), kept with its questions."""
        entry = self.kept.get(key)
        if entry is not None and self.answers.holds(entry[0]):
            self.now[key] = entry
            self.reused += 1
            return entry[1]
        text, trace = page_memo.traced(self.site, self.answers, record, make)
        self.made += 1
        if trace is not None:
            self.now[key] = (trace, text)
        return text

    def finish(self) -> None:
        """Keep this build's pieces in memory, and on disk when any was made or dropped."""
        _MEMORY[(self.root, self.name)] = (self.key, self.now)
        LAST[self.name] = {"made": self.made, "reused": self.reused}
        if self.made or len(self.now) != len(self.kept):
            self._save()

    def _path(self) -> Path:
        return Path(self.root) / "build" / f"fragments-{self.name}.pickle"

    def _load(self) -> tuple[str | None, dict]:
        data = buildcache.read_plain(self._path())
        if not (isinstance(data, tuple) and len(data) == 3 and data[:2] == (_FORMAT, self.key) and isinstance(data[2], dict)):
            return None, {}
        items = data[2]
        if not all(type(v) is tuple and len(v) == 2 and type(v[0]) is dict and type(v[1]) is str for v in items.values()):
            return None, {}
        return self.key, items

    def _save(self) -> None:
        try:
            buildcache.write_plain(self._path(), (_FORMAT, self.key, self.now))
        except OSError:
            pass  # a build that cannot keep its cache is only slower next time


def forget() -> None:
    """Drop the pieces kept in memory for the next build of this process."""
    _MEMORY.clear()
