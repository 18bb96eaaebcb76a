"""Bytes → text: refuse binary input, tell the format, find the codec.

Order of evidence (first that settles it wins):

1. magic numbers of binary formats (PDF, ZIP that is not a .docx, images, ELF, gzip, OLE2) → refused;
2. a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE);
3. UTF-16 without BOM, told by NUL bytes piling up at even or odd positions;
4. NUL-heavy data that is not UTF-16 → refused as binary;
5. strict UTF-8 (unless it only decodes to characters no Chinese document has, e.g. short GBK);
6. for HTML, ``<meta charset>`` / ``http-equiv`` in the first 4 KB;
7. chardet on a 64 KB prefix — GB2312/GBK widened to GB18030, Big5 to Big5-HKSCS —
   then every candidate codec is decoded and the most plausible text wins
   (``plausibility.assess``), strict decodings before lossy ones.

A lossy decoding (``errors="replace"``) is the last resort: it is reported
as ``undecodable_bytes`` warnings with spans, and refused as ``undecodable``
only when most of the text would be replacement characters.
"""

from __future__ import annotations

import io
import re
from dataclasses import field
from typing import Literal, Optional

from ..cache import compile_pattern, dataclass
from ..model import ParseWarning, PolicyParseError
from .plausibility import Assessment, assess

Format = Literal["text", "html", "docx"]

_DETECT_PREFIX = 64 * 1024  # bytes chardet looks at
_SCORE_PREFIX = 64 * 1024  # characters the plausibility of a candidate is measured on
_META_PREFIX = 4096  # bytes searched for <meta charset>
_HTML_SNIFF_PREFIX = 2048  # bytes searched for <html / <body
_UTF8_BY_CHANCE = 16  # legacy-encoded text this long (in non-ASCII characters) is never valid UTF-8 by chance

# (magic prefix, what it is): binary formats refused with a one-line message
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\x7fELF", "ELF executable"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh", "bzip2 archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office (.doc/.xls) file"),
    (b"RIFF", "RIFF media"),
    (b"MZ", "Windows executable"),
)
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
# every byte except the C0 controls that never occur in text (tab, LF, FF, CR and ESC are kept)
_TEXT_BYTES = bytes(b for b in range(256) if b >= 0x20 or b in (0x09, 0x0A, 0x0C, 0x0D, 0x1B))

# (BOM, codec, reported name), longest first so UTF-32 LE is not taken for UTF-16 LE
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32-le", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8", "utf-8"),
    (b"\xff\xfe", "utf-16-le", "utf-16"),
    (b"\xfe\xff", "utf-16-be", "utf-16"),
)

# <meta charset="gb2312">, <meta http-equiv="Content-Type" content="text/html; charset=gbk">
_META_CHARSET = compile_pattern(rb"<meta[^>]{0,300}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{2,40})", re.IGNORECASE)
# start of an HTML document after optional whitespace: <!doctype html  <html  <?xml ... (xhtml)
_HTML_START = compile_pattern(rb"\s{0,200}<(?:!doctype\s+html|html[\s>]|\?xml[^>]{0,200}>\s{0,200}<(?:!doctype\s+html|html))",
                         re.IGNORECASE)
# an <html or <body tag anywhere in the first 2 KB
_HTML_TAG = compile_pattern(rb"<(?:html|body)[\s>]", re.IGNORECASE)
# a run of replacement characters left by a lossy decoding
_REPLACEMENT_RUN = compile_pattern("\ufffd+")

_HTML_EXTENSIONS = (".html", ".htm", ".xhtml", ".shtml", ".jsp", ".aspx", ".asp", ".php")

