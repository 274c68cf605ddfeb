"""Hair: what falls behind the head and shoulders, and the mass over the crown with its highlight."""

from __future__ import annotations

import math

from game.ui.art.face import _covered, _face_shape, _head_box
from game.ui.art.look import CX, CY, AvatarSpec, Color
from game.ui.art.pen import _bezier, _light, _Pen, _shadow


def _hair_colors(s: AvatarSpec) -> tuple[Color, Color, Color]:
    return s.hair, _shadow(s.hair), _light(s.hair)


def _hair_back(p: _Pen, s: AvatarSpec) -> None:
    """Hair that falls behind the head and shoulders."""
    if _covered(s):
        return
    fw, fh = s.face_w, s.face_h
    base, dark, light = _hair_colors(s)
    style = s.hair_style
    if style == "long":
        p.poly(dark, [(CX - fw - 9, CY - fh * 0.3), (CX + fw + 9, CY - fh * 0.3), (CX + fw + 16, CY + fh * 1.55),
                      (CX + fw - 4, CY + fh * 1.75), (CX - fw + 4, CY + fh * 1.75), (CX - fw - 16, CY + fh * 1.55)])
        p.ellipse(dark, CX, CY - fh * 0.2, fw + 10, fh + 6)
    elif style == "curly":
        p.ellipse(dark, CX, CY - fh * 0.1, fw + 9, fh + 4)
        for i in range(13):
            a = math.pi * (-0.2 + 1.4 * i / 12)
            p.circle(dark, CX + (fw + 8) * math.cos(a), CY - 2 - (fh + 2) * math.sin(a), 10)
        for side in (-1, 1):
            for j in range(3):
                p.circle(dark, CX + side * (fw + 5 - j * 3), CY + 12 + j * 12, 9 - j)
    elif style == "coily":
        p.ellipse(dark, CX, CY - fh * 0.32, fw + 22, fh + 12)
    elif style == "bun":
        p.circle(dark, CX, CY - fh - 8, 17)
        p.circle(base, CX, CY - fh - 9, 15)
        p.arc(light, CX - 2, CY - fh - 10, 9, 9, 1.8, 2.9, 3)
    elif style == "ponytail":
        p.poly(dark, [(CX + fw * 0.45, CY - fh * 0.55), (CX + fw + 14, CY + fh * 0.5), (CX + fw + 10, CY + fh * 1.55),
                      (CX + fw - 2, CY + fh * 1.6), (CX + fw - 6, CY + fh * 0.6)])
    elif style in ("braids", "locs"):
        thick = 6.0 if style == "braids" else 8.0
        p.ellipse(dark, CX, CY - fh * 0.2, fw + 9, fh + 6)
        for side in (-1, 1):
            for j in range(4):
                x = CX + side * (fw - 14 + j * (thick + 0.5))
                p.rect(dark, x - thick / 2, CY - fh * 0.1, thick, fh * 1.75 - j * 3, rad=thick / 2)


