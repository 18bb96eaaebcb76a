"""Document-level facts: page header fields, doc number, title, recipients, signature, disclosure.

Conventions (GB/T 9704-2012 and the 《党政机关公文处理工作条例》 2012, 第九条):

* 发文字号 = 发文机关代字 + 年份 + 发文顺序号, the year in 六角括号 〔〕 (§7.2.4); pages also type
  ``[]``, ``［］``, ``()``, ``（）``, ``【】`` — all are normalised to 〔〕.
* 标题 = 发文机关 + 事由 + 文种 (§7.3.1); a title may wrap over several lines, and ends in the 文种
  (通知, 意见, 方案, 办法 …).
* 主送机关 follows the title, ends in a full-width colon, and separates organs of one kind with
  ``、`` and kinds with ``，`` (§7.3.2).
* 落款: the signing organ(s) then the 成文日期 (§7.3.5); a joint document lists several organs.
* 附注 such as ``（此件公开发布）`` follows the date (§7.3.6).
* Government web pages add a labelled block (索引号, 主题分类, 发文机关, 成文日期, 发布日期 …),
  sometimes twice; the first non-empty value of each label is read.

Nothing absent is guessed: fields stay None.
"""

from __future__ import annotations

import re
from dataclasses import field
from typing import Iterator, Optional, Sequence

from ..cache import compile_pattern, dataclass
from ..model import DocNumberParts, Span
from .dates import date_only, find_dates, han_digits, han_number, month_only, parse_date
from .lines import is_serial_header

_SPACE = " \t\u3000\u00a0\u2002\u2003\u200b"
# Decoration a page puts around a line: spaces, markdown (#, **, >, -), list bullets
_DECOR = _SPACE + "#*>•·▪●◆■-"
LINE_DECOR = _DECOR

# --------------------------------------------------------------------------- header fields

# label → field name; ``None`` marks labels that only end the previous value (浏览次数 …)
_LABELS: dict[str, Optional[str]] = {
    "索引号": "index_number",
    "主题分类": "category",
    "主题分类号": "category",
    "信息分类": "category",
    "发文机关": "issuer",
    "发文单位": "issuer",
    "发布机关": "issuer",
    "发文机构": "issuer",
    "发文部门": "issuer",
    "发布机构": "publisher",
    "成文日期": "issue_date",
    "成文时间": "issue_date",
    "生成日期": "publish_date",  # the 信息公开目录's record date: a site's timestamp, not the 成文日期
    "发文日期": "issue_date",
    "颁布日期": "issue_date",
    "公布日期": "issue_date",
    "颁布单位": "issuer",
    "颁布机关": "issuer",
    "制定机关": "issuer",
    "发文文号": "doc_number",
    "标题": "title",
    "名称": "title",
    "发文字号": "doc_number",
    "文号": "doc_number",
    "发布日期": "publish_date",
    "发布时间": "publish_date",
    "公文时效": "validity",
    "时效性": "validity",
    "有效性": "validity",
    "是否有效": "validity",
    "信息来源": "source_name",
    "来源": "source_name",
    "生效日期": "effective_date",
    "实施日期": "effective_date",
    "废止日期": "expiry_date",
    "失效日期": "expiry_date",
    "生效时间": "effective_date",
    "废止时间": "expiry_date",
    "主题词": None,
    "关键词": None,
    "内容概述": None,
    "日期": None,  # a byline's date (来源：甲市政府网 日期：2017-01-12 17:08): the page's, not the document's
    "归档时间": None,
    "更新日期": None,
    "视力保护色": None,
    "浏览次数": None,
    "阅读次数": None,
    "访问量": None,
    "分享到": None,
    "原文链接": None,
    "检索时间": None,
    "检索关键词": None,
    "体裁分类": None,
    "组配分类": None,
    "服务对象": None,
    "分类": None,
    "更新时间": None,
    "字号": None,
    "统一编号": None,
    "公开方式": None,
}


def _spaced(label: str) -> str:
    """A label pattern that tolerates spaces between its characters (``索 引 号``, ``文  号``)."""
    return r"[ \u3000]{0,3}".join(re.escape(ch) for ch in label)


# A label at a line start or after whitespace, with optional markdown bold and a separator:
#   索 引 号: x   |   **发布日期**: x   |   文  号 通创办发〔2023〕2号   |   发布时间：
_LABEL = compile_pattern(
    r"(?:^|(?<=[\s|│*]))\*{0,2}(?P<label>"
    + "|".join(_spaced(lbl) for lbl in sorted(_LABELS, key=len, reverse=True))
    + r")\*{0,2}(?:[ \t\u3000]{0,4}[:：]|[ \t\u3000]{1,4}|(?=[ \t\u3000]{0,40}$))",
    re.M,
)
# Spaces, bold marks and colons around a label: ``发 布 日 期：`` → ``发布日期``
_LABEL_NOISE = compile_pattern(r"[\s*:：]")
_CELL_BARS = "|│"  # the cell borders of a header row copied from a page table
MAX_FIELD_LINE = 1000  # a header line holds a few label/value pairs; longer lines are body text


@dataclass(slots=True)
class FieldValue:
    """One labelled header value and where it is in the text."""

    value: str
    span: Span


@dataclass(slots=True)
class Header:
    """The labelled fields of a page header and where the header ends."""

    fields: dict[str, FieldValue] = field(default_factory=dict)
    end: int = 0  # end of the last field line read


def strip_span(text: str, start: int, end: int, chars: str = _SPACE) -> Span:
    """``(start, end)`` moved inwards over ``chars``."""
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def label_field(label: str) -> Optional[str]:
    """The field a (possibly spaced) label names, or None for unknown / terminator labels."""
    return _LABELS.get(_LABEL_NOISE.sub("", label))


def field_line_match(text: str, start: int, end: int) -> Optional[re.Match[str]]:
    """The first label match when the line starts with a label."""
    if end - start > MAX_FIELD_LINE:
        return None
    s, _ = strip_span(text, start, end, _DECOR)
    return _LABEL.match(text, s, end)


