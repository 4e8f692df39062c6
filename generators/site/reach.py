"""RET-INDEX, checked on the built site: every record page is reachable from the home page in three
clicks or fewer. A breadth-first walk over the links of the built HTML, from index.html."""
from __future__ import annotations

import posixpath
import re
from collections import deque
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generators.archive.findings import Finding
from generators.rules.registry import check_of, finding
from generators.site.built import MAX_CLICKS, Built
_HREF = re.compile(r"""<a\s[^>]*?href\s*=\s*["']([^"'#?]*)""", re.I)


def _file_of(site_dir: Path, url: str) -> Path:
    return site_dir / (url + "index.html" if url.endswith("/") or not url else url)


def clicks(site_dir: Path, max_clicks: int = MAX_CLICKS) -> dict[str, int]:
    """The fewest clicks from the home page to every page reachable within `max_clicks`."""
    depth = {"": 0}
    queue = deque([""])
    resolved: dict[tuple[str, str], str | None] = {}  # every page repeats the navigation's links
    while queue:
        url = queue.popleft()
        if depth[url] >= max_clicks:
            continue
        page = _file_of(site_dir, url)
        if not page.is_file() or page.suffix != ".html":
            continue
        base = url if url.endswith("/") or not url else posixpath.dirname(url) + "/"
        for target in _HREF.findall(page.read_text(encoding="utf-8", errors="replace")):
            key = (base, target)
            joined = resolved.get(key, "\x00")
            if joined == "\x00":
                joined = resolved[key] = _target(base, target)
            if joined is not None and joined not in depth:
                depth[joined] = depth[url] + 1
                queue.append(joined)
    return depth


def _target(base: str, target: str) -> str | None:
    """The site URL a link on a page in folder `base` leads to, or None when it leaves the site."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    joined = posixpath.normpath(posixpath.join(base, path)) if not path.startswith("/") else path.lstrip("/")
    if joined in (".", ""):
        joined = ""
    elif path.endswith("/"):
        joined += "/"
    elif joined.endswith("index.html"):
        joined = joined[: -len("index.html")]
    return None if joined.startswith("..") else joined


@check_of("RET-INDEX")
def check_reachable(built: Built) -> list[Finding]:
    """One RET-INDEX finding per record page of an internal build not reachable from the home page within the limit."""
    if built.public:
        return []
    depth = clicks(built.site_dir, built.max_clicks)
    out = []
    for url, path in sorted(built.records.items(), key=lambda x: x[1]):
        d = depth.get(url)
        if d is None:
            out.append(finding(built.settings, "RET-INDEX", path, 1, "",
                               f"这份记录的页面 /{url} 从首页出发 {built.max_clicks} 次点击内到达不了（没有列在任何索引页上，或索引太深）。"))
    return out

