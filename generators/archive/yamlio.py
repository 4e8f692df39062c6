"""Read a record file's bytes into front matter nodes and body, refusing YAML's surprises.

Values are never converted here: every scalar stays as its source text with the tag YAML 1.1
would give it, so the schema's field types decide what it means (a job number stays a
string, `NO` stays `NO`) and can tell the author when another YAML reader would misread it.
"""
from __future__ import annotations

import re
from functools import lru_cache
import unicodedata
from dataclasses import dataclass, field

import yaml

from generators.archive.keynames import means_confidential
from generators.archive.widepunct import key_line, named, wide_indent

# libyaml when the wheel has it: composing is the slow part of reading 10,000 records.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
try:
    from yaml.cyaml import CParser as _CParser
except ImportError:  # PyYAML built without libyaml: every front matter is read event by event
    _CParser = None

_ScalarNode, _SequenceNode, _TAG_LEN = yaml.ScalarNode, yaml.SequenceNode, len("tag:yaml.org,2002:")
_CONFLICT = re.compile(r"^(<{7}|={7}|>{7})(?: |$)", re.M)
_TAG = "tag:yaml.org,2002:"
NOT_COMPOSED = object()  # compose(): the text is for the event reader, which says what is wrong and where
ASK = object()  # parse_front(): compose the text there


@dataclass(slots=True)
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
        self.end = line  # the line just after its last entry: where a missing last field goes
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
    extra_keys: list[str] = field(default_factory=list)  # keys of a second front matter block


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


_FENCE = re.compile(r"-{3,}[ \t]*")
_DOT_FENCE = re.compile(r"\.{3}[ \t]*")
_CLOSE = re.compile(r"^(?:-{3,}|\.{3})[ \t]*$", re.M)  # a line that is one of the two
_KEY_LINE = re.compile(r"[\"']?[^\s#:\-\"'][^:]*[\"']?:(?:[ \t]|$)")
MAX_FILE = 2 * 1024 * 1024  # bytes; records are text, attachments sit beside them
MAX_FRONT = 64 * 1024  # characters of front matter; real records use a few hundred


def read_document(data: bytes) -> Document:
    """Split a record file into front matter nodes and body, collecting every problem found."""
    cut = split_document(data)
    return cut.finish(parse_front(cut.fm, 1, cut.doc.problems) if cut.fm is not None else None)


@dataclass
class Cut:
    """A record file cut into its parts, its front matter not parsed yet: `fm` is the YAML text to
    parse (None when there is nothing to parse: the file's problems are all in `doc`)."""

    doc: Document
    fm: str | None = None
    lines: list[str] = field(default_factory=list)
    start: int = 0  # the line index just after the closing ---

    def finish(self, front: YMap | None) -> Document:
        """The document with its front matter (parsed from `fm`), and the body's own problems."""
        self.doc.front = front
        if self.fm is not None:
            _second_block(self.lines, self.start, self.doc)
        return self.doc


