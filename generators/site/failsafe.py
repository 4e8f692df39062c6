"""What a site build does when our own code fails or a file vanishes or is unreadable mid-build:
one Chinese line that names the file and the fix, never a traceback (hooks/site.py calls these)."""
from __future__ import annotations

import traceback
from pathlib import Path


def save_traceback(root: Path) -> str:
    """The current exception's traceback in build/last-error.txt; that path, or "" when it cannot be written."""
    try:
        path = root / "build" / "last-error.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(traceback.format_exc(), encoding="utf-8", errors="backslashreplace")
        return "build/last-error.txt"
    except OSError:
        return ""


def internal_error(root: Path, exc: BaseException) -> str:
    """The message for a bug of ours (not the archive's): the details are saved for the maintainers."""
    saved = save_traceback(root)
    return (f"生成网站页面时程序内部出错（不是档案写错了）：{type(exc).__name__}: {exc}。"
            f"请把这条信息{('和 ' + saved) if saved else ''}交给维护档案的同事；"
            "设 ARCHIVE_DEBUG=1 重新构建可看到详细出错位置。")


def read_handbook_page(abs_path: str, src_path: str, warn) -> str:
    """A handbook page as MkDocs reads it (UTF-8, BOM allowed); one deleted during the build, or not
    UTF-8, is named through `warn` and shown as a short notice instead."""
    try:
        with open(abs_path, encoding="utf-8-sig", errors="strict") as fh:
            return fh.read()
    except FileNotFoundError:
        warn(f"手册页面 {src_path} 在构建过程中被删除或移走，网站上这一页是空的。确认后重新构建。")
        return "# 此页缺失\n\n构建网站时这个文件不存在。\n"
    except UnicodeDecodeError as exc:
        warn(f"手册页面 {src_path} 不是 UTF-8 文字（第 {exc.start} 个字节起；可能是 GBK 编码），没有显示。"
             "在编辑器里另存为“UTF-8”后重新构建。")
        return "# 此页无法显示\n\n这个文件不是 UTF-8 编码。\n"


def vanished_attachment(abs_path: str, dest_uri: str) -> str:
    """The warning for an attachment deleted or moved while the site builds."""
    return (f"附件 {abs_path} 在构建过程中被删除或移走，网站上缺了这个文件（{dest_uri}）。"
            "确认它是否应当存在（git status），然后重新构建。")
