"""Open deadlines of the archive — action items, schedule steps, estimates awaiting signature,
meeting reports to send or to get back, weekly and monthly reports — and whose they are.

One list feeds both the to-do dashboards and the calendar feeds, so they always agree.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from . import periods, workdays
from .dates import shift
from .rules.common import STATUS_LABEL, missing_months, missing_weeks, sent_moment

UPCOMING_WEEKS = 4   # report deadlines shown ahead: this week and the next three
UPCOMING_MONTHS = 2  # this month and the next one
ESTIMATE_WAIT_DAYS = 7
ACK_WEEKS_BACK = 8  # unreturned meeting reports older than this are left to the compliance page


@dataclass
class Deadline:
    """One open thing with a date, and the staff it belongs to."""

    kind: str        # action | step | estimate | send | ack | weekly | monthly
    day: date
    summary: str     # plain text; escape before putting it in a page
    client: str
    path: str | None = None  # the record to open
    people: tuple[str, ...] = ()
    detail: str = ""
    key: str = ""    # stable identity (calendar UID)

    @property
    def uid(self) -> str:
        return hashlib.sha1(self.key.encode("utf-8")).hexdigest()[:20]


KINDS = {"action": "行动事项", "step": "进度步骤", "estimate": "预估签字", "send": "发出会议报告",
         "ack": "会议报告回传", "weekly": "周报", "monthly": "月度预算报告"}


def public() -> bool:
    """A public build (ARCHIVE_PUBLIC=1) leaves confidential records out."""
    return os.environ.get("ARCHIVE_PUBLIC", "").strip() in ("1", "true", "yes")


def _shown(record) -> bool:
    return not (public() and record.confidential)


def team(client) -> tuple[list[str], str | None, str | None]:
    """(AEs, AM, AD) of a client record."""
    t = (client.data.get("team") if client else None) or {}
    return list(t.get("ae") or []), t.get("am"), t.get("ad")


def client_people(client) -> tuple[str, ...]:
    """Everyone on the client's team (AEs, AM, AD)."""
    aes, am, ad = team(client)
    return tuple(p for p in (*aes, am, ad) if p)


def _name(ctx, client_id: str) -> str:
    c = ctx.archive.get("client", client_id)
    return (c.data.get("short_name") if c else None) or client_id


def deadlines(ctx) -> list[Deadline]:
    """Every open deadline of the archive, sorted by day."""
    out: list[Deadline] = []
    out += _actions(ctx)
    out += _steps(ctx)
    out += _estimates(ctx)
    out += _meetings(ctx)
    out += _reports(ctx)
    return sorted(out, key=lambda d: (d.day, d.client or "", d.summary))


NO_CLIENT = "（未写客户）"


def _client(record) -> str:
    """The record's client; for a record that does not say (REQ-FIELDS reports it), the folder it sits in."""
    if isinstance(record.client, str) and record.client:
        return record.client
    parts = record.path.split("/")
    return parts[1] if len(parts) > 2 and parts[0] == "clients" else NO_CLIENT


def _staff_in(ctx, text: str) -> tuple[str, ...]:
    return tuple(p.name for p in ctx.settings.staff if p.name and p.name in (text or ""))


def _actions(ctx):
    for m in ctx.archive.of_type("meeting"):
        if not _shown(m):
            continue
        for i, a in enumerate(m.data.get("actions") or []):
            due = a.get("due")
            if isinstance(due, date) and not a.get("done"):
                owner = a.get("owner") or ""
                yield Deadline("action", due, a.get("what", ""), _client(m), m.path, _staff_in(ctx, owner),
                               f"负责人 {owner or '未写'}；来自会议“{m.title}”", f"action|{m.path}|{i}|{a.get('what', '')}")


