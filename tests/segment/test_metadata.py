"""Metadata: page header fields, doc number, title, recipients, signature, issuer, hints."""

from __future__ import annotations

import pytest

from policyparse.io import SegmentHints
from policyparse.segment.document import segment_document
from policyparse.segment.metadata import (
    clean_title,
    find_doc_number_line,
    find_title_note_organ,
    find_titles,
    is_recipients_line,
    issuer_from_title,
    line_spans,
    parse_doc_number,
    read_header,
    read_recipients,
    signature_ending_at,
)


def fields(text: str) -> dict[str, str]:
    return {k: v.value for k, v in read_header(text, len(text)).fields.items()}


# ---------------------------------------------------------------- header fields

def test_spaced_labels_and_several_pairs_on_one_line() -> None:
    text = "索  引  号： abc-2020-0012   主 题 分 类： 工业、交通\n发文机关：某市政府 成文日期：2020-06-30\n"
    got = fields(text)
    assert got["index_number"] == "abc-2020-0012"
    assert got["category"] == "工业、交通"
    assert got["issuer"] == "某市政府"
    assert got["issue_date"] == "2020-06-30"


def test_label_without_colon_and_value_on_the_next_line() -> None:
    text = "文　号 甲府发〔2022〕7号\n发布时间：\n\n2022-08-09 16:40\n来 源：\n\n某市发展改革委\n"
    got = fields(text)
    assert got["doc_number"] == "甲府发〔2022〕7号"
    assert got["publish_date"] == "2022-08-09 16:40"
    assert got["source_name"] == "某市发展改革委"


def test_duplicated_block_is_read_once_first_value_wins() -> None:
    text = "主题分类 城乡建设 \\ 住房\n公文时效 有效\n主题分类 住房\n公文时效 失效\n"
    got = fields(text)
    assert got["category"] == "城乡建设 \\ 住房"
    assert got["validity"] == "有效"


def test_markdown_bold_labels() -> None:
    got = fields("**发布日期**: 2024-11-02\n**发布机构**: 某省科技厅\n")
    assert got == {"publish_date": "2024-11-02", "publisher": "某省科技厅"}


def test_empty_value_does_not_swallow_a_label_line() -> None:
    got = fields("主 题 词：\n发布机构：某局\n")
    assert got == {"publisher": "某局"}


# ---------------------------------------------------------------- doc number

@pytest.mark.parametrize("written", ["乙政办发〔2018〕45号", "乙政办发[2018]45号", "乙政办发［2018］45号",
                                     "乙政办发(2018)45号", "乙政办发（2018）45号", "乙政办发【2018】45号",
                                     "乙政办发 〔2018〕 45 号"])
def test_doc_number_any_bracket_is_normalised(written: str) -> None:
    dn = parse_doc_number(written)
    assert dn is not None
    assert dn.text == "乙政办发〔2018〕45号"
    assert (dn.parts.agency_code, dn.parts.year, dn.parts.serial) == ("乙政办发", 2018, 45)


def test_no_doc_number() -> None:
    assert parse_doc_number("第44次常务会议（2018年）") is None


# ---------------------------------------------------------------- title

def test_clean_title_drops_doc_number_prefix_decoration_and_stray_spaces() -> None:
    assert clean_title("丙办发〔2020〕3号 丙市人民政府办公室关于 转发某某方案的通知") == "丙市人民政府办公室关于转发某某方案的通知"
    assert clean_title("【某省】某省数字经济行动计划") == "某省数字经济行动计划"
    assert clean_title("关于印发《某某规划》的通知（丁发〔2021〕9号）") == "关于印发《某某规划》的通知"
    # inside a book title a space may separate two parts of the name
    assert clean_title("某某印发《关于深化改革 扩大开放的意见》") == "某某印发《关于深化改革 扩大开放的意见》"


def test_title_wrapped_over_lines_with_a_break_after_guanyu() -> None:
    text = "戊政发〔2020〕12号\n\n\n戊市人民政府关于\n加快建设现代物流体系\n（2020—2022年）的实施意见\n\n各区政府：\n"
    blocks = find_titles(text, 0, len(text))
    assert [b.text for b in blocks] == ["戊市人民政府关于加快建设现代物流体系（2020—2022年）的实施意见"]


