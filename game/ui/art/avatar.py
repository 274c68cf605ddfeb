"""Procedural portraits: a flat-illustration bust drawn with pygame.draw.

Each character id seeds its own look (skin, hair, clothes, face shape,
glasses), so a scenario needs no art files and the same person looks the same
in every scene. The expression follows rapport: warm, neutral or cool.
Shapes are drawn at 3x and smooth-scaled down, which gives clean edges
without an anti-aliasing library.
"""

from __future__ import annotations

import hashlib
import math
import random
from dataclasses import dataclass
from typing import Literal

import pygame

Mood = Literal["warm", "neutral", "cool"]
MOODS: tuple[Mood, ...] = ("warm", "neutral", "cool")
Color = tuple[int, int, int]

SKIN: tuple[Color, ...] = (
    (255, 224, 196), (241, 198, 160), (224, 172, 130), (198, 142, 101),
    (166, 112, 76), (134, 86, 57), (105, 66, 44), (78, 50, 34),
)
HAIR: tuple[Color, ...] = (
    (30, 26, 28), (58, 40, 32), (94, 62, 40), (140, 88, 52),
    (196, 150, 92), (150, 62, 38), (170, 170, 176), (44, 44, 60),
)
CLOTHES: tuple[Color, ...] = (
    (40, 58, 104), (58, 64, 76), (24, 110, 112), (128, 44, 64),
    (88, 104, 60), (170, 122, 72), (86, 70, 140), (200, 92, 64),
)
SHIRTS: tuple[Color, ...] = ((250, 250, 252), (206, 224, 246), (246, 222, 226), (236, 232, 214), (40, 42, 48))
HAIR_STYLES = ("short", "side_part", "bob", "long", "bun", "curly", "buzz", "wrap")
OUTFITS = ("blazer", "sweater", "shirt", "turtleneck")

SS = 3  # supersampling factor
SS_LARGE, LARGE = 2, 360  # above LARGE px tall, 2x is as smooth to the eye, at less than half the memory and time
W, H = 200, 240  # design canvas in units


@dataclass(frozen=True)
class AvatarSpec:
    """Everything that makes one character look like themselves."""

    skin: Color
    hair: Color
    hair_style: str
    outfit: str
    clothes: Color
    shirt: Color
    face_w: float  # half-width of the head in units
    face_h: float  # half-height of the head in units
    glasses: bool
    beard: bool
    earrings: bool

    @classmethod
    def for_id(cls, character_id: str) -> AvatarSpec:
        """Same id, same person: seeded by a stable hash, not Python's hash()."""
        seed = int.from_bytes(hashlib.sha256(character_id.encode("utf-8")).digest()[:8], "big")
        rng = random.Random(seed)
        style = rng.choice(HAIR_STYLES)
        hair = rng.choice(HAIR)
        if style == "wrap":
            hair = rng.choice(CLOTHES[2:])  # a headscarf takes a fabric colour
        clothes = rng.choice(CLOTHES)
        shirt = rng.choice(SHIRTS)
        long_hair = style in ("bob", "long", "bun", "wrap")
        return cls(
            skin=rng.choice(SKIN),
            hair=hair,
            hair_style=style,
            outfit=rng.choice(OUTFITS),
            clothes=clothes,
            shirt=shirt,
            face_w=rng.uniform(36.0, 42.0),
            face_h=rng.uniform(46.0, 52.0),
            glasses=rng.random() < 0.3,
            beard=(not long_hair) and rng.random() < 0.25,
            earrings=long_hair and style != "wrap" and rng.random() < 0.5,
        )


def _shade(c: Color, f: float) -> Color:
    """Darken (f<1) or lighten (f>1) a colour; flat art needs only one shade step."""
    if f <= 1.0:
        return (int(c[0] * f), int(c[1] * f), int(c[2] * f))
    g = f - 1.0
    return (int(c[0] + (255 - c[0]) * g), int(c[1] + (255 - c[1]) * g), int(c[2] + (255 - c[2]) * g))


