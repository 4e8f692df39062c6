"""JOB-* rules: brief, schedule, estimate (and its wait), overdue steps, closing the job bag."""
from __future__ import annotations

from rules_helpers import BRIEF, SCHEDULE, findings, job

AS_OF = "2026-11-20"


def test_brief_required_past_brief(project):
    job(project, status="concept", schedule=SCHEDULE)
    found = findings(project, AS_OF, "JOB-BRIEF")
    assert len(found) == 1 and found[0].level == "error"
    assert "草图" in found[0].message and "客户总监签字 ad" in found[0].message


def test_brief_not_required_at_brief_stage_or_cancelled(project):
    job(project, status="brief")
    job(project, "HXF-2026-0002", status="cancelled")
    assert findings(project, AS_OF, "JOB-BRIEF") == []


def test_brief_signed_passes_and_wrong_signer_flagged(project):
    job(project, status="concept", brief=BRIEF, schedule=SCHEDULE)
    assert findings(project, AS_OF, "JOB-BRIEF") == []
    job(project, "HXF-2026-0002", status="concept", brief={**BRIEF, "cd": "王芳"}, schedule=SCHEDULE)
    found = findings(project, AS_OF, "JOB-BRIEF")
    assert [f.field for f in found] == ["brief.cd"] and "不是 CD" in found[0].message


def test_schedule_required_with_client_steps(project):
    job(project, status="concept", brief=BRIEF)
    job(project, "HXF-2026-0002", status="artwork", brief=BRIEF,
        schedule=[{"step": "内部审稿", "due": "2026-11-01", "done": "2026-11-01", "audience": "internal"}])
    job(project, "HXF-2026-0003", status="concept", brief=BRIEF, schedule=SCHEDULE)
    found = {f.path.split("/")[3]: f for f in findings(project, AS_OF, "JOB-SCHEDULE")}
    assert set(found) == {"HXF-2026-0001", "HXF-2026-0002"}
    assert "没有工作进度表" in found["HXF-2026-0001"].message
    assert "对客" in found["HXF-2026-0002"].message


ESTIMATE = {"amount": 60000, "submitted": "2026-10-28", "am_approved": "2026-10-27", "client_signed": "2026-11-02"}


def test_estimate_required_in_production(project):
    job(project, status="production", brief=BRIEF, schedule=SCHEDULE)
    found = findings(project, AS_OF, "JOB-ESTIMATE")
    assert len(found) == 1 and "client_signed" in found[0].message and found[0].level == "error"


def test_estimate_third_party_from_artwork_only(project):
    job(project, status="estimate", third_party=True, brief=BRIEF, schedule=SCHEDULE)
    assert findings(project, AS_OF, "JOB-ESTIMATE") == []
    job(project, "HXF-2026-0002", status="artwork", third_party=True, brief=BRIEF, schedule=SCHEDULE)
    assert [f.path.split("/")[3] for f in findings(project, AS_OF, "JOB-ESTIMATE")] == ["HXF-2026-0002"]


def test_estimate_signed_on_production_day_passes_one_day_late_fails(project):
    steps = [{"step": "制作前会议 PPM", "due": "2026-11-05", "done": "2026-11-05", "audience": "client"},
             {"step": "拍摄", "due": "2026-11-12", "done": "2026-11-13", "audience": "internal"}]
    job(project, status="production", brief=BRIEF, schedule=steps, estimate={**ESTIMATE, "client_signed": "2026-11-13"})
    assert findings(project, AS_OF, "JOB-ESTIMATE") == []  # the PPM is not production; shooting was done 11-13
    job(project, status="production", brief=BRIEF, schedule=steps, estimate={**ESTIMATE, "client_signed": "2026-11-14"})
    found = findings(project, AS_OF, "JOB-ESTIMATE")
    assert len(found) == 1 and found[0].field == "estimate.client_signed"
    assert "拍摄" in found[0].evidence and "2026-11-13" in found[0].message


def test_estimate_without_production_step_bounded_by_closed_on(project):
    steps = [{"step": "结果汇报", "due": "2026-10-01", "done": "2026-10-01", "audience": "client"}]
    docs = {"job_request": "a.txt", "completion_form": "b.txt", "production_invoice": "c.txt"}
    for name in docs.values():
        project.write(f"clients/huaxin-foods/jobs/HXF-2026-0001/{name}", "x")
    job(project, status="closed", brief=BRIEF, schedule=steps, documents=docs, closed_on="2026-10-10",
        estimate={**ESTIMATE, "submitted": "2026-10-01", "am_approved": "2026-10-01", "client_signed": "2026-10-12"})
    found = findings(project, AS_OF, "JOB-ESTIMATE")
    assert len(found) == 1 and "closed_on" in found[0].evidence


def test_estimate_wait_exactly_seven_days_passes_eight_warns(project):
    job(project, status="estimate", brief=BRIEF, schedule=SCHEDULE, estimate={"amount": 1000, "submitted": "2026-11-13"})
    assert findings(project, "2026-11-20", "JOB-ESTIMATE-WAIT") == []
    found = findings(project, "2026-11-21", "JOB-ESTIMATE-WAIT")
    assert len(found) == 1 and found[0].level == "warning" and "8 天" in found[0].message


def test_estimate_wait_late_signature_on_open_job(project):
    job(project, status="artwork", brief=BRIEF, schedule=SCHEDULE,
        estimate={"amount": 1000, "submitted": "2026-10-01", "am_approved": "2026-10-01", "client_signed": "2026-10-12"})
    assert len(findings(project, AS_OF, "JOB-ESTIMATE-WAIT")) == 1


def test_overdue_step_warns_unless_done_or_flagged(project):
    steps = [{"step": "完稿确认", "due": "2026-11-19", "audience": "client"},
             {"step": "印刷", "due": "2026-11-20", "audience": "internal"}]
    job(project, status="artwork", brief=BRIEF, schedule=steps)
    found = findings(project, AS_OF, "JOB-OVERDUE")
    assert [f.field for f in found] == ["schedule[0].due"]  # due today is not overdue yet
    job(project, status="artwork", brief=BRIEF, schedule=steps, flag="客户法务审核延误，改为 11-25")
    assert findings(project, AS_OF, "JOB-OVERDUE") == []


def test_close_needs_complete_job_bag(project):
    job(project, status="closed", kind="media", brief=BRIEF, schedule=SCHEDULE, third_party=True,
        estimate=ESTIMATE, documents={"job_request": "a.txt"})
    project.write("clients/huaxin-foods/jobs/HXF-2026-0001/a.txt", "x")
    found = findings(project, AS_OF, "JOB-CLOSE")
    text = " ".join(f.message for f in found)
    for needed in ("completion_form", "production_invoice", "media_plan", "media_invoice", "commission_invoice", "closed_on"):
        assert needed in text


def test_close_complete_passes(project):
    docs = {"job_request": "a.txt", "completion_form": "b.txt", "production_invoice": "c.txt"}
    for name in docs.values():
        project.write(f"clients/huaxin-foods/jobs/HXF-2026-0001/{name}", "x")
    job(project, status="closed", brief=BRIEF, schedule=SCHEDULE, third_party=True, estimate=ESTIMATE,
        documents=docs, closed_on="2026-11-15")
    found = findings(project, AS_OF)
    assert [f for f in found if f.rule.startswith("JOB-")] == []
