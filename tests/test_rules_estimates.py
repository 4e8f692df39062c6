"""Estimates as a list per job (`estimates`): JOB-ESTIMATE, JOB-ESTIMATE-WAIT, JOB-SIGNER and the
estimate sheet's total (RET-PARSE) hold for each one; a job with one `estimate` reads as before."""
from __future__ import annotations

from rules_helpers import BRIEF, SCHEDULE, findings, job
from test_rules_jobs import ESTIMATE, _signers

from generators.rules.todo import agenda

AS_OF = "2026-11-20"
ORIGINAL = {"kind": "original", **ESTIMATE}
EXTRA = {"kind": "supplementary", "amount": 8600, "submitted": "2026-11-05", "am_approved": "2026-11-04",
         "ad_signed": "2026-11-05", "client_signed": "2026-11-06", "reason": "追加尺寸"}


def produce(project, *items, **fields):
    return job(project, status="production", brief=BRIEF, schedule=SCHEDULE, estimates=list(items), **fields)


def test_every_estimate_signed_passes(project):
    produce(project, ORIGINAL, EXTRA)
    assert findings(project, AS_OF, "JOB-ESTIMATE") == findings(project, AS_OF, "REQ-FIELDS") == []


def test_unsigned_supplementary_estimate_is_an_error(project):
    produce(project, ORIGINAL, {**EXTRA, "client_signed": None, "submitted": None})
    found = findings(project, AS_OF, "JOB-ESTIMATE")
    assert [(f.field, f.level) for f in found] == [("estimates[1]", "error")]
    assert "追加预估（第 2 份）" in found[0].message and "client_signed" in found[0].message


def test_each_estimate_in_signing_order(project):
    produce(project, ORIGINAL, {**EXTRA, "am_approved": "2026-11-07"})
    found = findings(project, AS_OF, "JOB-ESTIMATE")
    assert [f.field for f in found] == ["estimates[1].am_approved"]


def test_estimate_and_estimates_both_written(project):
    produce(project, ORIGINAL, estimate=ESTIMATE)
    found = findings(project, AS_OF, "JOB-ESTIMATE")
    assert [f.field for f in found] == ["estimate"] and "estimates" in found[0].fix


def test_a_list_item_needs_its_amount_and_kind(project):
    produce(project, ORIGINAL, {k: v for k, v in EXTRA.items() if k not in ("amount", "kind")})
    fields = sorted(f.field for f in findings(project, AS_OF, "REQ-FIELDS"))
    assert fields == ["estimates[1].amount", "estimates[1].kind"]


def test_wait_and_todo_for_each_unsigned_estimate(project):
    produce(project, ORIGINAL, {**EXTRA, "client_signed": None})
    job(project, "HXF-2026-0002", status="estimate", brief=BRIEF, schedule=SCHEDULE,
        estimates=[{**ORIGINAL, "client_signed": None, "submitted": "2026-11-18"}])
    found = findings(project, AS_OF, "JOB-ESTIMATE-WAIT")
    assert [(f.path.split("/")[3], f.field) for f in found] == [("HXF-2026-0001", "estimates[1].submitted")]
    from rules_helpers import run
    _found, ctx = run(project, AS_OF)
    due = sorted((d.summary, d.day.isoformat()) for d in agenda(ctx).items if d.rule == "JOB-ESTIMATE-WAIT")
    assert due == [("HXF-2026-0001 追加预估（第 2 份）待客户签字", "2026-11-12"),
                   ("HXF-2026-0002 原始预估（第 1 份）待客户签字", "2026-11-25")]


def test_signer_limit_for_each_estimate(project):
    _signers(project)
    produce(project, {**ORIGINAL, "signed_by": "郑海涛"}, {**EXTRA, "amount": 150000, "signed_by": "郑海涛"})
    found = findings(project, AS_OF, "JOB-SIGNER")
    assert [f.field for f in found] == ["estimates[1].signed_by"] and "150000" in found[0].message


def test_each_estimate_sheet_total_matches_its_amount(project):
    folder = project.root / "clients/huaxin-foods/jobs/HXF-2026-0001"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "estimate-2.csv").write_text("项目,金额（元）\n追加尺寸,8600.00\n合计（含税）,8600.00\n", encoding="utf-8")
    produce(project, ORIGINAL, {**EXTRA, "file": "estimate-2.csv"})
    assert findings(project, AS_OF, "RET-PARSE") == []
    produce(project, ORIGINAL, {**EXTRA, "file": "estimate-2.csv", "amount": 8700})
    found = findings(project, AS_OF, "RET-PARSE")
    assert [f.field for f in found] == ["estimates[1].file"] and "8700" in found[0].message
