"""Report rules: weekly status reports, monthly budget reports, quarterly competitor reports."""
from __future__ import annotations

from decimal import Decimal

from generators.archive import periods
from generators.archive.similarity import body_text, similarities
from generators.rules.common import MONTHS_BACK, QUARTERS_BACK, WEEKS_BACK, Deadline, active_clients, body_line, coming_months, coming_weeks, dated, horizon, missing_months, missing_quarters, missing_weeks, quarters_written, section_gaps
from generators.rules.registry import deadlines_of, rule


def _short(client) -> str:
    return str(client.data.get("short_name") or client.client)

COPY_THRESHOLD = 0.85


@rule("WSR-WEEKLY", level="warning", title="服务中的客户每周都有工作状况报告", applies_to=("client", "weekly-status"),
      source="documents/status-reports.md#weekly",
      asks=f"每个服务中（`status: active`）的客户，从开始服务（`since`）那一周起，每个 ISO 周都有一份每周工作状况报告"
           f"（`clients/<客户>/reports/weekly/<年>-W<周>.md`）。只检查今天所在周之前最近 {WEEKS_BACK} 个已结束的周；"
           "还没结束的本周不提醒；整周放假、没有工作日的周（如春节）不要求。周次按 ISO 周计算，跨年的周（如 2026-W53）属于它周四所在的年份。",
      why="周报让客户和我方同事每周看到所有工作的状态；漏一周，问题就可能在没人注意时拖过一周。",
      fix="用 `python -m generators new weekly-status --client <客户>` 补写缺的那一周（周次用 --set week=2026-W46），由 AE 和 AM 一起完成。",
      threshold=f"每个 ISO 周 1 份；回看最近 {WEEKS_BACK} 个已结束的周")
def check_weekly(ctx):
    for client in active_clients(ctx):
        for week in missing_weeks(ctx, client):
            start = periods.week_start(week)
            yield dated(ctx, ctx.finding(
                "WSR-WEEKLY", client, "status",
                f"{client.data.get('short_name') or client.client} 缺少 {week} 周（{start} 至 {periods.period_range(week)[1]}）的每周工作状况报告。",
                f"补写 clients/{client.client}/reports/weekly/{week}.md：`python -m generators new weekly-status --client {client.client} --set week={week}`。",
                evidence=f"服务中的客户，今天按 {ctx.as_of} 计，{week} 已结束"), start, periods.weekly_due(week))


@deadlines_of("WSR-WEEKLY")
def open_weeklies(ctx):
    """Weekly reports not written: the missing past weeks the check reports, and the coming ones
    (due Friday, or the week's last working day before it) up to the to-do horizon."""
    for client in active_clients(ctx):
        for week in missing_weeks(ctx, client) + coming_weeks(ctx, client):
            yield Deadline("WSR-WEEKLY", "weekly", periods.weekly_due(week), f"{_short(client)} {week} 周报", client.client,
                           client.path, "status", detail="每周工作状况报告，AE 与 AM 共同完成",
                           key=f"weekly|{client.client}|{week}")


@rule("WSR-SECTIONS", level="error", title="周报涵盖六个方面", applies_to=("weekly-status",),
      source="documents/status-reports.md#weekly",
      asks="每周工作状况报告有这六个小节标题，并且每节下面都有实际内容：进行中的工作、下一步、调研、媒介、财务、创意。"
           "只有模板里的提示（`<!-- ... -->` 注释）、只有标点或“待填”之类的占位字样，都算空；某方面本周确实没有进展，写“本周无”。",
      why="周报是一份完整详实的报告，要涵盖调研、媒介、财务及创意发展；漏掉一个方面，客户就会以为那方面没人管。",
      fix="按模板补上缺的小节标题（`## 调研` 等），在下面写本周情况；没有进展就写“本周无”。",
      threshold="6 个小节，每节有内容")
def check_sections(ctx):
    yield from _section_findings(ctx, "weekly-status", "WSR-SECTIONS", "周报")


def _section_findings(ctx, type_, rule_id, label):
    for r in ctx.archive.of_type(type_):
        for title, gap in section_gaps(r):
            if gap == "missing":
                yield ctx.finding(rule_id, r, "", f"{label}缺少“{title}”这一节。",
                                  f"加上一行 `## {title}`，在下面写内容。", line=r.body_line)
            else:
                yield ctx.finding(rule_id, r, "", f"{label}的“{title}”一节是空的（只有提示或占位字样）。",
                                  f"在“{title}”下面写上实际内容；确实没有，写“本周无”或说明原因。" if type_ == "weekly-status"
                                  else f"在“{title}”下面写上实际内容。", line=body_line(r, title))


