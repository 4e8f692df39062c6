"""The handbook is written in our own words: no run of 16 or more Han characters (everything
else ignored: punctuation, markup, Latin letters, digits, line breaks) is shared with a source
document in ../shared/seeds/ (the issue-11 standard)."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
# CI checks out the repo beside shared/; OWN_WORDS_SEEDS points elsewhere (a worktree, say).
SEEDS = Path(os.environ.get("OWN_WORDS_SEEDS") or ROOT.parent / "shared" / "seeds")
LIMIT = 16
NOT_HAN = re.compile(r"[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def han(text: str) -> str:
    """Only the Han characters of a text, in order."""
    return NOT_HAN.sub("", text)


def grams(text: str, n: int = LIMIT) -> set[str]:
    """Every run of n consecutive Han characters of a text."""
    h = han(text)
    return {h[i:i + n] for i in range(len(h) - n + 1)}


def shared_spans(text: str, source: set[str], n: int = LIMIT) -> list[tuple[int, str]]:
    """(line, run) for each maximal run of at least n Han characters of `text` whose every n-gram is in `source`."""
    where = [m.start() for m in HAN.finditer(text)]
    h = "".join(text[i] for i in where)
    spans, start, end = [], None, -1
    for i in range(len(h) - n + 1):
        if h[i:i + n] in source:
            if start is None or i > end - n + 1:
                if start is not None:
                    spans.append((start, end))
                start = i
            end = i + n
    if start is not None:
        spans.append((start, end))
    return [(text.count("\n", 0, where[a]) + 1, h[a:b]) for a, b in spans]


def shared_runs(text: str, source: set[str], n: int = LIMIT) -> list[str]:
    """The maximal shared runs of `text`, without their lines."""
    return [run for _, run in shared_spans(text, source, n)]


def seed_grams() -> set[str]:
    out: set[str] = set()
    for path in sorted(SEEDS.glob("*.txt")):
        out |= grams(path.read_text(encoding="utf-8", errors="replace"))
    return out


def test_shared_runs_finds_a_copy_across_punctuation_and_markup():
    source = grams("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉")
    assert shared_runs("前言。甲乙丙丁**戊己**庚辛，壬癸 子丑寅卯`辰巳`午。后记", source) == ["甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午"]
    assert shared_runs("甲乙丙丁戊己庚辛壬癸子丑寅卯辰", source) == []  # 15 characters: allowed
    assert shared_spans("第一行\n第二行：甲乙丙丁戊己庚辛\n壬癸子丑寅卯辰巳", source) == [(2, "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳")]


def test_handbook_shares_no_run_of_16_han_characters_with_the_seeds():
    if not SEEDS.is_dir() or not any(SEEDS.glob("*.txt")):
        pytest.skip(f"source documents not found at {SEEDS} (they sit at ../shared/seeds/ beside the repo in CI; "
                    "set OWN_WORDS_SEEDS to check elsewhere)")
    source = seed_grams()
    found = []
    for path in sorted(CONTENT.rglob("*.md")):
        for line, run in shared_spans(path.read_text(encoding="utf-8"), source):
            found.append(f"{path.relative_to(ROOT)}:{line}: {len(run)} 个汉字与原始资料相同：{run}")
    assert not found, "这些句子照抄了原始资料，请用自己的话改写：\n" + "\n".join(found)
