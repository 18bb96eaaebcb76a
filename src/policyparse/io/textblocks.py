"""Text blocks with source offsets, shared by the HTML and DOCX readers.

A reader pulls text out of markup piece by piece.  Each piece is a ``Seg``:
output characters plus the source range they came from.  A seg whose text is
as long as its source range maps character by character (plain text); any
other seg (an entity such as ``&nbsp;``, a collapsed whitespace run) maps as a
whole.  ``collapse_whitespace`` turns the segs of one block into one clean
line; ``TextBuilder`` joins lines into the reader's ``text`` and builds the
``OffsetMap`` back to the source.
"""

from __future__ import annotations

from typing import Iterable, Optional, Sequence

from ..cache import compile_pattern, dataclass
from ..model import Table
from ..text.offsets import OffsetMap

Span = tuple[int, int]

MAX_TABLE_CELLS = 20_000
# a grid column where cells start in fewer than 1 row in this many is a split of the column on its left
RARE_COLUMN_SHARE = 8
# a table cell that only says "none" (matches "/", "／", "—", "——", "-", "－")
_PLACEHOLDER_CELL = compile_pattern(r"^\s*(?:/|／|—{1,2}|-|－|─)\s*$")

# where a line inside a table cell ends a clause, so the next line is its own (matches "。", "；", "：", "！")
_CELL_CLAUSE_END = frozenset("。；;：:！？!?")
# a line inside a cell that starts a list item (matches "1.", "2、", "（三）", "(4)", "②", "一、", "第二条")
_CELL_ITEM_START = compile_pattern(
    r"^(?:\d{1,3}[.．、)）]|[（(][一二三四五六七八九十\d]{1,3}[)）]|[\u2460-\u2473\u2776-\u277f]|"
    r"[一二三四五六七八九十]{1,3}[、．.]|第[一二三四五六七八九十百\d]{1,5}[条章节])"
)

# a Han character
_HAN = compile_pattern(r"[\u3400-\u9fff]")
# Han characters a merged title row needs to be preferred over a bare label row ("附件1：")
TITLE_MIN_HAN = 6

# a run of collapsible whitespace (ASCII whitespace and no-break spaces)
_WS_RUN = compile_pattern(r"[ \t\r\n\f\v\u00a0]+")
# whitespace trimmed at the edges of a line (adds the ideographic space U+3000)
_EDGE_WS = frozenset(" \t\r\n\f\v\u00a0\u3000\u200b\ufeff")
_WS_CHARS = frozenset(" \t\r\n\f\v\u00a0")


def is_wide(ch: str) -> bool:
    """True for CJK ideographs and full-width punctuation (no space needed between them)."""
    cp = ord(ch)
    return (
        0x2E80 <= cp <= 0x9FFF
        or 0xF900 <= cp <= 0xFAFF
        or 0xFE30 <= cp <= 0xFE4F
        or 0xFF00 <= cp <= 0xFFEF
        or 0x20000 <= cp <= 0x3FFFF
    )


@dataclass(frozen=True, slots=True)
class Seg:
    """Output ``text`` taken from ``source[start:start+length]``; ``tag`` marks a link or other owner."""

    text: str
    start: int
    length: int
    tag: object = None

    @property
    def exact(self) -> bool:
        """True when the seg maps character for character."""
        return len(self.text) == self.length

    def slice(self, i: int, j: int) -> "Seg":
        """The part of the seg for output characters ``[i, j)``."""
        if self.exact:
            return Seg(self.text[i:j], self.start + i, j - i, self.tag)
        return Seg(self.text[i:j], self.start, self.length, self.tag)


def segs_text(segs: Iterable[Seg]) -> str:
    """The output text of a list of segs."""
    return "".join(s.text for s in segs)


def collapse_whitespace(segs: Sequence[Seg]) -> list[Seg]:
    """One clean line from the segs of a block.

    Runs of whitespace become one space; a run holding a line break between
    two wide (CJK) characters disappears, as browsers render it; whitespace at
    both ends of the line is dropped.  Every kept character keeps its source.
    """
    if not any(_WS_RUN.search(seg.text) for seg in segs):  # fast path: nothing to collapse
        return strip_segs([seg for seg in segs if seg.text])
    out: list[Seg] = []
    pending: Optional[tuple[int, int, bool]] = None  # (start, end, has_newline) of a whitespace run
    last_char = ""

    def flush_pending(next_char: str) -> None:
        nonlocal pending
        if pending is None:
            return
        start, end, newline = pending
        pending = None
        if not last_char:
            return  # leading whitespace
        if newline and is_wide(last_char) and is_wide(next_char):
            return
        out.append(Seg(" ", start, end - start))

    def add_ws(start: int, end: int, newline: bool) -> None:
        nonlocal pending
        if pending is None:
            pending = (start, end, newline)
        else:
            pending = (pending[0], max(pending[1], end), pending[2] or newline)

    for seg in segs:
        if not seg.text:
            continue
        if not seg.exact:
            if seg.text.strip(" \t\r\n\f\v\u00a0") == "":
                add_ws(seg.start, seg.start + seg.length, "\n" in seg.text)
                continue
            flush_pending(seg.text[0])
            out.append(seg)
            last_char = seg.text[-1]
            continue
        pos = 0
        for m in _WS_RUN.finditer(seg.text):
            if m.start() > pos:
                flush_pending(seg.text[pos])
                out.append(seg.slice(pos, m.start()))
                last_char = seg.text[m.start() - 1]
            add_ws(seg.start + m.start(), seg.start + m.end(), "\n" in m.group())
            pos = m.end()
        if pos < len(seg.text):
            flush_pending(seg.text[pos])
            out.append(seg.slice(pos, len(seg.text)))
            last_char = seg.text[-1]
    return strip_segs(out)


