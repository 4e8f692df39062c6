"""ISS-FLOW and ISS-RESPONSE (one Chinese working day)."""
from __future__ import annotations

from rules_helpers import findings, issue

STEPS = {"classified": "2026-11-02", "investigated": "2026-11-03", "resolved": "2026-11-05",
         "feedback": "2026-11-06", "summarized": "2026-11-09"}


def test_flow_category_required(project):
    issue(project, "2026-11-02 10:00", category=None, acknowledged_at="2026-11-02 11:00")
    found = findings(project, "2026-11-20", "ISS-FLOW")
    assert len(found) == 1 and "category" in found[0].message and found[0].level == "error"


def test_flow_closed_complaint_complete_passes(project):
    issue(project, "2026-11-02 10:00", status="closed", steps=STEPS, acknowledged_at="2026-11-02 11:00",
          root_cause="价格未与确认表核对", prevention="完稿加价格核对步骤")
    assert findings(project, "2026-11-20", "ISS-FLOW") == []


def test_flow_closed_needs_all_steps_in_order_and_cause(project):
    steps = {**STEPS, "resolved": "2026-11-01"}
    del steps["summarized"]
    issue(project, "2026-11-02 10:00", status="closed", steps=steps, acknowledged_at="2026-11-02 11:00")
    messages = " ".join(f.message for f in findings(project, "2026-11-20", "ISS-FLOW"))
    assert "早于收到问题的日期" in messages and "步骤顺序不对" in messages
    assert "summarized" in messages and "根本原因" in messages and "预防措施" in messages


def test_flow_open_issue_may_have_missing_steps(project):
    issue(project, "2026-11-02 10:00", steps={"classified": "2026-11-02"}, acknowledged_at="2026-11-02 11:00")
    assert findings(project, "2026-11-20", "ISS-FLOW") == []


def test_response_friday_to_monday(project):
    issue(project, "2026-11-20 16:00", acknowledged_at="2026-11-23 17:00")  # Fri -> Mon
    assert findings(project, "2026-11-30", "ISS-RESPONSE") == []
    issue(project, "2026-11-20 16:00", acknowledged_at="2026-11-24 09:00")
    found = findings(project, "2026-11-30", "ISS-RESPONSE")
    assert len(found) == 1 and found[0].level == "warning" and "2026-11-23" in found[0].message


def test_response_across_national_day(project):
    issue(project, "2026-09-30 17:00", acknowledged_at="2026-10-08 10:00")  # 10-01..07 holiday
    assert findings(project, "2026-10-30", "ISS-RESPONSE") == []


def test_response_make_up_saturday_counts(project):
    # received Fri 2026-10-09; Sat 10-10 is a 调休 working day, so Monday is already late
    issue(project, "2026-10-09 15:00", acknowledged_at="2026-10-12 09:00")
    found = findings(project, "2026-10-30", "ISS-RESPONSE")
    assert len(found) == 1 and "2026-10-10" in found[0].message and "调休" in found[0].evidence


def test_response_missing_after_deadline_only(project):
    issue(project, "2026-11-19 10:00")
    assert findings(project, "2026-11-20", "ISS-RESPONSE") == []
    assert len(findings(project, "2026-11-21", "ISS-RESPONSE")) == 1
