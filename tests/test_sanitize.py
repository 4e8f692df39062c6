"""The sanitizer every page passes (generators.site.sanitize): the XSS corpus comes out inert on
both paths a record body can take, and the markup the site needs comes out unchanged."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown
import pytest
from xss_corpus import INERT, PAYLOADS
from xss_oracle import live

from generators.rules.activehtml import EXTENSIONS
from generators.archive.safeurl import safe_url, scheme
from generators.site.render import safe_body
from generators.site.sanitize import clean_html, clean_text, clean_title

EVERY = [(n, b) for n, b, _ in PAYLOADS] + INERT


def md(text: str) -> str:
    return markdown.Markdown(extensions=EXTENSIONS).convert(text)


def test_corpus_is_large_enough():
    assert len(PAYLOADS) >= 40


def test_the_judge_sees_the_raw_corpus_as_live():
    # Without the sanitizer most payloads are live markup: the judge below is not blind.
    raw = sum(bool(live(md(b))) for _, b, _ in PAYLOADS)
    assert raw >= 50


@pytest.mark.parametrize("name, body", EVERY, ids=[p[0] for p in EVERY])
def test_record_body_path_is_inert(name, body):
    assert live(clean_html(md(safe_body(body)))) == [], name


@pytest.mark.parametrize("name, body", EVERY, ids=[p[0] for p in EVERY])
def test_raw_markdown_path_is_inert(name, body):
    # The handbook's path, and what a body would give if safe_body missed something.
    out = clean_html(md(body))
    assert live(out) == [], (name, out)
    assert clean_html(out) == out  # stable: a second pass finds nothing more to remove


@pytest.mark.parametrize("value, expected", [
    ("javascript:alert(1)", "javascript"), ("JaVaScRiPt:x", "javascript"), ("java&#115;cript:x", "javascript"),
    ("javascript&#58;x", "javascript"), ("javascript&colon;x", "javascript"), ("&#x6A;avascript:x", "javascript"),
    ("java\nscript:x", "javascript"), ("jav\tascript:x", "javascript"), (" \x01javascript:x", "javascript"),
    ("&amp;#106;avascript:x", "javascript"), ("java\u200bscript:x", "javascript"), ("vbscript:x", "vbscript"),
    ("data:text/html,x", "data"), ("https://example.com", "https"), ("mailto:a@b.c", "mailto"),
    ("brief.txt", None), ("../jobs/HXF-2026-0042/", None), ("#fn:1", None), ("a/b:c", None), ("会议：记录.txt", None),
])
def test_scheme_is_read_after_decoding(value, expected):
    assert scheme(value) == expected
    assert safe_url(value) == (expected in (None, "http", "https", "mailto", "tel"))


SITE_MARKUP = """\
# 标题

!!! tip "找东西，先搜索"
    在任何页面按 `/` 键。

??? question "常见问题"
    答案。

| 项目 | 金额 |
|:---|---:|
| 拍摄 | 738,600 |

- [x] 已完成
- [ ] 未完成

