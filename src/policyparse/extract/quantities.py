"""Targets and funding of a document, linked to their tasks and sections.

One pass over ``doc.text`` with the precompiled quantity pattern of ``numbers``;
each number is offered to ``funding`` first (money the issuer pays), then to
``targets``. Indicator tables (``doc.tables``, attachment tables) give one target
per numeric cell. Years come from the sentence, the paragraph, a paragraph that
opens with ``到2025年`` and frames the lines after it, then the headings that
govern it (``2021年工作目标``, an attachment titled ``2021年…表``). Traditional
text (``script="keep"``) is read through a one-for-one Simplified copy, so spans
hold and every string is reported as written.
"""

from __future__ import annotations

import bisect
import itertools
import operator
from dataclasses import field
from typing import Callable, Generic, Iterable, Optional, TypeVar

from ..cache import compile_pattern, dataclass
from ..model import Document, Funding, ParseWarning, Section, Table, Target, Task
from .context import YEAR_NUMBER_RE, TextIndex, as_written, find_period, simplified_chars
from .funding import read_funding
from .numbers import find_quantities, parse_number
from .targets import SentenceState, read_target

# A line that titles what follows and dates it: 2021年重点工作任务分解表, 2021年工作目标, 2023年重点工作责任分解.
_TITLE_YEAR_LINE_RE = compile_pattern(
    r"^[^，,。；;]{0,30}(?:19|20)[0-9]{2}年[^，,。；;]{0,30}(?:表|目标|任务|计划|清单|安排|分解|要点)[：:]?$"
)
# A top-level heading (一、 …) or an attachment heading (附件2) that ends a title's reach.
_TOP_HEADING_RE = compile_pattern(r"^(?:[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十]{1,3}[章部分]|附件\s*[0-9一二三四五六七八九十]*\s*$)")
# A deadline in a heading: 2021年, 到2025年.
_HEADING_YEAR_RE = compile_pattern(r"(?<![0-9])(?<![0-9][-—–~～至])((?:19|20)[0-9]{2})年(?![0-9]{1,2}月)(?![-—–~～至])")
# Task tables: columns naming who leads or when; their cells are read as text.
_TASK_TABLE_HEADER_RE = compile_pattern(r"牵头|责任|配合|完成时限|时间节点|进度安排")
# A header unit: 数量（个）, 金额(万元), 单位：万元.
_HEADER_UNIT_RE = compile_pattern(r"[（(](?:单位[：:])?(?P<u>[^（()）]{1,6})[)）]|单位[：:]\s*(?P<u2>[^\s，,；;）)]{1,6})")
# A numeric cell: 12, 1,200, 3.5%, ≥20.
# (matched with fullmatch on the stripped cell; spaces inside are bounded so the match stays linear)
_NUMERIC_CELL_RE = compile_pattern(
    r"(?P<cmp>[≥≤>＞<＜约])?\s{0,3}(?P<num>[0-9０-９][0-9０-９,，.．]*)\s{0,3}(?P<pct>[%％])?\s{0,3}(?P<tail>以上|以内|左右)?"
)
_REGION_HEADER_RE = compile_pattern(r"地区|区域|县区|县（市、区）|县(市、区)|区县|城市|地市|单位名称")
_ROW_LABEL_SKIP_RE = compile_pattern(r"^(?:序号|编号|No\.?)$")
# What makes a table one of goals, in its title, a column header or the heading it stands under:
# 主要指标, 目标值, 安置任务, 年度计划, 预期性, 规划, 考核 (not 2019年部分城市地铁运营状况, not 职位表).
_GOAL_TABLE_RE = compile_pattern(r"目标|指标|任务|计划|预期|规划|考核")
# Column headers of identifiers and contact data, whose digits are never quantities:
# 联系电话, 传真, 邮政编码, 统一社会信用代码, 身份证号码, 账号, 年份.
_NON_QUANTITY_HEADER_RE = compile_pattern(r"电话|手机|传真|邮编|邮政编码|代码|编码|号码|证号|账号|年份")
# Characters that continue a number: a cell "1" inside 2016 or 3595332 is no match.
_NUMBER_CHARS = frozenset("0123456789０１２３４５６７８９.．,，")
_CELL_SEARCH_LIMIT = 20_000  # characters searched for one cell at most (keeps unlocated cells linear)


