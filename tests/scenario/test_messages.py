"""Messages instructors misread (issue 12, section 3): each says what YAML read, or names the place."""

from __future__ import annotations

import pytest

from game.scenario import ScenarioError, load_scenario_text
from game.scenario.lint_rules import static_warnings

from .conftest import BASE


def errors(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as got:
        load_scenario_text(text, "t.yaml")
    return [f.message for f in got.value.findings]


def test_a_base_60_number_is_explained() -> None:
    (message,) = errors(BASE.replace("score: {first_impression: 2}", "score: {first_impression: 1:20}"))
    assert "YAML read `1:20` as a base-60 number (80)" in message
    assert 'quotes ("1:20")' in message and "write the number" in message


def test_an_octal_number_is_explained() -> None:
    (message,) = errors(BASE.replace("score: {first_impression: 2}", "score: {first_impression: 010}"))
    assert "YAML read `010` as an octal number (8)" in message


def test_yes_and_no_are_explained() -> None:
    (message,) = errors(BASE.replace("score: {first_impression: 2}", "score: {first_impression: yes}"))
    assert "YAML read `yes` as true" in message
    assert 'quotes ("yes")' in message


def test_seven_choices_names_the_node() -> None:
    seven = "".join(f"      - {{text: Option {i}., to: pitch, feedback: F.}}\n" for i in range(7))
    text = BASE.replace("    choices:\n", "    choices:\n" + seven, 1)
    messages = errors(text)
    assert any(m.startswith("node `approach` has 9 choices; a node has one to six") for m in messages), messages


def test_two_choices_that_cannot_matter_read_both() -> None:
    text = """
title: Shrug
summary: Two choices, one effect.
nodes:
  shrug:
    text: Well?
    choices:
      - {text: Shrug., to: fin, feedback: F.}
      - {text: Shrug again., to: fin, feedback: F.}
endings:
  fin: {title: Fin, text: F., outcome: mixed}
"""
    (w,) = [f for f in static_warnings(load_scenario_text(text, "t.yaml")) if f.code == "choice-cannot-matter"]
    assert w.message.startswith("both choices of node `shrug` lead to `fin`")
