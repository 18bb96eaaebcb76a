"""Quantitative goals: is a number a target, and what are its indicator, comparator, kind, scope.

``read_target`` looks at one ``Quantity`` in its sentence and returns a ``Target``
(or None when the number is not a goal: a date, a name, a schedule, a condition) whose
id, text, year, period, task and section ``quantities`` fills in.
Rules follow ``shared/spec/contract.md`` (targets) and ``gold-format.md``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import field
from typing import NamedTuple, Optional

from ..cache import compile_pattern, dataclass
from ..model import Target
from .context import CLAUSE_STOP_RE, DEADLINE_RE, RECIPIENT_OPENING, Sentence, TextIndex, is_rate_basis
from .numbers import TIME_UNITS, Quantity

# Comparator words after the unit: 以上 / 以内 / 左右 … (longest first).
_AFTER_COMPARATOR_RE = compile_pattern(r"(?:及以上|以上|以内|以下|之内|左右|上下)")
# What may follow a threshold before the comma of its condition: （含）, （不含）, （含60%）.
_INCLUSION_NOTE_RE = compile_pattern(r"[（(]不?含[^（()）]{0,12}[)）]")
# What may sit between an amount and the 的 of a condition: an inclusion note, /年.
_CONDITION_GAP_RE = compile_pattern(r"(?:" + _INCLUSION_NOTE_RE.pattern + r")?(?:/[年月])?")
_AFTER_MAP = {"及以上": ">=", "以上": ">=", "以内": "<=", "以下": "<=", "之内": "<=", "左右": "~", "上下": "~"}
# The first characters of those words and of a condition gap: a figure followed by none of them has neither.
_AFTER_COMPARATOR_HEADS = frozenset(word[0] for word in _AFTER_MAP)
_CONDITION_GAP_HEADS = frozenset("（(/")
# Comparator words right before the number: 不少于 / 超过 / 不超过 / 约 …
_BEFORE_COMPARATOR_RE = compile_pattern(
    r"(?P<w>达到或超过|不少于|不低于|不得少于|不得低于|至少|超过|高于|突破|不超过|不高于|不多于|不得超过|不得高于|不得多于|"
    r"最高|最多|控制在|约|近|超|大于|多于|小于|少于|低于)(?:到|至)?$"
)
_LONGEST_COMPARATOR = 6  # 达到或超过到: the longest _BEFORE_COMPARATOR_RE match
_BEFORE_MAP = {
    "达到或超过": ">=",
    "不少于": ">=", "不低于": ">=", "不得少于": ">=", "不得低于": ">=", "至少": ">=", "超过": ">", "高于": ">", "突破": ">", "超": ">",
    "不超过": "<=", "不高于": "<=", "不多于": "<=", "不得超过": "<=", "不得高于": "<=", "不得多于": "<=", "最高": "<=", "最多": "<=", "控制在": "<=", "约": "~", "近": "~",
    # 大于/小于, as plans' indicator lines write them (毛入园率大于90%, 浓度低于35%); the contract has no strict upper
    # bound, so 小于/低于 read as <=.  (The signs ≥/＜ in prose are left alone: they write criteria — a diagnosis,
    # a test — far more often than goals.)
    "大于": ">", "多于": ">", "小于": "<=", "少于": "<=", "低于": "<=",
}
# The last characters of a match of _BEFORE_COMPARATOR_RE: words ending with none of them hold no comparator.
_BEFORE_COMPARATOR_TAILS = frozenset(word[-1] for word in _BEFORE_MAP) | {"到", "至"}

# Verbs that make a goal a flow (新增 … 完成) — 'increment' in the contract.
_INCREMENT_VERB_RE = compile_pattern(
    r"(?:新增|新建|新培育|新认定|引进|培育|培养|引育|转化|举办|承办|完成|建设|建成|建立|组建|开展|攻克|实施|培训|启动|认定|招引|创建|"
    r"打造|构建|搭建|设立|研制|研发|开发|获批|推出)"
)
# Verbs that state a stock (达到, 总数): 'level'.
# 实现X超N: the state reached (实现产业规模超2000亿元).
_LEVEL_VERB_RE = compile_pattern(r"(?:达到|总数|总量|累计|形成|保持|稳定在|倍增|实现)")
# A verb of either kind: 新增, 达到.  No verb of one kind overlaps one of the other in any text, so one scan finds
# exactly the matches of the two scans it replaces.  (The alternatives stay bare literals, without a group for
# each kind, so that a scan skips to their first characters; a match is told a level verb by its words.)
_CLAUSE_VERB_RE = compile_pattern(_INCREMENT_VERB_RE.pattern[3:-1] + "|" + _LEVEL_VERB_RE.pattern[3:-1])
_LEVEL_VERBS = frozenset(_LEVEL_VERB_RE.pattern[3:-1].split("|"))
# Verbs of either kind that may end the words before a number whose indicator follows it (建成15个以上X).
_VERB_BEFORE_NUMBER_RE = compile_pattern(
    r"(?:新增|新建|新培育|新认定|引进和培养|引进培育|引进|培育|培养|引育|转化|举办|承办|完成|建设|建成|建立|组建|"
    r"开展|组织开展|攻克|实施|培训|启动|认定|招引|孵化|创建|形成|打造|设立|筛选|有|获得|吸引|集聚|带动|扶持|"
    r"支持|服务|实现|推动|新设|获批|研制|开发|研发|推出|出台|制定|发布|布局|储备|争创|入选|搭建|推广|部署|构建|指导|"
    r"设置|配置|配备|建有)$"
)
# Verbs of making or adding that end the words after a subject: 高新技术企业新增 / 示范基地建成 (not the nouns
# that a verb of _VERB_BEFORE_NUMBER_RE may also be: 创业培训, 公共服务).
_SUBJECT_VERB_RE = compile_pattern(
    r"(?:新增|新建|新培育|新认定|引进|培育|引育|建设|建成|建立|组建|认定|创建|打造|设立|获批|招引)$"
)
# Verbs stripped from the front of an indicator written before its number (新增X10家 → X).
_LEADING_VERB_RE = compile_pattern(
    r"^(?:新增|新建|新培育|新认定|引进和培养|引进培育|引进|引育|培育|举办|完成|晋级|建设完善|建设|建成|建立|组建|"
    r"组织开展|组织举办|开展|转化|累计|实现|认定|形成|推进|推动|加快|促进|打造|构建|集聚|吸引|"
    r"将(?=[\u4e00-\u9fff]{2}))(?![、，,])"
)
# Words stripped from the end of an indicator before its number (X达到10家 → X), with the adverbs
# (力争, 原则上) and baselines (较2020年) that sit between them.
# (every branch opens with a literal — 倍增到 with or without its opening quote spelled out — so a
# search only tries the positions holding a first character)
_TRAILING_VERB_RE = compile_pattern(
    r"(?:总数达到|总量达到|分别达到|总数|总量|达到|达|突破|超过|超|不少于|不低于|至少|不超过|不高于|最高|最多|"
    r"年均增长|年增长|增长|提高到|提高至|提升到|提升至|增加到|增加至|增至|降至|降低到|降低至|压缩至|压缩到|"
    r"缩短至|缩短到|控制在|稳定在|保持在|保持|下降|降低|减少|提高|提升|增加|降|倍增[”\"]?到|“倍增[”\"]?到|\"倍增[”\"]?到|到|为|约|近|"
    r"力争|争取|确保|一般|原则上|每年|将|要|预计|(?:较|比) ?(?:(?:19|20)[0-9]{2} ?年(?:底|末)?|上年|去年|上一年))$"
)
# Leading words that are quantifiers, not part of the indicator: 全市, 各类, 我省 ….
_LEADING_QUANTIFIER_RE = compile_pattern(r"^(?:全市|全省|全区|全县|全国|我国|全社会(?=的)|我市|我省|我区|各地|各类|全市各类|各县区|每年|力争|确保|其中[：:，,]?)+")
# A deadline phrase opening a clause: 到2021年, 2021年底前, 力争到2025年末.
_LEADING_YEAR_RE = compile_pattern(r"^(?:力争|争取|预计|确保)?(?:到|至|在|于|截至)? ?(?:19|20)[0-9]{2} ?年(?:底|末|年底)?(?:前)?[，,]?")
# An enumeration marker opening a clause: （一）, 1., 二、, an option A．.
_LEADING_MARKER_RE = compile_pattern(
    r"^(?:[（(][一二三四五六七八九十0-9]{1,3}[)）]|[0-9]{1,2}[.、．]|[一二三四五六七八九十]{1,3}、|[A-Za-z][.、．])"
)
# A definition or an eligibility condition, not a goal: 是指, 所称, 具备以下条件.
_CONDITION_RE = compile_pattern(r"是指|所称|具备以下|以下条件|条件[:：]|申报条件|认定条件|申请条件")
# Where _CONDITION_RE matches are looked for: every match holds one of these words, at most 2 characters in.
_CONDITION_ANCHORS = (("是指", "所称", "以下", "条件"), 2)
# A time span opening a clause: 三年内, 5年来.
_LEADING_SPAN_RE = compile_pattern(r"^[0-9一二三四五六七八九十两]{1,3}年(?:内|来|间|中)?")
# A region or body that opens a breakdown clause: 盘山县, 辽东湾新区, 盘锦高新区 (and joined ones).
_REGION_RE = compile_pattern(
    r"^(?!围绕|推进|推动|从|在|对|按|以|为|向|与|经|由|新增|新建|累计|培育|引进|建设|建成)"
    r"(?:[\u4e00-\u9fff]{1,8}?(?:高新区|自创区|新区|开发区|示范区|园区|县|(?<![社小街景校营病])区|(?<![上城都超])市(?![场值民])|州|旗|(?<!城)镇|乡|街道)(?!级)(?!(?<=地区)生产总值)(?:和|及)?){1,3}内?"
)
_NOT_SCOPE = frozenset({"全市", "全省", "全区", "全县", "我市", "我省", "各县区", "各区", "各市", "市", "省", "区"})
# Region words that name no place: levels only (乡镇, 县市区, 县区) or a class of places by size (百亿元县市区, 百强县).
_NO_PLACE_RE = compile_pattern(r"^(?:[乡镇县市区村]|街道)+$|亿|百强|十强|[0-9０-９]")
# A subject with a modal: 省级以上孵化器应建设… → scope 省级以上孵化器.
_MODAL_SUBJECT_RE = compile_pattern(
    r"^(?P<subject>[^，,。；;]{2,20}?)(?:应当|应|须|需)(?P<rest>(?:建设|建成|达到|新增|培育|引进|实现|完成|开展|保持|配备|设立|拥有|具备).*)$"
)
_MODAL_RE = compile_pattern(r"^(?:应当|应|须|需|要)")
# Goal signals that make a bare number a goal (a deadline, 力争, 每年, 目标).
# (every branch opens with a literal, 19… and 20… spelled out, so a scan skips to their first characters;
# no match crosses a line end, so the lines asked about are scanned alone: ``TextIndex.has_line_mark``)
_GOAL_WORD_RE = compile_pattern(
    r"力争|确保|争取|目标|每年|年均|到 ?(?:19|20)[0-9]{2} ?年"
    r"|19[0-9]{2} ?年(?:底|末)?前?[，,]|20[0-9]{2} ?年(?:底|末)?前?[，,]|十[一二三四五六七八九]五"
)
# Words that make time units a goal: 压缩至3周以内, 缩短到5天.
_TIME_GOAL_RE = compile_pattern(r"(?:压缩|缩短|缩减|减少|降低|控制|提速)[^，。；]{0,12}(?:至|到|在)?$")
# Words that make an age a goal: 人均预期寿命达到83岁.
# (达 alone is the short form of 达到 — not the end of 下达, 传达, 到达, 发达 …)
_AGE_GOAL_RE = compile_pattern(r"(?:达到|(?<![下传表到发送抵转])达|提高到|提高至|提升到|提升至|保持在|延长到|延长至|超过)$")
# A share indicator: X占Y比重 / 比例.
# (占GDP的12%: a share with its noun left out)
_SHARE_RE = compile_pattern(r"占.{0,30}(?:比重|比例)|占比|比重|比例|占[^，,。；;]{1,30}的$")
# Growth: 增长 / 年均增长 / 增速 right before the number.
# (a fall is a negative change of the same kind: 能耗下降14%)
_GROWTH_RE = compile_pattern(r"(?:年均增长|年增长|增长|增速|增幅|下降|降低|减少|降(?![至到])|(?:提高|提升|增加)(?![到至]))[^，。；]{0,3}$")
# Permission, not a goal: 净收入80%以上可用于奖励 (可, 可用于, 可以用于, 用于 opening the words after the figure).
_PERMISSION_OPENINGS = ("可", "用于")
# What follows a threshold that bounds the band a rate is paid on: 超过2亿元的部分.
_BAND_OF_RATE = "的部分"
# Verbs of meeting criteria (found by literal scans: most clauses hold none).
_CRITERIA_VERBS = ("符合", "具有", "具备", "满足")
# Criteria to meet, counted: 符合下列4项以上, 具备1项 — a condition, not a goal.
_CRITERIA_COUNT_RE = compile_pattern(f"(?:{'|'.join(_CRITERIA_VERBS)})(?:下列|以下|上述|其中|任意|任何|至少){{0,3}}$")
# A legal penalty in the sentence: 处1万元以上10万元以下的罚款 (the 法律责任 chapter of rules), never a goal.
_PENALTY_RE = compile_pattern(r"罚款|罚金")
# A threshold that qualifies for a grant or a status, ending its clause chain: …超过50人（含50人）…的，可申请认定 /
# …的，给予奖励 / 产值5000万元以下，给予….
_QUALIFIES_RE = compile_pattern(
    r"(?:则|可|均|分别|一次性|每年|另行){0,3}(?:给予|予以|奖励|补贴|补助|资助|奖补|申请|享受|认定|视为|按)"
)
# … the same after the 的， that closes the clause chain of the threshold (a literal first: a search skips to each 的).
_QUALIFYING_CLOSE_RE = compile_pattern(r"的[，,]" + _QUALIFIES_RE.pattern)
# 对 opening the phrase of who qualifies (对年产值超过1亿元的企业，给予…).
_ELIGIBLE_OPENING_RE = compile_pattern(RECIPIENT_OPENING)
# A grant later in the sentence: what the 对 phrase qualifies for.
_GRANT_WORDS = ("给予", "予以", "奖励", "补贴", "补助", "资助", "奖补")
# After the number: where an indicator written after it ends.
_POST_INDICATOR_STOP_RE = compile_pattern(
    r"[，,。；;：:、（()）\n]|和(?= ?[0-9一二三四五六七八九十两])|及(?= ?[0-9])|等|推进|开展|作为|用于|进行|参与|入驻|落户|完成|进入"
)
_DIGIT_RE = compile_pattern(r"[0-9０-９]")
# The rest of a list of modifiers before the count they qualify: 、具有核心竞争力的龙头企业15家.
_MODIFIER_LIST_RE = compile_pattern(r"、[^，,。；;：:0-9０-９]{1,30}?的[^，,。；;：:、0-9０-９]{1,20}[0-9０-９一二三四五六七八九十两]")
# A prepositional opening before the verb: 依托孵化载体引进… → 引进….
_PREP_OPENING_RE = compile_pattern(r"^(?:依托|通过|借助|围绕|聚焦|面向|利用|按照|在)[^，,。；]{1,20}?(?=新增|新建|引进|培育|建设|建成|组建|举办|开展|认定)")
# Everything before 新增/新建 is a subject: 各孵化载体新增X → X (not the part of a share: A占新建B比例).
_SUBJECT_BEFORE_NEW_RE = compile_pattern(r"^[^，,。；占]{1,20}?(?=新增|新建|新培育|新认定)")
# A statistic named by the flow it counts, whose subject belongs to the name: 城镇新增就业, 新增贷款.
# (only the name, or the name and the verb of its figure, before the number: 城镇新增就业达到)
_NEW_FLOW_STATISTIC_RE = compile_pattern(r"新增(?:就业|投资|贷款|融资|装机|用地)(?:达到|达|超过|突破|为)?$")
_LIST_JOIN_RE = compile_pattern(r"(?:和|及|与|、|以及)$")
_LOCATIVE_END_RE = compile_pattern(r"(?:内|中|里)$")


@dataclass(slots=True)
class SentenceState:
    """What earlier numbers of the same sentence left: headline targets and the breakdown scope."""

    sentence: tuple[int, int] = (-1, -1)
    headlines: list[Target] = field(default_factory=list)
    breakdown_from: int = -1  # position of 其中 in this sentence, or -1
    scope: Optional[str] = None
    scope_clause: int = -1  # start of the ；/， part the scope came from
    previous_end: int = -1
    list_continues: bool = False  # the current number follows the previous one after a bare 、/和
    # headlines of the ；-part just before this sentence: …创新平台达到300家；到2027年，达到400家 goes on about them
    previous_headlines: list[Target] = field(default_factory=list)
    imposes_penalty: bool = False  # the sentence sets a fine (处…罚款): none of its figures is a goal


# 其中 opening a breakdown of the figure before it.
_BREAKDOWN_RE = compile_pattern(r"其中[：:，,]")


def read_target(index: TextIndex, q: Quantity, sentence: Sentence, state: SentenceState) -> Optional[Target]:
    """The target that ``q`` states (id, text, year, period, task and section not filled in yet),
    or None when it is not a quantitative goal.

    ``sentence``: ``index.sentence(q.start)``.
    """
    if q.ratio:
        return None  # 1:1 is read only as a matching ratio of funding
    text = index.text
    sent_start, sent_end = sentence.start, sentence.end
    if state.sentence[0] != sent_start:
        state.sentence = (sent_start, sent_end)
        state.imposes_penalty = text.find("罚", sent_start, sent_end) >= 0 and bool(
            _PENALTY_RE.search(text, sent_start, sent_end))
        after_semicolon = sent_start > 0 and text[sent_start - 1] in "；;"
        state.previous_headlines = state.headlines if after_semicolon else []
        continues = state.breakdown_from >= 0 and after_semicolon
        if not continues and not _BREAKDOWN_RE.match(text, sent_start):
            state.headlines = []
            state.breakdown_from = -1
        state.scope = None
        state.scope_clause = -1
    # (Bounds are clamped with comparisons, not max()/min(): on CPython 3.11 a call of either builtin
    # costs about ten times a comparison, and this runs for every number.)
    if q.unit in TIME_UNITS and not _TIME_GOAL_RE.search(text, _not_before(q.start - 20, sent_start), q.start):
        return None  # 三年内, 2021年: a date or a duration; the words around it stay one segment
    if q.unit == "岁" and not _AGE_GOAL_RE.search(text, _not_before(q.start - 8, sent_start), q.start):
        return None  # 40岁以下青年人才: an age limit, not a goal (人均预期寿命达到83岁 is one)
    seg_floor = state.previous_end if state.previous_end > sent_start else sent_start
    seg_start, clause_start = index.segment_and_clause_start(q.start, sent_start)
    if seg_start < seg_floor:
        seg_start = seg_floor  # (a look back with a higher floor stops at that floor)
    if seg_start > seg_floor and text[seg_start - 1] == "、":
        # 国家、省“千人计划”人才达到180名: a 、 with no number before it joins the indicator.
        clause_floor = max(clause_start, seg_floor)
        if state.previous_end < clause_floor:
            seg_start = clause_floor
    before = text[seg_start:q.start]
    if "（" in before or "(" in before:
        seg_start = _inside_bracket(text, seg_start, q.start)
        before = text[seg_start:q.start]
    state.list_continues = (
        0 <= state.previous_end <= q.start and q.start - state.previous_end <= 2
        and text[state.previous_end:q.start] in _LIST_GLUE
    )
    comparator, before, after_start = _comparator(text, q, before)
    previous_end, state.previous_end = state.previous_end, after_start
    if _excluded(text, q) or text.startswith(_PERMISSION_OPENINGS, after_start) or _counts_criteria(before) \
            or state.imposes_penalty or _names_criteria(text, clause_start, q.start, after_start):
        return None
    para_start = sentence.paragraph(q.start)[0]
    if index.has_mark(_CONDITION_RE, para_start, q.start, _CONDITION_ANCHORS) \
            or _qualifies(index, after_start, sent_start, q.start, sent_end) or is_rate_basis(text, clause_start, q.start):
        return None
    in_breakdown = _in_breakdown(text, sent_start, q.start, state)
    # Indicator, written before the number (X达到10家) or after it (引进10家X).
    words = _read_words_before(before, in_breakdown)
    scope, verb_before, indicator_before = words.scope, words.verb_before, words.indicator_before
    indicator: Optional[str]
    text_start = q.start
    text_end = after_start
    post_end = -1  # where an indicator after the number ends (found when needed)
    if verb_before and indicator_before:
        post_end = _post_indicator_end(text, after_start, sent_end)
        if not post_end > after_start:
            verb_before = False  # 开展创业培训1—2场。: nothing follows, the words before are the indicator
            indicator_before = words.subject or indicator_before  # (示范基地建成20个。: without the verb)
    if (text.startswith("的", after_start) and (indicator_before and not verb_before or _DIGIT_RE.match(text, after_start + 1))) \
            or (indicator_before and not verb_before and _MODIFIER_LIST_RE.match(text, after_start)
                and _INCREMENT_VERB_RE.search(before)):
        state.previous_end = previous_end  # (the words of the modifier belong to the indicator of the next figure)
        # 面积200亩以上的园区 / 投入1亿元以上的企业 / 超500亿元的5个 / 培育年产值超10亿元、具有…的龙头企业15家:
        # a condition or a modifier of the count after it, not a goal
        return None
    if indicator_before and not verb_before:
        indicator = indicator_before
        text_start = seg_start + before.find(indicator_before) if indicator_before in before else seg_start
    else:
        if post_end < 0:
            post_end = _post_indicator_end(text, after_start, sent_end)
        post = text[after_start:post_end]
        if post.startswith("的"):
            post = post[1:]
        indicator = post or words.subject or None  # (高新技术企业新增50家。: the subject names what is counted)
        if post:
            text_end = post_end
            state.previous_end = post_end  # (36个绿色园区和24个…: the next figure's words start after this indicator)
        elif words.subject and words.subject in before:
            text_start = seg_start + before.find(words.subject)
        if scope and not post:
            text_start = seg_start + max(0, before.find(scope))
    if scope and text_start > q.start:
        text_start = q.start
    if scope is None and state.scope is not None and in_breakdown and state.scope_clause == index.part_start(q.start, sent_start):
        scope = state.scope
    # 一个/三项 … in words is an article or a name unless a comparator, a breakdown scope
    # or a deadline year in the sentence makes it a goal (到2025年，培育两家龙头企业).
    if q.chinese and q.value <= 10 and comparator == "=" and scope is None \
            and not index.has_deadline(sent_start, sent_end):
        return None
    verbs: Optional[_ClauseVerbs] = None  # the clause's verbs, looked for only when needed
    if not (comparator not in ("=", "~") or q.value_max is not None or in_breakdown or scope):
        verbs = _ClauseVerbs.find(text, clause_start, q.start)
        if not (verbs.increment is not None or verbs.level is not None
                or index.has_line_mark(_GOAL_WORD_RE, para_start, q.start)
                or index.has_line_mark(_GOAL_WORD_RE, q.end, sent_end)):
            return None  # no comparator, range, breakdown, scope, goal verb or goal word: not a goal
    subject = _carried_subject(state, words, sent_start, indicator) if not in_breakdown and scope is None else None
    if subject is None and indicator is None and not in_breakdown and scope is None:
        subject = _part_subject(state, words, q.unit)
        if subject is None:
            return None
    if subject is not None:
        indicator = subject.indicator  # X达到4万亿元，年均增长6%: the clause goes on about X
        text_start = subject.span[0]  # the shortest text holding X and the number
    if q.unit in _AREA_UNITS and indicator is not None and _PER_ITEM_SIZE_RE.match(indicator):
        return None  # 每处建筑面积不少于200平方米: the size to build each one to, a standard, not a goal
    kind = _kind(text, q, sent_start, clause_start, words, verbs)
    if words.modal_level:
        kind = "level"
    per_year_mark = _per_year_mark(text, sent_start, q.start)
    per_year = q.per == "年" or per_year_mark >= 0
    if per_year and kind == "level":
        if verbs is None:
            verbs = _ClauseVerbs.find(text, clause_start, q.start)
        if verbs.level is None and not _TO_STATE_RE.search(text, _not_before(q.start - 8, clause_start), q.start):
            kind = "increment"
        elif q.per != "年" and per_year_mark < clause_start:
            per_year = False  # 每年创建1个A，B达到200家: a stock reached in a clause of its own is no yearly flow
    if in_breakdown and scope is None and indicator_before and not verb_before:
        # A figure with its own indicator after a breakdown starts a new headline (；全市新增B 10家).
        in_breakdown = False
        state.breakdown_from = -1
        state.headlines = []
    # Breakdown parts inherit indicator and kind from the headline with the same unit.
    if in_breakdown:
        head = _headline_for(state, q.unit, indicator)
        if head is not None:
            if indicator is None or not indicator_before or (head.indicator or "").endswith(indicator):
                indicator = head.indicator
            kind = head.kind
        if scope is not None:
            state.scope = scope
            state.scope_clause = index.part_start(q.start, sent_start)
    target = Target(
        id="", text="", indicator=_clean_indicator(indicator), value=q.value, unit=q.unit, value_max=q.value_max,
        comparator=comparator, kind=kind, per_year=per_year,  # type: ignore[arg-type]
        scope=scope, span=(text_start if text_start < q.start else q.start, text_end if text_end > q.end else q.end),
    )
    if not in_breakdown and scope is None:
        state.headlines.append(target)
    return target


class _WordsBefore(NamedTuple):
    """What the words between a number's segment start and the number say."""

    lead: str  # without deadline, quantifier, scope, subject and opening verb
    scope: Optional[str]  # a region or body the figure is for (盘山县, 省级以上孵化器)
    modal_level: bool  # a requirement per body (应建成…): a stock
    verb_before: bool  # they end with a verb (建成15个X): the indicator follows the number
    indicator_before: str  # the indicator they state (X达到 → X), or ""
    lead_is_change: bool  # the lead is only a change verb (年均增长, 较2020年提高): its subject was said before
    lead_states_level: bool  # the lead ends with a verb of the state to reach (达到, 控制在, 提高到): a stock
    subject: str  # what is named before a verb ending the words (X新增 → X), or ""


