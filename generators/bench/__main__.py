"""Benchmark: `python -m generators.bench --records 10000` (`make bench N=10000`).

Writes a synthetic archive of N records (the record mix of a real agency) into a temporary project,
commits it to git, and measures every target of issue 13, each phase in its own process (so that
its peak memory is its own):

  check      `python -m generators check` (cold parse cache, then warm) against a bare parse of every
             record's front matter with yaml.CSafeLoader, in CPU seconds
  plain      plain MkDocs + Material with its lunr search building the SAME pages with no hooks
  build      the command `make build` runs, cold (no site/, no build/): wall, CPU, peak memory
  find       RET-FIND's seconds (from the build log when it reports them, else timed alone)
  change     one record's body edited: the build command again, and `mkdocs serve` until the page shows it
  search     headless Chromium, a fresh profile per query: first result, bytes, JS heap, rank

and prints them as one table (measured, target, PASS/FAIL), or as JSON with --json.

Example:
  python -m generators.bench --records 1000
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from generators.bench import live, proc
from generators.bench.queries import Query, page_path, pick
from generators.bench.synthetic import Synthetic, write_archive
from generators.bench.table import as_json, format_table, rows

REPO = Path(__file__).resolve().parents[2]
PHASES = ("check", "plain", "build", "find", "change", "serve", "search")
FIND_IN_LOG = re.compile(r"RET-FIND\D{0,40}?(\d+(?:\.\d+)?)\s*(?:s\b|秒)")


def make_project(root: Path, n: int) -> Synthetic:
    """A project copy with the real handbook, site config and hooks, and a synthetic archive."""
    # the sample archive too: the handbook links to its records, and `make build` is --strict
    for name in ("content", "hooks", "clients"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    # mkdocs.yml watches generators/: a link keeps the config valid and runs the code under test
    (root / "generators").symlink_to(REPO / "generators", target_is_directory=True)
    syn = write_archive(root, n)
    env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.com"}
    for cmd in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "synthetic archive"]):
        subprocess.run(cmd, cwd=root, check=True, env=env)
    return syn


def recipe(target: str, **variables: str) -> str:
    """The shell command the Makefile's `target` runs (its last Python line), with this interpreter."""
    done = subprocess.run(["make", "-s", "-n", "-C", str(REPO), target, *(f"{k}={v}" for k, v in variables.items())],
                          capture_output=True, text=True)
    lines = [ln for ln in done.stdout.splitlines() if ".venv/bin/python" in ln or "$(PY)" in ln]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"make -n {target}: {done.stderr.strip() or 'no command'}")
    return lines[-1].replace(".venv/bin/python", shlex.quote(sys.executable))


