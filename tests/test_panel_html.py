"""table_html.panel is templates/panel.html.j2 (its `rows` macro), character for character once made a
block, for every record of the sample archive and for the shapes they do not have."""
from __future__ import annotations

import pytest

from sitebuild import REPO

from generators.rules.check import check_archive
from generators.site import table_html
from generators.site.model import Site
from generators.site.panel import Item, Row, rows
from generators.site.render import block, html, Links


def _template(fields):
    return html("panel.html.j2", rows=fields, label="")


def _python(fields):
    return block(table_html.panel(fields))


@pytest.fixture(scope="module")
def site():
    archive, findings, ctx = check_archive(REPO, use_git=False)
    s = Site(archive, findings, ctx)
    s.links = Links({f"archive/{r.path}" for r in archive.records}, True)
    return s


def test_every_sample_record_panel(site):
    records = site.archive.records
    assert len(records) > 100
    for r in records:
        fields = rows(site, r, "archive/x/index.md")
        assert _python(fields) == _template(fields), r.path


ODD = [
    [],
    [Row("保密<备注>", [Item("a & b", "x?y=\"1\"&z"), Item("HXF-2026-0042 第二行\n换行", sep=" / ")], confidential=True)],
    [Row("对象", rows=[Row("子项", [Item("值")]), Row("空")])],
    [Row("表", columns=["名称", "<th>"], table=[[[Item("甲", "../a/")], []], [[Item("乙", nowrap=True)], [Item("丙")]]])],
    [Row("空表", columns=["一"], table=[])],
]


@pytest.mark.parametrize("fields", ODD)
def test_the_shapes_the_sample_lacks(fields):
    assert _python(fields) == _template(fields)
