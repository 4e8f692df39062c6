"""Typed front matter straight from libyaml's composed nodes, for the record with nothing to say.

Nearly every record of a large archive is well formed: every key one of its schema's fields,
written once, every value of its field's type. For those, building the Scalar/YList/YMap tree
(yamlio) and then validating it (schema) is two walks that find nothing. `typed` does the one
walk that gives the same typed data and field lines, and gives up (None) at the first thing
the two walks would have anything to say about, or any shape it does not know: an unknown or
misspelt key, a key written twice, a key YAML reads as a number or yes/no, a missing or empty
required field, a value its type refuses, a `confidential`-like key below the top level. The
caller then reads the same nodes the careful way, which reports it; so what is reported never
depends on which way a record was read. Only nodes that `yamlio.compose` built are taken
(its size and depth bounds, no tags, anchors or aliases).
"""
from __future__ import annotations

import unicodedata
from datetime import date, datetime
from decimal import Decimal

import yaml

from generators.archive.fields import Invalid, ListOf, Object
from generators.archive.keynames import means_confidential
from generators.archive.schema import Field, Schema
from generators.archive.yamlio import _KEY_KIND, Scalar, YList, YMap

_ScalarNode, _SequenceNode, _MappingNode = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode
_TAG = "tag:yaml.org,2002:"
_TAG_LEN = len(_TAG)
_NULL = _TAG + "null"
_KEY_KINDS = {_TAG + t for t in _KEY_KIND}  # the tags of the keys the careful reader refuses (key_ok)
_PLAIN = (None, "")


class _Careful(Exception):
    """Something the careful reader has to see (or say): read this record that way."""


_KEYS: dict[tuple[int, bool], tuple[dict, dict]] = {}


def _plain_keys(fields: dict[str, Field], nested: bool) -> dict[str, str]:
    """The field names the careful reader takes as written without a word (not blank, not changed by
    NFKC) and, below the top level, not like `confidential`, each to itself; worked out once per field table."""
    kept = _KEYS.get((id(fields), nested))
    if kept is None or kept[0] is not fields:
        ok = {n: n for n in fields if n.strip() and unicodedata.normalize("NFKC", n).strip() == n
              and not (nested and means_confidential(n))}
        kept = _KEYS[(id(fields), nested)] = (fields, ok)  # the table itself is kept: its id stays its own
    return kept[1]


# Field paths (`brief.date`, `actions[2]`) as one string object each, shared by every record: the
# parse cache pickles a shared string once, and 10,000 records' line tables hold one copy.
_PATHS: dict[tuple, str] = {}


def _path(*parts) -> str:
    path = _PATHS.get(parts)
    if path is None:
        if len(_PATHS) > 100_000:
            _PATHS.clear()
        path = _PATHS[parts] = "".join(p if isinstance(p, str) else f"[{p}]" for p in parts)
    return path


# Parsed values by (field type, text, tag, plain): names, dates, states and ids repeat across records.
# Only values a type accepts are kept (what it refuses is the careful reader's to say, with its line),
# and only immutable ones, so records may share them; long texts are not kept.
_PARSED: dict[tuple, tuple] = {}
_IMMUTABLE_TYPES = {str, bool, int, date, datetime, Decimal}


def declared(node) -> str | None:
    """The text of a composed front matter's first `type:` value, when it is a scalar."""
    if type(node) is not _MappingNode:
        return None
    for k, v in node.value:
        if type(k) is _ScalarNode and k.value == "type":
            return v.value if type(v) is _ScalarNode else None
    return None


def typed(node, schema: Schema, offset: int = 1) -> tuple[dict, dict[str, int]] | None:
    """(typed data, line of every field) of a composed front matter that `schema.validate` would
    pass without an issue, equal to what it returns; None when the careful way must read it."""
    if type(node) is not _MappingNode:
        return None
    lines: dict[str, int] = {}
    try:
        return _fields(schema.fields, node, "", lines, offset), lines
    except _Careful:
        return None


def _fields(fields: dict[str, Field], node, prefix: str, lines: dict[str, int], offset: int) -> dict:
    plain = _plain_keys(fields, bool(prefix))
    values = {}
    for k, v in node.value:
        if type(k) is not _ScalarNode:
            raise _Careful
        name = plain.get(k.value)  # the field table's own string
        if name is None or name in values or (k.style in _PLAIN and k.tag in _KEY_KINDS):
            raise _Careful
        values[name] = v
        lines[_path(prefix, name) if prefix else name] = offset + k.start_mark.line + 1
    out = {}
    for name, f in fields.items():
        v = values.get(name)
        if v is None:
            if f.required:
                raise _Careful
            continue
        where = _path(prefix, name) if prefix else name
        # schema._is_empty of the node this one would become; an empty `confidential:` is the careful reader's
        if type(v) is _ScalarNode:
            empty = (v.tag == _NULL and v.style in _PLAIN) or not v.value.strip()
        else:
            empty = not v.value
        if empty and where != "confidential":
            if f.required:
                raise _Careful
            continue
        value = _value(f, v, where, lines, offset)
        if value is not None:
            out[name] = value
    return out


def _value(f: Field, v, where: str, lines: dict[str, int], offset: int):
    kind, ftype = type(v), f.type
    if kind is _ScalarNode:
        tag, text, quoted = v.tag, v.value, v.style not in _PLAIN
        key = (id(ftype), text, tag, quoted)
        kept = _PARSED.get(key)
        if kept is not None and kept[0] is ftype:
            return kept[1]
        if isinstance(ftype, (ListOf, Object)):
            raise _Careful
        scalar = Scalar(text, tag[_TAG_LEN:] if tag.startswith(_TAG) else tag, quoted, offset + v.start_mark.line + 1)
        try:
            parsed = ftype.parse(scalar, where.rsplit(".", 1)[-1])
        except Invalid:
            raise _Careful from None
        if isinstance(parsed, (Scalar, YList, YMap)):
            raise _Careful  # a type that hands the node back: only the careful way knows what follows
        if len(text) <= 64 and type(parsed) in _IMMUTABLE_TYPES:
            if len(_PARSED) > 100_000:
                _PARSED.clear()
            _PARSED[key] = (ftype, parsed)  # the type itself is kept: its id stays its own
        return parsed
    if kind is _MappingNode and type(ftype) is Object:
        return _fields(f.fields, v, _path(where, "."), lines, offset)
    if kind is _SequenceNode and type(ftype) is ListOf and f.item is not None:
        items = []
        for i, item in enumerate(v.value):
            sub = _path(where, i)
            lines[sub] = offset + item.start_mark.line + 1
            value = _value(f.item, item, sub, lines, offset)
            if value is not None:
                items.append(value)
        return items
    raise _Careful
