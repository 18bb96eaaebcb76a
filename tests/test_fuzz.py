"""Fuzzing (issue 6.3): mutated seeds either parse into a contract-valid document or raise PolicyParseError.

Hypothesis takes a seed from ``samples/``, may re-encode it (GB18030, Big5,
UTF-16, UTF-8 with BOM), then applies byte flips, truncations, deletions and
insertions of random CJK/ASCII/control characters.  ``parse_bytes()`` must then
either return a document that validates against ``model.json_schema()``, whose
``span``s lie inside ``text`` and whose ``source_span``s lie inside the decoded
input — or raise ``PolicyParseError`` with a one-line message.  Nothing else.

Seeds are also fuzzed as HTML pages (through the HTML reader).  The default run
is small (CI); ``pytest -m slow tests/test_fuzz.py`` runs 1 000+ cases.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policyparse import PolicyParseError, parse_bytes, parse_text
from policyparse.model import json_schema

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SEEDS: dict[str, bytes] = {p.name: p.read_bytes() for p in sorted(SAMPLES.glob("*.txt"))}
DOCUMENTED_CODES = {"empty", "binary", "too_large", "undecodable", "unreadable", "unsupported"}
VALIDATOR = jsonschema.Draft202012Validator(json_schema())

CI_SETTINGS = settings(max_examples=40, deadline=None, database=None,
                       suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
LONG_SETTINGS = settings(max_examples=1000, deadline=None, database=None,
                         suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# ----------------------------------------------------------------- strategies

REENCODINGS = (None, "gb18030", "big5", "utf-16", "utf-16-le", "utf-8-sig")

# Inserted characters: CJK ideographs and punctuation, ASCII, C0/C1 controls, BOM, zero-width, replacement.
inserted_text = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
        st.characters(min_codepoint=0x3000, max_codepoint=0x303F),
        st.characters(min_codepoint=0xFF00, max_codepoint=0xFFEF),
        st.characters(min_codepoint=0x20, max_codepoint=0x7E),
        st.characters(min_codepoint=0x00, max_codepoint=0x1F),
        st.characters(min_codepoint=0x80, max_codepoint=0x9F),
        st.sampled_from("\ufeff\u200b\u2028\ufffd\u00a0"),
    ),
    min_size=1,
    max_size=24,
)

position = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)

mutation = st.one_of(
    st.tuples(st.just("flip"), position, st.integers(min_value=1, max_value=255)),
    st.tuples(st.just("truncate"), position),
    st.tuples(st.just("behead"), position),
    st.tuples(st.just("delete"), position, st.integers(min_value=1, max_value=64)),
    st.tuples(st.just("insert"), position, inserted_text, st.booleans()),
)


def reencode(data: bytes, encoding: str | None) -> bytes:
    """The UTF-8 seed in another codec (characters the codec lacks become ``?``)."""
    if encoding is None:
        return data
    return data.decode("utf-8").encode(encoding, errors="replace")


def mutate(data: bytes, op: tuple, encoding: str | None) -> bytes:
    """Apply one mutation; positions are fractions of the current length."""
    at = int(op[1] * len(data))
    kind = op[0]
    if kind == "flip" and data:
        at = min(at, len(data) - 1)
        return data[:at] + bytes([data[at] ^ op[2]]) + data[at + 1:]
    if kind == "truncate":
        return data[:at]
    if kind == "behead":
        return data[at:]
    if kind == "delete":
        return data[:at] + data[at + op[2]:]
    if kind == "insert":
        text, in_doc_encoding = op[2], op[3]
        raw = text.encode(encoding or "utf-8", errors="replace") if in_doc_encoding else text.encode("utf-8")
        return data[:at] + raw + data[at:]
    return data


@st.composite
def mutated_seed(draw: st.DrawFn) -> bytes:
    """A seed, maybe re-encoded, with 0–6 mutations applied."""
    name = draw(st.sampled_from(sorted(SEEDS)))
    encoding = draw(st.sampled_from(REENCODINGS))
    data = reencode(SEEDS[name], encoding)
    for op in draw(st.lists(mutation, max_size=6)):
        data = mutate(data, op, encoding)
    return data


def as_html(text: str) -> str:
    """The text as a crawled page: one ``<p>`` per line, a title, an entity or two."""
    lines = [line.replace("&", "&amp;").replace("<", "&lt;") for line in text.splitlines()]
    body = "\n".join(f"<p>{line}</p>" for line in lines if line.strip())
    return ('<html><head><meta charset="utf-8"><title>政策文件</title></head>'
            f'<body><div class="content">{body}</div><div class="footer">版权所有&nbsp;©</div></body></html>')


@st.composite
def mutated_html_page(draw: st.DrawFn) -> bytes:
    """A seed turned into an HTML page, with 0–4 byte-level mutations."""
    name = draw(st.sampled_from(sorted(SEEDS)))
    data = as_html(SEEDS[name].decode("utf-8")).encode("utf-8")
    for op in draw(st.lists(mutation, max_size=4)):
        data = mutate(data, op, None)
    return data


# ----------------------------------------------------------------- the property


def iter_spans(value: Any, key: str = "") -> Iterator[tuple[str, list[int]]]:
    """Every (``span``/``source_span``, value) in a contract-v1 dict; ``metadata.spans`` index ``text``."""
    if isinstance(value, dict):
        for k, v in value.items():
            if k in ("span", "source_span") and v is not None:
                yield k, v
            elif k == "spans" and isinstance(v, dict):
                for span in v.values():
                    if span is not None:
                        yield "span", span
            else:
                yield from iter_spans(v, k)
    elif isinstance(value, list):
        for item in value:
            yield from iter_spans(item, key)


def decoded_input_length(data: bytes, path: str) -> int:
    """Length of the decoded input that ``source_span``s index (what the reader saw)."""
    from policyparse.io import read_document
    from policyparse.text.decode import sniff_format

    return len(read_document(data, sniff_format(data, path), path=path).source_text)


def assert_valid_or_refused(data: bytes, path: str = "fuzzed.txt") -> None:
    """The fuzz property: a contract-valid document, or a documented one-line error."""
    try:
        doc = parse_bytes(data, path=path)
    except PolicyParseError as err:
        assert "\n" not in str(err), f"error message is not one line: {str(err)!r}"
        assert err.code in DOCUMENTED_CODES, f"undocumented error code {err.code!r}"
        return
    out = doc.to_dict()
    errors = sorted(VALIDATOR.iter_errors(out), key=lambda e: list(e.path))
    assert not errors, "not contract-valid: " + "; ".join(f"{list(e.path)}: {e.message[:120]}" for e in errors[:3])
    json.dumps(out, ensure_ascii=False)
    limits = {"span": len(doc.text), "source_span": decoded_input_length(data, path)}
    for kind, (start, end) in iter_spans(out):
        assert 0 <= start <= end <= limits[kind], f"{kind} {[start, end]} outside [0, {limits[kind]}]"


# ----------------------------------------------------------------- tests


def test_seeds_are_present() -> None:
    assert SEEDS, f"no seed documents in {SAMPLES}"


@CI_SETTINGS
@given(mutated_seed())
def test_mutated_seeds_parse_or_raise_documented_error(data: bytes) -> None:
    assert_valid_or_refused(data)


@settings(CI_SETTINGS, max_examples=20)
@given(mutated_html_page())
def test_mutated_html_pages_parse_or_raise_documented_error(data: bytes) -> None:
    assert_valid_or_refused(data, path="fuzzed.html")


@CI_SETTINGS
@given(st.text(max_size=400))
def test_arbitrary_text_parses_or_raises_documented_error(text: str) -> None:
    try:
        doc = parse_text(text)
    except PolicyParseError as err:
        assert "\n" not in str(err) and err.code in DOCUMENTED_CODES
        return
    assert not list(VALIDATOR.iter_errors(doc.to_dict()))
    for kind, (start, end) in iter_spans(doc.to_dict()):
        assert 0 <= start <= end <= (len(doc.text) if kind == "span" else len(text))


@pytest.mark.slow
@LONG_SETTINGS
@given(mutated_seed())
def test_mutated_seeds_long_run(data: bytes) -> None:
    assert_valid_or_refused(data)
