"""Bad and odd input files through ``policyparse.parse()`` (issue 6.1, library side).

Input that cannot be a document must raise ``PolicyParseError`` — never any
other exception — with a one-line message that names the file and the reason.
Input that is valid but odd (a 5 MB line, 100 000 lines, deep brackets) must parse.
"""

from __future__ import annotations

import io
import os
import random
import struct
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import pytest

import policyparse
from policyparse import PolicyParseError, pipeline

HANDMADE = Path(__file__).parent / "data" / "handmade_notice.txt"
DOCUMENTED_CODES = {"empty", "binary", "too_large", "undecodable", "unreadable", "unsupported"}
MB = 1024 * 1024


@pytest.fixture(scope="module")
def notice_text() -> str:
    """A small hand-made notice (wording unlike the samples)."""
    return HANDMADE.read_text(encoding="utf-8")


def assert_refused(path: Path, **kwargs: object) -> PolicyParseError:
    """``parse(path)`` raises PolicyParseError with a one-line message naming the file and a reason."""
    with pytest.raises(PolicyParseError) as info:
        policyparse.parse(path, **kwargs)
    err = info.value
    message = str(err)
    assert "\n" not in message and "\r" not in message, f"message is not one line: {message!r}"
    assert path.name in message, f"message does not name the file: {message!r}"
    assert len(message.replace(str(path), "").strip(" :")) >= 5, f"message gives no reason: {message!r}"
    assert err.code in DOCUMENTED_CODES, f"undocumented error code {err.code!r}"
    return err


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# ----------------------------------------------------------------- not a document


def test_empty_file_is_refused(tmp_path: Path) -> None:
    assert assert_refused(write(tmp_path, "empty.txt", b"")).code == "empty"


@pytest.mark.parametrize("blank", [b"   \n\n\t  \r\n", "\u3000\u3000\n \n".encode("utf-8"), b"\xef\xbb\xbf \n"])
def test_whitespace_only_file_is_refused(tmp_path: Path, blank: bytes) -> None:
    assert assert_refused(write(tmp_path, "blank.txt", blank)).code == "empty"


@pytest.mark.parametrize("make", [
    lambda: bytes((i * 131 + 7) % 256 for i in range(64 * 1024)),  # every byte value in turn, NULs included
    lambda: random.Random(6).randbytes(64 * 1024),  # noise
    lambda: random.Random(6).randbytes(4096).replace(b"\x00", b"\x01"),  # noise without a single NUL
], ids=["byte_cycle", "random", "random_no_nul"])
def test_binary_data_is_refused(tmp_path: Path, make) -> None:  # noqa: ANN001
    assert_refused(write(tmp_path, "noise.txt", make()))


def _pdf_bytes() -> bytes:
    stream = zlib.compress(b"BT /F1 12 Tf 72 712 Td (policy) Tj ET" * 50)
    header = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length " + str(len(stream)).encode()
    return (header + b" /Filter /FlateDecode >>\nstream\n" + stream + b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")


def _zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("data/records.csv", "id,value\n" + "".join(f"{i},{i * i}\n" for i in range(2000)))
        zf.writestr("readme.txt", "not a policy document")
    return buf.getvalue()


def _png_bytes() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    rows = b"".join(b"\x00" + bytes((x * y) % 256 for x in range(64)) for y in range(64))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 64, 64, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


@pytest.mark.parametrize("kind, make", [("pdf", _pdf_bytes), ("zip", _zip_bytes), ("png", _png_bytes)])
def test_other_file_type_renamed_txt_is_refused(tmp_path: Path, kind: str, make) -> None:  # noqa: ANN001
    assert_refused(write(tmp_path, f"renamed_{kind}.txt", make()))


def test_directory_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "a folder.txt"
    folder.mkdir()
    assert assert_refused(folder).code == "unreadable"


def test_missing_file_is_refused(tmp_path: Path) -> None:
    assert assert_refused(tmp_path / "no such file.txt").code == "unreadable"


def test_dangling_symlink_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "dangling.txt"
    link.symlink_to(tmp_path / "gone.txt")
    assert assert_refused(link).code == "unreadable"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="running as root: chmod 000 does not stop root from reading "
                           "(the read-error path is covered by test_read_error_is_refused)")
def test_file_without_read_permission_is_refused(tmp_path: Path, notice_text: str) -> None:
    path = write(tmp_path, "locked.txt", notice_text.encode("utf-8"))
    path.chmod(0)
    try:
        assert assert_refused(path).code == "unreadable"
    finally:
        path.chmod(0o644)


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux /proc/self/mem (a file whose read fails)")
def test_read_error_is_refused() -> None:
    # /proc/self/mem opens fine but reading offset 0 fails with EIO — an unreadable file even for root.
    assert assert_refused(Path("/proc/self/mem")).code == "unreadable"


# ----------------------------------------------------------------- too large


