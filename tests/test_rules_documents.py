"""RET-PARSE (attachments that open as what they claim to be) and RPT-FUTURE (reports that tell
of events after their own date)."""
from __future__ import annotations

from rules_helpers import BRIEF, SCHEDULE, findings, job, meeting, weekly

AS_OF = "2026-11-20"
FOLDER = "clients/huaxin-foods/jobs/HXF-2026-0001"
ESTIMATE = {"amount": 59600, "submitted": "2026-10-15", "am_approved": "2026-10-14", "ad_signed": "2026-10-15",
            "client_signed": "2026-10-16", "file": "estimate.csv"}
GOOD = ("项目,金额（元）\n海报设计（两个尺寸）,22000.00\n\"印刷：对开海报 8,000 张\",31200.00\n分拣与物流,6400.00\n"
        "合计（含税）,59600.00\n其中：增值税（6%）,3373.58\n")


def _estimate(project, text: str | bytes, **estimate):
    path = project.root / FOLDER / "estimate.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    job(project, status="production", brief=BRIEF, schedule=SCHEDULE, estimate={**ESTIMATE, **estimate},
        documents={"estimate": "estimate.csv"})


def _parse(project):
    return findings(project, AS_OF, "RET-PARSE")


def test_quoted_estimate_with_tax_passes_once(project):
    _estimate(project, GOOD)
    assert _parse(project) == []
    _estimate(project, "\ufeff" + GOOD)  # Excel's "CSV UTF-8" writes a BOM
    assert _parse(project) == []


def test_unquoted_thousands_comma_breaks_the_columns(project):
    _estimate(project, GOOD.replace('"印刷：对开海报 8,000 张"', "印刷：对开海报 8,000 张"))
    found = _parse(project)  # listed twice (estimate.file and documents.estimate), reported once
    assert len(found) == 1 and found[0].level == "error" and found[0].field == "estimate.file"
    assert "第 3 行有 3 栏，表头有 2 栏" in found[0].message and "双引号" in found[0].fix


def test_estimate_total_must_match_items_and_record(project):
    _estimate(project, GOOD.replace("合计（含税）,59600.00", "合计（含税）,59700.00"), amount=59700)
    assert ["与各项之和 59600.00 不符" in f.message for f in _parse(project)] == [True]
    _estimate(project, GOOD, amount=60000)
    assert ["与记录的 estimate.amount（60000）不符" in f.message for f in _parse(project)] == [True]


def test_estimate_states_tax_and_keeps_dates_out(project):
    _estimate(project, GOOD.replace("合计（含税）", "合计"))
    assert ["没有写明金额是否含税" in f.message for f in _parse(project)] == [True]
    _estimate(project, GOOD + "客户签字,2026-10-16\n")
    assert ["写在合计之后" in f.message for f in _parse(project)] == [True]


def test_estimate_header_and_amounts(project):
    _estimate(project, GOOD.replace("项目,金额（元）", "item,amount"))
    assert ["表头是“item,amount”" in f.message for f in _parse(project)] == [True]
    _estimate(project, GOOD.replace("22000.00", "22,000元"))
    found = _parse(project)
    assert len(found) == 1  # "22,000元" splits the row: a column error, not a number error
    _estimate(project, GOOD.replace("22000.00", "两万二"))
    assert ["金额“两万二”不是数字" in f.message for f in _parse(project)] == [True]


def test_gbk_and_broken_quotes(project):
    _estimate(project, GOOD.encode("gb18030"))
    found = _parse(project)
    assert len(found) == 1 and "不是 UTF-8" in found[0].message
    _estimate(project, '项目,金额（元）\n"未闭合的引号,1\n')
    found = _parse(project)
    assert len(found) == 1 and ("不是合格的 CSV" in found[0].message or "栏" in found[0].message)


