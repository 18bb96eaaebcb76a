"""HTML reader: a government web page → the document's text, offsets and hints.

Steps:

1. Parse the decoded page with lxml's HTML parser (no network, recovering,
   no huge trees: libxml2's depth/text-size limits are refusals, not silent
   truncation); refuse pages with more than ``MAX_ELEMENTS`` elements.  Early
   ``</html>``/``</body>`` tags (pages that include a whole header page) are
   blanked before parsing, as libxml2 would drop everything after them.
2. Locate every text node in the source: a linear tokenizer splits the source
   into markup and text runs (comments, ``<script>``/``<style>`` bodies are
   markup); text nodes are matched to runs in document order, entities and
   ``\r\n`` becoming whole-mapped segs (see ``textblocks.Seg``).
3. Cut the visible page into blocks (paragraph-level lines); hidden elements
   (``display:none``, ``hidden``), scripts, forms and comments are dropped.
4. Find the main body by content signals only: every block scores its Han
   characters when it reads like prose (sentence punctuation or a heading
   marker such as 一、（一）第一条) or is a line of the title; link text costs
   its length and other short lines a little.  The element whose blocks sum
   to the highest score is the body, widened to its parent while that adds no
   link text and costs little (signatures, dates, tables around the prose).
   No site-specific selector is used.  Share/print/font-size widgets and
   link lists inside the body are dropped; attachment links after the body
   (a 相关附件 box) are kept.
5. The page head (everything before the body's first prose line): the title
   block (matched against ``<meta name=ArticleTitle>`` or ``<title>``) and the
   metadata fields (``label：value`` runs in tables, lists or bylines) are
   written as lines (``索引号：…``) where they stand in the page, so the text
   segmenter sees what a text copy of the page shows; the fields are also
   returned as ``hints.metadata_fields`` with the span of their value.
6. Data tables in the body (≥ 2 rows, ≥ 2 columns, no nested table, no
   page-long cell) are written one source cell per line and returned as
   ``Table`` hints with merged cells expanded; attachment links
   (.doc/.docx/.pdf/.xls/.xlsx/.wps/.zip/.rar/.ofd …, in the href, a
   ``filename=`` parameter or the link text) become ``Link`` hints,
   de-duplicated by href.

Metadata labels and the field names they map to (``LABEL_FIELDS``):
索引号→index_number, 发文机关/发布机关/发文单位/发文机构/发文部门→issuer, 发布机构→publisher
(on portals this is often the re-posting office, not the issuer),
成文日期/成文时间→issue_date, 文号/发文字号/发文文号→doc_number,
主题分类/分类/组配分类→category, 发布日期/发布时间/发表时间/时间→publish_date,
公文时效/时效性/有效性/文件状态→validity, 标题/名称/文件名称→title,
实施日期/生效日期→effective_date, 失效日期/废止日期→expiry_date,
信息来源/来源/文章来源→source_name, 公开方式→disclosure, 统一编号→unified_number,
主题词→keywords.  Meta tags: ArticleTitle→title, PubDate/firstpublishedtime→
publish_date, ContentSource→source_name.

Lines are separated by a blank line; the lines of one table cell by a single
line break.
"""

from __future__ import annotations

import html as htmllib
import re
from dataclasses import field
from typing import Iterator, Optional
from urllib.parse import parse_qs, unquote, urlsplit

from lxml import etree
from lxml import html as lxml_html

from ..cache import compile_pattern, dataclass
from ..model import ParseWarning, PolicyParseError, Table
from . import Link, ReadResult, SegmentHints
from .textblocks import (
    Seg,
    TextBuilder,
    collapse_whitespace,
    drop_spaces,
    expand_grid,
    join_cell_lines,
    segs_text,
    strip_segs,
    table_from_grid,
)

MAX_ELEMENTS = 200_000
MAX_DATA_CELL_CHARS = 1_500

