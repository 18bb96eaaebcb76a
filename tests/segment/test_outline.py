"""The heading tree: marker styles, levels from the document's own nesting, run-in headings."""

from __future__ import annotations

from policyparse.model import Section
from policyparse.segment.outline import parse_outline


def outline(text: str, **kw: object) -> list[Section]:
    return parse_outline(text, 0, len(text), **kw)  # type: ignore[arg-type]


def flat(sections: list[Section]) -> list[tuple[int, str, int | None, str]]:
    out: list[tuple[int, str, int | None, str]] = []
    for s in sections:
        out.append((s.level, s.marker, s.ordinal, s.heading))
        out.extend(flat(s.children))
    return out


def test_gbt9704_series_nests_in_order() -> None:
    text = ("一、发展基础\n正文。\n（一）现状分析\n正文。\n1.产业规模\n正文。\n（1）龙头企业\n正文。\n"
            "①骨干企业\n正文。\n二、保障机制\n")
    assert flat(outline(text)) == [
        (1, "一、", 1, "发展基础"), (2, "（一）", 1, "现状分析"), (3, "1.", 1, "产业规模"),
        (4, "（1）", 1, "龙头企业"), (5, "①", 1, "骨干企业"), (1, "二、", 2, "保障机制"),
    ]


def test_levels_follow_the_document_a_document_may_start_at_arabic() -> None:
    text = "1.完善制度。正文。\n（1）建立台账\n（2）定期通报\n2.加强督查。正文。\n"
    assert flat(outline(text)) == [(1, "1.", 1, "完善制度"), (2, "（1）", 1, "建立台账"),
                                   (2, "（2）", 2, "定期通报"), (1, "2.", 2, "加强督查")]


def test_bracket_widths_and_arabic_separators_are_one_style() -> None:
    text = "(一)甲项\n（二）乙项\n1．子项一\n2、子项二\n3.子项三\n4﹒子项四\n"
    levels = [(lvl, ordinal) for lvl, _, ordinal, _ in flat(outline(text))]
    assert levels == [(1, 1), (1, 2), (2, 1), (2, 2), (2, 3), (2, 4)]


def test_running_numbers_across_groups_stay_one_level_below_the_groups() -> None:
    text = ("一、工作举措\n（一）夯实基础\n1.建平台。a。\n2.强队伍。b。\n（二）优化服务\n3.简流程。c。\n"
            "4.提效率。d。\n（三）强化保障\n5.保资金。e。\n")
    got = flat(outline(text))
    assert [g for g in got if g[1].endswith(".")] == [
        (3, "1.", 1, "建平台"), (3, "2.", 2, "强队伍"), (3, "3.", 3, "简流程"),
        (3, "4.", 4, "提效率"), (3, "5.", 5, "保资金"),
    ]
    tree = outline(text)
    assert [len(g.children) for g in tree[0].children] == [2, 2, 1]


def test_numbers_opening_a_sentence_are_not_headings() -> None:
    text = ("一、目标任务\n2025年，全市建成示范园区三个。\n1.6亿元专项资金用于贴息。\n2.6%的年均增速。\n"
            "1.扩大规模。正文。\n2.2030年远景目标：正文。\n3.5倍于现有水平。\n3、4月份集中开展检查。\n")
    got = flat(outline(text))
    assert got == [(1, "一、", 1, "目标任务"), (2, "1.", 1, "扩大规模"), (2, "2.", 2, "2030年远景目标")]


def test_a_number_that_does_not_continue_the_sequence_is_text() -> None:
    text = "一、总体思路\n正文。\n五、不是这里\n二、重点任务\n"
    assert [h for _, _, _, h in flat(outline(text))] == ["总体思路", "重点任务"]


def test_one_skipped_number_is_tolerated_for_a_title_like_line() -> None:
    text = "（一）统筹规划\n（三）分步实施\n"
    assert [o for _, _, o, _ in flat(outline(text))] == [1, 3]


def test_run_in_heading_splits_heading_and_text() -> None:
    sec = outline("（一）拓宽融资渠道。鼓励银行开发专属产品，扩大信贷规模。\n")[0]
    assert sec.heading == "拓宽融资渠道"
    assert sec.text == "鼓励银行开发专属产品，扩大信贷规模。"


