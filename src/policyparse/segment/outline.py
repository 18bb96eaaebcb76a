"""The heading tree (outline) of a document region.

Conventions encoded here:

* GB/T 9704-2012 §7.3.3 (党政机关公文格式): the ordinal series of headings in a document's body is
  ``一、`` → ``（一）`` → ``1.`` → ``（1）``; practice continues with ``①`` and uses ``——`` for lists of
  principles.  Regulations (《规章制定程序条例》 第十八条: 规章 divide into 章、节、条、款、项、目) use
  ``第一章`` → ``第一节`` → ``第一条`` → ``（一）``; long plans add ``第一部分`` above chapters.
* Levels follow the document's own nesting, not this table: a stack of the marker styles currently
  open decides the level (a document may start at ``1.``).  The conventional rank is used only to
  close deeper styles when a conventionally higher one appears.
* A numbered line is a heading only when its ordinal continues its style's sequence (``1`` to open
  a list, the last ordinal + 1 for a sibling, or the style's last ordinal + 1 anywhere — running
  numbering ``1.``…``21.`` across ``（一）``…``（六）`` groups), and when the marker is not the start
  of a quantity: ``2021年…``, ``1.6亿元``, ``2.6%`` at the start of a paragraph are not headings.
* Heading text (gold-format.md): a run-in title ends at the first ``。``/``：`` (without it); a line
  that is only a heading is the heading; an item without a run-in title takes its first sentence,
  cut at 30 characters.
* Full-width and half-width brackets, and ``.``/``．``/``、`` after Arabic numerals, are one style.
  Technical documents and 应急预案 number ``1.`` → ``1.1`` → ``1.1.1``: each depth is a style of its own.
* A heading ends at its first sentence end outside brackets, and a unit annotation closing it
  (``强化科技创新（区科技局牵头）``) is not part of it (tasks read it from the section's span).
* The last item of a region ends before an unnumbered closing paragraph (``本方案自…施行``, ``各地各部门
  要…``, a part's closing remarks): after a line that closes with a labelled unit annotation (an item
  ends with its annotation), or after its first paragraph when every other item of its style is one
  paragraph long.  Articles (第N条) keep all their paragraphs: their 款 are unnumbered paragraphs.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import chain, repeat
from typing import Iterator, NamedTuple, Optional

from ..cache import compile_pattern, dataclass
from ..model import Section
from .dates import han_number
from .units import ANNOTATION_CLOSERS, ANNOTATION_OPENERS, parse_unit_annotation

MAX_HEADING = 30  # gold-format.md: headings without a run-in title are cut at 30 characters
MAX_LINE_HEADING = 60  # a line with no sentence end longer than this is a paragraph, not a title line
MAX_GAP_HEADING = 25  # a sibling that skips a number must open with a title at most this long
MAX_WRAPPED_LINES = 4  # a hard-wrapped first sentence is followed over at most this many lines
MIN_ONE_PARAGRAPH_ITEMS = 2  # other one-paragraph items of a style needed to call a longer last item's tail closing

# Decoration allowed before a marker at a line start: spaces, U+3000, nbsp, markdown (#, **, -, >).
# A docx converter's bookmark artefact ([bookmark: _GoBack]) may also precede it.  The decoration is read
# possessively ({0,12}+): neither a marker nor a bookmark opens with one of its characters, so giving some
# back never lets a marker match (and an indented paragraph line fails at once).
_LEAD = r"[ \t\u3000\u00a0\u2002\u2003#>*]{0,12}+(?:\[bookmark:[^\]\n]{0,60}\][ \t\u3000]{0,3})?"
_HAN_NUM = r"[一二三四五六七八九十百零〇两]{1,4}"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# The marker of each style (group n holds the ordinal), as (style, marker, conventional rank); lower rank =
# higher in the conventional hierarchy.  A marker never spans a line break (its spaces are [^\S\n]).
_MARKERS: tuple[tuple[str, str, float], ...] = (
    ("part", r"第[^\S\n]{0,2}(?P<n>" + _HAN_NUM + r"|\d{1,3})[^\S\n]{0,2}部分", -1),  # 第一部分 / 第1部分 (parts above chapters)
    ("chapter", r"第[^\S\n]{0,2}(?P<n>" + _HAN_NUM + r"|\d{1,3})[^\S\n]{0,2}章", 0),  # 第一章 / 第1章
    ("section", r"第[^\S\n]{0,2}(?P<n>" + _HAN_NUM + r"|\d{1,3})[^\S\n]{0,2}节", 1),  # 第一节
    ("article", r"第[^\S\n]{0,2}(?P<n>" + _HAN_NUM + r"|\d{1,3})[^\S\n]{0,2}条", 2),  # 第一条
    ("han_dun", r"(?P<n>" + _HAN_NUM + r")[^\S\n]{0,2}[、．.]", 3),  # 一、 / 一．/ 一.
    ("han_paren", r"[（(][^\S\n]{0,2}(?P<n>" + _HAN_NUM + r")[^\S\n]{0,2}[）)]", 4),  # （一） / (一) / （ 一 ）
    # decimal outline numbering of technical documents and 应急预案 (1.总则 → 1.1 目的 → 1.1.1 …): the last
    # number is the ordinal; a title (space or Han) must follow, so 1.5倍 / 2.6% never match here
    ("decimal3", r"(?P<n>\d{1,2}[.．]\d{1,2}[.．]\d{1,2})(?=[ \t\u3000]|[\u4e00-\u9fff])", 5.6),  # 1.1.1
    ("decimal2", r"(?P<n>\d{1,2}[.．]\d{1,2})(?=[ \t\u3000]|[\u4e00-\u9fff])", 5.3),  # 1.1 / 2．3
    ("arabic_dot", r"(?P<n>\d{1,3})[^\S\n]{0,2}[.．﹒、](?!\.)", 5),  # 1. / 1． / 1﹒ / 1、 / 12.
    ("arabic_paren", r"[（(][^\S\n]{0,2}(?P<n>\d{1,3})[^\S\n]{0,2}[）)]", 6),  # （1） / (1)
    ("arabic_half_paren", r"(?P<n>\d{1,3})[）)]", 7),  # 1） / 1)
    ("circled", r"(?P<n>[" + _CIRCLED + r"])", 8),  # ① … ⑳
    ("dash", r"(?P<n>——|──|－－|--)", 9),  # —— (a principle or list item); also ── / -- typed for it
)
# (style, pattern, rank): each style's marker after the line's decoration, the marker in group 1
_STYLES: tuple[tuple[str, re.Pattern[str], float], ...] = tuple(
    (style, compile_pattern(_LEAD + "(" + marker + ")"), rank) for style, marker, rank in _MARKERS
)
# A line that opens with a main heading marker (一、 （一） 第一章 第一条 1.): ends a header or notice
HEADING_LINE_START = compile_pattern(
    r"[ \t\u3000\u00a0*#]{0,8}(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]"
    r"|第[一二三四五六七八九十]{1,3}(?:[章条]|部分)|[1１][.．、](?![0-9０-９]))"
)
# The first character a marker can start with, after the line's decoration
_MARKER_FIRST = r"[第一二三四五六七八九十百零〇两（(0-9０-９" + _CIRCLED + r"—─－-]"
# The styles whose markers are decimal outline numbers, and what every such marker opens with: 1.1 / 2．3
_DECIMAL_STYLES = ("decimal2", "decimal3")
_DECIMAL_START = r"\d{1,2}[.．]\d"


def _marker_alternative(style: str, marker: str) -> str:
    """A style's marker as an alternative of _ANY_MARKER: in group <style>, its ordinal in group <style>_n."""
    alternative = f"(?P<{style}>" + marker.replace("(?P<n>", f"(?P<{style}_n>") + ")"
    # the decimal styles are tried only after a look-ahead for digit-point-digit: one cheap test on a 1. line
    # instead of two attempts that fail after its digits
    return "(?=" + _DECIMAL_START + ")" + alternative if style in _DECIMAL_STYLES else alternative


