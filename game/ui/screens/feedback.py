"""Feedback after a choice (practice mode): what you chose, what the coach says, what it did.

The effects shown are the engine's own numbers from the `Decision`; this
screen formats them and adds nothing. "Choose again" rewinds the engine to
just before this decision, which is what practice is for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

import pygame

from game.i18n import N_, _
from game.play.effects import rapport_changes, score_changes
from game.ui import draw
from game.ui.scene import Same, Scene
from game.ui.scroll import Scroll
from game.ui.widgets import Button, FocusGroup, button_key

if TYPE_CHECKING:
    from game.engine.session import Decision
    from game.ui.context import Context


# What one row of the card shows (its kind says which).
Payload: TypeAlias = "str | list[tuple[str, int]]"

class FeedbackScene(Scene):
    name = "feedback"
    title = N_("Coach's note")

    def __init__(self, app: Context) -> None:
        super().__init__(app)
        self.group = FocusGroup()
        self.again = Button(N_("Choose again"), "again", hint="R")
        self.cont = Button(N_("Continue"), "continue", "primary", hint="Enter")
        self.scroll = Scroll()

    def enter(self) -> None:
        step = self.app.flow.last_step
        self.scroll.reset()
        # "See your debrief" only when the ending comes next: story lines that still follow come first.
        last = step is not None and step.ending is not None and not any(b.text for b in step.beats)
        self.cont.label = N_("See your debrief") if last else N_("Continue")
        self.group.set([self.again, self.cont], keep=False)
        self.group.focus = 1

    @property
    def decision(self) -> Decision | None:
        step = self.app.flow.last_step
        return step.decision if step is not None else None

    def spoken(self) -> str:
        d = self.decision
        if d is None:
            return ""
        reply = self._reply()
        effects = " ".join(f"{v:+d} {n}." for n, v in self._effects())
        said = _("Coach's note. You chose: {choice}.").format(choice=d.text)
        return " ".join(p for p in (said, reply, d.feedback or "", effects) if p)

    def _effects(self) -> list[tuple[str, int]]:
        d = self.decision
        pack = self.app.flow.entry.pack if self.app.flow.entry else None
        names = pack.principles if pack is not None else {}
        return score_changes(d, names)

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                self.app.dialogue.pause()
                return
            if event.key == pygame.K_r:
                self.act("again")
                return
        if self.scroll.handle(event):  # a note taller than its card: Up/Down, pages and the wheel scroll it
            return
        action = self.group.handle(event)
        if action:
            self.act(action)

    def act(self, action: str) -> None:
        d = self.decision
        if action == "again" and d is not None:
            self.app.flow.rewind(d.step)
        elif action == "continue":
            self.app.flow.go("resume")

    def layer_key(self) -> tuple[object, ...]:
        """The step the note is about, the setting behind it and the buttons' focus (hover moves it)."""
        return (Same(self.app.flow.last_step), self.app.dialogue.setting, self.group.focus,
                button_key(self.again), button_key(self.cont), self.scroll.key())

    def draw(self, surface: pygame.Surface) -> None:
        d = self.decision
        flow = self.app.flow
        self.backdrop(surface, self.app.dialogue.setting, flow.entry.pack if flow.entry else None, veil=0.78)
        foot = self.footer_buttons(surface, self.group, [self.again, self.cont], align="center")
        if d is None:
            return
        w, _h = surface.get_size()
        m = self.margin()
        cw = min(w - 2 * m, self.sp(110))
        pad = self.sp(4)
        bar = Scroll.bar_width(self.theme) + self.sp(1)
        iw = cw - 2 * pad - bar
        area = pygame.Rect((w - cw) // 2, m, cw, foot - self.sp(3) - m)
        parts = self._parts(iw)
        gap = self.sp(2)
        content_h = sum(h for *_rest, h in parts) + gap * (len(parts) - 1)
        rect = pygame.Rect(area.x, area.y + max(0, (area.h - content_h - 2 * pad) // 2), cw,
                           min(area.h, content_h + 2 * pad))
        draw.card(surface, rect, self.theme)
        # Every part at its full height: a note taller than the card scrolls inside it, never overlaps.
        view = rect.inflate(-2 * pad, -2 * pad)
        self.scroll.fit(pygame.Rect(view.x, view.y, view.w + bar // 2, view.h), content_h,
                        self.text.line_height("body"))
        surface.set_clip(view.inflate(self.sp(1), 0))
        y = view.y - self.scroll.offset
        for kind, payload, h in parts:
            if y + h >= view.top and y <= view.bottom:
                self._part(surface, kind, payload, pygame.Rect(view.x, y, iw, h))
            y += h + gap
        surface.set_clip(None)
        self.scroll.draw_bar(surface, self.theme)

    def _parts(self, iw: int) -> list[tuple[str, Payload, int]]:
        """The card's rows with their full heights, measured before drawing so the card fits them."""
        t, d = self.text, self.decision
        assert d is not None  # the card shows only after a decision
        inset = self.sp(2)
        said = (_("The class: {said}") if self.app.workshop else _("You: {said}")).format(said=d.text)
        parts: list[tuple[str, Payload, int]] = [
            ("overline", _(self.title).upper(), t.line_height("caption", "bold")),
            ("quote", said, t.height(said, iw - 2 * inset, "body", "italic") + 2 * self.sp(1.5)),
        ]
        reply = self._reply()
        if reply:  # practice mode shows the answer here, with the note, instead of on its own screen
            parts.append(("reply", reply, t.height(reply, iw, "body")))
        note = d.feedback or _("No note from the coach on this one. Watch how the conversation responds.")
        parts.append(("note", note, t.height(note, iw, "lead")))
        effects = self._effects()
        if effects:
            parts.append(("effects", effects, self._chip_rows_h(effects, iw)))
        moods = self._rapport_lines()
        if moods:
            parts.append(("rapport", moods, t.height(moods, iw, "caption", "bold")))
        pack = self.app.flow.entry.pack if self.app.flow.entry else None
        for pid in d.patterns:
            pat = pack.patterns.get(pid) if pack is not None else None
            if pat is None:
                continue
            text = _("Pattern: {name}. {summary}").format(name=pat.name, summary=pat.summary)
            parts.append(("pattern", text, t.height(text, self._pattern_w(iw), "body") + 2 * self.sp(1.25)))
        return parts

    def _pattern_w(self, iw: int) -> int:
        return iw - self.sp(2.5) - self.sp(2)

    def _reply(self) -> str:
        """What the other person answered to the choice ("Maya: “...”"), when they did."""
        step = self.app.flow.last_step
        beat = step.reply if step is not None else None
        if beat is None or not beat.text:
            return ""
        who = self.app.dialogue.speaker_name(beat.speaker)
        return f"{who}: \u201c{beat.text}\u201d" if who else beat.text

    def _chip_labels(self, effects: list[tuple[str, int]]) -> list[str]:
        return [f"{draw.signed(v)}  {name}" for name, v in effects]

    def _chip_rows_h(self, effects: list[tuple[str, int]], width: int) -> int:
        """The height of the score chips flowed into rows of `width` (none is dropped)."""
        h = draw.chip_size(self.text, "Ag")[1]
        rows, x = 1, 0
        for label in self._chip_labels(effects):
            cw = min(width, draw.chip_size(self.text, label)[0])
            if x and x + cw > width:
                rows, x = rows + 1, 0
            x += cw + self.sp(0.75)
        return rows * h + (rows - 1) * self.sp(0.5)

    def _rapport_lines(self) -> str:
        d = self.decision
        chars = self.app.flow.session.scenario.characters if self.app.flow.session else {}
        return " ".join(rapport_changes(d, chars))

    def _part(self, surface: pygame.Surface, kind: str, payload: Payload, box: pygame.Rect) -> None:
        t, pal = self.text, self.pal
        text = payload if isinstance(payload, str) else ""  # overline, quote, note, reply, rapport, pattern
        rows = payload if isinstance(payload, list) else []  # effects: (principle, change) chips
        if kind == "overline":
            t.draw(surface, text, box, "caption", "bold", pal.accent, wrap=False)
        elif kind == "quote":
            pygame.draw.rect(surface, pal.surface_alt, box, border_radius=self.theme.radius)
            pygame.draw.rect(surface, pal.accent, (box.x, box.y, self.sp(0.5), box.h),
                             border_top_left_radius=self.theme.radius, border_bottom_left_radius=self.theme.radius)
            t.draw(surface, text, box.inflate(-2 * self.sp(2), -2 * self.sp(1.5)), "body", "italic", pal.ink)
        elif kind == "note":
            t.draw(surface, text, box, "lead", color=pal.ink)
        elif kind == "reply":
            t.draw(surface, text, box, "body", "italic", pal.ink)
        elif kind == "effects":
            x, y = box.x, box.y
            chip_h = draw.chip_size(t, "Ag")[1]
            for (_name, v), label in zip(rows, self._chip_labels(rows)):
                cw = min(box.w, draw.chip_size(t, label)[0])
                if x > box.x and x + cw > box.right:
                    x, y = box.x, y + chip_h + self.sp(0.5)
                colour = pal.good if v > 0 else pal.bad
                c = draw.chip(surface, t, label, x, y, cw, colour, draw.mix(colour, pal.surface, 0.86))
                x = c.right + self.sp(0.75)
        elif kind == "rapport":
            t.draw(surface, text, box, "caption", "bold", pal.ink_muted)
        elif kind == "pattern":
            pygame.draw.rect(surface, draw.mix(pal.mixed, pal.surface, 0.88), box, border_radius=self.theme.radius)
            pygame.draw.rect(surface, pal.mixed, (box.x, box.y, self.sp(0.5), box.h),
                             border_top_left_radius=self.theme.radius, border_bottom_left_radius=self.theme.radius)
            inner = pygame.Rect(box.x + self.sp(2.5), box.y + self.sp(1.25), self._pattern_w(box.w),
                                box.h - 2 * self.sp(1.25))
            t.draw(surface, text, inner, "body", color=pal.ink)
