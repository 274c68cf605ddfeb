"""Subcommands for this area are registered here (see game/commands/__init__.py)."""

from __future__ import annotations

from typing import Any


def register(sub: Any) -> None:
    """No subcommands yet."""
