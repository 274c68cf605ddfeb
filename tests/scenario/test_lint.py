"""lint and lint_rules: static warnings with stable codes and exact positions, and lint over files and folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.scenario import Scenario, load_scenario_text
from game.scenario.errors import Finding
from game.scenario.lint import check_paths
from game.scenario.lint_rules import CODES, static_warnings
from game.scenario.model import build_scenario

from .conftest import BASE, BROKEN, GOOD


def warnings_for(text: str) -> list[tuple[int, int, str, str]]:
    sc = load_scenario_text(text, "s.yaml")
    return [(f.line, f.column, f.code, f.message) for f in static_warnings(sc)]


def col(text: str, line: int, needle: str) -> int:
    return text.splitlines()[line - 1].index(needle) + 1


def test_the_base_scenario_has_no_warnings() -> None:
    assert warnings_for(BASE) == []


def test_unreachable_node_and_ending() -> None:
    text = BASE.replace("endings:", "  aside:\n    text: Nobody comes here.\n    next: lost\nendings:") + (
        "  lost:\n    title: Lost\n    text: Nobody ends here either.\n    outcome: mixed\n")
    assert warnings_for(text) == [
        (31, 3, "unreachable-node", "no choice, `next` or `branch` leads to node `aside` from the start "
                                    "(`approach`), so no player will see it; link to it, or remove it."),
        (43, 3, "unreachable-ending", "no choice, `next`, `branch` or `end` leads to ending `lost`, so no player "
                                      "can reach it; send a choice there, or remove it."),
    ]


def test_reachability_ignores_conditions_and_follows_start() -> None:
    text = "start: pitch\n" + BASE
    (w,) = warnings_for(text)
    assert (w[0], w[2]) == (10, "unreachable-node") and "`approach`" in w[3]


def test_no_feedback() -> None:
    text = BASE.replace("        feedback: Too fast.\n", "")
    assert warnings_for(text) == [(19, 9, "no-feedback", "this choice has no `feedback`; add a line from the coach "
                                   "saying why it helps or hurts (shown after the choice in practice mode, and in "
                                   "the debrief).")]


def test_focus_unscored() -> None:
    text = BASE.replace("focus: [first_impression]", "focus: [first_impression, reciprocity]")
    assert warnings_for(text) == [(3, 27, "focus-unscored", "`reciprocity` is in `focus`, but no choice scores it; "
                                   "add `score: {reciprocity: ...}` to some choices, or take it out of `focus`.")]


def test_a_zero_score_does_not_count_as_scoring() -> None:
    text = BASE.replace("focus: [first_impression]", "focus: [first_impression, reciprocity]").replace(
        "score: {first_impression: 2}", "score: {first_impression: 2, reciprocity: 0}")
    assert [w[2] for w in warnings_for(text)] == ["focus-unscored"]


def test_choice_cannot_matter() -> None:
    text = BASE.replace("score: {first_impression: -2}\n        pattern: hard_seller\n",
                        "score: {first_impression: 2}\n        rapport: {maya: 1}\n        set: {introduced: true}\n")
    assert warnings_for(text) == [(12, 5, "choice-cannot-matter", "both choices of node `approach` lead to `pitch` "
                                   "with the same effects, so the choice cannot matter; give them different scores, "
                                   "rapport, flags or destinations.")]


def test_choices_that_differ_only_in_a_pattern_do_matter() -> None:
    text = BASE.replace("score: {first_impression: -2}\n", "score: {first_impression: 2}\n"
                        "        rapport: {maya: 1}\n        set: {introduced: true}\n")
    assert warnings_for(text) == []


def test_a_single_choice_is_no_decision() -> None:
    text = BASE.replace("      - text: Push your resume.\n        to: pitch\n        score: {first_impression: -2}\n"
                        "        pattern: hard_seller\n        feedback: Too fast.\n", "")
    assert warnings_for(text) == []


def test_flag_never_set_with_did_you_mean() -> None:
    text = BASE.replace("if: introduced and maya.rapport >= 1", "if: maya.rapport >= 1 and introducd")
    line = 28
    assert warnings_for(text) == [(line, col(text, line, "introducd"), "flag-never-set",
                                   "the condition reads flag `introducd` (did you mean `introduced`?), but no choice "
                                   "sets it, so it is always false (0); fix the name, or add "
                                   "`set: {introducd: true}` to the choice that earns it.")]


@pytest.mark.parametrize("read, fix", [
    # `set: {Met: true}` would not load: the fix names a flag a choice can set
    ("Met", "flag names are lowercase, so fix the name, or write `met` here and add `set: {met: true}` to the "
            "choice that earns it."),
    ("Introduced", "flag names are lowercase, so write `introduced` here."),
])
def test_flag_never_set_suggests_a_flag_name_that_can_be_set(read: str, fix: str) -> None:
    text = BASE.replace("if: introduced and maya.rapport >= 1", f"if: maya.rapport >= 1 and {read}")
    (w,) = warnings_for(text)
    assert w[2] == "flag-never-set" and w[3].endswith(fix), w[3]
    assert f"set: {{{read}:" not in w[3]


def test_flag_never_set_in_a_quoted_choice_condition() -> None:
    text = BASE.replace("        to: pitch\n        score: {first_impression: -2}",
                        "        if: \"not read_article\"\n        to: pitch\n        score: {first_impression: -2}")
    (w,) = warnings_for(text)
    assert (w[0], w[1], w[2]) == (20, col(text, 20, "read_article"), "flag-never-set")
    assert "(did you mean" not in w[3]


def test_unreachable_branch() -> None:
    text = BASE.replace("      - if: introduced and maya.rapport >= 1\n        to: warm\n",
                        "      - to: warm\n      - if: introduced\n        to: warm\n")
    assert warnings_for(text) == [(28, 9, "unreachable-branch", "this branch entry has no `if`, so it is always "
                                   "taken and the 2 entries after it never are; give it an `if`, or move it to "
                                   "the end.")]


def _path_warnings(text: str, code: str) -> list[tuple[int, int, str]]:
    from game.engine.analysis import lint_findings

    sc = load_scenario_text(text, "s.yaml")
    return [(f.line, f.column, f.message) for f in lint_findings(sc) if f.code == code]


# `pitch` made a decision: two choices, each with an `if`, both leading to the endings.
_DECIDE = BASE.replace("""    branch:
      - if: introduced and maya.rapport >= 1
        to: warm
      - to: cold
