"""Unit annotations: split an annotation value into unit names, read lead/responsible labels.

``split_units`` splits ``市科技局、市财政局，各县（市、区）政府`` into unit names at
separators outside brackets, splits two units joined by 及/和, drops generic tails
(``等有关部门``) and keeps shared-suffix lists (``金井、澳前片区开发管理局``) whole.
``parse_unit_annotation`` reads the content of one bracketed annotation
(``牵头单位：…；责任单位：…``, ``X牵头，Y配合``, or bare units ``市科委、市财政局``);
``units_with_roles`` reads a labelled value or a table cell whose units may name their own
roles (``A、B分别牵头``, ``A（牵头）、B``).  A schedule among the units (``2023年6月底前``,
``长期坚持``) and a bracketed note closing the list (``（列第一位的为牵头单位，下同）``) are no units.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional, Sequence

from ..cache import compile_pattern
from .memo import memoised

_OPENERS = "（(〔【[《“‘"
_CLOSERS = "）)〕】]》”’"
_CLOSER_TUPLE = tuple(_CLOSERS)  # (for str.endswith)
# The brackets a unit annotation stands in: （牵头单位：…） (…) 〔…〕 【…】
ANNOTATION_OPENERS = "（(〔【"
ANNOTATION_CLOSERS = "）)〕】"

# a name that ends like an organisation: 市科技局, 经济区管委会, 盘锦检验检测中心, 市科协, 市委组织部(市人才办)
_ORG_SUFFIX = compile_pattern(
    r"(?:局|委|办|院|中心|公司|区|县|市|州|盟|旗|政府|管委会|委员会|部|部门|单位|厅|处|所|会|社|站|队|室|馆|校|大学|学院|关|"
    r"集团|银行|行|联|协|署|团|组|镇|乡|街道|基地|园|台|庭|司|科|股|办公室|机构|企业|平台|馆|集团公司)$"
)
# a name whose ending is a strong organisation ending (used for bare bracketed units): 市科委, 市金融办
_STRONG_ORG_ENDINGS = ("局", "委", "办", "厅", "部", "中心", "政府", "管委会", "委员会", "公司", "院", "所", "署", "联", "协",
                       "集团", "办公室", "区", "县", "法院", "检察院", "银行", "总队", "支队", "大队", "海关", "总部")
_STRONG_ORG_SUFFIX = compile_pattern(f"(?:{'|'.join(_STRONG_ORG_ENDINGS)})$")
# a trailing bracketed note of a unit: 市发展改革委（服务业发展局） → 市发展改革委
_TRAILING_NOTE = compile_pattern(r"[（(〔][^（()）〔〕]{0,40}[）)〕]$")
# a generic tail dropped from the last unit: 市科技局等有关部门 → 市科技局
_GENERIC_TAIL = compile_pattern(
    r"等(?:[\d一二三四五六七八九十]{1,3}个)?(?:有关|相关|其他|各)?(?:[区县市])?(?:部门|单位|机构|方面|政府|人民政府)?$"
)
# 及/和/与 joining two units: 市科技局和市财政局
_CONJUNCTION = compile_pattern(r"[及和与]")
# a lone place-level abbreviation that shares the next part's suffix: 各县 (、区人民政府)
_LEVEL_ABBREVIATION = compile_pattern(r"^各?[省市县区乡镇]$")
# the next part starts with a lone level character plus a government suffix: 区人民政府
_LEVEL_SUFFIX_START = compile_pattern(r"^[省市县区乡镇](?:人民政府|政府|管委会)")
# a part that opens a name of its own (so shares no suffix with the part before): 市… / 省… / 各…
_OWN_PREFIX = compile_pattern(r"^(?:[市省各]|国家|中共)")
# words that are never units on their own
_NOT_UNITS = frozenset({"属地", "各地", "有关方面", "等", "各", ""})
# a generic catch-all after the named units, dropped like 等有关部门: (及)其他相关单位 / 其它有关部门
_GENERIC_UNIT = compile_pattern(r"^(?:其他|其它)(?:有关|相关)?(?:部门|单位|机构|方面)$")
# 会同 joining a leading unit and its partner: 市科委会同市财政局
_JOINT_WORD = compile_pattern(r"会同")
# a role word left at the end of a labelled unit: 责任单位：…，各区政府按职责分工负责 / 市科委牵头
_UNIT_ROLE_WORDS = ("分别牵头", "共同牵头", "牵头负责", "牵头", "按职责分工负责", "按职责负责", "分工负责", "共同负责", "负责",
                    "配合")
_UNIT_ROLE_SUFFIX = compile_pattern(f"(?:{'|'.join(_UNIT_ROLE_WORDS)})$")
# the last two characters of every role word (a cheap test before the search): 牵头, 负责, 配合
_UNIT_ROLE_ENDINGS = tuple(sorted({word[-2:] for word in _UNIT_ROLE_WORDS}))
# a role in brackets right after a unit of a list: 市工信局（牵头）、市通信办 / 市财政局(配合)
_BRACKETED_ROLE = compile_pattern(r"[（(](?P<role>牵头|配合|参与)[）)]$")
# a bracketed note on the list rather than part of a name, closing its last unit: it holds clause punctuation
# or quotes (…自然资源局（除标注“分别牵头”外，列第一位为牵头单位，下同）); a name's own bracket holds none
# (各县（市、区）政府, 市发展改革委（服务业发展局）)
_LIST_NOTE = compile_pattern(r"[（(][^（()）]{0,80}?[，,；;“”\"][^（()）]{0,80}[）)]$")

# a lead label followed by its colon: 牵头单位： / 牵头部门: / 牵头考核单位：
_LEAD_LABEL_WORDS = ("牵头考核单位", "牵头责任单位", "牵头责任部门", "牵头单位", "牵头部门", "牵头处室", "牵头领导单位", "主责单位",
                     "主责部门", "主办单位", "责任领导单位")
_LEAD_LABEL = f"(?:{'|'.join(_LEAD_LABEL_WORDS)})"
# a supporting label followed by its colon: 责任单位： / 配合单位: / 参与单位：
_RESP_LABEL_WORDS = ("责任单位", "责任部门", "配合单位", "配合部门", "参与单位", "参与部门", "协办单位", "协同单位", "协作单位",
                     "实施单位", "责任主体", "责任处室", "责任科室", "配合处室", "协同责任单位", "配合责任单位")
_RESP_LABEL = f"(?:{'|'.join(_RESP_LABEL_WORDS)})"
# either label after an optional 主要 (主要责任部门：), group 1 the label itself
_LABEL = compile_pattern(rf"(?:主要)?({_LEAD_LABEL}|{_RESP_LABEL})\s{{0,3}}[：:]\s{{0,3}}")
_LEAD_LABEL_RE = compile_pattern(_LEAD_LABEL)
# a clause that names its role at the end: 市科委牵头 / 市财政局配合 / 各区按职责分工负责
_CLAUSE_ROLE_WORDS = ("牵头负责", "牵头", "共同负责", "按职责分工负责", "按职责负责", "分工负责", "负责", "配合", "参与",
                      "协同", "协助")
_ROLE_CLAUSE = compile_pattern(rf"^(?P<units>.{{1,200}}?)(?P<role>{'|'.join(_CLAUSE_ROLE_WORDS)})$")
# the last two characters of every role word (a cheap test before the regex): 牵头, 负责, 配合, 参与 …
_ROLE_ENDINGS = tuple(sorted({word[-2:] for word in _CLAUSE_ROLE_WORDS}))
# another labelled field inside an annotation, which ends the unit list: ；完成时限：2022年底
_OTHER_LABEL = compile_pattern(r"[；;，,。]\s{0,2}[\u4e00-\u9fff]{2,8}\s{0,2}[：:]")
# a clause that is a labelled field of its own: 完成时限：2022年底
_OTHER_LABEL_START = compile_pattern(r"^[\u4e00-\u9fff]{2,8}\s{0,2}[：:]")
# a clause that gives the schedule, not a unit: 2025年底前完成 / 6月底前 / 长期坚持
_TIME_CLAUSE = compile_pattern(r"^(?:于|在|到|至)?(?:(?:19|20)\d{2}年|\d{1,2}月|长期|持续|常态化)")
# what every annotation holds: a label (…单位 / 责任主体), a role word (牵头 / 负责 / 配合 / 参与 / 协同 / 协助)
# or the last character of a strong organisation ending (局 委 中心 政府 …); content without any is no annotation.
# Built from the word lists: the last characters of the strong endings (in order of first use), then the label
# endings and the shortest role words (those holding no other role word), less those the characters already cover.
_ANNOTATION_CHARS = "".join(dict.fromkeys(ending[-1] for ending in _STRONG_ORG_ENDINGS))
_ANNOTATION_WORDS = [
    word
    for word in dict.fromkeys(
        [
            *(label[-2:] for label in (*_LEAD_LABEL_WORDS, *_RESP_LABEL_WORDS)),
            *(w for w in _CLAUSE_ROLE_WORDS if not any(o != w and o in w for o in _CLAUSE_ROLE_WORDS)),
        ]
    )
    if not any(ch in _ANNOTATION_CHARS for ch in word)
]
_MAY_BE_ANNOTATION = compile_pattern(f"{'|'.join(_ANNOTATION_WORDS)}|[{_ANNOTATION_CHARS}]")
_CLAUSE_TRIM = "。；;，, \u3000"
_CLAUSE_SEPARATORS = frozenset("，,；;")  # between clauses (and between unit groups)
_LIST_SEPARATORS = frozenset("、")  # between the units of a list


# any opening or closing bracket
_BRACKET_CHAR = compile_pattern("[" + re.escape(_OPENERS + _CLOSERS) + "]")


@lru_cache(maxsize=None)
def _separator_class(separators: frozenset[str]) -> re.Pattern[str]:
    """A pattern matching any one of ``separators``."""
    return compile_pattern("[" + re.escape("".join(sorted(separators))) + "]")


def _depth_split(value: str, separators: frozenset[str]) -> list[str]:
    """Split ``value`` at ``separators`` that stand outside brackets (linear)."""
    if _BRACKET_CHAR.search(value) is None:  # no brackets: every separator splits
        return _separator_class(separators).split(value)
    parts: list[str] = []
    depth = 0
    start = 0
    for i, ch in enumerate(value):
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            if depth:  # an unmatched closer leaves the depth at 0
                depth -= 1
        elif depth == 0 and ch in separators:
            parts.append(value[start:i])
            start = i + 1
    parts.append(value[start:])
    return parts


def _core(name: str) -> str:
    """The unit name without a trailing bracketed note."""
    return _TRAILING_NOTE.sub("", name)


@memoised(maxsize=8192)
def is_org_name(name: str) -> bool:
    """Whether ``name`` ends like an organisation (局, 委, 中心, 政府, 区 …)."""
    core = _core(name.strip())
    return len(core) >= 2 and bool(_ORG_SUFFIX.search(core))


@memoised(maxsize=8192)
def is_strong_org_name(name: str) -> bool:
    """Whether ``name`` ends with a strong organisation ending (局, 委, 办, 中心, 政府 …)."""
    core = _core(name.strip())
    return 2 <= len(core) <= 40 and bool(_STRONG_ORG_SUFFIX.search(core))


def _split_conjunction(part: str) -> list[str]:
    """Split ``A和B``/``A及B`` when both sides are organisation names, else keep ``part`` whole (linear)."""
    if not _CONJUNCTION.search(part):
        return [part]
    depth_at: dict[int, int] = {}
    depth = 0
    for i, ch in enumerate(part):
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            if depth:  # an unmatched closer leaves the depth at 0
                depth -= 1
        elif ch in "及和与":
            depth_at[i] = depth
    joints = [i for i, d in depth_at.items() if d == 0]
    out: list[str] = []
    start = 0
    for n, joint in enumerate(joints):
        next_joint = joints[n + 1] if n + 1 < len(joints) else len(part)
        left, right = part[start:joint], part[joint + 1 : next_joint]
        # 市工业和信息化局: 市工业 is no unit, so 和 belongs to the name
        if is_org_name(left) and is_org_name(right):
            out.append(left)
            start = joint + 1
    out.append(part[start:])
    return out


def _merge_shared_suffix(parts: list[str]) -> list[str]:
    """Keep ``金井、澳前片区开发管理局`` and ``各县、区人民政府`` whole: short non-unit parts share the next suffix."""
    out: list[str] = []
    pending: list[str] = []
    for i, part in enumerate(parts):
        nxt = parts[i + 1] if i + 1 < len(parts) else ""
        shares_next = bool(nxt) and (
            (not is_org_name(part) and len(part) <= 4 and part not in _NOT_UNITS and is_org_name(nxt)
             and not _OWN_PREFIX.match(nxt))
            or (_LEVEL_ABBREVIATION.match(part) is not None and _LEVEL_SUFFIX_START.match(nxt) is not None)
        )
        if shares_next:
            pending.append(part)
            continue
        if pending:
            out.append("、".join([*pending, part]))
            pending = []
        else:
            out.append(part)
    out.extend(pending)
    return out


def _without_generic_tail(name: str) -> str:
    """``name`` without a generic tail (市科技局等有关部门 → 市科技局)."""
    return _GENERIC_TAIL.sub("", name) if "等" in name else name


def split_units(annotation_value: str) -> list[str]:
    """Split an annotation value into unit names (outside brackets; 及/和 split; generic tails dropped)."""
    return list(_split_units(annotation_value))


@memoised(maxsize=4096)
def _split_units(annotation_value: str) -> tuple[str, ...]:
    """``split_units``, memoised (annotation values repeat across a document's items and tables)."""
    value = annotation_value.strip().strip(_CLAUSE_TRIM)
    if not value:
        return ()
    top = [p.strip().strip(_CLAUSE_TRIM) for p in _depth_split(value, _CLAUSE_SEPARATORS)]
    # without 会同 or 及/和/与 no part splits further (and every part is already stripped)
    parts_split = "会同" in value or _CONJUNCTION.search(value) is not None
    units: list[str] = []
    for group in top:
        if not group:
            continue
        parts = [p.strip() for p in _depth_split(group, _LIST_SEPARATORS)]
        parts = [p for p in parts if p]
        if parts:
            parts[-1] = _without_generic_tail(parts[-1]).strip()
            parts = [p for p in parts if p]
        for part in _merge_shared_suffix(parts) if len(parts) > 1 else parts:
            if "、" in part or not parts_split:
                units.append(part)
            else:
                for joined in _split_joint(part):
                    units.extend(p.strip() for p in _split_conjunction(joined) if p.strip())
    seen: set[str] = set()
    result: list[str] = []
    for unit in units:
        if unit.endswith(_CLOSER_TUPLE) and _LIST_NOTE.search(unit):
            unit = _LIST_NOTE.sub("", unit)
        unit = _without_generic_tail(unit).strip() or unit
        if unit in _NOT_UNITS or unit in seen or _TIME_CLAUSE.match(unit):
            continue  # a schedule among the units (…，2023年6月底前) is no unit
        seen.add(unit)
        result.append(unit)
    if len(result) > 1:
        result = [u for u in result if not _GENERIC_UNIT.match(u)] or result
    return tuple(result)


def _split_joint(part: str) -> list[str]:
    """Split ``A会同B`` when both sides are organisation names, else keep ``part`` whole."""
    m = _JOINT_WORD.search(part)
    if m is None:
        return [part]
    left, right = part[: m.start()], part[m.end() :]
    if is_org_name(left) and is_org_name(_UNIT_ROLE_SUFFIX.sub("", right)):
        return [left, right]
    return [part]


def _labelled(content: str) -> Optional[tuple[list[str], list[str]]]:
    """Read ``牵头单位：A；责任单位：B`` style content; None when no label is present.

    A label's units end at the next label or at a sentence end: what follows a ``。`` is a note on the
    annotation (``…按职责分工负责。具体任务均涉及各区，下同。``), not more units.
    """
    matches = list(_LABEL.finditer(content))
    if not matches:
        return None
    lead: list[str] = []
    responsible: list[str] = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(content)
        sentence_end = content.find("。", m.end(), end)
        if sentence_end >= 0:
            end = sentence_end
        other = _OTHER_LABEL.search(content, m.end(), end)
        value = content[m.end() : other.start() if other else end]
        value_lead, value_responsible = units_with_roles(value, _LEAD_LABEL_RE.fullmatch(m.group(1)) is not None)
        add_new_units(lead, value_lead)
        add_new_units(responsible, value_responsible)
    return lead, responsible


def units_with_roles(value: str, default_lead: bool) -> tuple[list[str], list[str]]:
    """(lead, responsible) units of a labelled value or a unit cell whose label or column leads
    (``default_lead``) or supports, clause by clause (see ``_clause_roles``)."""
    lead: list[str] = []
    responsible: list[str] = []
    for clause in _depth_split(value, _CLAUSE_SEPARATORS):
        clause_lead, clause_responsible = _clause_roles(split_units(clause), default_lead)
        add_new_units(lead, clause_lead)
        add_new_units(responsible, clause_responsible)
    return lead, responsible


def add_new_units(units: list[str], more: Sequence[str]) -> None:
    """Append each of ``more`` that ``units`` does not hold yet, in order."""
    for unit in more:
        if unit not in units:
            units.append(unit)


def _role_of(unit: str) -> tuple[str, Optional[bool]]:
    """A unit name without the role word closing it, and whether that role leads (None when it names
    none): 市科委牵头 → (市科委, True); 市财政局（配合） → (市财政局, False); 市商务局 → (市商务局, None)."""
    if unit.endswith(_CLOSER_TUPLE):
        bracketed = _BRACKETED_ROLE.search(unit)
        if bracketed is not None and bracketed.start() >= 2:
            return unit[: bracketed.start()].strip(), bracketed.group("role") == "牵头"
        return unit, None
    role = _UNIT_ROLE_SUFFIX.search(unit) if unit.endswith(_UNIT_ROLE_ENDINGS) else None
    if role is None or role.start() < 2:
        return unit, None
    return unit[: role.start()].strip(), "牵头" in role.group()


def _clause_roles(units: list[str], default_lead: bool) -> tuple[list[str], list[str]]:
    """(lead, responsible) of the units of one clause, read under a label that leads (``default_lead``) or
    supports.  A role word closing the clause (``A、B分别牵头``, ``A、B配合``) applies to all of its units
    when no other names a role; a unit's own role (``A（牵头）、B``, ``A牵头、B配合``) to that unit only."""
    if not units:
        return [], []
    roles = [_role_of(unit) for unit in units]
    clause_lead = roles[-1][1]
    if (clause_lead is not None and not units[-1].endswith(_CLOSER_TUPLE)
            and all(leads is None for _, leads in roles[:-1])):
        names = [name for name, _ in roles]
        return (names, []) if clause_lead else ([], names)
    lead: list[str] = []
    responsible: list[str] = []
    for name, leads in roles:
        into = lead if (default_lead if leads is None else leads) else responsible
        if name not in into:
            into.append(name)
    return lead, responsible


def _role_clauses(content: str) -> Optional[tuple[list[str], list[str]]]:
    """Read ``X牵头，Y配合`` / ``X负责`` style content; None unless every unit gets a role.

    A clause without a role shares the role of the next clause that names one
    (``各区政府，市有关部门按职责分工负责`` → both responsible).
    """
    clauses = [c.strip().strip(_CLAUSE_TRIM) for c in _depth_split(content, _CLAUSE_SEPARATORS)]
    clauses = [c for c in clauses if c and not _OTHER_LABEL_START.match(c) and not _TIME_CLAUSE.search(c)]
    if not clauses:
        return None
    lead: list[str] = []
    responsible: list[str] = []
    pending: list[str] = []
    for clause in clauses:
        m = _ROLE_CLAUSE.match(clause) if clause.endswith(_ROLE_ENDINGS) else None
        units = split_units(m.group("units") if m else clause)
        if not units or not all(is_org_name(u) or u.startswith("各") for u in units):
            return None
        if m is None:
            pending.extend(units)
            continue
        target = lead if m.group("role").startswith("牵头") else responsible
        target.extend(u for u in [*pending, *units] if u not in target)
        pending = []
    if pending or not (lead or responsible):
        return None
    return lead, responsible


def parse_unit_annotation(bracket_content: str) -> Optional[tuple[list[str], list[str]]]:
    """(lead, responsible) units of one bracketed annotation's content, or None when it is no annotation.

    Labels (牵头单位/牵头部门/牵头考核单位 → lead; 责任单位/责任部门/配合单位/参与单位 → responsible),
    role clauses (``X牵头，Y配合``, ``Z按职责分工负责``) and bare unit lists (``市科委、市财政局`` →
    responsible) are understood.
    """
    if _MAY_BE_ANNOTATION.search(bracket_content) is None:
        return None  # the common case of a numeral, a note or a year range: nothing to parse
    parsed = _parse_unit_annotation(bracket_content)
    return None if parsed is None else (list(parsed[0]), list(parsed[1]))


@memoised(maxsize=4096)
def _parse_unit_annotation(bracket_content: str) -> Optional[tuple[tuple[str, ...], tuple[str, ...]]]:
    """``parse_unit_annotation``, memoised on the content, with tuples for lists."""
    content = bracket_content.strip()
    if not content or len(content) > 400:
        return None
    labelled = _labelled(content)
    if labelled is not None:
        return (tuple(labelled[0]), tuple(labelled[1])) if (labelled[0] or labelled[1]) else None
    roles = _role_clauses(content)
    if roles is not None:
        return tuple(roles[0]), tuple(roles[1])
    units = split_units(content)
    if units and all(is_strong_org_name(u) for u in units):
        return (), tuple(units)
    return None
