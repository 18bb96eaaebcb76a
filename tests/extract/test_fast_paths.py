"""Fast paths of the extract stage give exactly what the plain computations they replace give."""

from __future__ import annotations

import bisect
import re
from dataclasses import fields
from types import SimpleNamespace
from typing import Iterator, Optional

from hypothesis import given
from hypothesis import strategies as st

from policyparse.extract import context, funding, numbers, quantities, targets
from policyparse.extract.context import YEAR_RE, TextIndex, simplified_chars
from policyparse.extract.numbers import QUANTITY_RE, quantity_matches
from policyparse.model import Section, Task

# Characters that make numbers, units, ranges, lists, years and sentence/clause stops.
_ALPHABET = "0123456789０９.,:：%％‰一二两三十百千万亿零〇点分之家元个年月人次/-—~至到余多、和，。；;！？\n 较比的x"
texts = st.text(alphabet=_ALPHABET, max_size=80)


def _left_out_matches(text: str) -> Iterator[re.Match[str]]:
    """The finditer matches quantity_matches leaves out; checks that it yields the others, in order."""
    yielded = [(m.span(), m.groupdict()) for m in quantity_matches(text)]
    i = 0
    for m in QUANTITY_RE.finditer(text):
        if i < len(yielded) and yielded[i] == (m.span(), m.groupdict()):
            i += 1
        else:
            yield m
    assert i == len(yielded)


def _assert_only_bare_numbers_left_out(text: str) -> None:
    for m in _left_out_matches(text):
        # a bare number (not the 百 of 百分之) before anything but a list separator
        assert m.end() == m.end("num") and m.group("pct") is None, m
        assert m.group() != "百" and text[m.end():m.end() + 1] not in numbers._LIST_SEP, m


@given(texts)
def test_quantity_matches_are_the_finditer_matches_that_can_matter(text: str) -> None:
    _assert_only_bare_numbers_left_out(text)


# Numbers before the first characters of unit words (批次, 分钟, 次, 个工作日), before points and brackets.
@given(st.text(alphabet="12０一十百批分次个工作日.．,：: 、〔〕x%", max_size=30))
def test_bare_numbers_before_unit_heads_points_and_brackets_are_left_out(text: str) -> None:
    _assert_only_bare_numbers_left_out(text)


@given(st.text(alphabet="12０一十百批分次个工作日.．,：: 、〔〕x%万元", max_size=30))
def test_find_quantities_over_unit_heads_points_and_brackets_matches_the_plain_scan(text: str) -> None:
    assert list(numbers.find_quantities(text)) == list(_find_quantities_reference(text))


def _find_quantities_reference(text: str) -> Iterator[numbers.Quantity]:
    """find_quantities as first written: every QUANTITY_RE match, each through _quantity_from_match."""
    pending: list[tuple[int, int, str]] = []
    for m in QUANTITY_RE.finditer(text):
        q = numbers._quantity_from_match(m)
        if q is None:
            if m.group("unit") is None and m.group("pct") is None and not m.group("num2"):
                pending = numbers._extend_pending(text, pending, m)
            else:
                pending = []
            continue
        if pending and numbers._adjacent(text, pending[-1][1], m.start()):
            for start, end, token in pending:
                shared = numbers._shared_unit_quantity(m, token, start, end)
                if shared is not None:
                    yield shared
        pending = []
        yield q


@given(texts)
def test_find_quantities_matches_the_plain_scan(text: str) -> None:
    assert list(numbers.find_quantities(text)) == list(_find_quantities_reference(text))


@given(st.lists(st.sampled_from(["一批", "进一步", "200", "、", "100万元", "和", "三", "两", "个", "十", "家", "，", "万"]),
                max_size=25))
def test_find_quantities_keeps_lists_across_lone_numerals(parts: list[str]) -> None:
    text = "".join(parts)
    assert list(numbers.find_quantities(text)) == list(_find_quantities_reference(text))


@given(texts)
def test_goal_years_are_finditer_matches(text: str) -> None:
    index = TextIndex.build(text)
    want = [(m.start(), int(m.group("year"))) for m in YEAR_RE.finditer(text)]
    assert list(zip(index.year_starts, index.year_values)) == want


