"""Work that is the same in every process, done once per installation: compiled patterns, dataclass code, tables.

CPython compiles a regex in pure Python (``re._parser`` and ``re._compiler``),
and a character class over the Han block is slow to compile: the compiler
visits all 20,992 code points of ``[\\u4e00-\\u9fff]``, ~1.2 ms each time.
policyparse has ~270 module-level patterns, most with such classes; compiling
them was ~0.2 s of every ``policyparse extract``.

The compiled form of a pattern (the opcode list that the C engine ``_sre``
runs) depends only on the pattern, its flags and the Python build.  So, like
``.pyc`` files for code, it is kept in a cache file in the user's cache folder
and handed straight to the C engine by later processes.  A cached pattern is
identical to what ``re.compile`` returns (``==`` compares the opcodes, and the
C engine validates them before use).

Tables derived from data that ships with Python or OpenCC (the common-Han
character classes, the one-to-one Traditional→Simplified map) are kept in the
same file by ``cached_value``, keyed by a fingerprint of the source of the
module that builds them, so an edited builder never meets a stale table.

The same holds for the methods that ``dataclasses`` writes for each class
(``__init__``, ``__repr__``, ``__eq__``): it generates their source text and
compiles it, ~0.2 ms a class and ~25 ms of importing the pipeline.  The
package's classes are declared with ``dataclass`` from this module, which
keeps the compiled code of that text, keyed by the text itself.

The cache is only an optimisation: whenever anything is off — another Python
version, no writable cache folder, a damaged file — patterns are compiled by
``re.compile`` and tables built as usual.  ``POLICYPARSE_CACHE=0`` turns it
off; ``POLICYPARSE_CACHE_DIR`` moves it.
"""

from __future__ import annotations

import atexit
import builtins
import dataclasses
import functools
import hashlib
import marshal
import os
import re
import sys
import threading
import types
from array import array
from importlib.util import MAGIC_NUMBER
from pathlib import Path
from typing import Any, AnyStr, Callable, Optional, TypeVar, dataclass_transform, overload

try:  # CPython 3.11+: the parts of re.compile that the cache skips
    import _sre
    from re import _compiler as _re_compiler  # type: ignore[attr-defined]
    from re import _parser as _re_parser  # type: ignore[attr-defined]
except ImportError:  # another implementation: plain re.compile
    _sre = None  # type: ignore[assignment]

_plain_compile = re.compile

# What a cache entry is valid for: this interpreter's bytecode tag and version, and the C engine's opcode version.
_BUILD_TAG = (f"{sys.implementation.cache_tag}-{int.from_bytes(MAGIC_NUMBER[:2], 'little')}"
              f"-{getattr(_sre, 'MAGIC', 0)}-{getattr(_sre, 'CODESIZE', 0)}")
# Entries kept at most: those this process used or made come first, others (e.g. patterns an edited
# module no longer has) fill up to this.
_MAX_ENTRIES = 1024
# An array type whose items are the C engine's code words: a pattern's opcodes are stored as its bytes
# (one object to unmarshal, not one int object per opcode).
_CODE_ARRAY = next((t for t in "IL" if array(t).itemsize == getattr(_sre, "CODESIZE", 0)), "")

# (pattern, flags) -> (flags, code bytes, groups, groupindex, indexgroup): what _sre.compile takes after the pattern
_Spec = tuple[int, bytes, int, dict[str, int], tuple[Optional[str], ...]]

_Value = TypeVar("_Value")

# keys: (pattern, flags) for compiled patterns, ("value", name, fingerprint) for derived tables,
# ("code", source) for the methods dataclasses generates
_cache: Optional[dict[tuple[Any, ...], Any]] = None  # loaded on first use
_added: dict[tuple[Any, ...], Any] = {}  # made by this process, saved at exit
_used: set[tuple[Any, ...]] = set()  # taken from the file by this process
_hits = 0


