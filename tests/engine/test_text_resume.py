"""Terminal play offers to continue an interrupted attempt (game/text_play.py: play_or_continue)."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

import pytest

from game.cli import main
from game.engine.session import Session
from game.scenario import Scenario, load_scenario
from game.store import Database, Recorder, default_player_name
from game.store.recorder import CHANGED_SINCE
from game.text_play import TextResult, interrupted_attempt, play_or_continue

from .helpers import HALLWAY, hallway

BEST = ["1", "3", "1", "1", "1"]  # the focus-best path of the fixture: hired


@pytest.fixture
def db(tmp_path: Path) -> Any:
    d = Database(tmp_path / "history.sqlite3")
    yield d
    d.close()


def crash_after(db: Database, sc: Scenario, numbers: list[str], player: str = "ana",
                mode: str = "practice") -> int:
    """Record these choices, then stop as a crash, Ctrl-C or a closed terminal would: no finish, no abandon."""
    rec = Recorder(db, player, sc, mode, seed=0, in_order=True)
    s = Session(sc, mode=mode, seed=0, in_order=True)  # type: ignore[arg-type]
    for n in numbers:
        rec.decision(s.choose(int(n)).decision)
    return rec.attempt_id


def play(db: Database, sc: Scenario, script: str, *, ask: bool | None = True, mode: str = "practice",
         player: str = "ana") -> tuple[TextResult, str]:
    out = io.StringIO()
    made: list[Recorder] = []

    def new_recorder(session: Session) -> Recorder:
        made.append(Recorder(db, player, sc, mode, seed=session.seed, in_order=session.in_order))
        return made[-1]

    result = play_or_continue(sc, mode=mode, new_recorder=new_recorder,  # type: ignore[arg-type]
                              interrupted=interrupted_attempt(db, player, sc), inp=io.StringIO(script), out=out,
                              color=False, ask=ask, in_order=True)
    return result, out.getvalue()


def test_continue_replays_and_finishes_the_same_attempt(db: Database) -> None:
    sc = hallway()
    old = crash_after(db, sc, BEST[:2])
    result, text = play(db, sc, "y\n" + "\n".join(BEST[2:]) + "\n")
    assert "You stopped at decision 3 of The Hallway Coffee on " in text and "Continue? [Y/n] " in text
    assert "Picking up at decision 3." in text
    assert result.finished and result.ending_id == "hired" and result.decisions == 5
    [a] = db.attempts("ana")
    assert a.id == old and a.status == "finished" and a.decision_count == 5
    assert [d.number for d in db.decisions(a.id)] == [int(n) for n in BEST]
    # the same debrief as one uninterrupted playthrough
    fresh = Session(sc, seed=0, in_order=True)
    for n in BEST:
        fresh.choose(int(n))
    from game.engine.scoring import debrief

    assert a.grade == debrief(fresh).grade == result.debrief.grade  # type: ignore[union-attr]
    assert db.resumable("ana") == []


def test_enter_alone_continues(db: Database) -> None:
    sc = hallway()
    old = crash_after(db, sc, BEST[:1])
    result, text = play(db, sc, "\n" + "\n".join(BEST[1:]) + "\n")
    assert "You stopped at decision 2 of" in text and result.finished
    assert [a.id for a in db.attempts("ana")] == [old]


def test_start_over_abandons_the_old_attempt_and_records_a_new_one(db: Database) -> None:
    sc = hallway()
    old = crash_after(db, sc, BEST[:3])
    result, text = play(db, sc, "x\nn\n" + "\n".join(BEST) + "\n")
    assert "Type y to continue where you stopped, or n to start over." in text and "Starting over." in text
    assert "Picking up" not in text and "Monday, 9:10" in text  # the opening, from the top
    assert result.finished and result.decisions == 5
    first, second = db.attempts("ana")
    assert first.id == old and first.status == "abandoned" and len(db.decisions(old)) == 3
    assert second.status == "finished" and second.decision_count == 5


def test_a_changed_scenario_says_so_in_one_line_and_starts_over(db: Database, tmp_path: Path) -> None:
    old = crash_after(db, hallway(), BEST[:2])
    edited = tmp_path / "hallway.yaml"
    text = HALLWAY.read_text(encoding="utf-8")
    # the first choice at `hello` now goes elsewhere: the record no longer retraces the path
    changed = text.replace("        to: ask\n", "        to: wrap\n", 1)
    assert changed != text
    edited.write_text(changed, encoding="utf-8")
    sc = load_scenario(edited)
    result, out = play(db, sc, "y\n2\n1\n")
    changed = CHANGED_SINCE.format(n=3)
    assert changed in out and "Traceback" not in out
    assert out.count(changed) == 1
    assert result.finished
    first, second = db.attempts("ana")
    assert first.id == old and first.status == "abandoned" and len(db.decisions(old)) == 2
    assert second.status == "finished"


def test_without_a_terminal_nothing_is_asked_and_a_new_attempt_starts(db: Database) -> None:
    """A script piped in keeps its first line for the first decision; the interrupted attempt is closed."""
    sc = hallway()
    old = crash_after(db, sc, BEST[:2])
    result, text = play(db, sc, "\n".join(BEST) + "\n", ask=None)  # StringIO is not a terminal
    assert "Continue?" not in text and result.finished and result.ending_id == "hired"
    first, second = db.attempts("ana")
    assert first.id == old and first.status == "abandoned" and second.status == "finished"


def test_end_of_input_at_the_question_starts_nothing(db: Database) -> None:
    sc = hallway()
    old = crash_after(db, sc, BEST[:2])
    result, _text = play(db, sc, "")
    assert not result.finished and result.decisions == 0
    [a] = db.attempts("ana")
    assert a.id == old and a.status == "in_progress"  # still there to continue next time


def test_the_attempt_goes_on_in_its_own_mode(db: Database) -> None:
    sc = hallway()
    crash_after(db, sc, BEST[:2], mode="assessment")
    result, text = play(db, sc, "y\n1\n1\n1\n", mode="practice")
    assert ", in assessment mode." in text and "Coach:" not in text.split("Picking up")[1].split("Debrief")[0]
    [a] = db.attempts("ana")
    assert a.mode == "assessment" and a.status == "finished" and result.finished


def test_q_after_continuing_keeps_the_attempt_and_the_end_of_input_closes_it(db: Database) -> None:
    sc = hallway()
    old = crash_after(db, sc, BEST[:2])
    result, text = play(db, sc, "y\n1\nq\n")
    assert not result.finished and result.decisions == 3
    assert "Stopped at decision 4. Your 3 choices are kept" in text
    assert db.attempt(old).status == "in_progress" and db.attempt(old).decision_count == 3
    result, text = play(db, sc, "y\n1\n")  # continue at decision 4, choose, then the input runs out
    assert not result.finished and result.decisions == 4
    assert text.rstrip().endswith("Stopped before the end; nothing more to show.")
    assert db.attempt(old).status == "abandoned" and db.attempt(old).decision_count == 4


def test_q_before_any_choice_keeps_nothing(db: Database) -> None:
    sc = hallway()
    result, text = play(db, sc, "q\n")
    assert not result.finished and "kept" not in text
    assert [a.status for a in db.attempts("ana")] == ["abandoned"]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_rapport_play_text_asks_on_a_terminal(monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    from game.store.db import default_db_path

    db = Database(default_db_path())  # RAPPORT_DATA_DIR: this test's own folder
    old = crash_after(db, hallway(), BEST[:2], player=default_player_name())
    db.close()
    monkeypatch.setattr(sys, "stdin", Terminal("y\n1\n1\n1\n"))
    assert main(["play", "--text", "--in-order", str(HALLWAY)]) == 0
    out = capsys.readouterr().out
    assert "You stopped at decision 3 of The Hallway Coffee on " in out and "Picking up at decision 3." in out
    assert "=== A mentor on the team (success) ===" in out
    db = Database(default_db_path())
    [a] = db.attempts()
    assert a.id == old and a.status == "finished" and a.decision_count == 5
    db.close()


def test_rapport_play_text_piped_starts_over_silently(monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    from game.store.db import default_db_path

    db = Database(default_db_path())
    old = crash_after(db, hallway(), BEST[:2], player=default_player_name())
    db.close()
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(BEST) + "\n"))
    assert main(["play", "--text", "--in-order", str(HALLWAY)]) == 0
    out = capsys.readouterr().out
    assert "Continue?" not in out and "=== A mentor on the team (success) ===" in out
    db = Database(default_db_path())
    assert [(a.id == old, a.status) for a in db.attempts()] == [(True, "abandoned"), (False, "finished")]
    db.close()
