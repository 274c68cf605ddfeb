"""Frame time of each screen, and how long a node change takes to reach the screen.

    .venv/bin/python -m benchmarks.bench_frames      # this file only (make bench runs every bench_*.py)

The scenes are the real ones, in a real `App` on the display surface of SDL's dummy driver, driven by
events through `App.handle` the way `App.loop` drives them. One frame is one pass of the loop: the
queued events handled, `update`, and, when something changed, `render` and `display.flip` (`frame`
below; the loop's sleep between frames is not part of a frame).

* Typing: the dialogue while a line types in (60 letters a second, one frame every 1/60 s). Each time the
  line is complete it starts again, with its rendered words taken out of the text cache first, so every
  pass renders the words as a new line does.
* At rest: the loop draws a still screen again only when an event arrives; a mouse moving over it sends
  one per frame, so each measured frame has one MOUSEMOTION queued (1 px to and fro, over no widget).
* Each screen is measured twice: as the loop runs it (a frame whose picture did not change draws
  nothing), and "redrawn every frame", with the screen marked changed before each frame so every frame
  renders (what a frame costs when something on the screen moves). Both are held to the budget.
* The floor of each screen is a prerendered full screen blitted to the display and flipped, in chunks
  turn about with the screen's own frames, so both see the same machine.
* Node change: a key press at a decision (or on Continue) to the end of the frame that shows what
  follows (the next line and its choices, or the coach's feedback; the last Continue, which opens the
  debrief, is a screen change and reported apart), over every shipped scenario played twice: a first
  play with every cache empty, then a replay choosing otherwise (a fresh `App` again; only the
  module-wide shadow cache is kept, as it would be). Reduced motion is on, so the whole text and the
  choices land in that frame (typing spreads the same work over later frames).
"""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import gc  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections import defaultdict  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pygame  # noqa: E402

import game.ui.draw as draw_mod  # noqa: E402
from benchmarks.common import REPO, figure, main_for, median, p99  # noqa: E402
from benchmarks.scenarios import pack_of  # noqa: E402
from game.ui.app import App  # noqa: E402
from game.ui.catalog import Catalog, Entry  # noqa: E402
from game.ui.results import MemoryResults  # noqa: E402
from game.ui.settings import Settings  # noqa: E402

SIZES = ((1280, 720), (1920, 1080))
FRAMES = 500  # measured frames per screen and size
CHUNK, FLOOR_CHUNK = 50, 25  # screen frames, then floor frames, turn about
WARM = 30
DT = 1 / 60
FRAME_RATIO, FRAME_P99_MS, NODE_P99_MS = 2.0, 4.0, 16.0
SCENARIO = "career-fair-booth"  # the largest shipped scenario; its dialogue is the one measured
SELECT_COUNT = 50
POLICIES = ("alternate", "last")  # how each shipped scenario is played for the node-change samples
GROUP = "frames (dummy driver)"


# -- driving the real scenes

def frame(app: App, dt: float = DT) -> None:
    """One pass of `App.loop`: events, update, and render + flip when something changed."""
    for event in pygame.event.get():
        app.handle(event)
    app.update(dt)
    if app.dirty:
        app.render()
        pygame.display.flip()


def press(app: App, key: int) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))
    frame(app, 0.0)


class Wiggle:
    """One MOUSEMOTION per frame, 1 px to and fro at a spot with no widget under it."""

    def __init__(self, pos: tuple[int, int]) -> None:
        self.pos, self.i = pos, 0

    def __call__(self) -> None:
        self.i ^= 1
        x, y = self.pos
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(x + self.i, y), rel=(1 - 2 * self.i, 0),
                                             buttons=(0, 0, 0), touch=False))


def new_app(catalog: Catalog, **settings: Any) -> App:
    pygame.event.clear()
    return App(catalog, Settings(**settings), results=MemoryResults(), seed=0)


