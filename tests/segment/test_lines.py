"""Non-blank stripped lines with offsets."""

from __future__ import annotations

from policyparse.segment.lines import StrippedLine, stripped_lines

_PADDING = " \t\r\u3000\xa0"


def _reference_lines(text: str, start: int, end: int) -> list[StrippedLine]:
    """Line by line: split at newlines, strip the padding, keep the non-blank lines."""
    out: list[StrippedLine] = []
    pos = start
    for raw in text[start:end].split("\n"):
        stripped = raw.strip(_PADDING)
        if stripped:
            lead = len(raw) - len(raw.lstrip(_PADDING))
            out.append(StrippedLine(stripped, pos + lead, pos + lead + len(stripped)))
        pos += len(raw) + 1
    return out


def test_lines_are_stripped_with_absolute_offsets() -> None:
    text = "标题\n\u3000\u3000第一行 \r\n \t \n\xa0x\n末行"
    assert stripped_lines(text, 0) == [
        StrippedLine("标题", 0, 2), StrippedLine("第一行", 5, 8), StrippedLine("x", 16, 17), StrippedLine("末行", 18, 20)
    ]
    assert stripped_lines(text, 3, 7) == [StrippedLine("第一", 5, 7)]
    assert stripped_lines(text, 5, 5) == []


def test_matches_the_line_by_line_reference() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet=list(" \t\r\n\u3000\xa0\u2002ab一"), max_size=40), st.integers(0, 45), st.integers(0, 45))
    def check(text: str, start: int, end: int) -> None:
        start, end = min(start, len(text)), min(end, len(text))
        expected = _reference_lines(text, start, end) if start <= end else []
        assert stripped_lines(text, start, end) == expected
        assert stripped_lines(text, start) == _reference_lines(text, start, len(text))

    check()


def test_shared_lines_give_what_splitting_each_region_gives() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from policyparse.segment.lines import SharedLines

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet=list(" \t\r\n\u3000\xa0\u2002ab一"), max_size=40),
           st.integers(0, 45), st.lists(st.tuples(st.integers(0, 45), st.integers(0, 45)), min_size=1, max_size=4))
    def check(text: str, split_from: int, regions: list[tuple[int, int]]) -> None:
        shared = SharedLines(text, min(split_from, len(text)))  # earlier regions are split on their own
        for start, end in regions:
            start, end = min(start, len(text)), min(end, len(text))
            assert shared.between(start, end) == stripped_lines(text, start, end)
            assert shared.between(start) == stripped_lines(text, start)

    check()


def test_lines_between_are_the_stripped_lines_with_or_without_a_shared_split() -> None:
    from policyparse.segment.lines import SharedLines, lines_between, stripped_lines

    text = "标题\n　一、总体要求 \n\n附件\n 1.名单\n"
    for start, end in ((0, len(text)), (4, len(text)), (5, 14)):
        expected = stripped_lines(text, start, end)
        assert lines_between(text, start, end) == expected
        assert lines_between(text, start, end, SharedLines(text)) == expected
