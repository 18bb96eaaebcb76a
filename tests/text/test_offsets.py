"""Offset maps: edits keep every output character traceable to the input."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policyparse.text.offsets import Edit, EditMap, OffsetChain, OffsetMap, apply_edits


def test_deletion_maps_neighbours_exactly() -> None:
    text = "发(fā)文机关"
    out, m = apply_edits(text, [Edit(1, 5, "")])
    assert out == "发文机关"
    assert m.to_input((1, 4)) == (5, 8)  # 文机关
    assert m.to_input((0, 1)) == (0, 1)
    assert m.to_output((1, 5)) == (1, 1)  # the deleted annotation collapses to a point


def test_same_length_replacement_stays_character_for_character() -> None:
    text = "發文機關印發"
    out, m = apply_edits(text, [Edit(0, 1, "发"), Edit(2, 4, "机关"), Edit(5, 6, "发")])
    assert out == "发文机关印发"
    assert m.to_input((3, 4)) == (3, 4)
    assert m.is_identity  # no edit changes the length: every position maps to itself


def test_length_changing_replacement_maps_to_whole_range() -> None:
    text = "a&nbsp;b"
    out, m = apply_edits(text, [Edit(1, 7, " ")])
    assert out == "a b"
    assert m.to_input((1, 2)) == (1, 7)
    assert m.to_input((2, 3)) == (7, 8)
    assert m.to_output((1, 7)) == (1, 2)


def test_insertion_and_empty_spans() -> None:
    out, m = apply_edits("ab", [Edit(1, 1, "XYZ")])
    assert out == "aXYZb"
    assert m.to_input((1, 4)) == (1, 1)
    assert m.to_input((4, 5)) == (1, 2)
    assert m.to_input((2, 2)) == (1, 1)


def test_overlapping_edits_are_rejected() -> None:
    with pytest.raises(ValueError):
        apply_edits("abcdef", [Edit(0, 3, ""), Edit(2, 4, "")])


def test_chain_composes_steps_back_to_source() -> None:
    source = "發(fā)文&amp;機關"
    step1, m1 = apply_edits(source, [Edit(1, 5, "")])  # strip pinyin
    step2, m2 = apply_edits(step1, [Edit(2, 7, "&")])  # entity
    chain = OffsetChain([m1, m2])
    assert step2 == "發文&機關"
    assert chain.to_source((3, 5)) == (11, 13)
    assert chain.to_source((2, 3)) == (6, 11)
    assert chain.to_output((11, 13)) == (3, 5)


def test_identity_maps_are_dropped_from_chains() -> None:
    chain = OffsetChain([OffsetMap.identity(10)])
    assert len(chain) == 0
    assert chain.to_source((2, 4)) == (2, 4)


edits_strategy = st.lists(
    st.tuples(st.integers(0, 40), st.integers(0, 5), st.text(alphabet="甲乙丙ab ", max_size=4)), max_size=8
)


def _disjoint_edits(text: str, raw_edits: list[tuple[int, int, str]]) -> list[Edit]:
    """Sorted, non-touching edits inside ``text`` from drawn ``(start, length, replacement)`` triples."""
    edits: list[Edit] = []
    pos = 0
    for start, length, rep in sorted(raw_edits):
        start = max(start, pos)
        if start > len(text):
            break
        end = min(start + length, len(text))
        edits.append(Edit(start, end, rep))
        pos = end + 1
    return edits


@given(st.text(alphabet="一二三四五六七八九十abc（）", min_size=1, max_size=40), edits_strategy)
def test_every_output_span_maps_inside_the_input(text: str, raw_edits: list[tuple[int, int, str]]) -> None:
    edits = _disjoint_edits(text, raw_edits)
    out, m = apply_edits(text, edits)
    for i in range(len(out)):
        s, e = m.to_input((i, i + 1))
        assert 0 <= s <= e <= len(text)
    # untouched characters map to themselves
    touched = set()
    for ed in edits:
        touched.update(range(ed.start, ed.end))
    for i in range(len(out)):
        s, e = m.to_input((i, i + 1))
        if e - s == 1 and s not in touched:
            assert text[s] == out[i]


def test_deleted_tail_does_not_stretch_the_last_span() -> None:
    out, m = apply_edits("正文内容\n分享到", [Edit(4, 8, "")])
    assert out == "正文内容"
    assert m.to_input((2, 4)) == (2, 4)
    assert m.to_input((4, 4)) == (8, 8)


def test_thousands_of_edits_in_any_order_build_the_same_text_and_map() -> None:
    text = "發(fā)展和改革" * 2000
    edits = [Edit(i, i + 4, "") for i in range(1, len(text), 9)]  # every "(fā)" goes
    out, forward = apply_edits(text, edits)
    out_reversed, backward = apply_edits(text, list(reversed(edits)))
    assert out == out_reversed == "發展和改革" * 2000
    assert [forward.to_input((i, i + 1)) for i in range(0, 50)] == [backward.to_input((i, i + 1)) for i in range(0, 50)]
    assert forward.to_input((5, 6)) == (9, 10)  # the second 發 comes after one removed annotation


def _reference_apply(text: str, edits: list[Edit]) -> tuple[str, list[tuple[int, int, int, int]]]:
    """The plain definition of ``apply_edits``: walk the runs in order, merge 1:1 runs into one piece."""
    out: list[str] = []
    pieces: list[list[int]] = []
    in_pos = out_pos = 0
    runs: list[tuple[int, int, str]] = []
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start > in_pos:
            runs.append((in_pos, edit.start, text[in_pos : edit.start]))
        runs.append(edit)
        in_pos = edit.end
    if in_pos < len(text):
        runs.append((in_pos, len(text), text[in_pos:]))
    for start, end, replacement in runs:
        if end == start and not replacement:
            continue
        out.append(replacement)
        if end - start == len(replacement) and pieces and pieces[-1][2] == pieces[-1][3]:
            pieces[-1][2] += len(replacement)
            pieces[-1][3] += end - start
        else:
            pieces.append([out_pos, start, len(replacement), end - start])
        out_pos += len(replacement)
    return "".join(out), [tuple(p) for p in pieces]  # type: ignore[misc]


def _assert_maps_like_pieces(offset_map: EditMap, text: str, edits: list[Edit]) -> None:
    """``offset_map`` maps every span (and ones around and beyond the texts) as the plain definition's pieces."""
    expected_out, expected_pieces = _reference_apply(text, edits)
    pieces_map = OffsetMap(expected_pieces, len(expected_out), len(text))
    assert (offset_map.out_length, offset_map.in_length) == (len(expected_out), len(text))
    assert offset_map.is_identity == pieces_map.is_identity
    for length, to_spans in ((len(expected_out), "to_input_spans"), (len(text), "to_output_spans")):
        step = max(1, length // 500)  # a long text: a sample of the positions
        positions = [*range(-2, 4), *range(0, length + 3, step), *range(length - 3, length + 3)]
        spans = [(start, start + size) for start in positions for size in (0, 1, 2, 5)] + [(3, 1)]
        assert getattr(offset_map, to_spans)(spans) == getattr(pieces_map, to_spans)(spans)


@given(
    st.text(alphabet="一二ab\n", max_size=30),
    st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3), st.text(alphabet="xy甲", max_size=3)), max_size=12),
    st.randoms(use_true_random=False),
)
def test_apply_edits_matches_the_plain_definition(text: str, raw: list[tuple[int, int, str]], rng) -> None:
    """The map answers as the plain definition's pieces (same-length edits inside 1:1 pieces, no empty
    stretches); the order of the edit list is free."""
    edits: list[Edit] = []
    pos = 0
    for gap, length, replacement in raw:
        start, end = pos + gap, pos + gap + length
        if end > len(text):
            break
        edits.append(Edit(start, end, replacement))
        pos = end
    rng.shuffle(edits)
    out, offset_map = apply_edits(text, edits)
    assert out == _reference_apply(text, edits)[0]
    _assert_maps_like_pieces(offset_map, text, edits)


