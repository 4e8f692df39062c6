"""archive.toml faults: each one is a CFG-SETTINGS error naming the file, the line and the field, in
Chinese with its fix, from `check` (text and JSON), `new`, and the MkDocs build; never a traceback."""
from __future__ import annotations

import pytest
from conftest import ARCHIVE_TOML

from generators.archive.config import SettingsError, load_settings

GOOD = ARCHIVE_TOML.encode("utf-8")
STAFF = '\n[[staff]]\nname = "王芳"\nslug = "wang-fang"\nrole = "AE"\n'

# name: (archive.toml bytes, expected line, field, words in the message)
FAULTS = {
    "bom": (b"\xef\xbb\xbf" + GOOD, 1, "", "BOM"),
    "gbk": ('[archive]\nname = "华信"\n'.encode("gbk"), 2, "", "不是 UTF-8"),
    "syntax": (b'[archive]\nname = "x"\ntimezone = Asia/Shanghai\n', 3, "", "第 3 行不是合格的 TOML"),
    "unclosed string": (b'[archive]\nname = "x\n', 2, "", "不是合格的 TOML"),
    "duplicate key": (b'[archive]\nname = "x"\nname = "y"\n', 3, "", "同一个键写了两次"),
    "bad time zone": ('[archive]\nname = "x"\ntimezone = "北京时间"\n'.encode(), 3, "archive.timezone", "时区“北京时间”不存在"),
    "unknown zone": (b'[archive]\ntimezone = "Asia/Beijing"\n', 2, "archive.timezone", "不存在"),
    "zone path": (b'[archive]\ntimezone = "../../../etc/passwd"\n', 2, "archive.timezone", "不存在"),
    "zone not text": (b'[archive]\ntimezone = 8\n', 2, "archive.timezone", "应是文字"),
    "impossible as_of": (b'[archive]\nas_of = "2026-02-30"\n', 2, "archive.as_of", "2026-02-30 不存在"),
    "impossible TOML date": (b'[archive]\n\nas_of = 2026-02-30\n', 3, "", "日期或时间不存在"),
    "as_of at the edge": (b'[archive]\nas_of = 9999-12-31\n', 2, "archive.as_of", "年份 9999 不可能"),
    "as_of year one": (b'[archive]\nas_of = "0001-01-01"\n', 2, "archive.as_of", "年份 1 不可能"),
    "as_of not a date": ('[archive]\nas_of = "下周五"\n'.encode(), 2, "archive.as_of", "不是日期"),
    "as_of a number": (b'[archive]\nas_of = 20261120\n', 2, "archive.as_of", "应是日期"),
    "site_url not a URL": (b'[archive]\nsite_url = "archive"\n', 2, "archive.site_url", "不是网址"),
    "site_url javascript": (b'[archive]\nsite_url = "javascript:alert(1)//x/"\n', 2, "archive.site_url", "不是网址"),
    "javascript repo_url": (b'[archive]\nname = "x"\nrepo_url = "javascript:alert(1)//"\n', 3, "archive.repo_url", "不是网址"),
    "data repo_url": (b'[archive]\nrepo_url = "data:text/html,<script>x</script>"\n', 2, "archive.repo_url", "不是网址"),
    "repo_url breaks out of href": (b'[archive]\nrepo_url = "https://git.example.com/\\" onmouseover=\\"x"\n', 2,
                                    "archive.repo_url", "不是网址"),
    "edit_uri a javascript URL": (b'[archive]\nedit_uri = "javascript:alert(1)"\n', 2, "archive.edit_uri", "不是仓库里的相对路径"),
    "edit_uri absolute": (b'[archive]\nedit_uri = "/etc/"\n', 2, "archive.edit_uri", "不是仓库里的相对路径"),
    "edit_uri another host": (b'[archive]\nedit_uri = "//evil.example/"\n', 2, "archive.edit_uri", "不是仓库里的相对路径"),
    "edit_uri climbs out": (b'[archive]\nedit_uri = "edit/../../x/"\n', 2, "archive.edit_uri", "不是仓库里的相对路径"),
    "todo days zero": (b'[todo]\ndays = 0\n', 2, "todo.days", "1 到 366 之间的整数"),
    "todo days negative": (b'[todo]\n\ndays = -5\n', 3, "todo.days", "1 到 366 之间的整数"),
    "todo days text": (b'[todo]\ndays = "x"\n', 2, "todo.days", "加了引号的文字"),
    "todo days too many": (b'[todo]\ndays = 400\n', 2, "todo.days", "1 到 366"),
    "todo days huge": (b'[todo]\ndays = 100000000000000000000\n', 2, "todo.days", "1 到 366"),
    "todo days a fraction": (b'[todo]\ndays = 1.5\n', 2, "todo.days", "1 到 366"),
    "todo days true": (b'[todo]\ndays = true\n', 2, "todo.days", "真假值"),
    "todo not a table": (b'todo = 30\n', 1, "todo", "[todo] 段"),
    "archive not a table": (b'archive = "x"\n', 1, "archive", "应是一个表"),
    "staff without slug": ('[archive]\nname = "x"\n\n[[staff]]\nname = "王芳"\nrole = "AE"\n'.encode(), 4,
                           "staff[0].slug", "第 1 位员工（[[staff]]，第 4 行）没有 slug"),
    "staff without name": (b'[[staff]]\nslug = "wang-fang"\n', 1, "staff[0].name", "没有 name"),
    "duplicate slugs": ((STAFF + STAFF.replace("王芳", "王芳芳")).encode(), 9, "staff[1].slug", "与第 1 位员工重复"),
    "duplicate names": ((STAFF + STAFF.replace("wang-fang", "wang-fang-2")).encode(), 8, "staff[1].name", "重复"),
    "slug with a path": (STAFF.replace("wang-fang", "../../x").encode(), 4, "staff[0].slug", "不合格"),
    "name a number": (b'[[staff]]\nname = 1\nslug = "a"\n', 2, "staff[0].name", "应是文字"),
    "staff a table": (b'[staff]\nname = "x"\n', 1, "staff", "[[staff]]"),
}


