"""Recording attempts: decisions committed one by one, resume, discard, rewind."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from game.store import AttemptStateError, Database, Recorder, ResumeMismatch
from game.store.xapi import Identity, statement_id

from .helpers import FakeScenario, debrief_for, decision_for, play


def test_each_decision_is_committed_before_returning(db: Database) -> None:
    rec = Recorder(db, "ana", FakeScenario(), "practice", pack="builtin", identity=Identity())
    rec.decision(decision_for(0, 1))
    # Another connection (another process, after a crash) already sees it.
    other = sqlite3.connect(db.path)
    rows = other.execute("SELECT step, node_id, number, choice_index, text, effects, patterns, elapsed FROM decisions")
    step, node, number, index, text, effects, patterns, elapsed = rows.fetchone()
    assert (step, node, number, index) == (0, "approach", 2, 1)
    assert text == "Push your resume across the table."
    assert json.loads(effects)["score"] == {"first_impression": -2, "communication": -1}
    assert json.loads(patterns) == ["hard_seller"]
    assert elapsed == 2.5
    # ...together with its `answered` statement.
    ids = {r[0] for r in other.execute("SELECT statement_id FROM outbox")}
    assert statement_id(rec.uuid, "answered", 0) in ids
    other.close()


def test_a_finished_attempt_keeps_its_debrief(db: Database) -> None:
    rec = play(db, "ana", [0, 0, 0])
    a = rec.attempt
    assert a.status == "finished" and a.outcome == "success" and a.ending_id == "warm_lead"
    assert a.grade == debrief_for([0, 0, 0])["grade"] == 100
    assert a.debrief == debrief_for([0, 0, 0])
    assert a.finished is not None and a.finished >= a.started
    assert [d.number for d in rec.decisions()] == [1, 1, 1]


def test_the_engine_debrief_object_is_accepted(db: Database) -> None:
    from game.store.records import Debrief  # the engine builds this very class

    rec = Recorder(db, "ana", FakeScenario(), "assessment", identity=Identity())
    for step in range(3):
        rec.decision(decision_for(step, 1))
    assert rec.finish(Debrief.from_dict(debrief_for([1, 1, 1]))).outcome == "setback"
    assert db.attempt(rec.attempt_id).debrief_record() == Debrief.from_dict(debrief_for([1, 1, 1]))


def test_finishing_twice_or_recording_after_the_end_is_refused(db: Database) -> None:
    rec = play(db, "ana", [0, 0, 0])
    with pytest.raises(AttemptStateError):
        rec.finish(debrief_for([0, 0, 0]))
    with pytest.raises(AttemptStateError):
        rec.decision(decision_for(0, 0))
    with pytest.raises(AttemptStateError):
        rec.abandon()


def test_a_decision_out_of_step_is_refused(db: Database) -> None:
    rec = Recorder(db, "ana", FakeScenario(), "practice", identity=Identity())
    rec.decision(decision_for(0, 0))
    with pytest.raises(AttemptStateError, match="rewind"):
        rec.decision(decision_for(0, 1))
    assert len(rec.decisions()) == 1


def test_unknown_mode_is_refused(db: Database) -> None:
    with pytest.raises(ValueError, match="mode"):
        Recorder(db, "ana", FakeScenario(), "tournament")


def test_an_interrupted_attempt_can_be_listed_and_resumed(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite3"
    d1 = Database(path)
    rec = Recorder(d1, "ana", FakeScenario(), "practice", seed=7, identity=Identity())
    rec.decision(decision_for(0, 1, elapsed=4.0))
    rec.decision(decision_for(1, 2, elapsed=1.5))
    d1.conn.close()  # the process dies here: no finish, no abandon

    d2 = Database(path)
    (found,) = d2.resumable("ana")
    assert found.id == rec.attempt_id and found.decision_count == 2 and found.seed == 7
    assert d2.resumable("ana", "other-scenario") == []
    again = Recorder.reopen(d2, found.id, identity=Identity())
    assert again.replay_ids() == ["2", "3"]  # no explicit ids: a choice's id is its place in the file

    class Session:
        """Engine-shaped: choose_id(id, elapsed) returns a step whose decision matches the script."""

        def __init__(self) -> None:
            self.node_id = "approach"
            self.calls: list[tuple[str, float | None]] = []

        def choose_id(self, choice_id: str, elapsed: float | None = None, said: str | None = None) -> Any:
            step = len(self.calls)
            self.calls.append((choice_id, elapsed))
            decision = decision_for(step, int(choice_id) - 1)
            self.node_id = ["approach", "pitch", "follow_up"][step + 1]
            return type("Step", (), {"decision": decision})()

    s = again.replay(Session())
    assert s.calls == [("2", 4.0), ("3", 1.5)]
    again.decision(decision_for(2, 0))
    again.finish(debrief_for([1, 2, 0]))
    assert d2.resumable("ana") == []
    assert d2.attempt(found.id).status == "finished"
    d2.close()


def test_replay_notices_a_changed_scenario(db: Database) -> None:
    rec = Recorder(db, "ana", FakeScenario(), "practice", identity=Identity())
    rec.decision(decision_for(0, 0))

    class Edited:
        node_id = "approach"

        def choose_id(self, choice_id: str, elapsed: float | None = None, said: str | None = None) -> Any:
            return type("Step", (), {"decision": decision_for(0, 1)})()  # choice "1" is now another text

    with pytest.raises(ResumeMismatch, match="is now"):
        rec.replay(Edited())


def test_discarding_marks_abandoned_and_keeps_the_decisions(db: Database) -> None:
    rec = Recorder(db, "ana", FakeScenario(), "practice", identity=Identity())
    rec.decision(decision_for(0, 0))
    db.discard(rec.attempt_id)
    a = db.attempt(rec.attempt_id)
    assert a.status == "abandoned" and a.finished is not None
    assert len(db.decisions(a.id)) == 1
    verbs = [r[0] for r in db.conn.execute("SELECT verb FROM outbox WHERE attempt_id = ? ORDER BY id", (a.id,))]
    assert verbs == ["launched", "answered", "abandoned"]
    with pytest.raises(AttemptStateError):
        Recorder.reopen(db, a.id)


def test_starting_again_closes_an_empty_attempt(db: Database) -> None:
    first = Recorder(db, "ana", FakeScenario(), "practice", identity=Identity())
    second = Recorder(db, "ana", FakeScenario(), "practice", identity=Identity())
    assert db.attempt(first.attempt_id).status == "abandoned"
    assert db.attempt(second.attempt_id).status == "in_progress"
    # ...never another player's, nor another scenario's.
    Recorder(db, "bo", FakeScenario(), "practice", identity=Identity())
    Recorder(db, "ana", FakeScenario("alumni-mixer", "The Alumni Mixer"), "practice", identity=Identity())
    assert db.attempt(second.attempt_id).status == "in_progress"


def test_starting_again_abandons_an_interrupted_attempt_with_decisions(db: Database) -> None:
    """Only one attempt of a scenario is ever resumable: a new one closes the older, keeping its decisions.

    (Before, an older attempt with decisions stayed in progress forever: the front ends now offer to
    continue it before they start a new one.)
    """
    old = Recorder(db, "ana", FakeScenario(), "practice", identity=Identity())
    old.decision(decision_for(0, 0))
    old.decision(decision_for(1, 1))
    other = Recorder(db, "bo", FakeScenario(), "practice", identity=Identity())
    other.decision(decision_for(0, 0))
    new = Recorder(db, "ana", FakeScenario(), "practice", identity=Identity())
    a = db.attempt(old.attempt_id)
    assert a.status == "abandoned" and a.finished is not None and len(db.decisions(a.id)) == 2
    assert db.attempt(new.attempt_id).status == "in_progress"
    assert db.attempt(other.attempt_id).status == "in_progress"  # another player's is theirs
    verbs = [r[0] for r in db.conn.execute("SELECT verb FROM outbox WHERE attempt_id = ? ORDER BY id", (a.id,))]
    assert verbs == ["launched", "answered", "answered", "abandoned"]
    new.decision(decision_for(0, 1))
    assert [x.id for x in db.resumable("ana")] == [new.attempt_id]


def test_resumable_lists_at_most_one_attempt_per_scenario(db: Database) -> None:
    """A database written before new attempts closed old ones may hold several: the newest is the one."""
    mixer = FakeScenario("alumni-mixer", "The Alumni Mixer")
    recs = []
    for _ in range(3):
        rec = Recorder(db, "ana", FakeScenario(), "practice", identity=Identity())
        rec.decision(decision_for(0, 0))
        recs.append(rec)
    m = Recorder(db, "ana", mixer, "practice", identity=Identity())
    m.decision(decision_for(0, 0, scenario="alumni-mixer"))
    with db.transaction() as c:  # as an older Rapport left them: all three still in progress
        c.execute("UPDATE attempts SET status = 'in_progress', finished = NULL")
    found = db.resumable("ana")
    assert [(a.scenario_id, a.id) for a in found] == [("alumni-mixer", m.attempt_id),
                                                      ("career-fair-booth", recs[2].attempt_id)]
    assert [a.id for a in db.resumable("ana", "career-fair-booth")] == [recs[2].attempt_id]
    # Continuing the newest closes the older ones; the other scenario's is left alone.
    again = Recorder.reopen(db, recs[2].attempt_id, identity=Identity())
    assert sorted(again.close_others()) == [recs[0].attempt_id, recs[1].attempt_id]
    assert [db.attempt(r.attempt_id).status for r in recs] == ["abandoned", "abandoned", "in_progress"]
    assert db.attempt(m.attempt_id).status == "in_progress"


def test_rewind_keeps_history_and_replays_the_live_path(db: Database) -> None:
    rec = Recorder(db, "ana", FakeScenario(), "practice", identity=Identity())
    rec.decision(decision_for(0, 0))
    rec.decision(decision_for(1, 1))
    rec.rewind(1)
    rec.decision(decision_for(1, 0))
    assert rec.replay_ids() == ["1", "1"]
    everything = db.decisions(rec.attempt_id, include_rewound=True)
    assert [(d.seq, d.step, d.rewound is not None) for d in everything] == [(0, 0, False), (1, 1, True), (2, 1, False)]
    # The rewound choice was sent too, under its own id: the retry never collides with it.
    ids = [r[0] for r in db.conn.execute("SELECT statement_id FROM outbox WHERE verb = 'answered'")]
    assert len(set(ids)) == 3


def test_prompts_come_from_the_scenario_model(db: Database) -> None:
    @dataclass
    class Node:
        text: str

    @dataclass
    class Scenario:
        id: str = "career-fair-booth"
        title: str = "The Career Fair Booth"
        nodes: dict[str, Node] = field(default_factory=lambda: {"approach": Node("The booth is busy.")})

    rec = Recorder(db, "ana", Scenario(), "workshop", identity=Identity())
    rec.decision(decision_for(0, 0))
    assert rec.decisions()[0].prompt == "The booth is busy."
    assert rec.attempt.scenario_title == "The Career Fair Booth"
    assert rec.attempt.mode == "workshop"


def test_scenario_without_id_uses_its_file_name(db: Database) -> None:
    @dataclass
    class Scenario:
        id: None = None
        title: str = "Alumni mixer"
        path: str = "/packs/builtin/alumni-mixer.yaml"

    assert Recorder(db, "ana", Scenario(), "practice", identity=Identity()).attempt.scenario_id == "alumni-mixer"
