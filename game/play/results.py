"""Where the front ends get past results: a small interface the play controller records through.

The window, text play and the browser show a best result per scenario and a history list, reports each
finished attempt, and offers to continue an attempt that was interrupted (a
crash, a closed lid). The controller does not care whether that lands in SQLite, memory
or nowhere; `game.store` supplies the real implementation.
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


@dataclass(frozen=True)
class ResumePoint:
    """An interrupted attempt the player can continue, as the briefing offers it."""

    attempt_id: int
    scenario_id: str
    decisions: int  # live decisions recorded; the player stopped at decision `decisions + 1`
    stopped: datetime  # local time of the last recorded decision
    mode: str  # practice | assessment: the attempt goes on in the mode it was started in
    seed: int  # the engine's seed for the attempt (the engine is deterministic for a scenario and seed)
    in_order: bool = False  # the attempt showed options in file order (--in-order, or recorded before shuffling)

    @property
    def at_decision(self) -> int:
        """The decision the player stopped at (1-based), as the dialogue's counter shows it."""
        return self.decisions + 1


@runtime_checkable
class ResultsSource(Protocol):
    """What the front ends need from a results store: reads for the screens, and the attempt's life.

    The write calls follow one playthrough: `begin` when it starts,
    `decision` after each choice, `rewind` when the player goes back,
    then `finish` (with the engine's debrief) or `abandon`, or `suspend` when
    the player leaves mid-way and may come back to it.

    An interrupted attempt is picked up instead of `begin`: `resumable` finds
    it, `replay` re-makes its recorded choices in a fresh engine session
    (raising when they no longer retrace it: the scenario file changed), and
    `resume` makes the calls that follow (on that session) record into that same attempt.
    `discard` gives it up ("Start over"): abandoned, its decisions kept.
    """

    def best_for(self, scenario_id: str) -> BestResult | None: ...

    def history(self, limit: int = 50) -> list[HistoryEntry]: ...

    def begin(self, session: Any, player: str | None, workshop: bool) -> None: ...

    def decision(self, session: Any, decision: Any) -> None: ...

    def rewind(self, session: Any, k: int) -> None: ...

    def finish(self, session: Any, debrief: Any) -> None: ...

    def abandon(self, session: Any) -> None: ...

    def suspend(self, session: Any) -> None: ...

    def resumable(self, scenario_id: str, player: str | None) -> ResumePoint | None: ...

    def replay(self, point: ResumePoint, session: Any) -> None: ...

    def resume(self, point: ResumePoint, session: Any) -> None: ...

    def discard(self, point: ResumePoint) -> None: ...


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

    def suspend(self, session: Any) -> None:
        return None

    def resumable(self, scenario_id: str, player: str | None) -> ResumePoint | None:
        return None  # nothing is kept, so nothing is ever interrupted

    def replay(self, point: ResumePoint, session: Any) -> None:
        raise LookupError(f"no recorded attempt {point.attempt_id} to replay")

    def resume(self, point: ResumePoint, session: Any) -> None:
        return None

    def discard(self, point: ResumePoint) -> None:
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

    # The writers (begin, decision, rewind, finish, abandon, suspend, resume, discard) are NullResults' no-ops, and
    # nothing is offered to continue: continuing would record into the learner's attempt.

    def __init__(self, inner: ResultsSource) -> None:
        self.inner = inner

    def best_for(self, scenario_id: str) -> BestResult | None:
        return self.inner.best_for(scenario_id)

    def history(self, limit: int = 50) -> list[HistoryEntry]:
        return self.inner.history(limit)
