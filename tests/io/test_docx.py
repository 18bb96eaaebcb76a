"""DOCX reader: numbering, styles, tables with merged cells, fields and parts that are not read."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from policyparse.io.docx import chinese_number, format_counter, read_docx
from policyparse.model import PolicyParseError

NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def make_docx(body: str, *, numbering: str | None = None, styles: str | None = None, extra: dict[str, str] | None = None) -> bytes:
    """A minimal Word file with ``body`` as the content of w:body."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document {NS}><w:body>{body}</w:body></w:document>')
        if numbering:
            zf.writestr("word/numbering.xml", f"<w:numbering {NS}>{numbering}</w:numbering>")
        if styles:
            zf.writestr("word/styles.xml", f"<w:styles {NS}>{styles}</w:styles>")
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buf.getvalue()


def para(text: str, *, num: tuple[int, int] | None = None, style: str | None = None) -> str:
    ppr = ""
    if num or style:
        inner = f'<w:pStyle w:val="{style}"/>' if style else ""
        if num:
            inner += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
        ppr = f"<w:pPr>{inner}</w:pPr>"
    return f"<w:p>{ppr}<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


NUMBERING = (
    '<w:abstractNum w:abstractNumId="5">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>'
    "</w:abstractNum>"
    '<w:num w:numId="3"><w:abstractNumId w:val="5"/></w:num>'
)


def read(data: bytes):
    return read_docx(data, path="t.docx")


def test_numbering_markers_are_rebuilt() -> None:
    body = "".join([
        para("工作目标", num=(3, 0)),
        para("完善制度", num=(3, 1)),
        para("修订细则", num=(3, 2)),
        para("建立台账", num=(3, 2)),
        para("强化督查", num=(3, 1)),
        para("保障措施", num=(3, 0)),
        para("加强领导", num=(3, 1)),
    ])
    r = read(make_docx(body, numbering=NUMBERING))
    assert r.text.split("\n\n") == ["一、工作目标", "（一）完善制度", "1.修订细则", "2.建立台账", "（二）强化督查", "二、保障措施", "（一）加强领导"]
    assert r.source_text == r.text and r.offsets.is_identity


def test_lists_sharing_an_abstract_numbering_continue_unless_restarted() -> None:
    numbering = NUMBERING + (
        '<w:num w:numId="4"><w:abstractNumId w:val="5"/></w:num>'
        '<w:num w:numId="6"><w:abstractNumId w:val="5"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
    )
    body = para("甲", num=(3, 0)) + para("乙", num=(4, 0)) + para("丙", num=(6, 0))
    assert read(make_docx(body, numbering=numbering)).text == "一、甲\n\n二、乙\n\n一、丙"


def test_numbering_from_the_paragraph_style() -> None:
    styles = (
        '<w:style w:type="paragraph" w:styleId="L1"><w:name w:val="heading 1"/>'
        '<w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style>'
    )
    r = read(make_docx(para("总体要求", style="L1") + para("主要任务", style="L1"), numbering=NUMBERING, styles=styles))
    assert r.text == "一、总体要求\n\n二、主要任务"


def test_title_style_gives_the_title_hint() -> None:
    styles = '<w:style w:type="paragraph" w:styleId="T"><w:name w:val="Title"/></w:style>'
    r = read(make_docx(para("某市促进养老服务发展实施方案", style="T") + para("为推动养老服务发展，制定本方案。"), styles=styles))
    value, span = r.hints.metadata_fields["title"]
    assert value == "某市促进养老服务发展实施方案" and r.text[span[0] : span[1]] == value


def formatted(text: str, *, size: int, centered: bool = False) -> str:
    """A paragraph with direct formatting (font size in half-points, centered or not)."""
    ppr = '<w:pPr><w:jc w:val="center"/></w:pPr>' if centered else ""
    return f'<w:p>{ppr}<w:r><w:rPr><w:sz w:val="{size}"/></w:rPr><w:t>{text}</w:t></w:r></w:p>'


