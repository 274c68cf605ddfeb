"""The first frame: `rapport play` opens its window on the title before the scenario layer loads.

The title shows no scenario data but the count in its footer, so it can be drawn with the light
modules only (settings, theme, text, drawing, the title's background art and scene). The screen flow
(`transitions`), the scenario models (pydantic), the results store (SQLite) and the pack load after
this frame is on screen. The title's three faces follow in a second frame straight after the first
(painting them takes longer than the rest of the title). `game.ui.window.run` then builds the `App` on
the same window and hands it the fonts, text surfaces and pictures drawn here
(`FirstFrame.hand_over`), so its first frame is the same title with the scenario count filled in.

Nothing here imports the scenario layer: `tests/ui/test_first_frame.py` checks `sys.modules` at the
first flip.
"""

from __future__ import annotations

import ctypes
import logging
import sys
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from game import i18n
from game.ui import settings as settings_mod
from game.ui.art import ArtLibrary
from game.ui.settings import Settings
from game.ui.text import TextRenderer
from game.ui.theme import LIGHT, FontBook, Theme

if TYPE_CHECKING:
    from game.ui.context import Context

log = logging.getLogger(__name__)

MIN_SIZE = (1024, 640)  # the layout is designed down to 1024x640
DEFAULT_SIZE = (1280, 800)
WORKSHOP_TEXT_SIZE = "projector"  # a projected room reads this from the back row


def icon() -> pygame.Surface:
    """The window icon: a speech bubble on the accent colour, drawn like the rest of the art."""
    surf = pygame.Surface((64, 64), pygame.SRCALPHA)
    pygame.draw.rect(surf, LIGHT.accent, (0, 0, 64, 64), border_radius=14)
    pygame.draw.rect(surf, (255, 255, 255), (12, 14, 40, 28), border_radius=9)
    pygame.draw.polygon(surf, (255, 255, 255), [(20, 40), (32, 40), (18, 52)])
    return surf


M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter (malloc.h)
BIG_BLOCK = 128 * 1024


def give_back_big_blocks() -> bool:
    """Ask glibc to serve every allocation of 128 KiB or more from its own mapping, returned on free.

    Pictures and text surfaces are such blocks. By default glibc raises this threshold after the first
    big frees and then carves big blocks out of its heap, which a long session (a workshop playing
    scenario after scenario at 1080p) fragments: peak memory climbed about 10 MB more than the caches
    hold. Fixing the threshold keeps the process's memory close to what it uses. A no-op elsewhere.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None)
        return bool(libc.mallopt(M_MMAP_THRESHOLD, BIG_BLOCK))
    except (OSError, AttributeError):  # not glibc (musl has no mallopt)
        return False


def open_window(settings: Settings) -> bool:
    """Open the game window (fullscreen or resizable, as the settings say); False when none can open."""
    give_back_big_blocks()
    try:
        pygame.display.init()
        pygame.font.init()
        flags = pygame.FULLSCREEN if settings.fullscreen else pygame.RESIZABLE
        pygame.display.set_icon(icon())
        pygame.display.set_mode((0, 0) if settings.fullscreen else DEFAULT_SIZE, flags)
        pygame.display.set_caption("Rapport")
        try:  # stop the window shrinking past the smallest layout
            with warnings.catch_warnings():  # from_display_module is deprecated but has no 2.5 successor
                warnings.simplefilter("ignore", DeprecationWarning)
                pygame.Window.from_display_module().minimum_size = MIN_SIZE
        except (AttributeError, pygame.error):
            pass
    except pygame.error as exc:
        log.error("cannot open a window: %s", exc)
        return False
    pygame.key.set_repeat(400, 40)
    pygame.event.set_blocked([pygame.AUDIODEVICEADDED, pygame.AUDIODEVICEREMOVED])
    return True


class FirstFrame:
    """The open window and what the title's first frame drew, until the `App` takes them over.

    It answers what `TitleScene` reads of its app (theme, text, art, size, player, workshop); `catalog`
    is None because the pack is not loaded yet, so the footer says the scenarios are loading.
    """

    catalog = None

    def __init__(self, settings: Settings, settings_path: Path | None, player: str | None = None,
                 workshop: bool = False, saved_fullscreen: bool | None = None) -> None:
        self.settings = settings
        self.settings_path = settings_path
        self.saved_fullscreen = saved_fullscreen  # the file's value while `--fullscreen` overrides it
        self.player = player
        self.workshop = workshop
        shown = pygame.display.get_surface()
        if shown is None:
            raise RuntimeError("FirstFrame needs an open window")
        self.surface: pygame.Surface = shown
        self.fonts = FontBook()
        text_size = WORKSHOP_TEXT_SIZE if workshop else settings.text_size
        self.theme = Theme.make(shown.get_size(), text_size, settings.high_contrast, self.fonts)  # type: ignore[arg-type]
        self.text = TextRenderer(self.theme)
        self.art = ArtLibrary()

    @property
    def size(self) -> tuple[int, int]:
        return self.surface.get_size()

    def draw_title(self) -> None:
        """Put the title on screen: first without its three faces (they take a while to paint), then with."""
        from game.ui.screens.title import TitleScene

        scene = TitleScene(self)  # type: ignore[arg-type]  # the title reads only what FirstFrame has
        scene.enter()
        scene.faces = False
        scene.draw(self.surface)
        pygame.display.flip()
        scene.draw_faces(self.surface)
        pygame.display.flip()

    def hand_over(self, app: Context) -> None:
        """Give the App the fonts, text surfaces and pictures already made, so nothing is drawn twice."""
        app.fonts = self.fonts
        app.art = self.art
        app.text = self.text
        app.refresh_theme()  # a theme on these fonts; text surfaces are cached by size, so they still fit

    def close(self) -> None:
        """Shut the window (when the game cannot go on in it and play falls back to the terminal)."""
        pygame.quit()


def load_settings(settings_path: Path | None, fullscreen: bool = False) -> tuple[Path, Settings, bool | None]:
    """The settings file's path, its settings, and (with `fullscreen`, the command line's `--fullscreen`) the
    file's own fullscreen value, kept to save back: the flag holds for this run and is not saved unless the
    player switches fullscreen themselves (F11 or Settings)."""
    path = settings_path if settings_path is not None else settings_mod.default_path()
    settings = settings_mod.load(path)
    saved = None
    if fullscreen:
        saved, settings.fullscreen = settings.fullscreen, True
    return path, settings, saved


def show_title(settings_path: Path | None = None, player: str | None = None,
               workshop: bool = False, fullscreen: bool = False,
               lang: str | None = None) -> FirstFrame | None:
    """Open the window (fullscreen at the desktop's size with `fullscreen`, else as the settings say) and flip
    the title's first frame; None when no window can open."""
    path, settings, saved = load_settings(settings_path, fullscreen)
    i18n.set_language(i18n.choose(lang, settings.language))  # `lang` is `--lang`
    if not open_window(settings):
        return None
    first = FirstFrame(settings, path, player=player, workshop=workshop, saved_fullscreen=saved)
    first.draw_title()
    return first