def test_apply_edits_in_blocks_of_many_edits() -> None:
    """More edits than one join block: the blocks continue each other."""
    text = "發(fā)展和改革" * 5000
    edits = [Edit(i, i + 4, "") for i in range(1, len(text), 9)]
    out, offset_map = apply_edits(text, edits)
    assert out == _reference_apply(text, edits)[0]
    _assert_maps_like_pieces(offset_map, text, edits)


def test_edits_are_checked_in_every_block_and_across_blocks() -> None:
    """An overlap inside a later block, or between the last edit of a block and the first of the next, is refused."""
    from policyparse.text.offsets import _JOIN_BLOCK

    text = "發(fā)展和改革" * (_JOIN_BLOCK + 10)
    edits = [Edit(i, i + 4, "") for i in range(1, len(text), 9)]
    inside_later_block = Edit(edits[-5].start + 1, edits[-5].end + 1, "x")
    across_blocks = Edit(edits[_JOIN_BLOCK - 1].end - 1, edits[_JOIN_BLOCK].start, "")
    for bad in (inside_later_block, across_blocks):
        with pytest.raises(ValueError, match="overlapping"):
            apply_edits(text, [*edits, bad])
    with pytest.raises(ValueError):
        apply_edits(text, [*edits, Edit(len(text), len(text) + 1, "")])


