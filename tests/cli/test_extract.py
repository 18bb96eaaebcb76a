"""``policyparse extract``: formats, outputs, stdin, and what the user sees for each bad input."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from policyparse import pipeline
from policyparse.cli import app, parse_size

import batch_fakes

GOOD = "任务：建设孵化器（牵头单位：市科技局、市财政局）\n达到20家\n".encode()
runner = CliRunner()


@pytest.fixture
def fake_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Replace the pipeline by the small fake parser (rendering tests must not depend on the stages)."""
    def parse(path, script="simplified", max_bytes=50 << 20):
        data = pipeline.read_input_bytes(path, max_bytes=max_bytes)
        return batch_fakes.fake_parse(data, str(path), script, max_bytes)

    def parse_bytes(data, path=None, script="simplified", max_bytes=50 << 20):
        return batch_fakes.fake_parse(data, path, script, max_bytes)

    monkeypatch.setattr(pipeline, "parse", parse)
    monkeypatch.setattr(pipeline, "parse_bytes", parse_bytes)


@pytest.fixture
def good_file(tmp_path: Path) -> Path:
    path = tmp_path / "政策 文件.txt"
    path.write_bytes(GOOD)
    return path


def test_json_to_stdout_is_contract_json_with_chinese_unescaped(fake_pipeline, good_file: Path) -> None:
    result = runner.invoke(app, ["extract", str(good_file)])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["schema_version"] == "1" and doc["tasks"][0]["lead_units"] == ["市科技局、市财政局"]
    assert "建设孵化器" in result.stdout and '\n  "source"' in result.stdout  # ensure_ascii=False, indent 2


