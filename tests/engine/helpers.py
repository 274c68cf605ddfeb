"""Shared helpers for the engine tests: fixtures, scenario generators and a brute-force oracle.

The oracle never uses the analysis: it enumerates every path by choosing each
option on a fresh `Session` replayed with `choose_index`, so it checks the
memoised search against the real rules of play.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from game.engine.session import Decision, Session
from game.scenario import Scenario, load_scenario, load_scenario_text

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
GOLDEN = HERE / "golden"
REPO = HERE.parent.parent
HALLWAY = FIXTURES / "hallway.yaml"
PRINCIPLES = ("first_impression", "communication", "reciprocity", "follow_through", "authenticity")


def hallway() -> Scenario:
    return load_scenario(HALLWAY)


def scenario(text: str, name: str = "test.yaml") -> Scenario:
    return load_scenario_text(text, name)


# ------------------------------------------------------------- brute force
@dataclass
class Leaf:
    indices: list[int]
    ending: str
    scores: dict[str, int]
    rapport: dict[str, int]
    flags: dict[str, bool | int]
    visited: set[str]
    log: list[Decision]


@dataclass
class BruteForce:
    leaves: list[Leaf] = field(default_factory=list)

    @property
    def paths(self) -> int:
        return len(self.leaves)

    def best(self, p: str) -> int:
        return max(leaf.scores.get(p, 0) for leaf in self.leaves)

    def worst(self, p: str) -> int:
        return min(leaf.scores.get(p, 0) for leaf in self.leaves)

    def total(self, leaf: Leaf, principles: list[str] | None = None) -> int:
        return sum(leaf.scores.get(p, 0) for p in (principles or PRINCIPLES))

    @property
    def visited(self) -> set[str]:
        return set().union(*(leaf.visited for leaf in self.leaves))

    @property
    def endings(self) -> set[str]:
        return {leaf.ending for leaf in self.leaves}


def replay(sc: Scenario, indices: list[int], mode: str = "practice", *, seed: int = 0,
           in_order: bool = False) -> Session:
    s = Session(sc, mode=mode, seed=seed, in_order=in_order)  # type: ignore[arg-type]
    for i in indices:
        s.choose_index(i)
    return s


def brute_force(sc: Scenario, limit: int = 20_000) -> BruteForce:
    """Every path, by recursion over fresh sessions replayed with choose_index."""
    out = BruteForce()

    def explore(prefix: list[int]) -> None:
        s = replay(sc, prefix)
        try:
            if s.finished:
                assert s.ending_id is not None
                out.leaves.append(Leaf(list(prefix), s.ending_id, dict(s.scores), dict(s.rapport), dict(s.flags),
                                       set(s.visited), list(s.log)))
                assert len(out.leaves) <= limit, "scenario too big for brute force"
                return
            options = [o.index for o in s.options()]
        finally:
            s.close()
        for i in options:
            explore(prefix + [i])

    explore([])
    return out


# ------------------------------------------------------------- generators
CHAIN_VALUES = (2, -1, 3, -2, 1, -3)


def chain_scenario_text(decisions: int, options: int = 3, conditions: bool = False) -> str:
    """`decisions` decision nodes in a row, each with `options` choices that all lead on.

    Each choice scores a different principle, so best and worst are known in closed form. With
    `conditions`, flags are set and read along the way (the analysis must then track state).
    """
    nodes: dict[str, Any] = {}
    for d in range(decisions):
        nxt = f"d{d + 1}" if d + 1 < decisions else "done"
        choices = []
        for o in range(options):
            c: dict[str, Any] = {
                "text": f"Option {o + 1} at step {d + 1}.",
                "to": nxt,
                "score": {PRINCIPLES[(d + o) % 5]: CHAIN_VALUES[o % len(CHAIN_VALUES)]},
                "feedback": "Because.",
            }
            if conditions and o == 0 and d % 3 == 1:
                c["set"] = {f"f{d % 4}": True}
            if conditions and o == options - 1 and d % 3 == 2:
                c["if"] = f"f{(d - 1) % 4} and not f{(d + 1) % 4}"
            choices.append(c)
        nodes[f"d{d}"] = {"speaker": "maya", "text": f"Step {d + 1}.", "choices": choices}
    doc = {
        "id": f"chain-{decisions}x{options}",
        "title": f"Chain of {decisions} decisions",
        "summary": "A generated scenario for benchmarks and tests.",
        "characters": {"maya": {"name": "Maya"}},
        "nodes": nodes,
        "endings": {"done": {"title": "Done", "text": "The end.", "outcome": "mixed"}},
    }
    return yaml.safe_dump(doc, sort_keys=False)


def _condition(draw: Any, n_nodes: int, flags: list[str], chars: list[str]) -> str:
    def atom() -> str:
        kind = draw(st.integers(0, 5))
        if kind == 0:
            return draw(st.sampled_from(flags))
        if kind == 1:
            return f"{draw(st.sampled_from(flags))} {draw(st.sampled_from(['==', '!=', '>=', '<']))} " \
                   f"{draw(st.integers(0, 2))}"
        if kind == 2:
            return f"{draw(st.sampled_from(PRINCIPLES))} {draw(st.sampled_from(['>=', '<=', '>', '==']))} " \
                   f"{draw(st.integers(-2, 3))}"
        if kind == 3:
            return f"{draw(st.sampled_from(chars))}.rapport {draw(st.sampled_from(['>', '<=', '>=']))} " \
                   f"{draw(st.integers(-2, 3))}"
        if kind == 4:
            return f"visited(n{draw(st.integers(0, n_nodes - 1))})"
        return f"not {draw(st.sampled_from(flags))}"

    parts = [atom()]
    for _ in range(draw(st.integers(0, 2))):
        parts.append(draw(st.sampled_from(["and", "or"])))
        parts.append(atom())
    text = " ".join(parts)
    if draw(st.booleans()) and len(parts) > 1:
        text = f"not ({text})"
    return text


@st.composite
def scenario_texts(draw: Any, max_nodes: int = 7, max_choices: int = 3) -> str:
    """Small random valid scenarios: DAGs with conditions, flags, branches, rapport, next and end nodes."""
    n = draw(st.sampled_from([*range(3, max_nodes + 1), 1, 2]))
    n_end = draw(st.integers(1, 3))
    flags = ["fa", "fb"]
    chars = [f"c{i}" for i in range(draw(st.integers(1, 2)))]
    endings = [f"e{i}" for i in range(n_end)]

    def target(i: int) -> str:
        # Mostly the next node, so paths are long and most nodes reachable; sometimes a jump or an ending.
        later = [f"n{j}" for j in range(i + 1, n)]
        if later and draw(st.integers(0, 2)) > 0:
            return later[0]
        return draw(st.sampled_from(later + endings))

    def effects() -> dict[str, Any]:
        c: dict[str, Any] = {}
        score = draw(st.dictionaries(st.sampled_from(PRINCIPLES), st.integers(-3, 3), max_size=2))
        if score:
            c["score"] = score
        rapport = draw(st.dictionaries(st.sampled_from(chars), st.integers(-3, 3), max_size=1))
        if rapport:
            c["rapport"] = rapport
        sets = draw(st.dictionaries(st.sampled_from(flags), st.one_of(st.booleans(), st.integers(0, 2)),
                                    max_size=2))
        if sets:
            c["set"] = sets
        pattern = draw(st.sampled_from([None, "hard_seller", "gimme", ["self_server", "cookie_cutter"]]))
        if pattern is not None:
            c["pattern"] = pattern
        return c

    nodes: dict[str, Any] = {}
    for i in range(n):
        kind = draw(st.sampled_from(["choices", "choices", "choices", "choices", "branch", "branch", "next", "end"]))
        node: dict[str, Any] = {"speaker": draw(st.sampled_from(["narrator", "you", *chars])),
                                "text": f"Node {i}."}
        if draw(st.integers(0, 4)) == 0:
            node["scene"] = f"Scene {i}"
        if kind == "choices":
            choices = []
            for k in range(draw(st.sampled_from([*range(2, max_choices + 1), 1]))):
                c = {"text": f"Choice {k + 1} at n{i}.", "to": target(i), **effects()}
                if draw(st.integers(0, 2)) == 0:
                    c["if"] = _condition(draw, n, flags, chars)
                if draw(st.booleans()):
                    c["feedback"] = f"Feedback {k + 1} at n{i}."
                if draw(st.integers(0, 3)) == 0:
                    c["reply"] = f"Reply {k + 1} at n{i}."
                choices.append(c)
            node["choices"] = choices
        elif kind == "branch":
            entries = [{"if": _condition(draw, n, flags, chars), "to": target(i)}
                       for _ in range(draw(st.integers(0, 2)))]
            entries.append({"to": target(i)})
            node["branch"] = entries
        elif kind == "next":
            node["next"] = target(i)
        else:
            node["end"] = draw(st.sampled_from(endings))
        nodes[f"n{i}"] = node
    outcomes = ["success", "mixed", "setback"]
    doc = {
        "title": "Generated",
        "summary": "A generated scenario.",
        "focus": draw(st.lists(st.sampled_from(PRINCIPLES), max_size=2, unique=True)),
        "characters": {c: {"name": f"Person {c}", "rapport": draw(st.integers(-2, 2))} for c in chars},
        "nodes": nodes,
        "endings": {e: {"title": f"Ending {e}", "text": "The end.", "outcome": outcomes[k % 3]}
                    for k, e in enumerate(endings)},
    }
    return yaml.safe_dump(doc, sort_keys=False)
