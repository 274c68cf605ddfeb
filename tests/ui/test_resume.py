"""Continuing an interrupted attempt in the window: the briefing's offer, Continue, Start over, a changed file.

Each test records a few decisions through a real App on the real store, then drops that App without
finishing or abandoning (as a crash, a closed lid or Ctrl-C would), and opens the scenario again in a
new App on the same database file.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pygame
import pytest

from game.play.store_results import StoreResults
from game.store import Database, Recorder
from game.store.recorder import ResumeMismatch
from game.ui.app import App
from game.ui.catalog import Catalog
from game.ui.flow import CHANGED, UNREADABLE
from game.ui.results import ReadOnlyResults
from game.ui.screens import play_to_end
from game.ui.screens.briefing import BriefingScene
from game.ui.settings import Settings

from .test_layer_cache import assert_fresh, hover_everything, key
from .test_layout import assert_fits

REPO = Path(__file__).resolve().parents[2]
BOOTH = "career-fair-booth"


@pytest.fixture
def booth_pack(tmp_path: Path) -> Path:
    """A copy of the shipped career-fair booth (nine decisions on the path taken here), to edit freely."""
    d = tmp_path / "pack"
    d.mkdir()
    for name in ("pack.yaml", f"{BOOTH}.yaml"):
        shutil.copy(REPO / "scenarios" / name, d / name)
    return d


@pytest.fixture
def db_path(tmp_path: Path) -> Iterator[Path]:
    pygame.display.init()
    pygame.font.init()
    yield tmp_path / "history.sqlite3"
    pygame.event.clear()


def new_app(db: Database, pack: Path, ui: Any, size: tuple[int, int] = (1280, 800), results: Any = None,
            workshop: bool = False, **settings: Any) -> App:
    return App(Catalog.load([pack]), Settings(**{"reduced_motion": True, **settings}),
               results=results if results is not None else StoreResults(db, "sam"), surface=pygame.Surface(size),
               seed=0, in_order=True, clock=ui.FakeClock(), player="sam", workshop=workshop)


def decide(app: App, ui: Any, number: int = 1) -> None:
    """Move on (lines, feedback) to the next decision and take choice `number`."""
    dlg = app.dialogue
    for _ in range(60):
        if app.flow.state == "dialogue" and dlg.phase == "choices":
            ui.press(app, getattr(pygame, f"K_{number}"))
            return
        ui.press(app, pygame.K_RETURN)
    raise AssertionError(f"no decision came up (at {app.flow.state})")


def interrupted(db_path: Path, pack: Path, ui: Any, decisions: int = 3) -> tuple[str, list[int]]:
    """Play `decisions` decisions, then drop the App and its database as a crash would.

    Returns the node the player had reached and the file indexes of the choices made.
    """
    db = Database(db_path)
    app = new_app(db, pack, ui)
    for _ in range(3):  # title -> select -> briefing -> dialogue
        ui.press(app, pygame.K_RETURN)
    for _ in range(decisions):
        decide(app, ui)
    session = app.flow.session
    assert session is not None and len(session.log) == decisions and not session.finished
    reached, taken = session.node_id, [d.index for d in session.log]
    db.conn.close()  # no finish, no abandon: the attempt stays in progress
    return reached, taken


def retarget_first_choice(path: Path, taken: list[int]) -> None:
    """The author edits the file: the first choice the player took now leads somewhere else."""
    from game.scenario import load_scenario

    sc = load_scenario(path)
    node = sc.nodes[sc.start_id]
    index = taken[0]
    old = (node.choices or [])[index].to
    new = next(n for n in sc.nodes if n != old and n != sc.start_id)
    doc = sc.document
    assert doc is not None
    line, _col = doc.pos(("nodes", sc.start_id, "choices", index, "to"))
    lines = path.read_text(encoding="utf-8").split("\n")
    assert f"to: {old}" in lines[line - 1], lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(f"to: {old}", f"to: {new}")
    path.write_text("\n".join(lines), encoding="utf-8")


def open_briefing(app: App, ui: Any) -> BriefingScene:
    ui.press(app, pygame.K_RETURN)  # title -> select
    ui.press(app, pygame.K_RETURN)  # select -> briefing
    assert app.flow.state == "briefing"
    scene = app.scene
    assert isinstance(scene, BriefingScene)
    return scene


def drawn(app: App) -> list[str]:
    app.render()
    return [r.text for r in app.text.records]


def test_continue_picks_up_at_the_node_reached_and_finishes_the_same_attempt(db_path, booth_pack, ui) -> None:  # type: ignore[no-untyped-def]
    reached, taken = interrupted(db_path, booth_pack, ui)
    db = Database(db_path)
    [before] = db.resumable("sam", BOOTH)
    assert before.decision_count == 3
    app = new_app(db, booth_pack, ui)
    briefing = open_briefing(app, ui)

    offer = briefing.offer
    assert offer is not None and offer.attempt_id == before.id and offer.at_decision == 4
    labels = [b.label for b in briefing.buttons]
    assert labels == ["Back", "Start over", "Continue (decision 4)"]
    focused = briefing.group.buttons[briefing.group.focus]
    assert focused.label == "Continue (decision 4)" and focused.style == "primary" and focused.hint == "Enter"
    shown = drawn(app)
    assert "Continue (decision 4)" in shown and "Start over" in shown
    assert any(t.startswith("You stopped at decision 4 on ") for t in shown)
    assert "decision 4" in briefing.spoken() and "start over" in briefing.spoken()

    ui.press(app, pygame.K_RETURN)  # Continue
    session = app.flow.session
    assert app.flow.state == "dialogue" and session is not None
    assert [d.index for d in session.log] == taken and session.node_id == reached
    assert session.seed == 0 and session.mode == "practice"
    dlg = app.dialogue
    assert dlg.beat is not None and dlg.beat.node_id == reached and dlg.phase == "choices"  # line and choices up
    assert dlg.choices.options == [(o.number, o.text) for o in session.options()]
    assert any(t.startswith("Decision 4") for t in drawn(app))
    assert db.attempt(before.id).status == "in_progress"

    play_to_end(app)
    assert app.flow.state == "debrief"
    [attempt] = db.attempts("sam")
    assert attempt.id == before.id and attempt.status == "finished"
    assert attempt.decision_count == len(app.flow.session.log) > 3  # type: ignore[union-attr]
    assert [d.index for d in db.decisions(attempt.id)][:3] == taken
    assert attempt.grade == app.flow.debrief.grade
    verbs = [r[0] for r in db.conn.execute("SELECT verb FROM outbox WHERE attempt_id = ? AND verb IN "
                                          "('launched', 'completed', 'abandoned')", (attempt.id,))]
    assert verbs == ["launched", "completed"]  # one attempt, as an LRS sees it too
    assert db.resumable("sam") == []
    db.close()


def test_start_over_abandons_the_interrupted_attempt_and_records_a_new_one(db_path, booth_pack, ui) -> None:  # type: ignore[no-untyped-def]
    interrupted(db_path, booth_pack, ui)
    db = Database(db_path)
    [old] = db.resumable("sam", BOOTH)
    app = new_app(db, booth_pack, ui)
    briefing = open_briefing(app, ui)
    assert briefing.offer is not None
    key(app, pygame.K_LEFT)  # focus Start over, by keyboard
    assert briefing.group.buttons[briefing.group.focus].action == "start_over"
    ui.press(app, pygame.K_RETURN)
    assert app.flow.state == "briefing" and app.modal is not None  # it asks first
    assert [a.status for a in db.attempts("sam")] == ["in_progress"]
    key(app, pygame.K_RIGHT)  # to "Start over" in the dialog
    ui.press(app, pygame.K_RETURN)
    assert app.flow.state == "dialogue"
    assert app.flow.session is not None and app.flow.session.log == []
    old_now, new = db.attempts("sam")
    assert old_now.id == old.id and old_now.status == "abandoned" and len(db.decisions(old.id)) == 3
    assert new.status == "in_progress" and new.decision_count == 0
    decide(app, ui)
    assert db.attempt(new.id).decision_count == 1
    db.close()


def test_no_single_key_throws_an_attempt_away(db_path, booth_pack, ui) -> None:  # type: ignore[no-untyped-def]
    interrupted(db_path, booth_pack, ui, decisions=2)
    db = Database(db_path)
    app = new_app(db, booth_pack, ui)
    briefing = open_briefing(app, ui)
    assert briefing.offer is not None
    ui.press(app, pygame.K_s)  # S means Settings elsewhere; here it does nothing
    assert app.flow.state == "briefing" and app.modal is None
    briefing.confirm_start_over()
    ui.press(app, pygame.K_ESCAPE)  # the dialog's safe answer keeps the attempt
    assert app.flow.state == "briefing" and app.modal is None
    assert [a.status for a in db.attempts("sam")] == ["in_progress"]
    db.close()


def test_a_changed_scenario_says_so_and_starts_fresh(db_path, booth_pack, ui) -> None:  # type: ignore[no-untyped-def]
    _reached, taken = interrupted(db_path, booth_pack, ui)
    retarget_first_choice(booth_pack / f"{BOOTH}.yaml", taken)

    db = Database(db_path)
    [old] = db.resumable("sam", BOOTH)
    app = new_app(db, booth_pack, ui)
    briefing = open_briefing(app, ui)
    assert briefing.offer is None and briefing.notice == CHANGED.format(n=4)
    assert [b.label for b in briefing.buttons] == ["Back", "Start"]
    assert briefing.notice in drawn(app)
    assert "has changed" in briefing.spoken()
    assert db.attempt(old.id).status == "abandoned" and len(db.decisions(old.id)) == 3
    ui.press(app, pygame.K_RETURN)  # Start
    assert app.flow.state == "dialogue" and app.flow.session.log == []  # type: ignore[union-attr]
    assert [a.status for a in db.attempts("sam")] == ["abandoned", "in_progress"]
    db.close()


def test_a_replay_that_fails_on_continue_stays_on_the_briefing(db_path, booth_pack, ui, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    interrupted(db_path, booth_pack, ui)
    db = Database(db_path)
    results = StoreResults(db, "sam")
    app = new_app(db, booth_pack, ui, results=results)
    briefing = open_briefing(app, ui)
    assert briefing.offer is not None

    def broken(point: Any, session: Any) -> None:  # the file changed between the briefing and Continue
        raise ResumeMismatch("step 2: choice 1 is now something else")

    monkeypatch.setattr(results, "replay", broken)
    ui.press(app, pygame.K_RETURN)  # Continue
    assert app.flow.state == "briefing" and briefing.offer is None and briefing.notice == CHANGED.format(n=4)
    assert [b.label for b in briefing.buttons] == ["Back", "Start"]
    assert_fresh(app, "briefing after a failed continue")
    assert [a.status for a in db.attempts("sam")] == ["abandoned"]
    ui.press(app, pygame.K_RETURN)  # Start
    assert app.flow.state == "dialogue" and [a.status for a in db.attempts("sam")] == ["abandoned", "in_progress"]
    db.close()


def test_a_store_that_cannot_be_read_just_now_keeps_the_attempt(db_path, booth_pack, ui, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A passing error (another rapport holding the database, say) is not a changed scenario."""
    interrupted(db_path, booth_pack, ui)
    db = Database(db_path)
    results = StoreResults(db, "sam")
    fail = {"times": 1}
    replay = results.replay

    def flaky(point: Any, session: Any) -> None:
        if fail["times"]:
            fail["times"] -= 1
            raise sqlite3.OperationalError("database is locked")
        replay(point, session)

    monkeypatch.setattr(results, "replay", flaky)
    app = new_app(db, booth_pack, ui, results=results)
    briefing = open_briefing(app, ui)  # the check fails: no offer this time, and nothing is closed
    assert briefing.offer is None and briefing.notice == ""
    assert [a.status for a in db.attempts("sam")] == ["in_progress"]
    ui.press(app, pygame.K_ESCAPE)  # back to the list, and in again: the offer is there
    ui.press(app, pygame.K_RETURN)
    assert app.flow.state == "briefing" and briefing.offer is not None
    fail["times"] = 1
    ui.press(app, pygame.K_RETURN)  # Continue fails once: the line says so, the offer stays
    assert app.flow.state == "briefing" and briefing.notice == UNREADABLE and briefing.offer is not None
    assert [a.status for a in db.attempts("sam")] == ["in_progress"]
    assert_fresh(app, "briefing after an unreadable continue")
    ui.press(app, pygame.K_RETURN)  # Continue again: it works
    assert app.flow.state == "dialogue" and len(app.flow.session.log) == 3  # type: ignore[union-attr]
    db.close()