def test_whole_text_replacement_is_not_copied() -> None:
    replacement = "发展和改革" * 100
    out, offset_map = apply_edits("發展和改革" * 100, [Edit(0, 500, replacement)])
    assert out is replacement and offset_map.is_identity
    out, offset_map = apply_edits("發展", [Edit(0, 2, "发展了")])
    assert out == "发展了" and offset_map.to_input((1, 3)) == (0, 2)


@given(st.text(alphabet="一二ab", max_size=20), edits_strategy, st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=10))
def test_many_spans_map_as_each_span_alone(text: str, raw: list[tuple[int, int, str]], spans: list[tuple[int, int]]) -> None:
    _, offset_map = apply_edits(text, _disjoint_edits(text, raw))
    chain = OffsetChain([offset_map, offset_map]) if len(text) == offset_map.out_length else OffsetChain([offset_map])
    assert offset_map.to_input_spans(spans) == [offset_map.to_input(s) for s in spans]
    assert offset_map.to_output_spans(spans) == [offset_map.to_output(s) for s in spans]
    assert chain.to_source_spans(spans) == [chain.to_source(s) for s in spans]
    assert chain.to_output_spans(spans) == [chain.to_output(s) for s in spans]


def test_ordered_edits_apply_like_a_list_of_edits() -> None:
    from array import array

    from policyparse.text.offsets import OrderedEdits, _position_typecode

    text = "發(fā)展(zhǎn)和改革(gǎi)" * 3
    starts = [i for i, ch in enumerate(text) if ch == "("]
    ends = [text.index(")", s) + 1 for s in starts]
    columns = OrderedEdits(array("q", starts), array("q", ends), [""] * len(starts))
    as_list = [Edit(s, e, "") for s, e in zip(starts, ends)]
    assert list(columns) == as_list and len(columns) == len(as_list)
    out, offset_map = apply_edits(text, columns)
    assert out == _reference_apply(text, as_list)[0] == "發展和改革" * 3
    _assert_maps_like_pieces(offset_map, text, as_list)
    with pytest.raises(ValueError):  # columns must come in order
        apply_edits(text, OrderedEdits(array("q", starts[::-1]), array("q", ends[::-1]), [""] * len(starts)))
    assert _position_typecode(2**31 - 1) == "i" and _position_typecode(2**31) == "q"


def _reference_map(text: str, edits: list[Edit]) -> OffsetMap:
    """The plain definition's map of ``edits``, as pieces."""
    out, pieces = _reference_apply(text, edits)
    return OffsetMap(pieces, len(out), len(text))


