"""The own-words text field: what the player types at a decision, wrapped, with a caret at its end.

Text comes from pygame's TEXTINPUT events (so accents, dead keys and input methods work); Backspace
deletes a character (Ctrl+Backspace a word), Enter submits. The field wraps its own lines, so the
caret can be drawn exactly after the last character at every text size.
"""

from __future__ import annotations

import pygame

from game.ui.text import TextRenderer
from game.ui.widgets import ENTER_KEYS

MAX_CHARS = 300  # a spoken answer is a sentence or two; the matcher reads far less


def wrap(font: pygame.font.Font, text: str, width: int) -> list[str]:
    """`text` in lines no wider than `width`: broken at spaces, and inside a word only when it is too long."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if font.size(candidate)[0] <= width or not line and not word:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        for ch in word:  # a word wider than the field breaks where it must
            if line and font.size(line + ch)[0] > width:
                lines.append(line)
                line = ""
            line += ch
    lines.append(line)
    return lines


class AnswerField:
    """The typed answer and how it is edited; drawing is `draw`, which returns the height it took."""

    def __init__(self) -> None:
        self.text = ""

    def clear(self) -> None:
        self.text = ""

    def handle(self, event: pygame.event.Event) -> str | None:
        """"edit" when the text changed, "submit" on Enter, None for anything the field does not take."""
        if event.type == pygame.TEXTINPUT:
            typed = "".join(ch for ch in event.text if ch.isprintable())
            if not typed:
                return None
            self.text = (self.text + typed)[:MAX_CHARS]
            return "edit"
        if event.type != pygame.KEYDOWN:
            return None
        if event.key == pygame.K_BACKSPACE:
            if not self.text:
                return None
            if event.mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT):
                self.text = self.text.rstrip().rsplit(" ", 1)[0] if " " in self.text.rstrip() else ""
            else:
                self.text = self.text[:-1]
            return "edit"
        if event.key in ENTER_KEYS:
            return "submit"
        return None

    def height(self, text: TextRenderer, width: int, lines_max: int, role: str = "body") -> int:
        """The field's height at `width`: its lines (at least one, at most `lines_max`) and padding."""
        th = text.theme
        font = th.fonts.get("regular", th.px(role))
        pad = th.space(1.25)
        n = len(wrap(font, self.text, max(1, width - 2 * pad)))
        return max(1, min(n, lines_max)) * font.get_linesize() + 2 * pad

    def draw(self, surface: pygame.Surface, text: TextRenderer, box: pygame.Rect, placeholder: str,
             role: str = "body") -> None:
        """The field in `box`: a framed card, the typed lines (the last ones, when there are more than fit)
        and a caret after the last character; `placeholder` in muted ink while nothing is typed."""
        th = text.theme
        pal = th.palette
        pygame.draw.rect(surface, pal.surface, box, border_radius=th.radius)
        pygame.draw.rect(surface, pal.accent, box, width=max(2, th.space(0.3)), border_radius=th.radius)
        pad = th.space(1.25)
        inner = box.inflate(-2 * pad, -2 * pad)
        font = th.fonts.get("regular", th.px(role))
        line_h = font.get_linesize()
        caret_w = max(2, th.space(0.3))
        if not self.text:
            text.draw(surface, placeholder, pygame.Rect(inner.x + 2 * caret_w, inner.y, inner.w - 2 * caret_w, line_h),
                      role, "italic", pal.ink_muted, wrap=False)
            pygame.draw.rect(surface, pal.accent, (inner.x, inner.y + 2, caret_w, line_h - 4))
            return
        lines = wrap(font, self.text, max(1, inner.w - caret_w))
        fit = max(1, inner.h // line_h)
        y = inner.y
        for line in lines[-fit:]:  # the caret's end stays in view; earlier lines scroll up out of the box
            surf = text.surface(line, "regular", th.px(role), pal.ink)
            text.blit(surface, surf, line, pygame.Rect(inner.x, y, inner.w, line_h))
            y += line_h
        last_w = font.size(lines[-1])[0]
        pygame.draw.rect(surface, pal.accent, (min(inner.right - caret_w, inner.x + last_w + 1), y - line_h + 2,
                                               caret_w, line_h - 4))
