"""Terminal play and the command line in the player's language (game/i18n.py): `--lang`, then the Language
setting, then the environment, then English, string by string, as in the window."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import pytest

from game import i18n
from game.cli import main
from game.scenario import load_scenario
from game.store import Database
from game.text_play import play_text

from .helpers import HALLWAY, REPO, hallway

BEST_PATH = "1\n3\n1\n1\n1\n"  # hallway.yaml in file order: the mentor ending
SPANISH = REPO / "game" / "locale" / "es" / "LC_MESSAGES" / "rapport.po"


def _play(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str,
          script: str = BEST_PATH) -> str:
    monkeypatch.setattr(sys, "stdin", io.StringIO(script))
    assert main(["play", "--text", "--in-order", *args]) == 0
    return capsys.readouterr().out


def _settings(language: str) -> None:
    folder = Path(os.environ["RAPPORT_CONFIG_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "settings.json").write_text(json.dumps({"language": language}), encoding="utf-8")


def test_lang_in_the_environment_plays_the_terminal_in_spanish(monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("LANG", "es_MX.UTF-8")
    out = _play(monkeypatch, capsys, str(HALLWAY))
    assert "Análisis: The Hallway Coffee" in out  # the heading in Spanish, the pack's title as written
    assert "=== A mentor on the team (éxito) ===" in out
    assert "Final: A mentor on the team (éxito)" in out
    assert "Tus decisiones" in out and "Elegiste: Say yes" in out
    assert "Modo práctica: el coach comenta" in out
    assert "Debrief:" not in out and "Your decisions" not in out


def test_without_a_language_the_terminal_stays_english(monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    out = _play(monkeypatch, capsys, str(HALLWAY))
    assert "Debrief: The Hallway Coffee" in out and "=== A mentor on the team (success) ===" in out
    assert "Análisis" not in out


def test_lang_flag_wins_over_the_setting_and_the_environment(monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    _settings("en")
    # q after the first decision keeps it: the plural form for one decision, in Spanish
    out = _play(monkeypatch, capsys, "--lang", "es", "--scenario", "coffee-chat", script="1\nq\n")
    assert "Te detuviste en la decisión 2. Tu 1 decisión queda guardada" in out
    assert "Modo práctica" in out


def test_the_setting_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("LANG", "es_MX.UTF-8")
    _settings("en")
    assert "Debrief: The Hallway Coffee" in _play(monkeypatch, capsys, str(HALLWAY))
    monkeypatch.delenv("LANG")
    _settings("es")
    assert "Análisis: The Hallway Coffee" in _play(monkeypatch, capsys, str(HALLWAY))


def test_the_command_lines_own_messages_follow_the_language(monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("LANG", "es_MX.UTF-8")
    assert main(["play", "--text", "--scenario", "nowhere"]) == 2
    err = capsys.readouterr().err
    assert "no hay ningún escenario `nowhere`" in err and "los escenarios son:" in err


@pytest.fixture
def english_after() -> object:
    yield
    i18n.set_language(None)


@pytest.mark.usefixtures("english_after")
def test_a_string_the_catalog_lacks_shows_in_english(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """English is the fallback string by string: a catalog without "Your decisions" still translates the rest."""
    text = SPANISH.read_text(encoding="utf-8")
    entry = 'msgid "Your decisions"\nmsgstr "Tus decisiones"\n'
    assert entry in text
    folder = tmp_path / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "rapport.po").write_text(text.replace(entry, ""), encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    assert i18n.set_language("es") == "es"
    out = io.StringIO()
    result = play_text(hallway(), inp=io.StringIO(BEST_PATH), out=out, color=False, in_order=True)
    assert result.finished
    shown = out.getvalue()
    assert "Análisis: The Hallway Coffee" in shown
    assert "Your decisions" in shown and "Tus decisiones" not in shown


@pytest.mark.usefixtures("english_after")
def test_continuing_in_spanish_takes_si_and_says_where(tmp_path: Path) -> None:
    from .test_text_resume import BEST, crash_after
    from .test_text_resume import play as resume_play

    db = Database(tmp_path / "history.sqlite3")
    try:
        crash_after(db, hallway(), BEST[:2])
        assert i18n.set_language("es") == "es"
        result, text = resume_play(db, hallway(), "sí\n" + "\n".join(BEST[2:]) + "\n")
        assert "Te detuviste en la decisión 3 de The Hallway Coffee el " in text and "¿Continuar? [S/n] " in text
        assert "Retomamos en la decisión 3." in text
        assert result.finished and result.decisions == 5
    finally:
        db.close()


@pytest.mark.usefixtures("english_after")
def test_a_changed_scenario_is_said_in_spanish(tmp_path: Path) -> None:
    from .test_text_resume import BEST, crash_after
    from .test_text_resume import play as resume_play

    db = Database(tmp_path / "history.sqlite3")
    try:
        crash_after(db, hallway(), BEST[:2])
        edited = tmp_path / "hallway.yaml"
        text = HALLWAY.read_text(encoding="utf-8")
        changed = text.replace("        to: ask\n", "        to: wrap\n", 1)  # as test_text_resume does
        assert changed != text
        edited.write_text(changed, encoding="utf-8")
        assert i18n.set_language("es") == "es"
        _result, shown = resume_play(db, load_scenario(edited), "s\n2\n1\n")
        assert "Este escenario cambió desde que te detuviste en la decisión 3" in shown
    finally:
        db.close()
