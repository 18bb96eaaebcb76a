"""Rebuild tables that the input flattened into one cell per line.

A flattened table is a run of short header lines (``序号`` ``任务名称`` … ``责任单位``)
followed by rows that each begin with the next serial number.  Rows may leave out
cells that repeat the row above (merged cells), may break a unit name over
several lines (``市产业技术`` + ``创研工程中心``) and may hold several units in a
unit column, one per line.  Each row's lines are aligned to the columns by a
small dynamic programme over line kinds (label, sentence, date, unit) and column
kinds (name, content, deadline, units); rows whose alignment is not clearly best
get a ``table_row_uncertain`` warning instead of a silent guess.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Iterator, Literal, Optional

from ..cache import compile_pattern, dataclass
from ..model import ParseWarning, Span, Table
from .lines import LINE_PADDING, SharedLines, StrippedLine, is_serial_header, lines_between
from .metadata import line_spans
from .units import is_org_name, is_strong_org_name, split_units

ColumnKind = Literal["serial", "name", "content", "date", "unit", "other"]
LineKind = Literal["label", "sentence", "date", "serial"]
LineShape = tuple[LineKind, bool]  # a line's kind, and whether it is longer than _LONG_LINE

# a header cell naming a deadline column: 完成时限 / 完成时间 / 时间节点 / 进度安排
_DATE_HEADER = compile_pattern(r"(?:时限|时间|期限|日期|时点|节点|进度)")
# a header cell naming a unit column: 牵头单位 / 责任单位 / 责任部门 / 配合单位 / 责任主体
_UNIT_HEADER = compile_pattern(r"(?:单位|部门|主体|牵头|配合|负责|责任人)")
# a header cell naming a short name column: 任务名称 / 重点任务 / 项目 / 事项 / 类别
_NAME_HEADER = compile_pattern(r"(?:名称|任务$|项目$|事项$|类别|类型|领域|板块|环节)")
# a header cell naming a long text column: 主要工作内容 / 具体工作目标 / 工作措施
_CONTENT_HEADER = compile_pattern(r"(?:内容|目标|措施|举措|要求|描述|说明|情况|成效|标准|任务)")
# a header-like label: short, no sentence punctuation, not a bare number
_LABEL_LINE = compile_pattern(r"^[^。，,；;：:！？!?]{1,14}$")
# a row's serial number line: "1" / "12." / "3、"
_SERIAL_LINE = compile_pattern(r"^(?P<n>\d{1,3})[.．、]?$")
# a serial number line, with its line padding, after the newline before it: "\n  12.\u3000"
# (led by the newline, a scan jumps from newline to newline)
_SERIAL_LINE_AFTER_NEWLINE = compile_pattern(r"\n[ \t\r\u3000\xa0]*\d{1,3}[.．、]?[ \t\r\u3000\xa0]*(?=\n|\Z)")
# a deadline cell: 12月31日 / 2021年底前 / 2022年6月 / 长期推进 / 持续推进 / 每季度 / 年底前
_DATE_LINE = compile_pattern(
    r"^(?:(?:\d{4}|[二〇一两三四五六七八九零]{4})年(?:\d{1,2}月(?:\d{1,2}日)?|底|末|年底|上半年|下半年|[一二三四]季度)?"
    r"(?:[—\-－~～至到]\S{1,12})?(?:前|底前|以前|之前)?"
    r"|\d{1,2}月(?:\d{1,2}日)?(?:前|底|底前|末|中旬|上旬|下旬)?"
    r"|(?:长期|持续|常态化|年内|全年|逐步|分步|分年度)(?:推进|坚持|实施|开展|落实)?|长期|每年|每季度|每月|年底前|年内完成)"
    r"[。；;]?$"
)
# sentence punctuation: a line with it is running text
_SENTENCE = compile_pattern(r"[。；;！？!?]")
# a line that ends the table: 注： / 备注： / 说明：
_TABLE_END_WORDS = ("注", "备注", "说明")
_TABLE_END = compile_pattern(f"^(?:{'|'.join(_TABLE_END_WORDS)})[：:0-9１-９]")
_TABLE_END_FIRST = "".join(word[0] for word in _TABLE_END_WORDS)  # the characters a table end opens with
_MAX_SERIAL_LINE = 4  # the longest serial number line: three digits and a mark ("123.")
# how a cell line ends when the cell goes on over the next line: a list separator (市人社局、)
_LIST_CONTINUES = ("、", "，", ",")
# a local-level unit (各县区, 经济区, 盘锦高新区, 各区政府, …管委会) as opposed to a municipal department
_LOCAL_UNIT = compile_pattern(r"(?:^各|区$|县$|乡$|镇$|街道$|政府$|管委会$|园区$|开发区$)")

# whitespace inside a header cell: 序  号
_SPACE = compile_pattern(r"\s")
# a unit column header naming the lead role: 牵头单位 / 主责部门 / 主办单位
_LEAD_HEADER = compile_pattern(r"牵头|主责|主办")
# the end of a table title: …分解表 / …清单 / …名单
_TABLE_TITLE_END = compile_pattern(r"(?:表|清单|一览|名单|目录|计划)$")

# a short name tail that does not start like a unit (no 市/省/区/县/各/国家 prefix): 建设局 / 保障局
_TAIL_FRAGMENT = compile_pattern(r"^(?![市省区县乡镇各]|国家|中国|中共|自治)[\u4e00-\u9fff]{2,5}$")
# characters around a list element: 、经济区、 / ：经济区； / line edges
_ELEMENT_EDGE = frozenset("、，,；;：:（()）\n \t\u3000。")
_MAX_OCCURRENCES = 50

_MAX_HEADER = 16
_MAX_LINES_PER_CELL = 6
_MAX_JOIN = 4
_MAX_ROW_LINES = 60
_MAX_UNIT_NAME = 30
_SKIP_COST: dict[ColumnKind, float] = {"name": 1.5, "content": 3.0, "date": 3.0, "unit": 6.0, "other": 2.0, "serial": 9.0}
_EXTRA_LINE_COST = 1.5
_LONG_LINE = 12  # a non-sentence line longer than this fits a content column better
_UNCERTAIN_COST = 2.5
_MIN_MARGIN = 1.0


@dataclass(slots=True)
class RowLayout:
    """One rebuilt row: its cells, its unit list, its span and whether the alignment is certain."""

    serial: Optional[int]
    cells: list[str]
    units: list[str]
    span: Span
    certain: bool
    inherited: list[int]


def column_kind(header: str) -> ColumnKind:
    """What a column holds, from its header cell (序号 → serial, 完成时限 → date, 牵头单位 → unit …)."""
    h = _SPACE.sub("", header)
    if is_serial_header(h):
        return "serial"
    if _UNIT_HEADER.search(h):
        return "unit"
    if _DATE_HEADER.search(h):
        return "date"
    if _NAME_HEADER.search(h):
        return "name"
    if _CONTENT_HEADER.search(h):
        return "content"
    return "other"


def is_lead_column(header: str) -> bool:
    """Whether a unit column names the leading role (牵头单位, 牵头部门, 主责单位)."""
    return bool(_LEAD_HEADER.search(header))


def line_kind(line: str) -> LineKind:
    """What a cell line looks like: a date, a serial number, a sentence or a short label."""
    if _DATE_LINE.match(line):
        return "date"
    if _SERIAL_LINE.match(line):
        return "serial"
    if _SENTENCE.search(line) or len(line) > 30:
        return "sentence"
    return "label"


def _line_cost(kind: LineKind, long: bool, column: ColumnKind) -> float:
    """How badly a line of ``kind`` (``long``: over ``_LONG_LINE`` characters) fits a ``column`` (0 = perfectly)."""
    if column == "date":
        return 0.0 if kind == "date" else 5.0
    if column == "other":
        return 0.5
    if kind == "date":
        return 4.0
    if column == "unit":
        return 0.0 if kind == "label" else 5.0
    if column == "name":
        return 0.0 if kind == "label" else 3.0
    if column == "content":
        return 0.0 if kind == "sentence" else (1.0 if long else 2.0)
    return 0.5


def _line_shape(line: str) -> LineShape:
    """All that the alignment looks at in a line: its kind, and whether it is long."""
    return line_kind(line), len(line) > _LONG_LINE


@dataclass(slots=True)
class _Alignment:
    """A DP result: cost and, per column, the (first, last) line indices or None when skipped."""

    cost: float
    cells: list[Optional[tuple[int, int]]]


def _align(lines: list[str], kinds: list[ColumnKind]) -> tuple[_Alignment, float]:
    """Best alignment of a row's lines to its columns, and the cost of the best different alternative."""
    cost, cells, runner_up = _align_shapes(tuple([_line_shape(t) for t in lines]), tuple(kinds))
    return _Alignment(cost, list(cells)), runner_up


