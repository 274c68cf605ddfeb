"""What a `look` adds only when asked for: facial hair, glasses and headwear."""

from __future__ import annotations

import math
import random

import pygame

from game.ui.art.clothes import SHOULDER_Y
from game.ui.art.face import _face_pts, _face_shape, _head_box
from game.ui.art.hair import _hair_colors
from game.ui.art.look import CX, CY, AvatarSpec, Color, H
from game.ui.art.pen import _arc_pts, _bezier, _light, _mix, _Pen, _shade, _shadow


def _facial_hair(p: _Pen, s: AvatarSpec, my: float) -> None:
    """Beard and stubble keep below the cheekbones, round the mouth and jaw; a mustache sits on the lip."""
    kind = s.facial_hair
    if kind == "none":
        return
    fw, fh = s.face_w, s.face_h
    base, dark, light = _hair_colors(s)
    if kind in ("beard", "stubble"):
        # Sideburns in front of the ears, then the cheek line falls to the corners of the mouth: the
        # beard stays below the cheekbones, well clear of the eyes.
        half = [(CX - fw - 3, CY + fh * 0.02), (CX - fw + 5.5, CY + fh * 0.06), (CX - fw + 6, CY + fh * 0.32),
                (CX - fw * 0.62, CY + fh * 0.5), (CX - fw * 0.36, CY + fh * 0.52), (CX - 9, my - 4.5),
                (CX - 3, my - 5.8)]
        area = half + [(2 * CX - x, y) for x, y in reversed(half)] + [(CX + fw + 6, CY + fh * 1.3),
                                                                      (CX - fw - 6, CY + fh * 1.3)]
        grown = 3.0 if kind == "beard" else 0.6

        def shape(q: _Pen, c: Color) -> None:
            q.poly(c, _face_pts(s, grown))
            if kind == "beard":
                q.ellipse(c, CX, CY + fh * 0.98, fw * 0.36, fh * 0.12)

        def paint(q: _Pen) -> None:
            if kind == "beard":
                q.poly(base, area)
                q.ellipse((*dark, 120), CX + fw * 0.95, CY + fh * 0.85, fw * 0.4, fh * 0.5)  # the far side
                for i in range(7):  # strands catching the light
                    x = CX - fw * 0.6 + i * fw * 0.2
                    q.stroke(light, [(x, CY + fh * 0.7), (x + 1.5, CY + fh * 0.86)], 1.0)
                q.ellipse((0, 0, 0, 0), CX, my + 2.6, 10.5, 6.4)  # the mouth and lower lip clear
            else:
                q.poly(_mix(s.skin, base, 0.5), area)  # opaque mixes: cheaper than 140 translucent dots
                rng = random.Random(7)
                dot = _mix(s.skin, dark, 0.7)
                for _ in range(140):
                    x, y = CX + rng.uniform(-fw, fw), CY + rng.uniform(fh * 0.3, fh * 1.05)
                    q.circle(dot, x, y, 0.5)
        p.clip((CX - fw - 8, CY - fh * 0.1, 2 * fw + 16, fh * 1.4), shape, paint)


def _glasses(p: _Pen, s: AvatarSpec, ex: float, ey: float) -> None:
    if not s.glasses:
        return
    frame = ((28, 28, 34), (112, 66, 40), (176, 140, 78))[sum(s.eyes) % 3]
    fw = s.face_w
    for side in (-1, 1):
        x = CX + side * ex
        r = p.r(x - 9.5, ey - 7, 19, 13.5)
        lens = pygame.Surface(r.size, pygame.SRCALPHA)
        pygame.draw.rect(lens, (236, 244, 252, 60), lens.get_rect(), border_radius=round(4.5 * p.k))
        p.s.blit(lens, r)
        pygame.draw.rect(p.s, frame, r, width=max(1, round(1.6 * p.k)), border_radius=round(4.5 * p.k))
        p.line((255, 255, 255, 150), (x - 6, ey - 4.5), (x - 3, ey - 5.5), 1.0)
        if s.headwear != "hijab":
            p.line(frame, (x + side * 9.5, ey - 3), (CX + side * (fw - 1), ey - 1), 1.5)
    p.arc(frame, CX, ey - 2.5, 2.8, 1.6, 0.2, math.pi - 0.2, 1.5, 6)


