"""Archive settings from `archive.toml` at the project root.

Every fault of the file (not UTF-8, a BOM, a TOML syntax error, an unknown time zone, an impossible
`as_of`, a staff entry without `slug`, a value of the wrong type) raises SettingsError, which names
the line and says in Chinese how to fix it; `check`, `new` and the site build all report it so.
"""
from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from generators.archive.findings import Finding

FILE = "archive.toml"
RULE = "CFG-SETTINGS"
DEFAULT_SITE_URL = "http://127.0.0.1:8000/"
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*", re.ASCII)
AS_OF_YEARS = (1900, 2999)  # a pinned "today" outside this is a typo, and date arithmetic must not overflow


@dataclass(frozen=True)
class Person:
    name: str
    slug: str
    role: str
    email: str = ""


@dataclass
class Settings:
    """What the generators need to know about this archive."""

    root: Path
    name: str = "客户服务部"
    timezone: str = "Asia/Shanghai"
    as_of: date | None = None
    site_url: str = DEFAULT_SITE_URL
    # Where the repository is on the web and its edit path (edit links); see `web_address`.
    repo_url: str = ""
    edit_uri: str = "edit/main/"
    staff: list[Person] = field(default_factory=list)
    todo_days: int = 14  # `[todo] days`: how far ahead the to-do lists and calendar feeds look

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def person(self, name: str) -> Person | None:
        return next((p for p in self.staff if p.name == name), None)

    def rule_url(self, rule_id: str) -> str:
        return f"{self.site_url.rstrip('/')}/rules/{rule_id.lower()}/"


class SettingsError(Exception):
    """archive.toml cannot be used: where (line, field), what is wrong and how to fix it, in Chinese."""

    def __init__(self, line: int, field_: str, message: str, fix: str):
        super().__init__(f"{FILE}:{line}: {message} 修改方法：{fix}")
        self.line, self.field, self.message, self.fix = line, field_, message, fix

    def finding(self) -> Finding:
        """The fault as a check finding (rule CFG-SETTINGS), for the text and JSON outputs."""
        return Finding(path=FILE, line=self.line, field=self.field, rule=RULE, level="error",
                       message=self.message, fix=self.fix,
                       link=f"{DEFAULT_SITE_URL.rstrip('/')}/rules/{RULE.lower()}/")

    def text(self) -> str:
        """One block for a terminal or a build log."""
        return (f"{FILE}:{self.line}: {RULE}{' ' + self.field if self.field else ''}: [错误] {self.message}\n"
                f"    修改方法：{self.fix}")


