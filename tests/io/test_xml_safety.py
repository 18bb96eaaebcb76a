"""Hostile HTML and DOCX: external entities, entity expansion, zip bombs, path traversal, huge trees."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pytest

from policyparse.io import docx as docx_reader
from policyparse.io import html as html_reader
from policyparse.io.docx import read_docx
from policyparse.io.html import read_html
from policyparse.model import PolicyParseError

NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
BODY = "<p>为做好防汛工作，现将有关事项通知如下。</p><p>一、压实责任，落实到人。</p>"

XXE_DTD = '<!DOCTYPE doc [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY net SYSTEM "http://127.0.0.1:9/x">]>'
LAUGHS_DTD = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10))
    + "]>"
)


def read_page(html: str):
    return read_html(html, encoding="utf-8", confidence=1.0, path="hostile.html")


def zip_bytes(entries: dict[str, bytes | str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def document_xml(prolog: str, text: str) -> str:
    return f'<?xml version="1.0"?>{prolog}<w:document {NS}><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>'


# ------------------------------------------------------------------ HTML


def test_html_external_entity_is_not_resolved() -> None:
    r = read_page(f"{XXE_DTD}<html><body>{BODY}<p>内容：&xxe;和&net;。</p></body></html>")
    assert "root:" not in r.text and "/bin/" not in r.text
    assert "压实责任" in r.text


def test_html_billion_laughs_is_not_expanded() -> None:
    r = read_page(f"{LAUGHS_DTD}<html><body>{BODY}<p>展开：&lol9;结束。</p></body></html>")
    assert "lollol" not in r.text
    assert len(r.text) < 500


def test_html_too_many_elements_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html_reader, "MAX_ELEMENTS", 50)
    with pytest.raises(PolicyParseError) as err:
        read_page("<html><body>" + "<span>字</span>" * 100 + BODY + "</body></html>")
    assert err.value.code == "too_complex"


def test_html_deep_nesting_is_refused() -> None:
    html = "<html><body>" + "<div>" * 20000 + BODY + "</div>" * 20000 + "</body></html>"
    with pytest.raises(PolicyParseError) as err:
        read_page(html)
    assert err.value.code == "too_complex"


def test_html_moderate_nesting_is_read() -> None:
    html = "<html><body>" + "<div>" * 150 + BODY + "</div>" * 150 + "</body></html>"
    assert "压实责任" in read_page(html).text


def test_html_with_nul_and_lone_surrogates_does_not_crash() -> None:
    r = read_page("<html><body>" + BODY + "<p>\x00零字节\ud800孤立代理，照常。</p></body></html>")
    assert "压实责任" in r.text


# ------------------------------------------------------------------ DOCX XML


@pytest.mark.parametrize("prolog", [XXE_DTD, LAUGHS_DTD], ids=["xxe", "billion-laughs"])
def test_docx_with_dtd_is_refused(prolog: str, tmp_path: Path) -> None:
    text = "&xxe;" if "xxe" in prolog else "&lol9;"
    path = tmp_path / "hostile.docx"
    path.write_bytes(zip_bytes({"word/document.xml": document_xml(prolog.replace("doc ", "w:document ").replace("lolz", "w:document"), text)}))
    with pytest.raises(PolicyParseError) as err:
        read_docx(path.read_bytes(), path=str(path))
    assert err.value.code == "unsafe"
    assert "\n" not in str(err.value)


def test_docx_dtd_in_utf16_is_refused() -> None:
    xml = document_xml(XXE_DTD, "&xxe;").replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>')
    data = zip_bytes({"word/document.xml": "\ufeff".encode("utf-16-le") + xml.encode("utf-16-le")})
    with pytest.raises(PolicyParseError) as err:
        read_docx(data, path="u16.docx")
    assert err.value.code == "unsafe"


def test_docx_dtd_in_numbering_part_is_refused() -> None:
    data = zip_bytes({
        "word/document.xml": document_xml("", "正文。"),
        "word/numbering.xml": f'<?xml version="1.0"?>{LAUGHS_DTD}<w:numbering {NS}/>',
    })
    with pytest.raises(PolicyParseError) as err:
        read_docx(data, path="n.docx")
    assert err.value.code == "unsafe"


def test_docx_malformed_xml_is_refused() -> None:
    with pytest.raises(PolicyParseError) as err:
        read_docx(zip_bytes({"word/document.xml": "<w:document><w:body>"}), path="m.docx")
    assert err.value.code == "unreadable"


# ------------------------------------------------------------------ DOCX zip


def test_zip_bomb_entry_is_refused() -> None:
    data = zip_bytes({"word/document.xml": document_xml("", "正文。"), "word/media/pad.bin": b"\0" * (8 * 1024 * 1024)})
    assert len(data) < 100_000
    with pytest.raises(PolicyParseError) as err:
        read_docx(data, path="bomb.docx")
    assert err.value.code == "too_large"


def test_entry_lying_about_its_size_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_reader, "MAX_ENTRY_BYTES", 1000)
    monkeypatch.setattr(docx_reader, "RATIO_MIN_BYTES", 10**9)
    data = zip_bytes({"word/document.xml": document_xml("", "正文" * 2000)})
    with pytest.raises(PolicyParseError) as err:
        read_docx(data, path="big.docx")
    assert err.value.code == "too_large"


@pytest.mark.parametrize("name", ["../evil.xml", "/etc/cron.d/x", "word/../../x.xml", "C:/windows/x.xml", "..\\x.xml"])
def test_path_traversal_entry_is_refused(name: str) -> None:
    data = zip_bytes({"word/document.xml": document_xml("", "正文。"), name: "x"})
    with pytest.raises(PolicyParseError) as err:
        read_docx(data, path="trav.docx")
    assert err.value.code == "unsafe"


def test_too_many_entries_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_reader, "MAX_ENTRIES", 10)
    entries: dict[str, bytes | str] = {f"word/media/{i}.txt": "x" for i in range(20)}
    entries["word/document.xml"] = document_xml("", "正文。")
    with pytest.raises(PolicyParseError) as err:
        read_docx(zip_bytes(entries), path="many.docx")
    assert err.value.code == "too_complex"


def test_not_a_zip_and_zip_without_document() -> None:
    with pytest.raises(PolicyParseError) as err:
        read_docx(b"PK\x03\x04 truncated", path="t.docx")
    assert err.value.code == "unreadable"
    with pytest.raises(PolicyParseError) as err:
        read_docx(zip_bytes({"xl/workbook.xml": "<x/>"}), path="x.docx")
    assert err.value.code == "unsupported"


def test_too_many_xml_elements_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_reader, "MAX_XML_ELEMENTS", 20)
    body = "".join("<w:p><w:r><w:t>段</w:t></w:r></w:p>" for _ in range(20))
    xml = f'<?xml version="1.0"?><w:document {NS}><w:body>{body}</w:body></w:document>'
    with pytest.raises(PolicyParseError) as err:
        read_docx(zip_bytes({"word/document.xml": xml}), path="deep.docx")
    assert err.value.code == "too_complex"


def test_corrupted_compressed_entry_is_refused() -> None:
    data = bytearray(zip_bytes({"word/document.xml": document_xml("", "正文内容，" * 400)}))
    start = data.index(b"word/document.xml") + len("word/document.xml")  # compressed bytes follow the local header
    for i in range(start + 10, start + 60):
        data[i] ^= 0x5A
    with pytest.raises(PolicyParseError) as err:
        read_docx(bytes(data), path="broken.docx")
    assert err.value.code in ("unreadable", "unsafe")
    assert "\n" not in err.value.message


# ------------------------------------------------------------------ mutations


def _mutations(seed: int, base: bytes, count: int) -> list[bytes]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        data = bytearray(base)
        if rng.random() < 0.4:
            data = data[: rng.randrange(len(data))]
        else:
            for _ in range(rng.randrange(1, 40)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        out.append(bytes(data))
    return out


def test_mutated_docx_only_raises_policyparse_error() -> None:
    body = "".join(f"<w:p><w:r><w:t>第{i}条 按规定落实补贴。</w:t></w:r></w:p>" for i in range(30))
    table = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>单位</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl>"
    base = zip_bytes({"word/document.xml": f'<?xml version="1.0"?><w:document {NS}><w:body>{body}{table}</w:body></w:document>'})
    for data in _mutations(7, base, 150):
        try:
            r = read_docx(data, path="m.docx")
        except PolicyParseError as err:
            assert "\n" not in err.message
        else:
            assert r.offsets.out_length == len(r.text)


def test_mutated_html_only_raises_policyparse_error() -> None:
    page = ("<html><head><title>某县通知</title></head><body><div class='nav'><a href='/'>首页</a></div><div>"
            + BODY * 5 + "<table><tr><td rowspan='3'>1</td><td>甲</td></tr><tr><td>乙</td></tr></table>"
            + "<a href='/f/1.pdf'>附件1</a></div><!-- x --></body></html>").encode("utf-8")
    for data in _mutations(11, page, 150):
        text = data.decode("utf-8", "replace")
        try:
            r = read_page(text)
        except PolicyParseError as err:
            assert "\n" not in err.message
        else:
            for link in r.hints.links:
                assert 0 <= link.span[0] < link.span[1] <= len(r.text) and link.title
            s, e = r.offsets.to_input((0, len(r.text)))
            assert 0 <= s <= e <= len(text)
