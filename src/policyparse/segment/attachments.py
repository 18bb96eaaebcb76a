"""Attachments: the 附件说明 list, the attachment bodies, and their sections and tables.

``locate_attachments`` finds where the main document ends, the entries of the
附件说明 list (``附件：1.… 2.…`` on one or several lines, or ``附件：XXX``) and the
attachment bodies (a line that is only ``附件1`` / ``附件 2`` / ``附件：`` / ``附件一``,
followed by the title, which may wrap).  Appended tables labelled 附表 (``附表：1.…`` lists,
``附表1`` bodies, as 实施方案 append their task tables) are read the same way when they follow
the main document, before any 附件 body (a 附表 inside an 附件 belongs to that attachment);
附表 entries and bodies pair with each other only, never with 附件 ones.
``build_attachments`` turns that layout plus the reader's hints (attachment file links, real
tables) into ``Attachment``s, one per attachment: a listed attachment whose body is present is
one item.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import field
from typing import Iterator, Optional

from ..cache import compile_pattern, dataclass
from ..io import Link, SegmentHints
from ..model import Attachment, ParseWarning, Span, Table
from .lines import SharedLines, StrippedLine, lines_between
from .outline import parse_outline
from .tables import rebuild_flattened_tables

# the word labelling an attachment (附件) or an appended table (附表)
ANNEX, SCHEDULE = "附件", "附表"
# a line (or line start) opening the 附件说明 or 附表 list: "附件：1.加快…" / "附件:" / "**附件**：" / "附件说明：" /
# "附表：1.任务分解表"
_LIST_START = compile_pattern(
    r"^[ \t\u3000*]{0,4}附[ \t\u3000]{0,2}(?P<label>[件表])(?:(?<=件)说明)?[*]{0,2}[ \t\u3000]{0,2}[：:][ \t\u3000*]{0,3}"
    r"(?P<rest>.*)$"
)
# a page's attachment box label over a list of file links: "【相关附件】" / "附件下载：" / "相关附件:"
_LINK_LIST_LABEL = compile_pattern(
    r"^[ \t\u3000*]{0,4}(?:【[ \t]{0,2}(?:相关附件|附件下载|附件)[ \t]{0,2}】|(?:相关附件|附件下载)[ \t\u3000*]{0,2}[：:])[ \t\u3000*]{0,3}$"
)
# one numbered entry of the list: "2.2021年重点工作任务分解表" / "3、资金申报表" / "(1)名单"
_LIST_ITEM = compile_pattern(r"^[ \t\u3000]{0,8}(?:[（(](?P<pn>\d{1,2})[）)]|(?P<n>\d{1,2})[.．、])[ \t\u3000]{0,2}(?P<title>\S.*)$")
# an entry number inside a one-line list: "1." at the start, " 2." / "；3、" after a space or separator
_INLINE_NUMBER = compile_pattern(r"(?:^|(?<=[\s；;，,。]))(?P<n>\d{1,2})[.．、]")
# a markdown link entry of the list: "- [空间布局图.pdf](./布局图.pdf)"
_LINK_ITEM = compile_pattern(r"^[ \t\u3000]{0,8}[-*+][ \t]{1,3}\[(?P<title>[^\]\n]{1,200})\]\((?P<href>[^)\s]{1,500})[ \t]{0,3}\)")
# a line that opens an attachment body: "附件1" / "附件 2" / "附件：" / "附件一" / "附件3：" / "附表1" (nothing else on it)
_BODY_START = compile_pattern(
    r"^[ \t\u3000*]{0,8}附[ \t\u3000]{0,2}(?P<label>[件表])[ \t\u3000]{0,2}(?P<num>\d{1,2}|[一二三四五六七八九十]{1,3})?[ \t\u3000*]{0,2}[：:]?[ \t\u3000*]{0,3}$"
)
# a line that opens an attachment body with its title on the same line: "附件2：重点任务清单" / "附表1 任务分解表"
_BODY_START_TITLED = compile_pattern(
    r"^[ \t\u3000*]{0,8}附[ \t\u3000]{0,2}(?P<label>[件表])[ \t\u3000]{0,2}(?P<num>\d{1,2}|[一二三四五六七八九十]{1,3})"
    r"(?:[ \t\u3000]{0,2}[：:．.、][ \t\u3000]{0,2}|[ \t\u3000]{1,3})(?P<title>[^\d\s.．、。，,；;][^。，,；;]{1,80})$"
)
# a title line ending as a document or table title does: …方案 / …分解表 / …工作专班 / …名单
_TITLE_END = compile_pattern(r"(?:方案|表|办法|清单|名单|名录|细则|目录|指南|指引|专班|规则|要求|标准|说明|计划|制度|意见|规程|流程|流程图|布局图|图|一览|汇总|条件|材料|须知|说明书|协议|合同|承诺书|模板|格式|体系|任务|措施|规划|机制|事项|通知|决定|报告|公告|通告|条例|纲要|函)$")
# a bracketed note after a title: （试行）, (发改高技〔2015〕1303号)
_TRAILING_NOTE = compile_pattern(r"[（(][^（()）\n]{1,30}[）)]$")
# sentence punctuation: a line with it is text, not a title
_SENTENCE_PUNCT = compile_pattern(r"[。；;！？!?]|[，,：:].{6}")
# an attachment title as a link names it: "附件1：名单.docx" → number 1, title 名单; "附表2.xlsx" → 附表, number 2
_LINK_TITLE = compile_pattern(
    r"^(?:附[ \t]{0,2}(?P<label>[件表])[ \t]{0,2}(?P<num>\d{1,2})?(?P<range>[-—~～至]\d{1,2})?[ \t]{0,2}(?:下载)?[ \t]{0,2}[：:．.、\-—]?[ \t]{0,2})?"
    r"(?P<title>.*?)(?:\.(?:docx?|pdf|xlsx?|wps|et|zip|rar|ofd|jpe?g|png))?$",
    re.IGNORECASE,
)
# a list line naming an attachment by its file or label: "附件2.docx" / "附件3：补贴标准" / "申报表.xlsx"
_FILE_ITEM = compile_pattern(r"^(?:附[ \t]{0,2}件[ \t]{0,2}\d{1,2}.{0,80}|.{1,80}\.(?:docx?|pdf|xlsx?|wps|et|zip|rar|ofd))$", re.IGNORECASE)
# a file extension at the end of a title: 名单.docx
_FILE_EXTENSION = compile_pattern(r"\.(?:docx?|pdf|xlsx?|wps|et|zip|rar|ofd|jpe?g|png)$", re.IGNORECASE)
# a file name a site's store gives, which names nothing: 10777181, be5f1a4be0294db7, 2023-0412_77
_MACHINE_NAME = compile_pattern(r"(?=[^\n]{0,64}\d)[0-9A-Fa-f_\-]{1,64}")
# a title quoted in 《》: 附件1-5下载：《招生计划申报审批表》.doc
_QUOTED_TITLE = compile_pattern(r"《(?P<title>[^《》]{1,100})》")
# a book title the text gives an attachment by its number: 《甲市学生清单》（附件4）, 《申报表》(见附件2)
_REFERENCED_TITLE = compile_pattern(
    r"《(?P<title>[^《》\n]{2,80})》[ \t\u3000]{0,2}[（(][ \t\u3000]{0,2}(?:详见|见)?[ \t\u3000]{0,2}附[ \t\u3000]{0,2}件"
    r"[ \t\u3000]{0,2}(?P<num>\d{1,2}|[一二三四五六七八九十]{1,3})[ \t\u3000]{0,2}[）)]"
)
# characters ignored when comparing titles
_TITLE_NOISE = compile_pattern(r"[\s《》“”\"'（）()〔〕【】\[\]、，,。.．:：\-—_*]")
# the first characters of the section ids of an 附件 body (a1.s1) and of a 附表 body (t1.s1)
_SECTION_ID_PREFIX = {ANNEX: "a", SCHEDULE: "t"}
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_MAX_TITLE_LINES = 3
_MAX_TITLE_LINE = 60
_MAX_AFTER_LIST = 300
_MAX_MATCH_POOL = 100  # attachments searched when matching a body or link (keeps junk input linear)


@dataclass(slots=True)
class ListedAttachment:
    """One entry of the 附件说明 list."""

    number: Optional[int]
    title: str
    span: Span
    href: Optional[str] = None
    label: str = ANNEX  # ANNEX for the 附件说明 list, SCHEDULE for a 附表 list


@dataclass(slots=True)
class AttachmentBody:
    """One attachment body present in the text: ``span`` from its ``附件N`` line to the next body."""

    number: Optional[int]
    title: Optional[str]
    span: Span
    content_start: int
    title_span: Optional[Span] = None
    label: str = ANNEX  # ANNEX for an 附件 body, SCHEDULE for a 附表 body


@dataclass(slots=True)
class AttachmentLayout:
    """Where the main document ends, the listed attachments and the bodies."""

    main_end: int
    listed: list[ListedAttachment] = field(default_factory=list)
    bodies: list[AttachmentBody] = field(default_factory=list)


def number_value(token: Optional[str]) -> Optional[int]:
    """The integer of ``3`` or ``三``/``十二`` (None for None)."""
    if not token:
        return None
    if token.isdigit():
        return int(token)
    if len(token) == 1:
        return _CN_DIGITS.get(token)
    if token.startswith("十"):
        return 10 + _CN_DIGITS.get(token[1:], 0)
    if token.endswith("十"):
        return _CN_DIGITS.get(token[0], 0) * 10
    return _CN_DIGITS.get(token[0], 0) * 10 + _CN_DIGITS.get(token[-1], 0)


def normalize_title(title: str) -> str:
    """A title reduced for comparison: no spaces, brackets, punctuation or file extension."""
    m = _LINK_TITLE.match(title.strip())
    core = m.group("title") if m else title
    return _TITLE_NOISE.sub("", core)


def _clean_title(title: str) -> str:
    """A list entry's title without file extension, trailing punctuation or markdown emphasis."""
    title = _FILE_EXTENSION.sub("", title.strip().strip("*"))
    return title.rstrip("；;。，,").strip()


