"""Against a real Learning Record Store: ralph-malph's server, file backend, on 127.0.0.1."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from game.store import Database, Recorder, cli_commands, outbox
from game.store.lrs_config import LrsConfig
from game.store.outbox import BackgroundSender

from .helpers import FakeScenario, RalphLrs, debrief_for, decision_for, play, wait_for

pytestmark = pytest.mark.lrs


def _cfg(lrs: RalphLrs) -> LrsConfig:
    return LrsConfig(lrs.endpoint, lrs.username, lrs.password)


def _queued_ids(db: Database, attempt_id: int) -> set[str]:
    return {r[0] for r in db.conn.execute("SELECT statement_id FROM outbox WHERE attempt_id = ?", (attempt_id,))}


def test_statements_arrive_and_are_valid_xapi(ralph: RalphLrs, monkeypatch: pytest.MonkeyPatch, db: Database) -> None:
    from ralph.models.xapi.base.statements import BaseXapiStatement

    a = play(db, "ana", [1, 2, 1])
    b = play(db, "bo", [0, 0, 0])
    monkeypatch.setenv("RAPPORT_LRS_ENDPOINT", ralph.endpoint)
    monkeypatch.setenv("RAPPORT_LRS_USERNAME", ralph.username)
    monkeypatch.setenv("RAPPORT_LRS_PASSWORD", ralph.password)
    text, code, _ = cli_commands.sync(db_path=db.path)
    assert code == 0, text
    assert "Pending: 0" in text and ralph.password not in text

    for rec in (a, b):
        held = ralph.statements(rec.uuid)
        assert {s["id"] for s in held} == _queued_ids(db, rec.attempt_id)
        for s in held:
            BaseXapiStatement.model_validate(s)  # what the LRS stored is valid xAPI
        verbs = Counter(s["verb"]["id"].rsplit("/", 1)[1] for s in held)
        assert verbs["launched"] == 1 and verbs["answered"] == 3 and verbs["completed"] == 1
        assert verbs["scored"] == 5
        assert all(s["actor"]["account"]["name"] == rec.attempt.player for s in held)


def test_lrs_down_mid_session_loses_nothing_and_duplicates_nothing(ralph: RalphLrs, tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite3"
    db = Database(path)
    sender = BackgroundSender(path, _cfg(ralph), base_delay=0.2, max_delay=1.0, idle_poll=0.2, timeout=3.0)
    sender.start()
    try:
        rec = Recorder(db, "ana", FakeScenario(), "practice", pack="builtin", sender=sender)
        rec.decision(decision_for(0, 1))
        assert wait_for(lambda: outbox.status(db).pending == 0, timeout=15), (sender.last, sender.delays)
        assert len(ralph.statements(rec.uuid)) == 2  # launched, answered

        ralph.stop()  # the LRS goes away in the middle of the session
        rec.decision(decision_for(1, 0))
        rec.decision(decision_for(2, 1))
        rec.finish(debrief_for([1, 0, 1]))
        assert wait_for(lambda: sender.failures >= 2, timeout=15), "the sender never noticed the outage"
        assert outbox.status(db).pending == len(_queued_ids(db, rec.attempt_id)) - 2
    finally:
        if ralph.proc is None:
            ralph.start()  # back again
    try:
        assert wait_for(lambda: outbox.status(db).pending == 0, timeout=30), outbox.status(db)
    finally:
        sender.stop()

    held = ralph.statements(rec.uuid)
    assert sorted(s["id"] for s in held) == sorted(_queued_ids(db, rec.attempt_id))  # nothing lost
    raw = Counter(s["id"] for s in ralph.stored_lines() if s.get("context", {}).get("registration") == rec.uuid)
    assert raw and max(raw.values()) == 1  # nothing duplicated, even in the backend's file
    db.close()


def test_resending_everything_changes_nothing(ralph: RalphLrs, db: Database) -> None:
    """A response lost after the LRS stored the batch: the retry is a no-op, not a duplicate."""
    rec = play(db, "cy", [0, 1, 0])
    assert outbox.flush(db, _cfg(ralph)).pending == 0
    before = len(ralph.stored_lines())
    db.conn.execute("UPDATE outbox SET state = 'pending', sent = NULL")
    res = outbox.flush(db, _cfg(ralph))
    assert res.ok and res.pending == 0 and res.rejected == 0
    assert len(ralph.stored_lines()) == before
    assert len(ralph.statements(rec.uuid)) == len(_queued_ids(db, rec.attempt_id))


def test_a_batch_mixing_held_and_new_statements(ralph: RalphLrs, db: Database) -> None:
    rec = Recorder(db, "dee", FakeScenario(), "practice")
    rec.decision(decision_for(0, 0))
    assert outbox.flush(db, _cfg(ralph)).pending == 0
    rec.decision(decision_for(1, 0))
    db.conn.execute("UPDATE outbox SET state = 'pending', sent = NULL")  # old ones go again with the new one
    res = outbox.flush(db, _cfg(ralph))
    assert res.ok and res.pending == 0
    assert len(ralph.statements(rec.uuid)) == 3


def test_wrong_password_is_reported_not_retried_forever(ralph: RalphLrs, db: Database) -> None:
    play(db, "eve", [0, 0, 0])
    res = outbox.flush(db, LrsConfig(ralph.endpoint, ralph.username, "wrong"))
    assert "refused the credentials" in (res.error or "")
    assert res.pending == outbox.status(db).pending > 0