def open_scenario(app: App, entry: Entry) -> None:
    """Title → the scenario's briefing → Start, as `rapport play --scenario` does, then one frame."""
    app.flow.go("play")
    app.flow.choose_entry(entry)
    frame(app)
    press(app, pygame.K_RETURN)
    assert app.flow.state == "dialogue", app.flow.state


def to_spoken_decision(app: App) -> None:
    """Play on until a character (with a portrait) is asking, its line fully shown and the choices up."""
    dlg = app.dialogue
    for _ in range(200):
        if app.flow.state == "feedback":
            press(app, pygame.K_RETURN)
        elif dlg.phase == "choices":
            if dlg.beat is not None and dlg.beat.speaker in app.flow.session.scenario.characters:  # type: ignore
                return
            press(app, pygame.K_1)
        else:
            press(app, pygame.K_RETURN)
    raise RuntimeError("no spoken decision reached")


def play_to_debrief(app: App) -> None:
    dlg = app.dialogue
    for i in range(400):
        state = app.flow.state
        if state == "debrief":
            return
        if state == "feedback":
            press(app, pygame.K_RETURN)
        elif dlg.phase == "choices":
            n = len(dlg.choices.options)
            press(app, getattr(pygame, f"K_{n if i % 2 else 1}"))  # good and bad choices, so the chart has both
        else:
            press(app, pygame.K_RETURN)
    raise RuntimeError("the scenario did not reach its debrief")


def forget_prefixes(app: App, text: str) -> None:
    """Drop cached renders of `text` and its typed prefixes: the next pass types it as a new line."""
    cache = app.text._cache  # noqa: SLF001 - the benchmark needs a cold line, not a cold frame
    for key in [k for k in cache if isinstance(k[0], str) and k[0] and text.startswith(k[0])]:
        del cache[key]


# -- measuring

def forced(app: App, before: Callable[[], None]) -> Callable[[], None]:
    """`before`, then mark the screen changed: every frame renders, as when something on it moves.

    The loop skips frames whose picture did not change, so its figures alone would mostly time frames
    that draw nothing; these rows hold what a frame costs when it does draw.
    """
    def go() -> None:
        before()
        app.dirty = True
    return go


def measure(app: App, floor_surface: pygame.Surface, before: Callable[[], None]) -> tuple[list[float], list[float]]:
    """FRAMES frame times of the app and floor frame times, in chunks turn about (seconds)."""
    screen = pygame.display.get_surface()
    assert screen is not None
    for _ in range(WARM):
        before()
        frame(app)
    times: list[float] = []
    floor: list[float] = []
    clock = time.perf_counter
    while len(times) < FRAMES:
        for _ in range(FLOOR_CHUNK):
            t = clock()
            screen.blit(floor_surface, (0, 0))
            pygame.display.flip()
            floor.append(clock() - t)
        app.dirty = True  # the floor drew over the screen
        for _ in range(CHUNK):
            before()
            t = clock()
            frame(app)
            times.append(clock() - t)
    return times, floor


def frame_row(label: str, size: tuple[int, int], times: list[float], floor: list[float]) -> dict[str, Any]:
    med, tail, fl = median(times) * 1e3, p99(times) * 1e3, median(floor) * 1e3
    ok = med / fl <= FRAME_RATIO and tail <= FRAME_P99_MS
    return figure(f"{label} {size[0]}x{size[1]}", med, "ms", p99=tail, floor=fl, floor_is="blit a prerendered "
                  "screen + flip", budget=f"ratio ≤ {FRAME_RATIO:g}, p99 ≤ {FRAME_P99_MS:g} ms", ok=ok,
                  group=GROUP, samples=len(times), floor_p99=p99(floor) * 1e3)


