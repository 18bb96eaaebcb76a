"""Undo mojibake: text that was decoded with the wrong codec, whole or in local runs.

Every decision goes through ``plausibility.assess``: a run is rewritten only
when its re-decoded form is plausible Chinese and the run itself is not.  No
list of known bad strings is used.  The damage kinds handled:

* **Latin family** — UTF-8 read as Latin-1/cp1252 (``ç›˜æ”¿``), GBK read as
  Latin-1/cp1252 (``ÅÌ½õ``), double-encoded UTF-8 (``Ã§â€º``): the run is
  re-encoded to its bytes and decoded as UTF-8 or GB18030, repeatedly.
* **UTF-8 read as GBK** (``鐩樻斂鍔炲彂``): re-encode the run as GB18030,
  decode as UTF-8.
* **GBK read one byte out of step** (``芍苌钊胍粋€``): re-encode as GBK, drop
  the orphan first byte, decode again; a byte lost at either end leaves one
  character whose other byte is known.  That character is restored only when
  the document itself pins it down: the lost byte usually swallowed an
  opening bracket of a pinyin annotation (``?jì)``, ``?huì )``), and exactly
  one candidate byte makes a character that the document annotates with that
  syllable elsewhere (read in step, or — as a byte-stepping annotator saw
  it — paired with the byte before).  Otherwise the place is kept and
  reported as ``mojibake_unrecovered``.

Text made of ASCII, common Han and punctuation costs one pass (``unclean_char_pattern``);
otherwise only the runs holding a suspicious character are examined.  Clean text gets
no edits (tested on the samples, the corpus and by property tests).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from itertools import accumulate
from typing import Callable, Iterable, Optional

from ..cache import cached_value, compile_pattern, dataclass
from ..model import ParseWarning, RepairPlace
from .offsets import Edit
from .plausibility import (
    assess,
    char_class,
    class_body,
    decode_two_byte_codes,
    is_weird,
    suspicious_chars,
    unclean_char_pattern,
)
from .repair import StepResult

# cp1252 characters above 0x7F mapped back to the Latin-1 character of their byte
_CP1252_TO_LATIN1 = {}
for _byte in range(0x80, 0xA0):
    try:
        _CP1252_TO_LATIN1[ord(bytes((_byte,)).decode("cp1252"))] = _byte
    except UnicodeDecodeError:
        pass
_CP1252_CHARS = "".join(chr(c) for c in _CP1252_TO_LATIN1)
_CP1252_TO_LATIN1_TABLE = {k: chr(v) for k, v in _CP1252_TO_LATIN1.items()}  # for str.translate

# a piece of Latin-family mojibake: Latin-1 / cp1252 characters and the ASCII that can be a GBK trail byte (0x40-0x7E)
_LATIN_PIECE = compile_pattern("[\x30-\x39\x40-\x7e\x80-\xff\ufffd" + re.escape(_CP1252_CHARS) + "]+")
# a character that is neither Latin-1 nor cp1252 (no Latin-family bytes behind it), e.g. 中
_NOT_LATIN = compile_pattern("[^\x00-\xff" + re.escape(_CP1252_CHARS) + "]")
# the characters of _LATIN_PIECE, for a membership test
_LATIN_PIECE_CHARS = frozenset(
    [chr(c) for c in (*range(0x30, 0x3A), *range(0x40, 0x7F), *range(0x80, 0x100))] + ["\ufffd", *_CP1252_CHARS])
# the weird characters (char_class -2) of Latin-family pieces: Ã ƒ € U+FFFD C1 controls
_LATIN_WEIRD_CHARS = frozenset(c for c in _LATIN_PIECE_CHARS if is_weird(c))
# one of _LATIN_WEIRD_CHARS
_LATIN_WEIRD = compile_pattern("[" + "".join(re.escape(c) for c in sorted(_LATIN_WEIRD_CHARS)) + "]")
# an upper-half Latin-1 character (no-break space to ÿ)
_LATIN1_UPPER = compile_pattern("[\xa0-\xff]")
# the bytes strict cp1252 cannot decode: a U+FFFD in cp1252-read text stands for one of them
_CP1252_UNDEFINED = (0x81, 0x8D, 0x8F, 0x90, 0x9D)
# a run of non-ASCII characters (where GBK/UTF-8 confusions live)
_NON_ASCII_RUN = compile_pattern(r"[^\x00-\x7f]+")
# 锟斤拷 (U+FFFD twice, read as GBK), or runs of replacement characters: information already lost
_LOST_RUN = compile_pattern("(?:锟斤拷)+锟?|\ufffd+")
# in a text with 锟斤拷, its fragments cut by an odd byte count: 锟 + one character, one character + 拷
_LOST_FRAGMENT = compile_pattern("(?:锟斤拷)+锟?.?|锟.?|[^\x00-\x7f]拷|\ufffd+")
# a lost-byte marker with the tail of a pinyin annotation whose "(" it swallowed: ?jì)  ?huì )  �(gè)
_LOST_MARK = compile_pattern("[?\ufffd]\\(?([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê]{1,7}) ?\\)")
# one non-ASCII character three times in a row (聽聽聽: no-break spaces read as GBK); a longer run matches once
# per three (聽聽聽聽聽聽: twice), which changes nothing since a run is looked at once.  A range, not a negated class
# (about 1.3× faster), and the repeats consumed, not looked ahead at (about 1.2× faster: a match attempt less)
_TRIPLE = compile_pattern("([\x80-\U0010ffff])\\1\\1")
# one ASCII character (the end of a non-ASCII run)
_ASCII_CHAR = compile_pattern(r"[\x00-\x7f]")
# one line with its line break ("\n" only)
_LINE = compile_pattern(r"[^\n]*\n|[^\n]+")
# letters of pinyin syllables with tone marks
_PINYIN_LETTERS = frozenset("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňḿ")


def _gbk_read_pinyin_letters() -> str:
    """The characters that pinyin letters of two UTF-8 bytes turn into when read as GBK: 猫 (è, C3 A8), 膩 (ā).

    ``_pinyin_letter_fix`` rewrites one or two characters only when their GB18030 bytes decode as UTF-8 to
    pinyin letters, that is when each of them is one of these (a four-byte code holds ASCII digits).
    """
    readings = []
    for letter in sorted(_PINYIN_LETTERS):
        data = letter.encode("utf-8")
        try:
            reading = data.decode("gb18030") if len(data) == 2 else ""
        except UnicodeDecodeError:
            continue
        if len(reading) == 1 and reading.encode("gb18030") == data:
            readings.append(reading)
    return "".join(readings)


# the characters of _gbk_read_pinyin_letters, and those of them at U+3400 or above (the first of a run in a word)
_LETTER_READINGS = _gbk_read_pinyin_letters()
_FIRST_LETTER_READINGS = "".join(c for c in _LETTER_READINGS if c >= "\u3400")
# one or two pinyin letters read as GBK between ASCII letters, or a letter and ")" or " ": 猫 of l猫i.  Other
# characters in an ASCII word cannot be repaired; the scan skips to these few characters (the letter before is
# checked behind the first one), not to every ASCII letter.
_HAN_IN_WORD = compile_pattern(
    f"[{re.escape(_FIRST_LETTER_READINGS)}](?<=[A-Za-z].)[{re.escape(_LETTER_READINGS)}]?(?=[A-Za-z) ]|\\Z)")
# characters that end a clause (the extent reported for a repaired place)
_CLAUSE_END = compile_pattern("[，,；;。、：:！!\n\r\t 　]")

_MAX_ROUNDS = 3  # double/triple encoding
_MAX_PLACES = 50  # beyond this many garbled runs, places are summarised
# distinct rare characters a byte slip without a "?" mark must show (distinct: a slip makes unrelated
# characters, while one rare word said again and again, 癫痫，癫痫, counts once)
_UNMARKED_SLIP_RARE = 4
_DOCUMENT_VERDICT = 3  # UTF-8-as-GBK runs that make the whole document suspect
_GOOD = 0.8  # a repair must reach this plausibility ...
_BAD = 0.5  # ... and the damaged run must be below this


@dataclass(slots=True)
class _Fix:
    """One accepted rewrite of ``text[start:end]``."""

    start: int
    end: int
    replacement: str
    lost: list[tuple[int, int]]  # spans (input) of characters that could not be restored
    edits: Optional[list[Edit]] = None  # finer edits than one replacement, when known
    kind: str = ""  # "utf8-as-gbk" for UTF-8 read as GBK (counts towards the document verdict)


def fix_mojibake(text: str) -> StepResult:
    """Find and reverse wrong decodings; report what stays lost."""
    if text.isascii():
        return StepResult()
    unclean = unclean_char_pattern()  # one suspicious character (class < 0): rare Han, Ã, U+FFFD ...
    hits = [m.start() for m in unclean.finditer(text)]  # one scan: usually a few dozen hits
    if not hits:
        return StepResult()
    suspicious = {text[i] for i in hits}
    whole = _whole_text_fixes(text)
    if whole is not None:
        return _result(text, whole, _Claims(), summary=True)
    fixes: list[_Fix] = []
    claimed = _Claims()
    if any(char_class(c) == -2 and ord(c) < 0x2500 for c in suspicious):
        for fix in _latin_fixes(text, hits):
            fixes.append(fix)
            claimed.add(fix.start, fix.end)
    context = _DocContext(text, unclean)
    for start, end in _candidate_runs(text, hits):
        if _overlaps(claimed, start, end):
            continue
        for fix in _han_run_fixes(text, start, end, context):
            if not _overlaps(claimed, fix.start, fix.end):
                fixes.append(fix)
                claimed.add(fix.start, fix.end)
    if _is_utf8_as_gbk_document(text, fixes):
        for fix in _remaining_utf8_as_gbk(text, claimed):
            fixes.append(fix)
            claimed.add(fix.start, fix.end)
    return _result(text, fixes, claimed)


def _candidate_runs(text: str, suspicious_hits: list[int]) -> list[tuple[int, int]]:
    """The runs of non-ASCII characters worth a look, in text order: those holding a suspicious character
    (at ``suspicious_hits``) or one character three times (聽聽聽), and one or two pinyin letters read as GBK
    inside an ASCII word (``l猫i``).

    Found from the hits of regex scans, so clean stretches of the text cost no Python work.
    """
    hits = suspicious_hits + [m.start() for m in _TRIPLE.finditer(text)]
    hits += [m.start() for m in _HAN_IN_WORD.finditer(text)]
    hits.sort()
    runs: list[tuple[int, int]] = []
    for hit in hits:
        if runs and hit < runs[-1][1]:
            continue
        start = hit
        while start > 0 and text[start - 1] >= "\x80":
            start -= 1
        after = _ASCII_CHAR.search(text, hit)
        runs.append((start, after.start() if after else len(text)))
    return runs


def _is_utf8_as_gbk_document(text: str, fixes: list[_Fix]) -> bool:
    """Most non-ASCII text was re-decoded from UTF-8 read as GBK: the document as a whole was misread."""
    runs = [f for f in fixes if f.kind == "utf8-as-gbk"]
    if len(runs) < _DOCUMENT_VERDICT:
        return False
    non_ascii = sum(len(m.group()) for m in _NON_ASCII_RUN.finditer(text))
    return sum(f.end - f.start for f in runs) * 2 >= non_ascii


def _remaining_utf8_as_gbk(text: str, claimed: _Claims) -> list[_Fix]:
    """In a document misread as a whole, lone 聽 are no-break spaces (C2 A0) too.

    Alone, 聽 is ambiguous (the Traditional 'listen'); only whitespace results are taken here.
    """
    fixes = []
    for match in _NON_ASCII_RUN.finditer(text):
        if _overlaps(claimed, match.start(), match.end()) and claimed.covers(match.start(), match.end()):
            continue
        for start, end in _utf8_windows(text, match.start(), match.end(), min_length=1):
            if _overlaps(claimed, start, end):
                continue
            decoded = _decode_utf8_lossy_edges(
                b"".join(_gb_bytes_at(text, i) for i in range(start, end)),
                lossy_before=_is_lost_mark(text, start - 1),
                lossy_after=_is_lost_mark(text, end),
            )
            if decoded and decoded.isspace():
                fixes.append(_Fix(start, end, decoded, [], kind="utf8-as-gbk"))
    return fixes


# ---------------------------------------------------------------------------- whole documents


def _whole_text_fixes(text: str) -> Optional[list[_Fix]]:
    """A document garbled as a whole (no lost bytes): re-decode it line by line in one pass.

    Lines are safe units: a line break is never inside a UTF-8 or GBK multibyte sequence.
    """
    latin = _latin_bytes(text)
    plans: list[tuple[Callable[[str], Optional[bytes]], str]] = []
    if latin is not None:
        plans += [(_latin_bytes, "utf-8"), (_latin_bytes, "gb18030")]
    if _not_utf8_byte_char_pattern().search(text) is None:  # else its GB18030 bytes are not UTF-8
        plans.append((_gb18030_text, "utf-8"))
    for to_bytes, codec in plans:
        data = latin if to_bytes is _latin_bytes else _gb18030_text(text)
        decoded = _strict(data, codec) if data is not None and not data.isascii() else None
        rounds = 1
        while decoded is not None and codec == "utf-8" and rounds < _MAX_ROUNDS and assess(decoded).weird:
            again = _latin_bytes(decoded)
            deeper = _strict(again, "utf-8") if again is not None and not again.isascii() else None
            if deeper is None:
                break
            decoded, rounds = deeper, rounds + 1
        if decoded is not None and _is_improvement(text, decoded):
            return _line_fixes(text, to_bytes, codec, rounds)
    return None


def _gb18030_text(text: str) -> Optional[bytes]:
    try:
        return text.encode("gb18030")
    except UnicodeEncodeError:
        return None


def _line_fixes(text: str, to_bytes: Callable[[str], Optional[bytes]], codec: str, rounds: int) -> list[_Fix]:
    """One fix per changed line of a document re-decoded as a whole."""
    fixes = []
    pos = 0
    for match in _LINE.finditer(text):  # not str.splitlines: it also splits at U+0085 inside mojibake
        line = match.group()
        fixed: Optional[str] = line
        for round_no in range(rounds):
            data = (to_bytes if round_no == 0 else _latin_bytes)(fixed or "")
            fixed = _strict(data, codec) if data is not None else None
            if fixed is None:
                break
        if fixed is not None and fixed != line:
            fixes.append(_Fix(pos, pos + len(line), fixed, []))
        pos += len(line)
    return fixes


# ---------------------------------------------------------------------------- Latin family


def _latin_bytes(piece: str) -> Optional[bytes]:
    """The bytes a Latin-1/cp1252 reading of ``piece`` came from (None if impossible)."""
    if _NOT_LATIN.search(piece):  # one C-speed scan; translate would walk the whole text first
        return None
    try:
        return piece.translate(_CP1252_TO_LATIN1_TABLE).encode("latin-1")
    except UnicodeEncodeError:
        return None



def _redecode_latin(piece: str) -> Optional[str]:
    """Re-decode a Latin-family piece: its bytes as UTF-8 or GB18030, up to three times (double encoding).

    Both codecs are tried at each round.  The winner is a plausible reading reached through the most
    UTF-8 decodings (valid multibyte UTF-8 is strong evidence in itself), then the most plausible one.
    """
    frontier = [(piece, 0, 0)]
    results: list[tuple[str, int, int]] = []
    for _ in range(_MAX_ROUNDS):
        next_frontier = []
        for current, utf8_steps, gb_steps in frontier:
            data = _latin_bytes(current)
            if data is None or data.isascii():
                continue
            for codec in ("utf-8", "gb18030"):
                decoded = _strict(data, codec)
                if decoded is not None and decoded != current:
                    reading = (decoded, utf8_steps + (codec == "utf-8"), gb_steps + (codec != "utf-8"))
                    results.append(reading)
                    next_frontier.append(reading)
        frontier = next_frontier
    if not results:
        return None
    return max(results, key=_rank)[0]


def _rank(reading: tuple[str, int, int]) -> tuple[bool, int, int, float, int]:
    """Order candidate readings: plausible first, then most UTF-8 steps, fewest GB steps, plausibility, common Han."""
    a = assess(reading[0])
    return (a.score >= _GOOD, reading[1], -reading[2], a.score, a.common)


def _strict(data: bytes, codec: str) -> Optional[str]:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _latin_pieces(text: str, telling: Iterable[int]) -> list[re.Match[str]]:
    """The Latin-family pieces (maximal runs of ``_LATIN_PIECE``) holding a character at one of the ascending
    positions ``telling``, found from those characters, not by scanning every ASCII word or quotation mark."""
    pieces: list[re.Match[str]] = []
    covered = 0
    for hit in telling:
        if hit < covered:
            continue
        left = hit
        while left > covered and text[left - 1] in _LATIN_PIECE_CHARS:
            left -= 1
        piece = _LATIN_PIECE.match(text, left)
        if piece is not None:
            pieces.append(piece)
            covered = piece.end()
    return pieces


def _latin_fixes(text: str, suspicious_hits: list[int]) -> list[_Fix]:
    """Rewrite Latin-family mojibake pieces (``suspicious_hits``: the positions of the characters of class < 0,
    among them every weird Latin-family character).

    Pieces with a weird character go first; once two of those were fixed the document is known to be
    damaged, and pieces made only of harmless-looking Latin-1 (``°l`` for 發) are tried too, accepted
    only when they turn into common Chinese.
    """
    fixes = []
    for match in _latin_pieces(text, [i for i in suspicious_hits if text[i] in _LATIN_WEIRD_CHARS]):
        piece = match.group()
        if "\ufffd" in piece:
            lossy = _lossy_latin_fix(match.start(), piece)
            if lossy is not None:
                fixes.append(lossy)
            continue
        fixed = _redecode_latin(piece)
        if fixed is not None and _is_improvement(piece, fixed):
            fixes.append(_Fix(match.start(), match.end(), fixed, []))
    if len(fixes) >= 2:
        upper_latin1 = [hit.start() for hit in _LATIN1_UPPER.finditer(text)]
        for match in _latin_pieces(text, upper_latin1):  # not pieces of — “ ” … alone: Chinese uses them
            if _LATIN_WEIRD.search(match.group()):
                continue  # tried above
            fixed = _redecode_latin(match.group())
            if fixed is not None and assess(fixed).common >= 1 and assess(fixed).score >= 0.95:
                fixes.append(_Fix(match.start(), match.end(), fixed, []))
    return fixes


def _lossy_latin_fix(start: int, piece: str) -> Optional[_Fix]:
    """UTF-8 read as strict cp1252 with replacement: each U+FFFD is one of five bytes (81 8D 8F 90 9D).

    The rest of the piece is re-decoded; a character holding such a byte stays U+FFFD and is reported
    (guessing the common candidate was right 402 times in 403 on the samples: not certain, so not done).
    One edit per character keeps offsets exact.
    """
    units: list[Optional[int]] = []
    for ch in piece:
        if ch == "\ufffd":
            units.append(None)
            continue
        data = _latin_bytes(ch)
        if data is None:
            return None
        units.append(data[0])
    placeholder = bytes(u if u is not None else _CP1252_UNDEFINED[0] for u in units)
    decoded = _strict(placeholder, "utf-8")
    if decoded is None:
        return None
    edits: list[Edit] = []
    lost: list[tuple[int, int]] = []
    out: list[str] = []
    pos = 0
    for ch in decoded:
        size = len(ch.encode("utf-8"))
        wild = [k for k in range(pos, pos + size) if units[k] is None]
        if wild:  # one of five bytes: several candidates are usually real characters, so it stays lost
            ch = "\ufffd"
            lost.append((start + pos, start + pos + size))
        if size > 1 or ch != piece[pos]:
            edits.append(Edit(start + pos, start + pos + size, ch))
        out.append(ch)
        pos += size
    replacement = "".join(out)
    if not _is_improvement(piece.replace("\ufffd", ""), replacement.replace("\ufffd", "")):
        return None
    return _Fix(start, start + len(piece), replacement, lost, edits)


def _is_shift_repair(bad: str, good: str, *, marked: bool) -> bool:
    """Acceptance for a re-aligned GBK run: all-common result; a lost-byte mark next to it lowers the bar."""
    before, after = assess(bad), assess(good)
    if after.score < 0.95 or after.evidence < 3 or before.rare + before.weird == 0:
        return False
    return before.score < _BAD or (marked and after.score - before.score >= 0.25)


def _is_improvement(bad: str, good: str) -> bool:
    """The one acceptance test: ``good`` is plausible and ``bad`` was not."""
    before = assess(bad)
    if before.score >= _BAD:
        return False  # the common case: ``bad`` is plausible text, ``good`` need not be assessed
    after = assess(good)
    return after.score >= _GOOD and after.score - before.score >= 0.5


# ---------------------------------------------------------------------------- GBK / UTF-8 runs


class _DocContext:
    """Evidence from the document itself: which characters it annotates with which pinyin syllable, and
    which of its characters are suspicious (rare or weird)."""

    def __init__(self, text: str, suspicious_re: re.Pattern[str]) -> None:
        self._text = text
        self._annotated: dict[str, set[str]] = {}
        self.suspicious_re = suspicious_re  # one character of class < 0, e.g. 鐩 or Ã (``unclean_char_pattern``)

    def annotated(self, syllable: str) -> set[str]:
        """Characters the document annotates as ``syllable`` (a pinyin syllable of ``_LOST_MARK``), e.g.
        會 for ``huì``: the Han characters (U+4E00-U+9FFF) just before ``(huì)`` or ``(huì )``.

        Found with ``str.find`` for this syllable only; every such annotation counts (annotations never
        overlap: each ends with ``)``, and the next starts with a Han character).
        """
        if syllable not in self._annotated:
            text = self._text
            found: set[str] = set()
            for tail in (f"({syllable})", f"({syllable} )"):
                pos = text.find(tail, 1)
                while pos >= 0:
                    if "\u4e00" <= text[pos - 1] <= "\u9fff":
                        found.add(text[pos - 1])
                    pos = text.find(tail, pos + 1)
            self._annotated[syllable] = found
        return self._annotated[syllable]


def _gbk(ch: str) -> Optional[bytes]:
    """The GBK (Windows cp936) bytes of one character; cp936 has € at 0x80, Python's gbk lacks it."""
    if ch == "\u20ac":
        return b"\x80"
    try:
        return ch.encode("gbk")
    except UnicodeEncodeError:
        return None


