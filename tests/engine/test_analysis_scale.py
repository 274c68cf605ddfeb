"""Analysis keys stay small and exact: clamped scores, reads bounded by writes, observed scores as value sets.

Checked against the independent enumeration of the YAML (`oracle.py`) and against a walk over every path
with the rules of play and no memo at all (for the conditions that hold, which the oracle does not report).
"""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine.analysis import Solver, analyze, numeric_reads
from game.engine.rules import PlayState, Rules
from game.scenario import Scenario
from game.scenario.expr import Names, compile_condition

from .helpers import PRINCIPLES, replay, scenario
from .oracle import enumerate_paths


# ------------------------------------------------------------- an exhaustive walk, no memo
def every_path(sc: Scenario) -> tuple[set[str], set[tuple[str, str, int]], set[tuple[str, str, int]]]:
    """Reachable nodes and endings, conditions evaluated, conditions that held: over every path."""
    rules = Rules.of(sc)
    reached: set[str] = set()
    seen: set[tuple[str, str, int]] = set()
    held: set[tuple[str, str, int]] = set()
    stack = [(sc.start_id, PlayState.initial(sc))]
    while stack:
        nid, s = stack.pop()
        reached.add(nid)
        if nid in sc.endings:
            continue
        s.visited.add(nid)
        for i, _c, cond in rules.choices.get(nid, ()):
            if cond is not None:
                seen.add((nid, "choice", i))
                if cond(s):
                    held.add((nid, "choice", i))
        for i, (_to, cond) in enumerate(rules.branches.get(nid, ())):
            if cond is None:
                continue
            seen.add((nid, "branch", i))
            if cond(s):
                held.add((nid, "branch", i))
                break
        if nid in rules.choices:
            for _i, c in rules.available(nid, s):
                s2 = s.copy()
                s2.apply(c)
                stack.append((c.to, s2))
        else:
            to = rules.auto_target(nid, s)
            assert to is not None
            stack.append((to, s))
    return reached, seen, held


def check(text: str) -> None:
    sc = scenario(text)
    a = analyze(sc)
    result = enumerate_paths(yaml.safe_load(text))
    assert a.paths == result.paths
    assert {p: a.best(p) for p in PRINCIPLES} == result.best
    assert {p: a.worst(p) for p in PRINCIPLES} == result.worst
    assert a.reachable_nodes == result.visited
    assert a.reachable_endings == result.endings
    reached, seen, held = every_path(sc)
    assert a.reachable_nodes | a.reachable_endings == reached
    assert a.conditions_seen == seen
    assert a.conditions_true == held
    for p in PRINCIPLES:  # the best paths come from the same memo, and play out to the best scores
        s = replay(sc, [i for _nid, i in a.best_path(p)])
        assert s.finished and s.scores[p] == a.best(p)
        s.close()


