"""The client page's generated sections: brands, jobs, meetings, reports, issues, history, all work."""
from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from generators.archive.records import Record
from generators.site.lists import JOB_COLUMNS, MEETING_COLUMNS, OPEN_JOB, bullet, day, job_row, label, link, meeting_row, ref, table
from generators.site.model import Site
from generators.site.panel import Item
from generators.site.render import show

MEDIA_ORDER = ["tv", "radio", "newspaper", "magazine", "outdoor", "print", "pop", "digital", "other"]
RECENT_DAYS = 92


def client_sections(site: Site, client: Record, uri: str) -> str:
    cid = client.data.get("id", "")
    jobs = sorted(site.of(cid, "job"), key=lambda j: str(j.data.get("job_no", "")), reverse=True)
    parts = ["## 品牌\n\n" + bullet([link(site, uri, b) + [Item(f"（{show(b.data.get('category'))}）", sep="")]
                                    for b in sorted(site.of(cid, "brand"), key=lambda b: b.path)])]
    open_ = [j for j in jobs if j.data.get("status") in OPEN_JOB]
    done = [j for j in jobs if j.data.get("status") not in OPEN_JOB]
    parts.append("## 进行中的工作\n\n" + table(JOB_COLUMNS, [job_row(site, uri, j) for j in open_]))
    parts.append("## 已完成和已结束的工作\n\n" + table(JOB_COLUMNS, [job_row(site, uri, j) for j in done]))
    meetings = sorted(site.of(cid, "meeting"), key=day, reverse=True)
    since = site.ctx.as_of - timedelta(days=RECENT_DAYS)
    recent = [m for m in meetings if day(m) >= since]
    more = site.links(uri, "archive/meetings.md")
    parts.append("## 近期会议报告\n\n" + table(MEETING_COLUMNS, [meeting_row(site, uri, m) for m in recent],
                                            "近三个月没有会议报告。")
                 + ("\n\n" + bullet([[Item(f"全部 {len(meetings)} 份会议报告见会议报告登记表", more)]]) if more else ""))
    parts.append("## 报告\n\n" + reports(site, cid, uri))
    parts.append("## 调研总结\n\n" + bullet(
        [[Item(show(r.data.get("date")) + " "), Item(r.title, site.record_href(uri, r), sep="")] for r in sorted(site.of(cid, "research-summary"), key=day, reverse=True)]))
    issues = sorted(site.of(cid, "client-issue"), key=day, reverse=True)
    parts.append("## 客户问题\n\n" + table(
        ["收到时间", "标题", "类别", "状态", "处理人"],
        [[[Item(show(i.data.get("received_at")))], link(site, uri, i), [Item(label(i, "category"))],
          [Item(label(i, "status"))], [Item(show(i.data.get("handler")), site.person_href(uri, i.data.get("handler", "")))]]
         for i in issues]))
    history = sorted(site.of(cid, "brand-history"), key=day, reverse=True)
    parts.append("## 品牌轨迹\n\n" + table(
        ["日期", "品牌", "类别", "标题"],
        [[[Item(show(h.data.get("date")))], ref(site, uri, h, "brand", h.data.get("brand")), [Item(label(h, "kind"))],
          link(site, uri, h)] for h in history]))
    parts.append("## 历年作品\n\n" + works(site, jobs, uri))
    return "\n\n".join(parts)


def reports(site: Site, cid: str, uri: str) -> str:
    """Weekly, monthly budget and competitive reports of a client, grouped by year."""
    lines = []
    for type_, name, key in (("weekly-status", "每周工作状况报告", "week"), ("budget-report", "每月预算报告", "month"),
                             ("competitive-report", "市场及竞品动态报告", "period"), ("store-check", "店访报告", "date"),
                             ("feedback-report", "广告执行反馈报告", "date"), ("competitor-review", "竞品回顾", "date")):
        by_year = defaultdict(list)
        for r in site.of(cid, type_):
            by_year[str(r.data.get(key, ""))[:4]].append(r)
        for year in sorted(by_year, reverse=True):
            recs = sorted(by_year[year], key=lambda r: str(r.data.get(key, "")), reverse=True)
            items = [Item(f"{name} {year}：")]
            for r in recs:
                text = str(r.data.get(key, ""))
                if type_ == "competitive-report":
                    text += f"（{label(r, 'kind')}）"
                items += [Item(text, site.record_href(uri, r), sep="" if len(items) == 1 else "、")]
            lines.append(items)
    return bullet(lines)


def deliverables(jobs: list[Record]):
    """(job, deliverable) for every piece of work in the jobs, newest first."""
    out = [(j, d) for j in jobs for d in j.data.get("deliverables", []) or [] if isinstance(d, dict)]
    return sorted(out, key=lambda x: (str(x[1].get("date", "")), str(x[0].data.get("job_no", ""))), reverse=True)


def media_label(job: Record, value) -> str:
    f = job.schema.fields["deliverables"].item.fields["media"]
    return f.type.values.get(value, show(value))


def works(site: Site, jobs: list[Record], uri: str) -> str:
    """Every deliverable ever produced for the client, by year and by medium."""
    by_year = defaultdict(list)
    for job, d in deliverables(jobs):
        by_year[str(d.get("date", ""))[:4] or "—"].append((job, d))
    if not by_year:
        return bullet([], "还没有登记作品。")
    rank = {m: i for i, m in enumerate(MEDIA_ORDER)}
    parts = []
    for year in sorted(by_year, reverse=True):
        rows = sorted(by_year[year], key=lambda x: (rank.get(x[1].get("media"), 99), str(x[1].get("date", ""))))
        parts.append(f"### {year if year.isdigit() else '未注明年份'}\n\n" + table(
            ["媒体", "作品", "日期", "工作"],
            [[[Item(media_label(j, d.get("media")))], _work(site, uri, j, d), [Item(show(d.get("date")))],
              link(site, uri, j)] for j, d in rows]))
    return "\n\n".join(parts)


def _work(site: Site, uri: str, job: Record, d: dict) -> list[Item]:
    to = site.attachment(job, str(d["file"])) if d.get("file") else None
    return [Item(show(d.get("title")), site.links(uri, to) if to else None)]