# codec labels → (Python codec to decode with, name to report); GB and Big5 labels widened to supersets
_WIDEN: dict[str, tuple[str, str]] = {
    "gb2312": ("gb18030", "gb18030"),
    "gbk": ("gb18030", "gb18030"),
    "cp936": ("gb18030", "gb18030"),
    "gb18030": ("gb18030", "gb18030"),
    "hz": ("gb18030", "gb18030"),
    "big5": ("big5hkscs", "big5"),
    "big5hkscs": ("big5hkscs", "big5"),
    "cp950": ("big5hkscs", "big5"),
    "utf-8": ("utf-8", "utf-8"),
    "utf-8-sig": ("utf-8", "utf-8"),
    "utf-16": ("utf-16", "utf-16"),
    "utf-16-le": ("utf-16-le", "utf-16"),
    "utf-16-be": ("utf-16-be", "utf-16"),
}


# multibyte codecs: a strict decoding with them is evidence; any byte string is "valid" in a single-byte codec
_WIDE_CODECS = frozenset({"gb18030", "big5hkscs", "utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32",
                          "shift_jis", "euc_jp", "euc_kr", "cp949", "cp932", "iso2022_jp"})


@dataclass(slots=True)
class DecodedText:
    """Decoded input: the text, the codec used, how sure the choice is, what was lost."""

    text: str
    encoding: str
    confidence: float
    warnings: list[ParseWarning] = field(default_factory=list)


def _reading(text: str) -> Assessment:
    """Plausibility of a candidate reading; 锟斤拷 is damage already in the text, not a sign of the codec."""
    sample = text[:_SCORE_PREFIX]
    return assess(sample.replace("锟斤拷", "") if "锟" in sample else sample)


def _name(path: Optional[str]) -> str:
    return path or "<input>"


# ---------------------------------------------------------------------------- binary and format


def refuse_binary(data: bytes, path: Optional[str]) -> None:
    """Raise ``PolicyParseError('binary')`` for known binary formats (ZIP is left to the caller)."""
    for magic, what in _BINARY_MAGIC:
        if data.startswith(magic):
            if magic == b"MZ" and not _looks_binary(data[:1024]):
                continue  # a text file may start with "MZ"
            if magic == b"RIFF" and len(data) < 12:
                continue
            raise PolicyParseError("binary", f"{_name(path)}: binary data ({what}) is not a text document")


def _looks_binary(head: bytes) -> bool:
    """More than 1% control bytes other than whitespace."""
    return len(head.translate(None, _TEXT_BYTES)) > len(head) // 100 + 1


def _zip_names(data: bytes) -> Optional[list[str]]:
    """Member names of a ZIP archive (central directory only), or None when it is not a readable ZIP."""
    import zipfile  # here, not at the top: ~3 ms to load, and only ZIP-looking input gets this far

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None


def sniff_format(data: bytes, path: Optional[str]) -> Format:
    """Tell ``text``, ``html`` or ``docx`` apart; refuse binary input."""
    refuse_binary(data, path)
    if data.startswith(_ZIP_MAGIC):
        names = _zip_names(data)
        if names is None:
            raise PolicyParseError("binary", f"{_name(path)}: damaged ZIP archive is not a text document")
        if "word/document.xml" in names:
            return "docx"
        raise PolicyParseError("unsupported", f"{_name(path)}: ZIP archive that is not a .docx document")
    if path and path.lower().endswith(_HTML_EXTENSIONS):
        return "html"
    head = _ascii_view(data[: _HTML_SNIFF_PREFIX * 2])
    body = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
    if _HTML_START.match(body) or _HTML_TAG.search(body[:_HTML_SNIFF_PREFIX]):
        return "html"
    return "text"


