"""Locating the 附件说明 list and attachment bodies, and building attachments."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

from policyparse.io import Link, SegmentHints
from policyparse.model import Table
from policyparse.segment.attachments import build_attachments, locate_attachments

DOC = """关于做好社区养老服务的通知
一、工作安排
做好社区养老服务。
附件：1．社区养老服务站点名单
2．运营补贴申请表
某某市民政局
2023年3月1日
附件 1
社区养老服务
站点名单
一、城区站点
东街站点
附件2
运营补贴申请表
序号
项目
金额
1
场地租金
10
"""


def test_locates_list_and_bodies() -> None:
    layout = locate_attachments(DOC, 0)
    assert layout.main_end == DOC.index("附件：1")
    assert [(e.number, e.title) for e in layout.listed] == [(1, "社区养老服务站点名单"), (2, "运营补贴申请表")]
    assert [(b.number, b.title) for b in layout.bodies] == [(1, "社区养老服务站点名单"), (2, "运营补贴申请表")]
    assert DOC[layout.bodies[0].content_start :].startswith("一、城区站点")
    assert DOC[layout.bodies[1].span[0] :].startswith("附件2")
    assert layout.bodies[0].span[1] == layout.bodies[1].span[0]


def test_listed_and_present_is_one_attachment() -> None:
    layout = locate_attachments(DOC, 0)
    attachments, warnings = build_attachments(DOC, layout, SegmentHints())
    assert [(a.number, a.title, a.listed, a.present) for a in attachments] == [
        (1, "社区养老服务站点名单", True, True),
        (2, "运营补贴申请表", True, True),
    ]
    assert warnings == []


def test_single_attachment_and_bare_body_line() -> None:
    text = "正文内容。\n附件：项目申报指南\n某某局\n2022年1月5日\n附件：\n项目申报指南\n一、申报条件\n企业注册满一年。\n"
    layout = locate_attachments(text, 0)
    assert [(e.number, e.title) for e in layout.listed] == [(None, "项目申报指南")]
    assert len(layout.bodies) == 1
    attachments, _ = build_attachments(text, layout, SegmentHints())
    assert [(a.title, a.listed, a.present) for a in attachments] == [("项目申报指南", True, True)]


def test_no_attachments() -> None:
    text = "一、总体要求\n坚持统筹推进。\n二、保障措施\n加强领导。\n"
    layout = locate_attachments(text, 0)
    assert layout.main_end == len(text) and layout.listed == [] and layout.bodies == []


def test_header_attachment_block_does_not_end_the_document() -> None:
    text = "**附件**:\n- [布局图.pdf](./布局图.pdf)\n---\n" + "正文段落很长。\n" * 80
    layout = locate_attachments(text, 0)
    assert [(e.title, e.href) for e in layout.listed] == [("布局图", "./布局图.pdf")]
    assert layout.main_end == len(text)


def test_links_and_real_tables_from_hints() -> None:
    layout = locate_attachments(DOC, 0)
    body2 = layout.bodies[1]
    real = Table(columns=["序号", "项目", "金额"], rows=[["1", "场地租金", "10"]], span=(body2.content_start, body2.span[1]))
    hints = SegmentHints(
        tables=[real],
        links=[Link(title="附件2：运营补贴申请表.xlsx", href="/f/2.xlsx", span=(0, 0)),
               Link(title="政策解读.pdf", href="/f/jd.pdf", span=(0, 0))],
    )
    attachments, _ = build_attachments(DOC, layout, hints)
    assert attachments[1].href == "/f/2.xlsx"
    assert attachments[1].tables == [real]
    assert (attachments[2].title, attachments[2].listed, attachments[2].present, attachments[2].href) == (
        "政策解读", False, False, "/f/jd.pdf")


def test_flattened_table_in_body_is_rebuilt() -> None:
    layout = locate_attachments(DOC, 0)
    attachments, _ = build_attachments(DOC, layout, SegmentHints())
    assert [t.columns for t in attachments[1].tables] == [["序号", "项目", "金额"]]


def test_seed_000_attachments(samples_dir: Path) -> None:
    from policyparse.text import repair_text

    text = repair_text((samples_dir / "000_a8401e22d6ed3200.txt").read_text(encoding="utf-8")).text
    layout = locate_attachments(text, 0)
    attachments, _ = build_attachments(text, layout, SegmentHints())
    assert [(a.number, a.title, a.listed, a.present) for a in attachments] == [
        (1, "加快科技双创孵化载体建设引育科技型中小微企业工作专班", True, True),
        (2, "2021年重点工作任务分解表", True, True),
    ]
    assert [(len(t.columns), len(t.rows)) for t in attachments[1].tables] == [(7, 18)]


def test_chinese_numbered_bodies_without_a_list() -> None:
    text = "正文。\n附件一\n评分细则\n一、评分方法\n附件二：申报材料清单\n1.营业执照\n"
    layout = locate_attachments(text, 0)
    assert [(b.number, b.title) for b in layout.bodies] == [(1, "评分细则"), (2, "申报材料清单")]
    assert layout.main_end == text.index("附件一")


def test_sentence_mentioning_an_attachment_is_no_body() -> None:
    text = "一、工作安排\n附件2所列企业由市科技局另行公布，请各单位知悉。\n二、保障措施\n加强领导。\n"
    layout = locate_attachments(text, 0)
    assert layout.bodies == [] and layout.main_end == len(text)


def test_one_line_list_with_several_entries() -> None:
    text = "正文。\n附件：1.资金申请表 2.2023年项目汇总表；3、承诺书\n某某局\n"
    layout = locate_attachments(text, 0)
    assert [(e.number, e.title) for e in layout.listed] == [(1, "资金申请表"), (2, "2023年项目汇总表"), (3, "承诺书")]
    assert [text[e.span[0] : e.span[1]] for e in layout.listed] == ["资金申请表", "2023年项目汇总表", "承诺书"]


def test_attachment_box_of_file_links_after_the_body() -> None:
    text = (
        "关于做好夜间经济的实施方案\n一、主要任务\n繁荣夜间消费。\n\n【相关附件】\n"
        "- [夜间经济集聚区分布图.pdf](/files/map.pdf)\n- [重点街区名单.xlsx](/files/list.xlsx)\n"
    )
    layout = locate_attachments(text, 0)
    assert [(e.title, e.href) for e in layout.listed] == [
        ("夜间经济集聚区分布图", "/files/map.pdf"), ("重点街区名单", "/files/list.xlsx"),
    ]
    assert text[layout.main_end:].startswith("【相关附件】")


def test_a_download_label_without_links_is_no_list() -> None:
    text = "某某方案\n一、主要任务\n推进工作。\n附件下载：\n请到政务网站查询。\n"
    layout = locate_attachments(text, 0)
    assert layout.listed == [] and layout.main_end == len(text)


def test_text_without_attachments_ends_at_its_end() -> None:
    text = "一、总体要求\n坚持问题导向。\n二、主要任务\n（一）建设平台。\n"
    layout = locate_attachments(text, 0)
    assert (layout.main_end, layout.listed, layout.bodies) == (len(text), [], [])
    with_body = locate_attachments(text + "附件\n重点任务清单\n", 0)
    assert with_body.main_end == len(text) and [b.title for b in with_body.bodies] == ["重点任务清单"]


def _assert_locates_as_when_reading_every_line(
    pieces: list[str], name: str, every_line: Callable[[int], Callable[..., object]]
) -> None:
    """``locate_attachments`` finds the same on random texts of ``pieces`` when ``attachments.<name>`` is replaced
    by ``every_line(start)``, a stand-in that makes it read every line."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    import policyparse.segment.attachments as attachments

    @settings(max_examples=200, deadline=None)
    @given(st.lists(st.sampled_from(pieces), max_size=24), st.integers(0, 10))
    def check(parts: list[str], start: int) -> None:
        text = "".join(parts)
        start = min(start, len(text))
        fast = locate_attachments(text, start)
        original = getattr(attachments, name)
        setattr(attachments, name, every_line(start))
        try:
            assert locate_attachments(text, start) == fast
        finally:
            setattr(attachments, name, original)

    check()


