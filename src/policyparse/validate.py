"""Measure parser output against gold files, and check it against the JSON Schema.

``compare_document(doc, expected)`` scores one parse against one gold file
(``shared/spec/gold-format.md``) and returns a ``Comparison``: per field the
true/false positives and false negatives, precision, recall and F1, plus the
missed and extra items so a failing field can be debugged.  Items are matched
by content, never by offsets:

- ``metadata``: each gold field (recipients one by one), exact after normalisation;
- ``notice``: its presence, recipients, signatories and date;
- ``sections``: (marker, heading) over the whole tree;
- ``tasks``: by source and marker+heading, else heading, else ``text_head`` inside the task text;
  ``lead_units``/``responsible_units`` as (task, unit) pairs and ``deadline`` per matched task;
- ``targets``/``funding``: (value, unit); ``*_attrs`` the agreement of the other fields of matched pairs;
- ``attachments``: (number, title); ``repairs``: the repaired text (or the damaged text when unknown).

Normalisation is NFKC (full/half width), no whitespace, no trailing ``。：；，``.

``schema_errors(instance, schema)`` is a small JSON Schema validator for the
keywords ``model.json_schema()`` uses (so the CLI needs no jsonschema
dependency); unknown keywords raise, so the schema cannot silently outgrow it.
"""

from __future__ import annotations

import json
import math
import unicodedata
from collections import Counter
from dataclasses import field
from pathlib import Path
from typing import Any, Callable, Hashable, Iterable, Optional

from .cache import dataclass

DocDict = dict[str, Any]

SAMPLE_SUFFIXES = (".txt", ".html", ".htm", ".docx")
EXPECTED_SUFFIX = ".expected.json"
CORE_FIELDS = (
    "metadata", "notice", "sections", "tasks", "lead_units", "responsible_units", "deadline",
    "targets", "funding", "attachments", "repairs",
)
ATTR_FIELDS = ("target_attrs", "funding_attrs")
METADATA_SCALARS = (
    "title", "doc_number", "issuer", "issue_date", "publish_date", "index_number", "category",
    "subject_title", "disclosure", "validity",
)
TARGET_ATTRS = ("indicator", "comparator", "kind", "year", "period", "per_year", "scope", "value_max")
FUNDING_ATTRS = ("comparator", "purpose", "per_year", "value_max")
TRAILING_PUNCT = "。：:；;，,"


# ---------------------------------------------------------------- scores


@dataclass(slots=True)
class FieldScore:
    """Counts of one field: true positives, false positives, false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: "FieldScore") -> "FieldScore":
        return FieldScore(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        """tp / (tp + fp); 1.0 when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn); 1.0 when nothing was expected."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass(slots=True)
class Comparison:
    """One document against its gold file: scores per field, and what was missed or extra."""

    scores: dict[str, FieldScore] = field(default_factory=dict)
    missed: dict[str, list[Any]] = field(default_factory=dict)
    extra: dict[str, list[Any]] = field(default_factory=dict)

    @property
    def overall(self) -> FieldScore:
        """Micro-average over the core fields (not the ``*_attrs`` agreement fields)."""
        return sum((s for f, s in self.scores.items() if f in CORE_FIELDS), FieldScore())

    def f1(self, name: str) -> float:
        return self.scores[name].f1

    def as_dict(self) -> dict[str, Any]:
        return {"overall": self.overall.as_dict(), "fields": {k: v.as_dict() for k, v in self.scores.items()}}


def _record(cmp: Comparison, name: str, expected: Iterable[Hashable], predicted: Iterable[Hashable]) -> None:
    """Score ``name`` by multiset matching of expected and predicted keys."""
    exp, pred = Counter(expected), Counter(predicted)
    common = exp & pred
    tp = sum(common.values())
    cmp.scores[name] = FieldScore(tp, sum(pred.values()) - tp, sum(exp.values()) - tp)
    cmp.missed[name] = sorted((exp - pred).elements(), key=repr)
    cmp.extra[name] = sorted((pred - exp).elements(), key=repr)


