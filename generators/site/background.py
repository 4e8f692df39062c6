"""Work `mkdocs serve` finishes after a rebuild is shown: one job at a time, on a thread.

A rebuild is served only once every MkDocs event returned, and the search files (written in
on_post_build) do not change the edited page. Under `serve` a rebuild's (not the first build's)
are written on this thread, so the page shows a second sooner and the search box has the edit a
moment later. The next rebuild waits for the job first (`wait`), so two builds never write the
same files at once.
"""
from __future__ import annotations

import logging
import threading
from typing import Callable

log = logging.getLogger("mkdocs.hooks.archive")
_job: threading.Thread | None = None


def run(work: Callable[[], None], failed: Callable[[Exception], str]) -> None:
    """Start `work` once the previous job is done; if it raises, log `failed(exc)` as an error."""
    global _job
    wait()

    def job():
        try:
            work()
        except Exception as exc:  # the build has returned: nobody else can say it
            log.error(failed(exc))

    _job = threading.Thread(target=job, name="archive-after-build")
    _job.start()


def wait() -> None:
    """Return when no job is running."""
    global _job
    if _job is not None:
        _job.join()
        _job = None
