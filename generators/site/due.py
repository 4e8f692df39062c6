"""What is due next, at the top of client, brand and job pages: the items of the to-do window
(`generators.rules.todo.agenda`: overdue, then the next `[todo] days`) that concern the record, so the
record pages and the to-do pages list the same items."""
from __future__ import annotations

from generators.rules import todo
from generators.archive.records import Record
from generators.site.render import block
from generators.site.table_html import table_block
from generators.site.model import Site
from generators.site.panel import Item

def deadlines(site: Site) -> dict[tuple[str, str], list]:
    """Every open deadline of the build (computed once per build), filed under the pages that show
    it: ("client", id), ("brand", "client/brand"), ("job", job number); each list sorted by day."""
    return site.memo("deadlines", lambda real: _file(real, todo.agenda(real.ctx).items))


def _file(site: Site, items: list) -> dict[tuple[str, str], list]:
    out: dict[tuple[str, str], list] = {}
    for d in items:
        keys = {("client", d.client or "")}
        source = site.by_path.get(d.path or "")
        if source is not None:
            if source.type == "job":
                keys.add(("job", str(source.data.get("job_no", ""))))
            if source.type == "meeting":
                keys |= {("job", str(j)) for j in source.data.get("jobs") or []}
            brands = [source.data.get("brand")] + list(source.data.get("brands") or [])
            keys |= {("brand", f"{source.client}/{b}") for b in brands if b}
        for key in keys:
            out.setdefault(key, []).append(d)
    return out


def _key(record: Record) -> tuple[str, str] | None:
    if record.type == "client":
        return ("client", str(record.data.get("id", "")))
    if record.type == "brand":
        return ("brand", f"{record.client}/{record.data.get('id', '')}")
    if record.type == "job":
        return ("job", str(record.data.get("job_no", "")))
    return None


def due_next(site: Site, record: Record, uri: str) -> str:
    """The "接下来要做" box of a client, brand or job page ('' for other records)."""
    key = _key(record)
    if key is None:
        return ""
    as_of = site.ctx.as_of
    items = deadlines(site).get(key, [])
    rows = []
    for d in items:
        late = (as_of - d.day).days
        when = d.day.isoformat() + (f"（已过期 {late} 天）" if late > 0 else "（今天）" if late == 0 else "")
        target = site.by_path.get(d.path or "")
        people = [Item(p, site.person_href(uri, p), nowrap=True) for p in d.people] or [Item("—")]
        kind = todo.KINDS.get(d.kind, d.kind) + ("（催办）" if d.chase else "")
        rows.append([[Item(when)], [Item(kind)],
                     [Item(d.summary, site.record_href(uri, target) if target is not None and target is not record else None)],
                     people, [Item(d.detail)]])
    head = (f"## 接下来要做（{len(items)} 项）" if items else "## 接下来要做") + " {#due}"  # one anchor whatever the count
    days = site.settings.todo_days
    empty = f"已过期的和未来 {days} 天内到期的事项：没有。"
    note = f"<p class=\"archive-subtitle\">截至 {as_of.isoformat()}：已过期的，和未来 {days} 天内到期的。</p>\n"
    # the box opens in one block and closes in another, its heading Markdown between them (in the table of
    # contents): on a record page no HTML is left for Markdown to parse (record_html.Renderer)
    return (block('<div class="archive-due">') + f"\n\n{head}\n\n"
            + block((note if items else "") + table_block(["日期", "类别", "事项", "负责", "说明"], rows, empty) + "</div>"))
