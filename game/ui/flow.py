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

from game.engine.session import Beat, Mode, Session, Step
from game.play.controller import CHANGED_SINCE, UNREADABLE, PlayController, Resumed
from game.ui.art import ArtLibrary, Job, scenario_moods
from game.ui.catalog import Entry
from game.ui.results import ResumePoint

if TYPE_CHECKING:
    from game.ui.app import App

log = logging.getLogger(__name__)

# Said on the briefing when an interrupted attempt can no longer be replayed (its scenario file changed).
CHANGED = CHANGED_SINCE  # the briefing's line when an interrupted attempt no longer replays
__all__ = ["CHANGED", "UNREADABLE", "Flow", "art_jobs"]

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

    Each character in every mood it can show (`scenario_moods`) at the dialogue's portrait height, and every
    setting the scenario names as a background covering the window. Painting them all ahead (the
    briefing does, while it is read) means no node change ever waits for a picture.
    """
    sc = entry.scenario if entry is not None else None
    if sc is None:
        return []
    size, pack = app.size, entry.pack  # type: ignore[union-attr]
    settings = dict.fromkeys([sc.setting, *(n.setting for n in sc.nodes.values() if n.setting)])
    jobs = [ArtLibrary.background_job(sc.setting, size, pack)]
    moods = scenario_moods(sc)  # rapport's three (neutral first: everyone starts there), then the lines' own
    for cid, ch in sc.characters.items():
        height = app.dialogue.stage(size, ch.role, ch.name)[1].h
        jobs += [ArtLibrary.portrait_job(cid, ch.portrait, mood, height, pack, ch.look) for mood in moods[cid]]
    jobs += [ArtLibrary.background_job(s, size, pack) for s in settings if s != sc.setting]
    return jobs


class Flow:
    """The model the screen machine drives; `state` is the current screen's name."""

    state: str

    def __init__(self, app: App, seed: int | None = None, in_order: bool = False) -> None:
        self.app = app
        self.origin = "title"
        # The playthrough itself (session, debrief, recording, resuming) is the controller's, shared with text
        # play and the browser; `seed` None draws a fresh one per attempt, `in_order` is `--in-order`.
        self._play = PlayController(app.results, seed=seed, in_order=in_order)
        self.entry: Entry | None = None
        self.past_debrief: Any = None  # a finished attempt's debrief opened again from History
        self.machine = Machine(model=self, states=STATES, transitions=TRANSITIONS, initial="title",
                               auto_transitions=False, after_state_change="_entered")

    @property
    def play(self) -> PlayController:
        """The controller, told the app's current store, player and mode (Settings can change them)."""
        p = self._play
        p.results, p.player, p.workshop = self.app.results, self.app.player, self.app.workshop
        return p

    # What the scenes read: the controller's state, under the names they have always used.
    @property
    def session(self) -> Session | None:
        return self._play.session

    @session.setter
    def session(self, value: Session | None) -> None:
        self._play.session = value

    @property
    def debrief(self) -> Any:
        return self._play.debrief

    @debrief.setter
    def debrief(self, value: Any) -> None:
        self._play.debrief = value

    @property
    def last_step(self) -> Step | None:
        return self._play.last_step

    @last_step.setter
    def last_step(self, value: Step | None) -> None:
        self._play.last_step = value

    @property
    def last_beat(self) -> Beat | None:
        return self._play.last_beat

    @property
    def seed(self) -> int | None:
        return self._play.seed

    @property
    def in_order(self) -> bool:
        return self._play.in_order

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

    def _select(self) -> PlayController:
        assert self.entry is not None and self.entry.scenario is not None
        play = self.play
        play.select(self.entry.scenario)
        return play

    def _new_session(self) -> Session:
        mode: Mode = "assessment" if self.app.settings.mode == "assessment" else "practice"
        return self._select().begin(mode)

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
        if e is None or e.scenario is None:
            return None, ""
        return self._select().resume_offer()

    def continue_attempt(self, point: ResumePoint) -> str:
        """Continue an interrupted attempt: replay its choices into a fresh session (its seed and mode), record
        on into the same attempt, and show the node the player had reached. Returns "" when it did; else the
        line for the briefing, where the player still is: the attempt no longer replays (it is closed, see
        `resume_offer`), or the store could not be read just now (it is kept, to try again)."""
        self.app.art.warm_all()
        went = self._select().continue_attempt(point)
        if not went.ok:
            return went.note
        if went.outcome is Resumed.FINISHED:  # the crash came between the last choice and the debrief
            self.go("finish")
            return ""
        beat = self.session.current_beat if self.session is not None else None
        self.app.dialogue.start([beat] if beat is not None else [], resumed=True)
        self.go("start")
        return ""

    def start_over(self, point: ResumePoint | None) -> None:
        """Start the current entry from the top, giving up the interrupted attempt (abandoned, decisions kept)."""
        if point is not None:
            self.play.discard(point)
        self.begin()

    def choose(self, number: int, elapsed: float | None, said: str | None = None) -> Step:
        """Take a choice in the engine (`said`: the player's own words for it) and queue what the dialogue shows next."""
        return self.play.choose(number, elapsed, said)  # keeps the decision's own beat (its `discuss:`) as last_beat

    def rewind(self, k: int) -> None:
        """Go back to just before decision k and play on from there (practice mode)."""
        beat = self.play.rewind(k)
        self.app.dialogue.start([beat] if beat is not None else [], resumed=True)
        self.go("replay")

    def finish_scenario(self, trigger: str | None = "finish") -> None:
        """The scenario ended: ask the engine for the debrief, record the attempt, and show it."""
        self.play.finish()
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
        self.play.leave()
        self.go("abandon")
