"""Contact sheets of the drawn portraits: every character in every mood, and every `look` value.

`rapport screens` writes them next to the screens (faces.png, looks.png), so a
person can check the art at a glance. Each sheet is one surface; nothing here
needs a display.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import pygame

from game.ui.art.avatar import LOOK_KEYS, LOOK_VALUES, MOODS, look_key, portrait_surface
from game.ui.theme import FontBook

SHEET_NAMES = ("faces", "looks")
Painter = Callable[[str, str | None, Any, Any, int], pygame.Surface]  # (id, key, look, mood, height)
INK, MUTED, PAPER, CELL = (28, 32, 40), (96, 102, 114), (246, 244, 240), (232, 228, 222)
# The look every value of the look sheet is shown on (one key changed at a time), so a row reads
# as that key alone: an adult, mid skin, short hair (its color from the id, gray when older), a navy sweater.
BASE_LOOK: dict[str, object] = {"age": "adult", "skin": 3, "hair": "short", "facial_hair": "none", "glasses": False,
                                "headwear": "none", "outfit": "sweater", "color": "navy"}


def _grid(rows: Sequence[tuple[str, Sequence[tuple[str, pygame.Surface]]]], height: int, title: str) -> pygame.Surface:
    fonts = FontBook()
    head, label, small = fonts.get("bold", 22), fonts.get("bold", 15), fonts.get("regular", 13)
    cell_w = round(height * 200 / 240) + 12
    label_w = 170
    cols = max((len(cells) for _, cells in rows), default=1)
    row_h = height + 26
    out = pygame.Surface((label_w + cols * cell_w + 16, 48 + len(rows) * row_h + 8))
    out.fill(PAPER)
    out.blit(head.render(title, True, INK), (16, 12))
    for r, (name, cells) in enumerate(rows):
        y = 48 + r * row_h
        text = name
        while label.size(text)[0] > label_w - 20 and len(text) > 4:
            text = text[:-2]
        out.blit(label.render(text if text == name else text + "…", True, INK), (16, y + height // 2 - 8))
        for c, (caption, img) in enumerate(cells):
            x = label_w + c * cell_w
            pygame.draw.rect(out, CELL, (x, y, cell_w - 6, height), border_radius=8)
            out.blit(img, (x + (cell_w - 6 - img.get_width()) // 2, y + height - img.get_height()))
            cap = small.render(caption, True, MUTED)
            out.blit(cap, (x + (cell_w - 6 - cap.get_width()) // 2, y + height + 4))
    return out


def faces_sheet(characters: Iterable[tuple[str, str, Any, str | None]], height: int = 160,
                paint: Painter | None = None) -> pygame.Surface:
    """One row per character (`(id, name, look, portrait key)`), one column per mood.

    `paint(id, key, look, mood, height)` draws each face (the game passes its ArtLibrary's, so a
    pack's PNGs show); without it, the drawn portrait.
    """
    def drawn(cid: str, key: str | None, look: Any, mood: Any, h: int) -> pygame.Surface:
        role = key.rsplit("_", 1)[0] if key else None
        return portrait_surface(key or cid, look, mood, h, role)

    draw = paint or drawn
    rows = [(name, [(m, draw(cid, key, look, m, height)) for m in MOODS]) for cid, name, look, key in characters]
    return _grid(rows, height, "Every character in every mood")


def write_sheets(out_dir: Path, app: Any, height: int = 160) -> list[Path]:
    """faces.png (every character of the app's playable scenarios, in every mood, painted by `app.art`)
    and looks.png, into `out_dir`. A character met in two scenarios with the same id, key and look is
    one row."""
    rows: dict[tuple[object, ...], tuple[tuple[str, str, Any, str | None], Any]] = {}
    for entry in app.catalog.entries:
        for cid, ch in (entry.scenario.characters.items() if entry.scenario is not None else ()):
            rows.setdefault((cid, ch.portrait, look_key(ch.look)), ((cid, ch.name, ch.look, ch.portrait), entry.pack))
    packs = {(cid, key, look_key(look)): pack for (cid, _, look, key), pack in rows.values()}

    def paint(cid: str, key: str | None, look: Any, mood: Any, h: int) -> pygame.Surface:
        pack = packs[(cid, key, look_key(look))]
        return app.art.portrait(cid, key, mood, h, pack, look)  # type: ignore[no-any-return]

    written = []
    if rows:
        written.append(out_dir / "faces.png")
        pygame.image.save(faces_sheet([row for row, _ in rows.values()], height, paint), str(written[-1]))
    written.append(out_dir / "looks.png")
    pygame.image.save(looks_sheet(height - 20), str(written[-1]))
    return written


def looks_sheet(height: int = 140, mood: str = "neutral") -> pygame.Surface:
    """One row per `look` key, one column per value, each on BASE_LOOK with that key changed."""
    rows = []
    for key in LOOK_KEYS:
        cells = []
        for value in LOOK_VALUES[key]:
            look = {**BASE_LOOK, key: value}
            if key == "facial_hair" or key == "headwear":
                look["hair"] = "short" if key == "facial_hair" else "long"
            cells.append((str(value).lower(), portrait_surface("look-sheet", look, mood, height)))
        rows.append((key, cells))
    return _grid(rows, height, "Every look value (one key changed at a time)")