_Answer = TypeVar("_Answer")

# Tasks looked back over when finding the one holding a position (tasks rarely nest; bounded for speed)
_TASK_LOOKBACK = 64
# start, end, depth, section, governing year, governing period, start of the parent section
_Entry = tuple[int, int, int, Section, Optional[int], Optional[str], int]
# Headings of eligibility conditions and definitions: 申报条件, 认定标准, 适用范围, 支持对象, 申报要求.
_CONDITION_HEADING_RE = compile_pattern(
    r"条件|资格|认定标准|评价标准|适用范围|名词解释|定义|(?:支持|扶持|补助|补贴|奖励|资助|申报|申请|适用)(?:对象|要求|范围)"
)
# A heading that names a criterion: 诊断标准, 症状标准, 供养标准 (not a task to raise one: 提高建设标准).
_CRITERION_HEADING_RE = compile_pattern(r"(?!提高|提升|完善|健全|制定|统一|推动|加强|严格|落实|执行|修订)[^，,。；;]{0,6}标准")
# Headings of a review of what was already achieved: 发展现状, 发展基础, “十三五”时期主要成效.
# (the noun must open the heading or follow a short qualifier, and end it or join 和/与/及 — 基础研究 is no match)
# … unless the heading also announces goals: 发展基础与目标.
_GOAL_HEADING_RE = compile_pattern(r"目标|任务|指标|要求")
_STATUS_HEADING_RE = compile_pattern(
    r"^(?:[“\"]?十[一二三四五六七八九]五[”\"]?时期)?(?:发展|工作|现实|已有|主要|取得的)?"
    r"(?:现状|基础|成效|成就|成绩|回顾)(?:$|[和与及、，,。])"
)


@dataclass(slots=True)
class _Outline:
    """Sections flattened with their spans and governing year/period, for innermost look-ups.

    ``entries`` are sorted by start; ``children[i]`` lists the indexes of entry ``i``'s direct
    children (``children[-1]`` the top-level ones) and ``child_starts[i]`` their starts, so a
    look-up descends the tree by bisection.
    """

    starts: list[int]
    entries: list[_Entry]
    children: dict[int, list[int]] = field(default_factory=dict)
    child_starts: dict[int, list[int]] = field(default_factory=dict)
    parents: dict[int, Optional[Section]] = field(default_factory=dict)  # by id() of a section: the one above it
    _conditions: dict[int, bool] = field(default_factory=dict)  # by id() of a section: ``under_conditions``, once read

    def under_conditions(self, section: Section) -> bool:
        """True when the heading of ``section`` or of a section above it says the text under it states conditions or
        results (申报条件, 认定标准, 发展现状), not goals.  Read on first need (most sections hold no target), then kept."""
        known = self._conditions.get(id(section))
        if known is None:
            parent = self.parents[id(section)]
            known = (parent is not None and self.under_conditions(parent)) \
                or _is_condition_heading(simplified_chars(section.heading or "").strip())
            self._conditions[id(section)] = known
        return known

    def innermost(self, pos: int) -> Optional[_Entry]:
        """The deepest section whose span holds ``pos`` (None outside every section)."""
        best: Optional[_Entry] = None
        parent = -1
        while parent in self.children:
            k = bisect.bisect_right(self.child_starts[parent], pos) - 1
            if k < 0:
                break
            child = self.children[parent][k]
            entry = self.entries[child]
            if not entry[0] <= pos < entry[1]:
                break
            best = entry
            parent = child
        return best


def _flatten(sections: Iterable[Section], depth: int, year: Optional[int], period: Optional[str],
             out: list[_Entry], parents: dict[int, Optional[Section]], parent: Optional[Section] = None) -> None:
    for s in sections:
        raw = s.heading or ""
        parents[id(s)] = parent
        m = _HEADING_YEAR_RE.search(raw) if "年" in raw else None  # (a cheap test first: most headings name no year)
        y = int(m.group(1)) if m else year
        p = (find_period(raw, 0, len(raw)) if "十" in raw else None) or period  # (十 opens every period: 十四五)
        out.append((s.span[0], s.span[1], depth, s, y, p, s.span[0] if parent is None else parent.span[0]))
        if s.children:
            _flatten(s.children, depth + 1, y, p, out, parents, s)


