"""The dialogue's layout maths and picture keys: rectangles and sizes from the text and window size.

Nothing here draws. `DialogueGeometry` measures (fonts, wrapped heights) and places the stage, the
portrait, the name plate, the text card, the choices and Continue; `card_blocks` says what the text
card holds. `LayerKey`, `StageKey` and `Drawn` are the named keys the scene (game.ui.screens.dialogue)
compares to keep its pictures.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, NamedTuple

import pygame

from game.engine.session import Beat
from game.i18n import N_, _
from game.play.lineplayer import Phase
from game.ui.art import Mood
from game.ui.scene import Same
from game.ui.text import TextRenderer
from game.ui.theme import Color, Weight

MOOD_LABELS = {"warm": N_("Warm"), "neutral": N_("Neutral"), "cool": N_("Cool")}

Presence = Literal["room", "message", "video"]
# Where the player is decides how the person speaking there is drawn (docs/authoring.md, "Settings"): at
# `home_office` you are at your own desk, so whoever speaks reaches you by email, text or phone (a message
# card with their picture small in it); at `video_call` they are on your screen (a video tile); anywhere
# else they stand in front of you (the full figure).
REMOTE_SETTINGS: dict[str, Presence] = {"home_office": "message", "video_call": "video"}


def presence(setting: str | None) -> Presence:
    """How a character who speaks at this setting is drawn: "room", "message" or "video"."""
    return REMOTE_SETTINGS.get(setting or "", "room")


@dataclass
class Layout:
    """Where the dialogue's parts go (off the scene card)."""

    portrait: pygame.Rect
    plate: pygame.Rect
    card: pygame.Rect
    choices: pygame.Rect
    cont: pygame.Rect


class Block(NamedTuple):
    """One part of the text card: its words, text role, weight, and the palette colour's name."""

    text: str
    role: str
    weight: Weight
    colour: str


@dataclass(frozen=True)
class LayerKey:
    """Everything the dialogue's still picture shows (the typed words and the timer bar are live)."""

    session: Same | None
    scenario: Same | None
    beat: Same | None
    card_title: str
    present: str | None
    mood: tuple[Mood, Mood] | None  # the present character's (standing, face)
    setting: str | None
    said: str | None
    decisions: int  # how many were taken (the top bar counts them)
    phase: Phase
    done: bool | None  # the line is complete (Continue shows); None with no line
    timed_out: bool | None  # None: no timer runs
    choices: object  # the choices' (and own words') look, while choosing

    @classmethod
    def empty(cls) -> LayerKey:
        """The key with no session (the scene is then a plain fill)."""
        return cls(None, None, None, "", None, None, None, None, 0, Phase.IDLE, None, None, None)


@dataclass(frozen=True)
class StageKey:
    """Everything the stage picture (setting, veil, the person and their plate) depends on."""

    size: tuple[int, int]
    theme: Same
    palette: Same
    art: Same
    text: Same
    high_contrast: bool
    setting: str | None
    pack: Same
    scenario: Same
    present: str | None
    mood: tuple[Mood, Mood] | None
    portrait: tuple[int, ...] | None
    plate: tuple[int, ...] | None


@dataclass(frozen=True)
class Drawn:
    """What the last draw put where: for `layer`, at `size` with `theme`, the text card at `card`."""

    layer: LayerKey
    size: tuple[int, int]
    theme: Same
    card: pygame.Rect | None


@dataclass(frozen=True)
class TypedLine:
    """Where the line typing in goes: the full text, its weight, the font size it fits at, colour,
    wrap width and box (the still layer keeps the box's room; `draw_live` paints the words)."""

    text: str
    weight: Weight
    px: int
    colour: Color
    width: int
    box: pygame.Rect


def card_blocks(beat: Beat | None, said: str | None, workshop: bool, choosing: bool,
                speaker_name: Callable[[str], str]) -> list[Block]:
    """The text card's parts, top to bottom: your choice quoted above its reply, the speaker's name,
    the line, and in a workshop decision the show-of-hands hint."""
    if beat is None:
        return []
    parts: list[Block] = []
    if said and beat.kind == "reply":
        parts.append(Block((_("The class: {said}") if workshop else _("You: {said}")).format(said=said),
                           "caption", "italic", "ink_muted"))
    name = speaker_name(beat.speaker)
    parts.append(Block(name.upper() if name else "", "caption", "bold", "accent"))
    parts.append(Block(beat.text, "lead", "italic" if beat.speaker == "narrator" else "regular", "ink"))
    if choosing and workshop:
        parts.append(Block(_("Take a show of hands, then press the class's letter."), "caption", "bold",
                           "ink_muted"))
    return parts


