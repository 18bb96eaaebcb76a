"""The ``policyparse`` command line: extract, batch, validate, schema, clean.

The commands only parse arguments and render; the work is done by library
functions (``pipeline``, ``batch``, ``validate``, ``render``) that are usable
without the CLI.  Heavy modules are imported inside the commands so that
``policyparse --help`` and ``policyparse extract`` start fast.

Exit codes: 0 success; 1 some files failed (batch), scores below the bar
(validate) or an internal error; 2 bad input or bad usage.  Errors are one red
line on stderr; ``--debug`` shows the traceback instead.
"""

import gc
import os
import sys
from enum import Enum
from functools import partial
from pathlib import Path
from typing import IO, Any, Callable, NoReturn, Optional

import typer

from . import __version__

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
_MAX_WARNINGS_SHOWN = 10  # --verbose lists at most this many warnings per file
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
_SIZE_UNITS = {"": 1, "B": 1, "K": 1024, "KB": 1024, "M": 1024**2, "MB": 1024**2, "G": 1024**3, "GB": 1024**3}

app = typer.Typer(
    name="policyparse",
    help="Turn Chinese government policy documents (通知, 实施方案, 管理办法 …) into structured JSON.\n\n"
    "Example: policyparse extract samples/000_a8401e22d6ed3200.txt -o out.json",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class OutputFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    md = "md"


class ScriptChoice(str, Enum):
    simplified = "simplified"
    keep = "keep"


class EngineChoice(str, Enum):
    process = "process"
    dask = "dask"


# ---------------------------------------------------------------- helpers


class _State:
    debug = False


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def error_line(message: str) -> None:
    """Print one red error line on stderr (no markup interpretation of the message)."""
    text = "policyparse: error: " + " ".join(str(message).split())
    if sys.stderr.isatty() and not os.environ.get("NO_COLOR"):
        sys.stderr.write(f"\x1b[31m{text}\x1b[0m\n")
    else:
        sys.stderr.write(text + "\n")
    sys.stderr.flush()


def fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    """Print one red line and exit with ``code``."""
    error_line(message)
    raise typer.Exit(code)


def _internal_error(exc: BaseException) -> NoReturn:
    if _State.debug:
        raise exc
    fail(f"internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)", EXIT_FAILED)


def parse_size(value: str) -> int:
    """``50MB`` / ``512K`` / ``1048576`` → bytes."""
    text = str(value).strip().upper().replace(" ", "")
    number = text.rstrip("KMGB")
    unit = text[len(number):]
    try:
        amount = float(number)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a size (examples: 50MB, 512K, 1000000)") from None
    if unit not in _SIZE_UNITS or amount <= 0:
        raise typer.BadParameter(f"{value!r} is not a size (examples: 50MB, 512K, 1000000)")
    return int(amount * _SIZE_UNITS[unit])


def _error_message(path: str, message: str, code: str) -> str:
    """``PATH: reason [code]``, naming the file once (library messages for bytes say ``<input>``)."""
    if message.startswith("<input>: "):
        message = message[len("<input>: "):]
    text = message if message.startswith(path) else f"{path}: {message}"
    return f"{text} [{code}]"


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"policyparse {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", help="Show the version and exit.",
                                 callback=_version_callback, is_eager=True),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks of internal errors."),
) -> None:
    """Turn Chinese government policy documents into structured JSON (contract v1).

    Example: policyparse extract samples/000_a8401e22d6ed3200.txt -o out.json
    """
    _State.debug = _State.debug or debug


_DEBUG_OPTION = typer.Option(False, "--debug", help="Show tracebacks of internal errors.")
_SCRIPT_OPTION = typer.Option(ScriptChoice.simplified, "--script",
                              help="simplified: convert Traditional to Simplified; keep: leave the script as is.")
_MAX_BYTES_OPTION = typer.Option("50MB", "--max-bytes", metavar="SIZE",
                                 help="Refuse inputs larger than this (e.g. 50MB, 512K).")


# ---------------------------------------------------------------- extract


def _read_stdin(max_bytes: int) -> bytes:
    from .model import PolicyParseError

    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise PolicyParseError("too_large", f"<stdin>: over the limit of {max_bytes} bytes (--max-bytes)")
    return data


