"""Scenario format version 1 as pydantic models: the format, its validation and its JSON Schema.

The models check shape and types only. Cross-references (targets, principles,
characters, assets, conditions, loops) are checked in `check.py`, so that one
pass reports every problem with its line and column.
"""



from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints

from game.scenario.model import ID_PATTERN, NODE_KINDS, Difficulty, Mood, Outcome

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, min_length=1, max_length=64)]
AssetKey = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]+$", min_length=1, max_length=64)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=4000)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Effect = Annotated[int, Field(ge=-3, le=3)]
FlagValue = Annotated[bool, Field()] | Annotated[int, Field(ge=-1_000_000, le=1_000_000)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True, frozen=False)


class Principle(_Strict):
    name: ShortText
    summary: Text
    tip: Text


class Pattern(_Strict):
    name: ShortText
    principle: Id
    summary: Text
    tip: Text | None = None


class PrincipleSet(_Strict):
    """The contents of principles.yaml; each section, when present, replaces the built-in one."""

    principles: dict[Id, Principle] | None = None
    patterns: dict[Id, Pattern] | None = None


class PackInfo(_Strict):
    """pack.yaml: optional description of a pack."""

    title: ShortText | None = None
    author: ShortText | None = None
    version: Annotated[str, StringConstraints(max_length=40)] | None = None
    license: ShortText | None = None
    language: Annotated[str, StringConstraints(max_length=20)] | None = None
    description: Text | None = None


class Look(_Strict):
    """How the game draws a character that has no portrait PNG (format 1.1); what is left out comes from the id."""

    age: Literal["young", "adult", "older"] | None = None
    skin: Annotated[int, Field(ge=1, le=6)] | None = None
    hair: Literal["short", "long", "curly", "coily", "bun", "ponytail", "braids", "locs", "buzz", "bald"] | None = None
    hair_color: Literal["black", "brown", "auburn", "red", "blonde", "gray", "white"] | None = None
    facial_hair: Literal["none", "stubble", "mustache", "beard"] | None = None
    glasses: bool | None = None
    headwear: Literal["none", "hijab", "turban", "kippah", "cap", "headscarf"] | None = None
    outfit: Literal["suit", "blazer", "shirt", "sweater", "cardigan", "hoodie", "dress"] | None = None
    color: Literal["navy", "teal", "maroon", "green", "gray", "black", "mustard", "plum", "coral", "white"] | None = None


class Character(_Strict):
    name: ShortText
    role: ShortText | None = None
    portrait: AssetKey | None = None
    rapport: Annotated[int, Field(ge=-10, le=10)] = 0
    look: Look | None = None


class Choice(_Strict):
    id: Id | None = None
    text: Text
    to: Id
    if_: Text | None = Field(default=None, alias="if")
    score: dict[Id, Effect] = Field(default_factory=dict)
    rapport: dict[Id, Effect] = Field(default_factory=dict)
    set: dict[Id, FlagValue] = Field(default_factory=dict)
    pattern: Id | Annotated[list[Id], Field(min_length=1, max_length=8)] | None = None
    feedback: Text | None = None
    reply: Text | None = None
    examples: Annotated[list[Text], Field(min_length=1, max_length=20)] | None = None
    mood: Mood | None = None

    @property
    def patterns(self) -> tuple[str, ...]:
        if self.pattern is None:
            return ()
        return (self.pattern,) if isinstance(self.pattern, str) else tuple(self.pattern)


class BranchEntry(_Strict):
    if_: Text | None = Field(default=None, alias="if")
    to: Id


class Node(_Strict):
    speaker: Id = "narrator"
    text: Annotated[str, StringConstraints(max_length=4000)] = ""
    scene: ShortText | None = None
    setting: AssetKey | None = None
    timer: Annotated[int, Field(ge=1, le=600)] | None = None
    discuss: Text | None = None
    choices: Annotated[list[Choice], Field(min_length=1, max_length=6)] | None = None
    branch: Annotated[list[BranchEntry], Field(min_length=1, max_length=20)] | None = None
    next: Id | None = None
    end: Id | None = None
    requires: Text | None = None
    mood: Mood | None = None
    shuffle: bool | None = None

    @property
    def kind(self) -> str:
        """Which of choices/branch/next/end this node has (the checker ensures exactly one)."""
        for k in NODE_KINDS:
            if getattr(self, k) is not None:
                return k
        return "none"


class Ending(_Strict):
    title: ShortText
    text: Text
    outcome: Outcome
    requires: Text | None = None
    perspective: dict[Id, Text] = Field(default_factory=dict)


class Scenario(_Strict):
    """One scenario file."""

    id: Id | None = None
    title: ShortText
    summary: Text
    goal: Text | None = None
    setting: AssetKey | None = None
    difficulty: Difficulty = "beginner"
    minutes: Annotated[int, Field(ge=1, le=240)] | None = None
    tags: Annotated[list[ShortText], Field(max_length=30)] = Field(default_factory=list)
    focus: Annotated[list[Id], Field(max_length=20)] = Field(default_factory=list)
    characters: dict[Id, Character] = Field(default_factory=dict)
    start: Id | None = None
    nodes: Annotated[dict[Id, Node], Field(min_length=1)]
    endings: Annotated[dict[Id, Ending], Field(min_length=1)]
    shuffle: bool | None = None
    reflect: Text | Annotated[list[Text], Field(min_length=1, max_length=10)] | None = None

    # Filled by the loader: where the file is, its pack, and the parsed conditions.
    _path: str = PrivateAttr(default="")
    _pack: Any = PrivateAttr(default=None)
    _conditions: dict[tuple[str, str, int], Any] = PrivateAttr(default_factory=dict)
    _document: Any = PrivateAttr(default=None)  # the parsed YAML, for positions in lint warnings
    _cache: dict[str, Any] = PrivateAttr(default_factory=dict)  # compiled forms kept by higher layers

    @property
    def start_id(self) -> str:
        return self.start or next(iter(self.nodes))

    @property
    def path(self) -> str:
        return self._path

    @property
    def pack(self) -> Any:
        """The `Pack` this scenario was loaded with (principles, patterns, assets)."""
        return self._pack

    def condition(self, node_id: str, where: str, index: int) -> Any:
        """The parsed `Condition` of a choice (`where="choice"`) or branch entry, or None."""
        return self._conditions.get((node_id, where, index))
