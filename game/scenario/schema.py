"""The JSON Schema of a scenario file, generated from the pydantic model, for editors.

With `# yaml-language-server: $schema=...` as a file's first line, VS Code's YAML
extension uses it for completion, hover help and inline errors. The model stays
the single source of truth for shape and types; this module only adds the
words an instructor sees on hover, and the few rules the model checks elsewhere
(a node has exactly one way to go on) where JSON Schema can say them.
"""

from __future__ import annotations

from typing import Any

from game.scenario.spec import Scenario

# Draft 7, not pydantic's 2020-12: VS Code's YAML extension validates with draft 7 and warns that 2020-12
# "is not yet fully supported". The keywords used here mean the same in both; `$defs` is reached by pointer.
SCHEMA_DIALECT = "http://json-schema.org/draft-07/schema#"
TITLE = "Rapport scenario (format 1.1)"

_BUILTIN_SETTINGS = "`career_fair`, `mixer`, `coffee_shop`, `video_call`, `office`, `home_office`, `conference`"

# Hover help, by model (the $defs name, or "Scenario" for the file) and field alias.
DESCRIPTIONS: dict[str, dict[str, str]] = {
    "Scenario": {
        "": "One Rapport scenario: a conversation the player walks through, with choices, feedback and endings. "
            "Required: `title`, `summary`, `nodes` and `endings`.",
        "id": "Optional id of the scenario; the file's name without `.yaml` when absent. "
              "Lowercase letters, digits, `_` and `-`.",
        "title": "The scenario's name, shown in the scenario list. Required.",
        "summary": "One or two sentences that tell the player what the situation is. Required.",
        "goal": "What the player should leave with; shown in the briefing.",
        "setting": f"Background key: one of {_BUILTIN_SETTINGS}, or a PNG in the pack's `assets/backgrounds/`.",
        "difficulty": "`beginner` (the default), `intermediate` or `advanced`.",
        "minutes": "About how many minutes a play-through takes (1 to 240).",
        "tags": "Short labels kept with the scenario, like `[in-person, students]`, for your own filing; "
                "the scenario list may show them. Nothing filters or sorts by them.",
        "focus": "The principles this scenario trains, like `[first_impression, communication]`. "
                 "Built in: `first_impression`, `communication`, `reciprocity`, `follow_through`, `authenticity`.",
        "characters": "The people the player talks to, by id. A node's `speaker` and a choice's `rapport` "
                      "name these ids.",
        "start": "The id of the first node; the first node in `nodes` when absent.",
        "nodes": "The conversation's steps, by id. Each node has exactly one of `choices`, `branch`, `next` "
                 "or `end`. Node and ending ids share one namespace, and the nodes must form no loop.",
        "endings": "How the scenario can end, by id. A choice's `to`, a `next` or an `end` can name an ending.",
        "shuffle": "`false` shows every node's choices in the file's order (for options that form a scale or a "
                   "sequence); by default they are shuffled once per attempt. A node's own `shuffle` wins.",
        "reflect": "A question (or a list of questions) shown at the end of the debrief, and as the closing "
                   "discussion in workshop mode.",
    },
    "Character": {
        "": "A person in the scenario.",
        "name": "The character's name, like `Maya Chen`. Required.",
        "role": "Who they are, like `Campus recruiter, Northwind Analytics`.",
        "portrait": "Portrait key: a PNG in the pack's `assets/portraits/` (without `.png`), or a built-in "
                    "portrait like `recruiter_1`. Without it the game draws an avatar.",
        "rapport": "Starting rapport with the player, a whole number from -10 to +10 (default 0).",
        "look": "How the game draws this character when there is no `portrait` PNG, like "
                "`{age: older, hair: bun, glasses: true}`. What it leaves out is picked from the id.",
    },
    "Look": {
        "": "A drawn face. Every key is optional; facial hair, headwear and glasses appear only when asked for.",
        "age": "`young`, `adult` (the default) or `older`.",
        "skin": "Skin tone from 1 (lightest) to 6 (darkest); picked from the id when absent.",
        "hair": "`short`, `long`, `curly`, `coily`, `bun`, `ponytail`, `braids`, `locs`, `buzz` or `bald`.",
        "hair_color": "`black`, `brown`, `auburn`, `red`, `blonde`, `gray` or `white` (`gray` for `older`).",
        "facial_hair": "`none` (the default), `stubble`, `mustache` or `beard`.",
        "glasses": "`true` or `false` (the default).",
        "headwear": "`none` (the default), `hijab`, `turban`, `kippah`, `cap` or `headscarf`.",
        "outfit": "`suit`, `blazer`, `shirt`, `sweater`, `cardigan`, `hoodie` or `dress`.",
        "color": "Outfit color: `navy`, `teal`, `maroon`, `green`, `gray`, `black`, `mustard`, `plum`, `coral` "
                 "or `white`.",
    },
    "Node": {
        "": "One step of the conversation. Exactly one of `choices`, `branch`, `next` or `end`.",
        "speaker": "Who speaks: `narrator` (the default), `you`, or a character id.",
        "text": "What the speaker says, or what happens.",
        "scene": "Shows a scene-break card before this node, like `Two days later`.",
        "setting": f"Background for this node and after: one of {_BUILTIN_SETTINGS}, or a pack PNG.",
        "timer": "Seconds to choose (1 to 600); used only when the player turns timers on.",
        "discuss": "A question for a workshop discussion, shown at this node.",
        "choices": "One to six things the player can say or do.",
        "branch": "No choice for the player: the first entry whose `if` holds is taken. "
                  "The last entry has no `if`.",
        "next": "The node or ending that follows this narration.",
        "end": "The ending this node leads to.",
        "requires": "What this node's text presupposes, as a condition like `visited(cake_story)`; `lint` proves "
                    "it holds on every path that arrives here, or shows a path where it does not.",
        "mood": "The speaking character's expression for this line: `warm`, `neutral`, `cool`, `amused`, "
                "`concerned` or `surprised`. Without it the face follows rapport.",
        "shuffle": "`false` keeps this node's choices in the file's order; `true` shuffles them even when the "
                   "scenario says `shuffle: false`.",
    },
    "Choice": {
        "": "Something the player can say or do.",
        "text": "What the player says or does. Required.",
        "to": "The node or ending this choice leads to. Required.",
        "if": "Show this choice only when the condition holds, like `promised_dashboard and maya.rapport >= 1`. "
              "Uses flags, principle scores, `NAME.rapport`, `visited(node)`, whole numbers, `true`/`false`, "
              "`== != < <= > >=`, `and`, `or`, `not` and parentheses.",
        "score": "Principle id → whole number from -3 to +3, added to the player's score in that principle.",
        "rapport": "Character id → whole number from -3 to +3, added to that character's rapport.",
        "set": "Flag name → `true`, `false` or a whole number, for later `if:` conditions.",
        "pattern": "A pattern id (or a list) this choice shows, named in the debrief, like `hard_seller`.",
        "feedback": "The coach's explanation: shown right after the choice in practice mode, "
                    "in the debrief in assessment mode.",
        "reply": "The other person's reaction, shown before the next node.",
        "id": "A stable id for this choice, unique within the node, like `ask-team` (lowercase letters, digits, "
              "`_` and `-`, never a bare number). Without it the choice is called by its position: `1`, `2`, ...",
        "examples": "One to twenty other ways a player might say this choice in their own words.",
        "mood": "The reacting character's expression for this choice's `reply`: `warm`, `neutral`, `cool`, "
                "`amused`, `concerned` or `surprised`.",
    },
    "BranchEntry": {
        "": "One way on from a `branch` node.",
        "if": "Take this entry when the condition holds. The last entry has no `if`.",
        "to": "The node or ending to go to. Required.",
    },
    "Ending": {
        "": "One way the scenario ends.",
        "title": "The ending's name, like `A warm lead`. Required.",
        "text": "What happened. Required.",
        "outcome": "`success`, `mixed` or `setback`. Required.",
        "requires": "What this ending's text claims happened, as a condition like `booked_call and sent_summary`; "
                    "`lint` proves it holds on every path that reaches this ending.",
        "perspective": "Character id → what that person thought of the exchange, shown in the debrief under "
                       "\"Their side\".",
    },
}