def _han_run_fixes(text: str, start: int, end: int, context: _DocContext) -> list[_Fix]:
    """Fixes inside one run of non-ASCII characters: UTF-8 read as GBK, then GBK read out of step."""
    if end - start <= 2 and text[start] >= "\u3400" and _between_letters(text, start, end):
        fix = _pinyin_letter_fix(text, start, end)
        return [fix] if fix is not None else []
    unmarked = _is_unmarked_run(text, start, end)
    found: list[_Fix] = []
    if not unmarked or _may_start_utf8(text, start, end):
        windows = _utf8_pair_windows(text, start, end) if unmarked else _utf8_windows(text, start, end)
        found = [f for f in (_utf8_window_fix(text, s, e) for s, e in windows) if f]
    if unmarked and not _may_hold_unmarked_slip(text, start, end, context):
        return found
    taken = [(f.start, f.end) for f in found]
    for sub_start, sub_end in _split_lost(text, start, end):
        for s, e in _bad_clusters(text, sub_start, sub_end, context.suspicious_re):
            if not _overlaps(taken, s, e):
                fix = _shifted_gbk_fix(text, sub_start, sub_end, s, e, context)
                if fix is not None and not _overlaps(taken, fix.start, fix.end):
                    found.append(fix)
                    taken.append((fix.start, fix.end))
    return found


