"""No content is cut at any size: every screen, every text size, three windows, in English and long strings,
and in Spanish (the window's own words, game/locale/es, and the pack's scenarios/l10n/es.po) at every text
size too; and the own-words states (typing, "I understood:", "the closest two", Tab's list, the debrief's
"You said") in all three.

The text renderer reports every cut it makes (`TextRenderer.truncations`); a cut is allowed only where the
caller vouched that the full text is one action away. Each configuration plays one scenario of the pack
(a different one per configuration, so together they cover the pack), visiting every screen on the way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pygame
import pytest

from game.ui.app import App
from game.ui.catalog import Catalog
from game.ui.own_words import LIST, SURE, TYPE, UNSURE
from game.ui.results import MemoryResults
from game.ui.screens.own_words_shots import PictureModel
from game.ui.settings import TEXT_SIZES, Settings
from game.ui.text import Truncation
from tests.ui.longtext import lengthen_builtins, long_pack

WINDOWS = [(1024, 640), (1280, 800), (1920, 1080)]


def build(pack: Path, size: tuple[int, int], text_size: str, long: bool, workshop: bool = False,
          lang: str | None = None, own_words: Any = None) -> App:
    pygame.display.init()
    pygame.font.init()
    catalog = Catalog.load([pack], lang)  # with `lang`, the pack's own l10n/LANG.po too
    if long:
        lengthen_builtins(catalog)
    from tests.ui.conftest import FakeClock  # noqa: PLC0415

    app = App(catalog, Settings(reduced_motion=True, text_size=text_size), results=MemoryResults(),
              surface=pygame.Surface(size), seed=0, in_order=True, clock=FakeClock(), workshop=workshop, lang=lang,
              own_words=own_words is not None, own_words_model=(lambda: own_words) if own_words is not None else None)
    if workshop:
        app.text_size_override = text_size
        app.refresh_theme()
    return app


def key(app: App, k: int) -> None:
    """A key press, handled without drawing: only `Cuts.look` draws, so each cut is told against its screen."""
    app.handle(pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0))
    app.update(0.0)


class Cuts:
    """Collects the cuts of content text, with the screen each was seen on."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.found: list[tuple[str, Truncation]] = []

    def look(self, name: str) -> None:
        self.app.render()
        for t in self.app.text.truncations:
            if not t.elsewhere:
                self.found.append((name, t))
        self.app.text.truncations.clear()

    def report(self) -> str:
        seen: dict[tuple[str, str, str], None] = {}
        for name, t in self.found:
            seen[(name, t.how, f"{t.text[:70]!r} -> {t.shown[-30:]!r}")] = None
        return "\n".join(f"  {n}: {how} {what}" for n, how, what in seen)


def walk(app: App, cuts: Cuts, index: int) -> None:
    """Title, list, briefing, every line and decision of one scenario, the pause dialog, the debrief and its
    picker, Settings and History."""
    cuts.look("title")
    key(app, pygame.K_RETURN)
    cuts.look("select")
    playable = app.catalog.playable
    entry = playable[index % len(playable)]
    app.flow.choose_entry(entry)
    cuts.look("briefing")
    key(app, pygame.K_RETURN)
    dlg = app.dialogue
    paused = False
    taken = 0
    for _ in range(400):
        state = app.flow.state
        if state == "debrief":
            break
        if state == "dialogue" and dlg.phase == "choices":
            cuts.look("dialogue")
            if not paused:
                key(app, pygame.K_ESCAPE)
                cuts.look("pause")
                key(app, pygame.K_ESCAPE)
                paused = True
            n = len(dlg.choices.options)
            key(app, getattr(pygame, f"K_{n if taken % 2 == 0 else 1}"))
            taken += 1
            continue
        cuts.look(state if state != "dialogue" else f"dialogue:{dlg.phase}")
        key(app, pygame.K_RETURN)
    assert app.flow.state == "debrief"
    cuts.look("debrief")
    for _ in range(40):  # every row of the review, scrolled into view
        key(app, pygame.K_PAGEDOWN)
        cuts.look("debrief")
    key(app, pygame.K_t)
    cuts.look("debrief_picker")
    key(app, pygame.K_ESCAPE)
    app.flow.go("back")
    app.flow.go("back")
    app.flow.go("open_settings")
    cuts.look("settings")
    app.flow.go("back")
    app.flow.go("open_history")
    cuts.look("history")


def walk_workshop(app: App, cuts: Cuts, index: int) -> None:
    key(app, pygame.K_RETURN)
    playable = app.catalog.playable
    app.flow.choose_entry(playable[index % len(playable)])
    cuts.look("workshop_briefing")
    key(app, pygame.K_RETURN)
    dlg = app.dialogue
    for step in range(400):
        state = app.flow.state
        if state == "debrief":
            break
        if state == "discussion":
            cuts.look("discussion")
            key(app, pygame.K_v)
            cuts.look("reveal_discussion")
            key(app, pygame.K_v)
        elif state == "dialogue" and dlg.phase == "choices":
            cuts.look("workshop")
            key(app, pygame.K_v)
            cuts.look("reveal")
            key(app, pygame.K_ESCAPE)
            key(app, pygame.K_a if step % 2 else pygame.K_b)
            continue
        else:
            cuts.look(f"workshop:{state}")
        key(app, pygame.K_RETURN)
    cuts.look("workshop_debrief")