@functools.lru_cache(maxsize=4096)
def _read_words_before(before: str, in_breakdown: bool) -> _WordsBefore:
    """Read the words before a number (comparator already removed); pure, so remembered."""
    lead = _strip_opening(before.strip())
    scope = None
    region = _REGION_RE.match(lead)
    if region and region.group().endswith("内"):
        lead = lead[region.end():]  # 自创区和高新区内X: the plan's subject, not a breakdown scope
    elif region and (name := region.group().rstrip("和及、")) not in _NOT_SCOPE and not _NO_PLACE_RE.search(name):
        rest = _strip_leading(lead[region.end():])
        rest_core = _TRAILING_VERB_RE.sub("", rest)
        if not rest_core or _VERB_BEFORE_NUMBER_RE.search(rest) or in_breakdown:
            if not _strip_trailing(rest) or _VERB_BEFORE_NUMBER_RE.search(rest):
                scope = region.group().rstrip("和及、内")
        lead = rest
    modal_level = False
    if scope is not None and _MODAL_RE.match(lead):
        lead = _MODAL_RE.sub("", lead)  # 各区县应建成…: a requirement per body, a stock
        modal_level = True
    unstripped = lead
    lead = _strip_leading(lead)
    modal = _MODAL_SUBJECT_RE.match(lead)
    if modal and scope is None:
        scope = modal.group("subject")
        lead = _strip_leading(modal.group("rest"))
        modal_level = True
    verb_before = bool(_VERB_BEFORE_NUMBER_RE.search(lead)) or bool(_LIST_JOIN_RE.search(before)) or bool(
        _LOCATIVE_END_RE.search(lead)
    )
    indicator_before = _strip_trailing(_strip_leading(lead))
    return _WordsBefore(lead, scope, modal_level, verb_before, indicator_before,
                        lead_is_change=bool(_SUBJECTLESS_CHANGE_RE.match(lead)),
                        lead_states_level=_states_level(lead),
                        subject=_subject_before_verb(unstripped) if scope is None else "")


