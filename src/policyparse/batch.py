"""The batch engine: parse every supported file below a folder, in parallel, losing nothing.

``run_batch`` discovers the inputs, hands them out in chunks to a process pool
(or a Dask cluster), and returns a ``BatchReport`` with one ``FileOutcome`` per
discovered input.  Workers write one JSON output per input, atomically, under
the output folder (mirroring the input layout, ``a/b.txt`` → ``a/b.txt.json``).

Guarantees:
- every discovered file ends as an output or a failure (``errors.jsonl``);
  folders that cannot be scanned and symlink loops are failures too;
- a worker that dies (segfault, out-of-memory kill) is survived: unfinished
  files are retried, then isolated, and the file that kills its worker is
  reported as ``worker_crash``;
- outputs are whole JSON or absent (temp file + fsync + rename, folders synced
  per chunk), even when the batch is SIGKILLed or another batch writes into the
  same folder;
- ``resume`` skips inputs whose output carries the same input sha256;
- output paths never leave the output folder.

The CLI (``policyparse batch``) only renders progress and the summary.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import signal
import stat
import threading
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import field
from fnmatch import fnmatch
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Literal, Optional, Sequence

from .atomic import (
    TEMP_SUFFIX,
    UnsafePathError,
    atomic_open,
    contained_path,
    ensure_contained_dir,
    fsync_dir,
    write_atomic,
)
from .cache import dataclass
from .model import SCHEMA_VERSION, PolicyParseError
from .render import write_json

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
SUPPORTED_SUFFIXES = frozenset({".txt", ".text", ".htm", ".html", ".shtml", ".xhtml", ".docx"})
OUTPUT_SUFFIX = ".json"
ERRORS_FILE = "errors.jsonl"
MANIFEST_FILE = ".policyparse-batch.json"  # what produced the outputs: resume trusts them only when it matches
MAX_CHUNK = 32
DEFAULT_TIMEOUT = 300.0  # seconds per file: a pathological input must not stall a batch of thousands
STALE_TEMP_AGE = 600.0  # seconds: temp files this old are leftovers of a killed run, not a running batch's

Status = Literal["ok", "skipped", "failed"]
Engine = Literal["process", "dask"]
ParseFn = Callable[[bytes, str, str, int], Any]
OutcomeCallback = Callable[["FileOutcome"], None]


class BatchError(Exception):
    """The batch cannot start (missing input folder, unusable output folder, missing Dask)."""


@dataclass(slots=True)
class FileOutcome:
    """What happened to one input (``rel`` is its path below the input folder, ``/``-separated)."""

    rel: str
    status: Status
    code: Optional[str] = None
    message: Optional[str] = None
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)

    def error_record(self) -> dict[str, Any]:
        """The ``errors.jsonl`` line for a failure."""
        return {"path": self.rel, "code": self.code, "message": self.message}


@dataclass(slots=True)
class Discovery:
    """The inputs found below a folder, the problems met while scanning, and what was ignored."""

    files: list[str]
    problems: list[FileOutcome] = field(default_factory=list)
    sizes: dict[str, int] = field(default_factory=dict)
    ignored: Counter = field(default_factory=Counter)  # suffix -> files without a supported suffix


@dataclass(slots=True)
class BatchReport:
    """The result of a batch: one outcome per discovered input (and per scan problem)."""

    input_dir: Path
    output_dir: Path
    outcomes: list[FileOutcome]
    ignored: Counter
    elapsed: float
    jobs: int
    engine: str
    notes: list[str] = field(default_factory=list)

    def count(self, status: Status) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failures(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def exit_code(self) -> int:
        """0 when every input succeeded (or was up to date), 1 when some failed."""
        return 1 if self.failures else 0

    def totals(self) -> Counter:
        """Items found over all parsed documents (tasks, targets, funding …)."""
        total: Counter = Counter()
        for o in self.outcomes:
            total.update(o.counts)
        return total


@dataclass(slots=True, frozen=True)
class BatchOptions:
    """How to run a batch; the defaults are those of ``policyparse batch``."""

    script: str = "simplified"
    max_bytes: int = DEFAULT_MAX_BYTES
    resume: bool = False
    jobs: Optional[int] = None
    globs: tuple[str, ...] = ()
    engine: Engine = "process"
    scheduler: Optional[str] = None
    chunk_size: Optional[int] = None
    parse_fn: Optional[str] = None  # "module:function" (data, path, script, max_bytes) -> Document|dict
    fsync: bool = True
    indent: Optional[int] = None  # None: compact one-line JSON (fast); 2: pretty
    timeout: Optional[float] = DEFAULT_TIMEOUT  # per file; None or 0: no limit


@dataclass(slots=True, frozen=True)
class _Job:
    """What a worker needs to process files: picklable, no open handles."""

    input_dir: str
    output_dir: str
    script: str
    max_bytes: int
    resume: bool
    parse_fn: Optional[str]
    fsync: bool
    indent: Optional[int]
    timeout: Optional[float] = None


# ---------------------------------------------------------------- discovery


def output_relpath(rel: str) -> str:
    """The output path (below the output folder) of an input path: ``a/b.txt`` → ``a/b.txt.json``.

    The input suffix is kept so that ``x.txt`` and ``x.html`` never share an output.
    """
    return rel + OUTPUT_SUFFIX


def is_selected(rel: str, globs: Sequence[str]) -> bool:
    """Whether an input path is processed: a supported suffix, or matching one of ``globs`` (path or name)."""
    if globs:
        name = rel.rsplit("/", 1)[-1]
        return any(fnmatch(rel, g) or fnmatch(name, g) for g in globs)
    return os.path.splitext(rel)[1].lower() in SUPPORTED_SUFFIXES


def _dir_key(path: str) -> Optional[tuple[int, int]]:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def discover(input_dir: Path, *, globs: Sequence[str] = (), exclude_dirs: Iterable[Path] = ()) -> Discovery:
    """Every selected file below ``input_dir`` (sorted), following symlinked folders once.

    A folder reached again through a symlink (a loop, or a second path to the
    same folder) is reported, not walked twice; folders that cannot be listed
    are reported; ``exclude_dirs`` (the output folder) are not scanned.
    """
    root = str(input_dir)
    root_key = _dir_key(root)
    if root_key is None or not os.path.isdir(root):
        raise BatchError(f"{input_dir}: not a folder")
    excluded = {k for k in (_dir_key(str(d)) for d in exclude_dirs) if k is not None}
    visited = {root_key}
    found = Discovery(files=[])
    stack: list[tuple[str, str]] = [(root, "")]  # (filesystem path, relative path)
    while stack:
        path, rel_dir = stack.pop()
        try:
            entries = sorted(os.scandir(path), key=lambda e: e.name)
        except OSError as exc:
            found.problems.append(FileOutcome(rel_dir or ".", "failed", "unreadable",
                                              f"{rel_dir or '.'}: cannot list folder ({exc.strerror or exc})"))
            continue
        subdirs: list[tuple[str, str]] = []
        for entry in entries:
            rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
            try:
                is_dir = entry.is_dir(follow_symlinks=True)
            except OSError:
                is_dir = False
            if is_dir:
                key = _dir_key(entry.path)
                if key in excluded:
                    continue
                if key in visited:
                    message = f"{rel}: symbolic link to a folder already scanned (loop or duplicate), not followed"
                    found.problems.append(FileOutcome(rel, "failed", "symlink_loop", message))
                    continue
                if key is not None:
                    visited.add(key)
                subdirs.append((entry.path, rel))
            elif is_selected(rel, globs):
                found.files.append(rel)
                try:
                    found.sizes[rel] = entry.stat(follow_symlinks=True).st_size
                except OSError:
                    found.sizes[rel] = 0
            else:
                found.ignored[os.path.splitext(entry.name)[1].lower() or "(no suffix)"] += 1
        stack.extend(reversed(subdirs))
    found.files.sort()
    return found


# ---------------------------------------------------------------- the worker side


_PARSE_CACHE: dict[Optional[str], ParseFn] = {}


def _pipeline_parse(data: bytes, path: str, script: str, max_bytes: int) -> Any:
    from .pipeline import parse_bytes

    return parse_bytes(data, path=path, script=script, max_bytes=max_bytes)  # type: ignore[arg-type]


def resolve_parse_fn(ref: Optional[str]) -> ParseFn:
    """The parse function named ``module:function`` (default: the policyparse pipeline)."""
    if ref not in _PARSE_CACHE:
        if ref is None:
            _PARSE_CACHE[ref] = _pipeline_parse
        else:
            module, _, name = ref.partition(":")
            _PARSE_CACHE[ref] = getattr(importlib.import_module(module), name)
    return _PARSE_CACHE[ref]


def _field(item: Any, name: str) -> Any:
    """A field of a contract dict or of the dataclass it was made from."""
    return item.get(name) if isinstance(item, dict) else getattr(item, name, None)


def _count_sections(sections: Any) -> int:
    return sum(1 + _count_sections(_field(s, "children") or []) for s in sections or [])


def _doc_counts(doc: Any) -> dict[str, int]:
    """How many sections (all levels), tasks, targets … a document (``Document`` or dict) has."""
    return {
        "sections": _count_sections(_field(doc, "sections")),
        **{k: len(_field(doc, k) or []) for k in ("tasks", "targets", "funding", "attachments", "warnings")},
    }


def _read_input(path: str, max_bytes: int) -> bytes:
    """The input bytes; refuses non-regular files (FIFOs would block) and files over ``max_bytes``."""
    from .pipeline import read_input_bytes

    try:
        st = os.stat(path)
    except OSError as exc:
        raise PolicyParseError("unreadable", f"{path}: cannot read ({exc.strerror or exc})") from None
    if not stat.S_ISREG(st.st_mode):
        raise PolicyParseError("unreadable", f"{path}: not a regular file")
    return read_input_bytes(path, max_bytes=max_bytes)


def _up_to_date(out_path: Path, sha256: str) -> Optional[dict[str, Any]]:
    """The existing output when it is whole JSON of this schema version for the same input bytes."""
    try:
        doc = json.loads(out_path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(doc, dict) or doc.get("schema_version") != SCHEMA_VERSION:
        return None
    return doc if (doc.get("source") or {}).get("sha256") == sha256 else None


def _remove_stale(out_path: Path) -> None:
    """Remove an output left by an earlier run for an input that now fails."""
    try:
        out_path.unlink()
    except OSError:
        pass


class _FileTimeout(BaseException):
    """Raised by the alarm inside a parse that ran too long (BaseException: stage code must not swallow it)."""


@contextmanager
def _time_limit(seconds: Optional[float]) -> Iterator[None]:
    """Interrupt the block after ``seconds`` (POSIX, main thread of a worker process; else no limit).

    The regex engine checks for signals, so even a runaway pattern is stopped.
    """
    if not seconds or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(signum: int, frame: Any) -> None:
        raise _FileTimeout()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def process_file(job: _Job, rel: str) -> FileOutcome:
    """Parse one input and write its output; any failure becomes a ``failed`` outcome, never an exception."""
    started = time.perf_counter()
    in_path = os.path.join(job.input_dir, rel)
    out_path: Optional[Path] = None
    try:
        out_rel = output_relpath(rel)
        out_path = contained_path(job.output_dir, out_rel)
        data = _read_input(in_path, job.max_bytes)
        if job.resume and out_path.exists():
            existing = _up_to_date(out_path, hashlib.sha256(data).hexdigest())
            if existing is not None:
                return FileOutcome(rel, "skipped", seconds=time.perf_counter() - started, counts=_doc_counts(existing))
        parse = resolve_parse_fn(job.parse_fn)
        with _time_limit(job.timeout):
            result = parse(data, in_path, job.script, job.max_bytes)
        ensure_contained_dir(job.output_dir, os.path.dirname(out_rel))
        with atomic_open(out_path, fsync=job.fsync) as fh:  # encoded item by item: no whole-document string
            write_json(result, fh, indent=job.indent)
        return FileOutcome(rel, "ok", seconds=time.perf_counter() - started, counts=_doc_counts(result))
    except PolicyParseError as exc:
        code, message = exc.code, exc.message
    except _FileTimeout:
        code, message = "timeout", f"parsing took longer than {job.timeout:g} s (--timeout)"
    except UnsafePathError as exc:
        code, message = "unsafe_path", str(exc)
    except MemoryError:
        code, message = "out_of_memory", "ran out of memory while parsing"
    except OSError as exc:  # writing the output (disk full, permissions)
        code, message = "write_failed", f"cannot write output: {exc.strerror or exc}"
    except Exception as exc:  # a bug in a pipeline stage: report it, keep going
        code, message = "internal_error", f"{type(exc).__name__}: {exc}"
    if out_path is not None and code != "write_failed":
        _remove_stale(out_path)
    return FileOutcome(rel, "failed", code, _one_line(message), seconds=time.perf_counter() - started)


def _one_line(message: str) -> str:
    return " ".join(str(message).split())[:500]


def process_chunk(job: _Job, rels: list[str]) -> list[FileOutcome]:
    """Process several inputs in one task (amortises the per-task cost of the pool).

    With ``fsync``, the folders written to are synced once per chunk, so the
    renames survive a power cut too (the file contents were synced per file).
    """
    outcomes = [process_file(job, rel) for rel in rels]
    if job.fsync:
        for folder in {os.path.dirname(output_relpath(o.rel)) for o in outcomes if o.status == "ok"}:
            fsync_dir(os.path.join(job.output_dir, folder))
    return outcomes


# ---------------------------------------------------------------- engines


def _chunks(items: Sequence[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield list(items[i:i + size])


def default_chunk_size(n_files: int, workers: int) -> int:
    """About eight chunks per worker (balance and progress), at most ``MAX_CHUNK`` files each."""
    return max(1, min(MAX_CHUNK, n_files // max(1, workers * 8)))


def guided_chunks(items: Sequence[str], workers: int, max_size: int = MAX_CHUNK) -> Iterator[list[str]]:
    """Chunks that shrink as the work runs out ("guided" scheduling): each takes a quarter of an even
    share of what is left, at most ``max_size`` files, so large chunks amortise the pool's per-task cost
    and the last ones are single files that keep every worker busy until the end."""
    i, n = 0, len(items)
    while i < n:
        size = max(1, min(max_size, (n - i) // max(1, workers * 4)))
        yield list(items[i:i + size])
        i += size


def _crash_outcome(rel: str) -> FileOutcome:
    return FileOutcome(rel, "failed", "worker_crash",
                       "the worker process died while parsing this file (killed, out of memory or crashed)")


# A tiny document that touches every stage (heading, task with units, target, funding, Traditional characters).
_WARM_UP_TEXT = (
    "關於印發示例實施方案的通知\n一、总体要求\n（一）加快建设。到2025年，企业达到10家以上。"
    "给予50万元奖励。（牵头单位：市科技局；责任单位：市财政局）\n"
)


def _preload_pipeline(parse_fn: Optional[str]) -> None:
    """Import and warm up the pipeline in the parent, so that forked workers start with it loaded.

    Stages import their modules and build converters lazily on first use; a
    warm-up parse here means every worker (also those restarted after a crash)
    inherits them instead of paying for them again.
    """
    try:
        if parse_fn is None:
            from .pipeline import parse_text

            parse_text(_WARM_UP_TEXT)
        else:
            resolve_parse_fn(parse_fn)
    except Exception:  # the workers will report the real error per file
        pass


def _mp_context() -> Any:
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else methods[0])


def _collect(futures: dict[Any, list[str]], done: set[str], emit: OutcomeCallback) -> bool:
    """Emit the outcomes of finished chunks as they come; True when the pool broke (a worker died)."""
    from concurrent.futures import as_completed
    from concurrent.futures.process import BrokenProcessPool

    broken = False
    for future in as_completed(futures):
        try:
            outcomes = future.result()
        except BrokenProcessPool:
            broken = True
            continue
        except Exception as exc:  # e.g. a result that cannot be pickled back
            message = _one_line(f"{type(exc).__name__}: {exc}")
            outcomes = [FileOutcome(r, "failed", "internal_error", message) for r in futures[future]]
        for outcome in outcomes:
            done.add(outcome.rel)
            emit(outcome)
    return broken


def _run_pool(job: _Job, rels: list[str], workers: int, chunk_size: Optional[int], emit: OutcomeCallback) -> None:
    """Run ``rels`` over a process pool; survive dying workers (retry, then isolate the culprit)."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    context = _mp_context()
    attempts: Counter = Counter()
    pending = list(rels)
    while pending:
        suspects = [r for r in pending if attempts[r] >= 2]
        normal = [r for r in pending if attempts[r] < 2]
        done: set[str] = set()
        if normal:
            chunks = list(_chunks(normal, chunk_size) if chunk_size else guided_chunks(normal, workers))
            with ProcessPoolExecutor(max_workers=min(workers, len(chunks)), mp_context=context) as pool:
                futures = {pool.submit(process_chunk, job, chunk): chunk for chunk in chunks}
                try:
                    broken = _collect(futures, done, emit)
                except KeyboardInterrupt:  # stop promptly: drop the queued chunks, keep what is written
                    pool.shutdown(wait=False, cancel_futures=True)
                    raise
            for r in normal:
                if r not in done:
                    attempts[r] += 1
            if broken:
                chunk_size = 1  # find the file that kills its worker without taking others down with it
        for rel in suspects:  # each alone in a fresh one-worker pool
            with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
                try:
                    outcome = pool.submit(process_chunk, job, [rel]).result()[0]
                except BrokenProcessPool:
                    outcome = _crash_outcome(rel)
            done.add(rel)
            emit(outcome)
        pending = [r for r in pending if r not in done]


