"""`export --out` and `report --out` never write onto the live database, its -wal/-shm, or an input."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from game.store import Database, cli_commands
from game.store import export as ex

from .helpers import play


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_export_refuses_the_live_database_and_its_companions(db: Database, suffix: str) -> None:
    play(db, "ana", [0, 0, 0])
    target = db.path.with_name(db.path.name + suffix)
    text, code, _ = cli_commands.export("json", target, all_players=True, db_path=db.path)
    assert code != 0 and "live database" in text and "choose another" in text
    assert not target.exists() or b"rapport-export" not in target.read_bytes()  # SQLite's own bytes only
    assert db.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_export_refuses_a_hard_link_or_a_relative_path_to_the_database(db: Database, tmp_path: Path) -> None:
    play(db, "ana", [0, 0, 0])
    link = tmp_path / "innocent.json"
    os.link(db.path, link)
    text, code, _ = cli_commands.export("csv", link, all_players=True, db_path=db.path)
    assert code != 0 and "live database" in text
    rel = Path(os.path.relpath(db.path, Path.cwd()))
    text, code, _ = cli_commands.export("csv", rel, all_players=True, db_path=db.path)
    assert code != 0 and "live database" in text


def test_report_refuses_an_input_and_the_live_database(db: Database, tmp_path: Path) -> None:
    play(db, "ana", [0, 0, 0])
    hand_in = tmp_path / "ana.json"
    assert cli_commands.export("json", hand_in, all_players=True, db_path=db.path).code == 0
    before = hand_in.read_bytes()
    text, code, _ = cli_commands.report([hand_in], hand_in)
    assert code == 1 and "inputs" in text and hand_in.read_bytes() == before
    text, code, _ = cli_commands.report([tmp_path], tmp_path / "ana.json")  # an input found in a folder
    assert code == 1 and hand_in.read_bytes() == before
    live = db.path.read_bytes()
    text, code, _ = cli_commands.report([hand_in], db.path)  # db.path is the default database here
    assert code == 1 and "live database" in text and db.path.read_bytes() == live


def test_an_interrupted_write_leaves_the_old_file_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "report.html"
    out.write_text("old and whole", encoding="utf-8")

    def boom(*_a: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ex.os, "replace", boom)
    with pytest.raises(OSError):
        ex.write_atomic(out, "new " * 10_000)
    assert out.read_text(encoding="utf-8") == "old and whole"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no temp file left behind
