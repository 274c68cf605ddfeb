"""The drawing caches: nine-slice shadows, cached fades, byte-bounded caches, pictures painted ahead."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from game.ui import draw
from game.ui.art import ART_BUDGET, FILE_BUDGET, PICTURES_OF_ART, ArtLibrary
from game.ui.text import SurfaceCache, TextRenderer, surface_bytes
from game.ui.theme import Theme


@pytest.fixture(autouse=True)
def _pygame() -> None:
    pygame.display.init()
    pygame.font.init()


def blurred(w: int, h: int, radius: int, blur: int) -> pygame.Surface:
    """The shadow as it was drawn before nine-slicing: one gaussian blur of the whole card."""
    surf = pygame.Surface((w + 4 * blur, h + 4 * blur), pygame.SRCALPHA)
    pygame.draw.rect(surf, (20, 28, 52, 70), (2 * blur, 2 * blur, w, h), border_radius=radius)
    return pygame.transform.gaussian_blur(surf, blur)


def max_diff(a: pygame.Surface, b: pygame.Surface, fmt: str = "RGBA") -> int:
    assert a.get_size() == b.get_size()
    pa, pb = pygame.image.tobytes(a, fmt), pygame.image.tobytes(b, fmt)
    return max(abs(x - y) for x, y in zip(pa, pb))


SIZES = [(1200, 500, 14, 14), (800, 300, 10, 10), (421, 96, 12, 8), (300, 60, 14, 10), (60, 300, 14, 10),
         (40, 30, 14, 10), (1, 1, 4, 3)]


@pytest.mark.parametrize("w,h,radius,blur", SIZES)
def test_nine_slice_shadow_matches_the_gaussian_blur(w: int, h: int, radius: int, blur: int) -> None:
    draw._shadows.clear()  # noqa: SLF001
    draw._shadow(w + 7, h + 5, radius, blur)  # noqa: SLF001 - the template comes from another card's size
    alpha = max_diff(blurred(w, h, radius, blur), draw._shadow(w, h, radius, blur), "RGBA")  # noqa: SLF001
    assert alpha <= 2


@pytest.mark.parametrize("target_flags", [0, pygame.SRCALPHA])
@pytest.mark.parametrize("colour", [None, (240, 200, 120), (240, 200, 120, 128)])
def test_a_card_looks_as_it_did_with_the_whole_shadow_under_it(target_flags: int, colour: object) -> None:
    """`card` skips the shadow's middle (the card covers it); the pixels are those of the old blit + rect."""
    theme = Theme.make((1280, 800))
    rect = pygame.Rect(60, 50, 520, 230)
    blur = theme.space(1)
    base = pygame.Surface((700, 400), target_flags)
    base.fill((90, 140, 200, 200) if target_flags else (90, 140, 200))
    pygame.draw.circle(base, (250, 250, 30), (330, 170), 150)
    old, new = base.copy(), base.copy()
    old.blit(blurred(rect.w, rect.h, theme.radius, blur), (rect.x - 2 * blur, rect.y - 2 * blur + blur // 2))
    pygame.draw.rect(old, colour or theme.palette.surface, rect, border_radius=theme.radius)  # type: ignore[arg-type]
    draw.card(new, rect, theme, colour)  # type: ignore[arg-type]
    assert max_diff(old, new, "RGBA" if target_flags else "RGB") <= 2


def test_a_new_card_size_blurs_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    theme = Theme.make((1920, 1080))
    target = pygame.Surface((1920, 1080))
    draw.card(target, pygame.Rect(10, 10, 900, 400), theme)
    blurs: list[tuple[int, ...]] = []
    real = pygame.transform.gaussian_blur

    def counted(surf: pygame.Surface, *a: object, **k: object) -> pygame.Surface:
        blurs.append(surf.get_size())
        return real(surf, *a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(pygame.transform, "gaussian_blur", counted)
    keys = set(draw._shadows)  # noqa: SLF001
    for i in range(40):
        draw.card(target, pygame.Rect(20 + i, 30, 300 + 37 * i, 200 + 19 * i), theme)
    assert blurs == [] and set(draw._shadows) == keys  # noqa: SLF001


def test_shadows_stay_within_their_byte_budget() -> None:
    target = pygame.Surface((1920, 1080))
    draw._shadows.clear()  # noqa: SLF001
    for r in range(4, 40):
        for b in (6, 9, 12):
            draw._blit_shadow(target, 0, 0, 1800, 1000, r, b)  # noqa: SLF001
    held = draw._shadows.nbytes + sum(surface_bytes(s) for s in draw._strips.values())  # noqa: SLF001
    assert held <= draw.SHADOW_BUDGET


def test_fade_is_built_once_and_looks_the_same() -> None:
    rect = pygame.Rect(5, 7, 300, 40)
    colour = (240, 242, 248)
    expected = pygame.Surface((320, 60))
    expected.fill((10, 20, 30))
    layer = pygame.Surface(rect.size, pygame.SRCALPHA)
    for y in range(rect.h):
        pygame.draw.line(layer, (*colour, round(255 * (rect.h - 1 - y) / rect.h)), (0, y), (rect.w, y))
    expected.blit(layer, rect.topleft)
    got = pygame.Surface((320, 60))
    got.fill((10, 20, 30))
    draw.fade(got, rect, colour, up=True)
    cached = draw._fades[(rect.w, rect.h, colour, True)]  # noqa: SLF001
    draw.fade(got, rect, colour, up=True)
    assert draw._fades[(rect.w, rect.h, colour, True)] is cached  # noqa: SLF001
    again = pygame.Surface((320, 60))
    again.fill((10, 20, 30))
    draw.fade(again, rect, colour, up=True)
    assert max_diff(expected, again, "RGB") == 0


def test_surface_cache_counts_bytes_and_lets_the_oldest_go() -> None:
    cache = SurfaceCache(budget=3 * 100 * 100 * 4)
    for i in range(5):
        cache[i] = pygame.Surface((100, 100), pygame.SRCALPHA)
        cache.trim()
    assert list(cache) == [2, 3, 4] and cache.nbytes == sum(surface_bytes(s) for s in cache.values())
    del cache[3]
    cache.pop(2)
    assert cache.nbytes == surface_bytes(cache[4])
    cache.pinned.add(4)
    cache[5] = pygame.Surface((300, 100), pygame.SRCALPHA)
    cache.trim()
    assert list(cache) == [4, 5]  # over budget, but 4 is pinned and 5 is the newest
    cache.clear()
    assert cache.nbytes == 0


def test_text_cache_is_bounded_by_bytes() -> None:
    text = TextRenderer(Theme.make((320, 200)), budget=2 * 2**20)  # a window small enough not to raise it
    for i in range(400):
        text.surface(f"line number {i} " * 8, "regular", 28, (0, 0, 0), 600)
    assert text._cache.nbytes <= 2 * 2**20 and text.renders == 400  # noqa: SLF001
    n = text.renders
    text.surface("line number 399 " * 8, "regular", 28, (0, 0, 0), 600)
    assert text.renders == n  # the newest stayed


def test_art_cache_is_bounded_by_bytes_but_keeps_what_was_painted_ahead() -> None:
    art = ArtLibrary(budget=4 * 2**20)
    jobs = [art.portrait_job("maya", None, m, 400) for m in ("neutral", "warm", "cool")]
    jobs.append(art.background_job("office", (1280, 800)))
    art.prewarm(jobs)
    assert art.warming == 4
    assert art.warm_step() and art.draw_count == 1 and art.warming == 3
    art.warm_all()
    assert art.warming == 0 and art.draw_count == 4
    for i in range(12):  # far more than the budget
        art.background(None, (640 + i, 400))
    n = art.draw_count
    for job in jobs:  # the scenario's pictures are still there
        (art.portrait if job.kind == "portrait" else art.background)(*job.args)
    assert art.draw_count == n
    assert art._cache.items.nbytes - sum(  # noqa: SLF001
        surface_bytes(art._cache.items[k]) for k in art._cache.items.pinned) <= 4 * 2**20  # noqa: SLF001
    art.prewarm([])  # the next scenario: they may go now
    art.background(None, (700, 400))
    assert art._cache.items.nbytes <= 4 * 2**20  # noqa: SLF001


class _Pack:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.looked = 0

    def asset_path(self, kind: str, key: str) -> Path | None:
        self.looked += 1
        p = self.root / "assets" / kind / f"{key}.png"
        return p if p.is_file() else None


def test_asset_lookups_are_cached_until_the_pack_is_forgotten(tmp_path: Path) -> None:
    pack = _Pack(tmp_path)
    art = ArtLibrary()
    drawn = art.portrait("maya", "maya", "warm", 120, pack)
    looked = pack.looked
    for _ in range(5):
        assert art.portrait("maya", "maya", "warm", 120, pack) is drawn
    assert pack.looked == looked  # no disk look-ups on later frames
    (tmp_path / "assets" / "portraits").mkdir(parents=True)
    png = pygame.Surface((50, 60))
    png.fill((200, 10, 10))
    pygame.image.save(png, str(tmp_path / "assets" / "portraits" / "maya.png"))
    assert art.portrait("maya", "maya", "warm", 120, pack) is drawn  # not looked for again yet
    art.forget(pack)  # what a --watch reload does
    img = art.portrait("maya", "maya", "warm", 120, pack)
    assert img is not drawn and img.get_at((img.get_width() // 2, 60))[:3] == (200, 10, 10)
    other = _Pack(tmp_path)  # a new Pack object looks on its own
    art.portrait("maya", "maya", "warm", 120, other)
    assert other.looked > 0


def test_the_briefing_paints_the_scenario_ahead_and_no_node_change_paints(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    app = make_app(packs=[ui.SHIPPED])
    ui.press(app, pygame.K_RETURN)  # title: Play
    ui.press(app, pygame.K_RETURN)  # select: the first scenario's briefing
    assert app.flow.state == "briefing" and app.art.warming > 0
    queued = app.art.warming
    app.step(0.0)  # the briefing is on screen: one picture a frame
    assert 0 < app.art.warming < queued
    ui.press(app, pygame.K_RETURN)  # Start: the rest now
    assert app.flow.state == "dialogue" and app.art.warming == 0
    painted = app.art.draw_count
    for i in range(60):
        if app.flow.state == "debrief":
            break
        dlg = app.dialogue
        if app.flow.state == "dialogue" and dlg.phase == "choices":
            ui.press(app, getattr(pygame, f"K_{len(dlg.choices.options) if i % 2 else 1}"))
        else:
            ui.press(app, pygame.K_RETURN)
    assert app.flow.state == "debrief"
    assert app.art.draw_count == painted


def _art_budget(art: ArtLibrary) -> int:
    """What the picture cache may hold when nothing is pinned: its budget, or PICTURES_OF_ART of the largest."""
    items = art._cache.items  # noqa: SLF001
    return max(items.budget, PICTURES_OF_ART * max((surface_bytes(s) for s in items.values()), default=0))


def test_a_scenario_finished_or_left_pins_nothing_and_fits_the_budget(make_app, ui) -> None:  # type: ignore[no-untyped-def]
    from game.ui.screens import play_to_end

    app = make_app(size=(1920, 1080), packs=[ui.SHIPPED])
    art = app.art
    items = art._cache.items  # noqa: SLF001
    ui.press(app, pygame.K_RETURN)  # title: Play
    ui.press(app, pygame.K_RETURN)  # select: the first scenario's briefing
    ui.press(app, pygame.K_RETURN)  # Start: everything painted and pinned
    assert app.flow.state == "dialogue"
    pinned = art.pinned
    assert pinned > 0 and items.nbytes > ART_BUDGET  # at 1080p the scenario's pictures go beyond the budget
    play_to_end(app)
    assert app.flow.state == "debrief"  # which shows no pictures
    assert art.pinned == 0 and items.nbytes <= _art_budget(art)
    ui.press(app, pygame.K_r)  # Replay: the scenario's pictures are pinned again before its first line
    assert app.flow.state == "dialogue" and art.pinned == pinned and items.nbytes > ART_BUDGET
    painted = art.draw_count
    app.flow.abandon_scenario()  # left mid-way, back to the list
    assert app.flow.state == "select" and art.pinned == 0 and items.nbytes <= _art_budget(art)
    ui.press(app, pygame.K_RETURN)  # a briefing again, painted ahead in full...
    art.warm_all()
    assert art.pinned == pinned and art.draw_count > painted  # (what the trim let go is painted again)
    ui.press(app, pygame.K_ESCAPE)  # ...and left without playing it
    assert app.flow.state == "select" and art.pinned == 0 and items.nbytes <= _art_budget(art)
    ui.press(app, pygame.K_ESCAPE)
    assert app.flow.state == "title" and art.pinned == 0


def test_unpin_lets_the_scenario_go_but_not_its_jobs() -> None:
    art = ArtLibrary(budget=2 * 2**20)
    jobs = [art.portrait_job("maya", None, m, 500) for m in ("neutral", "warm", "cool")]
    jobs.append(art.background_job("office", (600, 400)))
    art.prewarm(jobs)
    art.warm_all()
    assert art.pinned == 4 and art.warming == 0
    art.background(None, (600, 401))  # something else, newer, while the scenario is played
    assert art._cache.items.nbytes > _art_budget(art)  # noqa: SLF001 - over, but all four are pinned
    art.unpin()
    assert art.pinned == 0 and art._cache.items.nbytes <= _art_budget(art)  # noqa: SLF001
    assert art.warming == 4  # played again without a briefing (Replay): `warm_all` pins them again
    n = art.draw_count
    art.warm_all()
    assert art.pinned == 4 and art.draw_count > n  # the trimmed ones were painted again


def _png(path: Path, size: tuple[int, int], rgb: tuple[int, int, int]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    img = pygame.Surface(size)
    img.fill(rgb)
    pygame.image.save(img, str(path))


def test_loaded_pack_files_are_bounded_by_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loads: list[str] = []
    real = pygame.image.load

    def counted(path: str, *a: object) -> pygame.Surface:
        loads.append(Path(path).name)
        return real(path, *a)  # type: ignore[arg-type]

    monkeypatch.setattr(pygame.image, "load", counted)
    pack = _Pack(tmp_path)
    for i in range(12):
        _png(tmp_path / "assets" / "portraits" / f"p{i}.png", (400, 500), (20 * i, 100, 50))
    art = ArtLibrary()
    art._files.budget = 2 * 2**20  # noqa: SLF001 - 600-800 KB a file: two or three of them fit
    assert FILE_BUDGET <= 32 * 2**20
    for i in range(12):
        for mood in ("neutral", "warm", "cool"):  # three pictures from one KEY.png: it is loaded once
            img = art.portrait(f"c{i}", f"p{i}", mood, 100 + i, pack)
            got = img.get_at((img.get_width() // 2, 50))[:3]
            assert max(abs(a - b) for a, b in zip(got, (20 * i, 100, 50))) <= 3  # the file's colour
        assert loads.count(f"p{i}.png") == 1
        assert art._files.nbytes <= 2 * 2**20  # noqa: SLF001
    assert 0 < len(art._files) < 12  # noqa: SLF001 - the oldest were let go
    art.portrait("c0", "p0", "neutral", 300, pack)  # a new size of a file let go: read from disk again
    assert loads.count("p0.png") == 2 and art._files.nbytes <= 2 * 2**20  # noqa: SLF001


def test_a_broken_pack_file_is_tried_once_until_forgotten(tmp_path: Path) -> None:
    pack = _Pack(tmp_path)
    bad = tmp_path / "assets" / "portraits" / "maya.png"
    bad.parent.mkdir(parents=True)
    bad.write_bytes(b"not a png")
    art = ArtLibrary()
    drawn = art.portrait("maya", "maya", "warm", 120, pack)  # drawn by code instead
    assert art.portrait("maya", "maya", "neutral", 120, pack) is not None
    assert bad in art._bad and not art._files  # noqa: SLF001
    _png(bad, (50, 60), (200, 10, 10))  # fixed on disk
    art.forget(pack)
    img = art.portrait("maya", "maya", "warm", 120, pack)
    assert img is not drawn and img.get_at((img.get_width() // 2, 60))[:3] == (200, 10, 10)
    assert not art._bad  # noqa: SLF001


def test_fades_are_bounded_by_bytes() -> None:
    target = pygame.Surface((1920, 1080))
    draw._fades.clear()  # noqa: SLF001
    for w in range(600, 1900, 50):
        draw.fade(target, pygame.Rect(0, 0, w, 60), (240, 242, 248))
        draw.fade(target, pygame.Rect(0, 900, w, 60), (240, 242, 248), up=True)
    assert draw._fades.nbytes <= draw.FADE_BUDGET  # noqa: SLF001
    assert len(draw._fades) >= 2  # noqa: SLF001 - the pair the screen shows stays


@pytest.mark.parametrize("rgba", [(240, 242, 248, 199), (16, 20, 34, 120), (0, 0, 0, 170), (0, 0, 0, 60)])
def test_scrim_blends_in_place_as_a_layer_would(rgba: tuple[int, int, int, int]) -> None:
    theme = Theme.make((1280, 800))
    base = pygame.Surface((256, 64))
    for v in range(256):
        pygame.draw.line(base, (v, 255 - v, (v * 7) % 256), (v, 0), (v, 63))
    layer = pygame.Surface((200, 40), pygame.SRCALPHA)
    layer.fill(rgba)
    old, new = base.copy(), base.copy()
    old.blit(layer, (30, 10))
    draw.scrim(new, theme, pygame.Rect(30, 10, 200, 40), rgba)
    assert max_diff(old, new, "RGB") <= 2


def test_a_png_bomb_is_never_decoded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import struct
    import zlib

    pack = _Pack(tmp_path)  # a source that hands over any path, unchecked: the loader checks itself
    bomb = tmp_path / "assets" / "portraits" / "maya.png"
    bomb.parent.mkdir(parents=True)
    ihdr = b"IHDR" + struct.pack(">II5B", 30000, 30000, 8, 6, 0, 0, 0)
    bomb.write_bytes(b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + ihdr + struct.pack(">I", zlib.crc32(ihdr)))
    decoded: list[str] = []
    real_load = pygame.image.load
    monkeypatch.setattr(pygame.image, "load", lambda p, *a: decoded.append(str(p)) or real_load(p, *a))
    art = ArtLibrary()
    assert art.portrait("maya", "maya", "warm", 120, pack) is not None  # drawn by code instead
    assert decoded == [] and bomb in art._bad  # noqa: SLF001
