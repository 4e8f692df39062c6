"""The one-walk reader (generators/archive/fastread.py) against the careful one (nodes built, then
validated): the same record and the same findings for every file, and the careful way taken for
every file that has anything to report."""
from __future__ import annotations

import random
from dataclasses import asdict
from pathlib import Path

import pytest
from conftest import REPO, job_md

from generators.archive import fastread
from generators.archive.config import load_settings
from generators.archive.records import read_record


def read_both(root: Path, rel: str, data: bytes, monkeypatch):
    """(record, findings, whether the one walk typed it) read each way."""
    taken = []
    real = fastread.typed

    def spy(node, schema, offset=1):
        out = real(node, schema, offset)
        taken.append(out is not None)
        return out

    settings = load_settings(root)
    with monkeypatch.context() as m:
        m.setattr(fastread, "typed", spy)
        fast = read_record(root, rel, settings, data)
    with monkeypatch.context() as m:
        m.setattr(fastread, "typed", lambda node, schema, offset=1: None)
        careful = read_record(root, rel, settings, data)
    return fast, careful, any(taken)


def shape(result):
    """A read record as plain values (its data by repr: the same types too, a Decimal is not a str), and its findings."""
    record, findings = result
    if record is None:
        return None, [asdict(f) for f in findings]
    return ((record.path, record.type, repr(record.data), dict(record.lines), list(record.lines), record.body,
             record.body_line, record.slug, record.sealed, record.unread), [asdict(f) for f in findings])


def sample_files():
    return [(p.relative_to(REPO).as_posix(), p.read_bytes()) for p in sorted((REPO / "clients").rglob("*.md"))]


def test_every_sample_record_reads_the_same_either_way(monkeypatch):
    fast_ones = 0
    for rel, data in sample_files():
        fast, careful, taken = read_both(REPO, rel, data, monkeypatch)
        assert shape(fast) == shape(careful), rel
        if taken:
            fast_ones += 1
    assert fast_ones > len(sample_files()) // 2  # the one walk is what most records take: it is tested


@pytest.mark.parametrize("seed", range(3))
def test_damaged_records_read_the_same_either_way(seed, monkeypatch):
    """Random damage to the sample records' front matter (the kinds of slips people make): whichever
    way a damaged file is read, its record and findings are the same."""
    rng = random.Random(seed)
    files = sample_files()
    bits = [" ", "  ", "\t", ":", ": ", "- ", "-", "[", "]", "{", "}", ",", '"', "'", "#", "\n", "\n  ", "yes", "NO", "on",
            "1:30", "2026-01-01", "2026-02-30", "~", "\u3000", "：", "ｄｕｅ", "\\", "a: b", "\n- ", "\ntype: job\n", "\nconfidental: true\n",
            "\n  confidential: true\n", "\ntitle: 重复\n", "\nstatus: notice\n"]
    taken_ok = 0
    for _ in range(250):
        rel, data = rng.choice(files)
        text = data.decode("utf-8")
        end = text.find("\n---", 3)
        fm = text[:end]
        for _ in range(rng.randint(1, 3)):
            i = rng.randint(4, len(fm))
            fm = fm[:i] + rng.choice(bits) + fm[i:] if rng.random() < 0.7 else fm[:i] + fm[i + rng.randint(1, 5):]
        damaged = (fm + text[end:]).encode("utf-8")
        fast, careful, taken = read_both(REPO, rel, damaged, monkeypatch)
        assert shape(fast) == shape(careful), fm
        taken_ok += taken
    assert taken_ok > 10  # some damage leaves a valid record (a space, a comment): the one walk is compared too


@pytest.mark.parametrize("change", [
    {"title: 冬季新品海报": "title: 冬季新品海报\ntitle: 又一个"},  # a key twice
    {"kind: creative": "kinds: creative"},  # misspelt: the field it meant is missing
    {"kind: creative": "kind: creative\nnote: 备注"},  # a key the schema does not know
    {"kind: creative": "on: creative"},  # a key YAML 1.1 reads as true
    {"am: 林晓岚": ""},  # a required field missing
    {"am: 林晓岚": "am:"},  # a required field empty
    {"status: brief": "status: notice"},  # a value its type refuses
    {"opened: 2026-11-16": "opened: 2026-02-30"},  # a date that does not exist
    {"third_party: false": "third_party: yes"},  # YAML 1.1's yes
    {"brief: {date: 2026-11-16, ad: 周志远, cd: 吴迪}": "brief: {date: 2026-11-16, ad: 周志远, cd: 吴迪, confidential: true}"},
    {"brief: {date: 2026-11-16, ad: 周志远, cd: 吴迪}": "brief: 周志远"},  # an object written as text
    {"title: 冬季新品海报": "ｔｉｔｌｅ: 冬季新品海报"},  # a full-width key
    {"type: job": "type: jobs"},  # a type that does not exist
])
def test_a_record_with_anything_to_report_is_read_the_careful_way(change, monkeypatch):
    rel = "clients/huaxin-foods/jobs/HXF-2026-0001/job.md"
    fast, careful, taken = read_both(REPO, rel, job_md(**change).encode("utf-8"), monkeypatch)
    assert not taken
    assert shape(fast) == shape(careful)
    assert careful[1] or careful[0] is None or careful[0].sealed  # each change is reported


