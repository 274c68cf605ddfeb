"""The own-words text field: what the player types at a decision, wrapped, with a caret in it.

Text comes from pygame's TEXTINPUT events (so accents, dead keys and input methods work) and goes in at
the caret. Left/Right move the caret a character (with Ctrl or Alt, a word), Home/End to the start or
end; Backspace deletes the character before it and Delete the one after (with Ctrl or Alt, a word);
Enter submits. The field wraps its own lines, so the caret is drawn exactly where it is at every text
size, and the view keeps the caret's line in sight.
"""

from __future__ import annotations

import pygame

from game.ui.text import TextRenderer
from game.ui.widgets import ENTER_KEYS

MAX_CHARS = 300  # a spoken answer is a sentence or two; the matcher reads far less


def spans(font: pygame.font.Font, text: str, width: int) -> list[tuple[int, int]]:
    """Where `wrap`'s lines lie in `text`: (start, end) of each, so line i is text[start:end].

    The space a line breaks at belongs to neither line."""
    out: list[tuple[int, int]] = []
    start = end = pos = 0
    line = ""  # always text[start:end]
    for word in text.split(" "):
        at = pos
        pos += len(word) + 1
        candidate = f"{line} {word}" if line else word
        if font.size(candidate)[0] <= width or not line and not word:
            if not line:
                start = at
            line, end = candidate, at + len(word)
            continue
        if line:
            out.append((start, end))
        line, start = "", at
        for ch in word:  # a word wider than the field breaks where it must
            if line and font.size(line + ch)[0] > width:
                out.append((start, start + len(line)))
                start += len(line)
                line = ""
            line += ch
        end = start + len(line)
    out.append((start, end))
    return out


def wrap(font: pygame.font.Font, text: str, width: int) -> list[str]:
    """`text` in lines no wider than `width`: broken at spaces, and inside a word only when it is too long."""
    return [text[a:b] for a, b in spans(font, text, width)]


def caret_line(lines: list[tuple[int, int]], caret: int) -> int:
    """The line the caret is drawn on: the last one starting at or before it."""
    return max((i for i, (a, _b) in enumerate(lines) if a <= caret), default=0)


def word_left(text: str, i: int) -> int:
    """The start of the word before index `i` (spaces before it skipped)."""
    while i > 0 and text[i - 1] == " ":
        i -= 1
    while i > 0 and text[i - 1] != " ":
        i -= 1
    return i


def word_right(text: str, i: int) -> int:
    """The end of the word after index `i` (spaces before it skipped)."""
    n = len(text)
    while i < n and text[i] == " ":
        i += 1
    while i < n and text[i] != " ":
        i += 1
    return i


class AnswerField:
    """The typed answer, the caret in it (an index into `text`), and how they are edited; drawing is `draw`."""

    def __init__(self) -> None:
        self.text = ""
        self._caret = 0

    @property
    def caret(self) -> int:
        return max(0, min(self._caret, len(self.text)))  # `text` may have been set from outside

    @caret.setter
    def caret(self, i: int) -> None:
        self._caret = max(0, min(i, len(self.text)))

    def clear(self) -> None:
        self.text = ""
        self._caret = 0

    def handle(self, event: pygame.event.Event) -> str | None:
        """"edit" when the text changed, "move" when only the caret did, "submit" on Enter, None for
        anything the field does not take."""
        if event.type == pygame.TEXTINPUT:
            typed = "".join(ch for ch in event.text if ch.isprintable())[:MAX_CHARS - len(self.text)]
            if not typed:
                return None
            at = self.caret
            self.text = self.text[:at] + typed + self.text[at:]
            self.caret = at + len(typed)
            return "edit"
        if event.type != pygame.KEYDOWN:
            return None
        by_word = bool(event.mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT))
        at, text = self.caret, self.text
        if event.key == pygame.K_BACKSPACE:
            if at == 0:
                return None
            if by_word:
                before = text[:at].rstrip()
                start = len(before.rsplit(" ", 1)[0]) if " " in before else 0
            else:
                start = at - 1
            self.text = text[:start] + text[at:]
            self.caret = start
            return "edit"
        if event.key == pygame.K_DELETE:
            if at == len(text):
                return None
            stop = word_right(text, at) if by_word else at + 1
            self.text = text[:at] + text[stop:]
            return "edit"
        moves = {pygame.K_LEFT: word_left(text, at) if by_word else at - 1,
                 pygame.K_RIGHT: word_right(text, at) if by_word else at + 1,
                 pygame.K_HOME: 0, pygame.K_END: len(text)}
        if event.key in moves:
            self.caret = moves[event.key]
            return "move" if self.caret != at else None
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
        """The field in `box`: a framed card, the typed lines (those round the caret, when there are more than fit)
        and the caret where it is; `placeholder` in muted ink while nothing is typed."""
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
        lines = spans(font, self.text, max(1, inner.w - caret_w))
        fit = max(1, inner.h // line_h)
        caret = self.caret
        at = caret_line(lines, caret)
        first = max(0, min(len(lines) - fit, at - fit + 1))  # the caret's line stays in view
        y = inner.y
        for a, b in lines[first:first + fit]:
            line = self.text[a:b]
            surf = text.surface(line, "regular", th.px(role), pal.ink)
            text.blit(surface, surf, line, pygame.Rect(inner.x, y, inner.w, line_h))
            y += line_h
        a, b = lines[at]
        x = font.size(self.text[a:min(caret, b)])[0]
        top = inner.y + (at - first) * line_h
        pygame.draw.rect(surface, pal.accent, (min(inner.right - caret_w, inner.x + x + 1), top + 2,
                                               caret_w, line_h - 4))
