"""A decision and a debrief, defined once: the engine builds them, the store keeps them, exports and xAPI read them.

This module is a leaf (standard library only) so the engine can build these
records without importing the rest of the store, and the store never imports
the engine. Stored data (the database's JSON, a learner's export) is read back
with `from_dict`, which raises `KeyError` when a field every version wrote is
missing, instead of reading a renamed field as 0. Fields added later (choice
ids, the order shown, `perspective`, `reflect`) have defaults, so records from
before them still read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from typing import Any


def position_id(index: int) -> str:
    """The id of a choice that has no explicit `id`: its 1-based position in the file."""
    return str(index + 1)


@dataclass(frozen=True)
class Decision:
    """One choice made: which one (by id and by file index), where it was on screen, and what it did."""

    step: int  # 0-based decision number in the playthrough
    node_id: str
    number: int  # 1-based position on screen among the options shown (it follows the shuffled order)
    index: int  # 0-based position in the node's `choices` in the file
    text: str
    to: str
    score: Mapping[str, int] = field(default_factory=dict)
    rapport: Mapping[str, int] = field(default_factory=dict)
    set: Mapping[str, bool | int] = field(default_factory=dict)
    patterns: tuple[str, ...] = ()
    feedback: str | None = None
    reply: str | None = None
    elapsed: float | None = None
    choice_id: str = ""  # the choice's `id`, else its position in the file ("1", "2", ...)
    shown: tuple[str, ...] = ()  # the ids of the options on screen, in the order shown (empty: not known)
    said: str | None = None  # what the player typed, when they answered in their own words

    def __post_init__(self) -> None:
        if not self.choice_id:  # records from before choice ids: the position is the id
            object.__setattr__(self, "choice_id", position_id(self.index))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(Decision):
            value = getattr(self, f.name)
            out[f.name] = dict(value) if isinstance(value, Mapping) else list(value) if isinstance(value, tuple) \
                else value
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Decision:
        return cls(**_decision_values(data))


def _decision_values(data: Mapping[str, Any]) -> dict[str, Any]:
    """The Decision fields of a stored dict; KeyError when one every version wrote is missing."""
    return {
        "step": int(data["step"]), "node_id": str(data["node_id"]), "number": int(data["number"]),
        "index": int(data["index"]), "text": str(data["text"]), "to": str(data["to"]),
        "score": dict(data.get("score") or {}), "rapport": dict(data.get("rapport") or {}),
        "set": dict(data.get("set") or {}), "patterns": tuple(data.get("patterns") or ()),
        "feedback": data.get("feedback"), "reply": data.get("reply"), "elapsed": data.get("elapsed"),
        "choice_id": str(data.get("choice_id") or ""), "shown": tuple(data.get("shown") or ()),
        "said": None if data.get("said") is None else str(data["said"]),
    }


# The parts of a decision the database keeps in its `effects` JSON column (the rest have columns).
EFFECT_FIELDS = ("score", "rapport", "set", "feedback", "reply", "said")


@dataclass(frozen=True)
class PrincipleResult:
    id: str
    name: str
    score: int
    best: int
    worst: int
    in_focus: bool
    tip: str
    summary: str

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PrincipleResult:
        return cls(id=str(data["id"]), name=str(data["name"]), score=int(data["score"]), best=int(data["best"]),
                   worst=int(data["worst"]), in_focus=bool(data["in_focus"]), tip=str(data.get("tip") or ""),
                   summary=str(data.get("summary") or ""))


@dataclass(frozen=True)
class PatternResult:
    id: str
    name: str
    principle: str
    summary: str
    tip: str
    count: int

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PatternResult:
        return cls(id=str(data["id"]), name=str(data["name"]), principle=str(data.get("principle") or ""),
                   summary=str(data.get("summary") or ""), tip=str(data.get("tip") or ""), count=int(data["count"]))


@dataclass(frozen=True)
class DecisionReview:
    """One decision in the debrief, next to the best choice there for the scenario's focus."""

    step: int
    node_id: str
    prompt: str
    chosen_index: int
    chosen_text: str
    best_index: int
    best_text: str
    feedback: str | None
    best_feedback: str | None
    was_best: bool
    score: dict[str, int]
    patterns: list[str]
    elapsed: float | None
    chosen_id: str = ""
    best_id: str = ""
    shown: list[str] = field(default_factory=list)  # the option ids in the order the player saw them
    said: str | None = None  # what the player typed, when they answered in their own words

    def __post_init__(self) -> None:
        if not self.chosen_id:
            object.__setattr__(self, "chosen_id", position_id(self.chosen_index))
        if not self.best_id:
            object.__setattr__(self, "best_id", position_id(self.best_index))

    def number_of(self, choice_id: str) -> int | None:
        """Where a choice was on screen (1-based), or None when the order shown is not known."""
        return self.shown.index(choice_id) + 1 if choice_id in self.shown else None

    @property
    def chosen_number(self) -> int | None:
        return self.number_of(self.chosen_id)

    @property
    def best_number(self) -> int | None:
        return self.number_of(self.best_id)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DecisionReview:
        return cls(
            step=int(data["step"]), node_id=str(data["node_id"]), prompt=str(data.get("prompt") or ""),
            chosen_index=int(data["chosen_index"]), chosen_text=str(data["chosen_text"]),
            best_index=int(data["best_index"]), best_text=str(data["best_text"]), feedback=data.get("feedback"),
            best_feedback=data.get("best_feedback"), was_best=bool(data["was_best"]),
            score=dict(data.get("score") or {}), patterns=list(data.get("patterns") or []),
            elapsed=data.get("elapsed"), chosen_id=str(data.get("chosen_id") or ""),
            best_id=str(data.get("best_id") or ""), shown=[str(s) for s in data.get("shown") or []],
        )


