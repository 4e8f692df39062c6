"""Helpers of the browser test: serve a built site on 127.0.0.1, drive Debian's Chromium with
Playwright, type into Material's search box and read the results once the search worker has
answered the last query typed."""
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

# Counts the search worker's queries and answers: Material posts {type, data: "<query>"} to its web
# worker on every keyup and renders each answer ({type, data: {items}}) as it arrives, in order.
# The results on screen belong to the last query typed once every query sent has been answered.
WATCH_SEARCH = """
(() => {
  const state = window.__search = { sent: 0, answered: 0, last: null };
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message, ...rest) {
    if (!this.__watched) {
      this.__watched = true;
      this.addEventListener("message", ev => {
        const data = ev.data && ev.data.data;
        if (data && Array.isArray(data.items)) state.answered += 1;
      });
    }
    if (message && typeof message.data === "string") {
      state.sent += 1;
      state.last = message.data;
    }
    return post.call(this, message, ...rest);
  };
})();
"""


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
            context.add_init_script(WATCH_SEARCH)
            context.set_default_timeout(30_000)
            yield context.pages[0] if context.pages else context.new_page()
        finally:
            context.close()


def search(page, query: str, timeout: float = 30_000) -> list[str]:
    """Type `query` into the search box key by key, wait for the worker's answer to it, and return
    the result pages' paths (site-relative, without the `?h=` highlight) in the order shown."""
    box = page.locator("input.md-search__input")
    if not box.is_visible():
        page.locator("label.md-search__icon[for=__search]").first.click()
    box.click()
    box.fill("")
    box.press("End")  # a keyup: the emptied box is sent too, so the next answer is for the new text
    box.press_sequentially(query, delay=40)
    # Characters typed through an input method (Chinese) arrive as text input without key events;
    # the key that ends the composition is what Material hears.
    box.press("End")
    page.wait_for_function(
        """q => { const s = window.__search; return s && s.last === q && s.answered >= s.sent; }""",
        arg=query, timeout=timeout)
    items = page.locator("ol.md-search-result__list > li.md-search-result__item")
    return [path_of(items.nth(i).locator("a.md-search-result__link").first.get_attribute("href"))
            for i in range(items.count())]


def path_of(url: str) -> str:
    """`http://127.0.0.1:8000/archive/x/?h=y#z` -> `archive/x/`."""
    return urlsplit(url).path.lstrip("/")