def test_title_lines_separated_by_one_blank_line_join() -> None:
    text = "促进人工智能产业\n\n高质量发展若干措施\n\n为加快发展，制定本措施。"
    assert [b.text for b in find_titles(text, 0, len(text))] == ["促进人工智能产业高质量发展若干措施"]


def test_bulleted_or_markdown_heading_lines_do_not_join_a_title() -> None:
    text = "• 地方政策\n## 正文\n某县乡村振兴三年行动方案\n"
    assert [b.text for b in find_titles(text, 0, len(text))] == ["某县乡村振兴三年行动方案"]


@pytest.mark.parametrize(("title", "issuers"), [
    ("己市人民政府办公室关于推进数字政府建设的通知", ["己市人民政府办公室"]),
    ("国家发展改革委印发关于促进消费的若干措施的通知", ["国家发展改革委"]),
    ("关于印发《某方案》的通知", []),
    ("进一步优化营商环境的若干措施", []),
    # joint organs, separated by spaces, past 40 characters in all
    ("丙市发展和改革委员会 中共丙市委社会工作部 丙市规划和自然资源局 丙市住房和城乡建设局 关于印发丙市社区建设方案的通知",
     ["丙市发展和改革委员会", "中共丙市委社会工作部", "丙市规划和自然资源局", "丙市住房和城乡建设局"]),
    # an organ and its 公告/通告, with no 事由
    ("丙市人民代表大会常务委员会办公室公告（第7号）", ["丙市人民代表大会常务委员会办公室"]),
    ("丙市住房保障办公室通告", ["丙市住房保障办公室"]),
    ("关于推出第一批公共租赁住房房源的通告", []),
    ("疫情防控公告", []),
])
def test_issuer_from_title(title: str, issuers: list[str]) -> None:
    assert issuer_from_title(title) == issuers


# ---------------------------------------------------------------- recipients and signature

def test_recipients_split_at_top_level_commas_only() -> None:
    line = "各县（市、区）人民政府，开发区管委会,市直各部门、各单位，中央驻市有关单位（机构）："
    rec = read_recipients(line, 0, len(line))
    assert rec.names == ["各县（市、区）人民政府", "开发区管委会", "市直各部门、各单位", "中央驻市有关单位（机构）"]


def test_joint_signature_with_han_numeral_date_and_disclosure() -> None:
    text = "请遵照执行。\n\n庚市科学技术局\n庚市财政局\n二〇二〇年三月九日\n（此件主动公开）\n"
    lines = line_spans(text, 0, len(text))
    date_index = next(i for i, (a, b) in enumerate(lines) if "二〇" in text[a:b])
    sig = signature_ending_at(text, lines, date_index)
    assert sig is not None
    assert sig.organs == ["庚市科学技术局", "庚市财政局"]
    assert sig.date == "2020-03-09"
    assert sig.disclosure == "此件主动公开"


def test_organ_and_date_on_one_line() -> None:
    text = "特此通知。\n辛县人民政府    2019年11月2日\n"
    lines = line_spans(text, 0, len(text))
    sig = signature_ending_at(text, lines, 1)
    assert sig is not None and sig.organs == ["辛县人民政府"] and sig.date == "2019-11-02"


# ---------------------------------------------------------------- whole metadata

PLAIN_DOC = "某区促进楼宇经济发展实施办法\n\n为推动楼宇经济发展，结合本区实际，制定本办法。\n一、适用范围\n本办法适用于全区。\n"


def test_absent_fields_stay_none() -> None:
    md = segment_document(PLAIN_DOC, SegmentHints()).metadata
    assert md.title == "某区促进楼宇经济发展实施办法"
    assert md.doc_number is None and md.doc_number_parts.year is None
    assert md.issuer is None and md.issuers == []
    assert (md.issue_date, md.publish_date, md.index_number, md.category) == (None, None, None, None)
    assert md.recipients == [] and md.subject_title is None and md.disclosure is None and md.validity is None


def test_no_signature_issuer_comes_from_the_title() -> None:
    text = "壬市农业农村局关于开展耕地保护检查的通知\n各乡镇：\n为落实保护制度，现就有关事项通知如下。\n一、检查范围\n全市。\n"
    md = segment_document(text, SegmentHints()).metadata
    assert md.issuer == "壬市农业农村局"
    assert md.recipients == ["各乡镇"]