# One way to fill the first j columns with the first i lines: (cost, i of the way it extends,
# its rank there, the (first, last) lines of column j or None when the column is skipped).
_Way = tuple[float, int, int, Optional[tuple[int, int]]]


@lru_cache(maxsize=4096)
def _align_shapes(
    shapes: tuple[LineShape, ...], kinds: tuple[ColumnKind, ...]
) -> tuple[float, tuple[Optional[tuple[int, int]], ...], float]:
    """``_align`` on line shapes: a DP keeping the two cheapest ways per (columns, lines) state
    (cheapest first; of equal costs, the one found first).

    Rows of the same shape align alike, so the result is memoised on the shapes.
    """
    m, n = len(shapes), len(kinds)
    inf = float("inf")
    # ways[j][i]: the two cheapest ways to fill the first j columns with the first i lines
    ways: list[list[list[_Way]]] = [[[] for _ in range(m + 1)] for _ in range(n + 1)]
    ways[0][0].append((0.0, 0, 0, None))
    for j, kind in enumerate(kinds):
        costs = [_line_cost(line, long, kind) for line, long in shapes]
        skip = _SKIP_COST[kind]
        max_take = _MAX_LINES_PER_CELL * 3 if kind == "unit" else (_MAX_LINES_PER_CELL if kind in ("content", "other") else 1)
        extra_per_line = 0.0 if kind == "unit" else _EXTRA_LINE_COST
        done, todo = ways[j], ways[j + 1]
        for i in range(m + 1):
            for rank, (cost, _, _, _) in enumerate(done[i]):
                acc = 0.0
                for k in range(i - 1, min(m, i + max_take)):  # column j takes lines i..k (none when k < i)
                    if k < i:
                        way = (cost + skip, i, rank, None)
                    else:
                        acc += costs[k]
                        way = (cost + acc + extra_per_line * (k - i), i, rank, (i, k))
                    kept = todo[k + 1]  # keep the two cheapest ways of the state
                    if len(kept) < 2:
                        kept.insert(0 if kept and way[0] < kept[0][0] else len(kept), way)
                    elif way[0] < kept[1][0]:
                        if way[0] < kept[0][0]:
                            kept[1] = kept[0]
                            kept[0] = way
                        else:
                            kept[1] = way
    finals = ways[n][m]
    if not finals:
        return inf, (None,) * n, inf
    cells: list[Optional[tuple[int, int]]] = [None] * n
    i, rank = m, 0
    for j in range(n, 0, -1):
        _, i, rank, cells[j - 1] = ways[j][i][rank]
    return finals[0][0], tuple(cells), finals[1][0] if len(finals) > 1 else inf


