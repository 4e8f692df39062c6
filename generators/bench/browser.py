"""Search as an AE meets it, measured in headless Chromium (Debian's /usr/bin/chromium, Python
Playwright, a fresh profile for every query): open a record page of the built site, type the query
into the header box `#archive-q` key by key, and measure

- the time from the last keystroke (its input event) to the first `#archive-results li a` after it
  that shows the final answer (the list the engine settles on, not a prefix's stale answer),
- the bytes transferred from the first keystroke on (CDP Network `encodedDataLength`, the page's
  and its workers'; and the bytes our static server sent, whichever is larger),
- the JS heap in use afterwards (CDP Runtime.getHeapUsage of the page and of every worker),
- where the expected record ranks.

`python -m generators.bench.browser SITE_DIR PAGE QUERIES.json` prints the figures as JSON; a site
without the search box says so ("no search box") instead of any figure."""
from __future__ import annotations

import functools
import http.server
import json
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = Path("/usr/bin/chromium")
# The flags of tests/browser_support.py: no sandbox, no GPU, no network chatter.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
BOX, RESULTS = "#archive-q", "#archive-results"
SETTLE_MS = 1500  # results unchanged this long after the first answer: the engine is done
TIMEOUT_S = 30.0
KEY_DELAY_MS = 60

# Every change inside the result list: the epoch time (ms), the links shown and the first ten results; the last
# keystroke's time is kept in sessionStorage too, in case typing opens the search page.
WATCH = """
(() => {
  const s = window.__bench = { changes: [], lastInput: null, firstInput: null };
  const now = () => performance.timeOrigin + performance.now();
  const mark = ev => {
    if (!ev.target || ev.target.id !== "archive-q") return;
    const t = now();
    if (sessionStorage.getItem("benchFirstInput") === null) sessionStorage.setItem("benchFirstInput", String(t));
    sessionStorage.setItem("benchLastInput", String(t));
  };
  document.addEventListener("input", mark, true);
  document.addEventListener("keydown", mark, true);  // not keyup: Playwright holds each key for the delay
  const inList = n => {
    const el = n && (n.nodeType === 1 ? n : n.parentElement);
    return !!(el && (el.closest("#archive-results") || (el.querySelector && el.querySelector("#archive-results"))));
  };
  new MutationObserver(records => {
    // every change inside the result list counts (a list rebuilt with the same first result too)
    if (!records.some(m => inList(m.target) || [...m.addedNodes, ...m.removedNodes].some(inList))) return;
    const links = document.querySelectorAll("#archive-results li a");
    const firsts = [...document.querySelectorAll("#archive-results > li")].slice(0, 10)
      .map(li => { const a = li.querySelector("a"); return a ? a.getAttribute("href") : ""; });
    s.changes.push([now(), links.length, firsts]);
  }).observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
})();
"""


class _Handler(http.server.SimpleHTTPRequestHandler):
    """A static host that counts what it sends (the browser's own count misses nothing, this is the check)."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".json": "application/json",
                      ".txt": "text/plain; charset=utf-8", ".wasm": "application/wasm"}

    def setup(self):
        super().setup()
        raw, handler = self.wfile, self
        self._record = [time.time() * 1000, 0]

        class Counting:
            def write(self, data):
                handler._record[1] += len(data)
                return raw.write(data)

            def __getattr__(self, name):
                return getattr(raw, name)

        self.wfile = Counting()

    def send_response(self, code, message=None):
        # one entry per request (a kept-alive connection serves many), stamped when it is answered
        self._record = [time.time() * 1000, 0]
        self.server.sent.append(self._record)
        super().send_response(code, message)

    def log_message(self, format, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    sent: list

    def handle_error(self, request, client_address):  # the browser closing a connection early is fine
        pass


@contextmanager
def serve(site_dir: Path):
    """Serve `site_dir` on 127.0.0.1 at a free port; yields (base URL, the server's sent-bytes log)."""
    server = _Server(("127.0.0.1", 0), functools.partial(_Handler, directory=str(site_dir)))
    server.sent = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", server.sent
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def missing() -> str | None:
    """Why the browser cannot run here, or None."""
    if not CHROMIUM.exists():
        return f"no {CHROMIUM} (make browser installs it)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed"
    return None


def site_path(href: str, base: str) -> str:
    """`http://127.0.0.1:8000/archive/x/?q=y#z` or `../x/` (resolved against `base`) -> `archive/x/`."""
    from urllib.parse import urljoin
    return urlsplit(urljoin(base, href)).path.lstrip("/")


def first_answer(changes: list, last_input: float | None) -> tuple[float | None, str]:
    """Seconds from the last keystroke to the first moment after it that the list showed the final
    answer (the results it settled on; an answer to an earlier prefix that differs does not count),
    None when no result came, and a note when that list was already shown before the last key."""
    if last_input is None:
        return None, "no keystroke reached the box"
    if not changes or changes[-1][1] == 0:
        return None, "no result"
    final = changes[-1][2]
    for t, count, shown in changes:
        if t >= last_input and count > 0 and shown == final:
            return round((t - last_input) / 1000, 3), ""
    return 0.0, "results unchanged since before the last key"


class _Cdp:
    """The page's CDP session, with its workers attached (non-flat sessions) so that their network
    and heap count too."""

    def __init__(self, context, page):
        self.session = context.new_cdp_session(page)
        self.workers: list[str] = []
        self.replies: dict[tuple[str, int], dict] = {}
        self.requests: dict[str, float] = {}  # request id -> wall time sent (ms)
        self.finished: dict[str, int] = {}  # request id -> encodedDataLength (one request seen twice counts once)
        self._id = 100
        s = self.session
        s.on("Target.attachedToTarget", self._attached)
        s.on("Target.receivedMessageFromTarget", self._message)
        s.on("Network.requestWillBeSent", self._sent)
        s.on("Network.loadingFinished", self._done)
        s.send("Network.enable")
        s.send("Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": False, "flatten": False})

    def _sent(self, ev: dict) -> None:
        self.requests.setdefault(ev["requestId"], ev.get("wallTime", time.time()) * 1000)

    def _done(self, ev: dict) -> None:
        rid = ev["requestId"]
        self.finished[rid] = max(self.finished.get(rid, 0), int(ev.get("encodedDataLength", 0)))

    def _attached(self, ev: dict) -> None:
        if ev.get("targetInfo", {}).get("type") in ("worker", "shared_worker"):
            sid = ev["sessionId"]
            self.workers.append(sid)
            self._send(sid, "Network.enable")

    def _message(self, ev: dict) -> None:
        msg = json.loads(ev["message"])
        sid = ev["sessionId"]
        if "id" in msg:  # a reply to _send
            self.replies[(sid, msg["id"])] = msg.get("result", {})
        elif msg.get("method") == "Network.requestWillBeSent":
            self._sent(msg["params"])
        elif msg.get("method") == "Network.loadingFinished":
            self._done(msg["params"])

    def _send(self, sid: str, method: str, params: dict | None = None) -> int:
        self._id += 1
        self.session.send("Target.sendMessageToTarget",
                          {"sessionId": sid, "message": json.dumps({"id": self._id, "method": method, "params": params or {}})})
        return self._id

    def bytes_since(self, start_ms: float) -> int:
        return sum(size for rid, size in self.finished.items() if self.requests.get(rid, 0) >= start_ms)

    def heap_bytes(self, page) -> int:
        """JS heap in use: the page's and every worker's (Runtime.getHeapUsage)."""
        total = int(self.session.send("Runtime.getHeapUsage").get("usedSize", 0))
        asked = [(sid, self._send(sid, "Runtime.getHeapUsage")) for sid in self.workers]
        deadline = time.time() + 5
        while time.time() < deadline and not all(k in self.replies for k in asked):
            page.wait_for_timeout(50)
        return total + sum(int(self.replies.get(k, {}).get("usedSize", 0)) for k in asked)


