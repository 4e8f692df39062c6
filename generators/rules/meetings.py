"""Meeting-report rules: sent within 24 hours, actions with owners and dates, the client's
acknowledgment (回传) within 3 working days, overdue actions."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from generators.archive import workdays
from generators.archive.history import FETCH_FULL, INCOMPLETE
from generators.rules.common import Deadline, dated, fmt, sent_moment
from generators.rules.registry import deadlines_of, rule

SEND_WITHIN = timedelta(hours=24)
ACK_WORKDAYS = 3
_H = f"{SEND_WITHIN // timedelta(hours=1)} 小时"  # "24 小时": the texts name the rule's own number


def _meetings(ctx):
    return [m for m in ctx.archive.of_type("meeting") if isinstance(m.data.get("held_at"), datetime)]


def send_due(meeting) -> datetime:
    """When a meeting's report must be out: 24 hours after the meeting."""
    try:
        return meeting.data["held_at"] + SEND_WITHIN
    except OverflowError:  # held at the calendar's end
        return datetime.max


def ack_due(sent: datetime) -> datetime:
    """When the client's acknowledgment is due: the end of the 3rd working day after sending."""
    return workdays.deadline(sent, ACK_WORKDAYS)


@rule("MTG-24H", level="error", title=f"会议报告 {_H}内发出", applies_to=("meeting",),
      source="meetings/report.md#deadline",
      asks=f"每次与客户的会议、电话、拜访或视频会议，会议报告都要在 `held_at` 之后 {_H}内发出（`sent_at`）：正好 {_H}算按时，"
           "多一分钟就算迟。没有写 sent_at 的，以 git 中首次提交这份文件的时间作为发出（归档）时间；文件还没提交的，"
           "按今天计——到今天整整一天过去仍未发出，即报错。git 历史不完整（浅克隆）、看不到首次提交时间的，不判对错，只提醒取回完整历史。",
      why="会议报告是双方决定的书面凭据，曾被用于判定责任归属；拖得越久，记忆越模糊，客户越难确认。",
      fix="会后当天写好报告发给客户，把发出时间写进 `sent_at: \"2026-11-20 18:00\"`；迟发的，在“备注”里写明原因。",
      threshold=_H)
def check_sent(ctx):
    for m in _meetings(ctx):
        held = m.data["held_at"]
        sent, evidence = sent_moment(ctx, m)
        if sent is not None and sent > send_due(m):
            late = sent - held
            hours = late.days * 24 + late.seconds // 3600
            minutes = late.seconds % 3600 // 60
            yield dated(ctx, ctx.finding(
                "MTG-24H", m, "sent_at" if m.data.get("sent_at") else "held_at",
                f"会议 {fmt(held)} 举行，报告 {fmt(sent)} 才发出，用了 {hours} 小时 {minutes} 分，超过 {_H}。",
                f"以后会后 {_H}内发出；这次请在“备注”里写明迟发原因。若 sent_at 写错了，请改正。",
                evidence=evidence), held, send_due(m))
        elif sent is None and INCOMPLETE in evidence:  # no evidence either way: say so instead of a false breach
            yield replace(ctx.finding(
                "MTG-24H", m, "held_at",
                f"无法判断会议 {fmt(held)} 的报告是否在 {_H}内发出：没有 sent_at，本地的 git 历史又不完整。",
                f"{FETCH_FULL}；或者在报告里写上发出时间 `sent_at`。", evidence=evidence), level="warning")
    for d, m, evidence in _unsent(ctx):
        if ctx.as_of > d.day:
            held = m.data["held_at"]
            yield dated(ctx, ctx.finding(
                "MTG-24H", m, "held_at",
                f"会议 {fmt(held)} 举行，已超过 {_H}，报告还没有发出时间 sent_at。",
                "报告发出后填上 `sent_at`；还没发的，今天就发给客户。",
                evidence=f"{evidence}；今天按 {ctx.as_of} 计"), held, d.day)


def _unsent(ctx):
    """(deadline, meeting, evidence) of reports not sent: no sent_at and the file not committed yet."""
    for m in _meetings(ctx):
        sent, evidence = sent_moment(ctx, m)
        if sent is None and "还没有提交" in evidence:
            held = m.data["held_at"]
            yield Deadline("MTG-24H", "send", send_due(m).date(), f"发出会议报告：{m.title}", m.client, m.path, "held_at",
                           detail=f"会议 {fmt(held)}，报告还没有发出时间", key=f"send|{m.path}"), m, evidence


@deadlines_of("MTG-24H")
def open_sends(ctx):
    """Meeting reports to send, due 24 hours after the meeting."""
    return (d for d, _m, _e in _unsent(ctx))


@rule("MTG-ACTIONS", level="error", title="每个行动事项都有负责人和期限", applies_to=("meeting",),
      source="meetings/report.md#contents",
      asks="会议报告“下一步行动” `actions` 中的每一项都写明负责人 `owner` 和期限 `due`。",
      why="没有负责人和期限的行动事项，最后就是没人做；客户回传确认的，也正是“谁、在什么时候、做什么”。",
      fix="给每个行动事项写上 `owner: 姓名`（我方同事写名册上的姓名，客户方写客户姓名）和 `due: 日期`。",
      threshold="每一项都要有")
