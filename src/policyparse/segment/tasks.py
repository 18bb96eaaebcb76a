"""Tasks: the actionable items of a document, with their lead and responsible units and deadline.

An item is a task when it is a leaf item of the operative part (top-level parts
headed 重点任务, 主要任务, 推进举措, 保障措施, 支持政策, 工作要求 … rather than
总体要求, 指导思想, 目标), when it carries a responsible-unit annotation
(``（牵头单位：…；责任单位：…）`` in any bracket style), or when it is a row of a
task table (a table with unit or deadline columns: ``source="table"``).
Annotations on a grouping heading apply to the tasks under it; unit-named items
of a 职责分工 part name their unit; prose units count with 牵头/负责.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Iterable, Iterator, Optional, Sequence

from ..cache import compile_pattern, dataclass
from ..model import Attachment, ParseWarning, Section, Table, Task
from .lines import SharedLines
from .tables import column_kind, flattened_row_spans, is_lead_column, split_lead_responsible
from .units import (
    ANNOTATION_OPENERS,
    add_new_units,
    is_org_name,
    is_strong_org_name,
    parse_unit_annotation,
    split_units,
    units_with_roles,
)

# a top-level heading of a preamble part (not operative): 总体要求 / 指导思想 / 工作目标 / 基本原则
_PREAMBLE_HEADING = compile_pattern(
    r"(?:总体要求|总体思路|指导思想|基本原则|工作原则|目标|总则|适用范围|背景|现状|形势|意义|编制依据|基本情况|主要依据|名词解释|定义|附则)"
)
# a top-level heading of an operative part: 重点任务 / 推进举措 / 保障措施 / 支持政策 / 工作要求 / 职责分工
_OPERATIVE_HEADING = compile_pattern(
    r"(?:任务|举措|措施|政策|保障|要求|行动|工程|职责|分工|实施|推进|机制|路径|步骤|支持|扶持|责任|组织|工作)"
)
# a heading that starts with an action verb: 加快… / 优化升级… / 大力推进… / 着力强化…
_ACTION_START = compile_pattern(
    r"^(?:大力|着力|加快|持续|全面|积极|有效|充分|深入|进一步|切实|统筹|协同|不断)?"
    r"(?:加快|加速|推进|推动|加强|强化|提升|提高|优化|完善|实施|建设|构建|打造|培育|发展|促进|深化|健全|支持|鼓励|"
    r"扩大|拓展|开展|落实|创新|坚持|聚焦|夯实|引导|保障|壮大|筑牢|激发|释放|营造|发挥|做强|做优|做大|增强|巩固|"
    r"规范|严格|建立|加大|扩展|推广|布局|完善|引进|集聚|融入|深耕|突破|攻克|夯实|实行|探索|用好|抓好|做好|防范|保护)"
)
# a part that assigns duties by unit: 职责分工 / 责任分工 / 部门职责
_DUTY_HEADING = compile_pattern(r"(?:职责|分工)")
# a bracketed group: （…） / (…) / 〔…〕 / 【…】, one level of nested brackets allowed inside
_BRACKET = compile_pattern(r"[（(〔【](?P<content>(?:[^（()）〔〕【】\n]|[（(][^（()）\n]{0,40}[）)]){1,400})[）)〕】]")
# … the common case, a group without brackets inside: where it matches, _BRACKET matches the same (its
# greedy units are the same characters, and a closing bracket stops both)
_PLAIN_BRACKET = compile_pattern(r"[（(〔【](?P<content>[^（()）〔〕【】\n]{1,400})[）)〕】]")
# the label an unbracketed annotation opens with, after at most 4 spaces: 牵头单位： / 责任部门: / 牵头考核单位：
_MAX_LABEL_INDENT = 4
_LABEL_INDENT = rf"[ \t\u3000]{{0,{_MAX_LABEL_INDENT}}}"
_LABEL_PREFIX = "主要"  # 主要责任部门：
_LABEL_ROLES = ("牵头", "责任", "配合", "参与", "协办", "协同", "主责")
_LABEL_QUALIFIERS = ("考核", "责任")  # 牵头考核单位： / 牵头责任单位： / 协同责任单位：
_UNIT_WORDS = ("单位", "部门", "主体", "处室", "科室")  # how every unit label ends, before its colon
_UNIT_WORD_LENGTH = len(_UNIT_WORDS[0])  # (all of them have this length)
_COLONS = ("：", ":")
_UNIT_LABEL_TEXT = (f"(?:{_LABEL_PREFIX})?(?:{'|'.join(_LABEL_ROLES)})(?:{'|'.join(_LABEL_QUALIFIERS)})?"
                    f"(?:{'|'.join(_UNIT_WORDS)})[{''.join(_COLONS)}]")
_INDENTED_UNIT_LABEL = _LABEL_INDENT + _UNIT_LABEL_TEXT
# a unit label that opens a sentence or line without brackets: "。责任单位：市科委、各县（市、区）政府"
# (a short bracket inside a unit name is kept; the content stops at a bare closing bracket)
_UNBRACKETED_LABEL = compile_pattern(
    r"(?:^|(?<=[。\n]))" + _LABEL_INDENT
    + r"(?P<content>" + _UNIT_LABEL_TEXT + r"(?:[^\n（(〔）)〕]|[（(〔][^\n（(〔）)〕]{0,40}[）)〕]){1,300})",
    re.MULTILINE,
)
# … at the start of an item's text
_UNIT_LABEL_AT_START = compile_pattern(_INDENTED_UNIT_LABEL)
# a labelled annotation whose bracket closes on a later line (hard-wrapped text):
# （牵头单位：市大数据局\n责任单位：市公安局） / （责任单位：市发展\n改革委）
_WRAPPED_ANNOTATION = compile_pattern(
    r"[（(〔【](?P<content>[ \t\u3000]{0,2}" + _UNIT_LABEL_TEXT
    + r"(?:[^（()）〔〕【】]|[（(][^（()）\n]{0,40}[）)]){1,300})[）)〕】]"
)
# a line that is a labelled annotation, bracketed or not: 主要责任部门：… / （责任单位：…）
_ANNOTATION_LINE = compile_pattern(r"[ \t\u3000]{0,4}[（(〔【]?[ \t\u3000]{0,2}" + _UNIT_LABEL_TEXT)
_MAX_WRAPPED_LINES = 3  # a wrapped annotation spans at most this many lines
# a line break inside a wrapped annotation, with the indentation around it
_WRAP = compile_pattern(r"[ \t\u3000]{0,8}\n[ \t\u3000]{0,8}")
# … after the end of a sentence or line: "。 责任单位："
_UNIT_LABEL_AFTER_BREAK = compile_pattern(r"[。\n]" + _INDENTED_UNIT_LABEL)
# the length of a label's end: 单位： / 部门:
_LABEL_END_LENGTH = _UNIT_WORD_LENGTH + 1
# the longest _UNIT_LABEL_AFTER_BREAK match: 。, four spaces, 主要牵头考核单位：
_LABEL_REACH = (1 + _MAX_LABEL_INDENT + len(_LABEL_PREFIX) + max(map(len, _LABEL_ROLES)) + max(map(len, _LABEL_QUALIFIERS))
                + _LABEL_END_LENGTH)
# the end of an organisation's name right before a bracket: the bracket qualifies the name
# (各县（市、区）政府（管委会）, 市发展改革委（服务业发展局）), it is no annotation of its own
_NAME_END_BEFORE_BRACKET = compile_pattern(r"(?:政府|委|局|办|会|院|厅|部|中心|室|处)$")
# what may follow an annotation that closes an item: end punctuation and spaces
_AFTER_ANNOTATION = compile_pattern(r"[。；;，,\s]*")
# a prose statement of responsibility: 市科技局负责牵头推进 / 由市财政局牵头 / 市商务局负责
_PROSE_ROLE = compile_pattern(r"(?P<role>负责牵头|牵头负责|牵头|负责)(?!单位|部门|人|同志|领导)")
# the clause before a prose role, back to the last punctuation
_CLAUSE_START = compile_pattern(r"[。；;，,：:！？!?\n（）()]")
# words introducing a prose actor: 由市科技局… / 要 / 并
_ACTOR_PREFIX = compile_pattern(r"^(?:由|并由|请|要|并|各级|同时)")
_ACTOR_SUFFIX = compile_pattern(r"(?:要|应|将|会同|统一|具体|主要|共同)$")
# an explicit date in a task (its 到/至/于 is read before it): 2021年 / 2018年底前 / 2022年6月底前
_DEADLINE = compile_pattern(
    r"(?P<date>(?:19|20)\d{2}年(?:\d{1,2}月(?:\d{1,2}日)?|底|末|年底|上半年|下半年)?(?:底|末)?)(?P<post>前|以前|之前|底前)?"
)
_YEAR_DIGITS = 4  # a _DEADLINE date opens with four digits before its 年
# words before a date that make it a deadline: 到2021年 / 截至2022年 / 于2023年
_DEADLINE_PRE = compile_pattern(r"(?:截止到|截至|截止|到|至|于|在)$")
# a month-day date inside a task (its 每月 is read before it): 6月30日前 / 9月底前
_MONTH_DEADLINE = compile_pattern(r"(?P<date>\d{1,2}月(?:\d{1,2}日|底|末))(?P<post>前|以前|之前)?")
# words before a month date that make it recurring: 每月26日前 / 每年3月底前
_RECURRING_PRE = compile_pattern(r"(?:每月|每年|每季度|每)$")
# a labelled deadline: 完成时限：2022年6月底前 / 时间节点：长期推进
_LABELLED_DEADLINE = compile_pattern(r"(?:完成时限|完成时间|时间节点|时限要求|时限)[：:]\s{0,2}(?P<value>[^，,。；;）)\n]{2,20})")
# an open-ended schedule closing an annotation, as its last clause: （市司法局牵头，各区负责，持续推进） /
# （责任单位：市人社局，长期坚持）; the same words in a sentence (持续推进改革) are no deadline
_OPEN_SCHEDULE = compile_pattern(
    r"[（(，,；;]\s{0,2}(?P<value>(?:长期|持续|常态化)(?:坚持|推进|开展|实施)?)\s{0,2}[）)]"
)
# words before a date that make it the document's own date: 有效期至2030年 / 自2021年起施行
_NOT_DEADLINE_BEFORE = compile_pattern(r"(?:有效期|有效期限|施行|执行期|实施期)[至到为]?$")
_MAX_BRACKETS = 200
_MAX_PROSE_ROLES = 50
# a unit column that names a role in the task: 牵头单位 / 责任部门 / 配合单位 / 责任主体
_ROLE_COLUMN = compile_pattern(r"(?:牵头|责任|配合|负责|主责|主办|协办|承办|参与)(?:单位|部门|处室|主体|领导|科室)?$|责任主体|实施主体")
# a deadline column: 完成时限 / 完成时间 / 时间节点 / 进度安排
_DEADLINE_COLUMN = compile_pattern(r"(?:时限|完成时间|完成期限|时间节点|进度安排|时间安排|完成日期)")
# the end of a sentence in a table cell
_SENTENCE_END = compile_pattern(r"[。；;！？!?\n]")
_MAX_HEADING = 30
# a sub-bullet marker: （1） / (2) / ① / ⑵
_SUB_BULLET = compile_pattern(r"^(?:[（(]\d{1,2}[）)]|[①-⑳⑴-⒇])")
# a chapter marker of a regulation: 第一章 / 第三节 / 第二编
_CHAPTER = compile_pattern(r"^第[一二三四五六七八九十百零〇\d]{1,4}[章节编]")
# anything but Chinese characters, letters and digits
_NOT_WORD = compile_pattern(r"[^\u4e00-\u9fffA-Za-z0-9]")
# any Chinese character
_HAS_HAN = compile_pattern(r"[\u4e00-\u9fff]")
# parts of a deadline: 2021年 / 6月 / 30日 / …年底
_YEAR = compile_pattern(r"(\d{4})年")
_MONTH = compile_pattern(r"(\d{1,2})月")
_DAY = compile_pattern(r"(\d{1,2})日")
_YEAR_END = compile_pattern(r"年(?:底|末)$")
# the trailing 前 of a deadline cell
_DEADLINE_TAIL = compile_pattern(r"(?:以前|之前|前)$")


def is_operative_heading(heading: str) -> bool:
    """Whether a top-level heading opens an operative part (tasks, measures, policies, requirements).

    Preamble parts (总体要求, 指导思想, 目标 …) are not; parts named for their measures (重点任务,
    保障措施, 工作要求) or by an action (加快…, 大力推进…) are.
    """
    if _PREAMBLE_HEADING.search(heading):
        return False
    return bool(_OPERATIVE_HEADING.search(heading) or _ACTION_START.match(heading))


def _is_flat_measure_list(sections: list[Section]) -> bool:
    """Whether the document is a flat list of measures: ≥ 3 top-level items, all leaves, mostly actions."""
    if len(sections) < 3 or any(s.children for s in sections):
        return False
    actions = sum(1 for s in sections if is_operative_heading(s.heading))
    return actions * 2 >= len(sections)


def _own_text(text: str, section: Section) -> tuple[int, int]:
    """The span of a section's own words: up to its first child (its whole span when it has none)."""
    start, end = section.span
    if section.children:
        end = min(end, section.children[0].span[0])
    return start, end


