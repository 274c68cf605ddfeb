"""What a scenario allows, over every path its conditions permit — by memoised search, never by listing paths.

Two passes, each over (node, the part of the state that matters from that node on):

* a backward search for best/worst scores and path counts (`Value`), memoised on the state that the
  *steering* conditions downstream read: choice conditions, and branches whose entries lead to different
  places. A branch whose entries all lead to the same node, or all to endings, cannot change any `Value`;
* a forward pass in topological order that finds the reachable nodes and endings and the conditions that
  can hold, reading every condition.

Either key keeps a variable at a node only if some path to the node can have changed it and some
condition at or after the node reads it, so it is bounded by the conversation around the node, not the
scenario's size. A score or rapport compared only with numbers is clamped to the range where a comparison
downstream can still tell values apart (all values below it, and all above it, give every condition the
same result on every path). In the forward pass a score read only by endings-style branches is carried beside
the key, in a set of joint values cut to the cells the comparisons ahead tell apart. With no conditions the key is empty,
so a 3^40-path scenario costs 40 steps.
"""

from __future__ import annotations

import operator
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from game.engine.rules import PlayState, Rules
from game.i18n import _
from game.scenario.errors import Finding
from game.scenario.expr import Condition
from game.scenario.model import Choice, Scenario

StateKey = tuple[object, ...]
Var = tuple[int, str]  # (kind, name): 0 flag, 1 principle score, 2 character rapport, 3 visit
Spec = tuple[tuple[int, str, float, float], ...]  # per node: (kind, name, lo, hi) of each variable in the key
INF = float("inf")


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
    solver: Solver = field(repr=False)

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
        for (nid, where, i) in self.scenario.conditions:
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


# ------------------------------------------------------------------ how a condition reads numbers
def numeric_reads(c: Condition) -> dict[Var, frozenset[int] | None]:
    """Per score `(1, p)` and rapport `(2, c)` a condition reads: the numbers it is compared with (a bare
    use, as in `not p`, compares with 0), or None when it is compared with something that is not a number.

    If every comparison of a value is with a number in K, all values below min(K) give the condition one
    result and all values above max(K) another: the values in between are the only ones to tell apart.
    The parser records the comparisons (`Condition.score_numbers`, `rapport_numbers`).
    """
    out: dict[Var, frozenset[int] | None] = {(1, p): ns for p, ns in c.score_numbers.items()}
    out.update({(2, ch): ns for ch, ns in c.rapport_numbers.items()})
    return out


class _Rapport(dict[str, int]):
    """A pruned state's rapport: a character left out reads as its starting rapport, which it still has
    (it is left out only where no path to the node can have changed it, or where nothing reads it again)."""

    __slots__ = ("base",)

    def __init__(self, base: Mapping[str, int], items: Iterable[tuple[str, int]] = ()) -> None:
        super().__init__(items)
        self.base = base

    def get(self, key: str, default: Any = None) -> Any:
        if key in self:
            return self[key]
        return self.base.get(key, default)


class Claim(NamedTuple):
    """A condition the plan must also answer for (a `requires`, checked by `game.engine.claims`): read at
    node `reader`, or, with `via`, just after the reader's choice `via` (a claim on the ending it leads to)."""

    reader: str
    condition: Condition
    via: Choice | None = None


@dataclass
class _Cond:
    nid: str
    where: str
    index: int
    reads: set[Var]
    numbers: dict[Var, frozenset[int] | None]
    steering: bool


