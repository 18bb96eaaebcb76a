"""The pipeline: decode → read (text/HTML/DOCX) → repair → segment → extract.

Each stage is a package with one entry function; this module only wires them
together and maps every span back to the decoded input at the end.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Literal, Optional, Union

from .cache import compile_pattern
from .model import Document, PolicyParseError, Section, SourceInfo
from .text.offsets import OffsetChain

Script = Literal["simplified", "keep"]
PathLike = Union[str, "os.PathLike[str]"]

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
# A lone UTF-16 surrogate (only possible in str input) that no codec can encode: \ud800
_LONE_SURROGATE = compile_pattern("[\ud800-\udfff]")


def read_input_bytes(path: PathLike, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a file, refusing directories, unreadable files and files above ``max_bytes`` before reading."""
    p = Path(path)
    try:
        st = p.stat()
    except OSError as exc:
        raise PolicyParseError("unreadable", f"{path}: cannot read ({exc.strerror or exc})") from None
    if p.is_dir():
        raise PolicyParseError("unreadable", f"{path}: is a directory, not a file")
    if st.st_size > max_bytes:
        raise PolicyParseError(
            "too_large", f"{path}: {st.st_size} bytes is over the limit of {max_bytes} bytes (--max-bytes)"
        )
    limit = max_bytes + 1  # one byte more tells a file over the limit
    try:
        with open(p, "rb") as fh:
            # sized by the stat (a read of ``limit`` bytes would first allocate that much, 50 MB by default)
            data = fh.read(min(limit, st.st_size + 1))
            if st.st_size < len(data) < limit:  # the file grew since, or has no size (a pipe, /proc)
                data += fh.read(limit - len(data))
    except OSError as exc:
        raise PolicyParseError("unreadable", f"{path}: cannot read ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise PolicyParseError("too_large", f"{path}: over the limit of {max_bytes} bytes (--max-bytes)")
    return data


def parse(path: PathLike, *, script: Script = "simplified", max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Parse one file (text, HTML or DOCX) into a ``Document``.

    Raises ``PolicyParseError`` for input that cannot be read.
    """
    # the bytes are not bound to a name here, so parse_bytes can let them go once they are read
    return parse_bytes(read_input_bytes(path, max_bytes=max_bytes), path=str(path), script=script)


def parse_bytes(
    data: bytes,
    *,
    path: Optional[str] = None,
    script: Script = "simplified",
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Document:
    """Parse the bytes of one document; ``path`` only helps to tell the format."""
    from .io import read_document
    from .text.decode import sniff_format

    if len(data) > max_bytes:
        raise PolicyParseError("too_large", f"{path or '<bytes>'}: over the limit of {max_bytes} bytes")
    fmt = sniff_format(data, path)
    read = read_document(data, fmt, path=path)
    source = SourceInfo(
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        bytes=len(data),
        format=fmt,
        encoding=read.encoding,
        encoding_confidence=round(read.encoding_confidence, 3),
    )
    del data  # read and hashed: a long input's bytes need not live through the later stages
    return _parse_read(read, source, script=script)


def parse_text(text: str, *, script: Script = "simplified", path: Optional[str] = None) -> Document:
    """Parse text that is already decoded (no encoding detection)."""
    from .io import ReadResult
    from .text.offsets import OffsetMap

    data = text.encode("utf-8", errors="surrogatepass")
    text = _LONE_SURROGATE.sub("\ufffd", text)  # one for one, so offsets hold
    read = ReadResult(
        source_text=text, text=text, offsets=OffsetMap.identity(len(text)), encoding="utf-8", encoding_confidence=1.0
    )
    source = SourceInfo(path=path, sha256=hashlib.sha256(data).hexdigest(), bytes=len(data), format="text",
                        encoding="utf-8", encoding_confidence=1.0)
    return _parse_read(read, source, script=script)


def _parse_read(read: "ReadResult", source: SourceInfo, *, script: Script) -> Document:  # noqa: F821
    """Repair, segment and extract the reader's text; ``read`` is consumed (its texts are let go once repaired)."""
    from .extract import extract
    from .segment import segment
    from .text import repair_text

    repaired = repair_text(read.text, script=script)
    read.source_text = read.text = ""  # not needed by the later stages: a long input's text is tens of MB
    if not repaired.text.strip():
        raise PolicyParseError("empty", f"{source.path or '<input>'}: no text left after repair (empty or only web chrome)")
    chain = OffsetChain([read.offsets])
    chain.extend(repaired.offsets)
    hints = read.hints_for(repaired.offsets)
    segmented = segment(repaired.text, hints=hints)
    doc = Document(source=source, text=repaired.text, repairs=repaired.repairs)
    doc.metadata = segmented.metadata
    doc.notice = segmented.notice
    doc.sections = segmented.sections
    doc.tasks = segmented.tasks
    doc.attachments = segmented.attachments
    doc.tables = segmented.tables
    doc.warnings = [*read.warnings_for(repaired.offsets), *repaired.warnings, *segmented.warnings]
    extracted = extract(doc, script_converted=script == "simplified")
    doc.targets = extracted.targets
    doc.funding = extracted.funding
    doc.units = extracted.units
    doc.warnings.extend(extracted.warnings)
    fill_source_spans(doc, chain)
    return doc


def _items_with_spans(doc: Document) -> list[object]:
    """Every object of ``doc`` that has ``span`` and ``source_span``, in the order of ``Document``'s fields."""
    items: list[object] = []

    def add_sections(sections: list[Section]) -> None:
        for section in sections:
            items.append(section)
            if section.children:
                add_sections(section.children)

    if doc.notice is not None:
        items.append(doc.notice)
    add_sections(doc.sections)
    for kind in (doc.tasks, doc.targets, doc.funding, doc.tables, doc.warnings):
        items += kind
    for record in doc.repairs:
        items += record.places
    for attachment in doc.attachments:
        items.append(attachment)
        add_sections(attachment.sections)
        items += attachment.tables
    return items


def fill_source_spans(doc: Document, chain: OffsetChain) -> None:
    """Set ``source_span`` of every item from its ``span`` through the offset chain (all spans at once)."""
    items = [item for item in _items_with_spans(doc) if getattr(item, "span", None) is not None]
    sources = chain.to_source_spans([tuple(item.span) for item in items])  # type: ignore[attr-defined]
    for item, source in zip(items, sources):
        item.source_span = source  # type: ignore[attr-defined]