def _ascii_view(head: bytes) -> bytes:
    """The head of ``data`` with UTF-16/32 NULs removed, so markup in wide encodings is seen too."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_byte_order(head) is not None:
        return head.replace(b"\x00", b"")
    return head


# ---------------------------------------------------------------------------- decoding


def decode_bytes(data: bytes, *, path: Optional[str] = None, is_html: bool = False) -> DecodedText:
    """Decode one input file to text (see the module docstring for the order of evidence)."""
    refuse_binary(data, path)
    if data.startswith(_ZIP_MAGIC):
        raise PolicyParseError("binary", f"{_name(path)}: binary data (ZIP archive) is not a text document")
    decoded = _decode_by_bom(data, path) or _decode_utf16_without_bom(data, path)
    if decoded is None:
        _refuse_nul_heavy(data, path)
        decoded = _decode_utf8(data) or _decode_by_meta(data, is_html) or _decode_by_candidates(data, path)
    if not decoded.text.strip():
        raise PolicyParseError("empty", f"{_name(path)}: empty file")
    return decoded


def _decode_by_bom(data: bytes, path: Optional[str]) -> Optional[DecodedText]:
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return _decode_lossy_if_needed(data[len(bom):], codec, name, 1.0, path)
    return None


def _utf16_byte_order(data: bytes) -> Optional[str]:
    """``utf-16-le``/``-be`` when NULs pile up at odd/even positions (ASCII in UTF-16), else None."""
    head = data[:4096]
    if len(head) < 4:
        return None
    even_nul = head[0::2].count(0)
    odd_nul = head[1::2].count(0)
    pairs = len(head) // 2
    # the other side gets NULs too: U+3000 (ideographic space) is 00 30, U+4E00 is 00 4E
    if odd_nul >= max(2, pairs // 50) and even_nul <= odd_nul // 4:
        return "utf-16-le"
    if even_nul >= max(2, pairs // 50) and odd_nul <= even_nul // 4:
        return "utf-16-be"
    return None


def _decode_utf16_without_bom(data: bytes, path: Optional[str]) -> Optional[DecodedText]:
    codec = _utf16_byte_order(data)
    if codec is None or len(data) % 2:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    if _reading(text).score < 0.5:
        return None
    return DecodedText(text=text, encoding="utf-16", confidence=0.95)


def _refuse_nul_heavy(data: bytes, path: Optional[str]) -> None:
    """Refuse data (not UTF-16/32) whose head is more than 1% NUL or other control bytes."""
    head = data[:8192]
    limit = max(2, len(head) // 100)
    if head.count(0) > limit:
        raise PolicyParseError("binary", f"{_name(path)}: binary data (NUL bytes) is not a text document")
    if len(head.translate(None, _TEXT_BYTES)) > limit:
        raise PolicyParseError("binary", f"{_name(path)}: binary data (control bytes) is not a text document")


def _decode_utf8(data: bytes) -> Optional[DecodedText]:
    """Strict UTF-8, unless the result has no Chinese and looks like misread GBK (``通知`` as ``֪ͨ``)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if data.isascii():
        return DecodedText(text=text, encoding="utf-8", confidence=1.0)
    if _count_non_ascii(text) >= _UTF8_BY_CHANCE or _reading(text).score >= 0.5:
        # long valid UTF-8 is UTF-8, even when its text is mojibake (the repair stage reverses that)
        return DecodedText(text=text, encoding="utf-8", confidence=0.99)
    return None  # short valid UTF-8 that reads as nonsense (GBK 通知 = U+0368 U+05AA): let the codecs compete


# one non-ASCII character
_NON_ASCII_CHAR = compile_pattern(r"[^\x00-\x7f]")


def _count_non_ascii(text: str, limit: int = _UTF8_BY_CHANCE) -> int:
    """Non-ASCII characters of ``text``, counted up to ``limit``."""
    count = 0
    for _ in _NON_ASCII_CHAR.finditer(text):  # skips ASCII stretches (an HTML head) at C speed
        count += 1
        if count >= limit:
            break
    return count


def _decode_by_meta(data: bytes, is_html: bool) -> Optional[DecodedText]:
    """The codec an HTML page declares, if the bytes decode with it strictly and plausibly."""
    if not is_html:
        return None
    match = _META_CHARSET.search(data[:_META_PREFIX])
    if match is None:
        return None
    codec, name = _widen(match.group(1).decode("ascii", "replace"))
    if codec is None:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    if _reading(text).score < 0.5:
        return None
    return DecodedText(text=text, encoding=name, confidence=0.95)


def _widen(label: str) -> tuple[Optional[str], str]:
    """Python codec and reported name for a charset label; GB→GB18030, Big5→Big5-HKSCS."""
    import codecs

    try:
        canonical = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None, label
    if canonical in _WIDEN:
        return _WIDEN[canonical]
    return canonical, canonical


