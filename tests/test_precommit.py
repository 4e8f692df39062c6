"""The git pre-commit hook: `make hooks` enables it, and `.githooks/pre-commit` (check --staged
--no-git) blocks a commit of a bad record with the messages and lets a good one through.

Runs in a temporary git repository holding copies of the project's generators/, archive.toml,
Makefile and .githooks/, a small archive, and a link to the project's .venv (as on a laptop).
Speed is measured by `make bench`, not here.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import BRAND, BRAND_MD, CLIENT, CLIENT_MD, JOB, REPO, job_md

pytestmark = pytest.mark.skipif(shutil.which("git") is None or shutil.which("make") is None,
                                reason="needs git and make")


def git_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_AUTHOR_NAME="王芳", GIT_AUTHOR_EMAIL="wang.fang@example.com",
               GIT_COMMITTER_NAME="王芳", GIT_COMMITTER_EMAIL="wang.fang@example.com",
               PYTHONIOENCODING="utf-8", LC_ALL="C.UTF-8")
    env.pop("PYTHONPATH", None)  # the hook must use the repository's own generators/
    return env


def sh(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=repo, env=git_env(), capture_output=True, text=True, encoding="utf-8", timeout=60)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """The repository with hooks enabled and the base archive committed, built once per module."""
    root = tmp_path_factory.mktemp("precommit") / "archive"
    shutil.copytree(REPO / "generators", root / "generators", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / ".githooks", root / ".githooks")
    for name in ("archive.toml", "Makefile"):
        shutil.copy(REPO / name, root / name)
    (root / ".venv").symlink_to(REPO / ".venv")
    (root / ".gitignore").write_text(".venv\n__pycache__/\n", encoding="utf-8")
    for rel, text in ((CLIENT, CLIENT_MD), (BRAND, BRAND_MD)):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    assert sh(root, "git", "init", "-q", "-b", "main").returncode == 0
    made = sh(root, "make", "hooks")
    assert made.returncode == 0, made.stderr
    assert sh(root, "git", "config", "core.hooksPath").stdout.strip() == ".githooks"
    sh(root, "git", "add", ".gitignore", "generators", ".githooks", "archive.toml", "Makefile", "clients")
    first = sh(root, "git", "commit", "-q", "-m", "建立档案")
    assert first.returncode == 0, first.stdout + first.stderr
    return root


@pytest.fixture
def repo(template, tmp_path) -> Path:
    """A fresh copy of the template repository for one test."""
    root = tmp_path / "archive"
    shutil.copytree(template, root, symlinks=True)
    return root


def write(repo: Path, rel: str, text: str) -> None:
    (repo / rel).parent.mkdir(parents=True, exist_ok=True)
    (repo / rel).write_text(text, encoding="utf-8")


def head(repo: Path) -> str:
    return sh(repo, "git", "rev-parse", "HEAD").stdout.strip()


def test_make_hooks_points_git_at_githooks(repo):
    assert sh(repo, "git", "config", "core.hooksPath").stdout.strip() == ".githooks"
    assert os.access(repo / ".githooks" / "pre-commit", os.X_OK)


def test_bad_record_is_blocked_with_the_messages(repo):
    write(repo, JOB, job_md(**{"kind: creative": "kind: poster"}))
    before = head(repo)
    sh(repo, "git", "add", JOB)
    done = sh(repo, "git", "commit", "-m", "新工作：冬季新品海报")
    out = done.stdout + done.stderr
    assert done.returncode != 0
    assert f"{JOB}:7: REQ-FIELDS kind: [错误] kind（工作类型）：“poster”不在可选值里。" in out
    assert "修改方法：从这些值中选一个：creative（创意）" in out
    assert "提交被拦下" in out and "Traceback" not in out
    assert head(repo) == before
    assert sh(repo, "git", "diff", "--cached", "--name-only").stdout.split() == [JOB]  # still staged, nothing lost


def test_good_record_passes(repo):
    write(repo, JOB, job_md(**{"kind: creative": "kind: poster"}))
    sh(repo, "git", "add", JOB)
    assert sh(repo, "git", "commit", "-m", "新工作").returncode != 0
    write(repo, JOB, job_md())  # fixed, and added again as the hook asks
    sh(repo, "git", "add", JOB)
    done = sh(repo, "git", "commit", "-m", "新工作：冬季新品海报")
    assert done.returncode == 0, done.stdout + done.stderr
    assert sh(repo, "git", "log", "-1", "--format=%s").stdout.strip() == "新工作：冬季新品海报"
    assert sh(repo, "git", "status", "--porcelain", "--", "clients").stdout == ""


def test_references_resolve_against_the_whole_archive(repo):
    """A staged job refers to a brand committed long ago: the hook resolves it and passes."""
    write(repo, JOB, job_md())
    sh(repo, "git", "add", JOB)
    assert sh(repo, "git", "commit", "-q", "-m", "新工作").returncode == 0
    broken = "clients/huaxin-foods/jobs/HXF-2026-0002/job.md"
    write(repo, broken, job_md("HXF-2026-0002", **{"brand: huaxin-yogurt": "brand: huaxin-milk"}))
    sh(repo, "git", "add", broken)
    done = sh(repo, "git", "commit", "-m", "第二个工作")
    assert done.returncode != 0 and "RET-REF brand" in done.stdout + done.stderr


def test_only_staged_records_are_checked(repo):
    """A half-written record left unstaged does not block someone committing other work."""
    write(repo, "clients/huaxin-foods/jobs/HXF-2026-0009/job.md", "---\ntitle: 草稿\n")
    write(repo, JOB, job_md())
    sh(repo, "git", "add", JOB)
    done = sh(repo, "git", "commit", "-m", "新工作")
    assert done.returncode == 0, done.stdout + done.stderr
    write(repo, "README.md", "# 档案\n")
    sh(repo, "git", "add", "README.md")
    assert sh(repo, "git", "commit", "-q", "-m", "说明").returncode == 0


def test_check_staged_directly(repo):
    """The command the hook runs: exit 0 with nothing staged, 1 with a bad staged record."""
    python = str(repo / ".venv" / "bin" / "python")
    assert sh(repo, python, "-m", "generators", "check", "--staged", "--no-git").returncode == 0
    write(repo, JOB, job_md(**{"due: 2026-12-20": "due: 2026-02-30"}))
    sh(repo, "git", "add", JOB)
    done = sh(repo, python, "-m", "generators", "check", "--staged", "--no-git")
    assert done.returncode == 1
    assert f"{JOB}:11: REQ-FIELDS due: [错误] due（交付日期）：日期 2026-02-30 不存在" in done.stdout


def test_staged_version_is_checked_not_the_working_copy(repo):
    """A bad record staged, then fixed on disk without `git add`, still blocks: the commit would hold the bad one."""
    write(repo, JOB, job_md(**{"kind: creative": "kind: poster"}))
    sh(repo, "git", "add", JOB)
    write(repo, JOB, job_md())  # fixed in the working copy only
    done = sh(repo, "git", "commit", "-m", "新工作")
    assert done.returncode != 0
    assert f"{JOB}:7: REQ-FIELDS kind:" in done.stdout + done.stderr


def test_unstaged_attachment_does_not_count(repo):
    """An attachment on disk but not added to git would be missing from the commit: RET-ATTACH."""
    write(repo, JOB, job_md().replace("cd: 吴迪}", "cd: 吴迪, file: brief.txt}"))
    write(repo, "clients/huaxin-foods/jobs/HXF-2026-0001/brief.txt", "简报")
    sh(repo, "git", "add", JOB)
    done = sh(repo, "git", "commit", "-m", "新工作")
    assert done.returncode != 0 and "RET-ATTACH brief.file" in done.stdout + done.stderr
    sh(repo, "git", "add", "clients/huaxin-foods/jobs/HXF-2026-0001/brief.txt")
    done = sh(repo, "git", "commit", "-m", "新工作")
    assert done.returncode == 0, done.stdout + done.stderr
