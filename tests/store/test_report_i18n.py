"""The class report and `rapport report`'s summary in the language in use (game/i18n.py), English by default."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from game import i18n
from game.cli import main
from game.store import cli_commands

from .test_report import make_class


@pytest.fixture
def hand_ins(tmp_path: Path) -> list[Path]:
    return make_class(tmp_path / "class")


@pytest.fixture
def english_after() -> object:
    yield
    i18n.set_language(None)


@pytest.mark.usefixtures("english_after")
def test_the_page_and_the_summary_in_spanish(hand_ins: list[Path], tmp_path: Path) -> None:
    assert i18n.set_language("es") == "es"
    out = tmp_path / "informe.html"
    text, code, warnings = cli_commands.report([*hand_ins, tmp_path / "missing.json"], out)
    assert code == cli_commands.REPORT_SKIPPED
    assert text.startswith(f"Se escribió {out}: 12 participantes,") and text.endswith("; omitidos: 1 archivo.")
    assert "se omitió" in warnings[0] and "missing.json" in warnings[0]
    page = out.read_text(encoding="utf-8")
    assert '<html lang="es">' in page and "<h1>Informe del grupo</h1>" in page
    for heading in ("Avance por escenario", "Patrones más frecuentes", "Dónde se dividió el grupo",
                    "Para la conversación en grupo", "Preguntas para abrir la conversación"):
        assert heading in page
    assert "Práctica de networking con Rapport · 12 participantes" in page
    assert "Where the class split" not in page and "learners finished" not in page


def test_the_page_stays_english_without_a_language(hand_ins: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    text, _code, _warnings = cli_commands.report(hand_ins, out)
    page = out.read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "Where the class split" in page and "<h1>Class report</h1>" in page
    assert text.startswith(f"Wrote {out}: 12 learners,")


def test_rapport_report_follows_lang(hand_ins: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("LANG", "es_MX.UTF-8")
    out = tmp_path / "r.html"
    monkeypatch.setattr(sys, "argv", ["rapport"])
    assert main(["report", *map(str, hand_ins), "--out", str(out)]) == 0
    assert capsys.readouterr().out.startswith(f"Se escribió {out}")
    page = out.read_text(encoding="utf-8")
    assert "<h1>Informe del grupo</h1>" in page and '<html lang="es_MX">' not in page


def _chips(page: str) -> set[str]:
    import html
    import re

    return {html.unescape(c) for c in re.findall(r'<span class="chip">([^<]*)</span>', page)}


@pytest.mark.usefixtures("english_after")
def test_the_pattern_chips_name_the_pattern_in_the_reports_language(hand_ins: list[Path], tmp_path: Path) -> None:
    """A chip is the pattern's name, not its id; a built-in pattern's name comes from the shipped pack's
    l10n/es.po (`principles|hard_seller|name`), also in the "Most common patterns" list."""
    out = tmp_path / "report.html"
    cli_commands.report(hand_ins, out)
    english = out.read_text(encoding="utf-8")
    assert {"The Hard Seller", 'The "Gimme" Syndrome'} <= _chips(english)
    assert "hard seller" not in _chips(english)
    i18n.set_language("es")
    cli_commands.report(hand_ins, out)
    spanish = out.read_text(encoding="utf-8")
    assert {"El vendedor agresivo", 'El síndrome del "dame"'} <= _chips(spanish)
    assert "The Hard Seller" not in spanish and "<b>El vendedor agresivo</b>" in spanish


@pytest.mark.usefixtures("english_after")
def test_a_packs_own_pattern_keeps_its_name_and_a_spanish_attempt_reads_in_english() -> None:
    from game.store.report import pattern_labels

    recorded = {"hard_seller": {"name": "El vendedor agresivo", "tip": "Cambia un dato sobre ti por una pregunta "
                                "sobre la otra persona."},
                "gimme": {"name": "Our own Gimme", "tip": "Our tip."}, "mine": {"name": "My pattern"}}
    labels = pattern_labels(["hard_seller", "gimme", "mine", "no_name_yet"], recorded)
    assert labels["hard_seller"] == ("The Hard Seller", "Trade one fact about you for one question about them.")
    assert labels["gimme"] == ("Our own Gimme", "Our tip.")  # a pack's principles.yaml renamed it
    assert labels["mine"] == ("My pattern", None) and labels["no_name_yet"] == ("no name yet", None)
    i18n.set_language("es")
    assert pattern_labels(["hard_seller", "no_follow_up"], {})["hard_seller"][0] == "El vendedor agresivo"
    assert pattern_labels(["gimme"], recorded)["gimme"] == ("Our own Gimme", "Our tip.")