def find_root(start: Path | None = None) -> Path:
    """The project root: the nearest folder upwards holding archive.toml (else the start)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / FILE).is_file():
            return folder
    return here


def load_settings(root: Path) -> Settings:
    """Read archive.toml; a missing file gives the defaults, a broken one raises SettingsError."""
    path = root / FILE
    if not path.is_file():
        return Settings(root=root)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SettingsError(1, "", f"读不了设置文件：{exc.strerror}。", "检查文件权限，或它是否被其他程序锁住。")
    text = _decode(raw)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _syntax(exc, text)
    return _settings(root, data, _Lines(text))


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raise SettingsError(1, "", "文件开头有 UTF-8 BOM（字节顺序标记），TOML 不允许。",
                            "在编辑器里另存为“UTF-8”（不要选“UTF-8 with BOM / 带签名”）。")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SettingsError(line, "", f"第 {line} 行不是 UTF-8 文字（可能是 GBK/GB18030 编码）。",
                            "在编辑器里把文件另存为“UTF-8”编码。")


_TOML_WORDS = [
    ("Invalid date or datetime", "日期或时间不存在或格式不对（TOML 日期写成 2026-11-20）"),
    ("Invalid statement", "这一行不是“键 = 值”，也不是 [表名]"),
    ("Invalid value", "“=”后面的值写法不对（文字要加双引号）"),
    ("Expected '=' after a key", "键后面缺少“=”"),
    ("Unterminated string", "双引号没有闭合"),
    ("Illegal character", "含有不允许的字符"),
    ("Cannot overwrite a value", "同一个键写了两次"),
    ("Cannot declare", "同一个表写了两次，或与已有的键重名"),
    ("Cannot mutate immutable namespace", "同一个表写了两次"),
    ("Invalid initial character for a key part", "键的写法不对"),
    ("Expected newline or end of document", "一行只能写一个“键 = 值”"),
    ("Unclosed array", "方括号 [ ] 没有闭合"),
    ("Unclosed inline table", "花括号 { } 没有闭合"),
]


def _syntax(exc: tomllib.TOMLDecodeError, text: str) -> SettingsError:
    detail = str(exc)
    m = re.search(r"\(at line (\d+), column (\d+)\)", detail)
    line = int(m.group(1)) if m else max(1, text.count("\n") + (0 if text.endswith("\n") else 1))
    what = next((zh for en, zh in _TOML_WORDS if detail.startswith(en)), "TOML 语法错误")
    source = text.splitlines()[line - 1].strip() if 0 < line <= len(text.splitlines()) else ""
    shown = f"：{source}" if source else ""
    return SettingsError(line, "", f"第 {line} 行不是合格的 TOML：{what}{shown}（{detail}）。",
                         '对照下面的写法改正这一行：`timezone = "Asia/Shanghai"`、`as_of = "2026-11-20"`，'
                         "员工写成 [[staff]] 段，每段有 name、slug、role。")


class _Lines:
    """The line of a key in the file: tomllib gives values only, the messages need lines."""

    def __init__(self, text: str):
        self.keys: dict[tuple, int] = {}
        self.tables: dict[tuple, int] = {}
        table: tuple = ()
        counts: dict[str, int] = {}
        for n, line in enumerate(text.splitlines(), 1):
            s = line.strip()
            if m := re.match(r"\[\[\s*([^\]]+?)\s*\]\]", s):
                name = m.group(1).strip('"')
                counts[name] = counts.get(name, -1) + 1
                table = (name, counts[name])
                self.tables[table] = n
            elif m := re.match(r"\[\s*([^\]]+?)\s*\]", s):
                table = (m.group(1).strip('"'),)
                self.tables[table] = n
            elif m := re.match(r'"?([A-Za-z0-9_\-]+)"?\s*=', s):
                self.keys.setdefault((*table, m.group(1)), n)

    def of(self, *key) -> int:
        return self.keys.get(key) or self.tables.get(key[:-1]) or self.tables.get(key[:1]) or 1


def _settings(root: Path, data: dict, lines: _Lines) -> Settings:
    arch = data.get("archive", {})
    if not isinstance(arch, dict):
        raise SettingsError(lines.of("archive"), "archive", "archive 应是一个表（[archive] 段）。",
                            "写成一行 [archive]，下面逐行写 name、timezone 等设置。")

    def text(key: str, default: str) -> str:
        value = arch.get(key, default)
        if not isinstance(value, str):
            raise SettingsError(lines.of("archive", key), f"archive.{key}",
                                f"[archive] 的 {key} 应是文字，这里是 {_kind(value)}。",
                                f'加上双引号，例如 {key} = "{default}"。')
        return value

    name = text("name", "客户服务部")
    timezone = text("timezone", "Asia/Shanghai")
    _check_zone(timezone, lines.of("archive", "timezone"))
    for key, default in (("site_url", DEFAULT_SITE_URL), ("repo_url", ""), ("edit_uri", "edit/main/")):
        text(key, default)  # each must be text; the values come from web_address (environment first)
    web = web_address(arch)
    site_url = web["site_url"]
    if not re.match(r"https?://[^/\s]+", site_url):
        raise SettingsError(lines.of("archive", "site_url"), "archive.site_url",
                            f"site_url “{site_url}”不是网址。", '写成完整的网址，例如 site_url = "https://archive.example.com/"。')
    return Settings(root=root, name=name, timezone=timezone, as_of=_as_of(arch.get("as_of"), lines.of("archive", "as_of")),
                    **web, staff=_staff(data.get("staff", []), lines),
                    todo_days=_todo_days((data.get("todo") or {}).get("days") if isinstance(data.get("todo"), dict) else None))


def _todo_days(value) -> int:
    """`[todo] days`: a whole number of days from 1 to 366 (anything else gives the default 14)."""
    return value if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 366 else 14


# The site's address, the repository's web address and its edit path: archive.toml's [archive]
# site_url / repo_url / edit_uri, each overridden by ARCHIVE_SITE_URL / ARCHIVE_REPO_URL / ARCHIVE_EDIT_URI
# (CI sets them to the real hosts). MkDocs' site_url, repo_url and edit_uri come from here (hooks/site.py).
WEB_ENV = {"site_url": "ARCHIVE_SITE_URL", "repo_url": "ARCHIVE_REPO_URL", "edit_uri": "ARCHIVE_EDIT_URI"}


def web_address(arch: dict) -> dict[str, str]:
    """site_url, repo_url and edit_uri from the environment, else archive.toml, else the defaults."""
    defaults = {"site_url": "http://127.0.0.1:8000/", "repo_url": "", "edit_uri": "edit/main/"}
    out = {}
    for key, env in WEB_ENV.items():
        value = os.environ.get(env, "").strip() or str(arch.get(key, defaults[key]) or "").strip()
        if key == "site_url" and value and not value.endswith("/"):
            value += "/"
        out[key] = value
    return out


def _kind(value) -> str:
    return {bool: "真假值", int: "数字", float: "数字", list: "列表", dict: "表", date: "日期",
            datetime: "日期时间"}.get(type(value), type(value).__name__)


def _check_zone(name: str, line: int) -> None:
    try:
        if not re.fullmatch(r"[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+)*", name):
            raise ValueError(name)
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise SettingsError(line, "archive.timezone", f"时区“{name}”不存在。",
                            '写 IANA 时区名，中国大陆写 timezone = "Asia/Shanghai"（不是“北京时间”或“UTC+8”）。')


def _as_of(value, line: int) -> date | None:
    fix = '写成真实的日期，例如 as_of = "2026-11-20"；要按真实的今天计算，删掉这一行。'
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, str):
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value, re.ASCII):
            raise SettingsError(line, "archive.as_of", f"as_of “{value}”不是日期（应为 年-月-日）。", fix)
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise SettingsError(line, "archive.as_of", f"as_of 的日期 {value} 不存在（月份或日子超出范围）。", fix)
    else:
        raise SettingsError(line, "archive.as_of", f"as_of 应是日期，这里是 {_kind(value)}。", fix)
    lo, hi = AS_OF_YEARS
    if not lo <= day.year <= hi:
        raise SettingsError(line, "archive.as_of", f"as_of 的年份 {day.year} 不可能（应在 {lo} 到 {hi} 年之间）。", fix)
    return day


def _staff(entries, lines: _Lines) -> list[Person]:
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise SettingsError(lines.of("staff"), "staff", "员工名册 staff 应是一段段的 [[staff]]。",
                            '每位同事写一段：[[staff]]，下面 name = "王芳"、slug = "wang-fang"、role = "AE"。')
    out: list[Person] = []
    slugs: dict[str, int] = {}
    names: dict[str, int] = {}
    for i, entry in enumerate(entries):
        where = lines.tables.get(("staff", i), 1)
        label = f"第 {i + 1} 位员工（[[staff]]，第 {where} 行）"
        for key in ("name", "slug", "role", "email"):
            value = entry.get(key, "")
            if not isinstance(value, str):
                raise SettingsError(lines.of("staff", i, key), f"staff[{i}].{key}",
                                    f"{label}的 {key} 应是文字，这里是 {_kind(value)}。", f'加上双引号，例如 {key} = "…"。')
        for key in ("name", "slug"):
            if not entry.get(key, "").strip():
                example = 'name = "王芳"' if key == "name" else 'slug = "wang-fang"（姓名拼音，小写，用连字符）'
                raise SettingsError(where, f"staff[{i}].{key}", f"{label}没有 {key}。", f"在这一段里加上 {example}。")
        slug, name = entry["slug"], entry["name"].strip()
        if not SLUG.fullmatch(slug):
            raise SettingsError(lines.of("staff", i, "slug"), f"staff[{i}].slug",
                                f"{label}的 slug “{slug}”不合格：它是网址和日历文件名的一部分，只能用小写英文字母、数字和连字符。",
                                '写成姓名拼音，例如 slug = "wang-fang"。')
        for seen, value, key in ((slugs, slug, "slug"), (names, name, "name")):
            if value in seen:
                raise SettingsError(lines.of("staff", i, key), f"staff[{i}].{key}",
                                    f"{label}的 {key} “{value}”与第 {seen[value] + 1} 位员工重复。",
                                    "每位员工的 name 和 slug 都要唯一；重名的同事在 slug 后加数字区分，如 wang-fang-2。")
            seen[value] = i
        out.append(Person(name, slug, entry.get("role", ""), entry.get("email", "")))
    return out
