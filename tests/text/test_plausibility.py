"""Plausibility: the regex-based counts agree with the per-character classes they stand for."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from policyparse.text.plausibility import (
    _is_neutral,
    _neutral_codes,
    _weird_codes,
    assess,
    char_class,
    common_han,
    is_clean_char,
    is_weird,
    suspicious_chars,
)

# characters from every region the classes distinguish: ASCII, Latin-1, pinyin letters, cp1252 symbols,
# punctuation, box drawing, CJK, private use, U+FFFD, beyond the BMP
_MIXED = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x20, max_codepoint=0x2FF),
        st.characters(min_codepoint=0x2000, max_codepoint=0x33FF),
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
        st.characters(min_codepoint=0xE000, max_codepoint=0xFFFF),
        st.characters(min_codepoint=0x10000, max_codepoint=0x2FFFF),
    ),
    max_size=60,
)


@settings(max_examples=150, deadline=None)
@given(_MIXED)
def test_suspicious_chars_are_the_unclean_characters(text: str) -> None:
    assert suspicious_chars(text) == {ch for ch in text if not is_clean_char(ch)}


@settings(max_examples=150, deadline=None)
@given(_MIXED)
def test_assess_counts_each_character_by_its_class(text: str) -> None:
    a = assess(text)
    classes = [char_class(ch) for ch in text]
    if text.isascii():
        assert (a.common, a.rare, a.weird) == (0, 0, 0)
        return
    if "锟斤拷" not in text:
        assert (a.common, a.rare, a.weird) == (classes.count(1), classes.count(-1), classes.count(-2))


def test_suspicious_chars_of_a_clean_sentence_and_of_mojibake() -> None:
    assert suspicious_chars("各区县（市）人民政府，“十四五”期间完成90%。") == set()
    # rare Han (UTF-8 read as GBK, a rare word) and a Latin-1 letter; 斂 is common Traditional, § is allowed
    assert suspicious_chars("鐩樻斂 and Ã§ 癫") == {"鐩", "樻", "Ã", "癫"}


def test_common_han_is_every_decodable_code_of_both_ranges() -> None:
    """The bulk decoding of ``common_han`` finds exactly what decoding each code on its own finds."""
    expected: set[str] = set()
    codes = [("gb2312", bytes((lead, trail))) for lead in range(0xB0, 0xD8) for trail in range(0xA1, 0xFF)]
    codes += [("big5", bytes((code >> 8, code & 0xFF))) for code in range(0xA440, 0xC67F)]
    for codec, pair in codes:
        try:
            expected.add(pair.decode(codec))
        except UnicodeDecodeError:
            pass
    assert common_han() == frozenset(expected)


def test_class_code_sets_match_the_per_character_classes() -> None:
    """The weird and neutral sets derived from ranges agree with ``is_weird`` / ``_is_neutral`` on the BMP."""
    common = common_han()
    weird, neutral = set(), set()
    for code in range(0x80, 0x10000):
        ch = chr(code)
        if ch in common:
            continue
        if is_weird(ch):
            weird.add(code)
        elif _is_neutral(ch):
            neutral.add(code)
    assert weird == _weird_codes()
    assert neutral == _neutral_codes()
