"""Helpers of the site tests: a temporary project (a copy of the code plus chosen records), built with
MkDocs in a subprocess. Nothing here touches the repository's own content/ or clients/."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]

HOME = """# 测试手册

- [档案](archive/index.md)
- [看板](dashboards/index.md)
- [规则目录](rules/index.md)
- [记录模板](documents/templates/index.md)
"""

NAV = [
    {"首页": "index.md"},
    {"档案": ["archive/index.md", "archive/jobs.md", "archive/meetings.md", "archive/weekly.md", "archive/budgets.md",
              "archive/competitive.md", "archive/research.md", "archive/issues.md"]},
    {"看板": "dashboards/index.md"},
    {"规则目录": "rules/index.md"},
    {"模板": "documents/templates/index.md"},
]


def make_project(dest: Path, records: dict[str, str], files: dict[str, str] | None = None, git: bool = True) -> Path:
    """A project at `dest`: the repository's code and settings, a one-page handbook, and `records`
    (path under the project -> text) plus other `files` beside them; committed to git when asked."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("generators", "hooks"):
        shutil.copytree(REPO / name, dest / name, ignore=shutil.ignore_patterns("__pycache__", "bench"))
    shutil.copy(REPO / "archive.toml", dest / "archive.toml")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["nav"] = NAV
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (dest / "content").mkdir(exist_ok=True)
    (dest / "content" / "index.md").write_text(HOME, encoding="utf-8")
    for rel, text in {**records, **(files or {})}.items():
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if git:
        env = {**os.environ, "GIT_AUTHOR_NAME": "档案员小李", "GIT_AUTHOR_EMAIL": "li@example.com",
               "GIT_COMMITTER_NAME": "档案员小李", "GIT_COMMITTER_EMAIL": "li@example.com"}
        for cmd in (["git", "init", "-q"], ["git", "add", "."], ["git", "commit", "-q", "-m", "建档：测试档案"]):
            subprocess.run(cmd, cwd=dest, env=env, check=True, capture_output=True)
    return dest


def build(project: Path, site_dir: Path, public: bool = False, strict: bool = True,
          engine: str = "mkdocs") -> subprocess.CompletedProcess:
    """`mkdocs build` (or `properdocs build`, the maintained fork) of a project into `site_dir`;
    the result carries returncode and the log."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("ARCHIVE_PUBLIC", None)
    if public:
        env["ARCHIVE_PUBLIC"] = "1"
    cmd = [sys.executable, "-m", engine, "build", "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)]
    if strict:
        cmd.append("--strict")
    return subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, timeout=600)


def page(site_dir: Path, url: str) -> str:
    """The HTML of a built page by its URL (`archive/x/` or `rules/ret-index/`)."""
    return (site_dir / url / "index.html").read_text(encoding="utf-8")


def article(html: str) -> str:
    """The page's main content (between <article> tags)."""
    start = html.find("<article")
    return html[start:html.find("</article>", start)]


def text(html: str) -> str:
    """Visible text of HTML, tags removed, entities decoded, whitespace collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


# --- the records of the site tests ---------------------------------------------------------------

C = "clients/huaxin-foods"
JOB = "HXF-2026-0042"

RECORDS = {
    f"{C}/client.md": """---
type: client
id: huaxin-foods
code: HXF
name: 华信食品股份有限公司
short_name: 华信食品
class: A
industry: 食品饮料
status: active
since: 2024-01-08
team:
  ad: 周志远
  am: 林晓岚
  ae:
  - 王芳
contacts:
- name: 郑海涛
  title: 市场部总监
  phone: "139-5555-0101"
  email: "zheng.secret@example.com"
contract:
  number: "HT-SECRET-7788"
  party_a: 华信食品股份有限公司
  party_b: 星河广告有限公司
  signed: 2025-12-18
  start: 2026-01-01
  end: 2026-12-31
  amount: 3860000
  amount_in_words: 叁佰捌拾陆万元整
  payment_terms: "按季度预付服务费，保密条款另行约定"
  file: contract-2026.txt
---

# 华信食品股份有限公司

## 客户概况

华东的低温乳制品企业。

## 服务要点

数据说话。
""",
    f"{C}/brands/huaxin-yogurt/brand.md": """---
type: brand
id: huaxin-yogurt
client: huaxin-foods
name: 华信鲜酪
category: 低温酸奶
since: 2024-01-08
positioning: 每天放心喝的新鲜酸奶
competitors:
- 晨露优酪
---

# 华信鲜酪 品牌档案

## 联系人与客户组织

品牌经理何丽。

## 市场概况

华东低温酸奶市场。

## 产品

杯装与瓶装。

## 竞争

晨露优酪加大投放。

## 消费者

年轻家庭。

## 品牌

温暖、踏实。

## 媒介策略与计划

电视与数字。

## 代理商记录

2024 年开始服务。
""",
    f"{C}/brands/huaxin-yogurt/history/2026-09-28-brainstorm.md": """---
type: brand-history
client: huaxin-foods
brand: huaxin-yogurt
date: 2026-09-28
kind: brainstorm
title: 冬日暖酪创意动脑会
participants:
- 王芳
- 吴迪
---

## 背景

冬季新品。

## 内容

三个方向。

## 结论

