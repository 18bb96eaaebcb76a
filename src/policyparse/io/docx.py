"""DOCX reader: a Word file → the document's text and hints.

The zip is checked before anything is read from it (entry count, declared and
real sizes, compression ratio, path-traversal names, ``word/document.xml``
present); XML parts are parsed with entities, DTDs and network access off and
refused when they declare a DTD or entities.

What is read: the body of ``word/document.xml`` in order — paragraphs (with
the visible numbering marker rebuilt from ``numbering.xml``: ``w:numFmt`` and
``w:lvlText`` of the paragraph's ``w:numPr``, directly or via its style) and
tables (``w:gridSpan``/``w:vMerge`` merged cells expanded in the hint, one
source cell per line in the text).  Headers, footers and page numbers live in
other parts and are not read; field codes (``w:instrText``), PAGE/NUMPAGES
field results, deleted text, bookmarks and drawings are dropped.

``source_text`` of a DOCX is the extracted text itself (the XML is no useful
thing to point a reader to), so the offset map is the identity and every
``source_span`` equals its ``span``.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import field
from typing import Iterator, Optional

from lxml import etree

from ..cache import compile_pattern, dataclass
from ..model import ParseWarning, PolicyParseError, Table
from ..text.offsets import OffsetMap
from . import ReadResult, SegmentHints
from .textblocks import expand_grid, join_cell_lines, table_from_grid

MAX_ENTRIES = 2_000
MAX_ENTRY_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, for entries above RATIO_MIN_BYTES
RATIO_MIN_BYTES = 1024 * 1024
MAX_XML_ELEMENTS = 2_000_000

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{%s}" % W
# a DTD or entity declaration in an XML part (matches "<!DOCTYPE", "<!ENTITY")
_DECLARATION = compile_pattern(rb"<!(?:DOCTYPE|ENTITY)", re.I)
# a field instruction that shows page numbers (matches " PAGE ", "NUMPAGES \\* Arabic", "SECTIONPAGES")
_PAGE_FIELD = compile_pattern(r"^\s*(?:PAGE|NUMPAGES|SECTIONPAGES)\b", re.I)
# a line of prose, which ends the document head (matches "。", "；" inside a line)
_PROSE_LINE = compile_pattern(r"[。；]")
# a Han character
_HAN = compile_pattern(r"[\u3400-\u9fff]")
# a title style (matches "Title", "标题")
_TITLE_STYLE = compile_pattern(r"^(?:title|标题)$", re.I)


# ------------------------------------------------------------------ zip and XML safety


def _one_line(exc: BaseException) -> str:
    """The first line of an exception message (error messages stay one line)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _open_zip(data: bytes, name: str) -> zipfile.ZipFile:
    """Open the zip after checking entry names, count and sizes (zip bombs, path traversal)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except Exception as exc:  # zipfile raises many types on damaged archives; all mean "unreadable"
        raise PolicyParseError("unreadable", f"{name}: not a readable DOCX (zip: {_one_line(exc)})") from None
    if len(infos) > MAX_ENTRIES:
        raise PolicyParseError("too_complex", f"{name}: DOCX has {len(infos)} zip entries (limit {MAX_ENTRIES})")
    total = 0
    for info in infos:
        entry = info.filename
        parts = entry.replace("\\", "/").split("/")
        if entry.startswith(("/", "\\")) or ".." in parts or (len(entry) > 1 and entry[1] == ":"):
            raise PolicyParseError("unsafe", f"{name}: DOCX entry name escapes the archive ({entry!r})")
        if info.file_size > MAX_ENTRY_BYTES:
            raise PolicyParseError("too_large", f"{name}: DOCX entry {entry} expands to {info.file_size} bytes")
        if info.file_size > RATIO_MIN_BYTES and info.file_size > MAX_RATIO * max(1, info.compress_size):
            raise PolicyParseError("too_large", f"{name}: DOCX entry {entry} is compressed {info.file_size // max(1, info.compress_size)}:1 (zip bomb?)")
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise PolicyParseError("too_large", f"{name}: DOCX expands to {total} bytes (limit {MAX_TOTAL_BYTES})")
    if "word/document.xml" not in zf.namelist():
        raise PolicyParseError("unsupported", f"{name}: zip without word/document.xml (not a Word document)")
    return zf


def _read_entry(zf: zipfile.ZipFile, entry: str, name: str) -> Optional[bytes]:
    """An entry's bytes, reading no more than the limit whatever the header claims."""
    try:
        with zf.open(entry) as fh:
            data = fh.read(MAX_ENTRY_BYTES + 1)
    except KeyError:
        return None
    except Exception as exc:  # BadZipFile, zlib.error, NotImplementedError (odd versions), EOFError …
        raise PolicyParseError("unreadable", f"{name}: DOCX entry {entry} is damaged ({_one_line(exc)})") from None
    if len(data) > MAX_ENTRY_BYTES:
        raise PolicyParseError("too_large", f"{name}: DOCX entry {entry} expands past {MAX_ENTRY_BYTES} bytes")
    return data


