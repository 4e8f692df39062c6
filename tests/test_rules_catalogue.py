"""Every workflow rule of the catalogue is registered at its catalogue level, with a complete
Chinese entry (the handbook's rule pages are generated from these entries)."""
from __future__ import annotations

import re

import pytest

from generators.rules.registry import REGISTRY

# id → level, from the rule catalogue (shared/spec/RULES.md)
CATALOGUE = {
    "JOB-BRIEF": "error", "JOB-SCHEDULE": "error", "JOB-ESTIMATE": "error", "JOB-ESTIMATE-WAIT": "warning",
    "JOB-OVERDUE": "warning", "JOB-CLOSE": "error", "MTG-24H": "error", "MTG-ACTIONS": "error", "MTG-ACK": "warning",
    "MTG-ACTION-OVERDUE": "warning", "WSR-WEEKLY": "warning", "WSR-SECTIONS": "error", "WSR-NOCOPY": "error",
    "BUD-MONTHLY": "warning", "BUD-RECONCILE": "error", "CLT-CONTRACT": "error", "CLT-VISITS": "warning",
    "CMP-QUARTERLY": "warning", "BRD-FILE": "warning", "ISS-FLOW": "error", "ISS-RESPONSE": "warning",
    # added with issue 11: what finance and the client would catch in the archive
    "RET-PARSE": "error", "JOB-SIGNER": "error", "JOB-WORKS": "warning", "RPT-FUTURE": "warning",
}
HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("rule_id, level", sorted(CATALOGUE.items()))
def test_registered_with_complete_entry(rule_id, level):
    r = REGISTRY[rule_id]
    assert r.level == level and r.stage == "archive" and r.check is not None
    for text in (r.title, r.asks, r.why, r.fix, r.threshold):
        assert text and HAN.search(text), (rule_id, text)
    assert r.applies_to and r.source


def test_thresholds_name_their_numbers():
    assert "24 小时" in REGISTRY["MTG-24H"].threshold
    assert "3 个工作日" in REGISTRY["MTG-ACK"].threshold
    assert "1 个工作日" in REGISTRY["ISS-RESPONSE"].threshold
    assert "0.85" in REGISTRY["WSR-NOCOPY"].threshold and "0.85" in REGISTRY["WSR-NOCOPY"].asks
    assert "7 天" in REGISTRY["JOB-ESTIMATE-WAIT"].threshold
    assert "8" in REGISTRY["WSR-WEEKLY"].threshold and "3" in REGISTRY["BUD-MONTHLY"].threshold
    assert "2" in REGISTRY["CMP-QUARTERLY"].threshold


def test_catalogue_order_names_every_registered_rule_once():
    """`ORDER` (rules/registry.py) sorts the rule pages: a rule missing from it would sort last unnoticed."""
    import generators.site.build  # noqa: F401  (every rule, the build-stage ones included, is registered)
    from generators.rules.registry import ORDER, REGISTRY
    assert len(ORDER) == len(set(ORDER)), "ORDER 里有重复的规则编号"
    assert set(ORDER) == set(REGISTRY), (f"ORDER 缺少 {sorted(set(REGISTRY) - set(ORDER))}，"
                                         f"多出 {sorted(set(ORDER) - set(REGISTRY))}")
