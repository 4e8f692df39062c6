"""`python -m generators new`: every record type at its file-plan path from its template, with
today's date, the next job number, the ISO week and the month filled in; never overwriting;
and once its placeholders are filled, the record passes check."""
from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from conftest import JOB, job_md

from generators.rules.check import check_archive
from generators.archive.schema import schemas

DAY = "2026-11-20"  # a Friday, ISO week 2026-W47, fourth quarter
# The job number is issued on the brief signed by the AD (the client team's, by default) and the CD.
SIGNED = ("--set", f"brief_date={DAY}", "--set", "cd=吴迪")

# type: (extra arguments, expected path, {old: new} edits of the placeholders the template leaves)
TYPES = {
    "client": (["--client", "lanting-home", "--set", "code=LTH", "--set", "name=兰亭家居股份有限公司",
                "--set", "short_name=兰亭家居", "--set", "industry=家居", "--set", "ad=周志远",
                "--set", "am=林晓岚", "--set", "ae=王芳"],
               "clients/lanting-home/client.md", {'  - name: ""': "  - name: 张伟"}),
    "brand": (["--client", "huaxin-foods", "--brand", "huaxin-crisps", "--set", "name=华信脆谷",
               "--set", "category=谷物脆片"],
              "clients/huaxin-foods/brands/huaxin-crisps/brand.md", {}),
    "brand-history": (["--client", "huaxin-foods", "--brand", "huaxin-yogurt", "--set", "title=冬季新品动脑会"],
                      f"clients/huaxin-foods/brands/huaxin-yogurt/history/{DAY}-brainstorm.md", {}),
    "job": (["--client", "huaxin-foods", "--brand", "huaxin-yogurt", "--set", "title=冬季新品海报",
             "--set", "due=2026-12-20", *SIGNED],
            "clients/huaxin-foods/jobs/HXF-2026-0001/job.md", {}),
    "meeting": (["--client", "huaxin-foods", "--slug", "winter-review", "--set", "title=冬季新品海报审稿",
                 "--set", f"held_at={DAY} 10:00", "--set", "location=客户会议室", "--set", f"sent_at={DAY} 16:00"],
                f"clients/huaxin-foods/meetings/{DAY}-winter-review.md",
                {'  client:\n    - ""': "  client:\n    - 何丽", 'decisions:\n  - ""': "decisions:\n  - 采用方案二",
                 'what: ""': "what: 修改海报文案", 'owner: ""': "owner: 王芳", 'due: ""': "due: 2026-11-27"}),
    "weekly-status": (["--client", "huaxin-foods"], "clients/huaxin-foods/reports/weekly/2026-W47.md", {}),
    "budget-report": (["--client", "huaxin-foods"], "clients/huaxin-foods/reports/monthly/2026-11.md", {}),
    "competitive-report": (["--client", "huaxin-foods", "--set", "title=2026 年第四季度低温酸奶竞品动态"],
                           "clients/huaxin-foods/reports/competitive/2026-Q4.md", {}),
    "research-summary": (["--client", "huaxin-foods", "--brand", "huaxin-yogurt", "--set", "title=冬季口味测试",
                          "--set", "purpose=选定冬季新品口味", "--set", "firm=零点调研", "--set", "method=街头拦截访问",
                          "--set", "sample=上海、杭州 300 人"],
                         f"clients/huaxin-foods/research/{DAY}-research.md", {}),
    "client-issue": (["--client", "huaxin-foods", "--set", "title=海报样稿颜色偏差", "--set", "channel=电话",
                      "--set", "category=complaint"],
                     f"clients/huaxin-foods/issues/{DAY}-issue.md", {}),
    "store-check": (["--client", "huaxin-foods", "--slug", "hangzhou", "--set", "title=杭州 5 家便利店店访报告"],
                    f"clients/huaxin-foods/reports/store-checks/{DAY}-hangzhou.md",
                    {'store: ""': "store: 全家 文三路店", 'findings:\n      - ""': "findings:\n      - 脆谷有货"}),
    "feedback-report": (["--client", "huaxin-foods", "--brand", "huaxin-yogurt", "--set", "title=冬季投放执行反馈"],
                        f"clients/huaxin-foods/reports/feedback/{DAY}-feedback.md",
                        {'where: ""': "where: 华东卫视 早间档", 'client_view: ""': "client_view: 何丽认为到达率达标"}),
    "memo": (["--client", "huaxin-foods", "--slug", "final-review", "--set", "title=冬季海报终稿送审安排",
              "--set", "due=2026-11-27"],
             f"clients/huaxin-foods/memos/{DAY}-final-review.md", {'to:\n  - ""': "to:\n  - 华信食品 市场部 何丽"}),
    "competitor-review": (["--client", "huaxin-foods", "--brand", "huaxin-yogurt", "--set", "title=晨露优酪 冬季策略回顾"],
                          f"clients/huaxin-foods/reports/competitor-reviews/{DAY}-review.md", {'competitor: ""': "competitor: 晨露优酪"}),
    "agenda": (["--client", "huaxin-foods", "--slug", "winter-review", "--set", "title=冬季新品海报审稿",
                "--set", f"held_at={DAY} 10:00", "--set", f"sent_at={DAY} 08:00"],
               f"clients/huaxin-foods/meetings/agendas/{DAY}-winter-review.md", {'topic: ""': "topic: 海报终稿确认"}),
    "brief": (["--client", "huaxin-foods", "--set", "job=HXF-2026-0001", "--set", "title=冬季新品海报 创意简报"],
              f"clients/huaxin-foods/jobs/HXF-2026-0001/briefs/{DAY}-creative.md", {}),
}


