"""A page for every record: panel, body, backlinks, check findings and git history."""
from __future__ import annotations

import hashlib
import json
import re
from datetime import date

from generators.site.body import body
from generators.site.brand_pages import brand_body
from generators.site.charts import job_schedule
from generators.site.client_pages import client_sections
from generators.archive.uris import Page, record_uri
from generators.archive.records import Record
from generators.site.crumbs import record_crumbs
from generators.site.due import due_next
from generators.site import page_memo
from generators.site.model import Site
from generators.site.panel import Item, panel
from generators.site.printing import running_header
from generators.site.render import front_matter, html, stash, unstash

_MIXED = re.compile(r"[\u3400-\u9fff][A-Za-z0-9]|[A-Za-z0-9][\u3400-\u9fff]")


class RecordPage(Page):
    """A record page as the build writes it outside MkDocs: its Markdown with every generated HTML block
    kept aside (`skeleton`, `blocks`: only the headings and the record's own text are Markdown), its
    title and search front matter. `content` is the whole Markdown page, made when asked for."""

    def __init__(self, uri: str, skeleton: str, blocks: list[str], title: str, meta: dict,
                 source: str | None = None, head: str = ""):
        self.uri, self.skeleton, self.blocks, self.title, self.meta = uri, skeleton, blocks, title, meta
        self.source, self.head = source, head

    @property
    def content(self) -> str:
        return front_matter(self.title, **self.meta) + unstash(self.skeleton, self.blocks)

    @property
    def digest(self) -> str:
        """A hash of everything the finished page is rendered from: title, front matter, print header,
        Markdown and blocks."""
        h = hashlib.sha256()
        for part in [self.title, json.dumps(self.meta, ensure_ascii=False, sort_keys=True), self.head,
                     self.skeleton, *self.blocks]:
            h.update(part.encode("utf-8", "surrogatepass") + b"\x00")
        return h.hexdigest()

    def summary(self) -> "PageSummary":
        return PageSummary(self.uri, self.source, self.digest)


class PageSummary(Page):
    """What the build keeps of a generated record page between builds: its address, its record and a digest
    of its content (the finished page is kept in build/pages/ under it; a year of pages' text is not held
    in memory)."""

    def __init__(self, uri: str, source: str | None, digest: str):
        self.uri, self.source, self.digest = uri, source, digest

    def summary(self) -> "PageSummary":
        return self


class RecordEntry(Page):
    """One record's page in the build's page list, generated only when it is written (`resolve`) or read
    (`content`): at 30,000 records the pages' content does not all sit in memory at once."""

    def __init__(self, pages: "_Pages", record: Record):
        self._pages, self.record = pages, record
        self.uri, self.source = record_uri(record.path), record.path

    @property
    def head(self) -> str:
        """The print header (record_site.write puts it into the page, not MkDocs' on_post_page)."""
        return running_header(self._pages.site, self.record)

    def resolve(self) -> RecordPage | PageSummary:
        """The page as the last build left it when its inputs are unchanged (a summary), else generated."""
        return self._pages.resolve(self.record)

    def kept(self) -> PageSummary | None:
        """The last build's summary when its inputs are unchanged, else None (nothing is generated)."""
        return self._pages.kept(self.record)

    def full(self) -> RecordPage:
        """The whole page, generated now."""
        return _record_page(self._pages.site, self.record)

    @property
    def content(self) -> str:
        return self.full().content


class _Pages:
    """The record pages of one build and the kept content they are checked against."""

    def __init__(self, site: Site, keep: bool):
        self.site = site
        self.memo = page_memo.Memo(site, PageSummary) if keep else None

    def resolve(self, record: Record) -> RecordPage | PageSummary:
        if self.memo is None:
            return _record_page(self.site, record)
        return self.memo.page(record, _record_page)

    def kept(self, record: Record) -> PageSummary | None:
        return self.memo.reuse(record) if self.memo is not None else None

    def finish(self) -> None:
        if self.memo is not None:
            self.memo.finish()


def record_pages(site: Site, keep: bool = True) -> list[RecordEntry]:
    """Every record's page (client and brand pages included), generated when written. With `keep`, a page
    whose inputs did not change since the last build is the one generated then (generators/site/page_memo.py);
    `finish(entries)` after writing them keeps this build's for the next."""
    pages = _Pages(site, keep)
    return [RecordEntry(pages, r) for r in site.archive.records]


