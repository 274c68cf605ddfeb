"""The trend rule lives in `game.trend` (a leaf: no imports, below the store and the UI); kept here for the store's imports."""

from game.trend import TREND_THRESHOLD, Trend, trend

__all__ = ["TREND_THRESHOLD", "Trend", "trend"]
