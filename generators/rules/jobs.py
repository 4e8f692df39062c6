"""Job-bag rules: brief, schedule, estimate, overdue steps, closing the job."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal

from generators.archive.estimates import estimates, label as estimate_label
from generators.rules.common import STATUS_LABEL, Deadline, at_least, dated
from generators.rules.registry import deadlines_of, rule

ESTIMATE_WAIT_DAYS = 7
# 本部门规定 (department/approvals.md): above these amounts (yuan, tax included) an estimate needs
# the general manager's approval before it goes to the client; a media job's estimate is its media plan.
GM_APPROVAL_ABOVE = 500_000
GM_APPROVAL_ABOVE_MEDIA = 2_000_000

# A schedule step whose name says production starts (shooting, printing, recording, going on air,
# fieldwork, event set-up ...). Steps that only prepare production (pre-production meeting, choosing
# the production house, quotes) do not count.
PRODUCTION_STEP = re.compile(r"拍摄|印刷|打样|录音|录制|制作|生产|施工|搭建|彩排|上刊|投放|播出|实地执行|活动执行|开机")
NOT_PRODUCTION = re.compile(r"制作前|比稿|比价|报价|预估|估价|脚本|提案|确认|审看|简报|计划")


def _jobs(ctx):
    return ctx.archive.of_type("job")


def _day(value) -> bool:
    return isinstance(value, date) and not isinstance(value, datetime)


def _staff(job) -> tuple[str, ...]:
    return tuple(str(p) for p in (job.data.get("ae"), job.data.get("am")) if p)


def estimate_due(submitted: date) -> date:
    """When the client's signature on a submitted estimate is due: 7 days after submission."""
    try:
        return submitted + timedelta(days=ESTIMATE_WAIT_DAYS)
    except OverflowError:  # submitted at the calendar's end
        return date.max


@rule("JOB-BRIEF", level="error", title="开了工作号的工作都有 AD、CD 签字的工作简报", applies_to=("job",),
      source="workflow/notice-brief.md#job-brief",
      asks="工作号在工作指令及简报（Job Brief）经 AD 和 CD 签字后才签发，所以状态为简报（brief）或之后的工作（已取消的除外），"
           "必须有签字的简报：`brief` 里写明简报日期 `date`、客户总监签字 `ad` 和创意总监签字 `cd`；签字的人要分别是名册里的 AD 和 CD。"
           "开单日期 `opened`（签发工作号的日子）不能早于简报签字日期。"
           "预报（notice）阶段还没有工作号：预报记在会议报告或周报里，`python -m generators new job` 也要在简报签字后才分配工作号。",
      why="简报是创意、媒介和制作的共同起点；没有 AD 和 CD 签字的简报，等于没有人对方向负责，后面的返工和争议都无据可查，"
          "工时和费用也不该记到一个还不该存在的工作号下。",
      fix="补上 brief 字段：`date`（签字日期）、`ad`（客户总监姓名）、`cd`（创意总监姓名），并把签字简报的扫描件放在工作袋里、写入 `file`；"
          "简报还没签字的，先请 AD 和 CD 签字，再开工作号。",
      threshold="状态 ≥ 简报（brief）；开单日期 ≥ 简报签字日期")
def check_brief(ctx):
    for job in _jobs(ctx):
        if not at_least(job.data.get("status"), "brief"):
            continue
        brief = job.data.get("brief") or {}
        stage = STATUS_LABEL[job.data["status"]]
        missing = [label for key, label in (("date", "简报日期 date"), ("ad", "客户总监签字 ad"), ("cd", "创意总监签字 cd"))
                   if not brief.get(key)]
        if missing:
            yield ctx.finding("JOB-BRIEF", job, "brief" if brief else "status",
                              f"工作已到“{stage}”阶段，但工作简报缺少{'、'.join(missing)}。",
                              "在 brief 下补上简报日期和 AD、CD 的签字姓名；还没签字的，先请 AD 和 CD 签字再继续工作。")
            continue
        opened = job.data.get("opened")
        if isinstance(opened, date) and isinstance(brief["date"], date) and brief["date"] > opened:
            yield ctx.finding("JOB-BRIEF", job, "opened",
                              f"工作 {opened} 就开了工作号，简报 {brief['date']} 才签字：工作号要在简报经 AD、CD 签字后才签发。",
                              "核对两个日期：开单日期 opened 是签发工作号的日子，不能早于简报签字日期 brief.date。")
        for key, role in (("ad", "AD"), ("cd", "CD")):
            person = ctx.settings.person(brief[key])
            if person and person.role and person.role != role:
                yield ctx.finding("JOB-BRIEF", job, f"brief.{key}",
                                  f"简报的 {key} 签字人 {brief[key]} 在名册里是 {person.role}，不是 {role}。",
                                  f"请由{'客户总监' if role == 'AD' else '创意总监'}（{role}）签字，并改正 brief.{key}。")


