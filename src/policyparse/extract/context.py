"""Where a number stands: its sentence, paragraph and the words around it.

Shared by ``targets`` and ``funding``; built once per document by ``quantities``.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import field
from typing import Optional

from ..cache import cached_value, compile_pattern, dataclass

# Sentence ends: 。；！？ (and their ASCII forms) and line breaks.
_SENTENCE_END_RE = compile_pattern(r"[。；;！？!?\n]")

# A year that states a deadline or date of a goal: 到2021年, 2021年底前, 力争2021年 —
# not a full date (2021年5月), not the end of a range (2016~2018年), not a baseline (较 2020 年).
YEAR_RE = compile_pattern(r"(?<![0-9])(?<![0-9][-—–~～至])(?<![较比])(?<![较比] )(?P<year>(?:19|20)[0-9]{2}) ?年(?! ?[0-9]{1,2}月|[0-9一二三四五六七八九十]{1,3}月)(?![-—–~～至])")
# The 年 of a year: a single literal, so the scan for it runs at C speed (a scan led by a class of
# first characters, such as (?:19|20)…, tests every character and is ~10× slower).
_YEAR_CHAR_RE = compile_pattern("年")
# The number of a year: 2021 (before its 年, then at most one space; or at the start of an ISO date).
YEAR_NUMBER_RE = compile_pattern(r"(?:19|20)[0-9]{2}")
# A deadline: 到2021年, 至 2025 年 (a year candidate right after 到/至 and at most one space).
DEADLINE_RE = compile_pattern(r"(?:到|至) ?(?:19|20)[0-9]{2} ?年")
# A named plan period: 十四五, “十四五”.
PERIOD_RE = compile_pattern(r"十[一二三四五六七八九]五")


# Look-arounds are bounded so that a 5 MB text without a full stop stays linear.
# (Positions met once per number are clamped to a window with comparisons, not max()/min(): on CPython 3.11
# a call of either builtin costs about ten times a comparison.)
SENTENCE_WINDOW = 400
PARAGRAPH_WINDOW = 1200
_NEWLINE_RE = compile_pattern("\n")
# Stops of a segment (clause ends and 、), of a clause, and of a ；-part.
_SEGMENT_STOP_RE = compile_pattern(r"[。；;！？!?\n，,：:、]")
CLAUSE_STOP_RE = compile_pattern(r"[。；;！？!?\n，,：:]")
_PART_STOP_RE = compile_pattern(r"[。；;\n]")


@dataclass(slots=True)
class Sentence:
    """A sentence as its numbers see it (``TextIndex.sentence``), with the line that holds it.

    One object serves every number of the sentence: what they all look up in it is found once.
    """

    start: int
    end: int  # (excludes the 。)
    line: tuple[int, int]  # ``[start, end)`` of the line holding it (a line end also ends a sentence)

    def paragraph(self, pos: int) -> tuple[int, int]:
        """``TextIndex.paragraph(pos)`` for a ``pos`` in this sentence, without a look-up."""
        return _within_window(self.line, pos, PARAGRAPH_WINDOW)


@dataclass(slots=True)
class TextIndex:
    """Boundaries and marks of one text, for look-ups around a position.

    Stops before a position are found by a forward regex search of the reversed
    text (``reversed_text``), bounded by the caller's floor or the sentence
    window, so no per-character list has to be built; lines and goal years are
    listed once for O(log n) look-ups.
    """

    text: str
    reversed_text: str
    line_ends: list[int]
    year_starts: list[int]
    year_values: list[int]
    deadline_starts: list[int]  # where the DEADLINE_RE matches start
    _marks: dict[str, list[int]] = field(default_factory=dict)  # by pattern source (hashing a Pattern is slow)
    _line_marks: dict[tuple[str, int], list[int]] = field(default_factory=dict)  # by pattern source and line start
    # True bounds of the last sentence looked up, once both were seen inside the window
    # (the numbers of one sentence come one after another), and the last sentence given.
    _sentence_seen: tuple[int, int] = (0, 0)
    _last_sentence: Optional[Sentence] = None

    @classmethod
    def build(cls, text: str) -> "TextIndex":
        candidates = _year_candidates(text)
        years = _goal_years(text, candidates)
        return cls(
            text=text,
            reversed_text=text[::-1],
            line_ends=[m.start() for m in _NEWLINE_RE.finditer(text)],
            year_starts=[p for p, _ in years],
            year_values=[y for _, y in years],
            deadline_starts=_deadline_starts(text, candidates),
        )

    def sentence(self, pos: int) -> Sentence:
        """The sentence holding ``pos`` (its end excludes the 。), at most a window around it.

        The same object as for the previous position when the bounds are the same.
        """
        start, end = self._sentence_seen
        if not start <= pos < end:
            start, end = self._sentence_in_window(pos)
        start, end = _within_window((start, end), pos, SENTENCE_WINDOW)
        last = self._last_sentence
        if last is None or last.start != start or last.end != end:
            last = self._last_sentence = Sentence(start, end, self._line(pos))
        return last

    def _sentence_in_window(self, pos: int) -> tuple[int, int]:
        """The bounds of ``pos``'s sentence found within the window (remembered when both are its true bounds)."""
        floor = pos - SENTENCE_WINDOW if pos > SENTENCE_WINDOW else 0
        start = self._back(_SENTENCE_END_RE, pos, floor)
        m = _SENTENCE_END_RE.search(self.text, pos, pos + SENTENCE_WINDOW)
        end = m.start() if m else min(len(self.text), pos + SENTENCE_WINDOW)
        if (start > floor or floor == 0) and (m is not None or end == len(self.text)):
            self._sentence_seen = (start, end)
        return start, end

    def paragraph(self, pos: int) -> tuple[int, int]:
        """``[start, end)`` of the line holding ``pos``, at most a window around it."""
        return _within_window(self._line(pos), pos, PARAGRAPH_WINDOW)

    def _line(self, pos: int) -> tuple[int, int]:
        """``[start, end)`` of the line holding ``pos`` (a line end is held by the line it ends)."""
        ends = self.line_ends
        i = bisect.bisect_left(ends, pos)  # the first line end at or after pos
        return ends[i - 1] + 1 if i > 0 else 0, ends[i] if i < len(ends) else len(self.text)

    def segment_and_clause_start(self, pos: int, floor: int) -> tuple[int, int]:
        """Just after the last clause end or 、 before ``pos`` (the segment), and ``clause_start(pos, floor)``,
        from one look back (not before ``floor``): the last segment stop is also the last clause stop unless it
        is a 、."""
        n = len(self.text)
        m = _SEGMENT_STOP_RE.search(self.reversed_text, n - pos, n - floor) if pos > floor else None
        if m is None:
            return floor, floor
        segment = n - m.start()
        if self.reversed_text[m.start()] != "、":
            return segment, segment
        return segment, self._back(CLAUSE_STOP_RE, segment - 1, floor)

    def clause_start(self, pos: int, floor: int) -> int:
        """Just after the last comma, colon or sentence end before ``pos``."""
        return self._back(CLAUSE_STOP_RE, pos, floor)

    def part_start(self, pos: int, floor: int) -> int:
        """Just after the last ；/。/line end before ``pos``."""
        return self._back(_PART_STOP_RE, pos, floor)

    def _back(self, stop: re.Pattern[str], pos: int, floor: int) -> int:
        """Just after the last ``stop`` character in ``text[floor:pos]``, else ``floor``.

        ``text[j]`` is ``reversed_text[n - 1 - j]``, so the last stop before ``pos`` is the
        first one from ``n - pos`` on in the reversed text.
        """
        n = len(self.text)
        m = stop.search(self.reversed_text, n - pos, n - floor) if pos > floor else None
        return n - m.start() if m else floor

    def last_year(self, start: int, end: int) -> Optional[int]:
        """The last goal year that starts in ``[start, end)``."""
        i = bisect.bisect_left(self.year_starts, end) - 1
        return self.year_values[i] if i >= 0 and self.year_starts[i] >= start else None

    def first_year(self, start: int, end: int) -> Optional[int]:
        """The first goal year that starts in ``[start, end)``."""
        i = bisect.bisect_left(self.year_starts, start)
        return self.year_values[i] if i < len(self.year_starts) and self.year_starts[i] < end else None

    def has_deadline(self, start: int, end: int) -> bool:
        """True when a ``DEADLINE_RE`` match starts in ``[start, end)``."""
        return _starts_within(self.deadline_starts, start, end)

    def has_mark(self, pattern: re.Pattern[str], start: int, end: int, anchors: Optional[Anchors] = None) -> bool:
        """True when ``pattern`` (found once over the whole text, then cached) starts in ``[start, end)``.

        ``anchors``: as for ``mark_starts``.
        """
        return _starts_within(self.mark_starts(pattern, anchors), start, end)

    def has_line_mark(self, pattern: re.Pattern[str], start: int, end: int) -> bool:
        """``has_mark(pattern, start, end)`` for a ``pattern`` that never matches across a line end (no look-around,
        no ``\\n`` in a match) and a ``[start, end)`` within one line.

        The whole text's ``finditer`` matches within a line are that line's own ``finditer`` matches (the scan of
        the text reaches each line start with no match open), so only the lines asked about are scanned, once each.
        """
        if start >= end:
            return False
        line_start, line_end = self._line(start)
        key = (pattern.pattern, line_start)
        starts = self._line_marks.get(key)
        if starts is None:
            starts = self._line_marks[key] = [m.start() for m in pattern.finditer(self.text, line_start, line_end)]
        return _starts_within(starts, start, end)

    def mark_starts(self, pattern: re.Pattern[str], anchors: Optional[Anchors] = None) -> list[int]:
        """Where the matches of ``pattern`` over the whole text start, as ``finditer`` gives them (found once, then cached).

        ``anchors``: ``(words, reach)`` when every match holds one of ``words`` at most ``reach``
        characters after its start; then the pattern is tried only there, not scanned over the text.
        """
        starts = self._marks.get(pattern.pattern)
        if starts is None:
            if anchors is None:
                starts = [m.start() for m in pattern.finditer(self.text)]
            else:
                starts = _anchored_starts(pattern, self.text, *anchors)
            self._marks[pattern.pattern] = starts
        return starts