def new(project, monkeypatch, capsys, *args) -> tuple[int, str, str]:
    """`new` through the CLI's main() in-process (fast); the subprocess path is tested below."""
    from generators.cli import main
    monkeypatch.chdir(project.root)
    try:
        code = main(["new", *args])
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


def fill_body(text: str) -> str:
    """What the author writes under each section heading instead of the hint comment."""
    return re.sub(r"<!-- (.*?) -->", lambda m: f"本节已填写：{m.group(1)}", text)


def test_every_type_is_covered():
    assert set(TYPES) == set(schemas())


@pytest.mark.parametrize("type_", list(TYPES))
def test_new_record_passes_check_once_filled(project, monkeypatch, capsys, type_):
    args, rel, edits = TYPES[type_]
    if type_ == "brief":  # a brief is filed in its job's folder: the job comes first
        assert new(project, monkeypatch, capsys, "job", *TYPES["job"][0], "--date", DAY)[0] == 0
    code, out, err = new(project, monkeypatch, capsys, type_, *args, "--date", DAY)
    assert (code, out, err) == (0, rel + "\n", "")
    path = project.root / rel
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"---\ntype: {type_}\n")
    for section in schemas()[type_].sections:  # the handbook's sections, each with its hint
        assert f"## {section.title}\n\n<!-- {section.hint} -->" in text
    for old, new_ in edits.items():
        assert old in text, old
        text = text.replace(old, new_)
    path.write_text(fill_body(text), encoding="utf-8")
    _archive, findings, _ctx = check_archive(project.root, use_git=False)
    errors = [f"{f.line} {f.rule} {f.field}: {f.message}" for f in findings if f.path == rel and f.level == "error"]
    assert errors == []
    assert not [f for f in findings if f.path != rel and f.level == "error"]  # nothing else broken either


@pytest.mark.parametrize("type_", list(TYPES))
def test_unfilled_placeholders_are_reported_not_hidden(project, monkeypatch, capsys, type_):
    """Before the author fills it, a record with empty required fields does not pass silently."""
    args, rel, _edits = TYPES[type_]
    bare = [a for a in args if not a.startswith(("title=", "name=", "purpose=", "channel=", "code="))]
    bare = [a for i, a in enumerate(bare) if not (a == "--set" and (i + 1 == len(bare) or bare[i + 1] == "--set"))]
    assert new(project, monkeypatch, capsys, type_, *bare, "--date", DAY)[0] == 0
    _archive, findings, _ctx = check_archive(project.root, use_git=False)
    mine = [f for f in findings if f.path == rel]
    if type_ in ("weekly-status", "budget-report"):  # nothing to type in the front matter
        assert not [f for f in mine if f.rule.startswith(("REQ", "RET"))]
    else:
        assert any(f.rule == "REQ-FIELDS" for f in mine), mine