class Solver:
    """Memoised best/worst/path-count search over (node, relevant state), and the forward reachability pass."""

    def __init__(self, sc: Scenario, claims: Sequence[Claim] = ()):
        self.sc = sc
        self.claims = tuple(claims)
        self.rules = Rules.of(sc)  # plain tables: reading the scenario's private attributes is slow
        pack = sc.pack
        self.principles: list[str] = list(pack.principles) if pack is not None else []
        self.index = {p: i for i, p in enumerate(self.principles)}
        self.focus = [p for p in sc.focus if p in self.index] or list(self.principles)
        conds = [*sc.conditions.values(), *(c.condition for c in self.claims)]
        self.flags = sorted({f for c in conds for f in c.flags})
        self.read_scores = sorted({p for c in conds for p in c.principles})
        self.read_rapport = sorted({ch for c in conds for ch in c.characters})
        self.read_visits = sorted({n for c in conds for n in c.visits})
        self.tracked_visits = set(self.read_visits)
        self.stateful = bool(conds)
        self._base_rapport = {cid: ch.rapport for cid, ch in sc.characters.items()}
        self.memo: dict[tuple[str, StateKey], Value] = {}
        self.reachable: set[str] = set()
        self.stranded: set[str] = set()  # decision nodes some allowed path reaches with no choice's `if` holding
        self.cond_true: set[tuple[str, str, int]] = set()
        self.cond_seen: set[tuple[str, str, int]] = set()
        self.forward_states = 0
        self._n = len(self.principles)
        self._focus_idx = [self.index[p] for p in self.focus]
        # Per choice: score vector, total, focus total — computed once.
        self._vec: dict[int, tuple[tuple[int, ...], int, int]] = {}
        # Per node: the key's variables for every condition (`key`), for the forward pass (observed scores
        # left out) and for the search (steering conditions only); observed numbers live at each node.
        self.spec_all: dict[str, Spec] = {}
        self.spec_fwd: dict[str, Spec] = {}
        self.spec_val: dict[str, Spec] = {}
        self.observed_at: dict[str, tuple[tuple[int, float, float], ...]] = {}  # (index in obs_vars, lo, hi)
        self.obs_vars: tuple[Var, ...] = ()
        self.obs_init: tuple[int, ...] = ()
        self._cells: dict[str, tuple[tuple[int, ...], ...]] = {}
        self._reads_obs: set[str] = set()  # branches whose conditions read an observed number
        self._cut: dict[str, tuple[tuple[int, ...], ...]] = {}
        self._ahead: dict[str, tuple[tuple[int, ...], ...]] = {}  # per node, per live observed number: see `_plan`
        self.live: dict[str, tuple[tuple[str, ...], ...]] = {}
        if self.stateful:
            self._plan()

    # -------------------------------------------------------------- the plan: what each key holds
    def _graph(self) -> tuple[dict[str, list[tuple[str, Choice | None]]], dict[str, int]]:
        """Edges node → (node or ending, the choice taken or None); a topological index of the nodes."""
        sc = self.sc
        succ: dict[str, list[tuple[str, Choice | None]]] = {}
        for nid, node in sc.nodes.items():
            succ[nid] = [(x.to, x.choice) for x in node.successors()]
        order: list[str] = []
        done: set[str] = set()
        for root in sc.nodes:  # iterative post-order: scenarios can be thousands of nodes deep
            if root in done:
                continue
            done.add(root)
            stack = [(root, iter(succ[root]))]
            while stack:
                nid, it = stack[-1]
                for t, _c in it:
                    if t in succ and t not in done:
                        done.add(t)
                        stack.append((t, iter(succ[t])))
                        break
                else:
                    stack.pop()
                    order.append(nid)
        topo = {nid: len(order) - 1 - i for i, nid in enumerate(order)}
        return succ, topo

    def _plan(self) -> None:
        sc = self.sc
        succ, topo = self._graph()
        self._topo = sorted(topo, key=topo.__getitem__)
        pred: dict[str, list[str]] = {nid: [] for nid in sc.nodes}
        for nid, out in succ.items():
            for t, _c in out:
                if t in pred:
                    pred[t].append(nid)
        endings = sc.endings
        # The conditions, what they read, and whether they can steer a `Value`.
        conds: list[_Cond] = []
        for (nid, where, i), parsed in sc.conditions.items():
            reads: set[Var] = ({(0, f) for f in parsed.flags} | {(1, p) for p in parsed.principles}
                               | {(2, ch) for ch in parsed.characters} | {(3, n) for n in parsed.visits})
            numbers = numeric_reads(parsed)
            numbers = {v: numbers.get(v) for v in reads if v[0] in (1, 2)}
            steering = True
            if where == "branch":
                exits = sc.nodes[nid].successors()
                if self.claims and len({x.to for x in exits}) == 1:
                    continue  # every entry goes to one place: no claim downstream depends on which holds
                targets = {None if x.to in endings else x.to for x in exits}
                steering = len(targets) > 1  # all to one node, or all to endings: no `Value` depends on it
            conds.append(_Cond(nid, where, i, reads, numbers, steering))
        for i, claim in enumerate(self.claims):  # never steering: a claim changes nothing in play
            claimed = claim.condition
            reads = ({(0, f) for f in claimed.flags} | {(1, p) for p in claimed.principles}
                     | {(2, ch) for ch in claimed.characters} | {(3, n) for n in claimed.visits})
            numbers = numeric_reads(claimed)
            via = claim.via
            if via is not None:  # read after `via`: at the reader, the numbers that matter are shifted by its effect
                numbers = {v: None if ks is None else frozenset(
                    k - (via.score if v[0] == 1 else via.rapport).get(v[1], 0) for k in ks)
                    for v, ks in numbers.items()}
            conds.append(_Cond(claim.reader, "claim", i, reads, {v: numbers.get(v) for v in reads if v[0] in (1, 2)},
                               False))
        # Numbers (scores and rapport) the forward pass carries as a set of joint values beside the key: read
        # only by branches that cannot change a `Value`, and only compared with numbers. States that differ
        # only in them merge, and each such branch tries every joint value that reaches it.
        numeric = {v for c in conds for v in c.reads if v[0] in (1, 2)}
        observed: set[Var] = {v for v in numeric
                              if all(c.where == "branch" and not c.steering and c.numbers.get(v) is not None
                                     for c in conds if v in c.reads)}
        # Writes: the nodes where a path continues once a variable has been changed.
        writes: dict[Var, set[str]] = {}
        for nid, node in sc.nodes.items():
            writes.setdefault((3, nid), set()).add(nid)  # visited(n) holds from n itself on
            for ch in node.choices or []:
                if ch.to not in sc.nodes:
                    continue
                for f in ch.set:
                    writes.setdefault((0, f), set()).add(ch.to)
                for p, x in ch.score.items():
                    if x:
                        writes.setdefault((1, p), set()).add(ch.to)
                for cid, x in ch.rapport.items():
                    if x:
                        writes.setdefault((2, cid), set()).add(ch.to)

        def delta(c: Choice | None, v: Var) -> int:
            if c is None:
                return 0
            if v[0] == 1:
                return c.score.get(v[1], 0)
            return c.rapport.get(v[1], 0)

        def region(v: Var, readers: set[str]) -> set[str]:
            """Nodes some path reaches after a change to `v` and before a read of it (both inclusive)."""
            last = max(topo[r] for r in readers)
            after: set[str] = set()
            stack = [t for t in writes.get(v, ()) if topo[t] <= last]
            while stack:
                u = stack.pop()
                if u in after:
                    continue
                after.add(u)
                stack.extend(t for t, _c in succ[u] if t in topo and topo[t] <= last and t not in after)
            out: set[str] = set()
            stack = [r for r in readers if r in after]
            while stack:
                u = stack.pop()
                if u in out:
                    continue
                out.add(u)
                stack.extend(q for q in pred[u] if q in after and q not in out)
            return out

        def bounds(v: Var, nodes: set[str], which: list[_Cond]) -> dict[str, tuple[float, float]]:
            """Per node: values at most `lo`, and values at least `hi`, decide every read of `v` downstream alike."""
            own: dict[str, tuple[float, float]] = {}
            for c in which:
                ks = c.numbers.get(v)
                lo, hi = (-INF, INF) if not ks else (min(ks) - 1, max(ks) + 1)
                a, b = own.get(c.nid, (INF, -INF))
                own[c.nid] = (min(a, lo), max(b, hi))
            out: dict[str, tuple[float, float]] = {}
            for u in sorted(nodes, key=topo.__getitem__, reverse=True):
                lo, hi = own.get(u, (INF, -INF))
                for t, via in succ[u]:
                    if t in out:
                        d = delta(via, v)
                        lo, hi = min(lo, out[t][0] - d), max(hi, out[t][1] - d)
                out[u] = (lo, hi)
            return out

        readers_all: dict[Var, list[_Cond]] = {}
        for c in conds:
            for v in c.reads:
                readers_all.setdefault(v, []).append(c)
        spec_all: dict[str, list[tuple[int, str, float, float]]] = {nid: [] for nid in sc.nodes}
        spec_fwd: dict[str, list[tuple[int, str, float, float]]] = {nid: [] for nid in sc.nodes}
        spec_val: dict[str, list[tuple[int, str, float, float]]] = {nid: [] for nid in sc.nodes}
        observed_at: dict[str, list[tuple[int, str, float, float]]] = {nid: [] for nid in sc.nodes}
        obs_region: dict[Var, list[str]] = {}
        for v, which in readers_all.items():
            for steer_only in (False, True):
                use = [c for c in which if c.steering] if steer_only else which
                if not use:
                    continue
                nodes = region(v, {c.nid for c in use})
                if not nodes:
                    continue
                lim = bounds(v, nodes, use) if v[0] in (1, 2) else {}
                for u in nodes:
                    lo, hi = lim.get(u, (-INF, INF))
                    entry = (v[0], v[1], lo, hi)
                    if steer_only:
                        spec_val[u].append(entry)
                    elif v in observed:
                        observed_at[u].append(entry)
                        obs_region.setdefault(v, []).append(u)
                        spec_all[u].append(entry)
                    else:
                        spec_all[u].append(entry)
                        spec_fwd[u].append(entry)
        self.spec_all = {nid: tuple(sorted(s)) for nid, s in spec_all.items()}
        self.spec_fwd = {nid: tuple(sorted(s)) for nid, s in spec_fwd.items()}
        self.spec_val = {nid: tuple(sorted(s)) for nid, s in spec_val.items()}
        self.obs_vars = tuple(sorted(observed))
        slot = {v: j for j, v in enumerate(self.obs_vars)}
        self.obs_init = tuple(0 if kind == 1 else self._base_rapport.get(name, 0) for kind, name in self.obs_vars)
        self.observed_at = {nid: tuple((slot[(kind, name)], lo, hi) for kind, name, lo, hi in sorted(s))
                            for nid, s in observed_at.items()}
        # Per branch reading observed numbers: for each live one, the numbers its entries compare it with
        # (values between two of them read alike, so the branch tries one of each such range).
        numbers_at: dict[str, dict[Var, set[int]]] = {}
        for c in conds:
            if c.where == "branch":
                for v in c.reads:
                    if v in observed:
                        numbers_at.setdefault(c.nid, {}).setdefault(v, set()).update(c.numbers.get(v) or ())
        self._cells = {nid: tuple(tuple(sorted(got.get(self.obs_vars[j], ()))) for j, _lo, _hi in self.observed_at[nid])
                       for nid, got in numbers_at.items()}
        self._reads_obs = {nid for (nid, where, _i), parsed in sc.conditions.items() if where == "branch"
                           and observed & ({(1, p) for p in parsed.principles} | {(2, ch) for ch in parsed.characters})}
        # Per node and live observed number: the numbers a value there is compared with on its way to every
        # branch ahead that reads it (each branch's numbers less the changes along the way). Values that no
        # such comparison tells apart (`_cell`) give every branch ahead the same result on every path, so the
        # forward pass keeps one value for each: a finer cut than the window, and the same where nothing moves.
        ahead: dict[tuple[str, int], tuple[int, ...]] = {}
        for v, region_nodes in obs_region.items():
            j = slot[v]
            got_at: dict[str, set[int]] = {}
            for u in sorted(region_nodes, key=topo.__getitem__, reverse=True):
                ks = set(numbers_at.get(u, {}).get(v, ()))
                for t, via in succ[u]:
                    later = got_at.get(t)
                    if later:
                        d = delta(via, v)
                        ks.update(k - d for k in later) if d else ks.update(later)
                got_at[u] = ks
                ahead[(u, j)] = tuple(sorted(ks))
        self._ahead = {nid: tuple(ahead.get((nid, j), ()) for j, _lo, _hi in at) for nid, at in self.observed_at.items()}
        # Where the branch's own numbers cut more coarsely than the numbers ahead of it (more readers follow).
        self._cut = {nid: cells for nid, cells in self._cells.items() if cells != self._ahead.get(nid)}
        self.live = {nid: tuple(tuple(name for kind, name, _lo, _hi in s if kind == k) for k in range(4))
                     for nid, s in self.spec_all.items()}

    # -------------------------------------------------------------- state
    def key(self, s: PlayState, nid: str | None = None) -> StateKey:
        """The part of the state that decides what can happen from `nid` on (from anywhere when None):
        every condition reached from there holds or not alike in two states with the same key."""
        if not self.stateful:
            return ()
        if nid is None:
            return (tuple(int(s.flags.get(f, 0)) for f in self.flags)
                    + tuple(s.scores.get(p, 0) for p in self.read_scores)
                    + tuple(s.rapport.get(c, 0) for c in self.read_rapport)
                    + tuple(n in s.visited for n in self.read_visits))
        return self._key(s, self.spec_all.get(nid, ()))

    @staticmethod
    def _key(s: PlayState, spec: Spec) -> StateKey:
        out: list[object] = []
        for kind, name, lo, hi in spec:
            if kind == 0:
                out.append(int(s.flags.get(name, 0)))
            elif kind == 3:
                out.append(name in s.visited)
            else:
                x = s.scores.get(name, 0) if kind == 1 else s.rapport.get(name, 0)
                out.append(lo if x < lo else hi if x > hi else x)
        return tuple(out)

    def _prune(self, s: PlayState, spec: Spec) -> PlayState:
        """A copy of `s` holding only the variables in `spec` (the others read as they would in `s`)."""
        flags: dict[str, bool | int] = {}
        scores: dict[str, int] = {}
        rapport = _Rapport(self._base_rapport)
        visited: set[str] = set()
        for kind, name, _lo, _hi in spec:
            if kind == 0:
                if name in s.flags:
                    flags[name] = s.flags[name]
            elif kind == 1:
                scores[name] = s.scores.get(name, 0)
            elif kind == 2:
                rapport[name] = s.rapport.get(name, 0)
            elif name in s.visited:
                visited.add(name)
        return PlayState(flags, scores, rapport, visited)

    def _copy(self, s: PlayState) -> PlayState:
        rapport = s.rapport
        return PlayState(dict(s.flags), dict(s.scores),
                         _Rapport(rapport.base, rapport.items()) if isinstance(rapport, _Rapport) else dict(rapport),
                         set(s.visited))

    # -------------------------------------------------------------- one walk over kept states, for path checks
    # `requires` (game.engine.claims) and who is met (game.engine.met) each walk every allowed path forward,
    # keeping one state per (node, key) as the search does; these are that walk's shared steps.
    def walk_order(self) -> list[str]:
        """The nodes in topological order: the plan's, or the graph's when no condition made a plan."""
        if self.stateful:
            return self._topo
        topo = self._graph()[1]
        return sorted(topo, key=topo.__getitem__)

    def file(self, pending: dict[str, dict[StateKey, PlayState]], t: str, s: PlayState) -> tuple[StateKey, bool]:
        """Keep `s`, arriving at node `t`, in `pending` under its key (the first state of a key, pruned to what
        the key holds); the key, and whether it was new."""
        if t in self.tracked_visits:
            s.visited.add(t)
        spec = self.spec_all.get(t, ())
        k = self._key(s, spec)
        bucket = pending.setdefault(t, {})
        if k in bucket:
            return k, False
        bucket[k] = self._prune(s, spec)
        return k, True

    def steps(self, nid: str, s: PlayState) -> Iterator[tuple[str, Choice | None, PlayState]]:
        """Every allowed step on from node `nid` in state `s`: where it goes, the choice taken (None for
        narration or a branch), and the state there."""
        if nid in self.rules.choices:
            for _i, c in self.rules.available(nid, s):
                s2 = self._copy(s)
                s2.apply(c)
                yield c.to, c, s2
        else:
            to = self.rules.auto_target(nid, s)
            if to is not None:
                yield to, None, self._copy(s)

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

    def _walk(self, nid: str, s: PlayState) -> str:
        """Follow automatic moves from `nid`, marking visits in `s` (which it changes)."""
        guard = len(self.sc.nodes) + 1
        nodes, tracked, auto = self.sc.nodes, self.tracked_visits, self.rules.auto_target
        while nid in nodes and guard:
            guard -= 1
            if nid in tracked:
                s.visited.add(nid)
            nxt = auto(nid, s)
            if nxt is None:
                return nid
            nid = nxt
        return nid

    def enter(self, nid: str, s: PlayState) -> tuple[str, PlayState]:
        """Follow automatic moves from `nid`; return the decision node or ending reached, and the state."""
        if self.stateful:
            s = self._copy(s)
        return self._walk(nid, s), s

    def after(self, s: PlayState, c: Choice) -> PlayState:
        if not self.stateful or not (c.set or c.rapport or c.score):
            return s
        s2 = s.copy()
        s2.apply(c)
        return s2

    def _step(self, s: PlayState, c: Choice) -> tuple[str, PlayState, tuple[str, StateKey]]:
        """Take `c` in `s`: the decision node or ending reached, its state pruned for the search, and the memo key."""
        if not self.stateful:
            dest = self._walk(c.to, s)
            return dest, s, (dest, ())
        s2 = self._copy(s)
        s2.apply(c)
        dest = self._walk(c.to, s2)
        spec = self.spec_val.get(dest, ())
        return dest, self._prune(s2, spec), (dest, self._key(s2, spec))

    # -------------------------------------------------------------- search
    def value(self, nid: str, s: PlayState) -> Value:
        """Value at a decision node or ending, iteratively (scenarios can be thousands of nodes deep)."""
        root = (nid, self._key(s, self.spec_val.get(nid, ())) if self.stateful else ())
        if root in self.memo:
            return self.memo[root]
        # Frame: (node, state, key, children-to-visit, collected child results)
        stack: list[tuple[str, PlayState, tuple[str, StateKey],
                          list[tuple[Choice, str, PlayState, tuple[str, StateKey]]], list[Any]]] = []
        self._push(stack, nid, s, root)
        while stack:
            node, st, k, todo, done = stack[-1]
            if todo:
                choice, dest, st2, ck = todo.pop()
                got = self.memo.get(ck)
                if got is not None:
                    done.append((choice, got))
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
        return self.memo[root]

    def _push(self, stack: list, nid: str, s: PlayState, k: tuple[str, StateKey]) -> None:  # type: ignore[type-arg]
        todo: list[tuple[Choice, str, PlayState, tuple[str, StateKey]]] = []
        if nid in self.sc.nodes:
            for _i, c in self.rules.available(nid, s):
                dest, s3, ck = self._step(s, c)
                todo.append((c, dest, s3, ck))
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
            dest, s3, _ck = self._step(s, c)
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
                dest, s3, _ck = self._step(s, c)
                v = self.value(dest, s3)
                vec, _tot, foc = self.vec(c)
                score = (vec[pi] + v.best[pi]) if pi is not None else foc + v.best_focus
                if best_key is None or score > best_key[0]:
                    best_key, pick = (score,), (i, c, dest, s3)
            assert pick is not None
            path.append((nid, pick[0]))
            nid, s = pick[2], pick[3]
        return path

    # -------------------------------------------------------------- forward pass
    def forward(self) -> None:
        """Every node and ending some allowed path reaches, and every condition it evaluates or makes true.

        Nodes are taken in topological order, each with its states merged by key, so each (node, key) is
        handled once. Observed numbers (scores and rapport read only by branches that cannot change a
        `Value`) travel beside the key as the set of their joint values, each cut to the cells the comparisons
        ahead tell apart; such a branch tries joint values until every entry has been taken.
        """
        sc, rules = self.sc, self.rules
        nodes = sc.nodes
        if not self.stateful:
            seen_nodes: set[str] = set()
            stack = [sc.start_id]
            while stack:
                nid = stack.pop()
                if nid in seen_nodes:
                    continue
                seen_nodes.add(nid)
                if nid in nodes:
                    stack.extend(x.to for x in nodes[nid].successors())
            self.reachable |= seen_nodes
            return
        live = self.observed_at
        init = self.obs_init
        # The observed numbers at a node are a tuple over the ones live there (`live[nid]`); moving along an
        # edge maps it onto the next node's: a number not live before reads as its start (no change reached
        # it), shifted by the choice's change, and cut to the value standing for its cell at the next node.
        # A move is a table per number (a value at `u` is one of few, its cells' values) and where to read it;
        # None when it changes nothing, so the set goes on as it is.
        ahead = self._ahead
        moves: dict[tuple[str, str, int], _Move | None] = {}

        def move(u: str, t: str, c: Choice | None) -> _Move | None:
            k = (u, t, id(c))
            if k in moves:
                return moves[k]
            pos = {j: i for i, (j, _lo, _hi) in enumerate(live[u])}
            picks: list[int] = []
            tables: list[_Table | _Const] = []
            for (j, _lo, _hi), ks in zip(live.get(t, ()), ahead.get(t, ())):
                kind, name = self.obs_vars[j]
                d = 0 if c is None else (c.score if kind == 1 else c.rapport).get(name, 0)
                i = pos.get(j, -1)
                if i >= 0:
                    picks.append(i)
                tables.append(_Table(d, ks, ahead[u][i]) if i >= 0 else _Const(_cell(init[j] + d, ks)))
            if len(picks) < len(tables):  # a number new here reads its start (`_Const`) whatever it is given
                picks = [pos.get(j, 0) if live[u] else -1 for j, _lo, _hi in live.get(t, ())]
            got: _Move | None = _Move(tuple(picks), tuple(tables))
            if picks == list(range(len(live[u]))) and all(isinstance(x, _Table) and x.same for x in tables):
                got = None
            moves[k] = got
            return got

        # Joint-value sets are frozen and interned: states at a node often carry equal sets, so a set is
        # mapped along an edge once (`mapped`), and equal sets compare by identity.
        Values = frozenset[tuple[int, ...]]
        interned: dict[Values, Values] = {}
        mapped: dict[tuple[tuple[str, str, int], Values], Values] = {}
        pending: dict[str, dict[StateKey, tuple[PlayState, list[Values]]]] = {}

        def arrive(u: str | None, t: str, s: PlayState, values: Values, c: Choice | None = None) -> None:
            if t not in nodes:
                self.reachable.add(t)
                return
            if t in self.tracked_visits:
                s.visited.add(t)
            spec = self.spec_fwd[t]
            k = self._key(s, spec)
            if u is not None and (live[u] or live[t]):
                m = move(u, t, c)
                if m is not None:
                    mk = ((u, t, id(c)), values)
                    got_values = mapped.get(mk)
                    if got_values is None:
                        got_values = m(values)
                        got_values = mapped[mk] = interned.setdefault(got_values, got_values)
                    values = got_values
            bucket = pending.setdefault(t, {})
            got = bucket.get(k)
            if got is None:
                bucket[k] = (self._prune(s, spec), [values])
            elif all(v is not values for v in got[1]):
                got[1].append(values)

        def merged(sets: list[Values]) -> Values:
            if len(sets) == 1:
                return sets[0]
            out = frozenset().union(*sets)
            return interned.setdefault(out, out)

        slots = {nid: ({self.obs_vars[j][1]: i for i, (j, _lo, _hi) in enumerate(live[nid]) if self.obs_vars[j][0] == 1},
                       {self.obs_vars[j][1]: i for i, (j, _lo, _hi) in enumerate(live[nid]) if self.obs_vars[j][0] == 2})
                 for nid in self._reads_obs}
        taken_at: dict[str, set[int]] = {}  # per branch reading observed numbers: the entries taken so far
        s0 = PlayState.initial(sc)
        arrive(None, sc.start_id, s0, frozenset({tuple(_cell(init[j], ks) for (j, _lo, _hi), ks
                                             in zip(live.get(sc.start_id, ()), ahead.get(sc.start_id, ())))}))
        for nid in self._topo:
            states = pending.pop(nid, None)
            if not states:
                continue
            self.reachable.add(nid)
            self.forward_states += len(states)
            choices = rules.choices.get(nid)
            branch = rules.branches.get(nid)
            for rep, sets in states.values():
                values = merged(sets)
                if choices is not None:
                    offered = False
                    for i, _c, cond in choices:
                        if cond is None:
                            offered = True
                        else:
                            self.cond_seen.add((nid, "choice", i))
                            if cond(rep):
                                self.cond_true.add((nid, "choice", i))
                                offered = True
                    if not offered:
                        self.stranded.add(nid)
                    for _i, c in rules.available(nid, rep):
                        s2 = self._copy(rep)
                        s2.apply(c)
                        arrive(nid, c.to, s2, values, c)
                elif branch is not None:
                    if not live[nid]:
                        arrive(nid, self._branch(nid, branch, rep), rep, values)
                        continue
                    if nid not in self._reads_obs:  # no entry reads an observed number: one answer for all
                        arrive(nid, self._branch(nid, branch, rep), rep, values)
                        continue
                    # Such a branch leads to one node or only to endings, so every value goes on alike: what
                    # counts is which entries some value, in any state, takes (that also says which conditions
                    # are evaluated and hold). Values in one cell of the branch read alike; once every entry
                    # has been taken, no further value or state can add anything.
                    cells = self._cut.get(nid)
                    taken = taken_at.setdefault(nid, set())
                    possible = _outcomes(branch)
                    if len(taken) < possible:
                        probe = _Probe(rep, slots[nid])
                        for x in values:
                            y = x if cells is None else tuple(_cell(v, ks) for v, ks in zip(x, cells))
                            if probe.known(y):
                                continue
                            answer = self._take(nid, branch, probe.at(y))
                            probe.note(answer)
                            taken.add(answer)
                            if len(taken) == possible:
                                break
                    for t in {branch[i][0] for i in taken}:  # one node, or endings
                        arrive(nid, t, self._copy(rep), values)
                else:
                    to = rules.auto.get(nid)
                    if to is not None:
                        arrive(nid, to, rep, values)

    def _branch(self, nid: str, entries: tuple[tuple[str, Any], ...], s: PlayState) -> str:
        """Where a branch goes in `s`, noting the entries evaluated and the one that held (as play does)."""
        return entries[self._take(nid, entries, s)][0]

    def _take(self, nid: str, entries: tuple[tuple[str, Any], ...], s: PlayState) -> int:
        """The index of the entry a branch takes in `s` (-1 when none holds), noting as `_branch` does."""
        for i, (_to, cond) in enumerate(entries):
            if cond is None:
                return i
            self.cond_seen.add((nid, "branch", i))
            if cond(s):
                self.cond_true.add((nid, "branch", i))
                return i
        return -1  # none holds: play goes to the last entry's node


