"""Fast paths of the extract stage give exactly what the plain computations they replace give."""

from __future__ import annotations

import bisect
import re

from hypothesis import given
from hypothesis import strategies as st

from policyparse.extract import context, targets
from policyparse.extract.context import YEAR_RE, TextIndex, simplified_chars
from policyparse.extract.numbers import QUANTITY_RE, quantity_matches

# Characters that make numbers, units, ranges, lists, years and sentence/clause stops.
_ALPHABET = "0123456789０９.,:：%％‰一二两三十百千万亿零〇点分之家元个年月人次/-—~至到余多、和，。；;！？\n 较比的x"
texts = st.text(alphabet=_ALPHABET, max_size=80)


@given(texts)
def test_quantity_matches_are_finditer_matches(text: str) -> None:
    want = [(m.span(), m.groupdict()) for m in QUANTITY_RE.finditer(text)]
    assert [(m.span(), m.groupdict()) for m in quantity_matches(text)] == want


@given(texts)
def test_goal_years_are_finditer_matches(text: str) -> None:
    index = TextIndex.build(text)
    want = [(m.start(), int(m.group("year"))) for m in YEAR_RE.finditer(text)]
    assert list(zip(index.year_starts, index.year_values)) == want


def _stops(pattern: re.Pattern[str], text: str) -> list[int]:
    return [m.start() for m in pattern.finditer(text)]


def _last_stop_after(stops: list[int], pos: int, floor: int) -> int:
    """Reference: just after the last stop in ``[floor, pos)``, by bisection over all stops."""
    i = bisect.bisect_left(stops, pos) - 1
    return stops[i] + 1 if i >= 0 and stops[i] >= floor else floor


@given(texts, st.data())
def test_look_ups_match_bisection_over_all_stops(text: str, data: st.DataObject) -> None:
    index = TextIndex.build(text)
    pos = data.draw(st.integers(0, len(text)))
    floor = data.draw(st.integers(0, len(text)))
    for pattern, look_up in ((context._SEGMENT_STOP_RE, index.segment_start),
                             (context._CLAUSE_STOP_RE, index.clause_start),
                             (context._PART_STOP_RE, index.part_start)):
        assert look_up(pos, floor) == _last_stop_after(_stops(pattern, text), pos, floor)
    ends = _stops(context._SENTENCE_END_RE, text)
    i = bisect.bisect_right(ends, pos - 1)
    start = ends[i - 1] + 1 if i > 0 else 0
    end = ends[i] if i < len(ends) else len(text)
    window = context.SENTENCE_WINDOW
    assert index.sentence(pos) == (max(start, pos - window), min(end, pos + window))


def test_sentence_window_bounds_a_text_without_stops() -> None:
    text = "字" * 1000
    assert TextIndex.build(text).sentence(500) == (100, 900)


@given(st.text(alphabet="這国國发發展經济濟年2021，。x", max_size=40))
def test_simplified_chars_is_the_one_to_one_translation(text: str) -> None:
    table, _ = context._one_to_one_t2s()
    assert simplified_chars(text) == text.translate(table)
    assert simplified_chars("国家发展") == "国家发展"


# The goal-word pattern as first written, before its branches were spelled out for a faster scan.
_GOAL_WORD_AS_WRITTEN = re.compile(
    r"力争|确保|争取|目标|每年|年均|到 ?(?:19|20)[0-9]{2} ?年|(?:19|20)[0-9]{2} ?年(?:底|末)?前?[，,]|十[一二三四五六七八九]五"
)


@given(st.text(alphabet="力争确保取目标每年均到至 1920213，,底末前十四五x", max_size=60))
def test_goal_word_pattern_matches_as_written(text: str) -> None:
    assert [m.span() for m in targets._GOAL_WORD_RE.finditer(text)] == \
        [m.span() for m in _GOAL_WORD_AS_WRITTEN.finditer(text)]


def _strip_opening_reference(s: str) -> str:
    prev = None
    while prev != s:
        prev = s
        s = targets._LEADING_YEAR_RE.sub("", s)
        s = targets._LEADING_SPAN_RE.sub("", s)
        s = targets._LEADING_MARKER_RE.sub("", s)
        s = targets._LEADING_QUANTIFIER_RE.sub("", s)
        s = s.lstrip("，,：:、 和及与的")
    return s


@given(st.text(alphabet="力争到至在于截 2021年底末前，,：:、和及与的（一）1.三内全市我省各类每年其中新增企业", max_size=30))
def test_strip_opening_stops_only_when_nothing_is_left_to_strip(s: str) -> None:
    assert targets._strip_opening(s) == _strip_opening_reference(s)
