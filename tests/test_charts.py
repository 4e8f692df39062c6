"""Charts: well-formed inline SVG with every record text escaped, no script, nothing fetched."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

from rules_helpers import BRIEF, job, run

from generators.site import charts
from generators.site.build import generate

EVIL = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "a & b", "</svg><iframe>", "{{ x }} ]]> <!--"]


def _parse(html: str) -> ET.Element:
    root = ET.fromstring(html)  # raises on anything that is not well-formed
    assert root.tag == "figure"
    return root


def _texts(root: ET.Element) -> str:
    return " ".join("".join(e.itertext()) for e in root.iter())


def _no_active_content(html: str, root: ET.Element) -> None:
    tags = {e.tag.split("}")[-1] for e in root.iter()}
    assert tags <= {"figure", "svg", "title", "g", "line", "rect", "path", "circle", "text", "tspan"}, tags
    for e in root.iter():
        assert not any(k.lower().startswith("on") or "href" in k.lower() for k in e.attrib), e.attrib
    assert "<script" not in html and "<img" not in html and "<iframe" not in html and "url(" not in html


def test_gantt_escapes_labels_and_notes():
    bars = [charts.Bar(text, date(2026, 11, 10 + i), date(2026, 11, 1), state, note=text)
            for i, (text, state) in enumerate(zip(EVIL, ["done", "open", "overdue", "client", "bogus"]))]
    html = charts.gantt(bars, date(2026, 11, 12), title=EVIL[0])
    root = _parse(html)
    _no_active_content(html, root)
    assert "&lt;script&gt;" in html and "a &amp; b" in html
    assert "<script>alert(1)</script>" in _texts(root)  # shown as text, exactly as written


def test_timeline_and_trend_escape_text():
    events = [charts.Event(date(2026, 1 + i, 1), text, kind=text, note=text) for i, text in enumerate(EVIL)]
    for html in (charts.timeline(events, EVIL[1]), charts.trend({t: [i, 0, 2] for i, t in enumerate(EVIL)}, EVIL[:3], EVIL[2])):
        root = _parse(html)
        _no_active_content(html, root)
        assert '"><img' not in html


def test_empty_input_draws_nothing():
    assert charts.gantt([], date(2026, 11, 20)) == ""
    assert charts.timeline([]) == ""
    assert charts.trend({}, ["W1"]) == ""


def test_gantt_one_day_and_same_dates():
    html = charts.gantt([charts.Bar("一天", date(2026, 11, 20))], date(2026, 11, 20))
    _parse(html)  # no division by zero: the span is at least one day


def test_job_page_has_the_schedule_chart(project):
    job(project, status="concept", brief=BRIEF, title="海报 <b>冬季</b>",
        schedule=[{"step": "草图提案 <script>", "due": "2026-11-03", "done": "2026-11-03", "audience": "client"},
                  {"step": "完稿", "due": "2026-11-19", "audience": "internal"}])
    gen = generate(project.root, use_git=False)
    page = next(p.content for p in gen.pages if p.uri == "archive/huaxin-foods/jobs/HXF-2026-0001/index.md")
    chart = page.split("## 进度图", 1)[1].strip().split("\n", 1)[0]
    root = _parse(chart)
    _no_active_content(chart, root)
    assert "草图提案 <script>" in _texts(root) and "交付" in _texts(root)
    found, _ctx = run(project, "2026-11-20")  # the chart is drawn from the same as_of as the checks
    assert any(f.rule == "JOB-OVERDUE" for f in found)


def test_sample_pages_carry_their_charts():
    from conftest import REPO
    pages = {p.uri: p.content for p in generate(REPO, use_git=False).pages}
    brand = pages["archive/qingshan-auto/brands/qingshan-ev/index.md"]
    timeline = next(line for line in brand.splitlines() if "archive-chart-timeline" in line)
    assert "青山E行上市战役" in _texts(_parse(timeline))
    assert "archive-chart-gantt" in pages["archive/huaxin-foods/jobs/HXF-2026-0042/index.md"]
    assert "archive-chart-trend" in pages["dashboards/team.md"]
