"""The segment stage: repaired text → metadata, notice, sections, tasks, attachments, tables."""

from __future__ import annotations

from dataclasses import field
from typing import Optional

from ..cache import dataclass
from ..io import SegmentHints
from ..model import Attachment, Metadata, Notice, ParseWarning, Section, Table, Task


@dataclass(slots=True)
class Segmented:
    """Everything the segment stage finds; spans index the repaired text."""

    metadata: Metadata = field(default_factory=Metadata)
    notice: Optional[Notice] = None
    sections: list[Section] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)


def segment(text: str, hints: Optional[SegmentHints] = None) -> Segmented:
    """Split the repaired text into the document's structure."""
    from .document import segment_document

    return segment_document(text, hints or SegmentHints())
