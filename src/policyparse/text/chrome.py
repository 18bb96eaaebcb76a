"""Remove web-page chrome, spam lines, duplicated metadata and docx leftovers.

Crawled policy pages carry the site around the document: navigation and
breadcrumbs, login boxes, view counters, share and comment widgets, city
switchers, SEO spam, footers.  They sit at the head and the tail; the body is
never touched.  The rule, line by line (after whitespace normalisation):

* Every line gets a class from general signals — its shape (length, bullets,
  separators, sentence punctuation) and the vocabulary of page furniture
  (登录, 浏览次数, 分享到, 条评论, 位置：首页 >, 版权所有 …), never a site's
  wording: ``chrome``, ``strong`` (a line the later stages need: a metadata
  field ``发布日期：…``, a date, a 文号, a title, a heading, a salutation, a
  prose sentence, a signature) or ``weak`` (short, anything else).
* The *head* runs from the top to the first body anchor (a heading, a
  salutation, a prose sentence).  The *tail* runs back from the end over lines
  that are not strong.  In both, chrome lines go.  In the head, so do short
  weak lines that lead up to a chrome line through weak lines only (menu
  items above a breadcrumb, the ``县(市、区) 部门 其他`` selector of a login
  box, the ``• 省级政策`` tag before ``• 扫一扫分享至朋友圈``) — but never the
  pieces of a title broken over lines (``关于推进`` / ``科技创新工作`` / ``的通知``);
  in the tail, weak lines after the first chrome line (``分享到：`` / ``微信``).
* A view counter on a head line that also holds a date or a metadata field is
  cut out of the line: ``发布日期:2017-05-02 阅读次数:30730 次`` → ``发布日期:2017-05-02``.
* Metadata blocks: the first copy stays (the segmenter reads 索引号 … from it);
  a later line whose every ``key value`` pair repeats an earlier one (the same
  value, or a part of it: ``主题分类 科技`` after ``主题分类 科技、教育 \\ 科技``)
  is removed, with its value line when the value stands on the next line.
* Anywhere in the text, docx bookmarks (``[bookmark: _GoBack]``) are cut out.

Blank lines are kept consistent with ``normalize_whitespace`` (none at the
start or end, never two in a row), so the repair stays idempotent.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate, compress, repeat
from operator import add, and_
from typing import Iterator, Optional

from ..cache import compile_pattern, dataclass
from .offsets import Edit
from .repair import StepResult
from .script import to_simplified

_HEAD_LIMIT = 60  # non-blank lines scanned for the head at most
_TAIL_LIMIT = 30  # non-blank lines scanned for the tail at most
_CHROME_MAX_LEN = 40  # UI furniture is short (characters without spaces)
_FOOTER_MAX_LEN = 160  # footers hold several fields on one line
_CONTINUATION_MAX_HAN = 12  # a weak line continuing a chrome block has at most this many Han characters
_VALUE_LINE_MAX_LEN = 40  # a metadata value standing on its own line
_PROSE_MIN_LEN = 300  # a line this long is body text, whatever it says
_TITLE_MAX_LINES = 4  # lines a title may be broken over
# strong lines that belong to a page header rather than to the body
_PAGE_HEADER_REASONS = frozenset({"field", "date", "title", "markdown", "doc_number"})
_COUNTER_SEPARATORS = frozenset(" \t|｜•·")  # cut together with a counter
# line reasons whose counters may be cut when they hold a date (not titles, headings, prose)
_MAY_HOLD_COUNTER = frozenset({"", "organisation", "long", "doc_number"})

# --- vocabulary and shapes ---------------------------------------------------------
# a leading list bullet or markdown emphasis, e.g. "• ", "· ", "**"
_BULLET = compile_pattern(r"^(?:[•·●◆◇■□▪▫►▶○>\-\*]\s*|\*\*)+")
# docx bookmark leftovers, e.g. "[bookmark: _GoBack]", "[bookmark: 来自《10条》]"
_BOOKMARK = compile_pattern(r"\[bookmark:[^\]\n]{0,200}\]")
# bookmarks (and spaces) opening a line, e.g. "[bookmark: _GoBack] " of "[bookmark: _GoBack] 13.引导…"
_LEADING_BOOKMARKS = compile_pattern(r"^[^\S\n]*(?:\[bookmark:[^\]\n]{0,200}\][^\S\n]*)+")
# a view counter, e.g. "浏览次数:3576", "阅读1148次", "点击量：12 次", "1200人阅读"
_COUNTER = compile_pattern(
    r"(?:(?:浏览|阅读|点击|访问|查看|围观)(?:次数|量|数|人次)?\s*(?:[:：]\s*)?(?:[(（\[]\s*)?\d{1,9}"
    r"(?:\s*[)）\]])?(?:\s*(?:人次|次))?"
    r"|\d{1,9}\s*(?:人次|次|人)\s*(?:浏览|阅读|点击|访问))"
)
# navigation: breadcrumbs, menu bars and pagers, which may quote titles.  Read from the line start: a
# location label or a pager, e.g. "位置: 首页 >政策法规", "上一篇：关于…的通知"
_NAVIGATION_START = compile_pattern(
    r"(?:当前|您的|您现在的|你的|你现在的|您当前的)?(?:所在)?位置\s*[:：]"
    r"|(?:上一篇|下一篇|上一条|下一条|上一页|下一页)\s*[:：]?"
)
# ... and anywhere in the line: a link to the home page in a menu bar or breadcrumb, e.g. "首页 | 政务公开"
_NAVIGATION_HOME = compile_pattern(r"首页\s*(?:[>＞›»→/|｜]|&gt;)")
# one item of a breadcrumb laid out one per line, e.g. ">> 政务公开", "» 政策文件"
_BREADCRUMB_ITEM = compile_pattern(r"^(?:>>|»|›)\s*\S")
# page furniture, checked on short lines only; each alternative names one widget.  Words that may stand
# anywhere in the line each open with a literal character, so a search skips to the positions holding one.
_UI_CHROME_WORD = compile_pattern(
    "|".join(
        [
            r"切换(?:城市|站点|地区|区域|语言|版本|分站|[\u4e00-\u9fff]{0,4}区)",  # city / site switcher
            r"简体(?:中文)?版|繁体(?:中文)?版|繁體(?:中文)?版",  # language versions
            r"用户名|密码不能为空|忘记密码|找回密码|验证码|退出登录",  # login box
            r"用户登录|企业登录|会员登录|个人登录|单位登录|管理员?登录|人才登录|市民登录|登录$",
            r"免费注册|立即注册|新用户注册|注册$",
            r"分享到|分享至|一键分享|扫一扫|扫码|二维码|朋友圈",  # share widget, QR codes
            r"条评论|发表评论|我要评论|网友评论|评论\s*[(（]\s*\d|有话说",  # comment widget
            r"打印本页|关闭窗口|打印此页|【\s*(?:打印|关闭|收藏|返回|我要纠错|纠错)|我要纠错|返回顶部|回到顶部|加入收藏|设为首页|收藏本页",  # page tools
            r"字体\s*(?:[:：]\s*)?(?:[【\[]\s*)?大|字号\s*(?:[:：]\s*)?(?:[【\[]\s*)?大|大\s*中\s*小\s*[】\]]?$",  # font size
        ]
    )
)
# page furniture read from the start of a short line (most of them the whole line)
_UI_CHROME_LINE = compile_pattern(
    "|".join(
        [
            r"(?:无障碍|無障礙)(?:浏览|阅读|版|模式)?$",  # accessibility
            r"(?:长者助手|长者模式|长者专区|关怀版|老年版|手机版|移动版|English|EN|(?:网站|返回)?首页)$",  # site versions
            r"登录|注册|分享\s*[:：]?$",  # login box, share widget
            r"(?:浏览|阅读|点击|访问)(?:次数|量)\s*[:：]?$",  # a counter whose number is filled in by script
            r"欢迎(?:来到|访问|光临|您)",  # welcome banner
            r"(?:打印|关闭|收藏|返回|纠错)+$",  # page tools
            r"相关(?:文章|阅读|链接|新闻|推荐|文件)\s*[:：]?$",  # related links
        ]
    )
)
# site footers, allowed to be longer than other furniture: 版权所有 © 2023, 网站地图 | 联系我们,
# 主办单位：某市人民政府办公室  承办：某市大数据中心 (the site's host and operator), 相关链接： 国务院 省政府
_FOOTER = compile_pattern(
    r"版权所有|Copyright|©|ICP备|公网安备|网站标识码|网站地图|技术支持\s*[:：]"
    r"|(?:主办|承办|协办)(?:单位)?\s*[:：][^\n]{1,60}?(?:主办|承办|协办|技术支持|运维)(?:单位)?\s*[:：]|相关链接|友情链接"
)
# SEO spam vocabulary; a "strong" term is never policy language.  Every alternative opens with a literal
# character (the word "AV" is spelled as "A…|a…"), so a search skips to the positions holding one of them.
_SPAM_TERM = compile_pattern(
    r"在线观看|免费观看|在线播放|免费播放|在线视频|一区二区|二区三区|无码|有码|日韩|午夜|人妻|自拍|偷拍|中文字幕"
    r"|精品|国产|欧美|亚洲|高清|视频|影院|伦理|三级|成人|福利|激情"
    r"|A(?<![A-Za-z]A)[Vv](?![A-Za-z])|a(?<![A-Za-z]a)[Vv](?![A-Za-z])"
)
_STRONG_SPAM = frozenset("在线观看 免费观看 在线播放 免费播放 一区二区 二区三区 无码 日韩 午夜 人妻 自拍 偷拍 中文字幕".split())
# separators of a keyword list, e.g. "a,b,c" or "a | b"
_LIST_SEPARATOR = compile_pattern(r"[,，|｜、/]")

# metadata field names of government pages; a key may be spaced ("索 引 号")
_METADATA_KEYS = (
    "索引号 主题分类 体裁分类 组配分类 服务对象分类 分类 发文机关 发文单位 发布机构 发布单位 成文日期 发文日期 印发日期 "
    "发布日期 发布时间 发表时间 时间 日期 生效日期 实施日期 废止日期 标题 文号 发文字号 文件编号 主题词 关键词 公文时效 时效 有效性 "
    "效力状态 信息来源 文章来源 来源 公开方式 公开范围 所属机构 作者 责任编辑 更新时间 检索时间 检索关键词 原文链接"
).split()


def _spaced(word: str) -> str:
    return r"\s{0,3}".join(map(re.escape, word))


# a metadata key at a field boundary, e.g. "发布日期:" or "索 引 号 " or "**发布日期**:"
_KEY = compile_pattern(
    r"(?<![^\s*|｜•·])(?:\*\*)?(?P<key>"
    + "|".join(_spaced(k) for k in sorted(_METADATA_KEYS, key=len, reverse=True))
    + r")(?:\*\*)?(?:\s*[:：]|\s+|$)"
)
# a line that is a date (and time), possibly with a short verb, e.g. "2019-01-18",
# "• 2023-03-28 10:28", "2021年5月21日", "2023年8月9日印发"
_DATE_LINE = compile_pattern(
    r"^[\[(（【]?\s*(?:19|20)\d{2}\s*[-年./]\s*\d{1,2}(?:\s*[-月./]\s*\d{1,2}(?:\s*日)?)?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
    r"\s*(?:[\])）】]\s*)?[\u4e00-\u9fff]{0,4}$"
)
# a date anywhere, e.g. "2017-05-02", "2021年5月21日"
_DATE = compile_pattern(r"(?:19|20)\d{2}\s*[-年./]\s*\d{1,2}")
# a 文号 anywhere, e.g. "盘政办发〔2021〕10号", "沪科〔2025〕5号"
_DOC_NUMBER = compile_pattern(r"[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*第?\s*\d{1,5}\s*号")
# a heading marker (GB/T 9704 §7.3.3 levels, and 第X章/条), e.g. "一、", "（一）", "1.", "第三条"
_HEADING = compile_pattern(
    r"^(?:[一二三四五六七八九十百]{1,4}\s*[、.．]|[（(]\s*[一二三四五六七八九十百]{1,4}\s*[)）]|\d{1,3}\s*[.．、](?!\d)"
    r"|[（(]\s*\d{1,3}\s*[)）]|第[一二三四五六七八九十百零\d]{1,5}[章节条部分]|——)"
)
# a document-type word that ends a title, e.g. "…的通知", "…实施方案(2016~2018年)"
_DOC_TYPE = compile_pattern(
    r"(?:通知|通告|公告|方案|意见|办法|规定|决定|规划|计划|细则|措施|条例|纲要|指南|指引|批复|报告|规则|要点|政策|决议|公报|纪要|函)"
    r"[^\u4e00-\u9fff]{0,14}$"
)
# words that hold a title together, e.g. "关于…的通知", "印发《…》"; menu items ("政务公开") lack them
_TITLE_GLUE = compile_pattern(r"关于|的|印发|转发|《|(?:19|20)\d{2}")
# an organisation name ending a line (signature, issuer), e.g. "盘锦市人民政府办公室", "市科技局"
_ORGANISATION_END = compile_pattern(r"(?:政府|办公室|办公厅|委员会|局|厅|委|院|中心|小组|公司|协会|大学|学院|部)$")
# the addressees of a notice (主送机关), e.g. "各有关单位：", "各区人民政府，市政府各委、办、局："
_ADDRESSEE = compile_pattern(r"^各|单位|政府|部门|机关|机构|[委局办厅]\s*[:：)）]|企业|学校|院所|成员")
# the disclosure note under a signature, e.g. "（此件公开发布）", "(此件主动公开)"
_DISCLOSURE = compile_pattern(r"^[(（]\s*此件[^)）]{0,12}[)）]$")
# sentence punctuation of prose
_SENTENCE_END = compile_pattern(r"[。；;！？]")
# a comma (prose lines without 。 still have commas)
_COMMA = compile_pattern(r"[，,、]")
# markdown structure kept as is: headings, bold, link lists, rules, 【section】 labels
_MARKDOWN = compile_pattern(r"^(?:#{1,6}\s|[-*+]\s+\[|-{3,}$|【[^】]{1,12}】$)")
# a run of Han characters, e.g. "科技创新" of "科技创新2025"
_HAN_RUN = compile_pattern(r"[\u3400-\u9fff]+")
# the label of a crawler export's closing block: "【原文下载】", "**更新时间**: 2026-01-26 11:25:32"
_EXPORT_FOOTER_LABEL = compile_pattern(
    r"^[【\[]?\s*(?:原文下载|下载原文|正文下载)\s*[】\]]?\s*[:：]?$|^(?:更新|修改|最后更新)(?:时间|日期)\s*[:：]"
)
# one entry of a markdown link list, e.g. "- [通知.pdf](/cmsres/…/x.pdf )"
_LINK_LIST_ITEM = compile_pattern(r"^[-*+]\s+\[[^\]\n]{1,300}\]\([^)\n]{1,600}\)$")
# a markdown horizontal rule, e.g. "---", "***"
_RULE_LINE = compile_pattern(r"^(?:-{3,}|\*{3,}|_{3,})$")
# spaces, and spaces or markdown bold marks, dropped when metadata values are compared
_SPACES = compile_pattern(r"\s+")
_SPACES_AND_EMPHASIS = compile_pattern(r"\s+|\*\*")


@dataclass(slots=True)
class _Line:
    index: int  # the line's number in the text, from 0
    start: int  # offset of the first character
    text: str
    kind: str = ""  # chrome | strong | weak; "" until classified (only head and tail lines are)
    anchor: bool = False  # a body line: heading, salutation, prose
    reason: str = ""
    view: str = ""  # the text as read for classification: Simplified, so Traditional pages are judged alike
    edits: Optional[list[Edit]] = None  # partial edits inside a kept line (counters, bookmarks)

    def add_edit(self, start: int, end: int) -> None:
        """Delete ``[start, end)`` of this line (offsets within the line)."""
        if self.edits is None:
            self.edits = []
        self.edits.append(Edit(self.start + start, self.start + end, ""))


class _Lines:
    """The lines of a text (a final "\\n" does not open a line): offsets and blankness of all of them, the
    ``_Line`` of one made on first use (only head and tail lines, and lines with bookmarks, are looked at)."""

    __slots__ = ("text", "starts", "blank", "made", "simplified")

    def __init__(self, text: str, *, simplified: bool = False) -> None:
        pieces = text.split("\n")
        if pieces and not pieces[-1]:
            pieces.pop()  # the text ends with "\n", or is empty
        self.text = text
        self.starts = list(accumulate(map(add, map(len, pieces), repeat(1)), initial=0))[: len(pieces)]
        self.blank = [not piece or piece.isspace() for piece in pieces]
        self.made: dict[int, _Line] = {}  # line index -> its object, once made
        self.simplified = simplified  # the text is in Simplified script already: lines are read as they are

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, i: int) -> _Line:
        line = self.made.get(i)
        if line is None:
            start = self.starts[i]
            line = _Line(i, start, self.text[start:self.end(i)])
            self.made[i] = line
        return line

    def end(self, i: int) -> int:
        """The offset after the last character of line ``i`` (at its line break, if it has one)."""
        if i + 1 < len(self.starts):
            return self.starts[i + 1] - 1
        return len(self.text) - 1 if self.text.endswith("\n") else len(self.text)

    def next_start(self, i: int) -> int:
        """The offset after line ``i`` and its line break (the end of the text for the last line)."""
        return self.starts[i + 1] if i + 1 < len(self.starts) else len(self.text)

    def index_at(self, position: int) -> int:
        """The index of the line holding ``position``."""
        return bisect_right(self.starts, position) - 1


def _core(line: str) -> str:
    """The line without surrounding spaces, list bullets and markdown emphasis."""
    return _BULLET.sub("", line.strip()).strip()


def _han_count(line: str) -> int:
    """The number of Han characters in ``line``."""
    return sum(map(len, _HAN_RUN.findall(line)))


def _visible_length(line: str) -> int:
    return len(line) - line.count(" ")


def is_spam(line: str) -> bool:
    """SEO spam: keyword lists of video/porn vocabulary (general vocabulary, not a site's list)."""
    terms = _SPAM_TERM.findall(line)
    if len(terms) < 2 or _SENTENCE_END.search(line):
        return False
    distinct = set(terms)
    if distinct & _STRONG_SPAM and len(distinct) >= 2:
        return True
    segments = [s for s in _LIST_SEPARATOR.split(line) if s.strip()]
    spammy = sum(1 for s in segments if _SPAM_TERM.search(s))
    return len(segments) >= 3 and spammy >= 2 and spammy * 2 >= len(segments) and len(distinct) >= 3


def ui_chrome_reason(core: str) -> Optional[str]:
    """Which kind of page furniture a short line is, or None."""
    length = _visible_length(core)
    if _FOOTER.search(core) and length <= _FOOTER_MAX_LEN and not _SENTENCE_END.search(core):
        return "footer"
    if length > _CHROME_MAX_LEN:
        return None
    if _is_title(core):  # a title naming a widget word ("…登录系统的通知") stays
        return None
    compact = core.replace(" ", "")
    if _UI_CHROME_WORD.search(compact) or _UI_CHROME_LINE.match(compact):
        return "widget"
    if _COUNTER.search(core) and not _strip_counters(core).strip(" |｜•·,，:：/()（）[]【】"):
        return "counter"
    return None


def _strip_counters(line: str) -> str:
    return _COUNTER.sub("", line)


def _classified(lines: _Lines, i: int) -> _Line:
    """Line ``i``, classified on first use."""
    line = lines[i]
    if not line.kind:
        _classify(line, simplified=lines.simplified)
    return line


def _classify(line: _Line, *, simplified: bool) -> None:
    """Set ``kind``/``anchor``/``reason`` of one non-blank line (``simplified``: its text needs no conversion
    to be read)."""
    line.kind = "weak"
    if len(line.text) > 2 * _PROSE_MIN_LEN:  # body text; skip converting a huge line
        line.view = line.text
        line.kind, line.reason, line.anchor = "strong", "prose", True
        return
    line.view = line.text if simplified else to_simplified(line.text)
    stripped = line.view.strip()
    if "[bookmark:" in stripped:  # judged as it will read without its bookmarks
        stripped = _BOOKMARK.sub("", stripped).strip()
        if not stripped:
            return
    if len(stripped) > _PROSE_MIN_LEN:  # far longer than any page furniture
        line.kind, line.reason, line.anchor = "strong", "prose", True
        return
    if _MARKDOWN.match(stripped):
        line.kind, line.reason = "strong", "markdown"
        return
    core = _core(stripped)
    if not core:  # only bullets or emphasis marks
        return
    if is_spam(core):
        line.kind, line.reason = "chrome", "spam"
        return
    if _KEY.match(core):
        line.kind, line.reason = "strong", "field"
        return
    if _HEADING.match(core):
        line.kind, line.reason, line.anchor = "strong", "heading", True
        return
    navigation = _NAVIGATION_START.match(core) or _NAVIGATION_HOME.search(core) or _BREADCRUMB_ITEM.match(stripped)
    if navigation and _visible_length(core) <= 2 * _CHROME_MAX_LEN:
        line.kind, line.reason = "chrome", "navigation"
        return
    reason = ui_chrome_reason(core)
    if reason:
        line.kind, line.reason = "chrome", reason
        return
    strong = _strong_reason(core)
    if strong:
        line.kind, line.reason, line.anchor = "strong", strong, strong in {"prose", "salutation"}


def _strong_reason(core: str) -> Optional[str]:
    """Why a line that is not chrome must stay, or None for a weak line."""
    if _DATE_LINE.match(core):
        return "date"
    if _DISCLOSURE.match(core):
        return "disclosure"
    if _DOC_NUMBER.search(core):
        return "doc_number"
    if _is_title(core):
        return "title"
    length = _visible_length(core)
    if (_SENTENCE_END.search(core) and length >= 12) or (length >= 40 and _COMMA.search(core)):
        return "prose"
    if core[-1] in ":：" and _ADDRESSEE.search(core):
        return "salutation"
    han_count = _han_count(core)
    if han_count >= 3 and _ORGANISATION_END.search(core):
        return "organisation"
    if han_count > _CONTINUATION_MAX_HAN:
        return "long"
    return None


def _is_title(core: str) -> bool:
    """A document title: ends with a document-type word, no sentence punctuation."""
    return _visible_length(core) >= 8 and bool(_DOC_TYPE.search(core)) and not _SENTENCE_END.search(core)


# --- metadata pairs ---------------------------------------------------------------
def _pairs(core: str) -> list[tuple[str, str]]:
    """``(key, value)`` pairs of a metadata line; values without spaces."""
    matches = list(_KEY.finditer(core))
    pairs = []
    for i, match in enumerate(matches):
        value_end = matches[i + 1].start() if i + 1 < len(matches) else len(core)
        key = _SPACES.sub("", match.group("key"))
        value = _SPACES_AND_EMPHASIS.sub("", core[match.end() : value_end])
        pairs.append((key, value))
    return pairs


def _repeats(key: str, value: str, seen: dict[str, list[str]]) -> bool:
    """True when ``value`` of ``key`` equals or is part of a value seen before."""
    return bool(value) and any(value == old or value in old for old in seen.get(key, ()))


# --- the step ----------------------------------------------------------------------------
def strip_chrome(text: str, *, simplified: bool = False) -> StepResult:
    """Edits removing chrome, spam, duplicated metadata and bookmarks (see module docstring).

    Lines are judged in Simplified script: ``simplified`` says the text is in it already (the script step
    ran before), else each line looked at is converted first."""
    lines = _Lines(text, simplified=simplified)
    removed: dict[int, str] = {}
    head_end, head = _mark_head(lines, removed)
    _mark_tail(lines, removed, head_end)
    _mark_export_footer(lines, removed, head_end)
    _mark_duplicate_metadata(head, removed)
    _mark_counters(head, removed)
    if "[bookmark:" in text:
        _mark_bookmarks(lines, removed)
    edits = list(_edits(lines, removed))
    reasons: dict[str, int] = {}
    for reason in removed.values():
        reasons[reason] = reasons.get(reason, 0) + 1
    partial = sum(len(line.edits) for i, line in lines.made.items() if line.edits and i not in removed)
    parts = [f"{n} {r} line{'s' if n > 1 else ''}" for r, n in sorted(reasons.items())]
    if partial:
        parts.append(f"{partial} in-line pieces (counters, bookmarks)")
    return StepResult(edits=edits, count=len(removed) + partial, detail="removed " + ", ".join(parts) if parts else "")


def _non_blank(lines: _Lines, indices: range | list[int]) -> Iterator[int]:
    blank = lines.blank
    return (i for i in indices if not blank[i])


def _mark_head(lines: _Lines, removed: dict[int, str]) -> tuple[int, list[_Line]]:
    """Mark chrome in the head; return the index of the first body anchor and the head's non-blank lines
    (all of them, classified)."""
    head: list[_Line] = []
    head_end = len(lines)
    first_substantive: Optional[int] = None  # where in the head the body starts when there is no anchor at all
    for i in _non_blank(lines, range(len(lines))):
        line = _classified(lines, i)
        if line.anchor or len(head) >= _HEAD_LIMIT:
            head_end = i
            break
        if first_substantive is None and line.kind == "strong" and line.reason not in _PAGE_HEADER_REASONS:
            first_substantive = len(head)
        head.append(line)
    else:  # no heading, salutation or prose (a bare list or table): the head stops earlier
        if first_substantive is not None:
            head_end = head[first_substantive].index
            del head[first_substantive:]
    title_parts = _title_fragments(head)
    chrome_follows = False  # walking upwards: a chrome line is reached through weak lines only
    for line in reversed(head):
        if line.kind == "chrome":
            removed[line.index] = line.reason
            chrome_follows = True
        elif (chrome_follows and line.kind == "weak" and line.index not in title_parts
              and _han_count(line.text) <= _CONTINUATION_MAX_HAN):
            removed[line.index] = "widget"
        else:
            chrome_follows = False
    return head_end, head


def _title_fragments(head: list[_Line]) -> set[int]:
    """Indices of weak lines that together make a title broken over lines ("关于推进" / "科技创新工作" / "的通知")."""
    fragments: set[int] = set()
    # each line as a title piece reads (None for a line that breaks a title: chrome, or strong but no title)
    parts = [_core(line.view) if line.kind == "weak" or line.reason == "title" else None for line in head]
    for first in range(len(head)):
        joined = ""
        shortest_before_last = _PROSE_MIN_LEN  # the last piece may be as short as "的通知"
        previous_length = 0
        for last in range(first, min(first + _TITLE_MAX_LINES, len(head))):
            part = parts[last]
            if part is None:
                break
            if joined:
                shortest_before_last = min(shortest_before_last, previous_length)
            joined += part
            previous_length = _visible_length(part)
            if _is_title(joined) and (_TITLE_GLUE.search(joined) or shortest_before_last >= 5):
                fragments.update(line.index for line in head[first : last + 1] if line.kind == "weak")
                break
    return fragments


def _mark_tail(lines: _Lines, removed: dict[int, str], head_end: int) -> None:
    """Mark chrome in the tail: the lines after the last strong line."""
    tail: list[int] = []
    for i in _non_blank(lines, range(len(lines) - 1, head_end - 1, -1)):
        if _classified(lines, i).kind == "strong" or len(tail) >= _TAIL_LIMIT:
            break
        tail.append(i)
    tail.reverse()
    after_chrome = False
    for k, i in enumerate(tail):
        if lines[i].kind == "chrome":
            if not after_chrome:  # a markdown rule that only fences the chrome off goes with it
                for j in reversed(tail[:k]):
                    if not _RULE_LINE.match(lines[j].view.strip()):
                        break
                    removed[j] = "rule"
            removed[i] = lines[i].reason
            after_chrome = True
        elif after_chrome:  # e.g. "微信" / "微博" after "分享到："
            removed[i] = "widget"


def _mark_export_footer(lines: _Lines, removed: dict[int, str], head_end: int) -> None:
    """Mark a crawler export's closing block: from a download or update-stamp label to the end,
    when nothing after the label but link lists and rules follows (and the rules fencing it off)."""
    block: list[int] = []
    for i in _non_blank(lines, range(len(lines) - 1, head_end - 1, -1)):
        view = lines[i].text.strip().replace("**", "")
        if not (_LINK_LIST_ITEM.match(view) or _RULE_LINE.match(view) or _EXPORT_FOOTER_LABEL.match(view)):
            break
        block.append(i)
        if len(block) >= _TAIL_LIMIT:
            break
    block.reverse()
    labels = [k for k, i in enumerate(block) if _EXPORT_FOOTER_LABEL.match(lines[i].text.strip().replace("**", ""))]
    if not labels:
        return
    first = labels[0]
    while first > 0 and _RULE_LINE.match(lines[block[first - 1]].text.strip()):
        first -= 1
    for i in block[first:]:
        removed[i] = "export_footer"


def _mark_duplicate_metadata(head: list[_Line], removed: dict[int, str]) -> None:
    """Mark metadata lines of the head whose every field repeats an earlier one."""
    seen: dict[str, list[str]] = {}
    for k, line in enumerate(head):
        if line.reason != "field" or line.index in removed:
            continue
        pairs = _pairs(_core(line.view))
        value_line = None
        if len(pairs) == 1 and not pairs[0][1] and k + 1 < len(head):  # "发布时间:" with the value on the next line
            following = head[k + 1]
            if following.reason != "field" and following.kind != "chrome":
                value = _SPACES.sub("", _core(following.view))
                if len(value) <= _VALUE_LINE_MAX_LEN:
                    value_line, pairs = following.index, [(pairs[0][0], value)]
        if pairs and all(_repeats(key, value, seen) for key, value in pairs):
            removed[line.index] = "duplicate_metadata"
            if value_line is not None:
                removed[value_line] = "duplicate_metadata"
            continue
        for key, value in pairs:
            seen.setdefault(key, []).append(value)


def _mark_counters(head: list[_Line], removed: dict[int, str]) -> None:
    """Cut view counters out of kept head lines that also hold a metadata field or a date."""
    for line in head:
        view = line.view
        holds_date = line.reason in _MAY_HOLD_COUNTER and _DATE.search(view)
        if line.index in removed or not (line.reason in {"field", "date"} or holds_date) or len(view) != len(line.text):
            continue
        for match in _COUNTER.finditer(view):
            start, end = match.start(), match.end()
            while start > 0 and view[start - 1] in _COUNTER_SEPARATORS:
                start -= 1
            if start == 0:  # a counter opening the line: take the separators after it instead
                while end < len(view) and view[end] in _COUNTER_SEPARATORS:
                    end += 1
            line.add_edit(start, end)


def _mark_bookmarks(lines: _Lines, removed: dict[int, str]) -> None:
    """Cut docx bookmarks out of every line; a line left empty goes."""
    for i in _lines_holding(lines, "[bookmark:"):
        line = lines[i]
        if i in removed:
            continue
        if not _BOOKMARK.search(line.text):
            continue
        if not _BOOKMARK.sub("", line.text).strip():
            removed[i] = "bookmark"
            continue
        # bookmarks at either end go with the spaces next to them, so no line is left indented
        leading = _LEADING_BOOKMARKS.match(line.text)
        inner_start = leading.end() if leading else 0
        if leading:
            line.add_edit(0, leading.end())
        inner = list(_BOOKMARK.finditer(line.text, inner_start))
        trailing_start = len(line.text)
        while inner and not line.text[inner[-1].end() : trailing_start].strip():
            trailing_start = inner.pop().start()  # bookmarks closing the line
        if trailing_start < len(line.text):
            while trailing_start > inner_start and line.text[trailing_start - 1].isspace():
                trailing_start -= 1
            line.add_edit(trailing_start, len(line.text))
        for match in inner:
            line.add_edit(match.start(), match.end())


def _lines_holding(lines: _Lines, needle: str) -> Iterator[int]:
    """The indices of the lines that contain ``needle``, in order."""
    text, last = lines.text, -1
    position = text.find(needle)
    while position >= 0:
        i = lines.index_at(position)
        if i > last:
            yield i
            last = i
        position = text.find(needle, position + 1)


def _edits(lines: _Lines, removed: dict[int, str]) -> Iterator[Edit]:
    """Line deletions and partial edits, keeping blank lines single and off the ends.

    Only removed and partly edited lines and the blank lines that may go (``_blank_lines_that_may_go``) are
    visited: any other line is kept as it is.
    """
    blank, made = lines.blank, lines.made
    visited = set(removed)
    visited.update(i for i, line in made.items() if line.edits)
    visited.update(_blank_lines_that_may_go(blank, visited))
    previous_kept_blank = True  # the start of the text counts as blank
    last_kept_blank: Optional[int] = None
    previous = -1
    for i in sorted(visited):
        if i > previous + 1:  # kept lines in between, the last of them not blank
            previous_kept_blank, last_kept_blank = False, None
        previous = i
        if i in removed or (blank[i] and previous_kept_blank):
            yield _line_deletion(lines, i)
            continue
        if blank[i]:
            previous_kept_blank, last_kept_blank = True, i
        else:
            previous_kept_blank, last_kept_blank = False, None
        line = made.get(i)
        if line is not None and line.edits:
            yield from line.edits
    if len(lines) > previous + 1:  # kept non-blank lines at the end
        last_kept_blank = None
    if last_kept_blank is not None:
        yield _line_deletion(lines, last_kept_blank)


def _blank_lines_that_may_go(blank: list[bool], changed: set[int]) -> set[int]:
    """The blank lines that are first or last, or next to a blank line or to a ``changed`` (removed or edited)
    line.  Any other blank line sits between two kept, unedited, non-blank lines: it stays, and changes nothing
    for the lines around it."""
    count = len(blank)
    after_blank = list(compress(range(1, count), map(and_, blank[1:], blank)))  # lines i - 1 and i are blank
    may_go = {*after_blank, *(i - 1 for i in after_blank)}
    may_go.update(i for i in (0, count - 1) if count and blank[i])
    may_go.update(j for i in changed for j in (i - 1, i + 1) if 0 <= j < count and blank[j])
    return may_go


def _line_deletion(lines: _Lines, i: int) -> Edit:
    """The edit deleting line ``i`` with its line break."""
    return Edit(lines.starts[i], lines.next_start(i), "")
