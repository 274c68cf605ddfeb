"""The JSON Schema of a scenario file, generated from the format's declarations (`model.py`), for editors.

With `# yaml-language-server: $schema=...` as a file's first line, VS Code's YAML
extension uses it for completion, hover help and inline errors. The shapes and
the hover help both come from the declarations; this module adds only snippets
and the few rules checked elsewhere (a node has exactly one way to go on) where
JSON Schema can say them.
"""

from __future__ import annotations

from typing import Any

from game.scenario.declare import json_schema
from game.scenario.model import NODE_KINDS, Scenario

# Draft 7, not pydantic's 2020-12: VS Code's YAML extension validates with draft 7 and warns that 2020-12
# "is not yet fully supported". The keywords used here mean the same in both; `$defs` is reached by pointer.
SCHEMA_DIALECT = "http://json-schema.org/draft-07/schema#"
TITLE = "Rapport scenario (format 1.1)"

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
    """JSON Schema (draft 7) of a scenario file, by YAML name (`if`, not `if_`), from the format's declarations."""
    raw, defs = json_schema(Scenario)
    for name, sub in defs.items():
        if name in _SNIPPETS:
            sub["defaultSnippets"] = _SNIPPETS[name]
    defs["Node"]["oneOf"] = [{"required": [k]} for k in NODE_KINDS]
    schema: dict[str, Any] = {"$schema": SCHEMA_DIALECT, "title": TITLE, **raw, "$defs": dict(sorted(defs.items()))}
    _close_maps(schema)
    return schema


__all__ = ["scenario_schema"]
