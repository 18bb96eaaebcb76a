"""Traditional → Simplified conversion as exact edits."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policyparse.text import script
from policyparse.text.offsets import Edit, apply_edits
from policyparse.text.script import (
    _changed_characters,
    _line_edits,
    _same_line_breaks,
    convert_to_simplified,
    to_simplified,
)


def convert(text: str) -> str:
    return apply_edits(text, convert_to_simplified(text).edits)[0]


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [
        ("關於加強科技創新的實施意見", "关于加强科技创新的实施意见"),
        ("財政獎勵資金", "财政奖励资金"),
        ("隨著經濟發展", "随着经济发展"),  # Taiwan 著 (zhe) in a Traditional sentence
        ("加大扶持力度,著力培育企業", "加大扶持力度,着力培育企业"),
        ("顯著提高創新能力", "显著提高创新能力"),  # 著 (zhù) words keep 著
        ("業績卓著的團隊", "业绩卓著的团队"),
        ("編著專業書籍", "编著专业书籍"),
        ("著名學者參與", "著名学者参与"),
    ],
)
def test_converts_traditional(traditional: str, simplified: str) -> None:
    assert convert(traditional) == simplified


@pytest.mark.parametrize("text", ["科技创新能力显著增强", "着力培育科技型企业", "看著名单", "GDP 2021", ""])
def test_leaves_simplified_text_alone(text: str) -> None:
    assert convert_to_simplified(text).edits == []


def test_single_character() -> None:
    assert convert("編") == "编"


def test_edits_keep_one_to_one_offsets() -> None:
    text = "一、總體要求\n（一）指導思想。\n不变的一行\n"
    result = convert_to_simplified(text)
    out, offset_map = apply_edits(text, result.edits)
    assert out == "一、总体要求\n（一）指导思想。\n不变的一行\n"
    assert all(e.end - e.start == len(e.replacement) for e in result.edits)  # 1:1 edits only
    for i in range(len(out)):
        assert offset_map.to_input((i, i + 1)) == (i, i + 1)
    assert result.count == 3  # 總 體 導
    assert "Simplified" in result.detail


def test_a_line_that_changes_length_gets_its_own_edit() -> None:
    """When OpenCC changes a line's length, edits are per changed line (from its first to its last change)."""
    text = "第一行不變\n第二行\n"
    converted = "第一行不变\n第二行\n"
    assert list(_line_edits(text, converted)) == [Edit(4, 5, "变")]
    assert list(_line_edits("甲乙\n丙", "甲\n丙丁")) == [Edit(1, 2, ""), Edit(4, 4, "丁")]
    assert _same_line_breaks(text, converted) and not _same_line_breaks("甲乙\n丙", "甲\n丙丁")


def test_changed_characters_counts_across_blocks() -> None:
    old = "總" * 300 + "a" * 300 + "體"
    new = "总" * 300 + "a" * 300 + "体"
    assert _changed_characters(old, new) == 301
    assert _changed_characters("ab", "abc") == 3  # a length change counts the whole replacement


# pairs of equal-length texts that differ in some places (astral characters and line breaks included)
_EQUAL_LENGTH_PAIRS = st.lists(
    st.tuples(st.characters(blacklist_categories=("Cs",)), st.characters(blacklist_categories=("Cs",)))
).map(lambda pairs: ("".join(a for a, _ in pairs), "".join(b for _, b in pairs)))


@given(_EQUAL_LENGTH_PAIRS)
def test_changed_characters_is_the_count_of_differing_positions(pair: tuple[str, str]) -> None:
    old, new = pair
    assert _changed_characters(old, new) == sum(a != b for a, b in zip(old, new))


# pairs of equal-length texts of BMP characters only (the UTF-16 count), surrogate code points included
_BMP_PAIRS = st.lists(st.tuples(st.characters(max_codepoint=0xFFFF), st.characters(max_codepoint=0xFFFF))).map(
    lambda pairs: ("".join(a for a, _ in pairs), "".join(b for _, b in pairs)))


@given(_BMP_PAIRS)
def test_changed_characters_of_bmp_text_is_the_count_of_differing_positions(pair: tuple[str, str]) -> None:
    old, new = pair
    assert _changed_characters(old, new) == sum(a != b for a, b in zip(old, new))


@given(st.text(alphabet="甲乙丙\n"), st.text(alphabet="甲乙丙\n"))
def test_same_line_breaks_is_same_length_and_break_positions(text: str, converted: str) -> None:
    expected = len(text) == len(converted) and [i for i, c in enumerate(text) if c == "\n"] == [
        i for i, c in enumerate(converted) if c == "\n"
    ]
    assert _same_line_breaks(text, converted) == expected


# pairs of equal-length texts over a few characters and line breaks, the second often the first with some
# characters replaced (so the line breaks are mostly, but not always, at the same positions)
_LINE_BREAK_PAIRS = st.lists(st.tuples(st.sampled_from("甲乙\n"), st.sampled_from("甲乙丙\n\n"))).map(
    lambda pairs: ("".join(a for a, _ in pairs), "".join(a if b == "丙" else b for a, b in pairs)))


@given(_LINE_BREAK_PAIRS)
def test_same_line_breaks_of_equal_length_texts_compares_break_positions(pair: tuple[str, str]) -> None:
    """The ``str.find`` walk over the line breaks agrees with comparing the lengths of all lines."""
    text, converted = pair
    expected = list(map(len, text.split("\n"))) == list(map(len, converted.split("\n")))
    assert _same_line_breaks(text, converted) == expected


def test_taiwan_zhe_takes_each_zhe_of_a_sentence_on_its_own() -> None:
    """Several 著 in one Traditional sentence: zhe becomes 着, zhù words (显著, 著名, 著作) keep 著."""
    assert to_simplified("隨著顯著的經濟發展，著名學者看著著作") == "随着显著的经济发展，著名学者看着著作"
    assert to_simplified("他們隨著著作權的發展著力推進。") == "他们随着著作权的发展着力推进。"


def test_no_character_left_that_t2s_would_change() -> None:
    text = "臺灣地區與著作權、乾燥氣候、裡面的後續發展隨著時間"
    out = convert(text)
    assert script._converter("t2s.json").convert(out) == out


def test_idempotent_on_converted_text() -> None:
    out = convert("隨著顯著的經濟發展,著力推進")
    assert convert_to_simplified(out).edits == []


def test_converters_are_built_once() -> None:
    for _ in range(3):
        to_simplified("發展隨著")
    info = script._converter.cache_info()
    assert info.currsize <= 2
    assert info.hits >= 3


def test_long_single_line() -> None:
    text = "發展" * 50000 + "科技"
    result = convert_to_simplified(text)
    assert len(result.edits) == 1
    assert apply_edits(text, result.edits)[0] == "发展" * 50000 + "科技"
