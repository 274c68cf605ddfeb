"""A pack compiled to plain JSON data, and back: how scenarios reach the browser without YAML or pydantic.

`rapport web build` loads a pack with the desktop loader (every check, every
error with its line) and writes `pack_to_data(pack)` as JSON. The browser reads
it with `pack_from_data`, which rebuilds the same `Scenario` objects through the
model's own builder and parses each condition once with the same condition
parser, so the engine plays them exactly as it plays the YAML files.

Only the standard library and `game.scenario.model`/`expr` are used here: this
module runs inside Pyodide.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from game.scenario.declare import Record
from game.scenario.expr import Condition, Names, compile_condition
from game.scenario.model import LanguageMaps, Origin, PackInfo, Pattern, Principle, Scenario, build_scenario

KIND = "rapport-compiled-pack"
VERSION = 1


class CompiledPackError(ValueError):
    """The JSON is not a compiled pack this version can read."""


@dataclass
class CompiledPack:
    """What the engine needs from a pack (principles, patterns, title), without its folder."""

    info: PackInfo
    principles: dict[str, Principle]
    patterns: dict[str, Pattern]
    scenarios: list[Scenario] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.info.title or "Rapport"

    def scenario(self, sid: str) -> Scenario | None:
        return next((s for s in self.scenarios if s.id == sid), None)


def _plain(value: Any) -> Any:
    """A model value as JSON data: records become dicts of the fields set in the file."""
    if isinstance(value, Record):
        names = (*value.REQUIRED, *value.FIELDS)
        return {n: _plain(getattr(value, n)) for n in names if n in value.REQUIRED or n in value.fields_set}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def scenario_to_data(sc: Scenario) -> dict[str, Any]:
    data: dict[str, Any] = _plain(sc)
    data["id"] = sc.id  # set by the loader from the file name when the file has none
    return data


def pack_to_data(pack: Any) -> dict[str, Any]:
    """A loaded pack (`game.scenario.Pack`, its broken files left out) as JSON-ready data."""
    return {
        "kind": KIND,
        "version": VERSION,
        "info": _plain(pack.info),
        "principles": _plain(pack.principles),
        "patterns": _plain(pack.patterns),
        "scenarios": [scenario_to_data(sc) for sc in pack.scenarios],
        "languages": {sc.id: _languages_to_data(sc) for sc in pack.scenarios if sc.id},
    }


def _languages_to_data(sc: Scenario) -> dict[str, Any]:
    """The scenario's texts in every language of its pack (the pack's catalogs are read here, on the desktop),
    so the browser's xAPI statements carry the same language maps as the desktop's."""
    from game.scenario.l10n import language_maps

    m = language_maps(sc)
    return {"played": m.played, "title": m.title, "prompts": m.prompts, "choices": m.choices}


def _languages_from_data(data: Any) -> LanguageMaps | None:
    if not isinstance(data, dict):
        return None
    return LanguageMaps(str(data.get("played") or "en"), dict(data.get("title") or {}),
                        dict(data.get("prompts") or {}), dict(data.get("choices") or {}))


def _compile(sc: Scenario, names: Names) -> tuple[dict[tuple[str, str, int], Condition], dict[str, Condition]]:
    """Every `if` and `requires` parsed once, keyed as the loader's checker keys them."""
    conditions: dict[tuple[str, str, int], Condition] = {}
    requires: dict[str, Condition] = {}
    for nid, node in sc.nodes.items():
        for i, entry in enumerate(node.branch or []):
            if entry.if_ is not None:
                conditions[(nid, "branch", i)] = compile_condition(entry.if_, names)
        for i, choice in enumerate(node.choices or []):
            if choice.if_ is not None:
                conditions[(nid, "choice", i)] = compile_condition(choice.if_, names)
        if node.requires is not None:
            requires[nid] = compile_condition(node.requires, names)
    for eid, ending in sc.endings.items():
        if ending.requires is not None:
            requires[eid] = compile_condition(ending.requires, names)
    return conditions, requires


def pack_from_data(data: dict[str, Any]) -> CompiledPack:
    """The pack `pack_to_data` wrote, with its scenarios ready to play."""
    if not isinstance(data, dict) or data.get("kind") != KIND:
        raise CompiledPackError("this is not a compiled Rapport pack (its `kind` is not rapport-compiled-pack)")
    if data.get("version") != VERSION:
        raise CompiledPackError(f"compiled pack version {data.get('version')!r}; this version reads {VERSION}")
    pack = CompiledPack(
        info=PackInfo(**data.get("info", {})),
        principles={k: Principle(**v) for k, v in data["principles"].items()},
        patterns={k: Pattern(**v) for k, v in data["patterns"].items()},
    )
    for sd in data["scenarios"]:
        sc = build_scenario(sd)
        names = Names(frozenset(pack.principles), frozenset(sc.characters), frozenset(sc.nodes))
        conditions, requires = _compile(sc, names)
        languages = _languages_from_data((data.get("languages") or {}).get(sc.id))
        origin = Origin(path=f"{sc.id}.yaml", pack=pack, conditions=conditions, requires=requires,
                        languages=languages)
        pack.scenarios.append(sc.loaded(origin, sc.id or ""))
    return pack


__all__ = ["KIND", "VERSION", "CompiledPack", "CompiledPackError", "pack_from_data", "pack_to_data",
           "scenario_to_data"]