def _is_condition_heading(heading: str) -> bool:
    """申报条件, 认定标准, 症状标准, 发展现状: the text under it states conditions or results, not goals."""
    return bool(_CONDITION_HEADING_RE.search(heading)
                or heading.endswith("标准") and _CRITERION_HEADING_RE.fullmatch(heading)) or _is_review_heading(heading)


def _is_review_heading(heading: str) -> bool:
    """发展现状, “十三五”时期主要成效: a review of what was achieved (unless it also announces goals)."""
    return bool(_STATUS_HEADING_RE.match(heading)) and not _GOAL_HEADING_RE.search(heading)


def _build_outline(doc: Document) -> _Outline:
    entries: list[_Entry] = []
    parents: dict[int, Optional[Section]] = {}
    _flatten(doc.sections, 0, None, None, entries, parents)
    for att in doc.attachments:
        m = _HEADING_YEAR_RE.search(att.title or "")
        _flatten(att.sections, 0, int(m.group(1)) if m else None, None, entries, parents)
    entries.sort(key=operator.itemgetter(0, 2))  # by start, then depth
    children: dict[int, list[int]] = {}
    open_at_depth: list[int] = []  # index of the innermost open entry at each depth
    for i, entry in enumerate(entries):
        depth = entry[2]
        del open_at_depth[depth:]
        parent = open_at_depth[-1] if open_at_depth and entries[open_at_depth[-1]][1] > entry[0] else -1
        children.setdefault(parent, []).append(i)
        open_at_depth.append(i)
    child_starts = {parent: [entries[i][0] for i in level] for parent, level in children.items()}
    return _Outline(starts=[e[0] for e in entries], entries=entries, children=children, child_starts=child_starts,
                    parents=parents)


def _title_years(text: str, index: TextIndex, doc: Document) -> list[tuple[int, int, int]]:
    """``(start, end, year)`` reaches of dating title lines and dated attachments."""
    reaches: list[tuple[int, int, int]] = []
    for att in doc.attachments:
        m = _HEADING_YEAR_RE.search(att.title or "")
        if m and att.span[1] > att.span[0]:
            reaches.append((att.span[0], att.span[1], int(m.group(1))))
    if reaches or doc.sections:
        return reaches
    open_start, open_year = -1, 0
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if _TITLE_YEAR_LINE_RE.match(stripped):
            if open_start >= 0:
                reaches.append((open_start, pos, open_year))
            m = _HEADING_YEAR_RE.search(stripped)
            open_start, open_year = pos, int(m.group(1)) if m else 0
        elif open_start >= 0 and _TOP_HEADING_RE.match(stripped):
            reaches.append((open_start, pos, open_year))
            open_start = -1
        pos += len(line) + 1
    if open_start >= 0:
        reaches.append((open_start, len(text), open_year))
    return reaches


def _scan_start(doc: Document) -> int:
    """Skip the page's metadata header: start at the notice, the first section or the first task."""
    starts = [s.span[0] for s in doc.sections[:1]] + [t.span[0] for t in doc.tasks[:1]]
    if doc.notice is not None and doc.notice.span[1] > doc.notice.span[0]:
        starts.append(doc.notice.span[0])
    meta_ends = [end for (_, end) in doc.metadata.spans.values()] if doc.metadata.spans else []
    if starts:
        first = min(starts)
        header_end = max((e for e in meta_ends if e <= first), default=0)
        return max(0, min(first, header_end) if header_end else 0)
    return 0


def _task_finder(tasks: list[Task]) -> Callable[[int], Optional[Task]]:
    """A function giving the innermost task whose span holds a position: the shortest among the last
    ``_TASK_LOOKBACK`` tasks to start at or before it (the later one of two as short).

    The walk back over the tasks stops as soon as none further back can hold the position (each ends
    by ``reach[j]``, the furthest end of the first ``j + 1``) or be shorter than the best so far (a task
    holding ``pos`` is longer than ``pos`` minus its start).
    """
    ordered = sorted(tasks, key=lambda t: (t.span[0], -(t.span[1] - t.span[0])))
    starts = [t.span[0] for t in ordered]
    reach = list(itertools.accumulate((t.span[1] for t in ordered), max))

    def find(pos: int) -> Optional[Task]:
        i = bisect.bisect_right(starts, pos)
        best = None
        best_length = 0
        for j in range(i - 1, max(-1, i - _TASK_LOOKBACK), -1):
            if reach[j] <= pos:
                break  # every task from here back ends at or before pos
            start, end = ordered[j].span
            if best is not None and pos - start + 1 >= best_length:
                break  # every task from here back that holds pos is at least as long as the best
            if pos < end and (best is None or end - start < best_length):
                best, best_length = ordered[j], end - start
        return best

    return find


