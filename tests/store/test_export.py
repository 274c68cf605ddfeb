"""Exports: CSV, JSON and xAPI files, --since, players."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from game.store import Database, Recorder, cli_commands
from game.store import export as ex
from game.store.outbox import pending_bodies
from game.store.xapi import Identity

from .helpers import FakeDecision, FakeScenario, decision_for, play


class Clock:
    def __init__(self, start: datetime) -> None:
        self.t = start

    def __call__(self) -> datetime:
        self.t += timedelta(seconds=1)
        return self.t


def test_json_export_holds_everything(db: Database, tmp_path: Path) -> None:
    rec = play(db, "ana", [1, 0, 1])
    res = ex.export(db, "json", tmp_path / "out" / "ana.json", player="ana")
    assert res.attempts == 1 and res.items == 1 and res.path == tmp_path / "out" / "ana.json"
    doc = json.loads(res.path.read_text(encoding="utf-8"))
    assert doc["kind"] == "rapport-export" and doc["version"] == 1 and doc["players"] == ["ana"]
    (a,) = doc["attempts"]
    assert a["uuid"] == rec.uuid and a["status"] == "finished" and a["grade"] == rec.attempt.grade
    assert a["debrief"]["outcome"] == "setback"
    assert [d["number"] for d in a["decisions"]] == [2, 1, 2]
    assert a["decisions"][0]["score"] == {"first_impression": -2, "communication": -1}
    assert a["decisions"][0]["patterns"] == ["hard_seller"]


def test_csv_export_one_row_per_decision(db: Database, tmp_path: Path) -> None:
    play(db, "ana", [1, 0, 1])
    Recorder(db, "ana", FakeScenario(), "practice", identity=Identity())  # no decision yet
    res = ex.export(db, "csv", tmp_path / "ana.csv", player="ana")
    assert res.items == 4
    raw = res.path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets read UTF-8 right
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert len(rows) == 4
    assert rows[0]["choice_text"] == "Push your resume across the table."
    assert rows[0]["effect:first_impression"] == "-2" and rows[0]["effect:reciprocity"] == "0"
    assert rows[0]["final:communication"] == "1" and rows[0]["patterns"] == "hard_seller"
    assert rows[3]["status"] == "in_progress" and rows[3]["step"] == ""


# The CSV's first columns as they were before `ending_perspective` and `reflect`: spreadsheets read them by place.
COLUMNS_BEFORE = [
    "player", "attempt_uuid", "scenario_id", "scenario_title", "pack", "mode", "started", "finished",
    "status", "ending_id", "outcome", "grade", "step", "seq", "node_id", "choice_id", "choice_number", "choice_index",
    "choice_text", "patterns", "elapsed", "at", "rewound",
]


def test_csv_appends_their_side_and_the_questions(db: Database, tmp_path: Path) -> None:
    play(db, "ana", [0, 0, 0])  # "warm_lead": Maya's side
    play(db, "ana", [1, 0, 1])  # "quiet_end": two sides
    Recorder(db, "ana", FakeScenario(), "practice", identity=Identity())  # unfinished: no debrief
    text = ex.export(db, "csv", "-", player="ana").text
    assert text is not None
    header = next(csv.reader(text.splitlines()))
    principles = ["authenticity", "communication", "first_impression", "follow_through", "reciprocity"]
    assert header == COLUMNS_BEFORE + [f"effect:{p}" for p in principles] + [f"final:{p}" for p in principles] \
        + ["ending_perspective", "reflect"]
    rows = list(csv.DictReader(io.StringIO(text)))
    by_ending = {r["ending_id"]: r for r in rows}
    assert by_ending["warm_lead"]["ending_perspective"] == (
        "Maya (Recruiter): The student who sent the dashboard. I forwarded it to my lead.")
    assert by_ending["quiet_end"]["ending_perspective"].split("\n") == [
        "Maya (Recruiter): Nice enough; I could not tell you what we talked about.",
        "Sam: Maya mentioned someone stopped by. She did not remember the name."]
    assert {r["reflect"] for r in rows if r["status"] == "finished"} == {
        "What did Maya need from you before she could help?"}
    assert by_ending[""]["ending_perspective"] == by_ending[""]["reflect"] == ""


def test_csv_defuses_formulas_in_their_side(db: Database) -> None:
    play(db, "ana", [0, 0, 0])
    records = ex.collect(db, player="ana")
    records[0]["debrief"]["perspective"] = [{"character": "x", "name": "=cmd|'/c calc'!A0", "text": "hi"}]
    records[0]["debrief"]["reflect"] = ["+1+1", "Why?"]
    text, _rows = ex.to_csv(records)
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["ending_perspective"].startswith("'=cmd") and row["reflect"] == "'+1+1\nWhy?"


def test_csv_reads_the_debrief_typed(db: Database) -> None:
    """A debrief whose principle lost its `score` fails loudly instead of filling the final column with blanks."""
    play(db, "ana", [1, 0, 1])
    records = ex.collect(db, player="ana")
    text, _rows = ex.to_csv(records)
    assert "final:communication" in text
    del records[0]["debrief"]["principles"][0]["score"]
    with pytest.raises(KeyError):
        ex.to_csv(records)


def test_csv_defuses_formulas(db: Database, tmp_path: Path) -> None:
    rec = Recorder(db, "=HYPERLINK(\"http://x\")", FakeScenario(), "practice", identity=Identity())
    rec.decision(FakeDecision(0, "approach", 1, 0, "@SUM(A1)", "pitch", {"communication": -1}))
    text = ex.export(db, "csv", "-").text
    assert text is not None
    row = next(csv.DictReader(text.splitlines()))
    assert row["player"].startswith("'=") and row["choice_text"] == "'@SUM(A1)"
    assert row["effect:communication"] == "-1"  # numbers are left alone


def test_xapi_export_matches_the_outbox(db: Database, tmp_path: Path) -> None:
    play(db, "ana", [0, 0, 0])
    play(db, "ana", [1, 1, 1])
    res = ex.export(db, "xapi", tmp_path / "x.json", identity=Identity())
    statements = json.loads(res.path.read_text())
    assert res.items == len(statements) == len(pending_bodies(db))
    assert sorted(json.dumps(s, sort_keys=True) for s in statements) == sorted(
        json.dumps(s, sort_keys=True) for s in pending_bodies(db))


def test_since_means_local_midnight(tmp_path: Path) -> None:
    clock = Clock(datetime(2026, 3, 1, 12, tzinfo=UTC))
    db = Database(tmp_path / "r.sqlite3", clock=clock)
    play(db, "ana", [0, 0, 0])
    clock.t = datetime(2026, 3, 5, 12, tzinfo=UTC)
    play(db, "ana", [1, 1, 1])
    assert ex.export(db, "json", "-", since=date(2026, 3, 3)).attempts == 1
    assert ex.export(db, "json", "-", since=date(2026, 2, 1)).attempts == 2
    assert ex.export(db, "json", "-", since=date(2026, 3, 6)).attempts == 0
    db.close()


def test_bad_arguments_are_clear(db: Database) -> None:
    with pytest.raises(ex.ExportError, match="--format"):
        ex.export(db, "xml", "-")
    with pytest.raises(ex.ExportError, match="2026-11-20"):
        ex.parse_since("last tuesday")


def test_cli_export(db: Database, tmp_path: Path) -> None:
    play(db, "ana", [0, 0, 0])
    play(db, "bo", [0, 0, 0])
    text, code, _ = cli_commands.export("json", tmp_path / "a.json", player="ana", db_path=db.path)
    assert code == 0 and text.startswith("Exported 1 attempt of ana to ")
    text, code, _ = cli_commands.export("csv", tmp_path / "all.csv", all_players=True, db_path=db.path)
    assert code == 0 and "of every profile (6 rows)" in text
    text, code, _ = cli_commands.export("xapi", "-", player="bo", db_path=db.path)
    assert code == 0 and json.loads(text)[0]["actor"]["name"] == "bo"
    assert cli_commands.export("json", "-", since="yesterday", db_path=db.path).code == 2
    assert cli_commands.export("pdf", "-", db_path=db.path).code == 2
    blocked = tmp_path / "file"
    blocked.write_text("")
    assert cli_commands.export("json", blocked / "x.json", db_path=db.path).code == 1


def test_a_failed_write_leaves_no_half_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "x.json"
    out.write_text("the previous export")

    def boom(*_a: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(ex.os, "replace", boom)
    with pytest.raises(OSError):
        ex.write_atomic(out, "new")
    assert out.read_text() == "the previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]


def test_rewound_decisions_are_exported_marked(db: Database) -> None:
    rec = Recorder(db, "ana", FakeScenario(), "practice", identity=Identity())
    rec.decision(decision_for(0, 1))
    rec.rewind(0)
    rec.decision(decision_for(0, 0))
    doc = json.loads(ex.export(db, "json", "-").text or "")
    decisions = doc["attempts"][0]["decisions"]
    assert [(d["number"], d["rewound"] is not None) for d in decisions] == [(2, True), (1, False)]
