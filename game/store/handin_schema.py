"""The JSON export's schema, checked field by field before the class report trusts a hand-in.

A hand-in is written by someone else's copy of Rapport, or by hand, or by an
attacker; the report reads `grade` as a number, `debrief.principles` as a list,
and so on. Checking every field it reads here, once, turns a bad file into
"attempts[3].grade: expected a number, got 'A+'" instead of a crash halfway
through the report. Extra fields are allowed (a later 1.x may add some).
"""

from __future__ import annotations

import math
from typing import Any

MAX_HANDIN_BYTES = 20 * 1024 * 1024  # a class's worth of attempts is well under 1 MB
MAX_ATTEMPTS = 100_000


class HandinError(ValueError):
    """The hand-in does not follow the export's schema; the message names the field."""


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:40] + "..."


def _str(value: Any, where: str, *, optional: bool = False) -> None:
    if value is None and optional:
        return
    if not isinstance(value, str):
        raise HandinError(f"{where}: expected text, got {_show(value)}")


def _num(value: Any, where: str, *, optional: bool = False, integer: bool = False) -> None:
    if value is None and optional:
        return
    ok = isinstance(value, int) if integer else isinstance(value, (int, float))
    if isinstance(value, bool) or not ok:
        raise HandinError(f"{where}: expected {'a whole number' if integer else 'a number'}, got {_show(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise HandinError(f"{where}: expected a finite number, got {value}")


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise HandinError(f"{where}: expected a list, got {_show(value)}")
    return value


def _obj(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise HandinError(f"{where}: expected an object, got {_show(value)}")
    return value


def check_decision(d: Any, where: str) -> None:
    d = _obj(d, where)
    _num(d.get("step"), f"{where}.step", integer=True)
    _str(d.get("node_id"), f"{where}.node_id")
    _num(d.get("index"), f"{where}.index", integer=True)
    _str(d.get("text"), f"{where}.text")
    _str(d.get("prompt"), f"{where}.prompt", optional=True)
    _str(d.get("rewound"), f"{where}.rewound", optional=True)
    for i, p in enumerate(_list(d.get("patterns", []), f"{where}.patterns")):
        _str(p, f"{where}.patterns[{i}]")
    score = d.get("score", {})
    for k, v in _obj(score, f"{where}.score").items():
        _num(v, f"{where}.score.{k}")


def check_debrief(db: Any, where: str) -> None:
    if db is None:
        return
    db = _obj(db, where)
    for i, p in enumerate(_list(db.get("principles", []), f"{where}.principles")):
        w = f"{where}.principles[{i}]"
        p = _obj(p, w)
        _str(p.get("id"), f"{w}.id")
        _str(p.get("name"), f"{w}.name", optional=True)
        for k in ("best", "worst", "score"):
            _num(p.get(k, 0), f"{w}.{k}")
    for i, p in enumerate(_list(db.get("patterns", []), f"{where}.patterns")):
        w = f"{where}.patterns[{i}]"
        p = _obj(p, w)
        _str(p.get("id"), f"{w}.id")
        _str(p.get("name"), f"{w}.name", optional=True)
        _str(p.get("tip"), f"{w}.tip", optional=True)
    for i, d in enumerate(_list(db.get("decisions", []), f"{where}.decisions")):
        w = f"{where}.decisions[{i}]"
        d = _obj(d, w)
        _str(d.get("node_id"), f"{w}.node_id", optional=True)
        _num(d.get("best_index"), f"{w}.best_index", optional=True, integer=True)
        _str(d.get("best_text"), f"{w}.best_text", optional=True)
        _str(d.get("prompt"), f"{w}.prompt", optional=True)
    _str(db.get("ending_title"), f"{where}.ending_title", optional=True)
    for i, p in enumerate(_list(db.get("perspective", []), f"{where}.perspective")):
        w = f"{where}.perspective[{i}]"
        p = _obj(p, w)
        _str(p.get("character"), f"{w}.character")
        _str(p.get("name"), f"{w}.name", optional=True)
        _str(p.get("role"), f"{w}.role", optional=True)
        _str(p.get("text"), f"{w}.text")
    for i, q in enumerate(_list(db.get("reflect", []), f"{where}.reflect")):
        _str(q, f"{where}.reflect[{i}]")


def check_attempt(a: Any, where: str) -> dict[str, Any]:
    """One attempt record (from a JSON hand-in or a database hand-in), or HandinError naming the field."""
    rec = _obj(a, where)
    for key in ("uuid", "player", "scenario_id"):
        _str(rec.get(key), f"{where}.{key}")
        if not rec[key]:
            raise HandinError(f"{where}.{key}: is empty")
    for key in ("scenario_title", "pack", "mode", "started", "finished", "ending_id", "outcome"):
        _str(rec.get(key), f"{where}.{key}", optional=True)
    status = rec.get("status", "in_progress")
    if status not in ("finished", "abandoned", "in_progress"):
        raise HandinError(f"{where}.status: expected finished, abandoned or in_progress, got {_show(status)}")
    _num(rec.get("grade"), f"{where}.grade", optional=True)
    check_debrief(rec.get("debrief"), f"{where}.debrief")
    for i, d in enumerate(_list(rec.get("decisions", []), f"{where}.decisions")):
        check_decision(d, f"{where}.decisions[{i}]")
    return rec


def check_export(doc: Any, kind: str, version: int) -> list[dict[str, Any]]:
    """The attempts of a JSON export document, every field the report reads checked."""
    doc = _obj(doc, "the file")
    if doc.get("kind") != kind:
        raise HandinError(f"not a Rapport export (kind is {_show(doc.get('kind'))}, expected {kind!r});"
                          " make one with `rapport export --format json`")
    _num(doc.get("version"), "version", integer=True)
    if doc["version"] > version:
        raise HandinError(f"version: made by a newer Rapport (export version {doc['version']});"
                          " update Rapport to read it")
    attempts = _list(doc.get("attempts"), "attempts")
    if len(attempts) > MAX_ATTEMPTS:
        raise HandinError(f"attempts: {len(attempts)} attempts, more than the {MAX_ATTEMPTS} one hand-in may hold")
    return [check_attempt(a, f"attempts[{i}]") for i, a in enumerate(attempts)]