def read_header(text: str, limit: int, field_lines: Optional[dict[int, re.Match[str]]] = None) -> Header:
    """The labelled fields in ``text[:limit]`` (first non-empty value of each field wins).

    Several label/value pairs may share one line; a value left empty on its line is taken from the
    next non-empty line when that line is not itself a label line.  ``field_lines``: the label match
    of every field line in ``text[:limit]`` by line start, when a scan of the zone already found them.
    """
    header = Header()
    lines = line_spans(text, 0, limit)
    for i, (ls, le) in enumerate(lines):
        first = field_line_match(text, ls, le) if field_lines is None else field_lines.get(ls)
        if first is None:
            continue
        header.end = le
        matches = [first, *_LABEL.finditer(text, first.end(), le)]
        for j, m in enumerate(matches):
            name = label_field(m.group("label"))
            vend = matches[j + 1].start() if j + 1 < len(matches) else le
            vs, ve = _cell_value(text, m.end(), vend)
            if vs >= ve and j + 1 == len(matches) and m.group(0).rstrip().endswith((":", "：")):
                # ``发布时间：`` with its value on a following line (a bare word like 名称 alone on a
                # line is a table cell, not a label)
                vs, ve = _value_on_next_line(text, lines, i)
            if name is None or vs >= ve:
                continue
            if name not in header.fields:
                header.fields[name] = FieldValue(text[vs:ve], (vs, ve))
    return header


def _cell_value(text: str, start: int, end: int) -> Span:
    """The value after a label, up to the next label: spaces and bold marks trimmed, and in a header laid
    out as a table row (``文 号: | 甲府办发〔2022〕10号 | 是否有效: |``) only the cell after the label."""
    vs, ve = strip_span(text, start, end, _SPACE + "*" + _CELL_BARS)
    for bar in _CELL_BARS:
        cut = text.find(bar, vs, ve)
        if cut >= 0:
            ve = strip_span(text, vs, cut, _SPACE + "*")[1]
    return vs, ve


def _value_on_next_line(text: str, lines: list[tuple[int, int]], i: int) -> Span:
    """The next non-empty line within three lines, when it is short and not a label line."""
    for ls, le in lines[i + 1 : i + 4]:
        s, e = strip_span(text, ls, le, _DECOR)
        if s >= e:
            continue
        if e - s > 60 or field_line_match(text, ls, le) or text[e - 1] in ":：":
            return (0, 0)
        return (s, e)
    return (0, 0)


def normalise_label(label: str) -> str:
    """A hint label without spaces and colons (``发 布 日 期：`` → ``发布日期``)."""
    return _LABEL_NOISE.sub("", label)


# --------------------------------------------------------------------------- doc number

# 盘政办发〔2019〕29号, 国发[2021]29号, 沪科合（2025）42号, 通创办发【2023】2号 (any bracket pair)
_DOC_NUMBER = compile_pattern(
    r"(?P<code>[\u4e00-\u9fff]{1,12})[ \u3000]{0,2}[〔\[［(（【﹝]\s{0,2}(?P<year>(?:19|20)\d{2})\s{0,2}"
    r"[〕\]］)）】﹞]\s{0,2}(?:第\s{0,2})?(?P<serial>\d{1,5})\s{0,2}号"
)


@dataclass(slots=True)
class DocNumber:
    """A 发文字号, normalised, with its parts and span."""

    text: str
    parts: DocNumberParts
    span: Span


def _order_number_pattern(gap: str) -> str:
    """The pattern of a 令 number, its parts named, with ``gap`` (a pattern) after the code."""
    return (r"(?P<number>(?P<code>[\u4e00-\u9fff]{2,30}?令)" + gap
            + r"(?:(?P<year>(?:19|20)\d{2})[ \u3000]{0,2}年[ \u3000]{0,2})?"
            r"第[ \u3000]{0,2}(?P<serial>\d{1,5}|[一二三四五六七八九十百千零〇两]{1,8})[ \u3000]{0,2}号)")


# A 令 number (GB/T 9704 §10.2, 命令（令）格式): the organ's order series (code), an optional year and
# the serial, no brackets — 国务院令第746号, 中华人民共和国国务院令 第746号, 交通运输部令2021年第12号,
# 中华人民共和国主席令第三十一号
_ORDER_NUMBER_PARTS = _order_number_pattern(r"[ \t\u3000]{0,3}")
# A value that is only a 令 number: 国务院令第746号 (a labelled 文号 field)
_ORDER_NUMBER = compile_pattern(_ORDER_NUMBER_PARTS)
# A title's closing bracketed 令 number, not after a cited 《》 title: …条例（国务院令第746号）
_TITLE_ORDER_NUMBER = compile_pattern(r"(?<!》)[（(]" + _ORDER_NUMBER_PARTS + r"[）)]$")
# An order's own header: the 发文机关标志 ``XX令`` and the 令号 ``第N号`` on one line or on the next
# (blank lines between allowed): 中华人民共和国国务院令 / 第746号
_ORDER_HEADER = compile_pattern(
    _order_number_pattern(r"[ \t\u3000*]{0,4}(?:\n[ \t\u3000*#]{0,8}){0,3}") + r"[ \t\u3000*]{0,8}$", re.M
)
# A regulation's preamble line naming the order that published it: the bracket, an optional clause
# on its adoption (…通过), an optional date, the 令 number and 公布/发布/颁布:
#   （2021年7月27日中华人民共和国国务院令第746号公布）
#   （2015年12月14日市政府常务会议讨论通过 2016年1月22日广州市人民政府令第135号公布 自…起施行）
_ORDER_PREAMBLE = compile_pattern(
    r"[（(](?:[^（()）\n]{0,80}?(?:通过|批准)[ \t\u3000，,；;]{0,2})?"
    r"(?:[\d〇零○一二三四五六七八九]{4}[ \u3000]{0,2}年[\d一二三四五六七八九十 \u3000]{1,6}月[\d一二三四五六七八九十 \u3000]{1,7}日)?"
    r"[ \u3000]{0,2}" + _ORDER_NUMBER_PARTS + r"[ \u3000]{0,2}(?:公布|发布|颁布)"
)


def parse_doc_number(s: str, offset: int = 0) -> Optional[DocNumber]:
    """The first 发文字号 in ``s``, brackets normalised to 〔〕 (``offset`` shifts the span); failing
    that, a 令 number when ``s`` is only one or a title closes with one in brackets."""
    m = _DOC_NUMBER.search(s)
    if m is not None:
        return _doc_number(m, offset)
    a, b = strip_span(s, 0, len(s), _DECOR)
    order = _ORDER_NUMBER.fullmatch(s, a, b) or _TITLE_ORDER_NUMBER.search(s, a, b)
    return _order_number(order, offset) if order is not None else None


def _doc_number(m: re.Match[str], offset: int = 0) -> DocNumber:
    code, year, serial = m.group("code"), int(m.group("year")), int(m.group("serial"))
    return DocNumber(f"{code}〔{year}〕{serial}号", DocNumberParts(code, year, serial),
                     (m.start() + offset, m.end() + offset))


def _order_serial(written: str) -> Optional[int]:
    """A 令 serial's value: ``746``, ``三十一`` → 31, or digit by digit ``七四六`` → 746."""
    if written.isdecimal():
        return int(written)
    return han_number(written) if any(ch in written for ch in "十百千") else han_digits(written)


