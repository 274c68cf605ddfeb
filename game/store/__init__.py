"""Results: every attempt and decision in SQLite, history, exports, the xAPI outbox, the class report.

Standard library only at runtime (plus platformdirs for the data folder); never imports pygame
or the engine, which it reads through the plain data of `Decision` and `Debrief.to_dict()`.
"""

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

__all__ = [
    "Attempt", "AttemptStateError", "Database", "DatabaseTooNew", "DecisionRecord", "Player", "Recorder",
    "ResumeMismatch", "StoreError", "data_dir", "default_db_path", "default_player_name",
]