def _steps(ctx):
    for job in ctx.archive.of_type("job"):
        if job.data.get("status") in ("cancelled", "closed") or not _shown(job):
            continue
        people = tuple(p for p in (job.data.get("ae"), job.data.get("am")) if p)
        for step in job.data.get("schedule") or []:
            due = step.get("due")
            if isinstance(due, date) and not step.get("done"):
                who = "对客" if step.get("audience") == "client" else "对内"
                yield Deadline("step", due, f"{job.data.get('job_no')} {step.get('step', '')}", _client(job), job.path, people,
                               f"{job.title}（{who}步骤，工作状态：{STATUS_LABEL.get(job.data.get('status'), '')}）",
                               f"step|{job.data.get('job_no')}|{step.get('step', '')}")


def _estimates(ctx):
    for job in ctx.archive.of_type("job"):
        est = job.data.get("estimate") or {}
        if job.data.get("status") == "cancelled" or not _shown(job):
            continue
        if isinstance(est.get("submitted"), date) and not est.get("client_signed"):
            people = tuple(p for p in (job.data.get("ae"), job.data.get("am")) if p)
            yield Deadline("estimate", shift(est["submitted"], timedelta(days=ESTIMATE_WAIT_DAYS)),
                           f"{job.data.get('job_no')} 预估待客户签字", _client(job), job.path, people,
                           f"{job.title}；{est['submitted']} 提交客户" + (f"，金额 {est['amount']} 元" if est.get("amount") is not None else ""),
                           f"estimate|{job.data.get('job_no')}")


def _meetings(ctx):
    for m in ctx.archive.of_type("meeting"):
        held = m.data.get("held_at")
        if not isinstance(held, datetime) or not _shown(m) or held.date() > ctx.as_of:
            continue
        people = client_people(ctx.archive.get("client", _client(m)))
        sent, evidence = sent_moment(ctx, m)
        if sent is None and not m.data.get("sent_at") and "还没有提交" in evidence:
            yield Deadline("send", shift(held, timedelta(hours=24)).date(), f"发出会议报告：{m.title}", _client(m), m.path, people,
                           f"会议 {held:%Y-%m-%d %H:%M}，报告还没有发出时间", f"send|{m.path}")
        elif sent is not None and not m.data.get("acknowledged_at"):
            due = workdays.deadline(sent, 3).date()
            if due < ctx.as_of - timedelta(weeks=ACK_WEEKS_BACK):
                continue  # a 10-year archive must not list every report never returned
            yield Deadline("ack", due, f"催客户回传：{m.title}", _client(m), m.path, people,
                           f"报告 {sent:%Y-%m-%d %H:%M} 发出，客户还没有回传", f"ack|{m.path}")


def _reports(ctx):
    from .rules.common import active_clients
    this_week, this_month = periods.week_key(ctx.as_of), periods.month_key(ctx.as_of)
    for client in active_clients(ctx):
        aes, am, _ad = team(client)
        people = tuple(p for p in (*aes, am) if p)
        have_w = {r.data.get("week") for r in ctx.archive.for_client(client.client, "weekly-status")}
        weeks = missing_weeks(ctx, client)
        monday = periods.week_start(this_week)
        weeks += [periods.week_key(monday + timedelta(weeks=i)) for i in range(UPCOMING_WEEKS)]
        for week in weeks:
            due = periods.weekly_due(week)
            if due and week not in have_w:
                yield Deadline("weekly", due, f"{_name(ctx, client.client)} {week} 周报", client.client, client.path, people,
                               "每周工作状况报告，AE 与 AM 共同完成", f"weekly|{client.client}|{week}")
        have_m = {r.data.get("month") for r in ctx.archive.for_client(client.client, "budget-report")}
        months = missing_months(ctx, client)
        start = periods.month_start(this_month)
        for _ in range(UPCOMING_MONTHS):
            months.append(periods.month_key(start))
            start = periods.month_end(periods.month_key(start)) + timedelta(days=1)
        for month in months:
            due = periods.monthly_due(month)
            if due and month not in have_m:
                yield Deadline("monthly", due, f"{_name(ctx, client.client)} {month} 预算报告", client.client, client.path, people,
                               "每月预算报告，写好后与 AM 一起核对", f"monthly|{client.client}|{month}")


def for_person(items: list[Deadline], name: str) -> list[Deadline]:
    """The deadlines a member of staff is named on."""
    return [d for d in items if name in d.people]
