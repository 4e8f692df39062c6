"""Competitor-review rule: the review answers every question of the department's outline."""
from __future__ import annotations

from generators.rules.common import body_line, section_gaps
from generators.rules.registry import rule


@rule("CMP-REVIEW", level="error", title="竞品回顾回答七个问题", applies_to=("competitor-review", "brand"),
      source="documents/competitive-reports.md#competitor-review-record",
      asks="每份竞品回顾（`type: competitor-review`）的正文有七节，每节都有实际内容：定位与目标对象、传播信息、创意执行、媒介、促销与渠道、"
           "变化、对我方的影响。回顾的竞品 `competitor` 要列在我方品牌档案的 `competitors` 里（品牌档案没有列竞品的不查）。",
      why="竞品回顾的目的是弄懂对手的策略，而不只是记下它做了什么；少答一个问题，策略的拼图就缺一块。"
          "竞品不在品牌档案的竞品名单里，品牌档案第 5 部分就看不到这份分析。",
      fix="补上缺的小节；某方面竞品确实没有动作，写明“没有变化”和依据。竞品是新出现的，请 AM 把它加进品牌档案的 competitors。",
      threshold="7 个小节，每节有内容")
def check_review(ctx):
    for r in ctx.archive.of_type("competitor-review"):
        for title, gap in section_gaps(r):
            if gap == "missing":
                yield ctx.finding("CMP-REVIEW", r, "", f"竞品回顾缺少“{title}”这一节。", f"加上一行 `## {title}`，在下面写内容。",
                                  line=r.body_line)
            else:
                yield ctx.finding("CMP-REVIEW", r, "", f"竞品回顾的“{title}”一节是空的（只有提示或占位字样）。",
                                  f"在“{title}”下面写上实际内容；确实没有，写明“没有变化”和依据。", line=body_line(r, title))
        brand = ctx.archive.get("brand", f"{r.client}/{r.data.get('brand')}") if r.client and r.data.get("brand") else None
        listed = [str(c) for c in (brand.data.get("competitors") or [])] if brand else []
        name = r.data.get("competitor")
        if listed and name and str(name) not in listed:
            yield ctx.finding("CMP-REVIEW", r, "competitor", f"竞品“{name}”不在品牌档案 {brand.path} 的竞品名单里（{'、'.join(listed)}）。",
                              "核对竞品名称的写法；确是新竞品的，请 AM 把它加进品牌档案的 competitors。")
