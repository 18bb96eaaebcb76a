"""Tiny stand-in parse functions for testing the batch engine and the CLI without the real pipeline.

``fake_parse(data, path, script, max_bytes)`` behaves like the pipeline on the
inputs the tests build: it refuses empty, binary and undecodable input with
``PolicyParseError``, and turns each line ``任务：X（牵头单位：U）`` into a task.
Magic first lines make it misbehave on purpose: ``#CRASH`` kills the worker
process, ``#BUG`` raises a plain exception, ``#HANG`` never returns, ``#SLOW`` sleeps a little.
"""

from __future__ import annotations

import hashlib
import os
import re
import time

from policyparse.model import Document, PolicyParseError, SourceInfo, Target, Task

TASK_LINE = re.compile(r"^任务：(?P<heading>[^（\n]{1,40})(?:（牵头单位：(?P<unit>[^）\n]{1,40})）)?", re.M)  # 任务：X（牵头单位：U）
NUMBER = re.compile(r"(?P<value>\d{1,9})(?P<unit>家|个)")  # 20家


def make_document(text: str, path: str | None, data: bytes) -> Document:
    """A small contract-valid Document for ``text``."""
    doc = Document(source=SourceInfo(path=path, sha256=hashlib.sha256(data).hexdigest(), bytes=len(data),
                                     encoding="utf-8", encoding_confidence=1.0), text=text)
    for i, m in enumerate(TASK_LINE.finditer(text), 1):
        doc.tasks.append(Task(id=f"task{i}", section_id=None, heading=m["heading"], text=m.group(0),
                              lead_units=[m["unit"]] if m["unit"] else [], span=(m.start(), m.end())))
    for i, m in enumerate(NUMBER.finditer(text), 1):
        doc.targets.append(Target(id=f"target{i}", text=m.group(0), indicator=None, value=float(m["value"]),
                                  unit=m["unit"], span=(m.start(), m.end())))
    return doc


def fake_parse(data: bytes, path: str, script: str = "simplified", max_bytes: int = 50 << 20) -> Document:
    """Parse like the pipeline would, for the inputs the tests build."""
    if len(data) > max_bytes:
        raise PolicyParseError("too_large", f"{path}: over the limit of {max_bytes} bytes")
    if b"\x00" in data[:4096]:
        raise PolicyParseError("binary", f"{path}: binary data, not a document")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise PolicyParseError("undecodable", f"{path}: not decodable as any supported encoding") from None
    if not text.strip():
        raise PolicyParseError("empty", f"{path}: empty file")
    if text.startswith("#CRASH"):
        os._exit(70)  # what a segfault or an OOM kill looks like to the pool
    if text.startswith("#BUG"):
        raise ValueError("a bug in a pipeline stage")
    if text.startswith("#HANG"):
        while True:  # a runaway stage
            time.sleep(0.01)
    if text.startswith("#SLOW"):
        time.sleep(0.05)
    return make_document(text, path, data)


def fake_parse_path(path) -> Document:
    """``validate``-style parse function (takes a path)."""
    data = open(path, "rb").read()
    return fake_parse(data, str(path))
