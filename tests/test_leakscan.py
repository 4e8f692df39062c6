"""SEC-CONFIDENTIAL's scan sees other spellings of a secret (invisible characters, full-width forms, case,
numbers without separators, amounts in 万), inside images' text chunks, and every record's title and job
number; its message names what leaked and where it comes from, never the value whole."""
from __future__ import annotations

import struct
import sys
import unicodedata
import zlib

import pytest
from conftest import CLIENT, CLIENT_MD, JOB, job_md

from generators.site.public import _leak_message
from generators.site.leakscan import INVISIBLE, leaks, png_text
from generators.site.public import Secret, _amount_forms, secret_values

SECRETS = {"华信食品", "XH-2026-HXF-001", "139-5555-0101", "zheng.secret@example.com", "HXF", "HT-SECRET-7788"}


def test_every_format_character_is_invisible_to_the_scan():
    cf = [c for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]
    assert [hex(c) for c in cf if c not in INVISIBLE] == []


@pytest.mark.parametrize("spelling, value", [
    ("华\u00ad信食品", "华信食品"), ("华\u200c信\u200b食品", "华信食品"), ("华\u2060信食\ufeff品", "华信食品"),
    ("ＸＨ－２０２６－ＨＸＦ－００１", "XH-2026-HXF-001"), ("合同 XH2026HXF001 号", "XH-2026-HXF-001"),
    ("xh 2026 hxf 001", "XH-2026-HXF-001"), ("电话13955550101。", "139-5555-0101"), ("tel 139 5555 0101", "139-5555-0101"),
    ("１３９５５５５０１０１", "139-5555-0101"), ("ZHENG.SECRET@EXAMPLE.COM", "zheng.secret@example.com"),
    ("ｈｘｆ 的海报", "HXF"), ("<p>HT&#8209;SECRET&#8209;7788</p>", "HT-SECRET-7788"),
])
def test_other_spellings_are_found(tmp_path, spelling, value):
    (tmp_path / "page.html").write_text(f"<p>{spelling}</p>", encoding="utf-8")
    found = leaks(tmp_path, SECRETS)
    assert list(found) == ["page.html"] and value in found["page.html"]


@pytest.mark.parametrize("text", ['{"boost":10000000}', "HXFOO 与 AHXF", "订单 1139555501012", "2026-11-20"])
def test_near_misses_are_not_hits(tmp_path, text):
    (tmp_path / "page.json").write_text(text, encoding="utf-8")
    assert leaks(tmp_path, SECRETS | _amount_forms(100000)) == {}


def test_amounts_in_every_spelling():
    forms = _amount_forms(3860000)
    assert {"3860000", "3,860,000", "3,860,000.00", "386万", "3860000.00"} <= forms
    assert "386.5万" in _amount_forms(3865000) and "3.86亿" in _amount_forms(386000000)


@pytest.mark.parametrize("text", ["合同金额 386万元", "３８６万元", "3,860,000 元", "386万"])
def test_an_amount_in_wan_is_found(tmp_path, text):
    (tmp_path / "a.html").write_text(text, encoding="utf-8")
    assert leaks(tmp_path, _amount_forms(3860000))


def _png(*chunks: tuple[bytes, bytes]) -> bytes:
    out = b"\x89PNG\r\n\x1a\n"
    for kind, body in chunks:
        out += struct.pack(">I4s", len(body), kind) + body + struct.pack(">I", zlib.crc32(kind + body))
    return out


def test_text_hidden_in_an_image_is_found(tmp_path):
    ztxt = _png((b"IHDR", b"\0" * 13), (b"zTXt", b"Comment\0\0" + zlib.compress("客户 华信食品".encode("latin-1", "ignore")
                                                                                   + b"HT-SECRET-7788")))
    itxt = _png((b"iTXt", b"Title\0\1\0zh\0\0" + zlib.compress("华信食品的海报".encode())))
    exif = b"\xff\xd8\xff\xe1" + "华信食品".encode("utf-16-le") + b"\xff\xd9"
    (tmp_path / "z.png").write_bytes(ztxt)
    (tmp_path / "i.png").write_bytes(itxt)
    (tmp_path / "e.jpg").write_bytes(exif)
    assert "华信食品的海报" in " ".join(png_text(itxt))
    assert leaks(tmp_path, SECRETS) == {"e.jpg": ["华信食品"], "i.png": ["华信食品"], "z.png": ["HT-SECRET-7788"]}


def test_a_bomb_in_a_text_chunk_is_cut_short():
    bomb = _png((b"zTXt", b"k\0\0" + zlib.compress(b"a" * 50_000_000)))
    assert len(png_text(bomb)[0]) <= 4 * 1024 * 1024 + 10


def test_titles_and_job_numbers_are_secrets_and_generic_lines_are_not(project):
    project.write(JOB, job_md())
    project.write(CLIENT, CLIENT_MD.replace("team:\n", 'contacts:\n  - name: 何丽\n    phone: "139-0000-0001"\nteam:\n'))
    project.write("clients/huaxin-foods/meetings/2026-11-18-talks.md", """---
type: meeting
confidential: true
client: huaxin-foods
title: 内部会谈
kind: meeting
location: 三楼
held_at: "2026-11-18 10:00"
attendees:
  client: [何丽]
  agency: [周志远]
---

## 讨论要点

confidential: true

收购价不超过三亿元，下周定稿
""")
    from generators.rules.check import check_archive
    archive, _, _ = check_archive(project.root, use_git=False)
    secrets = {str(s): s for s in secret_values(archive)}
    job = archive.get("job", "HXF-2026-0001")
    assert job.title in secrets and "HXF-2026-0001" in secrets
    assert secrets["HXF-2026-0001"].kind == "工作号" and secrets[job.title].path == JOB
    assert "收购价不超过三亿元，下周定稿" in secrets
    for generic in ("confidential: true", "三楼", "meeting", "内部"):
        assert generic not in secrets, generic
    phone = secrets["139-0000-0001"]
    assert (phone.path, phone.field) == (CLIENT, "contacts[0].phone") and "电话" in phone.kind


def test_the_message_names_kind_record_and_field_but_not_the_value():
    msg = _leak_message("index.html", [Secret("139-5555-0101", "客户联系人·电话", "clients/huaxin-foods/client.md",
                                              "contacts[0].phone")])
    assert "客户联系人·电话" in msg and "clients/huaxin-foods/client.md" in msg and "contacts[0].phone" in msg
    assert "139-5555-0101" not in msg and "1＊" in msg


def test_a_client_name_planted_in_the_search_files_is_caught(tmp_path):
    """The site's search files (site/search/: manifest, term shards, document shards) are scanned like
    every page: a handbook page naming a client puts it in a document shard, a contract number in a
    term shard (as its joined term)."""
    from generators.site import searchindex
    from generators.site.searchdocs import page_doc
    pages = [page_doc("department/ae/", "客户执行", "<p>负责华信食品的日常联络。</p>"),
             page_doc("workflow/estimate/", "预算", "<p>合同编号 HT-SECRET-7788 见附件。</p>")]
    searchindex.write(searchindex.build_index(pages), tmp_path / "search", {"handbook": "手册"}, {})
    found = leaks(tmp_path, SECRETS)
    assert "华信食品" in found.get("search/d/0.json", [])
    shards = [p for p, values in found.items() if p.startswith("search/t/") and "HT-SECRET-7788" in values]
    assert shards, found
