"""The segment stage's driver: header → notice → main region → attachments → outline → tasks.

Order of reading (GB/T 9704-2012 §7: 版头, 主体, 版记): the page header and title come first;
a 印发/转发 notice (主送机关, body, 落款, 附注) may wrap the enclosed document; the enclosed
document's own title opens the main region, which ends at the 附件说明 or the first attachment
body; a document without a notice may sign at its end.
"""

from __future__ import annotations

import re
from typing import Optional

from ..cache import compile_pattern
from ..io import SegmentHints
from ..model import Metadata, ParseWarning, Section, Span, Table
from . import Segmented
from .attachments import AttachmentLayout, build_attachments, locate_attachments
from .lines import SharedLines
from .metadata import (
    LINE_DECOR,
    Header,
    Order,
    Recipients,
    Signature,
    TitleBlock,
    clean_title,
    field_date,
    field_line_match,
    find_closing_signature,
    find_disclosure,
    find_doc_number_line,
    find_open_method,
    find_opening_signature,
    find_title_note_date,
    find_title_note_organ,
    find_titles,
    find_trailing_signature,
    header_date_lines,
    is_recipients_line,
    issuer_from_source,
    issuer_from_title,
    iter_line_spans,
    label_field,
    names_a_site,
    normalise_label,
    order_organ,
    parse_doc_number,
    read_header,
    read_order,
    read_recipients,
    strip_span,
)
from .notice import NoticeLayout, find_notice
from .outline import HEADING_LINE_START, parse_outline
from .tables import rebuild_flattened_tables
from .tasks import find_tasks

MAX_HEADER_LINES = 200  # a page header (fields, title, page chrome) is never longer than this
MAX_RECIPIENT_LINES = 3  # a 主送机关 list wraps over at most this many lines
MAX_RECIPIENT_LINE = 120
MIN_PARAGRAPH = 40  # a line with a sentence end and at least this many characters is body text
_WRAPPER_TITLE = compile_pattern(r"印发|转发|批转|颁发")
# A sentence end: a line holding one (and long enough) is body text, not header
_SENTENCE_END = compile_pattern(r"[。；]")
# A URL given as a source (``来源: https://…``) names no organisation
_URL = compile_pattern(r"https?:|www\.")
# The book title a wrapper title names: …印发《Y》的通知
_BOOK_IN_TITLE = compile_pattern(r"(?:印发|转发|批转|颁发)《([^《》\n]{2,120})》")
# A source label naming the page's own site before (or instead of) the office: 本网, 本站
_THIS_SITE = compile_pattern(r"^(?:本网|本站)(?:站)?")
# Labelled fields whose value must parse, and what it must be
_PARSED_FIELDS = {"issue_date": "date", "publish_date": "date", "effective_date": "date", "expiry_date": "date",
                  "doc_number": "document number"}
# Fields compared between the text and the reader's hints (HTML metadata blocks)
_TEXT_FIELDS = ("title", "doc_number", "issue_date", "publish_date", "index_number", "category", "validity",
                "source_name", "effective_date", "expiry_date")


def _header_zone(text: str) -> tuple[int, Optional[Span], dict[int, re.Match[str]]]:
    """The header zone: where it ends, the 主送机关 line when that is what ends it, and the label match of
    each field line in the zone (before its end) by line start, for ``read_header``."""
    seen = 0
    field_lines: dict[int, re.Match[str]] = {}
    for ls, le in iter_line_spans(text, 0, len(text)):
        s, e = strip_span(text, ls, le, LINE_DECOR)
        if s >= e:
            continue
        seen += 1
        if seen > MAX_HEADER_LINES:
            return ls, None, field_lines
        label = field_line_match(text, ls, le)
        if label is not None:
            field_lines[ls] = label
            continue
        line = text[s:e]
        if is_recipients_line(line):
            first = _wrapped_recipients_start(text, ls)
            # the wrapped 主送机关 lines end the zone: only the field lines above them belong to it
            before = {start: label for start, label in field_lines.items() if start < first}
            return first, (strip_span(text, first, e, LINE_DECOR)[0], e), before
        if HEADING_LINE_START.match(text, ls, le):
            return ls, None, field_lines
        if len(line) >= MIN_PARAGRAPH and _SENTENCE_END.search(line):
            return ls, None, field_lines
    return len(text), None, field_lines


def _wrapped_recipients_start(text: str, line_start: int) -> int:
    """Where a 主送机关 line that wraps over several lines starts: earlier lines ending in ``，``/``、``
    (and holding no sentence end) continue onto the colon line."""
    start = line_start
    for _ in range(MAX_RECIPIENT_LINES - 1):
        if start == 0:
            break
        prev_start = text.rfind("\n", 0, start - 1) + 1
        s, e = strip_span(text, prev_start, start - 1, LINE_DECOR)
        if s >= e or text[e - 1] not in "，,、" or _SENTENCE_END.search(text, s, e) or e - s > MAX_RECIPIENT_LINE:
            break
        start = prev_start
    return start


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
        # readers key fields by contract name (index_number …); a Chinese label is mapped
        name = label if label in _TEXT_FIELDS or label in ("issuer", "publisher") else label_field(normalise_label(label))
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
        return clean_title(value) or None
    if name == "source_name":
        if _URL.match(value):
            return None
        value = _THIS_SITE.sub("", value).strip()  # 本网广州市住房保障办公室 → the office
        return value or None
    return value


