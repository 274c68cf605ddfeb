"""Suite-wide: no test touches the real user's data or settings, and pygame never needs a screen."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


@pytest.fixture(autouse=True)
def _isolated_user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test gets its own data and config folders unless it sets them itself."""
    root: Path = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("RAPPORT_DATA_DIR", str(root / "data"))
    monkeypatch.setenv("RAPPORT_CONFIG_DIR", str(root / "config"))
    # Output never depends on the terminal the tests run in: lines wrap only where a test asks for a width.
    monkeypatch.setenv("COLUMNS", "1000")
    for var in ("RAPPORT_LRS_ENDPOINT", "RAPPORT_LRS_USERNAME", "RAPPORT_LRS_PASSWORD"):
        monkeypatch.delenv(var, raising=False)
    # The window speaks English unless a test asks for another language (the machine's locale never decides).
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    from game import i18n

    i18n.set_language(None)
