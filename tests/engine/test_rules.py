"""The shared play rules: what is on offer, where automatic nodes lead, what entering marks."""

from __future__ import annotations

from game.engine.rules import PlayState, Rules, auto_target, available, branch_target, walk

from .helpers import hallway, scenario

HIDDEN = """
title: Hidden
summary: Every choice at `ask` can be hidden.
nodes:
  start:
    text: Go.
    choices:
      - {text: Set it., to: ask, set: {x: true}}
      - {text: Do not., to: ask}
  ask:
    text: Ask?
    choices:
      - {text: Only with x., if: x, to: yes}
      - {text: Only with x too., if: x and not y, to: no}
endings:
  "yes": {title: Y, text: Y., outcome: success}
  "no": {title: N, text: N., outcome: setback}
"""


def test_initial_state_has_every_principle_and_starting_rapport() -> None:
    sc = hallway()
    s = PlayState.initial(sc)
    assert s.scores == {p: 0 for p in sc.pack.principles}
    assert s.rapport == {"sam": 1, "lee": 0}
    assert s.flags == {} and s.visited == set()


def test_apply_adds_scores_and_rapport_and_sets_flags() -> None:
    sc = hallway()
    s = PlayState.initial(sc)
    s.apply(sc.nodes["hello"].choices[0])  # type: ignore[index]
    s.apply(sc.nodes["ask"].choices[0])  # type: ignore[index]
    assert s.scores["first_impression"] == 2 and s.scores["communication"] == 2
    assert s.rapport["sam"] == 3
    assert s.flags == {"greeted": True, "asked": True, "favours": 2}
    c = s.copy()
    c.flags["asked"] = False
    c.visited.add("x")
    assert s.flags["asked"] is True and "x" not in s.visited


def test_available_filters_by_condition_in_file_order() -> None:
    sc = hallway()
    s = PlayState.initial(sc)
    assert [i for i, _ in available(sc, "ask", s)] == [1]  # neither `greeted` nor first_impression >= 2
    s.flags["greeted"] = True
    assert [i for i, _ in available(sc, "ask", s)] == [0, 1]
    s.visited.add("intro")
    s.scores["first_impression"] = 2
    assert [i for i, _ in available(sc, "ask", s)] == [0, 1, 2]


def test_when_every_choice_is_hidden_all_are_offered() -> None:
    sc = scenario(HIDDEN)
    s = PlayState.initial(sc)
    assert [i for i, _ in available(sc, "ask", s)] == [0, 1]
    s.flags["x"] = True
    s.flags["y"] = True
    assert [i for i, _ in available(sc, "ask", s)] == [0]


def test_branch_takes_the_first_entry_that_holds() -> None:
    sc = hallway()
    s = PlayState.initial(sc)
    assert auto_target(sc, "favour", s) == "cold"
    s.flags["favours"] = 1
    assert auto_target(sc, "favour", s) == "offer"
    s.rapport["sam"] = 3
    assert auto_target(sc, "favour", s) == "warm_offer"
    assert branch_target(sc, "favour", sc.nodes["favour"], s) == "warm_offer"
    assert auto_target(sc, "intro", s) == "hello"  # next
    assert auto_target(sc, "cold", s) == "missed"  # end
    assert auto_target(sc, "hello", s) is None  # a decision


def test_walk_marks_visited_nodes_but_not_endings() -> None:
    sc = hallway()
    s = PlayState.initial(sc)
    assert list(walk(sc, "intro", s)) == ["intro", "hello"]
    assert s.visited == {"intro", "hello"}
    s2 = PlayState.initial(sc)
    assert list(walk(sc, "favour", s2)) == ["favour", "cold", "missed"]
    assert s2.visited == {"favour", "cold"}


def test_compiled_rules_match_the_walk_and_are_cached() -> None:
    sc = hallway()
    rules = Rules.of(sc)
    assert Rules.of(sc) is rules
    s = PlayState.initial(sc)
    assert rules.enter("favour", s) == "missed"
    assert s.visited == {"favour", "cold"}
    assert rules.enter("missed", s) == "missed"
    assert set(rules.choices) == {n for n, node in sc.nodes.items() if node.choices is not None}
