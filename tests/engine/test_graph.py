"""The branch map: Mermaid from transitions' diagram support, DOT from graphviz's `source`."""

from __future__ import annotations

import re

import pytest

from game.engine.graph import GraphError, branch_map, mermaid_text, render, short, to_dot, to_mermaid

from .helpers import hallway, scenario

AWKWARD = """
title: 'Awkward "ids"; and: labels'
summary: Ids Mermaid cannot take as they are, and text full of syntax.
nodes:
  meet-up:
    speaker: narrator
    text: 'She says: "hi; #1 {fan}" <b>bold</b> | pipe \\ back'
    choices:
      - {text: 'Reply: "yes; sure" #tag', to: meet_up}
      - {text: End it., to: end}
  meet_up:
    text: Second.
    next: state
  end:
    text: A node called end.
    end: state
  orphan:
    text: Nobody comes here.
    next: state
endings:
  state: {title: A state called state, text: Done., outcome: success}
"""


def _without_entities(text: str) -> str:
    return re.sub(r"#\w+;", "", text)


def test_mermaid_comes_from_transitions_with_outcome_classes() -> None:
    text = to_mermaid(hallway())
    lines = text.splitlines()
    assert lines[:4] == ["---", 'title: "The Hallway Coffee"', "---", "stateDiagram-v2"]
    assert "  classDef s_default fill:white,color:black" in lines  # transitions' own default style
    for outcome in ("success", "mixed", "setback"):
        assert any(line.startswith(f"  classDef {outcome} fill:") for line in lines)
    assert "  Class hired success" in lines and "  Class maybe mixed" in lines and "  Class missed setback" in lines
    assert "  [*] --> intro" in lines
    assert "  intro --> hello: next" in lines
    edge = next(line for line in lines if line.startswith("  favour --> warm_offer"))
    assert "if sam.rapport #gt#59;= 3" not in edge and "if sam.rapport #gt;= 3" in edge
    hello = next(line for line in lines if line.startswith("  hello --> ask: "))
    assert hello.count("|") == 2  # three choices to the same node share one arrow


def test_mermaid_statements_stay_parseable_whatever_the_text() -> None:
    text = to_mermaid(scenario(AWKWARD))
    ids = set()
    for line in text.splitlines()[4:]:
        line = line.strip()
        if line.startswith("state "):
            m = re.fullmatch(r'state "([^"]*)" as (\w+)', line)
            assert m, line
            ids.add(m.group(2))
            assert "#" not in _without_entities(m.group(1))
        elif "-->" in line:
            m = re.fullmatch(r"(\[\*\]|\w+) --> (\w+)(: (.*))?", line)
            assert m, line
            if m.group(4):
                assert not re.search(r"[:;#]", _without_entities(m.group(4))), line
    assert {"meet_up", "meet_up_2", "n_end", "n_state", "orphan"} <= ids
    assert "Class orphan unreachable" in text


def test_labels_are_short_and_escaped() -> None:
    assert short("word " * 30, 20).endswith("…") and len(short("word " * 30, 20)) <= 20
    assert short("  two\n lines ") == "two lines"
    assert mermaid_text('a: "b"; #c') == "a#58; #quot;b#quot;#59; #35;c"


def test_highlight_best_marks_the_path() -> None:
    sc = hallway()
    m = branch_map(sc, "best")
    assert {"intro", "hello", "ask", "favour", "offer", "later", "follow", "wrap", "hired"} == m.best_nodes
    assert ("ask", "favour", "choice", 2) in m.best_edges and ("favour", "offer", "branch", 1) in m.best_edges
    text = to_mermaid(sc, "best")
    assert "  Class hired success_best" in text and "  Class ask best" in text
    assert "Class warm_offer best" not in text
    assert "[best] 3. Mention Sam" in text
    comm = branch_map(sc, "communication")
    assert "warm_offer" in comm.best_nodes and "offer" not in comm.best_nodes
    with pytest.raises(GraphError):
        branch_map(sc, "charisma")


def test_dot_source_without_a_binary() -> None:
    text = to_dot(hallway(), "best")
    assert text.startswith("// The Hallway Coffee\ndigraph hallway {")
    assert re.search(r'hired \[label="hired: A mentor on the team \(success\)".*fillcolor="#c8e6c9"', text)
    assert re.search(r'missed \[.*fillcolor="#ffcdd2"', text)
    assert re.search(r'ask -> favour \[label=".*" color="#1565c0".*penwidth=3', text)
    assert "favour -> cold [label=otherwise style=dashed]" in text
    awkward = to_dot(scenario(AWKWARD))
    assert r'\"hi; #1 {fan}\"' in awkward and "pipe \\\\…" in awkward  # quotes and backslashes escaped
    assert '"meet-up"' in awkward
    assert "style=dashed" in awkward  # the orphan


def test_render_dispatches_and_refuses_unknown_formats() -> None:
    sc = hallway()
    assert render(sc, "dot") == to_dot(sc)
    assert render(sc, "mermaid", "best") == to_mermaid(sc, "best")
    with pytest.raises(GraphError):
        render(sc, "png")
