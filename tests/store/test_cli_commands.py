"""The functions behind `rapport sync`, `rapport lrs configure` and `rapport lrs status`."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

import pytest

from game.store import Database, cli_commands, outbox
from game.store.lrs_config import config_path, load_config

from .helpers import StubLrs, play

SECRET = "correct horse battery staple"


def test_sync_without_an_lrs_says_how_to_set_one(db: Database) -> None:
    play(db, "ana", [0, 0, 0])
    text, code, _ = cli_commands.sync(db_path=db.path)
    assert code == 2
    assert f"{outbox.status(db).pending} statements waiting" in text
    assert "RAPPORT_LRS_ENDPOINT" in text and "rapport lrs configure" in text


def test_sync_delivers_and_reports(db: Database, stub_lrs: StubLrs, monkeypatch: pytest.MonkeyPatch) -> None:
    play(db, "ana", [0, 0, 0])
    n = outbox.status(db).pending
    monkeypatch.setenv("RAPPORT_LRS_ENDPOINT", stub_lrs.endpoint)
    stub_lrs.script = [503]
    text, code, _ = cli_commands.sync(db_path=db.path)
    assert code == 1 and "Stopped:" in text and f"Pending: {n}." in text
    text, code, _ = cli_commands.sync(db_path=db.path)
    assert code == 0 and f"Sent {n} statements" in text and "Pending: 0." in text


def test_configure_writes_a_private_file_and_never_echoes_the_password(stub_lrs: StubLrs) -> None:
    asked: list[str] = []

    def prompt(label: str) -> str:
        asked.append(label)
        return SECRET

    text, code, _ = cli_commands.lrs_configure(stub_lrs.endpoint, "coach", read_password=prompt)
    assert asked and code == 0 and "Checked: the LRS answered 200: credentials accepted" in text
    assert SECRET not in text
    if sys.platform != "win32":
        assert stat.S_IMODE(config_path().stat().st_mode) == 0o600
    cfg = load_config()
    assert cfg is not None and cfg.password == SECRET and cfg.username == "coach"
    status, code, _ = cli_commands.lrs_status()
    assert code == 0 and SECRET not in status and "(set, hidden)" in status and stub_lrs.endpoint in status


def test_configure_warns_when_the_lrs_is_unreachable() -> None:
    text, code, _ = cli_commands.lrs_configure("http://127.0.0.1:9/xAPI", "coach", SECRET)
    assert code == 1 and "Warning: cannot reach" in text and SECRET not in text
    assert load_config() is not None  # saved anyway: the LRS may just be down right now


def test_configure_rejects_a_bad_endpoint() -> None:
    text, code, _ = cli_commands.lrs_configure("file:///etc/passwd", "coach", SECRET, check=False)
    assert code == 2 and "http://" in text and not config_path().exists()


def test_status_without_config(db: Database) -> None:
    text, code, _ = cli_commands.lrs_status(db_path=db.path)
    assert code == 0 and "No LRS configured" in text and "0 pending" in text


def test_the_store_never_imports_pygame_or_the_engine(tmp_path: Path) -> None:
    code = (
        "import sys; import game.store, game.store.cli_commands, game.store.report_html, game.store.outbox;"
        "bad = [m for m in sys.modules if m.split('.')[0] == 'pygame' or m.startswith('game.engine')];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
