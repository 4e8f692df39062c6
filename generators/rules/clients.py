"""Client and brand rules: the contract, face-to-face visits, the brand fact book."""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from decimal import Decimal

from generators.archive import daxie, periods
from generators.rules.common import VISIT_WEEKS_BACK, active_clients, body_line, dated, section_gaps, service_start
from generators.rules.registry import rule

LEGAL_SUFFIX = re.compile(r"(公司|集团|中心|厂|研究院|研究所|事务所|合伙）|合伙\)|学校|大学|医院|协会|基金会|商行|店)$")


@rule("CLT-CONTRACT", level="error", title="合同写全双方全称、日期和相符的大写金额", applies_to=("client",),
      source="relations/contracts.md", confidential=True,
      asks="服务中（`status: active`）的客户要登记合同（`contract`）；登记了合同的，要写明：甲方全称 `party_a`（与客户档案的法定全称 `name` 一字不差）、"
           "乙方全称 `party_b`（以“有限公司”“公司”等结尾的全称，不用简称）、签订日期 `signed`、起止日期 `start`/`end`（终止不早于起始），"
           "以及金额 `amount` 和大写金额 `amount_in_words`，两者必须一致。大写按人民银行的写法核对：到“元”为止要写“整”（或“正”），"
           "中间的 0 写一个“零”，万位或元位是 0 而千位或角位不是 0 时“零”可写可不写，十几写“壹拾”；前面可以加“人民币”，“圆”与“元”通用。",
      why="合同是双方权利义务的依据；名称写简称、日期缺漏、大小写金额不一致，都会让合同在争议时打折扣，大写金额更是防涂改的关键。",
      fix="照营业执照写全双方名称；补齐日期；大写金额按报错给出的正确写法改正（例如 1005000 写作“壹佰万零伍仟元整”）。",
      threshold="大写与数字完全一致（到分）")
def check_contract(ctx):
    for client in ctx.archive.of_type("client"):
        c = client.data.get("contract")
        if not c:
            if client.data.get("status") == "active":
                yield ctx.finding("CLT-CONTRACT", client, "status", "服务中的客户没有登记合同 contract。",
                                  "在客户档案里加上 contract（编号、双方全称、日期、金额与大写、付款方式、合同文件）；还没签合同的，先签合同再开展工作。")
            continue
        name = client.data.get("name")
        if not c.get("party_a"):
            yield ctx.finding("CLT-CONTRACT", client, "contract", "合同没有写甲方全称 party_a。",
                              f"加上 `party_a: {name}`（与营业执照一致）。" if name else "加上 party_a（甲方全称）。")
        elif name and c["party_a"] != name:
            yield ctx.finding("CLT-CONTRACT", client, "contract.party_a",
                              f"甲方“{c['party_a']}”与客户全称“{name}”不一致，合同上要写法定全称。",
                              f"核对营业执照后改成一致的全称（客户全称是“{name}”）。")
        party_b = c.get("party_b")
        if not party_b:
            yield ctx.finding("CLT-CONTRACT", client, "contract", "合同没有写乙方全称 party_b。",
                              "加上 `party_b: 我方公司的法定全称`，例如“星河广告有限公司”。")
        elif not LEGAL_SUFFIX.search(party_b):
            yield ctx.finding("CLT-CONTRACT", client, "contract.party_b",
                              f"乙方“{party_b}”看起来是简称，合同上要写法定全称。", "写营业执照上的全称，例如“星河广告有限公司”。")
        missing = [label for key, label in (("signed", "签订日期 signed"), ("start", "起始日期 start"), ("end", "终止日期 end"))
                   if not c.get(key)]
        if missing:
            yield ctx.finding("CLT-CONTRACT", client, "contract", f"合同缺少{'、'.join(missing)}。", "按合同原件补上日期。")
        elif c["end"] < c["start"]:
            yield ctx.finding("CLT-CONTRACT", client, "contract.end",
                              f"合同终止日期 {c['end']} 早于起始日期 {c['start']}。", "按合同原件改正日期。")
        yield from _amount(ctx, client, c)


