"""`rapport report --lrs` against a real LRS: ralph on loopback, holding a class of 10,000+ statements.

The LRS here is its own ralph (not the session's shared one), so its 10,000 statements slow no other test.
ralph caps a page at 100 statements, so the full read follows `more` through a hundred pages.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from game.store import Database, cli_commands, outbox
from game.store import export as ex
from game.store.lrs_config import LrsConfig
from game.store.lrs_read import Query, fetch
from game.store.report import LrsSource, analyse, load
from game.store.xapi import scenario_iri
from game.store.xapi_read import rebuild

from .helpers import RalphLrs, play
from .lrs_class import comparable, record_class, statements_of

pytestmark = pytest.mark.lrs

LEARNERS = 400  # about 25 statements each
BATCH = 1000


@dataclass
class Loaded:
    lrs: RalphLrs
    handin: Path
    statements: list[dict[str, Any]]

    @property
    def config(self) -> LrsConfig:
        return LrsConfig(self.lrs.endpoint, self.lrs.username, self.lrs.password)


def post_all(cfg: LrsConfig, statements: list[dict[str, Any]]) -> None:
    """Load the LRS quickly: batched POSTs, as the outbox sends them."""
    for i in range(0, len(statements), BATCH):
        code, text = outbox.post(cfg, [json.dumps(s) for s in statements[i:i + BATCH]], 120)
        assert code == 200, text


@pytest.fixture(scope="module")
def big_lrs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Loaded]:
    pytest.importorskip("ralph", reason="needs ralph-malph[cli,lrs] (the `test` extra)")
    pytest.importorskip("bcrypt")
    tmp = tmp_path_factory.mktemp("big-lrs")
    db = Database(tmp / "class.sqlite3")
    record_class(db, LEARNERS)
    handin = tmp / "class.json"
    ex.export(db, "json", handin, player=None)
    stmts = statements_of(db, tmp)
    db.close()
    assert len(stmts) >= 10_000
    lrs = RalphLrs(tmp / "ralph")
    lrs.start()
    try:
        loaded = Loaded(lrs, handin, stmts)
        post_all(loaded.config, stmts)
        yield loaded
    finally:
        lrs.stop()


def _ts(s: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(s["timestamp"].replace("Z", "+00:00"))


def test_the_whole_class_read_back_page_by_page_is_the_hand_in_report(big_lrs: Loaded) -> None:
    got = fetch(big_lrs.config)
    assert got.pages >= 100  # ralph's pages hold 100: `more` was followed all the way
    assert sorted(s["id"] for s in got.statements) == sorted(s["id"] for s in big_lrs.statements)
    rebuilt = rebuild(got.statements)
    assert rebuilt.skipped_total == 0 and rebuilt.foreign == 0
    assert comparable(analyse(rebuilt.records)) == comparable(analyse(load([big_lrs.handin]).records))


def test_since_and_until_read_only_their_window(big_lrs: Loaded) -> None:
    times = sorted({_ts(s) for s in big_lrs.statements})
    lo, hi = times[len(times) // 3], times[2 * len(times) // 3]
    q = Query(since=lo.isoformat(), until=hi.isoformat())
    got = fetch(big_lrs.config, q)
    want = [s for s in big_lrs.statements if lo < _ts(s) <= hi]  # xAPI: since is exclusive, until inclusive
    assert 0 < len(want) < len(big_lrs.statements)
    assert sorted(s["id"] for s in got.statements) == sorted(s["id"] for s in want)
    assert got.pages > 1
    # an attempt cut by the window still makes a record, from what is inside it
    assert comparable(analyse(rebuild(got.statements).records)) == comparable(analyse(rebuild(want).records))


def test_an_activity_filter_with_related_activities_brings_a_whole_scenario(big_lrs: Loaded) -> None:
    mixer = scenario_iri("alumni-mixer")
    related = fetch(big_lrs.config, Query(activities=(mixer,)))
    own = [s for s in big_lrs.statements if s["object"]["id"] == mixer
           or any(a["id"] == mixer for a in s["context"].get("contextActivities", {}).get("parent", []))]
    assert sorted(s["id"] for s in related.statements) == sorted(s["id"] for s in own)
    handins = [r for r in load([big_lrs.handin]).records if r["scenario_id"] == "alumni-mixer"]
    assert comparable(analyse(rebuild(related.statements).records)) == comparable(analyse(handins))
    exact = fetch(big_lrs.config, Query(activities=(mixer,), related_activities=False))
    assert {s["verb"]["id"].rsplit("/", 1)[1] for s in exact.statements} <= {"launched", "completed", "abandoned"}


def test_the_command_mixes_hand_ins_and_the_lrs_into_one_report(big_lrs: Loaded, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    # Five more learners handed in files only; and one learner of the class handed in a file too.
    db = Database(tmp_path / "late.sqlite3")
    for i in range(5):
        play(db, f"late-{i}", [0, 1, 0])
    late = tmp_path / "late.json"
    ex.export(db, "json", late, player=None)
    db.close()
    again = tmp_path / "again.json"
    doc = json.loads(big_lrs.handin.read_text())
    doc["attempts"] = [a for a in doc["attempts"] if a["player"] == "learner-0003"]
    again.write_text(json.dumps(doc))
    monkeypatch.setenv("RAPPORT_LRS_ENDPOINT", big_lrs.lrs.endpoint)
    monkeypatch.setenv("RAPPORT_LRS_USERNAME", big_lrs.lrs.username)
    monkeypatch.setenv("RAPPORT_LRS_PASSWORD", big_lrs.lrs.password)
    out = tmp_path / "report.html"
    text, code, warnings = cli_commands.report([late, again], out, lrs=True, title="Spring cohort")
    assert code == 0, (text, warnings)
    assert f"{LEARNERS + 5} learners" in text and "from 2 files and" in text and "from the LRS" in text
    page = out.read_text()
    assert "Spring cohort" in page and "2 files and the LRS at" in page
    both = load([late, again, big_lrs.handin])
    mixed = load([late, again], lrs=LrsSource(big_lrs.config))
    assert comparable(analyse(mixed.records)) == comparable(analyse(both.records))


def test_wrong_credentials_say_how_to_fix_them(big_lrs: Loaded, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAPPORT_LRS_ENDPOINT", big_lrs.lrs.endpoint)
    monkeypatch.setenv("RAPPORT_LRS_USERNAME", big_lrs.lrs.username)
    monkeypatch.setenv("RAPPORT_LRS_PASSWORD", "not-the-password")
    text, code, _ = cli_commands.report([], tmp_path / "r.html", lrs=True)
    assert code == 1 and "refused the credentials (401)" in text and "rapport lrs configure" in text
    assert "not-the-password" not in text and not (tmp_path / "r.html").exists()