def test_an_attempt_whose_choices_reach_an_ending_continues_to_its_debrief(db_path, pack_dir, ui) -> None:  # type: ignore[no-untyped-def]
    """The crash came between the last choice and the debrief: Continue shows the debrief, and records it."""
    from game.engine.session import Session

    db = Database(db_path)
    sc = Catalog.load([pack_dir]).find("booth-two").scenario  # type: ignore[union-attr]
    rec = Recorder(db, "sam", sc, "practice", seed=0)
    s = Session(sc, seed=0)
    while not s.finished:
        rec.decision(s.choose(1).decision)
    app = new_app(db, pack_dir, ui)
    briefing = open_briefing(app, ui)
    assert app.flow.entry is not None and app.flow.entry.id == "booth-two", app.flow.entry
    assert briefing.offer is not None and briefing.offer.decisions == len(s.log)
    ui.press(app, pygame.K_RETURN)
    assert app.flow.state == "debrief" and app.flow.debrief.ending_id == s.ending_id
    [a] = db.attempts("sam")
    assert a.status == "finished" and a.id == rec.attempt_id
    db.close()


def test_no_offer_in_workshop_mode_or_when_watching(db_path, booth_pack, ui) -> None:  # type: ignore[no-untyped-def]
    interrupted(db_path, booth_pack, ui)
    db = Database(db_path)
    watching = new_app(db, booth_pack, ui, results=ReadOnlyResults(StoreResults(db, "sam")))
    assert open_briefing(watching, ui).offer is None
    workshop = new_app(db, booth_pack, ui, workshop=True)
    assert open_briefing(workshop, ui).offer is None
    [a] = db.attempts("sam")
    assert a.status == "in_progress"  # left alone for the learner's next own session
    assert open_briefing(new_app(db, booth_pack, ui), ui).offer is not None
    db.close()