def _import_dask() -> tuple[Any, Any]:
    try:
        from dask.distributed import Client, as_completed
    except ImportError:
        raise BatchError(
            "the Dask engine needs the optional dask extra: pip install 'policyparse[dask]'"
        ) from None
    return Client, as_completed


def _run_dask(
    job: _Job, rels: list[str], scheduler: Optional[str], chunk_size: Optional[int], emit: OutcomeCallback
) -> int:
    """Run ``rels`` on a Dask distributed cluster (workers must see the input and output folders).

    Returns the number of worker threads of the cluster.
    """
    Client, as_completed = _import_dask()
    try:
        client = Client(scheduler, timeout="20s")
    except Exception as exc:
        raise BatchError(f"cannot connect to the Dask scheduler at {scheduler}: {_one_line(str(exc))}") from None
    with client:
        threads = sum(client.nthreads().values()) or 1
        if chunk_size is None:  # sized for the cluster's threads, not this machine's cores
            chunk_size = default_chunk_size(len(rels), threads)
        chunks = list(_chunks(rels, chunk_size))
        futures = client.map(process_chunk, [job] * len(chunks), chunks, pure=False)
        chunk_of = {f.key: c for f, c in zip(futures, chunks, strict=True)}
        queue = as_completed(futures)
        for future in queue:
            chunk = chunk_of[future.key]
            try:
                outcomes = future.result()
            except Exception as exc:  # KilledWorker after Dask's own retries, or a lost connection
                if len(chunk) > 1:  # retry the files one by one so that one bad file does not fail its chunk
                    for rel in chunk:
                        single = client.submit(process_chunk, job, [rel], pure=False)
                        chunk_of[single.key] = [rel]
                        queue.add(single)
                    continue
                message = _one_line(f"the Dask worker failed on this file ({type(exc).__name__}: {exc})")
                outcomes = [FileOutcome(chunk[0], "failed", "worker_crash", message)]
            for outcome in outcomes:
                emit(outcome)
    return threads


