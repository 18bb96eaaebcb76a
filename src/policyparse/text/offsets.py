"""Offset maps: trace every character of a repaired text back to the input.

A repair step never rewrites text directly; it returns a list of ``Edit``s
(replace ``[start, end)`` of its input by ``replacement``), or ``OrderedEdits``
(the same as columns) when it makes very many.  ``apply_edits``
builds the output and an ``EditMap`` from output positions to input
positions (readers build the general ``OffsetMap`` of pieces).  An
``OffsetChain`` composes the maps of all steps, so a span in
the final text maps back to the decoded input (``to_source``) and a span found
by an early step maps forward to the final text (``to_output``).
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from itertools import accumulate, compress, count
from operator import add, attrgetter, le, sub
from typing import Iterable, MutableSequence, NamedTuple, Sequence

Span = tuple[int, int]


class Edit(NamedTuple):
    """Replace ``text[start:end]`` by ``replacement`` (a tuple: steps make tens of thousands, cheaply)."""

    start: int
    end: int
    replacement: str


class OrderedEdits(Sequence[Edit]):
    """Edits already in application order, held as columns (see ``position_column``): a step that makes
    hundreds of thousands (one per pinyin annotation of a long text) keeps integers, not an ``Edit`` each."""

    __slots__ = ("starts", "ends", "replacements")

    def __init__(self, starts: Sequence[int], ends: Sequence[int], replacements: list[str]) -> None:
        self.starts, self.ends, self.replacements = starts, ends, replacements

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, i: int) -> Edit:  # type: ignore[override]
        return Edit(self.starts[i], self.ends[i], self.replacements[i])


# the order edits are applied in: by start, then end (a C-speed sort key)
_EDIT_ORDER = attrgetter("start", "end")
_START, _END, _REPLACEMENT = attrgetter("start"), attrgetter("end"), attrgetter("replacement")
# edits handled at once when applying edits: only one block's lists are alive at a time
_JOIN_BLOCK = 4096


# texts up to this long keep their columns of positions as lists; longer ones as arrays of machine integers
_LIST_COLUMNS_UP_TO = 1 << 18


def position_column(positions: Iterable[int], text_length: int) -> MutableSequence[int]:
    """A column of positions in a text of ``text_length`` characters: a list, fast to fill and to read; for a
    long text an array of 8-byte integers (a fifth of the memory, but a conversion for every item put in)."""
    return list(positions) if text_length <= _LIST_COLUMNS_UP_TO else array("q", positions)


def _position_typecode(largest: int) -> str:
    """The array type for positions up to ``largest``: 4-byte integers when they fit (halves a long text's maps)."""
    return "i" if largest < 2**31 and array("i").itemsize == 4 else "q"


class PositionMap:
    """A map between an output text and the input it was built from: spans back and forth."""

    __slots__ = ("out_length", "in_length")
    out_length: int
    in_length: int

    @property
    def is_identity(self) -> bool:
        """True when output and input are position-for-position the same."""
        raise NotImplementedError

    def _map_positions(self, positions: list[int], *, forward: bool, end: bool) -> list[int]:
        """Map positions forward (input → output) or back; ``end``: each is the end of a span."""
        raise NotImplementedError

    def to_input(self, span: Span) -> Span:
        """Map an output span to the input span it came from."""
        return _map_spans((self,), (span,), forward=False)[0]

    def to_output(self, span: Span) -> Span:
        """Map an input span to the output span that replaced it."""
        return _map_spans((self,), (span,), forward=True)[0]

    def to_input_spans(self, spans: Iterable[Span]) -> list[Span]:
        """``to_input`` of many spans at once."""
        return _map_spans((self,), spans, forward=False)

    def to_output_spans(self, spans: Iterable[Span]) -> list[Span]:
        """``to_output`` of many spans at once."""
        return _map_spans((self,), spans, forward=True)


class OffsetMap(PositionMap):
    """A piecewise map between an output text and the input it was built from.

    Pieces are ``(out_start, in_start, out_len, in_len)``.  A piece whose two
    lengths are equal maps character by character; any other piece maps every
    position inside it to the whole input range.
    """

    __slots__ = ("_out_starts", "_in_starts", "_out_lens", "_in_lens")

    def __init__(self, pieces: Sequence[tuple[int, int, int, int]], out_length: int, in_length: int) -> None:
        typecode = _position_typecode(max(out_length, in_length))
        self._out_starts = array(typecode, [p[0] for p in pieces])
        self._in_starts = array(typecode, [p[1] for p in pieces])
        self._out_lens = array(typecode, [p[2] for p in pieces])
        self._in_lens = array(typecode, [p[3] for p in pieces])
        self.out_length = out_length
        self.in_length = in_length

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        """The map of a step that changed nothing."""
        return cls([(0, 0, length, length)], length, length)

    @property
    def is_identity(self) -> bool:
        """True when there is at most one piece and it maps the whole text character by character."""
        return len(self._out_starts) <= 1 and self.out_length == self.in_length and (
            not self._out_starts or (self._out_lens[0] == self._in_lens[0] == self.out_length)
        )

    def _map_positions(self, positions: list[int], *, forward: bool, end: bool) -> list[int]:
        """``PositionMap._map_positions`` through the pieces."""
        a_starts, a_lens = (self._in_starts, self._in_lens) if forward else (self._out_starts, self._out_lens)
        b_starts, b_lens = (self._out_starts, self._out_lens) if forward else (self._in_starts, self._in_lens)
        a_total = self.in_length if forward else self.out_length
        b_total = self.out_length if forward else self.in_length
        if not a_starts:
            return [0] * len(positions)
        mapped: dict[int, int] = dict.fromkeys(positions)  # spans share boundaries: each position once
        for position in mapped:
            pos = position
            if pos >= a_total:
                if not end or a_total == 0:
                    mapped[position] = b_total
                    continue
                pos = a_total  # the end of the last character: map through the last piece
            probe = pos - 1 if end and pos > 0 else pos
            i = bisect_right(a_starts, probe) - 1  # the piece holding the probe (clamped to the first)
            if i < 0:
                i = 0
            while i > 0 and a_lens[i] == 0 and a_starts[i] == probe:
                i -= 1  # skip empty pieces (insertions of nothing / deletions seen from the other side)
            alen, blen = a_lens[i], b_lens[i]
            if alen == blen:
                mapped[position] = b_starts[i] + (pos - a_starts[i])
            else:
                mapped[position] = b_starts[i] + blen if end else b_starts[i]
        return list(map(mapped.__getitem__, positions))


def _map_spans(maps: Sequence[PositionMap], spans: Iterable[Span], *, forward: bool) -> list[Span]:
    """Map spans through maps in turn, forward (input → output) or back (then ``maps`` are last first).

    An empty or reversed span maps to an empty one: once a span is empty it follows its start.  The spans
    pass through the maps as two columns, starts and ends, each position mapped once per map.
    """
    spans = list(spans)
    if not maps:
        return spans
    starts = [start for start, _ in spans]
    ends = [end for _, end in spans]
    collapsed = set(compress(count(), map(le, ends, starts)))  # spans that are empty from here on
    for offset_map in maps:
        starts = offset_map._map_positions(starts, forward=forward, end=False)
        ends = offset_map._map_positions(ends, forward=forward, end=True)
        collapsed.update(compress(count(), map(le, ends, starts)))
        for i in collapsed:
            ends[i] = starts[i]
    return list(zip(starts, ends))


def apply_edits(text: str, edits: Iterable[Edit]) -> tuple[str, EditMap]:
    """Apply non-overlapping edits (any order; ``OrderedEdits`` in order) and return the new text and its map.

    Edits whose replacement has the length of the replaced range map
    character for character, so case or script changes keep exact offsets.
    Overlapping edits raise ``ValueError``.

    The edits are taken a block at a time, as lists made once: each block is checked, joined with the
    unchanged text around it and added to the map.  Only one block's lists are alive at a time, and a
    text with few edits is built by a single join (no further copy).
    """
    length = len(text)
    ordered: Sequence[Edit]
    if isinstance(edits, OrderedEdits):
        ordered = edits
        starts, ends, replacements = edits.starts, edits.ends, edits.replacements
    else:
        ordered = sorted(edits, key=_EDIT_ORDER)
        starts = list(map(_START, ordered))
        ends = list(map(_END, ordered))
        replacements = list(map(_REPLACEMENT, ordered))
    n_edits = len(starts)
    if n_edits == 1 and starts[0] == 0 and ends[0] == length:  # the whole text replaced: no copy
        offset_map = EditMap(length, None)
        offset_map.add_edits([0], [length], [len(replacements[0])])
        return replacements[0], offset_map
    # one block: the map keeps the block's lists; more: machine-integer arrays wide enough for any position
    offset_map = EditMap(length, None if n_edits <= _JOIN_BLOCK else _position_typecode(
        length + sum(map(len, replacements))))
    blocks: list[str] = []
    unchanged_from = 0  # where the unchanged text before the next edit starts
    for first in range(0, n_edits, _JOIN_BLOCK):
        block = slice(first, first + _JOIN_BLOCK)
        block_starts, block_ends = _as_list(starts[block]), _as_list(ends[block])
        block_replacements = replacements[block]
        boundaries = [unchanged_from] * (2 * len(block_starts) + 1)  # in text order: unchanged_from, start, end, …
        boundaries[1::2] = block_starts
        boundaries[2::2] = block_ends
        if boundaries[-1] > length or boundaries != sorted(boundaries):
            raise ValueError(f"overlapping or out-of-range edit {_first_bad_edit(ordered, length)!r}")
        pieces: list[str] = [""] * (2 * len(block_starts))
        pieces[0::2] = map(text.__getitem__, map(slice, boundaries[0::2], block_starts))  # the unchanged stretches
        pieces[1::2] = block_replacements
        unchanged_from = boundaries[-1]
        if first + _JOIN_BLOCK >= n_edits:
            pieces.append(text[unchanged_from:])  # the unchanged end of the text
        blocks.append("".join(pieces))
        offset_map.add_edits(block_starts, block_ends, list(map(len, block_replacements)))
    result = text if not blocks else blocks[0] if len(blocks) == 1 else "".join(blocks)
    return result, offset_map


def _first_bad_edit(ordered: Sequence[Edit], length: int) -> Edit:
    """The first edit (in application order) that overlaps the one before or leaves the text."""
    in_pos = 0
    for edit in ordered:
        if edit.start < in_pos or edit.end < edit.start or edit.end > length:
            return edit
        in_pos = edit.end
    raise AssertionError("no bad edit")


def _as_list(values: Sequence[int]) -> list[int]:
    """``values`` as a list (an array's items are converted at once; a list is taken as it is)."""
    return values if isinstance(values, list) else values.tolist() if isinstance(values, array) else list(values)


class EditMap(PositionMap):
    """The map of ``apply_edits``: the edits that change the length, in order, as four columns.

    It answers as an ``OffsetMap`` with a 1:1 piece per stretch between these edits and a piece per
    edit would, without building the pieces: each edit's start and end in the input and in the
    output.  A position inside an edit maps to the edit's whole range on the other side; any other
    position moves as the end of the edit before it did.  Edits that keep the length lie inside the
    1:1 stretches (they map character for character), so they are left out.
    """

    __slots__ = ("_in_starts", "_in_ends", "_out_starts", "_out_ends", "_shift")

    def __init__(self, in_length: int, typecode: str | None) -> None:
        """The map of no edits yet on a text of ``in_length``: ``add_edits`` adds them, a block at a time, as
        lists (``typecode`` None: the edits come in one block) or into arrays of ``typecode``."""
        columns: tuple[Sequence[int], ...] = ([], [], [], []) if typecode is None else tuple(
            array(typecode) for _ in range(4))
        self._in_starts, self._in_ends, self._out_starts, self._out_ends = columns
        self._shift = 0  # output minus input position after the edits so far
        self.out_length = self.in_length = in_length

    def add_edits(self, starts: list[int], ends: list[int], produced: list[int]) -> None:
        """Add the next edits (sorted, non-overlapping, after those so far): their starts and ends in the input
        and their replacements' lengths.  Edits that keep the length are left out."""
        deletions = not any(produced)  # pinyin annotations, chrome lines: each ends where it starts in the output
        # output minus input length of each edit
        growth = list(map(sub, starts, ends)) if deletions else list(map(sub, produced, map(sub, ends, starts)))
        if not all(growth):
            starts, ends, produced = (list(compress(column, growth)) for column in (starts, ends, produced))
            growth = list(filter(None, growth))
            if not growth:
                return
        out_starts = list(map(add, starts, accumulate(growth, initial=self._shift)))
        out_ends = out_starts if deletions else list(map(add, out_starts, produced))  # deletions share the column
        self._shift = out_ends[-1] - ends[-1]
        self.out_length = self.in_length + self._shift
        columns = (self._in_starts, self._in_ends, self._out_starts, self._out_ends)
        if isinstance(self._in_starts, array):
            for column, values in zip(columns, (starts, ends, out_starts, out_ends)):
                column.fromlist(values)  # type: ignore[attr-defined]
        else:  # the one block: its lists are the columns
            self._in_starts, self._in_ends, self._out_starts, self._out_ends = starts, ends, out_starts, out_ends

    @property
    def is_identity(self) -> bool:
        """True when no edit changes the length: every position maps to itself."""
        return not self._in_starts

    def _map_positions(self, positions: list[int], *, forward: bool, end: bool) -> list[int]:
        """``PositionMap._map_positions`` through the edits' ranges, the stretches between them moving 1:1."""
        a_starts, a_ends = (self._in_starts, self._in_ends) if forward else (self._out_starts, self._out_ends)
        b_starts, b_ends = (self._out_starts, self._out_ends) if forward else (self._in_starts, self._in_ends)
        a_total = self.in_length if forward else self.out_length
        b_total = self.out_length if forward else self.in_length
        if not a_starts and not self.in_length:
            return [0] * len(positions)  # an empty text: nothing to map through
        mapped: dict[int, int] = dict.fromkeys(positions)  # spans share boundaries: each position once
        for position in mapped:
            pos = position
            if pos >= a_total:
                if not end or a_total == 0:
                    mapped[position] = b_total
                    continue
                pos = a_total  # the end of the last character: map as the last character does
            probe = pos - 1 if end and pos > 0 else pos
            i = bisect_right(a_starts, probe) - 1  # the last edit that starts at or before the probe
            if i < 0:  # before the first edit: unmoved, except before the text (a negative position) when
                # the text starts with an edit: that edit's range, as the first piece of a piece map gives
                if probe >= 0 or not a_starts or a_starts[0] != 0:
                    mapped[position] = pos
                    continue
                i = 0
            elif probe >= (a_end := a_ends[i]):  # in the stretch after edit i: moved as its end was
                mapped[position] = pos - a_end + b_ends[i]
                continue
            mapped[position] = b_ends[i] if end else b_starts[i]  # inside edit i: its whole range
        return list(map(mapped.__getitem__, positions))


class OffsetChain:
    """The maps of successive steps, first step first."""

    __slots__ = ("maps",)

    def __init__(self, maps: Iterable[PositionMap] = ()) -> None:
        self.maps: list[PositionMap] = [m for m in maps if not m.is_identity]

    def append(self, offset_map: PositionMap) -> None:
        """Add the map of the next step (identity maps are dropped)."""
        if not offset_map.is_identity:
            self.maps.append(offset_map)

    def extend(self, other: OffsetChain) -> None:
        """Add all maps of a later chain."""
        self.maps.extend(other.maps)

    def to_source(self, span: Span) -> Span:
        """Map a span of the final text back to the first input."""
        return self.to_source_spans((span,))[0]

    def to_output(self, span: Span) -> Span:
        """Map a span of the first input forward to the final text."""
        return self.to_output_spans((span,))[0]

    def to_source_spans(self, spans: Iterable[Span]) -> list[Span]:
        """``to_source`` of many spans at once (each map walked once for all of them)."""
        return _map_spans(self.maps[::-1], spans, forward=False)

    def to_output_spans(self, spans: Iterable[Span]) -> list[Span]:
        """``to_output`` of many spans at once (each map walked once for all of them)."""
        return _map_spans(self.maps, spans, forward=True)

    def __len__(self) -> int:
        return len(self.maps)