# Years, deadlines and what may border them: 2021年, 到 2025 年, 12020年, 至2021年5月.
years_and_deadlines = st.text(alphabet="0123456789到至 年月较比-~x", max_size=60)


@given(years_and_deadlines)
def test_year_candidates_are_finditer_matches(text: str) -> None:
    assert context._year_candidates(text) == [m.start() for m in re.finditer(r"(?:19|20)[0-9]{2} ?年", text)]


@given(years_and_deadlines)
def test_deadlines_are_finditer_matches(text: str) -> None:
    index = TextIndex.build(text)
    assert index.deadline_starts == [m.start() for m in context.DEADLINE_RE.finditer(text)]
    want = [(m.start(), int(m.group("year"))) for m in YEAR_RE.finditer(text)]
    assert list(zip(index.year_starts, index.year_values)) == want


@given(st.text(alphabet="是指所称具备以下条件申报认定请:：x，", max_size=40))
def test_condition_marks_tried_near_their_words_are_the_finditer_ones(text: str) -> None:
    index = TextIndex.build(text)
    found = index.mark_starts(targets._CONDITION_RE, targets._CONDITION_ANCHORS)
    assert found == [m.start() for m in targets._CONDITION_RE.finditer(text)]


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
    for pattern, look_up in ((context.CLAUSE_STOP_RE, index.clause_start),
                             (context._PART_STOP_RE, index.part_start)):
        assert look_up(pos, floor) == _last_stop_after(_stops(pattern, text), pos, floor)
    _assert_sentences_in_order(text, index, data.draw(st.lists(st.integers(0, len(text)), max_size=6)))


def _assert_sentences_in_order(text: str, index: TextIndex, positions: list[int]) -> None:
    """``index.sentence`` of ``positions`` taken in order, as numbers come: the bounds of the reference, the
    paragraph of ``index.paragraph``, and one object for the positions of one sentence."""
    ends = _stops(context._SENTENCE_END_RE, text)
    window = context.SENTENCE_WINDOW
    previous = None
    for pos in sorted(positions):
        i = bisect.bisect_right(ends, pos - 1)
        start = ends[i - 1] + 1 if i > 0 else 0
        end = ends[i] if i < len(ends) else len(text)
        sentence = index.sentence(pos)
        assert (sentence.start, sentence.end) == (max(start, pos - window), min(end, pos + window))
        if pos < len(text) and text[pos] != "\n":  # (a number never stands on a line end)
            assert sentence.paragraph(pos) == index.paragraph(pos)
        if previous is not None and (previous.start, previous.end) == (sentence.start, sentence.end):
            assert sentence is previous
        previous = sentence


@given(st.lists(st.sampled_from(["字" * 150, "。", "；", "\n", "12家"]), max_size=20), st.data())
def test_sentences_of_long_texts_are_clamped_to_the_window(parts: list[str], data: st.DataObject) -> None:
    text = "".join(parts)
    _assert_sentences_in_order(text, TextIndex.build(text), data.draw(st.lists(st.integers(0, len(text)), max_size=8)))


def test_sentence_window_bounds_a_text_without_stops() -> None:
    text = "字" * 1000
    sentence = TextIndex.build(text).sentence(500)
    assert (sentence.start, sentence.end) == (100, 900)


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


def _paragraph_reference(text: str, pos: int) -> tuple[int, int]:
    ends = _stops(re.compile("\n"), text)
    i = bisect.bisect_right(ends, pos - 1)
    start = ends[i - 1] + 1 if i > 0 else 0
    end = ends[i] if i < len(ends) else len(text)
    return max(start, pos - context.PARAGRAPH_WINDOW), min(end, pos + context.PARAGRAPH_WINDOW)


@given(texts, st.data())
def test_paragraph_matches_bisection_over_line_ends(text: str, data: st.DataObject) -> None:
    pos = data.draw(st.integers(0, len(text)))
    assert TextIndex.build(text).paragraph(pos) == _paragraph_reference(text, pos)