def build_metadata(
    text: str,
    header: Header,
    title: Optional[TitleBlock],
    recipients: Optional[Recipients],
    layout: Optional[NoticeLayout],
    signature: Optional[Signature],
    header_limit: int,
    closing_end: int,
    hints: SegmentHints,
    order: Optional[Order] = None,
) -> tuple[Metadata, list[ParseWarning]]:
    """Metadata from the header fields, the text's own parts, and the reader's hints.

    ``closing_end`` bounds the search for a disclosure note (the first attachment body); ``order``: the
    order (令) heading the text, whose organ issues it and whose signed date dates it.
    """
    md = Metadata()
    warnings: list[ParseWarning] = []
    values: dict[str, tuple[Optional[str], Optional[Span]]] = {}
    for name, fv in header.fields.items():
        value = _normalise_field(name, fv.value)
        values[name] = (value, fv.span)
        if value is None and name in _PARSED_FIELDS:
            warnings.append(ParseWarning("metadata_unparsed", f"{name}: {fv.value.strip()!r} is not a complete "
                                         f"{_PARSED_FIELDS[name]}; left empty", fv.span))

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
        if order is not None and order.date is not None and found is not None and found[1] == order.date[1]:
            found = None  # the date under an order's signer is its issue date, not the page's
        if found and not any(a <= found[1][0] < b for a, b in field_spans):
            values["publish_date"] = found

    # hints: used where the text lacks a field; the text wins a disagreement
    from_hints: set[str] = set()
    for name, (raw, span) in _hint_fields(hints).items():
        hint = _normalise_field(name, raw)
        if hint is None or name == "issuer":
            continue
        mine = values.get(name, (None, None))[0]
        if mine is None:
            values[name] = (hint, span)
            from_hints.add(name)
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

    # 成文日期: the text's labelled field wins over the signature date, the signature date over the
    # page's (hinted) field; a disagreement is a warning
    if signature is not None and signature.date:
        if md.issue_date is not None and "issue_date" in from_hints and md.issue_date != signature.date:
            warnings.append(ParseWarning("metadata_conflict", f"issue_date: text has {signature.date!r}, page says "
                                         f"{md.issue_date!r}; the text's value is kept", signature.date_span))
            md.issue_date = None
        if md.issue_date is None:
            md.issue_date = signature.date
            if signature.date_span:
                md.spans["issue_date"] = signature.date_span
        elif md.issue_date != signature.date:
            warnings.append(ParseWarning("metadata_conflict", f"issue_date: 成文日期 {md.issue_date} differs from "
                                         f"the signature date {signature.date}; 成文日期 is kept",
                                         signature.date_span))

    if signature is not None and signature.date is None and signature.date_span is not None and md.issue_date is None:
        written = text[signature.date_span[0] : signature.date_span[1]]
        warnings.append(ParseWarning("metadata_unparsed", f"issue_date: the 落款 date {written!r} gives no day; "
                                     "left empty", signature.date_span))
    # an order's signed date, else a law's, regulation's or resolution's 题注, when no field or signature dates it
    if md.issue_date is None and order is not None and order.date is not None:
        md.issue_date, md.spans["issue_date"] = order.date
    if md.issue_date is None:
        note = find_title_note_date(text, 0, header_limit)
        if note is not None:
            md.issue_date, md.spans["issue_date"] = note

    # issuer: the signing organs, else the labelled 发文机关 (unless it names a web site), else the organ the
    # title names, an order's organ or the page's hint; failing all, a law's 题注 or the page's 来源
    labelled_issuer = header.fields.get("issuer")
    if signature is not None and signature.organs:
        md.issuers = list(signature.organs)
        md.spans["issuer"] = signature.organ_spans[0]
    elif labelled_issuer is not None and not names_a_site(labelled_issuer.value):
        md.issuers = [labelled_issuer.value.strip()]
        md.spans["issuer"] = labelled_issuer.span
    elif md.title:
        md.issuers = issuer_from_title(title.spaced if title is not None and title.spaced else md.title)
        if md.issuers and title is not None:
            md.spans["issuer"] = title.span
    organ = order_organ(md.doc_number, md.doc_number_parts) if md.doc_number and not md.issuers else None
    if organ:
        md.issuers = [organ]  # 国务院令第746号 → 国务院: the organ whose order published it
        if "doc_number" in md.spans:
            md.spans["issuer"] = md.spans["doc_number"]
    if not md.issuers:
        hinted = _hint_fields(hints).get("issuer")
        if hinted and not names_a_site(hinted[0]):
            md.issuers = [hinted[0]]
    if not md.issuers:
        _issuer_from_sources(md, text, header, header_limit)
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
        disclosure = find_disclosure(text, 0, closing_end) or find_open_method(text, 0, closing_end)
    if disclosure is not None:
        md.disclosure, span = disclosure
        if span is not None:
            md.spans["disclosure"] = span
    return md, warnings