def test_other_csv_and_text_attachments(project):
    (project.root / FOLDER).mkdir(parents=True, exist_ok=True)
    (project.root / FOLDER / "media-plan.csv").write_text("媒体,形式,排期,金额（元）\n浙江卫视,15秒,2025-09-01至2025-12-31,1800000\n客户签核,2025-07-08\n", encoding="utf-8")
    (project.root / FOLDER / "invoice.txt").write_bytes("发票".encode("gbk"))
    job(project, documents={"media_plan": "media-plan.csv", "production_invoice": "invoice.txt"})
    found = sorted(_parse(project), key=lambda f: f.field)
    assert [f.field for f in found] == ["documents.media_plan", "documents.production_invoice"]
    assert "第 3 行有 2 栏，表头有 4 栏" in found[0].message and "不是 UTF-8" in found[1].message


# ---- RPT-FUTURE ----

def _future(project):
    return findings(project, AS_OF, "RPT-FUTURE")


def _meeting_saying(project, text: str, **fields):
    rel = meeting(project, "2026-11-17 15:00", sent_at="2026-11-18 09:30", **fields)
    data = project.read(rel).split("---\n")[1]
    project.write(rel, f"---\n{data}---\n\n## 讨论要点\n\n{text}\n\n## 备注\n\n无。\n")
    return rel


def test_meeting_quoting_a_reply_after_it_was_sent(project):
    rel = _meeting_saying(project, "高部长当场致电法务部；陆佳 11 月 19 日回复称法务需补充测试报告。")
    found = _future(project)
    assert len(found) == 1 and found[0].level == "warning" and found[0].path == rel
    assert "11 月 19 日" in found[0].message and "2026-11-18 09:30" in found[0].message
    assert found[0].line == project.read(rel).splitlines().index("高部长当场致电法务部；陆佳 11 月 19 日回复称法务需补充测试报告。") + 1


def test_plans_deadlines_and_conditions_are_not_events(project):
    _meeting_saying(project, "请客户 11 月 25 日前确认。吴迪计划 12 月 3 日提案。法务若 11 月 24 日仍未回复，改用备选脚本。"
                             "投放期 12 月 1 日至 1 月 31 日。11 月 17 日客户已回复同意。")
    assert _future(project) == []


def test_full_dates_and_weekly_reports(project):
    body = ("## 进行中的工作\n\n- 2026-11-23 精剪调色完成。\n\n## 下一步\n\n- 11 月 24 日完成终版。\n\n"
            "## 调研\n\n本周无。\n\n## 媒介\n\n本周无。\n\n## 财务\n\n本周无。\n\n## 创意\n\n本周无。\n")
    weekly(project, "2026-W47", body=body)
    found = _future(project)  # the week ends 11-22; the 下一步 section holds plans
    assert len(found) == 1 and "2026-11-23" in found[0].message and "2026-W47" in found[0].message


def test_a_late_acknowledgment_note_is_allowed(project):
    _meeting_saying(project, "客户回传延迟：唐敏在外地参加展会，11 月 23 日才回传。")
    assert _future(project) == []


def test_the_date_hint_searched_in_halves_is_the_one_regex():
    """RPT-FUTURE skips bodies without a date hint: the two half-searches (fast) say what the one regex
    says, on every sample body and on random mixes of digits, 年, 月, separators and spaces."""
    import random
    from pathlib import Path

    from generators.rules.documents import _DATE_HINT, date_hint
    bodies = [p.read_text(encoding="utf-8") for p in sorted((Path(__file__).parents[1] / "clients").rglob("*.md"))]
    rng = random.Random(5)
    parts = ["2", "0", "20", "2026", "1", "9", " ", "\u3000", "年", "月", "日", "-", "/", ".", "号", "a", "\n"]
    bodies += ["".join(rng.choice(parts) for _ in range(rng.randint(0, 9))) for _ in range(5000)]
    for body in bodies:
        assert date_hint(body) == (_DATE_HINT.search(body) is not None), repr(body[:80])
