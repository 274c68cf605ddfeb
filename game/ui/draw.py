"""Drawing primitives shared by the screens: cards, shadows, chips, bars.

Kept apart from the widgets so a scene can draw a card without knowing about
input, and so every card in the game has the same radius and shadow.
"""

from __future__ import annotations

import pygame

from game.ui.text import SurfaceCache, TextRenderer, surface_bytes
from game.ui.theme import Color, Theme

SHADOW_RGBA = (20, 28, 52, 70)
SHADOW_BUDGET = 8 * 2**20  # bytes of blurred templates and their stretched edges

# A card's shadow is a nine-slice of one small blurred template: corners as they are, the edges stretched,
# the middle (under the card) left out. `_shadows` holds the templates by (template width, template height,
# radius, blur); a template is as small as the blur allows along an axis the card is long enough to
# stretch, else exactly the card's length there, so a new key means one gaussian blur, and only a new
# radius or blur (or a new short side, for thin cards) makes one.
_shadows: SurfaceCache = SurfaceCache(SHADOW_BUDGET)
_strips: dict[tuple[object, ...], pygame.Surface] = {}  # a template's edge, stretched; (key, axis, offset)
_STRIP_STEP = 256  # stretched edges grow in these steps, so a new card length rarely makes a new one


def _blur(w: int, h: int, radius: int, blur: int) -> pygame.Surface:
    """The soft shadow of a w x h card, gaussian-blurred (the template the nine-slice is cut from)."""
    surf = pygame.Surface((w + 4 * blur, h + 4 * blur), pygame.SRCALPHA)
    pygame.draw.rect(surf, SHADOW_RGBA, (2 * blur, 2 * blur, w, h), border_radius=radius)
    return pygame.transform.gaussian_blur(surf, blur)


def _template(w: int, h: int, radius: int, blur: int) -> tuple[tuple[int, int, int, int], pygame.Surface]:
    """The blurred template for a w x h card: its key in `_shadows`, and the surface."""
    stretch = 2 * (radius + 2 * blur) + 1  # past this, a middle row/column is the same all along the edge
    key = (min(w, stretch), min(h, stretch), radius, blur)
    surf = _shadows.hit(key)
    if surf is None:
        surf = _shadows[key] = _blur(key[0], key[1], radius, blur)
        _trim()
    return key, surf


def _trim() -> None:
    """Keep templates and their stretched edges within SHADOW_BUDGET, letting the least recently used go."""
    for k in [k for k in _strips if k[0] not in _shadows]:  # edges of templates let go (or cleared)
        del _strips[k]
    used = _shadows.nbytes + sum(surface_bytes(s) for s in _strips.values())
    for key in list(_shadows)[:-1]:  # never the template being drawn
        if used <= SHADOW_BUDGET:
            break
        used -= surface_bytes(_shadows.pop(key))  # type: ignore[arg-type]
        for k in [k for k in _strips if k[0] == key]:
            used -= surface_bytes(_strips.pop(k))


def _axis(t: int, n: int, stretched: bool) -> list[tuple[int, int, int, int, bool]]:
    """How a template of length t maps onto a shadow of length n along one axis.

    Each piece is (source start, source length, destination start, destination length, stretched).
    """
    if not stretched:
        return [(0, t, 0, t, False)]
    k = (t - 1) // 2
    return [(0, k, 0, k, False), (k, 1, k, n - 2 * k, True), (t - k, k, n - k, k, False)]


