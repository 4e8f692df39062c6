"""Record pages' generated content (RecordPage: panel, body, backlinks, sections, findings, history) kept
between builds as a summary (title, front matter, print header and a digest of the content: the finished
page is in build/pages/, keyed on it), so that a build generates again only the pages whose inputs changed.

What a page reads is not listed by hand: the page is generated against a `TracedSite`, which answers
every lookup of the Site model (a record by path or key, a client's records of a type, backlinks,
findings, git history, the deadlines filed under a page, whether a link target exists, an attachment's
address) and notes each question with a digest of its answer. The next build asks the same questions
of the new Site; when every answer has the same digest (and the build-wide key is the same: settings,
schemas, templates and code, as_of), the page's content is the same and is reused. A page whose
generation touches the Site in a way the tracer does not know is not kept (generated every build).

Kept in memory between rebuilds of one process (`mkdocs serve` reloads the hook, not this module) and
in build/record-content.pickle for the next `make build`.
"""
from __future__ import annotations

import hashlib
import sys
from datetime import date, datetime
from functools import cache
from pathlib import Path

import jinja2

from generators.archive import buildcache
from generators.archive.records import Record
from generators.archive.schema import project_dir
from generators.site import due, render
from generators.site.model import Site

_FILE = "record-content.pickle"
_FORMAT = 5
_CODE_SUFFIXES = (".py", ".yml", ".yaml", ".j2", ".css", ".json", ".toml")
_MEMORY: dict[str, tuple[str, dict]] = {}  # project root -> (build key, {record path: (trace, page summary)})
LAST: dict[str, list[str]] = {}  # what the last build of this process did: record paths generated, reused, untraced


# --- digests --------------------------------------------------------------------------------------

def _canon(value, records: dict[int, str]) -> str:
    """A stable text for a lookup's answer (records by their digest, computed once per build)."""
    if isinstance(value, Record):
        d = records.get(id(value))
        if d is None:
            d = records[id(value)] = _record_digest(value)
        return "R" + d
    if value is None or isinstance(value, (str, int, float, bool, date, datetime)):
        return type(value).__name__ + ":" + repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_canon(v, records) for v in value) + "]"
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(_canon(v, records) for v in value)) + "}"
    if isinstance(value, dict):
        return "{" + ",".join(sorted(_canon(k, records) + ":" + _canon(v, records) for k, v in value.items())) + "}"
    # findings, deadlines, git changes: dataclasses of plain values, whose generated repr shows every field
    return type(value).__name__ + ":" + repr(value)


def _record_digest(r: Record) -> str:
    if r.source:  # the file's bytes: what it reads as follows from them, and the schemas are in build_key
        return _hash(repr((r.path, r.type, r.source, r.inherited)))
    # repr: a record's fields are YAML's plain values (text, numbers, dates, lists, mappings), whose repr is
    # stable; a value without one would only make the page be generated again, never a stale page kept
    own = (r.path, r.type, r.data, r.lines, r.body, r.body_line, r.slug, r.sealed, sorted(r.unread), r.inherited)
    return _hash(repr(own))


def _hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


def build_key(site: Site) -> str:
    """What every page depends on: the generating code and templates, package versions, archive.toml,
    the project's schemas, as_of, whether there is git history, the build's audience and URL style."""
    h = hashlib.sha256(_CODE.encode())
    for path in sorted(Path(render.TEMPLATES).glob("*")):  # the templates the page blocks are rendered from
        if path.is_file():
            h.update(path.name.encode() + b"\x00" + path.read_bytes() + b"\x00")
    root = Path(site.settings.root)
    h.update(_file_digest(root / "archive.toml").encode())
    h.update(_schemas_version(project_dir(root)).encode())
    h.update(_canon([_FORMAT, sys.version, jinja2.__version__, site.ctx.as_of, site.ctx.history is None, site.public,
                     sorted(site.secret_files), site.links.directory_urls], {}).encode())
    return h.hexdigest()


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


@cache
def _schemas_version(folder: Path | None) -> str:
    """A hash of a project's schemas/ as this process loaded them (generators.archive.schema keeps the
    first reading of a folder for the life of the process, and so does this)."""
    if folder is None or not folder.is_dir():
        return "none"
    return _hash("".join(p.name + _file_digest(p) for p in sorted(folder.glob("*.yml"))))


def _code_version() -> str:
    """A hash of the generators package as this process imported it. Taken once: `mkdocs serve` keeps
    running the code it started with after a file changes, so content it makes then is that code's."""
    h = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]  # generators/
    for path in sorted(package.rglob("*")):
        if path.suffix in _CODE_SUFFIXES and path.is_file() and "__pycache__" not in path.parts:
            h.update(str(path.relative_to(package)).encode() + b"\x00" + path.read_bytes() + b"\x00")
    return h.hexdigest()


