"""Helpers of the browser test: serve a built site on 127.0.0.1, drive Debian's Chromium with
Playwright, type into the site's search box and read the results once they answer the last query typed."""
from __future__ import annotations

import functools
import http.server
import os
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = Path("/usr/bin/chromium")
# What Chromium needs on this machine (and in CI containers): no sandbox, no GPU, no network chatter.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

class _Handler(http.server.SimpleHTTPRequestHandler):
    # Attachments are Chinese text: say so, as any real static host for this site must.
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".txt": "text/plain; charset=utf-8", ".csv": "text/csv; charset=utf-8",
                      ".md": "text/markdown; charset=utf-8"}

    def log_message(self, format, *args):  # keep pytest output clean
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):  # the browser closing a connection early is fine
        pass


@contextmanager
def serve(site_dir: Path):
    """Serve `site_dir` on 127.0.0.1 at a free port; yields the base URL (ending in /)."""
    server = _Server(("127.0.0.1", 0), functools.partial(_Handler, directory=str(site_dir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def browser_missing() -> str | None:
    """Why the browser test cannot run here, or None."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} 不存在（make browser 会用 apt-get 安装 Debian 的 chromium）"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright 没有安装（make setup 会按 requirements.txt 安装）"
    return None


def require_browser() -> bool:
    """REQUIRE_BROWSER=1 (set by .ci/run): a missing browser fails the test instead of skipping it."""
    return os.environ.get("REQUIRE_BROWSER", "").strip() in ("1", "true", "yes")


@contextmanager
def chromium(user_data_dir: Path, width: int = 1280, scrollbars: bool = False):
    """A headless Chromium page (Debian's /usr/bin/chromium, never a downloaded one). Playwright
    hides scrollbars by default; `scrollbars=True` draws them as a desktop browser does, so that
    a test can tell whether a scroll box shows its bar."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(user_data_dir), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
            ignore_default_args=["--hide-scrollbars"] if scrollbars else None,
            viewport={"width": width, "height": 900}, locale="zh-CN", service_workers="block")
        try:
            context.set_default_timeout(30_000)
            yield context.pages[0] if context.pages else context.new_page()
        finally:
            context.close()


def search(page, query: str, timeout: float = 30_000) -> list[str]:
    """Type `query` into the header's search box key by key, wait for the answer to the whole query
    (the list's data-query), and return the result pages' paths (site-relative) in the order shown."""
    box = page.locator("#archive-q")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=40)
    page.wait_for_function(
        """q => { const l = document.getElementById("archive-results"); return l && l.getAttribute("data-query") === q; }""",
        arg=query, timeout=timeout)
    links = page.locator("#archive-results > li > a")
    return [path_of(links.nth(i).get_attribute("href")) for i in range(links.count())]


def path_of(url: str) -> str:
    """`http://127.0.0.1:8000/archive/x/?h=y#z` -> `archive/x/`."""
    return urlsplit(url).path.lstrip("/")
