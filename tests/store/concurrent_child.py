"""One of several processes sharing one database, run by test_concurrent.py.

`python concurrent_child.py player DB NAME ATTEMPTS`: plays with the background xAPI
sender (the LRS comes from the environment) and prints `D attempt seq` after each
commit, so every printed line is a decision that must survive.
`python concurrent_child.py cli DB STOPFILE COMMAND...`: runs that rapport command
in a loop, each time opening and closing the database, until STOPFILE exists.
"""

from __future__ import annotations

import io
import sys
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers import FakeScenario, debrief_for, decision_for  # noqa: E402

from game.store import Database, Recorder  # noqa: E402
from game.store.outbox import start_background_sync  # noqa: E402
from game.store.xapi import Identity  # noqa: E402


def player(path: Path, name: str, attempts: int) -> None:
    db = Database(path)
    sender = start_background_sync(path, idle_poll=0.1, base_delay=0.1, max_delay=0.5)
    assert sender is not None, "the test must configure an LRS"
    out = sys.stdout
    for _ in range(attempts):
        rec = Recorder(db, name, FakeScenario(), "practice", identity=Identity(), sender=sender)
        choices = []
        for step in range(3):
            made = rec.decision(decision_for(step, step % 2))
            choices.append(step % 2)
            out.write(f"D {rec.attempt_id} {made.seq}\n")
            out.flush()
            time.sleep(0.01)  # a (very quick) player thinking: the other processes interleave
        rec.finish(debrief_for(choices))
    sender.close(5.0)
    db.close()
    out.write("done\n")
    out.flush()


def cli(stop: Path, argv: list[str]) -> None:
    from game.cli import main

    runs = 0
    # `sync` exits 1 while statements stay pending (another process's sender holds them): not a failure.
    allowed = {0, 1} if argv[0] == "sync" else {0}
    while not stop.exists():
        err = io.StringIO()
        with redirect_stdout(io.StringIO()), redirect_stderr(err):
            code = main(argv)
        if code not in allowed or "error" in err.getvalue().lower():
            sys.stderr.write(f"{argv[0]} exited {code}: {err.getvalue()}\n")
            sys.exit(2)
        runs += 1
        time.sleep(0.02)  # gaps between runs: then one process alone can be the last to close
    print(f"runs {runs}")


if __name__ == "__main__":
    if sys.argv[1] == "player":
        player(Path(sys.argv[2]), sys.argv[3], int(sys.argv[4]))
    else:
        cli(Path(sys.argv[3]), sys.argv[4:])