@rule("WSR-NOCOPY", level="error", title="周报不照抄上一周", applies_to=("weekly-status",),
      source="documents/status-reports.md#weekly",
      asks=f"每周工作状况报告与同一客户上一份周报（按周次排在它前面的最近一份）的正文相比，相似度低于 {COPY_THRESHOLD:.2f}。"
           "相似度的算法：去掉标题和注释，把正文切成相邻两个汉字（英文和数字整段算一个字）的“二元组”，计算两份二元组频次的余弦相似度"
           f"（0 表示毫无共同之处，1 表示完全相同）。只改了日期、数字或一两句话的照抄，相似度通常在 0.9 以上；认真重写的周报一般在 0.6 以下。",
      why="“不要机械 COPY 上一次的情况报告”：照抄的周报看起来按时交了，实际上掩盖了工作没有进展、或者没人真正在跟。",
      fix="对照本周实际发生的事重写每一节：哪些工作有了进展、卡在哪里、下周谁做什么；没有变化的工作也要写明为什么没有变化。",
      threshold=f"相似度 ≥ {COPY_THRESHOLD:.2f} 即报错（字二元组余弦相似度）")
def check_nocopy(ctx):
    by_client: dict[str, list] = {}
    for r in ctx.archive.of_type("weekly-status"):
        if r.data.get("week"):
            by_client.setdefault(r.client, []).append(r)
    pairs = []
    for reports in by_client.values():
        reports.sort(key=lambda r: r.data["week"])
        pairs += [(prev, cur) for prev, cur in zip(reports, reports[1:]) if ctx.wanted(cur)]
    text = {r.path: body_text(r.body) for pair in pairs for r in pair}  # each report's once: it is in two pairs
    scores = similarities([(text[prev.path], text[cur.path]) for prev, cur in pairs],
                          store=ctx.settings.root / "build" / "cache" / "similarity.pickle")
    for (prev, cur), score in zip(pairs, scores):
        if score >= COPY_THRESHOLD:
            yield dated(ctx, ctx.finding(
                "WSR-NOCOPY", cur, "week",
                f"这份周报与上一份（{prev.data['week']}）的正文相似度为 {score:.2f}（≥ {COPY_THRESHOLD:.2f}），看起来是照抄上周的。",
                "按本周实际情况重写各节：写清楚本周的进展、变化和下周计划，不要只改日期。",
                evidence=f"与 {prev.path} 比较，字二元组余弦相似度 {score:.3f}"), periods.week_start(cur.data["week"]))


@rule("BUD-MONTHLY", level="warning", title="服务中的客户每月都有预算报告，次月前 5 个工作日内交", applies_to=("client", "budget-report"),
      source="documents/status-reports.md#budget",
      asks=f"每个服务中（`status: active`）的客户，从开始服务那个月起，每个月都有一份预算报告（`clients/<客户>/reports/monthly/<年-月>.md`），"
           f"在次月的前 {periods.MONTHLY_DUE_WORKDAYS} 个工作日内交（例如 2026-10 的报告最迟 2026-11-06 交；工作日按中国法定节假日与调休计算）。"
           f"过了交报告的期限还没有报告的月份会提醒；只检查本月之前最近 {MONTHS_BACK} 个月。",
      why="月度预算报告让我们提前评估生意、主动安排服务，也让客户随时知道年度预算执行到哪里；月初几天交，上个月的执行数才齐全。",
      fix="用 `python -m generators new budget-report --client <客户> --set month=2026-10` 补写，写好后与 AM 一起核对。",
      threshold=f"每月 1 份，次月前 {periods.MONTHLY_DUE_WORKDAYS} 个工作日内交；回看最近 {MONTHS_BACK} 个月")
def check_monthly(ctx):
    for client in active_clients(ctx):
        for month in missing_months(ctx, client):
            due = periods.monthly_due(month)
            if due >= ctx.as_of:
                continue  # still within the first working days of the next month
            yield dated(ctx, ctx.finding(
                "BUD-MONTHLY", client, "status",
                f"{client.data.get('short_name') or client.client} 缺少 {month} 的每月预算报告（最迟应在 {due} 交）。",
                f"补写 clients/{client.client}/reports/monthly/{month}.md：`python -m generators new budget-report --client {client.client} --set month={month}`。",
                evidence=f"服务中的客户，今天按 {ctx.as_of} 计，{month} 的报告期限 {due}（次月第 {periods.MONTHLY_DUE_WORKDAYS} 个工作日）已过"), due, due)