# ---------------------------------------------------------------- normalisation


def norm(text: Any) -> str:
    """Text compared: NFKC, without whitespace and trailing ``。：；，``."""
    if text is None:
        return ""
    s = "".join(unicodedata.normalize("NFKC", str(text)).split())
    return s.rstrip(TRAILING_PUNCT)


def norm_marker(marker: Any) -> str:
    """A heading marker compared: ``（一）``=``(一)``, ``1．``=``1.``=``1、``."""
    s = "".join(unicodedata.normalize("NFKC", str(marker or "")).split())
    if s.endswith("、") and s[:-1].isdigit():
        s = s[:-1] + "."
    return s


def norm_value(value: Any) -> Optional[float]:
    """A number compared (rounded so that 4.5e8 from different arithmetic matches)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        return None
    return round(float(value), 6)


def _scalar(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return norm_value(value)
    return norm(value)


# ---------------------------------------------------------------- field comparators


def _compare_metadata(cmp: Comparison, got: DocDict, gold: DocDict) -> None:
    def items(meta: DocDict, keys: Iterable[str]) -> list[tuple[str, Any]]:
        out: list[tuple[str, Any]] = []
        for key in keys:
            if key == "recipients":
                out += [("recipients", norm(r)) for r in meta.get("recipients") or []]
            elif key == "doc_number_parts":
                parts = meta.get("doc_number_parts") or {}
                out += [(f"doc_number_parts.{k}", _scalar(v)) for k, v in parts.items()
                        if v is not None and k != "note"]
            elif meta.get(key) not in (None, "", []):
                out.append((key, _scalar(meta.get(key))))
        return out

    keys = [k for k in gold if k in METADATA_SCALARS or k in ("recipients", "doc_number_parts")]
    _record(cmp, "metadata", items(gold, keys), items(got or {}, keys))


def _notice_items(notice: Optional[DocDict]) -> list[tuple[str, Any]]:
    if not notice:
        return []
    return ([("present", True)] + [("recipient", norm(r)) for r in notice.get("recipients") or []]
            + [("signatory", norm(s)) for s in notice.get("signatories") or []]
            + ([("date", norm(notice["date"]))] if notice.get("date") else []))


def _flat_sections(sections: Iterable[DocDict]) -> Iterable[tuple[str, str]]:
    for s in sections or []:
        yield norm_marker(s.get("marker")), norm(s.get("heading"))
        yield from _flat_sections(s.get("children") or [])


def match_tasks(predicted: list[DocDict], gold: list[DocDict]) -> dict[int, int]:
    """Pair predicted tasks with gold tasks: ``{predicted index: gold index}``.

    In order of confidence: same source, marker and heading; same source and
    heading; the gold ``text_head`` found near the start of the predicted text.
    """
    pairs: dict[int, int] = {}
    taken_gold: set[int] = set()

    def run(key_pred: Callable[[DocDict], Any], key_gold: Callable[[DocDict], Any]) -> None:
        for gi, g in enumerate(gold):
            if gi in taken_gold or (kg := key_gold(g)) is None:
                continue
            for pi, p in enumerate(predicted):
                if pi not in pairs and key_pred(p) == kg:
                    pairs[pi] = gi
                    taken_gold.add(gi)
                    break

    def source(t: DocDict) -> str:
        return t.get("source") or "body"

    run(lambda p: (source(p), norm_marker(p.get("marker")), norm(p.get("heading"))),
        lambda g: (source(g), norm_marker(g.get("marker")), norm(g.get("heading"))) if g.get("heading") else None)
    run(lambda p: (source(p), norm(p.get("heading"))),
        lambda g: (source(g), norm(g.get("heading"))) if g.get("heading") else None)
    for gi, g in enumerate(gold):
        head = norm(g.get("text_head"))
        if gi in taken_gold or len(head) < 4:
            continue
        for pi, p in enumerate(predicted):
            if pi not in pairs and source(p) == source(g) and head in norm(p.get("text"))[:200]:
                pairs[pi] = gi
                taken_gold.add(gi)
                break
    return pairs


def _compare_tasks(cmp: Comparison, got: list[DocDict], gold: list[DocDict]) -> None:
    pairs = match_tasks(got, gold)

    def label(pi: int) -> Any:
        return ("gold", pairs[pi]) if pi in pairs else ("predicted", got[pi].get("id", pi))

    def gold_label(gi: int) -> Any:
        g = gold[gi]
        return f"{g.get('marker') or ''}{g.get('heading') or g.get('text_head') or ''}"

    _record(cmp, "tasks", [("gold", gi) for gi in range(len(gold))], [label(pi) for pi in range(len(got))])
    cmp.missed["tasks"] = [gold_label(gi) for _, gi in cmp.missed["tasks"]]
    cmp.extra["tasks"] = [f"{got[pi].get('marker') or ''}{got[pi].get('heading') or ''}"
                          for pi in range(len(got)) if pi not in pairs]
    for role in ("lead_units", "responsible_units"):
        _record(cmp, role,
                [(gold_label(gi), norm(u)) for gi, g in enumerate(gold) for u in g.get(role) or []],
                [(gold_label(pairs[pi]) if pi in pairs else label(pi), norm(u))
                 for pi, p in enumerate(got) for u in p.get(role) or []])
    _record(cmp, "deadline",
            [(gold_label(gi), norm(g["deadline"])) for gi, g in enumerate(gold) if g.get("deadline")],
            [(gold_label(pairs[pi]), norm(p["deadline"])) for pi, p in enumerate(got)
             if p.get("deadline") and pi in pairs])


def _quantity_key(item: DocDict) -> tuple[Optional[float], str]:
    return norm_value(item.get("value")), norm(item.get("unit"))


def _compare_quantities(
    cmp: Comparison, name: str, attrs: tuple[str, ...], got: list[DocDict], gold: list[DocDict]
) -> None:
    _record(cmp, name, [_quantity_key(g) for g in gold], [_quantity_key(p) for p in got])
    # pair items of equal (value, unit), same text first, and score the agreement of their other fields
    agree = disagree = 0
    attr_name = f"{name[:-1] if name == 'targets' else name}_attrs"
    cmp.missed[attr_name], cmp.extra[attr_name] = [], []
    free = list(range(len(got)))
    for g in sorted(gold, key=lambda g: 0 if any(norm(got[i].get("text")) == norm(g.get("text")) for i in free) else 1):
        candidates = [i for i in free if _quantity_key(got[i]) == _quantity_key(g)]
        if not candidates:
            continue
        best = next((i for i in candidates if norm(got[i].get("text")) == norm(g.get("text"))), candidates[0])
        free.remove(best)
        for attr in attrs:
            if attr in g:
                if _scalar(g.get(attr)) == _scalar(got[best].get(attr)):
                    agree += 1
                else:
                    disagree += 1
                    cmp.missed[attr_name].append((g.get("text"), attr, g.get(attr)))
                    cmp.extra[attr_name].append((g.get("text"), attr, got[best].get(attr)))
    cmp.scores[attr_name] = FieldScore(agree, disagree, disagree)


def _repair_key(bad: Any, good: Any) -> tuple[str, str]:
    return ("good", norm(good)) if good else ("bad", norm(bad))


def _repaired_text(doc: DocDict, place: DocDict) -> Any:
    """The final text of a repaired place: ``text[span]`` (after the later steps, e.g. script conversion),
    else the ``good`` the repair step recorded."""
    span, text = place.get("span"), doc.get("text") or ""
    if place.get("good") and span and 0 <= span[0] < span[1] <= len(text):
        return text[span[0]:span[1]]
    return place.get("good")


def _predicted_repairs(doc: DocDict) -> list[tuple[str, str]]:
    return [_repair_key(p.get("bad"), _repaired_text(doc, p))
            for record in doc.get("repairs") or [] for p in record.get("places") or []]


def compare_document(doc: Any, expected: DocDict) -> Comparison:
    """Score one parse result (``Document`` or its dict) against one gold dict.

    Only fields present in the gold file are scored, so partial gold files work.
    """
    got: DocDict = doc if isinstance(doc, dict) else doc.to_dict()
    cmp = Comparison()
    if isinstance(expected.get("metadata"), dict):
        _compare_metadata(cmp, got.get("metadata") or {}, expected["metadata"])
    if "notice" in expected:
        _record(cmp, "notice", _notice_items(expected["notice"]), _notice_items(got.get("notice")))
    if "sections" in expected:
        _record(cmp, "sections", _flat_sections(expected["sections"]), _flat_sections(got.get("sections") or []))
    if "tasks" in expected:
        _compare_tasks(cmp, got.get("tasks") or [], expected["tasks"])
    if "targets" in expected:
        _compare_quantities(cmp, "targets", TARGET_ATTRS, got.get("targets") or [], expected["targets"])
    if "funding" in expected:
        _compare_quantities(cmp, "funding", FUNDING_ATTRS, got.get("funding") or [], expected["funding"])
    if "attachments" in expected:
        _record(cmp, "attachments", [(a.get("number"), norm(a.get("title"))) for a in expected["attachments"]],
                [(a.get("number"), norm(a.get("title"))) for a in got.get("attachments") or []])
    if "repairs" in expected:
        _record(cmp, "repairs", [_repair_key(r.get("bad"), r.get("good")) for r in expected["repairs"]],
                _predicted_repairs(got))
    return cmp


# ---------------------------------------------------------------- gold files


class ExpectedFileError(Exception):
    """An expected (gold) file that is missing or malformed."""


_LIST_FIELDS = ("sections", "tasks", "targets", "funding", "attachments", "repairs")


def check_expected(gold: Any) -> list[str]:
    """Problems that make a gold dict unusable (wrong types), as short messages."""
    if not isinstance(gold, dict):
        return [f"top level is {type(gold).__name__}, not an object"]
    problems: list[str] = []
    if "metadata" in gold and not isinstance(gold["metadata"], dict):
        problems.append("metadata is not an object")
    if gold.get("notice") is not None and not isinstance(gold["notice"], dict):
        problems.append("notice is neither an object nor null")
    for name in _LIST_FIELDS:
        if name in gold and not (isinstance(gold[name], list) and all(isinstance(i, dict) for i in gold[name])):
            problems.append(f"{name} is not a list of objects")
    for name in ("targets", "funding"):
        for i, item in enumerate(gold.get(name) or []):
            if isinstance(item, dict) and norm_value(item.get("value")) is None:
                problems.append(f"{name}[{i}].value is not a number")
    if not any(k in gold for k in ("metadata", *_LIST_FIELDS)):
        problems.append("none of the gold fields (metadata, sections, tasks, targets, …) is present")
    return problems


def load_expected(path: Path) -> DocDict:
    """Read and check one gold file; ``ExpectedFileError`` names the file and the problem."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ExpectedFileError(f"{path}: expected file is missing") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ExpectedFileError(f"{path}: cannot read expected file ({exc})") from None
    try:
        gold = json.loads(raw)
    except ValueError as exc:
        raise ExpectedFileError(f"{path}: expected file is not valid JSON ({exc})") from None
    problems = check_expected(gold)
    if problems:
        raise ExpectedFileError(f"{path}: malformed expected file: {'; '.join(problems)}")
    return gold


