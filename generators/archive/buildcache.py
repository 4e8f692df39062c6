"""build/, home of the caches: whether it can be trusted, and the one way to write a file in it.

The caches in build/ (parsed records, search state, finished pages, sanitized HTML) are read back as
they were written: a pickle can run code when loaded, and a stored page is HTML the sanitizer already
passed. So they must be files this machine wrote, never files that came with the repository. build/ is
in .gitignore; if someone commits files under it anyway (`git add -f`), or makes it a link to
somewhere else, every cache is ignored (a slower, cold build, never a planted file read back)."""
from __future__ import annotations

import io
import os
import pickle
import subprocess
from functools import lru_cache
from pathlib import Path


def trusted(root: Path) -> bool:
    """True when `root`/build is ours: not a symbolic link and nothing under it tracked by git."""
    return _trusted(str(Path(root).absolute()))


@lru_cache(maxsize=8)
def _trusted(root: str) -> bool:
    build = Path(root) / "build"
    if build.is_symlink():
        return False
    try:
        done = subprocess.run(["git", "-C", root, "ls-files", "-z", "--", "build"], capture_output=True,
                              timeout=30)
    except (OSError, subprocess.SubprocessError):
        return True  # no git at all: nothing can have come with a repository
    return not done.stdout.strip(b"\0")


def readable(path: Path) -> bool:
    """True when the cache file `path` (somewhere under a project's build/) may be read back."""
    for folder in Path(path).absolute().parents:
        if folder.name == "build":
            return trusted(folder.parent)
    return True  # not in a build/ folder: a cache a test or the bench placed itself


def write(path: Path, data: bytes, folder_made: bool = False) -> None:
    """Replace the cache file `path` at once (a file beside it, then a rename): a build killed halfway leaves
    the old file or the new one, never half of one, and a hard link made from the old file into a site
    keeps its own bytes. `folder_made`: the caller made path's folder already (a build writes 10,000 pages)."""
    if not folder_made:
        path.parent.mkdir(parents=True, exist_ok=True)
    tmp = f"{os.fspath(path)}.{os.getpid()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)
    os.replace(tmp, path)


def reset() -> None:
    """Forget what was found (a test that commits into build/ asks again)."""
    _trusted.cache_clear()


class _PlainUnpickler(pickle.Unpickler):
    """Reads back plain data only: a pickle naming any class or function (the way one runs code) is refused."""

    def find_class(self, module, name):
        raise pickle.UnpicklingError(f"{module}.{name}: build/ keeps plain data only")


def read_plain(path: Path):
    """The plain data (dicts, lists, tuples, texts, bytes, numbers) `write_plain` kept at `path`, or None when
    the file is missing, damaged, holds anything else, or build/ is not this machine's own."""
    if not readable(path):
        return None
    try:
        with open(path, "rb") as fh:
            return _PlainUnpickler(io.BufferedReader(fh)).load()
    except Exception:  # missing, truncated, foreign: a cache only saves time
        return None


def write_plain(path: Path, value) -> None:
    """Keep plain data at `path` (replaced at once, as `write` does); `read_plain` reads it back. While
    writes are held (`hold_writes`), it is written at `release_writes` instead."""
    if _held is not None:
        _held[Path(path)] = value  # the last value for a file wins
        return
    write(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


_held: dict | None = None


def hold_writes() -> None:
    """Hold `write_plain`'s files back until `release_writes` (a `mkdocs serve` rebuild keeps its caches in
    memory; their files are written after the page is shown)."""
    global _held
    if _held is None:
        _held = {}


def release_writes() -> None:
    """Write the held files, and write at once again from now on. A file that cannot be written is skipped."""
    global _held
    held, _held = _held, None
    for path, value in (held or {}).items():
        try:
            write_plain(path, value)
        except OSError:
            pass  # a cache only saves time
