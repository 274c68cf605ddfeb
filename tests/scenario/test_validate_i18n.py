"""`rapport validate`'s findings in the language in use: the same places, severities and codes, Spanish words.
English stays as it was (the exact English messages are test_every_error.py's, test_messages.py's...)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest

from game import i18n
from game.scenario.lint import check_paths

from .conftest import BASE, BROKEN, REPO, child_env


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    yield
    i18n.set_language(None)


def _validate_es(*paths: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in child_env().items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env["LANG"] = "es"
    return subprocess.run([sys.executable, "-m", "game", "validate", *paths], capture_output=True, text=True,
                          timeout=60, env=env, cwd=REPO)


def test_lang_es_validate_prints_spanish_findings_at_the_same_place() -> None:
    path = "tests/scenario/broken/unknown-field-typo.yaml"
    done = _validate_es(path)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        f"{path}:25:9: error: campo desconocido `feedbak` (¿quisiste decir `feedback`?); aquí se permiten: id, "
        "text, to, if, score, rapport, set, pattern, feedback, reply, examples, mood."]
    assert done.stderr == "1 error\n"


# One broken file per kind of finding an instructor meets most, and the Spanish words it must start with.
SPANISH = {
    "missing-title.yaml": "al archivo le falta el campo obligatorio `title`; agrega `title: ...`.",
    "wrong-type-minutes.yaml": "`minutes` debe ser un número entero, como 5.",
    "unknown-target-to.yaml": "`ptich` no nombra ningún nodo ni final (¿quisiste decir `pitch`?).",
    "out-of-range-score.yaml": "`first_impression` vale 5; debe ser un número entero de -3 a +3.",
    "tabs.yaml": "en YAML no se puede sangrar con tabulaciones; usa espacios.",
    "unknown-character-speaker.yaml": "hablante desconocido `",
    "bad-expression-single-equals.yaml": "condición incorrecta `",
    "loop.yaml": "esto crea un ciclo: ",
    "duplicate-key.yaml": "clave repetida `",
    "node-kind-none.yaml": "el nodo `",
    "bad-value-difficulty.yaml": "`difficulty: beginer` no está permitido (¿quisiste decir `beginner`?); usa uno de "
                                 "estos: 'beginner', 'intermediate' o 'advanced'.",
}


def test_broken_files_keep_file_line_column_severity_and_code_in_spanish() -> None:
    paths = [BROKEN / name for name in SPANISH]
    english = check_paths(paths, with_warnings=False)
    i18n.set_language("es")
    spanish = check_paths(paths, with_warnings=False)
    assert [(f.file, f.line, f.column, f.severity, f.code) for f in spanish] == \
        [(f.file, f.line, f.column, f.severity, f.code) for f in english]
    assert [f.message for f in spanish] != [f.message for f in english]
    said = {f.file.rsplit("/", 1)[-1]: f.message for f in spanish}
    for name, start in SPANISH.items():
        assert said[name].startswith(start), (name, said[name])
    for line in map(str, spanish):
        assert ": error: " in line  # the severity word editors read stays English


@pytest.mark.parametrize(("raw", "spanish"), [
    ("1:20", "YAML leyó `1:20` como un número en base 60 (80), como si fuera una hora; ponlo entre comillas"),
    ("010", "YAML leyó `010` como un número octal (8); escribe el número que buscas sin el cero inicial."),
    ("yes", "YAML leyó `yes` como true; ponlo entre comillas (\"yes\") si querías la palabra"),
])
def test_yaml_misreadings_are_explained_in_spanish(raw: str, spanish: str) -> None:
    from game.scenario import ScenarioError, load_scenario_text

    text = BASE.replace("score: {first_impression: 2}", f"score: {{first_impression: {raw}}}")
    assert text != BASE
    i18n.set_language("es")
    with pytest.raises(ScenarioError) as info:
        load_scenario_text(text, "s.yaml")
    (found,) = info.value.findings
    assert spanish in found.message, found.message
