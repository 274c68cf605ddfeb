"""Session: the transitions-driven model of one playthrough (docs/dev/engine-api.md)."""

from __future__ import annotations

import pytest

from game.engine.session import Beat, Session, SessionError, trigger_name

from .helpers import hallway, scenario
from .test_rules import HIDDEN


def test_opening_passes_narration_and_stops_at_the_first_decision() -> None:
    s = Session(hallway(), in_order=True)
    assert [b.node_id for b in s.opening] == ["intro", "hello"]
    intro, hello = s.opening
    assert intro == Beat("intro", "narrator", intro.text, "Monday, 9:10", "office", "node", None, None)
    assert hello.kind == "decision" and hello.speaker == "sam"
    assert hello.timer == 20 and hello.discuss == "What makes a first hello memorable?"
    assert s.node_id == "hello" and s.current_beat == hello
    assert not s.finished and s.ending_id is None and s.ending is None
    assert s.visited == {"intro", "hello"}
    s.close()


def test_options_are_numbered_from_one_among_those_shown() -> None:
    s = Session(hallway(), in_order=True)
    s.choose(3)  # no `greeted`, first impression -1
    assert [(o.number, o.index) for o in s.options()] == [(1, 1)]
    assert s.may_choose(1) and not s.may_choose(2)
    s.close()
    s = Session(hallway(), in_order=True)
    s.choose(1)  # greeted, first impression 2
    assert [(o.number, o.index) for o in s.options()] == [(1, 0), (2, 1), (3, 2)]
    s.close()


def test_a_step_carries_the_decision_reply_beats_and_ending() -> None:
    s = Session(hallway(), in_order=True)
    step = s.choose(1, elapsed=2.5)
    d = step.decision
    assert (d.step, d.node_id, d.number, d.index, d.to) == (0, "hello", 1, 0, "ask")
    assert d.score == {"first_impression": 2} and d.rapport == {"sam": 1} and d.set == {"greeted": True}
    assert d.elapsed == 2.5 and d.patterns == ()
    assert step.reply == Beat("hello", "sam", "Ha. Forever. I'm Sam.", None, "office", "reply")
    assert [b.node_id for b in step.beats] == ["ask"] and step.ending is None
    step = s.choose(2)  # tell Sam about the bug: favours unset, rapport 2 -> cold -> missed
    assert step.decision.patterns == ("self_server",)
    assert [b.node_id for b in step.beats] == ["favour", "cold"]
    assert step.ending is not None and step.ending.outcome == "setback"
    assert s.finished and s.ending_id == "missed" and s.node_id == "missed"
    assert s.options() == [] and s.current_beat is None
    with pytest.raises(SessionError):
        s.choose(1)
    s.close()


def test_scene_breaks_and_settings_follow_the_path() -> None:
    s = Session(hallway(), in_order=True)
    s.choose(1)
    step = s.choose(1)  # ask about Sam's work: rapport 3 -> warm_offer
    assert [b.node_id for b in step.beats] == ["favour", "warm_offer"]
    assert step.beats[-1].setting == "coffee_shop"
    step = s.choose(1)  # promise
    later, follow = step.beats
    assert (later.node_id, later.scene, later.setting) == ("later", "A week later", "home_office")
    assert follow.setting == "home_office" and follow.speaker == "you"
    s.close()


def test_numbers_not_on_offer_are_refused() -> None:
    s = Session(hallway(), in_order=True)
    for n in (0, 4, -1):
        with pytest.raises(SessionError):
            s.choose(n)
    with pytest.raises(SessionError):
        s.choose_index(7)
    assert s.log == [] and s.node_id == "hello"
    s.close()


def test_rewind_goes_back_to_just_before_a_decision() -> None:
    s = Session(hallway(), in_order=True)
    s.choose(1, elapsed=1.0)
    s.choose(1, elapsed=2.0)
    s.choose(2)  # ask for the CTO instead: no promise, so the week later leads to `wrap`
    assert s.node_id == "wrap"
    s.rewind(1)
    assert s.node_id == "ask" and len(s.log) == 1 and s.log[0].elapsed == 1.0
    assert s.scores["communication"] == 0 and s.rapport["sam"] == 2 and s.flags == {"greeted": True}
    s.choose(3)
    assert s.node_id == "offer"
    s.rewind(0)
    assert s.node_id == "hello" and s.log == [] and s.flags == {}
    with pytest.raises(SessionError):
        s.rewind(1)
    s.close()


def test_sessions_of_one_scenario_share_the_machine_but_not_state() -> None:
    sc = hallway()
    a, b = Session(sc, in_order=True), Session(sc, in_order=True)
    assert a._machine is b._machine
    a.choose(1)
    assert b.node_id == "hello" and b.scores["first_impression"] == 0
    b.choose(2)
    assert a.scores["first_impression"] == 2 and b.scores["first_impression"] == -1
    a.close()
    assert a not in a._machine.models and b in b._machine.models
    a.close()  # twice is harmless
    b.close()


def test_every_choice_is_a_trigger_with_its_condition() -> None:
    sc = hallway()
    s = Session(sc, in_order=True)
    assert hasattr(s, trigger_name("hello", 0))
    assert s._machine.get_transitions(trigger_name("ask", 0))[0].conditions
    s.close()


def test_a_decision_whose_choices_are_all_hidden_offers_them_all() -> None:
    sc = scenario(HIDDEN)
    s = Session(sc, in_order=True)
    s.choose(2)  # x unset: both choices at `ask` are hidden, so both are offered
    assert [o.number for o in s.options()] == [1, 2]
    step = s.choose(2)
    assert step.ending is not None and s.ending_id == "no"
    s.close()
    s = Session(sc, in_order=True)
    s.choose(1)
    assert [o.index for o in s.options()] == [0, 1]
    s.choose(2)
    assert s.ending_id == "no"
    s.close()


def test_reply_speaker_is_the_person_present() -> None:
    sc = scenario("""
title: Replies
summary: Who answers.
characters:
  ana: {name: Ana}
  bo: {name: Bo}
nodes:
  a:
    text: Narration.
    choices:
      - {text: To Bo., to: b, reply: Hi from Bo.}
      - {text: Straight to the end., to: fin, reply: Someone answers.}
  b:
    speaker: bo
    text: Bo speaks.
    choices:
      - {text: Bye., to: fin, reply: Bye from Bo.}
endings:
  fin: {title: F, text: F., outcome: mixed}
""")
    s = Session(sc, in_order=True)
    assert s.choose(1).reply.speaker == "bo"  # type: ignore[union-attr]
    assert s.choose(1).reply.speaker == "bo"  # type: ignore[union-attr]
    s.close()
    s = Session(sc, in_order=True)
    assert s.choose(2).reply.speaker == "ana"  # type: ignore[union-attr]  # first character
    s.close()


def test_a_scenario_without_decisions_ends_at_once() -> None:
    sc = scenario("""
title: Short
summary: Nothing to decide.
nodes:
  a: {text: It happens., end: fin}
endings:
  fin: {title: F, text: F., outcome: mixed}
""")
    s = Session(sc, in_order=True)
    assert s.finished and s.ending_id == "fin" and [b.node_id for b in s.opening] == ["a"]
    s.close()


def test_transcript_keeps_everything_shown_in_order() -> None:
    s = Session(hallway(), in_order=True)
    s.choose(2)
    assert [(b.node_id, b.kind) for b in s.transcript] == [
        ("intro", "node"), ("hello", "decision"), ("hello", "reply"), ("ask", "decision")]
    s.close()