@rule("JOB-SCHEDULE", level="error", title="过了简报阶段的工作有进度表", applies_to=("job",),
      source="workflow/schedule.md",
      asks="状态为草图（concept）或之后的工作（已取消的除外）有工作进度表 `schedule`，每一步写明截止日期和对象"
           "（`audience: internal` 对内 / `client` 对客户），并且至少有一步标为对客户（需要客户配合或确认的步骤）。",
      why="进度表分对内、对客户两种；客户要配合的步骤必须标出来提醒客户，按计划完成每一步是 AE 不能推卸的职责。",
      fix="在 schedule 下按时间顺序列出步骤（step、due、audience）；提案、确认、签字等需要客户参与的步骤写 `audience: client`。",
      threshold="状态 ≥ 草图（concept）；至少 1 个对客步骤")
def check_schedule(ctx):
    for job in _jobs(ctx):
        if not at_least(job.data.get("status"), "concept"):
            continue
        steps = job.data.get("schedule") or []
        stage = STATUS_LABEL[job.data["status"]]
        if not steps:
            yield ctx.finding("JOB-SCHEDULE", job, "status", f"工作已到“{stage}”阶段，但还没有工作进度表 schedule。",
                              "加上 schedule，逐步写 step（步骤）、due（截止日期）、audience（internal 对内 / client 对客户）。")
        elif not any(s.get("audience") == "client" for s in steps):
            yield ctx.finding("JOB-SCHEDULE", job, "schedule",
                              "进度表里没有一步标为对客户（audience: client），客户不知道哪些步骤需要他们配合。",
                              "把提案、确认、签字等需要客户参与的步骤改为 `audience: client`。")


def production_start(job) -> tuple[date | None, str]:
    """When production started, as best the job bag shows: the first schedule step that starts
    production (its done date, else its due date); else `closed_on` as a last bound."""
    steps = [s for s in job.data.get("schedule") or []
             if PRODUCTION_STEP.search(s.get("step", "")) and not NOT_PRODUCTION.search(s.get("step", ""))]
    dated_steps = [(s.get("done") or s.get("due"), s) for s in steps if s.get("done") or s.get("due")]
    if dated_steps:
        day, step = min(dated_steps, key=lambda x: x[0])
        how = "完成" if step.get("done") else "截止"
        return day, f"进度表中第一个制作步骤“{step['step']}”（{how} {day.isoformat()}）"
    if isinstance(job.data.get("closed_on"), date):
        return job.data["closed_on"], f"进度表中没有标明制作开始的步骤，以结束卡号日期 closed_on（{job.data['closed_on']}）为最晚界限"
    return None, "进度表中没有标明制作开始的步骤"


