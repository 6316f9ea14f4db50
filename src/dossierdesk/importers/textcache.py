"""A small cache for the importers' pure functions of one short string.

Bylines, dates, byline segments and image-block lines come back from article to article (the
same reporters, units, photo credits), so their parses are cached. Only short strings are: the
functions also see arbitrary text from untrusted files, and a few huge strings must not stay
pinned in memory by a cache.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

__all__ = ["cache_short_strings"]

R = TypeVar("R")

MAX_CACHED_LEN = 400  # characters; a byline or header line is shorter, a paragraph is not


def cache_short_strings(maxsize: int) -> Callable[[Callable[[str], R]], Callable[[str], R]]:
    """Decorator: an LRU cache of ``maxsize`` results, for arguments of at most
    ``MAX_CACHED_LEN`` characters; longer arguments are computed every time. The wrapped
    function must be pure and return immutable values."""

    def decorate(function: Callable[[str], R]) -> Callable[[str], R]:
        cached = functools.lru_cache(maxsize=maxsize)(function)

        @functools.wraps(function)
        def wrapper(text: str) -> R:
            if len(text) > MAX_CACHED_LEN:
                return function(text)
            return cached(text)

        return wrapper

    return decorate
