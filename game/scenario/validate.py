"""Turn pydantic's validation errors into instructor-friendly findings with line and column."""

from __future__ import annotations

import re
from typing import Any

from pydantic_core import ValidationError

from game.i18n import N_, _
from game.scenario.errors import Finding, did_you_mean
from game.scenario.yamlread import Document, Path

_TYPE_NAMES = {
    "string_type": N_("text"),
    "int_type": N_("a whole number"),
    "int_from_float": N_("a whole number"),
    "bool_type": N_("true or false"),
    "dict_type": N_("a mapping of `key: value` lines"),
    "list_type": N_("a list"),
    "model_type": N_("a mapping of `key: value` lines"),
    "model_attributes_type": N_("a mapping of `key: value` lines"),
}


# Words instructors reach for, and the field they mean.
_SYNONYMS = {
    "next": "to", "goto": "to", "go": "to", "target": "to", "condition": "if", "when": "if", "requires": "if",
    "scores": "score", "points": "score", "effects": "score", "patterns": "pattern", "mistake": "pattern",
    "flags": "set", "sets": "set", "options": "choices", "answers": "choices", "choice": "choices",
    "ending": "end", "goto_ending": "end", "result": "outcome", "name": "title", "description": "summary",
    "character": "speaker", "who": "speaker", "response": "reply", "explanation": "feedback",
    "coach": "feedback", "background": "setting", "image": "portrait", "avatar": "portrait",
    "branches": "branch", "time": "timer", "prompt": "discuss", "level": "difficulty", "principles": "focus",
}


_SEXAGESIMAL = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+")
_OCTAL = re.compile(r"[-+]?0(?:o[0-7_]+|[0-7_]+)")
_YAML_BOOLS = {"yes", "no", "on", "off", "y", "n"}


def _misread(raw: str | None, value: Any) -> str:
    """What YAML 1.1 made of a value written like a clock time, a leading zero or a yes/no, or ''."""
    if raw is None:
        return ""
    if isinstance(value, bool) and raw.lower() in _YAML_BOOLS:
        return _(" YAML read `{raw}` as {value}; put it in quotes (\"{raw}\") if you meant the word, "
                 "or write the number you mean.").format(raw=raw, value=str(value).lower())
    if isinstance(value, int) and _SEXAGESIMAL.fullmatch(raw):
        return _(" YAML read `{raw}` as a base-60 number ({value}), like a clock time; put it in quotes "
                 "(\"{raw}\") if you meant text, or write the number you mean.").format(raw=raw, value=value)
    if isinstance(value, int) and _OCTAL.fullmatch(raw) and raw.lstrip("+-") != "0":
        return _(" YAML read `{raw}` as an octal number ({value}); write the number you mean without the "
                 "leading zero.").format(raw=raw, value=value)
    return ""


def _describe(value: Any) -> str:
    if value is None:
        return _("nothing (an empty value)")
    if isinstance(value, bool):
        return _("true/false")
    if isinstance(value, int):
        return _("a number")
    if isinstance(value, float):
        return _("a decimal number")
    if isinstance(value, str):
        return _("text")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a mapping")
    return type(value).__name__


_WHOLE_NUMBER = re.compile(r"\s*[-+]?[0-9]+\s*")


def _is_character_rapport(loc: Path) -> bool:
    """characters/<id>/rapport: a character's starting rapport, not a choice's change to it."""
    return len(loc) == 3 and loc[0] == "characters" and loc[2] == "rapport"


def _is_effect(loc: Path) -> bool:
    """nodes/<id>/choices/<n>/score/<principle> or .../rapport/<character>: a choice's change, -3..3."""
    return len(loc) == 6 and loc[0] == "nodes" and loc[2] == "choices" and loc[4] in ("score", "rapport")


def _limits(loc: Path, ctx: dict[str, Any]) -> str:
    """The range of the whole number at `loc`, keyed on where it is in the file, not on its name alone."""
    if _is_character_rapport(loc):
        return _("from -10 to +10")
    if _is_effect(loc):
        return _("from -3 to +3")
    if loc == ("minutes",):
        return _("from 1 to 240")
    if len(loc) == 3 and loc[0] == "nodes" and loc[2] == "timer":
        return _("from 1 to 600 seconds")
    if len(loc) == 4 and loc[0] == "characters" and loc[2:] == ("look", "skin"):
        return _("from 1 (lightest) to 6 (darkest)")
    words = {"ge": _("of at least {limit}"), "le": _("of at most {limit}"), "gt": _("greater than {limit}"),
             "lt": _("less than {limit}")}
    return ", ".join(words.get(k, k.replace("_", " ") + " {limit}").format(limit=v) for k, v in ctx.items())


def _is_asset(loc: Path) -> bool:
    """A background or portrait key: setting, nodes/<id>/setting, characters/<id>/portrait."""
    return (loc == ("setting",) or (len(loc) == 3 and loc[0] == "nodes" and loc[2] == "setting")
            or (len(loc) == 3 and loc[0] == "characters" and loc[2] == "portrait"))


