"""Money (or a subsidy ratio) the issuer grants, awards, subsidises, matches or budgets.

``read_funding`` decides whether one ``Quantity`` is such an amount and fills
comparator, purpose, recipient and per_year (``shared/spec/contract.md``, funding);
``quantities`` fills in its id, text, task and section.
Money the issuer does not pay (a guarantee volume, a financing target) is a target.
"""

from __future__ import annotations

import re
from typing import Optional

from ..cache import compile_pattern
from ..model import Funding
from .context import RECIPIENT_OPENING, Sentence, TextIndex, is_rate_basis
from .numbers import Quantity

# Words that make money in a sentence the issuer's grant: 给予 / 予以 / 奖励 / 补贴 ….
_GRANT_RE = compile_pattern(r"给予|予以|奖励|补贴|补助|资助|贴息|安排|拨付|扶持资金|专项资金|经费支持|资金支持")
# Money that is a goal, not a grant: 完成担保金额, 融资额度, 产值, 营业收入 … in the clause before it.
_GOAL_MONEY_RE = compile_pattern(r"完成|达到|突破|(?<!不)超过|实现|规模|额度|金额|产值|收入|营收|投资|融资|总额|增加值|带动")
# The purpose named after the amount: 100万元奖励, 50万元的经费支持, 50%予以贴息, 5000元的一次性建设补贴.
_PURPOSE_AFTER_RE = compile_pattern(
    r"(?:/[年月人])?(?:的)?(?:比例|标准)?(?:予以|给予)?(?:一次性)?(?P<p>[\u4e00-\u9fff]{0,4}?(?:奖励|补贴|补助|资助|贴息|经费支持|资金支持|配套支持|"
    r"启动资金|扶持资金|专项资金|奖补|资金|经费|支持))"
)
# The purpose named before the amount: 最高补贴50万元, 安排预算资金2000万元, 薪酬补贴标准为, 一次性奖补.
# (the two characters naming its kind hold no 的/内/类/元: 机构的奖励额度, 年度内的补贴, 第一类资助对象, 1万元奖励;
# nor name who gets it: 单家企业奖励最高, 单个项目奖励, 月人均补助)
_PURPOSE_BEFORE_RE = compile_pattern(
    r"(?P<p>(?:(?:(?![的内类元])[\u4e00-\u9fff]){2}(?=补贴|补助|资金|奖励|资助|奖补)(?<!企业|项目|单位|机构|个人|人均|家庭|主体))?"
    r"(?:奖励|补贴|补助|资助|贴息|资金|奖补))"
)
# (次性: the tail of 一次性 when only two characters before the purpose word were taken)
_PURPOSE_PREFIX_STOP = ("最高", "给予", "予以", "一次性", "次性", "安排", "每年", "每月", "每人", "每家", "每个", "每户", "每项", "分别")
# Cap words: 最高 / 不超过 … → <=.
_CAP_RE = compile_pattern(r"(?:最高|不超过|不高于|最多|上限|封顶)[^，。；0-9]{0,6}$")
_CAP_AFTER_RE = compile_pattern(r"(?:以内|以下|封顶)")
# A cap per recipient opening its clause, the grant verb left out: 每家企业最高不超过100万元, 每家最高50万元.
_CAP_FOR_EACH_RE = compile_pattern(r"每(?:家|个|户|人|项|所|名)[^，,。；;0-9]{0,6}?(?:最高|最多|不超过|不高于)[^，,。；;0-9]{0,4}$")
# Floor words: 不低于 / 不少于 … → >= (特困人员供养标准每人每月不低于800元).
_FLOOR_RE = compile_pattern(r"(?:不低于|不少于|至少)[^，。；0-9]{0,6}$")
# Where the phrase of a grant starts: 一次性予以, 分别给予, 按…, 每年安排, 最高 ….
_GRANT_START_RE = compile_pattern(r"(?:分别)?(?:一次性)?(?:予以|给予)|每年安排|安排|最高|按")
# Percentages and ratios that are subsidies: 20%的补助, 50%予以贴息, 1:1的配套支持, 补助比例为30%.
# (支持 only after 予以/给予: 按投入的50%给予共同支持)
_RATIO_PURPOSE_AFTER_RE = compile_pattern(
    r"(?:的)?(?:比例)?(?:(?:予以|给予)?(?:[\u4e00-\u9fff]{0,2}?)(?:补助|补贴|奖励|贴息|资助|配套|奖补)"
    r"|(?:予以|给予)[\u4e00-\u9fff]{0,2}?(?:经费|资金)?支持)"
)
_RATIO_PURPOSE_BEFORE_RE = compile_pattern(r"(?:补助|补贴|奖励|贴息|资助|配套|奖补)(?:比例|标准)?(?:为|按|不超过|最高)?[^，。；]{0,4}$")
# A grant verb earlier in the clause of a ratio: 给予不超过项目投资 (20%).
_GRANT_VERB_BEFORE_RE = compile_pattern(r"(?:给予|予以)[^，,。；;]{0,20}$")
# The purpose word later in the same clause: 、最高500万元的补助.
_PURPOSE_LATER_RE = compile_pattern(r"[^，,。；;]{0,20}?(?P<p>补助|补贴|奖励|资助|贴息|奖补)")
# A grant noun used as the verb right before its amount: 奖励10万元, 补助最高50万元, 补贴每人.
_GRANT_AS_VERB_NOUNS = ("奖励", "补助", "补贴", "资助", "奖补")
_GRANT_AS_VERB = "(?:" + "|".join(_GRANT_AS_VERB_NOUNS) + ")(?=[0-9０-９一二三四五六七八九十两最每])"
# Who gets it: 对X(的)， or 对X给予, or 对X奖励10万元.
_RECIPIENT_RE = compile_pattern(
    RECIPIENT_OPENING + r"(?P<r>[^，,。；;]{2,60}?)(?:的)?"
    r"(?:[，,]|(?=(?:分别|一次性|每年|每家|每个|均){0,3}(?:给予|予以))|(?=" + _GRANT_AS_VERB + "))"
)
# A clause naming who gets it and then the grant, without 对: 新认定的省级优势企业奖励5万元 (a noun qualified by 的,
# so that a clause that only counts, 单家企业奖励最高…, names no one).
_CLAUSE_GRANTEE_RE = compile_pattern(r"(?P<r>[^，,。；;对]{0,30}的[^，,。；;的]{2,20}?)" + _GRANT_AS_VERB)
# A 对 phrase whose owner was named before it (对其…租金总额的50%): the owner gets it, not the phrase.
_PRONOUN_OPENING = "其"
_PRONOUN_PHRASE = "对其"
# A clause that opens with the grant, so the clause before it names who gets it: …的港澳青年企业，给予….
_GRANT_CLAUSE_OPENING_RE = compile_pattern(r"(?:分别|一次性|每年|每家|每个|均|可){0,3}(?:给予|予以)")
# A budget clause after the clause that sets up the fund it feeds: 设立X专项资金，每年安排预算资金….
_BUDGET_OPENING_RE = compile_pattern(r"(?:每年)?安排")
_FUND_SET_UP_RE = compile_pattern(r"设立(?P<r>[^，,]{2,40})$")
# The label of an amount in a list of rates (补贴标准为：A 15万元/年，B 10万元/年): a short name, without 每人/每月.
_RATE_LABEL_RE = compile_pattern(r"[\u4e00-\u9fff“”（）()]{2,20}")
_RATE_LABEL_TAIL_RE = compile_pattern(r"(?:每人|每户|每家|每个|每年|每月|每次)+$")
# What a budget supports, named after it: 经费支持X建设, 专项资金…，支持X发展.
_SUPPORTED_RE = compile_pattern(r"(?:[，,](?:用于)?支持)?(?P<r>[^，,。；;]{2,30}?)(?:建设|发展|运营)")
_SUPPORT_OPENINGS = ("，支持", ",支持", "，用于支持", ",用于支持")
_BRACKETED_RE = compile_pattern(r"[（(][^（()）]{0,40}[)）]")
# What may sit between an amount and the 的 of a condition: 以上, （含）, （不含）, /年.
_CONDITION_GAP_RE = compile_pattern(r"(?:以上|以下|以内)?(?:[（(]不?含[)）])?(?:/[年月])?")


