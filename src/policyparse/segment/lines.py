"""Non-blank lines of the repaired text with their offsets, shared by the segment readers."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from ..cache import compile_pattern, dataclass

# Line padding stripped from both ends of a line: spaces, tabs, CR, ideographic and no-break spaces
LINE_PADDING = " \t\r\u3000\xa0"
# A header cell naming a table's serial column, its spaces removed: 序号 / 编号 / 序列 / No.
_SERIAL_HEADER = compile_pattern(r"^(?:序号|编号|序列|排序|No\.?)$", re.IGNORECASE)
_WHITESPACE = compile_pattern(r"\s")


def is_serial_header(cell: str) -> bool:
    """Whether a header cell (``序号``, ``编 号``, ``No.``) names a table's serial column: a flattened table's
    first header line."""
    return _SERIAL_HEADER.match(_WHITESPACE.sub("", cell)) is not None


@dataclass(slots=True)
class StrippedLine:
    """One non-blank line: its stripped content and where that content sits in the text."""

    text: str
    start: int
    end: int


def stripped_lines(text: str, start: int, end: int | None = None) -> list[StrippedLine]:
    """The non-blank lines of ``text[start:end]``, stripped, with absolute offsets."""
    end = len(text) if end is None else end
    lines: list[StrippedLine] = []
    pos = start
    for raw in text[start:end].split("\n"):
        content = raw.strip(LINE_PADDING)
        if content:
            first = pos + len(raw) - len(raw.lstrip(LINE_PADDING))
            lines.append(StrippedLine(content, first, first + len(content)))
        pos += len(raw) + 1
    return lines


class SharedLines:
    """The stripped lines of ``text[start:]``, split once (when first asked for) and handed out region by
    region to the readers of attachments and tables; a region that begins before ``start`` is split on its own."""

    __slots__ = ("text", "_from", "_lines", "_starts")

    def __init__(self, text: str, start: int = 0) -> None:
        self.text = text
        self._from = start  # the split covers text[_from:]
        self._lines: list[StrippedLine] | None = None  # None until the first request
        self._starts: list[int] = []

    def between(self, start: int, end: int | None = None) -> list[StrippedLine]:
        """``stripped_lines(text, start, end)``, its whole lines taken from the shared split."""
        text = self.text
        end = len(text) if end is None else end
        first_nl = text.find("\n", start, end)
        if first_nl < 0 or start < self._from:  # one (partial) line, or a region the split does not cover
            return stripped_lines(text, start, end)
        if self._lines is None:
            self._lines = stripped_lines(text, self._from)
            self._starts = [line.start for line in self._lines]
        # the region's first and last pieces may be parts of lines: split them on their own
        last_nl = text.rfind("\n", start, end)
        whole = self._lines[bisect_right(self._starts, first_nl) : bisect_left(self._starts, last_nl)]
        return [*stripped_lines(text, start, first_nl), *whole, *stripped_lines(text, last_nl + 1, end)]


def lines_between(
    text: str, start: int, end: int | None = None, shared: SharedLines | None = None
) -> list[StrippedLine]:
    """``stripped_lines(text, start, end)``, taken from ``shared`` (the text's lines, split once) when given."""
    return shared.between(start, end) if shared is not None else stripped_lines(text, start, end)