@rule("JOB-ESTIMATE", level="error", title="预估经 AM 批准、AD 签发、客户签字后才制作", applies_to=("job",),
      source="workflow/estimate.md",
      asks="状态为制作（production）或之后的工作，以及含第三方制作（`third_party: true`）且已进入完稿（artwork）或之后的工作，"
           "必须有制作预估 `estimate`：客户经理批准日期 `am_approved`、客户总监签发日期 `ad_signed`、客户签字日期 `client_signed`，"
           "顺序是 AM 批准 → AD 签发 → 客户签字（同一天可以），并且客户签字不晚于制作开始。"
           "不论工作到了哪个阶段，已经提交客户（写了 `submitted`）的预估都要先有 AD 签发：`ad_signed` 不晚于 `submitted`。"
           "有追加或修订预估的工作，把全部预估按先后列在 `estimates` 里（第一项是原始预估，`kind` 写 original / supplementary / revised），"
           "每一份都要有这三个日期、按同样的顺序签，不能同时再写 `estimate`；“客户签字不晚于制作开始”看的是第一份（原始）预估。"
           f"按本部门规定，金额超过 {GM_APPROVAL_ABOVE // 10000} 万元的预估（媒介工作的媒介计划超过 {GM_APPROVAL_ABOVE_MEDIA // 10000} 万元）"
           "还要有总经理批准日期 `gm_approved`，不晚于提交客户：已提交客户、客户已签字或工作已到要求预估的阶段时检查。"
           "制作开始取进度表中第一个制作步骤（拍摄、印刷、打样、录音、上刊、投放、实地执行、活动执行等，"
           "“制作前会议”“比稿比价”等准备步骤不算）的完成日期，没有完成日期时用截止日期；进度表里没有制作步骤时，至少不晚于结束卡号日期。",
      why="预估由 AE 编制、AM 批准、AD 签发后才交给客户，大额的还要总经理批准（见审批权限）；必须在制作开始前得到客户签字确认。"
          "没有 AD 签发就交出去的预估，报价口径没人把关；没有客户签字的预估，制作费和第三方费用发生争议时公司没有依据，往往只能自己承担。",
      fix="先请 AM 批准预估、AD 签发，再交客户签字，把三个日期和签字预估单（file）填进 estimate；拿到客户签字前不要开始制作。"
          "如果客户确实在制作开始后才签字，请在正文“进展记录”里写明原因，并请 AM 确认。",
      threshold="状态 ≥ 制作，或含第三方制作且状态 ≥ 完稿；AM 批准 ≤ AD 签发 ≤ 提交客户、客户签字 ≤ 制作开始日；"
                f"总经理批准：预估超过 {GM_APPROVAL_ABOVE // 10000} 万元、媒介工作超过 {GM_APPROVAL_ABOVE_MEDIA // 10000} 万元（本部门规定）")
def check_estimate(ctx):
    for job in _jobs(ctx):
        status = job.data.get("status")
        all_ = estimates(job)
        third = job.data.get("third_party") is True
        if job.data.get("estimate") and job.data.get("estimates"):
            yield ctx.finding("JOB-ESTIMATE", job, "estimate",
                              "工作同时写了 estimate 和 estimates：有追加或修订预估时，全部预估都列在 estimates 里。",
                              "把 estimate 下的内容移到 estimates 的第一项（写 `kind: original`），再删掉 estimate。")
        order = [f for where, est in all_ for f in _estimate_order(ctx, job, where, est)]
        required = at_least(status, "production") or (third and at_least(status, "artwork"))
        for where, est in all_:
            if required or est.get("submitted") or est.get("client_signed"):
                yield from _gm_approval(ctx, job, where, est)
        if not required:
            yield from order
            continue
        why = f"工作已到“{STATUS_LABEL[status]}”阶段" + ("，且含第三方制作" if third else "")
        if not all_:
            yield ctx.finding("JOB-ESTIMATE", job, "status", f"{why}，但还没有制作预估：缺少客户经理批准日期 am_approved、客户总监签发日期 ad_signed、客户签字日期 client_signed。",
                              "先请 AM 批准、AD 签发预估，再取得客户签字，把日期和签字预估单（file）填进 estimate；拿到签字前不要开始制作。")
            continue
        skip = set()
        for where, est in all_:
            missing = [label for key, label in (("am_approved", "客户经理批准日期 am_approved"), ("ad_signed", "客户总监签发日期 ad_signed"),
                                                ("client_signed", "客户签字日期 client_signed"))
                       if not est.get(key)]
            if missing:
                skip.add(f"{where}.submitted")
                yield ctx.finding("JOB-ESTIMATE", job, where,
                                  f"{why}，但{estimate_label(where, est)}缺少{'、'.join(missing)}。",
                                  f"先请 AM 批准、AD 签发，再取得客户签字，把日期和签字预估单（file）填进 {where}；拿到签字前不要开始这部分制作。")
        yield from (f for f in order if f.field not in skip)
        where, first = all_[0]
        signed = first.get("client_signed")
        start, evidence = production_start(job)
        if isinstance(signed, date) and start and signed > start:
            yield dated(ctx, ctx.finding("JOB-ESTIMATE", job, f"{where}.client_signed",
                                         f"客户在 {signed} 才签字{estimate_label(where, first)}，晚于制作开始（{start}）：制作不能在客户签字前开始。",
                                         "核对签字日期和进度表；如果确实先开工后签字，请在进展记录里写明原因，并请 AM 与客户确认费用。",
                                         evidence=evidence), signed)


