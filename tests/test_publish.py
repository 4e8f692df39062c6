"""Issue 9, publishing: attachments stay in their record's folder and cannot run script, archive errors
fail `mkdocs build --strict`, no two files share a site address, the public handbook carries no client
data (SEC-CONFIDENTIAL scans every file), and the web addresses come from one setting."""
from __future__ import annotations

import gzip
import json
import os
import re
from pathlib import Path
from urllib.parse import quote, unquote

import pytest
from conftest import job_md

from generators.archive import svg

JOB = "clients/huaxin-foods/jobs/HXF-2026-0001/job.md"
FOLDER = "clients/huaxin-foods/jobs/HXF-2026-0001"
REPO = Path(__file__).resolve().parents[1]


def with_files(**files) -> str:
    """The valid job naming `files` (field -> file name) under documents:."""
    lines = "".join(f"  {k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in files.items())
    return job_md(**{"third_party: false\n": "third_party: false\ndocuments:\n" + lines})


def rules_of(findings, rule):
    return [f for f in findings if f["rule"] == rule]


# --- RET-ATTACH: inside the record's folder, no symlink ------------------------------------------

def test_symlinked_attachment_is_an_error(project, tmp_path):
    outside = tmp_path / "passwd"
    outside.write_text("root:x:0:0\n", encoding="utf-8")
    project.write(JOB, with_files(job_request="job-request.txt"))
    os.symlink(outside, project.root / FOLDER / "job-request.txt")
    code, findings = project.check_json()
    hits = rules_of(findings, "RET-ATTACH")
    assert code == 1 and len(hits) == 1
    assert "符号链接" in hits[0]["message"] and hits[0]["line"] > 1 and hits[0]["field"] == "documents.job_request"
    assert hits[0]["fix"] and hits[0]["link"].endswith("/rules/ret-attach/")


def test_symlinked_folder_on_the_way_is_an_error(project, tmp_path):
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc" / "passwd").write_text("root\n", encoding="utf-8")
    project.write(JOB, with_files(job_request="scans/passwd"))
    os.symlink(tmp_path / "etc", project.root / FOLDER / "scans")
    code, findings = project.check_json()
    assert code == 1 and any("符号链接" in f["message"] for f in rules_of(findings, "RET-ATTACH"))


@pytest.mark.parametrize("name", ["../../../client.md.txt", "../HXF-2026-0009/brief.txt", "/etc/passwd",
                                  "sub/../../x.txt", "..\\..\\x.txt"])
def test_attachment_outside_the_records_folder_is_an_error(project, name):
    """A field naming a path out of the folder is refused while reading (REQ-FIELDS: the field's type)."""
    project.write("clients/huaxin-foods/jobs/HXF-2026-0009/brief.txt", "另一项工作的简报\n")
    project.write("clients/client.md.txt", "x\n")
    project.write(JOB, with_files(job_request=name))
    code, findings = project.check_json()
    hits = [f for f in findings if f["rule"] in ("REQ-FIELDS", "RET-ATTACH")]
    assert code == 1 and len(hits) == 1 and hits[0]["field"] == "documents.job_request", findings


@pytest.mark.parametrize("name", ["../HXF-2026-0009/brief.txt", "%2E%2E/HXF-2026-0009/brief.txt", "sub/../../HXF-2026-0009/brief.txt"])
def test_place_refuses_every_way_out(project, name):
    from generators.archive.attachments import place
    project.write("clients/huaxin-foods/jobs/HXF-2026-0009/brief.txt", "x\n")
    at = place(project.root, FOLDER, unquote(name))
    assert at.path is None and "之外" in at.problem and at.fix


def test_body_link_out_of_the_folder_is_an_error(project):
    project.write("clients/huaxin-foods/secret.txt", "x\n")
    project.write(JOB, job_md(**{"冬季新品上市海报。": "冬季新品上市海报。见[附件](../../secret.txt)。"}))
    code, findings = project.check_json()
    hits = rules_of(findings, "RET-ATTACH")
    assert code == 1 and len(hits) == 1 and "之外" in hits[0]["message"]


def test_a_file_in_a_subfolder_of_the_record_is_fine(project):
    project.write(f"{FOLDER}/scans/job-request.txt", "申请\n")
    project.write(JOB, with_files(job_request="scans/job-request.txt"))
    code, findings = project.check_json()
    assert code == 0, findings


# --- SEC-ATTACH: active file types ---------------------------------------------------------------

@pytest.mark.parametrize("name", ["banner.html", "feed.xml", "page.xhtml", "a.HTM"])
def test_html_and_xml_attachments_are_refused(project, name):
    project.write(f"{FOLDER}/{name}", "<html><script>alert(1)</script></html>")
    project.write(JOB, with_files(job_request=name))
    code, findings = project.check_json()
    hits = rules_of(findings, "SEC-ATTACH")
    assert code == 1 and len(hits) == 1 and "PDF" in hits[0]["fix"]


def test_svg_with_script_is_an_error_and_says_what_goes(project):
    project.write(f"{FOLDER}/board.svg", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>')
    project.write(JOB, with_files(job_request="board.svg"))
    code, findings = project.check_json()
    hits = rules_of(findings, "SEC-ATTACH")
    assert code == 1 and len(hits) == 1
    assert "script" in hits[0]["message"] and "onload" in hits[0]["message"]


def test_every_sample_svg_is_clean_and_keeps_its_drawing():
    files = sorted((REPO / "clients").rglob("*.svg"))
    assert len(files) == 13
    for path in files:
        out, removed = svg.clean(path.read_bytes())
        assert removed == [], (path, removed)
        assert out.count(b"<rect") == path.read_bytes().count(b"<rect") and b"<text" in out


PAYLOADS = [
    '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    '<svg xmlns="http://www.w3.org/2000/svg"><rect ONCLICK="alert(1)"/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></body></foreignObject></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><text>x</text></a></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><use xlink:href="java&#x0A;script:alert(1)"/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><use href="https://evil.example/x.svg#a"/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><image href="data:image/svg+xml;base64,PHN2Zy8+"/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><animate attributeName="href" to="javascript:alert(1)"/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><set attributeName="onmouseover" to="alert(1)"/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://evil.example/x.css)</style></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(https://evil.example/a)"/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><iframe xmlns="http://www.w3.org/1999/xhtml" srcdoc="x"/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><!-- x --><rect/><metadata><x:y xmlns:x="urn:x" onload="1"/></metadata></svg>',
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_svg_sanitizer_removes_active_content(payload):
    out, removed = svg.clean(payload.encode())
    assert removed
    low = out.decode().lower()
    for bad in ("script", "onload", "onclick", "onmouseover", "foreignobject", "javascript", "evil.example",
                "animate", "<set", "iframe", "svg+xml", "@import"):
        assert bad not in low, (bad, out)


def test_svg_processing_instructions_are_dropped():
    out, _ = svg.clean(b'<svg xmlns="http://www.w3.org/2000/svg"><?xml-stylesheet href="https://evil.example/x.xsl"?><rect/></svg>')
    assert b"evil.example" not in out and b"<rect" in out


@pytest.mark.parametrize("data, why", [
    (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>', "DTD"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>', "XML"),
    (b'<html><script>alert(1)</script></html>', "<svg>"),
    (b'<svg xmlns="http://www.w3.org/2000/svg">' + b"<g>" * 5000 + b"</g>" * 5000 + b"</svg>", "嵌套"),
    (b"\xff\xfe\x00garbage", "XML"),
])
def test_svg_that_cannot_be_made_safe_is_refused(data, why):
    with pytest.raises(svg.SvgError) as err:
        svg.clean(data)
    assert why in str(err.value)


# --- RET-ADDRESS ---------------------------------------------------------------------------------

def test_record_taking_a_generated_pages_address_is_an_error(project):
    project.write("clients/jobs.md", job_md("HXF-2026-0007"))
    code, findings = project.check_json()
    hits = rules_of(findings, "RET-ADDRESS")
    assert code == 1 and [h["path"] for h in hits] == ["clients/jobs.md"]
    assert "archive/jobs.md" in hits[0]["message"] and hits[0]["fix"]


def test_two_records_with_one_address_is_an_error(project):
    project.write(JOB, job_md())
    project.write(f"{FOLDER}/index.md", job_md())
    code, findings = project.check_json()
    assert code == 1 and len(rules_of(findings, "RET-ADDRESS")) == 1


# --- site builds ---------------------------------------------------------------------------------

NAMES = ["简报 终版.txt", "brief#2.txt", "what?.txt", "100%.txt", "a&b.txt"]


@pytest.fixture(scope="module")
def attachment_site(tmp_path_factory):
    """A site whose job names odd file names, a symlink to a file outside, an SVG with script."""
    from sitebuild import FILES, JOB as J, RECORDS, build, make_project
    root = tmp_path_factory.mktemp("attach-project")
    outside = tmp_path_factory.mktemp("outside") / "passwd"
    outside.write_text("root:x:0:0:PASSWD-MARKER-7731\n", encoding="utf-8")
    job = f"clients/huaxin-foods/jobs/{J}/job.md"
    extra = "".join(f"- media: print\n  title: 文件{i}\n  date: 2026-10-21\n  file: {json.dumps(n, ensure_ascii=False)}\n"
                    for i, n in enumerate(NAMES))
    records = dict(RECORDS)
    records[job] = RECORDS[job].replace("  file: storyboard.svg\n", "  file: storyboard.svg\n" + extra
                                        + "- media: print\n  title: 链接\n  date: 2026-10-21\n  file: link.txt\n")
    files = dict(FILES)
    files[f"clients/huaxin-foods/jobs/{J}/storyboard.svg"] = (
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script><rect width="5"/></svg>')
    for n in NAMES:
        files[f"clients/huaxin-foods/jobs/{J}/{n}"] = f"内容 {n}\n"
    project = make_project(root, records, files, git=False)
    os.symlink(outside, project / f"clients/huaxin-foods/jobs/{J}/link.txt")
    site = tmp_path_factory.mktemp("attach-site")
    result = build(project, site, strict=False)
    assert result.returncode == 0, result.stderr
    return site, result, J


@pytest.mark.slow
def test_every_attachment_is_on_the_site_and_linked_url_encoded(attachment_site):
    from sitebuild import article, page
    site, _, job = attachment_site
    folder = site / "archive/huaxin-foods/jobs" / job
    html = article(page(site, f"archive/huaxin-foods/jobs/{job}"))
    for name in NAMES:
        assert (folder / name).read_text(encoding="utf-8") == f"内容 {name}\n"
        assert f'href="{quote(name)}"' in html, name
        assert (folder / unquote(quote(name))).is_file()


@pytest.mark.slow
def test_symlink_is_never_copied_and_svg_is_sanitized(attachment_site):
    site, result, job = attachment_site
    folder = site / "archive/huaxin-foods/jobs" / job
    assert not (folder / "link.txt").exists()
    assert not any("PASSWD-MARKER-7731" in p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*") if p.is_file())
    board = (folder / "storyboard.svg").read_text(encoding="utf-8")
    assert "<rect" in board and "script" not in board and "onload" not in board
    log = result.stdout + result.stderr
    assert "RET-ATTACH" in log and "SEC-ATTACH" in log  # and so a strict build fails


@pytest.mark.slow
def test_archive_errors_fail_a_strict_build(site_project, tmp_path):
    """The site project's closed job lacks its documents (JOB-CLOSE...): `--strict` must fail, naming it."""
    from sitebuild import build
    result = build(site_project, tmp_path / "site")
    log = result.stdout + result.stderr
    assert result.returncode == 1
    assert "JOB-CLOSE clients/huaxin-foods/jobs/HXF-2025-0007/job.md:" in log and "个错误：网站不能发布" in log


@pytest.mark.slow
def test_a_record_on_a_registers_address_fails_the_build(tmp_path):
    from sitebuild import FILES, RECORDS, build, make_project
    records = {**RECORDS, "clients/jobs.md": RECORDS["clients/huaxin-foods/jobs/HXF-2025-0007/job.md"]}
    result = build(make_project(tmp_path / "p", records, FILES, git=False), tmp_path / "site")
    assert result.returncode == 1 and "RET-ADDRESS clients/jobs.md" in result.stdout + result.stderr


# --- the public handbook -------------------------------------------------------------------------

@pytest.mark.slow
def test_public_handbook_has_no_client_data_in_any_file(public_site, site_project):
    from generators.rules.check import check_archive
    from generators.site.public import leaks, secret_values
    from sitebuild import article, page, text
    archive, _, _ = check_archive(site_project)
    secrets = secret_values(archive)
    for value in ("华信食品股份有限公司", "华信食品", "HXF", "huaxin-foods", "华信鲜酪", "郑海涛", "HT-SECRET-7788",
                  "3860000", "3,860,000.00", "叁佰捌拾陆万元整", "绝密并购洽谈纪要"):
        assert value in secrets, value
    assert leaks(public_site, secrets) == {}
    for folder in ("archive", "dashboards", "calendar"):
        assert not (public_site / folder).exists()
    assert (public_site / "rules/index.html").is_file() and (public_site / "documents/templates/index.html").is_file()
    home = page(public_site, "")
    assert "档案" in text(article(home))  # the handbook's link into the archive is plain text now
    for html in (page(public_site, u) for u in ("", "rules/", "documents/templates/")):
        assert not re.search(r'href="[^"]*(archive|dashboards|calendar)/', html)  # neither links nor nav entries
        assert 'href="' in html and "规则目录" in html


def test_leak_scan_reads_every_form(tmp_path):
    from generators.site.public import leaks
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text(json.dumps({"docs": [{"text": "联系人何丽"}]}), encoding="ascii")
    (tmp_path / "sitemap.xml.gz").write_bytes(gzip.compress("<loc>https://x/huaxin-foods/</loc>".encode()))
    (tmp_path / "a.html").write_text("<p>华<b>信</b>&#39135;品</p>", encoding="utf-8")
    (tmp_path / "b.html").write_text('<a href="%E9%83%91%E6%B5%B7%E6%B6%9B.txt">x</a>', encoding="utf-8")
    (tmp_path / "c.js").write_text("var HXFOO=1; // HXF2 not a hit", encoding="utf-8")
    (tmp_path / "d.txt").write_text("报价 3,860,000.00 元", encoding="utf-8")
    found = leaks(tmp_path, {"何丽", "huaxin-foods", "华信食品", "郑海涛", "HXF", "3,860,000.00"})
    assert found == {"search/search_index.json": ["何丽"], "sitemap.xml.gz": ["huaxin-foods"],
                     "a.html": ["华信食品"], "b.html": ["郑海涛"], "d.txt": ["3,860,000.00"]}


@pytest.mark.slow
def test_handbook_page_with_a_contract_value_fails_the_public_build(tmp_path):
    from sitebuild import FILES, HOME, RECORDS, build, make_project
    project = make_project(tmp_path / "p", {k: v for k, v in RECORDS.items() if "HXF-2025-0007" not in k}, FILES, git=False)
    (project / "content" / "index.md").write_text(HOME + "\n合同编号 HT-SECRET-7788，联系电话 139-5555-0101。\n", encoding="utf-8")
    result = build(project, tmp_path / "site", public=True)
    log = result.stdout + result.stderr
    assert result.returncode == 1 and "SEC-CONFIDENTIAL" in log and "index.html" in log
    assert "HT-SECRET-7788" not in log  # the log (kept by CI) does not repeat the secret
    assert "合同编号" in log and "来自 clients/huaxin-foods/client.md 的 contract.number" in log  # what and where from


def test_handbook_links_into_the_archive_become_plain_text():
    from generators.site.public import handbook_markdown
    md = ("见[华信食品](../archive/huaxin-foods/index.md)、[看板](../dashboards/index.md)、"
          "[规则](../rules/ret-path.md)、[外部](https://example.org/archive/x) 和 <a href=\"../calendar/all.ics\">日历</a>。")
    out = handbook_markdown(md, "filing/index.md", {"华信食品": "客户甲"})
    assert out == "见客户甲、看板、[规则](../rules/ret-path.md)、[外部](https://example.org/archive/x) 和 日历。"


# --- one setting for the web addresses -----------------------------------------------------------

def test_web_addresses_come_from_archive_toml_and_the_environment(project, monkeypatch):
    from generators.archive.config import load_settings
    from generators.site.build import web_config
    text = project.read("archive.toml").replace('site_url = "http://127.0.0.1:8000/"',
                                                'site_url = "https://archive.office.example"\n'
                                                'repo_url = "https://git.office.example/ae/archive"\nedit_uri = "-/edit/main"')
    project.write("archive.toml", text)
    for env in ("ARCHIVE_SITE_URL", "ARCHIVE_REPO_URL", "ARCHIVE_EDIT_URI"):
        monkeypatch.delenv(env, raising=False)
    assert web_config(project.root, "content") == {"site_url": "https://archive.office.example/",
                                                   "repo_url": "https://git.office.example/ae/archive",
                                                   "edit_uri": "-/edit/main/content/"}
    monkeypatch.setenv("ARCHIVE_SITE_URL", "https://handbook.example.org/ae/")
    monkeypatch.setenv("ARCHIVE_REPO_URL", "https://github.com/xinghe/archive")
    monkeypatch.setenv("ARCHIVE_EDIT_URI", "edit/release/")
    s = load_settings(project.root)
    assert s.rule_url("RET-PATH") == "https://handbook.example.org/ae/rules/ret-path/"
    assert web_config(project.root, "content")["edit_uri"] == "edit/release/content/"


def test_check_links_and_calendar_follow_the_setting(project, monkeypatch):
    from generators.site import dashboards
    from generators.rules.check import check_archive
    monkeypatch.setenv("ARCHIVE_SITE_URL", "https://archive.office.example/")
    project.write(JOB, with_files(job_request="missing.txt"))
    code, findings = project.check_json()
    assert code == 1 and findings[0]["link"].startswith("https://archive.office.example/rules/")
    assert "127.0.0.1" not in json.dumps(findings)
    project.write(JOB, job_md(**{"third_party: false\n": "third_party: false\nschedule:\n- step: 草图提案\n"
                                                       "  due: 2026-11-26\n  audience: client\n"}))
    _, found, ctx = check_archive(project.root)
    pages = {p.uri: p.content for p in dashboards.pages(ctx, found)}
    feed = pages["calendar/all.ics"]
    assert "https://archive.office.example/archive/" in feed.replace("\r\n ", "") and "127.0.0.1" not in feed
    assert "https://archive.office.example/calendar/all.ics" in pages["dashboards/index.md"]


def test_mkdocs_config_takes_addresses_from_the_hook(monkeypatch):
    import importlib.util
    from mkdocs.config import load_config
    monkeypatch.setenv("ARCHIVE_SITE_URL", "https://archive.office.example/")
    monkeypatch.setenv("ARCHIVE_REPO_URL", "https://git.office.example/ae/archive")
    monkeypatch.delenv("ARCHIVE_PUBLIC", raising=False)
    config = load_config(str(REPO / "mkdocs.yml"))
    spec = importlib.util.spec_from_file_location("site_hook_cfg", REPO / "hooks" / "site.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    hook.on_config(config)
    assert config.site_url == "https://archive.office.example/"
    assert config.repo_url == "https://git.office.example/ae/archive" and config.edit_uri == "edit/main/content/"
    monkeypatch.setenv("ARCHIVE_PUBLIC", "1")
    config = load_config(str(REPO / "mkdocs.yml"))
    hook.on_config(config)
    flat = json.dumps(config.nav, ensure_ascii=False)
    assert "archive/" not in flat and "dashboards/" not in flat and "rules/index.md" in flat


def test_secret_values_include_short_chinese_names_and_skip_everyday_words(project):
    from conftest import CLIENT, CLIENT_MD
    from generators.rules.check import check_archive
    from generators.site.public import aliases, secret_values
    project.write(CLIENT, CLIENT_MD.replace("team:\n", "contacts:\n  - name: 何丽\n    title: 品牌经理\n"
                                            "    phone: \"139-0000-0001\"\nteam:\n"))
    project.write("clients/huaxin-foods/meetings/2026-11-18-talks.md", """---
type: meeting
confidential: true
client: huaxin-foods
title: 并购洽谈
kind: meeting
held_at: "2026-11-18 10:00"
attendees:
  client: [何丽]
  agency: [周志远]
---

## 讨论要点

- **收购价**不超过三亿元

## 备注

无。
""")
    archive, _, _ = check_archive(project.root)
    secrets = secret_values(archive)
    for value in ("何丽", "139-0000-0001", "并购洽谈", "收购价不超过三亿元", "华信食品", "华信", "HXF", "huaxin-foods", "华信鲜酪"):
        assert value in secrets, value
    for value in ("品牌经理", "无。", "周志远", "meeting", "备注"):
        assert value not in secrets, value
    names = aliases(archive)
    assert names["华信食品"] == names["华信"] == "客户甲" and names["HXF"] == "KHA" and names["何丽"] == "联系人甲1"
    assert not set(names.values()) & secrets


def test_handbook_file_on_a_generated_address_is_an_error(project):
    from generators.site.build import archive_errors, generate
    found = generate(project.root, docs_uris={"index.md", "rules/index.md", "archive/jobs.md", "filing/index.md"},
                     use_git=False)
    hits = sorted(f.path for f in found.findings if f.rule == "RET-ADDRESS")
    assert hits == ["content/archive/jobs.md", "content/rules/index.md"]
    assert any(line.startswith("RET-ADDRESS content/rules/index.md:1") for line in archive_errors(found))


def test_check_never_reads_through_a_symlink_to_a_fifo(project, tmp_path):
    """A symlink to a named pipe would block any reader forever: check reports it and reads nothing."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    project.write(JOB, with_files(job_request="job-request.txt"))
    os.symlink(fifo, project.root / FOLDER / "job-request.txt")
    code, findings = project.check_json()
    assert code == 1 and [f["rule"] for f in findings] == ["RET-ATTACH"]


def test_a_named_pipe_as_attachment_is_an_error_not_a_hang(project):
    project.write(JOB, with_files(job_request="board.svg"))
    os.mkfifo(project.root / FOLDER / "board.svg")
    code, findings = project.check_json()
    assert code == 1 and [f["rule"] for f in findings] == ["RET-ATTACH"] and "普通文件" in findings[0]["message"]