@dataclass(frozen=True)
class Perspective:
    """What one character thought of the exchange (the ending's `perspective`), for "Their side"."""

    character: str
    name: str
    text: str
    role: str | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Perspective:
        return cls(character=str(data["character"]), name=str(data.get("name") or data["character"]),
                   text=str(data["text"]), role=data.get("role"))


@dataclass(frozen=True)
class Debrief:
    """The end of an attempt as plain data: the ending, each principle, the patterns, every decision reviewed."""

    scenario_id: str
    title: str
    ending_id: str | None
    ending_title: str | None
    ending_text: str | None
    outcome: str | None
    grade: int
    total: int
    best_total: int
    worst_total: int
    principles: list[PrincipleResult] = field(default_factory=list)
    patterns: list[PatternResult] = field(default_factory=list)
    decisions: list[DecisionReview] = field(default_factory=list)
    perspective: list[Perspective] = field(default_factory=list)  # the ending's, in the file's order
    reflect: list[str] = field(default_factory=list)  # the scenario's questions to take away

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Debrief:
        """A stored debrief (`to_dict()` as JSON); KeyError names a field that is missing."""
        return cls(
            scenario_id=str(data["scenario_id"]), title=str(data["title"]), ending_id=data["ending_id"],
            ending_title=data["ending_title"], ending_text=data["ending_text"], outcome=data["outcome"],
            grade=int(data["grade"]), total=int(data["total"]), best_total=int(data["best_total"]),
            worst_total=int(data["worst_total"]),
            principles=[PrincipleResult.from_dict(p) for p in data.get("principles") or []],
            patterns=[PatternResult.from_dict(p) for p in data.get("patterns") or []],
            decisions=[DecisionReview.from_dict(d) for d in data.get("decisions") or []],
            perspective=[Perspective.from_dict(p) for p in data.get("perspective") or []],
            reflect=_questions(data.get("reflect")),
        )


def _questions(value: str | Sequence[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(q) for q in value]


def reflect_questions(value: str | Sequence[str] | None) -> list[str]:
    """A scenario's `reflect` (one question or a list) as a list."""
    return _questions(value)


__all__ = ["EFFECT_FIELDS", "Debrief", "Decision", "DecisionReview", "PatternResult", "Perspective",
           "PrincipleResult", "position_id", "reflect_questions"]
