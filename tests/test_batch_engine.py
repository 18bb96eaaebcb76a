"""The batch engine (library level): discovery, no file lost, crashes survived, resume, safe paths, Dask."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest

from policyparse.atomic import UnsafePathError, contained_path, write_atomic
from policyparse.batch import (
    BatchOptions,
    default_chunk_size,
    discover,
    guided_chunks,
    is_selected,
    output_relpath,
    run_batch,
)

FAKE = "batch_fakes:fake_parse"
GOOD = "任务：建设孵化器（牵头单位：市科技局）\n达到20家\n".encode()


def _options(**kw) -> BatchOptions:
    return BatchOptions(parse_fn=FAKE, jobs=2, fsync=False, **kw)


def _write(root: Path, rel: str, data: bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _errors(out: Path) -> dict[str, str]:
    lines = (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()
    return {rec["path"]: rec["code"] for rec in map(json.loads, lines)}


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    """Good files (names with spaces and non-ASCII), and each kind of bad input."""
    root = tmp_path / "in"
    _write(root, "good.txt", GOOD)
    _write(root, "政策 文件/实施 方案.html", GOOD)
    _write(root, "a/b/c/deep.docx", GOOD)
    _write(root, "empty.txt", b"")
    _write(root, "blank.txt", " \n\t\n".encode())
    _write(root, "binary.txt", b"\x00\x01\x02PK\x03\x04" * 10)
    _write(root, "undecodable.txt", b"\xff\xfe\xfa\xc3")
    _write(root, "huge.txt", GOOD * 200)  # over the 1 KB limit the tests set
    _write(root, "notes.pdf", b"%PDF-1.4")  # not a supported suffix: counted as not selected
    return root


def test_every_input_ends_as_output_or_error(mixed_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = run_batch(mixed_folder, out, _options(max_bytes=1024))
    assert {o.rel for o in report.outcomes} == set(discover(mixed_folder).files)
    assert _errors(out) == {"empty.txt": "empty", "blank.txt": "empty", "binary.txt": "binary",
                            "undecodable.txt": "undecodable", "huge.txt": "too_large"}
    for rel in ("good.txt", "政策 文件/实施 方案.html", "a/b/c/deep.docx"):
        doc = json.loads((out / output_relpath(rel)).read_text(encoding="utf-8"))
        assert doc["tasks"][0]["lead_units"] == ["市科技局"]
    assert report.exit_code == 1 and report.count("ok") == 3 and report.ignored == {".pdf": 1}


def test_all_good_exits_zero_and_errors_file_is_empty(tmp_path: Path) -> None:
    root = tmp_path / "in"
    for i in range(7):
        _write(root, f"d{i % 3}/doc{i}.txt", GOOD)
    report = run_batch(root, tmp_path / "out", _options())
    assert report.exit_code == 0 and report.count("ok") == 7
    assert (tmp_path / "out" / "errors.jsonl").read_text() == ""


def test_worker_crash_loses_no_file(tmp_path: Path) -> None:
    root = tmp_path / "in"
    for i in range(12):
        _write(root, f"ok{i:02d}.txt", GOOD)
    _write(root, "killer.txt", b"#CRASH\n")
    _write(root, "buggy.txt", b"#BUG\n")
    report = run_batch(root, tmp_path / "out", _options(chunk_size=4))
    assert _errors(tmp_path / "out") == {"killer.txt": "worker_crash", "buggy.txt": "internal_error"}
    assert report.count("ok") == 12 and len(report.outcomes) == 14


def test_a_file_that_never_finishes_times_out(tmp_path: Path) -> None:
    root = tmp_path / "in"
    _write(root, "ok.txt", GOOD)
    _write(root, "stuck.txt", b"#HANG\n")
    report = run_batch(root, tmp_path / "out", _options(timeout=0.3))
    assert _errors(tmp_path / "out") == {"stuck.txt": "timeout"} and report.count("ok") == 1


def test_resume_skips_up_to_date_and_redoes_changed_or_damaged(tmp_path: Path) -> None:
    root, out = tmp_path / "in", tmp_path / "out"
    for i in range(4):
        _write(root, f"doc{i}.txt", GOOD)
    run_batch(root, out, _options())
    _write(root, "doc1.txt", GOOD + "达到30家\n".encode())  # changed input
    (out / "doc2.txt.json").write_text('{"schema_version": "1", "sou')  # damaged output
    report = run_batch(root, out, _options(resume=True))
    status = {o.rel: o.status for o in report.outcomes}
    assert status == {"doc0.txt": "skipped", "doc1.txt": "ok", "doc2.txt": "ok", "doc3.txt": "skipped"}
    assert len(json.loads((out / "doc1.txt.json").read_text())["targets"]) == 2


def test_resume_removes_old_temp_files_of_a_killed_run_only(tmp_path: Path) -> None:
    root, out = tmp_path / "in", tmp_path / "out"
    _write(root, "doc.txt", GOOD)
    run_batch(root, out, _options())
    old, fresh = out / ".doc.txt.json.k1ll3d.tmp", out / ".doc.txt.json.w0rk1n.tmp"
    old.write_text('{"half')
    fresh.write_text('{"half')
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    report = run_batch(root, out, _options(resume=True))
    assert not old.exists() and fresh.exists() and "removed 1 temporary" in report.notes[0]


def test_resume_reparses_when_the_options_changed(tmp_path: Path) -> None:
    root, out = tmp_path / "in", tmp_path / "out"
    _write(root, "doc.txt", GOOD)
    run_batch(root, out, _options())
    assert run_batch(root, out, _options(resume=True)).count("skipped") == 1
    report = run_batch(root, out, _options(resume=True, script="keep"))
    assert report.count("ok") == 1 and "re-parsing all" in report.notes[0]


def test_failed_input_removes_its_stale_output(tmp_path: Path) -> None:
    root, out = tmp_path / "in", tmp_path / "out"
    _write(root, "doc.txt", GOOD)
    run_batch(root, out, _options())
    _write(root, "doc.txt", b"")
    run_batch(root, out, _options(resume=True))
    assert not (out / "doc.txt.json").exists() and _errors(out) == {"doc.txt": "empty"}


def test_symlink_loop_is_reported_not_followed(tmp_path: Path) -> None:
    root = tmp_path / "in"
    _write(root, "a/doc.txt", GOOD)
    os.symlink("..", root / "a" / "up")  # a/up -> in (a loop)
    os.symlink(root / "a", root / "again")  # a second path to a
    found = discover(root)
    assert found.files == ["a/doc.txt"]
    assert {p.rel: p.code for p in found.problems} == {"a/up": "symlink_loop", "again": "symlink_loop"}


def test_self_referencing_file_symlink_is_an_error_entry(tmp_path: Path) -> None:
    root = tmp_path / "in"
    _write(root, "doc.txt", GOOD)
    os.symlink("loop.txt", root / "loop.txt")
    report = run_batch(root, tmp_path / "out", _options())
    assert _errors(tmp_path / "out") == {"loop.txt": "unreadable"} and report.count("ok") == 1


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    root = tmp_path / "in"
    _write(root, "doc.txt", GOOD)
    os.mkfifo(root / "pipe.txt")
    run_batch(root, tmp_path / "out", _options())
    assert _errors(tmp_path / "out") == {"pipe.txt": "unreadable"}


def test_output_folder_inside_input_folder_is_not_scanned(tmp_path: Path) -> None:
    root = tmp_path / "in"
    _write(root, "doc.txt", GOOD)
    run_batch(root, root / "parsed", _options(globs=("*",)))
    report = run_batch(root, root / "parsed", _options(globs=("*",)))
    assert [o.rel for o in report.outcomes] == ["doc.txt"]


def test_selection_by_suffix_and_glob() -> None:
    assert is_selected("a/B.HTML", ()) and is_selected("x.docx", ()) and not is_selected("x.pdf", ())
    assert is_selected("gov/2021/x.txt", ("gov/*/*.txt",)) and not is_selected("x.html", ("*.txt",))
    assert is_selected("deep/x.txt", ("*.txt",))  # a name pattern matches at any depth


@pytest.mark.parametrize("n,workers", [(0, 2), (1, 2), (7, 2), (200, 2), (2000, 2), (2000, 8), (50, 1)])
def test_guided_chunks_cover_every_file_once_and_shrink_to_single_files(n: int, workers: int) -> None:
    items = [f"f{i}" for i in range(n)]
    chunks = list(guided_chunks(items, workers))
    assert [rel for chunk in chunks for rel in chunk] == items
    sizes = [len(c) for c in chunks]
    assert all(1 <= s <= 32 for s in sizes)
    assert sizes == sorted(sizes, reverse=True)
    if n >= 4 * workers:  # the last files go out one at a time, so no worker waits on a long chunk at the end
        assert sizes[-workers:] == [1] * workers


def test_default_chunk_size_is_bounded() -> None:
    assert default_chunk_size(3, 2) == 1
    assert default_chunk_size(10_000, 2) == 32
    assert 1 <= default_chunk_size(200, 4) <= 32


# ---------------------------------------------------------------- paths and atomic writes


@pytest.mark.parametrize("rel", ["../x.json", "a/../../x.json", "/etc/x.json", "", "a/../b.json"])
def test_contained_path_refuses_escapes(tmp_path: Path, rel: str) -> None:
    with pytest.raises(UnsafePathError):
        contained_path(tmp_path, rel)


def test_symlinked_output_subfolder_cannot_redirect_writes(tmp_path: Path) -> None:
    root, out, outside = tmp_path / "in", tmp_path / "out", tmp_path / "outside"
    _write(root, "sub/doc.txt", GOOD)
    _write(root, "top.txt", GOOD)
    outside.mkdir()
    out.mkdir()
    os.symlink(outside, out / "sub")  # an absolute symlink planted in the output folder
    run_batch(root, out, _options())
    assert list(outside.iterdir()) == []
    assert _errors(out) == {"sub/doc.txt": "unsafe_path"} and (out / "top.txt.json").exists()


def test_concurrent_atomic_writers_never_leave_a_partial_file(tmp_path: Path) -> None:
    target = tmp_path / "doc.json"
    payloads = [json.dumps({"writer": i, "pad": "政" * (20_000 + i)}, ensure_ascii=False) for i in range(4)]
    seen: list[str] = []

    def writer(payload: str) -> None:
        for _ in range(25):
            write_atomic(target, payload, fsync=False)

    def reader() -> None:
        for _ in range(200):
            if target.exists():
                seen.append(target.read_text(encoding="utf-8"))

    threads = [threading.Thread(target=writer, args=(p,)) for p in payloads] + [threading.Thread(target=reader)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(text in payloads for text in seen) and target.read_text(encoding="utf-8") in payloads
    assert [p.name for p in tmp_path.iterdir()] == ["doc.json"]  # no temp files left


# ---------------------------------------------------------------- Dask


def test_dask_engine_gives_the_same_outputs_errors_and_resume(mixed_folder: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")
    out_pool, out_dask = tmp_path / "pool", tmp_path / "dask"
    run_batch(mixed_folder, out_pool, _options(max_bytes=1024))
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster:
        options = _options(max_bytes=1024, engine="dask", scheduler=cluster.scheduler_address, chunk_size=2)
        report = run_batch(mixed_folder, out_dask, options)
        resumed = run_batch(mixed_folder, out_dask, BatchOptions(**{**_asdict(options), "resume": True}))
    assert _errors(out_dask) == _errors(out_pool)
    assert report.count("ok") == 3 and resumed.count("skipped") == 3 and resumed.count("ok") == 0
    for rel in ("good.txt", "政策 文件/实施 方案.html"):
        assert (out_dask / output_relpath(rel)).read_bytes() == (out_pool / output_relpath(rel)).read_bytes()


def test_dask_engine_without_scheduler_is_a_clear_error(tmp_path: Path) -> None:
    from policyparse.batch import BatchError

    _write(tmp_path / "in", "doc.txt", GOOD)
    with pytest.raises(BatchError, match="--scheduler"):
        run_batch(tmp_path / "in", tmp_path / "out", _options(engine="dask"))


def _asdict(options: BatchOptions) -> dict:
    return {name: getattr(options, name) for name in options.__dataclass_fields__}
