"""Pages that read and print well, in Debian's headless Chromium (Playwright).

At 1366 px (an office laptop) every page kind is opened with scrollbars drawn as a desktop browser
draws them: no table may stick out of its column unless the box it scrolls in shows a scrollbar,
and no job number may break over two lines. A client file, a brand fact book and a job bag are
printed to A4 PDF: every column inside the page, no heading alone at a page foot, the running
header (client and date) on every page, the site's navigation left out. The PDFs, PNG renders of
their pages (pdftoppm, when installed) and screenshots stay in test-artifacts/layout/.
"""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from browser_support import chromium, require_browser
from sitebuild import REPO

pytestmark = pytest.mark.slow

ARTIFACTS = REPO / "test-artifacts" / "layout"
WIDTH = 1366
CLIENT = "archive/huaxin-foods/"
BRAND = f"{CLIENT}brands/huaxin-yogurt/"
JOB = f"{CLIENT}jobs/HXF-2026-0042/"

# One page of every kind the site has (name -> URL).
PAGES = {
    "home": "",
    "handbook": "workflow/schedule/",
    "archive": "archive/",
    "register-jobs": "archive/jobs/",
    "register-meetings": "archive/meetings/",
    "register-weekly": "archive/weekly/",
    "register-budgets": "archive/budgets/",
    "register-competitive": "archive/competitive/",
    "register-research": "archive/research/",
    "register-issues": "archive/issues/",
    "client": CLIENT,
    "brand": BRAND,
    "job": JOB,
    "meeting": f"{CLIENT}meetings/2026-11-16-winter-campaign-review/",
    "weekly": f"{CLIENT}reports/weekly/2026-W47/",
    "dashboard": "dashboards/",
    "compliance": "dashboards/compliance/",
    "todo": "dashboards/todo/wang-fang/",
    "rule": "rules/mtg-actions/",
    "template": "documents/templates/meeting/",
}

# Every table in the article: the first box it does not fit in must scroll and draw a bar.
OVERFLOW = """() => {
  const article = document.querySelector("article");
  const out = [];
  const content = article.parentElement;  // Material's scroll boxes reach into the article's margin
  if (content.scrollWidth > content.clientWidth + 1)
    out.push(`正文本身横向超出 ${content.scrollWidth - content.clientWidth}px`);
  for (const table of article.querySelectorAll("table")) {
    const width = table.getBoundingClientRect().width;
    let box = table.parentElement;
    while (box && box !== article && box.clientWidth + 1 >= width) box = box.parentElement;
    if (!box || box === article) {
      if (width > article.clientWidth + 1) out.push(`表格“${table.rows[0].innerText.slice(0, 40)}”宽 ${width}px，超出正文 ${article.clientWidth}px`);
      continue;
    }
    const style = getComputedStyle(box);
    const scrolls = ["auto", "scroll"].includes(style.overflowX);
    const bar = box.offsetHeight - box.clientHeight - parseFloat(style.borderTopWidth) - parseFloat(style.borderBottomWidth);
    if (!scrolls || bar <= 0)
      out.push(`表格“${table.rows[0].innerText.replace(/\\s+/g, " ").slice(0, 40)}”宽 ${Math.round(width)}px，`
               + `所在的框 ${box.tagName.toLowerCase()}.${box.className} 宽 ${box.clientWidth}px，`
               + (scrolls ? "能滚动但看不到滚动条" : `不能滚动（overflow-x: ${style.overflowX}），多出的列被遮住`));
  }
  return out;
}"""

# Every job number in the article's text: drawn on one line (its boxes share one top).
JOB_NUMBERS = """() => {
  const article = document.querySelector("article");
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  const out = []; let seen = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement.offsetParent) continue;  // not displayed
    for (const m of node.data.matchAll(/[A-Z]{2,5}-\\d{4}-\\d{4}/g)) {
      seen += 1;
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (tops.size > 1) out.push(`${m[0]} 折成了 ${tops.size} 行（在“${node.parentElement.closest("td,li,p,h1,h2,h3,dd,a")?.innerText.slice(0, 40)}”里）`);
    }
  }
  return {seen, broken: out};
}"""


@pytest.fixture(scope="module")
def site(repo_site):
    """The repository's site, built once per test session (conftest.repo_site)."""
    return repo_site


@pytest.fixture(scope="module")
def base_url(repo_url):
    return repo_url


@pytest.fixture(scope="module")
def page(base_url, tmp_path_factory):
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    with chromium(tmp_path_factory.mktemp("layout-profile"), width=WIDTH, scrollbars=True) as p:
        yield p


def open_page(page, url: str):
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url}: HTTP {response.status if response else '无响应'}"
    page.wait_for_load_state("load")
    page.emulate_media(media="screen")


def test_the_overflow_check_sees_a_hidden_column_and_a_drawn_bar(page):
    """The checks themselves: a table wider than its column is caught when the box hides the rest
    (no scrolling), passes when the box scrolls with a drawn bar; a wrapped job number is caught."""
    wide = "<table><tr>" + "".join(f"<td>第{i}列第{i}列第{i}列</td>" for i in range(30)) + "</tr></table>"
    page.set_content(f"<article style='width:600px'><div style='overflow:hidden'>{wide}</div>"
                     f"<div style='overflow-x:auto'>{wide}</div>"
                     "<p style='width:60px'>工作号 HXF-2026-0042 折行</p></article>")
    problems = page.evaluate(OVERFLOW)
    assert len(problems) == 1 and "不能滚动" in problems[0], problems
    assert page.evaluate(JOB_NUMBERS)["broken"], "60px 宽的段落里工作号应当折行，检查没有发现"


