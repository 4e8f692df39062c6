"""MkDocs hooks: adapt MkDocs events to generators.site (all logic lives there)."""
from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

from generators.archive import buildcache
from generators.archive.config import SettingsError
from generators.archive.schema import SchemaError
from generators.site import (background, build, failsafe, forked, md_cache, printing, public, quiet, record_site, render,
                             ret_find, sanitize, searchdocs, site_keep, template_cache, watching)

log = logging.getLogger("mkdocs.hooks.archive")
_build: dict = {}


def on_startup(command, dirty):
    """Remember the command: `mkdocs serve` rebuilds on every save, and RET-FIND (tens of seconds on a
    10,000-record archive) is left to `mkdocs build`, which CI runs on every push."""
    build.running["command"] = command
    quiet.quiet_libraries()


def on_config(config):
    """Addresses from archive.toml (or ARCHIVE_SITE_URL / ARCHIVE_REPO_URL / ARCHIVE_EDIT_URI); the public
    handbook (ARCHIVE_PUBLIC=1) has no archive or dashboard section in its nav."""
    root = Path(config.config_file_path).parent
    web = _guarded(root, lambda: build.web_config(root, config.docs_dir))
    if build.running["command"] != "serve":  # `mkdocs serve` serves at its own address
        config.site_url = web["site_url"]
    config.repo_url, config.edit_uri = web["repo_url"] or None, web["edit_uri"]
    if build.is_public():
        config.nav = public.public_nav(config.nav)
    return config


def on_pre_build(config):
    """The internal site's record pages are kept aside before MkDocs empties the site directory, and put
    back when they are written (`generators/site/site_keep.py`): a one-record change moves one folder
    instead of deleting and re-making ten thousand. The public handbook keeps nothing. Under `serve`, the
    last rebuild's search files are finished first (`background`)."""
    background.wait()
    buildcache.release_writes()  # a rebuild that failed before writing them
    if build.running["command"] == "serve" and build.running.get("served"):
        buildcache.hold_writes()  # a rebuild's caches are written after it is shown (in `background`)
    _build["site_dir"] = Path(config.site_dir)
    _build["kept"] = not build.is_public() and site_keep.stash(Path(config.site_dir))
    if not _build["kept"]:
        site_keep.discard(Path(config.site_dir))


def on_files(files, config):
    """Add every generated page and attachment as a virtual file (nothing is written to content/ or clients/)."""
    root = Path(config.config_file_path).parent
    nav_uris = _nav_uris(config.nav)
    is_public = build.is_public()
    if is_public:  # nothing of the internal sections, even if someone put a file there
        for f in [f for f in files if f.src_uri.startswith(public.INTERNAL)]:
            files.remove(f)
    # SEC-HANDBOOK: no symbolic link (MkDocs follows them), and in the public build no file the scan cannot read
    drop, problems = _guarded(root, lambda: build.refused_handbook_files(
        root, config.docs_dir, [(f.src_uri, f.abs_src_path) for f in files], is_public))
    for f in [f for f in files if f.src_uri in drop]:
        files.remove(f)
    svgs, unsafe, svg_problems = _guarded(root, lambda: build.handbook_svgs(
        root, [(f.src_uri, f.abs_src_path) for f in files if f.generated_by is None]))
    for f in [f for f in files if f.src_uri in svgs or f.src_uri in unsafe]:
        files.remove(f)
        if f.src_uri in svgs:
            files.append(File.generated(config, f.src_uri, content=svgs[f.src_uri], inclusion=f.inclusion))
    for line in problems + svg_problems:
        log.warning(line)
    gen = _guarded(root, lambda: build.generate(root, public=is_public, docs_uris={f.src_uri for f in files},
                                                directory_urls=config.use_directory_urls, stashed=True))
    written = {p.uri for p in record_site.record_pages(gen.pages)}
    for page in gen.pages:
        if page.uri in files.src_uris:  # a posix URI: the mapping, not get_file_from_path's PurePath per page
            files.remove(files.src_uris[page.uri])
        if page.uri in written:
            files.append(_record_target(config, page.uri))
            continue
        inclusion = InclusionLevel.UNDEFINED if page.uri in nav_uris else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, page.uri, content=page.content, inclusion=inclusion))
    for uri, path in gen.attachments.items():
        source = {"content": gen.contents[uri]} if uri in gen.contents else {"abs_src_path": str(path)}
        files.append(_Copied.generated(config, uri, inclusion=InclusionLevel.NOT_IN_NAV, **source))
    _build["gen"] = gen
    _build["heads"] = gen.heads
    _build["search_pages"] = []
    _build["mdcache"] = md_cache.RenderCache(root, "public" if is_public else "internal",
                                             salt=Path(__file__).read_text(encoding="utf-8"))
    for line in build.archive_errors(gen):  # a warning: `mkdocs build --strict` (CI) fails on archive errors
        log.warning(line)
    return files


