"""The pure parts of the candidate-engine measurement (generators/bench/candidates.py): the
tokenisation the SQLite candidate indexes with, its JavaScript port (the same terms on both sides),
and the reading of a built page's searchable text."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from generators.bench import candidates

SAMPLES = ["HXF-2026-0042", "hxf20260042", "HXF－2026－0042", "ＨＸＦ２０２６００４２", "合成5", "合成50",
           "冬日暖酪冬季新品电视广告", "品牌 新品 上市", "林晓岚", "王", "ab-c品牌", "v1.2_beta/x"]


def test_identifiers_are_normalised_the_same_way():
    want = ['"hxf20260042"']
    for q in ("HXF-2026-0042", "hxf20260042", "HXF－2026－0042", "ＨＸＦ２０２６００４２"):
        assert candidates.match_expression(q).split() == want, q
    # in a document the parts are terms too, so the client code alone finds the jobs
    assert candidates.tokens("HXF-2026-0042") == ["hxf20260042", "hxf", "2026", "0042"]


def test_chinese_is_bigrams_and_a_number_stays_attached():
    assert candidates.tokens("电视广告") == ["电视", "视广", "广告"]
    assert candidates.tokens("王") == ["王"]
    assert "成5" in candidates.tokens("合成5") and "成5" not in candidates.tokens("合成50")


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_browser_port_gives_the_same_terms():
    script = candidates.TOKENS_JS + f"\nconsole.log(JSON.stringify({json.dumps(SAMPLES)}.map(matchExpression)));"
    out = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == [candidates.match_expression(s) for s in SAMPLES]


def test_page_text_leaves_out_what_the_site_excludes(tmp_path):
    page = tmp_path / "index.html"
    page.write_text("""<html lang="zh"><body><nav>菜单</nav><article class="md-content__inner">
<nav class="archive-crumbs" data-search-exclude=""><ol><li>档案</li></ol></nav>
<h1>HXF-2026-0042 冬日暖酪<a class="headerlink" href="#x">¶</a></h1><p class="archive-subtitle">工作档案</p>
<p>客户<br>华信食品</p><img src="a.png"></article><footer>页脚</footer></body></html>""", encoding="utf-8")
    doc = candidates.read_page(page)
    assert doc["title"] == "HXF-2026-0042 冬日暖酪"
    assert doc["kind"] == "工作档案"
    assert doc["text"] == "工作档案 客户 华信食品"  # no crumbs, no ¶, fields apart, nothing outside <article>