def _is_unmarked_run(text: str, start: int, end: int) -> bool:
    """True when no lost-byte mark is in or next to ``text[start:end]``: no U+FFFD inside, no ``?``/U+FFFD
    just before or after, and no ``?jì)``-style mark ending at ``start``.

    Inside such a run, every window ``_utf8_window_fix`` and ``_shifted_gbk_fix`` look at is unmarked too:
    the characters around a window are the run's own (non-ASCII, not U+FFFD) or the run's neighbours.
    """
    if text.find("\ufffd", start, end) >= 0 or _is_lost_mark(text, start - 1) or _is_lost_mark(text, end):
        return False
    return start == 0 or text[start - 1] != ")" or _mark_before(text, start) is None  # ?jì) ends with ")"


def _may_hold_unmarked_slip(text: str, start: int, end: int, context: _DocContext) -> bool:
    """False when the unmarked run ``text[start:end]`` has fewer than ``_UNMARKED_SLIP_RARE`` distinct rare
    or weird characters: then ``_shifted_gbk_fix`` finds nothing in it.

    Exact: without a mark, ``_shifted_gbk_fix`` needs that many distinct rare characters in its bad stretch
    (its cheap exit) and in every window it tries, all inside the run (``context.suspicious_re`` matches
    exactly the characters of class < 0).
    """
    return len(set(context.suspicious_re.findall(text, start, end))) >= _UNMARKED_SLIP_RARE