# ------------------------------------------------------------- scenarios that lean on scores
@st.composite
def score_threshold_texts(draw: Any) -> str:
    """A row of decisions that move two scores a lot, read by choice conditions (which steer), by branches
    that lead to different nodes (which steer), and by branches that lead to one node or to endings only
    (which do not), with every comparison the language has, and bare and score-to-score reads."""
    n = draw(st.integers(2, 7))
    ps = ("first_impression", "communication")

    def cond() -> str:
        p = draw(st.sampled_from(ps))
        kind = draw(st.integers(0, 5))
        if kind == 0:
            return p
        if kind == 1:
            return f"not {p}"
        if kind == 2:
            return f"{ps[0]} {draw(st.sampled_from(['<', '>=']))} {ps[1]}"
        if kind == 3:
            return f"{draw(st.integers(-4, 4))} {draw(st.sampled_from(['<', '==']))} {p}"
        text = f"{p} {draw(st.sampled_from(['==', '!=', '<', '<=', '>', '>=']))} {draw(st.integers(-4, 4))}"
        if kind == 5:
            text = f"({text}) and ({p}) != {draw(st.integers(-1, 1))}"
        return text

    def score() -> dict[str, int]:
        return draw(st.dictionaries(st.sampled_from(ps), st.integers(-3, 3), max_size=2))

    nodes: dict[str, Any] = {}
    for i in range(n):
        nxt = f"n{i + 1}" if i + 1 < n else "e0"
        choices = []
        for _k in range(draw(st.integers(1, 3))):
            c: dict[str, Any] = {"text": "o", "to": nxt}
            if s := score():
                c["score"] = s
            if draw(st.integers(0, 2)) == 0:
                c["if"] = cond()
            choices.append(c)
        nodes[f"n{i}"] = {"text": "t", "choices": choices}
        kind = draw(st.sampled_from(["none", "same", "steer", "endings"]))
        if kind == "none" or i + 1 == n and kind != "endings":
            continue
        entries = [{"if": cond()} for _ in range(draw(st.integers(1, 2)))] + [{}]
        for e in entries:
            if kind == "same":
                e["to"] = nxt
            elif kind == "endings":
                e["to"] = draw(st.sampled_from(["e0", "e1", "e2"]))
            else:
                e["to"] = draw(st.sampled_from([nxt, f"m{i}"]))
        nodes[f"b{i}"] = {"text": "t", "branch": entries}
        for c in choices:
            c["to"] = f"b{i}"
        if kind == "steer":
            nodes[f"m{i}"] = {"text": "t", "choices": [{"text": "o", "to": nxt, "score": {ps[0]: 1}},
                                                      {"text": "o", "to": nxt}]}
    doc = {"title": "Scores", "summary": "Generated.", "nodes": nodes,
           "endings": {f"e{k}": {"title": f"E{k}", "text": "The end.", "outcome": "mixed"} for k in range(3)}}
    return yaml.safe_dump(doc, sort_keys=False)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(score_threshold_texts())
def test_score_reads_match_the_oracle_and_every_path(text: str) -> None:
    check(text)


CLAMP = """
title: Clamp
summary: Values beyond every threshold merge; values that a later comparison tells apart do not.
nodes:
  a:
    choices:
      - {text: o, to: b, score: {first_impression: 3}}
      - {text: o, to: b, score: {first_impression: 1}}
      - {text: o, to: b, score: {first_impression: -3}}
  b:
    choices:
      - {text: o, to: c, score: {first_impression: 1}}
      - {text: o, to: c}
  c:
    choices:
      - {text: only at exactly 2, to: d, if: first_impression == 2, score: {communication: 3}}
      - {text: at least 4, to: d, if: first_impression >= 4, score: {communication: 1}}
      - {text: o, to: d}
  d:
    branch:
      - {if: first_impression == 1, to: one}
      - {if: first_impression < -2, to: low}
      - {to: other}
endings:
  one: {title: One, text: The end., outcome: mixed}
  low: {title: Low, text: The end., outcome: setback}
  other: {title: Other, text: The end., outcome: success}
"""


def test_a_clamped_key_still_tells_apart_what_a_later_comparison_reads() -> None:
    check(CLAMP)
    a = analyze(scenario(CLAMP))
    assert a.best("communication") == 3  # only from 1 + 1, which is exactly 2
    assert a.paths == 8  # at c: 4 and 2 offer two choices; 3, 1, -2 and -3 one
    assert a.reachable_endings == {"one", "low", "other"}
    s = a.solver

    def key(v: int) -> object:
        return s.key(PlayState(scores={"first_impression": v}), "c")

    # at c the comparisons (== 2, >= 4 here; == 1, < -2 at d) cannot tell apart values up to -3, nor from 5
    assert len({key(v) for v in (-40, -4, -3)}) == len({key(v) for v in (5, 6, 40)}) == 1
    assert len({key(v) for v in range(-3, 6)}) == 9
    # the search itself needs only what the choices at c read: up to 1 alike, and from 5 (4 is >= 4)
    val = s.spec_val["c"]
    assert [(name, lo, hi) for _k, name, lo, hi in val] == [("first_impression", 1, 5)]


