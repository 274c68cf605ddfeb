"""The browser tests share one built site (building draws every picture and copies Pyodide: seconds)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACK = REPO / "scenarios"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "lrs: starts a real Learning Record Store (ralph) on loopback")
    config.addinivalue_line("markers", "chromium: renders a page in headless Chromium")


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped pack built with `rapport web build` (npm ci runs once, into the shared npm folder)."""
    if shutil.which("npm") is None and not os.environ.get("RAPPORT_WEB_NPM_DIR"):
        if os.environ.get("RAPPORT_REQUIRE_CHROMIUM"):  # CI installs npm: its absence is a failure there
            pytest.fail("npm is not installed, so the site's Pyodide core cannot be installed")
        pytest.skip("npm is not installed, so the site's Pyodide core cannot be installed")
    from game.web.build import build_site

    out = tmp_path_factory.mktemp("site")
    build_site(PACK, out)
    return out
