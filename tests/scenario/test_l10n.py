"""Pack translations (game/scenario/l10n.py): the places of texts, extract, apply, lint --lang, hostile catalogs."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from game.cli import main
from game.scenario import ScenarioError, load_pack
from game.scenario.l10n import (
    load_translations,
    pack_places,
    read_translations,
    scenario_places,
    translate_pack,
    translate_scenario,
)

SCENARIO = """\
id: booth
title: Booth
summary: A short booth visit.
goal: Leave with a card.
reflect: [What did you learn?, What would you change?]
characters:
  maya:
    name: Maya Chen
    role: Recruiter
nodes:
  approach:
    speaker: maya
    scene: Monday morning
    text: Hello there.
    discuss: Is it fine to wait?
    choices:
      - id: ask-team
        text: Ask about her team.
        to: warm
        score: {first_impression: 1}
        reply: Glad you asked.
        feedback: A question opens the door.
      - text: Push your resume.
        to: cold
        score: {first_impression: -1}
        feedback: Too fast.
endings:
  warm:
    title: Warm
    text: She takes your card.
    outcome: success
    perspective:
      maya: A curious student.
  cold:
    title: Cold
    text: She moves on.
    outcome: setback
"""

PRINCIPLES = """\
principles:
  first_impression:
    name: First impression
    summary: The first moments.
    tip: Greet first.
patterns: {}
"""


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    root = tmp_path / "pack"
    root.mkdir()
    (root / "booth.yaml").write_text(SCENARIO, encoding="utf-8")
    (root / "principles.yaml").write_text(PRINCIPLES, encoding="utf-8")
    return root


def rapport(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def fill(po: Path, translations: dict[str, str], *, msgid: dict[str, str] | None = None) -> None:
    """Set msgstr (and, to make an entry stale, msgid) of some entries, as a translator's PO tool would."""
    catalog = read_po(po.open("rb"))
    for m in list(catalog):
        if m.context in translations:
            m.string = translations[m.context]
        if msgid and m.context in msgid:
            catalog.delete(m.id, m.context)
            catalog.add(msgid[m.context], m.string, context=m.context)
    with po.open("wb") as fh:
        write_po(fh, catalog)


def start_language(capsys: pytest.CaptureFixture[str], root: Path, lang: str = "es") -> Path:
    code, out, _ = rapport(capsys, "l10n", "extract", str(root))
    assert code == 0 and "wrote" in out
    po = root / "l10n" / f"{lang}.po"
    po.write_bytes((root / "l10n" / "messages.pot").read_bytes())
    return po


def test_places_follow_the_format_table_in_file_order(pack_dir: Path) -> None:
    sc = load_pack(pack_dir).scenarios[0]
    assert [p.context for p in scenario_places(sc)] == [
        "booth||title", "booth||summary", "booth||goal", "booth||reflect|1", "booth||reflect|2",
        "booth|character:maya|name", "booth|character:maya|role",
        "booth|approach|scene", "booth|approach|text", "booth|approach|discuss",
        "booth|approach|ask-team|text", "booth|approach|ask-team|reply", "booth|approach|ask-team|feedback",
        "booth|approach|2|text", "booth|approach|2|feedback",  # no id: the choice's position
        "booth|warm|title", "booth|warm|text", "booth|warm|perspective|maya",
        "booth|cold|title", "booth|cold|text",
    ]
    first = scenario_places(sc)[0]
    assert (first.source, first.line, first.column) == ("Booth", 2, 8)
    principles = [p.context for p in pack_places(load_pack(pack_dir)) if p.context.startswith("principles|")]
    assert principles == ["principles|first_impression|name", "principles|first_impression|summary",
                          "principles|first_impression|tip"]


