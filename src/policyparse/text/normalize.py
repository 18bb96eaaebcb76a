"""Normalisation: HTML entities, character widths, spaces, line breaks, blank lines.

Two steps of the repair driver:

* ``unescape_html_entities`` — ``&nbsp;``, ``&amp;``, ``&#12288;``, ``&#x3000;``
  … one edit per entity (``html.unescape`` semantics).  Double escapes such as
  ``&amp;nbsp;`` are resolved in one go, so the step is idempotent.  Named
  entities need their ``;``, except the five legacy ones (``&nbsp`` ``&amp``
  ``&lt`` ``&gt`` ``&quot``) when no letter, digit or ``=`` follows — so a URL
  query such as ``?a=1&copy=2`` is left alone.
* ``normalize_whitespace`` — full-width ASCII letters and digits to half-width
  (Chinese and full-width punctuation such as （）：；，。、％．stays as written);
  U+3000, U+00A0 and the other Unicode spaces and tabs to a plain space (one for
  one, so column gaps keep their width); zero-width characters and soft hyphens
  removed; CRLF/CR and other line separators to LF; leading and trailing spaces
  of every line removed; blank lines at the start and end removed and runs of
  blank lines collapsed to one.
"""

from __future__ import annotations

from functools import lru_cache
from operator import itemgetter

from ..cache import compile_pattern
from .offsets import Edit, OrderedEdits, position_column
from .repair import StepResult

# --- entities -----------------------------------------------------------------
# an entity, possibly double-escaped: &amp;nbsp; &#12288; &#x3000; &ldquo; &nbsp
_ENTITY = compile_pattern(
    r"&(?:amp;){0,4}"
    r"(?:#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};"
    r"|(?:nbsp|amp|lt|gt|quot)(?![A-Za-z0-9=]))"
)


@lru_cache(maxsize=1024)
def _unescape_fully(entity: str) -> str:
    """Unescape until nothing changes (``&amp;amp;lt;`` → ``<``)."""
    import html  # here, not at the top: its entity table takes ~3 ms to load, and most texts have no entity

    for _ in range(6):
        unescaped = html.unescape(entity)
        if unescaped == entity:
            break
        entity = unescaped
    return entity


def unescape_html_entities(text: str) -> StepResult:
    """Edits replacing every HTML entity by the character it stands for."""
    if "&" not in text:
        return StepResult()
    edits = []
    for match in _ENTITY.finditer(text):
        replacement = _unescape_fully(match.group())
        if replacement != match.group():
            edits.append(Edit(match.start(), match.end(), replacement))
    return StepResult(edits=edits, detail=f"{len(edits)} HTML entities decoded" if edits else "")