def _order_number(m: re.Match[str], offset: int = 0) -> DocNumber:
    """The 令 number a match of one of the order patterns names, spaces dropped (there are no
    brackets to normalise): ``中华人民共和国国务院令 第746号`` → ``中华人民共和国国务院令第746号``."""
    code, year, serial = m.group("code"), m.group("year"), m.group("serial")
    text = f"{code}{year + '年' if year else ''}第{serial}号"
    return DocNumber(text, DocNumberParts(code, int(year) if year else None, _order_serial(serial)),
                     (m.start("number") + offset, m.end("number") + offset))


def _order_number_at(text: str, start: int, end: int, region_end: int) -> Optional[DocNumber]:
    """The document's own 令 number when the stripped line ``text[start:end]`` opens an order's
    header (``XX令`` / ``第N号``, the 令号 line ending before ``region_end``) or is a regulation's
    publishing preamble; a 令 number cited in a sentence is neither."""
    m = _ORDER_HEADER.match(text, start, region_end)
    if m is None:
        m = _ORDER_PREAMBLE.match(text, start, end)
    return _order_number(m) if m is not None else None


ORDER_BODY_REACH = 600  # an order's text (公布 sentence, signer, date) ends within this many characters of its 令号
# The regulation an order publishes, by its book title before or after 公布/发布/颁布:
# 《甲省某某办法》已经…通过，现予公布 / 现发布《某某条例》
_ORDER_PUBLISHES = compile_pattern(
    r"《(?P<before>[^《》\n]{2,80})》[^《。\n]{0,80}?(?:公布|发布|颁布)|(?:公布|发布|颁布)《(?P<after>[^《》\n]{2,80})》"
)


def order_organ(doc_number: str, parts: DocNumberParts) -> Optional[str]:
    """The organ whose order a 令 number is (``国务院令第746号`` → 国务院), None for other doc numbers (a
    bracketed 发文字号 such as ``沈政令〔1997〕29号`` uses 令 in its 代字 only)."""
    code = parts.agency_code or ""
    if "〔" in doc_number or not code.endswith("令"):
        return None
    organ = code[:-1]
    return organ if _ORG_END.search(organ) else None


@dataclass(slots=True)
class Order:
    """An order (令, GB/T 9704 §10.2) heading the text: its 令号, the regulation it publishes and the date
    under its signer."""

    number: DocNumber
    published_title: Optional[TitleBlock]
    date: Optional[tuple[str, Span]]


def read_order(text: str, start: int, end: int) -> Optional[Order]:
    """The order whose header (``X令`` / ``第N号``) opens a line of ``text[start:end]``, if one does."""
    for ls, le in iter_line_spans(text, start, end):
        s, e = strip_span(text, ls, le, _DECOR)
        if s >= e or text.find("令", s, e) < 0:
            continue
        m = _ORDER_HEADER.match(text, s, end)
        if m is None:
            continue
        body_end = min(len(text), m.end() + ORDER_BODY_REACH)
        published = _ORDER_PUBLISHES.search(text, m.end(), body_end)
        title = None
        if published is not None:
            group = "before" if published.group("before") else "after"
            title = TitleBlock(published.group(group), published.span(group), published.group(group))
        return Order(_order_number(m), title, header_date_lines(text, m.end(), body_end))
    return None


def find_doc_number_line(text: str, start: int, end: int) -> Optional[DocNumber]:
    """The first doc number that opens a line (``盘政办发〔2019〕29号`` alone, in brackets, or before a title);
    when no line does, the document's own 令 number (an order's header or a regulation's preamble)."""
    order: Optional[DocNumber] = None
    for ls, le in iter_line_spans(text, start, end):
        s, e = strip_span(text, ls, le, _DECOR)
        m = _DOC_NUMBER.match(text, s, e)
        if m is None and e - s > 2 and text[s] in "（(" and text[e - 1] in "）)":
            m = _DOC_NUMBER.fullmatch(text, *strip_span(text, s + 1, e - 1))  # under a title: （甲政办发〔2007〕22号）
            if m is not None:
                return _doc_number(m)
        if m is None:
            if order is None and text.find("令", s, e) >= 0:
                order = _order_number_at(text, s, e, end)
            continue
        rest = text[m.end() : e].strip(_DECOR)
        if not rest or _TITLE_END.search(rest):  # alone, or followed by the title on the same line
            return _doc_number(m)
    return order


# --------------------------------------------------------------------------- title

# The 文种 that ends a title (GB/T 9704 §7.3.1; 《党政机关公文处理工作条例》 第八条 lists the kinds,
# practice adds the names of enclosed plans and rules), optionally followed by a bracketed note
# such as （试行）, (2016~2018年), （2025-2030年） and by the doc number in brackets.
_DOC_KINDS = (
    r"(?:通知|通报|方案|意见|办法|规定|细则|措施|决定|规划|计划|纲要|指引|指南|条例|批复|公告|通告|报告|"
    r"机制|制度|要点|规则|标准|清单|目录|函|决议|命令|议案|纪要|公报|章程|守则|规程|准则|导则)"
)
# A national law's title, whose 文种 is 法 (every national law is named 中华人民共和国…法: 中华人民共和国预算法)
_NATIONAL_LAW = r"^中华人民共和国[\u4e00-\u9fff、]{1,30}法"
_TITLE_END = compile_pattern(
    r"(?:" + _DOC_KINDS + "|" + _NATIONAL_LAW + r")(?:[（(][^（()）\n]{1,20}[）)])?》?"
    r"(?:[ \u3000]{0,2}[（(][^（()）\n]{0,14}\d{4}[^（()）\n]{0,6}号[）)])?$"
)
# A 文种 anywhere in a line: a line without one (and without emphasis marks, whose removal could
# join one) cannot end a title
_DOC_KIND = compile_pattern(_DOC_KINDS + "|中华人民共和国")
# A line that may be part of a title: Han text with the punctuation titles use, no sentence marks
_TITLE_LINE = compile_pattern(r"[\u4e00-\u9fff“”\"《》〈〉<>（）()、，,—\-～~·+＋%A-Za-z0-9０-９ \u3000\u00a0]{2,100}")
# Site decoration before a page title: 【辽宁省】, 【政策解读】, （转载）
_TITLE_DECOR = compile_pattern(r"^(?:【[^】\n]{1,10}】|[（(\[](?:转载|原创|置顶|荐|推荐|图解|解读)[）)\]])")
# A page's navigation trail, never part of a title: 首页 > 政务公开 > 通知公告, 当前位置：首页 -> 文件
_BREADCRUMB = compile_pattern(r"(?:^|\s)(?:>{1,2}|»|->|—>|＞)(?:\s|$)|^(?:首页|当前位置|您的位置|您现在的位置)")
# A note after a title's 文种 naming what the page appends: 附:修正本, （附：修正本）, 附：修改后的条文
_TRAILING_ANNEX_NOTE = compile_pattern(r"[ \u3000]{0,4}[（(]?附[ \u3000]{0,2}[:：][^（()）\n《》]{1,16}[）)]?$")
# A space between two Han characters (a line break or a page's stray space inside a title)
_HAN_SPACE = compile_pattern(r"(?<=[\u4e00-\u9fff])[ \u3000\u00a0]+(?=[\u4e00-\u9fff])")
# The bracketed doc number some pages append to a title: （沪府办发〔2025〕17号）, （国务院令第746号）
_TRAILING_DOC_NUMBER = compile_pattern(
    r"[ \u3000]{0,2}[（(](?:[^（()）\n]{0,14}\d{4}[^（()）\n]{0,6}号|" + _ORDER_NUMBER_PARTS + r")[）)]$"
)
MAX_TITLE_LINES = 4
# Markdown bold/italic marks around title words: **…**
_EMPHASIS = compile_pattern(r"\*{1,3}")
# The brackets of a book title, kept when splitting: 《 》
_BOOK_BRACKETS = compile_pattern(r"([《》])")
# List bullets: a bulleted line is page navigation or a tag, never part of a title
_BULLETS = "•·▪●◆■-"