def _int(x: float) -> int:
    """A window's end as a whole number (an open end as one far past any score or rapport)."""
    return -(1 << 40) if x == -INF else (1 << 40) if x == INF else int(x)


class _Reading(dict[str, int]):
    """A state's scores or rapport while a branch is tried on one joint value: reading an observed number
    reads it from the value and notes its position; any other reads as in the state."""

    __slots__ = ("inner", "slots", "probe")

    def __init__(self, inner: Mapping[str, int], slots: dict[str, int], probe: _Probe) -> None:
        super().__init__()
        self.inner, self.slots, self.probe = inner, slots, probe

    def get(self, key: str, default: Any = None) -> Any:
        i = self.slots.get(key)
        if i is None:
            return self.inner.get(key, default)
        probe = self.probe
        if i not in probe.trace:
            probe.trace.append(i)
        return probe.y[i]


class _Probe:
    """A branch tried on the joint values of one state. Its conditions are tests of the state, so their answer
    depends only on the numbers they read; each answer is kept in a tree keyed by the numbers read, in the
    order read, and a joint value that agrees with a known path (`known`) needs no evaluation."""

    def __init__(self, s: PlayState, slots: tuple[dict[str, int], dict[str, int]]) -> None:
        self.state = PlayState(s.flags, _Reading(s.scores, slots[0], self), _Reading(s.rapport, slots[1], self),
                               s.visited)
        self.root: list[Any] = [None]  # a tree: None (unknown), an answer (int), or [position, {value: tree}]
        self.trace: list[int] = []
        self.y: tuple[int, ...] = ()

    def known(self, y: tuple[int, ...]) -> bool:
        node = self.root[0]
        while type(node) is list:
            node = node[1].get(y[node[0]])
        return node is not None

    def at(self, y: tuple[int, ...]) -> PlayState:
        """The state with the joint value `y`, to test; then `note` the answer."""
        self.y, self.trace = y, []
        return self.state

    def note(self, answer: int) -> None:
        y = self.y
        box, key = self.root, 0  # where the tree holds the subtree along the path read
        for i in self.trace:
            node = box[key] if isinstance(box, list) else box.get(key)
            if node is None:
                node = [i, {}]
                box[key] = node
            box, key = node[1], y[i]
        box[key] = answer


