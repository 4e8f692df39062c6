"""The issue's targets (issue 13, "Targets") against the bench's figures: one row per target with
what was measured, the limit and PASS / FAIL, or "n/a" and why when it could not be measured."""
from __future__ import annotations

from dataclasses import asdict, dataclass

PASS, FAIL, NA, INFO = "PASS", "FAIL", "n/a", ""
KB, MB = 1000, 1000 * 1000


@dataclass
class Row:
    """One line of the table."""

    what: str
    measured: str  # as shown, e.g. "0.21 s", "1.4x (12.0 s / 8.6 s)"
    target: str  # as shown, e.g. "<= 1 s"; empty for a figure without a target
    status: str  # PASS, FAIL, n/a or "" (information)
    value: float | None = None  # the figure compared with the limit
    limit: float | None = None
    note: str = ""


def judge(what: str, value: float | None, limit: float, shown: str, target: str, *, applies: bool = True,
          note: str = "", why_missing: str = "") -> Row:
    """A row: PASS when value <= limit, FAIL above it; n/a when there is no value (say why) or the
    target does not apply at this archive size (the figure is still shown)."""
    if value is None:
        return Row(what, "-", target, NA, None, limit, why_missing or note)
    if not applies:
        return Row(what, shown, target, NA, value, limit, note)
    return Row(what, shown, target, PASS if value <= limit else FAIL, value, limit, note)


def _s(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f} s" if x < 100 else f"{x:.0f} s"


def rows(r: dict) -> list[Row]:
    """Every target row from the bench's results `r` (see generators/bench/__main__.py for its keys)."""
    n = r.get("records", 0)
    shown = f"{n:,}" + (f" ({r['synthetic']:,} synthetic + {r['sample']} sample)" if "synthetic" in r else "")
    out: list[Row] = [Row("records in the archive", shown, "", INFO)]
    out += _check_rows(r.get("check") or {}, r.get("bare") or {})
    size = r.get("synthetic", n)  # the targets' sizes count the synthetic records, not the sample added to them
    out += _build_rows(size, r.get("build") or {}, r.get("plain") or {})
    out += _change_rows(size, r.get("change") or {}, r.get("serve") or {})
    out += _search_rows(r.get("search") or {})
    out += _find_rows(r.get("find") or {}, r.get("build") or {})
    return out


def _failed(phase: dict) -> str:
    return phase.get("error", "") or (f"exit code {phase['returncode']}" if phase.get("returncode") else "")


def _check_rows(check: dict, bare: dict) -> list[Row]:
    # CPU seconds, as the build row: on a shared machine wall time also counts the waits for a core
    c, b = check.get("cpu"), bare.get("cpu")
    ratio = round(c / b, 2) if c and b else None
    why = _failed(check) or _failed(bare) or "not measured"
    notes = []
    if check.get("wall") and bare.get("wall"):
        notes.append(f"wall {_s(check['wall'])} / {_s(bare['wall'])}")
    if check.get("warm_cpu"):
        notes.append(f"warm cache {_s(check['warm_cpu'])} CPU ({round(check['warm_cpu'] / b, 2)}x)" if b else
                     f"warm cache {_s(check['warm_cpu'])} CPU")
    elif check.get("warm_wall"):
        notes.append(f"warm cache {_s(check['warm_wall'])}")
    return [judge("check vs bare front-matter parse (CSafeLoader)", ratio, 2.0,
                  f"{ratio}x ({_s(c)} / {_s(b)} CPU)", "<= 2x", why_missing=why, note="; ".join(notes))]


def _build_rows(n: int, build: dict, plain: dict) -> list[Row]:
    why = _failed(build) or "not measured"
    cpu, base = build.get("cpu"), plain.get("cpu")
    ratio = round(cpu / base, 2) if cpu and base and not _failed(build) and not _failed(plain) else None
    out = [judge("cold build CPU vs plain MkDocs + Material (lunr)", ratio, 0.6,
                 f"{ratio}x ({_s(cpu)} / {_s(base)} CPU)", "<= 0.6x",
                 why_missing=_failed(build) or _failed(plain) or "not measured",
                 note=f"plain: {_s(plain.get('wall'))} wall, {plain.get('peak_mb', '-')} MB")]
    wall = None if _failed(build) else build.get("wall")
    out.append(judge("cold build wall", wall, 90, _s(wall), "<= 90 s at 10,000", applies=n <= 10_000,
                     why_missing=why, note="" if n <= 10_000 else "target is for 10,000 records"))
    peak = None if _failed(build) else build.get("peak_mb")
    out.append(judge("cold build peak memory", peak, 800, f"{peak} MB", "<= 800 MB at 30,000",
                     applies=n <= 30_000, why_missing=why))
    return out