def _may_start_utf8(text: str, start: int, end: int) -> bool:
    """False when no two neighbouring characters of ``text[start:end]`` have GB18030 bytes that begin a
    multibyte UTF-8 string: then no unmarked window in this stretch, or starting in the first ``end - start - 1``
    characters of it, is UTF-8 read as GBK.

    Exact: without marks, ``_utf8_window_fix`` decodes only sub-windows of two or more characters that are
    valid UTF-8 from a lead byte (see ``_valid_utf8_sub_windows``), and their first two characters are such a
    pair; a window of ``n`` characters is trimmed by at most ``min(6, n - 2)``.
    """
    return _utf8_pair_pattern().search(text, start, end) is not None


def _may_read_as_utf8(text: str, start: int, end: int) -> bool:
    """False when the GB18030 bytes of ``text[start:end]`` hold no UTF-8 reading that ``_utf8_window_fix``
    accepts without marks: neither a lead byte of a three- or four-byte sequence with two continuation bytes
    after it, nor the two bytes of a neutral or whitespace character (é C3 A9, no-break space C2 A0); then no
    unmarked window inside the stretch is UTF-8 read as GBK.

    Exact.  A window's bytes are a part of the stretch's bytes (it holds no character without GB18030 bytes).
    Without marks a window is fixed only by a sub-window whose bytes ``D`` are valid UTF-8 from a lead byte
    (``_valid_utf8_sub_windows``).  With no three- or four-byte sequence, ``D`` reads as ASCII and characters
    U+0080-07FF, none of them common Han, and ``assess`` counts character by character: the reading scores
    1.0 when all its non-ASCII characters are neutral, else -1 or less.  So ``_is_improvement`` (score >= 0.8)
    needs them all neutral, ``_is_valid_utf8_evidence`` (a common character) never holds, and a whitespace
    reading is made of U+0085 and U+00A0 (a window's ASCII bytes are trail bytes 40-7E, never spaces); as ``D``
    starts with a lead byte, it holds at least one of these characters.
    """
    return _utf8_reading_pattern().search(text[start:end].encode("gb18030", errors="replace")) is not None


@lru_cache(maxsize=1)
def _utf8_reading_pattern() -> re.Pattern[bytes]:
    """UTF-8 bytes that an acceptable reading of an unmarked window holds (``_may_read_as_utf8``): a three- or
    four-byte lead and two continuation bytes (E4 B8 AD), or a character below U+0800 that is neutral or
    whitespace for ``assess`` (C3 A9), grouped by lead byte: ``C2[85A0A7...]``.  Its regex is built once per
    installation (``assess`` on 1 920 characters takes ~10 ms; see ``cache``)."""
    return compile_pattern(cached_value("utf8_reading_regex", _build_utf8_reading_regex, built_with=(assess,)))


