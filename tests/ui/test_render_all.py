"""`render_all` writes one PNG per screen, at the size asked, from the real scenes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pygame

from game.ui.art.sheet import SHEET_NAMES
from game.ui.screens import SCREEN_NAMES, WORKSHOP_NAMES, render_all
from game.ui.screens.own_words_shots import OWN_WORDS_NAMES


def test_render_all_writes_every_screen(tmp_path: Path, pack_dir: Path) -> None:
    files = render_all(tmp_path / "out", [pack_dir], (1024, 640))
    assert [f.name for f in files] == [f"{n}.png" for n in (*SCREEN_NAMES, *WORKSHOP_NAMES, *OWN_WORDS_NAMES,
                                                                  *SHEET_NAMES)]
    for f in files[:-len(SHEET_NAMES)]:
        img = pygame.image.load(str(f))
        assert img.get_size() == (1024, 640)
        # not a blank frame: a real screen has many colours
        colours = {img.get_at((x, y))[:3] for x in range(0, 1024, 37) for y in range(0, 640, 29)}
        assert len(colours) > 5, f"{f.name} looks empty"


def test_render_all_on_the_shipped_pack(tmp_path: Path, ui: Any) -> None:
    files = render_all(tmp_path, [ui.SHIPPED], (1920, 1080))
    assert len(files) == len(SCREEN_NAMES) + len(WORKSHOP_NAMES) + len(OWN_WORDS_NAMES) + len(SHEET_NAMES)


def test_the_faces_sheet_has_a_row_per_character_and_a_column_per_mood(tmp_path: Path, pack_dir: Path) -> None:
    from game.ui.art import MOODS
    from game.ui.art.sheet import looks_sheet

    files = {f.stem: f for f in render_all(tmp_path / "out", [pack_dir], (1024, 640))}
    faces, looks = pygame.image.load(str(files["faces"])), pygame.image.load(str(files["looks"]))
    cell_w, row_h = round(160 * 200 / 240) + 12, 160 + 26  # write_sheets' default height, _grid's layout
    assert faces.get_width() == 170 + len(MOODS) * cell_w + 16
    assert faces.get_height() > 48 + row_h  # more than one character in the fixture pack
    assert looks.get_size() == looks_sheet(140).get_size()


def test_render_all_without_playable_scenarios(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    files = render_all(tmp_path / "out", [empty], (1024, 640))
    assert {f.stem for f in files} == {"title", "select", "settings", "history", "looks"}


def test_the_own_words_pictures_show_each_state(tmp_path: Path, pack_dir: Path) -> None:
    """Typing, "I understood:", "not sure: the closest two", and the debrief's "You said" line."""
    from game.ui.screens.own_words_shots import render_own_words

    pygame.font.init()
    shots = render_own_words(tmp_path, [pack_dir], (1024, 640))
    assert list(shots) == list(OWN_WORDS_NAMES)
    pictures = {n: pygame.image.tobytes(pygame.image.load(str(f)), "RGB") for n, f in shots.items()}
    assert len(set(pictures.values())) == len(OWN_WORDS_NAMES)  # four different screens
