"""The data model: JSON output and the schema generated from it."""

from __future__ import annotations

import json

import jsonschema

from policyparse.model import (
    Attachment,
    Document,
    Section,
    SourceInfo,
    Table,
    Target,
    json_schema,
)


def _small_document() -> Document:
    child = Section(id="s1.1", level=2, marker="（一）", ordinal=1, heading="指导思想", span=(5, 9))
    doc = Document(source=SourceInfo(path="x.txt", sha256="0" * 64, bytes=3), text="一、总体要求（一）指导思想")
    doc.sections = [Section(id="s1", level=1, marker="一、", ordinal=1, heading="总体要求", span=(0, 13), children=[child])]
    doc.targets = [Target(id="t1", text="达到5家", indicator="企业", value=5.0, unit="家", span=(0, 4))]
    doc.attachments = [Attachment(number=1, title="表", tables=[Table(columns=["a"], rows=[["1"]])])]
    return doc


def test_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(json_schema())


def test_document_validates_against_generated_schema() -> None:
    data = _small_document().to_dict()
    jsonschema.validate(data, json_schema())
    assert data["schema_version"] == "1"
    assert data["targets"][0]["value"] == 5 and isinstance(data["targets"][0]["value"], int)
    assert data["sections"][0]["children"][0]["span"] == [5, 9]
    json.dumps(data, ensure_ascii=False)


def test_schema_rejects_unknown_fields_and_wrong_types() -> None:
    data = _small_document().to_dict()
    data["targets"][0]["comparator"] = "about"
    errors = list(jsonschema.Draft202012Validator(json_schema()).iter_errors(data))
    assert errors
    data = _small_document().to_dict()
    data["extra"] = 1
    assert list(jsonschema.Draft202012Validator(json_schema()).iter_errors(data))


def test_schema_lists_every_contract_field() -> None:
    props = json_schema()["properties"]
    for name in ("schema_version", "source", "repairs", "text", "metadata", "notice", "sections",
                 "tasks", "targets", "funding", "units", "attachments", "warnings"):
        assert name in props


def test_parse_text_survives_a_lone_surrogate() -> None:
    import policyparse

    doc = policyparse.parse_text("一、总体要求\ud800\n到2025年，建成科技企业孵化器10家以上。")
    assert "\ufffd" in doc.text
    json.dumps(doc.to_dict(), ensure_ascii=False).encode("utf-8")
