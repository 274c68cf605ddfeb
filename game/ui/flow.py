"""The screen flow as a `transitions` machine, plus the play actions that move it.

The machine is plain data (states and transitions below), so the flow can be
read, tested and drawn as a diagram. Play actions (start, choose, rewind,
finish) live here too, because each of them changes the engine's session and
the screen together; scenes call these and never touch a score themselves.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from transitions import Machine

from game.engine.session import Mode, Session, Step
from game.ui.catalog import Entry

if TYPE_CHECKING:
    from game.ui.app import App

log = logging.getLogger(__name__)

STATES = ["title", "select", "briefing", "dialogue", "feedback", "debrief", "settings", "history"]
SETTINGS_FROM = ["title", "select", "dialogue", "feedback", "debrief"]

TRANSITIONS: list[dict[str, Any]] = [
    {"trigger": "play", "source": "title", "dest": "select"},
    {"trigger": "open_history", "source": "title", "dest": "history"},
    {"trigger": "open_settings", "source": SETTINGS_FROM, "dest": "settings", "before": "_remember_origin"},
    {"trigger": "pick", "source": "select", "dest": "briefing"},
    {"trigger": "start", "source": "briefing", "dest": "dialogue"},
    {"trigger": "show_feedback", "source": "dialogue", "dest": "feedback"},
    {"trigger": "resume", "source": "feedback", "dest": "dialogue"},
    {"trigger": "finish", "source": ["dialogue", "feedback"], "dest": "debrief"},
    {"trigger": "replay", "source": ["debrief", "feedback"], "dest": "dialogue"},
    {"trigger": "next_scenario", "source": "debrief", "dest": "briefing"},
    {"trigger": "abandon", "source": ["dialogue", "feedback"], "dest": "select"},
    {"trigger": "back", "source": "select", "dest": "title"},
    {"trigger": "back", "source": "history", "dest": "title"},
    {"trigger": "back", "source": "briefing", "dest": "select"},
    {"trigger": "back", "source": "debrief", "dest": "select"},
    *[{"trigger": "back", "source": "settings", "dest": s, "conditions": f"_from_{s}"} for s in SETTINGS_FROM],
]


class Flow:
    """The model the screen machine drives; `state` is the current screen's name."""

    state: str

    def __init__(self, app: App, seed: int | None = None) -> None:
        self.app = app
        self.origin = "title"
        self.seed = seed
        self.entry: Entry | None = None
        self.session: Session | None = None
        self.debrief: Any = None
        self.last_step: Step | None = None
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

    def _from_debrief(self) -> bool:
        return self.origin == "debrief"

    def _entered(self) -> None:
        self.app.on_screen_changed()

    def go(self, trigger: str) -> bool:
        """Fire a trigger by name (the scenes' one way to move)."""
        return bool(self.trigger(trigger))  # type: ignore[attr-defined]

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
        seed = self.seed if self.seed is not None else random.randrange(2**31)
        mode: Mode = "assessment" if self.app.settings.mode == "assessment" else "practice"
        self.session = Session(self.entry.scenario, mode=mode, seed=seed)
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

    def begin(self) -> None:
        """Start the current entry from the top (from the briefing, or Replay on the debrief)."""
        session = self._new_session()
        self.app.dialogue.start(session.opening)
        self.go("start" if self.state == "briefing" else "replay")

    def choose(self, number: int, elapsed: float | None) -> Step:
        """Take a choice in the engine and queue what the dialogue shows next."""
        assert self.session is not None
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

    def finish_scenario(self) -> None:
        """The scenario ended: ask the engine for the debrief and record the attempt."""
        from game.engine.scoring import debrief

        assert self.session is not None
        self.debrief = debrief(self.session)
        self._record(self.app.results.finish, self.session, self.debrief)
        self.go("finish")

    def abandon_scenario(self) -> None:
        if self.session is not None:
            self._record(self.app.results.abandon, self.session)
            self.session.close()
        self.session = None
        self.last_step = None
        self.go("abandon")
