"""Where the UI gets past results: a small interface, so the history store plugs in later.

The UI shows a best result per scenario and a history list, and reports each
finished attempt. It does not care whether that lands in SQLite, memory or
nowhere; `game.store` supplies the real implementation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol, runtime_checkable


@dataclass(frozen=True)
class BestResult:
    """The best previous attempt at one scenario, as the select screen shows it."""

    scenario_id: str
    grade: int  # 0-100, from the engine's debrief
    ending_title: str
    outcome: str  # success | mixed | setback
    attempts: int


@dataclass(frozen=True)
class HistoryEntry:
    """One finished attempt, as the history screen lists it."""

    when: datetime
    scenario_id: str
    scenario_title: str
    mode: str
    ending_title: str
    outcome: str
    grade: int
    player: str | None = None


@runtime_checkable
class ResultsSource(Protocol):
    """What the UI needs from a results store: reads for the screens, and the attempt's life.

    The write calls follow one playthrough: `begin` when it starts,
    `decision` after each choice, `rewind` when the player goes back,
    then `finish` (with the engine's debrief) or `abandon`.
    """

    def best_for(self, scenario_id: str) -> BestResult | None: ...

    def history(self, limit: int = 50) -> list[HistoryEntry]: ...

    def begin(self, session: Any, player: str | None, workshop: bool) -> None: ...

    def decision(self, session: Any, decision: Any) -> None: ...

    def rewind(self, session: Any, k: int) -> None: ...

    def finish(self, session: Any, debrief: Any) -> None: ...

    def abandon(self, session: Any) -> None: ...


class NullResults:
    """Remembers nothing: for when no store is plugged in and nothing should persist."""

    def best_for(self, scenario_id: str) -> BestResult | None:
        return None

    def history(self, limit: int = 50) -> list[HistoryEntry]:
        return []

    def begin(self, session: Any, player: str | None, workshop: bool) -> None:
        return None

    def decision(self, session: Any, decision: Any) -> None:
        return None

    def rewind(self, session: Any, k: int) -> None:
        return None

    def finish(self, session: Any, debrief: Any) -> None:
        return None

    def abandon(self, session: Any) -> None:
        return None


@dataclass
class MemoryResults(NullResults):
    """Remembers finished attempts for this run only (headless renders, tests, no-store fallback)."""

    entries: list[HistoryEntry] = field(default_factory=list)
    player: str | None = None

    def best_for(self, scenario_id: str) -> BestResult | None:
        mine = [e for e in self.entries if e.scenario_id == scenario_id]
        if not mine:
            return None
        best = max(mine, key=lambda e: e.grade)
        return BestResult(scenario_id, best.grade, best.ending_title, best.outcome, len(mine))

    def history(self, limit: int = 50) -> list[HistoryEntry]:
        return list(reversed(self.entries))[:limit]

    def begin(self, session: Any, player: str | None, workshop: bool) -> None:
        self.player = player

    def finish(self, session: Any, debrief: Any) -> None:
        self.entries.append(HistoryEntry(
            when=datetime.now(),
            scenario_id=str(debrief.scenario_id),
            scenario_title=str(debrief.title),
            mode=str(getattr(session, "mode", "practice")),
            ending_title=str(debrief.ending_title),
            outcome=str(debrief.outcome),
            grade=int(debrief.grade),
            player=self.player,
        ))


class ReadOnlyResults(NullResults):
    """Shows a store's past results but records nothing: for `--watch`, where an author plays a draft.

    A draft changes under the player (each save replays the choices on a new
    version), so its playthroughs are not attempts a learner's history should hold.
    """

    # The writers (begin, decision, rewind, finish, abandon) are NullResults' no-ops.

    def __init__(self, inner: ResultsSource) -> None:
        self.inner = inner

    def best_for(self, scenario_id: str) -> BestResult | None:
        return self.inner.best_for(scenario_id)

    def history(self, limit: int = 50) -> list[HistoryEntry]:
        return self.inner.history(limit)
