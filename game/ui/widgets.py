"""Widgets: buttons, keyboard focus, numbered choices. Layout, drawing and input kept apart.

Every widget works three ways, because a workshop room has all three: keys
(numbers, arrows, Enter, Tab), the mouse, and nothing but Enter. Layout sets
`rect`s; drawing reads them; input hit-tests against them, so a test can
click at a button's centre and get exactly what a player would.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import pygame

from game.i18n import _
from game.ui import draw
from game.ui.text import MIN_PX, TextRenderer, Typewriter
from game.ui.theme import Theme
from game.ui.workshop import LETTERS, letter

__all__ = ["Button", "FocusGroup", "ChoiceList", "Typewriter", "TextRenderer", "NUMBER_KEYS", "LETTER_KEYS",
           "letter"]

Style = Literal["primary", "secondary", "ghost", "danger"]

NUMBER_KEYS: dict[int, int] = {
    **{getattr(pygame, f"K_{n}"): n for n in range(1, 10)},
    **{getattr(pygame, f"K_KP{n}"): n for n in range(1, 10)},
}
# Workshop mode letters the choices for a show of hands.
LETTER_KEYS: dict[int, int] = {getattr(pygame, f"K_{c.lower()}"): n for n, c in enumerate(LETTERS, start=1)}
ENTER_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE)
PREV_KEYS = (pygame.K_UP, pygame.K_LEFT)
NEXT_KEYS = (pygame.K_DOWN, pygame.K_RIGHT)


@dataclass
class Button:
    """A labelled button; `action` is what the scene gets back when it is pressed.

    `label` is English (marked with N_ where it is written); `shown` is it in the language in use, read at
    each frame, so a button made before the Language setting changed speaks the new language."""

    label: str
    action: str
    style: Style = "secondary"
    hint: str = ""  # the shortcut, shown small (e.g. "Esc")
    enabled: bool = True
    rect: pygame.Rect = field(default_factory=lambda: pygame.Rect(0, 0, 0, 0))

    @property
    def shown(self) -> str:
        return _(self.label)

    def size(self, text: TextRenderer, role: str = "body") -> tuple[int, int]:
        th = text.theme
        font = th.fonts.get("bold", th.px(role))
        w = font.size(self.shown)[0] + 2 * th.space(2.5)
        if self.hint:
            w += th.fonts.get("regular", th.px("caption")).size(self.hint)[0] + th.space(1.5)
        return w, font.get_linesize() + 2 * th.space(1.5)

    def draw(self, target: pygame.Surface, text: TextRenderer, focused: bool, role: str = "body") -> None:
        th = text.theme
        pal = th.palette
        bg, fg, edge = {
            "primary": (pal.accent, pal.accent_ink, None),
            "secondary": (pal.surface, pal.ink, pal.line),
            "ghost": (pal.surface_alt, pal.ink, None),
            "danger": (pal.surface, pal.bad, pal.bad),
        }[self.style]
        if not self.enabled:
            bg, fg, edge = pal.surface_alt, pal.ink_muted, None
        elif focused and self.style != "primary":
            bg, edge = pal.accent_soft, pal.accent
        radius = th.radius
        pygame.draw.rect(target, bg, self.rect, border_radius=radius)
        if edge is not None:
            pygame.draw.rect(target, edge, self.rect, width=max(1, pal.border_width), border_radius=radius)
        if focused and self.enabled:
            ring = self.rect.inflate(th.space(0.75), th.space(0.75))
            pygame.draw.rect(target, pal.focus_ring, ring, width=max(2, th.space(0.3)), border_radius=radius + 3)
        inner = self.rect.inflate(-2 * th.space(1.5), -th.space(1))
        if self.hint and inner.w > 0:
            hint_w = th.fonts.get("regular", th.px("caption")).size(self.hint)[0]
            if hint_w + th.space(4) < inner.w:
                hint_box = pygame.Rect(inner.right - hint_w, inner.y, hint_w, inner.h)
                text.draw(target, self.hint, hint_box, "caption", color=draw.mix(fg, bg, 0.35),
                          valign="middle", wrap=False)
                inner.w -= hint_w + th.space(1)
        text.draw(target, self.shown, inner, role, "bold", fg, "center", "middle", wrap=False)


def button_key(b: Button) -> tuple[object, ...]:
    """What a button's face depends on (its place is laid out by the screen, from the same state)."""
    return (b.shown, b.action, b.style, b.hint, b.enabled)