def screens(size: tuple[int, int], shipped: Catalog, fifty: Catalog) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    pygame.display.set_mode(size)
    w, h = size
    rows: list[dict[str, Any]] = []
    detail: dict[str, Any] = {}
    app = new_app(shipped)
    entry = shipped.find(SCENARIO)
    assert entry is not None
    open_scenario(app, entry)
    to_spoken_decision(app)
    dlg = app.dialogue
    beat = dlg.beat
    assert beat is not None
    for _ in range(3):
        frame(app)
    app.render()
    pygame.display.flip()
    shown = pygame.display.get_surface()
    assert shown is not None
    floor_surface = shown.copy()  # one real frame, prerendered

    def retype() -> None:
        if dlg.phase == "choices":  # the line finished: type it again, as a new line
            forget_prefixes(app, beat.text)
            dlg._show(beat)  # noqa: SLF001 - what a new node does

    forget_prefixes(app, beat.text)
    dlg._show(beat)  # noqa: SLF001
    times, floor = measure(app, floor_surface, retype)
    rows.append(frame_row("dialogue, text typing in", size, times, floor))
    times, floor = measure(app, floor_surface, forced(app, retype))
    rows.append(frame_row("dialogue, text typing in, redrawn every frame", size, times, floor))
    detail["typed_line_chars"] = len(beat.text)
    if dlg.phase != "choices":
        dlg.writer.complete()  # type: ignore[union-attr]
        dlg._typed()  # noqa: SLF001
    wiggle = Wiggle((w // 2, max(2, h // 200)))
    times, floor = measure(app, floor_surface, wiggle)
    rows.append(frame_row("dialogue at rest", size, times, floor))
    times, floor = measure(app, floor_surface, forced(app, wiggle))
    rows.append(frame_row("dialogue at rest, redrawn every frame", size, times, floor))
    detail["dialogue_at_rest"] = breakdown(app, forced(app, wiggle))
    assert dlg.layout is not None
    detail["art_cost_ms"] = art_costs(size, dlg.layout.portrait.h)

    play_to_debrief(app)
    times, floor = measure(app, floor_surface, wiggle)
    rows.append(frame_row("debrief with its chart", size, times, floor))
    times, floor = measure(app, floor_surface, forced(app, wiggle))
    rows.append(frame_row("debrief with its chart, redrawn every frame", size, times, floor))
    detail["debrief"] = breakdown(app, forced(app, wiggle))

    app = new_app(fifty)
    app.flow.go("play")
    assert app.flow.state == "select" and len(app.catalog.playable) == SELECT_COUNT
    times, floor = measure(app, floor_surface, wiggle)
    rows.append(frame_row(f"scenario select, {SELECT_COUNT} scenarios", size, times, floor))
    times, floor = measure(app, floor_surface, forced(app, wiggle))
    rows.append(frame_row(f"scenario select, {SELECT_COUNT} scenarios, redrawn every frame", size, times, floor))
    detail["select"] = breakdown(app, forced(app, wiggle))
    return rows, detail


def node_changes(size: tuple[int, int], shipped: Catalog) -> tuple[dict[str, list[float]], list[dict[str, Any]]]:
    """Key press → the frame that shows what follows, over every shipped scenario played each POLICIES way.

    Returns the times by kind, and every sample with what it drew (for finding what sets the tail).
    """
    pygame.display.set_mode(size)
    out: dict[str, list[float]] = {"choose": [], "continue": [], "debrief": []}
    samples: list[dict[str, Any]] = []
    clock = time.perf_counter
    for entry in shipped.playable:
        draw_mod._shadows.clear()  # noqa: SLF001 - module-wide cache; a first play starts without it
        for policy in POLICIES:
            app = new_app(shipped, reduced_motion=True)
            open_scenario(app, entry)
            frame(app)
            dlg = app.dialogue
            for i in range(400):
                if app.flow.state == "debrief":
                    break
                kind = "continue"
                key = pygame.K_RETURN
                if app.flow.state == "dialogue" and dlg.phase == "choices":
                    kind = "choose"
                    n = len(dlg.choices.options)
                    pick = {"first": 1, "last": n, "alternate": 1 if i % 2 else n}[policy]
                    key = getattr(pygame, f"K_{pick}")
                where = f"{app.flow.state}:{dlg.phase}" if app.flow.state == "dialogue" else app.flow.state
                art, renders, shadows = app.art.draw_count, app.text.renders, set(draw_mod._shadows)  # noqa: SLF001
                pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))
                t = clock()
                frame(app)
                took = clock() - t
                to = f"{app.flow.state}:{dlg.phase}" if app.flow.state == "dialogue" else app.flow.state
                out["debrief" if to == "debrief" else kind].append(took)  # the end is a screen change
                samples.append({"ms": took * 1e3, "kind": kind, "scenario": entry.id, "from": where, "to": to,
                                "pictures_drawn": app.art.draw_count - art, "texts_rendered": app.text.renders - renders,
                                "shadows_blurred": len(set(draw_mod._shadows) - shadows)})  # noqa: SLF001
            else:
                raise RuntimeError(f"{entry.id} did not reach its debrief")
            del app, dlg
            gc.collect()  # the last App's caches go now, not whenever the collector gets to them
    return out, samples


