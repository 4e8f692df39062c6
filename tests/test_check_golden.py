"""`check`'s findings, pinned: on the sample archive and on a synthetic one (generators/bench), every
finding (path, line, field, rule, level, message, fix, link, evidence, day, due, in order) equals the
golden file, whichever way the archive was read: cold (no parse cache), warm (from the cache, in a new
process's way and in `mkdocs serve`'s way, the cache kept in memory), after an edit, by the careful
reader (no record typed in one walk by generators/archive/fastread.py) and by the reference reader
(libyaml's event stream for every front matter, no cache).

Speed work on the reader, the cache and the rules must leave these files unchanged. Regenerate them
only after a deliberate change of messages or of the synthetic generator: UPDATE_GOLDEN=1 pytest
tests/test_check_golden.py, then read the diff of every changed file before committing it.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import asdict
from pathlib import Path

import pytest
from conftest import REPO

from generators.archive import cache, fastread, yamlio
from generators.bench.synthetic import write_archive
from generators.rules.check import check_archive

GOLDEN = Path(__file__).parent / "golden"


def rows(findings) -> list[dict]:
    return [{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in asdict(f).items()} for f in findings]


def inputs_digest(root: Path) -> str:
    """What the findings are of: every file under clients/ and the settings."""
    h = hashlib.sha256()
    for p in sorted([*(root / "clients").rglob("*"), root / "archive.toml"]):
        if p.is_file():
            h.update(p.relative_to(root).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def forget_memory(monkeypatch):
    """A new process's view: the parse cache as the file holds it, nothing kept in memory."""
    monkeypatch.setattr(cache, "_KEPT", {})


def every_way(root: Path, monkeypatch) -> dict[str, list[dict]]:
    """The findings of `root` read each way (the archive is left as it was found)."""
    shutil.rmtree(root / "build", ignore_errors=True)
    out = {"cold": rows(check_archive(root, use_git=False)[1])}
    forget_memory(monkeypatch)
    out["warm, new process"] = rows(check_archive(root, use_git=False)[1])
    out["warm, same process"] = rows(check_archive(root, use_git=False)[1])
    # an edit and its undoing: the first re-read, the second back to the cached content
    rel = sorted(p for p in (root / "clients").rglob("*.md"))[0]
    original = rel.read_bytes()
    rel.write_bytes(original + "\n编辑后又改回。\n".encode())
    check_archive(root, use_git=False)
    rel.write_bytes(original)
    out["after an edit, undone"] = rows(check_archive(root, use_git=False)[1])
    with monkeypatch.context() as m:
        m.setattr(fastread, "typed", lambda node, schema, offset=1: None)  # every record built as nodes, then validated
        forget_memory(m)
        shutil.rmtree(root / "build", ignore_errors=True)
        out["careful reader, no cache"] = rows(check_archive(root, use_git=False)[1])
    with monkeypatch.context() as m:
        m.setattr(yamlio, "_composable", lambda fm: False)  # every front matter through the event reader
        forget_memory(m)
        shutil.rmtree(root / "build", ignore_errors=True)
        out["reference reader, no cache"] = rows(check_archive(root, use_git=False)[1])
    shutil.rmtree(root / "build", ignore_errors=True)
    return out


def compare(name: str, root: Path, monkeypatch) -> None:
    golden = GOLDEN / f"findings-{name}.json"
    ways = every_way(root, monkeypatch)
    digest = inputs_digest(root)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_text(json.dumps({"inputs": digest, "findings": ways["cold"]}, ensure_ascii=False, indent=1) + "\n",
                          encoding="utf-8")
    expected = json.loads(golden.read_text(encoding="utf-8"))
    assert expected["inputs"] == digest, (
        f"the {name} archive itself changed (its files or archive.toml), so its golden findings no longer apply: "
        "regenerate with UPDATE_GOLDEN=1 and check that the changed findings are the ones the input change explains")
    for way, found in ways.items():
        assert found == expected["findings"], f"findings read {way} differ from {golden.name}"


