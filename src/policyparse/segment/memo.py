"""Memoising pure functions of one short string (unit names, annotations, task texts)."""

from __future__ import annotations

from functools import lru_cache, wraps
from typing import Callable, TypeVar

_Result = TypeVar("_Result")

MAX_MEMOISED = 400  # longer strings are worked out on each call, so no cache holds a big input


def memoised(maxsize: int, max_length: int = MAX_MEMOISED) -> Callable[[Callable[[str], _Result]], Callable[[str], _Result]]:
    """``lru_cache`` for a pure function of one string, bypassed for strings over ``max_length`` characters.

    The function must return an immutable value (tuples, not lists): every caller gets the same object.
    """

    def decorate(fn: Callable[[str], _Result]) -> Callable[[str], _Result]:
        cached = lru_cache(maxsize=maxsize)(fn)

        @wraps(fn)
        def call(value: str) -> _Result:
            return cached(value) if len(value) <= max_length else fn(value)

        call.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        call.cache_info = cached.cache_info  # type: ignore[attr-defined]
        return call

    return decorate