def test_defaults_today_team_and_period(project, monkeypatch, capsys):
    new(project, monkeypatch, capsys, "job", "--client", "huaxin-foods", "--brand", "huaxin-yogurt", *SIGNED, "--date", DAY)
    text = project.read("clients/huaxin-foods/jobs/HXF-2026-0001/job.md")
    for line in ('job_no: "HXF-2026-0001"', "client: huaxin-foods", "brand: huaxin-yogurt", f"opened: {DAY}",
                 'ae: "王芳"', 'am: "林晓岚"', "status: brief", f"  date: {DAY}", '  ad: "周志远"', '  cd: "吴迪"'):
        assert f"\n{line}\n" in text
    new(project, monkeypatch, capsys, "weekly-status", "--client", "huaxin-foods", "--date", DAY)
    text = project.read("clients/huaxin-foods/reports/weekly/2026-W47.md")
    assert 'week: "2026-W47"' in text and '  - "王芳"\n  - "林晓岚"' in text


def test_date_defaults_to_today_in_the_agency_time_zone(project, monkeypatch, capsys):
    before = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
    code, out, _err = new(project, monkeypatch, capsys, "brand-history", "--client", "huaxin-foods",
                          "--brand", "huaxin-yogurt")
    after = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
    assert code == 0
    assert out.strip() in {f"clients/huaxin-foods/brands/huaxin-yogurt/history/{d}-brainstorm.md" for d in (before, after)}


def test_iso_week_and_month_at_the_turn_of_the_year(project, monkeypatch, capsys):
    """2027-01-01 is a Friday of ISO week 2026-W53, in month 2027-01 and quarter 2027-Q1."""
    expected = {
        "weekly-status": ("clients/huaxin-foods/reports/weekly/2026-W53.md", 'week: "2026-W53"'),
        "budget-report": ("clients/huaxin-foods/reports/monthly/2027-01.md", 'month: "2027-01"'),
        "competitive-report": ("clients/huaxin-foods/reports/competitive/2027-Q1.md", 'period: "2027-Q1"'),
    }
    for type_, (rel, line) in expected.items():
        code, out, _err = new(project, monkeypatch, capsys, type_, "--client", "huaxin-foods", "--date", "2027-01-01")
        assert (code, out.strip()) == (0, rel)
        assert line in project.read(rel)
    _a, findings, _c = check_archive(project.root, use_git=False)
    weekly = expected["weekly-status"][0]
    assert not [f for f in findings if f.path == weekly and f.rule.startswith(("REQ", "RET"))]


def test_job_numbers_count_up_through_the_real_cli(project):
    first = project.run("new", "job", "--client", "huaxin-foods", "--brand", "huaxin-yogurt", *SIGNED, "--date", DAY)
    second = project.run("new", "job", "--client", "huaxin-foods", "--brand", "huaxin-yogurt", *SIGNED, "--date", DAY)
    assert (first.returncode, first.stdout) == (0, "clients/huaxin-foods/jobs/HXF-2026-0001/job.md\n")
    assert (second.returncode, second.stdout) == (0, "clients/huaxin-foods/jobs/HXF-2026-0002/job.md\n")
    assert 'job_no: "HXF-2026-0002"' in project.read("clients/huaxin-foods/jobs/HXF-2026-0002/job.md")


def test_job_number_continues_after_existing_ones(project, monkeypatch, capsys):
    project.write("clients/huaxin-foods/jobs/HXF-2026-0041/job.md", job_md("HXF-2026-0041"))
    project.write("clients/huaxin-foods/jobs/HXF-2026-0007/job.md", job_md("HXF-2026-0007"))
    project.write("clients/huaxin-foods/jobs/HXF-2025-0099/job.md", job_md("HXF-2025-0099"))
    args = ("job", "--client", "huaxin-foods", "--brand", "huaxin-yogurt", *SIGNED)
    assert new(project, monkeypatch, capsys, *args, "--date", DAY)[1].strip().endswith("/HXF-2026-0042/job.md")
    project.write("clients/huaxin-foods/jobs/HXF-2026-0050/estimate.csv", "项目,金额\n")  # a folder, no job.md yet
    assert new(project, monkeypatch, capsys, *args, "--date", DAY)[1].strip().endswith("/HXF-2026-0051/job.md")
    assert new(project, monkeypatch, capsys, *args, "--date", "2027-01-04")[1].strip().endswith("/HXF-2027-0001/job.md")