# How far from a table its unit names are looked up: the document around it, bounded so that
# a huge input (a whole gazette volume in one file) stays linear in its length.
_NAME_LOOKUP_REACH = 50_000


def _lookup_windows(text: str, exclude: Span) -> tuple[tuple[int, int], tuple[int, int]]:
    """The stretches before and after ``exclude`` in which names are looked up."""
    return ((max(0, exclude[0] - _NAME_LOOKUP_REACH), exclude[0]),
            (exclude[1], min(len(text), exclude[1] + _NAME_LOOKUP_REACH)))


def _standalone_elsewhere(name: str, text: str, exclude: Span) -> bool:
    """Whether ``name`` stands as a list element of its own somewhere outside ``exclude`` (、经济区、)."""
    for lo, hi in _lookup_windows(text, exclude):
        pos = text.find(name, lo, hi)
        seen = 0
        while pos >= 0 and seen < _MAX_OCCURRENCES:
            before = text[pos - 1] if pos > 0 else "\n"
            after = text[pos + len(name)] if pos + len(name) < len(text) else "\n"
            if before in _ELEMENT_EDGE and after in _ELEMENT_EDGE:
                return True
            pos = text.find(name, pos + 1, hi)
            seen += 1
    return False


def _named_join(parts: list[str], i: int, named_elsewhere: Callable[[str], bool]) -> int:
    """How many parts from ``parts[i]`` on join into the longest name used elsewhere (1 when none does)."""
    # a longer join occurs only where its first two parts do: without the pair, no longer join is tried
    pair = "".join(parts[i : i + 2])
    if i + 1 >= len(parts) or len(pair) > _MAX_UNIT_NAME or not named_elsewhere(pair):
        return 1
    for j in range(min(len(parts), i + _MAX_JOIN), i + 1, -1):
        joined = "".join(parts[i:j])
        if len(joined) <= _MAX_UNIT_NAME and named_elsewhere(joined):
            return j - i
    return 1