# markup in the source: comments, CDATA, doctype/declarations, processing instructions, tags
# (matches "<!-- x -->", "<![CDATA[x]]>", "<!DOCTYPE html>", "<?xml ?>", '<a href="x>y">', "</p>")
_MARKUP = compile_pattern(
    r"<!--.*?(?:-->|\Z)"
    r"|<!\[CDATA\[.*?(?:\]\]>|\Z)"
    r"|<![^>]*+>?"
    r"|<\?[^>]*+>?"
    r"|</?([A-Za-z][^\s/>]*+)(?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+>",
    re.S,
)
# the end of a raw-text element body (matches "</script >", "</STYLE>")
_RAW_END = {
    "script": compile_pattern(r"</script\s*>", re.I),
    "style": compile_pattern(r"</style\s*>", re.I),
}
# end tags of the whole document (matches "</html>", "</BODY >")
_DOC_END_TAG = compile_pattern(r"</(?:html|body)\s*>", re.I)
# character references and line breaks libxml2 rewrites (matches "&nbsp;", "&#12290;", "&#x3000;", "&amp", "\r\n")
_ENTITY_OR_CR = compile_pattern(r"&(?:#[0-9]{1,8};?|#[xX][0-9a-fA-F]{1,7};?|[A-Za-z][A-Za-z0-9]{0,31};?)|\r\n?")
# any whitespace (for comparing texts regardless of layout)
_ANY_WS = compile_pattern(r"\s+")
# inline CSS that hides an element and its children (matches "display: none", "DISPLAY:NONE");
# visibility:hidden is not used: children may override it and pages hide <body> until scripts run
_HIDDEN_STYLE = compile_pattern(r"display\s*:\s*none", re.I)
# a Han character
_HAN = compile_pattern(r"[\u3400-\u9fff\uf900-\ufaff]")
# sentence punctuation that prose has and menus/footers rarely have
_PROSE_PUNCT = compile_pattern(r"[，。；！？]")
# a heading marker at the start of a line (matches "一、", "（三）", "3.", "第二条", "第一章")
_HEADING_MARKER = compile_pattern(
    r"^(?:[一二三四五六七八九十百]{1,4}[、．.]|[（(][一二三四五六七八九十]{1,3}[)）]|\d{1,3}[.．、]|"
    r"第[一二三四五六七八九十百零〇\d]{1,6}[章节条部分])"
)
# an attachment file name (matches "附件1.docx", "x.PDF", "y.xls?", "z.rar")
_ATTACHMENT_EXT = compile_pattern(r"\.(?:docx?|pdf|xlsx?|wps|et|zip|rar|7z|ofd|txt|csv|pptx?)$", re.I)
# page widgets on a short line (matches "分享到：", "【打印】", "字号：大 中 小", "扫一扫在手机打开当前页",
# "浏览次数： - 分享", "相关新闻", "A+大 A+中 A+小", "-次")
_WIDGET_LINE = compile_pattern(
    r"分享|打印|字号|字体[:：]|扫一扫|当前页$|浏览次数|浏览量|阅读次数|访问量|收藏|关闭窗口|当前位置|"
    r"相关(?:新闻|附件|稿件|链接|文章|阅读|文件)$|A\+|^[-—]?\s{0,2}次$"
)
# link text that names no file (matches "下载", "点击下载", "查看附件", "附件下载")
_GENERIC_LINK_TEXT = compile_pattern(r"^(?:点击)?(?:下载|查看|打开|预览|附件)(?:附件|下载|文件)?$")
# a link label naming no file beyond its number or a stored file's code (matches "附件3.doc", "附件 2",
# "10777181.docx", "be5f1a4be0294db7.pdf", "附件.pdf")
_UNNAMED_FILE = compile_pattern(
    r"(?:附[件表][ \t]{0,2}[\d一二三四五六七八九十]{0,3}[ \t]{0,2}[:：.．、\-—_]?[ \t]{0,2})?[0-9A-Fa-f_\-]{0,64}"
    r"(?:\.[A-Za-z0-9]{1,5})?"
)
# the <a> attributes a site writes a file's name in
_NAMING_ATTRIBUTES = ("title", "download", "alt")
# a letter, digit or Han character (lines without any are separators such as "-", "|")
_WORD_CHAR = compile_pattern(r"[0-9A-Za-z\u3400-\u9fff\uff10-\uff19]")
# where a metadata value ends: the next label-like run after a non-Han character, or page
# chrome words (matches " 浏览次数：", "浏览字号", "【打印】", "分享到")
_VALUE_END = compile_pattern(
    r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff]{2,6}[ \u3000]{0,2}[:：]|[【\[]|浏览|字号|点击|阅读|访问量|分享到|打印|关闭"
)

# visible-metadata labels → hint field names (see module docstring)
LABEL_FIELDS: dict[str, str] = {
    "索引号": "index_number",
    "发文机关": "issuer",
    "发布机关": "issuer",
    "发文单位": "issuer",
    "发文机构": "issuer",
    "发文部门": "issuer",
    "发布机构": "publisher",
    "成文日期": "issue_date",
    "成文时间": "issue_date",
    "文号": "doc_number",
    "发文字号": "doc_number",
    "发文文号": "doc_number",
    "主题分类": "category",
    "分类": "category",
    "组配分类": "category",
    "发布日期": "publish_date",
    "发布时间": "publish_date",
    "发表时间": "publish_date",
    "时间": "publish_date",  # a byline's bare 时间： (only read in the page head, before the body's prose)
    "公文时效": "validity",
    "时效性": "validity",
    "有效性": "validity",
    "文件状态": "validity",
    "标题": "title",
    "名称": "title",
    "文件名称": "title",
    "实施日期": "effective_date",
    "生效日期": "effective_date",
    "失效日期": "expiry_date",
    "废止日期": "expiry_date",
    "信息来源": "source_name",
    "来源": "source_name",
    "文章来源": "source_name",
    "公开方式": "disclosure",
    "统一编号": "unified_number",
    "主题词": "keywords",
}
# <meta name=…> → hint field names (lower-cased names)
META_FIELDS: dict[str, str] = {
    "articletitle": "title",
    "pubdate": "publish_date",
    "firstpublishedtime": "publish_date",
    "contentsource": "source_name",
}


def _label_pattern(label: str) -> str:
    """A label allowing layout spaces between its characters ("文　号", "索 引 号")."""
    return r"[ \u3000\u00a0]{0,3}".join(re.escape(ch) for ch in label)


