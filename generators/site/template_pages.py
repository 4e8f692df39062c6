"""The record templates' pages: each type's fields from its schema and the very template file `new` uses."""
from __future__ import annotations

import re

from ..pages import Page
from ..scaffold import template_source
from ..schema import Field, Schema, schemas
from .lists import table
from .panel import Item
from .render import front_matter, href

BASE = "documents/templates"
_NEW = {"client": "python -m generators new client --client <客户编号>",
        "brand": "python -m generators new brand --client <客户编号> --brand <品牌编号>",
        "brand-history": "python -m generators new brand-history --client <客户编号> --brand <品牌编号> --slug <简短英文名>",
        "job": "python -m generators new job --client <客户编号> --brand <品牌编号> --set title=<工作名称>",
        "research-summary": "python -m generators new research-summary --client <客户编号> --brand <品牌编号> --slug <简短英文名>"}


def command(type_: str) -> str:
    return _NEW.get(type_, f"python -m generators new {type_} --client <客户编号>")


def template_pages(directory_urls: bool = True) -> list[Page]:
    all_ = schemas()
    return [index(all_, directory_urls)] + [template_page(s) for s in all_.values()]


def index(all_: dict[str, Schema], directory_urls: bool) -> Page:
    uri = f"{BASE}/index.md"
    rows = [[[Item(s.label, href(uri, f"{BASE}/{s.type}.md", directory_urls))], [Item(s.type)], [Item(s.label_en)],
             [Item(s.path)]] for s in all_.values()]
    text = (front_matter("记录模板") + "# 记录模板\n\n档案的每种记录都有一个模板。新建记录时不要复制旧文件，用 "
            "`python -m generators new` 从模板生成，它会放到正确的位置、填好日期、团队和编号。"
            "本页与各模板页由记录类型定义和模板文件自动生成。\n\n"
            + table(["记录", "类型 type", "English", "存放位置"], rows) + "\n")
    return Page(uri, text)


def _rows(fields: dict[str, Field], prefix: str = "") -> list:
    out = []
    for name, f in fields.items():
        where = prefix + name
        out.append([[Item(where)], [Item(f.label)], [Item(f.type.describe())], [Item("必填" if f.required else "")],
                    [Item("保密" if f.confidential else "")], [Item(f.hint)]])
        if f.fields:
            out += _rows(f.fields, where + ".")
        elif f.item is not None and f.item.fields:
            out += _rows(f.item.fields, where + "[].")
    return out


def _fence(text: str) -> str:
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}text\n{text.rstrip()}\n{ticks}"


def template_page(s: Schema) -> Page:
    source = template_source(s.type)
    sections = "\n".join(f"- **{sec.title}**：{sec.hint}" for sec in s.sections) or "（正文没有固定章节）"
    text = (front_matter(f"{s.label}模板") + f"# {s.label}模板\n\n"
            f"{s.label}（{s.label_en}，`type: {s.type}`）存放在 `{s.path}`。\n\n"
            "## 新建\n\n```bash\n" + command(s.type) + "\n```\n\n"
            "## 字段\n\n" + table(["字段", "中文名", "类型", "必填", "保密", "说明"], _rows(s.fields)) + "\n\n"
            "## 正文章节\n\n" + sections + "\n\n"
            f"## 模板文件\n\n`generators/templates/records/{s.type}.md.j2`：\n\n" + _fence(source) + "\n")
    return Page(f"{BASE}/{s.type}.md", text)
