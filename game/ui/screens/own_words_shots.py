"""`rapport screens`' pictures of answering in your own words: typing, "I understood:", "not sure, the
closest two" and the debrief's "You said" line (own_words_type.png ... own_words_debrief.png).

The pictures must not depend on the own-words extra being installed, so the matcher here is a stand-in
for rendering only (`PictureModel`): it ranks the choices by the words they share with what was typed,
and is confident or not as the picture needs. It is never used to play, nor to test matching; the real
model is game.ownwords, tested in tests/ownwords.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from game.i18n import _
from game.ownwords.match import Match

if TYPE_CHECKING:
    from game.engine.session import Option

OWN_WORDS_NAMES = ("own_words_type", "own_words_sure", "own_words_unsure", "own_words_debrief")


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z']+", text.lower()))


class PictureMatcher:
    """The choices ranked by shared words; `confident` is whatever the model is told to say."""

    def __init__(self, model: PictureModel, options: Sequence[Option]) -> None:
        self.model, self.options = model, options

    def match(self, typed: str) -> Match:
        said = _words(typed)
        ranked = sorted(self.options, key=lambda o: (-len(said & _words(o.text)), o.number))
        top, second = ranked[0], ranked[1] if len(ranked) > 1 else None
        return Match(typed, top.id, 0.82 if self.model.confident else 0.41,
                     second.id if second is not None else None, 0.3 if second is not None else None,
                     self.model.confident)


class PictureModel:
    """What the window uses of game.ownwords.prompt.OwnWords: `ready()`, `error`, `matcher(options)`."""

    def __init__(self) -> None:
        self.confident = True
        self.error: BaseException | None = None

    def ready(self) -> bool:
        return True

    def matcher(self, options: Sequence[Option]) -> PictureMatcher:
        return PictureMatcher(self, options)


def paraphrase(text: str) -> str:
    """Something a player might type for a choice: its first words, lower case, as said aloud."""
    words = text.rstrip(".!?").split()
    said = " ".join(words[:7])
    return said[:1].lower() + said[1:] if said[:2] != "I " else said


def render_own_words(out_dir: Path, pack_dirs: list[Path], size: tuple[int, int] = (1280, 800),
                     text_size: str | None = None, lang: str | None = None) -> dict[str, Path]:
    """Play the pack's first playable scenario in own words, shooting each own-words state once."""
    from game.ui.app import App
    from game.ui.catalog import Catalog
    from game.ui.own_words import SURE, TYPE, UNSURE
    from game.ui.results import MemoryResults
    from game.ui.screens.dialogue import DialogueScene
    from game.ui.screens.headless import StillClock, key
    from game.ui.settings import Settings

    model = PictureModel()
    surface = pygame.Surface(size)
    settings = Settings(reduced_motion=True, text_size=text_size or "medium")
    app = App(Catalog.load([Path(p) for p in pack_dirs], lang), settings, results=MemoryResults(),
              surface=surface, seed=0, clock=StillClock(), lang=lang, own_words=True, own_words_model=lambda: model)
    written: dict[str, Path] = {}
    playable = app.catalog.playable
    if not playable:
        return written

    def shoot(name: str) -> None:
        if name in written:
            return
        app.render()
        path = Path(out_dir) / f"{name}.png"
        pygame.image.save(surface, str(path))
        written[name] = path

    def type_text(text: str) -> None:
        app.handle(pygame.event.Event(pygame.TEXTINPUT, text=text))
        app.update(0.0)

    app.flow.go("play")
    app.flow.choose_entry(playable[0])
    app.flow.begin()
    dlg = app.scenes["dialogue"]
    assert isinstance(dlg, DialogueScene)
    decisions = 0
    for _i in range(400):
        if app.flow.state == "debrief":
            break
        if app.flow.state == "dialogue" and dlg.phase == "choices" and dlg.asking and dlg.own.state == TYPE:
            options = dlg.own.options
            # The first decision is answered with confidence, the second is not; the rest as the first.
            longest = max(options, key=lambda o: len(o.text))
            type_text(paraphrase(longest.text))
            if decisions == 0:
                shoot("own_words_type")
            model.confident = decisions != 1
            key(app, pygame.K_RETURN)
            if dlg.own.state in (SURE, UNSURE):  # named after the state the window is in, not the one asked for
                shoot(f"own_words_{dlg.own.state}")
            decisions += 1
        key(app, pygame.K_RETURN)
    if app.flow.state == "debrief":
        deb = app.scenes["debrief"]
        step = app.text.line_height("body")
        for _i in range(200):  # scroll the review until the first "You said" line is near its top
            app.text.records.clear()
            app.render()
            said = next((r for r in app.text.records if r.text.startswith(_("You said: \u201c{said}\u201d")[:8])),
                        None)
            if said is not None:
                deb.scroll.by(said.rect.y - deb.panel.y - 5 * step)  # type: ignore[attr-defined]
                app.dirty = True
                break
            if not deb.scroll.by(step):  # type: ignore[attr-defined]
                break
            app.dirty = True
        shoot("own_words_debrief")
    return written