# The marker of any style at a line start, styles tried in _STYLES order, e.g. "　（一）" / "**1." / "第三章":
# group lead holds the line's decoration, group <style> the marker and group <style>_n its ordinal.  A marker's
# first character decides the styles it can be (the alternatives of other styles fail on it), so the first
# alternative that matches is the first of _STYLES whose own pattern matches.
_ANY_MARKER_PATTERN = (
    "(?P<lead>" + _LEAD + ")(?=" + _MARKER_FIRST + ")(?:"
    + "|".join(_marker_alternative(style, marker) for style, marker, _ in _MARKERS)
    + ")"
)
_ANY_MARKER = compile_pattern(_ANY_MARKER_PATTERN)
_ORDINAL_GROUP = {style: f"{style}_n" for style, _, _ in _MARKERS}
_SPACES = compile_pattern(r"\s")
# A line that opens with a marker (only these lines are examined), read whole: at a region start …
_MARKER_LINE = compile_pattern(_ANY_MARKER_PATTERN + r"[^\n]*")
# … and after a newline (led by the newline, a scan jumps from newline to newline)
_NEWLINE_MARKER_LINE = compile_pattern(r"\n" + _ANY_MARKER_PATTERN + r"[^\n]*")

_RANK = {name: rank for name, _, rank in _STYLES}
# The points of a decimal outline number: 1.2 / 1．2
_DECIMAL_POINT = compile_pattern(r"[.．]")
# The styles whose markers open with the same characters (第 / brackets / digits …), in _STYLES order
_STYLE_KINDS = (("part", "chapter", "section", "article"), ("han_paren", "arabic_paren"),
                ("decimal3", "decimal2", "arabic_dot", "arabic_half_paren"), ("circled",), ("dash",), ("han_dun",))
