"""The scene contract and the shared frame every screen sits in.

A scene has `enter`, `handle(event)`, `update(dt)` and `draw(surface)`.
Drawing reads only the scene's state and the engine's, and input only changes
state, so a scene can be driven by synthetic events and drawn into a PNG
without a window.

A frame is two layers. `draw` paints the still part of the screen; the app
keeps that picture and paints it again only when `layer_key()` changes, so a
scene's key must name everything its still picture depends on (focus, hover,
scroll, phase, the data shown). `draw_live` paints what moves (the line typing
in, a timer bar) over it every frame; `live_key()` names that picture, so a
frame in which neither key changed need not be drawn at all. A scene whose
`layer_key()` is None is drawn whole every frame, as before.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, ClassVar

import pygame

from game.i18n import _
from game.ui import draw
from game.ui.text import TextRenderer
from game.ui.theme import Palette, Theme
from game.ui.widgets import Button, FocusGroup

if TYPE_CHECKING:
    from game.ui.context import Context


class Same:
    """A key part equal only to the very same object: cheap to compare, and it keeps the object alive,
    so a new object can never take a freed one's id and pass for it."""

    __slots__ = ("obj",)

    def __init__(self, obj: object) -> None:
        self.obj = obj

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Same) and other.obj is self.obj

    def __hash__(self) -> int:
        return id(self.obj)

    def __repr__(self) -> str:
        return f"Same({type(self.obj).__name__}@{id(self.obj):x})"


class Scene:
    """Base class: a screen of the game."""

    name: ClassVar[str] = ""
    title: ClassVar[str] = ""

    def __init__(self, app: Context) -> None:
        self.app = app

    # -- shortcuts the subclasses use everywhere
    @property
    def theme(self) -> Theme:
        return self.app.theme

    @property
    def text(self) -> TextRenderer:
        return self.app.text

    @property
    def pal(self) -> Palette:
        return self.app.theme.palette

    def sp(self, n: float = 1.0) -> int:
        return self.app.theme.space(n)

    # -- the contract
    def enter(self) -> None:
        """Called each time the flow arrives at this screen."""

    def handle(self, event: pygame.event.Event) -> None:
        """React to one input event; never draws."""

    def update(self, dt: float) -> bool:
        """Advance animations by dt seconds; True while something moves (the loop then keeps ticking)."""
        return False

    def draw(self, surface: pygame.Surface) -> None:
        """Paint the screen's still part from current state (all of it for a scene without a layer key)."""

    def layer_key(self) -> Hashable | None:
        """Everything the still picture (`draw`) depends on beyond the window, theme, settings and the visit
        (the app adds those); None: no cached layer, the whole screen is drawn every frame."""
        return None

    def draw_live(self, surface: pygame.Surface) -> None:
        """Paint what moves (typing text, a timer bar) over the still layer; called every frame."""

    def live_key(self) -> Hashable:
        """What `draw_live` would show now: a frame with the same keys as the last one need not be drawn."""
        return None

    def grow_layer(self, surface: pygame.Surface, old: Hashable) -> bool:
        """Bring a layer drawn for key `old` up to date by drawing only what was added on top of it (the
        choices coming up under a finished line); False, having drawn nothing, when it cannot (the app then
        draws the layer whole)."""
        return False

    def spoken(self) -> str:
        """What self-voicing reads when the screen opens."""
        return _(self.title)

    # -- shared frame pieces
    def margin(self) -> int:
        w, _h = self.app.size
        return max(self.sp(3), round(w * 0.04))

    def header(self, surface: pygame.Surface, title: str, subtitle: str = "") -> int:
        """A page header on the plain background; returns the y where content may start."""
        w, _h = surface.get_size()
        m = self.margin()
        y = self.sp(3)
        rect = self.text.draw(surface, title, pygame.Rect(m, y, w - 2 * m, self.text.line_height("h1", "black") + 4),
                              "h1", "black", self.pal.ink, wrap=False)
        y = rect.bottom + self.sp(0.5)
        if subtitle:
            sub = self.text.draw(surface, subtitle, pygame.Rect(m, y, w - 2 * m, self.text.line_height("lead") * 2),
                                 "lead", "regular", self.pal.ink_muted)
            y = sub.bottom
        return y + self.sp(2.5)

    def footer_buttons(self, surface: pygame.Surface, group: FocusGroup, buttons: list[Button],
                       align: str = "right", focusable: bool = True) -> int:
        """Lay out a row of buttons along the bottom edge; returns the top of the row."""
        w, h = surface.get_size()
        m = self.margin()
        gap = self.sp(1.5)
        sizes = [b.size(self.text) for b in buttons]
        total = sum(s[0] for s in sizes) + gap * (len(buttons) - 1)
        scale = min(1.0, (w - 2 * m) / total) if total else 1.0
        bh = max(s[1] for s in sizes) if sizes else 0
        x = (w - m - round(total * scale)) if align == "right" else m
        if align == "center":
            x = (w - round(total * scale)) // 2
        y = h - m - bh
        for b, (bw, _bh) in zip(buttons, sizes):
            b.rect = pygame.Rect(x, y, round(bw * scale), bh)
            x += round(bw * scale) + gap
        group.set(buttons)
        if not focusable:
            group.focus = -1  # mouse-only row: the keyboard focus lives elsewhere on this screen
        group.draw(surface, self.text)
        return y

    def fill(self, surface: pygame.Surface) -> None:
        surface.fill(self.pal.bg)

    def backdrop(self, surface: pygame.Surface, setting: str | None, pack: object = None,
                 veil: float = 0.0) -> None:
        """A setting illustration behind the page; `veil` fades it toward the page colour."""
        bg = self.app.art.background(setting, surface.get_size(), pack)  # type: ignore[arg-type]
        surface.blit(bg, (0, 0))
        if veil > 0:
            r, g, b = self.pal.bg
            draw.scrim(surface, self.theme, rgba=(r, g, b, round(255 * veil)))
