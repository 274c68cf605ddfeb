"""A full disk: the game plays on, says results cannot be saved now, and saves them once there is room.

A tiny tmpfs is the real thing (SQLite gets SQLITE_FULL from the kernel); mounting one needs root.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from game.store import Database, Recorder
from game.store.recorder import ResultsNotSaved
from game.store.xapi import Identity

from .helpers import FakeScenario, debrief_for, decision_for


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mnt = tmp_path / "small"
    mnt.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", str(mnt)],
                                           check=False, capture_output=True).returncode != 0:
        pytest.skip("needs root to mount a small tmpfs")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def _fill(folder: Path) -> Path:
    """Take every free block, so the next page SQLite needs cannot be written."""
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    return filler


def test_recorder_keeps_decisions_while_the_disk_is_full_and_saves_them_later(small_disk: Path) -> None:
    db = Database(small_disk / "rapport.sqlite3")
    rec = Recorder(db, "maya", FakeScenario(), "practice", identity=Identity())
    rec.decision(decision_for(0, 0))
    filler = _fill(small_disk)
    refused = 0
    for step in (1, 2):
        try:
            rec.decision(decision_for(step, 1))
        except ResultsNotSaved as exc:
            refused += 1
            assert str(small_disk) in str(exc) and "cannot be saved right now" in str(exc)
    assert refused == 2 and rec.unsaved == 2
    with pytest.raises(ResultsNotSaved):
        rec.finish(debrief_for([0, 1, 1]))
    assert not rec.save_pending()
    filler.unlink()  # the player frees some space
    assert rec.save_pending() and rec.unsaved == 0
    db.close()
    conn = sqlite3.connect(small_disk / "rapport.sqlite3")
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    steps = [r[0] for r in conn.execute("SELECT step FROM decisions WHERE rewound IS NULL ORDER BY seq")]
    status = conn.execute("SELECT status FROM attempts").fetchone()[0]
    conn.close()
    assert steps == [0, 1, 2] and status == "finished"


def test_text_play_goes_on_through_a_full_disk(small_disk: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = Database(small_disk / "rapport.sqlite3")
    rec = Recorder(db, "maya", FakeScenario(), "practice", identity=Identity())
    filler = _fill(small_disk)
    said: list[str] = []

    class Ui:
        def say(self, text: str = "") -> None:
            said.append(text)

    from game.text_play import TextPlay

    play = TextPlay.__new__(TextPlay)
    play.ui = Ui()  # type: ignore[assignment]
    play._save(rec.decision, decision_for(0, 0))
    assert rec.unsaved == 1 and any("cannot be saved right now" in s for s in said)
    play._save(rec.finish, debrief_for([0]), last=True)
    assert any(s.startswith("Not saved: the disk is full, so 2 changes") for s in said)
    filler.unlink()
    assert rec.save_pending() and rec.unsaved == 0
    assert db.attempt(rec.attempt_id).status == "finished" and len(rec.decisions()) == 1
    db.close()
