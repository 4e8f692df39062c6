"""The brand page: the fact book, its hand-written sections with the generated ones in their places,
and the brand's history as a timeline (strategy, 动脑会 brainstorms, campaigns)."""
from __future__ import annotations

from datetime import timedelta

from generators.site.charts import brand_history
from generators.archive.estimates import estimates, label as estimate_label
from generators.archive.records import Record
from generators.site.client_pages import deliverables, media_label, _work
from generators.site.lists import JOB_COLUMNS, MEETING_COLUMNS, OPEN_JOB, bullet, day, job_row, label, link, meeting_row, table
from generators.site.model import Site
from generators.site.panel import Item
from generators.site.body import body
from generators.site.render import md_text, show, split_sections, strip_title

# The fact book's chapters in order (file plan): hand-written titles, and generated ones by key.
ORDER = ["联系人与客户组织", "@meetings", "市场概况", "产品", "竞争", "消费者", "品牌", "@campaigns", "@briefs",
         "@progress", "媒介策略与计划", "@research", "@finance", "代理商记录"]
# Titles of the generated chapters: the same words as the handbook's fact-book table (filing/brand-file.md).
GENERATED = {"@meetings": "会议报告", "@campaigns": "以往的广告活动", "@briefs": "创意简报",
             "@progress": "广告活动进展", "@research": "调研", "@finance": "财务"}


def chapter_titles() -> list[str]:
    """The fact book's fourteen chapter titles in order, as the brand page shows them."""
    return [GENERATED.get(key, key) for key in ORDER]


def brand_body(site: Site, brand: Record, uri: str) -> str:
    head, sections = split_sections(_strip(brand))
    hand = {title: text for title, text in sections}
    cid, bid = brand.client or "", brand.data.get("id", "")
    jobs = [j for j in site.of(cid, "job") if j.data.get("brand") == bid]
    generated = {
        "@meetings": (GENERATED["@meetings"], lambda: meetings(site, brand, uri, cid, bid)),
        "@campaigns": (GENERATED["@campaigns"], lambda: campaigns(site, uri, jobs)),
        "@briefs": (GENERATED["@briefs"], lambda: briefs(site, uri, jobs)),
        "@progress": (GENERATED["@progress"], lambda: progress(site, uri, jobs)),
        "@research": (GENERATED["@research"], lambda: research(site, uri, cid, bid)),
        "@finance": (GENERATED["@finance"], lambda: finance(site, uri, cid, jobs)),
    }
    parts = [body(site, brand, uri, head)] if head.strip() else []
    n = 0
    for key in ORDER:
        n += 1
        if key in generated:
            title, make = generated[key]
            parts.append(f"## {n}. {title}（自动生成）\n\n" + make())
        else:
            text = hand.pop(key, None)
            parts.append(f"## {n}. {key}\n\n" + (body(site, brand, uri, text) if text and text.strip()
                                                 else bullet([], "（尚未填写）")))
    for title, text in hand.items():  # sections people added beyond the fact book
        parts.append(f"## {md_text(title)}\n\n" + body(site, brand, uri, text))
    parts.append("## 品牌轨迹（策略演变、动脑会、战役）\n\n" + timeline(site, uri, cid, bid))
    return "\n\n".join(parts)


def _strip(brand: Record) -> str:
    return strip_title(brand.body)


def meetings(site: Site, brand: Record, uri: str, cid: str, bid: str) -> str:
    ms = sorted((m for m in site.of(cid, "meeting") if bid in (m.data.get("brands") or [])), key=day, reverse=True)
    three = site.ctx.as_of - timedelta(days=92)
    year = site.ctx.as_of - timedelta(days=365)
    recent = [m for m in ms if day(m) >= three]
    past = [m for m in ms if year <= day(m) < three]
    return ("### 最近三个月\n\n" + table(MEETING_COLUMNS, [meeting_row(site, uri, m) for m in recent], "最近三个月没有会议报告。")
            + "\n\n### 过去一年\n\n" + table(MEETING_COLUMNS, [meeting_row(site, uri, m) for m in past], "过去一年（三个月以前）没有会议报告。"))