def _inline_entries(rest: str, rest_start: int) -> list[ListedAttachment]:
    """Entries of a list written on one line: ``1.甲表 2.乙表`` / ``1、甲；2、乙`` (numbers in sequence)."""
    cuts: list[tuple[int, int, int]] = []  # (number, marker start, title start)
    expected = 1
    for m in _INLINE_NUMBER.finditer(rest):
        if int(m.group("n")) == expected:
            cuts.append((expected, m.start("n"), m.end()))
            expected += 1
    entries: list[ListedAttachment] = []
    for k, (number, _, title_start) in enumerate(cuts):
        end = cuts[k + 1][1] if k + 1 < len(cuts) else len(rest)
        raw = rest[title_start:end]
        title = _clean_title(raw)
        lead = len(raw) - len(raw.lstrip())
        entries.append(ListedAttachment(number, title, (rest_start + title_start + lead, rest_start + title_start + lead + len(title))))
    return entries


def _read_list(lines: list[StrippedLine], i: int, rest: str, head: StrippedLine) -> tuple[list[ListedAttachment], int]:
    """Entries of a 附件说明 list whose opening line is ``lines[i]``; returns them and the next line index."""
    entries: list[ListedAttachment] = []
    rest_start = head.end - len(rest)
    if rest:
        m = _LIST_ITEM.match(rest)
        if m:
            entries.extend(_inline_entries(rest, rest_start))
        else:
            entries.append(ListedAttachment(None, _clean_title(rest), (rest_start, head.end)))
    j = i + 1
    file_items = 0
    while j < len(lines):
        line = lines[j]
        m = _LIST_ITEM.match(line.text)
        link = _LINK_ITEM.match(line.text)
        if m and not _BODY_START.match(line.text):
            number = int(m.group("n") or m.group("pn"))
            expected = (entries[-1].number or 0) + 1 if entries else 1
            if number != expected or (entries and entries[-1].number is None):
                break
            entries.append(ListedAttachment(number, _clean_title(m.group("title")), (line.start + m.start("title"), line.end)))
        elif link:
            number, title = split_file_title(link.group("title"))
            entries.append(ListedAttachment(number, title or "", (line.start, line.end), href=link.group("href")))
        elif entries and entries[-1].title and entries[-1].href is None and _continues_title(entries[-1].title, line.text):
            last = entries[-1]  # a long title wraps onto the next line (GB/T 9704 §7.3.4)
            last.title = _clean_title(last.title + line.text)
            last.span = (last.span[0], line.end)
        elif _FILE_ITEM.match(line.text) and not _BODY_START.match(line.text) and (len(entries) == file_items):
            # a list of file labels ("附件1.docx" …), never mixed into a numbered list
            number, title = split_file_title(line.text)
            entries.append(ListedAttachment(number, title or "", (line.start, line.end)))
            file_items += 1
        else:
            break
        j += 1
    return entries, j