""", """    choices:
      - text: Talk about the project.
        if: {a}
        to: warm
        feedback: Good.
      - text: Ask about the team.
        if: {b}
        to: cold
        feedback: Fine.
""")


def test_all_choices_conditional_only_where_a_path_has_none_to_choose() -> None:
    # Conditions that hold on every path into the node: no warning (the false positive of issue 12 §3).
    always = BASE.replace("        to: pitch\n        score: {first_impression: 2}",
                          "        if: true\n        to: pitch\n        score: {first_impression: 2}").replace(
        "        to: pitch\n        score: {first_impression: -2}",
        "        if: maya.rapport >= 0\n        to: pitch\n        score: {first_impression: -2}")
    assert _path_warnings(always, "all-choices-conditional") == []
    # `x` and `not x`: one of them holds whatever the path.
    siblings = _DECIDE.replace("{a}", "introduced").replace("{b}", "not introduced")
    assert _path_warnings(siblings, "all-choices-conditional") == []
    # The "Push your resume" path reaches `pitch` without `introduced` and with rapport 0: nothing holds.
    stranded = _DECIDE.replace("{a}", "introduced").replace("{b}", "maya.rapport >= 5")
    line = stranded.splitlines().index("    choices:", 20) + 1
    assert _path_warnings(stranded, "all-choices-conditional") == [
        (line, 5, "a path reaches node `pitch` where none of its choices' `if` holds, so the game has to offer "
                  "every choice, even those whose condition is false; leave at least one choice without `if`, "
                  "or change the conditions so one always holds.")]


def test_visited_that_cannot_hold_says_why() -> None:
    later = BASE.replace("        to: pitch\n        score: {first_impression: -2}",
                         "        if: visited(pitch)\n        to: pitch\n        score: {first_impression: -2}")
    (got,) = _path_warnings(later, "condition-never-holds")
    assert "node `pitch` is never visited before this point (it comes after this point on every path)" in got[2]
    assert "check the flag names" not in got[2]


def test_every_rule_has_a_stable_code() -> None:
    assert len(set(CODES)) == 9


def test_mood_where_no_face_shows_is_a_warning() -> None:
    text = """title: T
