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

from ..cache import compile_pattern
from .offsets import Edit
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
# a line break of any kind: CRLF, CR, LF, VT, FF, NEL, U+2028/U+2029
_LINE_BREAK = compile_pattern(r"\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# a character inside a line that changes: exotic space, zero-width, full-width letter/digit
_INLINE_CHANGE = compile_pattern(f"[{_SPACE_CHARS}{_ZERO_WIDTH_CHARS}{_FULLWIDTH_ALNUM}]+")
# leading blank characters of a line (spaces of any kind and zero-width)
_LEADING_BLANK = compile_pattern(f"[ {_SPACE_CHARS}{_ZERO_WIDTH_CHARS}]+")
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
    """Edits normalising widths, spaces, line breaks and blank lines (see module docstring)."""
    edits: list[Edit] = []
    counts = {"lines_trimmed": 0, "blank_lines_removed": 0, "characters_normalised": 0, "line_breaks": 0}
    previous_blank = True  # no blank lines at the start
    pending_blank: tuple[int, int] | None = None  # a kept blank line that may turn out to be the last
    position = 0
    length = len(text)
    while position <= length:
        brk = _LINE_BREAK.search(text, position)
        line_end = brk.start() if brk else length
        next_start = brk.end() if brk else length + 1
        content_start = position
        lead = _LEADING_BLANK.match(text, position, line_end)
        if lead:
            content_start = lead.end()
        if content_start == line_end:  # a blank line
            if previous_blank or brk is None:
                if line_end > position or brk is not None:
                    edits.append(Edit(position, min(next_start, length), ""))
                    counts["blank_lines_removed"] += 1
            else:
                if line_end > position:
                    edits.append(Edit(position, line_end, ""))
                if brk is not None and brk.group() != "\n":
                    edits.append(Edit(brk.start(), brk.end(), "\n"))
                pending_blank = (position, next_start)
            previous_blank = True
            position = next_start
            continue
        pending_blank = None
        previous_blank = False
        if content_start > position:
            edits.append(Edit(position, content_start, ""))
            counts["lines_trimmed"] += 1
        content_end = line_end
        while text[content_end - 1] in _BLANK_SET:  # the line has content, so this stops
            content_end -= 1
        for match in _INLINE_CHANGE.finditer(text, content_start, content_end):
            replacement = _inline_replacement(match.group())
            if replacement != match.group():
                edits.append(Edit(match.start(), match.end(), replacement))
                counts["characters_normalised"] += match.end() - match.start()
        if content_end < line_end:
            edits.append(Edit(content_end, line_end, ""))
            counts["lines_trimmed"] += 1
        if brk is not None and brk.group() != "\n":
            edits.append(Edit(brk.start(), brk.end(), "\n"))
            counts["line_breaks"] += 1
        position = next_start
    if pending_blank is not None:  # the text ended with blank lines: drop the last kept one too
        start, end = pending_blank
        edits = [e for e in edits if not (start <= e.start < end)]
        edits.append(Edit(start, min(end, length), ""))
        counts["blank_lines_removed"] += 1
    detail = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items() if v)
    return StepResult(edits=edits, detail=detail, count=sum(counts.values()) if edits else 0)
