"""Every value from a record is escaped on its way into HTML and the search index."""
from __future__ import annotations

import re

import pytest

from sitebuild import FILES, RECORDS, build, make_project

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
C = "clients/evil-co"


def evil_records() -> dict[str, str]:
    q = lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'  # noqa: E731
    return {
        f"{C}/client.md": f"""---
type: client
id: evil-co
code: EVL
name: {q(SCRIPT)}
short_name: {q(IMG)}
class: B
industry: {q(SCRIPT + IMG)}
status: prospect
since: 2026-01-01
team:
  ad: 周志远
  am: 林晓岚
  ae: [王芳]
contacts:
- name: {q(SCRIPT)}
  email: {q(IMG)}
---

# {SCRIPT}

## 客户概况

{SCRIPT} and {IMG} and <a href="javascript:alert(1)">x</a> [y](javascript:alert(1))

## 服务要点

<div onmouseover="alert(1)">hover</div> `{SCRIPT}`

```html
{SCRIPT}
```
""",
        f"{C}/brands/evil-brand/brand.md": f"""---
type: brand
id: evil-brand
client: evil-co
name: {q(SCRIPT)}
category: {q(IMG)}
since: 2026-01-01
competitors: [{q(SCRIPT)}, {q(IMG)}]
---

## 联系人与客户组织

{IMG}

## {SCRIPT}

正文 {{: onclick="alert(1)" }}
""",
        f"{C}/jobs/EVL-2026-0001/job.md": f"""---
type: job
job_no: "EVL-2026-0001"
client: evil-co
brand: evil-brand
title: {q(SCRIPT + IMG)}
kind: creative
ae: 王芳
am: 林晓岚
opened: 2026-09-14
due: 2026-11-28
status: brief
brief: {{date: 2026-09-14, ad: 周志远, cd: 吴迪}}
{SCRIPT.replace("<", "x").replace(">", "x").replace("(", "").replace(")", "")}: {q(IMG)}
deliverables:
- media: tv
  title: {q(SCRIPT)}
  date: 2026-10-21
---

# title

## 工作简报 {SCRIPT}

{IMG}

## 进展记录

- {SCRIPT}
""",
        f"{C}/meetings/2026-11-16-evil.md": f"""---
type: meeting
client: evil-co
brands: [evil-brand]
jobs: ["EVL-2026-0001"]
title: {q(IMG)}
kind: meeting
held_at: "2026-11-16 10:00"
location: {q(SCRIPT)}
attendees:
  client: [{q(SCRIPT)}]
  agency: [{q(IMG)}]
sent_at: "2026-11-16 12:00"
decisions: [{q(SCRIPT)}]
---

## 讨论要点

{SCRIPT}
""",
    }


# Live markup: a real tag (a literal `<`, not `&lt;`) that would run script.
LIVE = [re.compile(p, re.I) for p in (r"<script>alert", r"<img[^>]*onerror", r"<[a-z][^>]*\son\w+\s*=\s*[\"']?alert",
                                      r"<[a-z][^>]*\shref\s*=\s*[\"']?\s*javascript:")]


@pytest.fixture(scope="module")
def evil_site(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("evil"), {**RECORDS, **evil_records()}, FILES, git=False)
    site_dir = tmp_path_factory.mktemp("evil-site")
    result = build(project, site_dir, strict=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return site_dir


def live(text: str) -> list[str]:
    return [p.pattern for p in LIVE if p.search(text)]


@pytest.mark.slow
def test_no_page_carries_live_markup(evil_site):
    pages = list(evil_site.rglob("*.html"))
    evil_pages = [p for p in pages if "evil-co" in p.as_posix()]
    assert len(evil_pages) >= 4
    for p in pages:
        body = p.read_text(encoding="utf-8")
        assert not live(body), (p.relative_to(evil_site).as_posix(), live(body))
    job = (evil_site / "archive/evil-co/jobs/EVL-2026-0001/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in job  # shown as text, not dropped


@pytest.mark.slow
def test_search_files_carry_no_live_markup_and_only_site_paths(evil_site):
    import json
    from generators.site.searchindex import safe_url
    rows = [r for p in sorted((evil_site / "search" / "d").glob("*.json")) for r in json.loads(p.read_text(encoding="utf-8"))]
    assert any("EVL-2026-0001" in r[1] for r in rows)
    for r in rows:
        assert safe_url(r[0]) and all(isinstance(x, str) for x in r), r
    # The fields are text (a client named `"><img onerror=...>` is kept as those characters): the
    # search box must only ever put them into the page as text.
    script = (evil_site / "assets" / "archive-search.js").read_text(encoding="utf-8")
    assert "textContent" in script
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "Function("):
        assert sink not in script, sink
