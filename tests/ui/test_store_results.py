"""The UI's results interface on the real history database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pygame
import pytest

from game.play.store_results import StoreResults
from game.store import Database
from game.ui.app import App
from game.ui.catalog import Catalog
from game.ui.results import MemoryResults, NullResults, ResultsSource
from game.ui.screens import play_to_end
from game.ui.settings import Settings


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Database:
    monkeypatch.setenv("RAPPORT_CONFIG_DIR", str(tmp_path / "cfg"))
    monkeypatch.setenv("RAPPORT_DATA_DIR", str(tmp_path / "data"))
    return Database(tmp_path / "history.sqlite3")


def test_every_results_source_satisfies_the_protocol(db: Database) -> None:
    for source in (NullResults(), MemoryResults(), StoreResults(db, "sam")):
        assert isinstance(source, ResultsSource)


def test_playthroughs_are_recorded_and_shown(db: Database, pack_dir: Path, ui: Any) -> None:
    pygame.display.init()
    pygame.font.init()
    results = StoreResults(db, "sam")
    app = App(Catalog.load([pack_dir]), Settings(reduced_motion=True), results=results,
              surface=pygame.Surface((1280, 800)), seed=0, in_order=True, clock=ui.FakeClock(), player="sam")
    for _ in range(3):
        ui.press(app, pygame.K_RETURN)
    play_to_end(app)
    d = app.flow.debrief
    best = results.best_for(d.scenario_id)
    assert best is not None and best.grade == d.grade and best.attempts == 1
    [row] = results.history()
    assert row.scenario_id == d.scenario_id and row.grade == d.grade and row.player == "sam"
    attempt = db.attempts("sam")[0]
    assert attempt.status == "finished" and attempt.decision_count == len(app.flow.session.log)
    # rewinding after the end starts a new attempt with the kept decisions
    ui.press(app, pygame.K_t)
    ui.press(app, pygame.K_2)
    assert len(db.attempts("sam")) == 2 and db.attempts("sam")[1].status == "in_progress"
    ui.press(app, pygame.K_ESCAPE)
    leave = next(b for b in app.modal.group.buttons if b.action == "leave")
    app.modal.on_result(leave.action)
    # leaving mid-way keeps the attempt for its briefing to offer (tests/ui/test_resume.py)
    assert db.attempts("sam")[1].status == "in_progress"
