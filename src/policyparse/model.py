"""The data model every pipeline stage shares, and the JSON Schema it generates.

Stages fill these dataclasses; ``Document.to_dict()`` gives the contract-v1 JSON
(see ``shared/spec/contract.md``), ``json_schema()`` its schema.  Every extracted
item has a ``span`` ``[start, end)`` into ``Document.text``; the pipeline fills
``source_span`` (into the decoded input) once, at the end, from the offset map.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from dataclasses import field
from typing import Any, Literal, Optional, Union

from .cache import dataclass

SCHEMA_VERSION = "1"

Span = tuple[int, int]
Comparator = Literal[">=", ">", "<=", "<", "~", "="]
TargetKind = Literal["level", "increment", "share", "growth"]


class PolicyParseError(Exception):
    """The one error type ``parse()`` raises for input it cannot read.

    ``code`` is a short machine-readable reason (``empty``, ``binary``,
    ``too_large``, ``undecodable``, ``unreadable``, ``unsupported``).
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(slots=True)
class SourceInfo:
    """What was read: the input file and how it was decoded."""

    path: Optional[str] = None
    sha256: str = ""
    bytes: int = 0
    format: Literal["text", "html", "docx"] = "text"
    encoding: Optional[str] = None
    encoding_confidence: float = 0.0


@dataclass(slots=True)
class RepairPlace:
    """One garbled place: the damaged input (``bad``) and its certain repair (``good``, or None)."""

    bad: str
    good: Optional[str]
    span: Span = (0, 0)
    source_span: Optional[Span] = None


@dataclass(slots=True)
class RepairRecord:
    """One kind of repair applied to the text, with how often it was applied."""

    kind: str
    count: int
    detail: str = ""
    places: list[RepairPlace] = field(default_factory=list)


@dataclass(slots=True)
class ParseWarning:
    """Something that could not be parsed cleanly; ``span`` indexes ``text``."""

    code: str
    message: str
    span: Optional[Span] = None
    source_span: Optional[Span] = None


@dataclass(slots=True)
class DocNumberParts:
    """A 发文字号 split into agency code, year and serial (盘政办发〔2021〕10号)."""

    agency_code: Optional[str] = None
    year: Optional[int] = None
    serial: Optional[int] = None


@dataclass(slots=True)
class Metadata:
    """Document-level facts; absent fields stay ``None``, never guessed."""

    title: Optional[str] = None
    doc_number: Optional[str] = None
    doc_number_parts: DocNumberParts = field(default_factory=DocNumberParts)
    issuer: Optional[str] = None
    issuers: list[str] = field(default_factory=list)
    issue_date: Optional[str] = None
    publish_date: Optional[str] = None
    index_number: Optional[str] = None
    category: Optional[str] = None
    recipients: list[str] = field(default_factory=list)
    subject_title: Optional[str] = None
    disclosure: Optional[str] = None
    validity: Optional[str] = None
    effective_date: Optional[str] = None
    expiry_date: Optional[str] = None
    source_name: Optional[str] = None
    spans: dict[str, Span] = field(default_factory=dict)


@dataclass(slots=True)
class Notice:
    """The covering 印发/转发/批转 notice that wraps the enclosed document."""

    recipients: list[str] = field(default_factory=list)
    signatories: list[str] = field(default_factory=list)
    date: Optional[str] = None
    text: str = ""
    span: Span = (0, 0)
    source_span: Optional[Span] = None


@dataclass(slots=True)
class Section:
    """One heading of the document's outline, with the text under it.

    The outline builds sections with positional arguments: a change of field order must change it too
    (``tests/segment/test_outline.py`` checks every field)."""

    id: str
    level: int
    marker: str
    ordinal: Optional[int]
    heading: str
    text: str = ""
    span: Span = (0, 0)
    source_span: Optional[Span] = None
    children: list[Section] = field(default_factory=list)


@dataclass(slots=True)
class Task:
    """An actionable item: a numbered item of the operative part, an annotated item, or a task-table row.

    The task readers build tasks with positional arguments: a change of field order must change them too
    (``tests/segment/test_tasks.py`` checks every field)."""

    id: str
    section_id: Optional[str]
    heading: str
    text: str
    marker: Optional[str] = None
    lead_units: list[str] = field(default_factory=list)
    responsible_units: list[str] = field(default_factory=list)
    deadline: Optional[str] = None
    targets: list[str] = field(default_factory=list)
    source: Literal["body", "table"] = "body"
    span: Span = (0, 0)
    source_span: Optional[Span] = None