def _subject_before_verb(words: str) -> str:
    """What the words name before the verb that ends them (高新技术企业新增 → 高新技术企业, 示范基地建成 → 示范基地),
    or "": the indicator of a figure that ends its clause, with nothing after it to name what it counts."""
    words = _strip_opening(words)
    verb = _SUBJECT_VERB_RE.search(words)
    if verb is None or verb.start() == 0:
        return ""
    return _strip_trailing(_PREP_OPENING_RE.sub("", words[:verb.start()]))


def _states_level(lead: str) -> bool:
    """True when the verb ending ``lead`` states the level to reach: 累计达到, 控制在, 提高到, 为."""
    tail_verb = _TRAILING_VERB_RE.search(lead)
    if tail_verb is None:
        return False
    verb = tail_verb.group()
    return bool(_LEVEL_VERB_RE.search(verb)) or verb in ("到", "为", "达") or bool(_TO_STATE_RE.search(verb))


# What joins the members of a list of figures: 85万、65万 / 5和8.
_LIST_GLUE = frozenset({"、", "和", "及", "与"})
# A clause that is only a change verb, its subject said earlier in the sentence: 年均增长 / 提高到.
# (with a baseline before it: 较2020年提高 / 比上年增长)
_SUBJECTLESS_CHANGE_RE = compile_pattern(
    r"^(?:(?:较|比)(?:(?:19|20)[0-9]{2}年(?:底|末)?|上年|去年|上一年)?)?"
    r"(?:年均增长|年增长|增长|提高|提升|增加|下降|降低|减少|提高到|提高至|提升到|提升至|增加到|增加至|增至|降至|降低到|降低至)$"
)


