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