@pytest.mark.parametrize("name", PAGES)
def test_page_fits_1366_px_and_job_numbers_stay_on_one_line(page, base_url, name):
    open_page(page, base_url + PAGES[name])
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)
    problems = page.evaluate(OVERFLOW)
    assert not problems, f"{PAGES[name] or '首页'} 在 {WIDTH}px 宽的窗口里：" + "；".join(problems)
    found = page.evaluate(JOB_NUMBERS)
    assert not found["broken"], f"{PAGES[name] or '首页'}：" + "；".join(found["broken"])


@pytest.mark.parametrize("name", ["client", "brand", "job", "meeting", "compliance", "todo", "template"])
def test_page_says_where_the_reader_is(page, base_url, name):
    """Pages outside the navigation carry a breadcrumb trail that starts at their section."""
    open_page(page, base_url + PAGES[name])
    crumbs = page.locator("article nav.archive-crumbs li")
    assert crumbs.count() >= 2, f"{PAGES[name]} 没有面包屑导航"
    first = crumbs.nth(0).inner_text().strip()
    assert first in ("档案", "看板", "业务文件与模板"), f"{PAGES[name]} 面包屑从“{first}”开始"
    if name == "job":
        assert [crumbs.nth(i).inner_text().strip() for i in range(3)] == ["档案", "华信食品", "华信鲜酪"]


def test_due_next_comes_before_the_fact_panel(page, base_url):
    for url in (CLIENT, BRAND, JOB):
        open_page(page, base_url + url)
        order = page.evaluate("""() => { const due = document.querySelector("article .archive-due"),
            panel = document.querySelector("article .archive-panel");
            return due && panel ? !!(due.compareDocumentPosition(panel) & Node.DOCUMENT_POSITION_FOLLOWING) : null; }""")
        assert order is True, f"{url}：“接下来要做”应在字段面板之前"


def test_history_table_has_borders_and_unbroken_hashes(page, base_url):
    open_page(page, base_url + JOB)
    table = page.locator("article table.archive-history")
    if table.count() == 0:
        pytest.skip("没有 git 历史（不在 git 仓库中构建）")
    style = page.evaluate("""() => { const td = document.querySelector("article table.archive-history td");
        return getComputedStyle(td).borderTopStyle; }""")
    assert style == "solid"
    heights = page.evaluate("""() => [...document.querySelectorAll("article table.archive-history code")].map(
        c => [...c.getClientRects()].length)""")
    assert heights and all(n == 1 for n in heights), f"提交号折行：{heights}"


# --- print ------------------------------------------------------------------------------------

PRINTED = {"client": CLIENT, "brand": BRAND, "job": JOB}
A4_CONTENT_PX = round((210 - 24) / 25.4 * 96)  # the stylesheet's @page margins: 12 mm each side
PAGE_NUMBER = re.compile(r"^\d+\s*/\s*\d+$")


def _pdf_pages(pdf) -> list[list[str]]:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [[line.strip() for line in p.splitlines() if line.strip()] for p in out.split("\f") if p.strip()]


@pytest.mark.parametrize("name", PRINTED)
def test_print_on_a4(page, base_url, name):
    url = PRINTED[name]
    open_page(page, base_url + url)
    page.set_viewport_size({"width": A4_CONTENT_PX, "height": 1100})
    try:
        page.emulate_media(media="print")
        hidden = page.evaluate("""() => [".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".archive-crumbs"]
            .filter(s => { const el = document.querySelector(s); return el && el.getClientRects().length > 0; })""")
        assert not hidden, f"打印{url}时仍显示：{hidden}"
        cut = page.evaluate("""() => { const a = document.querySelector("article").getBoundingClientRect();
            return [...document.querySelectorAll("article table")].filter(t => t.getBoundingClientRect().right > a.right + 1)
              .map(t => t.rows[0].innerText.replace(/\\s+/g, " ").slice(0, 40)); }""")
        assert not cut, f"打印{url}时这些表格超出纸宽：{cut}"
        broken = page.evaluate(JOB_NUMBERS)["broken"] + page.evaluate("""() =>
            [...document.querySelectorAll("article .archive-history code")].filter(c => c.getClientRects().length > 1)
              .map(c => `提交号 ${c.innerText} 折行`)""")
        assert not broken, f"打印{url}时：" + "；".join(broken)
        headings = page.evaluate("""() => [...document.querySelectorAll("article h2, article h3")].map(h => h.innerText)""")
        pdf = ARTIFACTS / f"print-{name}.pdf"
        page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True, print_background=True)
    finally:
        page.emulate_media(media="screen")
        page.set_viewport_size({"width": WIDTH, "height": 900})
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(ARTIFACTS / f"print-{name}")], check=True)
    if not shutil.which("pdftotext"):
        reason = "没有 pdftotext（poppler-utils，make browser 会安装）：PDF 已保存，分页没有检查"
        if require_browser():
            pytest.fail(f"REQUIRE_BROWSER=1 但{reason}")
        pytest.skip(reason)
    pages = _pdf_pages(pdf)
    assert pages, f"{pdf} 没有页面"
    squash = {re.sub(r"\s+", "", h.replace("¶", "")) for h in headings}
    for n, lines in enumerate(pages, 1):
        assert "华信食品" in lines[0] and "档案截至" in lines[0], f"{pdf.name} 第 {n} 页页眉不是客户和日期：{lines[0]!r}"
        body = [line for line in lines[1:] if not PAGE_NUMBER.match(line)]
        if n < len(pages) and body:
            last = re.sub(r"\s+", "", body[-1])
            assert last not in squash, f"{pdf.name} 第 {n} 页最后一行是标题“{body[-1]}”，它的内容在下一页"