def _occurrences(text: str, needles: Iterable[str], start: int, end: int) -> list[int]:
    """The sorted start offsets of every occurrence of each of ``needles`` in ``text[start:end]`` (``str.find``,
    at C speed)."""
    found: list[int] = []
    for needle in needles:
        pos = text.find(needle, start, end)
        while pos >= 0:
            found.append(pos)
            pos = text.find(needle, pos + 1, end)
    found.sort()
    return found


class AnnotationMarks:
    """Where a text's bracketed groups can open and where its unit labels end, found once per document
    (``str.find``), so that the annotations of its many items are read without scanning each item for them."""

    __slots__ = ("text", "_brackets", "_label_ends")

    def __init__(self, text: str, start: int = 0, end: Optional[int] = None) -> None:
        """The marks of ``text[start:end]``, the stretch that holds every span to be read."""
        end = len(text) if end is None else end
        self.text = text
        self._brackets = _occurrences(text, ANNOTATION_OPENERS, start, end)
        # a label ends in 单位 or 部门 and a colon: the words are found, the colon after them checked
        self._label_ends = [at for at in _occurrences(text, _UNIT_WORDS, start, end)
                            if text[at + _UNIT_WORD_LENGTH : at + _LABEL_END_LENGTH] in _COLONS]

    def groups(self, start: int, end: int) -> list[re.Match[str]]:
        """``_BRACKET.finditer(text[start:end])`` with offsets into the whole text: a group can only open at
        an opening bracket, so each is tried there (with ``end`` as the end of the string)."""
        text, starts = self.text, self._brackets
        found: list[re.Match[str]] = []
        resume = start  # where the previous group ended: the next one starts at or after it
        for i in range(bisect_left(starts, start), len(starts)):
            at = starts[i]
            if at >= end:
                break
            if at < resume:
                continue
            m = _PLAIN_BRACKET.match(text, at, end) or _BRACKET.match(text, at, end) or _wrapped_annotation(text, at, end)
            if m is not None:
                found.append(m)
                resume = m.end()
        return found

    def opens_unit_label(self, start: int, end: int) -> bool:
        """Whether a unit label opens a line or sentence of ``text[start:end]`` (a cheap test before
        ``_UNBRACKETED_LABEL``): a label at ``start``, or one after a sentence end or line break, which ends
        at one of the label ends and so starts at most ``_LABEL_REACH`` characters before that end."""
        text, ends = self.text, self._label_ends
        first = bisect_left(ends, start)
        if first == len(ends) or ends[first] + _LABEL_END_LENGTH > end:
            return False  # no label ends inside the span
        if _UNIT_LABEL_AT_START.match(text, start, end) is not None:
            return True
        for i in range(first, len(ends)):
            label_end = ends[i] + _LABEL_END_LENGTH  # 单位： / 部门:
            if label_end > end:
                break
            earliest = label_end - _LABEL_REACH  # where a label ending here starts at the earliest
            if _UNIT_LABEL_AFTER_BREAK.search(text, earliest if earliest > start else start, label_end) is not None:
                return True
        return False


