"""`rapport stats`: the size of each scenario, for instructors planning a session."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from game.scenario.model import Scenario

READING_WPM = 180  # a comfortable reading pace for dialogue
SECONDS_PER_DECISION = 10  # time to weigh the options


@dataclass(frozen=True)
class ScenarioStats:
    id: str
    title: str
    words: int
    decisions: int
    longest_path_decisions: int
    shortest_path_decisions: int
    endings: int
    patterns: list[str]
    principles: list[str]
    minutes: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _words(text: str | None) -> int:
    return len(re.findall(r"\w+(?:['’-]\w+)*", text or ""))


def _node_words(sc: Scenario, nid: str) -> int:
    node = sc.nodes[nid]
    n = _words(node.text) + _words(node.scene)
    for c in node.choices or []:
        n += _words(c.text)
    return n


def scenario_stats(sc: Scenario) -> ScenarioStats:
    words = sum(_node_words(sc, n) for n in sc.nodes)
    for node in sc.nodes.values():
        for c in node.choices or []:
            words += _words(c.reply) + _words(c.feedback)
    words += sum(_words(e.title) + _words(e.text) for e in sc.endings.values())

    # Longest/shortest path in decisions and the words read along the longest, over the plain graph.
    memo: dict[str, tuple[int, int, int]] = {}

    def walk(nid: str) -> tuple[int, int, int]:
        if nid not in sc.nodes:
            return (0, 0, _words(sc.endings[nid].text) if nid in sc.endings else 0)
        if nid in memo:
            return memo[nid]
        node = sc.nodes[nid]
        targets = [x.to for x in node.successors()]
        kids = [walk(t) for t in targets] or [(0, 0, 0)]
        d = 1 if node.choices else 0
        result = (d + max(k[0] for k in kids), d + min(k[1] for k in kids),
                  _node_words(sc, nid) // max(1, len(node.choices or [1])) + max(k[2] for k in kids))
        memo[nid] = result
        return result

    # Walk deepest-first without deep recursion: seed the memo from the leaves up.
    order: list[str] = []
    seen: set[str] = set()
    stack = [(sc.start_id, False)]
    while stack:
        nid, done = stack.pop()
        if done:
            order.append(nid)
            continue
        if nid in seen or nid not in sc.nodes:
            continue
        seen.add(nid)
        stack.append((nid, True))
        for x in sc.nodes[nid].successors():
            stack.append((x.to, False))
    for nid in order:
        walk(nid)
    longest, shortest, path_words = walk(sc.start_id)
    patterns = sorted({p for n in sc.nodes.values() for c in n.choices or [] for p in c.patterns})
    principles = sorted({p for n in sc.nodes.values() for c in n.choices or [] for p in c.score})
    minutes = round(path_words / READING_WPM + longest * SECONDS_PER_DECISION / 60, 1)
    return ScenarioStats(
        id=sc.id or "", title=sc.title, words=words,
        decisions=sum(1 for n in sc.nodes.values() if n.choices), longest_path_decisions=longest,
        shortest_path_decisions=shortest, endings=len(sc.endings), patterns=patterns, principles=principles,
        minutes=minutes,
    )


def format_table(rows: list[ScenarioStats]) -> str:
    head = f"{'scenario':28} {'words':>6} {'decisions':>9} {'path':>7} {'endings':>7} {'minutes':>7}  patterns / principles"
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(
            f"{r.id[:28]:28} {r.words:>6} {r.decisions:>9} {f'{r.shortest_path_decisions}-{r.longest_path_decisions}':>7} "
            f"{r.endings:>7} {r.minutes:>7}  {', '.join(r.patterns) or '-'} / {', '.join(r.principles) or '-'}"
        )
    return "\n".join(lines)
