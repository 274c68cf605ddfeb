"""Scenarios the benchmarks generate: long ones made from the shipped pack, and a pack of 50.

`stitched(n)` builds one scenario of exactly `n` nodes with the shape of the real ones: it chains copies
of the shipped scenarios (their choices, branches, `next`/`end`, conditions, flags, rapport and scores),
each copy with its own node, character and flag names, and the scores its conditions read standing in as
counters of its own, so a copy's conditions read that copy's state the way a real conversation does
(`shared_scores=True` keeps one set of scores across every copy: see bench_scale). The words are left out (node text and speakers are optional; a choice's
text is one letter) and every choice is one flow line, to keep the file small: even so 5,000 nodes take
about 1.4 MB, over the 1 MiB cap on a scenario file (`game.scenario.yamlread.MAX_BYTES`), which
bench_scale lifts while it measures.

`pack_of(n, dest)` copies the shipped files under new ids until the folder holds `n` scenarios.
"""

from __future__ import annotations

import random
import re
import shutil
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO / "scenarios"
PRINCIPLES = frozenset({"first_impression", "communication", "reciprocity", "follow_through", "authenticity"})
KEYWORDS = frozenset({"and", "or", "not", "true", "false", "True", "False", "visited"})
_TOKEN = re.compile(r"visited\(\s*([\w-]+)\s*\)|([\w-]+)\.rapport|\b([A-Za-z_]\w*)\b")


def shipped_files() -> list[Path]:
    return sorted(p for p in SHIPPED.glob("*.yaml") if p.name != "pack.yaml")


@lru_cache(maxsize=1)
def _shipped_docs() -> tuple[dict[str, Any], ...]:
    return tuple(yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) for p in shipped_files())


_SCORE_TEST = re.compile(r"\b(?:" + "|".join(sorted(PRINCIPLES)) + r")\s*(?:==|!=|<=|>=|<|>)\s*-?\w+")


