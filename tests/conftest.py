"""Shared fixtures: the samples (seeds + expected outputs) and the read-only shared folder."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
SHARED = REPO.parent / "shared"


def sample_inputs() -> list[Path]:
    """The sample documents (inputs) in ``samples/``."""
    return sorted(p for p in SAMPLES.iterdir() if p.suffix in {".txt", ".html", ".docx"})


def expected_for(sample: Path) -> dict:
    """The expected (gold) output stored beside a sample."""
    return json.loads((sample.parent / f"{sample.stem}.expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` (seeds, corpus, real pages); tests that need it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present next to the repository (real pages and corpus live there)")
    return SHARED


# CI runs the same property-test examples every time (a failure found there is reproducible);
# local runs explore new examples.
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    _hypothesis_settings.load_profile("ci")
