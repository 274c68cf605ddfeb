"""Settings: text size, contrast, motion, speed, timers, mode, own words, fullscreen, self-voicing.

Every change applies at once and is saved at once, so a facilitator can turn
on the projector size mid-session and see it immediately.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pygame

from game.i18n import N_, _
from game.ui import draw, voice
from game.ui.scene import Scene
from game.ui.scroll import Scroll
from game.ui.settings import LANGUAGE_NAMES, LANGUAGES, MODES, TEXT_SIZES, TEXT_SPEEDS
from game.ui.widgets import ENTER_KEYS, Button, FocusGroup, button_key

if TYPE_CHECKING:
    from game.ui.context import Context


@dataclass(frozen=True)
class Row:
    key: str
    label: str  # marked with N_ and translated where shown
    help: str
    values: tuple[object, ...]  # the choices, in order; booleans are (False, True)


ROWS = (
    Row("text_size", N_("Text size"), N_("Projector is sized for the back of a workshop room."), TEXT_SIZES),
    Row("high_contrast", N_("High contrast"), N_("Black background, bright text and solid outlines."), (False, True)),
    Row("reduced_motion", N_("Reduced motion"), N_("Text appears at once instead of typing in."), (False, True)),
    Row("text_speed", N_("Text speed"), N_("How fast each line types in."), TEXT_SPEEDS),
    Row("timers", N_("Timers"), N_("A countdown on decisions that have one, for real-time pressure."), (False, True)),
    Row("mode", N_("Mode"),
        N_("Practice: a coach's note after each choice. Assessment: notes wait for the debrief."), MODES),
    Row("own_words", N_("Answer in my own words"),
        N_("At each decision, type what you would say; the game shows the choice it understood for you to "
           "confirm. Workshop mode keeps lettered choices."), (False, True)),
    Row("language", N_("Language"),
        N_("The language of the game's own words. System follows your computer; `--lang` sets it for one run."),
        LANGUAGES),
    Row("fullscreen", N_("Fullscreen"), N_("F11 switches at any time."), (False, True)),
    Row("self_voicing", N_("Self-voicing"), N_("Reads text and choices aloud (pyttsx3 with espeak-ng)."),
        (False, True)),
)

# What the choices of a row are called on screen (every choice that is not on/off).
VALUE_LABELS = {"small": N_("Small"), "medium": N_("Medium"), "large": N_("Large"), "projector": N_("Projector"),
                "slow": N_("Slow"), "normal": N_("Normal"), "fast": N_("Fast"),
                "practice": N_("Practice"), "assessment": N_("Assessment"), "": N_("System")}

# What Settings says when self-voicing's package is missing (the `voice` extra; the README says the same).
INSTALL_VOICE = N_('Not installed: add it with pip install "rapport-trainer[voice]" (from a clone: make play VOICE=1), '
                   "plus a speech engine such as espeak-ng.")


def choice_label(value: object) -> str:
    """A setting's choice as shown: a language by its own name, the others translated."""
    if isinstance(value, bool):
        return _("On") if value else _("Off")
    if value in LANGUAGE_NAMES:
        return LANGUAGE_NAMES[str(value)]
    label = VALUE_LABELS.get(str(value))
    return _(label) if label is not None else str(value).capitalize()


