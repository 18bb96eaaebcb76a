"""Non-blank lines of the repaired text with their offsets, shared by the segment readers."""

from __future__ import annotations

from dataclasses import dataclass

from ..cache import compile_pattern

# the stripped content of a non-blank line: from its first to its last character that is neither
# padding (spaces, tabs, CR, ideographic and no-break spaces) nor a newline
_LINE_CONTENT = compile_pattern(r"[^ \t\r\u3000\xa0\n](?:[^\n]*[^ \t\r\u3000\xa0\n])?")


@dataclass(slots=True)
class StrippedLine:
    """One non-blank line: its stripped content and where that content sits in the text."""

    text: str
    start: int
    end: int


def stripped_lines(text: str, start: int, end: int | None = None) -> list[StrippedLine]:
    """The non-blank lines of ``text[start:end]``, stripped, with absolute offsets."""
    end = len(text) if end is None else end
    return [StrippedLine(m.group(), m.start(), m.end()) for m in _LINE_CONTENT.finditer(text, start, end)]
