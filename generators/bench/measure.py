"""Run one benchmark phase in this process and print its wall time and peak memory as JSON.

Each phase runs in a fresh interpreter so that its peak memory is its own.
"""
from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def phase_check(root: Path) -> dict:
    from generators.rules.check import check_archive
    archive, findings, _ = check_archive(root)
    return {"records": len(archive.records), "findings": len(findings)}


def phase_pages(root: Path) -> dict:
    from generators.site.build import generate
    gen = generate(root)
    return {"pages": len(gen.pages), "attachments": len(gen.attachments)}


def phase_build(root: Path) -> dict:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    build(config)
    files = [p for p in (root / "site" / "search").rglob("*.json") if p.is_file()]  # the site's own search index
    html = sum(1 for _ in (root / "site").rglob("*.html"))
    return {"html_pages": html, "search_index_bytes": sum(p.stat().st_size for p in files), "search_files": len(files)}


def phase_find(root: Path) -> dict:
    """RET-FIND alone over the site the build phase left (the build runs it too, in its hook)."""
    from generators.site.build import generate
    from generators.site.built import Built
    from generators.site.ret_find import check_built
    gen = generate(root)
    start = time.perf_counter()
    found = check_built(Built(gen.settings, root / "site", gen.records, archive=gen.archive))
    return {"ret_find_seconds": round(time.perf_counter() - start, 2), "ret_find_warnings": len(found)}


PHASES = {"check": phase_check, "pages": phase_pages, "build": phase_build, "find": phase_find}


def main(name: str, root: str) -> None:
    start = time.perf_counter()
    result = PHASES[name](Path(root))
    result["seconds"] = round(time.perf_counter() - start, 2)
    result["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
