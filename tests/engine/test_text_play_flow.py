"""Terminal play's flow: lines wrapped to the terminal, what each choice did, and the debrief's other side."""

from __future__ import annotations

import io
import os
import random
from typing import Any

import pytest

from game.engine.order import perspective_of, reflect_of
from game.engine.rules import PlayState, Rules
from game.engine.scoring import analysis_for, reflect_questions
from game.engine.simulate import play_indices
from game.scenario import load_pack
from game.scenario.model import Scenario
from game.termwrap import fit, width_of, wrap
from game.text_play import TextResult, pick_scenario, play_text

from .helpers import REPO, hallway

BEST = "1\n3\n1\n1\n1\n"  # the hallway's focus-best path: hired
ROUGH = "x\n\n7\n2\nr\nr\n1\n1\n2\n 1 \n"  # a hard sell, rewinds, then an ask that costs rapport


def run(sc: Scenario, script: str, mode: str = "practice", width: int | None = None,
        recorder: Any = None) -> tuple[TextResult, str]:
    out = io.StringIO()
    result = play_text(sc, mode=mode, inp=io.StringIO(script), out=out, in_order=True,  # type: ignore[arg-type]
                       width=width, recorder=recorder)
    return result, out.getvalue()


def paths(sc: Scenario, seed: int, n: int = 2) -> list[list[int]]:
    """The best path and `n` random ones, as file indexes."""
    rng = random.Random(seed)
    found = [[i for _n, i in analysis_for(sc).best_path()]]
    for _ in range(n):
        rules, state = Rules.of(sc), PlayState.initial(sc)
        nid, indices = rules.enter(sc.start_id, state), []
        while nid not in sc.endings:
            i, c = rng.choice(rules.available(nid, state))
            indices.append(i)
            state.apply(c)
            nid = rules.enter(c.to, state)
        found.append(indices)
    return found


def script_for(sc: Scenario, indices: list[int]) -> tuple[str, str]:
    expected = play_indices(sc, indices)
    return "".join(f"{n}\n" for _nid, _i, n in expected.taken), expected.ending_id


# ------------------------------------------------------------------ wrapping
@pytest.mark.parametrize("width", [36, 52, 80])
def test_every_scenario_wraps_to_the_width_and_never_breaks_a_word(width: int) -> None:
    pack = load_pack(REPO / "scenarios")
    for sc in pack.scenarios:
        for indices in paths(sc, width):
            script, _ending = script_for(sc, indices)
            _, wide = run(sc, script, width=1000)
            _, narrow = run(sc, script, width=width)
            longest = max(width_of(w) for w in wide.split())
            assert longest <= width, f"{sc.id}: a word of {longest} columns would have to be split"
            for line in narrow.splitlines():
                assert width_of(line) <= width, f"{sc.id}: {line!r}"
            # the same words in the same order: none was cut, none was joined to the next
            assert narrow.split() == wide.split(), sc.id
            assert narrow.count("\n") > wide.count("\n"), sc.id


def test_a_wrapped_option_continues_under_its_text() -> None:
    _, text = run(hallway(), "1\n", width=36)
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("  1. "))
    assert lines[first + 1].startswith("     ") and not lines[first + 1].startswith("      ")


def test_the_terminal_width_is_used_and_80_when_it_cannot_be_told(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "44")
    _, text = run(hallway(), BEST)
    assert max(width_of(line) for line in text.splitlines()) <= 44
    assert any(width_of(line) > 38 for line in text.splitlines())

    monkeypatch.delenv("COLUMNS")

    def no_terminal(*args: Any) -> os.terminal_size:
        raise OSError("not a terminal")

    monkeypatch.setattr(os, "get_terminal_size", no_terminal)
    _, text = run(hallway(), BEST)
    assert max(width_of(line) for line in text.splitlines()) <= 80
    assert any(width_of(line) > 70 for line in text.splitlines())


def test_the_scenario_list_wraps_too() -> None:
    out = io.StringIO()
    pick_scenario(load_pack(REPO / "scenarios"), inp=io.StringIO("q\n"), out=out, width=40)
    assert out.getvalue().count("\n") > 12
    assert all(width_of(line) <= 40 for line in out.getvalue().splitlines())