class _ByStretch(Generic[_Answer]):
    """A look-up by position whose answer only changes at ``cuts`` (the starts and ends of the spans
    it looks at): the last answer is kept for the stretch between two cuts it was asked in, so
    positions coming in order mostly cost one bisection."""

    def __init__(self, look_up: Callable[[int], _Answer], cuts: list[int]) -> None:
        self._look_up = look_up
        self._cuts = sorted(set(cuts))
        self._stretch = -1  # index of the stretch of the last answer, or -1
        self._answer: Optional[_Answer] = None

    def __call__(self, pos: int) -> _Answer:
        stretch = bisect.bisect_right(self._cuts, pos)
        if stretch != self._stretch:
            self._stretch, self._answer = stretch, self._look_up(pos)
        return self._answer  # type: ignore[return-value]


# A target or funding item in the order of the text: its position, the item, the paragraph of a target read
# from the text (``index.paragraph``), the year of a table's target.
_Item = tuple[int, Target | Funding, Optional[tuple[int, int]], Optional[int]]


def extract_quantities(
    doc: Document, *, script_converted: bool = False
) -> tuple[list[Target], list[Funding], list[ParseWarning]]:
    """Targets and funding of ``doc`` (ids t1…, f1…), linked to tasks (``Task.targets`` too) and sections.

    Text kept in its script (``script_converted`` false) is read through a one-for-one Simplified copy.
    """
    original = doc.text
    # read with the Simplified rules; report the text as written (a converted text is read as it is: a
    # whole-text scan for Traditional characters would find none but those OpenCC keeps in a phrase, 乾隆)
    text = original if script_converted else simplified_chars(original)
    index = TextIndex.build(text)
    outline = _build_outline(doc)
    title_reaches = _title_years(text, index, doc)
    find_task = _task_finder(doc.tasks)
    framing_year = _framing_year_finder(text, index)
    warnings: list[ParseWarning] = []
    table_spans = []
    table_targets: list[_Item] = []
    tables = [*((t, None) for t in doc.tables), *((t, a.title) for a in doc.attachments for t in a.tables)]
    for table, attachment_title in tables:
        cells, numeric = _indicator_table_targets(original, table)
        if numeric:  # a table of numbers is never read as sentences; its cells are targets in a table of goals
            table_spans.append(table.span)
            entry = outline.innermost(table.span[0])
            if _is_goal_table(table, attachment_title, entry[3].heading if entry else None):
                table_targets.extend((t.span[0], t, None, y) for t, y in cells)

    items: list[_Item] = []
    state = SentenceState()
    last_funding: Optional[Funding] = None
    last_funding_sentence = -1
    start = _scan_start(doc)
    for q in find_quantities(text):
        if q.start < start or (table_spans and any(a <= q.start < b for a, b in table_spans)):
            continue
        sent = index.sentence(q.start)
        previous = last_funding if last_funding_sentence == sent.start else None
        fund = read_funding(index, q, sent, previous)
        if fund is not None:
            last_funding, last_funding_sentence = fund, sent.start
            items.append((q.start, fund, None, None))
            state.previous_end = q.end
            continue
        target = read_target(index, q, sent, state)
        if target is not None:
            items.append((q.start, target, sent.paragraph(q.start), None))
    if table_targets:  # (the numbers of the text come in order already)
        items.extend(table_targets)
        items.sort(key=operator.itemgetter(0))
    _spread_list_recipients([it[1] for it in items if isinstance(it[1], Funding)])

    issued = _issue_year(doc)
    title_period = _document_period(doc)
    task_at = _ByStretch(find_task, [p for t in doc.tasks for p in t.span])
    section_at = _ByStretch(outline.innermost, [*outline.starts, *(e[1] for e in outline.entries)])
    targets: list[Target] = []
    funding: list[Funding] = []
    for pos, item, paragraph, table_year in items:
        task = task_at(pos)
        entry = section_at(pos)
        span = item.span
        if isinstance(item, Funding):
            if text is not original:  # words read through a Simplified copy are reported as written
                item.unit, item.purpose, item.recipient = (as_written(text, original, words, span)
                                                           for words in (item.unit, item.purpose, item.recipient))
            item.id = f"f{len(funding) + 1}"
            funding.append(item)
        else:
            if entry is not None and outline.under_conditions(entry[3]):
                continue  # under 申报条件 / 认定标准 / 发展现状: thresholds to qualify or results reached, not goals
            if paragraph is None:  # (table targets were not read from the text)
                paragraph = index.paragraph(pos)
            year = table_year or _year_for(index, pos, paragraph, entry, title_reaches, framing_year)
            if year is not None and issued is not None and year < issued:
                continue  # 2020年…达到7.8% in a 2021 document: a baseline already reached, not a goal
            period = _period_for(text, pos, paragraph, entry) or _title_period_for(title_period, year)
            if text is not original:  # words read through a Simplified copy are reported as written
                item.indicator, item.unit, period, item.scope = (
                    as_written(text, original, words, span) for words in (item.indicator, item.unit, period, item.scope))
            item.id, item.year, item.period = f"t{len(targets) + 1}", year, period
            targets.append(item)
            if task is not None and item.id not in task.targets:
                task.targets.append(item.id)
        item.text = original[span[0]:span[1]]
        item.task_id = task.id if task else None
        item.section_id = entry[3].id if entry else None
    return targets, funding, warnings


