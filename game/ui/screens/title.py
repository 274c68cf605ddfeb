"""The title screen: what Rapport is, and the way in (play, history, settings)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.i18n import N_, _, ngettext
from game.ui import draw
from game.ui.scene import Scene
from game.ui.widgets import Button, FocusGroup

if TYPE_CHECKING:
    from game.ui.context import Context

CAST = ("recruiter_1", "alumni_2", "student_3")  # the faces on the title: a recruiter, an alum, a peer


class TitleScene(Scene):
    name = "title"
    title = "Rapport"
    # False for `rapport play`'s first frame (game.ui.boot): `draw_faces` adds them in the next one.
    faces = True

    def __init__(self, app: Context) -> None:
        super().__init__(app)
        self.group = FocusGroup()
        self.buttons = [
            Button(N_("Play"), "play", "primary", hint="Enter"),
            Button(N_("History"), "history", hint="H"),
            Button(N_("Settings"), "settings", hint="S"),
            Button(N_("Quit"), "quit", "ghost", hint="Q"),
        ]
        self.group.set(self.buttons, keep=False)

    def enter(self) -> None:
        self.buttons[0].enabled = True
        self.group.focus = 0

    def spoken(self) -> str:
        return _("Rapport. Practice professional networking. Play, History, Settings or Quit.")

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN:
            keys = {pygame.K_h: "history", pygame.K_s: "settings", pygame.K_q: "quit", pygame.K_p: "play"}
            if event.key in keys:
                self.act(keys[event.key])
                return
            if event.key == pygame.K_ESCAPE:
                return  # the first screen: Escape has nowhere to go back to
        action = self.group.handle(event)
        if action:
            self.act(action)

    def act(self, action: str) -> None:
        if action == "play":
            self.app.flow.go("play")
        elif action == "history":
            self.app.flow.go("open_history")
        elif action == "settings":
            self.app.flow.go("open_settings")
        elif action == "quit":
            self.app.running = False

    def layer_key(self) -> tuple[object, ...]:
        """The buttons (focus, hover), the footer's line and whether the faces are drawn yet."""
        return (self.group.key(), self._footer(), self.faces)

    def _panel(self, surface: pygame.Surface) -> pygame.Rect:
        w, h = surface.get_size()
        m = self.margin()
        panel = pygame.Rect(m, m, max(self.sp(46), round(w * 0.42)), h - 2 * m)
        panel.w = min(panel.w, w - 2 * m)
        return panel

    def draw(self, surface: pygame.Surface) -> None:
        self.backdrop(surface, "career_fair", veil=0.55)
        panel = self._panel(surface)
        draw.card(surface, panel, self.theme)
        pad = self.sp(5)
        inner = panel.inflate(-2 * pad, -2 * pad)
        t = self.text
        y = inner.y
        bar = pygame.Rect(inner.x, y, self.sp(6), self.sp(0.8))
        pygame.draw.rect(surface, self.pal.accent, bar, border_radius=bar.h // 2)
        y = bar.bottom + self.sp(2)
        r = t.draw(surface, "Rapport", pygame.Rect(inner.x, y, inner.w, t.line_height("display", "black") + 8),
                   "display", "black", self.pal.ink, wrap=False)
        y = r.bottom + self.sp(1)
        r = t.draw(surface, _("Practice professional networking, one conversation at a time."),
                   pygame.Rect(inner.x, y, inner.w, t.line_height("lead") * 3), "lead", color=self.pal.ink_muted)
        y = r.bottom + self.sp(4)
        bh = self.buttons[0].size(t, "lead")[1]
        gap = self.sp(1.5)
        for b in self.buttons:
            b.rect = pygame.Rect(inner.x, y, inner.w, bh)
            y += bh + gap
        self.group.draw(surface, t, "lead")
        footer = self._footer()
        cap = max(t.line_height("caption"), t.height(footer, inner.w, "caption"))  # wraps rather than cuts
        self._steps(surface, pygame.Rect(inner.x, y + self.sp(1), inner.w, inner.bottom - cap - self.sp(2) - y - self.sp(1)))
        t.draw(surface, footer, pygame.Rect(inner.x, inner.bottom - cap, inner.w, cap), "caption",
               color=self.pal.ink_muted)
        if self.faces:
            self._cast(surface, panel)

    def draw_faces(self, surface: pygame.Surface) -> None:
        """Add the three faces to a title drawn without them (they go on top, so the picture is the same)."""
        self._cast(surface, self._panel(surface))

    def _steps(self, surface: pygame.Surface, box: pygame.Rect) -> None:
        """How a session goes, in three short steps, if the panel has room for them."""
        t, pal = self.text, self.pal
        steps = (_("Walk into a real networking moment."), _("Choose what to say and do."),
                 _("Get a debrief on five networking principles."))
        d = t.line_height("caption", "bold") + self.sp(0.75)
        tw = box.w - d - self.sp(1.5)
        heights = [max(t.line_height("body"), d, t.height(s, tw, "body")) for s in steps]
        need = sum(heights) + (len(steps) - 1) * self.sp(1)
        if box.h < need or tw < self.sp(10):
            return  # an introduction, not content: left out whole when the panel has no room for it
        y = box.bottom - need
        for i, (s, lh) in enumerate(zip(steps, heights), start=1):
            badge = pygame.Rect(box.x, y + (min(lh, t.line_height("body")) - d) // 2, d, d)
            pygame.draw.rect(surface, pal.accent_soft, badge, border_radius=d // 2)
            t.draw(surface, str(i), badge, "caption", "bold", pal.accent, "center", "middle", wrap=False)
            t.draw(surface, s, pygame.Rect(badge.right + self.sp(1.5), y, tw, lh), "body", color=pal.ink_muted)
            y += lh + self.sp(1)

    def _footer(self) -> str:
        cat = self.app.catalog
        if cat is None:  # the first frame (game.ui.boot) is on screen before the pack has loaded
            bits = [_("Loading scenarios…")]
        else:
            n = len(cat.playable)
            bits = [ngettext("{n} scenario ready", "{n} scenarios ready", n).format(n=n)]
        if self.app.player:
            bits.append(_("Playing as {name}").format(name=self.app.player))
        if self.app.workshop:
            bits.append(_("Workshop mode"))
        return " · ".join(bits)

    def _cast(self, surface: pygame.Surface, panel: pygame.Rect) -> None:
        """Three warm faces on the right: the people a player is about to meet."""
        w, h = surface.get_size()
        space = pygame.Rect(panel.right + self.sp(2), self.sp(4), w - panel.right - self.sp(4), h - self.sp(4))
        if space.w < self.sp(20):
            return
        ph = min(round(h * 0.5), round(space.w * 0.6))
        for key, fx, scale in zip(CAST, (0.2, 0.8, 0.5), (0.92, 0.92, 1.06)):
            img = self.app.art.portrait(key, key, "warm", round(ph * scale))
            x = space.x + round(space.w * fx) - img.get_width() // 2
            surface.blit(img, (x, h - img.get_height()))