# The trailing-verb pattern as first written, before 倍增到's optional quote was spelled out.
_TRAILING_VERB_AS_WRITTEN = re.compile(
    r"(?:总数达到|总量达到|分别达到|总数|总量|达到|达|突破|超过|超|不少于|不低于|至少|不超过|不高于|最高|最多|"
    r"年均增长|年增长|增长|提高到|提高至|提升到|提升至|增加到|增加至|增至|降至|降低到|降低至|压缩至|压缩到|"
    r"缩短至|缩短到|控制在|稳定在|保持在|保持|下降|降低|减少|提高|提升|增加|降|[“\"]?倍增[”\"]?到|到|为|约|近|"
    r"力争|争取|确保|一般|原则上|每年|(?:较|比) ?(?:(?:19|20)[0-9]{2} ?年(?:底|末)?|上年|去年|上一年))$"
)


@given(st.text(alphabet="总数量达到分别突破超过不少于低至多高最年均增长提升加降控制在稳定保持下减倍“”\"为约近企业\n", max_size=20))
def test_trailing_verb_pattern_matches_as_written(s: str) -> None:
    new, old = targets._TRAILING_VERB_RE.search(s), _TRAILING_VERB_AS_WRITTEN.search(s)
    assert (new and new.span()) == (old and old.span())
    assert targets._TRAILING_VERB_RE.sub("", s) == _TRAILING_VERB_AS_WRITTEN.sub("", s)


_LINES = ["到2025年，形成体系", "  力争到2021年底", "截至2020年", "新增企业10家", "", " ", "\u3000", "x", "其中："]


@given(st.lists(st.sampled_from(_LINES), max_size=60), st.data())
def test_framing_year_finder_matches_the_walk(lines: list[str], data: st.DataObject) -> None:
    text = "\n".join(lines)
    index = TextIndex.build(text)
    find = quantities._framing_year_finder(text, index)
    for _ in range(5):
        pos = data.draw(st.integers(0, len(text)))
        floor = data.draw(st.integers(0, pos))
        i = bisect.bisect_left(index.line_ends, pos) - 1
        assert find(pos, floor) == quantities._framing_year(text, index, i, floor)


def _task_reference(tasks: list[Task], pos: int) -> Optional[Task]:
    """The innermost task holding ``pos``: the shortest among the last 64 to start, the later on ties."""
    ordered = sorted(tasks, key=lambda t: (t.span[0], -(t.span[1] - t.span[0])))
    i = bisect.bisect_right([t.span[0] for t in ordered], pos)
    best = None
    for j in range(i - 1, max(-1, i - quantities._TASK_LOOKBACK), -1):
        t = ordered[j]
        if t.span[0] <= pos < t.span[1] and (best is None or t.span[1] - t.span[0] < best.span[1] - best.span[0]):
            best = t
    return best


spans = st.tuples(st.integers(0, 60), st.integers(0, 30)).map(lambda sl: (sl[0], sl[0] + sl[1]))


@given(st.lists(spans, max_size=80), st.integers(0, 95))
def test_task_finder_picks_the_innermost_task(task_spans: list[tuple[int, int]], pos: int) -> None:
    tasks = [Task(id=f"k{n}", section_id=None, heading="", text="", span=span) for n, span in enumerate(task_spans)]
    assert quantities._task_finder(tasks)(pos) is _task_reference(tasks, pos)


def _sections(data: st.DataObject, lo: int, hi: int, depth: int) -> list[Section]:
    """Nested sections inside ``[lo, hi)``: siblings in order, children inside their parent."""
    cuts = sorted(data.draw(st.lists(st.integers(lo, hi), max_size=6 if depth < 3 else 0)))
    out = []
    for a, b in zip(cuts[::2], cuts[1::2]):
        s = Section(id=f"s{a}-{b}-{depth}", level=depth + 1, marker="", ordinal=None, heading="", span=(a, b))
        s.children = _sections(data, a, b, depth + 1)
        out.append(s)
    return out


def _innermost_reference(outline, pos: int):
    best = None
    level = outline.children.get(-1, [])
    while level:
        k = bisect.bisect_right(level, pos, key=lambda j: outline.starts[j]) - 1
        if k < 0:
            break
        entry = outline.entries[level[k]]
        if not entry[0] <= pos < entry[1]:
            break
        best = entry
        level = outline.children.get(level[k], [])
    return best


