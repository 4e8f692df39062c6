"""Dashboards: what the rules found, where AEs, AMs and ADs look. Generated pages, no JavaScript."""
from __future__ import annotations

from collections import Counter
from html import escape

from .findings import Finding
from .pages import Page


def pages(ctx, findings: list[Finding]) -> list[Page]:
    """Every dashboard page of the site, from the findings of one check run."""
    return [overview(ctx, findings)]


def overview(ctx, findings: list[Finding]) -> Page:
    """`dashboards/index.md`: findings counted by client and level."""
    by_client: Counter = Counter()
    for f in findings:
        parts = f.path.split("/")
        client = parts[1] if len(parts) > 2 and parts[0] == "clients" else "（其他）"
        by_client[(client, f.level)] += 1
    clients = sorted({c for c, _ in by_client})
    rows = "\n".join(f"| {escape(c)} | {by_client[(c, 'error')]} | {by_client[(c, 'warning')]} |" for c in clients)
    body = (f"# 看板\n\n截至 {ctx.as_of.isoformat()} 的档案检查结果。\n\n"
            + ("| 客户 | 错误 | 警告 |\n| --- | ---: | ---: |\n" + rows if rows else "档案检查没有发现问题。") + "\n")
    return Page("dashboards/index.md", body)