def test_centered_large_line_at_the_top_is_the_title() -> None:
    body = (
        formatted("附件2", size=32)
        + formatted("某县农村集体经济组织财务公开办法", size=44, centered=True)
        + formatted("为规范财务公开，制定本办法。", size=32)
        + formatted("一、公开内容", size=32)
        + formatted("这行居中但字号相同的文字不是标题", size=32, centered=True)
    )
    value, span = read(make_docx(body)).hints.metadata_fields["title"]
    assert value == "某县农村集体经济组织财务公开办法"


def test_centered_large_line_after_the_prose_is_not_a_title() -> None:
    body = formatted("为规范财务公开，制定本办法。", size=30) * 3 + formatted("某县农村集体经济组织财务公开办法", size=44, centered=True)
    assert "title" not in read(make_docx(body)).hints.metadata_fields


def test_table_title_row_preferred_over_a_label_row() -> None:
    rows = [
        [cell("附件3：", span=2)],
        [cell("某区公开招聘社区工作者岗位表", span=2)],
        [cell("岗位"), cell("人数")],
        [cell("网格员"), cell("4")],
    ]
    tbl = "<w:tbl>" + "".join("<w:tr>" + "".join(r) + "</w:tr>" for r in rows) + "</w:tbl>"
    r = read(make_docx(tbl))
    t = r.hints.tables[0]
    assert t.title == "某区公开招聘社区工作者岗位表"
    assert t.columns == ["岗位", "人数"] and t.rows == [["网格员", "4"]]
    # a file that is only a table: its title row is the document's title
    value, span = r.hints.metadata_fields["title"]
    assert value == "某区公开招聘社区工作者岗位表" and r.text[span[0] : span[1]] == value


def test_line_above_a_table_is_not_taken_as_the_document_title() -> None:
    rows = [[cell("岗位"), cell("人数")], [cell("网格员"), cell("4")]]
    tbl = "<w:tbl>" + "".join("<w:tr>" + "".join(r) + "</w:tr>" for r in rows) + "</w:tbl>"
    r = read(make_docx(para("附件：社区工作者岗位需求汇总") + tbl))
    assert r.hints.tables[0].title == "附件：社区工作者岗位需求汇总"
    assert "title" not in r.hints.metadata_fields


def test_field_codes_page_numbers_bookmarks_and_deletions_dropped() -> None:
    body = (
        "<w:p><w:bookmarkStart w:id=\"0\" w:name=\"_GoBack\"/><w:r><w:t>第</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
        "<w:r><w:t>页</w:t></w:r><w:bookmarkEnd w:id=\"0\"/></w:p>"
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>HYPERLINK "http://x"</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>链接文字</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        "<w:p><w:r><w:t>保留</w:t></w:r><w:del><w:r><w:delText>删除的字</w:delText></w:r></w:del><w:ins><w:r><w:t>插入的字</w:t></w:r></w:ins></w:p>"
        '<w:p><w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>12</w:t></w:r></w:fldSimple><w:r><w:t>尾</w:t></w:r></w:p>'
    )
    r = read(make_docx(body))
    assert r.text == "第页\n\n链接文字\n\n保留插入的字\n\n尾"


def test_headers_and_footers_are_not_read() -> None:
    footer = f'<w:ftr {NS}><w:p><w:r><w:t>页脚第1页共9页</w:t></w:r></w:p></w:ftr>'
    header = f'<w:hdr {NS}><w:p><w:r><w:t>页眉机密文件</w:t></w:r></w:p></w:hdr>'
    r = read(make_docx(para("正文内容，按要求落实。"), extra={"word/footer1.xml": footer, "word/header1.xml": header}))
    assert r.text == "正文内容，按要求落实。"


def test_line_breaks_and_tabs_inside_a_paragraph() -> None:
    body = '<w:p><w:r><w:t>联系人：张三</w:t><w:br/><w:t>电话：</w:t><w:tab/><w:t>1234</w:t></w:r></w:p>'
    assert read(make_docx(body)).text == "联系人：张三\n\n电话：\t1234"


