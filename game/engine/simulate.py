"""Seeded playthroughs by policy: where players end up, what they score, and which choices nobody takes.

Simulation runs on `rules.py`, the rules a `Session` follows, not on the
`transitions` machine: a machine trigger costs about 0.1 ms, and a report
wants tens of thousands of playthroughs. The tests check that the two agree
(same choices, same ending, scores and log). Randomness comes from one
`random.Random(seed)`, so the same seed always gives the same report.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from game.engine.analysis import Solver
from game.engine.order import choice_id
from game.engine.rules import PlayState, Rules
from game.engine.scoring import analysis_for, grade
from game.i18n import _, ngettext
from game.scenario.model import Choice, Scenario
from game.store.records import Decision

Policy = Literal["random", "best", "worst"]
POLICIES: tuple[Policy, ...] = ("random", "best", "worst")

# Picks a position (0-based) in the list of available (file index, choice) at a decision node.
Picker = Callable[[str, PlayState, list[tuple[int, Choice]]], int]


class SimulationError(ValueError):
    """A request the simulator cannot run (an unknown policy, a negative count)."""


@dataclass(frozen=True)
class Playthrough:
    """One simulated playthrough: where it ended, the final state, and the choices in order."""

    ending_id: str
    state: PlayState
    taken: tuple[tuple[str, int, int], ...]  # (node id, file index, number on offer)

    @property
    def scores(self) -> dict[str, int]:
        return self.state.scores

    @property
    def rapport(self) -> dict[str, int]:
        return self.state.rapport

    @property
    def flags(self) -> dict[str, bool | int]:
        return self.state.flags

    def decisions(self, sc: Scenario) -> list[Decision]:
        """The log a `Session` played `in_order` making the same choices would keep (the rules are replayed
        to know which options each decision had on offer)."""
        rules = Rules.of(sc)
        state = PlayState.initial(sc)
        rules.enter(sc.start_id, state)
        out = []
        for step, (nid, index, number) in enumerate(self.taken):
            shown = tuple(choice_id(c, i) for i, c in rules.available(nid, state))
            out.append(decision_for(sc, step, nid, number, index, shown=shown))
            c = (sc.nodes[nid].choices or [])[index]
            state.apply(c)
            rules.enter(c.to, state)
        return out


def decision_for(sc: Scenario, step: int, nid: str, number: int, index: int,
                 elapsed: float | None = None, shown: tuple[str, ...] = ()) -> Decision:
    c = (sc.nodes[nid].choices or [])[index]
    return Decision(step=step, node_id=nid, number=number, index=index, text=c.text, to=c.to,
                    score=dict(c.score), rapport=dict(c.rapport), set=dict(c.set), patterns=c.patterns,
                    feedback=c.feedback, reply=c.reply, elapsed=elapsed, choice_id=choice_id(c, index),
                    shown=shown)


def play(sc: Scenario, pick: Picker, start: PlayState | None = None) -> Playthrough:
    """One playthrough by the rules, with `pick` choosing at every decision.

    `start` is the initial state to copy (simulate passes one, to skip rebuilding it every run).
    """
    rules = Rules.of(sc)
    state = start.copy() if start is not None else PlayState.initial(sc)
    choices, endings, enter, offer = rules.choices, rules.endings, rules.enter, rules.available
    nid = enter(sc.start_id, state)
    taken: list[tuple[str, int, int]] = []
    limit = rules.guard  # a path visits each node at most once: the graph has no loops
    while nid not in endings:
        if nid not in choices or len(taken) > limit:
            raise SimulationError(f"the playthrough stopped at `{nid}`, which is neither a decision nor an ending")
        avail = offer(nid, state)
        pos = pick(nid, state, avail)
        index, choice = avail[pos]
        taken.append((nid, index, pos + 1))
        state.apply(choice)
        nid = enter(choice.to, state)
    return Playthrough(nid, state, tuple(taken))


def play_indices(sc: Scenario, indices: Sequence[int]) -> Playthrough:
    """A playthrough that takes the choice at these file indices, in order (for replays and tests)."""
    it = iter(indices)

    def pick(nid: str, state: PlayState, avail: list[tuple[int, Choice]]) -> int:
        want = next(it)
        for pos, (i, _c) in enumerate(avail):
            if i == want:
                return pos
        raise SimulationError(f"choice {want} is not available at `{nid}`")

    return play(sc, pick)


class _Optimal:
    """Best (or worst) choices for the focus total, from the analysis' memoised solver; ties stay ties."""

    def __init__(self, solver: Solver, best: bool):
        self.solver = solver
        self.best = best
        self.cache: dict[tuple[str, tuple[object, ...]], list[int]] = {}

    def positions(self, nid: str, state: PlayState, avail: list[tuple[int, Choice]]) -> list[int]:
        key = (nid, self.solver.key(state, nid))
        got = self.cache.get(key)
        if got is None:
            solver = self.solver
            ranked: list[tuple[int, int]] = []
            for _i, c in avail:
                dest, s2 = solver.enter(c.to, solver.after(state, c))
                v = solver.value(dest, s2)
                _vec, tot, foc = solver.vec(c)
                if self.best:
                    ranked.append((foc + v.best_focus, tot + v.best_total))
                else:
                    ranked.append((-(foc + v.worst_focus), -(tot + v.worst_total)))
            top = max(ranked)
            got = [pos for pos, r in enumerate(ranked) if r == top]
            self.cache[key] = got
        return got


@dataclass(frozen=True)
class EndingCount:
    id: str
    title: str
    outcome: str
    count: int
    share: float


