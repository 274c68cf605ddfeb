"""schema: the JSON Schema editors use — generated from the model, committed, and true to real files."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from game.scenario.declare import yaml_names
from game.scenario.model import Scenario
from game.scenario.schema import scenario_schema
from game.scenario.yamlread import Document, read_bytes, read_file

from .conftest import BASE, GOOD, REPO

COMMITTED = REPO / "schema" / "scenario.schema.json"

# Every keyword the schema uses; the small validator below understands all of them.
CHECKED = {"$ref", "type", "enum", "const", "pattern", "minLength", "maxLength", "minimum", "maximum", "minItems",
           "maxItems", "items", "properties", "required", "additionalProperties", "patternProperties",
           "propertyNames", "minProperties", "maxProperties", "anyOf", "oneOf"}
ANNOTATIONS = {"$schema", "$defs", "title", "description", "markdownDescription", "default", "defaultSnippets"}

_TYPES = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "null": lambda v: v is None,
}


def problems(schema: dict[str, Any], value: Any, root: dict[str, Any] | None = None, at: str = "") -> list[str]:
    """A tiny JSON Schema validator for the keywords in CHECKED: enough to test our own schema, no new dependency."""
    root = root or schema
    out: list[str] = []
    if "$ref" in schema:
        target: Any = root
        for part in schema["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        out += problems(target, value, root, at)
    if "type" in schema:
        kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_TYPES[k](value) for k in kinds):
            return out + [f"{at}: expected {schema['type']}, got {value!r}"]
    if "enum" in schema and value not in schema["enum"]:
        out.append(f"{at}: {value!r} not in {schema['enum']}")
    if "const" in schema and value != schema["const"]:
        out.append(f"{at}: {value!r} != {schema['const']!r}")
    if isinstance(value, str):
        if "pattern" in schema and not re.search(schema["pattern"], value):
            out.append(f"{at}: {value!r} does not match {schema['pattern']}")
        if len(value) < schema.get("minLength", 0) or len(value) > schema.get("maxLength", len(value)):
            out.append(f"{at}: length {len(value)}")
    if _TYPES["number"](value):
        if value < schema.get("minimum", value) or value > schema.get("maximum", value):
            out.append(f"{at}: {value} out of range")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0) or len(value) > schema.get("maxItems", len(value)):
            out.append(f"{at}: {len(value)} items")
        for i, item in enumerate(value):
            if "items" in schema:
                out += problems(schema["items"], item, root, f"{at}/{i}")
    if isinstance(value, dict):
        if len(value) < schema.get("minProperties", 0) or len(value) > schema.get("maxProperties", len(value)):
            out.append(f"{at}: {len(value)} properties")
        for key in schema.get("required", []):
            if key not in value:
                out.append(f"{at}: missing {key}")
        for key, item in value.items():
            where = f"{at}/{key}"
            if "propertyNames" in schema:
                out += problems(schema["propertyNames"], key, root, where + "[key]")
            matched = False
            if key in schema.get("properties", {}):
                matched = True
                out += problems(schema["properties"][key], item, root, where)
            for pattern, sub in schema.get("patternProperties", {}).items():
                if re.search(pattern, key):
                    matched = True
                    out += problems(sub, item, root, where)
            extra = schema.get("additionalProperties", True)
            if not matched:
                if extra is False:
                    out.append(f"{where}: not allowed")
                elif isinstance(extra, dict):
                    out += problems(extra, item, root, where)
    if "anyOf" in schema and not any(not problems(s, value, root, at) for s in schema["anyOf"]):
        out.append(f"{at}: matches none of anyOf")
    if "oneOf" in schema and sum(not problems(s, value, root, at) for s in schema["oneOf"]) != 1:
        out.append(f"{at}: must match exactly one of oneOf")
    return out


_YAML12_SCALAR = re.compile(r"^(?:true|True|TRUE|false|False|FALSE|null|Null|NULL|~|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"
                            r"|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$")


def as_yaml12(doc: Document) -> Any:
    """The values an editor's YAML 1.2 reader sees: `No` and `1:20` are text there."""
    for path, raw in doc.raw.items():
        if not _YAML12_SCALAR.match(raw):
            container: Any = doc.value
            for part in path[:-1]:
                container = container[part]
            container[path[-1]] = raw
    return doc.value


def test_committed_schema_is_the_generated_one() -> None:
    committed = json.loads(COMMITTED.read_text(encoding="utf-8"))
    assert committed == scenario_schema(), "run `rapport schema > schema/scenario.schema.json` and commit it"


def test_header_and_aliases() -> None:
    schema = scenario_schema()
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"  # what VS Code's YAML extension reads
    assert schema["title"] == "Rapport scenario (format 1.1)"
    choice = schema["$defs"]["Choice"]["properties"]
    assert "if" in choice and "if_" not in choice
    assert schema["required"] == ["title", "summary", "nodes", "endings"]


