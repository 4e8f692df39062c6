"""`new`: create a record at its file-plan path from the type's template file."""
from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from generators.archive.records import Archive
from generators.archive.schema import SCHEMA_DIR, Schema, project_dir, schemas


# Ids that name folders (client, brand, slug): ASCII only, so no `..`, `/` or look-alike letters.
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*", re.ASCII)


class ScaffoldError(Exception):
    """A request `new` cannot carry out; the message says why and what to do, in Chinese."""


class UsageError(ScaffoldError):
    """An argument `new` refuses outright (an id outside the slug pattern, a path leaving the archive)."""


class UserText(str):
    """A value typed by the user (`--set`): written to YAML quoted unless it is a plain date or id."""


def yaml_quote(value) -> str:
    """A YAML double-quoted scalar holding exactly `value`: no line break, `#`, `: ` or tag can escape it."""
    out = []
    for ch in "" if value is None else str(value):
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == " " or ch.isprintable():
            out.append(ch)
        elif ord(ch) <= 0xFF:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    return '"' + "".join(out) + '"'


# A --set value printed bare stays bare only when YAML cannot misread it: an ISO date or a lowercase id.
_PLAIN = re.compile(r"\d{4}-\d{2}-\d{2}|[a-z][a-z0-9]*(?:-[a-z0-9]+)*", re.ASCII)
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def _finalize(value):
    if isinstance(value, UserText) and not (_PLAIN.fullmatch(value) and value not in _YAML_WORDS):
        return yaml_quote(value)
    return value


def check_id(option: str, value: str) -> str:
    """`value` when it is a lowercase ASCII id (huaxin-foods); else UsageError naming the option."""
    if not SLUG.fullmatch(value or ""):
        raise UsageError(f"{option} “{value}”不合格：编号只能用小写英文字母、数字和连字符（不能有 / 或 ..），"
                         f"例如 huaxin-foods。")
    return value


def environment(root: Path | None = None) -> Environment:
    """The Jinja2 environment of the record templates, which live beside their schemas (the project's
    `schemas/` first, then the package's, so shared partials such as `_sections.md.j2` work in both);
    Markdown, so no HTML escaping; `q` quotes for YAML."""
    extra = project_dir(root)
    folders = ([str(extra)] if extra is not None and extra.is_dir() else []) + [str(SCHEMA_DIR)]
    env = Environment(loader=FileSystemLoader(folders), undefined=StrictUndefined,
                      autoescape=select_autoescape(["html"]), keep_trailing_newline=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["q"] = yaml_quote  # a plain str: _finalize leaves it alone
    env.finalize = _finalize  # a --set value printed without `q` is quoted all the same (unless plain)
    return env


def template_source(schema: Schema) -> str:
    """The template file of a record type, as the handbook shows it."""
    return schema.template.read_text(encoding="utf-8")


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
    check_id("--client", req.client)
    if req.brand is not None:
        check_id("--brand", req.brand)
    if req.type != "client" and client is None:
        raise ScaffoldError(f"找不到客户“{req.client}”（clients/{req.client}/client.md）。先核对客户编号，"
                            f"或先建立客户档案：python -m generators new client --client {req.client}")
    team = (client.data.get("team", {}) if client else {})
    brands = [b.data["id"] for b in archive.for_client(req.client, "brand")]
    schema = schemas(archive.settings.root)[req.type]
    if "brand" in (schema.new.get("needs") or ()) and not req.brand:
        raise ScaffoldError(f"{schema.label}需要品牌：加上 --brand，可选：{'、'.join(brands) or '（该客户还没有品牌档案）'}")
    for need in schema.new.get("needs") or ():  # a record filed inside another's folder (a brief in its job's)
        if need != "brand" and not req.values.get(need):
            field = schema.fields.get(need)
            known = [str(r.key) for r in archive.for_client(req.client, field.type.spec["to"])] \
                if field is not None and "to" in getattr(field.type, "spec", {}) else []
            raise ScaffoldError(f"{schema.label}要写明{field.label if field else need}：加上 --set {need}=…"
                                + (f"。这个客户的：{'、'.join(known)}" if known else ""))
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
        "kind": "", "category": "", "channel": "", "status": "",
        "purpose": "", "firm": "", "method": "", "sample": "",
        "id": req.brand if req.type == "brand" else req.client, "code": "", "name": "", "short_name": "",
        "class": "C", "industry": "",
    }
    # the type's own defaults (`new: defaults:` in its schema), and a value for every field its template may ask for
    f.update({k: "" for k in schema.fields if k not in f and k not in ("type", "confidential")})
    known = f | {"today": f["date"], "now": f["held_at"]}
    f.update({k: _fill(v, known) for k, v in (schema.new.get("defaults") or {}).items()})
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
    all_ = schemas(archive.settings.root)
    if req.type not in all_:
        raise ScaffoldError(f"没有“{req.type}”这种记录。可选：{'、'.join(all_)}")
    schema: Schema = all_[req.type]
    f = defaults(req, archive)
    for key, value in req.values.items():
        if key not in schema.fields and key not in f:
            raise ScaffoldError(f"{schema.label}没有字段“{key}”。可设置的字段：{'、'.join(k for k in schema.fields if k != 'type')}")
        if any(0xD800 <= ord(ch) <= 0xDFFF for ch in value):  # undecodable bytes in argv
            raise UsageError(f"--set {key}= 的值含有无法识别的字符（不是 UTF-8 文字）。请在终端里用 UTF-8 重新输入。")
        f[key] = UserText(value)
    slug = req.slug or _slug(schema, f)
    if slug and not SLUG.fullmatch(slug):
        raise UsageError(f"--slug “{slug}”不合格：只能用小写英文字母、数字和连字符，例如 winter-review。")
    data = {k: _typed(v) for k, v in f.items()}
    if req.type == "client":
        data["id"] = req.client
    for m in re.finditer(r"\{([a-z_]+)(\|date)?\}", schema.path):  # the file name holds this date
        if (m.group(2) or m.group(1) == "date") and not isinstance(data.get(m.group(1)), date):
            example = "2026-11-20 14:30" if m.group(2) else "2026-11-20"
            raise UsageError(f"--set {m.group(1)}= 的值“{f.get(m.group(1))}”不是真实的日期或时间，"
                             f"文件名要用到它。请写成 {example}。")
    rel = schema.fill(schema.path, data, slug)
    if rel is None:
        raise ScaffoldError(f"无法确定{schema.label}的存放位置，请检查 --client/--brand/--set 的值。")
    target = _inside_archive(archive.settings.root, rel)
    if target.exists():
        raise ScaffoldError(f"{rel} 已经存在，不会覆盖。要修改它，请直接编辑这个文件；要新建另一份，请换一个 --slug 或日期。")
    seen = _Seen(f)
    text = environment(archive.settings.root).get_template(f"{req.type}.md.j2").render(f=seen, sections=schema.sections)
    unused = [k for k in req.values if k not in seen.read]
    if unused:  # a value that would silently vanish: say so rather than write a record without it
        raise ScaffoldError(f"{schema.label}的模板里没有“{'、'.join(unused)}”这一行，不能用 --set 预填。"
                            "请先不带它生成记录，再在文件里按手册写上这个字段。")
    write_new(target, text, rel)
    return target


