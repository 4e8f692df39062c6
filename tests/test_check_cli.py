"""`python -m generators check` through the real command line: exit codes, the text and JSON
formats, PATH filtering, usage errors and help, and the golden findings of tests/golden/.

Regenerate the goldens after a deliberate change of messages: UPDATE_GOLDEN=1 pytest
tests/test_check_cli.py, then read every changed expected.json before committing it.
"""
from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import BRAND, CLIENT, JOB, job_md, run_cli

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "clients").is_dir())
# `path:line: RULE field（中文名）: [错误] message`; the field part is left out for the whole file
TEXT_LINE = re.compile(r"^(?P<path>clients/\S+):(?P<line>\d+): (?P<rule>[A-Z]+(?:-[A-Z0-9]+)+)"
                       r"(?: (?P<field>[^\s（]+)(?:（(?P<label>[^:]*)）)?)?: \[(错误|警告)\] (?P<msg>.+)$")

# One breach of each rule check runs; one run must report them all.
BREACHES = {
    "REQ-FIELDS": (JOB, job_md(**{"kind: creative": "kind: poster"})),
    "REQ-YAML": ("clients/huaxin-foods/jobs/HXF-2026-0002/job.md", job_md("HXF-2026-0002", **{"title: 冬季新品海报": "title: 12:30"})),
    "RET-PATH": ("clients/huaxin-foods/jobs/HXF-2026-0003/job.md", job_md("HXF-2026-0004")),
    "RET-UNIQUE": ("clients/huaxin-foods/jobs/HXF-2026-0001/old/job.md", job_md()),
    "RET-REF": ("clients/huaxin-foods/jobs/HXF-2026-0005/job.md", job_md("HXF-2026-0005", **{"brand: huaxin-yogurt": "brand: huaxin-milk"})),
    "RET-ATTACH": ("clients/huaxin-foods/jobs/HXF-2026-0006/job.md",
                   job_md("HXF-2026-0006", **{"third_party: false\n": "third_party: false\ndocuments:\n  job_request: job-request.pdf\n"})),
}


