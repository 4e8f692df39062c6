"""What the search index holds: one SearchDoc per handbook page (from its sanitized HTML) and per record
(from the record itself, never from its page, so it holds exactly what the record page may show).

Fail closed: a field its schema marks confidential (or that lies in one, `public.confidential_path`) is
never indexed, and a confidential record (`confidential: true`, sealed, or of a confidential client) is
found only by its id, title and names: no body text, no field values, no excerpt.
"""
from __future__ import annotations

from html.parser import HTMLParser

from generators.archive import naming
from generators.archive.fields import Attachment, Enum, Ref, Staff
from generators.archive.records import Archive, Record
from generators.archive.schema import walk
from generators.site.public import confidential_path
from generators.site.render import strip_title
from generators.site.searchindex import SearchDoc, excerpt, safe_url

# Kinds of the pages that are not records, by the start of their URL (the first match wins).
PAGE_KINDS = [("archive/", "register", "登记表"), ("dashboards/", "dashboard", "看板"), ("rules/", "rule", "规则目录"),
              ("documents/templates/", "template", "记录模板"), ("", "handbook", "手册")]
PAGE_TYPES = {key: label for _, key, label in PAGE_KINDS}
_SKIP = {"script", "style", "template", "svg", "nav"}
_BLOCK = {"p", "div", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "br", "dt", "dd", "table",
          "section", "article", "pre", "blockquote", "ul", "ol", "details", "summary", "figcaption"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Text(HTMLParser):
    """The readable text of a page's HTML; generated tables marked `data-search-exclude` and
    permalink anchors left out, block elements separated by a newline."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[bool] = []  # per open element: skipped
        self.h1: list[str] | None = None  # the first heading's text, while and after it is read
        self._in_h1 = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        skip = tag in _SKIP or "data-search-exclude" in a or "headerlink" in (a.get("class") or "")
        if tag in _BLOCK:
            self.parts.append("\n")
        if tag not in _VOID:
            self.stack.append(skip or (bool(self.stack) and self.stack[-1]))
        if tag == "h1" and self.h1 is None:
            self.h1, self._in_h1 = [], True

    def handle_endtag(self, tag):
        if tag not in _VOID and self.stack:
            self.stack.pop()
        if tag == "h1":
            self._in_h1 = False
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)
            if self._in_h1:
                self.h1.append(data)


def html_text(html: str) -> tuple[str, str]:
    """The text of an HTML fragment (html.parser, not regular expressions), and its first heading's."""
    p = _Text()
    p.feed(html or "")
    p.close()
    return "".join(p.parts), " ".join("".join(p.h1 or []).split())


def page_doc(url: str, title: str, html: str) -> SearchDoc | None:
    """A handbook (or other MkDocs-rendered) page as a search document."""
    if not safe_url(url):
        return None
    _, key, label = next(k for k in PAGE_KINDS if url.startswith(k[0]))
    text, heading = html_text(html)
    title = heading or title  # the page's own heading: MkDocs names some generated pages by their file
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    if lines and lines[0] == title:
        lines = lines[1:]
    return SearchDoc(url=url, title=title or url, kind=label, type_key=key,
                     fields={"title": title or "", "body": "\n".join(lines)}, excerpt=excerpt(" ".join(lines)))


def _value(record: Record, archive: Archive, f, value) -> str:
    kind = f.type
    if isinstance(kind, Enum):
        return str(kind.values.get(value, naming.show(value)))
    if isinstance(kind, Ref):
        target = _resolve(archive, kind.spec.get("to"), record, value)
        return naming.title(target, archive) if target is not None else naming.show(value)
    if isinstance(value, (dict, list)):
        return ""
    return naming.show(value)


def _resolve(archive: Archive, to, record: Record, value):
    return naming.resolve(archive, record, to, value) if isinstance(to, str) else None


def client_name(archive: Archive, client_id: str | None) -> str:
    c = archive.get("client", client_id) if client_id else None
    if c is None:
        return ""
    return str(c.data.get("short_name") or c.data.get("name") or client_id)


def plain_markdown(text: str) -> str:
    """Markdown as the words a reader sees: HTML comments, markup characters and link targets removed."""
    import re
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r"^\s*(\|?\s*:?-{3,}:?\s*)+\|?\s*$", " ", text, flags=re.M)  # table rules, horizontal rules
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+\[[ xX]\]\s+|[-*+]\s+|\d+[.)]\s+)", "", text, flags=re.M)
    text = re.sub(r"[*_`~|]+", " ", text)
    return text


