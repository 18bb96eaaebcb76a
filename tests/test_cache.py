"""The per-installation cache: patterns equal to re.compile, tables equal to their builder, from disk in later processes."""

from __future__ import annotations

import importlib
import os
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import policyparse
from policyparse import cache

# Patterns that exercise what the cache must carry: Han classes, named groups, flags, look-arounds.
EXAMPLES = [
    ("[\u4e00-\u9fff]{2,8}(?:局|委|办)", 0),
    (r"(?P<year>\d{4})年(?P<month>\d{1,2})月", 0),
    (r"^[ \t\u3000]*附\s*件\s*(?P<num>\d+)?", re.MULTILINE),
    (r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", 0),
    (r"(?i)<script[^>]*>", 0),
    (r"</style\s*>", re.IGNORECASE),
    (r"(a)|(b)|(?P<c>c)", re.VERBOSE),
    (rb"<meta[^>]{0,300}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{2,40})", re.IGNORECASE),  # bytes
    (rb"[^\n]*\n|[^\n]+", 0),
]


@pytest.fixture
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder, and module state as in a new process."""
    monkeypatch.setenv("POLICYPARSE_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("POLICYPARSE_CACHE", raising=False)
    monkeypatch.setattr(cache, "_cache", None)
    monkeypatch.setattr(cache, "_added", {})
    monkeypatch.setattr(cache, "_used", set())
    return tmp_path


def _as_new_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forget what this process loaded and compiled, so the next call reads the file again."""
    monkeypatch.setattr(cache, "_cache", None)
    monkeypatch.setattr(cache, "_added", {})
    monkeypatch.setattr(cache, "_used", set())


@pytest.mark.parametrize("pattern,flags", EXAMPLES)
def test_compiled_pattern_equals_re_compile_before_and_after_caching(
        pattern: str, flags: int, fresh_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = cache.compile_pattern(pattern, flags)
    assert first == re.compile(pattern, flags)
    assert cache.save_cache() == cache.cache_path()
    _as_new_process(monkeypatch)
    hits = cache.cache_hits()
    second = cache.compile_pattern(pattern, flags)
    assert cache.cache_hits() == hits + 1
    assert second == re.compile(pattern, flags)
    assert second.groupindex == re.compile(pattern, flags).groupindex
    assert second.groups == re.compile(pattern, flags).groups


def test_cached_pattern_matches_like_re(fresh_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache.compile_pattern(r"(?P<org>[\u4e00-\u9fff]{2,6}局)[:：]", 0)
    cache.save_cache()
    _as_new_process(monkeypatch)
    cached = cache.compile_pattern(r"(?P<org>[\u4e00-\u9fff]{2,6}局)[:：]", 0)
    match = cached.search("牵头单位 市科技局：负责")
    assert match is not None and match.group("org") == "市科技局" and match.start() == 5


def test_damaged_cache_file_falls_back_and_is_rewritten(fresh_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache.cache_path().write_bytes(b"\x00not marshal data")
    assert cache.compile_pattern("[\u4e00-\u9fff]+") == re.compile("[\u4e00-\u9fff]+")
    assert cache.save_cache() is not None
    _as_new_process(monkeypatch)
    hits = cache.cache_hits()
    cache.compile_pattern("[\u4e00-\u9fff]+")
    assert cache.cache_hits() == hits + 1


def test_foreign_entry_is_compiled_afresh(fresh_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An entry whose opcodes the C engine rejects is never used."""
    import marshal

    cache.cache_path().write_bytes(marshal.dumps({("abc", 0): (32, b"\xe7\x03\x00\x00" * 3, 0, {}, (None,))}))
    assert cache.compile_pattern("abc", 0) == re.compile("abc")


def test_disabled_cache_writes_nothing(fresh_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYPARSE_CACHE", "0")
    assert cache.compile_pattern("[\u4e00-\u9fff]") == re.compile("[\u4e00-\u9fff]")
    assert cache.save_cache() is None
    assert list(fresh_cache.iterdir()) == []


def test_unwritable_cache_folder_is_not_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("POLICYPARSE_CACHE_DIR", str(blocker / "sub"))  # a folder below a file cannot exist
    monkeypatch.setattr(cache, "_cache", None)
    monkeypatch.setattr(cache, "_added", {})
    assert cache.compile_pattern("[\u4e00-\u9fff]局") == re.compile("[\u4e00-\u9fff]局")
    assert cache.save_cache() is None


def test_invalid_pattern_raises_re_error(fresh_cache: Path) -> None:
    with pytest.raises(re.error):
        cache.compile_pattern("[\u4e00-")


def _table() -> dict[int, str]:
    return {0x9019: "这", 0x570B: "国"}


def test_cached_value_is_built_once_and_read_back(fresh_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    def build() -> dict[int, str]:
        calls.append(1)
        return _table()

    assert cache.cached_value("t2s", build, depends_on="opencc-1") == _table()
    cache.save_cache()
    _as_new_process(monkeypatch)
    assert cache.cached_value("t2s", build, depends_on="opencc-1") == _table()
    assert len(calls) == 1
    assert cache.cached_value("t2s", build, depends_on="opencc-2") == _table()  # another dependency: rebuilt
    assert len(calls) == 2


def test_cached_value_is_rebuilt_when_the_builder_module_changes(
        fresh_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    def build() -> str:
        calls.append(1)
        return "[一-龥]"

    cache.cached_value("class", build)
    cache.save_cache()
    _as_new_process(monkeypatch)
    monkeypatch.setattr(cache, "_module_fingerprint", lambda module_name: "edited-source")
    cache.cached_value("class", build)
    assert len(calls) == 2


def test_cached_value_is_rebuilt_when_a_module_it_is_built_with_changes(
        fresh_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    def build() -> str:
        calls.append(1)
        return re.escape("[一-龥]")

    real = cache._module_fingerprint
    cache.cached_value("class", build, built_with=(re.escape,))
    cache.save_cache()
    _as_new_process(monkeypatch)
    cache.cached_value("class", build, built_with=(re.escape,))
    assert len(calls) == 1  # nothing changed: read back
    _as_new_process(monkeypatch)
    monkeypatch.setattr(cache, "_module_fingerprint",
                        lambda module_name: "edited-source" if module_name == "re" else real(module_name))
    cache.cached_value("class", build, built_with=(re.escape,))
    assert len(calls) == 2  # the other module changed: built again


def test_unstorable_value_is_returned_but_not_cached(fresh_cache: Path) -> None:
    value = cache.cached_value("object", lambda: object)
    assert value is object
    assert cache.save_cache() is None


def test_stale_tables_are_dropped_and_the_file_stays_bounded(
        fresh_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import marshal

    stale = {("value", "t2s", f"old-source-{i}"): {i: "x"} for i in range(3)}
    stale.update({(f"gone{i}", 0): cache._compile_spec(f"gone{i}", 0) for i in range(2000)})
    cache.cache_path().write_bytes(marshal.dumps(stale))
    cache.compile_pattern("kept", 0)
    cache.cached_value("t2s", _table)
    cache.save_cache()
    saved = marshal.loads(cache.cache_path().read_bytes())
    tables = [key for key in saved if key[0] == "value"]
    assert len(tables) == 1 and not tables[0][2].startswith("old-source")  # the rebuilt table only
    assert ("kept", 0) in saved
    assert len(saved) == cache._MAX_ENTRIES


def test_second_process_takes_package_patterns_from_the_cache(tmp_path: Path) -> None:
    env = {**os.environ, "POLICYPARSE_CACHE_DIR": str(tmp_path), "POLICYPARSE_CACHE": "1"}
    script = ("import policyparse\npolicyparse.parse_text('關於印發方案的通知\\n一、到2025年达到10家。')\n"
              "from policyparse import cache\nprint(cache.cache_hits())")
    first = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    second = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert int(first.stdout) == 0
    assert int(second.stdout) >= 100  # the package's module-level patterns and its derived tables
    assert len(list(tmp_path.glob("cache-*.marshal"))) == 1


def _package_modules() -> list[str]:
    return [m.name for m in pkgutil.walk_packages(policyparse.__path__, "policyparse.")
            if not m.name.endswith("__main__")]


def test_every_module_level_pattern_equals_a_fresh_compile() -> None:
    """Whatever the cache served to the package's modules is exactly what re.compile makes."""
    checked = 0
    for name in _package_modules():
        try:
            module = importlib.import_module(name)
        except ImportError:  # an optional extra (dask) that is not installed
            continue
        for value in vars(module).values():
            if isinstance(value, re.Pattern):
                assert value == re.compile(value.pattern, value.flags), (name, value.pattern[:60])
                checked += 1
    assert checked >= 100


# ----------------------------------------------------------------- generated dataclass methods


def _method_code(cls: type) -> dict[str, tuple]:
    """What a dataclass's generated methods are made of: code, defaults and annotations, comparable across processes."""
    import types

    def describe(code: types.CodeType) -> tuple:
        consts = tuple(describe(c) if isinstance(c, types.CodeType) else repr(c) for c in code.co_consts)
        return (code.co_code, consts, code.co_names, code.co_varnames, code.co_flags, code.co_argcount,
                code.co_kwonlyargcount, code.co_filename, code.co_qualname, code.co_firstlineno)

    return {name: (describe(f.__code__), repr(f.__defaults__), repr(f.__kwdefaults__), repr(f.__annotations__))
            for name, f in vars(cls).items() if isinstance(f, types.FunctionType) and f.__code__.co_filename == "<string>"}


def test_cached_dataclass_equals_dataclasses_dataclass(fresh_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    def declare(decorator):
        @decorator(slots=True)
        class Item:
            name: str
            span: tuple[int, int] = (0, 0)
            tags: list[str] = dataclasses.field(default_factory=list)
        return Item

    plain = declare(dataclasses.dataclass)
    first = declare(cache.dataclass)
    assert cache.save_cache() == cache.cache_path()
    _as_new_process(monkeypatch)
    hits = cache.cache_hits()
    second = declare(cache.dataclass)
    assert cache.cache_hits() >= hits + 3  # __init__, __repr__, __eq__ from the file
    assert _method_code(first) == _method_code(second) == _method_code(plain) != {}
    item = second("局", (1, 2))
    assert repr(item).endswith(".Item(name='局', span=(1, 2), tags=[])") and item == second("局", (1, 2))
    assert "exec" not in vars(dataclasses)  # the stand-in for exec is gone once the class is made


def test_cached_dataclass_with_the_cache_off_is_dataclasses_dataclass(
        fresh_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYPARSE_CACHE", "0")

    @cache.dataclass
    class Pair:
        a: int
        b: int = 2

    assert Pair(1) == Pair(1, 2) and cache.save_cache() is None and not list(fresh_cache.iterdir())


_DATACLASS_CODE = """
import dataclasses, importlib, pickle, pkgutil, sys
import policyparse
sys.path.insert(0, sys.argv[1])
from test_cache import _method_code
code = {}
for info in pkgutil.walk_packages(policyparse.__path__, "policyparse."):
    try:
        module = importlib.import_module(info.name)
    except ImportError:  # an optional extra (dask)
        continue
    for value in vars(module).values():
        if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == info.name:
            code[value.__qualname__] = _method_code(value)
from policyparse import cache
sys.stdout.buffer.write(pickle.dumps((code, cache.cache_hits())))
"""


def test_every_package_dataclass_has_the_methods_dataclasses_makes(tmp_path: Path) -> None:
    """Across processes: cache off, cache being filled, cache read back — the same methods every time."""
    import pickle

    def run(cache_on: str) -> tuple[dict, int]:
        env = {**os.environ, "POLICYPARSE_CACHE_DIR": str(tmp_path), "POLICYPARSE_CACHE": cache_on}
        proc = subprocess.run([sys.executable, "-c", _DATACLASS_CODE, str(Path(__file__).parent)], env=env,
                              capture_output=True, check=True)
        return pickle.loads(proc.stdout)

    plain, _ = run("0")
    filling, _ = run("1")
    cached, hits = run("1")
    assert len(plain) >= 40 and plain == filling == cached
    assert hits >= 100  # the methods (and patterns) came from the file
