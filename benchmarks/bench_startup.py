"""Start-up: `rapport --help`, `rapport validate scenarios/` and `rapport play` as whole processes.

    .venv/bin/python -m benchmarks.bench_startup     # this file only (make bench runs every bench_*.py)

Every figure is the median wall time of RUNS processes started one after another, turn about with its floor:

* `rapport --help`, `rapport validate scenarios/`: the installed `rapport` script. Floor: `python -c pass`.
  Each must also leave pygame unimported (checked with `python -X importtime`).
* `rapport play`, time to first frame: the real command in a window on SDL's dummy driver, ended by
  `os._exit` the moment the first `display.flip` returns. Two things differ from a plain `rapport play`,
  both set in the `-c` snippet below: `display_available()` answers yes (under the dummy driver `play`
  would otherwise fall back to the terminal), and `display.flip` is wrapped to exit. Floor: `python -c`
  that imports pygame, opens a 1280x800 window (the game's size) and flips, ended the same way.

With a bytecode cache (what an installed copy has after its first run) the figures are held to their
budgets; without one (every run compiles the game's modules again, as in this sandbox, where
PYTHONDONTWRITEBYTECODE=1) they are reported beside them.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.common import child_env, figure, interleaved, main_for, median

RUNS = 7
CLI_LIMIT_S, PLAY_RATIO = 0.3, 2.0
GROUP = "start-up (whole processes)"
MARK = "first-frame-flipped"

FIRST_FRAME = f"""\
import os, sys
import pygame
_flip = pygame.display.flip
def _first_frame():
    _flip()
    os.write(1, b"{MARK}\\n")
    os._exit(0)
pygame.display.flip = _first_frame
import game.commands.play
game.commands.play.display_available = lambda: True
from game.cli import main
sys.exit(main(["play"]))
"""

PYGAME_FLOOR = f"""\
import os, pygame
pygame.display.set_mode((1280, 800))
pygame.display.flip()
os.write(1, b"{MARK}\\n")
os._exit(0)
"""


# Where the time to the first frame goes: the same command, with timestamps at each step (a detail for
# docs/performance.md; not a figure). The title is flipped by `game.ui.boot` before the scenario layer,
# the store and the App exist; the App's own first frame (the title with its scenario count) follows.
PHASES = """\
import json, os, sys, time
T0 = time.perf_counter()
at = {}
def mark(k):
    at.setdefault(k, time.perf_counter() - T0)
import pygame
mark("import pygame")
flips = [0]
_flip = pygame.display.flip
def flip():
    _flip()
    flips[0] += 1
    mark("first flip (the title)" if flips[0] == 1 else f"flip {flips[0]}")
    app = sys.modules.get("game.ui.app")
    f = sys._getframe(1)
    while app is not None and f is not None:
        if f.f_code is app.App.loop.__code__:
            mark("the App's first frame (title with the scenario count)")
            os.write(1, (json.dumps({"at": at}) + "\\n").encode())
            os._exit(0)
        f = f.f_back
pygame.display.flip = flip
import game.commands.play as play
play.display_available = lambda: True
from game.cli import main
mark("import game.cli")
import game.ui.boot as boot
mark("import game.ui.boot (theme, fonts, text, art, title)")
_open = boot.open_window
def open_window(*a, **k):
    r = _open(*a, **k); mark("window open"); return r
boot.open_window = open_window
sys.exit(main(["play"]))
"""


def phases(env: dict[str, str], runs: int) -> dict[str, Any]:
    """Median time from process start to each step of `rapport play`, up to the App's first frame."""
    got: list[dict[str, Any]] = []
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", PHASES], env=env, capture_output=True, text=True,
                              stdin=subprocess.DEVNULL)
        line = next((ln for ln in done.stdout.splitlines() if ln.startswith("{")), None)
        if line is None:
            return {"error": done.stderr[-1500:]}
        got.append(json.loads(line))
    at = {k: median([g["at"][k] for g in got if k in g["at"]]) for k in got[0]["at"]}
    return {"seconds_since_start": dict(sorted(at.items(), key=lambda kv: kv[1])),
            "note": "the python interpreter's own start-up comes before 'import pygame'"}


def rapport_argv() -> list[str]:
    script = Path(sys.executable).with_name("rapport")
    return [sys.executable, str(script)] if script.exists() else [sys.executable, "-m", "game"]


def imports_pygame(argv: list[str], env: dict[str, str]) -> bool:
    done = subprocess.run([argv[0], "-X", "importtime", *argv[1:]], env=env, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL)
    names = re.findall(r"^import time:\s+\d+ \|\s+\d+ \|\s+(\S+)", done.stderr, re.M)
    if not names:
        raise RuntimeError(f"no import times from {argv}: {done.stderr[-500:]}")
    return any(n == "pygame" or n.startswith("pygame.") for n in names)


def _reached_first_frame(done: subprocess.CompletedProcess[bytes]) -> None:
    if MARK.encode() not in done.stdout:
        raise RuntimeError(f"no first frame: {done.stdout[-300:]!r} {done.stderr[-1500:]!r}")


def run() -> dict[str, Any]:
    rapport = rapport_argv()
    py = sys.executable
    figures: list[dict[str, Any]] = []
    detail: dict[str, Any] = {"runs": RUNS, "rapport": rapport}
    with tempfile.TemporaryDirectory(prefix="rapport-bench-") as tmp_name:
        tmp = Path(tmp_name)
        for bytecode in (True, False):
            env = child_env(tmp, bytecode=bytecode)
            label = "" if bytecode else ", no bytecode cache"
            times: dict[str, tuple[list[float], list[float]]] = {
                "help": interleaved([py, "-c", "pass"], [*rapport, "--help"], env, RUNS),
                "validate": interleaved([py, "-c", "pass"], [*rapport, "validate", "scenarios/"], env, RUNS),
                "play": interleaved([py, "-c", PYGAME_FLOOR], [py, "-c", FIRST_FRAME], env, RUNS,
                                    check=_reached_first_frame),
            }
            detail["bytecode_cache" if bytecode else "no_bytecode_cache"] = times
            if bytecode:
                detail["play_phases"] = phases(env, 3)
            for key, argv in (("help", [*rapport, "--help"]), ("validate", [*rapport, "validate", "scenarios/"])):
                floor, value = times[key]
                pygame_loaded = imports_pygame(argv, env) if bytecode else None
                med = median(value)
                name = "rapport --help" if key == "help" else "rapport validate scenarios/"
                ok = (med <= CLI_LIMIT_S and not pygame_loaded) if bytecode else None
                figures.append(figure(name + label, med, "s", floor=median(floor), floor_is="python -c pass",
                                      budget=f"≤ {CLI_LIMIT_S:g} s, no pygame" if bytecode else "",
                                      ok=ok, group=GROUP, samples=RUNS, imports_pygame=pygame_loaded,
                                      note="imports pygame" if pygame_loaded else ""))
            floor, value = times["play"]
            ratio_ok = median(value) / median(floor) <= PLAY_RATIO
            figures.append(figure("rapport play, to first frame" + label, median(value), "s", floor=median(floor),
                                  floor_is="python -c: import pygame, set_mode, flip",
                                  budget=f"ratio ≤ {PLAY_RATIO:g}" if bytecode else "",
                                  ok=ratio_ok if bytecode else None, group=GROUP, samples=RUNS))
    return {"figures": figures, **detail}


def main() -> int:
    return main_for(run, "start-up")


if __name__ == "__main__":
    sys.exit(main())
