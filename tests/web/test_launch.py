"""An xAPI launch's actor and registration (the page's `set_launch`): checked, then carried by every statement.

Plain Python (no browser): tests/web/test_browser_xapi.py plays the same through a launch address against ralph.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from pathlib import Path

import pytest

from game.store.db import Database
from game.store.outbox import pending_bodies
from game.store.xapi import DEFAULT_BASE, Identity
from game.store.xapi_read import rebuild
from game.web.sync import launch_actor, launch_registration
from tests.store.helpers import play

ADA = {"objectType": "Agent", "name": "Ada Lovelace", "mbox": "mailto:ada@example.org"}


@pytest.mark.parametrize(("text", "said"), [
    ("{not json", "actor is not JSON"),
    ("[1, 2]", "must be a JSON object"),
    ('{"objectType": "Group", "mbox": "mailto:a@b.org"}', "must be an Agent, not 'Group'"),
    ('{"name": "Ada"}', "exactly one of mbox, mbox_sha1sum, openid or account (it has none)"),
    ('{"mbox": "mailto:a@b.org", "openid": "https://a.org"}', "(it has mbox, openid)"),
    ('{"mbox": "ada@example.org"}', "actor.mbox must be mailto:"),
    ('{"mbox_sha1sum": "xyz"}', "40 hexadecimal digits"),
    ('{"account": {"name": "ada"}}', "actor.account needs a homePage"),
    ('{"name": "", "mbox": "mailto:a@b.org"}', "actor.name must be a name"),
])
def test_a_bad_launch_actor_says_what_is_wrong(text: str, said: str) -> None:
    with pytest.raises(ValueError) as err:
        launch_actor(text)
    assert said in str(err.value)


def test_a_good_launch_actor_is_kept_as_an_agent() -> None:
    assert launch_actor(json.dumps(ADA)) == ADA
    assert launch_actor(json.dumps([{"account": {"homePage": "https://lms.example", "name": "u1"}}])) == {
        "objectType": "Agent", "account": {"homePage": "https://lms.example", "name": "u1"}}


def test_the_launch_registration_must_be_a_uuid() -> None:
    reg = uuid.uuid4()
    assert launch_registration(str(reg).upper()) == str(reg)
    with pytest.raises(ValueError, match="registration 'nope' is not a UUID"):
        launch_registration("nope")


def test_statements_carry_the_launch_and_the_report_keeps_attempts_apart(tmp_path: Path) -> None:
    reg = str(uuid.uuid4())
    ident = replace(Identity(), agent=json.dumps(ADA, sort_keys=True), registration=reg)
    db = Database(tmp_path / "r.sqlite3")
    play(db, "Ada", [0, 1], identity=ident)
    play(db, "Ada", [1, 0], identity=ident)
    stmts = pending_bodies(db)
    assert stmts and all(s["actor"] == ADA and s["context"]["registration"] == reg for s in stmts)
    attempts = {s["context"]["extensions"][f"{DEFAULT_BASE}/extensions/attempt"] for s in stmts}
    assert len(attempts) == 2  # one launch registration, two attempts, each with its own uuid
    got = rebuild(stmts)
    assert len(got.records) == 2 and not got.skipped
    assert {r["player"] for r in got.records} == {"Ada Lovelace"}


def test_without_a_launch_the_statements_are_as_before(tmp_path: Path) -> None:
    db = Database(tmp_path / "r.sqlite3")
    play(db, "Ada", [0, 1])
    stmts = pending_bodies(db)
    assert all(s["actor"]["account"]["name"] == "Ada" for s in stmts)
    assert all(f"{DEFAULT_BASE}/extensions/attempt" not in s["context"]["extensions"] for s in stmts)
