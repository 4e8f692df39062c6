"""The one registry of rules. Checks register with `@rule(...)`; the handbook's rule pages
are generated from the same entries, so documentation and checks cannot drift."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Iterable

from generators.archive.config import Settings
from generators.archive.findings import Finding

# Catalogue order (../shared/spec/RULES.md); the rule pages list rules in this order.
ORDER = """CFG-SETTINGS REQ-FIELDS REQ-YAML REQ-KEY-TYPO REQ-KEY-EXTRA REQ-FILE REQ-BODY RET-PATH RET-ADDRESS RET-UNIQUE RET-REF RET-ATTACH SEC-ATTACH RET-INDEX RET-FIND RET-PARSE
BRF-WORK BRF-MEDIA-TIME JOB-BRIEF JOB-SCHEDULE JOB-ESTIMATE JOB-SIGNER JOB-ESTIMATE-WAIT JOB-OVERDUE JOB-CLOSE JOB-WORKS
MTG-AGENDA MTG-24H MTG-ACTIONS MTG-ACK MTG-ACTION-OVERDUE MEM-REPLY MEM-FAX-ART RPT-FUTURE WSR-WEEKLY WSR-SECTIONS WSR-NOCOPY WSR-JOBS
BUD-MONTHLY BUD-RECONCILE BUD-BODY FBK-PARTS
CLT-CONTRACT CLT-VISITS CMP-QUARTERLY CMP-REVIEW BRD-FILE ISS-FLOW ISS-RESPONSE SEC-CONFIDENTIAL SEC-HTML SEC-HANDBOOK""".split()

STAGES = {"read": "读取文件时", "archive": "运行 check 时", "build": "构建网站时"}


@dataclass(frozen=True)
class Rule:
    """A catalogue entry: what it asks, why, how to fix a breach, and the check that enforces it."""

    id: str
    level: str  # "error" blocks a commit and fails CI; "warning" shows on dashboards
    title: str
    asks: str
    why: str
    fix: str
    applies_to: tuple[str, ...]
    source: str
    stage: str = "archive"
    threshold: str = ""
    check: Callable[..., Iterable] | None = None
    # `fn(ctx) -> Iterable[common.Deadline]`: the open deadlines this rule sets, computed by the
    # same code as its check; the to-do lists, dashboards and calendar feeds read only these.
    deadlines: Callable[..., Iterable] | None = None
    confidential: bool = False  # its messages speak of confidential data (a contract): withheld from public views

    @property
    def page(self) -> str:
        """The handbook page of this rule, relative to the docs folder."""
        return f"rules/{self.id.lower()}.md"


REGISTRY: dict[str, Rule] = {}


def rule(id: str, level: str, title: str, asks: str, why: str, fix: str, applies_to: Iterable[str],
         source: str, stage: str = "archive", threshold: str = "", confidential: bool = False):
    """Register a check function `fn(ctx) -> Iterable[Finding]` under a catalogue id."""
    def register(fn):
        if id in REGISTRY:
            raise ValueError(f"rule {id} registered twice")
        REGISTRY[id] = Rule(id, level, title, asks, why, fix, tuple(applies_to), source, stage, threshold, fn,
                            confidential=confidential)
        return fn
    return register


def declare(id: str, **kw) -> None:
    """Register a rule enforced outside `check` (while reading a file, or while building the site)."""
    rule(id, **kw)(None)


def check_of(id: str):
    """Register `fn(built) -> Iterable[Finding]` as the check of a rule declared in rules/catalogue.py
    (build-stage rules: their checks read the finished site, so they live in generators/site/)."""
    def register(fn):
        if id not in REGISTRY or REGISTRY[id].check is not None:
            raise ValueError(f"check of rule {id}: rule not declared, or its check registered twice")
        REGISTRY[id] = replace(REGISTRY[id], check=fn)
        return fn
    return register


def deadlines_of(id: str):
    """Register `fn(ctx) -> Iterable[Deadline]` as the open deadlines of an already registered rule."""
    def register(fn):
        if id not in REGISTRY or REGISTRY[id].deadlines is not None:
            raise ValueError(f"deadlines of rule {id}: rule not registered, or deadlines registered twice")
        REGISTRY[id] = replace(REGISTRY[id], deadlines=fn)
        return fn
    return register


def ordered() -> list[Rule]:
    """All rules in catalogue order."""
    rank = {rid: i for i, rid in enumerate(ORDER)}
    return sorted(REGISTRY.values(), key=lambda r: rank.get(r.id, len(rank)))


def finding(settings: Settings, rule: str, path: str, line: int, field_: str, message: str,
            fix: str = "", evidence: str = "") -> Finding:
    """A finding of any registered rule, with its level, default fix and handbook link filled in."""
    r = REGISTRY[rule]
    return Finding(path=path, line=line, field=field_, rule=rule, level=r.level, message=message,
                   fix=fix or r.fix, link=settings.rule_url(rule), evidence=evidence)
