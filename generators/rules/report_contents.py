"""Rules that read a report's text against the archive: the budget report's table against its
front matter, and the weekly report against the client's open jobs."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from generators.archive import periods
from generators.rules.common import STATUS_LABEL, body_line
from generators.rules.registry import rule

LINES = {"媒介": "media", "制作": "production"}
COLUMNS = {"annual_budget": "年度预算", "executed": "已执行", "in_progress": "执行中", "remaining": "未执行余额"}
_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_NUMBER = re.compile(r"-?\d+(\.\d{1,2})?")
# Jobs a weekly report must speak of: numbered and not yet delivered.
OPEN_STATUSES = ("brief", "concept", "estimate", "artwork", "production")


def _cells(line: str) -> list[str]:
    return [c.strip().strip("*").strip() for c in line.strip().strip("|").split("|")]


def _column_keys(header: list[str]) -> list[str | None]:
    """Which front-matter amount each header cell names (余额 before 执行, since 未执行余额 holds both)."""
    out = []
    for cell in header:
        if "预算" in cell:
            out.append("annual_budget")
        elif "余额" in cell or "未执行" in cell:
            out.append("remaining")
        elif "执行中" in cell:
            out.append("in_progress")
        elif "已执行" in cell:
            out.append("executed")
        else:
            out.append(None)
    return out


def budget_rows(body: str):
    """(line index in the body, line key or "total", {amount key: cell text}) for every 媒介 / 制作 /
    合计 row of the body's tables, columns taken from each table's header."""
    lines = body.splitlines()
    keys: list[str | None] = []
    for i, line in enumerate(lines):
        if not line.lstrip().startswith("|"):
            keys = []
            continue
        if i + 1 < len(lines) and _SEPARATOR.match(lines[i + 1]):
            keys = _column_keys(_cells(line))
            continue
        if _SEPARATOR.match(line) or not keys:
            continue
        cells = _cells(line)
        label = cells[0] if cells else ""
        key = next((k for name, k in LINES.items() if label.startswith(name)), "total" if label.startswith("合计") else None)
        if key:
            yield i, key, {k: c for k, c in zip(keys, cells) if k}


def _amount(cell: str) -> Decimal | None:
    text = cell.replace(",", "").replace("，", "").replace("元", "").replace("¥", "").replace(" ", "")
    if not _NUMBER.fullmatch(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


@rule("BUD-BODY", level="error", title="预算报告正文的表格与记录的数字一致", applies_to=("budget-report",),
      source="documents/status-reports.md#budget-table",
      asks="预算报告正文里的预算执行表，“媒介”“制作”两行的年度预算、已执行、执行中、未执行余额，"
           "要与记录开头 `lines` 里的同一项数字完全相同（到分；表格里可以写千分位逗号）；"
           "表格有“合计”一行的，合计的每一栏等于媒介与制作两行之和。表格里的金额要写成数字。",
      why="客户读的是正文的表格，检查核对的是记录开头的数字：两处不一致时，收支相符的检查通过了，客户手上的报告却是错的。",
      fix="以核对过的数字为准，把正文表格里对应的格子改成与 `lines` 相同（或反过来改 `lines`，再让收支相符）；"
          "以后改数字时两处一起改。",
      threshold="差额 0.00 元（到分）")
def check_budget_body(ctx):
    for r in ctx.archive.of_type("budget-report"):
        lines = r.data.get("lines") or {}
        sums: dict[str, Decimal] = {}
        for i, key, cells in budget_rows(r.body or ""):
            at = r.body_line + i
            if key == "total":
                expected = sums
                name = "合计"
            else:
                expected = {k: v for k, v in (lines.get(key) or {}).items() if isinstance(v, Decimal)}
                name = next(n for n, k in LINES.items() if k == key)
                for k, v in expected.items():
                    sums[k] = sums.get(k, Decimal(0)) + v
            for column, cell in cells.items():
                value = _amount(cell)
                if value is None:
                    yield ctx.finding("BUD-BODY", r, "", f"正文表格“{name}”一行的{COLUMNS[column]}“{cell}”不是金额。",
                                      "只写数字（可以有千分位逗号和两位小数），例如 12,734,600.00。", line=at)
                elif column in expected and value != expected[column]:
                    source = "媒介与制作两行之和" if key == "total" else f"记录开头 lines.{key}.{column}"
                    yield ctx.finding("BUD-BODY", r, f"lines.{key}.{column}" if key != "total" else "",
                                      f"正文表格“{name}”一行的{COLUMNS[column]}写的是 {value:,.2f}，而{source}是 {expected[column]:,.2f}。",
                                      f"核对后把两处改成同一个数字（正文表格第 {at} 行）。", line=at)


@rule("WSR-JOBS", level="warning", title="周报写到客户每一项进行中的工作", applies_to=("weekly-status", "job"),
      source="documents/status-reports.md#weekly-jobs",
      asks="每个客户最近一份每周工作状况报告（周次不晚于今天）的正文里，要写到这个客户每一项进行中的工作："
           "状态为简报至制作（`brief` 到 `production`）、开单日期不晚于该周最后一天的工作，用工作号（如 HXF-2026-0042）提到它。",
      why="周报要让客户看到所有工作的状态；漏写的那项工作，客户会以为没人在做，问题也可能拖过一周没人发现。",
      fix="在“进行中的工作”一节用工作号写上这项工作本周的进展，没有进展也写一句原因；这份周报已经发给客户的，在下一份周报里补上。",
      threshold="最近一份周报；每项进行中的工作至少提到一次工作号")
def check_weekly_jobs(ctx):
    latest = {}
    for r in ctx.archive.of_type("weekly-status"):
        week = r.data.get("week")
        try:
            start, end = periods.period_range(str(week)) if week else (None, None)
        except (ValueError, KeyError):
            continue  # REQ-FIELDS reports a malformed week
        if start is None or start > ctx.as_of:
            continue
        if r.client not in latest or str(week) > str(latest[r.client][0].data["week"]):
            latest[r.client] = (r, end)
    for client, (report, end) in latest.items():
        text = report.body or ""
        for job in ctx.archive.for_client(client, "job"):
            no, opened = job.data.get("job_no"), job.data.get("opened")
            if job.data.get("status") not in OPEN_STATUSES or not no or not hasattr(opened, "year") or opened > end:
                continue
            if str(no) not in text:
                yield ctx.finding("WSR-JOBS", report, "", f"周报没有写到进行中的工作 {no}（{job.title}，{STATUS_LABEL[job.data['status']]}阶段）。",
                                  f"在“进行中的工作”里写上 {no} 本周的进展；这份周报已经发出的，在下一份周报里补上。",
                                  evidence=f"依据 {job.path}：状态 {job.data['status']}，开单 {opened}",
                                  line=body_line(report, "进行中的工作"))
