"""HTML reader on small hand-made pages: body detection, offsets, metadata, tables, links."""

from __future__ import annotations

import pytest

from policyparse.io.html import attachment_name, read_html
from policyparse.model import PolicyParseError

NAV = "".join(f'<li><a href="/c{i}.html">栏目{i}频道导航</a></li>' for i in range(12))
FOOTER = '<div class="foot"><p>主办单位：某某县人民政府办公室 版权所有</p><p>网站标识码：1234000099 备案号：X-ICP备000001号</p></div>'
PROSE = (
    "<p>各乡镇人民政府，县直有关单位：</p>"
    "<p>为加快推进农村供水提质增效，结合本县实际，现提出如下意见。</p>"
    "<p>一、总体目标</p>"
    "<p>到2026年，全县农村自来水普及率达到98%以上，规模化供水工程覆盖人口比例提高到85%。</p>"
    "<p>二、重点任务</p>"
    "<p>（一）实施水源保护工程。划定水源保护区，开展水质监测，确保饮水安全。（牵头单位：县水利局）</p>"
)


def page(body: str, head: str = "") -> str:
    return f"<html><head><meta charset='utf-8'><title>关于推进农村供水提质增效的意见_某某县政府网</title>{head}</head><body>{body}</body></html>"


def read(html: str):
    return read_html(html, encoding="utf-8", confidence=1.0, path="t.html")


def source_of(result, span: tuple[int, int]) -> str:
    s, e = result.offsets.to_input(span)
    return result.source_text[s:e]


def test_body_found_without_navigation_or_footer() -> None:
    html = page(f'<ul class="nav">{NAV}</ul><div class="main"><div class="art">{PROSE}</div></div>{FOOTER}')
    r = read(html)
    assert "一、总体目标" in r.text
    assert "（牵头单位：县水利局）" in r.text
    assert "频道导航" not in r.text
    assert "版权所有" not in r.text and "网站标识码" not in r.text


def test_lines_are_separated_by_blank_lines_and_whitespace_collapsed() -> None:
    r = read(page("<div><p>  第一段　文字，\n   继续。</p><p>第二段，<b>加粗</b>部分。</p></div>"))
    assert r.text == "第一段　文字，继续。\n\n第二段，加粗部分。"


def test_every_output_character_maps_back_to_its_source() -> None:
    html = page(f"<div>{PROSE}<p>资金&nbsp;500万元&amp;配套，按期拨付。</p></div>")
    r = read(html)
    for line_start, line in _lines(r.text):
        src = source_of(r, (line_start, line_start + len(line)))
        # the source range holds the line's words (entities stay entities in the source)
        assert src.startswith(line[:2]) and src.endswith(line[-2:])
    i = r.text.index("500万元")
    assert source_of(r, (i, i + 5)) == "500万元"


def test_entity_maps_as_a_whole() -> None:
    r = read(page("<div><p>甲方&nbsp;乙方，共同负责。</p></div>"))
    i = r.text.index("乙")
    assert source_of(r, (i - 1, i)) in ("&nbsp;", " ")
    assert source_of(r, (i, i + 2)) == "乙方"


def test_hidden_duplicate_script_style_and_comment_are_dropped() -> None:
    html = page(
        f"<div>{PROSE}</div>"
        '<div style="display: none">一、总体目标 隐藏的副本，不应出现。</div>'
        "<!-- <p>注释里的旧版本正文，不应出现。</p> -->"
        "<script>var s = '脚本里的文字，不应出现。';</script><style>.x{color:red}</style>"
    )
    r = read(html)
    assert "隐藏的副本" not in r.text
    assert "注释里的旧版本" not in r.text
    assert "脚本里的文字" not in r.text and "color" not in r.text


