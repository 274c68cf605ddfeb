"""Text from files, names and servers, made safe for a terminal: no control character gets through.

A scenario, a player name or an LRS body can hold escapes (`ESC ] 0 ; title BEL`, `ESC [ 2 J`) that
retitle the window, clear the screen or hide a link; bidi overrides can make text read backwards.
`CONTROL` is the one definition; `for_terminal` is used wherever such text is printed.
"""

from __future__ import annotations

import os
import re

# C0 except tab and newline, DEL, C1, and the bidi embeddings/overrides/isolates.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_OR_BREAK = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
NAME_MAX = 60


def _shown(m: re.Match[str]) -> str:
    c = ord(m.group())
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def for_terminal(text: object, *, keep_newlines: bool = True) -> str:
    """`text` with every control character written as a visible escape like `\\x1b`."""
    s = str(text)
    pattern = CONTROL if keep_newlines else _CONTROL_OR_BREAK
    # Lone surrogates (from file names read with surrogateescape) cannot be printed either.
    try:
        s = s.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate no file name could hold
        s = s.encode("utf-8", "backslashreplace").decode("utf-8")
    return pattern.sub(_shown, s)


def printable_name(name: str | os.PathLike[str]) -> str:
    """A file name fit to print: bytes that are not UTF-8 become `\\xff`, control characters escapes."""
    return for_terminal(os.fspath(name), keep_newlines=False)


def first_control(text: str) -> int | None:
    """The index of the first control character in `text`, or None."""
    m = CONTROL.search(text)
    return m.start() if m else None


def clean_player_name(raw: str) -> str:
    """A player name without control characters, spaces collapsed; ValueError with a sentence if unusable."""
    name = " ".join(_CONTROL_OR_BREAK.sub(" ", raw).split())
    if not name:
        raise ValueError("a player name needs at least one letter or digit; type your name.")
    if len(name) > NAME_MAX:
        raise ValueError(f"a player name may be at most {NAME_MAX} characters (this one has {len(name)}); "
                         "shorten it.")
    return name
