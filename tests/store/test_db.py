"""The database: folders, migrations, WAL, corruption, players."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from game.store import db as dbmod
from game.store.db import SCHEMA_VERSION, Database, DatabaseTooNew, migrate

from .helpers import play


def test_data_dir_follows_the_environment(store_env: Path) -> None:
    assert dbmod.data_dir() == store_env / "data"
    with Database() as d:
        assert d.path == store_env / "data" / "rapport.sqlite3"
        assert d.path.exists()


def test_data_dir_defaults_to_platformdirs(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    monkeypatch.delenv("RAPPORT_DATA_DIR")
    assert dbmod.data_dir() == Path(platformdirs.user_data_dir("rapport", appauthor=False))


def test_fresh_database_is_wal_and_current(db: Database) -> None:
    assert db.journal_mode == "wal"
    assert db.schema_version == SCHEMA_VERSION == 4
    tables = {r[0] for r in db.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"players", "attempts", "decisions", "outbox"} <= tables
    assert db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_readers_do_not_wait_for_a_writer(db: Database) -> None:
    play(db, "ana", [0, 0, 0])
    other = sqlite3.connect(db.path)
    db.conn.execute("BEGIN IMMEDIATE")
    db.conn.execute("INSERT INTO players(name, created) VALUES ('zed', 'now')")
    # WAL: the second connection reads the last committed state while the write is open.
    assert other.execute("SELECT COUNT(*) FROM players").fetchone()[0] == 1
    db.conn.execute("COMMIT")
    assert other.execute("SELECT COUNT(*) FROM players").fetchone()[0] == 2
    other.close()


def test_version_1_database_is_migrated_keeping_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, target=1) == 1
    conn.execute("INSERT INTO players(name, created) VALUES ('ana', '2026-01-01T00:00:00.000Z')")
    conn.execute(
        "INSERT INTO attempts(uuid, player_id, scenario_id, mode, started) VALUES ('u1', 1, 's', 'practice', 'x')")
    conn.close()
    with Database(path) as d:
        assert d.schema_version == 4
        assert [p.name for p in d.players()] == ["ana"]
        assert d.attempts("ana")[0].uuid == "u1"
        assert d.conn.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == 0
    with Database(path) as d:  # opening again is a no-op
        assert d.schema_version == 4


def test_a_failing_migration_leaves_the_previous_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "r.sqlite3"
    Database(path).close()

    def broken_v5(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("disk full, say")

    monkeypatch.setattr(dbmod, "MIGRATIONS", [*dbmod.MIGRATIONS, broken_v5])
    monkeypatch.setattr(dbmod, "SCHEMA_VERSION", 5)
    conn = sqlite3.connect(path, isolation_level=None)
    with pytest.raises(RuntimeError):
        dbmod.migrate(conn, target=5)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 4
    assert conn.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'half_done'").fetchone()[0] == 0
    conn.close()


def test_a_newer_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite3"
    Database(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseTooNew, match="update Rapport"):
        Database(path)
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("*.corrupt-*"))


def test_garbage_file_is_moved_aside_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "rapport.sqlite3"
    junk = b"this is not a database, but someone's homework" * 100
    path.write_bytes(junk)
    with Database(path) as d:
        assert d.moved_aside is not None
        assert d.moved_aside.read_bytes() == junk
        assert d.moved_aside.name.startswith("rapport.sqlite3.corrupt-")
        assert len(d.notices) == 1 and str(d.moved_aside) in d.notices[0] and "fresh" in d.notices[0]
        play(d, "ana", [0, 0, 0])  # the fresh one works
    # A second damaged file on the same second does not overwrite the first one moved aside.
    path.write_bytes(junk + b"2")
    with Database(path) as d2:
        assert d2.moved_aside is not None
    aside = sorted(tmp_path.glob("rapport.sqlite3.corrupt-*"))
    assert len(aside) == 2
    assert {p.read_bytes() for p in aside} == {junk, junk + b"2"}


def test_damaged_pages_are_detected_and_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "rapport.sqlite3"
    with Database(path) as d:
        for i in range(40):
            play(d, f"learner{i}", [1, 1, 1])
        d.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = bytearray(path.read_bytes())
    assert len(raw) > 8 * 4096
    for offset in range(2 * 4096, len(raw) - 4096, 4096):  # scribble over every page but the first two
        raw[offset + 8: offset + 200] = b"\xff" * 192
    path.write_bytes(bytes(raw))
    with Database(path) as d:
        assert d.moved_aside is not None, "damage went unnoticed"
        assert "could not be read" in d.notices[0]
        assert d.attempts() == []


def test_a_locked_database_is_not_mistaken_for_corruption(tmp_path: Path) -> None:
    path = tmp_path / "rapport.sqlite3"
    Database(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        Database(path, timeout=0.1)
    holder.execute("ROLLBACK")
    holder.close()
    assert not list(tmp_path.glob("*.corrupt-*"))


def test_players_default_to_the_os_user(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dbmod.getpass, "getuser", lambda: "maya")
    assert db.player().name == "maya"
    assert db.player("Maya").id == db.player("maya").id  # names are case-insensitive
    assert db.player("  jo ").name == "jo"
    assert [p.name for p in db.players()] == ["jo", "maya"]


def test_player_name_falls_back_when_the_os_has_none(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail() -> str:
        raise OSError("no user")

    monkeypatch.setattr(dbmod.getpass, "getuser", fail)
    assert dbmod.default_player_name() == "player"


def test_timestamps_are_utc_millis(db: Database) -> None:
    ts = db.now()
    assert ts.endswith("Z") and len(ts) == len("2026-11-23T12:00:00.000Z")
    assert dbmod.parse_iso(ts).utcoffset().total_seconds() == 0  # type: ignore[union-attr]
