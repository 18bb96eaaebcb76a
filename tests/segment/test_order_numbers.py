"""令 numbers (GB/T 9704 §10.2): an order's header or a regulation's preamble gives the doc number."""

from __future__ import annotations

import pytest

from policyparse.io import SegmentHints
from policyparse.segment.document import segment_document
from policyparse.segment.metadata import find_doc_number_line, parse_doc_number

_ORDER_BODY = "《某某条例》已经2021年4月14日国务院第131次常务会议通过，现予公布，自2022年3月1日起施行。\n"


def doc_number(text: str) -> tuple[object, ...]:
    md = segment_document(text, SegmentHints()).metadata
    parts = md.doc_number_parts
    return md.doc_number, parts.agency_code, parts.year, parts.serial


@pytest.mark.parametrize("header, expected", [
    ("中华人民共和国国务院令\n第746号\n", ("中华人民共和国国务院令第746号", "中华人民共和国国务院令", None, 746)),
    ("中华人民共和国国务院令　第746号\n", ("中华人民共和国国务院令第746号", "中华人民共和国国务院令", None, 746)),
    ("交通运输部令\n\n2021年第12号\n", ("交通运输部令2021年第12号", "交通运输部令", 2021, 12)),
    ("中华人民共和国主席令\n第三十一号\n", ("中华人民共和国主席令第三十一号", "中华人民共和国主席令", None, 31)),
])
def test_an_orders_header_gives_its_number(header: str, expected: tuple[object, ...]) -> None:
    assert doc_number(header + "\n" + _ORDER_BODY) == expected


@pytest.mark.parametrize("preamble, expected", [
    ("（2021年7月27日中华人民共和国国务院令第746号公布）", ("中华人民共和国国务院令第746号", 746)),
    ("（2015年12月14日市政府常务会议讨论通过 2016年1月22日某市人民政府令第135号公布 自2016年3月1日起施行）",
     ("某市人民政府令第135号", 135)),
    ("（2002年1月26日国务院令第344号发布　根据2013年12月7日国务院令第645号修订）", ("国务院令第344号", 344)),
])
def test_a_regulations_preamble_gives_the_publishing_order(preamble: str, expected: tuple[object, int]) -> None:
    text = f"某某管理条例\n\n{preamble}\n\n第一章　总则\n\n第一条　为了规范管理，制定本条例。\n"
    number, _, year, serial = doc_number(text)
    assert (number, serial) == expected and year is None


def test_an_ordinary_doc_number_wins_over_an_order_number() -> None:
    text = "某政发〔2022〕3号\n\n某市人民政府令\n第5号\n\n" + _ORDER_BODY
    assert doc_number(text)[:2] == ("某政发〔2022〕3号", "某政发")


def test_an_order_cited_in_a_notice_is_not_its_number() -> None:
    text = ("某市人民政府关于加强登记管理的通知\n\n各区人民政府，市政府各部门：\n"
            "（根据2021年7月27日国务院令第746号公布的条例，结合本市实际，现就有关事项通知如下）\n"
            "    根据《某某条例》（国务院令第746号），现就有关事项通知如下，请认真贯彻执行。\n"
            "    一、加强领导\n    各区要加强领导。\n\n某市人民政府\n2022年1月5日\n")
    assert doc_number(text) == (None, None, None, None)


def test_an_order_cited_in_a_title_is_not_its_number() -> None:
    text = "关于贯彻《某某条例》（国务院令第746号）的通知\n\n各区人民政府：\n    现就有关事项通知如下，请认真贯彻执行，确保落实。\n"
    assert doc_number(text)[0] is None


def test_a_title_closing_with_its_order_number() -> None:
    md = segment_document("某某管理条例（国务院令第746号）\n\n第一条　为了规范管理，制定本条例。\n", SegmentHints()).metadata
    assert (md.title, md.doc_number) == ("某某管理条例", "国务院令第746号")


def test_a_labelled_order_number_parses_and_a_sentence_does_not() -> None:
    dn = parse_doc_number("国务院令 第746号")
    assert dn is not None and (dn.text, dn.parts.serial) == ("国务院令第746号", 746)
    assert parse_doc_number("根据国务院令第746号的规定") is None


def test_the_span_covers_the_number_only() -> None:
    text = "（2019年3月2日国务院第40次常务会议通过，2019年4月1日国务院令第710号公布）"
    dn = find_doc_number_line(text, 0, len(text))
    assert dn is not None and text[dn.span[0]:dn.span[1]] == "国务院令第710号"