def _carried_subject(state: SentenceState, words: _WordsBefore, sent_start: int,
                     indicator: Optional[str]) -> Optional[Target]:
    """The sentence's previous target when this clause only adds a change of it (…，年均增长6%) or this
    number only continues its list (分别达到85万、65万、75万人) without naming its own (``indicator``,
    read after it: 36个A和24个B)."""
    if state.sentence[0] != sent_start or not state.headlines:
        return None
    if words.lead_is_change or (not words.lead and state.list_continues and indicator is None):
        return state.headlines[-1]
    return None


def _part_subject(state: SentenceState, words: _WordsBefore, unit: Optional[str]) -> Optional[Target]:
    """The target of the ；-part before this one, in the same unit, when this part only restates its level
    for a later deadline (…达到300家；到2027年，达到400家左右): nothing but a verb of the level before the number."""
    if not state.previous_headlines or words.indicator_before or not (
            not words.lead or words.lead_states_level or words.lead_is_change):
        return None
    for head in reversed(state.previous_headlines):
        if head.unit == unit:
            return head
    return None


# What a count of criteria names after it: 4项以上指征, 或3项以上情形, 1项临床标准.
_CRITERIA_NOUN_RE = compile_pattern(r"[^，,。；;：:（(）)]{0,8}?(?:指征|指标|情形|条件|标准|症状|体征|表现)")
# A count of the items of a list, referred to by their numbers: (符合1至3项)中一项.
_ITEM_RANGE_RE = compile_pattern(r"中[0-9一二三四五六七八九十两]")
# A size stated for each facility, room or person: 每处建筑面积, 每间使用面积.
_PER_ITEM_SIZE_RE = compile_pattern(r"每[处个间所座栋户人床张][^，,。；;]{0,8}面积")
_AREA_UNITS = frozenset({"平方米", "平方公里", "亩", "公顷"})


