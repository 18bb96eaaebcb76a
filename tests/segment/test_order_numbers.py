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


def metadata_of(text: str) -> tuple[object, ...]:
    md = segment_document(text, SegmentHints()).metadata
    return md.title, md.issuer, md.issue_date, md.publish_date


def test_an_order_names_its_regulation_organ_and_signed_date() -> None:
    text = ("甲省人民政府令\n\n第88号\n\n《甲省乡村道路管理办法》已经2023年5月6日省人民政府第12次常务会议通过，"
            "现予公布，自2023年7月1日起施行。\n\n省长　张三\n\n2023年5月20日\n\n甲省乡村道路管理办法\n\n"
            "第一章　总则\n\n第一条　为了加强乡村道路管理，制定本办法。\n")
    assert metadata_of(text) == ("甲省乡村道路管理办法", "甲省人民政府", "2023-05-20", None)


def test_an_order_that_publishes_after_its_verb_is_read_too() -> None:
    text = ("乙部令\n第5号\n现发布《乙部统计调查办法》，自发布之日起施行。\n部长　李四\n2020年3月2日\n"
            "第一条　为了规范统计调查，制定本办法。\n")
    assert metadata_of(text) == ("乙部统计调查办法", "乙部", "2020-03-02", None)


def test_a_preamble_order_number_names_the_issuer_and_its_date() -> None:
    text = ("甲省乡村道路管理办法\n\n（2023年5月6日甲省人民政府第12次常务会议通过　2023年5月20日甲省人民政府令"
            "第88号公布　自2023年7月1日起施行）\n\n第一章　总则\n\n第一条　为了加强乡村道路管理，制定本办法。\n")
    assert metadata_of(text) == ("甲省乡村道路管理办法", "甲省人民政府", "2023-05-20", None)


def test_a_bracketed_doc_number_with_ling_in_its_code_names_no_order_organ() -> None:
    text = "丙市鼓励投资的规定\n\n丙政令〔1998〕12号\n\n第一条　为了鼓励投资，制定本规定。\n"
    assert metadata_of(text)[1] is None


def test_a_resolution_is_dated_by_its_adoption_note() -> None:
    text = ("乙市人民代表大会常务委员会关于加强河湖保护的决定\n\n（2022年9月28日乙市第十六届人民代表大会常务委员会"
            "第五次会议通过）\n\n为了加强河湖保护，根据有关法律法规，结合本市实际，作如下决定：\n\n"
            "一、各级人民政府应当加强河湖保护工作。\n")
    assert metadata_of(text) == ("乙市人民代表大会常务委员会关于加强河湖保护的决定", "乙市人民代表大会常务委员会",
                                 "2022-09-28", None)


def test_a_bracketed_line_in_the_body_is_no_adoption_note() -> None:
    text = ("丁市人民政府关于做好防汛工作的通知\n\n各区人民政府：\n\n现就做好防汛工作通知如下。\n\n"
            "（2022年6月1日起执行）\n\n丁市人民政府\n")
    assert metadata_of(text)[2] is None