def test_reading_from_the_first_mark_finds_what_reading_every_line_finds() -> None:
    from policyparse.segment.lines import stripped_lines

    pieces = ["附件", "附件1", "附件：", "附表1", "附表：", "1.", "2、", "名单", "实施方案", "附近", "。", "\n", "\n\n", " ", "**",
              "一、工作要求"]

    def every_line(start: int) -> Callable[..., object]:
        return lambda t, _s, end=None, shared=None: stripped_lines(t, start, end)

    _assert_locates_as_when_reading_every_line(pieces, "lines_between", every_line)


def test_reading_only_the_lines_with_fu_finds_what_reading_every_line_finds() -> None:
    pieces = ["附件", "附件1", "附件：", "附表", "附表2", "附表：", "相关附件：", "【附件下载】", "- [名单.pdf](a.pdf)", "1.", "2、", "名单", "实施方案",
              "附近", "。", "\n", "\n\n", " ", "**", "一、工作要求", "表.docx"]
    _assert_locates_as_when_reading_every_line(
        pieces, "_marked_lines", lambda start: lambda lines: list(range(len(lines))))


def test_a_file_named_only_by_number_takes_the_title_a_sentence_gives_it() -> None:
    text = ("关于做好招生工作的通知\n一、招生对象\n应符合《某区照顾学生清单》（附件2）条件，并填写《报名表》(见附件 1)。\n"
            "再次按照《另一份清单》（附件2）执行。\n附件：\n附件1.docx\n附件2.docx\n附件3.docx\n")
    attachments, _ = build_attachments(text, locate_attachments(text, 0), SegmentHints())
    assert [(a.number, a.title) for a in attachments] == [(1, "报名表"), (2, "某区照顾学生清单"), (3, None)]


