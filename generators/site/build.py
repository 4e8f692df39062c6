"""One build's generated content: every page and attachment, from ONE check run, as plain data.

`hooks/site.py` hands these to MkDocs; nothing is written into content/ or clients/.
"""
from __future__ import annotations

import dataclasses
import os
import posixpath
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from generators.site import dashboards
from generators.rules.check import check_archive
from generators.archive.config import Settings
from generators.archive.findings import Finding
from generators.archive.uris import Page, generated_archive_pages, record_uri
from generators.rules.registry import finding, ordered
from generators.site import reach, ret_find  # noqa: F401  (their modules hold the build-stage rules' checks)
from generators.site.built import Built
from generators.site.crumbs import page_crumbs
from generators.site.model import Site
from generators.site.printing import stylesheet
from generators.site.public import aliases, secret_values
from generators.site.record_pages import RecordEntry, record_pages
from generators.site.registers import archive_home, registers
from generators.site.render import MARK_OPEN, Links, front_matter, stash, stashed_blocks, unstash, url_of
from generators.site.rule_pages import rule_pages
from generators.site.template_pages import template_pages


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
    contents: dict[str, bytes] = field(default_factory=dict)  # site URI -> sanitized bytes (SVG)
    aliases: dict[str, str] = field(default_factory=dict)  # public build: client name -> neutral name
    # generate(stashed=True): the HTML blocks the Markdown of these pages names by marker (render.stash),
    # put back in their HTML after MkDocs converted them (`unstash`), so Markdown never parses them
    blocks: list[str] = field(default_factory=list)
    stashed: set[str] = field(default_factory=set)

    def blocks_named(self, uri: str, markdown: str) -> str:
        """The HTML blocks page `uri`'s Markdown names by marker, as one text (part of its cache key)."""
        return stashed_blocks(markdown, self.blocks) if uri in self.stashed else ""

    def put_back(self, uri: str, html: str) -> str:
        """Page `uri`'s converted HTML with its blocks back in place (as it is for a page never stashed)."""
        return unstash(html, self.blocks) if uri in self.stashed else html

    @property
    def heads(self) -> dict[str, str]:
        """Page URI -> the CSS its <head> carries, for the pages MkDocs writes (record pages, written by
        record_site, carry their print header themselves)."""
        return {p.uri: p.head for p in self.pages if not isinstance(p, RecordEntry) and p.head}


def is_public() -> bool:
    """ARCHIVE_PUBLIC=1 makes the public handbook: no client record at all (see generators/site/public.py)."""
    return os.environ.get("ARCHIVE_PUBLIC", "").strip().lower() in ("1", "true", "yes")


def generate(root: Path, *, public: bool = False, docs_uris: set[str] = frozenset(), directory_urls: bool = True,
             as_of: date | None = None, use_git: bool = True, keep: bool = True, stashed: bool = False) -> Generated:
    """Every generated page of the site, and the attachments to copy. The public handbook gets the
    rule catalogue and the templates only; the archive is still read (and checked), to know what to keep out.
    With `keep` (the default) record pages and register rows whose inputs did not change are those of the last build.
    With `stashed`, the internal site's Markdown pages (record pages aside) name their HTML blocks by marker:
    `Generated.blocks` (what MkDocs gets, the registers being megabytes of HTML tables); else each page is whole."""
    archive, findings, ctx = check_archive(root, as_of, use_git)
    if public:  # never stashed: the public handbook's Markdown is rewritten whole (public.handbook_markdown)
        return _public(root, archive, findings, docs_uris, directory_urls)
    site = Site(archive, findings, ctx)

    def fixed_pages() -> list[Page]:
        fixed = dashboards.pages(ctx, findings) + _common(site.settings, docs_uris, directory_urls, site)
        targets = set(docs_uris) | {p.uri for p in fixed} | set(generated_archive_pages(root)) | set(site.attachments)
        targets |= {record_uri(r.path) for r in archive.records}
        site.links = Links(targets, directory_urls)
        return [page_crumbs(p, site.links) for p in fixed + [archive_home(site)] + registers(site, keep)]

    fixed, blocks, marked = _stash_pages(fixed_pages, stashed)
    pages = fixed + record_pages(site, keep)
    findings = findings + taken_addresses(site.settings, pages, docs_uris)
    sources = {p.uri: p.source for p in pages if p.source}
    records = {url_of(record_uri(r.path), directory_urls): r.path for r in archive.records}
    attachments = {uri: Path(os.path.abspath(root / path)) for uri, path in site.attachments.items()}
    return Generated(site.settings, pages, attachments, sources, records, findings, False, set(), archive,
                     contents=dict(site.contents), blocks=blocks, stashed=marked)


def _stash_pages(make, stashed: bool) -> tuple[list[Page], list[str], set[str]]:
    """`make()`'s pages, and with `stashed` the HTML blocks they name by marker and the pages that name one
    (only a Markdown page keeps its markers: every other file is written as it is)."""
    if not stashed:
        return make(), [], set()
    pages, blocks = stash(make)
    marked = set()
    for i, p in enumerate(pages):
        if MARK_OPEN not in p.content:
            continue
        if p.uri.endswith(".md"):
            marked.add(p.uri)
        else:
            pages[i] = dataclasses.replace(p, content=unstash(p.content, blocks))
    return pages, blocks, marked