# ---------------------------------------------------------------- the batch


def _check_output_dir(input_dir: Path, output_dir: Path) -> None:
    if output_dir.exists() and not output_dir.is_dir():
        raise BatchError(f"{output_dir}: exists and is not a folder")
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BatchError(f"{output_dir}: cannot create output folder ({exc.strerror or exc})") from None
    if not os.access(output_dir, os.W_OK):
        raise BatchError(f"{output_dir}: output folder is not writable")
    if os.path.realpath(output_dir) == os.path.realpath(input_dir):
        raise BatchError("the output folder must differ from the input folder")


def run_batch(
    input_dir: os.PathLike[str] | str,
    output_dir: os.PathLike[str] | str,
    options: BatchOptions = BatchOptions(),
    *,
    on_start: Optional[Callable[[int], None]] = None,
    on_outcome: Optional[OutcomeCallback] = None,
) -> BatchReport:
    """Parse every selected file below ``input_dir`` into ``output_dir``; write ``errors.jsonl``.

    ``on_start(total)`` and ``on_outcome(outcome)`` are called in this process
    (for progress display).  Raises ``BatchError`` only when the batch cannot
    start; per-file problems are outcomes.
    """
    started = time.perf_counter()
    in_dir, out_dir = Path(input_dir), Path(output_dir)
    if not in_dir.is_dir():
        raise BatchError(f"{in_dir}: not a folder" if in_dir.exists() else f"{in_dir}: no such folder")
    _check_output_dir(in_dir, out_dir)
    if options.engine == "dask":  # fail before any work when the extra or the address is missing
        if not options.scheduler:
            raise BatchError("--engine dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
        _import_dask()
    notes: list[str] = []
    resume = options.resume
    if resume and not manifest_matches(out_dir, options):
        resume = False
        notes.append("--resume: the outputs were made by another parser version or other options; re-parsing all")
    write_manifest(out_dir, options)
    found = discover(in_dir, globs=options.globs, exclude_dirs=[out_dir])
    # largest first: the long files start early and do not trail at the end
    rels = sorted(found.files, key=lambda r: (-found.sizes.get(r, 0), r))
    workers = max(1, options.jobs or os.cpu_count() or 1)
    if options.engine == "dask":  # workers on other machines do not share our working directory
        in_dir, out_dir = in_dir.absolute(), out_dir.absolute()
    job = _Job(str(in_dir), str(out_dir), options.script, options.max_bytes, resume,
               options.parse_fn, options.fsync, options.indent, options.timeout or None)
    outcomes: list[FileOutcome] = []

    def emit(outcome: FileOutcome) -> None:
        outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)

    if on_start is not None:
        on_start(len(rels) + len(found.problems))
    for problem in found.problems:
        emit(problem)
    if rels:
        if options.engine == "dask":
            workers = _run_dask(job, rels, options.scheduler, options.chunk_size, emit)
        else:
            _preload_pipeline(options.parse_fn)
            _run_pool(job, rels, min(workers, len(rels)), options.chunk_size, emit)
    _check_complete(found, outcomes)
    if options.resume:
        removed = remove_stale_temp_files(out_dir)
        if removed:
            notes.append(f"removed {removed} temporary files left by an interrupted run")
    outcomes.sort(key=lambda o: o.rel)
    report = BatchReport(in_dir, out_dir, outcomes, found.ignored, time.perf_counter() - started,
                         workers, options.engine, notes)
    write_errors(report)
    return report


