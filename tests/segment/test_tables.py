"""Rebuilding tables flattened one cell per line."""

from __future__ import annotations

import json
from pathlib import Path

from policyparse.segment.tables import (
    column_kind,
    rebuild_flattened_tables,
    rejoin_unit_fragments,
    split_lead_responsible,
)

# a hand-made task table: row 2 leaves out its 重点事项 (merged with row 1), units break over lines
FLAT = """前文提到的责任单位有市交通运输局和市城市管理综合执法局。
道路整治任务清单
序号
重点事项
工作措施
时间节点
牵头部门
配合部门
1
背街小巷改造
完成老旧街巷路面翻新，同步整治架空线缆。
2022年6月底前
市生态环境
保护局
市交通运输局
2
对破损井盖开展排查，建立台账并限期修复。
2022年9月
市城市管理
综合执法局
各区政府
3
停车设施建设
新建公共停车泊位，推广错时共享停车。
长期推进
市交通运输局
各区政府
"""


def test_rebuilds_columns_rows_and_merged_cells() -> None:
    tables, warnings = rebuild_flattened_tables(FLAT, 0, len(FLAT))
    assert len(tables) == 1
    table = tables[0]
    assert table.columns == ["序号", "重点事项", "工作措施", "时间节点", "牵头部门", "配合部门"]
    assert table.title == "道路整治任务清单"
    assert [row[0] for row in table.rows] == ["1", "2", "3"]
    assert table.rows[1][1] == "背街小巷改造"  # merged cell: value of the row above
    assert table.rows[1][2].startswith("对破损井盖")
    assert table.rows[0][3] == "2022年6月底前"
    assert table.rows[0][4] == "市生态环境保护局"
    assert table.rows[1][4] == "市城市管理综合执法局"
    assert table.rows[2][5] == "各区政府"
    assert warnings == []
    assert FLAT[table.span[0] : table.span[1]].startswith("序号")


def test_unrecognisable_row_is_a_warning_not_a_guess() -> None:
    text = "序号\n事项\n完成时限\n责任单位\n1\n甲事项\n2022年底\n市甲局\n2\n这一行很长，完全是正文句子，没有时限。还有一句。\n另一句正文，也很长很长很长很长很长很长。\n第三句正文，依然不是单位也不是时限。\n"
    tables, warnings = rebuild_flattened_tables(text, 0, len(text))
    assert len(tables[0].rows) == 2
    assert [w.code for w in warnings] == ["table_row_uncertain"]
    assert warnings[0].span is not None and text[warnings[0].span[0]] == "2"


def test_no_table_in_prose() -> None:
    text = "一、总体要求\n1.坚持问题导向。\n2.坚持系统观念。\n"
    assert rebuild_flattened_tables(text, 0, len(text)) == ([], [])


def test_rejoin_uses_names_elsewhere_in_the_text() -> None:
    text = "由甲市科学院化学所东湖研究中心负责。\nTABLE"
    start = text.index("TABLE")
    assert rejoin_unit_fragments(["甲市科学院化学所", "东湖研究", "中心"], text, (start, len(text))) == [
        "甲市科学院化学所东湖研究中心"
    ]
    assert rejoin_unit_fragments(["市体育局", "市文化局"], text, (start, len(text))) == ["市体育局", "市文化局"]


def test_rejoin_short_tails_unless_the_document_uses_them_alone() -> None:
    text = "责任单位：各乡镇、园区办。\nTABLE"
    span = (text.index("TABLE"), len(text))
    # 乡 ends a name, but 建设局 is a tail the document never uses on its own
    assert rejoin_unit_fragments(["市住房和城乡", "建设局"], text, span) == ["市住房和城乡建设局"]
    # 园区办 stands alone elsewhere in the document, so it is a unit of its own
    assert rejoin_unit_fragments(["各乡镇", "园区办"], text, span) == ["各乡镇", "园区办"]
    # a complete name (…局) is never extended by a following short unit
    assert rejoin_unit_fragments(["市教育局", "高新区"], text, span) == ["市教育局", "高新区"]


def test_column_kinds_and_lead_boundary() -> None:
    assert [column_kind(c) for c in ["编号", "项目名称", "主要内容", "完成时间", "责任部门"]] == [
        "serial", "name", "content", "date", "unit"
    ]
    assert split_lead_responsible(["市民政局", "市财政局", "各区政府", "开发区管委会"]) == (2, True)
    assert split_lead_responsible(["市民政局", "市财政局", "市审计局"])[1] is False


