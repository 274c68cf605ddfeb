"""How well typed answers land on the shipped pack's choices, measured on our own paraphrase set.

`paraphrases.yaml` holds what a student might type at a character's line and the choice it should
become (or null for a line about something else). Each text is matched against ALL the node's
choices. Three figures are printed and held to a floor a few points below what we measured:
top-1 accuracy, top-2 accuracy (the expected choice is the match or the runner-up, which the
player is offered when the game is unsure), and the off-topic rejection rate (not confident).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from game.ownwords import missing

ROOT = Path(__file__).resolve().parents[2]
PARAPHRASES = Path(__file__).with_name("paraphrases.yaml")
SCENARIOS = ROOT / "scenarios"

# Measured on 2026-12-04 (141 entries: 109 in-domain, 32 off-topic; THRESHOLD 0.36, MARGIN 0.05):
# top-1 93.6% (3 of the 7 misses confident), top-2 100.0%, off-topic rejected 93.8% (30 of 32; the
# two taken are near the scene: "which coffee place did you get those from?" at Devon's coffees,
# "how old are your kids?" at Mei's intro). The 11 entries added that day cover the revised pack's
# new choice nodes (the-referral's call_around and call_quiet, conference-hallway's deliver_notes with
# push-quietly reworded) and were written before being run, not tuned: two of them miss ("I'm not
# writing the notes today..." lands confidently on say-wednesday). The floors sit a few points under
# (one off-topic line is 3.1 points of the rejection rate).
TOP1_FLOOR = 0.90
TOP2_FLOOR = 0.96
REJECT_FLOOR = 0.86


def _entries(path: Path = PARAPHRASES) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, list), f"{path.name}: expected a list of entries"
    return data


def _scenarios() -> dict[str, Any]:
    from game.scenario.pack import load_scenario

    out = {}
    for p in sorted(SCENARIOS.glob("*.yaml")):
        if p.name == "pack.yaml":
            continue
        sc = load_scenario(p)
        out[sc.id] = sc
    return out


def test_every_scenario_has_ten_entries_and_every_expect_exists() -> None:
    entries = _entries()
    scenarios = _scenarios()
    per = Counter(e["scenario"] for e in entries)
    off = Counter(e["scenario"] for e in entries if e["expect"] is None)
    for sid in scenarios:
        assert per[sid] >= 10, f"{sid}: {per[sid]} paraphrases, want at least 10"
        assert off[sid] >= 2, f"{sid}: {off[sid]} off-topic lines, want at least 2"
    for i, e in enumerate(entries, 1):
        assert set(e) == {"scenario", "node", "text", "expect"}, f"entry {i}: keys {sorted(e)}"
        assert e["scenario"] in scenarios, f"entry {i}: no scenario `{e['scenario']}`"
        nodes = scenarios[e["scenario"]].nodes
        assert e["node"] in nodes, f"entry {i}: no node `{e['node']}` in {e['scenario']}"
        ids = [c.choice_id for c in nodes[e["node"]].choices or []]
        assert len(ids) >= 2, f"entry {i}: node `{e['node']}` has no choices to match"
        if e["expect"] is not None:
            assert str(e["expect"]) in ids, f"entry {i}: `{e['expect']}` is not a choice of {e['node']} ({ids})"


def measure(path: Path = PARAPHRASES) -> dict[str, float]:
    from game.ownwords.lint import candidates_of
    from game.ownwords.match import Matcher
    from game.ownwords.model import shared_embedder

    embed = shared_embedder().embed
    scenarios = _scenarios()
    matchers: dict[tuple[str, str], Matcher] = {}
    top1 = top2 = n_in = rejected = n_off = sure_wrong = 0
    misses = []
    for e in _entries(path):
        key = (e["scenario"], e["node"])
        if key not in matchers:
            matchers[key] = Matcher(candidates_of(scenarios[key[0]].nodes[key[1]]), embed)
        m = matchers[key].match(e["text"])
        if e["expect"] is None:
            n_off += 1
            rejected += not m.confident
            if m.confident:
                misses.append(f"  off-topic taken as {m.choice} ({m.score:.2f}): {e['text']}")
        else:
            n_in += 1
            want = str(e["expect"])
            top1 += m.choice == want
            sure_wrong += m.choice != want and m.confident
            top2 += want in (m.choice, m.runner_up)
            if m.choice != want:
                misses.append(f"  {key[1]}: want {want}, got {m.choice} ({m.score:.2f}, runner-up "
                              f"{m.runner_up}): {e['text']}")
    res = {"top1": top1 / n_in, "top2": top2 / n_in, "reject": rejected / n_off if n_off else 1.0,
           "sure_wrong": sure_wrong / n_in, "in_domain": n_in, "off_topic": n_off}
    print(f"own words on {path.name}: top-1 {res['top1']:.1%}, top-2 {res['top2']:.1%} "
          f"of {n_in} in-domain ({sure_wrong} wrong and confident); off-topic rejected {res['reject']:.1%} of {n_off}")
    print("\n".join(misses))
    return res


@pytest.mark.skipif(missing() is not None, reason="needs the own-words extra (pip install \"rapport-trainer[own-words]\")")
def test_accuracy_floors() -> None:
    res = measure()
    assert res["top1"] >= TOP1_FLOOR, f"top-1 accuracy {res['top1']:.1%} is below the floor {TOP1_FLOOR:.0%}"
    assert res["top2"] >= TOP2_FLOOR, f"top-2 accuracy {res['top2']:.1%} is below the floor {TOP2_FLOOR:.0%}"
    assert res["reject"] >= REJECT_FLOOR, f"off-topic rejection {res['reject']:.1%} is below the floor {REJECT_FLOOR:.0%}"


if __name__ == "__main__":
    import sys

    for arg in sys.argv[1:] or [str(PARAPHRASES)]:
        measure(Path(arg))