def test_numeric_reads() -> None:
    names = Names(frozenset(PRINCIPLES), frozenset({"maya"}), frozenset())

    def numeric(text: str) -> dict[Any, frozenset[int] | None]:
        return numeric_reads(compile_condition(text, names))

    assert numeric("first_impression >= 2") == {(1, "first_impression"): frozenset({2})}
    assert numeric("not communication or 3 < communication") == {(1, "communication"): frozenset({0, 3})}
    assert numeric("(maya.rapport) == -1 and flag") == {(2, "maya"): frozenset({-1})}
    assert numeric("first_impression > communication") == {(1, "first_impression"): None,
                                                          (1, "communication"): None}
    assert numeric("first_impression == flag") == {(1, "first_impression"): None}
    assert numeric("(first_impression or x) >= 1") == {(1, "first_impression"): frozenset({0})}


# ------------------------------------------------------------- growth with the scenario's length
def segments_text(count: int) -> str:
    """`count` conversations in a row, each with its own flag, character and visits, all sharing the scores:
    a score threshold read at the end of each (by a branch that leads on either way), a score threshold on a
    choice, rapport and flags set and read within the conversation."""
    nodes: dict[str, Any] = {}
    chars: dict[str, Any] = {}
    for k in range(count):
        nxt = f"s{k + 1}a" if k + 1 < count else None
        chars[f"c{k}"] = {"name": f"P{k}", "rapport": k % 2}
        nodes[f"s{k}a"] = {"choices": [
            {"text": "o", "to": f"s{k}b", "score": {"first_impression": 2}, "set": {f"met{k}": True}},
            {"text": "o", "to": f"s{k}b", "score": {"first_impression": -1}},
            {"text": "o", "to": f"s{k}b", "score": {"communication": 1}, "if": "communication >= 2"},
        ]}
        nodes[f"s{k}b"] = {"choices": [
            {"text": "o", "to": f"s{k}c", "if": f"met{k} and not visited(s{k}x)", "rapport": {f"c{k}": 2}},
            {"text": "o", "to": f"s{k}x", "score": {"first_impression": -2, "communication": 1}},
        ]}
        nodes[f"s{k}x"] = {"next": f"s{k}c"}
        ends = [nxt] * 3 if nxt else ["good", "fair", "poor"]
        nodes[f"s{k}c"] = {"branch": [
            {"if": f"first_impression >= 2 and c{k}.rapport > 1", "to": ends[0]},
            {"if": f"first_impression == 0 or visited(s{k}x)", "to": ends[1]},
            {"to": ends[2]},
        ]}
    doc = {"title": "Segments", "summary": "Generated.", "characters": chars, "start": "s0a", "nodes": nodes,
           "endings": {e: {"title": e, "text": "The end.", "outcome": "mixed"} for e in ("good", "fair", "poor")}}
    return yaml.safe_dump(doc, sort_keys=False)


def test_segments_match_the_oracle_and_every_path() -> None:
    check(segments_text(3))


def test_states_grow_linearly_with_the_number_of_conversations() -> None:
    counts = {}
    for n in (20, 40, 80):
        s = analyze(scenario(segments_text(n))).solver
        counts[n] = (len(s.memo), s.forward_states, max(map(len, s.spec_fwd.values())),
                     max(map(len, s.spec_val.values())))
    for i in (0, 1):  # states per added conversation stay the same (a quadratic count would double them)
        per_20_40 = (counts[40][i] - counts[20][i]) / 20
        per_40_80 = (counts[80][i] - counts[40][i]) / 40
        assert 0 < per_40_80 <= 1.05 * per_20_40, counts
    assert counts[20][2:] == counts[40][2:] == counts[80][2:], counts  # keys do not grow with the scenario
    # the score is read at the end of every conversation, yet never enters the search's key
    s = analyze(scenario(segments_text(20))).solver
    assert all(name != "first_impression" for spec in s.spec_val.values() for _k, name, _lo, _hi in spec)
    assert s.key(PlayState.initial(s.sc), "s0a") == ()


def test_a_read_nothing_before_can_change_is_not_in_the_key() -> None:
    s = Solver(scenario(segments_text(5)))
    # at the start nothing has been set, so nothing read later needs keeping
    assert s.live["s0a"] == ((), (), (), ())
    # within conversation 2: its own flag and rapport (and the shared scores), never those of others
    names = {name for part in s.live["s2b"] for name in part}
    assert "met2" in names and not any(n.startswith(("met0", "met1", "met3", "c0", "c1", "c3")) for n in names)
