"""Whether a principle is improving: the rule `rapport history` and the history screen share.

A trend compares the mean level of the earliest attempts with that of the latest (up to three of each, and
never the same attempt on both sides), so one lucky or unlucky attempt does not flip the word. The two means
are what a trend line prints ("38% -> 73%, improving"), never the first and last points, which can disagree
with the word.
"""

from __future__ import annotations

from dataclasses import dataclass

TREND_THRESHOLD = 0.10  # a change in level smaller than this is "steady"


@dataclass(frozen=True)
class Trend:
    direction: str  # improving | steady | slipping | not enough data
    change: float | None  # `late` minus `early`
    early: float | None  # mean level of the earliest `k` attempts
    late: float | None  # mean level of the latest `k` attempts
    k: int  # how many attempts each mean covers (0: fewer than two attempts)


def trend(levels: list[float]) -> Trend:
    """The trend of a principle's levels (0.0 worst possible .. 1.0 best possible), oldest first."""
    if len(levels) < 2:
        return Trend("not enough data", None, None, None, 0)
    k = min(3, len(levels) // 2)
    early = sum(levels[:k]) / k
    late = sum(levels[-k:]) / k
    change = late - early
    word = "improving" if change > TREND_THRESHOLD else "slipping" if change < -TREND_THRESHOLD else "steady"
    return Trend(word, round(change, 3), round(early, 4), round(late, 4), k)