# Where a list of recipients splits: 顶尖人才、国家级领军人才.
_RECIPIENT_SPLIT_RE = compile_pattern(r"[、]")
_DIGIT_RE = compile_pattern(r"[0-9０-９]")


def _spread_list_recipients(drafts: list[Funding]) -> None:
    """Amounts of one 分别 list get the recipients of a list of the same length, in order."""
    i = 0
    while i < len(drafts):
        j = i
        while j + 1 < len(drafts) and drafts[j + 1].span == drafts[i].span:
            j += 1
        group = drafts[i:j + 1]
        recipient = group[0].recipient or ""
        parts = [p for p in _RECIPIENT_SPLIT_RE.split(recipient) if p]
        if len(group) > 1 and len(parts) == len(group) and all(d.recipient == recipient for d in group) \
                and not any(_DIGIT_RE.match(p) for p in parts[1:]):  # (突破10亿元、50亿元的企业: tiers of one recipient)
            for draft, part in zip(group, parts):
                draft.recipient = part
        i = j + 1


def _issue_year(doc: Document) -> Optional[int]:
    """The year the document was signed (成文日期, else its 发文字号), or None."""
    m = YEAR_NUMBER_RE.match(doc.metadata.issue_date or "")
    if m:
        return int(m.group())
    return doc.metadata.doc_number_parts.year


def _year_for(index: TextIndex, pos: int, paragraph: tuple[int, int], entry, title_reaches: list[tuple[int, int, int]],
              framing_year: Callable[[int, int], Optional[int]]) -> Optional[int]:
    """The deadline year in force: the paragraph (before, else a 到YEAR after), the heading, the title.

    ``paragraph``: ``index.paragraph(pos)``.
    """
    para_start, para_end = paragraph
    year = index.last_year(para_start, pos)
    if year is None and index.has_deadline(pos, para_end):  # …，力争到2021年，…: a deadline later in the paragraph
        year = index.first_year(pos, para_end)
    if year is None:
        year = framing_year(pos, entry[6] if entry is not None else max(0, pos - 3000))
    if year is None and entry is not None:
        year = entry[4]
    if year is None:
        for start, end, y in title_reaches:
            if start <= pos < end:
                year = y
    return year



# A paragraph opening with a deadline frames the lines after it (到2025年，… / ——形成…).
_FRAME_YEAR_RE = compile_pattern(r"[ \t\u3000]{0,8}(?:力争|争取|确保)?(?:到|至|截至) ?((?:19|20)[0-9]{2}) ?年")
_FRAME_REACH = 8  # paragraphs looked back
_FRAME_LINES_LOOKED_AT = _FRAME_REACH * 5  # lines looked back (blank ones included)