def test_colon_ends_a_run_in_heading() -> None:
    sec = outline("1.近期目标：到2026年培育企业50家。\n")[0]
    assert (sec.heading, sec.text) == ("近期目标", "到2026年培育企业50家。")


def test_heading_line_alone_takes_the_following_paragraphs_as_text() -> None:
    sec = outline("（一）指导原则\n\n坚持系统观念。\n统筹发展和安全。\n")[0]
    assert sec.heading == "指导原则"
    assert sec.text == "坚持系统观念。\n统筹发展和安全。"


def test_item_without_run_in_title_takes_first_sentence_cut_at_30() -> None:
    long_item = "（一）对首次通过认定的省级工程技术研究中心及重点实验室的依托单位给予一次性奖励，具体标准另行制定。后续。"
    sec = outline(long_item)[0]
    assert sec.heading == long_item[3:33]
    short = outline("（一）支持园区扩容。\n")[0]
    assert short.heading == "支持园区扩容"


def test_hard_wrapped_first_sentence_is_followed_to_its_end() -> None:
    sec = outline("1.加快推进智能工厂建设，\n带动上下游企业协同改造。其余内容。\n")[0]
    assert sec.heading == "加快推进智能工厂建设，带动上下游企业协同改造"
    assert sec.text == "其余内容。"


def test_dash_principles_are_ordered_by_appearance() -> None:
    text = "（一）工作原则\n——坚持市场主导。正文。\n——坚持协同联动。正文。\n（二）总体目标\n——不计入上组。\n"
    got = flat(outline(text))
    assert got == [(1, "（一）", 1, "工作原则"), (2, "——", 1, "坚持市场主导"), (2, "——", 2, "坚持协同联动"),
                   (1, "（二）", 2, "总体目标"), (2, "——", 1, "不计入上组")]


def test_markdown_rule_is_not_a_dash_principle() -> None:
    assert outline("---\n-- 1\n") == []


def test_chapters_sections_and_articles() -> None:
    text = ("第一章　总则\n第一条　为规范专项资金管理，制定本办法。\n第二条　本办法所称专项资金，是指市级财政安排的资金。\n"
            "第二章\n支持范围\n第一节　研发投入\n第三条　支持下列事项：\n（一）基础研究；\n（二）应用研究。\n")
    got = flat(outline(text))
    assert got[0] == (1, "第一章", 1, "总则")
    assert got[1] == (2, "第一条", 1, "为规范专项资金管理，制定本办法")
    assert (1, "第二章", 2, "支持范围") in got
    assert (2, "第一节", 1, "研发投入") in got
    assert (3, "第三条", 3, "支持下列事项") in got  # articles number on across chapters
    assert (4, "（一）", 1, "基础研究") in got


def test_markdown_emphasis_and_indentation_around_markers() -> None:
    text = "　**一、提升服务能力**\n\n**（一）开放共享资源**\n\n正文。\n"
    got = flat(outline(text))
    assert got == [(1, "一、", 1, "提升服务能力"), (2, "（一）", 1, "开放共享资源")]


def test_spans_are_absolute_and_nest() -> None:
    prefix = "题目\n\n"
    body = "一、甲部分\n内容一。\n（一）子项\n内容二。\n二、乙部分\n内容三。"
    text = prefix + body + "\n附件：清单"
    end = len(prefix + body)
    tree = parse_outline(text, len(prefix), end, id_prefix="a1s")
    first, second = tree
    assert text[first.span[0] : first.span[1]].startswith("一、甲部分")
    assert text[first.span[0] : first.span[1]].endswith("内容二。")
    assert first.children[0].span[0] >= first.span[0] and first.children[0].span[1] <= first.span[1]
    assert second.span[1] == end
    assert first.text == "内容一。"
    assert [first.id, first.children[0].id, second.id] == ["a1s1", "a1s1.1", "a1s2"]


def test_region_bounds_are_respected() -> None:
    text = "一、不在范围\n二、在范围内\n三、也在范围内\n四、不在范围"
    start = text.index("二、")
    end = text.index("四、")
    # a region may start mid-sequence: 二、 does not continue anything there, so nothing is found
    assert parse_outline(text, start, end) == []
    assert [s.heading for s in parse_outline(text, 0, end)] == ["不在范围", "在范围内", "也在范围内"]


