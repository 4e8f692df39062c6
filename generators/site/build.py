"""One build's generated content: every page and attachment, from ONE check run, as plain data.

`hooks/site.py` hands these to MkDocs; nothing is written into content/ or clients/.
"""
from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .. import dashboards
from ..check import check_archive
from ..config import Settings
from ..findings import Finding
from ..pages import ARCHIVE, Page, record_uri
from ..rules.registry import REGISTRY
from .find import check_built
from . import reach  # noqa: F401  (attaches RET-INDEX's build check to the registry)
from .crumbs import page_crumbs
from .model import Site
from .printing import stylesheet
from .public import leaks, public_view, secret_values, written_in_public
from .record_pages import record_pages
from .registers import archive_home, registers
from .render import Links, front_matter, url_of
from .rule_pages import rule_pages
from .template_pages import template_pages


@dataclass
class Generated:
    settings: Settings
    pages: list[Page]
    attachments: dict[str, Path]  # site URI -> absolute path of the file to copy
    sources: dict[str, str]  # page URI -> project path of the record it shows (edit link)
    records: dict[str, str]  # site URL of a record page -> record path (RET-INDEX)
    findings: list[Finding]
    public: bool = False
    secrets: set[str] = field(default_factory=set)
    archive: object = None  # the records shown (RET-FIND reads them instead of the files again)


def is_public() -> bool:
    """ARCHIVE_PUBLIC=1 makes a public build: confidential records and fields are left out."""
    return os.environ.get("ARCHIVE_PUBLIC", "").strip() in ("1", "true", "yes")


def generate(root: Path, *, public: bool = False, docs_uris: set[str] = frozenset(), directory_urls: bool = True,
             as_of: date | None = None, use_git: bool = True) -> Generated:
    """Every generated page of the site, and the attachments to copy."""
    archive, findings, ctx = check_archive(root, as_of, use_git)
    secrets, hidden = set(), set()
    if public:
        secrets = secret_values(archive)
        archive, findings, ctx, hidden = public_view(archive, findings, ctx)
    site = Site(archive, findings, ctx, public, hidden)
    if public:
        secrets -= written_in_public(secrets, _public_texts(site, root))
    fixed = dashboards.pages(ctx, findings) + rule_pages(directory_urls) + template_pages(directory_urls, site)
    if "index.md" not in docs_uris:  # the handbook's home page is not written yet
        fixed.append(Page("index.md", front_matter(settings_name(site)) + f"# {settings_name(site)}\n\n"
                          "手册首页尚未编写。请从[档案](archive/index.md)、[看板](dashboards/index.md)和"
                          "[规则目录](rules/index.md)开始。\n"))
    fixed.append(Page("assets/archive.css", stylesheet()))
    names = ["index.md", "jobs.md", "meetings.md", "weekly.md", "budgets.md", "competitive.md", "research.md", "issues.md"]
    targets = set(docs_uris) | {p.uri for p in fixed} | {f"{ARCHIVE}/{n}" for n in names} | set(site.attachments)
    targets |= {record_uri(r.path) for r in archive.records}
    site.links = Links(targets, directory_urls)
    pages = [page_crumbs(p, site.links) for p in fixed + [archive_home(site)] + registers(site)] + record_pages(site)
    sources = {p.uri: p.source for p in pages if p.source}
    records = {url_of(record_uri(r.path), directory_urls): r.path for r in archive.records}
    attachments = {uri: (root / path).resolve() for uri, path in site.attachments.items()}
    return Generated(site.settings, pages, attachments, sources, records, findings, public, secrets, archive)


def _public_texts(site: Site, root: Path):
    """What people wrote into the public build: record bodies and the text of copied files."""
    for r in site.archive.records:
        yield r.body
    for path in site.attachments.values():
        file = root / path
        if file.suffix.lower() in (".txt", ".csv", ".md", ".svg", ".xml") and file.stat().st_size < 2_000_000:
            yield file.read_text(encoding="utf-8", errors="replace")


def settings_name(site: Site) -> str:
    return site.settings.name


# The MkDocs command running in this process ("build", "serve", "gh-deploy"). Kept here because MkDocs
# reloads the hook file on every rebuild under `serve`, while this module stays imported.
running = {"command": "build"}


def after_build(gen: Generated, site_dir: Path, find: bool = True) -> list[Finding]:
    """The build-stage checks over the finished site: RET-INDEX, RET-FIND (unless `find` is false),
    and SEC-CONFIDENTIAL in a public build."""
    rule = REGISTRY["RET-INDEX"]
    out = list(rule.check(reach.Built(gen.settings, Path(site_dir), gen.records)))
    if gen.public:
        from ..records import finding
        for path, values in leaks(site_dir, gen.secrets).items():
            out.append(finding(gen.settings, "SEC-CONFIDENTIAL", path, 1, "",
                               f"公开网站的 {path} 含有保密内容：{len(values)} 处保密字段的值。"))
    if find:
        out.extend(check_built(gen, Path(site_dir)))
    return out


def edit_url(repo_url: str | None, edit_uri: str | None, docs_dir: str, source: str) -> str | None:
    """The edit link of a project file, from MkDocs' repo_url and edit_uri (which point into docs_dir)."""
    if not repo_url or edit_uri is None:
        return None
    base = edit_uri.rstrip("/")
    name = posixpath.basename(docs_dir.rstrip("/"))
    if base.endswith("/" + name) or base == name:
        base = base[: -len(name)].rstrip("/")
    return repo_url.rstrip("/") + "/" + (base + "/" if base else "") + source
