"""The game's own words in other languages (game/i18n.py, game/locale): the catalogs are complete and current,
and the language is chosen in the documented order (--lang, the Language setting, the environment, English)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from babel.util import pathmatch

from game import i18n
from game.ui.settings import LANGUAGES, Settings

REPO = Path(__file__).resolve().parents[1]
POT = REPO / "game" / "locale" / "rapport.pot"
SPANISH = REPO / "game" / "locale" / "es" / "LC_MESSAGES" / "rapport.po"
PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


def _ids(path: Path) -> set[str | tuple[str, ...]]:
    with path.open("rb") as f:
        return {m.id for m in read_po(f) if m.id}


def test_the_pot_holds_every_string_the_window_marks() -> None:
    """A new `_()` in the window, text play or the CLI without `make locale` leaves the .pot (and so every
    language) behind. The places are the Makefile's LOCALE_SOURCES."""
    found = set()
    for message in _extracted():
        found.add(message if isinstance(message, str) else tuple(message))
    in_pot = _ids(POT)
    assert not found - in_pot, f"run `make locale`: not in game/locale/rapport.pot: {sorted(map(str, found - in_pot))}"
    assert not in_pot - found, f"run `make locale`: no longer in the code: {sorted(map(str, in_pot - found))}"


def _sources() -> list[Path]:
    text = (REPO / "Makefile").read_text().replace("\\\n", " ")  # join continued lines
    line = next(x for x in text.splitlines() if x.startswith("LOCALE_SOURCES :="))
    return [REPO / part for part in line.split(":=", 1)[1].split()]


def _extracted() -> list[str | tuple[str, ...]]:
    """Every msgid `make locale` would extract (the Makefile's LOCALE_SOURCES, read as babel.cfg says)."""
    with (REPO / "babel.cfg").open() as cfg:
        method_map, _options = parse_mapping_cfg(cfg)
    out: list[str | tuple[str, ...]] = []
    for src in _sources():
        if src.is_dir():
            out += [m for _f, _l, m, _c, _x in extract_from_dir(src, method_map)]
        else:
            rel = src.relative_to(REPO).as_posix()
            method = next(meth for pattern, meth in method_map if pathmatch(pattern, rel))
            with src.open("rb") as f:
                out += [m for _l, m, _c, _x in extract(method, f)]
    return [m if isinstance(m, str) else tuple(m) for m in out]


def test_the_extraction_covers_text_play_and_the_command_line() -> None:
    """Text play's, the play controller's and the CLI's sentences are in the catalog's sources."""
    found = set(_extracted())
    assert {"Debrief: {title}", "Your decisions", "Coach: {feedback}"} <= found  # game/text_play.py
    assert ("{n} time", "{n} times") in found  # an ngettext plural in text play
    assert "No display found; playing in the terminal." in found  # game/commands/play.py
    assert "internal error: {error}. Please report it with the command you ran." in found  # game/cli.py
    assert "Where the class split" in found  # the class report (game/store/report_html.py)
    assert {"Choose a scenario", "Your goal: ", "Rapport: networking practice"} <= found  # the page (app.js)
    assert ("about {n} minute", "about {n} minutes") in found  # an ngettext plural in the page
    assert "All results are sent to the LRS." in found  # game/web/static/xapi.js
    assert "Picking up at decision {n}." in found  # the worker's Python (game/web/runtime.py)
    assert {"Debrief: {title}", "Your decisions"} <= _ids(POT)


def test_the_extraction_reads_every_built_in_principle_and_pattern_with_its_context() -> None:
    """babel.cfg sends game/scenario/builtin.py to game/scenario/babel_extract.py: every name, summary and tip of
    the built-in principles and patterns, each with its msgctxt, as `make locale` puts them in the .pot."""
    from game.scenario import builtin

    with (REPO / "babel.cfg").open() as cfg:
        method_map, _options = parse_mapping_cfg(cfg)
    method = next(meth for pattern, meth in method_map if pathmatch(pattern, "game/scenario/builtin.py"))
    with (REPO / "game" / "scenario" / "builtin.py").open("rb") as f:
        got = {(ctx, msg) for _l, msg, _c, ctx in extract(method, f)}
    want = set()
    for p in builtin.principles().values():
        want |= {("principle name", p.name), ("principle summary", p.summary), ("principle tip", p.tip)}
    for pat in builtin.patterns().values():
        want |= {("pattern name", pat.name), ("pattern summary", pat.summary), ("pattern tip", pat.tip)}
    assert len(want) == 39 and ("principle name", "Reciprocity") in want
    assert got == want
    with POT.open("rb") as f:
        in_pot = {(m.context, m.id) for m in read_po(f) if m.context in {c for c, _m in want}}
    assert in_pot == want, "run `make locale`: the .pot's built-in texts differ from game/scenario/builtin.py"


