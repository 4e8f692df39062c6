"""Load the archive: every record file under `clients/`, validated as it is read."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from datetime import date, datetime
from pathlib import Path

from .config import Settings
from .findings import Finding
from .rules.registry import REGISTRY
from .schema import Schema, schemas
from .yamlio import Scalar, read_document

ARCHIVE_DIR = "clients"


@dataclass
class Record:
    """One record: its file, its type's schema, its typed front matter and its body."""

    path: str  # relative to the project root, with forward slashes
    schema: Schema
    data: dict
    lines: dict[str, int]
    body: str
    body_line: int
    slug: str = ""

    @property
    def type(self) -> str:
        return self.schema.type

    @cached_property
    def key(self) -> str:
        return self.schema.fill(self.schema.key, self.data, self.slug) or self.path

    @property
    def title(self) -> str:
        value = self.data.get(self.schema.title)
        return str(value) if value is not None else Path(self.path).stem

    @property
    def folder(self) -> str:
        return self.path.rsplit("/", 1)[0]

    @property
    def client(self) -> str | None:
        return self.data["id"] if self.type == "client" else self.data.get("client")

    @property
    def confidential(self) -> bool:
        return bool(self.data.get("confidential"))

    def line(self, field_path: str) -> int:
        """The line of a field, or of its nearest parent present in the file."""
        while field_path:
            if field_path in self.lines:
                return self.lines[field_path]
            field_path = field_path.rsplit(".", 1)[0] if "." in field_path else field_path.rsplit("[", 1)[0] if "[" in field_path else ""
        return 1

    @property
    def date(self) -> date | None:
        """The date that places this record in time (for timelines and registers)."""
        for name in ("held_at", "received_at", "date", "opened", "since"):
            value = self.data.get(name)
            if isinstance(value, datetime):
                return value.date()
            if isinstance(value, date):
                return value
        return None


@dataclass
class Snapshot:
    """Files as git will commit them: every path in the index, and the staged files' bytes."""

    files: list[str]
    contents: dict[str, bytes]


@dataclass
class Archive:
    """All records, every problem found reading them, and the files that exist."""

    settings: Settings
    records: list[Record] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    files: set[str] = field(default_factory=set)

    def __post_init__(self):
        self._index: dict[tuple[str, str], Record] = {}
        self._by_client: dict[str, list[Record]] = {}

    def add(self, record: Record) -> None:
        self.records.append(record)
        self._index.setdefault((record.type, record.key), record)
        self._by_client.setdefault(record.client, []).append(record)

    def get(self, type_: str, key: str) -> Record | None:
        """The record of a type by its key (client id, `client/brand`, job number, ...)."""
        return self._index.get((type_, key))

    def of_type(self, type_: str) -> list[Record]:
        return [r for r in self.records if r.type == type_]

    def for_client(self, client: str, type_: str | None = None) -> list[Record]:
        """A client's records (its client file included), optionally of one type, in file order."""
        mine = self._by_client.get(client, [])
        return list(mine) if type_ is None else [r for r in mine if r.type == type_]


def finding(settings: Settings, rule: str, path: str, line: int, field_: str, message: str,
            fix: str = "", evidence: str = "") -> Finding:
    """A finding for a rule of the registry, with its level and handbook link filled in."""
    r = REGISTRY[rule]
    return Finding(path=path, line=line, field=field_, rule=rule, level=r.level, message=message,
                   fix=fix or r.fix, link=settings.rule_url(rule), evidence=evidence)


def detect_type(rel: str, front) -> Schema | None:
    """The schema a file claims (`type:`), else the one whose path pattern it sits at."""
    all_ = schemas()
    declared = front.get("type") if front is not None else None
    if isinstance(declared, Scalar) and declared.text in all_:
        return all_[declared.text]
    return next((s for s in all_.values() if s.path_regex.fullmatch(rel)), None)