def split_document(data: bytes) -> Cut:
    """The checks before any YAML is parsed (size, encoding, conflict markers, fences, the front
    matter's length): the body, every problem found so far, and the front matter text to parse."""
    problems: list[Problem] = []
    if len(data) > MAX_FILE:
        problems.append(Problem(1, f"文件有 {len(data) // 1024} KB，超过记录文件的上限 {MAX_FILE // 1024 // 1024} MB，不是一份正常的记录。",
                                "记录只写字段和文字；大文件（视频、设计稿、表格）请作为附件放在记录旁边，在字段里写文件名。", fatal=True))
        return Cut(Document(None, "", 1, problems))
    text = decode(data, problems)
    if text is None:
        return Cut(Document(None, "", 1, problems))
    for m in _CONFLICT.finditer(text) if "<<<<<<<" in text else ():  # a substring test first: the regex tries every line
        if m.group(1).startswith("<"):
            line = text.count("\n", 0, m.start()) + 1
            problems.append(Problem(line, "文件里留有合并冲突标记（<<<<<<< ======= >>>>>>>），git 合并没有完成。",
                                    "打开文件，在两个版本之间选定正确内容，删除 <<<<<<<、=======、>>>>>>> 三行标记，保存后再 `git add`。", fatal=True))
    if any(p.fatal for p in problems):
        return Cut(Document(None, "", 1, problems))
    lines = text.split("\n")
    if not _FENCE.fullmatch(lines[0]):
        problems.append(Problem(1, "文件开头没有 front matter（以 --- 开始、以 --- 结束的 YAML 字段区）。",
                                "文件第一行写 ---，接着写字段（如 `type: job`），再用一行 --- 结束；可用 `python -m generators new` 生成样板。", fatal=True))
        return Cut(Document(None, text, 1, problems))
    # the first later line that is _FENCE or _DOT_FENCE whole, found by one search, not a match per line
    found = _CLOSE.search(text, len(lines[0]) + 1)
    close = text.count("\n", 0, found.start()) if found else None
    if close is None:
        problems.append(Problem(1, "front matter 没有结束的 --- 行。", "在字段区最后加一行 ---，正文写在它下面。", fatal=True))
        return Cut(Document(None, text, 1, problems))
    if lines[close].startswith("."):
        # YAML's document end marker: other front matter readers do not take it, so the whole
        # file would be read as front matter there. Read on as if it were ---, and say so here.
        problems.append(Problem(close + 1, f"front matter 用 ... 结束（第 {close + 1} 行）；档案和网站只认 --- 作为结束行。",
                                f"把第 {close + 1} 行的 ... 改成 ---。"))
    fm = "\n".join(lines[1:close])
    body = "\n".join(lines[close + 1:])
    body_line = close + 2
    if not fm.strip():
        problems.append(Problem(1, "front matter 是空的，一个字段也没有。", "在两行 --- 之间写上记录类型和字段，可用 `python -m generators new` 生成样板。", fatal=True))
        return Cut(Document(None, body, body_line, problems))
    if len(fm) > MAX_FRONT:
        problems.append(Problem(2, f"front matter 有 {len(fm)} 个字符，超过上限 {MAX_FRONT}，不是一份正常的记录。",
                                "字段区只写需要检查和列表的字段；长段文字写在正文里（结束的 --- 下面）。", fatal=True))
        return Cut(Document(None, body, body_line, problems))
    return Cut(Document(None, body, body_line, problems), fm, lines, close + 1)


def _second_block(lines: list[str], start: int, doc: Document) -> None:
    """A second `---` ... `---` block of `key: value` lines at the top of the body: fields that
    every reader takes for body text. Said as an error; its keys are kept in `doc.extra_keys`."""
    i = start
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i >= len(lines) or not _FENCE.fullmatch(lines[i]):
        return
    end = next((j for j in range(i + 1, len(lines)) if _FENCE.fullmatch(lines[j]) or _DOT_FENCE.fullmatch(lines[j])), None)
    inner = [ln for ln in lines[i + 1:end] if ln.strip() and not ln.lstrip().startswith("#")]
    if end is None or not inner or not _KEY_LINE.match(inner[0]):
        return  # a thematic break (---) in the body, not a block of fields
    keys = [m.group(1).strip().strip("\"'") for ln in lines[i + 1:end] if (m := re.match(r"([^\s#:\-][^:]*):(?:[ \t]|$)", ln))]
    doc.extra_keys = keys
    shown = "、".join(keys[:5]) + ("……" if len(keys) > 5 else "")
    doc.problems.append(Problem(
        i + 1, f"正文开头（第 {i + 1}-{end + 1} 行）又有一组 --- 包起来的字段（{shown}）；只有文件最前面的第一组 --- 才是 front matter，"
               "这一组会被当成正文显示，里面的字段不起作用" + ("；在改正之前，这份记录按保密处理。" if any(map(means_confidential, keys)) else "。"),
        f"把这些字段移到第一组 --- 之间（第 1 行的 --- 和第 {start} 行的 --- 之间），然后删掉第 {i + 1} 行和第 {end + 1} 行的 ---。",
        field=keys[0] if keys else ""))


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
_MAX_DEPTH = 64  # records nest three or four levels; far deeper input is not a record


def _flow_too_deep(text: str) -> int:
    """The line (from 0) where [ ] and { } first nest deeper than _MAX_DEPTH, or -1. An upper
    bound of the real depth: brackets inside quotes count too, which no record comes near."""
    depth = 0
    for m in re.finditer(r"[\[\]{}]", text):
        depth = depth + 1 if m.group() in "[{" else max(depth - 1, 0)
        if depth > _MAX_DEPTH:
            return text.count("\n", 0, m.start())
    return -1