# The styles to try when a marker of a style is found but is no heading marker (第一 with no content …):
# the later styles of its kind, with their own patterns
_LATER_STYLES = {
    style: tuple(st for st in _STYLES if st[0] in kind[kind.index(style) + 1 :])
    for kind in _STYLE_KINDS
    for style in kind
}

# A number right after an Arabic marker that makes it a quantity or a date, not a heading:
# 1.6亿元, 2.6%, 3、4月份 (a year after the marker stays a heading: 2.2021年工作目标)
_QUANTITY = r"\d{1,12}(?:[.．]\d{1,6})?\s{0,2}[%％‰万亿元个家倍项名人平米吨公里千百十月日]"
# A unit right after a decimal number that makes it a quantity: 3.5倍 / 1.2万元 / 0.5个百分点
_UNIT_AFTER_DECIMAL = compile_pattern(r"[%％‰万亿元个家倍项名人平米吨公里千百十月日年天小分秒度级]")
# What follows a —— principle: Han text (optionally after spaces / a quote)
_HAN_AFTER_DASH = compile_pattern(r"[ \t\u3000*“\"]{0,3}[\u4e00-\u9fff]")
# Decimal outline numbering after an Arabic marker: the 1 of 1.1 / 1.1.2 (technical documents);
# such a line is not a 1. heading
_DECIMAL_NUMBERING = r"\d{1,2}(?:[.．]\d{1,2}){0,3}(?:[ \t\u3000]|[.．](?!\d))"
# What makes a 1. / 1、 marker no heading marker: a quantity or decimal numbering right after it
_NUMBER_AFTER = compile_pattern(f"{_QUANTITY}|{_DECIMAL_NUMBERING}")
# Sentence ends that close a run-in title (gold-format.md: first 。 or ：); a half-width colon between two
# Latin letters or digits is part of a term, a ratio or a time (Ⅷ:C, 1:1, 15:30), not one.  Written as one
# character class (which a search skips along at C speed) and a look-behind ruling out such a colon: the
# look-behind reads the colon with the character before it, and its look-ahead the character after it.
_SENTENCE_END_CHARS = "。：！？!?:"
_NOT_A_TERM_COLON = r"(?<![A-Za-z0-9Ⅰ-Ⅻ]:(?=[A-Za-z0-9]))"
_TITLE_END = compile_pattern("[" + _SENTENCE_END_CHARS + "]" + _NOT_A_TERM_COLON)
# Clause punctuation that makes a line a sentence rather than a title: ，；
_CLAUSE_MARK = compile_pattern(r"[，,；;]")
# Characters trimmed from heading ends: spaces, markdown emphasis, trailing punctuation
_HEADING_TRIM = " \t\u3000\u00a0\u2002\u2003*#。；;，,、"
# Whitespace a section's span does not end with
_TRAILING_SPACE = " \t\r\n\u3000\u00a0\u2002\u2003"
# Markdown emphasis and spacing inside a heading line
_EMPHASIS = compile_pattern(r"\*{2,3}|__")
# The stripped content of a non-blank line: from its first to its last character that is neither
# padding (spaces, tabs, ideographic, no-break and en/em spaces) nor a newline
_STRIPPED_LINE = compile_pattern(r"[^ \t\u3000\u00a0\u2002\u2003\n](?:[^\n]*[^ \t\u3000\u00a0\u2002\u2003\n])?")
# A line that closes with a labelled unit annotation (an item's last words):
# …。（责任单位：市科委、各县（市、区）政府） / （牵头单位：市发展改革委；配合单位：市财政局）。
_ANNOTATION_AT_LINE_END = compile_pattern(
    r"[（(〔【][^（()）〔〕【】\n]{0,8}?(?:单位|部门)[：:][^\n]{1,300}[）)〕】][。；;]?[ \t\u3000*]*$"
)
# A (stripped) paragraph that continues an enumeration (一是… / **二是…): part of the item before it, not closing
_ENUMERATION_START = compile_pattern(r"\*{0,3}[一二三四五六七八九十]是")
# Styles whose items may hold several unnumbered paragraphs of their own (an article's 款)
_MULTI_PARAGRAPH_STYLES = frozenset(("part", "chapter", "section", "article"))
# Brackets around a heading's closing note: （牵头单位：市科技局） / (区科技局牵头) / 〔…〕 / 【…】
_OPENING_BRACKETS = tuple(ANNOTATION_OPENERS)
_CLOSING_BRACKETS = tuple(ANNOTATION_CLOSERS)
# A run-in title's end (as _TITLE_END) or an opening bracket, whichever comes first
_TITLE_END_OR_BRACKET = compile_pattern("[" + _SENTENCE_END_CHARS + ANNOTATION_OPENERS + "]" + _NOT_A_TERM_COLON)
# Words that make a closing bracket a unit annotation rather than part of a title: a label's colon or a role
_ANNOTATION_WORD = compile_pattern(r"[：:]|牵头|配合|负责")
# A line break with the indentation around it (joining a hard-wrapped sentence)
_LINE_BREAK = compile_pattern(r"[ \t\u3000]{0,40}\n[ \t\u3000]{0,40}")


