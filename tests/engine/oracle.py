"""An independent reading of SCENARIO_FORMAT.md: every path of a scenario, straight from its YAML.

Nothing here imports the game. Conditions are parsed with Python's `ast` module
(after rewriting `visited(x)` and `true`/`false`) and walked by hand; nothing is
evaluated. The rules it follows are the format's, plus the two the engine
documents: a node counts as visited while its own conditions are evaluated,
and a decision whose every choice is hidden offers them all.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

BUILT_IN = ("first_impression", "communication", "reciprocity", "follow_through", "authenticity")


@dataclass
class State:
    flags: dict[str, int] = field(default_factory=dict)
    scores: dict[str, int] = field(default_factory=dict)
    rapport: dict[str, int] = field(default_factory=dict)
    visited: frozenset[str] = frozenset()


def _parse(text: str) -> ast.expr:
    text = re.sub(r"visited\(\s*([a-z0-9_-]+)\s*\)", lambda m: f"__visited__({m.group(1)!r})", text)
    text = re.sub(r"\btrue\b|\bTrue\b", "1", text)
    text = re.sub(r"\bfalse\b|\bFalse\b", "0", text)
    return ast.parse(text, mode="eval").body


def _value(node: ast.expr, s: State, principles: tuple[str, ...]) -> int:
    if isinstance(node, ast.Constant):
        return int(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_value(node.operand, s, principles)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return int(not _value(node.operand, s, principles))
    if isinstance(node, ast.BoolOp):
        vals = (_value(v, s, principles) for v in node.values)
        return int(all(vals) if isinstance(node.op, ast.And) else any(vals))
    if isinstance(node, ast.Compare):
        left, right = _value(node.left, s, principles), _value(node.comparators[0], s, principles)
        op = type(node.ops[0])
        return int({ast.Eq: left == right, ast.NotEq: left != right, ast.Lt: left < right, ast.LtE: left <= right,
                    ast.Gt: left > right, ast.GtE: left >= right}[op])
    if isinstance(node, ast.Attribute) and node.attr == "rapport" and isinstance(node.value, ast.Name):
        return s.rapport.get(node.value.id, 0)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "__visited__":
        arg = node.args[0]
        assert isinstance(arg, ast.Constant)
        return int(arg.value in s.visited)
    if isinstance(node, ast.Name):
        if node.id in principles:
            return s.scores.get(node.id, 0)
        return int(s.flags.get(node.id, 0))
    raise ValueError(f"the oracle cannot read {ast.dump(node)}")


@dataclass
class Enumeration:
    paths: int = 0
    best: dict[str, int] = field(default_factory=dict)
    worst: dict[str, int] = field(default_factory=dict)
    visited: set[str] = field(default_factory=set)
    endings: set[str] = field(default_factory=set)


def enumerate_paths(doc: dict[str, Any], principles: tuple[str, ...] = BUILT_IN, limit: int = 2_000_000) -> Enumeration:
    nodes: dict[str, Any] = doc["nodes"]
    endings: dict[str, Any] = doc["endings"]
    start = doc.get("start") or next(iter(nodes))
    chars = doc.get("characters") or {}
    parsed: dict[str, ast.expr] = {}

    def holds(text: str | None, s: State) -> bool:
        if text is None:
            return True
        if text not in parsed:
            parsed[text] = _parse(text)
        return bool(_value(parsed[text], s, principles))

    out = Enumeration()

    def walk(nid: str, s: State) -> None:
        while nid not in endings:
            s = State(s.flags, s.scores, s.rapport, s.visited | {nid})
            out.visited.add(nid)
            node = nodes[nid]
            if "next" in node:
                nid = node["next"]
            elif "end" in node:
                nid = node["end"]
            elif "branch" in node:
                nid = next(e["to"] for e in node["branch"] if holds(e.get("if"), s))
            else:
                shown = [c for c in node["choices"] if holds(c.get("if"), s)] or node["choices"]
                for c in shown:
                    scores = dict(s.scores)
                    for p, v in (c.get("score") or {}).items():
                        scores[p] = scores.get(p, 0) + v
                    rapport = dict(s.rapport)
                    for ch, v in (c.get("rapport") or {}).items():
                        rapport[ch] = rapport.get(ch, 0) + v
                    flags = dict(s.flags)
                    flags.update({k: int(v) for k, v in (c.get("set") or {}).items()})
                    walk(c["to"], State(flags, scores, rapport, s.visited))
                return
        out.paths += 1
        out.endings.add(nid)
        assert out.paths <= limit
        for p in principles:
            v = s.scores.get(p, 0)
            out.best[p] = max(out.best.get(p, v), v)
            out.worst[p] = min(out.worst.get(p, v), v)

    walk(start, State({}, dict.fromkeys(principles, 0), {c: (v or {}).get("rapport", 0) for c, v in chars.items()}))
    return out


def enumerate_file(path: Path) -> Enumeration:
    return enumerate_paths(yaml.safe_load(path.read_text(encoding="utf-8")))
