"""Numbers with their units, as written in Chinese policy text.

``find_quantities(text)`` makes one pass over the text with one precompiled
pattern and yields every number that carries a unit (or a percent sign, or a
ratio): Arabic (``1,200`` ``2.6`` full-width ``３０``), Chinese (``两`` ``一百二十``
``三千``), mixed (``3千万`` ``1.6亿``), percentages (``20%`` ``２０％``
``百分之二十``), ranges (``1—2场`` ``2-3个`` ``10至15家`` ``10~15``), lists sharing
one unit (``200、100万元``), ratios (``1:1``) and rates (``3.6万元/年``).
Values are in base units: ``万``/``亿`` are multiplied out (``4.5亿元`` → 450000000 元).
"""

from __future__ import annotations

import functools
import re
from typing import Iterator, Optional

from ..cache import compile_pattern, dataclass

# Full-width digits and separators → ASCII (same length, so offsets are kept).
_FULLWIDTH = str.maketrans("０１２３４５６７８９．％：，", "0123456789.%:,")

_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}

# Unit words, longest first so 平方公里 wins over 公里 and 人次 over 人.  A 万/亿 in
# front of a unit (万元, 亿元, 万平方米, 万人) is part of the number, not the unit.
UNITS: tuple[str, ...] = tuple(sorted((
    "元", "美元", "家", "个", "名", "项", "场", "人次", "人", "次", "件", "支", "位", "所", "座", "款",
    "种", "套", "台", "部", "篇", "条", "户", "株", "亩", "公顷", "平方米", "平方公里", "千米", "公里", "米",
    "吨", "千瓦", "兆瓦", "千瓦时", "倍", "个百分点", "百分点", "家次", "项次", "台套", "批次", "张",
    "间", "栋", "辆", "艘", "架", "颗", "本", "门", "例", "册", "周", "天", "个月", "月", "小时", "分钟",
    "个工作日", "工作日", "斤", "公斤", "千克", "立方米", "微克/立方米",
    "年", "日", "GW", "MW", "TB", "PB", "岁",
), key=len, reverse=True))

# Units that measure time: durations of support, schedules and dates unless a goal
# verb (压缩至, 缩短到 …) makes them a target.
TIME_UNITS = frozenset({"周", "天", "个月", "月", "小时", "分钟", "年", "日", "个工作日", "工作日"})

_ARABIC = r"[0-9０-９]+(?:,[0-9]{3}(?![0-9]))*(?:[.．][0-9０-９]+)?"
_CN_NUM = r"[〇零一二两三四五六七八九十百千万亿]{1,12}(?:点[〇零一二三四五六七八九]{1,6})?"
# Multipliers after Arabic digits: 十 百 千 万 亿 — not ending with the 千 that opens a unit (5万千瓦 is 5万 + 千瓦;
# the look-ahead is tried once after the run, which gives back its 千 when it fails).
_ARABIC_MULTIPLIERS = r"[十百千万亿]{0,3}(?!(?<=千)[瓦米克])"
_NUM = rf"(?:{_ARABIC}{_ARABIC_MULTIPLIERS}|{_CN_NUM})"
_UNIT = "|".join(re.escape(u) for u in UNITS)
_RANGE_SEP = r"[-—–~～至到]"
_PERCENT = r"[%％‰]"

# One quantity: ``百分之二十``; ``三分之二``; ``1/3``; ``1—2场``; ``10%-15%``; ``3.6万元/年``; ``10余家``; ``1:1``.
# Groups: pct (百分之), den (三 of 三分之二), num, ratio (b of a:b), over (3 of 1/3), pct1 (% after the first
# number), num2 (range end), approx (余/多 after the number), unit, rate (/年 …).
QUANTITY_RE = compile_pattern(
    rf"(?:(?P<pct>百分之)|(?P<den>[二三四五六七八九十]{{1,2}})分之)?(?P<num>{_NUM})"
    rf"(?:(?P<ratio_sep>[:：])(?P<ratio>{_ARABIC}))?"
    r"(?:/(?P<over>[1-9][0-9]?)(?![0-9０-９.．/／]))?"  # 1/3, 2/5: a fraction written with a slash
    rf"(?:[ ](?=[%％‰]|{_UNIT}))?"  # 孵化器 5 家 / 3.5 %: one space before the unit
    rf"(?P<pct1>{_PERCENT})?"
    rf"(?:(?P<sep>{_RANGE_SEP})(?P<num2>{_NUM}))?"
    rf"(?P<approx>余|多)?"
    rf"(?P<unit>{_PERCENT}|{_UNIT})?"
    rf"(?P<rate>/(?:年|月|人|天|次|户|家|个|项))?"
)

