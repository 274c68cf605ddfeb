"""The screen flow as a `transitions` machine, plus the play actions that move it.

The machine is plain data (states and transitions below), so the flow can be
read, tested and drawn as a diagram. Play actions (start, choose, rewind,
finish) live here too, because each of them changes the engine's session and
the screen together; scenes call these and never touch a score themselves.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from transitions import Machine

from game.engine.order import new_seed
from game.engine.session import Beat, Mode, Session, Step
from game.store.db import AttemptStateError
from game.store.recorder import CHANGED_SINCE, ResumeMismatch
from game.ui.art import MOODS, ArtLibrary, Job
from game.ui.catalog import Entry
from game.ui.results import ResumePoint

if TYPE_CHECKING:
    from game.ui.app import App

log = logging.getLogger(__name__)

# Said on the briefing when an interrupted attempt can no longer be replayed (its scenario file changed).
CHANGED = CHANGED_SINCE  # the briefing's line when an interrupted attempt no longer replays
UNREADABLE = "Your earlier attempt could not be read just now; it is kept. Try Continue again, or start over."

STATES = ["title", "select", "briefing", "dialogue", "feedback", "discussion", "debrief", "settings", "history",
          "past_debrief"]
SETTINGS_FROM = ["title", "select", "dialogue", "feedback", "discussion", "debrief"]
PLAYING = ["dialogue", "feedback", "discussion", "debrief"]  # screens that show a session

TRANSITIONS: list[dict[str, Any]] = [
    {"trigger": "play", "source": "title", "dest": "select"},
    {"trigger": "open_history", "source": "title", "dest": "history"},
    {"trigger": "open_settings", "source": SETTINGS_FROM, "dest": "settings", "before": "_remember_origin"},
    {"trigger": "pick", "source": "select", "dest": "briefing"},
    {"trigger": "start", "source": "briefing", "dest": "dialogue"},
    {"trigger": "show_feedback", "source": "dialogue", "dest": "feedback"},
    {"trigger": "discuss", "source": "dialogue", "dest": "discussion"},  # workshop mode, after each decision
    {"trigger": "resume", "source": ["feedback", "discussion"], "dest": "dialogue"},
    {"trigger": "finish", "source": ["dialogue", "feedback", "discussion"], "dest": "debrief"},
    # Continue: an interrupted attempt whose recorded choices already reach an ending goes straight to its debrief
    {"trigger": "finish", "source": "briefing", "dest": "debrief"},
    {"trigger": "replay", "source": ["debrief", "feedback"], "dest": "dialogue"},
    {"trigger": "next_scenario", "source": "debrief", "dest": "briefing"},
    {"trigger": "abandon", "source": ["dialogue", "feedback", "discussion"], "dest": "select"},
    # --watch: a new version of the file loaded; the player goes back to their place in it
    {"trigger": "reload", "source": PLAYING, "dest": "dialogue"},
    {"trigger": "reload_end", "source": PLAYING, "dest": "debrief"},
    {"trigger": "back", "source": "select", "dest": "title"},
    {"trigger": "back", "source": "history", "dest": "title"},
    {"trigger": "reopen", "source": "history", "dest": "past_debrief"},
    {"trigger": "back", "source": "past_debrief", "dest": "history"},
    {"trigger": "back", "source": "briefing", "dest": "select"},
    {"trigger": "back", "source": "debrief", "dest": "select"},
    *[{"trigger": "back", "source": "settings", "dest": s, "conditions": f"_from_{s}"} for s in SETTINGS_FROM],
]


def art_jobs(app: App, entry: Entry | None) -> list[Job]:
    """Every picture `entry`'s dialogue can show at the app's window size, the first ones first.

    Each character in every mood at the dialogue's portrait height for that character, and every
    setting the scenario names as a background covering the window. Painting them all ahead (the
    briefing does, while it is read) means no node change ever waits for a picture.
    """
    sc = entry.scenario if entry is not None else None
    if sc is None:
        return []
    size, pack = app.size, entry.pack  # type: ignore[union-attr]
    settings = dict.fromkeys([sc.setting, *(n.setting for n in sc.nodes.values() if n.setting)])
    jobs = [ArtLibrary.background_job(sc.setting, size, pack)]
    moods = sorted(MOODS, key=lambda m: m != "neutral")  # everyone starts neutral
    for cid, ch in sc.characters.items():
        height = app.dialogue.stage(size, ch.role, ch.name)[1].h
        jobs += [ArtLibrary.portrait_job(cid, ch.portrait, mood, height, pack) for mood in moods]
    jobs += [ArtLibrary.background_job(s, size, pack) for s in settings if s != sc.setting]
    return jobs


class Flow:
    """The model the screen machine drives; `state` is the current screen's name."""

    state: str

    def __init__(self, app: App, seed: int | None = None, in_order: bool = False) -> None:
        self.app = app
        self.origin = "title"
        self.seed = seed  # None: every new attempt draws a fresh seed, so its options come in a new order
        self.in_order = in_order  # `--in-order`: every node's options in file order
        self.entry: Entry | None = None
        self.session: Session | None = None
        self.debrief: Any = None
        self.past_debrief: Any = None  # a finished attempt's debrief opened again from History
        self.last_step: Step | None = None
        self.last_beat: Beat | None = None
        self.machine = Machine(model=self, states=STATES, transitions=TRANSITIONS, initial="title",
                               auto_transitions=False, after_state_change="_entered")

    # -- machine callbacks
    def _remember_origin(self) -> None:
        self.origin = self.state

    def _from_title(self) -> bool:
        return self.origin == "title"

    def _from_select(self) -> bool:
        return self.origin == "select"

    def _from_dialogue(self) -> bool:
        return self.origin == "dialogue"

    def _from_feedback(self) -> bool:
        return self.origin == "feedback"

    def _from_discussion(self) -> bool:
        return self.origin == "discussion"

    def _from_debrief(self) -> bool:
        return self.origin == "debrief"

    def _entered(self) -> None:
        if self.state in ("title", "select", "history", "debrief"):  # the scenario was left or finished
            self.app.art.unpin()  # its pictures (20-36 MB at 1080p) go back within the art budget
        self.app.on_screen_changed()

    def go(self, trigger: str) -> bool:
        """Fire a trigger by name (the scenes' one way to move)."""
        return bool(self.trigger(trigger))  # type: ignore[attr-defined]

    def open_past(self, debrief: Any) -> None:
        """Show a finished attempt's debrief again (from History)."""
        self.past_debrief = debrief
        self.go("reopen")

    def may(self, trigger: str) -> bool:
        return bool(getattr(self, f"may_{trigger}")())

    # -- play actions
    def choose_entry(self, entry: Entry) -> None:
        """Open a scenario's briefing."""
        self.entry = entry
        self.go("pick" if self.state == "select" else "next_scenario")

    def _new_session(self) -> Session:
        assert self.entry is not None and self.entry.scenario is not None
        if self.session is not None:
            if not self.session.finished:
                self._record(self.app.results.abandon, self.session)
            self.session.close()
        seed = self.seed if self.seed is not None else new_seed()
        mode: Mode = "assessment" if self.app.settings.mode == "assessment" else "practice"
        self.session = Session(self.entry.scenario, mode=mode, seed=seed, in_order=self.in_order)
        self.debrief = None
        self.last_step = None
        self._record(self.app.results.begin, self.session, self.app.player, self.app.workshop)
        return self.session

    def _record(self, call: Callable[..., Any], *args: Any) -> None:
        """Tell the results store; a store failure (full disk, locked file) never stops play."""
        try:
            call(*args)
        except Exception as exc:
            log.warning("could not record progress (%s): %s", getattr(call, "__name__", call), exc)

    def paint_ahead(self) -> None:
        """Queue the current entry's pictures to paint ahead (the briefing paints one a frame)."""
        self.app.art.prewarm(art_jobs(self.app, self.entry))

    def begin(self) -> None:
        """Start the current entry from the top (from the briefing, or Replay on the debrief)."""
        self.app.art.warm_all()  # what the briefing had no time to paint, before the first line shows
        session = self._new_session()
        self.app.dialogue.start(session.opening)
        self.go("start" if self.state == "briefing" else "replay")

    # -- an interrupted attempt (not in workshop mode; a read-only store offers none)
    def resume_offer(self) -> tuple[ResumePoint | None, str]:
        """The current entry's interrupted attempt the player can continue, and a line for the briefing.

        The attempt's choices are replayed on a throwaway session first, so Continue is offered only
        when it works. When they no longer retrace it (the scenario file changed), the attempt is
        closed as abandoned (its decisions kept) and the line says why it starts from the beginning.
        """
        e = self.entry
        if e is None or e.scenario is None or self.app.workshop:
            return None, ""
        try:
            point = self.app.results.resumable(e.id, self.app.player)
        except Exception as exc:  # a store failure never stops play: the briefing offers Start as usual
            log.warning("could not look for an interrupted attempt: %s", exc)
            return None, ""
        if point is None:
            return None, ""
        probe = self._resumed_session(point)
        try:
            self.app.results.replay(point, probe)
        except (ResumeMismatch, AttemptStateError) as exc:  # the file changed, or the attempt was closed
            log.info("attempt %s no longer replays: %s", point.attempt_id, exc)
            self._record(self.app.results.discard, point)
            return None, CHANGED.format(n=point.at_decision)
        except Exception as exc:  # the store could not be read just now: leave the attempt for another time
            log.warning("could not check attempt %s: %s", point.attempt_id, exc)
            return None, ""
        finally:
            probe.close()
        return point, ""

    def _resumed_session(self, point: ResumePoint) -> Session:
        assert self.entry is not None and self.entry.scenario is not None
        mode: Mode = "assessment" if point.mode == "assessment" else "practice"
        return Session(self.entry.scenario, mode=mode, seed=point.seed, in_order=point.in_order)

    def continue_attempt(self, point: ResumePoint) -> str:
        """Continue an interrupted attempt: replay its choices into a fresh session (its seed and mode), record
        on into the same attempt, and show the node the player had reached. Returns "" when it did; else the
        line for the briefing, where the player still is: the attempt no longer replays (it is closed, see
        `resume_offer`), or the store could not be read just now (it is kept, to try again)."""
        self.app.art.warm_all()
        if self.session is not None:
            if not self.session.finished:
                self._record(self.app.results.abandon, self.session)
            self.session.close()
            self.session = None
        session = self._resumed_session(point)
        try:
            self.app.results.replay(point, session)
            self.app.results.resume(point, session)
        except Exception as exc:
            log.warning("could not continue attempt %s: %s", point.attempt_id, exc)
            session.close()
            if isinstance(exc, (ResumeMismatch, AttemptStateError)):  # it can never be picked up again
                self._record(self.app.results.discard, point)
                return CHANGED.format(n=point.at_decision)
            return UNREADABLE
        self.session = session
        self.debrief = None
        self.last_step = None
        if session.finished:  # the crash came between the last choice and the debrief
            self.finish_scenario()
            return ""
        beat = session.current_beat
        self.app.dialogue.start([beat] if beat is not None else [], resumed=True)
        self.go("start")
        return ""

    def start_over(self, point: ResumePoint | None) -> None:
        """Start the current entry from the top, giving up the interrupted attempt (abandoned, decisions kept)."""
        if point is not None:
            self._record(self.app.results.discard, point)
        self.begin()

    def choose(self, number: int, elapsed: float | None) -> Step:
        """Take a choice in the engine and queue what the dialogue shows next."""
        assert self.session is not None
        self.last_beat = self.session.current_beat  # the decision's own beat (its `discuss:`), for workshop mode
        step = self.session.choose(number, elapsed=elapsed)
        self.last_step = step
        self._record(self.app.results.decision, self.session, step.decision)
        return step

    def rewind(self, k: int) -> None:
        """Go back to just before decision k and play on from there (practice mode)."""
        assert self.session is not None
        self.session.rewind(k)
        self._record(self.app.results.rewind, self.session, k)
        self.debrief = None
        self.last_step = None
        beat = self.session.current_beat
        self.app.dialogue.start([beat] if beat is not None else [], resumed=True)
        self.go("replay")

    def finish_scenario(self, trigger: str | None = "finish") -> None:
        """The scenario ended: ask the engine for the debrief, record the attempt, and show it."""
        from game.engine.scoring import debrief

        assert self.session is not None
        self.debrief = debrief(self.session)
        self._record(self.app.results.finish, self.session, self.debrief)
        if trigger is not None:
            self.go(trigger)

    def reload_scenario(self, entry: Entry, scenario: Any) -> None:
        """A new version of `entry`'s file loaded (--watch): replay the player's choices on it, as Inky does.

        The same choice indexes are taken again (`choose_index`) while each one
        is still on offer at the same node. If the node the player stood at is
        gone, they stop one decision earlier, at the last point that still
        exists, rather than being carried past the edit.
        """
        old = entry.scenario
        entry.scenario, entry.broken = scenario, None
        if old is not None and old in entry.pack.scenarios:
            entry.pack.scenarios[entry.pack.scenarios.index(old)] = scenario
        self.app.art.forget(entry.pack)  # an image may have been added or changed along with the file
        if entry is self.entry:
            self.paint_ahead()  # queued only; painted on demand, or all at the next start
        session = self.session
        showing = self.state in PLAYING or (self.state == "settings" and self.origin in PLAYING)
        if entry is not self.entry or session is None or not showing:
            return  # nothing on screen plays this file: the next start uses the new version
        log_, was_at, was_finished = list(session.log), session.node_id, session.finished
        self._record(self.app.results.abandon, session)
        session.close()
        new = Session(scenario, mode=session.mode, seed=session.seed, in_order=session.in_order)
        self._record(self.app.results.begin, new, self.app.player, self.app.workshop)
        steps: list[Step] = []
        for d in log_:
            if new.finished or new.node_id != d.node_id or not any(o.index == d.index for o in new.options()):
                break
            steps.append(new.choose_index(d.index, d.elapsed))
        gone = was_at not in scenario.nodes and was_at not in scenario.endings
        if steps and ((new.finished and not was_finished) or (gone and len(steps) == len(log_))):
            steps.pop()
            new.rewind(len(steps))
        for step in steps:
            self._record(self.app.results.decision, new, step.decision)
        self.session = new
        self.last_step = steps[-1] if steps else None
        self.debrief = None
        if new.finished:
            self.finish_scenario(trigger="reload_end" if self.state in PLAYING else None)
            if self.state == "settings":
                self.origin = "debrief"
            return
        beat = new.current_beat
        self.app.dialogue.start([beat] if beat is not None else [], resumed=True)
        if self.state in PLAYING:
            self.go("reload")
        elif self.state == "settings" and self.origin in PLAYING:
            self.origin = "dialogue"

    def abandon_scenario(self) -> None:
        """Leave the scenario mid-way. A learner's attempt is kept to continue from its briefing; a workshop's
        run ends (the room moves on, and workshops are never offered to continue)."""
        if self.session is not None:
            leave = self.app.results.abandon if self.app.workshop else self.app.results.suspend
            self._record(leave, self.session)
            self.session.close()
        self.session = None
        self.last_step = None
        self.go("abandon")
