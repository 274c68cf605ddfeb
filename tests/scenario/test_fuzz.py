"""Fuzzing the loader: mutated scenario files give a Scenario or a ScenarioError with real positions — nothing else.

Any other exception (a KeyError, an IndexError, a pydantic error leaking out) is a bug in the loader.
"""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.scenario import Scenario, ScenarioError, load_scenario_text
from game.scenario.lint_rules import static_warnings

from .conftest import BASE, GOOD

SOURCES = [BASE] + [p.read_text(encoding="utf-8") for p in sorted([*GOOD.glob("*.yaml"), *GOOD.glob("*.yml")])]
YAML_CHARS = ":-[]{}&*!|>'\"#%@,?`~ \t\n\\.0123456789abcxyzABCNY_=<"
ODD_CHARS = "\x00\x07\x1b\x7f\x85\u00e9\u2028\u2029\ufeff\U0001f600\r"

# RAPPORT_FUZZ_EXAMPLES=20000 runs a longer hunt; the default keeps the suite quick.
FUZZ = settings(max_examples=int(os.environ.get("RAPPORT_FUZZ_EXAMPLES", "250")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text: str = draw(st.sampled_from(SOURCES))
    for _ in range(draw(st.integers(1, 4))):
        lines = text.split("\n")
        n = len(lines)
        i = draw(st.integers(0, n - 1))
        j = draw(st.integers(0, n - 1))
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "indent", "dedent", "tab", "insert", "odd",
                                   "swap-values", "truncate", "replace-value", "join"]))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "indent":
            lines[i] = " " * draw(st.integers(1, 3)) + lines[i]
        elif op == "dedent":
            lines[i] = lines[i][draw(st.integers(1, 4)):]
        elif op == "tab":
            lines[i] = "\t" + lines[i].lstrip(" ")
        elif op in ("insert", "odd"):
            alphabet = YAML_CHARS if op == "insert" else ODD_CHARS + YAML_CHARS
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(st.text(alphabet, min_size=1, max_size=4)) + lines[i][at:]
        elif op == "swap-values":
            if ": " in lines[i] and ": " in lines[j]:
                ki, vi = lines[i].split(": ", 1)
                kj, vj = lines[j].split(": ", 1)
                lines[i], lines[j] = f"{ki}: {vj}", f"{kj}: {vi}"
        elif op == "truncate":
            text = "\n".join(lines)
            return text[: draw(st.integers(0, len(text)))]
        elif op == "replace-value":
            if ": " in lines[i]:
                key = lines[i].split(": ", 1)[0]
                value = draw(st.one_of(
                    st.sampled_from(["", "~", "null", "no", "yes", "1:20", "-4", "9" * 30, "[]", "{}", "[a, b]",
                                     "{a: 1}", "'x'", '"', "&a x", "*a", "!!str x", "|", ">", "- x", "0x1F", "1e9",
                                     ".inf", "2024-01-01", "approach", "pitch", "warm", "maya.rapport >= 1"]),
                    st.text(YAML_CHARS, max_size=8)))
                lines[i] = f"{key}: {value}"
        elif op == "join" and i + 1 < n:
            lines[i:i + 2] = [lines[i] + " " + lines[i + 1].lstrip()]
        text = "\n".join(lines)
    return text


def check_outcome(text: str) -> None:
    n_lines = max(1, len(text.splitlines()) + 1)
    try:
        sc = load_scenario_text(text, "fuzz.yaml")
    except ScenarioError as exc:
        assert exc.findings
        for f in exc.findings:
            assert f.line >= 1 and f.column >= 1, f
            assert f.line <= n_lines + 1, f
            assert f.message.strip() and f.code and f.file == "fuzz.yaml", f
            assert f.severity == "error"
        return
    assert isinstance(sc, Scenario)
    for w in static_warnings(sc):
        assert w.line >= 1 and w.column >= 1 and w.message.strip()


@FUZZ
@given(mutated())
def test_mutated_files_load_or_fail_cleanly(text: str) -> None:
    check_outcome(text)


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes_fail_cleanly(data: bytes) -> None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        from game.scenario.yamlread import read_bytes

        try:
            read_bytes(data, "fuzz.yaml")
        except ScenarioError as exc:
            assert exc.findings[0].code == "encoding"
        return
    check_outcome(text)


@FUZZ
@given(st.text(alphabet=YAML_CHARS + ODD_CHARS, max_size=200))
def test_random_yaml_ish_text_fails_cleanly(text: str) -> None:
    check_outcome(text)


def test_the_sources_load() -> None:
    for text in SOURCES:
        assert isinstance(load_scenario_text(text, "s.yaml"), Scenario)


def test_known_crashers_stay_fixed(tmp_path: Path) -> None:
    """Inputs hypothesis found once; each must stay a clean ScenarioError or a Scenario."""
    for text in CRASHERS:
        check_outcome(text)


CRASHERS: list[str] = []