def test_every_string_has_a_spanish_translation_with_the_same_placeholders() -> None:
    with SPANISH.open("rb") as f:
        catalog = read_po(f)
    with POT.open("rb") as f:
        wanted = sorted(((m.id, m.context) for m in read_po(f) if m.id), key=str)
    for msgid, context in wanted:
        m = catalog.get(msgid, context=context)
        assert m is not None and not m.fuzzy, f"es/rapport.po has no (or only a fuzzy) entry for msgid {msgid!r}"
        sources = [msgid] if isinstance(msgid, str) else list(msgid)
        strings = [m.string] if isinstance(m.string, str) else list(m.string)
        assert all(strings), f"es/rapport.po leaves msgid {msgid!r} untranslated"
        names = {n for s in sources for n in PLACEHOLDER.findall(s)}
        for s in strings:
            assert set(PLACEHOLDER.findall(s)) == names, f"es/rapport.po: {s!r} has other placeholders than {msgid!r}"


@pytest.fixture
def english() -> object:
    yield
    i18n.set_language(None)


@pytest.mark.usefixtures("english")
def test_spanish_catalog_translates_and_falls_back_to_english_string_by_string() -> None:
    assert i18n.set_language("es") == "es"
    assert i18n._("Play") == "Jugar"
    assert i18n._("a string no catalog has") == "a string no catalog has"
    assert i18n.ngettext("{n} attempt", "{n} attempts", 1).format(n=1) == "1 intento"
    assert i18n.ngettext("{n} attempt", "{n} attempts", 3).format(n=3) == "3 intentos"
    assert i18n.set_language("es-MX") == "es_MX"  # a region falls back to its language's catalog
    assert i18n._("Settings") == "Ajustes"
    assert i18n.set_language("fr") == "en"  # no French catalog: English
    assert i18n._("Play") == "Play"
    assert i18n.available()[:1] == ["en"] and "es" in i18n.available()


def test_the_command_line_wins_over_the_setting_and_the_environment() -> None:
    env = {"LANG": "es_MX.UTF-8"}
    assert i18n.choose("en", "es", env) == ["en"]
    assert i18n.choose(None, "en", env) == ["en"]  # the setting wins over the environment
    assert i18n.choose(None, "", env) == ["es_MX"]  # "" (System) follows the environment
    assert i18n.choose(None, None, {}) == ["en"]  # nothing asks: English


def test_the_environment_is_read_as_gettext_reads_it() -> None:
    assert i18n.from_environment({"LANGUAGE": "es:fr", "LANG": "de_DE.UTF-8"}) == ["es", "fr"]
    assert i18n.from_environment({"LC_ALL": "es_AR.UTF-8@euro", "LANG": "de_DE"}) == ["es_AR"]
    assert i18n.from_environment({"LC_MESSAGES": "es_CL", "LANG": "de_DE"}) == ["es_CL"]
    assert i18n.from_environment({"LANG": "C.UTF-8"}) == []
    assert i18n.from_environment({"LANGUAGE": "", "LANG": "POSIX"}) == []
    assert i18n.from_environment({}) == []


