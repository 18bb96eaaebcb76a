"""``policyparse clean``: the repaired text, and with ``--json`` the repairs and an offset-map summary."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policyparse.cli import app

runner = CliRunner()
pytest.importorskip("policyparse.text.decode", reason="the decode stage is not in the tree yet")


@pytest.fixture
def traditional_file(tmp_path: Path) -> Path:
    path = tmp_path / "繁體 文件.txt"
    path.write_bytes("各縣區要加強協調\r\n（一）完善機制\r\n".encode("big5"))
    return path


def test_clean_prints_simplified_text_and_keep_leaves_the_script(traditional_file: Path) -> None:
    result = runner.invoke(app, ["clean", str(traditional_file)])
    assert result.exit_code == 0, result.output
    assert "各县区要加强协调" in result.stdout and "\r" not in result.stdout
    kept = runner.invoke(app, ["clean", str(traditional_file), "--script", "keep"])
    assert "各縣區要加強協調" in kept.stdout


def test_clean_json_maps_every_line_back_to_the_input(traditional_file: Path) -> None:
    result = runner.invoke(app, ["clean", str(traditional_file), "--json"])
    out = json.loads(result.stdout)
    assert out["source"]["encoding"] and out["source"]["bytes"] == traditional_file.stat().st_size
    assert "script_conversion" in {r["kind"] for r in out["repairs"]}
    decoded = traditional_file.read_bytes().decode("big5")
    assert out["offsets"]["input_chars"] == len(decoded) and out["offsets"]["output_chars"] == len(out["text"])
    for line in out["offsets"]["lines"]:
        start, end = line["span"]
        src_start, src_end = line["source_span"]
        # same number of Han characters on both sides (script conversion is char for char here)
        assert len(out["text"][start:end]) == len(decoded[src_start:src_end].strip())


def test_clean_text_is_the_text_extract_reports(samples_dir: Path) -> None:
    sample = sorted(samples_dir.glob("*.txt"))[0]
    cleaned = runner.invoke(app, ["clean", str(sample), "--json"])
    extracted = runner.invoke(app, ["extract", str(sample)])
    assert json.loads(cleaned.stdout)["text"] == json.loads(extracted.stdout)["text"]


@pytest.mark.parametrize("content", [b"", b"   \n\n", None])
def test_clean_bad_input_is_one_line_exit_2(tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "bad input.txt"
    if content is not None:
        path.write_bytes(content)
    result = runner.invoke(app, ["clean", str(path)])
    assert result.exit_code == 2 and str(path) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_clean_subprocess_and_stdin(traditional_file: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "policyparse.cli", "clean", "-"], input=traditional_file.read_bytes(),
                          capture_output=True, timeout=60)
    assert proc.returncode == 0 and "各县区要加强协调" in proc.stdout.decode()


def test_clean_json_repair_places_point_at_the_damaged_input(samples_dir: Path) -> None:
    sample = samples_dir / "000_a8401e22d6ed3200.txt"  # the seed with byte-level mojibake
    out = json.loads(runner.invoke(app, ["clean", str(sample), "--json"]).stdout)
    places = [p for r in out["repairs"] for p in r["places"]]
    decoded = sample.read_text(encoding="utf-8")
    assert places and all(decoded[p["source_span"][0]:p["source_span"][1]] == p["bad"] for p in places)
