"""Dates as official documents and web pages write them → ISO 8601."""

from __future__ import annotations

import pytest

from policyparse.segment.dates import date_only, find_dates, han_number, month_only, parse_date

# (written form, ISO) — wording differs from the samples on purpose
DATE_CASES = [
    ("2019年12月3日", "2019-12-03"),
    ("2019 年 12 月 3 日", "2019-12-03"),
    ("2024-1-9", "2024-01-09"),
    ("2024/01/09", "2024-01-09"),
    ("2024.1.9", "2024-01-09"),
    ("2024．1．9", "2024-01-09"),
    ("二〇一九年十二月三日", "2019-12-03"),
    ("二零二四年一月十九日", "2024-01-19"),
    ("二〇二〇年十月三十一日", "2020-10-31"),
    ("二OO六年二月二十日", "2006-02-20"),  # a Latin O typed for 〇
    ("二ＯＯ七年三月一日", "2007-03-01"),  # … or a full-width one
    ("发布时间：2023-03-28 10:28", "2023-03-28"),
]


@pytest.mark.parametrize(("written", "iso"), DATE_CASES)
def test_parse_date(written: str, iso: str) -> None:
    assert parse_date(written) == iso


@pytest.mark.parametrize("not_a_date", ["2021年", "2021年5月", "13.5.2021", "2021-13-01", "2021-02-32", "第44次会议", ""])
def test_no_full_date_is_none(not_a_date: str) -> None:
    assert parse_date(not_a_date) is None


def test_mixed_separators_are_not_a_date() -> None:
    assert parse_date("2021-5.21") is None


def test_date_only_accepts_a_bare_date_line_only() -> None:
    assert date_only("   2022年3月1日  ") == "2022-03-01"
    assert date_only("二〇二二年三月一日") == "2022-03-01"
    assert date_only("于2022年3月1日前完成") is None
    assert date_only("市科技局") is None


def test_find_dates_gives_spans_in_text_order() -> None:
    text = "自2020年1月1日起施行，2025.12.31废止"
    found = list(find_dates(text))
    assert [iso for iso, _ in found] == ["2020-01-01", "2025-12-31"]
    for iso, (a, b) in found:
        assert parse_date(text[a:b]) == iso


@pytest.mark.parametrize(("han", "value"), [("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("二十三", 23),
                                             ("一百零五", 105), ("两", 2), ("甲", None)])
def test_han_number(han: str, value: int | None) -> None:
    assert han_number(han) == value


def test_date_only_matches_reading_every_line_for_dates() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from policyparse.segment.dates import MAX_DATE_LINE

    def reference(s: str) -> str | None:
        if len(s) > MAX_DATE_LINE:
            return None
        stripped = s.strip(" \t\u3000\u00a0*")
        for iso, (a, b) in find_dates(stripped):
            return iso if a == 0 and b == len(stripped) else None
        return None

    pieces = ["2021", "二〇二一", "年", "5", "五", "月", "21", "二十一", "日", "号", "-", ".", "０", "１", "*", " ", "\u3000", "于", "前"]

    @settings(max_examples=400, deadline=None)
    @given(st.lists(st.sampled_from(pieces), max_size=12))
    def check(parts: list[str]) -> None:
        line = "".join(parts)
        assert date_only(line) == reference(line)

    check()


def test_a_signature_date_with_latin_o_is_a_date_line() -> None:
    assert date_only("二OO六年二月二十日") == "2006-02-20"


@pytest.mark.parametrize(("line", "expected"), [
    ("2022年12月", True), ("二〇二二年十二月", True), ("  2022 年 3 月 ", True),
    ("2022年12月1日", False), ("2022年", False), ("2022年12月底前完成", False),
])
def test_month_only(line: str, expected: bool) -> None:
    assert month_only(line) is expected
