"""check: cross-references the model alone cannot see — targets, names, assets, conditions, node kinds, loops."""

from __future__ import annotations

import time

import pytest

from game.scenario import Pack, ScenarioError, load_scenario_text
from game.scenario.errors import Finding
from game.scenario.expr import Condition
from game.scenario.model import Principle

from .conftest import BASE


def errors(text: str, pack: Pack | None = None) -> list[Finding]:
    with pytest.raises(ScenarioError) as info:
        load_scenario_text(text, "s.yaml", pack=pack)
    return info.value.findings


def chain(n: int, *, back_to: int | None = None) -> str:
    """A scenario of n nodes in a row, each with two choices; optionally the last one points back."""
    lines = ["title: Chain", "summary: Many nodes.", "nodes:"]
    for i in range(n):
        nxt = f"n{i + 1}" if i + 1 < n else (f"n{back_to}" if back_to is not None else "end")
        lines += [f"  n{i}:", "    text: Step.", "    choices:",
                  f"      - text: Good.\n        to: {nxt}\n        score: {{communication: 1}}\n"
                  "        feedback: Yes.",
                  f"      - text: Bad.\n        to: {nxt}\n        score: {{communication: -1}}\n        feedback: No."]
    lines += ["endings:", "  end:", "    title: End", "    text: Done.", "    outcome: mixed"]
    return "\n".join(lines) + "\n"


def test_conditions_are_parsed_once_and_kept() -> None:
    sc = load_scenario_text(BASE, "s.yaml")
    cond = sc.condition("pitch", "branch", 0)
    assert isinstance(cond, Condition)
    assert cond.flags == {"introduced"} and cond.characters == {"maya"}
    assert sc.condition("pitch", "branch", 1) is None
    assert sc.condition("approach", "choice", 0) is None


def test_loop_message_names_every_node_on_it() -> None:
    (f,) = errors(chain(6, back_to=2))
    assert f.code == "loop"
    assert "n2 → n3 → n4 → n5 → n2" in f.message
    lines = chain(6, back_to=2).splitlines()
    assert f.line == lines.index("        to: n2", lines.index("  n5:")) + 1  # the edge that closes it


def test_loop_in_a_part_no_path_reaches_is_still_an_error() -> None:
    text = BASE.replace("endings:", "  x:\n    next: y\n  y:\n    next: x\nendings:")
    (f,) = errors(text)
    assert f.code == "loop" and "x → y → x" in f.message


def test_each_loop_once() -> None:
    text = BASE.replace("      - to: cold", "      - to: approach")
    assert [f.code for f in errors(text)] == ["loop"]


def test_long_chain_has_no_recursion_limit() -> None:
    text = chain(3000, back_to=0)
    start = time.perf_counter()
    (f,) = errors(text)
    assert f.code == "loop" and f.message.count("→") == 3000
    assert time.perf_counter() - start < 60  # only a hang (or a recursion blow-up retried) gets near this


def test_2000_node_scenario_validates() -> None:
    """The time is a `make bench` figure (bench_validate); here only a hang would fail."""
    text = chain(2000)
    start = time.perf_counter()
    sc = load_scenario_text(text, "big.yaml")
    assert len(sc.nodes) == 2000
    assert time.perf_counter() - start < 60


def test_speakers_narrator_and_you_need_no_character() -> None:
    text = BASE.replace("    speaker: maya\n    text: Hello", "    speaker: you\n    text: Hello").replace(
        "    speaker: maya\n    text: What", "    speaker: narrator\n    text: What")
    assert load_scenario_text(text, "s.yaml").nodes["approach"].speaker == "you"


def test_end_naming_a_node_says_how_to_go_there() -> None:
    branch = "    branch:\n      - if: introduced and maya.rapport >= 1\n        to: warm\n      - to: cold\n"
    text = BASE.replace(branch, "    end: approach\n")
    (f,) = errors(text)
    assert f.message == "`approach` names no ending; `approach` is a node, so use `next: approach` to go there."


def test_a_packs_own_principles_are_the_ones_known() -> None:
    pack = Pack(root=None, principles={"listening": Principle(name="Listening", summary="s", tip="t")},
                patterns={})
    text = BASE.replace("focus: [first_impression]\n", "").replace("pattern: hard_seller", "")
    found = errors(text, pack)
    assert {f.code for f in found} == {"unknown-principle"}
    assert all("the principles are `listening`" in f.message for f in found)
    ok = text.replace("first_impression", "listening")
    assert load_scenario_text(ok, "s.yaml", pack=pack).nodes


@pytest.mark.parametrize("condition", ["read_article", "communicated", "followed_up", "maya_met", "authentic"])
def test_a_flag_no_choice_sets_still_loads(condition: str) -> None:
    """The spec: a flag never set reads as false. Lint warns; loading does not fail."""
    text = BASE.replace("if: introduced and maya.rapport >= 1", f"if: {condition}")
    assert load_scenario_text(text, "s.yaml").condition("pitch", "branch", 0) is not None


def test_a_misspelled_principle_in_a_condition_is_an_unknown_name() -> None:
    text = BASE.replace("if: introduced and maya.rapport >= 1", "if: reciprocty >= 2")
    (f,) = errors(text)
    assert (f.line, f.column, f.code) == (28, 13, "bad-expression")
    assert "unknown principle `reciprocty` (did you mean `reciprocity`?)" in f.message


def test_a_set_flag_close_to_a_principle_name_is_a_flag() -> None:
    text = BASE.replace("set: {introduced: true}", "set: {reciprocal: true}").replace(
        "if: introduced and maya.rapport >= 1", "if: reciprocal")
    assert load_scenario_text(text, "s.yaml").condition("pitch", "branch", 0) is not None


def test_node_and_ending_share_one_namespace() -> None:
    text = BASE + "  pitch:\n    title: Again\n    text: x\n    outcome: mixed\n"
    (f,) = errors(text)
    assert f.code == "duplicate-id" and f.message.startswith("`pitch` is both a node and an ending")


def test_flag_with_a_dash_is_refused() -> None:
    text = BASE.replace("set: {introduced: true}", "set: {intro-duced: true}").replace(
        "if: introduced and", "if:")
    (f,) = errors(text)
    assert f.code == "flag-name" and "(no `-`)" in f.message