class _TooDeep(Exception):
    def __init__(self, line: int):
        self.line = line


def parse_front(fm: str, offset: int, problems: list[Problem], composed=ASK) -> YMap | None:
    """Front matter YAML into Scalar/YList/YMap; `offset` is the line before the YAML starts.

    Built from the parser's event stream, not from `yaml.compose`: libyaml's composer recurses
    once per level and 100,000 levels of nesting overflow the C stack (a segfault, no
    exception). The event parser keeps its own stack, so nesting is counted as events arrive
    and reading stops at `_MAX_DEPTH`, before anything deep is built. `composed`: what `compose(fm)`
    returned, when the caller has composed it already (by default it is composed here)."""
    def too_deep(line: int) -> Problem:
        return Problem(line, f"front matter 从第 {line} 行起嵌套太深（超过 {_MAX_DEPTH} 层），不是一份正常的记录。",
                       "记录的字段最多嵌套三四层；用 `python -m generators new` 生成样板对照改写。", fatal=True)
    node = compose(fm) if composed is ASK else composed
    if node is not NOT_COMPOSED:
        return _from_nodes(node, offset, problems)
    flow = _flow_too_deep(fm)
    if flow >= 0:
        problems.append(too_deep(offset + flow + 1))
        return None
    builder = _Builder(offset, problems)
    try:
        for event in yaml.parse(fm, Loader=_Loader):
            builder.feed(event)
    except yaml.MarkedYAMLError as exc:
        problems.append(_syntax_problem(exc, offset, fm.split("\n")))
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
    except _TooDeep as exc:
        problems.append(too_deep(exc.line))
        return None
    except _Stop:
        return None
    if not isinstance(builder.root, YMap):
        problems.append(Problem(offset + 1, "front matter 应是“字段: 值”的列表。", "每行写一个字段，如 `type: job`。", fatal=True))
        return None
    return builder.root


# What only the event reader handles: tags (!), anchors and aliases (& *), directives and
# document markers (a second document). Any of them in the text, even inside a quoted value,
# sends the front matter the slow way; records almost never have them.
_NOT_COMPOSABLE = re.compile(r"[!&*]|^(?:---|\.\.\.|%)", re.M)  # what `_event_only` tests


def _event_only(fm: str) -> bool:
    """Whether `_NOT_COMPOSABLE` finds anything in the text, by substring tests (its `^` makes the
    regex try every position; these are searched at C speed)."""
    return ("!" in fm or "&" in fm or "*" in fm or fm.startswith(("---", "...", "%"))
            or "\n---" in fm or "\n..." in fm or "\n%" in fm)


# The part of a line where a block collection can start: the indentation and any `- `, `? `, `: `
# indicators after it (a key, or the first entry of a compact list, starts at its end).
_BLOCK_PREFIX = re.compile(r"^[ \t]*(?:[-?:](?:[ \t]+|$))*", re.M)


def _composable(fm: str) -> bool:
    """Whether libyaml's (recursive, C) composer may build this front matter's nodes: none of the
    constructs only the event reader handles, and nesting provably within _MAX_DEPTH before any
    parsing. Block collections nested in one another start at strictly increasing columns (a list
    that is a mapping's value may share its mapping's column, once), so their depth is at most twice
    the number of columns a collection can start at; flow collections add at most one level per
    opening bracket."""
    if _CParser is None or _event_only(fm):
        return False
    flow = fm.count("[") + fm.count("{")
    if flow > _MAX_DEPTH:
        return False
    widest = (_MAX_DEPTH - flow) // 2 - 1  # the widest start a collection may have: 2 * (widest + 1) + flow <= _MAX_DEPTH
    return widest >= 0 and _wider_than(widest).search(fm) is None


@lru_cache(maxsize=_MAX_DEPTH + 1)
def _wider_than(width: int) -> re.Pattern:
    """A line whose _BLOCK_PREFIX is longer than `width`: more than `width` characters from its start that
    are each a space, a tab, or an indicator followed by one of them (or the line's end)."""
    return re.compile(r"^(?:[ \t]|[-?:](?=[ \t]|$)){%d}" % (width + 1), re.M)


