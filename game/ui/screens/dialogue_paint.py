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
from game.ui.screens.dialogue_layout import MOOD_LABELS, Block, DialogueGeometry, Layout, Presence, TypedLine
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
             name: str, role: str | None, mood: Mood, presence: Presence = "room") -> None:
    """The person and their name plate: the name, the mood of their standing with a coloured dot, and
    their role. `presence` (dialogue_layout.presence) says how the person is there: standing in the room
    (`img`, scaled down to the portrait's width if wider), in a message on your phone, or in a video tile."""
    t, pal, sp = geo.text, theme.palette, geo.sp
    if presence == "message":
        _message_card(surface, geo, theme, lay, img)
    elif presence == "video":
        _video_tile(surface, geo, theme, lay, img)
    else:
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


DEVICE = (40, 44, 54)  # a phone's body and a video tile's frame: the same dark glass in every theme


def _head(img: pygame.Surface, size: tuple[int, int], top: float) -> pygame.Surface:
    """Head and shoulders from the portrait `img`: scaled so its width covers `size`'s and its head
    (the top of the picture, `top` of the height down) sits at the top, cropped to `size`."""
    w, h = size
    scale = max(w / img.get_width(), h * 1.3 / img.get_height())
    scaled = pygame.transform.smoothscale(img, (max(1, round(img.get_width() * scale)),
                                                max(1, round(img.get_height() * scale))))
    out = pygame.Surface((w, h), pygame.SRCALPHA)
    out.blit(scaled, ((w - scaled.get_width()) // 2, round(h * top)))
    return out


def _message_card(surface: pygame.Surface, geo: DialogueGeometry, theme: Theme, lay: Layout,
                  img: pygame.Surface) -> None:
    """The person as a message reaches you at your desk: a phone, their picture small in a round avatar at
    the top of its screen, and under it the grey lines of what they sent (the words are on the text card)."""
    pal, sp = theme.palette, geo.sp
    box = lay.portrait
    room = lay.plate.top - sp(2) - box.top
    pw = max(sp(8), min(round(box.w * 0.6), round(room / 1.45)))
    ph = max(sp(10), min(room, round(pw * 1.45)))
    phone = pygame.Rect(box.centerx - pw // 2, lay.plate.top - sp(2) - ph, pw, ph)
    radius = max(4, pw // 7)
    pygame.draw.rect(surface, DEVICE, phone, border_radius=radius)
    screen = phone.inflate(-2 * max(3, pw // 18), -2 * max(6, pw // 9))
    pygame.draw.rect(surface, pal.surface, screen, border_radius=max(2, radius - pw // 18))
    d = round(screen.w * 0.44)
    ring = pygame.Rect(screen.centerx - d // 2, screen.y + sp(2), d, d)
    avatar = pygame.Surface((d, d), pygame.SRCALPHA)
    pygame.draw.circle(avatar, pal.accent_soft, (d // 2, d // 2), d // 2)
    avatar.blit(_head(img, (d, d), 0.06), (0, 0))
    mask = pygame.Surface((d, d), pygame.SRCALPHA)
    pygame.draw.circle(mask, (255, 255, 255, 255), (d // 2, d // 2), d // 2)
    avatar.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MIN)
    surface.blit(avatar, ring.topleft)
    pygame.draw.circle(surface, pal.accent, ring.center, d // 2, width=max(2, sp(0.3)))
    bubble = pygame.Rect(screen.x + sp(1.5), ring.bottom + sp(2), screen.w - 2 * sp(1.5), 0)
    bubble.h = max(0, screen.bottom - sp(1.5) - bubble.y)
    if bubble.h > sp(3):
        pygame.draw.rect(surface, pal.surface_alt, bubble, border_radius=sp(1.2))
        lh, y = max(3, sp(0.8)), bubble.y + sp(1.5)
        for frac in (0.9, 0.8, 0.85, 0.6, 0.75, 0.4):
            if y + lh > bubble.bottom - sp(1):
                break
            pygame.draw.rect(surface, pal.line, (bubble.x + sp(1.5), y, round((bubble.w - 2 * sp(1.5)) * frac), lh),
                             border_radius=lh // 2)
            y += lh + sp(1.2)


def _video_tile(surface: pygame.Surface, geo: DialogueGeometry, theme: Theme, lay: Layout,
                img: pygame.Surface) -> None:
    """The person as they appear on a call: head and shoulders in a video tile, outlined as the speaker."""
    pal, sp = theme.palette, geo.sp
    box = lay.portrait
    tw = box.w
    th = max(sp(8), min(round(tw * 0.8), lay.plate.top - sp(2) - box.top))
    tile = pygame.Rect(box.x, lay.plate.top - sp(2) - th, tw, th)
    radius = max(4, sp(1.2))
    pygame.draw.rect(surface, DEVICE, tile, border_radius=radius)
    cam = tile.inflate(-2 * max(3, sp(0.6)), -2 * max(3, sp(0.6)))
    pygame.draw.rect(surface, (206, 200, 190), cam, border_radius=max(2, radius - sp(0.6)))
    head = _head(img, cam.size, -0.1)
    clip = pygame.Surface(cam.size, pygame.SRCALPHA)
    pygame.draw.rect(clip, (255, 255, 255, 255), clip.get_rect(), border_radius=max(2, radius - sp(0.6)))
    head.blit(clip, (0, 0), special_flags=pygame.BLEND_RGBA_MIN)
    surface.blit(head, cam.topleft)
    pygame.draw.rect(surface, pal.good, tile, width=max(2, sp(0.4)), border_radius=radius)  # the one speaking


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