# ---------------------------------------------------------------- JSON Schema (subset)


_SUPPORTED_KEYWORDS = frozenset({
    "$schema", "$id", "$defs", "$ref", "title", "description", "type", "properties", "required",
    "additionalProperties", "items", "minItems", "maxItems", "minimum", "enum", "anyOf",
})
_TYPE_CHECKS: dict[str, Callable[[Any], bool]] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer()),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def schema_errors(instance: Any, schema: DocDict, *, limit: int = 20) -> list[str]:
    """Violations of ``schema`` by ``instance`` as ``path: message`` lines (at most ``limit``).

    Supports the JSON Schema keywords ``model.json_schema()`` emits; raises
    ``ValueError`` for any other keyword.
    """
    root = schema
    errors: list[str] = []

    def check(value: Any, sch: DocDict, path: str) -> None:
        if len(errors) >= limit:
            return
        unknown = set(sch) - _SUPPORTED_KEYWORDS
        if unknown:
            raise ValueError(f"schema keyword(s) not supported by policyparse.validate: {sorted(unknown)}")
        if "$ref" in sch:
            ref = sch["$ref"]
            if not ref.startswith("#/$defs/"):
                raise ValueError(f"unsupported $ref {ref}")
            check(value, root["$defs"][ref[len("#/$defs/"):]], path)
        if "anyOf" in sch:
            if not any(not _errors_of(value, s) for s in sch["anyOf"]):
                errors.append(f"{path or '/'}: {_short(value)} matches none of the allowed forms")
            return
        if "type" in sch and not _TYPE_CHECKS[sch["type"]](value):
            errors.append(f"{path or '/'}: expected {sch['type']}, got {_short(value)}")
            return
        if "enum" in sch and value not in sch["enum"]:
            errors.append(f"{path or '/'}: {_short(value)} is not one of {sch['enum']}")
        if "minimum" in sch and isinstance(value, (int, float)) and value < sch["minimum"]:
            errors.append(f"{path or '/'}: {value} is below the minimum {sch['minimum']}")
        if isinstance(value, dict):
            props = sch.get("properties", {})
            for key in sch.get("required", []):
                if key not in value:
                    errors.append(f"{path or '/'}: required field {key!r} is missing")
            for key, item in value.items():
                if key in props:
                    check(item, props[key], f"{path}/{key}")
                elif sch.get("additionalProperties") is False:
                    errors.append(f"{path or '/'}: unexpected field {key!r}")
                elif isinstance(sch.get("additionalProperties"), dict):
                    check(item, sch["additionalProperties"], f"{path}/{key}")
        if isinstance(value, list):
            if "minItems" in sch and len(value) < sch["minItems"]:
                errors.append(f"{path or '/'}: fewer than {sch['minItems']} items")
            if "maxItems" in sch and len(value) > sch["maxItems"]:
                errors.append(f"{path or '/'}: more than {sch['maxItems']} items")
            if "items" in sch:
                for i, item in enumerate(value):
                    check(item, sch["items"], f"{path}/{i}")

    def _errors_of(value: Any, sch: DocDict) -> list[str]:
        saved = len(errors)
        check(value, sch, "")
        found = errors[saved:]
        del errors[saved:]
        return found

    check(instance, schema, "")
    return errors


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


