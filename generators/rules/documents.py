"""Document rules: attachments a colleague or finance can open, reports that cite no later event."""
from __future__ import annotations

import csv
import io
import re
from functools import lru_cache
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from generators.archive import periods
from generators.archive.attachments import place
from generators.archive.estimates import estimates
from generators.archive.fields import Attachment
from generators.rules.common import fmt
from generators.rules.registry import rule

MAX_BYTES = 5 * 1024 * 1024  # larger attachments are not opened (a real estimate is a few kB)
TEXT_SUFFIXES = (".csv", ".txt", ".md")
ESTIMATE_HEADER = ["项目", "金额（元）"]
AMOUNT = re.compile(r"-?\d+(\.\d{1,2})?")


@rule("RET-PARSE", level="error", title="附件能被正常打开和读取", applies_to=("job", "client", "research-summary"),
      source="filing/index.md#basics",
      asks="记录里登记的文字附件（.csv、.txt、.md）是 UTF-8 文本（Excel 导出的带 BOM 的 UTF-8 也可以）。"
           "CSV 文件用标准 CSV 格式读取，每一行的栏数与表头相同；文字里有逗号的栏要用英文双引号括起来（如 `\"印刷：海报 5,000 张\",58500.00`），"
           "或者不用千分位逗号。预估单（`estimate.file` 或 `documents.estimate`，CSV）还要："
           "表头是“项目,金额（元）”；每行金额是数字（最多两位小数，不写千分位）；有一行以“合计”开头并写明“含税”或“不含税”；"
           "合计等于上面各项之和，也等于记录里的 `estimate.amount`；合计之后只能有以“其中”开头的说明行（如“其中：增值税（6%）”）。",
      why="预估单和发票是对账的凭据：财务用表格软件打开时错了栏，金额就读错了；合计与记录不符、没写是否含税，客户和财务都会问到底该付多少。",
      fix="用表格软件另存为“CSV UTF-8”；含逗号的文字加英文双引号，或把“5,000 张”写成“5000 张”；"
          "预估单按“项目,金额（元）”两栏写，最后一行写“合计（含税）”和总额，再加“其中：增值税（6%）”一行。",
      threshold="每行栏数 = 表头栏数；预估合计 = 各项之和 = estimate.amount（到分）")
def check_parse(ctx):
    for r in ctx.archive.records:
        if not ctx.wanted(r):
            continue
        seen: set[str] = set()
        for where, f, value in r.leaves:
            if not isinstance(f.type, Attachment) or not str(value).lower().endswith(TEXT_SUFFIXES):
                continue
            rel = f"{r.folder}/{value}"
            if rel not in ctx.archive.files or rel in seen:
                continue  # RET-ATTACH reports a missing file; a file listed twice is read once
            if place(ctx.settings.root, r.folder, str(value)).path is None:
                continue  # a symlink or a path out of the folder: RET-ATTACH reports it, nothing reads through it
            seen.add(rel)
            text, problem = _read_text(ctx.settings.root / rel)
            if problem:
                yield ctx.finding("RET-PARSE", r, where, f"附件 {value} {problem}",
                                  "用编辑器或表格软件把文件另存为“UTF-8”编码的文本，再提交。")
                continue
            if not rel.lower().endswith(".csv"):
                continue
            for message, fix in _csv_problems(text, value, _estimate_of(r, where, rel)):
                yield ctx.finding("RET-PARSE", r, where, message, fix)


def _estimate_of(r, where: str, rel: str) -> dict | None:
    """The estimate a CSV attachment is the sheet of ({} when the job records none), or None when it is no estimate."""
    if r.type != "job":
        return None
    all_ = estimates(r)
    for at, est in all_:
        if where == f"{at}.file" or f"{r.folder}/{est.get('file')}" == rel:
            return est
    if where == "documents.estimate":  # the job bag's copy: of the one estimate, when there is only one
        return all_[0][1] if len(all_) == 1 else {}
    return None


