"""The own-words lint warning: two choices of one node too alike for typed answers to tell apart."""

from __future__ import annotations

from typing import Any

from game.ownwords.match import SIMILAR, Candidate, too_similar
from game.scenario.errors import Finding


def candidates_of(node: Any) -> list[Candidate]:
    """Every choice of a node, as matching sees it (ids as the records name them)."""
    return [Candidate(c.choice_id, c.text, tuple(c.examples or ())) for c in node.choices or []]


def similar_choices(sc: Any) -> list[Finding]:
    from game.ownwords.model import shared_embedder

    embed = shared_embedder().embed
    doc = sc.document
    found = []
    for nid, node in sc.nodes.items():
        cands = candidates_of(node)
        if len(cands) < 2:
            continue
        for a, b, sim in too_similar(cands, embed):
            i = next(k for k, c in enumerate(cands) if c.choice_id == a)
            line, col = doc.pos(("nodes", nid, "choices", i)) if doc is not None else (1, 1)
            found.append(Finding(
                sc.path, line, col, "warning", "choices-too-similar",
                f"choices `{a}` and `{b}` of node `{nid}` read almost the same (similarity {sim:.2f}, "
                f"limit {SIMILAR}), so an answer in the player's own words cannot tell them apart; "
                "reword one so the difference is in the words, not only in the score."))
    return found
