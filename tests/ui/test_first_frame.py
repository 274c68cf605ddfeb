"""`rapport play` puts the title on screen before the scenario layer loads (game/ui/boot.py).

The real command runs in a child process on SDL's dummy driver, with `display.flip` wrapped to save
each frame, the modules loaded by then and the text drawn into it; the child ends at the App's
first frame.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pygame
import pytest

from game.cli import build_parser, command_named, main
from game.commands import play as play_cmd

REPO = Path(__file__).resolve().parents[2]

# What the title's first frame must not wait for: the scenario models (pydantic, YAML), the engine, the screen
# flow (`transitions`), the results store (SQLite), the pack catalogue and the App with its other screens.
HEAVY = ("game.scenario", "game.engine", "game.store", "game.ui.app", "game.ui.flow", "game.ui.catalog",
         "game.ui.screens.select", "game.ui.screens.dialogue", "transitions", "pydantic", "pydantic_core",
         "yaml", "sqlite3")

_CHILD = """\
import json, os, sys
import pygame
from game.ui import text as text_mod
OUT, HEAVY = sys.argv[1], tuple(sys.argv[2].split(","))
drawn, frames = [], []
_blit = text_mod.TextRenderer.blit
def blit(self, target, surf, text, box, *a, **k):
    drawn.append([text, [box.x, box.y, box.w, box.h]])
    return _blit(self, target, surf, text, box, *a, **k)
text_mod.TextRenderer.blit = blit
def in_app_loop():
    app = sys.modules.get("game.ui.app")
    f = sys._getframe(2)
    while app is not None and f is not None:
        if f.f_code is app.App.loop.__code__:
            return True
        f = f.f_back
    return False
_flip = pygame.display.flip
def flip():
    _flip()
    path = os.path.join(OUT, f"frame{len(frames)}.png")
    pygame.image.save(pygame.display.get_surface(), path)
    heavy = sorted(m for m in sys.modules if m in HEAVY or m.startswith(tuple(h + "." for h in HEAVY)))
    frames.append({"png": path, "heavy": heavy, "text": list(drawn), "app": in_app_loop()})
    drawn.clear()
    if frames[-1]["app"]:  # the App's own first frame: enough
        print(json.dumps(frames))
        sys.stdout.flush()
        os._exit(0)
