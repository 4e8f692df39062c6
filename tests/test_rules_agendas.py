"""MTG-AGENDA: the agenda goes out at least an hour before the meeting; a meeting report's agenda is one."""
from __future__ import annotations

from rules_helpers import findings, front, meeting

AS_OF = "2026-11-20"
REL = "clients/huaxin-foods/meetings/agendas/2026-11-16-review.md"


def agenda(project, held_at="2026-11-16 10:00", **fields):
    data = {"type": "agenda", "client": "huaxin-foods", "title": "冬季新品审稿", "held_at": held_at,
            "items": [{"topic": "海报终稿", "purpose": "decide", "owner": "王芳", "minutes": 20}]}
    data.update(fields)
    project.write(REL, front({k: v for k, v in data.items() if v is not None}, "## 会前准备\n\n终稿两份。\n"))
    return REL


def test_sent_an_hour_ahead_passes(project):
    agenda(project, sent_at="2026-11-16 09:00")
    assert findings(project, AS_OF, "MTG-AGENDA") == []
    assert findings(project, AS_OF, "REQ-FIELDS") == findings(project, AS_OF, "RET-PATH") == []


def test_sent_late_is_a_warning(project):
    agenda(project, sent_at="2026-11-16 09:20")
    found = findings(project, AS_OF, "MTG-AGENDA")
    assert [(f.path, f.level, f.field) for f in found] == [(REL, "warning", "sent_at")]
    assert "只提前了 40 分钟" in found[0].message


def test_sent_after_the_start(project):
    agenda(project, sent_at="2026-11-16 10:05")
    assert "在会议开始之后" in findings(project, AS_OF, "MTG-AGENDA")[0].message


def test_not_sent_counts_once_the_meeting_has_begun(project):
    agenda(project, held_at="2026-11-24 10:00")
    assert findings(project, AS_OF, "MTG-AGENDA") == []
    agenda(project)
    found = findings(project, AS_OF, "MTG-AGENDA")
    assert [f.field for f in found] == ["held_at"] and "没有发出时间" in found[0].message


def test_an_agenda_needs_its_items(project):
    agenda(project, sent_at="2026-11-16 08:00", items=None)
    assert [f.field for f in findings(project, AS_OF, "REQ-FIELDS")] == ["items"]


def test_meeting_report_names_its_agenda(project):
    agenda(project, sent_at="2026-11-16 08:00")
    meeting(project, "2026-11-16 10:00", agenda="agendas/2026-11-16-review.md")
    assert findings(project, AS_OF, "MTG-AGENDA") == findings(project, AS_OF, "RET-ATTACH") == []
    meeting(project, "2026-11-16 10:00", agenda="agendas/2026-11-16-missing.md")
    assert [f.field for f in findings(project, AS_OF, "RET-ATTACH")] == ["agenda"]


def test_meeting_agenda_that_is_another_record(project):
    meeting(project, "2026-11-12 10:00", slug="other")
    rel = meeting(project, "2026-11-16 10:00", agenda="2026-11-12-other.md")
    found = findings(project, AS_OF, "MTG-AGENDA")
    assert [(f.path, f.field) for f in found] == [(rel, "agenda")] and "不是会议议程" in found[0].message


def test_an_agenda_not_yet_sent_is_on_the_to_do(project):
    """MTG-AGENDA's deadline (an hour before the meeting) is computed once, by the rule: the to-do lists
    an unsent agenda of a coming meeting, and drops it once `sent_at` is written."""
    from generators.rules import todo
    from generators.rules.check import check_archive
    agenda(project, held_at="2026-11-24 10:00")
    _archive, _found, ctx = check_archive(project.root, use_git=False)
    items = [d for d in todo.agenda(ctx).items if d.rule == "MTG-AGENDA"]
    assert [(d.kind, d.day.isoformat(), d.path) for d in items] == [("agenda", "2026-11-24", REL)]
    assert "09:00" in items[0].detail
    agenda(project, held_at="2026-11-24 10:00", sent_at="2026-11-23 17:00")
    _archive, _found, ctx = check_archive(project.root, use_git=False)
    assert not [d for d in todo.agenda(ctx).items if d.rule == "MTG-AGENDA"]