@pytest.mark.parametrize("case", sorted(FAULTS))
def test_fault_is_an_error_with_line_and_fix(project, case):
    raw, line, field, words = FAULTS[case]
    project.write("archive.toml", raw)
    with pytest.raises(SettingsError) as info:
        load_settings(project.root)
    err = info.value
    assert (err.line, err.field) == (line, field) and words in err.message, str(err)
    assert err.fix and "archive.toml" in str(err)


@pytest.mark.parametrize("case", ["syntax", "staff without slug", "bad time zone", "bom"])
def test_check_reports_it_in_text_and_json(project, case):
    raw, line, field, words = FAULTS[case]
    project.write("archive.toml", raw)
    done = project.run("check")
    assert done.returncode == 1 and "Traceback" not in done.stderr + done.stdout
    assert f"archive.toml:{line}: CFG-SETTINGS" in done.stdout and words in done.stdout and "修改方法" in done.stdout
    code, findings = project.check_json()
    assert code == 1
    assert [(f["path"], f["line"], f["field"], f["rule"], f["level"]) for f in findings] == \
        [("archive.toml", line, field, "CFG-SETTINGS", "error")]
    assert findings[0]["fix"] and findings[0]["link"].endswith("/rules/cfg-settings/")


def test_staged_check_of_the_commit_hook_reports_it(project):
    import subprocess
    subprocess.run(["git", "init", "-q"], cwd=project.root, check=True)
    project.write("archive.toml", FAULTS["impossible as_of"][0])
    subprocess.run(["git", "add", "."], cwd=project.root, check=True)
    done = project.run("check", "--staged")
    assert done.returncode == 1 and "CFG-SETTINGS" in done.stdout and "Traceback" not in done.stderr


def test_new_refuses_with_the_fault(project):
    project.write("archive.toml", FAULTS["staff without slug"][0])
    done = project.run("new", "meeting", "--client", "huaxin-foods")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "没有创建：设置文件有错" in done.stderr and "archive.toml:4" in done.stderr and "没有 slug" in done.stderr


def test_the_valid_file_still_reads(tmp_path):
    (tmp_path / "archive.toml").write_bytes(GOOD)
    s = load_settings(tmp_path)
    assert s.timezone == "Asia/Shanghai" and str(s.as_of) == "2026-11-20" and len(s.staff) == 4
    (tmp_path / "archive.toml").write_bytes(b'[archive]\nas_of = 2026-11-20\n')  # a TOML date is a date too
    assert str(load_settings(tmp_path).as_of) == "2026-11-20"


def test_missing_file_is_an_error_in_check(project):
    (project.root / "archive.toml").unlink()
    with pytest.raises(SettingsError) as info:
        load_settings(project.root)
    assert "找不到设置文件 archive.toml" in info.value.message and "git checkout" in info.value.fix
    done = project.run("check")
    assert done.returncode == 1 and "Traceback" not in done.stdout + done.stderr
    assert "archive.toml:1: CFG-SETTINGS" in done.stdout and "找不到设置文件" in done.stdout


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "2026-02-30", "２０２６-11-20"])
def test_as_of_option_out_of_range_is_a_usage_error(project, value):
    done = project.run("check", "--as-of", value)
    assert done.returncode == 2 and "用法错误" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.slow
@pytest.mark.parametrize("case", ["syntax", "staff without slug", "bad time zone", "missing", "javascript repo_url"])
def test_mkdocs_build_fails_with_the_chinese_message(tmp_path, case):
    from sitebuild import RECORDS, build, make_project
    project = make_project(tmp_path / "p", RECORDS, git=False)
    if case == "missing":  # MkDocs' own English `watch` check must not come first
        (project / "archive.toml").unlink()
    else:
        (project / "archive.toml").write_bytes(FAULTS[case][0])
    done = build(project, tmp_path / "site")
    log = done.stdout + done.stderr
    assert done.returncode == 1
    assert "Traceback" not in log and "设置文件有错，网站没有构建" in log and "CFG-SETTINGS" in log
    assert ("找不到设置文件" if case == "missing" else FAULTS[case][3]) in log and "isn't an existing" not in log


@pytest.mark.parametrize("env, value", [("ARCHIVE_REPO_URL", "javascript:alert(1)//"), ("ARCHIVE_SITE_URL", "vbscript:x"),
                                        ("ARCHIVE_EDIT_URI", "https://evil.example/")])
def test_an_environment_override_is_checked_and_named(project, monkeypatch, env, value):
    monkeypatch.setenv(env, value)
    with pytest.raises(SettingsError) as info:
        load_settings(project.root)
    assert f"环境变量 {env}" in info.value.message and env in info.value.fix


def test_serve_watches_the_archive_settings_and_generators_that_exist(project):
    """`mkdocs serve` watches them from the hook (mkdocs.yml's `watch:` would stop MkDocs with an English
    error before any hook runs when archive.toml is missing)."""
    import yaml

    from generators.site.build import watched
    from sitebuild import REPO
    assert "watch" not in yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    assert watched(project.root) == [project.root / "clients", project.root / "archive.toml"]
    (project.root / "archive.toml").unlink()
    assert watched(project.root) == [project.root / "clients"]