def test_a_book_title_cited_without_an_attachment_number_names_no_attachment() -> None:
    text = "关于做好招生工作的通知\n一、招生对象\n按《某区照顾学生清单》执行（附件由学校提供）。\n附件：\n附件1.docx\n"
    attachments, _ = build_attachments(text, locate_attachments(text, 0), SegmentHints())
    assert [(a.number, a.title) for a in attachments] == [(1, None)]


def test_a_link_named_by_a_stored_files_code_gives_no_title() -> None:
    text = "关于做好招生工作的通知\n一、招生对象\n按规定执行。\n"
    hints = SegmentHints(links=[Link(title="10777181.docx", href="/att/10777181.docx", span=(0, 0))])
    attachments, _ = build_attachments(text, locate_attachments(text, 0), hints)
    assert [(a.number, a.title, a.href) for a in attachments] == [(None, None, "/att/10777181.docx")]


@pytest.mark.parametrize(("listing", "titles"), [
    ("附件：甲省发展改革委关于实施重大工程包的通\n知（甲发改〔2015〕13号）\n", ["甲省发展改革委关于实施重大工程包的通知（甲发改〔2015〕13号）"]),
    ("附件：1.甲市科技创新券管理实施\n细则\n2.甲市科技型企业名单\n", ["甲市科技创新券管理实施细则", "甲市科技型企业名单"]),
    # a complete title is followed by the 落款, not by the rest of the title
    ("附件：甲市科技型企业名单\n甲市科学技术局\n2023年5月6日\n", ["甲市科技型企业名单"]),
    ("附件：1.甲市科技型企业\n甲市科学技术局\n2023年5月6日\n", ["甲市科技型企业"]),
])
def test_a_list_entry_wrapped_over_two_lines_is_one_title(listing: str, titles: list[str]) -> None:
    text = "关于公布科技型企业名单的通知\n各区科技局：\n现将名单予以公布。\n" + listing
    assert [e.title for e in locate_attachments(text, 0).listed] == titles