def finish(entries: list[RecordEntry]) -> None:
    """Keep what the build generated for the next build (once every entry was resolved)."""
    for pages in {id(e._pages): e._pages for e in entries}.values():
        pages.finish()


def _record_page(site: Site, r: Record) -> RecordPage:
    uri = record_uri(r.path)
    meta = search_meta(r)
    text, blocks = stash(lambda: _markdown(site, r, uri))
    return RecordPage(uri, text, blocks, site.title(r), meta, source=r.path, head=running_header(site, r))


def _markdown(site: Site, r: Record, uri: str) -> str:
    """The page's Markdown: crumbs, heading, due-next box, panel, chart, body, sections, findings, history."""
    parts = [record_crumbs(site, r, uri),
             html("heading.html.j2", title=site.title(r), subtitle=r.schema.label),
             due_next(site, r, uri), panel(site, r, uri)]
    chart = job_schedule(r, site.ctx.as_of) if r.type == "job" else ""
    if chart:  # the schedule drawn as a Gantt chart, above the job bag's text
        parts.append("## 进度图\n\n" + chart)
    if r.type == "brand":
        parts.append(brand_body(site, r, uri))
    else:
        parts.append(body(site, r, uri))
    if r.type == "client":
        parts.append(client_sections(site, r, uri))
    else:
        parts.append(backlinks(site, r, uri))
    parts += [findings(site, r, uri), history(site, r)]
    return "\n\n".join(p for p in parts if p.strip()) + "\n"


def search_meta(record: Record) -> dict:
    """Material's search front matter for a record page: its boost, and its mixed-script names as
    tags. The search index cuts Han runs apart from letters (青山E行 becomes 青山 / E / 行) while the
    search box looks the typed name up as one word, so such a name is only found whole in `tags`.
    Pure-Chinese names are not tagged: tags weigh a million times the text and would bury every
    other page that mentions the name."""
    meta = {}
    if record.schema.search_boost != 1:
        meta["search"] = {"boost": record.schema.search_boost}
    names = [str(record.data[n]).strip() for n in record.schema.search_names
             if isinstance(record.data.get(n), str) and _MIXED.search(record.data[n])]
    if names:
        meta["tags"] = list(dict.fromkeys(names))
    return meta


def backlinks(site: Site, record: Record, uri: str) -> str:
    refs = site.backlinks.get(record.path, [])
    seen, items = set(), []
    for source, where in sorted(refs, key=lambda x: (x[0].date or date.min, x[0].path), reverse=True):
        if source.path in seen:
            continue
        seen.add(source.path)
        items.append([Item(source.schema.label + "："), Item(site.title(source), site.record_href(uri, source), sep="")])
    return "## 引用本记录的记录\n\n" + html("links.html.j2", items=items, empty="没有其他记录引用这份记录。")


def findings(site: Site, record: Record, uri: str) -> str:
    found = sorted(site.findings_by_path.get(record.path, []), key=lambda f: (f.level != "error", f.line, f.rule))
    rows = [dict(rule=f.rule, level=f.level, field=f.field, message=Item(f.message), fix=Item(f.fix),
                 href=site.rule_href(uri, f.rule)) for f in found]
    if not rows:
        return "## 检查结果\n\n" + html("links.html.j2", items=[], empty="档案检查没有发现问题。")
    return "## 检查结果\n\n" + html("findings.html.j2", findings=rows)


def history(site: Site, record: Record) -> str:
    hist = site.ctx.history
    if hist is None:
        return "## 修改历史\n\n" + html("links.html.j2", items=[], empty="没有 git 历史（不在 git 仓库中构建）。")
    tz = site.settings.tz
    changes = [dict(when=c.when.astimezone(tz).strftime("%Y-%m-%d %H:%M"), author=c.author, subject=Item(c.subject),
                    commit=c.commit[:8], full=c.commit) for c in hist.of(record.path)]
    if not changes:
        return "## 修改历史\n\n" + html("links.html.j2", items=[], empty="这份记录还没有提交到 git。")
    return "## 修改历史\n\n" + html("history.html.j2", changes=changes)

