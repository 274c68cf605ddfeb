"""The runtime classes and the generated pydantic-core schema agree with the pydantic spec of format v1."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pydantic_core import PydanticUndefined

from game.scenario import coreschema, model, spec
from game.scenario._core_schema import FIELDS, SCHEMAS

REPO = Path(__file__).resolve().parents[2]
NAMES = ["Scenario", "Character", "Node", "Choice", "BranchEntry", "Ending", "Principle", "Pattern", "PrincipleSet",
         "PackInfo"]


def test_the_committed_core_schema_is_generated_from_spec() -> None:
    committed = (REPO / "game" / "scenario" / "_core_schema.py").read_text(encoding="utf-8")
    assert committed == coreschema.generate(), "run: python -m game.scenario.coreschema"


@pytest.mark.parametrize("name", NAMES)
def test_runtime_class_has_the_spec_fields_and_defaults(name: str) -> None:
    pyd = getattr(spec, name)
    run = getattr(model, name)
    assert set(run.REQUIRED) | set(run.FIELDS) == set(pyd.model_fields)
    for field, info in pyd.model_fields.items():
        if info.is_required():
            assert field in run.REQUIRED, field
            continue
        expected = info.default_factory() if info.default_factory is not None else info.default  # type: ignore[call-arg]
        assert expected is not PydanticUndefined
        made = run.FACTORIES[field]() if field in run.FACTORIES else run.FIELDS[field]
        assert made == expected, (name, field)
    assert FIELDS[name] == [f.alias or n for n, f in pyd.model_fields.items()]


def test_validation_agrees_with_pydantic_on_good_and_bad_data() -> None:
    """The same inputs pass or fail, with the same error locations and types, through both validators."""
    from pydantic import ValidationError as PydError
    from pydantic_core import SchemaValidator, ValidationError

    good = {"title": "t", "summary": "s", "nodes": {"a": {"choices": [
        {"text": "x", "to": "e", "if": "f", "score": {"communication": 2}, "set": {"f": True}, "pattern": ["gimme"]}]}},
        "endings": {"e": {"title": "t", "text": "t", "outcome": "mixed"}}}
    bad = {"title": 3, "summary": "s", "difficulty": "hard", "minutes": 0, "tags": "x",
           "nodes": {"Bad Id": {"choices": [{"text": "", "to": "e", "score": {"c": 9}, "scroe": 1}] * 7}},
           "endings": {"e": {"title": "t", "text": "t", "outcome": "win"}}}
    core = SchemaValidator(SCHEMAS["Scenario"])
    assert core.validate_python(good)["nodes"]["a"]["choices"][0]["if_"] == "f"
    spec.Scenario.model_validate(good)
    with pytest.raises(ValidationError) as a:
        core.validate_python(bad)
    with pytest.raises(PydError) as b:
        spec.Scenario.model_validate(bad)
    key = lambda e: (e["type"], tuple(e["loc"]))  # noqa: E731
    assert sorted(map(key, a.value.errors())) == sorted(map(key, b.value.errors()))


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
    from pydantic_core import SchemaValidator

    # A scenario built by hand (not loaded) has no origin.
    built = model.build_scenario(SchemaValidator(SCHEMAS["Scenario"]).validate_python(sc.document.value))
    assert built.origin is model.NOT_LOADED and built.pack is None and built.path == "" and built.id is None
    assert [(x.to, x.kind, x.index) for x in sc.nodes["a"].successors()] == [("e", "choice", 0), ("e", "choice", 1)]
