"""Every workflow rule through the real command line, in JSON and in text, with its id and level."""
from __future__ import annotations

import re

from rules_helpers import BRIEF, activate, budget, issue, job, meeting, weekly
from test_rules_catalogue import CATALOGUE

from conftest import BRAND, BRAND_MD

AS_OF = "2026-11-20"


def _one_breach_of_each(project):
    activate(project, klass="A", since="2026-06-01")
    text = (project.root / "clients/huaxin-foods/client.md").read_text(encoding="utf-8")
    project.write("clients/huaxin-foods/client.md", text.replace("叁佰捌拾陆万元整", "叁佰捌拾陆万元"))      # CLT-CONTRACT
    project.write(BRAND, BRAND_MD.replace("## 产品\n\n原味、低糖两种口味。\n", ""))                        # BRD-FILE
    job(project, status="concept", brief=None)                                                      # JOB-BRIEF, JOB-SCHEDULE
    job(project, "HXF-2026-0002", status="production", brief=BRIEF,                                # JOB-ESTIMATE, JOB-OVERDUE
        schedule=[{"step": "印刷", "due": "2026-11-18", "audience": "client"}])
    job(project, "HXF-2026-0003", status="estimate", brief=BRIEF,                                  # JOB-ESTIMATE-WAIT
        schedule=[{"step": "提案", "due": "2026-12-18", "audience": "client"}],
        estimate={"amount": 1000, "submitted": "2026-11-01"})
    job(project, "HXF-2026-0004", status="closed", brief=BRIEF,                                    # JOB-CLOSE
        schedule=[{"step": "提案", "due": "2026-10-18", "done": "2026-10-18", "audience": "client"}],
        closed_on="2026-11-01")
    meeting(project, "2026-11-10 10:00", sent_at="2026-11-11 12:00",                                # MTG-24H, MTG-ACK
            actions=[{"what": "改稿"}, {"what": "报价", "owner": "王芳", "due": "2026-11-12"}])     # MTG-ACTIONS, -OVERDUE
    weekly(project, "2026-W45", body="## 进行中的工作\n\n海报。\n")                                  # WSR-SECTIONS
    weekly(project, "2026-W46", body="## 进行中的工作\n\n海报。\n")                                  # WSR-NOCOPY; WSR-WEEKLY
    budget(project, "2026-10", media=(100, 50, 25, 24.99))                                          # BUD-RECONCILE; BUD-MONTHLY
    issue(project, "2026-11-02 10:00", status="closed")                                             # ISS-FLOW, ISS-RESPONSE
    project.write("clients/huaxin-foods/jobs/HXF-2026-0005/plan.csv", "媒体,金额（元）\n浙江卫视,1800000\n客户签核\n")
    job(project, "HXF-2026-0005", documents={"media_plan": "plan.csv"})                              # RET-PARSE
    text = (project.root / "clients/huaxin-foods/client.md").read_text(encoding="utf-8")
    project.write("clients/huaxin-foods/client.md", text.replace("contract:\n", "estimate_signers:\n- name: 郑海涛\ncontract:\n", 1))
    job(project, "HXF-2026-0006", status="estimate", brief=BRIEF,                                  # JOB-SIGNER, JOB-WORKS
        schedule=[{"step": "提案", "due": "2026-12-18", "audience": "client"}],
        estimate={"amount": 1000, "am_approved": "2026-11-02", "ad_signed": "2026-11-02", "submitted": "2026-11-02",
                  "client_signed": "2026-11-03", "signed_by": "何丽"},
        deliverables=[{"media": "tv", "title": "春节 15 秒故事板", "date": "2026-11-03"}])
    rel = meeting(project, "2026-11-16 10:00", slug="later", sent_at="2026-11-16 16:00")           # RPT-FUTURE
    project.write(rel, project.read(rel).replace("客户确认了海报方向。", "何丽 11 月 18 日回复确认海报方向。"))
    # CLT-VISITS and CMP-QUARTERLY: no visits, no competitive reports


def test_every_rule_in_json(project):
    _one_breach_of_each(project)
    code, found = project.check_json("--as-of", AS_OF)
    assert code == 1
    levels = {}
    for f in found:
        levels.setdefault(f["rule"], set()).add(f["level"])
        assert f["message"] and f["fix"] and f["link"].endswith(f"/rules/{f['rule'].lower()}/")
    for rule_id, level in CATALOGUE.items():
        assert levels.get(rule_id) == {level}, rule_id


def test_every_rule_in_text(project):
    _one_breach_of_each(project)
    done = project.run("check", "--as-of", AS_OF)
    assert done.returncode == 1
    line = re.compile(r"^clients/\S+:\d+: (?P<rule>[A-Z]+(?:-[A-Z0-9]+)+)(?: [^\s（]+(?:（[^\n]*?）)?)?: \[(?P<level>错误|警告)\] .+$", re.M)
    seen = {(m["rule"], m["level"]) for m in line.finditer(done.stdout)}
    for rule_id, level in CATALOGUE.items():
        assert (rule_id, "错误" if level == "error" else "警告") in seen, rule_id
    assert "修改方法：" in done.stdout and "依据：" in done.stdout
