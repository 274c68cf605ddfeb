"""The style checks are part of the suite: `ruff check` and `mypy` (strict on the pure core) must be clean."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), cwd=REPO, capture_output=True, text=True, timeout=900, check=False)


def test_ruff_is_clean() -> None:
    result = _run(str(BIN / "ruff"), "check", ".")
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]


def test_mypy_is_clean() -> None:
    # Strict on the scenario and engine layers, the project's settings on the rest ([tool.mypy]).
    strict = _run(sys.executable, "-m", "mypy", "--strict", "game/scenario", "game/engine")
    assert strict.returncode == 0, strict.stdout[-6000:] + strict.stderr[-2000:]
    rest = _run(sys.executable, "-m", "mypy", "game")
    assert rest.returncode == 0, rest.stdout[-6000:] + rest.stderr[-2000:]
