"""The archive home and the registers: every record listed by period, one page per record type group."""
from __future__ import annotations

from collections import defaultdict
from typing import Callable

from generators.site.dashboards import TODO_INDEX, todo_line
from generators.archive.uris import ARCHIVE, Page
from generators.archive.uris import link as md_link
from generators.rules.todo import agenda
from generators.archive.records import Record
from generators.site.lists import JOB_COLUMNS, MEETING_COLUMNS, bullet, day, job_row, label, link, meeting_row, moment, ref, table
from generators.site.model import Site
from generators.site.panel import Item
from generators.site.render import front_matter, md_text, show

CLASSES = {"A": "A 类客户", "B": "B 类客户", "C": "C 类客户", "D": "D 类客户"}


def _period(text: str) -> str:
    """A heading-safe period (year, month, quarter): only digits, letters and hyphens."""
    return md_text(text) if text else "未注明期间"


def _grouped(records: list[Record], period: Callable[[Record], str], render: Callable[[list[Record]], str]) -> str:
    groups = defaultdict(list)
    for r in records:
        groups[period(r)].append(r)
    if not groups:
        return bullet([], "还没有记录。")
    return "\n\n".join(f"## {_period(p)}\n\n" + render(groups[p]) for p in sorted(groups, reverse=True))


def _page(uri: str, title: str, intro: str, content: str) -> Page:
    return Page(uri, front_matter(title) + f"# {title}\n\n{intro}\n\n{content}\n")