def test_metadata_table_becomes_fields_and_lines() -> None:
    meta = (
        '<table class="info"><tr><td>索 引 号：</td><td>000123/2025-00042</td><td>主题分类：</td><td>农业、水利</td></tr>'
        "<tr><td>发文机关：</td><td>某某县人民政府</td><td>成文日期：</td><td>2025-03-18</td></tr>"
        "<tr><td>文　　号：</td><td>某政发〔2025〕7号</td><td>发布日期：</td><td>2025-03-20</td></tr></table>"
    )
    r = read(page(f'<ul class="nav">{NAV}</ul>{meta}<h1>关于推进农村供水提质增效的意见</h1><div>{PROSE}</div>'))
    fields = r.hints.metadata_fields
    assert fields["index_number"][0] == "000123/2025-00042"
    assert fields["category"][0] == "农业、水利"
    assert fields["issuer"][0] == "某某县人民政府"
    assert fields["issue_date"][0] == "2025-03-18"
    assert fields["doc_number"][0] == "某政发〔2025〕7号"
    assert fields["publish_date"][0] == "2025-03-20"
    value, span = fields["doc_number"]
    assert span is not None and r.text[span[0] : span[1]] == value
    assert source_of(r, span) == value
    assert "索引号：000123/2025-00042" in r.text
    assert r.hints.tables == []  # the metadata table is not a body table
    assert r.text.index("文号：") < r.text.index("关于推进农村供水提质增效的意见") < r.text.index("一、总体目标")


def test_label_runs_in_a_list_and_a_byline() -> None:
    meta = "<ul><li>统一编号：AB0120250001</li><li>文　号：某农规〔2025〕2号</li><li>实施日期：2025年05月01日</li></ul>"
    byline = "<div>发布时间：2025-04-02 09:30 来源：县农业农村局 浏览次数：88</div>"
    r = read(page(f"{meta}{byline}<div>{PROSE}</div>"))
    fields = r.hints.metadata_fields
    assert fields["doc_number"][0] == "某农规〔2025〕2号"
    assert fields["effective_date"][0] == "2025年05月01日"
    assert fields["publish_date"][0] == "2025-04-02 09:30"
    assert fields["source_name"][0] == "县农业农村局"


def test_bare_time_label_in_a_byline_is_the_publish_date() -> None:
    byline = "<div><span>来源：县水务集团</span> <span>时间：<time>2024-11-08 15:20</time></span></div>"
    r = read(page(f"<h1>关于推进农村供水提质增效的意见</h1>{byline}<div>{PROSE}<p>报名时间：每周一上午。</p></div>"))
    fields = r.hints.metadata_fields
    assert fields["publish_date"][0] == "2024-11-08 15:20"
    assert fields["source_name"][0] == "县水务集团"
    assert "报名时间：每周一上午。" in r.text


def test_meta_tags_fill_fields_without_span() -> None:
    head = '<meta name="ArticleTitle" content="关于推进农村供水提质增效的意见"><meta name="PubDate" content="2025-01-09 10:00">'
    r = read(page(f"<div>{PROSE}</div>", head))
    assert r.hints.metadata_fields["publish_date"] == ("2025-01-09 10:00", None)
    assert r.hints.metadata_fields["title"][0] == "关于推进农村供水提质增效的意见"


def test_title_outside_the_body_is_put_first() -> None:
    r = read(page(f'<ul class="nav">{NAV}</ul><h2 class="t">关于推进农村供水提质增效的意见</h2><div>{PROSE}</div>'))
    assert r.text.startswith("关于推进农村供水提质增效的意见\n\n")
    value, span = r.hints.metadata_fields["title"]
    assert r.text[span[0] : span[1]] == value


def test_table_with_merged_cells_is_expanded() -> None:
    table = (
        "<table border='1'><tr><th>序号</th><th>工作任务</th><th colspan='2'>责任分工</th></tr>"
        "<tr><td>1</td><td>建设水厂</td><td>县水利局</td><td>各乡镇</td></tr>"
        "<tr><td rowspan='2'>2</td><td>改造管网</td><td>县住建局</td><td>县财政局</td></tr>"
        "<tr><td>水质检测</td><td colspan='2'>县卫健局</td></tr></table>"
    )
    r = read(page(f"<div>{PROSE}<p>附件：任务分工表</p>{table}</div>"))
    assert len(r.hints.tables) == 1
    t = r.hints.tables[0]
    assert t.columns == ["序号", "工作任务", "责任分工", "责任分工"]
    assert t.rows == [
        ["1", "建设水厂", "县水利局", "各乡镇"],
        ["2", "改造管网", "县住建局", "县财政局"],
        ["2", "水质检测", "县卫健局", "县卫健局"],
    ]
    assert t.title == "附件：任务分工表"
    # one source cell per line, inside the table's span
    chunk = r.text[t.span[0] : t.span[1]]
    assert chunk.split("\n\n")[:4] == ["序号", "工作任务", "责任分工", "1"]


