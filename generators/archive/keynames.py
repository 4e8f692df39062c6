"""Near misses of known field names: `confidental`, `Confidential`, `third-party`, `保密`.

A misspelt key is not a harmless extra field: the field it was meant to be is then missing,
and for `confidential` that means a record published that its author meant to keep in."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Words people write for "confidential" that no spelling distance finds.
_CONFIDENTIAL = {"保密", "机密", "秘密", "绝密", "内部", "secret", "private", "confidentiality", "isconfidential", "conf"}


def fold(name: str) -> str:
    """The name without case, width, separators or spaces: `Third-Party` and `third_party` meet."""
    return re.sub(r"[\s_\-.]+", "", unicodedata.normalize("NFKC", name).casefold())


def distance(a: str, b: str, limit: int) -> int:
    """Edit distance counting a swap of two neighbours as one edit; `limit + 1` once it exceeds limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2, prev = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if prev2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def _limit(known: str) -> int:
    """How many edits still count as a slip: none for short names (`ad`/`am`/`ae` differ by one)."""
    return 0 if len(known) <= 3 else 1 if len(known) <= 7 else 2


@lru_cache(maxsize=8192)  # asked of every key of every record; keys repeat
def means_confidential(name: str) -> bool:
    """Whether a key is, or was probably meant to be, `confidential`."""
    f = fold(name)
    return f in _CONFIDENTIAL or f.startswith("confid") or distance(f, "confidential", 2) <= 2


def suggest(name: str, known) -> str | None:
    """The known key that `name` was probably meant to be, or None."""
    f = fold(name)
    best, best_d = None, None
    for k in known:
        fk = fold(k)
        if fk == f:
            return k
        d = distance(f, fk, _limit(k))
        if d <= _limit(k) and (best_d is None or d < best_d):
            best, best_d = k, d
    return best
