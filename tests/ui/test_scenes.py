"""Scene tests: real pygame events in, engine state checked."""

from __future__ import annotations

import pygame

from game.engine.scoring import debrief


def to_dialogue(app, ui) -> None:  # type: ignore[no-untyped-def]
    app.render()
    ui.press(app, pygame.K_RETURN)  # title: Play
    assert app.flow.state == "select"
    ui.press(app, pygame.K_RETURN)  # select: first scenario
    assert app.flow.state == "briefing"
    ui.press(app, pygame.K_RETURN)  # briefing: Start
    assert app.flow.state == "dialogue"


def test_keyboard_playthrough_reaches_debrief_with_engine_state(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    to_dialogue(app, ui)
    dlg = app.scenes["dialogue"]
    assert dlg.phase == "card" and dlg.card_title == "Spring career fair"
    ui.press(app, pygame.K_SPACE)  # any key leaves the scene card
    assert dlg.phase == "choices"
    ui.press(app, pygame.K_2)  # the hard-seller choice
    s = app.flow.session
    assert [d.index for d in s.log] == [1]
    assert s.rapport["maya"] == -1
    # Practice mode: the reply and the coach's note on one screen, so a decision takes two presses.
    assert app.flow.state == "feedback"
    assert app.scenes["feedback"]._reply().startswith("Maya Chen: \u201cOh.")
    assert any(r.text.startswith("Maya Chen: \u201cOh.") for r in app.text.records)
    ui.press(app, pygame.K_RETURN)
    assert app.flow.state == "dialogue" and dlg.phase == "choices"
    ui.press(app, pygame.K_DOWN)
    ui.press(app, pygame.K_RETURN)  # arrows + Enter choose option 2
    assert s.log[-1].node_id == "pitch" and s.log[-1].index == 1
    ui.press(app, pygame.K_RETURN)  # feedback -> continue
    ui.press(app, pygame.K_RETURN)  # narration "aside"
    assert dlg.beat.speaker == "devon"
    ui.press(app, pygame.K_1)
    ui.press(app, pygame.K_RETURN)  # feedback -> continue
    assert dlg.phase == "card" and dlg.card_title == "Two days later"
    ui.press(app, pygame.K_RETURN)
    ui.press(app, pygame.K_RETURN)  # the last narration, then the end
    assert app.flow.state == "debrief"
    assert s.finished and s.ending_id == "quiet_end"
    d = app.flow.debrief
    assert d.to_dict() == debrief(s).to_dict()  # the screen shows the engine's numbers
    assert app.results.best_for(d.scenario_id).grade == d.grade


def test_mouse_playthrough_by_clicking_button_centres(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    app.render()
    title = app.scenes["title"]
    ui.click(app, title.buttons[0].rect.center)
    assert app.flow.state == "select"
    select = app.scenes["select"]
    ui.click(app, select.cards[0][1].center)
    assert app.flow.state == "briefing"
    ui.click(app, app.scenes["briefing"].buttons[1].rect.center)
    assert app.flow.state == "dialogue"
    dlg = app.scenes["dialogue"]
    for _ in range(40):
        if app.flow.state == "debrief":
            break
        if app.flow.state == "feedback":
            ui.click(app, app.scenes["feedback"].cont.rect.center)
        elif dlg.phase == "choices":
            ui.click(app, dlg.choices.slots[0].rect.center)
        else:
            ui.click(app, (app.size[0] // 2, app.size[1] // 2))
    assert app.flow.state == "debrief"
    assert [d.index for d in app.flow.session.log] == [0, 0, 0]
    assert app.flow.session.ending_id == "warm_lead"


def test_escape_asks_before_abandoning(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    to_dialogue(app, ui)
    ui.press(app, pygame.K_ESCAPE)
    assert app.modal is not None and app.flow.state == "dialogue"
    ui.press(app, pygame.K_ESCAPE)  # a second Escape keeps playing
    assert app.modal is None and app.flow.session is not None
    ui.press(app, pygame.K_ESCAPE)
    leave = next(b for b in app.modal.group.buttons if b.action == "leave")
    ui.click(app, leave.rect.center)
    assert app.flow.state == "select" and app.flow.session is None


def test_escape_backs_out_of_every_menu_screen(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    ui.press(app, pygame.K_h)
    assert app.flow.state == "history"
    ui.press(app, pygame.K_ESCAPE)
    ui.press(app, pygame.K_s)
    assert app.flow.state == "settings"
    ui.press(app, pygame.K_ESCAPE)
    assert app.flow.state == "title"
    ui.press(app, pygame.K_RETURN)
    ui.press(app, pygame.K_RETURN)
    ui.press(app, pygame.K_ESCAPE)
    assert app.flow.state == "select"
    ui.press(app, pygame.K_ESCAPE)
    assert app.flow.state == "title"


def test_typing_completes_on_any_key_and_is_instant_with_reduced_motion(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    app = make_app(reduced_motion=False, text_speed="slow")
    to_dialogue(app, ui)
    dlg = app.scenes["dialogue"]
    ui.press(app, pygame.K_RETURN)  # leave the card
    assert dlg.phase == "beat" and not dlg.writer.done
    app.step(0.2)
    assert 0 < len(dlg.writer.shown) < len(dlg.writer.text)
    ui.press(app, pygame.K_a)  # any key
    assert dlg.writer.done and dlg.phase == "choices"
    fast = make_app(reduced_motion=True)
    to_dialogue(fast, ui)
    ui.press(fast, pygame.K_RETURN)
    assert fast.scenes["dialogue"].phase == "choices"


def test_choose_again_from_feedback_rewinds_the_engine(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    to_dialogue(app, ui)
    ui.press(app, pygame.K_RETURN)
    ui.press(app, pygame.K_1)
    assert app.flow.state == "feedback" and len(app.flow.session.log) == 1
    ui.press(app, pygame.K_r)
    assert app.flow.state == "dialogue" and app.flow.session.log == []
    assert app.scenes["dialogue"].phase == "choices"
    assert app.flow.session.node_id == "approach"


def test_assessment_mode_skips_feedback(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    app = make_app(mode="assessment")
    to_dialogue(app, ui)
    ui.press(app, pygame.K_RETURN)
    ui.press(app, pygame.K_1)
    assert app.flow.state == "dialogue" and app.flow.session.mode == "assessment"
    assert app.scenes["dialogue"].beat.speaker == "maya"


def test_debrief_buttons_replay_rewind_next(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    from game.ui.screens import play_to_end

    app = make_app()
    to_dialogue(app, ui)
    play_to_end(app)
    assert app.flow.state == "debrief"
    deb = app.scenes["debrief"]
    app.render()
    ui.press(app, pygame.K_t)  # try again from a decision
    assert deb.picking
    ui.press(app, pygame.K_2)
    assert app.flow.state == "dialogue" and len(app.flow.session.log) == 1
    play_to_end(app)
    ui.press(app, pygame.K_r)  # replay from the top
    assert app.flow.state == "dialogue" and app.flow.session.log == []
    play_to_end(app)
    first = app.flow.entry
    ui.press(app, pygame.K_n)
    assert app.flow.state == "briefing" and app.flow.entry is not first
    assert {first.scenario.id, app.flow.entry.scenario.id} == {"booth-test", "booth-two"}


def test_timer_shows_only_when_turned_on(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    app = make_app(timers=True)
    to_dialogue(app, ui)
    ui.press(app, pygame.K_RETURN)
    ui.press(app, pygame.K_1)
    ui.press(app, pygame.K_RETURN)  # feedback
    dlg = app.scenes["dialogue"]
    assert dlg.beat.node_id == "pitch" and dlg.timer_left() == 20
    app.clock.now += 5
    assert dlg.timer_left() == 15 and app.update(0.1)
    ui.press(app, pygame.K_1)
    assert app.flow.session.log[-1].elapsed == 5.0
    off = make_app(timers=False)
    to_dialogue(off, ui)
    ui.press(off, pygame.K_RETURN)
    ui.press(off, pygame.K_1)
    ui.press(off, pygame.K_RETURN)
    assert off.scenes["dialogue"].timer_left() is None


def test_select_shows_broken_file_and_it_cannot_be_opened(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    ui.press(app, pygame.K_RETURN)
    broken = [e for e in app.catalog.entries if not e.playable]
    assert len(broken) == 1 and "zz-broken.yaml" in broken[0].first_error
    texts = [r.text for r in app.text.records]
    assert any("Can't load" in t for t in texts)
    sel = app.scenes["select"]
    sel.focus = app.catalog.entries.index(broken[0])
    ui.press(app, pygame.K_RETURN)
    assert app.flow.state == "select"


def test_settings_change_with_keys_and_persist(make_app, tmp_path, ui) -> None:  # type: ignore[no-untyped-def]
    from game.ui import settings as settings_mod

    app = make_app()
    app.settings_path = tmp_path / "cfg" / "settings.json"
    ui.press(app, pygame.K_s)
    ui.press(app, pygame.K_RIGHT)  # text size medium -> large
    assert app.settings.text_size == "large" and app.theme.text_size == "large"
    ui.press(app, pygame.K_DOWN)
    ui.press(app, pygame.K_RETURN)  # high contrast on
    assert app.settings.high_contrast and app.theme.palette.bg == (0, 0, 0)
    assert settings_mod.load(app.settings_path).text_size == "large"
    scene = app.scenes["settings"]
    ui.click(app, scene.rects[5].center)  # mode: practice -> assessment
    assert app.settings.mode == "assessment"


def test_timer_at_zero_stops_redrawing_and_picks_nothing(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    app = make_app(timers=True)
    to_dialogue(app, ui)
    ui.press(app, pygame.K_RETURN)
    ui.press(app, pygame.K_1)
    ui.press(app, pygame.K_RETURN)  # feedback
    dlg = app.scenes["dialogue"]
    assert dlg.beat.node_id == "pitch" and dlg.timer_left() == 20
    app.clock.now += 19.5
    assert app.update(0.1)  # still counting down: animating
    app.clock.now += 1
    app.step(1 / 60)  # the frame that says time is up
    assert dlg.timer_left() == 0.0 and dlg.timed_out
    assert "Time's up: choose now" in [r.text for r in app.text.records]
    frames = app.frames
    for _ in range(30):
        app.clock.now += 1 / 60
        assert not app.update(1 / 60)  # nothing moves any more
        app.step(1 / 60)
    assert app.frames == frames, "a timed-out decision was redrawn every frame"
    assert len(app.flow.session.log) == 1 and dlg.phase == "choices"  # nothing was chosen for the player
    ui.press(app, pygame.K_2)
    assert app.flow.session.log[-1].node_id == "pitch" and app.flow.session.log[-1].index == 1


def test_the_language_setting_changes_the_window_at_once_and_is_saved(make_app, tmp_path, ui) -> None:  # type: ignore[no-untyped-def]
    from game import i18n
    from game.ui import settings as settings_mod
    from game.ui.screens.settings_screen import ROWS

    app = make_app()
    app.settings_path = tmp_path / "cfg" / "settings.json"
    ui.press(app, pygame.K_s)
    scene = app.scenes["settings"]
    row = next(i for i, r in enumerate(ROWS) if r.key == "language")
    scene.focus, scene._reveal = row, True  # the row, scrolled into view
    ui.press(app, pygame.K_RIGHT)  # System -> English
    ui.press(app, pygame.K_RIGHT)  # English -> Español
    assert app.settings.language == "es" and i18n.language() == "es"
    assert settings_mod.load(app.settings_path).language == "es"
    drawn = [r.text for r in app.text.records]
    assert "Ajustes" in drawn and "Idioma" in drawn and "‹  Español  ›" in drawn and "Settings" not in drawn
    ui.press(app, pygame.K_ESCAPE)  # back to the title, made before the change: its buttons speak Spanish too
    drawn = [r.text for r in app.text.records]
    assert "Jugar" in drawn and "Play" not in drawn
    ui.press(app, pygame.K_s)
    scene.focus = row
    ui.press(app, pygame.K_RIGHT)  # Español -> System (the test environment asks for none: English)
    assert app.settings.language == "" and i18n.language() == "en"
    assert "Settings" in [r.text for r in app.text.records]


def test_lang_on_the_command_line_holds_the_language_for_the_run(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    from game import i18n
    from game.ui.screens.settings_screen import ROWS

    app = make_app(language="en")
    app.lang_override = "es"
    app.apply_language()
    assert i18n.language() == "es"
    ui.press(app, pygame.K_s)
    scene = app.scenes["settings"]
    row = next(r for r in ROWS if r.key == "language")
    assert scene.value_label(row) == "Definido por --lang"
    scene.change(row, 1)  # the setting cannot change it for this run
    assert app.settings.language == "en" and i18n.language() == "es"
