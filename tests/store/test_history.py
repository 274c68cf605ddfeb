"""History: attempts per scenario, principle trends, recurring patterns; text and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.store import Database, Recorder, cli_commands
from game.store import db as dbmod
from game.store.history import build_history, render_text, sparkline
from game.store.xapi import Identity

from .helpers import decision_for, play


def _progress(db: Database) -> None:
    """ana starts badly and improves; one attempt left unfinished; bo plays once."""
    play(db, "ana", [1, 1, 1])
    play(db, "ana", [1, 2, 1])
    play(db, "ana", [0, 0, 1])
    play(db, "ana", [0, 0, 0])
    rec = Recorder(db, "ana", "alumni-mixer", "practice", identity=Identity())
    rec.decision(decision_for(0, 1))
    play(db, "bo", [0, 0, 0])


def test_attempts_per_scenario(db: Database) -> None:
    _progress(db)
    h = build_history(db, "ana")
    assert h.player == "ana" and h.attempts == 5
    by_id = {s.scenario_id: s for s in h.scenarios}
    booth = by_id["career-fair-booth"]
    assert len(booth.attempts) == 4 and len(booth.finished) == 4
    assert booth.best_grade == 100 == booth.last_grade
    assert [a.outcome for a in booth.attempts] == ["setback", "setback", "setback", "success"]
    assert by_id["alumni-mixer"].attempts[0].status == "in_progress"
    assert h.scenarios[0].scenario_id == "alumni-mixer"  # most recently played first


def test_principle_trends(db: Database) -> None:
    _progress(db)
    trends = {p.id: p for p in build_history(db, "ana").principles}
    comm = trends["communication"]
    assert [p.score for p in comm.points] == [-3, -1, 2, 2]
    assert [p.level for p in comm.points] == [0.0, 0.4, 1.0, 1.0]
    assert comm.direction == "improving" and comm.change == pytest.approx(0.8)
    assert trends["follow_through"].direction == "improving"
    assert trends["first_impression"].name == "First impression"


def test_steady_and_slipping_and_too_little(db: Database) -> None:
    play(db, "cy", [0, 0, 0])
    play(db, "cy", [1, 1, 1])
    trends = {p.id: p for p in build_history(db, "cy").principles}
    assert trends["communication"].direction == "slipping"
    play(db, "dee", [0, 0, 0])
    assert {p.direction for p in build_history(db, "dee").principles} == {"not enough data"}
    play(db, "eve", [0, 0, 0])
    play(db, "eve", [0, 0, 0])
    assert {p.direction for p in build_history(db, "eve").principles} == {"steady"}


def test_recurring_patterns(db: Database) -> None:
    _progress(db)
    h = build_history(db, "ana")
    pats = {p.id: p for p in h.patterns}
    assert pats["hard_seller"].attempts == 3  # two finished + the unfinished one
    assert pats["hard_seller"].name == "The Hard Seller"
    assert pats["hard_seller"].tip
    assert pats["cookie_cutter"].attempts == 3 and pats["cookie_cutter"].times == 3
    assert pats["gimme"].attempts == 1
    assert {p.id for p in h.recurring} == {"hard_seller", "cookie_cutter"}
    assert set(pats["hard_seller"].scenarios) == {"career-fair-booth", "alumni-mixer"}


def test_text_rendering(db: Database) -> None:
    _progress(db)
    text = render_text(build_history(db, "ana"))
    assert "History for ana: 5 attempts, 4 finished" in text
    assert "The Career Fair Booth (career-fair-booth): 4 attempts, 4 finished, best 100, last 100" in text
    assert "0% → 100%" in text and "improving" in text
    assert "The Hard Seller: in 3 attempts" in text
    assert "seen once: The \"Gimme\" Syndrome" in text
    ascii_text = render_text(build_history(db, "ana"), unicode=False)
    assert ascii_text.isascii()


def test_sparkline() -> None:
    assert sparkline([0.0, 0.5, 1.0]) == "▁▅█"
    assert sparkline([0.0, 1.0], unicode=False) == "_@"


def test_cli_history_text_json_and_empty(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    _progress(db)
    text, code, warnings = cli_commands.history("ana", db_path=db.path)
    assert code == 0 and warnings == () and "History for ana" in text
    out, code, _ = cli_commands.history("ana", format="json", db_path=db.path)
    data = json.loads(out)
    assert data["player"] == "ana" and data["attempts"] == 5
    assert {p["id"] for p in data["patterns"] if p["recurring"]} == {"hard_seller", "cookie_cutter"}
    assert data["principles"][0]["points"][0]["level"] == 0.0
    out, code, _ = cli_commands.history("nobody", db_path=db.path)
    assert code == 0 and "No attempts yet for nobody" in out
    monkeypatch.setattr(dbmod.getpass, "getuser", lambda: "bo")
    out, _, _ = cli_commands.history(db_path=db.path)  # default profile: the OS user
    assert "History for bo: 1 attempt," in out
    assert cli_commands.history(format="yaml", db_path=db.path).code == 2


def test_history_reports_a_moved_aside_database(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite3"
    path.write_bytes(b"x" * 5000)
    text, code, warnings = cli_commands.history("ana", db_path=path)
    assert code == 0 and len(warnings) == 1 and "moved to" in warnings[0]


def test_trend_words_print_the_means_the_verdict_compares() -> None:
    from game.store.history import trend_words

    # The first and last points (93% and 50%) would read as a fall; the verdict compares the first three
    # attempts' mean with the last three's, and the line prints those two.
    words = trend_words([0.93, 0.1, 0.1, 0.9, 0.8, 0.5])
    assert words.startswith("38% → 73% improving") and "first 3 vs last 3" in words
    assert "93% → 50% improving" not in words
    assert trend_words([0.93, 0.5]).startswith("93% → 50% slipping")
    assert trend_words([0.4]) == "40% (one attempt)"