def test_refuses_to_overwrite(project):
    args = ("new", "meeting", "--client", "huaxin-foods", "--slug", "winter-review", "--set", f"held_at={DAY} 10:00")
    first = project.run(*args)
    assert first.returncode == 0
    rel = first.stdout.strip()
    path = project.root / rel
    path.write_text(path.read_text(encoding="utf-8") + "\n已经写好的会议记录。\n", encoding="utf-8")
    before = path.read_bytes()
    again = project.run(*args)
    assert again.returncode == 1 and again.stdout == ""
    assert f"没有创建：{rel} 已经存在，不会覆盖" in again.stderr
    assert path.read_bytes() == before


@pytest.mark.parametrize("args,words", [
    (["job", "--client", "huaxin-food", "--brand", "huaxin-yogurt"], "找不到客户“huaxin-food”"),
    (["job", "--client", "huaxin-foods"], "工作档案需要品牌：加上 --brand，可选：huaxin-yogurt"),
    (["job", "--client", "huaxin-foods", "--brand", "huaxin-milk"], "客户 huaxin-foods 下没有品牌“huaxin-milk”"),
    (["job", "--client", "huaxin-foods", "--brand", "huaxin-yogurt", *SIGNED, "--set", "colour=红"], "工作档案没有字段“colour”"),
    (["job", "--client", "huaxin-foods", "--brand", "huaxin-yogurt"], "工作号要等工作简报经 AD 和 CD 签字后才签发"),
    (["job", "--client", "huaxin-foods", "--brand", "huaxin-yogurt", "--set", f"brief_date={DAY}"],
     "预报阶段不开工作号"),
    (["job", "--client", "huaxin-foods", "--brand", "huaxin-yogurt", *SIGNED, "--set", "cd=王芳"], "cd “王芳”不是名册里的 CD"),
    (["job", "--client", "huaxin-foods", "--brand", "huaxin-yogurt", *SIGNED, "--set", "ad=吴迪"], "ad “吴迪”不是名册里的 AD"),
    (["job", "--client", "huaxin-foods", "--brand", "huaxin-yogurt", "--set", "brief_date=2026-11-21", "--set", "cd=吴迪"],
     "在今天（2026-11-20）之后"),
    (["job", "--client", "huaxin-foods", "--brand", "huaxin-yogurt", "--set", "brief_date=2026-02-30", "--set", "cd=吴迪"],
     "不是真实存在的日期"),
])
def test_refusals_exit_1_in_chinese_and_write_nothing(project, monkeypatch, capsys, args, words):
    files = sorted(p for p in (project.root / "clients").rglob("*"))  # build/cache may change; records may not
    code, out, err = new(project, monkeypatch, capsys, *args, "--date", DAY)
    assert (code, out) == (1, "")
    assert err.startswith("没有创建：") and words in err
    assert sorted(p for p in (project.root / "clients").rglob("*")) == files


def test_set_values_are_quoted_safely(project, monkeypatch, capsys):
    """Values given with --set that YAML would misread stay text (the template quotes them)."""
    code, out, _ = new(project, monkeypatch, capsys, "job", "--client", "huaxin-foods", "--brand", "huaxin-yogurt",
                       "--set", "title=NO: 12:30 #1 \"海报\"", "--set", "due=2026-12-20", *SIGNED, "--date", DAY)
    assert code == 0
    _a, findings, _c = check_archive(project.root, use_git=False)
    assert [f for f in findings if f.path == out.strip() and f.level == "error"] == []
    from generators.archive.records import load_archive
    from generators.archive.config import load_settings
    job = load_archive(load_settings(project.root)).get("job", "HXF-2026-0001")
    assert job.data["title"] == 'NO: 12:30 #1 "海报"'


def test_new_job_beside_existing_record_keeps_it(project, monkeypatch, capsys):
    project.write(JOB, job_md())
    before = (project.root / JOB).read_bytes()
    new(project, monkeypatch, capsys, "job", "--client", "huaxin-foods", "--brand", "huaxin-yogurt", *SIGNED, "--date", DAY)
    assert (project.root / JOB).read_bytes() == before
