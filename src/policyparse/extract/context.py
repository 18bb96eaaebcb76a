"""Where a number stands: its sentence, paragraph and the words around it.

Shared by ``targets`` and ``funding``; built once per document by ``quantities``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Optional

# Sentence ends: 。；！？ (and their ASCII forms) and line breaks.
_SENTENCE_END_RE = re.compile(r"[。；;！？!?\n]")
# Clause ends inside a sentence: commas and colons as well.
CLAUSE_END_CHARS = frozenset("。；;！？!?\n，,：:")
# Segment ends: clause ends and the enumeration comma 、.
SEGMENT_END_CHARS = CLAUSE_END_CHARS | frozenset("、")

# A year that states a deadline or date of a goal: 到2021年, 2021年底前, 力争2021年 —
# not a full date (2021年5月) and not the end of a range (2016~2018年).
YEAR_RE = re.compile(r"(?<![0-9])(?<![0-9][-—–~～至])(?P<year>(?:19|20)[0-9]{2})年(?![0-9]{1,2}月|[0-9一二三四五六七八九十]{1,3}月)(?![-—–~～至])")
# A named plan period: 十四五, “十四五”.
PERIOD_RE = re.compile(r"十[一二三四五六七八九]五")


# Look-arounds are bounded so that a 5 MB text without a full stop stays linear.
SENTENCE_WINDOW = 600
PARAGRAPH_WINDOW = 1500
_NEWLINE_RE = re.compile("\n")


@dataclass(slots=True)
class TextIndex:
    """Sentence and paragraph boundaries of one text, for O(log n) look-ups."""

    text: str
    sentence_ends: list[int]
    line_ends: list[int]

    @classmethod
    def build(cls, text: str) -> "TextIndex":
        sentence_ends = [m.start() for m in _SENTENCE_END_RE.finditer(text)]
        line_ends = [m.start() for m in _NEWLINE_RE.finditer(text)]
        return cls(text=text, sentence_ends=sentence_ends, line_ends=line_ends)

    def sentence(self, pos: int) -> tuple[int, int]:
        """``[start, end)`` of the sentence holding ``pos`` (end excludes the 。), at most a window around it."""
        start, end = _bounds(self.sentence_ends, pos, len(self.text))
        return max(start, pos - SENTENCE_WINDOW), min(end, pos + SENTENCE_WINDOW)

    def paragraph(self, pos: int) -> tuple[int, int]:
        """``[start, end)`` of the line holding ``pos``, at most a window around it."""
        start, end = _bounds(self.line_ends, pos, len(self.text))
        return max(start, pos - PARAGRAPH_WINDOW), min(end, pos + PARAGRAPH_WINDOW)


def _bounds(ends: list[int], pos: int, size: int) -> tuple[int, int]:
    i = bisect.bisect_right(ends, pos - 1)  # first end >= pos
    start = ends[i - 1] + 1 if i > 0 else 0
    end = ends[i] if i < len(ends) else size
    return start, end


def back_to(text: str, pos: int, floor: int, stops: frozenset[str]) -> int:
    """The start of the stretch ending at ``pos``: just after the last stop char at or after ``floor``."""
    i = pos - 1
    while i >= floor:
        if text[i] in stops:
            return i + 1
        i -= 1
    return floor


def forward_to(text: str, pos: int, ceiling: int, stops: frozenset[str]) -> int:
    """The first stop char at or after ``pos`` (or ``ceiling``)."""
    i = pos
    while i < ceiling:
        if text[i] in stops:
            return i
        i += 1
    return ceiling


def last_year(text: str, start: int, end: int) -> Optional[int]:
    """The last goal year written in ``text[start:end]`` (searched backwards in short chunks)."""
    chunk_end = end
    while chunk_end > start:
        chunk_start = max(start, chunk_end - 120)
        year = None
        for m in YEAR_RE.finditer(text, max(start, chunk_start - 8), chunk_end):
            year = int(m.group("year"))
        if year is not None:
            return year
        chunk_end = chunk_start
    return None


def first_year(text: str, start: int, end: int) -> Optional[int]:
    """The first goal year written in ``text[start:end]``."""
    m = YEAR_RE.search(text, start, end)
    return int(m.group("year")) if m else None


def find_period(text: str, start: int, end: int) -> Optional[str]:
    """A named plan period (``十四五``) in ``text[start:end]``."""
    m = PERIOD_RE.search(text, start, end)
    return m.group() if m else None