@pytest.mark.usefixtures("english")
def test_the_order_holds_end_to_end(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    assert i18n.set_language(i18n.choose(None, Settings().language)) == "es_ES"  # environment
    assert i18n.set_language(i18n.choose(None, "en")) == "en"  # setting over environment
    assert i18n.set_language(i18n.choose("es", "en")) == "es"  # --lang over setting
    monkeypatch.delenv("LANG")
    assert i18n.set_language(i18n.choose(None, "")) == "en"  # nothing: English


def test_the_language_setting_keeps_known_languages_only() -> None:
    assert Settings.from_dict({"language": "es"}).language == "es"
    assert Settings.from_dict({"language": "xx"}).language == ""
    assert Settings.from_dict({"language": 3}).language == ""
    assert set(LANGUAGES) - {""} <= set(i18n.available())  # every choice offered has a catalog


@pytest.mark.usefixtures("english")
def test_the_po_is_read_when_no_mo_was_compiled(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A checkout run without `make` has no .mo: the .po beside it serves."""
    folder = tmp_path / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "rapport.po").write_bytes(SPANISH.read_bytes())
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    assert i18n.set_language("es") == "es"
    assert i18n._("Quit") == "Salir"


def _help(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], lang_env: str, *argv: str) -> str:
    """What `rapport ARGV` prints (its --help) with LANG=lang_env and no other locale variable."""
    from game.cli import main

    for var in i18n.ENV_VARS:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", lang_env)
    with pytest.raises(SystemExit) as stop:
        main(list(argv))
    assert stop.value.code == 0
    return capsys.readouterr().out


@pytest.mark.usefixtures("english")
def test_help_is_written_in_the_language_chosen_before_the_parser(monkeypatch: pytest.MonkeyPatch,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    top = _help(monkeypatch, capsys, "es_MX.UTF-8", "--help")
    assert top.startswith("uso: rapport [-h] [--version] COMMAND ...")
    assert "Rapport: practica el networking profesional" in top and "argumentos posicionales:" in top
    assert "\nopciones:\n" in top and "muestra este mensaje de ayuda y sale" in top
    assert "busca errores en archivos de escenario" in top  # a subcommand's help line
    play = _help(monkeypatch, capsys, "es", "play", "--help")
    assert play.startswith("uso: rapport play") and "Juega un escenario." in play
    assert "modo taller para una clase proyectada" in play
    assert "play a scenario" not in play.lower()


@pytest.mark.usefixtures("english")
def test_help_follows_lang_then_the_setting_then_the_environment(monkeypatch: pytest.MonkeyPatch,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    english = _help(monkeypatch, capsys, "C", "--help")
    assert english.startswith("usage: rapport [-h]") and "Rapport: practice professional networking" in english
    assert "\noptions:\n" in english and "show this help message and exit" in english
    for argv in (["play", "--lang", "es", "--help"], ["play", "--lang=es", "--help"]):
        assert _help(monkeypatch, capsys, "C", *argv).startswith("uso: rapport play")
    assert _help(monkeypatch, capsys, "es", "play", "--lang", "en", "--help").startswith("usage: rapport play")
    # lint's --lang names the translation to check: its help stays in the UI language
    assert _help(monkeypatch, capsys, "C", "lint", "--lang", "es", "--help").startswith("usage: rapport lint")
    assert _help(monkeypatch, capsys, "es", "lint", "--lang", "en", "--help").startswith("uso: rapport lint")
    from game.ui.settings import Settings, default_path, save

    save(Settings.from_dict({"language": "es"}), default_path())
    assert _help(monkeypatch, capsys, "C", "--help").startswith("uso: rapport")  # the setting over LANG
    assert _help(monkeypatch, capsys, "C", "play", "--lang", "en", "--help").startswith("usage:")  # --lang first


def test_lang_is_found_in_argv_only_where_it_is_the_ui_language() -> None:
    from game.cli import LANG_IS_NOT_UI, build_parser, lang_in_argv

    assert lang_in_argv(["play", "--lang", "es"]) == "es" and lang_in_argv(["screens", "--lang=es_MX"]) == "es_MX"
    assert lang_in_argv(["play", "--lang", "es", "--lang", "en"]) == "en"  # the last wins, as in argparse
    assert lang_in_argv(["play", "--", "--lang", "es"]) is None and lang_in_argv(["play", "--lang"]) is None
    assert lang_in_argv(["lint", "--lang", "es", "pack"]) is None
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert isinstance(sub.choices, dict)
    not_ui = {name for name, p in sub.choices.items() if p.get_default("lang_is_ui") is False}
    assert not_ui == LANG_IS_NOT_UI  # a new command with lang_is_ui=False must be listed there too


def test_argparse_words_are_the_msgids_argparse_uses_and_are_translated() -> None:
    import argparse
    import inspect

    from game.cli import ARGPARSE_WORDS

    source = inspect.getsource(argparse)
    for msgid in ARGPARSE_WORDS:
        assert f"_({msgid!r})" in source, f"argparse has no _({msgid!r}) (a newer Python changed it?)"
    with SPANISH.open("rb") as f:
        catalog = read_po(f)
    percent = re.compile(r"%\(\w+\)\w|%[sr]")
    for m in catalog:
        if m.id and isinstance(m.id, str) and "%" in m.id:
            assert sorted(percent.findall(m.string)) == sorted(percent.findall(m.id)), m.id
