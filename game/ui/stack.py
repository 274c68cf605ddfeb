"""The push/pop stack of what sits over the flow's screen: Settings, the pause dialog, the reveal panel.

The flow's machine (`game.ui.flow`) says which screen the player is on (title, briefing, dialogue, ...).
Some things are opened over that screen and closed again back to it, wherever it was: Settings (a whole
screen of its own) and the dialogs (`Overlay`s: the pause menu, "Start over?", reveal-all). They are
pushed here and popped, so going back needs no memory of where the player came from.

Rules, the same as before the stack:
- A screen pushed over the flow's screen closes any dialog open under it; popping it shows the screen
  below again (entered afresh, as on any arrival).
- A dialog pushed over a dialog replaces it (one dialog at a time).
- The flow moving to another screen closes the dialogs, but not a pushed screen: a scenario file reloaded
  under Settings (`--watch`) moves the flow beneath it, and Back then shows where play now stands.

The stack itself draws nothing and knows no screen, so it can be tested on its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Protocol, TypeAlias

if TYPE_CHECKING:
    import pygame

    from game.ui.text import TextRenderer
    from game.ui.theme import Theme


class Painter(Protocol):
    """What a dialog draws with (the window's theme and text renderer)."""

    @property
    def theme(self) -> Theme: ...

    @property
    def text(self) -> TextRenderer: ...


class Overlay(Protocol):
    """A dialog over the current screen that takes all input while open (`Modal`, the reveal-all panel)."""

    def handle(self, event: pygame.event.Event) -> None: ...

    def draw(self, surface: pygame.Surface, app: Painter) -> None: ...

    def spoken(self) -> str: ...


Layer: TypeAlias = "str | Overlay"  # a screen's name (its scene), or a dialog


class ScreenStack:
    """What is open over the flow's screen, bottom first."""

    def __init__(self) -> None:
        self._layers: list[Layer] = []

    def __len__(self) -> int:
        return len(self._layers)

    def __iter__(self) -> Iterator[Layer]:
        return iter(list(self._layers))

    @property
    def screen(self) -> str | None:
        """The top screen pushed (its name), or None when the flow's own screen shows."""
        return next((s for s in reversed(self._layers) if isinstance(s, str)), None)

    @property
    def overlay(self) -> Overlay | None:
        """The dialog on top, or None."""
        top = self._layers[-1] if self._layers else None
        return None if top is None or isinstance(top, str) else top

    def push_screen(self, name: str) -> bool:
        """Open screen `name` over what shows; False (nothing changes) when it is already open."""
        if name in self._layers:
            return False
        self.close_overlays()
        self._layers.append(name)
        return True

    def pop_screen(self) -> str | None:
        """Close the top screen (and any dialog over it); returns its name, or None when none is open."""
        while self._layers:
            top = self._layers.pop()
            if isinstance(top, str):
                return top
        return None

    def push_overlay(self, overlay: Overlay) -> None:
        """Open a dialog over what shows, replacing one already open on top."""
        self.close_overlays()
        self._layers.append(overlay)

    def pop_overlay(self) -> Overlay | None:
        """Close the dialog on top; returns it, or None when none is open."""
        top = self.overlay
        if top is not None:
            self._layers.pop()
        return top

    def close_overlays(self) -> None:
        """Close every dialog on top of the stack (the screens under them stay)."""
        while self._layers and not isinstance(self._layers[-1], str):
            self._layers.pop()
