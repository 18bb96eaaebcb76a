"""Splitting unit annotations into unit names and reading lead/responsible labels."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policyparse.segment.units import is_org_name, parse_unit_annotation, split_units


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("市教育局、市卫健委，各区（县、市）人民政府", ["市教育局", "市卫健委", "各区（县、市）人民政府"]),
        ("市商务委（口岸办）、市交通局", ["市商务委（口岸办）", "市交通局"]),
        ("市统计局；市税务局,市公安局", ["市统计局", "市税务局", "市公安局"]),
        ("市民政局和市住建局", ["市民政局", "市住建局"]),
        ("市文旅局及各区政府", ["市文旅局", "各区政府"]),
        ("市工业和信息化局", ["市工业和信息化局"]),
        ("市水务局、市环保局等有关部门", ["市水务局", "市环保局"]),
        ("市农业农村局等单位", ["市农业农村局"]),
        ("市教育局、市体育局等5个部门", ["市教育局", "市体育局"]),
        ("东城、西城片区管理委员会", ["东城、西城片区管理委员会"]),
        ("各市、县人民政府", ["各市、县人民政府"]),
        ("市科技、市财政局", ["市科技", "市财政局"]),
        ("  ", []),
    ],
)
def test_split_units(value: str, expected: list[str]) -> None:
    assert split_units(value) == expected


def test_split_units_is_linear_on_huge_lists() -> None:
    value = "、".join(["市甲局"] * 100_000)
    assert split_units(value) == ["市甲局"]  # duplicates collapse, no quadratic blow-up


@pytest.mark.parametrize(
    ("content", "lead", "responsible"),
    [
        ("牵头部门：市住建局；配合单位：市规划局、市城管局", ["市住建局"], ["市规划局", "市城管局"]),
        ("牵头考核单位:市发改委;参与单位:各区政府", ["市发改委"], ["各区政府"]),
        ("责任部门：市交通局", [], ["市交通局"]),
        ("市卫健委牵头，市医保局、市财政局配合", ["市卫健委"], ["市医保局", "市财政局"]),
        ("市人社局牵头，各区按职责分工负责", ["市人社局"], ["各区"]),
        ("市市场监管局、市商务委", [], ["市市场监管局", "市商务委"]),
        ("责任单位：市水利局；完成时限：2022年底", [], ["市水利局"]),
        ("市林业局牵头，市自然资源局配合；完成时间：长期", ["市林业局"], ["市自然资源局"]),
        ("市审计局负责", [], ["市审计局"]),
        ("各区政府，市有关部门按职责分工负责", [], ["各区政府", "市有关部门"]),
    ],
)
def test_parse_unit_annotation(content: str, lead: list[str], responsible: list[str]) -> None:
    assert parse_unit_annotation(content) == (lead, responsible)


@pytest.mark.parametrize("content", ["含孵化器、加速器", "试行", "2022年", "单位：万元", ""])
def test_non_annotations_are_none(content: str) -> None:
    assert parse_unit_annotation(content) is None


def test_is_org_name() -> None:
    assert is_org_name("市发展改革委（服务业发展局）")
    assert is_org_name("宁波海关")
    assert not is_org_name("市产业技术")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="市科技局各县区政府（）()、，,；;和及等有关部门牵头责任单位：:", max_size=80))
def test_split_units_never_leaves_top_level_separators(value: str) -> None:
    for unit in split_units(value):
        depth = 0
        for ch in unit:
            depth += ch in "（("
            depth -= ch in "）)" and depth > 0
            assert not (depth == 0 and ch in "，,；;")
    parse_unit_annotation(value)  # never raises


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("市海洋局及其他相关单位", ["市海洋局"]),
        ("市体育局、市民政局，其它有关部门", ["市体育局", "市民政局"]),
        ("其他有关部门", ["其他有关部门"]),  # alone it is all the text says
        ("市文旅局会同市公安局", ["市文旅局", "市公安局"]),
        ("湖南省会同县人民政府", ["湖南省会同县人民政府"]),  # a place named 会同 is no joint
    ],
)
def test_split_units_drops_catch_alls_and_splits_joint_units(value: str, expected: list[str]) -> None:
    assert split_units(value) == expected


@pytest.mark.parametrize(
    ("content", "lead", "responsible"),
    [
        ("责任单位：市园林局，各区政府按职责分工负责", [], ["市园林局", "各区政府"]),
        ("责任单位：市司法局牵头，市信访办、各街道", ["市司法局"], ["市信访办", "各街道"]),
        ("牵头单位：市民政局，市残联配合", ["市民政局"], ["市残联"]),
    ],
)
def test_role_words_inside_labelled_lists(content: str, lead: list[str], responsible: list[str]) -> None:
    assert parse_unit_annotation(content) == (lead, responsible)


@pytest.mark.parametrize(
    ("content", "lead", "responsible"),
    [
        ("市交通委牵头，市公安局配合，2025年底前完成", ["市交通委"], ["市公安局"]),
        ("市水务局负责，长期坚持", [], ["市水务局"]),
    ],
)
def test_schedule_clauses_do_not_break_role_clauses(content: str, lead: list[str], responsible: list[str]) -> None:
    assert parse_unit_annotation(content) == (lead, responsible)


def _reference_depth_split(value: str, separators: frozenset[str]) -> list[str]:
    """Character by character, counting bracket depth."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(value):
        if ch in "（(〔【[《“‘":
            depth += 1
        elif ch in "）)〕】]》”’":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in separators:
            parts.append(value[start:i])
            start = i + 1
    parts.append(value[start:])
    return parts