def _ends_as_title(title: str) -> bool:
    """Whether ``title`` ends as a document's or table's title does, a bracketed note after it allowed."""
    return _TITLE_END.search(_TRAILING_NOTE.sub("", title)) is not None


def _continues_title(title: str, line: str) -> bool:
    """Whether ``line`` is the rest of a list entry's ``title`` broken over two lines: the title stops short
    of a title's ending and with the line it reaches one (``…重大工程包的通`` + ``知(发改高技〔2015〕1303号)``);
    a signature's organ or date after the list completes no title."""
    return (len(line) <= _MAX_TITLE_LINE and not _SENTENCE_PUNCT.search(line) and not _BODY_START.match(line)
            and not _ends_as_title(title) and _ends_as_title(title + line))


def _read_body_title(lines: list[StrippedLine], j: int, listed_title: Optional[str]) -> tuple[Optional[str], int, Optional[Span]]:
    """The title lines after a body's ``附件N`` line at ``lines[j:]``; returns title, next index, title span."""
    if j >= len(lines):
        return None, j, None
    first = lines[j]
    if _BODY_START.match(first.text) or len(first.text) > _MAX_TITLE_LINE or _SENTENCE_PUNCT.search(first.text):
        return None, j, None
    parts = [first.text]
    k = j + 1
    if listed_title:
        target = normalize_title(listed_title)
        while k < len(lines) and len(parts) < _MAX_TITLE_LINES:
            joined = normalize_title("".join(parts))
            if joined == target or not target.startswith(joined):
                break
            candidate = normalize_title("".join([*parts, lines[k].text]))
            if not target.startswith(candidate):
                break
            parts.append(lines[k].text)
            k += 1
    else:
        while (
            k < len(lines)
            and len(parts) < _MAX_TITLE_LINES
            and not _TITLE_END.search(parts[-1])
            and len(lines[k].text) <= _MAX_TITLE_LINE
            and _TITLE_END.search(lines[k].text)
            and not _SENTENCE_PUNCT.search(lines[k].text)
            and not _BODY_START.match(lines[k].text)
        ):
            parts.append(lines[k].text)
            k += 1
    return "".join(parts), k, (first.start, lines[k - 1].end)


