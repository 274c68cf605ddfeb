"""The two grade warnings: a `success` some path reaches below 50, a `setback` one reaches above 80."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from game.engine.analysis import analyze
from game.engine.ending_grades import ending_totals, grade_findings
from game.engine.scoring import grade

from .helpers import brute_force, scenario, scenario_texts

# Best total +4, worst -4 (grade = 50 + 12.5 per point). The branch sends a total of 1 or more to `won`.
SCORED = """
title: Scored
summary: Two decisions, then the score decides.
nodes:
  a:
    text: First.
    choices:
      - {text: Listen well., to: b, score: {communication: 2}}
      - {text: Shrug., to: b}
      - {text: Interrupt., to: b, score: {communication: -2}}
  b:
    text: Second.
    choices:
      - {text: Follow up., to: gate, score: {communication: 2}}
      - {text: Forget it., to: gate, score: {communication: -2}}
  gate:
    branch:
      - if: communication >= 1
        to: won
      - to: lost
endings:
  won: {title: Won, text: W., outcome: success}
  lost: {title: Lost, text: L., outcome: setback}
"""


def codes(text: str) -> list[tuple[str, int, int, str]]:
    return [(f.code, f.line, f.column, f.message) for f in grade_findings(analyze(scenario(text)))]


def test_endings_that_follow_the_score_get_no_warning() -> None:
    assert codes(SCORED) == []


def test_a_success_reached_with_a_low_grade_names_that_path() -> None:
    text = SCORED.replace(">= 1", ">= -2")  # -2 (grade 25) now reaches `won`
    ((code, line, col, message),) = codes(text)
    assert code == "success-low-grade"
    lines = text.splitlines()
    won = lines.index("  won: {title: Won, text: W., outcome: success}")
    assert (line, col) == (won + 1, lines[won].index("success") + 1)  # on the ending's `outcome`
    assert "grade of 25 (below 50)" in message
    assert '"Shrug." → "Forget it."' in message


def test_a_setback_reached_with_a_high_grade_names_that_path() -> None:
    text = SCORED.replace(">= 1", ">= 5")  # nothing reaches `won`; +4 (grade 100) reaches `lost`
    found = codes(text)
    assert [c for c, *_ in found] == ["setback-high-grade"]
    assert "grade of 100 (above 80)" in found[0][3]
    assert '"Listen well." → "Follow up."' in found[0][3]


def test_the_thresholds_are_strict() -> None:
    # A total of 0 is grade 50 exactly: a `success` there is not "below 50".
    assert codes(SCORED.replace(">= 1", ">= 0")) == []
    # Grade 75 in a setback is not "above 80"; grade 100 is.
    text = SCORED.replace(">= 1", ">= 3")  # +2 (75) and +4 (100) do not both go to `lost`: +4 goes to `won`
    assert codes(text) == []


def test_a_choice_condition_that_hides_the_low_path_is_taken_into_account() -> None:
    # The low path to `won` needs `Interrupt.`, which only shows after `a` set a flag no choice here sets.
    text = SCORED.replace("{text: Interrupt., to: b, score: {communication: -2}}",
                          "{text: Interrupt., to: b, score: {communication: -2}, if: never_set}")
    text = text.replace("- {text: Shrug., to: b}", "- {text: Shrug., to: b, score: {communication: 1}}")
    text = text.replace(">= 1", ">= -1")
    # `Interrupt.` is never offered: the worst total is 1 - 2 = -1, and the lowest path to `won` is that one.
    found = codes(text)
    assert len(found) == 1 and "grade of 0 " in found[0][3]
    assert '"Shrug." → "Forget it."' in found[0][3] and "Interrupt" not in found[0][3]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario_texts())
def test_totals_per_ending_match_every_path(text: str) -> None:
    sc = scenario(text)
    a = analyze(sc)
    extremes, search = ending_totals(a, set(sc.endings))
    paths = brute_force(sc)
    expected: dict[str, tuple[int, int]] = {}
    for leaf in paths.leaves:
        total = paths.total(leaf, a.principles)
        lo, hi = expected.get(leaf.ending, (total, total))
        expected[leaf.ending] = (min(lo, total), max(hi, total))
    assert extremes == expected
    for eid, (lo, hi) in expected.items():
        for lowest, want in ((True, lo), (False, hi)):
            texts = search.path_to(eid, lowest)
            assert any([d.text for d in leaf.log] == texts and leaf.ending == eid
                       and paths.total(leaf, a.principles) == want for leaf in paths.leaves)
    for f in grade_findings(a):
        eid = f.message.split("`")[1]
        g = grade(expected[eid][0 if f.code == "success-low-grade" else 1], a.start.worst_total, a.start.best_total)
        assert f"grade of {g} " in f.message


def test_lint_reports_the_grade_warnings(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from game.engine.analysis import lint_findings
    from game.scenario.lint import check_paths

    text = SCORED.replace(">= 1", ">= -2")
    assert [f.code for f in lint_findings(scenario(text))] == ["success-low-grade"]
    path = tmp_path / "scored.yaml"
    path.write_text(text, encoding="utf-8")
    found = check_paths([path], with_warnings=True, extra=[lint_findings])
    (hit,) = [f for f in found if f.code == "success-low-grade"]
    assert str(hit).startswith(f"{path}:") and '"Shrug." → "Forget it."' in hit.message
