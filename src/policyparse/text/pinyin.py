"""Remove pinyin annotations left by web converters: ``發(fā)``, ``會(huì )``, ``創（chuàng）``.

Some sites convert Simplified pages to Traditional with a tool that appends the
reading of certain characters in brackets.  The annotations are junk for every
later stage, so they are removed — and only they: a bracket is an annotation
when all of the following hold (the rule, tested on both sides):

1. it directly follows a Han character (zero-width characters may sit between),
   or a ``?``/U+FFFD standing for a character the converter lost;
2. its content is lower case and splits into 1–8 valid pinyin syllables
   (checked against the Mandarin syllable inventory below, with tone-marked
   vowels folded to plain ones and ``v``/``ü`` treated alike), separated by
   optional spaces (``(huì )``, ``(chuàng yè)``, ``(chuàngyè)``);
3. it carries a tone mark on every syllable that has one place for it (the
   converters always write them) — *or*, toneless, the same document already
   shows at least ``_TONELESS_EVIDENCE`` tone-marked annotations (the converter
   is known to be at work there) and the content is not a lone vowel.

So ``(GDP)``, ``(R&D)``, ``(2019—2021)``, ``(含蒙医药)``, ``(a)`` and English
words that happen to be pinyin (``(an)``, ``(men)``, ``(long)``) stay, unless the
document is visibly full of annotations.  A run of adjacent annotations
(``(fā)(fa)``) goes in one edit, so the step is idempotent.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from itertools import accumulate, compress
from operator import add, and_, itemgetter
from typing import Pattern, Sequence

from ..cache import compile_pattern
from .offsets import OrderedEdits, position_column
from .repair import StepResult

# --- the syllable inventory -------------------------------------------------
# Finals and the initials each combines with (standard Mandarin syllable table;
# "" is the zero initial, written with y/w where the orthography requires it).
_LABIALS = "b p m f"
_ALVEOLARS = "d t n l"
_VELARS = "g k h"
_RETROFLEX = "zh ch sh r"
_SIBILANTS = "z c s"
_PALATALS = "j q x"

_FINALS_BY_INITIALS: dict[str, str] = {
    "a": f"{_LABIALS} {_ALVEOLARS} {_VELARS} zh ch sh {_SIBILANTS} -",
    "o": f"{_LABIALS} l -",
    "e": f"m d t n l {_VELARS} {_RETROFLEX} {_SIBILANTS} -",
    "ai": f"b p m d t n l {_VELARS} zh ch sh {_SIBILANTS} -",
    "ei": f"{_LABIALS} d t n l {_VELARS} zh sh z -",
    "ao": f"b p m d t n l {_VELARS} {_RETROFLEX} {_SIBILANTS} -",
    "ou": f"p m f d t n l {_VELARS} {_RETROFLEX} {_SIBILANTS} -",
    "an": f"{_LABIALS} {_ALVEOLARS} {_VELARS} {_RETROFLEX} {_SIBILANTS} -",
    "en": f"{_LABIALS} d n {_VELARS} {_RETROFLEX} {_SIBILANTS} -",
    "ang": f"{_LABIALS} {_ALVEOLARS} {_VELARS} {_RETROFLEX} {_SIBILANTS} -",
    "eng": f"{_LABIALS} {_ALVEOLARS} {_VELARS} {_RETROFLEX} {_SIBILANTS} -",
    "ong": f"{_ALVEOLARS} {_VELARS} zh ch r {_SIBILANTS}",
    "er": "-",
    "i": f"b p m d t n l {_PALATALS} {_RETROFLEX} {_SIBILANTS}",  # zhi … si: apical i
    "ia": f"d l {_PALATALS}",
    "ie": f"b p m d t n l {_PALATALS}",
    "iao": f"b p m d t n l {_PALATALS}",
    "iu": f"m d n l {_PALATALS}",
    "ian": f"b p m d t n l {_PALATALS}",
    "in": f"b p m n l {_PALATALS}",
    "iang": f"n l {_PALATALS}",
    "ing": f"b p m d t n l {_PALATALS}",
    "iong": _PALATALS,
    "u": f"{_LABIALS} {_ALVEOLARS} {_VELARS} {_RETROFLEX} {_SIBILANTS} {_PALATALS}",  # ju qu xu = jü …
    "ua": f"{_VELARS} zh ch sh r",
    "uo": f"{_ALVEOLARS} {_VELARS} {_RETROFLEX} {_SIBILANTS}",
    "uai": f"{_VELARS} zh ch sh",
    "ui": f"d t {_VELARS} {_RETROFLEX} {_SIBILANTS}",
    "uan": f"{_ALVEOLARS} {_VELARS} {_RETROFLEX} {_SIBILANTS} {_PALATALS}",
    "un": f"d t n l {_VELARS} {_RETROFLEX} {_SIBILANTS} {_PALATALS}",
    "uang": f"{_VELARS} zh ch sh",
    "ü": "n l",
    "üe": "n l",
    "ue": f"n l {_PALATALS}",  # jue que xue; nue lue as often typed for nüe lüe
}
# Zero-initial spellings (y/w orthography) of the i-, u- and ü- finals.
_ZERO_INITIAL_SPELLINGS = (
    "yi ya ye yao you yan yin yang ying yong yo "
    "wu wa wo wai wei wan wen wang weng "
    "yu yue yuan yun"
)


def _build_syllables() -> frozenset[str]:
    """All toneless syllables, ``ü`` kept (``lü``, ``nüe``) and also spelled ``v``."""
    syllables: set[str] = set(_ZERO_INITIAL_SPELLINGS.split())
    for final, initials in _FINALS_BY_INITIALS.items():
        for initial in initials.split():
            syllables.add(final if initial == "-" else initial + final)
    syllables |= {s.replace("ü", "v") for s in syllables if "ü" in s}
    return frozenset(syllables)


SYLLABLES: frozenset[str] = _build_syllables()
_MAX_SYLLABLE_LEN = max(map(len, SYLLABLES))
_MAX_SYLLABLES = 8
_TONELESS_EVIDENCE = 3  # tone-marked annotations needed before toneless ones count

# --- matching ---------------------------------------------------------------
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_ZERO_WIDTH = r"\u200b-\u200d\u2060\ufeff"
# content of a candidate: Latin letters (any case, tone-marked, full-width lower
# case), combining tone marks, ü, spaces and zero-width characters
_CONTENT = r"a-zA-Z\u00c0-\u024f\u0300-\u030c\uff41-\uff5a \u00a0\u3000\u2000-\u200a" + _ZERO_WIDTH


def _bracket(opening: str) -> str:
    """One bracketed candidate opened by ``opening`` (a pattern), e.g. (huì ) or （chuàng）; the content is read
    possessively (no backtracking): it cannot hold a closing bracket."""
    return rf"{opening}[{_CONTENT}]{{1,60}}+[)）]"


# one bracketed candidate, half- or full-width brackets
_BRACKET = _bracket("[(（]")
# a run of adjacent candidates, e.g. "(xíng)(háng)"; searched bracket-first, which
# is fast, and the character before it checked afterwards (written as one bracket
# and then more, not as a repeated group: a leading bracket lets the regex engine
# skip ahead to the next "(" at C speed; the "more" possessive, as nothing follows); captured, so that
# splitting the text at the runs gives them and, from the lengths of the pieces, their positions
_CANDIDATE_RUN = compile_pattern(rf"({_BRACKET}(?:{_BRACKET})*+)")
# the same, for a text with only one kind of opening bracket, e.g. "(fā)（fa）" in a text without "（" elsewhere:
# the run starts with that bracket, which the regex engine skips to several times faster than to a class
_HALF_WIDTH_CANDIDATE_RUN = compile_pattern("(" + _bracket(r"\(") + rf"(?:{_BRACKET})*+)")
_FULL_WIDTH_CANDIDATE_RUN = compile_pattern("(" + _bracket("（") + rf"(?:{_BRACKET})*+)")
# the character an annotation follows: Han, or a mark for a lost character
_ANCHOR = compile_pattern(rf"[{_HAN}?\ufffd]")
_ZERO_WIDTH_SET = frozenset("\u200b\u200c\u200d\u2060\ufeff")
# cheap pre-check: an opening bracket followed by a Latin letter, e.g. "(f" or "（c"; one pattern per bracket,
# each starting with its bracket, which the regex engine skips to several times faster than to a bracket class
_CANDIDATE_AFTER = rf"[\s{_ZERO_WIDTH}]{{0,3}}[a-z\u00e0-\u01dc\uff41-\uff5a]"
_ANY_CANDIDATES = (compile_pattern(rf"\({_CANDIDATE_AFTER}"), compile_pattern(f"（{_CANDIDATE_AFTER}"))
# one candidate inside a run
_ONE_BRACKET = compile_pattern(_BRACKET)
# separators inside a candidate: spaces and zero-width characters
_SEPARATORS = compile_pattern(rf"[ \u00a0\u3000\u2000-\u200a{_ZERO_WIDTH}]+")

# a character that is not a common Han character, e.g. "?" or "a"
_NOT_COMMON_HAN = compile_pattern(r"[^\u4e00-\u9fff]")

_TONE_MARKS = {"\u0300", "\u0301", "\u0304", "\u030c"}  # grave, acute, macron, caron
_LOST_CHARACTER = {"?", "\ufffd"}


def _fold(content: str) -> tuple[str, int] | None:
    """Fold a lower-case candidate to plain letters; return it and its number of tone marks.

    Returns None when the content has upper-case letters or letters that pinyin
    does not use (é is fine, ç or ß are not).
    """
    tone_marks = 0
    letters: list[str] = []
    for ch in unicodedata.normalize("NFD", content):
        if ch in _TONE_MARKS:
            tone_marks += 1
        elif ch == "\u0308":  # diaeresis: ü
            if not letters or letters[-1] != "u":
                return None
            letters[-1] = "ü"
        elif "a" <= ch <= "z" or ch == " ":
            letters.append(ch)
        elif "\uff41" <= ch <= "\uff5a":  # full-width lower case
            letters.append(chr(ord(ch) - 0xFEE0))
        else:
            return None
    return "".join(letters), tone_marks


@lru_cache(maxsize=4096)
def _count_syllables(word: str) -> int:
    """Fewest valid syllables ``word`` splits into, or 0 when it does not split."""
    n = len(word)
    best = [0] + [_MAX_SYLLABLES + 1] * n
    for end in range(1, n + 1):
        for start in range(max(0, end - _MAX_SYLLABLE_LEN), end):
            if best[start] <= _MAX_SYLLABLES and word[start:end] in SYLLABLES:
                best[end] = min(best[end], best[start] + 1)
    return best[n] if best[n] <= _MAX_SYLLABLES else 0


@lru_cache(maxsize=4096)
def classify(content: str) -> str | None:
    """``"toned"``, ``"toneless"`` or None (not pinyin) for the text inside one bracket."""
    stripped = _SEPARATORS.sub(" ", content).strip()
    folded = _fold(stripped) if stripped else None
    if folded is None:
        return None
    letters, tone_marks = folded
    syllables = 0
    for word in letters.split():
        count = _count_syllables(word)
        if not count:
            return None
        syllables += count
    if not syllables or syllables > _MAX_SYLLABLES or tone_marks > syllables:
        return None
    if tone_marks:
        return "toned"
    return "toneless" if len(letters.replace(" ", "")) > 1 else None


def _anchor_before(text: str, position: int) -> str | None:
    """The Han character (or lost-character mark) right before ``position``, zero-width characters skipped."""
    i = position - 1
    if i >= 0 and "\u4e00" <= text[i] <= "\u9fff":  # the common case, decided without a regex
        return text[i]
    while i >= 0 and text[i] in _ZERO_WIDTH_SET and position - i <= 3:
        i -= 1
    if i >= 0 and _ANCHOR.match(text, i):
        return text[i]
    return None


@lru_cache(maxsize=4096)
def _run_shape(run: str) -> tuple[int, int, int]:
    """For a run of adjacent candidates: how many are toned annotations, and the length of its leading
    annotations — toned ones only, and toned or toneless ones (runs repeat: ``(fā)``, cached)."""
    closing = run.count(")") + run.count("）")
    brackets = [run] if closing == 1 else _ONE_BRACKET.findall(run)  # the run is exactly these, back to back
    kinds = [classify(b[1:-1]) for b in brackets]
    toned_length = loose_length = 0
    for bracket, kind in zip(brackets, kinds):  # the leading brackets that are annotations
        if kind is None:
            break
        if kind == "toned" and toned_length == loose_length:
            toned_length += len(bracket)
        loose_length += len(bracket)
    return kinds.count("toned"), toned_length, loose_length


def strip_pinyin_annotations(text: str) -> StepResult:
    """Edits deleting every pinyin annotation (see the module docstring for the rule)."""
    if not any(candidate.search(text) for candidate in _ANY_CANDIDATES):
        return StepResult()
    starts, shapes, before = _candidate_runs(text)
    anchored, after_lost = _anchors(text, starts, before)
    toned = list(map(itemgetter(0), shapes))
    for k in compress(range(len(starts)), after_lost):
        if not toned[k]:
            anchored[k] = 0  # a run after a lost character is only taken when it has a tone mark
    loose = sum(compress(toned, anchored)) >= _TONELESS_EVIDENCE  # toneless annotations count too
    lengths = list(map(itemgetter(2 if loose else 1), shapes))  # of the leading annotations of each run
    edited = list(map(and_, anchored, map(bool, lengths)))
    edit_starts = position_column(compress(starts, edited), len(text))
    edit_ends = position_column(map(add, edit_starts, compress(lengths, edited)), len(text))
    edits = OrderedEdits(edit_starts, edit_ends, [""] * len(edit_starts))
    lost_count = sum(compress(after_lost, edited))
    detail = f"{len(edits)} pinyin annotation runs removed"
    if lost_count:
        detail += f" ({lost_count} after a lost character '?')"
    return StepResult(edits=edits, detail=detail if edits else "")


# characters per block when looking for runs: a block's pieces are held at once, not a huge text's
_RUN_SCAN_BLOCK = 1 << 18


def _candidate_runs(text: str) -> tuple[Sequence[int], list[tuple[int, int, int]], str]:
    """Where each candidate run starts, its shape, and the character before it, column-wise (a long text
    has tens of thousands of runs); "\\n" stands before a run that opens the text.

    The text is split at the runs block by block, each block ending at a line break (a run never crosses
    one), so that a huge text is never held as one list of pieces.  Only a block's first stretch can be
    empty (a run ends where no bracket starts), and what stands before it is then a line break or nothing.
    """
    starts = position_column((), len(text))
    shapes: list[tuple[int, int, int]] = []
    before: list[str] = []
    candidate_run = _candidate_run_pattern(text)
    block_start = 0
    while block_start < len(text):
        cut = text.find("\n", block_start + _RUN_SCAN_BLOCK)
        block_end = len(text) if cut < 0 else cut + 1
        pieces = candidate_run.split(text[block_start:block_end])  # unchanged stretch, run, stretch, run, …
        runs = pieces[1::2]
        if runs:
            shapes.extend(map(_run_shape, runs))
            starts.extend(list(accumulate(map(len, pieces), initial=block_start))[1::2][: len(runs)])
            before.append(pieces[0][-1:] or "\n")
            before.extend(map(itemgetter(-1), pieces[2:-1:2]))  # the stretches between runs
        block_start = block_end
    return starts, shapes, "".join(before)


def _candidate_run_pattern(text: str) -> Pattern[str]:
    """The run pattern for ``text``: one that starts with its only kind of opening bracket, if it has one."""
    if "（" not in text:
        return _HALF_WIDTH_CANDIDATE_RUN
    if "(" not in text:
        return _FULL_WIDTH_CANDIDATE_RUN
    return _CANDIDATE_RUN


def _anchors(text: str, starts: Sequence[int], before: str) -> tuple[bytearray, bytearray]:
    """For each run start: whether an annotation may follow what stands ``before`` it (a Han character or a
    lost-character mark), and whether that is a lost-character mark."""
    anchored, after_lost = bytearray(b"\x01" * len(starts)), bytearray(len(starts))
    unusual = [match.start() for match in _NOT_COMMON_HAN.finditer(before)]  # few: decided one by one
    for k in unusual:
        anchor = _anchor_before(text, starts[k])
        if anchor is None:
            anchored[k] = 0
        elif anchor in _LOST_CHARACTER:
            after_lost[k] = 1
    return anchored, after_lost