def test_every_field_has_a_description() -> None:
    schema = scenario_schema()
    for name, sub in [("Scenario", schema), *schema["$defs"].items()]:
        assert sub.get("description"), name
        for field, prop in sub["properties"].items():
            assert prop.get("description") and prop.get("markdownDescription"), f"{name}.{field}"


def test_every_model_field_is_in_the_schema() -> None:
    props = scenario_schema()["properties"]
    assert list(props) == yaml_names(Scenario)


def test_the_small_validator_knows_every_keyword() -> None:
    seen: set[str] = set()

    def walk(node: Any, in_props: bool = False) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if not in_props:
                    seen.add(key)
                if key in ("defaultSnippets", "default"):
                    continue
                walk(value, in_props=key in ("properties", "patternProperties", "$defs"))
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(scenario_schema())
    assert seen <= CHECKED | ANNOTATIONS, seen - CHECKED - ANNOTATIONS


# quoting.yaml is left out on purpose: it writes `title: 12` and `text: true`, which the game reads as
# text (it is lenient where YAML guesses a type) but an editor's schema check flags. See docs/editor-setup.md.
SCHEMA_GOOD = [p for p in sorted([*GOOD.glob("*.yaml"), *GOOD.glob("*.yml")]) if p.name != "quoting.yaml"]


@pytest.mark.parametrize("path", SCHEMA_GOOD, ids=lambda p: p.name)
def test_good_files_match_the_schema(path: Path) -> None:
    assert problems(scenario_schema(), as_yaml12(read_file(str(path)))) == []


def test_quoting_file_with_its_words_quoted_matches() -> None:
    text = (GOOD / "quoting.yaml").read_text().replace("title: 12", "title: '12'").replace(
        "text: true", "text: 'true'").replace(", 2024]", ", '2024']")
    assert problems(scenario_schema(), as_yaml12(read_bytes(text.encode(), "q.yaml"))) == []


@pytest.mark.parametrize("old, new, where", [
    ("feedback: Good.", "feedbak: Good.", "/nodes/approach/choices: matches none"),  # inside `choices: [...] | null`
    ("score: {first_impression: 2}", "score: {first_impression: 5}", "/nodes/approach/choices: matches none"),
    ("    outcome: setback", "    outcome: meh", "/endings/cold/outcome"),
    ("title: Booth\n", "", ": missing title"),
    ("  cold:\n", "  Cold:\n", "/endings/Cold: not allowed"),
    ("    branch:\n", "    next: warm\n    branch:\n", "/nodes/pitch: must match exactly one of oneOf"),
    ("    text: Hello there.\n", "    text: Hello there.\n    timer: 0\n", "/nodes/approach"),
    # format 1.1 additions
    ("title: Booth\n", "title: Booth\nshuffle: sometimes\n", "/shuffle"),
    ("    text: Hello there.\n", "    text: Hello there.\n    shuffle: 1\n", "/nodes/approach"),
    ("    text: Hello there.\n", "    text: Hello there.\n    mood: furious\n", "/nodes/approach"),
    ("    text: Hello there.\n", "    text: Hello there.\n    requires: ''\n", "/nodes/approach"),
    ("        feedback: Good.", "        feedback: Good.\n        mood: furious", "/nodes/approach/choices: matches none"),
    ("        feedback: Good.", "        feedback: Good.\n        examples: []", "/nodes/approach/choices: matches none"),
    ("        feedback: Good.", "        feedback: Good.\n        id: ''", "/nodes/approach/choices: matches none"),
    ("    role: Recruiter\n", "    role: Recruiter\n    look: {skin: 9}\n", "/characters/maya"),
    ("    role: Recruiter\n", "    role: Recruiter\n    look: {hair: mohawk}\n", "/characters/maya"),
    ("    outcome: success\n", "    outcome: success\n    perspective: Busy.\n", "/endings/warm"),
    ("    outcome: success\n", "    outcome: success\n    perspective: {maya: ''}\n", "/endings/warm"),
    ("    outcome: success\n", "    outcome: success\n    requires: ''\n", "/endings/warm"),
    ("title: Booth\n", "title: Booth\nreflect: []\n", "/reflect"),
])
def test_broken_shapes_fail_the_schema(old: str, new: str, where: str) -> None:
    assert problems(scenario_schema(), as_yaml12(read_bytes(BASE.encode(), "b.yaml"))) == []
    found = problems(scenario_schema(), as_yaml12(read_bytes(BASE.replace(old, new).encode(), "b.yaml")))
    assert any(where in p for p in found), found
