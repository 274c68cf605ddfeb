"""The class report from the LRS: `rapport report --lrs` over 10,000+ statements held by ralph on loopback.

    .venv/bin/python -m benchmarks.bench_lrs     # this file only (make bench runs every bench_*.py)

A class of 400 learners (about 25 statements each) is recorded, its statements are POSTed to a fresh ralph
(file backend, on 127.0.0.1) in batches, and then, turn about, three times each:
* the figure: the whole report, as `rapport report --lrs` builds it: every page through `more`, each
  statement checked and turned back into attempts, the analysis, the HTML page written;
* the floor: the same pages only fetched (GET and JSON), nothing else done with them.
ralph caps a page at 100 statements and its file backend reads its file from the start for each page,
so the floor is mostly ralph's own work; the ratio says what Rapport adds on top. The report from the
same class's hand-in (one JSON export) is given beside it.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import figure, main_for, median

LEARNERS = 400
RUNS = 3
RATIO = 1.5
GROUP = "class report from the LRS (ralph on loopback)"


def run() -> dict[str, Any]:
    import os

    with tempfile.TemporaryDirectory(prefix="rapport-bench-lrs-") as tmp_name:
        tmp = Path(tmp_name)
        os.environ["RAPPORT_DATA_DIR"] = str(tmp / "data")
        os.environ["RAPPORT_CONFIG_DIR"] = str(tmp / "config")
        from game.store import Database, outbox
        from game.store import export as ex
        from game.store.lrs_config import LrsConfig
        from game.store.lrs_read import fetch
        from game.store.report import LrsSource, build_report_with
        from tests.store.helpers import RalphLrs
        from tests.store.lrs_class import record_class, statements_of

        db = Database(tmp / "class.sqlite3")
        record_class(db, LEARNERS)
        handin = tmp / "class.json"
        ex.export(db, "json", handin, player=None)
        stmts = statements_of(db, tmp)
        db.close()
        lrs = RalphLrs(tmp / "ralph")
        lrs.start()
        try:
            cfg = LrsConfig(lrs.endpoint, lrs.username, lrs.password)
            t0 = time.perf_counter()
            for i in range(0, len(stmts), 1000):
                code, text = outbox.post(cfg, [json.dumps(s) for s in stmts[i:i + 1000]], 120)
                if code != 200:
                    raise RuntimeError(f"ralph refused the load: {code} {text[:300]}")
            load_s = time.perf_counter() - t0
            report_s: list[float] = []
            fetch_s: list[float] = []
            handin_s: list[float] = []
            pages = attempts = 0
            for n in range(RUNS):
                start = time.perf_counter()
                got = fetch(cfg)
                fetch_s.append(time.perf_counter() - start)
                start = time.perf_counter()
                report, loaded = build_report_with([], tmp / f"lrs-{n}.html", lrs=LrsSource(cfg))
                report_s.append(time.perf_counter() - start)
                start = time.perf_counter()
                build_report_with([handin], tmp / f"handin-{n}.html")
                handin_s.append(time.perf_counter() - start)
                pages, attempts = got.pages, report.attempts
                if loaded.lrs is None or loaded.lrs.statements != len(stmts) or loaded.lrs.skipped:
                    raise RuntimeError(f"the report did not read every statement: {loaded.lrs}")
        finally:
            lrs.stop()
    value, floor = median(report_s), median(fetch_s)
    figures = [
        figure(f"report from {len(stmts):,} statements ({pages} pages)", value, "s", floor=floor,
               floor_is="the same pages only fetched", budget=f"ratio ≤ {RATIO:g}", ok=value <= RATIO * floor,
               group=GROUP, samples=RUNS, note=f"{LEARNERS} learners, {attempts} attempts"),
        figure("the same class from its hand-in (one JSON export)", median(handin_s), "s", group=GROUP,
               samples=RUNS),
        figure(f"loading ralph: {len(stmts):,} statements, batched POSTs of 1,000", load_s, "s", group=GROUP),
    ]
    return {"figures": figures, "statements": len(stmts), "pages": pages, "report_s": report_s,
            "fetch_s": fetch_s, "handin_s": handin_s, "load_s": load_s}


def main() -> int:
    return main_for(run, "class report from the LRS")


if __name__ == "__main__":
    sys.exit(main())
