"""History: every finished attempt, newest first, from whatever results store is plugged in."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.ui import draw
from game.ui.scene import Same, Scene
from game.ui.widgets import Button, FocusGroup, button_key

if TYPE_CHECKING:
    from game.ui.app import App

OUTCOME = {"success": "Success", "mixed": "Mixed", "setback": "Setback"}


class HistoryScene(Scene):
    name = "history"
    title = "History"

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.scroll = 0
        self.max_scroll = 0
        self.group = FocusGroup()
        self.back = Button("Back", "back", "primary", hint="Esc")

    def enter(self) -> None:
        self.scroll = 0
        self.group.set([self.back], keep=False)

    def spoken(self) -> str:
        rows = self.app.results.history(200)
        if not rows:
            return "History. No attempts yet."
        return f"History. {len(rows)} attempts. Latest: {rows[0].scenario_title}, score {rows[0].grade}."

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                self.app.flow.go("back")
                return
            step = {pygame.K_DOWN: 1, pygame.K_UP: -1, pygame.K_PAGEDOWN: 8, pygame.K_PAGEUP: -8}.get(event.key)
            if step is not None:
                self.scroll = max(0, min(self.max_scroll, self.scroll + step))
                return
        elif event.type == pygame.MOUSEWHEEL:
            self.scroll = max(0, min(self.max_scroll, self.scroll - event.y * 3))
            return
        if self.group.handle(event) == "back":
            self.app.flow.go("back")

    def layer_key(self) -> tuple[object, ...]:
        """The scroll and the button's focus; the rows change only between visits (the app keys those)."""
        return (Same(self.app.results), self.scroll, self.group.focus, button_key(self.back))

    def draw(self, surface: pygame.Surface) -> None:
        self.fill(surface)
        t, pal = self.text, self.pal
        w, _ = surface.get_size()
        rows = self.app.results.history(200)
        who = f" for {self.app.player}" if self.app.player else ""
        sub = f"{len(rows)} finished attempt{'s' if len(rows) != 1 else ''}{who}, newest first." if rows else \
            "Finished scenarios appear here with their ending and score."
        top = self.header(surface, "History", sub)
        foot = self.footer_buttons(surface, self.group, [self.back])
        m = self.margin()
        box = pygame.Rect(m, top, w - 2 * m, foot - self.sp(2.5) - top)
        draw.card(surface, box, self.theme)
        pad = self.sp(2.5)
        inner = box.inflate(-2 * pad, -2 * pad)
        if not rows:
            t.draw(surface, "No attempts yet. Play a scenario and your results will be listed here.",
                   inner, "lead", color=pal.ink_muted, align="center", valign="middle")
            return
        cols = [("When", 0.18), ("Scenario", 0.34), ("Ending", 0.26), ("Mode", 0.12), ("Score", 0.10)]
        xs, x = [], inner.x
        for _, f in cols:
            xs.append((x, round(inner.w * f) - self.sp(1)))
            x += round(inner.w * f)
        head_h = t.line_height("caption", "bold")
        for (label, _), (cx, cw) in zip(cols, xs):
            t.draw(surface, label.upper(), pygame.Rect(cx, inner.y, cw, head_h), "caption", "bold", pal.ink_muted,
                   "right" if label == "Score" else "left", wrap=False)
        y0 = inner.y + head_h + self.sp(1.5)
        pygame.draw.line(surface, pal.line, (inner.x, y0 - self.sp(0.75)), (inner.right, y0 - self.sp(0.75)))
        row_h = t.line_height("body") + self.sp(1.5)
        visible = max(1, (inner.bottom - y0) // row_h)
        self.max_scroll = max(0, len(rows) - visible)
        self.scroll = min(self.scroll, self.max_scroll)
        for i, e in enumerate(rows[self.scroll:self.scroll + visible]):
            y = y0 + i * row_h
            if i % 2:
                pygame.draw.rect(surface, pal.surface_alt, (inner.x - self.sp(1), y, inner.w + 2 * self.sp(1), row_h),
                                 border_radius=self.sp(0.75))
            colour = {"success": pal.good, "mixed": pal.mixed, "setback": pal.bad}.get(e.outcome, pal.ink)
            cells = [(e.when.strftime("%d %b, %H:%M"), pal.ink_muted, "regular"), (e.scenario_title, pal.ink, "bold"),
                     (e.ending_title, colour, "regular"), (e.mode.capitalize(), pal.ink_muted, "regular"),
                     (f"{e.grade}", pal.ink, "bold")]
            for (text, c, weight), (cx, cw), (label, _) in zip(cells, xs, cols):
                t.draw(surface, text, pygame.Rect(cx, y, cw, row_h), "body", weight, c,  # type: ignore[arg-type]
                       "right" if label == "Score" else "left", "middle", wrap=False)
