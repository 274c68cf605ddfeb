"""What the proposed UI fixes would do to the missed budgets, measured without changing game/ui.

    .venv/bin/python -m benchmarks.whatif            # not part of make bench (about 70 s)

Each fix is applied as a patch inside this process only, then the same measurement as the harness runs:

* nine-slice shadows (game/ui/draw.py `_shadow`): blur one small rounded rectangle per (radius, blur) and
  build every card's shadow from its corners and edges, instead of a gaussian blur of a card-sized
  surface for every new card size. The pixels are the same (see `check_nine_slice`).
* art drawn at the start (game/ui/flow.py `begin`, or the briefing): paint the scenario's portraits (every
  character, every mood, at the dialogue's portrait height) and backgrounds when it starts, so no node
  change paints a picture.
* smaller caches (game/ui/text.py `TextRenderer.limit`, game/ui/art `ArtLibrary(limit=)`): 200 text
  surfaces and 16 pictures instead of 768 and 48 (each text surface is a wrapped, per-pixel-alpha block,
  about 80 KB on average; each background is a full window).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402

from benchmarks.common import REPO, child_env, figure, median, p99, table  # noqa: E402

TEXT_LIMIT, ART_LIMIT = 200, 16


def nine_slice_shadows() -> None:
    """Replace game.ui.draw._shadow with a nine-slice of one small blurred template."""
    import game.ui.draw as draw

    blur_full = draw._shadow  # noqa: SLF001
    templates: dict[tuple[int, int], pygame.Surface] = {}

    def shadow(w: int, h: int, radius: int, blur: int) -> pygame.Surface:
        key = (w, h, radius, blur)
        hit = draw._shadows.get(key)  # noqa: SLF001
        if hit is not None:
            return hit
        core = radius + 2 * blur
        if w < 2 * core + 1 or h < 2 * core + 1:
            return blur_full(w, h, radius, blur)
        t = templates.get((radius, blur))
        if t is None:
            t = templates[(radius, blur)] = blur_full(2 * core + 1, 2 * core + 1, radius, blur)
        size, k = t.get_width(), (t.get_width() - 1) // 2
        W, H = w + 4 * blur, h + 4 * blur
        out = pygame.Surface((W, H), pygame.SRCALPHA)
        for (x, y), (sx, sy) in (((0, 0), (0, 0)), ((W - k, 0), (size - k, 0)), ((0, H - k), (0, size - k)),
                                 ((W - k, H - k), (size - k, size - k))):
            out.blit(t, (x, y), (sx, sy, k, k))
        out.blit(pygame.transform.scale(t.subsurface((k, 0, 1, k)), (W - 2 * k, k)), (k, 0))
        out.blit(pygame.transform.scale(t.subsurface((k, size - k, 1, k)), (W - 2 * k, k)), (k, H - k))
        out.blit(pygame.transform.scale(t.subsurface((0, k, k, 1)), (k, H - 2 * k)), (0, k))
        out.blit(pygame.transform.scale(t.subsurface((size - k, k, k, 1)), (k, H - 2 * k)), (W - k, k))
        out.fill(t.get_at((k, k)), (k, k, W - 2 * k, H - 2 * k))
        draw._shadows[key] = out  # noqa: SLF001
        while len(draw._shadows) > 64:  # noqa: SLF001
            draw._shadows.popitem(last=False)  # noqa: SLF001
        return out

    draw._shadow = shadow  # noqa: SLF001


def check_nine_slice() -> dict[str, Any]:
    """The nine-slice shadow against the blurred one: time, and the largest alpha difference (sampled)."""
    import time

    import game.ui.draw as draw

    pygame.display.set_mode((1920, 1080))
    blurred_fn = draw._shadow  # noqa: SLF001
    out: dict[str, Any] = {}
    for w, h, r, b in ((1200, 500, 14, 14), (800, 300, 10, 10)):
        t = time.perf_counter()
        a = blurred_fn(w, h, r, b)
        t_blur = time.perf_counter() - t
        draw._shadows.clear()  # noqa: SLF001
        nine_slice_shadows()
        draw._shadow(w + 1, h + 1, r, b)  # noqa: SLF001 - the template, once
        t = time.perf_counter()
        c = draw._shadow(w, h, r, b)  # noqa: SLF001
        t_nine = time.perf_counter() - t
        draw._shadow = blurred_fn  # noqa: SLF001
        draw._shadows.clear()  # noqa: SLF001
        diff = max(abs(a.get_at((x, y)).a - c.get_at((x, y)).a)
                   for y in range(0, a.get_height(), 5) for x in range(0, a.get_width(), 5))
        out[f"{w}x{h}"] = {"blur_ms": t_blur * 1e3, "nine_slice_ms": t_nine * 1e3, "max_alpha_diff": diff}
    return out


def art_at_start() -> None:
    """Wrap benchmarks.bench_frames.open_scenario: after Start, paint every picture the scenario can show."""
    from benchmarks import bench_frames
    from game.ui.art import MOODS

    opened = bench_frames.open_scenario

    def open_and_paint(app: Any, entry: Any) -> None:
        opened(app, entry)
        sc, lay = entry.scenario, app.dialogue._layout(pygame.display.get_surface())  # noqa: SLF001
        for cid, ch in sc.characters.items():
            for mood in MOODS:
                app.art.portrait(cid, ch.portrait, mood, lay.portrait.h, entry.pack)
        for setting in {sc.setting, *(n.setting for n in sc.nodes.values())} - {None}:
            app.art.background(setting, app.size, entry.pack)

    bench_frames.open_scenario = open_and_paint


def node_change_rows(label: str) -> list[dict[str, Any]]:
    from benchmarks import bench_frames
    from game.ui.catalog import Catalog

    shipped = Catalog.load([REPO / "scenarios"])
    rows = []
    for size in bench_frames.SIZES:
        changes, _ = bench_frames.node_changes(size, shipped)
        for kind in ("choose", "continue"):
            ms = [t * 1e3 for t in changes[kind]]
            rows.append(figure(f"node change, {kind}, {size[0]}x{size[1]}", median(ms), "ms", p99=p99(ms),
                               budget="p99 ≤ 16 ms", ok=p99(ms) <= 16, group=label))
    return rows


_SESSION = """\
import sys
from pathlib import Path
import benchmarks.driver as driver
import benchmarks.whatif as whatif
import game.ui.app as app_mod
whatif.nine_slice_shadows()
built = app_mod.App.__init__
def init(self, *a, **k):
    built(self, *a, **k)
    self.text.limit = whatif.TEXT_LIMIT
    self.art._cache.limit = whatif.ART_LIMIT
