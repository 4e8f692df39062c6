"""The record table of `templates/_macros.html.j2` (its `table`, `items`, `text` and `rows` macros, and
`panel.html.j2`, `crumbs.html.j2`) written in Python: a register has thousands of rows, and a Jinja macro call per cell and per item cost seconds per
build. The output is the template's, character for character (tests/test_table_html.py holds them
side by side); values are escaped by the same function Jinja's autoescape uses. Items and rows are
`panel.Item` and `panel.Row` (taken as they come: panel imports this module)."""
from __future__ import annotations

from markupsafe import escape


def _e(value) -> str:
    return str(escape(value))


def text(it) -> str:
    """The `text` macro: an item's text, identifiers kept unbroken."""
    if it.nowrap:
        return f'<span class="archive-nowrap">{_e(it.text)}</span>'
    return "".join(f'<span class="archive-id">{_e(p.text)}</span>' if p.id else _e(p.text) for p in it.parts)


def items(cell: list) -> str:
    """The `items` macro: a cell's items, linked where they have an address, separated by their `sep`."""
    out = []
    for i, it in enumerate(cell):
        if i:
            out.append(_e(it.sep))
        out.append(f'<a href="{_e(it.href)}">{text(it)}</a>' if it.href else text(it))
    return "".join(out)


def table(columns: list, lines: list) -> str:
    """The `table` macro: a scrolling table of columns and rows (a row is a list of cells)."""
    return table_of_rows(columns, [row(line) for line in lines])


def row(line: list) -> str:
    """One row of `table`, its cells' items as HTML."""
    return "<tr>" + "".join(f"<td>{items(cell)}</td>" for cell in line) + "</tr>\n"


def table_of_rows(columns: list, rows: list[str]) -> str:
    """`table` of rows already made by `row` (a register keeps its rows between builds)."""
    head = "".join(f"<th>{_e(c)}</th>" for c in columns)
    return (f'<div class="archive-scroll"><table data-search-exclude>\n<thead><tr>{head}</tr></thead>\n'
            f"<tbody>\n{''.join(rows)}</tbody>\n</table></div>\n")


def table_block(columns: list, lines: list, empty: str) -> str:
    """`templates/table.html.j2` rendered: the table, or the empty note when there are no rows."""
    return table(columns, lines) if lines else f'<p class="archive-empty">{_e(empty)}</p>\n'


_BADGE = ' <span class="archive-confidential" title="只在内部网站显示">保密</span>'


def rows(fields: list) -> str:
    """The `rows` macro: a record's fields as a definition list, nested fields as nested lists, a list of
    objects as a table (`panel.Row`)."""
    out = ['<dl class="archive-fields">']
    for row in fields:
        out.append(f"<dt>{_e(row.label)}{_BADGE if row.confidential else ''}</dt>\n<dd>")
        if row.rows:
            out.append(rows(row.rows) + "\n</dd>")
        elif row.columns:
            head = "".join(f"<th>{_e(c)}</th>" for c in row.columns)
            body = "".join("<tr>" + "".join(f"<td>{items(cell)}</td>" for cell in line) + "</tr>\n" for line in row.table)
            out.append(f'<div class="archive-scroll"><table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n'
                       f"</table></div>\n</dd>")
        else:
            out.append(items(row.items) + "</dd>")
    out.append("</dl>")
    return "\n".join(out)


def panel(fields: list) -> str:
    """`templates/panel.html.j2` rendered: the panel of a record page."""
    return f'<div class="archive-panel">\n{rows(fields)}\n</div>\n'


def crumbs(trail: list) -> str:
    """`templates/crumbs.html.j2` rendered: where a page lies (档案 › 客户 › 品牌 › …), the last item the page itself."""
    items = []
    for i, c in enumerate(trail):
        text = _e(c.text)
        if i == len(trail) - 1:
            items.append(f'<li><span aria-current="page">{text}</span></li>')
        elif c.href:
            items.append(f'<li><a href="{_e(c.href)}">{text}</a></li>')
        else:
            items.append(f"<li><span>{text}</span></li>")
    return ('<nav class="archive-crumbs" aria-label="当前位置" data-search-exclude>\n<ol>\n'
            + "\n".join(items) + "\n</ol>\n</nav>")
