"""`rapport play`: the window when a display is there, terminal play otherwise (game/commands/play.py)."""

from __future__ import annotations

import io
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from game.cli import main
from game.commands import play as play_cmd

from .helpers import HALLWAY, REPO


@pytest.fixture
def display(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("SDL_VIDEODRIVER", raising=False)
    monkeypatch.setattr(sys, "platform", "linux")


def fake_app(monkeypatch: pytest.MonkeyPatch, status: int) -> list[tuple[Any, ...]]:
    calls: list[tuple[Any, ...]] = []
    module = types.ModuleType("game.ui.window")

    def run(pack_dirs: list[Path], scenario: str | None = None, **kwargs: Any) -> int:
        calls.append((pack_dirs, scenario))
        return status

    module.run = run  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "game.ui.window", module)
    return calls


def test_display_detection(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("SDL_VIDEODRIVER", raising=False)
    assert not play_cmd.display_available()
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    assert play_cmd.display_available()
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    assert not play_cmd.display_available()
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.delenv("SDL_VIDEODRIVER")
    assert play_cmd.display_available()


def test_default_pack_is_the_repository_scenarios_folder() -> None:
    assert play_cmd.default_pack() == (REPO / "scenarios").resolve()


@pytest.mark.usefixtures("display")
def test_with_a_display_the_window_plays(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    calls = fake_app(monkeypatch, 0)
    assert main(["play", str(HALLWAY)]) == 0
    assert calls == [([HALLWAY.resolve().parent], str(HALLWAY))]
    assert main(["play", "--pack", "somewhere", "--scenario", "x"]) == 0
    assert calls[-1] == ([Path("somewhere")], "x")
    assert capsys.readouterr().err == ""


@pytest.mark.usefixtures("display")
def test_a_window_that_cannot_open_falls_back_to_text(monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    fake_app(monkeypatch, play_cmd.WINDOW_FAILED)
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\n3\n1\n1\n1\n"))
    assert main(["play", "--in-order", str(HALLWAY)]) == 0
    got = capsys.readouterr()
    assert got.err == "No display found; playing in the terminal.\n"
    assert "=== A mentor on the team (success) ===" in got.out


@pytest.mark.usefixtures("display")
def test_without_the_window_front_end_text_play_runs(monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "game.ui.window", None)  # importing it raises ImportError
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["play", str(HALLWAY)]) == 0
    assert capsys.readouterr().err == "No display found; playing in the terminal.\n"


@pytest.mark.usefixtures("display")
def test_text_flag_never_opens_the_window(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = fake_app(monkeypatch, 0)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["play", "--text", str(HALLWAY)]) == 0
    assert calls == []


def test_the_recorder_hook_is_handed_to_text_play(monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    seen: list[tuple[str, Any]] = []

    class Rec:
        def decision(self, d: Any) -> None:
            seen.append(("decision", d.node_id))

        def finish(self, debrief: Any) -> None:
            seen.append(("finish", debrief.ending_id))

        def abandon(self) -> None:
            seen.append(("abandon", None))

    def make(args: Any, scenario: Any, mode: str, db: Any, sender: Any, session: Any) -> Rec:
        seen.append(("made", (scenario.id, mode)))
        return Rec()

    monkeypatch.setattr(play_cmd, "make_recorder", make)
    monkeypatch.setattr(sys, "stdin", io.StringIO("2\n1\n"))
    assert main(["play", "--text", "--assess", "--in-order", str(HALLWAY)]) == 0
    assert seen == [("made", ("hallway", "assessment")), ("decision", "hello"), ("decision", "ask"),
                    ("finish", "missed")]
    capsys.readouterr()
