"""The public handbook (ARCHIVE_PUBLIC=1): the handbook, the rule catalogue, the record templates and the
glossary, with no client record, no client name and no confidential value.

The archive is still read, to know what must stay out: `secret_values` lists every client and brand name,
code and id, and every value of a confidential field or record; `handbook_markdown` turns the handbook's
links into the archive into plain text and gives the sample clients neutral names; `leaks` scans every file
of the finished site (pages, search index, sitemap, feeds, anything copied) and SEC-CONFIDENTIAL fails the
build on any hit. The scan is the guarantee; the renaming only makes the handbook pass it.
"""
from __future__ import annotations

import gzip
import json
import os
import posixpath
import re
from decimal import Decimal
from html import unescape
from pathlib import Path
from urllib.parse import unquote

from generators.archive.fields import Amount, Attachment, Bool, Date, Enum, Moment, Ref, Staff
from generators.archive.records import Archive
from generators.archive.schema import Schema
from generators.archive.findings import Finding
from generators.rules.registry import check_of, finding
from generators.site.built import Built

# Sections of the internal site only: no page of the public handbook lives or links there.
INTERNAL = ("archive/", "dashboards/", "calendar/")
# Parts of a confidential object (`contacts[0].title`) that are not secrets: a contact's job title and duties, our own company
# as party B.
GENERIC = {"title", "role", "party_b"}
# Not secrets in themselves: flags, dates, fixed choices, file names, references to other records, staff.
_SKIP = (Bool, Date, Enum, Moment, Attachment, Ref, Staff)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LETTERS = "甲乙丙丁戊己庚辛壬癸"


def confidential_path(schema: Schema, field_path: str) -> bool:
    """Whether a field (`contract.amount`, `contacts[0].phone`) lies in a confidential field."""
    fields = schema.fields
    for part in re.split(r"\.|\[\d*\]\.?", field_path):
        if not part:
            continue
        f = fields.get(part)
        if f is None:
            return False
        if f.confidential:
            return True
        fields = f.fields or (f.item.fields if f.item is not None else {})
    return False


def _names(archive: Archive) -> list[tuple[str, str]]:
    """(kind, value) of every client's and brand's name, short name, code and id, and each client's stem."""
    out = []
    for r in archive.records:
        if r.type == "client":
            out += [("client", str(r.data.get(k))) for k in ("name", "short_name", "code", "id") if r.data.get(k)]
            if stem(archive, r):
                out.append(("client", stem(archive, r)))
        elif r.type == "brand":
            out += [("brand", str(r.data.get(k))) for k in ("name", "id") if r.data.get(k)]
    return out


def stem(archive: Archive, client) -> str:
    """The part of a client's short name its brands share (华信 of 华信食品, 华信鲜酪, 华信脆谷): people write it
    alone ("华信那份海报"), so it is a client name too. Empty when shorter than 2 characters or not Chinese."""
    short = str(client.data.get("short_name") or "")
    brands = [str(b.data.get("name") or "") for b in archive.records if b.type == "brand" and b.client == client.data.get("id")]
    if not short or not brands:
        return ""
    common = os.path.commonprefix([short, *brands])
    return common if len(common) >= 2 and _CJK.search(common) else ""


def _worth(text: str) -> bool:
    """Long enough to be a real value: 2 characters with Chinese in them, else 3."""
    return len(text) >= (2 if _CJK.search(text) else 3)


def _amount_forms(value) -> set[str]:
    try:
        n = Decimal(str(value))
    except ArithmeticError:
        return set()
    if n < 10000:  # small sums are everywhere (page numbers, years); contract values are not small
        return set()
    forms = {f"{n:,.2f}", f"{n:.2f}"}
    if n == n.to_integral_value():
        forms |= {f"{int(n)}", f"{int(n):,}"}
    return forms


