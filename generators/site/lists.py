"""Rows and tables that several pages share: a job line, a meeting line, an enum's label."""
from __future__ import annotations

from datetime import date, datetime

from generators.archive.records import Record
from generators.site.model import Site
from generators.site.panel import Item
from generators.site.render import block, html, show
from generators.site.table_html import table_block

JOB_COLUMNS = ["工作号", "工作名称", "客户", "品牌", "状态", "AE", "交付日期"]
OPEN_JOB = {"brief", "concept", "estimate", "artwork", "production"}


def label(record: Record, name: str) -> str:
    """An enum field's Chinese label (the value itself when it has none)."""
    value = record.data.get(name)
    f = record.schema.fields.get(name)
    values = getattr(f.type, "values", None) if f else None
    return values.get(value, show(value)) if values else show(value)


def day(record: Record) -> date:
    return record.date or date.min


def moment(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else show(value)


def ref(site: Site, uri: str, record: Record, to: str, value) -> list[Item]:
    if value is None:
        return []
    target = site.resolve(to, record, value)
    return [Item(site.title(target) if target else show(value), site.record_href(uri, target))]


def link(site: Site, uri: str, record: Record, text: str | None = None) -> list[Item]:
    return [Item(text if text is not None else site.title(record), site.record_href(uri, record))]


def job_row(site: Site, uri: str, job: Record) -> list[list[Item]]:
    d = job.data
    return [link(site, uri, job, show(d.get("job_no", ""))), link(site, uri, job, job.title),
            ref(site, uri, job, "client", d.get("client")), ref(site, uri, job, "brand", d.get("brand")),
            [Item(label(job, "status"))], [Item(show(d.get("ae")), site.person_href(uri, d.get("ae", "")))],
            [Item(show(d.get("due")))]]


MEETING_COLUMNS = ["时间", "会议主题", "客户", "形式", "发出", "回传"]


def meeting_row(site: Site, uri: str, m: Record) -> list[list[Item]]:
    d = m.data
    return [[Item(moment(d.get("held_at")))], link(site, uri, m), ref(site, uri, m, "client", d.get("client")),
            [Item(label(m, "kind"))], [Item(moment(d.get("sent_at")) or "未发出")],
            [Item(moment(d.get("acknowledged_at")) or "未回传")]]


def table(columns: list[str], lines: list, empty: str = "（暂无）") -> str:
    """`table.html.j2` as an HTML block (written in Python: registers have thousands of rows)."""
    return block(table_block(columns, lines, empty))


def bullet(items: list[list[Item]], empty: str = "（暂无）") -> str:
    return html("links.html.j2", items=items, empty=empty)