def rejoin_unit_fragments(
    fragments: list[str], text: str, exclude: Span, cache: Optional[dict[str, bool]] = None
) -> list[str]:
    """Units from unit lines, rejoining names broken over lines.

    A run of lines is joined when the joined name occurs elsewhere in ``text`` (outside
    ``exclude``); when a line is no complete organisation name on its own (市产业技术 +
    创研工程中心); or when the next line is a short tail (建设局) that the document never
    uses as a unit of its own, after a line whose ending is only weakly organisational (…城乡).
    """
    seen: dict[str, bool] = cache if cache is not None else {}
    (before_lo, before_hi), (after_lo, after_hi) = _lookup_windows(text, exclude)

    def named_elsewhere(name: str) -> bool:
        key = "\0" + name
        if key not in seen:
            seen[key] = text.find(name, before_lo, before_hi) >= 0 or text.find(name, after_lo, after_hi) >= 0
        return seen[key]

    def standalone(name: str) -> bool:
        key = "\1" + name
        if key not in seen:
            seen[key] = _standalone_elsewhere(name, text, exclude)
        return seen[key]

    parts: list[str] = []
    for frag in fragments:
        parts.extend(split_units(frag) or [frag])
    units: list[str] = []
    i = 0
    while i < len(parts):
        taken = _named_join(parts, i, named_elsewhere)
        if taken == 1 and not is_org_name(parts[i]):
            j = i + 1
            joined = parts[i]
            while j < len(parts) and j - i < _MAX_JOIN and not is_org_name(joined):
                joined += parts[j]
                j += 1
            if is_org_name(joined):
                taken = j - i
        if (
            taken == 1
            and i + 1 < len(parts)
            and _TAIL_FRAGMENT.match(parts[i + 1])
            and is_org_name(parts[i + 1])
            and not is_strong_org_name(parts[i])
            and not named_elsewhere(parts[i])
            and not standalone(parts[i + 1])
        ):
            taken = 2
        units.append("".join(parts[i : i + taken]))
        i += taken
    return units


def split_lead_responsible(units: list[str]) -> tuple[int, bool]:
    """Where a unit list splits into 牵头单位 | 责任单位 without other evidence; (boundary, certain).

    The boundary is the first change between municipal departments and local units
    (各县区, 经济区, …管委会); with no change the first unit leads, uncertainly.
    """
    if len(units) <= 1:
        return len(units), len(units) <= 1
    if len(units) == 2:
        return 1, True
    local = [bool(_LOCAL_UNIT.search(u)) for u in units]
    changes = [k for k in range(1, len(units)) if local[k] != local[k - 1]]
    if len(changes) == 1:
        return changes[0], True
    return 1, False