def _names_criteria(text: str, clause_start: int, pos: int, after_start: int) -> bool:
    """True when the figure counts criteria to meet, not a goal: a clause with 符合/具有/具备/满足 whose figure names
    指征, 指标, 情形, 条件 … (具有下列4项或4项以上指征的), or the items of a list referred to by number (1至3项中一项):
    ``pos`` is where the figure starts, ``after_start`` where the words after it (and its comparator) start."""
    if text.startswith("中", after_start) and _ITEM_RANGE_RE.match(text, after_start) or text.startswith("项中", pos - 2):
        return True  # (1至3项中一项以上: both counts refer to the list's items)
    if _CRITERIA_NOUN_RE.match(text, after_start) is None:
        return False  # (the rarer test first: a loop over the verbs costs more than one match)
    for verb in _CRITERIA_VERBS:
        if text.find(verb, clause_start, pos) >= 0:
            return True
    return False


def _counts_criteria(before: str) -> bool:
    """True when the words before the figure end with a verb of meeting criteria (符合下列 / 具备)."""
    return any(verb in before for verb in _CRITERIA_VERBS) and _CRITERIA_COUNT_RE.search(before) is not None


def _qualifies(index: TextIndex, after_start: int, sent_start: int, pos: int, sent_end: int) -> bool:
    """True when the figure is a threshold to qualify, not a goal: its clause chain ends in 的， before a grant
    or a status (…超过50人…的，可申请认定), a grant clause follows it (产值5000万元以下，给予…), or it stands in a
    对 phrase naming who a grant later in the sentence goes to (对投资500万元以上的项目，给予…)."""
    text = index.text
    if _QUALIFYING_CLOSE_RE.search(text, after_start, sent_end):
        return True
    gap = _INCLUSION_NOTE_RE.match(text, after_start) if text.startswith(("（", "("), after_start) else None
    comma = gap.end() if gap else after_start
    if text.startswith(("，", ","), comma) and _QUALIFIES_RE.match(text, comma + 1):
        return True
    if text.startswith(_BAND_OF_RATE, after_start):
        return True  # 销售额超过2亿元的部分，按…: the band a rate is paid on
    if text.find("对", sent_start, pos) < 0:
        return False  # (a literal scan rules out most sentences before the pattern's look-behinds are tried)
    opening = None
    for opening in _ELIGIBLE_OPENING_RE.finditer(text, sent_start, pos):
        pass
    if opening is None:
        return False
    return (_has_grant_word(text, pos, sent_end) and not _has_grant_word(text, opening.end(), pos)) \
        or _closes_as_condition(text, opening.end(), after_start, sent_end)


