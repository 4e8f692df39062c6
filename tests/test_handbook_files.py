"""SEC-HANDBOOK: a handbook file (content/) that is a symbolic link, or lies outside content/, is an error in
`check` and is never copied into a site (MkDocs follows links); the public build publishes only file types the
confidentiality scan can read (no Word, PDF, archive or unknown binary)."""
from __future__ import annotations

import os

import pytest

from generators.archive.handbook import linked, refused


def _handbook(root, tmp_path):
    outside = tmp_path / "machine"
    (outside / "secrets").mkdir(parents=True)
    (outside / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (outside / "secrets" / "key.txt").write_text("华信食品 报价\n", encoding="utf-8")
    content = root / "content"
    (content / "guide").mkdir(parents=True, exist_ok=True)
    (content / "guide" / "page.md").write_text("# 页面\n", encoding="utf-8")
    os.symlink(outside / "passwd", content / "passwd.txt")
    os.symlink(outside / "secrets", content / "linked")
    os.symlink(content / "guide" / "page.md", content / "alias.md")  # a link inside content/ is refused too
    return content


def test_check_names_every_link_in_the_handbook(project, tmp_path):
    _handbook(project.root, tmp_path)
    rc, findings = project.check_json()
    hits = {f["path"]: f for f in findings if f["rule"] == "SEC-HANDBOOK"}
    assert rc == 1 and set(hits) == {"content/passwd.txt", "content/linked", "content/alias.md"}
    assert all(f["level"] == "error" and "符号链接" in f["message"] and "git rm" in f["fix"]
               and f["link"].endswith("/rules/sec-handbook/") for f in hits.values())
    assert "之外" in hits["content/passwd.txt"]["message"] and "另一个位置" in hits["content/alias.md"]["message"]
    done = project.run("check")
    assert done.returncode == 1 and "content/passwd.txt:1: SEC-HANDBOOK" in done.stdout


def test_a_plain_handbook_has_no_finding(project):
    project.write("content/index.md", "# 手册\n")
    assert linked(project.root) == []


def test_build_refuses_links_and_files_reached_through_them(tmp_path):
    content = _handbook(tmp_path, tmp_path)
    docs = str(content)
    for rel in ("passwd.txt", "linked/key.txt", "alias.md"):
        problem = refused(os.path.join(docs, rel), f"content/{rel}", docs, public=False)
        assert problem is not None and problem.kind == "link", rel
    assert refused(os.path.join(docs, "guide/page.md"), "content/guide/page.md", docs, public=False) is None


@pytest.mark.parametrize("name", ["client.docx", "contract.pdf", "files.zip", "sheet.xlsx", "deck.pptx", "blob.bin", "README"])
def test_public_build_refuses_what_the_scan_cannot_read(tmp_path, name):
    path = tmp_path / "content" / name
    path.parent.mkdir()
    path.write_bytes(b"PK\x03\x04\x14\x00compressed")
    problem = refused(str(path), f"content/{name}", str(tmp_path / "content"), public=True)
    assert problem is not None and problem.kind == "type" and "SEC-CONFIDENTIAL" in problem.message
    assert refused(str(path), f"content/{name}", str(tmp_path / "content"), public=False) is None  # the internal site keeps it


@pytest.mark.parametrize("name", ["a.md", "b.css", "c.svg", "d.txt", "e.csv", "f.png", "g.JPG", "h.jpeg", "i.gif", "j.webp"])
def test_public_build_keeps_what_the_scan_reads(tmp_path, name):
    path = tmp_path / "content" / name
    path.parent.mkdir()
    path.write_bytes(b"x")
    assert refused(str(path), f"content/{name}", str(tmp_path / "content"), public=True) is None


def test_handbook_svgs_are_sanitized_and_an_unsafe_one_is_left_out(tmp_path):
    from generators.site.build import handbook_svgs
    from conftest import ARCHIVE_TOML
    (tmp_path / "archive.toml").write_text(ARCHIVE_TOML, encoding="utf-8")
    good, bad = tmp_path / "content" / "chart.svg", tmp_path / "content" / "dtd.svg"
    good.parent.mkdir()
    good.write_text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script>'
                    '<rect width="4" height="4"/></svg>', encoding="utf-8")
    bad.write_text('<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>', encoding="utf-8")
    contents, dropped, lines = handbook_svgs(tmp_path, [("chart.svg", str(good)), ("dtd.svg", str(bad)), ("a.md", None)])
    assert set(contents) == {"chart.svg"} and b"<rect" in contents["chart.svg"]
    assert b"script" not in contents["chart.svg"] and b"onload" not in contents["chart.svg"]
    assert dropped == {"dtd.svg"} and lines[0].startswith("SEC-HANDBOOK content/dtd.svg:")


@pytest.mark.slow
def test_neither_build_copies_a_link_and_the_public_one_no_office_file(tmp_path):
    from sitebuild import build, make_project
    project = make_project(tmp_path / "p", {}, git=False)
    _handbook(project, tmp_path)
    (project / "content" / "brief.docx").write_bytes(b"PK\x03\x04 hidden client name")
    (project / "content" / "chart.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script>'
                                                   '<rect width="4" height="4"/></svg>', encoding="utf-8")
    internal = build(project, tmp_path / "site")
    assert internal.returncode == 1 and "SEC-HANDBOOK content/passwd.txt" in internal.stderr
    for rel in ("passwd.txt", "linked/key.txt", "linked", "alias.md", "alias"):
        assert not (tmp_path / "site" / rel).exists(), rel
    assert (tmp_path / "site" / "brief.docx").is_file()
    chart = (tmp_path / "site" / "chart.svg").read_text(encoding="utf-8")
    assert "<rect" in chart and "script" not in chart
    public = build(project, tmp_path / "public", public=True)
    assert public.returncode == 1 and "SEC-HANDBOOK content/brief.docx" in public.stderr
    assert not (tmp_path / "public" / "brief.docx").exists() and not (tmp_path / "public" / "passwd.txt").exists()
    assert "Traceback" not in internal.stderr + public.stderr