def _find_header(lines: list[StrippedLine], first_row: int) -> int:
    """Index of the first header line above the row start ``first_row`` (== first_row when none)."""
    k = first_row
    while k > 0 and first_row - k < _MAX_HEADER and _LABEL_LINE.match(lines[k - 1].text) and line_kind(lines[k - 1].text) == "label":
        k -= 1
    # the header must start at the serial header when there is one
    for h in range(k, first_row):
        if is_serial_header(lines[h].text):
            return h
    return k


def _title_before(text: str, pos: int) -> Optional[str]:
    """The line just before ``pos`` when it reads like a table title (…表, …清单)."""
    prev_end = text.rfind("\n", 0, pos)
    while prev_end > 0:
        prev_start = text.rfind("\n", 0, prev_end) + 1
        line = text[prev_start:prev_end].strip(" \t\r\u3000\xa0")
        if line:
            if len(line) <= 60 and not _SENTENCE.search(line) and _TABLE_TITLE_END.search(line):
                return line
            return None
        prev_end = prev_start - 1
    return None


def _serial_number(line: str) -> Optional[int]:
    """The number of a serial number line ("12." → 12), None for any other line."""
    # a cheap test first: a serial line is at most 4 characters
    m = _SERIAL_LINE.match(line) if len(line) <= _MAX_SERIAL_LINE else None
    return int(m.group("n")) if m else None


def _split_rows(lines: list[StrippedLine], begin: int) -> list[tuple[int, int, int]]:
    """(serial, first line, end line) of each row from ``begin``: rows start at consecutive serials."""
    rows: list[tuple[int, int, int]] = []
    expected = 1
    end = len(lines)  # where the last row ends: the table's end line, else the last line
    current: Optional[tuple[int, int]] = None
    for i in range(begin, len(lines)):
        text = lines[i].text
        if _serial_number(text) == expected:
            if current is not None:
                rows.append((current[0], current[1], i))
            current = (expected, i)
            expected += 1
        elif text[0] in _TABLE_END_FIRST and _TABLE_END.match(text):  # a cheap test first
            end = i
            break
    if current is not None:
        rows.append((current[0], current[1], end))
    return rows


def _fixed_width_rows(lines: list[StrippedLine], begin: int, width: int) -> list[tuple[int, int, int]]:
    """Rows of exactly ``width`` cells each, when every row starts with its serial (else empty).

    Tables of numbers (指标 tables) have cells equal to serial numbers; when every row is
    complete, counting cells is safer than looking for the next serial.
    """
    rows: list[tuple[int, int, int]] = []
    k = 0
    while begin + (k + 1) * width <= len(lines):
        if _serial_number(lines[begin + k * width].text) != k + 1:
            break
        rows.append((k + 1, begin + k * width, begin + (k + 1) * width))
        k += 1
    if len(rows) < 2:
        return []
    nxt = begin + k * width
    if nxt < len(lines) and _serial_number(lines[nxt].text) is not None:
        return []  # the rows go on with another width: cells are left out somewhere
    if nxt < len(lines) and lines[nxt - 1].text.endswith(_LIST_CONTINUES):
        return []  # the last row's last cell breaks after a separator (市人社局、 / 市农业农村局): it goes on
    return rows


def _without_repeated_header(row_lines: list[str], columns: list[str]) -> list[str]:
    """A row's lines without a header repeated at a page break (序号 任务名称 … again)."""
    width = len(columns)
    for k in range(len(row_lines) - width + 1):
        if row_lines[k] == columns[0] and [_SPACE.sub("", t) for t in row_lines[k : k + width]] == columns:
            return row_lines[:k] + row_lines[k + width :]
    return row_lines


def _row_span(lines: list[StrippedLine], lo: int, hi: int) -> Span:
    """The span of a row's lines ``lines[lo:hi]``."""
    return (lines[lo].start, lines[hi - 1].end)