def _parse_xml(data: bytes, entry: str, name: str) -> etree._Element:
    """Parse one XML part safely: no DTD, no entities, no network, bounded size."""
    head = data
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            head = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            raise PolicyParseError("unreadable", f"{name}: {entry} is not valid UTF-16 XML") from None
    if _DECLARATION.search(head):
        raise PolicyParseError("unsafe", f"{name}: {entry} declares a DTD or entities (refused)")
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser=parser)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise PolicyParseError("unreadable", f"{name}: {entry} is not well-formed XML ({_one_line(exc)})") from None
    count = 0
    for _ in root.iter():
        count += 1
        if count > MAX_XML_ELEMENTS:
            raise PolicyParseError("too_complex", f"{name}: {entry} has more than {MAX_XML_ELEMENTS} XML elements")
    return root


# ------------------------------------------------------------------ numbering and styles


_CN_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五 (up to 9999)."""
    if n <= 0 or n >= 10000:
        return str(n)
    out = ""
    units = [(1000, "千"), (100, "百"), (10, "十")]
    rest = n
    zero = False
    for value, name in units:
        d, rest = divmod(rest, value)
        if d:
            if zero:
                out += "零"
                zero = False
            out += ("" if (value == 10 and d == 1 and not out) else _CN_DIGITS[d]) + name
        elif out:
            zero = True
    if rest:
        if zero:
            out += "零"
        out += _CN_DIGITS[rest]
    return out


def _roman(n: int) -> str:
    """1 → I, 4 → IV, 1990 → MCMXC."""
    pairs = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
             (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, sym in pairs:
        while n >= value:
            out += sym
            n -= value
    return out


def _letters(n: int) -> str:
    """1 → A, 27 → AA (Word repeats the letter)."""
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


def format_counter(n: int, fmt: str) -> str:
    """A list counter in the Word number format ``fmt``."""
    if fmt in ("decimal", "decimalZero"):
        return f"{n:02d}" if fmt == "decimalZero" else str(n)
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional", "japaneseCounting",
               "chineseLegalSimplified", "taiwaneseCounting", "taiwaneseCountingThousand", "ideographDigital"):
        return chinese_number(n)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) - ord("0") + 0xFF10) for c in str(n))
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


@dataclass(slots=True)
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


@dataclass(slots=True)
class _Numbering:
    """numbering.xml: numId → levels, and the counters of the paragraphs read so far.

    Lists (``w:num``) built on the same abstract numbering share one counter,
    as in Word, unless a ``w:startOverride`` restarts them (``counter_key``).
    """

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)
    counter_key: dict[str, str] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    def marker(self, num_id: str, ilvl: int) -> str:
        """Advance the counter of (num_id, ilvl) and return the visible marker."""
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        level = levels[ilvl]
        counts = self.counters.setdefault(self.counter_key.get(num_id, num_id), {})
        counts[ilvl] = counts.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        if level.fmt == "bullet":
            return ""

        def repl(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lv = levels.get(k, _Level())
            return format_counter(counts.get(k, lv.start), lv.fmt)

        return _LEVEL_REF.sub(repl, level.text)


# a level placeholder in w:lvlText (matches "%1", "%2")
_LEVEL_REF = compile_pattern(r"%([1-9])")


def _wval(el: Optional[etree._Element], default: Optional[str] = None) -> Optional[str]:
    """The w:val attribute of an element."""
    if el is None:
        return default
    return el.get(_W + "val", default)


def _read_numbering(root: Optional[etree._Element]) -> _Numbering:
    """Parse numbering.xml into level definitions per numId."""
    numbering = _Numbering()
    if root is None:
        return numbering
    abstract: dict[str, dict[int, _Level]] = {}
    for an in root.iter(_W + "abstractNum"):
        levels: dict[int, _Level] = {}
        for lvl in an.iter(_W + "lvl"):
            try:
                ilvl = int(lvl.get(_W + "ilvl", "0"))
                start = int(_wval(lvl.find(_W + "start"), "1") or 1)
            except ValueError:
                continue
            levels[ilvl] = _Level(
                fmt=_wval(lvl.find(_W + "numFmt"), "decimal") or "decimal",
                text=_wval(lvl.find(_W + "lvlText"), "") or "",
                start=start,
            )
        abstract[an.get(_W + "abstractNumId", "")] = levels
    for num in root.iter(_W + "num"):
        num_id = num.get(_W + "numId", "")
        abstract_id = _wval(num.find(_W + "abstractNumId"), "") or ""
        levels = dict(abstract.get(abstract_id, {}))
        restarted = False
        for override in num.iter(_W + "lvlOverride"):
            try:
                ilvl = int(override.get(_W + "ilvl", "0"))
                start = _wval(override.find(_W + "startOverride"))
                if start is not None and ilvl in levels:
                    lv = levels[ilvl]
                    levels[ilvl] = _Level(lv.fmt, lv.text, int(start))
                    restarted = True
            except ValueError:
                continue
        numbering.levels[num_id] = levels
        numbering.counter_key[num_id] = f"num:{num_id}" if restarted else f"abstract:{abstract_id}"
    return numbering


@dataclass(slots=True)
class _Style:
    name: str = ""
    num_id: Optional[str] = None
    ilvl: int = 0


def _read_styles(root: Optional[etree._Element]) -> dict[str, _Style]:
    """Paragraph styles: id → name and the numbering the style carries."""
    styles: dict[str, _Style] = {}
    if root is None:
        return styles
    for st in root.iter(_W + "style"):
        style = _Style(name=_wval(st.find(_W + "name"), "") or "")
        num_pr = st.find(f"{_W}pPr/{_W}numPr")
        if num_pr is not None:
            style.num_id = _wval(num_pr.find(_W + "numId"))
            try:
                style.ilvl = int(_wval(num_pr.find(_W + "ilvl"), "0") or 0)
            except ValueError:
                style.ilvl = 0
        styles[st.get(_W + "styleId", "")] = style
    return styles


# ------------------------------------------------------------------ body


@dataclass(slots=True)
class _Para:
    """A paragraph's visible lines and its style name."""

    lines: list[str]
    style: str = ""
    centered: bool = False
    size: int = 0  # the largest run font size (w:sz, half-points); 0 when not set


