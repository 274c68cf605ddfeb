"""A session played through the window, headless, lands in the history, the exports, the report and an LRS."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from game.store import Database, cli_commands, outbox
from game.store import export as ex
from game.store.history import build_history
from game.store.lrs_config import LrsConfig

from .helpers import RalphLrs

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
pygame = pytest.importorskip("pygame")
REPO = Path(__file__).resolve().parents[2]


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _press(app: object, key: int) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))
    app.step(0.0)  # type: ignore[attr-defined]
    app.render()  # type: ignore[attr-defined]


def test_a_window_session_appears_in_four_places(ralph: RalphLrs, tmp_path: Path) -> None:
    from ralph.models.xapi.base.statements import BaseXapiStatement

    from game.play.store_results import StoreResults
    from game.ui.app import App
    from game.ui.catalog import Catalog
    from game.ui.screens import play_to_end
    from game.ui.settings import Settings

    pygame.display.init()
    pygame.font.init()
    db = Database(tmp_path / "ana.sqlite3")
    app = App(Catalog.load([REPO / "scenarios"]), Settings(reduced_motion=True),
              results=StoreResults(db, "ana"), surface=pygame.Surface((1280, 800)), seed=0, in_order=True, clock=_Clock(),
              player="ana")
    for _ in range(3):  # title -> select -> briefing -> dialogue, by keyboard
        _press(app, pygame.K_RETURN)
    play_to_end(app)
    debrief = app.flow.debrief  # type: ignore[attr-defined]
    log = app.flow.session.log  # type: ignore[attr-defined]
    assert debrief is not None and log

    # 1. the history
    [attempt] = db.attempts("ana")
    assert attempt.status == "finished" and attempt.grade == debrief.grade
    assert attempt.decision_count == len(log)
    h = build_history(db, "ana")
    assert h.scenarios[0].scenario_id == debrief.scenario_id and h.scenarios[0].attempts[0].grade == debrief.grade

    # 2. the exports
    res = ex.export(db, "json", tmp_path / "ana.json", player="ana")
    csv_res = ex.export(db, "csv", tmp_path / "ana.csv", player="ana")
    assert csv_res.items == len(log)
    assert debrief.scenario_id in res.path.read_text(encoding="utf-8")

    # 3. the class report
    _text, code, _ = cli_commands.report([res.path], tmp_path / "class.html")
    assert code == 0 and debrief.title in (tmp_path / "class.html").read_text(encoding="utf-8")

    # 4. the LRS, as valid xAPI
    result = outbox.flush(db, LrsConfig(ralph.endpoint, ralph.username, ralph.password))
    assert result.ok and result.pending == 0
    held = ralph.statements(attempt.uuid)
    answered = [s for s in held if s["verb"]["id"].endswith("/answered")]
    assert len(answered) == len(log)
    completed = next(s for s in held if s["verb"]["id"].endswith("/completed"))
    assert completed["result"]["score"]["scaled"] == pytest.approx(debrief.grade / 100)
    for s in held:
        BaseXapiStatement.model_validate(s)
    db.close()
