"""Text: cached, natively wrapped rendering that records where every line landed.

Rendering text is the most expensive thing a frame does, so every surface is
cached by (text, weight, size, colour, width, align) and a frame that shows
the same words again renders nothing. Each draw also records the text's
rectangle next to the box it was meant for, which is how the tests prove
that no screen overflows at any window size.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Literal

import pygame

from game.ui.theme import Color, Theme, Weight

Align = Literal["left", "center", "right"]
VAlign = Literal["top", "middle", "bottom"]
_ALIGN = {"left": pygame.FONT_LEFT, "center": pygame.FONT_CENTER, "right": pygame.FONT_RIGHT}
MIN_PX = 11  # below this, text stops being readable; it is clipped instead


def surface_bytes(surf: pygame.Surface) -> int:
    """The bytes a surface's pixels take (pitch x height): what the caches count against their budgets."""
    return surf.get_pitch() * surf.get_height()


class SurfaceCache(OrderedDict):  # type: ignore[type-arg]
    """A least-recently-used cache of surfaces, bounded by the bytes of their pixels rather than a count.

    It is a plain OrderedDict to read (keys, values, `del cache[key]`), and keeps `nbytes` right through
    every way in or out. `trim` lets the oldest go until the cache is within `budget`, but never the
    newest entry (the one just drawn) nor a key in `pinned` (what must stay, such as the pictures
    painted ahead for the scenario being played).
    """

    def __init__(self, budget: int) -> None:
        super().__init__()
        self.budget = budget
        self.nbytes = 0
        self.pinned: set[object] = set()

    def __setitem__(self, key: object, surf: pygame.Surface) -> None:
        old = super().get(key)
        if old is not None:
            self.nbytes -= surface_bytes(old)
        super().__setitem__(key, surf)
        self.nbytes += surface_bytes(surf)

    def __delitem__(self, key: object) -> None:
        self.nbytes -= surface_bytes(super().__getitem__(key))
        super().__delitem__(key)

    def pop(self, key: object, *default: object) -> object:  # type: ignore[override]
        if key in self:
            surf = super().__getitem__(key)
            del self[key]
            return surf
        if default:
            return default[0]
        raise KeyError(key)

    def popitem(self, last: bool = True) -> tuple[object, pygame.Surface]:
        key, surf = super().popitem(last)
        self.nbytes -= surface_bytes(surf)
        return key, surf

    def clear(self) -> None:
        super().clear()
        self.nbytes = 0

    def hit(self, key: object) -> pygame.Surface | None:
        """The cached surface, marked as just used; None when it is not cached."""
        surf = super().get(key)
        if surf is not None:
            self.move_to_end(key)
        return surf

    def trim(self, budget: int | None = None) -> None:
        """Forget the least recently used surfaces until the pixels fit `budget` (default: `self.budget`)."""
        budget = self.budget if budget is None else budget
        if self.nbytes <= budget:
            return
        for key in list(self)[:-1]:
            if key not in self.pinned:
                del self[key]
                if self.nbytes <= budget:
                    return


TEXT_BUDGET = 16 * 2**20  # bytes of rendered text kept (at least; a large window gets WINDOWS_OF_TEXT screens)
WINDOWS_OF_TEXT = 2  # a frame's text covers less than the window; keep twice that, so a frame never re-renders


@dataclass(frozen=True)
class TextRecord:
    """Where one piece of text was drawn, and the box it had to stay inside."""

    text: str
    rect: pygame.Rect
    box: pygame.Rect

    @property
    def overflows(self) -> bool:
        return not self.box.contains(self.rect)


@dataclass(frozen=True)
class Truncation:
    """Text that was not shown whole: cut with an ellipsis, cut to fewer lines, or clipped by its box.

    `elsewhere` is True where the caller vouched that the full text is one action away (a list card whose
    briefing shows the summary in full); every other cut is content a player loses, and tests fail on it.
    """

    text: str
    shown: str
    how: Literal["ellipsis", "lines", "clipped"]
    elsewhere: bool = False