# ---------------------------------------------------------------- headwear
def _fabric(s: AvatarSpec) -> Color:
    """A scarf's or cap's colour: the id's accent, softened, and never the outfit's own."""
    c = _mix(s.accent, (255, 255, 255), 0.12)
    return c if s.accent != s.clothes else _shade(c, 0.8)


def _headwear(p: _Pen, s: AvatarSpec) -> None:
    kind = s.headwear
    if kind == "none":
        return
    fw, fh = s.face_w, s.face_h
    f = _fabric(s)
    dark, light = _shadow(f), _light(f)
    if kind == "hijab":
        box = (CX - 74, CY - fh - 16, 148, H - CY + fh + 20)
        q = p.layer(*box)
        q.ellipse(f, CX, CY - 4, fw + 10, fh + 11)
        q.poly(f, [(CX - fw - 10, CY - 4), (CX + fw + 10, CY - 4), (CX + fw + 14, CY + fh * 0.9),
                   (CX + 62, SHOULDER_Y + 24), (CX + 48, H + 4), (CX - 48, H + 4), (CX - 62, SHOULDER_Y + 24),
                   (CX - fw - 14, CY + fh * 0.9)])
        q.poly(dark, [(CX + fw + 10, CY - 4), (CX + fw + 14, CY + fh * 0.9), (CX + 62, SHOULDER_Y + 24),
                      (CX + 48, H + 4), (CX + 30, H + 4), (CX + 44, SHOULDER_Y + 20), (CX + fw * 0.8, CY + fh)])
        q.stroke(dark, _bezier((CX - 40, SHOULDER_Y + 10), (CX - 10, SHOULDER_Y + 34), (CX + 30, SHOULDER_Y + 30)), 1.6)
        q.stroke(dark, _bezier((CX - 30, SHOULDER_Y + 34), (CX, SHOULDER_Y + 52), (CX + 38, SHOULDER_Y + 44)), 1.6)
        q.arc(light, CX - 3, CY - 4, fw + 5, fh + 6, 1.9, 2.7, 3.0)
        opening = lambda r, c: r.ellipse(c, CX, CY + fh * 0.14, fw * 0.88, fh * 0.9)  # noqa: E731
        opening(q, (0, 0, 0, 0))
        p.stamp(q)
        p.arc(dark, CX, CY + fh * 0.14, fw * 0.9, fh * 0.92, 0.0, math.pi, 2.2, 24)
        p.clip(_head_box(s), _face_shape(s), lambda r: (
            r.ellipse((*_shadow(s.skin), 255), CX, CY + fh * 0.14, fw * 0.9, fh * 0.92),
            r.ellipse((0, 0, 0, 0), CX - 1.5, CY + fh * 0.19, fw * 0.84, fh * 0.86)))
    elif kind == "turban":
        top = CY - fh * 0.42
        mound = [(CX - fw - 5, top + 4)] + _arc_pts(CX, top, fw + 8, fh * 0.95, math.pi, 0, 20) + \
            [(CX + fw + 5, top + 4), (CX + fw * 0.2, top + 3), (CX, top - 4), (CX - fw * 0.2, top + 3)]
        p.poly(f, mound)
        p.clip((CX - fw - 10, top - fh - 4, 2 * fw + 20, fh + 12), lambda q, c: q.poly(c, mound), lambda q: (
            q.ellipse(dark, CX + fw * 0.9, top - 6, fw * 0.5, fh * 0.7),
            [q.stroke(dark, _bezier((CX - fw + i * 9, top + 2), (CX - fw * 0.2 + i * 7, top - fh * 0.45),
                                    (CX + fw * 0.5 + i * 4, top - fh * 0.78)), 1.6) for i in range(4)],
            q.arc(light, CX - 4, top, fw * 0.8, fh * 0.6, 1.8, 2.6, 3.2)))
        p.stroke(dark, [(CX - fw * 0.2, top + 3), (CX, top - 4), (CX + fw * 0.2, top + 3)], 1.4)
    elif kind == "kippah":
        y = CY - fh * 1.08 - _crown_lift(s) + 7
        cap = _arc_pts(CX, y, 19, 8.5, 0, math.pi, 14)
        p.poly(f, cap)
        p.stroke(dark, [(CX - 19, y), (CX + 19, y)], 1.8)
        p.stroke(light, _arc_pts(CX, y + 1, 12, 4, 0.3, math.pi - 0.3, 8), 1.4)
    elif kind == "cap":
        line = CY - fh * 0.44
        crown = _arc_pts(CX, line, fw + 4, fh * 0.64, 0, math.pi, 20)
        p.poly(f, crown)
        p.clip((CX - fw - 6, line - fh * 0.7, 2 * fw + 12, fh * 0.75), lambda q, c: q.poly(c, crown), lambda q: (
            q.ellipse(dark, CX + fw * 0.95, line - 6, fw * 0.5, fh * 0.6),
            q.stroke(dark, _bezier((CX, line - fh * 0.64), (CX - 4, line - fh * 0.3), (CX - 2, line)), 1.2),
            q.arc(light, CX - 6, line, fw * 0.7, fh * 0.5, 1.9, 2.6, 3.0)))
        p.circle(dark, CX, line - fh * 0.64 + 1, 2.2)
        brim = _bezier((CX - fw - 6, line + 2), (CX, line - 8), (CX + fw + 6, line + 2), 14) + \
            _bezier((CX + fw + 6, line + 2), (CX, line + 12), (CX - fw - 6, line + 2), 14)[1:]
        p.poly(_shade(f, 0.9), brim)
        p.stroke(dark, _bezier((CX - fw - 6, line + 2), (CX, line + 12), (CX + fw + 6, line + 2), 14), 1.4)
        p.clip(_head_box(s), _face_shape(s), lambda q: q.ellipse((*_shadow(s.skin), 150), CX, line + 6, fw + 2, 7))
    else:  # headscarf: tied over the hair, the knot at the nape showing at one side
        line = CY - fh * 0.48
        wrap = [(CX - fw - 4, CY + fh * 0.05)] + _arc_pts(CX, line, fw + 6, fh * 0.62, math.pi, 0, 20)[1:-1] + \
            [(CX + fw + 4, CY + fh * 0.05), (CX + fw - 2, CY - fh * 0.12), (CX, line + 1), (CX - fw + 2, CY - fh * 0.12)]
        p.poly(f, wrap)
        p.clip((CX - fw - 8, line - fh * 0.7, 2 * fw + 16, fh * 1.3), lambda q, c: q.poly(c, wrap), lambda q: (
            q.ellipse(dark, CX + fw * 0.95, line, fw * 0.45, fh * 0.7),
            [q.circle((*light, 200), CX - fw * 0.7 + (i % 5) * fw * 0.34 + (i // 5) * 6, line - 6 - (i // 5) * 12, 2.0)
             for i in range(13)]))
        p.stroke(dark, [(CX - fw + 2, CY - fh * 0.12), (CX, line + 1), (CX + fw - 2, CY - fh * 0.12)], 1.4)
        kx, ky = CX + fw + 2, CY + fh * 0.15  # the knot and its tails
        p.poly(f, [(kx - 4, ky - 6), (kx + 9, ky + 18), (kx + 3, ky + 30), (kx - 3, ky + 6)])
        p.poly(dark, [(kx - 1, ky - 4), (kx + 11, ky + 10), (kx + 13, ky + 24), (kx + 5, ky + 4)])
        p.circle(f, kx, ky - 3, 5)
        p.circle(dark, kx + 1, ky - 2, 2.2)


def _crown_lift(s: AvatarSpec) -> float:
    """How far the hair rises above the head (where a kippah sits)."""
    return {"short": 7, "long": 6, "curly": 12, "coily": 16, "bun": 3, "ponytail": 3, "braids": 3, "locs": 5,
            "buzz": 1, "bald": 0}.get(s.hair_style, 4)


def _facial_hair_mustache(p: _Pen, s: AvatarSpec, my: float) -> None:
    base, _, light = _hair_colors(s)
    stache = _bezier((CX - 12.5, my + 0.5), (CX - 7, my - 7.5), (CX, my - 5.8), 8) + \
        _bezier((CX, my - 5.8), (CX + 7, my - 7.5), (CX + 12.5, my + 0.5), 8)[1:] + \
        _bezier((CX + 12.5, my + 0.5), (CX + 5, my - 2.6), (CX, my - 2.4), 6)[1:] + \
        _bezier((CX, my - 2.4), (CX - 5, my - 2.6), (CX - 12.5, my + 0.5), 6)[1:]
    p.poly(base, stache)
    p.stroke(light, _bezier((CX - 9, my - 3), (CX - 5, my - 6.2), (CX - 1.5, my - 4.8), 6), 1.0)


# The parts of a bust no mood changes (what lies under the face, and the hair and headwear over it), kept
