"""What one choice did, in words: the score changes by principle name and who warmed or cooled.

The numbers are the engine's own (a `Decision`'s `score` and `rapport`); the window's coach's note and
text play both show them through these two functions, so they always say the same thing (in the window's
language; text play is English until it is translated).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from game.i18n import _


def score_changes(decision: Any, principles: Mapping[str, Any]) -> list[tuple[str, int]]:
    """(principle name, change) for each principle the choice moved, in the choice's order."""
    return [(principles[p].name if p in principles else p, v) for p, v in decision.score.items() if v]


def rapport_changes(decision: Any, characters: Mapping[str, Any]) -> list[str]:
    """"Maya Chen warmed to you." or "... cooled toward you." for each character the choice moved."""
    out = []
    for cid, v in decision.rapport.items():
        if v:
            name = characters[cid].name if cid in characters else cid
            out.append((_("{name} warmed to you.") if v > 0 else _("{name} cooled toward you.")).format(name=name))
    return out
