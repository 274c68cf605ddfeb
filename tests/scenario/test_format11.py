"""Format 1.1 fields: a file using them loads with the resolved values, and each bad value is refused at its place.

Every case edits the v1 BASE scenario in one spot, so the expected line and column
are found in the edited text itself rather than written as numbers.
"""

from __future__ import annotations

import pytest

from game.scenario import ScenarioError, load_scenario_text
from game.scenario.expr import Condition
from game.scenario.model import Look

from .conftest import BASE

INTRO = "      - text: Introduce yourself."
FEEDBACK = "        feedback: Good."
SUMMARY = "summary: A short booth visit."
HELLO = "    text: Hello there."
WARM_TEXT = "    text: She takes your card."
ROLE = "    role: Recruiter"

VALID = (BASE
         .replace(SUMMARY, SUMMARY + "\nshuffle: false\nreflect: What did Maya need from you?")
         .replace(ROLE, ROLE + "\n    look: {age: older, skin: 3, hair: bun, hair_color: gray, glasses: true,"
                               " outfit: cardigan, color: green}")
         .replace(HELLO, HELLO + "\n    mood: warm\n    shuffle: true")
         .replace(INTRO, "      - id: intro\n        text: Introduce yourself.")
         .replace(FEEDBACK, FEEDBACK + "\n        examples: [\"Hi, I'm Sam.\", Nice to meet you.]\n        mood: cool")
         .replace("    text: What brings you here?", "    text: What brings you here?\n    requires: visited(approach)")
         .replace(WARM_TEXT, WARM_TEXT + "\n    requires: introduced\n    perspective:\n      maya: Polite.")
         )


def at(text: str, line_has: str, token: str) -> tuple[int, int]:
    """The 1-based line of the one line containing `line_has`, and the column of `token` on it."""
    lines = text.splitlines()
    (index,) = [i for i, line in enumerate(lines) if line_has in line]
    return index + 1, lines[index].index(token) + 1


def only_error(text: str) -> tuple[int, int, str, str]:
    with pytest.raises(ScenarioError) as info:
        load_scenario_text(text, "s.yaml")
    (f,) = info.value.findings
    assert f.file == "s.yaml" and f.severity == "error"
    return f.line, f.column, f.code, f.message


def test_a_file_with_every_11_field_loads_with_resolved_values() -> None:
    sc = load_scenario_text(VALID, "s.yaml")
    approach, pitch = sc.nodes["approach"], sc.nodes["pitch"]
    assert [c.choice_id for c in approach.choices or []] == ["intro", "2"]
    assert approach.shuffled is True  # the node's `true` beats the scenario's `false`
    assert pitch.shuffled is False and sc.shuffles("pitch") is False
    assert approach.mood == "warm" and (approach.choices or [])[0].mood == "cool"
    assert (approach.choices or [])[0].examples == ["Hi, I'm Sam.", "Nice to meet you."]
    assert sc.reflect_questions == ("What did Maya need from you?",)
    look = sc.characters["maya"].look
    assert isinstance(look, Look) and (look.age, look.skin, look.glasses, look.headwear) == ("older", 3, True, None)
    assert sc.endings["warm"].perspective == {"maya": "Polite."} and sc.endings["cold"].perspective == {}
    node_req, end_req = sc.requirement("pitch"), sc.requirement("warm")
    assert isinstance(node_req, Condition) and isinstance(end_req, Condition)
    assert end_req.flags == {"introduced"}
    assert sc.requirement("approach") is None
    assert sc.condition("pitch", "branch", 1) is None  # `requires` is kept apart from the `if`s


def test_a_v1_file_gets_positions_as_ids_and_shuffles_by_default() -> None:
    sc = load_scenario_text(BASE, "s.yaml")
    assert [c.choice_id for c in sc.nodes["approach"].choices or []] == ["1", "2"]
    assert all(node.shuffled for node in sc.nodes.values())
    assert sc.reflect_questions == () and sc.characters["maya"].look is None
    assert sc.nodes["pitch"].mood is None and sc.requirement("warm") is None


def test_reflect_may_be_a_list_of_questions() -> None:
    text = BASE.replace(SUMMARY, SUMMARY + "\nreflect:\n  - First?\n  - Second?")
    assert load_scenario_text(text, "s.yaml").reflect_questions == ("First?", "Second?")


def test_a_scenarios_shuffle_false_reaches_every_node_without_its_own() -> None:
    text = BASE.replace(SUMMARY, SUMMARY + "\nshuffle: false")
    sc = load_scenario_text(text, "s.yaml")
    assert not any(node.shuffled for node in sc.nodes.values())
    text = BASE.replace(HELLO, HELLO + "\n    shuffle: false")
    sc = load_scenario_text(text, "s.yaml")
    assert sc.nodes["approach"].shuffled is False and sc.nodes["pitch"].shuffled is True


