"""The debrief: plain data computed from a session and the scenario's analysis. Nothing here draws."""

from __future__ import annotations

from collections import Counter

from game.engine.analysis import Analysis, analyze
from game.engine.compiled import compiled
from game.engine.met import met_on
from game.engine.order import choice_id, perspective_of, reflect_of
from game.engine.rules import PlayState
from game.engine.session import Session
from game.scenario.model import Scenario
from game.store.records import (
    Debrief,
    Decision,
    DecisionReview,
    PatternResult,
    Perspective,
    PrincipleResult,
    reflect_questions,
)


def analysis_for(sc: Scenario) -> Analysis:
    """The scenario's analysis, computed once and kept with it."""
    return compiled(sc, analyze)


def grade(total: int, worst: int, best: int) -> int:
    """0-100: where a total sits between the worst and best totals this scenario allows."""
    if best <= worst:
        return 100
    return max(0, min(100, round(100 * (total - worst) / (best - worst))))


def _reviews(sc: Scenario, log: list[Decision], a: Analysis) -> list[DecisionReview]:
    """Replay the log on the rules; at each decision find the best choice for the focus principles."""
    solver = a.solver
    state = PlayState.initial(sc)
    nid, state = solver.enter(sc.start_id, state)
    out: list[DecisionReview] = []
    for d in log:
        if nid != d.node_id:  # the log does not fit this scenario (edited file): stop reviewing
            break
        values = solver.choice_values(nid, state)
        best_i, best_c, best_focus, _ = max(values, key=lambda v: (v[2], v[3], -v[0]))
        chosen = next((v for v in values if v[0] == d.index), None)
        was_best = chosen is not None and chosen[2] >= best_focus
        node = sc.nodes[nid]
        out.append(DecisionReview(
            step=d.step, node_id=nid, prompt=node.text, chosen_index=d.index, chosen_text=d.text,
            best_index=d.index if was_best else best_i, best_text=d.text if was_best else best_c.text,
            feedback=d.feedback,
            best_feedback=d.feedback if was_best else best_c.feedback,
            was_best=was_best, score=dict(d.score), patterns=list(d.patterns), elapsed=d.elapsed,
            chosen_id=d.choice_id, best_id=d.choice_id if was_best else choice_id(best_c, best_i),
            shown=list(d.shown), said=d.said,
        ))
        choice = (node.choices or [])[d.index]
        state = state.copy()
        state.apply(choice)
        nid, state = solver.enter(choice.to, state)
    return out


def debrief(session: Session) -> Debrief:
    return debrief_for(session.scenario, session.log, session.ending_id, session.scores)


def debrief_for(sc: Scenario, log: list[Decision], ending_id: str | None,
                scores: dict[str, int] | None = None) -> Debrief:
    """A debrief from a decision log (also used for stored attempts and workshop paths)."""
    a = analysis_for(sc)
    pack = sc.pack  # None for a scenario built by hand: no principles, no patterns
    known_principles = pack.principles if pack is not None else {}
    known_patterns = pack.patterns if pack is not None else {}
    if scores is None:
        scores = {p: 0 for p in a.principles}
        for d in log:
            for p, v in d.score.items():
                scores[p] = scores.get(p, 0) + v
    focus = set(sc.focus)
    principles = [
        PrincipleResult(
            id=p, name=known_principles[p].name, score=scores.get(p, 0), best=a.start.best[i],
            worst=a.start.worst[i], in_focus=(p in focus) if focus else True,
            tip=known_principles[p].tip, summary=known_principles[p].summary,
        )
        for i, p in enumerate(a.principles)
    ]
    counts = Counter(p for d in log for p in d.patterns)
    patterns = []
    for pid, n in counts.most_common():
        pat = known_patterns.get(pid)
        if pat is None:
            continue
        principle = known_principles.get(pat.principle)
        patterns.append(PatternResult(
            id=pid, name=pat.name, principle=pat.principle, summary=pat.summary,
            tip=pat.tip or (principle.tip if principle else ""), count=n,
        ))
    total = sum(scores.get(p, 0) for p in a.principles)
    ending = sc.endings.get(ending_id) if ending_id else None
    perspective = []
    met = met_on(sc, log)  # "Their side" speaks only for the people this path met (game.engine.met)
    for cid, text in perspective_of(ending).items():
        ch = sc.characters.get(cid)
        if cid not in met:
            continue
        perspective.append(Perspective(cid, ch.name if ch else cid, text, ch.role if ch else None))
    return Debrief(
        scenario_id=sc.id or "", title=sc.title, ending_id=ending_id,
        ending_title=ending.title if ending else None, ending_text=ending.text if ending else None,
        outcome=ending.outcome if ending else None,
        grade=grade(total, a.start.worst_total, a.start.best_total),
        total=total, best_total=a.start.best_total, worst_total=a.start.worst_total,
        principles=principles, patterns=patterns, decisions=_reviews(sc, log, a),
        perspective=perspective, reflect=reflect_questions(reflect_of(sc)),
    )


__all__ = ["Debrief", "DecisionReview", "PatternResult", "PrincipleResult", "analysis_for", "debrief",
           "debrief_for", "grade"]
