"""Cross-client references (RET-REF): a meeting report of one client that cites another client's
job or brand is an error naming both clients, at the line of the reference."""
from __future__ import annotations

from conftest import BRAND_MD, CLIENT_MD
from rules_helpers import findings, job, meeting

OTHER = "clients/qingshan-auto"


def _second_client(project):
    project.write(f"{OTHER}/client.md", CLIENT_MD.replace("huaxin-foods", "qingshan-auto").replace("code: HXF", "code: QSA")
                  .replace("华信食品股份有限公司", "青山汽车股份有限公司").replace("华信食品", "青山汽车"))
    project.write(f"{OTHER}/brands/qingshan-ev/brand.md", BRAND_MD.replace("huaxin-foods", "qingshan-auto")
                  .replace("huaxin-yogurt", "qingshan-ev").replace("华信鲜酪", "青山电动"))
    project.write(f"{OTHER}/jobs/QSA-2026-0001/job.md", (project.root / job(project)).read_text(encoding="utf-8")
                  .replace("HXF-2026-0001", "QSA-2026-0001").replace("huaxin-foods", "qingshan-auto")
                  .replace("huaxin-yogurt", "qingshan-ev"))


def test_meeting_citing_another_clients_job_is_an_error(project):
    _second_client(project)
    rel = meeting(project, "2026-11-16 10:00", sent_at="2026-11-16 12:00", jobs=["HXF-2026-0001", "QSA-2026-0001"])
    found = [f for f in findings(project, "2026-11-20", "RET-REF") if f.path == rel]
    assert [(f.field, f.level) for f in found] == [("jobs[1]", "error")]
    assert "工作 QSA-2026-0001 属于客户 qingshan-auto，不属于这份会议报告的客户 huaxin-foods" in found[0].message
    assert found[0].line > 1 and "移到那个客户的 meetings/" in found[0].fix


def test_meeting_citing_another_clients_brand_names_the_owner(project):
    _second_client(project)
    rel = meeting(project, "2026-11-16 10:00", sent_at="2026-11-16 12:00", brands=["huaxin-yogurt", "qingshan-ev"])
    found = [f for f in findings(project, "2026-11-20", "RET-REF") if f.path == rel]
    assert [f.field for f in found] == ["brands[1]"]
    assert "品牌“qingshan-ev”属于客户 qingshan-auto" in found[0].message


def test_own_jobs_and_brands_are_fine(project):
    _second_client(project)
    rel = meeting(project, "2026-11-16 10:00", sent_at="2026-11-16 12:00", jobs=["HXF-2026-0001"], brands=["huaxin-yogurt"])
    assert [f for f in findings(project, "2026-11-20", "RET-REF") if f.path == rel] == []


def test_the_other_clients_job_itself_is_clean(project):
    _second_client(project)
    meeting(project, "2026-11-16 10:00", sent_at="2026-11-16 12:00", jobs=["QSA-2026-0001"])
    assert [f for f in findings(project, "2026-11-20", "RET-REF") if f.path.startswith(OTHER)] == []