def test_only_a_word_longer_than_the_line_is_split() -> None:
    word = "x" * 25
    lines = wrap(f"Visit {word} now", 10)
    assert lines == ["Visit", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxx now"]
    assert wrap("well-known names stay whole", 12) == ["well-known", "names stay", "whole"]


def test_wrapping_keeps_a_fitting_line_and_color_codes_take_no_room() -> None:
    row = "  First impression  +3   worst  -2, best  +4"
    assert fit(row, 80) == row  # the debrief's columns keep their spaces
    bold = "\x1b[1mSam Ortiz:\x1b[0m Hello there"
    assert wrap(bold, 22) == [bold]  # 22 columns shown, though the string is longer
    assert wrap("\u4f60\u597d\u4f60\u597d \u4f60\u597d", 9) == ["\u4f60\u597d\u4f60\u597d", "\u4f60\u597d"]


def test_the_prompt_keeps_its_space_when_it_wraps() -> None:
    _, text = run(hallway(), "1\n", width=12)
    assert "(1-3): 1\n" in text


# ------------------------------------------------------------------ what a choice did
class Decisions:
    def __init__(self) -> None:
        self.made: list[Any] = []

    def decision(self, d: Any) -> None:
        self.made.append(d)

    def rewind(self, k: int) -> None:
        del self.made[k:]

    def finish(self, debrief: Any) -> None:
        pass

    def abandon(self) -> None:
        pass


@pytest.mark.parametrize("script", [BEST, ROUGH])
def test_after_each_choice_the_score_chips_and_who_warmed_or_cooled(script: str) -> None:
    sc = hallway()
    assert sc.pack is not None
    rec = Decisions()
    _, text = run(sc, script, recorder=rec)
    play = text.split("Debrief:")[0]
    at = 0
    for d in rec.made:  # each decision's own effects, in order, after its coach's note
        at = play.index(f"Coach: {d.feedback}", at)
        chips = "  ".join(f"{v:+d} {sc.pack.principles[p].name}" for p, v in d.score.items() if v)
        at = play.index(chips, at)
        for cid, v in d.rapport.items():
            name = sc.characters[cid].name
            at = play.index(f"{name} warmed to you." if v > 0 else f"{name} cooled toward you.", at)


def test_the_chips_say_the_hallways_numbers() -> None:
    _, text = run(hallway(), BEST)
    assert "+2 First impression\nSam Ortiz warmed to you." in text
    assert "+2 Authenticity  +1 First impression" in text
    _, text = run(hallway(), ROUGH)
    assert "-2 Reciprocity\nSam Ortiz cooled toward you." in text
    assert "Pattern: The \"Gimme\" Syndrome. Every exchange is a request" in text


def test_assessment_keeps_the_chips_for_the_debrief() -> None:
    _, text = run(hallway(), BEST, mode="assessment")
    play = text.split("Debrief:")[0]
    assert "First impression" not in play and "warmed to you" not in play


# ------------------------------------------------------------------ the debrief
def test_the_debrief_shows_their_side_and_the_numbered_questions() -> None:
    pack = load_pack(REPO / "scenarios")
    seen_sides = 0
    for sc in pack.scenarios:
        questions = reflect_questions(reflect_of(sc))
        for indices in paths(sc, 3):
            script, ending = script_for(sc, indices)
            result, text = run(sc, script)
            assert result.finished and result.ending_id == ending
            played, debrief = text.split("Debrief:")[:2]
            # Their side speaks only for the people met on this path: seen speaking (a line or a reply) or
            # warming or cooling in the transcript above the debrief.
            met = {cid for cid, ch in sc.characters.items()
                   if f"{ch.name}: " in played or f"{ch.name} warmed to you" in played
                   or f"{ch.name} cooled toward you" in played}
            sides = {cid: said for cid, said in perspective_of(sc.endings[ending]).items() if cid in met}
            if sides:
                seen_sides += 1
                theirs = debrief.split("Their side\n")[1].split("\n\n")[0]
                for cid, said in sides.items():
                    assert f"  {sc.characters[cid].name}: {said}" in theirs, (sc.id, ending, cid)
                for cid in set(perspective_of(sc.endings[ending])) - met:
                    assert f"  {sc.characters[cid].name}: " not in theirs, (sc.id, ending, cid, "never met")
            else:
                assert "Their side" not in debrief
            if questions:
                asked = debrief.split("To think about\n")[1]
                assert asked.rstrip("\n").splitlines() == [f"  {n}. {q}" for n, q in enumerate(questions, 1)]
    assert seen_sides > 10


def test_the_debrief_wraps_too() -> None:
    sc = load_pack(REPO / "scenarios").scenario("coffee-chat")
    assert sc is not None
    script, _ = script_for(sc, [i for _n, i in analysis_for(sc).best_path()])
    _, text = run(sc, script, width=40)
    debrief = text.split("Debrief:")[1]
    assert "To think about\n  1. " in debrief and "\n     " in debrief.split("To think about")[1]
    assert all(width_of(line) <= 40 for line in debrief.splitlines())