# Group numbers of QUANTITY_RE read for every match (a number is looked up faster than a name).
_PCT_WORD_GROUP = QUANTITY_RE.groupindex["pct"]
_DENOMINATOR_GROUP = QUANTITY_RE.groupindex["den"]
_NUM_GROUP = QUANTITY_RE.groupindex["num"]


# First characters of an Arabic number token (any other token is written in Chinese numerals).
_ARABIC_FIRST = frozenset("0123456789０１２３４５６７８９")

# The Arabic part of a number token after full-width folding: ``1200`` ``2.6``.
_ARABIC_HEAD_RE = compile_pattern(r"[0-9]+(?:\.[0-9]+)?")

# A bare number that shares the unit of the next one: ``200``、``100万元`` — the separator.
_LIST_SEP = frozenset("、和及或与")
_MAX_LIST = 12  # members of one shared-unit list kept waiting

# What may follow a numeral inside a QUANTITY_RE match (a numeral, 点, a ratio, range or percent sign, 余/多,
# a space, /), or make a bare number wait for a shared unit (a list separator); a unit word, too (below).
_AFTER_NUMERAL = "".join(sorted(
    set(_CN_DIGITS) | set(_CN_SMALL_UNITS) | set(_CN_BIG_UNITS) | set("点:： %％‰-—–~～至到余多/") | _LIST_SEP
))
# … and what may follow the digits of an Arabic number (1,200, 3千万, 1:1 …; a point only before a digit: 2.6).
_AFTER_DIGITS = "".join(sorted(set(_CN_SMALL_UNITS) | set(_CN_BIG_UNITS) | set(",:： %％‰-—–~～至到余多/") | _LIST_SEP))
# Where a match worth reading may start: 百 (百分之 too), the digits of an Arabic number or a numeral in words
# that a character above or a unit word follows — not a bare number that QUANTITY_RE would match and drop:
# a lone numeral inside a word (一批, 十分), the 1 of 1., the 2021 of 〔2021〕.  (The digits are read once,
# atomically, from the first of them: a later digit never starts a match, as no match ends between two
# digits; so a long run of digits stays linear.  The class first lets a search skip to a numeral at C speed.)
_NUMBER_START_RE = compile_pattern(
    r"[0-9０-９〇零一二两三四五六七八九十百千万亿]"
    r"(?:(?<=百)"  # 百, always: 百分之二十
    r"|(?<=[0-9０-９])(?<![0-9０-９]{2})(?>[0-9０-９]*)"  # the first digit of a number, then all of them …
    r"(?=[" + re.escape(_AFTER_DIGITS) + r"]|[.．][0-9０-９]|" + _UNIT + r")"  # … before 1,200 / 2.6 / 3千 / 10家
    r"|(?<![0-9０-９])(?=[" + re.escape(_AFTER_NUMERAL) + r"]|分之|" + _UNIT + r"))"  # a numeral in words: 十五, 三家, 三分之二
)


@dataclass(slots=True)
class Quantity:
    """A number (or range) with its unit, found in a text; ``start``/``end`` index that text."""

    start: int
    end: int
    value: float
    unit: Optional[str]
    value_max: Optional[float] = None
    approx_more: bool = False  # 10余家, 10多家
    per: Optional[str] = None  # 年 for 3.6万元/年
    chinese: bool = False  # written in Chinese numerals
    ratio: bool = False  # 1:1 → value 100 (percent of the base), unit 比例


@functools.lru_cache(maxsize=4096)
def parse_number(token: str) -> Optional[float]:
    """The value of one number token: ``1,200`` ``2.6`` ``３０`` ``两`` ``一百二十`` ``3千万`` ``1.6亿``."""
    token = token.translate(_FULLWIDTH).replace(",", "")
    if not token:
        return None
    head = _ARABIC_HEAD_RE.match(token)
    if head:
        value = float(head.group())
        rest = token[head.end():]
        return _apply_multipliers(value, rest)
    return _parse_chinese(token)


def _apply_multipliers(value: float, suffix: str) -> Optional[float]:
    """``3`` + ``千万`` → 30 000 000; every suffix char must be a multiplier."""
    for ch in suffix:
        if ch in _CN_SMALL_UNITS:
            value *= _CN_SMALL_UNITS[ch]
        elif ch in _CN_BIG_UNITS:
            value *= _CN_BIG_UNITS[ch]
        else:
            return None
    return round(value, 6)


