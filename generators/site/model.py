"""What every page generator of one build shares: the records, one check run, links, backlinks."""
from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import quote, unquote

from generators.archive.attachments import REFUSED, SANITIZED, place
from generators.rules.context import Context
from generators.archive.fields import Attachment, Ref
from generators.archive.findings import Finding
from generators.archive.uris import attachment_uri, person_uri, record_uri
from generators.archive.records import Archive, Record
from generators.archive import naming, svg
from generators.site.render import Links

_LINK = re.compile(r"(\]\(\s*<?)([^)\s>]+)")


@dataclass
class Site:
    """One build's view of the archive. Indexes are built once here (no loops over all records per page)."""

    archive: Archive
    findings: list[Finding]
    ctx: Context
    public: bool = False
    secret_files: set[str] = field(default_factory=set)  # files only confidential fields name
    links: Links = field(default_factory=lambda: Links(set()))

    def __post_init__(self):
        self.settings = self.archive.settings
        self.by_path: dict[str, Record] = {r.path: r for r in self.archive.records}
        self.by_type: dict[str, list[Record]] = defaultdict(list)
        self.by_client: dict[tuple[str, str], list[Record]] = defaultdict(list)
        for r in self.archive.records:
            self.by_type[r.type].append(r)
            self.by_client[(r.client or "", r.type)].append(r)
        self.findings_by_path: dict[str, list[Finding]] = defaultdict(list)
        for f in self.findings:
            self.findings_by_path[f.path].append(f)
        self.backlinks: dict[str, list[tuple[Record, str]]] = defaultdict(list)
        self.attachments: dict[str, str] = {}  # site uri -> project path
        self.contents: dict[str, bytes] = {}  # site uri -> sanitized bytes (SVG), published instead of the file
        self._refused: set[str] = set()
        for r in self.archive.records:
            for where, f, value in r.leaves:  # walked once, by the checks already
                if isinstance(f.type, Ref):
                    target = self.resolve(f.type.spec["to"], r, value)
                    if target is not None and target is not r:
                        self.backlinks[target.path].append((r, where))
                elif isinstance(f.type, Attachment):
                    self.attachment(r, str(value))
            for m in _LINK.finditer(r.body):
                self.attachment(r, m.group(2), in_body=True)

    # --- lookups --------------------------------------------------------------------------

    def memo(self, name: str, make):
        """A build-wide index computed once per build: `make(self)`, kept under `name`."""
        memos = self.__dict__.setdefault("_memos", {})
        if name not in memos:
            memos[name] = make(self)
        return memos[name]

    def resolve(self, to: str, record: Record, value) -> Record | None:
        """The record a reference names (generators.archive.naming.resolve, the one resolver)."""
        return naming.resolve(self.archive, record, to, value)

    def of(self, client: str, type_: str) -> list[Record]:
        return self.by_client.get((client, type_), [])

    def attachment(self, record: Record, name: str, in_body: bool = False) -> str | None:
        """The site URI of a file a record names (registering it for copying), or None when there is no
        such file or it may not be published (outside the record's folder, a symlink, an active type).
        A field names the file literally (`brief#2.txt`); a body link may carry an anchor and %-escapes."""
        if in_body:
            if "://" in name or name.startswith(("#", "/", "mailto:")):
                return None
            name = unquote(name.split("#")[0])
        where = place(self.settings.root, record.folder, name)
        path = where.path
        if path is None or path not in self.archive.files or path.endswith(".md") or path in self.secret_files \
                or path in self._refused:
            return None
        uri = attachment_uri(path)
        if uri in self.attachments:
            return uri
        suffix = posixpath.splitext(path)[1].lower()
        if suffix in REFUSED:
            self._refused.add(path)
            return None
        if suffix in SANITIZED:
            try:
                self.contents[uri] = svg.clean((self.settings.root / path).read_bytes())[0]
            except (svg.SvgError, OSError):
                self._refused.add(path)
                return None
        self.attachments[uri] = path
        return uri

    def title(self, record: Record) -> str:
        """A record's name in headings and lists: its schema's `title:` pattern."""
        return naming.title(record, self.archive)

    # --- links ----------------------------------------------------------------------------

    def uri(self, record: Record) -> str:
        return record_uri(record.path)

    def record_href(self, from_uri: str, record: Record | None) -> str | None:
        return self.links(from_uri, record_uri(record.path)) if record is not None else None

    def person_href(self, from_uri: str, name: str) -> str | None:
        person = self.settings.person(str(name))
        return self.links(from_uri, person_uri(person.slug)) if person else None

    def rule_href(self, from_uri: str, rule_id: str) -> str | None:
        return self.links(from_uri, f"rules/{rule_id.lower()}.md")

    def rewrite_body_links(self, record: Record, from_uri: str, body: str) -> str:
        """Body links to sibling files and records, retargeted to their place in the site."""
        def one(m):
            target = m.group(2)
            if "://" in target or target.startswith(("#", "/", "mailto:")):
                return m.group(0)
            name, _, anchor = target.partition("#")
            path = posixpath.normpath(posixpath.join(record.folder, unquote(name)))
            if path in self.by_path:
                to = record_uri(path)
            elif path in self.secret_files:
                return m.group(1) + "#"  # a confidential file: no link in this build
            else:
                to = self.attachment(record, target, in_body=True)
                if to is None:
                    return m.group(0)
            rel = quote(posixpath.relpath(to, posixpath.dirname(from_uri) or "."))
            return m.group(1) + rel + (f"#{anchor}" if anchor else "")
        return _LINK.sub(one, body)

