"""The six moods: brows, eyes, nose and mouth, drawn over the head (with age lines and facial hair)."""

from __future__ import annotations

from dataclasses import dataclass

from game.ui.art.accessories import _facial_hair, _facial_hair_mustache
from game.ui.art.face import _covered
from game.ui.art.look import CX, CY, AvatarSpec, Color
from game.ui.art.pen import _bezier, _mix, _Pen, _shade, _shadow


@dataclass(frozen=True)
class _Expression:
    brow_raise: tuple[float, float]  # units up, viewer's left and right brow
    brow_tilt: tuple[float, float]  # >0: inner end up (worry), <0: inner end down (sternness)
    lid_top: float  # how open the upper lid is (1 = relaxed)
    lid_bottom: float  # how far the lower lid is down (small: the cheeks push it up in a smile)
    mouth: str
    blush: bool


EXPRESSIONS: dict[str, _Expression] = {
    "warm": _Expression((1.5, 1.5), (0.4, 0.4), 0.92, 0.32, "smile", True),
    "neutral": _Expression((0.0, 0.0), (0.0, 0.0), 1.0, 0.8, "rest", False),
    "cool": _Expression((-1.8, -1.8), (-2.2, -2.2), 0.6, 0.75, "flat", False),
    "amused": _Expression((3.8, 0.0), (-0.6, -0.3), 0.85, 0.5, "smirk", True),
    "concerned": _Expression((1.6, 1.6), (3.6, 3.6), 1.05, 0.9, "worried", False),
    "surprised": _Expression((5.5, 5.5), (1.0, 1.0), 1.45, 1.15, "open", False),
}


def _age_lines(p: _Pen, s: AvatarSpec, ex: float, ey: float, my: float) -> None:
    if s.age != "older":
        return
    fw, fh = s.face_w, s.face_h
    line = (*_mix(_shade(s.skin, 0.62), (90, 40, 40), 0.15), 210)
    p.arc(line, CX, CY - fh * 0.3, fw * 0.42, 5, 0.55, 2.6, 1.3)  # the forehead
    p.arc(line, CX, CY - fh * 0.39, fw * 0.36, 4, 0.7, 2.45, 1.2)
    for side in (-1, 1):
        x = CX + side * ex
        for d in (-2.5, 0.5):  # crow's feet
            p.line(line, (x + side * 8.5, ey + d * 0.6), (x + side * 12.5, ey + d * 1.5), 1.1)
        p.arc(line, x, ey + 5.8, 4.8, 1.8, 3.5, 5.9, 1.1)  # under the eyes
        p.stroke(line, _bezier((CX + side * 8, CY + fh * 0.36), (CX + side * 14, CY + fh * 0.5),
                               (CX + side * 13, my + 3)), 1.4)  # nose to mouth


def _eye(p: _Pen, s: AvatarSpec, x: float, y: float, top: float, bottom: float, big: float, side: int) -> None:
    w = 6.3 * big
    a, b = (x - w, y + 0.4), (x + w, y - 0.2 * side)
    upper = _bezier(a, (x - 0.6 * side, y - 9.0 * top * big), b, 12)
    lower = _bezier(b, (x + 0.4 * side, y + 7.0 * bottom * big), a, 12)
    white = (248, 246, 242)
    shape = upper + lower[1:]
    r = 3.7 * big

    def paint(q: _Pen) -> None:
        q.poly(white, shape)
        q.circle(s.eyes, x + 0.3, y + 0.2, r)
        q.circle((22, 18, 20), x + 0.3, y + 0.2, r * 0.5)
        q.circle((255, 255, 255), x - 1.0, y - 1.3, r * 0.3)
        q.poly((*_shadow(s.skin), 70), upper + [(x + w, y - 1.5), (x - w, y - 1.5)])  # the lid's shadow
    p.clip((x - w - 2, y - 10, 2 * w + 4, 20), lambda q, c: q.poly(c, shape), paint)
    lash = (34, 24, 26)
    p.stroke(lash, upper, 1.7)
    p.line(lash, b if side > 0 else a, ((b if side > 0 else a)[0] + side * 1.8, (b if side > 0 else a)[1] - 1.4), 1.3)
    if bottom < 0.5:  # a smile lifts the lower lid
        p.stroke((*_shade(s.skin, 0.75), 190), _bezier((x - w * 0.7, y + 4.2), (x, y + 6.8), (x + w * 0.7, y + 4.2)), 1.0)


def _brows(p: _Pen, s: AvatarSpec, ex: float, ey: float, e: _Expression) -> None:
    col = _shade(s.hair, 0.62) if sum(s.hair) < 600 else _shade(s.hair, 0.72)
    if s.hair_style in ("bald", "buzz") or _covered(s):
        col = _mix(col, (70, 60, 60), 0.3)
    for i, side in enumerate((-1, 1)):
        up, tilt = e.brow_raise[i], e.brow_tilt[i]
        y = ey - 10.5 - up
        inner = (CX + side * (ex - 7.5), y + 1.0 - tilt)
        outer = (CX + side * (ex + 8.5), y + 1.8 + tilt * 0.35)
        mid = (CX + side * (ex + 1.0), y - 2.2 - (1.0 if up > 3 else 0) - tilt * 0.3)
        center = _bezier(inner, mid, outer, 10)
        t = s.brow
        top = [(px, py - t * (1.0 - 0.55 * i / 10) / 2) for i, (px, py) in enumerate(center)]
        bot = [(px, py + t * (1.0 - 0.55 * i / 10) / 2) for i, (px, py) in enumerate(center)]
        p.poly(col, top + list(reversed(bot)))
        p.circle(col, *inner, t / 2)