class _Table(dict[int, int]):
    """One observed number's move along an edge: a value at the node left (one of its cells' values, `ks_from`)
    to the value standing for the cell it falls in at the next node (`ks`) once the choice's change `d` is made."""

    __slots__ = ("d", "ks", "same")

    def __init__(self, d: int, ks: tuple[int, ...], ks_from: tuple[int, ...]) -> None:
        super().__init__()
        self.d, self.ks = d, ks
        if ks_from:  # every value a node can hold: each number, and one value per gap and end
            for x in {ks_from[0] - 1, *ks_from, *(k + 1 for k in ks_from)}:
                self[x] = _cell(x + d, ks)
        self.same = bool(ks_from) and all(x == y for x, y in self.items())

    def __missing__(self, x: int) -> int:
        y = self[x] = _cell(x + self.d, self.ks)
        return y


class _Const:
    """A number not live at the node left: it still has its start, so it reads the same from every value."""

    __slots__ = ("value",)

    def __init__(self, value: int) -> None:
        self.value = value

    def __getitem__(self, _x: int) -> int:
        return self.value


class _Move:
    """A move along an edge, joint value to joint value: each number read at its position in `picks` and mapped
    through its table."""

    __slots__ = ("picks", "tables")

    def __init__(self, picks: tuple[int, ...], tables: tuple[_Table | _Const, ...]) -> None:
        self.picks, self.tables = picks, tables

    def __call__(self, values: Iterable[tuple[int, ...]]) -> frozenset[tuple[int, ...]]:
        """The joint values after the move, deduplicated."""
        picks, tables = self.picks, self.tables
        if not picks or picks[0] < 0:  # nothing live before: every number reads its start (`_Const`)
            return frozenset({tuple(tab[0] for tab in tables)})
        if len(picks) == 1:
            (p,), (tab,) = picks, tables
            return frozenset({(tab[x[p]],) for x in values})
        get, pick = operator.getitem, operator.itemgetter(*picks)
        return frozenset({tuple(map(get, tables, pick(x))) for x in values})


