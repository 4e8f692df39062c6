"""`mkdocs serve`'s after-build job: one at a time, the next rebuild waits for it, a failure is logged."""
from __future__ import annotations

import logging
import threading
import time

from generators.site import background


def test_jobs_run_one_at_a_time_and_wait_returns_when_done():
    order, gate = [], threading.Event()

    def first():
        gate.wait(5)
        time.sleep(0.05)
        order.append("first")

    background.run(first, str)
    gate.set()
    background.run(lambda: order.append("second"), str)  # starts only once the first has finished
    background.wait()
    assert order == ["first", "second"]
    background.wait()  # nothing running: returns at once


def test_a_failing_job_is_logged_not_raised(caplog):
    def broken():
        raise ValueError("坏了")

    with caplog.at_level(logging.ERROR, logger="mkdocs.hooks.archive"):
        background.run(broken, lambda exc: f"搜索文件没有写完：{exc}")
        background.wait()
    assert "搜索文件没有写完：坏了" in caplog.text