@deadlines_of("BUD-MONTHLY")
def open_monthlies(ctx):
    """Budget reports not written: the missing past months, and the coming ones (due the last
    working day of the month) up to the to-do horizon."""
    for client in active_clients(ctx):
        for month in missing_months(ctx, client) + coming_months(ctx, client):
            yield Deadline("BUD-MONTHLY", "monthly", periods.monthly_due(month), f"{_short(client)} {month} 预算报告",
                           client.client, client.path, "status", detail="每月预算报告，写好后与 AM 一起核对",
                           key=f"monthly|{client.client}|{month}")


@rule("BUD-RECONCILE", level="error", title="预算报告收支相符到分", applies_to=("budget-report",),
      source="documents/status-reports.md#budget",
      asks="预算报告的媒介（media）和制作（production）两行，各自满足：年度预算 annual_budget = 已执行 executed + 执行中 in_progress + 未执行余额 remaining，"
           "精确到分（按十进制计算，不四舍五入）。",
      why="预算报告对不上账，客户会怀疑所有数字；差一分钱也要找出是哪一笔记错了。",
      fix="逐笔核对已执行、执行中的金额，再用年度预算减去两者得出余额；金额以元为单位，最多两位小数。",
      threshold="差额 0.00 元（到分）")
def check_reconcile(ctx):
    labels = {"media": "媒介", "production": "制作"}
    for r in ctx.archive.of_type("budget-report"):
        for key, label in labels.items():
            line = (r.data.get("lines") or {}).get(key) or {}
            parts = [line.get(k) for k in ("annual_budget", "executed", "in_progress", "remaining")]
            if any(not isinstance(p, Decimal) for p in parts):
                continue  # REQ-FIELDS reports the missing amount
            budget, executed, progress, remaining = parts
            total = executed + progress + remaining
            if total != budget:
                diff = budget - total
                yield ctx.finding(
                    "BUD-RECONCILE", r, f"lines.{key}",
                    f"{label}一行对不上：已执行 {executed} + 执行中 {progress} + 余额 {remaining} = {total}，"
                    f"而年度预算是 {budget}，相差 {abs(diff):.2f} 元。",
                    f"核对各项金额；如果前三项都对，余额应为 {budget - executed - progress:.2f}。")


@rule("CMP-QUARTERLY", level="warning", title="服务中的客户每季度有市场及竞品报告", applies_to=("client", "competitive-report"),
      source="documents/competitive-reports.md#quarterly",
      asks=f"每个服务中（`status: active`）的客户，从开始服务那个季度起，每个季度都有一份季度市场及竞品动态报告（`kind: quarterly`，"
           f"期间写季度如 2026-Q3，或该季度内的月份、日期）。只检查本季度之前最近 {QUARTERS_BACK} 个已结束的季度。",
      why="观察和报告市场及竞争对手的活动是 AE 的职责，每季一报；客户最怕的是竞品动了我们还不知道。",
      fix="写一份 `kind: quarterly` 的市场及竞品动态报告：`python -m generators new competitive-report --client <客户> --set period=2026-Q3`。",
      threshold=f"每季度 1 份；回看最近 {QUARTERS_BACK} 个已结束的季度")
def check_quarterly(ctx):
    for client in active_clients(ctx):
        for quarter in missing_quarters(ctx, client):
            yield dated(ctx, ctx.finding(
                "CMP-QUARTERLY", client, "status",
                f"{client.data.get('short_name') or client.client} 缺少 {quarter} 的季度市场及竞品动态报告。",
                f"补写 clients/{client.client}/reports/competitive/{quarter}.md（kind: quarterly）。",
                evidence=f"服务中的客户，今天按 {ctx.as_of} 计，{quarter} 已结束"), periods.quarter_end(quarter), periods.quarter_end(quarter))


@deadlines_of("CMP-QUARTERLY")
def open_quarterlies(ctx):
    """Quarterly competitor reports not written: the missing past quarters, and this quarter's
    when it ends by the to-do horizon (the rule counts a quarter once it has ended)."""
    for client in active_clients(ctx):
        quarters = missing_quarters(ctx, client)
        this = periods.quarter_key(ctx.as_of)
        if periods.quarter_end(this) <= horizon(ctx) and this not in quarters_written(ctx, client):
            quarters.append(this)
        for quarter in quarters:
            yield Deadline("CMP-QUARTERLY", "quarterly", periods.quarter_end(quarter), f"{_short(client)} {quarter} 季度竞品报告",
                           client.client, client.path, "status", detail="季度市场及竞品动态报告（kind: quarterly）",
                           key=f"quarterly|{client.client}|{quarter}")