def test_seed_000_task_table(samples_dir: Path) -> None:
    from policyparse.text import repair_text

    raw = (samples_dir / "000_a8401e22d6ed3200.txt").read_text(encoding="utf-8")
    text = repair_text(raw).text
    gold = json.loads((samples_dir / "000_a8401e22d6ed3200.expected.json").read_text(encoding="utf-8"))
    expected = gold["attachments"][1]["tables"][0]
    start = text.index("附件2")
    tables, warnings = rebuild_flattened_tables(text, start, len(text))
    assert len(tables) == 1
    assert tables[0].columns == expected["columns"]
    assert len(tables[0].rows) == expected["n_rows"]
    assert all(len(row) == len(expected["columns"]) for row in tables[0].rows)
    assert warnings == []


def test_number_cells_equal_to_serials_do_not_split_rows() -> None:
    text = "序号\n指标\n单位\n目标值\n1\n新建充电站\n座\n2\n2\n新增公交线路\n条\n3\n3\n更新车辆\n辆\n120\n"
    tables, warnings = rebuild_flattened_tables(text, 0, len(text))
    assert tables[0].rows == [["1", "新建充电站", "座", "2"], ["2", "新增公交线路", "条", "3"], ["3", "更新车辆", "辆", "120"]]
    assert warnings == []


def test_a_last_row_whose_unit_cell_breaks_after_a_separator_keeps_its_next_line() -> None:
    text = "序号\n主要任务\n责任单位\n1\n甲项建设\n甲市发改委\n2\n乙项改造\n甲市人社局、\n甲市农业局\n"
    tables, _ = rebuild_flattened_tables(text, 0, len(text))
    assert tables[0].rows == [["1", "甲项建设", "甲市发改委"], ["2", "乙项改造", "甲市人社局、甲市农业局"]]
    # a line after a complete last row is not taken into it
    text = "序号\n主要任务\n责任单位\n1\n甲项建设\n甲市发改委\n2\n乙项改造\n甲市人社局\n附件2\n"
    tables, _ = rebuild_flattened_tables(text, 0, len(text))
    assert tables[0].rows[-1] == ["2", "乙项改造", "甲市人社局"]


def test_header_repeated_at_a_page_break_is_dropped() -> None:
    text = ("序号\n事项\n完成时限\n责任单位\n1\n清理台账\n2023年3月\n市财政局\n"
            "序号\n事项\n完成时限\n责任单位\n2\n建立制度\n2023年6月\n市审计局\n")
    tables, warnings = rebuild_flattened_tables(text, 0, len(text))
    assert tables[0].rows == [["1", "清理台账", "2023年3月", "市财政局"], ["2", "建立制度", "2023年6月", "市审计局"]]
    assert warnings == []


def test_markdown_pipe_tables_are_read() -> None:
    from policyparse.segment.tables import read_pipe_tables

    text = (
        "附表 重点项目清单\n"
        "| 编号 | 项目名称 | 责任部门 |\n|:---|:---:|---|\n"
        "| 1 | 建设智慧停车平台 | 市交通局、市公安局 |\n| 2 | 改造老旧管网 | 市水务局 |\n"
        "\n说明：按年度调整。\n"
    )
    tables, _ = rebuild_flattened_tables(text, 0, len(text))
    assert [(t.columns, t.rows) for t in tables] == [(
        ["编号", "项目名称", "责任部门"],
        [["1", "建设智慧停车平台", "市交通局、市公安局"], ["2", "改造老旧管网", "市水务局"]],
    )]
    table = tables[0]
    assert text[table.span[0]:table.span[1]].startswith("| 编号") and text[table.span[0]:table.span[1]].endswith("市水务局 |")
    assert read_pipe_tables("| 只有一行 | 没有分隔 |\n| a | b |\n", 0, 30) == []  # no delimiter row: no table


def test_pipe_table_rows_without_trailing_pipe_and_short_rows() -> None:
    from policyparse.segment.tables import read_pipe_tables

    text = "| 指标 | 2026年 | 2027年\n| --- | --- | ---\n| 充电桩（个） | 800\n"
    (table,) = read_pipe_tables(text, 0, len(text))
    assert table.columns == ["指标", "2026年", "2027年"]
    assert table.rows == [["充电桩（个）", "800", ""]]


# ----------------------------------------------------------------- the alignment DP against a reference