def tail_causes(samples: list[dict[str, Any]]) -> dict[str, Any]:
    """What the slowest node changes have in common: a new shadow blurred, a new picture, text renders.

    The debrief (a screen change, not held to the node-change budget) is summarised on its own.
    """
    debrief = [s["ms"] for s in samples if s["to"] == "debrief"]
    samples = [s for s in samples if s["to"] != "debrief"]
    cut = p99([s["ms"] for s in samples])
    slow = [s for s in samples if s["ms"] >= cut]

    def stats(xs: list[float]) -> dict[str, Any]:
        return {"n": len(xs), "median_ms": median(xs) if xs else None, "p99_ms": p99(xs) if xs else None,
                "max_ms": max(xs) if xs else None}

    return {
        "samples": len(samples),
        "p99_cut_ms": cut,
        "slowest": sorted(slow, key=lambda s: -s["ms"])[:12],
        "slowest_with_a_new_shadow": sum(1 for s in slow if s["shadows_blurred"]),
        "with_a_new_shadow": stats([s["ms"] for s in samples if s["shadows_blurred"]]),
        "with_a_new_picture": stats([s["ms"] for s in samples if s["pictures_drawn"]]),
        "to_the_debrief": stats(debrief),
        "text_renders_per_change": {"median": median([s["texts_rendered"] for s in samples]),
                                    "max": max(s["texts_rendered"] for s in samples)},
        "neither_new_shadow_nor_picture": stats([s["ms"] for s in samples if not s["shadows_blurred"]
                                                 and not s["pictures_drawn"]]),
    }


# -- where a frame's time goes (for docs/performance.md)

def art_costs(size: tuple[int, int], portrait_h: int) -> dict[str, float]:
    """Milliseconds to paint each built-in background at `size`, and one portrait at the dialogue's height."""
    from game.ui.art import ArtLibrary
    from game.ui.art.backgrounds import PAINTERS, draw_background

    out: dict[str, float] = {}
    for key in PAINTERS:
        t = time.perf_counter()
        draw_background(key, size)
        out[f"background {key}"] = (time.perf_counter() - t) * 1e3
    lib = ArtLibrary()
    for mood in ("neutral", "warm"):
        t = time.perf_counter()
        lib.portrait("maya", "recruiter_1", mood, portrait_h)  # type: ignore[arg-type]
        out[f"portrait {mood} {portrait_h}px"] = (time.perf_counter() - t) * 1e3
    return out