def _issuer_from_sources(md: Metadata, text: str, header: Header, header_limit: int) -> None:
    """The issuer when neither a 落款, a 发文机关 field nor the title names one: the congress a law's 题注
    says adopted it, else the organ the page's 来源/发布机构 field names (when it is of the title's place)."""
    adopted = find_title_note_organ(text, 0, header_limit)
    if adopted is not None:
        md.issuers = [adopted[0]]
        md.spans["issuer"] = adopted[1]
        return
    for name in ("source_name", "publisher"):
        source = header.fields.get(name)
        value = source.value if source is not None else (md.source_name if name == "source_name" else None)
        organ = issuer_from_source(value, md.title) if value else None
        if organ is not None:
            md.issuers = [organ]
            if source is not None:
                md.spans["issuer"] = source.span
            return


def _outside_tables(sections: list[Section], table_spans: list[Span]) -> list[Section]:
    """The outline without headings that are only numbered lines inside a real table's cells."""
    if not table_spans:
        return sections
    kept = []
    for section in sections:
        if any(s <= section.span[0] < e for s, e in table_spans):
            continue
        section.children = _outside_tables(section.children, table_spans)
        kept.append(section)
    return kept


def _inside(span: Span, outer: Span) -> bool:
    """Whether ``span`` lies within ``outer``."""
    return outer[0] <= span[0] and span[1] <= outer[1]


def _main_start(header: Header, titles: list[TitleBlock], recipients: Optional[Recipients],
                layout: Optional[NoticeLayout], text_length: int) -> int:
    """Where the main document starts: after the notice and the enclosed title, else after the
    header fields, the title lines and the 主送机关 line."""
    if layout is not None:
        return layout.main_start
    ends = [header.end, *(b.span[1] for b in titles)]
    if recipients is not None:
        ends.append(recipients.span[1])
    return min(max(ends), text_length)


def _closing(text: str, main_start: int, main_end: int, attachment_layout: AttachmentLayout,
             signature: Optional[Signature]) -> tuple[int, Optional[Signature]]:
    """The main region's end and the 落款 when the notice gave none: a signature closing the main
    region (cut off from it), or one following the 附件说明 list (GB/T 9704 §7.3.5)."""
    if signature is not None:
        return main_end, signature
    trailing = find_trailing_signature(text, main_start, main_end)
    if trailing is not None:
        return trailing.start, trailing
    if attachment_layout.listed:
        after_list = max(item.span[1] for item in attachment_layout.listed)
        first_body = min((b.span[0] for b in attachment_layout.bodies if b.span[0] >= after_list), default=len(text))
        return main_end, find_closing_signature(text, after_list, first_body)
    return main_end, None


def segment_document(text: str, hints: SegmentHints) -> Segmented:
    """Split the repaired text into metadata, notice, sections, attachments, tasks and tables."""
    header_limit, recipients_line, field_lines = _header_zone(text)
    header = read_header(text, header_limit, field_lines)
    titles = find_titles(text, 0, header_limit)
    title = _choose_title(titles)
    order = read_order(text, 0, header_limit)
    if title is None and order is not None:
        title = order.published_title  # an order's header has no title: the regulation it publishes names it
    recipients = read_recipients(text, *recipients_line) if recipients_line else None
    layout = find_notice(text, title, recipients, len(text)) if recipients is not None else None
    main_start = _main_start(header, titles, recipients, layout, len(text))

    shared_lines = SharedLines(text, main_start)  # split once for the readers of attachments and tables
    attachment_layout = locate_attachments(text, main_start, shared_lines)
    main_end = max(main_start, min(attachment_layout.main_end, len(text)))
    main_end, signature = _closing(text, main_start, main_end, attachment_layout,
                                   layout.signature if layout is not None else None)
    if signature is None and layout is None:
        signature = find_opening_signature(text, main_start, main_end)
    closing_end = max(main_end, min((b.span[0] for b in attachment_layout.bodies), default=len(text)))

    sections = _outside_tables(parse_outline(text, main_start, main_end), [t.span for t in hints.tables])
    attachments, attachment_warnings = build_attachments(text, attachment_layout, hints, shared_lines)
    attachment_spans = [a.span for a in attachments if a.present]
    body_tables: list[Table] = [t for t in hints.tables if not any(_inside(t.span, s) for s in attachment_spans)]
    table_warnings: list[ParseWarning] = []
    if not hints.tables:  # plain text: tables of the main body may be flattened one cell per line
        body_tables, table_warnings = rebuild_flattened_tables(text, main_start, main_end, shared_lines)
    tasks, task_warnings = find_tasks(text, sections, attachments, tables=body_tables, shared=shared_lines)
    metadata, md_warnings = build_metadata(text, header, title, recipients, layout, signature, header_limit,
                                           closing_end, hints, order)
    return Segmented(
        metadata=metadata,
        notice=layout.notice if layout is not None else None,
        sections=sections,
        tasks=tasks,
        attachments=attachments,
        tables=body_tables,
        warnings=[*md_warnings, *attachment_warnings, *table_warnings, *task_warnings],
    )