def test_output_file_and_several_inputs(fake_pipeline, good_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "res" / "out.json"
    assert runner.invoke(app, ["extract", str(good_file), str(good_file), "-o", str(out)]).exit_code == 0
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 2
    folder = tmp_path / "folder"
    folder.mkdir()
    assert runner.invoke(app, ["extract", str(good_file), "-o", str(folder)]).exit_code == 0
    assert json.loads((folder / "政策 文件.txt.json").read_text(encoding="utf-8"))["targets"][0]["value"] == 20


def test_jsonl_md_and_csv_formats(fake_pipeline, good_file: Path, tmp_path: Path) -> None:
    jsonl = runner.invoke(app, ["extract", str(good_file), str(good_file), "--format", "jsonl"])
    assert [json.loads(line)["source"]["bytes"] for line in jsonl.stdout.splitlines()] == [len(GOOD)] * 2
    md = runner.invoke(app, ["extract", str(good_file), "--format", "md"])
    assert md.exit_code == 0 and "## Tasks" in md.stdout and "| 建设孵化器 |" in md.stdout
    result = runner.invoke(app, ["extract", str(good_file), "--format", "csv", "-o", str(tmp_path / "tables")])
    assert result.exit_code == 0
    targets = list(csv.DictReader(io.StringIO((tmp_path / "tables" / "targets.csv").read_text(encoding="utf-8-sig"))))
    assert [(t["value"], t["unit"]) for t in targets] == [("20", "家")]
    tasks = list(csv.DictReader(io.StringIO((tmp_path / "tables" / "tasks.csv").read_text(encoding="utf-8-sig"))))
    assert [(t["role"], t["unit"]) for t in tasks] == [("lead", "市科技局、市财政局")]


def test_csv_needs_an_output_folder(fake_pipeline, good_file: Path) -> None:
    result = runner.invoke(app, ["extract", str(good_file), "--format", "csv"])
    assert result.exit_code == 2 and "-o DIR" in result.stderr


def test_stdin(fake_pipeline) -> None:
    result = runner.invoke(app, ["extract", "-"], input=GOOD)
    assert result.exit_code == 0 and json.loads(result.stdout)["tasks"][0]["heading"] == "建设孵化器"


def test_verbose_and_quiet(fake_pipeline, good_file: Path) -> None:
    verbose = runner.invoke(app, ["extract", str(good_file), "-v"])
    assert "1 tasks, 1 targets" in verbose.stderr
    assert runner.invoke(app, ["extract", str(good_file), "-q"]).stderr == ""


def test_one_bad_file_among_good_ones_still_outputs_the_good_and_exits_2(fake_pipeline, good_file: Path,
                                                                        tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = runner.invoke(app, ["extract", str(good_file), str(empty)])
    assert result.exit_code == 2 and json.loads(result.stdout)["tasks"]
    assert result.stderr.strip() == f"policyparse: error: {empty}: empty file [empty]"


def test_internal_error_is_one_line_exit_1_and_debug_shows_the_traceback(monkeypatch, good_file: Path) -> None:
    def broken(*args, **kwargs):
        raise KeyError("stage bug")

    monkeypatch.setattr(pipeline, "parse", broken)
    result = runner.invoke(app, ["extract", str(good_file)])
    assert result.exit_code == 1 and "internal error: KeyError" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    debug = runner.invoke(app, ["extract", str(good_file), "--debug"])
    assert isinstance(debug.exception, KeyError)


def test_parse_size() -> None:
    assert parse_size("50MB") == 50 * 1024 * 1024 and parse_size("512k") == 512 * 1024 and parse_size("100") == 100
    for bad in ("lots", "-1", "5X"):
        with pytest.raises(typer.BadParameter):
            parse_size(bad)


# ---------------------------------------------------------------- bad inputs through the real pipeline


def _bad_inputs(tmp: Path) -> dict[str, tuple[Path, list[str]]]:
    """name -> (path, extra args); each must give exit 2 and one line naming the file."""
    def make(name: str, data: bytes) -> Path:
        path = tmp / name
        path.write_bytes(data)
        return path

    zip_buf = io.BytesIO()
    with zipfile.ZipFile(zip_buf, "w") as zf:
        zf.writestr("x.txt", "hello")
    (tmp / "a folder.txt").mkdir()
    return {
        "missing": (tmp / "no such file.txt", []),
        "directory": (tmp / "a folder.txt", []),
        "too large": (make("大文件.txt", GOOD * 100), ["--max-bytes", "1K"]),
        "empty": (make("empty.txt", b""), []),
        "whitespace": (make("blank.txt", " \r\n\u3000\n".encode()), []),
        "binary": (make("binary.txt", bytes(range(256)) * 8), []),
        "pdf renamed": (make("report.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n" + b"\x00" * 64), []),
        "zip renamed": (make("archive.txt", zip_buf.getvalue()), []),
        "png renamed": (make("picture.txt", b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40), []),
    }


@pytest.mark.parametrize("case", ["missing", "directory", "too large"])
def test_unreadable_inputs_are_one_line_exit_2(tmp_path: Path, case: str) -> None:
    path, extra = _bad_inputs(tmp_path)[case]
    result = runner.invoke(app, ["extract", str(path), *extra])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and "Traceback" not in result.stderr


@pytest.mark.parametrize("case", ["empty", "whitespace", "binary", "pdf renamed", "zip renamed", "png renamed"])
def test_undecodable_inputs_are_one_line_exit_2(tmp_path: Path, case: str) -> None:
    pytest.importorskip("policyparse.text.decode", reason="the decode stage is not in the tree yet")
    path, extra = _bad_inputs(tmp_path)[case]
    result = runner.invoke(app, ["extract", str(path), *extra])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and "Traceback" not in result.stderr


# ---------------------------------------------------------------- as a subprocess


def _run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "policyparse.cli", *args], input=stdin, capture_output=True,
                          timeout=120)


