"""Real scenarios, real sessions: one playthrough lands in the history, the exports, the report and an LRS."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from game.store import Database, Recorder, cli_commands, outbox
from game.store import export as ex
from game.store.history import build_history
from game.store.lrs_config import LrsConfig
from game.store.report import analyse, load

from .helpers import RalphLrs

REPO = Path(__file__).resolve().parents[2]
BOOTH = REPO / "scenarios" / "career-fair-booth.yaml"

engine = pytest.importorskip("game.engine.session", reason="the engine is not there yet")
scoring = pytest.importorskip("game.engine.scoring")
if not BOOTH.exists():
    pytest.skip("scenarios/career-fair-booth.yaml is not there yet", allow_module_level=True)


def _scenario() -> Any:
    from game.scenario import load_scenario

    return load_scenario(BOOTH)


def play_real(db: Database, player: str, seed: int, *, stop_after: int | None = None,
              mode: str = "practice") -> tuple[Recorder, Any]:
    """Play the booth with seeded random choices (and options shuffled from that seed), recording each one
    as the UI does."""
    sc = _scenario()
    session = engine.Session(sc, mode=mode, seed=seed)
    rec = Recorder(db, player, sc, mode, pack=sc.pack.title if sc.pack else None, seed=seed)
    rng = random.Random(seed)
    while not session.finished:
        if stop_after is not None and len(session.log) == stop_after:
            return rec, session
        step = session.choose(rng.choice(session.options()).number, elapsed=round(rng.uniform(1, 9), 2))
        rec.decision(step.decision)
    rec.finish(scoring.debrief(session))
    return rec, session


def test_a_real_playthrough_is_recorded_exactly(db: Database) -> None:
    rec, session = play_real(db, "ana", seed=3)
    a = rec.attempt
    d = scoring.debrief(session).to_dict()
    assert a.status == "finished" and a.grade == d["grade"] and a.outcome == d["outcome"]
    assert a.scenario_id == "career-fair-booth" and a.scenario_title == "The Career Fair Booth"
    stored = rec.decisions()
    assert [(x.node_id, x.number, x.index, x.choice_id, x.shown, x.text) for x in stored] == [
        (x.node_id, x.number, x.index, x.choice_id, x.shown, x.text) for x in session.log]
    assert [dict(x.score) for x in stored] == [dict(x.score) for x in session.log]
    assert all(x.prompt for x in stored)  # the node's text, from the scenario model
    assert json.loads(json.dumps(a.debrief)) == json.loads(json.dumps(d))


def test_an_interrupted_real_session_resumes_where_it_was(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite3"
    d1 = Database(path)
    rec, cut = play_real(d1, "ana", seed=5, stop_after=4)
    d1.conn.close()  # crash

    d2 = Database(path)
    (found,) = d2.resumable("ana", "career-fair-booth")
    again = Recorder.reopen(d2, found.id, scenario=_scenario())
    assert found.seed == 5 and not found.in_order
    session = again.replay(engine.Session(_scenario(), seed=found.seed, in_order=found.in_order))
    assert session.node_id == cut.node_id and session.scores == cut.scores
    # Carry on exactly as the uninterrupted run would have.
    _rec, whole = play_real(Database(tmp_path / "other.sqlite3"), "ana", seed=5)
    for made in whole.log[4:]:
        step = session.choose(made.number, elapsed=made.elapsed)
        again.decision(step.decision)
    final = again.finish(scoring.debrief(session))
    assert final.grade == scoring.debrief(whole).grade
    assert [(x.number, x.shown) for x in d2.decisions(found.id)] == [(x.number, x.shown) for x in whole.log]
    d2.close()


def test_practice_rewind_is_mirrored(db: Database) -> None:
    sc = _scenario()
    session = engine.Session(sc, seed=0, in_order=True)
    rec = Recorder(db, "ana", sc, "practice")
    for _ in range(3):
        rec.decision(session.choose(1).decision)
    session.rewind(1)
    rec.rewind(1)
    rec.decision(session.choose(len(session.options())).decision)
    assert rec.replay_ids() == [d.choice_id for d in session.log]


@pytest.mark.lrs
def test_one_session_in_four_places(ralph: RalphLrs, tmp_path: Path) -> None:
    """History, exports, class report, LRS: the same playthrough everywhere."""
    from ralph.models.xapi.base.statements import BaseXapiStatement

    db = Database(tmp_path / "ana.sqlite3")
    rec, session = play_real(db, "ana", seed=11)
    grade = rec.attempt.grade

    h = build_history(db, "ana")
    assert h.scenarios[0].attempts[0].grade == grade
    assert {p.id for p in h.principles} >= {"first_impression", "communication"}

    res = ex.export(db, "json", tmp_path / "ana.json", player="ana")
    csv_res = ex.export(db, "csv", tmp_path / "ana.csv", player="ana")
    assert csv_res.items == len(session.log)
    report = analyse(load([res.path]).records)
    assert report.learners == 1 and report.scenarios[0].finished_learners == 1
    text, code, _ = cli_commands.report([res.path], tmp_path / "report.html")
    assert code == 0 and "The Career Fair Booth" in (tmp_path / "report.html").read_text()

    result = outbox.flush(db, LrsConfig(ralph.endpoint, ralph.username, ralph.password))
    assert result.ok and result.pending == 0
    held = ralph.statements(rec.uuid)
    assert len(held) == outbox.status(db).sent
    answered = [s for s in held if s["verb"]["id"].endswith("/answered")]
    assert len(answered) == len(session.log)
    completed = next(s for s in held if s["verb"]["id"].endswith("/completed"))
    assert completed["result"]["score"]["scaled"] == pytest.approx(grade / 100)
    for s in held:
        BaseXapiStatement.model_validate(s)
    db.close()
