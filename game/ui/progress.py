"""Progress over finished attempts, as the history screen shows it: each principle's trend and the patterns
that keep coming back. Pure data from the attempts' debriefs, by the rule `rapport history` uses
(`game.trend`), so the window and the terminal say the same thing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from game.i18n import N_, _
from game.trend import trend
from game.ui.results import HistoryEntry

# A trend's word (game.trend) as the history screen shows it.
DIRECTION_WORDS = {"improving": N_("improving"), "slipping": N_("slipping"), "steady": N_("steady")}


@dataclass(frozen=True)
class PrincipleProgress:
    name: str
    levels: list[float]  # oldest first: where each attempt's score fell between worst (0) and best (1)
    direction: str
    early: float | None
    late: float | None
    k: int

    def words(self) -> str:
        """"38% to 73% · improving", agreeing with the verdict (the means it compares), or one attempt's level.
        ("to", not an arrow: the UI font has no arrow glyph.)"""
        if self.early is None or self.late is None:
            if not self.levels:
                return _("not scored yet")
            return _("{level}% · one attempt").format(level=round(self.levels[0] * 100))
        word = DIRECTION_WORDS.get(self.direction)
        return _("{early}% to {late}% · {trend}").format(early=round(self.early * 100), late=round(self.late * 100),
                                                         trend=_(word) if word else self.direction)


@dataclass(frozen=True)
class PatternProgress:
    name: str
    tip: str
    attempts: int  # how many attempts showed it
    times: int  # how many choices, over all of them


@dataclass(frozen=True)
class Progress:
    principles: list[PrincipleProgress] = field(default_factory=list)
    patterns: list[PatternProgress] = field(default_factory=list)  # every pattern seen, most frequent first

    @property
    def recurring(self) -> list[PatternProgress]:
        return [p for p in self.patterns if p.attempts >= 2]


def progress(entries: list[HistoryEntry]) -> Progress:
    """Trends and patterns over `entries` (newest first, as `ResultsSource.history` returns them)."""
    levels: dict[str, list[float]] = defaultdict(list)
    names: dict[str, str] = {}
    order: list[str] = []
    seen: dict[str, list[Any]] = {}
    for e in reversed(entries):
        d = e.debrief
        if d is None:
            continue
        for p in d.principles:
            if p.id not in names:
                order.append(p.id)
            names[p.id] = p.name
            if p.best > p.worst:
                levels[p.id].append(max(0.0, min(1.0, (p.score - p.worst) / (p.best - p.worst))))
        for pat in d.patterns:
            row = seen.setdefault(pat.id, [pat.name, pat.tip or "", 0, 0])
            row[2] += 1
            row[3] += int(pat.count)
    principles = []
    for pid in order:
        t = trend(levels[pid])
        principles.append(PrincipleProgress(names[pid], levels[pid], t.direction, t.early, t.late, t.k))
    patterns = [PatternProgress(n, tip, a, c) for n, tip, a, c in seen.values()]
    patterns.sort(key=lambda p: (-p.attempts, -p.times, p.name))
    return Progress(principles, patterns)
