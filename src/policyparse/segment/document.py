"""The segment stage's driver: header → notice → main region → attachments → outline → tasks.

Order of reading (GB/T 9704-2012 §7: 版头, 主体, 版记): the page header and title come first;
a 印发/转发 notice (主送机关, body, 落款, 附注) may wrap the enclosed document; the enclosed
document's own title opens the main region, which ends at the 附件说明 or the first attachment
body; a document without a notice may sign at its end.
"""

from __future__ import annotations

import re
from typing import Optional

from ..io import SegmentHints
from ..model import Metadata, ParseWarning, Span, Table
from . import Segmented
from .attachments import build_attachments, locate_attachments
from .metadata import (
    Header,
    Recipients,
    Signature,
    TitleBlock,
    _strip_span,
    field_date,
    find_closing_signature,
    find_disclosure,
    find_open_method,
    find_doc_number_line,
    find_titles,
    find_trailing_signature,
    header_date_lines,
    is_recipients_line,
    issuer_from_title,
    label_field,
    line_spans,
    normalise_label,
    parse_doc_number,
    read_header,
    read_recipients,
    _is_field_line,
)
from .notice import NoticeLayout, find_notice
from .outline import parse_outline
from .tasks import find_tasks

_DECOR = " \t\u3000\u00a0\u2002\u2003\u200b#*>•·-"
# A heading at a line start (一、 （一） 第一章 第一条 1.) ends the header zone
_HEADING_START = re.compile(
    r"[ \t\u3000\u00a0*#]{0,8}(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]"
    r"|第[一二三四五六七八九十]{1,3}[章条]|1[.．、](?!\d))"
)
MAX_HEADER_LINES = 200  # a page header (fields, title, page chrome) is never longer than this
MIN_PARAGRAPH = 40  # a line with a sentence end and at least this many characters is body text
_WRAPPER_TITLE = re.compile(r"印发|转发|批转|颁发")
# The book title a wrapper title names: …印发《Y》的通知
_BOOK_IN_TITLE = re.compile(r"(?:印发|转发|批转|颁发)《([^《》\n]{2,120})》")
# Fields compared between the text and the reader's hints (HTML metadata blocks)
_TEXT_FIELDS = ("title", "doc_number", "issue_date", "publish_date", "index_number", "category", "validity",
                "source_name", "effective_date", "expiry_date")


def _header_limit(text: str) -> tuple[int, Optional[Span]]:
    """Where the header zone ends, and the 主送机关 line when that is what ends it."""
    seen = 0
    for ls, le in line_spans(text, 0, len(text)):
        s, e = _strip_span(text, ls, le, _DECOR)
        if s >= e:
            continue
        seen += 1
        if seen > MAX_HEADER_LINES:
            return ls, None
        if _is_field_line(text, ls, le):
            continue
        line = text[s:e]
        if is_recipients_line(line):
            return ls, (s, e)
        if _HEADING_START.match(text, ls, le):
            return ls, None
        if len(line) >= MIN_PARAGRAPH and re.search(r"[。；]", line):
            return ls, None
    return len(text), None


def _choose_title(blocks: list[TitleBlock]) -> Optional[TitleBlock]:
    """The document's title: the first wrapper (印发/转发) title, else the first title."""
    for block in blocks:
        if _WRAPPER_TITLE.search(block.text) and block.text.endswith("通知"):
            return block
    return blocks[0] if blocks else None


def _hint_fields(hints: SegmentHints) -> dict[str, tuple[str, Optional[Span]]]:
    """The reader's metadata fields keyed by field name (first label of each field wins)."""
    out: dict[str, tuple[str, Optional[Span]]] = {}
    for label, (value, span) in hints.metadata_fields.items():
        name = label_field(normalise_label(label))
        if name and value and value.strip() and name not in out:
            out[name] = (value.strip(), span)
    return out


def _normalise_field(name: str, value: str) -> Optional[str]:
    """A raw field value in the form the metadata holds (dates ISO, doc numbers normalised …)."""
    value = value.strip()
    if not value:
        return None
    if name in ("issue_date", "publish_date", "effective_date", "expiry_date"):
        return field_date(value)
    if name == "doc_number":
        dn = parse_doc_number(value)
        return dn.text if dn else None
    if name == "title":
        from .metadata import clean_title

        return clean_title(value) or None
    if name == "source_name" and re.match(r"https?:|www\.", value):
        return None
    return value