def _within_window(bounds: tuple[int, int], pos: int, window: int) -> tuple[int, int]:
    """``bounds`` cut to at most ``window`` characters either side of ``pos``."""
    start, end = bounds
    low, high = pos - window, pos + window
    return (start if start > low else low), (end if end < high else high)


# Words of which every match of a pattern holds one, and how far after the match start the word may begin.
Anchors = tuple[tuple[str, ...], int]


def _anchored_starts(pattern: re.Pattern[str], text: str, words: tuple[str, ...], reach: int) -> list[int]:
    """``finditer`` starts of ``pattern`` (which never matches the empty string), trying it only at the
    positions up to ``reach`` before an occurrence of one of ``words``: each ``str.find`` of a word is a
    fast literal scan, where a scan led by a class of first characters tests every character."""
    tries: set[int] = set()
    for word in words:
        at = text.find(word)
        while at >= 0:
            tries.update(range(max(0, at - reach), at + 1))
            at = text.find(word, at + 1)
    starts = []
    end = 0
    for pos in sorted(tries):
        if pos >= end:  # (finditer goes on after the end of its last match)
            m = pattern.match(text, pos)
            if m is not None:
                starts.append(pos)
                end = m.end()
    return starts


def _starts_within(starts: list[int], start: int, end: int) -> bool:
    """True when the sorted ``starts`` hold one in ``[start, end)``."""
    i = bisect.bisect_left(starts, start)
    return i < len(starts) and starts[i] < end