class _BodyReader:
    """Reads paragraphs and tables of the document body in order."""

    def __init__(self, numbering: _Numbering, styles: dict[str, _Style]) -> None:
        self.numbering = numbering
        self.styles = styles

    def paragraph(self, p: etree._Element) -> _Para:
        """The lines of one w:p (line breaks split lines), numbering marker first."""
        style_id = _wval(p.find(f"{_W}pPr/{_W}pStyle"), "") or ""
        style = self.styles.get(style_id, _Style())
        marker = ""
        num_pr = p.find(f"{_W}pPr/{_W}numPr")
        num_id, ilvl = style.num_id, style.ilvl
        if num_pr is not None:
            num_id = _wval(num_pr.find(_W + "numId"), num_id)
            try:
                ilvl = int(_wval(num_pr.find(_W + "ilvl"), str(ilvl)) or 0)
            except ValueError:
                ilvl = 0
        if num_id and num_id != "0":
            marker = self.numbering.marker(num_id, ilvl)
        text = marker + "".join(self._runs(p))
        centered = (_wval(p.find(f"{_W}pPr/{_W}jc"), "") or "") == "center"
        return _Para(lines=text.split("\n"), style=style.name, centered=centered, size=_largest_size(p))

    def _runs(self, el: etree._Element) -> Iterator[str]:
        """Visible text of runs below ``el``, field codes and PAGE results dropped."""
        field_stack: list[list] = []  # [instruction, showing_result]
        for node in _iter_visible(el):
            tag = node.tag
            if tag == _W + "fldChar":
                kind = node.get(_W + "fldCharType")
                if kind == "begin":
                    field_stack.append(["", False])
                elif kind == "separate" and field_stack:
                    field_stack[-1][1] = True
                elif kind == "end" and field_stack:
                    field_stack.pop()
                continue
            if tag == _W + "instrText":
                if field_stack and not field_stack[-1][1]:
                    field_stack[-1][0] += node.text or ""
                continue
            if field_stack:
                instr, showing = field_stack[-1]
                if not showing or _PAGE_FIELD.match(instr):
                    continue
            if tag == _W + "t":
                yield node.text or ""
            elif tag == _W + "tab":
                yield "\t"
            elif tag in (_W + "br", _W + "cr"):
                yield "\n"
            elif tag == _W + "noBreakHyphen":
                yield "-"


