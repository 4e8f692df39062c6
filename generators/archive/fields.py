"""Reusable field types. Each turns a YAML node into a typed value or raises `Invalid`.

A schema file names these types by their `name`; adding a type is adding a class here.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from generators.archive.widepunct import key_line, named, quoted
from generators.archive.yamlio import Scalar, YList, YMap


class Invalid(Exception):
    """A value of the wrong shape. `rule` is REQ-YAML for YAML 1.1 surprises, else REQ-FIELDS."""

    def __init__(self, message: str, fix: str, rule: str = "REQ-FIELDS"):
        super().__init__(message)
        self.message, self.fix, self.rule = message, fix, rule


# Dashes people type in Chinese input methods that NFKC leaves alone.
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc"), "-")


def halfwidth(text: str) -> str:
    """The text with full-width letters, digits and signs (and any other script's decimal digits,
    which Python's `\\d` and `int()` accept but no other tool does) turned into ASCII."""
    out = unicodedata.normalize("NFKC", text).translate(_DASHES)
    return "".join(str(unicodedata.decimal(c)) if not c.isascii() and unicodedata.decimal(c, None) is not None else c for c in out)


def not_ascii(text: str, fits, where: str, quote: bool) -> "Invalid | None":
    """When a value only fails because of full-width characters (Chinese quotes around it
    included), the error that names them and shows the half-width spelling; None when
    half-width would not help either."""
    fixed = halfwidth(text).strip().strip("\"'“”‘’")
    if fixed == text or not fits(fixed):
        return None
    letters = re.findall(r"[^\x00-\x7f：，、“”‘’（）\u3000－＃]+", text)
    wide = "、".join(x for x in (*dict.fromkeys(letters), named(text)) if x)
    shown = f'"{fixed}"' if quote else fixed
    return Invalid(f"{quoted(text)}里有全角字符（{wide}）：看起来一样，但程序、搜索和其他工具都不认。",
                   f"关掉全角，用半角（英文输入法）重新输入：{where}: {shown}")


_SURPRISE = {"int": "数字", "float": "数字", "bool": "是/否（布尔值）", "null": "空值", "timestamp": "日期时间"}


@dataclass
class FieldType:
    """Base of all field types; `spec` is the field's entry in the schema file."""

    spec: dict
    name = "?"
    example = ""

    def parse(self, node, where: str):
        raise NotImplementedError

    def describe(self) -> str:
        return self.name


class Text(FieldType):
    """Plain text. Refuses unquoted values that YAML 1.1 readers turn into numbers or booleans."""

    name = "text"
    example = ""
    pattern: re.Pattern | None = None
    allowed_tags = ("str",)
    wrong = "格式不对。"

    def parse(self, node, where: str):
        text = self.scalar(node)
        if self.pattern and not self.pattern.fullmatch(text):
            wide = not_ascii(text, self.pattern.fullmatch, where, self.example.startswith('"'))
            if wide:
                raise wide
            raise Invalid(f"“{text}”{self.wrong}", f"照这个样子写：{where}: {self.example}")
        return self.convert(text)

    def scalar(self, node) -> str:
        if not isinstance(node, Scalar):
            raise Invalid("这里应填一个值，而不是列表或多个字段。", f"写成一行：`{self.example}`")
        if not node.quoted and not node.text.strip():
            raise Invalid("值是空的。", f"填上内容{'，例如：' + self.example if self.example else '，或删除这一项'}。")
        if not node.quoted and node.tag not in self.allowed_tags and node.tag in _SURPRISE:
            fits = self.pattern is None or self.pattern.fullmatch(node.text.strip())
            raise Invalid(
                f"“{node.text}”没有加引号，其他 YAML 工具会把它读成{_SURPRISE[node.tag]}而不是文字。",
                f"给值加上双引号，例如 \"{node.text}\"。" if fits else f"给值加上双引号，并照这个样子写：{self.example}",
                rule="REQ-YAML")
        text = node.text.strip()
        if not text:
            raise Invalid("值是空的。", f"填上内容{'，例如：' + self.example if self.example else '，或删除这一项'}。")
        return text

    def convert(self, text: str):
        return text


class Slug(Text):
    """Lowercase ASCII id such as `huaxin-foods`."""

    name = "slug"
    example = "huaxin-foods"
    pattern = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
    wrong = "不是合格的编号：只能用小写英文字母、数字和连字符。"


class Code(Text):
    """A client's job-number prefix: 2-5 capitals."""

    name = "code"
    example = "HXF"
    pattern = re.compile(r"[A-Z]{2,5}")
    wrong = "不是合格的客户代码：应为 2-5 个大写英文字母。"


class JobNo(Text):
    """Job number `HXF-2026-0042`: client code, year, four-digit sequence."""

    name = "job_no"
    example = '"HXF-2026-0042"'
    pattern = re.compile(r"[A-Z]{2,5}-[0-9]{4}-[0-9]{4}")
    wrong = "不是合格的工作号：应为“客户代码-年份-四位序号”。"


class Week(Text):
    """ISO week `2026-W47`."""

    name = "week"
    example = '"2026-W47"'
    pattern = re.compile(r"[0-9]{4}-W[0-9]{2}")
    wrong = "不是合格的周次：应为“年份-W两位周数”。"

    def convert(self, text):
        year, week = int(text[:4]), int(text[6:])
        try:
            date.fromisocalendar(year, week, 1)
        except ValueError:
            raise Invalid(f"{year} 年没有第 {week} 周。", "周次按 ISO 周计算（1-52 或 53），请核对日历。")
        return text


class Month(Text):
    """Month `2026-11`."""

    name = "month"
    example = '"2026-11"'
    pattern = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")
    wrong = "不是合格的月份：应为“年份-两位月份”。"


class Period(Text):
    """Reporting period: a quarter `2026-Q4`, a month `2026-11` or a date `2026-11-20`."""

    name = "period"
    example = '"2026-Q4"'
    allowed_tags = ("str", "timestamp")
    pattern = re.compile(r"[0-9]{4}-Q[1-4]|[0-9]{4}-(0[1-9]|1[0-2])|[0-9]{4}-[0-9]{2}-[0-9]{2}")
    wrong = "不是合格的期间：写季度 2026-Q4、月份 2026-11 或日期 2026-11-20。"

    def convert(self, text):
        if len(text) == 10:
            _parse_date(text)
        return text


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _parse_date(text: str, where: str = "date") -> date:
    if not _DATE.fullmatch(text):
        raise not_ascii(text, _DATE.fullmatch, where, False) or Invalid(f"“{text}”不是日期。", "日期写成 年-月-日，例如 2026-11-20。")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Invalid(f"日期 {text} 不存在（月份或日子超出范围）。", "核对日历后改成真实的日期，例如 2026-02-28。")


class Date(Text):
    """A calendar date `2026-11-20`."""

    name = "date"
    example = "2026-11-20"
    allowed_tags = ("str", "timestamp")

    def parse(self, node, where: str):
        return _parse_date(self.scalar(node), where)


class Moment(Text):
    """A date and time `"2026-11-20 14:30"` in the agency's time zone."""

    name = "moment"
    example = '"2026-11-20 14:30"'
    allowed_tags = ("str", "timestamp")

    pattern_ = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})[ T]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?")

    def parse(self, node, where: str):
        text = self.scalar(node)
        m = self.pattern_.fullmatch(text)
        if not m:
            raise not_ascii(text, self.pattern_.fullmatch, where, True) or Invalid(f"“{text}”不是“日期 时:分”格式的时间。", '写成 "2026-11-20 14:30"（带引号，24 小时制）。')
        day = _parse_date(m.group(1))
        hour, minute, second = int(m.group(2)), int(m.group(3)), int(m.group(4) or 0)
        if hour > 23 or minute > 59 or second > 59:
            raise Invalid(f"时间 {text} 不存在。", "小时 0-23，分钟 0-59。")
        return datetime(day.year, day.month, day.day, hour, minute, second)