def secret_values(archive: Archive) -> set[str]:
    """Everything the public handbook must not carry: client and brand names, codes and ids; every value of
    a confidential field or record (contacts, contract numbers and amounts, a confidential record's text)."""
    staff = {p.name for p in archive.settings.staff}
    out = {v for _, v in _names(archive)}
    for r in archive.records:
        for where, f, value in _leaves(r):
            if not (r.confidential or confidential_path(r.schema, where)):
                continue
            if isinstance(f.type, Amount):
                out |= _amount_forms(value)
                continue
            if isinstance(f.type, _SKIP) or where == "type" or ("." in where and where.rsplit(".", 1)[-1] in GENERIC):
                continue
            out.add(str(value).strip())
        if r.confidential:
            out |= _sentences(r.body)
    return {v for v in out if _worth(v) and v not in staff and v != archive.settings.name}


_MARKUP = re.compile(r"^\s*(?:[-*+>]|\d+[.)]|#+)\s+|[*_`]")


def _sentences(body: str) -> set[str]:
    """A confidential record's lines as they read on a page (markers and emphasis removed), 6+ characters:
    shorter lines ("无。", "待定") are everyday words, not the record's content."""
    out = set()
    for line in body.splitlines():
        text = _MARKUP.sub("", line).strip()
        if len(text) >= 6 and not line.lstrip().startswith("#"):
            out.add(text)
    return out


def _leaves(record):
    from generators.archive.schema import walk
    return walk(record.schema.fields, record.data)