def test_many_lines_stay_linear() -> None:
    text = "".join(f"{i}.第{i}项任务。内容。\n" for i in range(1, 1000)) + "、" * 100_000
    tree = outline(text)
    assert len(tree) == 999
    assert tree[-1].ordinal == 999


def test_long_clause_items_are_cut_at_30_but_short_title_lines_are_whole() -> None:
    text = ("第一条　申请人应当符合下列条件：\n（一）在本市连续缴纳社会保险满十二个月，且申请前六个月内未中断缴费的；\n"
            "（二）无不良信用记录。\n")
    got = [h for _, _, _, h in flat(outline(text))]
    assert got[1] == "在本市连续缴纳社会保险满十二个月，且申请前六个月内未中断缴费的；"[:30]
    assert got[2] == "无不良信用记录"


def test_parts_above_chapters_and_full_width_digits() -> None:
    text = "第一部分　发展环境\n１．发展基础\n２．面临挑战\n第二部分　总体要求\n第一章　指导思想\n内容。\n"
    got = flat(outline(text))
    assert got == [(1, "第一部分", 1, "发展环境"), (2, "１．", 1, "发展基础"), (2, "２．", 2, "面临挑战"),
                   (1, "第二部分", 2, "总体要求"), (2, "第一章", 1, "指导思想")]


def test_decimal_outline_numbers_are_headings_of_their_own_style() -> None:
    text = "1.总则\n1.1 适用范围\n1.2 术语\n1.2.1 一般术语\n2.要求\n2.1要求内容\n"
    assert flat(outline(text)) == [(1, "1.", 1, "总则"), (2, "1.1", 1, "适用范围"), (2, "1.2", 2, "术语"),
                                   (3, "1.2.1", 1, "一般术语"), (1, "2.", 2, "要求"), (2, "2.1", 1, "要求内容")]


def test_decimal_quantities_are_not_decimal_headings() -> None:
    text = "1.总则\n1.5倍于上年。\n2.6%的增速。\n0.5个百分点。\n2.要求\n"
    assert [h for _, _, _, h in flat(outline(text))] == ["总则", "要求"]


def test_a_decimal_sub_list_opens_even_when_its_parent_heading_was_missed() -> None:
    text = "1.总则\n1.1 目的\n1.2 原则\n2组织体系\n2.1 机构\n2.2 职责\n"
    assert [s.marker for s in outline(text)[0].children] == ["1.1", "1.2", "2.1", "2.2"]


def test_a_table_of_contents_is_not_the_outline() -> None:
    text = ("目  录\n第一章　发展基础……………1\n第二章　总体要求……………5\n第三章　重点任务……………9\n"
            "第一章　发展基础\n过去五年成效显著。\n第二章　总体要求\n坚持稳中求进。\n第三章　重点任务\n内容。\n")
    tree = outline(text)
    assert [(s.heading, s.text) for s in tree] == [("发展基础", "过去五年成效显著。"), ("总体要求", "坚持稳中求进。"),
                                                   ("重点任务", "内容。")]
    assert tree[0].span[0] == text.index("第一章　发展基础\n过去")


def test_bracketed_arabic_items_may_open_with_an_amount() -> None:
    text = "（1）5万元以下的项目，由区级审批。\n（2）5万元以上的项目，报市级审批。\n"
    assert [o for _, _, o, _ in flat(outline(text))] == [1, 2]


def test_marker_lines_are_the_whole_lines_a_multiline_scan_finds() -> None:
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from policyparse.segment import outline as o

    multiline = re.compile(r"^(?=" + o._LEAD + o._MARKER_FIRST + ")", re.M)

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet=list("一1（)第章、.—\n \u3000#*甲"), max_size=30), st.integers(0, 32), st.integers(0, 32))
    def check(text: str, start: int, end: int) -> None:
        end = min(end, len(text))
        expected = []
        for m in multiline.finditer(text, start, end):
            nl = text.find("\n", m.start(), end)
            line = text[m.start() : end if nl < 0 else nl]
            if o._ANY_MARKER.match(line):  # the line opens with a marker of some style
                expected.append((m.start(), line, o._line_marker(line)))
        found = []
        for m in o._marker_lines(text, start, end):
            at = m.start("lead")  # the marker read in place, offsets shifted to the line's
            marker = o._marker_of(text, m.end(), m)
            if marker is not None:
                marker = marker._replace(marker_at=marker.marker_at - at, body_at=marker.body_at - at)
            found.append((at, text[at : m.end()], marker))
        assert found == expected

    check()


