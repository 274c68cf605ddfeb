"""The shipped pack's Spanish (scenarios/l10n/es.po): lint is clean, a changed source line is reported stale at
its entry, and a Spanish text play reaches the same endings with the same scores as the English one."""

from __future__ import annotations

import io
import json
import random
import shutil
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po

from game.cli import main
from game.scenario import load_pack
from game.scenario.l10n import scenario_places

REPO = Path(__file__).resolve().parents[2]
PACK = REPO / "scenarios"
PO = PACK / "l10n" / "es.po"
IDS = sorted(sc.id for sc in load_pack(PACK).scenarios if sc.id)
PATHS = 3  # seeded random paths per scenario


def rapport(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_lint_lang_es_of_the_shipped_pack_reports_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = rapport(capsys, "lint", "--strict", "--lang", "es", "--format", "json", str(PACK))
    found = json.loads(out)
    assert [f"{f['file']}:{f['line']}: {f['code']}: {f['message']}" for f in found] == []
    assert code == 0


def test_the_parts_it_was_joined_from_are_gone() -> None:
    # One source of truth: a second copy of the Spanish would drift from the one the game reads.
    assert sorted(p.name for p in (PACK / "l10n").rglob("*.po")) == ["es.po"]


def test_a_changed_source_line_makes_its_entry_stale_and_lint_says_where(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = tmp_path / "scenarios"
    shutil.copytree(PACK, pack)
    yaml = pack / "career-fair-booth.yaml"
    text = yaml.read_text(encoding="utf-8")
    # The first choice text of the scenario (a place `SCENARIO|NODE|CHOICE|text`), whatever its wording.
    sc = next(s for s in load_pack(PACK).scenarios if s.id == "career-fair-booth")
    old = next(p.source for p in scenario_places(sc) if p.context.count("|") == 3 and p.context.endswith("|text"))
    assert text.count(old) == 1
    yaml.write_text(text.replace(old, old.rstrip(".") + " and next year."), encoding="utf-8")
    ctx = next(m.context for m in read_po(PO.open("rb")) if m.id == old)
    line = next(m.lineno for m in read_po((pack / "l10n" / "es.po").open("rb")) if m.context == ctx)

    # The changed file alone is linted against its folder's catalog (the whole pack's lint is the test above).
    code, out, _ = rapport(capsys, "lint", "--lang", "es", "--format", "json", str(yaml))
    found = json.loads(out)
    assert [(f["code"], Path(f["file"]).name, f["line"]) for f in found] == [("l10n-stale", "es.po", line)]
    assert f"`{ctx}`" in found[0]["message"]
    assert code == 0
    assert rapport(capsys, "lint", "--strict", "--lang", "es", str(yaml))[0] == 1


# ----------------------------------------------------------------- the same choices, the same results

def play(sid: str, lang: str | None, answers: list[str], data: Path, monkeypatch: pytest.MonkeyPatch,
         capsys: pytest.CaptureFixture[str]) -> tuple[dict[str, Any], str]:
    """One text play of a shipped scenario in file order with the given answers; what the store recorded."""
    monkeypatch.setenv("RAPPORT_DATA_DIR", str(data))
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(f"{a}\n" for a in answers)))
    args = ["play", "--text", "--in-order", "--player", "tester", "--pack", str(PACK), "--scenario", sid]
    code, out, err = rapport(capsys, *args, *(["--lang", lang] if lang else []))
    assert code == 0, err
    db = sqlite3.connect(data / "rapport.sqlite3")
    try:
        status, ending, outcome, grade, debrief = db.execute(
            "SELECT status, ending_id, outcome, grade, debrief FROM attempts").fetchone()
        choices = [r[0] for r in db.execute(
            "SELECT choice_id FROM decisions WHERE rewound IS NULL ORDER BY step")]
    finally:
        db.close()
    assert status == "finished", out[-2000:]
    d = json.loads(debrief)
    return {"ending": ending, "outcome": outcome, "grade": grade, "choices": choices,
            "total": (d["total"], d["worst_total"], d["best_total"]),
            "principles": {p["id"]: (p["score"], p["worst"], p["best"]) for p in d["principles"]},
            "patterns": {p["id"]: p.get("count") for p in d["patterns"]},
            "title": d["title"]}, out


@pytest.mark.parametrize("sid", IDS)
def test_spanish_text_play_reaches_the_same_endings_with_the_same_scores(
        sid: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    english_title = next(sc.title for sc in load_pack(PACK).scenarios if sc.id == sid)
    endings = set()
    for n in range(PATHS):
        rng = random.Random(f"{sid}/{n}")
        answers = [str(rng.randint(1, 4)) for _ in range(400)]  # an out-of-range number is asked again
        en, _ = play(sid, None, answers, tmp_path / f"en{n}", monkeypatch, capsys)
        es, out = play(sid, "es", answers, tmp_path / f"es{n}", monkeypatch, capsys)
        assert es["title"] != english_title and es["title"] in out  # it really was played in Spanish
        assert en["choices"] and es["choices"] == en["choices"]
        assert {k: v for k, v in es.items() if k != "title"} == {k: v for k, v in en.items() if k != "title"}
        endings.add(en["ending"])
    assert endings  # at least one ending reached; usually several