def strip_segs(segs: list[Seg]) -> list[Seg]:
    """Drop edge whitespace (including U+3000 indentation) from a line of segs."""
    start = 0
    while start < len(segs):
        s = segs[start]
        k = 0
        while k < len(s.text) and s.text[k] in _EDGE_WS:
            k += 1
        if k == len(s.text):
            start += 1
            continue
        if k:
            segs = [*segs[:start], s.slice(k, len(s.text)), *segs[start + 1 :]]
        break
    segs = segs[start:]
    while segs:
        s = segs[-1]
        k = len(s.text)
        while k > 0 and s.text[k - 1] in _EDGE_WS:
            k -= 1
        if k == 0:
            segs = segs[:-1]
            continue
        if k < len(s.text):
            segs = [*segs[:-1], s.slice(0, k)]
        break
    return segs


def drop_spaces(segs: Sequence[Seg]) -> list[Seg]:
    """The segs without any whitespace character (for labels written ``文　号``)."""
    out: list[Seg] = []
    for seg in segs:
        if not seg.exact:
            if seg.text.strip(" \t\r\n\f\v\u00a0\u3000"):
                out.append(seg)
            continue
        run_start: Optional[int] = None
        for i, ch in enumerate(seg.text):
            if ch in _WS_CHARS or ch == "\u3000":
                if run_start is not None:
                    out.append(seg.slice(run_start, i))
                    run_start = None
            elif run_start is None:
                run_start = i
        if run_start is not None:
            out.append(seg.slice(run_start, len(seg.text)))
    return out


class TextBuilder:
    """Accumulates lines of segs into a text and the ``OffsetMap`` back to the source.

    Inserted characters (line breaks, separators) map to an empty range at the
    source position reached so far, so source positions never go backwards.
    """

    def __init__(self, in_length: int) -> None:
        self._parts: list[str] = []
        self._pieces: list[tuple[int, int, int, int]] = []
        self._out = 0
        self._in = 0
        self._in_length = in_length

    @property
    def position(self) -> int:
        """Length of the text built so far."""
        return self._out

    def insert(self, text: str) -> None:
        """Add characters that are not in the source."""
        if not text:
            return
        self._parts.append(text)
        self._pieces.append((self._out, self._in, len(text), 0))
        self._out += len(text)

    def add(self, segs: Iterable[Seg]) -> Span:
        """Add segs; returns their span in the text."""
        start = self._out
        for seg in segs:
            if not seg.text:
                continue
            n = len(seg.text)
            if seg.start < self._in:
                # out of source order: map to an empty range where the map stands
                self._pieces.append((self._out, self._in, n, 0))
            elif seg.exact:
                last = self._pieces[-1] if self._pieces else None
                if last and last[2] == last[3] and last[0] + last[2] == self._out and last[1] + last[3] == seg.start:
                    self._pieces[-1] = (last[0], last[1], last[2] + n, last[3] + n)
                else:
                    self._pieces.append((self._out, seg.start, n, n))
                self._in = seg.start + n
            else:
                self._pieces.append((self._out, seg.start, n, seg.length))
                self._in = seg.start + seg.length
            self._parts.append(seg.text)
            self._out += len(seg.text)
        return (start, self._out)

    def build(self) -> tuple[str, OffsetMap]:
        """The text and its map to the source.

        The map's input length is where the last mapped source character ends
        (trailing markup maps nowhere), so the end of the last line maps to
        the end of its own source, not to the end of the page.
        """
        text = "".join(self._parts)
        return text, OffsetMap(self._pieces, len(text), min(self._in_length, max(self._in, 0)) or self._in_length)


# ------------------------------------------------------------------ tables