def test_sample_archive_findings_are_unchanged(tmp_path, monkeypatch):
    root = tmp_path / "sample"
    shutil.copytree(REPO / "clients", root / "clients")
    shutil.copy(REPO / "archive.toml", root / "archive.toml")
    compare("sample", root, monkeypatch)


def test_synthetic_archive_findings_are_unchanged(tmp_path, monkeypatch):
    root = tmp_path / "synthetic"
    root.mkdir()
    write_archive(root, 300)
    compare("synthetic", root, monkeypatch)


@pytest.mark.parametrize("seed", range(4))
def test_fast_reader_matches_the_event_reader_on_damaged_front_matter(seed):
    """The libyaml node reader and the event reader give the same nodes, lines and problems (in order)
    on the sample records damaged at random: stray colons, dashes, brackets, quotes, tabs, full-width
    signs, control characters, deleted characters and repeated lines."""
    import random
    rng = random.Random(seed)
    files = [p.read_bytes().decode("utf-8") for p in sorted((REPO / "clients").rglob("*.md"))]
    bits = [" ", "  ", "\t", ":", ": ", "- ", "-", "[", "]", "{", "}", ",", '"', "'", "#", "|", ">", "?", "? ", "\n",
            "\n  ", "yes", "NO", "1:30", "2026-01-01", "~", "\u3000", "：", "ｄｕｅ", "\x07", "\\", "a: b", "\n- ", "\ntype: job\n"]
    fast = 0
    for _ in range(400):
        text = rng.choice(files)
        end = text.find("\n---", 3)
        fm = text[:end]
        for _ in range(rng.randint(1, 4)):
            i = rng.randint(4, len(fm))
            op = rng.random()
            if op < 0.6:
                fm = fm[:i] + rng.choice(bits) + fm[i:]
            elif op < 0.8:
                fm = fm[:i] + fm[i + rng.randint(1, 5):]
            else:
                lines = fm.split("\n")
                lines.insert(rng.randrange(1, len(lines)), lines[rng.randrange(1, len(lines))])
                fm = "\n".join(lines)
        data = (fm + text[end:]).encode("utf-8")
        fast += yamlio._composable(fm[4:])
        quick = yamlio.read_document(data)
        reference = _event_reader(data)
        assert (shape(quick.front), quick.problems) == (shape(reference.front), reference.problems), fm
    assert fast > 300  # the damage mostly leaves the text to the fast reader: it is what is tested


def shape(node):
    """A node tree as plain values, lines included, to compare two readers' output."""
    if isinstance(node, yamlio.YMap):
        return ("map", node.line, node.end, dict(node.lines), [(k, shape(v)) for k, v in node.items()])
    if isinstance(node, yamlio.YList):
        return ("list", node.line, [shape(v) for v in node])
    if isinstance(node, yamlio.Scalar):
        return ("scalar", node.text, node.tag, node.quoted, node.line)
    return node


def _event_reader(data: bytes):
    original = yamlio._composable
    yamlio._composable = lambda fm: False
    try:
        return yamlio.read_document(data)
    finally:
        yamlio._composable = original


def test_nesting_beyond_the_limit_never_reaches_the_recursive_composer():
    """Deep block or flow nesting is refused by the depth bound before libyaml composes anything,
    and the event reader then says where it starts."""
    deep_block = "type: job\n" + "".join(" " * i + f"k{i}:\n" for i in range(70)) + " " * 70 + "v: 1\n"
    assert not yamlio._composable(deep_block)
    assert not yamlio._composable("a: " + "[" * 70 + "]" * 70 + "\n")
    assert not yamlio._composable("- " * 40 + "x\n")
    assert yamlio._composable("type: job\ntitle: 冬季新品海报\nbrief:\n  date: 2026-02-09\n  ad: 周志远\n")
    doc = yamlio.read_document(("---\n" + deep_block + "---\n").encode())
    assert doc.front is None and any("嵌套太深" in p.message and p.fatal for p in doc.problems)