def _build_utf8_reading_regex() -> bytes:
    """The regex of ``_utf8_reading_pattern``."""
    readable: dict[int, list[int]] = {}
    for code in range(0x80, 0x800):
        char = chr(code)
        if assess(char).evidence == 0 or char.isspace():
            lead, trail = char.encode("utf-8")
            readable.setdefault(lead, []).append(trail)
    two_byte = [re.escape(bytes((lead,))) + b"[" + b"".join(re.escape(bytes((t,))) for t in trails) + b"]"
                for lead, trails in sorted(readable.items())]
    return b"|".join([b"[\xe0-\xf4][\x80-\xbf]{2}", *two_byte])


@lru_cache(maxsize=1)
def _utf8_pair_pattern() -> re.Pattern[str]:
    """Two characters whose GB18030 bytes begin valid multibyte UTF-8, e.g. 鍔炲 (E5 8A | 9E E5): a first
    character needing 0, 1 or 2 more continuation bytes, then a second that continues validly."""
    return compile_pattern(_utf8_pair_regex())


def _utf8_pair_regex() -> str:
    """The regex text of ``_utf8_pair_pattern`` (also inside ``_utf8_pair_window_pattern``)."""
    f0, s0, f1, s1, f2, s2 = _utf8_classes()[:6]
    return f"[{f0}][{s0}]|[{f1}][{s1}]|[{f2}][{s2}]"


@lru_cache(maxsize=1)
def _utf8_pair_window_pattern() -> re.Pattern[str]:
    """A window of ``_utf8_window_pattern`` (from its start: no character of shape ``_IN_WINDOW`` before it)
    with a UTF-8 pair (``_utf8_pair_pattern``) starting among its first seven characters, e.g. 鐩樻斂."""
    in_window, ate_ascii = _utf8_classes()[6:]
    pair = _utf8_pair_regex()
    return compile_pattern(f"(?<![{in_window}])(?=[{in_window}]{{0,6}}(?:{pair}))[{in_window}]+[{ate_ascii}]?")


@lru_cache(maxsize=1)
def _utf8_window_pattern() -> re.Pattern[str]:
    """A maximal stretch of characters of shape ``_IN_WINDOW``, and one of shape ``_ATE_ASCII`` after it:
    a window of ``_utf8_windows`` in text without U+FFFD (e.g. 鐩樻斂)."""
    in_window, ate_ascii = _utf8_classes()[6:]
    return compile_pattern(f"[{in_window}]+[{ate_ascii}]?")


@lru_cache(maxsize=1)
def _not_utf8_byte_char_pattern() -> re.Pattern[str]:
    """A character whose GB18030 bytes make any byte string holding them invalid UTF-8 (e.g. 瘙, F0 FE):
    neither ASCII nor of shape ``_IN_WINDOW`` / ``_ATE_ASCII``.

    Such a character has a byte UTF-8 never uses (C0, C1, F5-FF) or is a four-byte code, whose third byte
    (81-FE) would have to both start and end a sequence between two ASCII digits.
    """
    in_window, ate_ascii = _utf8_classes()[6:]
    return compile_pattern(f"[^\\x00-\\x7f{in_window}{ate_ascii}]")


@lru_cache(maxsize=1)
def _utf8_classes() -> tuple[str, ...]:
    """Class bodies of ``_utf8_pair_pattern``, ``_utf8_pair_window_pattern`` and ``_utf8_window_pattern``
    (from the codec table: built once per installation, see ``cache``)."""
    return cached_value("utf8_classes", _build_utf8_classes, built_with=(class_body, decode_two_byte_codes))


def _build_utf8_classes() -> tuple[str, ...]:
    """Class bodies: (first, second) of a UTF-8 pair for each count of continuation bytes still needed after
    the first character, then the characters of shape ``_IN_WINDOW`` and ``_ATE_ASCII``.

    Only two-byte GB18030 codes matter (four-byte codes hold ASCII digits: never inside a window); each
    such code decodes to one character and that character encodes back to it, so classifying the byte
    pairs and decoding them classifies the characters.
    """
    firsts: tuple[list[bytes], ...] = ([], [], [])  # by continuation bytes still needed: 0, 1, 2
    seconds: tuple[list[bytes], ...] = ([], [], [])  # after a first needing 0, 1, 2
    shapes: dict[int, list[bytes]] = {_IN_WINDOW: [], _ATE_ASCII: [], _OUTSIDE: []}
    for lead in range(0x81, 0xFF):
        for trail in (*range(0x40, 0x7F), *range(0x80, 0xFF)):
            pair = bytes((lead, trail))
            if _starts_utf8_sequence(lead, trail):
                firsts[(lead >= 0xE0) + (lead >= 0xF0)].append(pair)
                seconds[0].append(pair)
            if _is_continuation(lead) and (trail < 0x80 or _is_lead(trail)):  # ends a 3-byte sequence, starts anew
                seconds[1].append(pair)
            if _is_continuation(lead) and _is_continuation(trail):  # ends a 4-byte sequence
                seconds[2].append(pair)
            if lead in _UTF8_SEQUENCE_BYTES:  # as _utf8_shape(pair), without a call per pair
                shapes[_IN_WINDOW if trail in _UTF8_SEQUENCE_BYTES else _ATE_ASCII if trail < 0x7F else _OUTSIDE
                       ].append(pair)
    groups = (firsts[0], seconds[0], firsts[1], seconds[1], firsts[2], seconds[2], shapes[_IN_WINDOW],
              shapes[_ATE_ASCII])
    return tuple(class_body({ord(ch) for ch in decode_two_byte_codes("gb18030", pairs)}) for pairs in groups)


def _is_lead(byte: int) -> bool:
    """A byte that begins a multibyte UTF-8 sequence."""
    return 0xC2 <= byte <= 0xF4


def _is_continuation(byte: int) -> bool:
    return 0x80 <= byte <= 0xBF


def _starts_utf8_sequence(lead: int, second: int) -> bool:
    """True when ``lead second`` begin a well-formed multibyte UTF-8 sequence (Unicode Table 3-7)."""
    low, high = _SECOND_BYTES.get(lead, (0x80, 0xBF))
    return _is_lead(lead) and low <= second <= high


# the second bytes allowed after the lead bytes with a narrower range than 80-BF (no overlong forms, no
# surrogates, nothing above U+10FFFF)
_SECOND_BYTES = {0xE0: (0xA0, 0xBF), 0xED: (0x80, 0x9F), 0xF0: (0x90, 0xBF), 0xF4: (0x80, 0x8F)}