def _fill_row(
    text: str, lines: list[StrippedLine], serial: int, lo: int, hi: int, columns: list[str],
    kinds: list[ColumnKind], previous: Optional[RowLayout], table_span: Span, names_cache: dict[str, bool],
) -> RowLayout:
    """Align one row's lines to the columns; unit columns share the row's unit lines."""
    body_kinds = kinds[1:]
    merged_kinds: list[ColumnKind] = []
    owners: list[list[int]] = []
    for idx, kind in enumerate(body_kinds, start=1):
        if kind == "unit" and merged_kinds and merged_kinds[-1] == "unit":
            owners[-1].append(idx)
            continue
        merged_kinds.append(kind)
        owners.append([idx])
    row_lines = _without_repeated_header([ln.text for ln in lines[lo + 1 : hi]], columns)
    if len(row_lines) > _MAX_ROW_LINES:  # no table row is this long: keep the row, flag it, skip the alignment
        cells = [str(serial)] + [""] * (len(columns) - 1)
        return RowLayout(serial, cells, [], _row_span(lines, lo, hi), False, [])
    alignment, runner_up = _align(row_lines, merged_kinds)
    certain = alignment.cost <= _UNCERTAIN_COST and runner_up - alignment.cost >= _MIN_MARGIN
    cells = [""] * len(columns)
    cells[0] = str(serial)
    units: list[str] = []
    inherited: list[int] = []
    for group, span, kind in zip(owners, alignment.cells, merged_kinds):
        if span is None:
            if previous is not None and kind in ("name", "date", "other"):
                for col in group:
                    cells[col] = previous.cells[col]
                    inherited.append(col)
            continue
        chunk = row_lines[span[0] : span[1] + 1]
        if kind != "unit":
            cells[group[0]] = "".join(chunk) if kind != "content" else "\n".join(chunk)
            continue
        units = rejoin_unit_fragments(chunk, text, table_span, names_cache)
        if len(group) == 1:
            cells[group[0]] = "、".join(units)
        else:
            boundary, _ = split_lead_responsible(units)
            cells[group[0]] = "、".join(units[:boundary])
            cells[group[1]] = "、".join(units[boundary:])
    return RowLayout(serial, cells, units, _row_span(lines, lo, hi), certain, inherited)


@dataclass(slots=True)
class _FlatTable:
    """Where a flattened table sits among the lines: header, columns and row bounds (before any alignment)."""

    head: int
    columns: list[str]
    kinds: list[ColumnKind]
    rows: list[tuple[int, int, int]]  # (serial, first line, end line)
    fixed: bool  # every row has exactly one line per column


def _has_serial_line(text: str, start: int, end: int) -> bool:
    """Whether a line of ``text[start:end]`` is a serial number (a cheap test before reading tables)."""
    # the region's first line counts as a line even when ``start`` is inside a line of ``text``
    first_end = text.find("\n", start, end)
    first_line = text[start : end if first_end < 0 else first_end].strip(LINE_PADDING)
    return _SERIAL_LINE.match(first_line) is not None or _SERIAL_LINE_AFTER_NEWLINE.search(text, start, end) is not None


def _locate_flattened_tables(lines: list[StrippedLine]) -> Iterator[_FlatTable]:
    """Every flattened table among ``lines``: a header of labels, then rows at consecutive serials."""
    i = 0
    while i < len(lines):
        if _serial_number(lines[i].text) != 1:
            i += 1
            continue
        head = _find_header(lines, i)
        columns = [_SPACE.sub("", ln.text) for ln in lines[head:i]]
        kinds = [column_kind(c) for c in columns]
        if len(columns) < 3 or kinds[0] != "serial":
            i += 1
            continue
        fixed = _fixed_width_rows(lines, i, len(columns))
        split: list[tuple[int, int, int]] = []
        if not fixed:
            split = _split_rows(lines, i)
            two_level = _two_level_columns(columns, kinds)
            if two_level is not None:
                fixed = _fixed_width_rows(lines, i, len(two_level[0]))
                if fixed or _most_rows_hold(split, len(two_level[0])):
                    columns, kinds = two_level
        rows_at = fixed or split
        if not rows_at:
            i += 1
            continue
        yield _FlatTable(head, columns, kinds, rows_at, bool(fixed))
        i = rows_at[-1][2]


