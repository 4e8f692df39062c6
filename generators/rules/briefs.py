"""Brief rules: no creative, media or research work without its brief, and time for the media plan."""
from __future__ import annotations

import re
from datetime import date, datetime

from generators.rules.common import STATUS_LABEL, at_least
from generators.rules.registry import rule

MEDIA_BRIEF_DAYS = 14
KIND_LABEL = {"creative": "创意简报", "media": "媒介简报", "research": "调研简报"}
# Jobs still in the works: a brief record is required from the concept stage until delivery.
OPEN_STAGES = ("concept", "estimate", "artwork", "production")
# Schedule steps that are the work a brief starts (the brief's own signing is not such a step).
WORK_STEP = {"creative": re.compile(r"创意|动脑|草图|提案|文案|设计|故事板|脚本"),
             "media": re.compile(r"媒介|排期|投放计划|媒体计划"),
             "research": re.compile(r"调研|问卷|座谈|访问|访谈|实地执行")}
NOT_WORK = re.compile(r"简报")


def _day(value) -> bool:
    return isinstance(value, date) and not isinstance(value, datetime)


def first_work(job, kind: str) -> tuple[date, str] | None:
    """The earliest done schedule step of the job that is `kind` work, as (done date, step name)."""
    steps = [(s["done"], str(s.get("step", ""))) for s in job.data.get("schedule") or []
             if isinstance(s, dict) and _day(s.get("done")) and WORK_STEP[kind].search(str(s.get("step", "")))
             and not NOT_WORK.search(str(s.get("step", "")))]
    return min(steps) if steps else None


@rule("BRF-WORK", level="error", title="没有简报不开始创意、媒介和调研工作", applies_to=("brief", "job"),
      source="documents/briefs.md#record",
      asks="创意、媒介和调研工作（`kind` 为 creative、media、research）进入草图（concept）阶段、还没完成交付的，"
           "工作文件夹的 `briefs/` 里要有同类的简报记录（`type: brief`，`kind` 与工作类型相同）。"
           "每份简报都要有客户总监（名册里的 AD）审定 `approved_by`；"
           "简报所属工作的进度表里，这类工作的步骤（创意动脑会、提案、排期、问卷等）不能在简报日期之前就已完成。",
      why="本部门规定：没有策略和简报，不为客户做任何创意工作；简报是专业部门的出发点，"
          "简报没写或晚于工作，作品好坏就没有评判的依据，返工的成本由公司承担。",
      fix="用 `python -m generators new brief --client <客户> --set job=<工作号> --set kind=creative --set title=标题` 写好简报，"
          "请 AD 审定后填 approved_by；如果工作确实先于简报开始，请在工作的进展记录里写明原因，并补写简报。",
      threshold="工作状态为草图至制作；简报日期 ≤ 第一个同类工作步骤的完成日期")
def check_briefs(ctx):
    briefs = ctx.archive.of_type("brief")
    for job in ctx.archive.of_type("job"):
        kind, status = job.data.get("kind"), job.data.get("status")
        if kind not in KIND_LABEL or status not in OPEN_STAGES:
            continue
        if not any(b.data.get("job") == job.data.get("job_no") and b.data.get("kind") == kind for b in briefs):
            yield ctx.finding("BRF-WORK", job, "kind",
                              f"工作已到“{STATUS_LABEL[status]}”阶段，但 briefs/ 里没有{KIND_LABEL[kind]}：没有简报不能开始{KIND_LABEL[kind][:2]}工作。",
                              f"写一份{KIND_LABEL[kind]}：`python -m generators new brief --client {job.client} "
                              f"--set job={job.data.get('job_no')} --set kind={kind} --set title=标题`，请 AD 审定。")
    for brief in briefs:
        approver = brief.data.get("approved_by")
        if not approver:
            yield ctx.finding("BRF-WORK", brief, "kind", "简报还没有客户总监审定（approved_by）。",
                              "请客户总监（AD）审定简报，写上 `approved_by: AD 姓名`；审定之前不要交给专业部门。")
        else:
            person = ctx.settings.person(str(approver))
            if person and person.role and person.role != "AD":
                yield ctx.finding("BRF-WORK", brief, "approved_by",
                                  f"审定人 {approver} 在名册里是 {person.role}，不是客户总监 AD。",
                                  "请客户总监（AD）审定简报，并改正 approved_by。")
        job = ctx.archive.get("job", str(brief.data.get("job", "")))
        kind, day = brief.data.get("kind"), brief.data.get("date")
        if job is None or job.client != brief.client or kind not in WORK_STEP or not _day(day):
            continue  # a missing or foreign job is RET-REF's
        started = first_work(job, kind)
        if started and started[0] < day:
            yield ctx.finding("BRF-WORK", brief, "date",
                              f"工作 {job.data.get('job_no')} 的步骤“{started[1]}”{started[0]} 已完成，早于这份{KIND_LABEL[kind]}的日期 {day}：工作在简报之前就开始了。",
                              "核对简报日期和进度表；简报确实是后补的，请在工作的进展记录里写明原因。",
                              evidence=f"依据 {job.path} 的进度表 schedule")


@rule("BRF-MEDIA-TIME", level="warning", title=f"媒介简报给媒介部留出 {MEDIA_BRIEF_DAYS} 天", applies_to=("brief",),
      source="documents/briefs.md#record",
      asks=f"媒介简报（`kind: media`）写了要求提交日期 `due` 的，`due` 至少在简报日期 `date` 之后 {MEDIA_BRIEF_DAYS} 天。",
      why="重大的媒介策划至少要两周时间；留给媒介部的时间太短，计划只能草草了事。",
      fix="尽早交出媒介简报；时间确实不够，和 AM、媒介部商量缩小范围，并在简报里写明。",
      threshold=f"due − date ≥ {MEDIA_BRIEF_DAYS} 天")
def check_media_time(ctx):
    for brief in ctx.archive.of_type("brief"):
        day, due = brief.data.get("date"), brief.data.get("due")
        if brief.data.get("kind") != "media" or not _day(day) or not _day(due):
            continue
        if (due - day).days < MEDIA_BRIEF_DAYS:
            yield ctx.finding("BRF-MEDIA-TIME", brief, "due",
                              f"媒介简报 {day} 交出，要求 {due} 提交计划，只留了 {(due - day).days} 天（至少 {MEDIA_BRIEF_DAYS} 天）。",
                              f"把要求提交日期 due 放到 {MEDIA_BRIEF_DAYS} 天以后，或与媒介部商定缩小范围并写进简报。")