def _closes_as_condition(text: str, phrase_start: int, after_start: int, sent_end: int) -> bool:
    """True when the 对 phrase holding a figure closes with 的， later in its clause (对年销售额首次达到5亿元、10亿元的，
    每家…): the figures say who qualifies for what the next clause grants."""
    close = text.find("的，", after_start, sent_end)
    if close < 0:
        close = text.find("的,", after_start, sent_end)
    return close >= 0 and CLAUSE_STOP_RE.search(text, phrase_start, close) is None



def _has_grant_word(text: str, start: int, end: int) -> bool:
    """True when a grant word (给予, 奖励 …) stands in ``text[start:end]`` (literal scans: no pattern has to be tried
    at every character)."""
    for word in _GRANT_WORDS:
        if text.find(word, start, end) >= 0:
            return True
    return False


def _comparator(text: str, q: Quantity, before: str) -> tuple[str, str, int]:
    """The comparator of ``q`` (以上 after it, 不少于 before it, 10余家), the words before
    without the comparator word, and where the text after the number (and its comparator) starts.
    A range with 左右 keeps ``~`` (2-3个左右)."""
    # (Each pattern is tried only when the one character it must open or end with is there: most figures have
    # no gap and no comparator, and a look at a character costs a tenth of a match.)
    after_start = q.end
    if text[after_start:after_start + 1] in _CONDITION_GAP_HEADS:
        after_start = _CONDITION_GAP_RE.match(text, after_start).end()  # type: ignore[union-attr]  # (it matches empty too)
    comparator = "="
    at = after_start + 1 if text.startswith(" ", after_start) else after_start
    if text[at:at + 1] in _AFTER_COMPARATOR_HEADS:
        comp_match = _AFTER_COMPARATOR_RE.match(text, at)
        if comp_match:
            comparator = _AFTER_MAP[comp_match.group()]
            after_start = comp_match.end()
    # (达 25% / 不低于 55%: one space before; a match ends the words and is at most 6 characters long,
    # so only their tail is searched)
    words = before.rstrip(" ") if before.endswith(" ") else before
    if words[-1:] in _BEFORE_COMPARATOR_TAILS:
        before_comp = _BEFORE_COMPARATOR_RE.search(
            words, len(words) - _LONGEST_COMPARATOR if len(words) > _LONGEST_COMPARATOR else 0)
        if before_comp:
            comparator = _BEFORE_MAP[before_comp.group("w")]
            before = before[:before_comp.start()]
    if q.approx_more and comparator == "=":
        comparator = ">"
    return comparator, before, after_start


