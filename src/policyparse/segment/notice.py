"""The covering notice of a 印发/转发/批转 document and the enclosed document's title.

A 印发 notice (《党政机关公文处理工作条例》 第八条(十二) 通知: 适用于 … 批转、转发公文) is: title,
主送机关, a short body (``现将《…》印发给你们，请认真贯彻执行。``), 落款 (organ and date) and 附注
(``（此件公开发布）``); the enclosed document follows with its own title (GB/T 9704-2012 §7.3,
§8.2 for the 印发 form).  Some notices sign at the very end instead; then the notice ends with its
body paragraph.
"""

from __future__ import annotations

from itertools import islice
from typing import Optional

from ..cache import compile_pattern, dataclass
from ..model import Notice, Span
from .metadata import (
    LINE_DECOR,
    LINES_AFTER_DATE,
    Recipients,
    Signature,
    TitleBlock,
    disclosure_at,
    find_titles,
    is_signature_line,
    iter_line_spans,
    signature_ending_at,
    strip_span,
)
from .outline import HEADING_LINE_START

MAX_NOTICE_LINES = 40  # a covering notice is short; beyond this the text is the document itself
MAX_ENCLOSED_TITLE_LINES = 5  # lines looked at for the enclosed document's title
MAX_TITLE_LINE = 80  # a longer line is body text

# The sentence that makes a notice a wrapper: 现将《…》印发给你们, 现予印发, 现印发给你们, 予以转发
_WRAPPER_PHRASE = compile_pattern(
    r"(?:印发|转发|批转|颁发|下发|发)给你们|现予?以?(?:印发|转发|批转|颁布)|予以(?:印发|转发|批转)"
    r"|现将[^。\n]{0,160}?(?:印发|转发|批转)"
)
# A wrapper title: …关于印发…的通知, …转发…的通知, X印发《…》
_WRAPPER_TITLE = compile_pattern(r"印发|转发|批转|颁发")
_SENTENCE_BREAKS = "。！\n"  # where the sentence of a notice's 印发 phrase ends
# A book title inside the notice: 《…》, allowing one nested 《》 level
_BOOK_TITLE = compile_pattern(r"《(?P<t>(?:[^《》\n]|《[^《》\n]{0,80}》){2,120})》")


@dataclass(slots=True)
class NoticeLayout:
    """Where the notice is, what it says, and where the enclosed document starts."""

    notice: Notice
    signature: Optional[Signature]
    main_start: int
    subject_title: Optional[str]
    subject_span: Optional[Span]


def _first_book_title(s: str) -> Optional[str]:
    """The first 《…》 title named in ``s`` (without the brackets)."""
    m = _BOOK_TITLE.search(s)
    return m.group("t") if m else None


def _issued_book_title(body: str) -> Optional[str]:
    """The 《…》 title a notice's body issues: the first from its 印发 phrase to the end of that sentence
    (``按照《甲》要求，现将《乙》印发给你们`` → 乙), else the last before the phrase (``根据《甲》…制定了《乙》。
    现予印发`` → 乙), else the first in the body."""
    phrase = _WRAPPER_PHRASE.search(body)
    if phrase is None:
        return _first_book_title(body)
    ends = [i for i in (body.find(mark, phrase.end()) for mark in _SENTENCE_BREAKS) if i >= 0]
    inside = _BOOK_TITLE.search(body, phrase.start(), min(ends, default=len(body)))
    if inside is not None:
        return inside.group("t")
    before = list(_BOOK_TITLE.finditer(body, 0, phrase.start()))
    return before[-1].group("t") if before else _first_book_title(body)


def find_notice(text: str, title: Optional[TitleBlock], recipients: Recipients, limit: int) -> Optional[NoticeLayout]:
    """The notice that starts with ``recipients`` (its 主送机关 line), or None when the text after
    the recipients is the document itself rather than a covering notice.

    ``limit`` bounds the search (the start of the attachments or the end of the text).
    """
    spans = iter_line_spans(text, recipients.span[1], limit)
    next(spans, None)  # the recipients line itself
    lines: list[Span] = []  # the lines after the recipients line, read as far as needed
    phrase_end: Optional[int] = None
    signature: Optional[Signature] = None
    body_end = recipients.span[1]
    non_empty = 0
    for i, (ls, le) in enumerate(spans):
        lines.append((ls, le))
        s, e = strip_span(text, ls, le, LINE_DECOR)
        if s >= e:
            continue
        non_empty += 1
        if non_empty > MAX_NOTICE_LINES or HEADING_LINE_START.match(text, ls, le):
            break
        line = text[s:e]
        if is_signature_line(text, s, e):
            lines.extend(islice(spans, LINES_AFTER_DATE))  # where a 附注 after the date may be
            signature = signature_ending_at(text, lines, i)
            break
        if phrase_end is None and _WRAPPER_PHRASE.search(line):
            phrase_end = e
        if line.endswith(("。", "！")):
            body_end = e
        if phrase_end is None and non_empty >= 3:
            break  # the wrapper sentence comes first; a longer text is the document itself
    if signature is None and phrase_end is None:
        return None
    is_wrapper = phrase_end is not None or (title is not None and _WRAPPER_TITLE.search(title.text) is not None)
    if not is_wrapper:
        return None
    own_title = title is not None and title.span[0] < recipients.span[0] and _WRAPPER_TITLE.search(title.text)
    start = title.span[0] if own_title and title is not None else recipients.span[0]
    end = signature.end if signature is not None else max(body_end, phrase_end or 0)
    notice_text = text[start:end]
    notice = Notice(
        recipients=list(recipients.names),
        signatories=list(signature.organs) if signature else [],
        date=signature.date if signature else None,
        text=notice_text,
        span=(start, end),
    )
    enclosed = _enclosed_title(text, end, limit)
    if enclosed is not None:
        subject, subject_span, main_start = enclosed.text, enclosed.span, enclosed.span[1]
    else:
        subject = _issued_book_title(text[recipients.span[1] : end]) or (
            _first_book_title(title.text) if title is not None else None
        )
        subject_span, main_start = None, end
    return NoticeLayout(notice, signature, main_start, subject, subject_span)


def _enclosed_title(text: str, start: int, limit: int) -> Optional[TitleBlock]:
    """The enclosed document's title: a title block among the first lines after the notice."""
    stop = start
    seen = 0
    for ls, le in iter_line_spans(text, start, limit):
        s, e = strip_span(text, ls, le, LINE_DECOR)
        if s >= e:
            stop = le
            continue
        if disclosure_at(text, s, e):  # the notice's 附注 may sit between its date and the title
            stop = le
            continue
        line = text[s:e]
        if "。" in line or len(line) > MAX_TITLE_LINE or HEADING_LINE_START.match(text, ls, le):
            break
        seen += 1
        stop = le
        if seen > MAX_ENCLOSED_TITLE_LINES:
            break
    blocks = find_titles(text, start, stop)
    return blocks[0] if blocks else None