app_mod.App.__init__ = init
sys.exit(driver._play("session", Path(sys.argv[1])))
"""


def session_rows() -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="rapport-whatif-") as tmp:
        out = Path(tmp) / "session.json"
        subprocess.run([sys.executable, "-c", _SESSION, str(out)], cwd=REPO, env=child_env(Path(tmp)),
                       stdin=subprocess.DEVNULL, capture_output=True, check=True, timeout=300)
        got = json.loads(out.read_text())
    first = got["peak_rss_mb_after"][got["played"][0]]
    group = f"memory, with nine-slice shadows and caches of {TEXT_LIMIT} texts / {ART_LIMIT} pictures"
    return [figure(f"peak RSS, play {got['played'][0]} through", first, "MB", budget="≤ 150 MB", ok=first <= 150,
                   group=group),
            figure(f"peak RSS, then all {len(got['played'])} shipped scenarios", got["peak_rss_mb"], "MB",
                   budget="≤ 150 MB", ok=got["peak_rss_mb"] <= 150, group=group)]


def main() -> int:
    pygame.display.init()
    pygame.font.init()
    print("nine-slice against blur:", json.dumps(check_nine_slice()))
    rows = node_change_rows("node change as it is")
    nine_slice_shadows()
    rows += node_change_rows("node change, with nine-slice shadows")
    art_at_start()
    rows += node_change_rows("node change, with nine-slice shadows and art painted at the start")
    rows += session_rows()
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