def _chardet_guess(data: bytes) -> Optional[str]:
    import chardet  # imported on first use: only undecided inputs pay for it

    result = chardet.detect(data[:_DETECT_PREFIX], max_bytes=_DETECT_PREFIX)
    return result.get("encoding") if result else None


def _decode_by_candidates(data: bytes, path: Optional[str]) -> DecodedText:
    """Decode with every candidate codec (lossily where strict fails); the most plausible text wins.

    Replacement characters count as weird in the score, so a UTF-8 file cut inside its last
    character still beats a strict but garbled GB18030 reading.  When no codec decodes the whole
    file, a line-by-line decoding (files concatenated from differently encoded parts) competes too.
    chardet's guess (slow) is only asked for when the fixed candidates leave the choice open.
    """
    first = _candidate_reading(data, _FIXED_CANDIDATES[0])  # GB18030, decoded and scored once
    if first is not None and _is_clearly_plausible(first):  # the common case: no other codec is tried
        score, _, _, name, text, _ = first
        return DecodedText(text=text, encoding=name, confidence=round(0.95 * score, 3))
    candidates = dict(_FIXED_CANDIDATES)
    readings = [r for r in [first] if r is not None]
    for candidate in _FIXED_CANDIDATES[1:]:
        reading = _candidate_reading(data, candidate, _best_strict_score(readings))
        if reading is not None:
            readings.append(reading)
    if not _settled_without_guess(readings):
        guess = _chardet_codec(data)
        if guess is not None and guess[0] not in candidates:
            candidates[guess[0]] = guess[1]
            reading = _candidate_reading(data, guess, _best_strict_score(readings))
            if reading is not None:
                readings.append(reading)
    if not readings:
        raise PolicyParseError("undecodable", f"{_name(path)}: bytes are not text in any Chinese or Unicode encoding")
    order = {codec: i for i, codec in enumerate(candidates)}  # ties: GB18030, Big5, UTF-8, then chardet's guess
    score, strict, codec, name, text, _ = max(readings, key=lambda r: (round(r[0], 1), r[1], -order[r[2]]))
    if strict:
        n_strict = sum(1 for r in readings if r[1])
        return DecodedText(text=text, encoding=name, confidence=_confidence(score, n_strict))
    mixed = _decode_line_by_line(data)
    if mixed is not None and _reading(mixed.text).score > score:
        return mixed
    return _decode_lossy_if_needed(data, codec, name, 0.5, path)


# score, strict, codec, reported name, text, common Han characters (of the scored prefix)
_Reading = tuple[float, bool, str, str, str, int]


def _candidate_reading(
    data: bytes, candidate: tuple[str, str], strict_to_beat: Optional[float] = None
) -> Optional[_Reading]:
    """One codec's reading of ``data`` with its score (lossy readings penalised), or None when it does not count.

    A lossy reading that could not win even with a perfect score (against a strict reading with the rounded
    score ``strict_to_beat``: ties go to strict readings) is not scored and does not count.
    """
    codec, name = candidate
    try:
        text, strict = data.decode(codec), True
    except UnicodeDecodeError:
        text, strict = data.decode(codec, errors="replace"), False
    except LookupError:
        return None
    sample = text[:_SCORE_PREFIX]
    # a lossy reading must be clearly better than a strict one
    penalty = 0.0 if strict else 0.25 + 20 * sample.count("\ufffd") / max(1, len(sample))
    if not strict and strict_to_beat is not None and round(1.0 - penalty, 1) <= strict_to_beat:
        return None
    verdict = _reading(sample)
    score = verdict.score
    if codec not in _WIDE_CODECS and score < 0.5:
        return None  # a single-byte codec reads any bytes; only a plausible reading counts
    return score - penalty, strict, codec, name, text, verdict.common


def _best_strict_score(readings: list[_Reading]) -> Optional[float]:
    """The best rounded score of the strict readings (the ranking's first key), or None when there are none."""
    return max((round(r[0], 1) for r in readings if r[1]), default=None)


