"""Records decisions as fast as it can until killed; prints a line after each commit.

Run by test_crash.py: `python crash_child.py DB SEED`. A printed line means the
commit returned, so the decision must be in the database after any kill.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers import FakeScenario, debrief_for, decision_for  # noqa: E402

from game.store import Database, Recorder  # noqa: E402
from game.store.xapi import Identity  # noqa: E402


def main() -> None:
    path, seed = Path(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(seed)
    db = Database(path)
    out = sys.stdout
    out.write("ready\n")
    out.flush()
    n = 0
    while True:
        roll = rng.random()
        # An attempt left in progress gets a player of its own: a new attempt of the same player and scenario
        # closes (abandons) any older one in progress, and this one must still be in progress when checked.
        player = f"p{rng.randrange(3)}" if roll < 0.8 else f"left-{seed}-{n}"
        n += 1
        rec = Recorder(db, player, FakeScenario(), "practice", identity=Identity())
        choices = []
        for step in range(3):
            choice = rng.randrange(2)
            made = rec.decision(decision_for(step, choice))
            choices.append(choice)
            out.write(f"D {rec.attempt_id} {made.seq} {made.step}\n")
            out.flush()
        if roll < 0.6:
            rec.finish(debrief_for(choices))
            out.write(f"F {rec.attempt_id}\n")
        elif roll < 0.8:
            rec.abandon()
            out.write(f"A {rec.attempt_id}\n")
        else:
            out.write(f"I {rec.attempt_id}\n")  # left in progress, like a closed window
        out.flush()


if __name__ == "__main__":
    main()
