"""Run every archive rule over the loaded archive."""
from __future__ import annotations

import gc
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from generators import rules  # noqa: F401  (registers every rule)
from generators.archive.config import Settings, load_settings
from generators.rules.cascade import drop_repeats
from generators.rules.context import Context
from generators.archive.findings import Finding
from generators.archive.records import Archive, Snapshot, load_archive
from generators.rules.registry import finding, ordered


def run_rules(ctx: Context) -> list[Finding]:
    """Findings of every rule whose stage is `archive`; a crashing rule is reported, not raised."""
    out: list[Finding] = []
    for r in ordered():
        if r.check is None or r.stage != "archive":
            continue
        try:
            out.extend(r.check(ctx))
        except Exception as exc:  # a bug in one rule must not hide the other rules' findings
            out.append(finding(ctx.settings, r.id, "archive.toml", 1, "",
                               f"规则 {r.id} 运行出错：{type(exc).__name__}: {exc}", "这是程序的问题，请把这条信息报告给维护档案的同事。"))
    return out


def today(settings: Settings, as_of: date | None) -> date:
    """`--as-of`, else the archive's pinned date, else the real date in the agency's zone."""
    if as_of:
        return as_of
    if settings.as_of:
        return settings.as_of
    from datetime import datetime
    return datetime.now(settings.tz).date()


def check_archive(root: Path, as_of: date | None = None, use_git: bool = True,
                  snapshot: Snapshot | None = None, focus: set[str] | None = None) -> tuple[Archive, list[Finding], Context]:
    """Load the archive at `root` (or a git-index snapshot of it) and run every rule;
    returns all findings, reading ones included. With `focus` (record paths), costly
    per-record rules may skip records outside it: use it only when filtering to those paths."""
    settings = load_settings(root)
    with _no_collection():
        archive = load_archive(settings, snapshot)
        ctx = Context(archive, today(settings, as_of), use_git=use_git, focus=focus)
        findings = archive.findings + drop_repeats(archive, run_rules(ctx))
    return archive, findings, ctx


@contextmanager
def _no_collection():
    """Python's cycle collector paused while the archive is read and checked: those allocate millions of
    objects that all stay alive, and the collector's repeated passes over them cost a third of the time
    at 10,000 records. Afterwards they are frozen (left out of the collector's young-generation passes,
    which would otherwise scan them all once more); the next check unfreezes the previous one's, so
    under `mkdocs serve` an old archive's cycles, if any, are still collected."""
    was = gc.isenabled()
    gc.disable()
    gc.unfreeze()
    try:
        yield
    finally:
        gc.freeze()
        if was:
            gc.enable()


def only_paths(findings: list[Finding], root: Path, paths: list[str]) -> list[Finding]:
    """Keep findings about the given files or folders (paths relative to cwd or root)."""
    wanted = []
    for p in paths:
        full = Path(p).resolve() if Path(p).exists() else (root / p).resolve()
        try:
            wanted.append(full.relative_to(root.resolve()).as_posix())
        except ValueError:
            wanted.append(p.replace("\\", "/"))
    def hit(path):
        return any(w in (".", "") or path == w or path.startswith(w.rstrip("/") + "/") for w in wanted)
    return [f for f in findings if hit(f.path)]
