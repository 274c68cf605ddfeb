"""Text, widgets and settings."""

from __future__ import annotations

import json
from pathlib import Path

import pygame
import pytest

from game.ui import settings as settings_mod
from game.ui.settings import Settings
from game.ui.text import TextRenderer, Typewriter
from game.ui.theme import Theme
from game.ui.widgets import Button, ChoiceList, FocusGroup


@pytest.fixture
def text() -> TextRenderer:
    pygame.font.init()
    return TextRenderer(Theme.make((1280, 800)))


def key(k: int) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0)


def test_typewriter_reveals_whole_words_and_completes() -> None:
    tw = Typewriter("Hello there, friend", chars_per_second=10)
    tw.update(0.7)
    assert tw.shown == "Hello"
    tw.update(0.6)
    assert tw.shown == "Hello there,"
    tw.complete()
    assert tw.done and tw.shown == "Hello there, friend"
    assert Typewriter("At once", 10, instant=True).done


def test_text_is_rendered_once_per_text_size_colour_and_width(text: TextRenderer) -> None:
    target = pygame.Surface((400, 300))
    box = pygame.Rect(10, 10, 300, 200)
    text.draw(target, "A long enough sentence to wrap across a few lines of the box.", box)
    n = text.renders
    for _ in range(5):
        text.draw(target, "A long enough sentence to wrap across a few lines of the box.", box)
    assert text.renders == n
    text.draw(target, "A long enough sentence to wrap across a few lines of the box.", box.inflate(-40, 0))
    assert text.renders == n + 1


def test_long_text_shrinks_to_fit_and_is_recorded(text: TextRenderer) -> None:
    target = pygame.Surface((400, 300))
    box = pygame.Rect(0, 0, 200, 60)
    text.draw(target, "word " * 30, box)
    rec = text.records[-1]
    assert rec.box == box and box.contains(rec.rect)


def test_clamp_ends_with_an_ellipsis(text: TextRenderer) -> None:
    out = text.clamp("word " * 80, 200, "body", max_lines=2)
    assert out.endswith("…") and text.height(out, 200, "body") <= 2 * text.line_height("body") + 2


def test_choice_list_keys_arrows_enter_and_click(text: TextRenderer) -> None:
    cl = ChoiceList()
    cl.set_options([(1, "First"), (2, "Second"), (3, "Third")])
    assert cl.handle(key(pygame.K_2)) == 2  # numbers work before any layout
    assert cl.handle(key(pygame.K_9)) is None
    cl.handle(key(pygame.K_DOWN))
    cl.handle(key(pygame.K_DOWN))
    assert cl.handle(key(pygame.K_RETURN)) == 3
    cl.layout(pygame.Rect(0, 0, 500, 400), text)
    centre = cl.slots[0].rect.center
    assert cl.handle(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=centre, button=1)) == 1


def test_choice_list_never_spills_its_box(text: TextRenderer) -> None:
    cl = ChoiceList()
    cl.set_options([(i, "A very long option that keeps going and going " * 3) for i in range(1, 7)])
    used = cl.layout(pygame.Rect(0, 0, 400, 200), text)
    assert used <= 200 and all(pygame.Rect(0, 0, 400, 200).contains(s.rect) for s in cl.slots)


def test_focus_group_skips_disabled_buttons() -> None:
    group = FocusGroup([Button("A", "a"), Button("B", "b", enabled=False), Button("C", "c")])
    group.move(1)
    assert group.buttons[group.focus].action == "c"
    assert group.handle(key(pygame.K_RETURN)) == "c"


def test_settings_round_trip_and_bad_values(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAPPORT_CONFIG_DIR", str(tmp_path / "cfg"))
    path = settings_mod.default_path()
    assert path == tmp_path / "cfg" / "settings.json"
    s = Settings(text_size="projector", high_contrast=True, mode="assessment")
    settings_mod.save(s, path)
    assert settings_mod.load(path) == s
    path.write_text(json.dumps({"text_size": "huge", "timers": "yes", "reduced_motion": True}))
    loaded = settings_mod.load(path)
    assert loaded.text_size == "medium" and loaded.timers is False and loaded.reduced_motion is True
    path.write_text("{not json")
    assert settings_mod.load(path) == Settings()
