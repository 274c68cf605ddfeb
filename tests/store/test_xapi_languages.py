"""xAPI in every language of the pack: the language maps of a scenario, its questions and its choices carry each
translation the pack has, `context.language` is the language played, and every id stays language-neutral."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po, write_po

from game.cli import main
from game.store import Database
from game.store.outbox import pending_bodies

SCENARIO = """\
id: booth
title: Booth
summary: A short booth visit.
characters:
  maya:
    name: Maya Chen
    role: Recruiter
nodes:
  approach:
    speaker: maya
    text: Hello there.
    choices:
      - id: ask-team
        text: Ask about her team.
        to: warm
        score: {first_impression: 1}
      - text: Push your resume.
        to: cold
        score: {first_impression: -1}
endings:
  warm:
    title: Warm
    text: She takes your card.
    outcome: success
  cold:
    title: Cold
    text: She moves on.
    outcome: setback
"""

SPANISH = {"booth||title": "Puesto", "booth|approach|text": "Hola.",
           "booth|approach|ask-team|text": "Pregunta por su equipo."}
STALE = {"booth|approach|2|text": ("Push your CV.", "Empuja tu CV.")}  # made for older source text: not used
BRAZILIAN = {"booth||title": "Estande"}


def catalog(root: Path, lang: str, texts: dict[str, str], stale: dict[str, tuple[str, str]] | None = None) -> None:
    template = read_po((root / "l10n" / "messages.pot").open("rb"))
    for m in list(template):
        if m.context in texts:
            m.string = texts[m.context]
        if stale and m.context in stale:
            template.delete(m.id, m.context)
            template.add(stale[m.context][0], stale[m.context][1], context=m.context)
    with (root / "l10n" / f"{lang}.po").open("wb") as fh:
        write_po(fh, template)


@pytest.fixture
def pack(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    root = tmp_path / "pack"
    root.mkdir()
    (root / "booth.yaml").write_text(SCENARIO, encoding="utf-8")
    assert main(["l10n", "extract", str(root)]) == 0
    catalog(root, "es", SPANISH, STALE)
    catalog(root, "pt_BR", BRAZILIAN)
    capsys.readouterr()
    return root


def play(pack: Path, data: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], answer: str,
         *lang: str) -> list[dict[str, Any]]:
    monkeypatch.setenv("RAPPORT_DATA_DIR", str(data))
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{answer}\n"))
    code = main(["play", "--text", "--in-order", "--player", "ana", *lang, str(pack / "booth.yaml")])
    out = capsys.readouterr().out
    assert code == 0, out
    with Database(data / "rapport.sqlite3") as db:
        return pending_bodies(db)


def by_verb(statements: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [s for s in statements if s["verb"]["display"]["en"] == name]


def test_language_maps_carry_every_translation_and_context_names_the_language_played(
        pack: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    es = play(pack, tmp_path / "es", monkeypatch, capsys, "1", "--lang", "es")
    assert {s["context"]["language"] for s in es} == {"es"}
    launched = by_verb(es, "launched")[0]
    assert launched["object"]["definition"]["name"] == {"en": "Booth", "es": "Puesto", "pt-BR": "Estande"}
    answered = by_verb(es, "answered")[0]
    definition = answered["object"]["definition"]
    assert definition["name"] == {"en": "Hello there.", "es": "Hola."}
    assert definition["choices"] == [
        {"id": "ask-team", "description": {"en": "Ask about her team.", "es": "Pregunta por su equipo."}},
        {"id": "2", "description": {"en": "Push your resume."}},  # the stale Spanish is no translation
    ]
    assert answered["result"]["response"] == "ask-team"
    completed = by_verb(es, "completed")[0]
    assert completed["object"]["definition"]["name"] == launched["object"]["definition"]["name"]


def test_ids_and_maps_do_not_depend_on_the_language_played(
        pack: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    es = play(pack, tmp_path / "es", monkeypatch, capsys, "2", "--lang", "es")
    en = play(pack, tmp_path / "en", monkeypatch, capsys, "2")
    pt = play(pack, tmp_path / "pt", monkeypatch, capsys, "2", "--lang", "pt_BR")
    assert [s["context"]["language"] for s in en][:1] == ["en"]
    assert [s["context"]["language"] for s in pt][:1] == ["pt-BR"]

    def neutral(statements: list[dict[str, Any]]) -> list[Any]:
        return [(s["verb"]["id"], s["object"]["id"], s["object"]["definition"].get("name"),
                 s["object"]["definition"].get("choices"), s.get("result", {}).get("response"))
                for s in statements if s["verb"]["display"]["en"] != "scored"]

    assert neutral(es) == neutral(en) == neutral(pt)
    assert by_verb(en, "answered")[0]["result"]["response"] == "2"
