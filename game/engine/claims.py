"""`requires` proved over every path (format 1.1): text that presupposes something must have it on arrival.

Exact, and without listing paths: a forward pass in topological order over (node, the state every later
condition reads), with the `requires` themselves added to the conditions the analysis's plan answers for
(`Solver(sc, claims)`), so two states with one key agree on every `if` and every `requires` from there on.
Each (node, key) remembers the first choice that brought it there; following those back from a state where
a claim fails gives a real path to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from game.engine.analysis import Claim, Solver, StateKey
from game.engine.rules import PlayState
from game.i18n import _
from game.scenario.errors import Finding
from game.scenario.expr import Condition

if TYPE_CHECKING:
    from game.engine.analysis import Analysis
    from game.scenario.model import Scenario

At = tuple[str, StateKey]


class Unmet(NamedTuple):
    """A node or ending whose `requires` some path reaches without, and the texts of that path's choices."""

    target: str
    condition: Condition
    path: list[str]


def _claims(sc: Scenario) -> tuple[dict[str, Condition], list[Claim]]:
    """Each `requires`, by target; and where the plan reads it: at its node, or after each way into its ending."""
    wanted: dict[str, Condition] = {}
    for target in (*sc.nodes, *sc.endings):
        cond = sc.requirement(target)
        if isinstance(cond, Condition):
            wanted[target] = cond
    claims: list[Claim] = []
    for nid, node in sc.nodes.items():
        if nid in wanted:
            claims.append(Claim(nid, wanted[nid]))
        for c in node.choices or []:
            if c.to in sc.endings and c.to in wanted:
                claims.append(Claim(nid, wanted[c.to], c))
        for to in [e.to for e in node.branch or []] + [t for t in (node.next, node.end) if t is not None]:
            if to in sc.endings and to in wanted:
                claims.append(Claim(nid, wanted[to]))
    return wanted, claims


def unmet(sc: Scenario) -> list[Unmet]:
    """Every node and ending with a `requires` that some allowed path reaches without it, in file order."""
    wanted, claims = _claims(sc)
    if not claims:  # none, or only on endings nothing leads to
        return []
    solver = Solver(sc, claims)
    nodes = sc.nodes
    came: dict[At, tuple[At, str | None] | None] = {}  # (node, key) -> the first (node, key) and choice before it
    pending: dict[str, dict[StateKey, PlayState]] = {}
    failed: dict[str, tuple[At, str | None]] = {}  # target -> where the claim failed, and the choice just taken

    def arrive(t: str, s: PlayState, parent: tuple[At, str | None] | None) -> None:
        if t not in nodes:  # an ending: its claim reads the state on arrival
            cond = wanted.get(t)
            if cond is not None and parent is not None and t not in failed and not _holds(cond, s):
                failed[t] = parent
            return
        k, new = solver.file(pending, t, s)
        if new:
            came[(t, k)] = parent

    arrive(sc.start_id, PlayState.initial(sc), None)
    for nid in solver.walk_order():
        for k, rep in pending.pop(nid, {}).items():
            here = (nid, k)
            cond = wanted.get(nid)
            if cond is not None and nid not in failed and not _holds(cond, rep):
                failed[nid] = (here, None)
            for to, c, s2 in solver.steps(nid, rep):
                arrive(to, s2, (here, None if c is None else c.text))
    return [Unmet(t, wanted[t], _texts(came, *failed[t])) for t in wanted if t in failed]


def _holds(cond: Condition, s: PlayState) -> bool:
    # PlayState's dicts and set are mutable where `State` reads a Mapping: the same data, so ignore the variance.
    return bool(cond(s))  # type: ignore[arg-type]


def _texts(came: dict[At, tuple[At, str | None] | None], at: At, last: str | None) -> list[str]:
    """The choice texts from the start to `at`, then `last` (the choice taken there) when there is one."""
    texts = [] if last is None else [last]
    step = came.get(at)
    while step is not None:
        prev, text = step
        if text is not None:
            texts.append(text)
        step = came.get(prev)
    return texts[::-1]


def _described(texts: list[str]) -> str:
    return " → ".join(f'"{t}"' for t in texts) if texts else _("without a single choice")


def requires_findings(a: Analysis) -> list[Finding]:
    """A warning on each `requires` some path reaches without, naming one such path."""
    sc = a.scenario
    doc = sc.document
    out: list[Finding] = []
    for got in unmet(sc):
        is_node = got.target in sc.nodes
        where = ("nodes" if is_node else "endings", got.target, "requires")
        line, col = doc.pos(where) if doc is not None else (1, 1)
        out.append(Finding(sc.path, line, col, "warning", "requires-not-met",
                           (_("node `{target}` requires `{condition}`, but a path reaches it without that: "
                              "{path}; make that path set what the text claims, send it elsewhere (a `branch`), "
                              "or change the text and its `requires`.") if is_node else
                            _("ending `{target}` requires `{condition}`, but a path reaches it without that: "
                              "{path}; make that path set what the text claims, send it elsewhere (a `branch`), "
                              "or change the text and its `requires`.")).format(
                                  target=got.target, condition=got.condition.source, path=_described(got.path))))
    return out


__all__ = ["Unmet", "requires_findings", "unmet"]
