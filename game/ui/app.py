"""The window, the frame loop and the entry point the CLI calls.

The loop redraws only when something changed and blocks in
`pygame.event.wait` when nothing moves, so an idle game uses almost no CPU
(a laptop on battery in a two-hour workshop). The same `App` runs headless on
a plain Surface for tests and `rapport screens`.
"""

from __future__ import annotations

import logging
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from game.ui import settings as settings_mod
from game.ui.art import ArtLibrary
from game.ui.catalog import Catalog
from game.ui.flow import Flow
from game.ui.modal import Modal
from game.ui.results import MemoryResults, ResultsSource
from game.ui.scene import Scene
from game.ui.settings import TEXT_SIZES, Settings
from game.ui.text import TextRenderer
from game.ui.theme import FontBook, Theme
from game.ui.voice import Voice

if TYPE_CHECKING:
    from game.ui.screens.dialogue import DialogueScene

log = logging.getLogger(__name__)

MIN_SIZE = (1024, 640)
DEFAULT_SIZE = (1280, 800)
IDLE_WAIT_MS = 1000  # longest sleep when idle; events wake the loop at once
ANIM_FPS = 60


class App:
    """Owns the surface, the shared services, the scenes and the flow between them."""

    def __init__(self, catalog: Catalog, settings: Settings, *, settings_path: Path | None = None,
                 results: ResultsSource | None = None, player: str | None = None, workshop: bool = False,
                 surface: pygame.Surface | None = None, seed: int | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        from game.ui.screens import make_scenes  # screens import App for typing only

        self.catalog = catalog
        self.settings = settings
        self.settings_path = settings_path
        self.results: ResultsSource = results if results is not None else MemoryResults()
        self.player = player
        self.workshop = workshop
        self.clock = clock
        self.window = surface is None
        shown = surface if surface is not None else pygame.display.get_surface()
        if shown is None:
            raise RuntimeError("App needs a surface: open a window first, or pass one to draw headless")
        self.surface: pygame.Surface = shown
        self.fonts = FontBook()
        self.theme = self._make_theme()
        self.text = TextRenderer(self.theme)
        self.art = ArtLibrary()
        self.voice = Voice()
        self.modal: Modal | None = None
        self.running = True
        self.dirty = True
        self.frames = 0
        self.flow = Flow(self, seed=seed)
        self.scenes: dict[str, Scene] = make_scenes(self)
        self.on_screen_changed()

    # -- services
    @property
    def size(self) -> tuple[int, int]:
        return self.surface.get_size()

    @property
    def scene(self) -> Scene:
        return self.scenes[self.flow.state]

    @property
    def dialogue(self) -> DialogueScene:
        from game.ui.screens.dialogue import DialogueScene

        scene = self.scenes["dialogue"]
        assert isinstance(scene, DialogueScene)
        return scene

    def _make_theme(self) -> Theme:
        size = self.settings.text_size
        if self.workshop and size in ("small", "medium"):
            size = "large"  # a projected room needs it; the player's saved choice is untouched
        return Theme.make(self.size, size, self.settings.high_contrast, self.fonts)  # type: ignore[arg-type]

    def refresh_theme(self) -> None:
        """Rebuild the theme after a resize or a settings change."""
        self.theme = self._make_theme()
        self.text.theme = self.theme
        self.dirty = True

    def save_settings(self) -> None:
        settings_mod.save(self.settings, self.settings_path)
        self.refresh_theme()

    def speak(self, text: str) -> None:
        if self.settings.self_voicing and text:
            self.voice.say(text)

    def on_screen_changed(self) -> None:
        """The flow entered a screen: let it set up, and voice it."""
        self.modal = None
        self.scene.enter()
        self.speak(self.scene.spoken())
        self.dirty = True

    def open_modal(self, modal: Modal) -> None:
        self.modal = modal
        self.speak(modal.spoken())
        self.dirty = True

    def close_modal(self) -> None:
        self.modal = None
        self.dirty = True

    # -- input
    def handle(self, event: pygame.event.Event) -> None:
        """One event: global keys first, then the dialog if one is open, else the screen."""
        if event.type == pygame.QUIT:
            self.running = False
            return
        if event.type in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED, pygame.WINDOWEXPOSED,
                          pygame.WINDOWRESTORED, pygame.WINDOWMAXIMIZED):
            shown = pygame.display.get_surface() if self.window else None
            if shown is not None:
                self.surface = shown
            self.refresh_theme()
            return
        if event.type == pygame.KEYDOWN and self._global_key(event):
            return
        if event.type in (pygame.KEYDOWN, pygame.MOUSEBUTTONDOWN, pygame.MOUSEMOTION, pygame.MOUSEWHEEL,
                          pygame.TEXTINPUT, pygame.KEYUP, pygame.MOUSEBUTTONUP):
            self.dirty = True
        if self.modal is not None:
            self.modal.handle(event)
        else:
            self.scene.handle(event)

    def _global_key(self, event: pygame.event.Event) -> bool:
        ctrl = bool(event.mod & pygame.KMOD_CTRL)
        if event.key == pygame.K_F11:
            self.settings.fullscreen = not self.settings.fullscreen
            self.apply_display_mode()
            self.save_settings()
            return True
        if ctrl and event.key in (pygame.K_EQUALS, pygame.K_PLUS, pygame.K_KP_PLUS, pygame.K_MINUS, pygame.K_KP_MINUS):
            step = -1 if event.key in (pygame.K_MINUS, pygame.K_KP_MINUS) else 1
            i = TEXT_SIZES.index(self.settings.text_size) if self.settings.text_size in TEXT_SIZES else 1
            self.settings.text_size = TEXT_SIZES[max(0, min(len(TEXT_SIZES) - 1, i + step))]
            self.save_settings()
            return True
        return False

    def apply_display_mode(self) -> None:
        """Switch between a resizable window and fullscreen (no-op when headless)."""
        if not self.window:
            return
        if self.settings.fullscreen:
            self.surface = pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        else:
            self.surface = pygame.display.set_mode(DEFAULT_SIZE, pygame.RESIZABLE)
        self.refresh_theme()

    # -- frames
    def update(self, dt: float) -> bool:
        moving = self.scene.update(dt) if self.modal is None else False
        if moving:
            self.dirty = True
        return moving

    def render(self) -> None:
        """Draw the current screen (and dialog) into the surface."""
        self.text.records.clear()
        self.scene.draw(self.surface)
        if self.modal is not None:
            self.modal.draw(self.surface, self)
        self.dirty = False
        self.frames += 1

    def step(self, dt: float = 1 / ANIM_FPS) -> None:
        """One headless tick: take queued pygame events, update, render if needed (tests use this)."""
        for event in pygame.event.get():
            self.handle(event)
        self.update(dt)
        if self.dirty:
            self.render()

    def loop(self) -> None:
        """Run until the window closes; sleeps in event.wait whenever nothing moves."""
        tick = pygame.time.Clock()
        last = self.clock()
        while self.running:
            now = self.clock()
            moving = self.update(min(0.1, now - last))
            last = now
            if self.dirty:
                self.render()
                pygame.display.flip()
            if moving:
                events = pygame.event.get()
                tick.tick(ANIM_FPS)
            else:
                first = pygame.event.wait(IDLE_WAIT_MS)
                events = [first] + pygame.event.get() if first.type != pygame.NOEVENT else []
                last = self.clock()  # time asleep is not animation time
            for event in events:
                self.handle(event)
        self.voice.close()


