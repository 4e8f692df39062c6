"""The reading layer fails closed and never crashes: anything that may have meant
`confidential: true` makes the record confidential; a confidential (or unreadable) client or
brand makes its records confidential; file names no other computer keeps are named; a file
that vanishes mid-run, or 100,000 levels of nesting, give a finding, never a traceback or signal.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata

import pytest
from conftest import BRAND, BRAND_MD, CLIENT, CLIENT_MD, JOB, cli_env, job_md

from generators.archive import records as records_mod
from generators.archive.config import load_settings
from generators.archive.records import load_archive

MEETING = "clients/huaxin-foods/meetings/2026-11-20-winter.md"
MEETING_MD = """\
---
type: meeting
client: huaxin-foods
brands:
  - huaxin-yogurt
title: 冬季新品沟通会
kind: meeting
held_at: "2026-11-20 14:30"
---

## 会议内容

讨论冬季海报。
"""


def load(project):
    return load_archive(load_settings(project.root), use_cache=False)


def by_path(archive):
    return {r.path: r for r in archive.records}


EXTRA = "third_party: false\n"
SEALED = {
    "typo": EXTRA + "confidental: true\n",
    "capital": EXTRA + "Confidential: true\n",
    "typo-even-if-false": EXTRA + "Confidental: false\n",
    "chinese": EXTRA + "保密: 是\n",
    "yes": EXTRA + "confidential: yes\n",
    "quoted-true": EXTRA + 'confidential: "true"\n',
    "one": EXTRA + "confidential: 1\n",
    "empty": EXTRA + "confidential:\n",
    "list": EXTRA + "confidential: [true]\n",
    "tagged-false": EXTRA + "confidential: !!bool false\n",
    "twice": EXTRA + "confidential: false\nconfidential: true\n",
    "nested": EXTRA + "estimate:\n  confidential: true\n",
}


@pytest.mark.parametrize("case", sorted(SEALED))
def test_anything_that_may_mean_confidential_makes_the_record_confidential(project, case):
    project.write(JOB, job_md(**{EXTRA: SEALED[case]}))
    archive = load(project)
    job = by_path(archive)[JOB]
    assert job.confidential is True
    assert [f for f in archive.findings if f.path == JOB and f.level == "error"]  # and it is an error


def test_second_front_matter_block_is_an_error_and_seals_the_record(project):
    project.write(JOB, job_md(**{"---\n\n## 工作简报": "---\n\n---\nconfidential: true\n---\n\n## 工作简报"}))
    archive = load(project)
    assert by_path(archive)[JOB].confidential is True
    (f,) = [f for f in archive.findings if f.path == JOB]
    assert (f.rule, f.line, f.level) == ("REQ-YAML", 17, "error") and "又有一组 ---" in f.message


def test_a_thematic_break_at_the_top_of_the_body_is_not_a_second_block(project):
    project.write(JOB, job_md(**{"---\n\n## 工作简报": "---\n\n---\n\n## 工作简报\n\n---\n"}))
    archive = load(project)
    assert [f for f in archive.findings if f.path == JOB] == []
    assert by_path(archive)[JOB].confidential is False


@pytest.mark.parametrize("value,expected", [("true", True), ("false", False), (None, False)])
def test_real_booleans_are_taken_as_written(project, value, expected):
    project.write(JOB, job_md(**{EXTRA: EXTRA + (f"confidential: {value}\n" if value else "")}))
    archive = load(project)
    assert by_path(archive)[JOB].confidential is expected
    assert [f for f in archive.findings if f.path == JOB] == []


def test_another_unknown_key_is_a_warning_and_does_not_seal(project):
    """The file plan lets people add keys: an unknown key that is no near miss is a warning."""
    project.write(JOB, job_md(**{EXTRA: EXTRA + "supplier: 某印刷厂\n"}))
    code, findings = project.check_json()
    assert code == 0
    (f,) = findings
    assert (f["rule"], f["level"], f["line"], f["field"]) == ("REQ-KEY-EXTRA", "warning", 14, "supplier")
    assert not by_path(load(project))[JOB].confidential


def test_near_miss_blocks_the_commit_with_did_you_mean(project):
    project.write(JOB, job_md(**{EXTRA: EXTRA + "confidental: true\n"}))
    done = project.run("check")
    assert done.returncode == 1
    assert "job.md:14: REQ-KEY-TYPO confidental: [错误] 字段名“confidental”写错了，系统不认识：您是不是要写 confidential？" in done.stdout
    assert "按保密处理" in done.stdout


def _archive_with_meeting(project, client_md=CLIENT_MD, brand_md=BRAND_MD):
    project.write(CLIENT, client_md)
    project.write(BRAND, brand_md)
    project.write(JOB, job_md())
    project.write(MEETING, MEETING_MD)
    other_client = CLIENT_MD.replace("huaxin-foods", "qingshan-auto").replace("HXF", "QSA").replace("华信食品", "青山汽车")
    project.write("clients/qingshan-auto/client.md", other_client)
    project.write("clients/qingshan-auto/jobs/QSA-2026-0001/job.md",
                  job_md("QSA-2026-0001").replace("huaxin-foods", "qingshan-auto").replace("brand: huaxin-yogurt\n", ""))
    return by_path(load(project))


def test_a_confidential_client_makes_all_its_records_confidential(project):
    got = _archive_with_meeting(project, CLIENT_MD.replace("status: prospect\n", "status: prospect\nconfidential: true\n"))
    for rel in (CLIENT, BRAND, JOB, MEETING):
        assert got[rel].confidential is True, rel
    assert got[JOB].inherited == CLIENT
    assert not any(r.confidential for rel, r in got.items() if "qingshan-auto" in rel)


def test_a_client_that_fails_closed_makes_its_records_confidential_too(project):
    got = _archive_with_meeting(project, CLIENT_MD.replace("status: prospect\n", "status: prospect\nconfidential: yes\n"))
    assert all(got[rel].confidential for rel in (CLIENT, BRAND, JOB, MEETING))


def test_records_of_an_unreadable_client_file_are_confidential(project):
    """Whether a client is confidential is unknown while its file cannot be read: fail closed."""
    got = _archive_with_meeting(project, CLIENT_MD.replace("name: 华信食品股份有限公司", 'name: "华信食品'))
    assert CLIENT not in got
    assert all(got[rel].confidential for rel in (BRAND, JOB, MEETING))
    assert not any(r.confidential for rel, r in got.items() if "qingshan-auto" in rel)


def test_a_record_filed_under_a_confidential_client_is_confidential_whatever_its_client_field(project):
    project.write(CLIENT, CLIENT_MD.replace("status: prospect\n", "status: prospect\nconfidential: true\n"))
    stray = "clients/huaxin-foods/jobs/QSA-2026-0009/job.md"
    project.write(stray, job_md("QSA-2026-0009").replace("huaxin-foods", "qingshan-auto"))
    assert by_path(load(project))[stray].confidential is True


def test_a_confidential_brand_makes_its_jobs_and_meetings_confidential(project):
    got = _archive_with_meeting(project, brand_md=BRAND_MD.replace("since: 2026-01-08\n", "since: 2026-01-08\nconfidential: true\n"))
    assert got[BRAND].confidential and got[JOB].confidential and got[MEETING].confidential
    assert not got[CLIENT].confidential


# --- file names ---------------------------------------------------------------------------------

GBK_NAME = "报价单.md".encode("gbk")


@pytest.mark.skipif(sys.platform in ("darwin", "win32"), reason="needs a file system that keeps any bytes in names")
@pytest.mark.parametrize("fmt", ["json", "text"])
def test_a_file_name_that_is_not_utf8_is_named_and_output_stays_utf8(project, fmt):
    project.write(JOB, job_md())
    folder = os.fsencode(project.root / "clients/huaxin-foods/jobs/HXF-2026-0001")
    with open(os.path.join(folder, GBK_NAME), "wb") as fh:
        fh.write(job_md().encode())
    os.mkdir(os.path.join(os.fsencode(project.root / "clients/huaxin-foods"), "资料".encode("gbk")))
    done = subprocess.run([sys.executable, "-m", "generators", "check", "--format", fmt], cwd=project.root,
                          env=cli_env(), capture_output=True, timeout=60)
    out = done.stdout.decode("utf-8")  # strict: raises if any byte is not UTF-8
    assert done.returncode == 1 and b"Traceback" not in done.stderr
    if fmt == "json":
        found = {f["path"]: f for f in json.loads(out)}
        f = found["clients/huaxin-foods/jobs/HXF-2026-0001/\\xb1\\xa8\\xbc\\xdb\\xb5\\xa5.md"]
        assert (f["rule"], f["level"]) == ("REQ-FILE", "error")
        assert "不是 UTF-8" in f["message"] and "报价单.md" in f["message"] and "报价单.md" in f["fix"]
        assert found["clients/huaxin-foods/\\xd7\\xca\\xc1\\xcf/"]["rule"] == "REQ-FILE"
    else:
        assert "REQ-FILE" in out and "“报价单.md”" in out


@pytest.mark.skipif(sys.platform in ("darwin", "win32"), reason="needs a file system that keeps any bytes in names")
def test_the_hook_names_a_staged_file_that_is_not_utf8(project):
    project.write(JOB, job_md())
    folder = os.fsencode(project.root / "clients/huaxin-foods/jobs/HXF-2026-0001")
    with open(os.path.join(folder, GBK_NAME), "wb") as fh:
        fh.write(job_md().encode())
    env = {**cli_env(), "GIT_AUTHOR_NAME": "王芳", "GIT_AUTHOR_EMAIL": "w@example.com",
           "GIT_COMMITTER_NAME": "王芳", "GIT_COMMITTER_EMAIL": "w@example.com"}
    for cmd in (["git", "init", "-q"], ["git", "add", "."]):
        subprocess.run(cmd, cwd=project.root, env=env, check=True, capture_output=True)
    done = subprocess.run([sys.executable, "-m", "generators", "check", "--staged", "--no-git", "--format", "json"],
                          cwd=project.root, env=env, capture_output=True, timeout=60)
    assert done.returncode == 1 and b"Traceback" not in done.stderr
    (f,) = json.loads(done.stdout.decode("utf-8"))
    assert (f["path"], f["rule"]) == ("clients/huaxin-foods/jobs/HXF-2026-0001/\\xb1\\xa8\\xbc\\xdb\\xb5\\xa5.md", "REQ-FILE")
    assert "“报价单.md”" in f["message"]


@pytest.mark.parametrize("twin", ["clients/huaxin-foods/jobs/HXF-2026-0001/Brief.pdf",
                                  "clients/Huaxin-foods/notes.txt",
                                  unicodedata.normalize("NFD", "clients/huaxin-foods/jobs/HXF-2026-0001/简报é.pdf")])
def test_paths_that_differ_only_in_case_or_unicode_form_are_an_error(project, twin):
    project.write(JOB, job_md())
    first = unicodedata.normalize("NFC", twin).replace("Brief", "brief").replace("Huaxin", "huaxin")
    project.write(first, "x")
    project.write(twin, "y")
    if not (project.root / first).exists() or len({p.name for p in (project.root / first).parent.iterdir()}) < 2 and "Huaxin" not in twin:
        pytest.skip("this file system folds case or Unicode form itself")
    code, findings = project.check_json()
    hits = [f for f in findings if f["rule"] == "REQ-FILE"]
    assert code == 1 and len(hits) == 1, findings
    pair = {first, twin} if "Huaxin" not in twin else {"clients/huaxin-foods", "clients/Huaxin-foods"}
    assert hits[0]["path"] in pair and all(p in hits[0]["message"] for p in pair) and "Windows 和 macOS" in hits[0]["message"]


def test_a_file_deleted_between_listing_and_reading_is_a_finding(project, monkeypatch):
    """A build or check running while someone deletes a record (git checkout, a sync client)."""
    project.write(JOB, job_md())
    real_scan = records_mod.scan

    def scan_then_delete(root, archive_dir):
        listing = real_scan(root, archive_dir)
        (project.root / JOB).unlink()
        return listing

    monkeypatch.setattr(records_mod, "scan", scan_then_delete)
    archive = load_archive(load_settings(project.root))
    (f,) = [f for f in archive.findings if f.path == JOB]
    assert (f.rule, f.level) == ("REQ-FILE", "error") and "不见了" in f.message
    assert JOB not in by_path(archive)


@pytest.mark.skipif(not hasattr(os, "symlink") or sys.platform == "win32", reason="needs symlinks")
def test_a_symlinked_record_is_not_read(project, tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text(job_md(), encoding="utf-8")
    (project.root / JOB).parent.mkdir(parents=True)
    (project.root / JOB).symlink_to(outside)
    code, findings = project.check_json()
    assert code == 1 and [(f["path"], f["rule"]) for f in findings] == [(JOB, "REQ-FILE")]
    assert "符号链接" in findings[0]["message"]


# --- 100,000 levels of nesting: check, the pre-commit hook, the build -----------------------------

DEEP = {
    "block": "---\ntype: job\nx:\n" + "- " * 100_000 + "a\n---\n",
    "flow": "---\ntype: job\nx: " + "[" * 100_000 + "]" * 100_000 + "\n---\n",
    "mapping": "---\ntype: job\nx: " + "{a: " * 100_000 + "b" + "}" * 100_000 + "\n---\n",
}


@pytest.mark.parametrize("kind", sorted(DEEP))
def test_deep_nesting_in_check_and_the_hook(project, kind):
    project.write(JOB, DEEP[kind])
    code, findings = project.check_json()
    assert code == 1 and [f["rule"] for f in findings if f["path"] == JOB] == ["REQ-YAML"]
    env = {**cli_env(), "GIT_AUTHOR_NAME": "王芳", "GIT_AUTHOR_EMAIL": "w@example.com",
           "GIT_COMMITTER_NAME": "王芳", "GIT_COMMITTER_EMAIL": "w@example.com"}
    for cmd in (["git", "init", "-q"], ["git", "add", "."]):
        subprocess.run(cmd, cwd=project.root, env=env, check=True, capture_output=True)
    done = project.run("check", "--staged", "--no-git")
    assert done.returncode == 1 and "Traceback" not in done.stderr and "REQ-YAML" in done.stdout


@pytest.mark.parametrize("loader", ["CSafeLoader", "SafeLoader"])
def test_nesting_within_the_size_limit_stops_at_the_depth_limit(loader, monkeypatch):
    """Both YAML parsers (libyaml and pure Python) read events without recursion."""
    import yaml

    from generators.archive import yamlio
    if not hasattr(yaml, loader):
        pytest.skip("PyYAML built without libyaml")
    monkeypatch.setattr(yamlio, "_Loader", getattr(yaml, loader))
    for text in ("x:\n" + "- " * 20_000 + "a\n", "x: " + "{a: " * 10_000 + "b" + "}" * 10_000 + "\n",
                 "".join(" " * i + f"k{i}:\n" for i in range(200))):
        problems = []
        assert yamlio.parse_front(text, 1, problems) is None
        assert [p.fatal for p in problems] == [True] and "嵌套太深" in problems[0].message


@pytest.mark.slow
def test_the_build_survives_hostile_files(tmp_path):
    """mkdocs build with a 100,000-level front matter, bodies nested a thousand levels deep and a file
    name that is not UTF-8: no traceback, no signal, and the deep bodies are not rendered."""
    from sitebuild import FILES, RECORDS, build, make_project
    records = dict(RECORDS)
    job = next(k for k in records if k.endswith("/job.md"))
    meeting = next(k for k in records if "/meetings/" in k)
    records[job] += "\n" + "- " * 1000 + "x\n\n" + "<div markdown>\n" * 1000
    records[meeting] += "\n" + "[" * 5000 + "x\n"
    records["clients/huaxin-foods/jobs/HXF-2026-0777/job.md"] = DEEP["block"]
    project = make_project(tmp_path / "p", records, FILES, git=False)
    if sys.platform not in ("darwin", "win32"):
        with open(os.path.join(os.fsencode(project / "clients/huaxin-foods"), GBK_NAME), "wb") as fh:
            fh.write(b"---\ntype: job\n---\n")
    result = build(project, tmp_path / "site", strict=False)
    assert result.returncode in (0, 1) and "Traceback" not in result.stdout + result.stderr, result.stderr[-3000:]
    assert (tmp_path / "site" / "archive" / "huaxin-foods" / "index.html").is_file()


@pytest.mark.skipif(sys.platform == "win32" or (hasattr(os, "geteuid") and os.geteuid() == 0), reason="root reads any file")
def test_an_unreadable_record_is_a_finding(project):
    path = project.write(JOB, job_md())
    path.chmod(0)
    try:
        code, findings = project.check_json()
    finally:
        path.chmod(0o644)
    assert code == 1 and [(f["path"], f["rule"]) for f in findings] == [(JOB, "REQ-FILE")]
    assert "没有读取它的权限" in findings[0]["message"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_named_like_a_record_does_not_hang_the_check(project):
    (project.root / JOB).parent.mkdir(parents=True)
    os.mkfifo(project.root / JOB)
    code, findings = project.check_json()
    assert code == 1 and [(f["path"], f["rule"]) for f in findings] == [(JOB, "REQ-FILE")]
    assert "不是普通文件" in findings[0]["message"]


@pytest.mark.slow
def test_the_public_build_leaves_out_records_that_failed_closed(tmp_path):
    """Downstream consumers see only `Record.confidential`: a misspelt key and a non-boolean value make
    the record's text a secret that SEC-CONFIDENTIAL looks for in every file of the public handbook, so a
    handbook page quoting it fails the build; quoting the same title of an ordinary record does not."""
    from sitebuild import FILES, HOME, RECORDS, build, make_project
    job = "clients/huaxin-foods/jobs/HXF-2025-0007/job.md"
    meeting = "clients/huaxin-foods/meetings/2026-11-16-winter-review.md"
    quote = HOME + "\n例如“开学季店头海报”这份工作。\n"

    def public(name, records):
        project = make_project(tmp_path / name, records, {**FILES, "content/index.md": quote}, git=False)
        # the fixture records carry deliberate errors, so the build is not strict: the findings are read from the log
        return build(project, tmp_path / f"{name}-site", public=True, strict=False), tmp_path / f"{name}-site"

    plain, site = public("plain", dict(RECORDS))
    assert plain.returncode == 0 and "Traceback" not in plain.stderr, plain.stderr[-3000:]
    assert not (site / "archive").exists() and "SEC-CONFIDENTIAL" not in plain.stderr
    records = dict(RECORDS)
    records[job] = records[job].replace("status: closed\n", "status: closed\nConfidential: true\n")
    records[meeting] = records[meeting].replace("kind: meeting\n", "kind: meeting\nconfidential: yes\n")
    closed, site = public("closed", records)
    assert "Traceback" not in closed.stderr
    assert "SEC-CONFIDENTIAL index.html" in closed.stderr and "开学季店头海报" not in closed.stderr