@dataclass(slots=True)
class TitleBlock:
    """A title over one or more lines: its joined text and span.

    ``spaced`` keeps the spaces between words, which separate joint organs
    (``甲市财政局 甲市科技局关于…``).
    """

    text: str
    span: Span
    spaced: str = ""


def clean_title(s: str) -> str:
    """A title as one string: decoration, doc-number prefix/suffix and stray spaces removed.

    Spaces between Han characters are removed outside 《》 (inside a book title a space may
    separate its two parts: 《关于进一步深化改革创新 加快科技服务业高质量发展的若干意见》).
    """
    s = s.strip(_DECOR)
    m = _DOC_NUMBER.match(s)
    if m:
        s = s[m.end():].strip(_DECOR)
    s = _unwrapped(_without_annex_note(_TITLE_DECOR.sub("", s).strip(_DECOR)))
    s = _TRAILING_DOC_NUMBER.sub("", s)
    out: list[str] = []
    depth = 0
    for part in _BOOK_BRACKETS.split(s):
        if part == "《":
            depth += 1
        elif part == "》":
            depth = max(0, depth - 1)
        elif depth == 0:
            part = _HAN_SPACE.sub("", part)
        out.append(part)
    return _EMPHASIS.sub("", "".join(out)).strip(_DECOR)


def _without_annex_note(title: str) -> str:
    """A title without the note after its 文种 on what the page appends (``…的决定 附:修正本`` → ``…的决定``)."""
    m = _TRAILING_ANNEX_NOTE.search(title)
    if m is None or not _TITLE_END.search(title, 0, m.start()):
        return title
    return title[: m.start()]


def _unwrapped(title: str) -> str:
    """A title without the 《》 a page wraps the whole of it in (``《甲市关于…的意见》`` → ``甲市关于…的意见``);
    a title quoting two books (``《甲》和《乙》``) keeps them."""
    if title.startswith("《") and title.endswith("》") and title.count("《") == 1 and title.count("》") == 1:
        return title[1:-1]
    return title


def _title_text(text: str, s: int, e: int) -> str:
    """A line's title-relevant text: decoration, doc-number prefix, bold marks, a whole-title 《》 and a
    trailing 附 note removed."""
    line = _EMPHASIS.sub("", text[s:e]).strip(_DECOR)
    m = _DOC_NUMBER.match(line)
    if m:
        line = line[m.end():].strip(_DECOR)
    return _TRAILING_DOC_NUMBER.sub("", _unwrapped(_without_annex_note(_TITLE_DECOR.sub("", line))))


def find_titles(text: str, start: int, end: int) -> list[TitleBlock]:
    """Every title block in ``text[start:end]``: a line ending in a 文种 and the short title-like
    lines right above it (at most one blank line between them; never the 发文机关标志 ``X文件``
    of the 版头, GB/T 9704 §7.2.2)."""
    lines = [(s, e) for s, e in (strip_span(text, ls, le) for ls, le in line_spans(text, start, end))]
    titled: dict[int, str] = {}  # the title text of each line read so far, by line index

    def title_text(k: int) -> str:
        """``_title_text`` of line ``k``, worked out once."""
        if k not in titled:
            titled[k] = _title_text(text, *lines[k])
        return titled[k]

    blocks: list[TitleBlock] = []
    taken = -1
    for i, (s, e) in enumerate(lines):
        if i <= taken or (_DOC_KIND.search(text, s, e) is None and text.find("*", s, e) < 0):
            continue  # _title_text only cuts the line's edges (and drops emphasis marks): no 文种, no title end
        line = title_text(i)
        if not line or not _TITLE_END.search(line) or not _TITLE_LINE.fullmatch(line) or _BREADCRUMB.search(line):
            continue
        if _LABEL.match(text, s, e):
            continue
        first = i
        j = i - 1
        blanks = 0
        while j > taken and i - first < MAX_TITLE_LINES - 1:
            ps, pe = lines[j]
            prev = title_text(j)
            if not prev:
                blanks += 1
                if blanks > 1:
                    break
                j -= 1
                continue
            if (_DOC_NUMBER.match(_EMPHASIS.sub("", text[ps:pe]).strip(_DECOR)) or len(prev) > 40
                    or text[ps] in _BULLETS or text[ps] == "#" or prev.endswith("文件")
                    or title_text(first).startswith(prev)
                    or not _TITLE_LINE.fullmatch(prev) or _TITLE_END.search(prev) or date_only(prev)
                    or _LABEL.match(text, ps, pe) or _BREADCRUMB.search(prev)
                    or (issuer_from_title(title_text(first)) and not is_organ_name(prev))):
                break  # (a title opening with its organ and 关于 is whole: only joint organs' lines stack above it)
            first = j
            blanks = 0
            j -= 1
        parts = [title_text(k) for k in range(first, i + 1)]
        joined = clean_title("".join(p for p in parts if p))
        if len(joined) >= 4:
            span_start = lines[first][0]
            spaced = _TRAILING_DOC_NUMBER.sub("", _TITLE_DECOR.sub("", "".join(p for p in parts if p)))
            blocks.append(TitleBlock(joined, (span_start, e), spaced))
            taken = i
    return blocks


