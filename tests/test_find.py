"""RET-FIND (generators/site/ret_find.py) with the site's own search engine (generators/site/searchengine.py)
on small hand-made indexes of real-looking documents. The browser test (tests/test_browser.py) checks that
the search box in Chromium ranks the sample site as this engine does."""
from __future__ import annotations

from pathlib import Path

from generators.archive.config import Settings
from generators.archive.records import Archive, read_record
from generators.site import ret_find, searchengine, searchindex
from generators.site.built import Built
from generators.site.searchindex import SearchDoc

JOB = "archive/x/jobs/HXF-2026-0042/"


def doc(url: str, title: str, body: str = "", ident: str = "", type_key: str = "job") -> SearchDoc:
    return SearchDoc(url=url, title=title, kind="工作档案", type_key=type_key,
                     fields={"id": ident, "title": title, "body": body})


def jobs(crowded: int = 0) -> searchindex.Index:
    """The handbook, a job, its neighbours, reports naming it in their text, and `crowded` pages whose
    titles hold the job's title words."""
    docs = [doc("handbook/", "手册", "电视广告 HXF-2026-0042 的写法", type_key="handbook")]
    docs += [doc(f"archive/x/meetings/m{i}/", f"冬日暖酪电视广告 第 {i} 次会议") for i in range(crowded)]
    docs += [doc(JOB, "HXF-2026-0042 冬日暖酪电视广告", "工作号 HXF-2026-0042", "HXF-2026-0042"),
             doc("archive/x/jobs/HXF-2026-0018/", "HXF-2026-0018 春日轻酪", "", "HXF-2026-0018"),
             doc("archive/x/reports/2026-Q3/", "华信食品 2026 年第三季度", "见 HXF-2026-0042 冬日暖酪")]
    return searchindex.build_index(docs)


def test_job_number_in_any_spelling_finds_the_job_first():
    idx = jobs()
    for q in ("HXF-2026-0042", "hxf20260042", "ＨＸＦ－２０２６－００４２", "HXF 2026 0042"):
        assert searchengine.ranked_urls(idx, q)[0] == JOB, q


def test_a_job_number_typed_key_by_key_finds_the_job_at_every_keystroke():
    idx = jobs()
    typed = "HXF-2026-0042"
    for n in range(2, len(typed) + 1):
        assert JOB in searchengine.ranked_urls(idx, typed[:n], limit=3), typed[:n]


def test_title_match_beats_text_match():
    assert searchengine.ranked_urls(jobs(), "冬日暖酪")[:2] == [JOB, "archive/x/reports/2026-Q3/"]


def test_crowded_title_words_push_the_record_below_three():
    r = searchengine.rank_of(jobs(crowded=5), "冬日暖酪电视广告", JOB)
    assert r.rank is not None and r.rank > 3 and len(r.ahead) == r.rank - 1


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
    pages = {JOB: ("clients/x/jobs/HXF-2026-0042/job.md",
                   [("job_no", "HXF-2026-0042"), ("title", "冬日暖酪电视广告")])}
    found = ret_find.check_index(settings, jobs(crowded=5), pages)
    assert [(f.rule, f.level, f.path, f.field) for f in found] == [
        ("RET-FIND", "warning", "clients/x/jobs/HXF-2026-0042/job.md", "title")]
    assert "冬日暖酪电视广告" in found[0].message and "要求前 3 位" in found[0].message
    assert found[0].link.endswith("/rules/ret-find/")
    assert ret_find.check_index(settings, jobs(), pages) == []


def test_an_id_query_must_put_the_record_first(tmp_path: Path):
    """Another job whose id field holds the number (a copy-paste) comes first: RET-FIND says so."""
    idx = searchindex.build_index([doc("archive/x/jobs/copy/", "HXF-2026-0042 冬日暖酪电视广告", "", "HXF-2026-0042"),
                                   doc(JOB, "HXF-2026-0042 冬日暖酪电视广告", "", "HXF-2026-0042")])
    found = ret_find.check_index(Settings(root=tmp_path), idx, {JOB: ("clients/x/jobs/HXF-2026-0042/job.md",
                                                                      [("job_no", "HXF-2026-0042")])})
    assert len(found) == 1 and "要求第 1 位" in found[0].message and "/archive/x/jobs/copy/" in found[0].message


