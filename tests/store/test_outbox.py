"""The outbox against a scripted LRS: batches, 409s, rejects, outages, backoff, the background thread."""

from __future__ import annotations

import base64
import os
import stat
from pathlib import Path

import pytest

from game.store import Database, outbox
from game.store.lrs_config import ConfigError, LrsConfig, config_path, load_config, save_config
from game.store.outbox import BackgroundSender, flush, start_background_sync

from .helpers import StubLrs, play, wait_for


def _cfg(stub: StubLrs) -> LrsConfig:
    return LrsConfig(stub.endpoint, "coach", "s3cret")


def test_flush_sends_everything_in_batches(db: Database, stub_lrs: StubLrs) -> None:
    for name in ("ana", "bo", "cy"):
        play(db, name, [0, 1, 0])
    total = outbox.status(db).pending
    res = flush(db, _cfg(stub_lrs), batch_size=4)
    assert res.ok and res.delivered == total and res.pending == 0
    assert [len(b) for b in stub_lrs.received][:-1] == [4] * (len(stub_lrs.received) - 1)
    assert sorted(stub_lrs.ids) == sorted(r[0] for r in db.conn.execute("SELECT statement_id FROM outbox"))
    assert stub_lrs.auth[0] == "Basic " + base64.b64encode(b"coach:s3cret").decode()
    assert flush(db, _cfg(stub_lrs)).delivered == 0  # nothing is sent twice


def test_a_409_on_a_batch_is_retried_one_by_one(db: Database, stub_lrs: StubLrs) -> None:
    """An LRS rejects a whole batch for one id it already holds; the others must still get there."""
    play(db, "ana", [0, 0, 0])
    n = outbox.status(db).pending
    stub_lrs.script = [409, 409]  # the batch, then the first single statement
    res = flush(db, _cfg(stub_lrs))
    assert res.ok and res.duplicates == 1 and res.delivered == n - 1 and res.pending == 0
    assert len(stub_lrs.ids) == n - 1
    (note,) = [r[0] for r in db.conn.execute("SELECT last_error FROM outbox WHERE last_error IS NOT NULL")]
    assert note.startswith("409")


def test_a_rejected_statement_is_set_aside_not_lost(db: Database, stub_lrs: StubLrs) -> None:
    play(db, "ana", [0, 0, 0])
    n = outbox.status(db).pending
    stub_lrs.script = [400, 200, 400]  # batch refused; then the 2nd single one is the bad one
    res = flush(db, _cfg(stub_lrs))
    assert res.rejected == 1 and res.failed == 1 and res.pending == 0 and res.delivered == n - 1
    assert outbox.status(db).last_error is not None and "400" in outbox.status(db).last_error
    res = flush(db, _cfg(stub_lrs), retry_failed=True)
    assert res.delivered == 1 and res.failed == 0


def test_an_outage_keeps_everything_pending(db: Database, stub_lrs: StubLrs) -> None:
    play(db, "ana", [0, 0, 0])
    n = outbox.status(db).pending
    stub_lrs.script = [503]
    res = flush(db, _cfg(stub_lrs))
    assert not res.ok and "503" in (res.error or "") and res.pending == n
    down = LrsConfig("http://127.0.0.1:9/xAPI", "coach", "s3cret")  # nothing listens on port 9
    res = flush(db, down, timeout=1.0)
    assert not res.ok and "cannot reach" in (res.error or "") and res.pending == n
    assert db.conn.execute("SELECT MIN(tries) FROM outbox").fetchone()[0] == 2
    assert flush(db, _cfg(stub_lrs)).delivered == n


def test_refused_credentials_stop_the_flush(db: Database, stub_lrs: StubLrs) -> None:
    play(db, "ana", [0, 0, 0])
    stub_lrs.script = [401]
    res = flush(db, _cfg(stub_lrs))
    assert "refused the credentials" in (res.error or "") and res.pending == outbox.status(db).pending > 0


def test_background_sender_backs_off_exponentially_then_delivers(tmp_path: Path, stub_lrs: StubLrs) -> None:
    path = tmp_path / "r.sqlite3"
    db = Database(path)
    stub_lrs.script = [503, 503, 503, 503]
    sender = BackgroundSender(path, _cfg(stub_lrs), base_delay=0.05, max_delay=0.3, rng=lambda: 1.0,
                              idle_poll=0.2)
    play(db, "ana", [0, 0, 0], sender=sender)
    sender.start()
    try:
        assert wait_for(lambda: outbox.status(db).pending == 0, timeout=10)
        assert sender.delays[:4] == pytest.approx([0.05, 0.1, 0.2, 0.3])  # doubling, capped
        assert sender.failures == 0 and sender.last is not None and sender.last.ok
        # New statements are picked up as they are recorded.
        play(db, "bo", [1, 1, 1], sender=sender)
        assert wait_for(lambda: outbox.status(db).pending == 0, timeout=10)
    finally:
        sender.stop()
    assert not sender.is_alive()
    ids = stub_lrs.ids
    assert len(ids) == len(set(ids)) == outbox.status(db).sent
    db.close()


def test_close_drains_what_it_can(tmp_path: Path, stub_lrs: StubLrs) -> None:
    path = tmp_path / "r.sqlite3"
    db = Database(path)
    sender = start_background_sync(path, _cfg(stub_lrs), idle_poll=30.0)
    assert sender is not None
    play(db, "ana", [0, 0, 0], sender=sender)
    sender.close(timeout=5.0)
    assert not sender.is_alive() and outbox.status(db).pending == 0
    db.close()


def test_no_sender_without_an_lrs(tmp_path: Path) -> None:
    assert start_background_sync(tmp_path / "r.sqlite3") is None


def test_config_from_the_environment_beats_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_config() is None
    save_config("https://lrs.college.example/xAPI/", "alice", "file-pw")
    cfg = load_config()
    assert cfg is not None
    assert (cfg.endpoint, cfg.username, cfg.password) == ("https://lrs.college.example/xAPI", "alice", "file-pw")
    assert cfg.statements_url == "https://lrs.college.example/xAPI/statements"
    monkeypatch.setenv("RAPPORT_LRS_PASSWORD", "env-pw")
    cfg = load_config()
    assert cfg is not None and cfg.password == "env-pw" and cfg.username == "alice"
    assert "RAPPORT_LRS_PASSWORD" in cfg.source


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_settings_file_is_private_and_the_password_never_shown() -> None:
    path = save_config("http://127.0.0.1:8100/xAPI", "alice", "hunter2-very-secret")
    assert path == config_path()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not list(path.parent.glob(".lrs-*"))  # no temporary file left behind
    cfg = load_config()
    assert cfg is not None
    assert "hunter2" not in cfg.describe() and "hunter2" not in repr(cfg)


@pytest.mark.parametrize("bad", ["file:///etc/passwd", "ftp://x/y", "lrs.example/xAPI", ""])
def test_only_http_endpoints(bad: str) -> None:
    with pytest.raises(ConfigError):
        save_config(bad, "a", "b")


def test_a_broken_settings_file_is_a_clear_error(store_env: Path) -> None:
    config_path().parent.mkdir(parents=True)
    config_path().write_text("{not json")
    with pytest.raises(ConfigError, match="cannot read"):
        load_config()