def _guarded(root: Path, make):
    """`make()`, with a broken archive.toml or a bug of ours stopping MkDocs with one Chinese message
    (a PluginError: MkDocs prints it without a traceback)."""
    try:
        return make()
    except SchemaError as exc:
        raise PluginError(f"记录类型定义有错，网站没有构建：{exc}")
    except SettingsError as exc:
        raise PluginError(f"设置文件有错，网站没有构建。\n{exc.text()}")
    except Exception as exc:
        if os.environ.get("ARCHIVE_DEBUG"):
            raise
        raise PluginError(failsafe.internal_error(root, exc))


class _Copied(File):
    """An attachment copied into the site; one deleted or moved while the site builds is named, not a traceback."""

    def copy_file(self, dirty: bool = False) -> None:
        try:
            super().copy_file(dirty)
        except FileNotFoundError:
            log.warning(failsafe.vanished_attachment(self.abs_src_path, self.dest_uri))


class _RecordTarget(File):
    """A record page in MkDocs' file list only as a link target (handbook links to records are checked and
    rewritten as before); the page itself is written by `_write_record_pages`, not by MkDocs."""

    def is_documentation_page(self) -> bool:
        return False

    def copy_file(self, dirty: bool = False) -> None:
        pass


def _record_target(config, uri: str) -> File:
    target = _RecordTarget.generated(config, uri, content="", inclusion=InclusionLevel.NOT_IN_NAV)
    target.dest_uri = render.dest_of(uri, config.use_directory_urls)  # where MkDocs would have written the page
    return target


def on_nav(nav, config, files):
    """The navigation, for the record pages' shell (the theme renders it once per page shape)."""
    _build["nav"] = nav
    return nav


def on_env(env, config, files):
    """Record pages are written now: the site directory is clean and the theme's environment final, and
    the search plugin (which writes its index in on_post_build, before any hook) still takes entries."""
    template_cache.attach(env, Path(config.config_file_path).parent)
    gen = _build.get("gen")
    writes = gen is not None and _build.get("nav") is not None and bool(record_site.record_pages(gen.pages))
    kept = _build.pop("kept", False) and writes and site_keep.restore(Path(config.site_dir))
    site_keep.discard(Path(config.site_dir))  # not put back: nothing of the last build stays
    if writes:
        root = Path(config.config_file_path).parent
        if build.running["command"] == "build":  # the search files and RET-FIND, made on the other core meanwhile
            pages = _build.get("search_pages", [])
            _build["job"] = forked.start(lambda: _search_and_find(config, gen, pages),
                                         lambda exc: failsafe.internal_error(root, exc))
        _guarded(root, lambda: _write_record_pages(gen, config, _build["nav"], files, env, root, kept))
        build.pages_written(gen)
    return env


def _search_and_find(config, gen, pages: list) -> None:
    """In the forked copy (generators/site/forked.py): the search files, then RET-FIND over them."""
    build.pages_written(gen)  # the copy writes no record page: their summaries go before the index is built
    build.pages_rendered(gen)
    _finish(config, gen, True, pages, part="search")


def _write_record_pages(gen, config, nav, files, env, root: Path, kept: bool = False) -> None:
    from generators.site.theme_shell import Shells
    pages = record_site.record_pages(gen.pages)
    if not pages:
        return
    shells = Shells(config, nav, files, env)
    edit = lambda source: build.edit_url(config.repo_url, config.edit_uri, config.docs_dir, source)
    record_site.write(root, Path(config.site_dir), pages, shells, edit, log.warning, kept=kept)


def on_serve(server, config, builder):
    """`mkdocs serve` rebuilds when records, generators or settings change, not only the handbook."""
    root = Path(config.config_file_path).parent
    watching.native(server, build.watched(root))  # told of saves by the system, not by polling 13,000 files
    return server


def on_page_read_source(page, config):
    """Handbook pages read as MkDocs would; one deleted mid-build or not UTF-8 is a warning, not a traceback."""
    f = page.file
    if f.generated_by is not None or not f.abs_src_path:
        return None
    return failsafe.read_handbook_page(f.abs_src_path, f.src_path, log.warning)


def on_page_markdown(markdown, page, config, files):
    """The public handbook: links into the archive become plain text, sample clients get neutral names.
    A page whose Markdown and links did not change since the last build is not converted again."""
    gen = _build.get("gen")
    if gen is not None and gen.public:
        markdown = public.handbook_markdown(markdown, page.file.src_uri, gen.aliases)
    if "mdcache" in _build:
        blocks = gen.blocks_named(page.file.src_uri, markdown) if gen is not None else ""
        _build["mdcache"].prepare(page, markdown, config, files, blocks)
    return markdown