def _nose(p: _Pen, s: AvatarSpec) -> None:
    fh = s.face_h
    y = CY + fh * 0.36
    shade = _shade(s.skin, 0.78)
    p.stroke((*shade, 190), _bezier((CX + 2.5, CY + 4), (CX + 5.5, y - 6), (CX + 3.5, y + 0.5)), 1.5)
    p.ellipse((*shade, 80), CX + 0.5, y + 1.6, 5.8, 2.2)
    p.ellipse((*_shade(s.skin, 0.62), 150), CX - 3.0, y + 1.6, 1.5, 0.9)
    p.ellipse((*_shade(s.skin, 0.62), 150), CX + 3.0, y + 1.6, 1.5, 0.9)


def _lip_colors(s: AvatarSpec) -> tuple[Color, Color]:
    lip = _mix(_shade(s.skin, 0.8), (176, 78, 84), 0.38)
    return lip, _mix(_shade(s.skin, 0.45), (60, 20, 30), 0.3)


def _mouth(p: _Pen, s: AvatarSpec, my: float, kind: str) -> None:
    lip, line = _lip_colors(s)
    inside, teeth = (96, 34, 44), (250, 248, 244)
    if kind == "smile":
        top = _bezier((CX - 12, my - 2), (CX, my + 1.5), (CX + 12, my - 2), 12)
        bot = _bezier((CX + 12, my - 2), (CX, my + 15), (CX - 12, my - 2), 12)
        shape = top + bot[1:]
        p.clip((CX - 14, my - 5, 28, 16), lambda q, c: q.poly(c, shape), lambda q: (
            q.poly(inside, shape), q.rect(teeth, CX - 12, my - 4, 24, 5.2),
            q.ellipse((200, 96, 104), CX, my + 8.5, 6.5, 3)))
        p.stroke(line, top, 1.3)
        p.stroke(lip, bot, 1.6)
        for side in (-1, 1):
            p.arc(line, CX + side * 13.5, my - 2.5, 1.8, 2.2, 3.8 if side > 0 else -0.7, 5.4 if side > 0 else 0.9, 1.0, 4)
    elif kind == "rest":
        p.stroke(line, _bezier((CX - 8.5, my), (CX, my + 2.2), (CX + 8.5, my)), 1.7)
        p.stroke((*lip, 200), _bezier((CX - 5, my + 3.6), (CX, my + 5.6), (CX + 5, my + 3.6)), 2.0)
    elif kind == "flat":
        p.stroke(line, [(CX - 8, my + 1.2), (CX - 3, my + 0.4), (CX + 3, my + 0.4), (CX + 8, my + 1.2)], 1.8)
        p.stroke((*lip, 170), [(CX - 4, my + 3.6), (CX + 4, my + 3.6)], 1.6)
    elif kind == "smirk":
        pts = _bezier((CX - 8, my + 0.8), (CX + 3, my + 4), (CX + 11, my - 3.2))
        p.stroke(line, pts, 1.8)
        p.stroke((*lip, 190), _bezier((CX - 3, my + 4), (CX + 2, my + 5.5), (CX + 6, my + 3.2)), 1.8)
        p.arc(line, CX + 12.5, my - 2.2, 1.6, 2.4, 3.9, 5.3, 1.0, 4)  # the dimple at the raised corner
    elif kind == "worried":
        p.stroke(line, _bezier((CX - 8, my + 2.4), (CX, my - 2.4), (CX + 8, my + 2.4)), 1.8)
        p.stroke((*lip, 190), _bezier((CX - 4, my + 3.4), (CX, my + 4.4), (CX + 4, my + 3.4)), 1.8)
    else:  # open: a small "oh"
        p.ellipse(line, CX, my + 2, 5.6, 7.0)
        p.ellipse(inside, CX, my + 2, 4.5, 5.9)
        p.clip((CX - 5, my - 5, 10, 14), lambda q, c: q.ellipse(c, CX, my + 2, 4.5, 5.9),
               lambda q: q.rect(teeth, CX - 5, my - 4.5, 10, 2.8))


def _features(p: _Pen, s: AvatarSpec, mood: str) -> None:
    fw, fh = s.face_w, s.face_h
    e = EXPRESSIONS.get(mood, EXPRESSIONS["neutral"])
    big = 1.08 if s.age == "young" else 1.0
    ex, ey, my = fw * 0.41, CY + 1.0, CY + fh * 0.6
    _age_lines(p, s, ex, ey, my)
    if e.blush and s.facial_hair not in ("beard", "stubble"):
        for side in (-1, 1):
            p.ellipse((*_mix(s.skin, (214, 72, 86), 0.45), 90), CX + side * fw * 0.55, CY + fh * 0.28, 7.5, 4.2)
    _facial_hair(p, s, my)
    _nose(p, s)
    _mouth(p, s, my, e.mouth)
    if s.facial_hair in ("beard", "mustache"):
        _facial_hair_mustache(p, s, my)
    for side in (-1, 1):
        top = e.lid_top * (0.82 if mood == "amused" and side > 0 else 1.0)
        _eye(p, s, CX + side * ex, ey, top, e.lid_bottom, big, side)
    _brows(p, s, ex, ey, e)
    if mood == "concerned":  # the worry between the brows
        p.stroke((*_shade(s.skin, 0.74), 150), _bezier((CX - 3, ey - 14), (CX, ey - 15), (CX + 3, ey - 14)), 0.9)
