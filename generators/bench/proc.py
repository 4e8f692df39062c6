"""Run one command in its own process and measure it: wall time, CPU (user + system, its children
included) and peak resident memory, from the kernel's accounting of that one process tree (wait4)."""
from __future__ import annotations

import os
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Run:
    """What one command cost and said."""

    wall: float  # seconds
    cpu: float  # user + system seconds, the command and every child it waited for
    peak_mb: float  # the largest resident set of the command or any of its children
    returncode: int
    stdout: str
    stderr: str


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float | None = None) -> Run:
    """Run `cmd` in `cwd` to the end and measure it. Output goes to files (a chatty build cannot block a pipe)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        deadline = None if timeout is None else start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if deadline is not None and time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        text = []
        for f in (out, err):
            f.seek(0)
            text.append(f.read().decode("utf-8", errors="replace"))
    return Run(round(wall, 2), round(usage.ru_utime + usage.ru_stime, 2), round(usage.ru_maxrss / 1024, 1),
               proc.returncode, *text)
