"""Print: the site stylesheet (its @media print part prints a client file, a brand fact book or a
job bag on A4) and each record page's running header (client and date on every printed page)."""
from __future__ import annotations

from pathlib import Path

from generators.archive.records import Record
from generators.site.model import Site

STYLESHEET = Path(__file__).parent / "templates" / "archive.css"


def stylesheet() -> str:
    """archive.css, screen and print."""
    return STYLESHEET.read_text(encoding="utf-8")


def css_string(text: str) -> str:
    """A CSS string literal that no record text can end early: every character outside letters,
    digits, CJK and a few harmless marks is written as a CSS escape."""
    out = []
    for ch in text:
        if ch.isalnum() or ch in " ·-_./:（）、，" or ord(ch) > 0x2E7F:
            out.append(ch)
        else:
            out.append(f"\\{ord(ch):x} ")
    return '"' + "".join(out) + '"'


def running_header(site: Site, record: Record) -> str:
    """CSS naming the client and the record in the printed page's top margin, and the archive's date
    (as of) on the right. It goes into the page's <head> (hooks: on_post_page), not into the content,
    which the sanitizer strips of every <style>; record text reaches it only through `css_string`."""
    client = site.archive.get("client", record.client or "")
    who = site.title(client) if client is not None else ""
    what = site.title(record) if record is not client else record.schema.label
    left = " · ".join(x for x in (site.settings.name, who, what) if x)
    right = f"档案截至 {site.ctx.as_of.isoformat()}"
    return ("@media print { @page { @top-left { content: " + css_string(left)
            + "; font-size: 8pt; color: #555; } @top-right { content: " + css_string(right)
            + "; font-size: 8pt; color: #555; } } }")


def with_head(html: str, css: str) -> str:
    """A built page with its print header's CSS in a <style> at the end of <head>."""
    if not css or "</head>" not in html:
        return html
    return html.replace("</head>", "<style>" + css.replace("<", "") + "</style></head>", 1)  # css_string escapes "<" already