def test_depth_split_matches_the_character_loop() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from policyparse.segment.units import _depth_split

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet=list("甲局、，,；;（）()《》[]"), max_size=20), st.sampled_from(["，,；;", "、"]))
    def check(value: str, separators: str) -> None:
        assert _depth_split(value, frozenset(separators)) == _reference_depth_split(value, frozenset(separators))

    check()


def test_every_role_word_has_a_listed_ending() -> None:
    import re

    from policyparse.segment.units import _ROLE_CLAUSE, _ROLE_ENDINGS

    roles = re.search(r"\(\?P<role>([^)]*)\)", _ROLE_CLAUSE.pattern).group(1).split("|")  # type: ignore[union-attr]
    assert roles and all(role.endswith(_ROLE_ENDINGS) for role in roles)


def test_every_unit_role_suffix_has_a_listed_ending() -> None:
    import re

    from policyparse.segment.units import _UNIT_ROLE_ENDINGS, _UNIT_ROLE_SUFFIX

    roles = re.fullmatch(r"\(\?:([^)]*)\)\$", _UNIT_ROLE_SUFFIX.pattern).group(1).split("|")  # type: ignore[union-attr]
    assert roles and all(role.endswith(_UNIT_ROLE_ENDINGS) for role in roles)


def test_long_values_are_worked_out_without_being_memoised() -> None:
    from policyparse.segment.units import _split_units

    _split_units.cache_clear()  # type: ignore[attr-defined]
    assert split_units("市甲局、" * 150) == ["市甲局"]
    assert _split_units.cache_info().currsize == 0  # type: ignore[attr-defined]
    assert split_units("市甲局、市乙局") == ["市甲局", "市乙局"]
    assert split_units("市甲局、市乙局") == ["市甲局", "市乙局"]  # a memoised answer is a fresh list
    assert _split_units.cache_info().hits == 1  # type: ignore[attr-defined]


def test_memoised_answers_are_not_shared_between_callers() -> None:
    first = split_units("市甲局、市乙局")
    first.append("市丙局")
    assert split_units("市甲局、市乙局") == ["市甲局", "市乙局"]
    lead, responsible = parse_unit_annotation("牵头单位：市甲局；责任单位：市乙局")  # type: ignore[misc]
    lead.append("市丁局")
    assert parse_unit_annotation("牵头单位：市甲局；责任单位：市乙局") == (["市甲局"], ["市乙局"])


def test_annotation_precheck_covers_every_label_role_and_strong_ending() -> None:
    import re

    from policyparse.segment.units import (
        _LEAD_LABEL,
        _MAY_BE_ANNOTATION,
        _RESP_LABEL,
        _ROLE_CLAUSE,
        _STRONG_ORG_SUFFIX,
    )

    def alternatives(pattern: str) -> list[str]:
        return re.search(r"\(\?(?:P<\w+>|:)([^)]*)\)", pattern).group(1).split("|")  # type: ignore[union-attr]

    roles = re.search(r"\(\?P<role>([^)]*)\)", _ROLE_CLAUSE.pattern).group(1).split("|")  # type: ignore[union-attr]
    words = [*alternatives(_LEAD_LABEL), *alternatives(_RESP_LABEL), *roles]
    endings = [suffix[-1] for suffix in alternatives(_STRONG_ORG_SUFFIX.pattern)]
    assert words and endings
    assert all(_MAY_BE_ANNOTATION.search(w) for w in [*words, *endings])


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="市科技局委中心政府区县一二三（）、，；：牵头负责配合参与单位部门主体li?ng年月", max_size=40))
def test_annotation_precheck_never_changes_the_answer(content: str) -> None:
    from policyparse.segment.units import _parse_unit_annotation

    expected = _parse_unit_annotation.__wrapped__(content)  # type: ignore[attr-defined]
    got = parse_unit_annotation(content)
    assert got == (None if expected is None else (list(expected[0]), list(expected[1])))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="市科技局会同县区政府（）()委员各 等", max_size=20))
