"""The play controller (game/play/controller.py): one playthrough's life, without any front end."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from game.engine.scoring import debrief
from game.engine.session import Session
from game.play.controller import CHANGED_SINCE, UNREADABLE, PlayController, Resumed
from game.play.results import MemoryResults, NullResults, ResumePoint
from game.play.store_results import StoreResults
from game.scenario import load_scenario
from game.store import Database

REPO = Path(__file__).resolve().parents[2]
HALLWAY = REPO / "tests" / "engine" / "fixtures" / "hallway.yaml"
BEST = [1, 3, 1, 1, 1]  # the fixture's focus-best path, in file order: hired


@pytest.fixture
def db(tmp_path: Path) -> Any:
    d = Database(tmp_path / "history.sqlite3")
    yield d
    d.close()


class Calls(NullResults):
    """Writes down every call the controller makes."""

    def __init__(self, fail: set[str] | None = None) -> None:
        self.calls: list[tuple[str, Any]] = []
        self.fail = fail or set()

    def _note(self, name: str, arg: Any = None) -> None:
        self.calls.append((name, arg))
        if name in self.fail:
            raise OSError(f"{name} failed")

    def begin(self, session: Any, player: str | None, workshop: bool) -> None:
        self._note("begin", (player, workshop, session.mode))

    def decision(self, session: Any, decision: Any) -> None:
        self._note("decision", decision.step)

    def rewind(self, session: Any, k: int) -> None:
        self._note("rewind", k)

    def finish(self, session: Any, debrief: Any) -> None:
        self._note("finish", debrief.ending_id)

    def abandon(self, session: Any) -> None:
        self._note("abandon")

    def suspend(self, session: Any) -> None:
        self._note("suspend")


def controller(results: Any = None, **kw: Any) -> PlayController:
    play = PlayController(results, in_order=True, seed=0, **kw)
    play.select(load_scenario(HALLWAY))
    return play


def test_a_whole_playthrough_is_recorded_and_scores_as_the_engine_does() -> None:
    rec = Calls()
    play = controller(rec, player="ana")
    s = play.begin("assessment")
    for n in BEST:
        play.choose(n)
    assert s.finished
    d = play.finish()
    assert play.finish() is d  # asking again neither recounts nor records twice
    fresh = Session(load_scenario(HALLWAY), mode="assessment", seed=0, in_order=True)
    for n in BEST:
        fresh.choose(n)
    assert d.to_dict() == debrief(fresh).to_dict()
    assert rec.calls == [("begin", ("ana", False, "assessment")), *[("decision", i) for i in range(5)],
                         ("finish", "hired")]


def test_rewind_is_recorded_and_returns_the_beat_to_show() -> None:
    rec = Calls()
    play = controller(rec)
    play.begin()
    play.choose(1)
    play.choose(1)
    beat = play.rewind(1)
    assert beat is not None and beat.node_id == "ask" == play.session.node_id  # type: ignore[union-attr]
    assert len(play.session.log) == 1  # type: ignore[union-attr]
    assert rec.calls[-1] == ("rewind", 1)


def test_starting_again_abandons_the_unfinished_session_first() -> None:
    rec = Calls()
    play = controller(rec)
    first = play.begin()
    play.choose(1)
    second = play.begin()
    assert second is not first and play.session is second
    assert [c[0] for c in rec.calls] == ["begin", "decision", "abandon", "begin"]


def test_leaving_suspends_a_learner_and_abandons_a_workshop() -> None:
    for workshop, call in ((False, "suspend"), (True, "abandon")):
        rec = Calls()
        play = controller(rec, workshop=workshop)
        play.begin()
        play.choose(1)
        play.leave()
        assert play.session is None and rec.calls[-1] == (call, None)


def test_a_failing_store_never_stops_play_and_is_reported() -> None:
    seen: list[tuple[str, bool]] = []
    play = controller(Calls(fail={"decision", "finish"}), problem=lambda exc, last: seen.append((str(exc), last)))
    play.begin()
    for n in BEST:
        play.choose(n)
    assert play.finish().ending_id == "hired"
    assert seen == [("decision failed", False)] * 5 + [("finish failed", True)]


def test_no_scenario_or_no_session_is_a_clear_error() -> None:
    play = PlayController()
    with pytest.raises(RuntimeError, match="no scenario selected"):
        play.begin()
    play.select(load_scenario(HALLWAY))
    with pytest.raises(RuntimeError, match="no session"):
        play.choose(1)


def test_memory_results_keep_the_finished_attempt() -> None:
    mem = MemoryResults()
    play = controller(mem, player="ana")
    play.begin()
    for n in BEST:
        play.choose(n)
    d = play.finish()
    assert mem.best_for("hallway") is not None and mem.best_for("hallway").grade == d.grade  # type: ignore[union-attr]


# ------------------------------------------------------------------ continuing, on the real store

def crash_after(db: Database, numbers: list[int], mode: str = "practice") -> int:
    """Play and record these choices, then stop as a crash would: no finish, no abandon."""
    play = controller(StoreResults(db, "ana"), player="ana")
    play.begin(mode)  # type: ignore[arg-type]
    for n in numbers:
        play.choose(n)
    rec = play.results.recorder  # type: ignore[attr-defined]
    return int(rec.attempt_id)


def test_continue_picks_up_the_same_attempt_in_its_own_mode(db: Database) -> None:
    old = crash_after(db, BEST[:2], mode="assessment")
    play = controller(StoreResults(db, "ana"), player="ana")
    point, note = play.resume_offer()
    assert note == "" and point is not None and point.attempt_id == old and point.at_decision == 3
    went = play.continue_attempt(point)
    assert went.outcome is Resumed.PLAYING and went.ok and play.resumed
    assert play.session is not None and play.session.mode == "assessment" and len(play.session.log) == 2
    for n in BEST[2:]:
        play.choose(n)
    play.finish()
    [a] = db.attempts("ana")
    assert a.id == old and a.status == "finished" and [d.number for d in db.decisions(a.id)] == BEST


def test_an_attempt_whose_choices_reach_the_end_finishes_on_continue(db: Database) -> None:
    old = crash_after(db, BEST)  # the stop came between the last choice and the debrief
    play = controller(StoreResults(db, "ana"), player="ana")
    point = play.interrupted()
    assert point is not None
    went = play.continue_attempt(point)
    assert went.outcome is Resumed.FINISHED and play.debrief is not None and play.debrief.ending_id == "hired"
    assert db.attempt(old).status == "finished"


def test_a_changed_scenario_is_closed_with_one_line(db: Database, tmp_path: Path) -> None:
    old = crash_after(db, BEST[:2])
    edited = tmp_path / "hallway.yaml"
    text = HALLWAY.read_text(encoding="utf-8")
    edited.write_text(text.replace("        to: ask\n", "        to: wrap\n", 1), encoding="utf-8")
    play = PlayController(StoreResults(db, "ana"), player="ana", in_order=True, seed=0)
    play.select(load_scenario(edited))
    point = play.interrupted()
    assert point is not None
    went = play.continue_attempt(point)
    assert went.outcome is Resumed.CHANGED and not went.ok and went.note == CHANGED_SINCE.format(n=3)
    assert db.attempt(old).status == "abandoned" and play.session is None
    assert play.resume_offer() == (None, "")  # nothing left to offer


def test_the_offer_checks_the_replay_first(db: Database, tmp_path: Path) -> None:
    old = crash_after(db, BEST[:2])
    edited = tmp_path / "hallway.yaml"
    edited.write_text(HALLWAY.read_text(encoding="utf-8").replace("        to: ask\n", "        to: wrap\n", 1),
                      encoding="utf-8")
    play = PlayController(StoreResults(db, "ana"), player="ana")
    play.select(load_scenario(edited))
    assert play.resume_offer() == (None, CHANGED_SINCE.format(n=3))
    assert db.attempt(old).status == "abandoned"


def test_an_unreadable_store_keeps_the_attempt(db: Database) -> None:
    old = crash_after(db, BEST[:2])

    class Broken(StoreResults):
        def replay(self, point: ResumePoint, session: Any) -> None:
            raise OSError("database is locked")

    play = controller(Broken(db, "ana"), player="ana")
    point = play.interrupted()
    assert point is not None
    went = play.continue_attempt(point)
    assert went.outcome is Resumed.UNREADABLE and went.note == UNREADABLE and "locked" in went.error
    assert db.attempt(old).status == "in_progress"


def test_start_over_abandons_the_old_attempt_and_begins_a_new_one(db: Database) -> None:
    old = crash_after(db, BEST[:3])
    play = controller(StoreResults(db, "ana"), player="ana")
    play.start_over(play.interrupted())
    play.choose(1)
    first, second = db.attempts("ana")
    assert first.id == old and first.status == "abandoned" and second.status == "in_progress"


def test_workshop_runs_are_never_offered_to_continue(db: Database) -> None:
    crash_after(db, BEST[:2])
    play = controller(StoreResults(db, "ana"), player="ana", workshop=True)
    assert play.interrupted() is None


def test_the_controller_never_imports_pygame() -> None:
    code = ("import sys; import game.play.controller, game.play.store_results, game.text_play; "
            "print('pygame' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True,
                         env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert out.stdout.strip() == "False"
