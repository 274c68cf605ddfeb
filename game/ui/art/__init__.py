"""Portraits and backgrounds: a pack's own PNGs first, then art drawn by code.

`ArtLibrary` is the only door the scenes use. It caches every rendered
surface (drawing an avatar costs milliseconds, a frame must not), keyed by
what changes the pixels: key, mood and size. Caches are small LRUs because a
window being resized would otherwise fill memory with one entry per size.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from collections import OrderedDict
from pathlib import Path
from typing import Protocol

import pygame

from game.ui.art.avatar import MOODS, AvatarSpec, Mood, draw_avatar
from game.ui.art.backgrounds import PAINTERS, draw_background

__all__ = ["ArtLibrary", "AssetSource", "MOODS", "Mood", "mood_for", "BUILTIN_SETTINGS"]

log = logging.getLogger(__name__)
BUILTIN_SETTINGS: tuple[str, ...] = tuple(PAINTERS)

# Outfits that suit a preset role, so `recruiter_2` reads as a recruiter.
_ROLE_OUTFIT = {
    "recruiter": "blazer", "manager": "blazer", "director": "blazer", "speaker": "blazer",
    "student": "sweater", "peer": "sweater", "designer": "turtleneck", "engineer": "shirt",
    "analyst": "shirt", "professor": "sweater", "founder": "turtleneck",
}


class AssetSource(Protocol):
    """What a pack offers for overrides (game.scenario.Pack satisfies it)."""

    def asset_path(self, kind: str, key: str) -> Path | None: ...


def mood_for(rapport: int) -> Mood:
    """Rapport to expression: the single rule, so every screen agrees."""
    if rapport >= 1:
        return "warm"
    if rapport <= -1:
        return "cool"
    return "neutral"


class _LRU:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.items: OrderedDict[tuple[object, ...], pygame.Surface] = OrderedDict()

    def get(self, key: tuple[object, ...]) -> pygame.Surface | None:
        surf = self.items.get(key)
        if surf is not None:
            self.items.move_to_end(key)
        return surf

    def put(self, key: tuple[object, ...], surf: pygame.Surface) -> pygame.Surface:
        self.items[key] = surf
        self.items.move_to_end(key)
        while len(self.items) > self.limit:
            self.items.popitem(last=False)
        return surf


class ArtLibrary:
    """Finds, draws, scales and caches every picture the scenes show."""

    def __init__(self, limit: int = 48) -> None:
        self._cache = _LRU(limit)
        self._files: dict[Path, pygame.Surface | None] = {}
        self.draw_count = 0  # how many pictures were actually painted (tests watch this)

    def _load(self, path: Path) -> pygame.Surface | None:
        if path not in self._files:
            try:
                img = pygame.image.load(str(path))
                self._files[path] = img.convert_alpha() if pygame.display.get_surface() else img
            except (pygame.error, OSError) as exc:  # a bad PNG must not end a workshop
                log.warning("could not load %s (%s); drawing the built-in art instead", path, exc)
                self._files[path] = None
        return self._files[path]

    def _pack_file(self, pack: AssetSource | None, kind: str, names: list[str]) -> Path | None:
        if pack is None:
            return None
        for name in names:
            path = pack.asset_path(kind, name)
            if path is not None:
                return path
        return None

    def portrait(self, character_id: str, key: str | None, mood: Mood, height: int,
                 pack: AssetSource | None = None) -> pygame.Surface:
        """The portrait of a character: `KEY_MOOD.png` or `KEY.png` in the pack, else drawn."""
        height = max(8, int(height))
        names = [f"{key}_{mood}", key] if key else []
        path = self._pack_file(pack, "portraits", names)
        ck = ("portrait", str(path) if path else key or character_id, mood, height)
        hit = self._cache.get(ck)
        if hit is not None:
            return hit
        img = self._load(path) if path else None
        self.draw_count += 1
        if img is not None:
            w = max(1, round(img.get_width() * height / img.get_height()))
            return self._cache.put(ck, pygame.transform.smoothscale(img, (w, height)))
        return self._cache.put(ck, draw_avatar(self.spec(character_id, key), mood, height))

    def badge(self, character_id: str, key: str | None, mood: Mood, diameter: int,
              ring: tuple[int, int, int], pack: AssetSource | None = None) -> pygame.Surface:
        """Head and shoulders in a circle (briefing lists, history): the portrait, cropped and masked."""
        d = max(8, int(diameter))
        ck = ("badge", key or character_id, mood, d, ring, id(pack))
        hit = self._cache.get(ck)
        if hit is not None:
            return hit
        img = self.portrait(character_id, key, mood, round(d * 1.45), pack)
        out = pygame.Surface((d, d), pygame.SRCALPHA)
        pygame.draw.circle(out, ring, (d // 2, d // 2), d // 2)
        out.blit(img, ((d - img.get_width()) // 2, round(d * 0.06)))
        mask = pygame.Surface((d, d), pygame.SRCALPHA)
        pygame.draw.circle(mask, (255, 255, 255, 255), (d // 2, d // 2), d // 2)
        out.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MIN)
        return self._cache.put(ck, out)

    @staticmethod
    def spec(character_id: str, key: str | None) -> AvatarSpec:
        """A preset key (recruiter_2) seeds the look so it is the same person in every scenario."""
        spec = AvatarSpec.for_id(key or character_id)
        role = (key or "").rsplit("_", 1)[0]
        outfit = _ROLE_OUTFIT.get(role)
        if outfit is None:
            return spec
        return replace(spec, outfit=outfit)

    def background(self, setting: str | None, size: tuple[int, int],
                   pack: AssetSource | None = None) -> pygame.Surface:
        """The setting's background, covering `size` (cropped, never stretched out of shape)."""
        size = (max(1, size[0]), max(1, size[1]))
        path = self._pack_file(pack, "backgrounds", [setting] if setting else [])
        ck = ("bg", str(path) if path else setting, size)
        hit = self._cache.get(ck)
        if hit is not None:
            return hit
        img = self._load(path) if path else None
        self.draw_count += 1
        if img is None:
            return self._cache.put(ck, draw_background(setting, size))
        scale = max(size[0] / img.get_width(), size[1] / img.get_height())
        scaled = pygame.transform.smoothscale(
            img, (max(1, round(img.get_width() * scale)), max(1, round(img.get_height() * scale))))
        out = pygame.Surface(size)
        out.blit(scaled, ((size[0] - scaled.get_width()) // 2, (size[1] - scaled.get_height()) // 2))
        return self._cache.put(ck, out)
