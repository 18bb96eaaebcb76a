"""Readers: turn input bytes (plain text, HTML, DOCX) into text plus an offset map.

``read_document`` is the stage entry point.  For plain text the reader output
is the decoded input itself; the HTML and DOCX readers drop markup and return
what they learned from it (metadata fields, real tables, attachment links) as
``SegmentHints`` for the segment stage.
"""

from __future__ import annotations

from dataclasses import field
from typing import Optional

from ..cache import dataclass
from ..model import ParseWarning, Span, Table
from ..text.offsets import OffsetChain, OffsetMap


@dataclass(slots=True)
class Link:
    """A link to an attachment file (.doc/.docx/.pdf/.xls/.xlsx …) found in the body."""

    title: str
    href: str
    span: Span


@dataclass(slots=True)
class SegmentHints:
    """What a reader learned from markup, with spans into the text the segmenter sees."""

    metadata_fields: dict[str, tuple[str, Optional[Span]]] = field(default_factory=dict)
    tables: list[Table] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


@dataclass(slots=True)
class ReadResult:
    """Reader output: ``text`` and its map back to ``source_text`` (the decoded input)."""

    source_text: str
    text: str
    offsets: OffsetMap
    encoding: Optional[str]
    encoding_confidence: float
    hints: SegmentHints = field(default_factory=SegmentHints)
    warnings: list[ParseWarning] = field(default_factory=list)

    def hints_for(self, later: OffsetChain) -> SegmentHints:
        """The hints with every span mapped through the later (repair) steps."""
        def fwd(span: Optional[Span]) -> Optional[Span]:
            return later.to_output(span) if span is not None else None

        fields = {k: (v, fwd(s)) for k, (v, s) in self.hints.metadata_fields.items()}
        tables = [Table(columns=t.columns, rows=t.rows, title=t.title, span=fwd(t.span) or (0, 0)) for t in self.hints.tables]
        links = [Link(title=l.title, href=l.href, span=fwd(l.span) or (0, 0)) for l in self.hints.links]
        return SegmentHints(metadata_fields=fields, tables=tables, links=links)

    def warnings_for(self, later: OffsetChain) -> list[ParseWarning]:
        """Reader warnings with spans mapped through the later (repair) steps."""
        return [
            ParseWarning(code=w.code, message=w.message, span=later.to_output(w.span) if w.span else None)
            for w in self.warnings
        ]


def read_document(data: bytes, fmt: str, *, path: Optional[str] = None) -> ReadResult:
    """Decode and read one input of format ``text``, ``html`` or ``docx``."""
    if fmt == "docx":
        from .docx import read_docx

        return read_docx(data, path=path)
    from ..text.decode import decode_bytes

    decoded = decode_bytes(data, path=path, is_html=(fmt == "html"))
    if fmt == "html":
        from .html import read_html

        return read_html(decoded.text, encoding=decoded.encoding, confidence=decoded.confidence, path=path)
    return ReadResult(
        source_text=decoded.text,
        text=decoded.text,
        offsets=OffsetMap.identity(len(decoded.text)),
        encoding=decoded.encoding,
        encoding_confidence=decoded.confidence,
        warnings=list(decoded.warnings),
    )
