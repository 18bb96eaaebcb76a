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
from dataclasses import dataclass
from functools import lru_cache

# 锟斤拷: two U+FFFD (EF BF BD EF BF BD) decoded as GBK
_KUN_JIN_KAO = re.compile("锟斤拷")

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


@lru_cache(maxsize=1)
def common_han() -> frozenset[str]:
    """GB2312 level-1 and Big5 frequent characters (built once, ~9,000 characters)."""
    chars: set[str] = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    for code in range(0xA440, 0xC67F):
        try:
            chars.add(bytes((code >> 8, code & 0xFF)).decode("big5"))
        except UnicodeDecodeError:
            pass
    return frozenset(chars)


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


def _char_class_regex(chars: list[str]) -> re.Pattern[str]:
    """One character of ``chars`` (sorted), as a character class of ranges."""
    ranges: list[tuple[int, int]] = []
    for code in sorted(ord(c) for c in chars):
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    body = "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
    return re.compile(f"[{body}]")


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Regexes (built once) matching a run of common, of weird, of neutral non-ASCII characters."""
    common, weird, neutral = _classified()
    return tuple(re.compile(_char_class_regex(chars).pattern + "+")  # type: ignore[return-value]
                 for chars in (list(common), weird, neutral))


@lru_cache(maxsize=1)
def _clean_chars() -> frozenset[str]:
    """Every character of class >= 0: ASCII, common Han and neutral characters (built once)."""
    common, _, neutral = _classified()
    return frozenset(map(chr, range(0x80))) | common | frozenset(neutral)


@lru_cache(maxsize=1)
def _classified() -> tuple[frozenset[str], list[str], list[str]]:
    """Common Han, and the weird and the neutral non-ASCII characters (built once, ~0.1 s)."""
    common = common_han()
    weird: list[str] = []
    neutral: list[str] = []
    weird.extend(chr(c) for c in range(0xE000, 0xF900))  # private use
    # Han (U+3400-9FFF), Hangul syllables, surrogates and private use are neither neutral nor (else) weird
    codes = [*range(0x80, 0x3400), *range(0xA000, 0xAC00), *range(0xD7B0, 0xD800), *range(0xF900, 0x10000)]
    for code in codes:
        ch = chr(code)
        if ch in common:
            continue
        if is_weird(ch):
            weird.append(ch)
        elif _is_neutral(ch):
            neutral.append(ch)
    return common, weird, neutral


def assess(text: str) -> Assessment:
    """Count common, rare and weird characters of ``text`` (C-speed regex scans; no per-character Python)."""
    if text.isascii():
        return Assessment(0, 0, 0)
    kun = text.count("锟斤拷") if "锟" in text else 0
    if kun:  # each 锟斤拷 is three common-looking characters that stand for lost bytes
        text = text.replace("锟斤拷", "")
    common_re, weird_re, neutral_re = _patterns()
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    common = sum(map(len, common_re.findall(text)))  # runs, not characters: fewer objects
    weird = sum(map(len, weird_re.findall(text)))
    rare = non_ascii - common - weird - sum(map(len, neutral_re.findall(text)))
    return Assessment(common=common, rare=rare, weird=weird + 3 * kun)


def plausibility(text: str) -> float:
    """Plausibility score of ``text`` (see ``Assessment.score``)."""
    return assess(text).score


def is_clean_char(ch: str) -> bool:
    """True for ASCII, common Han and neutral punctuation: characters that need no look."""
    return char_class(ch) >= 0


def suspicious_chars(text: str) -> set[str]:
    """The distinct characters of ``text`` that are not clean (one C-speed regex scan over the text)."""
    return set(_unclean_pattern().findall(text))


@lru_cache(maxsize=1)
def _unclean_pattern() -> re.Pattern[str]:
    """A regex matching one character that is not clean (class < 0), built once from ``_clean_chars``."""
    return re.compile("[^" + _char_class_regex(sorted(_clean_chars())).pattern[1:])
