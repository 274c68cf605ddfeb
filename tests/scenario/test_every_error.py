"""Every error of a file in one run: a schema error does not hide the cross-reference errors (issue 12 §3)."""

from __future__ import annotations

import pytest

from game.scenario import ScenarioError, load_scenario_text
from game.scenario.pack import _validator
from game.scenario.repair import mended
from game.scenario.yamlread import read_bytes


def found(text: str) -> list[tuple[int, int, str]]:
    with pytest.raises(ScenarioError) as exc:
        load_scenario_text(text, "s.yaml")
    return [(f.line, f.column, f.code) for f in exc.value.findings]


MANY = """\
title: Errors
summary: Many at once.
characters:
  ana: {name: Ana}
start: a
nodes:
  a:
    speaker: bob
    text: Hi.
    choices:
      - text: Wave.
        to: nowhere
      - text: Smile.
        if: score(x >=
        to: b
        score: {kindness: 2}
  b:
    text: Later.
    next: c
endings:
  done: {title: Done, text: It ends., outcome: meh}
"""


def test_a_bad_outcome_does_not_hide_four_other_errors() -> None:
    got = found(MANY)
    codes = [code for _line, _col, code in got]
    assert len(got) == 6, got
    assert (21, 48) == got[-1][:2] and "unknown-target" in codes
    lines = [line for line, _col, _code in got]
    assert lines == [8, 12, 14, 16, 19, 21]  # speaker, to, if, score, next, outcome: in file order


def test_only_the_shape_error_when_alone() -> None:
    text = MANY.replace("bob", "ana").replace("nowhere", "b").replace("score(x >=", "true").replace(
        "kindness", "reciprocity").replace("next: c", "end: done")
    (only,) = found(text)
    assert only[0] == 21


def test_no_error_is_blamed_on_a_stand_in() -> None:
    # `title` is missing and `colour` unknown: mended with a stand-in and dropped, neither may add an error.
    text = MANY.replace("title: Errors\n", "").replace("        to: nowhere\n", "        to: b\n        colour: red\n")
    got = found(text)
    assert (1, 1, "missing-field") in got
    assert any(code == "unknown-field" for _l, _c, code in got)
    assert not any(line == 12 and code == "unknown-target" for line, _c, code in got)


def test_a_node_that_is_not_a_mapping_skips_the_cross_references() -> None:
    # With node `b` unreadable, every `to: b` would look wrong: only the shape error is reported.
    text = MANY.replace("  b:\n    text: Later.\n    next: c\n", "  b: just text\n")
    got = found(text)
    assert not any(code == "unknown-target" for _l, _c, code in got)
    assert any(line == 17 for line, _c, _code in got)


def test_mending_works_on_a_copy() -> None:
    doc = read_bytes(MANY.encode(), "s.yaml")
    before = repr(doc.value)
    got = mended(doc.value, _validator("Scenario"))
    assert got is not None and repr(doc.value) == before
    _data, paths = got
    assert ("endings", "done", "outcome") in paths
