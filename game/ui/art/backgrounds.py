"""Setting backgrounds as flat illustrations, drawn at the window's own size.

Drawing at the target size (instead of scaling one bitmap) keeps edges crisp
from 1024x640 to 1920x1080. Colours are soft and low in contrast on purpose:
dialogue cards and portraits sit on top and must stay the loudest thing.
Coordinates are fractions of the width and height, so one drawing fits any
aspect ratio.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable

import pygame

Color = tuple[int, int, int]


class _Canvas:
    """Fractional-coordinate drawing helpers over one surface."""

    def __init__(self, surf: pygame.Surface) -> None:
        self.s = surf
        self.w, self.h = surf.get_size()

    def R(self, x: float, y: float, w: float, h: float) -> pygame.Rect:
        return pygame.Rect(round(x * self.w), round(y * self.h), max(1, round(w * self.w)), max(1, round(h * self.h)))

    def rect(self, c: Color, x: float, y: float, w: float, h: float, rad: float = 0.0) -> None:
        pygame.draw.rect(self.s, c, self.R(x, y, w, h), border_radius=round(rad * self.h))

    def vgrad(self, top: Color, bottom: Color, y0: float = 0.0, y1: float = 1.0) -> None:
        a, b = round(y0 * self.h), round(y1 * self.h)
        for y in range(a, b):
            t = (y - a) / max(1, b - a - 1)
            c = tuple(round(top[i] + (bottom[i] - top[i]) * t) for i in range(3))
            pygame.draw.line(self.s, c, (0, y), (self.w, y))

    def circle(self, c: Color, x: float, y: float, r: float) -> None:
        pygame.draw.circle(self.s, c, (round(x * self.w), round(y * self.h)), max(1, round(r * self.h)))

    def ellipse(self, c: Color, x: float, y: float, w: float, h: float) -> None:
        pygame.draw.ellipse(self.s, c, self.R(x, y, w, h))

    def poly(self, c: Color, pts: list[tuple[float, float]]) -> None:
        pygame.draw.polygon(self.s, c, [(round(x * self.w), round(y * self.h)) for x, y in pts])

    def line(self, c: Color, a: tuple[float, float], b: tuple[float, float], width: float = 0.003) -> None:
        pygame.draw.line(self.s, c, (a[0] * self.w, a[1] * self.h), (b[0] * self.w, b[1] * self.h),
                         max(1, round(width * self.h)))

    # --- reusable props -------------------------------------------------
    def person(self, c: Color, x: float, floor: float, height: float, head: Color | None = None) -> None:
        """A soft silhouette: background crowds without faces to compete with the speaker."""
        hw = height * 0.16 * self.h / self.w
        self.rect(c, x - hw, floor - height * 0.62, 2 * hw, height * 0.62, rad=height * 0.12)
        self.circle(head or c, x, floor - height * 0.74, height * 0.11)

    def plant(self, x: float, floor: float, size: float, pot: Color, leaf: Color) -> None:
        k = self.h / self.w
        self.rect(pot, x - size * 0.22 * k, floor - size * 0.3, size * 0.44 * k, size * 0.3, rad=size * 0.04)
        for i in range(7):
            ang = math.pi * (0.15 + 0.7 * i / 6)
            lx = x + math.cos(ang) * size * 0.32 * k
            ly = floor - size * 0.32 - math.sin(ang) * size * 0.4
            self.ellipse(leaf, lx - size * 0.1 * k, ly - size * 0.22, size * 0.2 * k, size * 0.44)

    def skyline(self, x: float, y: float, w: float, h: float, sky: Color, city: Color,
                lit: Color | None, seed: int) -> None:
        rng = random.Random(seed)
        self.rect(sky, x, y, w, h)
        bx = x
        while bx < x + w:
            bw = rng.uniform(0.05, 0.1) * w
            bh = rng.uniform(0.3, 0.85) * h
            self.rect(city, bx, y + h - bh, min(bw, x + w - bx), bh)
            if lit is not None:
                for wy in range(int(bh / (0.06 * h))):
                    for wx in range(int(bw / (0.03 * w))):
                        if rng.random() < 0.35 and bx + (wx + 0.5) * 0.03 * w < x + w - 0.01 * w:
                            self.rect(lit, bx + (wx + 0.3) * 0.03 * w, y + h - bh + (wy + 0.4) * 0.06 * h,
                                      0.012 * w, 0.025 * h)
            bx += bw + 0.004 * w

    def window(self, x: float, y: float, w: float, h: float, frame: Color, sky: Color, city: Color,
               lit: Color | None, seed: int, panes: int = 3) -> None:
        self.rect(frame, x - 0.006, y - 0.01, w + 0.012, h + 0.02)
        self.skyline(x, y, w, h, sky, city, lit, seed)
        for i in range(1, panes):
            self.rect(frame, x + w * i / panes - 0.003, y, 0.006, h)

    def shelf(self, x: float, y: float, w: float, wood: Color, seed: int) -> None:
        rng = random.Random(seed)
        self.rect(wood, x, y, w, 0.012)
        bx = x + 0.005
        books = [(92, 118, 160), (176, 104, 84), (120, 148, 112), (206, 176, 110), (130, 110, 150)]
        while bx < x + w * 0.7:
            bw = rng.uniform(0.008, 0.014)
            bh = rng.uniform(0.05, 0.08)
            self.rect(rng.choice(books), bx, y - bh, bw, bh)
            bx += bw + 0.002


def _crowd(c: _Canvas, seed: int, n: int, tones: list[Color], x0: float = 0.0, x1: float = 1.0) -> None:
    """Background people spread across the floor in small groups, never one blob."""
    rng = random.Random(seed)
    for i in range(n):
        x = x0 + (x1 - x0) * (i + 0.5 + rng.uniform(-0.25, 0.25)) / n
        c.person(rng.choice(tones), x, rng.uniform(0.88, 0.97), rng.uniform(0.27, 0.33))


def _career_fair(c: _Canvas) -> None:
    c.vgrad((226, 233, 244), (210, 219, 234), 0.0, 0.66)
    c.rect((196, 200, 208), 0, 0.66, 1, 0.34)
    c.vgrad((202, 205, 212), (186, 190, 198), 0.66, 1.0)
    c.rect((150, 160, 180), 0, 0.06, 1, 0.012)  # ceiling truss
    for i in range(9):
        x = 0.06 + i * 0.11
        c.poly((246, 238, 204), [(x, 0.072), (x - 0.02, 0.16), (x + 0.02, 0.16)])
    bunting = [(236, 128, 108), (96, 150, 210), (242, 196, 96), (110, 184, 150)]
    for i in range(26):
        x = i * 0.04
        y = 0.2 + 0.025 * math.sin(i / 25 * math.pi * 4)
        c.poly(bunting[i % 4], [(x, y), (x + 0.03, y), (x + 0.015, y + 0.045)])
    booths = [(0.0, (88, 124, 184)), (0.27, (64, 150, 140)), (0.54, (204, 120, 92)), (0.81, (126, 108, 170))]
    for x, col in booths:
        c.rect((238, 241, 246), x + 0.015, 0.3, 0.24, 0.36, rad=0.01)
        c.rect(col, x + 0.015, 0.3, 0.24, 0.08, rad=0.01)
        c.circle((250, 250, 252), x + 0.135, 0.5, 0.06)
        c.circle(col, x + 0.135, 0.5, 0.04)
        c.rect((128, 134, 150), x + 0.03, 0.6, 0.21, 0.02)
        c.rect(col, x + 0.03, 0.62, 0.21, 0.12)
        c.rect((250, 250, 252), x + 0.09, 0.66, 0.09, 0.015)
    _crowd(c, seed=7, n=8, tones=[(150, 158, 176), (164, 170, 186), (138, 146, 166)])


def _mixer(c: _Canvas) -> None:
    c.vgrad((58, 52, 82), (84, 70, 96), 0.0, 0.72)
    c.rect((66, 54, 62), 0, 0.72, 1, 0.28)
    for i, x in enumerate((0.06, 0.38, 0.7)):
        c.window(x, 0.14, 0.24, 0.42, (44, 38, 60), (46, 60, 104), (30, 38, 70), (240, 204, 130), seed=i)
    for k in range(3):
        y0 = 0.08 + k * 0.02
        for i in range(60):
            x = i / 59
            y = y0 + 0.06 * math.sin(x * math.pi * 3 + k) ** 2
            c.circle((255, 222, 150), x, y, 0.005)
    c.rect((98, 70, 58), 0.58, 0.62, 0.42, 0.06)  # bar top
    c.rect((120, 88, 70), 0.6, 0.68, 0.4, 0.32)
    bottles = [(90, 130, 110), (150, 90, 70), (200, 170, 110), (110, 110, 150)]
    for i in range(8):
        x = 0.62 + i * 0.045
        c.rect(bottles[i % 4], x, 0.56, 0.014, 0.06, rad=0.006)
    _crowd(c, seed=3, n=5, tones=[(92, 78, 104), (104, 88, 112), (80, 68, 92)], x1=0.56)
    c.rect((128, 100, 80), 0.2, 0.74, 0.012, 0.2)  # high table
    c.ellipse((150, 118, 92), 0.15, 0.72, 0.11, 0.03)


def _coffee_shop(c: _Canvas) -> None:
    c.vgrad((246, 236, 220), (236, 222, 200), 0.0, 0.6)
    c.rect((170, 122, 86), 0, 0.6, 1, 0.4)
    for i in range(20):
        c.rect((156, 110, 76), i * 0.05, 0.6, 0.003, 0.4)
    c.rect((54, 62, 58), 0.06, 0.12, 0.28, 0.26, rad=0.01)  # menu board
    for i in range(5):
        c.rect((214, 220, 206), 0.09, 0.17 + i * 0.04, 0.14 - (i % 2) * 0.04, 0.008)
        c.rect((214, 220, 206), 0.28, 0.17 + i * 0.04, 0.03, 0.008)
    for x in (0.45, 0.62, 0.79):
        c.line((80, 70, 60), (x, 0.0), (x, 0.14), 0.003)
        c.poly((64, 96, 90), [(x - 0.035, 0.2), (x + 0.035, 0.2), (x + 0.015, 0.14), (x - 0.015, 0.14)])
        c.circle((255, 226, 160), x, 0.205, 0.012)
    c.shelf(0.42, 0.36, 0.5, (150, 106, 74), seed=5)
    for i in range(6):
        c.rect((250, 248, 242), 0.72 + i * 0.035, 0.32, 0.022, 0.04, rad=0.006)
    c.rect((132, 92, 64), 0.4, 0.5, 0.6, 0.05)  # counter top
    c.rect((120, 84, 60), 0.42, 0.55, 0.58, 0.3)
    c.rect((190, 196, 204), 0.78, 0.4, 0.14, 0.1, rad=0.01)  # espresso machine
    c.rect((160, 166, 176), 0.8, 0.44, 0.1, 0.02)
    c.plant(0.05, 0.8, 0.34, (200, 120, 84), (96, 146, 108))
    c.rect((150, 106, 74), 0.1, 0.74, 0.22, 0.025)  # a cafe table
    c.rect((130, 92, 66), 0.2, 0.76, 0.015, 0.22)


def _video_call(c: _Canvas) -> None:
    c.rect((30, 34, 44), 0, 0, 1, 1)
    c.rect((42, 47, 60), 0, 0, 1, 0.06)
    for i in range(3):
        c.circle((96, 104, 122), 0.02 + i * 0.02, 0.03, 0.008)
    # the main tile: someone's home wall
    c.rect((206, 200, 188), 0.03, 0.09, 0.7, 0.78, rad=0.015)
    c.rect((186, 178, 164), 0.03, 0.62, 0.7, 0.25)
    c.shelf(0.07, 0.36, 0.26, (140, 110, 84), seed=11)
    c.plant(0.62, 0.62, 0.3, (220, 220, 216), (104, 150, 116))
    tiles = [(112, 126, 150), (140, 120, 110), (110, 140, 126)]
    for i, col in enumerate(tiles):
        y = 0.09 + i * 0.265
        c.rect((58, 64, 80), 0.75, y, 0.22, 0.245, rad=0.015)
        c.person(col, 0.86, y + 0.245, 0.2)
    c.rect((42, 47, 60), 0, 0.9, 1, 0.1)
    for i, col in enumerate([(70, 78, 96), (70, 78, 96), (70, 78, 96), (214, 76, 70)]):
        c.circle(col, 0.41 + i * 0.06, 0.95, 0.028)


def _office(c: _Canvas) -> None:
    c.vgrad((236, 240, 244), (224, 230, 236), 0.0, 0.7)
    c.rect((176, 180, 188), 0, 0.7, 1, 0.3)
    c.window(0.46, 0.1, 0.5, 0.48, (200, 206, 214), (186, 214, 238), (150, 170, 196), None, seed=21, panes=4)
    c.rect((250, 250, 252), 0.05, 0.14, 0.3, 0.3, rad=0.008)  # whiteboard
    c.rect((170, 176, 186), 0.05, 0.44, 0.3, 0.012)
    for i, col in enumerate([(84, 120, 200), (200, 96, 84), (90, 160, 120)]):
        c.line(col, (0.08, 0.2 + i * 0.07), (0.2 + i * 0.04, 0.2 + i * 0.07), 0.006)
    c.circle((84, 120, 200), 0.28, 0.24, 0.04)
    c.rect((150, 126, 104), 0.3, 0.64, 0.56, 0.04)  # desk
    c.rect((132, 110, 92), 0.33, 0.68, 0.02, 0.2)
    c.rect((132, 110, 92), 0.81, 0.68, 0.02, 0.2)
    c.plant(0.94, 0.7, 0.4, (232, 232, 228), (92, 140, 104))


def _home_office(c: _Canvas) -> None:
    c.vgrad((214, 226, 214), (202, 216, 202), 0.0, 0.72)
    c.rect((188, 164, 136), 0, 0.72, 1, 0.28)
    c.rect((244, 244, 238), 0.6, 0.12, 0.3, 0.4)  # window frame
    c.rect((190, 220, 240), 0.615, 0.14, 0.27, 0.36)
    c.s.set_clip(c.R(0.615, 0.14, 0.27, 0.36))
    c.circle((120, 168, 120), 0.7, 0.42, 0.08)
    c.rect((110, 90, 70), 0.695, 0.44, 0.01, 0.06)
    c.s.set_clip(None)
    c.rect((244, 244, 238), 0.745, 0.14, 0.01, 0.36)
    c.shelf(0.08, 0.3, 0.3, (160, 128, 96), seed=31)
    c.plant(0.33, 0.3, 0.14, (214, 150, 110), (96, 146, 104))
    c.rect((170, 136, 102), 0.05, 0.66, 0.62, 0.04)  # desk
    c.rect((150, 118, 88), 0.07, 0.7, 0.02, 0.22)
    c.rect((150, 118, 88), 0.63, 0.7, 0.02, 0.22)
    c.rect((60, 64, 74), 0.42, 0.5, 0.2, 0.15, rad=0.01)  # laptop
    c.rect((132, 160, 204), 0.43, 0.515, 0.18, 0.12, rad=0.006)
    c.rect((80, 84, 94), 0.4, 0.65, 0.24, 0.012)
    c.rect((250, 250, 246), 0.12, 0.6, 0.03, 0.06, rad=0.006)  # mug
    c.line((90, 90, 96), (0.22, 0.66), (0.26, 0.42), 0.006)  # lamp
    c.poly((242, 196, 96), [(0.24, 0.42), (0.3, 0.42), (0.285, 0.36), (0.255, 0.36)])


def _conference(c: _Canvas) -> None:
    c.vgrad((222, 226, 236), (208, 212, 224), 0.0, 0.68)
    c.rect((92, 98, 126), 0, 0.68, 1, 0.32)
    for i in range(14):
        for j in range(4):
            if (i + j) % 2 == 0:
                c.rect((84, 90, 118), i / 14, 0.68 + j * 0.08, 1 / 14, 0.08)
    for i in range(6):
        c.rect((244, 246, 250), 0.02 + i * 0.17, 0.03, 0.12, 0.018, rad=0.004)
    c.rect((52, 84, 160), 0.22, 0.1, 0.56, 0.16, rad=0.01)  # banner
    c.rect((236, 240, 250), 0.3, 0.165, 0.4, 0.03, rad=0.01)
    c.circle((242, 196, 96), 0.26, 0.18, 0.035)
    for k, x in enumerate((0.04, 0.8)):  # poster easels
        c.rect((246, 246, 250), x, 0.32, 0.16, 0.22)
        c.rect((120, 150, 200) if k else (200, 140, 120), x + 0.015, 0.345, 0.13, 0.06)
        for i in range(3):
            c.rect((200, 204, 214), x + 0.015, 0.43 + i * 0.03, 0.13, 0.01)
        c.line((120, 120, 130), (x + 0.03, 0.54), (x + 0.01, 0.7), 0.005)
        c.line((120, 120, 130), (x + 0.13, 0.54), (x + 0.15, 0.7), 0.005)
    c.rect((190, 196, 210), 0.3, 0.34, 0.4, 0.3)  # hall doors
    c.rect((176, 182, 198), 0.498, 0.34, 0.004, 0.3)
    _crowd(c, seed=17, n=7, tones=[(150, 156, 178), (136, 142, 166), (164, 168, 188)])


def _neutral(c: _Canvas) -> None:
    """For a setting key the game does not know and the pack did not supply."""
    c.vgrad((232, 236, 244), (214, 220, 232))
    for i in range(6):
        c.circle((224, 229, 240), 0.15 + i * 0.16, 0.3 + 0.1 * (i % 2), 0.18)


PAINTERS: dict[str, Callable[[_Canvas], None]] = {
    "career_fair": _career_fair,
    "mixer": _mixer,
    "coffee_shop": _coffee_shop,
    "video_call": _video_call,
    "office": _office,
    "home_office": _home_office,
    "conference": _conference,
}


def draw_background(key: str | None, size: tuple[int, int]) -> pygame.Surface:
    """The built-in illustration for `key` (a soft neutral wash when unknown)."""
    surf = pygame.Surface(size)
    PAINTERS.get(key or "", _neutral)(_Canvas(surf))
    return surf
