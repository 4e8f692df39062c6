"""Benchmark: `python -m generators.bench --records 10000`.

Writes a synthetic archive of N records (the record mix of a real agency) into a temporary
project, commits it to git, then times `check`, page generation and the MkDocs build, each in
its own process, and reports time, peak memory, page count and search-index size; then times
RET-FIND (the search check the build runs in its hook) on its own, to show its share.

Example:
  python -m generators.bench --records 1000
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from generators.bench.synthetic import write_archive

REPO = Path(__file__).resolve().parents[2]


def make_project(root: Path, n: int) -> int:
    """A project copy with the real handbook, site config and hooks, and a synthetic archive."""
    for name in ("content", "hooks"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    # mkdocs.yml watches generators/: a link keeps the config valid and runs the code under test
    (root / "generators").symlink_to(REPO / "generators", target_is_directory=True)
    written = write_archive(root, n)
    env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.com"}
    for cmd in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "synthetic archive"]):
        subprocess.run(cmd, cwd=root, check=True, env=env)
    return written


def run_phase(name: str, root: Path) -> dict:
    out = subprocess.run([sys.executable, "-m", "generators.bench.measure", name, str(root)],
                         cwd=root, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"phase {name} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generators.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=10000, help="records in the synthetic archive (default 10000)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary project and print its path")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    root = Path(tempfile.mkdtemp(prefix="archive-bench-"))
    try:
        written = make_project(root, args.records)
        results = {"records": written}
        for phase in ("check", "pages", "build", "find"):
            results[phase] = run_phase(phase, root)
        if args.json:
            print(json.dumps(results, ensure_ascii=False))
        else:
            print(f"records: {written}")
            for phase in ("check", "pages", "build", "find"):
                r = results[phase]
                extra = ", ".join(f"{k}={v}" for k, v in r.items() if k not in ("seconds", "peak_mb"))
                print(f"{phase:6s} {r['seconds']:8.2f} s  peak {r['peak_mb']:8.1f} MB  {extra}")
    finally:
        if args.keep:
            print(f"project kept at {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
