"""play: the game window when there is a display, terminal play (`--text`) otherwise."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from game.commands import UserError

NO_DISPLAY = "No display found; playing in the terminal.\n"
WINDOW_FAILED = 3  # game.ui.app.run's status when no window can open


def default_pack() -> Path:
    """The pack that ships with the game: the repository's `scenarios/` folder."""
    import game

    return Path(game.__file__).resolve().parent.parent / "scenarios"


def display_available() -> bool:
    """Whether a window could open: a dummy SDL driver or a Linux session without X/Wayland has none."""
    driver = os.environ.get("SDL_VIDEODRIVER", "").lower()
    if driver in ("dummy", "offscreen"):
        return False
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or driver)
    return True


def _try_window(args: argparse.Namespace) -> int | None:
    """Play in the window; None when there is no display or no window front end to use."""
    if not display_available():
        return None
    import importlib

    try:
        app = importlib.import_module("game.ui.app")  # pygame is imported only here, on the window path
    except ImportError:
        return None
    run = getattr(app, "run", None)
    if run is None:
        return None
    if args.file:
        packs, scenario = [Path(args.file).resolve().parent], args.file
    else:
        packs, scenario = [Path(args.pack) if args.pack else default_pack()], args.scenario
    status = int(run(packs, scenario=scenario))
    return None if status == WINDOW_FAILED else status


def make_recorder(args: argparse.Namespace, scenario: Any, mode: str) -> Any:
    """The attempt recorder for text play, or None (attempts are not saved yet).

    Hook for the store: return `Recorder(db, player, scenario, mode, pack=...)` here;
    text play calls `.decision(d)`, `.rewind(k)`, `.finish(debrief)` and `.abandon()` on it.
    """
    return None


def _choose_scenario(args: argparse.Namespace) -> Any:
    """The scenario to play, or None (nothing chosen: end of input). Raises _Broken for a broken file."""
    from game.scenario import ScenarioError, load_pack, load_scenario
    from game.text_play import pick_scenario

    if args.file:
        try:
            return load_scenario(args.file)
        except ScenarioError as exc:
            raise _Broken(exc.findings) from None
    root = Path(args.pack) if args.pack else default_pack()
    if not root.is_dir():
        raise UserError(f"no pack folder at {root}; pass --pack DIR or a scenario FILE")
    pack = load_pack(root)
    if pack.findings:
        raise _Broken(pack.findings)
    if args.scenario:
        found = pack.scenario(args.scenario)
        if found is not None:
            return found
        broken = next((b for b in pack.broken if b.id == args.scenario), None)
        if broken is not None:
            raise _Broken(broken.findings)
        ids = ", ".join(s.id or "" for s in pack.scenarios) or "none"
        raise UserError(f"no scenario `{args.scenario}` in {root}; the scenarios are: {ids}")
    return pick_scenario(pack)


class _Broken(Exception):
    def __init__(self, findings: list[Any]):
        super().__init__(str(findings[0]) if findings else "broken")
        self.findings = findings


def play_in_terminal(args: argparse.Namespace) -> int:
    from game.engine.session import Mode
    from game.text_play import play_text

    try:
        sc = _choose_scenario(args)
    except _Broken as exc:
        for f in exc.findings:
            sys.stderr.write(f"{f}\n")
        return 1
    if sc is None:
        return 0
    mode: Mode = "assessment" if args.assess else "practice"
    play_text(sc, mode=mode, recorder=make_recorder(args, sc, mode))
    return 0


def cmd_play(args: argparse.Namespace) -> int:
    if not args.text:
        status = _try_window(args)
        if status is not None:
            return status
        sys.stderr.write(NO_DISPLAY)
    return play_in_terminal(args)


def register(sub: Any) -> None:
    p = sub.add_parser("play", help="play (the window, or the terminal with --text)",
                       description="Play a scenario. With no FILE, choose one from the pack.")
    p.add_argument("file", nargs="?", metavar="FILE", help="a scenario file to play")
    p.add_argument("--text", action="store_true",
                   help="play in the terminal (screen readers, no display); one number a line")
    p.add_argument("--pack", metavar="DIR", help="a folder of scenarios (default: the game's own)")
    p.add_argument("--scenario", metavar="ID", help="play this scenario of the pack without the list")
    p.add_argument("--assess", action="store_true", help="assessment mode: all feedback waits for the debrief")
    p.set_defaults(func=cmd_play)
