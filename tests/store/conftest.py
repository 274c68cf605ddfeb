"""Fixtures for the store: a private data folder, a scripted LRS, a real LRS (ralph) on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from game.store import Database

from .helpers import RalphLrs, StubLrs


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "lrs: starts a real Learning Record Store (ralph) on loopback")
    config.addinivalue_line("markers", "chromium: renders a page in headless Chromium")


@pytest.fixture(autouse=True)
def store_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data and config folders and no LRS settings from the host."""
    monkeypatch.setenv("RAPPORT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("RAPPORT_CONFIG_DIR", str(tmp_path / "config"))
    for var in ("RAPPORT_LRS_ENDPOINT", "RAPPORT_LRS_USERNAME", "RAPPORT_LRS_PASSWORD", "RAPPORT_LRS_HOMEPAGE"):
        monkeypatch.delenv(var, raising=False)
    return tmp_path


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    d = Database(tmp_path / "data" / "rapport.sqlite3")
    yield d
    d.close()


@pytest.fixture
def stub_lrs() -> Iterator[StubLrs]:
    s = StubLrs()
    yield s
    s.close()


@pytest.fixture(scope="session")
def ralph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RalphLrs]:
    pytest.importorskip("ralph", reason="needs ralph-malph[cli,lrs] (the `test` extra)")
    pytest.importorskip("bcrypt")
    lrs = RalphLrs(tmp_path_factory.mktemp("ralph"))
    lrs.start()
    yield lrs
    lrs.stop()
