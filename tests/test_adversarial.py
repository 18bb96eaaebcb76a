"""No catastrophic backtracking (issue 6.2): adversarial input stays linear.

Long runs of the characters the patterns repeat (``（（（…``, ``一一一…``,
``1.1.1.…``, 100 000 ``、`` …) go through ``parse_text()`` and through each stage
entry point on its own.  Times are judged as ratios, never absolutely:

* against a clean document of the same size (the adversarial input may cost at
  most ``MAX_RATIO_TO_CLEAN`` times a clean parse), and
* against the same input at a quarter of the size (4× the input may cost at
  most ``MAX_GROWTH`` times as much: linear is 4, quadratic 16).

A static check also runs every module-level compiled regex of the package on
strings built from its own characters.  Each timing is taken once and, only
when a bound is exceeded, retaken carefully (repeated calls, best of 5, no GC).
Times are the process's CPU time, so a busy machine does not fail the test.
The CI run uses 5 000/20 000 characters; ``-m slow`` repeats it at 25 000/100 000.  Set
``POLICYPARSE_ADVERSARIAL_REPORT=FILE`` to save the measured ratios as JSON.
"""

from __future__ import annotations

import gc
import importlib
import json
import multiprocessing
import os
import pkgutil
import re
import time
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

import policyparse
from policyparse.model import Document, SourceInfo

HANDMADE = Path(__file__).parent / "data" / "handmade_notice.txt"

SIZES = [5_000, pytest.param(25_000, marks=pytest.mark.slow)]  # the 1× input; 4× is also run
MAX_RATIO_TO_CLEAN = 20.0  # adversarial time / clean parse_text time, same size
MAX_GROWTH = 10.0  # time(4×) / time(1×); linear ≈ 4, quadratic ≈ 16
NOISE_FLOOR_S = 0.005  # a 4× timing below this says nothing about growth

# Units repeated to build each adversarial input: what the patterns of each stage repeat.
ADVERSARIAL_UNITS: dict[str, str] = {
    "fullwidth_open_paren": "（",
    "ascii_open_paren": "(",
    "chinese_numeral": "一",
    "numeral_heading": "一、",
    "paren_numeral": "（一）",
    "paren_numeral_unclosed": "（一",
    "dotted_numbers": "1.",
    "enumeration_comma": "、",
    "attachment_word": "附件",
    "attachment_numbered": "附件1：",
    "lead_unit_label": "牵头单位：",
    "unit_annotation_unclosed": "（牵头单位：市",
    "digits": "1",
    "decimal_number": "1.5",
    "percent_signs": "%",
    "percentages": "12%",
    "money": "100万元",
    "years": "2021年",
    "dates": "2021年5月21日",
    "doc_number_brackets": "〔2021〕",
    "spaces": " ",
    "ideographic_spaces": "\u3000",
    "blank_lines": "\n",
    "space_lines": "  \n",
    "pinyin_like": "(a)",
    "pinyin_annotation": "發(fā)",
    "pinyin_unclosed": "(fā",
    "chapter_heading": "第一章",
    "article_heading": "第一条",
    "em_dashes": "——",
    "hyphens": "-",
    "comparator_word": "以上",
    "target_verb": "达到",
    "html_entity": "&amp;",
    "entity_prefix": "&#",
    "mojibake_latin1": "Ã©",
    "mojibake_gbk": "鐩樻斂",
    "table_cells": "序号\n",
    "pipes": "|",
    "colons": "：",
    "book_title_open": "《",
}


# ----------------------------------------------------------------- timing


def time_once(fn: Callable[[], Any]) -> float:
    """CPU seconds of this process for one call: time the machine gives other processes does not count,
    so a loaded machine (a parallel build, two test runs) does not look like super-linear growth."""
    t0 = time.process_time()
    fn()
    return time.process_time() - t0


def careful_time(fn: Callable[[], Any], *, min_batch_s: float = 0.02, repeat: int = 5, max_loops: int = 64) -> float:
    """Seconds per call: calls batched to ≥ ``min_batch_s``, best of ``repeat`` batches, GC off."""
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        loops = 1
        while True:
            t = time_once(lambda: [fn() for _ in range(loops)])
            if t >= min_batch_s or loops >= max_loops:
                break
            loops = min(max_loops, loops * max(2, int(min_batch_s / max(t, 1e-6)) + 1))
        best = t / loops
        for _ in range(repeat - 1):
            best = min(best, time_once(lambda: [fn() for _ in range(loops)]) / loops)
        return best
    finally:
        if was_enabled:
            gc.enable()


def notice_text() -> str:
    return HANDMADE.read_text(encoding="utf-8")