@given(st.data())
def test_outline_look_up_descends_like_the_keyed_bisection(data: st.DataObject) -> None:
    doc = SimpleNamespace(sections=_sections(data, 0, 100, 0), attachments=[])
    outline = quantities._build_outline(doc)
    for pos in range(0, 101, 3):
        assert outline.innermost(pos) is _innermost_reference(outline, pos)


def test_quantity_groups_come_in_the_order_read_all_at_once() -> None:
    assert list(QUANTITY_RE.groupindex) == ["pct", "den", "num", "ratio_sep", "ratio", "over", "pct1", "sep", "num2", "approx", "unit", "rate"]


@given(st.text(alphabet="依托通过在各孵化载体新增建培育认定企业全市到2021年，", max_size=30))
def test_strip_leading_skips_the_subject_pattern_only_without_xin(s: str) -> None:
    opened = targets._PREP_OPENING_RE.sub("", targets._strip_opening(s))
    want = targets._LEADING_VERB_RE.sub("", targets._SUBJECT_BEFORE_NEW_RE.sub("", opened))
    assert targets._strip_leading(s) == want


@given(texts, st.data())
def test_segment_and_clause_start_are_the_two_look_backs(text: str, data: st.DataObject) -> None:
    index = TextIndex.build(text)
    pos = data.draw(st.integers(0, len(text)))
    floor = data.draw(st.integers(0, len(text)))
    segment_start = _last_stop_after(_stops(context._SEGMENT_STOP_RE, text), pos, floor)
    assert index.segment_and_clause_start(pos, floor) == (segment_start, index.clause_start(pos, floor))


@given(st.lists(spans, max_size=40), st.lists(st.integers(0, 95), max_size=30))
def test_look_ups_by_stretch_give_the_look_up_answers(task_spans: list[tuple[int, int]], positions: list[int]) -> None:
    tasks = [Task(id=f"k{n}", section_id=None, heading="", text="", span=span) for n, span in enumerate(task_spans)]
    find_task = quantities._task_finder(tasks)
    task_at = quantities._ByStretch(find_task, (p for t in tasks for p in t.span))
    for pos in sorted(positions) + positions:  # in order, as items come, then in any order
        assert task_at(pos) is find_task(pos)


@given(st.data())
def test_sections_by_stretch_give_the_outline_answers(data: st.DataObject) -> None:
    doc = SimpleNamespace(sections=_sections(data, 0, 100, 0), attachments=[])
    outline = quantities._build_outline(doc)
    section_at = quantities._ByStretch(outline.innermost, (p for e in outline.entries for p in e[:2]))
    for pos in data.draw(st.lists(st.integers(0, 101), max_size=30)):
        assert section_at(pos) is outline.innermost(pos)


@given(st.text(alphabet="增长年均速幅下降低减少提高升加到至累计总数量控制在稳定保持，。；x", max_size=40), st.data())
def test_clause_words_searched_in_place_as_in_the_slice(text: str, data: st.DataObject) -> None:
    end = data.draw(st.integers(0, len(text)))
    start = data.draw(st.integers(0, end))
    window = text[start:end]
    for pattern, reach in ((targets._GROWTH_RE, 12), (targets._TO_STATE_RE, 6), (targets._STOCK_MARK_RE, None)):
        in_slice = pattern.search(window[-reach:] if reach else window)
        in_place = pattern.search(text, max(start, end - reach) if reach else start, end)
        assert (in_slice is None) == (in_place is None)


@given(st.text(alphabet="新增建成培育达到形成累计实现，、x", max_size=40), st.data())
def test_clause_verbs_are_the_last_finditer_matches(text: str, data: st.DataObject) -> None:
    end = data.draw(st.integers(0, len(text)))
    start = data.draw(st.integers(0, end))
    verbs = targets._ClauseVerbs.find(text, start, end)
    for found, pattern in ((verbs.increment, targets._INCREMENT_VERB_RE), (verbs.level, targets._LEVEL_VERB_RE)):
        spans = [m.span() for m in pattern.finditer(text, start, end)]
        assert (found and found.span()) == (spans[-1] if spans else None)
        assert (found is None) == (pattern.search(text, start, end) is None)


