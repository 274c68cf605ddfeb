"""The browser build in another language (`rapport web build --lang es`), without a browser: the page's strings
come from the game's catalog (and only the page's), the pack from its l10n/es.po, and the worker's Python
plays and records as the desktop does: the same choices give the same ending and scores, and the xAPI
statements keep their ids and name the language played."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from game import i18n

from .conftest import PACK

SCENARIO = "career-fair-booth"


@pytest.fixture(autouse=True)
def _english_after() -> Iterator[None]:
    yield
    i18n.set_language("en")  # the runtime sets the process's language, as the worker does


def _pack_json(lang: str) -> str:
    from game.web.build import compiled_pack, load_checked_pack, translated_pack

    return json.dumps(compiled_pack(translated_pack(load_checked_pack(PACK), PACK, lang), lang), ensure_ascii=False)


def _play(lang: str, tmp: Path) -> tuple[list[dict[str, Any]], dict[str, Any], list[dict[str, Any]]]:
    """Play SCENARIO with the first option at every decision; the views, the debrief and the queued statements."""
    from game.web.runtime import Runtime

    rt = Runtime(_pack_json(lang), str(tmp / lang), "Ana", True, json.dumps({"endpoint": "http://127.0.0.1:9/xAPI"}))
    views = [json.loads(rt.start(SCENARIO, "practice"))]
    while not views[-1]["finished"]:
        views.append(json.loads(rt.choose(1)))
        assert len(views) < 60
    debrief = json.loads(rt.debrief())["debrief"]
    statements = json.loads(json.loads(rt.outbox_take(500))["body"])
    return views, debrief, statements


def test_a_spanish_build_plays_the_same_game_in_spanish(tmp_path: Path) -> None:
    en_views, en, en_st = _play("en", tmp_path)
    es_views, es, es_st = _play("es", tmp_path)
    # the pack's own text in Spanish (from scenarios/l10n/es.po), the same game underneath
    assert es["title"] != en["title"] and es["ending_title"] != en["ending_title"]
    assert [v["decision"] for v in es_views] == [v["decision"] for v in en_views]
    for key in ("grade", "total", "best_total", "worst_total", "outcome"):
        assert es[key] == en[key], key
    assert [(p["id"], p["score"]) for p in es["principles"]] == [(p["id"], p["score"]) for p in en["principles"]]
    assert [(p["id"], p["count"]) for p in es["patterns"]] == [(p["id"], p["count"]) for p in en["patterns"]]
    # xAPI: the same events on the same activities and choices; context.language is the language played
    assert [s["verb"]["id"] for s in es_st] == [s["verb"]["id"] for s in en_st]
    assert [s["object"]["id"] for s in es_st] == [s["object"]["id"] for s in en_st]
    assert [s.get("result", {}).get("response") for s in es_st] == [s.get("result", {}).get("response") for s in en_st]
    assert {s["context"]["language"] for s in es_st} == {"es"}
    assert {s["context"]["language"] for s in en_st} == {"en"}
    started = next(s for s in es_st if "definition" in s["object"])
    assert set(started["object"]["definition"]["name"]) == {"en", "es"}  # every language the pack has


def test_the_workers_own_words_are_spanish(tmp_path: Path) -> None:
    from game.web.runtime import Runtime

    rt = Runtime(_pack_json("es"), str(tmp_path / "data"), "Ana", True, "")
    rt.start(SCENARIO, "practice")
    rt.choose(1)
    assert json.loads(rt.rewind())["note"] == "De vuelta en la decisión 1."
    answer = json.loads(rt.call("set_player", json.dumps(["\x07"])))
    assert answer["ok"] is False and answer["error"].startswith("nombre: ")


def test_the_page_gets_only_its_own_strings_with_the_plural_rule() -> None:
    from game.web.build import page_msgids, page_strings

    text = page_strings("es")
    assert text.startswith("// Generated") and 'export const LANG = "es";' in text
    messages = json.loads(text.split("export const MESSAGES = ", 1)[1].split(";\nexport function", 1)[0])
    assert messages["Choose a scenario"] == "Elige un escenario"
    assert len(messages["{n} time"]) == 3  # Spanish has three plural forms
    assert set(messages) <= page_msgids() and "Debrief: {title}" in page_msgids()
    assert "No display found; playing in the terminal." not in messages  # the CLI's words stay out of the site
    assert "(n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2)" in text
    english = page_strings("en")
    assert 'export const LANG = "en";' in english and "export const MESSAGES = {};" in english


def test_a_bug_reaches_the_page_as_a_sentence_not_a_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    """An exception the page did not cause (a bug) is logged in full for the console; the page gets a sentence."""
    from game.web.runtime import Runtime

    rt = Runtime(_pack_json("en"), str(tmp_path / "data"), "Ana", True, "")
    rt.start(SCENARIO, "practice")

    def broken(*_args: object) -> str:
        raise KeyError("a bug")

    monkeypatch.setattr(rt, "choose", broken)
    answer = json.loads(rt.call("choose", json.dumps([1])))
    assert answer["ok"] is False
    assert "Traceback" not in answer["error"] and "KeyError" not in answer["error"]
    assert answer["error"].startswith("something went wrong inside the game")
    assert "KeyError" in caplog.text  # the traceback went to the log
    unknown = json.loads(rt.call("nothing_like_this", "[]"))
    assert unknown == {"ok": False, "error": "unknown action 'nothing_like_this'"}
def test_the_default_name_shows_translated_and_is_stored_as_student(tmp_path: Path) -> None:
    """A player who set no name reads the default in the site's language; results keep "Student"."""
    from game.web.build import page_strings
    from game.web.runtime import Runtime

    messages = json.loads(page_strings("es").split("export const MESSAGES = ", 1)[1].split(";\nexport function", 1)[0])
    assert messages["Student"] == "Estudiante"
    rt = Runtime(_pack_json("es"), str(tmp_path / "data"), "", True, "")
    assert json.loads(rt.call("set_player", json.dumps([""])))["player"] == "Student"
    rt.start(SCENARIO, "practice")
    rt.choose(1)
    assert json.loads(json.loads(rt.export())["text"])["players"] == ["Student"]


