"""Calendar dates as Chinese official documents write them, turned into ISO 8601.

Forms (GB/T 9704-2012 §7.3.5.3 writes the 成文日期 in Arabic numerals, ``2021年5月21日``;
older documents and many signature blocks still spell it ``二〇二一年五月二十一日``;
web pages give ``2021-05-21``, ``2021/5/21`` or ``2021.5.21``):

>>> parse_date("2021年5月21日")
'2021-05-21'
>>> parse_date("二〇二一年五月二十一日")
'2021-05-21'
"""

from __future__ import annotations

from typing import Iterator, Optional

from ..cache import compile_pattern
from ..model import Span

MAX_DATE_LINE = 60  # a line longer than this is not a bare date line

# Han digits used in dates and ordinals; 〇/零/○/Ｏ/O all mean zero in year digits.
_HAN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
               "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

# 2021年5月21日 / 2021 年 5 月 21 日 (Arabic numerals, optional spaces)
_ARABIC_YMD = compile_pattern(r"(?<!\d)(\d{4})[ \t\u3000]{0,2}年[ \t\u3000]{0,2}(\d{1,2})[ \t\u3000]{0,2}月"
                         r"[ \t\u3000]{0,2}(\d{1,2})[ \t\u3000]{0,2}[日号]")
# 2021-05-21, 2021/5/21, 2021.5.21, 2021．5．21 (the same separator twice; not followed by a digit)
_NUMERIC_YMD = compile_pattern(r"(?<!\d)(\d{4})([-/.．])(\d{1,2})\2(\d{1,2})(?!\d)")
# The Han year digits a 二〇二一年… date opens with (the other forms open with a decimal digit)
_HAN_YEAR_DIGITS = "〇零○ＯO一二三四五六七八九"
# 2022年12月 / 二〇二二年十二月: a year and a month, no day (the 落款 of some plans)
_YEAR_MONTH = compile_pattern(rf"(?:\d{{4}}|[{_HAN_YEAR_DIGITS}]{{4}})[ \t\u3000]{{0,2}}年[ \t\u3000]{{0,2}}"
                              rf"(?:\d{{1,2}}|[一二三四五六七八九十]{{1,2}})[ \t\u3000]{{0,2}}月")
# 二〇二一年五月二十一日 (year digit by digit, month and day as Han numbers)
_HAN_YMD = compile_pattern(f"([{_HAN_YEAR_DIGITS}]{{4}})年([一二三四五六七八九十]{{1,2}})月([一二三四五六七八九十]{{1,3}})日")


def han_number(s: str) -> Optional[int]:
    """The value of a Han number below 10000 (``十一`` → 11, ``二十`` → 20, ``一百零五`` → 105).

    Returns None when ``s`` is not a Han number.
    """
    if not s:
        return None
    total, current = 0, 0
    units = {"十": 10, "百": 100, "千": 1000}
    for ch in s:
        if ch in _HAN_DIGITS:
            current = _HAN_DIGITS[ch]
        elif ch in units:
            total += (current or 1) * units[ch]
            current = 0
        else:
            return None
    return total + current


def _iso(year: int, month: int, day: int) -> Optional[str]:
    """``YYYY-MM-DD`` when the parts make a plausible calendar date, else None."""
    if not (1900 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def han_digits(s: str) -> int:
    """A number written digit by digit in Han numerals: a year (``二〇二一`` → 2021) or a serial (``七四六``)."""
    return int("".join(str(_HAN_DIGITS[ch]) for ch in s))


def find_dates(text: str, start: int = 0, end: Optional[int] = None) -> Iterator[tuple[str, Span]]:
    """Every full date in ``text[start:end]`` as ``(iso, span)``, in text order."""
    stop = len(text) if end is None else end
    found: list[tuple[str, Span]] = []
    for m in _ARABIC_YMD.finditer(text, start, stop):
        iso = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if iso:
            found.append((iso, m.span()))
    for m in _NUMERIC_YMD.finditer(text, start, stop):
        iso = _iso(int(m.group(1)), int(m.group(3)), int(m.group(4)))
        if iso:
            found.append((iso, m.span()))
    for m in _HAN_YMD.finditer(text, start, stop):
        month, day = han_number(m.group(2)), han_number(m.group(3))
        if month is not None and day is not None:
            iso = _iso(han_digits(m.group(1)), month, day)
            if iso:
                found.append((iso, m.span()))
    found.sort(key=lambda item: item[1])
    return iter(found)


def parse_date(s: str) -> Optional[str]:
    """The ISO form of the first date in ``s`` (``2021年5月21日``, ``2021-05-21``, ``2021.5.21``,
    ``二〇二一年五月二十一日``), or None when ``s`` holds no full date."""
    for iso, _ in find_dates(s):
        return iso
    return None


def month_only(s: str) -> bool:
    """Whether ``s`` (stripped) is nothing but a date to the month (``2022年12月``, ``二〇二二年十二月``)."""
    return len(s) <= MAX_DATE_LINE and _YEAR_MONTH.fullmatch(s.strip(" \t\u3000\u00a0*")) is not None


def date_only(s: str) -> Optional[str]:
    """The ISO date when ``s`` (stripped) is nothing but one date, as a signature's date line is."""
    if len(s) > MAX_DATE_LINE:
        return None
    stripped = s.strip(" \t\u3000\u00a0*")
    if not stripped or not (stripped[0].isdecimal() or stripped[0] in _HAN_YEAR_DIGITS):
        return None  # every date form opens with a digit, so no date can start the line
    for iso, (a, b) in find_dates(stripped):
        if a == 0 and b == len(stripped):
            return iso
        return None
    return None