class _Pen:
    """Draws in design units onto a supersampled surface."""

    def __init__(self, surf: pygame.Surface, k: float, origin: tuple[int, int] = (0, 0)) -> None:
        self.s = surf
        self.k = k
        self.ox, self.oy = origin  # where this surface sits on the canvas, in pixels

    def r(self, x: float, y: float, w: float, h: float) -> pygame.Rect:
        k = self.k
        return pygame.Rect(round(x * k) - self.ox, round(y * k) - self.oy, max(1, round(w * k)), max(1, round(h * k)))

    def layer(self, x: float, y: float, w: float, h: float) -> _Pen:
        """A transparent pen over just this box of the canvas (design units): shapes cut out of a shape.

        Drawn on it, then `stamp`ed back, is the same as a canvas-sized layer whose only opaque shape lies
        in the box, at a fraction of the memory (a canvas is 15 MB for a 720 px portrait).
        """
        box = self.r(x, y, w, h).inflate(8, 8).clip(self.s.get_rect())
        return _Pen(pygame.Surface(box.size, pygame.SRCALPHA), self.k, (self.ox + box.x, self.oy + box.y))

    def stamp(self, layer: _Pen) -> None:
        self.s.blit(layer.s, (layer.ox - self.ox, layer.oy - self.oy))

    def ellipse(self, c: tuple[int, ...], cx: float, cy: float, rx: float, ry: float) -> None:
        pygame.draw.ellipse(self.s, c, self.r(cx - rx, cy - ry, 2 * rx, 2 * ry))

    def circle(self, c: tuple[int, ...], cx: float, cy: float, rad: float) -> None:
        pygame.draw.circle(self.s, c, (round(cx * self.k) - self.ox, round(cy * self.k) - self.oy),
                           max(1, round(rad * self.k)))

    def rect(self, c: tuple[int, ...], x: float, y: float, w: float, h: float, rad: float = 0) -> None:
        pygame.draw.rect(self.s, c, self.r(x, y, w, h), border_radius=round(rad * self.k))

    def poly(self, c: tuple[int, ...], pts: list[tuple[float, float]]) -> None:
        pygame.draw.polygon(self.s, c, [(round(x * self.k) - self.ox, round(y * self.k) - self.oy) for x, y in pts])

    def line(self, c: tuple[int, ...], a: tuple[float, float], b: tuple[float, float], width: float) -> None:
        k = self.k
        ox, oy = self.ox, self.oy
        pygame.draw.line(self.s, c, (a[0] * k - ox, a[1] * k - oy), (b[0] * k - ox, b[1] * k - oy),
                         max(1, round(width * k)))
        # round caps keep thick strokes from looking chopped
        self.circle(c, a[0], a[1], width / 2)
        self.circle(c, b[0], b[1], width / 2)

    def arc(self, c: tuple[int, ...], cx: float, cy: float, rx: float, ry: float,
            start: float, stop: float, width: float) -> None:
        """A thick arc drawn as a polyline of round dots (pygame's own arc leaves gaps)."""
        steps = 24
        pts = [
            (cx + rx * math.cos(start + (stop - start) * i / steps),
             cy - ry * math.sin(start + (stop - start) * i / steps))
            for i in range(steps + 1)
        ]
        for a, b in zip(pts, pts[1:]):
            self.line(c, a, b, width)


CX, CY = 100.0, 96.0  # centre of the head


def _hair_back(p: _Pen, s: AvatarSpec) -> None:
    fw, fh = s.face_w, s.face_h
    if s.hair_style == "long":
        p.rect(s.hair, CX - fw - 8, CY - fh * 0.6, 2 * fw + 16, fh * 2.6, rad=fw * 0.9)
    elif s.hair_style == "bob":
        p.rect(s.hair, CX - fw - 8, CY - fh * 0.7, 2 * fw + 16, fh * 1.75, rad=fw * 0.8)
    elif s.hair_style == "curly":
        p.ellipse(s.hair, CX, CY - 10, fw + 18, fh + 10)
    elif s.hair_style == "wrap":
        p.ellipse(s.hair, CX, CY - 4, fw + 12, fh + 12)
        p.rect(s.hair, CX - fw - 6, CY + 10, 2 * fw + 12, 70, rad=24)
    elif s.hair_style == "bun":
        p.circle(s.hair, CX, CY - fh - 12, 18)


