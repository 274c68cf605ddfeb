"""Settings: how to get self-voicing when it is missing, and where the settings file lives."""

from __future__ import annotations

import json
from pathlib import Path

import pygame
import pytest

from game.ui import boot, voice
from game.ui import settings as settings_mod
from game.ui.screens.settings_screen import ROWS


def _drawn(app) -> str:  # type: ignore[no-untyped-def]
    """Everything the settings screen drew, as one string."""
    app.render()
    return " ".join(r.text for r in app.text.records)


def test_voice_not_installed_says_how_to_install_it(make_app, ui, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(voice, "available", lambda: False)
    app = make_app()
    ui.press(app, pygame.K_s)
    assert app.flow.state == "settings"
    scene = app.scenes["settings"]
    row = next(r for r in ROWS if r.key == "self_voicing")
    assert scene.value_label(row) == "Not installed"
    for _ in range(len(ROWS)):  # move to the row, as a player would, so the column scrolls it into view
        if ROWS[scene.focus].key == "self_voicing":
            break
        ui.press(app, pygame.K_DOWN)
    assert ROWS[scene.focus].key == "self_voicing"
    drawn = " ".join(_drawn(app).split())  # wrapped lines joined again
    assert 'pip install "rapport-trainer[voice]"' in drawn and "make play VOICE=1" in drawn
    assert "make play VOICE=1" in scene._describe(row)  # what self-voicing would read aloud
    scene.change(row, 1)
    assert app.settings.self_voicing is False  # nothing to turn on


def test_voice_installed_shows_no_install_line(make_app, ui, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(voice, "available", lambda: True)
    app = make_app()
    ui.press(app, pygame.K_s)
    row = next(r for r in ROWS if r.key == "self_voicing")
    assert app.scenes["settings"].value_label(row) == "Off"
    assert "rapport-trainer[voice]" not in _drawn(app)


def test_the_makefile_has_the_voice_switch() -> None:
    make = (Path(__file__).resolve().parents[2] / "Makefile").read_text(encoding="utf-8")
    assert "$(if $(VOICE),$(VOICE_STAMP))" in make and "requirements/voice.txt" in make
    lock = Path(__file__).resolve().parents[2] / "requirements" / "voice.txt"
    assert "pyttsx3==" in lock.read_text(encoding="utf-8")


def test_settings_are_read_and_written_under_rapport_config_dir(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "kiosk-config"
    monkeypatch.setenv("RAPPORT_CONFIG_DIR", str(folder))
    folder.mkdir()
    (folder / "settings.json").write_text(json.dumps({"high_contrast": True, "text_size": "large"}),
                                          encoding="utf-8")
    first = boot.show_title()  # what `rapport play` opens with: no path given, so the default one
    assert first is not None
    try:
        assert first.settings_path == folder / "settings.json"
        assert first.settings.high_contrast and first.settings.text_size == "large"
        first.settings.mode = "assessment"
        settings_mod.save(first.settings, first.settings_path)
    finally:
        first.close()
    saved = json.loads((folder / "settings.json").read_text(encoding="utf-8"))
    assert saved["mode"] == "assessment" and saved["high_contrast"] is True
    monkeypatch.delenv("RAPPORT_CONFIG_DIR")
    assert settings_mod.default_path() != folder / "settings.json"
