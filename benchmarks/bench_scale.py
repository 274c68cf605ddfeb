"""Scale: validate and analyze generated scenarios of 100, 1,000 and 5,000 nodes; simulate's playthrough rate.

    .venv/bin/python -m benchmarks.bench_scale       # this file only (make bench runs every bench_*.py)

The scenarios come from `benchmarks.scenarios.stitched(n)`: the shipped scenarios' own graphs (choices,
branches, conditions, flags, rapport, scores) copied end to end, each copy with its own names (the scores
its conditions read included, as counters of its own: see `benchmarks.scenarios`), cut short in words. 5,000 nodes of that shape take about 1.4 MB, over the 1 MiB cap on a scenario file, so the cap
(a size check made before any work) is lifted while these run. Time per node at each size shows the growth; the growth
exponent between 1,000 and 5,000 nodes, log(t5000 / t1000) / log 5, is 1 for linear work, about 1.13 for
n log n and 2 for quadratic. "Close to linear" is held as an exponent of at most 1.2.

* validate: `check_paths([file])`, what `rapport validate FILE` runs (read, parse, model, checks).
  Floor: PyYAML's C parser run over the same text, building nothing: the least any validation must do.
* analyze: `game.engine.analysis.analyze` on the loaded scenario, in a child process with a time limit
  (a search that does not finish is a figure too). Floor: counting paths over the same node graph with a
  plain memoised walk (what analysis would cost if no condition read any state).
* requires: `game.engine.claims.unmet` (lint's proof of every `requires`) on the same scenarios with a
  `requires` after every branch entry and flag-setting choice, at 1,000 and 5,000 nodes; its growth exponent.
* simulate: `game.engine.simulate.simulate` on the largest shipped scenario, its analysis done beforehand;
  playthroughs per second. Floor: random walks over the same graph that ignore every condition and effect.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from benchmarks.common import REPO, figure, main_for, median
from benchmarks.scenarios import count_paths, graph, parse_events, random_walks, shipped_files, stitched

SIZES = (100, 1000, 5000)
EXPONENT_MAX = 1.2
ANALYZE_LIMIT_S = 60.0  # per size, in a child process; a search still running then counts as not finishing
SIM_RUNS = 5000
CAUSE_SIZES = (250, 1000)  # the same scenarios without score conditions (detail for docs/performance.md)
GROUP = "scale (generated scenarios)"

_ANALYZE_CHILD = """\
import json, sys, time
import game.scenario.yamlread as yamlread
yamlread.MAX_BYTES = 1 << 24  # see raised_file_limit
from game.scenario import load_scenario
from game.engine.analysis import analyze
from game.engine.claims import unmet
sc = load_scenario(sys.argv[1])
times = []
for _ in range(int(sys.argv[2])):
    t = time.perf_counter()
    if sys.argv[3] == "requires":
        got = unmet(sc)
        times.append(time.perf_counter() - t)
        print(json.dumps({"times": times, "unmet": len(got)}), flush=True)
        continue
    a = analyze(sc)
    times.append(time.perf_counter() - t)
    print(json.dumps({"times": times, "states": len(a.solver.memo), "paths": str(a.paths),
                      "key_len_at_start": sum(map(len, a.solver.live.get(sc.start_id, ())))}), flush=True)
