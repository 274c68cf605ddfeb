"""The own-words exchange and its place in text play, with a tiny bag-of-words embedder (no model needed)."""

from __future__ import annotations

import io
import re

import numpy as np
import pytest

from game.ownwords.match import Candidate, Matcher, clauses, spoken_form
from game.ownwords.prompt import Cancelled, OwnWords
from game.scenario.pack import load_scenario_text
from game.text_play import TextPlay

VOCAB: dict[str, int] = {}


def bag_embed(texts: list[str]) -> np.ndarray:
    """Unit vectors of word counts: similar words, similar vectors. Good enough to test the plumbing."""
    rows = []
    for t in texts:
        v = np.zeros(256, dtype=np.float32)
        for w in re.findall(r"[a-z']+", t.lower()):
            v[VOCAB.setdefault(w, len(VOCAB) % 256)] += 1
        n = np.linalg.norm(v)
        rows.append(v / n if n else v)
    return np.array(rows)


SCENARIO = """
title: Booth
summary: A short test.
characters:
  maya: {name: Maya Chen, role: Recruiter}
nodes:
  hello:
    speaker: maya
    text: Hi! What brings you by?
    choices:
      - id: team
        text: Ask what her team is working on this year.
        examples: [What are you all building right now?]
        to: done
        score: {communication: 2}
        reply: Glad you asked.
      - id: resume
        text: Hand over your resume without a word.
        to: done
        score: {first_impression: -2}
        reply: Oh. Thanks.
      - id: gpa
        text: Tell her your GPA and every class you took.
        if: never_set
        set: {never_set: true}
        to: done
        score: {communication: -1}
endings:
  done: {title: Done, text: That was it., outcome: mixed}
"""


def test_spoken_form_and_clauses() -> None:
    assert spoken_form("Ask what her team is working on this year.") == "what her team is working on this year."
    assert spoken_form("Ask.") == "Ask."  # too short to strip
    assert clauses("Wait a few steps back, reread your notes, and catch her eye") == [
        "Wait a few steps back", "reread your notes", "catch her eye"]


def test_matcher_scores_examples_and_flags_close_calls() -> None:
    m = Matcher([Candidate("a", "Ask about the team", ("what are you building",)), Candidate("b", "Give a resume")],
                bag_embed)
    hit = m.match("what are you building")
    assert hit.choice == "a" and hit.confident and hit.runner_up == "b"
    off = m.match("zebra quantum lasagna")
    assert not off.confident
    with pytest.raises(ValueError):
        Matcher([], bag_embed)


def _play(lines: list[str]) -> tuple[str, TextPlay]:
    sc = load_scenario_text(SCENARIO)
    out = io.StringIO()
    play = TextPlay(sc, inp=io.StringIO("".join(x + "\n" for x in lines)), out=out, color=False, seed=1,
                    own_words=OwnWords(lambda: bag_embed))
    play.run()
    return out.getvalue(), play


def test_typed_answer_is_confirmed_scored_by_the_choice_and_shown_in_the_debrief() -> None:
    text, play = _play(["what are you all building right now", ""])
    assert "I understood: Ask what her team is working on this year." in text
    d = play.session.log[0]
    assert d.choice_id == "team" and d.said == "what are you all building right now"
    assert play.session.scores.get("communication") == 2  # the score is the authored choice's
    assert "You said: \u201cwhat are you all building right now\u201d" in text
    assert "Glad you asked." in text


def test_only_choices_whose_if_holds_are_matched() -> None:
    text, play = _play(["tell her your GPA and every class you took", "a"])
    assert play.session.log[0].choice_id != "gpa"
    assert "GPA" not in text.split("What do you say?")[1].split("You said")[0].replace(
        "tell her your GPA and every class you took", "")


def test_a_number_still_picks_and_question_mark_lists() -> None:
    text, play = _play(["?", "1"])
    assert "  1. " in text and "  2. " in text and "  3. " not in text
    assert play.session.log[0].said is None


def test_not_sure_offers_two_and_other_words_try_again() -> None:
    text, play = _play(["zebra quantum lasagna", "hand over my resume", ""])
    assert "I'm not sure which you mean" in text and "  a) " in text and "  b) " in text
    assert play.session.log[0].choice_id == "resume"
    assert play.session.log[0].said == "hand over my resume"


def test_picking_another_keeps_what_was_typed() -> None:
    sc_text, play = _play(["what are you all building right now", "2"])
    number_two = next(o for o in play.session.scenario.nodes["hello"].choices or [] if o.id == play.session.log[0].choice_id)
    assert play.session.log[0].said == "what are you all building right now"
    assert number_two.text in sc_text


def test_q_stops_while_answering() -> None:
    text, play = _play(["q"])
    assert not play.session.log


def test_cancelled_carries_the_word() -> None:
    ow = OwnWords(lambda: bag_embed)
    with pytest.raises(Cancelled) as info:
        ow.answer([], print, lambda prompt: "r")
    assert info.value.word == "r"


def test_a_model_that_fails_to_load_is_reported_when_used() -> None:
    def broken() -> None:
        raise RuntimeError("damaged model")

    ow = OwnWords(broken)  # type: ignore[arg-type]
    with pytest.raises(RuntimeError, match="damaged"):
        ow.embed()
