"""The answer-key tells `rapport stats` reports (game/scenario/tells.py), on small files whose answers are known."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from game.scenario import load_scenario_text
from game.scenario.tells import decisions, pack_tells, scenario_tells

FILE = """
title: Tells
summary: Three decisions whose tells are known.
characters:
  sam:
    name: Sam Ortiz
nodes:
  first:
    speaker: sam
    text: Hi, what brings you here?
    choices:
      - text: Tell Sam about the project you built last spring and ask what hers is.
        to: second
        score: {communication: 2}
        reply: Oh, nice.
      - text: Shrug.
        to: second
        score: {communication: -1}
        reply: Okay then.
  second:
    speaker: sam
    text: Anything else?
    choices:
      - text: Ask.
        to: third
        score: {reciprocity: -1}
      - text: Offer to send her the article you mentioned earlier today.
        to: third
        score: {reciprocity: 2, first_impression: -1}
        reply: Thanks.
  third:
    text: The room empties.
    choices:
      - text: Leave now.
        to: done
        score: {follow_through: 1}
      - text: Stay and help stack chairs.
        to: done
        score: {follow_through: 3}
endings:
  done:
    title: Done
    text: That was it.
    outcome: mixed
"""


def test_each_decision_tells_what_it_should() -> None:
    by_node = {d.node: d for d in decisions(load_scenario_text(FILE))}
    first, second, third = by_node["first"], by_node["second"], by_node["third"]
    # first: the best (total 2) is listed first and is the longest; no cost, runner-up 3 points behind.
    assert (first.best_is_first, first.best_is_longest, first.trade_off) == (True, True, False)
    assert first.best_alone_in_ask_shape
    # second: the best (total 1) is listed second, two points ahead, but costs first impression.
    assert (second.best_is_first, second.best_is_longest, second.trade_off) == (False, True, True)
    assert second.totals == (-1, 1) and second.best == frozenset({1})
    # third: best is second and longest; 3 against 1, no cost: no trade-off.
    assert (third.best_is_first, third.best_is_longest, third.trade_off) == (False, True, False)


def test_a_runner_up_within_one_point_is_a_trade_off() -> None:
    close = FILE.replace("score: {follow_through: 3}", "score: {follow_through: 2}")
    by_node = {d.node: d for d in decisions(load_scenario_text(close))}
    assert by_node["third"].trade_off


def test_scenario_and_pack_sums() -> None:
    t = scenario_tells(load_scenario_text(FILE))
    assert (t.decisions, t.best_first, t.best_longest, t.trade_offs) == (3, 1, 3, 1)
    # Four choices at Sam's lines (third has no speaker); "Ask." has no reply.
    assert (t.at_lines, t.replied, t.silent) == (4, 3, ("second:1",))
    assert t.reply_share == 0.75
    both = pack_tells([t, t])
    assert (both.decisions, both.best_first, both.trade_offs, both.at_lines, both.replied) == (6, 2, 2, 8, 6)


def test_rapport_stats_reports_the_tells(tmp_path: Path) -> None:
    f = tmp_path / "tells.yaml"
    f.write_text(FILE, encoding="utf-8")
    text = subprocess.run([sys.executable, "-m", "game", "stats", str(f)], capture_output=True, text=True,
                          check=True).stdout
    table = text[text.index("answer-key tells"):]
    row = next(line for line in table.splitlines() if line.startswith("tells"))
    assert "33%" in row and "100%" in row and "1/3" in row and "75% (3/4)" in row, text
    data = json.loads(subprocess.run([sys.executable, "-m", "game", "stats", str(f), "--format", "json"],
                                     capture_output=True, text=True, check=True).stdout)
    tells = data["scenarios"][0]["tells"]
    assert tells["best_listed_first"] == 1 and tells["trade_off_nodes"] == ["second"]
    assert tells["silent_choices"] == ["second:1"] and data["pack"]["tells"]["decisions"] == 3