_CODE = _code_version()


# --- asking the Site ------------------------------------------------------------------------------

def ask(site: Site, query: tuple):
    """The answer of the real Site to one traced question (the same function records and verifies)."""
    kind = query[0]
    if kind == "path":
        return site.by_path.get(query[1])
    if kind == "get":
        return site.archive.get(query[1], query[2])
    if kind == "of":
        return site.of(query[1], query[2])
    if kind == "backlinks":
        return site.backlinks.get(query[1])
    if kind == "findings":
        return site.findings_by_path.get(query[1])
    if kind == "history":
        return site.ctx.history.of(query[1])
    if kind == "memo":
        return _MEMOS[query[1]](site).get(query[2])
    if kind == "target":
        return query[1] in site.links.targets
    if kind == "att":
        record = site.by_path.get(query[1])
        return site.attachment(record, query[2], query[3]) if record is not None else None
    if kind == "records":
        return site.archive.records
    raise ValueError(f"unknown query {kind}")


def shared_key(site: Site) -> str:
    """`build_key(site)`, computed once per build (record pages and register rows share it)."""
    return site.memo("page_memo.key", build_key)


def shared_answers(site: Site) -> "Answers":
    """The build's one `Answers`: record pages and register rows ask many of the same questions."""
    return site.memo("page_memo.answers", Answers)


class Answers:
    """One build's digests of the Site's answers, each question asked once however many pages ask it."""

    def __init__(self, site: Site):
        self.site = site
        self.digests: dict[tuple, str] = {}
        self.records: dict[int, str] = {}

    def digest(self, query: tuple, value=None, known: bool = False) -> str:
        d = self.digests.get(query)
        if d is None:
            if not known:
                value = ask(self.site, query)
            d = self.digests[query] = _hash(_canon(value, self.records))
        return d

    def holds(self, trace: dict) -> bool:
        """Whether every question of a page's trace gets the same answer now."""
        try:
            return all(self.digest(q) == d for q, d in trace.items())
        except Exception:  # a question the new Site cannot answer: the page is generated again
            return False


class _Untraced(Exception):
    pass


class _Reads:
    """The questions one page's generation asked, with their answers' digests."""

    def __init__(self, answers: Answers):
        self.answers, self.trace, self.exact = answers, {}, True

    def __call__(self, *query):
        value = ask(self.answers.site, query)
        self.trace[query] = self.answers.digest(query, value, known=True)
        return value


class _Lookup:
    """A read-only mapping of the Site (by_path, backlinks, findings_by_path, a memo) whose reads are traced."""

    def __init__(self, reads: _Reads, make):
        self._reads, self._make = reads, make

    def get(self, key, default=None):
        value = self._reads(*self._make(key))
        return default if value is None else value

    def __getitem__(self, key):
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def __contains__(self, key):
        return self.get(key) is not None


class _Archive:
    def __init__(self, reads: _Reads, real):
        self._reads, self._real = reads, real

    @property
    def settings(self):
        return self._real.settings

    @property
    def types(self):
        return self._real.types  # the schemas: in the build key

    @property
    def records(self):
        return self._reads("records")

    def get(self, type_: str, key: str):
        return self._reads("get", type_, key)

    def __getattr__(self, name):
        self._reads.exact = False
        return getattr(self._real, name)


class _History:
    def __init__(self, reads: _Reads):
        self._reads = reads

    def of(self, path: str):
        return self._reads("history", path) or []

    def __getattr__(self, name):
        self._reads.exact = False
        return getattr(self._reads.answers.site.ctx.history, name)


class _Context:
    def __init__(self, reads: _Reads, real):
        self._reads, self._real = reads, real

    @property
    def as_of(self):
        return self._real.as_of  # in the build key

    @property
    def settings(self):
        return self._real.settings

    @property
    def history(self):
        return None if self._real.history is None else _History(self._reads)  # None-ness: in the build key

    def __getattr__(self, name):
        self._reads.exact = False
        return getattr(self._real, name)


class _Links:
    def __init__(self, reads: _Reads, real):
        self._reads, self._real = reads, real
        self.directory_urls = real.directory_urls

    def __call__(self, from_uri, to_uri, anchor: str = ""):
        if to_uri:
            self._reads("target", to_uri)
        return self._real(from_uri, to_uri, anchor)


_MEMOS = {"deadlines": due.deadlines}  # build-wide indexes pages look things up in (Site.memo), by name
_GLOBAL = {"settings", "public", "secret_files"}  # in the build key


