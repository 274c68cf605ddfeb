"""Crafted hand-ins: each bad one is skipped with a reason naming the field, the report is written from the rest."""

from __future__ import annotations

import copy
import json
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from game.store import Database, cli_commands
from game.store import export as ex
from game.store.report import load

from .helpers import play

Doc = dict[str, Any]


@pytest.fixture(scope="module")
def good_doc(tmp_path_factory: pytest.TempPathFactory) -> Doc:
    root = tmp_path_factory.mktemp("good")
    db = Database(root / "r.sqlite3")
    play(db, "ana", [0, 1, 0])
    play(db, "bo", [1, 0, 0])
    doc: Doc = json.loads(ex.to_json(ex.collect(db)))
    db.close()
    return doc


def _set(path: str, value: Any) -> Callable[[Doc], None]:
    """Set a dotted path (numbers index lists) in the document."""
    def go(doc: Doc) -> None:
        keys: list[Any] = [int(k) if k.isdigit() else k for k in path.split(".")]
        node: Any = doc
        for k in keys[:-1]:
            node = node[k]
        node[keys[-1]] = value
    return go


JSON_CASES: dict[str, tuple[Callable[[Doc], None], str]] = {
    "version-list": (_set("version", [1]), "version"),
    "version-text": (_set("version", "1"), "version"),
    "version-newer": (_set("version", 99), "newer"),
    "kind-missing": (lambda d: d.pop("kind"), "not a Rapport export"),
    "attempts-object": (_set("attempts", {"a": 1}), "attempts"),
    "attempts-null": (_set("attempts", None), "attempts"),
    "attempt-is-list": (_set("attempts.0", [1, 2]), "attempts[0]"),
    "grade-text": (_set("attempts.0.grade", "A+"), "attempts[0].grade"),
    "grade-bool": (_set("attempts.0.grade", True), "attempts[0].grade"),
    "grade-huge-float": (_set("attempts.0.grade", 1e400), "Infinity"),  # json.dumps writes Infinity
    "debrief-list": (_set("attempts.0.debrief", [1, 2]), "attempts[0].debrief"),
    "debrief-principles-text": (_set("attempts.0.debrief.principles", "many"), "principles"),
    "principle-best-text": (_set("attempts.0.debrief.principles.0.best", "high"), "principles[0].best"),
    "principle-id-null": (_set("attempts.0.debrief.principles.0.id", None), "principles[0].id"),
    "pattern-not-object": (_set("attempts.0.debrief.patterns", [7]), "patterns[0]"),
    "player-null": (_set("attempts.0.player", None), "attempts[0].player"),
    "player-empty": (_set("attempts.0.player", ""), "attempts[0].player"),
    "player-number": (_set("attempts.0.player", 12), "attempts[0].player"),
    "uuid-missing": (lambda d: d["attempts"][0].pop("uuid"), "attempts[0].uuid"),
    "scenario-id-list": (_set("attempts.0.scenario_id", ["x"]), "attempts[0].scenario_id"),
    "status-odd": (_set("attempts.0.status", "won"), "attempts[0].status"),
    "decisions-null": (_set("attempts.0.decisions", None), "attempts[0].decisions"),
    "decision-step-text": (_set("attempts.0.decisions.0.step", "one"), "decisions[0].step"),
    "decision-index-float": (_set("attempts.0.decisions.0.index", 1.5), "decisions[0].index"),
    "decision-text-null": (_set("attempts.0.decisions.0.text", None), "decisions[0].text"),
    "decision-patterns-text": (_set("attempts.0.decisions.0.patterns", "p1"), "decisions[0].patterns"),
    "decision-score-text": (_set("attempts.0.decisions.0.score", {"empathy": "lots"}), "score.empathy"),
    "decision-node-null": (_set("attempts.0.decisions.0.node_id", None), "decisions[0].node_id"),
    "perspective-text-number": (_set("attempts.0.debrief.perspective.0.text", 7), "debrief.perspective[0].text"),
    "perspective-object": (_set("attempts.0.debrief.perspective", {"maya": "hi"}), "debrief.perspective"),
    "perspective-character-null": (_set("attempts.0.debrief.perspective.0.character", None),
                                   "perspective[0].character"),
    "reflect-text": (_set("attempts.0.debrief.reflect", "Why?"), "debrief.reflect"),
    "reflect-question-list": (_set("attempts.0.debrief.reflect.0", ["Why?"]), "debrief.reflect[0]"),
    "ending-title-number": (_set("attempts.0.debrief.ending_title", 3), "debrief.ending_title"),
}

