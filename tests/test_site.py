"""The site: navigation, record pages, index pages, registers, rule and template pages, RET-INDEX,
SEC-CONFIDENTIAL. Build tests use a temporary project (tests/sitebuild.py), built once per session."""
from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
import yaml

from sitebuild import C, JOB, REPO, article, build, make_project, page, text

from generators.archive.uris import record_uri
from generators.rules.registry import ordered
from generators.site.template_pages import blank
from generators.archive.schema import schemas


# --- fast: the navigation of the real mkdocs.yml ----------------------------------------------

def _nav_files(nav) -> set[str]:
    out = set()
    for item in nav:
        if isinstance(item, str):
            out.add(item)
        elif isinstance(item, dict):
            for value in item.values():
                out |= _nav_files(value) if isinstance(value, list) else {value}
    return out


def test_every_handbook_page_is_in_the_nav():
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    listed = _nav_files(config["nav"])
    pages = {p.relative_to(REPO / "content").as_posix() for p in (REPO / "content").rglob("*.md")}
    missing = sorted(pages - listed)
    assert not missing, f"mkdocs.yml 的 nav 缺少这些手册页面：{missing}"
    for generated in ("archive/index.md", "dashboards/index.md", "rules/index.md", "documents/templates/index.md"):
        assert generated in listed
    assert not any(p.startswith("archive/") and p.count("/") > 1 for p in listed), "records never go in the nav"


def test_mkdocs_config_turns_link_validation_up():
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["docs_dir"] == "content" and config["theme"]["language"] == "zh"
    links = config["validation"]["links"]
    assert links["not_found"] == links["absolute_links"] == links["unrecognized_links"] == "warn"
    assert config["hooks"] == ["hooks/site.py"]


def test_staff_link_only_when_their_page_exists():
    from generators.site.render import Links, href
    assert href("archive/x/jobs/J/index.md", "dashboards/todo/wang-fang.md") == "../../../../dashboards/todo/wang-fang/"
    assert href("archive/x/meetings/m.md", "archive/x/index.md") == "../../"
    assert href("index.md", "archive/index.md") == "archive/"
    links = Links({"dashboards/todo/wang-fang.md"})
    assert links("archive/jobs.md", "dashboards/todo/wang-fang.md") == "../../dashboards/todo/wang-fang/"
    assert links("archive/jobs.md", "dashboards/todo/nobody.md") is None


def test_body_keeps_code_and_drops_template_hints():
    from generators.site.render import safe_body
    out = safe_body("a <b>x</b> `<i>` {: .y}\n<!-- 提示 -->\n```html\n<p>code</p>\n```\n")
    assert "&lt;b>" in out and "`<i>`" in out and "<p>code</p>" in out and "提示" not in out and "&#123;:" in out


def test_reachability_counts_clicks(tmp_path):
    from generators.site.reach import clicks
    def write(url, *links):
        f = tmp_path / url / "index.html"
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text("".join(f'<a href="{h}">x</a>' for h in links), encoding="utf-8")
    write("", "a/", "https://example.com/")
    write("a", "../b/", "#top")
    write("b", "c/")
    write("b/c", "../../d/")
    depth = clicks(tmp_path)
    assert depth == {"": 0, "a/": 1, "b/": 2, "b/c/": 3}


def test_build_stage_checks_are_registered_on_their_catalogue_entries():
    import generators.site.build  # noqa: F401  (the build's modules hold the build-stage checks)
    from generators.rules.registry import REGISTRY
    from generators.site import public, reach, ret_find
    assert REGISTRY["RET-INDEX"].check is reach.check_reachable
    assert REGISTRY["RET-FIND"].check is ret_find.check_built
    assert REGISTRY["SEC-CONFIDENTIAL"].check is public.check_public
    assert all(r.check is not None for r in REGISTRY.values() if r.stage == "build")


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


# --- slow: the built site --------------------------------------------------------------------

def url(path: str) -> str:
    from generators.site.render import url_of
    return url_of(record_uri(path))


JOB_PATH = f"{C}/jobs/{JOB}/job.md"


