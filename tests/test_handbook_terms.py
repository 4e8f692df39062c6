"""The handbook says each thing one way (issue 11): one term per concept across content/, the sample
archive (clients/) and the schema hints shown on the template pages, and the fact book's chapter names
the same in the handbook and on the generated brand page."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from generators.site.brand_pages import chapter_titles

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
CLIENTS = ROOT / "clients"
SCHEMAS = ROOT / "generators" / "schemas"
# term to avoid -> the one the handbook uses
VARIANTS = {"估价": "预估", "修正卡": "修改卡", "反馈书": "反馈报告", "会议纪要": "会议报告", "会议记录": "会议报告",
            "电话记录": "会议报告", "合作中": "服务中", "店头调查": "店访报告", "店头检查": "店访报告",
            "客户部经理": "客户经理"}


def pages():
    return sorted(CONTENT.rglob("*.md"))


def worded_files():
    """Every file whose words a reader sees: handbook pages, sample records and their text
    attachments, and the schemas (their hints are the template pages' instructions)."""
    archive = [p for p in CLIENTS.rglob("*") if p.suffix in (".md", ".txt", ".csv")]
    return pages() + sorted(archive) + sorted(SCHEMAS.glob("*.yml"))


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_one_term_per_concept(variant):
    found = [f"{p.relative_to(ROOT)}:{n}" for p in worded_files()
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if variant in line]
    assert not found, f"手册统一写“{VARIANTS[variant]}”，不写“{variant}”：" + "、".join(found)


def test_fact_book_chapters_match_the_brand_page():
    text = (CONTENT / "filing" / "brand-file.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\|\s*(\d+)\s*\|\s*([^|]+?)\s*\|", text, re.M)
    handbook = [name for number, name in sorted(rows, key=lambda r: int(r[0]))]
    assert handbook == chapter_titles()


@pytest.mark.parametrize("where", ["content", "clients/abc-foods/reports/weekly", "generators/schemas"])
def test_a_variant_is_caught(tmp_path, monkeypatch, where):
    folder = tmp_path / where
    folder.mkdir(parents=True)
    name = "x.yml" if where.endswith("schemas") else "x.md"
    (folder / name).write_text("# 页\n\n请客户签回估价单。\n", encoding="utf-8")
    module = sys.modules[__name__]
    for attr, sub in (("ROOT", ""), ("CONTENT", "content"), ("CLIENTS", "clients"), ("SCHEMAS", "generators/schemas")):
        (tmp_path / sub).mkdir(parents=True, exist_ok=True)
        monkeypatch.setattr(module, attr, tmp_path / sub if sub else tmp_path)
    with pytest.raises(AssertionError, match=rf"{where}/x\.(md|yml):3"):
        test_one_term_per_concept("估价")


TOOLS = re.compile(r"```(?:bash|sh|console)|python -m |`git |`make |\bmake (?:check|build|serve|test)\b")


def test_main_chapters_speak_of_the_work_not_the_tools():
    """Shell commands, git and make live in the appendix for the archive's keepers (and the glossary)."""
    found = [f"{p.relative_to(CONTENT)}:{n}" for p in pages()
             if p.relative_to(CONTENT).parts[0] != "appendix" and p.name != "glossary.md"
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if TOOLS.search(line)]
    assert not found, "命令行、git 和 make 的用法放在附录（content/appendix/），正文只讲工作：" + "、".join(found)


def test_new_job_example_shows_the_number_the_sample_archive_gives_next():
    """The appendix walks through `new job` on the sample archive: the number it prints must be
    the one the command really assigns (it moves when a sample job is added)."""
    from generators.archive.config import load_settings
    from generators.archive.records import load_archive
    from generators.archive.scaffold import next_job_no

    text = (CONTENT / "appendix" / "git-workflow.md").read_text(encoding="utf-8")
    new = next_job_no(load_archive(load_settings(ROOT)), "HXF", "huaxin-foods", 2026)
    last = re.search(r"最后一个工作号是 HXF-2026-(\d{4})，所以下一个是 (\d{4})", text)
    assert last and int(last.group(1)) + 1 == int(last.group(2)) == int(new[-4:])
    # every number the walk-through creates is that one (older numbers are existing sample jobs)
    created = {n for n in re.findall(r"HXF-2026-(\d{4})", text) if int(n) > int(last.group(1))}
    assert created == {new[-4:]}
