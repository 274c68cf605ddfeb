"""The dialogue's line player: which line, card or coach's note comes next, with no window.

The window's dialogue (game.ui.screens.dialogue) plays a queue of engine beats (narration, replies,
the decision node) and `Marker`s for the screens between them. This module owns that queue and the
`Phase` the dialogue is in; the scene types the words in, draws, and does what a marker asks. Being
pure, every step can be tested without a display.

    phase        what the dialogue shows              the next press
    IDLE         nothing yet (or the queue ran out)   -
    CARD         a scene card ("NEXT SCENE")          the card's beat, as a line
    BEAT         a line typing in, then complete      the next item
    CHOICES      the decision's options (or a timer)  the engine's answer (`chose`)
    WAITING      a marker's screen is open            `back` (returning), then the next item
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import replace
from enum import StrEnum

from game.engine.session import Beat, Step


class Phase(StrEnum):
    """Where the dialogue is (a `StrEnum`: equal to its old string names, "card", "choices", ...)."""

    IDLE = "idle"
    CARD = "card"
    BEAT = "beat"
    CHOICES = "choices"
    WAITING = "waiting"


class Marker(StrEnum):
    """A queue item that is not a line: a screen opens over the dialogue, or the scenario ends."""

    FEEDBACK = "feedback"  # practice: the coach's note (it shows the reply too)
    DISCUSS = "discuss"  # workshop: the room talks the decision over
    END = "end"  # the ending was reached: on to the debrief


class LinePlayer:
    """The queue of lines and markers, the phase, and what the stage shows (setting, who is present)."""

    def __init__(self) -> None:
        self.queue: list[Beat | Marker] = []
        self.beat: Beat | None = None  # the line shown (or last shown)
        self.phase = Phase.IDLE
        self.card_title = ""
        self.present: str | None = None  # the character on stage
        self.setting: str | None = None
        self.said: str | None = None  # your last choice, quoted above the reply it caused
        self.characters: Container[str] = ()
        self.shown_at = 0.0  # when the choices came up (the clock the scene passes in)
        self.timed_out = False  # the timer reached 0: said once, then still

    def start(self, beats: list[Beat], setting: str | None, characters: Container[str],
              resumed: bool = False) -> None:
        """Play these beats from the top (a new or rewound playthrough) in a scenario with this opening
        `setting` and these character ids. `resumed`: the first beat is where an attempt stopped, so its
        setting and speaker are on stage at once and its scene card is not shown again."""
        self.characters = characters
        self.queue = list(beats)
        self.present = None
        self.setting = setting
        self.said = None
        self.beat = None
        if resumed and beats:
            first = beats[0]
            self.setting = first.setting or self.setting
            self.present = first.speaker if first.speaker in characters else None
            self.queue = [replace(first, scene=None)]
        self.phase = Phase.IDLE

    def back(self) -> bool:
        """The dialogue is shown again: True when it was waiting on a marker's screen (then play on)."""
        if self.phase is not Phase.WAITING:
            return False
        self.phase = Phase.IDLE
        self.said = None
        return True

    def advance(self) -> Beat | Marker | None:
        """Move to the next item: a `Marker` (the phase is then WAITING), a `Beat` (CARD: its scene card
        shows first, BEAT: its line), or None when the queue is empty (IDLE). Beats with no words, and
        not a decision, are passed over (their setting still applies)."""
        while self.queue:
            item = self.queue.pop(0)
            if isinstance(item, Marker):
                self.phase = Phase.WAITING
                return item
            if item.setting:
                self.setting = item.setting
            if item.scene and self.phase is not Phase.CARD:
                self.phase = Phase.CARD
                self.card_title = item.scene
                self.present = None
                self.said = None
                self.queue.insert(0, item)  # its line follows the card
                return item
            if not item.text and item.kind != "decision":
                self.phase = Phase.IDLE
                continue
            self.show(item)
            return item
        self.phase = Phase.IDLE
        return None

    def show(self, beat: Beat) -> None:
        """Show this line (its speaker steps on stage, if a character)."""
        self.beat = beat
        if beat.speaker in self.characters:
            self.present = beat.speaker
        self.phase = Phase.BEAT

    def typed(self, now: float) -> bool:
        """The line is fully shown at time `now`: True when it is a decision, whose choices now come up."""
        if self.beat is None or self.beat.kind != "decision":
            return False
        self.phase = Phase.CHOICES
        self.shown_at = now
        self.timed_out = False
        return True

    def chose(self, step: Step, workshop: bool, practice: bool) -> None:
        """Queue what the engine answered a choice with (`step`): the reply, a marker for the screen the
        mode puts after a decision, the story beats that follow, and the end if there is one. Call
        `advance` next."""
        self.said = step.decision.text
        queue: list[Beat | Marker] = []
        if workshop:
            if step.reply is not None:
                queue.append(step.reply)
            queue.append(Marker.DISCUSS)  # the room talks it over before the story moves on
        elif practice:
            # The coach's note shows the reply too: one press per decision instead of two.
            reply = step.reply
            if reply is not None and reply.speaker in self.characters:
                self.present = reply.speaker
            queue.append(Marker.FEEDBACK)
        elif step.reply is not None:
            queue.append(step.reply)
        queue.extend(step.beats)
        if step.ending is not None:
            queue.append(Marker.END)
        self.queue = queue
        self.phase = Phase.IDLE

    def timer_left(self, now: float, timers: bool) -> float | None:
        """Seconds left at `now` on this decision's timer, when `timers` are on (0.0 once it ran out)."""
        if self.phase is not Phase.CHOICES or self.beat is None or not self.beat.timer or not timers:
            return None
        return max(0.0, self.beat.timer - (now - self.shown_at))

    def time_up(self, left: float | None) -> bool:
        """True once, the first time the timer is seen at 0 (`left` from `timer_left`)."""
        if left is None or left > 0 or self.timed_out:
            return False
        self.timed_out = True
        return True

    def line_mood(self, cid: str) -> str | None:
        """The `mood` of the line shown, if `cid` is the one saying it (none on a scene card)."""
        beat = self.beat
        return beat.mood if beat is not None and beat.speaker == cid and self.phase is not Phase.CARD else None