def _parse_chinese(token: str) -> Optional[float]:
    """Chinese numerals: ``十五`` 15, ``二百零五`` 205, ``三千万`` 3e7, ``一二〇`` 120, ``十二点五`` 12.5."""
    if "点" in token:
        whole, _, frac = token.partition("点")
        head = _parse_chinese(whole) if whole else None
        if head is None or not frac or not all(ch in _CN_DIGITS for ch in frac):
            return None
        return float(f"{int(head)}.{''.join(str(_CN_DIGITS[ch]) for ch in frac)}")
    if all(ch in _CN_DIGITS for ch in token):
        if len(token) == 1:
            return float(_CN_DIGITS[token])
        if "〇" not in token and "零" not in token:
            return None  # 三四 (three or four) is not a number
        return float("".join(str(_CN_DIGITS[ch]) for ch in token))
    total = 0.0
    section = 0.0
    digit: Optional[int] = None
    for ch in token:
        if ch in ("〇", "零"):
            continue  # 一百零五: the zero only marks a skipped place
        if ch in _CN_DIGITS:
            if digit is not None:
                return None  # 三四 without a unit between
            digit = _CN_DIGITS[ch]
        elif ch in _CN_SMALL_UNITS:
            section += (1 if digit is None else digit) * _CN_SMALL_UNITS[ch]
            digit = None
        elif ch in _CN_BIG_UNITS:
            section += digit or 0
            big = _CN_BIG_UNITS[ch]
            if total and total < big:
                total = (total + section) * big  # 一千万 read as 千 then 万
            else:
                total += section * big if section else big
            section = 0.0
            digit = None
        else:
            return None
    return total + section + (digit or 0)


def _is_chinese(token: str) -> bool:
    """True for a token written in Chinese numerals (``两``, ``一百二十``), False for ``12`` / ``３０``."""
    return token[:1] not in _ARABIC_FIRST


