"""Load the archive: every record file under `clients/`, validated as it is read."""
from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from functools import cached_property
from datetime import date, datetime
from pathlib import Path

from generators.archive.config import Settings
from generators.archive.findings import Finding
from generators.archive.read_rules import READ_RULES
from generators.archive.bodylimits import too_deep
from generators.archive.keynames import means_confidential
from generators.archive.listing import Listing, scan, twins
from generators.archive.schema import Schema, schemas, walk
from generators.archive import fastread
from generators.archive.yamlio import NOT_COMPOSED, Scalar, compose, parse_front, split_document

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
    sealed: bool = False  # read as confidential although not `confidential: true` (fail closed)
    # fields already reported unreadable or missing while reading (REQ-FIELDS, REQ-YAML): a later
    # rule that finds them absent would only repeat that finding (generators/rules/cascade.py)
    unread: frozenset = frozenset()
    inherited: str = field(default="", compare=False)  # the confidential record it belongs to (client, brand)
    # a digest of the file's bytes (b"" when not known): with the path, the schemas and the settings, all
    # the fields above but `inherited` follow from it (the site's page memo keys a record by it)
    source: bytes = field(default=b"", compare=False, repr=False)

    @property
    def type(self) -> str:
        return self.schema.type

    @cached_property
    def key(self) -> str:
        return self.schema.fill(self.schema.key, self.data, self.slug) or self.path

    @cached_property
    def leaves(self) -> tuple:
        """(field path, Field, value) of every leaf value in the front matter (`schema.walk`), walked once:
        several rules and the site read them."""
        return tuple(walk(self.schema.fields, self.data))

    @property
    def title(self) -> str:
        value = self.data.get(self.schema.name)
        return str(value) if value is not None else Path(self.path).stem

    @property
    def folder(self) -> str:
        return self.path.rsplit("/", 1)[0]

    @property
    def client(self) -> str | None:
        """The client id: a client's own `id`, else its `client` field (None when missing or invalid)."""
        return self.data.get("id") if self.type == "client" else self.data.get("client")

    @property
    def confidential(self) -> bool:
        """Kept out of every public view: `confidential: true`, anything that may have meant it
        (a misspelt key, a value that is not a boolean, a second front matter block), or a
        confidential client or brand it belongs to (set by `Archive.resolve_confidential`)."""
        return self.data.get("confidential") is True or self.sealed or bool(self.inherited)

    def line(self, field_path: str) -> int:
        """The line of a field, or of its nearest parent present in the file."""
        while field_path:
            if field_path in self.lines:
                return self.lines[field_path]
            field_path = field_path.rsplit(".", 1)[0] if "." in field_path else field_path.rsplit("[", 1)[0] if "[" in field_path else ""
        return 1

    @property
    def date(self) -> date | None:
        """The date that places this record in time (for timelines and registers): its schema's `date:` field."""
        name = self.schema.date_field
        value = self.data.get(name) if name else None
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
        self._by_type: dict[str, list[Record]] = {}

    def add(self, record: Record) -> None:
        self.records.append(record)
        self._index.setdefault((record.type, record.key), record)
        self._by_client.setdefault(record.client, []).append(record)
        self._by_type.setdefault(record.type, []).append(record)

    @cached_property
    def types(self) -> dict[str, Schema]:
        """The record types of this archive's project (`schemas(root)`), looked up once per load."""
        return schemas(self.settings.root)

    def get(self, type_: str, key: str) -> Record | None:
        """The record of a type by its key (client id, `client/brand`, job number, ...)."""
        return self._index.get((type_, key))

    def of_type(self, type_: str) -> list[Record]:
        """A type's records, in file order."""
        return list(self._by_type.get(type_, ()))

    def for_client(self, client: str, type_: str | None = None) -> list[Record]:
        """A client's records (its client file included), optionally of one type, in file order."""
        mine = self._by_client.get(client, [])
        return list(mine) if type_ is None else [r for r in mine if r.type == type_]

    def resolve_confidential(self, unreadable: set[str] = frozenset()) -> None:
        """Make every record of a confidential client or brand confidential too.

        A record belongs to a client by its `client` field and by the folder it sits in
        (`clients/<client>/...`), to a brand by `brand`/`brands` and by `brands/<brand>/...`;
        either is enough. `unreadable` holds the folders (`clients/x`, `clients/x/brands/y`)
        whose client or brand file could not be read: whether they are confidential is unknown,
        so their records are treated as confidential until the file is fixed."""
        secret: dict[str, str] = {f: f"{f}（文件无法读取）" for f in unreadable}
        for r in self.records:
            if r.confidential and r.type in ("client", "brand"):
                secret[r.folder] = r.path
                if r.type == "client" and r.client:
                    secret[f"{ARCHIVE_DIR}/{r.client}"] = r.path
                elif r.client and isinstance(r.data.get("id"), str):
                    secret[f"{ARCHIVE_DIR}/{r.client}/brands/{r.data['id']}"] = r.path
        if not secret:
            return
        for r in self.records:
            owners = [r.folder]
            if isinstance(r.client, str):
                owners.append(f"{ARCHIVE_DIR}/{r.client}")
                brands = r.data.get("brands") if isinstance(r.data.get("brands"), list) else [r.data.get("brand")]
                owners += [f"{ARCHIVE_DIR}/{r.client}/brands/{b}" for b in brands if isinstance(b, str)]
            for owner in owners:
                hit = next((secret[p] for p in _parents(owner) if p in secret), None)
                if hit and hit != r.path:
                    r.inherited = hit
                    break


