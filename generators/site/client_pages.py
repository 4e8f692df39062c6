"""The client page's generated sections: brands, jobs, meetings, reports, issues, history, all work."""
from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from generators.archive import naming
from generators.archive.records import Record
from generators.archive.schema import Schema, schemas
from generators.site.columns import heading, row, sort_key, text
from generators.site.lists import bullet, day, link, table
from generators.site.model import Site
from generators.site.panel import Item
from generators.site.render import md_text, show

MEDIA_ORDER = ["tv", "radio", "newspaper", "magazine", "outdoor", "print", "pop", "digital", "other"]


def client_sections(site: Site, client: Record, uri: str) -> str:
    """The client page's sections, each from the schemas that name it (`client_page:`), in their `order:`."""
    cid = client.data.get("id", "")
    sections: dict[str, list[tuple[Schema, dict]]] = defaultdict(list)
    rank: dict[str, float] = {}
    for s in schemas(site.settings.root).values():
        for spec in s.client_page:
            name = str(spec.get("section") or s.label)
            sections[name].append((s, spec))
            rank[name] = min(rank.get(name, spec.get("order", 1000)), spec.get("order", 1000))
    parts = [f"## {md_text(name)}\n\n" + _section(site, cid, uri, sorted(sections[name], key=lambda x: x[1].get("order", 1000)))
             for name in sorted(sections, key=lambda n: rank[n])]
    return "\n\n".join(parts)


def _records(site: Site, cid: str, s: Schema, spec: dict) -> list[Record]:
    """A type's records of the client as a section lists them: filtered (`where:`, `recent_days:`), sorted."""
    out = site.of(cid, s.type)
    where = spec.get("where") or {}
    if where:
        out = [r for r in out if (r.data.get(where["field"]) in where.get("in", ())) != bool(where.get("not"))]
    if spec.get("recent_days"):
        since = site.ctx.as_of - timedelta(days=int(spec["recent_days"]))
        out = [r for r in out if day(r) >= since]
    return sorted(out, key=lambda r: sort_key(r, spec.get("sort") or [s.date_field or "path"]),
                  reverse=spec.get("reverse", True))


def _section(site: Site, cid: str, uri: str, entries: list[tuple[Schema, dict]]) -> str:
    if entries[0][1].get("style") == "by-year":
        return bullet([line for s, spec in entries for line in by_year(site, cid, uri, s, spec)])
    return "\n\n".join(_part(site, cid, uri, s, spec) for s, spec in entries)


def _part(site: Site, cid: str, uri: str, s: Schema, spec: dict) -> str:
    style = spec.get("style", "table")
    if style == "works":
        jobs = sorted(site.of(cid, s.type), key=lambda j: str(j.data.get("job_no", "")), reverse=True)
        return works(site, jobs, uri)
    records = _records(site, cid, s, spec)
    if style == "list":
        fill = lambda pattern, r: naming.fill(pattern, r, site.archive, text, strip=False) if pattern else ""
        return bullet([([Item(fill(spec["before"], r))] if spec.get("before") else [])
                       + [Item(site.title(r), site.record_href(uri, r), sep="" if spec.get("before") else "、")]
                       + ([Item(fill(spec["after"], r), sep="")] if spec.get("after") else []) for r in records])
    columns = spec.get("columns") or [{"link": True}]
    out = table([heading(s, c) for c in columns], [row(site, uri, r, columns) for r in records],
                str(spec.get("empty") or "（暂无）"))
    if spec.get("recent_days") and s.register:
        more = site.links(uri, f"archive/{s.register['page']}")
        if more:
            every = len(site.of(cid, s.type))
            out += "\n\n" + bullet([[Item(f"全部 {every} 份{s.label}见{s.register.get('title') or s.label + '登记表'}", more)]])
    return out


def by_year(site: Site, cid: str, uri: str, s: Schema, spec: dict) -> list[list[Item]]:
    """A periodic report type of a client, one line a year: `每周工作状况报告 2026：2026-W47、2026-W46`."""
    key = spec.get("field") or s.name
    years = defaultdict(list)
    for r in site.of(cid, s.type):
        years[str(r.data.get(key, ""))[:4]].append(r)
    lines = []
    for year in sorted(years, reverse=True):
        items = [Item(f"{s.label} {year}：")]
        for r in sorted(years[year], key=lambda r: str(r.data.get(key, "")), reverse=True):
            shown = str(r.data.get(key, "")) + (naming.fill(spec["after"], r, site.archive, text, strip=False) if spec.get("after") else "")
            items.append(Item(shown, site.record_href(uri, r), sep="" if len(items) == 1 else "、"))
        lines.append(items)
    return lines


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