def record_doc(record: Record, archive: Archive, url: str) -> SearchDoc | None:
    """A record as a search document: id, title, names (client, brand, people), the panel's values and the body."""
    if not safe_url(url):
        return None
    schema = record.schema
    title = naming.title(record, archive)
    client = client_name(archive, record.client)
    day = record.date.isoformat() if record.date else ""
    # the key's parts (`huaxin-foods/2026-W47`: the client and the period) each as an identifier
    ident = " ".join(record.key.split("/")) if record.key != record.path else ""
    names, values = [client] if client and record.type != "client" else [], []
    for name in schema.search_names:
        v = record.data.get(name)
        if isinstance(v, str) and not (schema.fields.get(name) and schema.fields[name].confidential):
            names.append(v)
    hidden = record.confidential
    for where, f, value in walk(schema.fields, record.data):
        if where == "type" or f.confidential or confidential_path(schema, where):
            continue
        text = _value(record, archive, f, value)
        if not text:
            continue
        if isinstance(f.type, Staff) or (isinstance(f.type, Ref) and f.type.spec.get("to") == "brand"):
            names.append(text)
        elif not hidden and not isinstance(f.type, Attachment):
            values.append(text)
    body = "" if hidden else plain_markdown(strip_title(record.body))
    shown = "" if hidden else excerpt(" · ".join([" ".join(body.split())] if body.strip() else values))
    return SearchDoc(url=url, title=title, kind=schema.label, client=client, date=day, type_key=record.type,
                     client_id=str(record.client or ""), year=day[:4],
                     fields={"id": ident, "title": title, "names": " ".join(dict.fromkeys(names)),
                             "body": "\n".join(values + [body])},
                     excerpt=shown, boost=float(schema.search_boost or 1))


def record_docs(archive: Archive, urls: dict[str, str], cache=None) -> list[SearchDoc]:
    """Every shown record's document; `urls` is the build's page URL -> record path. `cache`: a
    `searchcache.DocCache` giving the documents of unchanged records."""
    by_path = {r.path: r for r in archive.records}
    out = []
    make = cache.doc if cache is not None else (lambda r, url: record_doc(r, archive, url))
    for url, path in urls.items():
        r = by_path.get(path)
        d = make(r, url) if r is not None else None
        if d is not None:
            out.append(d)
    return out


def type_labels(archive: Archive) -> dict[str, str]:
    """Filter labels: every record type's Chinese label, then the page kinds."""
    out: dict[str, str] = {}
    for r in archive.records:
        out.setdefault(r.type, r.schema.label)
    return {**out, **PAGE_TYPES}


def client_labels(archive: Archive) -> dict[str, str]:
    return {str(r.data.get("id")): client_name(archive, r.data.get("id")) for r in archive.of_type("client")
            if r.data.get("id")}


def write_site_index(archive: Archive | None, record_urls: dict[str, str], pages: list[SearchDoc],
                     site_dir, cache_dir):
    """The build's search index, handbook pages first, then records newest first, written into
    `site_dir`/search/; returns the in-memory index (RET-FIND asks it)."""
    from pathlib import Path

    from generators.site import searchcache, searchfiles, searchindex
    cache = Path(cache_dir) if cache_dir else None
    records = []
    if archive is not None and record_urls:
        docs_cache = searchcache.DocCache(cache, archive, record_doc)
        records = record_docs(archive, record_urls, docs_cache)
        docs_cache.save()
    docs = searchindex.order_docs(pages, records)
    types = type_labels(archive) if archive is not None else dict(PAGE_TYPES)
    clients = client_labels(archive) if archive is not None and records else {}
    if cache is None:
        index = searchindex.build_index(docs)
        searchindex.write(index, Path(site_dir) / "search", types, clients)
        return index
    # the finished files are kept beside the cache (MkDocs empties site/ on every build)
    return searchfiles.write_index(docs, cache.parent / "search-site", cache, Path(site_dir) / "search", types, clients)
