"""Structure and retrieval rules: every record in its place, unique, its references and files real."""
from __future__ import annotations

import re
from collections import defaultdict

from generators.archive.fields import Ref, Staff
from generators.archive import naming
from generators.archive.records import from_place
from generators.rules.registry import rule

ALL = ("*",)  # every record type (the rule pages list them from the schemas)


@rule("RET-PATH", level="error", title="记录放在档案规划规定的位置", applies_to=ALL, source="filing/file-plan.md",
      asks="每份记录的文件位置由它的字段决定（例如工作档案在 `clients/<客户>/jobs/<工作号>/job.md`）；"
           "文件不能放错文件夹，文件名也要与字段一致。",
      why="位置就是索引：同事按规划去找，放错地方的记录就等于丢了。",
      fix="把文件移到报错里给出的正确位置（`git mv 旧路径 新路径`），或改正与文件名不一致的字段。")
def check_path(ctx):
    for r in ctx.archive.records:
        expected = r.schema.fill(r.schema.path, r.data, r.slug)
        m = r.schema.path_regex.fullmatch(r.path)
        if m and expected == r.path:
            continue
        if expected and expected != r.path:
            differ = _differ(r, m)
            if differ:
                # the folder and a field disagree: which one is wrong only the author knows, so
                # name the field first (the usual slip) and the move second
                name, there = differ[0]
                if r.schema.fields[name].type.example.startswith('"'):
                    there = f'"{there}"'
                shown = "、".join(f"{n}（{r.schema.fields[n].label}）写的是 {r.data[n]}，文件所在的位置却是 {v}" for n, v in differ)
                yield ctx.finding("RET-PATH", r, name, f"这份{r.schema.label}的字段与它的位置不一致：{shown}。",
                                  f"如果位置是对的，把第 {r.line(name)} 行改成 `{name}: {there}`；"
                                  f"如果字段是对的，执行 `git mv {r.path} {expected}` 把文件移过去。")
                continue
            yield ctx.finding("RET-PATH", r, "", f"这份{r.schema.label}放错了位置：按它的字段，应放在 {expected}。",
                              f"执行 `git mv {r.path} {expected}`，或改正字段使之与文件位置一致。")
        elif not m:
            yield ctx.finding("RET-PATH", r, "", f"这个位置不在档案规划里；{r.schema.label}应放在 {r.schema.path}。",
                              f"按 {r.schema.path} 的格式移动文件。")


def _differ(r, m) -> list[tuple[str, str]]:
    """(field, value its place gives) for the text fields whose value the file's place contradicts."""
    place = from_place(r.path, r.schema) if m is not None or r.path.startswith("clients/") else {}
    return [(n, v) for n, v in place.items() if isinstance(r.data.get(n), str) and r.data[n] != v]


@rule("RET-UNIQUE", level="error", title="编号唯一", applies_to=("client", "brand", "job", "weekly-status", "budget-report"),
      source="filing/index.md#basics",
      asks="客户编号和客户代码唯一；同一客户下品牌编号唯一；工作号在整个档案中唯一；每个客户每周只有一份周报、每月只有一份预算报告。",
      why="编号是找资料的钥匙：两份记录共用一个编号，搜索、链接和统计就会指向错误的那份。",
      fix="给后建的那份记录换一个编号（新工作号用 `python -m generators new job` 自动分配），或把重复的两份合并成一份。")
def check_unique(ctx):
    seen: dict[tuple, list] = defaultdict(list)
    for r in ctx.archive.records:
        seen[(r.type, "key", r.key)].append(r)
        if r.type == "client" and "code" in r.data:
            seen[(r.type, "code", r.data["code"])].append(r)
    for (type_, what, value), group in seen.items():
        if len(group) < 2:
            continue
        first = group[0]
        field_ = _key_field(first.schema)
        if what == "code":
            field_ = "code"
        for r in group[1:]:
            yield ctx.finding("RET-UNIQUE", r, field_, f"“{value}”已被 {first.path} 使用，编号必须唯一。")


