"""The screen flow as a `transitions` machine, the stack of what is opened over it, and the play actions.

The machine is plain data (states and transitions below), so the flow can be
read, tested and drawn as a diagram. Settings and the dialogs are not states: they
are pushed on a `ScreenStack` over the machine's screen and popped back to it
(`game.ui.stack`). Play actions (start, choose, rewind, finish) live here too,
because each of them changes the controller's session and the screen together;
scenes call these and never touch a score themselves.

The flow knows the window only through `FlowHost` (the few services it needs), and
the dialogue scene only through `show_lines`; it never imports the app or a scene.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TypedDict

from transitions import Machine

from game.engine.scoring import Debrief
from game.engine.session import Beat, Mode, Session, Step
from game.play.controller import CHANGED_SINCE, UNREADABLE, PlayController, Resumed
from game.scenario.model import Scenario
from game.ui.art import ArtLibrary, Job, scenario_moods
from game.ui.catalog import Entry
from game.ui.results import ResultsSource, ResumePoint
from game.ui.stack import Overlay, ScreenStack

if TYPE_CHECKING:
    from game.ui.settings import Settings

log = logging.getLogger(__name__)

# Said on the briefing when an interrupted attempt can no longer be replayed (its scenario file changed).
CHANGED = CHANGED_SINCE  # the briefing's line when an interrupted attempt no longer replays
__all__ = ["CHANGED", "UNREADABLE", "Flow", "FlowHost", "art_jobs"]

STATES = ["title", "select", "briefing", "dialogue", "feedback", "discussion", "debrief", "history", "past_debrief"]
PLAYING = ["dialogue", "feedback", "discussion", "debrief"]  # screens that show a session
PUSHED = ("settings",)  # screens opened over the machine's screen and closed back to it (`ScreenStack`)


class Transition(TypedDict, total=False):
    trigger: str
    source: str | list[str]
    dest: str


TRANSITIONS: list[Transition] = [
    {"trigger": "play", "source": "title", "dest": "select"},
    {"trigger": "open_history", "source": "title", "dest": "history"},
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
]
# The screens Settings opens over (the ones with a Settings button or the pause menu's Settings).
SETTINGS_OVER = frozenset({"title", "select", "dialogue", "feedback", "discussion", "debrief"})


class FlowHost(Protocol):
    """What the flow needs of the window: its services, and a way to start the dialogue's lines."""

    art: ArtLibrary
    settings: Settings
    results: ResultsSource
    player: str | None
    workshop: bool

    @property
    def size(self) -> tuple[int, int]: ...

    def on_screen_changed(self) -> None: ...

    def show_lines(self, beats: list[Beat], resumed: bool = False) -> None: ...

    def portrait_height(self, role: str | None, name: str | None) -> int: ...


def art_jobs(app: FlowHost, entry: Entry | None) -> list[Job]:
    """Every picture `entry`'s dialogue can show at the app's window size, the first ones first.

    Each character in every mood it can show (`scenario_moods`) at the dialogue's portrait height, and every
    setting the scenario names as a background covering the window. Painting them all ahead (the
    briefing does, while it is read) means no node change ever waits for a picture.
    """
    sc = entry.scenario if entry is not None else None
    if sc is None:
        return []
    assert entry is not None
    size, pack = app.size, entry.pack
    settings = dict.fromkeys([sc.setting, *(n.setting for n in sc.nodes.values() if n.setting)])
    jobs = [ArtLibrary.background_job(sc.setting, size, pack)]
    moods = scenario_moods(sc)  # rapport's three (neutral first: everyone starts there), then the lines' own
    for cid, ch in sc.characters.items():
        height = app.portrait_height(ch.role, ch.name)
        jobs += [ArtLibrary.portrait_job(cid, ch.portrait, mood, height, pack, ch.look) for mood in moods[cid]]
    jobs += [ArtLibrary.background_job(s, size, pack) for s in settings if s != sc.setting]
    return jobs


