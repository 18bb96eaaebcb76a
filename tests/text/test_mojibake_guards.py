"""The cheap exact guards of mojibake repair give the same result as the full search they skip.

Each guard rules a run (or window) out before any per-character work; these properties run
``fix_mojibake`` with the guards and with them switched off (the full search) on random text and on
damaged text, and compare everything it returns.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_mojibake import _shifted  # GBK bytes with the first byte lost, read in step

from policyparse.text import mojibake
from policyparse.text.mojibake import fix_mojibake
from policyparse.text.plausibility import common_han

# any two characters: a stand-in for _utf8_pair_pattern that lets every window through
_ANY_PAIR = re.compile("(?s)..")


@contextmanager
def _guards_off() -> Iterator[None]:
    """The full search: every run and window is examined, windows are found one character at a time."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(mojibake, "_is_unmarked_run", lambda text, start, end: False)
        patch.setattr(mojibake, "_may_start_utf8", lambda text, start, end: True)
        patch.setattr(mojibake, "_may_hold_unmarked_slip", lambda text, start, end, context: True)
        patch.setattr(mojibake, "_utf8_pair_pattern", lambda: _ANY_PAIR)
        patch.setattr(mojibake, "_utf8_windows", _windows_by_character)
        patch.setattr(mojibake, "_not_utf8_byte_char_pattern", lambda: _NOTHING)
        yield


_NOTHING = re.compile("(?!)")  # matches nowhere


def _windows_by_character(text: str, start: int, end: int, *, min_length: int = 2) -> list[tuple[int, int]]:
    """``_utf8_windows`` found one character at a time, also where the text has no U+FFFD."""
    return [(a, b) for a, b in mojibake._utf8_windows_by_character(text, start, end)
            if b - a >= min_length and len(text[a:b].replace("锟斤拷", "")) >= min_length]


def _everything(text: str) -> tuple:
    result = fix_mojibake(text)
    return list(result.edits), result.detail, result.places, result.warnings, result.count


def _same_with_and_without_guards(text: str) -> None:
    guarded = _everything(text)
    with _guards_off():
        full = _everything(text)
    assert guarded == full


def _is_utf8_prefix(data: bytes) -> bool:
    """True when ``data`` is valid UTF-8, or valid up to a sequence cut short at its end."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.reason == "unexpected end of data"
    return True


def _utf8_as_gbk(text: str) -> str:
    return text.encode("utf-8").decode("gb18030", errors="replace")


_COMMON = sorted(common_han())
_RARE = list("癫痫犇羴鱻甪亍彧翀燚垚淼焱嫑巭兲氼覈羣爲衆啓峯")
_MOJIBAKE = list(_utf8_as_gbk("市政府办公室关于做好水利资金安排的通知")) + list("聽锟斤拷鍔炲彂芍苌钊胍粋€")
_MARKS = list("?\ufffd()") + ["?jì)", "(huì )", "會(huì )"]
_OTHER = list("，。、；：“”（）《》 \n0123456789abcxyzlèiāÃ©»\xa0")

_ANY_CHAR = st.one_of(st.sampled_from(_COMMON), st.sampled_from(_RARE), st.sampled_from(_MOJIBAKE),
                      st.sampled_from(_MARKS), st.sampled_from(_OTHER))
_CLEAN_TEXT = st.lists(st.sampled_from(_COMMON[:3000] + list("，。、；：（）0123456789 ")), min_size=4, max_size=60)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(_ANY_CHAR, min_size=1, max_size=80).map("".join))
def test_guards_change_nothing_on_random_text(text: str) -> None:
    _same_with_and_without_guards(text)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(_CLEAN_TEXT.map("".join), _CLEAN_TEXT.map("".join), _CLEAN_TEXT.map("".join),
       st.sampled_from(["utf8-as-gbk", "shifted", "latin-1"]), st.sampled_from(["", "?", "\ufffd", "?huì )"]))
def test_guards_change_nothing_on_damaged_text(before: str, piece: str, after: str, damage: str, mark: str) -> None:
    garble = {"utf8-as-gbk": _utf8_as_gbk, "shifted": _shifted,
              "latin-1": lambda s: s.encode("utf-8").decode("latin-1")}[damage]
    _same_with_and_without_guards(before + mark + garble(piece) + after)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(st.one_of(st.sampled_from(_COMMON), st.sampled_from(_MOJIBAKE), st.sampled_from(_OTHER)),
                min_size=1, max_size=60).map("".join))
def test_window_pattern_finds_the_windows_of_the_character_walk(text: str) -> None:
    text = text.replace("\ufffd", "")
    for min_length in (1, 2):
        assert mojibake._utf8_windows(text, 0, len(text), min_length=min_length) == _windows_by_character(
            text, 0, len(text), min_length=min_length)


@pytest.mark.parametrize("codes", [range(0x4E00, 0x9FA6), range(0x3000, 0x3100), range(0xFF00, 0xFFF0)])
def test_pair_pattern_is_utf8_from_a_lead_byte(codes: range) -> None:
    """Two characters match exactly when their GB18030 bytes begin valid multibyte UTF-8 (second of each pair
    drawn from a few hundred characters, so the test stays quick)."""
    pattern = mojibake._utf8_pair_pattern()
    seconds = [chr(c) for c in range(0x4E00, 0x9FA6, 97)] + list("聽€　，")
    for first in map(chr, codes):
        for second in seconds:
            data = (first + second).encode("gb18030")
            expected = len(data) == 4 and 0xC2 <= data[0] <= 0xF4 and _is_utf8_prefix(data)
            assert (pattern.fullmatch(first + second) is not None) == expected, (first, second)


def test_window_pattern_classes_match_the_shape_of_every_character() -> None:
    pattern = mojibake._utf8_window_pattern()
    shapes = {}
    for code in range(0x80, 0x10000):
        if not 0xD800 <= code < 0xE000:
            shapes[chr(code)] = mojibake._utf8_shape(chr(code).encode("gb18030"))
    in_window = next(ch for ch, shape in shapes.items() if shape == mojibake._IN_WINDOW)
    for ch, shape in shapes.items():
        assert (pattern.fullmatch(ch) is not None) == (shape == mojibake._IN_WINDOW), ch
        assert (pattern.fullmatch(in_window + ch) is not None) == (shape != mojibake._OUTSIDE), ch


@pytest.mark.parametrize("lead", range(0xC2, 0xF5))
def test_starts_utf8_sequence_agrees_with_the_decoder(lead: int) -> None:
    for second in range(0x100):
        assert mojibake._starts_utf8_sequence(lead, second) == _is_utf8_prefix(bytes((lead, second)))


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(_ANY_CHAR, min_size=1, max_size=40).map("".join), st.sampled_from(_COMMON + _RARE + ["\U00020000"]))
def test_a_character_the_pattern_finds_makes_gb18030_bytes_invalid_utf8(text: str, char: str) -> None:
    text = text[: len(text) // 2] + char + text[len(text) // 2 :]
    if mojibake._not_utf8_byte_char_pattern().search(text):
        assert not _is_utf8_prefix(text.encode("gb18030", errors="replace") + b"a")


def test_annotations_of_one_syllable() -> None:
    text = "會(huì )議(yì)，會(huì)商，x(huì)，(huì)，機會(huì ) 繪(huìx)"
    context = mojibake._DocContext(text, re.compile("(?!)"))
    assert context.annotated("huì") == {"會"}
    assert context.annotated("yì") == {"議"}
    assert context.annotated("jì") == set()