def gm_threshold(job) -> int:
    """The amount above which this job's estimate needs the general manager (本部门规定)."""
    return GM_APPROVAL_ABOVE_MEDIA if job.data.get("kind") == "media" else GM_APPROVAL_ABOVE


def _gm_approval(ctx, job, where, est):
    """An estimate above the department's limit carries the general manager's approval, dated
    no later than it went to the client."""
    amount, limit = est.get("amount"), gm_threshold(job)
    if isinstance(amount, bool) or not isinstance(amount, (int, float, Decimal)) or amount <= limit:
        return
    what = "媒介工作的预估（媒介计划）" if job.data.get("kind") == "media" else estimate_label(where, est)
    approved = est.get("gm_approved")
    if not _day(approved):
        yield ctx.finding("JOB-ESTIMATE", job, f"{where}.amount" if "amount" in est else where,
                          f"{what}金额 {amount:,} 元，超过 {limit // 10000} 万元，按本部门规定要总经理批准，但没有总经理批准日期 gm_approved。",
                          f"请总经理批准后再交客户，在 {where} 下填上 `gm_approved: 批准日期`；"
                          "已经批准的，按批准记录补上日期。")
        return
    sent = est.get("submitted") if _day(est.get("submitted")) else est.get("client_signed")
    if _day(sent) and approved > sent:
        yield ctx.finding("JOB-ESTIMATE", job, f"{where}.gm_approved",
                          f"总经理批准日期（{approved}）晚于{'提交客户' if sent is est.get('submitted') else '客户签字'}日期（{sent}）："
                          f"超过 {limit // 10000} 万元的{what}要先经总经理批准，才交客户。",
                          "核对日期；如果确实先交客户后补批，请在进展记录里写明原因并请 AD 确认。")


def _estimate_order(ctx, job, where, est):
    """AM approves, then the AD signs, then it goes to the client and the client signs: dates in that order."""
    name = estimate_label(where, est)
    steps = [(k, label) for k, label in (("am_approved", "客户经理批准"), ("ad_signed", "客户总监签发"),
                                         ("submitted", "提交客户"), ("client_signed", "客户签字"))
             if isinstance(est.get(k), date)]
    for (k1, l1), (k2, l2) in zip(steps, steps[1:]):
        if est[k1] > est[k2]:
            yield ctx.finding("JOB-ESTIMATE", job, f"{where}.{k1}",
                              f"{name}的{l1}日期（{est[k1]}）晚于{l2}日期（{est[k2]}）：预估要先经 AM 批准、AD 签发，才交客户签字。",
                              "核对日期；如果确实先交客户后补签，请在进展记录里写明原因并请 AD 确认。")
            return
    if isinstance(est.get("submitted"), date) and not est.get("ad_signed"):
        yield ctx.finding("JOB-ESTIMATE", job, f"{where}.submitted",
                          f"{name} {est['submitted']} 已提交客户，但没有客户总监签发日期 ad_signed：预估要经 AD 签发后才能交给客户。",
                          f"请 AD 在预估单上签发，在 {where} 下填上 `ad_signed: 签发日期`；还没签发的，先收回预估，签发后再交客户。")


@rule("JOB-ESTIMATE-WAIT", level="warning", title=f"提交的预估 {ESTIMATE_WAIT_DAYS} 天内取得客户签字", applies_to=("job",),
      source="workflow/estimate.md#follow-up",
      asks=f"每份预估（`estimate`，或 `estimates` 里的每一项）提交客户（`submitted`）后 {ESTIMATE_WAIT_DAYS} 个自然日内要有客户签字（`client_signed`）。"
           f"今天已超过 {ESTIMATE_WAIT_DAYS} 天仍未签字的会提醒；未结案的工作如果签字晚于 {ESTIMATE_WAIT_DAYS} 天，也会提醒。已取消的工作不检查。",
      why="预估迟迟不签，制作就只能等，或者冒着费用没有确认的风险开工；超过一周要主动追。",
      fix="打电话或面访请客户签字，并在会议报告里记录；签字后填上 estimate.client_signed。",
      threshold=f"{ESTIMATE_WAIT_DAYS} 天（自然日）")
