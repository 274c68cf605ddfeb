"""Every screen at the smallest and largest supported window: no text outside its box."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pygame
import pytest

from game.ui.app import App
from game.ui.screens import play_to_end

SIZES = [(1024, 640), (1920, 1080)]


def visit_all(app: App, check: Callable[[str], None], ui: Any) -> set[str]:
    """Drive through every screen, calling `check(name)` after each render."""
    seen: set[str] = set()

    def look(name: str) -> None:
        app.render()
        check(name)
        seen.add(name)

    look("title")
    ui.press(app, pygame.K_RETURN, render=False)
    look("select")
    ui.press(app, pygame.K_RETURN, render=False)
    look("briefing")
    ui.press(app, pygame.K_RETURN, render=False)
    play_to_end(app, shoot=look)
    ui.press(app, pygame.K_t, render=False)
    look("debrief_picker")
    ui.press(app, pygame.K_ESCAPE, render=False)
    ui.press(app, pygame.K_ESCAPE, render=False)
    ui.press(app, pygame.K_ESCAPE, render=False)
    ui.press(app, pygame.K_s, render=False)
    look("settings")
    ui.press(app, pygame.K_ESCAPE, render=False)
    ui.press(app, pygame.K_h, render=False)
    look("history")
    return seen


def assert_fits(app: App, name: str) -> None:
    screen = app.surface.get_rect()
    assert app.text.records, f"{name}: nothing was drawn"
    for r in app.text.records:
        assert r.box.contains(r.rect), f"{name} at {screen.size}: {r.text[:50]!r} {r.rect} spills out of {r.box}"
        visible = r.rect.clip(screen)
        assert visible.size == r.rect.size or not visible.size[0] or r.box.clip(screen) != r.box, \
            f"{name}: {r.text[:40]!r} is off screen"


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("text_size", ["medium", "projector"])
def test_every_screen_fits_on_the_test_pack(make_app, size, text_size, ui) -> None:  # type: ignore[no-untyped-def]
    app = make_app(size, text_size=text_size)
    seen = visit_all(app, lambda name: assert_fits(app, name), ui)
    assert {"title", "select", "briefing", "dialogue", "feedback", "scene_break", "debrief", "settings",
            "history"} <= seen


@pytest.mark.parametrize("size", SIZES)
def test_every_screen_fits_on_the_shipped_pack_in_high_contrast(make_app, size, ui) -> None:  # type: ignore[no-untyped-def]
    app = make_app(size, packs=[ui.SHIPPED], high_contrast=True, text_size="large")
    visit_all(app, lambda name: assert_fits(app, name), ui)


def test_a_steady_frame_renders_no_text_and_no_art(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    for _ in range(3):
        ui.press(app, pygame.K_RETURN, render=False)
    ui.press(app, pygame.K_RETURN)  # into the first decision
    app.render()
    before = (app.text.renders, app.art.draw_count)
    app.render()
    app.render()
    assert (app.text.renders, app.art.draw_count) == before


def test_resizing_relayouts(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    app = make_app((1024, 640))
    ui.press(app, pygame.K_RETURN)
    app.surface = pygame.Surface((1600, 900))
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, size=(1600, 900), w=1600, h=900))
    app.step(0.0)
    assert app.theme.window == (1600, 900)
    assert_fits(app, "select")


def visit_workshop(app: App, check: Callable[[str], None], ui: Any) -> set[str]:
    """Play a workshop run to the end, checking each decision, reveal-all, discussion card and the debrief."""
    seen: set[str] = set()
    dlg = app.dialogue

    def look(name: str) -> None:
        app.render()
        check(name)
        seen.add(name)

    for _ in range(3):
        ui.press(app, pygame.K_RETURN, render=False)
    taken = 0
    for _ in range(200):
        state = app.flow.state
        if state == "debrief":
            look("workshop_debrief")
            return seen
        if state == "discussion":
            look("discussion")
            ui.press(app, pygame.K_v, render=False)
            look("reveal_discussion")
            ui.press(app, pygame.K_v, render=False)
            ui.press(app, pygame.K_RETURN, render=False)
        elif dlg.phase == "choices":
            look("workshop_decision")
            ui.press(app, pygame.K_v, render=False)
            look("reveal_decision")
            ui.press(app, pygame.K_ESCAPE, render=False)
            n = len(dlg.choices.options)
            ui.press(app, getattr(pygame, f"K_{'abcdef'[(n - 1) if taken % 2 == 0 else 0]}"), render=False)
            taken += 1
        else:
            ui.press(app, pygame.K_RETURN, render=False)
    raise AssertionError("the workshop run did not reach its debrief")


@pytest.mark.parametrize("size", SIZES)
def test_workshop_screens_fit(make_app, size, ui) -> None:  # type: ignore[no-untyped-def]
    app = make_app(size, workshop=True)
    seen = visit_workshop(app, lambda name: assert_fits(app, name), ui)
    assert {"workshop_decision", "reveal_decision", "discussion", "reveal_discussion", "workshop_debrief"} <= seen


@pytest.mark.parametrize("size", SIZES)
def test_workshop_screens_fit_on_the_shipped_pack_in_high_contrast(make_app, size, ui) -> None:  # type: ignore[no-untyped-def]
    app = make_app(size, packs=[ui.SHIPPED], workshop=True, high_contrast=True)
    visit_workshop(app, lambda name: assert_fits(app, name), ui)


@pytest.mark.parametrize("size", SIZES)
def test_watch_error_overlay_fits(make_app, pack_dir, size, ui, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os

    app = make_app(size, packs=[pack_dir], text_size="large")
    path = pack_dir / "booth.yaml"
    assert app.start_watching(path)
    for _ in range(4):
        ui.press(app, pygame.K_RETURN, render=False)
    assert app.flow.state == "dialogue"
    # many errors, one of them very long: the panel keeps to its share of the window and says how many are left
    broken = ui.SCENARIO.replace("to: ", "to: nowhere_")
    path.write_text(broken, encoding="utf-8")
    os.utime(path, ns=(10**18, 10**18))
    app.clock.now += 1
    app.step(0.0)
    app.render()
    assert len(app.watch.errors) > 3
    assert_fits(app, "watch_error")
    assert app.watch_overlay.rect.h <= size[1] * 0.56
    ui.press(app, pygame.K_F2)
    assert_fits(app, "watch_error_folded")
