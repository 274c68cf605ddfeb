"""Storage problems a user can cause are one sentence naming the folder or file, never "internal error"."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _rapport(tmp_path: Path, data: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RAPPORT_DATA_DIR": str(data), "RAPPORT_CONFIG_DIR": str(tmp_path / "config"),
           "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy", "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "game", *argv], check=False, env=env, capture_output=True,
                          text=True, timeout=60, cwd=ROOT)


def _no_internal_error(res: subprocess.CompletedProcess[str]) -> None:
    assert "internal error" not in res.stderr and "Traceback" not in res.stderr, res.stderr


def test_data_folder_that_is_a_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.write_text("not a folder")
    res = _rapport(tmp_path, data, "history")
    _no_internal_error(res)
    assert res.returncode == 1
    assert f"the data folder {data} is a file" in res.stderr and "RAPPORT_DATA_DIR" in res.stderr


def test_database_from_a_newer_version(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    conn = sqlite3.connect(data / "rapport.sqlite3")
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    res = _rapport(tmp_path, data, "history")
    _no_internal_error(res)
    assert res.returncode == 1
    assert str(data / "rapport.sqlite3") in res.stderr and "update Rapport" in res.stderr
    assert not list(data.glob("*.corrupt-*")), "a newer database is refused, never moved aside"


def test_read_only_data_folder(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    if os.geteuid() == 0:
        # root writes through permission bits: a read-only mount is the honest way to test it
        if subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=100k", "tmpfs", str(data)],
                          check=False, capture_output=True).returncode != 0:
            pytest.skip("cannot mount a read-only folder here")
    else:
        data.chmod(0o555)
    try:
        res = _rapport(tmp_path, data, "history")
    finally:
        if os.geteuid() == 0:
            subprocess.run(["umount", str(data)], check=False)
        else:
            data.chmod(0o755)
    _no_internal_error(res)
    assert res.returncode == 1
    assert f"the data folder {data} is read-only" in res.stderr and "RAPPORT_DATA_DIR" in res.stderr


@pytest.mark.parametrize("content", ["{broken", "[1, 2]"])
def test_broken_lrs_settings_are_a_warning_and_play_goes_on(tmp_path: Path, content: str) -> None:
    (tmp_path / "config").mkdir()
    lrs = tmp_path / "config" / "lrs.json"
    lrs.write_text(content)
    scenario = ROOT / "scenarios" / "career-fair-booth.yaml"
    env = {**os.environ, "RAPPORT_DATA_DIR": str(tmp_path / "data"), "RAPPORT_CONFIG_DIR": str(tmp_path / "config"),
           "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy", "PYTHONPATH": str(ROOT)}
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    res = subprocess.run([sys.executable, "-m", "game", "play", "--text", str(scenario)], check=False, env=env,
                         input="q\n", capture_output=True, text=True, timeout=60, cwd=ROOT)
    _no_internal_error(res)
    assert f"warning: cannot read the LRS settings in {lrs}" in res.stderr or f"warning: {lrs} should hold" in res.stderr
    assert "Playing without sending results" in res.stderr
    assert res.returncode == 0, res.stderr
    assert lrs.read_text() == content