def check_actions(ctx):
    for m in _meetings(ctx):
        for i, action in enumerate(m.data.get("actions") or []):
            # a due that was written but could not be read is REQ-FIELDS's message, not a missing one
            missing = [label for key, label in (("owner", "负责人 owner"), ("due", "期限 due"))
                       if not action.get(key) and f"actions[{i}].{key}" not in m.unread]
            if missing:
                yield ctx.finding("MTG-ACTIONS", m, f"actions[{i}]",
                                  f"行动事项“{action.get('what', '')}”没有{'和'.join(missing)}。",
                                  "在这一项下补上 `owner: 负责人姓名` 和 `due: 期限日期`。")


@rule("MTG-ACK", level="warning", title=f"客户 {ACK_WORKDAYS} 个工作日内回传会议报告", applies_to=("meeting",),
      source="meetings/report.md#acknowledgement",
      asks=f"会议报告发出后，客户的确认回传（`acknowledged_at`）要在 {ACK_WORKDAYS} 个工作日内记录：期限是发出当天之后第 {ACK_WORKDAYS} 个工作日的 24 点。"
           "工作日按中国法定节假日和调休计算（调休上班的周六日算工作日）；chinesecalendar 没有数据的年份按周一至周五计算。"
           "发出时间取 `sent_at`，没有时取首次提交文件的 git 记录。期限未到的不提醒。",
      why="客户回传说明对方认可报告里的决定和行动；没有回传，日后发生分歧时报告的效力就弱得多。",
      fix="打电话或发消息请客户回传确认，收到后填上 `acknowledged_at: \"日期 时间\"`，回传件放在报告旁边。",
      threshold=f"{ACK_WORKDAYS} 个工作日")
def check_ack(ctx):
    for m in _meetings(ctx):
        sent, evidence = sent_moment(ctx, m)
        ack = m.data.get("acknowledged_at")
        if sent is None or not isinstance(ack, datetime):
            continue
        due = ack_due(sent)
        if ack > due:
            yield dated(ctx, ctx.finding(
                "MTG-ACK", m, "acknowledged_at",
                f"报告 {fmt(sent)} 发出，客户 {fmt(ack)} 才回传，超过 {ACK_WORKDAYS} 个工作日（期限 {due.date()}）。",
                "发出后第二个工作日还没回传就要主动追；这次请在“备注”里记下原因。",
                evidence=f"{evidence}；{workdays.evidence(sent.date(), due.date())}"), due, due)
    for d, m, sent, evidence in _unreturned(ctx):
        if ctx.as_of > d.day:
            calendar = workdays.evidence(sent.date(), d.day)
            yield dated(ctx, ctx.finding(
                "MTG-ACK", m, "sent_at" if m.data.get("sent_at") else "held_at",
                f"报告 {fmt(sent)} 发出，{ACK_WORKDAYS} 个工作日的回传期限（{d.day}）已过，还没有记录客户回传。",
                "联系客户请其回传确认；收到后填上 `acknowledged_at`。",
                evidence=f"{evidence}；{calendar}今天按 {ctx.as_of} 计"), d.day, d.day)


def _unreturned(ctx):
    """(deadline, meeting, sent, evidence) of sent reports the client has not acknowledged."""
    for m in _meetings(ctx):
        sent, evidence = sent_moment(ctx, m)
        if sent is None or isinstance(m.data.get("acknowledged_at"), datetime):
            continue
        yield Deadline("MTG-ACK", "ack", ack_due(sent).date(), f"催客户回传：{m.title}", m.client, m.path,
                       "acknowledged_at", chase=True,
                       detail=f"报告 {fmt(sent)} 发出，客户还没有回传（{ACK_WORKDAYS} 个工作日内）",
                       key=f"ack|{m.path}"), m, sent, evidence


@deadlines_of("MTG-ACK")
def open_acks(ctx):
    """Acknowledgments the client owes, due 3 working days after the report went out."""
    return (d for d, *_ in _unreturned(ctx))


@rule("MTG-ACTION-OVERDUE", level="warning", title="过期的行动事项已完成", applies_to=("meeting",),
      source="meetings/report.md#follow-up",
      asks="会议报告中期限（`due`）早于今天的行动事项，要写上完成日期（`done`）。",
      why="会上答应客户的事过期不办、也不说明，损害的是客户对我们的信任。",
      fix="完成了就在这一项写 `done: 完成日期`；做不完就先和客户确认新的期限，再改 due，并在下次会议报告里说明。",
      threshold="期限早于今天")
def check_action_overdue(ctx):
    for d, m in _actions(ctx):
        if d.day < ctx.as_of:
            yield dated(ctx, ctx.finding(
                "MTG-ACTION-OVERDUE", m, d.field,
                f"行动事项“{d.summary}”（负责人 {d.owner or '未写'}）{d.day} 到期，已过 {(ctx.as_of - d.day).days} 天，还没有完成日期。",
                "完成了就写 `done: 完成日期`；延期要先和客户确认新期限再改 due。",
                evidence=f"今天按 {ctx.as_of} 计"), d.day, d.day)


def _actions(ctx):
    for m in _meetings(ctx):
        for i, action in enumerate(m.data.get("actions") or []):
            due = action.get("due")
            if isinstance(due, date) and not isinstance(due, datetime) and not action.get("done"):
                owner = str(action.get("owner") or "")
                what = str(action.get("what") or "")
                yield Deadline("MTG-ACTION-OVERDUE", "action", due, what, m.client, m.path, f"actions[{i}].due",
                               owner=owner, detail=f"负责人 {owner or '未写'}；来自会议“{m.title}”",
                               key=f"action|{m.path}|{i}|{what}"), m


@deadlines_of("MTG-ACTION-OVERDUE")
def open_actions(ctx):
    """Action items of meeting reports with a due date and no done date."""
    return (d for d, _m in _actions(ctx))