def _body(p: _Pen, s: AvatarSpec) -> None:
    neck = _shade(s.skin, 0.86)
    p.rect(neck, CX - 15, CY + s.face_h - 14, 30, 40, rad=6)
    top = 166.0
    # Shoulders: a wide rounded block, cut off by the bottom of the canvas.
    p.rect(s.clothes, 24, top, 152, 110, rad=46)
    if s.outfit == "blazer":
        p.poly(s.shirt, [(CX - 20, top - 2), (CX + 20, top - 2), (CX, top + 60)])
        lapel = _shade(s.clothes, 0.8)
        p.poly(lapel, [(CX - 22, top - 4), (CX - 4, top + 58), (CX - 30, top + 26)])
        p.poly(lapel, [(CX + 22, top - 4), (CX + 4, top + 58), (CX + 30, top + 26)])
        p.poly(neck, [(CX - 11, top - 6), (CX + 11, top - 6), (CX, top + 14)])
    elif s.outfit == "shirt":
        p.poly(neck, [(CX - 14, top - 6), (CX + 14, top - 6), (CX, top + 20)])
        collar = _shade(s.clothes, 1.25)
        p.poly(collar, [(CX - 18, top - 4), (CX - 2, top + 16), (CX - 22, top + 14)])
        p.poly(collar, [(CX + 18, top - 4), (CX + 2, top + 16), (CX + 22, top + 14)])
        for i in range(3):
            p.circle(_shade(s.clothes, 0.7), CX, top + 30 + i * 22, 2.2)
    elif s.outfit == "turtleneck":
        p.rect(_shade(s.clothes, 0.9), CX - 20, top - 14, 40, 26, rad=10)
    else:  # sweater: round neck with a shirt collar peeking out
        p.ellipse(s.shirt, CX, top + 2, 24, 12)
        p.ellipse(neck, CX, top - 2, 15, 9)
        p.arc(_shade(s.clothes, 0.8), CX, top + 2, 25, 13, 3.3, 6.1, 4)


def _head(p: _Pen, s: AvatarSpec) -> None:
    fw, fh = s.face_w, s.face_h
    ear = _shade(s.skin, 0.93)
    p.ellipse(ear, CX - fw + 1, CY + 4, 8, 11)
    p.ellipse(ear, CX + fw - 1, CY + 4, 8, 11)
    if s.earrings:
        p.circle((232, 190, 80), CX - fw + 1, CY + 17, 3)
        p.circle((232, 190, 80), CX + fw - 1, CY + 17, 3)
    p.ellipse(s.skin, CX, CY, fw, fh)
    if s.beard:
        beard = s.hair
        p.poly(beard, [(CX - fw + 3, CY + 4), (CX + fw - 3, CY + 4), (CX + fw - 10, CY + fh - 14),
                       (CX, CY + fh + 2), (CX - fw + 10, CY + fh - 14)])
        p.ellipse(s.skin, CX, CY + 24, 15, 8)  # keep the mouth area clear


def _hair_front(p: _Pen, s: AvatarSpec) -> None:
    fw, fh = s.face_w, s.face_h
    clear = (0, 0, 0, 0)
    style = s.hair_style
    if style == "wrap":
        q = p.layer(CX - fw - 10, CY - 6 - fh - 8, 2 * fw + 20, 2 * fh + 16)
        q.ellipse(s.hair, CX, CY - 6, fw + 10, fh + 8)
        q.ellipse(clear, CX, CY + 8, fw - 4, fh - 4)
        q.rect(clear, 0, CY + 8, W, 200)
        p.stamp(q)
        fold = _shade(s.hair, 0.85)
        p.arc(fold, CX, CY + 6, fw + 4, fh - 2, 0.1, 3.04, 3)
        return
    if style == "buzz":
        q = p.layer(CX - fw - 1, CY - 2 - fh - 1, 2 * fw + 2, 2 * fh + 2)
        q.ellipse(s.hair, CX, CY - 2, fw + 1, fh + 1)
        q.ellipse(clear, CX, CY + 16, fw - 2, fh + 4)
        p.stamp(q)
        return
    q = p.layer(CX - fw - 5, CY - 8 - fh - 2, 2 * fw + 10, 2 * fh + 4)
    q.ellipse(s.hair, CX, CY - 8, fw + 5, fh + 2)
    # Cut out the face below the hairline; the cut differs by style.
    if style == "side_part":
        q.ellipse(clear, CX + 6, CY + 22, fw - 2, fh + 2)
    elif style in ("bob", "long"):
        q.ellipse(clear, CX - 6, CY + 20, fw - 2, fh + 4)
    elif style == "curly":
        q.ellipse(clear, CX, CY + 22, fw - 4, fh + 2)
    else:
        q.ellipse(clear, CX, CY + 20, fw - 1, fh + 4)
    if style not in ("bob", "long"):
        q.rect(clear, 0, CY + 10, W, 200)
    p.stamp(q)
    if style == "curly":
        for i in range(9):
            ang = math.pi * (i / 8.0)
            x = CX + (fw + 6) * math.cos(ang)
            y = CY - 18 - (fh * 0.75) * math.sin(ang)
            p.circle(s.hair, x, y, 12)
    if style in ("bob", "long"):
        # side locks that frame the face
        p.rect(s.hair, CX - fw - 6, CY - 14, 12, fh * (1.05 if style == "bob" else 1.5), rad=6)
        p.rect(s.hair, CX + fw - 6, CY - 14, 12, fh * (1.05 if style == "bob" else 1.5), rad=6)