@pytest.mark.parametrize("case", CASES)
def test_golden(project, case, monkeypatch, capsys):
    """check --format json on each golden case equals its expected.json (messages included).

    Runs the CLI's own main() in-process (fast); the subprocess path is tested below."""
    from generators.cli import main
    src = GOLDEN / case
    shutil.copytree(src / "clients", project.root / "clients", dirs_exist_ok=True)
    inputs = {p: p.read_bytes() for p in (project.root / "clients").rglob("*") if p.is_file()}
    monkeypatch.chdir(project.root)
    code = main(["check", "--format", "json", "--no-git"])
    findings = json.loads(capsys.readouterr().out)
    expected_file = src / "expected.json"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        expected_file.write_text(json.dumps(findings, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    assert findings == expected
    assert code == (1 if any(f["level"] == "error" for f in expected) else 0)
    assert {p: p.read_bytes() for p in inputs} == inputs  # nothing rewritten, nothing lost


def test_every_golden_case_has_its_expected_file():
    assert len(CASES) >= 20
    assert all((GOLDEN / c / "expected.json").is_file() for c in CASES)


def test_clean_archive_exits_0(project):
    project.write(JOB, job_md())
    done = project.run("check")
    assert done.returncode == 0, done.stdout
    assert done.stdout.strip() == "共 0 个错误，0 个警告。"


def test_one_run_reports_every_rule(project):
    for rel, text in BREACHES.values():
        project.write(rel, text)
    code, findings = project.check_json()
    assert code == 1
    found = {(f["rule"], f["path"]) for f in findings}
    assert {(rule, rel) for rule, (rel, _text) in BREACHES.items()} <= found
    assert {f["rule"] for f in findings} == set(BREACHES)


def test_json_format(project):
    project.write(JOB, job_md(**{"kind: creative": "kind: poster"}))
    code, findings = project.check_json()
    assert code == 1
    assert findings == [{
        "path": JOB, "line": 7, "field": "kind", "rule": "REQ-FIELDS", "level": "error",
        "message": "kind（工作类型）：“poster”不在可选值里。",
        "fix": "从这些值中选一个：creative（创意）、media（媒介）、research（调研）、production（制作）、event（活动）、other（其他）",
        "link": "http://127.0.0.1:8000/rules/req-fields/", "evidence": ""}]
    assert {"path", "line", "field", "rule", "level", "message"} <= set(findings[0])


def test_text_format_has_location_rule_field_message_fix_and_link(project):
    for rel, text in BREACHES.values():
        project.write(rel, text)
    done = project.run("check")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    lines = done.stdout.splitlines()
    heads = [(i, TEXT_LINE.match(line)) for i, line in enumerate(lines) if TEXT_LINE.match(line)]
    assert {m["rule"] for _i, m in heads} == set(BREACHES)
    for i, m in heads:
        assert re.search(r"[\u4e00-\u9fff]", m["msg"]), m["msg"]
        assert lines[i + 1].startswith("    修改方法：") and re.search(r"[\u4e00-\u9fff]", lines[i + 1])
        rest = lines[i + 1:]
        link = next(x for x in rest if x.startswith("    规则说明："))
        assert link == f"    规则说明：http://127.0.0.1:8000/rules/{m['rule'].lower()}/"
    first = TEXT_LINE.match(next(x for x in lines if x.startswith(JOB + ":")))
    assert (first["line"], first["rule"], first["field"]) == ("7", "REQ-FIELDS", "kind")
    assert lines[-1] == f"共 {len(heads)} 个错误，0 个警告。有错误时不能提交，请按上面的修改方法改正后重新运行。"


def test_paths_report_only_those_files(project):
    """With PATHs only those files are reported, but references resolve against the whole archive."""
    bad = "clients/huaxin-foods/jobs/HXF-2026-0002/job.md"
    project.write(JOB, job_md())  # refers to the brand and client outside the PATH
    project.write(bad, job_md("HXF-2026-0002", **{"kind: creative": "kind: poster"}))
    code, findings = project.check_json(JOB)  # the real CLI once, the API for the variations
    assert (code, findings) == (0, [])
    from generators.rules.check import check_archive, only_paths
    _a, everything, _c = check_archive(project.root, use_git=False)
    assert {f.path for f in only_paths(everything, project.root, [bad])} == {bad}
    assert {f.path for f in only_paths(everything, project.root, ["clients/huaxin-foods/jobs"])} == {bad}  # a folder
    assert {f.path for f in only_paths(everything, project.root, ["clients/huaxin-foods/jobs/"])} == {bad}
    assert only_paths(everything, project.root, [CLIENT, BRAND]) == []
    assert only_paths(everything, project.root, ["clients/huaxin-foods/jobs/HXF-2026-000"]) == []  # not a prefix match
    code, findings = project.check_json(bad, CLIENT)
    assert code == 1 and {f["path"] for f in findings} == {bad}


def test_paths_relative_to_the_current_folder(project):
    project.write(JOB, job_md(**{"kind: creative": "kind: poster"}))
    folder = project.root / "clients" / "huaxin-foods"
    done = run_cli(folder, "check", "--format", "json", "jobs/HXF-2026-0001/job.md")
    assert done.returncode == 1
    assert [f["path"] for f in json.loads(done.stdout)] == [JOB]
    done = run_cli(folder, "check", "--format", "json", "brands")
    assert (done.returncode, json.loads(done.stdout)) == (0, [])


def test_mistyped_path_is_a_usage_error(project):
    done = project.run("check", "clients/huaxin-food")
    assert done.returncode == 2
    assert "找不到 clients/huaxin-food" in done.stderr and done.stdout == ""


def test_warnings_alone_exit_0(monkeypatch, capsys, tmp_path):
    """Warnings are shown but do not fail the check (through the API: no core rule warns)."""
    from generators.rules import check
    from generators import cli
    from generators.archive.findings import Finding
    warning = Finding(JOB, 3, "due", "JOB-OVERDUE", "warning", "进度表中“提案”已过期。", "补上完成日期。")
    monkeypatch.setattr(check, "check_archive", lambda root, as_of=None, use_git=True, snapshot=None, focus=None: (None, [warning], None))
    monkeypatch.chdir(tmp_path)
    assert cli.main(["check"]) == 0
    out = capsys.readouterr().out
    assert f"{JOB}:3: JOB-OVERDUE due: [警告] 进度表中“提案”已过期。" in out and "共 0 个错误，1 个警告。" in out
    error = Finding(JOB, 3, "due", "REQ-FIELDS", "error", "错", "改")
    monkeypatch.setattr(check, "check_archive", lambda root, as_of=None, use_git=True, snapshot=None, focus=None: (None, [warning, error], None))
    assert cli.main(["check"]) == 1


def test_as_of_sets_today(monkeypatch, tmp_path):
    from datetime import date

    from generators.rules import check
    from generators import cli
    seen = []
    monkeypatch.setattr(check, "check_archive", lambda root, as_of=None, use_git=True, snapshot=None, focus=None: (seen.append(as_of), [], None))
    monkeypatch.chdir(tmp_path)
    assert cli.main(["check", "--as-of", "2027-01-01"]) == 0
    assert seen == [date(2027, 1, 1)]


def test_today_prefers_as_of_then_archive_setting(project):
    from datetime import date

    from generators.rules.check import today
    from generators.archive.config import load_settings
    settings = load_settings(project.root)
    assert today(settings, date(2027, 1, 1)) == date(2027, 1, 1)
    assert today(settings, None) == date(2026, 11, 20)


def in_process(project, monkeypatch, capsys, args) -> tuple[int, str, str]:
    """The CLI's main() in-process (fast): its exit code, stdout and stderr."""
    from generators.cli import main
    monkeypatch.chdir(project.root)
    try:
        code = main(args)
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


USAGE_ERRORS = [
    ([], "缺少命令"),
    (["check", "--format", "xml"], "参数 --format 不能取“xml”"),
    (["check", "--as-of", "2026-02-30"], "“2026-02-30”不是日期"),
    (["check", "--bogus"], "不认识的参数：--bogus"),
    (["frobnicate"], "不能取“frobnicate”"),
    (["new", "job"], "缺少必需的参数：--client"),
    (["new", "job", "--client"], "参数 --client 后面要写一个值"),
    (["new", "poster", "--client", "huaxin-foods"], "参数 TYPE 不能取“poster”"),
    (["new", "job", "--client", "huaxin-foods", "--set", "title"], "--set 要写成 字段=值"),
    (["check", "clients/nowhere"], "找不到 clients/nowhere"),
]


@pytest.mark.parametrize("args,words", USAGE_ERRORS)
def test_usage_errors_exit_2_in_chinese(project, monkeypatch, capsys, args, words):
    code, out, err = in_process(project, monkeypatch, capsys, args)
    assert code == 2, (out, err)
    assert words in err and "用法错误" in err and out == ""
    assert "generators generators" not in err  # the --help hint names a real command


def test_usage_error_through_the_real_cli(project):
    done = project.run("check", "--format", "xml")
    assert done.returncode == 2 and done.stdout == ""
    assert "用法错误：参数 --format 不能取“xml”" in done.stderr
    assert "运行 `python -m generators check --help` 查看用法和例子。" in done.stderr


@pytest.mark.parametrize("args,examples", [
    (["--help"], ["check", "new"]),
    (["check", "--help"], ["例子", "python -m generators check clients/", "--format json", "--staged"]),
    (["new", "--help"], ["例子", "python -m generators new job --client huaxin-foods --brand huaxin-yogurt --set title="]),
])
def test_help_shows_examples(project, monkeypatch, capsys, args, examples):
    code, out, _err = in_process(project, monkeypatch, capsys, args)
    assert code == 0
    for e in examples:
        assert e in out


def test_help_through_the_real_cli(project):
    done = project.run("check", "--help")
    assert done.returncode == 0 and "例子" in done.stdout and "python -m generators check --as-of" in done.stdout


def test_root_is_found_from_a_subfolder(project):
    project.write(JOB, job_md(**{"kind: creative": "kind: poster"}))
    done = run_cli(project.root / "clients" / "huaxin-foods" / "jobs", "check", "--format", "json")
    assert done.returncode == 1 and json.loads(done.stdout)[0]["path"] == JOB
