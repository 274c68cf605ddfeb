"""Procedural portraits: a shaded flat-illustration bust drawn with pygame.draw.

A scenario's `look` (format 1.1) names what a character looks like: age, skin,
hair, facial hair, glasses, headwear, outfit and its color. What it leaves out
is picked from the character's id, always the same way (a stable hash, not
Python's hash()), except facial hair, headwear and glasses, which appear only
when asked for. The face shape and the small things no `look` key names (the
brows' weight, the eye color, the shirt under a jacket) come from the id too.

The expression is one of six moods. Shapes are drawn at 2-3x and smooth-scaled
down, which gives clean edges without an anti-aliasing library; shading is flat
shapes clipped to the part they shade (`_Pen.clip`).

`portrait_surface(character_id, look, mood, height)` is the whole API a front
end needs: it takes a `Look` (or any object with its fields, or None) and gives
a transparent surface.

The drawing is split by part: `look` (the vocabulary and `AvatarSpec`), `pen` (colours and the
supersampled pen), `face`, `hair`, `clothes`, `accessories` (facial hair, glasses, headwear) and
`expression` (the moods). This module puts them together and keeps the public names.
"""

from __future__ import annotations

from typing import Any

import pygame

from game.ui.art.accessories import _glasses, _headwear
from game.ui.art.clothes import _body
from game.ui.art.expression import EXPRESSIONS, _features
from game.ui.art.face import _ears, _head
from game.ui.art.hair import _hair_back, _hair_front
from game.ui.art.look import (
    ACCENTS,
    AGES,
    COLORS,
    CX,
    CY,
    EYES,
    FACE_SHAPES,
    FACIAL_HAIR,
    HAIR_COLORS,
    HAIR_STYLES,
    HEADWEAR,
    LARGE,
    LOOK_KEYS,
    LOOK_VALUES,
    MOODS,
    OUTFITS,
    ROLE_OUTFIT,
    SHIRTS,
    SKINS,
    SS,
    SS_LARGE,
    AvatarSpec,
    Color,
    H,
    Mood,
    W,
    look_key,
)
from game.ui.art.pen import _Pen

__all__ = [
    "ACCENTS", "AGES", "COLORS", "CX", "CY", "EXPRESSIONS", "EYES", "FACE_SHAPES", "FACIAL_HAIR", "H", "HAIR_COLORS",
    "HAIR_STYLES", "HEADWEAR", "LARGE", "LOOK_KEYS", "LOOK_VALUES", "MOODS", "OUTFITS", "ROLE_OUTFIT", "SHIRTS", "SKINS",
    "SS", "SS_LARGE", "W", "AvatarSpec", "Color", "Mood", "draw_avatar", "look_key", "portrait_surface", "release_parts",
]

# for the last person and size painted: the briefing paints one character's moods one after another,
# so each mood after the first paints only the face. `release_parts` lets them go (ArtLibrary does when
# it has painted everything queued).
_parts: dict[tuple[AvatarSpec, tuple[int, int]], tuple[pygame.Surface, pygame.Surface]] = {}


def release_parts() -> None:
    _parts.clear()


def _mood_free_parts(spec: AvatarSpec, size: tuple[int, int], k: float) -> tuple[pygame.Surface, pygame.Surface]:
    key = (spec, size)
    held = _parts.get(key)
    if held is None:
        under, over = pygame.Surface(size, pygame.SRCALPHA), pygame.Surface(size, pygame.SRCALPHA)
        pen = _Pen(under, k)
        _hair_back(pen, spec)
        _body(pen, spec)
        _ears(pen, spec)
        _head(pen, spec)
        pen = _Pen(over, k)
        _hair_front(pen, spec)
        _glasses(pen, spec, spec.face_w * 0.41, CY + 1.0)
        _headwear(pen, spec)
        _parts.clear()
        held = _parts[key] = (under, over)
    return held


def draw_avatar(spec: AvatarSpec, mood: str, height: int) -> pygame.Surface:
    """A transparent bust `height` pixels tall (width follows the 5:6 canvas)."""
    k = (SS if height <= LARGE else SS_LARGE) * height / H  # a 720 px bust: a 1200x1440 canvas, not 1800x2160
    size = (round(W * k), round(H * k))
    under, over = _mood_free_parts(spec, size, k)
    big = under.copy()
    _features(_Pen(big, k), spec, mood)
    big.blit(over, (0, 0))
    return pygame.transform.smoothscale(big, (max(1, round(W * height / H)), height))


def portrait_surface(character_id: str, look: Any, mood: str, height: int, role: str | None = None) -> pygame.Surface:
    """The whole API: who (their id seeds what `look` leaves out), their `look`, a mood, a height in pixels."""
    return draw_avatar(AvatarSpec.for_id(character_id, look, role), mood, height)
