"""`rapport analyze`, `simulate` and `graph`: output shapes, and errors without tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.cli import main

from .helpers import HALLWAY, REPO
from .test_analysis import HALLWAY_ANALYSIS

BROKEN = "title: Bad\nsummary: s\nnodes:\n  a: {text: x, next: nowhere}\nendings:\n  e: {title: E, text: E., outcome: success}\n"


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    got = capsys.readouterr()
    return code, got.out, got.err


def test_analyze_json_has_exactly_the_documented_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "analyze", str(HALLWAY), "--format", "json")
    assert code == 0 and err == ""
    assert json.loads(out) == HALLWAY_ANALYSIS
    assert list(json.loads(out)) == ["paths", "principles", "endings", "unreachable_nodes"]


def test_analyze_text_summary(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "analyze", str(HALLWAY))
    assert code == 0
    assert "15 distinct paths; 10 of 10 nodes and 3 of 3 endings reachable." in out
    assert "  First impression*      -1     +3" in out
    assert "focus total (First impression, Follow-through, best +7): hello #1 > ask #3 > offer #1 > follow #1 > " \
           "wrap #1" in out
    assert "  Communication (best +2): hello #1 > ask #1 > warm_offer #1 > follow #1 > wrap #1" in out
    assert "Conditions that never hold\n  wrap, choice 3: `lee.rapport >= 5`" in out
    assert "Unreachable nodes\n  none" in out


def test_simulate_is_deterministic_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    args = ("simulate", str(HALLWAY), "-n", "300", "--seed", "4", "--policy", "random", "--format", "json")
    _, first, _ = cli(capsys, *args)
    code, second, _ = cli(capsys, *args)
    assert code == 0 and first == second
    data = json.loads(first)
    assert data["runs"] == 300 and sum(e["count"] for e in data["endings"].values()) == 300
    assert {"node": "wrap", "index": 2, "text": "Complain that Sam never answered.", "reachable": True} \
        in data["never_taken"]
    code, text, _ = cli(capsys, "simulate", str(HALLWAY), "-n", "50", "--policy", "best")
    assert code == 0 and "50 playthroughs, policy best, seed 0" in text and "Choices never taken" in text
    assert "  hired   success       50  100.0%" in text


def test_graph_formats(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "graph", str(HALLWAY), "--format", "mermaid", "--highlight", "best")
    assert code == 0 and "stateDiagram-v2" in out and "Class hired success_best" in out
    code, out, _ = cli(capsys, "graph", str(HALLWAY), "--format", "dot")
    assert code == 0 and out.startswith("// The Hallway Coffee\ndigraph hallway {")
    code, _, err = cli(capsys, "graph", str(HALLWAY), "--highlight", "charm")
    assert code == 2 and err.startswith("rapport: cannot highlight `charm`")


@pytest.mark.parametrize("command", [["analyze"], ["simulate", "-n", "5"], ["graph"]])
def test_broken_or_missing_files_give_file_line_col_and_status_1(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, command: list[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(BROKEN, encoding="utf-8")
    code, out, err = cli(capsys, command[0], str(bad), *command[1:])
    assert code == 1 and out == ""
    assert "bad.yaml:4:" in err and ": error: " in err and "Traceback" not in err
    code, _, err = cli(capsys, command[0], str(tmp_path / "missing.yaml"), *command[1:])
    assert code == 1 and "missing.yaml:1:1: error: cannot read the file" in err
    code, _, err = cli(capsys, command[0], str(tmp_path), *command[1:])
    assert code == 1 and ":1:1: error:" in err


def test_simulate_refuses_silly_counts(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(capsys, "simulate", str(HALLWAY), "-n", "0")
    assert code == 2 and err.startswith("rapport: -n must be")


def test_every_shipped_scenario_analyses_simulates_and_maps(capsys: pytest.CaptureFixture[str]) -> None:
    for path in sorted((REPO / "scenarios").glob("*.yaml")):
        code, out, err = cli(capsys, "analyze", str(path), "--format", "json")
        if code == 1:  # a scenario being written right now: the loader reports it, no traceback
            assert ": error: " in err
            continue
        assert code == 0 and json.loads(out)["paths"] >= 1
        assert cli(capsys, "simulate", str(path), "-n", "200")[0] == 0
        assert cli(capsys, "graph", str(path), "--format", "dot", "--highlight", "best")[0] == 0