if _CParser is not None:
    class _NodeLoader(_CParser, yaml.resolver.Resolver):
        """libyaml's parser and composer with YAML 1.1's implicit types (what the event reader resolves)."""

        def __init__(self, stream):
            _CParser.__init__(self, stream)
            yaml.resolver.Resolver.__init__(self)

        # Records never use path resolvers (yaml.add_path_resolver), and a program that registered one
        # must not change how records read: none here, and the two calls libyaml's composer makes
        # around every node to track them are C no-ops, not two Python calls.
        yaml_path_resolvers: dict = {}
        descend_resolver = staticmethod(slice)
        ascend_resolver = staticmethod(tuple)

        def resolve(self, kind, value, implicit):
            # called from C for every node. Only a plain scalar's tag depends on its text (Resolver.resolve:
            # a quoted one is str); names, dates and states repeat across records (long texts do not,
            # and are not kept: the memo stays a few megabytes at most)
            if kind is not _ScalarNode or not implicit[0]:
                return yaml.resolver.Resolver.resolve(self, kind, value, implicit) if kind is not _ScalarNode else _STR
            tag = _TAGS.get(value)
            if tag is None:
                tag = yaml.resolver.Resolver.resolve(self, kind, value, implicit)
                if len(value) <= 64:
                    if len(_TAGS) > 100_000:
                        _TAGS.clear()
                    _TAGS[value] = tag
            return tag

    _TAGS: dict[str, str] = {}
    _STR = yaml.resolver.Resolver.DEFAULT_SCALAR_TAG


def compose(fm: str):
    """libyaml's composed root node of front matter text (None for a document of only comments),
    or NOT_COMPOSED when `_composable` refuses the text or libyaml finds it is not YAML."""
    if not _composable(fm):
        return NOT_COMPOSED
    loader = _NodeLoader(fm)
    try:
        return loader.get_single_node()
    except yaml.YAMLError:
        return NOT_COMPOSED
    finally:
        loader.dispose()


def _from_nodes(node, offset: int, problems: list[Problem]) -> YMap | None:
    """The front matter built from libyaml's composed nodes: the same Scalar/YList/YMap and the same
    problems, in the same order, as the event reader, at a fraction of its cost (only for text that
    `_composable` accepts)."""
    found: list[Problem] = []
    root = _Builder(offset, found).build(node, "") if node is not None else None
    problems.extend(found)
    if not isinstance(root, YMap):
        problems.append(Problem(offset + 1, "front matter 应是“字段: 值”的列表。", "每行写一个字段，如 `type: job`。", fatal=True))
        return None
    return root


def _syntax_problem(exc: yaml.MarkedYAMLError, offset: int, lines: list[str]) -> Problem:
    """A YAML syntax error in Chinese, at the line where the person should look."""
    problem = exc.problem or ""
    # an unclosed quote, a key without its colon: the trouble starts where the scan began
    scanning = exc.context in ("while scanning a quoted scalar", "while scanning a simple key") and exc.context_mark is not None
    mark = exc.context_mark if scanning else (exc.problem_mark or exc.context_mark)
    wide = _wide_line(lines, [m.line for m in (mark, exc.problem_mark, exc.context_mark) if m is not None])
    if wide is not None:
        at, what, fixed = wide
        line = offset + at + 1
        return Problem(line, f"第 {line} 行“{lines[at].strip()}”{what}；YAML 只认半角（英文输入法）的符号，这一行读不出来。",
                       f"关掉全角，把这一行改成：{fixed.strip()}" + ("（行首用半角空格缩进，与同级字段对齐）" if fixed[:1] == " " else ""),
                       field=re.match(r"[A-Za-z_][A-Za-z0-9_]*(?=:)", fixed)[0] if re.match(r"[A-Za-z_][A-Za-z0-9_]*:", fixed) else "",
                       fatal=True)
    line = offset + (mark.line + 1 if mark else 1)
    what, fix = next(((w, f) for key, w, f in _SYNTAX if key in problem),
                     ("YAML 格式不对。", "检查这一行的缩进、冒号后的空格和引号是否成对；含冒号或 # 的文字请加双引号。"))
    hint = f"（解析器提示：{problem}）" if problem else ""
    return Problem(line, f"YAML 语法错误（第 {line} 行附近）：{what}{hint}", fix, fatal=True)