def build_metadata(
    text: str,
    header: Header,
    title: Optional[TitleBlock],
    recipients: Optional[Recipients],
    layout: Optional[NoticeLayout],
    signature: Optional[Signature],
    header_limit: int,
    main_end: int,
    hints: SegmentHints,
) -> tuple[Metadata, list[ParseWarning]]:
    """Metadata from the header fields, the text's own parts, and the reader's hints."""
    md = Metadata()
    warnings: list[ParseWarning] = []
    values: dict[str, tuple[Optional[str], Optional[Span]]] = {}
    for name, fv in header.fields.items():
        values[name] = (_normalise_field(name, fv.value), fv.span)

    # title: the text's title block, else the labelled 标题
    if title is not None:
        values["title"] = (title.text, title.span)
    # doc number: the labelled 发文字号, else a line opening with it, else the title line's brackets
    if not values.get("doc_number", (None, None))[0]:
        search_end = layout.main_start if layout else header_limit
        dn = find_doc_number_line(text, 0, search_end)
        if dn is None and title is not None:
            dn = parse_doc_number(text[title.span[0] : title.span[1]], title.span[0])
        if dn is not None:
            values["doc_number"] = (dn.text, dn.span)
    # publish date: a page's unlabelled date line in the header zone
    if not values.get("publish_date", (None, None))[0]:
        field_spans = [fv.span for fv in header.fields.values()]
        found = header_date_lines(text, 0, header_limit)
        if found and not any(a <= found[1][0] < b for a, b in field_spans):
            values["publish_date"] = found

    # hints: used where the text lacks a field; the text wins a disagreement
    for name, (raw, span) in _hint_fields(hints).items():
        hint = _normalise_field(name, raw)
        if hint is None or name == "issuer":
            continue
        mine = values.get(name, (None, None))[0]
        if mine is None:
            values[name] = (hint, span)
        elif mine != hint and name in _TEXT_FIELDS:
            warnings.append(ParseWarning("metadata_conflict", f"{name}: text has {mine!r}, page says {hint!r}; "
                                         "the text's value is kept", values[name][1]))

    for name in _TEXT_FIELDS:
        value, span = values.get(name, (None, None))
        if value is not None:
            setattr(md, name, value)
            if span is not None:
                md.spans[name] = span
    if md.doc_number:
        dn = parse_doc_number(md.doc_number)
        if dn is not None:
            md.doc_number_parts = dn.parts
    if md.source_name is None and "publisher" in header.fields:
        md.source_name = header.fields["publisher"].value.strip() or None

    # 成文日期: the labelled field wins over the signature date; disagreement is a warning
    if signature is not None and signature.date:
        if md.issue_date is None:
            md.issue_date = signature.date
            if signature.date_span:
                md.spans["issue_date"] = signature.date_span
        elif md.issue_date != signature.date:
            warnings.append(ParseWarning("metadata_conflict", f"issue_date: 成文日期 {md.issue_date} differs from "
                                         f"the signature date {signature.date}; 成文日期 is kept",
                                         signature.date_span))

    # issuer: the signing organs, else the labelled 发文机关, else the organ the title names
    if signature is not None and signature.organs:
        md.issuers = list(signature.organs)
        md.spans["issuer"] = signature.organ_spans[0]
    elif "issuer" in header.fields:
        md.issuers = [header.fields["issuer"].value.strip()]
        md.spans["issuer"] = header.fields["issuer"].span
    elif md.title:
        md.issuers = issuer_from_title(md.title)
        if md.issuers and title is not None:
            md.spans["issuer"] = title.span
    if not md.issuers:
        hinted = _hint_fields(hints).get("issuer")
        if hinted:
            md.issuers = [hinted[0]]
    md.issuer = md.issuers[0] if md.issuers else None

    if recipients is not None:
        md.recipients = list(recipients.names)
        md.spans["recipients"] = recipients.span
    if layout is not None and layout.subject_title:
        md.subject_title = layout.subject_title
        if layout.subject_span:
            md.spans["subject_title"] = layout.subject_span
    elif md.title and _WRAPPER_TITLE.search(md.title):
        # X印发《Y》 without a separate covering notice: the document itself is Y
        book = _BOOK_IN_TITLE.search(md.title)
        if book:
            md.subject_title = book.group(1)
    disclosure = None
    if signature is not None and signature.disclosure:
        disclosure = (signature.disclosure, signature.disclosure_span)
    else:
        disclosure = find_disclosure(text, 0, main_end) or find_open_method(text, 0, main_end)
    if disclosure is not None:
        md.disclosure, span = disclosure
        if span is not None:
            md.spans["disclosure"] = span
    return md, warnings


def _inside(span: Span, outer: Span) -> bool:
    return outer[0] <= span[0] and span[1] <= outer[1]


def segment_document(text: str, hints: SegmentHints) -> Segmented:
    """Split the repaired text into metadata, notice, sections, attachments, tasks and tables."""
    header_limit, recipients_line = _header_limit(text)
    header = read_header(text, header_limit)
    titles = find_titles(text, 0, header_limit)
    title = _choose_title(titles)
    recipients = read_recipients(text, *recipients_line) if recipients_line else None

    layout = find_notice(text, title, recipients, len(text)) if recipients is not None else None
    if layout is not None:
        main_start = layout.main_start
    else:
        ends = [header.end, *(b.span[1] for b in titles)]
        if recipients is not None:
            ends.append(recipients.span[1])
        main_start = min(max(ends), len(text))

    attachment_layout = locate_attachments(text, main_start)
    main_end = max(main_start, min(attachment_layout.main_end, len(text)))
    signature = layout.signature if layout is not None else None
    if layout is None or signature is None:
        trailing = find_trailing_signature(text, main_start, main_end)
        if trailing is not None:
            main_end = trailing.start
            signature = signature or trailing
        elif attachment_layout.listed:
            # the 落款 follows the 附件说明 list (GB/T 9704 §7.3.5)
            after_list = max(item.span[1] for item in attachment_layout.listed)
            first_body = min((b.span[0] for b in attachment_layout.bodies if b.span[0] >= after_list), default=len(text))
            signature = signature or find_closing_signature(text, after_list, first_body)
    disclosure_end = min((b.span[0] for b in attachment_layout.bodies), default=len(text))

    sections = parse_outline(text, main_start, main_end)
    attachments, attachment_warnings = build_attachments(text, attachment_layout, hints)
    tasks, task_warnings = find_tasks(text, sections, attachments)
    metadata, md_warnings = build_metadata(text, header, title, recipients, layout, signature, header_limit,
                                           max(main_end, disclosure_end), hints)
    attachment_spans = [a.span for a in attachments if a.present]
    body_tables: list[Table] = [t for t in hints.tables if not any(_inside(t.span, s) for s in attachment_spans)]
    return Segmented(
        metadata=metadata,
        notice=layout.notice if layout is not None else None,
        sections=sections,
        tasks=tasks,
        attachments=attachments,
        tables=body_tables,
        warnings=[*md_warnings, *attachment_warnings, *task_warnings],
    )