def expand_grid(rows: list[list[tuple[str, int, int]]]) -> list[list[str]]:
    """Expand ``(text, rowspan, colspan)`` cells into a rectangular grid, copying merged cells.

    Word splits its grid wherever one row's cell edges do not line up with
    the others', and every other row then spans the split.  A grid column
    where cells start in fewer than one row in ``RARE_COLUMN_SHARE`` (and not
    in the first row, whose header would name it) is such a split: it joins
    the column on its left, whose value in each row is the cell starting in
    either (both, one per line, when both start one), so no value is lost and
    none is repeated in two columns.
    """
    grid: dict[tuple[int, int], str] = {}
    starts: dict[tuple[int, int], bool] = {}  # (row, column) where a cell's left edge is
    width = 0
    for r, cells in enumerate(rows):
        c = 0
        for text, rowspan, colspan in cells:
            while (r, c) in grid:
                c += 1
            for dr in range(rowspan):
                for dc in range(colspan):
                    if len(grid) < MAX_TABLE_CELLS and (r + dr, c + dc) not in grid:
                        grid[(r + dr, c + dc)] = text
                        if dc == 0:
                            starts[(r + dr, c)] = True
            c += colspan
            width = max(width, c)
    height = min(max((r for r, _ in grid), default=-1) + 1, len(rows))
    groups: list[list[int]] = []
    for c in range(width):
        count = sum(1 for r in range(height) if (r, c) in starts)
        if groups and count * RARE_COLUMN_SHARE < height and (0, c) not in starts:
            groups[-1].append(c)
        else:
            groups.append([c])
    out: list[list[str]] = []
    for r in range(height):
        row: list[str] = []
        for group in groups:
            started = [grid.get((r, c), "") for c in group if (r, c) in starts]
            started = [t for k, t in enumerate(started) if t and t not in started[:k]]
            row.append("\n".join(started) if started else grid.get((r, group[0]), ""))
        out.append(row)
    return out


def join_cell_lines(lines: list[str], *, header: bool) -> str:
    """The text of a cell from its lines, rejoining words that narrow columns broke.

    Header cells broken between two wide characters (联系/电话) are rejoined;
    so are other cells (宜春市/人民检察院, 市产业技术/创研工程中心) unless the
    line ends a clause (``。；：！？``) or the next line starts a list item
    (``1.``, ``（二）``, ``②``): those breaks are the writer's own.
    """
    out = ""
    for line in lines:
        if not out:
            out = line
        elif is_wide(out[-1]) and is_wide(line[0]) and (
            header or (out[-1] not in _CELL_CLAUSE_END and not _CELL_ITEM_START.match(line))
        ):
            out += line
        else:
            out += "\n" + line
    return out


def table_from_grid(grid: list[list[str]], span: tuple[int, int], title: Optional[str]) -> Optional[Table]:
    """Columns from the first row that is not a full-width title row; rows after it.

    Cells holding only a placeholder dash or slash (``/``, ``—``, ``-``) mean
    "none" and become empty strings (the text keeps them as written).
    """
    grid = [["" if _PLACEHOLDER_CELL.match(cell) else cell for cell in row] for row in grid]
    grid = [row for row in grid if any(cell.strip() for cell in row)]
    if not grid:
        return None
    start = 0
    merged_titles: list[str] = []
    while start < len(grid) - 1 and len(set(grid[start])) == 1 and len(grid[start]) > 1:
        merged_titles.append(grid[start][0].replace("\n", " "))
        start += 1
    if merged_titles:  # a merged title row wins; a label row (附件1：) above the real title does not
        named = [t for t in merged_titles if len(_HAN.findall(t)) >= TITLE_MIN_HAN]
        title = named[0] if named else merged_titles[0]
    columns = list(grid[start])
    if start + 1 < len(grid) and _is_sub_header(columns, grid[start + 1]):
        below = grid[start + 1]
        columns = [below[c] if below[c] and below[c] != columns[c] else columns[c] for c in range(len(columns))]
        start += 1
    header_rows = {tuple(row) for row in grid[: start + 1]}
    columns = [c.replace("\n", "") for c in columns]
    header_rows.add(tuple(columns))
    # header rows repeated further down (Word repeats them on every page) are not data
    rows = [row for row in grid[start + 1 :] if tuple(c.replace("\n", "") for c in row) not in header_rows
            and tuple(row) not in header_rows]
    return Table(columns=columns, rows=rows, title=title, span=span)


def _is_sub_header(top: list[str], below: list[str]) -> bool:
    """True when ``below`` names the parts of header cells of ``top`` merged across columns.

    (``资格条件`` over 专业/最低学历/其他条件: the other columns repeat, being merged down.)
    """
    width = len(top)
    spanned = {
        c for c in range(width)
        if top[c] and ((c > 0 and top[c] == top[c - 1]) or (c + 1 < width and top[c] == top[c + 1]))
    }
    if not spanned or len(below) != width:
        return False
    return all(below[c] == top[c] or c in spanned for c in range(width)) and any(
        below[c] and below[c] != top[c] for c in spanned
    )
