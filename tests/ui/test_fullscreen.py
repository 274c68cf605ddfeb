"""`rapport play --fullscreen` (and with `--workshop`): the window opens fullscreen at the desktop's size.

Under SDL's dummy driver; `pygame.display.set_mode` is wrapped to record what the display was asked for.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pygame
import pytest

from game.cli import main
from game.commands import play as play_cmd
from game.ui import boot
from game.ui import settings as settings_mod
from game.ui.app import App
from game.ui.screens.settings_screen import ROWS

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def modes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[tuple[int, int], int]]:
    """Every (size, flags) the game passes to set_mode; the window path is taken though the driver is dummy."""
    calls: list[tuple[tuple[int, int], int]] = []
    real = pygame.display.set_mode

    def set_mode(size: Any = (0, 0), flags: int = 0, *args: Any, **kwargs: Any) -> pygame.Surface:
        calls.append((tuple(size), flags))  # type: ignore[arg-type]
        return real(size, flags, *args, **kwargs)

    monkeypatch.setattr(pygame.display, "set_mode", set_mode)
    monkeypatch.setattr(play_cmd, "display_available", lambda: True)
    return calls


def _title_only(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Stop after the title's first frame; the FirstFrame is kept for the test to read."""
    firsts: list[Any] = []

    def play_in_window(args: Any, first: Any) -> int:
        firsts.append((first, pygame.display.get_surface().get_size(), pygame.display.get_surface().get_flags()))
        return 0

    monkeypatch.setattr(play_cmd, "_play_in_window", play_in_window)
    return firsts


@pytest.mark.parametrize("extra", [[], ["--workshop"]])
def test_the_flag_opens_the_title_fullscreen_at_the_desktop_size(extra: list[str], modes: Any,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    firsts = _title_only(monkeypatch)
    assert main(["play", "--fullscreen", *extra]) == 0
    assert modes == [((0, 0), pygame.FULLSCREEN)]
    first, size, flags = firsts[0]
    assert first.settings.fullscreen and first.workshop == bool(extra)
    assert flags & pygame.FULLSCREEN
    pygame.display.init()
    assert size == pygame.display.get_desktop_sizes()[0]


def test_without_the_flag_the_window_is_as_the_settings_say(modes: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    _title_only(monkeypatch)
    assert main(["play"]) == 0
    assert modes == [(boot.DEFAULT_SIZE, pygame.RESIZABLE)]


def test_a_named_scenario_opens_fullscreen_and_the_flag_is_not_saved(modes: Any,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[tuple[tuple[int, int], int]] = []

    def loop(self: App) -> None:  # the App's first moment: what is on screen, then a setting changed
        surf = pygame.display.get_surface()
        shown.append((surf.get_size(), surf.get_flags()))
        self.settings.text_size = "large"
        self.save_settings()

    monkeypatch.setattr(App, "loop", loop)
    scenario = REPO / "scenarios" / "coffee-chat.yaml"
    assert main(["play", "--fullscreen", "--workshop", str(scenario)]) == 0
    assert modes == [((0, 0), pygame.FULLSCREEN)]
    assert shown and shown[0][1] & pygame.FULLSCREEN
    saved = json.loads(settings_mod.default_path().read_text(encoding="utf-8"))
    assert saved["text_size"] == "large" and saved["fullscreen"] is False  # the file's value, not the flag's


def test_switching_fullscreen_yourself_is_saved(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app(fullscreen=True)
    app.settings_path = tmp_path / "settings.json"
    app.saved_fullscreen = False  # as `--fullscreen` leaves it over a file that says windowed
    app.save_settings()
    assert settings_mod.load(app.settings_path).fullscreen is False
    row = next(r for r in ROWS if r.key == "fullscreen")
    scene = app.scenes["settings"]
    scene.change(row, 1)  # fullscreen off, by the player
    scene.change(row, 1)  # and on again: now it is their setting
    assert app.saved_fullscreen is None and settings_mod.load(app.settings_path).fullscreen is True