def _env() -> dict[str, str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("ARCHIVE_PUBLIC", None)
    return env


def _last_line(text: str) -> str:
    """The line that says why a command failed (MkDocs ends with "Aborted with N warnings…")."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return lines[-1][:300] if lines else "no output"


def _figures(r: proc.Run) -> dict:
    return {"wall": r.wall, "cpu": r.cpu, "peak_mb": r.peak_mb, "returncode": r.returncode}


def _python(args: list[str], root: Path, env: dict) -> proc.Run:
    return proc.run([sys.executable, *args], root, env)


def measure_check(root: Path, env: dict) -> tuple[dict, dict]:
    # "cold" is the parse cache (build/), not Python's bytecode: compiled first, as an installed package
    # is (the C loader the bare parse uses was compiled by pip), else with PYTHONDONTWRITEBYTECODE set
    # every run would compile some fifty modules again
    _python(["-m", "compileall", "-q", str(REPO / "generators")], root, env)
    shutil.rmtree(root / "build", ignore_errors=True)
    # and not the operating system's file cache: every record file is read once first, so that the check
    # and the bare parse after it both read from memory (on a VM whose host reclaims idle page cache, the
    # check, run first, paid the disk reads alone: measured here, 0.47 s of system time against 0.16 s warm)
    _read_all(root / "clients")
    cold = _python(["-m", "generators", "check"], root, env)
    warm = _python(["-m", "generators", "check"], root, env)
    bare = _python(["-m", "generators.bench.bare", str(root)], root, env)
    check = {**_figures(cold), "warm_wall": warm.wall, "warm_cpu": warm.cpu}
    if cold.returncode not in (0, 1):  # 1: the archive has errors (reported, still timed)
        check["error"] = f"exit code {cold.returncode}: {_last_line(cold.stderr)}"
    elif cold.returncode == 1:
        check["returncode"], check["note"] = 0, "the archive has errors"
    return check, _figures(bare)


def _read_all(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            path.read_bytes()


def measure_plain(root: Path, env: dict) -> dict:
    plain = root.parent / (root.name + "-plain")
    exported = _python(["-m", "generators.bench.export", str(root), str(plain)], root, env)
    if exported.returncode != 0:
        return {"error": "export failed: " + _last_line(exported.stderr)}
    built = proc.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(plain / "mkdocs.yml"), "-d", str(plain / "site")],
                     plain, {**env, "NO_MKDOCS_2_WARNING": "1"})
    out = {**_figures(built), "export_wall": exported.wall, "export": json.loads(exported.stdout.strip().splitlines()[-1])}
    if built.returncode:
        out["error"] = f"exit code {built.returncode}: {_last_line(built.stderr)}"
    shutil.rmtree(plain, ignore_errors=True)
    return out


def measure_build(root: Path, env: dict, command: str) -> tuple[dict, str]:
    for name in ("site", "build"):
        shutil.rmtree(root / name, ignore_errors=True)
    r = proc.run(["sh", "-c", command], root, env)
    out = _figures(r)
    if r.returncode:
        out["error"] = f"exit code {r.returncode}: {_last_line(r.stderr)}"
        out["log_tail"] = r.stderr[-3000:]
    return out, r.stdout + r.stderr


def measure_find(root: Path, env: dict, log: str) -> dict:
    """RET-FIND's seconds as the build log reports them, else timed alone on the site just built."""
    found = FIND_IN_LOG.search(log)
    if found:
        return {"ret_find_seconds": float(found.group(1)), "source": "from the build log"}
    r = _python(["-m", "generators.bench.measure", "find", str(root)], root, env)
    if r.returncode:
        return {"error": _last_line(r.stderr)}
    out = json.loads(r.stdout.strip().splitlines()[-1])
    out["source"] = "timed alone (the build log does not say)"
    return out


def measure_search(root: Path, env: dict, page: str, queries: list[Query]) -> dict:
    qfile = root.parent / (root.name + "-queries.json")
    qfile.write_text(json.dumps([q.__dict__ for q in queries], ensure_ascii=False), encoding="utf-8")
    r = _python(["-m", "generators.bench.browser", str(root / "site"), page, str(qfile)], root, env)
    qfile.unlink()
    if r.returncode:
        return {"error": "browser phase failed: " + _last_line(r.stderr)}
    out = json.loads(r.stdout.strip().splitlines()[-1])
    out["peak_mb"] = r.peak_mb
    return out


def _sample_text() -> str:
    """The sample archive's records and attachments as one text (the bench's site holds them too)."""
    parts = []
    for path in sorted((REPO / "clients").rglob("*")):
        if path.is_file() and not path.is_symlink() and path.suffix in (".md", ".txt", ".csv"):
            parts.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(parts)


def bench(root: Path, n: int, skip: set[str], say=lambda text: None) -> dict:
    """Every phase on a fresh synthetic project at `root`; the results by phase."""
    syn = make_project(root, n)
    env = _env()
    sample = sum(1 for _ in (REPO / "clients").rglob("*.md"))
    results: dict = {"records": syn.written + sample, "synthetic": syn.written, "sample": sample,
                     "years": list(syn.years), "clients": syn.clients}
    queries = pick(syn, _sample_text())
    results["queries"] = [q.__dict__ for q in queries]
    jobs = [e for e in syn.entries if e.type == "job"] or syn.entries
    edited = jobs[len(jobs) // 3]
    page = page_path(edited.path)
    serve_cmd = None
    try:
        build_cmd = recipe("build")
    except RuntimeError as exc:
        return {**results, "build": {"error": str(exc)}}
    if "check" not in skip:
        say("check …")
        results["check"], results["bare"] = measure_check(root, env)
    if "plain" not in skip:
        say("plain MkDocs + Material …")
        results["plain"] = measure_plain(root, env)
    log = ""
    if "build" not in skip:
        say("cold build …")
        results["build"], log = measure_build(root, env, build_cmd)
    if "find" not in skip and "build" not in skip:
        say("RET-FIND …")
        results["find"] = measure_find(root, env, log)
    if "change" not in skip and "build" not in skip:
        say("one-record change: build …")
        results["change"] = live.rebuild(root, build_cmd, env, edited.path, page, "基准测试改动一（BENCH-EDIT-1）")
    if "search" not in skip and "build" not in skip:
        say("search in Chromium …")
        results["search"] = measure_search(root, env, page, queries)
    if "serve" not in skip:
        say("one-record change: mkdocs serve …")
        addr = f"127.0.0.1:{live.free_port()}"
        try:
            serve_cmd = recipe("serve", ADDR=addr)
            results["serve"] = live.serve(root, serve_cmd, env, edited.path, page, "基准测试改动二（BENCH-EDIT-2）", addr,
                                          start_timeout=max(600.0, n * 0.2), change_timeout=max(300.0, n * 0.05))
        except RuntimeError as exc:
            results["serve"] = {"error": str(exc)}
    results["commands"] = {"build": build_cmd, "serve": serve_cmd}
    return results


def _count(text: str) -> int:
    """A record count of at least 1 (a negative or zero count is refused, not quietly made a small archive)."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}")
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {n}")
    return n


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generators.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=_count, default=10000, help="records in the synthetic archive (default 10000)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary project and print its path")
    parser.add_argument("--json", action="store_true", help="print the figures and the table as JSON")
    parser.add_argument("--skip", default="", help=f"phases to leave out, comma-separated: {','.join(PHASES)}")
    args = parser.parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    unknown = skip - set(PHASES)
    if unknown:
        parser.error(f"unknown phase(s): {', '.join(sorted(unknown))}")
    base = Path(tempfile.mkdtemp(prefix="archive-bench-"))
    root = base / "project"
    root.mkdir()
    say = (lambda text: None) if args.json else (lambda text: print(text, file=sys.stderr, flush=True))
    try:
        results = bench(root, args.records, skip, say)
        table = rows(results)
        if args.json:
            print(json.dumps({"results": results, "table": as_json(table)}, ensure_ascii=False, default=str))
        else:
            print(format_table(table))
    finally:
        if args.keep:
            print(f"project kept at {root}", file=sys.stderr)
        else:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