def test_labelled_issue_date_wins_over_signature_date_with_a_warning() -> None:
    text = ("成文日期：2021-04-01\n癸市人民政府关于印发某规划的通知\n各区政府：\n现将《某规划》印发给你们，请遵照执行。\n"
            "癸市人民政府\n2021年4月3日\n某规划\n一、总则\n内容。\n")
    seg = segment_document(text, SegmentHints())
    assert seg.metadata.issue_date == "2021-04-01"
    assert seg.metadata.issuer == "癸市人民政府"
    assert any(w.code == "metadata_conflict" and "issue_date" in w.message for w in seg.warnings)


def test_hints_fill_gaps_and_lose_disagreements() -> None:
    hints = SegmentHints(metadata_fields={
        "发布日期": ("2022-02-02", None),
        "索 引 号": ("X-0001", None),
        "公文时效": ("有效", None),
    })
    text = "发布日期：2022-02-01\n" + PLAIN_DOC
    seg = segment_document(text, hints)
    assert seg.metadata.publish_date == "2022-02-01"
    assert seg.metadata.index_number == "X-0001"
    assert seg.metadata.validity == "有效"
    assert any(w.code == "metadata_conflict" and "publish_date" in w.message for w in seg.warnings)


def test_doc_number_line_anywhere_in_the_header_and_spans_point_at_values() -> None:
    text = "子经信发〔2023〕15号\n\n子市经济和信息化局关于组织申报专项资金的通知\n各县区经信局：\n现将有关事项通知如下。\n一、申报条件\n内容。\n"
    md = segment_document(text, SegmentHints()).metadata
    assert md.doc_number == "子经信发〔2023〕15号"
    a, b = md.spans["doc_number"]
    assert text[a:b] == "子经信发〔2023〕15号"
    a, b = md.spans["title"]
    assert "关于组织申报专项资金的通知" in text[a:b]


def test_joint_organs_named_in_a_title_without_signature() -> None:
    text = "甲市财政局 甲市科学技术局关于开展专项资金绩效评价的通知\n各区财政局、科技局：\n为加强资金管理，现就有关事项通知如下。\n一、评价范围\n内容。\n"
    md = segment_document(text, SegmentHints()).metadata
    assert md.issuers == ["甲市财政局", "甲市科学技术局"]
    assert md.issuer == "甲市财政局"
    assert md.title == "甲市财政局甲市科学技术局关于开展专项资金绩效评价的通知"


def test_signature_after_the_attachment_list_and_open_method_note() -> None:
    text = ("乙市民政局关于调整救助标准的通知\n各区民政局：\n现将有关事项通知如下。\n一、调整标准\n内容。\n二、执行时间\n内容。\n"
            "附件：1.救助标准表\n2.计算方法\n乙市民政局  乙市财政局\n2024年5月6日\n公开方式：主动公开\n")
    md = segment_document(text, SegmentHints()).metadata
    assert md.issuers == ["乙市民政局", "乙市财政局"]
    assert md.issue_date == "2024-05-06"
    assert md.disclosure == "主动公开"


def test_signature_date_in_the_text_beats_a_page_field() -> None:
    text = "丙县人民政府关于做好防汛工作的通知\n各乡镇：\n现就有关事项通知如下。\n一、压实责任\n内容。\n丙县人民政府\n2023年6月2日\n"
    seg = segment_document(text, SegmentHints(metadata_fields={"成文日期": ("2023-06-05", None)}))
    assert seg.metadata.issue_date == "2023-06-02"
    assert any(w.code == "metadata_conflict" for w in seg.warnings)


def test_a_cited_doc_number_opening_a_sentence_is_not_the_documents() -> None:
    text = ("丁市教育局关于做好招生工作的通知\n各区教育局：\n"
            "省教育厅发〔2022〕5号文件明确了招生要求，现将有关事项通知如下。\n一、招生范围\n内容。\n")
    md = segment_document(text, SegmentHints()).metadata
    assert md.doc_number is None


def test_a_bare_label_word_in_a_table_does_not_take_the_next_cell() -> None:
    assert fields("职位\n名称\n\n联系人\n") == {}


def test_recipients_wrapped_over_two_lines() -> None:
    text = ("戊省人民政府关于加强安全生产的通知\n各市、县人民政府，省政府各部门、\n各直属机构：\n"
            "现就有关事项通知如下。\n一、压实责任\n内容。\n")
    md = segment_document(text, SegmentHints()).metadata
    assert md.recipients == ["各市、县人民政府", "省政府各部门、各直属机构"]


