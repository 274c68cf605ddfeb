"""What the headless renders (`render_all` in game.ui.screens, and game.ui.screens.own_words_shots) share:
a clock that stands still and key presses sent through the app. A leaf: it imports no screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

if TYPE_CHECKING:
    from game.ui.app import App  # the renders drive a whole App; the screens themselves never import it


class StillClock:
    """A clock that only moves when told to, so renders are identical run after run."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def key(app: App, k: int, mod: int = 0) -> None:
    """Send one key press through the app, as the event loop would."""
    app.handle(pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode="", scancode=0))
    app.update(0.0)