# Title → issuer: the organ before 关于/印发/转发/批转 (``X关于…的通知`` → X)
# (joint organs, separated by spaces, may run to a few hundred characters; each is checked for length)
_ISSUER_IN_TITLE = compile_pattern(r"^(?P<org>[\u4e00-\u9fff（）() ]{2,300}?)(?:关于|印发|转发|批转)")
# A title that is an organ and the 文种 of its announcement, with no 事由 between (GB/T 9704 §7.3.1 allows
# the 事由 to be left out): 甲市人民代表大会常务委员会公告（第7号）, 甲市住房保障办公室通告
_ORGAN_ANNOUNCEMENT = compile_pattern(r"^(?P<org>[\u4e00-\u9fff（）()]{2,40}?)(?:公告|通告)(?:[（(]第?[^（()）\n]{1,12}号[）)])?$")
MAX_ORGAN_NAME = 40  # an organ's name is never longer
# What separates the organs of a labelled 发文机关 value: spaces, 、 or commas
_ORGAN_LIST_GAP = compile_pattern(r"[ \t\u3000\u00a0、，,；;]+")
# What an organ name ends with; guards against taking a phrase for an issuer
_ORG_END = compile_pattern(r"(?:政府|办公厅|办公室|委员会|委|局|厅|部|院|署|会|处|中心|小组|集团|公司|协会|联合会|党委|省委|市委|区委|县委|法院|检察院|队|所|站|馆|校|大学)$")


def is_organ_name(name: str) -> bool:
    """Whether ``name`` reads as the name of one or more organs (``甲市财政局 甲市科技局``), not a web site,
    a person or a phrase (``县政府网站``)."""
    parts = [p for p in _ORGAN_LIST_GAP.split(name.strip()) if p]
    return bool(parts) and all(_reads_as_organ(p) and not names_a_site(p) for p in parts)


def _reads_as_organ(name: str) -> bool:
    """Whether one organ's ``name`` is short enough and ends as an organ's name does (…局, …委员会)."""
    return len(name) <= MAX_ORGAN_NAME and _ORG_END.search(name) is not None


# What a page's 发文机构 field names when it names its own site, not an organ: 县政府网站, 甲市门户网, a URL
_SITE_NAME = compile_pattern(r"(?:网站|网|频道|专栏|平台|客户端)$|https?:|www\.")


def names_a_site(value: str) -> bool:
    """Whether a labelled 发文机关/发文机构 value names a web site rather than the organ that issued the text."""
    return _SITE_NAME.search(value.strip()) is not None


# Where a document's place name ends in its title (甲市…, 甲省乙县…): the shortest run up to an
# administrative unit
_TITLE_PLACE = compile_pattern(r"^[\u4e00-\u9fff]{1,10}?(?:省|自治区|市|自治州|州|盟|区|县|旗)")
# A lower administrative unit inside an organ's name after the title's place: 甲市 + 乙区人民政府丙街道办事处
_LOWER_PLACE = compile_pattern(r"[区县旗]|街道|[镇乡]人民政府")


def issuer_from_source(source: str, title: Optional[str]) -> Optional[str]:
    """The organ a page's 来源/发布机构 field names, when it may have issued the document: an organ of the
    place the title opens with, not of a unit below it (a district's office re-posting a city's rules
    names itself) — a title naming no place leaves the source unused."""
    source = source.strip()
    place = _TITLE_PLACE.match(title or "")
    if place is None or not is_organ_name(source) or not source.startswith(place.group()):
        return None
    return None if _LOWER_PLACE.search(source, place.end()) else source


def issuer_from_title(title: str) -> list[str]:
    """The organ(s) a title names before 关于/印发 (joint organs are separated by spaces), or the organ
    whose 公告/通告 the title names."""
    m = _ISSUER_IN_TITLE.match(title) or _ORGAN_ANNOUNCEMENT.match(title)
    if not m:
        return []
    orgs = [o for o in _ORGAN_GAP.split(m.group("org").strip()) if o]
    if orgs and all(map(_reads_as_organ, orgs)):
        return orgs
    return []


# --------------------------------------------------------------------------- recipients

# The brackets that protect a separator: 市直有关部门(单位), 各县（市、区）政府
_OPEN = "（(〔[［【《<〈"
_CLOSE = "）)〕]］】》>〉"


def split_top_level(s: str, separators: str = "，,") -> list[tuple[int, int]]:
    """Spans of the parts of ``s`` split at ``separators`` outside brackets (stripped, non-empty)."""
    parts: list[tuple[int, int]] = []
    depth = 0
    begin = 0
    for i, ch in enumerate(s):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch in separators and depth == 0:
            parts.append((begin, i))
            begin = i + 1
    parts.append((begin, len(s)))
    out = []
    for a, b in parts:
        while a < b and s[a] in _SPACE:
            a += 1
        while b > a and s[b - 1] in _SPACE:
            b -= 1
        if b > a:
            out.append((a, b))
    return out


# A line break with the indentation around it (a wrapped 主送机关 line)
_LINE_BREAK = compile_pattern(r"[ \t\u3000\u00a0]{0,40}\n[ \t\u3000\u00a0]{0,40}")
# Two Han characters in a row (a line that names something)
_TWO_HAN = compile_pattern(r"[\u4e00-\u9fff]{2}")
# How an addressee ends: an organ, a body of people, a place (主送机关 are organs or groups)
_RECIPIENT_END = compile_pattern(
    r"(?:政府|委员会|委|办|局|厅|部|院|署|会|处|中心|小组|集团|公司|协会|联|单位|部门|机构|企业|学校|高校|园|医院|"
    r"银行|组织|人员|同志|成员|街道|乡镇|镇|村|社区|区|县|市|省|州|旗|盟|党委|党组|支部|网点|市民|居民|群众|职工|各位)$"
)
# A bracketed note after an addressee: 市直有关部门(单位)
_TRAILING_BRACKETS = compile_pattern(r"[（(][^（()）]{1,20}[）)]$")
# A 主送机关 line: organs ending in a colon, no sentence end inside
_RECIPIENTS = compile_pattern(r"[^。；;！？\n]{2,300}?[:：]")


@dataclass(slots=True)
class Recipients:
    """The 主送机关 line split into organs."""

    names: list[str]
    span: Span  # of the whole line


def read_recipients(text: str, start: int, end: int) -> Recipients:
    """The recipients of the line ``text[start:end]`` (trailing colon excluded)."""
    s, e = strip_span(text, start, end, _DECOR)
    body = _LINE_BREAK.sub("", text[s:e]).rstrip(":：")
    return Recipients([body[a:b] for a, b in split_top_level(body)], (s, e))


