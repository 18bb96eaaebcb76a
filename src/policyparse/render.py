"""Output formats for parsed documents: JSON, JSON Lines, CSV tables and a Markdown summary.

Everything here works on the contract-v1 dict (``Document.to_dict()``), so the
same functions render fresh parses and JSON files read back from disk.
``iter_json`` also takes a ``Document`` and encodes it piece by piece, so a
huge document never exists as one dict tree and one string at the same time.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import json
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, Optional

from .model import to_plain

DocDict = dict[str, Any]

TARGET_COLUMNS = [
    "doc", "id", "text", "indicator", "value", "value_max", "unit", "comparator", "kind",
    "year", "period", "per_year", "scope", "task_id", "section_id", "span_start", "span_end",
]
FUNDING_COLUMNS = [
    "doc", "id", "text", "value", "value_max", "unit", "comparator", "purpose", "recipient",
    "per_year", "task_id", "section_id", "span_start", "span_end",
]
TASK_COLUMNS = [
    "doc", "task_id", "section_id", "marker", "heading", "role", "unit", "deadline", "source",
    "targets", "span_start", "span_end",
]
CSV_TABLES = {"targets.csv": TARGET_COLUMNS, "funding.csv": FUNDING_COLUMNS, "tasks.csv": TASK_COLUMNS}
# Excel only reads UTF-8 CSV as UTF-8 when it starts with a BOM; analysts open these in spreadsheets.
CSV_ENCODING = "utf-8-sig"


# one value as compact JSON (Chinese kept as is)
_COMPACT = functools.partial(json.dumps, ensure_ascii=False, separators=(",", ":"))


def to_json(doc: DocDict, *, indent: Optional[int] = 2) -> str:
    """Contract-v1 JSON text (Chinese kept as is, not ``\\uXXXX``)."""
    if indent is None:
        return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    return json.dumps(doc, ensure_ascii=False, indent=indent)


def iter_json(doc: Any, *, indent: Optional[int] = 2) -> Iterator[str]:
    """The text of ``to_json(doc)`` in pieces, for a ``Document`` or its dict (joined, they are equal).

    Each top-level field, and each item of a top-level list, is converted and encoded on its own, so the
    memory held at once is the document plus one item's JSON, not a dict tree plus the whole text.
    """
    fields = list(doc.items() if isinstance(doc, dict)
                  else ((f.name, getattr(doc, f.name)) for f in dataclasses.fields(doc)))
    if not fields:
        yield "{}"
        return
    if indent is None:
        encode, key_end, field_pad, item_pad = _COMPACT, ":", "", ""
    else:
        encode, key_end = functools.partial(json.dumps, ensure_ascii=False, indent=indent), ": "
        field_pad, item_pad = "\n" + " " * indent, "\n" + " " * 2 * indent

    def nested(text: str, pad: str) -> str:  # re-indent a value encoded at level 0 (JSON strings hold no raw newline)
        return text.replace("\n", pad) if pad else text

    yield "{"
    for n, (name, value) in enumerate(fields):
        yield ("," if n else "") + field_pad + json.dumps(name, ensure_ascii=False) + key_end
        if isinstance(value, (list, tuple)) and value:
            yield "["
            for i, item in enumerate(value):
                yield ("," if i else "") + item_pad + nested(encode(to_plain(item)), item_pad)
            yield field_pad + "]"
        else:
            yield nested(encode(to_plain(value)), field_pad)
    yield ("\n" if indent is not None else "") + "}"


def write_json(doc: Any, fh: IO[str], *, indent: Optional[int] = 2) -> None:
    """Write ``to_json(doc)`` and a newline to ``fh`` in pieces (see ``iter_json``)."""
    for piece in iter_json(doc, indent=indent):
        fh.write(piece)
    fh.write("\n")


def to_jsonl_line(doc: DocDict) -> str:
    """One document as one JSON Lines record (with the trailing newline)."""
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n"


def doc_label(doc: DocDict) -> str:
    """The name that identifies a document in merged tables: its source path, else its sha256."""
    source = doc.get("source") or {}
    return str(source.get("path") or source.get("sha256", "")[:16] or "<input>")


def _span_cells(item: dict[str, Any]) -> tuple[Any, Any]:
    span = item.get("span") or (None, None)
    return span[0], span[1]


def _cell(value: Any) -> Any:
    """A CSV cell: lists joined with ``、``, booleans as true/false, None as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return value


def target_rows(doc: DocDict, label: Optional[str] = None) -> Iterator[list[Any]]:
    """Rows of ``targets.csv`` for one document."""
    label = label or doc_label(doc)
    for t in doc.get("targets", []):
        start, end = _span_cells(t)
        yield [label] + [_cell(t.get(c)) for c in TARGET_COLUMNS[1:-2]] + [start, end]


def funding_rows(doc: DocDict, label: Optional[str] = None) -> Iterator[list[Any]]:
    """Rows of ``funding.csv`` for one document."""
    label = label or doc_label(doc)
    for f in doc.get("funding", []):
        start, end = _span_cells(f)
        yield [label] + [_cell(f.get(c)) for c in FUNDING_COLUMNS[1:-2]] + [start, end]


