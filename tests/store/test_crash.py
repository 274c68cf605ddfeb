"""Kill a recording process at random moments, 100 times: the database never breaks, never loses a commit."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.store import Database
from game.store.db import SCHEMA_VERSION
from game.store.xapi import statement_id

CHILD = Path(__file__).with_name("crash_child.py")
KILLS = 100

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses SIGKILL")


def _run_and_kill(path: Path, seed: int, delay: float, *, wait_ready: bool = True) -> list[str]:
    """Start the child, kill it `delay` s after it is ready (or after it starts, to hit the opening)."""
    proc = subprocess.Popen([sys.executable, str(CHILD), str(path), str(seed)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    if wait_ready:
        first = proc.stdout.readline()
        if first != "ready\n":
            proc.kill()
            raise AssertionError(f"child failed to start: {first!r} {proc.communicate()[1]}")
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate(timeout=10)
    assert proc.returncode == -signal.SIGKILL, err  # it was still running: it did not crash on its own
    return [line for line in out.splitlines() if line != "ready"]


def _check(path: Path, lines: list[str], full: bool) -> tuple[int, int]:
    with Database(path) as db:
        assert db.moved_aside is None, db.notices
        assert db.schema_version == SCHEMA_VERSION == 4
        if full:
            assert db.conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert db.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        decisions = set(db.conn.execute("SELECT attempt_id, seq FROM decisions").fetchall())
        statuses = dict(db.conn.execute("SELECT id, status FROM attempts").fetchall())
        for line in lines:
            kind, attempt, *rest = line.split()
            if kind == "D":
                assert (int(attempt), int(rest[0])) in decisions, f"lost a committed decision: {line}"
            else:
                assert statuses[int(attempt)] == {"F": "finished", "A": "abandoned", "I": "in_progress"}[kind]
        # The record and the outbox never disagree: every decision has its statement, and back.
        uuids = dict(db.conn.execute("SELECT id, uuid FROM attempts").fetchall())
        queued = {r[0] for r in db.conn.execute("SELECT statement_id FROM outbox")}
        for attempt_id, seq in decisions:
            assert statement_id(uuids[attempt_id], "answered", seq) in queued
        answered = db.conn.execute("SELECT COUNT(*) FROM outbox WHERE verb = 'answered'").fetchone()[0]
        assert answered == len(decisions)
        for attempt_id, status in statuses.items():
            if status == "finished":
                assert statement_id(uuids[attempt_id], "completed") in queued
                (debrief,) = db.conn.execute("SELECT debrief FROM attempts WHERE id = ?", (attempt_id,)).fetchone()
                assert json.loads(debrief)["grade"] >= 0
        return len(decisions), sum(1 for s in statuses.values() if s == "finished")


def _kill_series(root: Path, worker: int, kills: int) -> int:
    """`kills` runs against one database lineage; returns how many decisions were checked."""
    rng = random.Random(20261123 + worker)
    path = root / f"w{worker}.sqlite3"
    committed = 0
    for i in range(kills):
        fresh = i % 5 == 0
        if fresh:
            # A new file now and then, killed from the start: lands inside creation and migration too.
            path = root / f"w{worker}-{i}.sqlite3"
            delay = rng.uniform(0.05, 0.4)
        else:
            delay = rng.uniform(0.0, 0.08)
        lines = _run_and_kill(path, seed=worker * 1000 + i, delay=delay, wait_ready=not fresh)
        committed += sum(1 for line in lines if line.startswith("D "))
        _check(path, lines, full=(i % 10 == 9 or i == kills - 1))
    return committed


def test_killing_the_recorder_100_times_never_corrupts_or_loses(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    started = time.monotonic()
    workers = 4  # four independent series at once: same 100 kills, a quarter of the wall time
    with ThreadPoolExecutor(workers) as pool:
        counts = list(pool.map(lambda w: _kill_series(tmp_path, w, KILLS // workers), range(workers)))
    elapsed = time.monotonic() - started
    assert sum(counts) > 200 and min(counts) > 20, f"the children barely ran ({counts}); the test proves little"
    print(f"\n{KILLS} kills, {sum(counts)} committed decisions checked, {elapsed:.1f}s")


def test_a_kill_while_the_outbox_is_half_sent_is_harmless(tmp_path: Path) -> None:
    """Leases from a killed sender expire; nothing stays stuck."""
    from game.store import outbox
    from game.store.lrs_config import LrsConfig

    from .helpers import play

    path = tmp_path / "r.sqlite3"
    with Database(path) as db:
        play(db, "ana", [0, 0, 0])
        f = outbox._Flusher(db, LrsConfig("http://127.0.0.1:9", "", ""), 1.0, outbox.post)
        claimed = f.claim(3)  # claimed, then the process "dies" before sending
        assert len(claimed) == 3
        sent: list[int] = []

        def send(_c: object, bodies: list[str], _t: float) -> tuple[int, str]:
            sent.append(len(bodies))
            return 200, json.dumps([json.loads(b)["id"] for b in bodies])

        res = outbox.flush(db, LrsConfig("http://lrs.invalid", "", ""), send=send)
        assert sum(sent) == res.delivered == outbox.status(db).sent  # the leased rows wait their turn
        assert res.pending == 3
        db.conn.execute("UPDATE outbox SET lease = '2000-01-01T00:00:00.000Z'")  # time passes
        res = outbox.flush(db, LrsConfig("http://lrs.invalid", "", ""), send=send)
        assert res.pending == 0 and res.delivered == 3
