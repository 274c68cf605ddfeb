"""A decision answered in the player's own words, in the window: type, see what was understood, confirm.

The player types into a field (game.ui.answer_field); Enter asks the matcher (game.ownwords: the same
`OwnWords.matcher` and `Match.confident` that text play uses) which authored choice the words mean.
When it is confident the choice is shown in its own wording and Enter takes it; when it is not, the
top two are offered. Tab shows every choice, to pick another; Backspace goes back to the words. What
was typed is kept with the decision (the debrief shows it); the score comes from the authored choice.

The model loads in a background thread (App.own_words_model); until it is ready the field says so and
keeps what is typed, and an answer sent meanwhile is matched as soon as the model is there.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import pygame

from game.i18n import N_, _
from game.ui import draw
from game.ui.answer_field import AnswerField
from game.ui.widgets import ChoiceList

if TYPE_CHECKING:
    from game.ui.context import Context
    from game.ui.text import TextRenderer

log = logging.getLogger(__name__)

TYPE, SURE, UNSURE, LIST = "type", "sure", "unsure", "list"
# Marked with N_ and translated where shown.
ASK = N_("What do you say? Type it in your own words.")
LOADING = N_("Loading the matching model\u2026 keep typing; your words are kept.")
EMPTY = N_("Type what you would say first, or press Tab to see the choices.")
HINTS = {
    TYPE: N_("Enter: answer   \u00b7   Tab: see the choices   \u00b7   Esc: clear"),
    SURE: N_("Enter: go with that   \u00b7   Tab: pick another   \u00b7   Backspace: change your words"),
    UNSURE: N_("Enter or a number: pick   \u00b7   Tab: all choices   \u00b7   Backspace: change your words"),
    LIST: N_("A number, or arrows and Enter: pick   \u00b7   Backspace: change your words"),
}
HEADINGS = {SURE: N_("I understood:"), UNSURE: N_("I'm not sure which you mean. The closest two:"),
            LIST: N_("Pick the choice you meant:")}


class OwnWordsAsk:
    """One decision's own-words exchange: its state, the field, and the choices it offers."""

    def __init__(self, app: Context) -> None:
        self.app = app
        self.field = AnswerField()
        self.state = TYPE
        self.options: list[Any] = []  # the engine's Options on screen (id, number, text, choice)
        self.pending = False  # Enter was pressed while the model loaded: match once it is ready
        self.notice: str | None = None
        self.choices = ChoiceList()
        self.field_rect = pygame.Rect(0, 0, 0, 0)
        self._matcher: Any = None
        self._loading = False  # the last update saw the model loading: draw again once it is ready

    def start(self, options: list[Any]) -> None:
        """A new decision: an empty field over these options."""
        self.options = list(options)
        self.field.clear()
        self.state = TYPE
        self.pending = False
        self.notice = None
        self._matcher = None
        self.choices.set_options([])
        if pygame.display.get_init():
            pygame.key.start_text_input()
        self.app.speak(_(ASK))

    # -- state
    def said(self) -> str | None:
        """What the player typed, to keep with the decision (None when they only picked from the list)."""
        return self.field.text.strip() or None

    def ready(self) -> bool:
        model = self.app.own_words_model()
        return model is None or bool(model.ready())

    def key(self) -> tuple[object, ...]:
        return (self.state, self.field.text, self.field.caret, self.ready(), self.pending, self.notice,
                self.choices.key())

    def _show(self, state: str, options: list[Any]) -> None:
        self.state = state
        self.choices.set_options([(o.number, o.text) for o in options])
        self.app.dirty = True
        words = " ".join(f"{o.number}: {o.text}." for o in options)
        self.app.speak(f"{_(HEADINGS[state])} {words} {_(HINTS[state])}")

    def _fall_back(self, why: str) -> None:
        """The words cannot be matched: say why, and offer the whole list."""
        self.notice = why
        self._show(LIST, self.options)

    def submit(self) -> None:
        typed = self.field.text.strip()
        if not typed:
            self.notice = _(EMPTY)
            return
        model = self.app.own_words_model()
        if model is None:
            self._fall_back(_("Answering in your own words is off; pick a choice."))
            return
        if not model.ready():
            self.pending = True
            return
        self.pending = False
        try:
            if model.error is not None:
                raise model.error
            if self._matcher is None:
                self._matcher = model.matcher(self.options)
            m = self._matcher.match(typed)
        except Exception as exc:  # the extra is damaged or missing: the player can still pick
            log.warning("own-words matching failed: %s", exc)
            self._fall_back(_("Your words could not be matched ({error}); pick the choice you meant.").format(error=exc))
            return
        by_id = {o.id: o for o in self.options}
        top = by_id[m.choice]
        self.notice = None
        if m.confident:
            self._show(SURE, [top])
        else:
            second = by_id.get(m.runner_up) if m.runner_up is not None else None
            self._show(UNSURE, [top] + ([second] if second is not None else []))

    # -- input
    def handle(self, event: pygame.event.Event) -> int | str | None:
        """The number of the option taken, "pause" (Esc with nothing to clear), or None."""
        key = event.key if event.type == pygame.KEYDOWN else None
        if self.state == TYPE:
            if key == pygame.K_ESCAPE:
                if not self.field.text:
                    return "pause"
                self.field.clear()
                self.notice = None
                return None
            if key == pygame.K_TAB:
                self.notice = None
                self._show(LIST, self.options)
                return None
            did = self.field.handle(event)
            if did == "edit":
                self.notice = None
            elif did == "submit":
                self.submit()
            return None
        if key == pygame.K_ESCAPE:
            return "pause"
        if key == pygame.K_BACKSPACE:
            self.state = TYPE
            self.notice = None
            self.choices.set_options([])
            self.app.speak(_("Your words: {words}. Edit them, then press Enter.").format(words=self.field.text))
            return None
        if key == pygame.K_TAB and self.state != LIST and not event.mod & pygame.KMOD_SHIFT:
            self._show(LIST, self.options)
            return None
        if event.type == pygame.TEXTINPUT:
            return None
        return self.choices.handle(event)

    def update(self) -> bool:
        """True while the model loads (the field waits for it); an answer sent meanwhile is matched then."""
        if self.state != TYPE:
            return False
        if not self.ready():
            self._loading = True
            return True
        if self._loading:
            self._loading = False
            self.app.dirty = True
        if self.pending:
            self.submit()
            self.app.dirty = True
        return False

    # -- drawing
    def draw(self, surface: pygame.Surface, text: TextRenderer, area: pygame.Rect) -> None:
        """The field or the choices it became, on a card at the top of the dialogue's choices area (the card
        is as tall as what it holds, so the scene stays in view below it)."""
        th = text.theme
        pal = th.palette
        gap = th.space(1)
        pad = th.space(2)
        box = area.inflate(-2 * pad, -2 * pad)
        hint = _(HINTS[self.state])
        if self.state == TYPE and not self.ready():
            hint = _(LOADING)
        hint_h = text.height(hint, box.w, "caption")
        notice_h = text.height(self.notice, box.w, "caption", "bold") + gap if self.notice else 0
        bottom = box.bottom - hint_h - notice_h - gap
        said = self.said() if self.state != TYPE else None
        quote = _("You said: \u201c{said}\u201d").format(said=said) if said else ""
        quote_h = min(text.height(quote, box.w, "caption", "italic"), max(0, (bottom - box.y) // 3)) if quote else 0
        heading = _(ASK) if self.state == TYPE else _(HEADINGS[self.state])
        head_h = text.height(heading, box.w, "body", "bold")
        y = box.y + (quote_h + gap if quote else 0) + head_h + gap
        if self.state == TYPE:
            line_h = th.fonts.get("regular", th.px("body")).get_linesize()
            lines_max = max(1, (bottom - y - 2 * th.space(1.25)) // line_h)
            body_h = min(self.field.height(text, box.w, lines_max), max(0, bottom - y))
            self.field_rect = pygame.Rect(box.x, y, box.w, body_h)
        else:
            body_h = self.choices.layout(pygame.Rect(box.x, y, box.w, max(0, bottom - y)), text)
        end = y + body_h + gap + notice_h + hint_h
        draw.card(surface, pygame.Rect(area.x, area.y, area.w, min(area.h, end - area.y + pad)), th)
        y = box.y
        if quote:
            r = text.draw(surface, quote, pygame.Rect(box.x, y, box.w, quote_h), "caption", "italic", pal.ink_muted)
            y = r.bottom + gap
        text.draw(surface, heading, pygame.Rect(box.x, y, box.w, head_h), "body", "bold", pal.ink)
        if self.state == TYPE:
            placeholder = _("Loading\u2026") if not self.ready() else _("Type your answer here")
            self.field.draw(surface, text, self.field_rect, placeholder)
            if self.app.window and pygame.display.get_init():
                pygame.key.set_text_input_rect(self.field_rect)  # where an input method shows its candidates
            y = self.field_rect.bottom + gap
        else:
            self.choices.draw(surface, text)
            y = (self.choices.slots[-1].rect.bottom if self.choices.slots else y + head_h) + gap
        if self.notice:
            r = text.draw(surface, self.notice, pygame.Rect(box.x, y, box.w, notice_h - gap), "caption", "bold",
                          pal.bad)
            y = r.bottom + gap
        text.draw(surface, hint, pygame.Rect(box.x, y, box.w, hint_h), "caption", color=pal.ink_muted)