# What marks a number as never a goal: the character before it (第3, +2), the one after it (3+2, 一二三),
# an opening quote before a number in words (“三评”).
_EXCLUDING_PREVIOUS = frozenset("第+＋等")
# An inclusion note repeating the bound of the figure before it: 超过50人（含50人）.
_INCLUSION_OPENINGS = ("（含", "(含", "（不含", "(不含")
_EXCLUDING_NEXT = frozenset("+＋一二三四五六七八九十0123456789")
_QUOTES = frozenset("“\"「《")


def _excluded(text: str, q: Quantity) -> bool:
    """Numbers that are never goals: ordinals, enumeration counts, names, formulas, classes (千亿元级),
    inclusion notes (（含50人）)."""
    prev = text[q.start - 1:q.start]  # ("" at the start or the end of the text: in none of the sets)
    return (prev in _EXCLUDING_PREVIOUS or text[q.end:q.end + 1] in _EXCLUDING_NEXT
            or (q.chinese and prev in _QUOTES) or text.startswith(("周年", "期", "性", "级"), q.end)
            or text.endswith(_INCLUSION_OPENINGS, q.start - 3 if q.start > 3 else 0, q.start))


def _strip_opening(s: str) -> str:
    """Drop deadline phrases and quantifiers from the front (到2021年，全市 …)."""
    prev = None
    while prev != s:
        if not _OPENING_START_RE.match(s):
            break  # nothing below would change ``s``
        prev = s
        s = _LEADING_YEAR_RE.sub("", s)
        s = _LEADING_SPAN_RE.sub("", s)
        s = _LEADING_MARKER_RE.sub("", s)
        s = _LEADING_QUANTIFIER_RE.sub("", s)
        s = s.lstrip("，,：:、 和及与的或且")
    return s


# Any of what _strip_opening drops, at the start: one match says whether it has anything to do.
_OPENING_START_RE = compile_pattern("|".join(f"(?:{p.pattern})" for p in (
    _LEADING_YEAR_RE, _LEADING_SPAN_RE, _LEADING_MARKER_RE, _LEADING_QUANTIFIER_RE, compile_pattern("[，,：:、 和及与的或且]")
)))


def _strip_leading(s: str) -> str:
    """Drop deadline phrases, quantifiers, a subject and opening verbs from the words before a number."""
    s = _strip_opening(s)
    s = _PREP_OPENING_RE.sub("", s)
    if "新" in s:  # (the subject pattern needs 新增/新建 …; most words have none)
        subject = _SUBJECT_BEFORE_NEW_RE.match(s)
        if subject is not None and not _NEW_FLOW_STATISTIC_RE.match(s, subject.end()):
            s = s[subject.end():]
    return _LEADING_VERB_RE.sub("", s)


def _strip_trailing(s: str) -> str:
    """Drop the verb or comparator between an indicator and its number (X达到 → X)."""
    prev = None
    while prev != s:
        prev = s
        s = _TRAILING_VERB_RE.sub("", s)
        s = s.rstrip("，,、 ")
    return s


def _inside_bracket(text: str, seg_start: int, pos: int) -> int:
    """Just after a bracket opened before ``pos`` and not closed yet (号源（其中专家号源不低于30%: the words
    of the figure start inside it), else ``seg_start``."""
    opening = text.rfind("（", seg_start, pos)
    if opening < 0:
        opening = text.rfind("(", seg_start, pos)
    if opening < 0 or text.find("）", opening, pos) >= 0 or text.find(")", opening, pos) >= 0:
        return seg_start
    return opening + 1


def _not_before(pos: int, floor: int) -> int:
    """``max(pos, floor)`` for the hot paths (a comparison costs a tenth of the builtin's call)."""
    return pos if pos > floor else floor


def _post_indicator_end(text: str, start: int, ceiling: int) -> int:
    """Where an indicator written after its number ends (at a comma, 和+number, 等 …; ≤ 30 chars).

    A 、 joining nouns (侵入式、半侵入式产品) does not end it; a 、 before another figure does.
    """
    limit = min(ceiling, start + 30)
    pos = start
    while True:
        m = _POST_INDICATOR_STOP_RE.search(text, pos, limit)
        if m is None:
            return limit
        if m.group() != "、" or m.start() == start:
            return m.start()
        nxt = _POST_INDICATOR_STOP_RE.search(text, m.end(), limit)
        stretch_end = nxt.start() if nxt else limit
        if _DIGIT_RE.search(text, m.end(), stretch_end):
            return m.start()
        pos = m.end()