def test_a_clean_record_takes_the_one_walk_and_keeps_its_problems_outside_the_front_matter(monkeypatch):
    """The one walk replaces only the front matter's reading: a BOM before it and a second block of
    fields after it are still said, and the second block's `confidential` still seals the record."""
    rel = "clients/huaxin-foods/jobs/HXF-2026-0001/job.md"
    clean = job_md()
    fast, careful, taken = read_both(REPO, rel, clean.encode("utf-8"), monkeypatch)
    assert taken and shape(fast) == shape(careful) and fast[1] == [] and fast[0].data["brief"]["ad"] == "周志远"
    odd = "\ufeff" + clean.replace("---\n\n## 工作简报", "---\n\n---\nconfidential: true\n---\n\n## 工作简报", 1)
    fast, careful, taken = read_both(REPO, rel, odd.encode("utf-8"), monkeypatch)
    assert taken and shape(fast) == shape(careful)
    assert {f.rule for f in fast[1]} == {"REQ-YAML"} and len(fast[1]) == 2 and fast[0].sealed


def test_a_schema_field_named_like_confidential_below_the_top_is_read_the_careful_way(tmp_path, monkeypatch):
    """A project's own type may name a nested field `confidential` (it is not one the schema can make
    work: only the top-level one seals a record). The careful way says so and seals the record; the
    one walk must not type it quietly."""
    from test_new_type import SCHEMA, TEMPLATE
    root = tmp_path / "project"
    (root / "schemas").mkdir(parents=True)
    (root / "archive.toml").write_bytes((REPO / "archive.toml").read_bytes())
    (root / "schemas/store-visit.yml").write_text(
        SCHEMA.replace("sections:", "  security: {type: object, label: 安全, fields: {confidential: {type: bool, label: 保密}}}\nsections:"),
        encoding="utf-8")
    (root / "schemas/store-visit.md.j2").write_text(TEMPLATE, encoding="utf-8")
    rel = "clients/huaxin-foods/store-visits/2026-11-10-visit.md"
    text = "---\ntype: store-visit\nclient: huaxin-foods\nstore: 人民路店\nvisited_on: 2026-11-10\nvisitor: 王芳\n{}---\n## 发现\n\n整齐。\n"
    fast, careful, taken = read_both(root, rel, text.format("").encode(), monkeypatch)
    assert taken and shape(fast) == shape(careful) and fast[1] == []
    fast, careful, taken = read_both(root, rel, text.format("security:\n  confidential: true\n").encode(), monkeypatch)
    assert not taken and shape(fast) == shape(careful)
    assert careful[0].sealed and [f.rule for f in careful[1]] == ["REQ-KEY-TYPO"]


def test_the_closing_fence_found_by_one_search_is_the_first_fence_line():
    """split_document finds the closing --- (or ...) with one regex search: the same line as testing
    every line after the first against both fences, on random mixes of near-fences."""
    from generators.archive import yamlio
    rng = random.Random(7)
    parts = ["---", "--- ", "----", "...", "....", ".. ", "-- ", "x", "a: b", "\t", "---\t ", "---x", " ---", "", "\u3000---"]
    for _ in range(5000):
        lines = [rng.choice(parts) for _ in range(rng.randint(1, 6))]
        text = "\n".join(lines)
        every_line = next((i for i in range(1, len(lines)) if yamlio._FENCE.fullmatch(lines[i]) or yamlio._DOT_FENCE.fullmatch(lines[i])), None)
        found = yamlio._CLOSE.search(text, len(lines[0]) + 1)
        assert (text.count("\n", 0, found.start()) if found else None) == every_line, lines


def test_the_substring_tests_say_what_the_regexes_say():
    """`_event_only` is `_NOT_COMPOSABLE.search`, and a conflict marker is only looked for where
    `<<<<<<<` occurs, on random mixes of the characters and line starts they look for."""
    from generators.archive import yamlio
    rng = random.Random(11)
    parts = ["a", " ", "\n", "-", "---", "...", "..", "%", "!", "&", "*", "<<<<<<<", "<<<<<<< x", "=======", ">>>>>>>", "<", "：", "\t"]
    for _ in range(5000):
        text = "".join(rng.choice(parts) for _ in range(rng.randint(0, 8)))
        assert yamlio._event_only(text) == bool(yamlio._NOT_COMPOSABLE.search(text)), repr(text)
        marked = any(m.group(1).startswith("<") for m in yamlio._CONFLICT.finditer(text))
        assert not marked or "<<<<<<<" in text, repr(text)


