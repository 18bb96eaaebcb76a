"""Funding: every example of ``corpus_funding.json`` (wording not from the seeds)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policyparse.extract.quantities import extract_quantities
from policyparse.model import Document, SourceInfo

CORPUS = json.loads((Path(__file__).with_name("corpus_funding.json")).read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CORPUS, ids=[c["text"][:24] for c in CORPUS])
def test_corpus(case: dict) -> None:
    _, funding, _ = extract_quantities(Document(source=SourceInfo(), text=case["text"]))
    assert [(f.value, f.unit) for f in funding] == [(pytest.approx(e["value"]), e["unit"]) for e in case["funding"]]
    for got, want in zip(funding, case["funding"]):
        assert got.comparator == want.get("comparator", "=")
        assert got.per_year is want.get("per_year", False)
        for name in ("purpose", "recipient"):
            if name in want:
                assert getattr(got, name) == want[name], (name, got)
        assert case["text"][got.span[0]:got.span[1]] == got.text


def test_list_amounts_take_recipients_in_order() -> None:
    text = "对新认定的国家级、省级技术创新中心，分别给予100万元、30万元资助。"
    _, funding, _ = extract_quantities(Document(source=SourceInfo(), text=text))
    assert [(f.value, f.purpose, f.id) for f in funding] == [(1_000_000, "资助", "f1"), (300_000, "资助", "f2")]


def test_respective_amounts_get_respective_recipients() -> None:
    text = "对新获批的国家级重点实验室、省级重点实验室，分别给予300万元、50万元资助。"
    _, funding, _ = extract_quantities(Document(source=SourceInfo(), text=text))
    assert [(f.value, f.recipient) for f in funding] == [(3_000_000, "新获批的国家级重点实验室"), (500_000, "省级重点实验室")]


def test_a_share_of_cost_given_as_support_is_funding() -> None:
    _, funding, _ = extract_quantities(Document(source=SourceInfo(), text="对新建的中试平台，按照平台设备投入的30%给予资金支持。"))
    assert [(f.value, f.unit, f.comparator) for f in funding] == [(30, "%", "=")]


def test_plain_support_after_a_percentage_needs_a_grant_verb() -> None:
    targets, funding, _ = extract_quantities(Document(source=SourceInfo(), text="到2026年，本地配套率达到60%支持整机企业发展。"))
    assert funding == []


def test_one_off_purpose_is_the_purpose_word() -> None:
    _, funding, _ = extract_quantities(Document(source=SourceInfo(), text="对首次获评的市级绿色工厂，给予一次性奖励30万元。"))
    assert [(f.value, f.purpose, f.recipient) for f in funding] == [(300000, "奖励", "首次获评的市级绿色工厂")]


def test_recipient_stops_at_the_grant_verb() -> None:
    text = "对企业技术改造投入给予不超过设备投资12%的补助，每年最高800万元。"
    _, funding, _ = extract_quantities(Document(source=SourceInfo(), text=text))
    assert funding[-1].value == 8000000
    assert funding[-1].recipient == "企业技术改造投入"


def test_a_ratio_between_the_grant_verb_and_a_later_purpose_is_funding() -> None:
    text = "对新建的公共实训基地，给予不超过设备投资额25%、最高400万元的补助。"
    _, funding, _ = extract_quantities(Document(source=SourceInfo(), text=text))
    assert [(f.value, f.unit, f.comparator, f.purpose) for f in funding] == [
        (25, "%", "<=", "补助"), (4000000, "元", "<=", "补助"),
    ]


def test_a_ratio_without_a_grant_verb_before_it_is_no_funding() -> None:
    text = "到2026年，研发投入占比达到30%、企业获得补助的比例逐步提高。"
    _, funding, _ = extract_quantities(Document(source=SourceInfo(), text=text))
    assert funding == []


def _funding(text: str):
    return extract_quantities(Document(source=SourceInfo(), text=text))[1]


def test_who_gets_a_grant_named_right_before_it() -> None:
    text = "对新认定的市级工业设计中心奖励20万元，新认定的省级工业设计中心奖励40万元。"
    assert [(f.value, f.recipient, f.purpose) for f in _funding(text)] == [
        (200000, "新认定的市级工业设计中心", "奖励"), (400000, "新认定的省级工业设计中心", "奖励"),
    ]


def test_a_count_of_who_gets_it_is_neither_recipient_nor_purpose() -> None:
    funding = _funding("支持企业数字化改造，单家企业奖励最高不超过60万元，单个项目补助最高20万元。")
    assert [(f.value, f.comparator, f.purpose, f.recipient) for f in funding] == [
        (600000, "<=", "奖励", None), (200000, "<=", "补助", None),
    ]


def test_a_one_off_grant_named_after_the_amount() -> None:
    funding = _funding("对新建的社区托育点，给予每个托位3000元的一次性建设补贴。")
    assert [(f.value, f.purpose, f.recipient) for f in funding] == [(3000, "建设补贴", "新建的社区托育点")]


def test_a_floor_on_a_standard_reads_as_at_least() -> None:
    funding = _funding("困难老人护理补贴每人每月不低于150元。")
    assert [(f.value, f.comparator, f.purpose) for f in funding] == [(150, ">=", "护理补贴")]


def test_the_threshold_a_rate_is_paid_per_is_no_amount() -> None:
    funding = _funding("年销售额超过2亿元的，按每超5000万元给予5万元的奖励。")
    assert [(f.value, f.purpose) for f in funding] == [(50000, "奖励")]


def test_the_item_number_is_no_part_of_the_text() -> None:
    funding = _funding("12.对新认定的市级专精特新企业奖励8万元。")
    assert [(f.text, f.recipient) for f in funding] == [("对新认定的市级专精特新企业奖励8万元", "新认定的市级专精特新企业")]


def test_a_benefit_standard_per_head_is_funding_with_its_beneficiary() -> None:
    text = "（一）城乡低保标准为每人每月1100元。（二）农村特困人员基本生活标准每人每月分别为1500元、1600元。"
    assert [(f.value, f.purpose, f.recipient) for f in _funding(text)] == [
        (1100, "低保标准", None), (1500, "基本生活标准", "农村特困人员"), (1600, "基本生活标准", "农村特困人员"),
    ]


def test_a_fee_or_an_income_threshold_per_head_is_no_funding() -> None:
    assert _funding("托管服务收费标准为每人每月800元。") == []
    assert _funding("低收入家庭认定标准按低保标准的1.5倍确定，为每人每月1650元。") == []


def test_who_a_grant_is_given_to_between_the_verb_and_the_amount() -> None:
    funding = _funding("分别给予孵化运营机构20万元、10万元的奖励。")
    assert [(f.value, f.recipient) for f in funding] == [(200000, "孵化运营机构"), (100000, "孵化运营机构")]
    # a cap word between who gets it and the amount is no part of the name
    assert [(f.recipient, f.comparator) for f in _funding("给予企业不超过10万元补贴。")] == [("企业", "<=")]


def test_a_per_item_word_before_the_grant_noun_is_no_part_of_the_purpose() -> None:
    funding = _funding("对年销售额首次达到5亿元的企业，每家奖励20万元。")
    assert [(f.value, f.purpose) for f in funding] == [(200000, "奖励")]


def test_the_words_of_the_grant_or_its_base_are_no_recipient() -> None:
    assert [f.recipient for f in _funding("给予一次性奖励8万元。")] == [None]
    assert [f.recipient for f in _funding("按参展企业展位费的50%给予补贴。")] == [None]
    assert [f.recipient for f in _funding("给予参展企业展位费50%的补贴。")] == [None]


def test_a_cap_for_each_recipient_after_who_qualifies_is_a_grant_without_its_verb() -> None:
    funding = _funding("对首次入选全国百强的企业，每家企业最高不超过100万元。")
    assert [(f.value, f.comparator, f.recipient) for f in funding] == [(1000000, "<=", "首次入选全国百强的企业")]
    assert [(f.value, f.recipient) for f in _funding("对新认定的省级技术中心，每家最高50万元。")] == [
        (500000, "新认定的省级技术中心")]


def test_a_cap_for_each_without_who_qualifies_or_without_a_cap_is_no_grant() -> None:
    assert _funding("每家企业最高不超过100万元。") == []  # no 对 phrase naming who qualifies
    assert _funding("对标先进地区，每家企业平均产值不低于2亿元。") == []  # a floor on a goal, not a cap on a grant
