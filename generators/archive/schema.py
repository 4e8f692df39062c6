"""Record schemas: one data file per record type in `schemas/`, read into `Schema` objects."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache, cached_property, lru_cache
from pathlib import Path

import yaml

from generators.archive.fields import TYPES, FieldType, Invalid
from generators.archive.keynames import means_confidential, suggest
from generators.archive.yamlio import YList, YMap

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"


@dataclass
class Field:
    """One field of a schema, possibly with sub-fields (object) or an item type (list)."""

    name: str
    label: str
    type: FieldType
    required: bool = False
    confidential: bool = False
    hint: str = ""
    item: "Field | None" = None
    fields: dict[str, "Field"] = field(default_factory=dict)


@dataclass
class Issue:
    """A field-level problem found while validating front matter."""

    field: str
    line: int
    rule: str
    message: str
    fix: str
    secret: bool = False  # the record must be treated as confidential (fail closed)
    meant: str = ""  # a misspelt key: the field it was meant to be (not said again as missing)


@dataclass
class Section:
    title: str
    hint: str


@dataclass
class Schema:
    """A record type, defined by its schema file alone: its fields, where its files live, the body
    sections people write, how it is named, dated, listed, searched and scaffolded (see
    content/filing/file-plan.md#new-type for every key)."""

    type: str
    label: str
    label_en: str
    path: str
    key: str
    title: str  # display pattern: "{job_no} {title}", "{client.short_name} {week} {label}"
    fields: dict[str, Field]
    sections: list[Section]
    search_boost: float = 1.0  # Material's page boost: hub pages (client, brand) come first for their names
    search_names: tuple[str, ...] = ()  # fields holding the record's names, searched whole
    name: str = "title"  # the field that names the record (Record.title)
    order: float = 1000.0
    date: str | None = ""  # the field that places a record in time ("": its first date field; None: none)
    register: dict | None = None  # {page, title, short, intro, group, sort, columns}
    client_page: tuple[dict, ...] = ()  # sections of the client page: [{section, order, style, columns, ...}]
    queries: tuple[tuple[str, str], ...] = (("title", "{title}"),)  # RET-FIND: (what it is, query pattern)
    new: dict = field(default_factory=dict)  # {slug, needs: [brand], defaults: {field: value}}
    folder: Path = SCHEMA_DIR  # where the schema file and its template live

    @property
    def template(self) -> Path:
        """The record template `new` fills and the template page shows: TYPE.md.j2 beside the schema."""
        return self.folder / f"{self.type}.md.j2"

    @property
    def date_field(self) -> str | None:
        """The field that places a record in time: `date:` in the schema, else its first date field."""
        if self.date != "":
            return self.date
        return next((n for n, f in self.fields.items() if f.type.name in ("date", "moment")), None)

    @cached_property
    def path_regex(self) -> re.Pattern:
        out, pos = "", 0
        for m in re.finditer(r"\{([a-z_]+)(\|date)?\}", self.path):
            out += re.escape(self.path[pos:m.start()])
            name = m.group(1) + ("__date" if m.group(2) else "")
            if m.group(2) or m.group(1) == "date":
                part = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
            elif m.group(1) == "slug":
                part = r"[a-z0-9]+(?:-[a-z0-9]+)*"
            else:
                part = r"[^/]+"
            out += f"(?P<{name}>{part})"
            pos = m.end()
        return re.compile(out + re.escape(self.path[pos:]))

    def fill(self, template: str, data: dict, slug: str = "") -> str | None:
        """Fill a path or key template from typed data; None when a value it needs is missing."""
        parts, tail = _template(template)
        out = []
        for text, name, as_date in parts:
            out.append(text)
            if name == "slug":
                out.append(slug)
                continue
            value = data.get(name)
            if value is None:
                return None
            if as_date or isinstance(value, (date, datetime)):
                value = value.date() if isinstance(value, datetime) else value
                out.append(value.isoformat())
            else:
                out.append(str(value))
        out.append(tail)
        return "".join(out)

    def validate(self, front: YMap, known: dict[str, str] | None = None) -> tuple[dict, dict[str, int], list[Issue]]:
        """Type-check front matter; return typed data, the line of every field, and every issue.
        `known` holds values the file's place gives (the client of its folder): a missing
        top-level field is told to add that value rather than the type's example."""
        lines: dict[str, int] = {}
        issues: list[Issue] = []
        data = _validate_fields(self.fields, front, "", lines, issues, self.label, known=known or {})
        issues += _nested_confidential(front, {i.field for i in issues if i.secret})
        return data, lines, issues


def _nested_confidential(node, reported: set[str], prefix: str = "") -> list[Issue]:
    """A `confidential` (or a key like it) anywhere below the top level, also under keys the schema does not
    know (`security:` / `  confidential: true`), whose values are never typed: it makes the record
    confidential (fail closed) and is an error saying where to write it. `reported`: already said."""
    out: list[Issue] = []
    items = node.items() if isinstance(node, YMap) else enumerate(node) if isinstance(node, YList) else ()
    for key, value in items:
        where = f"{prefix}[{key}]" if isinstance(node, YList) else f"{prefix}.{key}" if prefix else str(key)
        if isinstance(node, YMap) and prefix and means_confidential(str(key)) and where not in reported:
            line = node.lines.get(key, node.line)
            out.append(Issue(where, line, "REQ-KEY-TYPO",
                             f"{where}：confidential 只能写在 front matter 的最上层（不缩进），写在 {prefix} 下面不起作用。",
                             f"删掉第 {line} 行，在 front matter 最上层写一行 `confidential: true`；在改正之前，这份记录按保密处理。",
                             secret=True))
        if isinstance(value, (YMap, YList)):  # a scalar has no keys below it
            out += _nested_confidential(value, reported, where)
    return out


def _validate_fields(fields: dict[str, Field], node: YMap, prefix: str, lines, issues, label: str = "",
                     chain: str = "", known: dict[str, str] | None = None) -> dict:
    out = {}
    for name, value in node.items():
        lines[prefix + name] = node.lines.get(name, node.line)
        if name not in fields:
            out[name] = _plain(value)  # keys the file plan lets people add
            issues.append(_unknown_key(fields, node, name, prefix, label))
    meant = {i.meant for i in issues if i.meant}
    for name, f in fields.items():
        where = prefix + name
        if name not in node and prefix + name in meant:
            continue  # `titel:` for `title:` is one problem, said by REQ-KEY-TYPO with the rename
        # `confidential:` left empty is not "absent": its author meant something, so it is an error
        if name not in node or (_is_empty(node[name]) and where != "confidential"):
            if f.required:
                example = (known or {}).get(name) or _example(f)
                hint = f"（{f.hint}）" if f.hint else ""
                if name in node:
                    line, fix = node.lines[name], f"填上：{name}: {example}{hint}"
                else:
                    line, after = missing_line(fields, node, name)
                    place = f"在 {prefix}{after} 下面（第 {line} 行）" if after else f"在第 {line} 行（{label}字段的最前面）"
                    fix = f"{place}加上一行：{name}: {example}{hint}"
                issues.append(Issue(where, line, "REQ-FIELDS",
                                    f"必填字段 {where}（{_chain(chain, f.label)}）{'是空的' if name in node else '缺失'}。", fix))
            continue
        value = _validate_value(f, node[name], where, lines, issues, _chain(chain, f.label))
        if value is not None:
            out[name] = value
    return out


def missing_line(fields: dict[str, Field], node: YMap, name: str) -> tuple[int, str]:
    """Where a missing field belongs in `node`: (line, the field it goes after). After the
    nearest field that comes before it in the schema, i.e. on the line of the key that follows
    that one in the file (or the end of the mapping); before everything when none comes before."""
    order = list(fields)
    before = [n for n in order[:order.index(name)] if n in node]
    if not before:
        return node.line, ""
    keys = list(node)
    later = keys[keys.index(before[-1]) + 1:]
    return (node.lines.get(later[0], node.end) if later else node.end), before[-1]


def _chain(parent: str, label: str) -> str:
    """The Chinese name of a nested field: `下一步行动 第 1 项·期限`."""
    return f"{parent}·{label}" if parent else label


def _validate_value(f: Field, node, where: str, lines, issues, label: str = ""):
    try:
        parsed = f.type.parse(node, where.rsplit(".", 1)[-1])
    except Invalid as exc:
        secret = where == "confidential"
        fix = exc.fix + ("在改正之前，这份记录按保密处理（不进入公开网站）。" if secret else "")
        issues.append(Issue(where, getattr(node, "line", 0), exc.rule, f"{where}（{label or f.label}）：{exc.message}", fix, secret))
        return None
    if isinstance(parsed, YMap):
        return _validate_fields(f.fields, parsed, where + ".", lines, issues, f.label, label or f.label)
    if isinstance(parsed, YList):
        items = []
        for i, item in enumerate(parsed):
            sub = f"{where}[{i}]"
            lines[sub] = getattr(item, "line", parsed.line)
            value = _validate_value(f.item, item, sub, lines, issues, f"{label or f.label} 第 {i + 1} 项")
            if value is not None:
                items.append(value)
        return items
    return parsed


def _unknown_key(fields: dict[str, Field], node: YMap, name: str, prefix: str, label: str) -> Issue:
    """A key the schema does not know: a near miss of a known key is an error (the field it was
    meant to be is missing), anything like `confidential` makes the record confidential, and
    any other key is a warning (the file plan lets people add keys)."""
    where, line = prefix + name, node.lines.get(name, node.line)
    near = suggest(name, fields)
    if means_confidential(name) and (prefix or near in (None, "confidential")):
        if prefix:
            return Issue(where, line, "REQ-KEY-TYPO", f"{where}：confidential 只能写在 front matter 的最上层（不缩进），写在 {prefix.rstrip('.')} 下面不起作用。",
                         f"删掉第 {line} 行，在 front matter 最上层写一行 `confidential: true`；在改正之前，这份记录按保密处理。", secret=True)
        return Issue(where, line, "REQ-KEY-TYPO", f"字段名“{name}”写错了，系统不认识：您是不是要写 confidential？",
                     f"把第 {line} 行的“{name}”改成 confidential（全小写英文），值写 true 或 false；在改正之前，这份记录按保密处理（不进入公开网站）。",
                     secret=True)
    if near is not None:
        there = f"这份记录已经有 {prefix}{near}（第 {node.lines[near]} 行），删掉第 {line} 行的“{name}”，或把它的值合并过去。" \
            if near in node else f"把第 {line} 行的“{name}”改成 {near}。"
        label_ = f"（{fields[near].label}）" if fields[near].label != near else ""
        return Issue(where, line, "REQ-KEY-TYPO", f"字段名“{name}”写错了，系统不认识：您是不是要写 {near}{label_}？", there,
                     meant="" if near in node else prefix + near)
    known = "、".join(n for n in fields if n not in ("type", "confidential"))
    return Issue(where, line, "REQ-KEY-EXTRA",
                 f"字段“{where}”不在{label or '这一级'}的字段表里，检查、网站和统计都不会用到它。",
                 f"如果它是拼错的字段，请改成字段表里的名字（{known}）；如果确实要补充这项信息，可以保留，这只是提醒。")


def _is_empty(node) -> bool:
    """Absent in effect: `~`, nothing after the colon, `""`, `[]` or `{}`."""
    if isinstance(node, (YList, YMap)):
        return len(node) == 0
    return (node.tag == "null" and not node.quoted) or not node.text.strip()


def _plain(node):
    if isinstance(node, YMap):
        return {k: _plain(v) for k, v in node.items()}
    if isinstance(node, YList):
        return [_plain(v) for v in node]
    return node.text


def _example(f: Field) -> str:
    if f.item is not None:
        return "\n  - " + _example(f.item)
    if f.fields:
        return "\n" + "\n".join(f"  {n}: {_example(s)}" for n, s in f.fields.items() if s.required)
    return f.type.example or f"<{f.label}>"


def _field(name: str, spec: dict) -> Field:
    f = Field(name=name, label=spec.get("label", name), type=TYPES[spec["type"]](spec),
              required=bool(spec.get("required")), confidential=bool(spec.get("confidential")),
              hint=spec.get("hint", ""))
    if "item" in spec:
        f.item = _field(name, {"label": f.label} | spec["item"])
    if "fields" in spec:
        f.fields = {n: _field(n, s) for n, s in spec["fields"].items()}
    return f


class SchemaError(Exception):
    """A schema file that cannot be read: the message names the file and says what to fix, in Chinese."""


_KEYS = {"type", "label", "label_en", "path", "key", "title", "name", "fields", "sections", "search", "order",
         "date", "register", "client_page", "new"}


def _schema(path: Path) -> Schema:
    """One schema file read into a Schema (SchemaError naming the file when it is not one)."""
    where = path.name if path.parent == SCHEMA_DIR else str(path)
    try:
        spec = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SchemaError(f"记录类型定义 {where} 读不出来（{type(exc).__name__}）：请存为 UTF-8 的 YAML 文件。") from None
    if not isinstance(spec, dict):
        raise SchemaError(f"记录类型定义 {where} 不是“字段: 值”的 YAML。")
    missing = [k for k in ("type", "label", "path", "key", "fields") if not spec.get(k)]
    if missing:
        raise SchemaError(f"记录类型定义 {where} 缺少 {'、'.join(missing)}：照 generators/schemas/meeting.yml 的样子补上。")
    if spec["type"] != path.stem:
        raise SchemaError(f"记录类型定义 {where} 写的是 type: {spec['type']}：文件名要与 type 相同（{spec['type']}.yml）。")
    if not (path.parent / f"{spec['type']}.md.j2").is_file():
        raise SchemaError(f"记录类型 {spec['type']} 没有模板：在 {where} 旁边放一个 {spec['type']}.md.j2"
                          "（照 generators/schemas/meeting.md.j2 的样子写），new 命令和模板页都用它。")
    unknown = sorted(set(spec) - _KEYS)
    if unknown:
        raise SchemaError(f"记录类型定义 {where} 有不认识的键 {'、'.join(map(str, unknown))}；可用的键：{'、'.join(sorted(_KEYS))}。")
    try:
        fields_ = {n: _field(n, s) for n, s in spec["fields"].items()}
    except (KeyError, TypeError, AttributeError) as exc:
        raise SchemaError(f"记录类型定义 {where} 的字段表有误（{exc}）：每个字段写 `名字: {{type: text, label: 中文名}}`，"
                          f"type 从 {'、'.join(TYPES)} 中选。") from None
    common = {"type": _field("type", {"type": "text", "required": True, "label": "记录类型",
                                      "hint": f"固定写 {spec['type']}，模板已经填好，不要改"}),
              "confidential": _field("confidential", {"type": "bool", "label": "保密",
                                                      "hint": "写 true 时整份记录只在内部网站显示，公开网站不收录"})}
    title = str(spec.get("title") or "title")
    bare = re.fullmatch(r"[a-z_]+", title)  # the older form: the field that names the record
    name = spec.get("name") or (title if bare else "title")
    search = spec.get("search") or {}
    queries = search.get("queries")
    if queries is None:
        queries = [{"title": "{title}"}] if "title" in fields_ else []
    return Schema(
        type=spec["type"], label=spec["label"], label_en=spec.get("label_en", ""), path=spec["path"],
        key=spec["key"], title="{" + title + "}" if bare else title,
        fields=common | fields_,
        sections=[Section(s["title"], s["hint"]) for s in spec.get("sections", [])],
        search_boost=float(search.get("boost", 1)), search_names=tuple(search.get("names", ())),
        name=name, order=float(spec.get("order", 1000)), date=spec.get("date", ""),
        register=spec.get("register"), client_page=tuple(spec.get("client_page") or ()),
        queries=tuple((k, v) for q in queries for k, v in q.items()),
        new=spec.get("new") or {}, folder=path.parent)


_PLACEHOLDER = re.compile(r"\{([a-z_]+)(\|date)?\}")


@lru_cache(maxsize=512)
def _template(template: str) -> tuple[tuple[tuple[str, str, bool], ...], str]:
    """A `{field}` / `{field|date}` template split once into (text before, field, as date) parts and
    the text after the last (every record's key and title is filled from one of a few templates)."""
    parts, pos = [], 0
    for m in _PLACEHOLDER.finditer(template):
        parts.append((template[pos:m.start()], m.group(1), bool(m.group(2))))
        pos = m.end()
    return tuple(parts), template[pos:]


def project_dir(root: Path | None) -> Path | None:
    """A project's own schema folder (`<project>/schemas/`): another agency's types, beside the package's."""
    return None if root is None else Path(root) / "schemas"


def schemas(root: Path | None = None) -> dict[str, Schema]:
    """All record types, keyed by `type`, in file-plan order (`order:`): every `*.yml` of the package's
    schema folder, and of the project's `schemas/` folder when `root` is given (a project's file of
    the same name replaces the package's)."""
    if root is None:
        return _load(SCHEMA_DIR, None)
    # called once or more per record: plain os.path, pathlib's joins cost more than the lookup
    extra = os.path.join(os.fspath(root), "schemas")
    return _load(SCHEMA_DIR, Path(extra) if os.path.isdir(extra) else None)


@cache
def _load(*folders: Path | None) -> dict[str, Schema]:
    found: dict[str, Schema] = {}
    for folder in folders:
        if folder is None:
            continue
        for path in sorted(folder.glob("*.yml")):
            s = _schema(path)
            found[s.type] = s
    return dict(sorted(found.items(), key=lambda kv: (kv[1].order, kv[0])))


def walk(fields: dict[str, Field], data: dict, prefix: str = ""):
    """Yield (field path, Field, value) for every leaf value present in typed data."""
    for name, f in fields.items():
        if name not in data:
            continue
        value, where = data[name], prefix + name
        if f.fields and isinstance(value, dict):
            yield from walk(f.fields, value, where + ".")
        elif f.item is not None and isinstance(value, list):
            for i, item in enumerate(value):
                sub = f"{where}[{i}]"
                if f.item.fields and isinstance(item, dict):
                    yield from walk(f.item.fields, item, sub + ".")
                else:
                    yield sub, f.item, item
        else:
            yield where, f, value


def label_of(fields: dict[str, Field], path: str) -> str:
    """The Chinese name of a field path, as the messages write it: `attendees.client[0]` →
    `出席·客户方 第 1 项`, `actions[1].due` → `下一步行动 第 2 项·期限`; "" for a path the schema
    does not know (a misspelt key, the body)."""
    names, level = [], fields
    for part in path.split("."):
        m = re.fullmatch(r"([^\[\]]+)((?:\[\d+\])*)", part)
        f = level.get(m.group(1)) if m and level else None
        if f is None:
            return ""
        label = f.label
        for index in re.findall(r"\[(\d+)\]", m.group(2)):
            if f.item is None:
                return ""
            label += f" 第 {int(index) + 1} 项"
            f = f.item
        names.append(label)
        level = f.fields
    return "·".join(names)