# (the edited text, the line to find, the token the error points at, the code, a phrase of the message)
BAD: dict[str, tuple[str, str, str, str, str]] = {
    "scenario shuffle": (BASE.replace(SUMMARY, SUMMARY + "\nshuffle: maybe"),
                         "shuffle: maybe", "maybe", "wrong-type", "must be true or false"),
    "node shuffle": (BASE.replace(HELLO, HELLO + "\n    shuffle: 3"),
                     "shuffle: 3", "3", "wrong-type", "must be true or false"),
    "choice id a bare number": (BASE.replace(INTRO, "      - id: '2'\n        text: Introduce yourself."),
                                "id: '2'", "'2'", "bad-id", "bare number"),
    "choice id an unquoted number": (BASE.replace(INTRO, "      - id: 7\n        text: Introduce yourself."),
                                     "id: 7", "7", "bad-id", "bare number"),
    "choice id not an id": (BASE.replace(INTRO, "      - id: Ask Team\n        text: Introduce yourself."),
                            "id: Ask Team", "Ask", "bad-id", "not a valid id"),
    "choice id twice in a node": (
        BASE.replace(INTRO, "      - id: hi\n        text: Introduce yourself.")
            .replace("      - text: Push your resume.", "      - id: hi\n        text: Push your resume."),
        "id: hi\n", "", "duplicate-id", "already used by choice 1 of node `approach`"),
    "examples empty": (BASE.replace(FEEDBACK, FEEDBACK + "\n        examples: []"),
                       "examples: []", "[", "out-of-range", "at least 1"),
    "examples over twenty": (
        BASE.replace(FEEDBACK, FEEDBACK + "\n        examples: [" + ", ".join(f"e{i}" for i in range(21)) + "]"),
        "examples: [", "[", "out-of-range", "at most 20"),
    "examples a string": (BASE.replace(FEEDBACK, FEEDBACK + "\n        examples: Hi there"),
                          "examples: Hi", "Hi", "wrong-type", "must be a list"),
    "node requires unknown name": (
        BASE.replace("    text: What brings you here?", "    text: What brings you here?\n    requires: maya"),
        "requires: maya", "maya", "bad-expression", "maya.rapport"),
    "ending requires misspelled principle": (
        BASE.replace(WARM_TEXT, WARM_TEXT + "\n    requires: first_impresion >= 1"),
        "requires: first", "first_impresion", "bad-expression", "first_impression"),
    "ending requires bad attribute": (BASE.replace(WARM_TEXT, WARM_TEXT + "\n    requires: maya.rapprt >= 1"),
                                      "requires: maya", "rapprt", "bad-expression", "only `.rapport`"),
    "ending requires bad syntax": (BASE.replace(WARM_TEXT, WARM_TEXT + "\n    requires: introduced and )"),
                                   "requires: introduced", ")", "bad-expression", "bad condition"),
    "perspective unknown character": (BASE.replace(WARM_TEXT, WARM_TEXT + "\n    perspective:\n      mya: Nice."),
                                      "mya: Nice.", "mya", "unknown-character", "did you mean `maya`?"),
    "perspective a list": (BASE.replace(WARM_TEXT, WARM_TEXT + "\n    perspective: [Nice]"),
                           "perspective: [", "[", "wrong-type", "mapping"),
    "reflect empty": (BASE.replace(SUMMARY, SUMMARY + "\nreflect: []"),
                      "reflect: []", "[", "out-of-range", "at least 1"),
    "reflect a mapping": (BASE.replace(SUMMARY, SUMMARY + "\nreflect: {a: b}"),
                          "reflect: {", "{", "wrong-type", "must be a list"),
    "look unknown key": (BASE.replace(ROLE, ROLE + "\n    look: {hair_colour: gray}"),
                         "look: {", "hair_colour", "unknown-field", "did you mean `hair_color`?"),
    "look bad value": (BASE.replace(ROLE, ROLE + "\n    look: {hair_color: grey}"),
                       "look: {", "grey", "bad-value", "did you mean `gray`?"),
    "look skin out of range": (BASE.replace(ROLE, ROLE + "\n    look: {skin: 7}"),
                               "look: {", "7", "out-of-range", "from 1 (lightest) to 6 (darkest)"),
    "look glasses not a bool": (BASE.replace(ROLE, ROLE + "\n    look: {glasses: sometimes}"),
                                "look: {", "sometimes", "wrong-type", "true or false"),
    "look not a mapping": (BASE.replace(ROLE, ROLE + "\n    look: tall"),
                           "look: tall", "tall", "wrong-type", "mapping"),
    "node mood": (BASE.replace(HELLO, HELLO + "\n    mood: happy"),
                  "mood: happy", "happy", "bad-value", "'surprised'"),
    "choice mood close to a value": (BASE.replace(FEEDBACK, FEEDBACK + "\n        mood: warmm"),
                                     "mood: warmm", "warmm", "bad-value", "did you mean `warm`?"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_bad_11_value_is_refused_at_its_place(name: str) -> None:
    text, line_has, token, code, phrase = BAD[name]
    if name == "choice id twice in a node":  # the second `id: hi` is the one refused
        lines = text.splitlines()
        second = [i for i, line in enumerate(lines) if line == "      - id: hi"][1]
        where = (second + 1, lines[second].index("hi") + 1)
    else:
        where = at(text, line_has, token)
    line, column, got_code, message = only_error(text)
    assert (line, column, got_code) == (*where, code), message
    assert phrase in message
