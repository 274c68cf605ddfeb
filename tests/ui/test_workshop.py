"""Workshop mode: lettered choices for a show of hands, a discussion card after each decision,
reveal-all from the engine, and the class's path at the end."""

from __future__ import annotations

import pygame

from game.engine.session import Session
from game.ui.reveal import RevealPanel
from game.ui.workshop import GENERIC_PROMPT, PROMPTS, outcomes, principle_at_stake, prompt_for


def to_first_decision(app, ui) -> None:  # type: ignore[no-untyped-def]
    app.render()
    for _ in range(3):  # title, select, briefing
        ui.press(app, pygame.K_RETURN)
    ui.press(app, pygame.K_RETURN)  # past the scene card
    assert app.flow.state == "dialogue" and app.dialogue.phase == "choices"


def texts(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.text for r in app.text.records]


def test_workshop_letters_choices_and_keys_a_to_f_choose(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    app = make_app(workshop=True)
    assert app.theme.text_size == "projector" and app.settings.text_size == "medium"  # not saved
    to_first_decision(app, ui)
    dlg = app.dialogue
    assert [dlg.choices.label(n) for n, _ in dlg.choices.options] == ["A", "B"]
    assert {"A", "B"} <= set(texts(app))  # the badges as drawn
    ui.press(app, pygame.K_b)  # the class votes B
    s = app.flow.session
    assert [d.index for d in s.log] == [1] and s.rapport["maya"] == -1
    assert dlg.beat.kind == "reply"
    assert any(t.startswith("The class: Push your resume") for t in texts(app))
    ui.press(app, pygame.K_RETURN)  # past the reply: the discussion card, not the coach
    assert app.flow.state == "discussion"
    ui.press(app, pygame.K_RETURN)
    assert app.flow.state == "dialogue" and dlg.phase == "choices" and dlg.beat.node_id == "pitch"
    ui.press(app, pygame.K_DOWN)
    ui.press(app, pygame.K_RETURN)  # arrows and Enter still work
    assert s.log[-1].node_id == "pitch" and s.log[-1].index == 1
    ui.press(app, pygame.K_RETURN)  # discussion -> continue
    ui.press(app, pygame.K_RETURN)  # narration
    assert dlg.phase == "choices" and dlg.beat.speaker == "devon"
    ui.click(app, dlg.choices.slots[0].rect.center)  # and the mouse
    assert s.log[-1].node_id == "devon_talk" and s.log[-1].index == 0
    ui.press(app, pygame.K_z)  # not a choice letter: still on the discussion card
    assert app.flow.state == "discussion"


def test_letters_beyond_the_options_do_nothing(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    app = make_app(workshop=True)
    to_first_decision(app, ui)
    ui.press(app, pygame.K_f)  # only A and B are on offer
    assert app.flow.session.log == [] and app.dialogue.phase == "choices"


def test_workshop_text_size_changes_only_for_the_run(make_app, tmp_path, ui) -> None:  # type: ignore[no-untyped-def]
    from game.ui import settings as settings_mod

    app = make_app(workshop=True)
    app.settings_path = tmp_path / "settings.json"
    ui.press(app, pygame.K_MINUS, mod=pygame.KMOD_CTRL)
    assert app.theme.text_size == "large" and app.settings.text_size == "medium"
    assert not app.settings_path.exists()
    ui.press(app, pygame.K_s)
    ui.press(app, pygame.K_RIGHT)  # the settings screen's text size row
    assert app.theme.text_size == "projector"
    assert settings_mod.load(app.settings_path).text_size == "medium"


def test_discussion_card_uses_discuss_field_else_principle_default(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    app = make_app(workshop=True)
    to_first_decision(app, ui)
    ui.press(app, pygame.K_a)  # approach has no `discuss:`, and only first_impression is at stake
    assert app.flow.state == "discussion"
    card = app.scenes["discussion"]
    assert card.prompt.source == "principle" and card.prompt.principle_id == "first_impression"
    assert card.prompt.text == PROMPTS["first_impression"]
    shown = texts(app)
    assert PROMPTS["first_impression"] in shown
    assert "PRINCIPLE AT STAKE · FIRST IMPRESSION" in shown
    assert any("Smile, wait, and introduce yourself" in t for t in shown)  # the class's choice, lettered A
    assert "A" in shown
    ui.press(app, pygame.K_RETURN)
    ui.press(app, pygame.K_a)  # pitch has `discuss: What would you say first?`
    assert app.flow.state == "discussion" and card.prompt.source == "author"
    assert "What would you say first?" in texts(app)
    assert not any(t.startswith("PRINCIPLE AT STAKE") for t in texts(app))


def test_default_prompt_for_a_packs_own_principle_and_for_no_scores(ui) -> None:  # type: ignore[no-untyped-def]
    from game.scenario import Pack, load_scenario_text
    from game.scenario.model import Principle

    pack = Pack(root=None)
    pack.principles = {**pack.principles, "listening": Principle(name="Active listening", summary="Hearing the whole answer.",
                                                                  tip="Wait.")}
    text = ui.SCENARIO.replace("score: {communication: 2}", "score: {listening: 3}")
    sc = load_scenario_text(text, "booth.yaml", pack=pack)
    assert principle_at_stake(sc, "pitch") == "listening"
    beat = Session(sc).current_beat
    p = prompt_for(sc, beat.__class__(**{**beat.__dict__, "node_id": "pitch", "discuss": None}))
    assert p.text == "What does Active listening look like here?" and p.principle_summary == "Hearing the whole answer."
    plain = load_scenario_text(text.replace("score: {listening: 3}", "").replace("score: {communication: -2}", ""),
                               "booth.yaml", pack=pack)
    p = prompt_for(plain, beat.__class__(**{**beat.__dict__, "node_id": "pitch", "discuss": None}))
    assert p.source == "generic" and p.text == GENERIC_PROMPT


def test_reveal_all_matches_the_scenarios_choices(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    app = make_app(workshop=True)
    to_first_decision(app, ui)
    sc = app.flow.session.scenario
    ui.press(app, pygame.K_v)  # on the decision
    panel = app.modal
    assert isinstance(panel, RevealPanel)
    choices = sc.nodes["approach"].choices
    assert [o.text for o in panel.items] == [c.text for c in choices]
    for o, c in zip(panel.items, choices):
        assert o.feedback == c.feedback and o.reply == c.reply
        assert o.score == {p: v for p, v in c.score.items() if v} and o.rapport == c.rapport
        assert o.patterns == c.patterns
    assert [o.best for o in panel.items] == [True, False]  # the engine's review, not ours
    shown = texts(app)
    for c in choices:
        assert c.text in shown and c.feedback in shown
    assert "\u201cOh. Thanks, I guess.\u201d" in " ".join(shown)
    assert any("+2 First impression" in t for t in shown) and any("Maya warms" in t for t in shown)
    assert any("The Hard Seller" in t for t in shown)
    assert any("So, what brings you to Northwind?" in t for t in shown)  # where both options go next
    assert app.flow.session.log == []  # the real playthrough was not touched
    ui.press(app, pygame.K_v)
    assert app.modal is None and app.dialogue.phase == "choices"
    # the button in the top bar opens it too
    ui.click(app, app.dialogue.reveal.rect.center)
    assert isinstance(app.modal, RevealPanel)
    ui.click(app, app.modal.close.rect.center)
    assert app.modal is None and app.flow.session.log == []


def test_reveal_on_the_discussion_card_marks_the_class_choice_and_endings(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    app = make_app(workshop=True)
    to_first_decision(app, ui)
    ui.press(app, pygame.K_b)
    ui.press(app, pygame.K_RETURN)  # reply -> discussion
    ui.click(app, app.scenes["discussion"].reveal.rect.center)
    panel = app.modal
    assert [o.chosen for o in panel.items] == [False, True]
    assert "CLASS CHOICE" in texts(app)
    ui.press(app, pygame.K_ESCAPE)
    assert app.modal is None and app.flow.state == "discussion"
    # options that end the scenario (through narration and a branch) name the ending the engine reaches
    s = app.flow.session
    warm = outcomes(s.scenario, [0, 0], mode=s.mode, seed=s.seed)
    assert [(o.ending_title, o.ending_outcome) for o in warm] == [("A warm lead", "success")] * 2
    cold = outcomes(s.scenario, [1, 0], mode=s.mode, seed=s.seed)
    assert [o.ending_title for o in cold] == ["The trail goes cold"] * 2
    assert all(o.next_line is None for o in warm + cold)


def test_class_path_and_debrief_at_the_end(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    from game.ui.screens import play_to_end

    app = make_app(workshop=True)
    to_first_decision(app, ui)
    play_to_end(app)  # alternates the last and the first option, by letter
    assert app.flow.state == "debrief"
    app.render()
    s = app.flow.session
    assert [d.index for d in s.log] == [1, 0, 1]
    shown = texts(app)
    assert "The class's path" in shown
    assert any(t.startswith("CLASS DEBRIEF") for t in shown)
    for d in s.log:
        prompt = s.scenario.nodes[d.node_id].text
        assert any(t.startswith(f"{d.step + 1}. {prompt[:20]}") for t in shown), prompt
        letter = "AB"[d.number - 1]
        assert any(t.startswith(f"{letter} · {d.text}") for t in shown)
    assert app.flow.debrief.ending_id == s.ending_id


def test_workshop_attempts_are_recorded_like_normal_play(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    from game.ui.results import MemoryResults
    from game.ui.screens import play_to_end

    calls: list[tuple[str, object]] = []

    class Spy(MemoryResults):
        def begin(self, session, player, workshop):  # type: ignore[no-untyped-def]
            calls.append(("begin", workshop))
            super().begin(session, player, workshop)

        def decision(self, session, decision):  # type: ignore[no-untyped-def]
            calls.append(("decision", decision.index))

        def finish(self, session, debrief):  # type: ignore[no-untyped-def]
            calls.append(("finish", debrief.grade))
            super().finish(session, debrief)

    app = make_app(workshop=True)
    app.results = Spy()
    to_first_decision(app, ui)
    play_to_end(app)
    assert calls[0] == ("begin", True)
    assert [c for c in calls if c[0] == "decision"] == [("decision", 1), ("decision", 0), ("decision", 1)]
    assert calls[-1] == ("finish", app.flow.debrief.grade)
    assert app.results.best_for(app.flow.debrief.scenario_id) is not None
