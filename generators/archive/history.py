"""Git history of the archive, read in one `git log` pass (never one call per file).

A shallow clone (`git clone --depth 1`, CI's default checkout) holds only the newest commits; its
oldest commit shows every file that existed then as newly added. Such an "addition" is not when
the file was filed, so first_added() does not offer it, and rules say the evidence is missing.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path


@dataclass(frozen=True)
class Change:
    commit: str
    author: str
    when: datetime  # timezone-aware
    subject: str
    status: str  # A, M, D


INCOMPLETE = "git 历史不完整"
FETCH_FULL = "在仓库文件夹里运行 `git fetch --unshallow` 取回完整历史后重新检查（CI 的 actions/checkout 要设 fetch-depth: 0）"


@dataclass
class History:
    """Changes per file (newest first), keyed by project-root-relative path."""

    changes: dict[str, list[Change]] = field(default_factory=dict)
    # The commits where a shallow clone's history is cut off (their parents were not fetched).
    boundary: frozenset[str] = frozenset()

    def of(self, path: str) -> list[Change]:
        return self.changes.get(path, [])

    @property
    def shallow(self) -> bool:
        """Whether this is the history of a shallow clone (older commits missing)."""
        return bool(self.boundary)

    def first_added(self, path: str) -> Change | None:
        """The commit that first added the file: the evidence of when it was filed. None when the
        file is not committed, or when its history starts at a shallow clone's cut-off (unknown)."""
        added = [c for c in self.of(path) if c.status == "A"]
        if not added or added[-1].commit in self.boundary:
            return None
        return added[-1]

    def cut_off(self, path: str) -> Change | None:
        """The shallow clone's cut-off commit the file's known history begins with, if it does:
        the file is older than the clone, and when it was first committed is not known here."""
        added = [c for c in self.of(path) if c.status == "A"]
        return added[-1] if added and added[-1].commit in self.boundary else None


def read_history(root: Path) -> History | None:
    """One `git log --name-status` over clients/; None when root is not in a git checkout."""
    try:
        import git
        repo = git.Repo(root, search_parent_directories=True)
        top = Path(repo.working_tree_dir).resolve()
        prefix = Path(root).resolve().relative_to(top).as_posix()
        prefix = "" if prefix == "." else prefix + "/"
        raw = repo.git.log("--format=%x1e%H%x1f%an%x1f%aI%x1f%s", "--name-status", "--no-renames",
                           "-c", "--", f"{prefix}clients")
        boundary = _shallow_boundary(repo, top)
    except Exception:  # no git, no repo, no commits yet: history is simply unknown
        return None
    return parse_log(raw, prefix, boundary)


def _shallow_boundary(repo, top: Path) -> frozenset[str]:
    """The cut-off commits of a shallow clone (git's `shallow` file), empty for a full clone."""
    if repo.git.rev_parse("--is-shallow-repository").strip() != "true":
        return frozenset()
    path = Path(repo.git.rev_parse("--git-path", "shallow").strip())
    path = path if path.is_absolute() else top / path
    try:
        return frozenset(line.strip() for line in path.read_text(encoding="ascii").splitlines() if line.strip())
    except OSError:  # shallow, but the list is unreadable: treat every root commit as a cut-off
        return frozenset(repo.git.rev_list("--max-parents=0", "HEAD").split())


def parse_log(raw: str, prefix: str = "", boundary: frozenset[str] = frozenset()) -> History:
    """Parse the output of the one `git log` call (`boundary`: a shallow clone's cut-off commits)."""
    changes: dict[str, list[Change]] = defaultdict(list)
    for block in raw.split("\x1e")[1:]:
        head, _, files = block.partition("\n")
        sha, author, when, subject = head.split("\x1f", 3)
        stamp = datetime.fromisoformat(when)
        for line in files.splitlines():
            if "\t" not in line:
                continue
            status, path = line.split("\t", 1)
            if path.startswith(prefix):
                changes[path[len(prefix):]].append(Change(sha, author, stamp, subject, status[:1]))
    return History(dict(changes), frozenset(boundary))