def _label(m: re.Match[str]) -> str:
    """ANNEX or SCHEDULE, from a match whose group "label" holds the word's second character (件 or 表)."""
    return "附" + m.group("label")


def _marked_lines(lines: list[StrippedLine]) -> list[int]:
    """The indexes of the lines holding 附: only they can open a list, a box of file links or a body."""
    return [i for i, line in enumerate(lines) if "附" in line.text]


@dataclass(slots=True)
class _BodyStart:
    """A line that opens an attachment body: its index, label, number and same-line title."""

    index: int
    label: str
    number: Optional[int]
    title: Optional[str]


def _body_starts(lines: list[StrippedLine], marked: list[int]) -> Iterator[_BodyStart]:
    """Each line that opens an attachment body (among the ``marked`` lines)."""
    for idx in marked:
        line = lines[idx]
        m = _BODY_START.match(line.text)
        if m:
            yield _BodyStart(idx, _label(m), number_value(m.group("num")), None)
            continue
        t = _BODY_START_TITLED.match(line.text)
        if t is None or _LIST_START.match(line.text):
            continue
        neighbours = [lines[x].text for x in (idx - 1, idx + 1) if 0 <= x < len(lines)]
        if any(_BODY_START_TITLED.match(n) for n in neighbours):
            continue  # a run of "附件1：… 附件2：…" lines is a list, not bodies
        yield _BodyStart(idx, _label(t), number_value(t.group("num")), _clean_title(t.group("title")))