def taken_addresses(settings: Settings, pages: list[Page], docs_uris) -> list[Finding]:
    """RET-ADDRESS for handbook files under content/ that a generated page would replace (the home page
    excepted: it is generated only when the handbook has none)."""
    
    taken = sorted({p.uri for p in pages if p.uri in docs_uris and p.uri != "index.md"})
    return [finding(settings, "RET-ADDRESS", f"content/{uri}", 1, "",
                    f"手册文件 content/{uri} 与网站生成的页面（档案、看板、规则目录或记录模板）地址相同，会被它覆盖。",
                    "给手册文件换一个名字或文件夹（并改好指向它的链接）。") for uri in taken]


def _common(settings: Settings, docs_uris, directory_urls: bool, site: Site | None = None) -> list[Page]:
    """Pages of both audiences: the rule catalogue, the record templates (with filled examples from
    `site`'s records on the internal site only), the stylesheet (and a home page)."""
    fixed = rule_pages(directory_urls, settings.root) + template_pages(directory_urls, site, settings.root)
    if "index.md" not in docs_uris:  # the handbook's home page is not written yet
        fixed.append(Page("index.md", front_matter(settings.name) + f"# {settings.name}\n\n"
                          "手册首页尚未编写。请从[规则目录](rules/index.md)开始。\n"))
    fixed.append(Page("assets/archive.css", stylesheet()))
    fixed += search_pages()
    return fixed


SEARCH_SCRIPT = Path(__file__).parent / "templates" / "archive-search.js"


def search_pages() -> list[Page]:
    """The search box's script and the search page (`search/?q=`); its index is written after the build
    (`searchdocs.write_site_index`)."""
    page = (front_matter("搜索") + "# 搜索\n\n"
            '<div id="archive-search-page"><noscript>搜索需要浏览器启用 JavaScript。</noscript></div>\n')
    return [Page("assets/archive-search.js", SEARCH_SCRIPT.read_text(encoding="utf-8")), Page("search.md", page)]


def _public(root: Path, archive, findings, docs_uris, directory_urls: bool) -> Generated:
    pages = _common(archive.settings, docs_uris, directory_urls)
    findings = findings + taken_addresses(archive.settings, pages, docs_uris)
    return Generated(archive.settings, pages, {}, {}, {}, findings, True, secret_values(archive), archive,
                     aliases=aliases(archive))


# The MkDocs command running in this process ("build", "serve", "gh-deploy"). Kept here because MkDocs
# reloads the hook file on every rebuild under `serve`, while this module stays imported.
running = {"command": "build"}


def pages_written(gen: Generated) -> None:
    """The record pages are in the site: the build lets go of them and of the site model behind them, and a
    `mkdocs build` (one build per process) also of the kept page summaries `mkdocs serve` reuses, so that
    the search index, written next, is not built on top of them (peak memory at 30,000 records)."""
    gen.pages = [p for p in gen.pages if not isinstance(p, RecordEntry)]
    if running["command"] != "serve":
        from generators.site import fragment_memo, page_memo, render
        page_memo.forget()
        fragment_memo.forget()
        render.forget()


def pages_rendered(gen: Generated) -> None:
    """MkDocs has rendered every page: the HTML blocks put back into them go, and under `mkdocs build` also
    the rendered pages kept in memory for `mkdocs serve`, before the search index is built on top of them
    (peak memory at 30,000 records)."""
    gen.blocks = []
    if running["command"] != "serve":
        from generators.site import md_cache
        md_cache.forget()


def archive_errors(gen: Generated, limit: int = 30) -> list[str]:
    """The archive's error-level findings as log lines (the hook logs them as warnings: `--strict` fails)."""
    errors = sorted((f for f in gen.findings if f.level == "error"), key=Finding.sort_key)
    lines = [f"{f.rule} {f.path}:{f.line} {f.field or '-'}: {f.message} {f.fix} 规则说明：{f.link}".replace("\n", " ")
             for f in errors[:limit]]
    if len(errors) > limit:
        lines.append(f"……另有 {len(errors) - limit} 个错误；运行 `make check` 看全部。")
    if errors:
        lines.append(f"档案有 {len(errors)} 个错误：网站不能发布（mkdocs build --strict 失败）。先运行 `make check` 并按提示改正。")
    return lines


def write_search(gen: Generated, pages: list, site_dir: Path, root: Path):
    """The search index of the build into site/search/: the collected pages, and the records (none in the
    public handbook); records' documents and the last index kept in build/search-cache/, the finished files in
    build/search-site/ (`searchcache`, `searchfiles`: a one-record change costs about one record). Returns the
    in-memory index."""
    from generators.site.searchdocs import write_site_index
    return write_site_index(gen.archive, {} if gen.public else gen.records, pages, site_dir,
                            Path(root) / "build" / "search-cache")


