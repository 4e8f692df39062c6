"""The files under clients/: which are records, and which names no other computer can keep.

A name that is not UTF-8 (a GBK-encoded name copied from an old Windows share) is reported by
its escaped bytes and left out, so that no output has to carry bytes that are not UTF-8; two
paths that differ only in case or in Unicode spelling are reported, because a Windows or macOS
checkout keeps only one of them."""
from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

# (path as shown, message, fix)
Problem = tuple[str, str, str]


@dataclass
class Listing:
    """Record files (.md), every file, every folder (root-relative posix paths), and bad names."""

    records: list[str] = field(default_factory=list)
    files: set[str] = field(default_factory=set)
    dirs: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)

    @classmethod
    def of_index(cls, paths, archive_dir: str) -> "Listing":
        """The listing of a git index's paths (the pre-commit hook's view)."""
        out = cls()
        for rel in sorted(paths):
            if not _is_utf8(rel):  # the hook hands names that are not UTF-8 over as lone surrogates
                shown = display_path(rel)
                if not any(p[0] == shown for p in out.problems):
                    bad = next(p for p in rel.split("/") if not _is_utf8(p))
                    out.problems.append(_not_utf8(shown, os.fsencode(bad)))
                continue
            out.files.add(rel)
            parts = rel.split("/")
            out.dirs.update("/".join(parts[:i]) for i in range(2, len(parts)))
            if rel.lower().endswith(".md") and not any(p.startswith(".") for p in parts):
                out.records.append(rel)
        return out


def _shown(name: str) -> str:
    """A name that is not UTF-8, as ASCII text: every byte outside ASCII written as \\xNN (decoding
    what happens to be valid UTF-8 would show stray characters: GBK 单 is UTF-8 for ۵)."""
    return os.fsencode(name).decode("ascii", "backslashreplace")


def display_path(rel: str) -> str:
    """A path as findings show it: up to its first name that is not UTF-8, that name escaped
    (a folder keeps its trailing /). Paths that are UTF-8 are returned unchanged."""
    if _is_utf8(rel):
        return rel
    parts = rel.split("/")
    bad = next(i for i, p in enumerate(parts) if not _is_utf8(p))
    return "/".join(parts[:bad] + [_shown(parts[bad])]) + ("/" if bad < len(parts) - 1 else "")


def _not_utf8(shown: str, raw: bytes | None) -> Problem:
    guess = ""
    if raw is not None:
        try:
            guess = raw.decode("gb18030")
        except UnicodeDecodeError:
            guess = ""
    hint = f"按 GBK 编码读，它应该是“{guess}”；" if guess and guess.isprintable() else ""
    return (shown, f"文件名不是 UTF-8 编码（显示为 {shown}），{hint}在别的电脑、git 网页和网站上都是乱码，这个文件没有被读取。",
            f"在本机用 UTF-8 重新命名：`git mv` 或文件管理器里改成{'“' + guess + '”' if hint else '一个中文或英文名字'}，"
            "然后重新运行 check。")


def scan(root: Path, archive_dir: str) -> Listing:
    """Walk `root/archive_dir` (hidden files and folders skipped), sorted."""
    out = Listing()
    base = os.fspath(root)
    cut = len(base) + len(os.sep) if not base.endswith(os.sep) else len(base)
    for folder, dirs, names in os.walk(os.path.join(base, archive_dir)):
        rel_folder = folder[cut:].replace(os.sep, "/")  # strings: pathlib per folder costs more than the walk
        keep = []
        for d in sorted(dirs):
            if d.startswith("."):
                continue
            if not _is_utf8(d):
                out.problems.append(_not_utf8(f"{rel_folder}/{_shown(d)}/", os.fsencode(d)))
                continue
            keep.append(d)
            out.dirs.add(f"{rel_folder}/{d}")
        dirs[:] = keep
        for name in sorted(names):
            if name.startswith("."):
                continue
            if not _is_utf8(name):
                out.problems.append(_not_utf8(f"{rel_folder}/{_shown(name)}", os.fsencode(name)))
                continue
            rel = f"{rel_folder}/{name}"
            out.files.add(rel)
            if name.lower().endswith(".md"):
                out.records.append(rel)
    return out


def _is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
        return True
    except UnicodeEncodeError:  # os.walk hands undecodable bytes over as lone surrogates
        return False


def twins(paths: set[str]) -> list[Problem]:
    """Paths that a case-insensitive file system (Windows, macOS) takes for the same path,
    or that differ only in Unicode normalisation (macOS writes decomposed names)."""
    groups: dict[str, list[str]] = {}
    for p in paths:
        groups.setdefault(unicodedata.normalize("NFC", p).casefold(), []).append(p)
    out, reported = [], []
    for group in sorted((sorted(g) for g in groups.values() if len(g) > 1), key=lambda g: len(g[0])):
        first = group[0]
        for other in group[1:]:
            if any(other.startswith(r + "/") for r in reported):
                continue  # inside a folder already reported as a twin
            reported.append(other)
            how = "Unicode 写法不同（看起来一样的字，编码不同）" if unicodedata.normalize("NFC", other) == unicodedata.normalize("NFC", first) else "只差大小写"
            out.append((other, f"“{other}”与“{first}”{how}：在 Windows 和 macOS 上检出时两者会变成同一个{'文件夹' if other in _dirs(paths, other) else '文件'}，其中一个的内容会丢失。",
                        f"用 `git mv` 把其中一个改成明显不同的名字，或把两份合并成一份（档案里的文件夹和文件名一律用小写）。"))
    return out


def _dirs(paths: set[str], p: str) -> set[str]:
    return {p} if any(q.startswith(p + "/") for q in paths) else set()
