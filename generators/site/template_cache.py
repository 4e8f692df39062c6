"""The theme's compiled templates kept in memory from one `mkdocs serve` rebuild to the next.

MkDocs makes a new Jinja environment for every build, so every rebuild compiles Material's templates
again (about a second at each save). Jinja's own bytecode cache keeps them: it stores each compiled
template with a checksum of its source and compiles again whenever the source differs, so an edited
template is never served stale. Only memory, never a file (loading bytecode from a file would run
whatever the file holds), and bounded."""
from __future__ import annotations

from collections import OrderedDict

from jinja2 import BytecodeCache

LIMIT = 512  # templates kept (Material has about 70; a project's overrides add a few)


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates by Jinja's key (template name and file), the least recently used dropped first."""

    def __init__(self, limit: int = LIMIT):
        self.limit = limit
        self._store: OrderedDict[str, bytes] = OrderedDict()

    def load_bytecode(self, bucket) -> None:
        data = self._store.get(bucket.key)
        if data is not None:
            self._store.move_to_end(bucket.key)
            bucket.bytecode_from_string(data)  # Jinja drops it when the source's checksum differs

    def dump_bytecode(self, bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()
        self._store.move_to_end(bucket.key)
        while len(self._store) > self.limit:
            self._store.popitem(last=False)

    def clear(self) -> None:
        self._store.clear()


_shared = MemoryBytecodeCache()


def attach(env) -> None:
    """Give the theme's environment the process's template cache (a build after the first in the same
    process, i.e. `mkdocs serve`, does not compile unchanged templates again)."""
    if env.bytecode_cache is None:
        env.bytecode_cache = _shared