@dataclass(slots=True)
class _FoundList:
    """A list's entries and the indexes of its opening line and of its last line."""

    entries: list[ListedAttachment]
    first: int
    last: int


def _find_lists(lines: list[StrippedLine], marked: list[int]) -> dict[str, _FoundList]:
    """The first list of each label among the ``marked`` lines: the 附件说明 list (or a page's box of
    file links) under ANNEX, the 附表 list under SCHEDULE."""
    found: dict[str, _FoundList] = {}
    for i in marked:
        if len(found) == 2:
            break
        if any(f.first <= i <= f.last for f in found.values()):
            continue
        line = lines[i]
        m = _LIST_START.match(line.text)
        nxt = lines[i + 1].text if i + 1 < len(lines) else ""
        if m is None:
            if ANNEX not in found and _LINK_LIST_LABEL.match(line.text) and (_LINK_ITEM.match(nxt) or _FILE_ITEM.match(nxt)):
                entries, after = _read_list(lines, i, "", line)  # a box of file links: its entries only
                if entries:
                    found[ANNEX] = _FoundList(entries, i, after - 1)
            continue
        label = _label(m)
        rest = m.group("rest").strip()
        opens_list = bool(_LIST_ITEM.match(nxt) or _LINK_ITEM.match(nxt) or (_FILE_ITEM.match(nxt) and not _BODY_START.match(nxt)))
        if label in found or (not rest and not opens_list):
            continue  # a bare "附件：" line opens a body, not a list
        entries, after = _read_list(lines, i, rest, line)
        if entries:
            for entry in entries:
                entry.label = label
            found[label] = _FoundList(entries, i, after - 1)
    return found


def _appended(starts: list[_BodyStart], lists: dict[str, _FoundList]) -> tuple[list[_BodyStart], dict[str, _FoundList]]:
    """The body starts after the list of their own label and the lists, without the 附表 list and bodies
    that follow the first 附件 body (a 附表 inside an attachment is that attachment's table)."""
    starts = [s for s in starts if s.label not in lists or s.index > lists[s.label].last]
    first_annex = next((s.index for s in starts if s.label == ANNEX), None)  # starts are in line order
    if first_annex is None:
        return starts, lists
    kept_lists = {label: f for label, f in lists.items() if label == ANNEX or f.first < first_annex}
    return [s for s in starts if s.label == ANNEX or s.index < first_annex], kept_lists


