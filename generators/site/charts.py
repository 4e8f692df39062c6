"""Charts drawn at build time as inline SVG: no script, no web font, nothing fetched, works offline
and in print. Each function returns one line of safe HTML (every text taken from a record is
escaped here, so callers pass plain text) that can sit in a Markdown page as a raw HTML block.

- `gantt`: a job's schedule, one bar per step, a line for today;
- `timeline`: dated events (a brand's history) along a vertical line;
- `trend`: counts per week for several rows (findings per client), as small bar charts.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from html import escape
from generators.site.render import block, unmark

__all__ = ["Bar", "Event", "brand_history", "gantt", "job_schedule", "timeline", "trend"]

# Colours as CSS custom properties with fallbacks, so the site's stylesheet (and dark mode) may
# restyle them; the fallbacks read in print.
COLOURS = {"done": "var(--chart-done, #7cb342)", "open": "var(--chart-open, #42a5f5)",
           "overdue": "var(--chart-overdue, #e53935)", "client": "var(--chart-client, #ffb300)",
           "axis": "var(--chart-axis, #9e9e9e)", "text": "var(--chart-text, currentColor)"}
STATES = {"done": "已完成", "open": "未完成", "overdue": "已过期", "client": "对客户"}
FONT = "font-size=\"12\" font-family=\"inherit\""


def _t(value) -> str:
    """Text or attribute value, escaped (quotes included) and on one line."""
    return escape(" ".join(unmark(str(value if value is not None else "")).split()), quote=True)


def _svg(width: int, height: int, label: str, body: list[str], css_class: str) -> str:
    # a block (render.block): on a record page kept out of Markdown, which would only pass it through
    return block(f'<figure class="archive-chart {css_class}"><svg xmlns="http://www.w3.org/2000/svg" role="img" '
            f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" style="max-width:100%;height:auto" '
            f'aria-label="{_t(label)}">'
            f'<title>{_t(label)}</title>{"".join(body)}</svg></figure>')


def _fit(text: str, chars: int) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= chars else text[: chars - 1] + "…"


@dataclass(frozen=True)
class Bar:
    """One row of a Gantt chart: from `start` (None: a milestone at `end`) to `end`."""

    label: str
    end: date
    start: date | None = None
    state: str = "open"  # a key of STATES
    note: str = ""       # tooltip text


def gantt(bars: list[Bar], today: date, title: str = "进度") -> str:
    """A Gantt-style chart of schedule steps: one row per bar, scaled between the first and the
    last date, a dashed line at `today`. Empty string when there is nothing dated."""
    bars = [b for b in bars if isinstance(b.end, date)]
    if not bars:
        return ""
    days = [b.end for b in bars] + [b.start for b in bars if b.start] + [today]
    lo, hi = min(days), max(days)
    span = max((hi - lo).days, 1)
    left, width, row, top = 190, 520, 24, 18
    height = top + row * len(bars) + 34

    def x(day: date) -> float:
        return left + width * (day - lo).days / span

    body = [f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - 26}" stroke="{COLOURS["axis"]}"/>']
    for i, b in enumerate(bars):
        y = top + 4 + i * row
        colour = COLOURS.get(b.state, COLOURS["open"])
        tip = _t(f"{b.label}：{(b.start.isoformat() + ' 至 ') if b.start else ''}{b.end.isoformat()}，{STATES.get(b.state, '')}"
                 + (f"，{b.note}" if b.note else ""))
        body.append(f'<text x="{left - 8}" y="{y + 13}" text-anchor="end" fill="{COLOURS["text"]}" {FONT}>{_t(_fit(b.label, 14))}</text>')
        if b.start and b.start < b.end:
            body.append(f'<rect x="{x(b.start):.1f}" y="{y + 2}" width="{max(x(b.end) - x(b.start), 2):.1f}" height="14" rx="3" '
                        f'fill="{colour}"><title>{tip}</title></rect>')
        else:
            cx = x(b.end)
            body.append(f'<path d="M{cx:.1f} {y + 1} l8 8 l-8 8 l-8 -8 z" fill="{colour}"><title>{tip}</title></path>')
        body.append(f'<text x="{min(x(b.end) + 10, left + width + 8):.1f}" y="{y + 13}" fill="{COLOURS["text"]}" {FONT}>'
                    f'{_t(b.end.strftime("%m-%d"))}</text>')
    tx = x(today)
    anchor = "end" if tx > left + width * 0.8 else "start" if tx < left + width * 0.2 else "middle"
    body.append(f'<line x1="{tx:.1f}" y1="{top - 2}" x2="{tx:.1f}" y2="{height - 26}" stroke="{COLOURS["overdue"]}" stroke-dasharray="4 3"/>'
                f'<text x="{tx:.1f}" y="{top - 5}" text-anchor="{anchor}" fill="{COLOURS["overdue"]}" {FONT}>今天 {_t(today.isoformat())}</text>')
    body.append(f'<text x="{left}" y="{height - 12}" fill="{COLOURS["axis"]}" {FONT}>{_t(lo.isoformat())}</text>'
                f'<text x="{left + width}" y="{height - 12}" text-anchor="end" fill="{COLOURS["axis"]}" {FONT}>{_t(hi.isoformat())}</text>')
    legend = "".join(f'<rect x="{left + 110 * k}" y="{height - 8}" width="10" height="8" fill="{COLOURS[s]}"/>'
                     f'<text x="{left + 14 + 110 * k}" y="{height}" fill="{COLOURS["text"]}" font-size="10">{_t(STATES[s])}</text>'
                     for k, s in enumerate(("done", "open", "client", "overdue")))
    return _svg(left + width + 60, height + 4, title, body + [legend], "archive-chart-gantt")


@dataclass(frozen=True)
class Event:
    """One dated event of a timeline."""

    day: date
    label: str
    kind: str = ""   # shown before the label
    note: str = ""   # tooltip text


def timeline(events: list[Event], title: str = "时间轴") -> str:
    """Events along a vertical line, oldest first, spaced by time (with a minimum gap so labels
    never overlap). Empty string when there is no dated event."""
    events = sorted((e for e in events if isinstance(e.day, date)), key=lambda e: e.day)
    if not events:
        return ""
    lo, hi = events[0].day, events[-1].day
    span = max((hi - lo).days, 1)
    gap, scale = 26, max(26 * len(events), 240)
    ys, last = [], -gap
    for e in events:
        y = max(14 + scale * (e.day - lo).days / span, last + gap)
        ys.append(y)
        last = y
    height = int(last) + 20
    body = [f'<line x1="100" y1="6" x2="100" y2="{height - 6}" stroke="{COLOURS["axis"]}" stroke-width="2"/>']
    for e, y in zip(events, ys):
        tip = _t(f"{e.day.isoformat()} {e.kind} {e.label}" + (f"：{e.note}" if e.note else ""))
        body.append(f'<g><title>{tip}</title><circle cx="100" cy="{y:.1f}" r="5" fill="{COLOURS["open"]}"/>'
                    f'<text x="90" y="{y + 4:.1f}" text-anchor="end" fill="{COLOURS["axis"]}" {FONT}>{_t(e.day.isoformat())}</text>'
                    f'<text x="112" y="{y + 4:.1f}" fill="{COLOURS["text"]}" {FONT}>'
                    + (f'<tspan font-weight="bold">{_t(_fit(e.kind, 6))}</tspan> ' if e.kind else "")
                    + f'{_t(_fit(e.label, 40))}</text></g>')
    return _svg(640, height, title, body, "archive-chart-timeline")


def trend(rows: dict[str, list[int]], columns: list[str], title: str = "趋势") -> str:
    """Small bar charts, one row per key of `rows` (its counts, one per column), on one scale;
    each bar shows its count. Empty string when there are no rows."""
    if not rows or not columns:
        return ""
    peak = max([n for counts in rows.values() for n in counts] + [1])
    left, col, bar_h, row = 130, 52, 34, 50
    height = row * len(rows) + 22
    body = [f'<text x="{left + col * i + col / 2:.1f}" y="14" text-anchor="middle" fill="{COLOURS["axis"]}" {FONT}>{_t(c)}</text>'
            for i, c in enumerate(columns)]
    for r, (name, counts) in enumerate(rows.items()):
        base = 22 + r * row + bar_h
        body.append(f'<text x="{left - 8}" y="{base - 4}" text-anchor="end" fill="{COLOURS["text"]}" {FONT}>{_t(_fit(name, 9))}</text>'
                    f'<line x1="{left}" y1="{base}" x2="{left + col * len(columns)}" y2="{base}" stroke="{COLOURS["axis"]}"/>')
        for i, n in enumerate(counts[: len(columns)]):
            h = bar_h * n / peak
            xx = left + col * i + 8
            body.append(f'<rect x="{xx}" y="{base - h:.1f}" width="{col - 16}" height="{h:.1f}" fill="{COLOURS["overdue" if n else "axis"]}">'
                        f'<title>{_t(f"{name} {columns[i]}：{n}")}</title></rect>')
            if n:
                body.append(f'<text x="{xx + (col - 16) / 2:.1f}" y="{base - h - 3:.1f}" text-anchor="middle" fill="{COLOURS["text"]}" font-size="10">{n}</text>')
    return _svg(left + col * len(columns) + 10, height + 6, title, body, "archive-chart-trend")


# ---- adapters from records (plain text in, safe HTML out) ----

def job_schedule(job, today: date) -> str:
    """A job's schedule as a Gantt chart: each step runs from the previous step's date (the
    job's opening for the first) to its own due date; the delivery date is the last milestone."""
    bars, start = [], job.data.get("opened") if _is_day(job.data.get("opened")) else None
    for step in job.data.get("schedule") or []:
        due = step.get("due")
        if not _is_day(due):
            continue
        done = step.get("done")
        state = ("done" if done else "overdue" if due < today else "client" if step.get("audience") == "client" else "open")
        note = ("对客户" if step.get("audience") == "client" else "对内") + (f"，{done} 完成" if _is_day(done) else "")
        bars.append(Bar(str(step.get("step") or ""), due, start if start and start < due else None, state, note))
        start = due
    due = job.data.get("due")
    if _is_day(due):
        delivered = job.data.get("status") in ("delivered", "closed")
        bars.append(Bar("交付", due, None, "done" if delivered else "overdue" if due < today else "open", "交付日期"))
    return gantt(bars, today, f"{job.data.get('job_no') or ''} 进度表")


def brand_history(records) -> str:
    """A brand's history records (strategy, 动脑会, campaigns...) as a timeline."""
    events = []
    for h in records:
        f = h.schema.fields.get("kind")
        values = getattr(f.type, "values", None) if f else None
        kind = (values or {}).get(h.data.get("kind"), h.data.get("kind") or "")
        people = "、".join(str(p) for p in h.data.get("participants") or [])
        events.append(Event(h.data.get("date"), str(h.data.get("title") or ""), str(kind), people))
    return timeline(events, "品牌轨迹")


def _is_day(value) -> bool:
    return isinstance(value, date) and not isinstance(value, datetime)