@dataclass(slots=True)
class Target:
    """A quantitative goal: one number with its indicator, unit and comparator."""

    id: str
    text: str
    indicator: Optional[str]
    value: float
    unit: Optional[str]
    value_max: Optional[float] = None
    comparator: Comparator = "="
    kind: TargetKind = "level"
    year: Optional[int] = None
    period: Optional[str] = None
    per_year: bool = False
    scope: Optional[str] = None
    task_id: Optional[str] = None
    section_id: Optional[str] = None
    span: Span = (0, 0)
    source_span: Optional[Span] = None


@dataclass(slots=True)
class Funding:
    """Money (or a subsidy ratio) the issuer grants, awards, subsidises, matches or budgets."""

    id: str
    text: str
    value: float
    unit: Optional[str]
    value_max: Optional[float] = None
    comparator: Comparator = "="
    purpose: Optional[str] = None
    recipient: Optional[str] = None
    per_year: bool = False
    task_id: Optional[str] = None
    section_id: Optional[str] = None
    span: Span = (0, 0)
    source_span: Optional[Span] = None


@dataclass(slots=True)
class Unit:
    """A responsible organisation and the tasks it leads or supports."""

    name: str
    mentions: int = 0
    lead_task_ids: list[str] = field(default_factory=list)
    responsible_task_ids: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Table:
    """A table rebuilt into header cells and rows (lists of cell strings)."""

    columns: list[str]
    rows: list[list[str]]
    title: Optional[str] = None
    span: Span = (0, 0)
    source_span: Optional[Span] = None


@dataclass(slots=True)
class Attachment:
    """An attachment named in the 附件说明 list and/or present as a body."""

    number: Optional[int]
    title: Optional[str]
    label: str = "附件"  # the word the document labels it with: 附件 (an attachment) or 附表 (an appended table)
    listed: bool = False
    present: bool = False
    href: Optional[str] = None
    span: Span = (0, 0)
    source_span: Optional[Span] = None
    sections: list[Section] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


@dataclass(slots=True)
class Document:
    """The whole parse result, contract v1."""

    source: SourceInfo
    text: str
    schema_version: str = SCHEMA_VERSION
    repairs: list[RepairRecord] = field(default_factory=list)
    metadata: Metadata = field(default_factory=Metadata)
    notice: Optional[Notice] = None
    sections: list[Section] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    funding: list[Funding] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The contract-v1 JSON object (plain dicts, lists and scalars)."""
        return to_plain(self)


# types that are already JSON values (exactly these types: subclasses take the general path)
_JSON_SCALARS = frozenset({str, int, bool, type(None)})


@functools.cache
def _field_names(cls: type) -> Optional[tuple[str, ...]]:
    """The field names of a dataclass type, None for any other type (looked up once per type)."""
    return tuple(f.name for f in dataclasses.fields(cls)) if dataclasses.is_dataclass(cls) else None


def to_plain(value: Any) -> Any:
    """Convert dataclasses/tuples recursively to JSON-ready values (faster than ``asdict``)."""
    cls = type(value)
    if cls in _JSON_SCALARS:
        return value
    if cls is list or cls is tuple:
        return [to_plain(v) for v in value]
    names = _field_names(cls)
    if names is not None:
        return {name: to_plain(getattr(value, name)) for name in names}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# ---------------------------------------------------------------- JSON Schema


def _schema_for(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    """The JSON Schema of one type hint; dataclasses go into ``defs``."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is type(None):
        return {"type": "null"}
    if origin in (Union, types.UnionType):
        return {"anyOf": [_schema_for(a, defs) for a in args]}
    if origin is Literal:
        return {"enum": list(args)}
    if origin is list:
        return {"type": "array", "items": _schema_for(args[0], defs)}
    if origin is tuple:  # Span
        return {"type": "array", "items": {"type": "integer", "minimum": 0}, "minItems": 2, "maxItems": 2}
    if origin is dict:
        return {"type": "object", "additionalProperties": _schema_for(args[1], defs)}
    if tp is str:
        return {"type": "string"}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is float:
        return {"type": "number"}
    if dataclasses.is_dataclass(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}  # placeholder against recursion (Section.children)
            hints = typing.get_type_hints(tp)
            props = {f.name: _schema_for(hints[f.name], defs) for f in dataclasses.fields(tp)}
            defs[name] = {
                "type": "object",
                "description": (tp.__doc__ or "").strip().splitlines()[0],
                "properties": props,
                "required": list(props),
                "additionalProperties": False,
            }
        return {"$ref": f"#/$defs/{name}"}
    raise TypeError(f"no schema for {tp!r}")


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``Document.to_dict()``, generated from this module."""
    defs: dict[str, Any] = {}
    _schema_for(Document, defs)
    root = defs.pop("Document")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://policyparse.invalid/schema/v1.json",
        "title": "policyparse document (contract v1)",
        **root,
        "$defs": defs,
    }