@dataclass(slots=True)
class _Open:
    """A section still open on the stack."""

    style: str
    section: Section
    path: str  # the section's id without its prefix: 2.1.3
    last_ordinal: int
    content_start: int  # where the section's own text starts (after its heading)
    own_end: Optional[int] = None  # where its own text ends: the line of its first child, once one is read


@lru_cache(maxsize=512)
def _marker_value(style: str, raw_marker: str, raw_ordinal: str) -> tuple[str, Optional[int]]:
    """A marker as the outline gives it (inner spaces dropped) and the integer value of its number."""
    if style == "dash":
        return _SPACES.sub("", raw_marker), None
    if style == "circled":
        ordinal: Optional[int] = _CIRCLED.index(raw_ordinal) + 1
    elif style in _DECIMAL_STYLES:
        ordinal = int(_DECIMAL_POINT.split(raw_ordinal)[-1])  # 1.2.3 → 3
    elif raw_ordinal.isdigit():
        ordinal = int(raw_ordinal)
    else:
        ordinal = han_number(raw_ordinal)
    return _SPACES.sub("", raw_marker), ordinal


class _LineMarker(NamedTuple):
    """A marker found at a line start (offsets in the string it was read from)."""

    style: str
    marker: str
    ordinal: Optional[int]
    marker_at: int  # where the marker starts
    body_at: int  # where the words after it start
    quantity_after: bool  # 1.6亿元, 2.6%: an Arabic number that reads as a quantity
    words: str  # the line after the marker (from body_at to the line end)


