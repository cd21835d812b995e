"""Pausing the cyclic garbage collector around code that builds many objects and no garbage."""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

_P = ParamSpec("_P")
_R = TypeVar("_R")


def collector_paused(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run ``function`` with the cyclic garbage collector paused, and restore it after.

    For code that allocates millions of container objects (documents, rows) and makes no
    reference cycles: the collector would otherwise walk the growing heap again and again while
    they are made, work that finds nothing (about two fifths of the time of a million-item
    sample portfolio). Reference counting still frees everything as usual. The collector is
    re-enabled only if it was enabled on entry.

    Examples:
        >>> @collector_paused
        ... def build() -> bool:
        ...     return gc.isenabled()
        >>> build(), gc.isenabled()
        (False, True)
    """

    @functools.wraps(function)
    def paused(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        collecting = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if collecting:
                gc.enable()

    return paused