def check_estimate_wait(ctx):
    for job in _jobs(ctx):
        if job.data.get("status") in ("cancelled", "closed"):
            continue
        for where, est in estimates(job):
            submitted, signed = est.get("submitted"), est.get("client_signed")
            if not _day(submitted) or not _day(signed) or signed <= estimate_due(submitted):
                continue
            yield dated(ctx, ctx.finding("JOB-ESTIMATE-WAIT", job, f"{where}.client_signed",
                                         f"{estimate_label(where, est)} {submitted} 提交，客户 {signed} 才签字，用了 {(signed - submitted).days} 天（要求 {ESTIMATE_WAIT_DAYS} 天内）。",
                                         "下次预估提交后一周内主动跟进签字；这次请在进展记录里写明延误原因。"), signed, estimate_due(submitted))
    for d, job, est in _unsigned(ctx):
        if ctx.as_of > d.day:
            submitted = est["submitted"]
            yield dated(ctx, ctx.finding("JOB-ESTIMATE-WAIT", job, d.field,
                                         f"{estimate_label(d.field[:-len('.submitted')], est)} {submitted} 提交客户，到今天（{ctx.as_of}）已 {(ctx.as_of - submitted).days} 天仍未签字（要求 {ESTIMATE_WAIT_DAYS} 天内）。",
                                         "今天就联系客户跟进签字，必要时请 AM 出面；签字后填上 client_signed。",
                                         evidence=f"依据字段 {d.field}（{submitted}），今天按 {ctx.as_of} 计"), ctx.as_of, d.day)


def _unsigned(ctx):
    for job in _jobs(ctx):
        if job.data.get("status") == "cancelled":
            continue
        for i, (where, est) in enumerate(estimates(job)):
            submitted = est.get("submitted")
            if not _day(submitted) or est.get("client_signed") is not None:
                continue
            amount = f"，金额 {est['amount']} 元" if est.get("amount") is not None else ""
            name = estimate_label(where, est)
            no = job.data.get("job_no")
            yield Deadline("JOB-ESTIMATE-WAIT", "estimate", estimate_due(submitted), f"{no} {name}待客户签字",
                           job.client, job.path, f"{where}.submitted", _staff(job), chase=True,
                           detail=f"{job.title}；{submitted} 提交客户{amount}（{ESTIMATE_WAIT_DAYS} 天内签字）",
                           key=f"estimate|{no}" + (f"|{i}" if i else "")), job, est


@deadlines_of("JOB-ESTIMATE-WAIT")
def open_estimates(ctx):
    """Submitted estimates awaiting the client's signature, due 7 days after submission."""
    return (d for d, _job, _est in _unsigned(ctx))


@rule("JOB-OVERDUE", level="warning", title="到期的进度步骤已完成或已说明延误", applies_to=("job",),
      source="workflow/schedule.md#delay",
      asks="进度表中截止日期（`due`）早于今天的步骤，要么写了完成日期（`done`），要么工作写了延误说明（`flag`）。"
           "工作的交付日期（`due`）早于今天而状态还没到完成（delivered）的，同样要写延误说明。已取消的工作不检查。",
      why="进度表要根据实际进程及时更新；过期未完成又没有说明的步骤，同事和客户都不知道工作卡在哪里。",
      fix="完成了就填 done（完成日期）；确实延误就在工作上写 `flag: 延误原因和新的日期`，并把进度表的 due 改成新日期、通知相关同事和客户。",
      threshold="截止日期早于今天")
def check_overdue(ctx):
    for d, job, name in _open_dates(ctx):
        if job.data.get("flag") or d.day >= ctx.as_of:
            continue
        late = (ctx.as_of - d.day).days
        if d.kind == "step":
            yield dated(ctx, ctx.finding("JOB-OVERDUE", job, d.field,
                                         f"进度步骤“{name}”{d.day} 到期，已过 {late} 天，还没有完成日期。",
                                         "完成了就在这一步写 `done: 完成日期`；延误了就写 `flag: 原因及新日期` 并更新 due。",
                                         evidence=f"今天按 {ctx.as_of} 计"), d.day, d.day)
        else:
            yield dated(ctx, ctx.finding("JOB-OVERDUE", job, "due",
                                         f"交付日期 {d.day} 已过 {late} 天，工作还在“{STATUS_LABEL.get(job.data.get('status'), '')}”阶段。",
                                         "交付了就把状态改为 delivered（完成）；延误了就写 `flag: 原因及新日期` 并把 due 改成新日期。",
                                         evidence=f"依据字段 due 和 status，今天按 {ctx.as_of} 计"), d.day, d.day)