# The build-stage rules that read the search files: a `mkdocs build` runs them beside the writing of the
# record pages (hooks/site.py, generators/site/forked.py), the others (which read the pages) after it.
SEARCH_RULES = frozenset({"RET-FIND"})


def after_build(gen: Generated, site_dir: Path, find: bool = True, search=None, part: str | None = None) -> list[Finding]:
    """The build-stage checks over the finished site: RET-INDEX and RET-FIND (unless `find` is false) on
    the internal site; SEC-CONFIDENTIAL over every file of the public handbook. `search`: the build's
    in-memory search index (RET-FIND reads the written one when it is not given). `part`: "search" for the
    SEARCH_RULES only, "site" for the others, None for all."""
    built = Built(gen.settings, Path(site_dir), gen.records, public=gen.public, archive=gen.archive,
                  secrets=gen.secrets, find=find, search=search)
    out: list[Finding] = []
    for rule in ordered():  # every build-stage rule, through the one registry
        if rule.stage != "build":
            continue
        if part is not None and (rule.id in SEARCH_RULES) != (part == "search"):
            continue
        out.extend(rule.check(built))
    return out


def refused_handbook_files(root: Path, docs_dir: str, entries, public: bool) -> tuple[set[str], list[str]]:
    """The handbook files MkDocs collected that must not be copied (SEC-HANDBOOK: links, and in the public
    build the types the confidentiality scan cannot read): their URIs, and one log line for each type refusal
    (links are reported by `check`'s SEC-HANDBOOK finding already, logged with the archive's errors).
    `entries` are (src_uri, abs_src_path) pairs."""
    from generators.archive.handbook import refused
    from generators.archive.config import load_settings
    settings = None
    uris, lines = set(), []
    for uri, abs_path in entries:
        rel = Path(os.path.relpath(abs_path, root)).as_posix() if abs_path else uri
        problem = refused(abs_path, rel, docs_dir, public) if abs_path else None
        if problem is None:
            continue
        uris.add(uri)
        if problem.kind == "type":
            settings = settings or load_settings(root)
            lines.append(f"SEC-HANDBOOK {rel}: {problem.message} {problem.fix} 规则说明：{settings.rule_url('SEC-HANDBOOK')}")
    return uris, lines


def handbook_svgs(root: Path, entries) -> tuple[dict[str, bytes], set[str], list[str]]:
    """The handbook's SVG images as the site serves them: sanitized like SVG attachments (an SVG can carry
    script); one that cannot be made safe is left out with a SEC-HANDBOOK log line. Returns the cleaned
    bytes by URI, the URIs left out and the lines. `entries` are (src_uri, abs_src_path) pairs."""
    from generators.archive import svg
    from generators.archive.config import load_settings
    contents, dropped, lines = {}, set(), []
    for uri, abs_path in entries:
        if not abs_path or not uri.lower().endswith(".svg"):
            continue
        try:
            contents[uri] = svg.clean(Path(abs_path).read_bytes())[0]
        except (svg.SvgError, OSError) as exc:
            dropped.add(uri)
            rel = Path(os.path.relpath(abs_path, root)).as_posix()
            lines.append(f"SEC-HANDBOOK {rel}: 手册里的 SVG 图片无法安全发布（{exc}），网站不会发布它。"
                         f"在设计软件里重新导出为普通 SVG，或导出为 PNG。规则说明：{load_settings(root).rule_url('SEC-HANDBOOK')}")
    return contents, dropped, lines


def watched(root: Path) -> list[Path]:
    """What `mkdocs serve` watches besides the handbook: the archive, the generators and the settings
    (those that exist: a missing one is reported by the build, not by the file watcher)."""
    return [p for p in (root / "clients", root / "generators", root / "archive.toml") if p.exists()]


def web_config(root: Path, docs_dir: str) -> dict[str, str]:
    """MkDocs' site_url, repo_url and edit_uri from the one setting (generators/archive/config.py `web_address`).
    The setting's edit path is relative to the repository; MkDocs' points into docs_dir."""
    from generators.archive.config import load_settings
    s = load_settings(root)
    edit = s.edit_uri.strip("/")
    docs = posixpath.basename(str(docs_dir).rstrip("/"))
    return {"site_url": s.site_url, "repo_url": s.repo_url,
            "edit_uri": f"{edit}/{docs}/" if edit else f"{docs}/"}


def edit_url(repo_url: str | None, edit_uri: str | None, docs_dir: str, source: str) -> str | None:
    """The edit link of a project file, from MkDocs' repo_url and edit_uri (which point into docs_dir)."""
    if not repo_url or edit_uri is None:
        return None
    base = edit_uri.rstrip("/")
    name = posixpath.basename(docs_dir.rstrip("/"))
    if base.endswith("/" + name) or base == name:
        base = base[: -len(name)].rstrip("/")
    return repo_url.rstrip("/") + "/" + (base + "/" if base else "") + source
