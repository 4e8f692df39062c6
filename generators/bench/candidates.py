"""Measure two candidate search engines on one built synthetic site: `python -m generators.bench.candidates --site DIR`.

Issue 13 asks to pick the search engine by figures. This indexes the same built site (DIR, the
`site/` of `python -m generators.bench --records 10000 --keep`) with each candidate, serves the
result on 127.0.0.1 and asks headless Chromium (a fresh profile per query) the issue's queries:

  pagefind  Pagefind 1.6 extended (its Chinese segmentation is ICU4X), run over the built HTML
            with the same root (`article`) and exclusions (`[data-search-exclude]`) as below.
  sqlite    SQLite FTS5 built here in Python from the same HTML (Chinese as overlapping bigrams,
            identifiers normalised: NFKC, lower case, `HXF-2026-0042` -> `hxf20260042`), split into
            static chunk files, queried in the browser by sql.js-httpvfs (SQLite in WebAssembly,
            HTTP Range reads of 1 KiB pages). The browser tokenises the query with a port of the
            same function and ranks with the same bm25 of the same database.

Per candidate: index wall and CPU time and peak memory (max RSS of the indexing process, from
wait4), index size on disk and file count. Per query: time from issuing the query (engine not
yet loaded: its script, WebAssembly and index reads all count) to the first result's title and
URL, bytes transferred (sum of CDP Network encodedDataLength over the page and its worker),
JS heap used (CDP Runtime.getHeapUsage of the page, plus the search worker's), whether the
expected record is first / in the top 3, and the number of matches. Each figure is the median
of --repeat runs (default 3); the load average is printed with the table, since the machine has
2 cores shared with other work and timings move with it.

`--reuse-index` queries the indexes an earlier run left in --work (so both engines can be
re-queried side by side under the same load); `--table RUN.json --index-from FIRST.json` prints
the README's table.

Needs (none from a CDN, nothing committed): Node's npm, and in build/candidates/
  npm install --prefix build/candidates pagefind@1.6.0 sql.js-httpvfs@0.8.12
(pagefind's npm package pulls @pagefind/linux-x64, whose bin/ holds only `pagefind_extended`),
Debian's /usr/bin/chromium and the project's Playwright. Not part of `make test`.
"""
from __future__ import annotations

import argparse
import functools
import html.parser
import http.server
import json
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
NODE_MODULES = REPO / "build" / "candidates" / "node_modules"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ROOT_SELECTOR = "article"
EXCLUDE = "[data-search-exclude], .headerlink, .md-content__button"
PAGE_SIZE = 1024          # SQLite page = one HTTP Range read
SERVER_CHUNK = 10 << 20   # the database is split into 10 MiB static files

# --- tokenisation: the same rules in Python (index) and JavaScript (query) ---------------------

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}]+|[a-z0-9]+(?:[-_./][a-z0-9]+)*")


def tokens(text: str, query: bool = False) -> list[str]:
    """Index terms of `text`: NFKC (full-width to half-width) and lower case; a run of Chinese
    characters gives its overlapping bigrams (a single character stands alone); a Latin/digit run
    joined by - _ . / gives the run without separators (and, in documents, its parts too, so
    `HXF` alone finds the client's jobs); where a Chinese and a Latin/digit run touch (`合成5`),
    the character next to the run joined to it is a term as well, so `合成5` does not match `合成50`."""
    out: list[str] = []
    prev = None
    for m in _TOKEN.finditer(unicodedata.normalize("NFKC", text).lower()):
        run = m.group()
        cjk = "\u3400" <= run[0]
        if cjk:
            out.extend([run] if len(run) == 1 else [run[i:i + 2] for i in range(len(run) - 1)])
        else:
            parts = re.split(r"[-_./]", run)
            out.append("".join(parts))
            if not query and len(parts) > 1:
                out.extend(parts)
        if prev is not None and prev[0] == m.start() and prev[1] != cjk:
            out.append(prev[2][-1] + "".join(re.split(r"[-_./]", run)) if prev[1] else "".join(re.split(r"[-_./]", prev[2])) + run[0])
        prev = (m.end(), cjk, run)
    return out


def match_expression(query: str) -> str:
    """An FTS5 MATCH string: every distinct query term, quoted, all required."""
    seen = dict.fromkeys(tokens(query, query=True))
    return " ".join(f'"{t}"' for t in seen)


