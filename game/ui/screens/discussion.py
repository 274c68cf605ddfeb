"""The discussion card (workshop mode): after each decision, a question for the room.

The question is the node's own `discuss:` when the author wrote one, or a
default drawn from the principle that decision puts most at stake. The
facilitator can reveal what every option would have led to (V), then moves on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

import pygame

from game.engine.session import Beat
from game.i18n import N_, _
from game.ui import draw
from game.ui.scene import Same, Scene
from game.ui.widgets import Button, FocusGroup, button_key
from game.ui.workshop import Prompt, letter, prompt_for

if TYPE_CHECKING:
    from game.engine.session import Decision
    from game.ui.context import Context


# What one row of the card shows (its kind says which).
Payload: TypeAlias = "str | tuple[str, str, int]"

class DiscussionScene(Scene):
    name = "discussion"
    title = N_("Discuss")

    def __init__(self, app: Context) -> None:
        super().__init__(app)
        self.group = FocusGroup()
        self.reveal = Button(N_("Reveal all"), "reveal", hint="V")
        self.cont = Button(N_("Continue"), "continue", "primary", hint="Enter")
        self.prompt: Prompt | None = None
        self.beat: Beat | None = None

    @property
    def decision(self) -> Decision | None:
        step = self.app.flow.last_step
        return step.decision if step is not None else None

    def enter(self) -> None:
        step = self.app.flow.last_step
        session = self.app.flow.session
        last = step is not None and step.ending is not None
        self.cont.label = N_("See the class's debrief") if last else N_("Continue")
        self.group.set([self.reveal, self.cont], keep=False)
        self.group.focus = 1
        self.beat = None
        self.prompt = None
        d = self.decision
        beat = self.app.flow.last_beat  # the decision beat as the engine built it; `discuss:` rides on it
        if d is not None and session is not None and beat is not None and beat.node_id == d.node_id:
            self.beat = beat
            self.prompt = prompt_for(session.scenario, beat)

    def spoken(self) -> str:
        d = self.decision
        if d is None or self.prompt is None:
            return ""
        return _("Discuss. The class chose {letter}: {choice}. {prompt}").format(letter=letter(d.number), choice=d.text,
                                                                                prompt=self.prompt.text)

    # -- input
    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                self.app.dialogue.pause()
                return
            if event.key == pygame.K_v:
                self.act("reveal")
                return
        action = self.group.handle(event)
        if action:
            self.act(action)

    def act(self, action: str) -> None:
        flow = self.app.flow
        d = self.decision
        if action == "reveal" and d is not None and flow.session is not None:
            from game.ui.reveal import RevealPanel

            taken = [x.index for x in flow.session.log[:d.step]]
            self.app.open_modal(RevealPanel.for_decision(self.app, taken, self.beat, chosen=d.index, step=d.step))
        elif action == "continue":
            flow.go("resume")  # the dialogue plays the rest of its queue, or finishes to the debrief

    # -- drawing
    def layer_key(self) -> tuple[object, ...]:
        """The step and prompt discussed, the setting behind them and the buttons' focus (hover moves it)."""
        return (Same(self.app.flow.last_step), Same(self.prompt), Same(self.beat), self.app.dialogue.setting,
                self.group.focus, button_key(self.reveal), button_key(self.cont))

    def draw(self, surface: pygame.Surface) -> None:
        flow = self.app.flow
        self.backdrop(surface, self.app.dialogue.setting, flow.entry.pack if flow.entry else None, veil=0.82)
        foot = self.footer_buttons(surface, self.group, [self.reveal, self.cont], align="center")
        d = self.decision
        if d is None or self.prompt is None:
            return
        pal = self.pal
        w, _h = surface.get_size()
        m = self.margin()
        cw = min(w - 2 * m, self.sp(130))
        pad = self.sp(5)
        iw = cw - 2 * pad
        area = pygame.Rect((w - cw) // 2, m, cw, foot - self.sp(3) - m)
        parts = self._parts(iw, area.h - 2 * pad)
        gap = self.row_gap()
        content_h = sum(h for *_rest, h in parts) + gap * (len(parts) - 1) + 2 * pad
        rect = pygame.Rect(area.x, area.y + max(0, (area.h - content_h) // 2), cw, min(area.h, content_h))
        draw.card(surface, rect, self.theme)
        pygame.draw.rect(surface, pal.accent, (rect.x, rect.y, rect.w, self.sp(0.75)),
                         border_top_left_radius=self.theme.radius, border_top_right_radius=self.theme.radius)
        y = rect.y + pad
        for kind, payload, h in parts:
            box = pygame.Rect(rect.x + pad, y, iw, min(h, max(0, rect.bottom - pad - y)))
            self._part(surface, kind, payload, box)
            y += h + gap

    def _parts(self, iw: int, room: int) -> list[tuple[str, Payload, int]]:
        """The card's rows and their heights; the question gets whatever room the rest leaves."""
        t, d, p = self.text, self.decision, self.prompt
        assert p is not None and d is not None
        inset = self.sp(2)
        badge = self._badge()
        chose = d.text  # whole: the room reads what it chose; the question shrinks to leave it the room
        chose_h = max(badge, t.height(chose, iw - 2 * inset - badge - self.sp(1.5), "lead", "italic")) \
            + 2 * self.sp(1.5)
        parts: list[tuple[str, Payload, int]] = [
            ("overline", _("DISCUSS · DECISION {n}").format(n=d.step + 1), t.line_height("caption", "bold")),
            ("chose", chose, chose_h),
        ]
        about = ""
        if p.source == "principle" and p.principle_name:
            about = p.principle_summary or ""
        label_h = t.line_height("caption", "bold") + self.sp(0.5) if p.source == "principle" else 0
        about_h = label_h + (t.height(about, iw, "body") if about else 0)
        gaps = self.row_gap() * (len(parts) + (1 if about_h else 0))  # between every row once the question is in
        question_room = max(t.line_height("h2", "black"),
                            room - sum(h for *_rest, h in parts) - about_h - gaps)
        # the size the question settles on, so the card hugs it instead of leaving a gap below
        q_h = t.fit(p.text, pygame.Rect(0, 0, iw, question_room), "h1", "black").get_height()
        parts.append(("question", p.text, min(question_room, q_h)))
        if about_h:
            parts.append(("about", (_("PRINCIPLE AT STAKE · {name}").format(name=(p.principle_name or "").upper()), about, label_h), about_h))
        return parts

    def row_gap(self) -> int:
        return self.sp(2.5)

    def _badge(self) -> int:
        return max(self.sp(4), self.text.line_height("lead", "bold") + self.sp(1))

    def _part(self, surface: pygame.Surface, kind: str, payload: Payload, box: pygame.Rect) -> None:
        t, pal = self.text, self.pal
        text = payload if isinstance(payload, str) else ""  # every row but the principle's (a tuple)
        if box.h <= 0:
            return
        if kind == "overline":
            t.draw(surface, text, box, "caption", "bold", pal.accent, wrap=False)
        elif kind == "chose":
            pygame.draw.rect(surface, pal.surface_alt, box, border_radius=self.theme.radius)
            inner = box.inflate(-2 * self.sp(2), -2 * self.sp(1.5))
            badge = self._badge()
            brect = pygame.Rect(inner.x, inner.y + max(0, (inner.h - badge) // 2), badge, badge)
            pygame.draw.rect(surface, pal.accent, brect, border_radius=badge // 3)
            lab = letter(self.decision.number) if self.decision is not None else ""
            t.draw(surface, lab, brect, "lead", "bold", pal.accent_ink, "center", "middle", wrap=False)
            label_box = pygame.Rect(brect.right + self.sp(1.5), inner.y, inner.right - brect.right - self.sp(1.5),
                                    inner.h)
            t.draw(surface, text, label_box, "lead", "italic", pal.ink, valign="middle")
        elif kind == "question":
            t.draw(surface, text, box, "h1", "black", pal.ink)
        elif kind == "about":
            label, summary, label_h = payload if isinstance(payload, tuple) else ("", "", 0)
            pygame.draw.line(surface, pal.line, (box.x, box.y - self.sp(1.25)), (box.right, box.y - self.sp(1.25)))
            t.draw(surface, label, pygame.Rect(box.x, box.y, box.w, label_h), "caption", "bold", pal.accent,
                   wrap=False)
            if summary:
                t.draw(surface, summary, pygame.Rect(box.x, box.y + label_h, box.w, box.h - label_h), "body",
                       color=pal.ink_muted)