正文[^1]，[简报](brief.txt)，[官网](https://example.com)，[邮件](mailto:a@example.com)，![图](storyboard.png)

[^1]: 脚注。

```yaml
type: job
job_no: "HXF-2026-0042"
```

<div class="grid cards" markdown>

-   __客户服务部__

    ---

    [进入 →](department/index.md)

</div>

<table data-search-exclude class="archive-findings"><tr class="archive-warning"><td><a href="../x/">x</a></td></tr></table>
<dl class="archive-fields"><dt>保密 <span class="archive-confidential" title="只在内部网站显示">保密</span></dt><dd>x</dd></dl>
"""


class _Inventory(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        self.items.append((tag, tuple(sorted((k, v or "") for k, v in attrs))))

    handle_startendtag = handle_starttag


def inventory(markup: str) -> list[tuple]:
    p = _Inventory()
    p.feed(markup)
    return p.items


def test_site_markup_passes_unchanged():
    raw = markdown.Markdown(extensions=EXTENSIONS, extension_configs={"toc": {"permalink": True},
                                                                      "pymdownx.tasklist": {"custom_checkbox": True}}
                            ).convert(SITE_MARKUP)
    assert 'class="headerlink"' in raw and "task-list-indicator" in raw and "footnote-backref" in raw
    out = clean_html(raw)
    # nh3 writes every table a <tbody>; everything else, with every class, id and attribute, is kept
    assert [i for i in inventory(out) if i[0] != "tbody"] == [i for i in inventory(raw) if i[0] != "tbody"]
    assert re.sub(r"\s+", "", clean_text(out)) == re.sub(r"\s+", "", clean_text(raw))


def test_material_ids_cannot_be_shadowed():
    assert clean_html('<div id="__config">{"search": "x.js"}</div><h2 id="__search">x</h2>') == \
        '<div>{"search": "x.js"}</div><h2>x</h2>'


def test_only_text_alignment_style_is_kept():
    table = '<table><tr><td style="text-align: right;">1</td><td style="color: red">2</td></tr></table>'
    assert clean_html(table) == '<table><tbody><tr><td style="text-align: right;">1</td><td>2</td></tr></tbody></table>'


def test_checkboxes_are_always_disabled():
    assert clean_html('<input type="text" autofocus onfocus="x()">') == '<input disabled="">'


def test_titles_are_plain_text_that_striptags_cannot_revive():
    title = clean_title("&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; <b>R&amp;D</b>")
    assert "<" not in title and "&" not in title
    assert "script" in title and "R＆D" in title
    assert clean_text("<img src=x onerror=alert(1)>标题") == "标题"


def test_too_deep_content_is_not_parsed():
    import time
    start = time.monotonic()
    out = clean_html("<div>" * 100_000 + "<img src=x onerror=alert(1)>")
    assert time.monotonic() - start < 2
    assert "嵌套超过" in out and live(out) == []


def test_feed_text_is_inert():
    from generators.archive.safeurl import inert_text
    out = inert_text("<img src=x onerror=alert(1)> [点我](JavaScript :alert(1)) data:text/html,x https://example.com")
    assert "<" not in out and not re.search(r"(?i)(javascript|data)\s*:", out)
    assert "https://example.com" in out and "点我" in out


def test_charts_pass_unchanged():
    from datetime import date

    from generators.site import charts
    chart = charts.gantt([charts.Bar("创意提案", date(2026, 10, 13), date(2026, 10, 1), "done", "按时"),
                          charts.Bar("终版确认", date(2026, 11, 26), state="client")], date(2026, 11, 20), "进度表")
    assert "<svg" in chart and "<rect" in chart
    assert inventory(clean_html(chart)) == inventory(chart)


def test_svg_keeps_no_script_or_link():
    out = clean_html('<svg onload="alert(1)"><rect fill="url(javascript:alert(1))" x="1"/>'
                     '<a href="javascript:alert(1)"><text>x</text></a><animate attributeName="href" values="javascript:x"/>'
                     '<foreignObject><img src=x onerror=alert(1)></foreignObject><use href="data:x"/></svg>')
    assert live(out) == [] and "url(" not in out and "animate" not in out and "use" not in out


def test_too_deep_is_exact_at_the_limit_and_a_long_shallow_page_is_not():
    from generators.site import sanitize
    limit = sanitize.MAX_DEPTH
    assert not sanitize.too_deep("<div>" * limit + "x" + "</div>" * limit)
    assert sanitize.too_deep("<div>" * (limit + 1) + "x" + "</div>" * (limit + 1))
    assert not sanitize.too_deep("<p>段落</p><br>" * (3 * limit))  # many tags, two levels
    assert sanitize.too_deep("<span>" * (limit + 1)) == (sanitize.depth("<span>" * (limit + 1)) > limit)
