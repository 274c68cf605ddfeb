"""How fast scenarios validate: `rapport validate scenarios/` as a whole process, and a generated 2,000-node file.

Run:  python benchmarks/bench_validate.py        (prints a table)
Use:  from benchmarks.bench_validate import run; run()  -> dict of figures (for a `make bench` harness)

Whole-process times are medians of several runs, next to a floor (`python -c pass`, the same interpreter and
environment) measured in the same run, so a slow or busy machine shows as a high floor rather than as slow code.
Two settings are measured: as this shell runs Python, and with a bytecode cache. The second is what an
installed copy sees; this sandbox sets PYTHONDONTWRITEBYTECODE=1, so without it every run recompiles the game's
own modules.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import figure, main_for
from benchmarks.scenarios import parse_events

REPO = Path(__file__).resolve().parents[1]
PACK_LIMIT_S = 0.3
BIG_LIMIT_S = 1.0
BIG_NODES = 2000
HARNESS_RUNS = 3  # under `make bench`, whose start-up module times the same commands again


def generate(nodes: int = BIG_NODES) -> str:
    """A valid scenario of `nodes` nodes: forward links only, choices with every effect, conditions, branches."""
    out = ["title: Generated", "summary: A large scenario for timing the loader.",
           "focus: [communication, reciprocity]",
           "characters:", "  maya:", "    name: Maya", "    role: Recruiter", "nodes:"]
    for i in range(nodes):
        a = f"n{i + 1}" if i + 1 < nodes else "good"
        b = f"n{i + 2}" if i + 2 < nodes else "bad"
        out.append(f"  n{i}:")
        if i % 10 == 9:
            out += ["    text: Later that day.", "    branch:",
                    f"      - if: flag{i % 7} and maya.rapport >= 1 or communication > 3", f"        to: {a}",
                    f"      - to: {b}"]
            continue
        out += ["    speaker: maya", f"    text: Step {i}. What next?", "    choices:",
                "      - text: Ask about her work.", f"        to: {a}",
                "        score: {communication: 2, reciprocity: 1}", "        rapport: {maya: 1}",
                f"        set: {{flag{i % 7}: true}}", "        feedback: A question opens doors.",
                "      - text: Talk about yourself.", f"        to: {b}", "        score: {communication: -2}",
                "        pattern: hard_seller", "        feedback: A monologue."]
        if i % 3 == 0:
            out += ["      - text: Mention her talk.", f"        if: not visited(n{max(0, i - 1)})", f"        to: {a}",
                    "        score: {reciprocity: 1}", "        reply: \"Oh, you were there?\"",
                    "        feedback: Specific."]
    out += ["endings:", "  good:", "    title: Good", "    text: It went well.", "    outcome: success",
            "  bad:", "    title: Bad", "    text: It did not.", "    outcome: setback"]
    return "\n".join(out) + "\n"


def _env(bytecode: bool, cache: str) -> dict[str, str]:
    env = dict(os.environ, PYDANTIC_DISABLE_PLUGINS="__all__", SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = cache  # a cache outside the work tree
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def _times(argv: list[str], env: dict[str, str], runs: int) -> list[float]:
    subprocess.run(argv, env=env, cwd=REPO, capture_output=True)  # warm the OS file cache (and bytecode)
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, env=env, cwd=REPO, capture_output=True, check=False)
        out.append(time.perf_counter() - start)
    return out


_PYDANTIC_FAMILY = {"pydantic", "pydantic_core", "annotated_types", "typing_extensions", "typing_inspection"}


def _import_costs(env: dict[str, str]) -> dict[str, float]:
    """Import time of `rapport validate scenarios/` (ms), split by who owns the module, from `-X importtime`.

    Self times add up to the whole import time, so the groups are a partition. Standard-library modules are
    counted apart, though most of them are there because pydantic imports them (importlib.metadata, email,
    csv, zipfile for its plugin loader; inspect, ast for dataclasses).
    """
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "game", "validate", "scenarios"], env=env,
                          cwd=REPO, capture_output=True, text=True)
    groups: dict[str, float] = {}
    cumulative: dict[str, float] = {}
    stdlib: frozenset[str] = getattr(sys, "stdlib_module_names", frozenset())
    for line in proc.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s+)(\S.*)$", line)
        if not m:
            continue
        name = m.group(4).strip()
        root = name.split(".")[0]
        if root in _PYDANTIC_FAMILY:
            group = "pydantic and its typing libraries"
        elif root == "yaml" or root == "_yaml":
            group = "PyYAML"
        elif root == "game":
            group = "game (own modules)"
        elif root in stdlib or root.startswith("_"):
            group = "standard library"
        else:
            group = f"other ({root})"
        groups[group] = groups.get(group, 0.0) + int(m.group(1)) / 1000
        if name in ("pydantic", "yaml", "game.scenario.model", "game.scenario", "game.cli", "site"):
            cumulative[f"{name} (with what it imports)"] = int(m.group(2)) / 1000
    total = sum(groups.values())
    ordered = dict(sorted(groups.items(), key=lambda kv: -kv[1]))
    return {"total": total, **ordered, **cumulative}


_PHASES = """\
import json, time
t0 = time.perf_counter()
import game.cli
t1 = time.perf_counter()
import pydantic.main
t2 = time.perf_counter()
import yaml
t3 = time.perf_counter()
import game.scenario
t4 = time.perf_counter()
from game.scenario.lint import check_paths
t5 = time.perf_counter()
check_paths(["scenarios"], with_warnings=False)
t6 = time.perf_counter()
print(json.dumps({"import game.cli (argparse)": t1 - t0, "import pydantic": t2 - t1, "import PyYAML": t3 - t2,
                  "import game.scenario (builds the models)": t4 - t3, "import game.scenario.lint": t5 - t4,
                  "read and check the pack": t6 - t5}))
