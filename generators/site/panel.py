"""The front-matter panel of a record page: every field by its Chinese label, values readable and linked."""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from generators.archive.fields import Attachment, Enum, Ref, Staff
from generators.archive.records import Record
from generators.archive.schema import Field
from generators.site.model import Site
from generators.site import table_html
from generators.site.render import block, show


# Job numbers (HXF-2026-0042), dates, moments, weeks and months are kept on one line: browsers
# break lines at hyphens, and "HXF-2026-" / "0042" or "2026-" / "11-24" cannot be read.
_ID = re.compile(r"[A-Z]{2,5}-\d{4}-\d{4}|\d{4}-\d{2}-\d{2}(?: \d{1,2}:\d{2})?|\d{4}-(?:W|Q)?\d{1,2}\b")


@dataclass
class Part:
    text: str
    id: bool = False


@dataclass
class Item:
    text: str
    href: str | None = None
    sep: str = "、"  # put before this item when it follows another
    nowrap: bool = False  # a short name kept on one line

    @property
    def parts(self) -> list[Part]:
        """The text cut into plain runs and identifiers (job numbers), which the templates keep unbroken."""
        out, at = [], 0
        for m in _ID.finditer(self.text):
            if m.start() > at:
                out.append(Part(self.text[at:m.start()]))
            out.append(Part(m.group(0), True))
            at = m.end()
        if at < len(self.text) or not out:
            out.append(Part(self.text[at:]))
        return out


@dataclass
class Row:
    label: str
    items: list[Item] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)  # a list of objects, as a table
    table: list[list[list[Item]]] = field(default_factory=list)
    rows: list["Row"] = field(default_factory=list)  # an object, as nested rows
    confidential: bool = False


def panel(site: Site, record: Record, uri: str) -> str:
    """The panel's HTML: `templates/panel.html.j2` as table_html.panel writes it (every record page has one)."""
    return block(table_html.panel(rows(site, record, uri)))


def rows(site: Site, record: Record, uri: str) -> list[Row]:
    out = []
    for name, f in record.schema.fields.items():
        if name == "type" or name not in record.data:
            continue
        out.append(_row(site, record, uri, f, record.data[name], f.confidential))
    for name, value in record.data.items():  # keys people added beyond the schema
        if name not in record.schema.fields:
            out.append(Row(name, [Item(_plain(value))]))
    return out


def _row(site: Site, record: Record, uri: str, f: Field, value, confidential: bool) -> Row:
    row = Row(f.label, confidential=f.confidential)  # the badge marks the confidential field itself
    if f.fields and isinstance(value, dict):
        row.rows = [_row(site, record, uri, sub, value[n], confidential) for n, sub in f.fields.items() if n in value]
        row.rows += [Row(n, [Item(_plain(v))]) for n, v in value.items() if n not in f.fields]
    elif f.item is not None and isinstance(value, list):
        if f.item.fields:
            names = [n for n, sub in f.item.fields.items() if any(isinstance(v, dict) and n in v for v in value)]
            row.columns = [f.item.fields[n].label for n in names]
            row.table = [[_items(site, record, uri, f.item.fields[n], v.get(n)) if isinstance(v, dict) and n in v else []
                          for n in names] for v in value]
        else:
            for v in value:
                row.items += _items(site, record, uri, f.item, v)
    else:
        row.items = _items(site, record, uri, f, value)
    return row


def _items(site: Site, record: Record, uri: str, f: Field, value) -> list[Item]:
    kind = f.type
    if isinstance(kind, Enum):
        return [Item(kind.values.get(value, show(value)))]
    if isinstance(kind, Ref):
        target = site.resolve(kind.spec["to"], record, value)
        return [Item(site.title(target) if target else show(value), site.record_href(uri, target))]
    if isinstance(kind, Staff):
        return [Item(show(value), site.person_href(uri, value))]
    if isinstance(kind, Attachment):
        linked = site.by_path.get(posixpath.normpath(posixpath.join(record.folder, str(value))))
        if linked is not None:  # a record filed beside this one (a meeting's agenda): its page, by its title
            return [Item(site.title(linked), site.record_href(uri, linked))]
        to = site.attachment(record, str(value))
        return [Item(show(value), site.links(uri, to) if to else None)]
    if isinstance(value, (dict, list)):
        return [Item(_plain(value))]
    return [Item(show(value))]


def _plain(value) -> str:
    if isinstance(value, dict):
        return "；".join(f"{k}: {_plain(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "、".join(_plain(v) for v in value)
    return show(value)