class FocusGroup:
    """Keyboard focus and mouse hover over a list of buttons; returns the action pressed."""

    def __init__(self, buttons: list[Button] | None = None, focus: int = 0) -> None:
        self.buttons: list[Button] = buttons or []
        self.focus = focus

    def set(self, buttons: list[Button], keep: bool = True) -> None:
        if keep and buttons is self.buttons and self.focus == -1:
            return
        old = self.buttons[self.focus].action if keep and 0 <= self.focus < len(self.buttons) else None
        self.buttons = buttons
        idx = next((i for i, b in enumerate(buttons) if b.action == old), None)
        self.focus = idx if idx is not None else next((i for i, b in enumerate(buttons) if b.enabled), 0)

    def focused(self, button: Button) -> bool:
        return 0 <= self.focus < len(self.buttons) and self.buttons[self.focus] is button

    def key(self) -> tuple[object, ...]:
        """What drawing the group depends on: the focus (which hover moves) and each button's face."""
        return (self.focus, *(button_key(b) for b in self.buttons))

    def move(self, step: int) -> None:
        n = len(self.buttons)
        if self.focus < 0:
            self.focus = -1 if step > 0 else 0
        for k in range(1, n + 1):
            i = (self.focus + step * k) % n
            if self.buttons[i].enabled:
                self.focus = i
                return

    def at(self, pos: tuple[int, int]) -> int | None:
        return next((i for i, b in enumerate(self.buttons) if b.enabled and b.rect.collidepoint(pos)), None)

    def handle(self, event: pygame.event.Event) -> str | None:
        """The action of a pressed button, or None. Moves focus on arrows, Tab and hover."""
        if not self.buttons:
            return None
        if event.type == pygame.KEYDOWN:
            if event.key in PREV_KEYS or (event.key == pygame.K_TAB and event.mod & pygame.KMOD_SHIFT):
                self.move(-1)
            elif event.key in NEXT_KEYS or event.key == pygame.K_TAB:
                self.move(1)
            elif event.key in ENTER_KEYS and 0 <= self.focus < len(self.buttons):
                b = self.buttons[self.focus]
                return b.action if b.enabled else None
        elif event.type == pygame.MOUSEMOTION:
            i = self.at(event.pos)
            if i is not None:
                self.focus = i
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            i = self.at(event.pos)
            if i is not None:
                self.focus = i
                return self.buttons[i].action
        return None

    def draw(self, target: pygame.Surface, text: TextRenderer, role: str = "body") -> None:
        for b in self.buttons:
            b.draw(target, text, self.focused(b), role)


@dataclass
class _Slot:
    number: int
    text: str
    rect: pygame.Rect