def _year_candidates(text: str) -> list[int]:
    """Where ``(?:19|20)[0-9]{2} ?年`` matches start (2021年, 2021 年), as ``finditer`` gives them.

    Found from each 年 by looking back (a C-speed literal scan finds the 年s);
    two such matches cannot overlap, so each is a ``finditer`` match.
    """
    candidates = []
    for m in _YEAR_CHAR_RE.finditer(text):
        year_end = m.start() - 1 if text[m.start() - 1:m.start()] == " " else m.start()
        if year_end >= 4 and YEAR_NUMBER_RE.fullmatch(text, year_end - 4, year_end):
            candidates.append(year_end - 4)
    return candidates


def _goal_years(text: str, candidates: list[int]) -> list[tuple[int, int]]:
    """``(start, year)`` of every ``YEAR_RE`` match, as ``finditer`` gives them.

    YEAR_RE opens with look-behinds, so a plain scan tries it at every position;
    its matches all start at a year candidate (``_year_candidates``), so trying it
    only there finds the same ones far faster.
    """
    years = []
    for start in candidates:
        m = YEAR_RE.match(text, start)
        if m is not None:
            years.append((start, int(m.group("year"))))
    return years


def _deadline_starts(text: str, candidates: list[int]) -> list[int]:
    """Where ``DEADLINE_RE`` matches start, as ``finditer`` gives them: at a 到/至 before a year
    candidate (with at most one space between); two such matches cannot overlap."""
    starts = []
    for start in candidates:
        before = start - 2 if text[start - 1:start] == " " else start - 1
        if before >= 0 and text[before] in "到至":
            starts.append(before)
    return starts


