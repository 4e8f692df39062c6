"""The one-record change: edit a record's body, then time how long until its page shows the edit,
through `make build`'s command (a rebuild) and through `mkdocs serve` (live reload)."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from generators.bench import proc


def edit(root: Path, record: str, marker: str) -> None:
    """Append a paragraph holding `marker` to the record's body (its front matter untouched)."""
    path = root / record
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + f"\n\n{marker}\n", encoding="utf-8")


def shown_in(site_dir: Path, page: str, marker: str) -> bool:
    """Whether the built page (a site path such as `archive/x/jobs/A/`) carries `marker`."""
    path = site_dir / page / "index.html"
    return path.is_file() and marker in path.read_text(encoding="utf-8", errors="replace")


def rebuild(root: Path, command: str, env: dict, record: str, page: str, marker: str) -> dict:
    """Edit the record, run the build command once, and say whether the page shows the edit."""
    edit(root, record, marker)
    r = proc.run(["sh", "-c", command], root, env)
    out = {"wall": r.wall, "cpu": r.cpu, "peak_mb": r.peak_mb, "returncode": r.returncode,
           "shown": shown_in(root / "site", page, marker)}
    if r.returncode:
        lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
        out["error"] = f"exit code {r.returncode}: {lines[-1][:300] if lines else 'no output'}"
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, OSError, ValueError):
        return None


def serve(root: Path, command: str, env: dict, record: str, page: str, marker: str, addr: str,
          start_timeout: float, change_timeout: float) -> dict:
    """Start `command` (mkdocs serve at `addr`), wait until it serves the record's page, edit the record
    and poll the page until the edit appears: seconds from the edit to the page showing it."""
    url = f"http://{addr}/{page}"
    log = open(root / ".bench-serve.log", "wb")
    p = subprocess.Popen(["sh", "-c", command], cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT,
                         stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        start = time.perf_counter()
        while _get(url) is None:
            if p.poll() is not None:
                return {"error": f"mkdocs serve stopped (exit code {p.returncode}) before serving"}
            if time.perf_counter() - start > start_timeout:
                return {"error": f"mkdocs serve did not serve {page} within {start_timeout:.0f} s"}
            time.sleep(0.5)
        ready = round(time.perf_counter() - start, 1)
        time.sleep(1.0)  # the watcher is set up once the first build is served
        edit(root, record, marker)
        edited = time.perf_counter()
        while time.perf_counter() - edited < change_timeout:
            body = _get(url)
            if body is not None and marker in body:
                return {"seconds": round(time.perf_counter() - edited, 2), "first_serve_seconds": ready}
            time.sleep(0.1)
        return {"error": f"the edit did not appear within {change_timeout:.0f} s", "first_serve_seconds": ready}
    finally:
        try:
            os.killpg(p.pid, signal.SIGTERM)  # the process group this function started, nothing else
            p.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        log.close()