def _example_number(loc: Path) -> int:
    """A whole number that fits at `loc`, for "like 5" in a message."""
    if loc == ("minutes",):
        return 5
    if len(loc) == 3 and loc[0] == "nodes" and loc[2] == "timer":
        return 20
    return 1


def _asset_key_hint(value: str) -> str:
    """The key an instructor meant by a path to a PNG: `../portraits/Dana.png` -> `Dana`."""
    name = re.split(r"[/\\]", value.strip())[-1]
    name = re.sub(r"\.png$", "", name, flags=re.I)
    name = re.sub(r"[^A-Za-z0-9_-]+", "_", name).strip("_")
    return name or "recruiter_1"


def _field_name(path: Path) -> str:
    for part in reversed(path):
        if isinstance(part, str):
            return part
    return "value"


def _fields_of(model: str, path: Path) -> list[str]:
    """The field names (as written in YAML) allowed at the mapping that holds `path`, for "did you mean"."""
    from game.scenario.declare import yaml_names
    from game.scenario.model import RECORDS

    by_parent = {
        "characters": "Character", "nodes": "Node", "endings": "Ending", "choices": "Choice",
        "branch": "BranchEntry", "principles": "Principle", "patterns": "Pattern",
    }
    target = model
    # The container two steps back decides the model: nodes/<id>/<field>, choices/<n>/<field>.
    parts = list(path[:-1])
    if len(parts) >= 3 and parts[-1] == "look" and parts[-3] == "characters":
        target = "Look"
    elif len(parts) >= 2 and isinstance(parts[-2], str) and parts[-2] in by_parent:
        target = by_parent[parts[-2]]
    return yaml_names(RECORDS[target])


def _data_loc(data: Any, loc: Path) -> Path:
    """The part of a pydantic error location that is a place in the file, without union member tags."""
    out: list[str | int] = []
    for part in loc:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            continue  # e.g. `bool` or `constrained-int`: which alternative of a union failed
        out.append(part)
    return tuple(out)


