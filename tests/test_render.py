"""Rendering: the piecewise JSON writer gives exactly the one-shot JSON text."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from policyparse import parse
from policyparse.model import Document, Section, SourceInfo, Target, to_plain
from policyparse.render import iter_json, to_json, write_json

from conftest import sample_inputs


@pytest.mark.parametrize("sample", sample_inputs(), ids=lambda p: p.name[:3])
@pytest.mark.parametrize("indent", [None, 2, 4])
def test_iter_json_joins_to_the_one_shot_json(sample: Path, indent: int | None) -> None:
    doc = parse(sample)
    expected = to_json(doc.to_dict(), indent=indent)
    assert "".join(iter_json(doc, indent=indent)) == expected
    assert "".join(iter_json(doc.to_dict(), indent=indent)) == expected


@pytest.mark.parametrize("value", [
    {}, {"a": []}, {"a": [1, {"b": [2, []]}], "c": "line\nbreak \"quoted\" 中文", "d": {}, "e": None},
    {"list": [[1, 2], [3]], "float": 2.5},
])
@pytest.mark.parametrize("indent", [None, 2])
def test_iter_json_of_hand_made_dicts(value: dict, indent: int | None) -> None:
    assert "".join(iter_json(value, indent=indent)) == to_json(value, indent=indent)
    assert json.loads("".join(iter_json(value, indent=indent))) == value


def test_write_json_ends_with_a_newline_and_reads_back() -> None:
    doc = Document(source=SourceInfo(path="x.txt", sha256="0" * 64, bytes=3), text="到2025年达到5家")
    doc.targets = [Target(id="t1", text="达到5家", indicator="企业", value=5.0, unit="家", span=(6, 10))]
    out = io.StringIO()
    write_json(doc, out, indent=None)
    assert out.getvalue().endswith("}\n") and out.getvalue().count("\n") == 1
    assert json.loads(out.getvalue()) == doc.to_dict()


def test_to_plain_turns_whole_floats_into_ints_and_tuples_into_lists() -> None:
    section = Section(id="s1", level=1, marker="一、", ordinal=1, heading="总体要求", span=(0, 4))
    plain = to_plain({"value": 5.0, "ratio": 2.5, "span": (1, 2), "sections": [section]})
    assert plain["value"] == 5 and type(plain["value"]) is int
    assert plain["ratio"] == 2.5
    assert plain["span"] == [1, 2]
    assert plain["sections"][0]["heading"] == "总体要求" and plain["sections"][0]["span"] == [0, 4]
