"""What docs/authoring.md says the game does where the format spec is silent, checked against the engine.

Each test names the section of the guide it backs; if one fails, the guide or the game has to change.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine.analysis import analyze
from game.engine.scoring import debrief
from game.engine.session import Session
from game.scenario import ScenarioError, builtin, load_pack, load_scenario, load_scenario_text

GUIDE = (Path(__file__).resolve().parents[2] / "docs" / "authoring.md").read_text(encoding="utf-8")

# A narrator node, a character node, a `you` node and two characters.
REPLIES = """\
title: Replies
summary: Who speaks a reply.
characters:
  ana: {name: Ana}
  bo: {name: Bo}
nodes:
  start:
    speaker: narrator
    text: A room.
    choices:
      - {text: To Bo's node, to: bo_node, reply: Hi from the next node, feedback: f}
      - {text: To my node, to: my_node, reply: Hi from the first character, feedback: f}
      - {text: To Ana's node, to: ana_node, reply: Hi, feedback: f, score: {reciprocity: 1}}
  bo_node:
    speaker: bo
    text: Bo here.
    choices:
      - {text: Reply here, to: done, reply: Bo again, feedback: f}
  my_node:
    speaker: you
    text: Me.
    choices:
      - {text: Think, to: done, reply: Who says this?, feedback: f}
  ana_node:
    speaker: ana
    text: Ana here.
    end: done
endings:
  done: {title: Done, text: Done., outcome: success}
"""


def _speaker(s: Session, number: int) -> str:
    reply = s.choose(number).reply
    assert reply is not None
    return reply.speaker


def test_who_speaks_a_reply() -> None:
    """Part 3, "Who speaks a reply": this node's character, else the next node's, else the first listed."""
    assert "### Who speaks a reply" in GUIDE
    sc = load_scenario_text(REPLIES)
    s = Session(sc, in_order=True)
    assert _speaker(s, 1) == "bo"  # narrator node: the next node's character
    assert _speaker(s, 1) == "bo"  # a character's node: that character
    s = Session(sc, in_order=True)
    assert _speaker(s, 2) == "ana"  # next node is `you`: the first character listed
    assert _speaker(s, 1) == "ana"  # a `you` node: the first character listed


def test_reply_without_characters_is_narration() -> None:
    sc = load_scenario_text(REPLIES.replace("characters:\n  ana: {name: Ana}\n  bo: {name: Bo}\n", "")
                            .replace("speaker: bo", "speaker: narrator").replace("speaker: ana", "speaker: you"))
    assert _speaker(Session(sc, in_order=True), 1) == "narrator"


VISITS = """\
title: Visits
summary: Conditions on visits, flags and hidden choices.
characters:
  ana: {name: Ana, rapport: 2}
nodes:
  hall:
    text: A hall.
    next: here
  here:
    text: Here.
    choices:
      - {text: Seen here, to: mid, if: visited(here), feedback: f, set: {calls: 2}}
      - {text: Seen the hall, to: mid, if: visited(hall) and not never_set, feedback: f, score: {reciprocity: 1}}
      - {text: Flag unset reads 0, to: mid, if: never_set == 0 and never_set == false, feedback: f, set: {x: true}}
  mid:
    text: Middle.
    choices:
      - {text: Set again, to: hidden, set: {calls: 1}, feedback: f}
      - {text: Other, to: hidden, feedback: f, score: {communication: 1}}
  hidden:
    text: Every choice here has an if that is false.
    choices:
      - {text: A, to: done, if: calls > 5, feedback: f}
      - {text: B, to: done, if: ana.rapport > 5, feedback: f, score: {reciprocity: 1}}
endings:
  done: {title: Done, text: Done., outcome: success}
"""


def test_visited_flags_and_hidden_choices() -> None:
    """Part 3: visited(x) holds at x itself and for nodes passed through; unset flags read false/0;
    `set` replaces; when every choice is hidden, all are offered."""
    sc = load_scenario_text(VISITS)
    s = Session(sc, in_order=True)
    assert [o.text for o in s.options()] == ["Seen here", "Seen the hall", "Flag unset reads 0"]
    s.choose(1)
    assert s.flags["calls"] == 2
    s.choose(1)
    assert s.flags["calls"] == 1  # replaced, not added
    assert [o.text for o in s.options()] == ["A", "B"]  # both hidden, so both offered
    s.choose(2)
    assert s.finished


def test_rapport_starts_at_the_character_value_and_adds_up() -> None:
    sc = load_scenario_text(VISITS)
    assert Session(sc, in_order=True).rapport == {"ana": 2}


def test_plain_words_kept_as_text_and_empty_means_absent() -> None:
    """Part 2, "YAML in two minutes"."""
    sc = load_scenario_text("""\
title: 2024
summary: yes
nodes:
  a:
    text: 1:20
    choices:
      - {text: Off, to: done, reply: No, feedback: true}
      - text: On
        to: done
        reply:
        feedback: ~
endings:
  done: {title: Done, text: Done., outcome: success}
""")
    assert (sc.title, sc.summary, sc.nodes["a"].text) == ("2024", "yes", "1:20")
    first, second = sc.nodes["a"].choices or []
    assert (first.text, first.reply, first.feedback) == ("Off", "No", "true")
    assert (second.text, second.reply, second.feedback) == ("On", None, None)


def test_a_node_without_text_or_scene_passes_silently_and_settings_persist() -> None:
    sc = load_scenario_text("""\
title: Quiet
summary: A silent node.
setting: office
nodes:
  quiet:
    next: loud
  loud:
    scene: Later
    setting: home_office
    text: Loud.
    next: ask
  ask:
    text: Well?
    timer: 10
    discuss: Why?
    choices:
      - {text: Yes, to: done, feedback: f, score: {communication: 1}}
      - {text: No, to: done, feedback: f}
endings:
  done: {title: Done, text: Done., outcome: success}
""")
    s = Session(sc, in_order=True)
    assert [b.node_id for b in s.opening] == ["loud", "ask"]
    loud, ask = s.opening
    assert loud.scene == "Later" and loud.setting == "home_office" and loud.timer is None
    assert ask.setting == "home_office"  # a node's setting lasts until another changes it
    assert (ask.timer, ask.discuss) == (10, "Why?")


GRADES = """\
title: Grades
summary: Worst, best and the better choice.
focus: [reciprocity]
nodes:
  one:
    text: First.
    choices:
      - {text: Good for reciprocity, to: two, score: {reciprocity: 2}, feedback: f}
      - {text: Good for communication, to: two, score: {communication: 3}, feedback: f}
      - {text: Bad, to: two, score: {reciprocity: -1}, feedback: f}
  two:
    text: Second.
    choices:
      - {text: Fine, to: done, score: {reciprocity: 1}, feedback: f}
      - {text: Poor, to: done, score: {reciprocity: -2}, feedback: f}
endings:
  done: {title: Done, text: Done., outcome: success}
"""


def _play(sc, numbers):  # type: ignore[no-untyped-def]
    s = Session(sc, in_order=True)
    for n in numbers:
        s.choose(n)
    return debrief(s)


def test_grade_is_where_the_total_sits_between_worst_and_best() -> None:
    """Part 3, "The debrief": the total over all principles, between the worst and best totals."""
    sc = load_scenario_text(GRADES)
    a = analyze(sc)
    assert (a.start.worst_total, a.start.best_total) == (-3, 4)
    assert _play(sc, [3, 2]).grade == 0
    assert _play(sc, [2, 1]).grade == 100  # the best total, though not the best focus path
    assert _play(sc, [1, 2]).grade == round(100 * (0 + 3) / 7)


def test_better_choice_is_by_the_focus_total_still_reachable() -> None:
    sc = load_scenario_text(GRADES)
    d = _play(sc, [2, 2])
    first, second = d.decisions
    assert not first.was_best and first.best_text == "Good for reciprocity"
    assert not second.was_best and second.best_text == "Fine"
    assert _play(sc, [1, 1]).decisions[0].was_best


def test_better_choice_ties_go_to_the_higher_total_then_the_first_listed() -> None:
    sc = load_scenario_text(GRADES.replace("{reciprocity: -1}", "{reciprocity: 2, communication: 1}"))
    assert _play(sc, [2, 1]).decisions[0].best_text == "Bad"  # same focus total, higher total
    sc = load_scenario_text(GRADES.replace("{reciprocity: -1}", "{reciprocity: 2}"))
    d = _play(sc, [3, 1])
    assert d.decisions[0].was_best  # reaches the same best focus total: counts as best


# ------------------------------------------------------------------------------------- packs

SCENARIO = """\
title: Pack check
summary: Uses pack names.
focus: [{principle}]
characters:
  dana: {{name: Dana, portrait: {portrait}}}
setting: {setting}
nodes:
  a:
    speaker: dana
    text: Hello.
    choices:
      - {{text: One, to: done, score: {{{principle}: 1}}, pattern: {pattern}, feedback: f}}
      - {{text: Two, to: done, feedback: f}}
endings:
  done: {{title: Done, text: Done., outcome: success}}
"""

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cf000000030101009e2b2b1a0000000049454e44ae426082"
)


def _pack(tmp: Path, principles_yaml: str | None, **fields: str) -> Path:
    root = tmp / "pack"
    root.mkdir(exist_ok=True)
    if principles_yaml is not None:
        (root / "principles.yaml").write_text(principles_yaml, encoding="utf-8")
    values = {"principle": "communication", "pattern": "hard_seller", "portrait": "recruiter_1",
              "setting": "office"} | fields
    (root / "s.yaml").write_text(SCENARIO.format(**values), encoding="utf-8")
    return root


def test_principles_section_replaces_builtins_and_keeps_patterns_whose_principle_stays(tmp_path: Path) -> None:
    root = _pack(tmp_path, """\
principles:
  communication: {name: Talking, summary: Talk well., tip: Breathe.}
  listening: {name: Listening, summary: Hear them., tip: Wait.}
""", principle="listening", pattern="poor_communicator")
    pack = load_pack(root)
    assert not pack.findings and not pack.broken, [str(f) for b in pack.broken for f in b.findings]
    assert set(pack.principles) == {"communication", "listening"}
    assert set(pack.patterns) == {"hard_seller", "poor_communicator"}  # the built-ins on `communication`


def test_patterns_section_alone_keeps_builtin_principles(tmp_path: Path) -> None:
    root = _pack(tmp_path, """\
patterns:
  mumbler: {name: The Mumbler, principle: communication, summary: Nobody can hear them.}
""", pattern="mumbler")
    pack = load_pack(root)
    assert not pack.findings and not pack.broken
    assert set(pack.principles) == set(builtin.principles())
    assert set(pack.patterns) == {"mumbler"}
    with pytest.raises(ScenarioError) as err:
        load_scenario(_pack(tmp_path, None, pattern="hard_seller") / "s.yaml")
    assert err.value.findings[0].code == "unknown-pattern"


def test_pack_assets(tmp_path: Path) -> None:
    """Part 2, Backgrounds and Portraits: NAME.png in assets/; NAME.png itself must exist; no paths."""
    root = _pack(tmp_path, None, portrait="dana_face", setting="lecture_hall")
    with pytest.raises(ScenarioError) as err:
        load_scenario(root / "s.yaml")
    assert {f.code for f in err.value.findings} == {"unknown-asset"}
    (root / "assets" / "portraits").mkdir(parents=True)
    (root / "assets" / "backgrounds").mkdir(parents=True)
    (root / "assets" / "portraits" / "dana_face_warm.png").write_bytes(PNG)
    (root / "assets" / "backgrounds" / "lecture_hall.png").write_bytes(PNG)
    with pytest.raises(ScenarioError) as err:
        load_scenario(root / "s.yaml")
    assert [f.code for f in err.value.findings] == ["unknown-asset"]  # the mood picture alone is not enough
    (root / "assets" / "portraits" / "dana_face.png").write_bytes(PNG)
    load_scenario(root / "s.yaml")
    (root / "s.yaml").write_text(SCENARIO.format(principle="communication", pattern="gimme",
                                                 portrait="portraits/dana_face", setting="office"))
    with pytest.raises(ScenarioError) as err:
        load_scenario(root / "s.yaml")
    assert [f.code for f in err.value.findings] == ["bad-id"]


@pytest.mark.parametrize("key", builtin.BACKGROUNDS)
def test_builtin_backgrounds_need_no_png(key: str) -> None:
    load_scenario_text(SCENARIO.format(principle="communication", pattern="gimme", portrait="student_4",
                                       setting=key))


def test_better_choice_tie_on_both_totals_goes_to_the_first_listed() -> None:
    sc = load_scenario_text(GRADES.replace("{reciprocity: -1}", "{reciprocity: 2}"))
    assert _play(sc, [2, 1]).decisions[0].best_text == "Good for reciprocity"


def test_text_continued_on_indented_lines_is_joined_with_spaces() -> None:
    """Part 2, "YAML in two minutes"."""
    sc = load_scenario_text("""\
title: T
summary: S
nodes:
  a:
    text: The info session is over. Dana is coiling her laptop cable
      while another student finishes a question about internships.
    choices:
      - {text: One, to: done, feedback: f, score: {communication: 1}}
      - {text: Two, to: done, feedback: f}
endings:
  done: {title: D, text: D., outcome: success}
""")
    assert sc.nodes["a"].text == ("The info session is over. Dana is coiling her laptop cable while another "
                                  "student finishes a question about internships.")