def findings_from(exc: ValidationError, doc: Document, model: str) -> list[Finding]:
    out: list[Finding] = []
    keys: list[tuple[str, Path, str]] = []  # (error type, parent path, field) of each finding in `out`
    suggested: dict[Path, str] = {}  # mapping path -> the "did you mean" given for an unknown field in it
    seen: set[tuple[Path, str]] = set()
    errors = exc.errors(include_url=False)
    # `reflect: []` fails both "text" and "a list of 1..10": the alternative of the input's own shape speaks.
    errors.sort(key=lambda e: e["type"] == "string_type" and isinstance(e.get("input"), (list, dict)))
    for err in errors:
        loc: Path = tuple(err["loc"])
        etype: str = err["type"]
        is_key = bool(loc) and loc[-1] == "[key]"
        if is_key:
            loc = loc[:-1]
        # Unions report each alternative under a tag (`bool`, `constrained-int`); keep the first per place.
        loc = _data_loc(doc.value, loc[:-1]) + loc[-1:] if etype == "missing" else _data_loc(doc.value, loc)
        if (loc, "x") in seen:
            continue
        seen.add((loc, "x"))
        field = _field_name(loc)
        value = err.get("input")
        code, message, hint = "wrong-type", err["msg"], ""
        pos = doc.pos(loc)
        if etype == "missing":
            code = "missing-field"
            parent = loc[:-1]
            if not parent:
                message = _("the file is missing the required field `{field}`; add `{field}: ...`.")
            elif isinstance(parent[-1], int):
                message = _("this `{parent}` entry is missing the required field `{field}`; add `{field}: ...`.")
            else:
                message = _("`{parent}` is missing the required field `{field}`; add `{field}: ...`.")
            message = message.format(parent=_field_name(parent), field=field)
            pos = doc.key_pos(parent) if parent else (1, 1)
            if parent and isinstance(parent[-1], int):
                pos = doc.pos(parent)
        elif etype == "extra_forbidden":
            code = "unknown-field"
            allowed = _fields_of(model, loc)
            hint = did_you_mean(field, allowed)
            if field in _SYNONYMS and _SYNONYMS[field] in allowed:
                hint = _(" (did you mean `{name}`?)").format(name=_SYNONYMS[field])
            message = _("unknown field `{field}`{hint}; allowed here: {allowed}.").format(
                field=field, hint=hint, allowed=", ".join(allowed))
            pos = doc.key_pos(loc)
        elif len(loc) >= 2 and loc[-2] == "set" and etype in ("bool_type", "int_type", "less_than_equal",
                                                              "greater_than_equal"):
            code = "out-of-range" if isinstance(value, int) and not isinstance(value, bool) else "wrong-type"
            shown = f"`{doc.raw.get(loc, value)}`" if isinstance(value, (int, float)) else _describe(value)
            message = _("flag `{flag}` must be true, false or a whole number from -1000000 to 1000000, "
                        "not {value}.").format(flag=field, value=shown)
        elif etype in _TYPE_NAMES:
            want = _(_TYPE_NAMES[etype])
            raw = doc.raw.get(loc)
            got = _describe(value)
            if raw is not None and etype == "string_type":
                message = _("`{field}` must be text; YAML read `{raw}` as {got}. Put it in quotes: \"{raw}\".").format(
                    field=field, raw=raw, got=got)
            elif etype in ("int_type", "int_from_float") and isinstance(value, str):
                if _WHOLE_NUMBER.fullmatch(value):  # `minutes: "5"`: the number, in quotes
                    message = _("`{field}` must be a whole number, not text: write {number} without quotes.").format(
                        field=field, number=value.strip())
                else:  # `minutes: five`
                    message = _("`{field}` must be a whole number, like {number}.").format(
                        field=field, number=_example_number(loc))
            elif etype == "bool_type" and field != "set":
                message = _("`{field}` must be true or false, not {got}.").format(field=field, got=got)
            else:
                message = _("`{field}` must be {want}, not {got}.").format(field=field, want=want, got=got)
            message += _misread(raw, value)
        elif etype in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
            code = "out-of-range"
            message = _("`{field}` is {value}; it must be a whole number {limits}.").format(
                field=field, value=value, limits=_limits(loc, err.get("ctx", {})))
            message += _misread(doc.raw.get(loc), value)
        elif etype in ("too_short", "too_long"):
            code = "out-of-range"
            ctx = err.get("ctx", {})
            if field == "choices":
                n = ctx.get("actual_length", "?")
                message = (_("node `{node}` has {n} choices; a node has one to six.") if len(loc) == 3
                           else _("a node has one to six choices; this one has {n}.")).format(node=loc[1], n=n)
            elif etype == "too_short":
                message = _("`{field}` is empty; give it at least {n} entry.").format(
                    field=field, n=ctx.get("min_length", 1))
            else:
                message = _("`{field}` has too many entries; at most {n}.").format(
                    field=field, n=ctx.get("max_length"))
        elif etype == "string_too_short":
            code = "wrong-type"
            message = _("`{field}` is empty; write some text, or remove the line.").format(field=field)
        elif etype == "string_too_long":
            code = "out-of-range"
            message = _("`{field}` is too long (at most {n} characters).").format(
                field=field, n=err.get("ctx", {}).get("max_length"))
        elif etype == "string_pattern_mismatch":
            code = "bad-id"
            shown = value if isinstance(value, str) else field
            suggestion = "".join(c if c.isalnum() or c in "_-" else "_" for c in str(shown).lower())
            message = (_("`{value}` is not a valid key; ids use lowercase letters, digits, `_` and `-` "
                         "(like `{suggestion}`).") if is_key
                       else _("`{value}` is not a valid id; ids use lowercase letters, digits, `_` and `-` "
                              "(like `{suggestion}`).")).format(value=shown, suggestion=suggestion)
            if _is_asset(loc) and not is_key:
                message = _("`{value}` is not an asset key; asset keys are file names without `.png` and without "
                            "a folder (letters, digits, `_` and `-`), like `{key}`.").format(
                                value=shown, key=_asset_key_hint(str(shown)))
            if is_key:
                pos = doc.key_pos(loc)
        elif etype == "literal_error":
            code = "bad-value"
            expected = err.get("ctx", {}).get("expected", "")
            options = [o.strip(" '") for o in expected.replace(" or ", ",").split(",") if o.strip()]
            hint = did_you_mean(str(value), options) if isinstance(value, str) else ""
            # pydantic writes "'a', 'b' or 'c'": the last "or" in the language in use
            shown = _(" or ").join(expected.rsplit(" or ", 1))
            message = _("`{field}: {value}` is not allowed{hint}; use one of {expected}.").format(
                field=field, value=value, hint=hint, expected=shown)
        elif etype == "union_tag_invalid" or etype.startswith("union"):
            message = _("`{field}` has the wrong type ({got}).").format(field=field, got=_describe(value))
        keys.append((etype, loc[:-1], field))
        out.append(Finding(doc.file, pos[0], pos[1], "error", code, message))
        if code == "unknown-field" and hint:
            suggested[loc[:-1]] = hint
    # `goto: x` where `to` is required: the "did you mean `to`" says it all; skip "missing `to`".
    return [f for f, (kind, parent, name) in zip(out, keys)
            if not (kind == "missing" and _(" (did you mean `{name}`?)").format(name=name) == suggested.get(parent))]


def coerce_text(doc: Document, exc: ValidationError) -> bool:
    """Put back the source text of plain scalars YAML typed as non-text where text is expected.

    `reply: No` reads as false in YAML 1.1, and `text: 1:20` as 80; an instructor
    means the words. Returns True when anything changed (validate again).
    """
    changed = False
    for err in exc.errors(include_url=False):
        if err["type"] != "string_type":
            continue
        loc = _data_loc(doc.value, tuple(err["loc"]))
        raw = doc.raw.get(loc)
        if raw is None:
            continue
        container: Any = doc.value
        try:
            for part in loc[:-1]:
                container = container[part]
            container[loc[-1]] = raw
            changed = True
        except (KeyError, IndexError, TypeError):
            continue
    return changed
