"""The play controller: one playthrough's life, the same for the window, text play and the browser.

It owns the chosen scenario, the engine `Session`, the debrief, recording
(through a `ResultsSource`) and continuing an interrupted attempt. A front end
shows what it holds and calls its methods; it never makes a session, computes
a score or talks to the store itself. No pygame, no terminal, no browser here.

    play = PlayController(results, player="ana")
    play.select(scenario)
    point = play.interrupted()              # or resume_offer(), which checks it still replays
    play.begin("practice")                  # or play.continue_attempt(point)
    step = play.choose(2)                   # ... until play.session.finished
    d = play.finish()                       # the debrief, recorded

A store failure (a full disk, a locked file) never stops play: each write goes
through `problem(exc, last)`, which logs by default; text play passes one that
tells the player.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from game.attempts import CHANGED_SINCE, AttemptGone  # what a front end says when an attempt no longer replays
from game.engine.order import new_seed
from game.engine.scoring import Debrief, debrief
from game.engine.session import Beat, Mode, Session, Step
from game.i18n import N_, _
from game.play.results import NullResults, ResultsSource, ResumePoint
from game.scenario.model import Scenario

log = logging.getLogger(__name__)

UNREADABLE = N_("Your earlier attempt could not be read just now; it is kept. Try Continue again, or start over.")
# The store's CHANGED_SINCE, marked here for the game's catalog: the note a front end shows is translated.
CHANGED_NOTE = N_("This scenario has changed since you stopped at decision {n}, so it starts again from the beginning.")
assert CHANGED_NOTE == CHANGED_SINCE

Problem = Callable[[Exception, bool], None]


class Resumed(Enum):
    """How continuing an interrupted attempt went."""

    PLAYING = "playing"  # replayed: the session stands where the player stopped
    FINISHED = "finished"  # replayed, and the recorded choices already reach an ending: the debrief is ready
    CHANGED = "changed"  # the scenario changed since: the attempt is closed (abandoned), start a new one
    UNREADABLE = "unreadable"  # the store could not be read just now: the attempt is kept for another time


@dataclass(frozen=True)
class Continued:
    """The result of `PlayController.continue_attempt`: what happened, and the line a front end shows."""

    outcome: Resumed
    note: str = ""
    error: str = ""  # the store's own words, when it could not be read

    @property
    def ok(self) -> bool:
        return self.outcome in (Resumed.PLAYING, Resumed.FINISHED)


def _replay_failed(exc: Exception) -> bool:
    """True when an attempt can never be picked up again (its file changed, or it was closed meanwhile)."""
    return isinstance(exc, AttemptGone)  # the store's ResumeMismatch and AttemptStateError are kinds of it


def _log_problem(exc: Exception, last: bool) -> None:
    log.warning("could not record progress: %s", exc)


class PlayController:
    """The scenario being played and its session, recorded as it goes."""

    def __init__(self, results: ResultsSource | None = None, *, player: str | None = None, workshop: bool = False,
                 seed: int | None = None, in_order: bool = False, problem: Problem | None = None) -> None:
        self.results: ResultsSource = results if results is not None else NullResults()
        self.player = player
        self.workshop = workshop
        self.seed = seed  # None: every new attempt draws a fresh seed, so its options come in a new order
        self.in_order = in_order  # every node's options in file order (authors checking a path, tests)
        self.problem: Problem = problem if problem is not None else _log_problem
        self.scenario: Scenario | None = None
        self.session: Session | None = None
        self.debrief: Debrief | None = None
        self.last_step: Step | None = None
        self.last_beat: Beat | None = None  # the beat the last decision was made at (its `discuss:`)
        self.resumed = False  # the session was picked up from an interrupted attempt

    # ----------------------------------------------------------------- recording
    def _record(self, call: Callable[..., object], *args: object, last: bool = False) -> None:
        """Tell the results store; a failure goes to `problem` and play goes on."""
        try:
            call(*args)
        except Exception as exc:
            self.problem(exc, last)

    # ----------------------------------------------------------------- the entry
    def select(self, scenario: Scenario) -> None:
        """Choose the scenario to play next; a session of another one still open is left as it is."""
        self.scenario = scenario

    def _close_open(self) -> None:
        """An unfinished session of the last start is given up before another starts (recorded as abandoned)."""
        if self.session is None:
            return
        if not self.session.finished and self.debrief is None:
            self._record(self.results.abandon, self.session)
        self.session.close()
        self.session = None

    def _fresh(self, session: Session, *, resumed: bool) -> Session:
        self.session = session
        self.debrief = None
        self.last_step = None
        self.last_beat = None
        self.resumed = resumed
        return session

    # ----------------------------------------------------------------- a new attempt
    def begin(self, mode: Mode = "practice") -> Session:
        """Start the chosen scenario from the top, as a new recorded attempt."""
        if self.scenario is None:
            raise RuntimeError("no scenario selected: call select(scenario) first")
        self._close_open()
        seed = self.seed if self.seed is not None else new_seed()
        session = self._fresh(Session(self.scenario, mode=mode, seed=seed, in_order=self.in_order), resumed=False)
        self._record(self.results.begin, session, self.player, self.workshop)
        return session

    # ----------------------------------------------------------------- an interrupted attempt
    def interrupted(self) -> ResumePoint | None:
        """The chosen scenario's interrupted attempt, as the store knows it (not checked to replay), or None.

        Workshop runs are never continued, and a store that cannot be read offers nothing."""
        sc = self.scenario
        if sc is None or sc.id is None or self.workshop:
            return None
        try:
            return self.results.resumable(sc.id, self.player)
        except Exception as exc:
            log.warning("could not look for an interrupted attempt: %s", exc)
            return None

    def resume_offer(self) -> tuple[ResumePoint | None, str]:
        """The interrupted attempt to offer, checked first on a throwaway session, and a line to show.

        When its choices no longer retrace it (the scenario changed), it is closed as abandoned (its
        decisions kept) and the line says why play starts from the beginning."""
        point = self.interrupted()
        if point is None:
            return None, ""
        probe = self._session_for(point)
        try:
            self.results.replay(point, probe)
        except Exception as exc:
            if _replay_failed(exc):
                log.info("attempt %s no longer replays: %s", point.attempt_id, exc)
                self._record(self.results.discard, point)
                return None, _(CHANGED_NOTE).format(n=point.at_decision)
            log.warning("could not check attempt %s: %s", point.attempt_id, exc)
            return None, ""
        finally:
            probe.close()
        return point, ""

    def _session_for(self, point: ResumePoint) -> Session:
        assert self.scenario is not None
        mode: Mode = "assessment" if point.mode == "assessment" else "practice"
        return Session(self.scenario, mode=mode, seed=point.seed, in_order=point.in_order)

    def continue_attempt(self, point: ResumePoint) -> Continued:
        """Replay the attempt's choices into a fresh session (its own seed, order and mode) and record on
        into that same attempt. When the recorded choices already reach an ending (the stop came between the
        last choice and the debrief), the debrief is made and recorded at once (`Resumed.FINISHED`)."""
        if self.scenario is None:
            raise RuntimeError("no scenario selected: call select(scenario) first")
        self._close_open()
        session = self._session_for(point)
        try:
            self.results.replay(point, session)
            self.results.resume(point, session)
        except Exception as exc:
            session.close()
            if _replay_failed(exc):
                log.info("attempt %s no longer replays: %s", point.attempt_id, exc)
                self._record(self.results.discard, point)
                return Continued(Resumed.CHANGED, _(CHANGED_NOTE).format(n=point.at_decision))
            log.warning("could not continue attempt %s: %s", point.attempt_id, exc)
            return Continued(Resumed.UNREADABLE, _(UNREADABLE), str(exc))
        self._fresh(session, resumed=True)
        if session.finished:
            self.finish()
            return Continued(Resumed.FINISHED)
        return Continued(Resumed.PLAYING)

    def discard(self, point: ResumePoint) -> None:
        """Give up an interrupted attempt (abandoned, its decisions kept)."""
        self._record(self.results.discard, point)

    def start_over(self, point: ResumePoint | None, mode: Mode = "practice") -> Session:
        """Start from the top, giving up the interrupted attempt first."""
        if point is not None:
            self.discard(point)
        return self.begin(mode)

    # ----------------------------------------------------------------- playing
    def _playing(self) -> Session:
        if self.session is None:
            raise RuntimeError("no session: call begin() or continue_attempt() first")
        return self.session

    def choose(self, number: int, elapsed: float | None = None, said: str | None = None) -> Step:
        """Take the choice shown as `number` (1-based) and record the decision; `said`: the player's own words."""
        s = self._playing()
        self.last_beat = s.current_beat
        step = s.choose(number, elapsed=elapsed, said=said)
        self.last_step = step
        self._record(self.results.decision, s, step.decision)
        return step

    def rewind(self, k: int) -> Beat | None:
        """Go back to just before decision k (0-based) and play on from there; returns the beat shown there."""
        s = self._playing()
        s.rewind(k)
        self._record(self.results.rewind, s, k)
        self.debrief = None
        self.last_step = None
        return s.current_beat

    def finish(self) -> Debrief:
        """The scenario ended: the engine's debrief, recorded once (asking again returns the same one)."""
        s = self._playing()
        if self.debrief is None:
            self.debrief = debrief(s)
            self._record(self.results.finish, s, self.debrief, last=True)
        return self.debrief

    def leave(self) -> None:
        """The player leaves mid-way. A learner's attempt with a decision in it is kept to continue; a
        workshop's run ends (the room moves on, and workshops are never offered to continue)."""
        if self.session is None:
            return
        if not self.session.finished and self.debrief is None:
            self._record(self.results.abandon if self.workshop else self.results.suspend, self.session, last=True)
        self.session.close()
        self.session = None
        self.last_step = None

    def abandon(self) -> None:
        """Stop for good (the input ran out): the attempt is closed as abandoned, its decisions kept."""
        if self.session is None:
            return
        if not self.session.finished and self.debrief is None:
            self._record(self.results.abandon, self.session, last=True)
        self.session.close()
        self.session = None
        self.last_step = None

    def close(self) -> None:
        """Release the session (after the debrief, or when the front end shuts)."""
        if self.session is not None:
            self.session.close()
            self.session = None


__all__ = ["CHANGED_SINCE", "UNREADABLE", "Continued", "PlayController", "Problem", "Resumed"]