@pytest.mark.slow
def test_every_record_has_a_page(built_site, site_project):
    from generators.archive.records import list_files
    records, _ = list_files(site_project)
    for path in records:
        assert (built_site / url(path) / "index.html").is_file(), path
    assert url(JOB_PATH) == f"archive/huaxin-foods/jobs/{JOB}/"


@pytest.mark.slow
def test_record_page_panel_links_and_attachments(built_site):
    html = article(page(built_site, url(JOB_PATH)))
    shown = text(html)
    for words in ("工作号", JOB, "工作名称", "冬日暖酪冬季新品电视广告", "状态", "制作", "工作类型", "创意", "738,600.00"):
        assert words in shown, words
    assert "production" not in shown  # enum values by their Chinese label
    assert 'href="../../"' in html  # the client
    assert 'href="../../brands/huaxin-yogurt/"' in html
    for name in ("brief.txt", "estimate.csv", "storyboard.svg", "job-request.txt"):
        assert f'href="{name}"' in html
        assert (built_site / "archive/huaxin-foods/jobs" / JOB / name).is_file()


@pytest.mark.slow
def test_record_page_backlinks_findings_history_edit_link(built_site):
    full = page(built_site, url(JOB_PATH))
    html = article(full)
    assert "引用本记录的记录" in html and "冬日暖酪冬季战役检讨会" in text(html)
    assert 'href="https://git.example.com/xinghe/account-service/edit/main/clients/huaxin-foods/jobs/HXF-2026-0042/job.md"' in full
    assert "档案员小李" in html and "建档：测试档案" in html
    closed = article(page(built_site, url(f"{C}/jobs/HXF-2025-0007/job.md")))
    assert "JOB-CLOSE" in closed and 'href="../../../../rules/job-close/"' in closed and "错误" in closed


@pytest.mark.slow
def test_records_are_not_in_the_nav(built_site):
    """The nav holds the archive's index pages, never a record (navigation.prune renders only the open
    section, so the archive's own page shows its registers)."""
    def nav(uri):
        html = page(built_site, uri)
        return html[html.find("md-nav--primary"):html.find('class="md-content"')]
    assert 'href="archive/"' in nav("")
    archive = nav("archive")
    assert 'href="jobs/"' in archive and 'href="meetings/"' in archive
    for uri in ("", "archive", "archive/jobs", f"archive/huaxin-foods/jobs/{JOB}"):
        assert JOB not in nav(uri) and "huaxin-foods" not in nav(uri), uri


@pytest.mark.slow
def test_client_page(built_site):
    shown = text(article(page(built_site, "archive/huaxin-foods")))
    for words in ("客户全称", "服务团队", "品牌", "华信鲜酪", "进行中的工作", JOB, "已完成和已结束的工作", "HXF-2025-0007",
                  "近期会议报告", "冬日暖酪冬季战役检讨会", "2026-W47", "2026-10", "2026-Q3", "海报价格印错投诉",
                  "华信鲜酪冬季饮用习惯调研", "冬日暖酪创意动脑会", "历年作品", "电视", "印刷品", "店头物料", "开学季海报"):
        assert words in shown, words
    works = shown[shown.index("历年作品"):]
    assert works.index("2026") < works.index("2025")


@pytest.mark.slow
def test_brand_fact_book(built_site):
    shown = text(article(page(built_site, "archive/huaxin-foods/brands/huaxin-yogurt")))
    order = ["联系人与客户组织", "会议报告", "最近三个月", "冬日暖酪冬季战役检讨会", "市场概况", "品牌", "以往的广告活动",
             "冬日暖酪 15秒 故事板定稿", "创意简报", "广告活动进展", "终版确认", "媒介策略与计划", "调研", "华信鲜酪冬季饮用习惯调研",
             "财务", "738,600.00", "2026-10", "代理商记录", "品牌轨迹", "冬日暖酪创意动脑会"]
    at = 0
    for words in order:
        found = shown.find(words, at)
        assert found >= 0, words
        at = found


