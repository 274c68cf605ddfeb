"""Colours, type scale and fonts: the one place the look is decided.

Every scene asks the theme for colours and fonts instead of hard-coding them,
so high contrast and the text-size setting change the whole game at once.
Fonts come from the `font-lato` package (no font files in the repo); when it is
missing, pygame-ce's bundled default font stands in.
"""

from __future__ import annotations

import importlib.resources
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pygame

Color = tuple[int, int, int]
Weight = Literal["regular", "bold", "black", "italic", "light"]
TextSize = Literal["small", "medium", "large", "projector"]

TEXT_SIZES: tuple[TextSize, ...] = ("small", "medium", "large", "projector")

# Body size in pixels at a reference window height of 800 px. The projector
# step is big on purpose: the back row of a workshop room must read it.
_BODY_PX: dict[str, float] = {"small": 17.0, "medium": 20.0, "large": 24.0, "projector": 29.0}

# Ratios of the type scale (a gentle major-third-ish progression).
_ROLE_RATIO: dict[str, float] = {
    "caption": 0.8,
    "body": 1.0,
    "lead": 1.15,
    "h3": 1.3,
    "h2": 1.65,
    "h1": 2.2,
    "display": 3.4,
}

_LATO_FILES: dict[Weight, str] = {
    "regular": "Lato-Regular.ttf",
    "bold": "Lato-Bold.ttf",
    "black": "Lato-Black.ttf",
    "italic": "Lato-Italic.ttf",
    "light": "Lato-Light.ttf",
}


@dataclass(frozen=True)
class Palette:
    """Named colours; scenes use the names, never raw values."""

    bg: Color
    surface: Color
    surface_alt: Color
    ink: Color
    ink_muted: Color
    line: Color
    accent: Color
    accent_ink: Color  # text drawn on the accent colour
    accent_soft: Color  # tinted background for selected / focused items
    good: Color
    bad: Color
    mixed: Color
    scrim: tuple[int, int, int, int]  # darkens a background behind a card
    focus_ring: Color
    border_width: int


LIGHT = Palette(
    bg=(244, 245, 249),
    surface=(255, 255, 255),
    surface_alt=(236, 239, 246),
    ink=(27, 32, 48),
    ink_muted=(88, 97, 117),
    line=(214, 219, 230),
    accent=(52, 84, 209),
    accent_ink=(255, 255, 255),
    accent_soft=(226, 232, 252),
    good=(28, 132, 92),
    bad=(196, 64, 58),
    mixed=(184, 124, 20),
    scrim=(16, 20, 34, 120),
    focus_ring=(52, 84, 209),
    border_width=1,
)

HIGH_CONTRAST = Palette(
    bg=(0, 0, 0),
    surface=(12, 12, 12),
    surface_alt=(30, 30, 30),
    ink=(255, 255, 255),
    ink_muted=(230, 230, 230),
    line=(255, 255, 255),
    accent=(255, 214, 0),
    accent_ink=(0, 0, 0),
    accent_soft=(60, 52, 0),
    good=(90, 255, 160),
    bad=(255, 120, 110),
    mixed=(255, 214, 0),
    scrim=(0, 0, 0, 200),
    focus_ring=(255, 214, 0),
    border_width=2,
)


def lato_path(weight: Weight) -> Path | None:
    """Where the `font-lato` package keeps this weight, or None if absent."""
    try:
        root = importlib.resources.files("font_lato") / "files" / _LATO_FILES[weight]
    except (ModuleNotFoundError, TypeError):
        return None
    path = Path(str(root))
    return path if path.is_file() else None


@dataclass
class FontBook:
    """Loads each (weight, size) once; pygame fonts are costly to open."""

    use_lato: bool = True
    _cache: dict[tuple[Weight, int], pygame.font.Font] = field(default_factory=dict)

    def get(self, weight: Weight, size: int) -> pygame.font.Font:
        key = (weight, max(6, int(size)))
        font = self._cache.get(key)
        if font is None:
            font = self._open(*key)
            self._cache[key] = font
        return font

    def _open(self, weight: Weight, size: int) -> pygame.font.Font:
        if not pygame.font.get_init():
            pygame.font.init()
        path = lato_path(weight) if self.use_lato else None
        if path is not None:
            return pygame.font.Font(path, size)
        # pygame-ce's bundled font; fake the weight with its style flags.
        font = pygame.font.Font(None, int(size * 1.2))
        font.bold = weight in ("bold", "black")
        font.italic = weight == "italic"
        return font


@dataclass
class Theme:
    """The palette plus a type scale sized for the window and the player's choice."""

    palette: Palette
    text_size: TextSize
    window: tuple[int, int]
    fonts: FontBook

    @classmethod
    def make(
        cls,
        window: tuple[int, int],
        text_size: TextSize = "medium",
        high_contrast: bool = False,
        fonts: FontBook | None = None,
    ) -> Theme:
        return cls(
            palette=HIGH_CONTRAST if high_contrast else LIGHT,
            text_size=text_size,
            window=window,
            fonts=fonts or FontBook(),
        )

    @property
    def scale(self) -> float:
        """How much bigger than the 1024x640-ish baseline this window is."""
        w, h = self.window
        return max(0.8, min(1.45, min(w / 1280.0, h / 800.0)))

    def px(self, role: str) -> int:
        """Pixel size of a type role (caption, body, lead, h3, h2, h1, display)."""
        return max(11, round(_BODY_PX[self.text_size] * _ROLE_RATIO[role] * self.scale))

    def font(self, role: str, weight: Weight = "regular") -> pygame.font.Font:
        return self.fonts.get(weight, self.px(role))

    def space(self, n: float = 1.0) -> int:
        """The spacing unit (8 px at the baseline) times n: keeps rhythm consistent."""
        return max(2, round(8 * n * self.scale))

    @property
    def radius(self) -> int:
        return self.space(1.25)
