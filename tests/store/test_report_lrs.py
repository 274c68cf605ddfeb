"""The class report from statements: the same report as from hand-ins, and statements that try to break it."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from game.store import Database
from game.store import export as ex
from game.store.report import analyse, load
from game.store.xapi import DEFAULT_BASE
from game.store.xapi_read import rebuild

from .helpers import PERSPECTIVES, REFLECTS
from .lrs_class import comparable, record_class, statements_of


@pytest.fixture(scope="module")
def klass(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    tmp = tmp_path_factory.mktemp("class")
    db = Database(tmp / "class.sqlite3")
    record_class(db, 24)
    handin = tmp / "class.json"
    ex.export(db, "json", handin, player=None)
    stmts = statements_of(db, tmp)
    db.close()
    return handin, stmts


def test_statements_rebuild_the_report_the_hand_ins_give(klass: tuple[Path, list[dict[str, Any]]]) -> None:
    handin, stmts = klass
    from_files = analyse(load([handin]).records)
    got = rebuild(reversed(stmts))  # an LRS may answer newest first
    assert got.skipped_total == 0 and got.foreign == 0 and got.used == len(stmts)
    from_lrs = analyse(got.records)
    assert comparable(from_lrs) == comparable(from_files)
    assert from_files.misses and from_files.splits and from_files.patterns  # the comparison covers them
    assert any(p.tip for p in from_lrs.patterns) and all(p.name != p.id for p in from_lrs.patterns)
    # their side and the questions came through the statements too (the comparison above covers them)
    talks = {d.scenario_id: d for d in from_lrs.discussions}
    assert talks["alumni-mixer"].reflect == REFLECTS["alumni-mixer"]
    sides = {e.ending_id: [(p.name, p.role, p.text) for p in e.perspective] for e in talks["career-fair-booth"].endings}
    assert sides == {k: [(n, r, t) for _c, n, r, t in PERSPECTIVES[k]] for k in ("warm_lead", "quiet_end")}
    assert {e.title for e in talks["career-fair-booth"].endings} == {"A warm lead", "The trail goes cold"}
    assert {s.statuses.get("abandoned", 0) for s in from_lrs.scenarios} != {0}


def test_rewound_answers_are_history_not_votes(klass: tuple[Path, list[dict[str, Any]]]) -> None:
    _handin, stmts = klass
    records = {r["uuid"]: r for r in load([klass[0]]).records}
    for rec in rebuild(stmts).records:
        want = records[rec["uuid"]]
        assert [(d["step"], d["choice_id"], bool(d["rewound"])) for d in rec["decisions"]] == \
            [(d["step"], d["choice_id"], bool(d["rewound"])) for d in want["decisions"]]
    assert any(d["rewound"] for r in records.values() for d in r["decisions"])


def _answered(stmts: list[dict[str, Any]]) -> dict[str, Any]:
    return copy.deepcopy(next(s for s in stmts if s["verb"]["id"].endswith("/answered")))


def test_broken_statements_are_skipped_and_counted_with_a_reason(klass: tuple[Path, list[dict[str, Any]]]) -> None:
    _handin, stmts = klass
    ext = DEFAULT_BASE + "/extensions/"
    bad: list[Any] = []
    a = _answered(stmts)
    a["id"] = "not-a-uuid"
    bad.append(a)
    a = _answered(stmts)
    a["id"] = "0d6b7f5e-3a8e-4c1d-9a53-0000000000a1"
    a["result"]["extensions"][ext + "choice"]["step"] = "three"
    bad.append(a)
    a = _answered(stmts)
    a["id"] = "0d6b7f5e-3a8e-4c1d-9a53-0000000000a2"
    a["result"]["extensions"][ext + "principles"] = {"communication": 1e400}  # json reads it as inf
    bad.append(a)
    a = _answered(stmts)
    a["id"] = "0d6b7f5e-3a8e-4c1d-9a53-0000000000a3"
    a["actor"]["account"]["name"] = "mallory"  # someone else's name on this attempt
    bad.append(a)
    a = _answered(stmts)
    a["id"] = "0d6b7f5e-3a8e-4c1d-9a53-0000000000a4"
    a["timestamp"] = "yesterday"
    bad.append(a)
    a = _answered(stmts)
    a["id"] = "0d6b7f5e-3a8e-4c1d-9a53-0000000000a5"
    a["object"]["definition"]["choices"] = [{"id": str(i)} for i in range(5000)]
    bad.append(a)
    bad += [None, 7, "text", [], {"verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
                                  "object": {"id": DEFAULT_BASE + "/x"}}]
    foreign = {"id": "0d6b7f5e-3a8e-4c1d-9a53-0000000000b1", "actor": {"mbox": "mailto:x@example.org"},
               "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"},
               "object": {"id": "https://other.example/video/1"}}
    got = rebuild([*stmts, *bad, foreign])
    assert got.foreign == 1
    assert got.skipped_total == 11, got.skipped
    assert got.skipped["id is not a UUID"] == 1
    assert got.skipped["the choice's step is not a whole number"] == 1
    assert got.skipped["the principles extension.communication is not a number"] == 1
    assert got.skipped["its learner or scenario differs from the rest of its attempt"] == 1
    assert got.skipped["timestamp is not an ISO 8601 time"] == 1
    assert got.skipped["the statement is not an object"] == 4
    assert got.examples["id is not a UUID"] == "not-a-uuid"
    # the good statements still make the whole report
    assert comparable(analyse(got.records)) == comparable(analyse(rebuild(stmts).records))
    # the same reasons, printed in the report's language; the keys above stay English
    from game import i18n

    assert i18n.set_language("es") == "es"
    try:
        assert got.reason("id is not a UUID") == "id no es un UUID"
        assert got.reason("the choice's step is not a whole number") == "el paso de la opción no es un número entero"
        assert got.reason("the statement is not an object") == "la declaración no es un objeto"
        assert got.reason("its learner or scenario differs from the rest of its attempt") == (
            "la persona o el escenario no coinciden con el resto de su intento")
        assert got.reason("timestamp is not an ISO 8601 time") == "timestamp no es una hora ISO 8601"
        # a place made of a field's name stays as written; the sentence around it is Spanish
        assert got.reason("the principles extension.communication is not a number") == (
            "the principles extension.communication no es un número")
    finally:
        i18n.set_language("en")
    assert got.reason("id is not a UUID") == "id is not a UUID"


def test_statements_from_before_the_debrief_extension_still_report(klass: tuple[Path, list[dict[str, Any]]]) -> None:
    _handin, stmts = klass
    old = copy.deepcopy(stmts)
    for s in old:
        s.get("result", {}).get("extensions", {}).pop(DEFAULT_BASE + "/extensions/debrief", None)
    got = rebuild(old)
    assert got.skipped_total == 0
    r = analyse(got.records)
    new = analyse(rebuild(stmts).records)
    assert (r.learners, r.attempts, r.finished, r.median_grade) == (new.learners, new.attempts, new.finished,
                                                                   new.median_grade)
    assert [p.name for p in r.principles] == [p.name for p in new.principles]  # names from `scored`
    assert all(p.name == p.id for p in r.patterns) and not r.misses  # no names, no best answers to miss


def test_statements_from_before_perspective_and_reflect_still_report(
        klass: tuple[Path, list[dict[str, Any]]]) -> None:
    _handin, stmts = klass
    old = copy.deepcopy(stmts)
    for s in old:
        summary = s.get("result", {}).get("extensions", {}).get(DEFAULT_BASE + "/extensions/debrief")
        if summary:
            summary.pop("perspective")
            summary.pop("reflect")
    got = rebuild(old)
    assert got.skipped_total == 0
    r = analyse(got.records)
    assert r.discussions and all(not d.reflect and all(not e.perspective for e in d.endings) for d in r.discussions)
    assert [e.attempts for d in r.discussions for e in d.endings] == [
        e.attempts for d in analyse(rebuild(stmts).records).discussions for e in d.endings]


def test_a_completed_statement_with_a_broken_side_is_skipped(klass: tuple[Path, list[dict[str, Any]]]) -> None:
    _handin, stmts = klass
    bad = copy.deepcopy(stmts)
    key = DEFAULT_BASE + "/extensions/debrief"
    done = [s for s in bad if s["verb"]["id"].endswith("/completed") and s["result"]["extensions"][key]["perspective"]]
    done[0]["result"]["extensions"][key]["perspective"][0]["text"] = {"<b>": 1}
    done[1]["result"]["extensions"][key]["reflect"] = [None]
    done[2]["result"]["extensions"][key]["perspective"] = "Maya liked it"
    got = rebuild(bad)
    assert got.skipped == {"a perspective's text is not text": 1, "a reflect question is not text": 1,
                           "the debrief's perspective is not a list": 1}


def test_since_until_and_activity_arguments() -> None:
    from game.store.lrs_read import ReadError, activity_iri, parse_time

    assert parse_time("2026-11-20T14:00:00+01:00") == "2026-11-20T13:00:00.000Z"
    assert parse_time("2026-11-20T14:00Z") == "2026-11-20T14:00:00.000Z"
    start, end = parse_time("2026-11-20"), parse_time("2026-11-20", end_of_day=True)
    assert start < end and (end[:10] in ("2026-11-20", "2026-11-21"))
    with pytest.raises(ReadError, match="2026-11-20"):
        parse_time("last tuesday")
    assert activity_iri("alumni mixer") == DEFAULT_BASE + "/scenarios/alumni%20mixer"
    assert activity_iri("https://lms.example/course/7") == "https://lms.example/course/7"


@pytest.mark.parametrize(("lang", "want"), [(None, "en"), ("es", "es"), ("es_MX", "es-MX"), ("pt_BR", "en")])
def test_a_language_map_gives_the_reports_language_then_english_then_any(
        klass: tuple[Path, list[dict[str, Any]]], lang: str | None, want: str) -> None:
    """A class that played in Spanish reads its titles, questions and choices in Spanish in a Spanish report."""
    from game import i18n
    from game.store.xapi_read import language_order, parse_statement

    _handin, stmts = klass
    launched = copy.deepcopy(next(s for s in stmts if s["verb"]["id"].endswith("/launched")))
    names = {"fr": "Le stand", "en": "The booth", "es": "El puesto", "es-MX": "El stand"}
    launched["object"]["definition"]["name"] = names
    try:
        i18n.set_language(lang)  # no catalog for pt_BR: the report is in English
        assert parse_statement(launched).scenario_title == names[want]
    finally:
        i18n.set_language(None)
    assert language_order(["fr", "de"], "es") == ["fr", "de"]  # no Spanish, no English: the first
    assert language_order(["fr", "en-GB", "es-AR"], "es_MX") == ["es-AR", "en-GB", "fr"]
    assert language_order(["fr", "en-US", "en"], "pt") == ["en", "en-US", "fr"]