def test_a_labelled_value_that_does_not_parse_is_left_empty_with_a_warning() -> None:
    seg = segment_document("发布日期：2022年1月\n" + PLAIN_DOC, SegmentHints())
    assert seg.metadata.publish_date is None
    assert [w.code for w in seg.warnings if "publish_date" in w.message] == ["metadata_unparsed"]


WRAPPED_PDF = """午市人民政府办公室文件
午政办发〔2022〕18号
午市人民政府办公室关于印发午市促进
数字经济高质量发展若干措施的通知
各县（市、区）人民政府，市政府各部门：
《午市促进数字经济高质量发展若干措施》已经市政府同
意，现印发给你们，请认真贯彻落实。
午市人民政府办公室
2022年8月15日
午市促进数字经济高质量发展若干措施
为加快数字经济发展，结合我市实际，制定如下措施。
一、加强数字基础设施建设
（一）加快5G网络建设。到2023年底，全市建成5G基站
3000个以上。
二、保障措施
各地各部门要加强组织领导。
"""


def test_hard_wrapped_notice_and_the_masthead_line() -> None:
    seg = segment_document(WRAPPED_PDF, SegmentHints())
    md = seg.metadata
    assert md.title == "午市人民政府办公室关于印发午市促进数字经济高质量发展若干措施的通知"
    assert md.doc_number == "午政办发〔2022〕18号"
    assert md.subject_title == "午市促进数字经济高质量发展若干措施"
    assert seg.notice is not None and seg.notice.signatories == ["午市人民政府办公室"]
    assert [s.heading for s in seg.sections] == ["加强数字基础设施建设", "保障措施"]


def test_a_sentence_ending_in_a_colon_is_not_a_recipient_line() -> None:
    text = ("未市公安局关于燃放烟花爆竹的通告\n为保障公共安全，现就有关事项通告如下：\n一、禁止区域\n主城区。\n"
            "未市公安局\n二〇二三年一月十日\n")
    md = segment_document(text, SegmentHints()).metadata
    assert md.recipients == []
    assert md.issuer == "未市公安局" and md.issue_date == "2023-01-10"


def test_masthead_organ_line_repeated_by_the_title_is_not_joined() -> None:
    text = "申市人民政府\n\n申市人民政府关于表彰先进集体的决定\n\n各区人民政府：\n现决定如下。\n一、表彰名单\n内容。\n"
    assert [b.text for b in find_titles(text, 0, len(text))] == ["申市人民政府关于表彰先进集体的决定"]


