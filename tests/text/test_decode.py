"""Decoding: binary refusal, format sniffing, BOMs, UTF-16, GB/Big5, lossy input — one tiny case per rule."""

from __future__ import annotations

import io
import zipfile

import pytest

from policyparse.model import PolicyParseError
from policyparse.text.decode import decode_bytes, sniff_format

# wording deliberately unlike the samples
NOTICE = "关于做好2024年春季农田水利建设工作的通知\n各乡镇人民政府：\n现将有关事项通知如下。\n"
TRADITIONAL = "關於做好春季農田水利建設工作的通知\n各鄉鎮人民政府：現將有關事項通知如下。\n"


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# ---------------------------------------------------------------------------- refusals


@pytest.mark.parametrize("data", [b"", b"   \n\t \r\n", "\u3000\u3000\n".encode("utf-8"), b"\xef\xbb\xbf  \n"])
def test_empty_or_whitespace_input_is_refused_as_empty(data: bytes) -> None:
    with pytest.raises(PolicyParseError) as err:
        decode_bytes(data, path="blank.txt")
    assert err.value.code == "empty"
    assert "blank.txt" in err.value.message and "\n" not in err.value.message


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"GIF89a\x01\x00\x01\x00", "GIF"),
        (b"\x7fELF\x02\x01\x01\x00", "ELF"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip"),
    ],
)
def test_binary_magic_numbers_are_refused_with_a_one_line_message(data: bytes, what: str) -> None:
    with pytest.raises(PolicyParseError) as err:
        decode_bytes(data, path="renamed.txt")
    assert err.value.code == "binary"
    assert what in err.value.message and "renamed.txt" in err.value.message
    assert "\n" not in err.value.message


def test_message_names_input_when_there_is_no_path() -> None:
    with pytest.raises(PolicyParseError) as err:
        decode_bytes(b"%PDF-1.4")
    assert err.value.message.startswith("<input>:")


def test_nul_heavy_data_is_binary() -> None:
    with pytest.raises(PolicyParseError) as err:
        decode_bytes(b"\x00\x01\x02\x00\x00\x05data\x00\x00" * 200, path="blob.txt")
    assert err.value.code == "binary"


def test_zip_that_is_not_docx_is_refused() -> None:
    archive = _zip({"readme.txt": b"hello"})
    with pytest.raises(PolicyParseError) as err:
        sniff_format(archive, "archive.txt")
    assert err.value.code in {"binary", "unsupported"}
    with pytest.raises(PolicyParseError):
        decode_bytes(archive, path="archive.txt")


def test_mostly_undecodable_bytes_are_refused() -> None:
    with pytest.raises(PolicyParseError) as err:
        decode_bytes(bytes([0xFF, 0xFE, 0xFD]) * 0 + b"\xff\x80\xff\x80\xfe\xfe\x80\xff" * 50 + b"ok", path="junk.txt")
    assert err.value.code in {"undecodable", "binary"}


# ---------------------------------------------------------------------------- format sniffing


