"""JOB-* rules: brief, schedule, estimate (and its wait), overdue steps, closing the job bag."""
from __future__ import annotations

from rules_helpers import BRIEF, SCHEDULE, findings, job

AS_OF = "2026-11-20"


def test_brief_required_past_brief(project):
    job(project, status="concept", schedule=SCHEDULE, brief=None)
    found = findings(project, AS_OF, "JOB-BRIEF")
    assert len(found) == 1 and found[0].level == "error"
    assert "草图" in found[0].message and "客户总监签字 ad" in found[0].message


def test_brief_required_from_brief_stage_not_when_cancelled(project):
    job(project, "HXF-2026-0002", status="cancelled", brief=None)
    assert findings(project, AS_OF, "JOB-BRIEF") == []
    job(project, "HXF-2026-0003", status="brief", brief=None)  # the job number is issued on the signed brief
    found = findings(project, AS_OF, "JOB-BRIEF")
    assert [f.path.split("/")[3] for f in found] == ["HXF-2026-0003"] and "“简报”阶段" in found[0].message


def test_job_number_not_issued_before_the_brief_is_signed(project):
    job(project, status="brief", brief=BRIEF, opened="2026-10-05")  # opened on the day of the signatures
    assert findings(project, AS_OF, "JOB-BRIEF") == []
    job(project, status="brief", brief=BRIEF, opened="2026-10-04")
    found = findings(project, AS_OF, "JOB-BRIEF")
    assert [f.field for f in found] == ["opened"] and "2026-10-05 才签字" in found[0].message


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


ESTIMATE = {"amount": 60000, "submitted": "2026-10-28", "am_approved": "2026-10-27", "ad_signed": "2026-10-28",
            "client_signed": "2026-11-02"}


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
        estimate={**ESTIMATE, "submitted": "2026-10-01", "am_approved": "2026-10-01", "ad_signed": "2026-10-01",
                  "client_signed": "2026-10-12"})
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


def test_estimate_needs_the_ads_signature_before_the_client(project):
    no_ad = {k: v for k, v in ESTIMATE.items() if k != "ad_signed"}
    job(project, status="production", brief=BRIEF, schedule=SCHEDULE, estimate=no_ad)
    found = findings(project, AS_OF, "JOB-ESTIMATE")
    assert [f.field for f in found] == ["estimate"] and "客户总监签发日期 ad_signed" in found[0].message
    job(project, status="estimate", brief=BRIEF, schedule=SCHEDULE, estimate={"amount": 1000, "submitted": "2026-11-13"})
    found = findings(project, AS_OF, "JOB-ESTIMATE")  # sent to the client without the AD, before production
    assert [f.field for f in found] == ["estimate.submitted"] and found[0].level == "error"


def test_estimate_signatures_in_order_am_ad_client(project):
    job(project, status="production", brief=BRIEF, schedule=SCHEDULE, estimate={**ESTIMATE, "ad_signed": "2026-10-29"})
    found = findings(project, AS_OF, "JOB-ESTIMATE")  # the AD signed after it went to the client (10-28)
    assert [f.field for f in found] == ["estimate.ad_signed"] and "晚于提交客户日期" in found[0].message
    job(project, status="production", brief=BRIEF, schedule=SCHEDULE, estimate={**ESTIMATE, "am_approved": "2026-10-29"})
    assert [f.field for f in findings(project, AS_OF, "JOB-ESTIMATE")] == ["estimate.am_approved"]
    job(project, status="production", brief=BRIEF, schedule=SCHEDULE,
        estimate={**ESTIMATE, "am_approved": "2026-10-28", "ad_signed": "2026-10-28", "submitted": "2026-10-28"})
    assert findings(project, AS_OF, "JOB-ESTIMATE") == []  # all on one day is fine


SIGNERS = "estimate_signers:\n- name: 郑海涛\n  up_to: 100000\n- name: 沈国华\ncontract:\n"


def _signers(project):
    from rules_helpers import activate, set_client
    activate(project)
    text = project.read("clients/huaxin-foods/client.md").replace("contract:\n", SIGNERS, 1)
    project.write("clients/huaxin-foods/client.md", text)


def test_signer_must_be_on_the_clients_list_within_their_limit(project):
    _signers(project)
    job(project, status="production", brief=BRIEF, schedule=SCHEDULE, estimate={**ESTIMATE, "signed_by": "郑海涛"})
    assert findings(project, AS_OF, "JOB-SIGNER") == []
    job(project, status="production", brief=BRIEF, schedule=SCHEDULE, estimate={**ESTIMATE, "signed_by": "何丽"})
    found = findings(project, AS_OF, "JOB-SIGNER")
    assert len(found) == 1 and found[0].level == "error" and "何丽 不在" in found[0].message and "郑海涛" in found[0].fix
    job(project, status="production", brief=BRIEF, schedule=SCHEDULE,
        estimate={**ESTIMATE, "amount": 105500.5, "signed_by": "郑海涛"})
    found = findings(project, AS_OF, "JOB-SIGNER")
    assert len(found) == 1 and "超过签字人 郑海涛 的权限（100000 元以内）" in found[0].message
    job(project, status="production", brief=BRIEF, schedule=SCHEDULE,
        estimate={**ESTIMATE, "amount": 105500.5, "signed_by": "郑海涛、沈国华"})
    assert findings(project, AS_OF, "JOB-SIGNER") == []  # countersigned by the one without a limit
    job(project, status="production", brief=BRIEF, schedule=SCHEDULE, estimate=ESTIMATE)
    found = findings(project, AS_OF, "JOB-SIGNER")
    assert [f.field for f in found] == ["estimate.client_signed"] and "signed_by" in found[0].message


