"""`StoreResults` lives in `game.play.store_results` (pygame-free); kept here for the window's imports."""

from game.play.store_results import StoreResults

__all__ = ["StoreResults"]
