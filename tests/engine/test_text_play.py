"""Terminal play: scripted input, one number a line; golden transcripts of the fixture scenario."""

from __future__ import annotations

import io
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from game.engine.scoring import analysis_for
from game.engine.simulate import play_indices
from game.scenario import load_pack, load_scenario
from game.text_play import TextResult, pick_scenario, play_text

from .helpers import GOLDEN, HALLWAY, REPO, hallway

BEST = "1\n3\n1\n1\n1\n"  # the focus-best path: hired


def run(script: str, mode: str = "practice", recorder: Any = None, color: bool | None = None) -> tuple[TextResult, str]:
    out = io.StringIO()
    result = play_text(hallway(), mode=mode, inp=io.StringIO(script), out=out, recorder=recorder,  # type: ignore[arg-type]
                       color=color, in_order=True)
    return result, out.getvalue()


def golden(name: str, text: str) -> str:
    path = GOLDEN / name
    if os.environ.get("RAPPORT_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("name", "script", "mode", "ending"), [
    ("practice-best", BEST, "practice", "hired"),
    ("practice-retries-and-rewinds", "x\n\n7\n2\nr\nr\n1\n1\n2\n 1 \n", "practice", "maybe"),
    ("assess-worst", "2\n1\n", "assessment", "missed"),
    ("assess-late-promise", "1\n1\n1\n2\n1\n", "assessment", "maybe"),
])
def test_golden_transcripts(name: str, script: str, mode: str, ending: str) -> None:
    result, text = run(script, mode)
    assert result.finished and result.ending_id == ending
    assert text == golden(f"hallway-{name}.txt", text)


def test_input_is_read_only_at_decisions() -> None:
    class CountingInput(io.StringIO):
        reads = 0

        def readline(self, *args: Any) -> str:  # type: ignore[override]
            self.reads += 1
            return super().readline(*args)

    inp = CountingInput(BEST)
    result = play_text(hallway(), inp=inp, out=io.StringIO(), in_order=True)
    assert result.finished and result.decisions == 5 and inp.reads == 5


def test_practice_shows_feedback_at_once_and_assessment_only_in_the_debrief() -> None:
    _, practice = run(BEST)
    before, _debrief = practice.split("Debrief:")
    assert "Coach: A name and a light question" in before
    _, assess = run(BEST, "assessment")
    before, debrief = assess.split("Debrief:")
    assert "Coach:" not in before and "Coach: A name and a light question" in debrief
    assert "Ha. Forever. I'm Sam." in before  # replies are the conversation, not feedback


def test_end_of_input_stops_cleanly_at_any_point() -> None:
    for script in ("", "1\n", "1\n3\n", "x\n"):
        result, text = run(script)
        assert not result.finished and result.debrief is None
        assert text.rstrip().endswith("Stopped before the end; nothing more to show.")
    result, _ = run("1\nq\n")
    assert not result.finished and result.decisions == 1


def test_going_back() -> None:
    _, text = run("r\n1\n")
    assert "This is the first decision; there is nothing to go back to." in text
    result, text = run("1\nr\n", "assessment")
    assert "Going back is only possible in practice mode." in text and result.decisions == 1


class FakeRecorder:
    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []

    def decision(self, d: Any) -> None:
        self.calls.append(("decision", (d.step, d.node_id, d.number)))

    def rewind(self, k: int) -> None:
        self.calls.append(("rewind", k))

    def finish(self, debrief: Any) -> None:
        self.calls.append(("finish", debrief.ending_id))

    def abandon(self) -> None:
        self.calls.append(("abandon", None))


def test_the_recorder_hears_every_decision_rewind_and_the_end() -> None:
    rec = FakeRecorder()
    run("1\n1\nr\n3\n1\n1\n1\n", recorder=rec)
    assert rec.calls == [
        ("decision", (0, "hello", 1)), ("decision", (1, "ask", 1)), ("rewind", 1), ("decision", (1, "ask", 3)),
        ("decision", (2, "offer", 1)), ("decision", (3, "follow", 1)), ("decision", (4, "wrap", 1)),
        ("finish", "hired")]
    rec = FakeRecorder()
    run("1\n", recorder=rec)
    assert rec.calls == [("decision", (0, "hello", 1)), ("abandon", None)]


def test_colour_only_when_asked_or_on_a_terminal() -> None:
    _, plain = run(BEST)
    assert "\x1b[" not in plain
    _, coloured = run(BEST, color=True)
    assert "\x1b[1mSam Ortiz:\x1b[0m" in coloured


def test_pick_scenario_lists_broken_files_with_their_first_error(tmp_path: Path) -> None:
    shutil.copy(HALLWAY, tmp_path / "hallway.yaml")
    (tmp_path / "broken.yaml").write_text("title: Broken\nsummary: x\nnodes: {}\nendings: {}\n", encoding="utf-8")
    pack = load_pack(tmp_path)
    out = io.StringIO()
    sc = pick_scenario(pack, inp=io.StringIO("0\nabc\n1\n"), out=out)
    assert sc is not None and sc.id == "hallway"
    text = out.getvalue()
    assert "1. The Hallway Coffee (intermediate, about 4 minutes)" in text
    assert "Broken files (fix them to play them):" in text and "broken.yaml:3:" in text
    assert text.count("Choose a scenario (1): ") == 3 and text.count("Type 1.") == 2
    assert pick_scenario(pack, inp=io.StringIO(""), out=io.StringIO()) is None


