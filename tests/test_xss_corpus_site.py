"""The XSS corpus built into a real site: every payload as a record body (and as a handbook page),
plus script in the fields that reach the calendar feeds. No page, no search-index entry and no
feed carries a script-carrying element, handler or address; in headless Chromium no dialog fires,
even when every element's handlers are poked, and searching for the payloads shows none."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from browser_support import browser_missing, chromium, require_browser, search, serve
from sitebuild import FILES, RECORDS, article, build, make_project
from xss_corpus import INERT, PAYLOADS
from xss_oracle import ACTIVE, live, reads_as

pytestmark = pytest.mark.slow

HISTORY = "clients/huaxin-foods/brands/huaxin-yogurt/history"
EVERY = [(n, b) for n, b, _ in PAYLOADS] + INERT
GROUP = 8  # payloads per handbook page (record pages hold one each)
FEED_PAYLOAD = "<img src=x onerror=alert(1)>[点我](javascript:alert(1))"


IMG = "<img src=x onerror=alert(1)>"
# Handbook pages whose title, front matter and headings carry script (the theme prints several raw).
HANDBOOK_TITLES = {
    "content/xss/meta.md": f"""---
title: '"><img src=x onerror=alert(1)>'
description: '"><img src=x onerror=alert(1)>'
author: '"></title><script>alert(1)</script>'
template: redirect.html
location: 'javascript:alert(1)'
tags: ['{IMG}']
---

# 标题

## {IMG} 小节

## &lt;img src=x onerror=alert(1)&gt; 小节

## 标签 {{: data-toc-label="{IMG}" }}
""",
    "content/xss/deep.md": "# 深层嵌套\n\n" + "<div>" * 5000 + "正文\n",
    "content/xss/h1.md": "# &lt;/title&gt;&lt;img src=x onerror=alert(1)&gt; 手册\n\n正文。\n",
}


def corpus_records() -> dict[str, str]:
    out = {}
    for n, (name, body) in enumerate(EVERY):
        out[f"{HISTORY}/2026-09-28-xss-{n:02d}.md"] = (
            "---\ntype: brand-history\nclient: huaxin-foods\nbrand: huaxin-yogurt\ndate: 2026-09-28\n"
            f"kind: brainstorm\ntitle: \"XSS {name}\"\nparticipants: [王芳]\n---\n\n{body}\n")
    for g in range(0, len(EVERY), GROUP):
        out[f"content/xss/{g // GROUP:02d}.md"] = "\n\n".join(
            [f"# XSS 手册 {g // GROUP}"] + [f"## {name}\n\n{body}" for name, body in EVERY[g:g + GROUP]]) + "\n"
    out.update(HANDBOOK_TITLES)
    out["clients/huaxin-foods/meetings/2026-11-19-xss.md"] = f"""---
type: meeting
client: huaxin-foods
jobs: ["HXF-2026-0042"]
title: {json.dumps(FEED_PAYLOAD)}
kind: meeting
held_at: "2026-11-19 10:00"
attendees:
  client: [何丽]
  agency: [王芳]
sent_at: "2026-11-19 12:00"
actions:
- what: {json.dumps(FEED_PAYLOAD)}
  owner: 王芳
  due: 2026-11-26
---

## 讨论要点

{PAYLOADS[0][1]}
"""
    return out


def page_urls() -> list[str]:
    urls = [f"archive/huaxin-foods/brands/huaxin-yogurt/history/2026-09-28-xss-{n:02d}/" for n in range(len(EVERY))]
    urls += [f"xss/{g // GROUP:02d}/" for g in range(0, len(EVERY), GROUP)]
    return urls + ["xss/meta/", "xss/h1/", "archive/huaxin-foods/meetings/2026-11-19-xss/", "dashboards/",
                   "archive/meetings/"]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("xss-corpus"), {**RECORDS, **corpus_records()}, FILES, git=False)
    site_dir = tmp_path_factory.mktemp("xss-corpus-site")
    result = build(project, site_dir, strict=False)
    assert result.returncode == 0, result.stdout + result.stderr
    (site_dir / "build.log").write_text(result.stdout + result.stderr, encoding="utf-8")
    return site_dir


def _content(html: str) -> str:
    """The article without the theme's edit button (its icon is an <svg>)."""
    return re.sub(r'<a [^>]*class="md-content__button[^"]*".*?</a>', "", article(html), flags=re.S)


def test_properdocs_build_is_as_clean(tmp_path):
    # The maintained fork runs the same hook: its pages are sanitized too.
    project = make_project(tmp_path / "project", {**RECORDS, **corpus_records()}, FILES, git=False)
    result = build(project, tmp_path / "site", strict=False, engine="properdocs")
    assert result.returncode == 0, result.stdout + result.stderr
    pages = list((tmp_path / "site").rglob("*.html"))
    assert len(pages) > len(EVERY)
    for p in pages:
        html = p.read_text(encoding="utf-8")
        assert live(html, allow_tags=ACTIVE) == [] and live(_content(html)) == [], p.name


def test_every_page_is_built(site):
    for url in page_urls():
        assert (site / url / "index.html").is_file(), url


def test_no_page_carries_live_script(site):
    pages = list(site.rglob("*.html"))
    assert len(pages) > len(EVERY) + len(EVERY) // GROUP
    for p in pages:
        html = p.read_text(encoding="utf-8")
        where = p.relative_to(site).as_posix()
        assert live(html, allow_tags=ACTIVE) == [], where  # the theme's own <script>, <svg>, <form> aside
        assert live(_content(html)) == [], where


