"""The Python record table (generators/site/table_html.py) writes what the Jinja template writes."""
from markupsafe import Markup

from generators.site.lists import table
from generators.site.panel import Item
from generators.site.render import html, stash

TRICKY = [
    [[Item("HXF-2026-0042 <b>新品</b> & \"上市\" 'x'", "../jobs/HXF-2026-0042/?a=1&b=\"2\"")],
     [Item("张三", None, nowrap=True), Item("李四 & 王五", "../../dashboards/todo/li/", sep=" / ")],
     [], [Item("")]],
    [[Item("2026-11-24 10:00 至 2026-W48 与 2026-Q4 多行\n  文本\n\n第三行")], [Item(Markup("<i>已标记</i>"))],
     [Item("a", ""), Item("b", "x.md", nowrap=True)], [Item("{{ not jinja }} {% raw %}", "javascript:alert(1)")]],
]


def _template(columns, lines, empty="（暂无）"):
    return html("table.html.j2", columns=columns, lines=lines, empty=empty)


def test_table_equals_the_template_for_tricky_cells():
    columns = ["工作号 <th>", "负责", "空", "说明 & 备注"]
    assert table(columns, TRICKY) == _template(columns, TRICKY)
    assert table(columns, TRICKY[:1], "没有") == _template(columns, TRICKY[:1], "没有")


def test_empty_table_equals_the_template():
    assert table(["a"], [], "还没有 <记录> & 其他") == _template(["a"], [], "还没有 <记录> & 其他")
    assert "archive-empty" in table(["a"], [])


def test_stashed_table_equals_the_stashed_template():
    columns = ["a", "b", "c", "d"]
    mine, blocks = stash(lambda: table(columns, TRICKY))
    theirs, their_blocks = stash(lambda: _template(columns, TRICKY))
    assert mine == theirs and blocks == their_blocks and "<a href=" in blocks[0]

