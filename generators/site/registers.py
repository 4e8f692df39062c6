"""The archive home and the registers: every record listed by period, one page per record type group."""
from __future__ import annotations

from collections import defaultdict
from typing import Callable

from generators.site.dashboards import TODO_INDEX, todo_line
from generators.archive.uris import ARCHIVE, Page
from generators.archive.uris import link as md_link
from generators.rules.todo import agenda
from generators.archive.records import Record
from generators.archive.schema import Schema, schemas
from generators.site.columns import group_of, heading, row, sort_key
from generators.site.lists import bullet, label, link, table
from generators.site.model import Site
from generators.site.panel import Item
from generators.site import table_html
from generators.site.fragment_memo import Fragments
from generators.site.render import block, front_matter, md_text, show

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


def register_specs(site: Site) -> list[tuple[str, Schema]]:
    """(page uri, schema) of every type listed on a register (its schema's `register:`), in file-plan order."""
    return [(f"{ARCHIVE}/{s.register['page']}", s) for s in schemas(site.settings.root).values() if s.register]


def register(site: Site, uri: str, s: Schema, rows: Fragments | None = None) -> Page:
    """A type's register: its records grouped by period (`group:`), newest first (`sort:`), one row each
    (`columns:`). With `rows`, a row whose inputs did not change since the last build is the one made then."""
    spec = s.register
    columns = spec.get("columns") or [{"link": True}]
    sort = spec.get("sort") or ["path"]
    headings = [heading(s, c) for c in columns]

    def line(r: Record) -> str:
        if rows is None:
            return table_html.row(row(site, uri, r, columns))
        return rows.get(f"{uri}\x00{r.path}", r, lambda traced: table_html.row(row(traced, uri, r, columns)))

    def table_of(rs: list[Record]) -> str:
        if not rs:
            return table(headings, [])
        return block(table_html.table_of_rows(headings, [line(r) for r in sorted(rs, key=lambda r: sort_key(r, sort), reverse=True)]))

    content = _grouped(site.by_type[s.type], lambda r: group_of(r, spec.get("group") or {}), table_of)
    return _page(uri, str(spec.get("title") or f"{s.label}登记表"), str(spec.get("intro") or ""), content)


def registers(site: Site, keep: bool = True) -> list[Page]:
    """Every register page. With `keep` (the default) rows are kept between builds (`fragment_memo`)."""
    rows = Fragments(site, "register-rows") if keep else None
    pages = [register(site, uri, s, rows) for uri, s in register_specs(site)]
    if rows is not None:
        rows.finish()
    return pages


def archive_home(site: Site) -> Page:
    """`archive/index.md`: clients by class, and a link to every register."""
    uri = f"{ARCHIVE}/index.md"
    by_class = defaultdict(list)
    for c in site.by_type["client"]:
        by_class[c.data.get("class", "")].append(c)
    parts = ["## 登记表\n\n" + bullet([[Item(f"{s.register.get('short') or s.label}（{len(site.by_type[s.type])} 份）",
                                            site.links(uri, page))] for page, s in register_specs(site)])]
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