def on_page_content(html, page, config, files):
    """Every page's HTML, handbook and the generated pages in the nav (record pages are sanitized the same way in generators/site/record_html.py), through the sanitizer; the site's search takes
    handbook pages from the cleaned HTML only. A page that cannot be shown safely is a warning, so
    `--strict` fails."""
    gen = _build.get("gen")
    if gen is not None:  # a generated page's HTML blocks were kept out of Markdown
        html = gen.put_back(page.file.src_uri, html)
    cache = _build.get("mdcache")
    if cache is None:
        content, problem = sanitize.clean_page(html, page)
        doc = searchdocs.page_doc(page.url, page.title or "", content)
    else:  # sanitized now, or taken sanitized from build/mdcache/
        done = cache.rendered(page, html)
        content, problem, doc = done.content, done.problem, done.doc
    if problem:
        log.warning(f"{page.file.src_uri}: {problem}")
    _collect_search_page(doc, page)
    return content


def _collect_search_page(doc, page):
    """A rendered page for the site's search, from its sanitized HTML; records are indexed from their
    records in on_post_build (`_write_search`), not from their pages."""
    gen = _build.get("gen")
    if gen is None or doc is None or page.url in gen.records or page.file.src_uri == "search.md":
        return
    _build.setdefault("search_pages", []).append(doc)


def _write_search(config, gen, pages: list):
    """site/search/: the static index the search box reads (the in-memory index is returned for RET-FIND)."""
    root = Path(config.config_file_path).parent
    return _guarded(root, lambda: build.write_search(gen, pages, Path(config.site_dir), root))


def on_page_context(context, page, config, nav):
    """Record pages edit their source file in clients/; other generated pages have no source to edit."""
    gen = _build.get("gen")
    if gen is None or page.file.generated_by is None:
        return context
    source = gen.sources.get(page.file.src_uri)
    page.edit_url = build.edit_url(config.repo_url, config.edit_uri, config.docs_dir, source) if source else None
    return context


def on_post_page(output, page, config):
    """A record page's print header (client and date on every printed page) goes into <head>, after
    the sanitizer has taken every <style> out of the content. The page's Markdown and HTML are let go once
    its output is made (MkDocs keeps every page until the build ends: the registers alone weigh tens of MB
    at 30,000 records)."""
    out = printing.with_head(output, _build.get("heads", {}).get(page.file.src_uri, ""))
    page.content = page.markdown = None
    return out


def on_build_error(error):
    """A failed build leaves no kept folder behind in the site (MkDocs has already said why it failed), and
    no copy of itself still making search files."""
    job = _build.pop("job", None)
    if job is not None:
        job.cancel()
    site = _build.pop("site_dir", None)
    if site is not None:
        site_keep.discard(site)


def on_post_build(config):
    """Build-stage checks over the finished site. An error-level problem is logged as a MkDocs warning,
    so `--strict` fails; a warning-level one (RET-FIND) is logged as information and does not."""
    cache = _build.pop("mdcache", None)
    if cache is not None:
        cache.finish()
    gen = _build.pop("gen", None)
    if gen is None:
        return
    build.pages_rendered(gen)
    find = build.running["command"] != "serve"
    pages = _build.pop("search_pages", [])
    job = _build.pop("job", None)
    done = job.result() if job is not None else None
    if done is not None:  # the copy made the search files and ran RET-FIND: what it said, then the other checks
        forked.replay(done)
        if not done.get("ok"):
            raise PluginError(str(done.get("error") or "搜索文件没有生成。"))
        _finish(config, gen, find, pages, part="site")
        return
    if not find and not getattr(gen, "public", False):
        log.info("RET-FIND 只在 mkdocs build 时检查（make build / CI），预览时跳过。")
    if find or not build.running.get("served"):  # `serve`'s first build is served with its search files
        build.running["served"] = not find
        _finish(config, gen, find, pages)
        return
    # a `serve` rebuild is shown now; its search files follow a moment later (generators/site/background.py)
    root = Path(config.config_file_path).parent

    def later():
        _finish(config, gen, find, pages)
        buildcache.release_writes()
    background.run(later, lambda exc: failsafe.internal_error(root, exc))


def _finish(config, gen, find: bool, pages: list, part: str | None = None) -> None:
    """The search files, then the build-stage checks over the finished site, logged. `part`: "search" (the
    search files and the checks that read them) or "site" (the other checks); None: everything."""
    index = _write_search(config, gen, pages) if part != "site" else None
    ret_find.LAST.clear()
    for f in build.after_build(gen, Path(config.site_dir), find=find, search=index, part=part):
        say = log.warning if f.level == "error" else log.info
        say(f"{f.rule} {f.path}: {f.message} {f.fix} 规则说明：{f.link}")
    line = ret_find.summary()
    if line:
        log.info(line)


def _nav_uris(nav) -> set[str]:
    out = set()
    for item in nav or []:
        if isinstance(item, str):
            out.add(item)
        elif isinstance(item, dict):
            for value in item.values():
                out |= _nav_uris(value) if isinstance(value, list) else {value} if isinstance(value, str) else set()
    return out
