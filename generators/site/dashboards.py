"""Dashboards: what the rules found and what is due, where AEs, AMs and ADs look.

Generated Markdown pages readable without JavaScript; every value taken from a record is
escaped (`cell`). Pages:
- `dashboards/index.md`: headline counts and links;
- `dashboards/compliance.md`: every error and warning by client, by rule and by ISO week (for AM/AD);
- `dashboards/team.md`: the team view for AMs and ADs (jobs by AE and status, what is due, each
  person's load, clients without a visit or a weekly report this week, findings by week);
- `dashboards/todo/index.md` and `dashboards/todo/<slug>.md`: each person's to-do list;
- the calendar feeds `calendar/<slug>.ics` and `calendar/all.ics` (generators.site.calendar_feed).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from html import escape

from generators.site import charts
from generators.archive import periods
from generators.site.calendar_feed import feed_url, feeds
from generators.archive.findings import Finding
from generators.archive.uris import Page, link, person_uri, record_uri
from generators.archive.schema import schemas
from generators.rules.common import KINDS, STATUS_LABEL, STATUSES
from generators.rules.registry import REGISTRY
from generators.rules.todo import Agenda, Deadline, agenda, public, team

INDEX = "dashboards/index.md"
COMPLIANCE = "dashboards/compliance.md"
TODO_INDEX = "dashboards/todo/index.md"
TEAM = "dashboards/team.md"
WEEK_COLUMNS = 8
LEVEL = {"error": "错误", "warning": "警告"}


def pages(ctx, findings: list[Finding]) -> list[Page]:
    """Every dashboard page and calendar feed of the site, from the findings of one check run."""
    todo = agenda(ctx)
    out = [overview(ctx, findings, todo), compliance(ctx, findings), team_view(ctx, findings, todo), todo_index(ctx, todo)]
    out += [todo_page(ctx, person, todo) for person in ctx.settings.staff]
    out += feeds(ctx, todo)
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
    return min(f.day or ctx.as_of, ctx.as_of)


def message(ctx, f: Finding) -> str:
    """A finding's message, withheld in a public build when it is about confidential data."""
    if public() and _confidential(ctx, f):
        return "（涉及保密内容，请在内部网站查看）"
    return f.message


def _confidential(ctx, f: Finding) -> bool:
    """About confidential data: a rule that says so, or a field its schema marks confidential (any type's
    field of that name when the record is unknown: fail closed)."""
    r = REGISTRY.get(f.rule)
    if r is not None and r.confidential:
        return True
    root = f.field.split(".")[0].split("[")[0]
    if not root:
        return False
    record = next((x for x in ctx.archive.records if x.path == f.path), None)
    kinds = [record.schema] if record is not None else schemas(ctx.settings.root).values()
    return any(s.fields.get(root) is not None and s.fields[root].confidential for s in kinds)


SUBSCRIBE = ("订阅方法：在 Outlook、苹果日历或手机日历里选“添加日历 → 从网址订阅”，粘贴下面的订阅地址。"
             "订阅的日历会随档案自动更新；不要下载后导入，那样不会更新。")


def subscribe_note(ctx, page_uri: str, uri: str, label: str) -> str:
    """A list item linking a calendar feed, with its absolute address to paste into a calendar app."""
    return f"- [{cell(label)}]({link(page_uri, uri)})：`{cell(feed_url(ctx, uri))}`"


# ---- pages ----

def todo_line(todo: Agenda, name: str | None = None) -> str:
    """The one sentence every page uses for a to-do count (department, or one person)."""
    n, late = todo.count(name)
    return (f"未完成的待办 **{n}** 项（已过期的，及 {todo.until.isoformat()} 前到期的），其中已过期 **{late}** 项")


