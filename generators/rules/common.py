"""Helpers shared by the workflow rules, the dashboards and the calendar feeds."""
from __future__ import annotations

import re
from datetime import date, datetime
from weakref import WeakKeyDictionary

from .. import periods
from ..findings import Finding

# Job statuses in workflow order; `cancelled` stands outside the order.
STATUSES = ["notice", "brief", "concept", "estimate", "artwork", "production", "delivered", "closed"]
STATUS_LABEL = {"notice": "预报", "brief": "简报", "concept": "草图", "estimate": "估价", "artwork": "完稿",
                "production": "制作", "delivered": "完成", "closed": "结束卡号", "cancelled": "已取消"}

# Lookbacks of the "every period" rules: a 10-year archive must not report ten years of gaps.
WEEKS_BACK = 8
MONTHS_BACK = 3
QUARTERS_BACK = 2
VISIT_WEEKS_BACK = 4


def at_least(status: str | None, stage: str) -> bool:
    """Whether a job's status is `stage` or later in the workflow (never for cancelled/unknown)."""
    return status in STATUSES and STATUSES.index(status) >= STATUSES.index(stage)


def local(moment: datetime, tz) -> datetime:
    """A timezone-aware moment as a naive time in the agency's zone (how records write moments)."""
    return moment.astimezone(tz).replace(tzinfo=None) if moment.tzinfo else moment


def fmt(moment: datetime | date) -> str:
    """`2026-11-20 14:30` or `2026-11-20`."""
    return moment.strftime("%Y-%m-%d %H:%M") if isinstance(moment, datetime) else moment.isoformat()


# ---- when a finding happened (the compliance dashboard counts findings per ISO week) ----

# Kept beside the findings rather than on one Context: the site hands the dashboards a second
# Context (the public view) holding the same findings. Entries go when the findings do.
_DATES: "WeakKeyDictionary[Finding, date]" = WeakKeyDictionary()


def finding_dates(ctx=None) -> "WeakKeyDictionary[Finding, date]":
    """The relevant date of findings made by the workflow rules (the week a finding counts in)."""
    return _DATES


def dated(ctx, f: Finding, day: date | datetime | None) -> Finding:
    """Remember the date a finding is about (a missing week, an overdue step) and return it."""
    if day is not None:
        finding_dates(ctx)[f] = day.date() if isinstance(day, datetime) else day
    return f


# ---- clients and their reporting periods ----

def active_clients(ctx) -> list:
    """Client records with `status: active`."""
    return [c for c in ctx.archive.of_type("client") if c.data.get("status") == "active"]


def service_start(ctx, client) -> date | None:
    """When service began: the client's `since`, else the date of its first record."""
    since = client.data.get("since")
    if isinstance(since, date):
        return since
    days = [r.date for r in ctx.archive.for_client(client.client) if r.date]
    return min(days) if days else None


def missing_weeks(ctx, client) -> list[str]:
    """Complete ISO weeks in the lookback with working days but no weekly report from the client."""
    have = {r.data.get("week") for r in ctx.archive.for_client(client.client, "weekly-status")}
    weeks = periods.complete_weeks(ctx.as_of, WEEKS_BACK, service_start(ctx, client))
    return [w for w in weeks if w not in have and periods.weekly_due(w)]


def missing_months(ctx, client) -> list[str]:
    """Complete months in the lookback without a budget report from the client."""
    have = {r.data.get("month") for r in ctx.archive.for_client(client.client, "budget-report")}
    return [m for m in periods.complete_months(ctx.as_of, MONTHS_BACK, service_start(ctx, client)) if m not in have]


def missing_quarters(ctx, client) -> list[str]:
    """Complete quarters in the lookback without a quarterly market and competitor report."""
    have = set()
    for r in ctx.archive.for_client(client.client, "competitive-report"):
        period = r.data.get("period")
        if r.data.get("kind") == "quarterly" and period:
            have.add(periods.quarter_key(periods.period_range(period)[0]))
    return [q for q in periods.complete_quarters(ctx.as_of, QUARTERS_BACK, service_start(ctx, client)) if q not in have]


# ---- meeting reports: when were they sent? ----

def sent_moment(ctx, meeting) -> tuple[datetime | None, str]:
    """When a meeting report went out, and the evidence: `sent_at`, else the commit that first
    added the file. (None, why) when unknown: no git history, or the file is not committed yet."""
    sent = meeting.data.get("sent_at")
    if isinstance(sent, datetime):
        return sent, f"依据字段 sent_at（{fmt(sent)}）"
    history = ctx.history
    if history is None:
        return None, "没有 sent_at，也读不到 git 历史"
    change = history.first_added(meeting.path)
    if change is None:
        cut = history.cut_off(meeting.path)
        if cut is not None:  # a shallow clone: the file is older than the oldest commit fetched
            from ..history import INCOMPLETE
            return None, (f"没有 sent_at，而{INCOMPLETE}（浅克隆，最早只到 {fmt(local(cut.when, ctx.settings.tz))} 的提交 "
                          f"{cut.commit[:10]}），看不到这份文件最初提交的时间")
        return None, "没有 sent_at，这份文件也还没有提交到 git"
    when = local(change.when, ctx.settings.tz)
    return when, f"没有 sent_at，依据首次提交这份文件的 git 提交 {change.commit[:10]}（{fmt(when)}，{change.author}）"


# ---- body sections ----

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_BLANK = re.compile(r"[\s\-\*\+>|#`_~:：.。,，;；、()（）\[\]【】/\\0-9]*")
_PLACEHOLDER = re.compile(r"(待填|待补|待定|TODO|TBD|xxx|XXX|略)")


def sections(body: str) -> dict[str, str]:
    """Heading title → the text under it (up to the next heading of the same or a higher level)."""
    out: dict[str, str] = {}
    lines = _COMMENT.sub("", body or "").splitlines()
    heads = [(i, len(m.group(1)), m.group(2)) for i, line in enumerate(lines) if (m := _HEADING.match(line))]
    for n, (i, level, title) in enumerate(heads):
        end = next((j for j, lv, _ in heads[n + 1:] if lv <= level), len(lines))
        text = "\n".join(line for line in lines[i + 1:end] if not _HEADING.match(line))
        out.setdefault(title, text)
    return out


def is_empty(text: str) -> bool:
    """No real words: only whitespace, list markers, punctuation, or a placeholder such as 待填."""
    return _BLANK.fullmatch(_PLACEHOLDER.sub("", text)) is not None


def section_gaps(record) -> list[tuple[str, str]]:
    """(section title, "missing" | "empty") for each schema section the body lacks."""
    found = sections(record.body)
    gaps = []
    for s in record.schema.sections:
        title = next((t for t in found if t == s.title or t.startswith(s.title)), None)
        if title is None:
            gaps.append((s.title, "missing"))
        elif is_empty(found[title]):
            gaps.append((s.title, "empty"))
    return gaps


def body_line(record, title: str) -> int:
    """The file line of a body heading (else the first body line)."""
    for n, line in enumerate((record.body or "").splitlines()):
        m = _HEADING.match(line)
        if m and m.group(2).startswith(title):
            return record.body_line + n
    return record.body_line