def _two_level_columns(columns: list[str], kinds: list[ColumnKind]) -> Optional[tuple[list[str], list[ColumnKind]]]:
    """The columns of a flattened table whose header has two rows, when its labels read so: the first row
    with a group label spanning two or more columns (责任单位), the second with the group's own labels
    (牵头单位, 配合单位) — flattened, the second row's labels follow the first row's.  The group's labels
    take its place: 序号 重点任务 责任单位 完成时限 牵头单位 配合单位 → 序号 重点任务 牵头单位 配合单位 完成时限.
    None when the trailing labels are not such a group (two or more labels of one kind, unit or date, with
    exactly one label of that kind before them)."""
    kind = kinds[-1]
    if kind not in ("unit", "date"):
        return None
    run = len(kinds)
    while run > 0 and kinds[run - 1] == kind:
        run -= 1
    group = [k for k in range(run) if kinds[k] == kind]
    if len(kinds) - run < 2 or len(group) != 1:
        return None
    at = group[0]
    merged = [*columns[:at], *columns[run:], *columns[at + 1 : run]]
    return merged, [column_kind(c) for c in merged]


def _most_rows_hold(rows: list[tuple[int, int, int]], width: int) -> bool:
    """Whether most of the rows found between consecutive serials hold ``width`` lines each."""
    return len(rows) >= 2 and sum(hi - lo == width for _, lo, hi in rows) * 2 > len(rows)


def flattened_row_spans(
    text: str, start: int, end: int, shared: Optional[SharedLines] = None
) -> list[tuple[list[str], list[Span]]]:
    """The columns and row spans of every flattened table in ``text[start:end]`` (cells are not aligned;
    ``shared``: the text's lines, split once)."""
    if not _has_serial_line(text, start, end):
        return []  # a flattened table's rows start at serial lines
    lines = lines_between(text, start, end, shared)
    return [(flat.columns, [_row_span(lines, lo, hi) for _, lo, hi in flat.rows])
            for flat in _locate_flattened_tables(lines)]


def read_flattened_tables(
    text: str, start: int, end: int, shared: Optional[SharedLines] = None
) -> list[tuple[Table, list[RowLayout]]]:
    """Every flattened table in ``text[start:end]`` with the layout of each row (``shared``: the text's
    lines, split once)."""
    if not _has_serial_line(text, start, end):
        return []  # a flattened table's rows start at serial lines
    lines = lines_between(text, start, end, shared)
    found: list[tuple[Table, list[RowLayout]]] = []
    for flat in _locate_flattened_tables(lines):
        columns, kinds = flat.columns, flat.kinds
        table_span = (lines[flat.head].start, lines[flat.rows[-1][2] - 1].end)
        layouts: list[RowLayout] = []
        previous: Optional[RowLayout] = None
        names_cache: dict[str, bool] = {}
        for serial, lo, hi in flat.rows:
            if flat.fixed:
                cells = [ln.text for ln in lines[lo:hi]]
                cost = sum(_line_cost(*_line_shape(c), k) for c, k in zip(cells[1:], kinds[1:]))
                row = RowLayout(serial, cells, [], _row_span(lines, lo, hi), cost <= _UNCERTAIN_COST, [])
            else:
                row = _fill_row(text, lines, serial, lo, hi, columns, kinds, previous, table_span, names_cache)
            layouts.append(row)
            previous = row
        title = _title_before(text, lines[flat.head].start)
        table = Table(columns=columns, rows=[r.cells for r in layouts], title=title, span=table_span)
        found.append((table, layouts))
    return found


# a markdown pipe-table row: "| 1 | 建设养老设施 | 区民政局 |" (the leading pipe; the trailing one is optional)
_PIPE_ROW = compile_pattern(r"[ \t\u3000]{0,4}\|(?P<cells>[^\n]*)$")
# a markdown pipe-table delimiter row: "| --- | :---: |" / "|---|---|"
# (one character class, anchored at a line start, so it stays linear; is_pipe_delimiter checks the rest)
_PIPE_DELIMITER = compile_pattern(r"^[ \t\u3000]{0,4}[|:\- \t]{3,}$", re.MULTILINE)
_MAX_PIPE_COLUMNS = 40
_MAX_SUB_LABEL = 8  # a second header row's labels are short: 牵头单位, 配合单位, 完成时间