def _reference_line_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Newline by newline with str.find."""
    spans = []
    pos = start
    while pos <= end:
        nl = text.find("\n", pos, end)
        if nl < 0:
            spans.append((pos, end))
            break
        spans.append((pos, nl))
        pos = nl + 1
    return spans


def test_line_spans_match_the_newline_by_newline_reference() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from policyparse.segment.metadata import line_spans

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet=list("ab\n\r 一"), max_size=20), st.integers(0, 25), st.integers(0, 25))
    def check(text: str, start: int, end: int) -> None:
        assert line_spans(text, start, end) == _reference_line_spans(text, start, end)

    check()


def test_line_spans_one_at_a_time_are_the_line_spans() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from policyparse.segment.metadata import iter_line_spans, line_spans

    @settings(max_examples=200, deadline=None)
    @given(st.text(alphabet=list("ab\n 一"), max_size=20), st.integers(0, 25), st.integers(0, 25))
    def check(text: str, start: int, end: int) -> None:
        assert list(iter_line_spans(text, start, end)) == line_spans(text, start, end)

    check()


def test_title_search_skipping_lines_without_a_document_kind_finds_every_title() -> None:
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    import policyparse.segment.metadata as metadata

    pieces = ["关于", "印发", "实施方案", "通知", "通**知", "的", "**", "【转载】", "盘政办发〔2021〕10号", " ", "\n", "\n\n",
              "市人民政府", "（试行）", "索引号：", "2021年5月21日", "文件", "。", "#"]

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.sampled_from(pieces), max_size=16))
    def check(parts: list[str]) -> None:
        text = "".join(parts)
        fast = find_titles(text, 0, len(text))
        precheck = metadata._DOC_KIND
        metadata._DOC_KIND = re.compile("")  # every line looks as if it may hold a 文种
        try:
            assert find_titles(text, 0, len(text)) == fast
        finally:
            metadata._DOC_KIND = precheck

    check()


def test_lines_read_from_the_end_are_the_lines_of_the_region() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from policyparse.segment.metadata import LinesFromEnd

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet=list("\n 甲2"), max_size=20), st.integers(0, 22), st.integers(0, 22),
           st.lists(st.integers(0, 25), max_size=6))
    def check(text: str, start: int, end: int, asked: list[int]) -> None:
        start, end = min(start, len(text)), min(end, len(text))
        expected = line_spans(text, start, end)
        lazy = LinesFromEnd(text, start, end)
        assert len(lazy) == len(expected)
        for index in asked:  # in any order
            if index < len(expected):
                assert lazy[index] == expected[index]
        assert list(lazy) == expected

    check()


def test_header_read_with_the_zone_scans_field_lines_reads_the_same_fields() -> None:
    from hypothesis import example, given, settings
    from hypothesis import strategies as st

    from policyparse.segment.document import _header_zone

    pieces = ["索 引 号：", "发布机构：市政府，", "发文字号：盘政办发〔2021〕10号", "发布日期：", "2021-05-21", "标题：",
              "各县、区人民政府，", "市政府各部门：", "一、总体要求", "现将方案印发给你们，请认真贯彻执行。", " ", "\n", "\n\n", "**"]

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.sampled_from(pieces), max_size=16))
    @example(["索 引 号：", "\n", "发布机构：市政府，", "\n", "市政府各部门："])  # a field line wraps into the 主送机关
    def check(parts: list[str]) -> None:
        text = "".join(parts)
        limit, _, field_lines = _header_zone(text)
        assert read_header(text, limit, field_lines) == read_header(text, limit)

    check()


def test_a_law_databases_labels_give_issuer_date_and_number() -> None:
    text = ("戊市物业管理条例\n\n颁布日期：2001-6-3\n实施日期：2001-8-1\n颁布单位：戊市人民代表大会常务委员会\n"
            "发文文号：戊人常〔2001〕3号\n\n第一条　为了规范物业管理，制定本条例。\n")
    md = segment_document(text, SegmentHints()).metadata
    assert (md.issue_date, md.issuer, md.doc_number) == ("2001-06-03", "戊市人民代表大会常务委员会", "戊人常〔2001〕3号")


_TABLE_AT_THE_END = (
    "某市数字经济行动方案\n\n一、主要任务\n\n（一）建设数据中心。到2022年建成数据中心2个。\n\n二、任务分解\n"
    "序号\n任务名称\n牵头单位\n完成时限\n1\n建设数据中心\n市发展改革委\n2022年6月30日\n"
    "2\n建设算力平台\n市工业和信息化局\n2022年12月31日"
)


def test_a_flattened_tables_last_row_is_no_signature() -> None:
    seg = segment_document(_TABLE_AT_THE_END, SegmentHints())
    assert (seg.metadata.issuer, seg.metadata.issue_date) == (None, None)
    assert [row[1:] for row in seg.tables[0].rows] == [
        ["建设数据中心", "市发展改革委", "2022年6月30日"], ["建设算力平台", "市工业和信息化局", "2022年12月31日"]]


def test_a_signature_after_a_table_and_a_closing_sentence_stays() -> None:
    text = _TABLE_AT_THE_END + "\n\n各单位要按时完成任务。\n\n某市人民政府办公室\n2021年5月21日"
    seg = segment_document(text, SegmentHints())
    assert (seg.metadata.issuer, seg.metadata.issue_date) == ("某市人民政府办公室", "2021-05-21")


# ---------------------------------------------------------------- a 落款 dated to the month

_MONTH_TABLE_AT_THE_END = _TABLE_AT_THE_END.replace("2022年12月31日", "2022年12月")


@pytest.mark.parametrize("text", [
    _MONTH_TABLE_AT_THE_END,
    # no 序号 column: the cell above the unit is no closing sentence
    "某市数字经济行动方案\n\n一、主要任务\n\n建设算力平台，到2022年建成。\n\n任务名称\n牵头单位\n完成时限\n"
    "建设算力平台\n市工业和信息化局\n2022年12月",
    # an organ and a date below a heading line, not a sentence, in a text's opening part
    "甲市制造业行动计划\n\n一、重点任务\n\n甲市工业和信息化局\n\n2022年12月12日\n\n二、保障措施\n\n加强组织领导。\n",
    # a row of a table in a text's opening part: the line above the unit is a cell
    "甲市制造业行动计划\n\n为加快发展，制定本计划。\n\n序号\n任务\n牵头单位\n完成时限\n1\n建设平台\n甲市工业和信息化局\n"
    "2022年12月12日\n2\n培育企业\n甲市科学技术局\n2023年6月30日\n\n二、保障措施\n\n加强组织领导。\n",
])
def test_a_tables_row_or_a_block_below_a_heading_is_no_signature(text: str) -> None:
    md = segment_document(text, SegmentHints()).metadata
    assert (md.issuer, md.issue_date) == (None, None)


def test_a_notice_signed_with_a_month_names_its_signatory_and_leaves_the_date_empty() -> None:
    text = ("甲市工业和信息化局关于印发甲市算力发展方案的通知\n\n各区人民政府：\n\n现将《甲市算力发展方案》印发给你们，"
            "请认真贯彻执行。\n\n甲市工业和信息化局\n2022年12月\n\n甲市算力发展方案\n\n一、总体要求\n\n正文。\n")
    seg = segment_document(text, SegmentHints())
    assert seg.notice is not None and seg.notice.signatories == ["甲市工业和信息化局"]
    assert (seg.metadata.subject_title, seg.metadata.issue_date) == ("甲市算力发展方案", None)
    (warning,) = [w for w in seg.warnings if "2022年12月" in w.message]
    assert warning.code == "metadata_unparsed" and text[warning.span[0]:warning.span[1]] == "2022年12月"


def test_a_month_dated_signature_closing_the_last_paragraph_signs() -> None:
    text = "甲市算力发展方案\n\n一、总体要求\n\n到2025年建成算力中心3个。\n\n甲市工业和信息化局\n二〇二二年十二月\n"
    md = segment_document(text, SegmentHints()).metadata
    assert (md.issuer, md.issue_date) == ("甲市工业和信息化局", None)


def test_a_month_alone_below_a_paragraph_is_no_signature() -> None:
    text = "甲市算力发展方案\n\n一、总体要求\n\n到2025年建成算力中心3个。\n\n2022年12月\n"
    assert segment_document(text, SegmentHints()).metadata.issuer is None


# ---------------------------------------------------------------- titles on real pages

@pytest.mark.parametrize(("page", "title"), [
    ("首页 > 政务公开 > 通知公告\n乙市人民政府关于做好防汛工作的通知\n", "乙市人民政府关于做好防汛工作的通知"),
    ("当前位置：首页 -> 文件\n\n乙市人民政府关于做好防汛工作的通知\n", "乙市人民政府关于做好防汛工作的通知"),
    ("乙府发〔2014〕2号《乙市人民政府关于做好防汛工作的意见》\n", "乙市人民政府关于做好防汛工作的意见"),
    ("乙省人民代表大会常务委员会关于修改《乙省物业条例》的决定 附:修正本\n",
     "乙省人民代表大会常务委员会关于修改《乙省物业条例》的决定"),
    ("乙市物业管理条例\n（附：修正本）\n", "乙市物业管理条例"),
    ("中华人民共和国乡村振兴促进法\n", "中华人民共和国乡村振兴促进法"),
])
def test_page_chrome_around_a_title_is_dropped(page: str, title: str) -> None:
    assert [b.text for b in find_titles(page, 0, len(page))][:1] == [title]


@pytest.mark.parametrize(("line", "titles"), [
    ("关于印发《甲方案》和《乙办法》的通知", ["关于印发《甲方案》和《乙办法》的通知"]),
    ("《甲方案》和《乙办法》", ["《甲方案》和《乙办法》"]),  # two books: no whole-title brackets to drop
    ("具体计算方法", []),  # 法 ends a title only in a national law's name
    ("乙市物业管理条例 附：甲", ["乙市物业管理条例"]),
])
def test_what_is_no_whole_title_or_law_title(line: str, titles: list[str]) -> None:
    assert [b.text for b in find_titles(line, 0, len(line))] == titles


# ---------------------------------------------------------------- header fields laid out as a table

def test_a_header_row_copied_from_a_page_table_gives_one_cell_per_value() -> None:
    text = ("索 引 号: | 0001/2023-01 | 信息分类: | |\n发布机构: | 生成日期: | 2022-12-02 08:54:33 | |\n"
            "文 号: | 丁府办发〔2022〕10号 | 是否有效: | 是 |\n")
    assert fields(text) == {"index_number": "0001/2023-01", "publish_date": "2022-12-02 08:54:33",
                            "doc_number": "丁府办发〔2022〕10号", "validity": "是"}


def test_a_bulleted_header_with_values_below_its_labels() -> None:
    text = ("丁县人民政府工作规则\n\n  • 索引号:\n\n    0001/2024-01\n  • 来源:\n\n  • 发文机构:\n\n    县政府网站\n"
            "  • 发文字号:\n\n    丁政发〔2024〕7号\n  • 发文日期:\n\n    2024年04月06日 16:40\n\n丁县人民政府工作规则\n\n"
            "第一章 总则\n\n第一条 为了规范工作，制定本规则。\n")
    md = segment_document(text, SegmentHints()).metadata
    assert (md.doc_number, md.issue_date, md.recipients) == ("丁政发〔2024〕7号", "2024-04-06", [])
    assert md.issuer is None  # a web site is no issuer


def test_recipients_whose_short_head_shares_the_last_organs_suffix() -> None:
    assert is_recipients_line("各区人民政府，市政府各部门，中央、省属驻市单位：")
    assert not is_recipients_line("为做好工作、加强管理：")


# ---------------------------------------------------------------- issuer without a 落款

def test_a_laws_title_note_names_the_congress_that_adopted_it() -> None:
    text = ("戊市物业管理条例\n\n（2010年6月22日戊市第十四届人民代表大会常务委员会第十七次会议通过 "
            "2010年7月30日己省第十一届人民代表大会常务委员会第十八次会议批准）\n\n第一章 总则\n\n第一条 为了规范物业管理，制定本条例。\n")
    md = segment_document(text, SegmentHints()).metadata
    assert (md.issuer, md.issue_date) == ("戊市人民代表大会常务委员会", "2010-06-22")
    assert text[md.spans["issuer"][0]:md.spans["issuer"][1]] == "戊市第十四届人民代表大会常务委员会"


def test_a_national_laws_title_note_names_the_standing_committee() -> None:
    note = "（2000年10月31日第九届全国人民代表大会常务委员会第十八次会议通过）"
    assert find_title_note_organ(note, 0, len(note)) == ("全国人民代表大会常务委员会", (12, 28))


_SOURCED = "{title}\n\n来源：{source}\n\n为做好补贴工作，结合本市实际，制定本办法。本办法自印发之日起施行，有效期5年。\n\n一、补贴对象\n\n正文。\n"


@pytest.mark.parametrize(("title", "source", "issuer"), [
    ("庚市困难残疾人补贴实施办法", "庚市民政局", "庚市民政局"),
    ("庚市困难残疾人补贴实施办法", "庚市辛区人民政府壬街道办事处", None),  # a district office re-posting it
    ("庚市困难残疾人补贴实施办法", "法律资料网", None),
    ("困难残疾人补贴实施办法", "庚市民政局", None),  # no place to check the source against
])
def test_the_source_field_names_the_issuer_only_when_it_is_of_the_titles_place(
        title: str, source: str, issuer: str | None) -> None:
    md = segment_document(_SOURCED.format(title=title, source=source), SegmentHints()).metadata
    assert md.issuer == issuer


def test_a_signature_wins_over_the_source_field() -> None:
    text = _SOURCED.format(title="庚市困难残疾人补贴实施办法", source="庚市民政局") + "\n庚市人民政府\n2022年1月12日\n"
    assert segment_document(text, SegmentHints()).metadata.issuer == "庚市人民政府"


def test_a_labelled_department_field_names_joint_issuers() -> None:
    assert fields("发布时间:2022-05-12\n发文部门:甲市科学技术局 甲市财政局\n")["issuer"] == "甲市科学技术局 甲市财政局"


# ---------------------------------------------------------------- a 落款 closing a text's opening part

_PUBLISHING_NOTE = ("关于公开征求《甲市制造业行动计划（征求意见稿）》意见的公告\n\n为加快建设制造业强市，我局起草了行动计划，"
                    "现向社会公开征求意见。\n\n一、意见请于2022年12月19日前反馈。\n\n联系电话：0000-1234567\n\n"
                    "通讯地址：甲市乙路1号（邮编：100000）\n\n甲市工业和信息化局\n\n2022年12月12日\n\n"
                    "甲市制造业行动计划\n\n（征求意见稿）\n\n一、总体要求\n\n到2025年，建成示范工厂10家。\n")


def test_a_signature_closing_a_publishing_note_signs_the_text() -> None:
    md = segment_document(_PUBLISHING_NOTE, SegmentHints()).metadata
    assert (md.issuer, md.issue_date) == ("甲市工业和信息化局", "2022-12-12")


def test_a_catalogue_header_with_empty_values_and_byline_dates() -> None:
    text = ("信息分类: 通知   发布机构: 甲县人民政府办公室\n生成日期: 2019-01-23 文号:\n生效时间: 2019-01-23\n"
            "废止时间: 2020-01-23\n信息来源: 关键词:\n")
    assert fields(text) == {"category": "通知", "publisher": "甲县人民政府办公室", "publish_date": "2019-01-23",
                            "effective_date": "2019-01-23", "expiry_date": "2020-01-23"}
    assert fields("来源:甲市政府门户网 日期:2017-01-12 17:08 字号:【\n") == {"source_name": "甲市政府门户网"}


def test_a_title_line_closing_with_its_doc_number_in_brackets() -> None:
    text = "当前位置: 首页 > 政策法规\n\n中共甲市委办公室甲市人民政府办公室印发《关于推进政务公开的意见》的通知(甲办发〔2017〕2号)\n"
    md = segment_document(text + "\n各县市区：\n\n现印发给你们，请认真执行。\n", SegmentHints()).metadata
    assert (md.title, md.doc_number) == ("中共甲市委办公室甲市人民政府办公室印发《关于推进政务公开的意见》的通知", "甲办发〔2017〕2号")


def test_a_doc_number_in_brackets_on_its_own_line() -> None:
    text = "甲盟行政公署办公室关于印发公文处理细则的通知\n(甲署办发〔2007〕22号)\n各旗人民政府：\n"
    assert find_doc_number_line(text, 0, len(text)).text == "甲署办发〔2007〕22号"


@pytest.mark.parametrize(("page", "title"), [
    # a page's own title line above a title that names its organ and 关于 stays apart
    ("甲盟公文处理细则及文种式样\n甲盟行政公署办公室关于印发甲盟公文处理细则的通知\n", "甲盟行政公署办公室关于印发甲盟公文处理细则的通知"),
    # joint organs stacked above the title line still join it
    ("甲市财政局\n甲市科学技术局关于印发科技经费管理办法的通知\n", "甲市财政局甲市科学技术局关于印发科技经费管理办法的通知"),
    # a title wrapped after its organ and 关于 joins as before
    ("甲省人民政府办公厅关于加强高校\n毕业生就业工作的通知\n", "甲省人民政府办公厅关于加强高校毕业生就业工作的通知"),
])
def test_which_lines_above_a_title_line_join_it(page: str, title: str) -> None:
    assert [b.text for b in find_titles(page, 0, len(page))] == [title]


def test_an_order_signed_by_its_leader_is_dated_by_the_signature() -> None:
    text = ("甲省人工影响天气管理规定\n\n政府令〔2010〕第15号\n\n《甲省人工影响天气管理规定》已经省政府常务会议通过，现予公布，"
            "自2011年2月1日起施行。\n\n省长\n\n二〇一〇年十二月二十五日\n\n甲省人工影响天气管理规定\n\n第一章 总则\n\n"
            "第一条 为加强管理，制定本规定。\n")
    md = segment_document(text, SegmentHints()).metadata
    assert (md.issue_date, md.issuer, md.doc_number) == ("2010-12-25", None, "政府令〔2010〕15号")


@pytest.mark.parametrize(("value", "issuer"), [
    ("中共中央 国务院", "中共中央 国务院"),
    ("甲县天园街道", "甲县天园街道"),
    ("县政府网站", None),
    ("甲市人民政府门户网", None),
])
def test_a_labelled_issuer_is_kept_unless_it_names_a_web_site(value: str, issuer: str | None) -> None:
    text = f"发文机关：{value}\n\n甲县农村供水管理规定\n\n第一条 为加强管理，制定本规定。\n"
    assert segment_document(text, SegmentHints()).metadata.issuer == issuer