# ---------------------------------------------------------------- corpora


@dataclass(slots=True)
class SampleResult:
    """One sample of a corpus: its scores, or why it could not be scored."""

    name: str
    input: Path
    expected: Optional[Path]
    comparison: Optional[Comparison] = None
    schema_errors: list[str] = field(default_factory=list)
    error: Optional[str] = None  # parse failure, crash, or missing/malformed expected file
    error_kind: Optional[str] = None  # "parse", "crash", "expected"

    @property
    def ok(self) -> bool:
        return self.error is None and not self.schema_errors


@dataclass(slots=True)
class CorpusReport:
    """All samples of a corpus, with the overall (micro-averaged) scores per field."""

    samples: list[SampleResult]

    def field_totals(self) -> dict[str, FieldScore]:
        totals: dict[str, FieldScore] = {}
        for s in self.samples:
            if s.comparison is None:
                continue
            for name, score in s.comparison.scores.items():
                totals[name] = totals.get(name, FieldScore()) + score
        return totals

    @property
    def overall(self) -> FieldScore:
        return sum((s for f, s in self.field_totals().items() if f in CORE_FIELDS), FieldScore())

    def problems(self) -> list[str]:
        """One line per sample that failed to parse, crashed, broke the schema, or has a bad gold file."""
        lines = [str(s.error) if s.error_kind == "expected" else f"{s.input}: {s.error}"
                 for s in self.samples if s.error]
        lines += [f"{s.input}: output violates the JSON Schema: {s.schema_errors[0]}"
                  + (f" (+{len(s.schema_errors) - 1} more)" if len(s.schema_errors) > 1 else "")
                  for s in self.samples if s.schema_errors]
        return lines

    def passed(self, min_f1: float = 0.0) -> bool:
        """No problems, and the overall F1 at least ``min_f1``."""
        return not self.problems() and bool(self.samples) and self.overall.f1 + 1e-12 >= min_f1

    def as_dict(self, min_f1: float = 0.0) -> dict[str, Any]:
        return {
            "passed": self.passed(min_f1),
            "min_f1": min_f1,
            "overall": self.overall.as_dict(),
            "fields": {k: v.as_dict() for k, v in self.field_totals().items()},
            "problems": self.problems(),
            "samples": [
                {"name": s.name, "input": str(s.input), "expected": str(s.expected) if s.expected else None,
                 "error": s.error, "schema_errors": s.schema_errors,
                 **(s.comparison.as_dict() if s.comparison else {})}
                for s in self.samples
            ],
        }


