"""The archive's folder of the site kept from one build to the next instead of emptied and filled again.

MkDocs empties the site directory at the start of every build (it leaves only names starting with a
dot); at 10,000 records, deleting the ~11,000 folders of record pages and making them again costs
seconds of file-system work for a one-record change. So before MkDocs cleans, `stash` moves
`site/archive/` aside under a dot name (one rename), and when the record pages are written, `restore`
moves it back and `prune` deletes everything in it that is not one of this build's record pages: the
folder is then what a clean build would have put there, and page_cache only re-links the pages that
are not already the cached file (same inode). Nothing is read from the kept folder: a file is kept
only when it is the very file in build/pages/ (a hard link to it); links, stray files and anything else
are deleted, so a planted file cannot survive a build. A build stopped between the two leaves the dot
folder in the site; the next build deletes it (`discard`), as it does for the public handbook, which
keeps nothing."""
from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

FOLDER = "archive"
KEPT = ".archive-kept"  # a dot name: MkDocs' (and ProperDocs') cleaning leaves it alone


def stash(site_dir: Path) -> bool:
    """Move `site_dir`/archive aside before the engine empties the site; True when something was kept."""
    site_dir = Path(site_dir)
    discard(site_dir)  # a folder left by a build that failed halfway
    src = site_dir / FOLDER
    try:
        if src.is_symlink() or not src.is_dir():
            return False
        os.rename(src, site_dir / KEPT)
    except OSError:
        return False
    return True


def restore(site_dir: Path) -> bool:
    """Put the kept folder back where it was (the engine has emptied the site); True when it was."""
    site_dir = Path(site_dir)
    kept, dest = site_dir / KEPT, site_dir / FOLDER
    if kept.is_symlink() or not kept.is_dir():
        discard(site_dir)
        return False
    if os.path.lexists(dest):  # the engine did not clean (a --dirty build): do not mix the two
        discard(site_dir)
        return False
    try:
        os.rename(kept, dest)
    except OSError:
        discard(site_dir)
        return False
    return True


def prune(site_dir: Path, wanted: dict[str, Path]) -> set[str]:
    """Delete every entry under `site_dir`/archive that is not a wanted page: `wanted` maps a file's
    path relative to the site to the cache file it must be (the same file, by device and inode).
    Symbolic links are always deleted, and folders left empty are removed. Returns the wanted paths that
    are in place already (the caller need not place them again)."""
    site_dir = Path(site_dir)
    root = site_dir / FOLDER
    try:
        device = os.lstat(root).st_dev
    except OSError:
        return set()
    inodes: dict[str, int] = {}
    for rel, cached in wanted.items():
        try:
            st = os.stat(cached)
        except OSError:
            continue
        if st.st_dev == device:  # a hard link cannot cross file systems: on another one nothing is kept
            inodes[rel] = st.st_ino
    in_place: set[str] = set()
    _prune(str(root), FOLDER, inodes, in_place)
    return in_place


def _prune(folder: str, rel: str, inodes: dict[str, int], in_place: set[str]) -> bool:
    """Prune `folder` (at `rel` in the site); True when it is left empty. The entries' kinds and inodes
    come from the directory listing itself (no stat per file); folders are not followed through links.
    The files kept are added to `in_place`."""
    empty = True
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return False
    for entry in entries:
        sub = f"{rel}/{entry.name}"
        try:
            is_dir, is_file = entry.is_dir(follow_symlinks=False), entry.is_file(follow_symlinks=False)
        except OSError:
            continue
        if is_dir:
            if _prune(entry.path, sub, inodes, in_place):
                _rmdir(entry.path)
            else:
                empty = False
        elif is_file and inodes.get(sub) == entry.inode():
            empty = False
            in_place.add(sub)
        else:
            try:
                os.unlink(entry.path)
            except OSError:
                empty = False
    return empty


def _rmdir(path: str) -> None:
    try:
        os.rmdir(path)
    except OSError:
        pass


def same_file(dest: Path, cached: Path) -> bool:
    """Whether `dest` in the site already is the cache file `cached` (a hard link to it), not a link."""
    try:
        a, b = os.lstat(dest), os.stat(cached)
    except OSError:
        return False
    return stat.S_ISREG(a.st_mode) and (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def discard(site_dir: Path) -> None:
    """Delete a kept folder that will not be used (a failed build, the public handbook)."""
    kept = Path(site_dir) / KEPT
    if kept.is_symlink():
        kept.unlink()
    elif kept.exists():
        shutil.rmtree(kept, ignore_errors=True)
