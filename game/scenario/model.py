"""The scenario objects the game plays with: plain classes, built from data pydantic-core validated.

`spec.py` defines format v1 with pydantic (the contract, the JSON Schema, and
the source of the generated validators). These classes carry the same fields
and defaults — a test checks that they agree — without importing pydantic, so
`rapport validate` starts in a fraction of the time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Protocol, get_args

if TYPE_CHECKING:
    from game.scenario.expr import Condition
    from game.scenario.yamlread import Document

# The format's shared constants, defined here once; every other module imports them.
NODE_KINDS = ("choices", "branch", "next", "end")  # a node has exactly one of these
ID_PATTERN = r"^[a-z0-9_-]+$"

Difficulty = Literal["beginner", "intermediate", "advanced"]
Outcome = Literal["success", "mixed", "setback"]
Mood = Literal["warm", "neutral", "cool", "amused", "concerned", "surprised"]
DIFFICULTIES: tuple[Difficulty, ...] = get_args(Difficulty)
OUTCOMES: tuple[Outcome, ...] = get_args(Outcome)
MOODS: tuple[Mood, ...] = get_args(Mood)

ExitKind = Literal["choice", "branch", "next", "end"]

_Factory = Callable[[], Any]


class _Record:
    """Fields with defaults (a value, or a zero-argument factory for mutable defaults)."""

    FIELDS: ClassVar[dict[str, Any]] = {}
    FACTORIES: ClassVar[dict[str, _Factory]] = {}
    REQUIRED: ClassVar[tuple[str, ...]] = ()
    __slots__ = ("fields_set",)

    def __init__(self, **values: Any) -> None:
        missing = [f for f in self.REQUIRED if f not in values]
        if missing:
            raise TypeError(f"{type(self).__name__} needs {', '.join(missing)}")
        unknown = set(values) - set(self.FIELDS) - set(self.REQUIRED)
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field {', '.join(sorted(unknown))}")
        for name in self.REQUIRED:
            setattr(self, name, values[name])
        for name, default in self.FIELDS.items():
            if name in values:
                setattr(self, name, values[name])
            elif name in self.FACTORIES:
                setattr(self, name, self.FACTORIES[name]())
            else:
                setattr(self, name, default)
        self.fields_set: frozenset[str] = frozenset(values)

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, n) for n in (*self.REQUIRED, *self.FIELDS))

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self._values() == other._values()

    __hash__ = None  # type: ignore[assignment]  # mutable records

    def __repr__(self) -> str:
        shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in (*self.REQUIRED, *self.FIELDS)
                          if n in self.REQUIRED or getattr(self, n) != self.FIELDS.get(n))
        return f"{type(self).__name__}({shown})"


class Principle(_Record):
    REQUIRED = ("name", "summary", "tip")
    __slots__ = REQUIRED
    name: str
    summary: str
    tip: str


class Pattern(_Record):
    REQUIRED = ("name", "principle", "summary")
    FIELDS = {"tip": None}
    __slots__ = ("name", "principle", "summary", "tip")
    name: str
    principle: str
    summary: str
    tip: str | None


class PrincipleSet(_Record):
    FIELDS = {"principles": None, "patterns": None}
    __slots__ = ("principles", "patterns")
    principles: dict[str, Principle] | None
    patterns: dict[str, Pattern] | None


class PackInfo(_Record):
    FIELDS = {"title": None, "author": None, "version": None, "license": None, "language": None,
              "description": None}
    __slots__ = tuple(FIELDS)
    title: str | None
    author: str | None
    version: str | None
    license: str | None
    language: str | None
    description: str | None


class Look(_Record):
    """A drawn face's features (format 1.1); None leaves a feature to the character's id."""

    FIELDS = {"age": None, "skin": None, "hair": None, "hair_color": None, "facial_hair": None, "glasses": None,
              "headwear": None, "outfit": None, "color": None}
    __slots__ = tuple(FIELDS)
    age: str | None
    skin: int | None
    hair: str | None
    hair_color: str | None
    facial_hair: str | None
    glasses: bool | None
    headwear: str | None
    outfit: str | None
    color: str | None


class Character(_Record):
    REQUIRED = ("name",)
    FIELDS = {"role": None, "portrait": None, "rapport": 0, "look": None}
    __slots__ = ("name", "role", "portrait", "rapport", "look")
    name: str
    role: str | None
    portrait: str | None
    rapport: int
    look: Look | None


class Choice(_Record):
    REQUIRED = ("text", "to")
    FIELDS = {"id": None, "if_": None, "score": None, "rapport": None, "set": None, "pattern": None,
              "feedback": None, "reply": None, "examples": None, "mood": None}
    FACTORIES = {"score": dict, "rapport": dict, "set": dict}
    __slots__ = ("text", "to", "id", "if_", "score", "rapport", "set", "pattern", "feedback", "reply", "examples",
                 "mood", "position")
    id: str | None
    text: str
    to: str
    if_: str | None
    score: dict[str, int]
    rapport: dict[str, int]
    set: dict[str, bool | int]
    pattern: str | list[str] | None
    feedback: str | None
    reply: str | None
    examples: list[str] | None
    mood: Mood | None
    position: int  # 1-based place in the file's list, set by the builder (0 when built by hand)

    def __init__(self, **values: Any) -> None:
        super().__init__(**values)
        self.position = 0

    @property
    def patterns(self) -> tuple[str, ...]:
        if self.pattern is None:
            return ()
        return (self.pattern,) if isinstance(self.pattern, str) else tuple(self.pattern)

    @property
    def choice_id(self) -> str:
        """The id records, exports and translations name this choice by: explicit, or its 1-based position."""
        return self.id if self.id is not None else str(self.position)


class BranchEntry(_Record):
    REQUIRED = ("to",)
    FIELDS = {"if_": None}
    __slots__ = ("to", "if_")
    to: str
    if_: str | None


@dataclass(frozen=True, slots=True)
class Exit:
    """One way on from a node: the node or ending it leads to, and which field of the node says so."""

    to: str
    kind: ExitKind  # "choice" and "branch" are also the `where` of `Scenario.condition`
    index: int  # 0-based place in `choices` or `branch`; 0 for `next` and `end`
    choice: Choice | None  # the choice taken, for a "choice" exit

    @property
    def path(self) -> tuple[str | int, ...]:
        """Where the target is written, from the node: `("choices", 2, "to")`, `("next",)`."""
        if self.kind == "choice":
            return ("choices", self.index, "to")
        if self.kind == "branch":
            return ("branch", self.index, "to")
        return (self.kind,)


class Node(_Record):
    FIELDS = {"speaker": "narrator", "text": "", "scene": None, "setting": None, "timer": None, "discuss": None,
              "choices": None, "branch": None, "next": None, "end": None, "requires": None, "mood": None,
              "shuffle": None}
    __slots__ = (*FIELDS, "shuffled")
    speaker: str
    text: str
    scene: str | None
    setting: str | None
    timer: int | None
    discuss: str | None
    choices: list[Choice] | None
    branch: list[BranchEntry] | None
    next: str | None
    end: str | None
    requires: str | None
    mood: Mood | None
    shuffle: bool | None
    shuffled: bool  # the shuffle in force here: the node's own, else the scenario's, else true (set by the builder)

    def __init__(self, **values: Any) -> None:
        super().__init__(**values)
        self.shuffled = self.shuffle is not False

    @property
    def kind(self) -> str:
        """Which of choices/branch/next/end this node has (the checker ensures exactly one)."""
        for k in NODE_KINDS:
            if getattr(self, k) is not None:
                return k
        return "none"

    def successors(self) -> list[Exit]:
        """Every exit of this node, in the order of NODE_KINDS (a checked node has one kind of exit).

        The one place that knows which fields lead on: code that walks the graph uses this."""
        out = [Exit(c.to, "choice", i, c) for i, c in enumerate(self.choices or ())]
        out += [Exit(e.to, "branch", i, None) for i, e in enumerate(self.branch or ())]
        if self.next is not None:
            out.append(Exit(self.next, "next", 0, None))
        if self.end is not None:
            out.append(Exit(self.end, "end", 0, None))
        return out


class Ending(_Record):
    REQUIRED = ("title", "text", "outcome")
    FIELDS = {"requires": None, "perspective": None}
    FACTORIES = {"perspective": dict}
    __slots__ = ("title", "text", "outcome", "requires", "perspective")
    title: str
    text: str
    outcome: Outcome
    requires: str | None
    perspective: dict[str, str]


ConditionKey = tuple[str, str, int]  # (node id, "choice" or "branch", 0-based index)


class PackView(Protocol):
    """What a scenario reads from the pack it came with: a loaded `Pack`, or the browser's compiled one."""

    principles: dict[str, Principle]
    patterns: dict[str, Pattern]

    @property
    def title(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Origin:
    """What loading a file adds to its fields: where it is, its pack, its parsed conditions and positions."""

    path: str = ""
    pack: PackView | None = None  # a loaded `Pack`, or the browser's compiled one
    document: Document | None = None  # the parsed YAML, for positions in lint warnings
    conditions: Mapping[ConditionKey, Condition] = field(default_factory=dict)  # each `if`, parsed
    requires: Mapping[str, Condition] = field(default_factory=dict)  # node or ending id -> its parsed `requires`


NOT_LOADED = Origin()


class Scenario(_Record):
    """One scenario file; a loaded one (see `loaded`) also knows its `Origin`: path, pack, parsed conditions."""

    REQUIRED = ("title", "summary", "nodes", "endings")
    FIELDS = {"id": None, "goal": None, "setting": None, "difficulty": "beginner", "minutes": None, "tags": None,
              "focus": None, "characters": None, "start": None, "shuffle": None, "reflect": None}
    FACTORIES = {"tags": list, "focus": list, "characters": dict}
    # `__weakref__` last: the engine's cache of compiled forms refers to a scenario weakly.
    __slots__ = ("title", "summary", "nodes", "endings", *FIELDS, "_origin", "__weakref__")
    id: str | None
    title: str
    summary: str
    goal: str | None
    setting: str | None
    difficulty: Difficulty
    minutes: int | None
    tags: list[str]
    focus: list[str]
    characters: dict[str, Character]
    start: str | None
    shuffle: bool | None
    reflect: str | list[str] | None
    nodes: dict[str, Node]
    endings: dict[str, Ending]

    def __init__(self, **values: Any) -> None:
        super().__init__(**values)
        self._origin = NOT_LOADED

    def loaded(self, origin: Origin, default_id: str) -> Scenario:
        """This scenario as the loader returns it: a copy that knows its origin, with the file's name as its
        id when it has no `id:`. The copy shares the nodes and endings; `self` is left as it was."""
        out = object.__new__(Scenario)
        for name in (*_Record.__slots__, *Scenario.__slots__[:-1]):  # all but __weakref__
            setattr(out, name, getattr(self, name))
        if out.id is None:
            out.id = default_id
        out._origin = origin
        return out

    @property
    def origin(self) -> Origin:
        return self._origin

    @property
    def start_id(self) -> str:
        return self.start or next(iter(self.nodes))

    @property
    def path(self) -> str:
        return self._origin.path

    @property
    def pack(self) -> PackView | None:
        """The `Pack` this scenario was loaded with (principles, patterns, assets); None when built by hand."""
        return self._origin.pack

    @property
    def document(self) -> Document | None:
        """The parsed YAML the scenario was loaded from, for positions; None when built by hand."""
        return self._origin.document

    @property
    def conditions(self) -> Mapping[ConditionKey, Condition]:
        """Every parsed `if` of the scenario, by (node id, "choice" or "branch", index)."""
        return self._origin.conditions

    def condition(self, node_id: str, where: str, index: int) -> Condition | None:
        """The parsed `Condition` of a choice (`where="choice"`) or branch entry, or None."""
        return self._origin.conditions.get((node_id, where, index))

    def requirement(self, target: str) -> Condition | None:
        """The parsed `requires` of a node or ending, or None."""
        return self._origin.requires.get(target)

    def shuffles(self, node_id: str) -> bool:
        """Whether the choices of a node are shown shuffled: the node's `shuffle`, else the scenario's, else true."""
        return self.nodes[node_id].shuffled

    @property
    def reflect_questions(self) -> tuple[str, ...]:
        """`reflect` as a list of questions (a single string is one question)."""
        if self.reflect is None:
            return ()
        return (self.reflect,) if isinstance(self.reflect, str) else tuple(self.reflect)


# ----------------------------------------------------------------- from validated data

def _map(cls: type[_Record], data: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if data is None else {k: cls(**v) for k, v in data.items()}


def build_scenario(data: dict[str, Any]) -> Scenario:
    """A Scenario from a dict pydantic-core validated against the generated schema."""
    nodes = {}
    default_shuffle = data.get("shuffle") is not False
    for nid, n in data["nodes"].items():
        n = dict(n)
        if n.get("choices") is not None:
            choices = []
            for position, c in enumerate(n["choices"], 1):
                choice = Choice(**c)
                choice.position = position
                choices.append(choice)
            n["choices"] = choices
        if n.get("branch") is not None:
            n["branch"] = [BranchEntry(**b) for b in n["branch"]]
        node = nodes[nid] = Node(**n)
        node.shuffled = node.shuffle if node.shuffle is not None else default_shuffle
    values = dict(data)
    values["nodes"] = nodes
    values["endings"] = _map(Ending, data["endings"])
    if "characters" in data:
        characters = {}
        for cid, ch in data["characters"].items():
            ch = dict(ch)
            if ch.get("look") is not None:
                ch["look"] = Look(**ch["look"])
            characters[cid] = Character(**ch)
        values["characters"] = characters
    return Scenario(**values)


def build_principle_set(data: dict[str, Any]) -> PrincipleSet:
    values = dict(data)
    if data.get("principles") is not None:
        values["principles"] = _map(Principle, data["principles"])
    if data.get("patterns") is not None:
        values["patterns"] = _map(Pattern, data["patterns"])
    return PrincipleSet(**values)


def build_pack_info(data: dict[str, Any]) -> PackInfo:
    return PackInfo(**data)


BUILDERS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "Scenario": build_scenario, "PrincipleSet": build_principle_set, "PackInfo": build_pack_info,
}