def test_the_scenario_list_marks_where_the_player_stopped(db_path, booth_pack, ui) -> None:  # type: ignore[no-untyped-def]
    interrupted(db_path, booth_pack, ui)
    db = Database(db_path)
    app = new_app(db, booth_pack, ui)
    ui.press(app, pygame.K_RETURN)  # title -> select
    assert app.flow.state == "select"
    assert "Stopped at decision 4" in drawn(app)
    assert_fresh(app, "select with an interrupted attempt")
    workshop = new_app(db, booth_pack, ui, workshop=True)
    ui.press(workshop, pygame.K_RETURN)
    assert not any(t.startswith("Stopped at") for t in drawn(workshop))  # workshops are never offered it
    ui.press(app, pygame.K_RETURN)  # the card -> its briefing
    ui.press(app, pygame.K_RETURN)  # Continue
    play_to_end(app)
    ui.press(app, pygame.K_ESCAPE)  # the debrief -> the list
    assert app.flow.state == "select"
    assert not any(t.startswith("Stopped at") for t in drawn(app))
    db.close()


def leave(app: App, ui: Any) -> str:
    """Esc, then Leave scenario in the pause dialog; returns what the dialog said."""
    ui.press(app, pygame.K_ESCAPE)
    modal = app.modal
    assert modal is not None
    said = modal.message  # type: ignore[attr-defined]
    button = next(b for b in modal.group.buttons if b.action == "leave")  # type: ignore[attr-defined]
    modal.on_result(button.action)  # type: ignore[attr-defined]
    assert app.flow.state == "select"
    return str(said)


