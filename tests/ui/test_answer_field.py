"""The own-words answer field: the caret moves, edits happen at it, and it is drawn where it is."""

from __future__ import annotations

from typing import Any

import pygame

from game.ui.answer_field import MAX_CHARS, AnswerField, spans

CTRL = pygame.KMOD_CTRL


def typed(field: AnswerField, text: str) -> str | None:
    return field.handle(pygame.event.Event(pygame.TEXTINPUT, text=text))


def keyed(field: AnswerField, key: int, mod: int = 0) -> str | None:
    return field.handle(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode="", scancode=0))


def field_with(text: str) -> AnswerField:
    f = AnswerField()
    typed(f, text)
    return f


def test_left_right_home_end_move_the_caret_and_typing_goes_in_at_it() -> None:
    f = field_with("hi Sam")
    assert f.caret == 6
    assert keyed(f, pygame.K_LEFT) == "move" and f.caret == 5
    assert keyed(f, pygame.K_HOME) == "move" and f.caret == 0
    assert keyed(f, pygame.K_LEFT) is None and f.caret == 0  # already at the start
    assert typed(f, "oh, ") == "edit"
    assert (f.text, f.caret) == ("oh, hi Sam", 4)
    assert keyed(f, pygame.K_RIGHT) == "move" and f.caret == 5
    typed(f, "i")
    assert (f.text, f.caret) == ("oh, hii Sam", 6)
    assert keyed(f, pygame.K_END) == "move" and f.caret == len(f.text)
    assert keyed(f, pygame.K_RIGHT) is None


def test_backspace_and_delete_work_at_the_caret() -> None:
    f = field_with("hi Sam")
    keyed(f, pygame.K_LEFT)
    keyed(f, pygame.K_LEFT)
    keyed(f, pygame.K_LEFT)  # hi |Sam
    assert keyed(f, pygame.K_BACKSPACE) == "edit"
    assert (f.text, f.caret) == ("hiSam", 2)
    assert keyed(f, pygame.K_DELETE) == "edit"
    assert (f.text, f.caret) == ("hiam", 2)
    keyed(f, pygame.K_HOME)
    assert keyed(f, pygame.K_BACKSPACE) is None and f.text == "hiam"
    keyed(f, pygame.K_END)
    assert keyed(f, pygame.K_DELETE) is None and f.text == "hiam"


def test_ctrl_moves_and_deletes_by_word() -> None:
    f = field_with("hello there  my friend")
    assert keyed(f, pygame.K_LEFT, CTRL) == "move" and f.caret == len("hello there  my ")
    keyed(f, pygame.K_LEFT, CTRL)
    assert f.caret == len("hello there  ")
    keyed(f, pygame.K_LEFT, CTRL)
    assert f.caret == len("hello ")
    assert keyed(f, pygame.K_RIGHT, CTRL) == "move" and f.caret == len("hello there")
    assert keyed(f, pygame.K_DELETE, CTRL) == "edit"  # the spaces and the word after the caret
    assert (f.text, f.caret) == ("hello there friend", len("hello there"))
    assert keyed(f, pygame.K_BACKSPACE, CTRL) == "edit"  # the word before, and the space before it
    assert (f.text, f.caret) == ("hello friend", len("hello"))


def test_ctrl_backspace_at_the_end_still_deletes_the_last_word() -> None:
    f = field_with("hello there ")
    keyed(f, pygame.K_BACKSPACE, CTRL)
    assert (f.text, f.caret) == ("hello", 5)
    keyed(f, pygame.K_BACKSPACE, CTRL)
    assert (f.text, f.caret) == ("", 0)


def test_typing_in_the_middle_keeps_to_the_length_limit() -> None:
    f = field_with("a" * (MAX_CHARS - 2))
    keyed(f, pygame.K_HOME)
    typed(f, "xyz")
    assert f.text == "xy" + "a" * (MAX_CHARS - 2) and f.caret == 2


def test_a_caret_past_the_text_set_from_outside_is_kept_inside_it() -> None:
    f = field_with("hello")
    f.text = "hi"
    assert f.caret == 2
    typed(f, "!")
    assert f.text == "hi!"


def caret_x(surface: pygame.Surface, box: pygame.Rect, accent: tuple[int, int, int]) -> int:
    """The left edge of the caret: the first column inside the frame with the accent colour in its middle rows."""
    y = box.centery
    frame = 6  # the frame is drawn in the accent colour too: look inside it
    for x in range(box.x + frame, box.right - frame):
        if tuple(surface.get_at((x, y)))[:3] == accent:
            return x
    raise AssertionError("no caret drawn")


def test_the_caret_is_drawn_where_it_is(make_app: Any) -> None:
    app = make_app()
    th = app.text.theme
    font = th.fonts.get("regular", th.px("body"))
    pad = th.space(1.25)
    f = field_with("hello world")
    box = pygame.Rect(20, 20, 600, f.height(app.text, 600, 3))
    surface = pygame.Surface((700, 200))
    accent = tuple(th.palette.accent)[:3]
    f.draw(surface, app.text, box, "placeholder")
    at_end = caret_x(surface, box, accent)  # type: ignore[arg-type]
    assert abs(at_end - (box.x + pad + font.size("hello world")[0] + 1)) <= 1
    keyed(f, pygame.K_LEFT, CTRL)  # hello |world
    surface.fill((0, 0, 0))
    f.draw(surface, app.text, box, "placeholder")
    mid = caret_x(surface, box, accent)  # type: ignore[arg-type]
    assert abs(mid - (box.x + pad + font.size("hello ")[0] + 1)) <= 1
    assert mid < at_end


def test_spans_give_each_wrapped_line_its_place_in_the_text(make_app: Any) -> None:
    make_app()
    font = pygame.font.Font(None, 24)
    text = "one two three four five six seven"
    lines = spans(font, text, font.size("one two three")[0])
    assert [text[a:b] for a, b in lines] == ["one two three", "four five six", "seven"]
    assert lines[1][0] == len("one two three ")
