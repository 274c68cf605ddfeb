"""A class of learners recorded in one database, for the report-from-the-LRS tests and the benchmark.

Each learner plays the booth (some twice, some rewinding a step), most play the mixer, one leaves an attempt
unfinished and one gives up, so the records cover every status the report counts.
"""

from __future__ import annotations

import json
import random
from dataclasses import asdict
from pathlib import Path
from typing import Any

from game.store import Database, Recorder
from game.store import export as ex
from game.store.report import ClassReport
from game.store.xapi import Identity

from .helpers import SCRIPTS, FakeScenario, debrief_for, decision_for, play


def record_class(db: Database, learners: int, *, seed: int = 6) -> None:
    rng = random.Random(seed)
    for i in range(learners):
        name = f"learner-{i:04d}"
        for scenario in ("career-fair-booth", "alumni-mixer"):
            if scenario == "alumni-mixer" and i % 3 == 2:
                continue
            steps = [len(options) for _n, _p, options in SCRIPTS[scenario][1]]
            for attempt in range(1 + (i % 2)):
                bias = 0.35 + 0.3 * attempt
                choices = [0 if rng.random() < bias else rng.randrange(1, n) for n in steps]
                if i % 5 == 1 and attempt == 0:
                    # a step taken back: the first answer at step 1 is made, rewound, answered again
                    rec = Recorder(db, name, FakeScenario(scenario, SCRIPTS[scenario][0]), "practice",
                                   pack="builtin", seed=0, identity=Identity())
                    rec.decision(decision_for(0, choices[0], scenario=scenario))
                    rec.decision(decision_for(1, (choices[1] + 1) % steps[1], scenario=scenario))
                    rec.rewind(1)
                    for step in (1, 2):
                        rec.decision(decision_for(step, choices[step], scenario=scenario))
                    rec.finish(debrief_for(choices, scenario=scenario))
                else:
                    play(db, name, choices, scenario=scenario)
        if i % 7 == 4:
            rec = Recorder(db, name, FakeScenario(), "practice", identity=Identity())
            rec.decision(decision_for(0, 1))  # left unfinished
        if i % 7 == 6:
            rec = Recorder(db, name, FakeScenario("alumni-mixer", "The Alumni Mixer"), "practice",
                           identity=Identity())
            rec.decision(decision_for(0, 1, scenario="alumni-mixer"))
            rec.abandon()


def statements_of(db: Database, tmp: Path) -> list[dict[str, Any]]:
    """What the class's outboxes send: the xAPI export of every profile (the same ids)."""
    out = tmp / "statements.json"
    ex.export(db, "xapi", out, player=None, identity=Identity())
    return list(json.loads(out.read_text(encoding="utf-8")))


def comparable(r: ClassReport) -> dict[str, Any]:
    """Everything the report shows about the class (not when it was made or from which files)."""
    d = asdict(r)
    for key in ("generated", "sources", "skipped"):
        d.pop(key)
    return d
