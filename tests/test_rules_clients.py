"""CLT-CONTRACT (with the figures → 大写 converter), CLT-VISITS and BRD-FILE."""
from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import BRAND, BRAND_MD
from rules_helpers import activate, findings, meeting

from generators.archive import daxie

AS_OF = "2026-11-20"


@pytest.mark.parametrize("amount, words", [
    ("1005000", "壹佰万零伍仟元整"),
    ("120000.50", "壹拾贰万元伍角"),
    ("3.07", "叁元零柒分"),
    ("1050000", "壹佰零伍万元整"),
    ("86500.50", "捌万陆仟伍佰元伍角"),
    ("230000.08", "贰拾叁万元零捌分"),
    ("3860000", "叁佰捌拾陆万元整"),
    ("10", "壹拾元整"),
    ("0.50", "伍角"),
    ("100010000", "壹亿零壹万元整"),
    ("1409", "壹仟肆佰零玖元整"),
])
def test_to_words(amount, words):
    assert daxie.to_words(Decimal(amount)) == words


@pytest.mark.parametrize("amount, words", [
    ("1005000", "人民币壹佰万零伍仟元整"),   # 人民币 prefix
    ("1005000", "壹佰万伍仟元整"),           # the optional 零 after 万 left out
    ("3860000", "人民币叁佰捌拾陆万圆正"),   # 圆 and 正
    ("120000.50", "壹拾贰万元伍角整"),       # 整 after 角 is allowed
    ("1680.32", "壹仟陆佰捌拾元零叁角贰分"),  # the optional 零 after 元 written
    ("1680.32", "人民币 壹仟陆佰捌拾元叁角贰分"),
])
def test_accepted_variants(amount, words):
    assert daxie.matches(Decimal(amount), words)


@pytest.mark.parametrize("amount, words", [
    ("120000", "拾贰万元整"),          # 壹拾 required
    ("3860000", "叁佰捌拾陆万元"),     # 整 missing
    ("1409", "壹仟肆佰玖元整"),        # the 零 inside the number is required
    ("3.07", "叁元零柒分整"),          # no 整 after 分
    ("123000", "壹拾贰万叁仟伍佰元整"),  # wrong amount
])
def test_rejected(amount, words):
    assert not daxie.matches(Decimal(amount), words)


def _contract(project, **changes):
    activate(project, klass="C")
    text = (project.root / "clients/huaxin-foods/client.md").read_text(encoding="utf-8")
    for old, new in changes.items():
        assert old in text, old
        text = text.replace(old, new)
    project.write("clients/huaxin-foods/client.md", text)


def test_contract_valid_passes(project):
    _contract(project)
    assert findings(project, AS_OF, "CLT-CONTRACT") == []


def test_contract_words_do_not_match(project):
    _contract(project, **{"amount: 3860000": "amount: 1005000", "叁佰捌拾陆万元整": "人民币壹佰万零伍仟伍佰元整"})
    found = findings(project, AS_OF, "CLT-CONTRACT")
    assert len(found) == 1 and found[0].level == "error" and found[0].field == "contract.amount_in_words"
    assert "1,005,500.00 元" in found[0].message and "“人民币壹佰万零伍仟元整”" in found[0].fix


def test_contract_words_with_renminbi_as_the_handbook_writes_them_pass(project):
    """relations/contracts.md: 大写金额前写“人民币”; the sample contracts do, and the check accepts it."""
    _contract(project, **{"叁佰捌拾陆万元整": "人民币叁佰捌拾陆万元整"})
    assert findings(project, AS_OF, "CLT-CONTRACT") == []
    _contract(project, **{"叁佰捌拾陆万元整": "人民币：叁佰捌拾陆万元"})
    (f,) = findings(project, AS_OF, "CLT-CONTRACT")
    assert "“整”" in f.message and "人民币叁佰捌拾陆万元整" in f.fix


def test_contract_zheng_missing_named(project):
    _contract(project, **{"叁佰捌拾陆万元整": "叁佰捌拾陆万元"})
    found = findings(project, AS_OF, "CLT-CONTRACT")
    assert len(found) == 1 and "“整”" in found[0].message


def test_contract_fen_and_zero(project):
    _contract(project, **{"amount: 3860000": "amount: 3.07", "叁佰捌拾陆万元整": "叁元零柒分"})
    assert findings(project, AS_OF, "CLT-CONTRACT") == []


def test_contract_parties_and_dates(project):
    _contract(project, **{"party_a: 华信食品股份有限公司": "party_a: 华信食品", "party_b: 星河广告有限公司": "party_b: 星河广告",
                          "end: 2026-12-31": "end: 2025-12-31"})
    fields = sorted(f.field for f in findings(project, AS_OF, "CLT-CONTRACT"))
    assert fields == ["contract.end", "contract.party_a", "contract.party_b"]


def test_active_client_without_contract(project):
    activate(project, contract=False)
    found = findings(project, AS_OF, "CLT-CONTRACT")
    assert len(found) == 1 and "没有登记合同" in found[0].message


def test_visits_class_a_needs_two_a_week(project):
    activate(project, klass="A", since="2026-11-02")  # weeks W45, W46 are in the lookback
    for day in ("2026-11-03", "2026-11-05", "2026-11-10"):
        meeting(project, f"{day} 10:00", slug="visit", kind="visit", sent_at=f"{day} 18:00")
    meeting(project, "2026-11-12 10:00", slug="call", kind="phone", sent_at="2026-11-12 18:00")
    found = findings(project, AS_OF, "CLT-VISITS")
    assert len(found) == 1 and "2026-W46" in found[0].message and "只有 1 次" in found[0].message
    assert found[0].level == "warning"


def test_visits_other_classes_need_one(project):
    activate(project, klass="B", since="2026-11-02")
    for day in ("2026-11-03", "2026-11-10"):
        meeting(project, f"{day} 10:00", slug="visit", kind="visit", sent_at=f"{day} 18:00")
    assert findings(project, AS_OF, "CLT-VISITS") == []


def test_brand_file_sections(project):
    assert findings(project, AS_OF, "BRD-FILE") == []
    text = BRAND_MD.replace("## 竞争\n\n晨露优酪价格更低。", "## 竞争\n\n<!-- 主要竞品的投放、创意策略与动向。 -->").replace("## 产品\n\n原味、低糖两种口味。\n", "")
    project.write(BRAND, text)
    found = findings(project, AS_OF, "BRD-FILE")
    assert sorted(f.message for f in found) == sorted(["品牌档案缺少“产品”这一节。", "品牌档案的“竞争”一节是空的（只有提示或占位字样）。"])
    assert all(f.level == "warning" for f in found)
