"""Idle CPU on the dialogue screen, and the peak memory of a play session: whole `rapport play` processes.

    .venv/bin/python -m benchmarks.bench_session     # this file only (make bench runs every bench_*.py)

Both run `rapport play` for real in a child process (benchmarks/driver.py says how it is scripted):

* Idle: the window opens on the largest scenario's briefing; keys take it to the first decision a character
  asks, with the line fully shown and the choices up; then nothing happens for 10 s. The figure is the
  process's CPU time (time.process_time: every thread) over the wall time of those 10 s. The floor is a
  bare pygame window idling in `event.wait` over the same 10 s, run at the same time.
* Memory: the same command plays the largest scenario through to its debrief, then every other shipped
  scenario; the peak RSS after the first debrief is the play session's figure, and after the last one
  the peak of a long session. The floor is the bare window's peak RSS. On Linux the peak is VmHWM
  (/proc/self/status): ru_maxrss keeps the high-water mark of the process that started the child across
  exec, so a big parent would show in it (ru_maxrss is in results.json beside it).
  The same session is played again with the window at 1920x1080 (a workshop's projector, fullscreen),
  against a bare window of that size.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.common import REPO, child_env, figure, main_for

IDLE_PERCENT, RSS_MB = 3.0, 150.0
BIG = (1920, 1080)  # a projector's full-HD screen, as a workshop plays fullscreen
GROUP = "idle and memory (whole rapport play process)"


def _child(mode: str, tmp: Path, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "benchmarks.driver", mode, str(out)], cwd=REPO,
                            env=child_env(tmp, bytecode=True), stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _result(proc: subprocess.Popen[bytes], out: Path, timeout: float) -> dict[str, Any]:
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
        raise RuntimeError(f"benchmark child timed out: {err.decode(errors='replace')[-2000:]}") from None
    if proc.returncode != 0 or not out.exists():
        raise RuntimeError(f"benchmark child failed ({proc.returncode}): {err.decode(errors='replace')[-2000:]}")
    return dict(json.loads(out.read_text(encoding="utf-8")))


def run() -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="rapport-bench-") as tmp_name:
        tmp = Path(tmp_name)
        # idle: the app and the floor side by side (both sleep; two cores or one, neither waits on the other)
        app = _child("idle", tmp / "a", tmp / "idle.json")
        floor = _child("floor", tmp / "f", tmp / "floor.json")
        idle = _result(app, tmp / "idle.json", 120)
        bare = _result(floor, tmp / "floor.json", 120)
        session = _result(_child("session", tmp / "s", tmp / "session.json"), tmp / "session.json", 300)
        big = f"{BIG[0]}x{BIG[1]}"
        floor_big = _child(f"floor@{big}", tmp / "fb", tmp / "floor_big.json")
        bare_big = _result(floor_big, tmp / "floor_big.json", 120)
        session_big = _result(_child(f"session@{big}", tmp / "sb", tmp / "session_big.json"),
                              tmp / "session_big.json", 300)
    first = session["peak_rss_mb_after"][session["played"][0]]
    first_big = session_big["peak_rss_mb_after"][session_big["played"][0]]
    figures = [
        figure("idle CPU, dialogue screen, 10 s", idle["cpu_percent"], "% core", floor=bare["cpu_percent"],
               floor_is="bare pygame window in event.wait", budget=f"≤ {IDLE_PERCENT:g}% of one core",
               ok=idle["cpu_percent"] <= IDLE_PERCENT, group=GROUP,
               note=f"{idle['frames']} frames drawn while idle"),
        figure(f"peak RSS, play {session['played'][0]} through", first, "MB", floor=bare["peak_rss_mb"],
               floor_is="bare pygame window", budget=f"≤ {RSS_MB:g} MB", ok=first <= RSS_MB, group=GROUP),
        figure(f"peak RSS, then all {len(session['played'])} shipped scenarios", session["peak_rss_mb"], "MB",
               floor=bare["peak_rss_mb"], floor_is="bare pygame window", budget=f"≤ {RSS_MB:g} MB",
               ok=session["peak_rss_mb"] <= RSS_MB, group=GROUP),
        figure(f"peak RSS at {big}, play {session_big['played'][0]} through", first_big, "MB",
               floor=bare_big["peak_rss_mb"], floor_is=f"bare pygame window, {big}", budget=f"≤ {RSS_MB:g} MB",
               ok=first_big <= RSS_MB, group=GROUP),
        figure(f"peak RSS at {big}, then all {len(session_big['played'])} shipped scenarios",
               session_big["peak_rss_mb"], "MB", floor=bare_big["peak_rss_mb"], floor_is=f"bare pygame window, {big}",
               budget=f"≤ {RSS_MB:g} MB", ok=session_big["peak_rss_mb"] <= RSS_MB, group=GROUP),
    ]
    return {"figures": figures, "idle": idle, "idle_floor": bare, "session": session,
            "session_big": session_big, "floor_big": bare_big}


def main() -> int:
    return main_for(run, "idle and memory")


if __name__ == "__main__":
    sys.exit(main())