def _change_rows(n: int, change: dict, serve: dict) -> list[Row]:
    at10k = n <= 10_000
    note = "" if at10k else "target is for 10,000 records"
    wall = None if _failed(change) or not change.get("shown") else change.get("wall")
    why = _failed(change) or ("the edit is not on the record's page" if change and not change.get("shown") else "not measured")
    out = [judge("one-record change: make build", wall, 10, _s(wall), "<= 10 s at 10,000", applies=at10k,
                 why_missing=why, note=note)]
    shown = serve.get("seconds")
    out.append(judge("one-record change: mkdocs serve shows it", shown, 5, _s(shown), "<= 5 s at 10,000",
                     applies=at10k, why_missing=serve.get("error") or "not measured", note=note))
    return out


def _search_rows(search: dict) -> list[Row]:
    if not search.get("queries") or (search.get("error") and not any("seconds" in q for q in search["queries"])):
        return [Row("search (headless Chromium)", "-", "<= 1 s, <= 500 KB, <= 150 MB", NA,
                    note=search.get("error") or "not measured")]
    out = []
    for q in search.get("queries", []):
        label = f"search {q['kind']} “{q['text']}”"
        err = q.get("error", "")
        secs = q.get("seconds")
        out.append(judge(f"{label}: first result", secs, 1.0, _s(secs), "<= 1 s",
                         why_missing=err or q.get("note") or "no result", note=q.get("note", "")))
        size = q.get("bytes")
        out.append(judge(f"{label}: transferred", None if size is None else size / KB, 500,
                         f"{(size or 0) / KB:.0f} KB", "<= 500 KB", why_missing=err or "not measured"))
        heap = q.get("heap_mb")
        out.append(judge(f"{label}: JS heap", heap, 150, f"{heap} MB", "<= 150 MB", why_missing=err or "not measured"))
        out.append(_rank_row(label, q))
    return out


def _rank_row(label: str, q: dict) -> Row:
    top = q.get("top", 3)
    target = "first" if top == 1 else f"top {top}"
    if q.get("error"):
        return Row(f"{label}: rank", "-", target, NA, note=q["error"])
    rank = q.get("rank")
    shown = f"#{rank}" if rank else "not in the results"
    note = "" if rank else "first: " + ", ".join(q.get("results", [])[:3])
    return Row(f"{label}: rank", shown, target, PASS if rank and rank <= top else FAIL, rank, top, note)


def _find_rows(find: dict, build: dict) -> list[Row]:
    secs, wall = find.get("ret_find_seconds"), build.get("wall")
    share = round(100 * secs / wall, 1) if secs is not None and wall else None
    source = find.get("source", "")
    return [judge("RET-FIND share of the build", share, 10, f"{share} % ({_s(secs)} of {_s(wall)})", "<= 10 %",
                  why_missing=_failed(find) or _failed(build) or "not measured", note=source)]


def format_table(table: list[Row]) -> str:
    """The rows as an aligned text table (display width counts a CJK character as two columns)."""
    head = ("what", "measured", "target", "result", "note")
    cells = [head] + [(r.what, r.measured, r.target, r.status, " ".join(r.note.split())[:160]) for r in table]
    widths = [max(_width(c[i]) for c in cells) for i in range(4)]
    lines = []
    for i, c in enumerate(cells):
        lines.append("  ".join(_pad(c[k], widths[k]) for k in range(4)) + ("  " + c[4] if c[4] else ""))
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    passed = sum(r.status == PASS for r in table)
    failed = sum(r.status == FAIL for r in table)
    missing = sum(r.status == NA for r in table)
    lines.append(f"\n{passed} passed, {failed} failed, {missing} not measured or not applicable")
    return "\n".join(lines)


def as_json(table: list[Row]) -> list[dict]:
    return [asdict(r) for r in table]


def _width(text: str) -> int:
    import unicodedata
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
