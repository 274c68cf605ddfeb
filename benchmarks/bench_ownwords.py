"""Own words (the optional extra): model load time, match latency, and the model's memory cost.

    .venv/bin/python -m benchmarks.bench_ownwords     # this file only (make bench runs every bench_*.py)

Each of RUNS child processes (fresh interpreters, so nothing is cached or already loaded):

* reads its RSS, then makes the embedder (`shared_embedder()`: onnxruntime, tokenizers and the int8
  MiniLM file) and reads its RSS again; the difference is the model's own cost, and the time taken is
  the load time (the game does this off the start-up path, in the background);
* builds a Matcher for every node that `tests/ownwords/paraphrases.yaml` uses (the game does this when
  a node is shown), warms up with 5 matches, then times MATCHES matches of those typed lines against
  their nodes' choices, one `Matcher.match` call each (embed the text, compare with every choice);
* reports its peak RSS (VmHWM, as bench_session does).

Two more, as whole `rapport play --own-words` processes (the App starts loading the model in a thread
while the title shows), RUNS_PLAY each, turn about with their floors:

* to the first frame, against bench_startup's floor (python: import pygame, open the window, flip),
  held to the same first-frame budget as plain `rapport play` (ratio <= 2);
* to the App's first frame (the title with its scenario count), against plain `rapport play` to the
  same frame (reported, with whether the model's libraries were already imported by then).

Figures: the median load time (floor: importing onnxruntime and tokenizers alone); the p50 and p99 of all runs' match latencies (budget 30 ms at p99; floor: embedding the same typed
lines alone, so the ratio is what matching adds);
the model's cost (median); and the peak RSS of the process (floor: its RSS before the load), held to
150 MB plus the model's cost
(the same budget `rapport play` has with the extra on). Without the extra the figures are reported
as not run, not as failures.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.bench_startup import FIRST_FRAME, PYGAME_FLOOR, _reached_first_frame
from benchmarks.common import REPO, child_env, figure, interleaved, main_for, median, p99

RUNS, MATCHES, RUNS_PLAY = 3, 200, 5
PLAY_RATIO = 2.0  # bench_startup's first-frame budget for plain `rapport play`
FIRST_FRAME_OWN = FIRST_FRAME.replace('main(["play"])', 'main(["play", "--own-words"])')
assert FIRST_FRAME_OWN != FIRST_FRAME
# Ends at the App's first frame (the title with its scenario count), saying whether the model's
# libraries were imported by then; argv[1] is "own" for --own-words.
APP_FRAME = """\
import os, sys
import pygame
_flip = pygame.display.flip
def flip():
    _flip()
    app = sys.modules.get("game.ui.app")
    f = sys._getframe(1)
    while app is not None and f is not None:
        if f.f_code is app.App.loop.__code__:
            os.write(1, b"first-frame-flipped onnxruntime=%d\\n" % ("onnxruntime" in sys.modules))
            os._exit(0)
        f = f.f_back
pygame.display.flip = flip
import game.commands.play
game.commands.play.display_available = lambda: True
from game.cli import main
sys.exit(main(["play", "--own-words"] if sys.argv[1:] == ["own"] else ["play"]))
"""
P99_MS, RSS_MB = 30.0, 150.0
GROUP = "own words (model and matching, whole process)"

CHILD = """\
import json, sys, time
from pathlib import Path

def status(key):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024.0
    return None

import yaml
from game.scenario.pack import load_scenario
from game.ownwords.lint import candidates_of
from game.ownwords.match import Matcher
rss_before = status("VmRSS")
t0 = time.perf_counter()
import onnxruntime, tokenizers
libs_s = time.perf_counter() - t0
t0 = time.perf_counter()
from game.ownwords.model import shared_embedder
emb = shared_embedder()
load_s = time.perf_counter() - t0
rss_after = status("VmRSS")
t0 = time.perf_counter()
emb.embed(["hello"])
first_embed_s = time.perf_counter() - t0
entries = yaml.safe_load(Path("tests/ownwords/paraphrases.yaml").read_text(encoding="utf-8"))
scenarios = {}
for p in sorted(Path("scenarios").glob("*.yaml")):
    if p.name != "pack.yaml":
        sc = load_scenario(p)
        scenarios[sc.id] = sc
matchers = {}
t0 = time.perf_counter()
for e in entries:
    key = (e["scenario"], e["node"])
    if key not in matchers:
        matchers[key] = Matcher(candidates_of(scenarios[key[0]].nodes[key[1]]), emb.embed)
build_s = time.perf_counter() - t0
work = [(matchers[(e["scenario"], e["node"])], e["text"]) for e in entries]
for m, text in work[:5]:
    m.match(text)
n = int(sys.argv[1])
lat = []
for i in range(n):
    m, text = work[i % len(work)]
    t0 = time.perf_counter()
    m.match(text)
    lat.append((time.perf_counter() - t0) * 1000.0)