def _reference_styles_for(first: str):  # type: ignore[no-untyped-def]
    """The marker styles that can start with the character ``first`` (in _STYLES order)."""
    from policyparse.segment import outline as o

    if first == "第":
        names = ("part", "chapter", "section", "article")
    elif first in "（(":
        names = ("han_paren", "arabic_paren")
    elif first in o._CIRCLED:
        names = ("circled",)
    elif first.isdecimal():
        names = ("arabic_dot", "arabic_half_paren")
    elif first in "—─－-":
        names = ("dash",)
    else:
        names = ("han_dun",)
    return [st for st in o._STYLES if st[0] in names]


def _reference_ordinal(style: str, raw: str):  # type: ignore[no-untyped-def]
    from policyparse.segment import outline as o
    from policyparse.segment.dates import han_number

    if style == "dash":
        return None
    if style == "circled":
        return o._CIRCLED.index(raw) + 1
    return int(raw) if raw.isdigit() else han_number(raw)


def _reference_match_marker(text: str, pos: int, line_end: int):  # type: ignore[no-untyped-def]
    """The marker reader style by style (the first character picks the styles to try), on ``text`` in place
    (positions bounded by ``line_end``)."""
    import re

    from policyparse.segment import outline as o

    start = re.compile(o._LEAD + o._MARKER_FIRST).match(text, pos, line_end)
    if start is None:
        return None
    for style, pattern, _ in _reference_styles_for(text[start.end() - 1]):
        m = pattern.match(text, pos, line_end)
        if not m:
            continue
        ordinal = _reference_ordinal(style, m.group("n"))
        if style != "dash" and not ordinal:
            continue
        body = m.end(1)
        if not text[body:line_end].strip(" \t\u3000\u00a0\u2002\u2003*") and style not in ("part", "chapter", "section"):
            continue
        marker = o._SPACES.sub("", m.group(1))
        if style == "dash":
            if not o._HAN_AFTER_DASH.match(text, body, line_end):
                continue
            marker = "——"
        quantity = style == "arabic_dot" and bool(
            re.compile(o._QUANTITY).match(text, body, line_end)
            or re.compile(o._DECIMAL_NUMBERING).match(text, body, line_end)
        )
        return style, marker, ordinal, m.start(1) - pos, body - pos, quantity, text[body:line_end]
    return None


def test_marker_read_from_the_line_matches_reading_it_in_place() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from policyparse.segment.outline import _line_marker

    pieces = ["一、", "（一）", "(2)", "1.", "2．", "1.6亿元", "3）", "①", "——", "---", "第一章", "第二条", "第三部分",
              "十二、", " ", "\u3000", "**", "#", "加强组织领导", "。", "2021年", "\n", "[bookmark: _GoBack]",
              "第零", "第0", "0.", "（0）", "（〇）", "〇、", "٣.", "１．", "— —", "第 一 节", "（ 二 ）"]

    @settings(max_examples=400, deadline=None)
    @given(st.lists(st.sampled_from(pieces), max_size=10), st.integers(0, 40))
    def check(parts: list[str], pos: int) -> None:
        text = "".join(parts)
        pos = min(pos, len(text))
        nl = text.find("\n", pos)
        line_end = len(text) if nl < 0 else nl
        assert _line_marker(text[pos:line_end]) == _reference_match_marker(text, pos, line_end)

    check()


