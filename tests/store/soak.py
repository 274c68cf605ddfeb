"""Soak the store the way a careless world would, and count: tried / survived / lost.

Not part of the suite (it takes minutes); run it by hand for the figures in a closing note:

    SDL_VIDEODRIVER=dummy .venv/bin/python -m tests.store.soak kills --runs 120
    SDL_VIDEODRIVER=dummy .venv/bin/python -m tests.store.soak lrs-kills --runs 20
    SDL_VIDEODRIVER=dummy .venv/bin/python -m tests.store.soak disk-full --runs 10   # needs root

`kills` plays real `rapport play --text` processes and SIGKILLs each at a random moment, often
in the middle of saving a decision. A decision counts as acknowledged once the game has shown
anything after the player's answer (it saves before it replies). After every kill the database
must pass `integrity_check` and hold every acknowledged decision.

`lrs-kills` plays with a real LRS (ralph) configured, and SIGKILLs the LRS at a random moment
of each attempt (the game's background sender is mid-request or between tries), then restarts
it. At the end one `rapport sync` must leave nothing pending, and every queued statement must be
stored by the LRS exactly once (checked in its raw file backend, which shows duplicates).

`disk-full` plays on a real tiny tmpfs (root only) that fills up at a random decision and gets
room back at a later one, or never. The game must play on to the ending with no traceback; at
the end every decision is either saved or was named as not saved, and what the disk refused
while full is saved once there is room again.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = sorted(p for p in (ROOT / "scenarios").glob("*.yaml") if p.name != "pack.yaml")
PROMPT = "Your choice ("


class Player:
    """One `rapport play --text` process, answering 1 at every decision, as slowly as we like."""

    def __init__(self, scenario: Path, data: Path, player: str, env: dict[str, str]) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "game", "play", "--text", str(scenario), "--player", player],
            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env={**env, "RAPPORT_DATA_DIR": str(data)})
        self.out = bytearray()
        self.lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        while chunk := os.read(self.proc.stdout.fileno(), 4096):
            with self.lock:
                self.out += chunk

    def text(self) -> str:
        with self.lock:
            return self.out.decode("utf-8", "replace")

    def prompts(self) -> int:
        return self.text().count(PROMPT)

    def acknowledged(self, answered: int) -> int:
        """Decisions the player has seen saved: each answer the game went on from (it saves first).

        Output reaches the pipe when the next prompt is flushed, so a prompt after answer k means
        decision k was saved and shown; what was still buffered at the kill was never shown.
        """
        return min(answered, max(self.prompts() - 1, 0))

    def answer(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"1\n")
        self.proc.stdin.flush()

    def wait_for_prompt(self, n: int, timeout: float = 30.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.prompts() >= n:
                return True
            if self.proc.poll() is not None:
                return False
            time.sleep(0.005)
        return False

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)


def _decisions_by_attempt(db: Path) -> dict[int, int]:
    if not db.exists():
        return {}
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)], "integrity_check failed"
        return dict(con.execute(
            "SELECT a.id, (SELECT COUNT(*) FROM decisions d WHERE d.attempt_id = a.id) FROM attempts a"))
    finally:
        con.close()


def kills(runs: int, seed: int) -> int:
    rng = random.Random(seed)
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    env.pop("RAPPORT_LRS_ENDPOINT", None)
    tried = survived = lost_runs = lost_decisions = acked_total = 0
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        db = data / "rapport.sqlite3"
        for i in range(runs):
            scenario = rng.choice(SCENARIOS)
            before = _decisions_by_attempt(db)
            p = Player(scenario, data, f"soak{i % 3}", env)
            answered = 0
            stop_after = rng.randint(0, 8)  # kill while deciding this one (0: during start-up)
            if stop_after == 0:
                time.sleep(rng.uniform(0.0, 0.6))
            else:
                while answered < stop_after and p.wait_for_prompt(answered + 1):
                    p.answer()
                    answered += 1
                    if answered < stop_after:
                        p.wait_for_prompt(answered + 1)
                time.sleep(rng.uniform(0.0, 0.03))  # often lands inside the save of the last answer
            acked = p.acknowledged(answered)
            p.kill()
            tried += 1
            try:
                after = _decisions_by_attempt(db)
            except AssertionError as exc:
                print(f"run {i}: {exc}")
                lost_runs += 1
                continue
            new = sorted(set(after) - set(before))
            held = after[new[-1]] if new else 0
            acked_total += acked
            if held < acked:
                lost_runs += 1
                lost_decisions += acked - held
                print(f"run {i}: {scenario.name}: acknowledged {acked}, saved {held}")
            else:
                survived += 1
    print(f"kills mid-play: tried {tried}, survived {survived}, lost {lost_runs} "
          f"({acked_total} acknowledged decisions, {lost_decisions} lost)")
    return 1 if lost_runs else 0


def lrs_kills(runs: int, seed: int) -> int:
    from tests.store.helpers import RalphLrs

    rng = random.Random(seed)
    tmp = tempfile.mkdtemp(prefix="rapport-soak-lrs-")  # kept when something is missing, to look at
    root = Path(tmp)
    ralph = RalphLrs(root / "ralph")
    ralph.start()
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy",
           "RAPPORT_LRS_ENDPOINT": ralph.endpoint, "RAPPORT_LRS_USERNAME": ralph.username,
           "RAPPORT_LRS_PASSWORD": ralph.password}
    data = root / "data"
    try:
        for _ in range(runs):
            p = Player(rng.choice(SCENARIOS), data, "lrs", env)
            kill_at = rng.randint(1, 6)
            answered = 0
            while p.wait_for_prompt(answered + 1, timeout=20):
                if answered == kill_at and ralph.proc is not None:
                    time.sleep(rng.uniform(0.0, 0.2))
                    os.killpg(ralph.proc.pid, signal.SIGKILL)  # the LRS dies, no goodbye
                    ralph.proc.wait(10)
                    ralph.proc = None
                p.answer()
                answered += 1
                if answered == kill_at + 3 and ralph.proc is None:
                    ralph.start()
            assert p.proc.stdin is not None
            p.proc.stdin.close()
            p.proc.wait(60)
            if ralph.proc is None:
                ralph.start()
        res = subprocess.run([sys.executable, "-m", "game", "sync", "--timeout", "10"], cwd=ROOT,
                             env={**env, "RAPPORT_DATA_DIR": str(data)}, capture_output=True, text=True)
        print(res.stdout.strip() or res.stderr.strip())
        con = sqlite3.connect(data / "rapport.sqlite3")
        queued = [r[0] for r in con.execute("SELECT statement_id FROM outbox")]
        pending = con.execute("SELECT COUNT(*) FROM outbox WHERE state != 'sent'").fetchone()[0]
        con.close()
        stored = Counter(s["id"] for s in ralph.stored_lines())
    finally:
        ralph.stop()
    missing = [q for q in queued if stored[q] == 0]
    twice = [q for q in queued if stored[q] > 1]
    if missing or twice or pending:
        print("kept for a look:", tmp)
    else:
        shutil.rmtree(tmp)
    print(f"LRS kills: tried {runs}, statements queued {len(queued)}, pending after sync {pending}, "
          f"missing at the LRS {len(missing)}, stored more than once {len(twice)}")
    return 1 if (missing or twice or pending) else 0


def disk_full(runs: int, seed: int) -> int:
    from tests.store.test_disk_full import _fill  # takes every free block of the folder's disk

    rng = random.Random(seed)
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    env.pop("RAPPORT_LRS_ENDPOINT", None)
    tried = survived = lost_runs = 0
    totals = Counter[str]()
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(runs):
            mnt = Path(tmp) / f"disk{i}"
            mnt.mkdir()
            if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", str(mnt)],
                              capture_output=True).returncode != 0:
                print("disk-full needs root (it mounts a small tmpfs)")
                return 2
            try:
                scenario = rng.choice(SCENARIOS)
                p = Player(scenario, mnt, "full", env)
                fill_at, free_at = rng.randint(0, 3), rng.choice([None, 4, 5, 6])
                answered, filler, freed = 0, None, False
                while p.wait_for_prompt(answered + 1, timeout=20):
                    if answered == fill_at:
                        filler = _fill(mnt)
                    if answered == free_at and filler is not None:
                        filler.unlink()
                        filler, freed = None, True
                    p.answer()
                    answered += 1
                assert p.proc.stdin is not None
                p.proc.stdin.close()
                rc = p.proc.wait(60)
                err = p.proc.stderr.read().decode() if p.proc.stderr else ""
                text = p.text()
                if filler is not None:
                    filler.unlink()
                con = sqlite3.connect(mnt / "rapport.sqlite3")
                ok = con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
                saved = con.execute("SELECT COUNT(*) FROM decisions WHERE rewound IS NULL").fetchone()[0]
                con.close()
                told = "cannot be saved right now" in text or "Not saved" in text
                if os.environ.get("SOAK_VERBOSE"):
                    print(f"run {i}: fill {fill_at} freed {freed} answered {answered} saved {saved} told {told}")
                tried += 1
                totals["decisions"] += answered
                totals["saved"] += saved
                clean = rc == 0 and "Traceback" not in err + text and "internal error" not in err + text
                # Nothing lost: room came back mid-play and all was saved, or the player was told.
                if ok and clean and (saved == answered if freed else (saved == answered or told)):
                    survived += 1
                else:
                    lost_runs += 1
                    print(f"run {i}: {scenario.name}: fill at {fill_at}, free at {free_at}, answered {answered}, "
                          f"saved {saved}, told {told}, rc {rc}, integrity {ok}\n{err[-800:]}")
            finally:
                subprocess.run(["umount", "-l", str(mnt)], capture_output=True)
    print(f"disk full: tried {tried}, survived {survived}, lost {lost_runs} "
          f"({totals['decisions']} decisions made, {totals['saved']} saved in the end)")
    return 1 if lost_runs else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["kills", "lrs-kills", "disk-full"])
    ap.add_argument("--runs", type=int, default=0)
    ap.add_argument("--seed", type=int, default=20261203)
    a = ap.parse_args()
    if a.what == "kills":
        return kills(a.runs or 120, a.seed)
    if a.what == "disk-full":
        return disk_full(a.runs or 10, a.seed)
    return lrs_kills(a.runs or 20, a.seed)


if __name__ == "__main__":
    sys.exit(main())
