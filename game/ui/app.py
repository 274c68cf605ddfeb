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
from typing import TYPE_CHECKING, Protocol

import pygame

from game.ui import settings as settings_mod
from game.ui.art import ArtLibrary
from game.ui.catalog import Catalog
from game.ui.flow import Flow
from game.ui.results import MemoryResults, ReadOnlyResults, ResultsSource
from game.ui.scene import Scene
from game.ui.settings import TEXT_SIZES, Settings
from game.ui.text import TextRenderer
from game.ui.theme import FontBook, Theme
from game.ui.voice import Voice

if TYPE_CHECKING:
    from game.scenario import Scenario
    from game.ui.catalog import Entry
    from game.ui.screens.dialogue import DialogueScene
    from game.ui.watch import ErrorOverlay, Watcher

log = logging.getLogger(__name__)

MIN_SIZE = (1024, 640)
DEFAULT_SIZE = (1280, 800)
IDLE_WAIT_MS = 1000  # longest sleep when idle; events wake the loop at once
ANIM_FPS = 60
WORKSHOP_TEXT_SIZE = "projector"  # a projected room reads this from the back row


class Overlay(Protocol):
    """A dialog over the current screen that takes all input while open (`Modal`, the reveal-all panel)."""

    def handle(self, event: pygame.event.Event) -> None: ...

    def draw(self, surface: pygame.Surface, app: App) -> None: ...

    def spoken(self) -> str: ...


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
        # Workshop mode projects: its text size holds for this run only and never touches saved settings.
        self.text_size_override: str | None = WORKSHOP_TEXT_SIZE if workshop else None
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
        self.modal: Overlay | None = None
        self.watch: Watcher | None = None
        self.watch_overlay: ErrorOverlay | None = None
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

    @property
    def text_size(self) -> str:
        """The text size in force: the workshop's run-only size, else the saved setting."""
        return self.text_size_override or self.settings.text_size

    def set_text_size(self, size: str) -> None:
        """Change the text size: for this run only in workshop mode, else saved for next time."""
        if self.text_size_override is not None:
            self.text_size_override = size
            self.refresh_theme()
        else:
            self.settings.text_size = size
            self.save_settings()

    def _make_theme(self) -> Theme:
        return Theme.make(self.size, self.text_size, self.settings.high_contrast, self.fonts)  # type: ignore[arg-type]

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

    def open_modal(self, modal: Overlay) -> None:
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
        if self.watch_overlay is not None and self.watch_overlay.handle(event):
            self.dirty = True
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
            i = TEXT_SIZES.index(self.text_size) if self.text_size in TEXT_SIZES else 1
            self.set_text_size(TEXT_SIZES[max(0, min(len(TEXT_SIZES) - 1, i + step))])
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
        if self.watch_overlay is not None:
            self.watch_overlay.draw(self.surface, self)
        self.dirty = False
        self.frames += 1

    # -- watching the scenario file (--watch)
    def start_watching(self, path: str | Path) -> bool:
        """Reload this scenario file whenever it changes; False when it is not in the app's packs."""
        from game.ui.watch import ErrorOverlay, start_watch

        self.watch = start_watch(self, path)
        self.watch_overlay = ErrorOverlay(self.watch) if self.watch is not None else None
        self.dirty = True
        return self.watch is not None

    def poll_watch(self) -> None:
        """Check the watched file (at most every half second) and redraw when a reload changed anything."""
        if self.watch is not None and self.watch.poll():
            self.dirty = True
            if self.watch.errors and self.watch_overlay is not None:
                self.speak(self.watch_overlay.spoken())

    def loaded_from_watch(self, entry: Entry, scenario: Scenario) -> None:
        """A new version of the watched file loaded: swap it in and put the player back where they were."""
        was_broken = entry.scenario is None
        self.flow.reload_scenario(entry, scenario)
        if was_broken and self.flow.entry is not entry and self.flow.state in ("title", "select"):
            if self.flow.state == "title":
                self.flow.go("play")
            self.flow.choose_entry(entry)  # the file loads for the first time: open its briefing
        self.dirty = True

    def step(self, dt: float = 1 / ANIM_FPS) -> None:
        """One headless tick: take queued pygame events, update, render if needed (tests use this)."""
        for event in pygame.event.get():
            self.handle(event)
        self.poll_watch()
        self.update(dt)
        if self.dirty:
            self.render()

    def loop(self) -> None:
        """Run until the window closes; sleeps in event.wait whenever nothing moves."""
        tick = pygame.time.Clock()
        last = self.clock()
        from game.ui.watch import POLL_SECONDS

        wait_ms = min(IDLE_WAIT_MS, round(POLL_SECONDS * 1000)) if self.watch is not None else IDLE_WAIT_MS
        while self.running:
            self.poll_watch()
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
                first = pygame.event.wait(wait_ms)
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
        player: str | None = None, workshop: bool = False, results: ResultsSource | None = None,
        watch: bool = False) -> int:
    """Open the game window and play until it closes. Returns a process exit status.

    `scenario` (an id or file name) skips straight to its briefing;
    `settings_path` defaults to the platform config folder (RAPPORT_CONFIG_DIR
    overrides it); `results` is the history store (session-only when None).
    `workshop` runs the facilitator's projected mode. `watch` (with `scenario`
    the file's path) reloads the file whenever it is saved; a draft being
    written is not a learner's attempt, so nothing is recorded while watching.
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
    if watch and results is not None:
        results = ReadOnlyResults(results)
    try:
        app = App(Catalog.load(pack_dirs), settings, settings_path=path, results=results,
                  player=player, workshop=workshop)
        watching = watch and scenario is not None and app.start_watching(scenario)
        if scenario is not None:
            entry = app.catalog.find(scenario)
            if entry is None and watching:
                app.flow.go("play")  # the file does not load yet: its errors show over the list until it does
            elif entry is None:
                log.error("no playable scenario named %r in %s", scenario, ", ".join(map(str, pack_dirs)))
                return 2
            else:
                app.flow.go("play")
                app.flow.choose_entry(entry)
        app.loop()
    finally:
        pygame.quit()
    return 0
