"""The instructor's commands: `rapport validate`, `lint` and `schema` — output, exit status, and no pygame."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.cli import main

from .conftest import BASE, BROKEN, GOOD, REPO, run_python, run_rapport


def rapport(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_validate_good_files_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = rapport(capsys, "validate", str(GOOD), str(GOOD / "minimal.yaml"))
    assert (code, out) == (0, "")
    assert err == "ok: no errors\n"


def test_validate_broken_file_exit_1_with_path_line_col(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # outside the repo, a path prints as it was given
    path = BROKEN / "unknown-target-to.yaml"
    code, out, err = rapport(capsys, "validate", str(path))
    assert code == 1
    assert out.splitlines() == [
        f"{path}:16:13: error: `ptich` names no node or ending (did you mean `pitch`?)."]
    assert err == "1 error\n"


def test_paths_print_relative_to_the_current_folder(capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    code, out, _ = rapport(capsys, "validate", "tests/scenario/broken/loop.yaml")
    assert code == 1
    assert out.startswith("tests/scenario/broken/loop.yaml:32:13: error: this creates a loop: approach → pitch")


def test_validate_a_folder_reports_every_broken_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = rapport(capsys, "validate", str(BROKEN))
    lines = out.splitlines()
    assert code == 1
    assert len(lines) == len(list(BROKEN.glob("*.yaml")))
    assert all(": error: " in line for line in lines)
    assert err == f"{len(lines)} errors\n"


def test_validate_ignores_warnings(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "warn.yaml"
    path.write_text(BASE.replace("        feedback: Too fast.\n", ""))
    assert rapport(capsys, "validate", str(path))[0] == 0


def test_validate_missing_path(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = rapport(capsys, "validate", str(tmp_path / "nope.yaml"))
    assert code == 1 and out == f"{tmp_path / 'nope.yaml'}:1:1: error: no such file or folder; check the path.\n"


def test_lint_warnings_and_strict(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "warn.yaml"
    path.write_text(BASE.replace("        feedback: Too fast.\n", ""))
    code, out, err = rapport(capsys, "lint", str(path))
    assert code == 0
    assert out == (f"{path}:19:9: warning: this choice has no `feedback`; add a line from the coach saying why it "
                   "helps or hurts (shown after the choice in practice mode, and in the debrief).\n")
    assert err == "0 errors, 1 warning\n"
    code, _, _ = rapport(capsys, "lint", "--strict", str(path))
    assert code == 1
    clean = tmp_path / "clean.yaml"
    clean.write_text(BASE)
    assert rapport(capsys, "lint", "--strict", str(clean))[:2] == (0, "")


def test_lint_errors_fail_without_strict(capsys: pytest.CaptureFixture[str]) -> None:
    assert rapport(capsys, "lint", str(BROKEN / "loop.yaml"))[0] == 1


def test_lint_json_shape(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "warn.yaml"
    path.write_text(BASE.replace("        feedback: Too fast.\n", ""))
    code, out, err = rapport(capsys, "lint", "--format", "json", str(path), str(BROKEN / "tabs.yaml"))
    assert code == 1 and err == ""
    items = json.loads(out)
    assert isinstance(items, list) and len(items) == 2
    for item in items:
        assert set(item) == {"file", "line", "column", "severity", "code", "message"}
        assert isinstance(item["line"], int) and isinstance(item["column"], int)
        assert item["severity"] in ("error", "warning")
    by_code = {i["code"]: i for i in items}
    assert by_code["yaml-syntax"] == {"file": str(BROKEN / "tabs.yaml"), "line": 9, "column": 1,
                                      "severity": "error", "code": "yaml-syntax",
                                      "message": "Tabs can't indent YAML; use spaces."}
    assert (by_code["no-feedback"]["line"], by_code["no-feedback"]["column"]) == (19, 9)


def test_validate_json_is_an_empty_list_when_clean(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = rapport(capsys, "validate", "--format", "json", str(GOOD))
    assert (code, json.loads(out), err) == (0, [], "")


def test_schema_prints_the_committed_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = rapport(capsys, "schema")
    assert code == 0
    assert json.loads(out) == json.loads((REPO / "schema" / "scenario.schema.json").read_text())


def test_end_to_end_exit_status_and_no_traceback() -> None:
    ok = run_rapport("validate", str(GOOD))
    assert ok.returncode == 0, ok.stderr
    bad = run_rapport("validate", str(BROKEN / "yaml-python-tag.yaml"), str(BROKEN / "encoding-latin1.yaml"))
    assert bad.returncode == 1
    assert "Traceback" not in bad.stderr + bad.stdout
    assert len(bad.stdout.splitlines()) == 2


_NO_PYGAME = """\
import contextlib, io, json, sys
from game.cli import main
args = sys.argv[1:]
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    try:
        code = main(args)
    except SystemExit as exc:
        code = exc.code
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("pygame", "pygame_gui"))
print(json.dumps({"code": code, "loaded": loaded}))
"""


@pytest.mark.parametrize("args", [["--help"], ["validate", "GOOD"], ["lint", "GOOD", "BROKEN/loop.yaml"],
                                  ["lint", "--format", "json", "GOOD"], ["schema"]], ids=" ".join)
def test_commands_without_a_window_never_import_pygame(args: list[str]) -> None:
    argv = [a.replace("GOOD", str(GOOD)).replace("BROKEN", str(BROKEN)) for a in args]
    result = run_python(_NO_PYGAME, *argv)
    assert result.returncode == 0, result.stderr[-800:]
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["loaded"] == []
    assert report["code"] in (0, 1)