# An item marker opening a clause: 第十条, 62., （三）, 四、 (with the space after it).
_LEADING_MARKER_RE = compile_pattern(
    r"(?:第[一二三四五六七八九十百]{1,4}条|[0-9]{1,3}[.、．](?![0-9])|[（(][一二三四五六七八九十0-9]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)[ 　]*"
)


# Nouns that name a grant when they follow an amount (…增加60万元运营经费).
_GRANT_NOUNS = ("奖励", "补贴", "补助", "资助", "贴息", "奖补", "经费")

# Units of what may be funding: money, and subsidy shares and matching ratios.
FUNDING_UNITS = frozenset({"%", "比例", "元", "美元"})


def read_funding(index: TextIndex, q: Quantity, sentence: Sentence,
                 previous: Optional[Funding] = None) -> Optional[Funding]:
    """The funding item ``q`` states (id, text, task and section not filled in yet), or None.

    ``sentence``: ``index.sentence(q.start)``; ``previous``: the last funding item of the same sentence.
    """
    if q.unit not in FUNDING_UNITS:
        return None
    text = index.text
    sent_start, sent_end = sentence.start, sentence.end
    clause_start = index.clause_start(q.start, sent_start)
    clause_before = text[clause_start:q.start]
    if q.unit in ("%", "比例"):
        after = _RATIO_PURPOSE_AFTER_RE.match(text, _skip_comparator(text, q.end))
        before = _RATIO_PURPOSE_BEFORE_RE.search(text, clause_start, q.start)
        # 给予不超过项目投资20%、最高500万元的补助: the grant verb before, the purpose later in the clause
        later = _PURPOSE_LATER_RE.match(text, q.end) if _GRANT_VERB_BEFORE_RE.search(text, clause_start, q.start) else None
        if not (after or before or later):
            return None
        framed_purpose = later.group("p") if later and not (after or before) else None
        # the purpose named after the amount or the rest of its list: 100万元奖励, 200、100万元的补贴
        purpose_after = _PURPOSE_AFTER_RE.match(text, _skip_list(text, q.end))
    else:  # 元, 美元
        framed_purpose = None
        purpose_after = _PURPOSE_AFTER_RE.match(text, _skip_list(text, q.end))  # (as above)
        if not _GRANT_RE.search(text, sent_start, min(sent_end, q.end + 12)) \
                and not (purpose_after and purpose_after.group("p").endswith(_GRANT_NOUNS)):
            if _benefit_standard(clause_before) is None and not _capped_for_each(index, sent_start, clause_start, q.start):
                return None  # (增加40万元、30万元、20万元服务奖励: the grant named after the list)
        grant_near = _GRANT_RE.search(clause_before) or purpose_after
        if _GOAL_MONEY_RE.search(clause_before) and not grant_near:
            return None
    gap_match = _CONDITION_GAP_RE.match(text, q.end)  # (every part is optional: it always matches)
    gap = gap_match.end() if gap_match is not None else q.end
    if text.startswith("的", gap) and not _PURPOSE_AFTER_RE.match(text, gap):
        return None  # 投入5000万元（含）以上的企业: a condition of eligibility, not the grant
    if is_rate_basis(text, clause_start, q.start):
        return None  # 产值每新增1000万元奖励2万元: the unit the grant is paid per
    if text.startswith(("（含）", "(含)", "（不含）", "(不含)"), q.end) or text.startswith("至", gap):
        return None
    purpose_end = q.end
    purpose: Optional[str] = None
    recipient: Optional[str] = None
    if purpose_after:
        purpose = purpose_after.group("p")
        purpose_end = purpose_after.end()
    else:  # (a ratio's purpose named later, else the purpose word before it, else a benefit's standard)
        purpose = framed_purpose or _purpose_before(text, sent_start, q.start)
        standard = _benefit_standard(clause_before) if purpose is None else None
        if standard is not None:
            purpose = standard.group("p")
            recipient = _beneficiary(clause_before, standard)
        if purpose is None and previous is not None:
            purpose = previous.purpose
    comparator = "<=" if _CAP_RE.search(clause_before) or _CAP_AFTER_RE.match(text, q.end) \
        else ">=" if _FLOOR_RE.search(clause_before) else "="
    start_match = None
    for start_match in _GRANT_START_RE.finditer(text, clause_start, q.start):
        if start_match.group() in ("按",):
            break
    text_start = start_match.start() if start_match else clause_start
    if text_start == clause_start:
        marker = _LEADING_MARKER_RE.match(text, clause_start, q.start)
        text_start = marker.end() if marker else clause_start  # (62.对…奖励10万元: the item's number is no part)
    if text_start > clause_start and text[clause_start:text_start].startswith("每年"):
        text_start = clause_start
    recipient = (recipient or _recipient(index, sent_start, clause_start, q.start)
                 or _rate_label(index, sent_start, q.start) or _supported(text, purpose, purpose_end)
                 or _given_to(clause_before))
    if recipient is None and previous is not None:
        recipient = previous.recipient
    if purpose and recipient and len(purpose) > 2 and recipient.endswith(purpose[:-2]):
        purpose = purpose[-2:]  # (…工业设计中心奖励20万元: the characters before 奖励 end the recipient's name)
    per_year = q.per == "年" or "每年" in clause_before
    return Funding(
        id="",
        text="",
        value=q.value,
        unit=q.unit,
        value_max=q.value_max,
        comparator=comparator,  # type: ignore[arg-type]
        purpose=purpose,
        recipient=recipient,
        per_year=per_year,
        span=(text_start, max(purpose_end, q.end)),
    )