def _largest_size(p: etree._Element) -> int:
    """The largest font size (w:sz of a run, half-points) in a paragraph; 0 when none is set."""
    largest = 0
    for sz in p.iterfind(f"{_W}r/{_W}rPr/{_W}sz"):
        try:
            largest = max(largest, min(1000, int(_wval(sz, "0") or 0)))
        except ValueError:
            continue
    return largest


def body_font_size(body: etree._Element) -> int:
    """The most common run font size of the document (half-points); 0 when sizes are not set."""
    counts: dict[int, int] = {}
    for sz in body.iterfind(f".//{_W}r/{_W}rPr/{_W}sz"):
        try:
            value = int(_wval(sz, "0") or 0)
        except ValueError:
            continue
        counts[value] = counts.get(value, 0) + 1
    return max(counts, key=lambda v: counts[v]) if counts else 0


_SKIP_PARTS = frozenset(
    _W + t for t in ("del", "delText", "drawing", "pict", "object", "rPr", "pPr", "moveFrom", "tblPr")
) | {"{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"}


def _iter_visible(el: etree._Element) -> Iterator[etree._Element]:
    """Descendants of ``el`` in order, skipping deleted text, drawings, properties and simple PAGE fields."""
    stack = [iter(el)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP_PARTS:
            continue
        if tag == _W + "fldSimple" and _PAGE_FIELD.match(child.get(_W + "instr", "")):
            continue
        yield child
        if len(child):
            stack.append(iter(child))


_MERGED = "\x00merged\x00"  # placeholder for a w:vMerge continuation cell


def _row_cells(tr: etree._Element) -> Iterator[etree._Element]:
    """The w:tc cells of a row, including those wrapped in content controls."""
    for child in tr:
        if child.tag == _W + "tc":
            yield child
        elif child.tag in (_W + "sdt", _W + "customXml"):
            inner = child.find(_W + "sdtContent") if child.tag == _W + "sdt" else child
            if inner is not None:
                yield from _row_cells(inner)


class _Writer:
    """Builds the text (lines separated by blank lines) and the table hints."""

    def __init__(self, body: _BodyReader) -> None:
        self.body = body
        self.parts: list[str] = []
        self.pos = 0
        self.tables: list[Table] = []
        self.title: Optional[tuple[str, tuple[int, int]]] = None
        self.last_line: Optional[str] = None
        self.body_size = 0  # the document's usual font size; a larger centered line at the top is the title
        self.in_head = True  # no prose paragraph or table seen yet

    def line(self, text: str, sep: str = "\n\n") -> tuple[int, int]:
        text = text.strip(" \t\u3000\u00a0")
        if not text:
            return (self.pos, self.pos)
        if self.parts:
            self.parts.append(sep)
            self.pos += len(sep)
        start = self.pos
        self.parts.append(text)
        self.pos += len(text)
        self.last_line = text
        return (start, self.pos)

    def block_items(self, container: etree._Element) -> None:
        """Paragraphs and tables of a body or cell, in order (content controls opened)."""
        for child in container:
            tag = child.tag
            if tag == _W + "p":
                para = self.body.paragraph(child)
                spans = [self.line(l) for l in para.lines]
                text = " ".join(l.strip(" \t\u3000\u00a0") for l in para.lines if l.strip(" \t\u3000\u00a0"))
                if self.title is None and text and spans and (
                    _TITLE_STYLE.match(para.style.strip()) or (self.in_head and _looks_like_title(para, text, self.body_size))
                ):
                    self.title = (text, (spans[0][0], spans[-1][1]))
                if text and _PROSE_LINE.search(text):
                    self.in_head = False
            elif tag == _W + "tbl":
                opens_document = self.in_head and self.title is None
                self.in_head = False
                self.table(child)
                if opens_document and self.tables:
                    self.title = _title_row_of(self.tables[-1], "".join(self.parts))
            elif tag in (_W + "sdt", _W + "sdtContent", _W + "customXml", _W + "smartTag"):
                inner = child.find(_W + "sdtContent") if tag == _W + "sdt" else child
                if inner is not None:
                    self.block_items(inner)

    def _cell_lines(self, tc: etree._Element) -> list[str]:
        lines: list[str] = []
        for node in tc.iter(_W + "p"):
            for line in self.body.paragraph(node).lines:
                line = line.strip(" \t\u3000\u00a0")
                if line:
                    lines.append(line)
        return lines

    def table(self, tbl: etree._Element) -> None:
        """One cell per line in the text; merged cells expanded in the hint."""
        title = self.last_line if self.last_line and len(self.last_line) <= 60 else None
        start: Optional[int] = None
        end = self.pos
        rows: list[list[tuple[str, int, int]]] = []
        for r, tr in enumerate(tbl.findall(_W + "tr")):
            cells: list[tuple[str, int, int]] = []
            before = tr.find(f"{_W}trPr/{_W}gridBefore")
            try:
                skipped = max(0, min(100, int(_wval(before, "0") or 0)))
            except ValueError:
                skipped = 0
            cells.extend(("", 1, 1) for _ in range(skipped))
            for tc in _row_cells(tr):
                span_el = tc.find(f"{_W}tcPr/{_W}gridSpan")
                try:
                    colspan = max(1, min(100, int(_wval(span_el, "1") or 1)))
                except ValueError:
                    colspan = 1
                vmerge = tc.find(f"{_W}tcPr/{_W}vMerge")
                if vmerge is not None and (_wval(vmerge, "continue") or "continue") == "continue":
                    cells.append((_MERGED, 1, colspan))
                    continue
                lines = self._cell_lines(tc)
                for k, line in enumerate(lines):
                    span = self.line(line, "\n" if k else "\n\n")
                    start = span[0] if start is None else start
                    end = span[1]
                cells.append((join_cell_lines(lines, header=(r == 0)), 1, colspan))
            rows.append(cells)
        if start is None:
            return
        grid = expand_grid(rows)
        # vertically merged cells (w:vMerge continue) show the text of the cell above
        for r, row in enumerate(grid):
            for c, cell in enumerate(row):
                if cell == _MERGED:
                    row[c] = grid[r - 1][c] if r > 0 else ""
                elif _MERGED in cell:  # a grid split folded a continuation cell in with a cell of its own
                    row[c] = "\n".join(part for part in cell.split("\n") if part != _MERGED)
        table = table_from_grid(grid, (start, end), title)
        if table is not None:
            self.tables.append(table)


def _title_row_of(table: Table, text: str) -> Optional[tuple[str, tuple[int, int]]]:
    """The title of a document that opens with a table: the table's merged title row, when it names something.

    (Word files that are only a table, such as a 职位表, carry their title in
    the first, full-width row.)
    """
    title = table.title
    if not title or len(_HAN.findall(title)) < 6 or _PROSE_LINE.search(title):
        return None
    at = text.find(title, table.span[0], table.span[1])
    return (title, (at, at + len(title))) if at >= 0 else None


def _looks_like_title(para: _Para, text: str, body_size: int) -> bool:
    """A centered line in a larger font than the body, with a few Han characters and no prose punctuation.

    Government Word files format their title directly (centered, 小标宋 at
    22 pt) instead of using a Title style.
    """
    return (
        para.centered
        and body_size > 0
        and para.size > body_size
        and len(_HAN.findall(text)) >= 6
        and not _PROSE_LINE.search(text)
    )


def read_docx(data: bytes, *, path: Optional[str]) -> ReadResult:
    """Read a Word file; ``source_text`` is the extracted text (identity offsets)."""
    name = path or "<docx>"
    zf = _open_zip(data, name)
    with zf:
        document = _parse_xml(_read_entry(zf, "word/document.xml", name) or b"", "word/document.xml", name)
        numbering_bytes = _read_entry(zf, "word/numbering.xml", name)
        styles_bytes = _read_entry(zf, "word/styles.xml", name)
        numbering = _read_numbering(_parse_xml(numbering_bytes, "word/numbering.xml", name) if numbering_bytes else None)
        styles = _read_styles(_parse_xml(styles_bytes, "word/styles.xml", name) if styles_bytes else None)
    body = document.find(_W + "body")
    if body is None:
        raise PolicyParseError("unsupported", f"{name}: word/document.xml has no w:body")
    writer = _Writer(_BodyReader(numbering, styles))
    writer.body_size = body_font_size(body)
    writer.block_items(body)
    text = "".join(writer.parts)
    if not text.strip():
        raise PolicyParseError("empty", f"{name}: the Word document has no text")
    fields = {"title": writer.title} if writer.title else {}
    warnings: list[ParseWarning] = []
    return ReadResult(
        source_text=text,
        text=text,
        offsets=OffsetMap.identity(len(text)),
        encoding=None,
        encoding_confidence=1.0,
        hints=SegmentHints(metadata_fields=fields, tables=writer.tables),
        warnings=warnings,
    )