def _reference_span(offset_map: OffsetMap, span: tuple[int, int], *, forward: bool) -> tuple[int, int]:
    """One span mapped position by position, as the map did before it mapped columns of positions."""
    from bisect import bisect_right

    m = offset_map
    a_starts, a_lens = (m._in_starts, m._in_lens) if forward else (m._out_starts, m._out_lens)
    b_starts, b_lens = (m._out_starts, m._out_lens) if forward else (m._in_starts, m._in_lens)
    a_total, b_total = (m.in_length, m.out_length) if forward else (m.out_length, m.in_length)

    def position(pos: int, end: bool) -> int:
        if not a_starts:
            return 0
        if pos >= a_total:
            if not end or a_total == 0:
                return b_total
            pos = a_total
        probe = pos - 1 if end and pos > 0 else pos
        i = max(0, bisect_right(a_starts, probe) - 1)
        while i > 0 and a_lens[i] == 0 and a_starts[i] == probe:
            i -= 1
        if a_lens[i] == b_lens[i]:
            return b_starts[i] + (pos - a_starts[i])
        return b_starts[i] + b_lens[i] if end else b_starts[i]

    start, end = span
    s = position(start, False)
    e = position(end, True) if end > start else s
    return s, max(s, e)


@given(st.text(alphabet="一二ab", max_size=20), edits_strategy,
       st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=10))
def test_spans_map_as_position_by_position(text: str, raw: list[tuple[int, int, str]], spans: list[tuple[int, int]]) -> None:
    edits = _disjoint_edits(text, raw)
    _, offset_map = apply_edits(text, edits)
    pieces_map = _reference_map(text, edits)
    assert offset_map.to_input_spans(spans) == [_reference_span(pieces_map, s, forward=False) for s in spans]
    assert offset_map.to_output_spans(spans) == [_reference_span(pieces_map, s, forward=True) for s in spans]


@given(st.text(alphabet="一二ab", max_size=20), edits_strategy,
       st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=10))
def test_deletions_only_map_as_position_by_position(
    text: str, raw: list[tuple[int, int, str]], spans: list[tuple[int, int]]
) -> None:
    """Edits that all delete (their map shares one column for output starts and ends) map as the pieces do."""
    edits = [Edit(edit.start, edit.end, "") for edit in _disjoint_edits(text, raw)]
    _, offset_map = apply_edits(text, edits)
    pieces_map = _reference_map(text, edits)
    assert offset_map.to_input_spans(spans) == [_reference_span(pieces_map, s, forward=False) for s in spans]
    assert offset_map.to_output_spans(spans) == [_reference_span(pieces_map, s, forward=True) for s in spans]


@given(st.text(alphabet="一二ab", max_size=20), st.lists(edits_strategy, min_size=2, max_size=4),
       st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=10))
def test_chain_maps_span_columns_as_each_map_in_turn(
    text: str, raws: list[list[tuple[int, int, str]]], spans: list[tuple[int, int]]
) -> None:
    """A chain maps all spans through each map as starts and ends; a span once empty stays empty."""
    maps, reference_maps = [], []
    for raw in raws:
        edits = _disjoint_edits(text, raw)
        reference_maps.append(_reference_map(text, edits))
        text, offset_map = apply_edits(text, edits)
        maps.append(offset_map)
    chain = OffsetChain(maps)
    reference_maps = [m for m in reference_maps if not m.is_identity]
    expected = list(spans)
    for offset_map in reversed(reference_maps):
        expected = [_reference_span(offset_map, s, forward=False) for s in expected]
    assert chain.to_source_spans(spans) == expected
    expected = list(spans)
    for offset_map in reference_maps:
        expected = [_reference_span(offset_map, s, forward=True) for s in expected]
    assert chain.to_output_spans(spans) == expected


def test_position_columns_are_lists_for_short_texts_and_arrays_for_long_ones() -> None:
    from array import array

    from policyparse.text.offsets import _LIST_COLUMNS_UP_TO, OrderedEdits, position_column

    assert position_column(iter([3, 1]), 10) == [3, 1]
    long_column = position_column(iter([3, 1]), _LIST_COLUMNS_UP_TO + 1)
    assert isinstance(long_column, array) and long_column.tolist() == [3, 1]
    text = "發(fā)展" * 3
    starts = [i for i, ch in enumerate(text) if ch == "("]
    for column in (list, lambda values: array("q", values)):
        edits = OrderedEdits(column(starts), column([s + 4 for s in starts]), [""] * len(starts))
        assert apply_edits(text, edits)[0] == "發展" * 3