def find_samples(samples_dir: Path) -> list[Path]:
    """The sample inputs of a folder (``*.txt``, ``*.html``, ``*.htm``, ``*.docx``), sorted."""
    return sorted(p for p in samples_dir.iterdir() if p.is_file() and p.suffix.lower() in SAMPLE_SUFFIXES)


def expected_path_for(sample: Path, expected_dir: Optional[Path] = None) -> Path:
    """``NAME.expected.json`` beside the sample, or ``NAME.json`` in ``expected_dir``."""
    if expected_dir is not None:
        return expected_dir / f"{sample.stem}.json"
    return sample.with_name(sample.stem + EXPECTED_SUFFIX)


def validate_sample(
    sample: Path,
    expected_dir: Optional[Path] = None,
    *,
    script: str = "simplified",
    schema: Optional[DocDict] = None,
    parse_fn: Optional[Callable[[Path], Any]] = None,
) -> SampleResult:
    """Parse one sample, check its output against the schema and score it against its gold file."""
    from .model import PolicyParseError, json_schema

    expected_path = expected_path_for(sample, expected_dir)
    result = SampleResult(name=sample.stem, input=sample, expected=expected_path)
    try:
        gold = load_expected(expected_path)
    except ExpectedFileError as exc:
        result.error, result.error_kind = str(exc), "expected"
        return result
    try:
        if parse_fn is not None:
            parsed = parse_fn(sample)
        else:
            from .pipeline import parse

            parsed = parse(sample, script=script)  # type: ignore[arg-type]
        doc = parsed if isinstance(parsed, dict) else parsed.to_dict()
    except PolicyParseError as exc:
        result.error, result.error_kind = f"cannot parse: {exc.message} [{exc.code}]", "parse"
        return result
    except Exception as exc:  # a pipeline bug: report it as a failed sample
        result.error, result.error_kind = f"parser crashed: {type(exc).__name__}: {exc}", "crash"
        return result
    result.schema_errors = schema_errors(doc, schema or json_schema())
    result.comparison = compare_document(doc, gold)
    return result


def validate_corpus(
    samples_dir: Path,
    expected_dir: Optional[Path] = None,
    *,
    script: str = "simplified",
    parse_fn: Optional[Callable[[Path], Any]] = None,
    on_sample: Optional[Callable[[SampleResult], None]] = None,
) -> CorpusReport:
    """Validate every sample of ``samples_dir`` (see ``validate_sample``)."""
    from .model import json_schema

    schema = json_schema()
    results = []
    for sample in find_samples(samples_dir):
        result = validate_sample(sample, expected_dir, script=script, schema=schema, parse_fn=parse_fn)
        results.append(result)
        if on_sample is not None:
            on_sample(result)
    return CorpusReport(results)