# Each register: (uri, title, intro, record types, period of a record, table of a period's records)
def registers(site: Site) -> list[Page]:
    def jobs(uri):
        return _grouped(site.by_type["job"], lambda r: str(r.data.get("opened", ""))[:4],
                        lambda rs: table(JOB_COLUMNS, [job_row(site, uri, j) for j in sorted(rs, key=lambda j: str(j.data.get("job_no", "")), reverse=True)]))

    def meetings(uri):
        return _grouped(site.by_type["meeting"], lambda r: show(day(r))[:7] if r.date else "",
                        lambda rs: table(MEETING_COLUMNS, [meeting_row(site, uri, m) for m in sorted(rs, key=day, reverse=True)]))

    def weekly(uri):
        return _grouped(site.by_type["weekly-status"], lambda r: str(r.data.get("week", ""))[:4],
                        lambda rs: table(["周次", "客户", "撰写人"], [
                            [link(site, uri, r, show(r.data.get("week"))), ref(site, uri, r, "client", r.client),
                             [Item(show(a), site.person_href(uri, a)) for a in r.data.get("authors") or []]]
                            for r in sorted(rs, key=lambda r: (str(r.data.get("week", "")), r.path), reverse=True)]))

    def budgets(uri):
        def row(r):
            lines = r.data.get("lines") or {}
            return [link(site, uri, r, show(r.data.get("month"))), ref(site, uri, r, "client", r.client)] + [
                [Item(f"{show((lines.get(k) or {}).get('executed'))} / {show((lines.get(k) or {}).get('annual_budget'))}")]
                for k in ("media", "production")]
        return _grouped(site.by_type["budget-report"], lambda r: str(r.data.get("month", ""))[:4],
                        lambda rs: table(["月份", "客户", "媒介 已执行 / 年度预算", "制作 已执行 / 年度预算"],
                                         [row(r) for r in sorted(rs, key=lambda r: (str(r.data.get("month", "")), r.path), reverse=True)]))

    def competitive(uri):
        return _grouped(site.by_type["competitive-report"], lambda r: str(r.data.get("period", ""))[:4],
                        lambda rs: table(["期间", "标题", "客户", "类别"], [
                            [[Item(show(r.data.get("period")))], link(site, uri, r), ref(site, uri, r, "client", r.client),
                             [Item(label(r, "kind"))]] for r in sorted(rs, key=lambda r: (str(r.data.get("period", "")), r.path), reverse=True)]))

    def research(uri):
        return _grouped(site.by_type["research-summary"], lambda r: show(r.data.get("date"))[:4],
                        lambda rs: table(["日期", "标题", "客户", "品牌", "调研公司"], [
                            [[Item(show(r.data.get("date")))], link(site, uri, r), ref(site, uri, r, "client", r.client),
                             ref(site, uri, r, "brand", r.data.get("brand")), [Item(show(r.data.get("firm")))]]
                            for r in sorted(rs, key=day, reverse=True)]))

    def issues(uri):
        return _grouped(site.by_type["client-issue"], lambda r: show(day(r))[:7] if r.date else "",
                        lambda rs: table(["收到时间", "标题", "客户", "类别", "状态", "处理人"], [
                            [[Item(moment(r.data.get("received_at")))], link(site, uri, r), ref(site, uri, r, "client", r.client),
                             [Item(label(r, "category"))], [Item(label(r, "status"))],
                             [Item(show(r.data.get("handler")), site.person_href(uri, r.data.get("handler", "")))]]
                            for r in sorted(rs, key=day, reverse=True)]))

    def briefs(uri):
        return _grouped(site.by_type["brief"], lambda r: show(r.data.get("date"))[:4],
                        lambda rs: table(["日期", "标题", "类别", "工作", "撰写人"], [
                            [[Item(show(r.data.get("date")))], link(site, uri, r), [Item(label(r, "kind"))],
                             ref(site, uri, r, "job", r.data.get("job")),
                             [Item(show(r.data.get("written_by")), site.person_href(uri, r.data.get("written_by", "")))]]
                            for r in sorted(rs, key=day, reverse=True)]))

    def agendas(uri):
        return _grouped(site.by_type["agenda"], lambda r: show(day(r))[:7] if r.date else "",
                        lambda rs: table(["会议时间", "会议主题", "客户", "发出时间"], [
                            [[Item(moment(r.data.get("held_at")))], link(site, uri, r), ref(site, uri, r, "client", r.client),
                             [Item(moment(r.data.get("sent_at")) or "未发出")]]
                            for r in sorted(rs, key=day, reverse=True)]))

    def store_checks(uri):
        return _grouped(site.by_type["store-check"], lambda r: show(r.data.get("date"))[:7],
                        lambda rs: table(["走访日期", "标题", "客户", "门店数", "走访人"], [
                            [[Item(show(r.data.get("date")))], link(site, uri, r), ref(site, uri, r, "client", r.client),
                             [Item(str(len(r.data.get("stores") or [])))],
                             [Item(show(p), site.person_href(uri, p)) for p in r.data.get("checked_by") or []]]
                            for r in sorted(rs, key=day, reverse=True)]))

    def feedback(uri):
        return _grouped(site.by_type["feedback-report"], lambda r: show(r.data.get("date"))[:4],
                        lambda rs: table(["报告日期", "标题", "客户", "投放期", "撰写人"], [
                            [[Item(show(r.data.get("date")))], link(site, uri, r), ref(site, uri, r, "client", r.client),
                             [Item(f"{show((r.data.get('flight') or {}).get('start'))} 至 {show((r.data.get('flight') or {}).get('end'))}")],
                             [Item(show(r.data.get("author")), site.person_href(uri, r.data.get("author", "")))]]
                            for r in sorted(rs, key=day, reverse=True)]))

    def memos(uri):
        return _grouped(site.by_type["memo"], lambda r: show(r.data.get("date"))[:7],
                        lambda rs: table(["日期", "事由", "客户", "形式", "自", "回复期限"], [
                            [[Item(show(r.data.get("date")))], link(site, uri, r), ref(site, uri, r, "client", r.client),
                             [Item(label(r, "kind"))],
                             [Item(show(r.data.get("from")), site.person_href(uri, r.data.get("from", "")))],
                             [Item(show(r.data.get("reply_by")) or "—")]]
                            for r in sorted(rs, key=day, reverse=True)]))

    def reviews(uri):
        return _grouped(site.by_type["competitor-review"], lambda r: show(r.data.get("date"))[:4],
                        lambda rs: table(["日期", "标题", "客户", "我方品牌", "竞品"], [
                            [[Item(show(r.data.get("date")))], link(site, uri, r), ref(site, uri, r, "client", r.client),
                             ref(site, uri, r, "brand", r.data.get("brand")), [Item(show(r.data.get("competitor")))]]
                            for r in sorted(rs, key=day, reverse=True)]))

    specs = [
        ("jobs.md", "工作档案登记表", "全部工作按开单年份排列，工作号倒序。", jobs),
        ("meetings.md", "会议报告登记表", "全部会议与电话报告，按月份排列。", meetings),
        ("weekly.md", "每周工作状况报告登记表", "每个客户每周一份，按年份排列。", weekly),
        ("budgets.md", "每月预算报告登记表", "每个客户每月一份，按年份排列。", budgets),
        ("competitive.md", "市场及竞品动态报告登记表", "按期间（季度、月份或日期）所在年份排列。", competitive),
        ("research.md", "调研总结登记表", "按报告年份排列。", research),
        ("issues.md", "客户问题登记表", "客户咨询、投诉与建议，按收到月份排列。", issues),
        ("competitor-reviews.md", "竞品回顾登记表", "对单个竞品策略的分析，按年份排列。", reviews),
        ("memos.md", "备忘录与传真登记表", "发给客户的备忘录、传真和信件，按月份排列。", memos),
        ("feedback.md", "广告执行反馈报告登记表", "每个投放阶段之后的执行反馈，按报告年份排列。", feedback),
        ("store-checks.md", "店访报告登记表", "走访门店的记录，按走访月份排列。", store_checks),
        ("agendas.md", "会议议程登记表", "会前发出的会议议程，按会议月份排列。", agendas),
        ("briefs.md", "简报登记表", "创意、媒介和调研简报，按简报年份排列；每份简报也列在它所属工作的页面上。", briefs),
    ]
    return [_page(f"{ARCHIVE}/{name}", title, intro, make(f"{ARCHIVE}/{name}")) for name, title, intro, make in specs]


