"""Archive settings from `archive.toml` at the project root."""
from __future__ import annotations

import os
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
        **web_address(arch),
        staff=[Person(p["name"], p["slug"], p.get("role", ""), p.get("email", "")) for p in data.get("staff", [])],
        todo_days=_todo_days((data.get("todo") or {}).get("days") if isinstance(data.get("todo"), dict) else None),
    )


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
