"""Agenda rule: the agenda reaches everyone attending at least an hour before the meeting, and a
meeting report that names its agenda names a real one."""
from __future__ import annotations

import posixpath
from datetime import datetime, timedelta

from generators.rules.common import Deadline, fmt
from generators.rules.registry import deadlines_of, rule

AGENDA_LEAD_HOURS = 1     # the latest an agenda may go out
AGENDA_BEST_HOURS = 2     # what the department asks for when it can


@rule("MTG-AGENDA", level="warning", title=f"会议议程至少在会前 {AGENDA_LEAD_HOURS} 小时发给与会者", applies_to=("agenda", "meeting"),
      source="meetings/scheduling.md#agenda-record",
      asks=f"每份会议议程（`type: agenda`）记下发出时间 `sent_at`，并且不晚于会议开始（`held_at`）前 {AGENDA_LEAD_HOURS} 小时"
           f"（最好提前 {AGENDA_BEST_HOURS} 小时）；会议已经开始还没有发出时间的，同样提醒。"
           "会议报告用 `agenda` 写它的议程文件名（如 `agendas/2026-11-16-winter-campaign-review.md`）的，这个文件要是一份会议议程。",
      why="议程提前送到，客户和同事才有时间准备材料和意见，会上不会漏掉有争议的事；会前几分钟才发的议程等于没发。",
      fix=f"下次会议至少提前 {AGENDA_BEST_HOURS} 小时把议程发给客户和我方与会者，发出后填 `sent_at`；"
          "会议报告的 agenda 写议程记录在 meetings/ 下的相对路径。",
      threshold=f"发出时间 ≤ 会议开始 − {AGENDA_LEAD_HOURS} 小时")
def check_agenda(ctx):
    for d, agenda, held in _unsent(ctx):
        if held.date() <= ctx.as_of:
            yield ctx.finding("MTG-AGENDA", agenda, "held_at", f"会议 {fmt(held)} 已经开过，议程却没有发出时间 sent_at。",
                              f"写上议程实际发出的时间 `sent_at`；下次至少提前 {AGENDA_BEST_HOURS} 小时发出。")
    for agenda in ctx.archive.of_type("agenda"):
        held, sent = agenda.data.get("held_at"), agenda.data.get("sent_at")
        if not isinstance(held, datetime) or not isinstance(sent, datetime):
            continue  # REQ-FIELDS reports a bad held_at; an unsent agenda is handled above
        latest = held - timedelta(hours=AGENDA_LEAD_HOURS)
        if sent > latest:
            lead = held - sent
            how = f"只提前了 {int(lead.total_seconds() // 60)} 分钟" if lead > timedelta(0) else "在会议开始之后"
            yield ctx.finding("MTG-AGENDA", agenda, "sent_at",
                              f"议程 {fmt(sent)} 才发出，{how}（会议 {fmt(held)}，要求至少提前 {AGENDA_LEAD_HOURS} 小时）。",
                              f"下次会议至少提前 {AGENDA_BEST_HOURS} 小时发出议程，给客户和同事留出准备的时间。")
    by_path = {r.path: r for r in ctx.archive.records}
    for meeting in ctx.archive.of_type("meeting"):
        name = meeting.data.get("agenda")
        target = by_path.get(posixpath.normpath(posixpath.join(meeting.folder, str(name)))) if name else None
        if target is not None and target.type != "agenda":  # a missing file is RET-ATTACH's
            yield ctx.finding("MTG-AGENDA", meeting, "agenda", f"agenda 写的 {name} 是一份{target.schema.label}，不是会议议程。",
                              "改成这次会议的议程记录的文件名（在 meetings/agendas/ 下）。")


def _unsent(ctx):
    """Agendas with no `sent_at` yet, each with its deadline: the day it must go out, at the latest
    AGENDA_LEAD_HOURS before the meeting (the to-do gives it to the client's team)."""
    for agenda in ctx.archive.of_type("agenda"):
        held, sent = agenda.data.get("held_at"), agenda.data.get("sent_at")
        if isinstance(held, datetime) and not isinstance(sent, datetime):
            latest = held - timedelta(hours=AGENDA_LEAD_HOURS)
            yield Deadline("MTG-AGENDA", "agenda", latest.date(), f"发出会议议程：{agenda.title}", agenda.client,
                           agenda.path, "sent_at",
                           detail=f"会议 {fmt(held)}，最迟 {fmt(latest)} 发出（最好提前 {AGENDA_BEST_HOURS} 小时）",
                           key=f"agenda|{agenda.path}"), agenda, held


@deadlines_of("MTG-AGENDA")
def open_agendas(ctx):
    """Agendas not yet sent, due AGENDA_LEAD_HOURS before their meeting."""
    return (d for d, _agenda, _held in _unsent(ctx))
