"""The dialogue: the setting, the person, their words typing in, and your choices.

The scene plays a queue of engine beats (narration, replies, the decision node) and markers for the
feedback screen and the end. Which item comes next, and the phase, are the line player's
(game.play.lineplayer, no pygame); the rectangles are the layout's (game.ui.screens.dialogue_layout);
this module handles input and draws. Every choice goes to the engine (`flow.choose`); the scene only
shows what comes back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

import game.ui.screens.dialogue_layout as dlay
import game.ui.screens.dialogue_paint as paint
from game.engine.session import Beat, Session
from game.i18n import N_, _
from game.play.lineplayer import LinePlayer, Marker, Phase
from game.ui import draw
from game.ui.art import Mood, face_mood, mood_for
from game.ui.own_words import OwnWordsAsk
from game.ui.results import NullResults
from game.ui.scene import Same, Scene
from game.ui.screens.dialogue_layout import Layout
from game.ui.screens.dialogue_paint import TIMES_UP
from game.ui.text import Typewriter
from game.ui.widgets import Button, ChoiceList

if TYPE_CHECKING:
    from game.scenario import Pack
    from game.ui.context import Context

_MODIFIERS = {pygame.K_LSHIFT, pygame.K_RSHIFT, pygame.K_LCTRL, pygame.K_RCTRL, pygame.K_LALT, pygame.K_RALT,
              pygame.K_LGUI, pygame.K_RGUI, pygame.K_CAPSLOCK, pygame.K_NUMLOCK, pygame.K_TAB}
_MARKER_TRIGGERS = {Marker.FEEDBACK: "show_feedback", Marker.DISCUSS: "discuss"}


class DialogueScene(Scene):
    name = "dialogue"
    title = N_("Dialogue")

    def __init__(self, app: Context) -> None:
        super().__init__(app)
        self.player = LinePlayer()
        self.writer: Typewriter | None = None
        self.choices = ChoiceList(lettered=app.workshop)
        self.own = OwnWordsAsk(app)  # the player's own words, when that setting is on
        self.asking = False  # this decision asks for own words (game.ui.own_words) instead of the list
        self.reveal = Button(N_("Reveal all"), "reveal", "secondary", hint="V")
        self.cont = Button(N_("Continue"), "continue", "primary", hint="Enter")
        self.layout: Layout | None = None
        # Where the last still layer left room for what moves: the typed line and the timer bar's track.
        # `draw_live` paints them; `live_key` says how they look now.
        self._line: dlay.TypedLine | None = None
        self._bar: pygame.Rect | None = None
        # The stage (setting, veil, the person and their name plate) as one picture: a new line, the choices
        # coming up or the focus moving redraw the layer over it without painting the person again.
        self._stage = paint.KeptPicture()
        self._drawn: dlay.Drawn | None = None  # what the last draw put where

    # -- the line player's state, read by the flow, the other screens and the tests
    @property
    def phase(self) -> Phase:
        return self.player.phase

    @property
    def beat(self) -> Beat | None:
        return self.player.beat

    @property
    def card_title(self) -> str:
        return self.player.card_title

    @property
    def present(self) -> str | None:
        return self.player.present

    @property
    def setting(self) -> str | None:
        return self.player.setting

    @property
    def timed_out(self) -> bool:
        return self.player.timed_out

    # -- driving
    @property
    def session(self) -> Session | None:
        return self.app.flow.session

    @property
    def playing(self) -> Session:  # the session while its lines play (the flow opens it before they start)
        assert self.session is not None, "the dialogue shows lines only while a session is open"
        return self.session

    def start(self, beats: list[Beat], resumed: bool = False) -> None:
        """Show these beats from the top (a new or rewound playthrough)."""
        sc = self.playing.scenario
        self.player.start(beats, sc.setting, sc.characters, resumed)
        self.advance()

    def enter(self) -> None:
        if self.player.back():  # back from the feedback screen
            self.advance()

    def advance(self) -> None:
        """Move to the next item in the queue."""
        self.app.dirty = True
        item = self.player.advance()
        if isinstance(item, Marker):
            if item is Marker.END:
                self.app.flow.finish_scenario()
            else:
                self.app.flow.go(_MARKER_TRIGGERS[item])
        elif item is not None and self.player.phase is Phase.CARD:
            self.app.speak(self.player.card_title)
        elif item is not None:
            self._start_line(item)

    def _start_line(self, beat: Beat) -> None:
        s = self.app.settings
        self.writer = Typewriter(beat.text, s.chars_per_second, instant=s.reduced_motion)
        self.app.speak(f"{self.speaker_name(beat.speaker)}: {beat.text}")
        if self.writer.done:
            self._typed()

    def _typed(self) -> None:
        """The text is fully shown: offer the choices of a decision beat."""
        if not self.player.typed(self.app.clock()):
            return
        opts = self.playing.options()
        self.choices.set_options([(o.number, o.text) for o in opts])
        self.asking = self.app.own_words  # never in a workshop: the room votes on letters
        if self.asking:
            self.own.start(opts)
            return
        self.app.speak(" ".join(f"{self.choices.label(o.number)}: {o.text}." for o in opts))

    def choose(self, number: int, said: str | None = None) -> None:
        """Send the choice to the engine (with the player's own words for it, if any) and queue what it answers."""
        elapsed = round(self.app.clock() - self.player.shown_at, 2)
        step = self.app.flow.choose(number, elapsed, said)
        self.asking = False
        self.player.chose(step, self.app.workshop, self.playing.mode == "practice")
        self.advance()

    def timer_left(self) -> float | None:
        """Seconds left on this decision's timer, when the player has timers on (0.0 once it ran out)."""
        return self.player.timer_left(self.app.clock(), self.app.settings.timers)

    def reveal_all(self) -> None:
        """Workshop: show what every option here would lead to (the engine plays each on a throwaway session)."""
        from game.ui.reveal import RevealPanel

        if self.phase != Phase.CHOICES or self.session is None:
            return
        taken = [d.index for d in self.session.log]
        self.app.open_modal(RevealPanel.for_decision(self.app, taken, self.beat))

    # -- input
    def handle(self, event: pygame.event.Event) -> None:
        if self.phase is Phase.CHOICES and self.asking:
            taken = self.own.handle(event)  # Esc clears the words first; then it opens the menu
            if taken == "pause":
                self.pause()
            elif isinstance(taken, int):
                self.choose(taken, self.own.said())
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.pause()
            return
        if self.phase is Phase.CHOICES:
            if self.app.workshop and self._reveal_pressed(event):
                self.reveal_all()
                return
            n = self.choices.handle(event)
            if n is not None:
                self.choose(n)
            return
        pressed = (event.type == pygame.KEYDOWN and event.key not in _MODIFIERS) or (
            event.type == pygame.MOUSEBUTTONDOWN and event.button == 1)
        if not pressed:
            return
        if self.phase is Phase.CARD:
            self.advance()
        elif self.phase is Phase.BEAT and self.writer is not None:
            if not self.writer.done:  # any key completes the line
                self.writer.complete()
                self._typed()
            else:  # and once it is complete, any key moves on
                self.advance()

    def _reveal_pressed(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.KEYDOWN:
            return bool(event.key == pygame.K_v and not event.mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT))
        return (event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 and self.reveal.rect.w > 0
                and self.reveal.rect.collidepoint(event.pos))

    def pause(self) -> None:
        """The leave-scenario dialog (Esc), over the dialogue or a screen between its lines."""
        session = self.app.flow.session
        n = len(session.log) if session is not None else 0
        recorded = not isinstance(self.app.results, NullResults)
        self.app.open_modal(paint.leave_dialog(n, recorded, self.app.workshop, self._paused))

    def _paused(self, action: str) -> None:
        self.app.close_modal()
        if action == "leave":
            self.app.flow.abandon_scenario()
        elif action == "settings":
            self.app.flow.go("open_settings")

    def update(self, dt: float) -> bool:
        moving = False
        if self.phase is Phase.BEAT and self.writer is not None and not self.writer.done:
            moving = True
            if self.writer.update(dt) and self.writer.done:
                self._typed()
        if self.phase is Phase.CHOICES and self.asking and self.own.update():
            moving = True  # the model is loading: look again next frame
        left = self.timer_left()
        if left is not None and left > 0:
            moving = True
        elif self.player.time_up(left):
            # Time's up: draw the notice once and go still. Nothing is chosen for the player.
            self.app.dirty = True
            self.app.speak(_(TIMES_UP))
        return moving

    def spoken(self) -> str:
        return ""

    # -- keys
    def speaker_name(self, speaker: str) -> str:
        if speaker == "you":
            return _("You")
        if speaker == "narrator":
            return ""
        ch = self.session.scenario.characters.get(speaker) if self.session else None
        return ch.name if ch is not None else speaker

    def _pack(self) -> Pack | None:
        e = self.app.flow.entry
        return e.pack if e is not None else None

    def layer_key(self) -> dlay.LayerKey:
        """Everything the still picture shows: the beat and phase, who is present and in what mood, the
        decision count, whether the line is complete (Continue shows), the choices and their focus, and
        whether a timer runs or has run out (the typed words and the bar itself are the live part)."""
        left = self.timer_left()
        return self._key(self.phase, self.writer.done if self.writer is not None else None,
                         None if left is None else left <= 0,
                         (self.choices.key(), self.own.key() if self.asking else None)
                         if self.phase is Phase.CHOICES else None)

    def moods(self, cid: str) -> tuple[Mood, Mood]:
        """A character's standing (rapport's mood, on the name plate) and face (this line's `mood`, if
        they are the one speaking it, else the same)."""
        rapport = self.playing.rapport.get(cid, 0)
        return mood_for(rapport), face_mood(self.player.line_mood(cid), rapport)

    def _key(self, phase: Phase, done: bool | None, timed_out: bool | None, choices: object) -> dlay.LayerKey:
        s = self.session
        if s is None:
            return dlay.LayerKey.empty()
        p = self.player
        present = p.present
        mood = self.moods(present) if present is not None else None
        return dlay.LayerKey(Same(s), Same(s.scenario), Same(p.beat), p.card_title, present, mood, p.setting, p.said,
                        len(s.log), phase, done, timed_out, choices)

    def grow_layer(self, surface: pygame.Surface, old: object) -> bool:
        """The line has typed in and the choices came up, and nothing else changed: the layer holds all the
        rest already, so only the choices are drawn onto it. False (nothing drawn) in any other case."""
        if (self.phase is not Phase.CHOICES or self.app.workshop or self.asking or self.layout is None
                or self.timer_left() is not None):
            return False  # the workshop adds a hint and a button, a timer its bar: the card changes
        drawn = self._drawn  # what the last draw (the layer's, when `old` matches) put where
        if (drawn is None or old != self._key(Phase.BEAT, False, None, None) or drawn.layer != old
                or drawn.size != surface.get_size() or drawn.theme != Same(self.theme)):
            return False
        lay = self._layout(surface)
        if lay.card != drawn.card:  # the card gave the choices room: it is drawn again
            return False
        self.choices.draw(surface, self.text)
        return True

    def live_key(self) -> tuple[object, ...]:
        line = self.writer.shown if self._line is not None and self.writer is not None else None
        return line, self._bar_look()

    def _bar_look(self) -> tuple[int, bool] | None:
        """The timer bar as it would be drawn now: its filled width and whether it shows the hurry colour."""
        beat, bar, left = self.beat, self._bar, self.timer_left()
        if bar is None or beat is None or not beat.timer or left is None:
            return None
        return dlay.bar_look(bar, left, beat.timer)

    # -- layout
    def geometry(self) -> dlay.DialogueGeometry:
        return dlay.DialogueGeometry(self.text, self.sp, self.margin())

    def stage(self, size: tuple[int, int], role: str | None,
              name: str | None = None) -> tuple[pygame.Rect, pygame.Rect, pygame.Rect]:
        """The stage, the portrait's box and the name plate, for a speaker with `role` (and `name`, which
        may wrap), in a window of `size` (DialogueGeometry.stage). The briefing paints the scenario's
        portraits ahead at `portrait.h` (game.ui.flow.art_jobs)."""
        return self.geometry().stage(size, role, name)

    def _blocks(self) -> list[dlay.Block]:
        """The text card's parts, top to bottom."""
        return dlay.card_blocks(self.beat, self.player.said, self.app.workshop, self.phase is Phase.CHOICES, self.speaker_name)

    def _layout(self, surface: pygame.Surface) -> Layout:
        present = self.present
        ch = self.playing.scenario.characters.get(present) if present is not None else None
        choosing = self.phase is Phase.CHOICES
        self.layout = self.geometry().layout(surface.get_size(), ch.role if ch else None, ch.name if ch else None,
                                             self._blocks(), self.timer_left(), choosing, self.cont.size(self.text))
        if choosing and not self.asking:
            self.choices.layout(self.layout.choices, self.text)
        return self.layout

    # -- drawing
    def draw_live(self, surface: pygame.Surface) -> None:
        """The line as typed so far and the timer bar, over the still layer's text card."""
        if self._bar is not None and self.beat is not None and self.beat.timer:
            paint.timer_bar(surface, self.theme, self._bar, self.timer_left() or 0.0, self.beat.timer)
        if self._line is not None:
            shown = self.writer.shown if self.writer is not None else self._line.text
            paint.typed_line(surface, self.text, self._line, shown)

    def draw(self, surface: pygame.Surface) -> None:
        self._line = self._bar = None
        if self.session is None:
            self.fill(surface)
            return
        lay = None if self.phase is Phase.CARD else self._layout(surface)
        card = lay.card.copy() if lay else None
        self._drawn = dlay.Drawn(self.layer_key(), surface.get_size(), Same(self.theme), card)
        self._draw_stage(surface, lay)
        # The top bar sits above the stage's top edge: it overlaps neither the person nor the plate.
        self.reveal.rect = pygame.Rect(0, 0, 0, 0)  # no button, no clicks on it (placed in a workshop decision)
        reveal = self.reveal if self.app.workshop and self.phase is Phase.CHOICES else None
        paint.top_bar(surface, self.geometry(), self.theme, self.session.scenario.title, len(self.session.log) + 1,
                      reveal)
        if self.phase is Phase.CARD or lay is None:
            if self.app.modal is None:  # a dialog over the card replaces it: two cards would peek out
                paint.scene_card(surface, self.geometry(), self.theme, self.card_title)
            return
        if self.beat is not None:
            self._line, self._bar = paint.text_card(surface, self.geometry(), self.theme, lay, self.beat,
                                                    self._blocks(), self.timer_left())
        if self.phase is Phase.CHOICES and self.asking:
            self.own.draw(surface, self.text, lay.choices)
        elif self.phase is Phase.CHOICES:
            self.choices.draw(surface, self.text)
        elif self.phase is Phase.BEAT and self.writer is not None and self.writer.done:
            self.cont.rect = lay.cont
            self.cont.draw(surface, self.text, focused=False)

    def _paint_stage(self, surface: pygame.Surface, lay: Layout | None) -> None:
        self.backdrop(surface, self.setting, self._pack(), veil=0.0)
        if self.app.settings.high_contrast:
            draw.scrim(surface, self.theme, rgba=(0, 0, 0, 170))
        if lay is not None:
            self._portrait(surface, lay)

    def _draw_stage(self, surface: pygame.Surface, lay: Layout | None) -> None:
        """The setting, the high-contrast veil, and (off the scene card) the person with their name plate,
        from the kept picture when none of them changed."""
        present = self.present if lay is not None else None
        th = self.theme
        key = dlay.StageKey(surface.get_size(), Same(th), Same(th.palette), Same(self.app.art), Same(self.text),
                       self.app.settings.high_contrast, self.setting, Same(self._pack()), Same(self.playing.scenario),
                       present, self.moods(present) if present is not None else None,
                       tuple(lay.portrait) if lay is not None else None, tuple(lay.plate) if lay is not None else None)
        if not self.app.layer_cache:  # drawing from scratch (the tests compare it with the kept pictures)
            self._paint_stage(surface, lay)
        else:
            self._stage.draw(surface, key, self.text.records, lambda stage: self._paint_stage(stage, lay))

    def _portrait(self, surface: pygame.Surface, lay: Layout) -> None:
        chars = self.playing.scenario.characters
        cid = self.present
        if cid is None or cid not in chars:
            return
        ch = chars[cid]
        mood, face = self.moods(cid)
        img = self.app.art.portrait(cid, ch.portrait, face, lay.portrait.h, self._pack(), ch.look)
        paint.portrait(surface, self.geometry(), self.theme, lay, img, ch.name, ch.role, mood,
                       dlay.presence(self.setting))
