"""`new` with hostile or careless input: ids that would leave the archive, `--set` values that would
inject YAML keys, a name taken at the last moment, and a full disk. Each is refused in Chinese
(a usage error exits 2) or written exactly as given; nothing is ever written outside clients/,
and a failed write leaves neither a partial record nor an empty folder behind."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from conftest import BRAND, cli_env

from generators.archive.config import load_settings
from generators.archive.records import load_archive
from generators.archive.scaffold import ScaffoldError, write_new, yaml_quote
from generators.archive.yamlio import read_document

DAY = "2026-11-20"
SIGNED = ("--set", f"brief_date={DAY}", "--set", "cd=吴迪")  # a job number needs the signed brief


def tree(root):
    """Every path under root but the parse cache (build/), which any run may refresh."""
    return sorted(r for p in root.rglob("*") if not (r := p.relative_to(root).as_posix()).startswith("project/build"))


@pytest.mark.parametrize("args,words", [
    (["client", "--client", "../../x"], "参数 --client：“../../x”不合格"),
    (["client", "--client", "/tmp/x"], "“/tmp/x”不合格"),
    (["client", "--client", "Huaxin"], "只能用小写英文字母"),
    (["client", "--client", "华信"], "只能用小写英文字母"),
    (["client", "--client", "ｈｕａｘｉｎ"], "只能用小写英文字母"),  # full-width letters look like ASCII
    (["brand", "--client", "huaxin-foods", "--brand", "../../../y"], "参数 --brand：“../../../y”不合格"),
])
def test_ids_outside_the_slug_pattern_are_usage_errors(project, args, words):
    outside = tree(project.root.parent)
    done = project.run("new", *args, "--date", DAY)
    assert done.returncode == 2 and done.stdout == ""
    assert words in done.stderr and "用法错误" in done.stderr and "Traceback" not in done.stderr
    assert tree(project.root.parent) == outside


@pytest.mark.parametrize("args", [
    ["meeting", "--client", "huaxin-foods", "--slug", "../../../x"],
    ["meeting", "--client", "huaxin-foods", "--slug", "Winter Review"],
    ["job", "--client", "huaxin-foods", "--brand", "huaxin-yogurt", *SIGNED, "--set", "job_no=../../../../x"],
    ["brand-history", "--client", "huaxin-foods", "--brand", "huaxin-yogurt", "--set", "kind=../../x"],
    ["brand", "--client", "huaxin-foods", "--brand", "huaxin-crisps", "--set", "id=../../../../x"],
    ["meeting", "--client", "huaxin-foods", "--set", "held_at=2026-11-20 10:00\n..", "--slug", "a"],
    ["client-issue", "--client", "huaxin-foods", "--set", "received_at=../../../../../x"],
    ["meeting", "--client", "huaxin-foods", "--set", "held_at=2026-02-30 10:00"],
])
def test_values_that_would_leave_clients_are_refused(project, args):
    outside = tree(project.root.parent)
    done = project.run("new", *args, "--date", DAY)
    assert done.returncode == 2, done.stderr
    assert "用法错误" in done.stderr and "Traceback" not in done.stderr
    assert tree(project.root.parent) == outside


def test_a_symlinked_folder_out_of_the_archive_is_refused(project, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project.root / "clients" / "huaxin-foods" / "meetings").symlink_to(elsewhere, target_is_directory=True)
    done = project.run("new", "meeting", "--client", "huaxin-foods", "--date", DAY)
    assert done.returncode == 2 and "不在档案的 clients/ 文件夹里" in done.stderr
    assert list(elsewhere.iterdir()) == []


NASTY = [
    "冬季海报\nconfidential: true",
    "冬季海报\n---\nconfidential: true",
    'a" \nconfidential: true\nb: "',
    "反斜杠 \\ 和 \\n 和 \\\"",
    "#1 评论 # 不是注释",
    "NO: 12:30 & *alias !tag |",
    "[流] {式: 1}",
    "行\u2028分隔\u2029段\x85下一行",
    "tab\there\x7fdel\x1besc",
    "emoji 🎉 结束 ",
    "'single' ---",
]


@pytest.mark.parametrize("value", NASTY)
def test_set_values_round_trip_through_the_reader(project, value):
    """A --set value comes back from the reader exactly as typed, and adds no key of its own."""
    done = project.run("new", "job", "--client", "huaxin-foods", "--brand", "huaxin-yogurt", *SIGNED,
                       "--set", f"title={value}", "--date", DAY)
    assert done.returncode == 0, done.stderr
    doc = read_document((project.root / done.stdout.strip()).read_bytes())
    assert not [p for p in doc.problems if p.fatal]
    assert doc.front["title"].text == value
    assert "confidential" not in doc.front and "b" not in doc.front


@pytest.mark.parametrize("field", ["status", "since", "industry"])
def test_set_values_in_unquoted_template_places_cannot_inject(project, field):
    """Fields the template prints bare (status, since) are quoted when the value comes from --set."""
    done = project.run("new", "client", "--client", "lanting-home", "--set", f"{field}=active\nconfidential: false",
                       "--date", DAY)
    assert done.returncode == 0, done.stderr
    doc = read_document((project.root / done.stdout.strip()).read_bytes())
    assert "confidential" not in doc.front
    assert doc.front[field].text == "active\nconfidential: false" and doc.front[field].quoted
    rec = load_archive(load_settings(project.root)).get("client", "lanting-home")
    assert "confidential" not in rec.data


def test_yaml_quote_is_read_back_by_yaml_exactly():
    import yaml
    for value in NASTY + ["", "\x00", "\ud7ff\ue000\U0010ffff"]:
        assert yaml.safe_load(f"k: {yaml_quote(value)}\n") == {"k": value}


def test_undecodable_argument_is_a_usage_error(project):
    """A --set value holding bytes that are not UTF-8 (a GBK terminal) is named, not a traceback."""
    done = subprocess.run([sys.executable, "-m", "generators", "new", "job", "--client", "huaxin-foods",
                           "--brand", "huaxin-yogurt", *SIGNED, "--set", b"title=\xba\xa3\xb1\xa8", "--date", DAY],
                          cwd=project.root, env=cli_env(), capture_output=True)
    err = done.stderr.decode("utf-8")
    assert done.returncode == 2 and "不是 UTF-8" in err and "Traceback" not in err
    assert not (project.root / "clients" / "huaxin-foods" / "jobs").exists()


def test_a_name_taken_at_the_last_moment_is_not_overwritten(project):
    """The write links its temporary file to the name, which fails if someone wrote it meanwhile."""
    target = project.root / "clients" / "huaxin-foods" / "meetings" / f"{DAY}-meeting.md"
    target.parent.mkdir(parents=True)
    target.write_text("同事刚写好的记录\n", encoding="utf-8")
    with pytest.raises(ScaffoldError, match="不会覆盖"):
        write_new(target, "---\ntype: meeting\n---\n", "clients/huaxin-foods/meetings/x.md")
    assert target.read_text(encoding="utf-8") == "同事刚写好的记录\n"
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temporary file left


def _can_mount() -> bool:
    if shutil.which("unshare") is None or sys.platform != "linux":
        return False
    done = subprocess.run(["unshare", "-r", "-m", "sh", "-c", "mount -t tmpfs -o size=16k tmpfs /mnt"],
                          capture_output=True)
    return done.returncode == 0


@pytest.mark.skipif(not _can_mount(), reason="needs a private mount namespace (unshare -r -m) for a small tmpfs")
def test_disk_full_leaves_no_empty_record_and_the_retry_works(project):
    """A real full disk: the meetings folder is a 16 KiB tmpfs filled up, in a private mount namespace."""
    folder = project.root / "clients" / "huaxin-foods" / "meetings"
    folder.mkdir(parents=True)
    new = [sys.executable, "-m", "generators", "new", "meeting", "--client", "huaxin-foods", "--slug", "review",
           "--date", DAY]
    script = f"""