class Amount(Text):
    """Yuan amount: a number >= 0 with at most two decimals, kept exact as Decimal."""

    name = "amount"
    example = "128000.50"
    allowed_tags = ("int", "float")

    def parse(self, node, where):
        if not isinstance(node, Scalar) or not node.text.strip():
            raise Invalid("金额应是一个数字。", f"写成 {where}: {self.example}")
        text = node.text.strip()
        number = re.compile(r"-?[0-9]+(\.[0-9]+)?")
        if not number.fullmatch(text) and not node.quoted:
            wide = not_ascii(text, number.fullmatch, where, False)
            if wide:
                raise wide
        if node.quoted or not number.fullmatch(text):
            raise Invalid(f"金额“{text}”不是数字（不要加引号、逗号、“元”或“万”）。",
                          f"写成纯数字，单位为元，例如 {where}: {self.example}")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise Invalid(f"金额“{text}”不是数字。", f"例如 {self.example}")
        if value < 0:
            raise Invalid(f"金额 {text} 是负数。", "金额不能小于 0；退款或冲销请在正文说明。")
        try:
            exact = value == value.quantize(Decimal("0.01"))
        except InvalidOperation:  # more digits than any real amount (and than Decimal's precision)
            raise Invalid(f"金额 {text} 位数太多，不是一个真实的金额。", f"金额以元为单位，写成纯数字，例如 {where}: {self.example}")
        if not exact:
            raise Invalid(f"金额 {text} 超过两位小数。", "金额精确到分，最多两位小数。")
        return value


