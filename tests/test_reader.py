"""Reading record files: every kind of bad input gets a clear Chinese finding with the right
rule, file, line and field, the file is left untouched, and nothing makes `check` crash.

Line numbers below refer to JOB_MD in conftest.py: 3 job_no, 6 title, 7 kind, 11 due,
13 third_party.
"""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from conftest import BRAND_MD, CLIENT_MD, JOB, JOB_MD, REPO, job_md, make_project

from generators.rules.check import check_archive
from generators.archive.findings import format_json, format_text
from generators.archive.yamlio import Scalar, read_document

CJK = re.compile(r"[\u4e00-\u9fff]")
CONFLICT = job_md(**{"title: 冬季新品海报\n": "<<<<<<< HEAD\ntitle: 冬季新品海报\n=======\ntitle: 冬季海报\n>>>>>>> winter\n"})


def findings_for(root: Path, rel: str) -> list:
    _archive, findings, _ctx = check_archive(root, use_git=False)
    assert not [f for f in findings if "运行出错" in f.message], findings  # a rule crashed
    return [f for f in findings if f.path == rel]


# name, file content, path, then the finding expected: rule, line, field, words the message must contain
BAD = [
    ("missing-front-matter", "# 冬季新品海报\n\n没有字段区的记录。\n", JOB, "REQ-YAML", 1, "", "没有 front matter"),
    ("unterminated-front-matter", "---\ntype: job\ntitle: 海报\n", JOB, "REQ-YAML", 1, "", "没有结束的 ---"),
    ("empty-front-matter", "---\n---\n\n正文\n", JOB, "REQ-YAML", 1, "", "front matter 是空的"),
    ("yaml-syntax-colon", job_md(**{"title: 冬季新品海报": "title: 海报: 冬季版"}), JOB, "REQ-YAML", 6, "", "多了一个冒号"),
    ("yaml-syntax-unclosed-quote", job_md(**{"title: 冬季新品海报": 'title: "冬季新品海报'}), JOB, "REQ-YAML", 6, "", "引号一直没有结束"),
    ("yaml-syntax-tab", job_md(**{"kind: creative": "\tkind: creative"}), JOB, "REQ-YAML", 7, "", "Tab"),
    ("duplicate-key", job_md(**{"kind: creative\n": "kind: creative\nkind: media\n"}), JOB, "REQ-YAML", 8, "kind", "kind 写了两次（第 7 行和第 8 行）"),
    ("octal-job-no", job_md(**{'job_no: "HXF-2026-0001"': "job_no: 0042"}), JOB, "REQ-YAML", 3, "job_no", "“0042”没有加引号"),
    ("sexagesimal-time", job_md(**{"title: 冬季新品海报": "title: 12:30"}), JOB, "REQ-YAML", 6, "title", "“12:30”没有加引号"),
    ("no-as-boolean-in-text", job_md(**{"title: 冬季新品海报": "title: NO"}), JOB, "REQ-YAML", 6, "title", "读成是/否"),
    ("no-as-boolean-in-bool", job_md(**{"third_party: false": "third_party: NO"}), JOB, "REQ-FIELDS", 13, "third_party", "“NO”不是 true 或 false"),
    ("impossible-date", job_md(**{"due: 2026-12-20": "due: 2026-02-30"}), JOB, "REQ-FIELDS", 11, "due", "日期 2026-02-30 不存在"),
    ("wrong-enum", job_md(**{"kind: creative": "kind: poster"}), JOB, "REQ-FIELDS", 7, "kind", "“poster”不在可选值里"),
    ("negative-amount", job_md(**{"third_party: false\n": "third_party: false\nestimate:\n  amount: -500\n"}),
     JOB, "REQ-FIELDS", 15, "estimate.amount", "金额 -500 是负数"),
    ("huge-amount", job_md(**{"third_party: false\n": "third_party: false\nestimate:\n  amount: 123456789012345678901234567890\n"}),
     JOB, "REQ-FIELDS", 15, "estimate.amount", "位数太多"),
    ("missing-required", job_md(**{"ae: 王芳\n": ""}), JOB, "REQ-FIELDS", 8, "ae", "必填字段 ae（客户执行 AE）缺失"),
    ("gbk-encoding", job_md().encode("gb18030"), JOB, "REQ-YAML", 6, "", "GBK/GB18030"),
    ("utf8-bom", b"\xef\xbb\xbf" + job_md().encode(), JOB, "REQ-YAML", 1, "", "BOM"),
    ("empty-file", b"", JOB, "REQ-YAML", 1, "", "文件是空的"),
    ("blank-file", b"\n  \n\n", JOB, "REQ-YAML", 1, "", "文件是空的"),
    ("binary-file", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", JOB, "REQ-YAML", 1, "", "不是文本文件"),
    ("control-character", job_md(**{"title: 冬季新品海报": "title: 冬季\x07新品海报"}), JOB, "REQ-YAML", 6, "", "控制字符"),
    ("conflict-markers", CONFLICT, JOB, "REQ-YAML", 6, "", "合并冲突标记"),
    ("outside-file-plan", job_md(), "clients/huaxin-foods/notes/winter.md", "RET-PATH", 1, "", "应放在 clients/huaxin-foods/jobs/HXF-2026-0001/job.md"),
    ("unknown-type", "---\ntype: poster\ntitle: 海报\n---\n", "clients/huaxin-foods/misc/poster.md", "REQ-FIELDS", 2, "type", "记录类型“poster”不存在"),
    ("yaml-alias-loop", job_md(**{"third_party: false\n": "third_party: false\nschedule: &s [*s]\n"}),
     JOB, "REQ-YAML", 14, "schedule[0]", "锚点/别名"),
    # confidentiality fails closed (these records are also treated as confidential: test_confidential.py)
    ("confidential-typo", job_md(**{"third_party: false\n": "third_party: false\nconfidental: true\n"}),
     JOB, "REQ-KEY-TYPO", 14, "confidental", "您是不是要写 confidential？"),
    ("confidential-capital", job_md(**{"third_party: false\n": "third_party: false\nConfidential: true\n"}),
     JOB, "REQ-KEY-TYPO", 14, "Confidential", "您是不是要写 confidential？"),
    ("confidential-chinese", job_md(**{"third_party: false\n": "third_party: false\n保密: 是\n"}),
     JOB, "REQ-KEY-TYPO", 14, "保密", "您是不是要写 confidential？"),
    ("confidential-nested", job_md(**{"third_party: false\n": "third_party: false\nbrief:\n  confidential: true\n"}),
     JOB, "REQ-KEY-TYPO", 15, "brief.confidential", "只能写在 front matter 的最上层"),
    ("confidential-yes", job_md(**{"third_party: false\n": "third_party: false\nconfidential: yes\n"}),
     JOB, "REQ-FIELDS", 14, "confidential", "“yes”不是 true 或 false"),
    ("confidential-quoted-true", job_md(**{"third_party: false\n": 'third_party: false\nconfidential: "true"\n'}),
     JOB, "REQ-FIELDS", 14, "confidential", "“true”不是 true 或 false"),
    ("confidential-one", job_md(**{"third_party: false\n": "third_party: false\nconfidential: 1\n"}),
     JOB, "REQ-FIELDS", 14, "confidential", "“1”不是 true 或 false"),
    ("confidential-empty", job_md(**{"third_party: false\n": "third_party: false\nconfidential:\n"}),
     JOB, "REQ-FIELDS", 14, "confidential", "“”不是 true 或 false"),
    ("confidential-fullwidth", job_md(**{"third_party: false\n": "third_party: false\nconfidential: ｔｒｕｅ\n"}),
     JOB, "REQ-FIELDS", 14, "confidential", "全角字母"),
    ("confidential-twice", job_md(**{"third_party: false\n": "third_party: false\nconfidential: false\nconfidential: true\n"}),
     JOB, "REQ-YAML", 15, "confidential", "confidential 写了两次"),
    ("second-front-matter", job_md(**{"---\n\n## 工作简报": "---\n---\nconfidential: true\n---\n\n## 工作简报"}),
     JOB, "REQ-YAML", 16, "confidential", "又有一组 --- 包起来的字段（confidential）"),
    ("misspelt-known-key", job_md(**{"title: 冬季新品海报": "titel: 冬季新品海报"}), JOB, "REQ-KEY-TYPO", 6, "titel", "您是不是要写 title（工作名称）？"),
    ("misspelt-nested-key", job_md(**{"third_party: false\n": "third_party: false\nestimate:\n  ammount: 5000\n"}),
     JOB, "REQ-KEY-TYPO", 15, "estimate.ammount", "您是不是要写 amount"),
    # hostile YAML
    ("key-number", job_md(**{"third_party: false\n": "third_party: false\n42: x\n"}), JOB, "REQ-YAML", 14, "42", "字段名“42”会被 YAML 读成数字"),
    ("key-tilde", job_md(**{"third_party: false\n": "third_party: false\n~: x\n"}), JOB, "REQ-YAML", 14, "~", "读成空值"),
    ("key-empty", job_md(**{"third_party: false\n": 'third_party: false\n"": x\n'}), JOB, "REQ-YAML", 14, "", "字段名是空的"),
    ("key-yes", job_md(**{"third_party: false\n": "third_party: false\nyes: x\n"}), JOB, "REQ-YAML", 14, "yes", "是/否"),
    ("key-date", job_md(**{"third_party: false\n": "third_party: false\n2026-11-20: 开会\n"}), JOB, "REQ-YAML", 14, "2026-11-20", "读成日期"),
    ("key-merge", job_md(**{"third_party: false\n": "third_party: false\n<<: {a: 1}\n"}), JOB, "REQ-YAML", 14, "<<", "合并标记"),
    ("key-list", job_md(**{"third_party: false\n": "third_party: false\n[a, b]: x\n"}), JOB, "REQ-YAML", 14, "", "字段名必须是简单的文字"),
    ("key-complex", job_md(**{"third_party: false\n": "third_party: false\n? {a: 1}\n: x\n"}), JOB, "REQ-YAML", 14, "", "字段名必须是简单的文字"),
    ("custom-tag", job_md(**{"am: 林晓岚": "am: !staff 林晓岚"}), JOB, "REQ-YAML", 9, "am", "YAML 标签 !staff"),
    ("python-tag", job_md(**{"title: 冬季新品海报": "title: !!python/object:os.system 冬季新品海报"}), JOB, "REQ-YAML", 6, "title", "!!python/object:os.system"),
    ("tagged-list", job_md(**{"third_party: false\n": "third_party: false\nschedule: !!set {a, b}\n"}), JOB, "REQ-YAML", 14, "schedule", "YAML 标签 !!set"),
    ("dot-fence", job_md(**{"吴迪}\n---\n": "吴迪}\n...\n"}), JOB, "REQ-YAML", 15, "", "用 ... 结束（第 15 行）"),
    ("fullwidth-job-no", job_md(**{'job_no: "HXF-2026-0001"': 'job_no: "HXF-２０２６-０００１"'}), JOB, "REQ-FIELDS", 3, "job_no", "全角字符（２０２６、０００１）"),
    ("fullwidth-ref", job_md(**{"client: huaxin-foods": "client: ｈｕａｘｉｎ-foods"}), JOB, "REQ-FIELDS", 4, "client", "全角字符（ｈｕａｘｉｎ）"),
    ("fullwidth-date", job_md(**{"due: 2026-12-20": "due: ２０２６-１２-２０"}), JOB, "REQ-FIELDS", 11, "due", "全角字符"),
    ("arabic-indic-amount", job_md(**{"third_party: false\n": "third_party: false\nestimate:\n  amount: ٥٠٠٠\n"}),
     JOB, "REQ-FIELDS", 15, "estimate.amount", "全角字符"),
    ("fullwidth-moment", "---\ntype: meeting\nclient: huaxin-foods\ntitle: 冬季新品沟通\nkind: meeting\nheld_at: \"2026-11-20 １４：３０\"\n---\n",
     "clients/huaxin-foods/meetings/2026-11-20-winter.md", "REQ-FIELDS", 6, "held_at", "全角字符"),
    ("body-deep-list", job_md() + "- " * 1000 + "x\n", JOB, "REQ-BODY", 24, "", "套了超过 64 层"),
    ("body-deep-indent", job_md() + "".join("    " * i + "!!! note\n" for i in range(100)), JOB, "REQ-BODY", 57, "", "缩进套了超过 64 层"),
    ("body-deep-html", job_md() + "<div markdown>\n" * 1000, JOB, "REQ-BODY", 88, "", "HTML 标签套了超过 64 层"),
    ("body-deep-brackets", job_md() + "[" * 100_000 + "x\n", JOB, "REQ-BODY", 24, "", "方括号 [ 套了超过 32 层"),
    ("oversized-file", job_md() + "正文" * 400_000, JOB, "REQ-YAML", 1, "", "超过记录文件的上限"),
    ("client-invalid-id", CLIENT_MD.replace("id: huaxin-foods", "id: Huaxin_Foods"), "clients/huaxin-foods/client.md",
     "REQ-FIELDS", 3, "id", "不是合格的编号"),
    ("deep-nesting-flow", "---\ntype: job\nx: " + "[" * 1000 + "]" * 1000 + "\n---\n", JOB, "REQ-YAML", 3, "", "嵌套太深"),
    ("deep-nesting-block", "---\ntype: job\nx:\n" + "- " * 1000 + "a\n---\n", JOB, "REQ-YAML", 4, "", "嵌套太深"),
    ("deep-nesting-indented", "---\ntype: job\n" + "".join(" " * i + f"k{i}:\n" for i in range(100)) + "---\n", JOB, "REQ-YAML", 67, "", "嵌套太深"),
    ("huge-flow-nesting", "---\ntype: job\nx: " + "[" * 100_000 + "]" * 100_000 + "\n---\n", JOB, "REQ-YAML", 2, "", "超过上限"),
    ("huge-block-nesting", "---\ntype: job\nx:\n" + "- " * 100_000 + "a\n---\n", JOB, "REQ-YAML", 2, "", "超过上限"),
]


@pytest.mark.parametrize("name,content,rel,rule,line,field,words", BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_named_and_left_untouched(tmp_path, name, content, rel, rule, line, field, words):
    project = make_project(tmp_path / "p")
    path = project.write(rel, content)
    before = path.read_bytes()
    found = findings_for(project.root, rel)
    hits = [f for f in found if (f.rule, f.line, f.field) == (rule, line, field) and words in f.message]
    assert hits, "\n".join(f"{f.rule} {f.line} {f.field!r} {f.message}" for f in found)
    for f in found:  # every finding says in Chinese what is wrong and how to fix it, and links the rule
        assert f.level == "error" and CJK.search(f.message) and CJK.search(f.fix), f
        assert f.link == f"http://127.0.0.1:8000/rules/{f.rule.lower()}/"
    assert path.read_bytes() == before  # check never rewrites a file


def test_crlf_line_endings_are_accepted(tmp_path):
    project = make_project(tmp_path / "p")
    project.write(JOB, job_md().replace("\n", "\r\n").encode())
    assert findings_for(project.root, JOB) == []


def test_crlf_keeps_line_numbers(tmp_path):
    project = make_project(tmp_path / "p")
    project.write(JOB, job_md(**{"kind: creative": "kind: poster"}).replace("\n", "\r\n").encode())
    assert [(f.rule, f.line, f.field) for f in findings_for(project.root, JOB)] == [("REQ-FIELDS", 7, "kind")]


def test_bom_and_gbk_records_are_still_read(tmp_path):
    """A BOM or GBK file is named, yet its fields are still checked (one run shows everything)."""
    project = make_project(tmp_path / "p")
    project.write(JOB, b"\xef\xbb\xbf" + job_md(**{"kind: creative": "kind: poster"}).encode("gb18030"))
    got = sorted((f.line, f.rule, f.field, f.message) for f in findings_for(project.root, JOB))
    assert [g[:3] for g in got] == [(1, "REQ-YAML", ""), (6, "REQ-YAML", ""), (7, "REQ-FIELDS", "kind")]
    assert "BOM" in got[0][3] and "GBK/GB18030" in got[1][3] and "“poster”" in got[2][3]


def test_blank_line_after_opening_dashes_keeps_line_numbers():
    doc = read_document(b"---\n\n\ntype: job\ntitle: x\n---\nbody\n")
    assert doc.problems == []
    assert doc.front.lines == {"type": 4, "title": 5}
    assert doc.body.splitlines()[doc.body.splitlines().index("body")] and doc.body_line + doc.body.splitlines().index("body") == 7


def test_scalars_keep_their_source_text_and_yaml11_tag():
    doc = read_document(job_md(**{"title: 冬季新品海报": "title: NO", 'job_no: "HXF-2026-0001"': "job_no: 0042"}).encode())
    assert doc.front["job_no"] == Scalar("0042", "int", False, 3)
    assert doc.front["title"] == Scalar("NO", "bool", False, 6)
    assert doc.front["opened"].tag == "timestamp" and doc.front["opened"].text == "2026-11-16"


def test_quoted_values_are_fine():
    project_text = job_md(**{"title: 冬季新品海报": 'title: "12:30"', "third_party: false\n": 'third_party: false\nflag: "NO"\n'})
    doc = read_document(project_text.encode())
    assert doc.problems == [] and doc.front["title"].quoted


def test_yaml_syntax_error_does_not_hide_other_files(tmp_path):
    """One broken file: the others are still checked in the same run."""
    project = make_project(tmp_path / "p")
    project.write(JOB, job_md(**{"title: 冬季新品海报": "title: 海报: 冬季版"}))
    other = "clients/huaxin-foods/jobs/HXF-2026-0002/job.md"
    project.write(other, job_md("HXF-2026-0002", **{"kind: creative": "kind: poster"}))
    _a, findings, _c = check_archive(project.root, use_git=False)
    assert {(f.path, f.rule) for f in findings} == {(JOB, "REQ-YAML"), (other, "REQ-FIELDS")}


# --- fuzz: mangled copies of real records never crash the check -------------------------------

SNIPPETS = [":", ": ", "\"", "'", "[", "]", "{", "}", "- ", "#", "&a ", "*a", "!!", "|", ">", "%", "@", "`",
            "\t", "\n", "\r\n", "---\n", "  ", "0042", "12:30", "NO", "~", "2026-02-30", "-1", "\x00", "\x07",
            "\ufeff", "<<<<<<< HEAD\n", "中文", "\\", "?", "1e999", "0x1F", ".inf", "<<: *a",
            "!staff ", "!!python/object ", "...\n", "? ", "２０", "confidental: true\n", "42: ", "- - - - ", "> > > ", "<div markdown>"]


def mangle(data: bytes, rng: random.Random) -> bytes:
    """One to three random edits of the kind people and tools make to a record file."""
    for _ in range(rng.randint(1, 3)):
        op = rng.randrange(9)
        lines = data.split(b"\n")
        pos = rng.randrange(len(data) + 1)
        if op == 0 and len(lines) > 1:
            del lines[rng.randrange(len(lines))]
            data = b"\n".join(lines)
        elif op == 1:
            i = rng.randrange(len(lines))
            lines.insert(i, lines[rng.randrange(len(lines))])
            data = b"\n".join(lines)
        elif op == 2 and len(lines) > 1:
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            data = b"\n".join(lines)
        elif op == 3:
            data = data[:pos] + rng.choice(SNIPPETS).encode() + data[pos:]
        elif op == 4:
            data = data[:pos]
        elif op == 5 and data:
            data = data[:pos] + bytes([rng.randrange(256)]) + data[pos + 1:]
        elif op == 6:
            try:
                data = data.decode("utf-8").encode("gb18030")
            except UnicodeDecodeError:
                pass
        elif op == 7:
            i = rng.randrange(len(lines))
            lines[i] = b" " * rng.randrange(5) + lines[i].lstrip()
            data = b"\n".join(lines)
        else:
            data = data.replace(b"\n", b"\r\n")
    return data


def seeds() -> list[tuple[str, bytes]]:
    """Real records: the base archive, a job, and (read only) a few of the repository's own."""
    out = [("clients/huaxin-foods/client.md", CLIENT_MD.encode()), (JOB, JOB_MD.encode()),
           ("clients/huaxin-foods/brands/huaxin-yogurt/brand.md", BRAND_MD.encode())]
    repo = sorted((REPO / "clients").rglob("*.md"))[:12] if (REPO / "clients").is_dir() else []
    out += [(p.relative_to(REPO).as_posix(), p.read_bytes()) for p in repo]
    return out


def test_fuzz_mangled_records_never_crash(tmp_path):
    rng = random.Random(20261120)
    project = make_project(tmp_path / "p")
    base = seeds()
    for _ in range(300):
        rel, data = rng.choice(base)
        project.write(rel, mangle(data, rng))
        _a, findings, _c = check_archive(project.root, use_git=False)
        assert not [f for f in findings if "运行出错" in f.message]
        format_text(findings), format_json(findings)
        clean = dict(base[:3])  # back to the clean base archive for the next round
        if rel in clean:
            project.write(rel, clean[rel])
        else:
            (project.root / rel).unlink()


def test_fuzz_cli_exit_code_and_no_traceback(tmp_path):
    """Many mangled files in one archive, through the real CLI: exit 0 or 1, never a traceback."""
    from conftest import run_cli
    rng = random.Random(7)
    project = make_project(tmp_path / "p")
    base = seeds()
    for i in range(60):
        rel, data = rng.choice(base)
        folder = f"clients/fuzz-{i:02d}/{rel.split('/', 2)[2]}"
        project.write(folder, mangle(data, rng))
    for fmt in ("text", "json"):
        done = run_cli(project.root, "check", "--format", fmt)
        assert done.returncode in (0, 1), done.stderr
        assert "Traceback" not in done.stdout + done.stderr
        assert "运行出错" not in done.stdout
