"""The covering 印发/转发 notice and the enclosed document's title."""

from __future__ import annotations

from policyparse.io import SegmentHints
from policyparse.segment.document import segment_document
from policyparse.segment.metadata import find_titles, read_recipients
from policyparse.segment.notice import find_notice

WRAPPED = (
    "丑市人民政府办公室关于转发市发展改革委\n促进民间投资若干措施的通知\n"
    "丑政办发〔2020〕8号\n\n"
    "各县（市）区人民政府，市政府各部门：\n"
    "市发展改革委制定的《促进民间投资若干措施》已经市政府同意，现转发给你们，请抓好落实。\n\n"
    "丑市人民政府办公室\n2020年9月8日\n（此件公开发布）\n\n"
    "促进民间投资若干措施\n\n"
    "为激发民间投资活力，制定如下措施。\n"
    "一、放宽市场准入\n（一）清理隐性壁垒。全面清理。\n二、强化要素保障\n内容。\n"
)


def _notice(text: str):
    recipients_line = next(line for line in text.split("\n") if line.endswith("："))
    start = text.index(recipients_line)
    recipients = read_recipients(text, start, start + len(recipients_line))
    titles = find_titles(text, 0, start)
    return find_notice(text, titles[0] if titles else None, recipients, len(text))


def test_wrapper_notice_is_found_with_its_signature() -> None:
    layout = _notice(WRAPPED)
    assert layout is not None
    n = layout.notice
    assert n.recipients == ["各县（市）区人民政府", "市政府各部门"]
    assert n.signatories == ["丑市人民政府办公室"]
    assert n.date == "2020-09-08"
    assert WRAPPED[n.span[0] : n.span[1]].startswith("丑市人民政府办公室关于转发")
    assert WRAPPED[n.span[0] : n.span[1]].endswith("（此件公开发布）")
    assert layout.subject_title == "促进民间投资若干措施"
    assert WRAPPED[layout.main_start :].lstrip().startswith("为激发民间投资活力")


def test_document_segmented_around_the_notice() -> None:
    seg = segment_document(WRAPPED, SegmentHints())
    md = seg.metadata
    assert md.title == "丑市人民政府办公室关于转发市发展改革委促进民间投资若干措施的通知"
    assert md.subject_title == "促进民间投资若干措施"
    assert md.doc_number == "丑政办发〔2020〕8号"
    assert md.issuer == "丑市人民政府办公室" and md.issue_date == "2020-09-08"
    assert md.disclosure == "此件公开发布"
    # the notice and the enclosed title are not sections
    assert [s.heading for s in seg.sections] == ["放宽市场准入", "强化要素保障"]
    assert seg.notice is not None and seg.notice.span[1] <= seg.sections[0].span[0]


def test_subject_title_from_the_book_title_when_no_title_lines_follow() -> None:
    text = ("关于印发《寅市节水行动实施方案》的通知\n各区水务局：\n"
            "现将《寅市节水行动实施方案》印发给你们，请认真组织实施。\n寅市水务局\n2023年2月1日\n"
            "为推进节水型社会建设，制定本方案。\n一、目标\n内容。\n")
    seg = segment_document(text, SegmentHints())
    assert seg.notice is not None
    assert seg.metadata.subject_title == "寅市节水行动实施方案"
    assert seg.metadata.issuer == "寅市水务局"


def test_letter_addressed_to_recipients_without_wrapper_is_not_a_notice() -> None:
    text = ("卯市人民政府关于加快发展夜间经济的意见\n各区人民政府，市政府各部门：\n"
            "为繁荣夜间消费市场，现提出如下意见。\n一、优化布局\n内容。\n二、丰富业态\n内容。\n"
            "卯市人民政府\n2022年6月1日\n")
    seg = segment_document(text, SegmentHints())
    assert seg.notice is None
    assert seg.metadata.recipients == ["各区人民政府", "市政府各部门"]
    # the signature at the end gives issuer and date and is not part of the last section
    assert seg.metadata.issuer == "卯市人民政府" and seg.metadata.issue_date == "2022-06-01"
    assert "卯市人民政府" not in seg.sections[-1].text


def test_plain_document_has_no_notice() -> None:
    text = "辰县全域旅游发展规划\n\n一、发展基础\n内容。\n二、发展目标\n内容。\n"
    seg = segment_document(text, SegmentHints())
    assert seg.notice is None
    assert seg.metadata.title == "辰县全域旅游发展规划"
    assert [s.heading for s in seg.sections] == ["发展基础", "发展目标"]


def test_notice_whose_signature_sits_at_the_end() -> None:
    text = ("巳市人民政府办公室印发关于推进智慧城市建设的实施意见的通知\n各区政府：\n"
            "经市政府同意，现将《关于推进智慧城市建设的实施意见》印发给你们，请认真贯彻落实。\n"
            "关于推进智慧城市建设的实施意见\n一、总体要求\n内容。\n二、主要任务\n内容。\n"
            "巳市人民政府办公室\n2024年1月5日\n")
    seg = segment_document(text, SegmentHints())
    assert seg.notice is not None
    assert seg.notice.signatories == []
    assert seg.metadata.subject_title == "关于推进智慧城市建设的实施意见"
    assert seg.metadata.issuer == "巳市人民政府办公室" and seg.metadata.issue_date == "2024-01-05"
    assert [s.heading for s in seg.sections] == ["总体要求", "主要任务"]


def _subject(body: str) -> str | None:
    text = f"各区科技局、财政局：\n{body}\n甲市科学技术局\n甲市财政局\n2022年5月9日\n为加快创新，制定本细则。\n第一章 总则\n"
    return segment_document(text, SegmentHints()).metadata.subject_title


def test_the_subject_is_the_book_the_notice_issues_not_the_one_it_cites() -> None:
    assert _subject("根据《甲市创新激励政策》精神，我们研究制定了《甲市创新激励政策实施细则》。现予印发，请遵照执行。") == "甲市创新激励政策实施细则"
    assert _subject("现将《甲市创新激励政策实施细则》和《甲市申报指南》印发给你们，请遵照执行。") == "甲市创新激励政策实施细则"
    assert _subject("按照《甲市创新激励政策》要求，现将《甲市实施细则》印发给你们，请遵照执行。") == "甲市实施细则"
