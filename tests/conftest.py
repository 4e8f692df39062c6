"""Shared fixtures: a small, valid archive in a temporary project, and a way to run the CLI on it.

The base archive is one client (`huaxin-foods`, code HXF, a prospect so that the "every
active client has ... every week/month" rules do not apply) and one brand (`huaxin-yogurt`
with every fact-book section), both clean under every rule. Tests add the records they need.
Nothing here writes into the repository's own clients/ or content/.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]  # `generators` itself is installed: `make setup` runs pip install -e .
AS_OF = "2026-11-20"

ARCHIVE_TOML = f"""\
[archive]
name = "测试广告 客户服务部"
timezone = "Asia/Shanghai"
as_of = "{AS_OF}"
site_url = "http://127.0.0.1:8000/"

[[staff]]
name = "周志远"
slug = "zhou-zhiyuan"
role = "AD"

[[staff]]
name = "林晓岚"
slug = "lin-xiaolan"
role = "AM"

[[staff]]
name = "王芳"
slug = "wang-fang"
role = "AE"

[[staff]]
name = "吴迪"
slug = "wu-di"
role = "CD"
"""

CLIENT = "clients/huaxin-foods/client.md"
CLIENT_MD = """\
---
type: client
id: huaxin-foods
code: HXF
name: 华信食品股份有限公司
short_name: 华信食品
class: C
industry: 食品饮料
status: prospect
since: 2026-01-08
team:
  ad: 周志远
  am: 林晓岚
  ae:
    - 王芳
---

# 华信食品股份有限公司

## 客户概况

华东地区的乳制品与休闲食品企业。

## 服务要点

预估需市场部总监签字。
"""

BRAND = "clients/huaxin-foods/brands/huaxin-yogurt/brand.md"
BRAND_MD = """\
---
type: brand
id: huaxin-yogurt
client: huaxin-foods
name: 华信鲜酪
category: 低温酸奶
since: 2026-01-08
positioning: 华东家庭每天都能放心喝的新鲜低温酸奶
personality: 温暖、踏实
competitors:
  - 晨露优酪
---

# 华信鲜酪

## 联系人与客户组织

品牌经理何丽负责日常对接。

## 市场概况

华东低温酸奶市场稳定增长。

## 产品

原味、低糖两种口味。

## 竞争

晨露优酪价格更低。

## 消费者

25-40 岁的城市家庭。

## 品牌

新鲜、放心。

## 媒介策略与计划

以数字媒体与店头为主。

## 代理商记录

2026 年 1 月开始服务。
"""

JOB = "clients/huaxin-foods/jobs/HXF-2026-0001/job.md"
JOB_MD = """\
---
type: job
job_no: "HXF-2026-0001"
client: huaxin-foods
brand: huaxin-yogurt
title: 冬季新品海报
kind: creative
ae: 王芳
am: 林晓岚
opened: 2026-11-16
due: 2026-12-20
status: brief
third_party: false
brief: {date: 2026-11-16, ad: 周志远, cd: 吴迪}
---

## 工作简报

冬季新品上市海报。

## 进展记录

2026-11-16 客户来电预告。
"""


def job_md(job_no: str = "HXF-2026-0001", **replace: str) -> str:
    """The valid job record, with another job number and any `old=new` line replacements."""
    text = JOB_MD.replace('"HXF-2026-0001"', f'"{job_no}"')
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


def cli_env() -> dict[str, str]:
    """Environment for running `python -m generators` from a temporary project."""
    env = dict(os.environ)
    env["PYTHONIOENCODING"] = "utf-8"
    env.pop("ARCHIVE_PUBLIC", None)
    return env


def run_cli(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the real command line (`python -m generators ARGS`) in `cwd`; text output."""
    return subprocess.run([sys.executable, "-m", "generators", *args], cwd=cwd, env=cli_env(),
                          capture_output=True, text=True, encoding="utf-8", timeout=60)


@dataclass
class Project:
    """A temporary project root with archive.toml and the base archive."""

    root: Path

    def write(self, rel: str, content: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="\n")
        return path

    def read(self, rel: str) -> str:
        return (self.root / rel).read_text(encoding="utf-8")

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return run_cli(self.root, *args)

    def check_json(self, *args: str) -> tuple[int, list[dict]]:
        """`check --format json ARGS`: the exit code and the findings."""
        done = self.run("check", "--format", "json", *args)
        assert "Traceback" not in done.stderr + done.stdout, done.stderr
        return done.returncode, json.loads(done.stdout)


def make_project(root: Path, base: bool = True) -> Project:
    """A project at `root`: archive.toml, plus the base client and brand unless `base=False`."""
    project = Project(root)
    project.write("archive.toml", ARCHIVE_TOML)
    if base:
        project.write(CLIENT, CLIENT_MD)
        project.write(BRAND, BRAND_MD)
    return project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A fresh temporary project with the base archive (one client, one brand)."""
    return make_project(tmp_path / "project")


# --- site build fixtures (tests/test_site*.py, test_search.py, test_xss.py) ----------------------

@pytest.fixture(scope="session")
def site_project(tmp_path_factory):
    """A temporary project with one record of every type (tests/sitebuild.py), committed to git."""
    from sitebuild import FILES, RECORDS, make_project
    return make_project(tmp_path_factory.mktemp("site-project"), RECORDS, FILES)


@pytest.fixture(scope="session")
def built_site(site_project, tmp_path_factory):
    """The internal site of `site_project`, built once per session. Its records hold errors on purpose
    (pages show findings), which fail `--strict`: the build is checked to warn about nothing else."""
    from sitebuild import build, other_warnings
    site_dir = tmp_path_factory.mktemp("site-internal")
    result = build(site_project, site_dir, strict=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert other_warnings(result) == [], result.stderr
    return site_dir


@pytest.fixture(scope="session")
def public_site(site_project, tmp_path_factory):
    """The public handbook (ARCHIVE_PUBLIC=1) of `site_project`, built once per session: no warning but
    the archive's own errors (no SEC-CONFIDENTIAL, no broken link)."""
    from sitebuild import build, other_warnings
    site_dir = tmp_path_factory.mktemp("site-public")
    result = build(site_project, site_dir, public=True, strict=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert other_warnings(result) == [], result.stderr
    return site_dir


@pytest.fixture(scope="session")
def repo_site(tmp_path_factory) -> Path:
    """The repository's own site (handbook + sample archive), built once with MkDocs for the browser
    tests (site/ is left alone); skipped, or failed under REQUIRE_BROWSER=1, when no browser can open it."""
    from browser_support import browser_missing, require_browser
    from sitebuild import build
    reason = browser_missing()
    if reason:
        if require_browser():
            pytest.fail(f"REQUIRE_BROWSER=1 但浏览器测试无法运行：{reason}")
        pytest.skip(reason)
    site_dir = tmp_path_factory.mktemp("repo-site")
    result = build(REPO, site_dir, strict=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return site_dir


@pytest.fixture(scope="session")
def repo_url(repo_site):
    """The repository's site served on 127.0.0.1 for the whole test session."""
    from browser_support import serve
    with serve(repo_site) as url:
        yield url
