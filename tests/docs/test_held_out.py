"""Held-out-style check of docs/authoring.md: scenarios written with nothing but the guide must validate.

The files in held_out/ were written from the guide alone, each leaning on different parts of it. They must
validate and lint clean with the real commands, and play from start to a success ending.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.engine.analysis import analyze
from game.engine.session import Session
from game.scenario import Scenario, load_pack, load_scenario

REPO = Path(__file__).resolve().parents[2]
HELD_OUT = Path(__file__).resolve().parent / "held_out"
FILES = {
    "elevator-pitch": HELD_OUT / "elevator-pitch.yaml",
    "virtual-coffee": HELD_OUT / "virtual-coffee.yml",
    "first-meeting": HELD_OUT / "mentor-pack" / "first-meeting.yaml",
}


def rapport(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "game", *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=120)


def test_every_held_out_file_is_listed() -> None:
    on_disk = {p for p in HELD_OUT.rglob("*.y*ml") if p.name not in ("pack.yaml", "principles.yaml")}
    assert on_disk == set(FILES.values())


@pytest.mark.parametrize("name", FILES)
def test_validates(name: str) -> None:
    proc = rapport("validate", str(FILES[name]))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stderr.strip() == "ok: no errors"


@pytest.mark.parametrize("name", FILES)
def test_lints_clean(name: str) -> None:
    proc = rapport("lint", "--strict", str(FILES[name]))
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("name", FILES)
def test_best_path_reaches_success(name: str) -> None:
    sc = load_scenario(FILES[name])
    a = analyze(sc)
    s = Session(sc)
    for _nid, index in a.best_path():
        s.choose_index(index)
    assert s.ending is not None and s.ending.outcome == "success"
    assert all(s.scores[p] > 0 for p in sc.focus)


def _features(sc: Scenario) -> set[str]:
    out = set()
    nodes = sc.nodes.values()
    out |= {n.kind for n in nodes}
    conds = list(sc.conditions.values())
    if any(c.visits for c in conds):
        out.add("visited")
    if any(c.principles for c in conds):
        out.add("principle-condition")
    if any(c.characters for c in conds):
        out.add("rapport-condition")
    if any(isinstance(v, int) and not isinstance(v, bool) for n in nodes for c in n.choices or []
           for v in c.set.values()):
        out.add("number-flag")
    if any(isinstance(c.pattern, list) for n in nodes for c in n.choices or []):
        out.add("pattern-list")
    if any(n.timer for n in nodes) and any(n.discuss for n in nodes):
        out.add("timer-discuss")
    if sc.start is not None and sc.start != next(iter(sc.nodes)):
        out.add("start")
    if any(n.speaker == "you" for n in nodes):
        out.add("you")
    if any(n.setting for n in nodes):
        out.add("node-setting")
    return out


def test_together_they_cover_the_format() -> None:
    covered = set().union(*(_features(load_scenario(p)) for p in FILES.values()))
    assert covered >= {"choices", "branch", "next", "end", "visited", "principle-condition", "rapport-condition",
                       "number-flag", "pattern-list", "timer-discuss", "start", "you", "node-setting"}


def test_plain_words_were_kept_as_written() -> None:
    sc = load_scenario(FILES["virtual-coffee"])
    assert sc.title == "3:15 Virtual Coffee"
    assert sc.endings["no_reply"].title == "Off"
    assert [c.reply for c in sc.nodes["after_call"].choices or []][-1] == "No"
    assert sc.nodes["after_call"].scene == "That evening #2"
    assert (sc.nodes["your_turn"].choices or [])[0].text.startswith("Describe your study of how students use the library's")


def test_the_pack_uses_its_own_principles_patterns_and_assets() -> None:
    pack = load_pack(HELD_OUT / "mentor-pack")
    assert not pack.findings and not pack.broken
    assert pack.title == "Mentoring Circle" and pack.info.version == "0.3"
    assert set(pack.principles) == {"preparation", "gratitude", "follow_through"}
    assert set(pack.patterns) == {"blank_slate", "vanishing_act", "taker"}
    sc = pack.scenarios[0]
    assert pack.asset_path("portraits", sc.characters["ines"].portrait or "") is not None
    assert pack.asset_path("backgrounds", sc.setting or "") is not None
    s = Session(sc)
    s.choose(2)  # the blank slate
    assert "blank_slate" in s.log[-1].patterns
