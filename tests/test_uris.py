"""Page addresses: relative links between generated pages."""
from __future__ import annotations

import os
import posixpath
import random

import pytest

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


@pytest.mark.parametrize("uri", ["archive/a/jobs/HXF-2026-0042/job.md", "archive/a/index.md", "archive/a/README.md",
                                 "index.md", "README.md", "x.md", "archive/a/b.pdf", "学习/客户.md"])
@pytest.mark.parametrize("directory_urls", [True, False])
def test_a_record_pages_file_is_where_mkdocs_would_write_it(uri, directory_urls):
    """render.dest_of, which spares making ten thousand MkDocs Files, names the file MkDocs names."""
    from mkdocs.structure.files import File

    from generators.site.render import dest_of

    assert dest_of(uri, directory_urls) == File(uri, "/docs", "/site", directory_urls).dest_uri
