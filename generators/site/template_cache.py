"""The theme's compiled templates kept from one build to the next: in memory across `mkdocs serve`
rebuilds, and in build/templates/ for a new `mkdocs build`.

MkDocs makes a new Jinja environment for every build, so every build compiles Material's templates
again (a third of a second to a second). Jinja's own bytecode cache keeps them: it stores each compiled
template with a checksum of its source and compiles again whenever the source differs, so an edited
template is never served stale. Compiled code read from a file runs when loaded, so the files are read
only when build/ is this machine's own (buildcache), like every other cache there; memory is bounded."""
from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

from jinja2 import BytecodeCache

from generators.archive import buildcache

LIMIT = 512  # templates kept (Material has about 70; a project's overrides add a few)


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates by Jinja's key (template name and file), the least recently used dropped first."""

    def __init__(self, limit: int = LIMIT):
        self.limit = limit
        self._store: OrderedDict[str, bytes] = OrderedDict()

    folder: Path | None = None  # build/templates/ of the project being built, when it may be read and written

    def load_bytecode(self, bucket) -> None:
        data = self._store.get(bucket.key)
        if data is None and self.folder is not None:
            try:
                data = (self.folder / f"{bucket.key}.cache").read_bytes()
            except OSError:
                data = None
        if data is not None:
            self._keep(bucket.key, data)
            bucket.bytecode_from_string(data)  # Jinja drops it when the source's checksum differs

    def dump_bytecode(self, bucket) -> None:
        data = bucket.bytecode_to_string()
        self._keep(bucket.key, data)
        if self.folder is not None:
            try:
                buildcache.write(self.folder / f"{bucket.key}.cache", data)
            except OSError:
                pass  # only speed is lost

    def _keep(self, key: str, data: bytes) -> None:
        self._store[key] = data
        self._store.move_to_end(key)
        while len(self._store) > self.limit:
            self._store.popitem(last=False)

    def clear(self) -> None:
        self._store.clear()


_shared = MemoryBytecodeCache()


def attach(env, root: Path | None = None) -> None:
    """Give the theme's environment the process's template cache (a build after the first in the same
    process, i.e. `mkdocs serve`, does not compile unchanged templates again), backed by `root`/build/templates/
    when build/ is this machine's own."""
    if env.bytecode_cache is None:
        env.bytecode_cache = _shared
    if env.bytecode_cache is _shared:
        _shared.folder = Path(root) / "build" / "templates" if root is not None and buildcache.trusted(root) else None
