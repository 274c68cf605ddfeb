"""The briefing: the goal, who you'll meet, and the principles in focus, before a word is said.

When the store holds an interrupted attempt of the scenario (a crash, a closed lid), the briefing
offers to continue it ("Continue (decision 4)", the primary button) beside "Start over".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.ui import draw
from game.ui.flow import UNREADABLE
from game.ui.results import ResumePoint
from game.ui.scene import Same, Scene
from game.ui.widgets import Button, FocusGroup

if TYPE_CHECKING:
    from game.ui.app import App


class BriefingScene(Scene):
    name = "briefing"
    title = "Briefing"

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.group = FocusGroup()
        self.buttons = [Button("Back", "back", hint="Esc"), Button("Start", "start", "primary", hint="Enter")]
        self.offer: ResumePoint | None = None  # an interrupted attempt that Continue picks up
        self.notice = ""  # why an interrupted attempt could not be picked up (its scenario changed)
        self._entered_at = 0

    def enter(self) -> None:
        self.offer, self.notice = self.app.flow.resume_offer()
        self._set_buttons()
        # While the briefing is read, paint the scenario's pictures behind it, one a frame, from the frame
        # after it first shows (Start paints whatever is left), so no line of the dialogue waits for one.
        self.app.flow.paint_ahead()
        self._entered_at = self.app.frames

    def _set_buttons(self) -> None:
        back = Button("Back", "back", hint="Esc")
        if self.offer is not None:
            self.buttons = [back, Button("Start over", "start_over", hint="S"),
                            Button(f"Continue (decision {self.offer.at_decision})", "continue", "primary",
                                   hint="Enter")]
        else:
            self.buttons = [back, Button("Start", "start", "primary", hint="Enter")]
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
        return (Same(e.scenario if e is not None else None), self.offer, self.notice, self.group.key())

    def spoken(self) -> str:
        sc = self._scenario()
        if sc is None:
            return ""
        who = ", ".join(f"{c.name}, {c.role}" if c.role else c.name for c in sc.characters.values())
        head = f"Briefing. {sc.title}. {sc.goal or sc.summary} You'll meet {who}."
        if self.offer is not None:
            return (f"{head} {self._note()} Press Enter to continue from decision {self.offer.at_decision}, "
                    "or S to start over.")
        if self.notice:
            return f"{head} {self.notice} Press Enter to start."
        return f"{head} Press Enter to start."

    def _note(self) -> str:
        """The line above the mode line: where the player stopped, or why they start from the beginning."""
        point = self.offer
        if point is None:
            return self.notice
        when = point.stopped.strftime("%d %b, %H:%M")
        mode = "" if point.mode == self.app.settings.mode else f", in {point.mode} mode"
        return f"You stopped at decision {point.at_decision} on {when}{mode}."

    def _scenario(self):  # type: ignore[no-untyped-def]
        e = self.app.flow.entry
        return e.scenario if e is not None else None

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.app.flow.go("back")
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_s and self.offer is not None:
            self.app.flow.start_over(self.offer)
            return
        action = self.group.handle(event)
        if action == "back":
            self.app.flow.go("back")
        elif action == "start":
            self.app.flow.begin()
        elif action == "start_over":
            self.app.flow.start_over(self.offer)
        elif action == "continue" and self.offer is not None:
            notice = self.app.flow.continue_attempt(self.offer)
            if notice:  # still here: it no longer replays (offer Start), or could not be read (offer both)
                self.notice = notice
                if notice != UNREADABLE:
                    self.offer = None
                self._set_buttons()
                self.app.speak(f"{self.notice} Press Enter to {'continue' if self.offer else 'start'}.")

    def _mode_line(self) -> str:
        if self.app.settings.mode == "assessment":
            return "Assessment mode: no hints along the way; the coach's notes wait for the debrief."
        return "Practice mode: after each choice the coach explains what it did."

    def draw(self, surface: pygame.Surface) -> None:
        sc = self._scenario()
        entry = self.app.flow.entry
        w, h = surface.get_size()
        self.backdrop(surface, sc.setting if sc else None, entry.pack if entry else None, veil=0.7)
        if sc is None:
            return
        t, pal = self.text, self.pal
        m = self.margin()
        foot = self.footer_buttons(surface, self.group, self.buttons)
        panel = pygame.Rect(m, m, w - 2 * m, foot - self.sp(2.5) - m)
        draw.card(surface, panel, self.theme)
        pad = self.sp(4)
        inner = panel.inflate(-2 * pad, -2 * pad)
        gap = self.sp(5)
        left = pygame.Rect(inner.x, inner.y, round(inner.w * 0.54), inner.h)
        right = pygame.Rect(left.right + gap, inner.y, inner.right - left.right - gap, inner.h)
        y = left.y
        r = t.draw(surface, "BRIEFING", pygame.Rect(left.x, y, left.w, t.line_height("caption", "bold")),
                   "caption", "bold", pal.accent, wrap=False)
        y = r.bottom + self.sp(1)
        r = t.draw(surface, sc.title, pygame.Rect(left.x, y, left.w, t.line_height("h1", "black") * 2),
                   "h1", "black", pal.ink)
        y = r.bottom + self.sp(1.5)
        meta = [sc.difficulty.capitalize()]
        if sc.minutes:
            meta.append(f"about {sc.minutes} min")
        x = left.x
        for label in meta:
            c = draw.chip(surface, t, label, x, y, left.right - x, pal.ink_muted, pal.surface_alt)
            x = c.right + self.sp(0.75)
        y = c.bottom + self.sp(2.5)
        mode_h = t.line_height("caption") * 2
        reserve = mode_h + self.sp(2)
        note, note_rect, npad = self._note(), None, self.sp(1.25)
        if note:  # a callout above the mode line; the summary, goal and principles give it the room
            note = t.clamp(note, left.w - 2 * npad, "body", "bold", max_lines=3)
            nh = t.height(note, left.w - 2 * npad, "body", "bold") + 2 * npad
            note_rect = pygame.Rect(left.x, left.bottom - mode_h - self.sp(1) - nh, left.w, nh)
            reserve += nh + self.sp(1)
        avail = left.bottom - reserve - y
        r = t.draw(surface, t.clamp(sc.summary, left.w, "lead", max_lines=max(1, min(4, avail // 3 // t.line_height("lead")))),
                   pygame.Rect(left.x, y, left.w, max(0, avail // 2)), "lead", color=pal.ink)
        y = r.bottom + self.sp(2.5)
        goal_min = t.line_height("h3", "bold") + self.sp(0.75) + t.line_height("body")  # heading and one line
        if sc.goal and left.bottom - reserve - y >= goal_min:
            r = t.draw(surface, "Your goal", pygame.Rect(left.x, y, left.w, t.line_height("h3", "bold")),
                       "h3", "bold", pal.ink, wrap=False)
            y = r.bottom + self.sp(0.75)
            box = pygame.Rect(left.x, y, left.w, max(0, min(left.bottom - reserve - y, t.line_height("body") * 3)))
            goal = t.clamp(sc.goal, box.w, "body", max_lines=max(1, box.h // t.line_height("body")))
            r = t.draw(surface, goal, box, "body", color=pal.ink_muted)
            y = r.bottom + self.sp(2.5)
        self._focus(surface, pygame.Rect(left.x, y, left.w, left.bottom - reserve - y), sc, entry)
        if note_rect is not None:
            pygame.draw.rect(surface, pal.accent_soft, note_rect, border_radius=self.theme.radius)
            if pal.border_width > 1:
                pygame.draw.rect(surface, pal.accent, note_rect, width=pal.border_width,
                                 border_radius=self.theme.radius)
            t.draw(surface, note, note_rect.inflate(-2 * npad, -2 * npad), "body", "bold", pal.ink)
        t.draw(surface, self._mode_line(), pygame.Rect(left.x, left.bottom - mode_h, left.w, mode_h), "caption",
               color=pal.ink_muted, valign="bottom")
        pygame.draw.line(surface, pal.line, (left.right + gap // 2, inner.y), (left.right + gap // 2, inner.bottom))
        self._people(surface, right, sc, entry)

    def _people(self, surface: pygame.Surface, box: pygame.Rect, sc, entry) -> None:  # type: ignore[no-untyped-def]
        t, pal = self.text, self.pal
        y = box.y
        r = t.draw(surface, "Who you'll meet", pygame.Rect(box.x, y, box.w, t.line_height("h3", "bold")),
                   "h3", "bold", pal.ink, wrap=False)
        y = r.bottom + self.sp(1.5)
        focus_h = 0
        people = list(sc.characters.items())
        ph = max(self.sp(5), min(self.sp(9), (box.bottom - focus_h - y - self.sp(2)) // max(1, len(people)) - self.sp(1.5)))
        for cid, ch in people:
            if y + ph > box.bottom - focus_h:
                break
            circle = pygame.Rect(box.x, y, ph, ph)
            surface.blit(self.app.art.badge(cid, ch.portrait, "neutral", ph, pal.surface_alt, entry.pack, ch.look), circle)
            tx = circle.right + self.sp(1.5)
            tw = box.right - tx
            name_h = t.line_height("body", "bold")
            role_lines = 2 if ph >= name_h + 2 * t.line_height("caption") else 1
            block = name_h + (t.line_height("caption") * role_lines if ch.role else 0)
            ty = y + max(0, (ph - block) // 2)
            t.draw(surface, ch.name, pygame.Rect(tx, ty, tw, name_h), "body", "bold", pal.ink, wrap=False)
            if ch.role:
                rb = pygame.Rect(tx, ty + name_h, tw, t.line_height("caption") * role_lines)
                t.draw(surface, t.clamp(ch.role, tw, "caption", max_lines=role_lines), rb, "caption",
                       color=pal.ink_muted)
            y += ph + self.sp(1.5)

    def _focus(self, surface: pygame.Surface, box: pygame.Rect, sc, entry) -> None:  # type: ignore[no-untyped-def]
        """The principles this scenario trains, each with its one-line summary, as far as room allows."""
        t, pal = self.text, self.pal
        focus = [entry.pack.principles[p] for p in sc.focus if p in entry.pack.principles]
        head = t.line_height("h3", "bold")
        row = t.line_height("body", "bold") + t.line_height("caption") + self.sp(1)
        with_summary = head + self.sp(1) + row * len(focus) <= box.h
        if not with_summary:
            row = t.line_height("body", "bold") + self.sp(0.75)  # names only, so none is dropped
        if not focus or box.h < head + self.sp(1) + row:
            return
        r = t.draw(surface, "Principles in focus", pygame.Rect(box.x, box.y, box.w, head), "h3", "bold", pal.ink,
                   wrap=False)
        y = r.bottom + self.sp(1)
        for p in focus:
            if y + row > box.bottom:
                break
            dot = max(3, self.sp(0.5))
            pygame.draw.circle(surface, pal.accent, (box.x + dot, y + t.line_height("body", "bold") // 2), dot)
            x = box.x + 2 * dot + self.sp(1)
            t.draw(surface, p.name, pygame.Rect(x, y, box.right - x, t.line_height("body", "bold")), "body", "bold",
                   pal.ink, wrap=False)
            if with_summary:
                t.draw(surface, p.summary, pygame.Rect(x, y + t.line_height("body", "bold"), box.right - x,
                                                       t.line_height("caption")), "caption", color=pal.ink_muted,
                       wrap=False)
            y += row