embed_lat = []
for i in range(n):
    text = work[i % len(work)][1]
    t0 = time.perf_counter()
    emb.embed([text])
    embed_lat.append((time.perf_counter() - t0) * 1000.0)
print(json.dumps({"libs_s": libs_s, "embed_latencies_ms": embed_lat, "load_s": load_s, "first_embed_s": first_embed_s, "rss_before_mb": rss_before,
                  "rss_after_load_mb": rss_after, "peak_rss_mb": status("VmHWM"), "build_s": build_s,
                  "nodes": len(matchers), "latencies_ms": lat}))
"""


def _missing() -> str | None:
    done = subprocess.run([sys.executable, "-c", "from game.ownwords import missing; print(missing() or '')"],
                          cwd=REPO, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    return done.stdout.strip() or (done.stderr[-500:] if done.returncode else None)


def run() -> dict[str, Any]:
    why = _missing()
    if why is not None:
        row = figure("own words", None, "", budget="needs the own-words extra", ok=None, group=GROUP, note=why)
        return {"figures": [row], "skipped": why}
    runs: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="rapport-bench-") as tmp:
        env = child_env(Path(tmp), bytecode=True)
        for _ in range(RUNS):
            done = subprocess.run([sys.executable, "-c", CHILD, str(MATCHES)], cwd=REPO, env=env,
                                  capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=300)
            line = next((ln for ln in done.stdout.splitlines() if ln.startswith("{")), None)
            if done.returncode != 0 or line is None:
                raise RuntimeError(f"own-words benchmark child failed ({done.returncode}): {done.stderr[-2000:]}")
            runs.append(json.loads(line))
        play_floor, play_own = interleaved([sys.executable, "-c", PYGAME_FLOOR], [sys.executable, "-c", FIRST_FRAME_OWN],
                                           env, RUNS_PLAY, check=_reached_first_frame)
        app_plain, app_own = interleaved([sys.executable, "-c", APP_FRAME, "plain"],
                                         [sys.executable, "-c", APP_FRAME, "own"], env, RUNS_PLAY,
                                         check=_reached_first_frame)
        seen = subprocess.run([sys.executable, "-c", APP_FRAME, "own"], cwd=REPO, env=env, capture_output=True,
                              text=True, stdin=subprocess.DEVNULL, timeout=120).stdout
        model_libs_by_app_frame = "onnxruntime=1" in seen
    lat = [x for r in runs for x in r["latencies_ms"]]
    embed_lat = [x for r in runs for x in r["embed_latencies_ms"]]
    load = median([r["load_s"] for r in runs])
    cost = median([r["rss_after_load_mb"] - r["rss_before_mb"] for r in runs])
    peak = max(r["peak_rss_mb"] for r in runs)
    base = median([r["rss_before_mb"] for r in runs])
    figures = [
        figure("model load (shared_embedder)", load, "s", floor=median([r["libs_s"] for r in runs]),
               floor_is="import onnxruntime, tokenizers", budget="off the start-up path", ok=None, group=GROUP,
               samples=RUNS, note=f"first embed after it {median([r['first_embed_s'] for r in runs]) * 1000:.0f} ms"),
        figure(f"match latency, {MATCHES} matches x {RUNS} runs", median(lat), "ms", p99=p99(lat),
               floor=median(embed_lat), floor_is="embed the typed line alone", budget=f"p99 ≤ {P99_MS:g} ms", ok=p99(lat) <= P99_MS, group=GROUP, samples=len(lat),
               note=f"{runs[0]['nodes']} nodes' matchers built in {median([r['build_s'] for r in runs]):.2f} s"),
        figure("model's own memory (RSS after load minus before)", cost, "MB", budget="reported", ok=None,
               group=GROUP, samples=RUNS, note=f"RSS before load {base:.0f} MB (python, yaml, scenario layer)"),
        figure("peak RSS, load the model and match", peak, "MB", floor=base, floor_is="RSS before the load",
               budget=f"≤ {RSS_MB:g} MB + model ({RSS_MB + cost:.0f})",
               ok=peak <= RSS_MB + cost, group=GROUP, samples=RUNS),
        figure("rapport play --own-words, to first frame", median(play_own), "s", floor=median(play_floor),
               floor_is="python -c: import pygame, set_mode, flip", budget=f"ratio ≤ {PLAY_RATIO:g}",
               ok=median(play_own) / median(play_floor) <= PLAY_RATIO, group=GROUP, samples=RUNS_PLAY),
        figure("rapport play --own-words, to the App's first frame", median(app_own), "s", floor=median(app_plain),
               floor_is="rapport play (no --own-words), same frame", budget="reported", ok=None, group=GROUP,
               samples=RUNS_PLAY, note="model libraries already imported by then" if model_libs_by_app_frame
               else "model libraries not yet imported by then (loading in its thread)"),
    ]
    return {"figures": figures, "runs": [{k: v for k, v in r.items() if k != "latencies_ms"} for r in runs]}


def main() -> int:
    return main_for(run, "own words")


if __name__ == "__main__":
    sys.exit(main())
