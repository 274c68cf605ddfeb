"""An idle game sleeps: the real loop and a dummy window, counting what it does while nothing moves.

The CPU share of an idle game is a figure for `make bench` (benchmarks/bench_session.py); here the
loop is checked by what it does, which a busy machine cannot change: after the first frame it draws
and flips nothing, never takes the animation path, and sleeps in `event.wait` with a real timeout.
"""

from __future__ import annotations

from typing import Any

import pygame
import pytest

from game.ui.app import IDLE_WAIT_MS, App
from game.ui.catalog import Catalog
from game.ui.results import MemoryResults
from game.ui.settings import Settings


@pytest.mark.parametrize("watch", [False, True], ids=["plain", "watching"])
def test_idle_loop_draws_nothing_and_sleeps(pack_dir, watch, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    pygame.display.init()
    pygame.font.init()
    pygame.display.set_mode((1024, 640), pygame.RESIZABLE)
    measuring = False
    counts = {"render": 0, "flip": 0, "moving": 0, "wait": 0, "short_wait": 0}
    real_flip, real_wait = pygame.display.flip, pygame.event.wait

    def flip() -> None:
        counts["flip"] += measuring
        real_flip()

    def wait(timeout: int = 0) -> Any:
        if measuring:
            counts["wait"] += 1
            counts["short_wait"] += timeout < 100
        return real_wait(timeout)

    monkeypatch.setattr(pygame.display, "flip", flip)
    monkeypatch.setattr(pygame.event, "wait", wait)
    try:
        app = App(Catalog.load([pack_dir]), Settings(), results=MemoryResults())
        if watch:  # --watch polls the file twice a second; that must not cost an idle game its sleep
            assert app.start_watching(pack_dir / "booth.yaml")
        handle, render, update = app.handle, app.render, app.update

        def spy(event: pygame.event.Event) -> None:
            nonlocal measuring
            if event.type == pygame.USEREVENT:  # measure only after the first frame has been drawn
                measuring = True
                return
            if event.type == pygame.QUIT:
                measuring = False
            handle(event)

        def counted_render() -> None:
            counts["render"] += measuring
            render()

        def counted_update(dt: float) -> bool:
            moving = update(dt)
            counts["moving"] += measuring and bool(moving)
            return moving

        app.handle = spy  # type: ignore[method-assign]
        app.render = counted_render  # type: ignore[method-assign]
        app.update = counted_update  # type: ignore[method-assign]
        pygame.time.set_timer(pygame.USEREVENT, 500, loops=1)
        pygame.time.set_timer(pygame.QUIT, 2500, loops=1)
        app.loop()
    finally:
        pygame.display.quit()
    assert counts["render"] == 0 and counts["flip"] == 0, f"an idle screen was drawn: {counts}"
    assert counts["moving"] == 0, f"the idle loop took the animation path: {counts}"
    assert counts["wait"] >= 1 and counts["short_wait"] == 0, f"the idle loop did not sleep: {counts}"
    # 2 s of idling in waits of up to IDLE_WAIT_MS (500 ms when watching): a spinning loop would wait
    # thousands of times; a slow machine only waits fewer times, never more.
    longest = 2000 / (min(IDLE_WAIT_MS, 500) if watch else IDLE_WAIT_MS)
    assert counts["wait"] <= longest + 4, f"the idle loop woke too often: {counts}"
    if watch:
        assert app.watch is not None and app.watch.reloads == 0
        assert app.watch.checks <= 8, f"the file was checked {app.watch.checks} times"


def test_run_opens_the_window_at_a_scenario_and_closes(pack_dir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from game.ui.window import run

    pygame.display.init()
    pygame.time.set_timer(pygame.QUIT, 400, loops=1)
    assert run([pack_dir], scenario="booth-test", settings_path=tmp_path / "settings.json") == 0
    pygame.display.init()
    assert run([pack_dir], scenario="no-such-scenario", settings_path=tmp_path / "settings.json") == 2
