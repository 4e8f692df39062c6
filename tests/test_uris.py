"""Page addresses: relative links between generated pages."""
from __future__ import annotations

import os
import posixpath
import random

from generators.archive import uris


def test_relative_is_posix_relpath_without_asking_the_working_directory(monkeypatch):
    uris._folder_relpath.cache_clear()
    rng = random.Random(7)
    parts = ["a", "b", "archive", "index.md", "x.md", ".", "..", "aa", "a.b"]
    pairs = [("/".join(rng.choice(parts) for _ in range(rng.randint(1, 5))),
              "/".join(rng.choice(parts) for _ in range(rng.randint(1, 5))) if rng.random() < .9 else ".")
             for _ in range(20000)]
    assert [uris.relative(p, s) for p, s in pairs] == [posixpath.relpath(p, s) for p, s in pairs]
    assert uris.relative("archive/c/jobs/J/index.md", "archive/c/brands/b") == "../../jobs/J/index.md"
    calls, real = [], os.getcwd
    monkeypatch.setattr(os, "getcwd", lambda: calls.append(1) or real())
    uris.relative("archive/c/jobs/K/index.md", "dashboards/todo")
    assert calls == []  # the common case asks the system nothing
