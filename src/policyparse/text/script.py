"""Traditional → Simplified conversion with OpenCC, as exact per-character edits.

Config, chosen on seeds 000/004 against their gold: OpenCC ``t2s`` (phrase-aware
through ``TSPhrases``), plus the Taiwan reading of 著 from ``tw2s`` inside
Traditional sentences.  The configs agree on the seeds except for 著: Taiwan
text writes the particle/verb 着 as 著 (著力, 隨著, 看著), which ``t2s`` keeps
and ``tw2s`` converts.  ``tw2s`` as a whole is not usable: it also rewrites
Simplified input (显著 → 显着) and several 著 (zhù) words (卓著, 编著, 原著,
土著), so it is neither idempotent nor safe on mixed text; ``tw2sp`` rewrites
mainland vocabulary (核心 → 内核, 新增 → 添加) and is ruled out.  So:

* the base is ``t2s`` — every character it would change is changed, which is
  the contract's test, and Simplified text is left exactly as it is;
* in a sentence that had Traditional characters, a 著 that ``tw2s`` reads as
  着 becomes 着, unless it is part of a 著 (zhù) word (``_ZHU_WORDS``).

Converters are built once per process, on first use.  Text without Traditional
characters costs one C++ conversion and one comparison.
"""

from __future__ import annotations

from array import array
from functools import lru_cache
from typing import Iterator

import opencc

from ..cache import compile_pattern
from .offsets import Edit
from .repair import StepResult

_BASE_CONFIG = "t2s.json"
_TAIWAN_CONFIG = "tw2s.json"
_BLOCK = 256  # characters compared at once when looking for changed runs
# words in which 著 is zhù and stays 著 (tw2s turns some of them into 着)
_ZHU_WORDS = frozenset(
    "显著 卓著 编著 原著 名著 土著 专著 论著 合著 译著 遗著 巨著 昭著 撰著 新著 拙著 大著 所著 "
    "著作 著名 著称 著述 著者 著录 著书 著文 著译 著有 著于 著称于".split()
)
# the end of a sentence, e.g. "。" or a line break
_SENTENCE_END = compile_pattern(r"[。！？；!?;\n]")
_SENTENCE_ENDS = frozenset("。！？；!?;\n")
# the array type of 4-byte unsigned integers (one UTF-32 code unit)
_UTF32_UNIT = "I" if array("I").itemsize == 4 else "L"
# characters compared at a time when counting changes (bounds the memory a huge text needs)
_COUNT_BLOCK = 1 << 16
_MAX_SENTENCE = 400  # characters looked at on each side of a 著


@lru_cache(maxsize=None)
def _converter(config: str) -> opencc.OpenCC:
    """The OpenCC converter for ``config``, built on first use."""
    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """The Simplified form of ``text`` (t2s, with the Taiwan 著 → 着 in Traditional sentences)."""
    base = _converter(_BASE_CONFIG).convert(text)
    if base == text or "著" not in base or len(base) != len(text):
        return base
    parts: list[str] = []  # the text rebuilt from unchanged stretches and fixed sentences
    copied_until = 0
    done_until = 0
    position = base.find("著")
    while position >= 0:
        if position >= done_until:
            start, end = _sentence_bounds(base, position)
            done_until = end
            if text[start:end] != base[start:end]:  # a Traditional sentence
                fixed = _taiwan_zhe(text[start:end], base[start:end])
                if fixed != base[start:end]:  # same length: later positions stay valid
                    if start < copied_until:  # sentences cut at _MAX_SENTENCE may overlap: the later one wins
                        parts[-1] = parts[-1][: len(parts[-1]) - (copied_until - start)]
                    else:
                        parts.append(base[copied_until:start])
                    parts.append(fixed)
                    copied_until = end
        position = base.find("著", position + 1)
    if not parts:
        return base
    parts.append(base[copied_until:])
    return "".join(parts)


def _sentence_bounds(text: str, i: int) -> tuple[int, int]:
    """The sentence around position ``i`` (at most ``_MAX_SENTENCE`` characters each side)."""
    start = i
    limit = max(0, i - _MAX_SENTENCE)
    while start > limit and text[start - 1] not in _SENTENCE_ENDS:
        start -= 1
    after = _SENTENCE_END.search(text, i, i + _MAX_SENTENCE)
    return start, after.end() if after else min(len(text), i + _MAX_SENTENCE)


def _taiwan_zhe(sentence: str, converted: str) -> str:
    """Take tw2s's 着 for 著 in one Traditional sentence, keeping 著 (zhù) words."""
    taiwan = _converter(_TAIWAN_CONFIG).convert(sentence)
    if len(taiwan) != len(converted):
        return converted
    chars = list(converted)
    i = converted.find("著")
    while i >= 0:  # only the 著 are visited, not every character of the sentence
        if taiwan[i] == "着" and not _in_zhu_word(converted, i):
            chars[i] = "着"
        i = converted.find("著", i + 1)
    return "".join(chars)


