"""Endings that do not match the path: a `success` some path reaches with a grade below 50, a `setback`
one reaches with a grade above 80 (format 1.1).

Exact, by the analysis's own memoised search: per (node, the state every later condition reads), the
lowest and highest total still to come on a path to each such ending. Which ending a path reaches can
depend on any condition, so the key is the analysis's full one (`Solver.spec_all`), never a list of paths.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.engine.rules import PlayState
from game.engine.scoring import grade
from game.i18n import _
from game.scenario.errors import Finding
from game.scenario.model import Choice

if TYPE_CHECKING:
    from game.engine.analysis import Analysis, Solver, StateKey

Extremes = dict[str, tuple[int, int]]  # ending id -> (lowest, highest) total still to come on a path to it
Memo = tuple[str, "StateKey"]

SUCCESS_BELOW = 50
SETBACK_ABOVE = 80


class _Totals:
    """Lowest and highest totals to the watched endings, memoised on (node, full key)."""

    def __init__(self, solver: Solver, watched: set[str]):
        self.solver = solver
        self.watched = watched
        self.memo: dict[Memo, Extremes] = {}

    def step(self, s: PlayState, c: Choice) -> tuple[str, PlayState, Memo]:
        """Take `c` in `s`: the decision node or ending reached, its state kept to the full key, and the key."""
        solver = self.solver
        if not solver.stateful:
            dest = solver._walk(c.to, s)
            return dest, s, (dest, ())
        s2 = solver._copy(s)
        s2.apply(c)
        dest = solver._walk(c.to, s2)
        spec = solver.spec_all.get(dest, ())
        return dest, solver._prune(s2, spec), (dest, solver._key(s2, spec))

    def root(self, nid: str, s: PlayState) -> Memo:
        if not self.solver.stateful:
            return (nid, ())
        return (nid, self.solver._key(s, self.solver.spec_all.get(nid, ())))

    def at(self, nid: str, s: PlayState) -> Extremes:
        """Extremes from a decision node or ending, iteratively (scenarios can be thousands of nodes deep)."""
        root = self.root(nid, s)
        if root in self.memo:
            return self.memo[root]
        # Frame: (node, key, children still to visit, (choice total, child key) of every child)
        stack: list[tuple[str, Memo, list[tuple[str, PlayState, Memo]], list[tuple[int, Memo]]]] = []
        self._push(stack, nid, s, root)
        while stack:
            _node, key, todo, children = stack[-1]
            if todo:
                dest, st, ck = todo.pop()
                if ck not in self.memo:
                    self._push(stack, dest, st, ck)
                continue
            stack.pop()
            self.memo[key] = self._combine(key[0], children)
        return self.memo[root]

    def _push(self, stack: list[tuple[str, Memo, list[tuple[str, PlayState, Memo]], list[tuple[int, Memo]]]],
              nid: str, s: PlayState, key: Memo) -> None:
        todo: list[tuple[str, PlayState, Memo]] = []
        children: list[tuple[int, Memo]] = []
        if nid in self.solver.sc.nodes:
            for _i, c in self.solver.rules.available(nid, s):
                dest, s2, ck = self.step(s, c)
                todo.append((dest, s2, ck))
                children.append((self.solver.vec(c)[1], ck))
        stack.append((nid, key, todo, children))

    def _combine(self, nid: str, children: list[tuple[int, Memo]]) -> Extremes:
        if nid not in self.solver.sc.nodes:
            return {nid: (0, 0)} if nid in self.watched else {}
        out: Extremes = {}
        for total, ck in children:
            for eid, (lo, hi) in self.memo[ck].items():
                got = out.get(eid)
                lo, hi = lo + total, hi + total
                out[eid] = (lo, hi) if got is None else (min(got[0], lo), max(got[1], hi))
        return out

    def path_to(self, eid: str, lowest: bool) -> list[str]:
        """The texts of the choices along one path that reaches `eid` with its lowest (or highest) total."""
        solver = self.solver
        nid, s = solver.enter(solver.sc.start_id, PlayState.initial(solver.sc))
        need = self.at(nid, s)[eid][0 if lowest else 1]
        taken: list[str] = []
        while nid != eid:
            for _i, c in solver.rules.available(nid, s):
                dest, s2, _ck = self.step(s, c)
                total = solver.vec(c)[1]
                got = self.at(dest, s2).get(eid)
                if got is not None and total + got[0 if lowest else 1] == need:
                    taken.append(c.text)
                    need -= total
                    nid, s = dest, s2
                    break
            else:  # cannot happen: the memo says some choice leads there with this total
                raise AssertionError(f"no choice at `{nid}` continues the path to `{eid}`")
        return taken


def _described(texts: list[str]) -> str:
    return " → ".join(f'"{t}"' for t in texts) if texts else _("(no choices at all)")


def ending_totals(a: Analysis, watched: set[str]) -> tuple[Extremes, _Totals]:
    """Per watched ending some path reaches: the lowest and highest total on arrival; and the search,
    which can then name a path (`path_to`)."""
    sc = a.scenario
    totals = _Totals(a.solver, watched)
    nid, s = a.solver.enter(sc.start_id, PlayState.initial(sc))
    return totals.at(nid, s), totals


def grade_findings(a: Analysis) -> list[Finding]:
    """The two warnings, each naming one path, placed on the ending's `outcome`."""
    sc = a.scenario
    watched = {eid for eid, e in sc.endings.items()
               if e.outcome in ("success", "setback") and eid in a.reachable_endings}
    if not watched:
        return []
    extremes, totals = ending_totals(a, watched)
    worst, best = a.start.worst_total, a.start.best_total
    doc = sc.document
    out: list[Finding] = []
    for eid in sc.endings:
        if eid not in extremes:
            continue
        lo, hi = extremes[eid]
        outcome = sc.endings[eid].outcome
        if outcome == "success" and grade(lo, worst, best) < SUCCESS_BELOW:
            code, g = "success-low-grade", grade(lo, worst, best)
            message = _("ending `{ending}` is a `success`, but a path reaches it with a grade of {grade} (below "
                        "{limit}): {path}; lower its outcome, or send that path to another ending (a `branch` on "
                        "the score).").format(ending=eid, grade=g, limit=SUCCESS_BELOW,
                                              path=_described(totals.path_to(eid, True)))
        elif outcome == "setback" and grade(hi, worst, best) > SETBACK_ABOVE:
            code, g = "setback-high-grade", grade(hi, worst, best)
            message = _("ending `{ending}` is a `setback`, but a path reaches it with a grade of {grade} (above "
                        "{limit}): {path}; raise its outcome, or send that path to another ending (a `branch` on "
                        "the score).").format(ending=eid, grade=g, limit=SETBACK_ABOVE,
                                              path=_described(totals.path_to(eid, False)))
        else:
            continue
        line, col = doc.pos(("endings", eid, "outcome")) if doc is not None else (1, 1)
        out.append(Finding(sc.path, line, col, "warning", code, message))
    return out


__all__ = ["SETBACK_ABOVE", "SUCCESS_BELOW", "ending_totals", "grade_findings"]