@pytest.mark.slow
def test_archive_home_and_registers(built_site):
    home = article(page(built_site, "archive"))
    assert "A 类客户" in text(home) and 'href="huaxin-foods/"' in home
    for name in ("jobs", "meetings", "weekly", "budgets", "competitive", "research", "issues"):
        assert f'href="{name}/"' in home
    expect = {"jobs": [JOB, "HXF-2025-0007", "王芳", "2026-11-28", "制作"], "meetings": ["2026-11", "冬日暖酪冬季战役检讨会"],
              "weekly": ["2026-W47"], "budgets": ["2026-10"], "competitive": ["2026-Q3", "低温酸奶第三季度竞品动态"],
              "research": ["华信鲜酪冬季饮用习惯调研"], "issues": ["2026-11", "海报价格印错投诉"]}
    for name, words in expect.items():
        shown = text(article(page(built_site, f"archive/{name}")))
        for w in words:
            assert w in shown, (name, w)


@pytest.mark.slow
def test_rule_pages_are_generated_from_the_registry(built_site):
    catalogue = text(article(page(built_site, "rules")))
    for r in ordered():
        shown = text(article(page(built_site, f"rules/{r.id.lower()}")))
        assert r.id in catalogue and r.id in shown
        for part in (r.asks, r.why, r.fix):
            assert squash(part.replace("`", "")) in squash(shown), r.id


@pytest.mark.slow
def test_template_pages_show_the_blank_templates(built_site):
    index = text(article(page(built_site, "documents/templates")))
    for type_, schema in schemas().items():
        html = article(page(built_site, f"documents/templates/{type_}"))
        code = unescape(re.sub(r"<[^>]+>", "", "".join(re.findall(r"<pre.*?</pre>", html, re.S))))
        assert blank(schema).strip() in code and "{{" not in code and "{%" not in code, type_
        assert f"python -m generators new {type_}" in unescape(re.sub(r"<[^>]+>", "", html))
        shown = text(html)
        for name, f in schema.fields.items():
            assert name in shown and f.label in shown
        assert schema.label in index


@pytest.mark.slow
def test_public_build_leaves_confidential_out(built_site, public_site):
    secrets = ["139-5555-0101", "zheng.secret@example.com", "HT-SECRET-7788", "叁佰捌拾陆万元整", "绝密并购洽谈纪要",
               "机密内容甲乙丙", "按季度预付服务费"]
    def carried(site_dir):
        found = set()
        for p in site_dir.rglob("*"):
            if p.is_file() and p.suffix in (".html", ".json", ".txt", ".xml"):
                body = p.read_text(encoding="utf-8", errors="replace")
                found |= {s for s in secrets if s in body}
        return found
    assert carried(built_site) == set(secrets)  # the internal site shows them
    assert carried(public_site) == set()
    assert not (public_site / "archive").exists()  # the public handbook holds no client record at all
    assert (public_site / "rules/sec-confidential/index.html").is_file()


@pytest.mark.slow
def test_ret_index_names_unreachable_records(built_site, site_project):
    from generators.archive.config import load_settings
    from generators.archive.records import list_files
    from generators.site.reach import Built, check_reachable
    settings = load_settings(site_project)
    records = {url(p): p for p in list_files(site_project)[0]}
    assert check_reachable(Built(settings, built_site, records)) == []  # the sample: all within 3 clicks
    records["archive/nowhere/lost/"] = "clients/nowhere/lost.md"
    found = check_reachable(Built(settings, built_site, records))
    assert [(f.rule, f.path) for f in found] == [("RET-INDEX", "clients/nowhere/lost.md")]
    assert found[0].link.endswith("/rules/ret-index/")
    shallow = check_reachable(Built(settings, built_site, records, max_clicks=1))
    assert f"{C}/jobs/{JOB}/job.md" in {f.path for f in shallow}