def _copy(doc: dict[str, Any], k: int, next_start: str | None, score_conditions: bool = True,
          claims: bool = False, shared_scores: bool = False) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Copy `k` of one shipped scenario: (nodes, characters, endings). Its endings lead to `next_start`.

    Flags and characters get the copy's own names, and so, unless `shared_scores`, do the scores its
    conditions read: each principle a condition compares becomes the rapport of a stand-in character of the
    copy's own (`s{k}_{j}`), which the copy's choices change as they change that score (the scores are
    still kept too). A score read in copy 40 then depends on copy 40's choices, as in the scenario it comes
    from, rather than on the 400 decisions of the copies before it.

    Without `score_conditions`, each comparison that reads a principle's score becomes `true`. With `claims`,
    a node a branch entry leads to `requires` that entry's condition, and a node a choice that sets a flag
    leads to `requires` that flag (whether or not every path holds it: the check's cost is what counts).
    """
    node_ids = {nid: f"k{k}n{j}" for j, nid in enumerate(doc["nodes"])}
    ends = {eid: (next_start if next_start else f"k{k}e{j}") for j, eid in enumerate(doc["endings"])}
    targets = {**node_ids, **ends}
    chars = {cid: f"c{k}_{j}" for j, cid in enumerate(doc.get("characters") or {})}
    flags: dict[str, str] = {}
    own = {p: f"s{k}_{j}" for j, p in enumerate(sorted(PRINCIPLES))}

    def flag(name: str) -> str:
        return flags.setdefault(name, f"f{k}_{len(flags)}")

    def cond(text: str) -> str:
        def sub(m: re.Match[str]) -> str:
            if m.group(1):
                return f"visited({node_ids.get(m.group(1), m.group(1))})"
            if m.group(2):
                return f"{chars.get(m.group(2), m.group(2))}.rapport"
            word = m.group(3)
            if word in PRINCIPLES and not shared_scores:
                return f"{own[word]}.rapport"
            return word if word in KEYWORDS or word in PRINCIPLES else flag(word)

        text = str(text) if score_conditions else _SCORE_TEST.sub("true", str(text))
        return _TOKEN.sub(sub, text)

    nodes: dict[str, Any] = {}
    for nid, node in doc["nodes"].items():
        out: dict[str, Any] = {}  # no speaker, no text: both optional, and the file stays small
        if node.get("choices"):
            choices = []
            for c in node["choices"]:
                nc: dict[str, Any] = {"text": "o", "to": targets[c["to"]]}
                if "if" in c:
                    nc["if"] = cond(c["if"])
                if c.get("score"):
                    nc["score"] = dict(c["score"])
                if c.get("rapport"):
                    nc["rapport"] = {chars[ch]: v for ch, v in c["rapport"].items()}
                if c.get("score") and not shared_scores:
                    nc["rapport"] = nc.get("rapport", {}) | {own[p]: v for p, v in c["score"].items() if v}
                if c.get("set"):
                    nc["set"] = {flag(f): v for f, v in c["set"].items()}
                if c.get("pattern"):
                    pattern = c["pattern"]
                    nc["pattern"] = list(pattern) if isinstance(pattern, list) else pattern  # no shared lists: YAML anchors
                choices.append(nc)
            out["choices"] = choices
        elif node.get("branch"):
            out["branch"] = [({"if": cond(b["if"])} if "if" in b else {}) | {"to": targets[b["to"]]}
                             for b in node["branch"]]
        elif node.get("next"):
            out["next"] = targets[node["next"]]
        elif node.get("end"):
            out["next" if next_start else "end"] = targets[node["end"]]
        nodes[node_ids[nid]] = out
    if claims:
        for node in doc["nodes"].values():
            for b in node.get("branch") or []:
                if "if" in b and b["to"] in node_ids:
                    nodes[node_ids[b["to"]]].setdefault("requires", cond(b["if"]))
            for c in node.get("choices") or []:
                sets = [f for f, v in (c.get("set") or {}).items() if v is True]
                if sets and c["to"] in node_ids:
                    nodes[node_ids[c["to"]]].setdefault("requires", flag(sets[0]))
    characters = {chars[cid]: {"name": f"P{k}.{j}", **({"rapport": c["rapport"]} if c.get("rapport") else {})}
                  for j, (cid, c) in enumerate((doc.get("characters") or {}).items())}
    if not shared_scores:
        characters |= {sid: {"name": f"S{k}.{p}"} for p, sid in own.items()}
    endings = {} if next_start else {f"k{k}e{j}": {"title": e["title"][:40], "text": "End.", "outcome": e["outcome"]}
                                     for j, e in enumerate(doc["endings"].values())}
    return nodes, characters, endings


def stitched(n: int, score_conditions: bool = True, claims: bool = False, shared_scores: bool = False) -> str:
    """A valid scenario of exactly `n` nodes (YAML text): copies of the shipped ones in a row, then filler."""
    docs = _shipped_docs()
    plan: list[dict[str, Any]] = []
    total = 0
    while True:
        d = docs[len(plan) % len(docs)]
        if total + len(d["nodes"]) > n:
            break
        plan.append(d)
        total += len(d["nodes"])
    if not plan:
        raise ValueError(f"{n} nodes is smaller than one shipped scenario")
    copies: list[tuple[str, dict[str, Any], dict[str, Any], dict[str, Any]]] = []
    for k in reversed(range(len(plan))):  # last first, so each copy knows where the next one starts
        d = plan[k]
        next_start = copies[0][0] if copies else None
        copy_nodes, copy_chars, copy_endings = _copy(d, k, next_start, score_conditions, claims, shared_scores)
        start = f"k{k}n{list(d['nodes']).index(d.get('start') or next(iter(d['nodes'])))}"
        copies.insert(0, (start, copy_nodes, copy_chars, copy_endings))
    nodes: dict[str, Any] = {}
    pad = n - total
    for i in range(pad):  # narration filler in front, so the count is exact
        nodes[f"pad{i}"] = {"text": "t", "next": f"pad{i + 1}" if i + 1 < pad else copies[0][0]}
    characters: dict[str, Any] = {}
    endings: dict[str, Any] = {}
    for _start, cn, cc, ce in copies:
        nodes.update(cn)
        characters.update(cc)
        endings.update(ce)
    doc = {"id": f"stitched-{n}", "title": f"Stitched {n}", "summary": "Generated for benchmarks.",
           "focus": sorted(PRINCIPLES), "characters": characters,
           "start": "pad0" if pad else copies[0][0], "nodes": nodes, "endings": endings}
    assert len(nodes) == n
    return _dump(doc)


def _flow(value: Any) -> str:
    return str(yaml.dump(value, Dumper=yaml.CSafeDumper, default_flow_style=True, width=1 << 20,
                         sort_keys=False)).strip()


def _dump(doc: dict[str, Any]) -> str:
    """Block style for the file's outline, one flow line per node, choice and branch entry (compact)."""
    lines = []
    for key, value in doc.items():
        if key not in ("characters", "nodes", "endings"):
            lines.append(f"{key}: {_flow(value)}")
            continue
        lines.append(f"{key}:")
        for name, item in value.items():
            if key == "nodes" and ("choices" in item or "branch" in item):
                lines.append(f"  {name}:")
                for field, v in item.items():
                    if field in ("choices", "branch"):
                        lines.append(f"    {field}:")
                        lines.extend(f"    - {_flow(entry)}" for entry in v)
                    else:
                        lines.append(f"    {field}: {_flow(v)}")
            else:
                lines.append(f"  {name}: {_flow(item)}")
    return "\n".join(lines) + "\n"


def pack_of(n: int, dest: Path) -> Path:
    """A pack folder of `n` playable scenarios: the shipped ones copied under new ids and titles."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(SHIPPED / "pack.yaml", dest / "pack.yaml")
    files = shipped_files()
    for i in range(n):
        src = files[i % len(files)]
        text = src.read_text(encoding="utf-8")
        new_id = f"{src.stem}-{i + 1:02d}"
        text, ids = re.subn(r"(?m)^id: .*$", f"id: {new_id}", text, count=1)
        if not ids:
            text = f"id: {new_id}\n" + text
        text = re.sub(r"(?m)^title: (.*)$", lambda m, i=i: f"title: {m.group(1)} ({i + 1})", text, count=1)
        (dest / f"{new_id}.yaml").write_text(text, encoding="utf-8")
    return dest


def graph(sc: Any) -> dict[str, list[str]]:
    """Node → the nodes and endings it can lead to (every choice, branch entry, next, end)."""
    return {nid: [t for t in ([c.to for c in node.choices or []] + [e.to for e in node.branch or []]
                              + [node.next, node.end]) if t is not None]
            for nid, node in sc.nodes.items()}


def count_paths(succ: dict[str, list[str]], start: str) -> int:
    """Paths from `start` to any ending, memoised, iterative (the floor for analyze)."""
    memo: dict[str, int] = {}
    stack = [start]
    while stack:
        nid = stack[-1]
        if nid not in succ:
            memo[nid] = 1
            stack.pop()
            continue
        todo = [t for t in succ[nid] if t not in memo]
        if todo:
            stack.extend(todo)
            continue
        memo[nid] = sum(memo[t] for t in succ[nid])
        stack.pop()
    return memo[start]


def random_walks(succ: dict[str, list[str]], start: str, runs: int, seed: int = 1) -> None:
    """`runs` random walks from `start` to an ending, ignoring conditions and effects (a floor for simulate)."""
    rng = random.Random(seed)
    for _ in range(runs):
        nid = start
        while nid in succ:
            nid = rng.choice(succ[nid])


def parse_events(text: str) -> int:
    """Run PyYAML's C parser over `text` to the end, building nothing (a floor for validation)."""
    n = 0
    for _ in yaml.parse(text, Loader=yaml.CSafeLoader):
        n += 1
    return n
