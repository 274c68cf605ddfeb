"""The shipped pack (scenarios/) meets issue 5: length, options, endings, consequences, replies, feedback,
a reachable success whose best path scores in every focus principle, and coverage across the pack.

Path properties are computed over the paths the conditions allow, by a memoised walk over (node, the part
of the state that conditions from that node on can read), using the engine's own rules, never by listing
every path.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest

from game.engine.analysis import Analysis, Solver, analyze
from game.engine.rules import PlayState
from game.engine.session import Session
from game.scenario import Scenario, builtin, load_pack, load_scenario

REPO = Path(__file__).resolve().parents[2]
PACK = REPO / "scenarios"
FILES = sorted(p for p in PACK.iterdir() if p.suffix in (".yaml", ".yml") and p.name not in
               ("pack.yaml", "principles.yaml"))
IDS = [p.stem for p in FILES]


@dataclass
class Walk:
    """What every allowed path does: decisions on the shortest and longest, options offered at each
    decision reached, and the values each condition takes where it is evaluated."""

    shortest: int
    longest: int
    offered: dict[str, set[int]] = field(default_factory=dict)  # node -> numbers of options seen
    outcomes: dict[tuple[str, str, int], set[bool]] = field(default_factory=dict)


def walk(sc: Scenario) -> Walk:
    solver = Solver(sc)
    rules = solver.rules
    memo: dict[tuple[str, tuple[object, ...]], tuple[int, int]] = {}
    w = Walk(0, 0)

    def observe(nid: str, state: PlayState) -> None:
        """Every condition evaluated at `nid` in this state, as the rules evaluate them."""
        node = sc.nodes[nid]
        if node.choices is not None:
            for i, _c in enumerate(node.choices):
                cond = sc.condition(nid, "choice", i)
                if cond is not None:
                    w.outcomes.setdefault((nid, "choice", i), set()).add(bool(cond(state)))
        for i, _e in enumerate(node.branch or []):
            cond = sc.condition(nid, "branch", i)
            if cond is None:
                break
            held = bool(cond(state))
            w.outcomes.setdefault((nid, "branch", i), set()).add(held)
            if held:
                break

    def enter(nid: str, state: PlayState) -> tuple[str, PlayState]:
        """Like the solver's `enter`, but observing the branch conditions passed on the way."""
        state = state.copy()
        while nid in sc.nodes:
            state.visited.add(nid)
            observe(nid, state)
            nxt = rules.auto_target(nid, state)
            if nxt is None:
                break
            nid = nxt
        return nid, state

    def decisions(nid: str, state: PlayState) -> tuple[int, int]:
        if nid in sc.endings:
            return (0, 0)
        key = (nid, solver.key(state, nid))
        if key in memo:
            return memo[key]
        options = rules.available(nid, state)
        w.offered.setdefault(nid, set()).add(len(options))
        lo = hi = None
        for _i, choice in options:
            after = state.copy()
            after.apply(choice)
            dest, s2 = enter(choice.to, after)
            a, b = decisions(dest, s2)
            lo = a + 1 if lo is None else min(lo, a + 1)
            hi = b + 1 if hi is None else max(hi, b + 1)
        assert lo is not None and hi is not None
        memo[key] = (lo, hi)
        return memo[key]

    first, state = enter(sc.start_id, PlayState.initial(sc))
    w.shortest, w.longest = decisions(first, state)
    return w


@cache
def scenario(name: str) -> Scenario:
    return load_scenario(PACK / f"{name}.yaml")


@cache
def analysis(name: str) -> Analysis:
    return analyze(scenario(name))


@cache
def walked(name: str) -> Walk:
    return walk(scenario(name))


def test_the_pack_has_eight_or_more_scenarios_and_nothing_broken() -> None:
    pack = load_pack(PACK)
    assert not pack.findings
    assert [b.path for b in pack.broken] == []
    assert len(pack.scenarios) == len(FILES) >= 8


@pytest.mark.parametrize("name", IDS)
def test_loads(name: str) -> None:
    sc = scenario(name)
    assert sc.title and sc.summary


@pytest.mark.parametrize("name", IDS)
def test_length_over_the_paths_the_conditions_allow(name: str) -> None:
    w = walked(name)
    assert w.longest >= 8, f"{name}: the longest path has {w.longest} decisions"
    assert w.shortest >= 5, f"{name}: a path has only {w.shortest} decisions"


@pytest.mark.parametrize("name", IDS)
def test_three_or_four_choices_at_every_decision_node(name: str) -> None:
    sc = scenario(name)
    counts = {nid: len(node.choices) for nid, node in sc.nodes.items() if node.choices is not None}
    assert counts and all(3 <= n <= 4 for n in counts.values()), counts


# Issue 5 asks for 3 or 4 options per decision on every path, not only in the file: a choice with an `if`
# that is false on some path must leave at least three others offered there.
@pytest.mark.parametrize("name", IDS)
def test_three_or_four_options_offered_at_every_decision_reached(name: str) -> None:
    offered = walked(name).offered
    few = {nid: sorted(ns) for nid, ns in offered.items() if not all(3 <= n <= 4 for n in ns)}
    assert few == {}, f"{name}: decisions offering other than 3 or 4 options on some path: {few}"


