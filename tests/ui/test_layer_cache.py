"""The cached still layer never shows a stale screen.

`App.render` paints a screen's still part once and reuses it while the screen's key is unchanged. Each test
here changes something on a screen (hover, focus, scroll, a choice, a setting, a dialog, the clock) and
checks that the cached frame is pixel for pixel, and text record for text record, what drawing the whole
screen from scratch gives. It also checks the other half of the bargain: a frame that would look the same
is not drawn, and a frame drawn again on an unchanged screen repaints nothing but what moves.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pygame
import pytest

from game.ui.app import App
from game.ui.screens import play_to_end

from .test_monkey import KEYS, random_event


def picture(app: App) -> tuple[bytes, list[tuple[str, tuple[int, ...], tuple[int, ...]]]]:
    return (pygame.image.tobytes(app.surface, "RGB"),
            sorted((r.text, tuple(r.rect), tuple(r.box)) for r in app.text.records))


def assert_fresh(app: App, what: str = "") -> None:
    """Render through the cache, then from scratch: the two frames and their text records must be identical."""
    app.render()
    cached = picture(app)
    app.layer_cache = False
    try:
        app.render()
    finally:
        app.layer_cache = True
    fresh = picture(app)
    assert cached[1] == fresh[1], f"{app.flow.state} {what}: the cached frame's text records are stale"
    if cached[0] != fresh[0]:
        a, b = cached[0], fresh[0]
        first = next(i for i in range(len(a)) if a[i] != b[i]) // 3
        w = app.size[0]
        raise AssertionError(f"{app.flow.state} {what}: the cached frame differs from a fresh one, first at "
                             f"{(first % w, first // w)}")
    app.render()  # and the cache, rebuilt or not, agrees with the fresh frame again
    assert picture(app) == fresh


def motion(app: App, pos: tuple[int, int]) -> None:
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
    app.step(0.0)


def wheel(app: App, y: int) -> None:
    pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=y, flipped=False, precise_x=0.0, precise_y=0.0))
    app.step(0.0)


def key(app: App, k: int, mod: int = 0) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode="", scancode=0))
    app.step(0.0)


def hover_everything(app: App, rects: list[pygame.Rect], what: str) -> None:
    """Point at each widget in turn (and at nothing), checking the frame after each move."""
    for i, r in enumerate(rects):
        if r.w <= 0 or r.h <= 0:
            continue
        assert_fresh(app, f"{what} before hover {i}")
        motion(app, r.center)
        assert_fresh(app, f"{what} hovering {i}")
    motion(app, (1, 1))
    assert_fresh(app, f"{what} hovering nothing")


def test_every_interaction_shows_at_once(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    app = make_app((1280, 800), reduced_motion=False, timers=True)
    assert_fresh(app, "title")
    hover_everything(app, [b.rect for b in app.scenes["title"].buttons], "title")  # type: ignore[attr-defined]
    for k in (pygame.K_DOWN, pygame.K_DOWN, pygame.K_UP, pygame.K_TAB, pygame.K_HOME):
        key(app, k)
        assert_fresh(app, f"title key {k}")
    app.scenes["title"].group.focus = 0  # type: ignore[attr-defined]
    key(app, pygame.K_RETURN)
    select = app.scenes["select"]
    assert_fresh(app, "select")
    hover_everything(app, [r for _, r in select.cards] + [b.rect for b in select.buttons], "select")  # type: ignore[attr-defined]
    for k in (pygame.K_RIGHT, pygame.K_DOWN, pygame.K_END, pygame.K_HOME, pygame.K_TAB):
        key(app, k)
        assert_fresh(app, f"select key {k}")
    for y in (-1, -1, 1):
        wheel(app, y)
        assert_fresh(app, f"select wheel {y}")
    key(app, pygame.K_HOME)
    key(app, pygame.K_RETURN)
    assert app.flow.state == "briefing"
    assert_fresh(app, "briefing")
    key(app, pygame.K_RETURN)
    dlg = app.dialogue
    assert_fresh(app, "scene card")
    key(app, pygame.K_RETURN)
    # the line types in: every frame that is drawn matches a fresh one
    for _ in range(80):
        app.step(1 / 60)
        assert_fresh(app, f"typing {dlg.writer.shown[-12:] if dlg.writer else ''!r}")
        if dlg.phase == "choices":
            break
    while app.flow.state == "dialogue" and dlg.phase != "choices":
        key(app, pygame.K_RETURN)
        assert_fresh(app, f"dialogue {dlg.phase}")
    assert dlg.phase == "choices"
    hover_everything(app, [s.rect for s in dlg.choices.slots], "choices")
    for k in (pygame.K_DOWN, pygame.K_UP, pygame.K_TAB):
        key(app, k)
        assert_fresh(app, f"choices key {k}")
    # the pause dialog over the decision: its focus follows keys and the pointer
    key(app, pygame.K_ESCAPE)
    assert app.modal is not None
    assert_fresh(app, "pause dialog")
    hover_everything(app, [b.rect for b in app.modal.group.buttons], "pause dialog")  # type: ignore[attr-defined]
    key(app, pygame.K_ESCAPE)
    assert app.modal is None
    assert_fresh(app, "pause dialog closed")
    # a decision with a timer: the bar runs down, then the notice replaces it
    for _ in range(30):
        if dlg.beat is not None and dlg.beat.timer and dlg.phase == "choices":
            break
        if app.flow.state == "feedback":
            key(app, pygame.K_RETURN)
        elif dlg.phase == "choices":
            key(app, pygame.K_1)
        else:
            key(app, pygame.K_RETURN)
        for _ in range(100):
            if dlg.phase != "beat" or dlg.writer is None or dlg.writer.done:
                break
            app.step(0.05)
        assert_fresh(app, f"{app.flow.state} {dlg.phase}")
    assert dlg.beat is not None and dlg.beat.timer and dlg.phase == "choices"
    for dt in (0.5, 3.0, 7.0, 6.0, 4.0, 0.01):
        app.clock.now += dt
        app.step(dt)
        assert_fresh(app, f"timer, {dlg.timer_left()} s left")
    assert dlg.timer_left() == 0.0
    key(app, pygame.K_1)
    assert app.flow.state == "feedback"
    assert_fresh(app, "feedback")
    feedback = app.scenes["feedback"]
    hover_everything(app, [b.rect for b in feedback.group.buttons], "feedback")  # type: ignore[attr-defined]
    key(app, pygame.K_LEFT)
    assert_fresh(app, "feedback focus")
    key(app, pygame.K_r)  # choose again: back at the same decision, a new picture
    assert_fresh(app, "chose again")
    play_to_end(app, shoot=lambda name: assert_fresh(app, name))
    assert app.flow.state == "debrief"
    debrief = app.scenes["debrief"]
    hover_everything(app, [b.rect for b in debrief.buttons], "debrief")  # type: ignore[attr-defined]
    for k in (pygame.K_DOWN, pygame.K_PAGEDOWN, pygame.K_UP):
        key(app, k)
        assert_fresh(app, f"debrief scroll key {k}")
    wheel(app, -1)
    assert_fresh(app, "debrief wheel")
    key(app, pygame.K_t)
    assert debrief.picking  # type: ignore[attr-defined]
    assert_fresh(app, "picker")
    hover_everything(app, [s.rect for s in debrief.picker.slots], "picker")  # type: ignore[attr-defined]
    key(app, pygame.K_DOWN)
    assert_fresh(app, "picker key")
    key(app, pygame.K_ESCAPE)
    assert_fresh(app, "picker closed")
    key(app, pygame.K_ESCAPE)
    assert app.flow.state == "select"
    assert_fresh(app, "select with a result")  # the card now shows the best score
    key(app, pygame.K_s)
    assert app.flow.state == "settings"
    settings = app.scenes["settings"]
    assert_fresh(app, "settings")
    hover_everything(app, list(settings.rects), "settings")  # type: ignore[attr-defined]
    key(app, pygame.K_HOME)
    for k in (pygame.K_RIGHT, pygame.K_DOWN, pygame.K_RETURN, pygame.K_DOWN, pygame.K_RETURN, pygame.K_DOWN,
              pygame.K_DOWN, pygame.K_LEFT, pygame.K_DOWN, pygame.K_RETURN, pygame.K_DOWN, pygame.K_RETURN):
        key(app, k)
        assert_fresh(app, f"settings key {k}")
    key(app, pygame.K_EQUALS, pygame.KMOD_CTRL)
    assert_fresh(app, "bigger text")
    key(app, pygame.K_ESCAPE)
    key(app, pygame.K_ESCAPE)
    key(app, pygame.K_h)
    assert app.flow.state == "history"
    assert_fresh(app, "history")
    for k in (pygame.K_DOWN, pygame.K_PAGEDOWN, pygame.K_UP):
        key(app, k)
        assert_fresh(app, f"history key {k}")
    # a resize: the same screen at a new size
    app.surface = pygame.Surface((1024, 640))
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, size=(1024, 640), w=1024, h=640))
    app.step(0.0)
    assert_fresh(app, "resized")


def test_workshop_screens_show_at_once(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    app = make_app((1280, 720), workshop=True, timers=True)
    for _ in range(3):
        key(app, pygame.K_RETURN)
    dlg = app.dialogue
    for _ in range(20):
        if dlg.phase == "choices":
            break
        key(app, pygame.K_RETURN)
    assert dlg.phase == "choices"
    assert_fresh(app, "lettered decision")
    hover_everything(app, [s.rect for s in dlg.choices.slots] + [dlg.reveal.rect], "lettered decision")
    key(app, pygame.K_v)
    assert type(app.modal).__name__ == "RevealPanel"
    assert_fresh(app, "reveal all")
    motion(app, app.modal.close.rect.center)  # type: ignore[union-attr]
    assert_fresh(app, "reveal all, close hovered")
    key(app, pygame.K_v)
    assert_fresh(app, "reveal closed")
    key(app, pygame.K_b)
    for _ in range(10):
        if app.flow.state == "discussion":
            break
        key(app, pygame.K_RETURN)
    assert app.flow.state == "discussion"
    assert_fresh(app, "discussion")
    disc = app.scenes["discussion"]
    hover_everything(app, [b.rect for b in disc.group.buttons], "discussion")  # type: ignore[attr-defined]
    key(app, pygame.K_v)
    assert_fresh(app, "discussion reveal")
    key(app, pygame.K_v)
    assert_fresh(app, "discussion reveal closed")


def test_watch_overlay_shows_at_once(make_app, pack_dir, ui) -> None:  # type: ignore[no-untyped-def]
    app = make_app((1280, 800))
    assert app.start_watching(pack_dir / "booth.yaml")
    key(app, pygame.K_RETURN)
    assert_fresh(app, "watching")
    app.watch.errors = [type("F", (), {"file": "booth.yaml", "line": 3, "column": 1, "message": "bad"})()]  # type: ignore[union-attr]
    assert_fresh(app, "an error appears")
    key(app, pygame.K_F2)
    assert_fresh(app, "folded")
    key(app, pygame.K_DOWN)
    assert_fresh(app, "select under the fold")
    key(app, pygame.K_F2)
    assert_fresh(app, "unfolded")
    app.watch.errors = []  # type: ignore[union-attr]
    assert_fresh(app, "fixed")


@pytest.mark.parametrize("workshop", [False, True], ids=["play", "workshop"])
def test_monkey_frames_always_match_a_fresh_draw(make_app, pack_dir, ui, workshop) -> None:  # type: ignore[no-untyped-def]
    """Random keys, clicks, moves and wheel turns on every screen: every frame the cache gives is exact."""
    rng = random.Random(7 if workshop else 3)
    app = make_app((1024, 640), packs=[pack_dir, ui.SHIPPED], reduced_motion=False, timers=True, workshop=workshop)
    keys = KEYS + ([pygame.K_b, pygame.K_c, pygame.K_v] if workshop else [])
    seen: set[str] = set()
    for i in range(1500):
        app.running = True
        event = random_event(rng, app.size)
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_F11 or event.mod & pygame.KMOD_CTRL:
                continue  # display mode and text size are covered above; they only slow this down
            event = pygame.event.Event(pygame.KEYDOWN, key=rng.choice(keys), mod=event.mod, unicode="", scancode=0)
        app.handle(event)
        app.clock.now += 0.05
        app.update(0.05)
        assert_fresh(app, f"event {i} ({pygame.event.event_name(event.type)})")
        seen.add(app.flow.state)
        if i % 150 == 0 and app.flow.state in ("title", "select", "history", "settings"):
            for k in (pygame.K_ESCAPE, pygame.K_ESCAPE, pygame.K_RETURN, pygame.K_RETURN, pygame.K_RETURN):
                app.handle(pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0))
    assert {"select", "dialogue"} <= seen


# -- what is drawn, and what is not

def count_calls(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> list[int]:
    calls = [0]
    original = getattr(owner, name)

    def counted(*a: Any, **k: Any) -> Any:
        calls[0] += 1
        return original(*a, **k)

    monkeypatch.setattr(owner, name, counted)
    return calls


def to_decision(app: App) -> None:
    dlg = app.dialogue
    for _ in range(30):
        if app.flow.state == "dialogue" and dlg.phase == "choices":
            return
        key(app, pygame.K_RETURN)
    raise AssertionError("no decision reached")


def settle(app: App) -> None:
    app.step(0.0)
    app.render()


def test_pointer_over_nothing_draws_nothing(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    """Moving the mouse redraws only when the hover highlight moves to another widget."""
    app = make_app((1280, 800))
    key(app, pygame.K_RETURN)
    for _ in range(3):
        key(app, pygame.K_RETURN)
    to_decision(app)
    settle(app)
    slots = app.dialogue.choices.slots
    frames = app.frames
    for x in range(5, 60, 5):  # over the top bar's margin: no widget there
        motion(app, (x, 3))
    assert app.frames == frames and not app.dirty
    motion(app, slots[1].rect.center)  # onto the second choice: the highlight moves
    assert app.frames == frames + 1 and app.dialogue.choices.focus == 1
    for dx in range(1, 6):  # about on the same choice: nothing changes
        motion(app, (slots[1].rect.centerx + dx, slots[1].rect.centery))
    assert app.frames == frames + 1
    motion(app, slots[0].rect.center)
    assert app.frames == frames + 2 and app.dialogue.choices.focus == 0
    assert_fresh(app)


def test_a_key_or_a_click_draws_once(make_app, ui, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A press that changes the screen draws it; its release, which changes nothing, draws nothing more."""
    app = make_app((1280, 800))
    key(app, pygame.K_RETURN)  # title -> select
    select = app.scenes["select"]
    calls = {"n": 0}
    draw = type(select).draw

    def counted(self: Any, surface: pygame.Surface) -> None:
        calls["n"] += 1
        draw(self, surface)

    monkeypatch.setattr(type(select), "draw", counted)
    for k in (pygame.K_RIGHT, pygame.K_DOWN, pygame.K_LEFT):
        before = calls["n"]
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0))
        app.step(0.0)
        pygame.event.post(pygame.event.Event(pygame.KEYUP, key=k, mod=0, unicode="", scancode=0))
        app.step(0.0)  # the release comes a frame or more later, as it does from a keyboard
        assert calls["n"] == before + 1, f"key {k}: drawn {calls['n'] - before} times"
        assert_fresh(app, f"after key {k}")
    card = select.cards[1][1]  # type: ignore[attr-defined]
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=card.center, button=1))
    app.step(0.0)
    assert app.flow.state == "briefing"  # a click opens the card
    frames = app.frames
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=card.center, button=1))
    app.step(0.0)
    assert app.frames == frames  # the release draws nothing again
    assert_fresh(app, "briefing after a click")


