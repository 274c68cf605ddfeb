"""`ResultsSource` backed by the history database (`game.store`).

Reads are cached, because the select screen asks for every card's best result
on every frame it draws, and a frame must not wait on SQLite. The cache is
dropped whenever an attempt finishes. `resumable` is asked once per visit to a
briefing, never per frame.
"""

from __future__ import annotations

import logging
from typing import Any

from game.play.results import BestResult, HistoryEntry, ResumePoint
from game.store import Database, Recorder, default_player_name
from game.store.db import Attempt, parse_iso
from game.store.recorder import continuable

log = logging.getLogger(__name__)


class StoreResults:
    """Records each playthrough with a `Recorder` and answers the screens from the database."""

    def __init__(self, db: Database, player: str | None = None, pack: str | None = None,
                 sender: Any = None, identity: Any = None) -> None:
        self.db = db
        self.identity = identity  # how statements name the learner (None: as configured, `rapport lrs`)
        self.player = player or default_player_name()
        self.pack = pack
        self.sender = sender
        self.recorder: Recorder | None = None
        self.save_problem: str | None = None  # set while a full disk keeps results in memory
        self._best: dict[str, BestResult | None] = {}
        self._history: list[HistoryEntry] | None = None
        # The select screen asks each card for its interrupted attempt: kept until anything is recorded.
        self._resumable: dict[tuple[str, str], ResumePoint | None] = {}

    # -- reads
    def best_for(self, scenario_id: str) -> BestResult | None:
        if scenario_id not in self._best:
            done = [a for a in self.db.attempts(self.player, scenario_id=scenario_id, status="finished")
                    if a.grade is not None]
            best = max(done, key=lambda a: a.grade or 0, default=None)
            self._best[scenario_id] = None if best is None else BestResult(
                scenario_id, int(best.grade or 0), _ending_title(best), best.outcome or "", len(done))
        return self._best[scenario_id]

    def history(self, limit: int = 50) -> list[HistoryEntry]:
        if self._history is None:
            rows = self.db.attempts(self.player, status="finished")
            self._history = [
                HistoryEntry(
                    when=parse_iso(a.finished or a.started).astimezone(),
                    scenario_id=a.scenario_id, scenario_title=a.scenario_title or a.scenario_id,
                    mode=a.mode, ending_title=_ending_title(a), outcome=a.outcome or "",
                    grade=int(a.grade or 0), player=a.player, debrief=_debrief(a),
                )
                for a in reversed(rows)
            ]
        return self._history[:limit]

    # -- the attempt's life
    def begin(self, session: Any, player: str | None, workshop: bool) -> None:
        self._resumable.clear()
        mode = "workshop" if workshop else str(session.mode)
        self.recorder = Recorder(self.db, player or self.player, session.scenario, mode, pack=self.pack,
                                 seed=getattr(session, "seed", None), in_order=bool(getattr(session, "in_order", False)),
                                 sender=self.sender, identity=self.identity)

    def _save(self, write: Any, *args: Any) -> None:
        """A full disk must not stop the game: the recorder keeps the change and retries; say so once."""
        from game.store.recorder import ResultsNotSaved

        try:
            write(*args)
            self.save_problem = None
        except ResultsNotSaved as exc:
            self.save_problem = str(exc)
            log.warning("%s", exc)

    def decision(self, session: Any, decision: Any) -> None:
        self._resumable.clear()
        if self.recorder is not None:
            self._save(self.recorder.decision, decision)

    def rewind(self, session: Any, k: int) -> None:
        """Going back within an attempt marks later decisions rewound; after the end it is a new attempt."""
        self._resumable.clear()
        if self.recorder is not None:
            self._save(self.recorder.rewind, k)
            return
        self.begin(session, None, False)
        for d in session.log:
            self.decision(session, d)

    def finish(self, session: Any, debrief: Any) -> None:
        self._resumable.clear()
        if self.recorder is not None:
            self._save(self.recorder.finish, debrief)
        self.recorder = None
        self._best.clear()
        self._history = None

    def abandon(self, session: Any) -> None:
        self._resumable.clear()
        if self.recorder is not None:
            self._save(self.recorder.abandon)
        self.recorder = None

    def suspend(self, session: Any) -> None:
        """The player left mid-way: an attempt with a decision in it stays in progress, for the briefing to
        offer next time; one with none is closed (there is nothing to continue)."""
        self._resumable.clear()
        if self.recorder is not None and not self.recorder.decisions():
            self.recorder.abandon()
        self.recorder = None

    # -- an interrupted attempt
    def resumable(self, scenario_id: str, player: str | None) -> ResumePoint | None:
        """The player's interrupted attempt of this scenario (newest), if it has a decision to go on from."""
        key = (scenario_id, player or self.player)
        if key not in self._resumable:
            self._resumable[key] = self._find_resumable(*key)
        return self._resumable[key]

    def _find_resumable(self, scenario_id: str, player: str) -> ResumePoint | None:
        found = continuable(self.db, player, scenario_id)
        if found is None:
            return None
        a, stopped = found
        return ResumePoint(a.id, a.scenario_id, a.decision_count, stopped, a.mode, a.seed or 0, a.in_order)

    def replay(self, point: ResumePoint, session: Any) -> None:
        """Re-make the attempt's recorded choices in `session`; ResumeMismatch when the file changed since."""
        Recorder.reopen(self.db, point.attempt_id, scenario=session.scenario, sender=self.sender,
                              identity=self.identity).replay(session)

    def resume(self, point: ResumePoint, session: Any) -> None:
        """Record what follows in `session` (replayed) into the interrupted attempt; closes any older one."""
        self._resumable.clear()
        rec = Recorder.reopen(self.db, point.attempt_id, scenario=session.scenario, sender=self.sender,
                              identity=self.identity)
        self.recorder = rec
        rec.close_others()

    def discard(self, point: ResumePoint) -> None:
        """Start over: the interrupted attempt is abandoned, its decisions kept."""
        self._resumable.clear()
        if self.recorder is not None and self.recorder.attempt_id == point.attempt_id:
            self.recorder = None
        if self.db.attempt(point.attempt_id).status == "in_progress":
            Recorder.reopen(self.db, point.attempt_id, sender=self.sender, identity=self.identity).abandon()


def _debrief(a: Any) -> Any:
    """The attempt's stored debrief, typed; None when it is missing or from an older, incomplete record."""
    try:
        return a.debrief_record()
    except (KeyError, TypeError, ValueError) as exc:
        log.info("attempt %s: its debrief cannot be shown again (%s)", getattr(a, "id", "?"), exc)
        return None


def _ending_title(a: Attempt) -> str:
    debrief = a.debrief_record()
    return (debrief.ending_title if debrief is not None else None) or a.ending_id or ""
