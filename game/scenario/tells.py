"""The answer-key tells of a scenario, measured for authors (`rapport stats`) and held by the pack tests.

A list of options gives the answer away when the best one (by total score) is nearly always listed first,
or is nearly always the longest, or never costs anything. People who say nothing after you speak teach
nothing either. These figures are read from the file alone: no play, no paths.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from game.scenario.model import Choice, Scenario

# "Do X and ask Y": the shape the first pack gave its best options four times as often as its wrong ones.
ASK_SHAPE = re.compile(r"\b(?:and|then)\s+(?:then\s+)?(?:ask|offer)\b", re.IGNORECASE)


@dataclass(frozen=True)
class DecisionTells:
    """One decision node: which options score the highest total, and whether the highest scorer is also the
    first listed, the longest, the only one shaped "do X and ask Y", and whether the decision is a real
    trade-off (the best costs something, or the runner-up is within one point)."""

    node: str
    totals: tuple[int, ...]  # each option's own total over all principles, in file order
    best: frozenset[int]  # file indexes of the options with the highest total (ties all count)
    best_is_first: bool
    best_is_longest: bool
    best_alone_in_ask_shape: bool
    trade_off: bool


def total(c: Choice) -> int:
    return sum(c.score.values())


def costs(c: Choice) -> bool:
    """A negative score on any principle, or a negative rapport with anyone."""
    return any(v < 0 for v in c.score.values()) or any(v < 0 for v in c.rapport.values())


def decision_tells(sc: Scenario, nid: str) -> DecisionTells:
    choices = list(sc.nodes[nid].choices or [])
    totals = tuple(total(c) for c in choices)
    top = max(totals)
    best = frozenset(i for i, t in enumerate(totals) if t == top)
    lengths = [len(c.text) for c in choices]
    longest = max(range(len(choices)), key=lambda i: (lengths[i], -i))
    shaped = {i for i, c in enumerate(choices) if ASK_SHAPE.search(c.text)}
    rest = sorted((t for i, t in enumerate(totals) if i not in best), reverse=True)
    runner_up_close = len(best) > 1 or (bool(rest) and top - rest[0] <= 1)
    return DecisionTells(
        node=nid, totals=totals, best=best,
        best_is_first=0 in best,
        best_is_longest=longest in best,
        best_alone_in_ask_shape=bool(shaped & best) and not (shaped - best),
        trade_off=runner_up_close or any(costs(choices[i]) for i in best),
    )


def decisions(sc: Scenario) -> list[DecisionTells]:
    """Per decision node with two or more options (a single-option node decides nothing), in file order."""
    return [decision_tells(sc, nid) for nid, node in sc.nodes.items()
            if node.choices is not None and len(node.choices) > 1]


@dataclass(frozen=True)
class Tells:
    """The tells of one scenario, or of a pack (the sums over its scenarios)."""

    decisions: int
    best_first: int  # decisions whose best option is listed first in the file
    best_longest: int  # decisions whose best option is the longest
    trade_offs: int  # decisions with a real trade-off
    at_lines: int  # choices made at a character's line
    replied: int  # of those, the ones with a `reply`
    trade_off_nodes: tuple[str, ...] = ()
    silent: tuple[str, ...] = ()  # "node:choice" of the choices at a character's line with no reply

    @staticmethod
    def share(n: int, d: int) -> float:
        return n / d if d else 0.0

    @property
    def best_first_share(self) -> float:
        return self.share(self.best_first, self.decisions)

    @property
    def best_longest_share(self) -> float:
        return self.share(self.best_longest, self.decisions)

    @property
    def reply_share(self) -> float:
        """The share of choices at a character's line that have a reply (1.0 when there are none)."""
        return self.share(self.replied, self.at_lines) if self.at_lines else 1.0

    def to_dict(self) -> dict[str, object]:
        return {
            "decisions": self.decisions,
            "best_listed_first": self.best_first, "best_listed_first_share": round(self.best_first_share, 3),
            "best_is_longest": self.best_longest, "best_is_longest_share": round(self.best_longest_share, 3),
            "trade_offs": self.trade_offs, "trade_off_nodes": list(self.trade_off_nodes),
            "choices_at_character_lines": self.at_lines, "with_reply": self.replied,
            "reply_share": round(self.reply_share, 3), "silent_choices": list(self.silent),
        }


def scenario_tells(sc: Scenario) -> Tells:
    ds = decisions(sc)
    at_lines = [(nid, c) for nid, node in sc.nodes.items() if node.speaker in sc.characters
                for c in node.choices or []]
    silent = tuple(f"{nid}:{c.choice_id}" for nid, c in at_lines if not (c.reply or "").strip())
    return Tells(
        decisions=len(ds),
        best_first=sum(d.best_is_first for d in ds),
        best_longest=sum(d.best_is_longest for d in ds),
        trade_offs=sum(d.trade_off for d in ds),
        at_lines=len(at_lines), replied=len(at_lines) - len(silent),
        trade_off_nodes=tuple(d.node for d in ds if d.trade_off), silent=silent,
    )


def pack_tells(rows: list[Tells]) -> Tells:
    return Tells(
        decisions=sum(t.decisions for t in rows), best_first=sum(t.best_first for t in rows),
        best_longest=sum(t.best_longest for t in rows), trade_offs=sum(t.trade_offs for t in rows),
        at_lines=sum(t.at_lines for t in rows), replied=sum(t.replied for t in rows),
    )


def format_tells(rows: list[tuple[str, Tells]], pack: Tells | None) -> str:
    """A table an author reads at a glance: the shares of best-first and best-longest (lower is better; a
    third or less is what chance gives with three options), trade-offs, and the reply share."""
    head = (f"{'answer-key tells':28} {'best first':>10} {'best longest':>12} {'trade-offs':>10} "
            f"{'replies at lines':>16}")
    lines = [head, "-" * len(head)]

    def row(name: str, t: Tells) -> str:
        return (f"{name[:28]:28} {f'{t.best_first_share:.0%}':>10} {f'{t.best_longest_share:.0%}':>12} "
                f"{f'{t.trade_offs}/{t.decisions}':>10} {f'{t.reply_share:.0%} ({t.replied}/{t.at_lines})':>16}")

    lines += [row(name, t) for name, t in rows]
    if pack is not None:
        lines += ["-" * len(head), row("pack", pack)]
    lines += [
        "best first, best longest: how often the top-scoring option is listed first in the file, or is the",
        "  longest (lower is better; the shipped pack holds each under 40% and 35%).",
        "trade-offs: decisions where the best option costs something or the runner-up is within one point.",
        "replies at lines: choices made at a character's line that get a reply (people react).",
    ]
    return "\n".join(lines)
