"""How records name and find each other, read from their schemas: the one reference resolver, and the
patterns (`"{job_no} {title}"`, `"{client.short_name} {week} {label}"`) that titles and search queries use."""
from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Callable

from generators.archive.fields import Ref
from generators.archive.records import Archive, Record
from generators.archive.schema import Field, Schema

_KEY_PART = re.compile(r"\{([a-z_]+)(\|date)?\}")
_PART = re.compile(r"\{([a-z_][a-z_.]*)\}")


def target_key(target: Schema, record: Record, value) -> str | None:
    """The key of the record a reference names: the target's key template, its last part the referenced
    value and its other parts the referring record's (a brand `{client}/{id}` within the record's client)."""
    parts = [m.group(1) for m in _KEY_PART.finditer(target.key)]
    if not parts:
        return None
    data = {n: (record.client if n == "client" else record.data.get(n)) for n in parts[:-1]}
    data[parts[-1]] = value
    return target.fill(target.key, data)


def resolve(archive: Archive, record: Record, to: str, value) -> Record | None:
    """The record a reference to a `to` record names (None when there is none)."""
    target = archive.types.get(to)
    if target is None or value is None:
        return None
    key = target_key(target, record, str(value))
    return archive.get(to, key) if key is not None else None


def plain(value, f: Field | None = None) -> str:
    """A value as text in a title or a query: an enum's label, else as `show` writes it."""
    values = getattr(f.type, "values", None) if f is not None and value is not None else None
    if values and value in values:
        return str(values[value])
    return show(value)


def show(value) -> str:
    """A plain value as people read it: dates ISO, moments to the minute, amounts with separators."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return str(value)


def _dig(fields: dict[str, Field], data: dict, path: str):
    """(value, Field) at a dotted path of typed data, (None, None) when absent."""
    f, value = None, data
    for name in path.split("."):
        if not isinstance(value, dict):
            return None, None
        f = fields.get(name) if fields is not None else None
        value = value.get(name)
        fields = f.fields if f is not None else None
    return value, f


def fill(pattern: str, record: Record, archive: Archive, text: Callable = plain, skip_empty: bool = False,
         strip: bool = True) -> str | None:
    """A pattern filled from a record: `{field}`, `{group.field}`, `{ref.field}` (a field of the record a
    reference names; its title when that field is empty), `{label}` (the type's name). With `skip_empty`,
    None when a field of the record itself is empty (a query that cannot be typed)."""
    empty = []

    def one(m):
        path = m.group(1)
        if path == "label":
            return record.schema.label
        head, _, rest = path.partition(".")
        f = record.schema.fields.get(head)
        if rest and f is not None and isinstance(f.type, Ref):
            raw = record.data.get(head)
            target = resolve(archive, record, f.type.spec["to"], raw)
            if target is None:
                return text(raw, f)
            value, sub = _dig(target.schema.fields, target.data, rest)
            return text(value, sub) or target.title
        value, sub = _dig(record.schema.fields, record.data, path)
        out = text(value, sub)
        if not out:
            empty.append(path)
        return out

    out = _PART.sub(one, pattern)
    out = out.strip() if strip else out
    return None if skip_empty and empty else out


def title(record: Record, archive: Archive) -> str:
    """A record's name in headings and lists, from its schema's `title:` pattern (its name field when empty)."""
    return fill(record.schema.title, record, archive) or record.title


def queries(record: Record, archive: Archive) -> list[tuple[str, str]]:
    """What people type to find a record (RET-FIND): (what it is, the query), from `search: queries:`."""
    out = []
    for kind, pattern in record.schema.queries:
        query = fill(pattern, record, archive, skip_empty=True)
        if query:
            out.append((kind, query))
    return out
