"""The window, the frame loop and the entry point the CLI calls.

The loop redraws only when something changed and blocks in
`pygame.event.wait` when nothing moves, so an idle game uses almost no CPU
(a laptop on battery in a two-hour workshop). The same `App` runs headless on
a plain Surface for tests and `rapport screens`.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pygame

from game import i18n
from game.ui import boot
from game.ui import settings as settings_mod
from game.ui.art import ArtLibrary
from game.ui.catalog import Catalog
from game.ui.flow import Flow
from game.ui.frame import Frame
from game.ui.picture import FrameKey, PictureKey
from game.ui.results import MemoryResults, ResultsSource
from game.ui.scene import Same, Scene
from game.ui.settings import TEXT_SIZES, Settings
from game.ui.stack import Overlay
from game.ui.text import TextRenderer
from game.ui.theme import FontBook, Theme
from game.ui.voice import Voice

if TYPE_CHECKING:
    from game.engine.session import Beat
    from game.scenario import Scenario
    from game.ui.catalog import Entry
    from game.ui.context import DialogueLines
    from game.ui.watch import ErrorOverlay, Watcher

log = logging.getLogger(__name__)

IDLE_WAIT_MS = 1000  # longest sleep when idle; events wake the loop at once
ANIM_FPS = 60


class App:
    """Owns the surface, the shared services, the scenes and the flow between them."""

    def __init__(self, catalog: Catalog, settings: Settings, *, settings_path: Path | None = None,
                 results: ResultsSource | None = None, player: str | None = None, workshop: bool = False,
                 surface: pygame.Surface | None = None, seed: int | None = None, in_order: bool = False,
                 clock: Callable[[], float] = time.monotonic, own_words: bool | None = None,
                 own_words_model: Callable[[], Any] | None = None, lang: str | None = None) -> None:
        from game.ui.screens.registry import make_scenes  # after pygame's window exists; no screen imports App

        self.catalog = catalog
        self.settings = settings
        self.settings_path = settings_path
        # While `--fullscreen` overrides the saved value, that value is what is written back (None: no override).
        self.saved_fullscreen: bool | None = None
        self.lang_override = lang  # `--lang`: the window's language for this run, over the Language setting
        self.apply_language()
        self.results: ResultsSource = results if results is not None else MemoryResults()
        self.player = player
        self.workshop = workshop
        # Workshop mode projects: its text size holds for this run only and never touches saved settings.
        self.text_size_override: str | None = boot.WORKSHOP_TEXT_SIZE if workshop else None
        self.clock = clock
        # Answering in your own words: `--own-words` turns it on for this run only (None: the saved setting).
        # `own_words_model` makes the matcher's model (game.ownwords.prompt.OwnWords, which loads in a thread);
        # tests pass a stand-in. It is made only once the setting is on, never on the start-up path.
        self.own_words_override = own_words
        self._own_words_factory = own_words_model
        self._own_words_model: Any = None
        self._own_words_hint: str | None | bool = False  # False: not looked up yet
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
        self.watch: Watcher | None = None
        self.watch_overlay: ErrorOverlay | None = None
        self.running = True
        self.dirty = True
        self.frames = 0
        # The still layer of the screen (game.ui.frame): drawn again only when the picture's key changes.
        self.layer_cache = True  # False draws every frame whole (the tests compare the two)
        self.visits = 0  # bumped on every screen change and reload: part of every picture's key
        self.frame = Frame(self)
        self.flow = Flow(self, seed=seed, in_order=in_order)
        self.scenes: dict[str, Scene] = make_scenes(self)
        self.on_screen_changed()
        self.own_words_model()  # on: start loading now, in the background, while the player reads the title

    # -- services
    @property
    def size(self) -> tuple[int, int]:
        return self.surface.get_size()

    @property
    def scene(self) -> Scene:
        return self.scenes[self.flow.state]

    @property
    def modal(self) -> Overlay | None:
        """The dialog open over the screen (top of the flow's stack), or None."""
        return self.flow.overlay

    def show_lines(self, beats: list[Beat], resumed: bool = False) -> None:
        """Queue these beats on the dialogue (the flow's one way to start it; a new, rewound or resumed run)."""
        self.dialogue.start(beats, resumed=resumed)

    def portrait_height(self, role: str | None, name: str | None) -> int:
        """The dialogue's portrait height for a speaker, at the window's size (what the briefing paints ahead)."""
        return self.dialogue.stage(self.size, role, name)[1].h

    @property
    def dialogue(self) -> DialogueLines:
        from game.ui.screens.registry import dialogue_of

        return dialogue_of(self.scenes)

    @property
    def text_size(self) -> str:
        """The text size in force: the workshop's run-only size, else the saved setting."""
        return self.text_size_override or self.settings.text_size

    @property
    def own_words_wanted(self) -> bool:
        """The own-words setting in force: `--own-words` for this run, else the saved one."""
        return self.settings.own_words if self.own_words_override is None else self.own_words_override

    def own_words_missing(self) -> str | None:
        """None when answers in the player's own words can be matched; else how to install the extra."""
        if self._own_words_factory is not None:
            return None
        if self._own_words_hint is False:  # looked up once: installing the extra needs a restart anyway
            from game.ownwords import missing

            self._own_words_hint = missing()
        return self._own_words_hint if isinstance(self._own_words_hint, str) else None

    @property
    def own_words(self) -> bool:
        """Whether decisions ask for the player's own words: wanted, installed, and not a workshop (a room
        votes on lettered choices)."""
        return self.own_words_wanted and not self.workshop and self.own_words_missing() is None

    def set_own_words(self, on: bool) -> None:
        """Turn own words on or off: for this run when `--own-words` set it, else saved for next time."""
        if self.own_words_override is not None:
            self.own_words_override = on
        else:
            self.settings.own_words = on
            self.save_settings()
        self.own_words_model()

    def own_words_model(self) -> Any:
        """The model that matches typed answers (its loading starts on first call, in a thread); None when
        own words are off."""
        if not self.own_words:
            return None
        if self._own_words_model is None:
            if self._own_words_factory is not None:
                self._own_words_model = self._own_words_factory()
            else:
                from game.ownwords.prompt import OwnWords

                self._own_words_model = OwnWords()
        return self._own_words_model

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

    def apply_language(self) -> str:
        """Speak the language `--lang`, the Language setting or the environment asks for; returns the one in use."""
        return i18n.set_language(i18n.choose(self.lang_override, self.settings.language))

    def save_settings(self) -> None:
        settings = self.settings
        if self.saved_fullscreen is not None:
            settings = dataclasses.replace(settings, fullscreen=self.saved_fullscreen)
        settings_mod.save(settings, self.settings_path)
        self.refresh_theme()

    def speak(self, text: str) -> None:
        if self.settings.self_voicing and text:
            self.voice.say(text)

    def on_screen_changed(self) -> None:
        """The flow entered a screen: let it set up, and voice it."""
        self.visits += 1
        self.scene.enter()
        self.speak(self.scene.spoken())
        self.dirty = True

    def open_modal(self, modal: Overlay) -> None:
        """Push a dialog over the screen (replacing one already open)."""
        self.flow.open_overlay(modal)
        self.speak(modal.spoken())
        self.dirty = True

    def close_modal(self) -> None:
        self.flow.close_overlay()
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
        if event.type in (pygame.KEYDOWN, pygame.MOUSEBUTTONDOWN, pygame.MOUSEWHEEL):
            self.dirty = True
        if self.modal is not None:
            self.modal.handle(event)
        else:
            self.scene.handle(event)
        if event.type in (pygame.MOUSEMOTION, pygame.KEYUP, pygame.MOUSEBUTTONUP, pygame.TEXTINPUT) and self.changed():
            # The pointer moved onto another widget, or a release or typed text changed something: drawn
            # only then, so a key's release does not draw again what its press just drew.
            self.dirty = True

    def _global_key(self, event: pygame.event.Event) -> bool:
        ctrl = bool(event.mod & pygame.KMOD_CTRL)
        if event.key == pygame.K_F11:
            self.settings.fullscreen = not self.settings.fullscreen
            self.saved_fullscreen = None  # the player's own choice from now on
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
            self.surface = pygame.display.set_mode(boot.DEFAULT_SIZE, pygame.RESIZABLE)
        self.refresh_theme()

    # -- frames
    def update(self, dt: float) -> bool:
        moving = self.scene.update(dt) if self.modal is None else False
        if moving and self.changed():  # still moving, but a frame that would look the same is not drawn
            self.dirty = True
        self.frame.moving = moving
        return moving

    def picture_key(self) -> PictureKey | None:
        """The frame as it would be drawn now (see `game.ui.frame`); None when it keeps no key."""
        return self.frame.picture_key()

    def frame_key(self, scene_key: Hashable, over: tuple[object, ...]) -> FrameKey:
        """What a still picture depends on: the screen, the visit, the window, the theme and settings, the
        player and the playthrough, with the scene's own key and the keys of what is over it."""
        th = self.theme
        return FrameKey(self.flow.state, Same(self.scene), self.visits, self.size, Same(th), Same(th.palette),
                        th.text_size, tuple(vars(self.settings).values()), self.text_size_override, self.workshop,
                        self.player, Same(self.flow.entry), Same(self.flow.session), scene_key, over)

    def changed(self) -> bool:
        """Whether the frame drawn now would differ from the one on screen (always, for a screen without keys)."""
        return self.frame.changed()

    def render(self) -> None:
        """Draw the current screen (and dialog) into the surface, from the cached still layer when it can."""
        self.frame.render()
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
        self.visits += 1
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
