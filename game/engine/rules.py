"""The rules of play, shared by sessions, analysis and simulation so they can never disagree.

Entering a node marks it visited (so `visited(x)` holds at x itself); a `next`
or `end` node moves on at once; a `branch` takes its first entry whose `if`
holds. At a decision the available choices are those whose `if` holds, in
file order. If a state hides every choice (lint warns about this), all of them
are offered, so a player is never stuck.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

from game.scenario.model import Choice, Node, Scenario


@dataclass
class PlayState:
    """What conditions read: flags, principle scores, rapport and visited nodes."""

    flags: dict[str, bool | int] = field(default_factory=dict)
    scores: dict[str, int] = field(default_factory=dict)
    rapport: dict[str, int] = field(default_factory=dict)
    visited: set[str] = field(default_factory=set)

    @classmethod
    def initial(cls, sc: Scenario) -> "PlayState":
        principles = sc.pack.principles if sc.pack is not None else {}
        return cls(
            flags={},
            scores={p: 0 for p in principles},
            rapport={cid: ch.rapport for cid, ch in sc.characters.items()},
            visited=set(),
        )

    def copy(self) -> "PlayState":
        return PlayState(dict(self.flags), dict(self.scores), dict(self.rapport), set(self.visited))

    def apply(self, choice: Choice) -> None:
        """A choice's effects: scores and rapport add up; flags are set."""
        for p, v in choice.score.items():
            self.scores[p] = self.scores.get(p, 0) + v
        for c, v in choice.rapport.items():
            self.rapport[c] = self.rapport.get(c, 0) + v
        self.flags.update(choice.set)


def branch_target(sc: Scenario, nid: str, node: Node, state: PlayState) -> str:
    entries = node.branch or []
    for i, entry in enumerate(entries):
        cond = sc.condition(nid, "branch", i)
        if cond is None or cond(state):
            return entry.to
    return entries[-1].to  # unreachable: the last entry has no `if`


def auto_target(sc: Scenario, nid: str, state: PlayState) -> str | None:
    """Where a non-decision node moves on to, or None at a decision node."""
    node = sc.nodes[nid]
    if node.next is not None:
        return node.next
    if node.end is not None:
        return node.end
    if node.branch is not None:
        return branch_target(sc, nid, node, state)
    return None


def available(sc: Scenario, nid: str, state: PlayState) -> list[tuple[int, Choice]]:
    """(file index, choice) for the choices offered now, in file order."""
    choices = sc.nodes[nid].choices or []
    out = [(i, c) for i, c in enumerate(choices)
           if (cond := sc.condition(nid, "choice", i)) is None or cond(state)]
    return out or list(enumerate(choices))


def walk(sc: Scenario, nid: str, state: PlayState) -> Iterator[str]:
    """Enter `nid` and follow automatic moves; yields each node or ending id entered, in order."""
    current: str | None = nid
    guard = len(sc.nodes) + 1
    while current is not None and guard > 0:
        guard -= 1
        yield current
        if current not in sc.nodes:
            return
        state.visited.add(current)
        current = auto_target(sc, current, state)