def locate_attachments(text: str, body_start: int, shared: Optional[SharedLines] = None) -> AttachmentLayout:
    """Find the 附件说明 and 附表 lists and the attachment bodies after ``body_start`` (``shared``: the text's
    lines, split once for the readers of attachments and tables)."""
    first_mark = text.find("附", body_start)
    if first_mark < 0:
        return AttachmentLayout(main_end=len(text))  # lists and bodies open with 附件 or 附表
    # lines before the first 附 can neither open a list or a body nor neighbour one that opens with 附件
    start = max(body_start, text.rfind("\n", 0, first_mark) + 1)
    lines = lines_between(text, start, shared=shared)
    marked = _marked_lines(lines)
    starts, lists = _appended(list(_body_starts(lines, marked)), _find_lists(lines, marked))
    listed = sorted((e for f in lists.values() for e in f.entries), key=lambda e: e.span[0])
    by_number = {(e.label, e.number): e for e in listed if e.number is not None}
    listed_by_label = {label: [e for e in listed if e.label == label] for label in (ANNEX, SCHEDULE)}
    starts_by_label = Counter(s.label for s in starts)
    bodies: list[AttachmentBody] = []
    for pos, body in enumerate(starts):
        idx, number = body.index, body.number
        end = lines[starts[pos + 1].index].start if pos + 1 < len(starts) else len(text.rstrip())
        same_label = listed_by_label[body.label]
        if body.title is not None:
            title, content_idx, title_span = body.title, idx + 1, (lines[idx].start, lines[idx].end)
        else:
            hint = by_number.get((body.label, number)) if number is not None else (same_label[0] if len(same_label) == 1 else None)
            title, content_idx, title_span = _read_body_title(lines, idx + 1, hint.title if hint else None)
        content_start = lines[content_idx].start if content_idx < len(lines) else end
        content_start = min(content_start, end)
        if number is None and len(same_label) == 1 and starts_by_label[body.label] == 1:
            number = same_label[0].number
        bodies.append(AttachmentBody(number, title, (lines[idx].start, end), content_start, title_span, body.label))
    first_body = bodies[0].span[0] if bodies else None
    candidates = [] if first_body is None else [first_body]
    for found in lists.values():
        list_start = lines[found.first].start
        if _list_closes_main(text, list_start, lines[found.last].end, first_body):
            candidates.append(list_start)
    main_end = min(candidates) if candidates else len(text)
    return AttachmentLayout(main_end=main_end, listed=listed, bodies=bodies)


def _list_closes_main(text: str, list_start: int, list_end: int, first_body: Optional[int]) -> bool:
    """Whether the 附件说明 list ends the main document: only a signature block lies between it and
    the first attachment body (or the end), not the document itself (as in a page-header 附件 block)."""
    limit = first_body if first_body is not None and first_body > list_start else len(text)
    after = len(text[list_end:limit].strip())
    return after <= _MAX_AFTER_LIST or after <= (list_start - 0) // 3


def _titles_match(a: Optional[str], b: Optional[str]) -> bool:
    """Whether two attachment titles name the same thing (equal, or one contains the other)."""
    if not a or not b:
        return False
    na, nb = normalize_title(a), normalize_title(b)
    if not na or not nb:
        return False
    return na == nb or (min(len(na), len(nb)) >= 4 and (na in nb or nb in na))


def _tables_for(text: str, body: AttachmentBody, hints: SegmentHints,
                shared: Optional[SharedLines]) -> tuple[list[Table], list[ParseWarning]]:
    """Real tables (from HTML/DOCX) inside the body, else flattened tables rebuilt from its text."""
    start, end = body.span
    real = [t for t in hints.tables if start <= t.span[0] and t.span[1] <= end and t.span != (0, 0)]
    if real:
        return real, []
    return rebuild_flattened_tables(text, body.content_start, end, shared)


def split_file_title(label: str) -> tuple[Optional[int], Optional[str]]:
    """Number and clean title of an attachment label or file name.

    ``附件2：名单.docx`` → (2, 名单); ``附件3.docx`` → (3, None); ``附件1-5下载：《审批表》.doc`` → (None, 审批表);
    ``10777181.docx`` → (None, None).
    """
    label = _FILE_EXTENSION.sub("", label.strip())
    m = _LINK_TITLE.match(label)
    if m is None:
        return None, label or None
    number = None if m.group("range") else number_value(m.group("num"))
    title = m.group("title").strip()
    quoted = _QUOTED_TITLE.search(title)
    if quoted:
        title = quoted.group("title")
    title = _clean_title(title)
    return number, None if _MACHINE_NAME.fullmatch(title) else title or None


