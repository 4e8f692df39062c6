"""MEM-REPLY (a reply asked for by a date) and MEM-FAX-ART (no artwork by fax)."""
from __future__ import annotations

from rules_helpers import findings, front

AS_OF = "2026-11-20"
REL = "clients/huaxin-foods/memos/2026-11-10-poster.md"


def memo(project, **fields):
    data = {"type": "memo", "client": "huaxin-foods", "kind": "memo", "date": "2026-11-10", "to": ["华信食品 市场部 何丽"],
            "from": "王芳", "subject": "海报终稿送审", **fields}
    project.write(REL, front({k: v for k, v in data.items() if v is not None}, "## 正文\n\n请审看。稍后电话确认。\n"))


def test_memo_fields(project):
    memo(project, cc=["林晓岚"], reply_by="2026-11-25")
    assert [f for f in findings(project, AS_OF) if f.path == REL] == []
    memo(project, to=None, subject=None)
    assert sorted(f.field for f in findings(project, AS_OF, "REQ-FIELDS")) == ["subject", "to"]


def test_reply_overdue_is_a_warning_until_replied(project):
    memo(project, reply_by="2026-11-18")
    found = findings(project, AS_OF, "MEM-REPLY")
    assert [(f.path, f.level, f.field) for f in found] == [(REL, "warning", "reply_by")]
    memo(project, reply_by="2026-11-18", replied_at="2026-11-19")
    assert findings(project, AS_OF, "MEM-REPLY") == []
    memo(project, reply_by="2026-11-20")  # due today: not yet late
    assert findings(project, AS_OF, "MEM-REPLY") == []


def test_artwork_by_fax(project):
    folder = project.root / "clients/huaxin-foods/memos"
    folder.mkdir(parents=True)
    (folder / "poster.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (folder / "list.txt").write_text("门店清单\n", encoding="utf-8")
    memo(project, kind="fax", files=["list.txt", "poster.pdf"])
    found = findings(project, AS_OF, "MEM-FAX-ART")
    assert [f.field for f in found] == ["files[1]"]
    memo(project, kind="fax", files=["list.txt", "poster.pdf"], artwork_reason="明早付印，正稿今晚送到")
    assert findings(project, AS_OF, "MEM-FAX-ART") == []
    memo(project, kind="memo", files=["poster.pdf"])
    assert findings(project, AS_OF, "MEM-FAX-ART") == []


def test_a_reply_asked_for_is_on_the_to_do_until_replied(project):
    """MEM-REPLY's deadline is computed once, by the rule: the to-do lists it (to chase) before it is due,
    and the check reports it with the same date once it has passed."""
    from generators.rules import todo
    from generators.rules.check import check_archive
    memo(project, reply_by="2026-11-25")
    _archive, found, ctx = check_archive(project.root, use_git=False)
    items = [d for d in todo.agenda(ctx).items if d.rule == "MEM-REPLY"]
    assert len(items) == 1 and items[0].chase and items[0].day.isoformat() == "2026-11-25"
    assert not [f for f in found if f.rule == "MEM-REPLY"]
    memo(project, reply_by="2026-11-18")
    _archive, found, ctx = check_archive(project.root, use_git=False)
    overdue = [f for f in found if f.rule == "MEM-REPLY"]
    assert len(overdue) == 1 and overdue[0].due.isoformat() == "2026-11-18"
    memo(project, reply_by="2026-11-18", replied_at="2026-11-19")
    _archive, found, ctx = check_archive(project.root, use_git=False)
    assert not [d for d in todo.agenda(ctx).items if d.rule == "MEM-REPLY"] and not [f for f in found if f.rule == "MEM-REPLY"]