选定“暖手”。
""",
    f"{C}/jobs/{JOB}/job.md": f"""---
type: job
job_no: "{JOB}"
client: huaxin-foods
brand: huaxin-yogurt
title: 冬日暖酪冬季新品电视广告
kind: creative
ae: 王芳
am: 林晓岚
opened: 2026-09-14
due: 2026-11-28
status: production
brief:
  date: 2026-09-16
  ad: 周志远
  cd: 吴迪
  file: brief.txt
estimate:
  amount: 738600
  submitted: 2026-10-23
  am_approved: 2026-10-22
  client_signed: 2026-10-28
  file: estimate.csv
third_party: true
schedule:
- step: 创意提案
  due: 2026-10-13
  done: 2026-10-13
  audience: client
- step: 终版确认
  due: 2026-11-26
  audience: client
documents:
  job_request: job-request.txt
deliverables:
- media: tv
  title: 冬日暖酪 15秒 故事板定稿
  date: 2026-10-21
  file: storyboard.svg
---

# {JOB} 冬日暖酪冬季新品电视广告

## 工作简报

冬天的酸奶也可以暖暖地喝。见[简报](brief.txt)。

## 进展记录

- 2026-10-21 故事板确认。
""",
    f"{C}/jobs/HXF-2025-0007/job.md": """---
type: job
job_no: "HXF-2025-0007"
client: huaxin-foods
brand: huaxin-yogurt
title: 开学季店头海报
kind: creative
ae: 王芳
am: 林晓岚
opened: 2025-07-01
due: 2025-08-20
status: closed
closed_on: 2025-09-10
deliverables:
- media: pop
  title: 开学季货架贴
  date: 2025-08-15
- media: print
  title: 开学季海报
  date: 2025-08-18
---

# 开学季店头海报

## 工作简报

开学季。

## 进展记录

- 完成。
""",
    f"{C}/meetings/2026-11-16-winter-review.md": f"""---
type: meeting
client: huaxin-foods
brands: [huaxin-yogurt]
jobs: ["{JOB}"]
title: 冬日暖酪冬季战役检讨会
kind: meeting
held_at: "2026-11-16 10:00"
location: 客户会议室
attendees:
  client: [何丽]
  agency: [王芳]
sent_at: "2026-11-16 18:00"
acknowledged_at: "2026-11-17 09:00"
decisions:
- 加热特写延长 0.5 秒
actions:
- what: 交付精剪
  owner: 王芳
  due: 2026-11-24
---

## 讨论要点

审看粗剪。

## 备注

无。
""",
    f"{C}/meetings/2026-11-18-merger.md": """---
type: meeting
confidential: true
client: huaxin-foods
title: 绝密并购洽谈纪要
kind: meeting
held_at: "2026-11-18 10:00"
attendees:
  client: [郑海涛]
  agency: [周志远]
sent_at: "2026-11-18 12:00"
---

## 讨论要点

机密内容甲乙丙。

## 备注

无。
""",
    f"{C}/reports/weekly/2026-W47.md": """---
type: weekly-status
client: huaxin-foods
week: "2026-W47"
authors: [王芳, 林晓岚]
---

## 进行中的工作

冬日暖酪精剪。

## 下一步

终版确认。

## 调研

本周无。

## 媒介

排期确认。

## 财务

预估已签。

## 创意

终版。
""",
    f"{C}/reports/monthly/2026-10.md": """---
type: budget-report
client: huaxin-foods
month: "2026-10"
lines:
  media:
    annual_budget: 1000000
    executed: 600000
    in_progress: 100000
    remaining: 300000
  production:
    annual_budget: 500000
    executed: 200000
    in_progress: 100000
    remaining: 200000
---

## 说明

正常。
""",
    f"{C}/reports/competitive/2026-Q3.md": """---
type: competitive-report
client: huaxin-foods
period: "2026-Q3"
kind: quarterly
title: 低温酸奶第三季度竞品动态
brands: [晨露优酪]
---

## 市场动态

增长。

## 竞品活动

促销。

## 对我方的启示

加大数字投放。
""",
    f"{C}/research/2026-09-05-usage.md": """---
type: research-summary
client: huaxin-foods
brand: huaxin-yogurt
date: 2026-09-05
title: 华信鲜酪冬季饮用习惯调研
purpose: 了解冬季饮用频次
firm: 零点调研
method: 定量问卷
sample: 800 人
---

## 结论

冬季饮用频次下降。

## 建议行动

推出可加热产品。
""",
    f"{C}/issues/2026-11-10-poster-price.md": """---
type: client-issue
client: huaxin-foods
title: 海报价格印错投诉
category: complaint
received_at: "2026-11-10 09:30"
acknowledged_at: "2026-11-10 10:00"
channel: 电话
handler: 王芳
status: open
---

## 问题描述

价格印错。

## 处理经过

重印。
""",
}

FILES = {
    f"{C}/contract-2026.txt": "合同正文 HT-SECRET-7788\n",
    f"{C}/jobs/{JOB}/brief.txt": "简报\n",
    f"{C}/jobs/{JOB}/estimate.csv": "项目,金额\n拍摄,738600\n",
    f"{C}/jobs/{JOB}/job-request.txt": "工作申请\n",
    f"{C}/jobs/{JOB}/storyboard.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>\n',
}
