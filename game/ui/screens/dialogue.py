"""The dialogue: the setting, the person, their words typing in, and your choices.

The scene plays a queue of engine beats (narration, replies, the decision
node) and markers for the feedback screen and the end. Every choice goes to
the engine (`flow.choose`); the scene only shows what comes back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pygame

from game.engine.session import Beat
from game.i18n import N_, _, ngettext
from game.ui import draw
from game.ui.art import Mood, face_mood, mood_for
from game.ui.modal import Modal
from game.ui.own_words import OwnWordsAsk
from game.ui.results import NullResults
from game.ui.scene import Same, Scene
from game.ui.text import Typewriter
from game.ui.widgets import Button, ChoiceList

if TYPE_CHECKING:
    from game.ui.context import Context

FEEDBACK, DISCUSS, END = "feedback", "discuss", "end"
MOOD_LABELS = {"warm": N_("Warm"), "neutral": N_("Neutral"), "cool": N_("Cool")}
TIMES_UP = N_("Time's up: choose now")
_MODIFIERS = {pygame.K_LSHIFT, pygame.K_RSHIFT, pygame.K_LCTRL, pygame.K_RCTRL, pygame.K_LALT, pygame.K_RALT,
              pygame.K_LGUI, pygame.K_RGUI, pygame.K_CAPSLOCK, pygame.K_NUMLOCK, pygame.K_TAB}


@dataclass
class _Layout:
    portrait: pygame.Rect
    plate: pygame.Rect
    card: pygame.Rect
    choices: pygame.Rect
    cont: pygame.Rect


class DialogueScene(Scene):
    name = "dialogue"
    title = N_("Dialogue")

    def __init__(self, app: Context) -> None:
        super().__init__(app)
        self.queue: list[Beat | str] = []
        self.beat: Beat | None = None
        self.phase = "idle"  # card | beat | choices | waiting | idle
        self.card_title = ""
        self.writer: Typewriter | None = None
        self.present: str | None = None
        self.setting: str | None = None
        self.said: str | None = None  # your last choice, quoted above the reply it caused
        self.choices = ChoiceList(lettered=app.workshop)
        self.own = OwnWordsAsk(app)  # the player's own words, when that setting is on
        self.asking = False  # this decision asks for own words (game.ui.own_words) instead of the list
        self.shown_at = 0.0
        self.timed_out = False  # the timer reached 0: say so once, then stop animating
        self.reveal = Button(N_("Reveal all"), "reveal", "secondary", hint="V")
        self.cont = Button(N_("Continue"), "continue", "primary", hint="Enter")
        self.layout: _Layout | None = None
        # Where the last still layer left room for what moves: the typed line (text, weight, px, colour,
        # width, box) and the timer bar's track. `draw_live` paints them; `live_key` says how they look now.
        self._line: tuple[str, str, int, Any, int, pygame.Rect] | None = None
        self._bar: pygame.Rect | None = None
        # The stage (setting, veil, the person and their name plate) as one picture: a new line, the choices
        # coming up or the focus moving redraw the layer over it without painting the person again.
        self._stage: pygame.Surface | None = None
        self._stage_key: object = None
        self._stage_records: list[Any] = []
        self._drawn: tuple[object, ...] | None = None  # (layer key, size, theme, text card) of the last draw

    # -- driving
    @property
    def session(self) -> Any:
        return self.app.flow.session

    def start(self, beats: list[Beat], resumed: bool = False) -> None:
        """Show these beats from the top (a new or rewound playthrough)."""
        sc = self.session.scenario
        self.queue = list(beats)
        self.present = None
        self.setting = sc.setting
        self.said = None
        self.beat = None
        if resumed and beats:
            self.setting = beats[0].setting or self.setting
            self.present = beats[0].speaker if beats[0].speaker in sc.characters else None
            self.queue = [Beat(**{**beats[0].__dict__, "scene": None})]
        self.phase = "idle"
        self.advance()

    def enter(self) -> None:
        if self.phase == "waiting":  # back from the feedback screen
            self.phase = "idle"
            self.said = None
            self.advance()

    def advance(self) -> None:
        """Move to the next item in the queue."""
        self.app.dirty = True
        if not self.queue:
            self.phase = "idle"
            return
        item = self.queue.pop(0)
        if item == FEEDBACK:
            self.phase = "waiting"
            self.app.flow.go("show_feedback")
            return
        if item == DISCUSS:
            self.phase = "waiting"
            self.app.flow.go("discuss")
            return
        if item == END:
            self.phase = "waiting"
            self.app.flow.finish_scenario()
            return
        assert isinstance(item, Beat)
        if item.setting:
            self.setting = item.setting
        if item.scene and self.phase != "card":
            self.phase = "card"
            self.card_title = item.scene
            self.present = None
            self.said = None
            self.queue.insert(0, item)
            self.app.speak(item.scene)
            return
        if not item.text and item.kind != "decision":
            self.phase = "idle"
            self.advance()
            return
        self._show(item)

    def _show(self, beat: Beat) -> None:
        self.beat = beat
        sc = self.session.scenario
        if beat.speaker in sc.characters:
            self.present = beat.speaker
        s = self.app.settings
        self.writer = Typewriter(beat.text, s.chars_per_second, instant=s.reduced_motion)
        self.phase = "beat"
        self.app.speak(f"{self.speaker_name(beat.speaker)}: {beat.text}")
        if self.writer.done:
            self._typed()

    def _typed(self) -> None:
        """The text is fully shown: offer the choices of a decision beat."""
        if self.beat is None or self.beat.kind != "decision":
            return
        opts = self.session.options()
        self.choices.set_options([(o.number, o.text) for o in opts])
        self.phase = "choices"
        self.shown_at = self.app.clock()
        self.timed_out = False
        self.asking = self.app.own_words  # never in a workshop: the room votes on letters
        if self.asking:
            self.own.start(opts)
            return
        self.app.speak(" ".join(f"{self.choices.label(o.number)}: {o.text}." for o in opts))

    def choose(self, number: int, said: str | None = None) -> None:
        """Send the choice to the engine (with the player's own words for it, if any) and queue what it answers."""
        elapsed = round(self.app.clock() - self.shown_at, 2)
        step = self.app.flow.choose(number, elapsed, said)
        self.asking = False
        self.said = step.decision.text
        queue: list[Beat | str] = []
        if self.app.workshop:
            if step.reply is not None:
                queue.append(step.reply)
            queue.append(DISCUSS)  # the room talks it over before the story moves on
        elif self.session.mode == "practice":
            # The coach's note shows the reply too: one press per decision instead of two.
            reply = step.reply
            if reply is not None and reply.speaker in self.session.scenario.characters:
                self.present = reply.speaker
            queue.append(FEEDBACK)
        elif step.reply is not None:
            queue.append(step.reply)
        queue.extend(step.beats)
        if step.ending is not None:
            queue.append(END)
        self.queue = queue
        self.phase = "idle"
        self.advance()

    def timer_left(self) -> float | None:
        """Seconds left on this decision's timer, when the player has timers on (0.0 once it ran out)."""
        if self.phase != "choices" or self.beat is None or not self.beat.timer or not self.app.settings.timers:
            return None
        return max(0.0, self.beat.timer - (self.app.clock() - self.shown_at))

    def reveal_all(self) -> None:
        """Workshop: show what every option here would lead to (the engine plays each on a throwaway session)."""
        from game.ui.reveal import RevealPanel

        if self.phase != "choices" or self.session is None:
            return
        taken = [d.index for d in self.session.log]
        self.app.open_modal(RevealPanel.for_decision(self.app, taken, self.beat))

    # -- input
    def handle(self, event: pygame.event.Event) -> None:
        if self.phase == "choices" and self.asking:
            taken = self.own.handle(event)  # Esc clears the words first; then it opens the menu
            if taken == "pause":
                self.pause()
            elif isinstance(taken, int):
                self.choose(taken, self.own.said())
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.pause()
            return
        if self.phase == "choices":
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
        if self.phase == "card":
            self.advance()
        elif self.phase == "beat" and self.writer is not None:
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
        buttons = [Button(N_("Keep playing"), "stay", "primary", hint="Esc"), Button(N_("Settings"), "settings"),
                   Button(N_("Leave scenario"), "leave", "danger")]
        session = self.app.flow.session
        n = len(session.log) if session is not None else 0
        if n == 0 or isinstance(self.app.results, NullResults):  # nothing chosen, or nothing is recorded
            body = _("You can start it again from the scenario list.")
        elif self.app.workshop:
            body = _("This run ends here; the choices made so far stay in the history as unfinished.")
        else:
            body = ngettext("Your {n} choice is kept: open this scenario again to continue from here, or start it "
                            "over.",
                            "Your {n} choices are kept: open this scenario again to continue from here, or start "
                            "it over.", n).format(n=n)
        self.app.open_modal(Modal(_("Leave this scenario?"), body, buttons, self._paused, "stay"))

    def _paused(self, action: str) -> None:
        self.app.close_modal()
        if action == "leave":
            self.app.flow.abandon_scenario()
        elif action == "settings":
            self.app.flow.go("open_settings")

    def update(self, dt: float) -> bool:
        moving = False
        if self.phase == "beat" and self.writer is not None and not self.writer.done:
            moving = True
            if self.writer.update(dt) and self.writer.done:
                self._typed()
        if self.phase == "choices" and self.asking and self.own.update():
            moving = True  # the model is loading: look again next frame
        left = self.timer_left()
        if left is not None and left > 0:
            moving = True
        elif left is not None and not self.timed_out:
            # Time's up: draw the notice once and go still. Nothing is chosen for the player.
            self.timed_out = True
            self.app.dirty = True
            self.app.speak(_(TIMES_UP))
        return moving

    def spoken(self) -> str:
        return ""

    # -- drawing
    def speaker_name(self, speaker: str) -> str:
        if speaker == "you":
            return _("You")
        if speaker == "narrator":
            return ""
        ch = self.session.scenario.characters.get(speaker) if self.session else None
        return ch.name if ch is not None else speaker

    def _pack(self) -> Any:
        e = self.app.flow.entry
        return e.pack if e is not None else None

    def layer_key(self) -> tuple[object, ...]:
        """Everything the still picture shows: the beat and phase, who is present and in what mood, the
        decision count, whether the line is complete (Continue shows), the choices and their focus, and
        whether a timer runs or has run out (the typed words and the bar itself are the live part)."""
        left = self.timer_left()
        return self._key(self.phase, self.writer.done if self.writer is not None else None,
                         None if left is None else left <= 0,
                         (self.choices.key(), self.own.key() if self.asking else None)
                         if self.phase == "choices" else None)

    def moods(self, cid: str) -> tuple[Mood, Mood]:
        """A character's standing (rapport's mood, on the name plate) and face (this line's `mood`, if
        they are the one speaking it, else the same)."""
        rapport = self.session.rapport.get(cid, 0)
        beat = self.beat
        line = beat.mood if beat is not None and beat.speaker == cid and self.phase != "card" else None
        return mood_for(rapport), face_mood(line, rapport)

    def _key(self, phase: str, done: bool | None, timed_out: bool | None, choices: object) -> tuple[object, ...]:
        s = self.session
        if s is None:
            return (None,)
        present = self.present
        mood = self.moods(present) if present is not None else None
        return (Same(s), Same(s.scenario), Same(self.beat), self.card_title, present, mood, self.setting,
                self.said, len(s.log), phase, done, timed_out, choices)

    def grow_layer(self, surface: pygame.Surface, old: object) -> bool:
        """The line has typed in and the choices came up, and nothing else changed: the layer holds all the
        rest already, so only the choices are drawn onto it. False (nothing drawn) in any other case."""
        if (self.phase != "choices" or self.app.workshop or self.asking or self.layout is None
                or self.timer_left() is not None):
            return False  # the workshop adds a hint and a button, a timer its bar: the card changes
        drawn = self._drawn  # what the last draw (the layer's, when `old` matches) put where
        if drawn is None or old != self._key("beat", False, None, None) or drawn[:3] != (
                old, surface.get_size(), Same(self.theme)):
            return False
        lay = self._layout(surface)
        if lay.card != drawn[3]:  # the card gave the choices room: it is drawn again
            return False
        self.choices.draw(surface, self.text)
        return True

    def live_key(self) -> tuple[object, ...]:
        line = self.writer.shown if self._line is not None and self.writer is not None else None
        return line, self._bar_look()

    def _bar_look(self) -> tuple[int, bool] | None:
        """The timer bar as it would be drawn now: its filled width and whether it shows the hurry colour."""
        beat, bar = self.beat, self._bar
        left = self.timer_left()
        if bar is None or beat is None or not beat.timer or left is None:
            return None
        f = max(0.0, min(1.0, left / beat.timer))
        return (max(bar.h, round(bar.w * f)) if f > 0 else 0), left < 5

    def draw_live(self, surface: pygame.Surface) -> None:
        """The line as typed so far and the timer bar, over the still layer's text card."""
        if self._bar is not None and self.beat is not None and self.beat.timer:
            left = self.timer_left() or 0.0
            colour = self.pal.bad if left < 5 else self.pal.accent
            draw.bar(surface, self._bar, left / self.beat.timer, colour, self.pal.surface_alt)
        if self._line is not None:
            text, weight, px, colour, width, box = self._line
            shown = self.writer.shown if self.writer is not None else text
            if shown:
                t = self.text
                surf = t.surface(shown, weight, px, colour, width)  # type: ignore[arg-type]
                t.blit(surface, surf, shown, pygame.Rect(box.x, box.y, box.w, max(box.h, surf.get_height())))

    def draw(self, surface: pygame.Surface) -> None:
        self._line = self._bar = None
        if self.session is None:
            self.fill(surface)
            return
        lay = None if self.phase == "card" else self._layout(surface)
        self._drawn = (self.layer_key(), surface.get_size(), Same(self.theme), lay.card.copy() if lay else None)
        self._draw_stage(surface, lay)
        self._top_bar(surface)  # above the stage's top edge: it overlaps neither the person nor the plate
        if self.phase == "card" or lay is None:
            if self.app.modal is None:  # a dialog over the card replaces it: two cards would peek out
                self._scene_card(surface)
            return
        self._text_card(surface, lay)
        if self.phase == "choices" and self.asking:
            self.own.draw(surface, self.text, lay.choices)
        elif self.phase == "choices":
            self.choices.draw(surface, self.text)
        elif self.phase == "beat" and self.writer is not None and self.writer.done:
            self.cont.rect = lay.cont
            self.cont.draw(surface, self.text, focused=False)

    def _draw_stage(self, surface: pygame.Surface, lay: _Layout | None) -> None:
        """The setting, the high-contrast veil, and (off the scene card) the person with their name plate,
        from the kept picture when none of them changed."""
        s = self.session
        present = self.present if lay is not None else None
        mood = self.moods(present) if present is not None else None
        th = self.theme
        key = (surface.get_size(), Same(th), Same(th.palette), Same(self.app.art), Same(self.text),
               self.app.settings.high_contrast, self.setting, Same(self._pack()), Same(s.scenario), present, mood,
               tuple(lay.portrait) if lay is not None else None, tuple(lay.plate) if lay is not None else None)
        if not self.app.layer_cache:  # drawing from scratch (the tests compare it with the kept pictures)
            self.backdrop(surface, self.setting, self._pack(), veil=0.0)
            if self.app.settings.high_contrast:
                draw.scrim(surface, th, rgba=(0, 0, 0, 170))
            if lay is not None:
                self._portrait(surface, lay)
            return
        stage = self._stage
        if stage is None or stage.get_size() != surface.get_size() or key != self._stage_key:
            if stage is None or stage.get_size() != surface.get_size():
                stage = self._stage = surface.copy()  # the layer's own pixel format
            records = self.text.records
            n = len(records)
            self.backdrop(stage, self.setting, self._pack(), veil=0.0)
            if self.app.settings.high_contrast:
                draw.scrim(stage, th, rgba=(0, 0, 0, 170))
            if lay is not None:
                self._portrait(stage, lay)
            self._stage_records = records[n:]
            del records[n:]
            self._stage_key = key
        surface.blit(stage, (0, 0))
        self.text.records.extend(self._stage_records)

    def _top_bar(self, surface: pygame.Surface) -> None:
        t, pal = self.text, self.pal
        m = self.sp(2)
        sc = self.session.scenario
        label = sc.title
        step = len(self.session.log) + 1
        right = _("Decision {n}   ·   Esc  Menu").format(n=step)
        rw = t.theme.fonts.get("bold", t.theme.px("caption")).size(right)[0] + 2 * self.sp(1.5)
        h = t.line_height("caption", "bold") + 2 * self.sp(0.8)
        w = surface.get_width()
        self.reveal.rect = pygame.Rect(0, 0, 0, 0)
        reveal_w = 0
        if self.app.workshop and self.phase == "choices":
            reveal_w = self.reveal.size(t, "caption")[0]
            self.reveal.rect = pygame.Rect(w - m - rw - self.sp(1) - reveal_w, m, reveal_w, h)
            self.reveal.draw(surface, t, focused=False, role="caption")
            reveal_w += self.sp(1)
        lw = min(t.theme.fonts.get("bold", t.theme.px("caption")).size(label)[0] + 2 * self.sp(1.5),
                 w - rw - reveal_w - 3 * m)
        for rect, text in ((pygame.Rect(m, m, lw, h), label), (pygame.Rect(w - m - rw, m, rw, h), right)):
            pygame.draw.rect(surface, pal.surface, rect, border_radius=h // 2)
            if pal.border_width > 1:
                pygame.draw.rect(surface, pal.line, rect, width=pal.border_width, border_radius=h // 2)
            t.draw(surface, text, rect.inflate(-2 * self.sp(1.5), 0), "caption", "bold", pal.ink, "center",
                   "middle", wrap=False)

    def _scene_card(self, surface: pygame.Surface) -> None:
        t, pal = self.text, self.pal
        w, h = surface.get_size()
        draw.scrim(surface, self.theme)
        cw = min(w - 2 * self.margin(), self.sp(80))
        pad = self.sp(5)
        title_h = t.height(self.card_title, cw - 2 * pad, "h1", "black")
        ch = pad * 2 + t.line_height("caption", "bold") + self.sp(1.5) + title_h + self.sp(3) + t.line_height("caption")
        rect = pygame.Rect((w - cw) // 2, (h - ch) // 2, cw, ch)
        draw.card(surface, rect, self.theme)
        y = rect.y + pad
        r = t.draw(surface, _("NEXT SCENE"), pygame.Rect(rect.x + pad, y, cw - 2 * pad, t.line_height("caption", "bold")),
                   "caption", "bold", pal.accent, "center", wrap=False)
        y = r.bottom + self.sp(1.5)
        r = t.draw(surface, self.card_title, pygame.Rect(rect.x + pad, y, cw - 2 * pad, title_h), "h1", "black",
                   pal.ink, "center")
        y = r.bottom + self.sp(3)
        t.draw(surface, _("Press any key to continue"), pygame.Rect(rect.x + pad, y, cw - 2 * pad,
                                                                 t.line_height("caption")),
               "caption", color=pal.ink_muted, align="center", wrap=False)

    def stage(self, size: tuple[int, int], role: str | None,
              name: str | None = None) -> tuple[pygame.Rect, pygame.Rect, pygame.Rect]:
        """The stage, the portrait's box and the name plate, for a speaker with `role` (and `name`, which
        may wrap), in a window of `size`. The plate holds the whole name and role: it grows, never cuts.

        The briefing paints the scenario's portraits ahead at `portrait.h` (game.ui.flow.art_jobs).
        """
        t = self.text
        w, h = size
        m = self.margin()
        top = self.sp(2) + t.line_height("caption", "bold") + 2 * self.sp(0.8) + self.sp(2)
        stage = pygame.Rect(m, top, w - 2 * m, h - top - m)
        left_w = round(stage.w * 0.34)
        pad = self.sp(1.5)
        role_h = t.height(role, left_w - 2 * pad, "caption") if role else 0
        name_w = max(1, left_w - 2 * pad - self._mood_w() - self.sp(1))
        name_h = max(t.line_height("h3", "bold"), t.height(name or "", name_w, "h3", "bold"))
        plate_h = 2 * pad + name_h + max(role_h, t.line_height("caption"))
        plate = pygame.Rect(stage.x, stage.bottom - plate_h, left_w, plate_h)
        ph = min(plate.top - stage.top + self.sp(2), round(left_w * 1.2))
        portrait = pygame.Rect(stage.x, plate.top - ph + self.sp(2), left_w, ph)
        return stage, portrait, plate

    def _layout(self, surface: pygame.Surface) -> _Layout:
        t = self.text
        chars = self.session.scenario.characters
        role = chars[self.present].role if self.present in chars else None
        name = chars[self.present].name if self.present in chars else None
        stage, portrait, plate = self.stage(surface.get_size(), role, name)
        left_w = portrait.w
        gap = self.sp(3)
        right = pygame.Rect(stage.x + left_w + gap, stage.y, stage.w - left_w - gap, stage.h)
        card_h = self._card_height(right)
        card = pygame.Rect(right.x, right.y, right.w, card_h)
        rest = pygame.Rect(right.x, card.bottom + self.sp(2), right.w, right.bottom - card.bottom - self.sp(2))
        cw, chh = self.cont.size(t)
        cont = pygame.Rect(rest.right - cw, rest.y, cw, chh)
        if self.phase == "choices" and not self.asking:
            self.choices.layout(rest, t)
        self.layout = _Layout(portrait, plate, card, rest, cont)
        return self.layout

    def _blocks(self, width: int) -> list[tuple[str, str, str, str]]:
        """The text card's parts as (text, role, weight, colour-name), top to bottom."""
        beat = self.beat
        if beat is None:
            return []
        parts: list[tuple[str, str, str, str]] = []
        if self.said and beat.kind == "reply":
            parts.append(((_("The class: {said}") if self.app.workshop else _("You: {said}")).format(said=self.said),
                          "caption", "italic",
                          "ink_muted"))
        name = self.speaker_name(beat.speaker)
        parts.append((name.upper() if name else "", "caption", "bold", "accent"))
        parts.append((beat.text, "lead", "italic" if beat.speaker == "narrator" else "regular", "ink"))
        if self.phase == "choices" and self.app.workshop:
            parts.append((_("Take a show of hands, then press the class's letter."), "caption", "bold", "ink_muted"))
        return parts

    def _card_height(self, right: pygame.Rect) -> int:
        t = self.text
        pad = self.sp(3)
        inner_w = right.w - 2 * pad
        total = 2 * pad
        blocks = self._blocks(inner_w)
        for text, role, weight, _c in blocks:
            if text:
                total += t.height(text, inner_w, role, weight) + self.sp(1)  # type: ignore[arg-type]
        left = self.timer_left()
        if left is not None:
            total += (t.line_height("body", "bold") + self.sp(1)) if left <= 0 else self.sp(2.5)
        limit = right.h * (0.5 if self.phase == "choices" else 0.75)
        return min(round(limit), total)

    def _text_card(self, surface: pygame.Surface, lay: _Layout) -> None:
        t, pal = self.text, self.pal
        beat = self.beat
        if beat is None:
            return
        you = beat.speaker == "you"
        draw.card(surface, lay.card, self.theme, pal.accent_soft if you else pal.surface)
        pad = self.sp(3)
        inner = lay.card.inflate(-2 * pad, -2 * pad)
        y = inner.y
        left = self.timer_left()
        if left is not None and left <= 0:
            r = t.draw(surface, _(TIMES_UP), pygame.Rect(inner.x, y, inner.w, t.line_height("body", "bold")), "body",
                       "bold", pal.bad, wrap=False)
            y = r.bottom + self.sp(1)
        elif left is not None and beat.timer:
            self._bar = bar = pygame.Rect(inner.x, y, inner.w, self.sp(0.75))  # drawn by draw_live
            y = bar.bottom + self.sp(1.75)
        typed = False  # past the spoken line: what follows is optional
        for text, role, weight, colour_name in self._blocks(inner.w):
            if not text:
                continue
            colour = getattr(pal, colour_name)
            remaining = pygame.Rect(inner.x, y, inner.w, max(0, inner.bottom - y))
            if typed and t.height(text, inner.w, role, weight) > remaining.h:  # type: ignore[arg-type]
                continue  # a hint below the words: left out when the words need the room
            if text != beat.text:
                r = t.draw(surface, text, remaining, role, weight, colour)  # type: ignore[arg-type]
                y = r.bottom + self.sp(1)
                continue
            # The line being typed: reserve the full text's height so the card never grows while typing,
            # and render the typed prefix at the size the full text settled on (draw_live paints it).
            full = t.fit(text, remaining, role, weight)  # type: ignore[arg-type]
            px = self._fit_px(text, remaining, role, weight)
            self._line = (text, weight, px, colour, inner.w, pygame.Rect(inner.x, y, inner.w, full.get_height()))
            y += full.get_height() + self.sp(1)
            typed = True

    def _fit_px(self, text: str, box: pygame.Rect, role: str, weight: str) -> int:
        """The font size `fit` settled on for the full text, so the typed prefix matches it."""
        t = self.text
        px = t.theme.px(role)
        while px > 11:
            if t.surface(text, weight, px, self.pal.ink, box.w).get_height() <= box.h:  # type: ignore[arg-type]
                return px
            px = max(11, int(px * 0.9))
        return px

    def _portrait(self, surface: pygame.Surface, lay: _Layout) -> None:
        t, pal = self.text, self.pal
        sc = self.session.scenario
        cid = self.present
        if cid is None or cid not in sc.characters:
            return
        ch = sc.characters[cid]
        mood, face = self.moods(cid)
        img = self.app.art.portrait(cid, ch.portrait, face, lay.portrait.h, self._pack(), ch.look)
        if img.get_width() > lay.portrait.w:
            img = pygame.transform.smoothscale(img, (lay.portrait.w, round(img.get_height() * lay.portrait.w / img.get_width())))
        surface.blit(img, (lay.portrait.centerx - img.get_width() // 2, lay.portrait.bottom - img.get_height()))
        draw.card(surface, lay.plate, self.theme)
        pad = self.sp(1.5)
        inner = lay.plate.inflate(-2 * pad, -2 * pad)
        mood_label = _(MOOD_LABELS[mood])
        mood_colour = {"warm": pal.good, "neutral": pal.ink_muted, "cool": pal.bad}[mood]
        mw = self._mood_w()
        name_w = max(1, inner.w - mw - self.sp(1))
        name_h = max(t.line_height("h3", "bold"), t.height(ch.name, name_w, "h3", "bold"))
        t.draw(surface, ch.name, pygame.Rect(inner.x, inner.y, name_w, name_h), "h3", "bold", pal.ink)
        line_h = t.line_height("h3", "bold")
        dot_r = max(3, self.sp(0.6))
        mx = inner.right - mw
        pygame.draw.circle(surface, mood_colour, (mx + dot_r, inner.y + line_h // 2), dot_r)
        t.draw(surface, mood_label, pygame.Rect(mx + 2 * dot_r + self.sp(0.5), inner.y, mw - 2 * dot_r - self.sp(0.5),
                                                line_h), "caption", "bold", mood_colour, valign="middle")
        if ch.role:
            box = pygame.Rect(inner.x, inner.y + name_h, inner.w, inner.bottom - inner.y - name_h)
            t.draw(surface, ch.role, box, "caption", color=pal.ink_muted)

    def _mood_w(self) -> int:
        """The room the plate keeps for the mood label: the widest label, so the plate never changes size."""
        font = self.text.theme.fonts.get("bold", self.text.theme.px("caption"))
        return max(font.size(label)[0] for label in map(_, MOOD_LABELS.values())) + self.sp(2.5)