def overview(ctx, findings: list[Finding], todo: Agenda) -> Page:
    """`dashboards/index.md`: headline counts, findings by client and level, links to the rest."""
    errors = sum(f.level == "error" for f in findings)
    warnings = len(findings) - errors
    by_client: Counter = Counter((client_of(f.path), f.level) for f in findings)
    clients = sorted({c for c, _ in by_client}, key=lambda c: (c is None, c or ""))
    lines = [
        "# 看板", "",
        f"截至 **{ctx.as_of.isoformat()}**（{periods.week_key(ctx.as_of)} 周）的档案检查与待办。", "",
        f"- 错误 **{errors}** 个，警告 **{warnings}** 个 → [合规看板]({link(INDEX, COMPLIANCE)})（按客户、规则和周统计）",
        f"- {todo_line(todo)} → [每个人的待办]({link(INDEX, TODO_INDEX)})",
        f"- 团队视图（AM、AD）：各 AE 的工作与状态、近期交付、每个人的工作量、本周没有拜访或周报的客户 → "
        f"[团队视图]({link(INDEX, TEAM)})",
        "", "## 按客户", "",
    ]
    if clients:
        lines += ["| 客户 | 错误 | 警告 |", "| --- | ---: | ---: |"]
        lines += [f"| {client_link(ctx, INDEX, c)} | {by_client[(c, 'error')]} | {by_client[(c, 'warning')]} |" for c in clients]
    else:
        lines.append("档案检查没有发现问题。")
    lines += ["", "## 日历订阅", "",
              f"待办里的截止日期（{'、'.join(KINDS.values())}）也做成了日历，与待办同一份清单，可以订阅到自己的日历里。"
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


def todo_sections(ctx, name: str, todo: Agenda) -> dict[str, list[Deadline]]:
    """A person's to-do, by section, each sorted by day; every item in exactly one section, so
    the sections add up to the person's count. Empty sections are left out."""
    mine = todo.mine(name)
    sections = {
        "已过期": [d for d in mine if not d.chase and d.day < todo.as_of],
        f"今后 {(todo.until - todo.as_of).days} 天内到期": [d for d in mine if not d.chase and d.day >= todo.as_of],
        "待催办（客户方负责）": [d for d in mine if d.chase],
    }
    return {title: group for title, group in sections.items() if group}


def todo_index(ctx, todo: Agenda) -> Page:
    """`dashboards/todo/index.md`: everyone on the roster, with their open and overdue counts."""
    uri = TODO_INDEX
    lines = ["# 待办", "", f"截至 {ctx.as_of.isoformat()}：{todo_line(todo)}。"
             "同一项可能同时属于几位同事（例如工作的 AE 和 AM），所以各人的数目加起来会多于全部门的数目。"
             "点姓名看个人待办；日历订阅见各人页面底部。", "",
             "| 姓名 | 角色 | 待办 | 其中已过期 | 其中待催办 | 服务客户 |", "| --- | --- | ---: | ---: | ---: | --- |"]
    for p in ctx.settings.staff:
        n, late = todo.count(p.name)
        chase = sum(d.chase for d in todo.mine(p.name))
        clients = "、".join(cell(client_label(ctx, c.client)) for c in _person_clients(ctx, p.name))
        lines.append(f"| [{cell(p.name)}]({link(uri, person_uri(p.slug))}) | {cell(p.role)} | {n} | {late} | {chase} | {clients} |")
    nobody = todo.unassigned()
    if nobody:
        lines += ["", f"## 没有分配到人的待办（{len(nobody)}）", "",
                  "这些事项的记录和客户档案都没有写名册上的负责人：请在客户档案的 team 里写上 AE 和 AM。", ""]
        lines += _rows(ctx, uri, todo, nobody)
    return Page(uri, "\n".join(lines) + "\n")


def _rows(ctx, uri: str, todo: Agenda, group: list[Deadline]) -> list[str]:
    lines = ["| 日期 | 类别 | 客户 | 事项 | 说明 |", "| --- | --- | --- | --- | --- |"]
    for d in group:
        when = d.day.isoformat() + (" **已过期**" if d.day < todo.as_of else "")
        lines.append(f"| {when} | {cell(KINDS.get(d.kind, d.kind))} | {cell(client_label(ctx, d.client))} | "
                     f"{record_link(uri, d.path, d.summary)} | {cell(d.detail)} |")
    return lines + [""]


def todo_page(ctx, person, todo: Agenda) -> Page:
    """`dashboards/todo/<slug>.md`: one person's to-do list, linked to the records."""
    uri = person_uri(person.slug)
    clients = _person_clients(ctx, person.name)
    lines = [f"# {cell(person.name)} 的待办", "",
             f"{cell(person.role)}，截至 {ctx.as_of.isoformat()}（{periods.week_key(ctx.as_of)} 周）：{todo_line(todo, person.name)}。"
             + ("服务客户：" + "、".join(client_link(ctx, uri, c.client) for c in clients) + "。" if clients else ""), ""]
    sections = todo_sections(ctx, person.name, todo)
    if not sections:
        lines += ["目前没有待办。", ""]
    for title, group in sections.items():
        lines += [f"## {title}（{len(group)}）", ""]
        if title.startswith("待催办"):
            lines += ["客户方要做的事（签字、回传、客户负责的行动事项）：到期前提醒客户，过期了就打电话跟进，并记在下次会议报告里。", ""]
        lines += _rows(ctx, uri, todo, group)
    lines += ["## 日历订阅", "", SUBSCRIBE, "", subscribe_note(ctx, uri, f"calendar/{person.slug}.ics", f"{person.name} 的日历"),
              subscribe_note(ctx, uri, "calendar/all.ics", "全部门日历"), ""]
    return Page(uri, "\n".join(lines))


# ---- the team view (AM, AD) ----

OPEN_STATUSES = [s for s in STATUSES if s != "closed"]  # a delivered job is open until its card is closed


def _open_jobs(ctx) -> list:
    return [j for j in ctx.archive.of_type("job") if j.data.get("status") in OPEN_STATUSES]


def team_view(ctx, findings: list[Finding], todo: Agenda) -> Page:
    """`dashboards/team.md`: open jobs by AE and status, jobs due in the to-do window, each
    person's load, clients without a visit or a weekly report this week, findings by week."""
    uri = TEAM
    jobs = _open_jobs(ctx)
    days = (todo.until - todo.as_of).days
    lines = ["# 团队视图", "",
             f"截至 {ctx.as_of.isoformat()}（{periods.week_key(ctx.as_of)} 周），给 AM 和 AD 看全组的工作。{todo_line(todo)}。", ""]
    lines += ["## 各 AE 未结束的工作（按状态）", ""]
    if jobs:
        aes = sorted({str(j.data.get("ae") or "（未写 AE）") for j in jobs})
        counts = Counter((str(j.data.get("ae") or "（未写 AE）"), j.data.get("status")) for j in jobs)
        shown = [s for s in OPEN_STATUSES if any(counts[(ae, s)] for ae in aes)]
        lines += ["| AE | " + " | ".join(STATUS_LABEL[s] for s in shown) + " | 合计 |",
                  "| --- | " + " | ".join("---:" for _ in shown) + " | ---: |"]
        for ae in aes:
            lines.append(f"| {_person_link(ctx, uri, ae)} | " + " | ".join(str(counts[(ae, s)] or "") for s in shown)
                         + f" | {sum(counts[(ae, s)] for s in shown)} |")
        lines.append("")
    else:
        lines += ["没有未结束的工作。", ""]
    due = sorted((j for j in jobs if isinstance(j.data.get("due"), date) and j.data["due"] <= todo.until
                  and j.data.get("status") not in ("delivered", "closed")), key=lambda j: (j.data["due"], j.path))
    lines += [f"## {days} 天内要交付（及已过交付日期）的工作（{len(due)}）", ""]
    if due:
        lines += ["| 交付日期 | 工作 | 客户 | AE | 状态 |", "| --- | --- | --- | --- | --- |"]
        for j in due:
            when = j.data["due"].isoformat() + (" **已过期**" if j.data["due"] < ctx.as_of else "")
            name = f"{j.data.get('job_no')} {j.data.get('title')}"
            lines.append(f"| {when} | {record_link(uri, j.path, name)} | "
                         f"{cell(client_label(ctx, j.client))} | {cell(j.data.get('ae'))} | {cell(STATUS_LABEL.get(j.data.get('status'), ''))} |")
        lines.append("")
    else:
        lines += [f"{days} 天内没有要交付的工作。", ""]
    lines += ["## 每个人的工作量", "",
              "| 姓名 | 角色 | 未结束的工作 | 未完成的行动事项（全部） | 待办 | 其中已过期 |", "| --- | --- | ---: | ---: | ---: | ---: |"]
    for p in ctx.settings.staff:
        own = sum(p.name in (j.data.get("ae"), j.data.get("am")) for j in jobs)
        actions = sum(d.kind == "action" and not d.chase and p.name in d.people for d in todo.items + todo.later)
        n, late = todo.count(p.name)
        lines.append(f"| {_person_link(ctx, uri, p.name)} | {cell(p.role)} | {own} | {actions} | {n} | {late} |")
    lines += ["", "## 本周还没有拜访或周报的客户", ""] + _quiet_clients(ctx, uri)
    lines += ["## 每周的检查问题（按客户）", "",
              "每个客户最近 8 周每周新出现的错误和警告数（按问题所涉及的日期归周，见[合规看板]"
              f"({link(uri, COMPLIANCE)})）。", "", _trend(ctx, findings), ""]
    return Page(uri, "\n".join(lines))


def _person_link(ctx, uri: str, name: str) -> str:
    p = ctx.settings.person(name)
    return f"[{cell(name)}]({link(uri, person_uri(p.slug))})" if p else cell(name)


def _quiet_clients(ctx, uri: str) -> list[str]:
    from generators.rules.common import active_clients
    week = periods.week_key(ctx.as_of)
    rows = []
    for c in active_clients(ctx):
        visits = [m for m in ctx.archive.for_client(c.client, "meeting") if m.data.get("kind") == "visit"
                  and isinstance(m.data.get("held_at"), datetime) and periods.week_key(m.data["held_at"].date()) == week
                  and m.data["held_at"].date() <= ctx.as_of]
        weekly = any(r.data.get("week") == week for r in ctx.archive.for_client(c.client, "weekly-status"))
        if not visits or not weekly:
            aes, am, _ad = team(c)
            rows.append(f"| {client_link(ctx, uri, c.client)} | {cell(c.data.get('class'))} | {len(visits)} | "
                        f"{'有' if weekly else '**没有**'} | {cell('、'.join(aes))} | {cell(am)} |")
    if not rows:
        return [f"服务中的客户本周（{week}）都已拜访并写了周报。", ""]
    return [f"{week} 周（到今天为止）：", "", "| 客户 | 等级 | 本周拜访 | 本周周报 | AE | AM |",
            "| --- | --- | ---: | --- | --- | --- |"] + rows + [""]


def _trend(ctx, findings: list[Finding]) -> str:
    this = periods.week_start(periods.week_key(ctx.as_of))
    weeks = [periods.week_key(this - timedelta(weeks=i)) for i in range(WEEK_COLUMNS - 1, -1, -1)]
    counts: dict[str, Counter] = defaultdict(Counter)
    for f in findings:
        counts[client_label(ctx, client_of(f.path))][periods.week_key(finding_day(ctx, f))] += 1
    rows = {name: [c[w] for w in weeks] for name, c in sorted(counts.items())}
    return charts.trend(rows, [w[5:] for w in weeks], "每周的检查问题（按客户）") or "档案检查没有发现问题。"
