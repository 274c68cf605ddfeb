"""`python -m benchmarks` (`make bench`): every benchmarks/bench_*.py, one table, benchmarks/results.json.

Each module runs in its own process (`python -m benchmarks.bench_x --json FILE`), one after another, so no
module's caches, memory or threads touch another's figures. The table lists every figure with its median,
p99 where it is a distribution, the floor measured in the same run, the ratio to it, the budget and the
result; results.json holds the same rows, the machine they came from and each module's detail. The exit
status is 1 when any budget is missed (or a module fails to run), else 0.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from benchmarks.common import REPO, figure, machine, table  # noqa: E402

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.json"
# Table order; any other bench_*.py runs too, after these.
ORDER = ("bench_frames", "bench_startup", "bench_session", "bench_scale", "bench_engine", "bench_validate",
         "bench_web", "bench_ownwords", "bench_lrs")


def modules() -> list[str]:
    found = {p.stem for p in HERE.glob("bench_*.py")}
    return [m for m in ORDER if m in found] + sorted(found - set(ORDER))


def run_module(name: str, tmp: Path) -> tuple[dict[str, Any], float]:
    out = tmp / f"{name}.json"
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", f"benchmarks.{name}", "--json", str(out)], cwd=REPO,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL)
    took = time.perf_counter() - start
    if not out.exists():
        tail = (proc.stderr or proc.stdout)[-1500:]
        row = figure(f"{name} did not run", None, "", budget="runs", ok=False, group=name,
                     note=f"exit {proc.returncode}: {tail}")
        return {"figures": [row], "error": tail}, took
    return dict(json.loads(out.read_text(encoding="utf-8"))), took


def main() -> int:
    started = datetime.now(UTC)
    t0 = time.perf_counter()
    info = machine()
    rows: list[dict[str, Any]] = []
    details: dict[str, Any] = {}
    seconds: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="rapport-bench-") as tmp:
        for name in modules():
            print(f"running {name} ...", file=sys.stderr, flush=True)
            data, took = run_module(name, Path(tmp))
            seconds[name] = round(took, 1)
            rows.extend(data.pop("figures"))
            details[name] = data
    total = time.perf_counter() - t0
    failed = [r for r in rows if r["ok"] is False]
    held = [r for r in rows if r["ok"] is not None]
    print(f"Rapport benchmarks, {started:%Y-%m-%d %H:%M} UTC, {total:.0f} s")
    print(f"machine: {info['cpu']}, {info['cores']} cores, Python {info['python']}, pygame-ce {info['pygame_ce']}, "
          f"SDL {info['sdl']}, load average {info['load_average']}")
    print()
    print(table(rows))
    print()
    print(f"{len(held) - len(failed)} of {len(held)} budgets held" + (
        "; missed: " + "; ".join(r["name"] for r in failed) if failed else ""))
    print(f"results: {RESULTS.relative_to(REPO)}")
    RESULTS.write_text(json.dumps({
        "started": started.isoformat(timespec="seconds"), "seconds": round(total, 1), "module_seconds": seconds,
        "machine": info, "passed": not failed, "figures": rows, "details": details,
    }, indent=1, default=str, ensure_ascii=False) + "\n", encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
