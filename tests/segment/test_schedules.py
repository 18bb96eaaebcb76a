"""附表 (appended tables): lists and bodies read like 附件 ones, paired only with each other."""

from __future__ import annotations

from policyparse.io import SegmentHints
from policyparse.model import Attachment
from policyparse.segment.attachments import SCHEDULE, build_attachments, locate_attachments
from policyparse.segment.document import segment_document

PLAN = ("某市推进数字经济发展实施方案\n\n一、总体要求\n坚持创新驱动。\n二、重点任务\n"
        "（一）建设数据平台（牵头单位：市数据局）。\n（二）培育企业，具体任务见附表1。\n")
TASK_TABLE = "序号\n任务\n牵头单位\n1\n建设数据平台\n市数据局\n2\n培育企业\n市工信局\n"


def attachments(text: str) -> list[Attachment]:
    found, _ = build_attachments(text, locate_attachments(text, 0), SegmentHints())
    return found


def summary(found: list[Attachment]) -> list[tuple[object, ...]]:
    return [(a.label, a.number, a.title, a.listed, a.present, len(a.tables)) for a in found]


def test_schedule_list_and_bodies_after_the_main_text() -> None:
    text = (PLAN + "\n附表：1.重点任务分解表\n2.重点项目清单\n\n某市人民政府\n2022年3月1日\n\n"
            "附表1\n\n重点任务分解表\n\n" + TASK_TABLE + "\n附表 2\n重点项目清单\n")
    layout = locate_attachments(text, 0)
    assert layout.main_end == text.index("附表：")
    assert [(e.number, e.label) for e in layout.listed] == [(1, SCHEDULE), (2, SCHEDULE)]
    assert summary(attachments(text)) == [("附表", 1, "重点任务分解表", True, True, 1), ("附表", 2, "重点项目清单", True, True, 0)]
    seg = segment_document(text, SegmentHints())
    assert (seg.metadata.issuer, seg.metadata.issue_date) == ("某市人民政府", "2022-03-01")
    assert [(t.source, t.lead_units) for t in seg.tasks if t.source == "table"] == [("table", ["市数据局"]), ("table", ["市工信局"])]


def test_titled_schedule_body_without_a_list() -> None:
    text = PLAN + "\n附表1：重点任务分解表\n" + TASK_TABLE
    assert summary(attachments(text)) == [("附表", 1, "重点任务分解表", False, True, 1)]
    assert locate_attachments(text, 0).main_end == text.index("附表1：")


def test_schedule_named_in_a_sentence_is_no_attachment() -> None:
    text = PLAN + "三、保障措施\n附表1所列任务由各牵头单位负责落实，按季度报送进展。\n附表中的任务按季度更新。\n"
    layout = locate_attachments(text, 0)
    assert (layout.main_end, layout.listed, layout.bodies) == (len(text), [], [])


def test_schedule_inside_an_attachment_belongs_to_it() -> None:
    text = (PLAN + "\n附件：申请程序\n\n附件\n\n申请程序\n一、申请对象\n各类企业。\n"
            "附表：1.申请表\n2.评估表\n\n附表1\n申请表\n\n附表2\n评估表\n")
    found = attachments(text)
    assert summary(found) == [("附件", None, "申请程序", True, True, 0)]
    assert found[0].span[1] == len(text.rstrip())


def test_schedule_and_attachment_with_the_same_number_stay_apart() -> None:
    text = (PLAN + "\n附件：1.重点企业名单\n\n某市人民政府\n2022年3月1日\n\n"
            "附表1\n重点任务分解表\n" + TASK_TABLE + "\n附件1\n重点企业名单\n序号\n企业\n1\n甲公司\n2\n乙公司\n")
    found, warnings = build_attachments(text, locate_attachments(text, 0), SegmentHints())
    assert summary(found) == [("附件", 1, "重点企业名单", True, True, 0), ("附表", 1, "重点任务分解表", False, True, 1)]
    assert warnings == []
    assert found[1].span[0] == text.index("附表1\n")


def test_bare_attachment_line_over_schedule_labels_opens_one_attachment() -> None:
    text = PLAN + "\n附件：\n附表1：重点任务分解表\n" + TASK_TABLE
    found = attachments(text)
    assert [(a.label, a.number, a.listed, a.present) for a in found] == [("附件", None, False, True)]


def test_markdown_names_each_attachment_by_its_label() -> None:
    from policyparse import parse_text
    from policyparse.render import to_markdown

    text = (PLAN + "\n附件：1.重点企业名单\n\n某市人民政府\n2022年3月1日\n\n"
            "附表1\n重点任务分解表\n" + TASK_TABLE + "\n附件1\n重点企业名单\n")
    markdown = to_markdown(parse_text(text).to_dict())
    assert "- 附件1 重点企业名单" in markdown and "- 附表1 重点任务分解表" in markdown


def test_page_links_named_by_label_join_attachments_of_that_label() -> None:
    from policyparse.io import Link

    text = (PLAN + "\n附件：1.重点企业名单\n\n某市人民政府\n2022年3月1日\n\n"
            "附表1\n重点任务分解表\n" + TASK_TABLE + "\n附件1\n重点企业名单\n")
    links = [Link(title="附表1：重点任务分解表.xlsx", href="/f/t1.xlsx", span=(0, 0)),
             Link(title="附件1.pdf", href="/f/a1.pdf", span=(0, 0)),
             Link(title="附表2.xlsx", href="/f/t2.xlsx", span=(0, 0))]
    found, _ = build_attachments(text, locate_attachments(text, 0), SegmentHints(links=links))
    assert [(a.label, a.number, a.title, a.present, a.href) for a in found] == [
        ("附件", 1, "重点企业名单", True, "/f/a1.pdf"),
        ("附表", 1, "重点任务分解表", True, "/f/t1.xlsx"),
        ("附表", 2, None, False, "/f/t2.xlsx"),
    ]
