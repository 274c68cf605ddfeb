"""What a scenario allows, over every path its conditions permit — by memoised search, never by listing paths.

The search key is (node, the part of the state any condition can read). With no
conditions that is the node alone, so a 3^40-path scenario costs 40 steps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from game.engine.rules import PlayState, Rules
from game.scenario.errors import Finding
from game.scenario.model import Choice, Scenario

StateKey = tuple[object, ...]


@dataclass(frozen=True)
class Value:
    """Best/worst score per principle, best/worst totals, and the number of paths, from a point onwards."""

    best: tuple[int, ...]
    worst: tuple[int, ...]
    best_total: int
    worst_total: int
    best_focus: int
    worst_focus: int
    paths: int


@dataclass
class Analysis:
    scenario: Scenario
    principles: list[str]
    focus: list[str]
    start: Value
    reachable_nodes: set[str]
    reachable_endings: set[str]
    conditions_true: set[tuple[str, str, int]]
    conditions_seen: set[tuple[str, str, int]]
    solver: "Solver" = field(repr=False)

    @property
    def paths(self) -> int:
        return self.start.paths

    def best(self, principle: str) -> int:
        return self.start.best[self.principles.index(principle)]

    def worst(self, principle: str) -> int:
        return self.start.worst[self.principles.index(principle)]

    @property
    def unreachable_nodes(self) -> list[str]:
        return [n for n in self.scenario.nodes if n not in self.reachable_nodes]

    @property
    def never_true(self) -> list[tuple[str, str, int]]:
        """Conditions on reachable nodes that no path makes true."""
        out = []
        for (nid, where, i) in self.scenario._conditions:
            if nid in self.reachable_nodes and (nid, where, i) not in self.conditions_true:
                out.append((nid, where, i))
        return out

    def best_path(self, principle: str | None = None) -> list[tuple[str, int]]:
        """(node, choice index) along a path that maximises one principle (or the focus total)."""
        return self.solver.best_path(principle)

    def to_dict(self) -> dict[str, object]:
        """The shape `rapport analyze --format json` prints."""
        return {
            "paths": self.paths,
            "principles": {p: {"best": self.start.best[i], "worst": self.start.worst[i]}
                           for i, p in enumerate(self.principles)},
            "endings": {eid: {"reachable": eid in self.reachable_endings, "outcome": e.outcome}
                        for eid, e in self.scenario.endings.items()},
            "unreachable_nodes": self.unreachable_nodes,
        }


class Solver:
    """Memoised best/worst/path-count search over (node, relevant state)."""

    def __init__(self, sc: Scenario):
        self.sc = sc
        self.rules = Rules.of(sc)  # plain tables: reading the scenario's private attributes is slow
        pack = sc.pack
        self.principles: list[str] = list(pack.principles) if pack is not None else []
        self.index = {p: i for i, p in enumerate(self.principles)}
        self.focus = [p for p in sc.focus if p in self.index] or list(self.principles)
        conds = list(sc._conditions.values())
        self.flags = sorted({f for c in conds for f in c.flags})
        self.read_scores = sorted({p for c in conds for p in c.principles})
        self.read_rapport = sorted({ch for c in conds for ch in c.characters})
        self.read_visits = sorted({n for c in conds for n in c.visits})
        self.tracked_visits = set(self.read_visits)
        self.stateful = bool(conds)
        self.live = self._live_reads() if self.stateful else {}
        self.memo: dict[tuple[str, StateKey], Value] = {}
        self.reachable: set[str] = set()
        self.cond_true: set[tuple[str, str, int]] = set()
        self.cond_seen: set[tuple[str, str, int]] = set()
        self._n = len(self.principles)
        focus_idx = [self.index[p] for p in self.focus]
        # Per choice: score vector, total, focus total — computed once.
        self._vec: dict[int, tuple[tuple[int, ...], int, int]] = {}
        self._focus_idx = focus_idx

    # -------------------------------------------------------------- state
    def _live_reads(self) -> dict[str, tuple[tuple[str, ...], ...]]:
        """Per node: the flags, scores, rapport and visits that conditions at it or after it read.

        What happens from a node on depends on nothing else, so the memo key keeps only these
        (a flag read once at the start no longer splits every state after it).
        """
        sc = self.sc
        reads: dict[str, set[tuple[int, str]]] = {nid: set() for nid in sc.nodes}
        for (nid, _where, _i), c in sc._conditions.items():
            reads[nid] |= ({(0, f) for f in c.flags} | {(1, p) for p in c.principles}
                           | {(2, ch) for ch in c.characters} | {(3, n) for n in c.visits})
        succ = {nid: [t for t in ([c.to for c in node.choices or []] + [e.to for e in node.branch or []]
                                  + [node.next, node.end]) if t is not None and t in sc.nodes]
                for nid, node in sc.nodes.items()}
        live: dict[str, set[tuple[int, str]]] = {}
        for root in sc.nodes:  # iterative post-order: scenarios can be thousands of nodes deep
            stack = [(root, iter(succ[root]))]
            while stack:
                nid, it = stack[-1]
                nxt = next((t for t in it if t not in live), None)
                if nxt is not None and nid not in live:
                    stack.append((nxt, iter(succ[nxt])))
                    continue
                stack.pop()
                if nid not in live:
                    live[nid] = reads[nid].union(*(live[t] for t in succ[nid]))
        return {nid: tuple(tuple(sorted(name for k, name in got if k == kind)) for kind in range(4))
                for nid, got in live.items()}

    def key(self, s: PlayState, nid: str | None = None) -> StateKey:
        """The part of the state that decides what can happen from `nid` on (from anywhere when None)."""
        if not self.stateful:
            return ()
        flags, scores, rapport, visits = self.live.get(nid, ((), (), (), ())) if nid is not None else (
            self.flags, self.read_scores, self.read_rapport, self.read_visits)
        return (tuple(int(s.flags.get(f, 0)) for f in flags)
                + tuple(s.scores.get(p, 0) for p in scores)
                + tuple(s.rapport.get(c, 0) for c in rapport)
                + tuple(n in s.visited for n in visits))

    def vec(self, c: Choice) -> tuple[tuple[int, ...], int, int]:
        got = self._vec.get(id(c))
        if got is None:
            v = [0] * self._n
            for p, x in c.score.items():
                if p in self.index:
                    v[self.index[p]] += x
            got = (tuple(v), sum(v), sum(v[i] for i in self._focus_idx))
            self._vec[id(c)] = got
        return got

    def _observe(self, nid: str, s: PlayState) -> None:
        rules = self.rules
        if nid in rules.choices:
            where, conds = "choice", [cond for _i, _c, cond in rules.choices[nid]]
        else:
            where, conds = "branch", [cond for _to, cond in rules.branches.get(nid, ())]
        for i, cond in enumerate(conds):
            if cond is None:
                continue
            k = (nid, where, i)
            self.cond_seen.add(k)
            if k not in self.cond_true and cond(s):
                self.cond_true.add(k)
            if where == "branch" and cond(s):
                break  # later entries are not evaluated on this path

    def enter(self, nid: str, s: PlayState) -> tuple[str, PlayState]:
        """Follow automatic moves from `nid`; return the decision node or ending reached, and the state."""
        copied = False
        guard = len(self.sc.nodes) + 1
        while nid in self.sc.nodes and guard:
            guard -= 1
            self.reachable.add(nid)
            if nid in self.tracked_visits and nid not in s.visited:
                if not copied:
                    s, copied = s.copy(), True
                s.visited.add(nid)
            if self.stateful:
                self._observe(nid, s)
            nxt = self.rules.auto_target(nid, s)
            if nxt is None:
                return nid, s
            nid = nxt
        self.reachable.add(nid)
        return nid, s

    def after(self, s: PlayState, c: Choice) -> PlayState:
        if not self.stateful or not (c.set or c.rapport or c.score):
            return s
        s2 = s.copy()
        s2.apply(c)
        return s2

    # -------------------------------------------------------------- search
    def value(self, nid: str, s: PlayState) -> Value:
        """Value at a decision node or ending, iteratively (scenarios can be thousands of nodes deep)."""
        root = (nid, self.key(s, nid))
        if root in self.memo:
            return self.memo[root]
        # Frame: (node, state, key, children-to-visit, collected child results)
        stack: list[tuple[str, PlayState, tuple[str, StateKey], list[tuple[Choice, str, PlayState]], list[Any]]] = []
        self._push(stack, nid, s, root)
        result: Value | None = None
        while stack:
            node, st, k, todo, done = stack[-1]
            if todo:
                choice, dest, st2 = todo.pop()
                ck = (dest, self.key(st2, dest))
                if ck in self.memo:
                    done.append((choice, self.memo[ck]))
                else:
                    done.append((choice, None, ck))
                    self._push(stack, dest, st2, ck)
                continue
            stack.pop()
            result = self._combine(node, done)
            self.memo[k] = result
            if stack:
                parent_done = stack[-1][4]
                last = parent_done[-1]
                if len(last) == 3 and last[2] == k:
                    parent_done[-1] = (last[0], result)
        assert result is not None or root in self.memo
        return self.memo[root]

    def _push(self, stack: list, nid: str, s: PlayState, k: tuple[str, StateKey]) -> None:  # type: ignore[type-arg]
        todo: list[tuple[Choice, str, PlayState]] = []
        if nid in self.sc.nodes:
            for _i, c in self.rules.available(nid, s):
                dest, s3 = self.enter(c.to, self.after(s, c))
                todo.append((c, dest, s3))
            todo.reverse()
        stack.append((nid, s, k, todo, []))

    def _combine(self, nid: str, done: list) -> Value:  # type: ignore[type-arg]
        if nid not in self.sc.nodes:
            z = (0,) * self._n
            return Value(z, z, 0, 0, 0, 0, 1)
        best = [None] * self._n
        worst = [None] * self._n
        bt = wt = bf = wf = None
        paths = 0
        for c, v in done:
            vec, tot, foc = self.vec(c)
            for i in range(self._n):
                b = vec[i] + v.best[i]
                w = vec[i] + v.worst[i]
                if best[i] is None or b > best[i]:
                    best[i] = b
                if worst[i] is None or w < worst[i]:
                    worst[i] = w
            t1, t2, f1, f2 = tot + v.best_total, tot + v.worst_total, foc + v.best_focus, foc + v.worst_focus
            bt = t1 if bt is None or t1 > bt else bt
            wt = t2 if wt is None or t2 < wt else wt
            bf = f1 if bf is None or f1 > bf else bf
            wf = f2 if wf is None or f2 < wf else wf
            paths += v.paths
        return Value(tuple(best), tuple(worst), bt, wt, bf, wf, paths)  # type: ignore[arg-type]

    def choice_values(self, nid: str, s: PlayState) -> list[tuple[int, Choice, int, int]]:
        """At a decision: (index, choice, best focus total through it, best total through it)."""
        out = []
        for i, c in self.rules.available(nid, s):
            dest, s3 = self.enter(c.to, self.after(s, c))
            v = self.value(dest, s3)
            _vec, tot, foc = self.vec(c)
            out.append((i, c, foc + v.best_focus, tot + v.best_total))
        return out

    def best_path(self, principle: str | None) -> list[tuple[str, int]]:
        s = PlayState.initial(self.sc)
        nid, s = self.enter(self.sc.start_id, s)
        path: list[tuple[str, int]] = []
        pi = self.index.get(principle) if principle else None
        while nid in self.sc.nodes:
            best_key: tuple[int, ...] | None = None
            pick: tuple[int, Choice, str, PlayState] | None = None
            for i, c in self.rules.available(nid, s):
                dest, s3 = self.enter(c.to, self.after(s, c))
                v = self.value(dest, s3)
                vec, _tot, foc = self.vec(c)
                score = (vec[pi] + v.best[pi]) if pi is not None else foc + v.best_focus
                if best_key is None or score > best_key[0]:
                    best_key, pick = (score,), (i, c, dest, s3)
            assert pick is not None
            path.append((nid, pick[0]))
            nid, s = pick[2], pick[3]
        return path


def analyze(sc: Scenario) -> Analysis:
    solver = Solver(sc)
    s0 = PlayState.initial(sc)
    nid, s = solver.enter(sc.start_id, s0)
    start = solver.value(nid, s)
    return Analysis(
        scenario=sc,
        principles=solver.principles,
        focus=solver.focus,
        start=start,
        reachable_nodes={n for n in solver.reachable if n in sc.nodes},
        reachable_endings={n for n in solver.reachable if n in sc.endings},
        conditions_true=solver.cond_true,
        conditions_seen=solver.cond_seen,
        solver=solver,
    )


def lint_findings(sc: Scenario) -> list[Finding]:
    """Warnings that need the conditions: nodes and endings no allowed path reaches; conditions that never hold."""
    a = analyze(sc)
    doc = getattr(sc, "_document", None)
    out: list[Finding] = []

    def at(path: tuple[object, ...], key: bool = False) -> tuple[int, int]:
        if doc is None:
            return (1, 1)
        pos: tuple[int, int] = doc.key_pos(path) if key else doc.pos(path)
        return pos

    for nid in a.unreachable_nodes:
        line, col = at(("nodes", nid), key=True)
        out.append(Finding(sc.path, line, col, "warning", "unreachable-node",
                           f"no path reaches node `{nid}` (taking the conditions into account); "
                           "link to it from a choice, or remove it."))
    for eid in sc.endings:
        if eid not in a.reachable_endings:
            line, col = at(("endings", eid), key=True)
            out.append(Finding(sc.path, line, col, "warning", "unreachable-ending",
                               f"no path reaches ending `{eid}` (taking the conditions into account); "
                               "send a choice there, or remove it."))
    for nid, where, i in a.never_true:
        path = ("nodes", nid, "choices" if where == "choice" else "branch", i, "if")
        cond = sc.condition(nid, where, i)
        line, col = at(path)
        out.append(Finding(sc.path, line, col, "warning", "condition-never-holds",
                           f"the condition `{cond.source if cond else '?'}` never holds on any path, so this "
                           f"{'choice is never shown' if where == 'choice' else 'branch is never taken'}; "
                           "check the flag names and numbers it uses."))
    return out


__all__ = ["Analysis", "Solver", "Value", "analyze", "lint_findings"]
