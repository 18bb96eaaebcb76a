"""The extract stage: targets, funding and the units index, from a segmented document."""

from __future__ import annotations

from dataclasses import field

from ..cache import dataclass
from ..model import Document, Funding, ParseWarning, Target, Unit


@dataclass(slots=True)
class Extracted:
    """Quantities and units found in one document."""

    targets: list[Target] = field(default_factory=list)
    funding: list[Funding] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)


def extract(doc: Document, *, script_converted: bool = False) -> Extracted:
    """Find targets and funding in ``doc.text`` (linked to tasks and sections) and index the units.

    ``script_converted``: the repair stage already turned Traditional characters into Simplified ones
    (``script="simplified"``), so the rules read the text as it is, without a Simplified copy of their own.
    Sets ``Task.targets`` of the tasks that hold each target.
    """
    from .quantities import extract_quantities
    from .units import index_units

    targets, funding, warnings = extract_quantities(doc, script_converted=script_converted)
    return Extracted(targets=targets, funding=funding, units=index_units(doc.tasks), warnings=warnings)
