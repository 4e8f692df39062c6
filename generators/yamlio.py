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
    opening = handler.FM_BOUNDARY.match(text)
    if opening is None or not text.startswith("---"):
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
    # fm starts where the opening --- boundary ends (which may swallow blank lines after it)
    front = parse_front(fm, text.count("\n", 0, opening.end()), problems)
    return Document(front, body, body_line, problems)


# What the YAML parser's (English) complaints mean for the person editing the file.
_SYNTAX = [
    ("tab character", "这一行用了 Tab 键缩进，YAML 只接受空格。", "把行首的 Tab 换成空格，让同级字段左边对齐。"),
    ("unexpected end of stream", "从这一行开始的引号一直没有结束（引号要成对）。", "在值的末尾补上对应的引号（\" 或 '）。"),
    ("mapping values are not allowed", "这一行多了一个冒号，或缩进与上下行不一致。",
     "值里含有“: ”时，给整个值加双引号；字段名前的空格要与同级的其他字段对齐。"),
    ("cannot start any token", "这一行有 YAML 不接受的字符：Tab 缩进，或以 @ ` % 等符号开头的值。",
     "缩进只用空格，不用 Tab；以特殊符号开头的文字请加双引号。"),
    ("undefined alias", "以 * 开头的值会被 YAML 当成引用。", "给整个值加双引号，例如 \"*重点*\"。"),
    ("unknown escape character", "双引号里的反斜杠 \\ 用法不对。", "把反斜杠写成两个（\\\\），或改用单引号把值括起来。"),
    ("expected ',' or ']'", "方括号 [ ] 没有成对。", "补上 ]，或改成每项一行、以“- ”开头的列表。"),
    ("expected ',' or '}'", "花括号 { } 没有成对。", "补上 }，或改成每行一个“字段: 值”。"),
    ("expected '-' indicator", "列表项（以“- ”开头的行）的缩进没有对齐。", "让同一个列表的每个“- ”前面的空格数相同。"),
    ("could not find expected ':'", "这一行缺少“: ”（冒号加空格）。", "写成“字段: 值”；如果它是上一行文字的延续，请把整段文字放进引号里。"),
    ("did not find expected key", "这一行的缩进与上下行对不齐，或前面某一行的引号没有成对。",
     "同级字段左边对齐、只用空格缩进；检查这一行和它上面几行的引号是否成对。"),
]
_MAX_DEPTH = 64  # records nest three or four levels; far deeper input is not a record (and crashes libyaml)


def _flow_depth(text: str) -> int:
    """How deeply [ ] and { } nest in the text (an upper bound: quoted brackets count too)."""
    depth = deepest = 0
    for ch in re.sub(r"[^\[\]{}]", "", text):
        depth = depth + 1 if ch in "[{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    return deepest


def parse_front(fm: str, offset: int, problems: list[Problem]) -> YMap | None:
    """Compose front matter YAML into nodes; `offset` is the line before the YAML starts."""
    too_deep = Problem(offset + 1, f"front matter 嵌套太深（超过 {_MAX_DEPTH} 层），不是一份正常的记录。",
                       "记录的字段最多嵌套三四层；用 `python -m generators new` 生成样板对照改写。", fatal=True)
    if _flow_depth(fm) > _MAX_DEPTH:
        problems.append(too_deep)
        return None
    try:
        node = yaml.compose(fm, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        problems.append(_syntax_problem(exc, offset))
        return None
    except yaml.reader.ReaderError as exc:
        # libyaml counts the position in UTF-8 bytes, the pure-Python reader in characters
        src = fm if _Loader is yaml.SafeLoader else fm.encode("utf-8")
        line = offset + src.count("\n" if isinstance(src, str) else b"\n", 0, exc.position or 0) + 1
        problems.append(Problem(line, f"第 {line} 行有看不见的控制字符（#x{exc.character:04x}），YAML 不接受。",
                                "删掉这个字符后重新输入这段文字（常见于从网页、Word 或聊天软件复制的内容）。", fatal=True))
        return None
    except yaml.YAMLError as exc:
        problems.append(Problem(offset + 1, f"front matter 无法读取（解析器提示：{exc}）。",
                                "检查 front matter 的写法，可用 `python -m generators new` 生成样板对照。", fatal=True))
        return None
    except RecursionError:
        problems.append(too_deep)
        return None
    if not isinstance(node, yaml.MappingNode):
        problems.append(Problem(offset + 1, "front matter 应是“字段: 值”的列表。", "每行写一个字段，如 `type: job`。", fatal=True))
        return None
    try:
        return _build(node, offset, problems, "", set(), 0)
    except _TooDeep:
        problems.append(too_deep)
        return None


def _syntax_problem(exc: yaml.MarkedYAMLError, offset: int) -> Problem:
    """A YAML syntax error in Chinese, at the line where the person should look."""
    problem = exc.problem or ""
    # an unclosed quote, a key without its colon: the trouble starts where the scan began
    scanning = exc.context in ("while scanning a quoted scalar", "while scanning a simple key") and exc.context_mark is not None
    mark = exc.context_mark if scanning else (exc.problem_mark or exc.context_mark)
    line = offset + (mark.line + 1 if mark else 1)
    what, fix = next(((w, f) for key, w, f in _SYNTAX if key in problem),
                     ("YAML 格式不对。", "检查这一行的缩进、冒号后的空格和引号是否成对；含冒号或 # 的文字请加双引号。"))
    hint = f"（解析器提示：{problem}）" if problem else ""
    return Problem(line, f"YAML 语法错误（第 {line} 行附近）：{what}{hint}", fix, fatal=True)


class _TooDeep(Exception):
    pass


def _build(node, offset: int, problems: list[Problem], path: str, seen: set[int], depth: int, at: int = 0):
    """Nodes to Scalar/YList/YMap. `seen` holds the collections already built: meeting one again
    means an alias (`*name`), which records do not need and which can nest without end."""
    line = offset + node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode):
        tag = node.tag[len(_TAG):] if node.tag.startswith(_TAG) else node.tag
        return Scalar(node.value, tag, node.style not in (None, ""), line)
    if depth > _MAX_DEPTH:
        raise _TooDeep
    if id(node) in seen:
        problems.append(Problem(at or line, f"字段 {path or '（顶层）'} 用了 YAML 锚点/别名（& 和 *）引用别处的内容；档案记录不支持这种写法。",
                                "把引用的内容直接写出来，删除 & 和 * 标记。", field=path))
        return YList(line) if isinstance(node, yaml.SequenceNode) else YMap(line)
    seen.add(id(node))
    if isinstance(node, yaml.SequenceNode):
        out = YList(line)
        for i, item in enumerate(node.value):
            out.append(_build(item, offset, problems, f"{path}[{i}]", seen, depth + 1, line))
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
        out[key] = _build(value_node, offset, problems, name, seen, depth + 1, key_line)
        out.lines[key] = key_line
    return out
