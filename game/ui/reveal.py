"""Reveal all (workshop mode): every option at a decision side by side, and what each would have led to.

Each card shows the option's reply, the coach's feedback, its effects and
where the story goes next, all taken from the engine (`workshop.outcomes`).
The panel sits over the decision or the discussion card like a dialog: V,
Escape, Enter or a click closes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pygame

from game.engine.session import Beat
from game.i18n import N_, _
from game.ui import draw
from game.ui.scroll import Scroll
from game.ui.text import MIN_PX
from game.ui.theme import Color
from game.ui.widgets import Button, FocusGroup
from game.ui.workshop import Outcome, letter, outcomes

if TYPE_CHECKING:
    from game.ui.context import Context
    from game.ui.stack import Painter

OUTCOME_LABEL = {"success": N_("Success"), "mixed": N_("Mixed result"), "setback": N_("Setback")}
CLASS_CHOICE, STRONGEST = N_("CLASS CHOICE"), N_("STRONGEST OPTION")
FLOOR = 0.8  # the smallest share of the type scale the cards shrink to; below it they scroll instead
CLOSE_KEYS = (pygame.K_ESCAPE, pygame.K_v, pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE)


@dataclass
class _Block:
    """One text row of a card, at a type role that the fitting pass may scale down."""

    text: str
    role: str
    weight: str
    colour: Color
    gap: int  # space above
    max_lines: int = 0  # 0: as many as it needs

    def shown(self, text: Any, width: int, px: int) -> str:
        """The text as drawn at this size: cut to `max_lines` when it has a limit."""
        if not self.max_lines:
            return self.text
        return str(text.clamp_px(self.text, width, px, self.weight, self.max_lines))


@dataclass
class _Chip:
    label: str
    fg: Color
    bg: Color


class RevealPanel:
    """The reveal-all dialog; opened with `App.open_modal`."""

    def __init__(self, app: Context, heading: str, prompt: str, items: list[Outcome]) -> None:
        self.app = app
        self.heading = heading
        self.prompt = prompt
        self.items = items
        self.close = Button(N_("Close"), "close", "primary", hint="V")
        self.group = FocusGroup([self.close])
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.cards: list[pygame.Rect] = []
        self.scroll = Scroll()
        wheres = {self._where(o) for o in items}
        # When every option leads on to the same moment, say it once above the cards instead of in each.
        self.shared_next = wheres.pop() if len(items) > 1 and len(wheres) == 1 and items[0].ending_title is None \
            else None

    @classmethod
    def for_decision(cls, app: Context, taken: Sequence[int], beat: Beat | None, chosen: int | None = None,
                     step: int | None = None) -> RevealPanel:
        """The panel for the decision reached by file indexes `taken` (`chosen`: the class's pick there)."""
        session = app.flow.session
        assert session is not None, "reveal-all needs a playthrough"
        items = outcomes(session.scenario, taken, mode=session.mode, seed=session.seed, chosen=chosen,
                         in_order=session.in_order)
        n = (step if step is not None else len(taken)) + 1
        prompt = beat.text if beat is not None else ""
        return cls(app, _("REVEAL ALL · DECISION {n}").format(n=n), prompt, items)

    # -- the overlay contract
    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key in CLOSE_KEYS:
            self.app.close_modal()
            return
        if self.scroll.handle(event):  # cards taller than the window scroll: arrows, pages, the wheel
            return
        if self.group.handle(event) == "close":
            self.app.close_modal()

    def layer_key(self) -> tuple[object, ...]:
        """The panel is fixed once open but for its button's focus (hover moves it)."""
        return (self, self.group.key(), self.scroll.key())  # a panel compares by identity

    def spoken(self) -> str:
        parts = [_("Reveal all. {prompt}").format(prompt=self.prompt)]
        for o in self.items:
            parts.append(f"{letter(o.number)}: {o.text}. {o.feedback or ''} {self._where(o)}.")
        return " ".join(parts)

    # -- content
    def _name(self, speaker: str | None) -> str:
        session = self.app.flow.session
        chars = session.scenario.characters if session is not None else {}
        if speaker in chars:
            return str(chars[speaker].name)
        return "" if speaker in (None, "narrator") else (_("You") if speaker == "you" else str(speaker))

    def _where(self, o: Outcome) -> str:
        if o.ending_title is not None:
            return _("Ends: {ending} ({outcome})").format(
                ending=o.ending_title, outcome=_(OUTCOME_LABEL.get(o.ending_outcome or "", N_("Ending"))))
        if o.next_line is None:
            return _("The scenario goes on.")
        return _("Next: {moment}").format(moment=self._next(o))

    def _next(self, o: Outcome) -> str:
        """The moment an option leads on to: its scene, who speaks and the line."""
        who = self._name(o.next_speaker)
        scene = f"{o.next_scene}. " if o.next_scene else ""
        return f"{scene}{who + ': ' if who else ''}{o.next_line or ''}"

    def _blocks(self, o: Outcome) -> list[_Block]:
        pal = self.app.theme.palette
        sp = self.app.theme.space
        out = [_Block(o.text, "body", "bold", pal.ink, 0)]
        if o.reply:
            who = self._name(o.reply_speaker)
            out.append(_Block(f"{who + ': ' if who else ''}\u201c{o.reply}\u201d", "caption", "italic", pal.ink,
                              sp(1)))
        out.append(_Block(o.feedback or _("No coach's note on this option."), "caption", "regular",
                          pal.ink_muted if o.feedback else pal.ink_muted, sp(1)))
        if self.shared_next is not None:
            return out
        out.append(_Block(self._where(o), "caption", "bold", pal.good if o.ending_outcome == "success" else
                          pal.bad if o.ending_outcome == "setback" else pal.accent, sp(1)))
        return out

    def _chips(self, o: Outcome) -> list[_Chip]:
        pal = self.app.theme.palette
        session = self.app.flow.session
        pack = session.scenario.pack if session is not None else None
        principles: dict[str, Any] = pack.principles if pack is not None else {}
        patterns: dict[str, Any] = pack.patterns if pack is not None else {}
        chars = session.scenario.characters if session is not None else {}
        chips = []
        for pid, v in o.score.items():
            name = principles[pid].name if pid in principles else pid
            colour = pal.good if v > 0 else pal.bad
            chips.append(_Chip(f"{draw.signed(v)} {name}", colour, draw.mix(colour, pal.surface, 0.86)))
        for cid, v in o.rapport.items():
            name = chars[cid].name if cid in chars else cid
            colour = pal.good if v > 0 else pal.bad
            chips.append(_Chip((_("{name} warms") if v > 0 else _("{name} cools")).format(name=_short(name)), colour,
                               draw.mix(colour, pal.surface, 0.86)))
        for pid in o.patterns:
            name = patterns[pid].name if pid in patterns else pid
            chips.append(_Chip(name, pal.mixed, draw.mix(pal.mixed, pal.surface, 0.86)))
        if not chips:
            chips.append(_Chip(_("No score change"), pal.ink_muted, pal.surface_alt))
        return chips

    # -- layout
    def _chip_rows(self, chips: list[_Chip], width: int) -> list[list[tuple[_Chip, int]]]:
        """Chips flowed into rows of `width`, each with its measured width (never wider than a row)."""
        text = self.app.text
        gap = self.app.theme.space(0.75)
        rows: list[list[tuple[_Chip, int]]] = [[]]
        x = 0
        for c in chips:
            cw = min(width, draw.chip_size(text, c.label)[0])
            if rows[-1] and x + cw > width:
                rows.append([])
                x = 0
            rows[-1].append((c, cw))
            x += cw + gap
        return rows

    def _px(self, role: str, scale: float) -> int:
        return max(MIN_PX, int(self.app.theme.px(role) * scale))

    def _height(self, blocks: list[_Block], width: int, scale: float) -> int:
        text = self.app.text
        total = 0
        for b in blocks:
            px = self._px(b.role, scale)
            total += b.gap + text.surface(b.shown(text, width, px), b.weight, px, b.colour,  # type: ignore[arg-type]
                                          width).get_height()
        return total

    def _columns(self, n: int, w: int, h: int) -> int:
        if n <= 1:
            return 1
        if n == 2 or n == 4:
            return 2
        return 3 if w / max(1, h) >= 1.7 else 2

    def draw(self, surface: pygame.Surface, app: Painter) -> None:
        th, text = app.theme, app.text
        pal = th.palette
        sp = th.space
        draw.scrim(surface, th, rgba=(*pal.scrim[:3], 190))
        w, h = surface.get_size()
        m = max(sp(2), round(w * 0.025))
        self.rect = pygame.Rect(m, m, w - 2 * m, h - 2 * m)
        draw.card(surface, self.rect, th, pal.bg)
        pad = sp(3)
        inner = self.rect.inflate(-2 * pad, -2 * pad)
        # header: overline and prompt on the left, the close button on the right
        bw, bh = self.close.size(text)
        self.close.rect = pygame.Rect(inner.right - bw, inner.y, bw, bh)
        self.group.draw(surface, text)
        left_w = inner.w - bw - sp(2)
        r = text.draw(surface, self.heading, pygame.Rect(inner.x, inner.y, left_w, text.line_height("caption", "bold")),
                      "caption", "bold", pal.accent, wrap=False)
        y = r.bottom + sp(0.5)
        prompt = self.prompt
        ph = text.height(prompt, left_w, "lead", "bold")
        r = text.draw(surface, prompt, pygame.Rect(inner.x, y, left_w, ph), "lead", "bold", pal.ink)
        y = max(r.bottom, self.close.rect.bottom)
        if self.shared_next is not None:
            y += sp(1)
            first = self.items[0]
            rest = self._next(first) if first.next_line is not None else self.shared_next
            line = (_("Both options lead on to: {moment}") if len(self.items) == 2
                    else _("Every option leads on to: {moment}")).format(moment=rest)
            lh = text.height(line, inner.w, "body", "bold")
            r = text.draw(surface, line, pygame.Rect(inner.x, y, inner.w, lh), "body", "bold", pal.accent)
            y = r.bottom
        top = y + sp(2.5)
        area = pygame.Rect(inner.x, top, inner.w, inner.bottom - top)
        self._grid(surface, area)

    def _grid(self, surface: pygame.Surface, area: pygame.Rect) -> None:
        """The option cards in a grid. Text shrinks a little so they fit; when even then they are taller than
        the area, they keep that size and the grid scrolls, so no card loses a word."""
        th, text = self.app.theme, self.app.text
        pal = th.palette
        sp = th.space
        n = len(self.items)
        self.cards = []
        if not n:
            text.draw(surface, _("Nothing to reveal here."), area, "body", color=pal.ink_muted)
            return
        gap = sp(2)
        pad = sp(2)
        bar = Scroll.bar_width(th) + sp(1)
        labels = [c.label for o in self.items for c in self._chips(o)] + [_(CLASS_CHOICE), _(STRONGEST)]
        widest = max(draw.chip_size(text, label)[0] for label in labels)
        cols = self._columns(n, area.w, area.h)
        while cols > 1 and (area.w - bar - gap * (cols - 1)) // cols - 2 * pad < widest:
            cols -= 1  # narrower cards would cut a chip's label
        rows = -(-n // cols)
        cw = (area.w - bar - gap * (cols - 1)) // cols
        badge = max(sp(3), text.line_height("body", "bold"))
        iw = cw - 2 * pad
        tw = iw - badge - sp(1.25)
        chip_h = draw.chip_size(text, "Ag")[1]
        plans = []
        for o in self.items:
            blocks = self._blocks(o)
            chip_rows = self._chip_rows(self._chips(o), iw)
            fixed = len(chip_rows) * chip_h + (len(chip_rows) - 1) * sp(0.5) + sp(1.5) + self._tags_h(o, iw)
            plans.append((o, blocks, chip_rows, fixed))

        def card_h(plan: tuple[Outcome, list[_Block], list[list[tuple[_Chip, int]]], int], scale: float) -> int:
            _a, b, _c, fixed = plan
            return 2 * pad + max(badge, self._height(b[:1], tw, scale)) + self._height(b[1:], iw, scale) + fixed + 2

        def heights(scale: float) -> list[int]:
            return [max(card_h(p, scale) for p in plans[r * cols:(r + 1) * cols]) for r in range(rows)]

        # One type scale for every card: the largest, down to FLOOR, at which all of them fit.
        scale = 1.0
        while scale > FLOOR and sum(heights(scale)) + gap * (rows - 1) > area.h:
            scale = max(FLOOR, scale * 0.92)
        row_h = heights(scale)
        content = sum(row_h) + gap * (rows - 1)
        if content <= area.h:  # it fits: the rows share the spare height, each keeping what it needs
            spare = (area.h - content) // rows
            row_h = [h + spare for h in row_h]
            content = sum(row_h) + gap * (rows - 1)
        self.scroll.fit(area, content, text.line_height("body"))
        surface.set_clip(area.inflate(sp(1), 0))
        y = area.y - self.scroll.offset
        for r in range(rows):
            for c, plan in enumerate(plans[r * cols:(r + 1) * cols]):
                o, blocks, chip_rows, _fixed = plan
                rect = pygame.Rect(area.x + c * (cw + gap), y, cw, row_h[r])
                self.cards.append(rect)
                if rect.bottom >= area.top and rect.top <= area.bottom:
                    self._card(surface, rect, o, blocks, chip_rows, scale, pad, badge, chip_h)
            y += row_h[r] + gap
        surface.set_clip(None)
        self.scroll.draw_bar(surface, th)

    def _tags_h(self, o: Outcome, width: int) -> int:
        """The height of the CLASS CHOICE / STRONGEST OPTION tags: one row, or two when both do not fit."""
        if not (o.best or o.chosen):
            return 0
        text, sp = self.app.text, self.app.theme.space
        chip_h = draw.chip_size(text, "Ag")[1]
        both = o.best and o.chosen
        wide = draw.chip_size(text, _(CLASS_CHOICE))[0] + sp(0.75) + draw.chip_size(text, _(STRONGEST))[0]
        return (2 * chip_h + sp(0.5) if both and wide > width else chip_h) + sp(1)

    def _card(self, surface: pygame.Surface, rect: pygame.Rect, o: Outcome, blocks: list[_Block],
              chip_rows: list[list[tuple[_Chip, int]]], scale: float, pad: int, badge: int, chip_h: int) -> None:
        th, text = self.app.theme, self.app.text
        pal = th.palette
        sp = th.space
        edge = pal.accent if o.chosen else (pal.good if o.best else None)
        draw.card(surface, rect, th, pal.surface, border=edge)
        if edge is not None:
            pygame.draw.rect(surface, edge, rect, width=max(2, sp(0.3)), border_radius=th.radius)
        inner = rect.inflate(-2 * pad, -2 * pad)
        y = inner.y
        if o.best or o.chosen:
            x, ty = inner.x, y
            for label, colour in ((_(CLASS_CHOICE), pal.accent) if o.chosen else ("", pal.accent),
                                  (_(STRONGEST), pal.good) if o.best else ("", pal.good)):
                if label:
                    if x > inner.x and x + draw.chip_size(text, label)[0] > inner.right:
                        x, ty = inner.x, ty + chip_h + sp(0.5)  # the second tag on its own row
                    c = draw.chip(surface, text, label, x, ty, inner.right - x, pal.surface, colour)
                    x = c.right + sp(0.75)
            y += self._tags_h(o, inner.w)
        # the letter badge, then the option's own words beside it
        brect = pygame.Rect(inner.x, y, badge, badge)
        pygame.draw.rect(surface, pal.accent, brect, border_radius=badge // 3)
        lab = letter(o.number)
        surf = text.surface(lab, "bold", text.theme.px("body"), pal.accent_ink)
        text.blit(surface, surf, lab, brect, "center", "middle")
        tw = inner.w - badge - sp(1.25)
        bottom = inner.bottom - (len(chip_rows) * chip_h + (len(chip_rows) - 1) * sp(0.5) + sp(1.5))
        first = blocks[0]
        y = self._block(surface, first, pygame.Rect(brect.right + sp(1.25), y, tw, bottom - y), scale)
        y = max(y, brect.bottom)
        for b in blocks[1:]:
            y = self._block(surface, b, pygame.Rect(inner.x, y + b.gap, inner.w, bottom - y - b.gap), scale)
        # the effects, as chips along the bottom of the card
        cy = inner.bottom - (len(chip_rows) * chip_h + (len(chip_rows) - 1) * sp(0.5))
        pygame.draw.line(surface, pal.line, (inner.x, cy - sp(0.75)), (inner.right, cy - sp(0.75)))
        for row in chip_rows:
            x = inner.x
            for chip, cw in row:
                c = draw.chip(surface, text, chip.label, x, cy, cw, chip.fg, chip.bg)
                x = c.right + sp(0.75)
            cy += chip_h + sp(0.5)

    def _block(self, surface: pygame.Surface, b: _Block, box: pygame.Rect, scale: float) -> int:
        """Draw one block at the shared scale, cut with an ellipsis if the card is still too small; new y."""
        text = self.app.text
        if box.h <= 0:
            return box.y
        px = self._px(b.role, scale)
        shown = b.shown(text, box.w, px)
        surf = text.surface(shown, b.weight, px, b.colour, box.w)  # type: ignore[arg-type]
        if surf.get_height() > box.h:
            lines = max(1, box.h // text.theme.fonts.get(b.weight, px).get_linesize())  # type: ignore[arg-type]
            shown = text.clamp_px(shown, box.w, px, b.weight, lines)  # type: ignore[arg-type]
            surf = text.surface(shown, b.weight, px, b.colour, box.w)  # type: ignore[arg-type]
            if surf.get_height() > box.h:
                return box.y  # not even one line fits: leave it out rather than spill
        r = text.blit(surface, surf, shown, pygame.Rect(box.x, box.y, box.w, surf.get_height()))
        return r.bottom


def _short(name: str) -> str:
    """A first name for a chip ("Aisha Siddiqui" -> "Aisha"); titles like "Dr." keep the full name."""
    parts = name.split()
    return parts[0] if len(parts) > 1 and not parts[0].endswith(".") else name