def _settled_without_guess(readings: list[_Reading]) -> bool:
    """True when no further candidate (ranked after the fixed ones) could change the result: the best
    reading is strict with the top rounded score (scores are at most 1, ties go to earlier candidates),
    and two or more readings are strict already (the confidence counts strict readings as one or several)."""
    strict_scores = [round(r[0], 1) for r in readings if r[1]]
    return len(strict_scores) >= 2 and max(strict_scores) >= 1.0


def _is_clearly_plausible(reading: _Reading) -> bool:
    """A strict reading of clean common Chinese needs no other candidate nor the detector (the common case
    for GB18030, the first candidate)."""
    score, strict, _, _, _, common = reading
    return strict and score >= 0.9 and common >= 10


# the candidates always tried, in order of preference on ties: Python codec → reported name
_FIXED_CANDIDATES: tuple[tuple[str, str], ...] = (("gb18030", "gb18030"), ("big5hkscs", "big5"), ("utf-8", "utf-8"))


def _chardet_codec(data: bytes) -> Optional[tuple[str, str]]:
    """chardet's guess, widened (Python codec, reported name), or None."""
    guess = _chardet_guess(data)
    if guess:
        codec, name = _widen(guess)
        if codec is not None:
            return codec, name
    return None


# a line of bytes with its line break
_LINE = compile_pattern(rb"[^\n]*\n|[^\n]+")


def _decode_line_by_line(data: bytes) -> Optional[DecodedText]:
    """Each line decoded by the first codec that reads it strictly and plausibly; None if some line fails."""
    parts: list[str] = []
    names: list[str] = []
    for match in _LINE.finditer(data):
        line = match.group()
        best: Optional[tuple[float, str, str]] = None
        for codec, name in (("utf-8", "utf-8"), ("gb18030", "gb18030"), ("big5hkscs", "big5")):
            try:
                text = line.decode(codec)
            except UnicodeDecodeError:
                continue
            score = _reading(text).score
            if best is None or score > best[0]:
                best = (score, name, text)
        if best is None:
            return None
        parts.append(best[2])
        names.append(best[1] if not line.isascii() else "")
    used = [n for n in names if n]
    if len(set(used)) < 2:
        return None
    majority = max(set(used), key=used.count)
    warnings: list[ParseWarning] = []
    pos = 0
    for part, name in zip(parts, names):
        if name and name != majority:
            last = warnings[-1] if warnings else None
            if last is not None and last.span is not None and last.span[1] == pos and name in last.message:
                last.span = (last.span[0], pos + len(part))
            else:
                warnings.append(ParseWarning(code="mixed_encoding", span=(pos, pos + len(part)),
                                             message=f"lines decoded as {name}, the rest as {majority}"))
        pos += len(part)
    return DecodedText(text="".join(parts), encoding=majority, confidence=0.6, warnings=warnings)


def _confidence(score: float, n_strict: int) -> float:
    """How sure the choice is: plausibility of the winner, lower when several codecs decoded strictly."""
    base = max(0.0, min(1.0, score))
    return round(base * (0.9 if n_strict > 1 else 0.95), 3)


def _decode_lossy_if_needed(data: bytes, codec: str, name: str, confidence: float, path: Optional[str]) -> DecodedText:
    """Decode strictly if possible, else with replacement characters reported as warnings."""
    try:
        return DecodedText(text=data.decode(codec), encoding=name, confidence=confidence)
    except UnicodeDecodeError:
        pass
    text = data.decode(codec, errors="replace")
    lost = text.count("\ufffd")
    if lost * 2 > len(text.strip()):
        raise PolicyParseError("undecodable", f"{_name(path)}: most bytes are not valid {name} (or any codec tried)")
    warnings = [
        ParseWarning(
            code="undecodable_bytes",
            message=f"{m.end() - m.start()} undecodable byte sequence(s) as {name} replaced by U+FFFD",
            span=(m.start(), m.end()),
        )
        for m in _REPLACEMENT_RUN.finditer(text)
    ]
    return DecodedText(text=text, encoding=name, confidence=round(confidence * 0.8, 3), warnings=warnings)
