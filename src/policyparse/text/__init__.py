"""The repair stage: decoded text → clean Simplified Chinese text with an offset map.

``repair_text`` runs the fixers in order — mojibake, pinyin annotations,
normalisation (entities, widths, spaces), script conversion, chrome — each
returning edits, so the final text keeps a map back to its input.
"""

from __future__ import annotations

from .repair import RepairedText, repair_text

__all__ = ["RepairedText", "repair_text"]