TOKENS_JS = r"""
const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
const TOKEN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9]+(?:[-_./][a-z0-9]+)*/g;
function tokens(text) {
  const out = [];
  let prev = null;
  for (const m of text.normalize("NFKC").toLowerCase().matchAll(TOKEN)) {
    const run = m[0], cjk = CJK.test(run[0]);
    if (cjk) {
      if (run.length === 1) out.push(run);
      else for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
    } else out.push(run.split(/[-_./]/).join(""));
    if (prev && prev.end === m.index && prev.cjk !== cjk)
      out.push(prev.cjk ? prev.run.slice(-1) + run.split(/[-_./]/).join("") : prev.run.split(/[-_./]/).join("") + run[0]);
    prev = {end: m.index + run.length, cjk, run};
  }
  return out;
}
function matchExpression(q) { return [...new Set(tokens(q))].map(t => '"' + t + '"').join(" "); }
"""

# --- reading the built pages --------------------------------------------------------------------

_BLOCK = {"address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt", "figcaption",
          "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "nav", "ol", "p", "pre",
          "section", "summary", "table", "td", "th", "tr", "ul"}  # a word ends at their edges
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _PageText(html.parser.HTMLParser):
    """The text of a page's <article>, without the parts the site marks as not for search."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0          # depth inside <article>, 0 = outside
        self.skip = 0           # depth inside an excluded element
        self.in_h1 = False
        self.title: list[str] = []
        self.subtitle: list[str] = []
        self.in_subtitle = False
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCK and self.depth:
            self.text.append(" ")
        if tag in _VOID:
            return
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        if self.depth == 0:
            if tag == "article":
                self.depth = 1
            return
        self.depth += 1
        if self.skip:
            self.skip += 1
        elif "data-search-exclude" in a or "headerlink" in cls or "md-content__button" in cls:
            self.skip = 1
        elif tag == "h1":
            self.in_h1 = True
        elif "archive-subtitle" in cls and not self.subtitle:
            self.in_subtitle = True

    def handle_endtag(self, tag):
        if tag in _VOID or self.depth == 0:
            return
        self.depth -= 1
        if self.skip:
            self.skip -= 1
        if tag == "h1":
            self.in_h1 = False
        self.in_subtitle = False
        if tag in _BLOCK:
            self.text.append(" ")

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.text.append(data)
            if self.in_h1:
                self.title.append(data)
            if self.in_subtitle:
                self.subtitle.append(data)


def read_page(path: Path) -> dict | None:
    """Title, record kind (the page's subtitle), text and excerpt of one built page; None without an article."""
    parser = _PageText()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    if not parser.text:
        return None
    text = re.sub(r"\s+", " ", "".join(parser.text)).strip()
    title = re.sub(r"\s+", " ", "".join(parser.title)).strip()
    body = text[len(title):].strip() if text.startswith(title) else text
    return {"title": title, "kind": "".join(parser.subtitle).strip(), "text": body,
            "excerpt": body[:160]}


def url_of(site: Path, page: Path) -> str:
    rel = page.relative_to(site).as_posix()
    return "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


# --- candidate (b): SQLite FTS5 --------------------------------------------------------------------

def build_sqlite(site: Path, out: Path) -> dict:
    """The FTS5 database of every page of `site`, split into static chunks in `out`; returns its config."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    db_path = out / "search.sqlite3"
    db = sqlite3.connect(db_path)
    db.executescript(f"""
        PRAGMA page_size = {PAGE_SIZE}; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
        CREATE TABLE docs (id INTEGER PRIMARY KEY, url TEXT, title TEXT, kind TEXT, excerpt TEXT);
        CREATE VIRTUAL TABLE fts USING fts5(title, body, content='', tokenize='unicode61');
    """)
    n = 0
    for page in sorted(site.rglob("*.html")):
        if page.name == "404.html":
            continue
        doc = read_page(page)
        if doc is None:
            continue
        n += 1
        db.execute("INSERT INTO docs VALUES (?,?,?,?,?)", (n, url_of(site, page), doc["title"], doc["kind"], doc["excerpt"]))
        db.execute("INSERT INTO fts (rowid, title, body) VALUES (?,?,?)",
                   (n, " ".join(tokens(doc["title"])), " ".join(tokens(doc["text"]))))
    db.execute("INSERT INTO fts (fts) VALUES ('optimize')")
    db.commit()
    db.execute("VACUUM")
    db.close()
    data = db_path.read_bytes()
    db_path.unlink()
    chunks = 0
    for i in range(0, len(data), SERVER_CHUNK):
        (out / f"db.{i // SERVER_CHUNK:03d}").write_bytes(data[i:i + SERVER_CHUNK])
        chunks += 1
    config = {"serverMode": "chunked", "requestChunkSize": PAGE_SIZE, "urlPrefix": "/sqlite/db.",
              "serverChunkSize": SERVER_CHUNK, "databaseLengthBytes": len(data), "suffixLength": 3}
    (out / "config.json").write_text(json.dumps(config), encoding="utf-8")
    return {"pages": n, "bytes": len(data), "chunks": chunks}


# Rank inside FTS5 first and join only the ten winners: joining before the LIMIT reads the stored
# title and excerpt of every match (8.6 MB for a word on every page instead of a few hundred KB).
SQL_TOP = ("SELECT d.url, d.title, d.kind, d.excerpt FROM (SELECT rowid, bm25(fts, 10.0, 1.0) AS score FROM fts "
           "WHERE fts MATCH ? ORDER BY score LIMIT 10) AS r JOIN docs d ON d.id = r.rowid ORDER BY r.score")
SQL_COUNT = "SELECT count(*) AS n FROM fts WHERE fts MATCH ?"


# --- the browser pages ------------------------------------------------------------------------------

HARNESS_PAGEFIND = """<!doctype html><meta charset="utf-8"><title>pagefind</title><script type="module">
window.runQuery = async (q) => {
  const t0 = performance.now();
  const pagefind = await import("/pagefind/pagefind.js");
  const search = await pagefind.search(q);
  const first = search.results.length ? await search.results[0].data() : null;
  const t1 = performance.now();
  const top = [];
  for (const r of search.results.slice(0, 3)) top.push((await r.data()).url);
  return {ms: t1 - t0, count: search.results.length, top, title: first && first.meta.title,
          excerpt: first && first.excerpt};
};
window.harnessReady = true;
</script>"""

HARNESS_SQLITE = """<!doctype html><meta charset="utf-8"><title>sqlite</title><script src="/vendor/index.js"></script><script>
%(tokens)s
window.runQuery = async (q) => {
  const t0 = performance.now();
  const config = await (await fetch("/sqlite/config.json")).json();
  const worker = await createDbWorker([{from: "inline", config}], "/vendor/sqlite.worker.js", "/vendor/sql-wasm.wasm");
  const tInit = performance.now();
  const expr = matchExpression(q);
  const rows = await worker.db.query(%(top)s, [expr]);
  const t1 = performance.now();
  const first = await worker.worker.getStats();
  const count = (await worker.db.query(%(count)s, [expr]))[0].n;
  const stats = await worker.worker.getStats();
  return {ms: t1 - t0, init_ms: tInit - t0, count, top: rows.slice(0, 3).map(r => r.url),
          title: rows.length ? rows[0].title : null, excerpt: rows.length ? rows[0].excerpt : null,
          db_fetched_first: first ? first.totalFetchedBytes : null,
          db_fetched: stats ? stats.totalFetchedBytes : null, db_requests: stats ? stats.totalRequests : null};
};
window.harnessReady = true;
</script>""" % {"tokens": TOKENS_JS, "top": json.dumps(SQL_TOP), "count": json.dumps(SQL_COUNT)}


class _Counted:
    """The response stream, counting the bytes the server sends (headers and bodies)."""

    def __init__(self, raw, server):
        self.raw, self.server = raw, server

    def write(self, data):
        with self.server.lock:
            self.server.sent += len(data)
        return self.raw.write(data)

    def __getattr__(self, name):
        return getattr(self.raw, name)


class _RangeHandler(http.server.SimpleHTTPRequestHandler):
    """A static file server with single-range requests (as nginx and every static host serve)."""

    def setup(self):
        super().setup()
        self.wfile = _Counted(self.wfile, self.server)

    def send_head(self):
        rng = self.headers.get("Range")
        path = self.translate_path(self.path)
        if not rng or not os.path.isfile(path):
            return super().send_head()
        m = re.fullmatch(r"bytes=(\d+)-(\d*)", rng.strip())
        size = os.path.getsize(path)
        if not m:
            self.send_error(416)
            return None
        start, end = int(m.group(1)), int(m.group(2) or size - 1)
        end = min(end, size - 1)
        f = open(path, "rb")
        f.seek(start)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.end_headers()
        self._remaining = end - start + 1
        return f

    def end_headers(self):
        self.send_header("Accept-Ranges", "bytes")
        super().end_headers()

    def copyfile(self, source, outputfile):
        left = getattr(self, "_remaining", None)
        if left is None:
            return super().copyfile(source, outputfile)
        outputfile.write(source.read(left))
        self._remaining = None

    def log_message(self, format, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    sent = 0
    lock = threading.Lock()

    def handle_error(self, request, client_address):
        pass


def serve(root: Path):
    server = _Server(("127.0.0.1", 0), functools.partial(_RangeHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def browser_query(server, base: str, harness: str, query: str) -> dict:
    """One query in a fresh Chromium profile: the harness's answer, bytes (CDP, and as counted by
    the server) and JS heap (CDP)."""
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="cand-profile-")
    try:
        with sync_playwright() as p:
            ctx = p.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, headless=True,
                                                       args=CHROMIUM_ARGS, service_workers="block")
            page = ctx.pages[0] if ctx.pages else ctx.new_page()
            cdp = ctx.new_cdp_session(page)
            net = {"bytes": 0}
            workers: dict[str, int] = {}
            replies: dict[int, dict] = {}

            def finished(ev):
                net["bytes"] += int(ev.get("encodedDataLength") or 0)

            def attached(ev):
                # dedicated workers are child targets: talk to them through the page's session
                sid = ev["sessionId"]
                workers[sid] = 0
                for mid, method in ((1, "Runtime.enable"), (2, "Network.enable"), (3, "Runtime.runIfWaitingForDebugger")):
                    cdp.send("Target.sendMessageToTarget", {"sessionId": sid, "message": json.dumps({"id": mid, "method": method})})

            def from_worker(ev):
                msg = json.loads(ev["message"])
                if msg.get("method") == "Network.loadingFinished":
                    net["bytes"] += int(msg["params"].get("encodedDataLength") or 0)
                elif "id" in msg:
                    replies[msg["id"]] = msg.get("result", {})

            cdp.on("Network.loadingFinished", finished)
            cdp.on("Target.attachedToTarget", attached)
            cdp.on("Target.receivedMessageFromTarget", from_worker)
            cdp.send("Network.enable")
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
            cdp.send("Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": True, "flatten": False})
            server.sent = 0
            page.goto(f"{base}/{harness}")
            page.wait_for_function("window.harnessReady === true")
            page_bytes, served_page = net["bytes"], server.sent
            result = page.evaluate("q => window.runQuery(q)", query)
            page.wait_for_timeout(300)  # the last loadingFinished events arrive after the answer
            result["bytes"] = net["bytes"]
            result["bytes_after_load"] = net["bytes"] - page_bytes
            result["served"] = server.sent
            result["served_after_load"] = server.sent - served_page
            heap = result["page_heap"] = cdp.send("Runtime.getHeapUsage")["usedSize"]
            for i, sid in enumerate(workers):
                mid = 100 + i
                cdp.send("Target.sendMessageToTarget", {"sessionId": sid, "message": json.dumps({"id": mid, "method": "Runtime.getHeapUsage"})})
                deadline = time.time() + 5
                while mid not in replies and time.time() < deadline:
                    page.wait_for_timeout(50)
                heap += int(replies.get(mid, {}).get("usedSize", 0))
            result["heap"] = heap
            result["workers"] = len(workers)
            ctx.close()
        return result
    finally:
        shutil.rmtree(profile, ignore_errors=True)


# --- queries ---------------------------------------------------------------------------------------

def pick_queries(site: Path) -> list[dict]:
    """The issue's query kinds, taken from the synthetic site, each with the page that should come first."""
    from generators.bench.synthetic import WORDS

    words = sorted(WORDS, key=len, reverse=True)
    jobs = sorted(site.glob("archive/client-0*/jobs/*/index.html"))
    job = title_words = None
    for page in jobs[len(jobs) // 2:]:
        doc = read_page(page)
        found, rest = [], doc["title"].split(" ", 1)[1]
        while rest:
            w = next((w for w in words if rest.startswith(w)), None)
            if w:
                found.append(w)
                rest = rest[len(w):]
            else:
                rest = rest[1:]
        if len(found) == 3 and len(set(found)) == 3 and all(len(w) >= 2 for w in found):
            job, title_words = page, found
            break
    job_no = job.parent.name
    job_url = url_of(site, job)
    client_dir = job.parents[2]
    client = read_page(client_dir / "index.html")
    brand = read_page(client_dir / "brands" / "main" / "index.html")
    return [
        {"kind": "job number", "q": job_no, "want": job_url},
        {"kind": "no dashes", "q": job_no.replace("-", "").lower(), "want": job_url},
        {"kind": "full-width dashes", "q": job_no.replace("-", "\uff0d"), "want": job_url},
        {"kind": "client short name", "q": client["title"], "want": url_of(site, client_dir / "index.html")},
        {"kind": "word mid-title", "q": title_words[1], "want": job_url},
        {"kind": "3 Chinese words", "q": " ".join(title_words), "want": job_url},
        {"kind": "person", "q": "林晓岚", "want": "/dashboards/todo/lin-xiaolan/"},
        {"kind": "brand", "q": brand["title"], "want": url_of(site, client_dir / "brands" / "main" / "index.html")},
    ]


# --- indexing, measured ----------------------------------------------------------------------------

def run_measured(cmd: list[str]) -> dict:
    """Run `cmd`; its wall and CPU seconds and peak resident memory (MB)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{cmd[0]} failed:\n{out.decode(errors='replace')[-3000:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024,
            "log": out.decode(errors="replace")[-2000:]}


def disk(path: Path) -> tuple[int, int]:
    files = [f for f in path.rglob("*") if f.is_file()]
    return sum(f.stat().st_size for f in files), len(files)


def index_pagefind(site: Path, work: Path) -> dict:
    binary = NODE_MODULES / "@pagefind" / "linux-x64" / "bin" / "pagefind_extended"
    if not binary.exists():
        raise SystemExit(f"{binary} is missing: npm install --prefix build/candidates pagefind@1.6.0")
    out = work / "pagefind"
    shutil.rmtree(out, ignore_errors=True)
    return run_measured([str(binary), "--site", str(site), "--output-path", str(out),
                         "--root-selector", ROOT_SELECTOR, "--exclude-selectors", EXCLUDE, "--quiet"])


def index_sqlite(site: Path, work: Path) -> dict:
    return run_measured([sys.executable, "-m", "generators.bench.candidates", "--site", str(site),
                         "--work", str(work), "--only-build-sqlite"])


def prepare_vendor(work: Path) -> None:
    vendor = work / "vendor"
    vendor.mkdir(parents=True, exist_ok=True)
    dist = NODE_MODULES / "sql.js-httpvfs" / "dist"
    if not dist.exists():
        raise SystemExit(f"{dist} is missing: npm install --prefix build/candidates sql.js-httpvfs@0.8.12")
    for name in ("index.js", "sqlite.worker.js", "sql-wasm.wasm"):
        shutil.copy(dist / name, vendor / name)
    (work / "pagefind.html").write_text(HARNESS_PAGEFIND, encoding="utf-8")
    (work / "sqlite.html").write_text(HARNESS_SQLITE, encoding="utf-8")


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def markdown_table(raw: dict) -> str:
    """The figures of one run (the --json file) as the README's Markdown table: medians of the runs."""
    names = {"pagefind": "Pagefind 1.6.0 extended", "sqlite": "SQLite FTS5 + sql.js-httpvfs 0.8.12"}
    lines = ["| | " + " | ".join(names.get(e, e) for e in raw["engines"]) + " |",
             "| --- |" + " --- |" * len(raw["engines"])]

    def row(label, cells):
        lines.append(f"| {label} | " + " | ".join(cells) + " |")

    engines = list(raw["engines"].values())
    row("index: wall / CPU / peak memory", [
        f"{median([b['wall'] for b in e['index']]):.0f} s / {median([b['cpu'] for b in e['index']]):.0f} s / "
        f"{median([b['peak_mb'] for b in e['index']]):.0f} MB" if e["index"] else "(not measured)" for e in engines])
    row("index on disk", [f"{e['size'] / 1e6:.1f} MB, {e['files']:,} files" for e in engines])
    for i, q in enumerate(raw["queries"]):
        cells = []
        for e in engines:
            runs = e["queries"][i]["runs"]
            top = runs[0]["top"]
            place = "1st" if top[:1] == [q["want"]] else ("top 3" if q["want"] in top else "not in top 3")
            cells.append(f"{median([r['ms'] for r in runs]) / 1000:.2f} s, {median([r['served'] for r in runs]) / 1000:,.0f} KB, "
                         f"{median([r['heap'] for r in runs]) / 1e6:.1f} MB heap; {place}; {runs[0]['count']:,} matches")
        row(f"{q['kind']} `{q['q']}`", cells)
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generators.bench.candidates", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, required=True, help="a built site (generators.bench --keep leaves one)")
    parser.add_argument("--work", type=Path, default=REPO / "build" / "candidates" / "work", help="where the indexes go")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement; the median is reported")
    parser.add_argument("--engines", default="pagefind,sqlite")
    parser.add_argument("--json", type=Path, help="also write every raw figure to this file")
    parser.add_argument("--reuse-index", action="store_true", help="query the indexes already in --work (no index figures)")
    parser.add_argument("--table", type=Path, help="only print the Markdown table of an earlier --json file")
    parser.add_argument("--index-from", type=Path, help="with --table: the index figures from this --json file")
    parser.add_argument("--only-build-sqlite", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.table:
        raw = json.loads(args.table.read_text(encoding="utf-8"))
        if args.index_from:  # index figures of an earlier run, queries of this one (--reuse-index)
            earlier = json.loads(args.index_from.read_text(encoding="utf-8"))
            for name, engine in raw["engines"].items():
                engine["index"] = earlier["engines"][name]["index"]
        print(markdown_table(raw))
        return 0
    site, work = args.site.resolve(), args.work.resolve()
    if args.only_build_sqlite:
        print(json.dumps(build_sqlite(site, work / "sqlite")))
        return 0
    work.mkdir(parents=True, exist_ok=True)
    prepare_vendor(work)
    queries = pick_queries(site)
    engines = args.engines.split(",")
    raw: dict = {"load_before": os.getloadavg(), "queries": queries, "engines": {}}
    for engine in engines:
        builds = []
        for _ in range(0 if args.reuse_index else args.repeat):
            builds.append((index_pagefind if engine == "pagefind" else index_sqlite)(site, work))
        size, files = disk(work / engine)
        raw["engines"][engine] = {"index": builds, "size": size, "files": files, "queries": []}
        if not builds:
            continue
        print(f"{engine}: index {median([b['wall'] for b in builds]):.1f} s wall, "
              f"{median([b['cpu'] for b in builds]):.1f} s CPU, peak {median([b['peak_mb'] for b in builds]):.0f} MB, "
              f"{size / 1e6:.1f} MB in {files} files", flush=True)
    server, base = serve(work)
    try:
        for engine in engines:
            for q in queries:
                runs = [browser_query(server, base, f"{engine}.html", q["q"]) for _ in range(args.repeat)]
                raw["engines"][engine]["queries"].append({**q, "runs": runs})
                r = runs[0]
                print(f"  {engine} {q['kind']:18s} {q['q']!r:24s} {median([x['ms'] for x in runs]):7.0f} ms "
                      f"{median([x['bytes'] for x in runs]) / 1e3:8.0f} KB (served {median([x['served'] for x in runs]) / 1e3:6.0f}) heap {median([x['heap'] for x in runs]) / 1e6:6.1f} MB "
                      f"n={r['count']} first={r['top'][:1] == [q['want']]} top3={q['want'] in r['top']}", flush=True)
    finally:
        server.shutdown()
    raw["load_after"] = os.getloadavg()
    if args.json:
        args.json.write_text(json.dumps(raw, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"load average before {raw['load_before'][0]:.2f}, after {raw['load_after'][0]:.2f} (2 cores)")
    print(markdown_table(raw))
    return 0


if __name__ == "__main__":
    sys.exit(main())