def _link_label(link: Link) -> Optional[str]:
    """ANNEX or SCHEDULE when an attachment link's title opens with 附件 or 附表, else None."""
    m = _LINK_TITLE.match(link.title.strip())
    return _label(m) if m is not None and m.group("label") else None


def build_attachments(
    text: str, layout: AttachmentLayout, hints: SegmentHints, shared: Optional[SharedLines] = None
) -> tuple[list[Attachment], list[ParseWarning]]:
    """One ``Attachment`` per listed entry and/or body (matched by number, else title, within one label:
    附件 or 附表), plus link-only ones (``shared``: the text's lines, split once for the table readers)."""
    warnings: list[ParseWarning] = []
    attachments: list[Attachment] = []
    pools: dict[str, list[Attachment]] = {ANNEX: [], SCHEDULE: []}  # the first few attachments of each label

    def add(attachment: Attachment) -> None:
        attachments.append(attachment)
        if len(pools[attachment.label]) < _MAX_MATCH_POOL:
            pools[attachment.label].append(attachment)

    for entry in layout.listed:
        add(Attachment(number=entry.number, title=entry.title or None, label=entry.label, listed=True,
                       present=False, href=entry.href, span=entry.span))
    for body in layout.bodies:
        match = _find(pools[body.label], body.number, body.title, require_absent=True)
        number = body.number if body.number is not None else (match.number if match else None)
        prefix = f"{_SECTION_ID_PREFIX[body.label]}{number if number is not None else len(attachments) + 1}.s"
        sections = parse_outline(text, body.content_start, body.span[1], id_prefix=prefix)
        tables, table_warnings = _tables_for(text, body, hints, shared)
        warnings.extend(table_warnings)
        if match is None:
            add(Attachment(number=number, title=body.title, label=body.label, listed=False, present=True,
                           span=body.span, sections=sections, tables=tables))
            continue
        if body.title and match.title and not _titles_match(body.title, match.title):
            warnings.append(ParseWarning(
                "attachment_title_mismatch",
                f"attachment {number}: listed as {match.title!r} but its body is titled {body.title!r}",
                body.title_span or body.span,
            ))
        match.present = True
        match.number = number
        match.title = match.title or body.title
        match.span = body.span
        match.sections = sections
        match.tables = tables
    _title_from_references(text, attachments)
    for link in hints.links:
        number, title = split_file_title(link.title)
        label = _link_label(link)  # a link named 附件N or 附表N matches attachments of that label only
        match = _find(attachments if label is None else pools[label], number, title, require_absent=False)
        if match is not None:
            match.href = match.href or link.href
        else:
            attachments.append(Attachment(number=number, title=title, label=label or ANNEX, listed=False,
                                          present=False, href=link.href, span=link.span))
    return attachments, warnings


def _title_from_references(text: str, attachments: list[Attachment]) -> None:
    """Titles for numbered 附件 the text names only by number (a list of bare file names, ``附件4.docx``):
    the book title a sentence gives it (``符合《甲市照顾学生清单》（附件4）条件的``), the first one found."""
    untitled = {a.number: a for a in attachments[:_MAX_MATCH_POOL]
                if a.title is None and a.number is not None and a.label == ANNEX}
    if not untitled:
        return
    for m in _REFERENCED_TITLE.finditer(text):
        attachment = untitled.pop(number_value(m.group("num")), None)  # type: ignore[arg-type]
        if attachment is not None:
            attachment.title = m.group("title")
        if not untitled:
            return


def _find(attachments: list[Attachment], number: Optional[int], title: Optional[str], *,
          require_absent: bool) -> Optional[Attachment]:
    """The attachment with ``number`` (or, failing that, the same title) among the first few."""
    pool = [a for a in attachments[:_MAX_MATCH_POOL] if not (require_absent and a.present)]
    if number is not None:
        for a in pool:
            if a.number == number:
                return a
    for a in pool:
        if _titles_match(a.title, title):
            return a
    if number is None and title is None and len(pool) == 1 and pool[0].number is None:
        return pool[0]
    return None