def _in_zhu_word(text: str, i: int) -> bool:
    """True when the 著 at ``i`` is part of a word in which it reads zhù."""
    return any(text[max(0, i - k) : i - k + n] in _ZHU_WORDS
               for n in (2, 3) for k in range(n) if i - k >= 0)


def convert_to_simplified(text: str) -> StepResult:
    """Edits turning Traditional characters into Simplified ones: one 1:1 edit for the whole text when every
    line keeps its length (the common case), else one per changed line."""
    if not text:
        return StepResult()
    converted = to_simplified(text)
    if converted == text:
        return StepResult()
    if _same_line_breaks(text, converted):  # every change is 1:1: one edit maps exactly like one per line
        edits = [Edit(0, len(text), converted)]
        changed = _changed_characters(text, converted)
    else:
        edits = list(_line_edits(text, converted))
        changed = sum(_changed_characters(text[e.start : e.end], e.replacement) for e in edits)
    return StepResult(edits=edits, count=changed,
                      detail=f"{changed} characters converted to Simplified (OpenCC t2s, Taiwan 著)")


def _same_line_breaks(text: str, converted: str) -> bool:
    """True when both texts have the same length and their line breaks at the same positions.

    With as many line breaks in both, they are at the same positions when ``converted`` has one at each of
    ``text``'s: those are visited with ``str.find`` (no list of the lines of either text).
    """
    if len(text) != len(converted) or text.count("\n") != converted.count("\n"):
        return False
    position = text.find("\n")
    while position >= 0:
        if converted[position] != "\n":
            return False
        position = text.find("\n", position + 1)
    return True


def _changed_characters(old: str, new: str) -> int:
    """How many characters an edit changes (all of them when the length changes).

    Counted in C, block by block (so a huge text is never held several times over).
    """
    if len(old) != len(new):
        return len(new)
    if old == new:
        return 0
    return sum(_changed_in_block(old[start:start + _COUNT_BLOCK], new[start:start + _COUNT_BLOCK])
               for start in range(0, len(old), _COUNT_BLOCK))


def _changed_in_block(old: str, new: str) -> int:
    """How many positions of two equal-length texts hold different characters.

    The texts as code units (UTF-16 when every character is in the BMP, else UTF-32), XORed as big
    integers: an unchanged character is a zero unit of the result.
    """
    old_units = old.encode("utf-16-le", "surrogatepass")
    new_units = new.encode("utf-16-le", "surrogatepass")
    if len(old_units) == len(new_units) == 2 * len(old):  # one 16-bit unit per character
        difference = int.from_bytes(old_units, "little") ^ int.from_bytes(new_units, "little")
        # read back as UTF-16 (surrogates passed through), each zero unit is one NUL, never part of a pair
        units = difference.to_bytes(len(old_units), "little").decode("utf-16-le", "surrogatepass")
        return len(old) - units.count("\0")
    old_units = old.encode("utf-32-le", "surrogatepass")
    new_units = new.encode("utf-32-le", "surrogatepass")
    difference = int.from_bytes(old_units, "little") ^ int.from_bytes(new_units, "little")
    wide_units = array(_UTF32_UNIT, difference.to_bytes(len(old_units), "little"))
    return len(wide_units) - wide_units.count(0)


def _line_edits(text: str, converted: str) -> Iterator[Edit]:
    """One edit per changed line, from its first to its last changed character.

    Equal-length replacements keep a character-for-character offset map.  Lines are walked in place
    (no list of all lines of both texts).
    """
    if text.count("\n") != converted.count("\n"):  # OpenCC never touches newlines; be safe anyway
        yield Edit(0, len(text), converted)
        return
    old_start = new_start = 0
    while True:
        old_end = text.find("\n", old_start)
        new_end = converted.find("\n", new_start)
        last_line = old_end < 0  # both texts have the same number of line breaks
        if last_line:
            old_end, new_end = len(text), len(converted)
        old, new = text[old_start:old_end], converted[new_start:new_end]
        if old != new:
            first = _common_prefix_length(old, new)
            last = _common_suffix_length(old, new, first)
            yield Edit(old_start + first, old_start + len(old) - last, new[first : len(new) - last])
        if last_line:
            return
        old_start, new_start = old_end + 1, new_end + 1


def _common_prefix_length(a: str, b: str) -> int:
    """Length of the common prefix (equal blocks compared in C first)."""
    i = 0
    n = min(len(a), len(b))
    while i + _BLOCK <= n and a[i : i + _BLOCK] == b[i : i + _BLOCK]:
        i += _BLOCK
    while i < n and a[i] == b[i]:
        i += 1
    return i


def _common_suffix_length(a: str, b: str, prefix: int) -> int:
    """Length of the common suffix that does not overlap a common prefix of length ``prefix``."""
    n = min(len(a), len(b)) - prefix
    i = 0
    while i + _BLOCK <= n and a[len(a) - i - _BLOCK : len(a) - i] == b[len(b) - i - _BLOCK : len(b) - i]:
        i += _BLOCK
    while i < n and a[len(a) - 1 - i] == b[len(b) - 1 - i]:
        i += 1
    return i