def test_file_above_max_bytes_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:  # 200 MB sparse file: no real data written
        fh.seek(200 * MB - 1)
        fh.write(b"\n")
    tracemalloc.start()
    try:
        err = assert_refused(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert err.code == "too_large"
    assert peak < 5 * MB, f"refusing a 200 MB file allocated {peak / MB:.0f} MB"


def test_max_bytes_is_configurable(tmp_path: Path, notice_text: str) -> None:
    path = write(tmp_path, "notice.txt", notice_text.encode("utf-8"))
    assert assert_refused(path, max_bytes=100).code == "too_large"
    assert policyparse.parse(path, max_bytes=10 * MB).text


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero (a file whose size stat() does not tell)")
def test_endless_stream_is_cut_at_max_bytes() -> None:
    assert assert_refused(Path("/dev/zero"), max_bytes=MB).code == "too_large"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes (a file whose size stat() does not tell)")
def test_a_named_pipe_is_read_whole(tmp_path: Path, notice_text: str) -> None:
    # stat() gives a pipe no size: the read goes on past it, to the end or the limit
    import threading

    fifo = tmp_path / "notice.pipe"
    os.mkfifo(fifo)
    data = notice_text.encode("utf-8")
    writer = threading.Thread(target=fifo.write_bytes, args=(data,))
    writer.start()
    try:
        assert pipeline.read_input_bytes(fifo) == data
    finally:
        writer.join(timeout=10)


def test_a_file_at_the_limit_is_read_and_one_byte_more_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "notice.txt", b"x" * 1000)
    assert pipeline.read_input_bytes(path, max_bytes=1000) == b"x" * 1000
    with pytest.raises(PolicyParseError) as info:
        pipeline.read_input_bytes(path, max_bytes=999)
    assert info.value.code == "too_large"


def test_parse_bytes_refuses_data_above_max_bytes() -> None:
    with pytest.raises(PolicyParseError) as info:
        policyparse.parse_bytes(b"x" * 2048, path="big.txt", max_bytes=1024)
    assert info.value.code == "too_large" and "big.txt" in str(info.value)


# ----------------------------------------------------------------- damaged encodings


def assert_parsed_or_refused(path: Path, *phrases: str) -> None:
    """Damaged but mostly readable: refuse cleanly, or parse keeping the undamaged text and say so."""
    try:
        doc = policyparse.parse(path)
    except PolicyParseError:
        assert_refused(path)
        return
    lost = [p for p in phrases if p not in doc.text]
    assert not lost, f"undamaged text was lost: {lost}"
    assert doc.warnings, "damaged input parsed without a warning"


def test_utf8_truncated_mid_character(tmp_path: Path, notice_text: str) -> None:
    data = notice_text.encode("utf-8") + "数字".encode("utf-8")[:4]  # 数 whole, 字 cut after 1 of 3 bytes
    assert_parsed_or_refused(write(tmp_path, "cut_utf8.txt", data), "促进数字经济发展若干措施")


def test_gb18030_truncated_mid_character(tmp_path: Path, notice_text: str) -> None:
    data = notice_text.encode("gb18030") + "经".encode("gb18030")[:1]  # a lone lead byte at the end
    assert_parsed_or_refused(write(tmp_path, "cut_gb.txt", data), "促进数字经济发展若干措施")


def test_utf8_with_a_byte_missing_in_the_middle(tmp_path: Path, notice_text: str) -> None:
    data = notice_text.encode("utf-8")
    middle = data.index("保障措施".encode("utf-8")) + 1  # drop the 2nd byte of 保
    assert_parsed_or_refused(write(tmp_path, "hole.txt", data[:middle] + data[middle + 1:]), "促进数字经济发展若干措施")


def test_mixed_utf8_and_gb18030_in_one_file(tmp_path: Path, notice_text: str) -> None:
    half = len(notice_text) // 2
    data = notice_text[:half].encode("utf-8") + notice_text[half:].encode("gb18030")
    assert_parsed_or_refused(write(tmp_path, "mixed.txt", data), notice_text[5:25], notice_text[-40:-25])


# ----------------------------------------------------------------- valid but odd


def test_five_megabyte_single_line_parses(tmp_path: Path) -> None:
    sentence = "推进数字经济与实体经济深度融合，支持企业开展智能化改造，建设一批智能工厂（车间）、"
    line = sentence * (5 * MB // len(sentence.encode("utf-8")) + 1)
    doc = policyparse.parse(write(tmp_path, "one_line.txt", line.encode("utf-8")))
    assert len(doc.text) > len(line) * 0.9


def test_hundred_thousand_lines_parse(tmp_path: Path) -> None:
    lines = [f"第{i}行" if i % 1000 == 0 else ("推进。" if i % 3 else "") for i in range(100_000)]
    doc = policyparse.parse(write(tmp_path, "many_lines.txt", "\n".join(lines).encode("utf-8")))
    assert "第99000行" in doc.text


@pytest.mark.parametrize("opening, closing", [("（", "）"), ("(", ")"), ("【", "】"), ("《", "》"), ("〔", "〕")])
def test_deeply_nested_brackets_parse(tmp_path: Path, notice_text: str, opening: str, closing: str) -> None:
    depth = 20_000
    nested = opening * depth + "牵头单位：县财政局" + closing * depth
    unbalanced = opening * depth + "责任单位：县商务局、"
    text = notice_text + "\n（四）加强协同。" + nested + "\n（五）完善机制。" + unbalanced + "\n"
    doc = policyparse.parse(write(tmp_path, "nested.txt", text.encode("utf-8")))
    assert "加强协同" in doc.text


# ----------------------------------------------------------------- file names


@pytest.mark.parametrize("name", ["政策 文件 (副本).txt", "Ünïcödé — notice 2024.txt", "通知\u3000全角空格.txt"])
def test_file_names_with_spaces_and_non_ascii(tmp_path: Path, notice_text: str, name: str) -> None:
    good = write(tmp_path, name, notice_text.encode("utf-8"))
    doc = policyparse.parse(good)
    assert doc.source.path == str(good)
    empty = tmp_path / "empty" / name
    empty.parent.mkdir()
    empty.write_bytes(b"")
    assert_refused(empty)


def test_gb18030_file_with_chinese_name_given_as_str(tmp_path: Path, notice_text: str) -> None:
    path = write(tmp_path, "通知.txt", notice_text.encode("gb18030"))
    doc = policyparse.parse(os.fspath(path))
    assert "促进数字经济发展若干措施" in doc.text
