"""Colour helpers and `_Pen`, which draws in design units onto a supersampled surface.

The underscore names here and in the other portrait modules are the art package's own: shared
between its modules, not by the rest of the game.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pygame

from game.ui.art.look import Color


def _shade(c: Color, f: float) -> Color:
    """Darken (f<1) or lighten (f>1) a colour."""
    if f <= 1.0:
        return (int(c[0] * f), int(c[1] * f), int(c[2] * f))
    g = min(1.0, f - 1.0)
    return (int(c[0] + (255 - c[0]) * g), int(c[1] + (255 - c[1]) * g), int(c[2] + (255 - c[2]) * g))


def _mix(a: Color, b: Color, t: float) -> Color:
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t), round(a[2] + (b[2] - a[2]) * t))


def _shadow(c: Color) -> Color:
    """The shaded side of a surface: darker and a little warmer (flat illustration's one shadow tone)."""
    return _mix(_shade(c, 0.78), (70, 30, 60), 0.08)


def _light(c: Color) -> Color:
    lum = 0.3 * c[0] + 0.59 * c[1] + 0.11 * c[2]
    return _shade(c, 1.22 if lum < 90 else 1.14 if lum < 200 else 1.03)


Pt = tuple[float, float]


class _Pen:
    """Draws in design units onto a supersampled surface."""

    def __init__(self, surf: pygame.Surface, k: float, origin: tuple[int, int] = (0, 0)) -> None:
        self.s = surf
        self.k = k
        self.ox, self.oy = origin  # where this surface sits on the canvas, in pixels

    def r(self, x: float, y: float, w: float, h: float) -> pygame.Rect:
        k = self.k
        return pygame.Rect(round(x * k) - self.ox, round(y * k) - self.oy, max(1, round(w * k)), max(1, round(h * k)))

    def xy(self, x: float, y: float) -> tuple[int, int]:
        return round(x * self.k) - self.ox, round(y * self.k) - self.oy

    def layer(self, x: float, y: float, w: float, h: float) -> _Pen:
        """A transparent pen over just this box of the canvas (design units), `stamp`ed back when done.

        The same as a canvas-sized layer whose shapes lie in the box, at a fraction of the memory.
        """
        box = self.r(x, y, w, h).inflate(8, 8).clip(self.s.get_rect())
        return _Pen(pygame.Surface(box.size, pygame.SRCALPHA), self.k, (self.ox + box.x, self.oy + box.y))

    def twin(self) -> _Pen:
        """A blank pen the same size and place as this one."""
        return _Pen(pygame.Surface(self.s.get_size(), pygame.SRCALPHA), self.k, (self.ox, self.oy))

    def inside(self, detail: _Pen) -> None:
        """Blit `detail` (a `twin`) only where this pen is already painted: its alpha is the mask."""
        mask = self.s.copy()
        mask.fill((255, 255, 255, 0), special_flags=pygame.BLEND_RGBA_MAX)  # white, keeping the alpha
        detail.s.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MULT)
        self.s.blit(detail.s, (0, 0))

    def stamp(self, layer: _Pen) -> None:
        self.s.blit(layer.s, (layer.ox - self.ox, layer.oy - self.oy))

    def clip(self, box: tuple[float, float, float, float], shape: Callable[[_Pen, Color], object],
             paint: Callable[[_Pen], object]) -> None:
        """Paint only inside `shape` (drawn with the colour it is given): shading that keeps to its part.

        `paint` may be a lambda making a tuple of calls; what it returns is ignored.
        """
        mask = self.layer(*box)
        shape(mask, (255, 255, 255))
        q = mask.twin()
        paint(q)
        q.s.blit(mask.s, (0, 0), special_flags=pygame.BLEND_RGBA_MULT)
        self.stamp(q)

    # A colour with 0 < alpha < 255 is painted over what is there (a blush, a line); pygame.draw would
    # write the alpha into the canvas and leave a see-through hole. Alpha 0 cuts a hole on purpose.
    def _over(self, c: tuple[int, ...], box: tuple[float, float, float, float], draw: Callable[[_Pen, Color], object]) -> _Pen:
        if len(c) == 4 and 0 < c[3] < 255:
            q = self.layer(*box)
            draw(q, (c[0], c[1], c[2]))
            q.s.fill((255, 255, 255, c[3]), special_flags=pygame.BLEND_RGBA_MULT)
            self.stamp(q)
        else:
            draw(self, c)  # type: ignore[arg-type]
        return self

    def ellipse(self, c: tuple[int, ...], cx: float, cy: float, rx: float, ry: float) -> _Pen:
        return self._over(c, (cx - rx, cy - ry, 2 * rx, 2 * ry), lambda p, col: pygame.draw.ellipse(
            p.s, col, p.r(cx - rx, cy - ry, 2 * rx, 2 * ry)))

    def circle(self, c: tuple[int, ...], cx: float, cy: float, rad: float) -> _Pen:
        return self._over(c, (cx - rad, cy - rad, 2 * rad, 2 * rad), lambda p, col: pygame.draw.circle(
            p.s, col, p.xy(cx, cy), max(1, round(rad * p.k))))

    def rect(self, c: tuple[int, ...], x: float, y: float, w: float, h: float, rad: float = 0) -> _Pen:
        return self._over(c, (x, y, w, h), lambda p, col: pygame.draw.rect(
            p.s, col, p.r(x, y, w, h), border_radius=round(rad * p.k)))

    def poly(self, c: tuple[int, ...], pts: list[Pt]) -> _Pen:
        return self._over(c, _bounds(pts), lambda p, col: pygame.draw.polygon(p.s, col, [p.xy(x, y) for x, y in pts]))

    def line(self, c: tuple[int, ...], a: Pt, b: Pt, width: float) -> _Pen:
        return self.stroke(c, [a, b], width)

    def stroke(self, c: tuple[int, ...], pts: list[Pt], width: float) -> _Pen:
        def draw(p: _Pen, col: Color) -> None:
            k, n = p.k, max(1, round(width * p.k))
            for a, b in zip(pts, pts[1:]):
                pygame.draw.line(p.s, col, (a[0] * k - p.ox, a[1] * k - p.oy), (b[0] * k - p.ox, b[1] * k - p.oy), n)
            for x, y in pts:  # round joins and caps keep thick strokes from looking chopped
                pygame.draw.circle(p.s, col, p.xy(x, y), max(1, round(width * k / 2)))
        x, y, w, h = _bounds(pts)
        return self._over(c, (x - width, y - width, w + 2 * width, h + 2 * width), draw)

    def arc(self, c: tuple[int, ...], cx: float, cy: float, rx: float, ry: float,
            start: float, stop: float, width: float, steps: int = 16) -> _Pen:
        """A thick arc (angles counter-clockwise from 3 o'clock, y up) drawn as a stroked polyline."""
        return self.stroke(c, _arc_pts(cx, cy, rx, ry, start, stop, steps), width)


def _bounds(pts: list[Pt]) -> tuple[float, float, float, float]:
    xs, ys = [x for x, _ in pts], [y for _, y in pts]
    return min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)


def _arc_pts(cx: float, cy: float, rx: float, ry: float, start: float, stop: float, steps: int = 16) -> list[Pt]:
    return [(cx + rx * math.cos(start + (stop - start) * i / steps), cy - ry * math.sin(start + (stop - start) * i / steps))
            for i in range(steps + 1)]


def _bezier(a: Pt, b: Pt, c: Pt, steps: int = 10) -> list[Pt]:
    """A quadratic curve from a to c pulled towards b."""
    out = []
    for i in range(steps + 1):
        t = i / steps
        u = 1 - t
        out.append((u * u * a[0] + 2 * u * t * b[0] + t * t * c[0], u * u * a[1] + 2 * u * t * b[1] + t * t * c[1]))
    return out
