"""xAPI statements: what each attempt sends, valid 1.0.3, stable ids."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from game.store import Database, Recorder, xapi
from game.store.outbox import pending_bodies
from game.store.xapi import Identity, statement_id

from .helpers import PERSPECTIVES, REFLECTS, FakeScenario, decision_for, play


def _by_verb(statements: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for s in statements:
        out.setdefault(s["verb"]["display"]["en"], []).append(s)
    return out


def test_an_attempt_sends_launched_answered_completed_and_scored(db: Database) -> None:
    rec = play(db, "ana", [1, 0, 1])
    verbs = _by_verb(pending_bodies(db))
    assert [len(verbs[v]) for v in ("launched", "answered", "completed")] == [1, 3, 1]
    assert {s["object"]["id"].rsplit("/", 1)[1] for s in verbs["scored"]} == {
        "first_impression", "communication", "reciprocity", "follow_through", "authenticity"}

    first = verbs["answered"][0]
    ext = first["result"]["extensions"]
    base = xapi.DEFAULT_BASE + "/extensions/"
    assert first["result"]["response"] == "2"  # the choice's id: no explicit id, so its place in the file
    assert first["object"]["definition"]["interactionType"] == "choice"
    assert first["object"]["definition"]["choices"] == [
        {"id": "2", "description": {"en": "Push your resume across the table."}}]
    assert ext[base + "principles"] == {"first_impression": -2, "communication": -1}
    assert ext[base + "patterns"] == ["hard_seller"]
    assert ext[base + "choice"] == {"step": 0, "id": "2", "number": 2, "index": 1, "to": "pitch"}
    assert first["result"]["duration"] == "PT2.50S"
    assert first["context"]["registration"] == rec.uuid
    assert first["context"]["contextActivities"]["parent"][0]["id"].endswith("/scenarios/career-fair-booth")

    done = verbs["completed"][0]["result"]
    a = rec.attempt
    assert done["score"]["scaled"] == pytest.approx(a.grade / 100)
    assert done["score"]["min"] <= done["score"]["raw"] <= done["score"]["max"]
    assert done["success"] is False and done["completion"] is True
    assert done["extensions"][base + "outcome"] == "setback"

    comm = next(s for s in verbs["scored"] if s["object"]["id"].endswith("/communication"))
    assert comm["result"]["score"] == {"scaled": pytest.approx(4 / 5), "raw": 1, "min": -3, "max": 2}

    for s in pending_bodies(db):
        assert s["actor"] == {"objectType": "Agent", "name": "ana",
                              "account": {"homePage": xapi.DEFAULT_HOMEPAGE, "name": "ana"}}
        assert s["version"] == "1.0.3"
        assert s["timestamp"].endswith("Z")


def test_statements_are_valid_xapi(db: Database) -> None:
    models = pytest.importorskip("ralph.models.xapi.base.statements")
    play(db, "ana", [1, 2, 1])
    play(db, "bo", [0, 0, 0])
    rec = Recorder(db, "cy", FakeScenario(), "practice", identity=Identity())
    rec.decision(decision_for(0, 0, elapsed=None))
    rec.abandon()
    bodies = pending_bodies(db)
    assert len(bodies) > 15
    for s in bodies:
        models.BaseXapiStatement.model_validate(s)  # raises on anything invalid


def test_ids_are_uuid5_of_attempt_and_event(db: Database) -> None:
    rec = play(db, "ana", [0, 0, 0])
    ids = [s["id"] for s in pending_bodies(db)]
    assert len(ids) == len(set(ids))
    assert all(uuid.UUID(i).version == 5 for i in ids)
    assert statement_id(rec.uuid, "launched") == ids[0]
    assert statement_id(rec.uuid, "answered", 2) in ids
    # The namespace is frozen: this exact value must never change, or retries would duplicate.
    assert statement_id("00000000-0000-4000-8000-000000000000", "launched") == str(
        uuid.uuid5(xapi.NAMESPACE, "00000000-0000-4000-8000-000000000000/launched"))


def test_rebuilding_from_the_record_gives_the_same_statements(db: Database) -> None:
    """Export and outbox agree byte for byte: an LRS sees equivalent duplicates, never conflicts."""
    rec = play(db, "ana", [1, 1, 0])
    rebuilt = xapi.attempt_statements(rec.attempt, db.decisions(rec.attempt_id, include_rewound=True), Identity())
    assert [json.dumps(s, sort_keys=True) for s in rebuilt] == [
        json.dumps(s, sort_keys=True) for s in pending_bodies(db)]


def test_identity_is_configurable_for_an_institution(db: Database) -> None:
    ident = Identity(homepage="https://lms.college.example")
    play(db, "ana", [0, 0, 0], identity=ident)
    assert {s["actor"]["account"]["homePage"] for s in pending_bodies(db)} == {"https://lms.college.example"}


def test_odd_ids_are_escaped_in_activity_iris(db: Database) -> None:
    rec = Recorder(db, "ana", "weird id/with spaces", "practice", pack="my pack", identity=Identity())
    launched = pending_bodies(db)[0]
    assert launched["object"]["id"].endswith("/scenarios/weird%20id%2Fwith%20spaces")
    assert launched["context"]["contextActivities"]["grouping"][0]["id"].endswith("/packs/my%20pack")
    assert rec.attempt.scenario_id == "weird id/with spaces"


def test_completed_carries_their_side_and_the_questions(db: Database) -> None:
    """The `debrief` extension holds the ending's perspective and the scenario's reflect; the ids do not move."""
    base = xapi.DEFAULT_BASE + "/extensions/"
    rec = play(db, "ana", [1, 0, 1])  # the generic message: "quiet_end", two characters' sides
    done = _by_verb(pending_bodies(db))["completed"][0]
    summary = done["result"]["extensions"][base + "debrief"]
    assert summary["perspective"] == [{"character": c, "name": n, "role": r, "text": t}
                                      for c, n, r, t in PERSPECTIVES["quiet_end"]]
    assert summary["reflect"] == REFLECTS["career-fair-booth"]
    assert done["result"]["extensions"][base + "ending"] == {"id": "quiet_end", "title": "The trail goes cold"}
    assert done["id"] == statement_id(rec.uuid, "completed")

    mixer = play(db, "bo", [0, 0, 1], scenario="alumni-mixer")  # "meh_end": no perspective at all
    done = next(s for s in pending_bodies(db) if s["id"] == statement_id(mixer.uuid, "completed"))
    summary = done["result"]["extensions"][base + "debrief"]
    assert summary["perspective"] == [] and summary["reflect"] == REFLECTS["alumni-mixer"]


def test_long_sides_and_questions_are_cut_like_every_text(db: Database) -> None:
    from game.store.records import Debrief

    rec = play(db, "ana", [0, 0, 0])
    d = Debrief.from_dict(rec.attempt.debrief or {})
    long = Debrief.from_dict({**d.to_dict(), "reflect": ["Why? " * 200],
                              "perspective": [{"character": "maya", "name": "Maya", "text": "x" * 900}]})
    summary = xapi.debrief_summary(long)
    assert len(summary["reflect"][0]) == len(summary["perspective"][0]["text"]) == xapi.TEXT_LIMIT