def test_leaving_mid_way_keeps_the_attempt_to_continue(db_path, booth_pack, ui) -> None:  # type: ignore[no-untyped-def]
    db = Database(db_path)
    app = new_app(db, booth_pack, ui)
    open_briefing(app, ui)
    ui.press(app, pygame.K_RETURN)  # Start
    decide(app, ui)
    decide(app, ui)
    said = leave(app, ui)
    assert "2 choices are kept" in said and "continue" in said
    [a] = db.attempts("sam")
    assert a.status == "in_progress" and a.decision_count == 2
    ui.press(app, pygame.K_RETURN)  # the same scenario's card, from the list
    assert app.flow.state == "briefing"
    offer = app.scene.offer  # type: ignore[attr-defined]
    assert offer is not None and offer.attempt_id == a.id and offer.at_decision == 3
    db.close()


def test_leaving_before_any_choice_keeps_nothing(db_path, booth_pack, ui) -> None:  # type: ignore[no-untyped-def]
    db = Database(db_path)
    app = new_app(db, booth_pack, ui)
    open_briefing(app, ui)
    ui.press(app, pygame.K_RETURN)  # Start
    ui.press(app, pygame.K_RETURN)  # past the scene card
    assert app.flow.session is not None and app.flow.session.log == []
    said = leave(app, ui)
    assert "kept" not in said
    assert [a.status for a in db.attempts("sam")] == ["abandoned"] and db.resumable("sam") == []
    db.close()


