"""Corruption suite: every sample damaged in every way we know, then decoded and repaired.

Each seed prefix × storage encoding {GB18030, Big5 where encodable, UTF-16, UTF-8 with BOM}
× damage {none, UTF-8 read as GBK, as Latin-1, as cp1252 (strict Python and WHATWG-style),
GBK read as Latin-1, double UTF-8, 锟斤拷} × scope {whole document, one local run}.

* Reversible cases (the wrong reading succeeded without replacement characters) must come back
  exactly to the repaired clean seed in at least 99% of cases.
* Lossy cases (``errors="replace"``): every place that did not come back must be covered by a
  warning span; the share of characters recovered is printed (run with ``-s`` to see it).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

import pytest

from policyparse.model import ParseWarning
from policyparse.text.decode import decode_bytes
from policyparse.text.mojibake import fix_mojibake
from policyparse.text.offsets import apply_edits

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
PREFIX_CHARS = 1200  # enough for every kind of damage, small enough to keep the suite fast
LOCAL_CHARS = 160  # size of the locally damaged run

Damage = Callable[[str], tuple[str, bool]]  # text → (damaged text, reversible?)


def _strict_or_lossy(data: bytes, codec: str) -> tuple[str, bool]:
    try:
        return data.decode(codec), True
    except UnicodeDecodeError:
        return data.decode(codec, errors="replace"), False


def _whatwg_1252(data: bytes) -> str:
    """windows-1252 as browsers decode it: the five undefined bytes become C1 controls."""
    return "".join(chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes((b,)).decode("cp1252") for b in data)


DAMAGES: dict[str, Damage] = {
    "none": lambda s: (s, True),
    "utf8-as-gbk": lambda s: _strict_or_lossy(s.encode("utf-8"), "gb18030"),
    "utf8-as-latin1": lambda s: (s.encode("utf-8").decode("latin-1"), True),
    "utf8-as-cp1252": lambda s: _strict_or_lossy(s.encode("utf-8"), "cp1252"),
    "utf8-as-whatwg1252": lambda s: (_whatwg_1252(s.encode("utf-8")), True),
    "gbk-as-latin1": lambda s: (s.encode("gb18030").decode("latin-1"), True),
    "double-utf8": lambda s: (_whatwg_1252(_whatwg_1252(s.encode("utf-8")).encode("utf-8")), True),
    "kunjinkao": lambda s: (s.encode("gb18030").decode("utf-8", errors="replace").encode("utf-8")
                            .decode("gb18030", errors="replace"), False),
}
ENCODINGS = ("gb18030", "big5", "utf-16", "utf-8-sig")


@dataclass
class Outcome:
    seed: str
    encoding: str
    damage: str
    scope: str
    reversible: bool
    expected: str
    actual: str
    warnings: list[ParseWarning]

    @property
    def exact(self) -> bool:
        return self.actual == self.expected


def _seeds() -> list[Path]:
    return sorted(SAMPLES.glob("*.txt"))


def _prefix(text: str) -> str:
    cut = text.find("\n", PREFIX_CHARS)
    return text if cut < 0 else text[: cut + 1]


@lru_cache(maxsize=None)
def _repair_available() -> bool:
    try:
        from policyparse.text import repair_text

        repair_text("测试")
        return True
    except Exception:  # other stages may still be stubs: fall back to this step alone
        return False


def _repair(text: str, decode_warnings: list[ParseWarning], *, full: bool = True) -> tuple[str, list[ParseWarning]]:
    """The repaired text and every warning with its span in it (``full``: all repair steps, else mojibake only)."""
    if full and _repair_available():
        from policyparse.text import repair_text

        repaired = repair_text(text)
        forward = [ParseWarning(w.code, w.message, repaired.offsets.to_output(w.span) if w.span else None)
                   for w in decode_warnings]
        return repaired.text, forward + repaired.warnings
    result = fix_mojibake(text)
    out, offset_map = apply_edits(text, result.edits)
    moved = [ParseWarning(w.code, w.message, offset_map.to_output(w.span) if w.span else None)
             for w in [*decode_warnings, *result.warnings]]
    return out, moved


def _local(text: str, damage: Damage) -> tuple[str, bool]:
    """Damage one run of lines in the middle of the text."""
    start = text.find("\n", len(text) // 2) + 1
    end = text.find("\n", start + LOCAL_CHARS)
    end = len(text) if end < 0 else end
    damaged, reversible = damage(text[start:end])
    return text[:start] + damaged + text[end:], reversible


@lru_cache(maxsize=1)
def outcomes() -> tuple[Outcome, ...]:
    results = []
    for seed in _seeds():
        clean = _prefix(seed.read_text(encoding="utf-8"))
        expected_full, _ = _repair(clean, [])
        expected_step, _ = _repair(clean, [], full=False)
        for damage_name, damage in DAMAGES.items():
            for scope in ("whole", "local"):
                if damage_name == "none" and scope == "local":
                    continue
                damaged, reversible = damage(clean) if scope == "whole" else _local(clean, damage)
                for encoding in ENCODINGS:
                    try:
                        data = damaged.encode(encoding)
                    except UnicodeEncodeError:
                        continue  # "Big5 where encodable"
                    decoded = decode_bytes(data, path=f"{seed.stem}.{encoding}.txt")
                    # reversible: the whole repair must give the clean result; lossy: judged at the mojibake
                    # step, so that later steps (chrome lines they can no longer recognise) do not blur it
                    actual, warnings = _repair(decoded.text, decoded.warnings, full=reversible)
                    results.append(Outcome(seed.stem[:3], encoding, damage_name, scope, reversible,
                                           expected_full if reversible else expected_step, actual, warnings))
    return tuple(results)


def test_reversible_damage_comes_back_exactly() -> None:
    reversible = [o for o in outcomes() if o.reversible]
    exact = sum(o.exact for o in reversible)
    rate = exact / len(reversible)
    failures = sorted({f"{o.seed}/{o.encoding}/{o.damage}/{o.scope}" for o in reversible if not o.exact})
    print(f"\nreversible cases: {exact}/{len(reversible)} exact ({rate:.1%}); failures: {failures[:10]}")
    assert len(reversible) >= 100
    assert rate >= 0.99, failures


def _compare(outcome: Outcome) -> tuple[list[tuple[int, int]], int]:
    """Regions of the actual text that differ from the expected one and hold garbled (non-ASCII)
    characters, and how many expected characters came back.

    Line by line (line breaks survive every damage of the suite), which keeps difflib fast.  ASCII
    survives too, so ASCII-only differences are not counted as lost bytes.
    """
    actual_lines = outcome.actual.splitlines(keepends=True)
    expected_lines = outcome.expected.splitlines(keepends=True)
    if len(actual_lines) != len(expected_lines):
        actual_lines, expected_lines = [outcome.actual], [outcome.expected]
    regions: list[tuple[int, int]] = []
    same = offset = 0
    for actual, expected in zip(actual_lines, expected_lines):
        matcher = difflib.SequenceMatcher(None, actual, expected, autojunk=False)
        same += sum(size for _, _, size in matcher.get_matching_blocks())
        regions += [(offset + i1, offset + i2) for tag, i1, i2, j1, j2 in matcher.get_opcodes()
                    if tag != "equal" and not (actual[i1:i2] + expected[j1:j2]).isascii()]
        offset += len(actual)
    return regions, same


def test_lossy_damage_is_recovered_where_certain_and_reported_elsewhere() -> None:
    lossy = [o for o in outcomes() if not o.reversible]
    assert lossy
    unreported: list[str] = []
    by_damage: dict[str, list[float]] = {}
    for o in lossy:
        regions, same = _compare(o)
        by_damage.setdefault(f"{o.damage}/{o.scope}", []).append(same / max(1, len(o.expected)))
        spans = [w.span for w in o.warnings if w.span is not None]
        for start, end in regions:
            if not any(s <= end and start <= e for s, e in spans):  # a warning touches the region
                unreported.append(f"{o.seed}/{o.encoding}/{o.damage}/{o.scope}: {o.actual[start:end]!r}")
    print("\nlossy cases, share of the clean text recovered:")
    for key, shares in sorted(by_damage.items()):
        print(f"  {key:28s} {sum(shares) / len(shares):.1%} over {len(shares)} cases")
    assert not unreported, unreported[:10]


def test_no_damage_means_no_warnings() -> None:
    for o in outcomes():
        if o.damage == "none":
            assert o.exact, f"{o.seed}/{o.encoding}"
            assert not [w for w in o.warnings if w.code in {"mojibake_unrecovered", "undecodable_bytes"}]


@pytest.mark.parametrize("sample", _seeds(), ids=lambda p: p.stem[:3])
def test_seed_garbled_places_are_the_same_after_any_storage(sample: Path) -> None:
    """Seed 000's byte-shifted places are repaired the same way whatever the file was stored as."""
    clean = _prefix(sample.read_text(encoding="utf-8"))
    reference = fix_mojibake(clean)
    for encoding in ("gb18030", "utf-16", "utf-8-sig"):
        decoded = decode_bytes(clean.encode(encoding)).text
        assert decoded == clean
        again = fix_mojibake(decoded)
        assert [(p.bad, p.good) for p in again.places] == [(p.bad, p.good) for p in reference.places]
