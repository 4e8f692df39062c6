"""RET-FIND, checked with the site's own search engine: searching for a record the way people do (its
schema's `search: queries:`, e.g. the job number, the title, the client's short name with the report's
period) puts its page first for an id (job number, client id) and among the first three results otherwise,
ranked by `site/searchengine.py`, the algorithm the search box runs in the browser."""
from __future__ import annotations

import time
from pathlib import Path

from generators.archive import naming
from generators.archive.config import Settings
from generators.archive.findings import Finding
from generators.archive.records import Archive, Record
from generators.rules.registry import check_of, finding
from generators.site import searchengine
from generators.site.built import Built
from generators.site.ret_find_cache import Answers

TOP = 3  # the record must be among the first TOP pages
ID_KINDS = {"job_no": 1, "id": 1}  # an id query must put the record first
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


def check_index(settings: Settings, index, pages: dict[str, tuple[str, list[tuple[str, str]]]],
                top: int = TOP, records: dict[str, Record] | None = None,
                answers: Answers | None = None) -> list[Finding]:
    """One RET-FIND warning per record query whose page is not first (id queries) or among the first
    `top` results (the others). `pages`: page URL in the index -> (record path, [(kind, query), ...]).
    `answers`: the last build's answers (ret_find_cache); a query whose terms' postings did not change is
    answered from them instead of searched again."""
    out = []
    for page, (path, asks) in sorted(pages.items(), key=lambda x: x[1][0]):
        for kind, query in asks:
            need = ID_KINDS.get(kind, top)
            label = _label((records or {}).get(path), kind)
            key = answers.key(page, query, need, top, label) if answers is not None else None
            kept, message = answers.get(key) if answers is not None else (False, None)
            if not kept:
                message = _message(index, page, query, need, top, label)
                if answers is not None:
                    answers.put(key, message)
            if message is not None:
                out.append(finding(settings, RULE, path, 1, kind, message))
    return out


def _message(index, page: str, query: str, need: int, top: int, label: str) -> str | None:
    """What RET-FIND says about one query (None: the page comes where it must)."""
    r = searchengine.rank_of(index, query, page, limit=max(need, top))
    if r.rank is None:
        return f"在网站上搜索{label}“{query}”，找不到这份记录的页面 /{page}。"
    if r.rank > need:
        shown = "、".join(f"/{p}" for p in r.ahead[:top])
        want = "第 1 位" if need == 1 else f"前 {need} 位"
        return (f"在网站上搜索{label}“{query}”，这份记录排在第 {r.rank} 位（要求{want}），"
                f"排在前面的有 {shown} 等 {r.rank - 1} 个页面。")
    return None


@check_of(RULE)
def check_built(built: Built) -> list[Finding]:
    """RET-FIND over a finished internal build (skipped under `mkdocs serve` and on the public handbook),
    with the build's in-memory index, or the one written into the site."""
    if built.public or not built.find or built.archive is None:
        return []
    index = built.search if built.search is not None else searchengine.load(Path(built.site_dir))
    if index is None:
        return []
    records = {r.path: r for r in built.archive.records}
    pages = {}
    for url, path in built.records.items():
        record = records.get(path)
        if record is not None:
            pages[url] = (path, queries(record, built.archive))
    start = time.perf_counter()
    answers = Answers(built.settings.root, index) if built.search is not None else None
    out = check_index(built.settings, index, pages, records=records, answers=answers)
    if answers is not None:
        answers.save()
    LAST.update(seconds=time.perf_counter() - start, queries=sum(len(asks) for _, asks in pages.values()))
    return out


LAST: dict = {}  # what the last check_built did: its seconds and how many queries it asked (the build log says)


def summary() -> str | None:
    """The build log's line on RET-FIND's cost (None when it did not run)."""
    if not LAST:
        return None
    return f"RET-FIND 用时 {LAST['seconds']:.2f} 秒：按 {LAST['queries']:,} 个查询检查记录能否被搜索到。"
