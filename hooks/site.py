"""MkDocs hooks: adapt MkDocs events to generators.site (all logic lives there)."""
from __future__ import annotations

import logging
import os
import traceback
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

from generators.config import SettingsError
from generators.site import build

log = logging.getLogger("mkdocs.hooks.archive")
_build: dict = {}


def on_startup(command, dirty):
    """Remember the command: `mkdocs serve` rebuilds on every save, and RET-FIND (tens of seconds on a
    10,000-record archive) is left to `mkdocs build`, which CI runs on every push."""
    build.running["command"] = command


def on_files(files, config):
    """Add every generated page and attachment as a virtual file (nothing is written to content/ or clients/)."""
    root = Path(config.config_file_path).parent
    nav_uris = _nav_uris(config.nav)
    try:
        gen = build.generate(root, public=build.is_public(), docs_uris={f.src_uri for f in files},
                             directory_urls=config.use_directory_urls)
    except SettingsError as exc:  # MkDocs prints a PluginError's message and stops, without a traceback
        raise PluginError(f"设置文件有错，网站没有构建。\n{exc.text()}")
    except Exception as exc:  # a bug of ours, not the archive's: one Chinese line, the details in a file
        if os.environ.get("ARCHIVE_DEBUG"):
            raise
        saved = _save_traceback(root)
        raise PluginError(f"生成网站页面时程序内部出错（不是档案写错了）：{type(exc).__name__}: {exc}。"
                          f"请把这条信息{('和 ' + saved) if saved else ''}交给维护档案的同事；"
                          "设 ARCHIVE_DEBUG=1 重新构建可看到详细出错位置。")
    for page in gen.pages:
        if files.get_file_from_path(page.uri) is not None:
            files.remove(files.get_file_from_path(page.uri))
        inclusion = InclusionLevel.UNDEFINED if page.uri in nav_uris else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, page.uri, content=page.content, inclusion=inclusion))
    for uri, path in gen.attachments.items():
        files.append(_Copied.generated(config, uri, abs_src_path=str(path), inclusion=InclusionLevel.NOT_IN_NAV))
    _build["gen"] = gen
    return files


def _save_traceback(root: Path) -> str:
    """The current exception's traceback in build/last-error.txt; that path, or "" when it cannot be written."""
    try:
        path = root / "build" / "last-error.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(traceback.format_exc(), encoding="utf-8", errors="backslashreplace")
        return "build/last-error.txt"
    except OSError:
        return ""


class _Copied(File):
    """An attachment copied into the site; one deleted or moved while the site builds is named, not a traceback."""

    def copy_file(self, dirty: bool = False) -> None:
        try:
            super().copy_file(dirty)
        except FileNotFoundError:
            log.warning(f"附件 {self.abs_src_path} 在构建过程中被删除或移走，网站上缺了这个文件（{self.dest_uri}）。"
                        "确认它是否应当存在（git status），然后重新构建。")


def on_page_read_source(page, config):
    """Read a handbook page as MkDocs would (UTF-8, BOM allowed); one deleted during the build, or not
    UTF-8, is named in Chinese and rendered as a stub instead of stopping the build with a traceback."""
    f = page.file
    if f.generated_by is not None or not f.abs_src_path:
        return None
    try:
        with open(f.abs_src_path, encoding="utf-8-sig", errors="strict") as fh:
            return fh.read()
    except FileNotFoundError:
        log.warning(f"手册页面 {f.src_path} 在构建过程中被删除或移走，网站上这一页是空的。确认后重新构建。")
        return "# 此页缺失\n\n构建网站时这个文件不存在。\n"
    except UnicodeDecodeError as exc:
        log.warning(f"手册页面 {f.src_path} 不是 UTF-8 文字（第 {exc.start} 个字节起；可能是 GBK 编码），没有显示。"
                    "在编辑器里另存为“UTF-8”后重新构建。")
        return "# 此页无法显示\n\n这个文件不是 UTF-8 编码。\n"


def on_page_context(context, page, config, nav):
    """Record pages edit their source file in clients/; other generated pages have no source to edit."""
    gen = _build.get("gen")
    if gen is None or page.file.generated_by is None:
        return context
    source = gen.sources.get(page.file.src_uri)
    page.edit_url = build.edit_url(config.repo_url, config.edit_uri, config.docs_dir, source) if source else None
    return context


def on_post_build(config):
    """Build-stage checks over the finished site. An error-level problem is logged as a MkDocs warning,
    so `--strict` fails; a warning-level one (RET-FIND) is logged as information and does not."""
    gen = _build.pop("gen", None)
    if gen is None:
        return
    find = build.running["command"] != "serve"
    if not find:
        log.info("RET-FIND 只在 mkdocs build 时检查（make build / CI），预览时跳过。")
    for f in build.after_build(gen, Path(config.site_dir), find=find):
        say = log.warning if f.level == "error" else log.info
        say(f"{f.rule} {f.path}: {f.message} {f.fix} 规则说明：{f.link}")


def _nav_uris(nav) -> set[str]:
    out = set()
    for item in nav or []:
        if isinstance(item, str):
            out.add(item)
        elif isinstance(item, dict):
            for value in item.values():
                out |= _nav_uris(value) if isinstance(value, list) else {value} if isinstance(value, str) else set()
    return out