def cell(text: str, *, span: int = 1, vmerge: str | None = None) -> str:
    props = ""
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if vmerge is not None:
        props += f'<w:vMerge w:val="{vmerge}"/>' if vmerge else "<w:vMerge/>"
    body = "".join(para(t) for t in text.split("|")) if text else "<w:p/>"
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{body}</w:tc>"


def test_table_merged_cells_expanded_and_one_cell_per_line() -> None:
    rows = [
        [cell("序号"), cell("任务"), cell("责任|单位", span=2)],
        [cell("1", vmerge="restart"), cell("编制规划"), cell("区发改局"), cell("区财政局")],
        [cell("", vmerge=""), cell("组织实施"), cell("各街道", span=2)],
    ]
    tbl = "<w:tbl>" + "".join("<w:tr>" + "".join(r) + "</w:tr>" for r in rows) + "</w:tbl>"
    r = read(make_docx(para("附件：任务清单") + tbl))
    t = r.hints.tables[0]
    assert t.columns == ["序号", "任务", "责任单位", "责任单位"]
    assert t.rows == [["1", "编制规划", "区发改局", "区财政局"], ["1", "组织实施", "各街道", "各街道"]]
    assert t.title == "附件：任务清单"
    assert r.text[t.span[0] : t.span[1]] == "序号\n\n任务\n\n责任\n单位\n\n1\n\n编制规划\n\n区发改局\n\n区财政局\n\n组织实施\n\n各街道"


def test_content_controls_are_opened() -> None:
    body = f"<w:sdt><w:sdtContent>{para('控件里的正文。')}</w:sdtContent></w:sdt>"
    assert read(make_docx(body)).text == "控件里的正文。"


@pytest.mark.parametrize("n,expected", [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (105, "一百零五"), (1010, "一千零一十")])
def test_chinese_number(n: int, expected: str) -> None:
    assert chinese_number(n) == expected


@pytest.mark.parametrize("fmt,n,expected", [("decimal", 3, "3"), ("upperLetter", 2, "B"), ("lowerRoman", 4, "iv"),
                                            ("decimalEnclosedCircle", 2, "②"), ("bullet", 1, "")])
def test_format_counter(fmt: str, n: int, expected: str) -> None:
    assert format_counter(n, fmt) == expected


def test_empty_document_is_refused() -> None:
    with pytest.raises(PolicyParseError) as err:
        read(make_docx("<w:p/>"))
    assert err.value.code == "empty"


# ------------------------------------------------------------------ real files


def _real(shared_dir: Path, name: str) -> bytes:
    path = shared_dir / "pages" / "docx" / name
    if not path.is_file():
        pytest.skip(f"{path} is not present")
    return path.read_bytes()


def test_real_syllabus_headings_and_table(shared_dir: Path) -> None:
    r = read(_real(shared_dir, "001.docx"))
    lines = r.text.split("\n\n")
    assert lines[0] == "大纲1"
    assert "一、笔试内容" in lines and "二、行政职业能力测验" in lines
    assert len(r.hints.tables) == 1
    assert r.hints.tables[0].columns[1] == "运营线路长度（公里）"


def test_real_position_table_with_vertical_merges(shared_dir: Path) -> None:
    r = read(_real(shared_dir, "002.docx"))
    t = r.hints.tables[0]
    assert t.columns == ["序号", "部门名称", "职位名称", "联系人", "联系电话", "现场报名和资格审查地点", "招考人数",
                         "专业", "最低学历", "其他条件", "备注"]
    assert all(len(row) == len(t.columns) for row in t.rows)
    # a vertically merged department cell is repeated on every row it spans
    assert t.rows[0][1] == t.rows[1][1] == "宜春市中级人民法院"


def test_real_list_with_footer_page_numbers(shared_dir: Path) -> None:
    r = read(_real(shared_dir, "003.docx"))
    assert len(r.hints.tables) == 2
    assert r.hints.tables[0].columns[:3] == ["序号", "学校名称", "专业名称"]
    assert "第三级认证" in r.text or "第二级认证" in r.text
    assert "PAGE" not in r.text
