"""`ResultsSource` backed by the history database (`game.store`).

Reads are cached, because the select screen asks for every card's best result
on every frame it draws, and a frame must not wait on SQLite. The cache is
dropped whenever an attempt finishes.
"""

from __future__ import annotations

import logging
from typing import Any

from game.store import Database, Recorder, default_player_name
from game.store.db import parse_iso
from game.ui.results import BestResult, HistoryEntry

log = logging.getLogger(__name__)


class StoreResults:
    """Records each playthrough with a `Recorder` and answers the screens from the database."""

    def __init__(self, db: Database, player: str | None = None, pack: str | None = None,
                 sender: Any = None) -> None:
        self.db = db
        self.player = player or default_player_name()
        self.pack = pack
        self.sender = sender
        self.recorder: Recorder | None = None
        self._best: dict[str, BestResult | None] = {}
        self._history: list[HistoryEntry] | None = None

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
                    grade=int(a.grade or 0), player=a.player,
                )
                for a in reversed(rows)
            ]
        return self._history[:limit]

    # -- the attempt's life
    def begin(self, session: Any, player: str | None, workshop: bool) -> None:
        mode = "workshop" if workshop else str(session.mode)
        self.recorder = Recorder(self.db, player or self.player, session.scenario, mode, pack=self.pack,
                                 seed=getattr(session, "seed", None), sender=self.sender)

    def decision(self, session: Any, decision: Any) -> None:
        if self.recorder is not None:
            self.recorder.decision(decision)

    def rewind(self, session: Any, k: int) -> None:
        """Going back within an attempt marks later decisions rewound; after the end it is a new attempt."""
        if self.recorder is not None:
            self.recorder.rewind(k)
            return
        self.begin(session, None, False)
        for d in session.log:
            self.decision(session, d)

    def finish(self, session: Any, debrief: Any) -> None:
        if self.recorder is not None:
            self.recorder.finish(debrief)
        self.recorder = None
        self._best.clear()
        self._history = None

    def abandon(self, session: Any) -> None:
        if self.recorder is not None:
            self.recorder.abandon()
        self.recorder = None


def _ending_title(a: Any) -> str:
    debrief = a.debrief or {}
    return str(debrief.get("ending_title") or a.ending_id or "")
