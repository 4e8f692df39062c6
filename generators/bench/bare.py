"""The floor `check` is measured against: read every record file and parse its front matter with
the C YAML loader, nothing else (`python -m generators.bench.bare ROOT`)."""
from __future__ import annotations

import sys
from pathlib import Path

import yaml


def parse_all(root: Path) -> int:
    """Parse the front matter of every Markdown file under root/clients; returns how many parsed."""
    count = 0
    for path in sorted((root / "clients").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if not text.startswith("---"):
            continue
        end = text.find("\n---", 3)
        if end < 0:
            continue
        yaml.load(text[3:end], Loader=yaml.CSafeLoader)
        count += 1
    return count


if __name__ == "__main__":
    print(parse_all(Path(sys.argv[1])))
