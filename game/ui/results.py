"""Where the UI gets past results: the protocol lives in `game.play.results` (below the UI, so text play and
the browser use it too); the names are kept here for the window's modules."""

from game.play.results import (
    BestResult,
    HistoryEntry,
    MemoryResults,
    NullResults,
    ReadOnlyResults,
    ResultsSource,
    ResumePoint,
)

__all__ = ["BestResult", "HistoryEntry", "MemoryResults", "NullResults", "ReadOnlyResults", "ResultsSource",
           "ResumePoint"]