class SettingsScene(Scene):
    name = "settings"
    title = N_("Settings")

    def __init__(self, app: Context) -> None:
        super().__init__(app)
        self.focus = 0
        self.rects: list[pygame.Rect] = []
        self.group = FocusGroup()
        self.back = Button(N_("Done"), "back", "primary", hint="Esc")
        self.scroll = Scroll()
        self._reveal = False  # the focus moved by key: scroll it into view at the next draw

    def enter(self) -> None:
        self.focus = 0
        self.scroll.reset()
        self.group.set([self.back], keep=False)

    def spoken(self) -> str:
        return _("Settings. {row}").format(row=self._describe(ROWS[self.focus]))

    def _describe(self, row: Row) -> str:
        return _("{label}: {value}. {help}").format(label=_(row.label), value=self.value_label(row),
                                                    help=self.help_text(row))

    def available(self, row: Row) -> bool:
        if row.key == "own_words":
            return self.app.own_words_missing() is None and not self.app.workshop
        if row.key == "language":
            return self.app.lang_override is None
        return row.key != "self_voicing" or voice.available()

    def _value(self, row: Row) -> object:
        if row.key == "text_size":
            return self.app.text_size
        if row.key == "own_words":
            return self.app.own_words_wanted
        return getattr(self.app.settings, row.key)

    def value_label(self, row: Row) -> str:
        v = self._value(row)
        if row.key == "self_voicing" and not voice.available():
            return _("Not installed")
        if row.key == "own_words" and self.app.own_words_missing() is not None:
            return _("Not installed")
        if row.key == "own_words" and self.app.workshop:
            return _("Not in workshops")
        if row.key == "language" and self.app.lang_override is not None:
            return _("Set by --lang")
        return choice_label(v)

    def change(self, row: Row, step: int) -> None:
        if not self.available(row):
            return
        s = self.app.settings
        cur = self._value(row)
        i = row.values.index(cur) if cur in row.values else 0
        new = row.values[(i + step) % len(row.values)]
        if row.key == "own_words":  # `--own-words` holds for its run; App decides, and starts the model loading
            self.app.set_own_words(bool(new))
            self.app.speak(self._describe(row))
            return
        if row.key == "text_size":  # workshop mode keeps its size for the run; App decides
            self.app.set_text_size(str(new))
            self.app.speak(self._describe(row))
            return
        setattr(s, row.key, new)
        if row.key == "language":
            self.app.apply_language()
        if row.key == "fullscreen":
            self.app.saved_fullscreen = None  # the player's own choice, saved from now on
            self.app.apply_display_mode()
        self.app.save_settings()
        self.app.speak(self._describe(row))

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                self.app.flow.go("back")
                return
            if event.key in (pygame.K_UP, pygame.K_DOWN, pygame.K_TAB):
                back = event.key == pygame.K_UP or (event.key == pygame.K_TAB and event.mod & pygame.KMOD_SHIFT)
                self.focus = (self.focus + (-1 if back else 1)) % len(ROWS)
                self._reveal = True
                self.app.speak(self._describe(ROWS[self.focus]))
            elif event.key in (pygame.K_LEFT, pygame.K_RIGHT):
                self.change(ROWS[self.focus], -1 if event.key == pygame.K_LEFT else 1)
            elif event.key in ENTER_KEYS:
                self.change(ROWS[self.focus], 1)
            else:
                self.scroll.handle(event, arrows=False)
            return
        if self.scroll.handle(event, arrows=False):
            return
        if self.group.handle(event) == "back":
            self.app.flow.go("back")
            return
        if event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN):
            for i, r in enumerate(self.rects):
                if r.collidepoint(event.pos):
                    self.focus = i
                    if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
                        self.change(ROWS[i], -1 if event.pos[0] < r.right - r.w // 6 else 1)
                    return

    def layer_key(self) -> tuple[object, ...]:
        """The focused row (keys and hover move it), the scroll and the button's focus; every value shown is a
        setting, which the app keys for every screen."""
        return (self.focus, self.group.focus, button_key(self.back), self.scroll.key(), voice.available(),
                self.app.own_words_wanted)

    def help_text(self, row: Row) -> str:
        """The row's description; for self-voicing without its package, how to install it."""
        if row.key == "self_voicing" and not voice.available():
            return f"{_(row.help)} {_(INSTALL_VOICE)}"
        hint = self.app.own_words_missing() if row.key == "own_words" else None
        if hint:
            return _("{help} Not installed. {hint}").format(help=_(row.help), hint=hint)
        return _(row.help)

    def _layout(self, area: pygame.Rect) -> list[pygame.Rect]:
        """One column of rows at their full height (every description wraps, none is cut), in content
        coordinates; the column scrolls when it is taller than the area."""
        t = self.text
        pad = self.sp(2)
        width = min(area.w - Scroll.bar_width(self.theme) - self.sp(1), max(self.sp(90), area.w * 2 // 3))
        rects: list[pygame.Rect] = []
        y = area.y
        for row in ROWS:
            inner_w = width - 2 * pad
            h = 2 * self.sp(1.25) + max(t.line_height("body", "bold"), self.sp(3.5))
            h += t.height(self.help_text(row), inner_w, "caption") + self.sp(0.25)
            rects.append(pygame.Rect(area.x, y, width, h))
            y += h + self.sp(1)
        return rects

    def draw(self, surface: pygame.Surface) -> None:
        self.fill(surface)
        w, _h = surface.get_size()
        top = self.header(surface, _("Settings"), _("Changes apply at once and are saved for next time."))
        foot = self.footer_buttons(surface, self.group, [self.back])
        m = self.margin()
        area = pygame.Rect(m, top, w - 2 * m, foot - self.sp(2.5) - top)
        rects = self._layout(area)
        content = rects[-1].bottom - area.y if rects else 0
        bar = pygame.Rect(area.x, area.y, (rects[0].w if rects else 0) + self.sp(1) + Scroll.bar_width(self.theme),
                          area.h)
        self.scroll.fit(bar, content, self.text.line_height("body"))
        if self._reveal and rects:
            fr = rects[self.focus]
            self.scroll.show(fr.top - area.y, fr.bottom - area.y)
            self._reveal = False
        off = self.scroll.offset
        self.rects = [r.move(0, -off) for r in rects]
        surface.set_clip(area)
        for i, (row, rect) in enumerate(zip(ROWS, self.rects)):
            if rect.bottom >= area.top and rect.top <= area.bottom:
                self._row(surface, row, rect, i == self.focus)
        surface.set_clip(None)
        self.scroll.draw_bar(surface, self.theme)
        # Rows scrolled out of the area take no clicks.
        self.rects = [r if r.colliderect(area) else pygame.Rect(0, 0, 0, 0) for r in self.rects]

    def _row(self, surface: pygame.Surface, row: Row, rect: pygame.Rect, focused: bool) -> None:
        t, pal = self.text, self.pal
        draw.card(surface, rect, self.theme, pal.accent_soft if focused else pal.surface, shadow=not focused,
                  border=pal.accent if focused else None)
        pad = self.sp(2)
        inner = rect.inflate(-2 * pad, -2 * self.sp(1.25))
        ok = self.available(row)
        value = self.value_label(row)
        is_bool = isinstance(row.values[0], bool)
        bold = t.theme.fonts.get("bold", t.theme.px("body"))
        widest = max((bold.size(f"‹  {choice_label(v)}  ›")[0] for v in row.values), default=0)
        ctrl_w = self.sp(7) if is_bool and ok else (widest if ok else bold.size(value)[0] + 2)
        ctrl_w = min(ctrl_w, inner.w // 2)
        head_h = max(t.line_height("body", "bold"), self.sp(3.5))
        label_w = inner.w - ctrl_w - self.sp(2)
        t.draw(surface, _(row.label), pygame.Rect(inner.x, inner.y, label_w, head_h), "body", "bold",
               pal.ink if ok else pal.ink_muted, valign="middle")
        help_ = self.help_text(row)
        t.draw(surface, help_, pygame.Rect(inner.x, inner.y + head_h + self.sp(0.25), inner.w,
                                           t.height(help_, inner.w, "caption")), "caption", color=pal.ink_muted)
        ctrl = pygame.Rect(inner.right - ctrl_w, inner.y, ctrl_w, head_h)
        if is_bool and ok:
            on = bool(self._value(row))
            sw = pygame.Rect(0, 0, ctrl_w, min(head_h, self.sp(3.5)))
            sw.midright = ctrl.midright
            pygame.draw.rect(surface, pal.accent if on else pal.line, sw, border_radius=sw.h // 2)
            knob_r = sw.h // 2 - max(2, self.sp(0.4))
            kx = sw.right - sw.h // 2 if on else sw.x + sw.h // 2
            pygame.draw.circle(surface, pal.accent_ink if on else pal.surface, (kx, sw.centery), knob_r)
        else:
            label = f"‹  {value}  ›" if ok else value
            t.draw(surface, label, ctrl, "body", "bold", pal.accent if ok else pal.ink_muted, "right", "middle")
