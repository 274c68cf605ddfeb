"""History: progress over time, the patterns that keep coming back, and every finished attempt, newest first,
from whatever results store is plugged in. Opening an attempt shows its debrief again (`PastDebriefScene`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.i18n import N_, _, ngettext, short_datetime
from game.ui import draw
from game.ui.progress import progress
from game.ui.results import HistoryEntry
from game.ui.scene import Same, Scene
from game.ui.scroll import Scroll
from game.ui.text import Align
from game.ui.theme import Color, Weight
from game.ui.widgets import ENTER_KEYS, Button, FocusGroup, button_key

if TYPE_CHECKING:
    from game.ui.context import Context

OUTCOME = {"success": N_("Success"), "mixed": N_("Mixed"), "setback": N_("Setback")}
MODE_NAMES = {"practice": N_("Practice"), "assessment": N_("Assessment")}


class HistoryScene(Scene):
    """Progress first (each principle's trend, the patterns that keep coming back), then every finished
    attempt; Up/Down pick an attempt, Enter or a click opens its debrief again. The page scrolls."""

    name = "history"
    title = N_("History")

    def __init__(self, app: Context) -> None:
        super().__init__(app)
        self.scroll = Scroll()
        self.focus = 0
        self._reveal = False
        self.rects: list[pygame.Rect] = []  # each attempt's row on screen (empty when scrolled out)
        self.group = FocusGroup()
        self.back = Button(N_("Back"), "back", "primary", hint="Esc")

    def enter(self) -> None:
        # Back from an attempt's debrief: the same row stays picked and in view.
        back = self.app.flow.past_debrief is not None
        if not back:
            self.scroll.reset()
            self.focus = 0
        self._reveal = back  # a first visit opens at the top: progress first
        self.group.set([self.back], keep=False)
        self.group.focus = -1  # a mouse-only button: the keyboard picks rows

    def rows(self) -> list[HistoryEntry]:
        return self.app.results.history(200)

    def spoken(self) -> str:
        rows = self.rows()
        if not rows:
            return _("History. No attempts yet.")
        prog = progress(rows)
        trends = " ".join(f"{p.name}: {p.words()}." for p in prog.principles)
        back = " ".join(ngettext("{name}, in {n} attempt.", "{name}, in {n} attempts.", p.attempts).format(
            name=p.name, n=p.attempts) for p in prog.recurring)
        parts = [ngettext("History. {n} attempt.", "History. {n} attempts.", len(rows)).format(n=len(rows)), trends]
        if back:
            parts.append(_("Patterns that keep coming back: {patterns}").format(patterns=back))
        parts.append(_("Latest: {title}, score {grade}. Enter opens an attempt's debrief.").format(
            title=rows[0].scenario_title, grade=rows[0].grade))
        return " ".join(p for p in parts if p)

    def handle(self, event: pygame.event.Event) -> None:
        rows = self.rows()
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                self.leave()
                return
            if event.key in (pygame.K_UP, pygame.K_DOWN) and rows:
                self.focus = max(0, min(len(rows) - 1, self.focus + (1 if event.key == pygame.K_DOWN else -1)))
                self._reveal = True
                e = rows[self.focus]
                self.app.speak(_("{title}, {ending}, score {grade}.").format(title=e.scenario_title,
                                                                             ending=e.ending_title, grade=e.grade))
                return
            if event.key in ENTER_KEYS and rows:
                self.open(rows[min(self.focus, len(rows) - 1)])
                return
            self.scroll.handle(event, arrows=False)
            return
        if event.type == pygame.MOUSEWHEEL:
            self.scroll.handle(event)
            return
        if self.group.handle(event) == "back":
            self.leave()
            return
        self.group.focus = -1
        if event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN):
            for i, r in enumerate(self.rects):
                if r.collidepoint(event.pos):
                    self.focus = i
                    if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
                        self.open(rows[i])
                    return

    def leave(self) -> None:
        self.app.flow.past_debrief = None  # the next visit starts at the top
        self.app.flow.go("back")

    def open(self, entry: HistoryEntry) -> None:
        """Show this attempt's debrief again (when its store kept one)."""
        if entry.debrief is None:
            self.app.speak(_("This attempt's debrief was not kept."))
            return
        self.app.flow.open_past(entry.debrief)

    def layer_key(self) -> tuple[object, ...]:
        """The picked row (keys and hover move it), the scroll and the button's focus; the rows change only
        between visits (the app keys those)."""
        return (Same(self.app.results), self.scroll.key(), self.focus, self._reveal, self.group.focus,
                button_key(self.back))

    def draw(self, surface: pygame.Surface) -> None:
        self.fill(surface)
        t, pal = self.text, self.pal
        w, _h = surface.get_size()
        rows = self.rows()
        n = len(rows)
        if not rows:
            sub = _("Finished scenarios appear here with their ending and score.")
        elif self.app.player:
            sub = ngettext("{n} finished attempt for {name}, newest first.",
                           "{n} finished attempts for {name}, newest first.", n).format(n=n, name=self.app.player)
        else:
            sub = ngettext("{n} finished attempt, newest first.", "{n} finished attempts, newest first.", n).format(n=n)
        top = self.header(surface, _("History"), sub)
        foot = self.footer_buttons(surface, self.group, [self.back], focusable=False)
        m = self.margin()
        box = pygame.Rect(m, top, w - 2 * m, foot - self.sp(2.5) - top)
        draw.card(surface, box, self.theme)
        pad = self.sp(2.5)
        view = box.inflate(-2 * pad, -2 * pad)
        if not rows:
            self.rects = []
            t.draw(surface, _("No attempts yet. Play a scenario and your results will be listed here."),
                   view, "lead", color=pal.ink_muted, align="center", valign="middle")
            return
        iw = view.w - Scroll.bar_width(self.theme) - self.sp(1.5)
        content = self._page(None, rows, view.x, 0, iw)
        self.scroll.fit(view, content, t.line_height("body"))
        if self._reveal:
            top_y, bottom_y = self._row_span(rows, iw)
            self.scroll.show(top_y, bottom_y)
            self._reveal = False
        surface.set_clip(view.inflate(self.sp(1), 0))
        self._page(surface, rows, view.x, view.y - self.scroll.offset, iw)
        surface.set_clip(None)
        self.scroll.draw_bar(surface, self.theme)
        # A row takes clicks only where it shows.
        self.rects = [r.clip(view) if r.colliderect(view) else pygame.Rect(0, 0, 0, 0) for r in self.rects]

    def _put(self, surface: pygame.Surface | None, text: str, x: int, y: int, w: int, role: str,
             weight: Weight = "regular", color: Color | None = None, align: Align = "left") -> int:
        h = self.text.height(text, w, role, weight)
        if surface is not None:
            self.text.draw(surface, text, pygame.Rect(x, y, w, h), role, weight, color, align)
        return y + h

    def _row_h(self) -> int:
        return self.text.line_height("body") + self.sp(1.5)

    def _row_span(self, rows: list[HistoryEntry], iw: int) -> tuple[int, int]:
        """The picked row's top and bottom in page coordinates (what `show` scrolls into view)."""
        table = self._page(None, rows, 0, 0, iw, upto_table=True)
        top = table + self.focus * self._row_h()
        return top, top + self._row_h()

    def _page(self, surface: pygame.Surface | None, rows: list[HistoryEntry], x: int, y: int, w: int,
              upto_table: bool = False) -> int:
        """Progress, recurring patterns, then the attempts; draws from `y` (or measures, without a surface) and
        returns the height (or, with `upto_table`, where the first attempt row starts)."""
        t, pal = self.text, self.pal
        top = y
        prog = progress(rows)
        colour = {"improving": pal.good, "slipping": pal.bad}
        if prog.principles:
            y = self._put(surface, _("Your progress"), x, y, w, "h3", "bold", pal.ink)
            y = self._put(surface, _("Each principle's level: where your score fell between the worst and the best "
                                     "each scenario allows, earliest attempts against the latest."), x, y, w, "caption",
                          color=pal.ink_muted) + self.sp(1.5)
            spark_w = min(w // 3, self.sp(24))
            for p in prog.principles:
                name_w = w - spark_w - self.sp(2)
                ny = self._put(surface, p.name, x, y, name_w, "body", "bold", pal.ink)
                if surface is not None:
                    self._spark(surface, pygame.Rect(x + w - spark_w, y + self.sp(0.5), spark_w,
                                                     t.line_height("body") - self.sp(1)), p.levels)
                y = self._put(surface, p.words(), x, ny, w, "caption", "bold",
                              colour.get(p.direction, pal.ink_muted)) + self.sp(1.25)
            y += self.sp(1.5)
        y = self._put(surface, _("Patterns that keep coming back"), x, y, w, "h3", "bold", pal.ink) + self.sp(0.75)
        if not prog.recurring:
            y = self._put(surface, _("None so far."), x, y, w, "body", color=pal.ink_muted)
        for r in prog.recurring:
            y = self._put(surface, _("{name}: in {attempts} attempts ({times} choices)").format(name=r.name, attempts=r.attempts, times=r.times), x, y, w, "body", "bold",
                          pal.bad)
            if r.tip:
                y = self._put(surface, _("Tip: {tip}").format(tip=r.tip), x, y, w, "caption", color=pal.ink)
            y += self.sp(1)
        once = [p.name for p in prog.patterns if p.attempts < 2]
        if once:
            y = self._put(surface, _("Seen once: {patterns}").format(patterns=", ".join(once)), x, y + self.sp(0.5), w, "caption",
                          color=pal.ink_muted)
        y += self.sp(3)
        y = self._put(surface, _("Attempts"), x, y, w, "h3", "bold", pal.ink)
        y = self._put(surface, _("Up and Down pick one; Enter or a click opens its debrief again."), x, y, w, "caption",
                      color=pal.ink_muted) + self.sp(1.5)
        return self._table(surface, rows, x, y, w, upto_table) - top

    def _table(self, surface: pygame.Surface | None, rows: list[HistoryEntry], x: int, y: int, w: int,
               upto_table: bool) -> int:
        t, pal = self.text, self.pal
        cols = [("When", 0.18), ("Scenario", 0.34), ("Ending", 0.26), ("Mode", 0.12), ("Score", 0.10)]
        heads = [_("WHEN"), _("SCENARIO"), _("ENDING"), _("MODE"), _("SCORE")]
        xs, cx = [], x
        for _k, f in cols:
            xs.append((cx, round(w * f) - self.sp(1)))
            cx += round(w * f)
        head_h = t.line_height("caption", "bold")
        if surface is not None:
            for (label, _w), (hx, hw), head in zip(cols, xs, heads):
                # A cell cut to its column ends in an ellipsis: the row's debrief, one Enter away, shows it whole.
                t.draw(surface, head, pygame.Rect(hx, y, hw, head_h), "caption", "bold", pal.ink_muted,
                       "right" if label == "Score" else "left", wrap=False, elsewhere=True)
            pygame.draw.line(surface, pal.line, (x, y + head_h + self.sp(0.75)), (x + w, y + head_h + self.sp(0.75)))
        y += head_h + self.sp(1.5)
        if upto_table:
            return y
        row_h = self._row_h()
        self.rects = []
        for i, e in enumerate(rows):
            rect = pygame.Rect(x - self.sp(1), y, w + 2 * self.sp(1), row_h)
            self.rects.append(rect)
            if surface is not None and surface.get_clip().colliderect(rect):
                if i == self.focus:
                    pygame.draw.rect(surface, pal.accent_soft, rect, border_radius=self.sp(0.75))
                    pygame.draw.rect(surface, pal.accent, rect, width=max(1, pal.border_width),
                                     border_radius=self.sp(0.75))
                elif i % 2:
                    pygame.draw.rect(surface, pal.surface_alt, rect, border_radius=self.sp(0.75))
                colour = {"success": pal.good, "mixed": pal.mixed, "setback": pal.bad}.get(e.outcome, pal.ink)
                cells = [(short_datetime(e.when), pal.ink_muted, "regular"),
                         (e.scenario_title, pal.ink, "bold"), (e.ending_title, colour, "regular"),
                         (_(MODE_NAMES[e.mode]) if e.mode in MODE_NAMES else e.mode.capitalize(), pal.ink_muted, "regular"), (f"{e.grade}", pal.ink, "bold")]
                for (text, c, weight), (cx, cw), (label, _w) in zip(cells, xs, cols):
                    t.draw(surface, text, pygame.Rect(cx, y, cw, row_h), "body", weight, c,  # type: ignore[arg-type]
                           "right" if label == "Score" else "left", "middle", wrap=False, elsewhere=True)
            y += row_h
        return y

    def _spark(self, surface: pygame.Surface, box: pygame.Rect, levels: list[float]) -> None:
        """The last dozen levels as small bars, oldest on the left."""
        pal = self.pal
        shown = levels[-12:]
        if not shown:
            return
        gap = max(1, self.sp(0.25))
        bw = max(2, (box.w - gap * (len(shown) - 1)) // len(shown))
        x = box.right - len(shown) * (bw + gap) + gap
        for v in shown:
            h = max(2, round(box.h * v))
            pygame.draw.rect(surface, pal.surface_alt, (x, box.y, bw, box.h), border_radius=1)
            pygame.draw.rect(surface, pal.accent, (x, box.bottom - h, bw, h), border_radius=1)
            x += bw + gap