def test_section_text_normalisation_matches_the_line_by_line_reading() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from policyparse.segment.outline import _normalise_text

    def reference(s: str) -> str:
        lines = [ln.strip(" \t\u3000\u00a0\u2002\u2003") for ln in s.split("\n")]
        return "\n".join(ln for ln in lines if ln)

    @settings(max_examples=400, deadline=None)
    @given(st.text(alphabet=[" ", "\t", "\u3000", "\u00a0", "\u2002", "\u2003", "\n", "\r", "\x0b", "\u2028", "甲", "。"], max_size=30))
    def check(s: str) -> None:
        assert _normalise_text(s) == reference(s)

    check()


def test_sections_carry_every_field() -> None:
    text = "一、总体要求\n坚持创新。\n（一）基本原则。统筹推进。\n二、保障措施\n"
    child = Section(id="s1.1", level=2, marker="（一）", ordinal=1, heading="基本原则", text="统筹推进。",
                    span=(text.index("（一）"), text.index("二、") - 1))
    first = Section(id="s1", level=1, marker="一、", ordinal=1, heading="总体要求", text="坚持创新。",
                    span=(0, text.index("二、") - 1), children=[child])
    second = Section(id="s2", level=1, marker="二、", ordinal=2, heading="保障措施", span=(text.index("二、"), len(text) - 1))
    assert outline(text) == [first, second]


def test_last_item_ends_at_its_unit_annotation() -> None:
    text = ("1.建设平台。建成服务平台。（责任单位：甲市科技局）\n"
            "2.培育企业。培育示范企业。（责任单位：甲市工信局、乙县政府）\n"
            "本方案自印发之日起施行。\n")
    last = outline(text)[-1]
    assert last.text == "培育示范企业。（责任单位：甲市工信局、乙县政府）"
    assert text[last.span[0] : last.span[1]].endswith("乙县政府）")


def test_last_item_ends_after_one_paragraph_when_its_siblings_do() -> None:
    text = ("一、加强领导。建立协调机制。\n二、强化保障。落实专项资金。\n三、加强宣传。营造良好氛围。\n"
            "各地各部门要结合实际抓好落实。\n")
    last = outline(text)[-1]
    assert last.text == "营造良好氛围。"
    assert text[last.span[0] : last.span[1]] == "三、加强宣传。营造良好氛围。"


def test_last_item_keeps_its_paragraphs_when_siblings_have_several() -> None:
    text = ("一、加强领导。建立协调机制。\n定期会商。\n二、强化保障。落实专项资金。\n统筹使用。\n"
            "三、加强宣传。营造良好氛围。\n总结推广经验。\n")
    assert outline(text)[-1].text == "营造良好氛围。\n总结推广经验。"


def test_annotation_closing_the_region_keeps_the_whole_last_item() -> None:
    text = ("1.建设平台。建成服务平台。\n完善配套。（责任单位：甲市科技局）\n"
            "2.培育企业。培育示范企业。\n扩大规模。（责任单位：甲市工信局）\n")
    assert outline(text)[-1].text == "培育示范企业。\n扩大规模。（责任单位：甲市工信局）"


def test_an_enumerated_paragraph_stays_in_the_last_item() -> None:
    text = ("一、加强领导。建立协调机制。\n二、强化保障。落实专项资金。\n三、加强宣传。做好三项工作。\n"
            "一是办好专栏。\n")
    assert outline(text)[-1].text == "做好三项工作。\n一是办好专栏。"


def test_articles_keep_their_unnumbered_paragraphs() -> None:
    text = "第一条 为规范管理，制定本办法。\n第二条 本办法适用于甲市。\n第三条 本办法自发布之日起施行。\n原办法同时废止。\n"
    last = outline(text)[-1]
    assert last.text == "原办法同时废止。"
    assert text[last.span[0] : last.span[1]].endswith("原办法同时废止。")


def test_a_labelled_annotation_in_a_heading_is_no_run_in_title_end() -> None:
    tree = outline("一、强化科技创新（牵头单位：甲区科技局）\n（一）建设平台（责任单位：甲区科技局、甲区财政局）。推进建设。\n")
    assert (tree[0].heading, tree[0].text) == ("强化科技创新", "")
    item = tree[0].children[0]
    assert (item.heading, item.text) == ("建设平台", "推进建设。")


def test_a_role_annotation_closing_a_heading_is_dropped_from_it() -> None:
    assert outline("（一）支持研发（甲区科技局牵头）。给予奖励。\n")[0].heading == "支持研发"


