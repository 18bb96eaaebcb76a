"""HTML entities, widths, spaces, line breaks and blank lines."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policyparse.text.normalize import normalize_whitespace, unescape_html_entities
from policyparse.text.offsets import apply_edits


def unescape(text: str) -> str:
    return apply_edits(text, unescape_html_entities(text).edits)[0]


def normalize(text: str) -> str:
    return apply_edits(text, normalize_whitespace(text).edits)[0]


# --- entities -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("市科技局&nbsp;市财政局", "市科技局\u00a0市财政局"),
        ("研发&amp;转化", "研发&转化"),
        ("&#12288;&#12288;为贯彻", "\u3000\u3000为贯彻"),
        ("&#x3000;正文", "\u3000正文"),
        ("&ldquo;双创&rdquo;", "“双创”"),
        ("&amp;nbsp;两次转义", "\u00a0两次转义"),
        ("&nbsp 无分号", "\u00a0 无分号"),
        ("&lt;附件&gt;", "<附件>"),
    ],
)
def test_entities_are_decoded(text: str, expected: str) -> None:
    assert unescape(text) == expected


@pytest.mark.parametrize("text", ["R&D投入", "a=1&copy=2", "&unknownentity;", "AT&T", "&", "没有实体"])
def test_text_that_is_not_an_entity_stays(text: str) -> None:
    assert unescape(text) == text


def test_one_edit_per_entity() -> None:
    text = "A&nbsp;B&amp;C"
    edits = unescape_html_entities(text).edits
    assert [(text[e.start : e.end], e.replacement) for e in edits] == [("&nbsp;", "\u00a0"), ("&amp;", "&")]


# --- widths and spaces -----------------------------------------------------------------------
def test_fullwidth_letters_and_digits_become_ascii() -> None:
    assert normalize("ＧＤＰ增长２０２１年ｘ") == "GDP增长2021年x"


def test_chinese_and_fullwidth_punctuation_stays() -> None:
    text = "（一）目标：增长10％以上；1．总则，原则、要求。"
    assert normalize(text) == text


def test_unicode_spaces_become_plain_spaces_one_for_one() -> None:
    assert normalize("文\u3000\u3000号 通创办发\u00a0〔2023〕") == "文  号 通创办发 〔2023〕"
    assert normalize("甲\u2002乙\t丙") == "甲 乙 丙"


def test_zero_width_characters_are_removed() -> None:
    assert normalize("推\u200b进\ufeff科\u200d技\u2060创新") == "推进科技创新"


def test_indentation_and_trailing_spaces_are_removed() -> None:
    assert normalize("\u3000\u3000一、总体要求  \u2002\n    正文开始。\u00a0") == "一、总体要求\n正文开始。"


def test_runs_of_plain_lines_lose_only_their_indents() -> None:
    text = "  第一条 总则\n\n第二条 目的\n第三条 范围\n\n    第四条 附则\n第五条\n\n\n第六条\n"
    result = normalize_whitespace(text)
    assert [(e.start, e.end) for e in result.edits] == [(0, 2), (25, 29), (41, 42)]
    assert normalize(text) == "第一条 总则\n\n第二条 目的\n第三条 范围\n\n第四条 附则\n第五条\n\n第六条\n"


def test_line_breaks_become_lf() -> None:
    assert normalize("第一行\r\n第二行\r第三行\u2028第四行") == "第一行\n第二行\n第三行\n第四行"


def test_blank_lines_collapse_and_leave_the_ends() -> None:
    text = "\n\u00a0\n标题\n\n\u00a0 \n\u3000\n\n正文\n\n\n"
    assert normalize(text) == "标题\n\n正文\n"


def test_space_only_lines_count_as_blank() -> None:
    assert normalize("甲\n\u00a0\u00a0\n\u00a0\n乙") == "甲\n\n乙"


def test_idempotent() -> None:
    text = "\ufeff  标题\r\n\r\n\r\n\u3000\u3000ＡＢ　正文\u200b  \n\n"
    once = normalize(text)
    assert normalize(once) == once
    assert not normalize_whitespace(once).edits


def test_offsets_of_kept_characters() -> None:
    text = "\u3000\u3000甲乙\u00a0丙  \n\n\n丁"
    out, offset_map = apply_edits(text, normalize_whitespace(text).edits)
    assert out == "甲乙 丙\n\n丁"
    for i, ch in enumerate(out):
        if ch not in " \n":
            s, e = offset_map.to_input((i, i + 1))
            assert text[s:e] == ch


def test_long_single_line_is_linear() -> None:
    text = " " * 200000 + "甲" + "\u3000" * 200000 + "乙" + " " * 200000
    assert normalize(text) == "甲" + " " * 200000 + "乙"


_MESSY = st.lists(
    st.sampled_from(list(" \t\n\r\u3000\u00a0\u200b\ufeff\u2028ａ１％．甲乙，。") + ["\r\n", "&nbsp;"]), max_size=40
).map("".join)


@settings(max_examples=150, deadline=None)
@given(_MESSY)
def test_normalisation_is_idempotent_and_keeps_han(text: str) -> None:
    once = normalize(text)
    assert not normalize_whitespace(once).edits
    assert [c for c in once if c in "甲乙"] == [c for c in text if c in "甲乙"]