"""


def _phases(env: dict[str, str], runs: int) -> dict[str, float]:
    """Where the time of one `validate` goes, phase by phase, in a fresh interpreter (medians)."""
    samples: list[dict[str, float]] = []
    for _ in range(runs):
        proc = subprocess.run([sys.executable, "-c", _PHASES], env=env, cwd=REPO, capture_output=True, text=True)
        samples.append(json.loads(proc.stdout))
    return {k: statistics.median(s[k] for s in samples) for k in samples[0]}


def run(runs: int = 7) -> dict[str, Any]:
    """Measure everything; return plain figures (seconds) and whether each limit holds."""
    from game.scenario import load_scenario_text

    result: dict[str, Any] = {"runs": runs, "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg")
                              else None}
    with tempfile.TemporaryDirectory(prefix="rapport-bench-") as tmp:
        big = Path(tmp) / "generated.yaml"
        text = generate()
        big.write_text(text, encoding="utf-8")
        for label, bytecode in (("no_bytecode_cache", False), ("bytecode_cache", True)):
            env = _env(bytecode, str(Path(tmp) / "pyc"))
            floor = _times([sys.executable, "-c", "pass"], env, runs)
            pack = _times([sys.executable, "-m", "game", "validate", "scenarios"], env, runs)
            big_proc = _times([sys.executable, "-m", "game", "validate", str(big)], env, runs)
            result[label] = {
                "floor_s": statistics.median(floor),
                "validate_pack_s": statistics.median(pack),
                "validate_pack_min_s": min(pack),
                "validate_pack_over_floor_s": statistics.median(pack) - statistics.median(floor),
                "validate_2000_nodes_process_s": statistics.median(big_proc),
            }
        warm = _env(True, str(Path(tmp) / "pyc"))
        result["import_ms"] = _import_costs(warm)
        result["phases_s"] = _phases(warm, runs)
    load_scenario_text(text, "generated.yaml")  # imports and first-use costs out of the way
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        sc = load_scenario_text(text, "generated.yaml")
        times.append(time.perf_counter() - start)
    result["big"] = {"nodes": len(sc.nodes), "bytes": len(text.encode()), "load_s": statistics.median(times),
                     "load_min_s": min(times)}
    floor = []
    for _ in range(runs):
        start = time.perf_counter()
        parse_events(text)
        floor.append(time.perf_counter() - start)
    result["big"]["floor_s"] = statistics.median(floor)
    result["pack_ok"] = result["bytecode_cache"]["validate_pack_s"] < PACK_LIMIT_S
    result["big_ok"] = result["big"]["load_s"] < BIG_LIMIT_S
    result["figures"] = [
        figure(f"load a {BIG_NODES:,}-node file in process", result["big"]["load_s"], "s",
               floor=result["big"]["floor_s"], floor_is="PyYAML C parser, events only",
               budget=f"< {BIG_LIMIT_S:g} s", ok=result["big_ok"], group="validate (in process)"),
    ]
    return result


def main() -> int:
    if sys.argv[1:2] == ["--json"]:  # the make bench harness: fewer runs, the rest of the detail kept
        return main_for(lambda: run(runs=HARNESS_RUNS), "validate")
    r = run()
    print(f"load average: {r['load_average']}   (runs: {r['runs']}, medians)")
    print(f"{'':34}{'no bytecode cache':>20}{'bytecode cache':>18}")
    for key, label in (("floor_s", "python -c pass (floor)"), ("validate_pack_s", "rapport validate scenarios/"),
                       ("validate_pack_min_s", "  fastest run"), ("validate_pack_over_floor_s", "  over the floor"),
                       ("validate_2000_nodes_process_s", "rapport validate 2,000 nodes")):
        print(f"{label:34}{r['no_bytecode_cache'][key]:>19.3f}s{r['bytecode_cache'][key]:>17.3f}s")
    big = r["big"]
    print(f"{'load 2,000 nodes in process':34}{big['load_s']:>19.3f}s   ({big['bytes'] // 1024} KiB, "
          f"limit {BIG_LIMIT_S} s: {'ok' if r['big_ok'] else 'OVER'})")
    print(f"pack limit {PACK_LIMIT_S} s (with bytecode cache): {'ok' if r['pack_ok'] else 'OVER'}")
    print("one `validate scenarios/`, phase by phase (fresh interpreter, bytecode cache):")
    for name, sec in r["phases_s"].items():
        print(f"  {name:40}{sec * 1000:8.1f} ms")
    print("its import time (python -X importtime), self times by owner, then cumulative:")
    for name, ms in r["import_ms"].items():
        print(f"  {name:56}{ms:8.1f} ms")
    return 0 if r["pack_ok"] and r["big_ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