RAW_CASES: dict[str, tuple[bytes, str]] = {
    "nan-grade": (b"", "NaN"),  # filled in from the good document below
    "infinity-grade": (b"", "Infinity"),
    "overflow-grade": (b"", "finite"),  # 1e999 is valid JSON, and float('inf') once parsed
    "deep-array": (b'{"kind": "rapport-export", "version": 1, "attempts": ' + b"[" * 200_000 + b"]" * 200_000
                   + b"}", "nested too deeply"),
    "not-utf8": (b'{"kind": "rapport-export", "player": "\xff\xfe"}', "not UTF-8"),
    "not-json": (b"<html>hello</html>", "not valid JSON"),
    "top-level-list": (b"[1, 2, 3]", "expected an object"),
    "empty": (b"", "not valid JSON"),
}


def _write_cases(root: Path, good_doc: Doc) -> dict[Path, str]:
    cases: dict[Path, str] = {}
    for name, (mutate, expected) in JSON_CASES.items():
        doc = copy.deepcopy(good_doc)
        mutate(doc)
        p = root / f"{name}.json"
        p.write_text(json.dumps(doc), encoding="utf-8")
        cases[p] = expected
    good_text = json.dumps(good_doc)
    for name, (raw, expected) in RAW_CASES.items():
        if name == "nan-grade":
            raw = good_text.replace('"grade": ', '"grade": NaN, "x": ', 1).encode()
        elif name == "infinity-grade":
            raw = good_text.replace('"grade": ', '"grade": -Infinity, "x": ', 1).encode()
        elif name == "overflow-grade":
            raw = good_text.replace('"grade": ', '"grade": 1e999, "x": ', 1).encode()
        p = root / f"{name}.json"
        p.write_bytes(raw)
        cases[p] = expected
    csv = root / "wrong-columns.csv"
    csv.write_text("name,score\nana,3\n", encoding="utf-8")
    cases[csv] = "CSV"
    # databases: not a database, a recursive view in place of a table, a trigger
    fake = root / "fake.sqlite3"
    fake.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    cases[fake] = "database"
    for name, sql, expected in (
        ("recursive-view.sqlite3",
         "CREATE VIEW attempts AS WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT x FROM n",
         "views"),
        ("trigger.sqlite3",
         "CREATE TABLE attempts(id); CREATE TRIGGER t AFTER INSERT ON attempts BEGIN SELECT 1; END", "triggers"),
        ("other-app.db", "CREATE TABLE notes(id, text); INSERT INTO notes VALUES (1, 'hi')", "not a Rapport"),
    ):
        p = root / name
        conn = sqlite3.connect(p)
        conn.executescript(sql)
        conn.close()
        cases[p] = expected
    return cases


def test_thirty_crafted_hand_ins_are_skipped_with_a_reason_and_the_report_is_written(
        good_doc: Doc, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "class"
    root.mkdir()
    cases = _write_cases(root, good_doc)
    assert len(cases) >= 30
    good = root / "good.json"
    good.write_text(json.dumps(good_doc), encoding="utf-8")
    loaded = load(sorted(cases) + [good])
    reasons = dict(loaded.skipped)
    assert loaded.sources == [str(good)]
    missing = [p.name for p in cases if str(p) not in reasons]
    assert missing == []
    wrong = {p.name: reasons[str(p)] for p, want in cases.items() if want not in reasons[str(p)]}
    assert wrong == {}

    out = tmp_path / "report.html"
    text, code, warnings = cli_commands.report(sorted(cases) + [good], out)
    assert code == cli_commands.REPORT_SKIPPED and out.exists()
    assert len(warnings) == len(cases) and "skipped" in text
    page = out.read_text(encoding="utf-8").split("<footer")[0]  # the footer lists the skip reasons
    assert re.search(r"\b(nan|inf|infinity)\b", page, re.IGNORECASE) is None


def test_a_hand_in_over_the_size_cap_is_skipped_with_a_clear_message(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, good_doc: Doc) -> None:
    from game.store import report

    monkeypatch.setattr(report, "MAX_HANDIN_BYTES", 1000)
    p = tmp_path / "big.json"
    p.write_text(json.dumps(good_doc), encoding="utf-8")
    loaded = load([p])
    assert loaded.skipped and "MB a hand-in may be" in loaded.skipped[0][1]


def test_every_file_good_is_exit_zero(good_doc: Doc, tmp_path: Path) -> None:
    p = tmp_path / "good.json"
    p.write_text(json.dumps(good_doc), encoding="utf-8")
    _text, code, warnings = cli_commands.report([p], tmp_path / "r.html")
    assert code == 0 and warnings == ()


def test_a_database_hand_in_whose_queries_run_past_the_deadline_is_skipped(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from game.store import report

    path = tmp_path / "slow.sqlite3"
    db = Database(path)
    for i in range(5):
        play(db, f"p{i}", [0, 1, 0])
    db.close()
    before = path.read_bytes()
    monkeypatch.setattr(report, "QUERY_SECONDS", 0.0)  # every query is already late
    monkeypatch.setattr(report, "PROGRESS_OPS", 1)
    loaded = load([path])
    assert loaded.records == [] and "took longer" in loaded.skipped[0][1]
    assert path.read_bytes() == before  # the learner's file is never written
