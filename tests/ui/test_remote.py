"""Who is in the room: at `home_office` the person speaking is a message on your phone, at `video_call` a
video tile, anywhere else the full figure (game.ui.screens.dialogue_layout.presence)."""

from __future__ import annotations

import pygame
import pytest

import game.ui.screens.dialogue_paint as paint
from game.ui.screens.dialogue_layout import presence


def test_the_setting_decides_how_the_person_is_drawn() -> None:
    assert presence("home_office") == "message"
    assert presence("video_call") == "video"
    for setting in ("career_fair", "mixer", "coffee_shop", "office", "conference", "my_own_background", None):
        assert presence(setting) == "room"


def _at_line(make_app, ui):  # type: ignore[no-untyped-def]
    app = make_app()
    app.render()
    for _ in range(3):  # title: Play; select: the first scenario; briefing: Start
        ui.press(app, pygame.K_RETURN)
    dlg = app.scenes["dialogue"]
    for _ in range(6):
        if dlg.phase == "choices" and dlg.present is not None:
            break
        ui.press(app, pygame.K_RETURN if dlg.phase != "choices" else pygame.K_1)
    assert dlg.phase == "choices" and dlg.present == "maya"
    return app, dlg


@pytest.mark.parametrize("setting, drawn", [("home_office", "message"), ("video_call", "video"), ("office", "room")])
def test_the_dialogue_draws_the_present_person_by_setting(make_app, ui, monkeypatch, setting, drawn) -> None:  # type: ignore[no-untyped-def]
    app, dlg = _at_line(make_app, ui)
    calls: list[str] = []
    real_message, real_video = paint._message_card, paint._video_tile

    def message(*args):  # type: ignore[no-untyped-def]
        calls.append("message")
        real_message(*args)

    def video(*args):  # type: ignore[no-untyped-def]
        calls.append("video")
        real_video(*args)

    monkeypatch.setattr(paint, "_message_card", message)
    monkeypatch.setattr(paint, "_video_tile", video)
    dlg.player.setting = setting
    app.dirty = True
    app.render()
    assert calls == ([] if drawn == "room" else [drawn])
    assert "Maya Chen" in [r.text for r in app.text.records]  # the name plate shows in every case


def test_a_message_leaves_the_room_empty_where_the_figure_stood(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    """At home_office the full figure is not drawn: the portrait box's top looks like the background."""
    app, dlg = _at_line(make_app, ui)
    pictures = {}
    for setting in ("office", "home_office"):
        dlg.player.setting = setting
        app.dirty = True
        app.render()
        box = dlg.layout.portrait
        area = pygame.Rect(box.x, box.y, box.w, box.h // 5)
        bg = app.art.background(setting, app.surface.get_size(), None).subsurface(area)
        pictures[setting] = (pygame.image.tobytes(app.surface.subsurface(area), "RGB"),
                             pygame.image.tobytes(bg.convert(app.surface) if bg.get_bitsize() != 24 else bg, "RGB"))
    shown, bg = pictures["home_office"]
    assert shown == bg
    assert pictures["office"][0] != pictures["office"][1]