def _wide_line(lines: list[str], near: list[int]) -> tuple[int, str, str] | None:
    """(line index, what is wrong, corrected line) for the first line at or just above the
    parser's marks that holds a key typed with full-width signs; None when none does."""
    for at in dict.fromkeys(i for n in near for i in (n, n - 1) if 0 <= i < len(lines)):
        text = lines[at]
        found = key_line(text)
        if found:
            return at, found[0], found[1]
        indent = wide_indent(text)
        if indent is not None:
            return at, "行首用了全角空格", indent
    return None


class _Stop(Exception):
    """A fatal problem was recorded: stop reading this front matter."""


_RESOLVER = yaml.resolver.Resolver()
_KEY_KIND = {"int": "数字", "float": "数字", "bool": "是/否（布尔值）", "null": "空值", "timestamp": "日期", "merge": "YAML 合并标记"}


class _Frame:
    """An open mapping or sequence: the node being filled, its field path, and (in a mapping)
    the key read and waiting for its value."""

    __slots__ = ("node", "path", "key", "key_ok")

    def __init__(self, node, path: str):
        self.node, self.path, self.key, self.key_ok = node, path, None, False


class _Builder:
    """Turns parser events into Scalar/YList/YMap, refusing what records never need:
    explicit tags, aliases of collections, keys that are not plain text, duplicate keys."""

    def __init__(self, offset: int, problems: list[Problem]):
        self.offset, self.problems = offset, problems
        self.stack: list[_Frame] = []
        self.anchors: dict[str, object] = {}
        self.root = None
        self.documents = 0

    def line(self, event) -> int:
        return self.offset + event.start_mark.line + 1

    def where(self) -> str:
        """The field path of the node about to be added."""
        if not self.stack:
            return ""
        top = self.stack[-1]
        if isinstance(top.node, YList):
            return f"{top.path}[{len(top.node)}]"
        if top.key is None:
            return top.path  # a key
        name = top.key.text if isinstance(top.key, Scalar) else "?"
        return f"{top.path}.{name}" if top.path else name

    def feed(self, event) -> None:
        if isinstance(event, yaml.ScalarEvent):
            self.tag_problem(event)
            if event.tag == _TAG + "str":
                node = Scalar(event.value, "str", True, self.line(event))
            else:
                plain = event.style in (None, "")
                tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, (plain, not plain))
                node = Scalar(event.value, tag[len(_TAG):] if tag.startswith(_TAG) else tag, not plain, self.line(event))
            if event.anchor:
                self.anchors[event.anchor] = node
            self.add(node)
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if len(self.stack) >= _MAX_DEPTH:
                raise _TooDeep(self.line(event))
            self.tag_problem(event)
            node = YMap(self.line(event)) if isinstance(event, yaml.MappingStartEvent) else YList(self.line(event))
            if event.anchor:
                self.anchors[event.anchor] = node
            self.stack.append(_Frame(node, self.where()))
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            node = self.stack.pop().node
            if isinstance(node, YMap):
                node.end = self.offset + event.end_mark.line + 1
            self.add(node)
        elif isinstance(event, yaml.AliasEvent):
            self.alias(event)
        elif isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self.problems.append(Problem(self.line(event), "front matter 里有第二个 YAML 文档（以 --- 或 %YAML 分开）。",
                                             "front matter 只写一组“字段: 值”，删掉中间的 --- 或 % 行。", fatal=True))
                raise _Stop

    def build(self, node, path: str):
        """A composed node as Scalar/YList/YMap, checking keys as `feed` does (no tags or aliases here)."""
        kind = type(node)
        if kind is _ScalarNode:
            tag = node.tag
            return Scalar(node.value, tag[_TAG_LEN:] if tag.startswith(_TAG) else tag, node.style not in (None, ""),
                          self.offset + node.start_mark.line + 1)
        line = self.offset + node.start_mark.line + 1
        if kind is _SequenceNode:
            out = YList(line)
            for i, item in enumerate(node.value):
                out.append(self.build(item, f"{path}[{i}]"))
            return out
        out = YMap(line)
        frame = _Frame(out, path)
        for k, v in node.value:
            key = self.build(k, path)
            ok = self.key_ok(key, path)
            name = key.text if isinstance(key, Scalar) else "?"
            value = self.build(v, f"{path}.{name}" if path else name)
            if ok:
                self.put(frame, key, value)
        out.end = self.offset + node.end_mark.line + 1
        return out

    def tag_problem(self, event) -> None:
        """Explicit tags (`!staff 林晓岚`, `!!python/object`) mean something only to one program."""
        tag = event.tag
        if tag is None or tag == _TAG + "str" or (tag == "!" and isinstance(event, yaml.ScalarEvent) and event.style not in (None, "")):
            return
        shown = "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag
        where = self.where()
        self.problems.append(Problem(
            self.line(event), f"字段 {where or '（顶层）'} 的值前面写了 YAML 标签 {shown}；档案记录不使用标签，别的工具会读错或拒绝读取。",
            f"删掉 {shown}，只写值本身" + (f"，例如 `{where.rsplit('.', 1)[-1]}: {event.value}`。" if isinstance(event, yaml.ScalarEvent) and where else "。"),
            field=where))

    def alias(self, event) -> None:
        where, line = self.where(), self.line(event)
        target = self.anchors.get(event.anchor)
        if target is None:
            self.problems.append(Problem(line, f"YAML 语法错误（第 {line} 行附近）：以 * 开头的值会被 YAML 当成引用。（解析器提示：found undefined alias '{event.anchor}'）",
                                         "给整个值加双引号，例如 \"*重点*\"。", field=where, fatal=True))
            raise _Stop
        if isinstance(target, Scalar):
            self.add(target)
            return
        at = self.stack[-1].node.line if self.stack and isinstance(self.stack[-1].node, YList) else line
        self.problems.append(Problem(at, f"字段 {where or '（顶层）'} 用了 YAML 锚点/别名（& 和 *）引用别处的内容；档案记录不支持这种写法。",
                                     "把引用的内容直接写出来，删除 & 和 * 标记。", field=where))
        self.add(YList(line) if isinstance(target, YList) else YMap(line))

    def add(self, node) -> None:
        if not self.stack:
            self.root = node
            return
        top = self.stack[-1]
        if isinstance(top.node, YList):
            top.node.append(node)
        elif top.key is None:
            top.key, top.key_ok = node, self.key_ok(node, top.path)
        else:
            key, ok = top.key, top.key_ok
            top.key = None
            if ok:
                self.put(top, key, node)

    def key_ok(self, key, path: str) -> bool:
        """Keys are text: not a list or mapping, not empty, not a number, date, `~` or yes/no."""
        at = f"{path}." if path else ""
        if not isinstance(key, Scalar):
            self.problems.append(Problem(key.line, "字段名必须是简单的文字。", "把这一行改成 `字段名: 值` 的形式。", field=path))
            return False
        if not key.text.strip():
            self.problems.append(Problem(key.line, f"第 {key.line} 行的字段名是空的（只写了冒号或 \"\"）。",
                                         "在冒号前写上字段名，如 `title: 冬季新品海报`；不需要的行请删除。", field=path))
            return False
        fixed = unicodedata.normalize("NFKC", key.text).strip()
        if fixed != key.text and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", fixed):
            # `　　due` (full-width spaces) or `ｄｕｅ`: read as the key it was meant to be, said once
            wide = named(key.text) or "全角字母"
            self.problems.append(Problem(key.line, f"第 {key.line} 行的字段名“{key.text}”里有{wide}，看起来一样，但程序不认。",
                                         f"关掉全角，用半角（英文输入法）重新输入字段名和缩进：{fixed}: …", field=at + fixed))
            key.text = fixed
        if not key.quoted and key.tag in _KEY_KIND:
            self.problems.append(Problem(key.line, f"字段名“{key.text}”会被 YAML 读成{_KEY_KIND[key.tag]}，而不是文字。",
                                         "字段名用英文小写字母和下划线，如 `due`、`third_party`；这一行如果是正文，请写在结束的 --- 下面。",
                                         field=at + key.text))
            return False
        return True

    def put(self, top: _Frame, key: Scalar, value) -> None:
        out: YMap = top.node
        name = f"{top.path}.{key.text}" if top.path else key.text
        if key.text in out:
            self.problems.append(Problem(key.line, f"字段 {name} 写了两次（第 {out.lines[key.text]} 行和第 {key.line} 行），只会有一个生效。",
                                         f"删除其中一个 {key.text}，保留正确的值。", field=name))
            return
        out[key.text] = value
        out.lines[key.text] = key.line