@pytest.mark.slow
def test_hook_logs_unreachable_records_as_warnings(built_site, site_project, caplog, monkeypatch):
    """The hook turns each RET-INDEX finding into a MkDocs warning, which fails `--strict`."""
    import importlib.util
    from types import SimpleNamespace
    from generators.archive.config import load_settings
    from generators.site import build as site_build
    from generators.site.build import Generated
    monkeypatch.setattr(site_build, "write_search", lambda *a: None)  # the shared built site keeps its index
    spec = importlib.util.spec_from_file_location("site_hook", REPO / "hooks" / "site.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    hook._build["gen"] = Generated(load_settings(site_project), [], {}, {}, {"archive/nowhere/lost/": "clients/nowhere/lost.md"}, [])
    with caplog.at_level("WARNING", logger="mkdocs"):
        hook.on_post_build(SimpleNamespace(site_dir=str(built_site), config_file_path=str(site_project / "mkdocs.yml")))
    assert any(r.levelname == "WARNING" and "RET-INDEX clients/nowhere/lost.md" in r.getMessage() for r in caplog.records)


def test_search_front_matter_boosts_hub_pages_and_tags_mixed_script_names():
    """Client and brand pages come first for their names; 青山E行 is indexed whole as a tag."""
    from types import SimpleNamespace
    from generators.site.record_pages import search_meta
    types = schemas()
    mixed = SimpleNamespace(schema=types["brand"], data={"name": "青山E行"})
    chinese = SimpleNamespace(schema=types["brand"], data={"name": "华信鲜酪"})
    client = SimpleNamespace(schema=types["client"], data={"name": "华信食品股份有限公司", "short_name": "华信食品"})
    job = SimpleNamespace(schema=types["job"], data={"title": "X1 新品 TVC"})
    assert search_meta(mixed) == {"search": {"boost": 2.0}, "tags": ["青山E行"]}
    assert search_meta(chinese) == {"search": {"boost": 2.0}}
    assert search_meta(client) == {"search": {"boost": 3.0}}
    assert search_meta(job) == {}


@pytest.mark.slow
def test_hook_logs_ret_find_as_information_so_strict_builds_pass(built_site, site_project, caplog, monkeypatch):
    """RET-FIND is a warning-level rule: the hook shows it in the build log without failing --strict."""
    import importlib.util
    from types import SimpleNamespace
    from generators.archive.config import load_settings
    from generators.rules.registry import finding
    from generators.site import build as site_build
    settings = load_settings(site_project)
    spec = importlib.util.spec_from_file_location("site_hook", REPO / "hooks" / "site.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    found = [finding(settings, "RET-FIND", f"{C}/client.md", 1, "short_name", "搜索客户简称排在第 5 位。"),
             finding(settings, "RET-INDEX", f"{C}/lost.md", 1, "", "没有页面链到它。")]
    monkeypatch.setattr(site_build, "after_build", lambda gen, site_dir, find=True, search=None, part=None: found)
    monkeypatch.setattr(site_build, "write_search", lambda *a: None)
    hook._build["gen"] = SimpleNamespace()
    with caplog.at_level("INFO", logger="mkdocs"):
        hook.on_post_build(SimpleNamespace(site_dir=str(built_site), config_file_path=str(site_project / "mkdocs.yml")))
    levels = {r.getMessage().split()[0]: r.levelname for r in caplog.records if r.name.endswith("archive")}
    assert levels == {"RET-FIND": "INFO", "RET-INDEX": "WARNING"}


@pytest.mark.slow
def test_hook_leaves_ret_find_to_build_when_serving(built_site, site_project, monkeypatch):
    """`mkdocs serve` rebuilds on every save and reloads the hook file each time: every rebuild still
    knows it is serving and leaves RET-FIND to `mkdocs build`."""
    import importlib.util
    from types import SimpleNamespace
    from generators.site import build as site_build

    def fresh_hook():
        spec = importlib.util.spec_from_file_location("site_hook", REPO / "hooks" / "site.py")
        hook = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(hook)
        return hook

    asked = []
    monkeypatch.setattr(site_build, "after_build", lambda gen, site_dir, find=True, search=None, part=None: asked.append(find) or [])
    monkeypatch.setattr(site_build, "write_search", lambda *a: None)
    monkeypatch.setitem(site_build.running, "command", "build")
    for command in ("serve", "build"):
        fresh_hook().on_startup(command=command, dirty=False)
        for _ in range(2):  # the first build, then a rebuild with a reloaded hook file
            hook = fresh_hook()
            hook._build["gen"] = SimpleNamespace()
            hook.on_post_build(SimpleNamespace(site_dir=str(built_site), config_file_path=str(site_project / "mkdocs.yml")))
    assert asked == [False, False, True, True]
