"""`new`: create a record at its file-plan path from the type's template file."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .records import Archive
from .schema import Schema, schemas

TEMPLATE_DIR = Path(__file__).parent / "templates" / "records"


class ScaffoldError(Exception):
    """A request `new` cannot carry out; the message says why and what to do, in Chinese."""


def environment() -> Environment:
    """The Jinja2 environment of the record templates (Markdown, so no HTML escaping; `q` quotes for YAML)."""
    env = Environment(loader=FileSystemLoader(TEMPLATE_DIR), undefined=StrictUndefined,
                      autoescape=select_autoescape(["html"]), keep_trailing_newline=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["q"] = lambda v: json.dumps("" if v is None else str(v), ensure_ascii=False)
    return env


def template_source(type_: str) -> str:
    """The template file of a record type, as the handbook shows it."""
    return (TEMPLATE_DIR / f"{type_}.md.j2").read_text(encoding="utf-8")


def next_job_no(archive: Archive, code: str, client: str, year: int) -> str:
    """The next free job number for a client and year, counting job folders and records alike."""
    used = {r.data.get("job_no") for r in archive.of_type("job")}
    jobs_dir = archive.settings.root / "clients" / client / "jobs"
    if jobs_dir.is_dir():
        used |= {p.name for p in jobs_dir.iterdir()}
    pattern = re.compile(rf"{re.escape(code)}-{year}-(\d{{4}})$")
    seqs = [int(m.group(1)) for u in used if u and (m := pattern.match(u))]
    return f"{code}-{year}-{max(seqs, default=0) + 1:04d}"


@dataclass
class Request:
    type: str
    client: str
    brand: str | None
    values: dict[str, str]
    slug: str | None
    today: date
    now: datetime


def defaults(req: Request, archive: Archive) -> dict:
    """The values a new record starts with: today, the client's team, the next number, the period."""
    client = archive.get("client", req.client)
    if req.type != "client" and client is None:
        raise ScaffoldError(f"找不到客户“{req.client}”（clients/{req.client}/client.md）。先核对客户编号，"
                            f"或先建立客户档案：python -m generators new client --client {req.client}")
    team = (client.data.get("team", {}) if client else {})
    brands = [b.data["id"] for b in archive.for_client(req.client, "brand")]
    if req.type in ("brand-history", "job", "research-summary") and not req.brand:
        raise ScaffoldError(f"{schemas()[req.type].label}需要品牌：加上 --brand，可选：{'、'.join(brands) or '（该客户还没有品牌档案）'}")
    if req.brand and req.type != "brand" and req.brand not in brands:
        raise ScaffoldError(f"客户 {req.client} 下没有品牌“{req.brand}”。可选：{'、'.join(brands) or '（该客户还没有品牌档案）'}")
    iso = req.today.isocalendar()
    f = {
        "client": req.client, "brand": req.brand or (brands[0] if brands else ""), "date": req.today.isoformat(),
        "opened": req.today.isoformat(), "since": req.today.isoformat(),
        "ad": team.get("ad", ""), "am": team.get("am", ""), "ae": (team.get("ae") or [""])[0],
        "title": "", "due": "", "location": "", "positioning": "", "personality": "",
        "held_at": req.now.strftime("%Y-%m-%d %H:%M"), "received_at": req.now.strftime("%Y-%m-%d %H:%M"),
        "sent_at": "", "participant": (team.get("ae") or [""])[0],
        "week": f"{iso.year}-W{iso.week:02d}", "month": req.today.strftime("%Y-%m"),
        "period": f"{req.today.year}-Q{(req.today.month - 1) // 3 + 1}",
        "kind": {"job": "creative", "meeting": "meeting", "brand-history": "brainstorm",
                 "competitive-report": "quarterly"}.get(req.type, ""),
        "category": "inquiry", "channel": "", "status": {"job": "brief", "client": "prospect"}.get(req.type, ""),
        "purpose": "", "firm": "", "method": "", "sample": "",
        "id": req.brand if req.type == "brand" else req.client, "code": "", "name": "", "short_name": "",
        "class": "C", "industry": "",
    }
    if req.type == "brand":
        f["category"] = ""
    if req.type == "job":
        f.update(brief_date="", cd="")
        f.update({k: v for k, v in req.values.items() if k in ("brief_date", "ad", "cd")})
        _require_signed_brief(req, archive, f)
        f["job_no"] = next_job_no(archive, client.data.get("code", "XX"), req.client, req.today.year)
    return f


