"""The scenario format, defined once: the records a file is made of, each field with its shape and its help.

These declarations are the one hand-written definition of the format (see
`declare.py`). The classes the game plays with, the validator the loader runs
(pydantic-core, without pydantic), the JSON Schema for editors (`schema.py`)
and the field lists in messages all come from them. Cross-references
(targets, principles, characters, assets, conditions, loops) are checked in
`check.py`, so that one pass reports every problem with its line and column.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from dataclasses import field as _dataclass_field
from typing import TYPE_CHECKING, Any, Literal, Protocol, get_args

from game.scenario.declare import Bool, Either, Int, ListOf, MapOf, OneOf, Rec, Record, Str, field

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

# The shapes values take, named once.
Id = Str(min_length=1, max_length=64, pattern=ID_PATTERN)
AssetKey = Str(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
Text = Str(min_length=1, max_length=4000)
ShortText = Str(min_length=1, max_length=200)
Effect = Int(ge=-3, le=3)
FlagValue = Either((Bool(), Int(ge=-1_000_000, le=1_000_000)))
MoodWord = OneOf(MOODS)

_BUILTIN_SETTINGS = "`career_fair`, `mixer`, `coffee_shop`, `video_call`, `office`, `home_office`, `conference`"


# ----------------------------------------------------------------- principles.yaml and pack.yaml

class Principle(Record):
    name: str = field(ShortText, doc="The principle's name, like `First impression`.")
    summary: str = field(Text, doc="What the principle is about, in a sentence or two.")
    tip: str = field(Text, doc="The advice the debrief gives for it.")


class Pattern(Record):
    name: str = field(ShortText, doc="The pattern's name, like `Hard seller`.")
    principle: str = field(Id, doc="The principle it works against.")
    summary: str = field(Text, doc="What the pattern looks like.")
    tip: str | None = field(Text, None, doc="What to do instead; the principle's tip when absent.")


class PrincipleSet(Record):
    """The contents of principles.yaml; each section, when present, replaces the built-in one."""

    principles: dict[str, Principle] | None = field(MapOf(Id, Rec(Principle)), None, doc="Principles by id.")
    patterns: dict[str, Pattern] | None = field(MapOf(Id, Rec(Pattern)), None, doc="Patterns by id.")


class PackInfo(Record):
    """pack.yaml: optional description of a pack."""

    title: str | None = field(ShortText, None, doc="The pack's name.")
    author: str | None = field(ShortText, None, doc="Who wrote it.")
    version: str | None = field(Str(max_length=40), None, doc="Its version, like `1.2`.")
    license: str | None = field(ShortText, None, doc="Its license.")
    language: str | None = field(Str(max_length=20), None, doc="Its language, like `en`.")
    description: str | None = field(Text, None, doc="What the pack is for.")


# ----------------------------------------------------------------- a scenario file

class Look(Record):
    """A drawn face's features (format 1.1); None leaves a feature to the character's id."""

    ABOUT = "A drawn face. Every key is optional; facial hair, headwear and glasses appear only when asked for."
    age: str | None = field(OneOf(("young", "adult", "older")), None, doc="`young`, `adult` (the default) or `older`.")
    skin: int | None = field(Int(ge=1, le=6), None,
                             doc="Skin tone from 1 (lightest) to 6 (darkest); picked from the id when absent.")
    hair: str | None = field(
        OneOf(("short", "long", "curly", "coily", "bun", "ponytail", "braids", "locs", "buzz", "bald")), None,
        doc="`short`, `long`, `curly`, `coily`, `bun`, `ponytail`, `braids`, `locs`, `buzz` or `bald`.")
    hair_color: str | None = field(
        OneOf(("black", "brown", "auburn", "red", "blonde", "gray", "white")), None,
        doc="`black`, `brown`, `auburn`, `red`, `blonde`, `gray` or `white` (`gray` for `older`).")
    facial_hair: str | None = field(OneOf(("none", "stubble", "mustache", "beard")), None,
                                    doc="`none` (the default), `stubble`, `mustache` or `beard`.")
    glasses: bool | None = field(Bool(), None, doc="`true` or `false` (the default).")
    headwear: str | None = field(OneOf(("none", "hijab", "turban", "kippah", "cap", "headscarf")), None,
                                 doc="`none` (the default), `hijab`, `turban`, `kippah`, `cap` or `headscarf`.")
    outfit: str | None = field(OneOf(("suit", "blazer", "shirt", "sweater", "cardigan", "hoodie", "dress")), None,
                               doc="`suit`, `blazer`, `shirt`, `sweater`, `cardigan`, `hoodie` or `dress`.")
    color: str | None = field(
        OneOf(("navy", "teal", "maroon", "green", "gray", "black", "mustard", "plum", "coral", "white")), None,
        doc="Outfit color: `navy`, `teal`, `maroon`, `green`, `gray`, `black`, `mustard`, `plum`, `coral` "
            "or `white`.")


class Character(Record):
    ABOUT = "A person in the scenario."
    name: str = field(ShortText, doc="The character's name, like `Maya Chen`. Required.")
    role: str | None = field(ShortText, None, doc="Who they are, like `Campus recruiter, Northwind Analytics`.")
    portrait: str | None = field(
        AssetKey, None,
        doc="Portrait key: a PNG in the pack's `assets/portraits/` (without `.png`), or a built-in portrait like "
            "`recruiter_1`. Without it the game draws an avatar.")
    rapport: int = field(Int(ge=-10, le=10), 0,
                         doc="Starting rapport with the player, a whole number from -10 to +10 (default 0).")
    look: Look | None = field(
        Rec(Look), None,
        doc="How the game draws this character when there is no `portrait` PNG, like "
            "`{age: older, hair: bun, glasses: true}`. What it leaves out is picked from the id.")


class Choice(Record):
    ABOUT = "Something the player can say or do."
    id: str | None = field(
        Id, None,
        doc="A stable id for this choice, unique within the node, like `ask-team` (lowercase letters, digits, "
            "`_` and `-`, never a bare number). Without it the choice is called by its position: `1`, `2`, ...")
    text: str = field(Text, doc="What the player says or does. Required.")
    to: str = field(Id, doc="The node or ending this choice leads to. Required.")
    if_: str | None = field(
        Text, None, alias="if",
        doc="Show this choice only when the condition holds, like `promised_dashboard and maya.rapport >= 1`. "
            "Uses flags, principle scores, `NAME.rapport`, `visited(node)`, whole numbers, `true`/`false`, "
            "`== != < <= > >=`, `and`, `or`, `not` and parentheses.")
    score: dict[str, int] = field(
        MapOf(Id, Effect), factory=dict,
        doc="Principle id → whole number from -3 to +3, added to the player's score in that principle.")
    rapport: dict[str, int] = field(
        MapOf(Id, Effect), factory=dict,
        doc="Character id → whole number from -3 to +3, added to that character's rapport.")
    set: dict[str, bool | int] = field(
        MapOf(Id, FlagValue), factory=dict,
        doc="Flag name → `true`, `false` or a whole number, for later `if:` conditions.")
    pattern: str | list[str] | None = field(
        Either((Id, ListOf(Id, min_length=1, max_length=8))), None,
        doc="A pattern id (or a list) this choice shows, named in the debrief, like `hard_seller`.")
    feedback: str | None = field(
        Text, None,
        doc="The coach's explanation: shown right after the choice in practice mode, in the debrief in assessment "
            "mode.")
    reply: str | None = field(Text, None, doc="The other person's reaction, shown before the next node.")
    examples: list[str] | None = field(
        ListOf(Text, min_length=1, max_length=20), None,
        doc="One to twenty other ways a player might say this choice in their own words.")
    mood: Mood | None = field(
        MoodWord, None,
        doc="The reacting character's expression for this choice's `reply`: `warm`, `neutral`, `cool`, "
            "`amused`, `concerned` or `surprised`.")
    EXTRA_SLOTS = ("position",)
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


class BranchEntry(Record):
    ABOUT = "One way on from a `branch` node."
    if_: str | None = field(Text, None, alias="if",
                            doc="Take this entry when the condition holds. The last entry has no `if`.")
    to: str = field(Id, doc="The node or ending to go to. Required.")


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


class Node(Record):
    ABOUT = "One step of the conversation. Exactly one of `choices`, `branch`, `next` or `end`."
    speaker: str = field(Id, "narrator", doc="Who speaks: `narrator` (the default), `you`, or a character id.")
    text: str = field(Str(max_length=4000), "", doc="What the speaker says, or what happens.")
    scene: str | None = field(ShortText, None, doc="Shows a scene-break card before this node, like `Two days later`.")
    setting: str | None = field(
        AssetKey, None, doc=f"Background for this node and after: one of {_BUILTIN_SETTINGS}, or a pack PNG.")
    timer: int | None = field(Int(ge=1, le=600), None,
                              doc="Seconds to choose (1 to 600); used only when the player turns timers on.")
    discuss: str | None = field(Text, None, doc="A question for a workshop discussion, shown at this node.")
    # The ways on (NODE_KINDS): a node has exactly one of these four.
    choices: list[Choice] | None = field(ListOf(Rec(Choice), min_length=1, max_length=6), None,
                                         doc="One to six things the player can say or do.")
    branch: list[BranchEntry] | None = field(
        ListOf(Rec(BranchEntry), min_length=1, max_length=20), None,
        doc="No choice for the player: the first entry whose `if` holds is taken. The last entry has no `if`.")
    next: str | None = field(Id, None, doc="The node or ending that follows this narration.")
    end: str | None = field(Id, None, doc="The ending this node leads to.")
    requires: str | None = field(
        Text, None,
        doc="What this node's text presupposes, as a condition like `visited(cake_story)`; `lint` proves it holds "
            "on every path that arrives here, or shows a path where it does not.")
    mood: Mood | None = field(
        MoodWord, None,
        doc="The speaking character's expression for this line: `warm`, `neutral`, `cool`, `amused`, "
            "`concerned` or `surprised`. Without it the face follows rapport.")
    shuffle: bool | None = field(
        Bool(), None,
        doc="`false` keeps this node's choices in the file's order; `true` shuffles them even when the scenario "
            "says `shuffle: false`.")
    EXTRA_SLOTS = ("shuffled",)
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


class Ending(Record):
    ABOUT = "One way the scenario ends."
    title: str = field(ShortText, doc="The ending's name, like `A warm lead`. Required.")
    text: str = field(Text, doc="What happened. Required.")
    outcome: Outcome = field(OneOf(OUTCOMES), doc="`success`, `mixed` or `setback`. Required.")
    requires: str | None = field(
        Text, None,
        doc="What this ending's text claims happened, as a condition like `booked_call and sent_summary`; `lint` "
            "proves it holds on every path that reaches this ending.")
    perspective: dict[str, str] = field(
        MapOf(Id, Text), factory=dict,
        doc="Character id → what that person thought of the exchange, shown in the debrief under \"Their side\" "
            "on the paths that met them (they speak, reply, or have their rapport changed).")


ConditionKey = tuple[str, str, int]  # (node id, "choice" or "branch", 0-based index)


class PackView(Protocol):
    """What a scenario reads from the pack it came with: a loaded `Pack`, or the browser's compiled one."""

    principles: dict[str, Principle]
    patterns: dict[str, Pattern]

    @property
    def title(self) -> str: ...