"""


@contextmanager
def raised_file_limit() -> Iterator[None]:
    """Let files over 1 MiB load: 5,000 nodes of the shipped scenarios' shape take about 1.4 MB.

    The cap is a policy checked before any work, so lifting it measures the same validation work.
    """
    import game.scenario.yamlread as yamlread

    old = yamlread.MAX_BYTES
    yamlread.MAX_BYTES = 1 << 24
    try:
        yield
    finally:
        yamlread.MAX_BYTES = old


def timed(fn: Any, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def analyze_in_child(path: Path, repeat: int, limit: float, what: str = "analyze") -> dict[str, Any]:
    """Analyze (or prove the `requires`, with `what="requires"`) in a child process; {"times": [...], ...},
    or {"finished": False} if it ran past `limit`."""
    proc = subprocess.Popen([sys.executable, "-c", _ANALYZE_CHILD, str(path), str(repeat), what], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.perf_counter() + limit
    last: dict[str, Any] | None = None
    try:
        out, err = proc.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
    lines = [ln for ln in out.splitlines() if ln.startswith("{")]
    if lines:
        last = json.loads(lines[-1])
    if last is None:
        if proc.returncode not in (0, None, -9) and time.perf_counter() < deadline:
            raise RuntimeError(f"analyze child failed: {err[-1500:]}")
        return {"finished": False, "limit_s": limit}
    return {"finished": True, **last}


def growth(t_small: float, t_big: float, n_small: int, n_big: int) -> float:
    return math.log(t_big / t_small) / math.log(n_big / n_small)


def simulate_rate() -> tuple[dict[str, Any], dict[str, Any]]:
    from game.engine.scoring import analysis_for
    from game.engine.simulate import simulate
    from game.scenario import load_scenario

    largest = max(shipped_files(), key=lambda p: len(load_scenario(p).nodes))
    sc = load_scenario(largest)
    analysis_for(sc)  # simulate's one-off analysis, out of the timing
    simulate(sc, 200, seed=0)
    sim = timed(lambda: simulate(sc, SIM_RUNS, seed=1), 3)
    succ = graph(sc)
    start = sc.start_id

    floor = timed(lambda: random_walks(succ, start, SIM_RUNS), 3)
    rate, floor_rate = SIM_RUNS / median(sim), SIM_RUNS / median(floor)
    row = figure(f"simulate, {sc.id} ({len(sc.nodes)} nodes)", rate, "runs/s", floor=floor_rate,
                 floor_is="random walks over the graph, no rules", group="simulate (largest shipped scenario)",
                 note="ratio < 1: slower than its floor")
    return row, {"scenario": sc.id, "nodes": len(sc.nodes), "runs": SIM_RUNS, "seconds": sim,
                 "floor_seconds": floor}


def run() -> dict[str, Any]:
    from game.scenario import load_scenario
    from game.scenario.lint import check_paths

    figures: list[dict[str, Any]] = []
    detail: dict[str, Any] = {"validate": {}, "analyze": {}, "analyze_without_score_conditions": {}}
    with tempfile.TemporaryDirectory(prefix="rapport-bench-") as tmp_name, raised_file_limit():
        tmp = Path(tmp_name)
        files: dict[int, Path] = {}
        for n in SIZES:
            text = stitched(n)
            path = tmp / f"stitched-{n}.yaml"
            path.write_text(text, encoding="utf-8")
            files[n] = path
            repeat = 7 if n < 5000 else 3
            errors = [str(f) for f in check_paths([str(path)], with_warnings=False) if f.severity == "error"]
            if errors:
                raise RuntimeError(f"the generated {n}-node scenario does not validate: {errors[:3]}")
            v = timed(lambda: check_paths([str(path)], with_warnings=False), repeat)  # noqa: B023  (called at once)
            y = timed(lambda: parse_events(text), repeat)  # noqa: B023  (called at once)
            detail["validate"][n] = {"bytes": len(text.encode()), "seconds": v, "floor_seconds": y}
        # validate: per node at each size, then the growth
        per = {n: median(detail["validate"][n]["seconds"]) / n * 1e6 for n in SIZES}
        for n in SIZES:
            figures.append(figure(f"validate {n:,} nodes, per node", per[n], "µs",
                                  floor=median(detail["validate"][n]["floor_seconds"]) / n * 1e6,
                                  floor_is="PyYAML C parser, events only", group=GROUP,
                                  total_s=median(detail["validate"][n]["seconds"])))
        exp = growth(per[1000] * 1000, per[5000] * 5000, 1000, 5000)
        figures.append(figure("validate growth exponent, 1,000 → 5,000", exp, "", budget=f"≤ {EXPONENT_MAX:g}",
                              ok=exp <= EXPONENT_MAX, group=GROUP, floor=1.0, floor_is="linear"))
        # analyze: each size in a child with a time limit; past the first that does not finish, skip
        stop = False
        a_per: dict[int, float | None] = {}
        for n in SIZES:
            sc = load_scenario(files[n])
            succ = graph(sc)
            fl = timed(lambda: count_paths(succ, sc.start_id), 5)  # noqa: B023  (called at once)
            if stop:
                got: dict[str, Any] = {"finished": False, "skipped": True}
            else:
                got = analyze_in_child(files[n], 3 if n <= 100 else 1, ANALYZE_LIMIT_S)
            got["floor_seconds"] = fl
            detail["analyze"][n] = got
            floor_per = median(fl) / n * 1e6
            if got["finished"]:
                a_per[n] = median(got["times"]) / n * 1e6
                figures.append(figure(f"analyze {n:,} nodes, per node", a_per[n], "µs", floor=floor_per,
                                      floor_is="memoised path count", group=GROUP,
                                      total_s=median(got["times"]), states=got["states"]))
            else:
                a_per[n] = None
                stop = True
                skipped = got.get("skipped")
                figures.append(figure(f"analyze {n:,} nodes, per node", None if skipped else ANALYZE_LIMIT_S / n * 1e6,
                                      "µs", floor=floor_per, floor_is="memoised path count", group=GROUP,
                                      lower_bound=not skipped, budget=f"finishes in {ANALYZE_LIMIT_S:g} s", ok=False,
                                      note=("not run: a smaller size already ran past the limit" if skipped
                                            else f"still running after {ANALYZE_LIMIT_S:g} s")))
        p1, p5 = a_per[1000], a_per[5000]
        if p1 is not None and p5 is not None:
            aexp = growth(p1 * 1000, p5 * 5000, 1000, 5000)
            figures.append(figure("analyze growth exponent, 1,000 → 5,000", aexp, "", budget=f"≤ {EXPONENT_MAX:g}",
                                  ok=aexp <= EXPONENT_MAX, group=GROUP, floor=1.0, floor_is="linear"))
        else:
            figures.append(figure("analyze growth exponent, 1,000 → 5,000", None, "", budget=f"≤ {EXPONENT_MAX:g}",
                                  ok=False, group=GROUP, floor=1.0, floor_is="linear",
                                  note="analysis did not finish at every size"))
        # requires: lint's proof of every `requires` (each branch entry's condition on the node it leads to,
        # and a flag on the node after the choice that sets it), 1,000 and 5,000 nodes
        r_tot: dict[int, float] = {}
        for n in (1000, 5000):
            path = tmp / f"stitched-{n}-requires.yaml"
            path.write_text(stitched(n, claims=True), encoding="utf-8")
            got = analyze_in_child(path, 1, ANALYZE_LIMIT_S, "requires")
            detail.setdefault("requires", {})[n] = got
            if got["finished"]:
                r_tot[n] = median(got["times"])
                figures.append(figure(f"requires {n:,} nodes, per node", r_tot[n] / n * 1e6, "µs", group=GROUP,
                                      total_s=r_tot[n], unmet=got["unmet"]))
            else:
                figures.append(figure(f"requires {n:,} nodes, per node", ANALYZE_LIMIT_S / n * 1e6, "µs",
                                      group=GROUP, lower_bound=True, budget=f"finishes in {ANALYZE_LIMIT_S:g} s",
                                      ok=False, note=f"still running after {ANALYZE_LIMIT_S:g} s"))
        if len(r_tot) == 2:
            rexp = growth(r_tot[1000], r_tot[5000], 1000, 5000)
            figures.append(figure("requires growth exponent, 1,000 → 5,000", rexp, "", budget=f"≤ {EXPONENT_MAX:g}",
                                  ok=rexp <= EXPONENT_MAX, group=GROUP, floor=1.0, floor_is="linear"))
        # one set of scores across every copy: a score read in copy 40 then sums 400 decisions, so the
        # joint values a node must tell apart grow with the scenario (a detail, not a budget)
        path = tmp / "stitched-100-shared-scores.yaml"
        path.write_text(stitched(100, shared_scores=True), encoding="utf-8")
        sh = detail["analyze_shared_scores"] = {100: analyze_in_child(path, 1, ANALYZE_LIMIT_S)}
        figures.append(figure("analyze 100 nodes, scores shared across copies",
                              median(sh[100]["times"]) if sh[100]["finished"] else ANALYZE_LIMIT_S, "s", group=GROUP,
                              lower_bound=not sh[100]["finished"],
                              note="one set of scores across 5 copies; the main figures give each copy its own"))
        # the cause, isolated: the same scenarios with no condition reading a score
        for n in CAUSE_SIZES:
            path = tmp / f"stitched-{n}-no-scores.yaml"
            path.write_text(stitched(n, score_conditions=False), encoding="utf-8")
            detail["analyze_without_score_conditions"][n] = analyze_in_child(path, 1, ANALYZE_LIMIT_S)
        c = detail["analyze_without_score_conditions"]
        n0, n1 = CAUSE_SIZES
        if c[n0]["finished"] and c[n1]["finished"]:
            t0, t1 = median(c[n0]["times"]), median(c[n1]["times"])
            figures.append(figure(f"analyze without score conditions, growth {n0:,} → {n1:,}",
                                  growth(t0, t1, n0, n1), "", group=GROUP, floor=1.0, floor_is="linear",
                                  note=f"{t0 / n0 * 1e6:.0f} → {t1 / n1 * 1e6:.0f} µs per node; memo key at the "
                                       f"start {c[n0]['key_len_at_start']} → {c[n1]['key_len_at_start']} values"))
    row, sim_detail = simulate_rate()
    figures.append(row)
    detail["simulate"] = sim_detail
    return {"figures": figures, **detail}


def main() -> int:
    return main_for(run, "scale")


if __name__ == "__main__":
    sys.exit(main())
