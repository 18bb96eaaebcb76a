"""``policyparse batch``: in-process and as a subprocess; SIGKILL + resume; concurrent batches; real samples."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policyparse.cli import app

TESTS = Path(__file__).resolve().parent.parent
FAKE = ["--parse-fn", "batch_fakes:fake_parse"]
GOOD = "任务：建设孵化器（牵头单位：市科技局）\n达到20家\n".encode()
runner = CliRunner()


def _write(root: Path, rel: str, data: bytes) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _cli(*args: str, **kw) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")])}
    return subprocess.Popen([sys.executable, "-m", "policyparse.cli", *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kw)


def _outputs(out: Path) -> list[Path]:
    """The per-input outputs (not the batch manifest)."""
    return [p for p in out.rglob("*.json") if not p.name.startswith(".")]


def _summary_count(stdout: str, label: str) -> int:
    """The number in the summary table row whose label starts with ``label``."""
    row = next(line for line in stdout.splitlines() if line.strip("│ ").startswith(label))
    return int(row.split("│")[2])


def _all_outputs_whole(out: Path) -> list[dict]:
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in _outputs(out)]
    for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines():
        json.loads(line)
    return docs


def test_mixed_folder_reports_every_failure_and_exits_1(tmp_path: Path) -> None:
    root, out = tmp_path / "in", tmp_path / "out"
    _write(root, "good one.txt", GOOD)
    _write(root, "目录/好.html", GOOD)
    _write(root, "empty.txt", b"")
    _write(root, "binary.txt", bytes(range(256)))
    _write(root, "undecodable.txt", b"\xff\xfe\xfa")
    _write(root, "huge.txt", GOOD * 100)
    result = runner.invoke(app, ["batch", str(root), "-o", str(out), "--max-bytes", "1K", "--jobs", "2", *FAKE])
    assert result.exit_code == 1, result.output
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(e["path"] for e in errors) == ["binary.txt", "empty.txt", "huge.txt", "undecodable.txt"]
    assert all(e["code"] and e["message"] for e in errors)
    assert "4 failed" in result.stdout and "errors.jsonl" in result.stdout
    assert sorted(p.relative_to(out).as_posix() for p in _outputs(out)) == ["good one.txt.json", "目录/好.html.json"]


def test_all_good_exits_0_with_merged_jsonl_and_csv(tmp_path: Path) -> None:
    root, out = tmp_path / "in", tmp_path / "out"
    for i in range(3):
        _write(root, f"d/{i}.txt", GOOD)
    args = ["batch", str(root), "-o", str(out), "--jsonl", str(tmp_path / "all.jsonl"), "--csv", str(tmp_path / "csv"), *FAKE]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    lines = (tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["source"]["path"].endswith(f"{i}.txt") for i, line in enumerate(lines)] == [True] * 3
    tasks_csv = (tmp_path / "csv" / "tasks.csv").read_text(encoding="utf-8-sig").splitlines()
    assert tasks_csv[0].startswith("doc,task_id") and tasks_csv[1].startswith("d/0.txt,task1") and len(tasks_csv) == 4


def test_quiet_prints_nothing_on_success(tmp_path: Path) -> None:
    _write(tmp_path / "in", "a.txt", GOOD)
    result = runner.invoke(app, ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-q", *FAKE])
    assert result.exit_code == 0 and result.stdout == "" and result.stderr == ""


@pytest.mark.parametrize(
    "args, message",
    [
        (["batch", "{tmp}/missing", "-o", "{tmp}/out"], "no such folder"),
        (["batch", "{tmp}/in", "-o", "{tmp}/out", "--engine", "dask"], "--scheduler"),
        (["batch", "{tmp}/in", "-o", "{tmp}/in"], "must differ"),
        (["batch", "{tmp}/in", "-o", "{tmp}/in/a.txt"], "not a folder"),
    ],
)
def test_unusable_arguments_are_one_line_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    _write(tmp_path / "in", "a.txt", GOOD)
    result = runner.invoke(app, [a.format(tmp=tmp_path) for a in args])
    assert result.exit_code == 2 and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_sigkill_midway_then_resume_finishes_with_every_output_whole(tmp_path: Path) -> None:
    root, out = tmp_path / "in", tmp_path / "out"
    n = 40
    for i in range(n):
        _write(root, f"part{i % 4}/doc{i:03d}.txt", b"#SLOW\n" + GOOD)
    proc = _cli("batch", str(root), "-o", str(out), "--jobs", "2", "--chunk-size", "2", *FAKE, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while len(_outputs(out)) < 4 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # the pool workers orphaned by the kill
        except ProcessLookupError:
            pass
        proc.communicate()
    done_before = len(_outputs(out))
    assert 0 < done_before < n, "the batch should have been killed midway"
    for p in _outputs(out):
        json.loads(p.read_text(encoding="utf-8"))  # whole JSON even at the moment of the kill
    resumed = _cli("batch", str(root), "-o", str(out), "--jobs", "2", "--resume", *FAKE)
    stdout, stderr = resumed.communicate(timeout=120)
    assert resumed.returncode == 0, stderr
    docs = _all_outputs_whole(out)
    assert len(docs) == n and (out / "errors.jsonl").read_text() == ""
    assert _summary_count(stdout, "up to date") >= done_before  # outputs of the killed run were reused


def test_two_batches_into_one_folder_never_corrupt_a_file(tmp_path: Path) -> None:
    root, out = tmp_path / "in", tmp_path / "out"
    for i in range(24):
        _write(root, f"doc{i:02d}.txt", GOOD + ("达到%d家\n" % i).encode() * 50)
    _write(root, "empty.txt", b"")
    first = _cli("batch", str(root), "-o", str(out), "--jobs", "1", "--chunk-size", "1", *FAKE)
    second = _cli("batch", str(root), "-o", str(out), "--jobs", "1", "--chunk-size", "1", *FAKE)
    results = [p.communicate(timeout=120) for p in (first, second)]
    assert first.returncode == second.returncode == 1, results
    docs = _all_outputs_whole(out)
    assert len(docs) == 24 and all(len(d["targets"]) == 51 for d in docs)
    assert [json.loads(line)["path"] for line in (out / "errors.jsonl").read_text().splitlines()] == ["empty.txt"]
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_batch_on_the_real_samples(tmp_path: Path, samples_dir: Path) -> None:
    pytest.importorskip("policyparse.text.decode", reason="the decode stage is not in the tree yet")
    result = runner.invoke(app, ["batch", str(samples_dir), "-o", str(tmp_path / "out"), "--jobs", "2",
                                 "--jsonl", str(tmp_path / "all.jsonl")])
    assert result.exit_code == 0, result.output
    docs = [json.loads(line) for line in (tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines()]
    samples = sorted(samples_dir.glob("*.txt"))
    assert len(docs) == len(samples)
    from policyparse import parse

    for sample, doc in zip(samples, docs, strict=True):  # workers forked from a warmed-up parent parse the same
        expected = parse(sample).to_dict()
        assert doc["source"]["path"].endswith(sample.name)
        doc["source"]["path"] = expected["source"]["path"] = None
        assert doc == expected


def test_dask_engine_from_the_command_line(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")
    root, out = tmp_path / "in", tmp_path / "out"
    _write(root, "a.txt", GOOD)
    _write(root, "b/c.txt", GOOD)
    _write(root, "empty.txt", b"")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        args = ["batch", str(root), "-o", str(out), "--engine", "dask", "--scheduler", cluster.scheduler_address, *FAKE]
        first = runner.invoke(app, args)
        second = runner.invoke(app, [*args, "--resume"])
    assert first.exit_code == second.exit_code == 1, first.output
    assert len(_all_outputs_whole(out)) == 2 and "(dask)" in first.stdout
    assert [json.loads(line)["path"] for line in (out / "errors.jsonl").read_text().splitlines()] == ["empty.txt"]
    assert _summary_count(second.stdout, "up to date") == 2
