"""Client-issue rules: the handling flow, and a first response within one working day."""
from __future__ import annotations

from datetime import date, datetime

from generators.archive import workdays
from generators.rules.common import Deadline, dated, fmt
from generators.rules.registry import deadlines_of, rule

STEPS = [("classified", "分类"), ("investigated", "调查"), ("resolved", "解决"), ("feedback", "反馈客户"), ("summarized", "总结归档")]
RESPONSE_WORKDAYS = 1


def _issues(ctx):
    return ctx.archive.of_type("client-issue")


def response_due(received: datetime) -> datetime:
    """When the first response is due: the end of the working day after the issue came in."""
    return workdays.deadline(received, RESPONSE_WORKDAYS)


@rule("ISS-FLOW", level="error", title="客户问题按流程处理并记录", applies_to=("client-issue",),
      source="client-issues/process.md",
      asks="每个客户问题都写明类别 `category`（inquiry 咨询 / complaint 投诉 / suggestion 建议 / other 其他）；"
           "已写的处理步骤日期（`steps`：分类 classified、调查 investigated、解决 resolved、反馈客户 feedback、总结归档 summarized）"
           "按这个顺序排列、且不早于收到日期；已结案（`status: closed`）的问题五个步骤都有日期；已结案的投诉还要写明根本原因 `root_cause` 和预防措施 `prevention`。",
      why="问题处理要有始有终：先分类才知道谁来管，调查清楚才能解决，反馈客户并总结，才能防止同样的问题再发生。",
      fix="补上类别和各步骤的日期（按实际发生的日子）；投诉结案前写清楚根本原因和预防措施。",
      threshold="5 个步骤依次有日期；投诉须有根本原因与预防措施")
def check_flow(ctx):
    for r in _issues(ctx):
        if not r.data.get("category"):
            yield ctx.finding("ISS-FLOW", r, "title", "客户问题没有写类别 category。",
                              "加上 `category:`，从 inquiry（咨询）、complaint（投诉）、suggestion（建议）、other（其他）中选一个。")
        steps = r.data.get("steps") or {}
        received = r.data.get("received_at")
        received_day = received.date() if isinstance(received, datetime) else None
        previous = None
        for key, label in STEPS:
            day = steps.get(key)
            if not isinstance(day, date):
                continue
            if received_day and day < received_day:
                yield ctx.finding("ISS-FLOW", r, f"steps.{key}", f"“{label}”日期 {day} 早于收到问题的日期 {received_day}。",
                                  "核对日期：处理步骤不可能早于收到问题。")
            if previous and day < previous[1]:
                yield ctx.finding("ISS-FLOW", r, f"steps.{key}",
                                  f"“{label}”日期 {day} 早于前一步“{previous[0]}”的日期 {previous[1]}，步骤顺序不对。",
                                  "按实际顺序核对日期：分类 → 调查 → 解决 → 反馈客户 → 总结归档。")
            previous = (label, day)
        if r.data.get("status") != "closed":
            continue
        missing = [f"{label}（{key}）" for key, label in STEPS if not isinstance(steps.get(key), date)]
        if missing:
            yield ctx.finding("ISS-FLOW", r, "steps" if steps else "status", f"问题已结案，但缺少这些步骤的日期：{'、'.join(missing)}。",
                              "在 steps 下补上各步骤的日期；还没做完的步骤，先把 status 改回 open。")
        if r.data.get("category") == "complaint":
            for key, label in (("root_cause", "根本原因 root_cause"), ("prevention", "预防措施 prevention")):
                if not r.data.get(key):
                    yield ctx.finding("ISS-FLOW", r, "category", f"投诉已结案，但没有写{label}。",
                                      f"写明 `{key}:`，说明问题为什么发生、以后怎样避免。")


@rule("ISS-RESPONSE", level="warning", title="客户问题一个工作日内回应", applies_to=("client-issue",),
      source="client-issues/requirements.md#timeliness",
      asks=f"收到客户的咨询、投诉或建议后，要在 {RESPONSE_WORKDAYS} 个工作日内首次回应客户，并记下回应时间 `acknowledged_at`："
           f"期限是收到当天之后的第 {RESPONSE_WORKDAYS} 个工作日的 24 点（周五收到，期限是下周一；调休上班的周六日算工作日，法定假日不算）。"
           "工作日按中国法定节假日和调休计算；chinesecalendar 没有数据的年份按周一至周五计算。期限未到的不提醒。",
      why="客户提出问题，最怕石沉大海；即使还没有答案，也要先让客户知道我们收到了、谁在处理、什么时候给答复。",
      fix="马上联系客户首次回应（说明谁负责、何时答复），并填上 `acknowledged_at: \"日期 时间\"`。",
      threshold=f"{RESPONSE_WORKDAYS} 个工作日")
def check_response(ctx):
    for r in _issues(ctx):
        received, ack = r.data.get("received_at"), r.data.get("acknowledged_at")
        if not isinstance(received, datetime) or not isinstance(ack, datetime):
            continue
        due = response_due(received)
        if ack > due:
            yield dated(ctx, ctx.finding(
                "ISS-RESPONSE", r, "acknowledged_at",
                f"问题 {fmt(received)} 收到，{fmt(ack)} 才首次回应客户，超过 {RESPONSE_WORKDAYS} 个工作日（期限 {due.date()}）。",
                "以后收到问题当天或下一个工作日内先回应客户；这次请在“处理经过”里写明原因。",
                evidence=f"依据字段 received_at 与 acknowledged_at；{workdays.evidence(received.date(), due.date())}"),
                received, due)
    for d, r in _unanswered(ctx):
        if ctx.as_of > d.day:
            received = r.data["received_at"]
            yield dated(ctx, ctx.finding(
                "ISS-RESPONSE", r, "received_at",
                f"问题 {fmt(received)} 收到，{RESPONSE_WORKDAYS} 个工作日的回应期限（{d.day}）已过，还没有记录首次回应时间。",
                "已经回应过就补上 `acknowledged_at`；还没有，今天就联系客户。",
                evidence=f"依据字段 received_at；{workdays.evidence(received.date(), d.day)}今天按 {ctx.as_of} 计"), received, d.day)


def _unanswered(ctx):
    for r in _issues(ctx):
        received = r.data.get("received_at")
        if not isinstance(received, datetime) or isinstance(r.data.get("acknowledged_at"), datetime):
            continue
        handler = str(r.data.get("handler") or "")
        yield Deadline("ISS-RESPONSE", "response", response_due(received).date(), f"首次回应客户问题：{r.title}",
                       r.client, r.path, "received_at", (handler,) if handler else (),
                       detail=f"{fmt(received)} 收到，处理人 {handler or '未写'}（{RESPONSE_WORKDAYS} 个工作日内回应）",
                       key=f"response|{r.path}"), r


@deadlines_of("ISS-RESPONSE")
def open_responses(ctx):
    """Client issues not yet answered, due the working day after they came in."""
    return (d for d, _r in _unanswered(ctx))