def campaigns(site: Site, uri: str, jobs: list[Record]) -> str:
    return table(["日期", "媒体", "作品", "工作"],
                 [[[Item(show(d.get("date")))], [Item(media_label(j, d.get("media")))], _work(site, uri, j, d), link(site, uri, j)]
                  for j, d in deliverables(jobs)], "还没有登记作品。")


def briefs(site: Site, uri: str, jobs: list[Record]) -> str:
    with_brief = [j for j in jobs if isinstance(j.data.get("brief"), dict)]
    with_brief.sort(key=lambda j: str(j.data["brief"].get("date", "")), reverse=True)
    rows = []
    for j in with_brief[:10]:
        b = j.data["brief"]
        to = site.attachment(j, str(b["file"])) if b.get("file") else None
        rows.append([[Item(show(b.get("date")))], link(site, uri, j),
                     [Item(show(b.get("ad")), site.person_href(uri, b.get("ad", "")))],
                     [Item(show(b.get("cd")), site.person_href(uri, b.get("cd", "")))],
                     [Item(show(b.get("file")) or "—", site.links(uri, to) if to else None)]])
    return table(["简报日期", "工作", "AD 签字", "CD 签字", "简报文件"], rows, "还没有签署的工作简报。")


def progress(site: Site, uri: str, jobs: list[Record]) -> str:
    rows = []
    for j in sorted((j for j in jobs if j.data.get("status") in OPEN_JOB), key=lambda j: str(j.data.get("due", ""))):
        steps = [s for s in j.data.get("schedule") or [] if isinstance(s, dict) and not s.get("done")]
        nxt = min(steps, key=lambda s: str(s.get("due", ""))) if steps else None
        rows.append(job_row(site, uri, j)[:2] + [[Item(label(j, "status"))],
                    [Item(f"{show(nxt.get('step'))}（{show(nxt.get('due'))}）" if nxt else "—")], [Item(show(j.data.get("due")))]])
    return table(["工作号", "工作名称", "状态", "下一步", "交付日期"], rows, "没有进行中的工作。")


def research(site: Site, uri: str, cid: str, bid: str) -> str:
    rs = sorted((r for r in site.of(cid, "research-summary") if r.data.get("brand") == bid), key=day, reverse=True)
    return table(["日期", "标题", "调研公司", "方法"],
                 [[[Item(show(r.data.get("date")))], link(site, uri, r), [Item(show(r.data.get("firm")))],
                   [Item(show(r.data.get("method")))]] for r in rs], "还没有调研总结。")


def finance(site: Site, uri: str, cid: str, jobs: list[Record]) -> str:
    rows = [[link(site, uri, j, show(j.data.get("job_no"))), [Item(estimate_label(where, e))], [Item(show(e.get("amount")))],
             [Item(show(e.get("submitted")))], [Item(show(e.get("client_signed")) or "未签字")]]
            for j in sorted(jobs, key=lambda j: str(j.data.get("job_no", "")), reverse=True) for where, e in estimates(j)]
    budgets = sorted(site.of(cid, "budget-report"), key=lambda r: str(r.data.get("month", "")), reverse=True)[:12]
    brows = []
    for r in budgets:
        lines = r.data.get("lines") or {}
        cells = [link(site, uri, r, show(r.data.get("month")))]
        for key in ("media", "production"):
            line = lines.get(key) or {}
            cells.append([Item(f"{show(line.get('executed'))} / {show(line.get('annual_budget'))}")])
        brows.append(cells)
    return ("### 制作预估\n\n" + table(["工作号", "预估", "金额（元）", "提交客户", "客户签字"], rows, "还没有预估。")
            + "\n\n### 客户预算报告（最近 12 个月）\n\n"
            + table(["月份", "媒介 已执行 / 年度预算", "制作 已执行 / 年度预算"], brows, "还没有预算报告。"))


def timeline(site: Site, uri: str, cid: str, bid: str) -> str:
    hs = sorted((h for h in site.of(cid, "brand-history") if h.data.get("brand") == bid), key=day)
    chart = brand_history(hs)
    return (chart + "\n\n" if chart else "") + table(["日期", "类别", "标题", "参与者"],
                 [[[Item(show(h.data.get("date")))], [Item(label(h, "kind"))], link(site, uri, h),
                   [Item("、".join(show(p) for p in h.data.get("participants") or []))]] for h in hs],
                 "还没有品牌轨迹记录。")
