"""Who a path meets: "Their side" shows only them, and lint notes a `perspective` some path reaches unmet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.engine.analysis import analyze, lint_findings
from game.engine.met import met_on, perspective_findings
from game.engine.scoring import debrief, debrief_for
from game.engine.session import Session

from .helpers import scenario

# Devon is the first character, so he says a `reply` at a node with no character speaking next.
PARTY = """
title: Party
summary: Four people, and each path meets a different few.
characters:
  devon: {name: Devon Park}
  rosa: {name: Rosa Delgado}
  kim: {name: Kim Ito}
  sam: {name: Sam Lee}
nodes:
  hello:
    text: The reception is loud.
    choices:
      - {text: Leave., to: corridor, rapport: {sam: 0}}
      - {text: Wave at Kim., to: corridor, rapport: {kim: 1}}
      - {text: Greet Devon., to: corridor, reply: "Oh, hi!"}
      - {text: Talk to Rosa., to: rosa_chat}
      - {text: Find Sam., to: sam_says}
  rosa_chat:
    speaker: rosa
    text: Hi! Do you know Sam?
    choices:
      - {text: Not yet., to: corridor}
  sam_says:
    speaker: sam
    text: Good to see you.
    next: corridor
  corridor:
    text: The corridor is quiet.
    next: done
endings:
  done:
    title: Done
    text: You head home.
    outcome: mixed
    perspective:
      devon: Devon's side.
      rosa: Rosa's side.
      kim: Kim's side.
      sam: Sam's side.
"""


def sides(choices: list[int]) -> list[str]:
    s = Session(scenario(PARTY), in_order=True)
    for i in choices:
        s.choose_index(i)
    assert s.finished
    return [p.character for p in debrief(s).perspective]


def test_their_side_leaves_out_everyone_the_path_never_met() -> None:
    assert sides([0]) == []  # a `rapport` entry of 0 changes nothing, so Sam is not met
    assert sides([1]) == ["kim"]  # rapport changed
    assert sides([2]) == ["devon"]  # said the reply
    assert sides([3, 0]) == ["rosa"]  # spoke at a decision
    assert sides([4]) == ["sam"]  # spoke in narration between decisions


def test_a_stored_log_gives_the_same_their_side() -> None:
    sc = scenario(PARTY)
    s = Session(sc, in_order=True)
    s.choose_index(3)
    s.choose_index(0)
    stored = debrief_for(sc, list(s.log), s.ending_id)
    assert [(p.character, p.name, p.text) for p in stored.perspective] == [("rosa", "Rosa Delgado", "Rosa's side.")]
    assert met_on(sc, s.log) == {"rosa"}
    assert debrief_for(sc, [], "done").perspective == []  # a workshop reveal with no path yet meets nobody


def test_the_order_of_the_file_is_kept() -> None:
    text = PARTY.replace("      - {text: Leave., to: corridor, rapport: {sam: 0}}",
                         "      - {text: Leave., to: corridor, rapport: {sam: 1, devon: -1}}")
    s = Session(scenario(text), in_order=True)
    s.choose_index(0)
    assert [p.character for p in debrief(s).perspective] == ["devon", "sam"]


def notes(text: str) -> list[tuple[str, str, int, int, str]]:
    return [(f.severity, f.code, f.line, f.column, f.message) for f in perspective_findings(analyze(scenario(text)))]


def test_lint_notes_each_perspective_some_path_reaches_unmet_with_that_path() -> None:
    found = notes(PARTY)
    assert [(sev, code) for sev, code, *_ in found] == [("note", "perspective-unmet")] * 4
    lines = PARTY.splitlines()
    where = {who: (lines.index(f"      {who}: {who.capitalize()}'s side.") + 1, 7) for who in ("devon", "rosa", "kim", "sam")}
    assert [(line, col) for _s, _c, line, col, _m in found] == [where[w] for w in ("devon", "rosa", "kim", "sam")]
    message = found[1][4]
    assert "ending `done` gives what `rosa` thought, but a path reaches it without meeting them" in message
    assert ': "Leave."; ' in message  # the first path that arrives without her


def test_a_character_met_on_every_path_is_not_noted() -> None:
    text = PARTY.replace("      devon: Devon's side.\n", "").replace("      rosa: Rosa's side.\n", "") \
        .replace("      kim: Kim's side.\n", "").replace("      sam: Sam's side.\n", "      sam: Sam's side.\n")
    every = text.replace("  corridor:\n    text: The corridor is quiet.", "  corridor:\n    speaker: sam\n    text: Bye!")
    assert notes(every) == []
    assert len(notes(text)) == 1


def test_the_note_follows_the_conditions_not_the_plain_graph() -> None:
    # Only a path that waved at Kim reaches `kim_end`: the plain graph has paths there without her, no allowed one.
    text = PARTY.replace("    next: done\n", "    branch:\n      - if: kim.rapport >= 1\n        to: kim_end\n"
                                           "      - to: done\n")
    text += """  kim_end:
    title: Kim
    text: Kim waves back.
    outcome: success
    perspective:
      kim: She waved back.
      rosa: Rosa's side, unmet.
"""
    found = [m for _s, _c, _l, _col, m in notes(text) if "kim_end" in m]
    assert len(found) == 1 and "`rosa`" in found[0] and ': "Wave at Kim."; ' in found[0]


def test_lint_findings_include_the_note_and_it_never_counts_as_a_warning() -> None:
    found = [f for f in lint_findings(scenario(PARTY)) if f.code == "perspective-unmet"]
    assert len(found) == 4 and {f.severity for f in found} == {"note"}


def test_lint_strict_shows_the_note_and_still_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from game.cli import main

    path = tmp_path / "party.yaml"
    path.write_text(PARTY.replace("      - {text:", "      - {feedback: Fine., text:"))  # no other warning
    code = main(["lint", "--strict", "--notes", "--format", "json", str(path)])
    items = json.loads(capsys.readouterr().out)
    assert code == 0
    assert [i["severity"] for i in items if i["code"] == "perspective-unmet"] == ["note"] * 4
    assert all(i["severity"] == "note" for i in items)


def test_lint_shows_notes_only_when_asked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without --notes every line keeps the spec's `file:LINE:COL: error|warning: text` form."""
    from game.cli import main

    path = tmp_path / "party.yaml"
    path.write_text(PARTY.replace("      - {text:", "      - {feedback: Fine., text:"))
    assert main(["lint", "--strict", str(path)]) == 0
    out = capsys.readouterr().out
    assert "perspective-unmet" not in out and ": note:" not in out
    assert main(["lint", "--notes", str(path)]) == 0
    assert capsys.readouterr().out.count(": note: ending `") == 4
