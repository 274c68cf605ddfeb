"""Own words in the window: typed answers through TEXTINPUT events, matched by a stand-in model.

The stand-in implements what the window uses of game.ownwords.prompt.OwnWords (`ready()`, `error`,
`matcher(options).match(text)`, returning the real `Match`); the real model is tested in tests/ownwords.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pygame
import pytest

from game.ownwords import INSTALL_HINT
from game.ownwords.match import Match
from game.ui.own_words import LIST, SURE, TYPE, UNSURE


class FakeMatcher:
    def __init__(self, model: FakeModel, options: list[Any]) -> None:
        self.model, self.options = model, options

    def match(self, typed: str) -> Match:
        """The scripted answer for `typed`: (a word of the top option's text, whether it is confident)."""
        word, confident = self.model.answers[typed]
        top = next(o for o in self.options if word in o.text)
        rest = [o for o in self.options if o is not top]
        return Match(typed, top.id, 0.8 if confident else 0.3, rest[0].id if rest else None,
                     0.2 if rest else None, confident)


class FakeModel:
    def __init__(self, answers: dict[str, tuple[str, bool]], ready: bool = True) -> None:
        self.answers = answers
        self.loaded = ready
        self.error: BaseException | None = None
        self.matchers: list[list[str]] = []  # the option ids of each matcher made

    def ready(self) -> bool:
        return self.loaded

    def matcher(self, options: list[Any]) -> FakeMatcher:
        self.matchers.append([o.id for o in options])
        return FakeMatcher(self, options)


ANSWERS = {
    "hi, I'm Sam": ("Smile", True),
    "here is my CV": ("Push", False),
    "what are you building this year?": ("Ask what", True),
    "I want to talk to Devon": ("thank him", True),
}


def own_app(make_app: Any, model: FakeModel | None = None, **kw: Any) -> Any:
    fake = model if model is not None else FakeModel(ANSWERS)
    made: list[FakeModel] = []

    def factory() -> FakeModel:
        made.append(fake)
        return fake

    app = make_app(**kw)
    app._own_words_factory = factory
    app.own_words_override = True
    app.made = made
    return app


def type_text(app: Any, text: str) -> None:
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=text))
    app.step(0.0)
    app.render()


def to_decision(app: Any, ui: Any) -> Any:
    app.render()
    for _ in range(3):  # title, list, briefing
        ui.press(app, pygame.K_RETURN)
    ui.press(app, pygame.K_SPACE)  # the scene card
    dlg = app.scenes["dialogue"]
    assert dlg.phase == "choices" and dlg.asking and dlg.own.state == TYPE
    return dlg


def shown(app: Any) -> list[str]:
    return [r.text for r in app.text.records]


