"""A monkey: 20,000 random keys, clicks, moves and wheel turns across every screen, no exception."""

from __future__ import annotations

import random
import time

import pygame

KEYS = [pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_4, pygame.K_5, pygame.K_6, pygame.K_RETURN, pygame.K_SPACE,
        pygame.K_ESCAPE, pygame.K_UP, pygame.K_DOWN, pygame.K_LEFT, pygame.K_RIGHT, pygame.K_TAB, pygame.K_h,
        pygame.K_s, pygame.K_n, pygame.K_r, pygame.K_t, pygame.K_a, pygame.K_PAGEDOWN, pygame.K_HOME,
        pygame.K_F11, pygame.K_EQUALS, pygame.K_MINUS, pygame.K_q, pygame.K_p]


def random_event(rng: random.Random, size: tuple[int, int]) -> pygame.event.Event:
    pos = (rng.randrange(size[0]), rng.randrange(size[1]))
    roll = rng.random()
    if roll < 0.55:
        mod = pygame.KMOD_CTRL if rng.random() < 0.05 else (pygame.KMOD_SHIFT if rng.random() < 0.05 else 0)
        return pygame.event.Event(pygame.KEYDOWN, key=rng.choice(KEYS), mod=mod, unicode="", scancode=0)
    if roll < 0.75:
        return pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=rng.choice([1, 1, 1, 3]))
    if roll < 0.9:
        return pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))
    return pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=rng.choice([-1, 1]), flipped=False, precise_x=0.0,
                              precise_y=0.0)


def test_monkey_20000_events(make_app, pack_dir, ui) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(1234)
    app = make_app((1024, 640), packs=[pack_dir, ui.SHIPPED], reduced_motion=False, timers=True)
    seen: set[str] = set()
    start = time.perf_counter()
    for i in range(20_000):
        app.running = True  # "Quit" on the title only ends the loop; the monkey keeps going
        app.handle(random_event(rng, app.size))
        app.clock.now += 0.05
        app.update(0.05)
        if i % 10 == 0:
            app.render()  # hit-testing uses the rects of the last frame, as on screen
        seen.add(app.flow.state)
        if i % 500 == 0 and app.flow.state == "title":
            app.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="", scancode=0))
    elapsed = time.perf_counter() - start
    assert {"title", "select", "briefing", "dialogue", "debrief", "settings", "history"} <= seen
    assert elapsed < 600, f"monkey took {elapsed:.1f}s"  # a hang guard only; 20,000 events take seconds


def test_monkey_in_workshop_mode(make_app, pack_dir, ui) -> None:  # type: ignore[no-untyped-def]
    """The workshop's own screens (lettered choices, reveal-all, discussion) under random input."""
    rng = random.Random(99)
    app = make_app((1024, 640), packs=[pack_dir, ui.SHIPPED], workshop=True, reduced_motion=False, timers=True)
    keys = KEYS + [pygame.K_b, pygame.K_c, pygame.K_d, pygame.K_e, pygame.K_f, pygame.K_v, pygame.K_v, pygame.K_F2]
    seen: set[str] = set()
    reveals = 0
    for i in range(6_000):
        app.running = True
        event = random_event(rng, app.size)
        if event.type == pygame.KEYDOWN:
            event = pygame.event.Event(pygame.KEYDOWN, key=rng.choice(keys), mod=event.mod, unicode="", scancode=0)
        app.handle(event)
        app.clock.now += 0.05
        app.update(0.05)
        if i % 10 == 0:
            app.render()
        seen.add(app.flow.state)
        reveals += type(app.modal).__name__ == "RevealPanel"
        if i % 300 == 0 and app.flow.state in ("title", "select", "history", "settings"):
            for k in (pygame.K_ESCAPE, pygame.K_ESCAPE, pygame.K_RETURN, pygame.K_RETURN, pygame.K_RETURN):
                app.handle(pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0))
    assert {"dialogue", "discussion"} <= seen and reveals
