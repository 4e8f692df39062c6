"""History-based rules in a shallow clone (`git clone --depth 1`): the oldest fetched commit shows
every older file as newly added, which is not when it was filed. MTG-24H must say the evidence is
missing (a warning naming `git fetch --unshallow`) instead of reporting a false breach, while files
added after the cut-off are still judged; and CI checks out the full history."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import REPO, make_project
from rules_helpers import front, MEETING_BODY

from generators.rules.check import check_archive
from generators.archive.history import read_history

MEETING = "clients/huaxin-foods/meetings/2026-11-16-review.md"
LATE = "clients/huaxin-foods/meetings/2026-11-17-late.md"


def _meeting(held: str) -> str:
    return front({"type": "meeting", "client": "huaxin-foods", "title": "冬季海报讨论", "kind": "meeting",
                  "held_at": held, "attendees": {"client": ["何丽"], "agency": ["王芳"]}}, MEETING_BODY)


def _git(cwd: Path, *args: str, when: str = "2026-11-16T12:00:00+08:00") -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "王芳", "GIT_AUTHOR_EMAIL": "w@example.com", "GIT_COMMITTER_NAME": "王芳",
           "GIT_COMMITTER_EMAIL": "w@example.com", "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def origin(tmp_path):
    """A repository where the meeting report was committed 2 hours after the meeting (on time), then
    other work, then a later meeting filed 3 days late, then unrelated work a week after the first."""
    project = make_project(tmp_path / "origin")
    _git(project.root, "init", "-q", "-b", "main")
    project.write(MEETING, _meeting("2026-11-16 10:00"))
    _git(project.root, "add", ".")
    _git(project.root, "commit", "-q", "-m", "会议报告", when="2026-11-16T12:00:00+08:00")
    project.write("clients/huaxin-foods/client.md", project.read("clients/huaxin-foods/client.md") + "\n备注。\n")
    _git(project.root, "commit", "-q", "-am", "客户档案备注", when="2026-11-18T09:00:00+08:00")
    project.write(LATE, _meeting("2026-11-17 10:00"))
    _git(project.root, "add", ".")
    _git(project.root, "commit", "-q", "-m", "迟交的会议报告", when="2026-11-20T18:00:00+08:00")
    project.write("clients/huaxin-foods/client.md", project.read("clients/huaxin-foods/client.md") + "\n补充。\n")
    _git(project.root, "commit", "-q", "-am", "补充客户档案", when="2026-11-24T09:00:00+08:00")
    return project.root


def _clone(origin: Path, dest: Path, *depth: str) -> Path:
    subprocess.run(["git", "clone", "-q", *depth, f"file://{origin}", str(dest)], check=True, capture_output=True)
    return dest


def _mtg(root: Path):
    _a, found, _c = check_archive(root, as_of=None, use_git=True)
    return {(f.path, f.level): f for f in found if f.rule == "MTG-24H"}


def test_full_history_judges_both(origin, tmp_path):
    full = _clone(origin, tmp_path / "full")
    found = _mtg(full)
    assert set(found) == {(LATE, "error")}  # filed 80 hours after: a real breach
    assert read_history(full).shallow is False


def test_depth_1_says_evidence_is_missing_not_a_breach(origin, tmp_path):
    shallow = _clone(origin, tmp_path / "shallow", "--depth", "1")
    history = read_history(shallow)
    assert history.shallow and history.first_added(MEETING) is None and history.cut_off(MEETING) is not None
    found = _mtg(shallow)
    assert set(found) == {(MEETING, "warning"), (LATE, "warning")}  # not the false "sent 8 days later"
    note = found[(MEETING, "warning")]
    assert "历史不完整" in note.evidence and "git fetch --unshallow" in note.fix and "无法判断" in note.message
    assert note.line > 1 and note.field == "held_at"


def test_depth_3_still_judges_what_was_added_after_the_cut_off(origin, tmp_path):
    shallow = _clone(origin, tmp_path / "shallow3", "--depth", "3")  # cut off at "客户档案备注"
    found = _mtg(shallow)
    assert found[(LATE, "error")]  # its adding commit is in the clone: real evidence
    assert (MEETING, "warning") in found and (MEETING, "error") not in found


def test_unshallow_restores_the_judgement(origin, tmp_path):
    shallow = _clone(origin, tmp_path / "again", "--depth", "1")
    subprocess.run(["git", "fetch", "-q", "--unshallow"], cwd=shallow, check=True, capture_output=True)
    assert set(_mtg(shallow)) == {(LATE, "error")}


def test_shallow_clone_adds_no_to_do_or_calendar_deadline(origin, tmp_path):
    from generators.rules.todo import deadlines
    shallow = _clone(origin, tmp_path / "todo", "--depth", "1")
    _a, _found, ctx = check_archive(shallow, as_of=None, use_git=True)
    assert [d for d in deadlines(ctx) if d.kind in ("send", "ack")] == []


def test_ci_checks_out_the_full_history():
    """Every checkout in the workflow fetches all history (fetch-depth: 0), or MTG-24H would only warn."""
    for wf in sorted((REPO / ".github" / "workflows").glob("*.yml")):
        jobs = yaml.safe_load(wf.read_text(encoding="utf-8"))["jobs"]
        for job in jobs.values():
            for step in job.get("steps", []):
                if str(step.get("uses", "")).startswith("actions/checkout"):
                    assert (step.get("with") or {}).get("fetch-depth") == 0, (wf.name, step)