def task_rows(doc: DocDict, label: Optional[str] = None) -> Iterator[list[Any]]:
    """Rows of ``tasks.csv``: one per task and unit role (``lead``/``responsible``).

    A task without units still gets one row (empty role and unit), so every task is listed.
    """
    label = label or doc_label(doc)
    for task in doc.get("tasks", []):
        start, end = _span_cells(task)
        roles = [("lead", u) for u in task.get("lead_units", [])] + [
            ("responsible", u) for u in task.get("responsible_units", [])
        ]
        for role, unit in roles or [("", "")]:
            yield [
                label, task.get("id"), _cell(task.get("section_id")), _cell(task.get("marker")),
                task.get("heading", ""), role, unit, _cell(task.get("deadline")), task.get("source", ""),
                _cell(task.get("targets")), start, end,
            ]


def write_csv_tables(docs: Iterable[tuple[str, DocDict]], out_dir: Path) -> dict[str, int]:
    """Write ``targets.csv``, ``funding.csv`` and ``tasks.csv`` for ``(label, doc)`` pairs into ``out_dir``.

    Streams (one document in memory at a time); each file appears atomically.
    Returns the number of data rows per file.
    """
    import csv  # imported here, not at the top: only CSV output needs it (start-up time of `extract`)

    from .atomic import atomic_open

    out_dir.mkdir(parents=True, exist_ok=True)
    counts = {name: 0 for name in CSV_TABLES}
    row_makers = {"targets.csv": target_rows, "funding.csv": funding_rows, "tasks.csv": task_rows}
    with atomic_open(out_dir / "targets.csv", encoding=CSV_ENCODING, newline="") as t_fh, \
            atomic_open(out_dir / "funding.csv", encoding=CSV_ENCODING, newline="") as f_fh, \
            atomic_open(out_dir / "tasks.csv", encoding=CSV_ENCODING, newline="") as k_fh:
        writers = {"targets.csv": csv.writer(t_fh), "funding.csv": csv.writer(f_fh), "tasks.csv": csv.writer(k_fh)}
        for name, columns in CSV_TABLES.items():
            writers[name].writerow(columns)
        for label, doc in docs:
            for name, writer in writers.items():
                for row in row_makers[name](doc, label):
                    writer.writerow(row)
                    counts[name] += 1
    return counts


# ---------------------------------------------------------------- Markdown


def _md_escape(text: Any) -> str:
    """Cell text safe inside a Markdown table row."""
    return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ")


def _section_lines(sections: list[dict[str, Any]], depth: int = 0) -> Iterator[str]:
    for s in sections:
        yield f"{'  ' * depth}- {s.get('marker', '')}{s.get('heading', '')}"
        yield from _section_lines(s.get("children", []), depth + 1)


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, (int, float)) else str(value)


def to_markdown(doc: DocDict) -> str:
    """A readable summary: metadata, outline, tasks with units, targets, funding, warnings."""
    meta = doc.get("metadata") or {}
    out = io.StringIO()
    w = out.write
    w(f"# {meta.get('title') or doc_label(doc)}\n\n")
    facts = [
        ("文号", meta.get("doc_number")), ("发文机关", meta.get("issuer")), ("成文日期", meta.get("issue_date")),
        ("发布日期", meta.get("publish_date")), ("索引号", meta.get("index_number")),
        ("主送", "、".join(meta.get("recipients") or []) or None), ("来源", doc_label(doc)),
    ]
    for name, value in facts:
        if value:
            w(f"- **{name}**: {value}\n")
    counts = {k: len(doc.get(k) or []) for k in ("sections", "tasks", "targets", "funding", "attachments", "warnings")}
    w("\n" + " · ".join(f"{v} {k}" for k, v in counts.items()) + "\n")
    if doc.get("sections"):
        w("\n## Outline\n\n" + "\n".join(_section_lines(doc["sections"])) + "\n")
    if doc.get("tasks"):
        w("\n## Tasks\n\n| # | heading | lead | responsible | deadline |\n|---|---|---|---|---|\n")
        for t in doc["tasks"]:
            lead, responsible = "、".join(t.get("lead_units", [])), "、".join(t.get("responsible_units", []))
            w(f"| {_md_escape(t.get('marker') or t.get('id'))} | {_md_escape(t.get('heading'))} | "
              f"{_md_escape(lead)} | {_md_escape(responsible)} | {_md_escape(t.get('deadline') or '')} |\n")
    if doc.get("targets"):
        w("\n## Targets\n\n| indicator | comparator | value | unit | year/period | text |\n|---|---|---|---|---|---|\n")
        for t in doc["targets"]:
            when = t.get("year") or t.get("period") or ""
            w(f"| {_md_escape(t.get('indicator'))} | {_md_escape(t.get('comparator'))} | {_number(t.get('value'))} | "
              f"{_md_escape(t.get('unit'))} | {_md_escape(when)} | {_md_escape(t.get('text'))} |\n")
    if doc.get("funding"):
        w("\n## Funding\n\n| purpose | comparator | value | unit | recipient | text |\n|---|---|---|---|---|---|\n")
        for f in doc["funding"]:
            w(f"| {_md_escape(f.get('purpose'))} | {_md_escape(f.get('comparator'))} | {_number(f.get('value'))} | "
              f"{_md_escape(f.get('unit'))} | {_md_escape(f.get('recipient'))} | {_md_escape(f.get('text'))} |\n")
    if doc.get("attachments"):
        w("\n## Attachments\n\n")
        for a in doc["attachments"]:
            name = f"{a.get('label') or '附件'}{a.get('number') or ''}"
            w(f"- {name} {a.get('title') or ''} ({len(a.get('tables') or [])} tables)\n")
    if doc.get("warnings"):
        w("\n## Warnings\n\n")
        for warning in doc["warnings"]:
            w(f"- `{warning.get('code')}` {_md_escape(warning.get('message'))}\n")
    return out.getvalue()