def _open_dates(ctx):
    """(deadline, job): schedule steps without a done date, and the delivery date of a job not yet delivered."""
    for job in _jobs(ctx):
        status = job.data.get("status")
        if status == "cancelled":
            continue
        no, people = job.data.get("job_no"), _staff(job)
        flag = f"；延误说明：{job.data['flag']}" if job.data.get("flag") else ""
        for i, step in enumerate(job.data.get("schedule") or []):
            due = step.get("due")
            if _day(due) and not step.get("done"):
                who = "对客户" if step.get("audience") == "client" else "对内"
                name = str(step.get("step") or "")
                yield Deadline("JOB-OVERDUE", "step", due, f"{no} {name}", job.client, job.path, f"schedule[{i}].due",
                               people, detail=f"{job.title}（{who}步骤，工作状态：{STATUS_LABEL.get(status, '')}）{flag}",
                               key=f"step|{no}|{name}"), job, name
        if _day(job.data.get("due")) and status in STATUSES_BEFORE_DELIVERY:
            yield Deadline("JOB-OVERDUE", "delivery", job.data["due"], f"{no} 交付", job.client, job.path, "due", people,
                           detail=f"{job.title}（工作状态：{STATUS_LABEL.get(status, '')}）{flag}", key=f"delivery|{no}"), job, ""


STATUSES_BEFORE_DELIVERY = ("brief", "concept", "estimate", "artwork", "production")


@deadlines_of("JOB-OVERDUE")
def open_job_dates(ctx):
    """Open schedule steps and delivery dates of jobs (cancelled jobs have none)."""
    return (d for d, *_ in _open_dates(ctx))


@rule("JOB-CLOSE", level="error", title="结束卡号的工作袋齐全", applies_to=("job",),
      source="workflow/closing.md#closed",
      asks="状态为结束卡号（`closed`）的工作要有结束卡号日期 `closed_on`，工作袋 `documents` 里要有工作申请表 `job_request`、"
           "工作完成表 `completion_form`；有预估或第三方制作的，还要有制作费发票 `production_invoice`；"
           "媒介工作（`kind: media`）还要有已签核媒介计划 `media_plan`、媒介费用发票 `media_invoice` 和佣金发票 `commission_invoice`。",
      why="结束卡号意味着这项工作可以对账、归档；单据不齐，财务对不上账，一年后也没人找得到凭据。",
      fix="把缺的单据扫描后放进工作袋文件夹，在 documents 下登记文件名；单据还没到齐的，先把状态改回 delivered（完成）。",
      threshold="状态 = 结束卡号（closed）")
def check_close(ctx):
    labels = {"job_request": "工作申请表", "completion_form": "工作完成表", "production_invoice": "制作费发票",
              "media_plan": "已签核媒介计划", "media_invoice": "媒介费用发票", "commission_invoice": "佣金发票"}
    for job in _jobs(ctx):
        if job.data.get("status") != "closed":
            continue
        docs = job.data.get("documents") or {}
        need = ["job_request", "completion_form"]
        if estimates(job) or job.data.get("third_party"):
            need.append("production_invoice")
        if job.data.get("kind") == "media":
            need += ["media_plan", "media_invoice", "commission_invoice"]
        missing = [f"{labels[k]}（{k}）" for k in need if not docs.get(k)]
        if missing:
            yield ctx.finding("JOB-CLOSE", job, "documents" if docs else "status",
                              f"工作已结束卡号，但工作袋缺少：{'、'.join(missing)}。",
                              "把这些单据的扫描件放进工作袋文件夹，并在 documents 下写上文件名；单据没齐就先把状态改回 delivered。")
        if not job.data.get("closed_on"):
            yield ctx.finding("JOB-CLOSE", job, "status", "工作已结束卡号，但没有结束卡号日期 closed_on。",
                              "加上 `closed_on: 结束卡号的日期`。")


@rule("JOB-SIGNER", level="error", title="预估由客户规定有权签字的人签字", applies_to=("job", "client"),
      source="department/approvals.md#client-thresholds",
      asks="客户档案里登记了预估签字权限（`estimate_signers`：姓名 `name`，金额上限 `up_to`，不写上限表示不限）的，"
           "这个客户的每份已签字预估（`estimate` 或 `estimates` 里的每一项，有 `client_signed` 的）都要写明客户签字人 `signed_by`，"
           "签字人必须在名单上，这份预估的金额 `amount` 不能超过他的上限。需要几个人会签的，在 signed_by 里用“、”分开写全，"
           "其中至少一人的上限覆盖这笔金额。已取消的工作不检查。",
      why="客户内部的审批权限就是这笔钱的合法性：超出权限签的预估，客户财务可以拒付，争议时等于没有签字。",
      fix="按客户的审批规定请有权限的人（例如总经理）补签预估，把签字人写进 `estimate.signed_by`；"
          "客户的权限变了，先更新客户档案里的 estimate_signers（由 AD 维护）。",
      threshold="金额 ≤ 签字人上限")