# The standard of a benefit paid per head, before its amount: 最低生活保障标准为每人每月, 基本生活费提高到每人每月,
# 照料护理标准每人每月分别为 (救助/供养 notices) — not 收费标准 (a fee) or 认定标准 (an income threshold).
_BENEFIT_STANDARD_RE = compile_pattern(
    r"(?P<p>(?:基本|最低)?(?:生活保障|低保|生活|饮食|养育|供养|救助|(?:照料)?护理|保障)(?:标准|费))"
    r"(?:为|是|提高到|提高至|调整为|调整到|不低于)?(?:每人|每户)"
)
# Who a benefit standard is for, named before it: 农村特困人员, 未成年受助人员, 散居孤儿 (a person or a household).
_BENEFICIARY_RE = compile_pattern(r"其?(?P<r>[^，,。；;]{2,40}(?:人员|对象|儿童|孤儿|老人|家庭|残疾人))$")


def _benefit_standard(clause_before: str) -> Optional[re.Match[str]]:
    """The per-head benefit standard the amount states (基本生活标准为每人每月1200元: group ``p`` names it), or None."""
    if "每" not in clause_before:
        return None  # (every match holds 每人 or 每户)
    return _BENEFIT_STANDARD_RE.search(clause_before)


def _beneficiary(clause_before: str, standard: re.Match[str]) -> Optional[str]:
    """Who the standard is for, when the words before its name end with a person (农村特困人员基本生活标准 → 农村特困人员)."""
    marker = _LEADING_MARKER_RE.match(clause_before)
    named = _BENEFICIARY_RE.match(clause_before, marker.end() if marker else 0, standard.start())
    return named.group("r") if named else None