def aliases(archive: Archive) -> dict[str, str]:
    """Neutral names for the sample clients, their contacts and brands the handbook uses as examples:
    客户甲, 联系人甲1, 客户甲品牌1, KHA...

    The order follows the client ids, so a handbook page reads the same in every build."""
    out: dict[str, str] = {}
    clients = sorted((r for r in archive.records if r.type == "client"), key=lambda r: str(r.data.get("id", "")))
    for i, c in enumerate(clients):
        letter = _LETTERS[i % len(_LETTERS)] + (str(i // len(_LETTERS)) if i >= len(_LETTERS) else "")
        code = "KH" + chr(ord("A") + i % 26) + (str(i // 26) if i >= 26 else "")
        for key, alias in (("name", f"客户{letter}公司"), ("short_name", f"客户{letter}"), ("code", code),
                           ("id", f"client-{code.lower()}")):
            if c.data.get(key):
                out[str(c.data[key])] = alias
        if stem(archive, c):
            out[stem(archive, c)] = f"客户{letter}"
        for k, person in enumerate(c.data.get("contacts") or []):
            if isinstance(person, dict) and person.get("name"):
                out.setdefault(str(person["name"]), f"联系人{letter}{k + 1}")
        brands = sorted((r for r in archive.records if r.type == "brand" and r.client == c.data.get("id")),
                        key=lambda r: str(r.data.get("id", "")))
        for j, b in enumerate(brands):
            if b.data.get("name"):
                out[str(b.data["name"])] = f"客户{letter}品牌{j + 1}"
            if b.data.get("id"):
                out[str(b.data["id"])] = f"brand-{code.lower()}-{j + 1}"
    return out


def _pattern(values) -> re.Pattern | None:
    """One regex for many values, longest first; ASCII values only as whole words (HXF, not in HXFOO)."""
    parts = []
    for v in sorted(set(values), key=len, reverse=True):
        e = re.escape(v)
        parts.append(e if _CJK.search(v) or not v[:1].isalnum() else rf"(?<![A-Za-z0-9]){e}(?![A-Za-z0-9])")
    return re.compile("|".join(parts)) if parts else None


_MD_LINK = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
_HTML_LINK = re.compile(r"<a\b[^>]*\bhref=([\"'])([^\"']*)\1[^>]*>(.*?)</a>", re.S | re.I)


def internal_target(src_uri: str, target: str) -> bool:
    """Whether a link from the handbook page `src_uri` points into the internal part of the site."""
    if "://" in target or target.startswith(("mailto:", "tel:", "#")):
        return False
    path = unquote(target.split("#")[0].split("?")[0])
    if not path:
        return False
    full = posixpath.normpath(path.lstrip("/") if path.startswith("/") else posixpath.join(posixpath.dirname(src_uri), path))
    return full.startswith(INTERNAL) or full in ("archive", "dashboards", "calendar")


def handbook_markdown(markdown: str, src_uri: str, names: dict[str, str]) -> str:
    """A handbook page as the public handbook shows it: links into the archive, the dashboards and the
    calendars are plain text (their pages are not in this build), and sample clients carry neutral names."""
    def md(m):
        return m.group(2) if internal_target(src_uri, m.group(3)) else m.group(0)

    def tag(m):
        return m.group(3) if internal_target(src_uri, m.group(2)) else m.group(0)
    text = _HTML_LINK.sub(tag, _MD_LINK.sub(md, markdown))
    pattern = _pattern(names)
    return pattern.sub(lambda m: names[m.group(0)], text) if pattern else text


def public_nav(nav):
    """The nav without the internal sections (a section left empty disappears)."""
    out = []
    for item in nav or []:
        if isinstance(item, str):
            if not item.startswith(INTERNAL):
                out.append(item)
        elif isinstance(item, dict):
            kept = {}
            for title, value in item.items():
                if isinstance(value, list):
                    value = public_nav(value)
                    if value:
                        kept[title] = value
                elif not (isinstance(value, str) and value.startswith(INTERNAL)):
                    kept[title] = value
            if kept:
                out.append(kept)
    return out


def _texts(path: Path) -> list[str]:
    """The forms a file's text can hide a value in: raw, gunzipped, entity- and %-decoded, tags removed,
    JSON strings decoded (the search index escapes Chinese), zero-width spaces (jieba) removed."""
    data = path.read_bytes()
    if path.suffix == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError):
            pass
    raw = data.decode("utf-8", errors="replace")
    forms = [raw]
    if path.suffix in (".json", ".gz") or path.name.endswith(".json.gz"):
        try:
            forms.append(json.dumps(json.loads(raw), ensure_ascii=False))
        except ValueError:
            pass
    decoded = unescape(raw)
    forms += [decoded, unquote(raw), re.sub(r"<[^>]+>", "", decoded)]
    return [f.replace("\u200b", "") for f in forms]


def _found(values: list[str], text: str) -> set[str]:
    """The values in a text: a plain substring test first (fast), then the word check for ASCII ones."""
    hits = [v for v in values if v in text]
    pattern = _pattern(v for v in hits if not _CJK.search(v) and v[:1].isalnum())
    return {v for v in hits if _CJK.search(v) or not v[:1].isalnum()} | (set(pattern.findall(text)) if pattern else set())


def leaks(site_dir, values: set[str]) -> dict[str, list[str]]:
    """Every file of a built site that carries one of `values`, with the values found in it."""
    values = sorted(v for v in values if v)
    if not values:
        return {}
    site_dir = Path(site_dir)
    out: dict[str, list[str]] = {}
    for p in sorted(site_dir.rglob("*")):
        if not p.is_file():  # a symlink is read through: what it points at would be published
            continue
        found: set[str] = set()
        for text in set(_texts(p)):
            found |= _found(values, text)
        if found:
            out[p.relative_to(site_dir).as_posix()] = sorted(found)
    return out


@check_of("SEC-CONFIDENTIAL")
def check_public(built: Built) -> list[Finding]:
    """SEC-CONFIDENTIAL over every file of a built public handbook: no client name, contact, contract
    or confidential record's text in it."""
    if not built.public:
        return []
    return [finding(built.settings, "SEC-CONFIDENTIAL", path, 1, "",
                    f"公开手册的 {path} 含有客户资料或保密内容（{len(values)} 处，例如“{_hint(values[0])}”）。",
                    "公开手册不能出现客户名称、联系人、合同和保密记录的内容：把手册里的这些文字改成中性的说法。")
            for path, values in leaks(built.site_dir, built.secrets).items()]


def _hint(value: str) -> str:
    """A leaked value shown in a log without repeating it whole (logs are kept by CI)."""
    return value[:1] + "＊" * (len(value) - 1) if len(value) > 1 else "＊"