def test_select_pointer_over_the_footer_draws_nothing(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    app = make_app((1280, 800))
    key(app, pygame.K_RETURN)
    settle(app)
    select = app.scenes["select"]
    frames = app.frames
    for b in select.buttons:  # type: ignore[attr-defined]
        for dx in (-2, 0, 2):
            motion(app, (b.rect.centerx + dx, b.rect.centery))
    assert app.frames == frames, "the select footer never shows focus, so hovering it must not redraw"


def test_typing_draws_only_when_a_word_appears(make_app, ui, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    app = make_app((1280, 800), reduced_motion=False)
    for _ in range(4):
        key(app, pygame.K_RETURN)
    dlg = app.dialogue
    assert dlg.phase == "beat" and dlg.writer is not None and not dlg.writer.done
    settle(app)
    draws = count_calls(monkeypatch, type(dlg), "draw")
    frames, words = app.frames, 0
    shown = dlg.writer.shown
    while dlg.phase == "beat" and not dlg.writer.done:
        app.step(1 / 60)
        if dlg.writer.shown != shown:
            words += 1
            shown = dlg.writer.shown
    drawn = app.frames - frames
    assert drawn <= words + 2, f"{drawn} frames drawn for {words} new words"
    assert draws[0] <= 2, f"the still layer was painted {draws[0]} times while one line typed in"


def test_redrawing_a_still_screen_repaints_only_what_moves(make_app, ui, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """`render` on an unchanged screen is one blit of the layer: no scene drawing, no text rendered."""
    app = make_app((1280, 800), timers=True)
    screens: list[Callable[[], None]] = []
    key(app, pygame.K_RETURN)
    settle(app)
    screens.append(lambda: None)  # select
    for _ in range(3):
        key(app, pygame.K_RETURN)
    to_decision(app)
    for when in ("select", "decision"):
        if when == "decision":
            settle(app)
        scene = app.scene
        app.dirty = True
        app.render()  # the same picture a second time: now it is kept as a layer
        draws = count_calls(monkeypatch, type(scene), "draw")
        renders = app.text.renders
        for _ in range(5):
            app.dirty = True
            app.render()
        assert draws[0] == 0, f"{when}: the still layer was painted again"
        assert app.text.renders == renders
        assert app.text.records, f"{when}: the layer's text records were not put back"
        assert_fresh(app, when)
        if when == "select":
            key(app, pygame.K_ESCAPE)
            key(app, pygame.K_RETURN)
            key(app, pygame.K_RETURN)
            key(app, pygame.K_RETURN)
            to_decision(app)


def test_choices_coming_up_draw_only_the_choices(make_app, ui, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """When a line finishes typing, the choices are drawn onto the kept layer; the rest is not painted again.
    A new line, or the focus moving, paints the layer again over the kept stage (the setting and person)."""
    app = make_app((1280, 800), reduced_motion=False)
    for _ in range(4):
        key(app, pygame.K_RETURN)
    dlg = app.dialogue
    assert dlg.phase == "beat" and dlg.writer is not None and not dlg.writer.done and dlg.beat is not None
    beat = dlg.beat
    for _ in range(3):
        for _ in range(200):
            if dlg.phase == "choices":
                break
            app.step(1 / 30)
        settle(app)
        dlg.player.show(beat)  # the same line again, typing in from the start
        dlg._start_line(beat)  # noqa: SLF001
        app.step(0.0)
    art = app.art.draw_count
    draws = count_calls(monkeypatch, type(dlg), "draw")
    portraits = count_calls(monkeypatch, type(dlg), "_portrait")
    while dlg.phase != "choices":
        app.step(1 / 30)
    assert draws[0] == 0, "the whole layer was painted again for the choices"
    assert_fresh(app, "choices came up")  # (draws the whole screen once from scratch, to compare)
    draws[0] = portraits[0] = 0
    motion(app, dlg.choices.slots[-1].rect.center)
    assert draws[0] == 1 and portraits[0] == 0, "moving the focus painted the person again"
    assert_fresh(app, "focus moved")
    assert app.art.draw_count == art


def test_clicks_hit_what_is_shown_after_going_back_to_an_earlier_picture(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    """Scroll away and back: the cards take clicks where the frame on screen shows them."""
    app = make_app((1280, 800), packs=[ui.SHIPPED])
    key(app, pygame.K_RETURN)
    settle(app)
    app.dirty = True
    app.render()  # the same picture again: now kept as a layer
    select = app.scenes["select"]
    shown = [tuple(r) for _, r in select.cards]  # type: ignore[attr-defined]
    wheel(app, -1)
    assert select.scroll > 0  # type: ignore[attr-defined]
    wheel(app, 1)
    assert select.scroll == 0  # type: ignore[attr-defined]
    assert [tuple(r) for _, r in select.cards] == shown  # type: ignore[attr-defined]
    assert_fresh(app, "scrolled back")
