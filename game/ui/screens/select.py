"""Scenario select: a browser of every pack, with broken files shown as broken.

Cards, not a table: each shows what a student needs to choose (title,
summary, difficulty, length, what it trains, their best so far). Arrows move
between cards, Enter opens one, the wheel scrolls, a click opens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.i18n import N_, _, ngettext
from game.ui import draw
from game.ui.catalog import Entry
from game.ui.scene import Same, Scene
from game.ui.widgets import ENTER_KEYS, Button, FocusGroup, button_key

if TYPE_CHECKING:
    from game.ui.context import Context



# A scenario's difficulty as its card shows it (SCENARIO_FORMAT.md, `difficulty`).
DIFFICULTY_LABELS = {"beginner": N_("Beginner"), "intermediate": N_("Intermediate"), "advanced": N_("Advanced")}


class SelectScene(Scene):
    name = "select"
    title = N_("Choose a scenario")

    def __init__(self, app: Context) -> None:
        super().__init__(app)
        self.focus = 0
        self.scroll = 0
        self.cards: list[tuple[Entry, pygame.Rect]] = []
        self.region = pygame.Rect(0, 0, 0, 0)
        self.cols = 2
        self._reveal = True
        self.footer = FocusGroup()
        self.buttons = [Button(N_("Back"), "back", hint="Esc"), Button(N_("Settings"), "settings", hint="S"),
                        Button(N_("Open"), "open", "primary", hint="Enter")]

    @property
    def entries(self) -> list[Entry]:
        return self.app.catalog.entries

    def enter(self) -> None:
        cur = self.app.flow.entry
        idx = next((i for i, e in enumerate(self.entries) if e is cur), None)
        self.focus = idx if idx is not None else 0
        self._reveal = True

    def spoken(self) -> str:
        n = len(self.app.catalog.playable)
        return ngettext("Choose a scenario. {n} available. {focused}", "Choose a scenario. {n} available. {focused}",
                        n).format(n=n, focused=self._describe())

    def _describe(self) -> str:
        if not self.entries:
            return ""
        e = self.entries[self.focus]
        if not e.playable:
            return _("{title}: cannot load. {error}").format(title=e.title, error=e.first_error)
        return f"{e.title}. {e.summary}"

    def handle(self, event: pygame.event.Event) -> None:
        n = len(self.entries)
        if event.type == pygame.KEYDOWN:
            old = self.focus
            if event.key == pygame.K_ESCAPE:
                self.app.flow.go("back")
                return
            if event.key == pygame.K_s:
                self.app.flow.go("open_settings")
                return
            if n == 0:
                return
            if event.key == pygame.K_RIGHT:
                self.focus = min(n - 1, self.focus + 1)
            elif event.key == pygame.K_LEFT:
                self.focus = max(0, self.focus - 1)
            elif event.key == pygame.K_DOWN or (event.key == pygame.K_TAB and not event.mod & pygame.KMOD_SHIFT):
                self.focus = min(n - 1, self.focus + (self.cols if event.key == pygame.K_DOWN else 1))
            elif event.key == pygame.K_UP or event.key == pygame.K_TAB:
                self.focus = max(0, self.focus - (self.cols if event.key == pygame.K_UP else 1))
            elif event.key in (pygame.K_HOME, pygame.K_PAGEUP):
                self.focus = 0
            elif event.key in (pygame.K_END, pygame.K_PAGEDOWN):
                self.focus = n - 1
            elif event.key in ENTER_KEYS:
                self.open(self.focus)
                return
            if self.focus != old:
                self._reveal = True
                self.app.speak(self._describe())
        elif event.type == pygame.MOUSEWHEEL:
            self.scroll = max(0, self.scroll - event.y * self.sp(6))
        elif event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN):
            action = self.footer.handle(event)
            self.footer.focus = -1  # a mouse-only row: it never shows focus (the cards keep the keyboard's)
            if action == "back":
                self.app.flow.go("back")
                return
            if action == "settings":
                self.app.flow.go("open_settings")
                return
            if action == "open":
                self.open(self.focus)
                return
            if not self.region.collidepoint(event.pos):
                return
            for i, (_e, rect) in enumerate(self.cards):
                if rect.collidepoint(event.pos):
                    self.focus = i
                    if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
                        self.open(i)
                    return

    def open(self, i: int) -> None:
        if 0 <= i < len(self.entries) and self.entries[i].playable:
            self.app.flow.choose_entry(self.entries[i])

    # -- drawing
    def _card_height(self, width: int) -> int:
        t = self.text
        pad = self.sp(2.5)
        chip_h = t.line_height("caption", "bold") + 2 * self.sp(0.4)
        return (2 * pad + t.line_height("h3", "bold") + self.sp(1) + chip_h + self.sp(1.25)
                + 2 * t.line_height("body") + self.sp(1.25) + t.line_height("caption"))

    def layer_key(self) -> tuple[object, ...]:
        """The list (and the results on its cards: they change only between visits), the focused card (keys
        and hover move it), the scroll and whether the focus still has to be scrolled into view."""
        entries = self.entries
        return (Same(self.app.catalog), Same(entries), len(entries), Same(self.app.results), self.focus,
                self.scroll, self._reveal, self.footer.focus, tuple(button_key(b) for b in self.buttons))

    def draw(self, surface: pygame.Surface) -> None:
        self.fill(surface)
        w, h = surface.get_size()
        n = len(self.app.catalog.playable)
        named = [p.info.title for p in self.app.catalog.packs if p.info.title]
        if named:
            sub = ngettext("{n} scenario from {packs} · arrows to browse, Enter to open",
                           "{n} scenarios from {packs} · arrows to browse, Enter to open", n).format(
                n=n, packs=", ".join(named))
        else:
            sub = ngettext("{n} scenario · arrows to browse, Enter to open",
                           "{n} scenarios · arrows to browse, Enter to open", n).format(n=n)
        top = self.header(surface, _("Choose a scenario"), sub)
        m = self.margin()
        self.buttons[2].enabled = bool(self.entries) and self.entries[min(self.focus, len(self.entries) - 1)].playable
        foot_top = self.footer_buttons(surface, self.footer, self.buttons, focusable=False)
        self.region = pygame.Rect(m, top, w - 2 * m, foot_top - self.sp(2) - top)
        gap = self.sp(2)
        self.cols = 2 if self.region.w >= self.sp(70) else 1
        cw = (self.region.w - gap * (self.cols - 1)) // self.cols
        ch = self._card_height(cw)
        self.cards = []
        for i, e in enumerate(self.entries):
            r, c = divmod(i, self.cols)
            self.cards.append((e, pygame.Rect(self.region.x + c * (cw + gap), self.region.y + r * (ch + gap), cw, ch)))
        content_h = (self.cards[-1][1].bottom - self.region.y) if self.cards else 0
        max_scroll = max(0, content_h - self.region.h + self.sp(1))
        if self._reveal and self.cards:
            fr = self.cards[min(self.focus, len(self.cards) - 1)][1]
            if fr.top - self.scroll < self.region.top:
                self.scroll = fr.top - self.region.top
            elif fr.bottom - self.scroll > self.region.bottom:
                self.scroll = fr.bottom - self.region.bottom + self.sp(1)
            self._reveal = False
        self.scroll = max(0, min(self.scroll, max_scroll))
        for _k, rect in self.cards:
            rect.y -= self.scroll
        if not self.entries:
            self.text.draw(surface, _("No scenarios found. Point Rapport at a pack folder with --pack DIR."),
                           self.region, "lead", color=self.pal.ink_muted)
            return
        # Shadows spill a few pixels; clip a little outside the region so they are not cut flat.
        clip = self.region.inflate(self.sp(2), 0)
        surface.set_clip(clip)
        for i, (e, rect) in enumerate(self.cards):
            if rect.bottom < self.region.top or rect.top > self.region.bottom:
                continue
            self._card(surface, e, rect, i == self.focus)
        surface.set_clip(None)
        edge = self.sp(4)
        if self.scroll < max_scroll:
            draw.fade(surface, pygame.Rect(clip.x, self.region.bottom - edge, clip.w, edge), self.pal.bg)
        if self.scroll > 0:
            draw.fade(surface, pygame.Rect(clip.x, self.region.top, clip.w, edge), self.pal.bg, up=True)
        if max_scroll > 0:
            track = pygame.Rect(w - m // 2 - 2, self.region.y, 4, self.region.h)
            pygame.draw.rect(surface, self.pal.line, track, border_radius=2)
            th = max(self.sp(4), round(track.h * self.region.h / (content_h + self.sp(1))))
            ty = track.y + round((track.h - th) * self.scroll / max_scroll)
            pygame.draw.rect(surface, self.pal.ink_muted, (track.x, ty, 4, th), border_radius=2)

    def _card(self, surface: pygame.Surface, e: Entry, rect: pygame.Rect, focused: bool) -> None:
        t, pal = self.text, self.pal
        draw.card(surface, rect, self.theme, pal.surface, border=pal.accent if focused else None)
        if focused:
            pygame.draw.rect(surface, pal.accent, rect, width=max(2, self.sp(0.3)), border_radius=self.theme.radius)
        pad = self.sp(2.5)
        inner = rect.inflate(-2 * pad, -2 * pad)
        y = inner.y
        lh = t.line_height("h3", "bold")
        best = self.app.results.best_for(e.id) if e.playable else None
        title_w = inner.w
        if best is not None:
            label = _("Best {grade}%").format(grade=best.grade)
            bw, bh = draw.chip_size(t, label)
            bw = min(bw, inner.w // 3)
            draw.chip(surface, t, label, inner.right - bw, y + (lh - bh) // 2, bw, pal.accent_ink, pal.accent,
                      elsewhere=True)
            title_w -= bw + self.sp(1)
        # A card is a preview: whatever it cuts (always with an ellipsis) the briefing, one Enter away, shows
        # in full, so its cuts are reported as `elsewhere`.
        t.draw(surface, e.title, pygame.Rect(inner.x, y, title_w, lh), "h3", "bold", pal.ink, wrap=False,
               elsewhere=True)
        y += lh + self.sp(1)
        if not e.playable:
            chip = draw.chip(surface, t, _("Can't load"), inner.x, y, inner.w, pal.surface, pal.bad)
            y = chip.bottom + self.sp(1.25)
            box = pygame.Rect(inner.x, y, inner.w, inner.bottom - y)
            msg = t.clamp(e.error_text, box.w, "caption", max_lines=max(1, box.h // t.line_height("caption")))
            t.draw(surface, msg, box, "caption", color=pal.bad)
            return
        sc = e.scenario
        assert sc is not None
        x = inner.x
        level = DIFFICULTY_LABELS.get(sc.difficulty)
        chips = [(_(level) if level else sc.difficulty.capitalize(), pal.ink_muted, pal.surface_alt)]
        stopped = None if self.app.workshop else self.app.results.resumable(e.id, self.app.player)
        if stopped is not None:  # first, so a narrow card keeps it: the briefing offers to continue
            chips.insert(0, (_("Stopped at decision {n}").format(n=stopped.at_decision), pal.accent, pal.accent_soft))
        if sc.minutes:
            chips.append((_("{minutes} min").format(minutes=sc.minutes), pal.ink_muted, pal.surface_alt))
        if best is not None:
            chips.append((ngettext("{n} attempt", "{n} attempts", best.attempts).format(n=best.attempts), pal.ink_muted,
                          pal.surface_alt))
        chip_h = 0
        for label, fg, bg in chips:
            if x >= inner.right - self.sp(4):
                break
            c = draw.chip(surface, t, label, x, y, inner.right - x, fg, bg, elsewhere=True)
            x = c.right + self.sp(0.75)
            chip_h = c.h
        y += chip_h + self.sp(1.25)
        body = pygame.Rect(inner.x, y, inner.w, 2 * t.line_height("body"))
        t.draw(surface, t.clamp(sc.summary, body.w, "body", max_lines=2, elsewhere=True), body, "body",
               color=pal.ink_muted)
        y = body.bottom + self.sp(1.25)
        trains = (_("Trains: {principles}").format(principles=" · ".join(e.focus_names)) if e.focus_names
                  else _("Trains: all principles"))
        t.draw(surface, trains, pygame.Rect(inner.x, y, inner.w, t.line_height("caption")), "caption",
               "bold", pal.accent, wrap=False, elsewhere=True)
