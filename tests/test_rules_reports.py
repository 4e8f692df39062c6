"""WSR-*, BUD-*, CMP-QUARTERLY: every period's report, sections, no copying, reconciliation to the fen."""
from __future__ import annotations

from rules_helpers import WEEKLY_SECTIONS, activate, budget, competitive, findings, weekly

from generators.archive.similarity import similarity


def test_weekly_missing_across_new_year(project):
    activate(project, since="2026-12-14")
    for week in ("2026-W51", "2026-W52", "2027-W01"):
        weekly(project, week)
    found = findings(project, "2027-01-13", "WSR-WEEKLY")  # a Wednesday of 2027-W02
    assert [f.message.split("缺少 ")[1][:8] for f in found] == ["2026-W53"]
    assert found[0].level == "warning" and "2026-12-28 至 2027-01-03" in found[0].message
    weekly(project, "2026-W53")
    assert findings(project, "2027-01-13", "WSR-WEEKLY") == []


def test_weekly_current_week_not_flagged_and_lookback_bounded(project):
    activate(project, since="2016-01-04")
    found = findings(project, "2026-11-20", "WSR-WEEKLY")
    weeks = [f.message.split("缺少 ")[1][:8] for f in found]
    assert len(weeks) == 8 and weeks[-1] == "2026-W46" and "2026-W47" not in weeks


def test_weekly_only_for_active_clients_and_skips_holiday_weeks(project):
    assert findings(project, "2026-11-20", "WSR-WEEKLY") == []  # the base client is a prospect
    activate(project, since="2026-02-09")
    found = findings(project, "2026-03-02", "WSR-WEEKLY")
    weeks = [f.message.split("缺少 ")[1][:8] for f in found]
    assert "2026-W08" not in weeks  # 2026-02-16..22: Spring Festival, no working day
    assert weeks == ["2026-W07", "2026-W09"]


def test_sections_missing_and_empty(project):
    body = "\n".join(f"## {s}\n\n内容 {s}\n" for s in WEEKLY_SECTIONS if s != "调研")
    body = body.replace("内容 媒介", "<!-- 投放执行、排期变动、媒体反馈。 -->")
    weekly(project, "2026-W46", body=body)
    found = findings(project, "2026-11-20", "WSR-SECTIONS")
    assert sorted(f.message for f in found) == sorted(["周报缺少“调研”这一节。", "周报的“媒介”一节是空的（只有提示或占位字样）。"])
    assert all(f.level == "error" for f in found)


def test_sections_complete_passes_with_benzhouwu(project):
    body = "\n".join(f"## {s}\n\n{'本周无。' if s == '调研' else '海报完稿已确认。'}\n" for s in WEEKLY_SECTIONS)
    weekly(project, "2026-W46", body=body)
    assert findings(project, "2026-11-20", "WSR-SECTIONS") == []


REPORT = """## 进行中的工作

- HXF-2026-0042 冬日暖酪电视广告：11 月 13 日杭州棚拍完成，11 月 16 日粗剪审看，客户要求加热特写延长 0.5 秒。
- HXF-2026-0047 鲜酪店头海报：错误价格海报已全部回收，更正版 11 月 8 日张贴完毕。

## 下一步

- 11 月 24 日精剪调色，王芳负责；11 月 26 日请郑总终版确认。

## 调研

本周无。

## 媒介

浙江卫视、江苏卫视 12 月排期已确认，首播 12 月 1 日。

## 财务

HXF-2026-0053 预估 86,000 元已于 11 月 10 日提交，客户尚未签字。

## 创意

脆谷春节包装创意动脑会定在 11 月 24 日。
"""

NEW_REPORT = """## 进行中的工作

- 冬日暖酪电视广告终版已于周四通过，播出带周五送达两家卫视，监播由媒介部负责。
- 脆谷春节包装：动脑会产出四个方向，内部筛选留下“年味罐”和“全家福”两个。

## 下一步

- 周二向何丽经理提案两个包装方向，李想准备样稿与打样报价。

## 调研

委托调研公司做春节礼盒消费者访谈，问卷初稿下周三交客户审阅。

## 媒介

首播监测正常，第一周收视率 0.82，高于预期；电梯屏追加两周需客户确认。

## 财务

海报预估已签字，印刷费发票寄出；电视广告制作尾款待客户付款。

## 创意

文案团队重写了片尾口号的三个备选，供春节档延展使用。
"""


