"""The format is declared once (model.py): the runtime classes, the validator and the field lists come from it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pydantic_core import SchemaValidator, ValidationError

from game.scenario import declare, model
from game.scenario.declare import core_schema, yaml_names

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", sorted(model.RECORDS))
def test_the_runtime_class_and_the_validator_come_from_one_declaration(name: str) -> None:
    cls = model.RECORDS[name]
    fields = core_schema(cls)["fields"]
    assert list(fields) == sorted(cls.DECLARED)  # validated in name order: errors come in a fixed order
    assert set(cls.__slots__) >= set(cls.DECLARED)
    for attr, f in cls.DECLARED.items():
        assert fields[attr]["required"] == f.required == (attr in cls.REQUIRED), attr
        assert fields[attr].get("validation_alias", attr) == f.yaml_name
        assert (fields[attr]["schema"]["type"] == "nullable") == f.nullable, attr
        assert f.doc, f"{name}.{attr} has no help text"
    assert yaml_names(cls) == [f.alias or a for a, f in cls.DECLARED.items()]


def test_defaults_and_factories() -> None:
    a, b = model.Choice(text="t", to="x"), model.Choice(text="t", to="x")
    assert a.score == {} and a.score is not b.score and a.if_ is None and a.position == 0
    node = model.Node()
    assert node.speaker == "narrator" and node.text == "" and node.kind == "none" and node.successors() == []
    with pytest.raises(TypeError, match="needs text"):
        model.Choice(to="x")
    with pytest.raises(TypeError, match="no field scroe"):
        model.Choice(text="t", to="x", scroe=1)


def test_validation_errors_come_with_fixed_types_and_places() -> None:
    good = {"title": "t", "summary": "s", "nodes": {"a": {"choices": [
        {"text": "x", "to": "e", "if": "f", "score": {"communication": 2}, "set": {"f": True}, "pattern": ["gimme"]}]}},
        "endings": {"e": {"title": "t", "text": "t", "outcome": "mixed"}}}
    bad = {"title": 3, "summary": "s", "difficulty": "hard", "minutes": 0, "tags": "x",
           "nodes": {"Bad Id": {"choices": [{"text": "", "to": "e", "score": {"c": 9}, "scroe": 1}] * 7}},
           "endings": {"e": {"title": "t", "text": "t", "outcome": "win"}}}
    core = SchemaValidator(core_schema(model.Scenario))
    assert core.validate_python(good)["nodes"]["a"]["choices"][0]["if_"] == "f"
    with pytest.raises(ValidationError) as err:
        core.validate_python(bad)
    assert [(e["type"], tuple(e["loc"])) for e in err.value.errors()] == [
        ("literal_error", ("difficulty",)), ("literal_error", ("endings", "e", "outcome")),
        ("greater_than_equal", ("minutes",)), ("string_pattern_mismatch", ("nodes", "Bad Id", "[key]")),
        ("too_long", ("nodes", "Bad Id", "choices")), ("list_type", ("tags",)), ("string_type", ("title",))]


def test_a_field_declared_once_is_everywhere() -> None:
    """A record declared in a test, as a new field would be: slots, validator, JSON Schema and names follow."""

    class Thing(declare.Record):
        ABOUT = "A thing."
        name: str = declare.field(declare.Str(min_length=1), doc="Its name.")
        size: int | None = declare.field(declare.Int(ge=1, le=3), None, alias="how-big", doc="How big.")

    thing = Thing(name="x")
    assert thing.size is None and thing.fields_set == {"name"} and yaml_names(Thing) == ["name", "how-big"]
    assert SchemaValidator(core_schema(Thing)).validate_python({"name": "x", "how-big": 2}) == {"name": "x", "size": 2}
    schema, _defs = declare.json_schema(Thing)
    assert schema["required"] == ["name"] and schema["properties"]["how-big"]["anyOf"][1] == {"type": "null"}
    assert schema["properties"]["how-big"]["description"] == "How big." and schema["description"] == "A thing."


def test_validate_never_imports_pydantic() -> None:
    code = ("import sys; from game.cli import main; main(['validate', 'scenarios']); "
            "print(sorted(m for m in sys.modules if m == 'pydantic' or m.startswith('pydantic.')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_the_loader_returns_a_scenario_that_knows_its_origin() -> None:
    from game.scenario.expr import Condition
    from game.scenario.pack import Pack, load_scenario_text

    text = ("title: t\nsummary: s\nnodes:\n  a:\n    choices:\n      - {text: x, to: e, if: met}\n"
            "      - {text: y, to: e, set: {met: true}}\nendings:\n  e: {title: t, text: t, outcome: mixed}\n")
    pack = Pack(root=None)
    sc = load_scenario_text(text, "here.yaml", pack)
    assert sc.id == "here" and sc.path == "here.yaml" and sc.pack is pack and sc.document is not None
    assert isinstance(sc.condition("a", "choice", 0), Condition) and sc.condition("a", "choice", 1) is None
    assert list(sc.conditions) == [("a", "choice", 0)]
    # A scenario built by hand (not loaded) has no origin.
    built = model.build_scenario(SchemaValidator(core_schema(model.Scenario)).validate_python(sc.document.value))
    assert built.origin is model.NOT_LOADED and built.pack is None and built.path == "" and built.id is None
    assert [(x.to, x.kind, x.index) for x in sc.nodes["a"].successors()] == [("e", "choice", 0), ("e", "choice", 1)]
