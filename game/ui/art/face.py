"""The head: its outline (five face shapes), the ears, and the skin's light and shade."""

from __future__ import annotations

import math
from collections.abc import Callable

from game.ui.art.look import CX, CY, AvatarSpec, Color
from game.ui.art.pen import Pt, _mix, _Pen, _shade, _shadow

_SHAPES = {  # (roundness of the cranium, of the jaw, how much the jaw narrows, the chin's width)
    "oval": (2.2, 2.0, 0.18, 0.0), "round": (2.2, 2.3, 0.08, 0.0), "square": (2.4, 3.2, 0.12, 0.2),
    "heart": (2.4, 1.9, 0.32, 0.0), "long": (2.2, 2.2, 0.16, 0.08),
}


def _face_pts(s: AvatarSpec, grow: float = 0.0, n: int = 56) -> list[Pt]:
    """The head's outline, from the crown round to the chin: a superellipse whose lower half narrows."""
    top, bottom, taper, chin = _SHAPES[s.face_shape]
    fw, fh = s.face_w + grow, s.face_h + grow
    pts = []
    for i in range(n):
        t = 2 * math.pi * i / n
        c, si = math.cos(t), math.sin(t)
        e = top if si < 0 else bottom
        x = math.copysign(abs(c) ** (2 / e), c) * fw
        y = math.copysign(abs(si) ** (2 / e), si) * fh
        if si > 0:
            x *= 1 - taper * si ** 1.6
            if chin and abs(x) < fw * chin:
                y = min(y, fh * 0.97)
        pts.append((CX + x, CY + y))
    return pts


def _face_shape(s: AvatarSpec, grow: float = 0.0) -> Callable[[_Pen, Color], object]:
    return lambda p, c: p.poly(c, _face_pts(s, grow))


def _head_box(s: AvatarSpec, pad: float = 4.0) -> tuple[float, float, float, float]:
    return (CX - s.face_w - pad, CY - s.face_h - pad, 2 * (s.face_w + pad), 2 * (s.face_h + pad))


def _covered(s: AvatarSpec) -> bool:
    """Headwear that hides the hair entirely."""
    return s.headwear in ("hijab", "turban", "headscarf")


def _ears(p: _Pen, s: AvatarSpec) -> None:
    if s.headwear == "hijab":
        return
    fw = s.face_w
    for side in (-1, 1):
        x = CX + side * (fw - 1.5)
        p.ellipse(_shade(s.skin, 0.96), x, CY + 5, 6.5, 10)
        p.arc(_shadow(s.skin), x + side * 0.8, CY + 5, 3.2, 6, 1.2 if side > 0 else -1.2, 5.0 if side > 0 else 1.9, 1.4)


def _head(p: _Pen, s: AvatarSpec) -> None:
    """The face's shape, lit from the upper left: a shadow down the far side and under the jaw."""
    fw, fh = s.face_w, s.face_h
    p.poly(s.skin, _face_pts(s))
    shade = _shadow(s.skin)
    lit = _mix(s.skin, (255, 226, 196), 0.22 if sum(s.skin) > 450 else 0.1)

    def paint(q: _Pen) -> None:
        q.rect(shade, CX - fw - 10, CY - fh - 10, 2 * fw + 20, 2 * fh + 20)
        q.ellipse(s.skin, CX - fw * 0.1, CY - fh * 0.07, fw * 1.02, fh * 1.0)
        q.ellipse((*lit, 70), CX - fw * 0.48, CY + fh * 0.18, fw * 0.22, fh * 0.14)  # the near cheekbone
        q.ellipse((*lit, 60), CX - fw * 0.25, CY - fh * 0.55, fw * 0.35, fh * 0.16)  # the forehead
    p.clip(_head_box(s), _face_shape(s), paint)