def cache_enabled() -> bool:
    """Whether compiled patterns, dataclass method code and tables are read from and saved to the cache file."""
    return bool(_CODE_ARRAY) and os.environ.get("POLICYPARSE_CACHE", "1") not in ("0", "false", "no", "")


def cache_path() -> Path:
    """The cache file for this Python build (``$POLICYPARSE_CACHE_DIR`` or the XDG cache folder)."""
    folder = os.environ.get("POLICYPARSE_CACHE_DIR")
    if not folder:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        folder = os.path.join(base, "policyparse")
    from . import __version__

    return Path(folder) / f"cache-{__version__}-{_BUILD_TAG}.marshal"


def _load_cache() -> dict[tuple[Any, ...], Any]:
    """The cached entries (empty when there is no usable cache file)."""
    global _cache
    if _cache is None:
        _cache = {}
        if cache_enabled():
            try:
                loaded = marshal.loads(cache_path().read_bytes())
                if isinstance(loaded, dict):
                    _cache = loaded
            except (OSError, ValueError, EOFError, TypeError):
                pass
            atexit.register(save_cache)
    return _cache


def _compile_spec(pattern: AnyStr, flags: int) -> _Spec:
    """What ``re._compiler.compile`` hands to ``_sre.compile`` for ``pattern`` (the slow part of re.compile)."""
    parsed = _re_parser.parse(pattern, flags)
    code = array(_CODE_ARRAY, _re_compiler._code(parsed, flags)).tobytes()
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[Optional[str]] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup)


def _compile_spec_into_pattern(pattern: AnyStr, spec: _Spec) -> re.Pattern[AnyStr]:
    """The pattern object the C engine builds from ``spec`` (it validates the opcodes first)."""
    flags, code, groups, groupindex, indexgroup = spec
    return _sre.compile(pattern, flags, array(_CODE_ARRAY, code).tolist(), groups, groupindex, indexgroup)


def compile_pattern(pattern: AnyStr, flags: int = 0) -> re.Pattern[AnyStr]:
    """``re.compile(pattern, flags)``, served from the compiled-pattern cache when possible."""
    global _hits
    if not cache_enabled() or not isinstance(pattern, (str, bytes)):
        return _plain_compile(pattern, flags)
    flags = int(flags)
    key = (pattern, flags)
    spec = _load_cache().get(key)
    if spec is not None:
        try:
            compiled = _compile_spec_into_pattern(pattern, spec)
            _hits += 1
            _used.add(key)
            return compiled
        except (RuntimeError, TypeError, ValueError):  # a damaged or foreign entry: compile afresh
            pass
    try:
        spec = _compile_spec(pattern, flags)
        compiled = _compile_spec_into_pattern(pattern, spec)
    except Exception:  # noqa: BLE001 — anything unexpected in re's internals: the public way
        return _plain_compile(pattern, flags)
    _added[key] = spec
    return compiled


@functools.cache
def _module_fingerprint(module_name: str) -> str:
    """A digest of the source file of a module (empty when it cannot be read); read once per process."""
    try:
        return hashlib.sha1(Path(sys.modules[module_name].__file__ or "").read_bytes()).hexdigest()
    except (OSError, KeyError, TypeError):
        return ""


def cached_value(name: str, build: Callable[[], _Value], *, depends_on: str = "",
                 built_with: tuple[Callable[..., Any], ...] = ()) -> _Value:
    """``build()``, taken from the cache file when an earlier process built it from the same module source.

    For tables derived from data outside the package (codec tables, OpenCC dictionaries): ``depends_on``
    names what else the value depends on (e.g. the OpenCC version); ``built_with`` lists functions of other
    modules that ``build`` calls, whose source is part of the key too.  The value must be made of what
    ``marshal`` stores (str, int, tuple, list, dict, set, frozenset).
    """
    global _hits
    fingerprints = [_module_fingerprint(fn.__module__) for fn in (build, *built_with)]
    if not cache_enabled() or not all(fingerprints):
        return build()
    fingerprint = "-".join(dict.fromkeys(fingerprints))  # each module once
    key = ("value", name, fingerprint + depends_on)
    cache = _load_cache()
    if key in cache:
        _hits += 1
        _used.add(key)
        return cache[key]
    value = build()
    try:
        marshal.dumps(value)
    except ValueError:  # not storable: built again by every process
        return value
    _added[key] = value
    return value


