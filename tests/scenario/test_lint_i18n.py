"""The static lint warnings (game/scenario/lint_rules.py) in the language in use; English stays as it was (the
exact English messages are tests/scenario/test_lint.py's)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from game import i18n
from game.scenario.lint import check_paths

from .conftest import BASE, GOOD


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    yield
    i18n.set_language(None)


def _messages() -> dict[str, str]:
    return {f.code: f.message for f in check_paths([GOOD], with_warnings=True)}


def test_static_warnings_in_spanish_keep_their_codes_places_and_ids() -> None:
    english = check_paths([GOOD], with_warnings=True)
    i18n.set_language("es")
    spanish = check_paths([GOOD], with_warnings=True)
    assert [(f.file, f.line, f.column, f.severity, f.code) for f in spanish] == \
        [(f.file, f.line, f.column, f.severity, f.code) for f in english]
    said = {f.code: f.message for f in spanish}
    assert said["no-feedback"].startswith("esta opción no tiene `feedback`; agrega una línea del coach")
    assert said["unreachable-node"].startswith("ninguna opción, `next` ni `branch` lleva al nodo `")
    assert "con los mismos efectos, así que elegir no cambia nada" in said["choice-cannot-matter"]
    assert said["flag-never-set"].startswith("la condición lee el flag `")
    assert not [m for m in said.values() if "no player" in m or "the choice" in m]


def test_a_count_in_a_warning_takes_its_plural() -> None:
    from game.scenario import load_scenario_text
    from game.scenario.lint_rules import static_warnings

    text = BASE.replace("      - if: introduced and maya.rapport >= 1\n        to: warm\n",
                        "      - to: warm\n      - if: introduced\n        to: warm\n")
    i18n.set_language("es")
    (found,) = [f.message for f in static_warnings(load_scenario_text(text, "s.yaml"))]
    assert "así que siempre se toma y las 2 entradas posteriores nunca se toman;" in found, found