def _line_marker(line: str) -> Optional[_LineMarker]:
    """The marker at the start of ``line``, if any."""
    m = _ANY_MARKER.match(line)
    return None if m is None else _marker_of(line, len(line), m)


def _marker_of(text: str, line_end: int, m: re.Match[str]) -> Optional[_LineMarker]:
    """The heading marker of the line of ``text`` ending at ``line_end`` whose marker ``m`` found (an
    _ANY_MARKER match): the first style (in _STYLES order) whose marker is there and is a heading marker."""
    style = m.lastgroup
    assert style is not None  # the marker group of the style that matched
    found = _checked_marker(text, line_end, style, m, style, _ORDINAL_GROUP[style])
    if found is not None:
        return found
    return _later_marker(text, m.start("lead"), line_end, style)


def _later_marker(text: str, line_start: int, line_end: int, style: str) -> Optional[_LineMarker]:
    """The heading marker of a later style of ``style``'s kind at the start of the line ``text[line_start:
    line_end]`` (the 1. of ``1.80周岁以上`` when its 1.80 is no decimal heading), if any."""
    for later, pattern, _ in _LATER_STYLES[style]:
        later_match = pattern.match(text, line_start, line_end)
        if later_match is not None:
            found = _checked_marker(text, line_end, later, later_match, 1, "n")
            if found is not None:
                return found
    return None


def _checked_marker(text: str, line_end: int, style: str, m: re.Match[str], marker_group: int | str,
                    ordinal_group: str) -> Optional[_LineMarker]:
    """The marker of ``style`` that ``m`` found at the start of a line of ``text`` ending at ``line_end`` (in
    groups ``marker_group`` and ``ordinal_group``), or None when it is no heading marker: a zero ordinal, no
    content after it …"""
    marker, ordinal = _marker_value(style, *m.group(marker_group, ordinal_group))
    if style != "dash" and not ordinal:
        return None
    marker_at, body = m.span(marker_group)
    words = text[body:line_end]
    # a marker must be followed by content on its line
    if style not in ("part", "chapter", "section") and not words.strip(" \t\u3000\u00a0\u2002\u2003*"):
        return None  # 第一章 may stand alone with its title on the next line; other markers may not
    if style == "dash":
        if not _HAN_AFTER_DASH.match(text, body, line_end):
            return None  # a markdown rule (---) or a dash before a number, not a principle
        marker = "——"
    # only 1. / 1、 / 1.1 can be the start of a number; （1） and 1） are unambiguous markers
    if style in _DECIMAL_STYLES and _UNIT_AFTER_DECIMAL.match(text, body, line_end):
        return None  # 3.5倍, 1.2万元: a decimal quantity
    quantity = style == "arabic_dot" and _NUMBER_AFTER.match(text, body, line_end) is not None
    # tuple.__new__ builds the named tuple as its own __new__ would, without that Python-level call
    return tuple.__new__(_LineMarker, (style, marker, ordinal, marker_at, body, quantity, words))


def _heading_shaped(words: str) -> bool:
    """Whether the words after a marker open like a title: a short clause before 。/： or the line end."""
    m = _TITLE_END.search(words)
    clause = _clean(words[: m.start()] if m else words)
    return 0 < len(clause) <= MAX_GAP_HEADING


def _is_heading(marker: _LineMarker, open_sibling: Optional[_Open], last_seen: dict[str, int]) -> bool:
    """Whether a marker line is a heading: its ordinal continues its style's sequence (``open_sibling``: the
    open section of its style, if any).

    A sibling may skip one number (an author's slip: （一）（三）) when its words read as a title.
    """
    style = marker.style
    if style == "dash":
        return True
    if marker.quantity_after:
        return False  # 1.6亿元, 2.6%: a decimal quantity, not a marker
    ordinal = marker.ordinal or 0
    if style in _DECIMAL_STYLES and ordinal == 1:
        return True  # 2.1 opens the sub-list of 2 even when that heading was missed (typed 2组织… with no point)
    if open_sibling is not None:
        if ordinal == open_sibling.last_ordinal + 1:
            return True
        return ordinal == open_sibling.last_ordinal + 2 and _heading_shaped(marker.words)
    return ordinal == 1 or ordinal == last_seen.get(style, -1) + 1


