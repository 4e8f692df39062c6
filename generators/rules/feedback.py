"""Feedback-report rule: an ad execution feedback report covers the parts the department asks for."""
from __future__ import annotations

from datetime import date

from generators.rules.common import body_line, section_gaps
from generators.rules.registry import rule


@rule("FBK-PARTS", level="error", title="广告执行反馈报告六个部分齐全", applies_to=("feedback-report",),
      source="documents/research-and-feedback.md#feedback-record",
      asks="每份广告执行反馈报告（`type: feedback-report`）有：发布清单 `placements`（媒体、位置、日期、规格与次数）、"
           "投放期 `flight`（开始不晚于结束）、执行中的问题 `problems`（没有问题写 `problems: []` 并在正文说明）、客户意见 `client_view`，"
           "以及正文的四节：销售与咨询反馈、竞品情况、地面促销、下一步建议，每节都有实际内容。"
           "发布清单里每个媒体的刊播日期要落在投放期之内。",
      why="反馈报告要让客户看到钱花在了哪里、效果如何、出了什么问题，并引出下一步的计划；少了哪一部分，客户就要自己去猜。",
      fix="补上缺的字段或小节；某部分确实没有内容（例如没有地面促销），写明“本期无”和原因。",
      threshold="4 个正文小节，每节有内容；发布清单日期在投放期内")
def check_parts(ctx):
    for r in ctx.archive.of_type("feedback-report"):
        for title, gap in section_gaps(r):
            if gap == "missing":
                yield ctx.finding("FBK-PARTS", r, "", f"反馈报告缺少“{title}”这一节。",
                                  f"加上一行 `## {title}`，在下面写内容。", line=r.body_line)
            else:
                yield ctx.finding("FBK-PARTS", r, "", f"反馈报告的“{title}”一节是空的（只有提示或占位字样）。",
                                  f"在“{title}”下面写上实际内容；确实没有，写“本期无”和原因。", line=body_line(r, title))
        flight = r.data.get("flight") or {}
        start, end = flight.get("start"), flight.get("end")
        if not (isinstance(start, date) and isinstance(end, date)):
            continue  # REQ-FIELDS reports a missing date
        if start > end:
            yield ctx.finding("FBK-PARTS", r, "flight.end", f"投放期结束日期 {end} 早于开始日期 {start}。", "核对投放期的起止日期。")
            continue
        for i, p in enumerate(r.data.get("placements") or []):
            for key in ("start", "end"):
                day = p.get(key)
                if isinstance(day, date) and not start <= day <= end:
                    yield ctx.finding("FBK-PARTS", r, f"placements[{i}].{key}",
                                      f"发布清单“{p.get('where', '')}”的日期 {day} 不在投放期（{start} 至 {end}）之内。",
                                      "核对刊播日期，或把投放期改成实际的起止日期。")