def test_check_built_reads_the_written_site_index(tmp_path: Path):
    site = tmp_path / "site"
    written = searchindex.build_index([doc(JOB, "HXF-2026-0042 冬日暖酪", "", "HXF-2026-0042")])
    searchindex.write(written, site / "search", {"job": "工作档案"}, {})
    arc = archive(tmp_path, {
        "clients/x/jobs/HXF-2026-0042/job.md": "---\ntype: job\njob_no: HXF-2026-0042\nclient: x\ntitle: 不在索引里的标题\n---\n"})
    records = {JOB: "clients/x/jobs/HXF-2026-0042/job.md"}
    built = Built(Settings(root=tmp_path), site, records, archive=arc)
    found = ret_find.check_built(built)
    assert [(f.path, f.field) for f in found] == [("clients/x/jobs/HXF-2026-0042/job.md", "title")]
    # the build log's line on its cost, in the form `make bench` reads it back
    from generators.bench.__main__ import FIND_IN_LOG
    line = ret_find.summary()
    assert line.startswith("RET-FIND 用时 ") and "按 2 个查询" in line
    assert float(FIND_IN_LOG.search(f"INFO    -  {line}").group(1)) == round(ret_find.LAST["seconds"], 2)
    built.site_dir = tmp_path / "nothing-built"
    assert ret_find.check_built(built) == []


def _pages():
    return {JOB: ("clients/x/jobs/HXF-2026-0042/job.md", [("job_no", "HXF-2026-0042"), ("title", "冬日暖酪电视广告")]),
            "archive/x/jobs/HXF-2026-0018/": ("clients/x/jobs/HXF-2026-0018/job.md",
                                              [("job_no", "HXF-2026-0018"), ("title", "春日轻酪")]),
            "archive/x/reports/2026-Q3/": ("clients/x/reports/2026-Q3.md", [("title", "华信食品 2026 年第三季度")])}


def _docs(report_body: str, crowded: int = 5):
    docs = [doc(f"archive/x/meetings/m{i}/", f"冬日暖酪电视广告 第 {i} 次会议") for i in range(crowded)]
    return docs + [doc(JOB, "HXF-2026-0042 冬日暖酪电视广告", "工作号 HXF-2026-0042", "HXF-2026-0042"),
                   doc("archive/x/jobs/HXF-2026-0018/", "HXF-2026-0018 春日轻酪", "", "HXF-2026-0018"),
                   doc("archive/x/reports/2026-Q3/", "华信食品 2026 年第三季度", report_body)]


def _changed_queries(old, new, pages):
    from generators.site import searchtext
    out = set()
    for page, (_, asks) in pages.items():
        for _, query in asks:
            terms = [t["term"] for t in searchtext.query_terms(query)]
            if any(old.postings.get(t) != new.postings.get(t) for t in terms):
                out.add((page, query))
    return out


def test_kept_answers_are_searched_again_exactly_when_their_terms_change(tmp_path: Path):
    from generators.site.ret_find_cache import Answers
    settings, pages = Settings(root=tmp_path), _pages()
    asked = sum(len(a) for _, a in pages.values())

    def run(index):
        answers = Answers(tmp_path, index)
        found = ret_find.check_index(settings, index, pages, answers=answers)
        answers.save()
        assert found == ret_find.check_index(settings, index, pages)  # the same findings as without the file
        return found, answers.searched

    first = searchindex.build_index(_docs("见 HXF-2026-0042 冬日暖酪"))
    found, searched = run(first)
    assert searched == asked and [f.field for f in found] == ["title"]  # no file yet: every query searched
    assert run(first)[1] == 0  # nothing changed: no query searched
    # one record's text edited: the queries whose terms it holds, and only those
    edited = searchindex.build_index(_docs("见 HXF-2026-0042 冬日暖酪，另附春日轻酪的排期"))
    changed = _changed_queries(first, edited, pages)
    assert 0 < len(changed) < asked
    assert run(edited)[1] == len(changed)
    # documents removed before the others renumber them: every query again, and the job's title, no
    # longer crowded out of the first three, is not reported from the kept answer
    fewer = searchindex.build_index(_docs("见 HXF-2026-0042 冬日暖酪，另附春日轻酪的排期", crowded=1))
    found, searched = run(fewer)
    assert searched == asked and found == []


def test_kept_answers_are_not_read_from_a_build_folder_that_came_with_the_repository(tmp_path: Path):
    import subprocess
    from generators.archive import buildcache
    from generators.site.ret_find_cache import Answers
    index = searchindex.build_index(_docs("见 HXF-2026-0042 冬日暖酪"))
    answers = Answers(tmp_path, index)
    ret_find.check_index(Settings(root=tmp_path), index, _pages(), answers=answers)
    answers.save()
    assert Answers(tmp_path, index)._old  # our own file is read back
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com", "PATH": "/usr/bin:/bin"}
    for cmd in (["git", "init", "-q"], ["git", "add", "-f", "build"], ["git", "commit", "-qm", "x"]):
        subprocess.run(cmd, cwd=tmp_path, check=True, capture_output=True, env=env)
    buildcache.reset()
    try:
        assert Answers(tmp_path, index)._old == {}  # a committed file could hide warnings: never read
    finally:
        buildcache.reset()
