"""table_html.crumbs is templates/crumbs.html.j2, character for character once made a block."""
from __future__ import annotations

import pytest

from generators.site import table_html
from generators.site.panel import Item
from generators.site.render import block, html

TRAILS = [
    [Item("档案", "../../"), Item("华信食品", "../"), Item("HXF-2026-0042 冬日暖酪")],
    [Item("档案", "../"), Item("没有链接"), Item("<script>alert(1)</script> & \"引号\"", "../x/?a=1&b=\"2\"")],
    [Item("只有一项")],
    [Item("a&b", "x\"y"), Item("最后 <i>", "不会用到")],
]


@pytest.mark.parametrize("trail", TRAILS)
def test_the_same_as_the_template(trail):
    assert block(table_html.crumbs(trail)) == html("crumbs.html.j2", crumbs=trail)
    assert "<script>" not in table_html.crumbs(trail)