def is_recipients_line(line: str) -> bool:
    """Whether a (stripped) line reads as a 主送机关 line: organs or groups (各…) ending in a colon,
    not a sentence introducing a list (``现就有关事项通告如下：``)."""
    if not line.endswith((":", "：")) or len(line) > 300 or len(line) < 3:
        return False
    if not _RECIPIENTS.fullmatch(line) or line.startswith(("附件", "附:", "附：")) or not _TWO_HAN.search(line):
        return False
    body = line.rstrip(":：")
    for ga, gb in split_top_level(body):
        group = body[ga:gb]
        pieces = [group[a:b] for a, b in split_top_level(group, "、")]
        if not _is_addressee(pieces[-1]) or not all(_is_addressee(p) or _SHARED_SUFFIX_HEAD.fullmatch(p)
                                                    for p in pieces[:-1]):
            return False
    return True


# A short head that shares the suffix of the last organ of its 、 list: 中央、省属驻市单位 (中央 = 中央驻市单位)
_SHARED_SUFFIX_HEAD = compile_pattern(r"[\u4e00-\u9fff]{2,4}")


def _is_addressee(name: str) -> bool:
    """Whether one 、-separated part of a 主送机关 line names an addressee: a group (各…) or an organ."""
    bare = _TRAILING_BRACKETS.sub("", name)
    return bare.startswith("各") or _RECIPIENT_END.search(bare) is not None


# --------------------------------------------------------------------------- signature

# 附注 after the date: （此件公开发布）, (此件主动公开), （此件不予公开）
_DISCLOSURE = compile_pattern(r"[（(](?P<v>此件[^（()）\n]{1,12})[）)]")
# The same note alone on its line, searched over a whole region at once
_DISCLOSURE_LINE = compile_pattern(r"^[ \t\u3000\u00a0*]{0,40}[（(](?P<v>此件[^（()）\n]{1,12})[）)][ \t\u3000\u00a0*]{0,40}$", re.M)
MAX_ORG_LINE = 40
# The characters of a signing organ's line: Han text, brackets, 、 and spaces between organs
_ORG_CHARS = compile_pattern(r"[\u4e00-\u9fff（）() 、\u3000]+")
# Page footer lines after a signature: link lists, 【原文下载】 tags, markdown rules, bare URLs
# and the 版记 (GB/T 9704 §8: 抄送：…, X 2021年5月21日印发)
_FOOTER_LINE = compile_pattern(
    r"[ \t\u3000]{0,8}(?:[-*•][ \t]{0,3}\[[^\n]{0,300}\]\(|【[^】\n]{1,12}】[ \t\u3000]{0,8}$|[-*_]{3,40}[ \t]{0,8}$"
    r"|\S{0,40}https?://|(?:抄送|分送|抄报)[ \t\u3000]{0,3}[:：]|[^\n]{0,60}印发[ \t\u3000]{0,8}$)"
)
# An organ and the date on one line (a flattened 落款): 盘锦市人民政府办公室  2021年5月21日
_ORG_AND_DATE = compile_pattern(r"(?P<org>[\u4e00-\u9fff（）()]{2,40})[ \t\u3000]{1,40}(?P<date>\S[^\n]{5,20})")
MAX_SIGNATORIES = 8


@dataclass(slots=True)
class Signature:
    """A 落款: organ line(s) and the date line, with the disclosure note after it, if any."""

    organs: list[str]
    organ_spans: list[Span]
    date: Optional[str]
    date_span: Optional[Span]
    start: int
    end: int
    disclosure: Optional[str] = None
    disclosure_span: Optional[Span] = None


def disclosure_at(text: str, start: int, end: int) -> Optional[tuple[str, Span]]:
    """The disclosure note when the line ``text[start:end]`` is only that note."""
    s, e = strip_span(text, start, end, _DECOR)
    m = _DISCLOSURE.fullmatch(text, s, e)
    if m:
        return m.group("v"), m.span("v")
    return None


def _is_org_line(line: str) -> bool:
    """Whether a stripped line may be a signing organ's name."""
    return (2 <= len(line) <= MAX_ORG_LINE and _ORG_CHARS.fullmatch(line) is not None
            and not line.endswith(("通知", "。")) and not line.startswith("特此"))


# Whitespace between two organs written on one 落款 line: 广州市民政局  广州市财政局
_ORGAN_GAP = compile_pattern(r"[ \t\u3000\u00a0]+")


def _organs_in_line(text: str, start: int, end: int) -> list[tuple[str, Span]]:
    """The organs of one 落款 line: split at spaces when every part is an organ name, else one
    organ with stray spaces removed."""
    parts: list[tuple[str, Span]] = []
    pos = start
    for gap in _ORGAN_GAP.finditer(text, start, end):
        parts.append((text[pos : gap.start()], (pos, gap.start())))
        pos = gap.end()
    parts.append((text[pos:end], (pos, end)))
    if len(parts) > 1 and all(_ORG_END.search(name) for name, _ in parts):
        return parts
    return [(_HAN_SPACE.sub("", text[start:end]), (start, end))]


LINES_AFTER_DATE = 3  # lines after a signature's date that signature_ending_at reads (where a 附注 may be)


def signature_ending_at(text: str, lines: Sequence[Span], date_index: int) -> Optional[Signature]:
    """The signature whose date line is ``lines[date_index]``, with the organ lines above it.  A date line
    that gives only the month (``2022年12月``) signs when organ lines stand above it; the signature's
    ``date`` is then None (never guessed) and ``date_span`` says where the month is."""
    ds, de = strip_span(text, *lines[date_index], _DECOR)
    organs: list[str] = []
    spans: list[Span] = []
    iso = date_only(text[ds:de])
    to_month = iso is None and month_only(text[ds:de])
    if iso is None and not to_month:
        m = _ORG_AND_DATE.fullmatch(text, ds, de)
        iso = date_only(m.group("date")) if m else None
        if m is None or iso is None or not _is_org_line(m.group("org")):
            return None
        organs.append(m.group("org"))
        spans.append(m.span("org"))
        ds = m.start("date")
    j = date_index - 1
    while j >= 0 and len(organs) < MAX_SIGNATORIES:
        s, e = strip_span(text, *lines[j], _DECOR)
        if s >= e:
            j -= 1
            continue
        line = text[s:e]
        if not _is_org_line(line) or (to_month and not _ORG_END.search(line)):
            break  # (a month-dated 落款 is read more strictly: only lines that end as organs' names)
        for name, span in reversed(_organs_in_line(text, s, e)):
            organs.insert(0, name)
            spans.insert(0, span)
        j -= 1
    if to_month and not organs:
        return None
    start = spans[0][0] if spans else ds
    sig = Signature(organs, spans, iso, (ds, de), start, de)
    for k in range(date_index + 1, min(len(lines), date_index + 1 + LINES_AFTER_DATE)):
        s, e = strip_span(text, *lines[k], _DECOR)
        if s >= e:
            continue
        found = disclosure_at(text, s, e)
        if found:
            sig.disclosure, sig.disclosure_span = found
            sig.end = e
        break
    return sig


