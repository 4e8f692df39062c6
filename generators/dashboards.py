"""Dashboards: what the rules found and what is due, where AEs, AMs and ADs look.

Generated Markdown pages readable without JavaScript; every value taken from a record is
escaped (`cell`). Pages:
- `dashboards/index.md`: headline counts and links;
- `dashboards/compliance.md`: every error and warning by client, by rule and by ISO week (for AM/AD);
- `dashboards/todo/index.md` and `dashboards/todo/<slug>.md`: each person's to-do list;
- the calendar feeds `calendar/<slug>.ics` and `calendar/all.ics` (generators.calendar_feed).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from html import escape

from . import periods
from .calendar_feed import feed_url, feeds
from .findings import Finding
from .pages import Page, link, person_uri, record_uri
from .rules.common import finding_dates
from .rules.registry import REGISTRY
from .todo import Deadline, deadlines, for_person, public

INDEX = "dashboards/index.md"
COMPLIANCE = "dashboards/compliance.md"
TODO_INDEX = "dashboards/todo/index.md"
WEEK_COLUMNS = 8
LEVEL = {"error": "错误", "warning": "警告"}


def pages(ctx, findings: list[Finding]) -> list[Page]:
    """Every dashboard page and calendar feed of the site, from the findings of one check run."""
    items = deadlines(ctx)
    out = [overview(ctx, findings, items), compliance(ctx, findings), todo_index(ctx, items)]
    out += [todo_page(ctx, person, items) for person in ctx.settings.staff]
    out += feeds(ctx, items)
    return out


# ---- helpers ----

def cell(value) -> str:
    """A record value made safe for a Markdown table cell or list item: HTML-escaped, with the
    characters Markdown would act on (| * _ [ ] ` \\ ~) written as entities, on one line."""
    text = escape(str(value if value is not None else ""), quote=True)
    for ch, ent in (("\\", "&#92;"), ("|", "&#124;"), ("*", "&#42;"), ("_", "&#95;"), ("[", "&#91;"),
                    ("]", "&#93;"), ("`", "&#96;"), ("~", "&#126;")):
        text = text.replace(ch, ent)
    return " ".join(text.split())


def record_link(page_uri: str, path: str | None, text: str) -> str:
    """A Markdown link from a page to a record's page (plain escaped text when there is none)."""
    if not path or not path.startswith("clients/") or not path.endswith(".md"):
        return cell(text)
    return f"[{cell(text)}]({link(page_uri, record_uri(path))})"


def record_name(path: str, record=None) -> str:
    """A record's name in a table: its title (a job's with its number, a period report's with its
    kind); without the record, the job number, brand id, file name or 客户档案."""
    if record is not None and record.type != "client":
        if record.type == "job":
            return f"{record.data.get('job_no', '')} {record.title}".strip()
        if record.type in ("weekly-status", "budget-report"):
            return f"{record.title} {record.schema.label}"
        return record.title
    if path.endswith("/client.md"):
        return "客户档案"
    if path.endswith(("/brand.md", "/job.md")):
        return path.split("/")[-2]
    return path.rsplit("/", 1)[-1]


def rule_link(page_uri: str, rule_id: str) -> str:
    r = REGISTRY.get(rule_id)
    return f"[{rule_id}]({link(page_uri, r.page)})" if r else cell(rule_id)


def client_of(path: str) -> str | None:
    parts = path.split("/")
    return parts[1] if len(parts) > 2 and parts[0] == "clients" else None


def client_label(ctx, client_id: str | None) -> str:
    if client_id is None:
        return "（档案设置）"
    c = ctx.archive.get("client", client_id)
    return (c.data.get("short_name") or c.data.get("name")) if c else client_id


def client_link(ctx, page_uri: str, client_id: str | None) -> str:
    c = ctx.archive.get("client", client_id) if client_id else None
    return record_link(page_uri, c.path if c else None, client_label(ctx, client_id))


def finding_day(ctx, f: Finding) -> date:
    """The day a finding is about (a missing week, an overdue step), else as_of."""
    day = finding_dates(ctx).get(f, ctx.as_of)
    return min(day, ctx.as_of)


def message(ctx, f: Finding) -> str:
    """A finding's message, withheld in a public build when it is about confidential data."""
    if public() and (f.field.startswith(("contract", "contacts")) or f.rule == "CLT-CONTRACT"):
        return "（涉及保密内容，请在内部网站查看）"
    return f.message


SUBSCRIBE = ("订阅方法：在 Outlook、苹果日历或手机日历里选“添加日历 → 从网址订阅”，粘贴下面的订阅地址。"
             "订阅的日历会随档案自动更新；不要下载后导入，那样不会更新。")


def subscribe_note(ctx, page_uri: str, uri: str, label: str) -> str:
    """A list item linking a calendar feed, with its absolute address to paste into a calendar app."""
    return f"- [{cell(label)}]({link(page_uri, uri)})：`{cell(feed_url(ctx, uri))}`"


# ---- pages ----

def overview(ctx, findings: list[Finding], items: list[Deadline]) -> Page:
    """`dashboards/index.md`: headline counts, findings by client and level, links to the rest."""
    errors = sum(f.level == "error" for f in findings)
    warnings = len(findings) - errors
    overdue = sum(d.day < ctx.as_of for d in items)
    by_client: Counter = Counter((client_of(f.path), f.level) for f in findings)
    clients = sorted({c for c, _ in by_client}, key=lambda c: (c is None, c or ""))
    lines = [
        "# 看板", "",
        f"截至 **{ctx.as_of.isoformat()}**（{periods.week_key(ctx.as_of)} 周）的档案检查与待办。", "",
        f"- 错误 **{errors}** 个，警告 **{warnings}** 个 → [合规看板]({link(INDEX, COMPLIANCE)})（按客户、规则和周统计）",
        f"- 未完成的待办 **{len(items)}** 项，其中已过期 **{overdue}** 项 → [每个人的待办]({link(INDEX, TODO_INDEX)})",
        "", "## 按客户", "",
    ]
    if clients:
        lines += ["| 客户 | 错误 | 警告 |", "| --- | ---: | ---: |"]
        lines += [f"| {client_link(ctx, INDEX, c)} | {by_client[(c, 'error')]} | {by_client[(c, 'warning')]} |" for c in clients]
    else:
        lines.append("档案检查没有发现问题。")
    lines += ["", "## 日历订阅", "",
              "截止日期（行动事项、进度步骤、预估签字、会议报告、周报和月报）也做成了日历，可以订阅到自己的日历里。"
              + SUBSCRIBE, "",
              subscribe_note(ctx, INDEX, "calendar/all.ics", "全部门日历")]
    lines += [subscribe_note(ctx, INDEX, f"calendar/{p.slug}.ics", f"{p.name}（{p.role}）") for p in ctx.settings.staff]
    lines += ["", "周报在每周五（周五放假则提前到该周最后一个工作日）截止，月度预算报告在每月最后一个工作日截止。", ""]
    return Page(INDEX, "\n".join(lines))


def compliance(ctx, findings: list[Finding]) -> Page:
    """`dashboards/compliance.md`: every warning and error by client, by rule and by ISO week."""
    uri = COMPLIANCE
    this = periods.week_start(periods.week_key(ctx.as_of))
    weeks = [periods.week_key(this - timedelta(weeks=i)) for i in range(WEEK_COLUMNS - 1, -1, -1)]
    week_of = {f: periods.week_key(finding_day(ctx, f)) for f in findings}
    by_client: dict[str | None, list[Finding]] = defaultdict(list)
    for f in findings:
        by_client[client_of(f.path)].append(f)
    clients = sorted(by_client, key=lambda c: (-sum(f.level == "error" for f in by_client[c]), -len(by_client[c]), c or ""))
    errors = sum(f.level == "error" for f in findings)
    lines = ["# 合规看板", "",
             f"截至 {ctx.as_of.isoformat()}：错误 **{errors}** 个，警告 **{len(findings) - errors}** 个。"
             "每个问题按它所涉及的日期（缺的那一周、过期的那一天、迟发的那次会议）归入 ISO 周；与日期无关的问题算在本周。"
             "错误会阻止提交，警告要在周会上跟进。", "",
             "## 按客户与周", ""]
    if not findings:
        lines += ["档案检查没有发现问题。", ""]
        return Page(uri, "\n".join(lines))
    head = " | ".join(w[5:] for w in weeks)
    lines += [f"| 客户 | 错误 | 警告 | 更早 | {head} |", "| --- | ---: | ---: | ---: | " + " | ".join("---:" for _ in weeks) + " |"]
    for c in clients:
        group = by_client[c]
        counts = Counter(week_of[f] for f in group)
        older = sum(n for w, n in counts.items() if w < weeks[0])
        row = " | ".join(str(counts.get(w, 0) or "") for w in weeks)
        lines.append(f"| {client_link(ctx, uri, c)} | {sum(f.level == 'error' for f in group)} | "
                     f"{sum(f.level == 'warning' for f in group)} | {older or ''} | {row} |")
    lines += ["", "## 按规则", "", "| 规则 | 级别 | 名称 | 次数 | 涉及客户 |", "| --- | --- | --- | ---: | --- |"]
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_rule[f.rule].append(f)
    for rid in sorted(by_rule, key=lambda r: (-len(by_rule[r]), r)):
        group = by_rule[rid]
        r = REGISTRY.get(rid)
        who = "、".join(sorted({cell(client_label(ctx, client_of(f.path))) for f in group}))
        lines.append(f"| {rule_link(uri, rid)} | {LEVEL.get(group[0].level, group[0].level)} | {cell(r.title if r else '')} | {len(group)} | {who} |")
    lines += ["", "## 明细", ""]
    by_path = {r.path: r for r in ctx.archive.records}
    for c in clients:
        lines += [f"### {cell(client_label(ctx, c))}", "", "| 周 | 级别 | 规则 | 记录 | 问题 |", "| --- | --- | --- | --- | --- |"]
        for f in sorted(by_client[c], key=lambda f: (f.level != "error", week_of[f], f.path, f.rule)):
            name = record_name(f.path, by_path.get(f.path))
            lines.append(f"| {week_of[f]} | {LEVEL.get(f.level, f.level)} | {rule_link(uri, f.rule)} | "
                         f"{record_link(uri, f.path, name)} | {cell(message(ctx, f))} |")
        lines.append("")
    return Page(uri, "\n".join(lines))


def _person_clients(ctx, name: str) -> list:
    out = []
    for c in ctx.archive.of_type("client"):
        t = c.data.get("team") or {}
        if name in (t.get("ae") or []) or name in (t.get("am"), t.get("ad")):
            out.append(c)
    return out


def todo_sections(ctx, name: str, items: list[Deadline]) -> dict[str, list[Deadline]]:
    """A person's to-do list, by section (each list sorted by day)."""
    mine = for_person(items, name)
    week_end = periods.week_start(periods.week_key(ctx.as_of)) + timedelta(days=6)
    clients = {c.client for c in _person_clients(ctx, name)}
    return {
        "过期的行动事项": [d for d in mine if d.kind == "action" and d.day < ctx.as_of],
        "未发出或未回传的会议报告": [d for d in items if d.kind in ("send", "ack") and d.client in clients],
        "等待客户签字的预估": [d for d in mine if d.kind == "estimate"],
        "本周到期（及已过期）的进度步骤": [d for d in mine if d.kind == "step" and d.day <= week_end],
        "缺少的周报和月报": [d for d in mine if d.kind in ("weekly", "monthly") and d.day < ctx.as_of],
    }


def todo_index(ctx, items: list[Deadline]) -> Page:
    """`dashboards/todo/index.md`: everyone on the roster, with their open and overdue counts."""
    uri = TODO_INDEX
    lines = ["# 待办", "", f"截至 {ctx.as_of.isoformat()}。点姓名看个人待办；日历订阅见各人页面底部。", "",
             "| 姓名 | 角色 | 待办 | 其中已过期 | 服务客户 |", "| --- | --- | ---: | ---: | --- |"]
    for p in ctx.settings.staff:
        todo = [d for group in todo_sections(ctx, p.name, items).values() for d in group]
        clients = "、".join(cell(client_label(ctx, c.client)) for c in _person_clients(ctx, p.name))
        lines.append(f"| [{cell(p.name)}]({link(uri, person_uri(p.slug))}) | {cell(p.role)} | {len(todo)} | "
                     f"{sum(d.day < ctx.as_of for d in todo)} | {clients} |")
    return Page(uri, "\n".join(lines) + "\n")


def todo_page(ctx, person, items: list[Deadline]) -> Page:
    """`dashboards/todo/<slug>.md`: one person's to-do list, linked to the records."""
    uri = person_uri(person.slug)
    clients = _person_clients(ctx, person.name)
    lines = [f"# {cell(person.name)} 的待办", "",
             f"{cell(person.role)}，截至 {ctx.as_of.isoformat()}（{periods.week_key(ctx.as_of)} 周）。"
             + ("服务客户：" + "、".join(client_link(ctx, uri, c.client) for c in clients) + "。" if clients else ""), ""]
    for title, group in todo_sections(ctx, person.name, items).items():
        lines += [f"## {title}（{len(group)}）", ""]
        if not group:
            lines += ["没有。", ""]
            continue
        lines += ["| 日期 | 客户 | 事项 | 说明 |", "| --- | --- | --- | --- |"]
        for d in group:
            when = d.day.isoformat() + (" **已过期**" if d.day < ctx.as_of else "")
            lines.append(f"| {when} | {cell(client_label(ctx, d.client))} | {record_link(uri, d.path, d.summary)} | {cell(d.detail)} |")
        lines.append("")
    lines += ["## 日历订阅", "", SUBSCRIBE, "", subscribe_note(ctx, uri, f"calendar/{person.slug}.ics", f"{person.name} 的日历"),
              subscribe_note(ctx, uri, "calendar/all.ics", "全部门日历"), ""]
    return Page(uri, "\n".join(lines))
