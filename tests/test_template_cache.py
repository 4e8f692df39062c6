"""The theme's compiled templates kept in memory between `mkdocs serve` rebuilds (template_cache): an
unchanged template is not compiled again, an edited one is (never the old output), and the cache is bounded."""
from __future__ import annotations

from jinja2 import Environment, FileSystemLoader

from generators.site.template_cache import MemoryBytecodeCache


def _env(folder, cache):
    env = Environment(loader=FileSystemLoader(str(folder)), bytecode_cache=cache)
    return env


def test_an_unchanged_template_is_compiled_once_and_an_edited_one_again(tmp_path, monkeypatch):
    (tmp_path / "main.html").write_text("<h1>{{ title }}</h1>", encoding="utf-8")
    cache = MemoryBytecodeCache()
    compiled = _counting(monkeypatch)
    assert _env(tmp_path, cache).get_template("main.html").render(title="甲") == "<h1>甲</h1>"
    assert _env(tmp_path, cache).get_template("main.html").render(title="乙") == "<h1>乙</h1>"  # a new build's environment
    assert len(compiled) == 1
    (tmp_path / "main.html").write_text("<h2>{{ title }}</h2>", encoding="utf-8")
    assert _env(tmp_path, cache).get_template("main.html").render(title="丙") == "<h2>丙</h2>"
    assert len(compiled) == 2


def test_the_cache_keeps_at_most_its_limit(tmp_path):
    cache = MemoryBytecodeCache(limit=3)
    for i in range(5):
        (tmp_path / f"t{i}.html").write_text(f"{i}{{{{ x }}}}", encoding="utf-8")
        _env(tmp_path, cache).get_template(f"t{i}.html")
    assert len(cache._store) == 3


def _counting(monkeypatch):
    compiled = []
    real = Environment.compile

    def counting(self, source, *args, **kwargs):
        compiled.append(source)
        return real(self, source, *args, **kwargs)
    monkeypatch.setattr(Environment, "compile", counting)
    return compiled


def test_a_new_process_reads_the_compiled_templates_from_build_and_only_from_its_own(tmp_path, monkeypatch):
    import subprocess
    from generators.archive import buildcache
    from generators.site import template_cache
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "main.html").write_text("<p>{{ x }}</p>", encoding="utf-8")
    project = tmp_path / "p"
    project.mkdir()
    compiled = _counting(monkeypatch)

    def build():  # a new process: nothing in memory, a new environment
        monkeypatch.setattr(template_cache, "_shared", MemoryBytecodeCache())
        env = Environment(loader=FileSystemLoader(str(theme)))
        template_cache.attach(env, project)
        return env.get_template("main.html").render(x="甲")
    assert build() == "<p>甲</p>" and len(compiled) == 1
    assert list((project / "build" / "templates").glob("*.cache"))
    assert build() == "<p>甲</p>" and len(compiled) == 1  # read back, not compiled
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com", "PATH": "/usr/bin:/bin"}
    for cmd in (["git", "init", "-q"], ["git", "add", "-f", "build"], ["git", "commit", "-qm", "x"]):
        subprocess.run(cmd, cwd=project, check=True, capture_output=True, env=env)
    buildcache.reset()
    try:  # compiled code that came with the repository is never loaded (it would run)
        assert build() == "<p>甲</p>" and len(compiled) == 2
    finally:
        buildcache.reset()
