"""Inputs that used to stop the build: dates at the calendar's edges (9999-12-31, 0001-01-01) in
action items, schedule steps, estimates and meetings; records without `client:` that have open
action items; files deleted while the site builds. The to-do lists, the calendar feeds, working-day
arithmetic and the rules all carry on, and `mkdocs serve` serves. (A handbook page that is not UTF-8
is named too.)"""
from __future__ import annotations

import socket
from contextlib import contextmanager
import subprocess
import sys
import time
import urllib.request
from datetime import date, datetime, timedelta

import pytest
import yaml
from icalendar import Calendar
from rules_helpers import MEETING_BODY, activate, front, job, meeting, run

from generators.site import dashboards
from generators.archive import workdays
from generators.rules.todo import agenda

EDGES = ["9999-12-31", "9999-12-30", "0001-01-01", "0001-01-02"]


def _edge_records(project):
    activate(project)
    for i, d in enumerate(EDGES):
        meeting(project, f"{d} 23:30", slug=f"m{i}", sent_at=f"{d} 23:50", title=f"边界会议{i}",
                actions=[{"what": f"边界事项{i}", "owner": "王芳", "due": d}])
        meeting(project, f"{d} 09:00", slug=f"u{i}", title=f"未发会议{i}")  # no sent_at: a "send" deadline
        job(project, f"HXF-2026-{i + 1:04d}", status="estimate", due=d, opened=d, title=f"边界工作{i}",
            schedule=[{"step": f"边界步骤{i}", "due": d, "audience": "client"}],
            estimate={"amount": 1, "submitted": d, "am_approved": d})


def _feeds(ctx, found):
    return {p.uri: Calendar.from_ical(p.content) for p in dashboards.pages(ctx, found) if p.uri.endswith(".ics")}


def test_edge_dates_reach_the_calendar_and_to_do(project):
    _edge_records(project)
    found, ctx = run(project, "2026-11-20")
    assert [f.message for f in found if "运行出错" in f.message] == []  # no rule crashed
    todo = agenda(ctx)
    later = {d.summary for d in todo.later}
    assert {"边界事项0", "HXF-2026-0001 边界步骤0"} <= later  # due 9999-12-31: after the to-do window
    cal = _feeds(ctx, found)["calendar/all.ics"]
    events = {str(e["summary"]): e for e in cal.walk("VEVENT")}
    first = events["【行动事项】边界事项2"]  # due 0001-01-01: long overdue, in the feed
    assert first.decoded("dtstart") == date(1, 1, 1) and first.decoded("dtend") == date(1, 1, 2)
    pages = {p.uri: p.content for p in dashboards.pages(ctx, found)}
    assert "0001-01-01" in pages["dashboards/todo/wang-fang.md"]


def test_workdays_at_the_calendar_edges():
    assert workdays.add_workdays(date.max, 3) == date.max
    assert workdays.add_workdays(date.max - timedelta(days=1), 5) == date.max
    assert workdays.deadline(datetime(9999, 12, 31, 23, 0), 3) == datetime(9999, 12, 31, 23, 59, 59)
    assert workdays.workdays_in(date.max - timedelta(days=2), date.max)[-1] == date.max  # 9999-12-31 is a Friday
    assert workdays.last_workday(date.min, date.min) == date.min  # 0001-01-01 is a Monday
    assert workdays.last_workday(date(1, 1, 6), date(1, 1, 7)) is None  # a weekend at the start of time
    text = workdays.evidence(date.min, date.max)
    assert "没有 1–2003、2027–9999 年" in text or ("1–" in text and "–9999" in text)
    assert len(text) < 200  # ranges, not ten thousand years one by one
    assert workdays.years([2001, 2002, 2003, 2005, 2007, 2008]) == "2001–2003、2005、2007、2008"


