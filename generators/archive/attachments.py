"""Which files a record may attach, and how each goes into the site.

A file a record names (a field such as `brief.file`, or a link in its body) must be a regular file
inside the record's own folder: no absolute path, no `..` out of it, no symlink anywhere on the way.
SVG files are sanitized on their way into the site (generators/svg.py); other active types (HTML,
XML, XHTML...) are refused, since a browser would run them at the site's own origin.
"""
from __future__ import annotations

import os
import posixpath
import stat
from dataclasses import dataclass
from pathlib import Path

from generators.archive import svg

SANITIZED = (".svg",)
REFUSED = (".html", ".htm", ".xhtml", ".shtml", ".xml", ".xsl", ".xslt", ".svgz", ".js", ".mjs", ".swf",
           ".hta", ".mht", ".mhtml", ".php", ".jsp", ".asp", ".aspx")


@dataclass(frozen=True)
class Place:
    """Where a named file is: its project path, or why it cannot be attached (`problem`, in Chinese)."""

    path: str | None
    problem: str = ""
    fix: str = ""


def place(root: Path, folder: str, name: str) -> Place:
    """The project path of the file `name` that a record in `folder` attaches, checked on disk."""
    if not name or "\x00" in name or "\\" in name or name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return Place(None, f"“{name}”不是记录文件夹里的文件名（不能用绝对路径或反斜杠）。",
                     f"把文件放进 {folder}/，字段里只写文件名。")
    path = posixpath.normpath(posixpath.join(folder, name))
    if not path.startswith(folder.rstrip("/") + "/"):
        return Place(None, f"附件“{name}”指到了记录文件夹 {folder}/ 之外。",
                     f"把文件复制到 {folder}/ 里，字段里只写文件名（不要写 ../）。")
    full = root / path
    here = root / folder
    # Every step below the record's folder must be a real directory or file, never a link.
    step = here
    for part in path[len(folder.rstrip("/")) + 1:].split("/"):  # below the folder (checked just above)
        step = step / part
        try:
            mode = os.lstat(step).st_mode
        except OSError:
            return Place(path)  # missing: the caller reports RET-ATTACH's "does not exist"
        if stat.S_ISLNK(mode):
            return Place(None, f"附件“{name}”是符号链接（{step.relative_to(root).as_posix()}），网站不会复制它。",
                         "把真正的文件复制进记录文件夹（不要用链接），再 `git add`。")
    try:
        inside = os.path.realpath(full).startswith(os.path.realpath(here) + os.sep)
        regular = stat.S_ISREG(os.stat(full).st_mode)
    except OSError:
        return Place(path)
    if not inside:
        return Place(None, f"附件“{name}”实际指到了记录文件夹 {folder}/ 之外。",
                     f"把文件复制到 {folder}/ 里。")
    if not regular:
        return Place(None, f"附件“{name}”不是普通文件。", "附件只能是普通文件（不能是文件夹或设备）。")
    return Place(path)


def active_problem(root: Path, path: str) -> tuple[str, str] | None:
    """Why an attachment's type or content cannot go into the site as it is, or None.

    (message, fix); an SVG that only loses active parts is reported too, so people see it happen."""
    suffix = posixpath.splitext(path)[1].lower()
    name = posixpath.basename(path)
    if suffix in REFUSED:
        return (f"附件 {name} 是会在浏览器里运行的文件类型（{suffix}），不能放进网站。",
                "导出为 PDF 或图片（PNG/JPG）后附上；确需保留原文件时压缩成 .zip。")
    if suffix in SANITIZED:
        try:
            _, removed = svg.clean((root / path).read_bytes())
        except svg.SvgError as exc:
            return (f"SVG 附件 {name} 无法安全发布：{exc}。", "在设计软件里重新导出为普通 SVG（不含脚本、DTD），或导出为 PNG。")
        except OSError as exc:
            return (f"附件 {name} 无法读取：{exc.strerror}。", "检查文件权限。")
        if removed:
            return (f"SVG 附件 {name} 含有可执行或外链内容（{'、'.join(removed[:8])}），发布时会被删掉。",
                    "在设计软件里重新导出为普通 SVG（去掉脚本、事件属性、外部链接和 foreignObject），或导出为 PNG。")
    return None


def site_bytes(root: Path, path: str) -> bytes | None:
    """The bytes of an attachment as the site publishes it: sanitized for SVG, None when refused."""
    suffix = posixpath.splitext(path)[1].lower()
    if suffix in REFUSED:
        return None
    data = (root / path).read_bytes()
    if suffix in SANITIZED:
        try:
            return svg.clean(data)[0]
        except svg.SvgError:
            return None
    return data
