"""Rapport: a networking role-play trainer."""

__version__ = "0.1.0"