def _between_letters(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` sits inside an ASCII word (``l猫i``), where Han characters never do."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return before.isascii() and before.isalpha() and (after.isascii() and after.isalpha() or after in ") ")


def _pinyin_letter_fix(text: str, start: int, end: int) -> Optional[_Fix]:
    """A pinyin letter with a tone mark (UTF-8, two bytes) read as one GBK character: ``l猫i`` → ``lèi``."""
    data = _gb18030_text(text[start:end]) if "\ufffd" not in text[start:end] else None
    decoded = _strict(data, "utf-8") if data else None
    if decoded and all(c in _PINYIN_LETTERS for c in decoded):
        return _Fix(start, end, decoded, [])
    return None


def _split_lost(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a run at replacement characters and 锟斤拷 (nothing there to re-decode)."""
    pieces, pos = [], start
    for m in _LOST_RUN.finditer(text, start, end):
        if m.start() > pos:
            pieces.append((pos, m.start()))
        pos = m.end()
    if pos < end:
        pieces.append((pos, end))
    return pieces


# the bytes that can be part of a multibyte UTF-8 sequence: continuation bytes and lead bytes
_UTF8_SEQUENCE_BYTES = frozenset((*range(0x80, 0xC0), *range(0xC2, 0xF5)))


def _utf8_bytes_only(data: bytes) -> bool:
    """True when every byte can be part of a UTF-8 multibyte sequence (0x80-0xBF, 0xC2-0xF4)."""
    return all(x in _UTF8_SEQUENCE_BYTES for x in data)


def _utf8_windows(text: str, start: int, end: int, *, min_length: int = 2) -> list[tuple[int, int]]:
    """Maximal stretches of characters whose GB18030 bytes could all be UTF-8 bytes (the shape of UTF-8 read as GBK).

    A stretch may end with a character whose trail byte is ASCII 0x40-0x7E: it swallowed the next ASCII byte.
    """
    if text.find("\ufffd", start, end) < 0:
        windows = [m.span() for m in _utf8_window_pattern().finditer(text, start, end)]
    else:
        windows = _utf8_windows_by_character(text, start, end)
    if text.find("锟斤拷", start, end) < 0:
        return [(a, b) for a, b in windows if b - a >= min_length]
    return _without_lost_only(text, windows, min_length)


def _utf8_pair_windows(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The ``_utf8_windows`` of an unmarked run (no U+FFFD) that ``_utf8_window_fix`` can fix: those with a UTF-8
    pair starting among the characters it may trim (``_may_start_utf8(text, s, s + min(6, e - s - 2) + 2)``),
    found in one scan, and whose bytes hold a reading it can accept (``_may_read_as_utf8``).

    A pair lies inside one window (its first character is of shape ``_IN_WINDOW``, its second of that shape or
    ``_ATE_ASCII``), so only windows of two characters or more hold one.
    """
    run = text[start:end]  # the scan looks behind a window's start: not beyond the run
    windows = [(start + a, start + b) for a, b in map(re.Match.span, _utf8_pair_window_pattern().finditer(run))
               if _may_read_as_utf8(run, a, b)]
    if "锟斤拷" not in run:
        return windows
    return _without_lost_only(text, windows, 2)


def _without_lost_only(text: str, windows: list[tuple[int, int]], min_length: int) -> list[tuple[int, int]]:
    """The windows holding at least ``min_length`` characters besides 锟斤拷 (a window shorter than that is
    dropped too).

    锟斤拷 is UTF-8 of U+FFFD read as GBK: nothing to gain from re-decoding it.
    """
    return [(a, b) for a, b in windows
            if b - a >= min_length and len(text[a:b].replace("锟斤拷", "")) >= min_length]


def _utf8_windows_by_character(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``_utf8_windows`` before filtering, one character at a time: for runs holding U+FFFD, whose bytes
    depend on its neighbours (``_gb_bytes_at``); elsewhere the same as ``_utf8_window_pattern``."""
    windows: list[tuple[int, int]] = []
    w_start: Optional[int] = None
    for i in range(start, end):
        ch = text[i]
        shape = _utf8_shape(_gb_bytes_at(text, i)) if ch == "\ufffd" else _char_utf8_shape(ch)
        if shape == _IN_WINDOW:
            if w_start is None:
                w_start = i
            continue
        if w_start is not None:
            windows.append((w_start, i + 1 if shape == _ATE_ASCII else i))
            w_start = None
    if w_start is not None:
        windows.append((w_start, end))
    return windows


_OUTSIDE, _IN_WINDOW, _ATE_ASCII = 0, 1, 2  # how a character's GB18030 bytes relate to a UTF-8 window


def _utf8_shape(data: bytes) -> int:
    """``_IN_WINDOW`` when all of ``data`` could be UTF-8 bytes; ``_ATE_ASCII`` for a UTF-8-like lead byte
    with an ASCII trail byte (0x40-0x7E); ``_OUTSIDE`` otherwise."""
    if data and _utf8_bytes_only(data):
        return _IN_WINDOW
    if len(data) == 2 and _utf8_bytes_only(data[:1]) and 0x40 <= data[1] <= 0x7E:
        return _ATE_ASCII
    return _OUTSIDE


@lru_cache(maxsize=None)
def _char_utf8_shape(ch: str) -> int:
    """``_utf8_shape`` of the GB18030 bytes of one character other than U+FFFD (cached per character)."""
    return _utf8_shape(_gb18030(ch) or b"")


def _gb_bytes_at(text: str, i: int) -> bytes:
    """GB18030 bytes of ``text[i]``; a U+FFFD between two non-ASCII characters stands for byte 0x80.

    A GB18030 reading of UTF-8 fails on exactly one byte when the next byte pairs fine: 0x80, the
    only byte that is neither a character nor a lead byte (0xFF never occurs in UTF-8).
    """
    ch = text[i]
    if ch == "\ufffd":
        nxt = text[i + 1] if i + 1 < len(text) else "\n"
        prev = text[i - 1] if i > 0 else "\n"
        return b"\x80" if nxt >= "\x80" and nxt != "\ufffd" and prev >= "\x80" else b""
    return _gb18030(ch) or b""


@lru_cache(maxsize=None)
def _gb18030(ch: str) -> Optional[bytes]:
    """GB18030 bytes of one character (cached per character; None for a lone surrogate)."""
    try:
        return ch.encode("gb18030")
    except UnicodeEncodeError:
        return None


def _utf8_window_fix(text: str, start: int, end: int) -> Optional[_Fix]:
    """UTF-8 read as GBK: the longest sub-window (edges trimmed by up to 6) that is valid, plausible UTF-8."""
    run = text[start:end]
    max_trim = min(6, len(run) - 2)
    lossy_start = _is_lost_mark(text, start - 1)
    marked = lossy_start or "\ufffd" in run or _is_lost_mark(text, end)  # a lost-byte mark at or next to the run
    if "\ufffd" in run:
        encoded = [_gb_bytes_at(text, i) for i in range(start, end)]
    else:
        encoded = [_gb18030(ch) or b"" for ch in run]
    data = b"".join(encoded)
    byte_starts = list(accumulate(map(len, encoded), initial=0))
    if marked:
        sub_windows = [(trim_left, len(run) - (total_trim - trim_left))
                       for total_trim in range(max_trim + 1) for trim_left in range(total_trim + 1)]
    else:  # without marks only valid UTF-8 can be accepted: usually there is none, nothing to judge
        sub_windows = _valid_utf8_sub_windows(data, byte_starts, max_trim)
    for a, b in sub_windows:
        if not _starts_with_lead_byte(data, byte_starts, a) and not (a == 0 and lossy_start):
            continue  # UTF-8 text starts with a lead byte
        lossy_before = marked and _is_lost_mark(text, start + a - 1)
        lossy_after = marked and _is_lost_mark(text, start + b)
        window = data[byte_starts[a] : byte_starts[b]]
        if lossy_before or lossy_after:
            decoded = _decode_utf8_lossy_edges(window, lossy_before=lossy_before, lossy_after=lossy_after)
        else:
            decoded = _strict(window, "utf-8")
        lossy = lossy_before or lossy_after
        if decoded and (decoded.isspace() and b - a >= 2  # 聽聽聽: no-break spaces read as GBK
                        or _is_improvement(run[a:b], decoded) or _is_valid_utf8_evidence(run[a:b], decoded, lossy)):
            return _Fix(start + a, start + b, decoded, [], kind="utf8-as-gbk")
    return None


def _starts_with_lead_byte(data: bytes, byte_starts: list[int], i: int) -> bool:
    """True when the bytes of character ``i`` begin with a UTF-8 lead byte (C2-F4)."""
    return byte_starts[i] < byte_starts[i + 1] and _is_lead(data[byte_starts[i]])


def _valid_utf8_sub_windows(data: bytes, byte_starts: list[int], max_trim: int) -> list[tuple[int, int]]:
    """The sub-windows ``(a, b)`` (character offsets) that ``_utf8_window_fix`` tries, trimmed by at most
    ``max_trim`` characters in all, whose bytes are non-empty valid UTF-8 starting with a lead byte: in the order
    it tries them (least trimmed first, then least trimmed on the left)."""
    count = len(byte_starts) - 1
    found = []
    for a in range(max_trim + 1):
        if not _starts_with_lead_byte(data, byte_starts, a):
            continue
        valid_length = _valid_utf8_length(data, byte_starts[a], byte_starts[count])
        found += [(a, b) for b in range(count - (max_trim - a), count + 1)
                  if _is_valid_utf8_slice(data, byte_starts[a], byte_starts[b], valid_length)]
    found.sort(key=lambda sub_window: (sub_window[0] + count - sub_window[1], sub_window[0]))
    return found


def _valid_utf8_length(data: bytes, start: int, end: int) -> int:
    """The byte length of the longest strictly valid UTF-8 prefix of ``data[start:end]``."""
    try:
        data[start:end].decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return end - start


def _is_valid_utf8_slice(data: bytes, start: int, stop: int, valid_length: int) -> bool:
    """True when ``data[start:stop]`` is valid UTF-8, given the length of the longest valid prefix from ``start``.

    Strict decoding fails at the first invalid or cut sequence, and every longer slice holds that sequence too;
    a shorter slice is valid when it ends at a character boundary, where no continuation byte (80-BF) follows.
    """
    length = stop - start
    return length == valid_length or (length < valid_length and not 0x80 <= data[stop] <= 0xBF)


def _is_valid_utf8_evidence(bad: str, good: str, lossy: bool) -> bool:
    """GBK-read text whose bytes form valid UTF-8 Chinese: clean text does not do that by chance.

    Four characters (8 bytes) are enough on their own; next to a lost byte, two.
    """
    if len(bad) < 4 and not (lossy and len(bad) >= 2):
        return False  # too short to be evidence: ``good`` need not be assessed
    after = assess(good)
    if after.score < 0.95 or after.common < 1:
        return False
    return len(bad) >= 4 and after.common >= 2 or lossy and len(bad) >= 2


def _is_lost_mark(text: str, pos: int) -> bool:
    """True when ``text[pos]`` is a replacement mark (``?`` or U+FFFD) left by a lossy decoding."""
    return 0 <= pos < len(text) and text[pos] in "?\ufffd"


def _decode_utf8_lossy_edges(data: bytes, *, lossy_before: bool, lossy_after: bool) -> Optional[str]:
    """Strict UTF-8; next to a lost byte, the partial character at that edge is dropped (it stays lost)."""
    if lossy_before:
        skip = 0
        while skip < 3 and skip < len(data) and 0x80 <= data[skip] <= 0xBF:
            skip += 1
        data = data[skip:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if not lossy_after or exc.reason != "unexpected end of data" or len(data) - exc.start > 3:
            return None
        try:
            return data[: exc.start].decode("utf-8")
        except UnicodeDecodeError:
            return None


def _bad_clusters(text: str, start: int, end: int, suspicious_re: re.Pattern[str]) -> list[tuple[int, int]]:
    """Stretches holding rare/weird characters (``suspicious_re``: a character of class < 0)
    no more than 6 characters apart (where a byte slip may be)."""
    clusters: list[tuple[int, int]] = []
    for hit in suspicious_re.finditer(text, start, end):
        i = hit.start()
        if clusters and i - clusters[-1][1] <= 6:
            clusters[-1] = (clusters[-1][0], i + 1)
        else:
            clusters.append((i, i + 1))
    return clusters


def _shifted_gbk_fix(
    text: str, run_start: int, run_end: int, bad_start: int, bad_end: int, context: _DocContext
) -> Optional[_Fix]:
    """GBK read one byte out of step: drop the orphan first byte of a window around the bad stretch, decode again."""
    rare = len(suspicious_chars(text[bad_start:bad_end]))
    near_mark = _is_lost_mark(text, run_start - 1) or _LOST_MARK.match(text, run_end) is not None or (
        _mark_before(text, run_start) is not None)
    if not near_mark and rare < _UNMARKED_SLIP_RARE:
        return None  # cheap exit: the common case of a name or term with rare characters
    best: Optional[tuple[int, int, str, Optional[int]]] = None
    ends = sorted({min(run_end, bad_end + k) for k in range(0, 4)} | {run_end} if run_end - bad_end <= 12
                  else {min(run_end, bad_end + k) for k in range(0, 4)}, reverse=True)
    for a in range(max(run_start, bad_start - 8), bad_start + 1):
        for b in ends:
            if b - a < 3:
                continue
            encoded = [_gbk(c) for c in text[a:b]]
            if any(e is None for e in encoded):
                continue
            data = b"".join(encoded)  # type: ignore[arg-type]
            decoded, orphan_lead = _decode_gbk_shifted(data[1:])
            if not decoded or len(decoded) < 3:
                continue
            marked = _mark_before(text, a) is not None or (orphan_lead is not None and _LOST_MARK.match(text, b))
            if not marked and (len(suspicious_chars(text[a:b])) < _UNMARKED_SLIP_RARE or len(decoded) < 6):
                continue  # a few rare characters are names or terms (癫痫), not a byte slip
            if _is_shift_repair(text[a:b], decoded, marked=bool(marked)):
                if best is None or (b - a) > (best[1] - best[0]):
                    best = (a, b, decoded, orphan_lead)
    if best is None:
        return None
    a, b, decoded, orphan_lead = best
    lost_trail_of = _gbk(text[a])[0]  # type: ignore[index]
    fix_start, fix_end = a, b
    replacement = decoded
    lost: list[tuple[int, int]] = []
    # the character whose lead byte was lost: its trail byte is the dropped first byte
    mark = _mark_before(text, fix_start)
    if mark is not None:
        mark_start, syllable = mark
        restored = _restore(context, syllable, trail=lost_trail_of, byte_before=_last_gbk_byte(text, mark_start))
        if restored is not None:
            fix_start, replacement = mark_start, restored + replacement
        else:
            lost.append((mark_start, fix_start))
    else:
        lost.append((fix_start, fix_start + 1))
    # the character whose trail byte was lost: its lead byte ends the window
    if orphan_lead is not None:
        mark = _LOST_MARK.match(text, fix_end)
        restored = _restore(context, mark.group(1), lead=orphan_lead) if mark else None
        if restored is not None and mark is not None:
            fix_end, replacement = mark.end(), replacement + restored
        elif mark is not None:
            lost.append((mark.start(), mark.end()))
        elif _is_lost_mark(text, fix_end):
            lost.append((fix_end, fix_end + 1))
        else:
            lost.append((fix_end - 1, fix_end))
    return _Fix(fix_start, fix_end, replacement, lost)


def _decode_gbk_shifted(data: bytes) -> tuple[Optional[str], Optional[int]]:
    """Decode realigned GBK bytes; a lone lead byte at the end is returned separately."""
    try:
        return data.decode("gbk"), None
    except UnicodeDecodeError as exc:
        if exc.start == len(data) - 1 and exc.reason in ("incomplete multibyte sequence", "unexpected end of data"):
            try:
                return data[:-1].decode("gbk"), data[-1]
            except UnicodeDecodeError:
                return None, None
        return None, None


def _mark_before(text: str, pos: int) -> Optional[tuple[int, Optional[str]]]:
    """Start and annotation syllable of a lost-byte marker (``?jì)``, or a bare ``?``) ending at ``pos``."""
    for m in _LOST_MARK.finditer(text, max(0, pos - 12), pos):
        if m.end() == pos:
            return m.start(), m.group(1)
    if pos > 0 and text[pos - 1] in "?\ufffd":
        return pos - 1, None  # a bare marker: no annotation to help
    return None


def _last_gbk_byte(text: str, pos: int) -> Optional[int]:
    """The last GBK byte of the character before ``pos``."""
    if pos == 0:
        return None
    encoded = _gbk(text[pos - 1])
    return encoded[-1] if encoded and len(encoded) == 2 else None


def _restore(
    context: _DocContext,
    syllable: Optional[str],
    *,
    trail: Optional[int] = None,
    lead: Optional[int] = None,
    byte_before: Optional[int] = None,
) -> Optional[str]:
    """The lost character, if exactly one byte value fits the document's own annotation of ``syllable``."""
    if not syllable:
        return None
    annotated = context.annotated(syllable)
    if not annotated:
        return None
    found: set[str] = set()
    if trail is not None:
        candidates = _pair_row(trail, known_is_trail=True)
    else:
        candidates = _pair_row(lead, known_is_trail=False)  # type: ignore[arg-type]
    out_of_step = _pair_row(byte_before, known_is_trail=False) if byte_before is not None else None
    for index, char in enumerate(candidates):  # the lost byte is 0x81 + index
        if char is None:
            continue
        if char in annotated:
            found.add(char)
        elif out_of_step is not None and out_of_step[index] in annotated:
            found.add(char)  # the annotator read the stream one byte out of step, as the reader did
    return found.pop() if len(found) == 1 else None


@lru_cache(maxsize=512)
def _pair_row(known: int, *, known_is_trail: bool) -> tuple[Optional[str], ...]:
    """``_decode_pair`` of ``byte known`` (or ``known byte``) for each byte 0x81-0xFE, in order."""
    return tuple(_decode_pair(bytes((byte, known)) if known_is_trail else bytes((known, byte)))
                 for byte in range(0x81, 0xFF))


@lru_cache(maxsize=None)
def _decode_pair(pair: bytes) -> Optional[str]:
    """The one GBK character of two bytes, or None (cached: at most 65,536 pairs)."""
    try:
        char = pair.decode("gbk")
    except UnicodeDecodeError:
        return None
    return char if len(char) == 1 else None


# ---------------------------------------------------------------------------- result


def _overlaps(claimed: "list[tuple[int, int]] | _Claims", start: int, end: int) -> bool:
    if isinstance(claimed, _Claims):
        return claimed.overlaps(start, end)
    return any(s < end and start < e for s, e in claimed)


class _Claims:
    """Disjoint claimed spans, sorted, with a logarithmic overlap test."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def add(self, start: int, end: int) -> None:
        i = bisect_left(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, end)

    def covers(self, start: int, end: int) -> bool:
        """True when one claimed span holds all of ``[start, end)``."""
        i = bisect_left(self._starts, start + 1) - 1
        return i >= 0 and self._starts[i] <= start and end <= self._ends[i]

    def overlaps(self, start: int, end: int) -> bool:
        """True when a claimed span shares a character with ``[start, end)`` (non-empty)."""
        i = bisect_left(self._starts, end) - 1  # the last span starting before ``end``
        return end > start and i >= 0 and self._ends[i] > start


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """Extend ``[start, end)`` to the clause around it (between punctuation marks)."""
    left = start
    while left > 0 and not _CLAUSE_END.match(text[left - 1]) and start - left < 40:
        left -= 1
    m = _CLAUSE_END.search(text, end, min(len(text), end + 40))
    right = m.start() if m else min(len(text), end + 40)
    return left, right


def _result(text: str, fixes: list[_Fix], claimed: _Claims, *, summary: bool = False) -> StepResult:
    """Edits, places and warnings of the accepted fixes, plus warnings for runs that stay lost.

    Garbled places are listed one by one for local damage; a document re-decoded as a whole (or
    with more than ``_MAX_PLACES`` runs) is summarised in ``detail`` and lists only its lossy places.
    """
    edits: list[Edit] = []
    places: list[RepairPlace] = []
    warnings: list[ParseWarning] = []
    fixes.sort(key=lambda f: f.start)
    list_all = not summary and len(fixes) <= _MAX_PLACES
    for fix in fixes:
        edits.extend(fix.edits if fix.edits is not None else [Edit(fix.start, fix.end, fix.replacement)])
        if list_all or fix.lost:
            left, right = _clause(text, fix.start, fix.end)
            good = None if fix.lost else text[left:fix.start] + fix.replacement + text[fix.end:right]
            places.append(RepairPlace(bad=text[left:right], good=good, span=(left, right)))
        for span in fix.lost:
            warnings.append(ParseWarning(
                code="mojibake_unrecovered",
                message=f"garbled text {text[span[0]:span[1]]!r}: a lost byte leaves one character unknown",
                span=span,
            ))
    lost_runs = (_LOST_FRAGMENT if "锟斤拷" in text else _LOST_RUN) if "\ufffd" in text or "锟斤拷" in text else None
    for m in lost_runs.finditer(text) if lost_runs is not None else ():
        if _overlaps(claimed, m.start(), m.end()):
            continue
        warnings.append(ParseWarning(
            code="mojibake_unrecovered",
            message=f"{m.end() - m.start()} characters lost to a wrong decoding ({m.group()[:9]!r})",
            span=(m.start(), m.end()),
        ))
    if summary and fixes:
        detail = f"whole document re-decoded ({len(fixes)} lines)"
    else:
        detail = f"{len(fixes)} garbled runs re-decoded" if fixes else ""
    return StepResult(edits=edits, detail=detail, places=places, warnings=warnings, count=len(fixes))