def _without_client(project, rel, what="无客户事项", due="2026-11-18"):
    project.write(rel, front({"type": "meeting", "title": "无客户会议", "kind": "meeting", "held_at": "2026-11-18 10:00",
                              "attendees": {"client": ["何丽"], "agency": ["王芳"]},
                              "actions": [{"what": what, "owner": "王芳", "due": due}]}, MEETING_BODY))


def test_records_without_client_with_open_actions(project):
    """Same due day as a client's own action: sorting must not compare a client id with nothing."""
    activate(project)
    meeting(project, "2026-11-16 10:00", sent_at="2026-11-16 12:00",
            actions=[{"what": "有客户事项", "owner": "王芳", "due": "2026-11-18"}])
    _without_client(project, "clients/huaxin-foods/meetings/2026-11-18-noclient.md", "文件夹里的事项")
    _without_client(project, "clients/nobody/meetings/2026-11-18-x.md", "不存在客户的事项")
    _without_client(project, "clients/stray.md", "放错位置的事项")
    project.write("clients/huaxin-foods/jobs/HXF-2026-0009/job.md", front({
        "type": "job", "job_no": "HXF-2026-0009", "title": "无客户工作", "kind": "creative", "ae": "王芳", "am": "林晓岚",
        "opened": "2026-11-01", "due": "2026-11-18", "status": "brief",
        "schedule": [{"step": "无客户步骤", "due": "2026-11-18", "audience": "client"}],
        "estimate": {"amount": 1, "submitted": "2026-11-10"}}))
    found, ctx = run(project, "2026-11-20")
    assert any(f.rule == "REQ-FIELDS" and f.field == "client" for f in found)  # still reported
    assert [f.message for f in found if "运行出错" in f.message] == []
    items = {d.summary for d in agenda(ctx).items}
    assert {"有客户事项", "文件夹里的事项", "不存在客户的事项", "放错位置的事项"} <= items
    pages = {p.uri: p.content for p in dashboards.pages(ctx, found)}
    mine = pages["dashboards/todo/wang-fang.md"]
    assert "文件夹里的事项" in mine and "放错位置的事项" in mine


# --- through MkDocs ------------------------------------------------------------------------------

