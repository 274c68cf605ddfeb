"""Leaving is deliberate, past debriefs reopen, History shows progress, and a decision takes two presses."""

from __future__ import annotations

from typing import Any

import pygame

from game.ui.screens import play_to_end


def to_debrief(app: Any, ui: Any) -> None:
    for _ in range(3):
        ui.press(app, pygame.K_RETURN, render=False)
    play_to_end(app)
    assert app.flow.state == "debrief"


def test_enter_on_the_debrief_stays_on_it(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    to_debrief(app, ui)
    for _ in range(5):  # tapping Enter through the last lines carries on into the debrief
        ui.press(app, pygame.K_RETURN)
        ui.press(app, pygame.K_SPACE)
    assert app.flow.state == "debrief"
    ui.press(app, pygame.K_TAB)  # a button must be chosen first; then Enter presses it
    ui.press(app, pygame.K_RETURN)
    assert app.flow.state != "debrief"


def test_a_past_debrief_reopens_from_history(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    to_debrief(app, ui)
    shown = app.flow.debrief
    ui.press(app, pygame.K_ESCAPE)  # to the list
    ui.press(app, pygame.K_ESCAPE)  # to the title
    ui.press(app, pygame.K_h)
    assert app.flow.state == "history"
    drawn = [r.text for r in app.text.records]
    assert "Your progress" in drawn and "Patterns that keep coming back" in drawn
    ui.press(app, pygame.K_RETURN)  # the newest attempt
    assert app.flow.state == "past_debrief" and app.flow.past_debrief is shown
    assert shown.ending_title in [r.text for r in app.text.records]
    ui.press(app, pygame.K_RETURN)
    assert app.flow.state == "history"
    # and a click on a row opens it too
    history = app.scenes["history"]
    row = next(r for r in history.rects if r.w)
    ui.click(app, row.center)
    assert app.flow.state == "past_debrief"


def test_history_trends_agree_with_their_verdict(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    from game.ui.progress import progress

    app = make_app()
    for _ in range(3):
        to_debrief(app, ui)
        ui.press(app, pygame.K_r, render=False)  # replay
        app.flow.state == "dialogue" and play_to_end(app)
    prog = progress(app.results.history())
    assert prog.principles
    for p in prog.principles:
        if p.early is not None and p.late is not None:
            word = "improving" if p.late - p.early > 0.1 else "slipping" if p.late - p.early < -0.1 else "steady"
            assert p.direction == word and p.words().endswith(word)


def test_see_your_debrief_only_when_nothing_follows(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    for _ in range(3):
        ui.press(app, pygame.K_RETURN, render=False)
    labels = []
    for _ in range(60):
        if app.flow.state == "debrief":
            break
        if app.flow.state == "feedback":
            step = app.flow.last_step
            labels.append((app.scenes["feedback"].cont.label, step.ending is not None and not step.beats))
        ui.press(app, pygame.K_1 if app.dialogue.phase == "choices" else pygame.K_RETURN, render=False)
    assert labels and all((label == "See your debrief") == last for label, last in labels)


def test_a_decision_takes_two_presses_in_practice(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    for _ in range(4):  # title, list, briefing, the scene card
        ui.press(app, pygame.K_RETURN, render=False)
    assert app.dialogue.phase == "choices"
    ui.press(app, pygame.K_2)  # choose: the reply and the coach's note come up together
    assert app.flow.state == "feedback"
    ui.press(app, pygame.K_RETURN)  # continue: on to the next decision
    assert app.flow.state == "dialogue" and app.dialogue.phase == "choices"
