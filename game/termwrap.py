"""Lines fitted to the terminal's width, broken between words.

A word is split only when it is longer than a whole line. Spaces inside a line that fits are kept (the
debrief's columns line up); an indented line ("  1. ...") continues under its text. Color codes
(`ESC [ ... m`) take no width, and wide characters (CJK) take two columns.
"""

from __future__ import annotations

import re
import shutil
import unicodedata

FALLBACK_COLUMNS = 80
_SGR = re.compile(r"\x1b\[[0-9;]*m")
_SGR_PARTS = re.compile(r"(\x1b\[[0-9;]*m)")
_GAPS = re.compile(r"(\s+)")
_MARKER = re.compile(r"(\s*)(\d+\.\s+|[-*]\s+)?")


def terminal_width() -> int:
    """The terminal's width in columns (`COLUMNS` when set), 80 when it cannot be told."""
    columns = shutil.get_terminal_size((FALLBACK_COLUMNS, 24)).columns
    return columns if columns > 0 else FALLBACK_COLUMNS


def _char_width(c: str) -> int:
    if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1


def width_of(text: str) -> int:
    """Columns `text` takes on a terminal: color codes take none."""
    return sum(_char_width(c) for c in _SGR.sub("", text))


def _split_long(word: str, room: int, width: int) -> list[str]:
    """A word longer than a line, cut into pieces: the first fits `room`, each other one `width`."""
    pieces: list[str] = []
    cur, used = "", 0
    for part in _SGR_PARTS.split(word):
        if _SGR.fullmatch(part):
            cur += part  # a color code takes no room
            continue
        for c in part:
            w = _char_width(c)
            if used and used + w > (width if pieces else room):
                pieces.append(cur)
                cur, used = "", 0
            cur += c
            used += w
    pieces.append(cur)
    return pieces


def wrap(text: str, width: int) -> list[str]:
    """`text` (one line, no newline) as lines no wider than `width`, broken at spaces."""
    if width_of(text) <= width or width < 2:
        return [text]
    parts = _GAPS.split(text)  # word, gap, word, gap, ..., word ("" first when the line starts with spaces)
    m = _MARKER.match(text)
    marker = width_of(m.group(0)) if m else 0
    indent = " " * marker if marker <= width // 2 else ""
    lead = parts[1] if parts[0] == "" and len(parts) > 1 else ""
    if width_of(lead) > width // 2:
        lead = ""
    words = parts[2::2] if lead or parts[0] == "" else parts[0::2]
    gaps = [""] + (parts[3::2] if lead or parts[0] == "" else parts[1::2])
    lines: list[str] = []
    cur, used, empty = lead, width_of(lead), True  # `empty`: no word on the current line yet
    for gap, word in zip(gaps, words):
        w = width_of(word)
        if not empty and used + width_of(gap) + w <= width:
            cur, used = cur + gap + word, used + width_of(gap) + w
            continue
        if not empty:
            lines.append(cur)
            cur, used = indent, len(indent)
        if used + w <= width:
            cur, used = cur + word, used + w
        else:  # longer than a whole line: the only case a word is split
            pieces = _split_long(word, width - used, width - len(indent))
            for piece in pieces[:-1]:
                lines.append(cur + piece)
                cur = indent
            cur, used = cur + pieces[-1], len(indent) + width_of(pieces[-1])
        empty = False
    lines.append(cur)
    return [line.rstrip() for line in lines]


def fit(text: str, width: int | None = None) -> str:
    """Every line of `text` wrapped to `width` (the terminal's width when None), joined by newlines."""
    w = terminal_width() if width is None else width
    return "\n".join(line for part in text.split("\n") for line in wrap(part, w))


__all__ = ["FALLBACK_COLUMNS", "fit", "terminal_width", "width_of", "wrap"]