def _parse_one(name: str, script: str, max_bytes: int) -> Any:
    from .pipeline import parse, parse_bytes

    if name == "-":
        data = _read_stdin(max_bytes)
        return parse_bytes(data, path=None, script=script, max_bytes=max_bytes)  # type: ignore[arg-type]
    return parse(name, script=script, max_bytes=max_bytes)  # type: ignore[arg-type]


def _describe(doc: Any) -> str:
    counts = {k: len(getattr(doc, k)) for k in ("sections", "tasks", "targets", "funding", "warnings")}
    return ", ".join(f"{v} {k}" for k, v in counts.items())


def _emit(write: Callable[[IO[str]], object], output: Optional[Path]) -> None:
    """Run ``write`` on ``output`` (replaced atomically when it is done), or on stdout."""
    if output is None:
        write(sys.stdout)
        sys.stdout.flush()
        return
    from .atomic import atomic_open

    output.parent.mkdir(parents=True, exist_ok=True)
    with atomic_open(output, fsync=False) as fh:
        write(fh)


@app.command()
def extract(
    files: list[str] = typer.Argument(..., metavar="FILE", help="Input files (.txt, .html, .docx); - reads stdin."),
    output: Optional[Path] = typer.Option(None, "-o", "--output",
                                          help="Output file (or folder: one NAME.json per input; required for csv)."),
    fmt: OutputFormat = typer.Option(OutputFormat.json, "--format", "-f", help="json, jsonl, csv (3 tables) or md."),
    script: ScriptChoice = _SCRIPT_OPTION,
    max_bytes: str = _MAX_BYTES_OPTION,
    indent: int = typer.Option(2, "--indent", help="JSON indentation (0: one line)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Print what was found and the warnings, per file."),
    debug: bool = _DEBUG_OPTION,
) -> None:
    """Parse documents into contract-v1 JSON (stdout, or -o PATH).

    One FILE gives one JSON object; several give a JSON array (or, with -o DIR,
    one DIR/NAME.json each). A file that cannot be read is one red line on stderr
    and exit code 2; the other files are still written.

    \b
    Examples:
      policyparse extract samples/000_a8401e22d6ed3200.txt -o 000.json
      policyparse extract a.html b.docx --format csv -o tables/
      curl -s https://example.gov.cn/notice.html | policyparse extract - --format md
    """
    _State.debug = _State.debug or debug
    limit = parse_size(max_bytes)
    if fmt is OutputFormat.csv and output is None:
        fail("--format csv writes targets.csv, funding.csv and tasks.csv: give a folder with -o DIR")
    if files.count("-") > 1:
        fail("stdin (-) can be read only once")
    from .model import PolicyParseError

    docs: list[tuple[str, Any]] = []  # (input name, Document)
    bad = internal = 0
    for name in files:
        try:
            doc = _parse_one(name, script.value, limit)
        except PolicyParseError as exc:
            error_line(_error_message("<stdin>" if name == "-" else name, exc.message, exc.code))
            bad += 1
            continue
        except KeyboardInterrupt:
            raise
        except Exception as exc:  # a bug, not bad input
            if _State.debug:
                raise
            error_line(f"{name}: internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)")
            internal += 1
            continue
        docs.append((name, doc))
        if verbose and not quiet:
            sys.stderr.write(f"{name}: {_describe(doc)}\n")
            warnings = doc.warnings
            for w in warnings[:_MAX_WARNINGS_SHOWN]:
                sys.stderr.write(f"  warning [{w.code}] {w.message}\n")
            if len(warnings) > _MAX_WARNINGS_SHOWN:
                sys.stderr.write(f"  … {len(warnings) - _MAX_WARNINGS_SHOWN} more warnings in the JSON output\n")
    try:
        _write_extract_output(docs, fmt, output, indent)
    except OSError as exc:
        fail(f"{output}: cannot write ({exc.strerror or exc})", EXIT_FAILED)
    if bad or internal:
        raise typer.Exit(EXIT_BAD_INPUT if bad else EXIT_FAILED)


def _write_text(text: str, fh: IO[str]) -> None:
    fh.write(text)


def _write_json_lines(docs: list[Any], fh: IO[str]) -> None:
    """One compact JSON document per line (JSON Lines)."""
    from . import render

    for doc in docs:
        render.write_json(doc, fh, indent=None)


