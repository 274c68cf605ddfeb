"""The engine's cache of compiled forms: one per scenario object, gone with it, bounded in size."""

from __future__ import annotations

import gc

from game.engine import compiled
from game.engine.rules import Rules
from game.engine.scoring import analysis_for
from game.engine.session import Session
from game.scenario import Scenario
from game.scenario.pack import load_scenario_text

from .helpers import hallway

SMALL = """\
title: t
summary: s
nodes:
  a:
    choices:
      - {text: x, to: e}
endings:
  e: {title: t, text: t, outcome: mixed}
"""


def test_each_form_is_built_once_per_scenario_and_shared() -> None:
    sc = hallway()
    calls: list[Scenario] = []

    def build(s: Scenario) -> int:
        calls.append(s)
        return len(calls)

    assert compiled.compiled(sc, build) == compiled.compiled(sc, build) == 1
    assert Rules.of(sc) is Rules.of(sc) and analysis_for(sc) is analysis_for(sc)
    other = hallway()  # an equal scenario loaded again is another object, compiled on its own
    assert compiled.compiled(other, build) == 2 and Rules.of(other) is not Rules.of(sc)
    assert Session(sc).scenario is sc


def test_an_entry_goes_when_its_scenario_is_freed() -> None:
    compiled.clear()
    sc = load_scenario_text(SMALL)
    Rules.of(sc)  # rules hold no reference to the scenario
    assert len(compiled._cache) == 1  # noqa: SLF001
    del sc
    gc.collect()
    assert len(compiled._cache) == 0  # noqa: SLF001


def test_at_most_limit_scenarios_are_kept() -> None:
    compiled.clear()
    kept = [load_scenario_text(SMALL) for _ in range(compiled.LIMIT + 5)]
    for sc in kept:
        analysis_for(sc)  # an analysis refers to its scenario, so only the bound lets it go
    assert len(compiled._cache) == compiled.LIMIT  # noqa: SLF001
    assert analysis_for(kept[0]) is analysis_for(kept[0])  # evicted, then compiled again


def test_the_scenario_layer_keeps_no_compiled_state() -> None:
    sc = hallway()
    Rules.of(sc)
    assert not any("cache" in name for name in Scenario.__slots__)
    assert not hasattr(sc, "__dict__")
