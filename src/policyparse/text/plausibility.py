"""How plausible a decoded text is as Chinese: the one score every decoding and repair decision uses.

The score needs no data files.  It rests on two character sets that ship
inside Python's codecs:

* GB2312 level 1 — the 3,755 common Simplified characters (lead byte
  0xB0–0xD7);
* Big5 "frequently used" — the 5,401 common Traditional characters
  (0xA440–0xC67E).

Clean policy text is ~99.9% *common* Han (either set); UTF-8 read as GBK,
GBK read as Big5 and byte-shifted runs land mostly on rare characters
(12–67% common, measured on the samples).  On top of that, characters that
never belong in Chinese prose count as *weird*: the replacement character,
C1 controls, private-use code points, Latin-1 letters and cp1252 symbols
(what UTF-8 read as Latin-1 looks like), combining marks, Cyrillic, Hebrew,
Arabic and non-pinyin Latin Extended letters (what GBK read as UTF-8 looks
like), box drawing, and the `锟斤拷` trigram (U+FFFD
read as GBK).

``assess(text).score`` is ``(common - rare - 2·weird) / (common + rare + weird)``,
in [-2, 1]; text with no Han and nothing weird scores 1.0 (no evidence either
way) — callers that compare two readings should also look at ``evidence``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from ..cache import cached_value, compile_pattern, dataclass

# 锟斤拷: two U+FFFD (EF BF BD EF BF BD) decoded as GBK
_KUN_JIN_KAO = compile_pattern("锟斤拷")

# cp1252's printable characters above 0x7F that are not Latin-1 (ƒ ˆ Š Œ Ž š œ ž Ÿ ‹ › ‰ † ‡ ™ €);
# quotes, dashes, bullet and ellipsis are left out: Chinese text uses them.
_CP1252_SYMBOLS = frozenset("\u0192\u02c6\u0160\u0152\u017d\u0161\u0153\u017e\u0178\u2039\u203a\u2030\u2020\u2021\u2122\u20ac\u02dc")
# Latin-1 characters that do occur in Chinese documents (°, ±, ·, ×, ÷, §, pinyin vowels with tone marks)
_LATIN1_ALLOWED = frozenset("°±·×÷§àáèéìíòóùúüÀÁÈÉÌÍÒÓÙÚÜ")
# pinyin letters with tone marks outside Latin-1 (ā ē ī ō ū ǎ ě ǐ ǒ ǔ ǖ ǘ ǚ ǜ ń ň)
_PINYIN_LETTERS = frozenset("āēīōūǎěǐǒǔǖǘǚǜńňĀĒĪŌŪǍĚǏǑǓ")
# Chinese punctuation, full-width forms and symbols that clean documents use
_NEUTRAL_RANGES = (
    (0x2000, 0x206F),  # general punctuation (— … “ ” ‘ ’ ※)
    (0x2150, 0x218F),  # number forms (Ⅰ Ⅱ ⅰ)
    (0x2190, 0x21FF),  # arrows
    (0x2460, 0x24FF),  # enclosed alphanumerics (① ⑴ ⒈)
    (0x25A0, 0x25FF),  # geometric shapes (■ □ ○ ●)
    (0x2600, 0x26FF),  # misc symbols (★ ☆)
    (0x3000, 0x303F),  # CJK punctuation (、 。 〔 〕 《 》 【 】)
    (0x3200, 0x33FF),  # enclosed CJK, CJK compatibility (㈠ ㎡)
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # full-width forms (， ： （ ）)
)


@dataclass(frozen=True, slots=True)
class Assessment:
    """Counts behind the plausibility score of one text."""

    common: int  # common Han (GB2312 level 1 or Big5 frequent)
    rare: int  # other Han, other scripts
    weird: int  # characters that signal a wrong decoding

    @property
    def evidence(self) -> int:
        """How many characters the score rests on."""
        return self.common + self.rare + self.weird

    @property
    def score(self) -> float:
        """Plausibility in [-2, 1]: 1 is clean common Chinese, below ~0.5 is suspect."""
        if not self.evidence:
            return 1.0
        return (self.common - self.rare - 2 * self.weird) / self.evidence


# Unicode whitespace above ASCII (what ``str.isspace`` accepts): NEL, no-break space, ogham space mark,
# the general-punctuation spaces, line/paragraph separators, narrow no-break, medium math, ideographic space
_NON_ASCII_SPACES = "\x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000"


@lru_cache(maxsize=1)
def common_han() -> frozenset[str]:
    """GB2312 level-1 and Big5 frequent characters (~6,700; built once per installation, see ``cache``)."""
    return cached_value("common_han", _decode_common_han)


def _decode_common_han() -> frozenset[str]:
    return frozenset(_decoded_codes("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF))
                     | _decoded_codes("big5", range(0xA4, 0xC7), range(0x40, 0xFF), first=0xA440, last=0xC67E))


def _decoded_codes(codec: str, leads: range, trails: range, first: int = 0, last: int = 0xFFFF) -> set[str]:
    """The characters of the two-byte codes ``lead trail`` (``first`` <= code <= ``last``) of ``codec``."""
    return decode_two_byte_codes(codec, (bytes((lead, trail)) for lead in leads for trail in trails
                                         if first <= (lead << 8 | trail) <= last))


def decode_two_byte_codes(codec: str, codes: Iterable[bytes]) -> set[str]:
    """The characters that two-byte ``codes`` of ``codec`` stand for, all decoded in one call.

    Each code is followed by a line break (never a trail byte of a Chinese codec), so an undefined code
    yields only replacement characters and its neighbours decode alone.
    """
    pieces = b"\n".join(codes).decode(codec, errors="replace").split("\n")
    return {ch for ch in pieces if len(ch) == 1 and ch != "\ufffd"}


def _is_neutral(ch: str) -> bool:
    """Punctuation, symbols, spaces, pinyin letters: characters that say nothing about the decoding."""
    code = ord(ch)
    return (any(lo <= code <= hi for lo, hi in _NEUTRAL_RANGES) or ch.isspace()
            or ch in _LATIN1_ALLOWED or ch in _PINYIN_LETTERS)


def is_weird(ch: str) -> bool:
    """True for characters that almost only appear in wrongly decoded Chinese."""
    code = ord(ch)
    if ch == "\ufffd" or 0x80 <= code <= 0x9F or 0xE000 <= code <= 0xF8FF:
        return True
    if 0xA0 < code <= 0xFF:
        return ch not in _LATIN1_ALLOWED
    if ch in _CP1252_SYMBOLS:
        return True
    if 0x100 <= code <= 0x24F:  # Latin Extended-A/B: only pinyin letters belong in Chinese documents
        return ch not in _PINYIN_LETTERS
    # IPA, spacing modifiers, combining marks (U+0250-036F); Cyrillic to NKo (U+0400-07FF): what GBK bytes
    # read as UTF-8 look like; box drawing (U+2500-257F, GBK's A9 row, rare in prose)
    return 0x250 <= code <= 0x36F or 0x400 <= code <= 0x7FF or 0x2500 <= code <= 0x257F


@lru_cache(maxsize=65536)
def char_class(ch: str) -> int:
    """1 common Han; -2 weird; 0 neutral (ASCII, punctuation, spaces, pinyin); -1 anything else
    (rare Han, Greek, kana, Hangul, other scripts, characters beyond the BMP)."""
    if ch < "\x80":
        return 0
    if ch in common_han():
        return 1
    if is_weird(ch):
        return -2
    return 0 if _is_neutral(ch) else -1


def _ranges(codes: "set[int] | frozenset[int]") -> list[tuple[int, int]]:
    """Code points merged into sorted inclusive ranges."""
    ordered = sorted(codes)
    if not ordered:
        return []
    # a range ends where the next code point is not one more
    breaks = [i for i, (code, following) in enumerate(zip(ordered, ordered[1:]), 1) if following != code + 1]
    firsts = [0, *breaks]
    lasts = [i - 1 for i in breaks] + [len(ordered) - 1]
    return [(ordered[i], ordered[j]) for i, j in zip(firsts, lasts)]


def class_body(codes: "set[int] | frozenset[int]") -> str:
    """The inside of a regex character class matching exactly the code points ``codes``."""
    return _class_body(_ranges(codes))


def _class_body(ranges: list[tuple[int, int]]) -> str:
    """The inside of a regex character class for inclusive code point ranges."""
    def char(code: int) -> str:
        return re.escape(chr(code)) if code < 0x80 else chr(code)  # only ASCII needs escaping

    return "".join(char(a) if a == b else f"{char(a)}-{char(b)}" for a, b in ranges)


@lru_cache(maxsize=1)
def _common_codes() -> frozenset[int]:
    """The code points of ``common_han``."""
    return frozenset(map(ord, common_han()))


def _codes(chars: "frozenset[str] | str") -> set[int]:
    """The code points of ``chars``."""
    return set(map(ord, chars))


@lru_cache(maxsize=1)
def _weird_codes() -> frozenset[int]:
    """Code points of ``is_weird``, derived from its ranges (no per-character calls)."""
    codes = {0xFFFD, *range(0x80, 0xA0), *range(0xE000, 0xF900), *_codes(_CP1252_SYMBOLS),
             *range(0x250, 0x370), *range(0x400, 0x800), *range(0x2500, 0x2580)}
    codes |= set(range(0xA1, 0x100)) - _codes(_LATIN1_ALLOWED)
    codes |= set(range(0x100, 0x250)) - _codes(_PINYIN_LETTERS)
    return frozenset(codes)


@lru_cache(maxsize=1)
def _neutral_codes() -> frozenset[int]:
    """Non-ASCII code points of class 0 (``_is_neutral`` and not weird), derived from their ranges."""
    codes = {code for lo, hi in _NEUTRAL_RANGES for code in range(lo, hi + 1)}
    codes |= _codes(_NON_ASCII_SPACES) | _codes(_LATIN1_ALLOWED) | _codes(_PINYIN_LETTERS)
    return frozenset(codes - _weird_codes())


@lru_cache(maxsize=1)
def _class_bodies() -> tuple[str, str, str, str]:
    """The insides of the character classes of common Han, weird, neutral and clean characters (derived from
    codec tables: built once per installation, see ``cache``)."""
    return cached_value("plausibility_classes", _build_class_bodies)


def _build_class_bodies() -> tuple[str, str, str, str]:
    common = _class_body(_ranges(_common_codes()))
    weird = _class_body(_ranges(_weird_codes()))
    neutral = _class_body(_ranges(_neutral_codes()))
    clean = _class_body(_ranges(set(range(0x80)) | _common_codes() | _neutral_codes()))
    return common, weird, neutral, clean


@lru_cache(maxsize=1)
def _class_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Regexes for ``assess`` (built once, on first use) over the classes of ``char_class``.

    The one large class is the first; the others are a few dozen ranges each and only run over its
    (short) matches.
    """
    common, weird, neutral, _ = _class_bodies()
    return (
        compile_pattern(f"[^\\x00-\\x7f{common}]+"),  # a run of non-ASCII characters that are not common Han
        compile_pattern(f"[{weird}]+"),  # a run of weird characters: Ã U+FFFD …
        compile_pattern(f"[{neutral}]+"),  # a run of neutral non-ASCII: ， 。 ① ā
    )