def check_signer(ctx):
    for job in _jobs(ctx):
        if job.data.get("status") == "cancelled":
            continue
        client = ctx.archive.get("client", job.client)
        allowed = (client.data.get("estimate_signers") if client else None) or []
        if not allowed:
            continue
        for where, est in estimates(job):
            if est.get("client_signed"):
                yield from _signer(ctx, job, client, allowed, where, est)


def _signer(ctx, job, client, allowed, where, est):
    limits = {s.get("name"): s.get("up_to") for s in allowed}
    names = "、".join(f"{n}（{'不限' if u is None else f'{u} 元以内'}）" for n, u in limits.items())
    signers = [n.strip() for n in re.split(r"[、,，/]", est.get("signed_by") or "") if n.strip()]
    name = estimate_label(where, est)
    if not signers:
        yield ctx.finding("JOB-SIGNER", job, f"{where}.client_signed",
                          f"{name}已经客户签字，但没有写客户签字人 {where}.signed_by，无法核对签字权限。",
                          f"加上 `signed_by: 签字人姓名`；这个客户有权签预估的是：{names}。")
        return
    unknown = [n for n in signers if n not in limits]
    if unknown:
        yield ctx.finding("JOB-SIGNER", job, f"{where}.signed_by",
                          f"签字人 {'、'.join(unknown)} 不在客户档案的预估签字权限名单里。",
                          f"请有权限的人补签；这个客户有权签预估的是：{names}。")
        return
    amount = est.get("amount")
    if isinstance(amount, Decimal) and not any(limits[n] is None or amount <= limits[n] for n in signers):
        top = max(limits[n] for n in signers)
        yield ctx.finding("JOB-SIGNER", job, f"{where}.signed_by",
                          f"{name}金额 {amount} 元超过签字人 {'、'.join(signers)} 的权限（{top} 元以内）。",
                          f"按客户规定请权限足够的人补签（{names}），并把他加进 signed_by。",
                          evidence=f"依据客户档案 {client.path} 的 estimate_signers")


# A deliverable is a finished piece of advertising; these are working papers on the way to one.
NOT_A_WORK = re.compile(r"故事板|分镜|脚本|草图|样稿|提案|调研报告|研究报告|报告|问卷|方案|计划书|storyboard|script", re.I)


@rule("JOB-WORKS", level="warning", title="作品登记的是发布的广告，不是过程文件", applies_to=("job",),
      source="workflow/closing.md#delivered",
      asks="`deliverables`（作品）只登记实际发布或交付使用的广告作品：电视、电台、报纸、杂志、户外、印刷品、数字、店头物料等，"
           "`media` 写它投放的媒体。故事板、分镜、脚本、草图、提案、调研报告、问卷、方案之类的过程文件和报告不是作品，"
           "也不能用 `media: other` 充当媒体；调研工作（`kind: research`）没有作品。",
      why="作品会进入客户档案的“历年作品”和品牌档案第 8 节；把故事板或调研报告当成广告登记，客户和新同事会以为它们播出过。",
      fix="把这类文件放在工作袋里、写进 `documents` 或正文“进展记录”，从 deliverables 里删掉；片子播出后再把成片登记为作品。",
      threshold="作品标题含“故事板、分镜、脚本、草图、样稿、提案、报告、问卷、方案”，或调研工作登记了作品")
def check_works(ctx):
    for job in _jobs(ctx):
        for i, d in enumerate(job.data.get("deliverables") or []):
            hit = NOT_A_WORK.search(str(d.get("title", "")))
            if job.data.get("kind") == "research":
                why = "调研工作的成果是报告，不是广告作品"
            elif hit:
                why = f"“{d.get('title', '')}”是{hit.group(0)}，是过程文件，不是发布的作品"
            else:
                continue
            yield ctx.finding("JOB-WORKS", job, f"deliverables[{i}]", f"作品登记有误：{why}。",
                              "把它从 deliverables 删掉，文件留在工作袋里（写进 documents 或进展记录）；成片或成品发布后再登记为作品。")
