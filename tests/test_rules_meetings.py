"""MTG-* rules: 24-hour sending (field or git evidence), action owners and dates, the client's
acknowledgment within 3 Chinese working days, overdue actions."""
from __future__ import annotations

import os
import subprocess
from datetime import datetime, timedelta, timezone

from rules_helpers import findings, meeting

from generators.archive.history import Change, History

AS_OF = "2026-11-20"


def test_sent_exactly_24_hours_passes(project):
    meeting(project, "2026-11-16 10:00", sent_at="2026-11-17 10:00")
    assert findings(project, AS_OF, "MTG-24H") == []


def test_sent_24_hours_and_a_minute_fails(project):
    meeting(project, "2026-11-16 10:00", sent_at="2026-11-17 10:01")
    found = findings(project, AS_OF, "MTG-24H")
    assert len(found) == 1 and found[0].level == "error" and found[0].field == "sent_at"
    assert "24 小时 1 分" in found[0].message and "sent_at" in found[0].evidence


def _history(rel: str, when: datetime) -> History:
    return History({rel: [Change("a1b2c3d4e5f60718", "王芳", when, "会议报告", "A")]})


def test_no_sent_at_uses_commit_that_added_the_file(project):
    rel = meeting(project, "2026-11-16 10:00")
    cst = timezone(timedelta(hours=8))
    on_time = _history(rel, datetime(2026, 11, 17, 9, 30, tzinfo=cst))
    assert findings(project, AS_OF, "MTG-24H", history=on_time) == []
    late = _history(rel, datetime(2026, 11, 17, 3, 0, tzinfo=timezone.utc))  # 11:00 in Shanghai
    found = findings(project, AS_OF, "MTG-24H", history=late)
    assert len(found) == 1 and "a1b2c3d4e5" in found[0].evidence and "2026-11-17 11:00" in found[0].evidence


def test_no_sent_at_and_not_committed_counts_from_today(project):
    meeting(project, "2026-11-18 10:00")
    empty = History({})
    assert findings(project, "2026-11-19", "MTG-24H", history=empty) == []  # deadline day not over yet
    found = findings(project, "2026-11-20", "MTG-24H", history=empty)
    assert len(found) == 1 and "还没有提交" in found[0].evidence


def test_no_sent_at_without_git_is_not_judged(project):
    meeting(project, "2026-11-01 10:00")
    assert findings(project, AS_OF, "MTG-24H") == []


def _git(root, *args, when="2026-11-17T09:00:00+08:00"):
    env = dict(os.environ, GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when, GIT_AUTHOR_NAME="王芳",
               GIT_AUTHOR_EMAIL="w@example.com", GIT_COMMITTER_NAME="王芳", GIT_COMMITTER_EMAIL="w@example.com")
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def test_cli_json_reports_late_meeting_with_commit_evidence(project):
    meeting(project, "2026-11-16 10:00", slug="late")
    meeting(project, "2026-11-16 15:00", slug="ontime")
    _git(project.root, "init", "-q")
    _git(project.root, "add", "clients/huaxin-foods/meetings/2026-11-16-ontime.md")
    _git(project.root, "commit", "-q", "-m", "on time", when="2026-11-17T14:00:00+08:00")
    _git(project.root, "add", ".")
    _git(project.root, "commit", "-q", "-m", "late", when="2026-11-18T09:00:00+08:00")
    code, found = project.check_json("--as-of", AS_OF)
    late = [f for f in found if f["rule"] == "MTG-24H"]
    assert code == 1
    assert [f["path"] for f in late] == ["clients/huaxin-foods/meetings/2026-11-16-late.md"]
    assert late[0]["level"] == "error" and "2026-11-18 09:00" in late[0]["evidence"]
    assert late[0]["link"].endswith("/rules/mtg-24h/")


def test_actions_need_owner_and_due(project):
    meeting(project, "2026-11-16 10:00", sent_at="2026-11-16 18:00",
            actions=[{"what": "修改海报", "owner": "王芳", "due": "2026-11-25"}, {"what": "确认价格"}])
    found = findings(project, AS_OF, "MTG-ACTIONS")
    assert [f.field for f in found] == ["actions[1]"]
    assert "确认价格" in found[0].message and "负责人" in found[0].message and "期限" in found[0].message


def test_ack_weekend(project):
    # sent Thursday 11-19: working days Fri 11-20, Mon 11-23, Tue 11-24 -> deadline 11-24
    meeting(project, "2026-11-19 10:00", sent_at="2026-11-19 17:00", acknowledged_at="2026-11-24 18:00")
    assert findings(project, "2026-11-30", "MTG-ACK") == []
    meeting(project, "2026-11-19 10:00", sent_at="2026-11-19 17:00", acknowledged_at="2026-11-25 09:00")
    found = findings(project, "2026-11-30", "MTG-ACK")
    assert len(found) == 1 and found[0].level == "warning" and "2026-11-24" in found[0].message
    assert "chinesecalendar" in found[0].evidence


def test_ack_counts_make_up_working_day(project):
    # sent Thu 2026-09-17: Fri 09-18 (1), Sun 09-20 is a 调休 working day (2), Mon 09-21 (3)
    meeting(project, "2026-09-17 10:00", sent_at="2026-09-17 16:00", acknowledged_at="2026-09-21 17:00")
    assert findings(project, "2026-10-30", "MTG-ACK") == []
    meeting(project, "2026-09-17 10:00", sent_at="2026-09-17 16:00", acknowledged_at="2026-09-22 09:00")
    assert len(findings(project, "2026-10-30", "MTG-ACK")) == 1


def test_ack_skips_holidays(project):
    # sent Thu 2026-09-24: 09-25..27 Mid-Autumn holiday; Mon 09-28, Tue 09-29, Wed 09-30 -> deadline 09-30
    meeting(project, "2026-09-24 10:00", sent_at="2026-09-24 16:00", acknowledged_at="2026-09-30 12:00")
    assert findings(project, "2026-10-30", "MTG-ACK") == []


def test_ack_missing_only_after_deadline(project):
    meeting(project, "2026-11-19 10:00", sent_at="2026-11-19 17:00")
    assert findings(project, "2026-11-24", "MTG-ACK") == []
    found = findings(project, "2026-11-25", "MTG-ACK")
    assert len(found) == 1 and "回传期限（2026-11-24）已过" in found[0].message


def test_ack_falls_back_to_weekdays_beyond_the_calendar(project):
    # 2027 is not in chinesecalendar 1.11: Mon-Fri; sent Thu 2027-01-07 -> Fri, Mon, Tue 01-12
    meeting(project, "2027-01-07 10:00", sent_at="2027-01-07 16:00", acknowledged_at="2027-01-13 09:00")
    found = findings(project, "2027-02-01", "MTG-ACK")
    assert len(found) == 1 and "2027-01-12" in found[0].message
    assert "周一至周五" in found[0].evidence and "2027" in found[0].evidence


def test_action_overdue(project):
    meeting(project, "2026-11-10 10:00", sent_at="2026-11-10 18:00", acknowledged_at="2026-11-11 10:00",
            actions=[{"what": "修改海报", "owner": "王芳", "due": "2026-11-19"},
                     {"what": "提交预估", "owner": "王芳", "due": "2026-11-18", "done": "2026-11-18"},
                     {"what": "客户确认", "owner": "何丽", "due": "2026-11-20"}])
    found = findings(project, AS_OF, "MTG-ACTION-OVERDUE")
    assert [f.field for f in found] == ["actions[0].due"] and found[0].level == "warning"
