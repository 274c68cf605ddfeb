"""Option order: shuffled once per attempt from its seed, the same on resume and rewind, file order on request."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

from game.engine.order import display_order, new_seed
from game.engine.session import Session
from game.store import Database, Recorder
from game.store.db import SCHEMA_VERSION, migrate

from .helpers import hallway


def _first_node_with(sc, n: int = 3) -> str:  # type: ignore[no-untyped-def]
    return next(nid for nid, node in sc.nodes.items() if node.choices and len(node.choices) >= n)


def test_the_same_seed_gives_the_same_order_and_seeds_give_nearly_every_order() -> None:
    sc = hallway()
    nid = _first_node_with(sc)
    assert display_order(sc, nid, 42) == display_order(sc, nid, 42)
    size = len(sc.nodes[nid].choices or [])
    orders = {display_order(sc, nid, seed) for seed in range(600)}
    import math

    assert len(orders) == math.factorial(size)  # every permutation turns up, not one favourite
    assert display_order(sc, nid, 0, in_order=True) == tuple(range(size))


def test_new_seeds_are_fresh() -> None:
    assert len({new_seed() for _ in range(50)}) > 45


def test_options_follow_the_order_and_decisions_name_the_choice_by_id() -> None:
    sc = hallway()
    s = Session(sc, seed=7)
    opts = s.options()
    order = s.order(s.node_id)
    assert [o.index for o in opts] == [i for i in order if i in {o.index for o in opts}]
    assert [o.number for o in opts] == list(range(1, len(opts) + 1))
    step = s.choose(1)
    assert step.decision.index == opts[0].index and step.decision.choice_id == opts[0].id
    assert step.decision.shown == tuple(o.id for o in opts)


def test_rewind_and_a_replay_by_id_show_the_order_seen() -> None:
    sc = hallway()
    s = Session(sc, seed=1234)
    seen = []
    while not s.finished:
        seen.append([o.id for o in s.options()])
        s.choose(len(s.options()))
    log = list(s.log)
    s.rewind(1)
    assert [o.id for o in s.options()] == seen[1]
    again = Session(sc, seed=1234)
    for d in log:
        assert [o.id for o in again.options()] == list(d.shown)
        again.choose_id(d.choice_id)
    assert [d.number for d in again.log] == [d.number for d in log]


def test_resume_through_the_store_keeps_the_order(tmp_path: Path) -> None:
    sc = hallway()
    db = Database(tmp_path / "r.sqlite3")
    s = Session(sc, seed=99)
    rec = Recorder(db, "ana", sc, "practice", seed=s.seed, in_order=s.in_order)
    for _ in range(2):
        rec.decision(s.choose(len(s.options())).decision)
    (a,) = db.resumable("ana")
    assert a.seed == 99 and not a.in_order
    back = Recorder.reopen(db, a.id, scenario=sc).replay(Session(sc, seed=a.seed or 0, in_order=a.in_order))
    assert [o.id for o in back.options()] == [o.id for o in s.options()]
    stored = db.decisions(a.id)
    assert [d.shown for d in stored] == [d.shown for d in s.log]
    db.close()


def test_a_version_2_database_migrates_and_its_attempts_resume_in_file_order(tmp_path: Path) -> None:
    sc = hallway()
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, target=2) == 2
    conn.execute("INSERT INTO players(name, created) VALUES ('ana', '2026-01-01T00:00:00.000Z')")
    conn.execute("INSERT INTO attempts(uuid, player_id, scenario_id, mode, seed, started)"
                 " VALUES ('u1', 1, 'hallway', 'practice', 0, '2026-01-01T00:00:00.000Z')")
    old = Session(sc, in_order=True)  # what that version showed: the file's order
    d = old.choose(2).decision
    conn.execute("INSERT INTO decisions(attempt_id, seq, step, node_id, number, choice_index, text, to_id, effects,"
                 " at) VALUES (1, 0, 0, ?, ?, ?, ?, ?, '{\"score\": {}}', '2026-01-01T00:00:01.000Z')",
                 (d.node_id, d.number, d.index, d.text, d.to))
    conn.close()
    with Database(path) as db:
        assert db.schema_version == SCHEMA_VERSION  # migrated to the newest
        (a,) = db.resumable("ana")
        assert a.in_order
        (rec,) = db.decisions(a.id)
        assert rec.choice_id == str(d.index + 1) and rec.shown == ()
        back = Recorder.reopen(db, a.id, scenario=sc).replay(Session(sc, seed=a.seed or 0, in_order=a.in_order))
        assert back.node_id == old.node_id and [o.id for o in back.options()] == [o.id for o in old.options()]


def test_the_debrief_carries_ids_and_text_play_prints_the_review() -> None:
    from game.engine.scoring import debrief
    from game.text_play import play_text

    sc = hallway()
    s = Session(sc, seed=5)
    while not s.finished:
        s.choose(1)
    d = debrief(s)
    assert [r.chosen_id for r in d.decisions] == [x.choice_id for x in s.log]
    assert all(r.chosen_number == 1 for r in d.decisions)
    data = d.to_dict()
    assert "perspective" in data and "reflect" in data
    out = io.StringIO()
    play_text(sc, inp=io.StringIO("1\n" * 10), out=out, seed=5)
    assert "Your decisions" in out.getvalue()


FLAGS = """
title: Flags
summary: Shuffle flags and the other person's side.
shuffle: false
reflect: [What did you give?, What will you do next?]
characters:
  maya: {name: Maya Chen, role: Recruiter}
nodes:
  scale:
    speaker: maya
    text: How sure are you?
    choices:
      - {text: Not at all, to: pick}
      - {text: A little, to: pick}
      - {text: Fairly, to: pick}
      - {text: Very, to: pick}
  pick:
    speaker: maya
    text: Pick one.
    shuffle: true
    choices:
      - {id: ask-team, text: Ask about the team., to: done}
      - {text: Talk about yourself., to: done}
      - {text: Ask about pay., to: done}
      - {text: Leave., to: done}
endings:
  done:
    title: Done
    text: It ends.
    outcome: success
    perspective:
      maya: The student who asked about my team.
"""


def test_shuffle_false_keeps_file_order_and_a_node_true_overrides_it() -> None:
    from .helpers import scenario

    sc = scenario(FLAGS)
    assert {display_order(sc, "scale", seed) for seed in range(200)} == {(0, 1, 2, 3)}
    assert len({display_order(sc, "pick", seed) for seed in range(200)}) > 12
    s = Session(sc, seed=3)
    s.choose(1)
    ids = [o.id for o in s.options()]
    assert sorted(ids) == ["2", "3", "4", "ask-team"]  # explicit id, else the place in the file


def test_perspective_and_reflect_reach_the_debrief_and_text_play() -> None:
    from game.engine.scoring import debrief
    from game.text_play import play_text

    from .helpers import scenario

    sc = scenario(FLAGS)
    out = io.StringIO()
    result = play_text(sc, inp=io.StringIO("1\n1\n"), out=out, in_order=True)
    d = result.debrief
    assert d is not None
    assert [(p.character, p.name, p.text) for p in d.perspective] == [
        ("maya", "Maya Chen", "The student who asked about my team.")]
    assert d.reflect == ["What did you give?", "What will you do next?"]
    assert d.to_dict()["perspective"][0]["text"] == "The student who asked about my team."
    text = out.getvalue()
    assert "Their side" in text and "Maya Chen: The student who asked about my team." in text
    assert text.index("To think about") < text.index("What will you do next?")
    s = Session(sc, in_order=True)
    s.choose(1)
    s.choose(1)
    assert debrief(s).decisions[1].chosen_id == "ask-team"