_LABEL_ALTS = "|".join(_label_pattern(l) for l in sorted(LABEL_FIELDS, key=len, reverse=True))
# a block that is only a label (matches "索引号：", "文　号", "成文日期:")
_LABEL_ONLY = compile_pattern(rf"^({_LABEL_ALTS})[ \u3000\u00a0]{{0,3}}[:：]?$")
# a label followed by a colon inside a line (matches "发布时间：", "文　号：")
_LABEL_COLON = compile_pattern(rf"(?<![\u4e00-\u9fff])({_LABEL_ALTS})[ \u3000\u00a0]{{0,3}}[:：]")

BLOCK_TAGS = frozenset(
    "address article aside blockquote body center dd details dialog dir div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu nav ol p pre section summary "
    "table tbody thead tfoot tr td th caption ul".split()
)
SKIP_TAGS = frozenset(
    "script style noscript template iframe frame frameset object embed svg math select option button input "
    "textarea head title map area audio video canvas".split()
)
HEADING_TAGS = frozenset("h1 h2 h3 h4 h5 h6".split())


# ------------------------------------------------------------------ parsing


def _parse(source_text: str, path: Optional[str]) -> etree._Element:
    """Parse the page safely (no network, no entity loading, no huge trees)."""
    parser = lxml_html.HTMLParser(
        encoding="utf-8", no_network=True, recover=True, huge_tree=False, remove_comments=False, remove_pis=False
    )
    name = path or "<html>"
    # libxml2 stops reading at an early </html> (pages that include a whole header page); drop those end tags
    markup = _DOC_END_TAG.sub(" ", source_text)
    try:
        root = lxml_html.document_fromstring(markup.encode("utf-8", "surrogatepass"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError, UnicodeError) as exc:
        raise PolicyParseError("unreadable", f"{name}: not readable as HTML ({(str(exc).strip().splitlines() or ['empty'])[0]})") from None
    limit = next((e for e in parser.error_log if e.type_name == "ERR_RESOURCE_LIMIT"), None)
    if limit is not None:  # too deep or a too long text node; the rest of the page would be lost
        reason = (limit.message or "resource limit").strip().splitlines()[0]
        raise PolicyParseError("too_complex", f"{name}: HTML beyond the parser's safety limits ({reason})")
    count = 0
    for _ in root.iter():
        count += 1
        if count > MAX_ELEMENTS:
            raise PolicyParseError("too_complex", f"{name}: more than {MAX_ELEMENTS} HTML elements")
    return root


def _text_runs(source: str) -> list[tuple[int, int]]:
    """``[start, end)`` of every run of text between markup, outside comments, scripts and styles."""
    runs: list[tuple[int, int]] = []
    pos = 0
    n = len(source)
    while pos < n:
        lt = source.find("<", pos)
        if lt < 0:
            runs.append((pos, n))
            break
        m = _MARKUP.match(source, lt)
        if m is None:
            # a "<" that starts no markup is text; keep scanning after it
            nxt = source.find("<", lt + 1)
            end = n if nxt < 0 else nxt
            runs.append((pos, end))
            pos = end
            continue
        if lt > pos:
            runs.append((pos, lt))
        pos = m.end()
        name = (m.group(1) or "").lower()
        if name in _RAW_END and not m.group().startswith("</") and not m.group().endswith("/>"):
            end_m = _RAW_END[name].search(source, pos)
            pos = end_m.start() if end_m else n
    # merge runs split by a lone "<" so they match libxml2's text nodes
    merged: list[tuple[int, int]] = []
    for run in runs:
        if merged and merged[-1][1] == run[0]:
            merged[-1] = (merged[-1][0], run[1])
        else:
            merged.append(run)
    return merged


def _unescape_segs(source: str, start: int, end: int) -> list[Seg]:
    """The segs of a text run: literal stretches 1:1, each entity or CR LF as one whole-mapped seg."""
    segs: list[Seg] = []
    pos = start
    for m in _ENTITY_OR_CR.finditer(source, start, end):
        raw = m.group()
        decoded = "\n" if raw[0] == "\r" else htmllib.unescape(raw)
        if decoded == raw:
            continue
        if m.start() > pos:
            segs.append(Seg(source[pos : m.start()], pos, m.start() - pos))
        segs.append(Seg(decoded, m.start(), len(raw)))
        pos = m.end()
    if pos < end:
        segs.append(Seg(source[pos:end], pos, end - pos))
    return segs


def _slice_segs(segs: list[Seg], i: int, j: int) -> list[Seg]:
    """The segs covering output characters ``[i, j)``."""
    out: list[Seg] = []
    pos = 0
    for seg in segs:
        a, b = pos, pos + len(seg.text)
        pos = b
        if b <= i or a >= j:
            continue
        out.append(seg.slice(max(i, a) - a, min(j, b) - a))
    return out


class _Locator:
    """Matches lxml text nodes, in document order, to text runs of the source."""

    LOOKAHEAD = 64

    def __init__(self, source: str) -> None:
        self.source = source
        self.runs = _text_runs(source)
        self._decoded: dict[int, tuple[list[Seg], str]] = {}
        self._run = 0
        self._offset = 0  # characters of the current run already used
        self.misses = 0

    def _run_text(self, k: int) -> tuple[list[Seg], str]:
        """The segs of run ``k`` and their text (memoised)."""
        hit = self._decoded.get(k)
        if hit is None:
            segs = _unescape_segs(self.source, *self.runs[k])
            hit = (segs, segs_text(segs))
            self._decoded[k] = hit
        return hit

    def locate(self, text: str) -> list[Seg]:
        """Segs for one text node (whitespace-only nodes map to nothing)."""
        key = text.strip()
        if not key:
            return []
        last = min(len(self.runs), self._run + self.LOOKAHEAD)
        for k in range(self._run, last):
            segs, decoded = self._run_text(k)
            start_at = self._offset if k == self._run else 0
            j = decoded.find(key, start_at)
            if j >= 0:
                self._run, self._offset = k, j + len(key)
                lead = len(text) - len(text.lstrip())
                i0 = j - lead if decoded[max(0, j - lead) : j] == text[:lead] and j >= lead else j
                i1 = j + len(key)
                trail = len(text) - len(text.rstrip())
                if decoded[i1 : i1 + trail] == text[len(text) - trail :]:
                    i1 += trail
                return _slice_segs(segs, i0, i1)
        # layout differs (libxml2 merged or split runs): compare without whitespace, map whole runs
        compact = _ANY_WS.sub("", key)
        for k in range(self._run, last):
            decoded = self._run_text(k)[1]
            if compact[:16] and compact[:16] in _ANY_WS.sub("", decoded):
                start, end = self.runs[k]
                self._run, self._offset = k + 1, 0
                return [Seg(text, start, end - start)]
        self.misses += 1
        at = self.runs[self._run][0] if self._run < len(self.runs) else len(self.source)
        return [Seg(text, at, 0)]


# ------------------------------------------------------------------ blocks


@dataclass(slots=True)
class _Block:
    """One visible line of the page: its segs, its block element and the table cell holding it."""

    segs: list[Seg]
    owner: etree._Element
    cell: Optional[etree._Element]
    index: int = 0
    text: str = ""
    link_chars: int = 0
    score: float = 0.0
    title_part: bool = False


@dataclass(slots=True)
class _Page:
    """Visible blocks of a page in document order, with what the walk noted on the way."""

    blocks: list[_Block] = field(default_factory=list)
    links: list[tuple[etree._Element, int]] = field(default_factory=list)  # (a element, block index)
    order: dict[etree._Element, int] = field(default_factory=dict)  # element → document position
    subtree_end: dict[etree._Element, int] = field(default_factory=dict)
    data_tables: dict[etree._Element, bool] = field(default_factory=dict)
    attachment_links: dict[etree._Element, bool] = field(default_factory=dict)


def _walk_events(root: etree._Element) -> Iterator[tuple[str, etree._Element]]:
    """("start", el) / ("end", el) events in document order, comments included."""
    stack: list[tuple[etree._Element, Iterator[etree._Element]]] = [(root, iter(root))]
    yield "start", root
    while stack:
        el, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            yield "end", el
            continue
        yield "start", child
        if isinstance(child.tag, str):
            stack.append((child, iter(child)))
        else:
            yield "end", child


def _is_hidden(el: etree._Element) -> bool:
    """True for elements a browser would not show."""
    if el.tag in ("html", "body"):
        return False
    style = el.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    return el.get("hidden") is not None


def _collect(root: etree._Element, locator: _Locator) -> _Page:
    """Locate every text node and cut the visible body into blocks."""
    page = _Page()
    pending: list[Seg] = []
    block_stack: list[etree._Element] = [root]
    cell_stack: list[Optional[etree._Element]] = [None]
    link_stack: list[Optional[etree._Element]] = [None]
    hidden_depth = 0  # > 0 inside a skipped subtree
    position = 0

    def flush() -> None:
        nonlocal pending
        segs = collapse_whitespace(pending)
        pending = []
        if segs:
            block = _Block(segs=segs, owner=block_stack[-1], cell=cell_stack[-1], index=len(page.blocks))
            block.text = segs_text(segs)
            block.link_chars = sum(len(s.text) for s in segs if s.tag is not None)
            page.blocks.append(block)

    def add_text(text: Optional[str]) -> None:
        if not text:
            return
        segs = locator.locate(text)
        if hidden_depth:
            return
        if segs:
            link = link_stack[-1]
            pending.extend(segs if link is None else [Seg(s.text, s.start, s.length, link) for s in segs])
        elif pending:
            # layout whitespace between inline elements: collapse_whitespace turns it into a space
            pending.append(Seg(" ", pending[-1].start + pending[-1].length, 0))

    for event, el in _walk_events(root):
        tag = el.tag if isinstance(el.tag, str) else None
        if event == "start":
            position += 1
            page.order[el] = position
            if tag is None:  # comment or processing instruction: hidden, only its tail counts
                continue
            name = tag.lower()
            skip = name in SKIP_TAGS or _is_hidden(el)
            if hidden_depth or skip:
                hidden_depth += 1
                if name not in ("script", "style"):
                    # keep the locator in step with the source
                    locator.locate(el.text or "")
                continue
            if name in BLOCK_TAGS or name == "br":
                flush()
            if name in BLOCK_TAGS:
                block_stack.append(el)
                cell_stack.append(el if name in ("td", "th") else cell_stack[-1])
            if name == "a":
                link_stack.append(el)
                page.links.append((el, len(page.blocks)))
            add_text(el.text)
        else:
            page.subtree_end[el] = position
            if tag is not None:
                name = tag.lower()
                if hidden_depth:
                    hidden_depth -= 1
                else:
                    if name in BLOCK_TAGS:
                        flush()
                        block_stack.pop()
                        cell_stack.pop()
                    if name == "a":
                        link_stack.pop()
            add_text(el.tail)
    flush()
    return page


# ------------------------------------------------------------------ main body


def _block_score(block: _Block, in_data_table: bool) -> float:
    """How much a block looks like document prose (positive) or page chrome (negative).

    Prose (a heading marker or sentence punctuation) scores its Han characters;
    link text costs its length; other short lines cost a little (cells of data
    tables nothing: short cells are normal in a document's tables).
    """
    text = block.text
    own = "".join(s.text for s in block.segs if s.tag is None)
    han = len(_HAN.findall(own))
    score = -float(block.link_chars)
    if block.title_part or (han >= 6 and (_PROSE_PUNCT.search(own) or _HEADING_MARKER.match(own))):
        score += han
    elif own and not in_data_table:
        score -= 0.1 * len(own)
    if len(text) > 0 and block.link_chars > 0.5 * len(text):
        score -= 2
    return score


def _mark_title_parts(blocks: list[_Block], candidates: list[str]) -> None:
    """Flag blocks that are the title or a line of it (titles broken by <br> still count as the body's)."""
    keys = [_compact(c) for c in candidates if c]
    for block in blocks:
        text = _compact(block.text)
        if len(text) >= 6 and block.link_chars == 0 and any(text in key or key in text and len(key) >= 0.8 * len(text) for key in keys):
            block.title_part = True


def _choose_body(page: _Page) -> Optional[etree._Element]:
    """The element whose blocks add up to the best prose score, widened over quiet surroundings.

    After the best element is found, its parent is taken instead while what
    the parent adds has no link text and costs little (at most 5 % of the
    score): signatures, dates and tables around the prose belong to it.
    """
    totals: dict[etree._Element, float] = {}
    links: dict[etree._Element, int] = {}
    for block in page.blocks:
        block.score = _block_score(block, _data_table_of(block, page) is not None)
        el: Optional[etree._Element] = block.owner
        while el is not None:
            totals[el] = totals.get(el, 0.0) + block.score
            links[el] = links.get(el, 0) + block.link_chars
            el = el.getparent()
    best: Optional[etree._Element] = None
    best_score = 0.0
    for el, score in totals.items():
        if score > best_score + 1e-9 or (best is not None and abs(score - best_score) <= 1e-9 and _contains(best, el, page)):
            best, best_score = el, score
    while best is not None:
        parent = best.getparent()
        if parent is None or parent not in totals:
            break
        added_links = links[parent] - links[best]
        added_score = totals[parent] - totals[best]
        if added_links > 0 or added_score < -max(10.0, 0.05 * best_score):
            break
        best = parent
    return best


def _contains(outer: etree._Element, inner: etree._Element, page: _Page) -> bool:
    """True when ``inner`` is ``outer`` or inside it."""
    a = page.order.get(outer, 0)
    return a <= page.order.get(inner, -1) <= page.subtree_end.get(outer, -1)


# ------------------------------------------------------------------ title and metadata


def _meta_fields(root: etree._Element) -> dict[str, str]:
    """Hint fields from ``<meta name=… content=…>`` tags."""
    fields: dict[str, str] = {}
    for meta in root.iter("meta"):
        name = (meta.get("name") or "").strip().lower()
        content = _ANY_WS.sub(" ", meta.get("content") or "").strip()
        key = META_FIELDS.get(name)
        if key and content and key not in fields:
            fields[key] = content
    return fields


def _title_candidates(root: etree._Element, meta: dict[str, str]) -> list[str]:
    """Possible document titles: the ArticleTitle meta, then the parts of ``<title>``."""
    out: list[str] = []
    if meta.get("title"):
        out.append(meta["title"])
    for t in root.iter("title"):
        whole = _ANY_WS.sub("", t.text_content() or "")
        parts = sorted(re.split(r"[-_|－—–]{1,2}", whole), key=len, reverse=True)
        out.extend(p for p in parts if len(_HAN.findall(p)) >= 6)
        break
    return out


def _compact(text: str) -> str:
    return _ANY_WS.sub("", text).replace("\u3000", "")


def _find_title_block(blocks: list[_Block], candidates: list[str]) -> Optional[_Block]:
    """The block that shows the whole title (the last such block of the page head)."""
    found: Optional[_Block] = None
    keys = [_compact(c) for c in candidates if c]
    for block in blocks:
        text = _compact(block.text)
        if len(text) < 6 or block.link_chars > len(block.text) // 2:
            continue
        if any(text == key or (key in text and len(key) >= 0.8 * len(text)) or (text in key and len(text) >= 0.8 * len(key)) for key in keys):
            found = block
    return found


@dataclass(slots=True)
class _Field:
    """One visible metadata field: its label and value segs, and the blocks it was read from."""

    name: str
    label: list[Seg]
    value: list[Seg]
    blocks: tuple[int, ...] = ()


def _split_label_runs(block: _Block) -> list[_Field]:
    """``label：value`` runs inside one line (a byline or a list item)."""
    text = block.text
    matches = list(_LABEL_COLON.finditer(text))
    fields: list[_Field] = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        other = _VALUE_END.search(text, m.end(), end)
        if other is not None:
            end = other.start()
        value = strip_segs(_slice_segs(block.segs, m.end(), end))
        name = LABEL_FIELDS[_compact(m.group(1))]
        if value and not any(s.tag is not None for s in value):
            label = drop_spaces(_slice_segs(block.segs, m.start(1), m.end(1)))
            fields.append(_Field(name, label, value, (block.index,)))
    return fields


def _value_block(label: _Block, nxt: Optional[_Block], page: _Page) -> bool:
    """True when ``nxt`` is the value cell/item of a label-only block (same row or list item)."""
    if nxt is None or len(nxt.text) > 200 or nxt.link_chars:
        return False
    if _LABEL_ONLY.match(nxt.text) or _LABEL_COLON.match(nxt.text):
        return False
    parent = label.owner.getparent()
    return parent is not None and _contains(parent, nxt.owner, page)


def _metadata_fields(blocks: list[_Block], page: _Page) -> tuple[list[_Field], set[int]]:
    """Visible metadata fields in the page head (tables, lists, bylines), and the blocks they use.

    A field seen twice (the byline repeating the table's 发布日期) keeps its
    first value; the repeating block is used up all the same.
    """
    fields: list[_Field] = []
    used: set[int] = set()
    seen: set[str] = set()
    i = 0
    while i < len(blocks):
        block = blocks[i]
        found: list[_Field] = []
        m = _LABEL_ONLY.match(block.text)
        if m is not None:
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            if nxt is not None and _value_block(block, nxt, page):
                name = LABEL_FIELDS[_compact(m.group(1))]
                label = drop_spaces(_slice_segs(block.segs, m.start(1), m.end(1)))
                found.append(_Field(name, label, nxt.segs, (block.index, nxt.index)))
                i += 1
        elif len(block.text) <= 300 and block.link_chars < len(block.text):
            found = _split_label_runs(block)
        for f in found:
            used.update(f.blocks)
            if f.name not in seen:
                seen.add(f.name)
                fields.append(f)
        i += 1
    return fields, used


# ------------------------------------------------------------------ tables


def _table_rows(table: etree._Element) -> list[etree._Element]:
    """The table's own rows (not those of nested tables)."""
    return [r for r in table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")]


def _is_data_table(table: etree._Element) -> bool:
    """A real table: at least two rows and two columns, no nested table, no page-long cell.

    Pages laid out with tables put whole articles in one cell; a cell of more
    than ``MAX_DATA_CELL_CHARS`` characters marks such a layout table.
    """
    if table.find(".//table") is not None:
        return False
    rows = _table_rows(table)
    if len(rows) < 2 or not any(len(r.xpath("./td|./th")) >= 2 for r in rows):
        return False
    return all(len(cell.text_content()) <= MAX_DATA_CELL_CHARS for r in rows for cell in r.xpath("./td|./th"))


def _span_attr(el: etree._Element, name: str) -> int:
    try:
        return max(1, min(1000, int((el.get(name) or "1").strip() or 1)))
    except ValueError:
        return 1


# ------------------------------------------------------------------ links


def _address_names(href: str) -> Optional[tuple[str, str, list[str]]]:
    """A link address's scheme, the name ending its path and the names ending its query values (unquoted:
    ``/f/391047bd.doc?showname=附件2名单.doc`` → ``391047bd.doc``, [``附件2名单.doc``]); None when unparsable."""
    try:
        parts = urlsplit(href.strip())
    except ValueError:
        return None
    query_names = [unquote(v).rsplit("/", 1)[-1] for values in parse_qs(parts.query).values() for v in values]
    return parts.scheme, unquote(parts.path.rsplit("/", 1)[-1]), query_names


def attachment_name(href: str, text: str) -> Optional[str]:
    """The file name when a link points to an attachment file, else None."""
    address = _address_names(href)
    if address is None:
        return None
    scheme, path_name, query_names = address
    if scheme and scheme.lower() not in ("http", "https", "ftp", ""):
        return None
    for name in (path_name, *query_names):
        if _ATTACHMENT_EXT.search(name):
            return name
    if _ATTACHMENT_EXT.search(text.strip()):
        return text.strip()
    return None


# ------------------------------------------------------------------ the reader


def read_html(source_text: str, *, encoding: Optional[str], confidence: float, path: Optional[str]) -> ReadResult:
    """Read a decoded web page: main body text with offsets into ``source_text``, plus hints."""
    root = _parse(source_text, path)
    locator = _Locator(source_text)
    page = _collect(root, locator)
    if not page.blocks:
        raise PolicyParseError("empty", f"{path or '<html>'}: the page shows no text")

    meta = _meta_fields(root)
    candidates = _title_candidates(root, meta)
    _mark_title_parts(page.blocks, candidates)
    body = _choose_body(page)
    in_body = [b for b in page.blocks if body is not None and _contains(body, b.owner, page)] or list(page.blocks)
    # the page head: everything before the first prose line of the body (title, metadata table, byline)
    first_prose = next((b.index for b in in_body if b.score > 0 and not b.title_part), in_body[0].index)
    head = page.blocks[:first_prose]
    title_block = _find_title_block(head, candidates)
    fields, consumed = _metadata_fields([b for b in head if b is not title_block], page)
    # a metadata table inside the body goes as a whole (its empty fields too)
    meta_tables = {_data_table_of(page.blocks[i], page) for i in consumed} - {None}
    body_blocks = [b for b in in_body if b.index not in consumed and _data_table_of(b, page) not in meta_tables]
    if title_block is not None and title_block not in body_blocks:
        body_blocks.append(title_block)
    body_blocks.extend(_trailing_attachment_blocks(page, in_body[-1].index))
    body_blocks.sort(key=lambda b: b.index)

    builder = TextBuilder(len(source_text))
    hint_fields, tables, block_spans = _write_document(builder, fields, body_blocks, page)
    if title_block is not None and title_block.index in block_spans:
        hint_fields.setdefault("title", (title_block.text, block_spans[title_block.index]))
    for name, value in meta.items():
        hint_fields.setdefault(name, (value, None))
    links = _links(page, body_blocks, block_spans)
    text, offsets = builder.build()
    warnings: list[ParseWarning] = []
    if locator.misses:
        warnings.append(ParseWarning("html_unlocated_text", f"{locator.misses} text nodes could not be located in the source"))
    return ReadResult(
        source_text=source_text,
        text=text,
        offsets=offsets,
        encoding=encoding,
        encoding_confidence=confidence,
        hints=SegmentHints(metadata_fields=hint_fields, tables=tables, links=links),
        warnings=warnings,
    )


def _write_document(
    builder: TextBuilder, fields: list[_Field], blocks: list[_Block], page: _Page
) -> tuple[dict[str, tuple[str, Optional[tuple[int, int]]]], list[Table], dict[int, tuple[int, int]]]:
    """Write metadata lines (``label：value``) and body blocks in page order.

    Returns the metadata hints, the table hints and the span of every written block.
    """
    hint_fields: dict[str, tuple[str, Optional[tuple[int, int]]]] = {}
    tables: list[Table] = []
    spans: dict[int, tuple[int, int]] = {}
    items: list[tuple[int, object]] = [(min(f.blocks), f) for f in fields] + [(b.index, b) for b in blocks]
    items.sort(key=lambda item: item[0])
    pending: list[_Block] = []

    def flush() -> None:
        more_tables, more_spans = _write_body(builder, pending, page)
        tables.extend(more_tables)
        spans.update(more_spans)
        pending.clear()

    for _, item in items:
        if isinstance(item, _Field):
            flush()
            if builder.position:
                builder.insert("\n\n")
            builder.add(item.label)
            builder.insert("：")
            hint_fields[item.name] = (segs_text(item.value), builder.add(item.value))
        else:
            pending.append(item)  # type: ignore[arg-type]
    flush()
    return hint_fields, tables, spans


def _trailing_attachment_blocks(page: _Page, last_body_index: int) -> list[_Block]:
    """Attachment-link lines after the body (a 相关附件 list beside the article)."""
    out: list[_Block] = []
    seen: set[int] = set()
    for a, idx in page.links:
        if idx <= last_body_index or not _is_attachment_link(a, page):
            continue
        for block in page.blocks[idx : idx + 4]:
            if block.index not in seen and any(s.tag is a for s in block.segs):
                seen.add(block.index)
                out.append(block)
                break
    return out


def _is_attachment_link(a: etree._Element, page: _Page) -> bool:
    """True for an ``<a>`` that points to an attachment file (memoised per page)."""
    verdict = page.attachment_links.get(a)
    if verdict is None:
        verdict = attachment_name(a.get("href") or "", a.text_content() or "") is not None
        page.attachment_links[a] = verdict
    return verdict


def _keep_block(block: _Block, page: _Page) -> bool:
    """Drop page furniture inside the body (share/print/font-size widgets, link lists) but keep attachment links."""
    if len(block.text) <= 30 and not block.title_part and (_WIDGET_LINE.search(block.text) or not _WORD_CHAR.search(block.text)):
        return False
    if block.link_chars <= 0.6 * len(block.text):
        return True
    return any(s.tag is not None and _is_attachment_link(s.tag, page) for s in block.segs)


def _write_body(builder: TextBuilder, blocks: list[_Block], page: _Page) -> tuple[list[Table], dict[int, tuple[int, int]]]:
    """Write the body blocks (data tables one cell per line); returns table hints and block spans."""
    tables: list[Table] = []
    spans: dict[int, tuple[int, int]] = {}
    i = 0
    prev_text: Optional[str] = None
    while i < len(blocks):
        block = blocks[i]
        table = _data_table_of(block, page)
        if table is None:
            if _keep_block(block, page):
                if builder.position:
                    builder.insert("\n\n")
                spans[block.index] = builder.add(block.segs)
                prev_text = block.text
            i += 1
            continue
        j = i
        while j < len(blocks) and _data_table_of(blocks[j], page) is table:
            j += 1
        hint = _write_table(builder, table, blocks[i:j], spans, prev_text)
        if hint is not None:
            tables.append(hint)
        i = j
    return tables, spans


def _data_table_of(block: _Block, page: _Page) -> Optional[etree._Element]:
    """The data table holding this block's cell, if any."""
    if block.cell is None:
        return None
    table = block.cell.getparent()
    while table is not None and table.tag != "table":
        table = table.getparent()
    if table is None:
        return None
    verdict = page.data_tables.get(table)
    if verdict is None:
        verdict = _is_data_table(table)
        page.data_tables[table] = verdict
    return table if verdict else None


def _write_table(
    builder: TextBuilder,
    table: etree._Element,
    blocks: list[_Block],
    spans: dict[int, tuple[int, int]],
    prev_text: Optional[str],
) -> Optional[Table]:
    """Write one data table one cell per line and rebuild its grid."""
    by_cell: dict[etree._Element, list[_Block]] = {}
    for b in blocks:
        by_cell.setdefault(b.cell, []).append(b)  # type: ignore[arg-type]
    start: Optional[int] = None
    end = builder.position
    rows: list[list[tuple[str, int, int]]] = []
    for r, tr in enumerate(_table_rows(table)):
        cells: list[tuple[str, int, int]] = []
        for cell in tr.xpath("./td|./th"):
            cell_blocks = by_cell.get(cell, [])
            for k, b in enumerate(cell_blocks):
                if builder.position:
                    builder.insert("\n" if k else "\n\n")
                span = builder.add(b.segs)
                spans[b.index] = span
                start = span[0] if start is None else start
                end = span[1]
            lines = [b.text for b in cell_blocks]
            cells.append((join_cell_lines(lines, header=(r == 0)), _span_attr(cell, "rowspan"), _span_attr(cell, "colspan")))
        rows.append(cells)
    if start is None:
        return None
    title = prev_text if prev_text and len(prev_text) <= 60 and not _PROSE_PUNCT.search(prev_text) else None
    grid = expand_grid(rows)
    return table_from_grid(grid, (start, end), title)


def _links(page: _Page, blocks: list[_Block], spans: dict[int, tuple[int, int]]) -> list[Link]:
    """Attachment links inside the body, de-duplicated by href.

    ``span`` covers the link text; ``title`` is that text, or the file name when the
    text names no file (``点击下载``).
    """
    by_index = {b.index: b for b in blocks}
    links: list[Link] = []
    seen: set[str] = set()
    for a, first_block in page.links:
        if not _is_attachment_link(a, page):
            continue
        href = (a.get("href") or "").strip()
        if href in seen:
            continue
        span = _link_span(a, first_block, by_index, spans)
        if span is None:
            continue
        seen.add(href)
        text = _ANY_WS.sub(" ", a.text_content() or "").strip().strip("\u3000")
        links.append(Link(title=_link_title(a, href, text), href=href, span=span))
    return links


def _link_title(a: etree._Element, href: str, text: str) -> str:
    """What names a link's file: its text, unless that is generic (``点击下载``) or gives no more than a
    number or a stored file's code (``附件3.doc``, ``10777181.docx``); then the first of its ``title``,
    ``download`` and ``alt`` attributes and the file name in its address that does (a name with Han
    characters first), else the text, else the address's file name."""
    if _names_a_file(text):
        return text
    candidates = [a.get(name) or "" for name in _NAMING_ATTRIBUTES] + _href_names(href)
    named = next((c.strip() for c in candidates if _names_a_file(c.strip())), None)
    if named is not None:
        return named
    if text and not _GENERIC_LINK_TEXT.match(text):
        return text
    return attachment_name(href, "") or text or href


def _names_a_file(label: str) -> bool:
    """Whether a link label names its file beyond a generic word, a number or a stored file's code."""
    return bool(label) and _GENERIC_LINK_TEXT.match(label) is None and _UNNAMED_FILE.fullmatch(label) is None


def _href_names(href: str) -> list[str]:
    """The attachment file names in a link's address, those with Han characters first
    (``?showname=附件2名单.doc&filename=391047bd.doc`` → ``附件2名单.doc``, ``391047bd.doc``)."""
    address = _address_names(href)
    if address is None:
        return []
    _, path_name, query_names = address
    files = [n for n in (*query_names, path_name) if _ATTACHMENT_EXT.search(n)]
    return sorted(files, key=lambda n: _HAN.search(n) is None)


def _link_span(
    a: etree._Element, first_block: int, by_index: dict[int, _Block], spans: dict[int, tuple[int, int]]
) -> Optional[tuple[int, int]]:
    """Where the link's text landed in the output, or None when it is not in the body."""
    start = end = None
    for idx in range(first_block, first_block + 8):
        b = by_index.get(idx)
        if b is None or idx not in spans:
            continue
        pos = spans[idx][0]
        for s in b.segs:
            if s.tag is a:
                start = pos if start is None else start
                end = pos + len(s.text)
            pos += len(s.text)
        if start is not None:
            break
    if start is None or end is None:
        return None
    return (start, end)