mount -t tmpfs -o size=16k tmpfs {folder}
dd if=/dev/zero of={folder}/fill bs=1k 2>/dev/null
{' '.join(map(repr, new))} 2>&1; echo "rc=$?"; echo ==
ls -A {folder}; echo ==
rm {folder}/fill
{' '.join(map(repr, new))} 2>&1; echo "rc=$?"; echo ==
ls -A {folder}; echo ==
wc -c < {folder}/{DAY}-review.md
"""
    done = subprocess.run(["unshare", "-r", "-m", "sh", "-c", script], cwd=project.root, env=cli_env(),
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    out = done.stdout
    assert "Traceback" not in out, out
    failed, after_failure, retried, after_retry, size = [part.strip() for part in out.split("==\n")]
    assert failed.endswith("rc=1") and "磁盘已满" in failed and "没有留下半份文件" in failed
    assert after_failure == "fill"  # no record, no temporary file
    assert retried.endswith("rc=0")
    assert after_retry == f"{DAY}-review.md"
    assert int(size) > 200


def test_disk_full_simulated(project, monkeypatch, capsys):
    """Where no tmpfs can be mounted: ENOSPC raised by the write itself; same promise."""
    import errno
    import os

    from generators.cli import main
    real = os.fsync

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(os, "fsync", full)
    monkeypatch.chdir(project.root)
    args = ["new", "meeting", "--client", "huaxin-foods", "--slug", "review", "--date", DAY]
    assert main(args) == 1
    assert "磁盘已满" in capsys.readouterr().err
    assert not (project.root / "clients" / "huaxin-foods" / "meetings").exists()  # the new folder went too
    monkeypatch.setattr(os, "fsync", real)
    assert main(args) == 0
    assert (project.root / "clients" / "huaxin-foods" / "meetings" / f"{DAY}-review.md").stat().st_size > 200
    assert (project.root / BRAND).is_file()


def test_a_set_value_the_template_has_no_place_for_is_refused(project):
    """`third_party` is a job field, but the template writes `false` itself: the value would vanish."""
    done = project.run("new", "job", "--client", "huaxin-foods", "--brand", "huaxin-yogurt", *SIGNED,
                       "--set", "third_party=true", "--date", DAY)
    assert done.returncode == 1 and "不能用 --set 预填" in done.stderr and "third_party" in done.stderr
    assert not (project.root / "clients" / "huaxin-foods" / "jobs").exists()


@pytest.mark.parametrize("value,line", [
    ("active", "status: active"),              # a plain id stays bare, as people write it
    ("no", 'status: "no"'),                    # YAML 1.1 would read a bare no as false
    ("Active", 'status: "Active"'),
    ("2026-11-20", "status: 2026-11-20"),
    ("12:30", 'status: "12:30"'),              # a bare 12:30 is the number 750 in YAML 1.1
])
def test_bare_template_places_stay_bare_only_when_yaml_cannot_misread(project, value, line):
    done = project.run("new", "client", "--client", "lanting-home", "--set", f"status={value}", "--date", DAY)
    assert done.returncode == 0, done.stderr
    assert f"\n{line}\n" in (project.root / done.stdout.strip()).read_text(encoding="utf-8")


def test_new_outside_any_archive_writes_nothing(tmp_path):
    done = subprocess.run([sys.executable, "-m", "generators", "new", "client", "--client", "x"], cwd=tmp_path,
                          env=cli_env(), capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 2 and "这里不是档案项目" in done.stderr and "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []
