"""Where the reader is: breadcrumbs on record pages (档案 › 客户 › 品牌 › 工作) and on the generated
pages that are not in the navigation (dashboards, record templates, rules), whose tab MkDocs
cannot highlight."""
from __future__ import annotations

import json
import re
from html import unescape

from generators.archive.uris import ARCHIVE, Page
from generators.archive.records import Record
from generators.site.model import Site
from generators.site.panel import Item
from generators.site import table_html
from generators.site.render import Links, block



def record_crumbs(site: Site, record: Record, uri: str) -> str:
    """档案 › client › brand › (job or register) › this record."""
    trail = [Item("档案", site.links(uri, f"{ARCHIVE}/index.md"))]
    client = site.archive.get("client", record.client or "") if record.type != "client" else None
    if client is not None:
        trail.append(Item(site.title(client), site.record_href(uri, client)))
    brand = None
    if record.type not in ("client", "brand") and record.data.get("brand"):
        brand = site.resolve("brand", record, record.data.get("brand"))
    if brand is not None:
        trail.append(Item(site.title(brand), site.record_href(uri, brand)))
    elif record.schema.register:  # listed on its register when no brand is above it
        spec = record.schema.register
        text = spec.get("crumb") or spec.get("short") or record.schema.label
        trail.append(Item(str(text), site.links(uri, f"{ARCHIVE}/{spec['page']}")))
    trail.append(Item(site.title(record)))
    return block(table_html.crumbs(trail))


# Generated pages outside the records: (URI prefix, the trail above them as (text, URI)).
_SECTIONS = [
    ("dashboards/todo/", [("看板", "dashboards/index.md"), ("待办", "dashboards/todo/index.md")]),
    ("dashboards/", [("看板", "dashboards/index.md")]),
    ("documents/templates/", [("业务文件与模板", "documents/index.md"), ("记录模板", "documents/templates/index.md")]),
    ("rules/", [("规则目录", "rules/index.md")]),
    (f"{ARCHIVE}/", [("档案", f"{ARCHIVE}/index.md")]),
]
_FRONT = re.compile(r"\A---\n.*?\n---\n+", re.S)
_TITLE = re.compile(r"^title:\s*\"(.*)\"\s*$", re.M)
_H1 = re.compile(r"^#\s+(.+)$", re.M)


def page_crumbs(page: Page, links: Links) -> Page:
    """The page with a breadcrumb line above its title when it lies under a section (a section's own
    page and pages elsewhere, such as the handbook and the feeds, are returned as they are)."""
    if not page.uri.endswith(".md"):
        return page
    for prefix, above in _SECTIONS:
        if page.uri.startswith(prefix):
            break
    else:
        return page
    front = _FRONT.match(page.content)
    m = _TITLE.search(front.group(0)) if front else None
    if m is not None:
        here = json.loads(f'"{m.group(1)}"')
    elif (h1 := _H1.search(page.content)) is not None:
        here = unescape(h1.group(1))
    else:
        return page
    trail = [Item(text, links(page.uri, to)) for text, to in above if to != page.uri]
    if not trail:  # a section's own page: its tab in the navigation already says where the reader is
        return page
    trail.append(Item(here.strip()))
    crumbs = block(table_html.crumbs(trail)) + "\n\n"
    at = front.end() if front else 0
    return Page(page.uri, page.content[:at] + crumbs + page.content[at:], page.source)
