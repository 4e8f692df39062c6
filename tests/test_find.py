"""RET-FIND (generators/site/ret_find.py) and the search-box replay it uses (generators/site/search.py)
on small synthetic search indexes.

The browser test (tests/test_browser.py) checks that this replay of Material's search agrees with
the real search box on the built site; these tests pin down the pieces on hand-made indexes."""
from __future__ import annotations

import json
import re
from pathlib import Path
from generators.archive.config import Settings
from generators.archive.records import Archive, read_record
from generators.site import ret_find
from generators.site import search as find
from generators.site.built import Built

ZH = r"[\s\u200b\u3000、。，．？！；：“”（）《》]+"  # a separator without `-`: job numbers are lost
ZH_DASH = r"[\s\-\u200b\u3000、。，．？！；：“”（）《》]+"  # the site's separator (mkdocs.yml)
Z = "\u200b"  # jieba's word boundary in the index


def index(docs: list[tuple[str, str, str]], separator: str = ZH) -> find.SearchIndex:
    """A search index like Material's: (location, title, text) per entry, articles before sections."""
    return find.SearchIndex.from_json({
        "config": {"lang": ["zh", "en"], "separator": separator, "pipeline": ["stemmer"],
                   "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "tags": {"boost": 1000000.0}}},
        "docs": [{"location": loc, "title": title, "text": text} for loc, title, text in docs],
    })


def jobs(separator: str = ZH) -> find.SearchIndex:
    return index([
        ("archive/x/jobs/HXF-2026-0042/", f"HXF-2026-0042 {Z}冬日{Z}暖酪{Z}电视广告", "工作号 HXF-2026-0042"),
        ("archive/x/jobs/HXF-2026-0042/#_1", "进展记录", "<p>2026 年 10 月提案。</p>"),
        ("archive/x/jobs/HXF-2026-0018/", f"HXF-2026-0018 {Z}春日{Z}轻酪", "工作号 HXF-2026-0018"),
        ("archive/x/jobs/HXF-2026-0047/", f"HXF-2026-0047 {Z}脆谷{Z}海报", "2026 年"),
        ("archive/x/reports/2026-Q3/", f"华信{Z}食品 2026 {Z}年{Z}第三季度", "见 HXF-2026-0042"),
        ("archive/y/reports/2026-Q2/", f"兰亭 2026 {Z}年{Z}第二季度", "2026"),
        ("archive/y/reports/2026-10/", f"2026 {Z}年 10 {Z}月{Z}报告", "2026"),
        ("handbook/", "手册", "<p>电视广告</p>"),
    ], separator)


def test_tokens_follow_the_separator_and_skip_tags():
    assert find.tokens("<p>HXF-2026-0042 冬日\u200b暖酪</p>", re.compile(ZH)) == ["hxf-2026-0042", "冬日", "暖酪"]


def test_lunr_query_lexer_splits_at_hyphens_whatever_the_index_separator():
    idx = jobs()
    query = find.transform("HXF-2026-0042", idx.postings, idx.separator)
    assert query == "HXF-2026-0042* HXF-2026-0042* HXF-2026-0042*"  # Material rebuilds the part per lexeme
    clauses = find.parse(query, tuple(idx.fields))
    assert [c.term for c in clauses[:3]] == ["hxf", "2026", "0042*"]


def test_job_number_is_not_found_when_the_index_keeps_it_whole():
    idx = jobs(ZH)
    ranked = find.rank(idx, "HXF-2026-0042", "archive/x/jobs/HXF-2026-0042/")
    # only its section's "2026" matches: pages with 2026 in their title come first
    assert ranked.rank is not None and ranked.rank > 3
    assert find.results(idx, "HXF-2026-0042")[0] in {"archive/y/reports/2026-10/", "archive/y/reports/2026-Q2/"}


def test_job_number_is_found_first_when_the_index_splits_at_hyphens():
    idx = jobs(ZH_DASH)
    assert find.rank(idx, "HXF-2026-0042", "archive/x/jobs/HXF-2026-0042/").rank == 1
    assert find.results(idx, "HXF-2026-0042")[0] == "archive/x/jobs/HXF-2026-0042/"


def test_chinese_query_is_cut_into_index_words_as_material_does():
    idx = jobs()
    vocabulary = idx.postings
    # Material never lets a word end on the query's last character: "电视广告" alone stays whole,
    # and after 冬日 + 暖酪 the cut stops, so the rest of a long query is not searched at all
    assert find.segment("电视广告", vocabulary) == ["电视广告"]
    assert find.segment("冬日暖酪电视广告", vocabulary) == ["冬日", "暖酪"]
    assert find.transform("冬日暖酪", vocabulary, idx.separator) == "冬日*"  # 暖酪 ends the query: dropped
    assert find.results(idx, "暖酪")[0] == "archive/x/jobs/HXF-2026-0042/"


def test_title_match_beats_text_match_and_article_beats_section():
    idx = jobs()
    assert find.results(idx, "电视广告")[:2] == ["archive/x/jobs/HXF-2026-0042/", "handbook/"]
    two = index([("a/", "甲", "<p>报告</p>"), ("a/#_1", "报告", "x"), ("b/", "报告", "y")])
    assert find.results(two, "报告") == ["b/", "a/"]


def test_crowded_title_word_ranks_the_page_below_three_others():
    idx = index([(f"p{i}/", "周报", "") for i in range(5)])
    ranked = find.rank(idx, "周报", "p4/")
    assert ranked.rank == 5 and len(ranked.ahead) == 4  # ties count as ahead: nobody can rely on seeing it
    assert find.rank(idx, "不存在", "p4/").rank is None


def test_pruned_ranking_keeps_every_page_the_search_box_shows_first():
    """rank() skips entries that cannot catch up; it must never skip one that does."""
    idx = jobs(ZH_DASH)
    for query in ("HXF-2026-0042", "2026", "电视广告", "冬日暖酪", "华信 2026-Q3", "HXF-2026"):
        shown = find.results(idx, query)
        for pos, page in enumerate(shown):
            r = find.rank(idx, query, page)
            assert set(shown[:pos]) <= set(r.ahead), (query, page, shown, r.ahead)


def test_counting_stops_at_the_limit_and_the_message_says_so(tmp_path: Path):
    idx = index([(f"p{i:02d}/", "周报", "") for i in range(15)])
    ranked = find.rank(idx, "周报", "p14/", limit=10)
    assert ranked.capped and len(ranked.ahead) == 10 and ranked.rank == 11
    assert not find.rank(idx, "周报", "p14/", limit=20).capped
    found = ret_find.check_index(Settings(root=tmp_path), idx, {"p14/": ("clients/x/p.md", [("title", "周报")])})
    assert "排在第 10 位之后" in found[0].message and "至少 10 个页面" in found[0].message


def test_unparsable_query_finds_nothing():
    idx = jobs()
    assert find.rank(idx, "title:", "handbook/").rank is None
    assert find.results(idx, "") == []


FILES = {
    "clients/x/client.md": "---\ntype: client\nid: x\ncode: HXF\nname: 华信食品有限公司\nshort_name: 华信食品\n---\n",
    "clients/x/jobs/HXF-2026-0042/job.md": "---\ntype: job\njob_no: HXF-2026-0042\nclient: x\ntitle: 冬日暖酪\n---\n",
    "clients/x/reports/weekly/2026-W47.md": "---\ntype: weekly-status\nclient: x\nweek: 2026-W47\n---\n",
    "clients/x/reports/monthly/2026-10.md": "---\ntype: budget-report\nclient: x\nmonth: 2026-10\n---\n",
    "clients/x/meetings/2026-11-16-review.md": "---\ntype: meeting\nclient: x\ntitle: 检讨会\n---\n",
}


def archive(tmp_path: Path, files: dict[str, str] = FILES) -> Archive:
    """Real records, read from their files' bytes (missing fields do not matter to the queries)."""
    settings = Settings(root=tmp_path)
    out = Archive(settings)
    for rel, text in files.items():
        record, _ = read_record(tmp_path, rel, settings, text.encode("utf-8"))
        out.add(record)
    return out


def test_queries_are_ids_and_titles_periods_with_the_client_short_name(tmp_path: Path):
    arc = archive(tmp_path)
    q = {r.type: ret_find.queries(r, arc) for r in arc.records}
    assert q["job"] == [("job_no", "HXF-2026-0042"), ("title", "冬日暖酪")]
    assert q["weekly-status"] == [("week", "华信食品 2026-W47")]
    assert q["budget-report"] == [("month", "华信食品 2026-10")]
    assert q["client"] == [("id", "x"), ("short_name", "华信食品")]
    assert q["meeting"] == [("title", "检讨会")]


def test_check_index_warns_with_the_rule_and_the_record_path(tmp_path: Path):
    settings = Settings(root=tmp_path)
    pages = {"archive/x/jobs/HXF-2026-0042/": ("clients/x/jobs/HXF-2026-0042/job.md",
                                               [("job_no", "HXF-2026-0042"), ("title", "冬日暖酪电视广告")])}
    found = ret_find.check_index(settings, jobs(ZH), pages)
    assert [(f.rule, f.level, f.path, f.field) for f in found] == [
        ("RET-FIND", "warning", "clients/x/jobs/HXF-2026-0042/job.md", "job_no")]
    assert "HXF-2026-0042" in found[0].message and "前 3 位" in found[0].message
    assert found[0].link.endswith("/rules/ret-find/")
    assert ret_find.check_index(settings, jobs(ZH_DASH), pages) == []


def test_check_built_reads_the_site_and_skips_pages_left_out(tmp_path: Path):
    site = tmp_path / "site"
    (site / "search").mkdir(parents=True)
    (site / "search" / "search_index.json").write_text(json.dumps({
        "config": {"separator": ZH_DASH, "fields": {"title": {"boost": 1000}, "text": {"boost": 1}}},
        "docs": [{"location": "archive/x/jobs/HXF-2026-0042/", "title": "HXF-2026-0042 冬日暖酪", "text": ""}]}),
        encoding="utf-8")
    arc = archive(tmp_path, {
        "clients/x/jobs/HXF-2026-0042/job.md": "---\ntype: job\njob_no: HXF-2026-0042\nclient: x\ntitle: 不在索引里的标题\n---\n",
        "clients/x/meetings/2026-11-16-secret.md": "---\ntype: meeting\nclient: x\ntitle: 保密\n---\n"})
    records = {"archive/x/jobs/HXF-2026-0042/": "clients/x/jobs/HXF-2026-0042/job.md",
               "archive/x/meetings/2026-11-16-secret/": "clients/x/meetings/2026-11-16-secret.md"}
    built = Built(Settings(root=tmp_path), site, records, archive=arc)
    found = ret_find.check_built(built)
    assert [(f.path, f.field) for f in found] == [("clients/x/jobs/HXF-2026-0042/job.md", "title")]
    built.site_dir = tmp_path / "nothing-built"
    assert ret_find.check_built(built) == []

