"""Record page content without MkDocs: generated blocks are kept out of Markdown and put back verbatim,
a record's text cannot name a block, and the result still passes the sanitizer."""
from __future__ import annotations

import yaml

from sitebuild import REPO

from generators.site import record_html
from generators.site.render import MARK_CLOSE, MARK_OPEN, html, safe_body, stash


def _md():
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    names, configs = [], {}
    for item in config["markdown_extensions"]:
        name, conf = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        names.append(name)
        configs[name] = conf or {}
    return record_html.renderer(names, configs)


def test_blocks_come_back_verbatim_and_headings_make_the_toc():
    text, blocks = stash(lambda: "## 检查结果\n\n" + html("links.html.j2", items=[], empty="没有问题 *不是强调*") + "\n")
    assert len(blocks) == 1 and "没有问题" not in text
    out, toc, problem = record_html.content(text, blocks, _md())
    assert problem is None and "<p>" + MARK_OPEN not in out
    assert "没有问题 *不是强调*" in out and "<em>" not in out  # the block was not read as Markdown
    assert [t["name"] for t in toc] == ["检查结果"] and f'id="{toc[0]["id"]}"' in out


def test_a_record_text_cannot_name_a_block():
    hostile = f"正文 {MARK_OPEN}0{MARK_CLOSE} <script>alert(1)</script>"
    text, blocks = stash(lambda: html("heading.html.j2", title="标题", subtitle="") + "\n\n" + safe_body(hostile))
    out, _, _ = record_html.content(text, blocks, _md())
    assert out.count("<h1>标题</h1>") == 1  # the marker in the text was dropped, not replaced by the heading
    assert "<script" not in out and "&lt;script&gt;" in out
