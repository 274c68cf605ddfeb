"""A player's progress: attempts per scenario, each principle's trend, the patterns that keep coming back.

`build_history` returns plain data; `render_text` and `History.to_dict()` are
its two printings (`rapport history [--format json]`), and the history screen
draws the same data as a chart.

A principle's level in one attempt is where its score fell between the worst
and best that scenario allows (0.0 = worst possible, 1.0 = best possible), so
attempts at different scenarios can sit on one trend line. A principle a
scenario cannot move (best == worst) gives no point for that attempt.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from game.i18n import N_, _, ngettext
from game.store.db import Attempt, Database, Player, default_player_name, parse_iso
from game.store.records import Debrief, PatternResult
from game.store.trend import TREND_THRESHOLD, trend

__all__ = ["TREND_THRESHOLD", "build_history", "render_text"]
SPARKS = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class AttemptSummary:
    id: int
    uuid: str
    scenario_id: str
    title: str
    mode: str
    started: str
    finished: str | None
    status: str
    outcome: str | None
    ending_id: str | None
    grade: int | None
    decisions: int
    patterns: list[str]


@dataclass(frozen=True)
class ScenarioHistory:
    scenario_id: str
    title: str
    attempts: list[AttemptSummary]

    @property
    def finished(self) -> list[AttemptSummary]:
        return [a for a in self.attempts if a.status == "finished"]

    @property
    def best_grade(self) -> int | None:
        grades = [a.grade for a in self.finished if a.grade is not None]
        return max(grades) if grades else None

    @property
    def last_grade(self) -> int | None:
        grades = [a.grade for a in self.finished if a.grade is not None]
        return grades[-1] if grades else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario_id": self.scenario_id, "title": self.title, "attempts": [asdict(a) for a in self.attempts],
            "finished": len(self.finished), "best_grade": self.best_grade, "last_grade": self.last_grade,
        }


@dataclass(frozen=True)
class TrendPoint:
    attempt_id: int
    scenario_id: str
    started: str
    score: int
    best: int
    worst: int
    level: float


@dataclass(frozen=True)
class PrincipleTrend:
    id: str
    name: str
    points: list[TrendPoint]
    direction: str  # improving | steady | slipping | not enough data
    change: float | None  # mean level of the latest points minus that of the earliest

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "direction": self.direction, "change": self.change,
                "points": [asdict(p) for p in self.points]}


@dataclass(frozen=True)
class RecurringPattern:
    id: str
    name: str
    principle: str | None
    tip: str | None
    attempts: int  # how many attempts showed it
    times: int     # how many choices, over all attempts
    last_seen: str
    scenarios: list[str]


@dataclass(frozen=True)
class History:
    player: str
    attempts: int
    scenarios: list[ScenarioHistory]
    principles: list[PrincipleTrend]
    patterns: list[RecurringPattern] = field(default_factory=list)

    @property
    def recurring(self) -> list[RecurringPattern]:
        return [p for p in self.patterns if p.attempts >= 2]

    def to_dict(self) -> dict[str, Any]:
        return {
            "player": self.player,
            "attempts": self.attempts,
            "scenarios": [s.to_dict() for s in self.scenarios],
            "principles": [p.to_dict() for p in self.principles],
            "patterns": [{**asdict(p), "recurring": p.attempts >= 2} for p in self.patterns],
        }


def _attempt_patterns(db: Database, a: Attempt) -> dict[str, int]:
    """Pattern id -> how many choices showed it; from the debrief when finished, else from decisions."""
    if a.debrief and "patterns" in a.debrief:
        return {p.id: p.count for p in Debrief.from_dict(a.debrief).patterns}
    counts: dict[str, int] = defaultdict(int)
    for d in db.decisions(a.id):
        for p in d.patterns:
            counts[p] += 1
    return dict(counts)


def _direction(levels: list[float]) -> tuple[str, float | None]:
    t = trend(levels)
    return t.direction, t.change


def build_history(db: Database, player: Player | str | None = None, *, scenario_id: str | None = None) -> History:
    """The history of one profile (default: the OS user's)."""
    who = player if isinstance(player, Player) else db.find_player(player or default_player_name())
    if who is None:
        return History(player=str(player), attempts=0, scenarios=[], principles=[])
    attempts = db.attempts(who, scenario_id=scenario_id)

    by_scenario: dict[str, list[AttemptSummary]] = defaultdict(list)
    titles: dict[str, str] = {}
    trend: dict[str, list[TrendPoint]] = defaultdict(list)
    names: dict[str, str] = {}
    order: list[str] = []
    pattern_info: dict[str, PatternResult] = {}
    pattern_seen: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"attempts": 0, "times": 0, "last_seen": "", "scenarios": []})

    for a in attempts:
        pats = _attempt_patterns(db, a)
        titles[a.scenario_id] = a.scenario_title or titles.get(a.scenario_id) or a.scenario_id
        by_scenario[a.scenario_id].append(AttemptSummary(
            id=a.id, uuid=a.uuid, scenario_id=a.scenario_id, title=titles[a.scenario_id], mode=a.mode,
            started=a.started, finished=a.finished, status=a.status, outcome=a.outcome, ending_id=a.ending_id,
            grade=a.grade, decisions=a.decision_count, patterns=sorted(pats),
        ))
        for pid, count in pats.items():
            seen = pattern_seen[pid]
            seen["attempts"] += 1
            seen["times"] += count
            seen["last_seen"] = a.started
            if a.scenario_id not in seen["scenarios"]:
                seen["scenarios"].append(a.scenario_id)
        debrief = a.debrief_record() if a.status == "finished" else None
        if debrief is None:
            continue
        for pat in debrief.patterns:
            pattern_info[pat.id] = pat
        for p in debrief.principles:
            pid = p.id
            if pid not in names:
                order.append(pid)
            names[pid] = p.name or pid
            best, worst, score = p.best, p.worst, p.score
            if best <= worst:
                continue
            level = max(0.0, min(1.0, (score - worst) / (best - worst)))
            trend[pid].append(TrendPoint(a.id, a.scenario_id, a.started, score, best, worst, round(level, 4)))

    principles = []
    for pid in order:
        pts = trend.get(pid, [])
        direction, change = _direction([p.level for p in pts])
        principles.append(PrincipleTrend(pid, names[pid], pts, direction, change))

    patterns = []
    for pid, s in pattern_seen.items():
        info = pattern_info.get(pid)
        patterns.append(RecurringPattern(
            id=pid, name=(info.name if info else "") or pid,
            principle=info.principle if info else None, tip=info.tip if info else None,
            attempts=s["attempts"], times=s["times"], last_seen=s["last_seen"], scenarios=s["scenarios"],
        ))
    patterns.sort(key=lambda p: (-p.attempts, -p.times, p.name))
    scenarios = [ScenarioHistory(sid, titles[sid], rows) for sid, rows in by_scenario.items()]
    scenarios.sort(key=lambda s: s.attempts[-1].started, reverse=True)
    return History(player=who.name, attempts=len(attempts), scenarios=scenarios, principles=principles,
                   patterns=patterns)


