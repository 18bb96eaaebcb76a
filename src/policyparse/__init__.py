"""policyparse: Chinese government policy documents to structured JSON.

    >>> import policyparse
    >>> doc = policyparse.parse("samples/000_a8401e22d6ed3200.txt")
    >>> doc.metadata.doc_number
    '盘政办发〔2021〕10号'

The pipeline is decode → repair → segment → extract (see ``pipeline``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["parse", "parse_bytes", "parse_text", "PolicyParseError", "Document", "__version__"]

if TYPE_CHECKING:
    from .model import Document, PolicyParseError
    from .pipeline import parse, parse_bytes, parse_text


def __getattr__(name: str) -> Any:
    """Import the pipeline lazily so that ``policyparse --help`` starts fast."""
    if name in ("parse", "parse_bytes", "parse_text"):
        from . import pipeline

        return getattr(pipeline, name)
    if name in ("Document", "PolicyParseError"):
        from . import model

        return getattr(model, name)
    raise AttributeError(name)