def _key_field(schema) -> str:
    """The field a type's key ends with (a client's id, a job number, a report's week), "" when it is no field."""
    parts = re.findall(r"\{([a-z_]+)(?:\|date)?\}", schema.key)
    return parts[-1] if parts and parts[-1] in schema.fields else ""


CROSS_FIX = ("改成本客户的工作号或品牌；这次会议确实是另一个客户的，就把报告移到那个客户的 meetings/ 下并改 client；"
             "两个客户的事不要写在同一份报告里（各写一份，客户资料互不可见）。")


def _resolve(ctx, r, f, value) -> str | tuple[str, str] | None:
    """Why a reference does not resolve (with its own fix for another client's record), or None when it does.
    The lookup is the one resolver's (generators.archive.naming); the messages say what was looked for."""
    to = f.type.spec["to"]
    target = ctx.archive.types.get(to)
    if target is None:
        return None
    if "{client}" in target.key and not r.client:  # the record's own client is missing or malformed: REQ-FIELDS says so
        return None
    found = naming.resolve(ctx.archive, r, to, value)
    if found is not None:
        if to != "client" and r.client and found.client and found.client != r.client:  # a leak and a misfile
            return (f"{target.label.removesuffix('档案')} {value} 属于客户 {found.client}，不属于这份{r.schema.label}的客户 {r.client}。"
                    f"一份记录只能引用本客户的{target.label.removesuffix('档案')}。", CROSS_FIX)
        return None
    if to == "client":
        return f"找不到客户“{value}”（clients/{value}/client.md）。"
    if "{client}" in target.key:
        others = sorted(o.client for o in ctx.archive.of_type(to) if o.client and o.client != r.client
                        and naming.target_key(target, o, str(value)) == o.key)
        if others:
            what = target.label.removesuffix("档案")
            return (f"{what}“{value}”属于客户 {'、'.join(others)}，不属于这份{r.schema.label}的客户 {r.client}。"
                    f"一份记录只能引用本客户的{what}。", CROSS_FIX)
        return f"客户 {r.client} 下没有{target.label.removesuffix('档案')}“{value}”。"
    if to == "job":
        return f"找不到工作号“{value}”。"
    return f"找不到{target.label}“{value}”。"


@rule("RET-REF", level="error", title="引用都指向真实存在的记录", applies_to=ALL, source="filing/index.md#basics",
      asks="记录里提到的客户、品牌、工作号和人员都真实存在：品牌属于某个客户，工作属于它的客户和品牌，会议报告提到的工作和品牌都在档案里，"
           "而且属于这份报告的客户（不能引用别的客户的工作或品牌），"
           "人员在员工名册（archive.toml）里，工作号以该客户的代码开头。",
      why="档案之间靠引用串起来：品牌页列出它的工作，客户页列出它的会议。引用断了，资料就从这些页面上消失。",
      fix="核对拼写（编号区分大小写），或先建立被引用的记录；新同事要先加入 archive.toml 的员工名册。")
def check_refs(ctx):
    for r in ctx.archive.records:
        for where, f, value in r.leaves:
            if isinstance(f.type, Ref):
                why = _resolve(ctx, r, f, value)
                if why:
                    message, fix = why if isinstance(why, tuple) else (why, "")
                    yield ctx.finding("RET-REF", r, where, message, fix)
            elif isinstance(f.type, Staff) and ctx.settings.staff and not ctx.settings.person(value):
                yield ctx.finding("RET-REF", r, where, f"“{value}”不在员工名册里。",
                                  "人名要与 archive.toml 的 [[staff]] 名册完全一致；新同事请先加入名册。")
        if r.type == "job" and "job_no" in r.data:
            client = ctx.archive.get("client", r.data.get("client", ""))
            code = client.data.get("code") if client else None
            if code and not r.data["job_no"].startswith(code + "-"):
                yield ctx.finding("RET-REF", r, "job_no", f"工作号 {r.data['job_no']} 的前缀与客户代码 {code} 不符。",
                                  f"工作号应以 {code}- 开头；用 `python -m generators new job --client {r.client}` 取下一个号。")


# RET-ATTACH (attachments in place, no symlink, none outside the record's folder) lives in attachments.py.
