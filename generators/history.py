"""Git history of the archive, read in one `git log` pass (never one call per file)."""
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


@dataclass
class History:
    """Changes per file (newest first), keyed by project-root-relative path."""

    changes: dict[str, list[Change]] = field(default_factory=dict)

    def of(self, path: str) -> list[Change]:
        return self.changes.get(path, [])

    def first_added(self, path: str) -> Change | None:
        """The commit that first added the file: the evidence of when it was filed."""
        added = [c for c in self.of(path) if c.status == "A"]
        return added[-1] if added else None


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
    except Exception:  # no git, no repo, no commits yet: history is simply unknown
        return None
    return parse_log(raw, prefix)


def parse_log(raw: str, prefix: str = "") -> History:
    """Parse the output of the one `git log` call."""
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
    return History(dict(changes))
