"""--watch: edit the scenario file during play; the game reloads it, keeps the player's place, and shows
load errors over the last good version instead of quitting."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pygame

from game.ui.results import MemoryResults, ReadOnlyResults

_stamp = [1_700_000_000_000_000_000]


def save(path: Path, text: str) -> None:
    """Write the file as an editor would, with an mtime that surely differs from the last one."""
    path.write_text(text, encoding="utf-8")
    _stamp[0] += 1_000_000_000
    os.utime(path, ns=(_stamp[0], _stamp[0]))


def tick(app) -> None:  # type: ignore[no-untyped-def]
    """Half a second or more passes: the watcher looks at the file once."""
    app.clock.now += 0.6
    app.step(0.0)
    app.render()


def watched(make_app, pack_dir: Path, ui, name: str = "booth.yaml", **kw):  # type: ignore[no-untyped-def]
    app = make_app(packs=[pack_dir], **kw)
    path = pack_dir / name
    assert app.start_watching(path)
    entry = app.catalog.find(str(path))
    if entry is not None:
        app.flow.go("play")
        app.flow.choose_entry(entry)
        ui.press(app, pygame.K_RETURN)  # briefing: Start
        ui.press(app, pygame.K_RETURN)  # past the scene card
    return app, path


def overlay_lines(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.text for r in app.text.records if re.match(r".*\.yaml:\d+:\d+: ", r.text)]


def test_polling_is_cheap_and_needs_a_change(make_app, pack_dir, ui) -> None:  # type: ignore[no-untyped-def]
    app, path = watched(make_app, pack_dir, ui)
    app.step(0.0)
    frames = app.frames
    for _ in range(5):
        app.clock.now += 0.6
        app.step(0.0)  # renders only when something changed
    assert app.watch.reloads == 0 and app.frames == frames  # nothing changed: no reload, no redraw
    save(path, ui.SCENARIO)
    app.step(0.0)  # too soon after the last look: not even a stat
    assert app.watch.reloads == 0
    tick(app)
    assert app.watch.reloads == 1


def test_changed_text_keeps_the_players_place(make_app, pack_dir, ui) -> None:  # type: ignore[no-untyped-def]
    app, path = watched(make_app, pack_dir, ui)
    ui.press(app, pygame.K_1)  # approach -> pitch (the coach's note follows in practice mode)
    ui.press(app, pygame.K_RETURN)
    assert app.flow.state == "dialogue" and app.dialogue.beat.node_id == "pitch"
    before = app.flow.session
    save(path, ui.SCENARIO.replace("So, what brings you to Northwind?", "Hi! What brings you here today?"))
    tick(app)
    s = app.flow.session
    assert s is not before and s.scenario is not before.scenario
    assert [d.index for d in s.log] == [0] and s.node_id == "pitch"
    assert app.flow.state == "dialogue" and app.dialogue.phase == "choices"
    assert app.dialogue.beat.text == "Hi! What brings you here today?"
    assert "Hi! What brings you here today?" in [r.text for r in app.text.records]
    assert app.flow.entry.scenario is s.scenario  # the list and the next replay use the new version too
    ui.press(app, pygame.K_2)  # and play goes on in the new version
    assert [d.index for d in s.log] == [0, 1]


def test_removing_the_current_node_falls_back_to_the_last_valid_point(make_app, pack_dir, ui) -> None:  # type: ignore[no-untyped-def]
    app, path = watched(make_app, pack_dir, ui)
    ui.press(app, pygame.K_1)
    ui.press(app, pygame.K_RETURN)  # feedback
    ui.press(app, pygame.K_1)  # pitch -> aside -> devon_talk
    ui.press(app, pygame.K_RETURN)  # feedback
    ui.press(app, pygame.K_RETURN)  # the narration
    assert app.flow.session.node_id == "devon_talk" and app.dialogue.beat.speaker == "devon"
    start = ui.SCENARIO.index("  devon_talk:")
    end = ui.SCENARIO.index("  later:")
    edited = (ui.SCENARIO[:start] + ui.SCENARIO[end:]).replace("next: devon_talk", "next: later")
    save(path, edited)
    tick(app)
    s = app.flow.session
    # Replaying both choices would now run straight into an ending; the player stops at `pitch` instead.
    assert not app.watch.errors
    assert [d.index for d in s.log] == [0] and s.node_id == "pitch" and not s.finished
    assert app.flow.state == "dialogue" and app.dialogue.phase == "choices"
    assert app.dialogue.beat.node_id == "pitch"


def test_a_choice_that_is_gone_stops_the_replay_there(make_app, pack_dir, ui) -> None:  # type: ignore[no-untyped-def]
    app, path = watched(make_app, pack_dir, ui)
    ui.press(app, pygame.K_2)  # the second option at approach
    ui.press(app, pygame.K_RETURN)  # the reply and the coach's note
    assert app.flow.session.node_id == "pitch"
    start = ui.SCENARIO.index("      - text: Push your resume")
    end = ui.SCENARIO.index("  pitch:")
    save(path, ui.SCENARIO[:start] + ui.SCENARIO[end:])
    tick(app)
    s = app.flow.session
    assert s.log == [] and s.node_id == "approach" and app.dialogue.phase == "choices"


def test_broken_yaml_shows_errors_over_the_last_good_version_until_fixed(make_app, pack_dir, ui) -> None:  # type: ignore[no-untyped-def]
    app, path = watched(make_app, pack_dir, ui)
    ui.press(app, pygame.K_1)
    ui.press(app, pygame.K_RETURN)
    session = app.flow.session
    broken = ui.SCENARIO.replace("    text: So, what brings you to Northwind?", "    text: [So, what brings you")
    save(path, broken)
    tick(app)
    assert app.running and app.flow.session is session  # still playing the last good version
    lines = overlay_lines(app)
    assert lines, [r.text for r in app.text.records]
    finding = app.watch.errors[0]
    assert lines[0].startswith(f"{finding.file}:{finding.line}:{finding.column}: ")
    assert finding.file.endswith("booth.yaml") and finding.line == broken.splitlines().index(
        "    text: [So, what brings you") + 1
    assert any(r.text == "Can't load booth.yaml" for r in app.text.records)
    ui.press(app, pygame.K_2)  # the game underneath still takes its keys
    assert [d.index for d in session.log] == [0, 1] and overlay_lines(app)
    ui.press(app, pygame.K_F2)  # folds the panel into a bar
    assert not overlay_lines(app) and any("doesn't load (1 error)" in r.text for r in app.text.records)
    ui.press(app, pygame.K_F2)
    assert overlay_lines(app)
    save(path, ui.SCENARIO)  # fixed
    tick(app)
    assert not app.watch.errors and not overlay_lines(app)
    assert not any("load" in r.text for r in app.text.records)
    s = app.flow.session
    assert s is not session and [d.index for d in s.log] == [0, 1]  # the choices made meanwhile carried over


def test_a_file_broken_from_the_start_opens_once_it_loads(make_app, pack_dir, ui) -> None:  # type: ignore[no-untyped-def]
    app, path = watched(make_app, pack_dir, ui, name="zz-broken.yaml")
    app.flow.go("play")
    app.render()
    assert app.flow.entry is None and overlay_lines(app)
    assert any("opens as soon as it loads" in r.text for r in app.text.records)
    fixed = ui.SCENARIO.replace("id: booth-test", "id: now-fixed").replace("title: Test Booth", "title: Fixed")
    save(path, fixed)
    tick(app)
    assert not overlay_lines(app)
    assert app.flow.state == "briefing" and app.flow.entry.scenario.id == "now-fixed"
    assert app.flow.entry.playable


def test_watch_records_nothing_but_still_reads_history() -> None:
    inner = MemoryResults()
    ro = ReadOnlyResults(inner)
    ro.begin(object(), "me", False)
    ro.finish(object(), object())
    assert inner.entries == [] and ro.history() == [] and ro.best_for("x") is None


def test_run_accepts_watch(pack_dir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from game.ui.window import run

    pygame.display.init()
    pygame.time.set_timer(pygame.QUIT, 300, loops=1)
    assert run([pack_dir], scenario=str(pack_dir / "booth.yaml"), settings_path=tmp_path / "s.json",
               results=MemoryResults(), watch=True) == 0
    pygame.display.init()
    pygame.time.set_timer(pygame.QUIT, 300, loops=1)  # a broken file opens too, with its errors on screen
    assert run([pack_dir], scenario=str(pack_dir / "zz-broken.yaml"), settings_path=tmp_path / "s.json",
               watch=True) == 0


def test_a_save_while_on_the_debrief_refreshes_it(make_app, pack_dir, ui) -> None:  # type: ignore[no-untyped-def]
    from game.ui.screens import play_to_end

    app, path = watched(make_app, pack_dir, ui)
    play_to_end(app)
    assert app.flow.state == "debrief" and app.flow.debrief.ending_title == "The trail goes cold"
    save(path, ui.SCENARIO.replace("title: The trail goes cold", "title: Gone quiet"))
    tick(app)
    assert app.flow.state == "debrief" and app.flow.debrief.ending_title == "Gone quiet"
    assert "Gone quiet" in [r.text for r in app.text.records]
    # and an ending that no longer exists sends the player back to the decision that led there
    start = ui.SCENARIO.index("  quiet_end:")
    end = ui.SCENARIO.index("  unused_end:")
    edited = ui.SCENARIO[:start] + ui.SCENARIO[end:]
    save(path, edited.replace("      - to: quiet_end", "      - to: unused_end"))
    tick(app)
    assert not app.watch.errors
    assert app.flow.state == "dialogue" and app.flow.session.node_id == "devon_talk"
    assert len(app.flow.session.log) == 2



def test_a_picture_added_or_replaced_in_the_pack_shows_without_saving_the_file(make_app, pack_dir, ui) -> None:  # type: ignore[no-untyped-def]
    app, path = watched(make_app, pack_dir, ui)
    for _ in range(20):  # on to Devon, whose portrait key (engineer_2) a pack may draw itself
        if app.flow.state == "dialogue" and app.dialogue.present == "devon":
            break
        ui.press(app, pygame.K_1 if app.flow.state == "dialogue" and app.dialogue.phase == "choices"
                 else pygame.K_RETURN)
    assert app.flow.state == "dialogue" and app.dialogue.present == "devon"
    tick(app)
    box = app.dialogue.layout.portrait
    at = (box.centerx, box.bottom - box.h * 3 // 4)  # the portrait's upper half, above its name plate
    saved = path.stat().st_mtime_ns

    def shown() -> tuple[int, int, int]:
        return tuple(app.surface.get_at(at))[:3]  # type: ignore[return-value]

    drawn = shown()
    png = pack_dir / "assets" / "portraits" / "engineer_2.png"
    png.parent.mkdir(parents=True)
    for n, colour in enumerate([(250, 0, 250), (0, 250, 0)], 1):  # added, then replaced in place
        img = pygame.Surface((40, 100))
        img.fill(colour)
        pygame.image.save(img, str(png))
        _stamp[0] += 1_000_000_000
        os.utime(png, ns=(_stamp[0], _stamp[0]))
        assert shown() != colour
        tick(app)
        assert app.watch.asset_changes == n and path.stat().st_mtime_ns == saved  # the YAML was not saved
        assert max(abs(a - b) for a, b in zip(shown(), colour)) <= 3
        assert app.flow.state == "dialogue" and app.dialogue.present == "devon"  # the player's place is kept
    png.unlink()  # and deleted: the drawn portrait is back
    tick(app)
    assert app.watch.asset_changes == 3 and shown() == drawn


def test_adding_the_missing_picture_a_file_names_clears_its_error(make_app, pack_dir, ui) -> None:  # type: ignore[no-untyped-def]
    app, path = watched(make_app, pack_dir, ui)
    save(path, ui.SCENARIO.replace("portrait: engineer_2", "portrait: devon_price"))
    tick(app)
    assert any("devon_price" in line for line in overlay_lines(app))  # unknown portrait: add the PNG
    png = pack_dir / "assets" / "portraits" / "devon_price.png"
    png.parent.mkdir(parents=True)
    pygame.image.save(pygame.Surface((40, 100)), str(png))
    tick(app)
    assert not app.watch.errors and not overlay_lines(app)
    assert app.flow.entry.scenario.characters["devon"].portrait == "devon_price"


PO_HEAD = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def save_po(pack_dir: Path, greeting: str) -> Path:
    po = pack_dir / "l10n" / "es.po"
    po.parent.mkdir(exist_ok=True)
    save(po, PO_HEAD + 'msgctxt "booth-test|approach|text"\nmsgid "The booth is busy. Maya finishes a conversation and looks '
                       f'your way."\nmsgstr "{greeting}"\n')
    return po


def test_a_saved_translation_shows_without_saving_the_scenario(make_app, pack_dir, ui) -> None:  # type: ignore[no-untyped-def]
    from game.ui.app import App
    from game.ui.catalog import Catalog
    from game.ui.settings import Settings

    from .conftest import FakeClock

    po = save_po(pack_dir, "El puesto está lleno.")
    make_app()  # pygame's display and fonts, as every window test has them
    # `rapport play --watch --lang es`: the catalog comes translated (the window's own words stay as they are).
    app = App(Catalog.load([pack_dir], "es"), Settings(reduced_motion=True), results=MemoryResults(),
              surface=pygame.Surface((1280, 800)), seed=0, in_order=True, clock=FakeClock())
    path = pack_dir / "booth.yaml"
    assert app.start_watching(path)
    app.flow.go("play")
    app.flow.choose_entry(app.catalog.find(str(path)))
    ui.press(app, pygame.K_RETURN)
    ui.press(app, pygame.K_RETURN)
    assert app.dialogue.beat.text == "El puesto está lleno."

    save_po(pack_dir, "Hay mucha gente en el puesto.")
    tick(app)
    assert app.watch.reloads == 1 and not app.watch.errors
    assert app.dialogue.beat.text == "Hay mucha gente en el puesto."
    assert app.flow.state == "dialogue" and app.flow.session.node_id == "approach"

    save(po, PO_HEAD + 'msgctxt "booth-test|approach|text"\nmsgid The booth\n')  # a broken catalog: said, not applied
    tick(app)
    assert [(Path(f.file).name, f.code) for f in app.watch.errors] == [("es.po", "l10n-syntax")]
    assert app.dialogue.beat.text == "Hay mucha gente en el puesto."  # the last good version plays on

    save_po(pack_dir, "Maya te mira.")
    tick(app)
    assert not app.watch.errors and app.dialogue.beat.text == "Maya te mira."
    save(path, ui.SCENARIO.replace("Test Booth", "Test Booth 2"))  # the scenario saved: still in Spanish
    tick(app)
    assert app.dialogue.beat.text == "Maya te mira."
