"""Messages for people who do not program (issue 12 item 6), through the real `check`:
full-width punctuation named with the corrected line, the client taken from the record's
folder, one problem one message, the line where a field is or belongs, Chinese names beside
field paths, and a build log without the libraries' English notices."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import CLIENT_MD, JOB, REPO, job_md

from generators.archive.findings import Finding
from generators.rules.cascade import repeats

OTHER = "clients/acme-co/client.md"
OTHER_MD = CLIENT_MD.replace("huaxin-foods", "acme-co").replace("code: HXF", "code: ACM").replace("华信", "艾克")
MEETING = "clients/acme-co/meetings/2026-11-16-weekly.md"
MEETING_MD = """\
---
type: meeting
client: acme-co
title: 艾克周会
kind: meeting
held_at: "2026-11-16 10:00"
location: 会议室
attendees:
  client:
    - 陆佳
  agency:
    - 王芳
sent_at: "2026-11-16 18:00"
acknowledged_at: "2026-11-17 10:00"
actions:
  - what: 出方案
    owner: 王芳
    due: 2026-11-30
---

## 讨论要点

无。
"""


def meeting(**replace: str) -> str:
    text = MEETING_MD
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


@pytest.fixture
def check(monkeypatch, capsys):
    """`check --format json --no-git` through the CLI's own main() in the project (in-process:
    fast; the subprocess path is tested once below): the exit code and the findings."""
    from generators.cli import main

    def run(project):
        monkeypatch.chdir(project.root)
        code = main(["check", "--format", "json", "--no-git"])
        return code, json.loads(capsys.readouterr().out)
    return run


@pytest.fixture
def two(project):
    """The base archive plus a second client, acme-co (so that the first client is not the folder's)."""
    project.write(OTHER, OTHER_MD)
    return project


def about(findings: list[dict], path: str) -> list[dict]:
    return [f for f in findings if f["path"] == path]


def test_clean_meeting_has_no_findings(two, check):
    two.write(MEETING, MEETING_MD)
    code, found = check(two)
    assert about(found, MEETING) == [] and code == 0, found


# --- full-width punctuation -------------------------------------------------------------------

@pytest.mark.parametrize("old,new,line,words,fixed", [
    ("location: 会议室", "location：会议室", 7, "第 7 行“location：会议室”用了中文冒号“：”", "把这一行改成：location: 会议室"),
    ("location: 会议室", "location:会议室", 7, "第 7 行“location:会议室”冒号后面没有空格", "把这一行改成：location: 会议室"),
    ("  agency:\n    - 王芳", "  agency：\n    - 王芳", 11, "第 11 行“agency：”用了中文冒号“：”", "把这一行改成：agency:"),
    ("  client:\n    - 陆佳", "  client:\n\u3000- 陆佳", 10, "行首用了全角空格", "把这一行改成：- 陆佳"),
], ids=["colon", "no-space", "colon-before-list", "fullwidth-space-indent"])
def test_fullwidth_punctuation_in_yaml_is_named_with_the_corrected_line(two, old, new, line, words, fixed, check):
    two.write(MEETING, meeting(**{old: new}))
    code, found = check(two)
    mine = about(found, MEETING)
    assert code == 1 and len(mine) == 1, mine  # one problem, one message
    f = mine[0]
    assert (f["rule"], f["line"]) == ("REQ-YAML", line), f
    assert words in f["message"] and "YAML 只认半角" in f["message"], f["message"]
    assert fixed in f["fix"] and "关掉全角" in f["fix"], f["fix"]
    assert "解析器提示" not in f["message"]  # no English parser text when we know what it is


def test_fullwidth_colon_in_a_list_item_names_the_field(two, check):
    two.write(MEETING, meeting(**{"  - what: 出方案\n    owner: 王芳\n    due: 2026-11-30\n": "  - what：出方案\n"}))
    code, found = check(two)
    mine = about(found, MEETING)
    assert code == 1 and len(mine) == 1, mine
    assert (mine[0]["rule"], mine[0]["line"], mine[0]["field"]) == ("REQ-FIELDS", 16, "actions[0]")
    assert mine[0]["message"] == "actions[0]（下一步行动 第 1 项）：“what：出方案”用了中文冒号“：”，YAML 把整行当成了一段文字，读不出其中的字段。"
    assert mine[0]["fix"] == "关掉全角，改成：what: 出方案"


def test_fullwidth_spaces_before_a_key_are_one_message(two, check):
    two.write(MEETING, meeting(**{"location: 会议室": "\u3000\u3000location: 会议室"}))
    code, found = check(two)
    mine = about(found, MEETING)
    assert len(mine) == 1, mine  # not also "unknown key" and "missing location"
    assert (mine[0]["rule"], mine[0]["line"], mine[0]["field"]) == ("REQ-YAML", 7, "location")
    assert "全角空格" in mine[0]["message"] and mine[0]["fix"].endswith("location: …")


def test_chinese_quotes_around_a_job_number_are_named(project, check):
    project.write(JOB, job_md(**{'job_no: "HXF-2026-0001"': "job_no: “HXF-2026-0001”"}))
    code, found = check(project)
    mine = about(found, JOB)
    assert code == 1 and [f["rule"] for f in mine] == ["REQ-FIELDS"], mine
    assert mine[0]["message"].startswith("job_no（工作号）：「“HXF-2026-0001”」里有全角字符（中文引号 “ ”）"), mine[0]["message"]
    assert mine[0]["fix"] == '关掉全角，用半角（英文输入法）重新输入：job_no: "HXF-2026-0001"'


# --- the client from the folder, and RET-PATH --------------------------------------------------

def test_missing_client_is_told_the_folders_client_at_the_line_it_belongs(two, check):
    two.write(MEETING, meeting(**{"client: acme-co\n": ""}))
    code, found = check(two)
    mine = about(found, MEETING)
    assert code == 1 and len(mine) == 1, mine  # no RET-PATH telling to move the file
    f = mine[0]
    assert (f["rule"], f["line"], f["field"]) == ("REQ-FIELDS", 3, "client")
    assert f["message"] == "必填字段 client（客户）缺失。"
    assert f["fix"].startswith("在 type 下面（第 3 行）加上一行：client: acme-co")
    assert "huaxin-foods" not in f["fix"]


def test_client_that_contradicts_the_folder_names_the_field_before_git_mv(two, check):
    two.write(MEETING, meeting(**{"client: acme-co": "client: huaxin-foods"}))
    code, found = check(two)
    mine = [f for f in about(found, MEETING) if f["rule"] == "RET-PATH"]
    assert code == 1 and len(mine) == 1, found
    f = mine[0]
    assert (f["line"], f["field"]) == (3, "client")
    assert f["message"] == "这份会议报告的字段与它的位置不一致：client（客户）写的是 huaxin-foods，文件所在的位置却是 acme-co。"
    assert f["fix"].startswith("如果位置是对的，把第 3 行改成 `client: acme-co`；如果字段是对的，执行 `git mv ")


# --- one problem, one message ----------------------------------------------------------------

def test_bad_date_in_an_action_is_not_also_a_missing_due(two, check):
    two.write(MEETING, meeting(**{"due: 2026-11-30": "due: 2026-11-31"}))
    code, found = check(two)
    mine = about(found, MEETING)
    assert code == 1 and len(mine) == 1, mine
    assert (mine[0]["rule"], mine[0]["line"], mine[0]["field"]) == ("REQ-FIELDS", 18, "actions[0].due")
    assert mine[0]["message"] == "actions[0].due（下一步行动 第 1 项·期限）：日期 2026-11-31 不存在（月份或日子超出范围）。"


def test_bad_date_and_missing_owner_give_one_message_each(two, check):
    two.write(MEETING, meeting(**{"    owner: 王芳\n    due: 2026-11-30": "    due: 2026-11-31"}))
    _code, found = check(two)
    mine = {f["rule"]: f for f in about(found, MEETING)}
    assert set(mine) == {"REQ-FIELDS", "MTG-ACTIONS"}, found
    assert mine["MTG-ACTIONS"]["message"] == "行动事项“出方案”没有负责人 owner。"


def test_misspelt_key_is_not_also_a_missing_field(project, check):
    project.write(JOB, job_md(**{"title: 冬季新品海报": "titel: 冬季新品海报"}))
    _code, found = check(project)
    assert [(f["rule"], f["field"]) for f in about(found, JOB)] == [("REQ-KEY-TYPO", "titel")]


@pytest.mark.parametrize("field,message,dropped", [
    ("actions[0].due", "行动事项已过期。", True),  # at the unreadable field itself
    ("actions[0]", "行动事项“出方案”没有期限 due。", True),  # at its parent, naming it
    ("actions[0]", "行动事项“出方案”没有负责人 owner。", False),  # another field of the parent
    ("actions[1]", "行动事项“写稿”没有期限 due。", False),  # another item
    ("", "这个位置不在档案规划里：clients/...", False),  # “clients” is not the field “client”
])
def test_a_later_rule_repeating_a_read_error_is_dropped(field, message, dropped):
    f = Finding("clients/a/m.md", 3, field, "MTG-ACTIONS", "error", message)
    assert repeats(f, frozenset({"actions[0].due", "client"})) is dropped
    read = Finding("clients/a/m.md", 3, "actions[0].due", "REQ-FIELDS", "error", "日期不存在")
    assert not repeats(read, frozenset({"actions[0].due"}))  # the read error itself stays


# --- lines and Chinese names -----------------------------------------------------------------

def test_missing_field_points_where_it_belongs(project, check):
    project.write(JOB, job_md(**{"ae: 王芳\n": ""}))
    _code, found = check(project)
    f = next(f for f in found if f["field"] == "ae")
    assert f["line"] == 8  # the line after `kind:` (line 7), where `ae:` goes
    assert f["fix"] == "在 kind 下面（第 8 行）加上一行：ae: 王芳（负责这张工作单的客户执行，写名册上的姓名）"


def test_missing_last_field_points_at_the_end_of_the_front_matter(two, check):
    text = meeting(**{"attendees:\n  client:\n    - 陆佳\n  agency:\n    - 王芳\n": ""})
    text = text.split("sent_at:")[0] + "---\n\n## 讨论要点\n\n无。\n"
    two.write(MEETING, text)
    _code, found = check(two)
    f = next(f for f in about(found, MEETING) if f["field"] == "attendees")
    assert text.split("\n")[f["line"] - 1] == "---" and f["line"] == 8
    assert f["fix"].startswith("在 location 下面（第 8 行）加上一行：attendees:")


def test_missing_first_field_points_at_the_first_line(two, check):
    two.write(MEETING, meeting(**{"type: meeting\n": ""}))
    _code, found = check(two)
    f = next(f for f in about(found, MEETING) if f["field"] == "type")
    assert f["line"] == 2


def test_empty_list_item_says_empty_with_its_chinese_name(two, check):
    two.write(MEETING, meeting(**{"    - 陆佳": "    -"}))
    code, found = check(two)
    mine = about(found, MEETING)
    assert code == 1 and len(mine) == 1, mine
    assert (mine[0]["line"], mine[0]["field"]) == (10, "attendees.client[0]")
    assert mine[0]["message"] == "attendees.client[0]（出席·客户方 第 1 项）：值是空的。"


def test_text_output_names_fields_in_chinese_and_has_no_dash(two):
    two.write(MEETING, meeting(**{"due: 2026-11-30": "due: 2026-11-18", "location: 会议室": "location：会议室"}))
    two.write("clients/acme-co/meetings/2026-11-17-late.md",
              meeting(**{"due: 2026-11-30": "due: 2026-11-18", "2026-11-16": "2026-11-17"}))
    two.write("clients/acme-co/meetings/2026-11-18-notes.md", "会议记录\n")
    done = two.run("check", "--no-git")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    out = done.stdout
    assert f"{MEETING}:7: REQ-YAML location: [错误] 第 7 行“location：会议室”用了中文冒号“：”" in out, out
    assert (f"clients/acme-co/meetings/2026-11-17-late.md:18: MTG-ACTION-OVERDUE actions[0].due（下一步行动 第 1 项·期限）: "
            "[警告] 行动事项“出方案”（负责人 王芳）2026-11-18 到期") in out, out
    assert "clients/acme-co/meetings/2026-11-18-notes.md:1: REQ-YAML: [错误] 文件开头没有 front matter" in out, out
    assert " -: " not in out


def test_label_of_nested_and_unknown_paths():
    from generators.archive.schema import label_of, schemas
    fields = schemas()["meeting"].fields
    assert label_of(fields, "attendees.client[0]") == "出席·客户方 第 1 项"
    assert label_of(fields, "actions[1].due") == "下一步行动 第 2 项·期限"
    assert label_of(fields, "titel") == "" and label_of(fields, "title[0]") == ""


# --- the build log ---------------------------------------------------------------------------

_JIEBA = ("import jieba, generators.site.quiet as q; q.quiet_libraries(); jieba.lcut('华信鲜酪冬季新品')")


@pytest.mark.parametrize("verbose", [False, True])
def test_jieba_loading_lines_only_in_verbose_mode(tmp_path, verbose):
    env = {k: v for k, v in os.environ.items() if k != "ARCHIVE_VERBOSE"}
    env["TMPDIR"] = str(tmp_path)  # jieba's model cache
    if verbose:
        env["ARCHIVE_VERBOSE"] = "1"
    done = subprocess.run([sys.executable, "-c", _JIEBA], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert ("Building prefix dict" in done.stderr) is verbose, done.stderr


@pytest.mark.parametrize("args,quiet", [([], True), (["V=1"], False), (["ARCHIVE_VERBOSE=1"], False), (["V=0"], True)])
def test_make_sets_materials_notice_off_unless_verbose(args, quiet):
    for target in ("serve", "build", "public"):
        done = subprocess.run(["make", "-n", target, *args], cwd=REPO, capture_output=True, text=True, timeout=60)
        line = next(x for x in done.stdout.splitlines() if "-m mkdocs" in x)
        assert ("NO_MKDOCS_2_WARNING=1" in line) is quiet, line
        assert ("ARCHIVE_VERBOSE=1" in line) is not quiet, line