def _next_line(text: str, pos: int, end: int) -> Optional[tuple[int, int]]:
    """The line right after the newline at ``pos`` (None at the region end)."""
    if pos >= end or text[pos] != "\n":
        return None
    nl = text.find("\n", pos + 1, end)
    return pos + 1, (nl if nl >= 0 else end)


def _title_end(words: str) -> Optional[re.Match[str]]:
    """The first sentence end of ``words`` outside brackets: the colon of ``（牵头单位：市科技局）`` ends no
    run-in title."""
    first = _TITLE_END_OR_BRACKET.search(words)
    if first is None or first.group() not in ANNOTATION_OPENERS:
        return first  # the common case: no bracket opens before the first sentence end
    depth = 0
    pos = 0
    for m in _TITLE_END.finditer(words):
        depth += sum(map(words.count, _OPENING_BRACKETS, repeat(pos), repeat(m.start())))
        depth -= sum(map(words.count, _CLOSING_BRACKETS, repeat(pos), repeat(m.start())))
        pos = m.start()
        if depth <= 0:
            return m
    return None


def _without_unit_annotation(heading: str) -> str:
    """A heading that ends with a closing bracket, without the unit annotation that closes it:
    ``强化科技创新（区科技局牵头）`` → 强化科技创新 (the annotation stays in the section's words, where tasks
    read it); a bracket that is part of the title (``推进市校（市院）合作``, ``（试行）``) stays."""
    opening = max(map(heading.rfind, _OPENING_BRACKETS))
    if opening <= 0 or not _ANNOTATION_WORD.search(heading, opening):
        return heading
    if parse_unit_annotation(heading[opening + 1 : -1]) is None:
        return heading
    return heading[:opening].rstrip(_HEADING_TRIM)


def _heading_words(s: str) -> str:
    """A heading from the words that hold it: cleaned (``_clean``) and without a closing unit annotation."""
    heading = _clean(s)
    return _without_unit_annotation(heading) if heading.endswith(_CLOSING_BRACKETS) else heading


def _split_heading(text: str, words: str, body: int, region_end: int) -> tuple[str, int]:
    """The heading text in ``words`` (the words after a marker, from ``body`` to the line end) and where
    the section's own text starts."""
    line_end = body + len(words)
    title_end = _title_end(words)
    if title_end is not None:
        title = _heading_words(words[: title_end.start()])
        if title:  # a run-in title (the line has words, so the cases below do not arise)
            return title[:MAX_HEADING], body + title_end.end()
    heading = _heading_words(words)
    after_line = line_end + 1 if line_end < region_end else region_end  # (min() costs several times as much)
    if not heading:
        # 第一章 alone on its line: the title is the next non-empty short line
        nxt = _next_line(text, line_end, region_end)
        while nxt is not None and not text[nxt[0] : nxt[1]].strip():
            nxt = _next_line(text, nxt[1], region_end)
        if nxt is not None:
            next_line = text[nxt[0] : nxt[1]]
            title = _clean(next_line)
            if 0 < len(title) <= MAX_HEADING and not _TITLE_END.search(title) and _line_marker(next_line) is None:
                return title, min(nxt[1] + 1, region_end)
        return "", after_line
    if title_end is None and words.rstrip(" \t\u3000").endswith(("，", ",", "、", "；", ";")):
        # a hard-wrapped sentence: follow it over the next lines (no blank line, no marker)
        stop = line_end
        for _ in range(MAX_WRAPPED_LINES):
            nxt = _next_line(text, stop, region_end)
            if nxt is None or not text[nxt[0] : nxt[1]].strip() or _line_marker(text[nxt[0] : nxt[1]]) is not None:
                break
            stop = nxt[1]
            if _TITLE_END.search(text, nxt[0], nxt[1]):
                break
        if stop > line_end:
            joined = text[body:stop]
            m = _TITLE_END.search(joined)
            heading = _heading_words(_LINE_BREAK.sub("", joined[: m.start()] if m else joined))
            return heading[:MAX_HEADING], (body + m.end()) if m else min(stop + 1, region_end)
    if title_end is not None:  # a sentence end with nothing before it
        return "", body + title_end.end()
    if len(heading) > MAX_LINE_HEADING:
        # a long line with no sentence end: a sentence, not a title line
        return heading[:MAX_HEADING], body
    if len(heading) > MAX_HEADING and _CLAUSE_MARK.search(words):
        # a list item written as a clause (…；) rather than a title: its first 30 characters
        heading = heading[:MAX_HEADING]
    return heading, after_line