def remove_stale_temp_files(output_dir: Path, max_age: float = STALE_TEMP_AGE) -> int:
    """Delete the temp files (``.NAME.XXXX.tmp``) of writes that a killed run never finished.

    Only files older than ``max_age`` seconds: a batch running concurrently
    renames its temp files within moments, so it never loses one.
    """
    cutoff = time.time() - max_age
    removed = 0
    for folder, _, names in os.walk(output_dir):
        for name in names:
            if name.startswith(".") and name.endswith(TEMP_SUFFIX):
                path = os.path.join(folder, name)
                try:
                    if os.lstat(path).st_mtime < cutoff:
                        os.unlink(path)
                        removed += 1
                except OSError:
                    continue
    return removed


def _manifest(options: BatchOptions) -> dict[str, Any]:
    from . import __version__

    return {"policyparse": __version__, "schema_version": SCHEMA_VERSION, "script": options.script,
            "parse_fn": options.parse_fn}


def manifest_matches(output_dir: Path, options: BatchOptions) -> bool:
    """Whether the outputs in ``output_dir`` were made by this version with these options (a missing manifest
    counts as a match, so that folders from before the manifest existed can still be resumed)."""
    try:
        recorded = json.loads((output_dir / MANIFEST_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return True
    except (OSError, ValueError):
        return False
    return recorded == _manifest(options)


def write_manifest(output_dir: Path, options: BatchOptions) -> None:
    """Record what makes the outputs of this batch (read by the next ``--resume``)."""
    write_atomic(output_dir / MANIFEST_FILE, json.dumps(_manifest(options), indent=2) + "\n", fsync=options.fsync)


def _check_complete(found: Discovery, outcomes: list[FileOutcome]) -> None:
    """Every discovered file has exactly one outcome (an engine bug must not lose a file silently)."""
    seen = Counter(o.rel for o in outcomes)
    for rel in found.files:
        if seen[rel] == 0:
            outcomes.append(FileOutcome(rel, "failed", "internal_error", "no result came back for this file"))


def write_errors(report: BatchReport) -> Path:
    """Write ``errors.jsonl`` (one line per failure; empty when all succeeded) atomically."""
    path = report.output_dir / ERRORS_FILE
    lines = "".join(json.dumps(o.error_record(), ensure_ascii=False) + "\n" for o in report.failures)
    write_atomic(path, lines)
    return path


def iter_outputs(report: BatchReport) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(input path, document)`` for every input with an output, in path order (read back from disk)."""
    for outcome in report.outcomes:
        if outcome.status in ("ok", "skipped"):
            out_path = contained_path(report.output_dir, output_relpath(outcome.rel))
            try:
                yield outcome.rel, json.loads(out_path.read_bytes())
            except (OSError, ValueError):
                continue


def write_merged_jsonl(report: BatchReport, path: Path) -> int:
    """All outputs as one JSON Lines file (atomic); returns the number of documents."""
    from .render import to_jsonl_line

    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with atomic_open(path) as fh:
        for _, doc in iter_outputs(report):
            fh.write(to_jsonl_line(doc))
            n += 1
    return n


def write_merged_csv(report: BatchReport, out_dir: Path) -> dict[str, int]:
    """``targets.csv``, ``funding.csv`` and ``tasks.csv`` over all outputs (``doc`` = input path)."""
    from .render import write_csv_tables

    return write_csv_tables(iter_outputs(report), out_dir)
