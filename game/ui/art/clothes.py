"""The neck, the shoulders and the seven outfits."""

from __future__ import annotations

from game.ui.art.face import _face_pts
from game.ui.art.look import COLORS, CX, CY, SHIRTS, AvatarSpec, H
from game.ui.art.pen import Color, Pt, _bezier, _light, _mix, _Pen, _shade, _shadow

NECK_TOP, SHOULDER_Y = 0.45, 171.0


def _torso(s: AvatarSpec) -> list[Pt]:
    y0 = SHOULDER_Y
    left = _bezier((CX - 20, y0 - 3), (CX - 52, y0), (CX - 76, y0 + 22)) + \
        _bezier((CX - 76, y0 + 22), (CX - 86, y0 + 32), (CX - 88, H + 4))[1:]
    right = [(2 * CX - x, y) for x, y in left]
    return list(reversed(left)) + right


def _cloth_shading(p: _Pen, s: AvatarSpec, fabric: Color) -> None:
    """The far shoulder in shadow, the arms parted from the chest by a fold, a light on the near shoulder."""
    body = _torso(s)
    dark, light = _shadow(fabric), _light(fabric)

    def paint(q: _Pen) -> None:
        q.ellipse(dark, CX + 96, SHOULDER_Y + 60, 40, 80)
        q.ellipse((*light, 150), CX - 66, SHOULDER_Y + 16, 16, 7)
        for side in (-1, 1):
            q.stroke(dark, _bezier((CX + side * 58, SHOULDER_Y + 22), (CX + side * 62, SHOULDER_Y + 44),
                                   (CX + side * 60, H + 4)), 2.2)
    p.clip((CX - 92, SHOULDER_Y - 8, 184, H - SHOULDER_Y + 12), lambda q, c: q.poly(c, body), paint)


def _neck(p: _Pen, s: AvatarSpec) -> None:
    fw, fh = s.face_w, s.face_h
    nw = fw * 0.44
    top = CY + fh * NECK_TOP
    pts = [(CX - nw, top), (CX + nw, top), (CX + nw + 1, SHOULDER_Y - 2), (CX + nw + 10, SHOULDER_Y + 6),
           (CX - nw - 10, SHOULDER_Y + 6), (CX - nw - 1, SHOULDER_Y - 2)]
    p.poly(s.skin, pts)
    shade = _mix(_shadow(s.skin), s.skin, 0.25)
    # The jaw's shadow on the neck, and the far side of the neck in shade.
    p.clip((CX - nw - 12, top - 2, 2 * nw + 24, SHOULDER_Y - top + 12), lambda q, c: q.poly(c, pts), lambda q: (
        q.poly(shade, [(x, y + 6) for x, y in _face_pts(s)]), q.rect((*shade, 110), CX + nw * 0.62, top, nw, 80)))


