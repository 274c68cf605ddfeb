"""An idle game sleeps: the real loop, a dummy window, and the CPU time it used while nothing moved."""

from __future__ import annotations

import time

import pygame
import pytest

from game.ui.app import App
from game.ui.catalog import Catalog
from game.ui.results import MemoryResults
from game.ui.settings import Settings


@pytest.mark.parametrize("watch", [False, True], ids=["plain", "watching"])
def test_idle_loop_uses_under_3_percent_of_a_core(pack_dir, watch) -> None:  # type: ignore[no-untyped-def]
    pygame.display.init()
    pygame.font.init()
    pygame.display.set_mode((1024, 640), pygame.RESIZABLE)
    try:
        app = App(Catalog.load([pack_dir]), Settings(), results=MemoryResults())
        if watch:  # --watch polls the file twice a second; that must not cost an idle game its sleep
            assert app.start_watching(pack_dir / "booth.yaml")
        marks: list[tuple[float, float]] = []
        handle = app.handle

        def spy(event: pygame.event.Event) -> None:
            if event.type == pygame.USEREVENT:  # measure only after the first frame has been drawn
                marks.append((time.perf_counter(), time.process_time()))
                return
            if event.type == pygame.QUIT:
                marks.append((time.perf_counter(), time.process_time()))
            handle(event)

        app.handle = spy  # type: ignore[method-assign]
        pygame.time.set_timer(pygame.USEREVENT, 500, loops=1)
        pygame.time.set_timer(pygame.QUIT, 2500, loops=1)
        app.loop()
    finally:
        pygame.display.quit()
    (w0, c0), (w1, c1) = marks
    wall, cpu = w1 - w0, c1 - c0
    assert wall >= 1.5
    assert app.frames <= 3, f"an idle screen was redrawn {app.frames} times"
    assert cpu / wall < 0.03, f"idle loop used {cpu:.3f}s CPU in {wall:.2f}s"
    if watch:
        assert app.watch is not None and app.watch.reloads == 0
        assert 3 <= app.watch.checks <= 8, f"the file was checked {app.watch.checks} times in {wall:.1f}s"


def test_run_opens_the_window_at_a_scenario_and_closes(pack_dir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from game.ui.app import run

    pygame.display.init()
    pygame.time.set_timer(pygame.QUIT, 400, loops=1)
    assert run([pack_dir], scenario="booth-test", settings_path=tmp_path / "settings.json") == 0
    pygame.display.init()
    assert run([pack_dir], scenario="no-such-scenario", settings_path=tmp_path / "settings.json") == 2