def _wrapped_annotation(text: str, at: int, end: int) -> Optional[re.Match[str]]:
    """The labelled annotation opening at ``at`` whose bracket closes on one of the next lines, if any."""
    m = _WRAPPED_ANNOTATION.match(text, at, end)
    if m is None or not 0 < text.count("\n", at, m.end()) < _MAX_WRAPPED_LINES:
        return None
    return m


def annotations_in(
    text: str, start: int, end: int, marks: Optional[AnnotationMarks] = None
) -> tuple[list[str], list[str], bool]:
    """Lead and responsible units of the annotations in ``text[start:end]``; and whether any was found
    (``marks``: where the text's brackets and unit labels are, found once for the many items of a document).

    Labelled annotations count anywhere; bare unit lists (``（市科委）``) only where they close
    a sentence or the item.
    """
    lead: list[str] = []
    responsible: list[str] = []
    found = False
    marks = marks or AnnotationMarks(text)
    wrapped: list[tuple[int, int]] = []  # where wrapped annotations stand, relative to ``start``
    # an item has a handful of brackets; junk input stays bounded
    for m in marks.groups(start, end)[:_MAX_BRACKETS]:
        content = m.group("content")
        if "\n" in content:  # a wrapped annotation: its lines joined; the labels of its lines are read here
            content = _WRAP.sub("", content)
            wrapped.append((m.start() - start, m.end() - start))
        labelled = "：" in content or ":" in content or "牵头" in content or "配合" in content
        opening = m.start()
        if not labelled and (not _closes_sentence(text, m.end(), end)
                             or _NAME_END_BEFORE_BRACKET.search(text, opening - 2 if opening >= 2 else 0, opening)):
            continue  # bare units count only where they close a sentence or the item, not a unit's name
        parsed = parse_unit_annotation(content)
        if parsed is None:
            continue
        found = True
        add_new_units(lead, parsed[0])
        add_new_units(responsible, parsed[1])
    if not marks.opens_unit_label(start, end):
        return lead, responsible, found
    # ``^`` of _UNBRACKETED_LABEL must match at the item's start: it reads the item's text on its own
    item_text = text[start:end]
    for count, m in enumerate(_UNBRACKETED_LABEL.finditer(item_text)):
        if count >= _MAX_BRACKETS:
            break
        if wrapped and any(lo < m.start() < hi for lo, hi in wrapped):
            continue  # a line of a wrapped annotation, read with it
        parsed = parse_unit_annotation(m.group("content").rstrip("。；; \t"))
        if parsed is None:
            continue
        units = [*parsed[0], *parsed[1]]
        if not all(is_org_name(u) or u.startswith("各") for u in units) and not (
            _is_whole_line(item_text, *m.span()) and any(is_org_name(u) for u in units)
        ):
            continue  # without brackets, only a list of unit names is an annotation; a line of its own is one
            # when it names an organisation (责任单位：甲开发区，全区经济运行各专班)
        found = True
        add_new_units(lead, parsed[0])
        add_new_units(responsible, parsed[1])
    return lead, responsible, found


