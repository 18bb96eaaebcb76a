"""Finding tasks: operative items, unit annotations, deadlines and task-table rows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import pytest

from policyparse.model import Attachment, Section, Table
from policyparse.segment.tables import rebuild_flattened_tables
from policyparse.segment.tasks import find_deadline, find_tasks, is_operative_heading, prose_units

Spec = tuple[str, str, list["Spec"]]


def build(text: str, specs: list[Spec], end: Optional[int] = None, prefix: str = "s", level: int = 1,
          search_from: int = 0) -> list[Section]:
    """Sections for ``text`` from nested (marker, heading, children) specs; spans run to the next sibling."""
    end = len(text) if end is None else end
    starts = []
    pos = search_from
    for marker, heading, _ in specs:
        pos = text.index(marker + heading, pos)
        starts.append(pos)
        pos += 1
    out = []
    for i, (marker, heading, children) in enumerate(specs):
        s_end = starts[i + 1] if i + 1 < len(specs) else end
        body = starts[i] + len(marker + heading)
        kids = build(text, children, s_end, f"{prefix}{i + 1}.", level + 1, body) if children else []
        own_end = kids[0].span[0] if kids else s_end
        out.append(Section(id=f"{prefix}{i + 1}", level=level, marker=marker, ordinal=i + 1, heading=heading,
                           text=text[body:own_end].strip("。\n"), span=(starts[i], s_end), children=kids))
    return out


DOC = """一、工作目标
到2025年，建成示范社区20个。
二、主要任务
（一）完善服务网络。（牵头部门：市民政局；配合部门：市财政局、各区政府）
1.建设街道综合中心。2024年底前实现全覆盖。
2.发展社区食堂。推动每个街道建设一个社区食堂。（市商务局）
（二）强化人才支撑
3.培训护理人员。由市人社局负责牵头组织培训，市卫健委负责技术指导。
三、组织实施
（一）加强统筹。各部门要定期报送进展，每月10日前报送。
四、职责分工
（一）市民政局。负责统筹协调。
（二）市财政局。牵头落实资金保障。
"""

SPECS: list[Spec] = [
    ("一、", "工作目标", []),
    ("二、", "主要任务", [
        ("（一）", "完善服务网络", [("1.", "建设街道综合中心", []), ("2.", "发展社区食堂", [])]),
        ("（二）", "强化人才支撑", [("3.", "培训护理人员", [])]),
    ]),
    ("三、", "组织实施", [("（一）", "加强统筹", [])]),
    ("四、", "职责分工", [("（一）", "市民政局", []), ("（二）", "市财政局", [])]),
]


@pytest.fixture()
def doc_tasks():
    sections = build(DOC, SPECS)
    tasks, warnings = find_tasks(DOC, sections, [])
    return {t.heading: t for t in tasks}, warnings


def test_leaf_items_of_operative_parts_are_tasks(doc_tasks) -> None:
    tasks, _ = doc_tasks
    assert list(tasks) == ["建设街道综合中心", "发展社区食堂", "培训护理人员", "加强统筹", "市民政局", "市财政局"]


def test_grouping_annotation_applies_and_bare_units_are_responsible(doc_tasks) -> None:
    tasks, _ = doc_tasks
    assert tasks["建设街道综合中心"].lead_units == ["市民政局"]
    assert tasks["建设街道综合中心"].responsible_units == ["市财政局", "各区政府"]
    assert tasks["发展社区食堂"].lead_units == []
    assert tasks["发展社区食堂"].responsible_units == ["市商务局"]


def test_prose_units_and_duty_sections(doc_tasks) -> None:
    tasks, _ = doc_tasks
    assert tasks["培训护理人员"].lead_units == ["市人社局"]
    assert tasks["培训护理人员"].responsible_units == ["市卫健委"]
    assert tasks["加强统筹"].lead_units == [] and tasks["加强统筹"].responsible_units == []
    assert tasks["市民政局"].responsible_units == ["市民政局"]
    assert tasks["市财政局"].lead_units == ["市财政局"]


def test_deadlines(doc_tasks) -> None:
    tasks, _ = doc_tasks
    assert tasks["建设街道综合中心"].deadline == "2024年底"
    assert tasks["加强统筹"].deadline is None  # 每月10日前 recurs; it is no deadline


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("到2023年，完成改造。", "2023年"),
        ("2022年建成示范点5个。", None),
        ("2021年6月底前完成一期，2022年底前完成二期。", "2022年底"),
        ("于9月30日前完成摸底。", "9月30日"),
        ("完成时限：2024年3月前", "2024年3月"),
        ("本办法有效期至2030年12月31日。", None),
        ("持续推进服务改革。", None),
        # an open-ended schedule closing an annotation is the deadline; the same words in a sentence are not
        ("深化改革。（甲市司法局牵头，各区政府负责，持续推进）", "持续推进"),
        ("培养人才。（责任单位：甲市人社局，长期坚持）", "长期坚持"),
        ("长期坚持开放，持续推进改革。（甲市商务局负责）", None),
        ("建成平台。（甲市大数据局牵头，2024年底前完成，持续推进）", "2024年底"),
    ],
)
def test_find_deadline(text: str, expected: Optional[str]) -> None:
    assert find_deadline(text) == expected


def test_operative_headings() -> None:
    assert is_operative_heading("重点工作任务")
    assert is_operative_heading("工作要求")
    assert is_operative_heading("大力推进数字化转型")
    assert not is_operative_heading("总体要求")
    assert not is_operative_heading("发展目标")
    assert not is_operative_heading("重点发展产品")


def test_prose_units_need_a_named_unit() -> None:
    assert prose_units("支持龙头企业牵头组建联盟，各项任务牵头单位按月报送。") == ([], [])
    assert prose_units("市交通局负责牵头推进。") == (["市交通局"], [])


def test_flattened_table_rows_are_tasks_split_by_the_body_annotation() -> None:
    text = ("二、主要任务\n（一）完善服务网络。开展建设。（牵头部门：市民政局、市卫健委；配合部门：各区政府）\n"
            "附件\n序号\n任务名称\n工作内容\n完成时限\n牵头部门\n配合部门\n"
            "1\n完善服务网络\n建设站点，覆盖全部街道。\n2023年底前\n市民政局\n市卫健委\n各区政府\n")
    sections = build(text, [("二、", "主要任务", [("（一）", "完善服务网络", [])])], end=text.index("附件"))
    tables, _ = rebuild_flattened_tables(text, text.index("附件"), len(text))
    attachment = Attachment(number=1, title="任务分解表", listed=True, present=True, tables=tables)
    tasks, warnings = find_tasks(text, sections, [attachment])
    row = [t for t in tasks if t.source == "table"]
    assert len(row) == 1
    assert (row[0].marker, row[0].heading, row[0].deadline) == ("1", "完善服务网络", "2023年底")
    assert row[0].lead_units == ["市民政局", "市卫健委"]
    assert row[0].responsible_units == ["各区政府"]
    assert tables[0].rows[0][4] == "市民政局、市卫健委"  # the table cells follow the split
    assert text[row[0].span[0] : row[0].span[1]].startswith("1\n完善服务网络")
    assert warnings == []


def test_real_table_cells_are_trusted_and_other_tables_are_no_tasks() -> None:
    tasks_table = Table(columns=["编号", "重点工作", "责任部门", "时间节点"],
                        rows=[["1", "修订管理办法。", "市司法局", "2024年6月前"]])
    names_table = Table(columns=["序号", "单位名称", "岗位类别"], rows=[["1", "市档案馆", "事业"]])
    attachment = Attachment(number=1, title="清单", tables=[tasks_table, names_table])
    tasks, _ = find_tasks("", [], [attachment])
    assert [(t.heading, t.responsible_units, t.deadline, t.source) for t in tasks] == [
        ("修订管理办法", ["市司法局"], "2024年6月", "table")
    ]


def _norm(s: str) -> str:
    return "".join(ch for ch in s if ch not in " ,，()（）")


@pytest.mark.parametrize("stem", ["000_a8401e22d6ed3200", "001_ab00294f051a9612", "004_fa3694bf91580ccf"])
def test_seed_tasks_match_gold(samples_dir: Path, stem: str) -> None:
    from policyparse.pipeline import parse_text

    doc = parse_text((samples_dir / f"{stem}.txt").read_text(encoding="utf-8"))
    gold = json.loads((samples_dir / f"{stem}.expected.json").read_text(encoding="utf-8"))["tasks"]
    got = [(t.source, _norm(t.marker or ""), _norm(t.heading), t.lead_units, t.responsible_units, t.deadline)
           for t in doc.tasks]
    want = [(g["source"], _norm(g["marker"]), _norm(g["heading"]), g["lead_units"], g["responsible_units"],
             g["deadline"]) for g in gold]
    assert got == want


def test_sub_bullets_stay_inside_their_task() -> None:
    text = ("一、重点任务\n1.推进老旧小区改造。\n（1）加装电梯。\n（2）改造管网。（责任单位：市住建局）\n"
            "2.完善停车设施。新增泊位。（责任单位：市交通局）\n")
    sections = build(text, [("一、", "重点任务", [
        ("1.", "推进老旧小区改造", [("（1）", "加装电梯", []), ("（2）", "改造管网", [])]),
        ("2.", "完善停车设施", []),
    ])])
    tasks, _ = find_tasks(text, sections, [])
    assert [(t.marker, t.responsible_units) for t in tasks] == [("1.", ["市住建局"]), ("2.", ["市交通局"])]
    assert "（2）改造管网" in tasks[0].text
    assert text[tasks[0].span[0] : tasks[0].span[1]].rstrip().endswith("（责任单位：市住建局）")


def test_annotation_brackets_of_any_style() -> None:
    text = "一、重点任务\n1.建立台账。定期更新〔牵头单位:市统计局;配合单位:各县(市、区)政府〕\n"
    sections = build(text, [("一、", "重点任务", [("1.", "建立台账", [])])])
    tasks, _ = find_tasks(text, sections, [])
    assert (tasks[0].lead_units, tasks[0].responsible_units) == (["市统计局"], ["各县(市、区)政府"])


def test_regulation_chapters_hold_provisions_not_tasks() -> None:
    text = "第二章 服务设施\n第五条 区民政部门应当规划设施。\n第三章 监督管理\n第九条 市民政局负责监督检查。（责任单位：市民政局）\n"
    sections = build(text, [
        ("第二章", " 服务设施", [("第五条", " 区民政部门应当规划设施", [])]),
        ("第三章", " 监督管理", [("第九条", " 市民政局负责监督检查", [])]),
    ])
    tasks, _ = find_tasks(text, sections, [])
    assert [(t.marker, t.responsible_units) for t in tasks] == [("第九条", ["市民政局"])]


def test_lead_split_without_body_evidence_is_flagged() -> None:
    text = ("附件\n序号\n任务名称\n工作内容\n完成时限\n牵头单位\n责任单位\n"
            "1\n修订标准\n开展标准修订工作。\n2024年底\n市质监局\n市卫健委\n市农业局\n"
            "2\n建立机制\n建立协调机制。\n长期推进\n市商务局\n各区政府\n")
    tables, _ = rebuild_flattened_tables(text, 0, len(text))
    attachment = Attachment(number=1, title="分工表", listed=True, present=True, tables=tables)
    tasks, warnings = find_tasks(text, [], [attachment])
    assert [(t.lead_units, t.responsible_units, t.deadline) for t in tasks] == [
        (["市质监局"], ["市卫健委", "市农业局"], "2024年底"),
        (["市商务局"], ["各区政府"], "长期推进"),
    ]
    assert [w.code for w in warnings] == ["table_row_uncertain"]  # row 1: three 市 units, no evidence
    assert warnings[0].span == tasks[0].span


def test_items_under_an_annotated_group_are_tasks_anywhere() -> None:
    text = "一、其他事项\n（一）规范档案管理（责任单位：市档案局）\n1.统一归档格式。\n2.定期抽查。\n"
    sections = build(text, [("一、", "其他事项", [("（一）", "规范档案管理", [("1.", "统一归档格式", []), ("2.", "定期抽查", [])])])])
    tasks, _ = find_tasks(text, sections, [])
    assert [(t.marker, t.responsible_units) for t in tasks] == [("1.", ["市档案局"]), ("2.", ["市档案局"])]


def test_unbracketed_label_lines_count() -> None:
    text = "一、重点任务\n1.整治河道。清理淤泥。\n牵头单位：市水务局；配合单位：沿河各镇\n2.美化岸线。种植绿化。\n"
    sections = build(text, [("一、", "重点任务", [("1.", "整治河道", []), ("2.", "美化岸线", [])])])
    tasks, _ = find_tasks(text, sections, [])
    assert [(t.lead_units, t.responsible_units) for t in tasks] == [(["市水务局"], ["沿河各镇"]), ([], [])]
    prose = "一、保障措施\n1.压实责任。\n责任单位：要切实履行监管职责\n"
    sections = build(prose, [("一、", "保障措施", [("1.", "压实责任", [])])])
    assert [(t.lead_units, t.responsible_units) for t in find_tasks(prose, sections, [])[0]] == [([], [])]


def test_unbracketed_label_keeps_a_bracket_inside_a_unit_name() -> None:
    text = "一、主要任务\n1.建设冷链仓储。布局骨干节点。\n牵头单位：市商务局\n责任单位：各县（市、区）人民政府、市供销社\n"
    sections = build(text, [("一、", "主要任务", [("1.", "建设冷链仓储", [])])])
    tasks, _ = find_tasks(text, sections, [])
    assert [(t.lead_units, t.responsible_units) for t in tasks] == [(["市商务局"], ["各县（市、区）人民政府", "市供销社"])]


def test_role_clauses_with_a_schedule_clause_inside_the_bracket() -> None:
    text = "一、重点任务\n1.开展职业培训。培训技工。（市人社局牵头，市教育局、市妇联配合，2026年6月底前完成）\n"
    sections = build(text, [("一、", "重点任务", [("1.", "开展职业培训", [])])])
    tasks, _ = find_tasks(text, sections, [])
    assert [(t.lead_units, t.responsible_units, t.deadline) for t in tasks] == [
        (["市人社局"], ["市教育局", "市妇联"], "2026年6月底"),
    ]


def test_markdown_task_table_rows_are_tasks() -> None:
    text = (
        "一、任务分工\n| 序号 | 工作任务 | 牵头部门 | 配合部门 | 完成时间 |\n| --- | --- | --- | --- | --- |\n"
        "| 1 | 建成区级数据中心 | 区大数据局 | 区财政局、各街道 | 2026年6月底前 |\n"
    )
    tables, _ = rebuild_flattened_tables(text, 0, len(text))
    tasks, _ = find_tasks(text, [], [], tables=tables)
    assert [(t.lead_units, t.responsible_units, t.deadline, t.source) for t in tasks] == [
        (["区大数据局"], ["区财政局", "各街道"], "2026年6月底", "table"),
    ]


def test_cheap_label_test_never_misses_an_unbracketed_annotation() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from policyparse.segment.tasks import _UNBRACKETED_LABEL, AnnotationMarks

    def _opens_unit_label(segment: str) -> bool:
        return AnnotationMarks(segment).opens_unit_label(0, len(segment))

    pieces = ["牵头单位：", "责任部门:", "主责", "任单位：", "牵头考核单位：", "市财政局", "。", "\n", " ", "\u3000", "\t", "（", "）", "甲"]

    @settings(max_examples=400, deadline=None)
    @given(st.lists(st.sampled_from(pieces), max_size=14))
    def check(parts: list[str]) -> None:
        segment = "".join(parts)
        if _UNBRACKETED_LABEL.search(segment):
            assert _opens_unit_label(segment)

    check()
    assert _opens_unit_label("。\u3000 责任单位：市财政局")
    assert not _opens_unit_label("（责任单位：市财政局）") and not _opens_unit_label("。     责任单位：市财政局")


def test_lead_boundary_by_body_matches_counting_each_split() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from policyparse.model import Task
    from policyparse.segment.tasks import _split_by_body

    def reference(units: list[str], lead: set[str], resp: set[str]) -> Optional[int]:
        scored = []
        for k in range(len(units) + 1):
            agree = sum(u in lead for u in units[:k]) + sum(u in resp for u in units[k:])
            disagree = sum(u in resp for u in units[:k]) + sum(u in lead for u in units[k:])
            scored.append((agree - 2 * disagree, int(k > 0) + int(k < len(units)), -k))
        score, _, k = max(scored)
        return -k if score > 0 else None

    names = st.sampled_from(["甲局", "乙局", "丙委", "丁办"])

    @settings(max_examples=300, deadline=None)
    @given(st.lists(names, max_size=6), st.lists(names, max_size=3), st.lists(names, max_size=3))
    def check(units: list[str], lead: list[str], resp: list[str]) -> None:
        body = Task(id="t1", section_id=None, heading="", text="", lead_units=lead, responsible_units=resp)
        expected = reference(units, set(lead), set(resp)) if (lead or resp) else None
        assert _split_by_body(units, body) == expected

    check()


@pytest.mark.parametrize(
    ("segment", "found"),
    [
        ("推广智能终端（市科技局）。加大投入。", True),  # bare units closing a sentence
        ("推广智能终端（市科技局）", True),  # … or the item
        ("推广智能终端（市科技局）； \n", True),
        ("推广智能终端（市科技局）等设备。", False),  # inside a sentence: no annotation
        ("推广智能终端（牵头单位：市科技局）等设备。", True),  # a labelled one counts anywhere
        ("（一）推广智能终端（2021—2025年）。", False),
    ],
)
def test_bare_units_count_only_where_they_close_a_sentence(segment: str, found: bool) -> None:
    from policyparse.segment.tasks import annotations_in

    assert annotations_in(segment, 0, len(segment))[2] is found


def _reference_opens_unit_label(segment: str) -> bool:
    """A unit label with at most 4 spaces after the segment start, a 。 or a newline, label by label."""
    import re

    for m in re.finditer(r"(?:主要)?(?:牵头|责任|配合|参与|协办|协同|主责)(?:考核|责任)?(?:单位|部门|主体|处室|科室)[：:]", segment):
        before = segment[max(0, m.start() - 5) : m.start()]
        opener = before.rstrip(" \t\u3000")
        indent = len(before) - len(opener)
        if indent <= 4 and (m.start() == indent or opener[-1:] in ("。", "\n")):
            return True
    return False


def test_unit_label_opening_matches_the_label_by_label_reading() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from policyparse.segment.tasks import AnnotationMarks

    pieces = st.sampled_from(["责任单位：", "牵头考核部门:", "主责单位：", "配合", "单位", "主要", "责任主体：", "协同", "。", "\n", " ",
                              "\u3000", "\t", "市局", "（", "）"])

    @settings(max_examples=400, deadline=None)
    @given(st.lists(pieces, max_size=6).map("".join), st.lists(pieces, max_size=12).map("".join),
           st.lists(pieces, max_size=6).map("".join))
    def check(before: str, segment: str, after: str) -> None:
        text = before + segment + after  # the item's span is read in place, in the document's marks
        marks = AnnotationMarks(text)
        assert marks.opens_unit_label(len(before), len(before) + len(segment)) is _reference_opens_unit_label(segment)

    check()


def test_annotation_marks_read_the_groups_finditer_reads() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from policyparse.segment.tasks import _BRACKET, AnnotationMarks, _wrapped_annotation

    pieces = ["（", "）", "(", ")", "〔", "〕", "【", "】", "牵头单位：市财政局", "、", "\n", "。", "甲"]

    def reference(segment: str) -> list[tuple[int, str]]:
        """At each opening bracket from the left: a group on its line, else a labelled one wrapped over lines."""
        found, at = [], 0
        while at < len(segment):
            m = _BRACKET.match(segment, at) or _wrapped_annotation(segment, at, len(segment))
            if m is None:
                at += 1
                continue
            found.append((m.start(), m.group()))
            at = m.end()
        return found

    @settings(max_examples=400, deadline=None)
    @given(st.lists(st.sampled_from(pieces), max_size=20), st.lists(st.integers(0, 40), min_size=4, max_size=4))
    def check(parts: list[str], cuts: list[int]) -> None:
        text = "".join(parts)
        # marks of a stretch of the text, read for a span inside it
        region_start, start, end, region_end = sorted(min(c, len(text)) for c in cuts)
        marks = AnnotationMarks(text, region_start, region_end)
        found = [(m.start() - start, m.group()) for m in marks.groups(start, end)]
        assert found == reference(text[start:end])

    check()
    text = "（一）完善网络（牵头单位：市民政局）。（二）"
    assert [m.group("content") for m in AnnotationMarks(text).groups(3, len(text) - 4)] == ["牵头单位：市民政局"]


def test_sentence_close_test_matches_the_pattern() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from policyparse.segment.tasks import _AFTER_ANNOTATION, _closes_sentence

    @settings(max_examples=400, deadline=None)
    @given(st.text(alphabet=list("。；;，,\n \u3000\t\u2028\x85甲）、"), max_size=8), st.integers(0, 8), st.integers(0, 8))
    def check(text: str, pos: int, end: int) -> None:
        pos, end = sorted((min(pos, len(text)), min(end, len(text))))
        segment = text[:end]
        expected = segment[pos : pos + 1] in ("。", "；", ";", "\n") or _AFTER_ANNOTATION.fullmatch(segment, pos) is not None
        assert _closes_sentence(text, pos, end) is expected

    check()


def test_year_dates_are_the_dates_a_full_scan_finds() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from policyparse.segment.tasks import _DEADLINE, _year_dates

    pieces = ["2021年", "1998年", "20", "21", "年", "年底", "上半年", "前", "底前", "6月", "30日", "到", "甲", "。"]

    @settings(max_examples=400, deadline=None)
    @given(st.lists(st.sampled_from(pieces), max_size=12).map("".join))
    def check(text: str) -> None:
        assert [m.span() for m in _year_dates(text)] == [m.span() for m in _DEADLINE.finditer(text)]

    check()


def test_plain_bracket_matches_what_the_bracket_pattern_matches() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from policyparse.segment.tasks import _BRACKET, _PLAIN_BRACKET

    pieces = ["（", "）", "(", ")", "〔", "〕", "【", "】", "\n", "市财政局", "、", "甲" * 399]

    @settings(max_examples=400, deadline=None)
    @given(st.lists(st.sampled_from(pieces), max_size=10).map("".join), st.integers(0, 400))
    def check(text: str, end: int) -> None:
        end = min(end, len(text))
        plain = _PLAIN_BRACKET.match(text, 0, end)
        if plain is not None:  # the fast path: the same group as the full pattern's
            full = _BRACKET.match(text, 0, end)
            assert full is not None and (full.span(), full.group("content")) == (plain.span(), plain.group("content"))

    check()


def test_label_end_lengths_follow_the_unit_words() -> None:
    from policyparse.segment import tasks

    assert {len(word) for word in tasks._UNIT_WORDS} == {tasks._UNIT_WORD_LENGTH}
    longest = "。" + " " * tasks._MAX_LABEL_INDENT + "主要牵头考核单位："
    assert tasks._UNIT_LABEL_AFTER_BREAK.fullmatch(longest) and len(longest) == tasks._LABEL_REACH


def test_body_and_table_tasks_fill_every_field() -> None:
    from policyparse.model import Task

    text = "一、重点任务\n1.建立台账。2024年底前完成。（牵头单位：市统计局；责任单位：各区政府）\n"
    sections = build(text, [("一、", "重点任务", [("1.", "建立台账", [])])])
    table = Table(columns=["序号", "重点工作", "牵头单位", "责任单位", "完成时限"],
                  rows=[["7", "修订办法", "市司法局", "各区政府", "2025年6月前"]])
    tasks, _ = find_tasks(text, sections, [], tables=[table])
    item = sections[0].children[0]
    assert tasks[0] == Task(id="t1", section_id=item.id, heading="建立台账", text=item.text, marker="1.",
                            lead_units=["市统计局"], responsible_units=["各区政府"], deadline="2024年底", targets=[],
                            source="body", span=item.span)
    assert tasks[1] == Task(id="t2", section_id=None, heading="修订办法", text="", marker="7", lead_units=["市司法局"],
                            responsible_units=["各区政府"], deadline="2025年6月", targets=[], source="table",
                            span=(0, 0))


def test_a_bracket_qualifying_a_units_name_is_no_unit_of_its_own() -> None:
    from policyparse.segment.tasks import annotations_in

    item = "1.做好防控工作。\n责任单位：甲市卫生健康委，各县（市、区）政府（管委会）\n"
    assert annotations_in(item, 0, len(item))[:2] == ([], ["甲市卫生健康委", "各县（市、区）政府（管委会）"])


def test_a_bare_bracket_closing_a_sentence_still_names_units() -> None:
    from policyparse.segment.tasks import annotations_in

    item = "1.做好防控工作。（甲市卫生健康委）\n"
    assert annotations_in(item, 0, len(item))[:2] == ([], ["甲市卫生健康委"])


def test_a_label_on_its_own_line_keeps_units_with_unusual_names() -> None:
    from policyparse.segment.tasks import annotations_in

    item = "1.地区生产总值增长6%左右。\n牵头单位：甲区发改局\n责任单位：甲开发区，全区经济运行各专班\n"
    assert annotations_in(item, 0, len(item))[:2] == (["甲区发改局"], ["甲开发区", "全区经济运行各专班"])


def test_a_label_inside_a_sentence_needs_every_unit_to_be_a_name() -> None:
    from policyparse.segment.tasks import annotations_in

    item = "1.建立机制。责任单位：要对照清单逐项推进落实，定期调度进展\n"
    assert annotations_in(item, 0, len(item))[2] is False


def test_a_label_line_of_prose_names_no_units() -> None:
    from policyparse.segment.tasks import annotations_in

    item = "1.建立机制。\n责任单位：各级政府要加强领导，确保落实到位\n"
    assert annotations_in(item, 0, len(item))[2] is False


def test_a_label_line_of_the_main_units_or_the_responsible_body() -> None:
    from policyparse.segment.tasks import annotations_in

    item = "1.强化要素保障。\n责任主体：甲县资源局、甲县财政局\n"
    assert annotations_in(item, 0, len(item))[:2] == ([], ["甲县资源局", "甲县财政局"])
    item = "3.加强市场监管。\n主要责任部门：甲市公安局、甲市卫生局。\n"
    assert annotations_in(item, 0, len(item))[:2] == ([], ["甲市公安局", "甲市卫生局"])
    item = "1.增长7%以上。\n牵头负责领导：张某。\n牵头责任单位：甲省发改委。\n协同责任单位：甲省财政厅等。\n"
    assert annotations_in(item, 0, len(item))[:2] == (["甲省发改委"], ["甲省财政厅"])


def test_a_unit_cell_may_name_its_units_roles() -> None:
    from policyparse.segment.tasks import _cell_units

    assert _cell_units([], ["甲市发改委（牵头）、甲市财政局"]) == (["甲市发改委"], ["甲市财政局"])
    assert _cell_units(["甲市科技局"], ["甲市财政局、各县（市、区）政府"]) == (
        ["甲市科技局"], ["甲市财政局", "各县（市、区）政府"])


def test_a_labelled_annotation_wrapped_over_lines_is_read_whole() -> None:
    from policyparse.segment.tasks import annotations_in

    item = "（四）建设城市平台。\n（牵头单位：甲市数据局\n责任单位：甲市公安局、甲市城\n管局）\n"
    assert annotations_in(item, 0, len(item))[:2] == (["甲市数据局"], ["甲市公安局", "甲市城管局"])
    # an unclosed bracket of prose is no annotation, nor is a labelled one that never closes nearby
    item = "（四）建设平台（含\n数据中心）。\n"
    assert annotations_in(item, 0, len(item))[2] is False
    item = "（四）建设平台。（牵头单位：甲市数据局\n一\n二\n三）\n"
    assert annotations_in(item, 0, len(item))[2] is False


def _outline_tasks(text: str) -> list[tuple[str, list[str], list[str]]]:
    from policyparse.segment.outline import parse_outline

    tasks, _ = find_tasks(text, parse_outline(text, 0, len(text)), [])
    return [(t.marker, t.lead_units, t.responsible_units) for t in tasks]


def test_an_annotation_line_closing_a_group_applies_to_all_of_its_items() -> None:
    text = ("一、安全保障计划\n1.加强食品监管。\n2.保障饮水安全。\n3.整治集贸市场。\n"
            "主要责任部门：甲市公安局、甲市卫生局。\n"
            "二、环境改善计划\n4.改善空气质量。\n5.治理燃煤锅炉。\n（牵头单位：甲市环保局）\n")
    assert _outline_tasks(text) == [
        ("1.", [], ["甲市公安局", "甲市卫生局"]), ("2.", [], ["甲市公安局", "甲市卫生局"]),
        ("3.", [], ["甲市公安局", "甲市卫生局"]), ("4.", ["甲市环保局"], []), ("5.", ["甲市环保局"], []),
    ]


def test_an_annotation_closing_the_last_items_own_sentence_stays_its_own() -> None:
    # on the item's own line, or when the other items name their own units, it is the last item's only
    text = "一、重点任务\n1.加强食品监管。\n2.保障饮水安全。（甲市水务局负责）\n"
    assert _outline_tasks(text) == [("1.", [], []), ("2.", [], ["甲市水务局"])]
    text = "一、重点任务\n1.加强食品监管。\n责任单位：甲市市场监管局\n2.保障饮水安全。\n责任单位：甲市水务局\n"
    assert _outline_tasks(text) == [("1.", [], ["甲市市场监管局"]), ("2.", [], ["甲市水务局"])]
