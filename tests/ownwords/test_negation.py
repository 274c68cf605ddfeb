"""Negation in own-words matching: the polarity rules, the matcher's use of them, and the held-out set.

The rules and the matcher are tested with a bag-of-words embedder that, like sentence embeddings,
all but ignores "not". `negations.yaml` is a held-out set of negated answers, written before the
negation handling was run on it; on the real model it is held to a ceiling of confident wrong picks.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from game.ownwords import missing
from game.ownwords.match import RESCUE, Candidate, Matcher
from game.ownwords.negation import polarity, same_word, stem
from tests.ownwords.test_accuracy import _entries, _scenarios, measure

NEGATIONS = Path(__file__).with_name("negations.yaml")

# Measured on 2026-12-04, real model. Batch 1 (27 entries) of negations.yaml:
#   without the negation check: top-1 59.3%, top-2 92.6%, 8 of 27 wrong and confident;
#   with it:                    top-1 85.2%, top-2 92.6%, 0 of 27 wrong and confident.
# Batch 2 (15 entries, written after the rules were adjusted) turned out easy: 100% top-1 with or
# without the check, none wrong and confident; with it, one right answer lost its confidence (a tie
# of one conflict and one agreement). The whole file (42 entries, 10 scenarios):
#   without: top-1 73.8%, top-2 95.2%, 8 wrong and confident; with: 90.5%, 95.2%, 0.
# The floors sit two entries (4.8 points) under what we measured; the ceiling allows one confident
# wrong pick in 42.
NEG_TOP1_FLOOR = 0.85
NEG_TOP2_FLOOR = 0.90
SURE_WRONG_CEILING = 0.03


VOCAB: dict[str, int] = {}
_BLIND = {"not", "no", "never", "don't", "didn't", "won't", "haven't", "isn't", "can't", "without"}


def blind_embed(texts: list[str]) -> np.ndarray:
    """Unit vectors of word counts that do not see negation words, as sentence embeddings nearly do not."""
    rows = []
    for t in texts:
        v = np.zeros(512, dtype=np.float32)
        for w in re.findall(r"[a-z']+", t.lower()):
            if w not in _BLIND:
                v[VOCAB.setdefault(w, len(VOCAB) % 512)] += 1
        n = np.linalg.norm(v)
        rows.append(v / n if n else v)
    return np.array(rows)


def test_a_cue_denies_the_words_of_its_clause_only() -> None:
    p = polarity("I don't have a resume with me, but what does the first year look like?")
    assert stem("resume") in p.denied
    assert stem("resume") not in p.affirmed
    assert {stem("year"), stem("look")} <= p.affirmed
    assert not (p.denied & {stem("year"), stem("look")})


@pytest.mark.parametrize("text", ["I did not apply", "I didn't apply", "I never applied", "I haven’t applied",
                                  "no application from me", "I'd wait instead of applying",
                                  "I'd wait rather than applying", "without applying"])
def test_every_cue_denies_apply(text: str) -> None:
    p = polarity(text)
    assert any(same_word(w, stem("apply")) for w in p.denied), (text, p)
    assert not any(same_word(w, stem("apply")) for w in p.affirmed), (text, p)


@pytest.mark.parametrize("text", ["I applied, and a no is fine.", "No, I applied on Saturday.", "I applied. No is fine."])
def test_a_no_that_answers_or_is_a_noun_denies_nothing(text: str) -> None:
    p = polarity(text)
    assert not p.denied, (text, p)
    assert any(same_word(w, stem("apply")) for w in p.affirmed), (text, p)


def test_stems_join_forms_of_one_word_and_accents_fold() -> None:
    assert same_word(stem("applied"), stem("apply")) and same_word(stem("application"), stem("applying"))
    assert same_word(stem("sent"), stem("send")) and same_word(stem("writing"), stem("write"))
    assert not same_word(stem("notes"), stem("nothing")) and not same_word(stem("comes"), stem("company"))
    assert polarity("Sofía").affirmed == polarity("sofia").affirmed


def test_contradiction_needs_a_conflict_that_agreements_do_not_outweigh() -> None:
    applied = polarity("Say you applied on Saturday, and ask if it's too late for a referral.")
    assert polarity("I did not apply").contradicts(applied)
    assert not polarity("I applied on Saturday").contradicts(applied)
    assert not polarity("I'm hungry").contradicts(applied)  # nothing shared: no verdict
    email = polarity("Ask whether you could email her one follow-up question after the fair.")
    assert not polarity("I don't have a question right now, but could I email you after the fair?").contradicts(email)


def test_a_choice_that_says_no_agrees_with_an_answer_that_says_no() -> None:
    quiet = polarity("Don't write. The last thing you want is to look pushy again.")
    assert not polarity("I won't write to her").contradicts(quiet)
    assert polarity("I'll write to her tonight").contradicts(quiet)


CANDS = [Candidate("own-up", "Say you did apply on Saturday, and ask if it is too late for a referral."),
         Candidate("weighing", "Say you are still weighing it over."),
         Candidate("gift", "Send him a coffee gift card.")]
DENIED = "I did not apply on saturday, still weighing it over"


def test_the_blind_embedder_prefers_the_choice_the_answer_denies() -> None:
    scores = Matcher(CANDS, blind_embed).scores(DENIED)
    assert scores[0] > scores[1] > scores[2]  # so the check below has something to correct
    plain = Matcher(CANDS, blind_embed).match("I did apply on saturday, is it too late for a referral")
    assert plain.choice == "own-up" and plain.confident and plain.contradicted == ()


def test_a_contradicted_best_choice_gives_way_and_no_one_is_confident() -> None:
    m = Matcher(CANDS, blind_embed).match(DENIED)
    assert m.contradicted == ("own-up",)
    assert (m.choice, m.runner_up) == ("weighing", "own-up")
    assert not m.confident
    assert m.runner_up_score is not None and m.runner_up_score > m.score  # the similarities stay each choice's own


def test_when_nothing_agrees_the_contradicted_choice_stays_but_is_not_sure() -> None:
    cands = [Candidate("own-up", "Say you did apply on Saturday."), Candidate("also", "Say you did apply on Sunday.")]
    m = Matcher(cands, blind_embed).match("I did not apply on saturday")
    assert m.choice == "own-up" and not m.confident and set(m.contradicted) == {"own-up", "also"}


def test_a_far_lower_agreeing_choice_is_offered_beside_the_contradicted_one() -> None:
    cands = [Candidate("own-up", "Say you did apply on Saturday morning at the library."),
             Candidate("also", "Say you did apply on Saturday morning at home."),
             Candidate("other", "Say you are still thinking.")]
    matcher = Matcher(cands, blind_embed)
    typed = "I did not apply on saturday morning at the library, still thinking"
    scores = matcher.scores(typed)
    assert scores[0] > scores[1] > scores[2] and scores[0] - scores[2] > RESCUE
    m = matcher.match(typed)
    assert (m.choice, m.runner_up, m.confident) == ("own-up", "other", False)


_CUE = re.compile(r"\b(?:not|no|never|without|nor|neither)\b|n't|\binstead of\b|\brather than\b", re.IGNORECASE)


def test_the_held_out_set_is_well_formed() -> None:
    entries = _entries(NEGATIONS)
    scenarios = _scenarios()
    assert len(entries) >= 20
    assert len(Counter(e["scenario"] for e in entries)) >= 5
    for i, e in enumerate(entries, 1):
        assert set(e) == {"scenario", "node", "text", "expect"}, f"entry {i}: keys {sorted(e)}"
        assert _CUE.search(str(e["text"]).replace("\u2019", "'")), f"entry {i}: no negation in {e['text']!r}"
        node = scenarios[str(e["scenario"])].nodes[str(e["node"])]
        assert str(e["expect"]) in [c.choice_id for c in node.choices or []], f"entry {i}: no choice {e['expect']}"


@pytest.mark.skipif(missing() is not None, reason="needs the own-words extra (pip install \"rapport-trainer[own-words]\")")
def test_negations_are_rarely_matched_wrongly_with_confidence() -> None:
    res = measure(NEGATIONS)
    assert res["sure_wrong"] <= SURE_WRONG_CEILING, (
        f"{res['sure_wrong']:.1%} of negated answers matched a wrong choice with confidence "
        f"(ceiling {SURE_WRONG_CEILING:.0%})")
    assert res["top1"] >= NEG_TOP1_FLOOR, f"top-1 on negations {res['top1']:.1%} is below {NEG_TOP1_FLOOR:.0%}"
    assert res["top2"] >= NEG_TOP2_FLOOR, f"top-2 on negations {res['top2']:.1%} is below {NEG_TOP2_FLOOR:.0%}"