def test_every_scenario_in_the_game_plays_to_the_ending_its_input_should_reach() -> None:
    pack = load_pack(REPO / "scenarios")
    assert pack.scenarios
    rng = random.Random(5)
    for sc in pack.scenarios:
        paths = [[i for _n, i in analysis_for(sc).best_path()]]
        for _ in range(3):
            indices: list[int] = []
            from game.engine.rules import PlayState, Rules

            rules, state = Rules.of(sc), PlayState.initial(sc)
            nid = rules.enter(sc.start_id, state)
            while nid not in sc.endings:
                i, c = rng.choice(rules.available(nid, state))
                indices.append(i)
                state.apply(c)
                nid = rules.enter(c.to, state)
            paths.append(indices)
        for indices in paths:
            expected = play_indices(sc, indices)
            script = "".join(f"{n}\n" for _nid, _i, n in expected.taken)
            out = io.StringIO()
            result = play_text(sc, inp=io.StringIO(script), out=out, in_order=True)
            assert result.finished and result.ending_id == expected.ending_id, sc.id
            assert f"=== {sc.endings[expected.ending_id].title} (" in out.getvalue()


# ------------------------------------------------------------------ as a process
def rapport(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    full_env.update(SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", PYTHONIOENCODING="utf-8", **(env or {}))
    return subprocess.run([sys.executable, "-m", "game", *args], input=stdin, capture_output=True, text=True,
                          cwd=REPO, env=full_env, timeout=60)


def test_piped_play_reaches_the_scripted_ending() -> None:
    p = rapport("play", "--text", "--in-order", str(HALLWAY), stdin=BEST)
    assert p.returncode == 0, p.stderr
    assert "=== A mentor on the team (success) ===" in p.stdout and "Debrief: The Hallway Coffee" in p.stdout
    assert "Traceback" not in p.stderr and "\x1b[" not in p.stdout


def test_piped_play_of_the_career_fair_booth_follows_its_best_path() -> None:
    path = REPO / "scenarios" / "career-fair-booth.yaml"
    sc = load_scenario(path)
    expected = play_indices(sc, [i for _n, i in analysis_for(sc).best_path()])
    script = "".join(f"{n}\n" for _nid, _i, n in expected.taken)
    p = rapport("play", "--text", "--in-order", "--assess", str(path), stdin=script)
    assert p.returncode == 0, p.stderr
    assert f"=== {sc.endings[expected.ending_id].title} (" in p.stdout


def test_end_of_input_exits_with_status_zero() -> None:
    for stdin in ("", "1\n", "abc\n"):
        p = rapport("play", "--text", "--in-order", str(HALLWAY), stdin=stdin)
        assert p.returncode == 0 and "Traceback" not in p.stderr


def test_the_pack_list_and_scenario_id(tmp_path: Path) -> None:
    shutil.copy(HALLWAY, tmp_path / "hallway.yaml")
    (tmp_path / "broken.yaml").write_text("title: [\n", encoding="utf-8")
    p = rapport("play", "--text", "--in-order", "--pack", str(tmp_path), stdin="1\n" + BEST)
    assert p.returncode == 0, p.stderr
    assert "Scenarios in" in p.stdout and "broken.yaml:" in p.stdout and "A mentor on the team" in p.stdout
    p = rapport("play", "--text", "--in-order", "--pack", str(tmp_path), "--scenario", "hallway", stdin=BEST)
    assert p.returncode == 0 and "A mentor on the team" in p.stdout
    p = rapport("play", "--text", "--pack", str(tmp_path), "--scenario", "broken")
    assert p.returncode == 1 and "broken.yaml:2:1: error:" in p.stderr
    p = rapport("play", "--text", "--pack", str(tmp_path), "--scenario", "nope")
    assert p.returncode == 2 and p.stderr.startswith("rapport: no scenario `nope`")
    p = rapport("play", "--text", "--pack", str(tmp_path / "missing"))
    assert p.returncode == 2 and "no pack folder" in p.stderr


def test_default_pack_is_the_games_own() -> None:
    p = rapport("play", "--text", stdin="")
    assert p.returncode == 0
    assert "The Career Fair Booth" in p.stdout


def test_broken_file_reports_file_line_col_and_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: Bad\nsummary: s\nnodes:\n  a: {text: x, next: nowhere}\nendings:\n"
                   "  e: {title: E, text: E., outcome: success}\n", encoding="utf-8")
    p = rapport("play", "--text", str(bad))
    assert p.returncode == 1 and "bad.yaml:4:" in p.stderr and "Traceback" not in p.stderr
    p = rapport("play", "--text", str(tmp_path / "missing.yaml"))
    assert p.returncode == 1 and "missing.yaml:1:1: error:" in p.stderr


def test_without_a_display_the_window_falls_back_to_text() -> None:
    p = rapport("play", "--in-order", str(HALLWAY), stdin=BEST)
    assert p.returncode == 0, p.stderr
    assert p.stderr == "No display found; playing in the terminal.\n"
    assert "A mentor on the team" in p.stdout
