"""The screens, and `render_all`, which drives the real scenes headless into PNG files.

`render_all` plays a scenario the way a player would (key presses through
`App.handle`), so every picture shows real engine state: the same code path
a student sees, not a mock-up.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from game.ui.screens.headless import StillClock, key

if TYPE_CHECKING:
    from game.ui.app import App  # this module drives a whole App; the screens themselves never import it

SCREEN_NAMES = ("title", "select", "briefing", "dialogue", "feedback", "scene_break", "debrief", "settings",
                "history")
# Workshop mode's own screens: the lettered decision, the reveal-all panel, the discussion card.
WORKSHOP_NAMES = ("workshop", "reveal", "discussion")


def play_to_end(app: App, on_screen: dict[str, object] | None = None,
                shoot: object = None, max_steps: int = 400) -> None:
    """Play the open scenario to its debrief by keyboard, calling `shoot(name)` at each new kind of screen.

    Choices alternate between the last and the first option, so the debrief
    has both good decisions and named mistakes to show.
    """
    from game.ui.screens.dialogue import DialogueScene

    shot = shoot if callable(shoot) else (lambda name: None)
    taken = 0
    for _i in range(max_steps):
        state = app.flow.state
        if state == "debrief":
            shot("debrief")
            return
        if state == "feedback":
            shot("feedback")
            key(app, pygame.K_RETURN)
            continue
        if state == "discussion":
            shot("discussion")
            key(app, pygame.K_RETURN)
            continue
        if state != "dialogue":
            return
        dlg = app.scenes["dialogue"]
        assert isinstance(dlg, DialogueScene)
        if dlg.phase == "card":
            shot("scene_break")
            key(app, pygame.K_RETURN)
        elif dlg.phase == "choices":
            beat = dlg.beat
            if beat is not None and beat.speaker in app.flow.session.scenario.characters:  # type: ignore[union-attr]
                shot("dialogue")
            n = len(dlg.choices.options)
            pick = n if taken % 2 == 0 else 1
            key(app, getattr(pygame, f"K_{'abcdef'[pick - 1] if app.workshop else pick}"))
            taken += 1
        else:
            key(app, pygame.K_RETURN)
    raise RuntimeError("the scenario did not reach its debrief")


def render_all(out_dir: Path, pack_dirs: list[Path], size: tuple[int, int] = (1280, 800),
               text_size: str = "medium", lang: str | None = None) -> list[Path]:
    """Write title.png, select.png, ... (see SCREEN_NAMES) into `out_dir`, then the contact sheets
    faces.png and looks.png (game.ui.art.sheet); returns the files written. `lang` is the window's
    language and the packs' translation (like `--lang`); None follows the environment.

    Screens that need a playable scenario are skipped when the packs have none.
    Nothing is saved to the player's settings or history.
    """
    from game.ui.app import App
    from game.ui.catalog import Catalog
    from game.ui.results import MemoryResults
    from game.ui.settings import Settings

    pygame.font.init()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    surface = pygame.Surface(size)
    app = App(Catalog.load([Path(p) for p in pack_dirs], lang), Settings(reduced_motion=True, text_size=text_size),
              results=MemoryResults(), surface=surface, seed=0, clock=StillClock(), lang=lang)
    written: dict[str, Path] = {}

    def shoot(name: str) -> None:
        if name in written:
            return
        app.render()
        path = out_dir / f"{name}.png"
        pygame.image.save(surface, str(path))
        written[name] = path

    shoot("title")
    key(app, pygame.K_RETURN)  # Play
    playable = app.catalog.playable
    if playable:
        select = app.scenes["select"]
        select.focus = app.catalog.entries.index(playable[0])  # type: ignore[attr-defined]
        key(app, pygame.K_RETURN)
        shoot("briefing")
        key(app, pygame.K_RETURN)
        play_to_end(app, shoot=shoot)
        if len(playable) > 1:  # a second attempt, so history and best results have rows to show
            key(app, pygame.K_n)
            key(app, pygame.K_RETURN)
            play_to_end(app)
        key(app, pygame.K_ESCAPE)  # back to the list, which now shows best results
    shoot("select")
    key(app, pygame.K_ESCAPE)
    key(app, pygame.K_s)
    shoot("settings")
    key(app, pygame.K_ESCAPE)
    key(app, pygame.K_h)
    shoot("history")
    if playable:
        written.update(render_workshop(out_dir, pack_dirs, size, playable_index=0, text_size=text_size,
                                       lang=lang))
        from game.ui.screens.own_words_shots import render_own_words

        written.update(render_own_words(out_dir, pack_dirs, size, text_size=text_size, lang=lang))
    from game.ui.art.sheet import write_sheets  # contact sheets: faces.png (the pack's people), looks.png

    sheets = write_sheets(out_dir, app)
    from game.ui.screens.own_words_shots import OWN_WORDS_NAMES

    return [written[n] for n in (*SCREEN_NAMES, *WORKSHOP_NAMES, *OWN_WORDS_NAMES) if n in written] + sheets


def render_workshop(out_dir: Path, pack_dirs: list[Path], size: tuple[int, int] = (1280, 800),
                    playable_index: int = 0, text_size: str | None = None, lang: str | None = None) -> dict[str, Path]:
    """workshop.png (a lettered decision), reveal.png and discussion.png, from a workshop-mode app."""
    from game.ui.app import App
    from game.ui.catalog import Catalog
    from game.ui.results import MemoryResults
    from game.ui.screens.dialogue import DialogueScene
    from game.ui.settings import Settings

    surface = pygame.Surface(size)
    app = App(Catalog.load([Path(p) for p in pack_dirs], lang), Settings(reduced_motion=True),
              results=MemoryResults(), surface=surface, seed=0, clock=StillClock(), workshop=True, lang=lang)
    if text_size is not None:
        app.text_size_override = text_size
        app.refresh_theme()
    written: dict[str, Path] = {}
    playable = app.catalog.playable
    if not playable:
        return written

    def shoot(name: str) -> None:
        app.render()
        path = Path(out_dir) / f"{name}.png"
        pygame.image.save(surface, str(path))
        written[name] = path

    app.flow.go("play")
    app.flow.choose_entry(playable[min(playable_index, len(playable) - 1)])
    app.flow.begin()
    dlg = app.scenes["dialogue"]
    assert isinstance(dlg, DialogueScene)
    for _i in range(50):  # on to a decision with a person in it, so the picture shows a face
        choosing = app.flow.state == "dialogue" and dlg.phase == "choices"
        if choosing and dlg.present is not None:
            break
        key(app, pygame.K_a if choosing else pygame.K_RETURN)
        if app.flow.state not in ("dialogue", "discussion"):
            break
    if app.flow.state != "dialogue" or dlg.phase != "choices":
        return written
    shoot("workshop")
    key(app, pygame.K_v)
    shoot("reveal")
    key(app, pygame.K_v)
    key(app, pygame.K_b)
    for _i in range(10):
        if app.flow.state != "dialogue":
            break
        key(app, pygame.K_RETURN)
    if app.flow.state == "discussion":
        shoot("discussion")
    return written