def test_brackets_that_belong_to_a_title_stay_in_it() -> None:
    text = "（一）推进市校（市院）合作。正文。\n（二）做好监测（试行）\n（三）加强宣传（每季度一次）\n"
    assert [s.heading for s in outline(text)] == ["推进市校（市院）合作", "做好监测（试行）", "加强宣传（每季度一次）"]


def test_the_annotation_dropped_from_a_heading_stays_in_the_sections_span() -> None:
    text = "（一）建设平台（牵头单位：甲区科技局）。推进建设。\n"
    section = outline(text)[0]
    assert "牵头单位：甲区科技局" in text[section.span[0] : section.span[1]]


def test_a_colon_between_latin_letters_or_digits_ends_no_run_in_title() -> None:
    text = "（一）按1:1比例配套支持。正文。\n（二）因子Ⅷ:C减少；\n（三）近期目标:到2026年建成。\n"
    assert [s.heading for s in outline(text)] == ["按1:1比例配套支持", "因子Ⅷ:C减少", "近期目标"]


def test_a_list_item_opening_with_a_decimal_looking_number_stays_an_item() -> None:
    text = "（一）第一类对象\n1.80周岁及以上的；\n2.纯老家庭人员。\n"
    assert [(s.marker, s.heading) for s in outline(text)[0].children] == [("1.", "80周岁及以上的"), ("2.", "纯老家庭人员")]


def test_title_end_pattern_matches_its_alternation_form() -> None:
    """_TITLE_END (one character class and a look-behind) finds what the plain alternation finds."""
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from policyparse.segment import outline as o

    alternation = re.compile(r"[。：！？!?]|(?<![A-Za-z0-9Ⅰ-Ⅻ]):|:(?![A-Za-z0-9])")

    @settings(max_examples=400, deadline=None)
    @given(st.text(alphabet=list("a:1Ⅷ。，中Z9 ：?！\n（"), max_size=12), st.integers(0, 12), st.integers(0, 12))
    def check(s: str, pos: int, endpos: int) -> None:
        expected = [m.span() for m in alternation.finditer(s, pos, endpos)]
        assert [m.span() for m in o._TITLE_END.finditer(s, pos, endpos)] == expected
        first_or_bracket = o._TITLE_END_OR_BRACKET.search(s, pos, endpos)
        brackets = [s.find("（", pos, endpos)] if s.find("（", pos, endpos) >= 0 else []
        assert (first_or_bracket and first_or_bracket.start()) == min([*brackets, *(e[0] for e in expected[:1])], default=None)

    check()


def test_marker_lines_match_the_backtracking_unguarded_marker_pattern() -> None:
    """The marker scan (possessive decoration, decimal styles behind a digit-point-digit look-ahead) finds
    the lines, styles and groups that the plain alternation of every style's marker finds."""
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from policyparse.segment import outline as o

    lead = r"[ \t\u3000\u00a0\u2002\u2003#>*]{0,12}(?:\[bookmark:[^\]\n]{0,60}\][ \t\u3000]{0,3})?"
    plain = re.compile(
        r"\n(?P<lead>" + lead + ")(?=" + o._MARKER_FIRST + ")(?:"
        + "|".join(f"(?P<{s}>" + m.replace("(?P<n>", f"(?P<{s}_n>") + ")" for s, m, _ in o._MARKERS)
        + r")[^\n]*"
    )
    pieces = ["\n", "1.", "1.1", "1.1.1 ", "2．3", "12.", "1.5倍", "3）", "（一）", "一、", "第一章", "①", "——", "-",
              " ", "\u3000", "*", "#", "[bookmark: _GoBack]", "总则", "甲", "。"]

    @settings(max_examples=500, deadline=None)
    @given(st.lists(st.sampled_from(pieces), max_size=12))
    def check(parts: list[str]) -> None:
        text = "".join(parts)
        found = [(m.span(), m.lastgroup, m.groupdict()) for m in o._NEWLINE_MARKER_LINE.finditer(text)]
        assert found == [(m.span(), m.lastgroup, m.groupdict()) for m in plain.finditer(text)]

    check()