pygame.display.flip = flip
import game.commands.play
game.commands.play.display_available = lambda: True
from game.cli import main
code = main(sys.argv[3:])
print(json.dumps(frames))
sys.exit(code)
"""


def _run_child(tmp_path: Path, *args: str) -> list[dict[str, Any]]:
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", PYGAME_HIDE_SUPPORT_PROMPT="1",
               RAPPORT_DATA_DIR=str(tmp_path / "data"), RAPPORT_CONFIG_DIR=str(tmp_path / "config"))
    done = subprocess.run([sys.executable, "-c", _CHILD, str(tmp_path), ",".join(HEAVY), "play", *args],
                          env=env, cwd=REPO, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120)
    assert done.returncode == 0, done.stderr[-1500:]
    assert "Traceback" not in done.stderr
    frames: list[dict[str, Any]] = json.loads(done.stdout.strip().splitlines()[-1])
    return frames


def _texts(frame: dict[str, Any]) -> list[str]:
    return [t for t, _ in frame["text"]]


def _differences(a_png: str, b_png: str) -> list[pygame.Rect]:
    """The rectangles where two frames differ (empty: the same picture)."""
    a, b = pygame.image.load(a_png), pygame.image.load(b_png)
    assert a.get_size() == b.get_size()
    diff = a.copy()
    diff.blit(b, (0, 0), special_flags=pygame.BLEND_RGB_SUB)
    back = b.copy()
    back.blit(a, (0, 0), special_flags=pygame.BLEND_RGB_SUB)
    diff.blit(back, (0, 0), special_flags=pygame.BLEND_RGB_ADD)  # |a - b| in each channel
    same = pygame.mask.from_threshold(diff, (0, 0, 0), (1, 1, 1, 255))
    same.invert()
    return same.get_bounding_rects()


def test_the_title_is_on_screen_before_the_scenario_layer_loads(tmp_path: Path) -> None:
    frames = _run_child(tmp_path)
    first, app_frame = frames[0], frames[-1]
    assert not first["app"] and app_frame["app"]
    assert first["heavy"] == []
    assert {"game.scenario", "game.ui.app", "transitions"} <= set(app_frame["heavy"])  # the check can tell

    # The first frame is the title as the player sees it, with its scenario count still to come.
    for words in ("Rapport", "Play", "History", "Settings", "Quit", "Choose what to say and do."):
        assert words in _texts(first)
    assert "Loading scenarios…" in _texts(first)
    counts = [t for t in _texts(app_frame) if re.fullmatch(r"\d+ scenarios? ready", t)]
    assert counts and counts[0] != "0 scenarios ready"


def test_the_app_carries_on_with_the_same_title(tmp_path: Path) -> None:
    frames = _run_child(tmp_path)
    assert len(frames) >= 2
    footer = next(box for t, box in frames[0]["text"] if t == "Loading scenarios…")
    footer_rect = pygame.Rect(footer)
    boot = [f for f in frames if not f["app"]]
    # The faces come in the frame after the first one: they change nothing left of the title panel.
    panel_right = footer_rect.right
    if len(boot) > 1:
        assert all(r.left > panel_right for r in _differences(boot[0]["png"], boot[-1]["png"]))
    # The App's first frame is the same picture but for the footer, now with the count.
    changed = _differences(boot[-1]["png"], frames[-1]["png"])
    assert changed, "the footer should have changed"
    assert all(footer_rect.contains(r) for r in changed), (changed, footer_rect)


def test_the_first_frame_in_workshop_mode_uses_the_projector_text_size(tmp_path: Path) -> None:
    """Workshop mode's larger text is in force from the first frame: the App's frame changes only the footer."""
    frames = _run_child(tmp_path, "--workshop")
    assert frames[0]["heavy"] == []
    assert any(t.startswith("Loading scenarios…") for t in _texts(frames[0]))
    changed = _differences([f for f in frames if not f["app"]][-1]["png"], frames[-1]["png"])
    footer = pygame.Rect(next(box for t, box in frames[0]["text"] if t.startswith("Loading scenarios")))
    assert all(footer.contains(r) for r in changed), (changed, footer)


def test_naming_a_scenario_skips_the_early_title(tmp_path: Path) -> None:
    frames = _run_child(tmp_path, "--scenario", "career-fair-booth")
    assert len(frames) == 1 and frames[0]["app"]  # straight to the briefing, drawn by the App
    assert "Loading scenarios…" not in _texts(frames[0])


# -- the command line around it


@pytest.fixture
def display(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(play_cmd, "display_available", lambda: True)


class _FakeFirst:
    def __init__(self, log: list[str]) -> None:
        self.log = log

    def close(self) -> None:
        self.log.append("closed")


def _fake_front_end(monkeypatch: pytest.MonkeyPatch, log: list[str], opens: bool = True,
                    app: bool = True) -> list[dict[str, Any]]:
    """game.ui.boot and game.ui.window stand-ins that log the order things happen in."""
    boot = types.ModuleType("game.ui.boot")
    seen: list[dict[str, Any]] = []

    def show_title(player: str | None = None, workshop: bool = False, lang: str | None = None) -> _FakeFirst | None:
        log.append(f"title player={player} workshop={workshop}" + (f" lang={lang}" if lang else ""))
        return _FakeFirst(log) if opens else None

    boot.show_title = show_title  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "game.ui.boot", boot)
    if not app:
        monkeypatch.setitem(sys.modules, "game.ui.window", None)  # importing it raises ImportError
        return seen
    front = types.ModuleType("game.ui.window")

    def run(pack_dirs: list[Path], **kwargs: Any) -> int:
        log.append("run")
        seen.append({"packs": pack_dirs, **kwargs})
        return 0

    front.run = run  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "game.ui.window", front)
    def open_store(args: Any) -> tuple[object, None]:
        log.append("store")
        return object(), None

    monkeypatch.setattr(play_cmd, "open_store", open_store)
    results = types.ModuleType("game.play.store_results")
    results.StoreResults = lambda db, player, sender=None: "results"  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "game.play.store_results", results)
    return seen


@pytest.mark.usefixtures("display")
def test_play_shows_the_title_before_the_store_opens_and_hands_it_to_the_app(monkeypatch: pytest.MonkeyPatch,
                                                                            tmp_path: Path) -> None:
    log: list[str] = []
    seen = _fake_front_end(monkeypatch, log)
    assert main(["play", "--workshop", "--pack", str(tmp_path)]) == 0
    assert log == ["title player=Workshop workshop=True", "store", "run", "closed"]
    assert isinstance(seen[0]["first_frame"], _FakeFirst)
    assert seen[0]["packs"] == [tmp_path] and seen[0]["scenario"] is None and seen[0]["workshop"] is True


@pytest.mark.usefixtures("display")
def test_a_named_scenario_opens_no_early_title(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    log: list[str] = []
    seen = _fake_front_end(monkeypatch, log)
    assert main(["play", "--pack", str(tmp_path), "--scenario", "x", "--watch"]) == 0
    assert log == ["store", "run"]
    assert "first_frame" not in seen[0] and seen[0]["scenario"] == "x" and seen[0]["watch"] is True


@pytest.mark.usefixtures("display")
def test_no_window_for_the_title_falls_back_to_text(monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    log: list[str] = []
    _fake_front_end(monkeypatch, log, opens=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["play"]) == 0
    assert log == ["title player=None workshop=False"]
    assert capsys.readouterr().err == play_cmd.NO_DISPLAY


@pytest.mark.usefixtures("display")
def test_without_the_front_end_the_title_window_closes_and_text_play_runs(monkeypatch: pytest.MonkeyPatch,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    log: list[str] = []
    _fake_front_end(monkeypatch, log, app=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["play"]) == 0
    assert log == ["title player=None workshop=False", "closed"]
    assert capsys.readouterr().err == play_cmd.NO_DISPLAY


@pytest.mark.usefixtures("display")
def test_an_error_after_the_first_frame_closes_the_window_and_shows_no_traceback(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    log: list[str] = []
    _fake_front_end(monkeypatch, log)

    def broken(args: Any) -> Any:
        raise OSError("disk full")

    monkeypatch.setattr(play_cmd, "open_store", broken)
    assert main(["play"]) == 3
    assert log == ["title player=None workshop=False", "closed"]
    err = capsys.readouterr().err
    assert err.startswith("rapport: internal error: OSError: disk full") and "Traceback" not in err


def test_the_parser_is_built_only_as_far_as_the_command() -> None:
    assert command_named([]) == "play" and command_named(["play", "--text"]) == "play"
    assert command_named(["--help"]) is None and command_named(["validate", "x"]) == "validate"
    def commands(parser: argparse.ArgumentParser) -> set[str]:
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        return set(sub.choices)

    partial, whole = commands(build_parser("play")), commands(build_parser())
    assert "play" in partial and "validate" not in partial
    assert {"play", "screens", "validate", "lint", "analyze", "history", "report"} <= whole


def test_help_and_mistyped_commands_still_list_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert all(name in out for name in ("play", "validate", "analyze", "history"))
    with pytest.raises(SystemExit):
        main(["plya"])
    err = capsys.readouterr().err
    assert "invalid choice" in err and "validate" in err and "history" in err
    with pytest.raises(SystemExit):
        main(["play", "--help"])
    assert "--workshop" in capsys.readouterr().out
