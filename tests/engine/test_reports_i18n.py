"""`rapport analyze` and `rapport simulate` in the language in use (game/i18n.py); English stays as it was."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from game import i18n
from game.cli import main

REPO = Path(__file__).resolve().parents[2]
COFFEE = str(REPO / "scenarios" / "coffee-chat.yaml")


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    yield
    i18n.set_language(None)


def _run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], lang: str, *args: str) -> str:
    monkeypatch.setenv("LANG", lang)
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    assert main(list(args)) == 0
    return capsys.readouterr().out


def test_analyze_in_spanish(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    text = _run(monkeypatch, capsys, "es_MX.UTF-8", "analyze", COFFEE)
    assert "caminos distintos; se pueden alcanzar 19 de 19 nodos y 6 de 6 finales." in text
    for heading in ("Rango de puntaje por principio (* = en foco)", "Finales",
                    "Mejor camino (opciones numeradas como en el archivo)", "Condiciones que nunca se cumplen",
                    "Nodos inalcanzables"):
        assert f"\n{heading}\n" in text
    assert "  principio" in text and " peor  mejor" in text and "alcanzable" in text
    assert "  total en foco (" in text and "máximo +24" in text
    assert "distinct paths" not in text and "reachable" not in text and "Endings" not in text


def test_analyze_in_english_is_unchanged(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    text = _run(monkeypatch, capsys, "C", "analyze", COFFEE)
    assert "\n174,561 distinct paths; 19 of 19 nodes and 6 of 6 endings reachable.\n" in text
    assert "\nScore range per principle (* in focus)\n  principle           worst   best\n" in text
    assert "\n  referred          success  reachable\n" in text
    assert "\nBest path (choice numbers as in the file)\n  focus total (Communication, Reciprocity, " \
           "First impression, best +24): arrive #3 > " in text


def test_simulate_in_spanish_and_english(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    spanish = _run(monkeypatch, capsys, "es_MX.UTF-8", "simulate", "-n", "200", COFFEE)
    assert spanish.startswith("Coffee with a Product Manager: 200 partidas, política random, semilla 0\n\nFinales\n")
    assert "\nPuntaje promedio por principio\n" in spanish
    assert "(calificación promedio 38.4, 10.1 decisiones por partida)" in spanish
    assert "\nOpciones que nadie eligió (1)\n  ify_returns #3: " in spanish
    english = _run(monkeypatch, capsys, "C", "simulate", "-n", "200", COFFEE)
    assert english.startswith("Coffee with a Product Manager: 200 playthroughs, policy random, seed 0\n\nEndings\n")
    assert "\n  total             +0.95   (mean grade 38.4, 10.1 decisions a playthrough)\n" in english
    assert "\nChoices never taken (1)\n  ify_returns #3: " in english
    one = _run(monkeypatch, capsys, "es", "simulate", "-n", "1", COFFEE)
    assert one.startswith("Coffee with a Product Manager: 1 partida, política")
