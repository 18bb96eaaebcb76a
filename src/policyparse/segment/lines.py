"""Non-blank lines of the repaired text with their offsets, shared by the segment readers."""

from __future__ import annotations

from dataclasses import dataclass

# what a line is stripped of at both ends: spaces, tabs, CR, ideographic and no-break spaces
_LINE_PADDING = " \t\r\u3000\xa0"


@dataclass(slots=True)
class StrippedLine:
    """One non-blank line: its stripped content and where that content sits in the text."""

    text: str
    start: int
    end: int


def stripped_lines(text: str, start: int, end: int | None = None) -> list[StrippedLine]:
    """The non-blank lines of ``text[start:end]``, stripped, with absolute offsets."""
    end = len(text) if end is None else end
    out: list[StrippedLine] = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        if nl < 0:
            nl = end
        raw = text[pos:nl]
        stripped = raw.strip(_LINE_PADDING)
        if stripped:
            lead = len(raw) - len(raw.lstrip(_LINE_PADDING))
            out.append(StrippedLine(stripped, pos + lead, pos + lead + len(stripped)))
        pos = nl + 1
    return out
