"""A vertical scroll over content taller than its box: keys, the wheel, and a visible bar.

A screen that cannot fit its content at a large text size scrolls it instead of cutting it. The screen
lays its content out at full height, tells the `Scroll` the box and that height (`fit`), draws its content
moved up by `offset` with the box as the clip, and draws the bar. Up/Down move a line, Page Up/Down most
of a box, Home/End to either end, and the wheel three lines.
"""

from __future__ import annotations

import pygame

from game.ui.theme import Theme

LINE_KEYS = {pygame.K_UP: -1, pygame.K_DOWN: 1}
PAGE_KEYS = {pygame.K_PAGEUP: -1, pygame.K_PAGEDOWN: 1}
WHEEL_LINES = 3


class Scroll:
    """How far a box's content is scrolled, clamped to what there is to see."""

    def __init__(self) -> None:
        self.offset = 0
        self.max = 0
        self.box = pygame.Rect(0, 0, 0, 0)
        self.content = 0
        self.line = 20

    def reset(self) -> None:
        self.offset = 0

    def fit(self, box: pygame.Rect, content: int, line: int) -> int:
        """Set the box and the content's full height; returns the offset, clamped to the new range."""
        self.box, self.content, self.line = box.copy(), max(0, content), max(1, line)
        self.max = max(0, self.content - box.h)
        self.offset = max(0, min(self.max, self.offset))
        return self.offset

    def by(self, dy: int) -> bool:
        """Scroll by dy pixels; True when the offset changed."""
        new = max(0, min(self.max, self.offset + dy))
        changed = new != self.offset
        self.offset = new
        return changed

    def show(self, top: int, bottom: int) -> None:
        """Scroll the least that brings content rows top..bottom (content coordinates) into the box."""
        if top < self.offset:
            self.offset = max(0, top)
        elif bottom > self.offset + self.box.h:
            self.offset = min(self.max, bottom - self.box.h)

    def handle(self, event: pygame.event.Event, arrows: bool = True) -> bool:
        """Scroll for a key or the wheel; True when the event was a scroll (so the screen need not use it).

        `arrows` False leaves Up and Down to the screen (a list whose focus they move). Does nothing, and
        returns False, when everything fits."""
        if self.max <= 0:
            return False
        if event.type == pygame.MOUSEWHEEL:
            self.by(-event.y * WHEEL_LINES * self.line)
            return True
        if event.type != pygame.KEYDOWN:
            return False
        if arrows and event.key in LINE_KEYS:
            self.by(LINE_KEYS[event.key] * self.line)
            return True
        if event.key in PAGE_KEYS:
            self.by(PAGE_KEYS[event.key] * max(self.line, self.box.h - 2 * self.line))
            return True
        if event.key == pygame.K_HOME:
            self.offset = 0
            return True
        if event.key == pygame.K_END:
            self.offset = self.max
            return True
        return False

    @staticmethod
    def bar_width(theme: Theme) -> int:
        """The room a scrolling box keeps on its right for the bar."""
        return max(6, theme.space(0.75))

    def draw_bar(self, surface: pygame.Surface, theme: Theme, x: int | None = None) -> None:
        """The track and thumb along the box's right edge (or with its left side at `x`, like a panel's
        edge beside a box of columns), only when there is anything to scroll."""
        if self.max <= 0 or self.box.h <= 0:
            return
        pal = theme.palette
        w = self.bar_width(theme)
        track = pygame.Rect(self.box.right - w if x is None else x, self.box.y, w, self.box.h)
        pygame.draw.rect(surface, pal.surface_alt, track, border_radius=w // 2)
        th = max(theme.space(4), round(track.h * self.box.h / max(1, self.content)))
        ty = track.y + round((track.h - th) * self.offset / self.max)
        pygame.draw.rect(surface, pal.ink_muted, (track.x, ty, w, th), border_radius=w // 2)

    def key(self) -> tuple[int, int]:
        return (self.offset, self.max)