def breakdown(app: App, before: Callable[[], None], frames: int = 120) -> dict[str, float]:
    """Inclusive time per frame (ms) inside the drawing helpers, for the screen the app is on.

    Nested helpers overlap (a card drawn by the choice list counts in both), so the parts do not add up.
    """
    import game.ui.scene as scene_mod
    import game.ui.text as text_mod
    import game.ui.widgets as widgets_mod
    from game.ui.art import ArtLibrary

    spent: dict[str, float] = defaultdict(float)
    patched: list[tuple[Any, str, Any]] = []

    def wrap(owner: Any, name: str, label: str) -> None:
        original = getattr(owner, name)

        def timed(*a: Any, **k: Any) -> Any:
            t = time.perf_counter()
            try:
                return original(*a, **k)
            finally:
                spent[label] += time.perf_counter() - t

        patched.append((owner, name, original))
        setattr(owner, name, timed)

    wrap(scene_mod.Scene, "backdrop", "Scene.backdrop (background + scrim)")
    wrap(ArtLibrary, "_pack_file", "ArtLibrary._pack_file (asset lookups on disk)")
    wrap(ArtLibrary, "portrait", "ArtLibrary.portrait (cached)")
    wrap(draw_mod, "card", "draw.card (shadow blit + rounded rect)")
    wrap(draw_mod, "scrim", "draw.scrim")
    wrap(draw_mod, "fade", "draw.fade (scroll edge)")
    wrap(text_mod.TextRenderer, "blit", "TextRenderer.blit (text onto the screen)")
    wrap(text_mod.TextRenderer, "surface", "TextRenderer.surface (cache look-up / render)")
    wrap(widgets_mod.ChoiceList, "draw", "ChoiceList.draw")
    wrap(pygame.display, "flip", "display.flip")
    renders0 = app.text.renders
    try:
        total = 0.0
        for _ in range(frames):
            before()
            t = time.perf_counter()
            frame(app)
            total += time.perf_counter() - t
    finally:
        for owner, name, original in reversed(patched):
            setattr(owner, name, original)
    out = {"frame": total / frames * 1e3}
    out.update({k: v / frames * 1e3 for k, v in sorted(spent.items(), key=lambda kv: -kv[1])})
    out["text renders per frame"] = (app.text.renders - renders0) / frames
    return out


def run() -> dict[str, Any]:
    pygame.display.init()
    pygame.font.init()
    shipped = Catalog.load([REPO / "scenarios"])
    tmp = tempfile.TemporaryDirectory(prefix="rapport-bench-")
    fifty = Catalog.load([pack_of(SELECT_COUNT, Path(tmp.name) / "pack")])
    figures: list[dict[str, Any]] = []
    detail: dict[str, Any] = {}
    gc.collect()
    for size in SIZES:
        rows, d = screens(size, shipped, fifty)
        figures += rows
        detail[f"{size[0]}x{size[1]}"] = d
    for size in SIZES:
        floor_ms = median([r["floor"] for r in figures if r["name"].endswith(f"{size[0]}x{size[1]}")])
        changes, samples = node_changes(size, shipped)
        detail[f"{size[0]}x{size[1]}"]["node_change_tail"] = tail_causes(samples)
        for kind, label in (("choose", "node change: choose → next frame drawn"),
                            ("continue", "node change: Continue → next text drawn"),
                            ("debrief", "scenario end: Continue → debrief drawn")):
            ms = [t * 1e3 for t in changes[kind]]
            tail = p99(ms)
            held = kind != "debrief"  # a screen change, not a node change: reported, not held
            figures.append(figure(f"{label} {size[0]}x{size[1]}", median(ms), "ms", p99=tail, floor=floor_ms,
                                  floor_is="blit a prerendered screen + flip",
                                  budget=f"p99 ≤ {NODE_P99_MS:g} ms" if held else "",
                                  ok=(tail <= NODE_P99_MS) if held else None,
                                  group="node change (first play and a replay, reduced motion)", samples=len(ms), max=max(ms),
                                  note="" if held else f"a screen change, not a node change; reported, not held "
                                  f"({len(ms)} samples)"))
    pygame.quit()
    tmp.cleanup()
    return {"figures": figures, "breakdown_ms": detail}


def main() -> int:
    return main_for(run, "frames")


if __name__ == "__main__":
    sys.exit(main())