def test_docx_is_told_by_its_zip_members() -> None:
    assert sniff_format(_zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<w/>"}), "a.bin") == "docx"


@pytest.mark.parametrize("path", ["page.html", "PAGE.HTM", "p.shtml", "view.jsp", "show.aspx", "x.xhtml"])
def test_html_extensions(path: str) -> None:
    assert sniff_format(NOTICE.encode("utf-8"), path) == "html"


@pytest.mark.parametrize(
    "head",
    [b"<!DOCTYPE html><html><body>", b"\xef\xbb\xbf  <html lang='zh'>", b"<div>x</div>\n<body class='a'>"],
)
def test_html_content_without_extension(head: bytes) -> None:
    assert sniff_format(head + NOTICE.encode("utf-8"), "download.txt") == "html"


def test_plain_text_stays_text() -> None:
    assert sniff_format(NOTICE.encode("gb18030"), None) == "text"
    assert sniff_format("详见www.example.gov.cn/body/index.html页面\n".encode("utf-8") * 50, "a.txt") == "text"


def test_sniff_refuses_binary_first() -> None:
    with pytest.raises(PolicyParseError):
        sniff_format(b"%PDF-1.5", "scan.html")


# ---------------------------------------------------------------------------- codecs


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (NOTICE.encode("utf-8"), "utf-8"),
        (NOTICE.encode("utf-8-sig"), "utf-8"),
        (NOTICE.encode("utf-16"), "utf-16"),
        (b"\xfe\xff" + NOTICE.encode("utf-16-be"), "utf-16"),
        (NOTICE.encode("utf-16-le"), "utf-16"),
        (NOTICE.encode("utf-16-be"), "utf-16"),
        (NOTICE.encode("utf-32"), "utf-32"),
        (NOTICE.encode("gb18030"), "gb18030"),
        (NOTICE.encode("gbk"), "gb18030"),
    ],
)
def test_codecs_round_trip(data: bytes, encoding: str) -> None:
    decoded = decode_bytes(data)
    assert decoded.text == NOTICE
    assert decoded.encoding == encoding
    assert not decoded.warnings


def test_bom_gives_full_confidence() -> None:
    assert decode_bytes(NOTICE.encode("utf-8-sig")).confidence == 1.0


def test_big5_is_read_as_big5() -> None:
    decoded = decode_bytes(TRADITIONAL.encode("big5"))
    assert decoded.text == TRADITIONAL
    assert decoded.encoding == "big5"


def test_big5_hkscs_characters_decode() -> None:
    text = TRADITIONAL + "香港特區政府：邨\n"
    assert decode_bytes(text.encode("big5hkscs")).text == text


def test_short_gbk_that_is_valid_utf8_is_decided_by_plausibility() -> None:
    data = "通知".encode("gbk")  # cd a8 d6 aa: also valid UTF-8 (U+0368 U+05AA)
    data.decode("utf-8")
    assert decode_bytes(data).text == "通知"


def test_html_meta_charset_is_used() -> None:
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>'
    data = page.encode("ascii") + NOTICE.encode("gbk") + b"</body></html>"
    decoded = decode_bytes(data, is_html=True)
    assert NOTICE in decoded.text
    assert decoded.encoding == "gb18030"


def test_meta_charset_that_lies_loses_to_strict_utf8() -> None:
    data = ('<meta charset="gbk"><body>' + NOTICE).encode("utf-8")
    assert NOTICE in decode_bytes(data, is_html=True).text


# ---------------------------------------------------------------------------- lossy input


def test_truncated_utf8_sequence_is_replaced_and_reported() -> None:
    data = NOTICE.encode("utf-8") + "补充说明".encode("utf-8")[:-1]
    decoded = decode_bytes(data, path="cut.txt")
    assert decoded.encoding == "utf-8"
    assert decoded.text.startswith(NOTICE + "补充说")
    assert [w.code for w in decoded.warnings] == ["undecodable_bytes"]
    start, end = decoded.warnings[0].span
    assert decoded.text[start:end] == "\ufffd"


def test_truncated_gb18030_sequence_is_replaced_and_reported() -> None:
    data = NOTICE.encode("gb18030") + "附件".encode("gb18030")[:-1]
    decoded = decode_bytes(data)
    assert decoded.encoding == "gb18030"
    assert decoded.text.startswith(NOTICE + "附")
    assert all(decoded.text[w.span[0]:w.span[1]] == "\ufffd" for w in decoded.warnings)
    assert decoded.warnings


def test_mixed_encodings_decode_line_by_line() -> None:
    first, second = "第一部分采用统一编码保存。\n", "第二部分来自另一个系统导出。\n"
    data = first.encode("utf-8") * 3 + second.encode("gbk") * 2 + first.encode("utf-8")
    decoded = decode_bytes(data)
    assert decoded.text == first * 3 + second * 2 + first
    assert decoded.encoding == "utf-8"
    mixed = [w for w in decoded.warnings if w.code == "mixed_encoding"]
    assert len(mixed) == 1
    start, end = mixed[0].span
    assert decoded.text[start:end] == second * 2