def test_confident_match_shows_the_choice_in_its_own_words_and_enter_takes_it(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    app = own_app(make_app)
    dlg = to_decision(app, ui)
    assert "What do you say? Type it in your own words." in shown(app)
    type_text(app, "hi, I'm")
    ui.press(app, pygame.K_1)  # a digit's key press is typing here, never a pick
    type_text(app, " Sam")
    assert dlg.own.field.text == "hi, I'm Sam" and app.flow.session.log == []
    ui.press(app, pygame.K_RETURN)
    assert dlg.own.state == SURE
    assert "I understood:" in shown(app)
    assert "Smile, wait, and introduce yourself by name." in shown(app)
    assert "You said: \u201chi, I'm Sam\u201d" in shown(app)
    ui.press(app, pygame.K_RETURN)  # one key confirms
    d = app.flow.session.log[-1]
    assert (d.node_id, d.index, d.said) == ("approach", 0, "hi, I'm Sam")
    assert app.flow.state == "feedback"


def test_pick_another_shows_the_whole_list_and_keeps_the_words(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    app = own_app(make_app)
    dlg = to_decision(app, ui)
    type_text(app, "hi, I'm Sam")
    ui.press(app, pygame.K_RETURN)
    assert dlg.own.state == SURE
    ui.press(app, pygame.K_TAB)  # pick another
    assert dlg.own.state == LIST
    texts = shown(app)
    assert "Smile, wait, and introduce yourself by name." in texts
    assert "Push your resume across the table before saying a word." in texts
    ui.press(app, pygame.K_2)
    d = app.flow.session.log[-1]
    assert (d.index, d.said) == (1, "hi, I'm Sam")


def test_not_sure_offers_the_top_two(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    app = own_app(make_app)
    dlg = to_decision(app, ui)
    type_text(app, "here is my CV")
    ui.press(app, pygame.K_RETURN)
    assert dlg.own.state == UNSURE
    assert "I'm not sure which you mean. The closest two:" in shown(app)
    # The matcher's best first, then its runner-up, each with its number on screen.
    assert [n for n, _ in dlg.own.choices.options] == [2, 1]
    ui.press(app, pygame.K_DOWN)
    ui.press(app, pygame.K_RETURN)  # the second of the two
    d = app.flow.session.log[-1]
    assert (d.index, d.said) == (0, "here is my CV")


def test_backspace_goes_back_to_the_words_and_esc_clears_then_pauses(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    app = own_app(make_app)
    dlg = to_decision(app, ui)
    type_text(app, "hi, I'm Sam")
    ui.press(app, pygame.K_RETURN)
    ui.press(app, pygame.K_BACKSPACE)  # change your words: the field again, with them kept
    assert dlg.own.state == TYPE and dlg.own.field.text == "hi, I'm Sam"
    ui.press(app, pygame.K_BACKSPACE)
    assert dlg.own.field.text == "hi, I'm Sa"
    ui.press(app, pygame.K_ESCAPE)
    assert dlg.own.field.text == "" and app.modal is None
    ui.press(app, pygame.K_RETURN)  # nothing typed: says so, takes nothing
    assert app.flow.session.log == [] and dlg.own.notice
    ui.press(app, pygame.K_ESCAPE)
    assert app.modal is not None  # the menu, as without own words


def test_model_loads_in_the_background_and_typing_is_kept(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    model = FakeModel(ANSWERS, ready=False)
    app = own_app(make_app, model)
    dlg = to_decision(app, ui)
    assert "Loading\u2026" in shown(app)
    type_text(app, "hi, I'm Sam")
    ui.press(app, pygame.K_RETURN)  # sent while loading: kept, and matched when the model is there
    assert dlg.own.state == TYPE and dlg.own.pending and dlg.own.field.text == "hi, I'm Sam"
    assert app.update(0.016)  # still loading: the scene keeps looking
    model.loaded = True
    app.step(0.016)
    app.render()
    assert dlg.own.state == SURE and "I understood:" in shown(app)
    assert model.matchers == [[o.id for o in app.flow.session.options()]]


def test_a_model_that_fails_to_load_falls_back_to_the_list(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    model = FakeModel(ANSWERS)
    model.error = RuntimeError("the model file is damaged")
    app = own_app(make_app, model)
    dlg = to_decision(app, ui)
    type_text(app, "hi, I'm Sam")
    ui.press(app, pygame.K_RETURN)
    assert dlg.own.state == LIST and "damaged" in (dlg.own.notice or "")
    ui.press(app, pygame.K_1)
    assert app.flow.session.log[-1].said == "hi, I'm Sam"


def test_debrief_shows_what_was_typed_beside_the_choice(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    app = own_app(make_app, mode="assessment")
    dlg = to_decision(app, ui)
    for words in ("hi, I'm Sam", "what are you building this year?", "I want to talk to Devon"):
        while not (app.flow.state == "dialogue" and dlg.phase == "choices"):
            ui.press(app, pygame.K_RETURN)
        type_text(app, words)
        ui.press(app, pygame.K_RETURN)
        assert dlg.own.state == SURE, words
        ui.press(app, pygame.K_RETURN)
    for _ in range(10):
        if app.flow.state == "debrief":
            break
        ui.press(app, pygame.K_RETURN)
    assert app.flow.state == "debrief"
    saids = [r.said for r in app.flow.debrief.decisions]
    assert saids == ["hi, I'm Sam", "what are you building this year?", "I want to talk to Devon"]
    deb = app.scenes["debrief"]
    rows = [r[0] for r in deb._review_rows(app.flow.debrief, 600)]
    i = rows.index("You said: \u201cwhat are you building this year?\u201d")
    assert rows[i + 1] == "Taken as (best choice): Ask what her team is working on this year."


def test_workshop_keeps_lettered_choices(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    app = own_app(make_app, workshop=True)
    app.render()
    for _ in range(3):
        ui.press(app, pygame.K_RETURN)
    ui.press(app, pygame.K_SPACE)
    dlg = app.scenes["dialogue"]
    assert dlg.phase == "choices" and not dlg.asking and dlg.choices.lettered
    assert app.made == []  # no model is loaded for a room that votes


def test_setting_turns_own_words_on_and_starts_the_model(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    app = own_app(make_app)
    app.own_words_override = None  # the saved setting decides
    assert not app.own_words and app.own_words_model() is None
    ui.press(app, pygame.K_s)
    st = app.scenes["settings"]
    from game.ui.screens.settings_screen import ROWS

    i = next(k for k, r in enumerate(ROWS) if r.key == "own_words")
    st.focus = i
    app.render()
    assert "Answer in my own words" in shown(app)
    ui.press(app, pygame.K_RETURN)
    assert app.settings.own_words and app.own_words and len(app.made) == 1


def test_setting_says_how_to_install_the_extra_when_it_is_missing(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    app._own_words_hint = INSTALL_HINT  # as `missing()` says without the extra
    ui.press(app, pygame.K_s)
    st = app.scenes["settings"]
    from game.ui.screens.settings_screen import ROWS

    row = next(r for r in ROWS if r.key == "own_words")
    assert st.value_label(row) == "Not installed"
    assert "make play OWN_WORDS=1" in st.help_text(row)
    assert 'pip install "rapport-trainer[own-words]"' in st.help_text(row)
    st.change(row, 1)
    assert not app.settings.own_words and not app.own_words


@pytest.mark.parametrize("text_size", ["small", "projector"])
def test_field_wraps_and_stays_in_its_box_at_every_size(make_app, ui, text_size, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = own_app(make_app, text_size=text_size)
    dlg = to_decision(app, ui)
    type_text(app, "hi, I'm Sam")
    one_line = dlg.own.field_rect.h
    long = " ".join(["I would like to hear what your team is working on this year"] * 3)
    type_text(app, " " + long)
    field = dlg.own.field_rect
    assert field.h > one_line  # it wrapped onto more lines
    lay = dlg.layout
    assert lay is not None and lay.choices.contains(field)
    inside = [r for r in app.text.records if field.contains(r.box)]
    assert inside and all(field.contains(r.rect) for r in inside)
    assert not [r.text for r in app.text.records if r.overflows]
    pygame.image.save(app.surface, str(tmp_path / f"field-{text_size}.png"))


def test_cached_frames_match_fresh_ones_through_the_exchange(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    from .test_layer_cache import assert_fresh

    model = FakeModel(ANSWERS, ready=False)
    app = own_app(make_app, model)
    dlg = to_decision(app, ui)
    assert_fresh(app, "loading")
    type_text(app, "hi, I'm Sam")
    assert_fresh(app, "typed")
    ui.press(app, pygame.K_RETURN)
    model.loaded = True
    app.step(0.016)
    assert dlg.own.state == SURE
    assert_fresh(app, "understood")
    ui.press(app, pygame.K_TAB)
    assert_fresh(app, "the list")
    ui.press(app, pygame.K_DOWN)
    assert_fresh(app, "focus moved")
    ui.press(app, pygame.K_BACKSPACE)
    ui.press(app, pygame.K_BACKSPACE)
    assert_fresh(app, "editing")


def test_the_caret_moves_in_the_window_and_the_frame_shows_it(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    app = own_app(make_app)
    dlg = to_decision(app, ui)
    type_text(app, "I'm Sam")
    before = pygame.image.tobytes(app.surface, "RGB")
    ui.press(app, pygame.K_HOME)
    assert dlg.own.field.caret == 0 and dlg.own.state == TYPE
    assert pygame.image.tobytes(app.surface, "RGB") != before  # the caret was drawn again, at the start
    type_text(app, "hi, ")
    ui.press(app, pygame.K_END)
    ui.press(app, pygame.K_LEFT, pygame.KMOD_CTRL)
    ui.press(app, pygame.K_DELETE, pygame.KMOD_CTRL)
    type_text(app, "Sam")
    assert dlg.own.field.text == "hi, I'm Sam" and app.flow.session.log == []
    ui.press(app, pygame.K_RETURN)
    assert dlg.own.state == SURE