def test_every_alternative_of_the_condition_pattern_holds_an_anchor_within_reach() -> None:
    """_CONDITION_ANCHORS restates _CONDITION_RE: a word added to the pattern without an anchor would go unseen."""
    words, reach = targets._CONDITION_ANCHORS
    for alternative in targets._CONDITION_RE.pattern.split("|"):
        literal = alternative.split("[", 1)[0]  # the words before a class such as [:：]
        assert any(0 <= literal.find(word) <= reach for word in words), alternative


def _excluded_reference(text: str, q: numbers.Quantity) -> bool:
    """_excluded as first written: one test after another on the characters around the number."""
    prev = text[q.start - 1] if q.start > 0 else ""
    nxt = text[q.end] if q.end < len(text) else ""
    if prev in ("第", "+", "＋", "等"):
        return True
    if nxt in ("+", "＋") or (nxt and nxt in "一二三四五六七八九十0123456789"):
        return True
    if prev in ("“", "\"", "「", "《") and q.chinese:
        return True
    return text.startswith(("周年", "期", "性"), q.end)


@given(st.text(alphabet="第+＋等一二十0123456789“\"「《周年期性家个x，", max_size=30), st.data())
def test_excluded_numbers_by_character_sets_are_the_plain_tests(text: str, data: st.DataObject) -> None:
    end = data.draw(st.integers(0, len(text)))
    start = data.draw(st.integers(0, end))
    q = numbers.Quantity(start=start, end=end, value=1.0, unit="个", chinese=data.draw(st.booleans()))
    assert targets._excluded(text, q) == _excluded_reference(text, q)


@given(st.text(alphabet="新增建成培育达到形成累计实现占比重增长控制在每年，。、x", max_size=40), st.data())
def test_kind_looks_for_the_clause_verbs_itself_when_not_given_them(text: str, data: st.DataObject) -> None:
    pos = data.draw(st.integers(0, len(text)))
    clause_start = data.draw(st.integers(0, pos))
    sent_start = data.draw(st.integers(0, clause_start))
    q = numbers.Quantity(start=pos, end=pos, value=1.0, unit=data.draw(st.sampled_from(["%", "个", "倍"])))
    words = targets._read_words_before(text[clause_start:pos], False)
    given_verbs = targets._ClauseVerbs.find(text, clause_start, pos)
    assert targets._kind(text, q, sent_start, clause_start, words, None) == \
        targets._kind(text, q, sent_start, clause_start, words, given_verbs)


def test_funding_is_read_only_for_money_and_ratio_units() -> None:
    """read_funding reads only money and ratio units (FUNDING_UNITS): any other number is no funding."""
    text = "对新认定的企业给予一次性奖励100家，补助3个"
    index = TextIndex.build(text)
    for q in numbers.find_quantities(text):
        assert q.unit not in funding.FUNDING_UNITS
        assert funding.read_funding(index, q, index.sentence(q.start)) is None


@given(st.lists(st.sampled_from(["到2025年", "新增企业", "10家", "个", "达到20%", "，", "。", "；", "\n", "其中", "字" * 300]),
                max_size=30))
def test_the_sentence_of_a_number_gives_its_paragraph(parts: list[str]) -> None:
    text = "".join(parts)
    index = TextIndex.build(text)
    for q in numbers.find_quantities(text):
        assert index.sentence(q.start).paragraph(q.start) == index.paragraph(q.start)


def test_quantities_are_built_with_fields_in_this_order() -> None:
    """_quantity_from_match builds them with positional arguments (once per number: a keyword call costs 3×)."""
    assert [f.name for f in fields(numbers.Quantity)] == [
        "start", "end", "value", "unit", "value_max", "approx_more", "per", "chinese", "ratio"]