class Flow:
    """The model the screen machine drives; `state` is the current screen's name."""

    screen: str  # the machine's state: the screen under anything pushed on `stack`

    def __init__(self, app: FlowHost, seed: int | None = None, in_order: bool = False) -> None:
        self.app = app
        self.stack = ScreenStack()  # Settings and the dialogs, over the machine's screen
        # The playthrough itself (session, debrief, recording, resuming) is the controller's, shared with text
        # play and the browser; `seed` None draws a fresh one per attempt, `in_order` is `--in-order`.
        self._play = PlayController(app.results, seed=seed, in_order=in_order)
        self.entry: Entry | None = None
        self.past_debrief: Debrief | None = None  # a finished attempt's debrief opened again from History
        self.machine = Machine(model=self, states=STATES, transitions=list(TRANSITIONS), initial="title",
                               auto_transitions=False, after_state_change="_entered", model_attribute="screen")

    @property
    def state(self) -> str:
        """The screen the player sees: the top one pushed (Settings), else the machine's."""
        return self.stack.screen or self.screen

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
    def debrief(self) -> Debrief | None:
        return self._play.debrief

    @debrief.setter
    def debrief(self, value: Debrief | None) -> None:
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
    def _entered(self) -> None:
        if self.screen in ("title", "select", "history", "debrief"):  # the scenario was left or finished
            self.app.art.unpin()  # its pictures (20-36 MB at 1080p) go back within the art budget
        if self.stack.screen is None:  # under Settings, the screen below is entered when Settings closes
            self.stack.close_overlays()
            self.app.on_screen_changed()

    # -- the stack
    def push(self, name: str) -> bool:
        """Open screen `name` (Settings) over the current one; Back closes it to exactly where the player was."""
        if name not in PUSHED or self.state not in SETTINGS_OVER or not self.stack.push_screen(name):
            return False
        self.app.on_screen_changed()
        return True

    def pop(self) -> bool:
        """Close the top pushed screen and show the one below again; False when none is open."""
        if self.stack.pop_screen() is None:
            return False
        self.app.on_screen_changed()
        return True

    def open_overlay(self, overlay: Overlay) -> None:
        self.stack.push_overlay(overlay)

    def close_overlay(self) -> None:
        self.stack.pop_overlay()

    @property
    def overlay(self) -> Overlay | None:
        return self.stack.overlay

    def go(self, trigger: str) -> bool:
        """Fire a trigger by name (the scenes' one way to move). "open_settings" pushes Settings, and "back"
        on a pushed screen pops it."""
        if trigger == "open_settings":
            return self.push("settings")
        if self.stack.screen is not None:
            return trigger == "back" and self.pop()
        return bool(self.trigger(trigger))  # type: ignore[attr-defined]

    def open_past(self, debrief: Debrief) -> None:
        """Show a finished attempt's debrief again (from History)."""
        self.past_debrief = debrief
        self.go("reopen")

    def may(self, trigger: str) -> bool:
        if trigger == "open_settings":
            return self.stack.screen is None and self.state in SETTINGS_OVER
        if self.stack.screen is not None:
            return trigger == "back"
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

    def _record(self, call: Callable[..., object], *args: object) -> None:
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
        self.app.show_lines(session.opening)
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
        self.app.show_lines([beat] if beat is not None else [], resumed=True)
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
        self.app.show_lines([beat] if beat is not None else [], resumed=True)
        self.go("replay")

    def finish_scenario(self, trigger: str | None = "finish") -> None:
        """The scenario ended: ask the engine for the debrief, record the attempt, and show it."""
        self.play.finish()
        if trigger is not None:
            self.go(trigger)

    def reload_scenario(self, entry: Entry, scenario: Scenario) -> None:
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
        showing = self.screen in PLAYING  # under Settings too: the machine moves beneath it
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
            self.play.finish()
            self.trigger("reload_end")  # type: ignore[attr-defined]
            return
        beat = new.current_beat
        self.app.show_lines([beat] if beat is not None else [], resumed=True)
        self.trigger("reload")  # type: ignore[attr-defined]  # not `go`: under Settings, the flow moves beneath it

    def abandon_scenario(self) -> None:
        """Leave the scenario mid-way. A learner's attempt is kept to continue from its briefing; a workshop's
        run ends (the room moves on, and workshops are never offered to continue)."""
        self.play.leave()
        self.go("abandon")