def test_charts_are_kept(site):
    # The build-time SVG charts pass the sanitizer: the job page draws its schedule.
    job = (site / "archive/huaxin-foods/jobs/HXF-2026-0042/index.html").read_text(encoding="utf-8")
    assert '<figure class="archive-chart' in job and "<svg" in _content(job) and "<rect" in job


def test_payload_text_survives_as_text(site):
    job = (site / page_urls()[0] / "index.html").read_text(encoding="utf-8")
    assert "点我" in job
    script = next(n for n, (name, _) in enumerate(EVERY) if name == "script")
    shown = (site / page_urls()[script] / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown  # a record's raw HTML is shown, not run


def test_too_deep_a_page_is_replaced_by_a_notice_and_warned(site):
    shown = (site / "xss" / "deep" / "index.html").read_text(encoding="utf-8")
    assert "嵌套超过 2000 层" in shown and "<div><div><div>" not in shown
    assert "WARNING" in (log := (site / "build.log").read_text(encoding="utf-8")) and "xss/deep.md" in log


def test_search_files_carry_only_text_and_site_paths(site):
    # The search box shows every field with textContent, so markup in a title stays text; what must
    # hold is that every result is a relative site path and every field a plain string.
    from generators.site.searchindex import safe_url
    rows = [row for p in sorted((site / "search" / "d").glob("*.json"))
            for row in json.loads(p.read_text(encoding="utf-8"))]
    assert any("XSS" in r[1] for r in rows)
    for r in rows:
        assert safe_url(r[0]) and all(isinstance(x, str) for x in r), r


def _ics_properties(text: str) -> list[tuple[str, str]]:
    unfolded = re.sub(r"\r?\n[ \t]", "", text)
    return [tuple(line.split(":", 1)) for line in unfolded.splitlines() if ":" in line]


def test_feeds_carry_no_script_address(site):
    feeds = list((site / "calendar").glob("*.ics"))
    assert feeds
    seen = False
    for f in feeds:
        for name, value in _ics_properties(f.read_text(encoding="utf-8")):
            key = name.split(";")[0].upper()
            if key in ("URL", "ATTACH") or "ALTREP" in name.upper():
                assert reads_as(value).startswith(("http://", "https://")), (f.name, name, value)
            if key in ("SUMMARY", "DESCRIPTION", "X-ALT-DESC"):
                assert live(value.replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";")) == [], (f.name, value)
                assert not re.search(r"(javascript|vbscript|data):", reads_as(value)), (f.name, value)
                seen = seen or "onerror" in value
    assert seen  # the payload did reach the feeds (as text)


# --- headless Chromium -----------------------------------------------------------------------

# After load: poke every element's inline handlers, then report what a script could still use.
PROBE = """() => {
  const bad = [];
  const urlAttrs = ["href", "src", "action", "formaction", "data", "xlink:href", "srcdoc", "poster", "background"];
  for (const el of document.querySelectorAll("*")) {
    for (const a of el.attributes) {
      const v = a.value.replace(/[\\u0000-\\u0020\\u200b\\ufeff]/g, "").toLowerCase();
      if (a.name.startsWith("on")) bad.push(el.tagName + " " + a.name);
      if (urlAttrs.includes(a.name) && /^(javascript|vbscript|data):/.test(v)) bad.push(el.tagName + " " + a.name + "=" + v);
    }
  }
  const content = document.querySelector("article");
  for (const el of content ? content.querySelectorAll("*") : []) {
    if (el.closest(".md-content__button")) continue;
    if (/^(script|iframe|object|embed|math|meta|base|form|style|link|animate|set|foreignObject|use|image)$/i.test(el.tagName)) bad.push(el.tagName);
    if (el.closest("a, label")) continue;
    for (const t of ["mouseover", "click", "focus", "toggle", "load", "error", "animationstart"]) {
      try { el.dispatchEvent(new Event(t)); } catch (e) {}
    }
  }
  return bad;
}"""


@pytest.fixture(scope="module")
def browser_page(site, tmp_path_factory):
    reason = browser_missing()
    if reason:
        if require_browser():
            pytest.fail(f"REQUIRE_BROWSER=1 但浏览器测试无法运行：{reason}")
        pytest.skip(reason)
    with serve(site) as base, chromium(tmp_path_factory.mktemp("xss-chromium")) as page:
        dialogs: list[tuple[str, str]] = []

        def heard(dialog):
            dialogs.append((page.url, dialog.message))
            dialog.dismiss()
        page.on("dialog", heard)
        yield page, base, dialogs


def test_no_dialog_fires_in_chromium(browser_page):
    page, base, dialogs = browser_page
    leftovers = {}
    for url in page_urls():
        page.goto(base + url, wait_until="load")
        found = page.evaluate(PROBE)
        if found:
            leftovers[url] = found
    page.wait_for_timeout(200)  # a handler that defers its alert()
    assert dialogs == []
    assert leftovers == {}
    assert page.evaluate("() => typeof alert") == "function"  # the listener was listening on a real page


def test_search_results_show_payloads_inertly(browser_page):
    page, base, dialogs = browser_page
    page.goto(base, wait_until="load")
    results = search(page, "XSS")
    assert results  # the payload pages are in the index, their text rendered in the result list
    search(page, "onerror")
    page.wait_for_timeout(300)
    assert dialogs == []
    assert page.evaluate(PROBE) == []


def test_a_dialog_would_be_heard(browser_page):
    # The listener is real: a page that does call alert() is caught (then the record is cleared).
    page, base, dialogs = browser_page
    page.goto(base, wait_until="load")
    page.evaluate("() => alert('probe')")
    assert dialogs and dialogs[-1][1] == "probe"
    dialogs.clear()