# --- whitespace and widths ------------------------------------------------------
_SPACE_CHARS = "\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_ZERO_WIDTH_CHARS = "\u00ad\u200b-\u200f\u2060\ufeff"
_FULLWIDTH_ALNUM = "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
_BREAK_CHARS = "\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029"
_BLANK_CHARS = f" {_SPACE_CHARS}{_ZERO_WIDTH_CHARS}"
# the text of a plain line and its LF: it starts and ends with a character that is not blank, and has no
# exotic space, zero-width or full-width letter/digit; then one empty line when a line with text follows
_PLAIN_LINE_REST = (
    f"[^{_BLANK_CHARS}{_BREAK_CHARS}{_FULLWIDTH_ALNUM}]"
    f"[^{_SPACE_CHARS}{_ZERO_WIDTH_CHARS}{_FULLWIDTH_ALNUM}{_BREAK_CHARS}]*+(?<! )\n"
    f"(?:\n(?= *+[^{_BLANK_CHARS}{_BREAK_CHARS}]))?"
)
# one line, of one of two kinds:
# - plain lines: a plain line with only plain spaces before its text (group "indent"), and the plain lines
#   without indent that follow it ("  第一条 总则\n\n第二条 …\n"): all they can need is that indent removed;
# - any line: its leading blanks (group "lead"), the rest, and its line break (group "brk": CRLF, CR, LF,
#   VT, FF, NEL, U+2028/U+2029; empty at the end of the text).
_LINE = compile_pattern(
    f"(?P<indent> *+){_PLAIN_LINE_REST}(?:{_PLAIN_LINE_REST})*+"
    f"|(?P<lead>[{_BLANK_CHARS}]*+)[^{_BREAK_CHARS}]*+(?P<brk>\r\n|[{_BREAK_CHARS}]|)"
)
_CHANGING = f"[{_SPACE_CHARS}{_ZERO_WIDTH_CHARS}{_FULLWIDTH_ALNUM}]"
# a run of characters inside a line that change: exotic space, zero-width, full-width letter/digit
# (written "[..][..]*", not "[..]+": a pattern that starts with a plain class is searched for by the
# regex engine's fast skip over characters outside the class, several times faster on long texts)
_INLINE_CHANGE = compile_pattern(f"{_CHANGING}{_CHANGING}*")
_SPACE_SET = frozenset(" \t\u00a0\u1680\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B))))
_BLANK_SET = _SPACE_SET | frozenset("\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\ufeff")


def _inline_replacement(run: str) -> str:
    """Spaces → ' ', zero-width → '', full-width letters/digits → ASCII."""
    out = []
    for ch in run:
        if ch in _SPACE_SET:
            out.append(" ")
        elif "\uff10" <= ch <= "\uff5a":
            out.append(chr(ord(ch) - 0xFEE0))
        # zero-width characters are dropped
    return "".join(out)


def normalize_whitespace(text: str) -> StepResult:
    """Edits normalising widths, spaces, line breaks and blank lines (see module docstring).

    One pass over the lines, each read by a single regex match (a plain line together with the unindented
    plain lines after it); plain lines need no more than their match (they have no character to normalise),
    and only the content of the other lines is read again, for those.
    """
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement), in order
    append = edits.append
    lines_trimmed = blank_lines_removed = characters_normalised = line_breaks = 0
    previous_blank = True  # no blank lines at the start
    pending_blank: tuple[int, int] | None = None  # a kept blank line that may turn out to be the last
    for line in _LINE.finditer(text):
        position, next_start = line.span()
        indent_end = line.end("indent")
        if indent_end >= 0:  # plain lines (and maybe empty lines that change nothing)
            if indent_end > position:
                append((position, indent_end, ""))
                lines_trimmed += 1
            previous_blank = False
            pending_blank = None
            continue
        content_start = line.end("lead")
        line_end = line.start("brk")
        has_break = next_start > line_end
        if content_start == line_end:  # a blank line
            if previous_blank or not has_break:
                if next_start > position:
                    append((position, next_start, ""))
                    blank_lines_removed += 1
            else:
                if line_end > position:
                    append((position, line_end, ""))
                if line.group("brk") != "\n":
                    append((line_end, next_start, "\n"))
                pending_blank = (position, next_start)
            previous_blank = True
        else:
            pending_blank = None
            previous_blank = False
            if content_start > position:
                append((position, content_start, ""))
                lines_trimmed += 1
            content_end = line_end
            while text[content_end - 1] in _BLANK_SET:  # the line has content, so this stops
                content_end -= 1
            for match in _INLINE_CHANGE.finditer(text, content_start, content_end):
                replacement = _inline_replacement(match.group())
                if replacement != match.group():
                    append((match.start(), match.end(), replacement))
                    characters_normalised += match.end() - match.start()
            if content_end < line_end:
                append((content_end, line_end, ""))
                lines_trimmed += 1
            if has_break and line.group("brk") != "\n":
                append((line_end, next_start, "\n"))
                line_breaks += 1
        if not has_break:  # the last line (the pattern would match once more, empty, at the end)
            break
    if pending_blank is not None:  # the text ended with blank lines: drop the last kept one too
        start, end = pending_blank
        edits = [*(e for e in edits if e[0] < start), (start, end, ""), *(e for e in edits if e[0] >= end)]
        blank_lines_removed += 1
    counts = {"lines_trimmed": lines_trimmed, "blank_lines_removed": blank_lines_removed,
              "characters_normalised": characters_normalised, "line_breaks": line_breaks}
    detail = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items() if v)
    ordered = OrderedEdits(position_column(map(itemgetter(0), edits), len(text)),
                           position_column(map(itemgetter(1), edits), len(text)), list(map(itemgetter(2), edits)))
    return StepResult(edits=ordered, detail=detail, count=sum(counts.values()) if edits else 0)