def measure_query(pw, url: str, sent: list, query: dict) -> dict:
    """One query in a fresh profile; the figures and the first results."""
    with tempfile.TemporaryDirectory(prefix="bench-chromium-") as profile:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900}, locale="zh-CN", service_workers="block")
        try:
            page = context.pages[0] if context.pages else context.new_page()
            context.add_init_script(WATCH)
            cdp = _Cdp(context, page)
            page.goto(url, wait_until="load")
            page.wait_for_timeout(300)
            box = page.locator(BOX)
            if box.count() == 0:
                return {"error": "no search box"}
            start_ms = time.time() * 1000
            box.first.click()
            box.first.press_sequentially(query["text"], delay=KEY_DELAY_MS)
            deadline = time.time() + TIMEOUT_S
            state = {}
            while time.time() < deadline:
                state = page.evaluate("""() => ({ changes: (window.__bench || {}).changes || [],
                    last: sessionStorage.getItem("benchLastInput") })""")
                last = float(state["last"]) if state.get("last") else None
                changes = state["changes"]
                seconds, _ = first_answer(changes, last)
                if seconds is not None and changes and time.time() * 1000 - changes[-1][0] > SETTLE_MS:
                    break
                page.wait_for_timeout(100)
            last = float(state["last"]) if state.get("last") else None
            seconds, note = first_answer(state.get("changes", []), last)
            links = page.evaluate("""() => [...document.querySelectorAll("#archive-results > li")]
                .map(li => { const a = li.querySelector("a"); return a ? a.getAttribute("href") : ""; })""")
            results = [site_path(h, page.url) for h in links if h]
            heap = cdp.heap_bytes(page)
            served = sum(n for t, n in list(sent) if t >= start_ms)
            rank = next((i + 1 for i, r in enumerate(results) if r in query["expected"]), None)
            return {"seconds": seconds, "note": note, "bytes": max(cdp.bytes_since(start_ms), served),
                    "cdp_bytes": cdp.bytes_since(start_ms), "served_bytes": served,
                    "heap_mb": round(heap / 1e6, 1), "rank": rank, "results": results[:5]}
        finally:
            context.close()


def run(site_dir: Path, page: str, queries: list[dict]) -> dict:
    """Every query against the site served from `site_dir`, opening `page` (a site path) first."""
    reason = missing()
    if reason:
        return {"error": reason}
    if not (site_dir / page / "index.html").exists() and not (site_dir / page).is_file():
        return {"error": f"the record page {page} is not in the built site"}
    from playwright.sync_api import sync_playwright
    out = []
    with serve(site_dir) as (base, sent), sync_playwright() as pw:
        for q in queries:
            try:
                figures = measure_query(pw, base + page, sent, q)
            except Exception as exc:  # a browser failure is a figure missing, said so, not a traceback
                figures = {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"}
            out.append({**q, **figures})
            if figures.get("error") == "no search box":
                return {"error": "no search box", "queries": out}
    return {"queries": out}


if __name__ == "__main__":
    qs = json.loads(Path(sys.argv[3]).read_text(encoding="utf-8"))
    print(json.dumps(run(Path(sys.argv[1]), sys.argv[2], qs), ensure_ascii=False))