def _body(p: _Pen, s: AvatarSpec) -> None:
    """Neck, shoulders and the outfit."""
    o, c = s.outfit, s.clothes
    y0 = SHOULDER_Y
    if o == "hoodie":  # the hood bunched behind the neck
        p.ellipse(_shadow(c), CX, y0 - 6, 40, 16)
    _neck(p, s)
    body = _torso(s)
    if o == "dress":  # bare shoulders and arms, a bodice with wide straps and a scoop neckline
        p.poly(s.skin, body)
        p.clip((CX - 92, y0 - 8, 184, H - y0 + 12), lambda q, col: q.poly(col, body),
               lambda q: q.ellipse(_shadow(s.skin), CX + 92, y0 + 60, 30, 80))
        bod = [(CX - 44, y0 - 1), (CX - 28, y0 - 3), (CX - 24, y0 + 10), (CX - 16, y0 + 24), (CX, y0 + 28),
               (CX + 16, y0 + 24), (CX + 24, y0 + 10), (CX + 28, y0 - 3), (CX + 44, y0 - 1), (CX + 56, y0 + 24),
               (CX + 58, H + 4), (CX - 58, H + 4), (CX - 56, y0 + 24)]
        p.poly(c, bod)
        p.clip((CX - 60, y0 - 6, 120, H - y0 + 10), lambda q, col: q.poly(col, bod), lambda q: (
            q.ellipse(_shadow(c), CX + 70, y0 + 50, 26, 70),
            q.stroke(_shadow(c), _bezier((CX - 24, y0 + 10), (CX, y0 + 40), (CX + 24, y0 + 10)), 2.0),
            q.ellipse((*_light(c), 160), CX - 38, y0 + 6, 6, 3)))
        p.stroke(_shadow(s.skin), [(CX - 14, y0 + 6), (CX - 5, y0 + 9)], 1.1)  # collarbones
        p.stroke(_shadow(s.skin), [(CX + 14, y0 + 6), (CX + 5, y0 + 9)], 1.1)
        return
    p.poly(c, body)
    _cloth_shading(p, s, c)
    dark, light = _shadow(c), _light(c)
    if o in ("suit", "blazer"):
        shirt = s.shirt
        p.poly(shirt, [(CX - 17, y0 - 4), (CX + 17, y0 - 4), (CX + 6, y0 + 50), (CX, y0 + 60), (CX - 6, y0 + 50)])
        if o == "suit":  # a tie and a closed collar
            p.poly(_shadow(shirt), [(CX - 13, y0 - 5), (CX, y0 + 4), (CX + 13, y0 - 5), (CX + 12, y0 + 2),
                                    (CX, y0 + 10), (CX - 12, y0 + 2)])
            p.poly(s.accent, [(CX - 4.5, y0 + 3), (CX + 4.5, y0 + 3), (CX + 3.5, y0 + 10), (CX - 3.5, y0 + 10)])
            p.poly(s.accent, [(CX - 3.5, y0 + 10), (CX + 3.5, y0 + 10), (CX + 7, y0 + 54), (CX, y0 + 62),
                              (CX - 7, y0 + 54)])
            p.poly(_shadow(s.accent), [(CX + 1, y0 + 12), (CX + 3.5, y0 + 10), (CX + 7, y0 + 54), (CX + 2, y0 + 60)])
        else:  # an open collar: the neck shows in a small V
            p.poly(s.skin, [(CX - 10, y0 - 5), (CX + 10, y0 - 5), (CX, y0 + 14)])
            p.poly(_shadow(s.skin), [(CX - 10, y0 - 5), (CX + 10, y0 - 5), (CX, y0 + 3)])
            for side in (-1, 1):
                p.poly(_shade(shirt, 0.93), [(CX + side * 10, y0 - 7), (CX + side * 2, y0 + 14),
                                            (CX + side * 14, y0 + 10), (CX + side * 18, y0 - 3)])
        lapel = _light(c) if o == "blazer" else _shade(c, 0.86)
        for side in (-1, 1):
            notch = [(CX + side * 18, y0 - 5), (CX + side * 7, y0 + 44), (CX + side * 1, y0 + 62),
                     (CX + side * 12, y0 + 60), (CX + side * 30, y0 + 22), (CX + side * 25, y0 + 14),
                     (CX + side * 30, y0 + 8)]
            p.poly(lapel, notch)
            p.stroke(dark, [(CX + side * 25, y0 + 14), (CX + side * 30, y0 + 22), (CX + side * 12, y0 + 60)], 1.2)
        p.circle(_shade(c, 0.7), CX + 1, y0 + 64, 2.4)
        if o == "suit":  # a pocket square
            p.poly(shirt, [(CX + 36, y0 + 40), (CX + 50, y0 + 39), (CX + 49, y0 + 34), (CX + 43, y0 + 37), (CX + 38, y0 + 33)])
            p.stroke(dark, [(CX + 34, y0 + 40), (CX + 52, y0 + 39)], 1.4)
    elif o == "shirt":
        p.poly(s.skin, [(CX - 11, y0 - 5), (CX + 11, y0 - 5), (CX, y0 + 16)])
        p.poly(_shadow(s.skin), [(CX - 11, y0 - 5), (CX + 11, y0 - 5), (CX, y0 + 4)])
        p.poly(_shade(c, 0.92), [(CX - 4, y0 + 14), (CX + 4, y0 + 14), (CX + 4, H + 4), (CX - 4, H + 4)])  # placket
        p.line(dark, (CX - 4, y0 + 16), (CX - 4, H + 2), 0.9)
        p.line(dark, (CX + 4, y0 + 16), (CX + 4, H + 2), 0.9)
        for side in (-1, 1):  # a pointed collar, standing up round the neck
            collar = [(CX + side * 12, y0 - 10), (CX + side * 2, y0 + 19), (CX + side * 24, y0 + 17),
                      (CX + side * 25, y0 - 2)]
            p.poly(light, collar)
            p.stroke(dark, collar[1:3], 1.1)
            p.stroke(dark, _bezier((CX + side * 25, y0 + 2), (CX + side * 44, y0 + 4), (CX + side * 64, y0 + 20)), 0.9)
        for i in range(3):
            p.circle(_shade(c, 0.6) if c != COLORS["black"] else (150, 150, 156), CX, y0 + 28 + i * 16, 1.7)
        p.rect(dark, CX - 42, y0 + 30, 18, 2, rad=1)  # a breast pocket
        p.line(dark, (CX - 42, y0 + 31), (CX - 42, y0 + 48), 0.9)
        p.line(dark, (CX - 24, y0 + 31), (CX - 24, y0 + 48), 0.9)
        p.line(dark, (CX - 42, y0 + 48), (CX - 24, y0 + 48), 0.9)
    elif o == "sweater":
        p.ellipse(_shadow(s.skin), CX, y0 - 3, 17, 8)
        for side in (-1, 1):  # a shirt collar peeking out
            p.poly(s.shirt, [(CX + side * 15, y0 - 5), (CX + side * 2, y0 + 8), (CX + side * 18, y0 + 6)])
        p.arc(dark, CX, y0 - 2, 22, 10, 3.35, 6.07, 5.0)
        p.arc(_shade(c, 0.88), CX, y0 - 2, 22, 10, 3.35, 6.07, 2.0)
        for side in (-1, 1):  # raglan seams
            p.stroke(dark, _bezier((CX + side * 22, y0 + 4), (CX + side * 40, y0 + 14), (CX + side * 58, y0 + 26)), 1.0)
        for i in range(-4, 5):  # ribbing at the hem of the picture
            p.line(dark, (CX + i * 6, H - 6), (CX + i * 6, H + 2), 0.8)
    elif o == "cardigan":
        top = s.shirt if s.shirt != c else SHIRTS[2]
        v = [(CX - 22, y0 - 4), (CX + 22, y0 - 4), (CX + 4, H + 4), (CX - 4, H + 4)]
        p.poly(top, v)
        p.ellipse(s.skin, CX, y0 - 4, 15, 8)
        p.arc(_shade(top, 0.85), CX, y0 - 3, 16, 8, 3.4, 6.0, 1.4)
        for side in (-1, 1):
            band = [(CX + side * 22, y0 - 5), (CX + side * 28, y0 - 4), (CX + side * 10, H + 4), (CX + side * 4, H + 4)]
            p.poly(_shade(c, 0.86), band)
        for i in range(3):
            p.circle(_light(c), CX + 9 - i * 1.5, y0 + 44 + i * 13, 1.8)
        for i in range(-4, 5):
            if abs(i) > 1:
                p.line(dark, (CX + i * 6, H - 6), (CX + i * 6, H + 2), 0.8)
    elif o == "hoodie":
        p.poly(dark, [(CX - 24, y0 - 6), (CX + 24, y0 - 6), (CX + 14, y0 + 14), (CX - 14, y0 + 14)])
        p.ellipse(_shadow(s.skin), CX, y0 - 5, 15, 6)
        p.poly(s.skin, [(CX - 13, y0 - 8), (CX + 13, y0 - 8), (CX, y0 + 6)])
        p.arc(light, CX, y0 - 4, 26, 17, 3.3, 6.12, 3.0)
        for side in (-1, 1):  # drawstrings with their tips
            p.stroke(_shade(s.shirt, 0.95), [(CX + side * 8, y0 + 8), (CX + side * 9, y0 + 36)], 1.6)
            p.rect(_shade(s.shirt, 0.8), CX + side * 9 - 1.3, y0 + 36, 2.6, 5, rad=1)
        p.stroke(dark, _bezier((CX - 34, H + 2), (CX, H - 30), (CX + 34, H + 2)), 1.4)  # the pocket's top
