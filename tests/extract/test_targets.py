"""Targets: every example of ``corpus_targets.json`` (short sentences, wording not from the seeds)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policyparse.extract.quantities import extract_quantities
from policyparse.model import Document, SourceInfo

CORPUS = json.loads((Path(__file__).with_name("corpus_targets.json")).read_text(encoding="utf-8"))
# Fields a corpus entry may state; absent ones are not checked (value_max/scope/per_year default to empty).
_CHECKED = ("indicator", "unit", "comparator", "kind", "year", "period")


def _targets(text: str):
    targets, funding, _ = extract_quantities(Document(source=SourceInfo(), text=text))
    return targets, funding


@pytest.mark.parametrize("case", CORPUS, ids=[c["text"][:24] for c in CORPUS])
def test_corpus(case: dict) -> None:
    targets, _ = _targets(case["text"])
    assert [t.value for t in targets] == pytest.approx([e["value"] for e in case["targets"]])
    for got, want in zip(targets, case["targets"]):
        for name in _CHECKED:
            if name in want:
                assert getattr(got, name) == want[name], (name, got)
        assert got.value_max == want.get("value_max")
        assert got.scope == want.get("scope")
        assert got.per_year is want.get("per_year", False)
        assert case["text"][got.span[0]:got.span[1]] == got.text
        assert got.indicator is None or got.indicator in got.text or got.scope is not None


def test_ids_are_sequential() -> None:
    targets, _ = _targets("到2025年，新增孵化器5家、众创空间8家，培育瞪羚企业20家以上。")
    assert [t.id for t in targets] == ["t1", "t2", "t3"]
    assert [t.indicator for t in targets] == ["孵化器", "众创空间", "瞪羚企业"]
    assert all(t.kind == "increment" for t in targets)


def test_money_the_issuer_pays_is_not_a_target() -> None:
    targets, funding = _targets("对新认定的省级工程研究中心，一次性给予30万元奖励。")
    assert targets == []
    assert [f.value for f in funding] == [300000]


def test_heading_year_governs_the_lines_under_it() -> None:
    text = "2024年工作目标\n培育专业化众创空间6家以上。\n建设公共实训基地2个。"
    targets, _ = _targets(text)
    assert [(t.value, t.year) for t in targets] == [(6, 2024), (2, 2024)]


def test_opening_deadline_frames_the_lines_after_it() -> None:
    text = "到2026年，主要目标如下：\n\n——新增认定技术转移机构5家。\n——建成概念验证中心3个以上。\n二、重点任务\n1.建成中试基地2个。"
    targets, _ = _targets(text)
    assert [(t.value, t.year) for t in targets][:2] == [(5, 2026), (3, 2026)]


def test_shared_corpus_is_read_sensibly(shared_dir) -> None:
    import policyparse

    corpus = shared_dir / "corpus"
    if not corpus.is_dir():
        pytest.skip("../shared/corpus is absent")
    first = policyparse.parse(corpus / "01.txt")
    found = {(t.value, t.unit, t.comparator) for t in first.targets}
    assert (500, "件", ">") in found
    # 培育年产值超100亿元、具备较强国际竞争力的龙头企业2家: the output threshold qualifies the two firms
    assert (10_000_000_000, "元", ">") not in found
    assert "年产值超100亿元、具备较强国际竞争力的龙头企业" in {t.indicator for t in first.targets if t.value == 2}
    assert all(first.text[t.span[0]:t.span[1]] == t.text for t in first.targets)
    second = policyparse.parse(corpus / "02.txt")
    assert (5, "家", ">=") in {(t.value, t.unit, t.comparator) for t in second.targets}
    subsidies = policyparse.parse(corpus / "04.txt")
    assert subsidies.funding and all(f.unit in ("元", "%", "比例") for f in subsidies.funding)


def test_traditional_script_is_read_and_reported_as_written() -> None:
    text = "到2025年，全市高新技術企業達到1200家以上，新增專精特新企業80家。對新認定的國家級孵化器，一次性給予100萬元獎勵。"
    targets, funding = _targets(text)
    assert [(t.indicator, t.value, t.comparator, t.kind, t.year) for t in targets] == [
        ("高新技術企業", 1200, ">=", "level", 2025), ("專精特新企業", 80, "=", "increment", 2025)]
    assert [(f.value, f.purpose, f.recipient) for f in funding] == [(1_000_000, "獎勵", "新認定的國家級孵化器")]
    assert all(text[t.span[0]:t.span[1]] == t.text for t in targets)


def test_build_and_develop_verbs_make_increments() -> None:
    targets, _ = _targets("到2026年，打造特色产业园区6个，研制新型检测装备3—4项，获批国家级平台2家以上。")
    assert [(t.value, t.kind) for t in targets] == [(6, "increment"), (3, "increment"), (2, "increment")]


def test_achieving_a_scale_is_a_level_even_after_a_flow() -> None:
    targets, _ = _targets("到2026年，引进链主企业4家，实现软件产业规模超800亿元。")
    assert [(t.value, t.kind) for t in targets] == [(4, "increment"), (8e10, "level")]
    assert targets[1].indicator == "软件产业规模"


def test_preposition_jiang_is_not_part_of_the_indicator() -> None:
    targets, _ = _targets("力争将项目审批办理时间压缩至15个工作日以内。")
    assert [(t.indicator, t.value, t.comparator) for t in targets] == [("项目审批办理时间", 15, "<=")]


def test_indicator_after_a_construct_verb_and_a_comparator() -> None:
    targets, _ = _targets("构建不少于500个场景的自动驾驶开放测试库。")
    assert [(t.value, t.comparator, t.kind) for t in targets] == [(500, ">=", "increment")]
    assert targets[0].indicator and "测试库" in targets[0].indicator


def test_a_growth_clause_carries_the_subject_of_the_sentence() -> None:
    text = "到2028年，全市软件业务收入达到9000亿元，年均增长7%左右。"
    targets, _ = _targets(text)
    assert [(t.indicator, t.value, t.comparator, t.kind) for t in targets] == [
        ("软件业务收入", 9e11, "=", "level"), ("软件业务收入", 7, "~", "growth"),
    ]
    assert targets[1].text == "软件业务收入达到9000亿元，年均增长7%左右"


def test_a_bare_growth_clause_without_an_earlier_target_is_no_target() -> None:
    targets, _ = _targets("近年来，年均增长7%左右。")
    assert targets == []


def test_a_fall_is_a_change_and_its_verb_is_not_the_indicator() -> None:
    targets, _ = _targets("到2027年，单位地区生产总值用水量下降12%，化学需氧量排放减少8%。")
    assert [(t.indicator, t.value, t.kind) for t in targets] == [
        ("单位地区生产总值用水量", 12, "growth"), ("化学需氧量排放", 8, "growth"),
    ]


def test_keep_verb_is_not_part_of_the_indicator() -> None:
    targets, _ = _targets("到2026年，农村自来水普及率保持99%以上。")
    assert [(t.indicator, t.value, t.comparator, t.kind) for t in targets] == [("农村自来水普及率", 99, ">=", "level")]


def test_life_expectancy_is_a_target_but_an_age_limit_is_not() -> None:
    targets, _ = _targets("到2030年，人均预期寿命提高到84岁，新生儿死亡率控制在2‰以内。")
    assert [(t.indicator, t.value, t.unit, t.comparator) for t in targets] == [
        ("人均预期寿命", 84, "岁", "="), ("新生儿死亡率", 2, "‰", "<="),
    ]
    targets, funding = _targets("到2026年，引进35岁以下青年博士200名。")
    assert [(t.value, t.unit) for t in targets] == [(200, "名")]


def test_a_cap_kept_each_year_stays_a_level() -> None:
    targets, _ = _targets("每年培训农民工不少于3万人次，城镇登记失业率控制在4%以内。")
    assert [(t.value, t.kind) for t in targets] == [(30000, "increment"), (4, "level")]


def test_a_change_against_a_baseline_year_carries_the_subject_and_the_deadline() -> None:
    targets, _ = _targets("到2026年，全社会研发投入强度达到3.2%，较2022年提高0.4个百分点。")
    assert [(t.indicator, t.value, t.unit, t.kind, t.year) for t in targets] == [
        ("全社会研发投入强度", 3.2, "%", "level", 2026), ("全社会研发投入强度", 0.4, "个百分点", "growth", 2026),
    ]


def test_ten_in_words_with_a_deadline_is_a_target() -> None:
    targets, _ = _targets("到2027年，新增独角兽企业十家。")
    assert [(t.indicator, t.value, t.kind) for t in targets] == [("独角兽企业", 10, "increment")]
    assert _targets("组织实施十大工程。")[0] == []


def test_spaces_around_numbers_and_years_are_read() -> None:
    targets, _ = _targets("到 2026 年，新建充电站 120 座，公共充电桩覆盖率达到 95 %。")
    assert [(t.indicator, t.value, t.unit, t.year) for t in targets] == [
        ("充电站", 120, "座", 2026), ("公共充电桩覆盖率", 95, "%", 2026),
    ]


def test_respective_figures_each_become_a_target_with_the_shared_indicator() -> None:
    targets, _ = _targets("到2027年，公交、轨道交通日均客运量分别达到600万、1200万人次。")
    assert [(t.indicator, t.value, t.unit) for t in targets] == [
        ("公交、轨道交通日均客运量", 6e6, "人次"), ("公交、轨道交通日均客运量", 1.2e7, "人次"),
    ]


def test_level_words_and_classes_of_places_name_no_region_scope() -> None:
    targets, _ = _targets("到2025年，乡镇快递网点覆盖率达到100%，百亿元县市区达到30个。")
    assert [(t.indicator, t.scope) for t in targets] == [("乡镇快递网点覆盖率", None), ("百亿元县市区", None)]
    # a named place still is one
    targets, _ = _targets("到2025年，新增示范村20个，其中，甲山县新增9个，乙山区新增5个。")
    assert [(t.value, t.scope) for t in targets] == [(20, None), (9, "甲山县"), (5, "乙山区")]


def test_community_is_not_a_region_scope() -> None:
    targets, _ = _targets("到2026年，新增社区卫生服务站15个、社区食堂40家。")
    assert [(t.indicator, t.scope) for t in targets] == [("社区卫生服务站", None), ("社区食堂", None)]



def test_a_subject_before_its_adding_verb_is_the_indicator_when_nothing_follows_the_figure() -> None:
    targets, _ = _targets("到2027年，瞪羚企业新增40家，中试平台建成6个。")
    assert [(t.indicator, t.value, t.kind, t.text) for t in targets] == [
        ("瞪羚企业", 40, "increment", "瞪羚企业新增40家"), ("中试平台", 6, "increment", "中试平台建成6个"),
    ]


def test_a_noun_ending_like_a_verb_stays_the_indicator() -> None:
    targets, _ = _targets("每年开展技能培训2场以上。")
    assert [(t.indicator, t.value) for t in targets] == [("技能培训", 2)]
    assert _targets("到2027年，全市新增40家。")[0] == []  # a quantifier alone names nothing


def test_comparator_words_of_indicator_lines() -> None:
    targets, _ = _targets("到2030年，托育机构入托率大于60%，城市公园绿化覆盖率不低于45%，细颗粒物超标天数比例低于8%。")
    assert [(t.indicator, t.value, t.comparator) for t in targets] == [
        ("托育机构入托率", 60, ">"), ("城市公园绿化覆盖率", 45, ">="), ("细颗粒物超标天数比例", 8, "<="),
    ]


def test_signs_in_prose_write_criteria_not_goals() -> None:
    assert _targets("符合下列情形之一：（一）肺活量改善率≥15%；（二）检测值＜60%。")[0] == []


def test_an_age_reached_by_a_deadline_is_a_target_but_a_fact_of_a_past_year_is_not() -> None:
    targets, _ = _targets("到2030年，人均预期寿命达80.5岁。")
    assert [(t.indicator, t.value, t.kind) for t in targets] == [("人均预期寿命", 80.5, "level")]
    assert _targets("2019年全国城市轨道交通运营里程达5000公里。")[0] == []


def test_fractions_in_words_and_with_a_slash_are_shares() -> None:
    targets, _ = _targets("到2026年，中级以上职称人员占比不低于三分之一，社区养老覆盖率达到1/2以上。")
    assert [(t.value, t.unit, t.comparator) for t in targets] == [(33.33, "%", ">="), (50, "%", ">=")]


def test_energy_capacity_in_wan_kilowatts_is_a_target() -> None:
    targets, _ = _targets("到2026年，新增分布式光伏装机6万千瓦以上。")
    assert [(t.indicator, t.value, t.unit, t.comparator) for t in targets] == [("分布式光伏装机", 60000, "千瓦", ">=")]


def test_thresholds_in_a_dui_phrase_closed_by_de_are_conditions() -> None:
    text = "对年营业收入首次突破1亿元、3亿元的，列入市级重点培育名单。"
    assert _targets(text)[0] == []
    targets, _ = _targets("对标先进地区，到2027年全市快递网点达到500个。")  # 对标 opens no phrase of who qualifies
    assert [t.value for t in targets] == [500]


def test_the_band_a_rate_is_paid_on_is_no_target() -> None:
    targets, funding = _targets("年交易额超过3亿元的部分，按每超1亿元给予6万元的奖励。")
    assert targets == []
    assert [(f.value, f.purpose) for f in funding] == [(60000, "奖励")]


def test_counts_of_criteria_to_meet_are_no_targets() -> None:
    text = "确诊须具有下列3项或3项以上体征的；或符合甲至丙项中一项以上指标。"
    assert _targets(text)[0] == []
    targets, _ = _targets("到2027年，符合国家标准的绿色工厂达到50家。")  # 符合 alone does not make a criterion
    assert [(t.indicator, t.value) for t in targets] == [("符合国家标准的绿色工厂", 50)]


def test_a_size_per_facility_is_a_standard_but_a_size_per_head_is_a_goal() -> None:
    targets, _ = _targets("每个街道应当设置至少1个养老服务站，每处建筑面积不少于300平方米。")
    assert [(t.value, t.unit) for t in targets] == [(1, "个")]
    targets, _ = _targets("到2027年，人均公园绿地面积达到15平方米。")
    assert [(t.indicator, t.value) for t in targets] == [("人均公园绿地面积", 15)]


def test_a_statistic_named_with_its_flow_keeps_its_subject() -> None:
    targets, _ = _targets("2026年主要预期目标：城镇新增就业6万人左右，各园区新增企业30家。")
    assert [(t.indicator, t.value) for t in targets] == [("城镇新增就业", 60000), ("企业", 30)]


def test_adverbs_before_the_verb_are_not_part_of_the_indicator() -> None:
    targets, _ = _targets("到2027年，农村快递网点覆盖率要达到98%，项目总投资预计达到80亿元。")
    assert [t.indicator for t in targets] == ["农村快递网点覆盖率", "项目总投资"]


def test_a_dated_title_of_a_task_list_dates_its_goals() -> None:
    targets, _ = _targets("2026年重点工作责任分解\n研发投入强度达到3.1%。\n新增专精特新企业40家以上。")
    assert [(t.value, t.year) for t in targets] == [(3.1, 2026), (40, 2026)]


def test_an_average_yearly_flow_is_per_year_but_an_average_growth_rate_is_not() -> None:
    targets, _ = _targets("“十五五”期间，年均新增瞪羚企业30家，规上工业增加值年均增长8%。")
    assert [(t.value, t.kind, t.per_year) for t in targets] == [(30, "increment", True), (8, "growth", False)]


def test_a_share_written_without_its_noun() -> None:
    targets, _ = _targets("到2027年，数字产业增加值占GDP的15%。")
    assert [(t.indicator, t.value, t.kind) for t in targets] == [("数字产业增加值占GDP", 15, "share")]


def test_a_yearly_flow_does_not_make_the_stock_of_the_next_clause_yearly() -> None:
    targets, _ = _targets("到2027年，力争每年新建2个示范园区，示范园区总数达到30个。")
    assert [(t.value, t.kind, t.per_year) for t in targets] == [(2, "increment", True), (30, "level", False)]


def test_the_count_a_guiding_verb_governs_names_what_follows() -> None:
    targets, _ = _targets("到2027年，指导5家以上景区创建国家级旅游度假区。")
    assert [(t.indicator, t.value) for t in targets] == [("景区创建国家级旅游度假区", 5)]