# --------------------------------------------------------------------------- text


def local_time(ts: str | None) -> str:
    if not ts:
        return "-"
    return parse_iso(ts).astimezone().strftime("%Y-%m-%d %H:%M")


def sparkline(levels: list[float], *, unicode: bool = True) -> str:
    chars = SPARKS if unicode else "_.-=+*#@"
    return "".join(chars[min(len(chars) - 1, int(v * len(chars)))] for v in levels)


def _pct(v: float) -> str:
    return f"{round(v * 100):d}%"


# The trend's verdict and an attempt's state in the player's language (the same words as the window's history).
WORDS = {"improving": N_("improving"), "steady": N_("steady"), "slipping": N_("slipping"),
         "not enough data": N_("not enough data"), "success": N_("success"), "mixed": N_("mixed"),
         "setback": N_("setback"), "abandoned": N_("abandoned"), "in_progress": N_("in progress"),
         "finished": N_("finished"), "practice": N_("practice"), "assessment": N_("assessment")}


def _word(key: str) -> str:
    label = WORDS.get(key)
    return _(label) if label is not None else key.replace("_", " ")


def trend_words(levels: list[float], arrow: str = "→") -> str:
    """A trend as words whose numbers agree with the verdict: the two means it compares, then the verdict.

    "38% → 73% improving (first 3 vs last 3 attempts)"; a single attempt is just its level."""
    t = trend(levels)
    if t.early is None or t.late is None:
        return _("{level} (one attempt)").format(level=_pct(levels[0])) if levels else _("not scored yet")
    span = f"{_pct(t.early)} {arrow} {_pct(t.late)} {_word(t.direction)}"
    if t.k == 1:
        return span + " " + _("(first vs last attempt)")
    return span + " " + _("(first {k} vs last {k} attempts, averaged)").format(k=t.k)