def walk_own_words(app: App, cuts: Cuts, model: PictureModel, index: int) -> None:
    """One scenario answered in the player's own words: each decision is typed in full (the longest
    option's whole text, as a wordy player would), then "I understood:" (confident), "the closest two"
    (not confident) and, at the third decision, Tab's whole list; then the debrief with its "You said"
    lines, scrolled through."""
    app.flow.go("play")
    playable = app.catalog.playable
    app.flow.choose_entry(playable[index % len(playable)])
    app.flow.begin()
    dlg = app.dialogue
    decisions = 0
    for _ in range(400):
        if app.flow.state == "debrief":
            break
        if app.flow.state == "dialogue" and dlg.phase == "choices" and dlg.asking and dlg.own.state == TYPE:
            longest = max(dlg.own.options, key=lambda o: len(o.text))
            app.handle(pygame.event.Event(pygame.TEXTINPUT, text=longest.text))
            app.update(0.0)
            cuts.look("own_words_type")
            model.confident = decisions % 3 != 1
            key(app, pygame.K_RETURN)
            assert dlg.own.state == (SURE if model.confident else UNSURE)
            cuts.look(f"own_words_{dlg.own.state}")
            if decisions % 3 == 2:
                key(app, pygame.K_TAB)
                assert dlg.own.state == LIST
                cuts.look("own_words_list")
            decisions += 1
        key(app, pygame.K_RETURN)
    assert app.flow.state == "debrief" and decisions >= 2
    cuts.look("own_words_debrief")
    for _ in range(40):
        key(app, pygame.K_PAGEDOWN)
        cuts.look("own_words_debrief")


CONFIGS = [(size, ts) for size in WINDOWS for ts in TEXT_SIZES]


@pytest.fixture(scope="module")
def long_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.ui.conftest import SHIPPED  # noqa: PLC0415

    return long_pack(SHIPPED, tmp_path_factory.mktemp("long"))


@pytest.mark.parametrize("long", [False, True], ids=["english", "long"])
@pytest.mark.parametrize(("size", "text_size"), CONFIGS, ids=[f"{w}x{h}-{t}" for (w, h), t in CONFIGS])
def test_no_content_is_cut(size: tuple[int, int], text_size: str, long: bool, long_dir: Path, ui: Any) -> None:
    pack = long_dir if long else ui.SHIPPED
    index = CONFIGS.index((size, text_size))
    app = build(pack, size, text_size, long)
    cuts = Cuts(app)
    walk(app, cuts, index)
    assert not cuts.found, f"content cut at {size} {text_size}:\n{cuts.report()}"


@pytest.mark.parametrize("long", [False, True], ids=["english", "long"])
@pytest.mark.parametrize("size", WINDOWS, ids=[f"{w}x{h}" for w, h in WINDOWS])
def test_no_content_is_cut_in_workshop_mode(size: tuple[int, int], long: bool, long_dir: Path, ui: Any) -> None:
    pack = long_dir if long else ui.SHIPPED
    app = build(pack, size, "projector", long, workshop=True)
    cuts = Cuts(app)
    walk_workshop(app, cuts, WINDOWS.index(size) + 3)
    assert not cuts.found, f"content cut in workshop mode at {size}:\n{cuts.report()}"


SPANISH = CONFIGS


@pytest.mark.parametrize(("size", "text_size"), SPANISH, ids=[f"{w}x{h}-{t}" for (w, h), t in SPANISH])
def test_no_content_is_cut_in_spanish(size: tuple[int, int], text_size: str, ui: Any) -> None:
    from game import i18n  # noqa: PLC0415

    app = build(ui.SHIPPED, size, text_size, False, lang="es")
    assert i18n.language() == "es" and i18n._("Play") == "Jugar"  # the walk really is in Spanish
    cuts = Cuts(app)
    walk(app, cuts, SPANISH.index((size, text_size)))
    assert not cuts.found, f"content cut in Spanish at {size} {text_size}:\n{cuts.report()}"


@pytest.mark.parametrize("size", WINDOWS, ids=[f"{w}x{h}" for w, h in WINDOWS])
def test_no_content_is_cut_in_spanish_workshop_mode(size: tuple[int, int], ui: Any) -> None:
    from game import i18n  # noqa: PLC0415

    app = build(ui.SHIPPED, size, "projector", False, workshop=True, lang="es")
    assert i18n.language() == "es"
    cuts = Cuts(app)
    walk_workshop(app, cuts, WINDOWS.index(size))
    assert not cuts.found, f"content cut in Spanish workshop mode at {size}:\n{cuts.report()}"


@pytest.mark.parametrize("lang", ["english", "long", "es"])
@pytest.mark.parametrize(("size", "text_size"), CONFIGS, ids=[f"{w}x{h}-{t}" for (w, h), t in CONFIGS])
def test_no_own_words_text_is_cut(size: tuple[int, int], text_size: str, lang: str, long_dir: Path,
                                  ui: Any) -> None:
    """The four own-words states (typing, "I understood:", "the closest two", the debrief's "You said")
    and Tab's list, as `rapport screens` shows them, at every size, in English, long strings and Spanish."""
    model = PictureModel()
    app = build(long_dir if lang == "long" else ui.SHIPPED, size, text_size, lang == "long",
                lang="es" if lang == "es" else None, own_words=model)
    cuts = Cuts(app)
    walk_own_words(app, cuts, model, CONFIGS.index((size, text_size)))
    assert not cuts.found, f"own-words text cut at {size} {text_size} ({lang}):\n{cuts.report()}"
