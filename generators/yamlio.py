"""Read a record file's bytes into front matter nodes and body, refusing YAML's surprises.

Values are never converted here: every scalar stays as its source text with the tag YAML 1.1
would give it, so the schema's field types decide what it means (a job number stays a
string, `NO` stays `NO`) and can tell the author when another YAML reader would misread it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml
from frontmatter.default_handlers import YAMLHandler

# libyaml when the wheel has it: composing is the slow part of reading 10,000 records.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_CONFLICT = re.compile(r"^(<{7}|={7}|>{7})(?: |$)", re.M)
_TAG = "tag:yaml.org,2002:"


@dataclass
class Scalar:
    """A scalar as written: its text, the type YAML 1.1 would infer, whether it was quoted."""

    text: str
    tag: str  # "str", "int", "float", "bool", "null", "timestamp", ...
    quoted: bool
    line: int


class YMap(dict):
    """A mapping that remembers the line of each key."""

    def __init__(self, line: int):
        super().__init__()
        self.line = line
        self.lines: dict[str, int] = {}


class YList(list):
    """A sequence that remembers its line."""

    def __init__(self, line: int):
        super().__init__()
        self.line = line


@dataclass
class Problem:
    """Something wrong with the file itself (REQ-YAML); `fatal` means nothing more can be read."""

    line: int
    message: str
    fix: str
    field: str = ""
    fatal: bool = False


@dataclass
class Document:
    front: YMap | None
    body: str
    body_line: int
    problems: list[Problem] = field(default_factory=list)


def decode(data: bytes, problems: list[Problem]) -> str | None:
    """Decode bytes as UTF-8, naming a BOM, GBK/GB18030 or binary content instead of misreading it."""
    if not data.strip():
        problems.append(Problem(1, "文件是空的，没有任何内容。", "用 `python -m generators new` 重新生成这份记录，或删除这个空文件。", fatal=True))
        return None
    if b"\x00" in data:
        problems.append(Problem(1, "这不是文本文件（含有二进制内容），却以 .md 结尾。", "附件请用它本来的扩展名（如 .pdf、.jpg）；记录文件必须是 UTF-8 文本。", fatal=True))
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        problems.append(Problem(1, "文件开头有 UTF-8 BOM（字节顺序标记），其他工具会把第一行读错。", "在编辑器里另存为“UTF-8”（不要选“UTF-8 with BOM / 带签名”）。"))
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            problems.append(Problem(line, "文件不是 UTF-8 文本，无法读取。", "在编辑器里另存为“UTF-8”编码。", fatal=True))
            return None
        problems.append(Problem(line, "文件是 GBK/GB18030 编码，不是 UTF-8；中文在网站和其他电脑上会变成乱码。", "在编辑器里选择“另存为”，编码选“UTF-8”后保存。"))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_document(data: bytes) -> Document:
    """Split a record file into front matter nodes and body, collecting every problem found."""
    problems: list[Problem] = []
    text = decode(data, problems)
    if text is None:
        return Document(None, "", 1, problems)
    for m in _CONFLICT.finditer(text):
        if m.group(1).startswith("<"):
            line = text.count("\n", 0, m.start()) + 1
            problems.append(Problem(line, "文件里留有合并冲突标记（<<<<<<< ======= >>>>>>>），git 合并没有完成。",
                                    "打开文件，在两个版本之间选定正确内容，删除 <<<<<<<、=======、>>>>>>> 三行标记，保存后再 `git add`。", fatal=True))
    if any(p.fatal for p in problems):
        return Document(None, "", 1, problems)
    handler = YAMLHandler()
    if not handler.detect(text) or not text.startswith("---"):
        problems.append(Problem(1, "文件开头没有 front matter（以 --- 开始、以 --- 结束的 YAML 字段区）。",
                                "文件第一行写 ---，接着写字段（如 `type: job`），再用一行 --- 结束；可用 `python -m generators new` 生成样板。", fatal=True))
        return Document(None, text, 1, problems)
    try:
        fm, body = handler.split(text)
    except ValueError:
        problems.append(Problem(1, "front matter 没有结束的 --- 行。", "在字段区最后加一行 ---，正文写在它下面。", fatal=True))
        return Document(None, text, 1, problems)
    body_line = text.count("\n", 0, len(text) - len(body)) + 1
    if not fm.strip():
        problems.append(Problem(1, "front matter 是空的，一个字段也没有。", "在两行 --- 之间写上记录类型和字段，可用 `python -m generators new` 生成样板。", fatal=True))
        return Document(None, body, body_line, problems)
    front = parse_front(fm, 0, problems)  # fm starts with the rest of the opening --- line
    return Document(front, body, body_line, problems)


def parse_front(fm: str, offset: int, problems: list[Problem]) -> YMap | None:
    """Compose front matter YAML into nodes; `offset` is the line before the YAML starts."""
    try:
        node = yaml.compose(fm, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = offset + (mark.line + 1 if mark else 1)
        what = exc.problem or "YAML 语法错误"
        problems.append(Problem(line, f"YAML 语法错误：{what}（第 {line} 行附近）。",
                                "检查这一行的缩进、冒号后的空格和引号是否成对；含冒号或 # 的文字请加双引号。", fatal=True))
        return None
    except yaml.YAMLError as exc:
        problems.append(Problem(offset + 1, f"YAML 无法读取：{exc}", "检查 front matter 的写法。", fatal=True))
        return None
    if not isinstance(node, yaml.MappingNode):
        problems.append(Problem(offset + 1, "front matter 应是“字段: 值”的列表。", "每行写一个字段，如 `type: job`。", fatal=True))
        return None
    return _build(node, offset, problems, "")


def _build(node, offset: int, problems: list[Problem], path: str):
    line = offset + node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode):
        tag = node.tag[len(_TAG):] if node.tag.startswith(_TAG) else node.tag
        return Scalar(node.value, tag, node.style not in (None, ""), line)
    if isinstance(node, yaml.SequenceNode):
        out = YList(line)
        for i, item in enumerate(node.value):
            out.append(_build(item, offset, problems, f"{path}[{i}]"))
        return out
    out = YMap(line)
    for key_node, value_node in node.value:
        key_line = offset + key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(Problem(key_line, "字段名必须是简单的文字。", "把这一行改成 `字段名: 值` 的形式。", field=path))
            continue
        key = key_node.value
        name = f"{path}.{key}" if path else key
        if key in out:
            problems.append(Problem(key_line, f"字段 {name} 写了两次（第 {out.lines[key]} 行和第 {key_line} 行），只会有一个生效。",
                                    f"删除其中一个 {key}，保留正确的值。", field=name))
            continue
        out[key] = _build(value_node, offset, problems, name)
        out.lines[key] = key_line
    return out