REGISTER_TITLES = {"jobs.md": "工作档案", "meetings.md": "会议报告", "weekly.md": "每周工作状况报告",
                   "budgets.md": "每月预算报告", "competitive.md": "市场及竞品动态报告", "research.md": "调研总结",
                   "issues.md": "客户问题", "briefs.md": "简报", "agendas.md": "会议议程", "store-checks.md": "店访报告", "feedback.md": "广告执行反馈报告", "memos.md": "备忘录与传真", "competitor-reviews.md": "竞品回顾"}


def archive_home(site: Site) -> Page:
    """`archive/index.md`: clients by class, and a link to every register."""
    uri = f"{ARCHIVE}/index.md"
    by_class = defaultdict(list)
    for c in site.by_type["client"]:
        by_class[c.data.get("class", "")].append(c)
    parts = ["## 登记表\n\n" + bullet([[Item(f"{title}（{_count(site, name)} 份）", site.links(uri, f"{ARCHIVE}/{name}"))]
                                      for name, title in REGISTER_TITLES.items()])]
    for cls in sorted(by_class, key=lambda k: (k not in CLASSES, str(k))):
        rows = [[link(site, uri, c, show(c.data.get("short_name") or c.title)), [Item(show(c.data.get("name")))],
                 [Item(show(c.data.get("code")))], [Item(label(c, "status"))], [Item(show(c.data.get("industry")))],
                 [Item(show((c.data.get("team") or {}).get("am")), site.person_href(uri, (c.data.get("team") or {}).get("am", "")))]]
                for c in sorted(by_class[cls], key=lambda c: c.path)]
        parts.append(f"## {md_text(CLASSES.get(cls, cls or '未分级'))}\n\n" + table(["简称", "全称", "代码", "状态", "行业", "AM"], rows))
    intro = (f"{md_text(site.settings.name)}的全部客户档案。每份记录都有固定网址；从这里两次点击内可到达任何一份记录。"
             "按工作号、客户简称、品牌或标题中的词搜索，也能直接找到。"
             f"\n\n{todo_line(agenda(site.ctx))}，见[每个人的待办]({md_link(uri, TODO_INDEX)})。")
    return _page(uri, "档案", intro, "\n\n".join(parts))


_TYPES = {"jobs.md": ("job",), "meetings.md": ("meeting",), "weekly.md": ("weekly-status",), "budgets.md": ("budget-report",),
          "competitive.md": ("competitive-report",), "research.md": ("research-summary",), "issues.md": ("client-issue",),
          "briefs.md": ("brief",), "agendas.md": ("agenda",), "store-checks.md": ("store-check",), "feedback.md": ("feedback-report",), "memos.md": ("memo",), "competitor-reviews.md": ("competitor-review",)}


def _count(site: Site, name: str) -> int:
    return sum(len(site.by_type[t]) for t in _TYPES[name])