def test_leaving_a_workshop_run_ends_it(db_path, booth_pack, ui) -> None:  # type: ignore[no-untyped-def]
    db = Database(db_path)
    app = new_app(db, booth_pack, ui, workshop=True)
    open_briefing(app, ui)
    ui.press(app, pygame.K_RETURN)  # Start
    decide(app, ui)
    for _ in range(10):  # workshop mode discusses each decision before the story goes on
        if app.flow.state == "dialogue":
            break
        ui.press(app, pygame.K_RETURN)
    said = leave(app, ui)
    assert "ends here" in said
    [a] = db.attempts("sam")
    assert a.status == "abandoned" and a.decision_count == 1
    db.close()


@pytest.mark.parametrize("size", [(1024, 640), (1280, 800), (1920, 1080)])
@pytest.mark.parametrize("text_size", ["medium", "projector"])
def test_the_offer_fits_and_its_cached_frames_are_fresh(db_path, booth_pack, ui, size, text_size) -> None:  # type: ignore[no-untyped-def]
    interrupted(db_path, booth_pack, ui)
    db = Database(db_path)
    app = new_app(db, booth_pack, ui, size=size, text_size=text_size, reduced_motion=False)
    briefing = open_briefing(app, ui)
    assert briefing.offer is not None
    app.render()
    assert_fits(app, "briefing with a continue offer")
    row = [b.rect for b in briefing.buttons]
    assert all(r.right <= size[0] and r.w > 0 for r in row)
    assert "Continue (decision 4)" in [r.text for r in app.text.records]
    assert_fresh(app, "briefing with a continue offer")
    hover_everything(app, row, "briefing offer")
    for k in (pygame.K_LEFT, pygame.K_LEFT, pygame.K_TAB, pygame.K_RIGHT):
        key(app, k)
        assert_fresh(app, f"briefing offer after key {k}")
    for _ in range(5):  # painting pictures ahead goes on behind the offer, and changes nothing seen
        app.step(1 / 60)
        assert_fresh(app, "briefing offer while painting ahead")
    db.close()


@pytest.mark.parametrize("size", [(1024, 640), (1920, 1080)])
@pytest.mark.parametrize("text_size", ["medium", "projector"])
def test_the_changed_notice_fits(db_path, booth_pack, ui, size, text_size) -> None:  # type: ignore[no-untyped-def]
    _reached, taken = interrupted(db_path, booth_pack, ui, decisions=1)
    retarget_first_choice(booth_pack / f"{BOOTH}.yaml", taken)
    db = Database(db_path)
    app = new_app(db, booth_pack, ui, size=size, text_size=text_size)
    briefing = open_briefing(app, ui)
    assert briefing.notice == CHANGED.format(n=2)
    app.render()
    assert_fits(app, "briefing with the changed notice")
    assert briefing.notice in [r.text for r in app.text.records]
    assert_fresh(app, "briefing with the changed notice")
    db.close()