@pytest.mark.parametrize("name", IDS)
def test_endings_cover_every_outcome_and_all_are_reachable(name: str) -> None:
    sc, a = scenario(name), analysis(name)
    assert len(sc.endings) >= 3
    assert {e.outcome for e in sc.endings.values()} == {"success", "mixed", "setback"}
    assert a.reachable_endings == set(sc.endings)
    assert any(sc.endings[e].outcome == "success" for e in a.reachable_endings)


@pytest.mark.parametrize("name", IDS)
def test_best_path_played_through_a_session_scores_above_zero_in_every_focus_principle(name: str) -> None:
    sc, a = scenario(name), analysis(name)
    assert sc.focus, f"{name} has no focus"
    s = Session(sc)
    for nid, index in a.best_path():
        assert s.node_id == nid
        s.choose_index(index)
    assert s.finished
    low = {p: s.scores[p] for p in sc.focus if s.scores[p] <= 0}
    assert low == {}, f"{name}: the best path scores {low}"
    assert s.ending is not None and s.ending.outcome == "success", f"{name}: the best path ends at {s.ending_id}"
    assert sum(s.scores[p] for p in sc.focus) == a.start.best_focus


@pytest.mark.parametrize("name", IDS)
def test_feedback_on_every_choice(name: str) -> None:
    sc = scenario(name)
    missing = [(nid, i) for nid, node in sc.nodes.items() for i, c in enumerate(node.choices or [])
               if not (c.feedback or "").strip()]
    assert missing == []


@pytest.mark.parametrize("name", IDS)
def test_people_reply(name: str) -> None:
    sc = scenario(name)
    choices = [c for node in sc.nodes.values() for c in node.choices or []]
    replies = [c for c in choices if c.reply]
    assert len(replies) >= len(choices) / 4, f"{name}: {len(replies)} replies for {len(choices)} choices"
    talking = [nid for nid, node in sc.nodes.items() if node.choices and node.speaker in sc.characters]
    answered = [nid for nid in talking if any(c.reply for c in sc.nodes[nid].choices or [])]
    assert len(answered) >= 0.75 * len(talking), f"{name}: no reply at {sorted(set(talking) - set(answered))}"


def _successors(sc: Scenario, nid: str) -> list[str]:
    return [x.to for x in sc.nodes[nid].successors()]


def _reaches(sc: Scenario, start: str, goal: str) -> bool:
    seen, todo = set(), [start]
    while todo:
        nid = todo.pop()
        if nid == goal:
            return True
        if nid in seen or nid not in sc.nodes:
            continue
        seen.add(nid)
        todo.extend(_successors(sc, nid))
    return False


@pytest.mark.parametrize("name", IDS)
def test_a_flag_or_rapport_set_early_is_read_later_and_matters(name: str) -> None:
    """Some condition reads a flag or a rapport that an earlier decision changes, and it holds on some
    allowed paths and fails on others (so the earlier choice really changes what happens later)."""
    sc, w = scenario(name), walked(name)
    carried = []
    for (nid, where, i), values in w.outcomes.items():
        if values != {True, False}:
            continue
        cond = sc.condition(nid, where, i)
        for xid, node in sc.nodes.items():
            for c in node.choices or []:
                if xid == nid or not _reaches(sc, c.to, nid):
                    continue
                if cond.flags & set(c.set) or cond.characters & {k for k, v in c.rapport.items() if v}:
                    carried.append((xid, nid, cond.source))
    assert carried, f"{name}: no flag or rapport set early and read later"


# ------------------------------------------------------------------------------------------ pack-wide

def test_every_principle_is_scored_in_four_scenarios() -> None:
    counts: Counter[str] = Counter()
    for name in IDS:
        sc = scenario(name)
        counts.update({p for node in sc.nodes.values() for c in node.choices or [] for p, v in c.score.items() if v})
    few = {p: counts[p] for p in builtin.principles() if counts[p] < 4}
    assert few == {}


def test_every_pattern_is_a_tempting_choice_in_two_scenarios() -> None:
    """A pattern counts where a choice showing it is offered on some allowed path."""
    counts: Counter[str] = Counter()
    for name in IDS:
        sc, a, w = scenario(name), analysis(name), walked(name)
        shown: set[str] = set()
        for nid, node in sc.nodes.items():
            if nid not in a.reachable_nodes:
                continue
            for i, c in enumerate(node.choices or []):
                offered = sc.condition(nid, "choice", i) is None or True in w.outcomes.get((nid, "choice", i), set())
                if offered:
                    shown.update(c.patterns)
        counts.update(shown)
    few = {p: counts[p] for p in builtin.patterns() if counts[p] < 2}
    assert few == {}


def test_lint_strict_is_clean() -> None:
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", PYTHONPATH=str(REPO))
    proc = subprocess.run([sys.executable, "-m", "game", "lint", "--strict", "scenarios/"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stderr.strip() == "0 errors, 0 warnings"
