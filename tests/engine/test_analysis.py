"""Analysis: best/worst per principle, paths, reachability and conditions, by memoised search."""

from __future__ import annotations

import json
import sys

from game.engine.analysis import analyze, lint_findings
from game.scenario import Pack, load_scenario_text
from game.scenario.model import Principle

from .helpers import CHAIN_VALUES, PRINCIPLES, brute_force, chain_scenario_text, hallway, scenario

HALLWAY_ANALYSIS = {
    "paths": 15,
    "principles": {
        "first_impression": {"best": 3, "worst": -1},
        "communication": {"best": 2, "worst": -3},
        "reciprocity": {"best": 2, "worst": -1},
        "follow_through": {"best": 4, "worst": -1},
        "authenticity": {"best": 4, "worst": -1},
    },
    "endings": {
        "hired": {"reachable": True, "outcome": "success"},
        "maybe": {"reachable": True, "outcome": "mixed"},
        "missed": {"reachable": True, "outcome": "setback"},
    },
    "unreachable_nodes": [],
}

ORPHANS = """
title: Orphans
summary: Some things no path reaches.
nodes:
  a:
    text: Start.
    choices:
      - {text: Set nothing., to: gate}
      - {text: Also nothing., to: gate, score: {communication: 1}}
  gate:
    text: Gate.
    branch:
      - {if: never_set, to: hidden}
      - {to: fin}
  hidden:
    text: Only behind a flag nobody sets.
    end: lost
  orphan:
    text: Nothing links here.
    next: fin
endings:
  fin: {title: F, text: F., outcome: mixed}
  lost: {title: L, text: L., outcome: setback}
"""


def test_hallway_analysis_has_exactly_the_documented_shape() -> None:
    a = analyze(hallway())
    out = a.to_dict()
    assert out == HALLWAY_ANALYSIS
    assert json.loads(json.dumps(out)) == out
    assert a.start.best_total == 12 and a.start.worst_total == -4
    assert a.focus == ["first_impression", "follow_through"]
    assert a.start.best_focus == 7


def test_hallway_matches_brute_force() -> None:
    sc = hallway()
    a, bf = analyze(sc), brute_force(sc)
    assert a.paths == bf.paths
    assert all(a.best(p) == bf.best(p) and a.worst(p) == bf.worst(p) for p in PRINCIPLES)
    assert a.reachable_nodes == bf.visited


def test_conditions_that_never_hold_and_unreachable_things() -> None:
    sc = scenario(ORPHANS)
    a = analyze(sc)
    assert a.unreachable_nodes == ["hidden", "orphan"]
    assert a.reachable_endings == {"fin"}
    assert a.never_true == [("gate", "branch", 0)]
    assert a.to_dict()["endings"] == {"fin": {"reachable": True, "outcome": "mixed"},
                                      "lost": {"reachable": False, "outcome": "setback"}}
    assert analyze(hallway()).never_true == [("wrap", "choice", 2)]


def test_lint_findings_carry_file_line_and_column() -> None:
    found = {(f.code, f.line, f.column) for f in lint_findings(hallway())}
    assert found == {("condition-never-holds", 43, 13)}
    codes = sorted(f.code for f in lint_findings(scenario(ORPHANS)))
    assert codes == ["condition-never-holds", "unreachable-ending", "unreachable-node", "unreachable-node"]
    assert all(str(f).startswith("test.yaml:") for f in lint_findings(scenario(ORPHANS)))


def test_principles_cover_every_principle_of_the_pack() -> None:
    pack = Pack(root=None)
    pack.principles = {
        "warmth": Principle(name="Warmth", summary="Kind.", tip="Smile."),
        "clarity": Principle(name="Clarity", summary="Clear.", tip="Be brief."),
    }
    pack.patterns = {}
    sc = load_scenario_text("""
title: Custom
summary: A pack with its own principles.
nodes:
  a:
    text: Go.
    choices:
      - {text: Warm., to: fin, score: {warmth: 2}}
      - {text: Cold., to: fin, score: {warmth: -1}}
endings:
  fin: {title: F, text: F., outcome: mixed}
""", pack=pack)
    assert analyze(sc).to_dict()["principles"] == {"warmth": {"best": 2, "worst": -1},
                                                  "clarity": {"best": 0, "worst": 0}}


def _chain_bounds(decisions: int, options: int) -> tuple[dict[str, int], dict[str, int]]:
    best = dict.fromkeys(PRINCIPLES, 0)
    worst = dict.fromkeys(PRINCIPLES, 0)
    for d in range(decisions):
        for p in PRINCIPLES:
            here = [CHAIN_VALUES[o % len(CHAIN_VALUES)] if PRINCIPLES[(d + o) % 5] == p else 0
                    for o in range(options)]
            best[p] += max(here)
            worst[p] += min(here)
    return best, worst


def test_three_to_the_fortieth_paths_are_counted_not_listed() -> None:
    sc = scenario(chain_scenario_text(40, 3))
    a = analyze(sc)
    assert a.paths == 3**40
    best, worst = _chain_bounds(40, 3)
    assert {p: a.best(p) for p in PRINCIPLES} == best
    assert {p: a.worst(p) for p in PRINCIPLES} == worst
    assert len(a.solver.memo) == 41  # one entry a node: nothing stateful to track


def test_a_stateful_chain_matches_brute_force() -> None:
    sc = scenario(chain_scenario_text(7, 3, conditions=True))
    a, bf = analyze(sc), brute_force(sc)
    assert a.paths == bf.paths < 3**7
    assert all(a.best(p) == bf.best(p) and a.worst(p) == bf.worst(p) for p in PRINCIPLES)


def test_deep_scenarios_do_not_hit_the_recursion_limit() -> None:
    depth = sys.getrecursionlimit() + 500
    a = analyze(scenario(chain_scenario_text(depth, 2)))
    assert a.paths == 2**depth
    assert len(a.best_path()) == depth


def test_best_path_for_each_principle() -> None:
    a = analyze(hallway())
    assert a.best_path() == [("hello", 0), ("ask", 2), ("offer", 0), ("follow", 0), ("wrap", 0)]
    assert a.best_path("communication") == [("hello", 0), ("ask", 0), ("warm_offer", 0), ("follow", 0),
                                            ("wrap", 0)]


# ------------------------------------------------- against an independent reading of the format
def _check_against_oracle(sc: object, result: object) -> None:
    from game.scenario import Scenario

    assert isinstance(sc, Scenario)
    a = analyze(sc)
    assert a.paths == result.paths  # type: ignore[attr-defined]
    assert {p: a.best(p) for p in PRINCIPLES} == result.best  # type: ignore[attr-defined]
    assert {p: a.worst(p) for p in PRINCIPLES} == result.worst  # type: ignore[attr-defined]
    assert a.reachable_nodes == result.visited  # type: ignore[attr-defined]
    assert a.reachable_endings == result.endings  # type: ignore[attr-defined]


def test_shipped_scenarios_and_the_fixture_match_an_independent_enumeration() -> None:
    from pathlib import Path

    from game.scenario import ScenarioError, load_scenario

    from .helpers import HALLWAY, REPO
    from .oracle import enumerate_file

    paths: list[Path] = [HALLWAY, *sorted((REPO / "scenarios").glob("*.yaml"))]
    checked = 0
    for path in paths:
        try:
            sc = load_scenario(path)
        except ScenarioError:
            continue  # a scenario being written right now
        _check_against_oracle(sc, enumerate_file(path))
        checked += 1
    assert checked >= 2
