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
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import pygame

Mood = Literal["warm", "neutral", "cool", "amused", "concerned", "surprised"]
MOODS: tuple[Mood, ...] = ("warm", "neutral", "cool", "amused", "concerned", "surprised")
Color = tuple[int, int, int]

# -- the `look` vocabulary (SCENARIO_FORMAT.md, "Faces: look and mood")
AGES = ("young", "adult", "older")
SKINS: tuple[Color, ...] = (  # 1 (lightest) to 6 (darkest)
    (252, 226, 206), (238, 198, 164), (216, 166, 124), (182, 128, 88), (136, 90, 60), (94, 60, 40),
)
HAIR_STYLES = ("short", "long", "curly", "coily", "bun", "ponytail", "braids", "locs", "buzz", "bald")
HAIR_COLORS: dict[str, Color] = {
    "black": (36, 32, 38), "brown": (96, 62, 40), "auburn": (134, 58, 38), "red": (184, 84, 44),
    "blonde": (220, 180, 110), "gray": (160, 160, 166), "white": (230, 228, 224),
}
FACIAL_HAIR = ("none", "stubble", "mustache", "beard")
HEADWEAR = ("none", "hijab", "turban", "kippah", "cap", "headscarf")
OUTFITS = ("suit", "blazer", "shirt", "sweater", "cardigan", "hoodie", "dress")
COLORS: dict[str, Color] = {
    "navy": (38, 56, 104), "teal": (24, 122, 126), "maroon": (122, 38, 56), "green": (56, 114, 72),
    "gray": (112, 118, 128), "black": (44, 44, 50), "mustard": (210, 160, 48), "plum": (106, 58, 114),
    "coral": (232, 116, 94), "white": (240, 240, 236),
}
LOOK_KEYS = ("age", "skin", "hair", "hair_color", "facial_hair", "glasses", "headwear", "outfit", "color")
# What a scenario may ask for, key by key (the contact sheet draws one row per key).
LOOK_VALUES: dict[str, tuple[object, ...]] = {
    "age": AGES, "skin": (1, 2, 3, 4, 5, 6), "hair": HAIR_STYLES, "hair_color": tuple(HAIR_COLORS),
    "facial_hair": FACIAL_HAIR, "glasses": (False, True), "headwear": HEADWEAR, "outfit": OUTFITS,
    "color": tuple(COLORS),
}
FACE_SHAPES = ("oval", "round", "square", "heart", "long")
# Shirts under a jacket or cardigan, ties, and scarves: chosen from the id.
SHIRTS: tuple[Color, ...] = ((250, 250, 252), (212, 228, 246), (246, 226, 228), (238, 234, 218))
ACCENTS: tuple[Color, ...] = (
    (176, 52, 62), (40, 96, 156), (214, 150, 52), (60, 130, 96), (120, 70, 140), (28, 128, 138), (200, 96, 120),
)
EYES: tuple[Color, ...] = ((58, 38, 28), (84, 54, 34), (40, 30, 26), (70, 90, 60), (64, 96, 128))
# Preset roles (recruiter_2) that dress their part when `look` names no outfit.
ROLE_OUTFIT = {
    "recruiter": "blazer", "manager": "blazer", "director": "suit", "speaker": "blazer", "host": "cardigan",
    "student": "hoodie", "peer": "sweater", "designer": "sweater", "engineer": "shirt", "analyst": "shirt",
    "professor": "cardigan", "founder": "shirt", "alumni": "sweater", "mentor": "cardigan",
}

SS = 3  # supersampling factor
SS_LARGE, LARGE = 2, 360  # above LARGE px tall, 2x is as smooth to the eye, at less than half the memory and time
W, H = 200, 240  # design canvas in units
CX, CY = 100.0, 96.0  # centre of the head


