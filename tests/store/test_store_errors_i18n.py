"""Errors the results store and the LRS client raise, in the language in use (game/i18n.py); English unchanged."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from game import i18n
from game.cli import main
from game.store import lrs_http
from game.store.db import Database, StoreError
from game.store.export import ExportError, parse_since
from game.store.lrs_config import ConfigError, LrsConfig, check_endpoint
from game.store.lrs_read import ReadError, _status_error, parse_time
from game.store.recorder import ResultsNotSaved


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    yield
    i18n.set_language(None)


def _config() -> LrsConfig:
    return LrsConfig(endpoint="https://lrs.example.edu/xAPI", username="u", password="p")


def test_store_and_lrs_errors_in_spanish(tmp_path: Path) -> None:
    assert i18n.set_language("es") == "es"
    with pytest.raises(ExportError, match=r"^--since espera una fecha como 2026-11-20, no 'ayer'$"):
        parse_since("ayer")
    with pytest.raises(ConfigError, match=r"^el endpoint del LRS debe ser una dirección http:// o https://, no "):
        check_endpoint("ftp://lrs.example.edu")
    with pytest.raises(ReadError, match=r"^se esperaba una fecha como 2026-11-20 o una hora como"):
        parse_time("pronto")
    err = _status_error(401, {}, b"", _config(), "https://lrs.example.edu/xAPI/statements")
    assert str(err).startswith("el LRS en https://lrs.example.edu/xAPI rechazó las credenciales (401).")
    err = _status_error(503, {}, b"", _config(), "https://lrs.example.edu/xAPI/statements")
    assert str(err) == ("el LRS en https://lrs.example.edu/xAPI respondió 503; vuelve a intentarlo más tarde o "
                        "consulta a quien lo administra")
    assert lrs_http._describe(ConnectionRefusedError()) == "se rechazó la conexión"
    assert str(ResultsNotSaved(tmp_path, 2)).startswith("por ahora no se pueden guardar los resultados")
    assert "2 cambios se guardan en memoria" in str(ResultsNotSaved(tmp_path, 2))
    assert "1 cambio se guarda en memoria" in str(ResultsNotSaved(tmp_path, 1))
    (tmp_path / "data").write_text("not a folder")
    with pytest.raises(StoreError, match=r"^la carpeta de datos .* es un archivo, no una carpeta; "):
        Database(tmp_path / "data" / "rapport.sqlite3")


def test_the_same_errors_stay_english_by_default(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"^--since expects a date like 2026-11-20, not 'ayer'$"):
        parse_since("ayer")
    with pytest.raises(ConfigError, match=r"^the LRS endpoint must be an http:// or https:// address, not "
                                          r"'ftp://lrs.example.edu'$"):
        check_endpoint("ftp://lrs.example.edu")
    err = _status_error(503, {}, b"busy", _config(), "https://lrs.example.edu/xAPI/statements")
    assert str(err) == ("the LRS at https://lrs.example.edu/xAPI answered 503 (busy); try again later, or ask its "
                        "administrator")
    assert str(ResultsNotSaved(tmp_path, 1)).endswith(
        "is full. 1 change is kept in memory and will be saved as soon as there is room; free some disk space to "
        "keep them")
    assert "2 changes are kept in memory" in str(ResultsNotSaved(tmp_path, 2))
    assert lrs_http._describe(TimeoutError()) == "the server did not answer in time"


def test_a_store_error_reaches_the_command_line_in_spanish(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("LANG", "es_MX.UTF-8")
    monkeypatch.setenv("RAPPORT_LRS_ENDPOINT", "ftp://lrs.example.edu")
    monkeypatch.setenv("RAPPORT_LRS_USERNAME", "u")
    monkeypatch.setenv("RAPPORT_LRS_PASSWORD", "p")
    monkeypatch.setenv("RAPPORT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(sys, "argv", ["rapport"])
    assert main(["sync"]) != 0
    err = capsys.readouterr().err
    assert "el endpoint del LRS debe ser una dirección http:// o https://" in err and "Traceback" not in err