def _write_extract_output(docs: list[tuple[str, Any]], fmt: OutputFormat, output: Optional[Path],
                          indent: int) -> None:
    from . import render

    if not docs:
        return
    if fmt is OutputFormat.csv:
        assert output is not None
        render.write_csv_tables(((render.doc_label(d), d) for d in (doc.to_dict() for _, doc in docs)), output)
        return
    json_indent = indent if indent > 0 else None
    if output is not None and output.is_dir():  # one file per input
        for name, doc in docs:
            stem = "stdin" if name == "-" else Path(name).name
            ext = {"json": ".json", "jsonl": ".jsonl", "md": ".md"}[fmt.value]
            if fmt is OutputFormat.md:
                _emit(partial(_write_text, render.to_markdown(doc.to_dict())), output / (stem + ext))
            else:
                indent_of_file = None if fmt is OutputFormat.jsonl else json_indent
                _emit(partial(render.write_json, doc, indent=indent_of_file), output / (stem + ext))
        return
    if fmt is OutputFormat.jsonl:
        _emit(partial(_write_json_lines, [doc for _, doc in docs]), output)
    elif fmt is OutputFormat.md:
        _emit(partial(_write_text, "\n---\n\n".join(render.to_markdown(doc.to_dict()) for _, doc in docs)), output)
    elif len(docs) == 1:
        _emit(partial(render.write_json, docs[0][1], indent=json_indent), output)
    else:
        array = render.to_json([doc.to_dict() for _, doc in docs], indent=json_indent) + "\n"  # type: ignore[arg-type]
        _emit(partial(_write_text, array), output)


# ---------------------------------------------------------------- batch