def _framing_year_finder(text: str, index: TextIndex) -> Callable[[int, int], Optional[int]]:
    """``_framing_year`` over one text, by position: the walk back over paragraphs is only taken
    when a line within its reach opens with a deadline (most numbers have none above them)."""
    line_ends = index.line_ends
    # Every line opening with 到YEAR holds a deadline (DEADLINE_RE match): check only those lines.
    holding = sorted({bisect.bisect_left(line_ends, p) for p in index.deadline_starts})
    framing_lines = [k for k in holding if _FRAME_YEAR_RE.match(text, _line_start(line_ends, k))]

    def find(pos: int, floor: int) -> Optional[int]:
        i = bisect.bisect_left(line_ends, pos) - 1  # the newline ending the previous paragraph
        j = bisect.bisect_right(framing_lines, i) - 1  # the nearest framing line at or above it
        if j < 0 or i - framing_lines[j] >= _FRAME_LINES_LOOKED_AT or _line_start(line_ends, framing_lines[j]) < floor:
            return None  # the walk would stop before reaching a framing line
        return _framing_year(text, index, i, floor)

    return find


def _line_start(line_ends: list[int], k: int) -> int:
    """Where the line ending at ``line_ends[k]`` starts."""
    return line_ends[k - 1] + 1 if k > 0 else 0


def _framing_year(text: str, index: TextIndex, i: int, floor: int) -> Optional[int]:
    """The year of a paragraph (not before ``floor``) that opens with 到YEAR, looking back from the
    one that ``index.line_ends[i]`` ends."""
    seen = 0
    for _ in range(_FRAME_LINES_LOOKED_AT):
        if i < 0 or seen >= _FRAME_REACH:
            return None
        start = index.line_ends[i - 1] + 1 if i > 0 else 0
        if start < floor:
            return None
        if index.line_ends[i] - start > 1 and text[start:index.line_ends[i]].strip():
            seen += 1
            m = _FRAME_YEAR_RE.match(text, start)
            if m:
                return int(m.group(1))
        i -= 1
    return None


_PLAN_NUMBERS = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}


def _document_period(doc: Document) -> Optional[str]:
    """The plan period the document's own title names (“十四五”数字经济发展规划 → 十四五), or None."""
    for title in (doc.metadata.subject_title, doc.metadata.title):
        if title:
            period = find_period(simplified_chars(title), 0, len(title))
            if period:
                return period
    return None


def _title_period_for(period: Optional[str], year: Optional[int]) -> Optional[str]:
    """The title's period for a target with no period of its own, unless its year falls outside it
    (十四五 = 2021–2025: the 10th plan onwards run 1966 + 5·(n−3) … +4)."""
    if period is None:
        return None
    if year is None:
        return period
    first = 1966 + 5 * (10 + _PLAN_NUMBERS[period[1]] - 3)
    return period if first <= year <= first + 4 else None


def _period_for(text: str, pos: int, paragraph: tuple[int, int], entry) -> Optional[str]:
    """The plan period in force: named earlier in the paragraph (``index.paragraph(pos)``), else by the heading."""
    para_start, _ = paragraph
    period = find_period(text, para_start, pos)
    if period is None and entry is not None:
        period = entry[5]
    return period


def _is_goal_table(table: Table, attachment_title: Optional[str], heading: Optional[str]) -> bool:
    """A table of goals names them in its title, its attachment's title, a column header or its heading
    (主要指标, 目标值); a table of facts (运营状况, 职位表, 名单) does not."""
    return any(_GOAL_TABLE_RE.search(words) for words in (table.title, attachment_title, heading, *table.columns)
               if words)


def _find_cell(text: str, cell: str, start: int, end: int) -> int:
    """Where the numeric ``cell`` stands in ``text[start:end]`` as a whole number, or -1."""
    at = text.find(cell, start, end)
    while at >= 0:
        after = at + len(cell)
        if (at == 0 or text[at - 1] not in _NUMBER_CHARS) and (after >= len(text) or text[after] not in _NUMBER_CHARS):
            return at
        at = text.find(cell, at + 1, end)
    return -1