def read_record(root: Path, rel: str, settings: Settings, data: bytes | None = None) -> tuple[Record | None, list[Finding]]:
    """Read and validate one record file (or the given bytes of it); returns the record (None if unreadable) and its findings."""
    out: list[Finding] = []
    if data is None:
        data = (root / rel).read_bytes()
    doc = read_document(data)
    for p in doc.problems:
        out.append(finding(settings, "REQ-YAML", rel, p.line, p.field, p.message, p.fix))
    if doc.front is None:
        return None, out
    schema = detect_type(rel, doc.front)
    declared = doc.front.get("type")
    if schema is None:
        shown = declared.text if isinstance(declared, Scalar) else ""
        names = "、".join(f"{s.type}（{s.label}）" for s in schemas().values())
        msg = f"记录类型“{shown}”不存在。" if shown else "缺少记录类型 type，而且文件所在位置也看不出是哪种记录。"
        out.append(finding(settings, "REQ-FIELDS", rel, doc.front.lines.get("type", doc.front.line), "type", msg,
                           f"第一个字段写 `type: 类型`，类型从这些中选：{names}"))
        return None, out
    type_wrong = not isinstance(declared, Scalar) or declared.text != schema.type
    if type_wrong:
        out.append(finding(settings, "REQ-FIELDS", rel, doc.front.lines.get("type", doc.front.line), "type",
                           f"记录类型 type 缺失或写错了；按文件位置，这是一份{schema.label}。", f"写 `type: {schema.type}`"))
    typed, lines, issues = schema.validate(doc.front)
    for i in issues:
        if type_wrong and i.field == "type":
            continue  # said just above, with the type to write
        out.append(finding(settings, i.rule, rel, i.line, i.field, i.message, i.fix))
    m = schema.path_regex.fullmatch(rel)
    slug = m.groupdict().get("slug", "") if m else ""
    if not slug and "{slug}" in schema.path:
        slug = Path(rel).stem.split("-", 3)[-1]
    return Record(rel, schema, typed, lines, doc.body, doc.body_line, slug), out


def list_files(root: Path) -> tuple[list[str], set[str]]:
    """Record files (.md) and every file under clients/, as root-relative posix paths (hidden ones skipped)."""
    base = root / ARCHIVE_DIR
    records, files = [], set()
    for folder, dirs, names in os.walk(base):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        rel_folder = Path(folder).relative_to(root).as_posix()
        for name in sorted(names):
            if name.startswith("."):
                continue
            rel = f"{rel_folder}/{name}"
            files.add(rel)
            if name.lower().endswith(".md"):
                records.append(rel)
    return records, files


def load_archive(settings: Settings, snapshot: "Snapshot | None" = None, use_cache: bool = True) -> Archive:
    """Read every record under clients/, reporting every file's problems, never stopping early.

    With a snapshot (the git index, for the pre-commit hook) the file list and the staged
    files' contents come from it, so what is checked is what will be committed. Unchanged
    files come from the parse cache (build/cache/) unless `use_cache` is false."""
    from .cache import RecordCache

    archive = Archive(settings)
    if snapshot is None:
        rels, archive.files = list_files(settings.root)
    else:
        archive.files = set(snapshot.files)
        rels = sorted(f for f in snapshot.files if f.lower().endswith(".md"))
    cache = RecordCache(settings) if use_cache else None
    schemas_ = schemas()
    for rel in rels:
        staged = snapshot.contents.get(rel) if snapshot else None
        try:
            stamp = cached = None
            if cache is not None and staged is None:
                stamp = cache.stamp(settings.root / rel)
                cached = cache.get(rel, stamp)
            if cached is not None:
                state, found = cached
                record = Record(rel, schemas_[state[0]], *state[1:]) if state else None
            else:
                record, found = read_record(settings.root, rel, settings, staged)
                if stamp is not None:
                    state = (record.type, record.data, record.lines, record.body, record.body_line, record.slug) if record else None
                    cache.put(rel, stamp, (state, found))
        except OSError as exc:
            record, found = None, [finding(settings, "REQ-YAML", rel, 1, "", f"文件无法读取：{exc.strerror}。", "检查文件权限或是否被其他程序占用。")]
        archive.findings.extend(found)
        if record is not None:
            archive.add(record)
    if cache is not None:  # the pre-commit hook fills it too: staged bytes are never cached
        cache.save(set(rels))
    return archive
