"""validate: the broken-file corpus (one defect a file, exact line, column and message) and files that must load.

Every file in broken/ starts with its expectation:

    # expect: LINE:COL CODE "the exact message"
    # defect: what is wrong, in words

The corpus covers every error in SCENARIO_FORMAT.md's "Errors and warnings":
YAML syntax (yaml-syntax-*, tabs), a duplicate key (duplicate-key, duplicate-node),
a missing required field (missing-*), an unknown field with "did you mean"
(unknown-field-*), a wrong type (wrong-type-*, flag-wrong-type, empty-text),
a to/next/end/start naming nothing (unknown-target-*, start-names-ending),
an unknown principle, pattern, character or asset key (unknown-principle-*,
unknown-pattern*, unknown-character-*, unknown-asset-*), a value out of range
(out-of-range-*, flag-out-of-range, bad-value-*), a bad expression, syntax and
unknown name (bad-expression-*), a node with none or two of
choices/branch/next/end (node-kind-*), a branch whose last entry has an `if`
(branch-last-if), a loop (loop, loop-self), anchors, aliases and tags
(yaml-anchor, yaml-alias, yaml-tag, yaml-python-tag). A file over 1 MiB is
generated in a temporary folder (test_file_over_one_mib).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from game.scenario import ScenarioError, load_scenario, load_scenario_text
from game.scenario.errors import Finding

from .conftest import BASE, BROKEN, GOOD

EXPECT = re.compile(r'^# expect: (\d+):(\d+) ([a-z0-9-]+) (".*")$')
BROKEN_FILES = sorted(BROKEN.glob("*.yaml"))
GOOD_FILES = sorted([*GOOD.glob("*.yaml"), *GOOD.glob("*.yml")])


def expectation(path: Path) -> tuple[int, int, str, str]:
    first = path.read_bytes().split(b"\n", 1)[0].decode("utf-8")
    m = EXPECT.match(first)
    assert m, f"{path.name}: the first line must be `# expect: LINE:COL CODE \"message\"`"
    return int(m.group(1)), int(m.group(2)), m.group(3), json.loads(m.group(4))


def only_error(path: Path) -> Finding:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    findings = info.value.findings
    assert len(findings) == 1, "one defect, one error:\n" + "\n".join(map(str, findings))
    return findings[0]


@pytest.mark.parametrize("path", BROKEN_FILES, ids=[p.stem for p in BROKEN_FILES])
def test_broken_file(path: Path) -> None:
    line, column, code, message = expectation(path)
    f = only_error(path)
    assert (f.line, f.column, f.code, f.message) == (line, column, code, message)
    assert f.severity == "error"
    assert str(f) == f"{f.file}:{line}:{column}: error: {message}"
    assert f.file.endswith(path.name)


def test_corpus_covers_every_error_in_the_spec() -> None:
    codes = {expectation(p)[2] for p in BROKEN_FILES}
    spec = {"yaml-syntax", "duplicate-key", "missing-field", "unknown-field", "wrong-type", "unknown-target",
            "unknown-principle", "unknown-pattern", "unknown-character", "unknown-asset", "out-of-range",
            "bad-expression", "node-kind", "branch-last-if", "loop", "yaml-anchor", "yaml-alias", "yaml-tag"}
    assert spec <= codes, spec - codes
    names = {p.stem for p in BROKEN_FILES}
    for needed in ("unknown-target-to", "unknown-target-next", "unknown-target-end", "unknown-target-start",
                   "bad-expression-syntax", "bad-expression-unknown-character", "bad-expression-unknown-node",
                   "bad-expression-unknown-principle", "node-kind-none", "node-kind-two", "tabs"):
        assert needed in names
    assert any("did you mean" in expectation(p)[3] for p in BROKEN_FILES if expectation(p)[2] == "unknown-field")
    loop = expectation(BROKEN / "loop.yaml")[3]
    assert "approach → pitch → approach" in loop


def test_base_of_the_corpus_is_valid() -> None:
    assert load_scenario_text(BASE, "booth.yaml").id == "booth"


def test_file_over_one_mib(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    filler = "".join(f"  n{i}:\n    text: {'x' * 60}\n    end: done\n" for i in range(15_000))
    path.write_text("title: Huge\nsummary: Too big.\nnodes:\n" + filler)
    assert path.stat().st_size > 1024 * 1024
    f = only_error(path)
    assert (f.line, f.column, f.code) == (1, 1, "file-too-large")
    assert f.message == "the file is over 1 MiB; a scenario may be at most 1 MiB. Split it into several scenarios."


# ------------------------------------------------------------------ files that follow the spec load

@pytest.mark.parametrize("path", GOOD_FILES, ids=[p.name for p in GOOD_FILES])
def test_good_file_loads(path: Path) -> None:
    sc = load_scenario(path)
    assert sc.title and sc.nodes and sc.endings
    assert sc.id == (sc.id if "id:" in path.read_text() else path.stem)
    assert sc.start_id in sc.nodes


def test_good_files_cover_the_variations() -> None:
    names = {p.name for p in GOOD_FILES}
    assert {"minimal.yaml", "every-field.yaml", "dashed-ids.yml", "quoting.yaml", "spec-example.yaml"} <= names


def test_minimal_file_has_only_the_required_fields() -> None:
    sc = load_scenario(GOOD / "minimal.yaml")
    assert set(sc.document.value) == {"title", "summary", "nodes", "endings"}
    assert sc.id == "minimal" and sc.difficulty == "beginner" and sc.start_id == "hello"


def test_every_field_file_uses_every_field() -> None:
    from game.scenario import model

    sc = load_scenario(GOOD / "every-field.yaml")
    assert set(sc.fields_set) == set(model.Scenario.DECLARED)
    used: dict[str, set[str]] = {"Character": set(), "Look": set(), "Node": set(), "Choice": set(), "Ending": set()}
    for ch in sc.characters.values():
        used["Character"] |= ch.fields_set
        if ch.look is not None:
            used["Look"] |= ch.look.fields_set
    for node in sc.nodes.values():
        used["Node"] |= node.fields_set
        for c in node.choices or []:
            used["Choice"] |= c.fields_set
    for e in sc.endings.values():
        used["Ending"] |= e.fields_set
    for name, fields in used.items():
        declared = set(getattr(model, name).DECLARED)
        assert fields == declared, (name, declared - fields)


def test_yaml_words_stay_words() -> None:
    """`reply: No` is the text "No", not false; `1:20` is not 80; `title: 12` is the text "12"."""
    sc = load_scenario(GOOD / "quoting.yaml")
    first = sc.nodes["first"].choices or []
    assert (first[0].text, first[0].reply, first[0].feedback) == ("Yes", "No", "off")
    assert (first[1].text, first[1].reply, first[1].feedback) == ("No", "Yes", "1:20")
    assert sc.nodes["second"].scene == "10:30" and sc.nodes["second"].text == "true"
    assert sc.endings["end-1"].title == "12"
    assert sc.tags == ["yes", "no", "on", "off", "2024"]
    assert sc.title == "Quoted and: unquoted"
    assert sc.goal == "A folded block of text.\n"


def test_dashed_ids_and_yml_suffix() -> None:
    sc = load_scenario(GOOD / "dashed-ids.yml")
    assert sc.id == "dashed-ids" and sc.start_id == "step-2"
    assert "alex-1" in sc.characters and "other-end-2" in sc.endings
    cond = sc.condition("step_3", "branch", 0)
    assert cond is not None and cond.characters == {"alex-1"} and cond.visits == {"step-2"}


# ------------------------------------------------------------------ messages from pydantic's errors

def one(text: str) -> Finding:
    with pytest.raises(ScenarioError) as info:
        load_scenario_text(text, "s.yaml")
    assert len(info.value.findings) == 1, info.value.findings
    return info.value.findings[0]


@pytest.mark.parametrize("flag", ["interested", "strong_lead", "bool", "int"])
def test_flag_names_that_look_like_type_names_keep_their_place(flag: str) -> None:
    text = BASE.replace("set: {introduced: true}", f"set: {{introduced: true, {flag}: maybe}}")
    f = one(text)
    assert (f.line, f.code) == (17, "wrong-type")
    assert f.column == text.splitlines()[16].index("maybe") + 1
    assert f.message.startswith(f"flag `{flag}` must be true, false or a whole number")


def test_all_errors_in_one_pass() -> None:
    text = BASE.replace("score: {first_impression: 2}", "score: {first_impression: 9}").replace(
        "    outcome: setback", "    outcome: meh").replace("feedback: Good.", "feedbak: Good.")
    with pytest.raises(ScenarioError) as info:
        load_scenario_text(text, "s.yaml")
    assert [f.code for f in info.value.findings] == ["out-of-range", "unknown-field", "bad-value"]
    assert [f.line for f in info.value.findings] == [15, 18, 39]


def test_all_cross_reference_errors_in_one_pass() -> None:
    text = BASE.replace("to: warm", "to: wram").replace("pattern: hard_seller", "pattern: nope").replace(
        "      - to: cold", "      - to: approach")
    with pytest.raises(ScenarioError) as info:
        load_scenario_text(text, "s.yaml")
    assert sorted(f.code for f in info.value.findings) == ["loop", "unknown-pattern", "unknown-target"]


@pytest.mark.parametrize("old, new, message", [
    # a character's starting rapport (-10..10) is not a choice's change to it (-3..3)
    ("    role: Recruiter\n", "    role: Recruiter\n    rapport: -11\n",
     "`rapport` is -11; it must be a whole number from -10 to +10."),
    ("rapport: {maya: 1}", "rapport: {maya: 4}", "`maya` is 4; it must be a whole number from -3 to +3."),
    ("score: {first_impression: 2}", "score: {first_impression: -4}",
     "`first_impression` is -4; it must be a whole number from -3 to +3."),
    # a character whose id is `rapport` or `score` is still a character
    ("  maya:\n", "  rapport:\n    rapport: 12\n", "`rapport` is 12; it must be a whole number from -10 to +10."),
    ("focus:", "minutes: 0\nfocus:", "`minutes` is 0; it must be a whole number from 1 to 240."),
    ("    text: Hello there.\n", "    text: Hello there.\n    timer: 601\n",
     "`timer` is 601; it must be a whole number from 1 to 600 seconds."),
])
def test_range_messages_follow_the_place_not_the_name(old: str, new: str, message: str) -> None:
    f = [x for x in _all(BASE.replace(old, new, 1)) if x.code == "out-of-range"]
    assert [x.message for x in f] == [message]


def _all(text: str) -> list[Finding]:
    with pytest.raises(ScenarioError) as info:
        load_scenario_text(text, "s.yaml")
    return info.value.findings


@pytest.mark.parametrize("value, message", [
    ("five", "`minutes` must be a whole number, like 5."),
    ("'5'", "`minutes` must be a whole number, not text: write 5 without quotes."),
    ("\"-3\"", "`minutes` must be a whole number, not text: write -3 without quotes."),
])
def test_a_number_written_as_text(value: str, message: str) -> None:
    f = one(BASE.replace("focus:", f"minutes: {value}\nfocus:"))
    assert (f.code, f.message) == ("wrong-type", message)


@pytest.mark.parametrize("key, hint", [
    ("../x", "x"), ("portraits/Dana.png", "Dana"), ("maya.png", "maya"), ("C:\\\\pics\\\\sam lee.PNG", "sam_lee"),
    ("../", "recruiter_1"),
])
def test_asset_keys_are_file_names(key: str, hint: str) -> None:
    f = one(BASE.replace("    role: Recruiter\n", f"    role: Recruiter\n    portrait: \"{key}\"\n"))
    assert f.code == "bad-id"
    assert "is not an asset key; asset keys are file names without `.png`" in f.message
    assert f.message.endswith(f"like `{hint}`.") and "id" not in f.message.split(";")[1]
