"""Scripted `rapport play` for the whole-process benchmarks (run by bench_session; not a benchmark itself).

    python -m benchmarks.driver idle    OUT.json   # the dialogue screen, then 10 s of nothing: CPU used
    python -m benchmarks.driver session OUT.json   # play every shipped scenario through: peak RSS after each
    python -m benchmarks.driver floor   OUT.json   # a bare pygame window idling the same way (the floor)
    python -m benchmarks.driver session@1920x1080 OUT.json   # either, in a window of that size (likewise floor@WxH)

Each is the real command (`game.cli.main(["play", ...])`, the real window on SDL's dummy driver, the real
`App.loop`, the real SQLite store in a scratch data folder) with two changes a benchmark needs:
`display_available()` says yes, because the dummy driver would otherwise send `play` to the terminal; and
the App class is wrapped so a timer event, handled before the App sees anything, presses keys the way a
player would (posting ordinary KEYDOWN events for the loop to handle). With `@WxH` every window opened is
that size: a projector's full-HD screen, which the dummy driver has no desktop of to go fullscreen on.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

IDLE_SECONDS = 10.0
SETTLE_MS = 500  # after the choices appear, before the idle window starts
FIRST = "career-fair-booth"  # the largest shipped scenario


def peak_rss_mb() -> float:
    """This process's peak resident memory, in MB (10^6 bytes).

    Linux: VmHWM from /proc/self/status, because ru_maxrss carries over the high-water mark of the
    process that started this one (it is kept across exec), which would count a big parent's memory.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024 / 1e6
    except (OSError, ValueError, IndexError):
        pass
    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return (r if sys.platform == "darwin" else r * 1024) / 1e6


def _key(state: dict[str, Any], pygame: Any, key: int) -> None:
    """A press and its release (without the KEYUP, pygame's key repeat would keep pressing it)."""
    state["pending"] = 1
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=0, unicode="", scancode=0))


def _window_size(size: tuple[int, int] | None) -> None:
    """Open every window at `size` (None: as the game asks)."""
    if size is None:
        return
    import pygame

    set_mode = pygame.display.set_mode

    def sized(_size: Any = (0, 0), flags: int = 0, *a: Any, **k: Any) -> Any:
        return set_mode(size, flags, *a, **k)

    pygame.display.set_mode = sized