def test_nocopy_exact_copy_flagged(project):
    weekly(project, "2026-W46", body=REPORT)
    weekly(project, "2026-W47", body=REPORT)
    found = findings(project, "2026-11-30", "WSR-NOCOPY")
    assert len(found) == 1 and found[0].path.endswith("2026-W47.md") and "1.00" in found[0].message


def test_nocopy_lightly_edited_copy_still_flagged(project):
    edited = (REPORT.replace("11 月 24 日精剪", "11 月 25 日精剪").replace("尚未签字", "仍未签字")
              .replace("本周无。", "本周暂无。").replace("0.5 秒", "1 秒"))
    assert similarity(REPORT, edited) >= 0.85
    weekly(project, "2026-W46", body=REPORT)
    weekly(project, "2026-W47", body=edited)
    found = findings(project, "2026-11-30", "WSR-NOCOPY")
    assert len(found) == 1 and "2026-W46" in found[0].message and "相似度" in found[0].evidence


def test_nocopy_new_report_passes(project):
    assert similarity(REPORT, NEW_REPORT) < 0.6
    weekly(project, "2026-W46", body=REPORT)
    weekly(project, "2026-W47", body=NEW_REPORT)
    assert findings(project, "2026-11-30", "WSR-NOCOPY") == []


def test_similarity_is_chinese_aware():
    # no spaces at all: whitespace "words" would see one token per line and call these unrelated
    a = "客户确认了冬日暖酪的终版并同意十二月一日首播"
    b = "客户确认了冬日暖酪的终版并同意十二月二日首播"
    assert similarity(a, b) > 0.85
    assert similarity(a, "预估尚未签字需要继续跟进付款") < 0.2


def test_monthly_missing_and_current_month_not_flagged(project):
    activate(project, since="2026-01-08")
    budget(project, "2026-08")
    budget(project, "2026-10")
    found = findings(project, "2026-11-20", "BUD-MONTHLY")
    assert [f.message for f in found] == ["华信食品 缺少 2026-09 的每月预算报告（最迟应在 2026-10-13 交）。"]


def test_monthly_due_in_the_first_five_working_days_of_next_month(project):
    activate(project, since="2026-01-08")
    for month in ("2026-08", "2026-09"):
        budget(project, month)
    assert findings(project, "2026-11-06", "BUD-MONTHLY") == []  # 2026-10 is due on 11-06, the 5th working day
    found = findings(project, "2026-11-07", "BUD-MONTHLY")
    assert len(found) == 1 and found[0].level == "warning" and "2026-10" in found[0].message
    assert "2026-11-06" in found[0].evidence


def test_monthly_catalogue_states_the_due_date():
    from generators.rules.registry import REGISTRY
    entry = REGISTRY["BUD-MONTHLY"]
    assert "次月的前 5 个工作日" in entry.asks and "前 5 个工作日" in entry.threshold
    assert "最后一个工作日" not in entry.asks


def test_reconcile_off_by_one_fen(project):
    budget(project, "2026-10", media=(1000000.00, 400000.10, 100000.20, 499999.70))
    assert findings(project, "2026-11-20", "BUD-RECONCILE") == []  # exact in Decimal (float would not be)
    budget(project, "2026-10", media=(1000000.00, 400000.10, 100000.20, 499999.69))
    found = findings(project, "2026-11-20", "BUD-RECONCILE")
    assert len(found) == 1 and found[0].field == "lines.media" and "0.01 元" in found[0].message
    assert "499999.70" in found[0].fix


def test_quarterly_competitor_report(project):
    activate(project, since="2026-01-08")
    competitive(project, "2026-Q2")
    competitive(project, "2026-08-15", kind="ad-hoc")  # not a quarterly report
    found = findings(project, "2026-11-20", "CMP-QUARTERLY")
    assert [f.message for f in found] == ["华信食品 缺少 2026-Q3 的季度市场及竞品动态报告。"]
    competitive(project, "2026-09", kind="quarterly")
    assert findings(project, "2026-11-20", "CMP-QUARTERLY") == []
