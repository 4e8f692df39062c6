"""SEC-HTML: every payload of the XSS corpus is an error at its own line, inert look-alikes are not,
and the CLI says where, what and how to fix it."""
from __future__ import annotations

import pytest
import yaml
from conftest import REPO
from rules_helpers import front
from xss_corpus import INERT, PAYLOADS

from generators.rules.activehtml import EXTENSIONS, find_active

HISTORY = "clients/huaxin-foods/brands/huaxin-yogurt/history"


@pytest.mark.parametrize("name, body, line", PAYLOADS, ids=[p[0] for p in PAYLOADS])
def test_payload_is_found_at_its_line(name, body, line):
    found = find_active(body)
    assert found, name
    assert found[0].line == line, (name, [(a.line, a.what) for a in found])
    assert all(a.fix for a in found)


@pytest.mark.parametrize("name, body", INERT, ids=[p[0] for p in INERT])
def test_inert_text_is_not_reported(name, body):
    assert find_active(body) == [], name


def test_line_counts_lines_before_the_payload():
    found = find_active("## 背景\n\n第一段。\n\n- 列表\n- [点我](java&#115;cript:alert(1))\n")
    assert [a.line for a in found] == [6]
    assert "javascript:" in found[0].what


def test_every_occurrence_is_reported_at_its_own_line():
    body = "<img src=x onerror=alert(1)>\n\n正文\n\n<img src=x onerror=alert(1)>\n"
    assert [a.line for a in find_active(body)] == [1, 5]


def test_check_renders_with_the_site_extensions():
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    names = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    assert names == EXTENSIONS


def _record(project, n: int, body: str) -> tuple[str, int]:
    """A brand-history record with `body`; its path and the file line where the body starts."""
    data = {"type": "brand-history", "client": "huaxin-foods", "brand": "huaxin-yogurt", "date": "2026-09-28",
            "kind": "brainstorm", "title": f"动脑会 {n}", "participants": ["王芳"]}
    text = front(data, body + "\n")
    rel = f"{HISTORY}/2026-09-28-xss-{n:02d}.md"
    project.write(rel, text)
    return rel, text[:text.index(body)].count("\n") + 1


def test_check_cli_reports_each_payload_at_its_file_line(project):
    expected = {}
    for n, (name, body, line) in enumerate(PAYLOADS):
        rel, start = _record(project, n, body)
        expected[rel] = (name, start + line - 1)
    for n, (name, body) in enumerate(INERT, start=len(PAYLOADS)):
        _record(project, n, body)
    code, found = project.check_json()
    assert code == 1
    sec = [f for f in found if f["rule"] == "SEC-HTML"]
    assert all(f["level"] == "error" and f["link"].endswith("/rules/sec-html/") and f["fix"] for f in sec)
    by_path: dict[str, list[int]] = {}
    for f in sec:
        by_path.setdefault(f["path"], []).append(f["line"])
    assert set(by_path) == set(expected), set(expected) ^ set(by_path)  # no payload missed, no inert text reported
    for rel, (name, line) in expected.items():
        assert min(by_path[rel]) == line, (name, by_path[rel], line)
        assert any(f"正文第 {line} 行" in f["message"] for f in sec if f["path"] == rel), name


def test_check_text_names_line_problem_and_fix(project):
    rel, start = _record(project, 1, "正文\n\n[客户官网](javascript&#58;alert(1))")
    done = project.run("check", rel)
    assert done.returncode == 1
    out = done.stdout
    assert f"{rel}:{start + 2}: SEC-HTML body: [错误] 正文第 {start + 2} 行链接地址用了不安全的协议“javascript:”" in out
    assert "修改方法：链接和图片地址只能是网页（http:// 或 https:// 开头）" in out
    assert "规则说明：http://127.0.0.1:8000/rules/sec-html/" in out


def test_plain_bodies_are_not_rendered():
    # The quick test keeps `check` fast on a large archive: ordinary prose and safe links are skipped.
    from generators.rules.activehtml import might_be_active
    assert not might_be_active("## 工作简报\n\n见[简报](brief.txt)、[官网](https://example.com)，10:00 开会。\n")
    assert might_be_active("[点我](java\nscript:alert(1))")
    assert all(might_be_active(body) for _, body, _ in PAYLOADS)


def test_rule_has_a_complete_catalogue_entry():
    import re

    from generators.rules.registry import ORDER, REGISTRY
    r = REGISTRY["SEC-HTML"]
    assert r.level == "error" and r.stage == "archive" and r.check is not None and "SEC-HTML" in ORDER
    for text in (r.title, r.asks, r.why, r.fix):
        assert re.search(r"[\u4e00-\u9fff]", text), text
    assert "javascript:" in r.asks and "http" in r.asks and r.applies_to and r.source


def test_a_bracket_bomb_is_one_error_not_a_hang():
    import time
    start = time.monotonic()
    found = find_active("正文\n\n" + "[" * 100_000 + "](javascript:alert(1))")
    assert time.monotonic() - start < 2
    assert [(a.line, "方括号" in a.what) for a in found] == [(3, True)]


def test_too_deep_a_body_is_an_error_not_a_traceback():
    found = find_active("- " * 3000 + "<b>x</b>")
    assert len(found) == 1 and "嵌套太深" in found[0].what and found[0].fix