summary: S
characters:
  maya: {name: Maya}
nodes:
  a:
    mood: warm
    text: The room is quiet.
    choices:
      - text: Wave.
        to: b
        mood: cool
        feedback: Fine.
      - text: Nod.
        to: b
        reply: Hi.
        mood: warm
        feedback: Fine.
  b:
    speaker: maya
    mood: amused
    text: Hello.
    end: e
endings:
  e: {title: E, text: E, outcome: mixed}
"""
    found = [(line, col, code) for line, col, code, _ in warnings_for(text) if code == "mood-without-face"]
    assert found == [(7, 11, "mood-without-face"), (12, 15, "mood-without-face")]


def test_warnings_without_a_document_still_have_a_place() -> None:
    sc = build_scenario({"title": "t", "summary": "s", "nodes": {"a": {"choices": [
        {"text": "x", "to": "e"}]}}, "endings": {"e": {"title": "t", "text": "t", "outcome": "mixed"}}})
    (w,) = static_warnings(sc)
    assert (w.line, w.column, w.code) == (1, 1, "no-feedback")


# ------------------------------------------------------------------ check_paths

def test_check_paths_over_files_folders_and_nothing(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    found = check_paths([GOOD / "minimal.yaml", tmp_path / "empty", tmp_path / "missing.yaml",
                         BROKEN / "loop.yaml"], with_warnings=True)
    assert sorted((f.severity, f.code) for f in found) == [
        ("error", "loop"), ("error", "not-found"), ("warning", "empty-pack")]


def test_errors_only_without_warnings() -> None:
    assert check_paths([GOOD], with_warnings=False) == []
    codes = {f.code for f in check_paths([GOOD], with_warnings=True)}
    assert codes == {"unreachable-node", "choice-cannot-matter", "no-feedback", "flag-never-set"}


def test_extra_passes_do_not_repeat_a_static_warning(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(BASE.replace("endings:", "  aside:\n    text: x\n    next: cold\nendings:"))

    def engine_pass(sc: Scenario) -> list[Finding]:
        return [Finding(sc.path, 31, 3, "warning", "unreachable-node", "no allowed path reaches `aside`."),
                Finding(sc.path, 28, 13, "warning", "condition-never-holds", "never holds.")]

    found = check_paths([path], with_warnings=True, extra=[engine_pass])
    assert [(f.line, f.code) for f in found] == [(28, "condition-never-holds"), (31, "unreachable-node")]
    assert found[1].message.startswith("no choice, `next` or `branch` leads")


@pytest.mark.parametrize("path", sorted(GOOD.glob("*.y*ml")), ids=lambda p: p.name)
def test_warnings_on_good_files_have_real_positions(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    for f in check_paths([path], with_warnings=True):
        assert f.severity == "warning"
        assert 1 <= f.line <= len(lines) and 1 <= f.column <= len(lines[f.line - 1]) + 1


def test_a_requires_reading_a_flag_no_choice_sets_is_a_warning() -> None:
    text = (BASE.replace("    text: What brings you here?", "    text: What brings you here?\n    requires: introducd")
            .replace("    text: She takes your card.", "    text: She takes your card.\n    requires: introduced"))
    line = text.splitlines().index("    requires: introducd") + 1
    found = [w for w in warnings_for(text) if w[2] == "flag-never-set"]
    assert [(w[0], w[1]) for w in found] == [(line, col(text, line, "introducd"))]
    assert "(did you mean `introduced`?)" in found[0][3]
