"""Record page content without MkDocs: generated blocks are kept out of Markdown and put back verbatim,
a record's text cannot name a block, and the result still passes the sanitizer."""
from __future__ import annotations

import pytest
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


PAGES = [
    "## 检查结果\n\n正文 **加粗** 和 `代码`，[链接](https://example.com)\n\n- [ ] 待办\n- [x] 完成\n\n| 甲 | 乙 |\n| --- | --- |\n| 1 | 2 |\n",
    "# 标题 {#top}\n\n!!! note \"提示\"\n    注意排期\n\n术语\n:   解释\n\n脚注[^1]\n\n[^1]: 说明\n\n```python\nx = 1\n```\n",
    "    缩进的代码\n\n> 引用\n\n*斜体* _下划线_ ~~删除~~\n",
]


@pytest.mark.parametrize("text", PAGES)
def test_a_page_without_html_converts_the_same_without_the_html_block_parser(text):
    md = _md()
    assert "<" not in text and "&" not in text
    md.full.reset()
    full = md.full.convert(text), md.full.toc_tokens
    assert md.convert(text) == full
    assert "html_block" not in md.plain.preprocessors and "html_block" in md.full.preprocessors


@pytest.mark.parametrize("text", ["代码 `a&b` 与 `<i>`\n", "<div markdown=\"1\">\n\n## 小节\n\n</div>\n", "A &amp B\n"])
def test_a_page_with_html_or_entities_takes_the_full_converter(text):
    md = _md()
    md.full.reset()
    full = md.full.convert(text)
    assert md.convert(text)[0] == full


def test_the_plain_converter_would_get_html_wrong():
    md, text = _md(), "<div markdown=\"1\">\n\n## 小节\n\n</div>\n"
    md.plain.reset()
    assert 'markdown="1"' in md.plain.convert(text) and 'markdown="1"' not in md.convert(text)[0]