def _face(p: _Pen, s: AvatarSpec, mood: Mood) -> None:
    deep = s.skin[0] < 150
    ink = (18, 12, 12) if deep else (40, 30, 30)
    brow = (24, 16, 14) if deep or s.hair_style == "wrap" else _shade(s.hair, 0.7)
    ey = CY + 2
    ex = 15.0
    # Brows: raised when warm, lowered and flatter when cool.
    lift = {"warm": -4.0, "neutral": 0.0, "cool": 3.0}[mood]
    tilt = {"warm": -1.5, "neutral": 0.0, "cool": 0.8}[mood]
    for side in (-1, 1):
        inner = (CX + side * (ex - 7), ey - 14 + lift + tilt)
        outer = (CX + side * (ex + 8), ey - 15 + lift - tilt)
        p.line(brow, inner, outer, 3.2)
    # Eyes.
    for side in (-1, 1):
        x = CX + side * ex
        if mood == "warm":
            p.arc(ink, x, ey + 2, 6, 5, 0.3, 2.84, 2.6)
        elif mood == "cool":
            p.ellipse(ink, x, ey + 1, 4.2, 3.2)
            p.line(_shade(s.skin, 0.82), (x - 6, ey - 2), (x + 6, ey - 2), 2.2)
        else:
            p.ellipse(ink, x, ey, 4.2, 5)
            p.circle((255, 255, 255), x + 1.4, ey - 1.6, 1.2)
    if s.glasses:
        frame = (40, 40, 48)
        for side in (-1, 1):
            r = p.r(CX + side * ex - 11, ey - 9, 22, 18)
            pygame.draw.rect(p.s, frame, r, width=max(1, round(2.2 * p.k)), border_radius=round(6 * p.k))
        p.line(frame, (CX - 4, ey - 2), (CX + 4, ey - 2), 2.0)
    # Nose: a soft shadow, not a line drawing.
    p.ellipse(_shade(s.skin, 0.88), CX, ey + 15, 4.5, 3.5)
    # Mouth.
    my = CY + 27
    lips = (90, 30, 34) if deep else (150, 62, 66)
    if mood == "warm":
        q = p.layer(CX - 12, my - 2 - 9, 24, 18)
        q.ellipse(lips, CX, my - 2, 12, 9)
        q.rect((0, 0, 0, 0), CX - 14, my - 14, 28, 12)
        q.rect((255, 255, 255), CX - 9, my - 2, 18, 3.2)
        p.stamp(q)
        blush = _shade(s.skin, 0.94)
        p.ellipse((min(255, blush[0] + 16), blush[1], blush[2]), CX - 24, ey + 16, 6, 3.5)
        p.ellipse((min(255, blush[0] + 16), blush[1], blush[2]), CX + 24, ey + 16, 6, 3.5)
    elif mood == "neutral":
        p.arc(lips, CX, my - 8, 9, 6, 3.5, 5.92, 2.6)
    else:
        p.arc(lips, CX, my + 4, 8, 3, 0.5, 2.64, 2.6)


def draw_avatar(spec: AvatarSpec, mood: Mood, height: int) -> pygame.Surface:
    """A transparent bust `height` pixels tall (width follows the 5:6 canvas)."""
    k = (SS if height <= LARGE else SS_LARGE) * height / H  # a 720 px bust: a 1200x1440 canvas, not 1800x2160
    big = pygame.Surface((round(W * k), round(H * k)), pygame.SRCALPHA)
    pen = _Pen(big, k)
    _hair_back(pen, spec)
    _body(pen, spec)
    _head(pen, spec)
    _hair_front(pen, spec)
    _face(pen, spec, mood)
    return pygame.transform.smoothscale(big, (max(1, round(W * height / H)), height))