def test_a_path_resolver_another_program_registered_does_not_change_how_records_read(monkeypatch):
    """PyYAML's path resolvers are global: one registered on its Resolver would retag values by their
    place. The node reader has none (and makes the composer's per-node tracking calls no-ops)."""
    import yaml
    from generators.archive import yamlio
    monkeypatch.setattr(yaml.resolver.Resolver, "yaml_path_resolvers", {})
    yaml.resolver.Resolver.add_path_resolver("!retagged", ["job_no"], str)
    node = yamlio.compose('type: job\njob_no: "HXF-2026-0001"\nbrief: {date: 2026-11-16}\n')
    assert [v.tag for _, v in node.value] == ["tag:yaml.org,2002:str", "tag:yaml.org,2002:str", "tag:yaml.org,2002:map"]


def test_the_node_readers_memoised_tags_are_yaml_1_1s():
    """The tag the node reader gives every scalar (memoised by text, quoted ones str at once) is PyYAML
    Resolver's, for the values YAML 1.1 reads as something else and for plain text, asked twice."""
    import yaml
    from generators.archive import yamlio
    reference, loader = yaml.resolver.Resolver(), yamlio._NodeLoader("a: 1")
    values = ["", "yes", "No", "off", "~", "null", "1", "1.5", "0x1f", "0o7", "1_000", "+1", "-.5e3", ".inf", ".NaN", "1:30",
              "2026-01-01", "2026-01-01 10:00", "<<", "=", "abc", "ｙｅｓ", "冬季新品", "x" * 80]
    for value in values * 2:
        for implicit in ((True, False), (False, True), (False, False), (True, True)):
            assert loader.resolve(yaml.ScalarNode, value, implicit) == reference.resolve(yaml.ScalarNode, value, implicit), (value, implicit)
    for kind in (yaml.SequenceNode, yaml.MappingNode):
        assert loader.resolve(kind, None, True) == reference.resolve(kind, None, True)


def test_every_synthetic_record_reads_the_same_either_way(tmp_path, monkeypatch):
    """The bench's synthetic archive (every record type, lists, nested fields, amounts, moments): each
    file's typed data (types included), lines and findings are the same read either way."""
    from generators.bench.synthetic import write_archive
    root = tmp_path / "synthetic"
    root.mkdir()
    write_archive(root, 300)
    files = sorted((root / "clients").rglob("*.md"))
    fast_ones = 0
    for path in files:
        rel = path.relative_to(root).as_posix()
        fast, careful, taken = read_both(root, rel, path.read_bytes(), monkeypatch)
        assert shape(fast) == shape(careful), rel
        fast_ones += taken
    assert fast_ones > len(files) * 0.9


def test_the_nesting_bound_reads_lines_as_the_block_prefix_does():
    # yamlio._composable asks whether any line starts wider than a bound; it must answer as the widest
    # _BLOCK_PREFIX match would, or libyaml's recursive composer could meet nesting past _MAX_DEPTH
    import random

    from generators.archive import yamlio
    rng = random.Random(3)
    pieces = [" ", "  ", "\t", "- ", "-", "? ", ": ", ":", "a", "b: c", "[", "{", "#", "-x", "\n"]
    for _ in range(4000):
        fm = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 60)))
        flow = fm.count("[") + fm.count("{")
        widest = max(len(m) for m in yamlio._BLOCK_PREFIX.findall(fm))
        expected = flow <= yamlio._MAX_DEPTH and 2 * (widest + 1) + flow <= yamlio._MAX_DEPTH
        got = flow <= yamlio._MAX_DEPTH and (w := (yamlio._MAX_DEPTH - flow) // 2 - 1) >= 0 and yamlio._wider_than(w).search(fm) is None
        assert got == expected, repr(fm)
    for flow in range(0, 70, 3):  # prefixes around the bound, of every kind of character it counts
        bound = (yamlio._MAX_DEPTH - flow) // 2 - 1
        for n in range(max(bound - 3, 0), bound + 4):
            prefix = "".join(rng.choice([" ", "\t", "- ", "? ", ": "]) for _ in range(n))[:n]
            fm = "a: 1\n" + prefix + "k: v\n" + "[" * flow
            widest = max(len(m) for m in yamlio._BLOCK_PREFIX.findall(fm))
            expected = flow <= yamlio._MAX_DEPTH and 2 * (widest + 1) + flow <= yamlio._MAX_DEPTH
            assert yamlio._composable(fm) == (expected and not yamlio._event_only(fm)), (flow, n, prefix)
    deep = "\n".join(" " * (2 * i) + f"k{i}:" for i in range(40))
    assert not yamlio._composable(deep) and yamlio._composable("a: 1\nb:\n  - c\n")
