"""Tables and lists described by schema data: a column is a field name (or `{field, heading, link, empty}`,
or `{heading, text: "pattern"}`), shown by ONE generic cell renderer that knows enums, references, staff,
lists and dates. Registers and client-page sections are such specs (generators/schemas/*.yml)."""
from __future__ import annotations

from datetime import date, datetime

from generators.archive import naming
from generators.archive.fields import ListOf, Ref, Staff
from generators.archive.records import Record
from generators.archive.schema import Field, Schema
from generators.site.model import Site
from generators.site.panel import Item
from generators.site.render import show


def _spec(column) -> dict:
    return {"field": column} if isinstance(column, str) else dict(column)


def _field(schema: Schema, path: str) -> Field | None:
    f, fields = None, schema.fields
    for name in path.split("."):
        f = fields.get(name) if fields else None
        fields = f.fields if f is not None else None
    return f


def text(value, f: Field | None = None) -> str:
    """A value as a cell shows it: an enum's label, else as `render.show` writes it."""
    values = getattr(f.type, "values", None) if f is not None else None
    if values and value in values:
        return str(values[value])
    return show(value)


def heading(schema: Schema, column) -> str:
    """A column's heading: its `heading:`, else the field's Chinese label."""
    spec = _spec(column)
    if spec.get("heading"):
        return str(spec["heading"])
    f = _field(schema, spec.get("field", ""))
    return f.label if f is not None else spec.get("field", "")


def cell(site: Site, uri: str, record: Record, column) -> list[Item]:
    """One cell: the field's value shown by its type (a reference links its record, a member of staff
    their to-do page, a list item by item); `link: true` links the record itself (its title when no field)."""
    spec = _spec(column)
    if "text" in spec:
        return [Item(naming.fill(str(spec["text"]), record, site.archive, text, strip=False))]
    name = spec.get("field")
    if not name:
        return [Item(site.title(record), site.record_href(uri, record))]
    value, f = naming._dig(record.schema.fields, record.data, name)
    if spec.get("link"):
        return [Item(text(value, f) or (site.title(record) if name is None else ""), site.record_href(uri, record))]
    if value in (None, "", []) and spec.get("empty"):
        return [Item(str(spec["empty"]))]
    return _value(site, uri, record, f, value)


def _value(site: Site, uri: str, record: Record, f: Field | None, value) -> list[Item]:
    if value is None:
        return [Item("")] if not (f is not None and isinstance(f.type, Ref)) else []
    if f is not None and isinstance(f.type, Ref):
        target = site.resolve(f.type.spec["to"], record, value)
        return [Item(site.title(target) if target else show(value), site.record_href(uri, target))]
    if f is not None and isinstance(f.type, Staff):
        return [Item(show(value), site.person_href(uri, value))]
    if f is not None and isinstance(f.type, ListOf) and isinstance(value, list):
        return [i for v in value for i in _value(site, uri, record, f.item, v)]
    return [Item(text(value, f))]


def row(site: Site, uri: str, record: Record, columns) -> list[list[Item]]:
    return [cell(site, uri, record, c) for c in columns]


def sort_key(record: Record, names) -> tuple:
    """A record's place in a list: each named field in turn (dates by day), `path` the file's path."""
    out = []
    for name in names:
        if name == "path":
            out.append(record.path)
            continue
        value = record.data.get(name)
        f = record.schema.fields.get(name)
        if f is not None and f.type.name in ("date", "moment"):
            value = value.date() if isinstance(value, datetime) else value if isinstance(value, date) else date.min
            out.append(value)
        else:
            out.append(str(value if value is not None else ""))
    return tuple(out)


def group_of(record: Record, group: dict) -> str:
    """The period a register groups a record under: the first `chars` characters of a field."""
    value = record.data.get(group.get("field", ""))
    if isinstance(value, datetime):
        value = value.date()
    shown = value.isoformat() if isinstance(value, date) else str(value if value is not None else "")
    return shown[: int(group.get("chars", 4))]