# 对 opening the phrase of who a grant goes to (对年产值超过1亿元的企业，给予…) — not 针对, 对象, 对接, 对外 …
# (a pattern piece: targets and funding build their patterns on it)
RECIPIENT_OPENING = r"对(?<![针应面相绝核比反]对)(?![象接于应照比外口称话待策手标])"

# The basis of a per-unit grant: 每新增1家, 每成功推荐1个, 产值每增加1000万元, 销售额每超1亿元 (…奖励10万元).
_RATE_BASIS_RE = compile_pattern(
    r"每(?:成功|首次)?(?:新增|增加|引进|推荐|培育|认定|新建|建成|吸纳|招用|带动|完成|实现|培训|安置|落户|入选|获得|提高|提升|"
    r"超过|超)"
    r"[^，,。；;0-9]{0,8}$"
)


def is_rate_basis(text: str, clause_start: int, pos: int) -> bool:
    """True when the number at ``pos`` is the unit a grant is paid per (每新增1家…给予), not a goal or an amount."""
    floor = pos - 16 if pos - 16 > clause_start else clause_start
    return text.find("每", floor, pos) >= 0 and bool(_RATE_BASIS_RE.search(text, floor, pos))


def find_period(text: str, start: int, end: int) -> Optional[str]:
    """A named plan period (``十四五``) in ``text[start:end]``."""
    m = PERIOD_RE.search(text, start, end)
    return m.group() if m else None


@functools.lru_cache(maxsize=1)
def _one_to_one_t2s() -> tuple[dict[int, str], Optional[re.Pattern[str]]]:
    """Traditional → Simplified for single characters that map to a single character, and a pattern
    matching any one of those Traditional characters (built once per installation, see ``cache``)."""
    try:
        import opencc
    except ImportError:  # pragma: no cover - opencc is a dependency; without it Traditional text is read as is
        return {}, None
    table = cached_value("one_to_one_t2s", _build_one_to_one_t2s, depends_on=f"opencc-{opencc.__version__}")
    if not table:
        return {}, None
    # One character of the table: 這, 國, 發 … (a C-speed scan finds the first one, if any).  The table's
    # characters are all CJK ideographs, which need no escaping in a class.
    traditional_re = compile_pattern("[" + "".join(map(chr, table)) + "]")
    return table, traditional_re


def _build_one_to_one_t2s() -> dict[int, str]:
    import opencc

    chars = [chr(c) for c in range(0x4E00, 0xA000)]
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):
        return {}
    return {ord(a): b for a, b in zip(chars, converted) if len(b) == 1 and a != b}


def simplified_chars(text: str) -> str:
    """``text`` with Traditional characters replaced one for one (same length, so spans hold).

    Lets the Simplified rules read documents parsed with ``script="keep"``.
    """
    table, traditional_re = _one_to_one_t2s()
    first = traditional_re.search(text) if traditional_re is not None else None
    if first is None:
        return text  # nothing to replace (most texts were converted upstream)
    start = first.start()
    return text[:start] + text[start:].translate(table)


def as_written(matched: str, original: str, value: Optional[str], near: tuple[int, int]) -> Optional[str]:
    """The original-script form of ``value``, a substring of ``matched`` found near ``near``."""
    if value is None or matched is original:
        return value
    start = max(0, near[0] - 80)
    pos = matched.find(value, start, near[1] + 80)
    return original[pos:pos + len(value)] if pos >= 0 else value
