"""Full-width punctuation that Chinese input methods type where YAML needs the ASCII sign:
naming it for the author and spelling the line as it should be."""
from __future__ import annotations

import re

# sign → (what people call it, the half-width sign YAML wants)
WIDE = {
    "：": ("中文冒号", ":"), "，": ("中文逗号", ","), "、": ("顿号", ","),
    "“": ("中文引号", '"'), "”": ("中文引号", '"'), "‘": ("中文单引号", "'"), "’": ("中文单引号", "'"),
    "（": ("中文括号", "("), "）": ("中文括号", ")"), "\u3000": ("全角空格", " "),
    "－": ("全角减号", "-"), "＃": ("全角井号", "#"),
}
# a key typed with a Chinese colon, or with no space after the colon: `location：会议室`, `- what:出方案`
_KEY = re.compile(r"(?P<lead>[ \t\u3000]*(?:[-－][ \t\u3000]+)?)(?P<key>[A-Za-z_][A-Za-z0-9_]*)[ \t\u3000]*(?P<colon>：|:(?=[^\s]))[ \t\u3000]*(?P<value>.*)")


def named(text: str) -> str:
    """The full-width signs in `text`, each kind named once: `中文冒号“：”、中文引号 “ ”、全角空格`; "" when none."""
    kinds: dict[str, list[str]] = {}
    for ch in dict.fromkeys(c for c in text if c in WIDE):
        kinds.setdefault(WIDE[ch][0], []).append(ch)
    out = []
    for name, chars in kinds.items():
        if chars == ["\u3000"]:
            out.append(name)
        elif any(c in "“”‘’" for c in chars):  # quotes inside quotes would read as one blur
            out.append(f"{name} {' '.join(chars)}")
        else:
            out.append(f"{name}“{''.join(chars)}”")
    return "、".join(out)


def quoted(text: str) -> str:
    """`text` in Chinese quotes, or in 「」 when it holds Chinese quotes itself."""
    return f"「{text}」" if any(c in "“”" for c in text) else f"“{text}”"


def key_line(line: str) -> tuple[str, str] | None:
    """For a line meant as `key: value` but typed with a Chinese colon (or no space after the
    colon), and full-width spaces in its indent: (what is wrong, the corrected line); else None."""
    m = _KEY.fullmatch(line.rstrip())
    if not m:
        return None
    lead = m.group("lead").replace("\u3000", "  ").replace("－", "-")
    value = m.group("value")
    fixed = f"{lead}{m.group('key')}:" + (f" {value}" if value else "")
    wrong = []
    if m.group("colon") == "：":
        wrong.append("用了中文冒号“：”")
    else:
        wrong.append("冒号后面没有空格")
    if "\u3000" in m.group("lead"):
        wrong.append("行首用了全角空格")
    return "，".join(wrong), fixed


def wide_indent(line: str) -> str | None:
    """The line with full-width spaces in its indent made two ASCII spaces each; None when it has none."""
    m = re.match(r"[ \t\u3000]*", line)
    if "\u3000" not in m.group():
        return None
    return m.group().replace("\u3000", "  ") + line[m.end():]