def _reference_align(lines: list[str], kinds: list[str]) -> tuple[float, list, float]:
    """The alignment DP written plainly (whole paths per state): (cost, cells, runner-up cost)."""
    from policyparse.segment.tables import _EXTRA_LINE_COST, _MAX_LINES_PER_CELL, _SKIP_COST, _line_cost, line_kind

    m, n = len(lines), len(kinds)
    best: list[list[list[tuple[float, tuple]]]] = [[[] for _ in range(n + 1)] for _ in range(m + 1)]
    best[0][0] = [(0.0, ())]

    def push(i: int, j: int, cost: float, path: tuple) -> None:
        cell = best[i][j]
        cell.append((cost, path))
        cell.sort(key=lambda way: way[0])  # stable: ties keep the earlier first
        del cell[2:]

    for j in range(n):
        kind = kinds[j]
        max_take = _MAX_LINES_PER_CELL * 3 if kind == "unit" else (_MAX_LINES_PER_CELL if kind in ("content", "other") else 1)
        for i in range(m + 1):
            for cost, path in list(best[i][j]):
                push(i, j + 1, cost + _SKIP_COST[kind], path + (None,))
                acc = 0.0
                for take in range(1, min(max_take, m - i) + 1):
                    k = i + take - 1
                    acc += _line_cost(line_kind(lines[k]), len(lines[k]) > 12, kind)
                    extra = 0.0 if kind == "unit" else _EXTRA_LINE_COST * (take - 1)
                    push(i + take, j + 1, cost + acc + extra, path + ((i, k),))
    finals = best[m][n]
    if not finals:
        return float("inf"), [None] * n, float("inf")
    return finals[0][0], list(finals[0][1]), finals[1][0] if len(finals) > 1 else float("inf")


_CELL_LINES = ["1", "12.", "2022年6月底前", "长期推进", "市财政局", "各区政府", "背街小巷改造",
               "完成老旧街巷路面翻新，同步整治架空线缆。", "推进老旧街巷路面翻新同步整治", "有关单位"]


def test_alignment_matches_the_reference_dp() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from policyparse.segment.tables import _align

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.sampled_from(_CELL_LINES), max_size=12),
           st.lists(st.sampled_from(["name", "content", "date", "unit", "other"]), min_size=1, max_size=6))
    def check(lines: list[str], kinds: list[str]) -> None:
        alignment, runner_up = _align(lines, kinds)  # type: ignore[arg-type]
        assert (alignment.cost, alignment.cells, runner_up) == _reference_align(lines, kinds)

    check()


def test_row_spans_without_alignment_match_the_rebuilt_rows() -> None:
    from policyparse.segment.tables import flattened_row_spans, read_flattened_tables

    text = "前言。\n" + FLAT + "注：按季度调度。\n序号\n指标\n单位\n目标值\n1\n新建充电站\n座\n2\n2\n新增公交线路\n条\n3\n"
    rebuilt = read_flattened_tables(text, 0, len(text))
    assert len(rebuilt) == 2
    assert flattened_row_spans(text, 0, len(text)) == [
        (table.columns, [row.span for row in layouts]) for table, layouts in rebuilt
    ]


def test_cheap_serial_line_test_agrees_with_the_line_reader() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from policyparse.segment.lines import stripped_lines
    from policyparse.segment.tables import _SERIAL_LINE, _has_serial_line

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet=list("1２3.．、 \t\r\n\u3000甲"), max_size=30), st.integers(0, 30), st.integers(0, 30))
    def check(text: str, start: int, end: int) -> None:
        start, end = sorted((min(start, len(text)), min(end, len(text))))
        expected = any(_SERIAL_LINE.match(ln.text) for ln in stripped_lines(text, start, end))
        assert _has_serial_line(text, start, end) == expected

    check()
    assert _has_serial_line("甲1\n", 1, 3)  # the region may start inside a line


def test_cheap_pipe_delimiter_test_keeps_every_pipe_table() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    import policyparse.segment.tables as tables

    pieces = ["| 序号 | 任务 |", "|---|---|", "| --- | :---: |", "| 1 | 建设 |", "---", "|", " ", "\n", "甲", "  |:-|"]

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.sampled_from(pieces), max_size=10), st.integers(0, 40), st.integers(0, 80))
    def check(parts: list[str], start: int, end: int) -> None:
        text = "".join(parts)
        start, end = min(start, len(text)), min(end, len(text))
        fast = tables.read_pipe_tables(text, start, end)
        precheck = tables._has_pipe_delimiter
        tables._has_pipe_delimiter = lambda *_: True  # read every region line by line
        try:
            assert tables.read_pipe_tables(text, start, end) == fast
        finally:
            tables._has_pipe_delimiter = precheck

    check()


