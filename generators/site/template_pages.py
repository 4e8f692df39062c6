"""The record templates' pages: each type's fields from its schema (Chinese label, type, whether the
rules require it, description), a blank to copy (the template `new` uses, filled with placeholders:
plain YAML and Markdown) and, beside it, a filled example from the archive."""
from __future__ import annotations

import re

from generators.archive.fields import Enum, ListOf, Object, Ref
from generators.archive.uris import Page, link, record_uri
from generators.archive.records import Record
from generators.archive.scaffold import environment as record_templates
from generators.archive.schema import Field, Schema, schemas, walk
from generators.site.lists import table
from generators.site.panel import Item
from generators.site.render import front_matter, href, md_text

BASE = "documents/templates"

# Field types as AEs call them (generators/archive/fields.py names them in English).
TYPE_NAMES = {"text": "文本", "slug": "编号（小写英文、数字和连字符）", "code": "代码（2-5 个大写字母）",
              "job_no": "工作号", "week": "周次（如 2026-W47）", "month": "月份（如 2026-11）",
              "period": "期间（季度、月份或日期）", "date": "日期（如 2026-11-20）",
              "moment": "时刻（日期和时间，如 2026-11-20 10:00）", "amount": "金额（元，只写数字）",
              "bool": "是否（true 或 false）", "enum": "选项", "ref": "引用", "staff": "同事姓名（名册上的）",
              "attachment": "附件（文件名）", "list": "列表", "object": "分组"}
REF_NAMES = {"client": "客户编号", "brand": "品牌编号", "job": "工作号"}
# Template values that are not fields of the record itself (scaffold.defaults).
_EXTRA = {"ae": "AE 姓名", "am": "AM 姓名", "ad": "AD 姓名", "brand": "品牌编号", "participant": "参与者姓名",
          "client": "客户编号"}


def command(s: Schema) -> str:
    """The `new` command of a type, from its schema's `new:` (needs: [brand], args)."""
    out = f"python -m generators new {s.type} --client <客户编号>"
    if "brand" in (s.new.get("needs") or ()):
        out += " --brand <品牌编号>"
    return out + (f" {s.new['args']}" if s.new.get("args") else "")


def template_pages(directory_urls: bool = True, site=None, root=None) -> list[Page]:
    """The index and one page per record type of `root`'s project; examples come from `site`'s records when given."""
    all_ = schemas(root)
    return [index(all_, directory_urls)] + [template_page(s, example(site, s) if site else None,
                                                          directory_urls, site, root) for s in all_.values()]


def index(all_: dict[str, Schema], directory_urls: bool) -> Page:
    uri = f"{BASE}/index.md"
    rows = [[[Item(s.label, href(uri, f"{BASE}/{s.type}.md", directory_urls))], [Item(s.type)], [Item(s.label_en)],
             [Item(s.path)]] for s in all_.values()]
    text = (front_matter("记录模板") + "# 记录模板\n\n档案的每种记录都有一个模板。新建记录时不要复制旧文件，用 "
            "`python -m generators new` 从模板生成，它会放到正确的位置、填好日期、团队和编号。"
            "每个模板页列出全部字段的中文名、类型、是否必填和说明，并附一份可复制的空白模板和一份档案里的实例。"
            "本页与各模板页由记录类型定义（generators/schemas/）和模板文件自动生成。\n\n"
            + table(["记录", "类型 type", "English", "存放位置"], rows) + "\n")
    return Page(uri, text)


# --- the field table ------------------------------------------------------------------------

def type_name(f: Field) -> str:
    """A field's type in Chinese: 文本, 日期, 选项：会议 meeting / 电话 phone, 列表（每项：同事姓名）..."""
    kind = f.type
    if isinstance(kind, Enum):
        return "选项：" + " / ".join(f"{label} {value}" for value, label in kind.values.items())
    if isinstance(kind, Ref):
        return f"引用（{REF_NAMES.get(kind.spec.get('to'), kind.spec.get('to'))}）"
    if isinstance(kind, ListOf) and f.item is not None:
        return "列表（每项含下列字段）" if f.item.fields else f"列表（每项：{type_name(f.item)}）"
    if isinstance(kind, Object):
        return "分组（含下列字段）"
    return TYPE_NAMES.get(kind.name, kind.name)


def required(f: Field, uri: str, directory_urls: bool) -> list[Item]:
    """必填 as the checks enforce it: the schema's own `required`, or a rule named by `required_by`
    (`MTG-ACTIONS`, or `{rule: JOB-CLOSE, when: 状态为结束卡号}` for a condition)."""
    if f.required:
        return [Item("必填")]
    by = f.type.spec.get("required_by")
    if not by:
        return []
    rule, when = (by, "") if isinstance(by, str) else (by.get("rule", ""), by.get("when", ""))
    link = href(uri, f"rules/{rule.lower()}.md", directory_urls)
    return [Item(f"{when}必填（" if when else "必填（"), Item(rule, link, sep=""), Item("）", sep="")]


