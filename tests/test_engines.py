"""The site builds unchanged with MkDocs 1.6 and with ProperDocs, its maintained drop-in fork.

MkDocs 1.x is unmaintained and Material reaches end of life on 2027-05-05: the hooks and generators
must not depend on anything ProperDocs does not also provide.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from sitebuild import REPO, build

pytestmark = pytest.mark.slow


def pages(site_dir: Path) -> set[str]:
    return {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")}


def test_properdocs_builds_the_same_site_as_mkdocs(tmp_path):
    built = {}
    for engine in ("mkdocs", "properdocs"):
        result = build(REPO, tmp_path / engine, strict=True, engine=engine)
        assert result.returncode == 0, f"{engine} build --strict failed:\n{result.stderr[-4000:]}"
        built[engine] = pages(tmp_path / engine)
    assert "archive/index.html" in built["properdocs"]
    assert any(p.startswith("archive/huaxin-foods/jobs/") for p in built["properdocs"])
    assert built["properdocs"] == built["mkdocs"]
    job = next(p for p in sorted(built["properdocs"]) if p.startswith("archive/huaxin-foods/jobs/"))
    assert (tmp_path / "properdocs" / job).read_text(encoding="utf-8").count("<article") == 1