def _require_signed_brief(req: Request, archive: Archive, f: dict) -> None:
    """The job number is issued only once the Job Brief carries the AD's and the CD's signatures:
    without them `new job` allocates nothing."""
    how = (f"python -m generators new job --client {req.client} --brand {req.brand} --set title=工作名称 "
           f"--set brief_date=签字日期 --set cd=创意总监姓名（AD 默认为客户服务团队的 AD，可用 --set ad= 改）")
    if not f["brief_date"] or not f["cd"] or not f["ad"]:
        raise ScaffoldError("工作号要等工作简报经 AD 和 CD 签字后才签发，预报阶段不开工作号。预报写进会议报告或周报的“下一步”，"
                            f"并向 CD 预告工作和时间；简报签字后再开工作号：{how}")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", f["brief_date"]):
        raise ScaffoldError(f"brief_date “{f['brief_date']}”不是日期，请写成 2026-11-20 这样的格式。")
    try:
        signed = date.fromisoformat(f["brief_date"])
    except ValueError:
        raise ScaffoldError(f"brief_date “{f['brief_date']}”不是真实存在的日期。") from None
    if signed > req.today:
        raise ScaffoldError(f"简报签字日期 {signed} 在今天（{req.today}）之后：签字之后才能开工作号。")
    for key, role in (("ad", "AD"), ("cd", "CD")):
        person = archive.settings.person(f[key])
        if person is None or person.role != role:
            names = "、".join(p.name for p in archive.settings.staff if p.role == role) or "（名册里没有）"
            raise ScaffoldError(f"{key} “{f[key]}”不是名册里的 {role}：简报要由{'客户总监' if role == 'AD' else '创意总监'}签字。"
                                f"名册里的 {role}：{names}")


def create(req: Request, archive: Archive) -> Path:
    """Write the new record and return its path; refuses to overwrite anything."""
    all_ = schemas()
    if req.type not in all_:
        raise ScaffoldError(f"没有“{req.type}”这种记录。可选：{'、'.join(all_)}")
    schema: Schema = all_[req.type]
    f = defaults(req, archive)
    for key, value in req.values.items():
        if key not in schema.fields and key not in f:
            raise ScaffoldError(f"{schema.label}没有字段“{key}”。可设置的字段：{'、'.join(k for k in schema.fields if k != 'type')}")
        f[key] = value
    slug = req.slug or {"meeting": "meeting", "brand-history": f.get("kind") or "entry", "research-summary": "research",
                        "client-issue": "issue"}.get(req.type, "")
    if slug and not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug):
        raise ScaffoldError(f"--slug “{slug}”不合格：只能用小写英文字母、数字和连字符，例如 winter-review。")
    data = {k: _typed(v) for k, v in f.items()}
    if req.type == "client":
        data["id"] = req.client
    rel = schema.fill(schema.path, data, slug)
    if rel is None:
        raise ScaffoldError(f"无法确定{schema.label}的存放位置，请检查 --client/--brand/--set 的值。")
    target = archive.settings.root / rel
    if target.exists():
        raise ScaffoldError(f"{rel} 已经存在，不会覆盖。要修改它，请直接编辑这个文件；要新建另一份，请换一个 --slug 或日期。")
    text = environment().get_template(f"{req.type}.md.j2").render(f=f, sections=schema.sections)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8", newline="\n") as out:  # "x": never overwrite, even in a race
        out.write(text)
    return target


def _typed(value):
    """Path templates need dates for `{held_at|date}`; everything else stays text."""
    if isinstance(value, str):
        if re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{1,2}:\d{2}", value):
            return datetime.strptime(value, "%Y-%m-%d %H:%M")
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value)
    return value
