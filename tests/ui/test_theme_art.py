"""Theme, fonts and the procedural art."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from game.ui.art import BUILTIN_SETTINGS, ArtLibrary, mood_for
from game.ui.art.avatar import AvatarSpec
from game.ui.theme import HIGH_CONTRAST, LIGHT, FontBook, Theme, lato_path


@pytest.fixture(autouse=True)
def _fonts() -> None:
    pygame.font.init()


def test_lato_comes_from_the_package_and_falls_back_to_the_default_font() -> None:
    path = lato_path("regular")
    assert path is not None and path.name == "Lato-Regular.ttf" and "site-packages" in str(path)
    default = FontBook(use_lato=False).get("bold", 20)
    assert default.bold and default.size("Rapport")[0] > 0


def test_type_scale_grows_with_text_size_and_window() -> None:
    small = Theme.make((1024, 640), "small")
    proj = Theme.make((1024, 640), "projector")
    big = Theme.make((1920, 1080), "projector")
    assert small.px("body") < proj.px("body") < big.px("body")
    assert proj.px("caption") < proj.px("body") < proj.px("h1") < proj.px("display")
    assert Theme.make((1280, 800), high_contrast=True).palette is HIGH_CONTRAST
    assert Theme.make((1280, 800)).palette is LIGHT


def test_avatars_are_deterministic_varied_and_have_three_moods() -> None:
    assert AvatarSpec.for_id("maya") == AvatarSpec.for_id("maya")
    specs = {AvatarSpec.for_id(f"person_{i}") for i in range(12)}
    assert len({s.skin for s in specs}) > 3 and len({s.hair_style for s in specs}) > 3
    art = ArtLibrary()
    faces = [pygame.image.tobytes(art.portrait("maya", None, m, 120), "RGBA") for m in ("warm", "neutral", "cool")]
    assert len(set(faces)) == 3
    assert mood_for(2) == "warm" and mood_for(0) == "neutral" and mood_for(-1) == "cool"


def test_art_is_cached() -> None:
    art = ArtLibrary()
    a = art.portrait("maya", None, "warm", 200)
    b = art.background("office", (640, 400))
    n = art.draw_count
    assert art.portrait("maya", None, "warm", 200) is a
    assert art.background("office", (640, 400)) is b
    assert art.draw_count == n


def test_every_setting_has_its_own_background() -> None:
    art = ArtLibrary()
    pictures = {pygame.image.tobytes(art.background(k, (320, 200)), "RGB") for k in BUILTIN_SETTINGS}
    assert len(pictures) == len(BUILTIN_SETTINGS) == 7
    assert art.background("no_such_place", (320, 200)).get_size() == (320, 200)


class _Pack:
    def __init__(self, root: Path) -> None:
        self.root = root

    def asset_path(self, kind: str, key: str) -> Path | None:
        p = self.root / "assets" / kind / f"{key}.png"
        return p if p.is_file() else None


def test_pack_assets_override_key_by_key(tmp_path: Path) -> None:
    (tmp_path / "assets" / "portraits").mkdir(parents=True)
    (tmp_path / "assets" / "backgrounds").mkdir(parents=True)
    red = pygame.Surface((50, 100))
    red.fill((255, 0, 0))
    pygame.image.save(red, str(tmp_path / "assets" / "portraits" / "boss.png"))
    blue = pygame.Surface((160, 90))
    blue.fill((0, 0, 255))
    pygame.image.save(blue, str(tmp_path / "assets" / "backgrounds" / "office.png"))
    pack = _Pack(tmp_path)
    art = ArtLibrary()
    p = art.portrait("boss_char", "boss", "warm", 200, pack)
    assert p.get_size() == (100, 200) and p.get_at((50, 100))[:3] == (255, 0, 0)
    bg = art.background("office", (320, 200), pack)
    assert bg.get_at((160, 100))[:3] == (0, 0, 255)
    # keys the pack does not override are still drawn by code
    assert art.background("mixer", (320, 200), pack).get_at((160, 100))[:3] != (0, 0, 255)
    assert art.portrait("maya", None, "warm", 200, pack).get_at((100, 100))[:3] != (255, 0, 0)


def test_a_broken_png_falls_back_to_drawn_art(tmp_path: Path) -> None:
    (tmp_path / "assets" / "backgrounds").mkdir(parents=True)
    (tmp_path / "assets" / "backgrounds" / "office.png").write_bytes(b"not a png")
    bg = ArtLibrary().background("office", (320, 200), _Pack(tmp_path))
    assert bg.get_size() == (320, 200)