def _hair_front(p: _Pen, s: AvatarSpec) -> None:
    """Hair over the crown, framing the face: a mass, its cut-out, a shadow on the skin and a highlight."""
    if _covered(s):
        return
    fw, fh = s.face_w, s.face_h
    base, dark, light = _hair_colors(s)
    style = s.hair_style
    clear = (0, 0, 0, 0)
    if style == "bald":
        p.clip(_head_box(s), _face_shape(s), lambda q: q.ellipse((255, 255, 255, 60), CX - fw * 0.35, CY - fh * 0.72,
                                                                 fw * 0.3, fh * 0.14))
        if s.age == "older":  # a horseshoe of hair above the ears
            for side in (-1, 1):
                p.poly(base, [(CX + side * (fw + 1), CY - fh * 0.35), (CX + side * (fw - 7), CY - fh * 0.4),
                              (CX + side * (fw - 4), CY + fh * 0.02), (CX + side * (fw + 1.5), CY + fh * 0.05)])
        return
    if style == "buzz":
        p.clip(_head_box(s), _face_shape(s), lambda q: (
            q.ellipse((*base, 215), CX, CY - fh * 0.1, fw + 6, fh * 0.8),
            q.ellipse(clear, CX, CY + fh * 0.4, fw * 0.96, fh * 1.0),
            q.rect(clear, CX - fw - 9, CY - fh * 0.05, 2 * fw + 18, fh * 2),
        ))
        return
    box = (CX - fw - 26, CY - fh - 26, 2 * fw + 52, 2 * fh + 20)
    q = p.layer(*box)
    # The mass over the crown, with the volume of the style.
    lift = {"short": 7, "long": 6, "curly": 7, "coily": 14, "bun": 3, "ponytail": 3, "braids": 3, "locs": 5}[style]
    wide = {"short": 4, "long": 7, "curly": 7, "coily": 20, "bun": 3, "ponytail": 3, "braids": 4, "locs": 6}[style]
    if style == "coily":
        q.ellipse(dark, CX, CY - fh * 0.32, fw + wide + 1.2, fh + lift - 2.8)
        q.ellipse(base, CX, CY - fh * 0.32, fw + wide, fh + lift - 4)
    elif style == "curly":
        q.ellipse(base, CX, CY - fh * 0.3, fw + 6, fh * 0.8 + 6)
        for i in range(11):
            a = math.pi * (0.0 + 1.0 * i / 10)
            q.circle(base, CX + (fw + 3) * math.cos(a), CY - fh * 0.3 - (fh * 0.8 + 2) * math.sin(a), 8)
    else:
        q.ellipse(dark, CX, CY - fh * 0.28, fw + wide + 1.2, fh * 0.8 + lift + 1.2)
        q.ellipse(base, CX, CY - fh * 0.28, fw + wide, fh * 0.8 + lift)
    # The face under the hairline: each style parts it its own way.
    if style == "short":
        q.ellipse(clear, CX + 1, CY + fh * 0.28, fw * 0.97, fh * 0.8)
        # a side part, the fringe swept across to the far temple
        q.poly(base, _bezier((CX - fw * 0.32, CY - fh * 0.72), (CX + fw * 0.2, CY - fh * 0.42),
                             (CX + fw * 0.98, CY - fh * 0.3)) + [(CX + fw, CY - fh * 0.8)])
        q.stroke(dark, _bezier((CX - fw * 0.32, CY - fh * 0.74), (CX - fw * 0.2, CY - fh * 0.9),
                               (CX - fw * 0.05, CY - fh * 1.02)), 1.4)
    elif style in ("long", "curly"):
        q.ellipse(clear, CX + fw * 0.12, CY + fh * 0.32, fw * 0.98, fh * 0.88)
    elif style == "coily":
        q.ellipse(clear, CX, CY + fh * 0.36, fw * 0.98, fh * 0.9)
    elif style == "locs":
        q.ellipse(clear, CX, CY + fh * 0.3, fw * 0.98, fh * 0.86)
    else:  # pulled back: bun, ponytail, braids
        q.ellipse(clear, CX, CY + fh * 0.4, fw * 1.0, fh * 0.94)
    if style not in ("long", "curly", "locs", "braids"):
        q.rect(clear, CX - fw - 30, CY - fh * (0.12 if style == "short" else 0.02), 2 * fw + 60, fh * 2)
    else:
        q.rect(clear, CX - fw * 0.92, CY - fh * 0.02, 2 * fw * 0.92, fh * 2)
    if style == "curly":  # curls that frame the face down to the jaw
        for side in (-1, 1):
            for j in range(4):
                q.circle(base, CX + side * (fw + 1 - j * 1.5), CY - fh * 0.2 + j * 11, 8.5 - j * 0.5)
    elif style == "long":  # side locks that frame the face down to the jaw
        for side in (-1, 1):
            q.poly(base, [(CX + side * (fw + wide), CY - fh * 0.3), (CX + side * (fw - 9), CY - fh * 0.32),
                          (CX + side * (fw - 4), CY + fh * 0.35), (CX + side * (fw + 2), CY + fh * 0.9),
                          (CX + side * (fw + wide + 5), CY + fh * 1.0)])
    elif style in ("braids", "locs"):
        thick = 6.0 if style == "braids" else 8.0
        for side in (-1, 1):
            for j in range(2):
                x = CX + side * (fw - 1 + j * (thick + 0.5))
                q.rect(base, x - thick / 2, CY - fh * 0.35, thick, fh * 1.55 - j * 4, rad=thick / 2)
                step = 6.0 if style == "braids" else 11.0
                y = CY - fh * 0.2
                while y < CY + fh * 1.1 - j * 4:
                    q.line(dark, (x - thick / 2 + 1, y), (x + thick / 2 - 1, y + (2.5 if style == "braids" else 0)), 1.2)
                    y += step
    # A highlight across the crown: the light comes from the upper left.
    hl = q.twin()
    hl.arc(light, CX - 3, CY - fh * 0.28, fw * 0.78, fh * 0.68 + lift * 0.7, 1.75, 2.6, 4.5)
    hl.arc(light, CX + 2, CY - fh * 0.28, fw * 0.7, fh * 0.64 + lift * 0.7, 1.25, 1.55, 3.0)
    if style in ("coily", "curly"):
        for i in range(16):
            a = math.pi * (0.1 + 0.8 * (i % 8) / 7)
            r = 0.55 if i < 8 else 0.8
            hl.circle(dark, CX + (fw + wide * 0.5) * r * math.cos(a), CY - fh * 0.35 - (fh * 0.8) * r * math.sin(a), 2.2)
    q.inside(hl)  # the highlight keeps to the hair
    p.stamp(q)