def _outcomes(entries: tuple[tuple[str, Any], ...]) -> int:
    """How many different entries a branch can take: up to its first without `if`, or every one."""
    for i, (_to, cond) in enumerate(entries):
        if cond is None:
            return i + 1
    return len(entries) + 1  # or none of them holds


def _cell(v: int, ks: tuple[int, ...]) -> int:
    """One value standing for every value that comparisons with the numbers `ks` (sorted) cannot tell from `v`."""
    if not ks or v in ks:
        return v
    i = bisect_left(ks, v)
    return ks[0] - 1 if i == 0 else ks[i - 1] + 1


def analyze(sc: Scenario) -> Analysis:
    solver = Solver(sc)
    solver.forward()
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
    """Warnings that need the conditions: nodes and endings no allowed path reaches; conditions that never hold;
    endings whose outcome some path's grade contradicts; `requires` some path arrives without; `perspective`
    entries some path reaches without meeting the character."""
    a = analyze(sc)
    doc = sc.document
    out: list[Finding] = []

    def at(path: tuple[str | int, ...], key: bool = False) -> tuple[int, int]:
        if doc is None:
            return (1, 1)
        pos: tuple[int, int] = doc.key_pos(path) if key else doc.pos(path)
        return pos

    for nid in a.unreachable_nodes:
        line, col = at(("nodes", nid), key=True)
        out.append(Finding(sc.path, line, col, "warning", "unreachable-node",
                           _("no path reaches node `{node}` (taking the conditions into account); "
                             "link to it from a choice, or remove it.").format(node=nid)))
    for eid in sc.endings:
        if eid not in a.reachable_endings:
            line, col = at(("endings", eid), key=True)
            out.append(Finding(sc.path, line, col, "warning", "unreachable-ending",
                               _("no path reaches ending `{ending}` (taking the conditions into account); "
                                 "send a choice there, or remove it.").format(ending=eid)))
    for nid, where, i in a.never_true:
        path = ("nodes", nid, "choices" if where == "choice" else "branch", i, "if")
        cond = sc.condition(nid, where, i)
        line, col = at(path)
        why = _never_visited(sc, nid, cond.visits) if cond is not None else None
        out.append(Finding(sc.path, line, col, "warning", "condition-never-holds",
                           (_("the condition `{condition}` never holds on any path, so this choice is never "
                              "shown; {why}") if where == "choice" else
                            _("the condition `{condition}` never holds on any path, so this branch is never "
                              "taken; {why}")).format(condition=cond.source if cond else "?",
                                                      why=why or _("check the flag names and numbers it uses."))))
    for nid in sc.nodes:
        if nid in a.solver.stranded:
            line, col = at(("nodes", nid, "choices"), key=True)
            out.append(Finding(sc.path, line, col, "warning", "all-choices-conditional",
                               _("a path reaches node `{node}` where none of its choices' `if` holds, so the game "
                                 "has to offer every choice, even those whose condition is false; leave at least "
                                 "one choice without `if`, or change the conditions so one always holds.").format(
                                     node=nid)))
    from game.engine.claims import requires_findings  # both build on this module's search
    from game.engine.ending_grades import grade_findings
    from game.engine.met import perspective_findings

    out.extend(grade_findings(a))
    out.extend(requires_findings(a))
    out.extend(perspective_findings(a))
    return out