class TracedSite:
    """The Site as one page's generation sees it: the same answers, every lookup noted in `reads`.
    Site's own methods run with this object as `self`, so their lookups are noted too."""

    def __init__(self, site: Site, reads: _Reads):
        self._site, self._reads = site, reads
        self.archive = _Archive(reads, site.archive)
        self.ctx = _Context(reads, site.ctx)
        self.links = _Links(reads, site.links)
        self.by_path = _Lookup(reads, lambda k: ("path", k))
        self.backlinks = _Lookup(reads, lambda k: ("backlinks", k))
        self.findings_by_path = _Lookup(reads, lambda k: ("findings", k))

    def of(self, client: str, type_: str):
        return self._reads("of", client, type_)

    def attachment(self, record: Record, name: str, in_body: bool = False):
        return self._reads("att", record.path, name, in_body)

    def memo(self, name: str, make):
        if name not in _MEMOS:  # an index the tracer cannot ask again: the page is not kept
            self._reads.exact = False
            return self._site.memo(name, make)
        self._site.memo(name, make)
        return _Lookup(self._reads, lambda k: ("memo", name, k))

    def __getattr__(self, name):
        if name in _GLOBAL:
            return getattr(self._site, name)
        attr = getattr(Site, name, None)
        if callable(attr):
            return attr.__get__(self)
        self._reads.exact = False
        return getattr(self._site, name)


def traced(site: Site, answers: Answers, record: Record, make):
    """`make(traced_site)` for what is made from `record` (a page, a register row), and the questions it
    asked with their answers' digests; None for the questions when it read the Site around the tracer."""
    reads = _Reads(answers)
    reads("path", record.path)  # the record itself: what is read of its own fields follows from its file
    value = make(TracedSite(site, reads))
    return value, (reads.trace if reads.exact else None)


# --- the store ------------------------------------------------------------------------------------

class Memo:
    """The kept content of one project's record pages: reuse what still holds, note what was generated."""

    def __init__(self, site: Site, page_type):
        self.site, self.page_type = site, page_type  # the kept summaries' class, rebuilt from its fields when read
        self.root = str(Path(site.settings.root).resolve())
        self.key = shared_key(site)
        self.answers = shared_answers(site)
        self.kept: dict = {}
        key, kept = _MEMORY.get(self.root, (None, None))
        if key != self.key:
            key, kept = self._load()
        self.kept = kept if key == self.key else {}
        self.now: dict = {}
        self.generated: list[str] = []
        self.reused: list[str] = []
        self.untraced: list[str] = []

    def page(self, record: Record, make):
        """`record`'s page: the kept summary (`page.summary()`, no content) when its questions get the same
        answers, else `make(traced_site, record)`, whose summary is kept with its trace."""
        summary = self.reuse(record)
        return summary if summary is not None else self.make(record, make)

    def reuse(self, record: Record):
        """The kept summary of `record`'s page when its questions get the same answers, else None."""
        if record.path in self.now:
            return self.now[record.path][1]
        entry = self.kept.get(record.path)
        if entry is not None and self.answers.holds(entry[0]):
            self.now[record.path] = entry
            self.reused.append(record.path)
            return entry[1]
        return None

    def make(self, record: Record, make):
        """`make(traced_site, record)`, its summary kept with the questions it asked."""
        page, trace = traced(self.site, self.answers, record, lambda site: make(site, record))
        self.generated.append(record.path)
        if trace is not None:
            self.now[record.path] = (trace, page.summary())
        else:
            self.untraced.append(record.path)
        return page

    def finish(self) -> None:
        """Keep this build's pages in memory, and on disk when any was generated."""
        _MEMORY[self.root] = (self.key, self.now)
        LAST.clear()
        LAST.update(generated=list(self.generated), reused=list(self.reused), untraced=list(self.untraced))
        if self.generated or len(self.now) != len(self.kept):
            self._save()

    # on disk: plain data (buildcache.read_plain: a pickle naming any class is refused), read back only when
    # build/ is this machine's own
    def _path(self) -> Path:
        return Path(self.root) / "build" / _FILE

    def _load(self):
        data = buildcache.read_plain(self._path())
        try:
            if not (isinstance(data, tuple) and len(data) == 3 and data[:2] == (_FORMAT, self.key)):
                return None, {}
            return self.key, {path: (trace, self.page_type(**page)) for path, (trace, page) in data[2].items()
                              if type(trace) is dict}
        except (ValueError, TypeError, KeyError, AttributeError):
            return None, {}

    def _save(self) -> None:
        try:
            buildcache.write_plain(self._path(), (_FORMAT, self.key, {p: (t, vars(page)) for p, (t, page) in self.now.items()}))
        except OSError:
            pass  # a build that cannot keep its cache is only slower next time


def forget() -> None:
    """Drop the summaries kept in memory for the next build of this process."""
    _MEMORY.clear()