@pytest.mark.parametrize(("call", "args", "spanish", "english"), [
    ("choose", [1], "no se está jugando ningún escenario", "no scenario is being played"),
    ("debrief", [], "no se está jugando ningún escenario", "no scenario is being played"),
    ("start", ["nope"], "no hay ningún escenario 'nope' en este paquete", "no scenario 'nope' in this pack"),
    ("start", [SCENARIO, "exam"], "el modo debe ser práctica (practice) o evaluación (assessment), no 'exam'",
     "mode must be practice or assessment, not 'exam'"),
    ("no_such_thing", [], "acción desconocida: 'no_such_thing'", "unknown action 'no_such_thing'"),
    ("set_launch", ["[]"], "el actor (actor) del enlace de inicio debe ser un objeto JSON (un Agent de xAPI)",
     "the launch address's actor must be a JSON object (an xAPI Agent)"),
    ("set_launch", ["", "x"], "el registro (registration) 'x' del enlace de inicio no es un UUID; pide a tu curso un "
     "enlace que funcione", "the launch address's registration 'x' is not a UUID; ask your course for a working link"),
])
def test_the_engines_errors_on_the_page_are_in_the_sites_language(tmp_path: Path, call: str, args: list[Any],
                                                                   spanish: str, english: str) -> None:
    from game.web.runtime import Runtime

    for lang, expected in (("es", spanish), ("en", english)):
        rt = Runtime(_pack_json(lang), str(tmp_path / lang), "Ana", True, "")
        answer = json.loads(rt.call(call, json.dumps(args)))
        assert answer == {"ok": False, "error": expected}, lang


def test_choosing_what_is_not_on_offer_and_going_back_too_far_say_so_in_spanish(tmp_path: Path) -> None:
    from game.web.runtime import Runtime

    rt = Runtime(_pack_json("es"), str(tmp_path / "data"), "Ana", True, "")
    rt.start(SCENARIO, "practice")
    assert json.loads(rt.call("choose", "[99]"))["error"] == "la opción 99 no está disponible ahora"
    assert json.loads(rt.call("rewind"))["error"] == ("solo puedes volver atrás en el modo práctica, después de "
                                                      "elegir una opción")
    assert json.loads(rt.call("debrief"))["error"] == "el escenario todavía no ha terminado"
