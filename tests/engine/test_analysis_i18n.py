"""The engine's path warnings in the language in use: the same places and codes, Spanish words (the exact
English messages are test_analysis.py's, test_claims.py's and test_ending_grades.py's)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from game import i18n
from game.engine.analysis import lint_findings

from .helpers import hallway, scenario
from .test_analysis import ORPHANS


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    yield
    i18n.set_language(None)


def test_path_warnings_in_spanish_keep_their_places_and_codes() -> None:
    english = lint_findings(scenario(ORPHANS)) + lint_findings(hallway())
    i18n.set_language("es")
    spanish = lint_findings(scenario(ORPHANS)) + lint_findings(hallway())
    assert [(f.file, f.line, f.column, f.severity, f.code) for f in spanish] == \
        [(f.file, f.line, f.column, f.severity, f.code) for f in english]
    said = [f.message for f in spanish]
    assert any(m.startswith("ningún camino llega al nodo `") for m in said), said
    assert any(m.startswith("ningún camino llega al final `lost` (teniendo en cuenta las condiciones)")
               for m in said), said
    assert any(m.startswith("la condición `") and "no se cumple en ningún camino" in m for m in said), said
    assert not [m for m in said if "no path" in m or "never holds" in m]