def _strip(key: tuple[int, int, int, int], tmpl: pygame.Surface, horizontal: bool, src: int, length: int,
           across: int, at: int) -> pygame.Surface:
    """One edge of the template (its middle column or row), stretched to at least `length`."""
    sk = (key, horizontal, src, at)
    strip = _strips.get(sk)
    if strip is None or (strip.get_width() if horizontal else strip.get_height()) < length:
        long = -(-length // _STRIP_STEP) * _STRIP_STEP
        if horizontal:
            strip = pygame.transform.scale(tmpl.subsurface((src, at, 1, across)), (long, across))
        else:
            strip = pygame.transform.scale(tmpl.subsurface((at, src, across, 1)), (across, long))
        _strips[sk] = strip
        _trim()
    return strip


def _blit_shadow(target: pygame.Surface, x: int, y: int, w: int, h: int, radius: int, blur: int,
                 middle: bool = False) -> None:
    """Blit the shadow of a w x h card with its top-left at (x, y) (the shadow's own corner, not the card's).

    The middle piece lies wholly inside the card's straight sides, away from its rounded corners, so the
    card drawn on top covers it; it is drawn only with `middle` (a whole shadow on a blank surface).
    """
    key, tmpl = _template(w, h, radius, blur)
    tw, th = tmpl.get_size()
    W, H = w + 4 * blur, h + 4 * blur
    cols = _axis(tw, W, key[0] != w)
    rows = _axis(th, H, key[1] != h)
    for sx, sw, dx, dw, xs in cols:
        for sy, sh, dy, dh, ys in rows:
            if dw <= 0 or dh <= 0:
                continue
            if xs and ys:
                if middle:  # only onto a blank surface (`_shadow`): fill writes, it does not blend
                    target.fill(tmpl.get_at((sx, sy)), (x + dx, y + dy, dw, dh))
            elif xs:
                target.blit(_strip(key, tmpl, True, sx, dw, sh, sy), (x + dx, y + dy), (0, 0, dw, dh))
            elif ys:
                target.blit(_strip(key, tmpl, False, sy, dh, sw, sx), (x + dx, y + dy), (0, 0, dw, dh))
            else:
                target.blit(tmpl, (x + dx, y + dy), (sx, sy, sw, sh))


def _shadow(w: int, h: int, radius: int, blur: int) -> pygame.Surface:
    """The whole shadow of a w x h card as one surface (what `card` blits piece by piece)."""
    out = pygame.Surface((w + 4 * blur, h + 4 * blur), pygame.SRCALPHA)
    _blit_shadow(out, 0, 0, w, h, radius, blur, middle=True)
    return out


def card(target: pygame.Surface, rect: pygame.Rect, theme: Theme, color: Color | None = None,
         shadow: bool = True, border: Color | None = None, radius: int | None = None) -> None:
    """A rounded surface panel; high contrast swaps the shadow for a solid border."""
    pal = theme.palette
    radius = theme.radius if radius is None else radius
    if shadow and pal is not None and pal.border_width == 1 and rect.w > 0 and rect.h > 0:
        blur = theme.space(1)
        # The card is drawn over the shadow's middle with pygame.draw, which writes its colour (alpha and
        # all) rather than blending, so what lies under it never shows, whatever the colour's alpha.
        _blit_shadow(target, rect.x - 2 * blur, rect.y - 2 * blur + blur // 2, rect.w, rect.h, radius, blur)
    pygame.draw.rect(target, color or pal.surface, rect, border_radius=radius)
    edge = border or (pal.line if pal.border_width > 1 else None)
    if edge is not None:
        pygame.draw.rect(target, edge, rect, width=pal.border_width, border_radius=radius)


def scrim(target: pygame.Surface, theme: Theme, rect: pygame.Rect | None = None,
          rgba: tuple[int, int, int, int] | None = None) -> None:
    """Darken what is behind a card so text on top stays readable."""
    rect = rect or target.get_rect()
    r, g, b, a = rgba or theme.palette.scrim
    if not target.get_flags() & pygame.SRCALPHA:
        # Blend in place, dst * (1 - a) + colour * a, as two fills: no window-sized layer to allocate and
        # fill every frame (within 2 levels of blitting one; a target with its own alpha takes the blit).
        keep = 255 - a
        target.fill((keep, keep, keep), rect, special_flags=pygame.BLEND_RGB_MULT)
        target.fill(((r * a + 127) // 255, (g * a + 127) // 255, (b * a + 127) // 255), rect,
                    special_flags=pygame.BLEND_RGB_ADD)
        return
    layer = pygame.Surface(rect.size, pygame.SRCALPHA)
    layer.fill((r, g, b, a))
    target.blit(layer, rect.topleft)


def chip(target: pygame.Surface, text: TextRenderer, label: str, x: int, y: int, max_w: int,
         fg: Color, bg: Color, role: str = "caption", elsewhere: bool = False) -> pygame.Rect:
    """A small rounded label (difficulty, principle); returns its rectangle. A label too long for `max_w`
    ends in an ellipsis, reported as a cut (`elsewhere`: its full text is one action away)."""
    th = text.theme
    pad_x, pad_y = th.space(1), th.space(0.4)
    label = text.ellipsize(label, max(10, max_w - 2 * pad_x), role, "bold", elsewhere)
    surf = text.surface(label, "bold", th.px(role), fg)
    rect = pygame.Rect(x, y, min(max_w, surf.get_width() + 2 * pad_x), surf.get_height() + 2 * pad_y)
    pygame.draw.rect(target, bg, rect, border_radius=rect.h // 2)
    text.blit(target, surf, label, rect.inflate(-2 * pad_x + 2, -2 * pad_y + 2), "center", "middle")
    return rect


def chip_size(text: TextRenderer, label: str, role: str = "caption") -> tuple[int, int]:
    th = text.theme
    w, h = text.theme.fonts.get("bold", th.px(role)).size(label)
    return w + 2 * th.space(1), h + 2 * th.space(0.4)


def bar(target: pygame.Surface, rect: pygame.Rect, fraction: float, fg: Color, bg: Color) -> None:
    """A rounded progress bar (timer, grade)."""
    pygame.draw.rect(target, bg, rect, border_radius=rect.h // 2)
    f = max(0.0, min(1.0, fraction))
    if f > 0:
        filled = pygame.Rect(rect.x, rect.y, max(rect.h, round(rect.w * f)), rect.h)
        pygame.draw.rect(target, fg, filled, border_radius=rect.h // 2)


def mix(a: Color, b: Color, t: float) -> Color:
    """Blend two colours (t=0: a, t=1: b); used for tints instead of extra palette entries."""
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t), round(a[2] + (b[2] - a[2]) * t))


def signed(v: int) -> str:
    """+2, −3 (a real minus sign), 0: how every score change is written."""
    return f"+{v}" if v > 0 else f"\u2212{-v}" if v < 0 else "0"


FADE_BUDGET = 2 * 2**20  # bytes of fade layers kept (a screen shows two; the rest are other window sizes)
_fades: SurfaceCache = SurfaceCache(FADE_BUDGET)


def fade(target: pygame.Surface, rect: pygame.Rect, color: Color, up: bool = False) -> None:
    """A soft edge over scrolled content, hinting that more is below (or above, with `up`)."""
    key = (rect.w, rect.h, tuple(color), up)
    layer = _fades.hit(key)
    if layer is None:
        layer = pygame.Surface(rect.size, pygame.SRCALPHA)
        h = max(1, rect.h)
        for y in range(rect.h):
            a = round(255 * ((h - 1 - y) / h if up else y / h))
            pygame.draw.line(layer, (*color, a), (0, y), (rect.w, y))
        _fades[key] = layer
        _fades.trim(max(FADE_BUDGET, 2 * surface_bytes(layer)))  # always room for a screen's pair
    target.blit(layer, rect.topleft)
