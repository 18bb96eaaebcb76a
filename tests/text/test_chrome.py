"""Web chrome, spam, duplicated metadata and docx leftovers — and the body that must stay."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policyparse.text.chrome import (
    _NAVIGATION_HOME,
    _NAVIGATION_START,
    _SPAM_TERM,
    _UI_CHROME_LINE,
    _UI_CHROME_WORD,
    _edits,
    _han_count,
    _Lines,
    is_spam,
    strip_chrome,
)
from policyparse.text.normalize import normalize_whitespace
from policyparse.text.offsets import Edit, apply_edits

BODY = "各有关单位：\n\n为加快推进科技成果转化，现将有关事项通知如下。\n\n一、总体要求\n\n（一）坚持企业主体地位，强化政策引导。"


def strip(text: str) -> str:
    return apply_edits(text, strip_chrome(text).edits)[0]


def normalized(text: str) -> str:
    return apply_edits(text, normalize_whitespace(text).edits)[0]


# --- head ------------------------------------------------------------------------------------
def test_head_widgets_go_title_and_dates_stay() -> None:
    page = (
        "欢迎访问滨海市科技信息网\n"
        "• 会员登录\n"
        "忘记密码？\n"
        "区县 街道 其他\n"
        "验证码错误，请重新输入\n"
        "当前位置：首页 > 通知公告 > 科技计划\n"
        "关于开展2024年度科技计划项目申报工作的通知\n"
        "发布时间：2024-03-01 点击量：512\n\n" + BODY
    )
    assert strip(page) == "关于开展2024年度科技计划项目申报工作的通知\n发布时间：2024-03-01\n\n" + BODY


def test_title_broken_over_short_lines_stays() -> None:
    page = "关于推进\n科技创新工作\n的通知\n浏览次数：12\n\n" + BODY
    assert strip(page) == "关于推进\n科技创新工作\n的通知\n\n" + BODY


def test_counter_block_after_title() -> None:
    page = (
        "[切换站点 | 切换开发区]\n\n"
        "滨海市促进数字经济发展若干措施\n\n"
        "• 浏览 2301 次\n"
        "• 2022-07-15\n"
        "• 市级文件\n"
        "• 一键分享到微博\n\n" + BODY
    )
    assert strip(page) == "滨海市促进数字经济发展若干措施\n\n• 2022-07-15\n\n" + BODY


def test_traditional_page_is_judged_like_a_simplified_one() -> None:
    page = (
        "歡迎訪問濱海市科技信息網\n會員登錄\n當前位置：首頁 > 通知公告\n"
        "關於開展科技計劃項目申報工作的通知\n發布時間：2024-03-01 點擊量：512\n\n各有關單位：\n\n為加快推進科技成果轉化。"
    )
    assert strip(page) == "關於開展科技計劃項目申報工作的通知\n發布時間：2024-03-01\n\n各有關單位：\n\n為加快推進科技成果轉化。"


def test_text_already_simplified_is_read_without_converting_it_again() -> None:
    page = "欢迎访问滨海市科技信息网\n会员登录\n当前位置：首页 > 通知公告\n关于开展申报工作的通知\n\n各有关单位：\n\n为加快推进科技成果转化。"
    assert strip_chrome(page, simplified=True).edits == strip_chrome(page).edits
    traditional = "當前位置：首頁 > 通知公告\n關於開展申報工作的通知\n\n各有關單位：\n\n為加快推進科技成果轉化。"
    assert strip_chrome(traditional).edits  # converted to be read: the navigation line goes
    assert not strip_chrome(traditional, simplified=True).edits  # taken at its word: nothing reads as chrome


@pytest.mark.parametrize("script, converts", [("simplified", False), ("keep", True)])
def test_chrome_converts_lines_only_when_the_script_step_did_not_run(
    script: str, converts: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    import policyparse.text.chrome as chrome_module
    from policyparse.text.repair import repair_text

    converted: list[str] = []
    monkeypatch.setattr(chrome_module, "to_simplified", lambda line: converted.append(line) or line)
    repair_text("當前位置：首頁 > 通知公告\n關於開展申報工作的通知\n\n各有關單位：\n\n為加快推進科技成果轉化。",
                script=script)  # type: ignore[arg-type]
    assert bool(converted) is converts


@pytest.mark.parametrize(
    "spam",
    [
        "午夜免费观看视频,日韩无码在线播放,高清影院在线观看",
        "精品国产 | 在线视频 | 中文字幕 | 免费观看",
    ],
)
def test_seo_spam_at_the_head(spam: str) -> None:
    assert strip(spam + "\n\n" + BODY) == BODY


@pytest.mark.parametrize(
    "line",
    [
        "建设高清视频会议系统，推进国产化替代。",
        "深化与亚洲、欧美国家的科技合作",
        "推进精品课程和视频公开课建设",
    ],
)
def test_policy_sentences_with_media_words_are_not_spam(line: str) -> None:
    assert not is_spam(line)


# the spam vocabulary as first written, with "AV" as one alternative behind a look-behind
_SPAM_TERM_REFERENCE = re.compile(
    r"在线观看|免费观看|在线播放|免费播放|在线视频|一区二区|二区三区|无码|有码|日韩|午夜|人妻|自拍|偷拍|中文字幕"
    r"|精品|国产|欧美|亚洲|高清|视频|影院|伦理|三级|成人|福利|激情|(?<![A-Za-z])[Aa][Vv](?![A-Za-z])"
)


@given(st.text(alphabet="AaVvxX 1在线观看视频高清国产、|中文", max_size=30))
def test_spam_terms_equal_the_reference_pattern(line: str) -> None:
    assert _SPAM_TERM.findall(line) == _SPAM_TERM_REFERENCE.findall(line)


@given(st.text(alphabet="科技a1 〇\u3400\u9fff\ua000、", max_size=30))
def test_han_count_counts_han_characters(line: str) -> None:
    assert _han_count(line) == sum("\u3400" <= c <= "\u9fff" for c in line)

# the page-furniture vocabulary as first written, one pattern searched over the line
_UI_CHROME_REFERENCE = re.compile(
    "|".join(
        [
            r"切换(?:城市|站点|地区|区域|语言|版本|分站|[\u4e00-\u9fff]{0,4}区)",
            r"(?:简体|繁体|繁體)(?:中文)?版|^(?:无障碍|無障礙)(?:浏览|阅读|版|模式)?$",
            r"^(?:长者助手|长者模式|长者专区|关怀版|老年版|手机版|移动版|English|EN|(?:网站|返回)?首页)$",
            r"用户名|密码不能为空|(?:忘记|找回)密码|验证码|退出登录",
            r"(?:用户|企业|会员|个人|单位|管理员?|人才|市民)登录|^登录|登录$|(?:免费|立即|新用户)注册|^注册|注册$",
            r"分享到|分享至|一键分享|扫一扫|扫码|二维码|朋友圈|^分享\s*[:：]?$",
            r"条评论|发表评论|我要评论|网友评论|评论\s*[(（]\s*\d|有话说",
            r"^(?:浏览|阅读|点击|访问)(?:次数|量)\s*[:：]?$",
            r"^欢迎(?:来到|访问|光临|您)",
            r"打印本页|关闭窗口|打印此页|【\s*(?:打印|关闭|收藏|返回|我要纠错|纠错)|我要纠错|返回顶部|回到顶部|加入收藏|设为首页|收藏本页",
            r"(?:字体|字号)\s*(?:[:：]\s*)?(?:[【\[]\s*)?大|大\s*中\s*小\s*[】\]]?$|^(?:打印|关闭|收藏|返回|纠错)+$",
            r"^相关(?:文章|阅读|链接|新闻|推荐|文件)\s*[:：]?$",
        ]
    )
)
_UI_WORDS = st.sampled_from(
    "切换 城市 科技区 简体 繁體 中文 版 无障碍 浏览 长者模式 首页 网站 English EN 用户 名 管理员 登录 注册 新用户 分享 ："
    " 扫一扫 条评论 评论 （ 3 打印 关闭 本页 【 纠错 字号 : 大 中 小 】 欢迎 您 阅读 次数 相关 文件 通知 x".split()
)


@given(st.lists(_UI_WORDS, max_size=6).map("".join))
def test_ui_chrome_words_and_lines_equal_the_reference_pattern(line: str) -> None:
    found = bool(_UI_CHROME_WORD.search(line) or _UI_CHROME_LINE.match(line))
    assert found == bool(_UI_CHROME_REFERENCE.search(line))

# navigation as first written, one pattern searched over the line
_NAVIGATION_REFERENCE = re.compile(
    r"^(?:当前|您的|您现在的|你的|你现在的|您当前的)?(?:所在)?位置\s*[:：]"
    r"|首页\s*(?:[>＞›»→/|｜]|&gt;)"
    r"|^(?:上一篇|下一篇|上一条|下一条|上一页|下一页)\s*[:：]?"
)
_NAVIGATION_WORDS = st.sampled_from("当前 您现在的 所在 位置 ： : 首页 > | &gt; 上一篇 下一页 政务公开 x".split() + [" "])


@given(st.lists(_NAVIGATION_WORDS, max_size=6).map("".join))
def test_navigation_start_and_home_equal_the_reference_pattern(line: str) -> None:
    found = bool(_NAVIGATION_START.match(line) or _NAVIGATION_HOME.search(line))
    assert found == bool(_NAVIGATION_REFERENCE.search(line))

def test_breadcrumb_one_item_per_line_and_empty_counter() -> None:
    page = (
        "滨海市人民政府关于下达2024年度安置任务的通知\n"
        "» 政务公开\n» 政策文件\n» 市政府文件\n"
        "索引号\n001-2024-0001\n"
        "发布时间：2024-10-23 08:59\n阅读量：\n信息来源：\n市府办\n\n" + BODY
    )
    assert strip(page) == (
        "滨海市人民政府关于下达2024年度安置任务的通知\n"
        "索引号\n001-2024-0001\n"
        "发布时间：2024-10-23 08:59\n信息来源：\n市府办\n\n" + BODY
    )


def test_view_counter_cut_from_a_metadata_line() -> None:
    page = "滨海市人才引进实施办法\n发布日期:2018-09-03 访问次数:1200 次\n来源：市人社局 | 阅读 88 次\n\n" + BODY
    assert strip(page) == "滨海市人才引进实施办法\n发布日期:2018-09-03\n来源：市人社局\n\n" + BODY


def test_view_counter_cut_from_a_date_line() -> None:
    page = "滨海市人才引进实施办法\n• 2022-07-15 • 阅读 300 次\n\n" + BODY
    assert strip(page) == "滨海市人才引进实施办法\n• 2022-07-15\n\n" + BODY


def test_counter_words_in_a_body_sentence_stay() -> None:
    document = BODY + "\n\n2021年组织阅读活动,全年阅读100次以上。"
    assert strip(document) == document


# --- duplicated metadata ------------------------------------------------------------------------
def test_duplicate_metadata_block_keeps_the_first_copy() -> None:
    page = (
        "索 引 号 A-2022-0071 主题分类 财政、金融 \\ 财政\n"
        "发布机构 滨海市财政局 文  号 滨财发〔2022〕7号\n"
        "索 引 号 A-2022-0071\n"
        "主题分类 财政\n"
        "发布机构 滨海市财政局\n"
        "文  号 滨财发〔2022〕7号\n"
        "关于下达专项资金的通知\n\n"
        "发布时间:\n\n2022-05-06 09:30\n\n"
        "来源:\n\n滨海市财政局\n\n"
        "分享:\n\n"
        "发布时间:\n\n2022-05-06 09:30\n\n"
        "来源:\n\n滨海市财政局\n\n" + BODY
    )
    assert strip(page) == (
        "索 引 号 A-2022-0071 主题分类 财政、金融 \\ 财政\n"
        "发布机构 滨海市财政局 文  号 滨财发〔2022〕7号\n"
        "关于下达专项资金的通知\n\n"
        "发布时间:\n\n2022-05-06 09:30\n\n"
        "来源:\n\n滨海市财政局\n\n" + BODY
    )


def test_metadata_with_different_values_stays() -> None:
    page = "发布日期：2021-01-05\n发布日期：2021-02-10\n来源：市科技局\n来源：市财政局\n\n" + BODY
    assert strip(page) == page


# --- tail ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "tail",
    [
        "分享到：\n微信\n微博",
        "网友评论 0 条评论",
        "上一篇：关于做好节能工作的通知\n下一篇：关于公布名单的通告",
        "版权所有：滨海市人民政府办公室 网站标识码：1234567890 ICP备12345678号",
        "【打印本页】【关闭窗口】",
        "【我要纠错】 【打印】\n手机扫码阅读",
        "返回首页",
        "最新影院在线观看免费播放",
        "主办单位：滨海市人民政府办公室  承办：滨海市大数据中心",
        "主办：滨海市人民政府  承办单位：滨海市信息中心  技术支持：某网络公司",
        "相关链接： 国务院 省政府 发展改革委",
        "友情链接：中国政府网 | 省政府网",
    ],
)
def test_tail_chrome_goes(tail: str) -> None:
    document = BODY + "\n\n滨海市科学技术局\n\n2024年3月1日\n\n" + tail
    assert strip(document) == BODY + "\n\n滨海市科学技术局\n\n2024年3月1日\n"


def test_signature_block_before_tail_chrome_stays() -> None:
    document = BODY + "\n\n滨海市人民政府办公室\n\n2022年8月1日\n\n（此件主动公开）\n\n扫一扫在手机上查看"
    assert strip(document) == BODY + "\n\n滨海市人民政府办公室\n\n2022年8月1日\n\n（此件主动公开）\n"


def test_document_without_prose_keeps_its_cells() -> None:
    document = "滨海市重点项目清单\n序号\n项目\n1\n滨海市数据中心\n二期\n2\n智能工厂\n\n分享到：\n微博"
    assert strip(document) == "滨海市重点项目清单\n序号\n项目\n1\n滨海市数据中心\n二期\n2\n智能工厂\n"


def test_a_lone_host_line_at_the_tail_stays() -> None:
    # an activity plan names its 主办单位 as content; only a site footer names its host and operator together
    document = BODY + "\n\n三、组织单位\n\n主办单位：滨海市商务局"
    assert strip(document) == document


def test_table_cells_at_the_tail_stay() -> None:
    document = BODY + "\n\n序号\n任务\n牵头单位\n1\n建设孵化器\n市科技局\n各县区\n经济区"
    assert strip(document) == document


# --- the body is never touched -------------------------------------------------------------------------
def test_chrome_words_inside_the_body_stay() -> None:
    document = (
        BODY + "\n\n分享到：\n\n（二）企业登录平台填报数据。\n\n位置：市政府东侧\n\n"
        "（三）加强经验分享，浏览次数不作为考核依据。\n\n滨海市科学技术局"
    )
    assert strip(document) == document


def test_markdown_export_keeps_its_header_and_body_but_not_its_footer() -> None:
    document = (
        "# 关于印发《滨海市数据要素行动方案》的通知\n\n"
        "**发布日期**: 2025-02-01\n**发布机构**: 滨海市数据局\n"
        "**原文链接**: [http://example.gov.cn/a.html](http://example.gov.cn/a.html)\n\n---\n\n"
        + BODY
    )
    footer = "\n\n【原文下载】\n- [方案.pdf](/files/a.pdf)\n\n**更新时间**: 2026-01-26 11:25:32"
    assert strip(document + footer).rstrip("\n") == document


def test_docx_bookmarks_are_cut_anywhere() -> None:
    document = BODY + "\n[bookmark: _Toc1234]2.强化资金保障。\n[bookmark: 附件一]\n3.加强监督。"
    assert strip(document) == BODY + "\n2.强化资金保障。\n3.加强监督。"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("[bookmark: _Toc1] [bookmark: a]  2.强化资金保障。", "2.强化资金保障。"),
        ("3.加强监督。 [bookmark: _GoBack]", "3.加强监督。"),
        ("甲[bookmark: c]乙 [bookmark: d] 丙", "甲乙  丙"),
    ],
)
def test_bookmarks_take_the_spaces_at_the_ends_of_a_line(line: str, expected: str) -> None:
    assert strip(BODY + "\n" + line) == BODY + "\n" + expected


# --- blank lines and idempotence ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "page",
    [
        "扫一扫在手机打开\n\n\n" + BODY,
        BODY + "\n\n条评论\n",
        "用户名\n密码不能为空\n\n滨海市科技创新政策汇编\n\n" + BODY + "\n\n分享至朋友圈\n\n微信",
    ],
)
def test_result_is_normalised_and_idempotent(page: str) -> None:
    once = strip(normalized(page))
    assert not once.startswith("\n")
    assert "\n\n\n" not in once
    assert not once.endswith("\n\n")
    assert normalized(once) == once
    assert strip_chrome(once).edits == []


def test_detail_names_what_was_removed() -> None:
    result = strip_chrome("用户登录\n\n" + BODY + "\n\n分享到：")
    assert result.count == 2
    assert "widget" in result.detail


# --- real inputs -------------------------------------------------------------------------------------------
def test_shared_corpus_keeps_its_content(shared_dir: Path) -> None:
    corpus = sorted((shared_dir / "corpus").glob("*.txt"))
    if not corpus:
        pytest.skip("../shared/corpus has no documents")
    for path in corpus:
        text = normalized(path.read_text(encoding="utf-8"))
        out = strip(text)
        kept = set(out.split("\n"))
        footer = text.find("\n【原文下载】")
        for line in text[: footer if footer >= 0 else len(text)].split("\n"):
            if line.startswith("**更新时间**"):
                continue  # the export's update stamp is page furniture
            if line.startswith(("【", "**", "#", "- [")) or sum("\u4e00" <= c <= "\u9fff" for c in line) >= 10:
                assert line in kept, (path.name, line)


def test_crawler_export_footer_is_removed_but_attachment_links_stay() -> None:
    from policyparse.text.chrome import strip_chrome
    from policyparse.text.offsets import apply_edits

    text = (
        "三、保障措施\n各区要加强统筹协调，确保各项任务按期完成。\n\n"
        "【相关附件】\n- [重点项目清单.xlsx](/files/a1.xlsx)\n\n"
        "---\n【原文下载】\n- [关于印发某某办法的通知.pdf](/files/b2.pdf )\n\n**更新时间**: 2025-03-01 09:00:00\n"
    )
    out, _ = apply_edits(text, strip_chrome(text).edits)
    assert "原文下载" not in out and "更新时间" not in out and "b2.pdf" not in out and "---" not in out
    assert "【相关附件】" in out and "a1.xlsx" in out
    assert "确保各项任务按期完成。" in out


def test_a_link_list_without_a_footer_label_is_kept() -> None:
    from policyparse.text.chrome import strip_chrome
    from policyparse.text.offsets import apply_edits

    text = "附件：\n- [申报表.docx](/files/c.docx)\n- [承诺书.docx](/files/d.docx)\n"
    out, _ = apply_edits(text, strip_chrome(text).edits)
    assert out == text


# --- the line table and the edits (fast paths against the line-by-line reference) -------------------------
def _reference_edits(lines, removed):  # type: ignore[no-untyped-def]
    """Every line visited, as ``_edits`` did before it skipped plain kept lines."""
    previous_kept_blank, last_kept_blank = True, None
    for i in range(len(lines)):
        line = lines[i]
        if i in removed or (lines.blank[i] and previous_kept_blank):
            yield Edit(line.start, lines.next_start(i), "")
            continue
        if lines.blank[i]:
            previous_kept_blank, last_kept_blank = True, i
        else:
            previous_kept_blank, last_kept_blank = False, None
        if line.edits:
            yield from line.edits
    if last_kept_blank is not None:
        yield Edit(lines.starts[last_kept_blank], lines.next_start(last_kept_blank), "")


_LINE_TEXTS = st.sampled_from(["", " ", "\u3000", "正文内容。", "分享到：", "a [bookmark: x] b", "\r"])


@given(st.lists(_LINE_TEXTS), st.booleans(), st.data())
def test_edits_visit_only_lines_that_change_yet_equal_the_reference(
    line_texts: list[str], final_break: bool, data: st.DataObject
) -> None:
    text = "\n".join(line_texts) + ("\n" if final_break else "")
    lines = _Lines(text)
    assert [lines[i].text for i in range(len(lines))] == text.split("\n")[: len(lines)]
    assert lines.blank == [not t.strip() for t in text.split("\n")[: len(lines)]]
    indices = range(len(lines))
    removed = {i: "widget" for i in data.draw(st.sets(st.sampled_from(indices)))} if indices else {}
    for i in data.draw(st.sets(st.sampled_from(indices))) if indices else ():
        if lines[i].text:
            lines[i].add_edit(0, 1)
    fast = list(_edits(lines, removed))
    assert fast == list(_reference_edits(lines, removed))