@dataclass(frozen=True)
class AvatarSpec:
    """Everything that makes one character look like themselves, every choice made (hashable: a cache key)."""

    age: str
    skin: Color
    hair_style: str
    hair: Color
    facial_hair: str
    glasses: bool
    headwear: str
    outfit: str
    clothes: Color
    shirt: Color
    accent: Color
    eyes: Color
    face_shape: str
    face_w: float  # half-width of the head in units
    face_h: float  # half-height of the head in units
    brow: float  # brow thickness in units

    @classmethod
    def for_id(cls, character_id: str, look: Any = None, role: str | None = None) -> AvatarSpec:
        """Same id and look, same person. `look` is a `Look` (or anything with its fields, or a dict).

        Every random pick is made whatever `look` says, in the same order, so naming one feature never
        changes another (naming `hair: bun` keeps the skin the id gave).
        """
        seed = int.from_bytes(hashlib.sha256(character_id.encode("utf-8")).digest()[:8], "big")
        rng = random.Random(seed)
        get = _getter(look)
        skin_pick = rng.randint(1, 6)
        picks = {
            "hair": rng.choice(HAIR_STYLES[:-1] + ("short", "long")),
            "hair_color": rng.choice(("black",) * 4 + ("brown",) * 4 + ("blonde", "blonde", "auburn", "red")),
            "outfit": rng.choice(OUTFITS), "color": rng.choice(tuple(COLORS)),
        }
        shirt, accent, eyes = rng.choice(SHIRTS), rng.choice(ACCENTS), rng.choice(EYES)
        shape = rng.choice(FACE_SHAPES)
        fw, fh, brow = rng.uniform(42.0, 45.0), rng.uniform(52.0, 55.0), rng.uniform(3.0, 4.2)
        age = _pick(get("age"), AGES, "adult")
        skin_n = get("skin")
        tone = skin_n if isinstance(skin_n, int) and 1 <= skin_n <= 6 else skin_pick
        skin = SKINS[tone - 1]
        if tone > 3:
            eyes = EYES[sum(eyes) % 3]  # green and blue eyes are rare with darker skin
        hair_style = _pick(get("hair"), HAIR_STYLES, str(picks["hair"]))
        hair_name = _pick(get("hair_color"), tuple(HAIR_COLORS), "gray" if age == "older" else str(picks["hair_color"]))
        outfit = _pick(get("outfit"), OUTFITS, ROLE_OUTFIT.get(role or "", str(picks["outfit"])))
        color = COLORS[_pick(get("color"), tuple(COLORS), str(picks["color"]))]
        if color == COLORS["white"] and shirt == SHIRTS[0]:
            shirt = SHIRTS[1]  # a white shirt under a white jacket would vanish
        if shape == "long":
            fh += 2.0
        elif shape == "round":
            fw += 1.5
            fh -= 1.5
        if age == "young":
            fh -= 1.0
        return cls(
            age=age, skin=skin, hair_style=hair_style, hair=HAIR_COLORS[hair_name],
            facial_hair=_pick(get("facial_hair"), FACIAL_HAIR, "none"), glasses=get("glasses") is True,
            headwear=_pick(get("headwear"), HEADWEAR, "none"), outfit=outfit, clothes=color, shirt=shirt,
            accent=accent if accent != color else ACCENTS[0], eyes=eyes, face_shape=shape, face_w=fw, face_h=fh,
            brow=brow,
        )


def _getter(look: Any) -> Callable[[str], Any]:
    if look is None:
        return lambda key: None
    if isinstance(look, dict):
        return look.get
    return lambda key: getattr(look, key, None)


def _pick(value: object, allowed: tuple[str, ...], default: str) -> str:
    return value if isinstance(value, str) and value in allowed else default


def look_key(look: Any) -> tuple[object, ...] | None:
    """A hashable stand-in for a `look` (cache keys): its values in LOOK_KEYS order, or None."""
    if look is None:
        return None
    get = _getter(look)
    values = tuple(get(k) for k in LOOK_KEYS)
    return None if all(v is None for v in values) else values


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


# ---------------------------------------------------------------- geometry
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


# ---------------------------------------------------------------- hair
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


# ---------------------------------------------------------------- body and clothes
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


# ---------------------------------------------------------------- the head
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
                q.poly((*_mix(base, s.skin, 0.25), 150), area)
                rng = random.Random(7)
                for _ in range(140):
                    x, y = CX + rng.uniform(-fw, fw), CY + rng.uniform(fh * 0.3, fh * 1.05)
                    q.circle((*dark, 150), x, y, 0.5)
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


# ---------------------------------------------------------------- the whole bust
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


def _facial_hair_mustache(p: _Pen, s: AvatarSpec, my: float) -> None:
    base, _, light = _hair_colors(s)
    stache = _bezier((CX - 12.5, my + 0.5), (CX - 7, my - 7.5), (CX, my - 5.8), 8) + \
        _bezier((CX, my - 5.8), (CX + 7, my - 7.5), (CX + 12.5, my + 0.5), 8)[1:] + \
        _bezier((CX + 12.5, my + 0.5), (CX + 5, my - 2.6), (CX, my - 2.4), 6)[1:] + \
        _bezier((CX, my - 2.4), (CX - 5, my - 2.6), (CX - 12.5, my + 0.5), 6)[1:]
    p.poly(base, stache)
    p.stroke(light, _bezier((CX - 9, my - 3), (CX - 5, my - 6.2), (CX - 1.5, my - 4.8), 6), 1.0)


def draw_avatar(spec: AvatarSpec, mood: str, height: int) -> pygame.Surface:
    """A transparent bust `height` pixels tall (width follows the 5:6 canvas)."""
    k = (SS if height <= LARGE else SS_LARGE) * height / H  # a 720 px bust: a 1200x1440 canvas, not 1800x2160
    big = pygame.Surface((round(W * k), round(H * k)), pygame.SRCALPHA)
    pen = _Pen(big, k)
    _hair_back(pen, spec)
    _body(pen, spec)
    _ears(pen, spec)
    _head(pen, spec)
    _features(pen, spec, mood)
    _hair_front(pen, spec)
    _glasses(pen, spec, spec.face_w * 0.41, CY + 1.0)
    _headwear(pen, spec)
    return pygame.transform.smoothscale(big, (max(1, round(W * height / H)), height))


def portrait_surface(character_id: str, look: Any, mood: str, height: int, role: str | None = None) -> pygame.Surface:
    """The whole API: who (their id seeds what `look` leaves out), their `look`, a mood, a height in pixels."""
    return draw_avatar(AvatarSpec.for_id(character_id, look, role), mood, height)