def _capped_for_each(index: TextIndex, sent_start: int, clause_start: int, pos: int) -> bool:
    """True when the clause caps an amount per recipient (每家最高…) after a clause naming who qualifies
    (对首次入选…的企业，每家企业最高不超过100万元; the amount at ``pos``): a grant with its verb left out, not a goal."""
    text = index.text
    if "每" not in text[clause_start:clause_start + 3] or "对" not in text[sent_start:clause_start]:
        return False  # (the cap opens its clause, and the 对 phrase stands before it)
    return _CAP_FOR_EACH_RE.match(text, clause_start, pos) is not None \
        and _RECIPIENT_RE.search(text, sent_start, clause_start) is not None


def _skip_comparator(text: str, pos: int) -> int:
    return pos + 2 if text.startswith(("以上", "以内", "以下", "左右"), pos) else pos


# The rest of a list of amounts after one member: 、100万元、50万元 / 和50万元.
_LIST_REST_RE = compile_pattern(r"(?:[、和及或][0-9０-９.．]{1,12}[万亿]?元?(?:/[年月])?){0,8}")


def _skip_list(text: str, pos: int) -> int:
    """Skip the other members of an amount list so the shared purpose after it is found."""
    if text.startswith("/年", pos) or text.startswith("/月", pos):
        pos += 2
    m = _LIST_REST_RE.match(text, pos)
    return m.end() if m else pos


def _supported(text: str, purpose: Optional[str], purpose_end: int) -> Optional[str]:
    """What a budget is for when the words after it name it: 经费支持社区服务站建设 → 社区服务站."""
    if not (purpose and purpose.endswith("支持")) and not text.startswith(_SUPPORT_OPENINGS, purpose_end):
        return None
    supported = _SUPPORTED_RE.match(text, purpose_end)
    if supported is None:
        return None
    return _BRACKETED_RE.sub("", supported.group("r")).strip() or None


# Who a grant is given to, between the grant verb and the amount: 给予运营主体10万元, 分别给予参赛团队 (not the
# words of the grant itself: 给予一次性奖励, 给予最高, 给予不超过).
# (a cap or floor word may close the words: 给予企业不超过10万元 → 企业)
_GIVEN_TO_RE = compile_pattern(
    r"(?:给予|予以)(?P<r>[\u4e00-\u9fffA-Za-z“”]{2,12}?)(?:每家|每个|每人|每户)?(?:分别)?"
    r"(?:最高|最多|不超过|不高于|不低于|不少于|至少|约)?$"
)
_NOT_GIVEN_TO_RE = compile_pattern(
    r"^(?:一次性|最高|最多|不超过|不低于|每|分别|总额|合计|累计|相应|适当|一定|贷款|项目)|奖励|补贴|补助|资助|资金|经费|贴息|奖补|支持|标准|比例|额度|的"
    r"|(?:费|额|款|金|成本|投资|投入|收入)$"  # (给予参展企业展位费80%: the base of a share, not who gets it)
)


