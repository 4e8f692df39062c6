"""Findings: what the checks report, and how they are printed for people and machines."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date


@dataclass(frozen=True)
class Finding:
    """One problem: where (path, line, field), which rule, how bad, what is wrong, how to fix it."""

    path: str
    line: int
    field: str
    rule: str
    level: str  # "error" | "warning"
    message: str
    fix: str = ""
    link: str = ""
    evidence: str = ""  # which fact a time rule relied on (a field, or git history)
    # Time rules only: the day the finding is about (the compliance page counts it in that ISO
    # week: a missing week, an overdue step, a late meeting), and the deadline the rule computed.
    day: date | None = None
    due: date | None = None

    def sort_key(self):
        return (self.path, self.line, self.rule, self.field)


def format_text(findings: list[Finding], label=None) -> str:
    """`path:line: RULE field（中文名）: message`, then the fix and the rule's handbook page, indented.
    `label(finding)` gives the Chinese name of its field ("" when none); it is shown unless the
    message already names the field with it. A finding about the whole file has no field part."""
    out = []
    for f in sorted(findings, key=Finding.sort_key):
        level = "错误" if f.level == "error" else "警告"
        name = label(f) if label and f.field else ""
        shown = f" {f.field}（{name}）" if name and f"{f.field}（{name}）" not in f.message else f" {f.field}" if f.field else ""
        out.append(f"{f.path}:{f.line}: {f.rule}{shown}: [{level}] {f.message}")
        if f.fix:
            fix = f.fix.replace("\n", "\n      ")
            out.append(f"    修改方法：{fix}")
        if f.evidence:
            out.append(f"    依据：{f.evidence}")
        if f.link:
            out.append(f"    规则说明：{f.link}")
    errors = sum(f.level == "error" for f in findings)
    warnings = len(findings) - errors
    if findings:
        out.append("")
    out.append(f"共 {errors} 个错误，{warnings} 个警告。" + ("有错误时不能提交，请按上面的修改方法改正后重新运行。" if errors else ""))
    return "\n".join(out)


def as_dict(f: Finding) -> dict:
    """A finding as plain JSON data; `day` and `due` (ISO dates) only when a time rule set them."""
    out = asdict(f)
    for key in ("day", "due"):
        out[key] = out[key].isoformat() if out[key] is not None else None
        if out[key] is None:
            del out[key]
    return out


def format_json(findings: list[Finding]) -> str:
    """A JSON list of objects with path, line, field, rule, level, message (plus fix, link, evidence,
    and for time rules day and due)."""
    return json.dumps([as_dict(f) for f in sorted(findings, key=Finding.sort_key)], ensure_ascii=False, indent=2)