def _indicator_table_targets(text: str, table: Table) -> tuple[list[tuple[Target, Optional[int]]], bool]:
    """One target per located numeric cell of a table that is not a task table, with the year of its column or
    title (id, text, year, period, task and section not filled in yet); and whether it has numeric cells."""
    if not table.columns or any(_TASK_TABLE_HEADER_RE.search(c or "") for c in table.columns):
        return [], False
    title = table.title or ""
    title_year = _HEADING_YEAR_RE.search(title)
    title_unit = _HEADER_UNIT_RE.search(title)
    region_col = next((i for i, c in enumerate(table.columns) if _REGION_HEADER_RE.search(c or "")), None)
    label_col = next((i for i, c in enumerate(table.columns) if not _ROW_LABEL_SKIP_RE.match((c or "").strip())
                      and i != region_col), 0)
    out: list[tuple[Target, Optional[int]]] = []
    numeric_cells = 0
    cursor = table.span[0]
    unlocated = 0  # characters of the rows since the last located cell
    for row in table.rows:
        unlocated += sum(len(c or "") + 4 for c in row)
        label = _HEADER_UNIT_RE.sub("", row[label_col]).strip() if label_col < len(row) else ""
        raw_label = row[label_col] if label_col < len(row) else ""
        scope = row[region_col].strip() if region_col is not None and region_col < len(row) else None
        for ci, cell in enumerate(row):
            if ci in (label_col, region_col) or ci >= len(table.columns):
                continue
            m = _NUMERIC_CELL_RE.fullmatch((cell or "").strip())
            if not m:
                continue
            header = table.columns[ci] or ""
            if _ROW_LABEL_SKIP_RE.match(header.strip()) or _NON_QUANTITY_HEADER_RE.search(header):
                continue
            numeric_cells += 1
            # The cell's own place, searched as far as the rows since the last located cell reach (with slack
            # for layout, and bounded): a cell merged across rows is repeated in each row but stands once in the
            # text, so its copies are not found and give no second target.
            reach = min(2 * unlocated + 64, _CELL_SEARCH_LIMIT)
            found = _find_cell(text, cell.strip(), cursor, min(table.span[1], cursor + reach))
            if found < 0:
                continue
            cursor, unlocated = found + len(cell.strip()), 0
            value = parse_number(m.group("num").replace("，", ","))
            if value is None:
                continue
            unit_m = (_HEADER_UNIT_RE.search(header) or _HEADER_UNIT_RE.search(raw_label)
                      or _HEADER_UNIT_RE.search(table.columns[label_col] or "") or title_unit)
            unit = "%" if m.group("pct") else (unit_m.group("u") or unit_m.group("u2")) if unit_m else None
            value, unit = _scale_unit(value, unit)
            header_clean = _HEADER_UNIT_RE.sub("", header).strip()
            header_year = _HEADING_YEAR_RE.search(header)
            indicator = label if not header_clean or header_year or header_clean in ("目标", "目标值", "数值", "指标值") \
                else f"{label}{header_clean}" if label else header_clean
            cmp_word = m.group("cmp") or ""
            tail = m.group("tail") or ""
            comparator = {"≥": ">=", ">": ">", "＞": ">", "≤": "<=", "<": "<", "＜": "<", "约": "~"}.get(cmp_word) or \
                {"以上": ">=", "以内": "<=", "左右": "~"}.get(tail, "=")
            year = int(header_year.group(1)) if header_year else int(title_year.group(1)) if title_year else None
            out.append((Target(
                id="", text="", indicator=indicator or None, value=value, unit=unit, value_max=None,
                comparator=comparator, kind="level", per_year=False,  # type: ignore[arg-type]
                scope=scope if scope and scope not in ("合计", "总计", "全市", "全省") else None, span=(found, cursor),
            ), year))
    return out, numeric_cells > 0


def _scale_unit(value: float, unit: Optional[str]) -> tuple[float, Optional[str]]:
    """Header units with a multiplier: 万元 → ×10 000 元, 亿元 → ×1e8 元, 万人 → 人."""
    if unit and len(unit) > 1 and unit[0] in "万亿千百":
        factor = {"万": 10_000, "亿": 100_000_000, "千": 1000, "百": 100}[unit[0]]
        return round(value * factor, 6), unit[1:]
    return value, unit
