"""Chinese capital numerals for money (大写金额): figures → words, and checking written words.

Follows the People's Bank of China rules the handbook teaches (content/relations/contracts.md):
- "整" (or "正") after 元 when there are no 角/分; optional after 角; never after 分;
- one "零" for one or more zeros inside the number (1,050,000 → 壹佰零伍万元整);
- when the 万 digit or the 元 digit is 0 but the following 千 or 角 digit is not, the "零" may be
  written or left out (1,005,000 → 壹佰万零伍仟元整 or 壹佰万伍仟元整);
- a leading ten is "壹拾" (120,000 → 壹拾贰万元整, never 拾贰万);
- "人民币" may stand in front; "圆" is accepted for "元".
"""
from __future__ import annotations

import itertools
import re
from decimal import Decimal

DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UNITS = ["", "拾", "佰", "仟"]
_GROUPS = ["", "万", "亿", "万亿"]
_OPTIONAL = "\0"  # marks a 零 that may be written or left out


def _integer(n: int) -> str:
    """Integer part with optional zeros marked; '' for 0."""
    if n == 0:
        return ""
    digits = [int(c) for c in str(n)]
    out, pending, power = "", False, len(digits) - 1
    for i, d in enumerate(digits):
        pos = power - i
        if d == 0:
            pending = pending or bool(out)
        else:
            if pending:
                # the 零 before a 千 digit whose 万 (or 亿) digit is 0 is optional (PBOC rule)
                optional = pos % 4 == 3 and digits[i - 1] == 0 and (pos + 1) % 4 == 0
                out += _OPTIONAL if optional else "零"
                pending = False
            out += DIGITS[d] + _UNITS[pos % 4]
        if pos % 4 == 0 and pos > 0:
            group = digits[max(0, i - 3):i + 1]
            if any(group):
                out += _GROUPS[pos // 4]
    return out


def _words(amount: Decimal) -> str:
    """Words with optional zeros marked by _OPTIONAL (canonical form writes them as 零)."""
    cents = int((amount * 100).to_integral_value())
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    head = _integer(yuan)
    if yuan == 0 and (jiao or fen):
        tail = (DIGITS[jiao] + "角" if jiao else "") + (DIGITS[fen] + "分" if fen else "")
        return tail
    text = (head or "零") + "元"
    if jiao == 0 and fen == 0:
        return text + "整"
    if jiao:
        text += (_OPTIONAL if yuan % 10 == 0 and yuan else "") + DIGITS[jiao] + "角"
    else:
        text += "零"
    if fen:
        text += DIGITS[fen] + "分"
    return text


def to_words(amount: Decimal | int | str) -> str:
    """The canonical 大写 of a yuan amount: 1005000 → 壹佰万零伍仟元整, 120000.50 → 壹拾贰万元伍角.

    Where the rules leave a 零 optional, the canonical form writes it at the 万 digit and leaves
    it out at the 元 digit (the handbook's examples: 捌万陆仟伍佰元伍角).
    """
    text = _words(Decimal(str(amount)))
    head, sep, tail = text.partition("元")
    return head.replace(_OPTIONAL, "零") + sep + tail.replace(_OPTIONAL, "")


def accepted(amount: Decimal | int | str) -> set[str]:
    """Every written form accepted for the amount (after `normalize`)."""
    text = _words(Decimal(str(amount)))
    parts = text.split(_OPTIONAL)
    forms = set()
    for choice in itertools.product(("零", ""), repeat=len(parts) - 1):
        forms.add("".join(p + c for p, c in zip(parts, choice + ("",))))
    forms |= {f + "整" for f in forms if f.endswith("角")}
    return forms


def normalize(words: str) -> str:
    """Drop spaces and a leading 人民币/RMB/¥ and colon; read 圆 as 元 and 正 as 整."""
    text = re.sub(r"\s+", "", words or "")
    text = re.sub(r"^(人民币|RMB|CNY|¥|￥)[:：]?", "", text)
    return text.replace("圆", "元").replace("正", "整")


def matches(amount: Decimal | int | str, words: str) -> bool:
    """Whether `words` is an accepted 大写 of `amount`."""
    return normalize(words) in accepted(amount)


_VALUE = {"拾": 10, "佰": 100, "仟": 1000}


def parse(words: str) -> Decimal | None:
    """Best-effort value of written 大写 (for messages); None when it cannot be read."""
    text = normalize(words).rstrip("整")
    if not text or any(c not in DIGITS + "拾佰仟万亿元角分" for c in text):
        return None
    whole, _, frac = text.partition("元") if "元" in text else ("", "", text)
    total = section = 0
    digit = None
    for c in whole:
        if c in DIGITS:
            digit = DIGITS.index(c)
        elif c in _VALUE:
            section += (1 if digit is None else digit) * _VALUE[c]
            digit = None
        elif c == "万":
            total += (section + (digit or 0)) * 10_000
            section, digit = 0, None
        elif c == "亿":
            total = (total + section + (digit or 0)) * 100_000_000
            section, digit = 0, None
    total += section + (digit or 0)
    cents = 0
    m = re.fullmatch(r"零?(?:([壹贰叁肆伍陆柒捌玖])角)?零?(?:([壹贰叁肆伍陆柒捌玖])分)?", frac)
    if not m:
        return None
    if m.group(1):
        cents += DIGITS.index(m.group(1)) * 10
    if m.group(2):
        cents += DIGITS.index(m.group(2))
    return Decimal(total) + Decimal(cents) / 100