def quantity_matches(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``QUANTITY_RE.finditer(text)`` that can matter, found faster.

    QUANTITY_RE opens with an optional group, so ``finditer`` tries the whole
    pattern at every character; every match starts at a ``_NUMBER_START_RE``
    character, so a C-speed scan for those skips the rest of the text. Left out
    are the bare numbers that nothing can follow (一批, the 1 of 1., 〔2021〕):
    ``finditer`` would go on just after them too, and a bare number not followed by
    a list separator only ends a list that the next number could not join anyway.
    """
    pos = 0
    search_start = _NUMBER_START_RE.search
    match_quantity = QUANTITY_RE.match
    while True:
        start = search_start(text, pos)
        if start is None:
            return
        m = match_quantity(text, start.start())
        if m is None:
            pos = start.start() + 1
            continue
        yield m
        pos = m.end()  # QUANTITY_RE never matches the empty string


def find_quantities(text: str) -> Iterator[Quantity]:
    """Every number of ``text`` with a unit, percent sign or ratio, in order.

    Bare numbers are dropped, except those of a list that shares the unit of
    its last member (``分别予以200、100万元`` gives two quantities in 元).
    """
    pending: list[tuple[int, int, str]] = []  # bare numbers waiting for a shared unit
    for m in quantity_matches(text):
        end = m.end()
        if end == m.end(_NUM_GROUP) and m.group(_PCT_WORD_GROUP) is None and m.group(_DENOMINATOR_GROUP) is None:
            # Nothing after the number and no 百分之: a bare number (the commonest match, so decided first);
            # it waits for a shared unit only before a list separator.
            if pending or text[end:end + 1] in _LIST_SEP:
                pending = _extend_pending(text, pending, m)
            continue
        q = _quantity_from_match(m)
        if q is None:
            if m.group("unit") is None and m.group("pct") is None and not m.group("num2"):
                pending = _extend_pending(text, pending, m)
            else:
                pending = []
            continue
        if pending and _adjacent(text, pending[-1][1], m.start()):
            for start, end, token in pending:
                shared = _shared_unit_quantity(m, token, start, end)
                if shared is not None:
                    yield shared
        pending = []
        yield q


def _extend_pending(text: str, pending: list[tuple[int, int, str]], m: re.Match[str]) -> list[tuple[int, int, str]]:
    """Keep a bare number that may take the unit of a following list member."""
    end = m.end()
    if end >= len(text) or text[end] not in _LIST_SEP:
        return []
    if pending and not _adjacent(text, pending[-1][1], m.start()):
        pending = []
    if len(pending) >= _MAX_LIST:
        del pending[0]
    pending.append((m.start(), end, m.group("num")))
    return pending


def _adjacent(text: str, end: int, start: int) -> bool:
    """True when only one list separator lies between ``end`` and ``start``."""
    return start - end == 1 and text[end] in _LIST_SEP


def _shared_unit_quantity(last: re.Match[str], token: str, start: int, end: int) -> Optional[Quantity]:
    """A bare list member given the multiplier and unit of the list's last member (``200``、``100万元``)."""
    last_token = last.group("num")
    if _is_chinese(token) != _is_chinese(last_token):
        return None  # (营业收入过千亿、3-4家: the members of one list are written alike)
    multiplier = ""
    own_multiplier = token.translate(_FULLWIDTH).lstrip("0123456789.,")
    if not _is_chinese(last_token) and not own_multiplier:  # 85万、65万、75万人: each has its own 万
        multiplier = last_token.translate(_FULLWIDTH).lstrip("0123456789.,")
    value = parse_number(token + multiplier if not _is_chinese(token) else token)
    if value is None:
        return None
    unit = last.group("unit")
    if unit in ("％", "‰"):
        unit = "%" if unit == "％" else unit
    return Quantity(start=start, end=end, value=value, unit=unit, per=_rate(last), chinese=_is_chinese(token))


def _rate(m: re.Match[str]) -> Optional[str]:
    rate = m.group("rate")
    return rate[1:] if rate else None


def _quantity_from_match(m: re.Match[str]) -> Optional[Quantity]:
    """The ``Quantity`` of one match, or None for a bare number."""
    # (all groups at once, in the pattern's order)
    pct_word, denominator, token, _, ratio, over, pct_sign, _, second, approx, unit, rate = m.groups()
    chinese = _is_chinese(token)
    if denominator is not None:
        return _fraction(m, denominator, token)
    if over is not None:
        return _slash_fraction(m, token, over)
    if ratio:
        if chinese:
            return None
        base = parse_number(token)
        part = parse_number(ratio)
        if not base or part is None:
            return None
        return Quantity(start=m.start(), end=m.end("ratio"), value=round(part / base * 100, 6), unit="比例", ratio=True)
    if pct_word is not None or pct_sign is not None or unit in ("%", "％"):
        # 3‰: the sign may be read as pct1 (after the number) or as the unit; per mille stays ‰
        per_mille = pct_sign == "‰" or unit == "‰"
        unit = "‰" if per_mille else "%" if unit in (None, "%", "％") else unit
    if unit is None:
        return None
    if chinese and pct_word is None and _is_lone_multiplier(token):
        return None
    value = parse_number(token)
    if value is None:
        return None
    value_max = None
    if second:
        if _is_chinese(second) != chinese:
            return None
        value_max = parse_number(second)
        if value_max is None:
            return None
        # 1—2万元: the second number's multiplier applies to the first.
        if not chinese:
            mult2 = second.translate(_FULLWIDTH).lstrip("0123456789.,")
            mult1 = token.translate(_FULLWIDTH).lstrip("0123456789.,")
            if mult2 and not mult1:
                value = parse_number(token + mult2) or value
        if value_max < value:
            return None
    start, end = m.span()
    return Quantity(start, end, value, unit, value_max, approx is not None, rate[1:] if rate else None, chinese)


def _fraction(m: re.Match[str], denominator: str, numerator: str) -> Optional[Quantity]:
    """``三分之二`` as a share in percent (66.67, rounded to two places as shares are written; the text keeps
    the exact fraction); None unless a proper fraction in words."""
    den, num = _parse_chinese(denominator), _parse_chinese(numerator) if _is_chinese(numerator) else None
    if not den or not num or num >= den:
        return None
    return Quantity(m.start(), m.end("num"), round(num / den * 100, 2), "%", chinese=True)


# What may stand before the first number of a date written with slashes: 2021/3/15 (3/15 is no fraction).
_DATE_PARTS = frozenset("/／0123456789")


def _slash_fraction(m: re.Match[str], numerator: str, denominator: str) -> Optional[Quantity]:
    """``1/3`` as a share in percent (33.33, as ``_fraction`` reads 三分之一); None unless a proper fraction with a
    one-digit numerator that is no part of a date (2021/3/15, 12/30)."""
    if len(numerator) != 1 or not numerator.isdigit() or m.string[m.start() - 1:m.start()] in _DATE_PARTS:
        return None
    num, den = int(numerator), int(denominator)
    if not 0 < num < den:
        return None
    return Quantity(m.start(), m.end("over"), round(num / den * 100, 2), "%")


def _is_lone_multiplier(token: str) -> bool:
    """``万`` or ``百`` alone is not a number (``万家灯火``, ``百家争鸣``); ``十`` alone is ten (``新增十家``)."""
    return token != "十" and all(ch in _CN_SMALL_UNITS or ch in _CN_BIG_UNITS for ch in token)
