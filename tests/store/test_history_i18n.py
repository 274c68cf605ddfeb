"""`rapport history` in the language in use (game/i18n.py): Spanish words around the pack's own names."""

from __future__ import annotations

import pytest

from game import i18n
from game.store import Database
from game.store.history import build_history, render_text

from .test_history import _progress


@pytest.fixture
def english_after() -> object:
    yield
    i18n.set_language(None)


@pytest.mark.usefixtures("english_after")
def test_history_in_spanish(db: Database) -> None:
    _progress(db)
    assert i18n.set_language("es") == "es"
    text = render_text(build_history(db, "ana"))
    assert "Historial de ana: 5 intentos; terminados: 4" in text
    assert "The Career Fair Booth (career-fair-booth): 4 intentos; terminados: 4; mejor 100, último 100" in text
    assert "0% → 100% mejorando" in text and "Principios (nivel:" in text
    assert "The Hard Seller: en 3 intentos" in text and "vistos una vez: The \"Gimme\" Syndrome" in text
    assert "práctica" in text and "en curso" in text  # the mode and the unfinished attempt's state
    assert "History for" not in text and "improving" not in text