def test_parts_without_joint_or_conjunction_words_stay_whole(part: str) -> None:
    """What lets split_units skip the per-part splits for values without 会同 or 及/和/与."""
    from policyparse.segment.units import _split_conjunction, _split_joint

    if "会同" not in part:
        assert _split_joint(part) == [part]
    assert _split_conjunction(part) == [part]


def test_a_note_after_a_labelled_unit_list_is_no_unit() -> None:
    content = "责任单位：甲省发展改革委、甲省商务厅按职责分工负责。具体任务均涉及各市人民政府，不再分工，下同。"
    assert parse_unit_annotation(content) == ([], ["甲省发展改革委", "甲省商务厅"])


def test_labels_separated_by_a_sentence_end_are_both_read() -> None:
    assert parse_unit_annotation("牵头单位：甲市科技局。配合单位：甲市财政局") == (["甲市科技局"], ["甲市财政局"])


@pytest.mark.parametrize(
    ("content", "lead", "responsible"),
    [
        # a role closing a list of units applies to all of them
        ("责任单位：甲市农业局、甲市人社局分别牵头", ["甲市农业局", "甲市人社局"], []),
        ("责任单位：甲市商务局、甲市文旅局共同牵头，各县政府", ["甲市商务局", "甲市文旅局"], ["各县政府"]),
        # a bracketed role names its own unit's role only
        ("责任单位：甲市工信局（牵头）、甲市通信办、各县（市、区）政府",
         ["甲市工信局"], ["甲市通信办", "各县（市、区）政府"]),
        ("牵头单位：甲市发改委、甲市财政局(配合)", ["甲市发改委"], ["甲市财政局"]),
        # units naming their own roles inside one list keep them
        ("责任单位：甲市水务局牵头、甲市环保局配合", ["甲市水务局"], ["甲市环保局"]),
        # not a role: the bracket belongs to the name
        ("责任单位：各县（市、区）政府、甲市民政局", [], ["各县（市、区）政府", "甲市民政局"]),
    ],
)
def test_roles_named_inside_a_labelled_list(content: str, lead: list[str], responsible: list[str]) -> None:
    assert parse_unit_annotation(content) == (lead, responsible)


@pytest.mark.parametrize(
    ("content", "lead", "responsible"),
    [
        ("主要责任部门：甲市公安局、甲市卫生局", [], ["甲市公安局", "甲市卫生局"]),
        ("牵头处室：甲处；责任处室：乙处", ["甲处"], ["乙处"]),
        ("责任主体：甲县财政局", [], ["甲县财政局"]),
        ("牵头责任单位：甲省发改委；协同责任单位：甲省财政厅、甲省商务厅等", ["甲省发改委"], ["甲省财政厅", "甲省商务厅"]),
    ],
)
def test_label_variants(content: str, lead: list[str], responsible: list[str]) -> None:
    assert parse_unit_annotation(content) == (lead, responsible)


@pytest.mark.parametrize(
    ("content", "lead", "responsible"),
    [
        ("牵头单位：甲市科技局，参与单位：甲市海洋局，2024年6月底前", ["甲市科技局"], ["甲市海洋局"]),
        ("责任单位：甲市人社局、甲市教育局，长期坚持", [], ["甲市人社局", "甲市教育局"]),
        ("责任单位：甲市城管局，常态化推进", [], ["甲市城管局"]),
    ],
)
def test_a_schedule_among_labelled_units_is_no_unit(content: str, lead: list[str], responsible: list[str]) -> None:
    assert parse_unit_annotation(content) == (lead, responsible)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("甲市财政局、甲市资源局（列第一位的为牵头单位，下同）", ["甲市财政局", "甲市资源局"]),
        ("甲市发改委、甲市统计局(除注明“分别牵头”外,下同)", ["甲市发改委", "甲市统计局"]),
        # a name's own bracket holds no clause punctuation: it stays
        ("甲市商务委（口岸办）、各区（县、市）政府", ["甲市商务委（口岸办）", "各区（县、市）政府"]),
    ],
)
def test_a_note_in_brackets_closing_a_list_is_dropped(value: str, expected: list[str]) -> None:
    assert split_units(value) == expected


def test_units_are_added_once_in_order() -> None:
    from policyparse.segment.units import add_new_units

    units = ["市科技局"]
    add_new_units(units, ["市财政局", "市科技局", "市财政局", "各县区"])
    assert units == ["市科技局", "市财政局", "各县区"]