class TextRenderer:
    """Owns the text cache and the per-frame record of drawn text.

    `budget` is the bytes of cached surfaces (pitch x height) kept (the cache's own budget), raised for
    a large window to WINDOWS_OF_TEXT window-sizes.
    """

    def __init__(self, theme: Theme, budget: int = TEXT_BUDGET) -> None:
        self.theme = theme
        self.renders = 0  # surfaces actually rendered (a steady frame adds none)
        self.records: list[TextRecord] = []
        # Every cut text, in drawing order, until a reader clears it (tests read it; see `Truncation`).
        self.truncations: list[Truncation] = []
        self._cache = SurfaceCache(budget)
        self._clamped: dict[tuple[object, ...], str] = {}

    def cut(self, text: str, shown: str, how: Literal["ellipsis", "lines", "clipped"],
            elsewhere: bool = False) -> None:
        """Report a truncation (the renderer's own cuts call this; a widget that cuts text itself should too)."""
        if len(self.truncations) < 10_000:
            self.truncations.append(Truncation(text, shown, how, elsewhere))

    def surface(self, text: str, weight: Weight, px: int, color: Color, width: int = 0,
                align: Align = "left") -> pygame.Surface:
        """The rendered text, wrapped at `width` (0: one line), from cache when it can be."""
        key = (text, weight, px, color, width, align)
        surf = self._cache.hit(key)
        if surf is not None:
            return surf
        font = self.theme.fonts.get(weight, px)
        font.align = _ALIGN[align]
        surf = font.render(text, True, color, None, max(0, width))
        self.renders += 1
        self._cache[key] = surf
        w, h = self.theme.window
        self._cache.trim(max(self._cache.budget, WINDOWS_OF_TEXT * 4 * w * h))
        return surf

    def fit(self, text: str, box: pygame.Rect, role: str, weight: Weight = "regular",
            color: Color | None = None, align: Align = "left", wrap: bool = True) -> pygame.Surface:
        """The largest size up to the role's that fits the box (long text shrinks, never spills)."""
        color = color or self.theme.palette.ink
        px = self.theme.px(role)
        width = box.width if wrap else 0
        while True:
            surf = self.surface(text, weight, px, color, width, align)
            fits = surf.get_height() <= box.height and (wrap or surf.get_width() <= box.width)
            if fits or px <= MIN_PX:
                return surf
            px = max(MIN_PX, int(px * 0.9))

    def draw(self, target: pygame.Surface, text: str, box: pygame.Rect, role: str = "body",
             weight: Weight = "regular", color: Color | None = None, align: Align = "left",
             valign: VAlign = "top", wrap: bool = True, elsewhere: bool = False) -> pygame.Rect:
        """Draw text inside `box`; returns the rectangle the text covers.

        Text that cannot fit is cut (and reported, see `truncations`); `elsewhere` says its full text is one
        action away, so the cut is allowed."""
        if not text:
            return pygame.Rect(box.x, box.y, 0, 0)
        if not wrap:
            text = self.ellipsize(text, box.width, role, weight, elsewhere)
        surf = self.fit(text, box, role, weight, color, align, wrap)
        if wrap and surf.get_height() > box.height:
            # Even the smallest size is too tall: keep the lines that fit and end with an ellipsis.
            lines = max(1, box.height // self.theme.fonts.get(weight, MIN_PX).get_linesize())
            text = self.clamp_px(text, box.width, MIN_PX, weight, lines, elsewhere)
            surf = self.surface(text, weight, MIN_PX, color or self.theme.palette.ink, box.width, align)
        return self.blit(target, surf, text, box, align, valign)

    def blit(self, target: pygame.Surface, surf: pygame.Surface, text: str, box: pygame.Rect,
             align: Align = "left", valign: VAlign = "top") -> pygame.Rect:
        """Place a rendered surface in its box, clip to the box, and record where it went."""
        rect = surf.get_rect()
        rect.top = {"top": box.top, "middle": box.centery - rect.height // 2, "bottom": box.bottom - rect.height}[valign]
        rect.left = {"left": box.left, "center": box.centerx - rect.width // 2, "right": box.right - rect.width}[align]
        old = target.get_clip()
        target.set_clip(box.clip(old) if old else box)
        target.blit(surf, rect)
        target.set_clip(old)
        self.records.append(TextRecord(text, rect.copy(), box.copy()))
        if not box.contains(rect) and text.strip():
            self.cut(text, text, "clipped")
        return rect

    def ellipsize(self, text: str, width: int, role: str, weight: Weight = "regular",
                  elsewhere: bool = False) -> str:
        """Shorten a one-line label with an ellipsis so it fits `width` (reported as a truncation)."""
        font = self.theme.fonts.get(weight, self.theme.px(role))
        if font.size(text)[0] <= width:
            return text
        out = self._ellipsize(font, text, width)
        self.cut(text, out, "ellipsis", elsewhere)
        return out

    @staticmethod
    def _ellipsize(font: pygame.font.Font, text: str, width: int) -> str:
        lo, hi = 0, len(text)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if font.size(text[:mid].rstrip() + "…")[0] <= width:
                lo = mid
            else:
                hi = mid - 1
        return text[:lo].rstrip() + "…" if lo else "…"

    def clamp(self, text: str, width: int, role: str, weight: Weight = "regular", max_lines: int = 3,
              elsewhere: bool = False) -> str:
        """Cut `text` at a word so it wraps to at most `max_lines` lines, ending in an ellipsis (reported)."""
        return self.clamp_px(text, width, self.theme.px(role), weight, max_lines, elsewhere)

    def clamp_px(self, text: str, width: int, px: int, weight: Weight = "regular", max_lines: int = 3,
                 elsewhere: bool = False) -> str:
        """`clamp` at an explicit pixel size (for widgets that shrink their text to fit)."""
        out = self._clamp_px(text, width, px, weight, max_lines)
        if out != text:
            self.cut(text, out, "lines", elsewhere)
        return out

    def _clamp_px(self, text: str, width: int, px: int, weight: Weight, max_lines: int) -> str:
        key = (text, width, px, weight, max_lines)
        hit = self._clamped.get(key)
        if hit is not None:
            return hit
        ink = self.theme.palette.ink
        limit = self.theme.fonts.get(weight, px).get_linesize() * max(1, max_lines) + 2

        def h(s: str) -> int:
            return self.surface(s, weight, px, ink, width).get_height()

        out = text
        if h(text) > limit:
            words = text.split()
            lo, hi = 0, len(words)
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if h(" ".join(words[:mid]) + "…") <= limit:
                    lo = mid
                else:
                    hi = mid - 1
            out = " ".join(words[:lo]).rstrip(",;:.") + "…"
        if len(self._clamped) > 2048:
            self._clamped.clear()
        self._clamped[key] = out
        return out

    def height(self, text: str, width: int, role: str, weight: Weight = "regular") -> int:
        """Height the text needs at `width` (uses the same cache as drawing)."""
        if not text:
            return 0
        return self.surface(text, weight, self.theme.px(role), self.theme.palette.ink, width).get_height()

    def line_height(self, role: str, weight: Weight = "regular") -> int:
        return self.theme.fonts.get(weight, self.theme.px(role)).get_linesize()

    def clear(self) -> None:
        """Forget cached surfaces (after a theme change every key is stale anyway)."""
        self._cache.clear()


class Typewriter:
    """Reveals a line word by word at a set speed; any key completes it.

    It reveals whole words because pygame's wrapping is greedy: a prefix that
    ends between words wraps exactly like the full text, so lines never jump.
    """

    def __init__(self, text: str, chars_per_second: float, instant: bool = False) -> None:
        self.text = text
        self.cps = max(1.0, chars_per_second)
        self._cuts = [i for i, ch in enumerate(text) if ch.isspace()] + [len(text)]
        self._chars = float(len(text)) if instant else 0.0
        self.shown = text if instant else ""

    @property
    def done(self) -> bool:
        return len(self.shown) >= len(self.text)

    def update(self, dt: float) -> bool:
        """Advance by dt seconds; True when the visible text changed."""
        if self.done:
            return False
        self._chars += dt * self.cps
        cut = 0
        for c in self._cuts:
            if c <= self._chars:
                cut = c
            else:
                break
        new = self.text[:cut]
        changed = new != self.shown
        self.shown = new
        return changed

    def complete(self) -> None:
        self._chars = float(len(self.text))
        self.shown = self.text
