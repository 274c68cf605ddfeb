"""What every benchmark module shares: statistics, the figure row, the table, machine facts, process timing.

A figure is one row of the `make bench` table:

    name     what was measured
    value    its median (a distribution's median; a single figure's median over repeats)
    p99      the 99th percentile, where the figure is a distribution (frames, node changes), else None
    unit     of value, p99 and floor
    floor    the same kind of work reduced to its least, measured in the same run on the same machine
    ratio    value / floor
    budget   the limit, in words ("ratio ≤ 2, p99 ≤ 4 ms"); "" when the figure is reported, not held
    ok       True / False against the budget; None when there is no budget

Each `bench_*.py` module has `run() -> dict` (its figures under "figures", anything else is detail for
results.json) and `main()`, which prints its own rows; `python -m benchmarks` runs every module in its own
process and prints one table for all of them.
"""

from __future__ import annotations

import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


def median(xs: Sequence[float]) -> float:
    return float(statistics.median(xs))


def p99(xs: Sequence[float]) -> float:
    """The 99th percentile by nearest rank (with 500 samples: the 5th largest)."""
    s = sorted(xs)
    return float(s[max(0, math.ceil(0.99 * len(s)) - 1)])


def figure(name: str, value: float | None, unit: str, *, floor: float | None = None, p99: float | None = None,
           budget: str = "", ok: bool | None = None, group: str = "", note: str = "",
           floor_is: str = "", samples: int | None = None, **extra: Any) -> dict[str, Any]:
    ratio = (value / floor) if (value is not None and floor) else None
    return {"group": group, "name": name, "value": value, "p99": p99, "unit": unit, "floor": floor,
            "floor_is": floor_is, "ratio": ratio, "budget": budget, "ok": ok, "samples": samples, "note": note,
            **extra}


def number(v: float | None, unit: str = "") -> str:
    if v is None:
        return "—"
    if isinstance(v, float) and math.isinf(v):
        return "∞"
    a = abs(v)
    if a >= 1000:
        return f"{v:,.0f}"
    if a >= 100:
        return f"{v:.0f}"
    if a >= 10:
        return f"{v:.1f}"
    if a >= 1:
        return f"{v:.2f}"
    return f"{v:.3g}"


def table(rows: list[dict[str, Any]]) -> str:
    """The rows as a plain-text table (one line per figure, group headings between)."""
    head = ("figure", "median", "p99", "unit", "floor", "ratio", "budget", "result")
    group = None
    cells: list[tuple[str, ...] | str] = []
    notes: list[str] = []
    for r in rows:
        if r.get("group") != group:
            group = r.get("group")
            cells.append(f"[{group}]")
        result = "—" if r["ok"] is None else ("pass" if r["ok"] else "FAIL")
        prefix = ">" if r.get("lower_bound") else ""
        name = r["name"]
        if r.get("note"):
            notes.append(r["note"])
            name += f" [{len(notes)}]"
        cells.append((name, prefix + number(r["value"]), number(r.get("p99")), r["unit"], number(r.get("floor")),
                      (prefix + number(r["ratio"]) if r.get("ratio") is not None else "—"), r.get("budget") or "—",
                      result))
    lines = [c for c in cells if isinstance(c, tuple)]
    widths = [max(len(h), *(len(c[i]) for c in lines)) if lines else len(h) for i, h in enumerate(head)]
    right = {1, 2, 4, 5}

    def fmt(c: tuple[str, ...]) -> str:
        return "  ".join(c[i].rjust(widths[i]) if i in right else c[i].ljust(widths[i]) for i in range(len(c)))

    out = [fmt(head), "  ".join("-" * w for w in widths)]
    for c in cells:
        out.append(c if isinstance(c, str) else fmt(c))
    out += [f"[{i}] {n}" for i, n in enumerate(notes, 1)]
    return "\n".join(out)


def machine() -> dict[str, Any]:
    """Where the figures came from."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    if sys.platform == "darwin":
        try:
            cpu = subprocess.run(["sysctl", "-n", "machdep.cpu.brand_string"], capture_output=True,
                                 text=True).stdout.strip() or cpu
        except OSError:
            pass
    info: dict[str, Any] = {
        "cpu": cpu, "cores": os.cpu_count(), "os": platform.platform(), "python": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "load_average": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
    }
    try:
        mem = Path("/proc/meminfo").read_text().split("\n", 1)[0].split()
        info["memory_gb"] = round(int(mem[1]) / 1024 / 1024, 1)
    except (OSError, IndexError, ValueError):
        pass
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    info["pygame_ce"] = pygame.version.ver
    info["sdl"] = ".".join(map(str, pygame.get_sdl_version()))
    info["sdl_video_driver"] = os.environ.get("SDL_VIDEODRIVER", "")
    return info


# -- whole processes

def child_env(tmp: Path, bytecode: bool = True, **extra: str) -> dict[str, str]:
    """The environment a benchmarked process runs in: dummy SDL, its own data and config folders.

    With `bytecode`, Python keeps compiled modules in a cache under `tmp` (what an installed copy has after
    its first run); without it every run compiles the game's own modules again (this sandbox sets
    PYTHONDONTWRITEBYTECODE=1, and so does a read-only checkout).
    """
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", PYGAME_HIDE_SUPPORT_PROMPT="1",
               RAPPORT_DATA_DIR=str(tmp / "data"), RAPPORT_CONFIG_DIR=str(tmp / "config"), **extra)
    env.pop("PYTHONPATH", None)
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(tmp / "pyc")
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env.pop("PYTHONPYCACHEPREFIX", None)
    return env


def process_times(argv: list[str], env: dict[str, str], runs: int, warm: int = 1,
                  check: Callable[[subprocess.CompletedProcess[bytes]], None] | None = None) -> list[float]:
    """Wall time of `runs` whole processes (after `warm` untimed ones that fill the OS and bytecode caches)."""
    for _ in range(warm):
        done = subprocess.run(argv, env=env, cwd=REPO, capture_output=True)
        if check is not None:
            check(done)
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, env=env, cwd=REPO, capture_output=True)
        out.append(time.perf_counter() - start)
    return out


def interleaved(a: list[str], b: list[str], env: dict[str, str], runs: int,
                check: Callable[[subprocess.CompletedProcess[bytes]], None] | None = None
                ) -> tuple[list[float], list[float]]:
    """Times of two commands run turn about (a floor and the figure), so drift in the machine hits both."""
    for argv in (a, b):
        done = subprocess.run(argv, env=env, cwd=REPO, capture_output=True)
        if check is not None:
            check(done)
    ta: list[float] = []
    tb: list[float] = []
    for _ in range(runs):
        for argv, out in ((a, ta), (b, tb)):
            start = time.perf_counter()
            subprocess.run(argv, env=env, cwd=REPO, capture_output=True)
            out.append(time.perf_counter() - start)
    return ta, tb


def main_for(run: Callable[[], dict[str, Any]], title: str) -> int:
    """A module's `main()`: with `--json PATH` write the result there (the harness), else print its rows."""
    args = sys.argv[1:]
    result = run()
    if args[:1] == ["--json"] and len(args) > 1:
        Path(args[1]).write_text(json.dumps(result, indent=1, default=str), encoding="utf-8")
    else:
        print(f"== {title}")
        print(table(result["figures"]))
    return 0 if all(f["ok"] is not False for f in result["figures"]) else 1