def clean_document(size: int) -> str:
    """A clean notice, repeated to ``size`` characters."""
    base = notice_text()
    return (base * (size // len(base) + 1))[:size]


def adversarial_document(unit: str, size: int) -> str:
    """A notice head followed by ``unit`` repeated to ``size`` characters in all."""
    head = "\n".join(notice_text().splitlines()[:3]) + "\n"
    body = unit * ((size - len(head)) // len(unit) + 1)
    return head + body[: size - len(head)]


class Ratios:
    """Measured ratios, kept for the report file."""

    rows: dict[str, dict[str, Any]] = {}

    @classmethod
    def record(cls, key: str, **values: Any) -> None:
        cls.rows[key] = values

    @classmethod
    def save(cls) -> None:
        target = os.environ.get("POLICYPARSE_ADVERSARIAL_REPORT")
        if target and cls.rows:
            Path(target).write_text(json.dumps(cls.rows, ensure_ascii=False, indent=1), encoding="utf-8")


@pytest.fixture(scope="module", autouse=True)
def _save_ratios() -> Iterator[None]:
    yield
    Ratios.save()


_CLEAN_SECONDS: dict[int, float] = {}


def clean_parse_seconds(size: int) -> float:
    """parse_text time of a clean document of ``size`` characters (measured once, carefully)."""
    if size not in _CLEAN_SECONDS:
        text = clean_document(size)
        policyparse.parse_text(text)  # warm-up: imports, converters
        _CLEAN_SECONDS[size] = careful_time(lambda: policyparse.parse_text(text), repeat=3)
    return _CLEAN_SECONDS[size]


def growth_exceeded(t1: float, t4: float) -> bool:
    return t4 >= NOISE_FLOOR_S and t4 / max(t1, 1e-7) > MAX_GROWTH


def check_linear(label: str, run: Callable[[Any], Any], unit: str, size: int,
                 prepare: Callable[[str], Any] = lambda text: text) -> str | None:
    """Time ``run(prepare(text))`` on the 1× and 4× adversarial text; a failure description, or None."""
    small, large = prepare(adversarial_document(unit, size)), prepare(adversarial_document(unit, 4 * size))
    clean4 = clean_parse_seconds(4 * size)
    budget4 = MAX_RATIO_TO_CLEAN * clean4
    t1, t4 = time_once(lambda: run(small)), time_once(lambda: run(large))
    if t4 > budget4 or growth_exceeded(t1, t4):  # retake carefully before judging
        t1, t4 = careful_time(lambda: run(small)), careful_time(lambda: run(large))
    Ratios.record(f"{label}@{size}", ratio_to_clean=t4 / clean4, growth_4x=t4 / max(t1, 1e-7), seconds_4x=t4)
    if t4 > budget4:
        return f"{label}: {t4:.3f} s for {4 * size} chars = {t4 / clean4:.1f}× a clean parse ({clean4:.3f} s)"
    if growth_exceeded(t1, t4):
        return f"{label}: 4× the input took {t4 / t1:.1f}× the time ({t1 * 1e3:.1f} ms → {t4 * 1e3:.1f} ms)"
    return None


def quietly(fn: Callable[[Any], Any]) -> Callable[[Any], None]:
    """``fn``, where refusing the input (PolicyParseError) is an acceptable, timed outcome."""
    def run(arg: Any) -> None:
        try:
            fn(arg)
        except policyparse.PolicyParseError:
            pass
    return run


# ----------------------------------------------------------------- whole pipeline


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", sorted(ADVERSARIAL_UNITS))
def test_parse_text_stays_linear(name: str, size: int) -> None:
    failure = check_linear(f"parse_text:{name}", quietly(policyparse.parse_text), ADVERSARIAL_UNITS[name], size)
    assert failure is None, failure


def test_hundred_thousand_enumeration_commas() -> None:
    text = adversarial_document("、", 100_000)
    clean = clean_parse_seconds(100_000)
    seconds = time_once(lambda: quietly(policyparse.parse_text)(text))
    if seconds > MAX_RATIO_TO_CLEAN * clean:  # retake before judging
        seconds = careful_time(lambda: quietly(policyparse.parse_text)(text), repeat=3, max_loops=1)
    Ratios.record("parse_text:100000_commas", ratio_to_clean=seconds / clean, seconds=seconds)
    assert seconds <= MAX_RATIO_TO_CLEAN * clean, f"{seconds:.3f} s = {seconds / clean:.1f}× a clean parse"


# ----------------------------------------------------------------- each stage on its own


Stage = tuple[Callable[[str], Any], Callable[[Any], Any]]  # (prepare the input untimed, run the stage timed)


def stage_entry_points() -> dict[str, Stage]:
    """Each stage entry point, with how to prepare its input from a text."""
    from policyparse.extract import extract
    from policyparse.segment import segment
    from policyparse.text.decode import decode_bytes, sniff_format
    from policyparse.text.repair import repair_steps

    def as_text(text: str) -> str:
        return text

    def segmented(text: str) -> Document:
        seg = segment(text)
        return Document(source=SourceInfo(), text=text, metadata=seg.metadata, notice=seg.notice,
                        sections=seg.sections, tasks=seg.tasks, attachments=seg.attachments, tables=seg.tables)

    stages: dict[str, Stage] = {
        "sniff_format": (lambda t: t.encode("utf-8"), lambda b: sniff_format(b, "adversarial.txt")),
        "decode_bytes(utf-8)": (lambda t: t.encode("utf-8"), lambda b: decode_bytes(b, path="adversarial.txt")),
        "decode_bytes(gb18030)": (lambda t: t.encode("gb18030"), lambda b: decode_bytes(b, path="adversarial.txt")),
    }
    for kind, step in repair_steps("simplified"):
        stages[f"repair:{kind}"] = (as_text, step)
    stages["segment"] = (as_text, segment)
    stages["extract"] = (segmented, extract)
    try:
        from policyparse.io.html import read_html
    except ImportError:
        return stages
    stages["read_html"] = (lambda t: f"<html><body><p>{t}</p></body></html>",
                           lambda h: read_html(h, encoding="utf-8", confidence=1.0, path="adversarial.html"))
    return stages


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", sorted(ADVERSARIAL_UNITS))
def test_each_stage_stays_linear(name: str, size: int) -> None:
    unit = ADVERSARIAL_UNITS[name]
    failures = [check_linear(f"{stage_name}:{name}", quietly(run), unit, size, prepare=prepare)
                for stage_name, (prepare, run) in stage_entry_points().items()]
    failures = [f for f in failures if f]
    assert not failures, f"{name} ({unit!r} repeated): " + "; ".join(failures)


# ----------------------------------------------------------------- static check of every module-level regex

REGEX_SIZE = 800  # characters of the 1× pathological string; 4× is also run
REGEX_TIMEOUT_S = 10.0  # one pattern taking longer than this is catastrophic
REGEX_FLOOR_S = 0.002  # a 4× timing below this says nothing about growth
REGEX_MAX_GROWTH = 10.0  # linear ≈ 4, quadratic ≈ 16

CATEGORY_SAMPLES = {"CATEGORY_DIGIT": "1", "CATEGORY_SPACE": " ", "CATEGORY_WORD": "a",
                    "CATEGORY_NOT_DIGIT": "a", "CATEGORY_NOT_SPACE": "a", "CATEGORY_NOT_WORD": "、"}


def module_patterns() -> tuple[dict[str, re.Pattern[str]], list[str]]:
    """Every module-level compiled regex of the package (also inside module-level tuples, lists, dicts)."""
    found: dict[str, re.Pattern[str]] = {}
    seen: set[int] = set()
    import_errors: list[str] = []
    for info in pkgutil.walk_packages(policyparse.__path__, "policyparse."):
        try:
            module = importlib.import_module(info.name)
        except ModuleNotFoundError as exc:
            if not (exc.name or "").startswith("policyparse"):
                continue  # an optional extra (e.g. dask) is not installed
            import_errors.append(f"{info.name}: {exc}")
            continue
        except Exception as exc:  # noqa: BLE001 — a module that cannot be imported is reported
            import_errors.append(f"{info.name}: {type(exc).__name__}: {exc}")
            continue
        for attr, value in vars(module).items():
            values = value.values() if isinstance(value, dict) else value if isinstance(value, (list, tuple)) else [value]
            for i, item in enumerate(values):
                if isinstance(item, re.Pattern) and isinstance(item.pattern, str) and id(item) not in seen:
                    seen.add(id(item))
                    found[f"{info.name}.{attr}" + (f"[{i}]" if item is not value else "")] = item
    return found, import_errors


def pattern_characters(pattern: re.Pattern[str], limit: int = 8) -> list[str]:
    """The characters a pattern is built from: its literals, class members and class samples."""
    try:
        from re import _parser as sre_parse  # Python ≥ 3.11
    except ImportError:  # pragma: no cover
        import sre_parse  # type: ignore[no-redef]

    chars: list[str] = []

    def walk(node: Any) -> None:
        items = node.data if hasattr(node, "data") else node
        for item in items:
            if not (isinstance(item, tuple) and len(item) == 2):
                continue
            op, av = str(item[0]), item[1]
            if op == "LITERAL":
                chars.append(chr(av))
            elif op == "RANGE":
                chars.extend((chr(av[0]), chr(av[1])))
            elif op == "CATEGORY":
                chars.append(CATEGORY_SAMPLES.get(str(av), ""))
            elif op == "ANY":
                chars.append("a")
            elif op == "IN":
                walk(av)
            elif isinstance(av, (tuple, list)):
                for part in av:
                    if hasattr(part, "data"):
                        walk(part)
                    elif isinstance(part, list):
                        for sub in part:
                            if hasattr(sub, "data"):
                                walk(sub)

    try:
        walk(sre_parse.parse(pattern.pattern, pattern.flags & ~re.UNICODE))
    except Exception:  # noqa: BLE001 — fall back to the pattern's own text
        chars = [c for c in pattern.pattern if not c.isascii() or c.isalnum()]
    unique = list(dict.fromkeys(c for c in chars if c))
    return unique[:limit] or ["a"]


def pathological_strings(pattern: re.Pattern[str], size: int) -> dict[str, str]:
    """Runs of each of the pattern's characters, and of all of them in turn, ending in a non-matching char."""
    chars = pattern_characters(pattern)
    cycle = "".join(chars)
    out = {f"{c!r}×": c * size for c in chars}
    out["cycle"] = (cycle * (size // len(cycle) + 1))[:size]
    out["pairs"] = "".join(c * 2 for c in chars) * (size // (2 * len(chars)) + 1)
    return {k: v[:size] + "\x00" for k, v in out.items()}


def _exhaust(pattern: re.Pattern[str], text: str) -> None:
    for _ in pattern.finditer(text):
        pass


def _regex_worker(names: list[str], patterns: dict[str, re.Pattern[str]], results: Any) -> None:
    """Child process (forked): time every pattern on its pathological strings, reporting as it goes.

    ``results`` is a pipe: its ``send`` is synchronous, unlike a Queue's feeder
    thread, which cannot run while a regex holds the GIL.
    """
    for name in names:
        pattern = patterns[name]
        results.send(("start", name))
        worst: tuple[float, float, float, str] = (0.0, 0.0, 0.0, "")
        small, large = pathological_strings(pattern, REGEX_SIZE), pathological_strings(pattern, 4 * REGEX_SIZE)
        for key in small:
            t1 = time_once(lambda: _exhaust(pattern, small[key]))
            t4 = time_once(lambda: _exhaust(pattern, large[key]))
            growth = t4 / max(t1, 1e-7)
            clear_cut = t4 >= 10 * REGEX_FLOOR_S and growth > 2 * REGEX_MAX_GROWTH
            if t4 >= REGEX_FLOOR_S and growth > REGEX_MAX_GROWTH and not clear_cut:  # retake before judging
                t1 = careful_time(lambda: _exhaust(pattern, small[key]), repeat=3)
                t4 = careful_time(lambda: _exhaust(pattern, large[key]), repeat=3)
            growth = t4 / max(t1, 1e-7) if t4 >= REGEX_FLOOR_S else 0.0
            if (growth, t4) > worst[:2]:
                worst = (growth, t4, t1, key)
            if growth > REGEX_MAX_GROWTH:
                break  # one super-linear string is enough to report the pattern
        results.send(("done", name, *worst))
    results.send(("end",))


def test_every_module_level_regex_is_linear() -> None:
    patterns, import_errors = module_patterns()
    assert not import_errors, f"modules that cannot be imported (their regexes go unchecked): {import_errors}"
    assert patterns, "no compiled module-level patterns found"
    ctx = multiprocessing.get_context("fork")
    pending = sorted(patterns)
    failures: list[str] = []
    while pending:
        receiver, sender = ctx.Pipe(duplex=False)
        worker = ctx.Process(target=_regex_worker, args=(pending, patterns, sender), daemon=True)
        worker.start()
        current = None
        try:
            while True:
                if not receiver.poll(REGEX_TIMEOUT_S):
                    raise TimeoutError
                msg = receiver.recv()
                if msg[0] == "start":
                    current = msg[1]
                elif msg[0] == "done":
                    _, name, growth, t4, t1, key = msg
                    pending.remove(name)
                    Ratios.record(f"regex:{name}", growth_4x=growth, seconds_4x=t4, string=key)
                    if growth > REGEX_MAX_GROWTH:
                        failures.append(f"{name} /{patterns[name].pattern}/ on {key}: 4× input took {growth:.1f}× "
                                        f"the time ({t1 * 1e3:.1f} ms → {t4 * 1e3:.1f} ms)")
                else:
                    break
        except (TimeoutError, EOFError) as exc:
            if current is None:
                failures.append(f"the regex worker died before timing anything (exit code {worker.exitcode})")
                break
            what = ("no answer within {:.0f} s on a run of its own characters (catastrophic backtracking)"
                    .format(REGEX_TIMEOUT_S) if isinstance(exc, TimeoutError) else "the worker crashed")
            failures.append(f"{current} /{patterns[current].pattern}/: {what}")
            pending.remove(current)
        finally:
            worker.kill()
            worker.join()
    assert not failures, "super-linear regexes:\n" + "\n".join(failures)
