"""The handbook's own files (content/): which of them may go into a site.

MkDocs follows symbolic links when it collects docs_dir (os.walk(followlinks=True)), so a link
`content/passwd.txt -> /etc/passwd` or a linked folder would copy files of the build machine into
both sites. No handbook file may be a link or lie, once resolved, outside content/ (SEC-HANDBOOK).

The public handbook is checked by SEC-CONFIDENTIAL, a text scan: it cannot see inside an office
document, a PDF or an archive (compressed), so the public build publishes only the file types the
scan reads (fail closed): text (.md .css .svg .txt .csv .js) and images (.png .jpg .jpeg .gif .webp),
whose metadata the scan reads too (generators/site/public.py decompresses PNG text chunks).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

FOLDER = "content"
TEXT_TYPES = (".md", ".css", ".svg", ".txt", ".csv", ".js")
IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".webp")
PUBLIC_TYPES = TEXT_TYPES + IMAGE_TYPES


@dataclass(frozen=True)
class Refused:
    """A handbook file that must not be published: its path from the project root, why, how to fix it."""

    path: str
    message: str
    fix: str
    kind: str = "link"  # "link" (both builds; `check` reports it) or "type" (the public build only)


LINK_FIX = ("把符号链接换成文件本身：删掉链接（`git rm 路径`），把需要的文件复制进 content/ 再 `git add`；"
            "手册以外的文件（系统文件、别的文件夹）不要放进手册。")


def linked(root: Path, folder: str = FOLDER) -> list[Refused]:
    """Every symbolic link under the handbook folder (files and folders; linked folders are not entered),
    and every entry that resolves outside it."""
    base = Path(root) / folder
    if not base.is_dir():
        return []
    real_base = os.path.realpath(base)
    out: list[Refused] = []
    for here, dirs, files in os.walk(base, followlinks=False):
        for name in sorted(dirs + files):
            full = os.path.join(here, name)
            rel = Path(full).relative_to(root).as_posix()
            if os.path.islink(full):
                what = "文件夹" if name in dirs else "文件"
                inside = _inside(os.path.realpath(full), real_base)
                where = "手册文件夹里的另一个位置" if inside else "手册文件夹之外（构建网站的电脑上的文件）"
                out.append(Refused(rel, f"手册{what} {rel} 是符号链接，指向{where}。网站不会发布它。", LINK_FIX))
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(here, d))]
    return sorted(out, key=lambda r: r.path)


def _inside(path: str, base: str) -> bool:
    return path == base or path.startswith(base.rstrip(os.sep) + os.sep)


def refused(abs_path: str, rel_path: str, docs_dir: str, public: bool) -> Refused | None:
    """Why one file MkDocs collected from docs_dir must not be copied into the site (None: it may).
    `rel_path` is its path from the project root, for the message."""
    real_base = os.path.realpath(docs_dir)
    if not _inside(os.path.abspath(abs_path), os.path.abspath(docs_dir)):
        return None  # not a handbook file (the theme's own files)
    parts = Path(os.path.relpath(abs_path, docs_dir)).parts
    for i in range(1, len(parts) + 1):  # the file itself or a folder on its way is a link
        if os.path.islink(os.path.join(docs_dir, *parts[:i])):
            return Refused(rel_path, f"手册文件 {rel_path} 是符号链接，或在一个符号链接的文件夹里。网站不会发布它。", LINK_FIX)
    if not _inside(os.path.realpath(abs_path), real_base):
        return Refused(rel_path, f"手册文件 {rel_path} 实际在手册文件夹之外。网站不会发布它。", LINK_FIX)
    if public and not rel_path.lower().endswith(PUBLIC_TYPES):
        kind = os.path.splitext(rel_path)[1] or "（没有扩展名）"
        return Refused(rel_path, f"公开手册不发布 {kind} 文件 {rel_path}：保密检查（SEC-CONFIDENTIAL）读不到 Word/Excel/PPT、PDF、"
                                 "压缩包和其他二进制文件里面的文字，无法确认其中没有客户资料。",
                       "把其中需要公开的内容写进手册页面（Markdown），或导出为 PNG/JPG 图片；原文件只放在内部档案里。", "type")
    return None
