"""Helpers shared by the workflow rules, the dashboards and the calendar feeds."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache

from generators.archive import periods
from generators.archive.findings import Finding

# Job statuses in workflow order; `cancelled` stands outside the order. The pre-notice (预报) is a
# workflow step but no status: the job number is issued only once the brief is signed.
STATUSES = ["brief", "concept", "estimate", "artwork", "production", "delivered", "closed"]
STATUS_LABEL = {"brief": "简报", "concept": "草图", "estimate": "预估", "artwork": "完稿",
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


@lru_cache(maxsize=1 << 16)  # four meeting rules write the same moments into their evidence
def fmt(moment: datetime | date) -> str:
    """`2026-11-20 14:30` or `2026-11-20`."""
    return moment.strftime("%Y-%m-%d %H:%M") if isinstance(moment, datetime) else moment.isoformat()


# ---- deadlines: computed once, by the rule, and carried on findings and to-do items ----

@dataclass(frozen=True)
class Deadline:
    """One open obligation with a date, as the rule that sets it computed it. The rule's check
    reports it once overdue; the to-do lists, dashboards and calendar feeds list it until done.

    `people` are the staff it belongs to as the record names them (a job's AE and AM, an issue's
    handler, an action's owner when on the roster); left empty, the to-do gives it to the client's
    AEs and AM. `chase` marks what the client must do (sign, return, an action a client contact
    owns): the staff chase it."""

    rule: str
    kind: str        # a key of KINDS
    day: date
    summary: str     # plain text; escape before putting it in a page
    client: str | None
    path: str | None = None   # the record to open
    field: str = ""
    people: tuple[str, ...] = ()
    owner: str = ""  # who must act, as the record writes it (staff or a client contact)
    chase: bool = False
    detail: str = ""
    key: str = ""    # stable identity (calendar UID): what the deadline is, never its date

    @property
    def uid(self) -> str:
        return hashlib.sha1(self.key.encode("utf-8")).hexdigest()[:20]


KINDS = {"action": "行动事项", "step": "进度步骤", "delivery": "工作交付", "estimate": "预估签字",
         "send": "发出会议报告", "ack": "会议报告回传", "response": "回应客户问题", "weekly": "周报",
         "monthly": "月度预算报告", "quarterly": "季度竞品报告", "reply": "备忘录回复",
         "agenda": "发出会议议程"}


TODO_DAYS = 14  # default of archive.toml's `[todo] days`


def horizon(ctx) -> date:
    """The last day the to-do lists look ahead to: today plus `[todo] days` of archive.toml."""
    try:
        return ctx.as_of + timedelta(days=getattr(ctx.settings, "todo_days", TODO_DAYS))
    except OverflowError:
        return date.max


def _day(value: date | datetime | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def dated(ctx, f: Finding, day: date | datetime | None, due: date | datetime | None = None) -> Finding:
    """The finding with the day it is about (the ISO week it counts in on the compliance page:
    a missing week, an overdue step, a late meeting) and the deadline the rule computed."""
    return replace(f, day=_day(day), due=_day(due))


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


def coming_weeks(ctx, client) -> list[str]:
    """Weeks from this one whose weekly report falls due by the to-do horizon and is not written."""
    have = {r.data.get("week") for r in ctx.archive.for_client(client.client, "weekly-status")}
    out, monday, end = [], periods.week_start(periods.week_key(ctx.as_of)), horizon(ctx)
    while monday <= end and len(out) < 60:
        week = periods.week_key(monday)
        due = periods.weekly_due(week)
        if due and due <= end and week not in have:
            out.append(week)
        if monday > date.max - timedelta(days=7):
            break
        monday += timedelta(days=7)
    return out


def coming_months(ctx, client) -> list[str]:
    """Months from this one whose budget report falls due by the to-do horizon and is not written."""
    have = {r.data.get("month") for r in ctx.archive.for_client(client.client, "budget-report")}
    out, key, end = [], periods.month_key(ctx.as_of), horizon(ctx)
    while len(out) < 24:
        due = periods.monthly_due(key)
        if periods.month_start(key) > end or (due and due > end):
            break
        if due and key not in have:
            out.append(key)
        last = periods.month_end(key)
        if last >= date.max:
            break
        key = periods.month_key(last + timedelta(days=1))
    return out


def quarters_written(ctx, client) -> set[str]:
    """Quarters with a quarterly market and competitor report of the client."""
    have = set()
    for r in ctx.archive.for_client(client.client, "competitive-report"):
        period = r.data.get("period")
        if r.data.get("kind") == "quarterly" and period:
            have.add(periods.quarter_key(periods.period_range(period)[0]))
    return have


def missing_quarters(ctx, client) -> list[str]:
    """Complete quarters in the lookback without a quarterly market and competitor report."""
    have = quarters_written(ctx, client)
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
            from generators.archive.history import INCOMPLETE
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
    # a heading's # is among a line's first four characters: the regex is tried on those lines only
    heads = [(i, len(m.group(1)), m.group(2)) for i, line in enumerate(lines) if "#" in line[:4] and (m := _HEADING.match(line))]
    at = {i for i, _, _ in heads}
    for n, (i, level, title) in enumerate(heads):
        end = next((j for j, lv, _ in heads[n + 1:] if lv <= level), len(lines))
        text = "\n".join(lines[j] for j in range(i + 1, end) if j not in at)
        out.setdefault(title, text)
    return out


def is_empty(text: str) -> bool:
    """No real words: only whitespace, list markers, punctuation, or a placeholder such as 待填."""
    return _BLANK.fullmatch(_PLACEHOLDER.sub("", text)) is not None


def section_gaps(record) -> list[tuple[str, str]]:
    """(section title, "missing" | "empty") for each schema section the body lacks."""
    return list(_gaps(record.body, tuple(s.title for s in record.schema.sections)))


@lru_cache(maxsize=32768)  # `mkdocs serve` checks again on every save: unchanged bodies are not parsed again
def _gaps(body: str, titles: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    found = sections(body)
    gaps = []
    for wanted in titles:
        title = next((t for t in found if t == wanted or t.startswith(wanted)), None)
        if title is None:
            gaps.append((wanted, "missing"))
        elif is_empty(found[title]):
            gaps.append((wanted, "empty"))
    return tuple(gaps)


def body_line(record, title: str) -> int:
    """The file line of a body heading (else the first body line)."""
    for n, line in enumerate((record.body or "").splitlines()):
        m = _HEADING.match(line)
        if m and m.group(2).startswith(title):
            return record.body_line + n
    return record.body_line
