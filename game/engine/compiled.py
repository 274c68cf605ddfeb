"""The engine's cache of what it compiles from a scenario (rules tables, the session machine, the analysis).

Each form is built on first use by its builder and kept per scenario object,
so every session, simulation and debrief of one loaded scenario shares it. The
cache is the engine's: the scenario layer knows nothing of it. Entries go when
their scenario is freed, and at most `LIMIT` scenarios are kept (an analysis
refers to its scenario, so without the bound a process that loads many files,
such as a watch loop or a test run, would keep them all).
"""

from __future__ import annotations

import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar, cast

from game.scenario.model import Scenario

T = TypeVar("T")
LIMIT = 32

# id(scenario) -> (a weak reference that tells a reused id apart, builder -> what it built)
_cache: OrderedDict[int, tuple[weakref.ref[Scenario], dict[object, object]]] = OrderedDict()


def _forgetter(key: int) -> Callable[[weakref.ref[Scenario]], None]:
    cache = _cache  # bound now: at interpreter exit the module's globals may be gone before the callback runs

    def forget(ref: weakref.ref[Scenario]) -> None:
        held = cache.get(key)
        if held is not None and held[0] is ref:
            del cache[key]
    return forget


def compiled(sc: Scenario, build: Callable[[Scenario], T]) -> T:
    """`build(sc)`, computed once per scenario and builder."""
    key = id(sc)
    held = _cache.get(key)
    if held is None or held[0]() is not sc:
        ref = weakref.ref(sc, _forgetter(key))
        held = _cache[key] = (ref, {})
        while len(_cache) > LIMIT:
            _cache.popitem(last=False)
    else:
        _cache.move_to_end(key)
    forms = held[1]
    if build not in forms:
        forms[build] = build(sc)
    return cast(T, forms[build])


def clear() -> None:
    """Forget every compiled form (tests, and a caller that knows every scenario changed)."""
    _cache.clear()


__all__ = ["LIMIT", "clear", "compiled"]
