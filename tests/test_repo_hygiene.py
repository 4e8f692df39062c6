"""No tracked file carries an unfinished git merge (conflict markers), wherever it is: a README or a
schema with markers in it reads as nonsense to everyone after."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MARKER = re.compile(r"^(<{7}|>{7})( |$)", re.M)
# Files that show or test conflict markers on purpose.
ON_PURPOSE = ("tests/golden/conflict-markers/", "tests/test_reader.py", "content/appendix/git-problems.md")


def test_no_tracked_file_has_conflict_markers():
    files = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout.split()
    hits = []
    for name in files:
        if name.startswith(ON_PURPOSE):
            continue
        data = (REPO / name).read_bytes() if (REPO / name).is_file() else b""
        if b"\0" in data[:4096]:
            continue
        text = data.decode("utf-8", errors="replace")
        hits += [f"{name}:{text[:m.start()].count(chr(10)) + 1}" for m in MARKER.finditer(text)]
    assert not hits, "合并冲突标记没有清理：\n" + "\n".join(hits)