def _format_eta(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


class _PlainProgress:
    """Progress as plain lines on stderr (not a terminal): at most one line every ``interval`` seconds."""

    def __init__(self, interval: float = 2.0) -> None:
        import time

        self._clock = time.monotonic
        self.interval = interval
        self.total = 0
        self.done = 0
        self.failed = 0
        self.started = self._clock()
        self.last = 0.0

    def start(self, total: int) -> None:
        self.total = total
        sys.stderr.write(f"batch: {total} files\n")

    def advance(self, failed: bool) -> None:
        self.done += 1
        self.failed += failed
        now = self._clock()
        if now - self.last >= self.interval or self.done == self.total:
            self.last = now
            elapsed = max(now - self.started, 1e-9)
            rate = self.done / elapsed
            eta = (self.total - self.done) / rate if rate else 0
            sys.stderr.write(f"batch: {self.done}/{self.total} ({100 * self.done / max(self.total, 1):.0f}%) "
                             f"{rate:.1f} files/s ETA {_format_eta(eta)} failed {self.failed}\n")
            sys.stderr.flush()

    def stop(self) -> None:
        pass


class _RichProgress:
    """A rich progress bar with rate and ETA (stderr is a terminal)."""

    def __init__(self) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.progress = Progress(
            TextColumn("[bold]batch"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
            TextColumn("{task.fields[rate]:>7.1f} files/s"), TimeElapsedColumn(), TextColumn("ETA"),
            TimeRemainingColumn(), TextColumn("[red]{task.fields[failed]} failed"),
            console=_stderr_console(), transient=False,
        )
        self.task: Any = None
        self.failed = 0

    def start(self, total: int) -> None:
        self.progress.start()
        self.task = self.progress.add_task("batch", total=total, rate=0.0, failed=0)

    def advance(self, failed: bool) -> None:
        self.failed += failed
        task = self.progress.tasks[0]
        elapsed = task.elapsed or 1e-9
        self.progress.update(self.task, advance=1, rate=(task.completed + 1) / elapsed, failed=self.failed)

    def stop(self) -> None:
        self.progress.stop()


def _print_summary(report: Any, extra: list[str], quiet: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False)
    if quiet:
        return
    table = Table(title=f"policyparse batch — {report.input_dir} → {report.output_dir}", title_justify="left",
                  show_header=False)
    table.add_column("")
    table.add_column("", justify="right")
    rate = len(report.outcomes) / report.elapsed if report.elapsed else 0.0
    table.add_row("parsed", str(report.count("ok")))
    table.add_row("up to date (resume)", str(report.count("skipped")))
    table.add_row("failed", f"[red]{report.count('failed')}[/red]" if report.failures else "0")
    from collections import Counter

    for code, n in sorted(Counter(o.code for o in report.failures).items()):
        table.add_row(f"  {code}", str(n))
    if report.ignored:
        table.add_row("not selected (other suffixes)", str(sum(report.ignored.values())))
        listed = ", ".join(f"{k} {v}" for k, v in report.ignored.most_common(8))
        extra = [*extra, f"not selected: {listed} (use --glob to include them)"]
    totals = report.totals()
    for key in ("tasks", "targets", "funding", "warnings"):
        table.add_row(f"{key} found", str(totals.get(key, 0)))
    table.add_row("time", f"{report.elapsed:.1f} s")
    table.add_row("rate", f"{rate:.1f} files/s")
    table.add_row("workers", f"{report.jobs} ({report.engine})")
    console.print(table)
    for line in extra:
        console.print(line, markup=False)


@app.command()
def batch(
    input_dir: Path = typer.Argument(..., metavar="INPUT_DIR", help="Folder to scan (recursively)."),
    output_dir: Path = typer.Option(..., "-o", "--output", metavar="OUTPUT_DIR",
                                    help="Folder for one .json per input (mirrors INPUT_DIR) and errors.jsonl."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help="Worker processes (default: all cores)."),
    globs: Optional[list[str]] = typer.Option(
        None, "--glob", metavar="PATTERN",
        help="Only files matching this pattern (repeatable), e.g. '*.html' or 'gov/*/*.txt'."),
    resume: bool = typer.Option(False, "--resume", help="Skip inputs whose output exists for the same input bytes."),
    jsonl: Optional[Path] = typer.Option(None, "--jsonl", metavar="FILE",
                                         help="Also write all documents into one JSON Lines file."),
    csv_dir: Optional[Path] = typer.Option(None, "--csv", metavar="DIR",
                                           help="Also write merged targets/funding/tasks CSVs here."),
    script: ScriptChoice = _SCRIPT_OPTION,
    max_bytes: str = _MAX_BYTES_OPTION,
    engine: EngineChoice = typer.Option(EngineChoice.process, "--engine", help="process (local pool) or dask."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", metavar="ADDRESS",
                                            help="Dask scheduler address (with --engine dask)."),
    chunk_size: Optional[int] = typer.Option(None, "--chunk-size", min=1, help="Files per task (default: automatic)."),
    timeout: float = typer.Option(300.0, "--timeout", min=0.0, metavar="SECONDS",
                                  help="Give up on a file after this long (0: no limit)."),
    pretty: bool = typer.Option(False, "--pretty", help="Indent the JSON outputs (default: one line, faster)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress and no summary; errors only."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Print every failure as it happens."),
    parse_fn: Optional[str] = typer.Option(None, "--parse-fn", hidden=True,
                                           help="module:function used instead of the pipeline (tests, plug-ins)."),
    debug: bool = _DEBUG_OPTION,
) -> None:
    """Parse every supported file below INPUT_DIR in parallel into OUTPUT_DIR.

    Supported: .txt .text .html .htm .shtml .xhtml .docx (or --glob). Every input
    ends as OUTPUT_DIR/<same path>.json or as a line of OUTPUT_DIR/errors.jsonl.
    Exit code 0 when all succeeded, 1 when some failed.

    \b
    Examples:
      policyparse batch crawl/ -o parsed/ --jobs 8 --jsonl all.jsonl --csv tables/
      policyparse batch crawl/ -o parsed/ --resume
      policyparse batch crawl/ -o parsed/ --engine dask --scheduler tcp://10.0.0.5:8786
    """
    _State.debug = _State.debug or debug
    from .batch import BatchError, BatchOptions, run_batch, write_merged_csv, write_merged_jsonl

    options = BatchOptions(
        script=script.value, max_bytes=parse_size(max_bytes), resume=resume, jobs=jobs, globs=tuple(globs or ()),
        engine=engine.value, scheduler=scheduler, chunk_size=chunk_size, parse_fn=parse_fn,
        indent=2 if pretty else None, timeout=timeout or None,
    )
    if engine is EngineChoice.dask and not scheduler:
        fail("--engine dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
    show_progress = not quiet
    progress: Any = None
    if show_progress:
        progress = _RichProgress() if sys.stderr.isatty() else _PlainProgress()

    def on_outcome(outcome: Any) -> None:
        if progress is not None:
            progress.advance(outcome.status == "failed")
        if verbose and outcome.status == "failed":
            error_line(f"{outcome.rel}: {outcome.message} [{outcome.code}]")

    try:
        try:
            report = run_batch(input_dir, output_dir, options,
                               on_start=progress.start if progress is not None else None, on_outcome=on_outcome)
        finally:
            if progress is not None:
                progress.stop()
    except BatchError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        fail("interrupted; run again with --resume to finish", 130)
    except Exception as exc:
        _internal_error(exc)
    extra = list(report.notes)
    if report.failures:
        extra.append(f"{len(report.failures)} failed: see {report.output_dir / 'errors.jsonl'}")
    try:
        if jsonl is not None:
            n = write_merged_jsonl(report, jsonl)
            extra.append(f"{n} documents in {jsonl}")
        if csv_dir is not None:
            rows = write_merged_csv(report, csv_dir)
            extra.append(f"{csv_dir}: " + ", ".join(f"{name} {n} rows" for name, n in rows.items()))
    except OSError as exc:
        fail(f"cannot write merged output ({exc.strerror or exc}: {exc.filename})", EXIT_FAILED)
    _print_summary(report, extra, quiet)
    raise typer.Exit(report.exit_code)


# ---------------------------------------------------------------- validate


def _print_validation(report: Any, min_f1: float, details: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    from .validate import ATTR_FIELDS, CORE_FIELDS

    console = Console(highlight=False)
    fields = [f for f in (*CORE_FIELDS, *ATTR_FIELDS) if f in report.field_totals()]
    per_doc = Table(title="Per document", title_justify="left")
    per_doc.add_column("document", overflow="fold")
    for col in ("P", "R", "F1"):
        per_doc.add_column(col, justify="right")
    per_doc.add_column("weakest fields (F1)")
    for s in report.samples:
        if s.comparison is None:
            per_doc.add_row(s.name, "—", "—", "—", "[red]error[/red]")
            continue
        sc = s.comparison.overall
        weakest = sorted((v.f1, k) for k, v in s.comparison.scores.items() if v.f1 < 1.0)[:3]
        per_doc.add_row(s.name, f"{sc.precision:.3f}", f"{sc.recall:.3f}", f"[bold]{sc.f1:.3f}[/bold]",
                        ", ".join(f"{k} {f:.3f}" for f, k in weakest) or "—")
    console.print(per_doc)
    overall = Table(title="Overall (micro-averaged over documents)", title_justify="left")
    for col in ("field", "precision", "recall", "F1", "tp", "fp", "fn"):
        overall.add_column(col, justify="left" if col == "field" else "right")
    totals = report.field_totals()
    for f in fields:
        sc = totals[f]
        overall.add_row(f, f"{sc.precision:.3f}", f"{sc.recall:.3f}", f"{sc.f1:.3f}",
                        str(sc.tp), str(sc.fp), str(sc.fn))
    sc = report.overall
    overall.add_row("[bold]all[/bold]", f"{sc.precision:.3f}", f"{sc.recall:.3f}", f"[bold]{sc.f1:.3f}[/bold]",
                    str(sc.tp), str(sc.fp), str(sc.fn))
    console.print(overall)
    if details:
        _print_field_matrix(console, report, fields)
        for s in report.samples:
            if s.comparison is None:
                continue
            for f in fields:
                missed, extra = s.comparison.missed.get(f, []), s.comparison.extra.get(f, [])
                if missed or extra:
                    console.print(f"[bold]{s.name}[/bold] {f}", highlight=False)
                    for item in missed[:15]:
                        console.print(f"  - missed {item}", markup=False)
                    for item in extra[:15]:
                        console.print(f"  + extra  {item}", markup=False)
    verdict = "passed" if report.passed(min_f1) else "FAILED"
    console.print(f"{len(report.samples)} samples, overall F1 {sc.f1:.3f} (bar {min_f1:.2f}): {verdict}",
                  markup=False)


_FIELD_LABELS = {
    "metadata": "meta", "notice": "notice", "sections": "sect", "tasks": "tasks", "lead_units": "lead",
    "responsible_units": "resp", "deadline": "dline", "targets": "targ", "funding": "fund", "attachments": "att",
    "repairs": "rep", "target_attrs": "targ·a", "funding_attrs": "fund·a",
}


def _print_field_matrix(console: Any, report: Any, fields: list[str]) -> None:
    """F1 per document and field (compact: one column per field)."""
    from rich import box
    from rich.table import Table

    table = Table(title="F1 per document and field", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False,
                  padding=(0, 1))
    name_width = min(28, max([8, *(len(s.name) for s in report.samples)]))
    table.add_column("document", overflow="ellipsis", no_wrap=True, max_width=name_width)
    for f in fields:
        label = _FIELD_LABELS.get(f, f)
        table.add_column(label, justify="right", no_wrap=True, min_width=max(4, len(label)))
    for s in report.samples:
        scores = s.comparison.scores if s.comparison else {}
        table.add_row(s.name, *[f"{scores[f].f1:.2f}" if f in scores else "—" for f in fields])
    needed = name_width + 3 + sum(max(4, len(_FIELD_LABELS.get(f, f))) + 3 for f in fields)
    if needed > console.width:  # wider than the terminal: let it scroll rather than squeeze the numbers
        from rich.console import Console

        console = Console(highlight=False, width=needed)
    console.print(table)


@app.command()
def validate(
    samples_dir: Path = typer.Argument(..., metavar="SAMPLES_DIR",
                                       help="Inputs (*.txt, *.html, *.docx) with NAME.expected.json beside them."),
    expected_dir: Optional[Path] = typer.Option(None, "--expected", metavar="DIR",
                                                help="Folder of gold files NAME.json instead."),
    min_f1: float = typer.Option(0.0, "--min-f1", min=0.0, max=1.0,
                                 help="Fail when the overall F1 is below this (default 0: schema + no crash only)."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON (for machines)."),
    details: bool = typer.Option(False, "--details", help="List missed and extra items per document and field."),
    script: ScriptChoice = _SCRIPT_OPTION,
    debug: bool = _DEBUG_OPTION,
) -> None:
    """Parse every sample, check the JSON Schema, and score it against the gold files (precision/recall/F1).

    Fails (exit 1) when a sample cannot be parsed, an output breaks the schema, an expected
    file is missing or malformed, or the overall F1 is below --min-f1.

    \b
    Examples:
      policyparse validate samples/
      policyparse validate samples/ --min-f1 0.6 --details
      policyparse validate corpus/ --expected gold/ --json > scores.json
    """
    _State.debug = _State.debug or debug
    from .validate import find_samples, validate_corpus

    if not samples_dir.is_dir():
        fail(f"{samples_dir}: not a folder")
    if expected_dir is not None and not expected_dir.is_dir():
        fail(f"{expected_dir}: not a folder")
    if not find_samples(samples_dir):
        fail(f"{samples_dir}: no samples (*.txt, *.html, *.htm, *.docx) found")
    try:
        report = validate_corpus(samples_dir, expected_dir, script=script.value)
    except Exception as exc:
        _internal_error(exc)
    if as_json:
        import json

        sys.stdout.write(json.dumps(report.as_dict(min_f1), ensure_ascii=False, indent=2) + "\n")
    else:
        _print_validation(report, min_f1, details)
    for line in report.problems():
        error_line(line)
    if report.passed(min_f1):
        raise typer.Exit(EXIT_OK)
    if not report.problems():
        error_line(f"overall F1 {report.overall.f1:.3f} is below --min-f1 {min_f1:.3f}")
    raise typer.Exit(EXIT_FAILED)


# ---------------------------------------------------------------- schema


@app.command()
def schema(
    indent: int = typer.Option(2, "--indent", help="JSON indentation."),
) -> None:
    """Print the JSON Schema (draft 2020-12) of the output, generated from the data model.

    \b
    Examples:
      policyparse schema > policyparse.schema.json
    """
    import json

    from .model import json_schema

    sys.stdout.write(json.dumps(json_schema(), ensure_ascii=False, indent=indent or None) + "\n")


# ---------------------------------------------------------------- clean


def _offset_summary(offsets: Any, source_len: int, text: str, max_lines: int) -> dict[str, Any]:
    """How the repaired text maps back to the input: sizes, and the source span of the first lines."""
    lines = []
    start = 0
    for line in text.split("\n")[:max_lines]:
        if not line and start >= len(text):
            break
        end = start + len(line)
        src = offsets.to_source((start, end))
        lines.append({"span": [start, end], "source_span": list(src)})
        start = end + 1
    return {"input_chars": source_len, "output_chars": len(text), "maps": len(offsets), "lines": lines}


@app.command()
def clean(
    file: str = typer.Argument(..., metavar="FILE", help="Input file (.txt, .html, .docx); - reads stdin."),
    as_json: bool = typer.Option(False, "--json", help="Also print the repairs, warnings and an offset-map summary."),
    script: ScriptChoice = _SCRIPT_OPTION,
    max_bytes: str = _MAX_BYTES_OPTION,
    lines: int = typer.Option(20, "--lines", help="With --json: how many lines of the offset map to show."),
    debug: bool = _DEBUG_OPTION,
) -> None:
    """Print the repaired text: mojibake fixed, pinyin annotations, web chrome and Traditional script removed.

    \b
    Examples:
      policyparse clean samples/000_a8401e22d6ed3200.txt | head
      policyparse clean page.html --json
    """
    _State.debug = _State.debug or debug
    limit = parse_size(max_bytes)
    from .model import PolicyParseError

    try:
        from .io import read_document
        from .pipeline import read_input_bytes
        from .text import repair_text
        from .text.decode import sniff_format
        from .text.offsets import OffsetChain

        data = _read_stdin(limit) if file == "-" else read_input_bytes(file, max_bytes=limit)
        path = None if file == "-" else file
        fmt = sniff_format(data, path)
        read = read_document(data, fmt, path=path)
        repaired = repair_text(read.text, script=script.value)  # type: ignore[arg-type]
    except PolicyParseError as exc:
        fail(_error_message("<stdin>" if file == "-" else file, exc.message, exc.code))
    except Exception as exc:
        _internal_error(exc)
    if not as_json:
        sys.stdout.write(repaired.text if repaired.text.endswith("\n") else repaired.text + "\n")
        return
    import dataclasses
    import json

    chain = OffsetChain([read.offsets])
    chain.extend(repaired.offsets)
    warnings = [*read.warnings_for(repaired.offsets), *repaired.warnings]
    for item in (*warnings, *(p for r in repaired.repairs for p in r.places)):
        if item.span is not None:
            item.source_span = chain.to_source(tuple(item.span))
    out = {
        "source": {"path": path, "bytes": len(data), "format": fmt, "encoding": read.encoding,
                   "encoding_confidence": round(read.encoding_confidence, 3)},
        "text": repaired.text,
        "repairs": [dataclasses.asdict(r) for r in repaired.repairs],
        "warnings": [dataclasses.asdict(w) for w in warnings],
        "offsets": _offset_summary(chain, len(read.source_text), repaired.text, lines),
    }
    sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")


# ---------------------------------------------------------------- entry point


def main(argv: Optional[list[str]] = None) -> NoReturn:
    """Console-script entry: run the app; usage errors and stray exceptions become one red line.

    Without ``argv`` (the console script, ``python -m policyparse.cli``) the process ends here, so the
    objects still alive are frozen out of the interpreter's final garbage collection: it would only
    visit every module and table to free memory the OS takes back anyway (~50 ms of a ~0.35 s run).
    """
    try:
        _run_app(list(sys.argv[1:] if argv is None else argv))
    finally:
        if argv is None:
            gc.freeze()


def _run_app(args: list[str]) -> NoReturn:
    """Run the app on ``args`` and exit with its code."""
    _State.debug = "--debug" in args or bool(os.environ.get("POLICYPARSE_DEBUG"))
    try:
        code = app(args=args, prog_name="policyparse", standalone_mode=False)
    except KeyboardInterrupt:
        error_line("interrupted")
        sys.exit(130)
    except Exception as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":  # bare `policyparse`: show the help
            sys.stdout.write(exc.format_message() + "\n")  # type: ignore[attr-defined]
            sys.exit(EXIT_OK)
        if _is_usage_error(exc):
            command = next((a for a in args if not a.startswith("-")), "")
            hint = f"try 'policyparse {command} --help'" if command in _COMMANDS else "try 'policyparse --help'"
            error_line(f"{exc.format_message()} ({hint})")  # type: ignore[attr-defined]
            sys.exit(EXIT_BAD_INPUT)
        if _State.debug:
            raise
        error_line(f"internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)")
        sys.exit(EXIT_FAILED)
    sys.exit(code if isinstance(code, int) else EXIT_OK)


_COMMANDS = ("extract", "batch", "validate", "schema", "clean")


def _is_usage_error(exc: BaseException) -> bool:
    """A command-line usage error (unknown option, missing argument, bad value) from typer's click."""
    return any(cls.__name__ in ("UsageError", "ClickException") and hasattr(exc, "format_message")
               for cls in type(exc).__mro__)


if __name__ == "__main__":
    main()
