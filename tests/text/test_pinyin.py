"""Pinyin annotations: what is removed, what must stay."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policyparse.text import pinyin as pinyin_module
from policyparse.text.offsets import apply_edits
from policyparse.text.pinyin import SYLLABLES, classify, strip_pinyin_annotations


def strip(text: str) -> str:
    return apply_edits(text, strip_pinyin_annotations(text).edits)[0]


# --- the syllable inventory ----------------------------------------------------------
def test_inventory_holds_the_mandarin_syllables() -> None:
    assert 400 <= len(SYLLABLES) <= 440
    for syllable in ["a", "er", "zhuang", "chuang", "shi", "ri", "lü", "lv", "nüe", "jue", "xiong", "yuan", "wu", "fo", "dia"]:
        assert syllable in SYLLABLES, syllable


@pytest.mark.parametrize("not_a_syllable", ["shong", "fai", "bou", "gi", "zhia", "jan", "qa", "xo", "ti2", "v"])
def test_inventory_rejects_impossible_combinations(not_a_syllable: str) -> None:
    assert not_a_syllable not in SYLLABLES


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        ("huì ", "toned"),
        ("zhèng", "toned"),
        ("chuàng yè", "toned"),
        ("chuàngyè", "toned"),
        ("lǜ", "toned"),
        ("nüè", "toned"),
        ("xue\u0301", "toned"),  # combining acute accent
        ("ｈｕì", "toned"),  # full-width letters
        ("an", "toneless"),
        ("xian", "toneless"),
        ("a", None),  # a lone vowel is never taken without a tone mark
        ("GDP", None),
        ("Huì", None),  # not all lower case
        ("R&D", None),
        ("2019—2021", None),
        ("含蒙医药", None),
        ("iot", None),
        ("hello", None),
        ("çà", None),
    ],
)
def test_classify(content: str, kind: str | None) -> None:
    assert classify(content) == kind


# --- removal ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("國務院辦(bàn)公廳", "國務院辦公廳"),
        ("召開(kāi)會(huì )議", "召開會議"),  # space before the closing bracket
        ("推進（jìn）改革", "推進改革"),  # full-width brackets
        ("雙創(chuàng yè)基地", "雙創基地"),  # several syllables
        ("綠(lǜ)色發展", "綠色發展"),
        ("發\u200b(fā)展", "發\u200b展"),  # zero-width character between
        ("行(xíng)(háng)業", "行業"),  # adjacent annotations go together
        ("產(chǎn)值(GDP)", "產值(GDP)"),
    ],
)
def test_removes_toned_annotations_after_han(text: str, expected: str) -> None:
    assert strip(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "地区生产总值(GDP)增长",
        "研究与试验发展(R&D)经费",
        "三年行动计划(2019—2021)",
        "中医药(含蒙医药)产业",
        "高新技术产业开发区(以下简称高新区)",
        "按照下列情形(a)处理",
        "英语单词(an)与(men)",  # toneless pinyin-like words, no converter evidence
        "Version(huì)",  # not after a Han character
        "(huì)开头",  # nothing before the bracket
        "第3(fā)条",  # after a digit
    ],
)
def test_keeps_legitimate_brackets(text: str) -> None:
    assert strip(text) == text


def test_toneless_annotations_need_evidence_of_the_converter() -> None:
    with_evidence = "業(yè)務(wù)發(fā)展,部門(men)協同"
    assert strip(with_evidence) == "業務發展,部門協同"
    without = "發(fā)展,部門(men)協同"
    assert strip(without) == "發展,部門(men)協同"


def test_lone_vowel_stays_even_with_evidence() -> None:
    text = "業(yè)務(wù)發(fā)展,情形(a)"
    assert strip(text) == "業務發展,情形(a)"


def test_annotation_after_a_lost_character() -> None:
    assert strip("每?(liǎng)周研判") == "每?周研判"
    assert strip("每\ufffd(huì)商") == "每\ufffd商"
    # toneless after '?' is too weak a signal, even in an annotated document
    assert strip("業(yè)務(wù)發(fā)展?(an)") == "業務發展?(an)"


def test_edits_only_delete_and_detail_counts() -> None:
    text = "發(fā)文機關(guān)"
    result = strip_pinyin_annotations(text)
    assert [e.replacement for e in result.edits] == ["", ""]
    assert [text[e.start : e.end] for e in result.edits] == ["(fā)", "(guān)"]
    assert "2" in result.detail


def test_idempotent() -> None:
    text = "創(chuàng )新(xīn)(xin)創(chuàng)業(yè)(GDP)"
    once = strip(text)
    assert strip(once) == once


def test_linear_on_long_inputs() -> None:
    text = "發(fā)" * 20000 + "(" + "a" * 100000 + ")"
    assert strip(text) == "發" * 20000 + "(" + "a" * 100000 + ")"


_NOT_PINYIN = st.text(alphabet="ABCDGPRX&0123456789—-、含以下简称医药 ", min_size=1, max_size=12)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("發展業務中心(（"), _NOT_PINYIN), max_size=8))
def test_brackets_without_pinyin_are_never_touched(parts: list[tuple[str, str]]) -> None:
    text = "".join(f"{han}({content})" for han, content in parts)
    assert strip_pinyin_annotations(text).edits == []


def test_evidence_counts_annotations_later_in_the_document_and_mixed_runs() -> None:
    """A toneless annotation before the tone-marked ones still goes; in a run, removal stops at non-pinyin."""
    text = "銀行(hang)貸款。" + "調(diào)整、經(jīng)營、應(yīng)對" + "長(zhǎng)(zhang)(CEO)任期"
    assert strip(text) == "銀行貸款。調整、經營、應對長(CEO)任期"
    without_evidence = "銀行(hang)貸款，長(zhǎng)(zhang)(CEO)任期"
    assert strip(without_evidence) == "銀行(hang)貸款，長(zhang)(CEO)任期"


def test_candidate_runs_are_runs_of_adjacent_brackets() -> None:
    """The bracket-first, possessive form of the run regex finds what ``(?:bracket)+`` finds."""
    reference = re.compile(rf"(?:[(（][{pinyin_module._CONTENT}]{{1,60}}[)）])+")
    text = "發(fā)展(zhǎn)(zhan)和(GDP)（chuàng）(a)(b) (c)x(ab(cd)) (zhì )量(" + "a" * 61 + ")(" + "a" * 60 + ")"
    found = [(m.start(), m.group()) for m in pinyin_module._CANDIDATE_RUN.finditer(text)]
    assert found == [(m.start(), m.group()) for m in reference.finditer(text)]


def _reference_edits(text: str) -> tuple[list[tuple[int, int]], str]:
    """Run by run, as the step was written before it worked column-wise."""
    runs: list[tuple[int, int, int, bool]] = []
    toned_total = 0
    for match in pinyin_module._CANDIDATE_RUN.finditer(text):
        anchor = pinyin_module._anchor_before(text, match.start())
        if anchor is None:
            continue
        toned, toned_length, loose_length = pinyin_module._run_shape(match.group())
        toned_total += toned
        lost = anchor in ("?", "\ufffd")
        if (lost and not toned) or not loose_length:
            continue
        runs.append((match.start(), toned_length, loose_length, lost))
    loose = toned_total >= pinyin_module._TONELESS_EVIDENCE
    edits = [(start, start + (loose_length if loose else toned_length), lost)
             for start, toned_length, loose_length, lost in runs]
    edits = [edit for edit in edits if edit[1] > edit[0]]
    after_lost = sum(lost for _, _, lost in edits)
    detail = f"{len(edits)} pinyin annotation runs removed"
    if after_lost:
        detail += f" ({after_lost} after a lost character '?')"
    return [(start, end) for start, end, _ in edits], detail if edits else ""


_PIECES = st.sampled_from(["發", "展", "?", "\ufffd", "a", "\u200b", " ", "\n", "(fā)", "(fa)", "（chuàng）", "(GDP)",
                           "(an)", "(huì )", "(zhǎn)(zhan)", "𠀀"])


@given(st.lists(_PIECES, max_size=30).map("".join))
def test_column_wise_step_equals_the_run_by_run_reference(text: str) -> None:
    result = strip_pinyin_annotations(text)
    expected_spans, expected_detail = _reference_edits(text)
    assert [(e.start, e.end) for e in result.edits] == expected_spans
    assert all(e.replacement == "" for e in result.edits)
    assert result.detail == expected_detail


@settings(max_examples=200)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_runs_and_the_characters_before_them_do_not_depend_on_the_blocks(text: str) -> None:
    """Split in blocks of a few characters: runs at a block's start, the text's start and after "\\n"."""
    starts, shapes, before = pinyin_module._candidate_runs(text)
    assert before == "".join(text[start - 1] if start else "\n" for start in starts)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pinyin_module, "_RUN_SCAN_BLOCK", 3)
        assert pinyin_module._candidate_runs(text) == (starts, shapes, before)
        result = strip_pinyin_annotations(text)
    assert [(e.start, e.end) for e in result.edits] == _reference_edits(text)[0]


# the pre-check as one pattern with a bracket class: an opening bracket followed by a Latin letter
_ANY_CANDIDATE_BY_CLASS = re.compile(r"[(（][\s\u200b-\u200d\u2060\ufeff]{0,3}[a-z\u00e0-\u01dc\uff41-\uff5a]")


@given(st.lists(st.sampled_from(["(", "（", "a", "ā", "ｆ", "A", " ", "\u200b", "\n", "發", ")"]), max_size=12).map("".join))
def test_pre_check_per_bracket_finds_what_the_bracket_class_finds(text: str) -> None:
    found = any(candidate.search(text) for candidate in pinyin_module._ANY_CANDIDATES)
    assert found == bool(_ANY_CANDIDATE_BY_CLASS.search(text))


def test_a_text_of_several_scan_blocks_keeps_its_columns_as_arrays() -> None:
    from array import array

    text = "發(fā)展(zhǎn)\n" * 30000  # longer than a scan block: machine-integer columns, runs found block by block
    assert len(text) > pinyin_module._RUN_SCAN_BLOCK
    edits = strip_pinyin_annotations(text).edits
    assert isinstance(edits.starts, array) and isinstance(edits.ends, array)
    assert strip(text) == "發展\n" * 30000


@settings(max_examples=300)
@given(st.lists(st.sampled_from(["發", "(fā)", "（fa）", "(hé）", "（hé)", "(", "（", ")", "）", "x", "\n"]), max_size=20)
       .map("".join))
def test_the_run_pattern_chosen_for_a_text_splits_it_as_the_general_one(text: str) -> None:
    """A text with one kind of opening bracket is searched with a pattern starting with that bracket."""
    chosen = pinyin_module._candidate_run_pattern(text)
    assert chosen.split(text) == pinyin_module._CANDIDATE_RUN.split(text)
