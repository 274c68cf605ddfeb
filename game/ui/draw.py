"""Drawing primitives shared by the screens: cards, shadows, chips, bars.

Kept apart from the widgets so a scene can draw a card without knowing about
input, and so every card in the game has the same radius and shadow.
"""

from __future__ import annotations

from collections import OrderedDict

import pygame

from game.ui.text import TextRenderer
from game.ui.theme import Color, Theme

_shadows: OrderedDict[tuple[int, int, int, int], pygame.Surface] = OrderedDict()


def _shadow(w: int, h: int, radius: int, blur: int) -> pygame.Surface:
    """A soft drop shadow, blurred once per size and then reused."""
    key = (w, h, radius, blur)
    surf = _shadows.get(key)
    if surf is None:
        surf = pygame.Surface((w + 4 * blur, h + 4 * blur), pygame.SRCALPHA)
        pygame.draw.rect(surf, (20, 28, 52, 70), (2 * blur, 2 * blur, w, h), border_radius=radius)
        surf = pygame.transform.gaussian_blur(surf, blur)
        _shadows[key] = surf
        while len(_shadows) > 64:
            _shadows.popitem(last=False)
    return surf


def card(target: pygame.Surface, rect: pygame.Rect, theme: Theme, color: Color | None = None,
         shadow: bool = True, border: Color | None = None, radius: int | None = None) -> None:
    """A rounded surface panel; high contrast swaps the shadow for a solid border."""
    pal = theme.palette
    radius = theme.radius if radius is None else radius
    if shadow and pal is not None and pal.border_width == 1 and rect.w > 0 and rect.h > 0:
        blur = theme.space(1)
        sh = _shadow(rect.w, rect.h, radius, blur)
        target.blit(sh, (rect.x - 2 * blur, rect.y - 2 * blur + blur // 2))
    pygame.draw.rect(target, color or pal.surface, rect, border_radius=radius)
    edge = border or (pal.line if pal.border_width > 1 else None)
    if edge is not None:
        pygame.draw.rect(target, edge, rect, width=pal.border_width, border_radius=radius)


def scrim(target: pygame.Surface, theme: Theme, rect: pygame.Rect | None = None,
          rgba: tuple[int, int, int, int] | None = None) -> None:
    """Darken what is behind a card so text on top stays readable."""
    rect = rect or target.get_rect()
    layer = pygame.Surface(rect.size, pygame.SRCALPHA)
    layer.fill(rgba or theme.palette.scrim)
    target.blit(layer, rect.topleft)


def chip(target: pygame.Surface, text: TextRenderer, label: str, x: int, y: int, max_w: int,
         fg: Color, bg: Color, role: str = "caption") -> pygame.Rect:
    """A small rounded label (difficulty, principle); returns its rectangle."""
    th = text.theme
    pad_x, pad_y = th.space(1), th.space(0.4)
    label = text.ellipsize(label, max(10, max_w - 2 * pad_x), role, "bold")
    surf = text.surface(label, "bold", th.px(role), fg)
    rect = pygame.Rect(x, y, min(max_w, surf.get_width() + 2 * pad_x), surf.get_height() + 2 * pad_y)
    pygame.draw.rect(target, bg, rect, border_radius=rect.h // 2)
    text.blit(target, surf, label, rect.inflate(-2 * pad_x + 2, -2 * pad_y + 2), "center", "middle")
    return rect


def chip_size(text: TextRenderer, label: str, role: str = "caption") -> tuple[int, int]:
    th = text.theme
    w, h = text.theme.fonts.get("bold", th.px(role)).size(label)
    return w + 2 * th.space(1), h + 2 * th.space(0.4)


def bar(target: pygame.Surface, rect: pygame.Rect, fraction: float, fg: Color, bg: Color) -> None:
    """A rounded progress bar (timer, grade)."""
    pygame.draw.rect(target, bg, rect, border_radius=rect.h // 2)
    f = max(0.0, min(1.0, fraction))
    if f > 0:
        filled = pygame.Rect(rect.x, rect.y, max(rect.h, round(rect.w * f)), rect.h)
        pygame.draw.rect(target, fg, filled, border_radius=rect.h // 2)


def mix(a: Color, b: Color, t: float) -> Color:
    """Blend two colours (t=0: a, t=1: b); used for tints instead of extra palette entries."""
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t), round(a[2] + (b[2] - a[2]) * t))


def signed(v: int) -> str:
    """+2, −3 (a real minus sign), 0: how every score change is written."""
    return f"+{v}" if v > 0 else f"\u2212{-v}" if v < 0 else "0"


def fade(target: pygame.Surface, rect: pygame.Rect, color: Color, up: bool = False) -> None:
    """A soft edge over scrolled content, hinting that more is below (or above, with `up`)."""
    layer = pygame.Surface(rect.size, pygame.SRCALPHA)
    h = max(1, rect.h)
    for y in range(rect.h):
        a = round(255 * ((h - 1 - y) / h if up else y / h))
        pygame.draw.line(layer, (*color, a), (0, y), (rect.w, y))
    target.blit(layer, rect.topleft)
