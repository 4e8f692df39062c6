"""SEC-CONFIDENTIAL: the public view of the archive (ARCHIVE_PUBLIC=1) leaves out confidential records,
confidential fields, the files they name and the findings about them."""
from __future__ import annotations

import posixpath
import re
from dataclasses import replace

from ..context import Context
from ..fields import Attachment
from ..findings import Finding
from ..records import Archive, Record
from ..schema import Field, Schema, walk


def strip(fields: dict[str, Field], data: dict) -> dict:
    """Typed data without any field a schema marks confidential, at any depth."""
    out = {}
    for name, value in data.items():
        f = fields.get(name)
        if f is None:
            out[name] = value
        elif f.confidential:
            continue
        elif f.fields and isinstance(value, dict):
            out[name] = strip(f.fields, value)
        elif f.item is not None and f.item.fields and isinstance(value, list):
            out[name] = [strip(f.item.fields, v) if isinstance(v, dict) else v for v in value]
        else:
            out[name] = value
    return out


def confidential_path(schema: Schema, field_path: str) -> bool:
    """Whether a finding's field (`contract.amount`, `contacts[0].phone`) lies in a confidential field."""
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


def secret_files(archive: Archive) -> set[str]:
    """Files named by confidential fields or by confidential records."""
    out = set()
    for r in archive.records:
        public = strip(r.schema.fields, r.data) if not r.confidential else {}
        shown = {(w, str(v)) for w, f, v in walk(r.schema.fields, public) if isinstance(f.type, Attachment)}
        for where, f, value in walk(r.schema.fields, r.data):
            if isinstance(f.type, Attachment) and (where, str(value)) not in shown:
                out.add(posixpath.normpath(posixpath.join(r.folder, str(value))))
    return out


def public_view(archive: Archive, findings: list[Finding], ctx: Context) -> tuple[Archive, list[Finding], Context, set[str]]:
    """The archive as a public build may show it, with a check context over the same (one) history."""
    secret = secret_files(archive)
    out = Archive(archive.settings, findings=[], files=set(archive.files) - secret)
    hidden: set[str] = set()
    by_path: dict[str, Record] = {}
    for r in archive.records:
        if r.confidential:
            hidden.add(r.path)
            continue
        copy = replace(r, data=strip(r.schema.fields, r.data))
        out.add(copy)
        by_path[r.path] = copy
    kept = [f for f in findings if f.path not in hidden
            and not (f.path in by_path and f.field and confidential_path(by_path[f.path].schema, f.field))]
    keep = set(kept)
    out.findings = [f for f in archive.findings if f in keep]
    public_ctx = Context(out, ctx.as_of, use_git=ctx.use_git, _history=ctx.history)
    return out, kept, public_ctx, secret


def secret_values(archive: Archive) -> set[str]:
    """Text (4+ characters) of confidential fields and records that no public field also carries."""
    from ..fields import Amount, Bool, Date, Enum, Moment
    skip = (Amount, Bool, Date, Enum, Moment, Attachment)
    secret, public = set(), set()
    for r in archive.records:
        shown = strip(r.schema.fields, r.data) if not r.confidential else {}
        visible = {(w, str(v)) for w, f, v in walk(r.schema.fields, shown)}
        for where, f, value in walk(r.schema.fields, r.data):
            text = str(value).strip()
            if isinstance(f.type, skip) or len(text) < 4:
                continue
            (public if (where, str(value)) in visible else secret).add(text)
        if r.confidential and len(r.body.strip()) >= 4:
            secret |= {line.strip() for line in r.body.splitlines() if len(line.strip()) >= 8 and not line.startswith("#")}
    return secret - public


def _pattern(values: set[str]) -> re.Pattern | None:
    return re.compile("|".join(re.escape(v) for v in sorted(values, key=len, reverse=True))) if values else None


def written_in_public(values: set[str], texts) -> set[str]:
    """The values people also wrote into public text (a body, an attachment): not ours to hide."""
    pattern = _pattern(values)
    found: set[str] = set()
    if pattern is None:
        return found
    for text in texts:
        found |= set(pattern.findall(text))
    return found


GENERATED = ("archive/", "dashboards/", "calendar/")


def leaks(site_dir, values: set[str], prefixes: tuple[str, ...] = GENERATED) -> dict[str, list[str]]:
    """Generated files of a built site (pages, copied files, their search-index entries) carrying secret values."""
    import json
    from html import escape
    from pathlib import Path
    if not values:
        return {}
    forms: dict[str, str] = {}
    for v in values:
        for form in {v, escape(v, quote=False), escape(v)}:
            forms[form] = v
    pattern = _pattern(set(forms))
    site_dir = Path(site_dir)
    out: dict[str, list[str]] = {}
    for prefix in prefixes:
        for p in sorted((site_dir / prefix).rglob("*")) if (site_dir / prefix).is_dir() else []:
            if p.is_file() and p.suffix in (".html", ".json", ".txt", ".csv", ".md", ".xml", ".ics", ".svg"):
                found = {forms[m] for m in pattern.findall(p.read_text(encoding="utf-8", errors="replace"))}
                if found:
                    out[p.relative_to(site_dir).as_posix()] = sorted(found)
    index = site_dir / "search" / "search_index.json"
    if index.is_file():
        for doc in json.loads(index.read_text(encoding="utf-8")).get("docs", []):
            if doc.get("location", "").startswith(prefixes):
                text = (doc.get("title", "") + " " + doc.get("text", "")).replace("\u200b", "")
                found = {forms[m] for m in pattern.findall(text)}
                if found:
                    out.setdefault("search/search_index.json", [])
                    out["search/search_index.json"] = sorted(set(out["search/search_index.json"]) | found)
    return out