@lru_cache(maxsize=1)
def unclean_char_pattern() -> re.Pattern[str]:
    """A regex (built once, on first use) matching one character that is not clean (class < 0): e.g. 鐩 Ã 癫.

    A single-character class, not a run: clean text holds few such characters, so the scan makes few matches.
    """
    return compile_pattern(f"[^{_class_bodies()[3]}]")


def _uncommon(text: str) -> str:
    """The non-ASCII characters of ``text`` that are not common Han, in order (one C-speed scan)."""
    return "".join(_class_patterns()[0].findall(text))


def assess(text: str) -> Assessment:
    """Count common, rare and weird characters of ``text`` (C-speed regex scans; no per-character Python)."""
    if text.isascii():
        return Assessment(0, 0, 0)
    kun = text.count("锟斤拷") if "锟" in text else 0
    if kun:  # each 锟斤拷 is three common-looking characters that stand for lost bytes
        text = text.replace("锟斤拷", "")
    _, weird_re, neutral_re = _class_patterns()
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    uncommon = _uncommon(text)  # weird, neutral and rare characters: usually a small part of the text
    weird = sum(map(len, weird_re.findall(uncommon)))  # runs, not characters: fewer objects
    neutral = sum(map(len, neutral_re.findall(uncommon)))
    return Assessment(common=non_ascii - len(uncommon), rare=len(uncommon) - weird - neutral, weird=weird + 3 * kun)


def plausibility(text: str) -> float:
    """Plausibility score of ``text`` (see ``Assessment.score``)."""
    return assess(text).score


def is_clean_char(ch: str) -> bool:
    """True for ASCII, common Han and neutral punctuation: characters that need no look."""
    return char_class(ch) >= 0


def suspicious_chars(text: str) -> set[str]:
    """The distinct characters of ``text`` that are not clean (one C-speed regex scan over the text)."""
    if text.isascii():
        return set()
    return set(unclean_char_pattern().findall(text))