def _site_project(tmp_path, extra_hook: str | None = None):
    from sitebuild import FILES, RECORDS, make_project
    records = dict(RECORDS)
    for i, d in enumerate(EDGES[:3]):
        records[f"clients/huaxin-foods/meetings/{d}-m{i}.md"] = front({
            "type": "meeting", "client": "huaxin-foods", "title": f"边界会议{i}", "kind": "meeting",
            "held_at": f"{d} 23:30", "sent_at": f"{d} 23:50", "attendees": {"client": ["何丽"], "agency": ["王芳"]},
            "actions": [{"what": f"边界事项{i}", "owner": "王芳", "due": d}]}, MEETING_BODY)
    records["clients/huaxin-foods/meetings/2026-11-18-noclient.md"] = front({
        "type": "meeting", "title": "无客户会议", "kind": "meeting", "held_at": "2026-11-18 10:00",
        "attendees": {"client": ["何丽"], "agency": ["王芳"]},
        "actions": [{"what": "无客户事项", "owner": "王芳", "due": "2026-11-26"}]}, MEETING_BODY)
    project = make_project(tmp_path / "p", records, FILES)
    if extra_hook:
        (project / "hooks" / "zz_test.py").write_text(extra_hook, encoding="utf-8")
        config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
        config["hooks"] = [*config["hooks"], "hooks/zz_test.py"]
        (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return project


@pytest.mark.slow
def test_build_with_edge_dates_and_records_without_client(tmp_path):
    from sitebuild import build
    project = _site_project(tmp_path)
    done = build(project, tmp_path / "site", strict=False)
    log = done.stdout + done.stderr
    assert done.returncode == 0 and "Traceback" not in log, log[-3000:]
    cal = Calendar.from_ical((tmp_path / "site" / "calendar" / "all.ics").read_bytes())
    days = {str(e["summary"]): e.decoded("dtstart") for e in cal.walk("VEVENT")}
    assert days["【行动事项】边界事项2"] == date.min  # 9999-12-31 lies beyond the to-do window
    assert days["【行动事项】无客户事项"] == date(2026, 11, 26)


DELETER = '''
import os
from pathlib import Path


def on_files(files, config):
    """Runs after hooks/site.py generated the site: a colleague deletes files mid-build."""
    root = Path(config.config_file_path).parent
    os.remove(root / "clients/huaxin-foods/jobs/HXF-2026-0042/brief.txt")
    os.remove(root / "clients/huaxin-foods/meetings/2026-11-18-noclient.md")
    os.remove(root / "content/index.md")
    return files
'''


@pytest.mark.slow
@pytest.mark.parametrize("strict", [False, True])
def test_files_deleted_during_the_build(tmp_path, strict):
    from sitebuild import build
    project = _site_project(tmp_path, DELETER)
    (project / "content" / "gbk.md").write_bytes("# 旧手册页\n\n用 GBK 保存的。\n".encode("gbk"))  # not deleted, but unreadable
    done = build(project, tmp_path / "site", strict=strict)
    log = done.stdout + done.stderr
    assert "Traceback" not in log, log[-4000:]
    assert "附件" in log and "brief.txt 在构建过程中被删除或移走" in log
    assert "手册页面 index.md 在构建过程中被删除或移走" in log
    assert "手册页面 gbk.md 不是 UTF-8 文字" in log
    assert done.returncode == (1 if strict else 0)
    if not strict:
        assert (tmp_path / "site" / "index.html").is_file()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def _serving(project, livereload: bool):
    """`mkdocs serve` of `project` on a free port: yields its base URL; afterwards, its log had no traceback."""
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload" if livereload else "--no-livereload",
                             "-a", f"127.0.0.1:{port}"], cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        yield f"http://127.0.0.1:{port}", proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    log = proc.stdout.read().decode("utf-8", "replace")
    assert "Traceback" not in log and "ERROR" not in log, log[-3000:]


@pytest.mark.slow
def test_serve_serves_an_archive_with_a_record_without_client(tmp_path):
    project = _site_project(tmp_path)
    with _serving(project, livereload=False) as (base, proc):
        deadline = time.monotonic() + 180
        body = ""
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"{base}/dashboards/", timeout=5) as resp:
                    body = resp.read().decode("utf-8")
                    break
            except OSError:
                time.sleep(1)
        assert proc.poll() is None, "mkdocs serve stopped"
        assert "看板" in body or "dashboards" in body


def _get(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.read()
    except OSError:
        return None


@pytest.mark.slow
def test_serve_has_search_files_with_its_first_build_and_after_a_rebuild(tmp_path):
    """The first build is served with its search files; a rebuild is shown first and its search files
    follow on a thread (generators/site/background.py): they carry the edit a moment later."""
    from sitebuild import C, JOB
    project = _site_project(tmp_path)
    with _serving(project, livereload=True) as (base, proc):
        deadline = time.monotonic() + 180
        page = None
        while time.monotonic() < deadline and proc.poll() is None and page is None:
            page = _get(f"{base}/archive/huaxin-foods/jobs/{JOB}/")
            time.sleep(0.5)
        assert page is not None, "mkdocs serve did not serve the job page"
        first = _get(f"{base}/search/manifest.json")
        assert first is not None and b'"docs"' in first  # there with the first build, not after it
        path = project / C / "jobs" / JOB / "job.md"
        path.write_text(path.read_text(encoding="utf-8") + "\n\n独一无二的后台索引词汇\n", encoding="utf-8")
        deadline = time.monotonic() + 120
        later = first
        while time.monotonic() < deadline and later == first:
            time.sleep(0.5)
            later = _get(f"{base}/search/manifest.json") or first
        assert later != first, "the rebuild's search files never came"