def _rows(fields: dict[str, Field], uri: str, directory_urls: bool, prefix: str = "") -> list:
    out = []
    for name, f in fields.items():
        where = prefix + name
        out.append([[Item(where)], [Item(f.label)], [Item(type_name(f))], required(f, uri, directory_urls),
                     [Item("保密" if f.confidential else "")], [Item(f.hint)]])
        if f.fields:
            out += _rows(f.fields, uri, directory_urls, where + ".")
        elif f.item is not None and f.item.fields:
            out += _rows(f.item.fields, uri, directory_urls, where + "[].")
    return out


# --- the blank and the example --------------------------------------------------------------

class _Placeholders(dict):
    """Template values for a blank: `<中文名>` for every value the template asks for."""

    def __init__(self, schema: Schema):
        super().__init__()
        self.schema = schema

    def __missing__(self, key: str) -> str:
        f = self.schema.fields.get(key)
        if f is None:
            return f"<{_EXTRA.get(key, key)}>"
        if isinstance(f.type, Ref):
            return f"<{REF_NAMES.get(f.type.spec.get('to'), f.label)}>"
        if isinstance(f.type, Enum):
            return f"<{f.label}：{' / '.join(f.type.values)}>"
        fmt = {"date": "YYYY-MM-DD", "moment": "YYYY-MM-DD HH:MM", "week": "YYYY-Www", "month": "YYYY-MM"}.get(f.type.name)
        return f"<{f.label} {fmt}>" if fmt else f"<{f.label}>"


def blank(s: Schema, root=None) -> str:
    """The record template rendered with placeholders: what `new` writes, with <中文名> for the values."""
    return record_templates(root).get_template(f"{s.type}.md.j2").render(f=_Placeholders(s), sections=s.sections)


def example(site, s: Schema) -> Record | None:
    """The archive's most complete record of a type (most fields filled) to show as an example.
    Never a confidential record. A public build shows none for a type that has confidential
    fields: the example is the file itself, and the file would show them."""
    if site.public and any(f.confidential for f in _all_fields(s.fields)):
        return None
    best, score = None, -1
    for r in sorted(site.by_type.get(s.type, []), key=lambda r: r.path):
        if r.confidential:
            continue
        filled = sum(1 for _ in walk(r.schema.fields, r.data))
        if filled > score:
            best, score = r, filled
    return best


def _all_fields(fields: dict[str, Field]):
    for f in fields.values():
        yield f
        if f.fields:
            yield from _all_fields(f.fields)
        if f.item is not None:
            yield f.item
            if f.item.fields:
                yield from _all_fields(f.item.fields)


def _fence(text: str, lang: str = "markdown") -> str:
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}{lang}\n{text.rstrip()}\n{ticks}"


def template_page(s: Schema, sample: Record | None = None, directory_urls: bool = True, site=None, root=None) -> Page:
    uri = f"{BASE}/{s.type}.md"
    sections = "\n".join(f"- **{md_text(sec.title)}**：{md_text(sec.hint)}" for sec in s.sections) or "（正文没有固定章节）"
    if sample is not None:
        text = (site.settings.root / sample.path).read_text(encoding="utf-8", errors="replace")
        shown = (f"[{md_text(site.title(sample))}]({link(uri, record_uri(sample.path))})"
                 f"（`{sample.path}`）")
        filled = f"### 实例\n\n档案里的{md_text(s.label)}：{shown}。\n\n" + _fence(text)
    else:
        filled = "### 实例\n\n档案里还没有可以公开展示的这类记录。"
    pair = ('<div class="archive-template-pair" data-search-exclude markdown="1">\n\n<div markdown="1">\n\n'
            "### 空白模板\n\n复制到新文件，把 `<…>` 换成实际内容；不需要的可选字段整行删去。\n\n"
            + _fence(blank(s, root)) + '\n\n</div>\n\n<div markdown="1">\n\n' + filled + "\n\n</div>\n\n</div>")
    text = (front_matter(f"{s.label}模板") + f"# {s.label}模板\n\n"
            f"{s.label}（{s.label_en}，`type: {s.type}`）存放在 `{s.path}`。\n\n"
            "## 新建\n\n```bash\n" + command(s) + "\n```\n\n"
            "## 字段\n\n“必填”按档案检查执行：写着规则编号的，是那条规则要求的（有条件的写明条件）。\n\n"
            + '<div class="archive-schema">' + table(["字段", "中文名", "类型", "必填", "保密", "说明"],
                                                    _rows(s.fields, uri, directory_urls)) + "</div>\n\n"
            "## 正文章节\n\n" + sections + "\n\n"
            "## 可复制的模板和实例\n\n" + pair + "\n")
    return Page(uri, text)