def _amount(ctx, client, c):
    amount, words = c.get("amount"), c.get("amount_in_words")
    if not isinstance(amount, Decimal) or not words:
        missing = [label for key, label, ok in (("amount", "金额 amount", isinstance(amount, Decimal)),
                                                 ("amount_in_words", "大写金额 amount_in_words", bool(words))) if not ok]
        yield ctx.finding("CLT-CONTRACT", client, "contract", f"合同缺少{'、'.join(missing)}。",
                          "金额写数字（元），大写写在 amount_in_words"
                          + (f"，例如：`amount_in_words: 人民币{daxie.to_words(amount)}`。" if isinstance(amount, Decimal) else "。"))
        return
    if daxie.matches(amount, words):
        return
    right = daxie.to_words(amount)
    read = daxie.parse(words)
    if read is not None and read != amount:
        what = f"大写“{words}”读出来是 {read:,.2f} 元，与金额 {amount:,.2f} 元不一致。"
    else:
        what = f"大写“{words}”不是金额 {amount:,.2f} 元的规范写法。"
        if read == amount:
            norm = daxie.normalize(words)
            if not norm.endswith(("整", "角", "分")):
                what = f"大写“{words}”到“元”为止，后面要写“整”字。"
            elif re.match(r"拾", norm):
                what = f"大写“{words}”以“拾”开头，十几要写“壹拾”。"
            elif norm.endswith("分整"):
                what = f"大写“{words}”有“分”，“分”后面不写“整”。"
            else:
                what = f"大写“{words}”的“零”写得不对：数字中间的 0 要写一个“零”。"
    yield ctx.finding("CLT-CONTRACT", client, "contract.amount_in_words", what,
                      f"核对合同原件；金额 {amount} 元的大写应写作“人民币{right}”（手册要求大写前写“人民币”）。")


@rule("CLT-VISITS", level="warning", title="按客户等级面访", applies_to=("client", "meeting"),
      source="relations/client-classes.md#visits",
      asks=f"A 类客户每周至少两次面访，其他服务中（`status: active`）的客户每周至少一次；面访以 `kind: visit` 的会议报告计。"
           f"只检查今天所在周之前最近 {VISIT_WEEKS_BACK} 个已结束的 ISO 周（从开始服务那一周起）；整周放假、没有工作日的周不要求。",
      why="面对面才能了解客户的生意和情绪；电话和微信代替不了拜访，A 类客户更需要我们常在现场。",
      fix="安排拜访，每次拜访写一份 `kind: visit` 的会议报告；如果开会就是在客户处面谈，把 kind 写成 visit。",
      threshold=f"A 类每周 ≥ 2 次，其他每周 ≥ 1 次；回看最近 {VISIT_WEEKS_BACK} 周")
def check_visits(ctx):
    for client in active_clients(ctx):
        need = 2 if client.data.get("class") == "A" else 1
        counts: dict[str, int] = {}
        for m in ctx.archive.for_client(client.client, "meeting"):
            held = m.data.get("held_at")
            if m.data.get("kind") == "visit" and isinstance(held, datetime):
                key = periods.week_key(held.date())
                counts[key] = counts.get(key, 0) + 1
        for week in periods.complete_weeks(ctx.as_of, VISIT_WEEKS_BACK, service_start(ctx, client)):
            if not periods.weekly_due(week):
                continue
            have = counts.get(week, 0)
            if have < need:
                start = periods.week_start(week)
                yield dated(ctx, ctx.finding(
                    "CLT-VISITS", client, "class",
                    f"{client.data.get('short_name') or client.client}（{client.data.get('class')} 类）在 {week} 周"
                    f"（{start} 至 {start + timedelta(days=6)}）只有 {have} 次面访，要求至少 {need} 次。",
                    "安排拜访客户，并为每次拜访写 `kind: visit` 的会议报告；已经拜访但没写报告的，补写报告。",
                    evidence=f"按 {week} 周 kind: visit 的会议报告计数"), start)


@rule("BRD-FILE", level="warning", title="品牌档案的手写部分齐全", applies_to=("brand",),
      source="filing/brand-file.md",
      asks="品牌档案（实情手册）要有这些手写小节，并且每节下面都有实际内容：联系人与客户组织、市场概况、产品、竞争、消费者、品牌、媒介策略与计划、代理商记录。"
           "会议报告、历次战役、创意简报、调研和财务等部分由网站从相关记录自动生成，不用手写。只有模板提示（注释）或占位字样的小节算空。",
      why="品牌档案是接手这个品牌的同事最先读的东西；缺了市场、竞争或消费者，新同事就只能从头去问客户。",
      fix="补上缺的小节标题（`## 竞争` 等），写下目前掌握的情况；资料不全就写已知的部分并注明待补充的来源。",
      threshold="8 个手写小节，每节有内容")
def check_brand_file(ctx):
    for r in ctx.archive.of_type("brand"):
        for title, gap in section_gaps(r):
            if gap == "missing":
                yield ctx.finding("BRD-FILE", r, "", f"品牌档案缺少“{title}”这一节。",
                                  f"加上一行 `## {title}`，在下面写内容。", line=r.body_line)
            else:
                yield ctx.finding("BRD-FILE", r, "", f"品牌档案的“{title}”一节是空的（只有提示或占位字样）。",
                                  f"在“{title}”下面写上目前掌握的情况。", line=body_line(r, title))
