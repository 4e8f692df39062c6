"""RET-FIND, checked on the built search index: searching for a record the way people do (its schema's
`search: queries:`, e.g. the job number, the title, the client's short name with the report's period)
puts its page among the first three results of the site's search box (replayed by `site/search.py`)."""
from __future__ import annotations

from pathlib import Path

from generators.archive import naming
from generators.archive.config import Settings
from generators.archive.findings import Finding
from generators.archive.records import Archive, Record
from generators.rules.registry import check_of, finding
from generators.site.built import Built
from generators.site.search import SearchIndex, load, rank

TOP = 3  # the record must be among the first TOP pages
RULE = "RET-FIND"
# How a query's kind is named in the message (else the label of the field it is named after).
KIND_LABELS = {"job_no": "工作号", "id": "客户编号", "short_name": "客户简称", "week": "周次", "month": "月份",
               "period": "期间", "title": "标题", "name": "名称"}


def queries(record: Record, archive: Archive) -> list[tuple[str, str]]:
    """What people type to find a record: (what it is, the query), from its schema."""
    return naming.queries(record, archive)


def _label(record: Record | None, kind: str) -> str:
    if kind in KIND_LABELS or record is None:
        return KIND_LABELS.get(kind, kind)
    f = record.schema.fields.get(kind)
    return f.label if f is not None else kind


def check_index(settings: Settings, index: SearchIndex, pages: dict[str, tuple[str, list[tuple[str, str]]]],
                top: int = TOP, records: dict[str, Record] | None = None) -> list[Finding]:
    """One RET-FIND warning per record query whose page is not among the first `top` results.
    `pages`: page location in the index -> (record path, [(kind, query), ...])."""
    out = []
    for page, (path, asks) in sorted(pages.items(), key=lambda x: x[1][0]):
        for kind, query in asks:
            r = rank(index, query, page, top)
            label = _label((records or {}).get(path), kind)
            if r.rank is None:
                message = f"在网站上搜索{label}“{query}”，找不到这份记录的页面 /{page}。"
            elif r.rank > top:
                shown = "、".join(f"/{p}" for p in r.ahead[:top])
                where = f"排在第 {len(r.ahead)} 位之后" if r.capped else f"排在第 {r.rank} 位"
                many = f"至少 {len(r.ahead)}" if r.capped else f"{len(r.ahead)}"
                message = (f"在网站上搜索{label}“{query}”，这份记录{where}（要求前 {top} 位），"
                           f"排在前面的有 {shown} 等 {many} 个页面。")
            else:
                continue
            out.append(finding(settings, RULE, path, 1, kind, message))
    return out


@check_of(RULE)
def check_built(built: Built) -> list[Finding]:
    """RET-FIND over a finished internal build (skipped under `mkdocs serve` and on the public handbook)."""
    if built.public or not built.find or built.archive is None:
        return []
    index = load(Path(built.site_dir))
    if index is None:
        return []
    records = {r.path: r for r in built.archive.records}
    pages = {}
    for url, path in built.records.items():
        record = records.get(path)
        if record is not None and url in index.entries:  # public builds leave confidential pages out
            pages[url] = (path, queries(record, built.archive))
    return check_index(built.settings, index, pages, records=records)