def test_subprocess_missing_file_and_usage_errors_are_one_red_line() -> None:
    proc = _run("extract", "does/not/exist.txt")
    assert proc.returncode == 2
    assert proc.stderr.decode().strip().splitlines() == [
        "policyparse: error: does/not/exist.txt: cannot read (No such file or directory) [unreadable]"]
    usage = _run("extract", "--no-such-option", "x.txt")
    assert usage.returncode == 2
    assert usage.stderr.decode().strip().splitlines() == [
        "policyparse: error: No such option: --no-such-option (try 'policyparse extract --help')"]


def test_subprocess_extract_sample_from_a_file_and_from_stdin(samples_dir: Path) -> None:
    pytest.importorskip("policyparse.text.decode", reason="the decode stage is not in the tree yet")
    sample = min(samples_dir.glob("*.txt"), key=lambda p: p.stat().st_size)
    proc = _run("extract", str(sample), "-", stdin=sample.read_bytes())
    assert proc.returncode == 0, proc.stderr.decode()
    from_file, from_stdin = json.loads(proc.stdout)
    assert from_file["source"]["sha256"] == from_stdin["source"]["sha256"] and from_file["schema_version"] == "1"
    assert from_file["text"] == from_stdin["text"] and from_file["tasks"] == from_stdin["tasks"]


def test_subprocess_version() -> None:
    from policyparse import __version__

    assert _run("--version").stdout.decode().strip() == f"policyparse {__version__}"


@pytest.mark.parametrize("command", ["extract", "batch", "validate", "schema", "clean"])
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0 and re.search(r"Examples:\s+policyparse " + command, result.stdout)


def test_bad_stdin_is_named_stdin() -> None:
    pytest.importorskip("policyparse.text.decode", reason="the decode stage is not in the tree yet")
    result = runner.invoke(app, ["extract", "-"], input=b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + b"\x00" * 64)
    assert result.exit_code == 2
    assert result.stderr.startswith("policyparse: error: <stdin>: ") and "<input>" not in result.stderr


_REPORT_FREEZE_AT_EXIT = """
import atexit, gc, sys
import policyparse.cli as cli
atexit.register(lambda: sys.stderr.write(f"frozen={gc.get_freeze_count()}\\n"))
if sys.argv[1] == "in-process":
    try:
        cli.main(["--version"])
    except SystemExit:
        pass
    sys.stderr.write(f"after-call={gc.get_freeze_count()}\\n")
else:
    sys.argv = ["policyparse", "--version"]
    cli.main()
"""


@pytest.mark.parametrize("how", ["console", "in-process"])
def test_only_the_console_entry_freezes_objects_out_of_the_final_collection(how: str) -> None:
    proc = subprocess.run([sys.executable, "-c", _REPORT_FREEZE_AT_EXIT, how], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    frozen = int(re.search(r"frozen=(\d+)", proc.stderr).group(1))
    if how == "console":  # the process ends with main(): its objects skip the final garbage collection
        assert frozen > 1000 and "policyparse" in proc.stdout
    else:  # main(argv) called by a program that goes on: nothing of the caller's is frozen
        assert frozen == 0 and "after-call=0" in proc.stderr


_MODULES_AFTER_EXTRACT = """
import sys
import policyparse.cli as cli
try:
    cli.main(sys.argv[1:])
except SystemExit:
    pass
sys.stderr.write(" ".join(sorted(sys.modules)))
"""


def test_extract_of_a_text_file_loads_no_reader_it_does_not_need(samples_dir: Path) -> None:
    """Start-up time: the HTML/DOCX readers, ZIP and the HTML entity table load only for inputs that need them."""
    sample = min(samples_dir.glob("*.txt"), key=lambda p: p.stat().st_size)
    proc = subprocess.run([sys.executable, "-c", _MODULES_AFTER_EXTRACT, "extract", str(sample), "-q"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    loaded = set(proc.stderr.split())
    assert "policyparse.pipeline" in loaded  # it did parse
    assert not loaded & {"zipfile", "html", "lxml", "policyparse.io.html", "policyparse.io.docx", "policyparse.batch",
                         "policyparse.validate", "rich"}