def test_placeholder_cells_are_empty_in_the_hint() -> None:
    table = "<table><tr><td>任务</td><td>牵头单位</td><td>配合单位</td></tr><tr><td>修订标准</td><td>县民政局</td><td>/</td></tr></table>"
    r = read(page(f"<div>{PROSE}{table}</div>"))
    assert r.hints.tables[0].rows == [["修订标准", "县民政局", ""]]
    assert "\n\n/" in r.text


def test_sub_header_row_names_the_merged_columns() -> None:
    table = (
        "<table><tr><td rowspan='2'>地区</td><td colspan='2'>目标</td></tr>"
        "<tr><td>2025年</td><td>2027年</td></tr><tr><td>东乡</td><td>90%</td><td>95%</td></tr></table>"
    )
    r = read(page(f"<div>{PROSE}{table}</div>"))
    assert r.hints.tables[0].columns == ["地区", "2025年", "2027年"]
    assert r.hints.tables[0].rows == [["东乡", "90%", "95%"]]


def test_word_grid_split_column_is_folded_into_its_neighbour() -> None:
    # pasted from Word: the 补助标准 cells span an extra grid column in every row but one,
    # where the split falls one column earlier
    rows = "".join(
        f"<tr><td>{i}</td><td>{name}</td><td>{a}</td><td colspan='2'>{b}</td></tr>"
        for i, (name, a, b) in enumerate([("种粮户", "80元/亩", "60元/亩")] * 9 + [("养殖户", "30元/头", "20元/头")], 1)
    )
    odd = "<tr><td>11</td><td>农机户</td><td colspan='2'>500元/台</td><td>400元/台</td></tr>"
    table = (
        "<table><tr><td rowspan='2'>序号</td><td rowspan='2'>对象</td><td colspan='3'>补助标准</td></tr>"
        f"<tr><td>县级</td><td colspan='2'>乡级</td></tr>{rows}{odd}</table>"
    )
    t = read(page(f"<div>{PROSE}{table}</div>")).hints.tables[0]
    assert t.columns == ["序号", "对象", "县级", "乡级"]
    assert t.rows[0] == ["1", "种粮户", "80元/亩", "60元/亩"]
    assert t.rows[-1] == ["11", "农机户", "500元/台", "400元/台"]


def test_header_row_repeated_inside_the_table_is_not_data() -> None:
    head = "<tr><td>编号</td><td>岗位<br/>名称</td><td>人数</td></tr>"
    table = (
        f"<table>{head}<tr><td>1</td><td>会计</td><td>2</td></tr>"
        f"{head}<tr><td>2</td><td>出纳</td><td>1</td></tr></table>"
    )
    t = read(page(f"<div>{PROSE}{table}</div>")).hints.tables[0]
    assert t.columns == ["编号", "岗位名称", "人数"]
    assert t.rows == [["1", "会计", "2"], ["2", "出纳", "1"]]


def test_cell_words_broken_by_narrow_columns_are_rejoined() -> None:
    table = (
        "<table><tr><td>事项</td><td>牵头部门</td></tr>"
        "<tr><td><p>核查台账。</p><p>（一）逐户登记</p></td><td><p>县农业农村</p><p>局、县统计局</p></td></tr></table>"
    )
    t = read(page(f"<div>{PROSE}{table}</div>")).hints.tables[0]
    assert t.rows == [["核查台账。\n（一）逐户登记", "县农业农村局、县统计局"]]


def test_layout_table_is_not_a_data_table() -> None:
    r = read(page(f"<table><tr><td><table><tr><td>{PROSE}</td></tr></table></td></tr></table>"))
    assert r.hints.tables == []
    assert "一、总体目标" in r.text


def test_table_laying_out_the_page_is_not_a_data_table() -> None:
    long_prose = PROSE * 12
    layout = f"<table><tr><td>{NAV}</td><td>{long_prose}</td></tr><tr><td>左栏</td><td>{FOOTER}</td></tr></table>"
    r = read(page(layout))
    assert r.hints.tables == []
    assert "一、总体目标" in r.text and "频道导航" not in r.text