@dataclass(frozen=True)
class DialogueGeometry:
    """The measuring side of the dialogue: the text renderer, the theme's spacing, the window margin."""

    text: TextRenderer
    space: Callable[[float], int]
    margin: int

    def sp(self, n: float = 1.0) -> int:
        return self.space(n)

    def mood_w(self) -> int:
        """The room the plate keeps for the mood label: the widest label, so the plate never changes size."""
        font = self.text.theme.fonts.get("bold", self.text.theme.px("caption"))
        return max(font.size(label)[0] for label in map(_, MOOD_LABELS.values())) + self.sp(2.5)

    def name_box(self, inner_w: int, name: str) -> tuple[int, int]:
        """The (width, height) of a name on a plate `inner_w` wide, beside the mood label: it wraps, never cuts."""
        t = self.text
        name_w = max(1, inner_w - self.mood_w() - self.sp(1))
        return name_w, max(t.line_height("h3", "bold"), t.height(name, name_w, "h3", "bold"))

    def stage(self, size: tuple[int, int], role: str | None,
              name: str | None = None) -> tuple[pygame.Rect, pygame.Rect, pygame.Rect]:
        """The stage, the portrait's box and the name plate, for a speaker with `role` (and `name`, which
        may wrap), in a window of `size`. The plate holds the whole name and role: it grows, never cuts."""
        t = self.text
        w, h = size
        m = self.margin
        top = self.sp(2) + t.line_height("caption", "bold") + 2 * self.sp(0.8) + self.sp(2)
        stage = pygame.Rect(m, top, w - 2 * m, h - top - m)
        left_w = round(stage.w * 0.34)
        pad = self.sp(1.5)
        role_h = t.height(role, left_w - 2 * pad, "caption") if role else 0
        _name_w, name_h = self.name_box(left_w - 2 * pad, name or "")
        plate_h = 2 * pad + name_h + max(role_h, t.line_height("caption"))
        plate = pygame.Rect(stage.x, stage.bottom - plate_h, left_w, plate_h)
        ph = min(plate.top - stage.top + self.sp(2), round(left_w * 1.2))
        portrait = pygame.Rect(stage.x, plate.top - ph + self.sp(2), left_w, ph)
        return stage, portrait, plate

    def card_height(self, right: pygame.Rect, blocks: list[Block], timer_left: float | None,
                    choosing: bool) -> int:
        """The text card's height in the column `right`: its blocks and the timer's bar or notice, at most
        half the column while choosing (the choices need the rest), three quarters otherwise."""
        t = self.text
        pad = self.sp(3)
        inner_w = right.w - 2 * pad
        total = 2 * pad
        if timer_left is not None:
            total += (t.line_height("body", "bold") + self.sp(1)) if timer_left <= 0 else self.sp(2.5)
        limit = round(right.h * (0.5 if choosing else 0.75))
        past_line = False
        for block in blocks:
            if block.text:
                h = t.height(block.text, inner_w, block.role, block.weight) + self.sp(1)
                if past_line and total + h > limit:
                    continue  # a hint below the line that will not fit: text_card leaves it out, so no room for it
                total += h
                past_line = past_line or block.role == "lead"
        return min(limit, total)

    def layout(self, size: tuple[int, int], role: str | None, name: str | None, blocks: list[Block],
               timer_left: float | None, choosing: bool, cont_size: tuple[int, int]) -> Layout:
        """Every part's rectangle: the person on the left, the text card on the right with the choices
        (or Continue, `cont_size`) below it."""
        stage, portrait, plate = self.stage(size, role, name)
        left_w = portrait.w
        gap = self.sp(3)
        right = pygame.Rect(stage.x + left_w + gap, stage.y, stage.w - left_w - gap, stage.h)
        card = pygame.Rect(right.x, right.y, right.w, self.card_height(right, blocks, timer_left, choosing))
        rest = pygame.Rect(right.x, card.bottom + self.sp(2), right.w, right.bottom - card.bottom - self.sp(2))
        cw, chh = cont_size
        cont = pygame.Rect(rest.right - cw, rest.y, cw, chh)
        return Layout(portrait, plate, card, rest, cont)

    def fit_px(self, text: str, box: pygame.Rect, role: str, weight: Weight, ink: Color) -> int:
        """The font size `TextRenderer.fit` settles on for the full text, so the typed prefix matches it."""
        t = self.text
        px = t.theme.px(role)
        while px > 11:
            if t.surface(text, weight, px, ink, box.w).get_height() <= box.h:
                return px
            px = max(11, int(px * 0.9))
        return px

    def scene_card(self, size: tuple[int, int], title: str) -> tuple[pygame.Rect, int, int]:
        """The scene card's rectangle in a window of `size`, its padding and its title's height."""
        t = self.text
        w, h = size
        cw = min(w - 2 * self.margin, self.sp(80))
        pad = self.sp(5)
        title_h = t.height(title, cw - 2 * pad, "h1", "black")
        ch = pad * 2 + t.line_height("caption", "bold") + self.sp(1.5) + title_h + self.sp(3) + t.line_height("caption")
        return pygame.Rect((w - cw) // 2, (h - ch) // 2, cw, ch), pad, title_h


def bar_look(bar: pygame.Rect, left: float, timer: float) -> tuple[int, bool]:
    """A timer bar's filled width (never thinner than it is tall, until empty) with `left` of `timer`
    seconds, and whether it shows the hurry colour (under 5 seconds)."""
    f = max(0.0, min(1.0, left / timer))
    return (max(bar.h, round(bar.w * f)) if f > 0 else 0), left < 5
