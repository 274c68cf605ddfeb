"""Player settings, saved as JSON between runs.

A settings file is user data that may be old, hand-edited or broken; loading
keeps every valid value, drops the rest, and never stops the game from starting.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

TEXT_SIZES = ("small", "medium", "large", "projector")
TEXT_SPEEDS = ("slow", "normal", "fast")
MODES = ("practice", "assessment")
# The window's languages: "" follows the system (the environment), then each language with a catalog.
LANGUAGES = ("", "en", "es")
LANGUAGE_NAMES = {"en": "English", "es": "Español"}  # each in its own language, so it can be found
# Characters per second for each speed; a typed line should never feel like waiting.
CHARS_PER_SECOND = {"slow": 30.0, "normal": 60.0, "fast": 120.0}


@dataclass
class Settings:
    """Everything the player can change on the settings screen."""

    text_size: str = "medium"
    high_contrast: bool = False
    reduced_motion: bool = False
    text_speed: str = "normal"
    timers: bool = False
    mode: str = "practice"
    fullscreen: bool = False
    self_voicing: bool = False
    own_words: bool = False  # answer decisions by typing (needs the own-words extra; never in workshop mode)
    language: str = ""  # the window's language; "" follows the system, `--lang` overrides it for a run

    _CHOICES = {"text_size": TEXT_SIZES, "text_speed": TEXT_SPEEDS, "mode": MODES, "language": LANGUAGES}

    @property
    def chars_per_second(self) -> float:
        return CHARS_PER_SECOND.get(self.text_speed, 60.0)

    @classmethod
    def from_dict(cls, data: Any) -> Settings:
        """Keep each valid value; a wrong one falls back to its default."""
        out = cls()
        if not isinstance(data, dict):
            return out
        for f in fields(cls):
            if f.name not in data:
                continue
            value = data[f.name]
            allowed = cls._CHOICES.get(f.name)
            if allowed is not None:
                if value in allowed:
                    setattr(out, f.name, value)
            elif isinstance(value, bool):
                setattr(out, f.name, value)
        return out

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def default_path() -> Path:
    """settings.json in the platform's config folder; RAPPORT_CONFIG_DIR overrides it."""
    override = os.environ.get("RAPPORT_CONFIG_DIR")
    if override:
        return Path(override) / "settings.json"
    import platformdirs

    return Path(platformdirs.user_config_dir("rapport", appauthor=False)) / "settings.json"


def load(path: Path | None) -> Settings:
    """Settings from `path`; defaults when it is missing or unreadable (and say why in the log)."""
    if path is None or not path.is_file():
        return Settings()
    try:
        return Settings.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        log.warning("ignoring unreadable settings file %s: %s", path, exc)
        return Settings()


def save(settings: Settings, path: Path | None) -> None:
    """Write atomically, so a crash mid-write cannot leave a half file behind."""
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(settings.to_dict(), indent=2) + "\n", encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        log.warning("could not save settings to %s: %s", path, exc)
