"""Two players, `sync`, `export` and `history` share one database in separate processes.

Each player also runs the background xAPI sender (a second connection in its process),
which is what once let another process delete the WAL under it. Nothing may be lost,
the file must stay sound, and every statement must reach the real LRS exactly once.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from .helpers import RalphLrs

CHILD = Path(__file__).with_name("concurrent_child.py")
ATTEMPTS = 15  # per player: 24 decisions each, a few seconds of work


def _env(ralph: RalphLrs) -> dict[str, str]:
    return {**os.environ, "RAPPORT_LRS_ENDPOINT": ralph.endpoint, "RAPPORT_LRS_USERNAME": ralph.username,
            "RAPPORT_LRS_PASSWORD": ralph.password, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}


@pytest.mark.lrs
def test_players_sync_export_history_share_one_database(ralph: RalphLrs, tmp_path: Path) -> None:
    path = tmp_path / "data" / "rapport.sqlite3"
    path.parent.mkdir(parents=True)
    stop = tmp_path / "stop"
    env = _env(ralph)
    loops = [
        ["sync", "--timeout", "5"],
        ["export", "--format", "json", "--out", str(tmp_path / "out.json"), "--all-players"],
        ["history", "--player", "p0"],
    ]
    cli = [subprocess.Popen([sys.executable, str(CHILD), "cli", str(path), str(stop), *argv], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for argv in loops]
    players = [subprocess.Popen([sys.executable, str(CHILD), "player", str(path), f"p{i}", str(ATTEMPTS)],
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for i in range(2)]
    acked: set[tuple[int, int]] = set()
    try:
        for p in players:
            out, err = p.communicate(timeout=120)  # a guard against a hang, not a time limit
            assert p.returncode == 0, err
            assert out.rstrip().endswith("done"), err
            acked |= {(int(a), int(s)) for tag, a, s in (ln.split() for ln in out.splitlines() if ln.startswith("D "))}
    finally:
        stop.touch()
        for c in cli:
            out, err = c.communicate(timeout=60)
            assert c.returncode == 0, err
            assert out.startswith("runs "), err
    assert len(acked) == 2 * ATTEMPTS * 3

    # Deliver whatever the players' senders left, then look at the file directly.
    done = subprocess.run([sys.executable, "-m", "game", "sync"], check=False, env=env, capture_output=True, text=True,
                          timeout=60, cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr
    assert not list(path.parent.glob("*.corrupt-*")), "the database was moved aside"
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored = set(conn.execute("SELECT attempt_id, seq FROM decisions"))
        ids = [r[0] for r in conn.execute("SELECT statement_id FROM outbox")]
        states = Counter(r[0] for r in conn.execute("SELECT state FROM outbox"))
    finally:
        conn.close()
    assert acked - stored == set(), f"lost {len(acked - stored)} acknowledged decisions"
    assert states == {"sent": len(ids)}, states
    at_lrs = Counter(s["id"] for s in ralph.stored_lines())
    assert {i: at_lrs[i] for i in ids if at_lrs[i] != 1} == {}, "each statement must arrive exactly once"
