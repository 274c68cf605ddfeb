"""Results: every attempt and decision in SQLite, history, exports, the xAPI outbox, the class report.

Standard library only at runtime (plus platformdirs for the data folder); never imports pygame
or the engine. The records a decision and a debrief are made of live in `game.store.records`, a
leaf the engine builds them with; so that importing that leaf does not load SQLite and the HTTP
client, the names below are imported on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from game.store.db import (
        Attempt,
        AttemptStateError,
        Database,
        DatabaseTooNew,
        DecisionRecord,
        Player,
        StoreError,
        data_dir,
        default_db_path,
        default_player_name,
    )
    from game.store.recorder import Recorder, ResumeMismatch

_WHERE = {
    **dict.fromkeys(["Attempt", "AttemptStateError", "Database", "DatabaseTooNew", "DecisionRecord", "Player",
                     "StoreError", "data_dir", "default_db_path", "default_player_name"], "game.store.db"),
    "Recorder": "game.store.recorder", "ResumeMismatch": "game.store.recorder",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'game.store' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = [
    "Attempt", "AttemptStateError", "Database", "DatabaseTooNew", "DecisionRecord", "Player", "Recorder",
    "ResumeMismatch", "StoreError", "data_dir", "default_db_path", "default_player_name",
]
