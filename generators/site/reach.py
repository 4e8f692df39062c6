"""RET-INDEX, checked on the built site: every record page is reachable from the home page in three
clicks or fewer. A breadth-first walk over the links of the built HTML, from index.html."""
from __future__ import annotations

import posixpath
import re
from collections import deque
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generators.archive.config import Settings
from generators.archive.findings import Finding

from generators.rules.registry import REGISTRY, finding

MAX_CLICKS = 3
_HREF = re.compile(r"""<a\s[^>]*?href\s*=\s*["']([^"'#?]*)""", re.I)


@dataclass
class Built:
    """What the check needs of a finished build: where it is and which page shows which record."""

    settings: Settings
    site_dir: Path
    records: dict[str, str]  # site URL of the record page (e.g. "archive/x/jobs/J/") -> record path
    max_clicks: int = MAX_CLICKS


def _file_of(site_dir: Path, url: str) -> Path:
    return site_dir / (url + "index.html" if url.endswith("/") or not url else url)


def clicks(site_dir: Path, max_clicks: int = MAX_CLICKS) -> dict[str, int]:
    """The fewest clicks from the home page to every page reachable within `max_clicks`."""
    depth = {"": 0}
    queue = deque([""])
    while queue:
        url = queue.popleft()
        if depth[url] >= max_clicks:
            continue
        page = _file_of(site_dir, url)
        if not page.is_file() or page.suffix != ".html":
            continue
        base = url if url.endswith("/") or not url else posixpath.dirname(url) + "/"
        for target in _HREF.findall(page.read_text(encoding="utf-8", errors="replace")):
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            path = unquote(parts.path)
            joined = posixpath.normpath(posixpath.join(base, path)) if not path.startswith("/") else path.lstrip("/")
            if joined in (".", ""):
                joined = ""
            elif path.endswith("/"):
                joined += "/"
            elif joined.endswith("index.html"):
                joined = joined[: -len("index.html")]
            if joined.startswith(".."):
                continue
            if joined not in depth:
                depth[joined] = depth[url] + 1
                queue.append(joined)
    return depth


def check_reachable(built: Built) -> list[Finding]:
    """One RET-INDEX finding per record page not reachable from the home page within the limit."""
    depth = clicks(built.site_dir, built.max_clicks)
    out = []
    for url, path in sorted(built.records.items(), key=lambda x: x[1]):
        d = depth.get(url)
        if d is None:
            out.append(finding(built.settings, "RET-INDEX", path, 1, "",
                               f"这份记录的页面 /{url} 从首页出发 {built.max_clicks} 次点击内到达不了（没有列在任何索引页上，或索引太深）。"))
    return out


def register() -> None:
    """Attach the build-stage check to RET-INDEX's catalogue entry (declared in rules/catalogue.py)."""
    rule = REGISTRY.get("RET-INDEX")
    if rule is not None and rule.check is None:
        REGISTRY["RET-INDEX"] = replace(rule, check=check_reachable)


register()