_Class = TypeVar("_Class", bound=type)
_DATACLASSES_GLOBALS = vars(dataclasses)
_codegen_lock = threading.Lock()


@overload
def dataclass(cls: _Class, /, **options: Any) -> _Class: ...
@overload
def dataclass(cls: None = None, /, **options: Any) -> Callable[[_Class], _Class]: ...
@dataclass_transform(field_specifiers=(dataclasses.field, dataclasses.Field))
def dataclass(cls: Optional[_Class] = None, /, **options: Any) -> Any:
    """``dataclasses.dataclass``, with the code of the methods it generates compiled once per installation.

    ``dataclasses`` writes each method as source text and runs it with ``exec``, which compiles it.  While
    this decorator processes a class, the name ``exec`` in the ``dataclasses`` module stands for
    ``_exec_cached``, which runs the compiled code of the very same text from the cache file.  The methods
    are identical to ``dataclasses.dataclass``'s (a test compares every class's code); with the cache off
    this is ``dataclasses.dataclass`` itself.  A dataclass that another thread makes in that moment gets the
    same identical methods (and its code, too, is kept in the cache file).
    """
    def decorate(cls: _Class) -> _Class:
        if not cache_enabled():
            return dataclasses.dataclass(cls, **options)
        with _codegen_lock:
            shadowed = _DATACLASSES_GLOBALS.get("exec")
            _DATACLASSES_GLOBALS["exec"] = _exec_cached
            try:
                return dataclasses.dataclass(cls, **options)
            finally:
                if shadowed is None:
                    del _DATACLASSES_GLOBALS["exec"]
                else:
                    _DATACLASSES_GLOBALS["exec"] = shadowed

    return decorate if cls is None else decorate(cls)


def _exec_cached(source: Any, globals: Optional[dict[str, Any]] = None, locals: Any = None, /) -> None:
    """``exec(source, globals, locals)`` with the compiled code of a source text taken from the cache."""
    global _hits
    if globals is None:  # as exec does: the caller's namespaces
        caller = sys._getframe(1)
        globals, locals = caller.f_globals, caller.f_locals if locals is None else locals
    if type(source) is not str:
        return builtins.exec(source, globals, locals)
    key = ("code", source)
    code = _load_cache().get(key)
    if type(code) is types.CodeType:
        _hits += 1
        _used.add(key)
    else:
        # what exec compiles for the dataclasses module: no __future__ flags (it has none), default optimisation
        code = compile(source, "<string>", "exec", dont_inherit=True)
        _added[key] = code
    builtins.exec(code, globals, locals)


def cache_hits() -> int:
    """How many patterns, dataclass methods and tables this process took from the cache (for tests, diagnostics)."""
    return _hits


def save_cache() -> Optional[Path]:
    """Write what this process compiled and built into the cache file (atomically); None when nothing new."""
    if not _added or not cache_enabled():
        return None
    loaded = _cache or {}
    rebuilt = {key[1] for key in _added if key[0] == "value"}  # their older versions are stale
    others = {key: value for key, value in loaded.items()
              if key not in _used and not (key[0] == "value" and key[1] in rebuilt)}
    entries = {key: loaded[key] for key in _used if key in loaded}
    entries.update(_added)
    for key, value in others.items():
        if len(entries) >= _MAX_ENTRIES:
            break
        entries[key] = value
    path = cache_path()
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # private: entries are trusted like .pyc files
        import tempfile  # imported here: only a process that adds entries writes the file

        fd, tmp = tempfile.mkstemp(prefix=".cache-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(marshal.dumps(entries))
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:  # a read-only home or a full disk: the next process compiles again
        return None
    _added.clear()
    return path