def _play(mode: str, out: Path, size: tuple[int, int] | None = None) -> int:
    import pygame

    _window_size(size)

    import game.commands.play as play_cmd
    from game.cli import main
    from game.ui import app as app_mod

    play_cmd.display_available = lambda: True  # the dummy driver is a display for this benchmark
    drive, mark = pygame.event.custom_type(), pygame.event.custom_type()
    result: dict[str, Any] = {"mode": mode}
    state: dict[str, Any] = {"i": 0, "played": []}
    base = app_mod.App

    class Driven(base):  # type: ignore[misc, valid-type]
        def __init__(self, *a: Any, **k: Any) -> None:
            super().__init__(*a, **k)
            pygame.time.set_timer(drive, 50 if mode == "idle" else 15)

        def handle(self, event: Any) -> None:
            if event.type == pygame.KEYDOWN:
                state["pending"] = 0
            if event.type == drive:
                self._drive()
                return
            if event.type == mark:
                state["t0"] = (time.perf_counter(), time.process_time(), self.frames)
                return
            if event.type == pygame.QUIT and "t0" in state:
                w0, c0, f0 = state["t0"]
                wall, cpu = time.perf_counter() - w0, time.process_time() - c0
                result.update(wall_s=wall, cpu_s=cpu, cpu_percent=100 * cpu / wall, frames=self.frames - f0)
            super().handle(event)

        def _drive(self) -> None:
            if state.get("pending"):
                return  # the last key is not handled yet: one key at a time, each on what is on screen
            flow, dlg = self.flow, self.dialogue
            where = flow.state
            state["i"] += 1
            if where == "briefing":
                _key(state, pygame, pygame.K_RETURN)
            elif where == "feedback":
                _key(state, pygame, pygame.K_RETURN)
            elif where == "dialogue" and dlg.phase == "choices":
                beat = dlg.beat
                if mode == "idle" and beat is not None and beat.speaker in flow.session.scenario.characters:
                    if state.get("idle"):
                        return  # a drive event that was already queued
                    state["idle"] = True
                    pygame.time.set_timer(drive, 0)  # from here on nothing presses anything
                    pygame.time.set_timer(mark, SETTLE_MS, loops=1)
                    pygame.time.set_timer(pygame.QUIT, SETTLE_MS + round(IDLE_SECONDS * 1000), loops=1)
                    result["scenario"], result["speaker"] = flow.session.scenario.id, beat.speaker
                    return
                n = len(dlg.choices.options)
                _key(state, pygame, getattr(pygame, f"K_{1 if state['i'] % 2 else n}"))
            elif where == "dialogue":
                _key(state, pygame, pygame.K_SPACE)  # completes a typing line, or moves past a finished one
            elif where == "debrief":
                sid = flow.session.scenario.id
                if sid not in state["played"]:
                    state["played"].append(sid)
                    result.setdefault("peak_rss_mb_after", {})[sid] = peak_rss_mb()
                    result.setdefault("cache_mb_after", {})[sid] = self._cache_mb()
                if len(state["played"]) < len(self.catalog.playable):
                    _key(state, pygame, pygame.K_n)  # next scenario
                else:
                    pygame.time.set_timer(drive, 0)
                    pygame.event.post(pygame.event.Event(pygame.QUIT))

        def _cache_mb(self) -> dict[str, float]:
            """Pixels held in the UI's caches (MB): where a session's memory goes."""
            from game.ui import draw

            def mb(surfaces: Any) -> float:
                return sum(s.get_bytesize() * s.get_width() * s.get_height() for s in surfaces) / 1e6

            return {"art (backgrounds, portraits)": mb(self.art._cache.items.values()),  # noqa: SLF001
                    "card shadows (blurred corners + stretched edges)":
                        mb([*draw._shadows.values(), *draw._strips.values()]),  # noqa: SLF001
                    "text": mb(self.text._cache.values()),  # noqa: SLF001
                    "art entries": len(self.art._cache.items), "shadow entries": len(draw._shadows),  # noqa: SLF001
                    "text entries": len(self.text._cache)}  # noqa: SLF001

    app_mod.App = Driven  # type: ignore[misc]  # run() builds the App by this name
    status = main(["play", "--scenario", FIRST])
    result["status"] = status
    result["peak_rss_mb"] = peak_rss_mb()
    result["ru_maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin"
                                                                                 else 1024) / 1e6
    result["played"] = state["played"]
    out.write_text(json.dumps(result), encoding="utf-8")
    return int(status)


def _floor(out: Path, size: tuple[int, int] | None = None) -> int:
    """A bare window: set_mode, one flip, then the same wait-for-events idling as App.loop."""
    import pygame

    pygame.display.init()
    pygame.display.set_mode(size or (1280, 800), pygame.RESIZABLE)
    pygame.display.flip()
    mark = pygame.event.custom_type()
    pygame.time.set_timer(mark, SETTLE_MS, loops=1)
    pygame.time.set_timer(pygame.QUIT, SETTLE_MS + round(IDLE_SECONDS * 1000), loops=1)
    t0: tuple[float, float] | None = None
    result: dict[str, Any] = {"mode": "floor"}
    while True:
        event = pygame.event.wait(1000)
        if event.type == mark:
            t0 = (time.perf_counter(), time.process_time())
        elif event.type == pygame.QUIT:
            assert t0 is not None
            wall, cpu = time.perf_counter() - t0[0], time.process_time() - t0[1]
            result.update(wall_s=wall, cpu_s=cpu, cpu_percent=100 * cpu / wall)
            break
    result["peak_rss_mb"] = peak_rss_mb()
    pygame.quit()
    out.write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    what, _, wxh = sys.argv[1].partition("@")
    path = Path(sys.argv[2])
    shape = (int(wxh.split("x")[0]), int(wxh.split("x")[1])) if wxh else None
    sys.exit(_floor(path, shape) if what == "floor" else _play(what, path, shape))
