"""Run the repair steps in order, composing their offset maps.

Each step is a pure function ``str -> StepResult``: the edits it wants, and
warnings/places with spans into *its* input.  The driver applies the edits,
records the map, and carries earlier spans forward so that every span in the
result indexes the final text.
"""

from __future__ import annotations

from dataclasses import field
from functools import partial
from typing import Callable, Literal, Sequence

from ..cache import dataclass
from ..model import ParseWarning, RepairPlace, RepairRecord
from .offsets import Edit, OffsetChain, PositionMap, apply_edits


@dataclass(slots=True)
class StepResult:
    """What one repair step wants changed, and what it could not fix."""

    edits: Sequence[Edit] = field(default_factory=list)  # any order; or ``OrderedEdits``
    detail: str = ""
    places: list[RepairPlace] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    count: int | None = None  # defaults to len(edits)


@dataclass(slots=True)
class RepairedText:
    """The repaired text, its map back to the input, and what was done."""

    text: str
    offsets: OffsetChain
    repairs: list[RepairRecord]
    warnings: list[ParseWarning]


Step = Callable[[str], StepResult]


def repair_steps(script: Literal["simplified", "keep"]) -> list[tuple[str, Step]]:
    """The repair steps in the order they run."""
    from .chrome import strip_chrome
    from .mojibake import fix_mojibake
    from .normalize import normalize_whitespace, unescape_html_entities
    from .pinyin import strip_pinyin_annotations
    from .script import convert_to_simplified

    steps: list[tuple[str, Step]] = [
        ("mojibake", fix_mojibake),
        ("html_entity", unescape_html_entities),
        ("pinyin_annotation", strip_pinyin_annotations),
    ]
    simplified = script == "simplified"
    if simplified:
        steps.append(("script_conversion", convert_to_simplified))
    # after the script step, chrome reads the converted lines as they are
    steps += [("whitespace", normalize_whitespace), ("boilerplate", partial(strip_chrome, simplified=simplified))]
    return steps


def repair_text(text: str, *, script: Literal["simplified", "keep"] = "simplified") -> RepairedText:
    """Repair decoded text: mojibake, entities, pinyin, script, whitespace, chrome."""
    chain = OffsetChain()
    repairs: list[RepairRecord] = []
    warnings: list[ParseWarning] = []
    places: list[RepairPlace] = []
    for kind, step in repair_steps(script):
        result = step(text)
        warnings.extend(result.warnings)
        places.extend(result.places)
        count = len(result.edits) if result.count is None else result.count
        if result.edits:
            text, offset_map = apply_edits(text, result.edits)
            chain.append(offset_map)
            _carry_forward(offset_map, warnings, places)
        if count:
            repairs.append(RepairRecord(kind=kind, count=count, detail=result.detail, places=result.places))
        del result  # its edits (tens of thousands on a long text) are applied: free them before the next step
    for place in places:  # a place's certain repair is what the later steps made of it
        if place.good is not None:
            place.good = text[place.span[0] : place.span[1]]
    return RepairedText(text=text, offsets=chain, repairs=repairs, warnings=_distinct_by_span(warnings))


def _distinct_by_span(warnings: list[ParseWarning]) -> list[ParseWarning]:
    """One warning per span: later steps may report a place an earlier one already did."""
    seen: set[tuple[int, int] | None] = set()
    out: list[ParseWarning] = []
    for w in warnings:
        key = tuple(w.span) if w.span is not None else None
        if key is not None and key in seen:
            continue
        seen.add(key)
        out.append(w)
    return out


def _carry_forward(offset_map: PositionMap, warnings: list[ParseWarning], places: list[RepairPlace]) -> None:
    """Move the spans found by earlier steps into the text after this step."""
    items = [item for item in (*warnings, *places) if item.span is not None]
    for item, span in zip(items, offset_map.to_output_spans([item.span for item in items])):  # type: ignore[misc]
        item.span = span
