"""`rapport new`: the starter file validates, lints clean, and names the schema for VS Code on its first line."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.scenario import load_scenario_text
from game.scenario.errors import known_list, known_names
from game.scenario.lint_rules import static_warnings
from game.scenario.starter import SCHEMA, schema_ref, slug, starter_text

from .conftest import REPO, run_rapport

MODELINE = "# yaml-language-server: $schema="


def test_the_schema_the_starter_names_is_the_repository_one() -> None:
    assert SCHEMA == REPO / "schema" / "scenario.schema.json" and SCHEMA.is_file()


@pytest.mark.parametrize("target", [None, REPO / "scenarios" / "x.yaml", Path("/tmp/elsewhere/x.yaml")])
def test_starter_validates_and_lints_clean(target: Path | None) -> None:
    text = starter_text("Hallway chat", target)
    assert text.splitlines()[0].startswith(MODELINE)
    sc = load_scenario_text(text, "hallway-chat.yaml")
    assert sc.title == "Hallway chat"
    assert static_warnings(sc) == []


def test_schema_path_is_relative_inside_the_repository_and_absolute_outside(tmp_path: Path) -> None:
    assert schema_ref(REPO / "scenarios" / "x.yaml") == "../schema/scenario.schema.json"
    assert schema_ref(REPO / "x.yaml") == "schema/scenario.schema.json"
    assert schema_ref(REPO / "a" / "b" / "x.yaml") == "../../schema/scenario.schema.json"
    assert schema_ref(tmp_path / "x.yaml") == str(SCHEMA.resolve())
    assert schema_ref(None) == str(SCHEMA.resolve())


def test_a_schema_path_with_a_space_is_a_file_url(tmp_path: Path) -> None:
    schema = tmp_path / "my repo" / "schema" / "scenario.schema.json"
    ref = schema_ref(tmp_path / "x.yaml", schema)
    assert ref.startswith("file://") and " " not in ref and ref.endswith("/my%20repo/schema/scenario.schema.json")
    assert schema_ref(tmp_path / "my repo" / "sub dir" / "x.yaml", schema) == "../schema/scenario.schema.json"


def test_rapport_new_writes_the_modeline(tmp_path: Path) -> None:
    result = run_rapport("new", "Coffee chat", "--dir", str(tmp_path))
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "coffee-chat.yaml").read_text(encoding="utf-8")
    ref = text.splitlines()[0].removeprefix(MODELINE)
    assert ref != text.splitlines()[0]
    assert (tmp_path / ref).resolve() == SCHEMA.resolve()  # absolute here: tmp_path is outside the repository
    assert run_rapport("validate", str(tmp_path / "coffee-chat.yaml")).returncode == 0


def test_slug() -> None:
    assert slug("Hallway Chat.yaml") == "hallway-chat"
    assert slug("???") == "my-scenario"


def test_known_names_reads_well_when_there_are_none() -> None:
    assert known_names("characters", []) == "no characters are defined"
    assert known_names("patterns", ["gimme", "hard_seller"]) == "the patterns are `gimme`, `hard_seller`"
    assert known_list([]) == "none are defined"
