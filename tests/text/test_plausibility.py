"""Plausibility: the regex-based counts agree with the per-character classes they stand for."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from policyparse.text.plausibility import assess, char_class, is_clean_char, suspicious_chars

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
