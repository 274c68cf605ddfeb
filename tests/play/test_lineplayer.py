"""The dialogue's line player, without a display: phases, markers, the queue after a choice, timers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from game.engine.session import Beat, Step
from game.play.lineplayer import LinePlayer, Marker, Phase

CAST = {"ana", "ben"}
REPO = Path(__file__).resolve().parents[2]


def line(text: str, speaker: str = "ana", **kw: Any) -> Beat:
    return Beat(node_id=kw.pop("node_id", text[:8] or "empty"), speaker=speaker, text=text, **kw)


def step(reply: Beat | None, beats: list[Beat] | None = None, ending: bool = False) -> Step:
    decision: Any = SimpleNamespace(text="Say yes")
    end: Any = SimpleNamespace(title="The end") if ending else None
    return Step(decision=decision, reply=reply, beats=beats or [], ending=end)


def started(*beats: Beat, setting: str = "cafe", resumed: bool = False) -> LinePlayer:
    p = LinePlayer()
    p.start(list(beats), setting, CAST, resumed)
    return p


def test_lines_play_in_order_and_the_speaker_steps_on_stage() -> None:
    first, second = line("Hello."), line("A quiet room.", "narrator")
    p = started(first, second)
    assert p.phase is Phase.IDLE and p.setting == "cafe"
    assert p.advance() is first
    assert (p.phase, p.beat, p.present) == (Phase.BEAT, first, "ana")
    assert p.advance() is second
    assert (p.beat, p.present) == (second, "ana")  # the narrator does not take the stage
    assert p.advance() is None
    assert p.phase is Phase.IDLE


def test_a_scene_opens_with_its_card_then_its_line() -> None:
    opening = line("Welcome.", scene="Spring fair", setting="fair")
    p = started(opening)
    p.present = "ben"
    assert p.advance() is opening
    assert (p.phase, p.card_title, p.present, p.setting) == (Phase.CARD, "Spring fair", None, "fair")
    assert p.advance() is opening
    assert (p.phase, p.present) == (Phase.BEAT, "ana")


def test_wordless_lines_are_passed_over_but_their_setting_stays() -> None:
    blank, last = line("", "narrator", setting="hall"), line("Here.")
    p = started(blank, last)
    assert p.advance() is last
    assert (p.phase, p.setting) == (Phase.BEAT, "hall")


def test_a_wordless_decision_still_shows() -> None:
    ask = line("", kind="decision")
    p = started(ask)
    assert p.advance() is ask and p.phase is Phase.BEAT


def test_only_a_decision_brings_up_the_choices() -> None:
    p = started(line("Hi."), line("Well?", kind="decision", timer=10))
    p.advance()
    assert not p.typed(now=3.0) and p.phase is Phase.BEAT
    p.advance()
    assert p.typed(now=5.0)
    assert (p.phase, p.shown_at, p.timed_out) == (Phase.CHOICES, 5.0, False)


def test_practice_puts_the_coachs_note_after_a_choice_and_the_reply_speaker_on_stage() -> None:
    p = started(line("Well?", kind="decision"))
    p.advance()
    p.typed(0.0)
    after = line("Later.", "narrator")
    p.chose(step(line("Great!", "ben", kind="reply"), [after], ending=True), workshop=False, practice=True)
    assert (p.said, p.present, p.phase) == ("Say yes", "ben", Phase.IDLE)
    assert p.queue == [Marker.FEEDBACK, after, Marker.END]
    assert p.advance() is Marker.FEEDBACK and p.phase is Phase.WAITING
    assert p.back() and p.phase is Phase.IDLE and p.said is None
    assert not p.back()  # only once: it was no longer waiting
    assert p.advance() is after
    assert p.advance() is Marker.END and p.phase is Phase.WAITING


def test_a_workshop_shows_the_reply_then_discusses() -> None:
    reply = line("Great!", "ben", kind="reply")
    p = started()
    p.chose(step(reply), workshop=True, practice=True)
    assert p.queue == [reply, Marker.DISCUSS]
    assert p.advance() is reply and p.said == "Say yes"  # quoted above the reply


def test_outside_practice_the_reply_plays_as_a_line() -> None:
    reply, after = line("Great!", "ben", kind="reply"), line("Next.")
    p = started()
    p.chose(step(reply, [after]), workshop=False, practice=False)
    assert p.queue == [reply, after]
    p.chose(step(None, [after], ending=True), workshop=False, practice=False)
    assert p.queue == [after, Marker.END]


def test_the_timer_counts_down_and_runs_out_once() -> None:
    p = started(line("Quick!", kind="decision", timer=10))
    p.advance()
    assert p.timer_left(now=1.0, timers=True) is None  # the choices are not up yet
    p.typed(now=2.0)
    assert p.timer_left(now=5.0, timers=True) == 7.0
    assert p.timer_left(now=5.0, timers=False) is None
    assert not p.time_up(p.timer_left(now=5.0, timers=True))
    left = p.timer_left(now=30.0, timers=True)
    assert left == 0.0
    assert p.time_up(left) and p.timed_out
    assert not p.time_up(left)
    assert not p.time_up(None)


def test_resuming_puts_the_stopped_line_on_stage_without_its_card() -> None:
    stopped = line("Where were we?", "ben", scene="Round two", setting="office", kind="decision")
    p = started(stopped, resumed=True)
    assert (p.setting, p.present) == ("office", "ben")
    shown = p.advance()
    assert p.phase is Phase.BEAT and shown is not None and shown.scene is None and shown.text == stopped.text
    fresh = started(stopped)
    assert fresh.advance() is stopped and fresh.phase is Phase.CARD


def test_the_line_mood_belongs_to_its_speaker_and_not_to_the_card() -> None:
    moody = line("Ugh.", "ben", mood="concerned", scene="Later")
    p = started(moody)
    p.advance()
    assert p.line_mood("ben") is None  # the card shows, not the line
    p.advance()
    assert (p.line_mood("ben"), p.line_mood("ana")) == ("concerned", None)


def test_phases_and_markers_keep_their_old_names() -> None:
    assert Phase.CHOICES == "choices" and Phase.CARD == "card"
    assert [m.value for m in Marker] == ["feedback", "discuss", "end"]


def test_the_line_player_never_imports_pygame() -> None:
    code = "import sys; import game.play.lineplayer; print('pygame' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True,
                         env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert out.stdout.strip() == "False"