class Bool(Text):
    """true or false — and nothing YAML 1.1 would also read as a boolean (yes/no/on/off)."""

    name = "bool"
    example = "true"

    def parse(self, node, where):
        if isinstance(node, Scalar) and not node.quoted and node.text in ("true", "false", "True", "False"):
            return node.text.lower() == "true"
        shown = node.text if isinstance(node, Scalar) else "……"
        if isinstance(node, Scalar) and halfwidth(shown).lower() in ("true", "false") and not shown.isascii():
            raise Invalid(f"“{shown}”是全角字母，不是 true 或 false。", f"用半角（英文输入法）重新输入：{where}: {halfwidth(shown).lower()}")
        raise Invalid(f"“{shown}”不是 true 或 false。", f"只写 true（是）或 false（否），例如 {where}: false")


class Enum(Text):
    """One of a fixed list of values; the schema gives each value its Chinese label."""

    name = "enum"

    @property
    def values(self) -> dict:
        v = self.spec["values"]
        return v if isinstance(v, dict) else {x: x for x in v}

    @property
    def example(self):
        return next(iter(self.values))

    def convert(self, text):
        if text not in self.values:
            choices = "、".join(f"{k}（{v}）" if k != v else k for k, v in self.values.items())
            # a value the handbook names but the record may not take (job status notice) says why
            refused = self.spec.get("refused") or {}
            if isinstance(refused, dict) and isinstance(refused.get(text), str):
                raise Invalid(f"“{text}”不能用：{refused[text]}", f"从这些值中选一个：{choices}")
            raise Invalid(f"“{text}”不在可选值里。", f"从这些值中选一个：{choices}")
        return text

    def describe(self):
        return "enum: " + " / ".join(self.values)


class Ref(Text):
    """A reference to another record: a client id, a brand id (within the client) or a job number."""

    name = "ref"

    @property
    def example(self):
        return {"client": "huaxin-foods", "brand": "huaxin-yogurt", "job": '"HXF-2026-0042"'}[self.spec["to"]]

    def describe(self):
        return f"ref → {self.spec['to']}"

    def parse(self, node, where: str):
        # whether the record exists is RET-REF's question; a full-width spelling is answered here
        text = super().parse(node, where)
        shape = (JobNo if self.spec["to"] == "job" else Slug).pattern
        wide = None if shape.fullmatch(text) else not_ascii(text, shape.fullmatch, where, self.spec["to"] == "job")
        if wide:
            raise wide
        return text


class Staff(Text):
    """A member of staff, by the name in archive.toml's roster."""

    name = "staff"
    example = "王芳"


class Attachment(Text):
    """A file path relative to the record's folder, such as `brief.pdf`."""

    name = "attachment"
    example = "brief.pdf"

    def convert(self, text):
        if text.startswith("/") or "\\" in text or ".." in text.split("/") or "://" in text:
            raise Invalid(f"附件路径“{text}”不对：应是相对于本记录所在文件夹的路径。",
                          "把文件放在记录旁边，写文件名即可，例如 brief.pdf；不用 / 开头，不用 ..，不用网址。")
        return text


class ListOf(FieldType):
    """A YAML list whose items share one field type."""

    name = "list"

    def parse(self, node, where):
        if not isinstance(node, YList):
            raise Invalid("这里应是一个列表（每项一行，以“- ”开头）。", f"例如：\n{where}:\n  - 第一项")
        return node

    def describe(self):
        return "list"


class Object(FieldType):
    """A nested mapping with its own fields."""

    name = "object"

    def parse(self, node, where):
        if isinstance(node, Scalar) and (typed := key_line(node.text)):
            # `- what：出方案` is one piece of text to YAML: the Chinese colon hides the field
            what, fixed = typed
            raise Invalid(f"“{node.text}”{what}，YAML 把整行当成了一段文字，读不出其中的字段。",
                          f"关掉全角，改成：{fixed.strip()}")
        if not isinstance(node, YMap):
            raise Invalid("这里应是下一级字段（缩进两格，每行“字段: 值”）。", f"例如：\n{where}:\n  字段: 值")
        return node


TYPES: dict[str, type[FieldType]] = {
    cls.name: cls
    for cls in (Text, Slug, Code, JobNo, Week, Month, Period, Date, Moment, Amount, Bool, Enum, Ref, Staff, Attachment, ListOf, Object)
}
