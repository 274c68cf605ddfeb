"""The debrief: the ending, each principle against the best and worst possible, the patterns
you showed, and every decision next to the better one. All numbers come from the engine's
`Debrief`; this screen only lays them out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.i18n import N_, _
from game.ui import draw
from game.ui.scene import Same, Scene
from game.ui.screens.debrief_review import Row, review_rows
from game.ui.scroll import Scroll
from game.ui.widgets import ENTER_KEYS, Button, ChoiceList, FocusGroup, button_key

if TYPE_CHECKING:
    from game.engine.scoring import Debrief, DecisionReview
    from game.ui.context import Context
    from game.ui.text import Align
    from game.ui.theme import Color, Weight

OUTCOME_LABEL = {"success": N_("Success"), "mixed": N_("Mixed result"), "setback": N_("Setback")}


class DebriefScene(Scene):
    name = "debrief"
    title = N_("Debrief")

    def __init__(self, app: Context) -> None:
        super().__init__(app)
        self.group = FocusGroup()
        self.buttons = [
            Button(N_("Scenarios"), "back", hint="Esc"),
            Button(N_("Try a decision again"), "rewind", hint="T"),
            Button(N_("Replay"), "replay", hint="R"),
            Button(N_("Next scenario"), "next", "primary", hint="N"),
        ]
        self.scroll = Scroll()
        self.panel = pygame.Rect(0, 0, 0, 0)
        self.picking = False
        self.picker = ChoiceList()
        self.picker_rect = pygame.Rect(0, 0, 0, 0)
        self.picker_view = pygame.Rect(0, 0, 0, 0)
        self.picker_scroll = Scroll()
        self._picker_reveal = False

    @property
    def d(self) -> Debrief | None:
        return self.app.flow.debrief

    def enter(self) -> None:
        self.scroll.reset()
        self.picking = False
        self.buttons[1].enabled = self.app.flow.session is not None and self.app.flow.session.mode == "practice"
        self.group.set(self.buttons, keep=False)
        # No button has the focus: Enter tapped through the last lines must not carry the player off the
        # debrief. Leaving takes its own key (Esc, N, R, T) or an arrow or Tab to a button first.
        self.group.focus = -1

    def spoken(self) -> str:
        d = self.d
        if d is None:
            return ""
        parts = [_("Debrief. {ending}. {text} Score {grade} out of 100.").format(ending=d.ending_title,
                                                                               text=d.ending_text, grade=d.grade)]
        parts += [_("{name}: {score}, best possible {best}.").format(name=p.name, score=p.score, best=p.best)
                  for p in d.principles if p.in_focus]
        if d.perspective:
            parts += [_("Their side.")] + [f"{p.name}: {p.text}" for p in d.perspective]
        if d.reflect:
            parts += [_("Closing discussion.") if self.app.workshop else _("To think about.")] + list(d.reflect)
        return " ".join(parts)

    # -- input
    def handle(self, event: pygame.event.Event) -> None:
        if self.picking:
            self._handle_picker(event)
            return
        if event.type == pygame.KEYDOWN:
            keys = {pygame.K_ESCAPE: "back", pygame.K_t: "rewind", pygame.K_r: "replay", pygame.K_n: "next"}
            if event.key in keys:
                self.act(keys[event.key])
                return
        if self.scroll.handle(event):  # Up/Down, Page Up/Down, Home/End and the wheel scroll the review
            return
        action = self.group.handle(event)
        if action:
            self.act(action)

    def act(self, action: str) -> None:
        flow = self.app.flow
        if action == "back":
            flow.go("back")
        elif action == "replay":
            flow.begin()
        elif action == "next":
            nxt = self.app.catalog.next_after(flow.entry)
            if nxt is not None:
                flow.choose_entry(nxt)
        elif action == "rewind" and self.buttons[1].enabled and self.d is not None and self.d.decisions:
            self.picking = True
            self.picker_scroll.reset()
            self.picker.set_options([(i + 1, self._pick_label(r)) for i, r in enumerate(self.d.decisions)])
            self.app.speak(_("Go back to which decision? {options}").format(
                options=" ".join(f"{n}: {t}." for n, t in self.picker.options)))

    def _pick_label(self, r: DecisionReview) -> str:
        return _("{choice}  (best choice)").format(choice=r.chosen_text) if r.was_best else str(r.chosen_text)

    def _handle_picker(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.picking = False
            return
        if event.type == pygame.MOUSEBUTTONDOWN and not self.picker_rect.collidepoint(event.pos):
            self.picking = False
            return
        if event.type == pygame.MOUSEWHEEL or (event.type == pygame.KEYDOWN and event.key not in (
                pygame.K_UP, pygame.K_DOWN)):
            if self.picker_scroll.handle(event, arrows=False):
                return
        if event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN) and not self.picker_view.collidepoint(event.pos):
            return  # an option scrolled out of the list takes no hover or click
        if event.type == pygame.KEYDOWN:
            self._picker_reveal = True  # the focus may move: keep it in view
        n = self.picker.handle(event)
        if n is not None:
            self.picking = False
            self.app.flow.rewind(n - 1)

    # -- drawing
    def layer_key(self) -> tuple[object, ...]:
        """The debrief shown, the review's scroll, the footer's focus (hover moves it) and the picker."""
        return (Same(self.d), self.scroll.key(), self.group.focus, tuple(button_key(b) for b in self.buttons),
                self.picking, self.picker.key() if self.picking else None, self.picker_scroll.key(),
                self._picker_reveal)

    def draw(self, surface: pygame.Surface) -> None:
        self.fill(surface)
        d = self.d
        foot = self.footer_buttons(surface, self.group, self.buttons)
        if d is None:
            return
        w, h = surface.get_size()
        m = self.margin()
        top, ending_shown = self._hero(surface, d, m)
        gap = self.sp(3)
        body = pygame.Rect(m, top, w - 2 * m, foot - self.sp(2.5) - top)
        left = pygame.Rect(body.x, body.y, round(body.w * 0.42), body.h)
        pad = self.sp(2.5)
        chart_h = self._chart(None, d, left.x + pad, 0, left.w - 2 * pad) + 2 * pad
        if chart_h <= body.h and left.w >= 16 * self.theme.px("body"):
            # Two columns: the chart beside the review, which scrolls on its own.
            right = pygame.Rect(left.right + gap, body.y, body.right - left.right - gap, body.h)
            draw.card(surface, left, self.theme)
            self._chart(surface, d, left.x + pad, left.y + pad, left.w - 2 * pad)
            draw.card(surface, right, self.theme)
            self.panel = right.inflate(-2 * pad, -2 * pad)
            self._review(surface, d, self.panel, None if ending_shown else d)
        else:
            # One column: the chart, then the review, scrolling together.
            self.panel = body
            self._one_column(surface, d, body, chart_h, None if ending_shown else d)
        if self.picking:
            self._picker(surface)

    def _one_column(self, surface: pygame.Surface, d: Debrief, box: pygame.Rect, chart_h: int,
                    ending: Debrief | None) -> None:
        """The ending's text (when the hero had no room for it), the chart, then the review: one scroll."""
        pad = self.sp(2.5)
        width = box.w - Scroll.bar_width(self.theme) - self.sp(1)
        iw = width - 2 * pad
        rows = self._rows(d, iw, None)
        heights = self._heights(rows, iw)
        review_h = sum(heights) + sum(r[4] for r in rows) + 2 * pad
        text = ending.ending_text if ending is not None else ""
        ending_h = self.text.height(text, width, "lead") + self.sp(2) if text else 0
        content = ending_h + chart_h + self.sp(2) + review_h
        self.scroll.fit(box, content, self.text.line_height("body"))
        y = box.y - self.scroll.offset
        surface.set_clip(box)
        if text:
            self.text.draw(surface, text, pygame.Rect(box.x, y, width, ending_h - self.sp(2)), "lead",
                           color=self.pal.ink)
            y += ending_h
        draw.card(surface, pygame.Rect(box.x, y, width, chart_h), self.theme)
        self._chart(surface, d, box.x + pad, y + pad, width - 2 * pad)
        y += chart_h + self.sp(2)
        draw.card(surface, pygame.Rect(box.x, y, width, review_h), self.theme)
        self._draw_rows(surface, rows, heights, box.x + pad, y + pad, iw, box)
        surface.set_clip(None)
        self.scroll.draw_bar(surface, self.theme)

    def _hero(self, surface: pygame.Surface, d: Debrief, m: int) -> tuple[int, bool]:
        """The ending's title, its outcome and (when it is short enough) its text, beside the grade; returns
        where the body starts and whether the ending's text was shown (else the review opens with it)."""
        t, pal = self.text, self.pal
        w, _h = surface.get_size()
        y = self.sp(3)
        colour = {"success": pal.good, "mixed": pal.mixed, "setback": pal.bad}.get(d.outcome or "", pal.ink_muted)
        gw = t.theme.fonts.get("black", t.theme.px("display")).size("100")[0] + self.sp(4)
        text_w = w - 2 * m - gw - self.sp(3)
        label = _("CLASS DEBRIEF · {title}") if self.app.workshop else _("DEBRIEF · {title}")
        head = label.format(title=d.title.upper())
        r = t.draw(surface, head, pygame.Rect(m, y, text_w, t.height(head, text_w, "caption", "bold")),
                   "caption", "bold", pal.accent)
        y = r.bottom + self.sp(0.75)
        title = d.ending_title or _("The end")
        role = "h1" if t.height(title, text_w, "h1", "black") <= t.line_height("h1", "black") else "h2"
        r = t.draw(surface, title, pygame.Rect(m, y, text_w, t.height(title, text_w, role, "black")),
                   role, "black", pal.ink)
        y = r.bottom + self.sp(1)
        c = draw.chip(surface, t, _(OUTCOME_LABEL.get(d.outcome or "", N_("Ending"))), m, y, text_w, pal.surface, colour)
        ending = d.ending_text or ""
        ew = text_w - c.w - self.sp(1.5)
        shown = t.height(ending, ew, "body") <= t.line_height("body") * 2 + 2
        bottom = c.bottom
        if shown and ending:
            r = t.draw(surface, ending, pygame.Rect(c.right + self.sp(1.5), y, ew, t.height(ending, ew, "body")),
                       "body", color=pal.ink_muted)
            bottom = max(r.bottom, c.bottom)
        # the grade, big, on the right
        num_h = t.line_height("display", "black")
        label_h = t.line_height("caption", "bold")
        grade_box = pygame.Rect(w - m - gw, self.sp(3), gw, max(bottom - self.sp(3), num_h + label_h))
        draw.card(surface, grade_box, self.theme)
        total = num_h + label_h
        gy = grade_box.y + max(0, (grade_box.h - total) // 2)
        t.draw(surface, str(d.grade), pygame.Rect(grade_box.x, gy, gw, min(num_h, grade_box.h)), "display", "black",
               pal.accent, "center")
        t.draw(surface, _("SCORE / 100"), pygame.Rect(grade_box.x, min(gy + num_h, grade_box.bottom - label_h), gw, label_h),
               "caption", "bold", pal.ink_muted, "center")
        return max(bottom, grade_box.bottom) + self.sp(3), shown

    def _chart(self, surface: pygame.Surface | None, d: Debrief, x: int, y: int, w: int) -> int:
        """Each principle: a track from worst to best possible, filled up to the player's score, with both
        ends labelled. Without a surface it only measures; returns the height."""
        t, pal = self.text, self.pal
        top = y

        def put(text: str, box: pygame.Rect, role: str, weight: Weight = "regular", color: Color | None = None,
                align: Align = "left") -> int:
            h = t.height(text, box.w, role, weight)
            if surface is not None:
                t.draw(surface, text, pygame.Rect(box.x, box.y, box.w, h), role, weight, color, align)
            return box.y + h

        y = put(_("Principles"), pygame.Rect(x, y, w, 0), "h3", "bold", pal.ink) + self.sp(0.5)
        y = put(_("The class's score on the track from the worst to the best this scenario allows.")
                if self.app.workshop else _("Your score on the track from the worst to the best this scenario allows."),
                pygame.Rect(x, y, w, 0), "caption", color=pal.ink_muted) + self.sp(2)
        rows = sorted((p for p in d.principles if p.best != p.worst or p.score), key=lambda p: not p.in_focus)
        bar_h = self.sp(1.25)
        cap = t.theme.fonts.get("regular", t.theme.px("caption"))
        # Every track starts and ends at the same x: the end labels get the widest label's room.
        ww = max((cap.size(_("worst {n}").format(n=draw.signed(p.worst)))[0] for p in rows), default=0) + 2
        bw = max((cap.size(_("best {n}").format(n=draw.signed(p.best)))[0] for p in rows), default=0) + 2
        for p in rows:
            fig = (_("Class {n}") if self.app.workshop else _("You {n}")).format(n=draw.signed(p.score))
            fw = t.theme.fonts.get("bold", t.theme.px("body")).size(fig)[0] + 2
            span = max(1, p.best - p.worst)
            frac = (p.score - p.worst) / span if p.best != p.worst else 1.0
            colour = pal.good if frac >= 0.67 else pal.mixed if frac >= 0.34 else pal.bad
            colour = colour if p.in_focus else pal.ink_muted
            name_w = max(1, w - fw - self.sp(1))
            label = p.name if p.in_focus else _("{name} (not in focus)").format(name=p.name)
            ny = put(label, pygame.Rect(x, y, name_w, 0), "body", "bold", pal.ink if p.in_focus else pal.ink_muted)
            if surface is not None:
                t.draw(surface, fig, pygame.Rect(x + w - fw, y, fw, t.line_height("body", "bold")), "body", "bold",
                       colour, "right")
            # worst ——— track ——— best, on one line: both ends labelled, one caption line saved per row
            worst = _("worst {n}").format(n=draw.signed(p.worst))
            best = _("best {n}").format(n=draw.signed(p.best))
            cap_h = t.line_height("caption")
            line_y = ny + self.sp(0.5)
            track = pygame.Rect(x + ww + self.sp(1.5), line_y + (cap_h - bar_h) // 2,
                                max(self.sp(4), w - ww - bw - 2 * self.sp(1.5)), bar_h)
            if surface is not None:
                t.draw(surface, worst, pygame.Rect(x, line_y, ww, cap_h), "caption", color=pal.ink_muted)
                t.draw(surface, best, pygame.Rect(x + w - bw, line_y, bw, cap_h), "caption", color=pal.ink_muted,
                       align="right")
                draw.bar(surface, track, frac, colour, pal.surface_alt)
                knob = max(bar_h // 2 + 2, self.sp(0.9))
                kx = track.x + max(knob, min(track.w - knob, round(track.w * frac)))
                pygame.draw.circle(surface, pal.surface, (kx, track.centery), knob)
                pygame.draw.circle(surface, colour, (kx, track.centery), knob, width=max(2, knob // 2))
            y = line_y + max(cap_h, bar_h) + self.sp(1.5)
        return y - top

    def _review_rows(self, d: Debrief, width: int) -> list[Row]:
        """The scrolling column: (text, role, weight, colour, top gap) rows (`debrief_review`)."""
        return review_rows(d, self.app.workshop, self.app.flow.session, self.sp)

    def _heights(self, rows: list[Row], width: int) -> list[int]:
        return [self.text.height(text, width, role, weight) for text, role, weight, _c, _g in rows]  # type: ignore[arg-type]

    def _rows(self, d: Debrief, width: int, ending: Debrief | None) -> list[Row]:
        """The review's rows, opening with the ending's text when the hero had no room for all of it."""
        rows = self._review_rows(d, width)
        if ending is not None and ending.ending_text:
            if rows:
                rows[0] = (*rows[0][:4], self.sp(3))
            rows.insert(0, (ending.ending_text, "lead", "regular", "ink", 0))
        return rows

    def _draw_rows(self, surface: pygame.Surface, rows: list[Row], heights: list[int],
                   x: int, y: int, width: int, clip: pygame.Rect) -> None:
        t, pal = self.text, self.pal
        for (text, role, weight, colour, gap), h in zip(rows, heights):
            y += gap
            if y + h >= clip.top and y <= clip.bottom:
                t.draw(surface, text, pygame.Rect(x, y, width, h), role, weight,  # type: ignore[arg-type]
                       getattr(pal, colour))
            y += h

    def _review(self, surface: pygame.Surface, d: Debrief, panel: pygame.Rect, ending: Debrief | None) -> None:
        iw = panel.w - Scroll.bar_width(self.theme) - self.sp(1)
        rows = self._rows(d, iw, ending)
        heights = self._heights(rows, iw)
        content = sum(heights) + sum(r[4] for r in rows)
        self.scroll.fit(panel, content, self.text.line_height("body"))
        surface.set_clip(panel)
        self._draw_rows(surface, rows, heights, panel.x, panel.y - self.scroll.offset, iw, panel)
        surface.set_clip(None)
        self.scroll.draw_bar(surface, self.theme)

    def _picker(self, surface: pygame.Surface) -> None:
        """Every decision, each option in full: the list scrolls when it is taller than the card."""
        t, pal = self.text, self.pal
        draw.scrim(surface, self.theme)
        w, h = surface.get_size()
        cw = min(w - 2 * self.margin(), self.sp(100))
        ch = h - 2 * self.margin()
        self.picker_rect = pygame.Rect((w - cw) // 2, self.margin(), cw, ch)
        draw.card(surface, self.picker_rect, self.theme)
        pad = self.sp(3)
        inner = self.picker_rect.inflate(-2 * pad, -2 * pad)
        head = _("Go back to which decision?")
        r = t.draw(surface, head, pygame.Rect(inner.x, inner.y, inner.w, t.height(head, inner.w, "h2", "black")),
                   "h2", "black", pal.ink)
        y = r.bottom + self.sp(0.5)
        sub = _("You'll replay from just before it. Esc to cancel.")
        r = t.draw(surface, sub, pygame.Rect(inner.x, y, inner.w, t.height(sub, inner.w, "caption")), "caption",
                   color=pal.ink_muted)
        view = pygame.Rect(inner.x, r.bottom + self.sp(2), inner.w, inner.bottom - r.bottom - self.sp(2))
        width = view.w - Scroll.bar_width(self.theme) - self.sp(1.5)
        tall = 1 << 20
        content = self.picker.layout(pygame.Rect(view.x, view.y, width, tall), t)
        self.picker_scroll.fit(view, content + self.sp(1), t.line_height("body"))
        if self._picker_reveal and self.picker.slots:
            slot = self.picker.slots[min(self.picker.focus, len(self.picker.slots) - 1)].rect
            self.picker_scroll.show(slot.top - view.y, slot.bottom - view.y + self.sp(1))
            self._picker_reveal = False
        self.picker_view = view
        self.picker.layout(pygame.Rect(view.x, view.y - self.picker_scroll.offset, width, tall), t)
        surface.set_clip(view.inflate(self.sp(1), 0))
        self.picker.draw(surface, t)
        surface.set_clip(None)
        self.picker_scroll.draw_bar(surface, self.theme)


class PastDebriefScene(DebriefScene):
    """A finished attempt's debrief opened again from History: read it, scroll it, go back (nothing to replay:
    the attempt is over)."""

    name = "past_debrief"
    title = N_("Debrief")

    def __init__(self, app: Context) -> None:
        super().__init__(app)
        self.buttons = [Button(N_("Back to history"), "back", "primary", hint="Esc")]

    @property
    def d(self) -> Debrief | None:
        return self.app.flow.past_debrief

    def enter(self) -> None:
        self.scroll.reset()
        self.picking = False
        self.group.set(self.buttons, keep=False)

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_ESCAPE, *ENTER_KEYS):
            self.app.flow.go("back")
            return
        if self.scroll.handle(event):
            return
        if self.group.handle(event) == "back":
            self.app.flow.go("back")
