"""Archive settings from `archive.toml` at the project root."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo


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
    site_url: str = "http://127.0.0.1:8000/"
    staff: list[Person] = field(default_factory=list)
    todo_days: int = 14  # `[todo] days`: how far ahead the to-do lists and calendar feeds look

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def person(self, name: str) -> Person | None:
        return next((p for p in self.staff if p.name == name), None)

    def rule_url(self, rule_id: str) -> str:
        return f"{self.site_url.rstrip('/')}/rules/{rule_id.lower()}/"


def find_root(start: Path | None = None) -> Path:
    """The project root: the nearest folder upwards holding archive.toml (else the start)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "archive.toml").is_file():
            return folder
    return here


def load_settings(root: Path) -> Settings:
    """Read archive.toml; a missing file gives the defaults."""
    path = root / "archive.toml"
    if not path.is_file():
        return Settings(root=root)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    arch = data.get("archive", {})
    as_of = arch.get("as_of")
    return Settings(
        root=root,
        name=arch.get("name", "客户服务部"),
        timezone=arch.get("timezone", "Asia/Shanghai"),
        as_of=date.fromisoformat(str(as_of)) if as_of else None,
        site_url=arch.get("site_url", "http://127.0.0.1:8000/"),
        staff=[Person(p["name"], p["slug"], p.get("role", ""), p.get("email", "")) for p in data.get("staff", [])],
        todo_days=_todo_days((data.get("todo") or {}).get("days") if isinstance(data.get("todo"), dict) else None),
    )


def _todo_days(value) -> int:
    """`[todo] days`: a whole number of days from 1 to 366 (anything else gives the default 14)."""
    return value if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 366 else 14