_SNIPPETS: dict[str, list[dict[str, Any]]] = {
    "Choice": [{
        "label": "choice",
        "description": "A choice with a destination, a score and feedback",
        "body": {"text": "$1", "to": "$2", "score": {"${3:communication}": 1}, "feedback": "$4"},
    }],
    "Ending": [{
        "label": "ending",
        "description": "An ending",
        "body": {"title": "$1", "text": "$2", "outcome": "${3|success,mixed,setback|}"},
    }],
}


def _describe(schema: dict[str, Any], texts: dict[str, str]) -> None:
    if "" in texts:
        schema["description"] = texts[""]
        schema["markdownDescription"] = texts[""]
    for name, prop in schema.get("properties", {}).items():
        prop.pop("title", None)  # pydantic's "If", "To": noise on hover
        if name in texts:
            prop["description"] = texts[name]
            prop["markdownDescription"] = texts[name]


def _close_maps(node: Any) -> None:
    """Id-keyed mappings (`nodes`, `score`...) refuse keys that are not ids, as the loader does."""
    if isinstance(node, dict):
        if "patternProperties" in node and "properties" not in node:
            node.setdefault("additionalProperties", False)
        for value in node.values():
            _close_maps(value)
    elif isinstance(node, list):
        for value in node:
            _close_maps(value)


def scenario_schema() -> dict[str, Any]:
    """JSON Schema (draft 7) of a scenario file, by alias (`if`, not `if_`)."""
    raw = Scenario.model_json_schema(by_alias=True)
    defs: dict[str, Any] = raw.pop("$defs", {})
    for name, sub in defs.items():
        sub.pop("title", None)
        _describe(sub, DESCRIPTIONS.get(name, {}))
        if name in _SNIPPETS:
            sub["defaultSnippets"] = _SNIPPETS[name]
    node = defs.get("Node")
    if node is not None:
        node["oneOf"] = [{"required": [k]} for k in ("choices", "branch", "next", "end")]
    raw.pop("title", None)
    _describe(raw, DESCRIPTIONS["Scenario"])
    schema: dict[str, Any] = {"$schema": SCHEMA_DIALECT, "title": TITLE, **raw, "$defs": defs}
    _close_maps(schema)
    return schema


__all__ = ["DESCRIPTIONS", "scenario_schema"]
