"""generators/site/forked.py: work done by a forked copy of the build, its log said again in the build."""
from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from generators.site import forked

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")


def _failed(exc: Exception) -> str:
    return f"出错了：{exc}"


def test_what_the_copy_logged_is_logged_again_here(caplog, tmp_path):
    out = tmp_path / "made.txt"

    def work():
        out.write_text("搜索文件", encoding="utf-8")
        logging.getLogger("mkdocs.hooks.archive").warning("RET-INDEX 记录 %s 到达不了", "a.md")
        logging.getLogger("mkdocs.hooks.archive").info("RET-FIND 用时 0.44 秒")

    logging.getLogger("mkdocs.hooks.archive").addHandler(logging.NullHandler())  # the copy replaces handlers
    with caplog.at_level("INFO", logger="mkdocs"):  # as MkDocs sets it: the copy logs what the build would
        job = forked.start(work, _failed)
    assert job is not None
    done = job.result()
    assert done["ok"] and out.read_text(encoding="utf-8") == "搜索文件"
    with caplog.at_level("INFO", logger="mkdocs"):
        forked.replay(done)
    said = [(r.name, r.levelname, r.getMessage()) for r in caplog.records]
    assert said == [("mkdocs.hooks.archive", "WARNING", "RET-INDEX 记录 a.md 到达不了"),
                    ("mkdocs.hooks.archive", "INFO", "RET-FIND 用时 0.44 秒")]


def test_an_error_in_the_copy_comes_back_as_its_message():
    def work():
        raise ValueError("索引写不进去")

    done = forked.start(work, _failed).result()
    assert done == {"ok": False, "log": [], "error": "出错了：索引写不进去"}


def test_a_copy_that_dies_says_nothing_and_the_build_does_the_work_itself():
    done = forked.start(lambda: os._exit(3), _failed).result()
    assert done is None


def test_a_cancelled_copy_is_stopped_and_reaped():
    import time
    job = forked.start(lambda: time.sleep(60), _failed)
    start = time.perf_counter()
    job.cancel()
    assert time.perf_counter() - start < 5
    with pytest.raises(ChildProcessError):
        os.waitpid(job.pid, 0)


@pytest.mark.slow
def test_when_the_copy_fails_the_build_fails_with_its_message_and_no_traceback(tmp_path):
    """`mkdocs build` makes the search files in the forked copy: a failure there stops the build as a
    failure in the build itself would (one Chinese message, exit code 1), not a traceback or a quiet pass."""
    import shutil
    import sys
    sys.path.insert(0, str(Path(__file__).parent))
    from sitebuild import build, make_project

    project = make_project(tmp_path / "p", {}, git=False)
    shutil.copytree(REPO / "clients", project / "clients")
    searchdocs = project / "generators" / "site" / "searchdocs.py"
    text = searchdocs.read_text(encoding="utf-8")
    assert "def write_site_index(" in text
    searchdocs.write_text(text.replace("def write_site_index(", "def write_site_index(*a, **k):\n"
                                       "    raise OSError('磁盘满了')\n\n\ndef _replaced(", 1), encoding="utf-8")
    done = build(project, tmp_path / "site")
    assert done.returncode == 1
    assert "生成网站页面时程序内部出错" in done.stderr and "磁盘满了" in done.stderr
    assert "Traceback" not in done.stderr