def _parents(folder: str):
    """`clients/a/brands/b/history` → itself, `clients/a/brands/b`, `clients/a/brands`, `clients/a`, `clients`."""
    while folder:
        yield folder
        folder = folder.rsplit("/", 1)[0] if "/" in folder else ""


def finding(settings: Settings, rule: str, path: str, line: int, field_: str, message: str,
            fix: str = "", evidence: str = "") -> Finding:
    """A finding of a rule checked while reading (generators/archive/read_rules.py), with its level,
    default fix and handbook link filled in. Rules of the other stages: `generators.rules.registry.finding`."""
    r = READ_RULES[rule]
    return Finding(path=path, line=line, field=field_, rule=rule, level=r["level"], message=message,
                   fix=fix or r["fix"], link=settings.rule_url(rule), evidence=evidence)


def detect_type(rel: str, front, root: Path | None = None) -> Schema | None:
    """The schema a file claims (`type:`), else the one whose path pattern it sits at (`root`'s project types included)."""
    all_ = schemas(root)
    declared = front.get("type") if front is not None else None
    if isinstance(declared, Scalar) and declared.text in all_:
        return all_[declared.text]
    return next((s for s in all_.values() if s.path_regex.fullmatch(rel)), None)


def from_place(rel: str, schema: Schema) -> dict[str, str]:
    """Field values the file's place gives: the client of its folder (`clients/<client>/...`),
    and every part of the file plan's path that names a field, when the path fits the plan."""
    out = {}
    m = schema.path_regex.fullmatch(rel)
    if m:
        out.update({k: v for k, v in m.groupdict().items() if k in schema.fields and v})
    parts = rel.split("/")
    if len(parts) > 2 and parts[0] == ARCHIVE_DIR and "client" in schema.fields:
        out.setdefault("client", parts[1])
    return out


def read_record(root: Path, rel: str, settings: Settings, data: bytes | None = None,
                types: dict[str, Schema] | None = None) -> tuple[Record | None, list[Finding]]:
    """Read and validate one record file (or the given bytes of it); returns the record (None if unreadable) and its findings.
    `types`: `schemas(settings.root)`, when the caller has looked them up already."""
    out: list[Finding] = []
    if data is None:
        data = (root / rel).read_bytes()
    cut = split_document(data)
    node, fast = NOT_COMPOSED, None
    if cut.fm is not None:
        node = compose(cut.fm)
        schema = (types or schemas(settings.root)).get(fastread.declared(node)) if node is not NOT_COMPOSED else None
        fast = fastread.typed(node, schema) if schema is not None else None
    # a front matter with nothing to report is typed in one walk (generators/archive/fastread.py)
    doc = cut.finish(None if fast is not None or cut.fm is None else parse_front(cut.fm, 1, cut.doc.problems, node))
    for p in doc.problems:
        out.append(finding(settings, "REQ-YAML", rel, p.line, p.field, p.message, p.fix))
    if fast is not None:
        (typed, lines), issues, type_wrong = fast, [], False
    else:
        if doc.front is None:
            return None, out
        schema = detect_type(rel, doc.front, settings.root)
        declared = doc.front.get("type")
        if schema is None:
            shown = declared.text if isinstance(declared, Scalar) else ""
            names = "、".join(f"{s.type}（{s.label}）" for s in schemas(settings.root).values())
            msg = f"记录类型“{shown}”不存在。" if shown else "缺少记录类型 type，而且文件所在位置也看不出是哪种记录。"
            out.append(finding(settings, "REQ-FIELDS", rel, doc.front.lines.get("type", doc.front.line), "type", msg,
                               f"第一个字段写 `type: 类型`，类型从这些中选：{names}"))
            return None, out
        type_wrong = not isinstance(declared, Scalar) or declared.text != schema.type
        if type_wrong:
            out.append(finding(settings, "REQ-FIELDS", rel, doc.front.lines.get("type", doc.front.line), "type",
                               f"记录类型 type 缺失或写错了；按文件位置，这是一份{schema.label}。", f"写 `type: {schema.type}`"))
        typed, lines, issues = schema.validate(doc.front, from_place(rel, schema))
    sealed = (any(i.secret for i in issues) or any(p.field.split(".")[0].split("[")[0] == "confidential" for p in doc.problems)
              or any(means_confidential(k) for k in doc.extra_keys))
    for i in issues:
        if type_wrong and i.field == "type":
            continue  # said just above, with the type to write
        out.append(finding(settings, i.rule, rel, i.line, i.field, i.message, i.fix))
    m = schema.path_regex.fullmatch(rel)
    slug = m.groupdict().get("slug", "") if m else ""
    if not slug and "{slug}" in schema.path:
        slug = Path(rel).stem.split("-", 3)[-1]
    body = doc.body
    deep = too_deep(body)
    if deep is not None:
        line = doc.body_line + deep[0] - 1
        out.append(finding(settings, "REQ-BODY", rel, line, "",
                           f"正文从第 {line} 行起，{deep[1]}，不是正常的文字，网站无法显示；在改正之前，网站上这份记录不显示正文。"))
        body = ""  # never handed to a Markdown renderer
    unread = frozenset(i.field for i in issues if i.rule in ("REQ-FIELDS", "REQ-YAML") and i.field) | frozenset(
        i.meant for i in issues if i.meant) | frozenset(p.field for p in doc.problems if p.field)
    return Record(rel, schema, typed, lines, body, doc.body_line, slug, sealed, unread), out


def list_files(root: Path) -> tuple[list[str], set[str]]:
    """Record files (.md) and every file under clients/, as root-relative posix paths (hidden ones skipped)."""
    listing = scan(root, ARCHIVE_DIR)
    return listing.records, listing.files


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def _read_bytes(full: str) -> bytes | str:
    """A record file's bytes, or why it is not read: a symlink, not a regular file, gone.
    (A plain string path: pathlib's joins cost more than the reading at 10,000 records; and the file is
    opened once, refusing a link as it opens, non-blocking so that a pipe cannot hold the check up.)"""
    if not hasattr(os, "O_NOFOLLOW"):  # no such flag here: look first, then read
        return _read_looked(full)
    try:
        fd = os.open(full, _OPEN_FLAGS)
    except FileNotFoundError:
        return "gone"
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # O_NOFOLLOW: the last part of the path is a link
            return "link"
        raise
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return "special"
        chunks, size = [], 0
        while True:
            chunk = os.read(fd, max(st.st_size - size, 0) + 1)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)


def _read_looked(full: str) -> bytes | str:
    try:
        st = os.lstat(full)
        if stat.S_ISLNK(st.st_mode):
            return "link"
        if not stat.S_ISREG(st.st_mode):
            return "special"
        with open(full, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        return "gone"


_NOT_READ = {
    "link": ("记录文件是一个符号链接（指向别处的快捷方式），不是文件本身；链接指向的内容不在档案里，不会被读取。",
             "删掉这个链接，把文件本身放在这里（`git rm` 链接，再复制真正的文件并 `git add`）。"),
    "special": ("这不是普通文件（是管道、设备或其他特殊文件），不会被读取。", "删掉它，记录文件必须是普通的 UTF-8 文本文件。"),
    "gone": ("文件在列出之后、读取之前不见了（被删除、移动或改名）。",
             "如果是有意删除，用 `git rm` 把删除一并提交；否则恢复这个文件后重新运行 check 或构建。"),
}


def load_archive(settings: Settings, snapshot: "Snapshot | None" = None, use_cache: bool = True) -> Archive:
    """Read every record under clients/, reporting every file's problems, never stopping early.

    With a snapshot (the git index, for the pre-commit hook) the file list and the staged
    files' contents come from it, so what is checked is what will be committed. Files whose
    content was parsed before come from the parse cache (build/cache/, keyed on a hash of
    the bytes) unless `use_cache` is false."""
    from generators.archive.cache import RecordCache

    archive = Archive(settings)
    if snapshot is None:
        listing = scan(settings.root, ARCHIVE_DIR)
    else:
        listing = Listing.of_index(snapshot.files, ARCHIVE_DIR)
    rels, archive.files = listing.records, listing.files
    for rel, message, fix in listing.problems + twins(listing.files | listing.dirs):
        archive.findings.append(finding(settings, "REQ-FILE", rel, 1, "", message, fix))
    cache = RecordCache(settings) if use_cache else None
    schemas_ = schemas(settings.root)
    unreadable: set[str] = set()
    base = os.fspath(settings.root) + os.sep
    for rel in rels:
        data = snapshot.contents.get(rel) if snapshot else None
        try:
            if data is None:
                data = _read_bytes(base + rel)
            if isinstance(data, str):
                record, found = None, [finding(settings, "REQ-FILE", rel, 1, "", *_NOT_READ[data])]
            else:
                digest = cache.digest(data) if cache is not None else None
                cached = cache.get(rel, digest) if cache is not None else None
                if cached is not None:
                    state, found = cached
                    record = Record(rel, schemas_[state[0]], *state[1:]) if state else None
                else:
                    record, found = read_record(settings.root, rel, settings, data, schemas_)
                    if cache is not None:
                        state = (record.type, record.data, record.lines, record.body, record.body_line, record.slug, record.sealed,
                                 record.unread) if record else None
                        cache.put(rel, digest, (state, found))
                if record is not None and digest is not None:
                    record.source = digest
        except OSError as exc:  # no permission, a disk or network-drive error
            why = "没有读取它的权限" if isinstance(exc, PermissionError) else f"系统报告：{exc.strerror or type(exc).__name__}"
            record, found = None, [finding(settings, "REQ-FILE", rel, 1, "", f"文件无法读取（{why}）。", "检查文件权限或是否被其他程序占用，然后重新运行。")]
        archive.findings.extend(found)
        if record is not None:
            archive.add(record)
        elif rel.endswith(("/client.md", "/brand.md")):
            unreadable.add(rel.rsplit("/", 1)[0])
    archive.resolve_confidential(unreadable)
    if cache is not None:
        cache.save(set(rels))
    return archive