def test_extract_is_stable_and_round_trips(pack_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    po = start_language(capsys, pack_dir)
    pot = pack_dir / "l10n" / "messages.pot"
    before = pot.read_bytes()
    code, out, _ = rapport(capsys, "l10n", "extract", str(pack_dir))
    assert (code, out.startswith("up to date:"), pot.read_bytes()) == (0, True, before)
    entries = [(m.context, m.id) for m in read_po(pot.open("rb")) if m.id]
    assert entries == [(p.context, p.source) for p in pack_places(load_pack(pack_dir))]

    fill(po, {"booth||title": "El stand", "booth|approach|ask-team|text": "Pregunta por su equipo.",
              "booth|approach|2|feedback": "Demasiado rápido.", "booth|warm|perspective|maya": "Una curiosa.",
              "booth||reflect|2": "¿Qué cambiarías?", "principles|first_impression|name": "Primera impresión"})
    pack = load_pack(pack_dir)
    original = pack.scenarios[0]
    es = translate_pack(pack, load_translations(pack_dir, "es"))
    sc = es.scenarios[0]
    assert sc.title == "El stand"
    assert [c.text for c in sc.nodes["approach"].choices or ()] == ["Pregunta por su equipo.", "Push your resume."]
    assert (sc.nodes["approach"].choices or ())[1].feedback == "Demasiado rápido."
    assert sc.endings["warm"].perspective == {"maya": "Una curiosa."}
    assert sc.reflect == ["What did you learn?", "¿Qué cambiarías?"]
    assert sc.pack is es and es.principles["first_impression"].name == "Primera impresión"
    # The loaded scenario and pack are left as they were.
    assert original.title == "Booth" and (original.nodes["approach"].choices or ())[0].text == "Ask about her team."
    assert pack.principles["first_impression"].name == "First impression"
    assert sc.start_id == original.start_id and sc.condition("approach", "choice", 0) is None


def test_play_text_lang_shows_the_translation(pack_dir: Path, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    po = start_language(capsys, pack_dir)
    fill(po, {"booth|approach|text": "Hola.", "booth|approach|ask-team|text": "Pregunta por su equipo.",
              "booth|approach|ask-team|reply": "Me alegra que preguntes."})
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\n1\n1\n"))
    code, out, _ = rapport(capsys, "play", "--text", "--in-order", "--lang", "es", str(pack_dir / "booth.yaml"))
    assert code == 0
    assert "Hola." in out and "1. Pregunta por su equipo." in out and "Me alegra que preguntes." in out
    assert "Hello there." not in out
    assert "A short booth visit." in out  # not translated: the source text


def test_stale_entry_falls_back_and_lint_reports_it(pack_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    po = start_language(capsys, pack_dir)
    fill(po, {"booth|warm|title": "Cálido"}, msgid={"booth|warm|title": "Warmish"})
    pack = load_pack(pack_dir)
    sc = translate_scenario(pack.scenarios[0], load_translations(pack_dir, "es"))
    assert sc.endings["warm"].title == "Warm"
    code, out, _ = rapport(capsys, "lint", "--lang", "es", str(pack_dir))
    stale = [line for line in out.splitlines() if "booth|warm|title" in line]
    assert len(stale) == 1 and "other source text" in stale[0] and "msgid" in stale[0]
    line = next(m.lineno for m in read_po(po.open("rb")) if m.context == "booth|warm|title")
    assert stale[0].startswith(f"{po}:{line}:1: warning: ")
    assert code == 0
    assert rapport(capsys, "lint", "--strict", "--lang", "es", str(pack_dir))[0] == 1


def test_missing_entries_are_reported_at_the_source(pack_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    po = start_language(capsys, pack_dir)
    places = pack_places(load_pack(pack_dir))
    fill(po, {p.context: f"ES {p.source}" for p in places if p.context != "booth|approach|discuss"})
    code, out, _ = rapport(capsys, "lint", "--strict", "--lang", "es", "--format", "json", str(pack_dir))
    import json

    found = json.loads(out)
    assert code == 1
    assert [(f["code"], f["line"]) for f in found] == [("l10n-missing", 15)]
    assert "booth|approach|discuss" in found[0]["message"] and "msgstr" in found[0]["message"]
    # Every entry filled: --strict passes; a single file is checked against its folder's catalog too.
    fill(po, {"booth|approach|discuss": "¿Está bien esperar?"})
    assert rapport(capsys, "lint", "--strict", "--lang", "es", str(pack_dir))[0] == 0
    assert rapport(capsys, "lint", "--strict", "--lang", "es", str(pack_dir / "booth.yaml"))[0] == 0


def test_malformed_po_names_file_and_line(pack_dir: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    po = start_language(capsys, pack_dir)
    lines = po.read_text(encoding="utf-8").splitlines()
    lines.insert(25, "this is not po")
    po.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = rapport(capsys, "lint", "--lang", "es", str(pack_dir))
    assert code == 1
    assert f"{po}:26:1: error: this is not a gettext catalog line" in out
    assert "Traceback" not in out + err
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, out, err = rapport(capsys, "play", "--text", "--lang", "es", str(pack_dir / "booth.yaml"))
    assert code == 1 and f"{po}:26:1: error:" in err and "Traceback" not in err


def test_bad_lang_and_no_catalog_are_user_errors(pack_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = rapport(capsys, "play", "--text", "--lang", "../../etc/passwd", str(pack_dir / "booth.yaml"))
    assert code == 2 and "not a language code" in err
    code, out, _ = rapport(capsys, "lint", "--lang", "fr", str(pack_dir))
    assert code == 1 and "l10n/fr.po:1:1: error: the pack has no fr translation" in out


def test_hostile_catalogs_never_crash(pack_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (pack_dir / "l10n").mkdir()
    po = pack_dir / "l10n" / "xx.po"
    sc = load_pack(pack_dir).scenarios[0]

    def lint() -> tuple[int, str]:
        code, out, err = rapport(capsys, "lint", "--lang", "xx", str(pack_dir))
        assert "Traceback" not in out + err and "internal error" not in err
        return code, out

    # Weird contexts, a plural entry, an over-long and a control-character translation, a fuzzy one.
    po.write_text(
        'msgctxt "booth||title|||\u202e"\nmsgid "Booth"\nmsgstr "x"\n\n'
        f'msgctxt "{"|" * 5000}"\nmsgid "a"\nmsgstr "b"\n\n'
        'msgctxt "booth|approach|text"\nmsgid "Hello there."\nmsgid_plural "Hellos"\n'
        'msgstr[0] "Hola"\nmsgstr[1] "Holas"\n\n'
        f'msgctxt "booth||title"\nmsgid "Booth"\nmsgstr "{"L" * 300}"\n\n'
        'msgctxt "booth||summary"\nmsgid "A short booth visit."\nmsgstr "Visita \x1b[2J corta"\n\n'
        '#, fuzzy\nmsgctxt "booth||goal"\nmsgid "Leave with a card."\nmsgstr "Llévate una tarjeta."\n',
        encoding="utf-8")
    code, out = lint()
    assert code == 0
    assert "l10n-invalid" not in out  # text format shows messages, not codes
    tr = read_translations(po, str(po), "xx")
    es = translate_scenario(sc, tr)
    assert (es.title, es.summary, es.goal, es.nodes["approach"].text) == (
        "Booth", "A short booth visit.", "Leave with a card.", "Hello there.")
    assert "holds at most 200" in out and "control character" in out and "plural forms" in out
    assert "fuzzy" in out and out.count("names no text of this pack") == 2

    # Many entries that name nothing: reported, but bounded.
    po.write_text("".join(f'msgctxt "nowhere|{i}"\nmsgid "x"\nmsgstr "y"\n\n' for i in range(3000)),
                  encoding="utf-8")
    code, out = lint()
    assert out.count("names no text of this pack") == 20 and "2980 more entries name no text" in out

    # Too big, not UTF-8, a wrong plural count, and a header that names an unknown charset.
    po.write_bytes(b"#" * (8 * 1024 * 1024 + 10))
    assert "over 8 MiB" in lint()[1]
    po.write_bytes(b'msgid "a"\nmsgstr "\xff"\n')
    assert f"{po}:2:1: error: byte 0xff is not UTF-8" in lint()[1]
    po.write_text('msgctxt "booth||title"\nmsgid "Booth"\nmsgstr[7] "x"\n', encoding="utf-8")
    code, out = lint()
    assert "Traceback" not in out
    header = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=nope\\n"\n'
    entry = '\nmsgctxt "booth||title"\nmsgid "Booth"\nmsgstr "Caseta"\n'
    po.write_text(header + entry, encoding="utf-8")  # the file is read as UTF-8 whatever the header says
    assert lint()[0] == 0
    assert translate_scenario(sc, read_translations(po, str(po), "xx")).title == "Caseta"
    po.write_text(header + '"Plural-Forms: nplurals=x;\\n"\n' + entry, encoding="utf-8")
    code, out = lint()
    assert code == 1 and f"{po}:1:1: error: the catalog cannot be read" in out
    with pytest.raises(ScenarioError):
        read_translations(po, str(po), "xx")


def test_the_window_catalog_plays_each_pack_in_the_language_it_has(pack_dir: Path, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from game.ui.catalog import Catalog

    po = start_language(capsys, pack_dir)
    fill(po, {"booth||title": "El stand"})
    other = tmp_path / "other"
    other.mkdir()
    (other / "booth2.yaml").write_text(SCENARIO.replace("id: booth", "id: booth2"), encoding="utf-8")
    titles = sorted(e.scenario.title for e in Catalog.load([pack_dir, other], "es").playable if e.scenario)
    assert titles == ["Booth", "El stand"]  # the pack without es.po keeps its own language
    assert sorted(e.scenario.title for e in Catalog.load([pack_dir]).playable if e.scenario) == ["Booth"]


def test_lint_lang_names_the_translation_to_check_not_lints_own_language(
        pack_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """`--lang es` checks l10n/es.po; lint's own words (the summary) follow the Language setting, then LANG, as
    for an instructor who checks a translation they may not read (docs/translating.md, "Check it")."""
    import json
    import os

    start_language(capsys, pack_dir)
    code, out, err = rapport(capsys, "lint", "--lang", "es", str(pack_dir))
    assert code == 0 and "warning: no es translation for" in out  # the Spanish catalog was checked
    assert err.startswith("0 errors, ") and err.rstrip().endswith(" warnings")  # in English: nothing asked for more
    monkeypatch.setenv("LANG", "es_MX.UTF-8")
    _code, out_es, err = rapport(capsys, "lint", "--lang", "es", str(pack_dir))
    assert err.startswith("0 errores, ") and err.rstrip().endswith(" advertencias")
    assert "warning: no hay traducción (es) para" in out_es  # the same check, its findings in lint's language
    monkeypatch.delenv("LANG")
    folder = Path(os.environ["RAPPORT_CONFIG_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "settings.json").write_text(json.dumps({"language": "es"}), encoding="utf-8")
    _code, _out, err = rapport(capsys, "lint", "--lang", "fr", str(pack_dir))  # a pack with no French
    assert err.startswith("1 error, ")
    assert rapport(capsys, "lint", str(pack_dir))[2].startswith("0 errores, ")  # the setting speaks Spanish
    (folder / "settings.json").write_text(json.dumps({"language": "en"}), encoding="utf-8")
    assert rapport(capsys, "lint", "--lang", "es", str(pack_dir))[2].startswith("0 errors, ")


@pytest.fixture
def builtin_pack(tmp_path: Path) -> Path:
    """A pack with no principles.yaml (the built-in principles and patterns are in force) and no l10n/ folder."""
    root = tmp_path / "plain"
    root.mkdir()
    (root / "booth.yaml").write_text(SCENARIO, encoding="utf-8")
    return root


@pytest.fixture
def ui_english() -> object:
    yield
    from game import i18n

    i18n.set_language(None)


def _debrief(out: str) -> str:
    return out[out.index("Principles") if "Principles" in out else out.index("Principios"):]


@pytest.mark.usefixtures("ui_english")
def test_built_in_principles_come_from_the_games_catalog_without_the_packs(
        builtin_pack: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A Spanish player of a pack with no Spanish catalog reads the built-in principles in Spanish (from
    game/locale/es), and the pack's own texts as written."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "es_MX.UTF-8")
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\n1\n1\n"))
    code, out, _ = rapport(capsys, "play", "--text", "--in-order", str(builtin_pack / "booth.yaml"))
    assert code == 0 and "Análisis: Booth" in out  # the UI words in Spanish, the pack's title as written
    assert "Primera impresión" in _debrief(out) and "First impression" not in out
    assert "Hello there." in out


@pytest.mark.usefixtures("ui_english")
def test_built_in_principles_fall_back_to_the_games_catalog_and_pack_entries_win(
        builtin_pack: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    po = start_language(capsys, builtin_pack)  # an es.po with every msgstr empty
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\n1\n1\n"))
    code, out, _ = rapport(capsys, "play", "--text", "--in-order", "--lang", "es", str(builtin_pack / "booth.yaml"))
    assert code == 0 and "Primera impresión" in _debrief(out) and "First impression" not in out

    fill(po, {"principles|first_impression|name": "Impresión inicial"})
    pack = load_pack(builtin_pack)
    from game import i18n

    i18n.set_language("es")
    spanish = translate_pack(pack, load_translations(builtin_pack, "es"))
    assert spanish.principles["first_impression"].name == "Impresión inicial"  # the pack's entry wins
    assert spanish.principles["communication"].name == "Comunicación"  # the game's catalog
    assert spanish.patterns["gimme"].tip == "Pregúntale a la otra persona en qué está trabajando y si puedes ayudar."
    assert pack.principles["first_impression"].name == "First impression"  # the loaded pack is left as it was
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\n1\n1\n"))
    code, out, _ = rapport(capsys, "play", "--text", "--in-order", "--lang", "es", str(builtin_pack / "booth.yaml"))
    assert code == 0 and "Impresión inicial" in _debrief(out) and "Primera impresión" not in out


@pytest.mark.usefixtures("ui_english")
def test_built_in_principles_stay_english_in_english(builtin_pack: Path, capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C")
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\n1\n1\n"))
    code, out, _ = rapport(capsys, "play", "--text", "--in-order", str(builtin_pack / "booth.yaml"))
    assert code == 0 and "First impression" in _debrief(out) and "Primera" not in out