def is_signature_line(text: str, start: int, end: int) -> bool:
    """Whether a stripped line is a 落款 date line (``2021年5月21日``, ``2022年12月``, or an organ and the
    full date)."""
    if date_only(text[start:end]) or month_only(text[start:end]):
        return True
    m = _ORG_AND_DATE.fullmatch(text, start, end)
    return bool(m and date_only(m.group("date")) and _is_org_line(m.group("org")))


def line_spans(text: str, start: int, end: int) -> list[Span]:
    """The lines of ``text[start:end]`` as spans (without newlines); the last one ends at ``end``."""
    return list(iter_line_spans(text, start, end))


def iter_line_spans(text: str, start: int, end: int) -> Iterator[Span]:
    """The lines of ``text[start:end]`` one at a time, for readers that stop after the first few lines."""
    pos = start
    while pos <= end:
        nl = text.find("\n", pos, end)
        if nl < 0:
            yield pos, end
            return
        yield pos, nl
        pos = nl + 1


class LinesFromEnd(Sequence[Span]):
    """``line_spans(text, start, end)``, each line found (from the end upward) when first asked for:
    readers of a region's closing lines never split the whole region."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self._text = text
        self._start = start
        self._count = text.count("\n", start, end) + 1 if start <= end else 0
        self._from_end: list[Span] = []  # the lines read so far, the last one first
        self._next_end = end  # where the line above the ones read ends

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: int) -> Span:  # type: ignore[override]
        if not 0 <= index < self._count:
            raise IndexError(index)
        while len(self._from_end) < self._count - index:
            nl = self._text.rfind("\n", self._start, self._next_end)
            line_start = self._start if nl < 0 else nl + 1
            self._from_end.append((line_start, self._next_end))
            self._next_end = nl
        return self._from_end[self._count - 1 - index]


def find_trailing_signature(text: str, start: int, end: int) -> Optional[Signature]:
    """A signature at the very end of ``text[start:end]`` (the 落款 of a document without a notice)."""
    lines = LinesFromEnd(text, start, end)
    k = len(lines) - 1
    seen = 0
    while k >= 0 and seen < 3:
        s, e = strip_span(text, *lines[k], _DECOR)
        if s >= e or _FOOTER_LINE.match(text, lines[k][0], lines[k][1]) or field_line_match(text, *lines[k]):
            k -= 1
            continue
        seen += 1
        if disclosure_at(text, s, e):
            k -= 1
            continue
        sig = signature_ending_at(text, lines, k)
        if sig is None or not sig.organs or _closes_a_flattened_table(text, lines, k, sig.start):
            return None
        if sig.date is None and not _follows_prose(text, lines, sig.start):
            return None  # a month-only 落款 must close the text's last paragraph, unlike a table's last cells
        return sig
    return None


def _follows_prose(text: str, lines: Sequence[Span], top: int) -> bool:
    """Whether the nearest line above ``top`` (a would-be 落款's first line) that is neither blank nor a
    contact line (``联系电话：0000-1234567``) ends a sentence."""
    j = len(lines) - 1
    while j >= 0 and lines[j][0] >= top:
        j -= 1
    contacts = 0
    for j in range(j, max(-1, j - LINES_ABOVE_SIGNATURE), -1):
        s, e = strip_span(text, *lines[j], _DECOR)
        if s >= e:
            continue
        if text[e - 1] not in _SENTENCE_ENDS and contacts < MAX_CONTACT_LINES and _CONTACT_LINE.fullmatch(text, s, e):
            contacts += 1
            continue
        return text[e - 1] in _SENTENCE_ENDS
    return False


MAX_CONTACT_LINES = 5  # the contact lines (联系人, 联系电话, 通讯地址 …) a 落款 may stand below
LINES_ABOVE_SIGNATURE = 4 + 2 * MAX_CONTACT_LINES  # lines read above a 落款 for the sentence it closes
# A contact line between a text and its 落款: a short label, a colon, a value (联系电话：0000-1234567,
# 通讯地址：甲市乙路1号(邮编:100000), 网址：www.example.gov.cn)
_CONTACT_LINE = compile_pattern(r"[\u4e00-\u9fff ]{1,10}[:：][^\n。]{1,100}")
_SENTENCE_ENDS = "。！!"  # how the paragraph a 落款 closes ends
TABLE_LOOKBACK_LINES = 400  # lines read above a would-be 落款 for the header of a flattened table it would end
MAX_CELL_LINE = 300  # a longer line is a paragraph, not a table cell
# A line that is prose, not a table cell: a sentence or a lead-in ends there
_PROSE_LINE_END = ("。", "；", "：", ":", "！", "？")


def _closes_a_flattened_table(text: str, lines: Sequence[Span], k: int, top: int) -> bool:
    """Whether the would-be 落款 whose top is at ``top`` (its date on line ``k``) is the last row of a table
    flattened one cell per line: the lines above it run back, with no sentence among them, to a 序号 header
    cell (``…2 / 建设算力平台 / 市工业和信息化局 / 2022年12月31日``)."""
    j = k
    while j >= 0 and lines[j][0] > top:
        j -= 1
    for j in range(j - 1, max(-1, j - 1 - TABLE_LOOKBACK_LINES), -1):
        s, e = strip_span(text, *lines[j], _DECOR)
        if s >= e:
            continue
        if is_serial_header(text[s:e]):
            return True
        if text.endswith(_PROSE_LINE_END, s, e) or e - s > MAX_CELL_LINE:
            return False
    return False


OPENING_PART_LINES = 40  # non-empty lines read for a 落款 closing a text's opening part


# The leader who signs an order (GB/T 9704 §10.2: 签发人职务 and name): 省长, 市长 甲某某, 国务院总理 甲某
_LEADER = compile_pattern(r"[\u4e00-\u9fff]{0,12}?(?:省长|市长|县长|区长|州长|盟长|旗长|主席|总理|主任)(?:[ \u3000]{0,4}[\u4e00-\u9fff]{2,4})?")


def find_opening_signature(text: str, start: int, end: int) -> Optional[Signature]:
    """A 落款 closing the opening part of ``text[start:end]``, a text without a covering notice: a 公告 or
    征求意见 note that publishes the document after it (``…现予公布。`` / ``甲省人民代表大会常务委员会`` /
    ``2009年7月22日`` / ``第一章 总则``).  Its organ lines end as organs' names, its date is full, a sentence
    (or contact lines below one) stands right above it, and it closes no flattened table.  An order signed by
    its leader (``省长`` / ``二〇一〇年十二月二十五日``) gives the date and no organ."""
    lines: list[Span] = []
    seen = 0
    for ls, le in iter_line_spans(text, start, end):
        lines.append((ls, le))
        s, e = strip_span(text, ls, le, _DECOR)
        if s >= e:
            continue
        seen += 1
        if seen > OPENING_PART_LINES:
            return None
        if date_only(text[s:e]) is None:
            continue
        k = len(lines) - 1
        sig = signature_ending_at(text, lines, k)
        if (sig is None or not sig.organs or not _follows_prose(text, lines, sig.start)
                or _closes_a_flattened_table(text, lines, k, sig.start)):
            continue
        if all(_LEADER.fullmatch(organ) for organ in sig.organs):
            sig.organs, sig.organ_spans = [], []  # an order signed by its leader (省长 甲某): dated, no organ
            return sig
        if all(_ORG_END.search(organ) for organ in sig.organs):
            return sig
    return None


def find_closing_signature(text: str, start: int, end: int) -> Optional[Signature]:
    """A 落款 among the first lines of ``text[start:end]`` (GB/T 9704 §7.3.5 puts it after the
    附件说明, so it may follow the attachment list rather than the body)."""
    lines = line_spans(text, start, end)
    seen = 0
    for k, (ls, le) in enumerate(lines):
        s, e = strip_span(text, ls, le, _DECOR)
        if s >= e:
            continue
        seen += 1
        if seen > MAX_SIGNATORIES + 1:
            return None
        if is_signature_line(text, s, e):
            sig = signature_ending_at(text, lines, k)
            return sig if sig and sig.organs else None
    return None


# The 公开方式 field of a 附注 or page: 公开方式：主动公开
_OPEN_METHOD = compile_pattern(r"^[ \t\u3000*]{0,8}公开方式[ \t\u3000*]{0,4}[:：][ \t\u3000]{0,4}(?P<v>[\u4e00-\u9fff]{2,10})", re.M)


def find_open_method(text: str, start: int, end: int) -> Optional[tuple[str, Span]]:
    """The value of a ``公开方式：`` line in ``text[start:end]``."""
    if text.find("公开方式", start, end) < 0:
        return None
    m = _OPEN_METHOD.search(text, start, end)
    return (m.group("v"), m.span("v")) if m else None


def find_disclosure(text: str, start: int, end: int) -> Optional[tuple[str, Span]]:
    """The first line in ``text[start:end]`` that is only a disclosure note."""
    if text.find("此件", start, end) < 0:
        return None
    m = _DISCLOSURE_LINE.search(text, start, end)
    return (m.group("v"), m.span("v")) if m else None


# A 题注 under the title of a law, regulation or resolution: its adoption and promulgation in brackets,
# alone on its line (a site may label it 【题注】):
#   （2021年7月27日中华人民共和国国务院令第746号公布）
#   (2001年4月29日某市人民代表大会第四次会议通过 2001年6月3日某省人大常委会第九次会议批准)
_TITLE_NOTE = compile_pattern(r"(?:【题注】[ \t\u3000]{0,3})?[（(][^（()）\n]{6,200}[）)]")
# What a 题注 date dates: the promulgation (公布 …) or, failing one, the adoption (通过 …)
_PROMULGATED = compile_pattern(r"公布|发布|颁布")
_ADOPTED = compile_pattern(r"通过|批准")


# The congress whose meeting adopted a law or regulation, in its 题注's 通过 clause (the term 第N届 is no
# part of the organ's name; the place opens after the date):
#   2010年6月22日甲市第十四届人民代表大会常务委员会第十七次会议通过 → 甲市 + 人民代表大会常务委员会
#   第九届全国人民代表大会常务委员会第十八次会议通过 → 全国 + 人民代表大会常务委员会
_ADOPTING_CONGRESS = compile_pattern(
    r"(?:(?<=日)|(?<![\u4e00-\u9fff]))(?P<place>(?![年月日])[\u4e00-\u9fff]{0,12}?)第[一二三四五六七八九十]{1,3}届"
    r"(?P<national>全国)?(?P<body>人民代表大会(?:常务委员会)?)第[一二三四五六七八九十百]{1,4}次(?:全体)?会议[^（()）]{0,6}?通过"
)


def _title_note_lines(text: str, start: int, end: int) -> Iterator[Span]:
    """The (stripped) 题注 lines of ``text[start:end]``."""
    for ls, le in iter_line_spans(text, start, end):
        s, e = strip_span(text, ls, le, _DECOR)
        if s < e and text[e - 1] in "）)" and _TITLE_NOTE.fullmatch(text, s, e) is not None:
            yield s, e


def find_title_note_organ(text: str, start: int, end: int) -> Optional[tuple[str, Span]]:
    """The congress that adopted a law or regulation, by the 通过 clause of the first 题注 line in
    ``text[start:end]`` that names one (``甲市第十四届人民代表大会常务委员会第十七次会议通过`` →
    ``甲市人民代表大会常务委员会``), and the span of its words."""
    for s, e in _title_note_lines(text, start, end):
        m = _ADOPTING_CONGRESS.search(text, s, e)
        if m is not None:
            organ = m.group("place") + (m.group("national") or "") + m.group("body")
            return organ, (m.start("place"), m.end("body"))
    return None


def find_title_note_date(text: str, start: int, end: int) -> Optional[tuple[str, Span]]:
    """The date of the first dated 题注 line in ``text[start:end]`` (GB/T 9704 §7.3.1: a 决议 or 决定 adopted
    by a meeting dates itself there, as regulations date their promulgation): the date of its 公布/发布/颁布
    clause, else of its first 通过/批准 clause."""
    for s, e in _title_note_lines(text, start, end):
        dates = list(find_dates(text, s, e))
        adopted: Optional[tuple[str, Span]] = None
        for i, (iso, span) in enumerate(dates):
            clause_end = dates[i + 1][1][0] if i + 1 < len(dates) else e  # the words up to the next date
            if _PROMULGATED.search(text, span[1], clause_end):
                return iso, span
            if adopted is None and _ADOPTED.search(text, span[1], clause_end):
                adopted = (iso, span)
        if adopted is not None:
            return adopted
    return None


def header_date_lines(text: str, start: int, end: int) -> Optional[tuple[str, Span]]:
    """The first line of ``text[start:end]`` that is only a date (a page's unlabelled 发布日期)."""
    for ls, le in iter_line_spans(text, start, end):
        s, e = strip_span(text, ls, le, _DECOR)
        iso = date_only(text[s:e]) if s < e else None
        if iso:
            return iso, (s, e)
    return None


def field_date(value: str) -> Optional[str]:
    """A header field's date (``2023-03-28 10:28`` → ``2023-03-28``)."""
    return parse_date(value)
