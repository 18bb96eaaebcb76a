"""Number forms: every example of ``corpus_numbers.json`` plus the value parser itself."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policyparse.extract.numbers import find_quantities, parse_number

CORPUS = json.loads((Path(__file__).with_name("corpus_numbers.json")).read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CORPUS, ids=[c["text"] for c in CORPUS])
def test_corpus(case: dict) -> None:
    found = list(find_quantities(case["text"]))
    got = [(q.value, q.value_max, q.unit) for q in found]
    want = [(float(e["value"]), None if e.get("value_max") is None else float(e["value_max"]), e["unit"])
            for e in case["quantities"]]
    assert got == want
    for q, e in zip(found, case["quantities"]):
        if "per" in e:
            assert q.per == e["per"]
        if "approx_more" in e:
            assert q.approx_more is e["approx_more"]
        assert case["text"][q.start:q.end]  # spans point into the text


@pytest.mark.parametrize(
    ("token", "value"),
    [("1,200", 1200), ("2.6", 2.6), ("３０", 30), ("两", 2), ("十", 10), ("十五", 15), ("二十", 20),
     ("一百零五", 105), ("三千万", 30_000_000), ("1.6亿", 160_000_000), ("3千万", 30_000_000),
     ("一二〇", 120), ("两万五千", 25_000), ("万", 10_000)],
)
def test_parse_number(token: str, value: float) -> None:
    assert parse_number(token) == pytest.approx(value)


@pytest.mark.parametrize("token", ["", "三四", "x1"])
def test_parse_number_rejects(token: str) -> None:
    assert parse_number(token) is None


def test_long_enumeration_stays_linear() -> None:
    text = "、".join(["7"] * 50_000) + "万元"
    found = list(find_quantities(text))
    assert 1 <= len(found) <= 13  # only the members next to the unit share it
    assert found[-1].value == 70_000


def test_per_mille_keeps_its_unit() -> None:
    assert [(q.value, q.unit) for q in find_quantities("孕产妇死亡率控制在8‰以内")] == [(8, "‰")]
    assert [(q.value, q.value_max, q.unit) for q in find_quantities("出生缺陷率2‰—4‰")] == [(2, 4, "‰")]


def test_ten_alone_is_a_number_but_other_multipliers_are_not() -> None:
    assert [(q.value, q.unit) for q in find_quantities("新增省级园区十个")] == [(10, "个")]
    assert list(find_quantities("百家争鸣，万家灯火")) == []


def test_ages_are_read() -> None:
    assert [(q.value, q.unit) for q in find_quantities("平均寿命81.2岁")] == [(81.2, "岁")]


def test_list_members_with_their_own_multiplier_keep_it() -> None:
    found = [(q.value, q.unit) for q in find_quantities("分别达到85万、65万、75万人")]
    assert found == [(850000, "人"), (650000, "人"), (750000, "人")]
    assert [q.value for q in find_quantities("分别奖励200、100、50万元")] == [2000000, 1000000, 500000]


def test_a_unit_opening_with_qian_is_no_multiplier() -> None:
    assert [(q.value, q.unit) for q in find_quantities("新增储能装机8万千瓦")] == [(80000, "千瓦")]
    assert [(q.value, q.unit) for q in find_quantities("年发电量12亿千瓦时")] == [(1_200_000_000, "千瓦时")]
    assert [(q.value, q.unit) for q in find_quantities("改造管网3千米")] == [(3, "千米")]
    assert [(q.value, q.unit) for q in find_quantities("投入资金3千万元")] == [(30_000_000, "元")]  # 千 before 万 multiplies


def test_a_slash_fraction_is_a_share() -> None:
    assert [(q.value, q.unit) for q in find_quantities("覆盖率达到1/3以上")] == [(33.33, "%")]
    assert [(q.value, q.unit) for q in find_quantities("占比不低于2/5")] == [(40, "%")]


@pytest.mark.parametrize("text", ["2021/3/15印发", "比例为3/2", "第12/30期"])
def test_what_is_no_slash_fraction(text: str) -> None:
    assert all(q.unit != "%" for q in find_quantities(text))


def test_weights_volumes_and_concentrations_are_units() -> None:
    assert [(q.value, q.unit) for q in find_quantities("粮食产量稳定在600亿斤")] == [(60_000_000_000, "斤")]
    assert [(q.value, q.unit) for q in find_quantities("日供水能力20万立方米")] == [(200000, "立方米")]
    assert [(q.value, q.unit) for q in find_quantities("细颗粒物浓度30微克/立方米")] == [(30, "微克/立方米")]


def test_list_members_share_a_unit_only_when_written_alike() -> None:
    assert [(q.value, q.unit) for q in find_quantities("营业收入过百亿、2-3家龙头企业")] == [(2, "家")]
    assert [(q.value, q.unit) for q in find_quantities("分别奖励三、五家")] == [(3, "家"), (5, "家")]