def _icon() -> pygame.Surface:
    """The window icon: a speech bubble on the accent colour, drawn like the rest of the art."""
    from game.ui.theme import LIGHT

    icon = pygame.Surface((64, 64), pygame.SRCALPHA)
    pygame.draw.rect(icon, LIGHT.accent, (0, 0, 64, 64), border_radius=14)
    pygame.draw.rect(icon, (255, 255, 255), (12, 14, 40, 28), border_radius=9)
    pygame.draw.polygon(icon, (255, 255, 255), [(20, 40), (32, 40), (18, 52)])
    return icon


def run(pack_dirs: list[Path], scenario: str | None = None, settings_path: Path | None = None,
        player: str | None = None, workshop: bool = False, results: ResultsSource | None = None) -> int:
    """Open the game window and play until it closes. Returns a process exit status.

    `scenario` (an id or file name) skips straight to its briefing;
    `settings_path` defaults to the platform config folder (RAPPORT_CONFIG_DIR
    overrides it); `results` is the history store (session-only when None).
    """
    path = settings_path if settings_path is not None else settings_mod.default_path()
    settings = settings_mod.load(path)
    try:
        pygame.display.init()
        pygame.font.init()
        flags = pygame.FULLSCREEN if settings.fullscreen else pygame.RESIZABLE
        pygame.display.set_icon(_icon())
        pygame.display.set_mode((0, 0) if settings.fullscreen else DEFAULT_SIZE, flags)
        pygame.display.set_caption("Rapport")
        try:  # the layout is designed down to 1024x640; stop the window shrinking past it
            with warnings.catch_warnings():  # from_display_module is deprecated but has no 2.5 successor
                warnings.simplefilter("ignore", DeprecationWarning)
                pygame.Window.from_display_module().minimum_size = MIN_SIZE
        except (AttributeError, pygame.error):
            pass
    except pygame.error as exc:
        log.error("cannot open a window: %s", exc)
        return 3
    pygame.key.set_repeat(400, 40)
    pygame.event.set_blocked([pygame.AUDIODEVICEADDED, pygame.AUDIODEVICEREMOVED])
    try:
        app = App(Catalog.load(pack_dirs), settings, settings_path=path, results=results,
                  player=player, workshop=workshop)
        if scenario is not None:
            entry = app.catalog.find(scenario)
            if entry is None:
                log.error("no playable scenario named %r in %s", scenario, ", ".join(map(str, pack_dirs)))
                return 2
            app.flow.go("play")
            app.flow.choose_entry(entry)
        app.loop()
    finally:
        pygame.quit()
    return 0
