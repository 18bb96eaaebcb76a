"""``normalize_whitespace`` gives exactly the edits of its plain line-by-line definition."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from policyparse.text.normalize import normalize_whitespace
from policyparse.text.offsets import Edit

_BLANK = set(" \t\u00a0\u1680\u202f\u205f\u3000\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\ufeff") | {
    chr(c) for c in range(0x2000, 0x200B)
}
_LINE_BREAK = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def _replacement(run: str) -> str:
    return "".join(" " if ch in _BLANK - set("\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\ufeff")
                   else chr(ord(ch) - 0xFEE0) if "\uff10" <= ch <= "\uff5a" else "" for ch in run)


def reference_normalize(text: str) -> tuple[list[Edit], dict[str, int]]:
    """Line by line, character by character: the edits and counts the module docstring describes."""
    edits: list[Edit] = []
    counts = {"lines_trimmed": 0, "blank_lines_removed": 0, "characters_normalised": 0, "line_breaks": 0}
    lines, position = [], 0
    for brk in _LINE_BREAK.finditer(text):
        lines.append((position, brk.start(), brk.end()))
        position = brk.end()
    lines.append((position, len(text), None))  # the last line has no break
    previous_blank, pending = True, None
    for start, line_end, next_start in lines:
        brk = text[line_end:next_start] if next_start is not None else None
        content_start = start
        while content_start < line_end and text[content_start] in _BLANK:
            content_start += 1
        if content_start == line_end:  # blank
            if previous_blank or brk is None:
                if line_end > start or brk is not None:
                    edits.append(Edit(start, next_start if next_start is not None else len(text), ""))
                    counts["blank_lines_removed"] += 1
            else:
                if line_end > start:
                    edits.append(Edit(start, line_end, ""))
                if brk != "\n":
                    edits.append(Edit(line_end, next_start, "\n"))
                pending = (start, next_start)
            previous_blank = True
            continue
        pending, previous_blank = None, False
        content_end = line_end
        while text[content_end - 1] in _BLANK:
            content_end -= 1
        if content_start > start:
            edits.append(Edit(start, content_start, ""))
            counts["lines_trimmed"] += 1
        i = content_start
        while i < content_end:  # runs of exotic spaces, zero-width and full-width characters
            j = i
            while j < content_end and text[j] != " " and (text[j] in _BLANK or "\uff10" <= text[j] <= "\uff5a"
                                                          and text[j].isalnum()):
                j += 1
            if j > i:
                edits.append(Edit(i, j, _replacement(text[i:j])))
                counts["characters_normalised"] += j - i
            i = max(j, i + 1)
        if content_end < line_end:
            edits.append(Edit(content_end, line_end, ""))
            counts["lines_trimmed"] += 1
        if brk is not None and brk != "\n":
            edits.append(Edit(line_end, next_start, "\n"))
            counts["line_breaks"] += 1
    if pending is not None:
        edits = [e for e in edits if not pending[0] <= e.start < pending[1]]
        edits.append(Edit(pending[0], pending[1], ""))
        counts["blank_lines_removed"] += 1
    return edits, counts


_PIECES = [" ", "  ", "\t", "\n", "\n\n", "\r", "\r\n", "\u3000", "\u00a0", "\u2002", "\u200b", "\ufeff", "\u2028",
           "\x0c", "\u00ad", "ａ", "Ｚ", "１", "％", "．", "甲", "乙", "x", "，"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_edits_and_counts_match_the_line_by_line_definition(text: str) -> None:
    result = normalize_whitespace(text)
    edits, counts = reference_normalize(text)
    assert sorted(result.edits) == sorted(edits)
    assert result.count == (sum(counts.values()) if edits else 0)
    assert result.detail == ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items() if v)


def test_long_runs_of_lines_and_blanks() -> None:
    text = ("\u3000\u3000正文ＡＢ\u00a0段落 \r\n\n \n" * 300) + "\u200b\n\n"
    result = normalize_whitespace(text)
    assert sorted(result.edits) == sorted(reference_normalize(text)[0])
