"""A confirmation dialog drawn over the current screen.

Leaving a scenario half-way loses the playthrough, so it is never one
keypress: Escape opens this dialog, whose safe answer is the default and is
also what a second Escape picks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame

from game.ui import draw
from game.ui.widgets import Button, FocusGroup

if TYPE_CHECKING:
    from game.ui.stack import Painter


class Modal:
    """A titled message with buttons; `on_result(action)` runs when one is pressed."""

    def __init__(self, title: str, message: str, buttons: list[Button],
                 on_result: Callable[[str], None], cancel: str) -> None:
        self.title = title
        self.message = message
        self.group = FocusGroup(buttons)
        self.on_result = on_result
        self.cancel = cancel
        self.rect = pygame.Rect(0, 0, 0, 0)

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.on_result(self.cancel)
            return
        action = self.group.handle(event)
        if action is not None:
            self.on_result(action)

    def spoken(self) -> str:
        return f"{self.title}. {self.message} " + ". ".join(b.shown for b in self.group.buttons)

    def layer_key(self) -> tuple[object, ...]:
        """What the dialog looks like: itself, its words and its buttons' focus (hover moves it)."""
        return (self, self.title, self.message, self.group.key())  # a dialog compares by identity

    def draw(self, surface: pygame.Surface, app: Painter) -> None:
        th, text = app.theme, app.text
        pal = th.palette
        draw.scrim(surface, th)
        w, h = surface.get_size()
        pad = th.space(4)
        gap = th.space(1.5)
        sizes = [b.size(text) for b in self.group.buttons]
        row_w = sum(s[0] for s in sizes) + gap * (len(sizes) - 1)
        cw = min(w - 2 * th.space(4), max(th.space(70), row_w + 2 * pad))
        inner_w = cw - 2 * pad
        stacked = row_w > inner_w  # too narrow for one row: one full-width button per line
        bh = max(s[1] for s in sizes)
        buttons_h = len(sizes) * bh + (len(sizes) - 1) * gap if stacked else bh
        title_h = text.height(self.title, inner_w, "h2", "black")
        msg_h = text.height(self.message, inner_w, "body")
        ch = min(h - 2 * th.space(2), pad * 2 + title_h + th.space(1.5) + msg_h + th.space(3.5) + buttons_h)
        self.rect = pygame.Rect((w - cw) // 2, (h - ch) // 2, cw, ch)
        draw.card(surface, self.rect, th)
        y = self.rect.y + pad
        r = text.draw(surface, self.title, pygame.Rect(self.rect.x + pad, y, inner_w, title_h), "h2", "black")
        y = r.bottom + th.space(1.5)
        body = pygame.Rect(self.rect.x + pad, y, inner_w,
                           max(0, self.rect.bottom - pad - buttons_h - th.space(3.5) - y))
        text.draw(surface, self.message, body, "body", color=pal.ink_muted)
        if stacked:
            by = self.rect.bottom - pad - buttons_h
            for b in self.group.buttons:
                b.rect = pygame.Rect(self.rect.x + pad, by, inner_w, bh)
                by += bh + gap
        else:
            x = self.rect.right - pad - row_w
            for b, (bw, _bh) in zip(self.group.buttons, sizes):
                b.rect = pygame.Rect(x, self.rect.bottom - pad - bh, bw, bh)
                x += bw + gap
        self.group.draw(surface, text)