def _clean(s: str) -> str:
    """A heading without markdown emphasis marks (``**``, ``***``, ``__``), edge spaces and trailing punctuation."""
    return (_EMPHASIS.sub("", s) if "*" in s or "_" in s else s).strip(_HEADING_TRIM)


def _normalise_text(s: str) -> str:
    """Section text: markdown emphasis marks dropped, lines stripped, blank lines removed."""
    # emphasis marks never span a newline, so dropping them from the whole text drops them line by line
    if "*" in s or "_" in s:
        s = _EMPHASIS.sub("", s)
    return "\n".join(_STRIPPED_LINE.findall(s))


def _marker_lines(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """The lines of ``text[start:end]`` that open with a marker, as their _ANY_MARKER matches running to the
    line end (a line starting at ``start`` counts only when ``start`` is a line start)."""
    after_newlines = _NEWLINE_MARKER_LINE.finditer(text, start, end)
    if start == 0 or text[start - 1 : start] == "\n":
        first = _MARKER_LINE.match(text, start, end)
        if first is not None:
            return chain((first,), after_newlines)
    return after_newlines


def parse_outline(text: str, start: int, end: int, *, id_prefix: str = "s") -> list[Section]:
    """The heading tree of ``text[start:end]``; spans are absolute offsets into ``text``.

    A section's ``span`` runs from its marker to the start of the next heading at the same or a
    higher level (so it includes its children); ``text`` is its own content only (after the
    heading, before its first child).  Ids are ``{id_prefix}1``, ``{id_prefix}1.2`` … by position.
    """
    end = min(end, len(text))
    roots: list[Section] = []
    stack: list[_Open] = []
    open_at: dict[str, int] = {}  # by style, where on the stack its open section is (a style is open once at most)
    last_seen: dict[str, int] = {}
    dash_counts: dict[int, int] = {}
    # by style, how many finished items without sub-items are one paragraph long [0] or longer [1]
    paragraph_counts: dict[str, list[int]] = {}
    for line in _marker_lines(text, start, end):
        found = _marker_of(text, line.end(), line)
        if found is None:
            continue
        line_start = line.start("lead")
        style, ordinal = found.style, found.ordinal
        same = open_at.get(style)
        if found.style in _DECIMAL_STYLES and not _is_heading(found, None if same is None else stack[same], last_seen):
            # not a decimal heading: 1.80周岁以上 may be the item 1. of a list
            found = _later_marker(text, line_start, line.end(), found.style)
            if found is None:
                continue
            style, ordinal = found.style, found.ordinal
            same = open_at.get(style)
        if not _is_heading(found, None if same is None else stack[same], last_seen):
            if not (ordinal == 1 and stack and stack[0].style == style and _is_contents(text, roots, line_start)):
                continue
            # the tree so far was a 目录 (table of contents): the document proper starts here
            roots, stack, open_at, last_seen, dash_counts, paragraph_counts = [], [], {}, {}, {}, {}
            same = None
        # close deeper styles: to the open sibling of the same style, or below a conventionally higher one
        keep = same if same is not None else len(stack)
        if same is None and style != "dash":
            while keep > 0 and _RANK[stack[keep - 1].style] > _RANK[style]:
                keep -= 1
        for item in stack[keep:]:
            _close(text, item, line_start)
            del open_at[item.style]
            last_seen[item.style] = item.last_ordinal
            if item.own_end is None and item.section.text:  # a finished item with words and no sub-items
                counts = paragraph_counts.setdefault(item.style, [0, 0])
                counts["\n" in item.section.text] += 1
        del stack[keep:]
        if stack and stack[-1].own_end is None:
            stack[-1].own_end = line_start
        if style == "dash":
            parent_key = id(stack[-1].section) if stack else 0
            dash_counts[parent_key] = dash_counts.get(parent_key, 0) + 1 if same is not None else 1
            ordinal = dash_counts[parent_key]
        heading, own_start = _split_heading(text, found.words, found.body_at, end)
        siblings = stack[-1].section.children if stack else roots
        path = f"{stack[-1].path}.{len(siblings) + 1}" if stack else str(len(siblings) + 1)
        marker_start = found.marker_at
        # positional arguments, in Section's field order (a call with keywords costs twice as much);
        # _close sets the text and the span's end
        section = Section(
            f"{id_prefix}{path}",  # id
            len(stack) + 1,  # level
            found.marker,  # marker
            ordinal,  # ordinal
            heading,  # heading
            "",  # text
            (marker_start, marker_start),  # span
        )
        siblings.append(section)
        open_at[style] = len(stack)
        stack.append(_Open(style, section, path, ordinal or 0, own_start))
    if stack and stack[-1].own_end is None:
        last = stack[-1]
        one, longer = paragraph_counts.get(last.style, (0, 0))
        _close(text, last, _closing_paragraph_start(text, last, end, one >= MIN_ONE_PARAGRAPH_ITEMS and not longer))
    for item in stack[:-1] if stack and stack[-1].own_end is None else stack:
        _close(text, item, end)
    return roots


def _closing_paragraph_start(text: str, last: _Open, end: int, items_are_one_paragraph: bool) -> int:
    """Where the region's last item ends: before the unnumbered closing paragraphs that follow its own words
    (``end`` when there are none).  They follow a line that closes with a unit annotation, or the item's first
    paragraph when the other items of its style (``items_are_one_paragraph``) are each one paragraph long."""
    if last.style in _MULTI_PARAGRAPH_STYLES:
        return end
    lines = [(s, e) for s, e in _content_lines(text, min(last.content_start, end), end)]
    if len(lines) < 2:
        return end
    if _ANNOTATION_AT_LINE_END.search(text, *lines[-1]):
        return end  # the item's annotation closes the region: all of it is the item's
    cut: Optional[int] = None
    for i in range(len(lines) - 2, -1, -1):
        if _ANNOTATION_AT_LINE_END.search(text, *lines[i]):
            cut = i
            break
    if cut is None and items_are_one_paragraph:
        cut = 0
    if cut is None or _ENUMERATION_START.match(text, *lines[cut + 1]):
        return end
    return lines[cut][1]


def _content_lines(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The non-blank lines of ``text[start:end]`` as (start, end) spans of their stripped content."""
    for m in _STRIPPED_LINE.finditer(text, start, end):
        yield m.span()


def _is_contents(text: str, roots: list[Section], upto: int) -> bool:
    """Whether the headings read so far form a table of contents: at least two entries, none with
    words under it (each entry line follows the previous one)."""
    flat: list[Section] = []
    todo = list(roots)
    while todo:
        s = todo.pop()
        flat.append(s)
        todo.extend(s.children)
    if len(flat) < 2:
        return False
    flat.sort(key=lambda s: s.span[0])
    ends = [s.span[0] for s in flat[1:]] + [upto]
    for s, nxt in zip(flat, ends):
        line_end = text.find("\n", s.span[0], nxt)
        between = text[line_end if line_end >= 0 else nxt : nxt]
        if between.strip():
            return False
    return True


def _close(text: str, item: _Open, end: int) -> None:
    """Set a finished section's span end and own text (left empty when it has none)."""
    section = item.section
    start = section.span[0]
    section.span = (start, start + len(text[start:end].rstrip(_TRAILING_SPACE)))
    # (conditional expressions rather than min(): the builtin's call costs several times as much)
    body_end = end if item.own_end is None or item.own_end > end else item.own_end
    if body_end > item.content_start:
        section.text = _normalise_text(text[item.content_start : body_end])
