"""Work of one `mkdocs build` done on the second core: a forked copy of the build process runs it while
the build goes on, and what it logged is logged again in the build, where MkDocs counts the warnings
(`--strict` fails on them as before).

The search files and RET-FIND (a quarter of a one-record change, more in a cold build) need only the
records and the handbook pages' text, both ready before the record pages are written: so they are made
while those pages are written. Only `mkdocs build` forks (one build per process, no threads); `serve`
does this work on a thread after the rebuild is shown (`background`). When the fork fails, the copy
dies, or the platform has no fork, the build does the work itself: slower, nothing lost.
"""
from __future__ import annotations

import json
import logging
import os
import signal
from typing import Callable


class _Capture(logging.Handler):
    """Every log record of the copy, kept to be logged again by the build."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[list] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.records.append([record.name, record.levelno, record.getMessage()])
        except Exception:  # a message that cannot be formatted is not worth losing the rest for
            self.records.append([record.name, record.levelno, str(record.msg)])


class Job:
    """A forked copy doing one piece of work."""

    def __init__(self, pid: int, fd: int):
        self.pid, self.fd = pid, fd

    def result(self) -> dict | None:
        """Wait for the copy: {"ok": bool, "log": [[logger, level, message], …], "error": text}, or None when
        it died without saying (the caller then does the work itself)."""
        chunks = []
        try:
            while True:
                chunk = os.read(self.fd, 1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
        except OSError:
            chunks = []
        finally:
            os.close(self.fd)
            status = self._reap()
        if status != 0 or not chunks:
            return None
        try:
            out = json.loads(b"".join(chunks).decode("utf-8"))
        except ValueError:
            return None
        return out if isinstance(out, dict) and isinstance(out.get("log"), list) else None

    def cancel(self) -> None:
        """Stop the copy (the build failed: its work is not wanted)."""
        try:
            os.kill(self.pid, signal.SIGKILL)
        except OSError:
            pass
        try:
            os.close(self.fd)
        except OSError:
            pass
        self._reap()

    def _reap(self) -> int | None:
        try:
            _, status = os.waitpid(self.pid, 0)
            return os.waitstatus_to_exitcode(status)
        except ChildProcessError:
            return None


def start(work: Callable[[], None], failed: Callable[[Exception], str]) -> Job | None:
    """Run `work()` in a forked copy of this process; None when this platform or moment cannot fork.
    If `work` raises, the copy reports `failed(exc)` (a Chinese message) instead."""
    if not hasattr(os, "fork"):
        return None
    read, write = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return None
    if pid:
        os.close(write)
        return Job(pid, read)
    # the copy: it must never return into MkDocs (which would go on building, then clean up the build's files)
    code = 1
    try:
        os.close(read)
        capture = _Capture()
        loggers = [logging.getLogger()] + [lg for lg in logging.root.manager.loggerDict.values()
                                           if isinstance(lg, logging.Logger)]
        for lg in loggers:  # each record reaches `capture` once: where it would have stopped being handled
            if lg.handlers or lg is logging.root:
                lg.handlers = [capture] if (not lg.propagate or lg is logging.root) else []
        try:
            work()
            payload = {"ok": True, "log": capture.records}
        except Exception as exc:
            payload = {"ok": False, "log": capture.records, "error": failed(exc)}
        data = memoryview(json.dumps(payload, ensure_ascii=False).encode("utf-8"))
        while data:
            data = data[os.write(write, data):]
        code = 0
    finally:
        os._exit(code)


def replay(result: dict) -> None:
    """Log in this process what the copy logged (MkDocs counts the warnings here)."""
    for name, level, message in result.get("log", []):
        logging.getLogger(str(name)).log(int(level), "%s", message)
