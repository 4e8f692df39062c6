"""Builders for the workflow-rule tests: records written into a conftest `Project`, and a way to
run every rule over it (in-process, through `check_archive`) and keep one rule's findings."""
from __future__ import annotations

from datetime import date

import yaml
from conftest import CLIENT, CLIENT_MD

from generators.rules.check import check_archive


def front(data: dict, body: str = "") -> str:
    """A record file: YAML front matter from `data` (strings quoted as needed), then `body`."""
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False)
    return f"---\n{text}---\n\n{body}"


def findings(project, as_of: str, rule: str | None = None, history=None):
    """Findings of one check run at `as_of` (optionally only one rule's)."""
    return [f for f in run(project, as_of, history)[0] if rule is None or f.rule == rule]


def run(project, as_of: str, history=None):
    """(findings, ctx) of one check run at `as_of`, with an optional injected git History."""
    if history is not None:
        _archive, found, ctx = _with_history(project, as_of, history)
    else:
        _archive, found, ctx = check_archive(project.root, date.fromisoformat(as_of), use_git=False)
    return found, ctx


def _with_history(project, as_of, history):
    from generators.rules.check import run_rules
    from generators.archive.config import load_settings
    from generators.rules.context import Context
    from generators.archive.records import load_archive
    archive = load_archive(load_settings(project.root))
    ctx = Context(archive, date.fromisoformat(as_of), use_git=True, _history=history)
    return archive, archive.findings + run_rules(ctx), ctx


def set_client(project, **replace: str) -> None:
    """Rewrite the base client with `old=new` line replacements (e.g. make it active)."""
    text = CLIENT_MD
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new)
    project.write(CLIENT, text)


def activate(project, klass: str = "C", since: str = "2026-01-08", contract: bool = True) -> None:
    """Make the base client an active client of a class, with a valid contract."""
    extra = ""
    if contract:
        extra = ("contract:\n  number: \"C-1\"\n  party_a: 华信食品股份有限公司\n  party_b: 星河广告有限公司\n"
                 "  signed: 2025-12-18\n  start: 2026-01-01\n  end: 2026-12-31\n  amount: 3860000\n"
                 "  amount_in_words: 叁佰捌拾陆万元整\n")
    set_client(project, **{"status: prospect": "status: active", "class: C": f"class: {klass}",
                           "since: 2026-01-08": f"since: {since}", "    - 王芳\n": "    - 王芳\n" + extra})


MEETING_BODY = "## 讨论要点\n\n客户确认了海报方向。\n\n## 备注\n\n无。\n"


def meeting(project, held_at: str, slug: str = "review", **fields) -> str:
    """Write a meeting report held at `held_at` ("2026-11-16 10:00"); returns its path."""
    data = {"type": "meeting", "client": "huaxin-foods", "title": "冬季海报讨论", "kind": "meeting", "held_at": held_at,
            "attendees": {"client": ["何丽"], "agency": ["王芳"]}}
    data.update(fields)
    rel = f"clients/huaxin-foods/meetings/{held_at[:10]}-{slug}.md"
    project.write(rel, front(data, MEETING_BODY))
    return rel


WEEKLY_SECTIONS = ["进行中的工作", "下一步", "调研", "媒介", "财务", "创意"]


def weekly(project, week: str, body: str | None = None, **fields) -> str:
    """Write a weekly status report for an ISO week; the default body is unique to the week."""
    if body is None:
        body = "\n".join(f"## {s}\n\n{week} {s}：{_filler(week, i)}\n" for i, s in enumerate(WEEKLY_SECTIONS))
    data = {"type": "weekly-status", "client": "huaxin-foods", "week": week, "authors": ["王芳", "林晓岚"]}
    data.update(fields)
    rel = f"clients/huaxin-foods/reports/weekly/{week}.md"
    project.write(rel, front(data, body))
    return rel


_WORDS = "春节海报完稿印刷店头物料冬季电视广告精剪调色预估签字媒介排期户外灯箱调研问卷焦点小组发票付款提案修改"


def _filler(seed: str, n: int) -> str:
    k = (sum(map(ord, seed)) + n * 7) % len(_WORDS)
    return _WORDS[k:] + _WORDS[:k]


def budget(project, month: str, media=(1000000, 400000, 100000, 500000), production=(300000, 100000, 50000, 150000)) -> str:
    """Write a monthly budget report; each line is (annual, executed, in progress, remaining)."""
    keys = ("annual_budget", "executed", "in_progress", "remaining")
    data = {"type": "budget-report", "client": "huaxin-foods", "month": month,
            "lines": {"media": dict(zip(keys, media)), "production": dict(zip(keys, production))}}
    rel = f"clients/huaxin-foods/reports/monthly/{month}.md"
    project.write(rel, front(data, "## 说明\n\n本月按计划执行。\n"))
    return rel


def competitive(project, period: str, kind: str = "quarterly") -> str:
    data = {"type": "competitive-report", "client": "huaxin-foods", "period": period, "kind": kind, "title": f"{period} 竞品动态"}
    body = "## 市场动态\n\n稳定。\n\n## 竞品活动\n\n晨露降价。\n\n## 对我方的启示\n\n加强店头。\n"
    rel = f"clients/huaxin-foods/reports/competitive/{period}.md"
    project.write(rel, front(data, body))
    return rel


def issue(project, received_at: str, slug: str = "price", **fields) -> str:
    data = {"type": "client-issue", "client": "huaxin-foods", "title": "海报价格错误", "category": "complaint",
            "received_at": received_at, "channel": "电话", "handler": "王芳", "status": "open"}
    data.update(fields)
    rel = f"clients/huaxin-foods/issues/{received_at[:10]}-{slug}.md"
    project.write(rel, front(data, "## 问题描述\n\n海报价格印错。\n\n## 处理经过\n\n已回收。\n"))
    return rel


def job(project, job_no: str = "HXF-2026-0001", body: str = "## 工作简报\n\n海报。\n\n## 进展记录\n\n进行中。\n", **fields) -> str:
    """Write a job bag; `fields` override the defaults (status brief, the brief signed on the
    opening day); a field given as None is left out."""
    data = {"type": "job", "job_no": job_no, "client": "huaxin-foods", "brand": "huaxin-yogurt", "title": "冬季新品海报",
            "kind": "creative", "ae": "王芳", "am": "林晓岚", "opened": "2026-10-05", "due": "2026-12-20", "status": "brief",
            "brief": BRIEF}
    data.update(fields)
    data = {k: v for k, v in data.items() if v is not None}
    rel = f"clients/huaxin-foods/jobs/{job_no}/job.md"
    project.write(rel, front(data, body))
    return rel


BRIEF = {"date": "2026-10-05", "ad": "周志远", "cd": "吴迪"}
SCHEDULE = [{"step": "草图提案", "due": "2026-10-20", "done": "2026-10-20", "audience": "client"},
            {"step": "印刷", "due": "2026-11-10", "done": "2026-11-10", "audience": "internal"}]
