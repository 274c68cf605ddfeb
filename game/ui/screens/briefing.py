"""The briefing: the goal, who you'll meet, and the principles in focus, before a word is said.

When the store holds an interrupted attempt of the scenario (a crash, a closed lid), the briefing
offers to continue it ("Continue (decision 4)", the primary button) beside "Start over".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.i18n import N_, _, ngettext, short_datetime
from game.ui import draw
from game.ui.flow import UNREADABLE
from game.ui.modal import Modal
from game.ui.results import ResumePoint
from game.ui.scene import Same, Scene
from game.ui.screens.select import DIFFICULTY_LABELS
from game.ui.scroll import Scroll
from game.ui.theme import Color, Weight
from game.ui.widgets import Button, FocusGroup

if TYPE_CHECKING:
    from game.ui.context import Context


class BriefingScene(Scene):
    name = "briefing"
    title = N_("Briefing")

    def __init__(self, app: Context) -> None:
        super().__init__(app)
        self.group = FocusGroup()
        self.buttons = [Button(N_("Back"), "back", hint="Esc"), Button(N_("Start"), "start", "primary", hint="Enter")]
        self.offer: ResumePoint | None = None  # an interrupted attempt that Continue picks up
        self.notice = ""  # why an interrupted attempt could not be picked up (its scenario changed)
        self._entered_at = 0
        self.scroll = Scroll()

    def enter(self) -> None:
        self.scroll.reset()
        self.offer, self.notice = self.app.flow.resume_offer()
        self._set_buttons()
        # While the briefing is read, paint the scenario's pictures behind it, one a frame, from the frame
        # after it first shows (Start paints whatever is left), so no line of the dialogue waits for one.
        self.app.flow.paint_ahead()
        self._entered_at = self.app.frames

    def _set_buttons(self) -> None:
        back = Button(N_("Back"), "back", hint="Esc")
        if self.offer is not None:
            self.buttons = [back, Button(N_("Start over"), "start_over"),
                            Button(_("Continue (decision {n})").format(n=self.offer.at_decision), "continue",
                                   "primary", hint="Enter")]
        else:
            self.buttons = [back, Button(N_("Start"), "start", "primary", hint="Enter")]
        self.group.set(self.buttons, keep=False)
        self.group.focus = len(self.buttons) - 1  # the primary button: Enter starts (or continues)

    def update(self, dt: float) -> bool:
        art = self.app.art
        if not art.warming:
            return False
        if self.app.frames > self._entered_at:  # the briefing is on screen
            art.warm_step()
        return True  # keep the loop ticking until the queue is empty (the picture on screen is unchanged)

    def layer_key(self) -> tuple[object, ...]:
        """The scenario shown (a reload swaps it), the continue offer or notice, and the buttons (their faces
        and focus); painting ahead changes nothing seen."""
        e = self.app.flow.entry
        return (Same(e.scenario if e is not None else None), self.offer, self.notice, self.group.key(),
                self.scroll.key())

    def spoken(self) -> str:
        sc = self._scenario()
        if sc is None:
            return ""
        who = ", ".join(f"{c.name}, {c.role}" if c.role else c.name for c in sc.characters.values())
        head = _("Briefing. {title}. {goal} You'll meet {who}.").format(title=sc.title, goal=sc.goal or sc.summary,
                                                                       who=who)
        if self.offer is not None:
            return _("{head} {note} Press Enter to continue from decision {n}, or, to start over, choose Start "
                     "over.").format(head=head, note=self._note(), n=self.offer.at_decision)
        if self.notice:
            return _("{head} {notice} Press Enter to start.").format(head=head, notice=self.notice)
        return _("{head} Press Enter to start.").format(head=head)

    def _note(self) -> str:
        """The line above the mode line: where the player stopped, or why they start from the beginning."""
        point = self.offer
        if point is None:
            return self.notice
        when = short_datetime(point.stopped)
        if point.mode == self.app.settings.mode:
            return _("You stopped at decision {n} on {when}.").format(n=point.at_decision, when=when)
        if point.mode == "assessment":
            return _("You stopped at decision {n} on {when}, in assessment mode.").format(n=point.at_decision,
                                                                                         when=when)
        return _("You stopped at decision {n} on {when}, in practice mode.").format(n=point.at_decision, when=when)

    def _scenario(self):  # type: ignore[no-untyped-def]
        e = self.app.flow.entry
        return e.scenario if e is not None else None

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.app.flow.go("back")
            return
        if self.scroll.handle(event):  # Up/Down scroll a briefing taller than its card; Left/Right/Tab move focus
            return
        action = self.group.handle(event)
        if action == "back":
            self.app.flow.go("back")
        elif action == "start":
            self.app.flow.begin()
        elif action == "start_over":
            self.confirm_start_over()
        elif action == "continue" and self.offer is not None:
            notice = self.app.flow.continue_attempt(self.offer)
            if notice:  # still here: it no longer replays (offer Start), or could not be read (offer both)
                self.notice = notice
                if notice != UNREADABLE:
                    self.offer = None
                self._set_buttons()
                self.app.speak((_("{notice} Press Enter to continue.") if self.offer
                                else _("{notice} Press Enter to start.")).format(notice=self.notice))

    def confirm_start_over(self) -> None:
        """Starting over gives up the interrupted attempt, so it asks first; keeping it is the default."""
        if self.offer is None:
            return
        n = self.offer.decisions
        body = ngettext("Your attempt stopped at decision {at}. Starting over closes it (its {n} choice stays in "
                        "your history) and begins again from the top.",
                        "Your attempt stopped at decision {at}. Starting over closes it (its {n} choices stay in "
                        "your history) and begins again from the top.", n).format(at=self.offer.at_decision, n=n)
        buttons = [Button(N_("Keep my attempt"), "keep", "primary", hint="Esc"),
                   Button(N_("Start over"), "start_over", "danger")]
        self.app.open_modal(Modal(_("Start over?"), body, buttons, self._confirmed, "keep"))

    def _confirmed(self, action: str) -> None:
        self.app.close_modal()
        if action == "start_over" and self.offer is not None:
            self.app.flow.start_over(self.offer)

    def _mode_line(self) -> str:
        if self.app.settings.mode == "assessment":
            return _("Assessment mode: no hints along the way; the coach's notes wait for the debrief.")
        return _("Practice mode: after each choice the coach explains what it did.")

    def draw(self, surface: pygame.Surface) -> None:
        sc = self._scenario()
        entry = self.app.flow.entry
        w, h = surface.get_size()
        self.backdrop(surface, sc.setting if sc else None, entry.pack if entry else None, veil=0.7)
        if sc is None:
            return
        m = self.margin()
        foot = self.footer_buttons(surface, self.group, self.buttons)
        panel = pygame.Rect(m, m, w - 2 * m, foot - self.sp(2.5) - m)
        draw.card(surface, panel, self.theme)
        pad = self.sp(4)
        inner = panel.inflate(-2 * pad, -2 * pad)
        bar = 0  # the bar sits in the panel's padding, at its edge: it belongs to the panel, not a column
        gap = self.sp(5)
        # Two columns when the left one still holds a comfortable line of body text; else one column, the
        # people under the rest. Either way nothing is cut: the panel scrolls when it is taller than the card.
        two = round((inner.w - bar) * 0.54) >= 20 * self.theme.px("body")
        left_w = round((inner.w - bar) * 0.54) if two else inner.w - bar
        right_x = inner.x + left_w + gap
        right_w = inner.right - bar - right_x
        left_h = self._left(None, inner.x, 0, left_w, sc, entry)
        if two:
            content = max(left_h, self._people(None, right_x, 0, right_w, sc, entry))
        else:
            content = left_h + self.sp(3) + self._people(None, inner.x, 0, left_w, sc, entry)
        self.scroll.fit(pygame.Rect(inner.x, inner.y, inner.w, inner.h), content, self.text.line_height("body"))
        y0 = inner.y - self.scroll.offset
        surface.set_clip(inner)
        self._left(surface, inner.x, y0, left_w, sc, entry)
        if two:
            line_x = inner.x + left_w + gap // 2
            pygame.draw.line(surface, self.pal.line, (line_x, inner.y), (line_x, inner.bottom))
            self._people(surface, right_x, y0, right_w, sc, entry)
        else:
            self._people(surface, inner.x, y0 + left_h + self.sp(3), left_w, sc, entry)
        surface.set_clip(None)
        if self.scroll.offset < self.scroll.max:  # more below, in whichever column runs on: it fades out, not cut
            fade = pygame.Surface((inner.w, self.sp(5)), pygame.SRCALPHA)
            for i in range(fade.get_height()):
                fade.fill((*self.pal.surface[:3], round(255 * (i + 1) / fade.get_height())), (0, i, inner.w, 1))
            surface.blit(fade, (inner.x, inner.bottom - fade.get_height()))
        self.scroll.draw_bar(surface, self.theme, x=panel.right - (pad + Scroll.bar_width(self.theme)) // 2)

    def _put(self, surface: pygame.Surface | None, text: str, x: int, y: int, w: int, role: str,
             weight: Weight = "regular", color: Color | None = None) -> int:
        """Draw `text` wrapped at its full height (or only measure it, without a surface); returns the bottom."""
        h = self.text.height(text, w, role, weight)
        if surface is not None and h:
            self.text.draw(surface, text, pygame.Rect(x, y, w, h), role, weight, color)
        return y + h

    def _left(self, surface: pygame.Surface | None, x: int, y: int, w: int, sc, entry) -> int:  # type: ignore[no-untyped-def]
        """The title, the summary, the goal, the principles in focus, any notice and the mode line."""
        t, pal = self.text, self.pal
        top = y
        y = self._put(surface, _("BRIEFING"), x, y, w, "caption", "bold", pal.accent) + self.sp(1)
        y = self._put(surface, sc.title, x, y, w, "h1", "black", pal.ink) + self.sp(1.5)
        level = DIFFICULTY_LABELS.get(sc.difficulty)
        meta = [_(level) if level else sc.difficulty.capitalize()]
        meta += [_("about {minutes} min").format(minutes=sc.minutes)] if sc.minutes else []
        cx, bottom = x, y
        for label in meta:
            cw, ch = draw.chip_size(t, label)
            if cx > x and cx + cw > x + w:
                cx, y = x, bottom + self.sp(0.75)
            if surface is not None:
                draw.chip(surface, t, label, cx, y, w, pal.ink_muted, pal.surface_alt)
            cx, bottom = cx + cw + self.sp(0.75), y + ch
        y = bottom + self.sp(2.5)
        y = self._put(surface, sc.summary, x, y, w, "lead", color=pal.ink) + self.sp(2.5)
        if sc.goal:
            y = self._put(surface, _("Your goal"), x, y, w, "h3", "bold", pal.ink) + self.sp(0.75)
            y = self._put(surface, sc.goal, x, y, w, "body", color=pal.ink_muted) + self.sp(2.5)
        y = self._focus(surface, x, y, w, sc, entry)
        note = self._note()
        if note:  # a callout above the mode line
            npad = self.sp(1.25)
            nh = t.height(note, w - 2 * npad, "body", "bold") + 2 * npad
            rect = pygame.Rect(x, y, w, nh)
            if surface is not None:
                pygame.draw.rect(surface, pal.accent_soft, rect, border_radius=self.theme.radius)
                if pal.border_width > 1:
                    pygame.draw.rect(surface, pal.accent, rect, width=pal.border_width, border_radius=self.theme.radius)
                self._put(surface, note, x + npad, y + npad, w - 2 * npad, "body", "bold", pal.ink)
            y = rect.bottom + self.sp(1.5)
        y = self._put(surface, self._mode_line(), x, y, w, "caption", color=pal.ink_muted)
        return y - top

    def _people(self, surface: pygame.Surface | None, x: int, y: int, w: int, sc, entry) -> int:  # type: ignore[no-untyped-def]
        """Who you'll meet: a face, the name and the whole role of each character; returns the height."""
        t, pal = self.text, self.pal
        top = y
        y = self._put(surface, _("Who you'll meet"), x, y, w, "h3", "bold", pal.ink) + self.sp(1.5)
        ph = self.sp(8)
        for cid, ch in sc.characters.items():
            tx = x + ph + self.sp(1.5)
            tw = max(1, x + w - tx)
            block = t.height(ch.name, tw, "body", "bold") + (t.height(ch.role, tw, "caption") if ch.role else 0)
            row = max(ph, block)
            if surface is not None:
                circle = pygame.Rect(x, y + (row - ph) // 2, ph, ph)
                surface.blit(self.app.art.badge(cid, ch.portrait, "neutral", ph, pal.surface_alt, entry.pack, ch.look), circle)
                ty = y + (row - block) // 2
                ty = self._put(surface, ch.name, tx, ty, tw, "body", "bold", pal.ink)
                if ch.role:
                    self._put(surface, ch.role, tx, ty, tw, "caption", color=pal.ink_muted)
            y += row + self.sp(1.5)
        return y - top

    def _focus(self, surface: pygame.Surface | None, x: int, y: int, w: int, sc, entry) -> int:  # type: ignore[no-untyped-def]
        """The principles this scenario trains, each with its one-line summary; returns the bottom."""
        t, pal = self.text, self.pal
        focus = [entry.pack.principles[p] for p in sc.focus if p in entry.pack.principles]
        if not focus:
            return y
        y = self._put(surface, _("Principles in focus"), x, y, w, "h3", "bold", pal.ink) + self.sp(1)
        dot = max(3, self.sp(0.5))
        tx = x + 2 * dot + self.sp(1)
        for p in focus:
            if surface is not None:
                pygame.draw.circle(surface, pal.accent, (x + dot, y + t.line_height("body", "bold") // 2), dot)
            y = self._put(surface, p.name, tx, y, x + w - tx, "body", "bold", pal.ink)
            y = self._put(surface, p.summary, tx, y, x + w - tx, "caption", color=pal.ink_muted) + self.sp(1)
        return y + self.sp(1.5)