def test_attachment_links_found_and_deduplicated() -> None:
    links = (
        '<p><a href="/files/a1.docx">附件1：项目申报表</a></p>'
        '<p><a href="/module/download/downfile.jsp?classid=0&amp;filename=x9.pdf">附件2：资金分配表</a></p>'
        '<p><a href="/att/77.doc">附件3.doc</a></p>'
        '<p><a href="/news/other.html">相关新闻</a></p>'
    )
    html = page(f"<div>{PROSE}{links}</div><!-- <a href='/files/a1.docx'>附件1：项目申报表</a> -->"
                '<div class="fj"><a href="/files/a1.docx">附件1：项目申报表</a></div>')
    r = read(html)
    assert [l.title for l in r.hints.links] == ["附件1：项目申报表", "附件2：资金分配表", "附件3.doc"]
    generic = read(page(f'<div>{PROSE}<p><a href="/dl.jsp?filename=%E5%AE%9E%E6%96%BD%E7%BB%86%E5%88%99.pdf">点击下载</a></p></div>'))
    assert generic.hints.links[0].title == "实施细则.pdf"
    assert r.hints.links[1].href == "/module/download/downfile.jsp?classid=0&filename=x9.pdf"
    for link in r.hints.links:
        assert r.text[link.span[0] : link.span[1]] == link.title
    assert "相关新闻" not in r.text


@pytest.mark.parametrize(
    "href,text,expected",
    [
        ("/a/b/123.xlsx", "名单", "123.xlsx"),
        ("/dl.jsp?fileName=%E9%99%84%E4%BB%B6.pdf", "下载", "附件.pdf"),
        ("/getfile?id=9", "实施细则.wps", "实施细则.wps"),
        ("/news/1.html", "新闻", None),
        ("javascript:void(0)", "打印", None),
    ],
)
def test_attachment_name(href: str, text: str, expected) -> None:
    assert attachment_name(href, text) == expected


def test_content_after_an_early_html_end_tag_is_read() -> None:
    html = f"<html><body><div class='top'>顶部</div></body></html><div>{PROSE}</div>"
    assert "一、总体目标" in read(html).text


def test_page_without_text_is_refused() -> None:
    with pytest.raises(PolicyParseError) as err:
        read("<html><head><title>x</title></head><body><script>1</script></body></html>")
    assert err.value.code == "empty"


def test_crlf_source_keeps_exact_offsets() -> None:
    html = page(f"<div>\r\n{PROSE}\r\n<p>资金\r\n保障到位，专款专用。</p></div>")
    r = read(html)
    i = r.text.index("专款专用")
    assert source_of(r, (i, i + 4)) == "专款专用"


def _lines(text: str):
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            yield pos, line
        pos += len(line) + 1


@pytest.mark.parametrize("prolog", ['<?xml version="1.0" encoding="gb2312"?>', '<meta charset="big5">', "\ufeff"])
def test_declared_charset_is_ignored_for_decoded_text(prolog: str) -> None:
    r = read(prolog + page(f"<div>{PROSE}</div>"))
    assert "一、总体目标" in r.text and "县直有关单位" in r.text


@pytest.mark.parametrize(("anchor", "title"), [
    # a number only in the text: the title attribute names the file
    ('<a href="/att/77.doc" title="附件3：补贴标准.doc">附件3.doc</a>', "附件3：补贴标准.doc"),
    # generic text: the address's file name with Han characters, before the store's code
    ('<a href="/dl.jsp?filename=391047bd.doc&amp;showname=%E5%90%8D%E5%8D%95.doc">点击下载</a>', "名单.doc"),
    ('<a href="/dl.jsp?filename=391047bd.doc" download="申报指南.doc">下载</a>', "申报指南.doc"),
    # nothing names more than the number: the text stays
    ('<a href="/att/10777181.docx" download="附件1.docx">附件1.docx</a>', "附件1.docx"),
    # a named text wins over the attributes
    ('<a href="/att/5.pdf" title="5.pdf">附件2：项目名单</a>', "附件2：项目名单"),
])
def test_a_links_title_is_what_names_its_file(anchor: str, title: str) -> None:
    r = read(page(f"<div>{PROSE}<p>{anchor}</p></div>"))
    assert [link.title for link in r.hints.links] == [title]
