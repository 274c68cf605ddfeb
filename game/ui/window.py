"""The entry point the CLI calls: open the window (or take over the one the title opened) and play.

`App` is looked up on `game.ui.app` when `run` is called, so a benchmark can drive a subclass of it.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from game.ui import app as app_mod
from game.ui import boot
from game.ui.catalog import Catalog
from game.ui.results import ReadOnlyResults, ResultsSource

if TYPE_CHECKING:
    from game.ui.boot import FirstFrame

log = logging.getLogger(__name__)


def run(pack_dirs: list[Path], scenario: str | None = None, settings_path: Path | None = None,
        player: str | None = None, workshop: bool = False, results: ResultsSource | None = None,
        watch: bool = False, first_frame: FirstFrame | None = None, in_order: bool = False,
        lang: str | None = None, own_words: bool | None = None, fullscreen: bool = False) -> int:
    """Open the game window and play until it closes. Returns a process exit status.

    `scenario` (an id or file name) skips straight to its briefing;
    `settings_path` defaults to the platform config folder (RAPPORT_CONFIG_DIR
    overrides it); `results` is the history store (session-only when None).
    `workshop` runs the facilitator's projected mode. `watch` (with `scenario`
    the file's path) reloads the file whenever it is saved; a draft being
    written is not a learner's attempt, so nothing is recorded while watching.
    `first_frame` is the window `game.ui.boot.show_title` already opened with
    the title on screen: the App takes over its settings, fonts, text and
    pictures, so nothing is opened or drawn twice. `in_order` shows every node's options in file order
    (for authors checking a path); otherwise each new attempt shuffles them from a fresh seed. `lang` plays
    each pack's l10n/LANG.po translation where it has one (a file reloaded by `watch` shows its source text).
    `own_words` True (`--own-words`) answers decisions in the player's own words for this run.
    `fullscreen` (`--fullscreen`) opens the window fullscreen at the desktop's size for this run, whatever
    the saved setting says (a `first_frame` was opened so already).
    """
    if first_frame is not None:
        path, settings, saved = first_frame.settings_path, first_frame.settings, first_frame.saved_fullscreen
    else:
        path, settings, saved = boot.load_settings(settings_path, fullscreen)
        if not boot.open_window(settings):
            return 3
    if watch and results is not None:
        results = ReadOnlyResults(results)
    try:
        app = app_mod.App(Catalog.load(pack_dirs, lang), settings, settings_path=path, results=results,
                  player=player, workshop=workshop, in_order=in_order, own_words=own_words, lang=lang)
        app.saved_fullscreen = saved
        if first_frame is not None:
            first_frame.hand_over(app)
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
