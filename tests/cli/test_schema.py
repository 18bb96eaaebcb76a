"""``policyparse schema``, and every sample output validated against it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from policyparse.cli import app
from policyparse.model import json_schema
from policyparse.validate import schema_errors

runner = CliRunner()


def test_schema_command_prints_the_generated_schema() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0 and json.loads(result.stdout) == json_schema()
    jsonschema.Draft202012Validator.check_schema(json.loads(result.stdout))
    assert len(runner.invoke(app, ["schema", "--indent", "0"]).stdout.splitlines()) == 1


def test_schema_subprocess() -> None:
    proc = subprocess.run([sys.executable, "-m", "policyparse.cli", "schema"], capture_output=True, timeout=60)
    assert proc.returncode == 0 and json.loads(proc.stdout) == json_schema()


@pytest.fixture(scope="module")
def sample_outputs(samples_dir: Path) -> list[dict]:
    pytest.importorskip("policyparse.text.decode", reason="the decode stage is not in the tree yet")
    from policyparse import parse

    return [parse(p).to_dict() for p in sorted(samples_dir.glob("*.txt"))]


def test_every_sample_output_is_valid_against_the_schema(sample_outputs: list[dict]) -> None:
    validator = jsonschema.Draft202012Validator(json_schema())
    for doc in sample_outputs:
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc)]
        assert errors == [], (doc["source"]["path"], errors[:5])
        assert schema_errors(doc, json_schema()) == []  # the CLI's own validator agrees


def test_every_span_of_a_sample_output_is_inside_its_text(sample_outputs: list[dict]) -> None:
    def spans(value):
        if isinstance(value, dict):
            if isinstance(value.get("span"), list):
                yield value["span"]
            for v in value.values():
                yield from spans(v)
        elif isinstance(value, list):
            for v in value:
                yield from spans(v)

    for doc in sample_outputs:
        n = len(doc["text"])
        bad = [s for s in spans(doc) if not 0 <= s[0] <= s[1] <= n]
        assert bad == [], doc["source"]["path"]