def _never_visited(sc: Scenario, reader: str, visits: frozenset[str]) -> str | None:
    """Why a `visited(...)` in a condition at `reader` cannot hold: a node it names is on no path into
    `reader` (it comes later on every path, or on another branch). None when each could come first."""
    before = {reader}  # the nodes some path (ignoring conditions) goes through on its way to `reader`
    into: dict[str, list[str]] = {}
    for nid, node in sc.nodes.items():
        for edge in node.successors():
            into.setdefault(edge.to, []).append(nid)
    stack = [reader]
    while stack:
        for prev in into.get(stack.pop(), ()):
            if prev not in before:
                before.add(prev)
                stack.append(prev)
    for v in sorted(visits):
        if v in before:
            continue
        after = v in _after(sc, reader)
        where = _("it comes after this point on every path") if after else \
            _("no path goes through it on the way here")
        return _("`visited({node})` is false here, because node `{node}` is never visited before this point "
                 "({where}); test a node that comes earlier, or a flag set where `{node}` is.").format(
                     node=v, where=where)
    return None


def _after(sc: Scenario, start: str) -> set[str]:
    seen: set[str] = set()
    stack = [start]
    while stack:
        nid = stack.pop()
        node = sc.nodes.get(nid)
        for edge in node.successors() if node is not None else ():
            if edge.to not in seen:
                seen.add(edge.to)
                stack.append(edge.to)
    return seen


__all__ = ["Analysis", "Claim", "Solver", "Value", "analyze", "lint_findings"]