@dataclass(frozen=True)
class LanguageMaps:
    """A scenario's title, prompts and choice texts in every language its pack has (xAPI language maps): the
    language it is written in and each readable l10n/LANG.po. Keys are language tags (`pt-BR`); a text a
    catalog does not translate (missing, stale, fuzzy) has no entry in that language."""

    played: str  # the language tag the scenario is played in
    title: dict[str, str]
    prompts: dict[str, dict[str, str]]  # node id -> tag -> text
    choices: dict[str, dict[str, dict[str, str]]]  # node id -> choice id -> tag -> text


@dataclass(frozen=True, slots=True)
class Origin:
    """What loading a file adds to its fields: where it is, its pack, its parsed conditions and positions."""

    path: str = ""
    pack: PackView | None = None  # a loaded `Pack`, or the browser's compiled one
    document: Document | None = None  # the parsed YAML, for positions in lint warnings
    conditions: Mapping[ConditionKey, Condition] = _dataclass_field(default_factory=dict)  # each `if`, parsed
    requires: Mapping[str, Condition] = _dataclass_field(default_factory=dict)  # node or ending id -> its parsed `requires`
    language: str | None = None  # a translated copy: the language of its catalog (l10n/LANG.po)
    source: Scenario | None = None  # a translated copy: the scenario as written
    languages: LanguageMaps | None = None  # made in advance (the browser's compiled pack); else l10n.language_maps


