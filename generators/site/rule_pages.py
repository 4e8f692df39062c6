"""The rule catalogue's pages, generated from the one registry (documentation and checks cannot drift)."""
from __future__ import annotations

import re
from pathlib import Path

from generators.archive.uris import Page
from generators.rules.registry import STAGES, Rule, ordered
from generators.archive.schema import schemas
from generators.site.panel import Item
from generators.site.lists import table
from generators.site.render import front_matter, href, html, safe_body

LEVELS = {"error": "错误", "warning": "警告"}
HANDBOOK = Path(__file__).resolve().parents[2] / "content"
# A rule's `source` names the handbook chapters that state it: docs-relative pages, optionally with an anchor.
_CHAPTER = re.compile(r"^(?P<page>[a-z0-9][a-z0-9/_-]*\.md)(?:#(?P<anchor>[a-z0-9_-]+))?$")
_H1 = re.compile(r"^#\s+(.+?)\s*(?:\{#[^}]*\})?\s*$", re.M)


def chapters(source: str) -> list[tuple[str, str]]:
    """The (page, anchor) pairs a rule's `source` names; text that is not a chapter path is left out."""
    out = []
    for part in re.split(r"[\s,，、;；]+", source.strip()):
        m = _CHAPTER.match(part)
        if m:
            out.append((m["page"], m["anchor"] or ""))
    return out


def chapter_title(page: str) -> str:
    """The first heading of a handbook page, or its path when the page cannot be read."""
    try:
        m = _H1.search((HANDBOOK / page).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return page
    return m.group(1) if m else page


def _source(r: Rule, directory_urls: bool) -> list[Item]:
    found = chapters(r.source)
    if not found:
        return [Item(r.source)]
    return [Item("手册：" + chapter_title(page), href(r.page, page, directory_urls, anchor)) for page, anchor in found]


def rule_pages(directory_urls: bool = True, root: Path | None = None) -> list[Page]:
    """The catalogue and one page per rule; "适用记录" names the record types of `root`'s project."""
    rules = ordered()
    return [catalogue(rules, directory_urls, root)] + [rule_page(r, directory_urls, root) for r in rules]


def _types(r: Rule, root: Path | None = None) -> str:
    """The record types a rule applies to, by name; `*` is every type the schemas define."""
    all_ = schemas(root)
    names = list(all_) if "*" in r.applies_to else r.applies_to
    return "、".join(all_[t].label if t in all_ else t for t in names)


def catalogue(rules: list[Rule], directory_urls: bool = True, root: Path | None = None) -> Page:
    uri = "rules/index.md"
    rows = [[[Item(r.id, href(uri, r.page, directory_urls))], [Item(LEVELS.get(r.level, r.level))], [Item(r.title)],
             [Item(_types(r, root))]] for r in rules]
    text = (front_matter("规则目录") + "# 规则目录\n\n"
            "档案检查的每一条规则都有一个编号。**错误**会阻止提交、让持续集成失败；**警告**显示在看板上和 "
            "`python -m generators check` 的输出里，不阻止提交。本目录由规则登记表自动生成，与检查程序始终一致。\n\n"
            + table(["编号", "级别", "规则", "适用记录"], rows) + "\n")
    return Page(uri, text)


def rule_page(r: Rule, directory_urls: bool = True, root: Path | None = None) -> Page:
    facts = [[[Item("编号")], [Item(r.id)]], [[Item("级别")], [Item(LEVELS.get(r.level, r.level))]],
             [[Item("适用记录")], [Item(_types(r, root))]], [[Item("依据")], _source(r, directory_urls)],
             [[Item("检查时机")], [Item(STAGES.get(r.stage, r.stage))]]]
    if r.threshold:
        facts.insert(2, [[Item("阈值")], [Item(r.threshold)]])
    text = (front_matter(f"{r.id} {r.title}")
            + html("heading.html.j2", title=f"{r.id} {r.title}", subtitle="")
            + "\n\n" + table(["项目", "内容"], facts)
            + "\n\n## 要求\n\n" + safe_body(r.asks)
            + "\n\n## 为什么\n\n" + safe_body(r.why)
            + "\n\n## 怎么改\n\n" + safe_body(r.fix) + "\n")
    return Page(r.page, text)