def test_signer_not_checked_without_a_list_or_signature(project):
    job(project, status="production", brief=BRIEF, schedule=SCHEDULE, estimate={**ESTIMATE, "signed_by": "何丽"})
    assert findings(project, AS_OF, "JOB-SIGNER") == []  # this client file lists no signers
    _signers(project)
    job(project, status="estimate", brief=BRIEF, schedule=SCHEDULE, estimate={"amount": 1000, "submitted": "2026-11-13"})
    assert findings(project, AS_OF, "JOB-SIGNER") == []


def test_storyboards_and_research_reports_are_not_works(project):
    work = {"media": "tv", "title": "冬日暖酪 15 秒电视广告", "date": "2026-11-28"}
    job(project, status="production", brief=BRIEF, schedule=SCHEDULE, estimate=ESTIMATE, deliverables=[work])
    assert findings(project, AS_OF, "JOB-WORKS") == []
    job(project, status="production", brief=BRIEF, schedule=SCHEDULE, estimate=ESTIMATE,
        deliverables=[work, {"media": "tv", "title": "冬日暖酪 15秒 故事板定稿", "date": "2026-10-21"}])
    found = findings(project, AS_OF, "JOB-WORKS")
    assert [f.field for f in found] == ["deliverables[1]"] and found[0].level == "warning" and "故事板" in found[0].message
    job(project, status="production", kind="research", brief=BRIEF, schedule=SCHEDULE, estimate=ESTIMATE,
        deliverables=[{"media": "other", "title": "鲜酪使用习惯", "date": "2026-09-20"}])
    found = findings(project, AS_OF, "JOB-WORKS")
    assert len(found) == 1 and "调研工作" in found[0].message


def test_notice_is_no_job_status_and_says_why(project):
    """The pre-notice has no job number yet: a job bag at `notice` is refused with the reason."""
    job(project, status="notice", brief=None)
    found = [f for f in findings(project, AS_OF) if f.field == "status"]
    assert [f.rule for f in found] == ["REQ-FIELDS"] and found[0].level == "error"
    assert "还没有工作号" in found[0].message and "brief（简报）" in found[0].fix


GM = {"submitted": "2026-10-28", "am_approved": "2026-10-27", "ad_signed": "2026-10-28", "client_signed": "2026-11-02"}


def test_estimate_above_the_limit_needs_the_general_manager(project):
    job(project, status="estimate", schedule=SCHEDULE, estimate={**GM, "amount": 500000})  # at the limit: AD may sign
    assert findings(project, AS_OF, "JOB-ESTIMATE") == []
    job(project, status="estimate", schedule=SCHEDULE, estimate={**GM, "amount": 500000.01})
    (f,) = findings(project, AS_OF, "JOB-ESTIMATE")
    assert f.field == "estimate.amount" and "总经理" in f.message and "本部门规定" in f.message and "gm_approved" in f.fix
    job(project, status="estimate", schedule=SCHEDULE, estimate={**GM, "amount": 500000.01, "gm_approved": "2026-10-28"})
    assert findings(project, AS_OF, "JOB-ESTIMATE") == []


def test_general_manager_approves_before_the_client_sees_it(project):
    job(project, status="production", schedule=SCHEDULE, estimate={**GM, "amount": 738600, "gm_approved": "2026-10-29"})
    (f,) = findings(project, AS_OF, "JOB-ESTIMATE")
    assert f.field == "estimate.gm_approved" and "晚于提交客户日期（2026-10-28）" in f.message


def test_media_plan_limit_for_media_jobs_and_unsent_estimates_not_checked(project):
    job(project, kind="media", status="production", schedule=SCHEDULE, estimate={**GM, "amount": 1800000})
    assert findings(project, AS_OF, "JOB-ESTIMATE") == []  # a media plan needs the GM only above 200 万
    job(project, kind="media", status="production", schedule=SCHEDULE, estimate={**GM, "amount": 2000001})
    assert [f.field for f in findings(project, AS_OF, "JOB-ESTIMATE")] == ["estimate.amount"]
    job(project, status="estimate", schedule=SCHEDULE, estimate={"amount": 900000, "am_approved": "2026-11-18"})
    assert findings(project, AS_OF, "JOB-ESTIMATE") == []  # still being drawn up: not yet the client's
