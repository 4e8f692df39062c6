"""The command line with careless input and hostile plumbing: a PATH outside the archive is a usage
error, output cut off by `head` ends quietly, and `--format json` is valid UTF-8 JSON whatever
the terminal's encoding and whatever bytes the file names hold."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import cli_env, job_md


@pytest.mark.parametrize("path", ["/etc", "..", "../..", "content", "README.md", "clients/../content"])
def test_a_path_outside_the_archive_is_a_usage_error(project, path):
    project.write("content/index.md", "# 手册\n")
    project.write("README.md", "说明\n")
    done = project.run("check", path)
    assert done.returncode == 2 and done.stdout == ""
    assert "用法错误" in done.stderr and "不在档案里" in done.stderr and "clients/" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("path", [".", "clients", "clients/huaxin-foods", "archive.toml"])
def test_paths_in_the_archive_are_accepted(project, path):
    done = project.run("check", path)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_path_from_a_subfolder_is_accepted(project):
    done = subprocess.run([sys.executable, "-m", "generators", "check", "."], cwd=project.root / "clients",
                          env=cli_env(), capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 0, done.stderr


def _many_findings(project, n=300):
    for i in range(1, n + 1):  # each job misses its brand: one error apiece, a few hundred KiB of output
        no = f"HXF-2026-{i:04d}"
        project.write(f"clients/huaxin-foods/jobs/{no}/job.md", job_md(no, **{"brand: huaxin-yogurt": "brand: nowhere"}))


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_output_into_a_closed_pipe_ends_quietly(project, fmt):
    """`check | head -1`: the reader goes away after one line; no traceback, no signal, no complaint."""
    _many_findings(project)
    proc = subprocess.Popen([sys.executable, "-m", "generators", "check", "--no-git", "--format", fmt],
                            cwd=project.root, env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.read(200)
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8", "replace")
    code = proc.wait(timeout=60)
    assert code in (0, 1), code  # a negative code would be a signal
    assert err == ""


def test_head_in_a_real_shell_pipeline(project):
    _many_findings(project)
    done = subprocess.run("python -m generators check --no-git | head -n 1; echo \"status=${PIPESTATUS[0]}\"",
                          shell=True, executable="/bin/bash", cwd=project.root, capture_output=True, text=True,
                          encoding="utf-8", env={**cli_env(), "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"]})
    lines = done.stdout.splitlines()
    assert len(lines) == 2 and "RET-REF" in lines[0] and lines[1] == "status=1"
    assert done.stderr == ""


@pytest.mark.parametrize("encoding", ["utf-8", "gbk", "ascii", "latin-1"])
def test_json_is_utf8_whatever_the_terminal_and_the_file_names(project, encoding):
    name = b"\xba\xa3\xb1\xa8.md"  # 海报.md written by a GBK tool: not UTF-8
    folder = project.root / "clients" / "huaxin-foods" / "notes"
    folder.mkdir(parents=True)
    (folder / os.fsdecode(name)).write_bytes(b"---\ntype: job\n---\n")
    project.write("clients/huaxin-foods/jobs/HXF-2026-0001/job.md", job_md(**{"title: 冬季新品海报": "title: 冬季🎉海报"}))
    env = {**cli_env(), "PYTHONIOENCODING": encoding, "LC_ALL": "C"}
    done = subprocess.run([sys.executable, "-m", "generators", "check", "--no-git", "--format", "json"],
                          cwd=project.root, env=env, capture_output=True)
    assert b"Traceback" not in done.stderr, done.stderr.decode("utf-8", "replace")
    findings = json.loads(done.stdout.decode("utf-8"))  # strict UTF-8: raises on any stray byte
    paths = {f["path"] for f in findings}
    assert any("\\xba\\xa3\\xb1\\xa8.md" in p for p in paths), paths
    assert done.returncode == 1


@pytest.mark.parametrize("encoding", ["gbk", "ascii"])
def test_text_output_on_a_narrow_terminal_does_not_crash(project, encoding):
    folder = project.root / "clients" / "huaxin-foods" / "notes"
    folder.mkdir(parents=True)
    (folder / os.fsdecode(b"\xba\xa3.md")).write_bytes(b"---\ntype: job\n---\n")
    env = {**cli_env(), "PYTHONIOENCODING": encoding}
    done = subprocess.run([sys.executable, "-m", "generators", "check", "--no-git"], cwd=project.root, env=env,
                          capture_output=True)
    assert done.returncode == 1 and b"Traceback" not in done.stderr
    assert b"\\xba\\xa3.md" in done.stdout


def test_an_internal_error_is_one_chinese_line_and_a_saved_traceback(project, monkeypatch, capsys):
    """A bug of ours (injected here: no input is known to cause one) is not shown as a traceback."""
    import generators.rules.check
    from generators.cli import main

    def broken(*args, **kwargs):
        raise RuntimeError("测试注入的故障")
    monkeypatch.setattr(generators.rules.check, "check_archive", broken)
    monkeypatch.chdir(project.root)
    monkeypatch.delenv("ARCHIVE_DEBUG", raising=False)
    assert main(["check"]) == 3
    err = capsys.readouterr().err
    assert "程序内部出错（不是档案写错了）：RuntimeError: 测试注入的故障" in err and "build/last-error.txt" in err
    saved = (project.root / "build" / "last-error.txt").read_text(encoding="utf-8")
    assert "Traceback" in saved and "测试注入的故障" in saved
    monkeypatch.setenv("ARCHIVE_DEBUG", "1")
    with pytest.raises(RuntimeError):
        main(["check"])