def _in_breakdown(text: str, sent_start: int, pos: int, state: SentenceState) -> bool:
    """True when ``pos`` follows a 其中 of the same sentence."""
    if not state.headlines:
        return False
    if 0 <= state.breakdown_from < pos:
        return True
    if text.find("其中", sent_start, pos) < 0:
        return False  # (every match holds 其中: a literal scan rules most sentences out)
    m = None
    for m in _BREAKDOWN_RE.finditer(text, sent_start, pos):
        pass
    if m is not None:
        state.breakdown_from = m.start()
        return True
    return False


def _headline_for(state: SentenceState, unit: Optional[str], indicator: Optional[str]) -> Optional[Target]:
    """The headline target a breakdown part belongs to: same unit, latest, matching indicator tail if given."""
    same_unit = [h for h in state.headlines if h.unit == unit]
    if indicator:
        for h in reversed(same_unit):
            if (h.indicator or "").endswith(indicator):
                return h
    return same_unit[-1] if same_unit else None


_STOCK_MARK_RE = compile_pattern(r"累计|总数|总量")
_TO_STATE_RE = compile_pattern(r"控制在|稳定在|保持在|提高到|提高至|提升到|提升至|增加到|增加至|增至|降至|降低到|降低至|压缩至|压缩到|缩短至|缩短到")
_VERB_REACH = 160  # chars searched back for a governing verb


class _ClauseVerbs(NamedTuple):
    """The last increment verb and the last level verb in ``text[searched_from:end]`` (as ``finditer`` finds them)."""

    searched_from: int  # where the search for the verbs began
    increment: Optional[re.Match[str]]
    level: Optional[re.Match[str]]

    @classmethod
    def find(cls, text: str, start: int, end: int) -> _ClauseVerbs:
        """The last increment verb and the last level verb in ``text[start:end]`` (one scan for both kinds)."""
        last_inc = last_lvl = None
        for verb in _CLAUSE_VERB_RE.finditer(text, start, end):
            if verb.group() in _LEVEL_VERBS:
                last_lvl = verb
            else:
                last_inc = verb
        return cls(start, last_inc, last_lvl)


def _kind(text: str, q: Quantity, sent_start: int, clause_start: int, words: _WordsBefore,
          verbs: Optional[_ClauseVerbs]) -> str:
    """level / increment / share / growth, from the verb that governs the number.

    ``words``: the words before it; ``verbs``: the verbs of ``text[clause_start:q.start]`` (None: not looked for yet).
    """
    clause_start = _not_before(q.start - _VERB_REACH, clause_start)
    sent_start = _not_before(clause_start - _VERB_REACH, sent_start)
    pos = q.start  # (the clause's words are searched in place: ``endpos`` ends the text for ``$``)
    if q.unit == "%" and _SHARE_RE.search(words.indicator_before or text[clause_start:pos]):
        return "share"
    if q.unit in ("%", "倍", "个百分点") and _GROWTH_RE.search(text, _not_before(pos - 12, clause_start), pos):
        return "growth"
    if words.lead_states_level:
        return "level"  # 控制在5%以内, 提高到12%: the state to reach (known already: no search needed)
    if _STOCK_MARK_RE.search(text, clause_start, pos) or _TO_STATE_RE.search(text, _not_before(pos - 6, clause_start), pos):
        return "level"  # 累计建成 / 总数: a stock even with a flow verb
    if verbs is None or verbs.searched_from != clause_start:  # (or a clause longer than the reach: look in the reach)
        verbs = _ClauseVerbs.find(text, clause_start, q.start)
    last_inc, last_lvl = verbs.increment, verbs.level
    if last_inc or last_lvl:
        if last_inc and (not last_lvl or last_inc.start() > last_lvl.start()):
            return "increment"
        return "level"
    # No verb in the clause: the nearest verb earlier in the sentence governs (新增A10家、B5家).
    _, last_inc, last_lvl = _ClauseVerbs.find(text, sent_start, clause_start)
    if last_inc and (not last_lvl or last_inc.start() > last_lvl.start()) and not (q.unit == "%" and words.indicator_before):
        return "increment"  # (X超30% under an earlier 建成: a rate states a level)
    return "level"


# 每年 …, 年均新增 … (without a deadline year between it and the number) — not 年均增长, a rate of growth.
_PER_YEAR_RE = compile_pattern(r"每年|每一年|年度内|年均(?!增长|增速|增幅|下降|降低|减少|提高|提升)")


def _per_year_mark(text: str, sent_start: int, pos: int) -> int:
    """Where the 每年 (or 年均 before a flow: 年均新增) that governs the number starts — before it in the sentence,
    no deadline year between — or -1."""
    if text.find("每", sent_start, pos) < 0 and text.find("年度内", sent_start, pos) < 0 \
            and text.find("年均", sent_start, pos) < 0:
        return -1  # (every match holds 每 or 年均 or is 年度内: literal scans rule most sentences out)
    last = None
    for last in _PER_YEAR_RE.finditer(text, sent_start, pos):
        pass
    if last is None:
        return -1
    if last.group() == "年均" and CLAUSE_STOP_RE.search(text, last.end(), pos):
        return -1  # (年均 governs its own clause only: …年均新增A 100家，B年均增长10%)
    return last.start() if DEADLINE_RE.search(text, last.end(), pos) is None else -1


# A bracket that says what an indicator covers: (含众创空间、孵化器) — not part of its name.
_COVERAGE_BRACKET_RE = compile_pattern(r"[（(](?:含|包括|包含)[^（()）]{0,60}[)）]")


def _clean_indicator(indicator: Optional[str]) -> Optional[str]:
    if indicator is None:
        return None
    if "（" in indicator or "(" in indicator:
        indicator = _COVERAGE_BRACKET_RE.sub("", indicator)
    indicator = indicator.strip(" ，,、：:")
    if indicator.endswith("的") and "占" in indicator:
        indicator = indicator[:-1]  # (文化产业增加值占GDP的12%: the share's noun is left out)
    return indicator or None
