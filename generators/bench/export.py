"""The baseline the build is measured against: the SAME pages built by plain MkDocs + Material with
its own (lunr) search and no hooks. `python -m generators.bench.export ROOT OUT` writes the handbook
(content/) and every generated page of `generators.site.build.generate()` as files under OUT/docs,
with a plain OUT/mkdocs.yml (our theme, nav and markdown_extensions; no hooks, no custom theme)."""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import yaml

# Material's own search as the issue measured it (jieba for Chinese, `-` a separator): fixed here,
# so the baseline does not move when the site's own search changes.
SEARCH = {"search": {"lang": ["zh", "en"], "separator": "[\\s\\-\\u200b\\u3000、。，．？！；：“”（）《》]+"}}
KEPT = ("site_name", "theme", "markdown_extensions", "nav", "extra_css", "validation")


def plain_config(config: dict) -> dict:
    """Our mkdocs.yml reduced to what plain MkDocs + Material needs to build the same pages."""
    out = {k: config[k] for k in KEPT if k in config}
    theme = dict(out.get("theme") or {"name": "material"})
    theme.pop("custom_dir", None)
    theme["name"] = "material"
    out["theme"] = theme
    out["docs_dir"] = "docs"
    out["plugins"] = [SEARCH]
    return out


def export(root: Path, dest: Path) -> dict:
    """Write OUT/docs and OUT/mkdocs.yml; returns counts."""
    from generators.site.build import generate
    docs = dest / "docs"
    shutil.copytree(root / "content", docs)
    handbook = {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()}
    gen = generate(root, docs_uris=handbook)
    for page in gen.pages:
        path = docs / page.uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.content, encoding="utf-8")
    for uri, src in gen.attachments.items():
        path = docs / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        if uri in gen.contents:
            path.write_bytes(gen.contents[uri])
        elif src.is_file():
            shutil.copyfile(src, path)
    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.SafeLoader) or {}
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(plain_config(config), allow_unicode=True, sort_keys=False),
                                     encoding="utf-8")
    return {"pages": len(gen.pages), "attachments": len(gen.attachments), "handbook": len(handbook)}


if __name__ == "__main__":
    print(json.dumps(export(Path(sys.argv[1]), Path(sys.argv[2]))))
