"""The site built in Spanish (`rapport web build --lang es`) in a real browser: Spanish page and pack text,
html lang="es", and, played by keyboard, the same ending and scores as English text play on the same keys.
It also renders the Spanish screens at phone and projector sizes (to RAPPORT_SCREENS_DIR when set) and
checks that nothing runs off the side of the page."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import PACK
from .test_browser import (
    ARGS,
    BOOT_MS,
    CHROMIUM,
    SCENARIO,
    _need_browser,
    _play_to_end,
    _text_debrief,
    _text_play,
    serving,
)

SIZES = {"phone": (390, 844), "projector": (1920, 1080)}


@pytest.fixture(scope="module")
def spanish_site(tmp_path_factory: pytest.TempPathFactory, site: Path) -> Path:  # `site`: npm is there
    from game.web.build import build_site

    out = tmp_path_factory.mktemp("site-es")
    build_site(PACK, out, lang="es")
    return out


@pytest.fixture(scope="module")
def served_es(spanish_site: Path) -> Iterator[str]:
    with serving(spanish_site) as origin:
        yield origin


@pytest.fixture(scope="module")
def browser_es(served_es: str) -> Iterator[Any]:
    sync_playwright = _need_browser()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _packs() -> tuple[Any, Any]:
    from game.scenario import load_pack
    from game.scenario.l10n import load_translations, translate_pack

    en = load_pack(PACK)
    return en, translate_pack(en, load_translations(PACK, "es"))


def _shot(page: Any, name: str, out: Path) -> None:
    """Every Spanish screen fits its width (no text cut at the side), and a PNG of it to look at."""
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name}: the page is {overflow}px wider than the window"
    page.screenshot(path=str(out / f"{name}.png"), full_page=True)


@pytest.mark.chromium
@pytest.mark.parametrize("size", sorted(SIZES))
def test_the_spanish_site_plays_in_spanish_and_scores_as_english(browser_es: Any, served_es: str, size: str,
                                                                 tmp_path: Path) -> None:
    shots = Path(os.environ.get("RAPPORT_SCREENS_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    en_pack, es_pack = _packs()
    en_sc = next(s for s in en_pack.scenarios if s.id == SCENARIO)
    es_sc = next(s for s in es_pack.scenarios if s.id == SCENARIO)
    assert es_sc.title != en_sc.title
    width, height = SIZES[size]
    context = browser_es.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{served_es}/index.html?in-order")
    page.wait_for_selector("body[data-view=list]", timeout=BOOT_MS)
    assert page.get_attribute("html", "lang") == "es"
    assert page.title() == "Rapport: práctica de networking"
    assert page.locator("h1").inner_text() == "Elige un escenario"
    assert page.locator("#settings-button").inner_text() == "Ajustes"
    assert page.locator(f"[data-scenario={SCENARIO}]").inner_text() == es_sc.title
    page.wait_for_selector("body[data-engine=ready]", state="attached", timeout=BOOT_MS)
    page.locator(f"li:has([data-scenario={SCENARIO}]) .best").filter(has_text="Aún sin jugar").wait_for()
    assert page.locator(".lead").inner_text().startswith("Juegas como Estudiante.")  # no name set: the default
    _shot(page, f"es-{size}-list", shots)
    page.click("#settings-button")
    assert page.locator("#settings-title").inner_text() == "Ajustes"
    assert "Práctica: el coach comenta" in page.locator("#settings").inner_text()
    assert not page.locator("#lrs-fields").is_visible()  # a site without an LRS asks for no key
    assert page.input_value("#player") == "Estudiante"
    _shot(page, f"es-{size}-settings", shots)
    page.click("#settings-button")
    page.focus(f"[data-scenario={SCENARIO}]")
    page.keyboard.press("Enter")
    page.wait_for_selector("body[data-view=briefing]")
    assert page.locator("[data-enter]").inner_text() == "Empezar (modo práctica)"
    assert es_sc.summary in page.locator(".briefing").inner_text()
    _shot(page, f"es-{size}-briefing", shots)
    page.keyboard.press("Enter")
    page.wait_for_selector("body[data-view=dialogue]")
    assert page.locator(".counter").inner_text().startswith("Decisión 1")
    first = es_sc.nodes[es_sc.start].choices[0].text
    assert first in page.locator(".options").inner_text()
    _shot(page, f"es-{size}-dialogue", shots)
    pressed: list[int] = []
    _play_to_end(page, pressed)
    _shot(page, f"es-{size}-ending", shots)
    page.keyboard.press("Enter")  # Ver tu análisis
    page.wait_for_selector("body[data-view=debrief]")
    for heading in ("Principios: tu puntaje", "Patrones que mostraste", "Tus decisiones"):
        assert page.get_by_role("heading", name=re.compile(heading)).count() == 1
    assert page.locator("h1").inner_text() == f"Análisis: {es_sc.title}"
    # the same game as English text play on the same keys: the ending, the grade, each principle, each pattern
    grade, scores, patterns = _text_debrief(_text_play(pressed, tmp_path))
    assert int(page.get_attribute(".grade", "data-grade")) == grade
    assert page.locator(".grade strong").inner_text() == f"Calificación: {grade} de 100"
    on_page = {en_pack.principles[li.get_attribute("data-principle")].name: int(li.get_attribute("data-score"))
               for li in page.locator(".principle").all()}
    assert on_page == scores
    counts = {en_pack.patterns[li.get_attribute("data-pattern")].name: int(li.get_attribute("data-count"))
              for li in page.locator(".patterns li").all()}
    assert counts == patterns
    ending_title = page.locator("#end-title").inner_text()
    [eid] = [e for e, end in es_sc.endings.items() if ending_title.startswith(f"{end.title} (")]
    assert en_sc.endings[eid].title in _text_play(pressed, tmp_path / "again")
    _shot(page, f"es-{size}-debrief", shots)
    assert errors == []
    context.close()
