"""The real pages in ../shared/pages: metadata, no page chrome, tables, attachment links, offsets, parse()."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from policyparse.io.docx import read_docx
from policyparse.io.html import read_html

PAGES = [f"{i:03d}.html" for i in range(1, 21)]

# metadata each page states, read by hand from the pages (hint field → value as shown)
EXPECTED_FIELDS: dict[str, dict[str, str]] = {
    "001.html": {"index_number": "113325000026455663/2023-43887", "doc_number": "丽政发〔2023〕30号",
                 "publisher": "市政府", "issue_date": "2023-10-16", "disclosure": "主动公开",
                 "source_name": "市府办", "category": "市政府文件",
                 "title": "丽水市人民政府关于下达2023年市区符合政府安排工作条件退役士兵和退出消防员安置任务的通知"},
    "002.html": {"publish_date": "2007-08-20-23:59:59"},
    "003.html": {"index_number": "11440100MB2C90856P/2023-00331", "publisher": "广州市卫生健康委员会",
                 "issue_date": "2023-10-19", "doc_number": "穗卫函〔2023〕1930号", "publish_date": "2023-11-07"},
    "004.html": {"index_number": "11440106718120458W/2024-00008", "publisher": "广州市天河区人民政府天园街道办事处",
                 "issue_date": "2024-07-26"},
    "005.html": {"index_number": "11440106007508528C/2024-00031", "issue_date": "2024-03-14"},
    "006.html": {"publish_date": "2026-04-20 11:19:38", "source_name": "广州市天河区教育局"},
    "008.html": {"unified_number": "GZ0320240034", "doc_number": "穗建规字〔2024〕5号",
                 "effective_date": "2024年03月04日", "expiry_date": "2029年03月03日", "issuer": "广州市住房和城乡建设局"},
    "009.html": {"doc_number": "穗医保规字〔2019〕4号", "effective_date": "2019年07月01日"},
    "010.html": {"doc_number": "穗残联规字〔2019〕2 号", "issuer": "广州市残疾人联合会"},
    "011.html": {"unified_number": "GZ0220210007", "doc_number": "穗府办规〔2021〕7号", "expiry_date": "2023年06月01日"},
    "012.html": {"doc_number": "穗民规字〔2025〕2号", "issuer": "广州市民政局"},
    "013.html": {"doc_number": "穗人社规字〔2019〕6号", "effective_date": "2019年10月16日"},
    "014.html": {"publish_date": "2022-09-16 16:15:34", "source_name": "广州市人民政府办公厅"},
    "016.html": {"source_name": "市人社局 人力资源流动管理处"},
    "017.html": {"publish_date": "2025-03-31 17:14"},
    "018.html": {"publish_date": "2025-03-20 10:57", "source_name": "本网广州市住房保障办公室"},
    "020.html": {"publish_date": "2021-07-30", "source_name": "国家法律法规数据库",
                 "title": "中华人民共和国市场主体登记管理条例"},
}
# real tables inside each page's body (page → number of tables); pages not listed have none
EXPECTED_TABLES = {"001.html": 1, "003.html": 2, "009.html": 1, "013.html": 6}
# attachment links in each page's body (after de-duplication); pages not listed have none
EXPECTED_LINKS = {"001.html": 1, "006.html": 6, "008.html": 3, "010.html": 1, "017.html": 5, "018.html": 4}
# page furniture that must never reach the text
CHROME = ["版权所有", "网站标识码", "ICP备", "扫一扫", "当前位置", "网站地图", "分享到", "浏览次数", "联系我们", "字号"]


def page_path(shared_dir: Path, name: str) -> Path:
    path = shared_dir / "pages" / "html" / name
    if not path.is_file():
        pytest.skip(f"{path} is not present")
    return path


def read_page(shared_dir: Path, name: str):
    source = page_path(shared_dir, name).read_bytes().decode("utf-8")
    return read_html(source, encoding="utf-8", confidence=1.0, path=name)


@pytest.mark.parametrize("name", PAGES)
def test_page_reads_cleanly(shared_dir: Path, name: str) -> None:
    r = read_page(shared_dir, name)
    assert len(r.text) > 200
    for line in r.text.split("\n"):
        if len(line) <= 40:
            assert not any(word in line for word in CHROME), f"{name}: page chrome in the line {line!r}"
    assert not re.search(r"function\s*\(|\{\s*var |</?[a-z]+>", r.text), f"{name}: script or markup in the text"
    assert not r.warnings, f"{name}: {r.warnings}"
    # every line maps back into the page source at its own words
    pos = 0
    for line in r.text.split("\n"):
        if line.strip():
            s, e = r.offsets.to_input((pos, pos + len(line)))
            assert 0 <= s < e <= len(r.source_text)
            assert r.source_text[s:e].startswith(line[:1]) or line[0] in "：\u00a0 "
        pos += len(line) + 1


@pytest.mark.parametrize("name", sorted(EXPECTED_FIELDS))
def test_page_metadata_fields(shared_dir: Path, name: str) -> None:
    r = read_page(shared_dir, name)
    fields = r.hints.metadata_fields
    for key, value in EXPECTED_FIELDS[name].items():
        assert key in fields, f"{name}: {key} not found"
        assert fields[key][0] == value
        span = fields[key][1]
        if span is not None:  # visible fields point at their words in the text and in the page
            assert r.text[span[0] : span[1]] == value
            s, e = r.offsets.to_input(span)
            assert r.source_text[s:e].startswith(value[:2])


@pytest.mark.parametrize("name", PAGES)
def test_page_tables_and_links(shared_dir: Path, name: str) -> None:
    r = read_page(shared_dir, name)
    assert len(r.hints.tables) == EXPECTED_TABLES.get(name, 0)
    assert len(r.hints.links) == EXPECTED_LINKS.get(name, 0)
    assert len({l.href for l in r.hints.links}) == len(r.hints.links)
    for link in r.hints.links:
        assert r.text[link.span[0] : link.span[1]] == link.title
    for table in r.hints.tables:
        assert table.columns and all(len(row) == len(table.columns) for row in table.rows)


def test_page_001_placement_table(shared_dir: Path) -> None:
    r = read_page(shared_dir, "001.html")
    t = r.hints.tables[0]
    assert t.columns == ["序号", "安置单位名称", "安置任务", "岗位类别"]
    assert t.rows[0] == ["1", "丽水国家粮食储备库", "1", "事业"]
    assert r.hints.links[0].href.startswith("/module/download/downfile.jsp?") and r.hints.links[0].title.endswith(".pdf")


def test_page_003_task_table(shared_dir: Path) -> None:
    r = read_page(shared_dir, "003.html")
    tasks = r.hints.tables[1]
    assert tasks.columns[:5] == ["序号", "工作事项", "主要内容", "牵头单位", "配合单位"]
    assert tasks.title is not None and "任务分工表" in tasks.title
    assert tasks.rows[0][0] == "1" and tasks.rows[0][3] == "各区政府"
    assert all(len(row) == 7 for row in tasks.rows)


def test_page_008_hidden_copy_and_commented_links(shared_dir: Path) -> None:
    r = read_page(shared_dir, "008.html")
    assert r.text.count("一、公共租赁住房保障家庭收入和财产准入限额") == 1
    assert [l.title.split("：")[0] for l in r.hints.links] == ["附件1", "附件2", "附件3"]


def test_page_018_links_without_extension_in_text(shared_dir: Path) -> None:
    r = read_page(shared_dir, "018.html")
    assert [l.href.rsplit(".", 1)[1] for l in r.hints.links] == ["pdf", "doc", "pdf", "pdf"]
    assert "保障房小区服务窗口" in [l.title for l in r.hints.links]


def test_page_009_word_grid_split_gives_no_repeated_column(shared_dir: Path) -> None:
    t = read_page(shared_dir, "009.html").hints.tables[0]
    assert t.columns == ["序号", "分类", "病种名称", "职工医保", "城乡居民医保", "审核确认有效期"]
    assert len(set(t.columns)) == len(t.columns)
    both = next(row for row in t.rows if row[4] != row[3] and "/年" in row[3])  # the one row split differently
    assert both[3].endswith("/年") and both[4].endswith("/年")


def test_docx_002_repeated_headers_title_row_and_broken_words(shared_dir: Path) -> None:
    path = shared_dir / "pages" / "docx" / "002.docx"
    if not path.is_file():
        pytest.skip(f"{path} is not present")
    r = read_docx(path.read_bytes(), path=str(path))
    t = r.hints.tables[0]
    assert not any(row[0] == "序号" for row in t.rows)
    assert [row[0] for row in t.rows[:3]] == ["1", "2", "3"]
    assert "职位表" in (t.title or "") and r.hints.metadata_fields["title"][0] == t.title
    assert "\n" not in t.rows[1][2]  # 档案/管理/岗科员 broken by the narrow column


def test_docx_pages_read(shared_dir: Path) -> None:
    folder = shared_dir / "pages" / "docx"
    files = sorted(folder.glob("*.docx"))
    if not files:
        pytest.skip(f"no .docx in {folder}")
    for path in files:
        r = read_docx(path.read_bytes(), path=str(path))
        assert r.hints.tables, path.name
        assert "PAGE" not in r.text


# ------------------------------------------------------------------ through parse()


def _pipeline_ready() -> None:
    pytest.importorskip("policyparse.text.decode", reason="the decode stage (text/decode.py) is not in place yet")


@pytest.mark.parametrize("name", PAGES)
def test_parse_page(shared_dir: Path, name: str) -> None:
    _pipeline_ready()
    import policyparse

    doc = policyparse.parse(page_path(shared_dir, name))
    assert doc.source.format == "html"
    assert doc.metadata.title
    for item in [*doc.tasks, *doc.targets, *doc.tables]:
        s, e = item.source_span
        assert 0 <= s <= e <= doc.source.bytes * 4


def _text_copy_of_003(source: str) -> str:
    """A plain-text copy of page 003's document, made without the reader: title + every leaf block's text."""
    root = lxml_html.document_fromstring(source)
    title = root.xpath("//meta[@name='ArticleTitle']/@content")[0]
    salutation = root.xpath("//p[contains(., '各区卫生健康局')]")[0]
    content = next(a for a in salutation.iterancestors() if a.xpath(".//td[contains(., '牵头单位')]"))
    blocks = {"p", "td", "th", "h1", "h2", "h3", "h4", "li", "div"}
    lines = [title]
    for el in content.iter():
        if el.tag in blocks and not any(d.tag in blocks for d in el.iterdescendants()):
            text = re.sub(r"\s+", " ", el.text_content()).strip(" \u3000\u00a0")
            if text:
                lines.append(text)
    return "\n\n".join(lines)


def _main_part(doc) -> tuple[list, list, list]:
    """Targets, body tasks and their units of the main document (before the first attachment body)."""
    starts = [a.span[0] for a in doc.attachments if a.present and a.span[1] > a.span[0]]
    end = min(starts) if starts else len(doc.text)
    targets = sorted((t.indicator or "", t.value, t.unit or "", t.comparator) for t in doc.targets if t.span[0] < end)
    tasks = sorted((t.heading, tuple(t.lead_units), tuple(t.responsible_units)) for t in doc.tasks if t.span[0] < end)
    units = sorted({u for t in tasks for u in (*t[1], *t[2])})
    return targets, tasks, units


def _everything(doc) -> tuple[list, list, list]:
    targets = sorted((t.indicator or "", t.value, t.unit or "") for t in doc.targets)
    tasks = sorted((t.heading, tuple(t.lead_units), tuple(t.responsible_units)) for t in doc.tasks)
    return targets, tasks, sorted(u.name for u in doc.units)


def _both_003(shared_dir: Path):
    _pipeline_ready()
    import policyparse

    data = page_path(shared_dir, "003.html").read_bytes()
    return policyparse.parse_bytes(data, path="003.html"), policyparse.parse_text(_text_copy_of_003(data.decode("utf-8")))


def test_html_and_text_copy_agree_on_the_main_document(shared_dir: Path) -> None:
    from_html, from_text = _both_003(shared_dir)
    html_targets, html_tasks, html_units = _main_part(from_html)
    text_targets, text_tasks, text_units = _main_part(from_text)
    assert html_tasks and html_targets
    assert html_targets == text_targets
    assert html_tasks == text_tasks
    assert html_units == text_units


@pytest.mark.xfail(reason="a text copy flattens the attachment tables one cell per line; rebuilding them "
                          "(segment/tables.py) does not yet match the HTML table hints", strict=False)
def test_html_and_text_copy_give_the_same_targets_tasks_and_units(shared_dir: Path) -> None:
    from_html, from_text = _both_003(shared_dir)
    assert _everything(from_html) == _everything(from_text)