def _read_text(path) -> tuple[str, str]:
    """(text, "") or ("", what is wrong) for an attachment read as UTF-8."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        return "", f"无法读取：{exc.strerror}。"
    if len(raw) > MAX_BYTES:
        return "", f"超过 {MAX_BYTES // 1024 // 1024} MB，不像是一份文字单据。"
    try:
        return raw.decode("utf-8-sig"), ""
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return "", f"不是 UTF-8 文本（第 {line} 行起无法解码，可能是 GBK 编码或二进制文件）。"


def _csv_problems(text: str, name: str, estimate: dict | None):
    """(message, fix) for each way a CSV attachment does not read as the table it should be."""
    try:
        rows = [(n, row) for n, row in enumerate(csv.reader(io.StringIO(text, newline=""), strict=True), 1) if any(c.strip() for c in row)]
    except csv.Error as exc:
        yield f"附件 {name} 不是合格的 CSV：{exc}。", "检查引号是否成对；含逗号或引号的文字用英文双引号括起来。"
        return
    if not rows:
        yield f"附件 {name} 是空的。", "放入真实的单据内容。"
        return
    header = rows[0][1]
    bad = [(n, len(row)) for n, row in rows[1:] if len(row) != len(header)]
    for n, width in bad[:3]:
        yield (f"附件 {name} 第 {n} 行有 {width} 栏，表头有 {len(header)} 栏：多半是文字里的逗号（如“5,000 张”）没有加引号，读表时会错栏。",
               f"把第 {n} 行含逗号的文字用英文双引号括起来，或去掉千分位逗号。")
    if bad or estimate is None:
        return
    yield from _estimate_problems(rows, name, estimate)


def _estimate_problems(rows, name: str, estimate: dict):
    header = [c.strip() for c in rows[0][1]]
    if header != ESTIMATE_HEADER:
        yield (f"预估单 {name} 的表头是“{','.join(header)}”，应为“{','.join(ESTIMATE_HEADER)}”。",
               "第一行写“项目,金额（元）”，下面每行一个项目和金额。")
        return
    items, total, after = [], None, False
    for n, (label, cell) in rows[1:]:
        label, cell = label.strip(), cell.strip()
        if total is not None:
            if not label.startswith("其中") and not after:
                yield (f"预估单 {name} 第 {n} 行“{label}”写在合计之后：合计之后只能有以“其中”开头的说明行。",
                       "把这一项移到合计之前并重算合计；批准、签字日期写在工作记录的 estimate 里，不写进预估单。")
                after = True
            continue
        if not AMOUNT.fullmatch(cell):
            yield (f"预估单 {name} 第 {n} 行的金额“{cell}”不是数字（最多两位小数，不写千分位和“元”）。",
                   "只写数字，例如 58500.00。")
            return
        amount = Decimal(cell)
        if label.startswith("合计"):
            total = (n, label, amount)
        else:
            items.append(amount)
    if after:
        return
    if total is None:
        yield f"预估单 {name} 没有“合计”一行。", "最后一行写“合计（含税）”和各项之和。"
        return
    n, label, amount = total
    if "含税" not in label:
        yield (f"预估单 {name} 第 {n} 行“{label}”没有写明金额是否含税。",
               "写成“合计（含税）”或“合计（不含税）”，再加一行“其中：增值税（6%）”写出税额。")
    if sum(items, Decimal(0)) != amount:
        yield (f"预估单 {name} 的合计 {amount} 与各项之和 {sum(items, Decimal(0))} 不符。", "逐项核对金额，重算合计。")
    recorded = estimate.get("amount")
    if isinstance(recorded, Decimal) and recorded != amount:
        yield (f"预估单 {name} 的合计 {amount} 与记录的 estimate.amount（{recorded}）不符。",
               "以客户签字的预估单为准，改正 estimate.amount 或预估单。")


# ---- reports that cite events after their own date ----

_FULL = re.compile(r"(20\d\d)\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})\s*日?")
_SHORT = re.compile(r"(?<![\d年\-/.])(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_CLAUSE = re.compile(r"[^。；;！!？?\n，,]+")
# A clause tells of something that happened (a reply, a result) ...
PAST = re.compile(r"已|查明|事后|更正|回复|答复|回电|收到|完成|签字|签回|成交|售出|结果|反馈|通过|发出|到货|付款|支付|替换|换上|更换|张贴")
# ... unless it is a plan or a deadline.
FUTURE = re.compile(r"前|之前|以前|截止|到期|起|计划|预计|预定|将|拟|定于|安排|待|届时|下周|下月|请|目标|争取|需在|须在|最迟|最晚|至|若|如果|如未|假如|否则")
# The note of a late acknowledgment is written after sending on purpose (MTG-ACK asks for it).
AFTERWORD = re.compile(r"回传")


def own_date(record) -> tuple[datetime | date | None, str]:
    """The moment a report speaks from, and how it is known; None for records that are logs."""
    d = record.data
    if record.type == "meeting":
        moment = d.get("sent_at") or d.get("held_at")
        return moment, ("发出时间 sent_at" if d.get("sent_at") else "会议时间 held_at")
    if record.type == "weekly-status" and d.get("week"):
        return periods.week_start(d["week"]) + timedelta(days=6), f"周报周次 {d['week']} 的最后一天"
    if record.type == "competitive-report" and d.get("period"):
        return periods.period_range(d["period"])[1], f"报告期间 {d['period']} 的最后一天"
    if record.type in ("research-summary", "brand-history") and d.get("date"):
        return d["date"], "记录日期 date"
    return None, ""


_HEAD = re.compile(r"^\s{0,3}#{1,6}\s+(.*)$")
PLAN_SECTION = re.compile(r"下一步|计划|待办|未决|安排")


def _facts_only(body: str) -> str:
    """The body without comments and without its plan sections (下一步 ...), lines kept in place."""
    body = re.sub(r"<!--.*?-->", lambda m: "\n" * m.group(0).count("\n"), body, flags=re.S)
    out, skipping = [], False
    for line in body.split("\n"):
        head = _HEAD.match(line)
        if head:
            skipping = bool(PLAN_SECTION.search(head.group(1)))
        out.append("" if skipping else line)
    return "\n".join(out)


def cited_dates(text: str, around: date):
    """(date, matched text, offset) for each calendar date written in text; a date without a year
    takes the year that puts it nearest to `around`."""
    taken = []
    for m in _FULL.finditer(text):
        try:
            taken.append((date(int(m.group(1)), int(m.group(2)), int(m.group(3))), m.group(0), m.start()))
        except ValueError:
            continue
    spans = [range(m.start(), m.end()) for m in _FULL.finditer(text)]
    for m in _SHORT.finditer(text):
        if any(m.start() in s for s in spans):
            continue
        options = []
        for year in (around.year - 1, around.year, around.year + 1):
            try:
                options.append(date(year, int(m.group(1)), int(m.group(2))))
            except ValueError:
                continue
        if options:
            taken.append((min(options, key=lambda d: abs((d - around).days)), m.group(0), m.start()))
    return taken


# Every date `cited_dates` finds contains one of these; a body without any (and without a comment,
# whose removal could join two halves) has nothing for RPT-FUTURE, and most bodies are skipped unread.
_DATE_HINT = re.compile(r"20\d\d\s*[-年/.]|\d\s*月\s*\d")
# The two halves of _DATE_HINT searched apart: one that starts with a digit class makes the regex try
# every position of every body; "20" is a literal it jumps to, and 月 is looked for first.
_YEAR_HINT = re.compile(r"20\d\d\s*[-年/.]")
_MONTH_HINT = re.compile(r"\d\s*月\s*\d")


def date_hint(body: str) -> bool:
    """Whether `_DATE_HINT` finds anything in the body."""
    return _YEAR_HINT.search(body) is not None or ("月" in body and _MONTH_HINT.search(body) is not None)


@lru_cache(maxsize=32768)  # re-checks under `mkdocs serve` see the same bodies again
def _may_cite(body: str) -> bool:
    return "<!--" in body or (date_hint(body) and PAST.search(body) is not None)


@rule("RPT-FUTURE", level="warning", title="报告不写报告日期之后才发生的事", applies_to=("meeting", "weekly-status", "competitive-report",
                                                                          "research-summary", "brand-history"),
      source="documents/index.md#common",
      asks="会议报告（以发出时间 `sent_at` 为准，没有时以会议时间）、周报（以该周最后一天为准）、竞品报告（以报告期间最后一天为准）、"
           "调研摘要和品牌历史（以记录日期为准）的正文里，叙述已经发生的事（回复、确认、完成、签字、成交、结果等）时，"
           "所写的日期不能晚于报告自己的日期。写计划、期限、条件或起止期间的句子（含“前、截止、计划、预计、将、安排、请、下周、若、至”等）不算，"
           "标题含“下一步、计划、待办、未决、安排”的小节整节不算。"
           "日期写成 2026-11-19、2026 年 11 月 19 日或 11 月 19 日都能识别；只写月日时取离报告日期最近的年份。",
      why="报告写的是发出那一刻知道的事；出现之后才发生的事，说明报告事后被改过却没有注明修订，客户拿两份不同的版本对质时，我们说不清哪份是真的。",
      fix="发出后才知道的事，写进下一份报告，或另发一份注明“修订”和修订日期的版本；如果这句话说的是计划，写清楚“计划”“预计”或“前”。",
      threshold="叙述事实的句子里，日期晚于报告日期")
def check_future(ctx):
    for r in ctx.archive.records:
        if not ctx.wanted(r) or not _may_cite(r.body or ""):
            continue
        moment, basis = own_date(r)
        if moment is None or not isinstance(moment, (date, datetime)):
            continue
        day = moment.date() if isinstance(moment, datetime) else moment
        body = _facts_only(r.body or "")
        for m in _CLAUSE.finditer(body):
            clause = m.group(0)
            if not PAST.search(clause) or FUTURE.search(clause) or AFTERWORD.search(clause):
                continue
            for cited, written, _at in cited_dates(clause, day):
                if cited > day:
                    line = r.body_line + body.count("\n", 0, m.start())
                    yield ctx.finding("RPT-FUTURE", r, "", f"正文写了 {written} 发生的事（“{clause.strip()[:40]}”），"
                                      f"晚于这份报告的{basis}（{fmt(moment)}）。",
                                      "发出后才发生的事写进下一份报告，或另发注明“修订”的新版本；如果这是计划，写明“计划/预计/前”。",
                                      line=line)
                    break
