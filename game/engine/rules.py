"""The rules of play, shared by sessions, analysis and simulation so they can never disagree.

Entering a node marks it visited (so `visited(x)` holds at x itself); a `next`
or `end` node moves on at once; a `branch` takes its first entry whose `if`
holds. At a decision the available choices are those whose `if` holds, in
file order. If a state hides every choice (lint warns about this), all of them
are offered, so a player is never stuck.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from game.engine.compiled import compiled
from game.scenario.model import Choice, Node, Scenario


@dataclass
class PlayState:
    """What conditions read: flags, principle scores, rapport and visited nodes."""

    flags: dict[str, bool | int] = field(default_factory=dict)
    scores: dict[str, int] = field(default_factory=dict)
    rapport: dict[str, int] = field(default_factory=dict)
    visited: set[str] = field(default_factory=set)

    @classmethod
    def initial(cls, sc: Scenario) -> PlayState:
        principles = sc.pack.principles if sc.pack is not None else {}
        return cls(
            flags={},
            scores={p: 0 for p in principles},
            rapport={cid: ch.rapport for cid, ch in sc.characters.items()},
            visited=set(),
        )

    def copy(self) -> PlayState:
        return PlayState(dict(self.flags), dict(self.scores), dict(self.rapport), set(self.visited))

    def apply(self, choice: Choice) -> None:
        """A choice's effects: scores and rapport add up; flags are set."""
        for p, v in choice.score.items():
            self.scores[p] = self.scores.get(p, 0) + v
        for c, v in choice.rapport.items():
            self.rapport[c] = self.rapport.get(c, 0) + v
        self.flags.update(choice.set)


class Rules:
    """The scenario's play rules compiled once into plain tuples (simulation asks these questions millions
    of times, so nothing here goes back to the scenario's records)."""

    def __init__(self, sc: Scenario):
        self.endings = frozenset(sc.endings)
        self.choices: dict[str, tuple[tuple[int, Choice, Any], ...]] = {}
        self.auto: dict[str, str] = {}
        self.branches: dict[str, tuple[tuple[str, Any], ...]] = {}
        for nid, node in sc.nodes.items():
            exits = node.successors()
            if node.choices is not None:
                self.choices[nid] = tuple((x.index, x.choice, sc.condition(nid, x.kind, x.index))
                                          for x in exits if x.choice is not None)
            elif node.branch is not None:
                self.branches[nid] = tuple((x.to, sc.condition(nid, x.kind, x.index)) for x in exits)
            elif exits:  # `next` or `end`
                self.auto[nid] = exits[0].to
        self.guard = len(sc.nodes) + 1

    @classmethod
    def of(cls, sc: Scenario) -> Rules:
        """The scenario's rules, compiled once (the engine's cache keeps them)."""
        return compiled(sc, Rules)

    def auto_target(self, nid: str, state: PlayState) -> str | None:
        """Where a non-decision node moves on to, or None at a decision node."""
        to = self.auto.get(nid)
        if to is not None:
            return to
        entries = self.branches.get(nid)
        if entries is None:
            return None
        for to, cond in entries:
            if cond is None or cond(state):
                return to
        return entries[-1][0]  # unreachable: the last entry has no `if`

    def available(self, nid: str, state: PlayState) -> list[tuple[int, Choice]]:
        """(file index, choice) for the choices offered now, in file order."""
        entries = self.choices.get(nid, ())
        out = [(i, c) for i, c, cond in entries if cond is None or cond(state)]
        return out or [(i, c) for i, c, _cond in entries]

    def enter(self, nid: str, state: PlayState) -> str:
        """Enter `nid` and follow automatic moves; the decision node or ending reached (see `walk`)."""
        guard = self.guard
        while guard > 0 and nid not in self.endings:
            guard -= 1
            state.visited.add(nid)
            nxt = self.auto_target(nid, state)
            if nxt is None:
                return nid
            nid = nxt
        return nid


def branch_target(sc: Scenario, nid: str, node: Node, state: PlayState) -> str:
    to = Rules.of(sc).auto_target(nid, state)
    return to if to is not None else (node.branch or [])[-1].to


def auto_target(sc: Scenario, nid: str, state: PlayState) -> str | None:
    """Where a non-decision node moves on to, or None at a decision node."""
    return Rules.of(sc).auto_target(nid, state)


def available(sc: Scenario, nid: str, state: PlayState) -> list[tuple[int, Choice]]:
    """(file index, choice) for the choices offered now, in file order."""
    return Rules.of(sc).available(nid, state)


def walk(sc: Scenario, nid: str, state: PlayState) -> Iterator[str]:
    """Enter `nid` and follow automatic moves; yields each node or ending id entered, in order."""
    rules = Rules.of(sc)
    current: str | None = nid
    guard = rules.guard
    while current is not None and guard > 0:
        guard -= 1
        yield current
        if current in rules.endings:
            return
        state.visited.add(current)
        current = rules.auto_target(current, state)