@given(texts)
def test_no_quantity_match_ends_between_two_digits(text: str) -> None:
    """Why _NUMBER_START_RE never starts at a digit after a digit: finditer never resumes there."""
    digits = "0123456789０１２３４５６７８９"
    for m in QUANTITY_RE.finditer(text):
        assert not (0 < m.end() < len(text) and text[m.end() - 1] in digits and text[m.end()] in digits), m


@given(st.integers(-10_000, 10_000), st.integers(-10_000, 10_000))
def test_not_before_is_max(pos: int, floor: int) -> None:
    assert targets._not_before(pos, floor) == max(pos, floor)


@given(st.integers(0, 5_000), st.integers(0, 5_000), st.integers(0, 5_000), st.integers(1, 1_500))
def test_within_window_clamps_as_max_and_min(start: int, end: int, pos: int, window: int) -> None:
    assert context._within_window((start, end), pos, window) == (max(start, pos - window), min(end, pos + window))


@given(st.text(alphabet="力争确保取目标每年均到至 1920213，,底末前十四五x\n", max_size=60), st.data())
def test_goal_marks_found_line_by_line_are_the_whole_text_ones(text: str, data: st.DataObject) -> None:
    index, whole = TextIndex.build(text), TextIndex.build(text)
    for _ in range(4):
        pos = data.draw(st.integers(0, len(text)))
        line_start, line_end = index.paragraph(pos) if pos < len(text) and text[pos] != "\n" else (pos, pos)
        start = data.draw(st.integers(line_start, line_end))
        end = data.draw(st.integers(start, line_end))
        assert index.has_line_mark(targets._GOAL_WORD_RE, start, end) == whole.has_mark(targets._GOAL_WORD_RE, start, end)


def _comparator_reference(text: str, q: numbers.Quantity, before: str) -> tuple[str, str, int]:
    """_comparator with every pattern tried, before the one-character checks that skip them."""
    after_start = targets._CONDITION_GAP_RE.match(text, q.end).end()  # type: ignore[union-attr]
    comparator = "="
    comp_match = targets._AFTER_COMPARATOR_RE.match(text, after_start + 1 if text.startswith(" ", after_start) else after_start)
    if comp_match:
        comparator = targets._AFTER_MAP[comp_match.group()]
        after_start = comp_match.end()
    words = before.rstrip(" ")
    before_comp = targets._BEFORE_COMPARATOR_RE.search(words)
    if before_comp:
        comparator = targets._BEFORE_MAP[before_comp.group("w")]
        before = before[:before_comp.start()]
    if q.approx_more and comparator == "=":
        comparator = ">"
    return comparator, before, after_start


# Comparator words before and after a figure, condition gaps (（含）, /年) and what borders them.
_COMPARATOR_ALPHABET = "达到或超过不少于低得至多高突破最控制在约近及以上内下之左右（(含)）/年月 家企业x"


@given(st.text(alphabet=_COMPARATOR_ALPHABET, max_size=12), st.text(alphabet=_COMPARATOR_ALPHABET, max_size=12),
       st.booleans())
def test_comparator_read_after_one_character_checks_is_the_full_read(before: str, after: str, approx: bool) -> None:
    text = before + "10" + after
    q = numbers.Quantity(start=len(before), end=len(before) + 2, value=10.0, unit="家", approx_more=approx)
    assert targets._comparator(text, q, before) == _comparator_reference(text, q, before)


# The permission pattern as first written: the words after a figure that make it an allowance, not a goal.
_PERMISSION_AS_WRITTEN = re.compile(r"可用于|可以用于|可|用于")


@given(st.text(alphabet="可以用于奖励x", max_size=8))
def test_permission_openings_are_the_pattern_matches(after: str) -> None:
    assert after.startswith(targets._PERMISSION_OPENINGS) == bool(_PERMISSION_AS_WRITTEN.match(after))


@given(st.text(alphabet="（(不含50人)）,，的则可给予申请认定按x", max_size=16))
def test_qualifying_clause_after_a_bracket_check_is_the_full_match(after: str) -> None:
    text = "超过50人" + after
    gap = targets._INCLUSION_NOTE_RE.match(text, 5)
    comma = gap.end() if gap else 5
    want = bool(targets._QUALIFYING_CLOSE_RE.search(text, 5, len(text))) or (
        text.startswith(("，", ","), comma) and bool(targets._QUALIFIES_RE.match(text, comma + 1)))
    index = TextIndex.build(text)
    assert targets._qualifies(index, 5, 0, 2, len(text)) == want