def test_real_pages_and_files_are_sniffed(shared_dir) -> None:
    pages = sorted((shared_dir / "pages" / "html").glob("*.htm*"))[:3]
    files = sorted((shared_dir / "pages" / "docx").glob("*.docx"))[:3]
    if not pages and not files:
        pytest.skip("no real pages under ../shared/pages")
    for page in pages:
        assert sniff_format(page.read_bytes(), None) == "html", page.name
    for file in files:
        assert sniff_format(file.read_bytes(), "download.bin") == "docx", file.name


def test_real_pages_decode_to_chinese(shared_dir) -> None:
    from policyparse.text.plausibility import plausibility

    pages = sorted((shared_dir / "pages" / "html").glob("*.htm*"))[:5]
    if not pages:
        pytest.skip("no real pages under ../shared/pages/html")
    for page in pages:
        decoded = decode_bytes(page.read_bytes(), path=page.name, is_html=True)
        assert plausibility(decoded.text) > 0.9, (page.name, decoded.encoding)


def test_control_byte_heavy_data_is_binary() -> None:
    with pytest.raises(PolicyParseError) as err:
        decode_bytes(bytes(range(256)) * 8, path="random.txt")
    assert err.value.code == "binary"


def test_a_stray_control_byte_does_not_make_text_binary() -> None:
    text = NOTICE * 20
    data = text.encode("gb18030") + b"\x07"
    assert decode_bytes(data).text == text + "\x07"


@pytest.mark.parametrize(
    "data",
    [
        "關於加強科技創新的實施意見，各有關單位：為貫徹落實".encode("big5"),
        "关于加强科技创新的实施意见，各有关单位：为贯彻落实".encode("gbk")[:-1],
        "發展ｘ".encode("big5hkscs") + "通知".encode("gbk"),
        bytes(range(0x80, 0x100)) * 3,
        "Ünïcödé façade".encode("latin-1") * 4,
    ],
)
def test_chardet_is_skipped_only_when_its_guess_cannot_change_the_result(data: bytes, monkeypatch) -> None:
    from policyparse.text import decode

    try:
        fast = decode_bytes(data)
    except PolicyParseError as exc:
        fast = exc.code  # type: ignore[assignment]
    monkeypatch.setattr(decode, "_settled_without_guess", lambda readings: False)
    try:
        reference = decode_bytes(data)
    except PolicyParseError as exc:
        reference = exc.code  # type: ignore[assignment]
    assert fast == reference


@pytest.mark.parametrize(
    "data",
    [
        "關於加強科技創新的實施意見，各有關單位：為貫徹落實".encode("big5"),
        "关于加强科技创新的实施意见，各有关单位：为贯彻落实".encode("gbk")[:-1],
        "关于加强科技创新的实施意见".encode("utf-8")[:-1] + "，各有关单位".encode("gbk"),
        "科技创新".encode("utf-8") + b"\xff" + "实施意见".encode("utf-8"),
        "發展ｘ".encode("big5hkscs") + "通知".encode("gbk"),
        bytes(range(0x80, 0x100)) * 3,
        "Ünïcödé façade".encode("latin-1") * 4,
    ],
)
def test_lossy_readings_that_cannot_win_are_skipped_without_changing_the_result(data: bytes, monkeypatch) -> None:
    from policyparse.text import decode

    def outcome() -> object:
        try:
            decoded = decode_bytes(data)
        except PolicyParseError as exc:
            return exc.code
        return decoded.text, decoded.encoding, decoded.confidence, decoded.warnings

    fast = outcome()
    monkeypatch.setattr(decode, "_best_strict_score", lambda readings: None)  # every lossy reading scored
    assert fast == outcome()