def _given_to(clause_before: str) -> Optional[str]:
    """Who gets the amount when the grant verb names them right before it (给予运营主体10万元 → 运营主体), or None."""
    if "给予" not in clause_before and "予以" not in clause_before:
        return None
    given = _GIVEN_TO_RE.search(clause_before)
    if given is None or _NOT_GIVEN_TO_RE.search(given.group("r")):
        return None
    return given.group("r")


def _rate_label(index: TextIndex, sent_start: int, pos: int) -> Optional[str]:
    """The name an amount is listed under after a colon of rates (标准为：国际级顶尖人才15万元/年 → 国际级顶尖人才)."""
    text = index.text
    seg_start, _ = index.segment_and_clause_start(pos, sent_start)
    colon = max(text.rfind("：", sent_start, seg_start), text.rfind(":", sent_start, seg_start))
    if colon < 0 or text.find("标准", sent_start, colon) < 0:
        return None
    label = _RATE_LABEL_TAIL_RE.sub("", text[seg_start:pos].strip())
    if not _RATE_LABEL_RE.fullmatch(label) or _GRANT_RE.search(label):
        return None
    return label


def _purpose_before(text: str, start: int, end: int) -> Optional[str]:
    """The last purpose word before the amount in its sentence (最高补贴50万元 → 补贴)."""
    last = None
    for last in _PURPOSE_BEFORE_RE.finditer(text, start, end):
        pass
    if last is None:
        return None
    purpose = last.group("p")
    for stop in _PURPOSE_PREFIX_STOP:
        if purpose.startswith(stop) and len(purpose) > len(stop):
            purpose = purpose[len(stop):]
    return purpose


def _names_grant_as_verb(text: str, start: int, end: int) -> bool:
    """True when a grant noun stands in ``text[start:end]`` (literal scans before ``_CLAUSE_GRANTEE_RE`` is tried)."""
    return any(text.find(noun, start, end) >= 0 for noun in _GRANT_AS_VERB_NOUNS)


def _recipient(index: TextIndex, sent_start: int, clause_start: int, pos: int) -> Optional[str]:
    """Who gets it, brackets removed, as written: the clause's own X in X奖励N万元, the 对X的， phrase before the
    amount, else the clause before
    a clause that opens with the grant (or with 对其) when it names a noun qualified by 的 (运营满一年的企业，给予…)."""
    text = index.text
    seen_end = pos + 1  # (the amount's first character stays in sight: 奖励10万元 is told by the digit after 奖励)
    grantee = _CLAUSE_GRANTEE_RE.match(text, clause_start, seen_end) if _names_grant_as_verb(text, clause_start, pos) \
        else None
    if grantee is not None:
        return _BRACKETED_RE.sub("", grantee.group("r")).strip() or None
    last = None
    for last in _RECIPIENT_RE.finditer(text, sent_start, seen_end):
        pass
    if last is not None and not last.group("r").startswith(_PRONOUN_OPENING):
        return _BRACKETED_RE.sub("", last.group("r")).strip() or None
    pronoun = text.rfind(_PRONOUN_PHRASE, sent_start, pos)
    if pronoun >= 0:
        clause_start = index.clause_start(pronoun, sent_start)  # 对其…: its owner is named in the clause before
    elif _BUDGET_OPENING_RE.match(text, clause_start) and clause_start > sent_start:
        fund = _FUND_SET_UP_RE.search(text, index.clause_start(clause_start - 1, sent_start), clause_start - 1)
        return fund.group("r") if fund else None  # (设立X专项资金，每年安排…: the fund it feeds)
    elif not _GRANT_CLAUSE_OPENING_RE.match(text, clause_start):
        return None
    if clause_start <= sent_start:
        return None
    topic = _BRACKETED_RE.sub("", text[index.clause_start(clause_start - 1, sent_start):clause_start - 1]).strip()
    if "的" not in topic or topic.endswith("的"):
        return None  # (…评估为优秀、良好等级的，: a condition on a subject named inside it, not a name)
    return topic