def _is_whole_line(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a whole line of ``text``."""
    return (start == 0 or text[start - 1] == "\n") and (end == len(text) or text[end] == "\n")


def _closes_sentence(text: str, pos: int, end: int) -> bool:
    """Whether ``text[pos:end]`` starts with a sentence end or holds only end punctuation and spaces."""
    return text[pos : pos + 1] in ("。", "；", ";", "\n") or _AFTER_ANNOTATION.fullmatch(text, pos, end) is not None


def prose_units(text: str) -> tuple[list[str], list[str]]:
    """Units named in prose with 牵头 (lead) or 负责 (responsible): ``市科技局负责牵头推进…``."""
    lead: list[str] = []
    responsible: list[str] = []
    for count, m in enumerate(_PROSE_ROLE.finditer(text)):
        if count >= _MAX_PROSE_ROLES:
            break
        window_start = max(0, m.start() - 60)
        window = text[window_start : m.start()]
        cut = [c.end() for c in _CLAUSE_START.finditer(window)]
        clause = window[cut[-1] :] if cut else window
        clause = _ACTOR_SUFFIX.sub("", _ACTOR_PREFIX.sub("", clause.strip()))
        if not clause:
            continue
        units = split_units(clause)
        if not units or not all(is_strong_org_name(u) and not u.startswith("各") for u in units):
            continue
        target = lead if "牵头" in m.group("role") else responsible
        for unit in units:
            if unit not in target and unit not in lead:
                target.append(unit)
    return lead, responsible


def _deadline_key(date: str) -> tuple[int, int, int]:
    """Sort key of a deadline string (year, month, day; 年底 and a bare year count as December)."""
    year = _YEAR.search(date)
    month = _MONTH.search(date)
    day = _DAY.search(date)
    month_value = int(month.group(1)) if month else (6 if "上半年" in date else 12)
    return (int(year.group(1)) if year else 0, month_value, int(day.group(1)) if day else 31)


def _year_dates(text: str) -> Iterator[re.Match[str]]:
    """``_DEADLINE.finditer(text)``, tried only where a match can start: four characters before a 年 (found
    with ``str.find``), rather than at every character."""
    resume = 0  # where the previous match ended: the next one starts at or after it
    year_at = text.find("年")
    while year_at >= 0:
        at = year_at - _YEAR_DIGITS
        if at >= resume:
            m = _DEADLINE.match(text, at)
            if m is not None:
                yield m
                resume = m.end()
        year_at = text.find("年", year_at + 1)


def find_deadline(text: str) -> Optional[str]:
    """An explicit deadline of a task: ``到2021年`` → 2021年, ``2018年底前`` → 2018年底; several → the latest.

    A year that only dates a statement (``2021年建设…``) is no deadline: it needs 到/至/于/截至 before
    it or 前 after it.  Without a date, an open-ended schedule closing an annotation (``（…负责，持续推进）``)
    is the deadline.
    """
    # each scan below needs a key word or character: 时限/时间 for a label, 年 for a year, 月 for a month
    labelled = _LABELLED_DEADLINE.search(text) if "时限" in text or "时间" in text else None
    if labelled:
        return _DEADLINE_TAIL.sub("", labelled.group("value"))
    found: list[str] = []
    for m in _year_dates(text):
        date = m.group("date")
        before = text[max(0, m.start() - 6) : m.start()]
        if _NOT_DEADLINE_BEFORE.search(before):
            continue  # 有效期至2030年… dates the document, not the task
        pre = _DEADLINE_PRE.search(before)
        if pre is None and m.group("post") is None and not _YEAR_END.search(date):
            continue
        if pre is not None and pre.group(0) == "在" and m.group("post") is None:
            continue
        if m.group("post") == "底前":
            date += "底"
        found.append(date)
    for m in _MONTH_DEADLINE.finditer(text) if "月" in text else ():  # a cheap test first
        start = m.start()
        if m.group("post") is None or _RECURRING_PRE.search(text[max(0, start - 3) : start]):
            continue
        if start >= 1 and (text[start - 1] == "年" or text[start - 1].isdigit()):
            continue  # part of a full date already read
        found.append(m.group("date"))
    if not found:
        # (a cheap test first: every open-ended schedule holds one of these words)
        schedule = _OPEN_SCHEDULE.search(text) if "持续" in text or "长期" in text or "常态" in text else None
        return schedule.group("value") if schedule else None
    found = list(dict.fromkeys(found))
    with_year = [d for d in found if "年" in d]
    pool = with_year or found
    return max(pool, key=_deadline_key)


def _full_text(section: Section) -> str:
    """A task's text after its heading, its sub-bullets included."""
    if not section.children:
        return section.text
    parts = [section.text] if section.text else []
    for child in section.children:
        child_text = f"{child.heading}。{child.text}" if child.text else child.heading
        parts.append(f"{child.marker}{child_text}")
    return "\n".join(parts)


def _section_task(s: Section, lead: list[str], responsible: list[str], index: int) -> Task:
    """A body task from a section and its units (``lead`` and ``responsible`` become the task's own lists)."""
    full_text = _full_text(s)
    # positional arguments, in Task's field order (a call with keywords costs twice as much)
    return Task(
        f"t{index}",  # id
        s.id,  # section_id
        s.heading,  # heading
        full_text,  # text
        s.marker,  # marker
        lead,  # lead_units
        responsible,  # responsible_units
        find_deadline(f"{s.heading}。{full_text}"),  # deadline
        [],  # targets
        "body",  # source
        s.span,  # span
    )


def _is_sub_bullet(section: Section) -> bool:
    """Whether a section is a sub-bullet (（1）, ①) without children of its own."""
    return not section.children and _SUB_BULLET.match(section.marker) is not None


def _is_task_node(section: Section, depth: int) -> bool:
    """Whether a section is task-sized: a leaf, or (below the top level) an item whose children are all sub-bullets."""
    if not section.children:
        return True
    return depth >= 1 and all(_is_sub_bullet(c) for c in section.children)


def _task_nodes(sections: list[Section]) -> list[tuple[Section, tuple[Section, ...]]]:
    """Task-sized sections with their parents, in document order (sub-bullets stay inside their item)."""
    nodes: list[tuple[Section, tuple[Section, ...]]] = []

    def visit(sections: list[Section], parents: tuple[Section, ...]) -> None:
        for s in sections:
            if _is_task_node(s, len(parents)):
                nodes.append((s, parents))
            else:
                visit(s.children, (*parents, s))

    visit(sections, ())
    return nodes


def _grouping_annotation(
    text: str, heading: Section, read: dict[int, Optional[tuple[list[str], list[str]]]], marks: AnnotationMarks
) -> Optional[tuple[list[str], list[str]]]:
    """The units annotated in a grouping heading's own words (before its first item), None when there
    are none; ``read`` keeps the answers by section, so each heading's words are read at most once."""
    key = id(heading)
    if key not in read:
        lead, resp, found = annotations_in(text, *_own_text(text, heading), marks)
        read[key] = (lead, resp) if found else None
    return read[key]


def _body_tasks(text: str, sections: list[Section]) -> list[Task]:
    """Tasks from the main document's sections."""
    # chapters of a regulation (第一章 总则 …) hold provisions, not tasks: only annotations make tasks there
    top_operative = {id(s): is_operative_heading(s.heading) and not _CHAPTER.match(s.marker) for s in sections}
    grouping: dict[int, Optional[tuple[list[str], list[str]]]] = {}  # id(heading) -> its annotation, read once needed
    flat = _is_flat_measure_list(sections)
    # the marks of the stretch the sections cover (each section's span holds its children's)
    marks = AnnotationMarks(text, min((s.span[0] for s in sections), default=0),
                            max((s.span[1] for s in sections), default=0))
    items: list[_Item] = []
    for s, parents in _task_nodes(sections):
        if not (_HAS_HAN.search(s.heading) or _HAS_HAN.search(s.text, 0, 20)):
            continue  # a stray rule line (---) is no item
        # the annotations of a task-sized section: all of its span, sub-bullets included
        items.append(_Item(s, parents, *annotations_in(text, *s.span, marks)))
    _share_closing_annotations(text, items)
    tasks: list[Task] = []
    for item in items:
        s, parents, lead, resp, annotated = item.section, item.parents, item.lead, item.responsible, item.annotated
        top = parents[0] if parents else s
        operative = top_operative.get(id(top), False) and (bool(parents) or flat)
        if not annotated:
            for parent in reversed(parents):
                inherited = _grouping_annotation(text, parent, grouping, marks)
                if inherited is not None:  # an annotation on a grouping heading applies to its items
                    lead, resp = list(inherited[0]), list(inherited[1])
                    annotated = True
                    break
        if not operative and not annotated:
            continue
        if not annotated and _DUTY_HEADING.search(top.heading):
            units = split_units(s.heading)
            if units and all(is_strong_org_name(u) for u in units):
                if "牵头" in s.text:
                    lead = units
                else:
                    resp = units
                annotated = True
        if not annotated:
            start, end = s.span
            lead, resp = prose_units(text[start:end] if s.children else f"{s.heading}。{s.text}")
        tasks.append(_section_task(s, lead, resp, len(tasks) + 1))
    return tasks


@dataclass(slots=True)
class _Item:
    """A task-sized section with the units of its own annotations."""

    section: Section
    parents: tuple[Section, ...]
    lead: list[str]
    responsible: list[str]
    annotated: bool


def _share_closing_annotations(text: str, items: list[_Item]) -> None:
    """Give the units of an annotation standing on a line of its own after the last item of a group (the
    items of one parent) to the group's other items, when none of them has an annotation of its own: such a
    line closes the group (``1.…2.…3.…\n主要责任部门：市公安局、市卫生局``), not only its last item."""
    groups: dict[int, list[_Item]] = {}
    for item in items:
        groups.setdefault(id(item.parents[-1]) if item.parents else 0, []).append(item)
    for group in groups.values():
        last = group[-1]
        if len(group) < 2 or not last.annotated or any(item.annotated for item in group[:-1]):
            continue
        if not _ends_with_annotation_line(text, last.section.span):
            continue
        for item in group[:-1]:
            item.lead, item.responsible, item.annotated = list(last.lead), list(last.responsible), True


def _ends_with_annotation_line(text: str, span: tuple[int, int]) -> bool:
    """Whether the last non-blank line of ``text[span]``, not its first line, is a labelled annotation."""
    start, end = span
    line_start = text.rfind("\n", start, end) + 1
    while line_start > start and not text[line_start:end].strip():  # a blank last line: the line before
        end = line_start - 1
        line_start = text.rfind("\n", start, end) + 1
    return line_start > start and _ANNOTATION_LINE.match(text, line_start, end) is not None


@dataclass(slots=True)
class _TableColumns:
    """Which columns of a task table hold what."""

    serial: Optional[int]
    name: Optional[int]
    content: list[int]
    date: Optional[int]
    lead: list[int]
    responsible: list[int]


def task_table_columns(columns: list[str]) -> Optional[_TableColumns]:
    """The column roles of a task table, or None for other tables (lists of names, indicators …).

    A task table has a text column (任务名称/工作内容) and a role unit column (牵头单位/责任部门/配合单位)
    or a deadline column (完成时限/时间节点).  Of several lead or responsible columns the first counts.
    """
    kinds = [column_kind(c) for c in columns]
    texts = [i for i, k in enumerate(kinds) if k in ("name", "content", "other")]
    roles = [i for i, c in enumerate(columns) if _ROLE_COLUMN.search(c)]
    deadlines = [i for i, c in enumerate(columns) if _DEADLINE_COLUMN.search(c)]
    if not texts or not (roles or deadlines):
        return None
    lead = [i for i in roles if is_lead_column(columns[i])][:1]
    responsible = [i for i in roles if not is_lead_column(columns[i])][:1]
    names = [i for i, k in enumerate(kinds) if k == "name"] or texts[:1]
    return _TableColumns(
        serial=kinds.index("serial") if "serial" in kinds else None,
        name=names[0],
        content=[i for i in texts if i != names[0] and kinds[i] != "other"],
        date=deadlines[0] if deadlines else None,
        lead=lead,
        responsible=responsible,
    )


def _heading_key(heading: str) -> str:
    """A heading reduced for matching a table row to its body task (no spaces or punctuation)."""
    return _NOT_WORD.sub("", heading)


def _short_heading(cell: str) -> str:
    """A task heading from a table cell: its first sentence, at most 30 characters, without end punctuation."""
    first = _SENTENCE_END.split(cell.strip(), maxsplit=1)[0]
    return first[:_MAX_HEADING].rstrip("。；;，,")


def _cell(row: list[str], index: Optional[int]) -> str:
    """A row's cell (empty when the column is absent or the row is short)."""
    return row[index].strip() if index is not None and index < len(row) else ""


def _split_by_body(units: list[str], body: Task) -> Optional[int]:
    """The lead|responsible boundary in ``units`` that best agrees with a body task's annotation."""
    if not (body.lead_units or body.responsible_units):
        return None
    lead, resp = set(body.lead_units), set(body.responsible_units)
    in_lead = [u in lead for u in units]
    in_resp = [u in resp for u in units]
    # at boundary k, units[:k] should be lead and units[k:] responsible; start at k = 0
    agree, disagree = sum(in_resp), sum(in_lead)
    best: Optional[tuple[int, int, int]] = None
    for k in range(len(units) + 1):
        if k > 0:  # units[k - 1] moves from the responsible side to the lead side
            agree += in_lead[k - 1] - in_resp[k - 1]
            disagree += in_resp[k - 1] - in_lead[k - 1]
        score = agree - 2 * disagree
        nonempty = int(k > 0) + int(k < len(units))
        if best is None or (score, nonempty) > best[0:2]:
            best = (score, nonempty, k)
    if best is None or best[0] <= 0:
        return None
    return best[2]


def _cell_units(lead_cells: list[str], responsible_cells: list[str]) -> tuple[list[str], list[str]]:
    """(lead, responsible) units of a row's unit cells: a cell's units take its column's role unless the cell
    names theirs (``市发改委（牵头）、市财政局`` in a 责任单位 column: 市发改委 leads)."""
    lead: list[str] = []
    responsible: list[str] = []
    for cells, column_leads in ((lead_cells, True), (responsible_cells, False)):
        for cell in cells:
            cell_lead, cell_responsible = units_with_roles(cell, column_leads)
            add_new_units(lead, cell_lead)
            add_new_units(responsible, cell_responsible)
    return lead, responsible


def _table_tasks(
    text: str, table: Table, body_tasks: list[Task], start_index: int, shared: Optional[SharedLines]
) -> tuple[list[Task], list[ParseWarning]]:
    """One task per row of a task table; lead/responsible split checked against body tasks of the same name."""
    cols = task_table_columns(table.columns)
    if cols is None:
        return [], []
    row_spans: list[tuple[int, int]] = []
    if table.span != (0, 0):
        for columns, spans in flattened_row_spans(text, table.span[0], table.span[1], shared):
            if columns == table.columns and len(spans) == len(table.rows):
                row_spans = spans
                break
    by_heading: dict[str, Task] = {}
    for t in body_tasks:
        by_heading.setdefault(_heading_key(t.heading), t)
    tasks: list[Task] = []
    warnings: list[ParseWarning] = []
    for r, row in enumerate(table.rows):
        lead_cells = [_cell(row, i) for i in cols.lead]
        resp_cells = [_cell(row, i) for i in cols.responsible]
        lead, resp = _cell_units(lead_cells, resp_cells)
        heading = _short_heading(_cell(row, cols.name) or (_cell(row, cols.content[0]) if cols.content else ""))
        span = row_spans[r] if r < len(row_spans) else table.span
        if cols.lead and cols.responsible and row_spans:  # rebuilt from flattened lines: the split is a guess
            units = [*lead, *resp]
            body = by_heading.get(_heading_key(heading))
            boundary = _split_by_body(units, body) if body is not None else None
            if boundary is None:
                boundary, certain = split_lead_responsible(units) if len(units) > 2 else (len(lead), True)
                if not certain:
                    warnings.append(ParseWarning(
                        "table_row_uncertain",
                        f"table row {_cell(row, cols.serial) or r + 1}: the split between lead and responsible units is a guess",
                        span,
                    ))
            lead, resp = units[:boundary], units[boundary:]
            if max(cols.lead[0], cols.responsible[0]) < len(row):
                row[cols.lead[0]] = "、".join(lead)
                row[cols.responsible[0]] = "、".join(resp)
        content = "\n".join(_cell(row, i) for i in cols.content if _cell(row, i))
        deadline = _DEADLINE_TAIL.sub("", _cell(row, cols.date)) or None
        if not (heading or content or lead or resp):
            continue  # an empty row (a spacer or a merged remainder) is no task
        tasks.append(Task(  # positional arguments, in Task's field order (keywords cost twice as much)
            f"t{start_index + len(tasks)}",  # id
            None,  # section_id
            heading,  # heading
            content,  # text
            _cell(row, cols.serial) or str(r + 1),  # marker
            lead,  # lead_units
            resp,  # responsible_units
            deadline,  # deadline
            [],  # targets
            "table",  # source
            span,  # span
        ))
    return tasks, warnings


def find_tasks(
    text: str, sections: list[Section], attachments: list[Attachment], tables: Sequence[Table] = (),
    shared: Optional[SharedLines] = None,
) -> tuple[list[Task], list[ParseWarning]]:
    """Tasks of the main document's sections, of the task tables in its attachments and of ``tables``
    (task tables of the main document itself, e.g. rebuilt with ``tables.rebuild_flattened_tables``);
    ``shared``: the text's lines, split once.

    Aligns each flattened task table's lead/responsible cells with the split the tasks use.
    """
    tasks = _body_tasks(text, sections)
    warnings: list[ParseWarning] = []
    all_tables = [*tables, *(t for a in attachments for t in a.tables)]
    for table in all_tables:
        table_tasks, table_warnings = _table_tasks(text, table, tasks, len(tasks) + 1, shared)
        tasks.extend(table_tasks)
        warnings.extend(table_warnings)
    return tasks, warnings