def test_named_join_tries_longer_joins_only_after_the_pair() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from policyparse.segment.tables import _MAX_JOIN, _MAX_UNIT_NAME, _named_join

    def every_join(parts: list[str], i: int, text: str) -> int:
        for j in range(min(len(parts), i + _MAX_JOIN), i + 1, -1):
            joined = "".join(parts[i:j])
            if len(joined) <= _MAX_UNIT_NAME and joined in text:
                return j - i
        return 1

    @settings(max_examples=400, deadline=None)
    @given(st.lists(st.sampled_from(["市", "科技", "局", "中心", "研究院", "甲" * 12]), min_size=1, max_size=6),
           st.text(alphabet=list("市科技局中心研究院甲、"), max_size=40), st.integers(0, 5))
    def check(parts: list[str], text: str, i: int) -> None:
        i = min(i, len(parts) - 1)
        assert _named_join(parts, i, lambda name: name in text) == every_join(parts, i, text)

    check()


def test_row_split_cheap_tests_agree_with_the_patterns() -> None:
    from hypothesis import given
    from hypothesis import strategies as st

    from policyparse.segment.tables import _MAX_SERIAL_LINE, _SERIAL_LINE, _TABLE_END, _TABLE_END_FIRST

    @given(st.text(alphabet=list("12３.．、注备说明：:9甲 "), min_size=1, max_size=8))
    def check(line: str) -> None:
        if _SERIAL_LINE.match(line):
            assert len(line) <= _MAX_SERIAL_LINE
        if _TABLE_END.match(line):
            assert line[0] in _TABLE_END_FIRST

    check()


def test_rows_split_at_consecutive_serials_up_to_a_table_end() -> None:
    from policyparse.segment.lines import stripped_lines
    from policyparse.segment.tables import _split_rows

    lines = stripped_lines("序号\n名称\n1\n甲\n3\n2.\n乙\n1234\n3、\n丙\n注：按季度调度。\n4\n", 0)
    assert _split_rows(lines, 2) == [(1, 2, 5), (2, 5, 8), (3, 8, 10)]  # "3" and "1234" are cells, not serials
    assert _split_rows(lines[:10], 2)[-1] == (3, 8, 10)  # with no table end, the last row runs to the last line


# a hand-made task table whose header has two rows: 责任单位 spans 牵头单位 and 配合单位
TWO_LEVEL_FLAT = """分工表
序号
重点任务
责任单位
完成时限
牵头单位
配合单位
1
压缩开办时间
甲市市场监管局
甲市税务局、甲市公安局
2024年6月底前
2
推行证照分离
甲市政务服务局
甲市司法局
2024年12月底前
3
优化纳税服务
甲市税务局
甲市财政局
2024年9月底前
"""


def test_a_flattened_two_level_header_puts_the_groups_labels_in_its_place() -> None:
    tables, _ = rebuild_flattened_tables(TWO_LEVEL_FLAT, 0, len(TWO_LEVEL_FLAT))
    assert tables[0].columns == ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"]
    assert tables[0].rows[1] == ["2", "推行证照分离", "甲市政务服务局", "甲市司法局", "2024年12月底前"]


def test_a_one_level_header_with_several_unit_columns_is_kept() -> None:
    text = TWO_LEVEL_FLAT.replace("责任单位\n", "").replace("2024年6月底前\n", "").replace(
        "2024年12月底前\n", "").replace("2024年9月底前\n", "").replace("完成时限\n", "")
    tables, _ = rebuild_flattened_tables(text, 0, len(text))
    assert tables[0].columns == ["序号", "重点任务", "牵头单位", "配合单位"]


def test_a_pipe_tables_second_header_row_names_the_merged_columns() -> None:
    text = ("| 序号 | 重点任务 | 责任单位 | | 完成时限 |\n|---|---|---|---|---|\n| | | 牵头单位 | 配合单位 | |\n"
            "| 1 | 压缩开办时间 | 甲市市场监管局 | 甲市税务局 | 2024年6月底前 |\n")
    tables, _ = rebuild_flattened_tables(text, 0, len(text))
    assert tables[0].columns == ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"]
    assert tables[0].rows == [["1", "压缩开办时间", "甲市市场监管局", "甲市税务局", "2024年6月底前"]]


def test_a_pipe_tables_first_row_of_data_stays_a_row() -> None:
    text = ("| 序号 | 重点任务 | 牵头单位 | |\n|---|---|---|---|\n| | 压缩开办时间 | 甲市市场监管局 | |\n")
    tables, _ = rebuild_flattened_tables(text, 0, len(text))
    assert tables[0].rows == [["", "压缩开办时间", "甲市市场监管局", ""]]


def test_a_first_row_of_long_task_words_is_no_second_header_row() -> None:
    text = "| 序号 | 任务 | |\n|---|---|---|\n| | 落实年度重点任务 | 推进改革措施落地见效 |\n"
    tables, _ = rebuild_flattened_tables(text, 0, len(text))
    assert tables[0].columns == ["序号", "任务", ""] and len(tables[0].rows) == 1