class ChoiceList:
    """Large numbered choice buttons: keys 1-6, arrows and Enter, or a click.

    With `lettered` on (workshop mode) the badges read A-F and keys A-F choose,
    so a room can vote "B!" without anyone confusing an option with a step number.
    """

    def __init__(self, lettered: bool = False) -> None:
        self.lettered = lettered
        self.slots: list[_Slot] = []
        self.focus = 0
        self.px = 0
        self.pad = 0
        self.badge = 0
        self._options: list[tuple[int, str]] = []
        self._box = pygame.Rect(0, 0, 0, 0)
        self._key: tuple[object, ...] = ()

    def set_options(self, options: list[tuple[int, str]]) -> None:
        if options != self._options:
            self._options = list(options)
            self.focus = 0
            self._key = ()
            self.slots = []  # stale rects must not take clicks meant for the new options

    @property
    def options(self) -> list[tuple[int, str]]:
        return list(self._options)

    def key(self) -> tuple[object, ...]:
        """What drawing the list depends on besides its box: the options, the focus (hover moves it), letters."""
        return (tuple(self._options), self.focus, self.lettered)

    def _metrics(self, th: Theme) -> tuple[int, int, int]:
        return th.space(1.25), th.space(1.5), th.space(1)  # gap, padding, badge gap

    def layout(self, box: pygame.Rect, text: TextRenderer, role: str = "body", max_lines: int = 0) -> int:
        """Place the buttons in `box` at the largest size that fits; returns the height used.

        Text shrinks step by step; if even the smallest size cannot fit, each
        option is cut to the lines its share of the box allows, never spilled.
        """
        th = text.theme
        key = (box.size, box.topleft, th.px(role), th.palette, tuple(self._options), max_lines, self.lettered)
        if key == self._key:
            return self.slots[-1].rect.bottom - box.top if self.slots else 0
        gap, pad, bgap = self._metrics(th)
        px = th.px(role)
        n = max(1, len(self._options))

        def measure(px: int, gap: int, pad: int) -> tuple[int, list[str], list[int], int, int]:
            badge = round(px * 1.7)
            tw = max(40, box.w - 2 * pad - badge - bgap)
            texts = [text.clamp_px(t, tw, px, "regular", max_lines) if max_lines else t for _k, t in self._options]
            heights = [max(badge, text.surface(t, "regular", px, th.palette.ink, tw).get_height()) + 2 * pad
                       for t in texts]
            return sum(heights) + gap * (n - 1), texts, heights, badge, tw

        too_big = 0  # the smallest size tried that did not fit
        while True:
            total, texts, heights, badge, tw = measure(px, gap, pad)
            if total <= box.h or px <= MIN_PX:
                break
            too_big = px
            px = max(MIN_PX, int(px * 0.92))
            gap, pad = max(4, int(gap * 0.9)), max(6, int(pad * 0.9))
        while total <= box.h and px + 1 < too_big:  # the coarse steps left room: grow back a pixel at a time
            bigger = measure(px + 1, gap, pad)
            if bigger[0] > box.h:
                break
            px += 1
            total, texts, heights, badge, tw = bigger
        if total > box.h:  # last resort: tighter spacing, and each option cut to its share of lines
            gap, pad = 2, 4
            share = (box.h - gap * (n - 1)) // n
            badge = max(8, min(badge, share - 2 * pad))
            tw = max(40, box.w - 2 * pad - badge - bgap)
            lines = max(1, (share - 2 * pad) // th.fonts.get("regular", px).get_linesize())
            texts = [text.clamp_px(t, tw, px, "regular", lines) for _k, t in self._options]
            heights = [max(badge, text.surface(t, "regular", px, th.palette.ink, tw).get_height()) + 2 * pad
                       for t in texts]
        self.px, self.pad, self.badge = px, pad, badge
        y = box.top
        self.slots = []
        for (num, _t), t, h in zip(self._options, texts, heights):
            self.slots.append(_Slot(num, t, pygame.Rect(box.x, y, box.w, h)))
            y += h + gap
        self._key = key
        return (y - gap - box.top) if self.slots else 0

    def handle(self, event: pygame.event.Event) -> int | None:
        """The number of the chosen option, or None. Keys work before the first draw; clicks hit drawn slots."""
        opts = self._options
        if not opts:
            return None
        if event.type == pygame.KEYDOWN:
            n = NUMBER_KEYS.get(event.key)
            if self.lettered and not event.mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT | pygame.KMOD_META):
                n = LETTER_KEYS.get(event.key, n)
            if n is not None and any(num == n for num, _t in opts):
                return n
            if event.key in PREV_KEYS or (event.key == pygame.K_TAB and event.mod & pygame.KMOD_SHIFT):
                self.focus = (self.focus - 1) % len(opts)
            elif event.key in NEXT_KEYS or event.key == pygame.K_TAB:
                self.focus = (self.focus + 1) % len(opts)
            elif event.key in ENTER_KEYS:
                return opts[min(self.focus, len(opts) - 1)][0]
        elif event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN) and self.slots:
            hit = next((i for i, s in enumerate(self.slots) if s.rect.collidepoint(event.pos)), None)
            if hit is not None:
                self.focus = hit
                if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
                    return self.slots[hit].number
        return None

    def label(self, number: int) -> str:
        """What the badge says: the number, or its letter in workshop mode."""
        return letter(number) if self.lettered else str(number)

    def draw(self, target: pygame.Surface, text: TextRenderer) -> None:
        th = text.theme
        pal = th.palette
        _a, _b, bgap = self._metrics(th)
        pad = self.pad
        for i, s in enumerate(self.slots):
            focused = i == self.focus
            draw.card(target, s.rect, th, pal.accent_soft if focused else pal.surface, shadow=not focused,
                      border=pal.accent if focused else pal.line)
            if focused:
                pygame.draw.rect(target, pal.accent, s.rect, width=max(2, th.space(0.3)), border_radius=th.radius)
            badge = self.badge
            brect = pygame.Rect(s.rect.x + pad, s.rect.y + pad, badge, badge)
            pygame.draw.rect(target, pal.accent if focused else pal.surface_alt, brect, border_radius=badge // 3)
            label = self.label(s.number)
            num = text.surface(label, "bold", self.px, pal.accent_ink if focused else pal.accent)
            text.blit(target, num, label, brect, "center", "middle")
            tw = max(40, s.rect.w - 2 * pad - badge - bgap)
            surf = text.surface(s.text, "regular", self.px, pal.ink, tw)
            tbox = pygame.Rect(brect.right + bgap, s.rect.y + pad, tw, s.rect.h - 2 * pad)
            text.blit(target, surf, s.text, tbox, "left", "middle")