NOT_LOADED = Origin()


class Scenario(Record):
    """One scenario file; a loaded one (see `loaded`) also knows its `Origin`: path, pack, parsed conditions."""

    ABOUT = ("One Rapport scenario: a conversation the player walks through, with choices, feedback and endings. "
             "Required: `title`, `summary`, `nodes` and `endings`.")
    id: str | None = field(
        Id, None,
        doc="Optional id of the scenario; the file's name without `.yaml` when absent. Lowercase letters, digits, "
            "`_` and `-`.")
    title: str = field(ShortText, doc="The scenario's name, shown in the scenario list. Required.")
    summary: str = field(Text, doc="One or two sentences that tell the player what the situation is. Required.")
    goal: str | None = field(Text, None, doc="What the player should leave with; shown in the briefing.")
    setting: str | None = field(
        AssetKey, None,
        doc=f"Background key: one of {_BUILTIN_SETTINGS}, or a PNG in the pack's `assets/backgrounds/`.")
    difficulty: Difficulty = field(OneOf(DIFFICULTIES), "beginner",
                                   doc="`beginner` (the default), `intermediate` or `advanced`.")
    minutes: int | None = field(Int(ge=1, le=240), None,
                                doc="About how many minutes a play-through takes (1 to 240).")
    tags: list[str] = field(
        ListOf(ShortText, max_length=30), factory=list,
        doc="Short labels kept with the scenario, like `[in-person, students]`, for your own filing; the scenario "
            "list may show them. Nothing filters or sorts by them.")
    focus: list[str] = field(
        ListOf(Id, max_length=20), factory=list,
        doc="The principles this scenario trains, like `[first_impression, communication]`. Built in: "
            "`first_impression`, `communication`, `reciprocity`, `follow_through`, `authenticity`.")
    characters: dict[str, Character] = field(
        MapOf(Id, Rec(Character)), factory=dict,
        doc="The people the player talks to, by id. A node's `speaker` and a choice's `rapport` name these ids.")
    start: str | None = field(Id, None, doc="The id of the first node; the first node in `nodes` when absent.")
    nodes: dict[str, Node] = field(
        MapOf(Id, Rec(Node), min_length=1),
        doc="The conversation's steps, by id. Each node has exactly one of `choices`, `branch`, `next` or `end`. "
            "Node and ending ids share one namespace, and the nodes must form no loop.")
    endings: dict[str, Ending] = field(
        MapOf(Id, Rec(Ending), min_length=1),
        doc="How the scenario can end, by id. A choice's `to`, a `next` or an `end` can name an ending.")
    shuffle: bool | None = field(
        Bool(), None,
        doc="`false` shows every node's choices in the file's order (for options that form a scale or a "
            "sequence); by default they are shuffled once per attempt. A node's own `shuffle` wins.")
    reflect: str | list[str] | None = field(
        Either((Text, ListOf(Text, min_length=1, max_length=10))), None,
        doc="A question (or a list of questions) shown at the end of the debrief, and as the closing discussion "
            "in workshop mode.")
    # `__weakref__`: the engine's cache of compiled forms refers to a scenario weakly.
    EXTRA_SLOTS = ("_origin", "__weakref__")

    def __init__(self, **values: Any) -> None:
        super().__init__(**values)
        self._origin = NOT_LOADED

    def loaded(self, origin: Origin, default_id: str) -> Scenario:
        """This scenario as the loader returns it: a copy that knows its origin, with the file's name as its
        id when it has no `id:`. The copy shares the nodes and endings; `self` is left as it was."""
        out = object.__new__(Scenario)
        for name in ("fields_set", *Scenario.DECLARED):
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

def _map(cls: type[Record], data: dict[str, Any] | None) -> dict[str, Any] | None:
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


# Every record, by the name messages and the loader use.
RECORDS: dict[str, type[Record]] = {cls.__name__: cls for cls in (
    Scenario, Character, Look, Node, Choice, BranchEntry, Ending, Principle, Pattern, PrincipleSet, PackInfo)}

BUILDERS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "Scenario": build_scenario, "PrincipleSet": build_principle_set, "PackInfo": build_pack_info,
}