def render_text(h: History, *, unicode: bool = True, max_rows: int = 8) -> str:
    """The history as the terminal shows it, in the language in use (game/i18n.py)."""
    arrow = "→" if unicode else "->"
    if h.attempts == 0:
        return _("No attempts yet for {player}. Play a scenario with `rapport play`.").format(player=h.player)
    finished = sum(len(s.finished) for s in h.scenarios)
    out = [ngettext("History for {player}: {n} attempt, {finished} finished",
                    "History for {player}: {n} attempts, {finished} finished", h.attempts)
           .format(player=h.player, n=h.attempts, finished=finished), ""]

    out.append(_("Scenarios"))
    for s in h.scenarios:
        best = "-" if s.best_grade is None else str(s.best_grade)
        last = "-" if s.last_grade is None else str(s.last_grade)
        n = len(s.attempts)
        counts = ngettext("{n} attempt, {finished} finished, best {best}, last {last}",
                          "{n} attempts, {finished} finished, best {best}, last {last}", n).format(
            n=n, finished=len(s.finished), best=best, last=last)
        out.append(f"  {s.title} ({s.scenario_id}): {counts}")
        rows = s.attempts[-max_rows:]
        if len(s.attempts) > len(rows):
            out.append("    " + _("... {n} earlier").format(n=len(s.attempts) - len(rows)))
        for a in rows:
            grade = "" if a.grade is None else _("grade {grade}").format(grade=f"{a.grade:>3}")
            status = _word(a.outcome if a.status == "finished" and a.outcome else a.status)
            out.append(f"    {local_time(a.started)}  {_word(a.mode):<10} {status:<12} {grade}".rstrip())
    out.append("")

    out.append(_("Principles (level: where the score fell between worst and best possible)"))
    width = max((len(p.name) for p in h.principles), default=10)
    for p in h.principles:
        levels = [pt.level for pt in p.points]
        if not levels:
            out.append(f"  {p.name:<{width}}  " + _("not scored yet"))
            continue
        out.append(f"  {p.name:<{width}}  {sparkline(levels[-20:], unicode=unicode):<20}  "
                   f"{trend_words(levels, arrow)}")
    out.append("")

    out.append(_("Patterns that keep coming back"))
    if not h.recurring:
        out.append("  " + _("none so far"))
    for r in h.recurring:
        out.append("  " + _("{pattern}: in {attempts} attempts ({times} choices), last {when}").format(
            pattern=r.name, attempts=r.attempts, times=r.times, when=local_time(r.last_seen)))
        if r.tip:
            out.append("    " + _("tip: {tip}").format(tip=r.tip))
    once = [p.name for p in h.patterns if p.attempts < 2]
    if once:
        out.append("  " + _("seen once: {patterns}").format(patterns=", ".join(once)))
    return "\n".join(out)