@given(st.text(alphabet="申报条件资格认定评价标准诊断症状提高发展现状基础成效十三五时期和与，。x ", max_size=16))
def test_condition_headings_after_the_ending_check_are_the_full_reads(heading: str) -> None:
    want = bool(quantities._CONDITION_HEADING_RE.search(heading) or quantities._CRITERION_HEADING_RE.fullmatch(heading)) \
        or quantities._is_review_heading(heading)
    assert quantities._is_condition_heading(heading) == want


def _verbs_of(pattern: re.Pattern[str]) -> list[str]:
    """The words of a verb pattern written as one group of literal alternatives: (?:新增|新建|…)."""
    assert pattern.pattern.startswith("(?:") and pattern.pattern.endswith(")")
    words = pattern.pattern[3:-1].split("|")
    assert all(re.fullmatch(r"[\u4e00-\u9fff]+", w) for w in words), pattern.pattern
    return words


def test_no_increment_verb_overlaps_a_level_verb() -> None:
    """What lets _CLAUSE_VERB_RE find both kinds in one scan: no two verbs of different kinds can share a character
    of a text (neither holds the other, no end of one is the start of the other)."""
    for a in _verbs_of(targets._INCREMENT_VERB_RE):
        for b in _verbs_of(targets._LEVEL_VERB_RE):
            for x, y in ((a, b), (b, a)):
                assert x not in y and not any(y.startswith(x[i:]) for i in range(1, len(x))), (a, b)


@given(st.text(alphabet="新增建成培育达到形成累计实现施总数量稳定在倍，、x", max_size=40), st.data())
def test_one_scan_for_both_verb_kinds_finds_the_two_scans_matches(text: str, data: st.DataObject) -> None:
    end = data.draw(st.integers(0, len(text)))
    start = data.draw(st.integers(0, end))
    both = [("level" if m.group() in targets._LEVEL_VERBS else "increment", m.span())
            for m in targets._CLAUSE_VERB_RE.finditer(text, start, end)]
    separate = sorted([("increment", m.span()) for m in targets._INCREMENT_VERB_RE.finditer(text, start, end)]
                      + [("level", m.span()) for m in targets._LEVEL_VERB_RE.finditer(text, start, end)],
                      key=lambda kind_span: kind_span[1])
    assert both == separate


_HEADINGS = ["申报条件", "发展现状", "“十三五”时期主要成效", "发展基础与目标", "认定标准", "提高建设标准", "工作目标", "",
             "主要任务", "申報條件"]


def _headed_sections(data: st.DataObject, lo: int, hi: int, depth: int) -> list[Section]:
    """``_sections`` with headings, some of which state conditions or results."""
    sections = _sections(data, lo, hi, depth)
    for s in _walk(sections):
        s.heading = data.draw(st.sampled_from(_HEADINGS))
    return sections


def _walk(sections: list[Section]) -> Iterator[Section]:
    for s in sections:
        yield s
        yield from _walk(s.children)


def _conditions_reference(sections: list[Section], above: bool, out: dict[int, bool]) -> None:
    """Whether each section (by ``id()``) stands under a heading of conditions, read for all from the top down."""
    for s in sections:
        out[id(s)] = above or quantities._is_condition_heading(simplified_chars(s.heading or "").strip())
        _conditions_reference(s.children, out[id(s)], out)


@given(st.data())
def test_conditions_read_on_first_need_are_the_top_down_reads(data: st.DataObject) -> None:
    doc = SimpleNamespace(sections=_headed_sections(data, 0, 100, 0), attachments=[])
    outline = quantities._build_outline(doc)
    want: dict[int, bool] = {}
    _conditions_reference(doc.sections, False, want)
    asked = data.draw(st.permutations(list(_walk(doc.sections))))  # in any order: a section may be read before those above it
    assert {id(s): outline.under_conditions(s) for s in asked} == want
