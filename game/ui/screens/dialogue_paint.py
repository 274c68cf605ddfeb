"""The dialogue's painted parts: the top bar, the scene card, the text card and the name plate.

Each function paints from what it is given (the layout from game.ui.screens.dialogue_layout, the
words, the theme); the scene (game.ui.screens.dialogue) decides what shows and when.
"""

from __future__ import annotations

from collections.abc import Callable

import pygame

from game.engine.session import Beat
from game.i18n import N_, _, ngettext
from game.ui import draw
from game.ui.art import Mood
from game.ui.modal import Modal
from game.ui.screens.dialogue_layout import MOOD_LABELS, Block, DialogueGeometry, Layout, TypedLine
from game.ui.text import TextRecord, TextRenderer
from game.ui.theme import Theme
from game.ui.widgets import Button

TIMES_UP = N_("Time's up: choose now")


def top_bar(surface: pygame.Surface, geo: DialogueGeometry, theme: Theme, title: str, step: int,
            reveal: Button | None) -> None:
    """The scenario's title on the left, the decision count and the menu key on the right, and in a
    workshop decision the Reveal all button between them (`reveal`, placed here for its clicks)."""
    t, pal, sp = geo.text, theme.palette, geo.sp
    m = sp(2)
    right = _("Decision {n}   ·   Esc  Menu").format(n=step)
    rw = t.theme.fonts.get("bold", t.theme.px("caption")).size(right)[0] + 2 * sp(1.5)
    h = t.line_height("caption", "bold") + 2 * sp(0.8)
    w = surface.get_width()
    reveal_w = 0
    if reveal is not None:
        reveal_w = reveal.size(t, "caption")[0]
        reveal.rect = pygame.Rect(w - m - rw - sp(1) - reveal_w, m, reveal_w, h)
        reveal.draw(surface, t, focused=False, role="caption")
        reveal_w += sp(1)
    lw = min(t.theme.fonts.get("bold", t.theme.px("caption")).size(title)[0] + 2 * sp(1.5),
             w - rw - reveal_w - 3 * m)
    for rect, text in ((pygame.Rect(m, m, lw, h), title), (pygame.Rect(w - m - rw, m, rw, h), right)):
        pygame.draw.rect(surface, pal.surface, rect, border_radius=h // 2)
        if pal.border_width > 1:
            pygame.draw.rect(surface, pal.line, rect, width=pal.border_width, border_radius=h // 2)
        t.draw(surface, text, rect.inflate(-2 * sp(1.5), 0), "caption", "bold", pal.ink, "center", "middle",
               wrap=False)


def scene_card(surface: pygame.Surface, geo: DialogueGeometry, theme: Theme, title: str) -> None:
    """"NEXT SCENE", the scene's title and the key to press, on a card over a scrim."""
    t, pal, sp = geo.text, theme.palette, geo.sp
    draw.scrim(surface, theme)
    rect, pad, title_h = geo.scene_card(surface.get_size(), title)
    cw = rect.w
    draw.card(surface, rect, theme)
    y = rect.y + pad
    r = t.draw(surface, _("NEXT SCENE"), pygame.Rect(rect.x + pad, y, cw - 2 * pad, t.line_height("caption", "bold")),
               "caption", "bold", pal.accent, "center", wrap=False)
    y = r.bottom + sp(1.5)
    r = t.draw(surface, title, pygame.Rect(rect.x + pad, y, cw - 2 * pad, title_h), "h1", "black", pal.ink, "center")
    y = r.bottom + sp(3)
    t.draw(surface, _("Press any key to continue"),
           pygame.Rect(rect.x + pad, y, cw - 2 * pad, t.line_height("caption")), "caption", color=pal.ink_muted,
           align="center", wrap=False)


def text_card(surface: pygame.Surface, geo: DialogueGeometry, theme: Theme, lay: Layout, beat: Beat,
              blocks: list[Block], timer_left: float | None) -> tuple[TypedLine | None, pygame.Rect | None]:
    """The card with the line on it, and above it the timer's notice (run out) or the room for its bar.
    The line itself is left for `draw_live` to type in: returns where it goes and the bar's track."""
    t, pal, sp = geo.text, theme.palette, geo.sp
    line: TypedLine | None = None
    bar: pygame.Rect | None = None
    draw.card(surface, lay.card, theme, pal.accent_soft if beat.speaker == "you" else pal.surface)
    pad = sp(3)
    inner = lay.card.inflate(-2 * pad, -2 * pad)
    y = inner.y
    if timer_left is not None and timer_left <= 0:
        r = t.draw(surface, _(TIMES_UP), pygame.Rect(inner.x, y, inner.w, t.line_height("body", "bold")), "body",
                   "bold", pal.bad, wrap=False)
        y = r.bottom + sp(1)
    elif timer_left is not None and beat.timer:
        bar = pygame.Rect(inner.x, y, inner.w, sp(0.75))  # drawn by draw_live
        y = bar.bottom + sp(1.75)
    typed = False  # past the spoken line: what follows is optional
    for text, role, weight, colour_name in blocks:
        if not text:
            continue
        colour = getattr(pal, colour_name)
        remaining = pygame.Rect(inner.x, y, inner.w, max(0, inner.bottom - y))
        if typed and t.height(text, inner.w, role, weight) > remaining.h:
            continue  # a hint below the words: left out when the words need the room
        if text != beat.text:
            r = t.draw(surface, text, remaining, role, weight, colour)
            y = r.bottom + sp(1)
            continue
        # The line being typed: reserve the full text's height so the card never grows while typing,
        # and render the typed prefix at the size the full text settled on (draw_live paints it).
        full = t.fit(text, remaining, role, weight)
        px = geo.fit_px(text, remaining, role, weight, pal.ink)
        line = TypedLine(text, weight, px, colour, inner.w, pygame.Rect(inner.x, y, inner.w, full.get_height()))
        y += full.get_height() + sp(1)
        typed = True
    return line, bar


def portrait(surface: pygame.Surface, geo: DialogueGeometry, theme: Theme, lay: Layout, img: pygame.Surface,
             name: str, role: str | None, mood: Mood) -> None:
    """The person (`img`, scaled down to the portrait's width if wider) and their name plate: the name,
    the mood of their standing with a coloured dot, and their role."""
    t, pal, sp = geo.text, theme.palette, geo.sp
    if img.get_width() > lay.portrait.w:
        scaled = (lay.portrait.w, round(img.get_height() * lay.portrait.w / img.get_width()))
        img = pygame.transform.smoothscale(img, scaled)
    surface.blit(img, (lay.portrait.centerx - img.get_width() // 2, lay.portrait.bottom - img.get_height()))
    draw.card(surface, lay.plate, theme)
    pad = sp(1.5)
    inner = lay.plate.inflate(-2 * pad, -2 * pad)
    mood_label = _(MOOD_LABELS[mood])
    mood_colour = {"warm": pal.good, "neutral": pal.ink_muted, "cool": pal.bad}[mood]
    mw = geo.mood_w()
    name_w, name_h = geo.name_box(inner.w, name)
    t.draw(surface, name, pygame.Rect(inner.x, inner.y, name_w, name_h), "h3", "bold", pal.ink)
    line_h = t.line_height("h3", "bold")
    dot_r = max(3, sp(0.6))
    mx = inner.right - mw
    pygame.draw.circle(surface, mood_colour, (mx + dot_r, inner.y + line_h // 2), dot_r)
    t.draw(surface, mood_label, pygame.Rect(mx + 2 * dot_r + sp(0.5), inner.y, mw - 2 * dot_r - sp(0.5), line_h),
           "caption", "bold", mood_colour, valign="middle")
    if role:
        box = pygame.Rect(inner.x, inner.y + name_h, inner.w, inner.bottom - inner.y - name_h)
        t.draw(surface, role, box, "caption", color=pal.ink_muted)


class KeptPicture:
    """A picture kept between frames (the dialogue's stage) with the text records its painting made,
    painted again only when its key changes."""

    def __init__(self) -> None:
        self.surface: pygame.Surface | None = None
        self.key: object = None
        self.records: list[TextRecord] = []

    def draw(self, target: pygame.Surface, key: object, records: list[TextRecord],
             paint: Callable[[pygame.Surface], None]) -> None:
        """Blit the picture for `key` onto `target` (painting it first if it changed), and add its text
        records to `records` as if it had been drawn again."""
        kept = self.surface
        if kept is None or kept.get_size() != target.get_size() or key != self.key:
            if kept is None or kept.get_size() != target.get_size():
                kept = self.surface = target.copy()  # the target's own pixel format
            n = len(records)
            paint(kept)
            self.records = records[n:]
            del records[n:]
            self.key = key
        target.blit(kept, (0, 0))
        records.extend(self.records)


def typed_line(surface: pygame.Surface, t: TextRenderer, line: TypedLine, shown: str) -> None:
    """The line as typed so far (`shown`), at the size and in the box the full line settled on."""
    if shown:
        surf = t.surface(shown, line.weight, line.px, line.colour, line.width)
        box = line.box
        t.blit(surface, surf, shown, pygame.Rect(box.x, box.y, box.w, max(box.h, surf.get_height())))


def leave_dialog(n: int, recorded: bool, workshop: bool, on_close: Callable[[str], None]) -> Modal:
    """"Leave this scenario?" after `n` choices: what happens to them, kept (`recorded`) or not, in a workshop
    or not. `on_close` gets "stay", "settings" or "leave"."""
    buttons = [Button(N_("Keep playing"), "stay", "primary", hint="Esc"), Button(N_("Settings"), "settings"),
               Button(N_("Leave scenario"), "leave", "danger")]
    if n == 0 or not recorded:  # nothing chosen, or nothing is recorded
        body = _("You can start it again from the scenario list.")
    elif workshop:
        body = _("This run ends here; the choices made so far stay in the history as unfinished.")
    else:
        body = ngettext("Your {n} choice is kept: open this scenario again to continue from here, or start it "
                        "over.",
                        "Your {n} choices are kept: open this scenario again to continue from here, or start "
                        "it over.", n).format(n=n)
    return Modal(_("Leave this scenario?"), body, buttons, on_close, "stay")


def timer_bar(surface: pygame.Surface, theme: Theme, bar: pygame.Rect, left: float, timer: float) -> None:
    """The decision's timer bar, `left` of `timer` seconds, in the hurry colour under 5 seconds."""
    pal = theme.palette
    draw.bar(surface, bar, left / timer, pal.bad if left < 5 else pal.accent, pal.surface_alt)