def _fill(value, known: dict) -> str:
    """A `new: defaults:` value: `{today}`, `{now}`, `{week}`, `{ae}`... filled in, anything else as written."""
    if value is None:
        return ""
    return re.sub(r"\{([a-z_]+)\}", lambda m: str(known.get(m.group(1), m.group(0))), str(value))


def _slug(schema: Schema, f: dict) -> str:
    """The default slug of a new record: the schema's `new: slug:` pattern filled from the values
    (`"{kind}"`), "entry" when that leaves nothing."""
    pattern = schema.new.get("slug")
    if not pattern:
        return ""
    return re.sub(r"\{([a-z_]+)\}", lambda m: str(f.get(m.group(1)) or ""), str(pattern)) or "entry"


class _Seen(dict):
    """The template's values, noting which ones the template reads."""

    def __init__(self, values: dict):
        super().__init__(values)
        self.read: set[str] = set()

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)


def _inside_archive(root: Path, rel: str) -> Path:
    """The absolute path of `rel`, refused unless it is a plain path under clients/ (no `..`, no link out)."""
    parts = rel.split("/")
    clients = (root / "clients").resolve()
    bad = (parts[0] != "clients" or any(p in ("", ".", "..") or "\\" in p or not p.isprintable() for p in parts))
    target = root / rel
    if not bad:
        try:
            target.parent.resolve().relative_to(clients)
        except ValueError:
            bad = True
    if bad:
        raise UsageError(f"算出的位置 {rel!r} 不在档案的 clients/ 文件夹里，没有创建。"
                         "请检查 --client、--brand、--slug 和 --set 的值：不能含有 /、\\ 或 ..。")
    return target


def write_new(target: Path, text: str, rel: str) -> None:
    """Write `text` to `target` atomically and never over an existing file: the bytes go to a temporary
    file in the same folder, which is then hard-linked to its name (fails if the name appeared meanwhile).
    Whatever goes wrong (a full disk), no partial or empty record and no new empty folder is left."""
    made = [p for p in (target.parent, *target.parent.parents) if not p.exists()]
    data = text.encode("utf-8")
    tmp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".new-", suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            os.fchmod(out.fileno(), 0o666 & ~_umask())  # mkstemp makes 0600; a record is an ordinary file
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        try:
            os.link(tmp, target)
        except FileExistsError:
            raise ScaffoldError(f"{rel} 刚刚被别人建立了，不会覆盖。请打开它看看是不是你要的记录。")
        except OSError:  # a file system without hard links: exists-check then rename (a tiny race remains)
            if target.exists():
                raise ScaffoldError(f"{rel} 已经存在，不会覆盖。")
            os.replace(tmp, target)
            tmp = None
    except OSError as exc:
        raise ScaffoldError(f"写入 {rel} 失败：{_os_reason(exc)}。没有留下半份文件，处理好后重新运行同一条命令即可。")
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        if not target.exists():
            for folder in made:  # innermost first; only the empty folders this call created
                try:
                    folder.rmdir()
                except OSError:
                    break


def _umask() -> int:
    mask = os.umask(0o22)
    os.umask(mask)
    return mask


def _os_reason(exc: OSError) -> str:
    import errno
    return {errno.ENOSPC: "磁盘已满", errno.EDQUOT: "磁盘配额已用完", errno.EACCES: "没有写入权限",
            errno.EPERM: "没有写入权限", errno.EROFS: "磁盘是只读的"}.get(exc.errno, exc.strerror or type(exc).__name__)


def _typed(value):
    """Path templates need dates for `{held_at|date}`; everything else stays text."""
    try:
        if isinstance(value, str):
            if re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{1,2}:\d{2}", value, re.ASCII):
                return datetime.strptime(value, "%Y-%m-%d %H:%M")
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value, re.ASCII):
                return date.fromisoformat(value)
    except ValueError:  # 2026-02-30: stays text; the path check or the reader says what is wrong
        pass
    return value
