"""`rapport history` in the language in use (game/i18n.py): Spanish words around the pack's own names."""

from __future__ import annotations

from pathlib import Path

import pytest

from game import i18n
from game.store import Database, cli_commands
from game.store.history import build_history, render_text

from .helpers import play
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


@pytest.mark.usefixtures("english_after")
def test_export_and_sync_say_it_in_spanish(db: Database, tmp_path: Path) -> None:
    play(db, "ana", [0, 0, 0])
    play(db, "bo", [0, 0, 0])
    assert i18n.set_language("es") == "es"
    text, code, _w = cli_commands.export("json", tmp_path / "a.json", player="ana", db_path=db.path)
    assert code == 0 and text == f"Se exportó a {tmp_path / 'a.json'}: 1 intento de ana"
    text, code, _w = cli_commands.export("csv", tmp_path / "all.csv", all_players=True, db_path=db.path)
    assert code == 0 and "2 intentos de todos los perfiles (6 filas)" in text
    text, code, _w = cli_commands.sync(db_path=db.path)  # no LRS configured (the suite clears its variables)
    assert code == 2 and text.startswith("No hay ningún Learning Record Store (LRS) configurado;")
    assert "declaraciones en espera." in text and "o ejecuta `rapport lrs configure`." in text