def _is_pipe_delimiter(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a pipe-table delimiter row: cells of ``---`` between ``|``."""
    if not _PIPE_DELIMITER.match(text, start, end):
        return False
    line = text[start:end]
    return "|" in line and all("---" in cell for cell in line.strip().strip("|").split("|"))


def _pipe_cells(row: str) -> list[str]:
    """The cells of one pipe-table row (its leading pipe already removed)."""
    cells = row.split("|")
    if cells and not cells[-1].strip():
        cells.pop()  # the trailing pipe
    return [c.strip() for c in cells[:_MAX_PIPE_COLUMNS]]


def _has_pipe_delimiter(text: str, start: int, end: int) -> bool:
    """Whether a line of ``text[start:end]`` may be a pipe-table delimiter row (a cheap test before reading tables):
    its pipes and ``---`` cells are looked for (``str.find``) before a line of them."""
    return (text.find("|", start, end) >= 0 and text.find("---", start, end) >= 0
            and _PIPE_DELIMITER.search(text, start, end) is not None)


def _is_sub_header(columns: list[str], first_row: list[str]) -> bool:
    """Whether a pipe table's first body row is the second row of a two-level header: the header row has
    empty cells (a group label's span: | 责任单位 | |), and the first row holds only column labels
    (| | | 牵头单位 | 配合单位 | |), one of them under an empty header cell."""
    labels = [(top, sub) for top, sub in zip(columns, first_row) if sub]
    return (bool(labels) and any(not top for top, _ in labels)
            and all(len(sub) <= _MAX_SUB_LABEL and line_kind(sub) == "label" and column_kind(sub) != "other"
                    for _, sub in labels))


def read_pipe_tables(text: str, start: int, end: int) -> list[Table]:
    """Markdown pipe tables in ``text[start:end]``: a header row, a ``| --- |`` delimiter row, body rows."""
    if not _has_pipe_delimiter(text, start, end):
        return []  # every pipe table has its delimiter row
    lines = line_spans(text, start, end)
    tables: list[Table] = []
    i = 0
    while i + 1 < len(lines):
        head_start, head_end = lines[i]
        head = _PIPE_ROW.match(text, head_start, head_end)
        if head is None or not _is_pipe_delimiter(text, *lines[i + 1]):
            i += 1
            continue
        columns = _pipe_cells(head.group("cells"))
        rows: list[list[str]] = []
        j = i + 2
        last_end = lines[i + 1][1]
        while j < len(lines):
            row = _PIPE_ROW.match(text, lines[j][0], lines[j][1])
            if row is None:
                break
            cells = _pipe_cells(row.group("cells"))
            rows.append((cells + [""] * len(columns))[: max(len(columns), len(cells))])
            last_end = lines[j][1]
            j += 1
        if rows and _is_sub_header(columns, rows[0]):
            columns = [sub or top for top, sub in zip(columns, rows[0])]
            rows = rows[1:]
        if len(columns) >= 2:
            tables.append(Table(columns=columns, rows=rows, title=_title_before(text, head_start), span=(head_start, last_end)))
        i = j
    return tables


def rebuild_flattened_tables(
    text: str, start: int, end: int, shared: Optional[SharedLines] = None
) -> tuple[list[Table], list[ParseWarning]]:
    """Tables in ``text[start:end]`` of plain text: markdown pipe tables, and tables flattened one cell
    per line, rebuilt; uncertain rows become warnings (``shared``: the text's lines, split once)."""
    tables: list[Table] = read_pipe_tables(text, start, end)
    warnings: list[ParseWarning] = []
    for table, layouts in read_flattened_tables(text, start, end, shared):
        tables.append(table)
        for row in layouts:
            if not row.certain:
                warnings.append(ParseWarning(
                    "table_row_uncertain",
                    f"table {table.title or ''} row {row.serial}: its cells could not be matched to the columns with confidence",
                    row.span,
                ))
    tables.sort(key=lambda t: t.span)
    return tables, warnings