@dataclass(frozen=True)
class UnusedChoice:
    node_id: str
    index: int
    text: str
    reachable: bool  # False when no path reaches its node at all (see `analyze`)


@dataclass(frozen=True)
class SimulationReport:
    scenario_id: str
    title: str
    runs: int
    seed: int
    policy: str
    endings: list[EndingCount] = field(default_factory=list)
    mean_scores: dict[str, float] = field(default_factory=dict)
    mean_total: float = 0.0
    mean_grade: float = 0.0
    mean_decisions: float = 0.0
    never_taken: list[UnusedChoice] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario_id, "title": self.title, "runs": self.runs, "seed": self.seed,
            "policy": self.policy,
            "endings": {e.id: {"count": e.count, "share": e.share, "outcome": e.outcome, "title": e.title}
                        for e in self.endings},
            "mean_scores": dict(self.mean_scores), "mean_total": self.mean_total, "mean_grade": self.mean_grade,
            "mean_decisions": self.mean_decisions,
            "never_taken": [{"node": u.node_id, "index": u.index, "text": u.text, "reachable": u.reachable}
                            for u in self.never_taken],
        }


def picker(sc: Scenario, policy: str, rng: random.Random) -> Picker:
    """The choosing function of a policy; `best`/`worst` break ties between equal choices with `rng`."""
    if policy == "random":
        return lambda nid, state, avail: rng.randrange(len(avail))
    if policy in ("best", "worst"):
        opt = _Optimal(analysis_for(sc).solver, best=policy == "best")

        def pick(nid: str, state: PlayState, avail: list[tuple[int, Choice]]) -> int:
            tied = opt.positions(nid, state, avail)
            return tied[0] if len(tied) == 1 else tied[rng.randrange(len(tied))]

        return pick
    raise SimulationError(f"unknown policy `{policy}`; use one of {', '.join(POLICIES)}")


def simulate(sc: Scenario, runs: int, seed: int = 0, policy: str = "random") -> SimulationReport:
    """`runs` playthroughs with one seeded generator; the same arguments always give the same report."""
    if runs < 1:
        raise SimulationError("the number of playthroughs must be at least 1")
    a = analysis_for(sc)
    rng = random.Random(seed)
    pick = picker(sc, policy, rng)
    principles = a.principles
    ending_counts = dict.fromkeys(sc.endings, 0)
    sums = dict.fromkeys(principles, 0)
    taken: set[tuple[str, int]] = set()
    grades = decisions = 0
    worst_t, best_t = a.start.worst_total, a.start.best_total
    start = PlayState.initial(sc)
    for _run in range(runs):
        p = play(sc, pick, start)
        ending_counts[p.ending_id] += 1
        scores = p.state.scores
        total = 0
        for k in principles:
            v = scores.get(k, 0)
            sums[k] += v
            total += v
        grades += grade(total, worst_t, best_t)
        decisions += len(p.taken)
        for nid, index, _n in p.taken:
            taken.add((nid, index))
    endings = [EndingCount(eid, e.title, e.outcome, ending_counts[eid], round(ending_counts[eid] / runs, 4))
               for eid, e in sc.endings.items()]
    mean_scores = {k: round(sums[k] / runs, 3) for k in principles}
    never = [UnusedChoice(nid, i, c.text, nid in a.reachable_nodes)
             for nid, node in sc.nodes.items() for i, c in enumerate(node.choices or [])
             if (nid, i) not in taken]
    return SimulationReport(
        scenario_id=sc.id or "", title=sc.title, runs=runs, seed=seed, policy=policy, endings=endings,
        mean_scores=mean_scores, mean_total=round(sum(sums.values()) / runs, 3),
        mean_grade=round(grades / runs, 2), mean_decisions=round(decisions / runs, 2), never_taken=never,
    )


def format_report(r: SimulationReport, principle_names: dict[str, str] | None = None) -> str:
    """The plain-text form `rapport simulate` prints."""
    names = principle_names or {}
    lines = [ngettext("{title}: {n} playthrough, policy {policy}, seed {seed}",
                      "{title}: {n} playthroughs, policy {policy}, seed {seed}", r.runs)
             .format(title=r.title, n=r.runs, policy=r.policy, seed=r.seed), ""]
    lines.append(_("Endings"))
    width = max((len(e.id) for e in r.endings), default=0)
    for e in r.endings:
        lines.append(f"  {e.id:<{width}}  {e.outcome:<8} {e.count:>7}  {100 * e.share:5.1f}%")
    lines += ["", _("Mean score per principle")]
    pw = max((len(names.get(p, p)) for p in r.mean_scores), default=0)
    for p, v in r.mean_scores.items():
        lines.append(f"  {names.get(p, p):<{pw}}  {v:+.2f}")
    means = _("(mean grade {grade}, {decisions} decisions a playthrough)").format(
        grade=f"{r.mean_grade:.1f}", decisions=f"{r.mean_decisions:.1f}")
    total = _("total")
    lines.append(f"  {total:<{pw}}  {r.mean_total:+.2f}   {means}")
    lines.append("")
    if r.never_taken:
        lines.append(_("Choices never taken ({n})").format(n=len(r.never_taken)))
        for u in r.never_taken:
            note = "  " + _("[its node is unreachable]") if not u.reachable else ""
            lines.append(f"  {u.node_id} #{u.index + 1}: {u.text}{note}")
    else:
        lines.append(_("Every choice was taken at least once."))
    return "\n".join(lines)


__all__ = ["POLICIES", "EndingCount", "Picker", "Playthrough", "Policy", "SimulationError", "SimulationReport",
           "UnusedChoice", "decision_for", "format_report", "picker", "play", "play_indices", "simulate"]
