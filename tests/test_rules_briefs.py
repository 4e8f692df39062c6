"""BRF-WORK (no creative, media or research work without its brief) and BRF-MEDIA-TIME (14 days)."""
from __future__ import annotations

from rules_helpers import BRIEF, SCHEDULE, findings, front, job

BODY = "## 背景\n\n冬季新品。\n\n## 目标\n\n认知。\n\n## 目标对象\n\n家长。\n\n## 要求\n\n海报。\n\n## 时间与预算\n\n年底。\n"


def brief(project, day: str = "2026-10-05", kind: str = "creative", job_no: str = "HXF-2026-0001", **fields) -> str:
    data = {"type": "brief", "client": "huaxin-foods", "job": job_no, "kind": kind, "date": day,
            "title": "冬季新品海报 创意简报", "written_by": "林晓岚", "approved_by": "周志远"}
    data.update(fields)
    data = {k: v for k, v in data.items() if v is not None}
    rel = f"clients/huaxin-foods/jobs/{job_no}/briefs/{day}-{kind}.md"
    project.write(rel, front(data, BODY))
    return rel


def open_job(project, **fields):
    return job(project, status="artwork", brief=BRIEF, schedule=SCHEDULE, **fields)


def test_open_creative_job_without_brief_is_an_error(project):
    rel = open_job(project)
    found = findings(project, "2026-11-20", "BRF-WORK")
    assert [(f.path, f.level, f.field) for f in found] == [(rel, "error", "kind")]
    assert "创意简报" in found[0].message and "new brief" in found[0].fix


def test_brief_of_the_jobs_kind_passes(project):
    open_job(project)
    brief(project)
    assert findings(project, "2026-11-20", "BRF-WORK") == []
    assert findings(project, "2026-11-20", "REQ-FIELDS") == findings(project, "2026-11-20", "RET-PATH") == []


def test_brief_of_another_kind_does_not_count(project):
    open_job(project)
    brief(project, kind="media")
    assert len(findings(project, "2026-11-20", "BRF-WORK")) == 1


def test_finished_and_early_jobs_need_no_brief_record(project):
    job(project, status="brief", brief=BRIEF)
    job(project, "HXF-2026-0002", status="closed", brief=BRIEF, schedule=SCHEDULE)
    job(project, "HXF-2026-0003", status="artwork", kind="production", brief=BRIEF, schedule=SCHEDULE)
    assert findings(project, "2026-11-20", "BRF-WORK") == []


def test_work_done_before_the_brief_is_reported_on_the_brief(project):
    open_job(project)  # 草图提案 done 2026-10-20
    rel = brief(project, day="2026-10-25")
    found = findings(project, "2026-11-20", "BRF-WORK")
    assert [(f.path, f.field) for f in found] == [(rel, "date")]
    assert "草图提案" in found[0].message and "2026-10-20" in found[0].message


def test_brief_needs_an_ad_approval(project):
    open_job(project)
    rel = brief(project, approved_by=None)
    assert [(f.path, f.field) for f in findings(project, "2026-11-20", "BRF-WORK")] == [(rel, "kind")]
    brief(project, approved_by="林晓岚")  # an AM
    found = findings(project, "2026-11-20", "BRF-WORK")
    assert [f.field for f in found] == ["approved_by"] and "不是客户总监" in found[0].message


def test_brief_of_an_unknown_job_is_ret_ref(project):
    brief(project, job_no="HXF-2026-0099")
    assert [f.field for f in findings(project, "2026-11-20", "RET-REF")] == ["job"]
    assert findings(project, "2026-11-20", "BRF-WORK") == []


def test_misfiled_brief_is_ret_path(project):
    open_job(project)
    data = {"type": "brief", "client": "huaxin-foods", "job": "HXF-2026-0001", "kind": "creative", "date": "2026-10-05",
            "title": "错放的简报", "written_by": "林晓岚", "approved_by": "周志远"}
    project.write("clients/huaxin-foods/jobs/HXF-2026-0001/briefs/2026-10-06-creative.md", front(data, BODY))
    assert len(findings(project, "2026-11-20", "RET-PATH")) == 1


def test_media_brief_gives_fourteen_days(project):
    job(project, kind="media", status="brief", brief=BRIEF)
    brief(project, kind="media", due="2026-10-19")
    assert findings(project, "2026-11-20", "BRF-MEDIA-TIME") == []
    brief(project, kind="media", due="2026-10-15")
    found = findings(project, "2026-11-20", "BRF-MEDIA-TIME")
    assert [(f.level, f.field) for f in found] == [("warning", "due")] and "10 天" in found[0].message
